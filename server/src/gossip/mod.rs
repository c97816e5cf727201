//! Gossip membership: the LAN pool every agent joins and the WAN pool of
//! servers, run by the `serf` crate (SWIM with Lifeguard suspicion, user
//! events, an AES-GCM keyring and Vivaldi coordinates).
//!
//! [`Gossip`] owns both pools and the tasks that drain their events: member
//! changes bump [`Gossip::members_changed`] (what server discovery and, later,
//! the catalog reconciliation watch), user events land in the
//! [`events::EventLog`]. Timing is Consul's (`DefaultLANConfig` /
//! `DefaultWANConfig`, tunable with `gossip_lan` / `gossip_wan`), set field
//! by field because the crate's `lan()` preset swaps probe interval and
//! timeout (../shared/research/crates.md §8.3).

pub mod events;
pub mod join;
pub mod keyring;
pub mod merge;
pub mod tags;
pub mod timing;

use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

use serf::{
    MemberlistOptions, Options,
    event::{Event, EventProducer, EventSubscriber, MemberEventType},
    types::{MaybeResolvedAddress, MemberStatus, SmolStr},
};
use tokio::sync::watch;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use self::{events::EventLog, keyring::Keyring};

/// The transport: UDP for probes and gossip, TCP for push/pull and joins.
pub type Transport = serf::tokio::TokioNetTransport<
    SmolStr,
    serf::tokio::TokioSocketAddrResolver,
    serf::tokio::TokioTcp,
>;
/// A serf instance over [`Transport`].
pub type Serf = serf::Serf<Transport, merge::PoolDelegate>;
/// A member as serf reports it.
pub type SerfMember = serf::types::Member<SmolStr, SocketAddr>;
type Subscriber = EventSubscriber<Transport, merge::PoolDelegate>;

/// Largest name + payload serf carries in one user event (Consul's limit,
/// not configurable there either).
pub const MAX_USER_EVENT_SIZE: usize = 512;

/// How long a failed member's name stays bound to its old address: an agent
/// restarted under the same name on a new address takes the entry over as
/// soon as the old one is failed (memberlist refuses the new address while
/// the old entry is alive, and zero would mean "never"). Consul waits 30 s;
/// a failed entry is by then unreachable, so Roster does not.
pub const DEAD_NODE_RECLAIM_TIME: Duration = Duration::from_millis(1);

/// memberlist's "gossip to the dead" window, set so long that dead members
/// are never trimmed from its node list. memberlist-core 0.8.5 corrupts its
/// name → index map when it trims them (`reset_nodes`: `move_dead_nodes`
/// swaps entries without updating `node_map`, and the shuffle that follows
/// repairs every slot but index 0), after which suspect/dead/alive messages
/// index the wrong member or past the end (a panic in the gossip task: seen
/// in our tests). Never trimming keeps the map right; the cost is that dead
/// members stay gossip targets, so heavy churn slowly dilutes the fanout
/// until the agent restarts. The fix upstream is to rebuild `node_map` after
/// the trim and shuffle in `reset_nodes`.
pub const GOSSIP_TO_THE_DEAD_TIME: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Which pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolKind {
    /// Every agent of the datacenter.
    Lan,
    /// The servers of every datacenter.
    Wan,
}

impl PoolKind {
    /// `"lan"` or `"wan"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PoolKind::Lan => "lan",
            PoolKind::Wan => "wan",
        }
    }
}

/// Gossip failures, with the text users see.
#[derive(Debug, thiserror::Error)]
pub enum GossipError {
    /// The request is malformed (bad address, key, event...).
    #[error("{0}")]
    Invalid(String),
    /// The operation needs something this agent does not have.
    #[error("{0}")]
    Unavailable(String),
    /// The gossip layer failed.
    #[error("{0}")]
    Serf(String),
}

/// Everything needed to start one pool.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// LAN or WAN.
    pub kind: PoolKind,
    /// Member name: the node name (WAN: `<node>.<dc>`).
    pub name: String,
    /// Address the UDP and TCP listeners bind.
    pub bind: SocketAddr,
    /// Address other members reach this one at.
    pub advertise: SocketAddr,
    /// Member tags.
    pub tags: Vec<(String, String)>,
    /// Encryption keys, if gossip is encrypted.
    pub keyring: Option<Keyring>,
    /// Where installed keys are persisted (`<data_dir>/serf/local.keyring`).
    pub keyring_file: Option<PathBuf>,
    /// Refuse unencrypted incoming gossip (with a keyring).
    pub verify_incoming: bool,
    /// Encrypt outgoing gossip (with a keyring).
    pub verify_outgoing: bool,
    /// How long a failed member is kept (and retried) before it is reaped.
    pub reconnect_timeout: Duration,
    /// Probe and gossip timing.
    pub timing: timing::GossipTiming,
    /// Where the pool records members and clocks (`<data_dir>/serf/
    /// local.snapshot`), so that a restarted agent rejoins the members it
    /// knew without `-join`, as Consul's does.
    pub snapshot_path: Option<PathBuf>,
    /// Whether a restart after a graceful leave rejoins the members in the
    /// snapshot (`rejoin_after_leave`).
    pub rejoin_after_leave: bool,
}

/// Floor of the LAN pool's stream timeout (see [`memberlist_options`]).
const MIN_LAN_STREAM_TIMEOUT: Duration = Duration::from_millis(500);

fn memberlist_options(config: &PoolConfig) -> MemberlistOptions {
    // Every field set explicitly: the crate's `lan()` preset swaps probe
    // interval and timeout (crates.md §8.3).
    let t = &config.timing;
    let (preset, stream_timeout) = match config.kind {
        // What is left of the probe after the direct ping's timeout: the
        // TCP fallback ping then ends by the probe's deadline, as Go's does.
        PoolKind::Lan => (
            MemberlistOptions::lan(),
            (t.probe_interval.saturating_sub(t.probe_timeout)).max(MIN_LAN_STREAM_TIMEOUT),
        ),
        PoolKind::Wan => (MemberlistOptions::wan(), Duration::from_secs(5)),
    };
    let base = preset
        .with_probe_interval(t.probe_interval)
        .with_probe_timeout(t.probe_timeout)
        .with_suspicion_mult(t.suspicion_mult)
        .with_suspicion_max_timeout_mult(6)
        .with_gossip_interval(t.gossip_interval)
        .with_gossip_nodes(t.gossip_nodes)
        .with_retransmit_mult(t.retransmit_mult)
        .with_gossip_to_the_dead_time(GOSSIP_TO_THE_DEAD_TIME)
        // The TCP fallback ping of a probe waits for this stream timeout
        // (memberlist-core 0.8.5 does not bound it by the probe deadline as
        // Go does): a hung member, whose kernel still accepts connections,
        // is suspected that much later than a killed one, whose port
        // refuses them. On the LAN it is what remains of the probe (500 ms
        // with Consul's timing). It also bounds push/pull, join and
        // reliable-message streams: a LAN pool's state is a few hundred
        // bytes per member, and a push/pull that times out is retried at
        // the next round.
        .with_timeout(stream_timeout);
    let base = base.with_dead_node_reclaim_time(DEAD_NODE_RECLAIM_TIME);
    match &config.keyring {
        Some(ring) => base
            .with_encryption_algo(serf::types::EncryptionAlgorithm::NoPadding)
            .with_primary_key(ring.primary())
            .with_secret_keys(ring.secondary().into_iter().collect())
            .with_gossip_verify_incoming(config.verify_incoming)
            .with_gossip_verify_outgoing(config.verify_outgoing),
        None => base,
    }
}

/// serf-core 0.5.2 starts memberlist's listeners before the serf instance
/// is attached to its delegate, and drops the join notifications that come
/// in meanwhile: a member that joins us in the first milliseconds (another
/// agent's `-retry-join` landing as we come up) is then alive in memberlist
/// but missing from serf until its state changes — for good, in practice
/// (seen: a server never saw a third server, and the Raft cluster never
/// agreed on its peers). Once serf is attached, hand every alive member it
/// does not know to its delegate again; a duplicate notification is
/// harmless (serf treats it as a rejoin of a known member).
async fn adopt_missed_members(serf: &Serf) {
    use memberlist_core::delegate::EventDelegate as _;
    let Some(delegate) = serf.memberlist().delegate() else {
        return;
    };
    let known: std::collections::HashSet<SmolStr> = serf
        .members()
        .await
        .iter()
        .map(|m| m.node().id().clone())
        .collect();
    for node in serf.memberlist().members().await {
        if node.state() == memberlist_core::proto::State::Alive && !known.contains(node.id()) {
            tracing::info!(member = %node.id(), "adopting a member serf missed at start");
            delegate.notify_join(node).await;
        }
    }
}

/// One running pool.
pub struct Pool {
    kind: PoolKind,
    serf: Serf,
    default_port: u16,
}

impl Pool {
    async fn start(config: &PoolConfig) -> Result<(Pool, Subscriber), GossipError> {
        let mut transport = serf::net::NetTransportOptions::new(SmolStr::new(&config.name));
        transport.add_bind_address(config.bind);
        let transport = transport.with_advertise_address(config.advertise);
        let mut options = Options::new()
            .with_memberlist_options(memberlist_options(config))
            .with_tags(config.tags.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .with_reconnect_timeout(config.reconnect_timeout)
            .with_max_user_event_size(MAX_USER_EVENT_SIZE)
            // A restarted agent must never shut itself down because others
            // still remember its old address: the entry is reclaimed once
            // the old one is failed (DEAD_NODE_RECLAIM_TIME).
            .with_enable_id_conflict_resolution(false)
            .with_rejoin_after_leave(config.rejoin_after_leave);
        if config.keyring.is_some() {
            options = options.with_keyring_file(config.keyring_file.clone());
        }
        if let Some(path) = &config.snapshot_path {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    GossipError::Serf(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            options = options.with_snapshot_path(Some(path.clone()));
        }
        let (producer, subscriber) = EventProducer::unbounded();
        let tag = |key: &str| {
            config
                .tags
                .iter()
                .find(|(k, _)| k == key)
                .map_or("", |(_, v)| v.as_str())
        };
        let check = merge::MergeCheck::new(config.kind, tag("dc"), &config.name, tag("id"));
        let serf = Serf::with_event_producer_and_delegate(
            transport,
            options,
            producer,
            check.into_delegate(),
        )
        .await
        .map_err(|e| {
            GossipError::Serf(format!(
                "cannot start the {} gossip pool on {}: {e}",
                config.kind.as_str(),
                config.bind
            ))
        })?;
        adopt_missed_members(&serf).await;
        Ok((
            Pool {
                kind: config.kind,
                serf,
                default_port: config.bind.port(),
            },
            subscriber,
        ))
    }

    /// LAN or WAN.
    pub fn kind(&self) -> PoolKind {
        self.kind
    }

    /// The serf instance (keyring, stats).
    pub fn serf(&self) -> &Serf {
        &self.serf
    }

    /// The members as this agent sees them, ordered by name.
    pub async fn members(&self) -> Vec<SerfMember> {
        let mut members: Vec<SerfMember> = self.serf.members().await.into_iter().collect();
        members.sort_by(|a, b| a.node().id().cmp(b.node().id()));
        members
    }

    /// This agent's own entry.
    pub async fn local_member(&self) -> SerfMember {
        self.serf.local_member().await
    }

    /// Joins through the given addresses (see [`join::resolve_all`]); the number
    /// contacted, or an error if none answered.
    pub async fn join(&self, addresses: &[String]) -> Result<usize, GossipError> {
        let resolved = join::resolve_all(addresses, self.default_port).await?;
        let own = self.serf.advertise_node().address().to_owned();
        let targets = resolved
            .into_iter()
            .filter(|a| *a != own)
            .map(MaybeResolvedAddress::Resolved)
            .collect::<Vec<_>>();

        if targets.is_empty() {
            // Joining only ourselves is a no-op that succeeds, as in Consul.
            return Ok(1);
        }
        // One address at a time: the crate's `join_many` future is not
        // `Send` (it holds a RefCell across an await), and joins are rare.
        let mut joined = 0;
        let mut last_error = None;
        for target in targets {
            match self.serf.join(target, true).await {
                Ok(_) => joined += 1,
                Err(e) => last_error = Some(e.to_string()),
            }
        }
        match (joined, last_error) {
            (0, Some(e)) => Err(GossipError::Serf(explain_join_error(&e))),
            (n, _) => Ok(n),
        }
    }

    /// Leaves gracefully: the others see `left`, not `failed`.
    pub async fn leave(&self) -> Result<(), GossipError> {
        self.serf
            .leave()
            .await
            .map_err(|e| GossipError::Serf(format!("leave failed: {e}")))
    }

    /// Stops gossiping (after [`Pool::leave`], or the others will detect a
    /// failure).
    pub async fn shutdown(&self) {
        if let Err(error) = self.serf.shutdown().await {
            tracing::warn!(pool = self.kind.as_str(), %error, "gossip shutdown failed");
        }
    }

    /// Moves a failed member to `left`; with `prune`, forgets it at once.
    pub async fn force_leave(&self, node: &str, prune: bool) -> Result<(), GossipError> {
        let known = self
            .serf
            .members()
            .await
            .iter()
            .any(|m| m.node().id().as_str() == node);
        if !known {
            return Err(GossipError::Invalid(format!(
                "agent: No node found with name '{node}'"
            )));
        }
        let id = SmolStr::new(node);
        let result = if prune {
            self.serf.remove_failed_node_prune(id).await
        } else {
            self.serf.remove_failed_node(id).await
        };
        result.map_err(|e| GossipError::Serf(format!("force-leave of {node} failed: {e}")))
    }

    /// This agent's network coordinate in this pool.
    pub fn coordinate(&self) -> Option<serf::coordinate::Coordinate> {
        self.serf.cooridate().ok()
    }

    /// The coordinate this agent has cached for another member.
    pub fn cached_coordinate(&self, node: &str) -> Option<serf::coordinate::Coordinate> {
        self.serf
            .cached_coordinate(&SmolStr::new(node))
            .ok()
            .flatten()
    }

    /// Whether gossip is encrypted.
    pub fn encrypted(&self) -> bool {
        self.serf.encryption_enabled()
    }
}

/// memberlist's errors for a refused join are terse; say what they mean.
fn explain_join_error(detail: &str) -> String {
    let lower = detail.to_lowercase();
    if lower.contains("decrypt") || lower.contains("key not found") || lower.contains("encrypt") {
        format!(
            "join refused: the gossip encryption keys do not match ({detail}); every agent \
             needs a key of the pool's keyring (-encrypt)"
        )
    } else {
        format!("failed to join: {detail}")
    }
}

/// What [`Gossip::start`] needs besides the pools.
pub struct GossipConfig {
    /// The LAN pool.
    pub lan: PoolConfig,
    /// The WAN pool (servers only).
    pub wan: Option<PoolConfig>,
    /// This node's name (for event filters).
    pub node_name: String,
    /// Datacenter.
    pub datacenter: String,
}

/// Both pools of an agent and the tasks draining their events.
pub struct Gossip {
    lan: Pool,
    wan: Option<Pool>,
    datacenter: String,
    events: Arc<EventLog>,
    members_changed: watch::Sender<u64>,
    tasks: TaskTracker,
    stop: CancellationToken,
}

impl Gossip {
    /// Starts the pools (binding their ports) and the event tasks.
    pub async fn start(config: GossipConfig) -> Result<Arc<Gossip>, GossipError> {
        let (lan, lan_events) = Pool::start(&config.lan).await?;
        let (wan, wan_events) = match &config.wan {
            Some(c) => {
                let (pool, events) = Pool::start(c).await?;
                (Some(pool), Some(events))
            }
            None => (None, None),
        };
        let (members_changed, _) = watch::channel(0);
        let gossip = Arc::new(Gossip {
            lan,
            wan,
            datacenter: config.datacenter,
            events: Arc::new(EventLog::new(config.node_name)),
            members_changed,
            tasks: TaskTracker::new(),
            stop: CancellationToken::new(),
        });
        gossip
            .tasks
            .spawn(drain_events(Arc::clone(&gossip), PoolKind::Lan, lan_events));
        if let Some(events) = wan_events {
            gossip
                .tasks
                .spawn(drain_events(Arc::clone(&gossip), PoolKind::Wan, events));
        }
        Ok(gossip)
    }

    /// The LAN pool.
    pub fn lan(&self) -> &Pool {
        &self.lan
    }

    /// The WAN pool, on servers.
    pub fn wan(&self) -> Option<&Pool> {
        self.wan.as_ref()
    }

    /// The pool of the given kind, or why there is none.
    pub fn pool(&self, wan: bool) -> Result<&Pool, GossipError> {
        if !wan {
            return Ok(&self.lan);
        }
        self.wan.as_ref().ok_or_else(|| {
            GossipError::Unavailable("this agent is not a server: it has no WAN pool".into())
        })
    }

    /// This agent's datacenter.
    pub fn datacenter(&self) -> &str {
        &self.datacenter
    }

    /// Received user events.
    pub fn events(&self) -> &Arc<EventLog> {
        &self.events
    }

    /// A counter bumped on every membership change.
    pub fn members_changed(&self) -> watch::Receiver<u64> {
        self.members_changed.subscribe()
    }

    /// Broadcasts a user event to the LAN pool.
    pub async fn fire_event(
        &self,
        event: roster_proto::event::v1::UserEvent,
    ) -> Result<(), GossipError> {
        let (name, payload) = events::encode(&event)?;
        self.lan
            .serf
            .user_event(name, payload, false)
            .await
            .map_err(|e| GossipError::Invalid(format!("cannot fire the event: {e}")))
    }

    /// Leaves both pools gracefully.
    pub async fn leave(&self) {
        if let Some(wan) = &self.wan
            && let Err(error) = wan.leave().await
        {
            tracing::warn!(%error, "leaving the WAN pool");
        }
        if let Err(error) = self.lan.leave().await {
            tracing::warn!(%error, "leaving the LAN pool");
        }
    }

    /// Stops both pools and the event tasks.
    pub async fn shutdown(&self) {
        if let Some(wan) = &self.wan {
            wan.shutdown().await;
        }
        self.lan.shutdown().await;
        self.stop.cancel();
        self.tasks.close();
        let _ = tokio::time::timeout(Duration::from_secs(2), self.tasks.wait()).await;
    }
}

async fn drain_events(gossip: Arc<Gossip>, kind: PoolKind, events: Subscriber) {
    loop {
        let event = tokio::select! {
            _ = gossip.stop.cancelled() => return,
            event = events.recv() => match event {
                Ok(e) => e,
                Err(_) => return,
            },
        };
        match event {
            Event::Member(e) => {
                for m in e.members() {
                    let level_warn = matches!(e.ty(), MemberEventType::Failed);
                    let (name, addr) = (m.node().id(), m.node().address());
                    if level_warn {
                        tracing::warn!(pool = kind.as_str(), member = %name, %addr, "member failed");
                    } else {
                        tracing::info!(pool = kind.as_str(), member = %name, %addr, event = e.ty().as_str(), "membership change");
                    }
                }
                gossip.members_changed.send_modify(|n| *n += 1);
            }
            Event::User(message) if kind == PoolKind::Lan => {
                gossip.events.ingest(
                    message.name(),
                    message.payload(),
                    u64::from(message.ltime()),
                );
            }
            Event::User(_) | Event::Query(_) => {}
        }
    }
}

/// Consul's numeric member status.
pub fn status_code(status: MemberStatus) -> i32 {
    match status {
        MemberStatus::None => 0,
        MemberStatus::Alive => 1,
        MemberStatus::Leaving => 2,
        MemberStatus::Left => 3,
        MemberStatus::Failed => 4,
        _ => 0,
    }
}

/// A member as the agent API reports it.
pub fn member_to_proto(m: &SerfMember) -> roster_proto::agent::v1::Member {
    let addr = m.node().address();
    roster_proto::agent::v1::Member {
        name: m.node().id().to_string(),
        address: addr.ip().to_string(),
        port: u32::from(addr.port()),
        tags: m
            .tags()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        status: status_code(*m.status()),
        protocol_min: 1,
        protocol_max: 1,
        protocol_cur: u32::from(u8::from(*m.memberlist_protocol_version())),
        delegate_min: 1,
        delegate_max: 1,
        delegate_cur: u32::from(u8::from(*m.memberlist_delegate_version())),
    }
}

/// A serf coordinate in the API's shape.
pub fn coordinate_to_proto(
    c: &serf::coordinate::Coordinate,
) -> roster_proto::coordinate::v1::Coordinate {
    roster_proto::coordinate::v1::Coordinate {
        vec: c.portion().to_vec(),
        error: c.error(),
        adjustment: c.adjustment(),
        height: c.height(),
    }
}

impl roster_proto::status::HasErrorKind for GossipError {
    fn kind(&self) -> roster_proto::status::ErrorKind {
        use roster_proto::status::ErrorKind;
        match self {
            GossipError::Invalid(_) => ErrorKind::InvalidArgument,
            GossipError::Unavailable(_) => ErrorKind::Unavailable,
            GossipError::Serf(_) => ErrorKind::Internal,
        }
    }
}

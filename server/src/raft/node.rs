//! The Raft driver: a dedicated thread that owns the raft-rs `RawNode`.
//!
//! Everything reaches the node through one bounded channel of [`RaftMsg`]
//! (proposals, read-index requests, inbound messages, ticks). The thread
//! takes one message, drains whatever else is queued, and then handles one
//! `Ready`, so concurrent proposals share one fsync (group commit).
//!
//! Ready contract (raft-rs `src/lib.rs`), in this order:
//! 1. send `messages` (a leader's appends may leave before its own fsync);
//! 2. apply `committed_entries` (already durable);
//! 3. append `entries` and the hard state in one RocksDB write, synced when
//!    Raft says it must be (new entries, term, vote or snapshot; a change of
//!    the commit index alone is not worth an fsync);
//! 4. send `persisted_messages` (votes, append acks) only now;
//! 5. record read states; `advance`; persist the new commit index, send and
//!    apply what the `LightReady` carries; `advance_apply`.
//!
//! Replies to proposals resolve when their log index applies: with the
//! outcome if the entry there is the proposal's (same term), with `Dropped`
//! if a new leader replaced it (it never applied). A proposal orphaned by a
//! lost leadership that is neither applied nor replaced within two election
//! timeouts gets "outcome unknown"; so do proposals pending at shutdown.

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    sync::{Arc, RwLock},
    thread,
    time::{Duration, Instant},
};

use protobuf::Message as _;
use raft::{
    RawNode, ReadOnlyOption, StateRole,
    eraftpb::{ConfChange, ConfChangeV2, Entry, EntryType, Message},
};
use roster_proto::status::{ErrorKind, HasErrorKind, NO_LEADER_MESSAGE};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use super::{
    clock::Clock,
    lease::{LeaderLease, lease_duration},
    transport::{PeerAddresses, Transport},
};
use crate::{
    state::{ApplyOutcome, StateError, StateMachine},
    storage::{RaftLogStore, StorageError},
};

/// Capacity of the channel into the driver thread.
const INBOX: usize = 16 * 1024;
/// Messages handled before the driver processes a `Ready`.
const MAX_BATCH: usize = 1024;

/// Raft settings.
#[derive(Debug, Clone)]
pub struct RaftConfig {
    /// This server's Raft id (non-zero).
    pub id: u64,
    /// Length of one tick.
    pub tick: Duration,
    /// Ticks without a leader before a follower campaigns (randomised up to
    /// `max_election_tick`).
    pub election_tick: usize,
    /// Upper bound of the randomised election timeout, in ticks.
    pub max_election_tick: usize,
    /// Ticks between leader heartbeats.
    pub heartbeat_tick: usize,
    /// Compact the log once it holds more entries than this.
    pub snapshot_threshold: u64,
    /// Entries kept behind the applied index when compacting.
    pub trailing_logs: u64,
}

/// The smallest election timeout of any server, in ticks of
/// [`RaftConfig::with_multiplier`] (100 ms): `raft_multiplier` is at least 1.
/// The leader lease is measured against it, since each follower refuses
/// votes for its own election timeout, whatever the leader's.
pub const MIN_ELECTION_TICK: usize = 10;

impl RaftConfig {
    /// Consul's timing scaled by `raft_multiplier` (1 = 1 s election timeout).
    pub fn with_multiplier(id: u64, multiplier: u32) -> RaftConfig {
        let multiplier = multiplier.clamp(1, 10) as usize;
        RaftConfig {
            id,
            tick: Duration::from_millis(100),
            election_tick: MIN_ELECTION_TICK * multiplier,
            max_election_tick: 15 * multiplier,
            heartbeat_tick: multiplier,
            snapshot_threshold: 16384,
            trailing_logs: 10240,
        }
    }
}

/// Errors a caller of the Raft node can see.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RaftError {
    /// This server is not the leader (or no leader is known).
    #[error("No cluster leader")]
    NoLeader,
    /// The proposal was accepted but leadership changed before it applied;
    /// it may or may not take effect.
    #[error("outcome unknown: leadership changed before the write applied")]
    OutcomeUnknown,
    /// The proposal's entry was replaced by a new leader's: it certainly
    /// did not apply and may be retried.
    #[error("proposal dropped by a leadership change")]
    Dropped,
    /// The node is shutting down or has stopped.
    #[error("raft node stopped")]
    Stopped,
    /// Applying failed; the node stopped.
    #[error("raft node failed: {0}")]
    Failed(String),
    /// Leadership could not be handed over.
    #[error("leadership transfer failed: {0}")]
    Transfer(String),
}

impl HasErrorKind for RaftError {
    fn kind(&self) -> ErrorKind {
        match self {
            RaftError::NoLeader => ErrorKind::NoLeader,
            RaftError::OutcomeUnknown => ErrorKind::OutcomeUnknown,
            RaftError::Dropped | RaftError::Stopped | RaftError::Transfer(_) => {
                ErrorKind::Unavailable
            }
            RaftError::Failed(_) => ErrorKind::Internal,
        }
    }
}

impl From<RaftError> for tonic::Status {
    fn from(e: RaftError) -> tonic::Status {
        e.to_status()
    }
}

/// A message for the driver thread.
pub enum RaftMsg {
    /// Propose a command (encoded `roster.raft.v1.Command`).
    Propose {
        /// Entry data.
        data: Vec<u8>,
        /// Resolved when the entry applies (or the outcome becomes unknown).
        reply: oneshot::Sender<Result<ApplyOutcome, RaftError>>,
    },
    /// Ask for a read index: resolved once it is applied locally.
    ReadIndex {
        /// Resolved with the read index.
        reply: oneshot::Sender<Result<u64, RaftError>>,
    },
    /// Propose a configuration change (leader only).
    ChangeConf {
        /// The change.
        change: ConfChangeV2,
        /// Resolved when the change applies: `success` false if Raft refused
        /// it as invalid.
        reply: oneshot::Sender<Result<ApplyOutcome, RaftError>>,
    },
    /// The transport finished (or failed) sending a snapshot to a peer.
    ReportSnapshot {
        /// The peer.
        to: u64,
        /// Whether it was delivered and installed.
        delivered: bool,
    },
    /// Report replication progress (leader: every peer's).
    Progress {
        /// Resolved at once.
        reply: oneshot::Sender<Progress>,
    },
    /// Hand leadership to `target`, or to the most up-to-date other voter
    /// (leader only).
    TransferLeader {
        /// The voter to hand over to; `None` lets the leader choose.
        target: Option<u64>,
        /// The chosen voter, or why there is none.
        reply: oneshot::Sender<Result<u64, RaftError>>,
    },
    /// Write the first configuration of a new cluster (bootstrap-expect),
    /// unless this server already has a configuration or a log.
    Bootstrap {
        /// The voters.
        voters: Vec<u64>,
        /// The new cluster's identity, written with the configuration.
        cluster_id: String,
        /// `Ok(true)` if bootstrapped, `Ok(false)` if already initialized.
        reply: oneshot::Sender<Result<bool, RaftError>>,
    },
    /// A message from another server.
    Step(Box<Message>),
    /// Advance the logical clock.
    Tick,
}

/// A point-in-time view of the node, readable without the driver thread.
#[derive(Debug, Clone, Default)]
pub struct NodeStatus {
    /// This server's id.
    pub id: u64,
    /// Current term.
    pub term: u64,
    /// Current leader's id (0 if none).
    pub leader_id: u64,
    /// Whether this node is the leader.
    pub is_leader: bool,
    /// Leader that has applied an entry of its own term, so its state is
    /// current (Consul's default-consistency reads need this).
    pub leader_ready: bool,
    /// A leader handing over leadership: it takes no proposals until the
    /// transfer completes or is abandoned (after an election timeout).
    pub transferring: bool,
    /// Last time a message from the leader arrived (followers).
    pub last_leader_contact: Option<Instant>,
    /// Highest applied index.
    pub applied_index: u64,
    /// The commit index as of the last `Ready`, published before any message
    /// of that `Ready` could tell another server of it.
    pub commit_index: u64,
    /// On a leader: until when its lease lets it answer default-mode reads
    /// from its own state (see `lease.rs`).
    pub lease_until: Option<Instant>,
    /// Voters in the current configuration (shared: every read takes a
    /// status, and a clone must not allocate).
    pub voters: Arc<[u64]>,
    /// Learners (non-voters) in the current configuration.
    pub learners: Arc<[u64]>,
    /// Raft index of the latest configuration change applied (at start: the
    /// applied index, an upper bound).
    pub conf_index: u64,
}

impl NodeStatus {
    /// Whether a leader is known.
    pub fn known_leader(&self) -> bool {
        self.leader_id != 0
    }

    /// Whether the configuration has a voter other than this server (one
    /// that could take leadership over).
    pub fn has_other_voter(&self) -> bool {
        self.voters.iter().any(|v| *v != self.id)
    }

    /// Whether this server holds a lease covering `now` as a leader with
    /// current state that hands nothing over: then it may answer a
    /// default-mode read from its own state once it has applied
    /// `commit_index` (everything it knew committed).
    pub fn holds_lease(&self, now: Instant) -> bool {
        self.is_leader
            && self.leader_ready
            && !self.transferring
            && self.voters.contains(&self.id)
            && self.lease_until.is_some_and(|until| now < until)
    }

    /// Time since the leader was last heard from; zero on the leader.
    pub fn last_contact(&self) -> Duration {
        if self.is_leader {
            return Duration::ZERO;
        }
        self.last_leader_contact
            .map(|t| t.elapsed())
            .unwrap_or_default()
    }
}

/// Replication progress as the driver sees it.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Last log index.
    pub last_index: u64,
    /// Commit index.
    pub commit_index: u64,
    /// Applied index.
    pub applied_index: u64,
    /// Current term.
    pub term: u64,
    /// On a leader: every member's progress (itself included).
    pub peers: Vec<PeerProgress>,
}

/// One member's replication progress, as its leader tracks it.
#[derive(Debug, Clone)]
pub struct PeerProgress {
    /// Raft id.
    pub id: u64,
    /// Highest log index known to be replicated to it.
    pub matched: u64,
    /// Whether it answered within the last election timeout.
    pub recent_active: bool,
    /// Time since a message from it last arrived (zero for the leader
    /// itself; `None` if none arrived while this server leads).
    pub last_contact: Option<Duration>,
}

/// A cloneable handle to the driver thread.
#[derive(Clone)]
pub struct RaftHandle {
    tx: mpsc::Sender<RaftMsg>,
    status: Arc<RwLock<NodeStatus>>,
    changes: watch::Receiver<u64>,
    /// The applied index, as soon as it moves.
    applied: watch::Receiver<u64>,
    addresses: PeerAddresses,
}

impl RaftHandle {
    /// The current status.
    pub fn status(&self) -> NodeStatus {
        self.status
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Server addresses by Raft id.
    pub fn addresses(&self) -> HashMap<u64, String> {
        self.addresses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Proposes `data` and waits until it applies.
    pub async fn propose(&self, data: Vec<u8>) -> Result<ApplyOutcome, RaftError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(RaftMsg::Propose { data, reply })
            .await
            .map_err(|_| RaftError::Stopped)?;
        // A dropped reply means the driver stopped with the proposal in hand.
        rx.await.map_err(|_| RaftError::OutcomeUnknown)?
    }

    /// Obtains a linearizable read index (ReadIndex with a quorum round trip)
    /// and waits until it is applied locally.
    pub async fn read_index(&self) -> Result<u64, RaftError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(RaftMsg::ReadIndex { reply })
            .await
            .map_err(|_| RaftError::Stopped)?;
        rx.await.map_err(|_| RaftError::NoLeader)?
    }

    /// Delivers a message from another server.
    pub async fn step(&self, message: Message) -> Result<(), RaftError> {
        self.tx
            .send(RaftMsg::Step(Box::new(message)))
            .await
            .map_err(|_| RaftError::Stopped)
    }

    /// Proposes a configuration change on this (leader) node and waits for
    /// it to apply.
    pub async fn change_conf(&self, change: ConfChangeV2) -> Result<ApplyOutcome, RaftError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(RaftMsg::ChangeConf { change, reply })
            .await
            .map_err(|_| RaftError::Stopped)?;
        rx.await.map_err(|_| RaftError::OutcomeUnknown)?
    }

    /// Replication progress (every member's on a leader).
    pub async fn progress(&self) -> Result<Progress, RaftError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(RaftMsg::Progress { reply })
            .await
            .map_err(|_| RaftError::Stopped)?;
        rx.await.map_err(|_| RaftError::Stopped)
    }

    /// Tells Raft how sending a snapshot to `to` ended.
    pub async fn report_snapshot(&self, to: u64, delivered: bool) {
        let _ = self
            .tx
            .send(RaftMsg::ReportSnapshot { to, delivered })
            .await;
    }

    /// Bumped whenever the published status changes.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.clone()
    }

    /// Waits until the applied index reaches `index`, or until `timeout`.
    /// Returns whether it did.
    pub async fn wait_applied(&self, index: u64, timeout: Duration) -> bool {
        let mut applied = self.applied.clone();
        tokio::time::timeout(timeout, applied.wait_for(|a| *a >= index))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// Bootstraps a new cluster of `voters` unless this server already has a
    /// configuration or a log; `Ok(true)` if it did.
    pub async fn bootstrap(&self, voters: Vec<u64>, cluster_id: String) -> Result<bool, RaftError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(RaftMsg::Bootstrap {
                voters,
                cluster_id,
                reply,
            })
            .await
            .map_err(|_| RaftError::Stopped)?;
        rx.await.map_err(|_| RaftError::Stopped)?
    }

    /// Waits until this node is a leader whose state is current, or until
    /// `timeout`. Returns whether it is.
    pub async fn wait_for_leadership(&self, timeout: Duration) -> bool {
        let mut changes = self.changes.clone();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let s = self.status();
            if s.is_leader && s.leader_ready {
                return true;
            }
            tokio::select! {
                r = changes.changed() => if r.is_err() { return false },
                _ = tokio::time::sleep_until(deadline) => return false,
            }
        }
    }

    /// Hands leadership to `target` (or, with `None`, the most up-to-date
    /// other voter) and waits (up to `timeout`) until another server leads.
    /// Returns the new leader's id. Proposals made meanwhile wait for the
    /// new leader (see `NodeStatus::transferring`).
    pub async fn transfer_leadership(
        &self,
        target: Option<u64>,
        timeout: Duration,
    ) -> Result<u64, RaftError> {
        let mut changes = self.changes.clone();
        let deadline = tokio::time::Instant::now() + timeout;
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(RaftMsg::TransferLeader { target, reply })
            .await
            .map_err(|_| RaftError::Stopped)?;
        let target = rx.await.map_err(|_| RaftError::Stopped)??;
        loop {
            let s = self.status();
            if s.known_leader() && !s.is_leader {
                return Ok(s.leader_id);
            }
            if s.is_leader && !s.transferring {
                // Raft abandons a transfer that took an election timeout.
                return Err(RaftError::Transfer(format!(
                    "server {target} did not take over within an election timeout"
                )));
            }
            tokio::select! {
                r = changes.changed() => if r.is_err() { return Err(RaftError::Stopped) },
                _ = tokio::time::sleep_until(deadline) => {
                    return Err(RaftError::Transfer(format!(
                        "server {target} did not take over within {timeout:?}"
                    )));
                }
            }
        }
    }

    /// Waits until some leader is known, or until `timeout`.
    pub async fn wait_for_leader(&self, timeout: Duration) -> bool {
        let mut changes = self.changes.clone();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if self.status().known_leader() {
                return true;
            }
            tokio::select! {
                r = changes.changed() => if r.is_err() { return false },
                _ = tokio::time::sleep_until(deadline) => return false,
            }
        }
    }
}

/// Starts the driver thread and its ticker. The thread stops when `shutdown`
/// is cancelled (after the inbox drains) or when applying fails; `done`
/// receives its result.
pub fn start(
    config: RaftConfig,
    store: RaftLogStore,
    state: StateMachine,
    transport: Box<dyn Transport>,
    addresses: PeerAddresses,
    shutdown: CancellationToken,
) -> Result<(RaftHandle, oneshot::Receiver<Result<(), RaftError>>), StorageError> {
    let tick = config.tick;
    let (mut driver, handle, rx) = Driver::new(
        config,
        store,
        state,
        transport,
        addresses,
        Clock::monotonic(),
    )?;
    let tx = handle.tx.clone();

    // The ticker is a task on the runtime; it ends with the shutdown token.
    let ticker_shutdown = shutdown.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(tick);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker_shutdown.cancelled() => {
                    // Wake the driver so that it sees the cancellation.
                    let _ = tx.send(RaftMsg::Tick).await;
                    break;
                }
                _ = interval.tick() => {
                    if tx.send(RaftMsg::Tick).await.is_err() { break }
                }
            }
        }
    });

    let (done_tx, done_rx) = oneshot::channel();
    let status = Arc::clone(&driver.status);
    let changes_tx = driver.changes.clone();
    thread::Builder::new()
        .name("raft".into())
        .spawn(move || {
            // If the driver panics, nobody may keep trusting its leadership.
            let _guard = StatusGuard {
                status,
                changes: changes_tx,
            };
            let result = driver.run(rx, shutdown);
            if let Err(e) = &result {
                tracing::error!(error = %e, "raft driver stopped");
            }
            driver.fail_all();
            // Close the storage before reporting done, so that whoever waits
            // on `done` may remove or reopen the data dir.
            drop(driver);
            let _ = done_tx.send(result);
        })
        .map_err(|e| StorageError::Corrupt {
            cf: "raft_state",
            detail: format!("cannot spawn raft thread: {e}"),
        })?;
    Ok((handle, done_rx))
}

/// A `RawNode` over `store`.
fn new_raw_node(
    raft_config: &raft::Config,
    store: RaftLogStore,
) -> Result<RawNode<RaftLogStore>, StorageError> {
    RawNode::new(raft_config, store, &super::logger::raft_logger()).map_err(|e| {
        StorageError::Corrupt {
            cf: "raft_state",
            detail: format!("cannot start raft: {e}"),
        }
    })
}

/// Closes the inbox and answers `Stopped` to every request still queued
/// (none of them was proposed).
fn refuse_queued(rx: &mut mpsc::Receiver<RaftMsg>) {
    rx.close();
    while let Ok(msg) = rx.try_recv() {
        refuse(msg);
    }
}

fn refuse(msg: RaftMsg) {
    match msg {
        RaftMsg::Propose { reply, .. } => {
            let _ = reply.send(Err(RaftError::Stopped));
        }
        RaftMsg::ReadIndex { reply } => {
            let _ = reply.send(Err(RaftError::Stopped));
        }
        RaftMsg::Bootstrap { reply, .. } => {
            let _ = reply.send(Err(RaftError::Stopped));
        }
        RaftMsg::TransferLeader { reply, .. } => {
            let _ = reply.send(Err(RaftError::Stopped));
        }
        RaftMsg::ChangeConf { reply, .. } => {
            let _ = reply.send(Err(RaftError::Stopped));
        }
        RaftMsg::Step(_)
        | RaftMsg::Tick
        | RaftMsg::Progress { .. }
        | RaftMsg::ReportSnapshot { .. } => {}
    }
}

struct StatusGuard {
    status: Arc<RwLock<NodeStatus>>,
    changes: watch::Sender<u64>,
}

impl Drop for StatusGuard {
    fn drop(&mut self) {
        let mut s = self.status.write().unwrap_or_else(|e| e.into_inner());
        s.is_leader = false;
        s.leader_ready = false;
        s.lease_until = None;
        s.leader_id = 0;
        drop(s);
        self.changes.send_modify(|v| *v += 1);
    }
}

type ProposalReply = oneshot::Sender<Result<ApplyOutcome, RaftError>>;
type ReadReply = oneshot::Sender<Result<u64, RaftError>>;

/// A read index asked of Raft: by a caller, or by the lease's renewal.
struct PendingRead {
    /// When it was asked: no heartbeat carrying it left before.
    issued: Instant,
    /// The term this server led in then, if it led.
    term: Option<u64>,
    /// The caller; `None` for a lease renewal.
    reply: Option<ReadReply>,
}

struct Driver {
    node: RawNode<RaftLogStore>,
    /// What the node was created with (a bootstrap re-creates it).
    raft_config: raft::Config,
    state: StateMachine,
    transport: Box<dyn Transport>,
    config: RaftConfig,
    status: Arc<RwLock<NodeStatus>>,
    changes: watch::Sender<u64>,
    applied: watch::Sender<u64>,
    /// Proposals by the log index they were appended at, with their term:
    /// an entry applied at that index with that term is the proposal; any
    /// other term means it was overwritten and never applied.
    proposals: BTreeMap<u64, (u64, ProposalReply)>,
    /// Random per process, so that a read context is never confused with one
    /// of another server or of an earlier run of this one.
    read_nonce: u64,
    next_read: u64,
    reads: HashMap<u64, PendingRead>,
    /// The read id of the lease renewal in flight.
    renewal: Option<u64>,
    lease: LeaderLease,
    /// Proposals of this leader's term not yet committed: (log index, when
    /// proposed). An entry's commit means a quorum acknowledged an append
    /// sent after that time.
    lease_sends: VecDeque<(u64, Instant)>,
    /// When the driver started: vote requests are ignored for an election
    /// timeout after (see `lease.rs`).
    started: Instant,
    clock: Clock,
    /// While leading: when a message from each peer last arrived.
    peer_contact: HashMap<u64, Instant>,
    /// Reads that reached a leader before it could serve them.
    deferred_reads: Vec<ReadReply>,
    /// Read indexes confirmed by a quorum, waiting for apply.
    ready_reads: Vec<(u64, ReadReply)>,
    leader_id: u64,
    /// The term this node leads in, if it is the leader.
    leader_term: Option<u64>,
    ticks_since_step_down: usize,
    /// A change applied in this Ready removed this leader from the voters.
    removed_while_leading: bool,
}

fn fatal(e: impl std::fmt::Display) -> RaftError {
    RaftError::Failed(e.to_string())
}

impl Driver {
    /// A driver over `store` and `state`, reading the time from `clock`; the
    /// handle and the inbox it feeds. Nothing runs until someone calls
    /// [`run`](Self::run) (or, in the simulation, `handle` and `process`).
    fn new(
        config: RaftConfig,
        store: RaftLogStore,
        state: StateMachine,
        transport: Box<dyn Transport>,
        addresses: PeerAddresses,
        clock: Clock,
    ) -> Result<(Driver, RaftHandle, mpsc::Receiver<RaftMsg>), StorageError> {
        let applied = state.applied_index().map_err(|e| match e {
            StateError::Storage(s) => s,
            other => StorageError::Corrupt {
                cf: "meta",
                detail: other.to_string(),
            },
        })?;
        let raft_config = raft::Config {
            id: config.id,
            election_tick: config.election_tick,
            min_election_tick: config.election_tick,
            max_election_tick: config.max_election_tick,
            heartbeat_tick: config.heartbeat_tick,
            applied,
            max_size_per_msg: 1 << 20,
            max_inflight_msgs: 256,
            check_quorum: true,
            pre_vote: true,
            read_only_option: ReadOnlyOption::Safe,
            ..Default::default()
        };
        let node = new_raw_node(&raft_config, store)?;
        let (tx, rx) = mpsc::channel(INBOX);
        let (changes_tx, changes) = watch::channel(0);
        let (applied_tx, applied_rx) = watch::channel(applied);
        let status = Arc::new(RwLock::new(NodeStatus {
            id: config.id,
            applied_index: applied,
            conf_index: applied,
            ..Default::default()
        }));
        let handle = RaftHandle {
            tx,
            status: Arc::clone(&status),
            changes,
            applied: applied_rx,
            addresses,
        };
        let lease = LeaderLease::new(lease_duration(
            config.tick,
            config.election_tick.min(MIN_ELECTION_TICK),
        ));
        let driver = Driver {
            node,
            raft_config,
            state,
            transport,
            config,
            status,
            changes: changes_tx,
            applied: applied_tx,
            proposals: BTreeMap::new(),
            read_nonce: rand::random(),
            next_read: 1,
            reads: HashMap::new(),
            renewal: None,
            lease,
            lease_sends: VecDeque::new(),
            started: clock.now(),
            clock,
            peer_contact: HashMap::new(),
            deferred_reads: Vec::new(),
            ready_reads: Vec::new(),
            leader_id: 0,
            leader_term: None,
            ticks_since_step_down: 0,
            removed_while_leading: false,
        };
        Ok((driver, handle, rx))
    }

    fn run(
        &mut self,
        mut rx: mpsc::Receiver<RaftMsg>,
        shutdown: CancellationToken,
    ) -> Result<(), RaftError> {
        self.publish_status();
        loop {
            let Some(first) = rx.blocking_recv() else {
                return Ok(());
            };
            if shutdown.is_cancelled() {
                refuse(first);
                refuse_queued(&mut rx);
                return Ok(());
            }
            self.handle(first);
            for _ in 0..MAX_BATCH {
                match rx.try_recv() {
                    Ok(msg) => self.handle(msg),
                    Err(_) => break,
                }
            }
            self.process()?;
            // The ticker's last message may have been drained by the batch
            // above: look again before blocking, or shutdown would wait forever.
            if shutdown.is_cancelled() {
                refuse_queued(&mut rx);
                return Ok(());
            }
        }
    }

    /// Handles every `Ready` the messages handled so far produced, then
    /// what follows from them (the lease, a transfer's end).
    fn process(&mut self) -> Result<(), RaftError> {
        loop {
            while self.node.has_ready() {
                self.on_ready()?;
            }
            if !self.campaign_if_sole_voter() {
                break;
            }
        }
        self.renew_lease_from_commits();
        self.observe_transfer();
        Ok(())
    }

    fn handle(&mut self, msg: RaftMsg) {
        match msg {
            RaftMsg::Tick => {
                self.node.tick();
                // Forget reads whose callers gave up, and a renewal that
                // got no quorum within an election timeout.
                let timeout = self.election_timeout();
                self.reads.retain(|_, read| match &read.reply {
                    Some(reply) => !reply.is_closed(),
                    None => self.clock.since(read.issued) < timeout,
                });
                if self.renewal.is_some_and(|id| !self.reads.contains_key(&id)) {
                    self.renewal = None;
                }
                self.renew_lease_ahead();
                self.ready_reads.retain(|(_, reply)| !reply.is_closed());
                self.deferred_reads.retain(|reply| !reply.is_closed());
                self.expire_orphaned_proposals();
            }
            RaftMsg::Step(message) => {
                // A snapshot message is only good with its files in place
                // (InstallSnapshot writes them first); one that arrives
                // otherwise, or whose files went, is dropped: the leader
                // sends it again.
                if message.get_msg_type() == raft::eraftpb::MessageType::MsgSnapshot {
                    let meta = message.get_snapshot().get_metadata();
                    let dir = crate::storage::snapshot::snapshot_dir(
                        &self.state.engine().snapshot_root(),
                        "in",
                        meta.index,
                        meta.term,
                    );
                    if !crate::storage::snapshot::is_complete(&dir) {
                        tracing::warn!(
                            index = meta.index,
                            "dropped a snapshot message without its files"
                        );
                        return;
                    }
                }
                if self.ignores_vote(&message) {
                    tracing::debug!(
                        from = message.from,
                        "ignored a vote request within an election timeout of starting"
                    );
                    return;
                }
                if message.from == self.leader_id && self.leader_id != 0 {
                    self.status_mut().last_leader_contact = Some(self.clock.now());
                }
                if self.leader_term.is_some() {
                    self.peer_contact.insert(message.from, self.clock.now());
                }
                if let Err(error) = self.node.step(*message) {
                    tracing::debug!(%error, "raft step failed");
                }
            }
            RaftMsg::Propose { data, reply } => {
                if self.node.raft.state != StateRole::Leader {
                    let _ = reply.send(Err(RaftError::NoLeader));
                    return;
                }
                let proposed_at = self.clock.now();
                match self.node.propose(Vec::new(), data) {
                    Ok(()) => {
                        let index = self.node.raft.raft_log.last_index();
                        let term = self.node.raft.term;
                        self.proposals.insert(index, (term, reply));
                        self.lease_sends.push_back((index, proposed_at));
                    }
                    Err(_) => {
                        let _ = reply.send(Err(RaftError::NoLeader));
                    }
                }
            }
            RaftMsg::Bootstrap {
                voters,
                cluster_id,
                reply,
            } => {
                let _ = reply.send(self.bootstrap(voters, &cluster_id));
            }
            RaftMsg::TransferLeader { target, reply } => {
                let _ = reply.send(self.transfer_leader(target));
            }
            RaftMsg::ChangeConf { change, reply } => {
                if self.node.raft.state != StateRole::Leader {
                    let _ = reply.send(Err(RaftError::NoLeader));
                    return;
                }
                // A new leader may change the configuration only once an
                // entry of its own term has committed (raft-rs only waits
                // for the entries before that one): otherwise a change
                // proposed now could overlap one an earlier leader
                // committed that this one has not seen applied (the
                // single-server change bug). Refused as "try again".
                if !self.status_ref().leader_ready {
                    let _ = reply.send(Err(RaftError::Dropped));
                    return;
                }
                // raft-rs keeps a leader that removed (or demoted) itself
                // leading outside its configuration, refusing every
                // proposal: hand over instead; the caller then finds the
                // new leader and sends the change there.
                if self.changes_own_vote(&change) {
                    let result = match self.transfer_leader(None) {
                        Ok(_) => Err(RaftError::NoLeader),
                        Err(e) => Err(e),
                    };
                    let _ = reply.send(result);
                    return;
                }
                let before = self.node.raft.raft_log.last_index();
                match self.node.propose_conf_change(Vec::new(), change) {
                    Ok(()) if self.node.raft.raft_log.last_index() > before => {
                        let index = self.node.raft.raft_log.last_index();
                        let term = self.node.raft.term;
                        self.proposals.insert(index, (term, reply));
                    }
                    // Refused at once (e.g. another change is pending).
                    _ => {
                        let _ = reply.send(Err(RaftError::Dropped));
                    }
                }
            }
            RaftMsg::Progress { reply } => {
                let _ = reply.send(self.progress());
            }
            RaftMsg::ReportSnapshot { to, delivered } => {
                let status = if delivered {
                    raft::SnapshotStatus::Finish
                } else {
                    raft::SnapshotStatus::Failure
                };
                self.node.report_snapshot(to, status);
            }
            RaftMsg::ReadIndex { reply } => {
                if self.leader_id == 0 {
                    let _ = reply.send(Err(RaftError::NoLeader));
                } else if self.node.raft.state == StateRole::Leader
                    && !self.status_ref().leader_ready
                {
                    // raft-rs drops reads on a leader that has not committed
                    // an entry of its term yet; hold them until it has.
                    self.deferred_reads.push(reply);
                } else {
                    self.issue_read(Some(reply));
                }
            }
        }
    }

    /// Writes the first configuration and re-creates the node over it. What
    /// the old node had not persisted yet (it never left this process) is
    /// dropped with it.
    fn bootstrap(&mut self, voters: Vec<u64>, cluster_id: &str) -> Result<bool, RaftError> {
        if self.node.store().is_initialized() {
            return Ok(false);
        }
        tracing::info!(?voters, cluster_id, "bootstrapping a new cluster");
        self.node
            .store()
            .bootstrap(voters, cluster_id)
            .map_err(fatal)?;
        crate::crash_point!("raft::bootstrap");
        let engine = self.state.engine().clone();
        let applied = self.state.applied_index().map_err(fatal)?;
        let store = RaftLogStore::open(engine, applied).map_err(fatal)?;
        let mut raft_config = self.raft_config.clone();
        raft_config.applied = applied;
        self.node = new_raw_node(&raft_config, store).map_err(fatal)?;
        self.publish_status();
        Ok(true)
    }

    /// Whether `change` removes this server or makes it a learner.
    fn changes_own_vote(&self, change: &ConfChangeV2) -> bool {
        use raft::eraftpb::ConfChangeType::{AddLearnerNode, RemoveNode};
        change.changes.iter().any(|c| {
            c.node_id == self.config.id
                && matches!(c.get_change_type(), RemoveNode | AddLearnerNode)
        })
    }

    /// Starts handing leadership to the other voter with the most of the
    /// log, preferring those that answered within the last election timeout
    /// (raft-rs clears that mark at each check-quorum, so right after one
    /// nobody has it); Raft sends it `TimeoutNow` once it has caught up.
    /// Returns its id. A `target` must be another voter.
    fn transfer_leader(&mut self, target: Option<u64>) -> Result<u64, RaftError> {
        let raft = &self.node.raft;
        if raft.state != StateRole::Leader {
            return Err(RaftError::NoLeader);
        }
        let voters = self.node.store().conf_state().voters;
        let target = match target {
            Some(id) if id == self.config.id => {
                return Err(RaftError::Transfer(format!("server {id} already leads")));
            }
            Some(id) if !voters.contains(&id) => {
                return Err(RaftError::Transfer(format!("server {id} is not a voter")));
            }
            Some(id) => id,
            None => raft
                .prs()
                .iter()
                .filter(|(id, _)| **id != self.config.id && voters.contains(id))
                .max_by_key(|(id, pr)| (pr.recent_active, pr.matched, std::cmp::Reverse(**id)))
                .map(|(id, _)| *id)
                .ok_or_else(|| {
                    RaftError::Transfer("there is no other voter to take over".into())
                })?,
        };
        tracing::info!(target, "handing over raft leadership");
        // The lease ends in the next Ready, before its `TimeoutNow` leaves
        // (`revoke_lease_if_transferring`).
        self.node.transfer_leader(target);
        if self.node.raft.lead_transferee != Some(target) {
            return Err(RaftError::Transfer(format!(
                "raft did not start handing over to server {target}"
            )));
        }
        // Published before the reply, so that the caller never sees a leader
        // that is not transferring and takes it for an abandoned transfer.
        self.status_mut().transferring = true;
        self.changes.send_modify(|v| *v += 1);
        Ok(target)
    }

    /// Publishes whether a leadership transfer is under way (it starts on
    /// request and ends with the new leader's term or, abandoned, on a tick).
    fn observe_transfer(&mut self) {
        let raft = &self.node.raft;
        let transferring = raft.state == StateRole::Leader && raft.lead_transferee.is_some();
        if transferring {
            self.revoke_lease_if_transferring();
        } else if self.status_ref().transferring && self.leader_term.is_some() {
            // Abandoned, still leading: a `TimeoutNow` (or the forced vote
            // it causes) delayed in the network could still elect the
            // target; no lease for the rest of this term.
            tracing::info!("leadership transfer abandoned: no read lease until the next term");
            self.lease.bar();
            self.publish_lease();
        }
        if transferring != self.status_ref().transferring {
            self.status_mut().transferring = transferring;
            self.changes.send_modify(|v| *v += 1);
        }
    }

    /// A sole voter needs no election timeout to win: it campaigns as soon
    /// as its committed configuration is applied (Raft refuses to campaign
    /// before).
    /// Returns whether it campaigned.
    fn campaign_if_sole_voter(&mut self) -> bool {
        let raft = &self.node.raft;
        if raft.state != StateRole::Follower || raft.raft_log.applied < raft.raft_log.committed {
            return false;
        }
        let cs = self.node.store().conf_state();
        cs.voters == vec![self.config.id] && cs.learners.is_empty() && self.node.campaign().is_ok()
    }

    fn progress(&self) -> Progress {
        let raft = &self.node.raft;
        let leader = raft.state == StateRole::Leader;
        let peers = if leader {
            raft.prs()
                .iter()
                .map(|(id, pr)| PeerProgress {
                    id: *id,
                    matched: pr.matched,
                    recent_active: pr.recent_active || *id == self.config.id,
                    last_contact: if *id == self.config.id {
                        Some(Duration::ZERO)
                    } else {
                        self.peer_contact.get(id).map(|t| self.clock.since(*t))
                    },
                })
                .collect()
        } else {
            Vec::new()
        };
        Progress {
            last_index: raft.raft_log.last_index(),
            commit_index: raft.raft_log.committed,
            applied_index: raft.raft_log.applied,
            term: raft.term,
            peers,
        }
    }

    /// Asks Raft for a read index; returns the read's id. On a leader (Raft's
    /// `Safe` read-only option) the read index comes back once a quorum has
    /// answered a heartbeat sent from now on, which also renews the lease.
    fn issue_read(&mut self, reply: Option<ReadReply>) -> u64 {
        let id = self.next_read;
        self.next_read += 1;
        let mut ctx = Vec::with_capacity(16);
        ctx.extend_from_slice(&self.read_nonce.to_be_bytes());
        ctx.extend_from_slice(&id.to_be_bytes());
        let read = PendingRead {
            issued: self.clock.now(),
            term: self.leader_term,
            reply,
        };
        self.node.read_index(ctx);
        self.reads.insert(id, read);
        id
    }

    /// The minimum election timeout.
    fn election_timeout(&self) -> Duration {
        self.config.tick * self.config.election_tick as u32
    }

    /// Whether `message` is a vote request to ignore because this server
    /// started less than an election timeout ago: before it restarted it may
    /// have acknowledged a leader whose lease counts on it not voting yet. A
    /// leader's hand-over (a transfer's campaign) is exempt: that leader
    /// gave its lease up first.
    fn ignores_vote(&self, message: &Message) -> bool {
        use raft::eraftpb::MessageType::{MsgRequestPreVote, MsgRequestVote};
        matches!(message.get_msg_type(), MsgRequestVote | MsgRequestPreVote)
            && message.context[..] != *raft::CAMPAIGN_TRANSFER
            && self.clock.since(self.started) < self.election_timeout()
    }

    /// Renews the lease from the proposals a quorum has now acknowledged.
    fn renew_lease_from_commits(&mut self) {
        let committed = self.node.raft.raft_log.committed;
        let mut latest = None;
        while let Some(&(index, at)) = self.lease_sends.front() {
            if index > committed {
                break;
            }
            latest = Some(at);
            self.lease_sends.pop_front();
        }
        if let Some(at) = latest
            && self.leader_term.is_some()
            && self.lease.renew(at)
        {
            self.publish_lease();
        }
    }

    /// Keeps the lease of a leader renewed ahead of its end, with a read
    /// index (one heartbeat round) when less than half of it is left.
    fn renew_lease_ahead(&mut self) {
        if self.leader_term.is_none()
            || self.renewal.is_some()
            || self.node.raft.lead_transferee.is_some()
            || !self.status_ref().leader_ready
            || !self.lease.wants_renewal(self.clock.now())
        {
            return;
        }
        self.renewal = Some(self.issue_read(None));
    }

    /// Ends the lease when a leadership transfer has started: its target
    /// may be elected at once, whatever the lease says. Called before any
    /// `Ready`'s messages (which may hold the `TimeoutNow`) leave.
    fn revoke_lease_if_transferring(&mut self) {
        if self.node.raft.lead_transferee.is_some() && self.lease.revoke(self.clock.now()) {
            self.publish_lease();
        }
    }

    fn publish_lease(&self) {
        self.status_mut().lease_until = self.lease.until();
    }

    fn read_id(&self, ctx: &[u8]) -> Option<u64> {
        let (nonce, id) = ctx.split_at_checked(8)?;
        if u64::from_be_bytes(nonce.try_into().ok()?) != self.read_nonce {
            return None;
        }
        Some(u64::from_be_bytes(id.try_into().ok()?))
    }

    fn status_ref(&self) -> std::sync::RwLockReadGuard<'_, NodeStatus> {
        self.status.read().unwrap_or_else(|e| e.into_inner())
    }

    fn status_mut(&self) -> std::sync::RwLockWriteGuard<'_, NodeStatus> {
        self.status.write().unwrap_or_else(|e| e.into_inner())
    }

    fn publish_status(&mut self) {
        let raft = &self.node.raft;
        let cs = self.node.store().conf_state();
        {
            let mut s = self.status_mut();
            s.term = raft.term;
            s.leader_id = raft.leader_id;
            s.is_leader = raft.state == StateRole::Leader;
            if !s.is_leader {
                s.leader_ready = false;
                s.lease_until = None;
            }
            if *s.voters != cs.voters[..] {
                s.voters = cs.voters.into();
            }
            if *s.learners != cs.learners[..] {
                s.learners = cs.learners.into();
            }
        }
        self.changes.send_modify(|v| *v += 1);
    }

    /// Notices leadership and leader changes (before handling a Ready).
    fn observe_leadership(&mut self) {
        let raft = &self.node.raft;
        let leading = (raft.state == StateRole::Leader).then_some(raft.term);
        let leader_id = raft.leader_id;
        let mut changed = false;
        if leading != self.leader_term {
            let now = self.clock.now();
            if let Some(term) = self.leader_term {
                tracing::info!(term, "raft leadership lost");
                self.ticks_since_step_down = 0;
                self.status_mut().leader_ready = false;
            }
            // A new term (or none): a fresh lease, not held.
            self.lease = LeaderLease::new(self.lease.duration());
            self.lease.revoke(now);
            self.lease_sends.clear();
            self.peer_contact.clear();
            self.renewal = None;
            if leading.is_some() {
                // The new term's first entry is in this Ready's appends,
                // which leave after `now`: its commit renews the lease.
                self.lease_sends
                    .push_back((raft.raft_log.last_index(), now));
            }
            self.publish_lease();
            self.leader_term = leading;
            changed = true;
        }
        if leader_id != self.leader_id {
            tracing::info!(leader_id, "raft leader changed");
            self.leader_id = leader_id;
            if leader_id != 0 && leader_id != self.config.id {
                self.status_mut().last_leader_contact = Some(self.clock.now());
            }
            // A read in flight to the old leader may be lost: let the
            // callers retry against the new one.
            self.fail_pending_reads(RaftError::NoLeader);
            changed = true;
        }
        if changed {
            self.publish_status();
        }
    }

    fn on_ready(&mut self) -> Result<(), RaftError> {
        let mut rd = self.node.ready();
        self.observe_leadership();
        self.revoke_lease_if_transferring();
        let committed = self.node.raft.raft_log.committed;
        if self.status_ref().commit_index != committed {
            self.status_mut().commit_index = committed;
        }
        let mut unreachable = self.send(rd.take_messages());
        if !rd.snapshot().is_empty() {
            self.install_snapshot(rd.snapshot().get_metadata())?;
        }
        self.apply(rd.take_committed_entries())?;
        let hs = rd.hs().cloned();
        let appends = !rd.entries().is_empty();
        if appends {
            crate::crash_point!("raft::before_log_write");
        }
        self.node
            .store()
            .append(rd.entries(), hs.as_ref(), rd.must_sync())
            .map_err(fatal)?;
        if appends {
            crate::crash_point!("raft::after_log_write");
        }
        if hs.is_some() {
            self.publish_status();
        }
        unreachable.extend(self.send(rd.take_persisted_messages()));
        for read in rd.take_read_states() {
            let id = self.read_id(&read.request_ctx);
            let Some((id, pending)) = id.and_then(|id| Some((id, self.reads.remove(&id)?))) else {
                continue;
            };
            // Confirmed by a quorum of this leader's term: renews the lease
            // from when it was asked. (On a follower the leader answered.)
            if pending.term.is_some()
                && pending.term == self.leader_term
                && self.lease.renew(pending.issued)
            {
                self.publish_lease();
            }
            if self.renewal == Some(id) {
                self.renewal = None;
            }
            if let Some(reply) = pending.reply {
                self.ready_reads.push((read.index, reply));
            }
        }
        crate::crash_point!("raft::before_advance");
        let mut light = self.node.advance(rd);
        if let Some(commit) = light.commit_index() {
            self.node.store().set_commit(commit).map_err(fatal)?;
            // Published before the messages that may tell others of it.
            self.status_mut().commit_index = commit;
        }
        unreachable.extend(self.send(light.take_messages()));
        self.apply(light.take_committed_entries())?;
        self.node.advance_apply();
        for id in unreachable {
            self.node.report_unreachable(id);
        }
        if std::mem::take(&mut self.removed_while_leading)
            && self.node.raft.state == StateRole::Leader
        {
            self.step_down_outside_configuration();
        }
        self.observe_leadership();
        self.resolve_reads();
        self.maybe_compact()?;
        Ok(())
    }

    /// Hands messages to the transport; returns the peers it could not reach.
    fn send(&mut self, messages: Vec<Message>) -> Vec<u64> {
        if messages.is_empty() {
            return Vec::new();
        }
        self.transport.send(messages)
    }

    fn apply(&mut self, entries: Vec<Entry>) -> Result<(), RaftError> {
        let Some(last) = entries.last() else {
            return Ok(());
        };
        crate::crash_point!("raft::before_apply");
        let last_index = last.index;
        for entry in entries {
            let outcome = match entry.get_entry_type() {
                EntryType::EntryNormal if entry.data.is_empty() => {
                    self.state.apply_empty(entry.index).map_err(fatal)?;
                    None
                }
                EntryType::EntryNormal => {
                    Some(self.state.apply(entry.index, &entry.data).map_err(fatal)?)
                }
                EntryType::EntryConfChange => {
                    let cc = ConfChange::parse_from_bytes(&entry.data).map_err(fatal)?;
                    Some(self.apply_conf_change(&cc, entry.index)?)
                }
                EntryType::EntryConfChangeV2 => {
                    let cc = ConfChangeV2::parse_from_bytes(&entry.data).map_err(fatal)?;
                    Some(self.apply_conf_change(&cc, entry.index)?)
                }
            };
            self.resolve_proposals(entry.index, entry.term, outcome);
            if self.leader_term == Some(entry.term) {
                let mut s = self.status_mut();
                if !s.leader_ready {
                    s.leader_ready = true;
                    drop(s);
                    self.changes.send_modify(|v| *v += 1);
                    for reply in std::mem::take(&mut self.deferred_reads) {
                        self.issue_read(Some(reply));
                    }
                }
            }
        }
        self.status_mut().applied_index = last_index;
        self.applied.send_replace(last_index);
        Ok(())
    }

    /// Resolves the proposal made at `index`, if any, now that the entry at
    /// `index` (of `term`) has applied.
    fn resolve_proposals(&mut self, index: u64, term: u64, outcome: Option<ApplyOutcome>) {
        // Entries apply in order, so nothing below `index` can still match.
        while let Some(entry) = self.proposals.first_entry() {
            if *entry.key() > index {
                break;
            }
            let (proposal_index, (proposal_term, reply)) = entry.remove_entry();
            let result = match outcome {
                Some(ref outcome) if proposal_index == index && proposal_term == term => {
                    Ok(outcome.clone())
                }
                _ => Err(RaftError::Dropped),
            };
            let _ = reply.send(result);
        }
    }

    /// After losing leadership, proposals whose entries are neither applied
    /// nor overwritten within two election timeouts get "outcome unknown".
    fn expire_orphaned_proposals(&mut self) {
        if self.leader_term.is_some() || self.proposals.is_empty() {
            return;
        }
        self.ticks_since_step_down += 1;
        if self.ticks_since_step_down > 2 * self.config.max_election_tick {
            for (_, (_, reply)) in std::mem::take(&mut self.proposals) {
                let _ = reply.send(Err(RaftError::OutcomeUnknown));
            }
        }
    }

    /// Applies a committed configuration change. One that Raft refuses as
    /// invalid (every server refuses the same one) changes nothing and
    /// reports `success: false`.
    fn apply_conf_change(
        &mut self,
        cc: &impl raft_proto::ConfChangeI,
        index: u64,
    ) -> Result<ApplyOutcome, RaftError> {
        crate::crash_point!("raft::conf_change");
        let (cs, success) = match self.node.apply_conf_change(cc) {
            Ok(cs) => (cs, true),
            Err(error) => {
                tracing::warn!(%error, index, "configuration change refused");
                (self.node.store().conf_state(), false)
            }
        };
        let removed = !cs.voters.contains(&self.config.id);
        // The new configuration and the applied index land in one batch, so
        // a crash can never re-apply the change on restart.
        self.node
            .store()
            .apply_conf_state(cs, self.state.engine().state_writer(), index)
            .map_err(fatal)?;
        self.status_mut().conf_index = index;
        self.publish_status();
        if success && removed && self.node.raft.state == StateRole::Leader {
            // Not in the middle of a Ready: raft-rs refuses a follower's
            // messages in its LightReady. Nothing is stepped before then.
            self.removed_while_leading = true;
        }
        Ok(ApplyOutcome::new(index, success))
    }

    /// raft-rs keeps a leader that a committed change removed (or made a
    /// learner) leading outside its configuration, and panics on the next
    /// acknowledgement it counts, its own progress being gone. This leader
    /// never proposes its own removal (it hands over first), but an earlier
    /// leader's proposal can commit under it (found by the simulation,
    /// `node/sim.rs`). Hand over to the most caught-up voter (Raft sends it
    /// `TimeoutNow` if it has the whole log) and step down at once. Called
    /// between Readys, before anything else is stepped.
    fn step_down_outside_configuration(&mut self) {
        let voters = self.node.store().conf_state().voters;
        let target = self
            .node
            .raft
            .prs()
            .iter()
            .filter(|(id, _)| **id != self.config.id && voters.contains(id))
            .max_by_key(|(id, pr)| (pr.matched, std::cmp::Reverse(**id)))
            .map(|(id, _)| *id);
        tracing::info!(
            ?target,
            "this leader is no longer a voter: handing over and stepping down"
        );
        if let Some(target) = target {
            self.node.transfer_leader(target);
        }
        let term = self.node.raft.term;
        self.node.raft.become_follower(term, raft::INVALID_ID);
        // Ends the lease and publishes the step-down before any message of
        // the hand-over leaves.
        self.observe_leadership();
    }

    fn resolve_reads(&mut self) {
        if self.ready_reads.is_empty() {
            return;
        }
        let applied = self.node.raft.raft_log.applied;
        let mut waiting = Vec::new();
        for (index, reply) in self.ready_reads.drain(..) {
            if index <= applied {
                let _ = reply.send(Ok(index));
            } else {
                waiting.push((index, reply));
            }
        }
        self.ready_reads = waiting;
    }

    /// Replaces the state with a received snapshot (its files are in place:
    /// the transport wrote them before stepping the message in).
    fn install_snapshot(
        &mut self,
        meta: &raft::eraftpb::SnapshotMetadata,
    ) -> Result<(), RaftError> {
        let engine = self.state.engine().clone();
        let root = engine.snapshot_root();
        let dir = crate::storage::snapshot::snapshot_dir(&root, "in", meta.index, meta.term);
        tracing::info!(
            index = meta.index,
            term = meta.term,
            "installing a raft snapshot"
        );
        let marker = meta.write_to_bytes().map_err(fatal)?;
        engine.install_state(&dir, &marker).map_err(fatal)?;
        crate::crash_point!("snapshot::install_before_raft_state");
        self.node.store().apply_snapshot(meta).map_err(fatal)?;
        crate::storage::snapshot::remove_received_up_to(&root, meta.index);
        // Whatever this server proposed below the snapshot may or may not be
        // in it.
        let covered: Vec<u64> = self
            .proposals
            .range(..=meta.index)
            .map(|(i, _)| *i)
            .collect();
        for index in covered {
            if let Some((_, reply)) = self.proposals.remove(&index) {
                let _ = reply.send(Err(RaftError::OutcomeUnknown));
            }
        }
        {
            let mut s = self.status_mut();
            s.applied_index = meta.index;
            s.conf_index = meta.index;
        }
        self.applied.send_replace(meta.index);
        self.publish_status();
        // Every table may have changed.
        self.state.hub().notify_all();
        Ok(())
    }

    fn maybe_compact(&mut self) -> Result<(), RaftError> {
        let store = self.node.store();
        if store.len() <= self.config.snapshot_threshold {
            return Ok(());
        }
        // A follower behind the compaction point is sent a snapshot.
        let applied = self.node.raft.raft_log.applied;
        let to = applied.saturating_sub(self.config.trailing_logs);
        if to == 0 {
            return Ok(());
        }
        tracing::debug!(to, "compacting raft log");
        store.compact(to).map_err(fatal)
    }

    fn fail_pending_reads(&mut self, error: RaftError) {
        self.renewal = None;
        for (_, read) in self.reads.drain() {
            if let Some(reply) = read.reply {
                let _ = reply.send(Err(error.clone()));
            }
        }
        for (_, reply) in self.ready_reads.drain(..) {
            let _ = reply.send(Err(error.clone()));
        }
        for reply in self.deferred_reads.drain(..) {
            let _ = reply.send(Err(error.clone()));
        }
    }

    fn fail_all(&mut self) {
        for (_, (_, reply)) in std::mem::take(&mut self.proposals) {
            let _ = reply.send(Err(RaftError::OutcomeUnknown));
        }
        self.fail_pending_reads(RaftError::Stopped);
    }
}

/// Consul's message when no leader can be found, for callers that build
/// their own errors.
pub const NO_LEADER: &str = NO_LEADER_MESSAGE;

#[cfg(test)]
mod sim;

#[cfg(test)]
mod tests {
    use crate::storage::Tables as _;
    use std::sync::Mutex;

    use roster_proto::raft::v1::{KvSet, command::Command};

    use super::*;
    use crate::{
        raft::transport::NoPeers,
        state::{WatchHub, encode_command, kv},
        storage::Engine,
    };

    struct Node {
        handle: RaftHandle,
        done: oneshot::Receiver<Result<(), RaftError>>,
        shutdown: CancellationToken,
        engine: Engine,
    }

    fn config() -> RaftConfig {
        RaftConfig {
            snapshot_threshold: 50,
            trailing_logs: 10,
            ..RaftConfig::with_multiplier(1, 1)
        }
    }

    /// Starts a node on `dir` without waiting for anything.
    fn start_node(dir: &std::path::Path, bootstrap: bool) -> Node {
        let engine = Engine::open(dir).unwrap();
        let state = StateMachine::new(engine.clone(), WatchHub::new());
        let store = RaftLogStore::open(engine.clone(), engine.applied_index().unwrap()).unwrap();
        if bootstrap {
            store.bootstrap(vec![1], "test").unwrap();
        }
        let shutdown = CancellationToken::new();
        let (handle, done) = start(
            config(),
            store,
            state,
            Box::new(NoPeers),
            Arc::new(Mutex::new(HashMap::new())),
            shutdown.clone(),
        )
        .unwrap();
        Node {
            handle,
            done,
            shutdown,
            engine,
        }
    }

    /// Starts a node and waits until it leads.
    async fn must_start(dir: &std::path::Path, bootstrap: bool) -> Node {
        let node = start_node(dir, bootstrap);
        assert!(
            node.handle
                .wait_for_leadership(Duration::from_secs(10))
                .await
        );
        node
    }

    async fn stop(node: Node) {
        node.shutdown.cancel();
        node.done.await.unwrap().unwrap();
    }

    fn set(key: String) -> Vec<u8> {
        encode_command(Command::KvSet(KvSet {
            value: key.as_bytes().to_vec(),
            key,
            flags: 0,
            cas_index: None,
        }))
    }

    #[tokio::test]
    async fn log_stays_bounded_and_restart_resumes_from_the_applied_index() {
        let dir = tempfile::tempdir().unwrap();
        let node = must_start(dir.path(), true).await;
        let mut last = 0;
        for i in 0..300 {
            let outcome = node.handle.propose(set(format!("k{i}"))).await.unwrap();
            assert!(outcome.success && outcome.index > last, "indexes increase");
            last = outcome.index;
        }
        // Concurrent proposals share Readys and still all apply.
        let proposals: Vec<_> = (300..400)
            .map(|i| {
                let handle = node.handle.clone();
                tokio::spawn(async move { handle.propose(set(format!("k{i}"))).await })
            })
            .collect();
        for p in proposals {
            assert!(p.await.unwrap().unwrap().success);
        }
        // A reply goes out while its entry applies; the published status
        // follows at the end of that Ready, so give it a moment to catch up.
        let applied = node.engine.applied_index().unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while node.handle.status().applied_index != applied
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(node.handle.status().applied_index, applied);
        stop(node).await;

        // The log was compacted: entries before the applied index minus the
        // trailing logs are gone, so a restart cannot be replaying them.
        let engine = Engine::open(dir.path()).unwrap();
        let store = RaftLogStore::open(engine.clone(), applied).unwrap();
        assert!(
            store.len() <= config().snapshot_threshold + 1,
            "log holds {}",
            store.len()
        );
        assert!(raft::Storage::first_index(&store).unwrap() > 1);
        drop((store, engine));

        let node = must_start(dir.path(), false).await;
        assert!(node.handle.status().applied_index >= applied);
        for i in 0..400 {
            let (entry, _) = kv::get(&node.engine, &format!("k{i}")).unwrap();
            assert_eq!(entry.unwrap().value, format!("k{i}").as_bytes());
        }
        let outcome = node.handle.propose(set("after".into())).await.unwrap();
        assert!(outcome.index > applied);
        let read = node.handle.read_index().await.unwrap();
        assert!(read >= outcome.index);
        stop(node).await;
    }

    #[tokio::test]
    async fn a_follower_without_leader_refuses_proposals() {
        let dir = tempfile::tempdir().unwrap();
        // Not bootstrapped: no configuration, never a leader.
        let node = start_node(dir.path(), false);
        let handle = node.handle.clone();
        assert!(matches!(
            handle.propose(set("x".into())).await,
            Err(RaftError::NoLeader)
        ));
        assert!(matches!(
            handle.read_index().await,
            Err(RaftError::NoLeader)
        ));
        assert!(!handle.status().known_leader());
        stop(node).await;
    }

    /// A transport that keeps what the node sends, for the test to answer
    /// as the other server would.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<Message>>>);

    impl crate::raft::transport::Transport for Captured {
        fn send(&self, messages: Vec<Message>) -> Vec<u64> {
            self.0.lock().unwrap().extend(messages);
            Vec::new()
        }
    }

    impl Captured {
        /// Answers, as server 2, every vote request (granted) and, with
        /// `ack`, every append (accepted) sent so far.
        async fn answer(&self, handle: &RaftHandle, ack: bool) {
            let sent: Vec<Message> = std::mem::take(&mut *self.0.lock().unwrap());
            for m in sent.into_iter().filter(|m| m.to == 2) {
                let mut r = Message {
                    from: 2,
                    to: 1,
                    term: m.term,
                    ..Default::default()
                };
                match m.get_msg_type() {
                    raft::eraftpb::MessageType::MsgRequestPreVote => {
                        r.set_msg_type(raft::eraftpb::MessageType::MsgRequestPreVoteResponse)
                    }
                    raft::eraftpb::MessageType::MsgRequestVote => {
                        r.set_msg_type(raft::eraftpb::MessageType::MsgRequestVoteResponse)
                    }
                    raft::eraftpb::MessageType::MsgAppend if ack => {
                        r.set_msg_type(raft::eraftpb::MessageType::MsgAppendResponse);
                        r.index = m.index + m.entries.len() as u64;
                    }
                    raft::eraftpb::MessageType::MsgHeartbeat if ack => {
                        r.set_msg_type(raft::eraftpb::MessageType::MsgHeartbeatResponse);
                        r.context = m.context.clone();
                    }
                    _ => continue,
                }
                handle.step(r).await.unwrap();
            }
        }
    }

    /// A leader whose first entry of its term has not committed refuses a
    /// configuration change as "try again" (`Dropped`); raft-rs alone would
    /// take it, and it could overlap a change an earlier leader committed
    /// that this one has not applied. Once that entry commits, the same
    /// change is made. Server 2 exists only as the answers the test gives.
    #[tokio::test]
    async fn a_new_leader_changes_the_configuration_only_after_an_entry_of_its_term_committed() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let state = StateMachine::new(engine.clone(), WatchHub::new());
        let store = RaftLogStore::open(engine.clone(), 0).unwrap();
        store.bootstrap(vec![1, 2], "test").unwrap();
        let transport = Captured::default();
        let shutdown = CancellationToken::new();
        let (handle, done) = start(
            config(),
            store,
            state,
            Box::new(transport.clone()),
            Arc::new(Mutex::new(HashMap::new())),
            shutdown.clone(),
        )
        .unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !handle.status().is_leader {
            assert!(tokio::time::Instant::now() < deadline, "never elected");
            transport.answer(&handle, false).await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let add_learner = || crate::cluster::Change::AddNonVoter(3).to_conf_change();
        assert!(!handle.status().leader_ready);
        assert!(matches!(
            handle.change_conf(add_learner()).await,
            Err(RaftError::Dropped)
        ));
        assert!(handle.status().learners.is_empty());

        // Server 2 acknowledges: the entry of the term commits, and the
        // change is taken and made.
        let h = handle.clone();
        let change = tokio::spawn(async move { h.change_conf(add_learner()).await });
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !change.is_finished() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the change never applied"
            );
            transport.answer(&handle, true).await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let first = change.await.unwrap();
        // The task may have asked before the entry committed: then it was
        // refused the same way, and asking again now succeeds.
        let outcome = match first {
            Err(RaftError::Dropped) => {
                let h = handle.clone();
                let again = tokio::spawn(async move { h.change_conf(add_learner()).await });
                while !again.is_finished() {
                    transport.answer(&handle, true).await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                again.await.unwrap()
            }
            other => other,
        };
        assert!(outcome.unwrap().success);
        assert!(handle.status().leader_ready);
        assert_eq!(handle.status().learners.as_ref(), [3]);
        shutdown.cancel();
        done.await.unwrap().unwrap();
    }
}

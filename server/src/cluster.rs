//! How servers find each other and form one Raft cluster, from the LAN
//! gossip pool (Consul's `server_serf.go`):
//!
//! - the address book: every server of this datacenter seen in the pool
//!   (tags `role=consul`, `raft_id`, `port`) is dialable by its Raft id, at
//!   its latest address; the book is kept in the data dir, so a restarted
//!   server reaches its peers before gossip has found them;
//! - bootstrap-expect: a server started with `-bootstrap-expect=N` and no
//!   Raft state waits until at least N servers of its datacenter are alive
//!   in the pool, all expecting N and none bootstrapping by itself, and asks
//!   each of them for its Raft peers. If none has any (no cluster exists
//!   yet), the one with the lowest Raft id among those expecting N proposes
//!   all of them as the first voters, under a new cluster identity, and
//!   writes that configuration only once every one of them has promised it
//!   (`raft::cluster_id`): gossip views differ while servers start, and two
//!   servers must never write different first configurations. The others
//!   receive the log from the leader. A server with a configuration or a
//!   log never bootstraps again.

use std::{sync::Arc, time::Duration};

use roster_proto::status::v1::{PeersRequest, status_service_client::StatusServiceClient};
use serf::types::MemberStatus;
use tokio_util::sync::CancellationToken;

use crate::{
    gossip::{
        Gossip,
        tags::{self, ServerInfo},
    },
    raft::{
        RaftHandle,
        cluster_id::ClusterIdentity,
        transport::{self, PeerAddresses},
    },
};

/// How long a leaving leader waits for another server to take over (Raft
/// itself abandons a transfer after an election timeout).
const HAND_OVER_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a leaving server waits for the leader to remove it (Consul's
/// `raftRemoveGracePeriod`).
const REMOVAL_GRACE: Duration = Duration::from_secs(5);

/// Graceful leave of an agent: a server that leads hands leadership to
/// another voter first (Consul's leadership transfer on leave), so that
/// the cluster does not wait an election timeout for a new leader; then the
/// agent leaves its gossip pools, and the leader removes it from the
/// configuration when it sees it left. A server waits for that (bounded),
/// as Consul's does: servers leaving one after another then never take the
/// quorum with them.
pub async fn leave(gossip: &Gossip, raft: Option<&RaftHandle>) {
    if let Some(raft) = raft {
        hand_over_leadership(raft, "leaving").await;
    }
    gossip.leave().await;
    if let Some(raft) = raft {
        wait_until_removed(raft).await;
    }
}

/// Polls the leader's Raft peers until this server is no longer among them,
/// for up to [`REMOVAL_GRACE`]. Returns at once when no other voter exists
/// or this server still leads (it cannot remove itself).
async fn wait_until_removed(raft: &RaftHandle) {
    let deadline = tokio::time::Instant::now() + REMOVAL_GRACE;
    let own = raft.status().id;
    loop {
        let status = raft.status();
        if !status.voters.contains(&own) && !status.learners.contains(&own) {
            tracing::info!("removed from the raft configuration");
            return;
        }
        if !status.has_other_voter() || status.leader_id == own {
            return;
        }
        let addresses = raft.addresses();
        if let (Some(own_address), Some(leader_address)) =
            (addresses.get(&own), addresses.get(&status.leader_id))
            && let Ok(peers) = peers_at(leader_address).await
            && !peers.contains(own_address)
        {
            tracing::info!("removed from the raft configuration");
            return;
        }
        if tokio::time::Instant::now() >= deadline {
            tracing::warn!(
                "leaving before the leader removed this server from the raft configuration"
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// If this server leads and another voter exists, hands leadership over and
/// waits (bounded) until another server leads: before it leaves, and before
/// a server stops on a signal (a rolling restart then pauses writes for a
/// round trip, not an election timeout; Consul's open issue #5406 asks the
/// same of Consul). Failure is logged: `then` goes on, and the others elect
/// a leader after the election timeout.
pub async fn hand_over_leadership(raft: &RaftHandle, then: &str) {
    let status = raft.status();
    if !status.is_leader || !status.has_other_voter() {
        return;
    }
    match raft.transfer_leadership(None, HAND_OVER_TIMEOUT).await {
        Ok(leader) => tracing::info!(leader, "handed raft leadership over before {then}"),
        Err(error) => tracing::warn!(%error, "{then} while still the raft leader"),
    }
}

/// How long a bootstrap peer check waits for each server.
const PEER_CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// Pause before trying a bootstrap again after a failed check (plus up to
/// as much again at random, so that competing proposers fall out of step).
const BOOTSTRAP_RETRY: Duration = Duration::from_secs(1);
/// How often a server holding another server's bootstrap promise asks
/// whether it still stands.
const PROMISE_CHECK: Duration = Duration::from_secs(5);

/// Keeps the address book current and, with `expect > 1`, bootstraps the
/// cluster once. Ends with `shutdown`.
pub async fn watch_servers(
    gossip: Arc<Gossip>,
    raft: RaftHandle,
    addresses: PeerAddresses,
    engine: crate::storage::Engine,
    identity: Arc<ClusterIdentity>,
    expect: u32,
    shutdown: CancellationToken,
) {
    let mut changes = gossip.members_changed();
    let mut bootstrapping = expect > 1;
    loop {
        // A promise to another server's proposal binds this server until
        // that server says it was withdrawn.
        let unbound = identity.id().is_none();
        if unbound && identity.holds_foreign_promise() {
            identity
                .check_promise(|p| transport::ask_proposer(Arc::clone(&addresses), p))
                .await;
        }
        changes.borrow_and_update();
        let servers = servers(&gossip).await;
        if record_addresses(&addresses, &servers, raft.status().id) {
            let book = addresses.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if let Err(error) = engine.save_peer_addresses(&book) {
                tracing::warn!(%error, "cannot record the server addresses");
            }
        }
        if bootstrapping {
            let outcome = try_bootstrap(&raft, &identity, &addresses, &servers, expect).await;
            if matches!(outcome, Bootstrap::Done | Bootstrap::Wait)
                && let Err(error) = identity.withdraw_own().await
            {
                tracing::error!(%error, "cannot withdraw the bootstrap proposal");
            }
            match outcome {
                Bootstrap::Done => bootstrapping = false,
                Bootstrap::Wait => {}
                Bootstrap::Retry => {
                    let jitter = BOOTSTRAP_RETRY.mul_f64(rand::random::<f64>());
                    tokio::select! {
                        _ = shutdown.cancelled() => return,
                        _ = tokio::time::sleep(BOOTSTRAP_RETRY + jitter) => continue,
                    }
                }
            }
        }
        // Until this server belongs to a cluster, look again now and then:
        // a promise it made meanwhile may have been withdrawn.
        let recheck = async {
            if unbound || bootstrapping {
                tokio::time::sleep(PROMISE_CHECK).await
            } else {
                std::future::pending().await
            }
        };
        tokio::select! {
            _ = shutdown.cancelled() => return,
            r = changes.changed() => if r.is_err() { return },
            _ = recheck => {}
        }
    }
}

/// The servers of this datacenter in the LAN pool (any status).
async fn servers(gossip: &Gossip) -> Vec<(ServerInfo, MemberStatus)> {
    let dc = gossip.datacenter();
    gossip
        .lan()
        .members()
        .await
        .iter()
        .filter_map(|m| tags::server_info(m).map(|s| (s, *m.status())))
        .filter(|(s, _)| s.datacenter == dc && s.raft_id != 0)
        .collect()
}

/// Updates the address book; whether anything changed.
fn record_addresses(
    addresses: &PeerAddresses,
    servers: &[(ServerInfo, MemberStatus)],
    own: u64,
) -> bool {
    let mut changed = false;
    let mut book = addresses.lock().unwrap_or_else(|e| e.into_inner());
    for (server, _) in servers {
        if server.raft_id == own {
            continue;
        }
        let address = server.rpc_addr.to_string();
        if book.get(&server.raft_id) != Some(&address) {
            tracing::debug!(raft_id = server.raft_id, %address, "raft peer address");
            book.insert(server.raft_id, address);
            changed = true;
        }
    }
    changed
}

enum Bootstrap {
    /// Bootstrapped, or there is nothing to bootstrap any more.
    Done,
    /// Not enough servers yet: wait for a membership change.
    Wait,
    /// A check failed: try again shortly.
    Retry,
}

async fn try_bootstrap(
    raft: &RaftHandle,
    identity: &ClusterIdentity,
    addresses: &PeerAddresses,
    servers: &[(ServerInfo, MemberStatus)],
    expect: u32,
) -> Bootstrap {
    let status = raft.status();
    if !status.voters.is_empty() || status.applied_index > 0 || identity.id().is_some() {
        return Bootstrap::Done;
    }
    let alive: Vec<&ServerInfo> = servers
        .iter()
        .filter(|(_, st)| *st == MemberStatus::Alive)
        .map(|(s, _)| s)
        .collect();
    for server in &alive {
        if server.bootstrap {
            tracing::error!(
                server = %server.name,
                "a server in bootstrap mode is in the pool; not bootstrapping"
            );
            return Bootstrap::Wait;
        }
        if server.expect != 0 && server.expect != expect {
            tracing::error!(
                server = %server.name,
                theirs = server.expect,
                ours = expect,
                "servers disagree on bootstrap-expect; not bootstrapping"
            );
            return Bootstrap::Wait;
        }
    }
    if alive.len() < expect as usize {
        tracing::info!(
            found = alive.len(),
            expect,
            "waiting for servers to bootstrap the cluster"
        );
        return Bootstrap::Wait;
    }
    // Nobody may already be in a cluster: then this server is meant to be
    // added by that cluster's leader, not to start another one.
    for server in &alive {
        if server.raft_id == status.id {
            continue;
        }
        match peers_of(server).await {
            Ok(peers) if peers.is_empty() => {}
            Ok(peers) => {
                tracing::info!(
                    server = %server.name,
                    ?peers,
                    "a server already has raft peers; not bootstrapping"
                );
                return Bootstrap::Done;
            }
            Err(error) => {
                tracing::warn!(server = %server.name, %error, "cannot confirm a server's raft peers; will retry");
                return Bootstrap::Retry;
            }
        }
    }
    // One server proposes: the lowest Raft id of those expecting N (a
    // server started without -bootstrap-expect never proposes). Gossip
    // views differ while servers start, so two servers may each think they
    // are that one; the promises make sure at most one writes.
    let mut voters: Vec<u64> = alive.iter().map(|s| s.raft_id).collect();
    voters.sort_unstable();
    voters.dedup();
    let proposer = alive
        .iter()
        .filter(|s| s.expect == expect)
        .map(|s| s.raft_id)
        .min();
    if proposer != Some(status.id) {
        tracing::debug!(
            ?proposer,
            "waiting for another server to propose the first configuration"
        );
        return Bootstrap::Wait;
    }
    let proposal = match identity
        .propose(voters.clone(), |p| {
            transport::ask_proposer(Arc::clone(addresses), p)
        })
        .await
    {
        Ok(p) => p,
        Err(reason) => {
            tracing::info!(%reason, "not proposing a first configuration");
            return Bootstrap::Retry;
        }
    };
    let mut refusals = Vec::new();
    for server in alive.iter().filter(|s| s.raft_id != status.id) {
        match transport::ask_promise(&server.rpc_addr.to_string(), &proposal).await {
            Ok(answer) if answer.promised => {}
            Ok(answer) => refusals.push(format!("{}: {}", server.name, answer.reason)),
            Err(error) => refusals.push(format!("{}: {error}", server.name)),
        }
    }
    if !refusals.is_empty() {
        tracing::warn!(
            ?refusals,
            cluster_id = proposal.cluster_id,
            "not every server promised the first configuration; withdrawing it and trying again"
        );
        if let Err(error) = identity.withdraw(&proposal.cluster_id).await {
            tracing::error!(%error, "cannot withdraw the bootstrap proposal");
        }
        return Bootstrap::Retry;
    }
    // Known in memory before the new node can send anything, so that its
    // first streams carry the identity (a stream keeps what it opened with).
    identity.bootstrapped(&proposal.cluster_id);
    match raft.bootstrap(voters, proposal.cluster_id.clone()).await {
        Ok(true) => {
            tracing::info!(
                servers = ?alive.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                cluster_id = proposal.cluster_id,
                "bootstrapped the cluster"
            );
            Bootstrap::Done
        }
        Ok(false) => {
            tracing::error!("bootstrap found Raft state already; the proposal was not written");
            Bootstrap::Done
        }
        Err(error) => {
            tracing::error!(%error, "bootstrap failed");
            Bootstrap::Done
        }
    }
}

async fn peers_of(server: &ServerInfo) -> Result<Vec<String>, String> {
    peers_at(&server.rpc_addr.to_string()).await
}

/// The Raft peers a server at `address` (its server port) reports.
async fn peers_at(address: &str) -> Result<Vec<String>, String> {
    let call = async {
        let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
            .map_err(|e| e.to_string())?
            .connect_timeout(PEER_CHECK_TIMEOUT);
        let channel = crate::tls::connect(endpoint)
            .await
            .map_err(|e| e.to_string())?;
        let response = StatusServiceClient::new(channel)
            .peers(PeersRequest::default())
            .await
            .map_err(|e| e.message().to_string())?;
        Ok(response.into_inner().addresses)
    };
    tokio::time::timeout(PEER_CHECK_TIMEOUT * 2, call)
        .await
        .map_err(|_| "timed out".to_string())?
}

/// Autopilot settings (Consul's `autopilot` block; defaults are Consul's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Autopilot {
    /// Remove failed servers from the configuration (when quorum allows).
    pub cleanup_dead_servers: bool,
    /// A server the leader has not heard from for longer is not healthy.
    pub last_contact_threshold: Duration,
    /// A server trailing the leader by more entries is not healthy.
    pub max_trailing_logs: u64,
    /// Dead servers are not removed while the voters would fall below this.
    pub min_quorum: u32,
    /// How long a new server must be healthy before it becomes a voter.
    pub server_stabilization_time: Duration,
}

impl Default for Autopilot {
    fn default() -> Self {
        Autopilot {
            cleanup_dead_servers: true,
            last_contact_threshold: Duration::from_millis(200),
            max_trailing_logs: 250,
            min_quorum: 0,
            server_stabilization_time: Duration::from_secs(10),
        }
    }
}

/// How often the leader reconciles the configuration with the pool when
/// nothing changes (progress and health move without membership events).
const RECONCILE_INTERVAL: Duration = Duration::from_secs(1);

/// The leader's membership duties (Consul's leader reconcile and
/// autopilot), run on every server and acting only while it leads:
///
/// - an alive server of this datacenter that is not in the configuration is
///   added as a non-voter (Raft learner);
/// - a non-voter that has kept up (within `max_trailing_logs` of the
///   leader and answering) for `server_stabilization_time` becomes a voter;
/// - a server that left the pool gracefully is removed;
/// - with `cleanup_dead_servers`, failed servers are removed as long as the
///   healthy voters that remain are a majority of the configuration.
///
/// One change at a time: Raft allows one pending change, and each waits
/// until it applied.
///
/// The settings are the cluster's, kept in Raft (`state::autopilot`): a
/// leader that finds none stored writes `defaults` (its agent
/// configuration) first, as Consul's leader does, and every round reads
/// what is stored.
pub async fn manage_membership(
    gossip: Arc<Gossip>,
    raft: RaftHandle,
    engine: crate::storage::Engine,
    defaults: Autopilot,
    shutdown: CancellationToken,
) {
    let mut changes = gossip.members_changed();
    let mut healthy_since: std::collections::HashMap<u64, tokio::time::Instant> =
        std::collections::HashMap::new();
    // The node name seen with each Raft id (see `replaced_member`).
    let mut names: std::collections::HashMap<u64, String> = std::collections::HashMap::new();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = changes.changed() => {}
            _ = tokio::time::sleep(RECONCILE_INTERVAL) => {}
        }
        let servers = servers(&gossip).await;
        for (server, _) in &servers {
            names.insert(server.raft_id, server.name.clone());
        }
        let status = raft.status();
        if !(status.is_leader && status.leader_ready) {
            healthy_since.clear();
            continue;
        }
        let settings = match settings_in_force(&raft, &engine, &defaults).await {
            Ok(settings) => settings,
            Err(error) => {
                tracing::warn!(%error, "cannot read the autopilot settings");
                continue;
            }
        };
        let Ok(progress) = raft.progress().await else {
            continue;
        };
        let change = replaced_member(&status, &servers, &names)
            .map(Change::Remove)
            .or_else(|| {
                next_change(
                    &status,
                    &progress,
                    &servers,
                    &settings,
                    &mut healthy_since,
                    tokio::time::Instant::now(),
                )
            });
        let Some(change) = change else {
            continue;
        };
        tracing::info!(?change, "changing the raft configuration");
        match raft.change_conf(change.to_conf_change()).await {
            Ok(outcome) if outcome.success => {}
            Ok(_) => tracing::warn!(?change, "raft refused the configuration change"),
            Err(error) => tracing::warn!(?change, %error, "configuration change failed"),
        }
    }
}

/// The stored autopilot settings; when none are stored yet, `defaults` are
/// written (only if still none: a check-and-set on index 0) and used.
async fn settings_in_force(
    raft: &RaftHandle,
    engine: &crate::storage::Engine,
    defaults: &Autopilot,
) -> Result<Autopilot, String> {
    use crate::state::autopilot;
    if let Some(stored) = autopilot::get(&engine.read_view()).map_err(|e| e.to_string())? {
        return Ok(autopilot::from_proto(&stored));
    }
    let command = crate::state::encode_command(
        roster_proto::raft::v1::command::Command::AutopilotSetConfiguration(
            roster_proto::raft::v1::AutopilotSetConfiguration {
                configuration: Some(autopilot::to_proto(defaults)),
                cas_index: Some(0),
            },
        ),
    );
    raft.propose(command).await.map_err(|e| e.to_string())?;
    Ok(*defaults)
}

/// One configuration change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Add a server as a non-voter.
    AddNonVoter(u64),
    /// Make a non-voter a voter.
    Promote(u64),
    /// Remove a server.
    Remove(u64),
}

impl Change {
    /// The Raft configuration change.
    pub fn to_conf_change(self) -> raft::eraftpb::ConfChangeV2 {
        use raft::eraftpb::ConfChangeType::*;
        let (kind, id) = match self {
            Change::AddNonVoter(id) => (AddLearnerNode, id),
            Change::Promote(id) => (AddNode, id),
            Change::Remove(id) => (RemoveNode, id),
        };
        let mut single = raft::eraftpb::ConfChangeSingle::default();
        single.set_change_type(kind);
        single.node_id = id;
        let mut cc = raft::eraftpb::ConfChangeV2::default();
        cc.set_changes(vec![single].into());
        cc
    }
}

/// Whether a server is healthy as autopilot counts it: alive in the pool
/// and, unless it is the leader itself, heard from within
/// `last_contact_threshold` and within `max_trailing_logs` of the leader's
/// last index.
pub fn is_healthy(
    pool_status: Option<MemberStatus>,
    progress: Option<&crate::raft::PeerProgress>,
    is_leader: bool,
    last_index: u64,
    settings: &Autopilot,
) -> bool {
    pool_status == Some(MemberStatus::Alive)
        && (is_leader
            || progress.is_some_and(|p| {
                p.recent_active
                    && p.last_contact
                        .is_some_and(|c| c <= settings.last_contact_threshold)
                    && p.matched + settings.max_trailing_logs >= last_index
            }))
}

/// A member of the configuration that another server has replaced: the
/// pool no longer knows its Raft id, and the node it was seen as (`names`:
/// the node name this server saw with each Raft id in the pool) is alive
/// under another Raft id. A server whose data dir was wiped comes back so,
/// under a new Raft id with the same node name (node names are unique in a
/// pool); Consul removes the stale entry the same way. Its Raft id is
/// removed before the new one is added, so that a vote and a log it forgot
/// never count. A member whose name this server never saw is left alone.
pub fn replaced_member(
    status: &crate::raft::NodeStatus,
    servers: &[(ServerInfo, MemberStatus)],
    names: &std::collections::HashMap<u64, String>,
) -> Option<u64> {
    status
        .voters
        .iter()
        .chain(status.learners.iter())
        .copied()
        .filter(|&id| id != status.id && !servers.iter().any(|(s, _)| s.raft_id == id))
        .find(|id| {
            names.get(id).is_some_and(|name| {
                servers.iter().any(|(s, st)| {
                    *st == MemberStatus::Alive && s.raft_id != *id && s.name == *name
                })
            })
        })
}

/// The next change the leader should make, if any (see
/// [`manage_membership`]). Pure, for testing.
pub fn next_change(
    status: &crate::raft::NodeStatus,
    progress: &crate::raft::Progress,
    servers: &[(ServerInfo, MemberStatus)],
    settings: &Autopilot,
    healthy_since: &mut std::collections::HashMap<u64, tokio::time::Instant>,
    now: tokio::time::Instant,
) -> Option<Change> {
    let own = status.id;
    let in_config = |id: u64| status.voters.contains(&id) || status.learners.contains(&id);
    let pool_status = |id: u64| {
        servers
            .iter()
            .find(|(s, _)| s.raft_id == id)
            .map(|(_, st)| *st)
    };

    // Graceful leaves first: the server asked to go.
    for &id in status.voters.iter().chain(status.learners.iter()) {
        if id != own && pool_status(id) == Some(MemberStatus::Left) {
            return Some(Change::Remove(id));
        }
    }

    // New servers join as non-voters (never this one: a leader that was
    // removed keeps leading until it steps down, and must not re-add
    // itself).
    for (server, st) in servers {
        if *st == MemberStatus::Alive && server.raft_id != own && !in_config(server.raft_id) {
            return Some(Change::AddNonVoter(server.raft_id));
        }
    }

    // Promote non-voters that kept up for the stabilization time.
    healthy_since.retain(|id, _| status.learners.contains(id));
    for &id in status.learners.iter() {
        let healthy = is_healthy(
            pool_status(id),
            progress.peers.iter().find(|p| p.id == id),
            false,
            progress.last_index,
            settings,
        );
        if !healthy {
            healthy_since.remove(&id);
            continue;
        }
        let since = *healthy_since.entry(id).or_insert(now);
        if now.duration_since(since) >= settings.server_stabilization_time {
            healthy_since.remove(&id);
            return Some(Change::Promote(id));
        }
    }

    // Dead server cleanup: failed servers go while the healthy voters left
    // are a majority of the configuration, and the voters no fewer than
    // `min_quorum`. A server the pool does not know (yet: gossip may still
    // be converging after a restart) is not dead.
    if settings.cleanup_dead_servers {
        let dead = |id: u64| id != own && pool_status(id) == Some(MemberStatus::Failed);
        if let Some(&id) = status.learners.iter().find(|&&id| dead(id)) {
            return Some(Change::Remove(id));
        }
        let dead_voters: Vec<u64> = status
            .voters
            .iter()
            .copied()
            .filter(|&id| dead(id))
            .collect();
        // Healthy as autopilot counts it: alive in the pool *and* heard from
        // by Raft lately. Gossip alone is not enough: a voter that just
        // died can still look alive there, and counting it would remove a
        // failed server and leave a configuration with no live majority.
        let healthy_voters = status
            .voters
            .iter()
            .filter(|&&id| {
                is_healthy(
                    pool_status(id),
                    progress.peers.iter().find(|p| p.id == id),
                    id == own,
                    progress.last_index,
                    settings,
                )
            })
            .count();
        if let Some(&id) = dead_voters.first()
            && healthy_voters * 2 > status.voters.len()
            && status.voters.len() > settings.min_quorum as usize
        {
            return Some(Change::Remove(id));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tokio::time::Instant;

    use super::*;
    use crate::raft::{NodeStatus, PeerProgress, Progress};

    fn server(id: u64) -> ServerInfo {
        ServerInfo {
            name: format!("s{id}"),
            datacenter: "dc1".into(),
            rpc_addr: format!("127.0.0.1:{}", 8300 + id).parse().unwrap(),
            raft_id: id,
            expect: 3,
            bootstrap: false,
        }
    }

    fn status(voters: &[u64], learners: &[u64]) -> NodeStatus {
        NodeStatus {
            id: 1,
            is_leader: true,
            leader_ready: true,
            leader_id: 1,
            voters: voters.into(),
            learners: learners.into(),
            ..Default::default()
        }
    }

    fn progress(last: u64, peers: &[(u64, u64, bool)]) -> Progress {
        Progress {
            last_index: last,
            peers: peers
                .iter()
                .map(|&(id, matched, recent_active)| PeerProgress {
                    id,
                    matched,
                    recent_active,
                    last_contact: recent_active.then_some(Duration::from_millis(50)),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn pool(members: &[(u64, MemberStatus)]) -> Vec<(ServerInfo, MemberStatus)> {
        members.iter().map(|&(id, st)| (server(id), st)).collect()
    }

    use MemberStatus::{Alive, Failed, Left};

    #[test]
    fn a_member_whose_node_came_back_under_another_raft_id_is_replaced() {
        let st = status(&[1, 2, 3], &[]);
        // Server 3's data dir was wiped: node s3 came back as Raft id 9.
        let mut back = server(9);
        back.name = server(3).name;
        let servers = vec![(server(1), Alive), (server(2), Alive), (back, Alive)];
        let book: HashMap<u64, String> = [1, 2, 3]
            .into_iter()
            .map(|id| (id, server(id).name))
            .collect();
        assert_eq!(replaced_member(&st, &servers, &book), Some(3));
        // Not while the pool still knows 3, nor while 9 is not alive, nor
        // for a member the pool simply has not seen yet.
        let mut known = servers.clone();
        known.push((server(3), Failed));
        assert_eq!(replaced_member(&st, &known, &book), None);
        let mut dead = servers.clone();
        dead[2].1 = Failed;
        assert_eq!(replaced_member(&st, &dead, &book), None);
        let unseen = pool(&[(1, Alive), (2, Alive)]);
        assert_eq!(replaced_member(&st, &unseen, &book), None);
        // A member whose name was never seen stays: after a restart that
        // shuffled addresses, the leader may not know it yet.
        let mut unnamed = book.clone();
        unnamed.remove(&3);
        assert_eq!(replaced_member(&st, &servers, &unnamed), None);
        // Learners too.
        let st = status(&[1, 2], &[3]);
        assert_eq!(replaced_member(&st, &servers, &book), Some(3));
    }

    #[test]
    fn new_servers_join_as_non_voters_and_are_promoted_once_stable() {
        let settings = Autopilot::default();
        let mut since = HashMap::new();
        let t0 = Instant::now();
        let servers = pool(&[(1, Alive), (2, Alive), (3, Alive), (4, Alive)]);
        let st = status(&[1, 2, 3], &[]);
        let pr = progress(100, &[(1, 100, true), (2, 100, true), (3, 99, true)]);
        assert_eq!(
            next_change(&st, &pr, &servers, &settings, &mut since, t0),
            Some(Change::AddNonVoter(4))
        );

        // Caught up: healthy from now, promoted after the stabilization time.
        let st = status(&[1, 2, 3], &[4]);
        let pr = progress(
            100,
            &[
                (1, 100, true),
                (2, 100, true),
                (3, 100, true),
                (4, 90, true),
            ],
        );
        assert_eq!(
            next_change(&st, &pr, &servers, &settings, &mut since, t0),
            None
        );
        let later = t0 + settings.server_stabilization_time;
        assert_eq!(
            next_change(&st, &pr, &servers, &settings, &mut since, later),
            Some(Change::Promote(4))
        );

        // Trailing too far (or silent) restarts the clock.
        let mut since = HashMap::new();
        let behind = progress(1000, &[(1, 1000, true), (4, 10, true)]);
        assert_eq!(
            next_change(&st, &behind, &servers, &settings, &mut since, t0),
            None
        );
        assert_eq!(
            next_change(&st, &behind, &servers, &settings, &mut since, later),
            None
        );
        let silent = progress(100, &[(1, 100, true), (4, 100, false)]);
        assert_eq!(
            next_change(&st, &silent, &servers, &settings, &mut since, later),
            None
        );
    }

    #[test]
    fn left_servers_are_removed_and_failed_ones_only_with_a_healthy_majority() {
        let settings = Autopilot::default();
        let mut since = HashMap::new();
        let now = Instant::now();
        let pr = progress(10, &[(2, 10, true), (3, 10, true)]);
        let st = status(&[1, 2, 3], &[]);

        let left = pool(&[(1, Alive), (2, Left), (3, Alive)]);
        assert_eq!(
            next_change(&st, &pr, &left, &settings, &mut since, now),
            Some(Change::Remove(2))
        );
        let one_failed = pool(&[(1, Alive), (2, Alive), (3, Failed)]);
        assert_eq!(
            next_change(&st, &pr, &one_failed, &settings, &mut since, now),
            Some(Change::Remove(3))
        );
        // Server 2 looks alive in the pool but Raft has not heard from it
        // (it just died): removing 3 would leave {1, 2} with no live
        // majority.
        let silent = progress(10, &[(2, 10, false), (3, 10, false)]);
        assert_eq!(
            next_change(&st, &silent, &one_failed, &settings, &mut since, now),
            None
        );
        // Two of three failed: removing either would leave no majority.
        let two_failed = pool(&[(1, Alive), (2, Failed), (3, Failed)]);
        assert_eq!(
            next_change(&st, &pr, &two_failed, &settings, &mut since, now),
            None
        );
        // Unknown to the pool (gossip still converging) is not dead.
        let unknown = pool(&[(1, Alive), (2, Alive)]);
        assert_eq!(
            next_change(&st, &pr, &unknown, &settings, &mut since, now),
            None
        );
        // Cleanup off: failed servers stay.
        let off = Autopilot {
            cleanup_dead_servers: false,
            ..settings
        };
        assert_eq!(
            next_change(&st, &pr, &one_failed, &off, &mut since, now),
            None
        );
        // The leader never removes itself.
        let me_left = pool(&[(1, Left), (2, Alive), (3, Alive)]);
        assert_eq!(
            next_change(&st, &pr, &me_left, &settings, &mut since, now),
            None
        );
        // MinQuorum: no dead server goes while that would leave fewer
        // voters than it asks for.
        let min3 = Autopilot {
            min_quorum: 3,
            ..settings
        };
        assert_eq!(
            next_change(&st, &pr, &one_failed, &min3, &mut since, now),
            None
        );
        let min2 = Autopilot {
            min_quorum: 2,
            ..settings
        };
        assert_eq!(
            next_change(&st, &pr, &one_failed, &min2, &mut since, now),
            Some(Change::Remove(3))
        );
    }

    #[test]
    fn a_server_not_heard_from_within_the_last_contact_threshold_is_unhealthy() {
        let settings = Autopilot::default();
        let peer = |ms: Option<u64>| PeerProgress {
            id: 2,
            matched: 10,
            recent_active: true,
            last_contact: ms.map(Duration::from_millis),
        };
        let alive = Some(MemberStatus::Alive);
        assert!(is_healthy(
            alive,
            Some(&peer(Some(150))),
            false,
            10,
            &settings
        ));
        assert!(!is_healthy(
            alive,
            Some(&peer(Some(250))),
            false,
            10,
            &settings
        ));
        assert!(!is_healthy(alive, Some(&peer(None)), false, 10, &settings));
        let lax = Autopilot {
            last_contact_threshold: Duration::from_secs(1),
            ..settings
        };
        assert!(is_healthy(alive, Some(&peer(Some(250))), false, 10, &lax));
        // The leader is healthy by definition.
        assert!(is_healthy(alive, None, true, 10, &settings));
    }
}

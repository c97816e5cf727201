//! The cluster's identity, and the agreement that lets exactly one set of
//! servers start a cluster.
//!
//! **Identity.** A cluster is named by a random UUID chosen when it is
//! bootstrapped and written in the same synced batch as its first
//! configuration. Every Raft stream (`Send`, `InstallSnapshot`) carries the
//! sender's identity in `roster-cluster-id` metadata; a server of another
//! cluster, or a sender with none, is refused with `FAILED_PRECONDITION` and
//! an error in both logs, so two clusters that meet in one gossip pool never
//! mix their logs. A server with no identity yet (new, or added by a leader)
//! takes the identity of the first cluster whose stream it accepts, synced
//! before the first message is stepped.
//!
//! **Bootstrap by promises.** Servers started with `-bootstrap-expect` each
//! see the pool through their own gossip view, and views differ while
//! servers start (N+1 servers, a flapping member). So a server writes a first
//! configuration only after every server in it has *promised* that proposal:
//! a server promises at most one live proposal (persisted, synced), and a
//! proposer first promises its own. Two proposals that share a server can
//! therefore never both be promised by all their voters, and only one is
//! written; with fewer than twice `bootstrap_expect` servers in the pool any
//! two proposals share one. A proposer that is refused withdraws its proposal
//! (then it can never be written) and tries again later; a server holding a
//! promise asks its proposer (`ProposalStatus`) before it promises another or
//! joins another cluster, and keeps the promise while the proposer cannot be
//! asked.

use std::{future::Future, sync::Mutex};

use prost::Message as _;
use roster_proto::raft::v1::BootstrapProposal;

use crate::storage::{Engine, StorageError};

/// The gRPC metadata key that carries the sender's cluster identity.
pub const METADATA_KEY: &str = "roster-cluster-id";

#[derive(Default)]
struct State {
    /// The cluster this server belongs to.
    id: Option<String>,
    /// The proposal this server promised (its own, if it proposes).
    promise: Option<BootstrapProposal>,
}

/// This server's cluster identity and bootstrap promise, kept in the engine.
pub struct ClusterIdentity {
    engine: Engine,
    own: u64,
    state: Mutex<State>,
    /// Serialises the changes (which may wait on another server).
    changes: tokio::sync::Mutex<()>,
}

/// Whether a sender of cluster `sender` may talk to a server of `own`.
fn same_cluster(own: &str, sender: Option<&str>) -> Result<(), String> {
    match sender {
        Some(theirs) if theirs == own => Ok(()),
        Some(theirs) => Err(format!(
            "this server belongs to cluster {own}, the sender to cluster {theirs}"
        )),
        None => Err(format!(
            "the sender belongs to no cluster; this server belongs to cluster {own}"
        )),
    }
}

fn storage(e: StorageError) -> String {
    format!("cannot record it: {e}")
}

impl ClusterIdentity {
    /// Loads the identity and any promise of the server `own` from `engine`.
    pub fn open(engine: Engine, own: u64) -> Result<ClusterIdentity, StorageError> {
        let id = engine.cluster_id()?;
        let promise = match (&id, engine.bootstrap_promise()?) {
            (None, Some(bytes)) => {
                Some(BootstrapProposal::decode(bytes.as_slice()).map_err(|e| {
                    StorageError::Corrupt {
                        cf: crate::storage::CF_RAFT_STATE,
                        detail: format!("bootstrap promise: {e}"),
                    }
                })?)
            }
            _ => None,
        };
        Ok(ClusterIdentity {
            engine,
            own,
            state: Mutex::new(State { id, promise }),
            changes: tokio::sync::Mutex::new(()),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cluster this server belongs to, if it belongs to one.
    pub fn id(&self) -> Option<String> {
        self.state().id.clone()
    }

    /// The proposal this server promised, if any.
    pub fn promised(&self) -> Option<BootstrapProposal> {
        self.state().promise.clone()
    }

    /// Records in memory that this server wrote the first configuration of
    /// cluster `id` (the write itself recorded it on disk).
    pub fn bootstrapped(&self, id: &str) {
        let mut s = self.state();
        s.id = Some(id.to_string());
        s.promise = None;
    }

    /// Whether a Raft stream from a server of cluster `sender` may be
    /// accepted; a server with no identity and no Raft state (`initialized`)
    /// takes the sender's. `Err` says why not.
    pub async fn admit(&self, sender: Option<&str>, initialized: bool) -> Result<(), String> {
        // A member of a cluster decides without waiting on the lock (which a
        // bootstrap may hold while it asks another server).
        if let Some(own) = self.id() {
            return same_cluster(&own, sender);
        }
        let _changes = self.changes.lock().await;
        let (id, promised) = {
            let s = self.state();
            (s.id.clone(), s.promise.clone())
        };
        if let Some(own) = id {
            return same_cluster(&own, sender);
        }
        let theirs = match sender {
            // Only servers from before identities existed send none; a
            // server bound to a proposal waits for its cluster's.
            None => {
                return match promised {
                    None => Ok(()),
                    Some(p) => Err(format!(
                        "the sender belongs to no cluster; this server promised cluster {}",
                        p.cluster_id
                    )),
                };
            }
            Some(_) if initialized => {
                return Err(
                    "this server has Raft state of a cluster without an identity; it takes no \
                     other cluster's"
                        .into(),
                );
            }
            Some(theirs) => theirs,
        };
        if let Some(p) = promised.filter(|p| p.cluster_id != theirs) {
            return Err(format!(
                "this server promised to bootstrap cluster {} proposed by server {:x}; it joins \
                 no other cluster until that proposal is withdrawn",
                p.cluster_id, p.proposer
            ));
        }
        self.engine.save_cluster_id(theirs).map_err(storage)?;
        let mut s = self.state();
        s.id = Some(theirs.to_string());
        s.promise = None;
        tracing::info!(cluster_id = theirs, "joined the cluster");
        Ok(())
    }

    /// Drops a promise to another server's proposal if that server says it
    /// was withdrawn. `Err` says why the promise stands.
    async fn release_withdrawn<F, Fut>(
        &self,
        current: &BootstrapProposal,
        is_live: F,
    ) -> Result<(), String>
    where
        F: FnOnce(BootstrapProposal) -> Fut,
        Fut: Future<Output = Option<bool>>,
    {
        match is_live(current.clone()).await {
            Some(false) => {
                self.engine.save_bootstrap_promise(None).map_err(storage)?;
                self.state().promise = None;
                tracing::info!(
                    cluster_id = current.cluster_id,
                    proposer = format_args!("{:x}", current.proposer),
                    "the bootstrap proposal this server promised was withdrawn"
                );
                Ok(())
            }
            Some(true) => Err(format!(
                "this server promised cluster {} proposed by server {:x}",
                current.cluster_id, current.proposer
            )),
            None => Err(format!(
                "this server promised cluster {} proposed by server {:x}, which cannot be asked \
                 whether it still stands",
                current.cluster_id, current.proposer
            )),
        }
    }

    /// Binds this server to `proposal` unless it belongs to a cluster, has
    /// Raft state (`initialized`), or holds a promise to another proposal
    /// that its proposer has not withdrawn (`is_live` asks the proposer).
    pub async fn promise<F, Fut>(
        &self,
        proposal: BootstrapProposal,
        initialized: bool,
        is_live: F,
    ) -> Result<(), String>
    where
        F: FnOnce(BootstrapProposal) -> Fut,
        Fut: Future<Output = Option<bool>>,
    {
        if !proposal.voters.contains(&self.own) {
            return Err("this server is not among the proposal's voters".into());
        }
        let _changes = self.changes.lock().await;
        if let Some(id) = self.id() {
            return Err(format!("this server belongs to cluster {id} already"));
        }
        if initialized {
            return Err("this server has Raft state already".into());
        }
        if let Some(current) = self.promised() {
            if current.cluster_id == proposal.cluster_id {
                return Ok(());
            }
            if current.proposer == self.own {
                return Err(format!(
                    "this server proposes cluster {} itself",
                    current.cluster_id
                ));
            }
            self.release_withdrawn(&current, is_live).await?;
        }
        self.engine
            .save_bootstrap_promise(Some(&proposal.encode_to_vec()))
            .map_err(storage)?;
        self.state().promise = Some(proposal);
        Ok(())
    }

    /// This server's own proposal of `voters` (sorted): the one it made
    /// before if that had the same voters, else a new one (which withdraws
    /// any older one). Refused while it holds another server's live
    /// proposal.
    pub async fn propose<F, Fut>(
        &self,
        voters: Vec<u64>,
        is_live: F,
    ) -> Result<BootstrapProposal, String>
    where
        F: FnOnce(BootstrapProposal) -> Fut,
        Fut: Future<Output = Option<bool>>,
    {
        let _changes = self.changes.lock().await;
        if let Some(id) = self.id() {
            return Err(format!("this server belongs to cluster {id} already"));
        }
        if let Some(current) = self.promised() {
            if current.proposer == self.own && current.voters == voters {
                return Ok(current);
            }
            if current.proposer != self.own {
                self.release_withdrawn(&current, is_live).await?;
            }
        }
        let proposal = BootstrapProposal {
            cluster_id: uuid::Uuid::new_v4().to_string(),
            proposer: self.own,
            voters,
        };
        self.engine
            .save_bootstrap_promise(Some(&proposal.encode_to_vec()))
            .map_err(storage)?;
        self.state().promise = Some(proposal.clone());
        Ok(proposal)
    }

    /// Withdraws this server's own proposal `cluster_id`: it is never
    /// written after this returns.
    pub async fn withdraw(&self, cluster_id: &str) -> Result<(), String> {
        let _changes = self.changes.lock().await;
        let own = self
            .promised()
            .is_some_and(|p| p.proposer == self.own && p.cluster_id == cluster_id);
        if own {
            self.engine.save_bootstrap_promise(None).map_err(storage)?;
            self.state().promise = None;
        }
        Ok(())
    }

    /// Whether this server holds a promise to another server's proposal.
    pub fn holds_foreign_promise(&self) -> bool {
        self.promised().is_some_and(|p| p.proposer != self.own)
    }

    /// Withdraws this server's own proposal, if it has one that was not
    /// written: called when it stops proposing (another server proposes, a
    /// cluster exists), so that the servers it asked are free again.
    pub async fn withdraw_own(&self) -> Result<(), String> {
        let own = self.promised().filter(|p| p.proposer == self.own);
        match own {
            Some(p) if self.id().is_none() => {
                tracing::info!(
                    cluster_id = p.cluster_id,
                    "withdrawing this server's bootstrap proposal"
                );
                self.withdraw(&p.cluster_id).await
            }
            _ => Ok(()),
        }
    }

    /// Drops a promise to another server's proposal once its proposer says
    /// it was withdrawn (run periodically by a server with no cluster).
    pub async fn check_promise<F, Fut>(&self, is_live: F)
    where
        F: FnOnce(BootstrapProposal) -> Fut,
        Fut: Future<Output = Option<bool>>,
    {
        let _changes = self.changes.lock().await;
        if let Some(current) = self.promised().filter(|p| p.proposer != self.own)
            && let Err(reason) = self.release_withdrawn(&current, is_live).await
        {
            tracing::info!("{reason}; not joining another cluster yet");
        }
    }

    /// Whether proposal `cluster_id` of server `proposer` may still be
    /// written, or was: the answer to `ProposalStatus`. A server that is not
    /// `proposer` cannot tell and says it may.
    pub fn is_live(&self, proposer: u64, cluster_id: &str) -> bool {
        if proposer != self.own {
            return true;
        }
        let s = self.state();
        s.id.as_deref() == Some(cluster_id)
            || s.promise
                .as_ref()
                .is_some_and(|p| p.proposer == self.own && p.cluster_id == cluster_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(dir: &std::path::Path, own: u64) -> ClusterIdentity {
        ClusterIdentity::open(Engine::open(dir).unwrap(), own).unwrap()
    }

    fn proposal(id: &str, proposer: u64, voters: &[u64]) -> BootstrapProposal {
        BootstrapProposal {
            cluster_id: id.into(),
            proposer,
            voters: voters.to_vec(),
        }
    }

    async fn live(_: BootstrapProposal) -> Option<bool> {
        Some(true)
    }
    async fn withdrawn(_: BootstrapProposal) -> Option<bool> {
        Some(false)
    }
    async fn unreachable(_: BootstrapProposal) -> Option<bool> {
        None
    }

    #[tokio::test]
    async fn a_server_promises_one_live_proposal_and_remembers_it() {
        let dir = tempfile::tempdir().unwrap();
        {
            let me = open(dir.path(), 2);
            me.promise(proposal("a", 1, &[1, 2, 3]), false, live)
                .await
                .unwrap();
            // The same proposal again: still promised.
            me.promise(proposal("a", 1, &[1, 2, 3]), false, live)
                .await
                .unwrap();
            // Another, while the first stands or its proposer cannot answer.
            let e = me
                .promise(proposal("b", 4, &[2, 3, 4]), false, live)
                .await
                .unwrap_err();
            assert!(e.contains("promised cluster a"), "{e}");
            me.promise(proposal("b", 4, &[2, 3, 4]), false, unreachable)
                .await
                .unwrap_err();
        }
        // After a restart the promise still binds.
        let me = open(dir.path(), 2);
        assert_eq!(me.promised().unwrap().cluster_id, "a");
        me.promise(proposal("b", 4, &[2, 3, 4]), false, live)
            .await
            .unwrap_err();
        // Once its proposer withdrew it, another may be promised.
        me.promise(proposal("b", 4, &[2, 3, 4]), false, withdrawn)
            .await
            .unwrap();
        assert_eq!(me.promised().unwrap().cluster_id, "b");
    }

    #[tokio::test]
    async fn a_proposer_binds_itself_and_refuses_others_until_it_withdraws() {
        let dir = tempfile::tempdir().unwrap();
        let me = open(dir.path(), 1);
        let mine = me.propose(vec![1, 2, 3], live).await.unwrap();
        assert_eq!(mine.proposer, 1);
        assert!(me.is_live(1, &mine.cluster_id));
        // Asked again with the same voters: the same proposal.
        assert_eq!(me.propose(vec![1, 2, 3], live).await.unwrap(), mine);
        // Another server's proposal is refused without asking anyone.
        let e = me
            .promise(proposal("x", 2, &[1, 2, 3]), false, withdrawn)
            .await
            .unwrap_err();
        assert!(e.contains("proposes cluster"), "{e}");
        // Other voters: a new proposal, and the old one is dead.
        let other = me.propose(vec![1, 2, 3, 4], live).await.unwrap();
        assert_ne!(other.cluster_id, mine.cluster_id);
        assert!(!me.is_live(1, &mine.cluster_id));
        // Asked about another proposer's proposal, it cannot tell.
        assert!(me.is_live(2, &mine.cluster_id));
        me.withdraw(&other.cluster_id).await.unwrap();
        assert!(!me.is_live(1, &other.cluster_id));
        me.promise(proposal("x", 2, &[1, 2, 3]), false, live)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn servers_with_state_or_not_among_the_voters_never_promise() {
        let dir = tempfile::tempdir().unwrap();
        let me = open(dir.path(), 5);
        me.promise(proposal("a", 1, &[1, 2, 3]), false, live)
            .await
            .unwrap_err();
        me.promise(proposal("a", 1, &[1, 5]), true, live)
            .await
            .unwrap_err();
        me.admit(Some("c"), false).await.unwrap();
        let e = me
            .promise(proposal("a", 1, &[1, 5]), false, live)
            .await
            .unwrap_err();
        assert!(e.contains("belongs to cluster c"), "{e}");
    }

    #[tokio::test]
    async fn streams_of_another_cluster_are_refused_and_a_new_server_joins_the_first() {
        let dir = tempfile::tempdir().unwrap();
        {
            let me = open(dir.path(), 3);
            me.admit(None, false).await.unwrap();
            me.promise(proposal("a", 1, &[1, 3]), false, live)
                .await
                .unwrap();
            // Promised a: cluster b is refused until a is withdrawn.
            me.admit(Some("b"), false).await.unwrap_err();
            me.admit(Some("a"), false).await.unwrap();
            assert_eq!(me.id().as_deref(), Some("a"));
            assert!(me.promised().is_none());
            me.admit(Some("a"), false).await.unwrap();
            let e = me.admit(Some("b"), false).await.unwrap_err();
            assert!(e.contains("cluster a") && e.contains("cluster b"), "{e}");
            me.admit(None, false).await.unwrap_err();
        }
        let me = open(dir.path(), 3);
        assert_eq!(me.id().as_deref(), Some("a"));
        me.admit(Some("b"), false).await.unwrap_err();
    }

    #[tokio::test]
    async fn a_bound_or_stateful_server_takes_no_identity_and_no_anonymous_stream() {
        let dir = tempfile::tempdir().unwrap();
        let me = open(dir.path(), 3);
        // Raft state without an identity (a data dir from before them):
        // no cluster's identity is taken.
        me.admit(Some("b"), true).await.unwrap_err();
        assert_eq!(me.id(), None);
        // Bound to a proposal: a sender without identity is refused too.
        me.promise(proposal("a", 1, &[1, 3]), false, live)
            .await
            .unwrap();
        me.admit(None, false).await.unwrap_err();
    }

    #[tokio::test]
    async fn a_server_that_stops_proposing_withdraws_its_proposal() {
        let dir = tempfile::tempdir().unwrap();
        let me = open(dir.path(), 1);
        let mine = me.propose(vec![1, 2, 3], live).await.unwrap();
        me.withdraw_own().await.unwrap();
        assert!(!me.is_live(1, &mine.cluster_id));
        assert!(me.promised().is_none());
        // Another server's promise is not its own to withdraw.
        me.promise(proposal("x", 2, &[1, 2]), false, live)
            .await
            .unwrap();
        me.withdraw_own().await.unwrap();
        assert_eq!(me.promised().unwrap().cluster_id, "x");
    }

    #[tokio::test]
    async fn a_withdrawn_promise_is_dropped_by_the_periodic_check() {
        let dir = tempfile::tempdir().unwrap();
        let me = open(dir.path(), 3);
        me.promise(proposal("a", 1, &[1, 3]), false, live)
            .await
            .unwrap();
        me.check_promise(unreachable).await;
        assert!(me.promised().is_some());
        me.check_promise(live).await;
        assert!(me.promised().is_some());
        me.check_promise(withdrawn).await;
        assert!(me.promised().is_none());
        me.admit(Some("b"), false).await.unwrap();
    }
}

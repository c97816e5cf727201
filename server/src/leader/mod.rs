//! Duties of the leader: started when this server's leadership is
//! established (it leads and has applied an entry of its term, so its state
//! is current) and cancelled when it is lost, or when the agent stops. Each
//! term of leadership runs its duties afresh, as Consul's `leaderLoop` does.
//!
//! Today: reaping KV tombstones ([`tombstones`]), writing reported
//! coordinates ([`coordinates`]) and reconciling gossip into the catalog
//! ([`reconcile`]: `serfHealth`, the servers' `consul` service), and session
//! TTL timers ([`sessions`]), and the ACL built-ins ([`acl`]).

pub mod acl;
pub mod coordinates;
pub mod reconcile;
pub mod sessions;
pub mod tombstones;

use std::{sync::Arc, time::Duration};

use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::{
    gossip::Gossip,
    rpc::{ServerContext, coordinate::CoordinateQueue},
};

/// Consul's tombstone TTL.
pub const TOMBSTONE_TTL: Duration = Duration::from_secs(15 * 60);
/// Consul's tombstone granularity.
pub const TOMBSTONE_GRANULARITY: Duration = Duration::from_secs(30);

/// What the leader's duties work with.
#[derive(Clone)]
pub struct LeaderDuties {
    /// The Raft node and the state machine.
    pub ctx: ServerContext,
    /// Coordinate updates waiting for the leader's next batch.
    pub coordinates: Arc<CoordinateQueue>,
    /// The gossip pools (the members to reconcile into the catalog).
    pub gossip: Arc<Gossip>,
    /// The ACL settings (the built-ins the leader keeps in place).
    pub acl: crate::config::acl::AclConfig,
}

impl LeaderDuties {
    /// Starts every duty for one term; they stop when `term_over` is
    /// cancelled.
    fn start(&self, term_over: &CancellationToken, tasks: &TaskTracker) {
        tasks.spawn(tombstones::reap(
            self.ctx.clone(),
            TOMBSTONE_TTL,
            TOMBSTONE_GRANULARITY,
            term_over.clone(),
        ));
        tasks.spawn(coordinates::flush(
            self.ctx.clone(),
            Arc::clone(&self.coordinates),
            term_over.clone(),
        ));
        tasks.spawn(reconcile::run(
            self.ctx.clone(),
            Arc::clone(&self.gossip),
            term_over.clone(),
        ));
        tasks.spawn(sessions::run(self.ctx.clone(), term_over.clone()));
        tasks.spawn(acl::run(
            self.ctx.clone(),
            self.acl.clone(),
            term_over.clone(),
        ));
    }
}

/// Watches leadership until `shutdown`, running the duties for each term
/// this server leads. Returns once the last term's duties have stopped.
pub async fn run(duties: LeaderDuties, shutdown: CancellationToken) {
    let mut changes = duties.ctx.raft.changes();
    let tasks = TaskTracker::new();
    // The term being led, and the token that ends its duties.
    let mut leading: Option<(u64, CancellationToken)> = None;
    loop {
        let status = duties.ctx.raft.status();
        let established = (status.is_leader && status.leader_ready).then_some(status.term);
        if leading.as_ref().map(|(term, _)| *term) != established {
            if let Some((term, over)) = leading.take() {
                tracing::debug!(term, "leader duties stopped");
                over.cancel();
            }
            if let Some(term) = established {
                tracing::debug!(term, "leader duties started");
                let over = shutdown.child_token();
                duties.start(&over, &tasks);
                leading = Some((term, over));
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            changed = changes.changed() => if changed.is_err() { break },
        }
    }
    if let Some((_, over)) = leading {
        over.cancel();
    }
    tasks.close();
    tasks.wait().await;
}

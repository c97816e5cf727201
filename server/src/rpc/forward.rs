//! Getting a request to the leader. A write, or a read that needs the
//! leader's state, waits up to `rpc_hold_timeout` for a leader; after that it
//! fails with Consul's "No cluster leader".
//!
//! With one server the leader is always local; forwarding to a remote leader
//! plugs in here when servers have peers.

use roster_proto::status::{ErrorKind, NO_LEADER_MESSAGE};
use tokio::time::Instant;

use super::ServerContext;
use crate::{raft::RaftError, state::ApplyOutcome};

/// Proposes `data` on the leader and waits for it to apply. Retries while
/// no leader is known, up to the hold timeout. A write whose fate is unknown
/// is reported as such, never as failed.
pub async fn apply(ctx: &ServerContext, data: Vec<u8>) -> Result<ApplyOutcome, tonic::Status> {
    let deadline = Instant::now() + ctx.rpc_hold_timeout;
    loop {
        match ctx.raft.propose(data.clone()).await {
            Ok(outcome) => return Ok(outcome),
            // Dropped: the entry was replaced and never applied, so trying
            // again cannot apply it twice.
            Err(RaftError::NoLeader | RaftError::Dropped) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || !ctx.raft.wait_for_leadership(left).await {
                    return Err(ErrorKind::NoLeader.status(NO_LEADER_MESSAGE));
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Waits until this server is a leader whose state is current, for reads in
/// the default (leader) consistency mode.
pub async fn ensure_leader(ctx: &ServerContext) -> Result<(), tonic::Status> {
    if ctx.raft.wait_for_leadership(ctx.rpc_hold_timeout).await {
        Ok(())
    } else {
        Err(ErrorKind::NoLeader.status(NO_LEADER_MESSAGE))
    }
}

/// Obtains a quorum-confirmed read index and waits until it is applied, for
/// `consistent` reads. Retries while no leader is known, up to the hold
/// timeout.
pub async fn read_index(ctx: &ServerContext) -> Result<u64, tonic::Status> {
    let deadline = Instant::now() + ctx.rpc_hold_timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, ctx.raft.read_index()).await {
            Ok(Ok(index)) => return Ok(index),
            Ok(Err(RaftError::NoLeader)) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || !ctx.raft.wait_for_leader(left).await {
                    return Err(ErrorKind::NoLeader.status(NO_LEADER_MESSAGE));
                }
                // A leader appeared; give the read index another try after a
                // short pause so that a follower does not spin.
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => {
                return Err(ErrorKind::NoLeader.status(format!(
                    "{NO_LEADER_MESSAGE}: Not ready to serve consistent reads"
                )));
            }
        }
    }
}

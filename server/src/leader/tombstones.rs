//! Reaping KV tombstones once they are older than the tombstone TTL (Consul:
//! 15 min, batched at 30 s granularity), by proposing `KvTombstoneReap`
//! through Raft so every server drops the same tombstones.
//!
//! Age is measured on the leader only: every `granularity` it remembers
//! (time, applied index); a tombstone written at or before an index that was
//! current `ttl` ago is expired. The reaper runs for one term of leadership
//! and starts with an empty memory, so reaping after a leader change is
//! late, never early.

use std::{collections::VecDeque, time::Duration};

use roster_proto::raft::v1::{KvTombstoneReap, command::Command};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::storage::Tables as _;
use crate::{rpc::ServerContext, state::encode_command};

/// Remembers which index was current when, on the leader.
#[derive(Debug, Default)]
pub struct IndexClock {
    marks: VecDeque<(Instant, u64)>,
}

impl IndexClock {
    /// Records that `index` was applied at `now` (while leader).
    pub fn mark(&mut self, now: Instant, index: u64) {
        self.marks.push_back((now, index));
    }

    /// The highest index that was already applied `ttl` before `now`, and
    /// forgets the marks before it.
    pub fn expired_up_to(&mut self, now: Instant, ttl: Duration) -> Option<u64> {
        let mut expired = None;
        while let Some(&(at, index)) = self.marks.front() {
            if now.duration_since(at) < ttl {
                break;
            }
            expired = Some(index);
            self.marks.pop_front();
        }
        expired
    }
}

/// Runs the tombstone reaper until `term_over` (leadership lost or the
/// agent stopping).
pub async fn reap(
    ctx: ServerContext,
    ttl: Duration,
    granularity: Duration,
    term_over: CancellationToken,
) {
    let mut clock = IndexClock::default();
    let mut reaped_up_to = 0;
    let mut interval = tokio::time::interval(granularity);
    loop {
        tokio::select! {
            _ = term_over.cancelled() => return,
            _ = interval.tick() => {}
        }
        let status = ctx.raft.status();
        let now = Instant::now();
        clock.mark(now, status.applied_index);
        let Some(up_to) = clock.expired_up_to(now, ttl) else {
            continue;
        };
        if up_to <= reaped_up_to {
            continue;
        }
        let engine = ctx.state.engine().clone();
        let any = tokio::task::spawn_blocking(move || {
            let mut found = false;
            engine
                .kv_tombstones(|_, index| {
                    found = index <= up_to;
                    Ok(!found)
                })
                .map(|_| found)
        })
        .await;
        if !matches!(any, Ok(Ok(true))) {
            reaped_up_to = up_to;
            continue;
        }
        let command = encode_command(Command::KvTombstoneReap(KvTombstoneReap {
            up_to_index: up_to,
        }));
        match ctx.raft.propose(command).await {
            Ok(_) => {
                tracing::debug!(up_to, "reaped kv tombstones");
                reaped_up_to = up_to;
            }
            Err(error) => tracing::debug!(%error, "tombstone reap not applied"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_expires_only_after_the_ttl() {
        let start = Instant::now();
        let ttl = Duration::from_secs(60);
        let mut clock = IndexClock::default();
        clock.mark(start, 10);
        clock.mark(start + Duration::from_secs(30), 20);
        clock.mark(start + Duration::from_secs(60), 30);
        assert_eq!(
            clock.expired_up_to(start + Duration::from_secs(59), ttl),
            None
        );
        assert_eq!(
            clock.expired_up_to(start + Duration::from_secs(95), ttl),
            Some(20)
        );
        assert_eq!(
            clock.expired_up_to(start + Duration::from_secs(95), ttl),
            None
        );
    }
}

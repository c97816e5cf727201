//! Joining at start: `-join` / `-join-wan` must succeed for the agent to
//! start (as Consul); `-retry-join` / `-retry-join-wan` keep trying in the
//! background and end the agent when their retries run out.

use std::sync::Arc;

use tokio_util::{sync::CancellationToken, task::TaskTracker};

use super::AgentError;
use crate::{
    config::Config,
    gossip::{self, Gossip},
};

/// Joins the `-join` and `-join-wan` addresses; an error stops the start.
pub async fn join_at_start(config: &Config, gossip: &Gossip) -> Result<(), AgentError> {
    for (wan, addresses) in [(false, &config.start_join), (true, &config.start_join_wan)] {
        if addresses.is_empty() {
            continue;
        }
        let pool = gossip
            .pool(wan)
            .map_err(|e| AgentError::Gossip(e.to_string()))?;
        match pool.join(addresses).await {
            Ok(n) => tracing::info!(
                pool = pool.kind().as_str(),
                joined = n,
                "joined the cluster"
            ),
            Err(e) => {
                return Err(AgentError::Gossip(format!(
                    "failed to join {}: {e}",
                    addresses.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// Starts the `-retry-join` loops; `fatal` is cancelled when one gives up.
pub fn spawn_retry_joins(
    config: &Config,
    gossip: &Arc<Gossip>,
    fatal: &CancellationToken,
    shutdown: &CancellationToken,
    tasks: &TaskTracker,
) {
    for (wan, addresses, interval, max) in [
        (
            false,
            &config.retry_join,
            config.retry_interval,
            config.retry_max,
        ),
        (
            true,
            &config.retry_join_wan,
            config.retry_interval_wan,
            config.retry_max_wan,
        ),
    ] {
        if addresses.is_empty() {
            continue;
        }
        let gossip = Arc::clone(gossip);
        let addresses = addresses.clone();
        let stop = shutdown.child_token();
        let fatal = fatal.clone();
        tasks.spawn(async move {
            let stopped = stop.clone();
            let joined =
                gossip::join::retry_join(gossip, wan, addresses, interval, max, stop).await;
            if !joined && !stopped.is_cancelled() {
                fatal.cancel();
            }
        });
    }
}

//! The checks this agent runs: one task per check, started when the check
//! is registered, stopped when it is removed or replaced (a new
//! registration is a new generation, and a runner of an old one is
//! ignored). One file per kind of check; the results go to the local state,
//! which anti-entropy pushes to the catalog.

pub mod ttl;

use std::{collections::HashMap, sync::Arc};

use tokio_util::{sync::CancellationToken, task::TaskTracker};

use super::local::{CheckKind, LocalState};

/// Runs every registered check until `shutdown`.
pub async fn run(local: Arc<LocalState>, shutdown: CancellationToken) {
    let mut changes = local.subscribe();
    let tasks = TaskTracker::new();
    // Lowercased check ID → (generation, stop).
    let mut running: HashMap<String, (u64, CancellationToken)> = HashMap::new();
    loop {
        let snapshot = local.snapshot();
        running.retain(|id, (generation, stop)| {
            let current = snapshot
                .checks
                .get(id)
                .is_some_and(|c| c.generation == *generation);
            if !current {
                stop.cancel();
            }
            current
        });
        for (id, check) in &snapshot.checks {
            if running.contains_key(id) {
                continue;
            }
            let stop = shutdown.child_token();
            let check_id = check.check.check_id.clone();
            match check.kind {
                CheckKind::Ttl(ttl) => {
                    tasks.spawn(ttl::run(
                        Arc::clone(&local),
                        check_id,
                        check.generation,
                        ttl,
                        stop.clone(),
                    ));
                }
            }
            running.insert(id.clone(), (check.generation, stop));
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            changed = changes.changed() => if changed.is_err() { break },
        }
    }
    for (_, (_, stop)) in running {
        stop.cancel();
    }
    tasks.close();
    tasks.wait().await;
}

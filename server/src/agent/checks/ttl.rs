//! TTL checks: the status is set through the API (pass, warn, fail,
//! update), and turns critical when no update came within the TTL. The
//! output then says so, keeping the last output (Consul's wording).

use std::{sync::Arc, time::Duration};

use roster_proto::catalog::v1::HealthStatus;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::agent::local::LocalState;

/// The output of an expired TTL check whose last output was `last`.
pub fn expired_output(last: &str) -> String {
    if last.is_empty() {
        "TTL expired".into()
    } else {
        format!("TTL expired (last output before timeout follows): {last}")
    }
}

/// Watches one TTL check until `stop`.
pub async fn run(
    local: Arc<LocalState>,
    id: String,
    generation: u64,
    ttl: Duration,
    stop: CancellationToken,
) {
    let mut changes = local.subscribe();
    let Some((mut renewals, _)) = local.check_renewals(&id) else {
        return;
    };
    let mut deadline = Some(Instant::now() + ttl);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            } => {
                let Some((_, last)) = local.check_renewals(&id) else { return };
                local.set_check_status(
                    &id,
                    Some(generation),
                    HealthStatus::Critical,
                    &expired_output(&last),
                    false,
                );
                deadline = None;
            }
            changed = changes.changed() => {
                if changed.is_err() {
                    return;
                }
                let Some((now, _)) = local.check_renewals(&id) else { return };
                if now != renewals {
                    renewals = now;
                    deadline = Some(Instant::now() + ttl);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use roster_proto::{
        agent::v1::AgentCheck,
        catalog::v1::{CheckDefinition, Node},
    };

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_check_not_renewed_within_its_ttl_turns_critical() {
        let local = LocalState::new(
            Node {
                node: "n".into(),
                ..Node::default()
            },
            crate::agent::local::ScriptPolicy::default(),
        );
        local
            .add_check(AgentCheck {
                check_id: "t".into(),
                name: "t".into(),
                definition: Some(CheckDefinition {
                    ttl: "10s".into(),
                    ..CheckDefinition::default()
                }),
                ..AgentCheck::default()
            })
            .unwrap();
        let stop = CancellationToken::new();
        let runner = tokio::spawn(crate::agent::checks::run(
            Arc::clone(&local),
            tonic::service::Routes::default(),
            stop.clone(),
        ));
        let status = |l: &LocalState| {
            let c = l.snapshot().checks["t"].check.clone();
            (c.status, c.output)
        };
        tokio::time::sleep(Duration::from_secs(1)).await;
        local.update_ttl("t", HealthStatus::Passing, "ok").unwrap();
        // Renewed every 8 s: stays passing.
        for _ in 0..3 {
            tokio::time::sleep(Duration::from_secs(8)).await;
            assert_eq!(status(&local).0, HealthStatus::Passing as i32);
            local.update_ttl("t", HealthStatus::Passing, "ok").unwrap();
        }
        tokio::time::sleep(Duration::from_secs(11)).await;
        assert_eq!(
            status(&local),
            (
                HealthStatus::Critical as i32,
                "TTL expired (last output before timeout follows): ok".to_string()
            )
        );
        stop.cancel();
        runner.await.unwrap();
    }
}

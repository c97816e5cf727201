//! The checks this agent runs: one task per check, started when the check
//! is registered, stopped when it is removed or replaced (a new
//! registration is a new generation, and a runner of an old one is
//! ignored). One file per kind of check; the results go to the local state,
//! which anti-entropy pushes to the catalog.
//!
//! A probing check's first run waits a random part of its interval, so that
//! many checks registered together are spread over it; each run is cut at
//! its timeout.

pub mod alias;
pub mod docker;
pub mod grpc;
pub mod h2ping;
pub mod http;
pub mod script;
pub mod tcp;
pub mod tls;
pub mod ttl;
pub mod udp;

use std::{collections::HashMap, sync::Arc, time::Duration};

use rand::Rng as _;
use roster_proto::catalog::v1::{CheckDefinition, HealthStatus};
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use super::local::{CheckKind, LocalState, ProbeKind, truncate_output};

/// Consul's consecutive-result thresholds: a passing result is reported
/// once `success_before_passing` came in a row; a failing one as warning
/// once `failures_before_warning`, as critical once
/// `failures_before_critical` came in a row (0: at once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thresholds {
    success_before_passing: u32,
    failures_before_warning: u32,
    failures_before_critical: u32,
    successes: u32,
    failures: u32,
}

impl Thresholds {
    /// Thresholds as registered; `failures_before_warning` defaults to
    /// `failures_before_critical` (Consul's rule).
    pub fn new(
        success_before_passing: u32,
        failures_before_warning: u32,
        failures_before_critical: u32,
    ) -> Thresholds {
        Thresholds {
            success_before_passing,
            failures_before_warning: if failures_before_warning == 0 {
                failures_before_critical
            } else {
                failures_before_warning
            },
            failures_before_critical,
            successes: 0,
            failures: 0,
        }
    }

    /// The status to report for one more result, if one is reported yet.
    pub fn observe(&mut self, status: HealthStatus) -> Option<HealthStatus> {
        if status == HealthStatus::Critical {
            self.successes = 0;
            self.failures = self.failures.saturating_add(1);
            if self.failures >= self.failures_before_critical {
                return Some(HealthStatus::Critical);
            }
            if self.failures >= self.failures_before_warning {
                return Some(HealthStatus::Warning);
            }
            None
        } else {
            self.failures = 0;
            self.successes = self.successes.saturating_add(1);
            (self.successes >= self.success_before_passing).then_some(status)
        }
    }
}

/// What one probe found.
pub struct ProbeResult {
    /// The status it reports.
    pub status: HealthStatus,
    /// Its output.
    pub output: String,
}

impl ProbeResult {
    fn new(status: HealthStatus, output: impl Into<String>) -> ProbeResult {
        ProbeResult {
            status,
            output: output.into(),
        }
    }

    /// A passing result.
    pub fn passing(output: impl Into<String>) -> ProbeResult {
        ProbeResult::new(HealthStatus::Passing, output)
    }

    /// A warning result.
    pub fn warning(output: impl Into<String>) -> ProbeResult {
        ProbeResult::new(HealthStatus::Warning, output)
    }

    /// A critical result.
    pub fn critical(output: impl Into<String>) -> ProbeResult {
        ProbeResult::new(HealthStatus::Critical, output)
    }
}

/// Runs one probe of `kind` against `definition`, cut at `timeout`.
pub async fn probe(
    kind: ProbeKind,
    definition: &CheckDefinition,
    timeout: Duration,
) -> ProbeResult {
    let run = async {
        match kind {
            ProbeKind::Http => http::probe(definition, timeout).await,
            ProbeKind::Tcp => tcp::probe(definition).await,
            ProbeKind::Udp => udp::probe(&definition.udp).await,
            ProbeKind::Grpc => grpc::probe(definition, timeout).await,
            ProbeKind::H2Ping => h2ping::probe(definition).await,
            ProbeKind::Docker => docker::probe(definition).await,
            ProbeKind::Script => script::probe(&definition.script_args).await,
        }
    };
    match tokio::time::timeout(timeout, run).await {
        Ok(result) => result,
        Err(_) => match kind {
            ProbeKind::Script => {
                ProbeResult::critical(format!("Timed out ({timeout:?}) running check"))
            }
            ProbeKind::Udp => udp::timed_out(&definition.udp),
            _ => ProbeResult::critical(format!(
                "{} check timed out after {timeout:?}",
                kind_name(kind)
            )),
        },
    }
}

/// An error with its causes, as one line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}

fn kind_name(kind: ProbeKind) -> &'static str {
    match kind {
        ProbeKind::Http => "HTTP",
        ProbeKind::Tcp => "TCP",
        ProbeKind::Udp => "UDP",
        ProbeKind::Grpc => "gRPC",
        ProbeKind::Script => "script",
        ProbeKind::H2Ping => "H2PING",
        ProbeKind::Docker => "docker",
    }
}

/// One probing check's runner.
struct ProbeTask {
    local: Arc<LocalState>,
    id: String,
    generation: u64,
    kind: ProbeKind,
    definition: CheckDefinition,
    interval: Duration,
    timeout: Duration,
    thresholds: Thresholds,
}

/// Probes one check every `interval` until `stop`.
async fn run_probe(task: ProbeTask, stop: CancellationToken) {
    let ProbeTask {
        local,
        id,
        generation,
        kind,
        definition,
        interval,
        timeout,
        mut thresholds,
    } = task;
    let stagger =
        Duration::from_millis(rand::rng().random_range(0..interval.as_millis().max(1) as u64));
    tokio::select! {
        _ = stop.cancelled() => return,
        _ = tokio::time::sleep(stagger) => {}
    }
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        let result = tokio::select! {
            _ = stop.cancelled() => return,
            result = probe(kind, &definition, timeout) => result,
        };
        if let Some(status) = thresholds.observe(result.status) {
            local.set_check_status(
                &id,
                Some(generation),
                status,
                &truncate_output(&result.output),
                false,
            );
        }
    }
}

/// How often services whose checks stayed critical too long are removed
/// (Consul's reap interval).
pub const REAP_INTERVAL: Duration = Duration::from_secs(30);

/// Removes, every [`REAP_INTERVAL`] until `shutdown`, the services with a
/// check critical for longer than its `DeregisterCriticalServiceAfter`.
pub async fn reap_critical(local: Arc<LocalState>, shutdown: CancellationToken) {
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(REAP_INTERVAL) => {}
        }
        for id in local.critical_too_long(tokio::time::Instant::now()) {
            if local.remove_service(&id).is_ok() {
                tracing::info!(
                    service = %id,
                    "removed a service whose check stayed critical past DeregisterCriticalServiceAfter"
                );
            }
        }
    }
}

/// Runs every registered check until `shutdown`; alias checks of other
/// nodes read the catalog through `routes`.
pub async fn run(
    local: Arc<LocalState>,
    routes: tonic::service::Routes,
    shutdown: CancellationToken,
) {
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
                // Nothing to run: critical while it exists.
                CheckKind::Maintenance => {}
                CheckKind::Alias => {
                    let definition = check.check.definition.clone().unwrap_or_default();
                    let target = alias::AliasTarget {
                        node: definition.alias_node,
                        service: definition.alias_service,
                    };
                    if target.node.is_empty() {
                        tasks.spawn(alias::run_local(
                            Arc::clone(&local),
                            check_id,
                            check.generation,
                            target,
                            stop.clone(),
                        ));
                    } else {
                        tasks.spawn(alias::run_remote(
                            Arc::clone(&local),
                            routes.clone(),
                            check_id,
                            check.generation,
                            target,
                            stop.clone(),
                        ));
                    }
                }
                CheckKind::Probe {
                    kind,
                    interval,
                    timeout,
                } => {
                    let task = ProbeTask {
                        local: Arc::clone(&local),
                        id: check_id,
                        generation: check.generation,
                        kind,
                        definition: check.check.definition.clone().unwrap_or_default(),
                        interval,
                        timeout,
                        thresholds: check.thresholds,
                    };
                    tasks.spawn(run_probe(task, stop.clone()));
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

#[cfg(test)]
mod tests {
    use roster_proto::{
        agent::v1::AgentCheck,
        catalog::v1::{Node, Service},
    };

    use super::*;
    use crate::agent::local::ScriptPolicy;

    #[tokio::test(start_paused = true)]
    async fn a_service_critical_past_its_deadline_is_removed() {
        let local = LocalState::new(
            Node {
                node: "n".into(),
                ..Node::default()
            },
            ScriptPolicy::default(),
        );
        let ttl = |after: &str| AgentCheck {
            definition: Some(CheckDefinition {
                ttl: "10m".into(),
                deregister_critical_service_after: after.into(),
                ..CheckDefinition::default()
            }),
            ..AgentCheck::default()
        };
        let service = |id: &str| Service {
            id: id.into(),
            service: id.into(),
            ..Service::default()
        };
        // Critical from the start; one with a deadline under the minute.
        local
            .add_service(service("doomed"), vec![ttl("90s")], false)
            .unwrap();
        local
            .add_service(service("short"), vec![ttl("5s")], false)
            .unwrap();
        local
            .add_service(service("kept"), vec![ttl("")], false)
            .unwrap();
        local
            .add_service(service("healthy"), vec![ttl("90s")], false)
            .unwrap();
        local
            .update_ttl("service:healthy", HealthStatus::Passing, "")
            .unwrap();
        let stop = CancellationToken::new();
        let reaper = tokio::spawn(reap_critical(Arc::clone(&local), stop.clone()));
        let names = |l: &LocalState| {
            let mut n: Vec<String> = l.snapshot().services.into_keys().collect();
            n.sort();
            n
        };
        tokio::time::sleep(Duration::from_secs(61)).await;
        assert_eq!(
            names(&local),
            ["doomed", "healthy", "kept"],
            "5s is raised to a minute"
        );
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(names(&local), ["healthy", "kept"]);
        stop.cancel();
        reaper.await.unwrap();
    }

    #[test]
    fn thresholds_hold_a_status_until_enough_results_agree() {
        let mut t = Thresholds::new(2, 0, 3);
        assert_eq!(t.observe(HealthStatus::Passing), None);
        assert_eq!(
            t.observe(HealthStatus::Passing),
            Some(HealthStatus::Passing)
        );
        // Warning-before defaults to critical-before: nothing until 3.
        assert_eq!(t.observe(HealthStatus::Critical), None);
        assert_eq!(t.observe(HealthStatus::Critical), None);
        assert_eq!(
            t.observe(HealthStatus::Critical),
            Some(HealthStatus::Critical)
        );
        // A pass resets the failures.
        assert_eq!(t.observe(HealthStatus::Passing), None);
        assert_eq!(t.observe(HealthStatus::Critical), None);
        let mut w = Thresholds::new(0, 1, 3);
        assert_eq!(
            w.observe(HealthStatus::Critical),
            Some(HealthStatus::Warning)
        );
        assert_eq!(
            w.observe(HealthStatus::Critical),
            Some(HealthStatus::Warning)
        );
        assert_eq!(
            w.observe(HealthStatus::Critical),
            Some(HealthStatus::Critical)
        );
        let mut now = Thresholds::default();
        assert_eq!(
            now.observe(HealthStatus::Warning),
            Some(HealthStatus::Warning)
        );
        assert_eq!(
            now.observe(HealthStatus::Critical),
            Some(HealthStatus::Critical)
        );
    }
}

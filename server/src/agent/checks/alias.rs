//! Alias checks: the health of another service or node, as Consul's.
//!
//! An alias of a service on this agent (`AliasService` without
//! `AliasNode`) follows the local state and changes with it. An alias of
//! another node (`AliasNode`, with or without `AliasService`) follows the
//! catalog with a blocking read of that node's checks through the agent's
//! own gRPC routes (a client agent's go to a server).
//!
//! The status, Consul's rule: the node's checks and the aliased service's
//! checks count (other services' do not); critical if one is critical,
//! else warning if one is warning, else passing (also with no check at
//! all); critical when the aliased service does not exist on the node. A
//! failed catalog read is critical too, and is retried.

use std::{sync::Arc, time::Duration};

use roster_proto::{
    catalog::v1::{
        GetNodeRequest, HealthCheck, HealthStatus, catalog_service_client::CatalogServiceClient,
    },
    common::v1::QueryOptions,
    health::v1::{ListNodeChecksRequest, health_service_client::HealthServiceClient},
};
use tokio_util::sync::CancellationToken;

use super::ProbeResult;
use crate::agent::local::{LocalState, truncate_output};

/// What an alias check follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasTarget {
    /// The node; empty: this agent's own.
    pub node: String,
    /// The service ID; empty: the node alone.
    pub service: String,
}

/// The alias's status over the checks of its node (`checks`, all of
/// them), leaving out `own` (the alias check itself), given whether the
/// aliased service exists.
pub fn aggregate(
    target: &AliasTarget,
    node: &str,
    own: &str,
    checks: &[HealthCheck],
    service_exists: bool,
) -> ProbeResult {
    let mut status = HealthStatus::Passing;
    let mut output = "No checks found.".to_string();
    let mut service_found = false;
    for check in checks {
        // Only a local alias can meet itself among the checks.
        if target.node.is_empty() && check.check_id.eq_ignore_ascii_case(own) {
            continue;
        }
        let of_service =
            !target.service.is_empty() && check.service_id.eq_ignore_ascii_case(&target.service);
        if !check.service_id.is_empty() && !of_service {
            continue;
        }
        service_found |= of_service;
        let s = HealthStatus::try_from(check.status).unwrap_or(HealthStatus::Critical);
        if matches!(s, HealthStatus::Critical | HealthStatus::Warning) {
            status = s;
            output = format!("Aliased check {:?} failing: {}", check.name, check.output);
            if s == HealthStatus::Critical {
                break;
            }
        } else if status == HealthStatus::Passing {
            output = "All checks passing.".into();
        }
    }
    if !service_found && !target.service.is_empty() && !service_exists {
        status = HealthStatus::Critical;
        output = format!(
            "Service {} could not be found on node {node}",
            target.service
        );
    }
    ProbeResult { status, output }
}

/// Reports `result` for the check unless it is what was reported last.
fn report(
    local: &LocalState,
    id: &str,
    generation: u64,
    last: &mut Option<(HealthStatus, String)>,
    result: ProbeResult,
) {
    let now = (result.status, truncate_output(&result.output));
    if last.as_ref() != Some(&now) {
        local.set_check_status(id, Some(generation), now.0, &now.1, false);
        *last = Some(now);
    }
}

/// Runs an alias of this agent's own node or service until `stop`.
pub async fn run_local(
    local: Arc<LocalState>,
    id: String,
    generation: u64,
    target: AliasTarget,
    stop: CancellationToken,
) {
    let mut changes = local.subscribe();
    let mut last = None;
    loop {
        let snapshot = local.snapshot();
        let checks: Vec<HealthCheck> = snapshot.checks.values().map(|c| c.check.clone()).collect();
        let exists = snapshot
            .services
            .contains_key(&target.service.to_lowercase());
        let node = local.node().node.clone();
        let result = aggregate(&target, &node, &id, &checks, exists);
        report(&local, &id, generation, &mut last, result);
        tokio::select! {
            _ = stop.cancelled() => return,
            changed = changes.changed() => if changed.is_err() { return },
        }
    }
}

/// How long a failed catalog read waits before the next.
const RETRY: Duration = Duration::from_secs(5);

/// Runs an alias of another node (or a service on it) until `stop`,
/// reading the catalog through `routes`.
pub async fn run_remote(
    local: Arc<LocalState>,
    routes: tonic::service::Routes,
    id: String,
    generation: u64,
    target: AliasTarget,
    stop: CancellationToken,
) {
    let mut health = HealthServiceClient::new(routes.clone());
    let mut catalog = CatalogServiceClient::new(routes);
    let mut index = 0;
    let mut last = None;
    loop {
        let read = async {
            let reply = health
                .list_node_checks(ListNodeChecksRequest {
                    query_options: Some(QueryOptions {
                        min_index: index,
                        ..QueryOptions::default()
                    }),
                    node: target.node.clone(),
                })
                .await?
                .into_inner();
            let found = reply.checks.iter().any(|c| {
                !target.service.is_empty() && c.service_id.eq_ignore_ascii_case(&target.service)
            });
            let exists = if target.service.is_empty() || found {
                true
            } else {
                catalog
                    .get_node(GetNodeRequest {
                        node: target.node.clone(),
                        ..GetNodeRequest::default()
                    })
                    .await?
                    .into_inner()
                    .services
                    .iter()
                    .any(|s| s.id.eq_ignore_ascii_case(&target.service))
            };
            let at = reply.query_meta.map_or(0, |m| m.index);
            Ok::<_, tonic::Status>((reply.checks, exists, at))
        };
        let result = tokio::select! {
            _ = stop.cancelled() => return,
            result = read => result,
        };
        match result {
            Ok((checks, exists, at)) => {
                // An index going back (a restored snapshot) starts over.
                index = if at < index { 0 } else { at };
                let result = aggregate(&target, &target.node, &id, &checks, exists);
                report(&local, &id, generation, &mut last, result);
            }
            Err(status) => {
                index = 0;
                let result = ProbeResult::critical(format!(
                    "Failed to query alias target: {}",
                    status.message()
                ));
                report(&local, &id, generation, &mut last, result);
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = tokio::time::sleep(RETRY) => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: &str, service: &str, status: HealthStatus) -> HealthCheck {
        HealthCheck {
            check_id: id.into(),
            name: format!("{id} name"),
            service_id: service.into(),
            status: status as i32,
            output: format!("{id} says so"),
            ..HealthCheck::default()
        }
    }

    fn target(node: &str, service: &str) -> AliasTarget {
        AliasTarget {
            node: node.into(),
            service: service.into(),
        }
    }

    #[test]
    fn the_node_and_the_aliased_service_count_and_the_worst_wins() {
        use HealthStatus::*;
        let web = target("", "web");
        let all = [
            check("serfHealth", "", Passing),
            check("web-http", "web", Passing),
            check("db-tcp", "db", Critical),
        ];
        let r = aggregate(&web, "n1", "alias", &all, true);
        assert_eq!(r.status, Passing, "db's check does not count");
        assert_eq!(r.output, "All checks passing.");

        let warned = [
            check("web-http", "web", Warning),
            check("serfHealth", "", Passing),
        ];
        let r = aggregate(&web, "n1", "alias", &warned, true);
        assert_eq!(r.status, Warning);
        assert_eq!(
            r.output,
            "Aliased check \"web-http name\" failing: web-http says so"
        );

        let node_down = [
            check("web-http", "web", Warning),
            check("serfHealth", "", Critical),
        ];
        assert_eq!(
            aggregate(&web, "n1", "alias", &node_down, true).status,
            Critical
        );
    }

    #[test]
    fn a_missing_service_is_critical_and_no_checks_is_passing() {
        let web = target("n2", "web");
        let r = aggregate(&web, "n2", "alias", &[], false);
        assert_eq!(r.status, HealthStatus::Critical);
        assert_eq!(r.output, "Service web could not be found on node n2");
        let r = aggregate(&web, "n2", "alias", &[], true);
        assert_eq!(
            (r.status, r.output.as_str()),
            (HealthStatus::Passing, "No checks found.")
        );
        let node = target("n2", "");
        assert_eq!(
            aggregate(&node, "n2", "alias", &[], false).status,
            HealthStatus::Passing
        );
    }

    #[test]
    fn a_local_alias_leaves_itself_out() {
        let node = target("", "");
        let own = check("alias", "", HealthStatus::Critical);
        let r = aggregate(&node, "n1", "alias", &[own], true);
        assert_eq!(r.status, HealthStatus::Passing);
    }
}

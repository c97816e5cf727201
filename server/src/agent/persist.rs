//! Keeping the agent's own services and checks across restarts, as Consul
//! does for API registrations: the local state is written to
//! `<data_dir>/local-state` (whole or not at all, see [`crate::files`]) at
//! most once per [`WRITE_DELAY`] after a change, and once more on the way
//! out; a restarted agent registers it again before anti-entropy runs.
//! TTL checks get their last status back (their TTL starts again); other
//! checks start as registered and are probed again. Not kept in `-dev`
//! mode.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use prost::Message as _;
use roster_proto::{catalog::v1::HealthStatus, storage::v1::AgentLocalState};
use tokio_util::sync::CancellationToken;

use super::local::{
    CheckKind, LocalState, NODE_MAINTENANCE_ID, SERVICE_MAINTENANCE_PREFIX, Source,
};

/// The file, in the data dir.
pub const FILE: &str = "local-state";
/// How long changes gather before they are written.
pub const WRITE_DELAY: Duration = Duration::from_secs(1);

/// The local state as it is kept.
pub fn encode(local: &LocalState) -> Vec<u8> {
    // Only what the API registered: configuration files are read again.
    let snapshot = local.snapshot();
    AgentLocalState {
        services: snapshot
            .services
            .into_values()
            .filter(|s| s.source == Source::Api)
            .map(|s| s.service)
            .collect(),
        checks: snapshot
            .checks
            .values()
            .filter(|c| c.source == Source::Api)
            .filter_map(|c| c.spec.clone())
            .collect(),
        states: snapshot
            .checks
            .into_values()
            .filter(|c| c.source == Source::Api)
            .map(|c| c.check)
            .collect(),
    }
    .encode_to_vec()
}

/// Registers again what `path` holds; returns how many services and checks
/// came back. A missing file is an empty state; an entry that no longer
/// registers (a script check with scripts now disabled) is skipped with a
/// warning.
pub fn restore(local: &LocalState, path: &Path) -> Result<(usize, usize), String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((0, 0)),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let kept = AgentLocalState::decode(bytes.as_slice())
        .map_err(|e| format!("{} is corrupt: {e}", path.display()))?;
    let mut services = 0;
    for service in kept.services {
        let id = service.id.clone();
        match local.add_service(service, Vec::new(), false) {
            Ok(()) => services += 1,
            Err(e) => {
                tracing::warn!(service = %id, error = %e, "a kept service no longer registers")
            }
        }
    }
    let mut checks = 0;
    for check in kept.checks {
        let id = check.check_id.clone();
        match local.add_check(check) {
            Ok(()) => checks += 1,
            Err(e) => tracing::warn!(check = %id, error = %e, "a kept check no longer registers"),
        }
    }
    for state in kept.states {
        if state.check_id == NODE_MAINTENANCE_ID {
            let _ = local.set_maintenance(None, true, &state.notes);
        } else if state.check_id.starts_with(SERVICE_MAINTENANCE_PREFIX) {
            let _ = local.set_maintenance(Some(&state.service_id), true, &state.notes);
        } else if matches!(
            local.check_kind_of(&state.check_id),
            Some(CheckKind::Ttl(_))
        ) {
            let status = HealthStatus::try_from(state.status).unwrap_or(HealthStatus::Critical);
            local.set_check_status(&state.check_id, None, status, &state.output, false);
        }
    }
    Ok((services, checks))
}

fn write(local: &LocalState, path: &Path) {
    if let Err(e) = crate::files::write_durably(path, &encode(local)) {
        tracing::warn!(path = %path.display(), error = %e, "cannot keep the local state");
    }
}

/// Writes the local state after changes until `shutdown`, then once more.
pub async fn run(local: Arc<LocalState>, path: PathBuf, shutdown: CancellationToken) {
    let mut changes = local.subscribe();
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            changed = changes.changed() => if changed.is_err() { break },
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(WRITE_DELAY) => {}
        }
        changes.borrow_and_update();
        let (local, path) = (Arc::clone(&local), path.clone());
        let _ = tokio::task::spawn_blocking(move || write(&local, &path)).await;
    }
    let _ = tokio::task::spawn_blocking(move || write(&local, &path)).await;
}

#[cfg(test)]
mod tests {
    use roster_proto::{
        agent::v1::AgentCheck,
        catalog::v1::{CheckDefinition, Node, Service},
    };

    use super::*;
    use crate::agent::local::ScriptPolicy;

    fn state() -> Arc<LocalState> {
        LocalState::new(
            Node {
                node: "n".into(),
                ..Node::default()
            },
            ScriptPolicy::default(),
        )
    }

    #[test]
    fn services_checks_ttl_states_and_maintenance_come_back() {
        let before = state();
        before
            .add_service(
                Service {
                    id: "web".into(),
                    service: "web".into(),
                    tags: vec!["v1".into()],
                    ..Service::default()
                },
                vec![AgentCheck {
                    definition: Some(CheckDefinition {
                        ttl: "30s".into(),
                        ..CheckDefinition::default()
                    }),
                    ..AgentCheck::default()
                }],
                false,
            )
            .unwrap();
        before
            .add_check(AgentCheck {
                name: "port".into(),
                definition: Some(CheckDefinition {
                    tcp: "127.0.0.1:1".into(),
                    interval: "10s".into(),
                    ..CheckDefinition::default()
                }),
                ..AgentCheck::default()
            })
            .unwrap();
        before
            .update_ttl("service:web", HealthStatus::Warning, "slow")
            .unwrap();
        before.set_maintenance(None, true, "moving racks").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        write(&before, &path);

        let after = state();
        assert_eq!(restore(&after, &path).unwrap(), (1, 2));
        let snap = after.snapshot();
        assert_eq!(snap.services["web"].service.tags, ["v1"]);
        let ttl = &snap.checks["service:web"].check;
        assert_eq!(
            (ttl.status, ttl.output.as_str()),
            (HealthStatus::Warning as i32, "slow")
        );
        assert_eq!(
            snap.checks["port"].check.status,
            HealthStatus::Critical as i32
        );
        assert_eq!(snap.checks["_node_maintenance"].check.notes, "moving racks");
        assert!(
            snap.checks.values().all(|c| !c.in_sync),
            "synced again after a restart"
        );

        assert_eq!(restore(&state(), &dir.path().join("none")).unwrap(), (0, 0));
        std::fs::write(&path, b"\xff\xff garbage").unwrap();
        assert!(restore(&state(), &path).unwrap_err().contains("corrupt"));
    }
}

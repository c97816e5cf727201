//! Reconciling LAN gossip into the catalog, as Consul's leader does: every
//! member of this datacenter is a catalog node with the `serfHealth` check
//! (alive → passing, failed → critical), a server also carries the `consul`
//! service, and a member that left (or was reaped from the pool) is
//! deregistered with everything on it.
//!
//! Runs on every membership change and every [`RECONCILE_INTERVAL`]. It
//! compares with the catalog first and proposes only what differs, so a
//! quiet cluster writes nothing. The node's tagged addresses and metadata
//! are the agent's to set (anti-entropy); reconciliation keeps them.

use std::{collections::HashSet, sync::Arc, time::Duration};

use roster_proto::{
    catalog::v1::{HealthCheck, HealthStatus, Node, Service, Weights},
    raft::v1::{CatalogDeregister, CatalogRegister, command::Command},
};
use serf::types::MemberStatus;
use tokio_util::sync::CancellationToken;

use crate::{
    gossip::{Gossip, SerfMember, tags},
    rpc::{ServerContext, forward},
    state::{StateError, encode_command},
    storage::{CatalogTables as _, Engine},
};

/// The check every member carries.
pub const SERF_CHECK_ID: &str = "serfHealth";
/// Its name.
pub const SERF_CHECK_NAME: &str = "Serf Health Status";
/// Its output while the member is alive.
pub const SERF_ALIVE_OUTPUT: &str = "Agent alive and reachable";
/// Its output once the member failed.
pub const SERF_FAILED_OUTPUT: &str = "Agent not live or unreachable";
/// The service every server carries.
pub const CONSUL_SERVICE: &str = "consul";
/// Consul's `reconcile_interval`.
pub const RECONCILE_INTERVAL: Duration = Duration::from_secs(60);

/// Reconciles until `term_over`.
pub async fn run(ctx: ServerContext, gossip: Arc<Gossip>, term_over: CancellationToken) {
    let mut changes = gossip.members_changed();
    loop {
        if let Err(error) = reconcile(&ctx, &gossip, &term_over).await {
            tracing::warn!(%error, "catalog reconciliation failed; retrying");
        }
        tokio::select! {
            _ = term_over.cancelled() => return,
            _ = changes.changed() => {}
            _ = tokio::time::sleep(RECONCILE_INTERVAL) => {}
        }
    }
}

/// A member as reconciliation sees it.
struct Member {
    name: String,
    id: String,
    address: String,
    status: MemberStatus,
    /// The server port, for a server.
    server_port: Option<u32>,
}

fn member(m: &SerfMember) -> Member {
    let tag = |k: &str| m.tags().get(k).map(|v| v.to_string());
    Member {
        name: m.node().id().to_string(),
        id: tag("id").unwrap_or_default(),
        address: m.node().address().ip().to_string(),
        status: *m.status(),
        server_port: (tag("role").as_deref() == Some(tags::SERVER_ROLE))
            .then(|| tag("port").and_then(|p| p.parse().ok()))
            .flatten(),
    }
}

/// The `consul` service of a server.
fn consul_service(port: u32) -> Service {
    Service {
        id: CONSUL_SERVICE.into(),
        service: CONSUL_SERVICE.into(),
        port,
        weights: Some(Weights {
            passing: 1,
            warning: 1,
        }),
        meta: [
            ("raft_version".to_string(), "3".to_string()),
            ("version".to_string(), crate::VERSION.to_string()),
        ]
        .into(),
        ..Service::default()
    }
}

/// What the catalog needs for `m`, if anything: a registration, or the
/// node's removal.
fn plan_member(engine: &Engine, dc: &str, m: &Member) -> Result<Option<Command>, StateError> {
    let existing = engine.catalog_node(&m.name)?;
    let (status, output) = match m.status {
        MemberStatus::Alive => (HealthStatus::Passing, SERF_ALIVE_OUTPUT),
        MemberStatus::Failed => (HealthStatus::Critical, SERF_FAILED_OUTPUT),
        MemberStatus::Left => {
            return Ok(existing.map(|n| {
                Command::CatalogDeregister(CatalogDeregister {
                    node: n.node,
                    ..CatalogDeregister::default()
                })
            }));
        }
        // Leaving: the next change (left) settles it.
        _ => return Ok(None),
    };
    let check = engine.catalog_check(&m.name, SERF_CHECK_ID)?;
    let service = match m.server_port {
        Some(port) if m.status == MemberStatus::Alive => Some(consul_service(port)),
        _ => None,
    };
    let current_service = match &service {
        Some(_) => engine.catalog_service(&m.name, CONSUL_SERVICE)?,
        None => None,
    };
    let node_ok = existing.as_ref().is_some_and(|n| {
        // A failed member keeps the address it had.
        (n.address == m.address || m.status == MemberStatus::Failed) && n.id == m.id
    });
    let check_ok = check
        .as_ref()
        .is_some_and(|c| c.status == status as i32 && c.output == output);
    let service_ok = match &service {
        None => true,
        Some(s) => current_service
            .as_ref()
            .is_some_and(|c| c.port == s.port && c.service == s.service && c.meta == s.meta),
    };
    if node_ok && check_ok && service_ok {
        return Ok(None);
    }
    let mut node = Node {
        id: m.id.clone(),
        node: m.name.clone(),
        address: m.address.clone(),
        datacenter: dc.to_string(),
        ..Node::default()
    };
    if let Some(n) = existing {
        node.tagged_addresses = n.tagged_addresses;
        node.meta = n.meta;
        if m.status == MemberStatus::Failed {
            node.address = n.address;
        }
    }
    Ok(Some(Command::CatalogRegister(Box::new(CatalogRegister {
        node: Some(node),
        service,
        checks: vec![HealthCheck {
            node: m.name.clone(),
            check_id: SERF_CHECK_ID.into(),
            name: SERF_CHECK_NAME.into(),
            status: status as i32,
            output: output.into(),
            ..HealthCheck::default()
        }],
        skip_node_update: false,
    }))))
}

/// Every change the catalog needs: the members' registrations and removals,
/// and the removal of nodes that carry `serfHealth` but are no longer in
/// the pool (reaped), except this server's own.
fn plan(
    engine: &Engine,
    dc: &str,
    members: &[Member],
    own_name: &str,
) -> Result<Vec<Command>, StateError> {
    let mut commands = Vec::new();
    let mut in_pool = HashSet::new();
    for m in members {
        in_pool.insert(m.name.to_lowercase());
        if m.name.eq_ignore_ascii_case(own_name) && m.status != MemberStatus::Alive {
            // Never deregister the leader itself (it is leaving).
            continue;
        }
        if let Some(c) = plan_member(engine, dc, m)? {
            commands.push(c);
        }
    }
    let mut reaped = Vec::new();
    engine.catalog_nodes(|n| {
        if !in_pool.contains(&n.node.to_lowercase()) && !n.node.eq_ignore_ascii_case(own_name) {
            reaped.push(n.node);
        }
        Ok(true)
    })?;
    for name in reaped {
        // Only nodes gossip put there: external nodes carry no serfHealth.
        if engine.catalog_check(&name, SERF_CHECK_ID)?.is_some() {
            commands.push(Command::CatalogDeregister(CatalogDeregister {
                node: name,
                ..CatalogDeregister::default()
            }));
        }
    }
    Ok(commands)
}

async fn reconcile(
    ctx: &ServerContext,
    gossip: &Gossip,
    term_over: &CancellationToken,
) -> Result<(), String> {
    let dc = gossip.datacenter().to_string();
    let own = gossip.lan().serf().local_id().to_string();
    let members: Vec<Member> = gossip
        .lan()
        .members()
        .await
        .iter()
        .filter(|m| m.tags().get("dc").map(|d| d.as_str()) == Some(dc.as_str()))
        .map(member)
        .collect();
    let engine = ctx.state.engine().clone();
    let commands = tokio::task::spawn_blocking(move || plan(&engine, &dc, &members, &own))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    for command in commands {
        if term_over.is_cancelled() {
            return Ok(());
        }
        let outcome = forward::apply(ctx, encode_command(command))
            .await
            .map_err(|s| s.message().to_string())?;
        if !outcome.success {
            tracing::warn!(
                index = outcome.index,
                "a member's registration conflicts with the catalog (a node ID held by another node)"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{StateMachine, WatchHub};

    fn engine() -> (tempfile::TempDir, StateMachine) {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        (dir, StateMachine::new(engine, WatchHub::new()))
    }

    fn m(name: &str, status: MemberStatus, server: bool) -> Member {
        Member {
            name: name.into(),
            id: String::new(),
            address: "127.0.0.1".into(),
            status,
            server_port: server.then_some(8300),
        }
    }

    fn apply_all(sm: &StateMachine, first_index: u64, commands: Vec<Command>) -> u64 {
        let mut index = first_index;
        for c in commands {
            assert!(sm.apply(index, &encode_command(c)).unwrap().success);
            index += 1;
        }
        index
    }

    #[test]
    fn members_become_nodes_with_serf_health_and_settle() {
        let (_d, sm) = engine();
        let e = sm.engine();
        let members = vec![
            m("s1", MemberStatus::Alive, true),
            m("c1", MemberStatus::Alive, false),
        ];
        let commands = plan(e, "dc1", &members, "s1").unwrap();
        assert_eq!(commands.len(), 2);
        let next = apply_all(&sm, 10, commands);
        let check = e.catalog_check("c1", SERF_CHECK_ID).unwrap().unwrap();
        assert_eq!(check.status, HealthStatus::Passing as i32);
        assert_eq!(check.output, SERF_ALIVE_OUTPUT);
        assert_eq!(
            e.catalog_service("s1", "consul").unwrap().unwrap().port,
            8300
        );
        assert!(e.catalog_service("c1", "consul").unwrap().is_none());
        // Nothing changed: nothing to write.
        assert!(plan(e, "dc1", &members, "s1").unwrap().is_empty());

        // c1 fails, then leaves; a node gossip no longer knows is reaped.
        let failed = vec![
            members[0].clone_as(MemberStatus::Alive),
            m("c1", MemberStatus::Failed, false),
        ];
        let next = apply_all(&sm, next, plan(e, "dc1", &failed, "s1").unwrap());
        let check = e.catalog_check("c1", SERF_CHECK_ID).unwrap().unwrap();
        assert_eq!(check.status, HealthStatus::Critical as i32);
        assert_eq!(check.output, SERF_FAILED_OUTPUT);
        let left = vec![
            members[0].clone_as(MemberStatus::Alive),
            m("c1", MemberStatus::Left, false),
        ];
        let next = apply_all(&sm, next, plan(e, "dc1", &left, "s1").unwrap());
        assert!(e.catalog_node("c1").unwrap().is_none());

        let c2 = vec![
            members[0].clone_as(MemberStatus::Alive),
            m("c2", MemberStatus::Alive, false),
        ];
        let next = apply_all(&sm, next, plan(e, "dc1", &c2, "s1").unwrap());
        let reaped = plan(e, "dc1", &[members[0].clone_as(MemberStatus::Alive)], "s1").unwrap();
        assert_eq!(reaped.len(), 1);
        apply_all(&sm, next, reaped);
        assert!(e.catalog_node("c2").unwrap().is_none());
        assert!(e.catalog_node("s1").unwrap().is_some());
    }

    #[test]
    fn external_nodes_and_the_leader_itself_are_left_alone() {
        let (_d, sm) = engine();
        let e = sm.engine();
        let external = CatalogRegister {
            node: Some(Node {
                node: "ext".into(),
                address: "10.0.0.9".into(),
                ..Node::default()
            }),
            ..CatalogRegister::default()
        };
        apply_all(&sm, 5, vec![Command::CatalogRegister(Box::new(external))]);
        let me = vec![m("s1", MemberStatus::Alive, true)];
        let next = apply_all(&sm, 6, plan(e, "dc1", &me, "s1").unwrap());
        let leaving = vec![m("s1", MemberStatus::Left, true)];
        assert!(plan(e, "dc1", &leaving, "s1").unwrap().is_empty());
        assert!(plan(e, "dc1", &me, "s1").unwrap().is_empty());
        let _ = next;
        assert!(e.catalog_node("ext").unwrap().is_some());
    }

    impl Member {
        fn clone_as(&self, status: MemberStatus) -> Member {
            Member {
                name: self.name.clone(),
                id: self.id.clone(),
                address: self.address.clone(),
                status,
                server_port: self.server_port,
            }
        }
    }
}

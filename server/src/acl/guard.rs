//! The one table of what every public gRPC method needs, and the layer that
//! refuses, with ACLs on, any method the table does not name — so a method
//! added without a rule fails closed (and `every_public_method_has_a_rule`
//! fails in CI) instead of leaking.
//!
//! The handlers make the checks the table describes (they know the names:
//! a key, a service, a node); HTTP and DNS reach the same handlers through
//! the same routes, so every interface agrees.

use std::sync::Arc;

use axum::{extract::State, middleware::Next, response::Response};
use roster_proto::status::ErrorKind;

use super::resolver::AclResolver;

/// Every public method and what it needs (Consul's rules; "filtered": a
/// list that leaves out what the token may not read; "none": no token
/// needed).
pub const METHODS: &[(&str, &str)] = &[
    ("/roster.acl.v1.AclService/Bootstrap", "none (once)"),
    ("/roster.acl.v1.AclService/CreateToken", "acl:write"),
    ("/roster.acl.v1.AclService/UpdateToken", "acl:write"),
    (
        "/roster.acl.v1.AclService/ReadToken",
        "acl:read (secret shown with acl:write)",
    ),
    ("/roster.acl.v1.AclService/TokenSelf", "the token itself"),
    ("/roster.acl.v1.AclService/CloneToken", "acl:write"),
    ("/roster.acl.v1.AclService/DeleteToken", "acl:write"),
    ("/roster.acl.v1.AclService/ListTokens", "acl:read"),
    ("/roster.acl.v1.AclService/CreatePolicy", "acl:write"),
    ("/roster.acl.v1.AclService/UpdatePolicy", "acl:write"),
    ("/roster.acl.v1.AclService/ReadPolicy", "acl:read"),
    ("/roster.acl.v1.AclService/DeletePolicy", "acl:write"),
    ("/roster.acl.v1.AclService/ListPolicies", "acl:read"),
    ("/roster.acl.v1.AclService/CreateRole", "acl:write"),
    ("/roster.acl.v1.AclService/UpdateRole", "acl:write"),
    ("/roster.acl.v1.AclService/ReadRole", "acl:read"),
    ("/roster.acl.v1.AclService/DeleteRole", "acl:write"),
    ("/roster.acl.v1.AclService/ListRoles", "acl:read"),
    ("/roster.acl.v1.AclService/Resolve", "the secret itself"),
    (
        "/roster.agent.v1.AgentService/ListMembers",
        "filtered by node:read",
    ),
    (
        "/roster.agent.v1.AgentService/GetSelf",
        "agent:read on this node",
    ),
    (
        "/roster.agent.v1.AgentService/Join",
        "agent:write on this node",
    ),
    (
        "/roster.agent.v1.AgentService/Leave",
        "agent:write on this node",
    ),
    ("/roster.agent.v1.AgentService/ForceLeave", "operator:write"),
    ("/roster.agent.v1.AgentService/GetHost", "operator:read"),
    (
        "/roster.agent.v1.AgentService/Reload",
        "agent:write on this node",
    ),
    ("/roster.agent.v1.AgentService/SetToken", "acl:write"),
    (
        "/roster.agent.v1.LocalStateService/RegisterService",
        "service:write",
    ),
    (
        "/roster.agent.v1.LocalStateService/DeregisterService",
        "service:write",
    ),
    (
        "/roster.agent.v1.LocalStateService/ListServices",
        "filtered by service:read",
    ),
    (
        "/roster.agent.v1.LocalStateService/RegisterCheck",
        "node:write or service:write",
    ),
    (
        "/roster.agent.v1.LocalStateService/DeregisterCheck",
        "node:write or service:write",
    ),
    (
        "/roster.agent.v1.LocalStateService/UpdateCheck",
        "node:write or service:write",
    ),
    (
        "/roster.agent.v1.LocalStateService/ListChecks",
        "filtered by node:read / service:read",
    ),
    (
        "/roster.agent.v1.LocalStateService/SetMaintenance",
        "node:write or service:write",
    ),
    (
        "/roster.agent.v1.LocalStateService/WatchLocalState",
        "filtered by node:read / service:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/Register",
        "node:write, service:write",
    ),
    (
        "/roster.catalog.v1.CatalogService/Deregister",
        "node:write or service:write",
    ),
    ("/roster.catalog.v1.CatalogService/ListDatacenters", "none"),
    (
        "/roster.catalog.v1.CatalogService/ListNodes",
        "filtered by node:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/ListServices",
        "filtered by service:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/ListServiceInstances",
        "filtered by service:read and node:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/GetNode",
        "node:read, services filtered by service:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/WatchNodes",
        "filtered by node:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/WatchServices",
        "filtered by service:read",
    ),
    (
        "/roster.catalog.v1.CatalogService/WatchServiceInstances",
        "filtered by service:read and node:read",
    ),
    (
        "/roster.coordinate.v1.CoordinateService/ListDatacenters",
        "none",
    ),
    (
        "/roster.coordinate.v1.CoordinateService/ListNodes",
        "filtered by node:read",
    ),
    (
        "/roster.coordinate.v1.CoordinateService/GetNode",
        "node:read",
    ),
    (
        "/roster.coordinate.v1.CoordinateService/Update",
        "node:write",
    ),
    ("/roster.event.v1.EventService/Fire", "event:write"),
    (
        "/roster.event.v1.EventService/List",
        "filtered by event:read",
    ),
    (
        "/roster.health.v1.HealthService/ListNodeChecks",
        "filtered by node:read / service:read",
    ),
    (
        "/roster.health.v1.HealthService/ListServiceChecks",
        "filtered by service:read and node:read",
    ),
    (
        "/roster.health.v1.HealthService/ListServiceHealth",
        "filtered by service:read and node:read",
    ),
    (
        "/roster.health.v1.HealthService/ListChecksInState",
        "filtered by node:read / service:read",
    ),
    (
        "/roster.health.v1.HealthService/WatchServiceHealth",
        "filtered by service:read and node:read",
    ),
    ("/roster.kv.v1.KVService/Get", "key:read"),
    ("/roster.kv.v1.KVService/List", "filtered by key:read"),
    ("/roster.kv.v1.KVService/ListKeys", "filtered by key:read"),
    ("/roster.kv.v1.KVService/Put", "key:write"),
    (
        "/roster.kv.v1.KVService/Delete",
        "key:write (recursive: on everything under it)",
    ),
    (
        "/roster.kv.v1.KVService/Watch",
        "key:read (a prefix: filtered)",
    ),
    ("/roster.kv.v1.KVService/Scan", "filtered by key:read"),
    (
        "/roster.operator.v1.KeyringService/ListKeys",
        "keyring:read",
    ),
    (
        "/roster.operator.v1.KeyringService/InstallKey",
        "keyring:write",
    ),
    ("/roster.operator.v1.KeyringService/UseKey", "keyring:write"),
    (
        "/roster.operator.v1.KeyringService/RemoveKey",
        "keyring:write",
    ),
    (
        "/roster.operator.v1.RaftService/GetConfiguration",
        "operator:read",
    ),
    (
        "/roster.operator.v1.RaftService/RemovePeer",
        "operator:write",
    ),
    (
        "/roster.operator.v1.RaftService/TransferLeader",
        "operator:write",
    ),
    (
        "/roster.operator.v1.AutopilotService/ServerHealth",
        "operator:read",
    ),
    (
        "/roster.operator.v1.AutopilotService/GetAutopilotConfiguration",
        "operator:read",
    ),
    (
        "/roster.operator.v1.AutopilotService/SetAutopilotConfiguration",
        "operator:write",
    ),
    (
        "/roster.session.v1.SessionService/Create",
        "session:write on its node",
    ),
    (
        "/roster.session.v1.SessionService/Destroy",
        "session:write on its node",
    ),
    (
        "/roster.session.v1.SessionService/Info",
        "filtered by session:read",
    ),
    (
        "/roster.session.v1.SessionService/NodeSessions",
        "filtered by session:read",
    ),
    (
        "/roster.session.v1.SessionService/List",
        "filtered by session:read",
    ),
    (
        "/roster.session.v1.SessionService/Renew",
        "session:write on its node",
    ),
    (
        "/roster.session.v1.SessionService/WatchSessions",
        "filtered by session:read",
    ),
    ("/roster.snapshot.v1.SnapshotService/Save", "acl:write"),
    ("/roster.snapshot.v1.SnapshotService/Restore", "acl:write"),
    ("/roster.status.v1.StatusService/Leader", "none"),
    ("/roster.status.v1.StatusService/Peers", "none"),
    ("/roster.txn.v1.TxnService/Txn", "each operation's own"),
    ("/roster.txn.v1.TxnService/ReadTxn", "each operation's own"),
];

/// Services outside Roster's API that stay open: gRPC health and
/// reflection (they describe the API, they hold no data).
const OPEN_SERVICES: &[&str] = &[
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1.ServerReflection/",
    "/grpc.reflection.v1alpha.ServerReflection/",
];

/// Whether the table names `path` (`/package.Service/Method`).
pub fn covered(path: &str) -> bool {
    OPEN_SERVICES.iter().any(|s| path.starts_with(s)) || METHODS.iter().any(|(m, _)| *m == path)
}

/// The layer: with ACLs on, a method the table does not name is refused,
/// and on a client agent a call without token metadata gets the client's
/// default token (or the anonymous one), so that a server the call is passed
/// to acts on the client's default, as Consul's agents do. (A token in the
/// request body still wins over metadata.)
pub async fn guard(
    State(acl): State<Arc<AclResolver>>,
    mut request: axum::extract::Request,
    next: Next,
) -> Response {
    if acl.enabled() {
        if !covered(request.uri().path()) {
            let status = ErrorKind::PermissionDenied.status(format!(
                "Permission denied: {} has no ACL rule",
                request.uri().path()
            ));
            return status.into_http();
        }
        // On a client agent a call without a token acts as the client's
        // default token, else as anonymous, wherever it goes on to (a
        // server must not apply its own default). A server resolves such a
        // call itself (`AclResolver::token_of`).
        let headers = request.headers_mut();
        if acl.is_client()
            && !headers.contains_key("x-consul-token")
            && !headers.contains_key("authorization")
        {
            let secret = acl
                .default_token()
                .unwrap_or_else(|| crate::state::acl::ANONYMOUS_SECRET.to_string());
            if let Ok(value) = http::HeaderValue::from_str(&secret) {
                headers.insert("x-consul-token", value);
            }
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use prost::Message as _;

    use super::*;

    #[test]
    fn every_public_method_has_a_rule() {
        let set =
            prost_types::FileDescriptorSet::decode(roster_proto::FILE_DESCRIPTOR_SET).unwrap();
        let mut found = Vec::new();
        for file in &set.file {
            let package = file.package();
            if !package.starts_with("roster.") {
                continue;
            }
            for service in &file.service {
                // Server to server only: served on the server port, never
                // to clients.
                if service.name() == "RaftTransportService" {
                    continue;
                }
                for method in &service.method {
                    found.push(format!("/{package}.{}/{}", service.name(), method.name()));
                }
            }
        }
        let missing: Vec<_> = found.iter().filter(|m| !covered(m)).collect();
        assert!(
            missing.is_empty(),
            "methods without an ACL rule: {missing:?}"
        );
        let stale: Vec<_> = METHODS
            .iter()
            .filter(|(m, _)| !found.iter().any(|f| f == m))
            .collect();
        assert!(
            stale.is_empty(),
            "rules for methods that do not exist: {stale:?}"
        );
        assert!(!covered("/roster.kv.v1.KVService/Nuke"));
    }
}

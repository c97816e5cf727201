//! Member tags, with Consul's names where Consul has one: `role` (`consul`
//! for servers, `node` for clients), `dc`, `segment`, `id` (node ID),
//! `vsn`/`vsn_min`/`vsn_max`, `build`, and on servers `port` (server RPC and
//! Raft port), `raft_vsn`, `bootstrap` / `expect`, `wan_join_port`. Roster
//! adds `raft_id` (the server's Raft id) and `grpc_port`.

use std::net::SocketAddr;

use super::SerfMember;

/// The `role` tag of servers (Consul's value; clients carry `node`).
pub const SERVER_ROLE: &str = "consul";

/// What a server agent advertises about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerTags {
    /// Server RPC / Raft port.
    pub port: u16,
    /// Raft id.
    pub raft_id: u64,
    /// `-bootstrap`.
    pub bootstrap: bool,
    /// `-bootstrap-expect` (0 = not set).
    pub expect: u32,
    /// WAN gossip port, if the pool runs.
    pub wan_join_port: Option<u16>,
}

/// Tags of an agent.
pub fn build(
    datacenter: &str,
    node_id: &str,
    grpc_port: Option<u16>,
    server: Option<&ServerTags>,
) -> Vec<(String, String)> {
    let mut tags = vec![
        (
            "role".to_string(),
            if server.is_some() {
                SERVER_ROLE
            } else {
                "node"
            }
            .to_string(),
        ),
        ("dc".into(), datacenter.to_string()),
        ("segment".into(), String::new()),
        ("id".into(), node_id.to_string()),
        ("vsn".into(), "2".into()),
        ("vsn_min".into(), "2".into()),
        ("vsn_max".into(), "3".into()),
        ("build".into(), format!("{}:roster", crate::VERSION)),
    ];
    if let Some(p) = grpc_port {
        tags.push(("grpc_port".into(), p.to_string()));
    }
    if let Some(s) = server {
        tags.push(("port".into(), s.port.to_string()));
        tags.push(("raft_vsn".into(), "3".into()));
        tags.push(("raft_id".into(), s.raft_id.to_string()));
        if s.bootstrap {
            tags.push(("bootstrap".into(), "1".into()));
        }
        if s.expect > 0 {
            tags.push(("expect".into(), s.expect.to_string()));
        }
        if let Some(p) = s.wan_join_port {
            tags.push(("wan_join_port".into(), p.to_string()));
        }
    }
    tags
}

/// A server found in the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    /// Member name.
    pub name: String,
    /// Datacenter.
    pub datacenter: String,
    /// Server RPC address (member IP, `port` tag).
    pub rpc_addr: SocketAddr,
    /// Raft id.
    pub raft_id: u64,
    /// `expect` tag (0 = none).
    pub expect: u32,
    /// `bootstrap` tag.
    pub bootstrap: bool,
}

/// The server a member describes, if it is one (any status).
pub fn server_info(member: &SerfMember) -> Option<ServerInfo> {
    let tags = member.tags();
    let tag = |k: &str| tags.get(k).map(|v| v.as_str());
    if tag("role") != Some(SERVER_ROLE) {
        return None;
    }
    let port = tag("port")?.parse::<u16>().ok()?;
    Some(ServerInfo {
        name: member.node().id().to_string(),
        datacenter: tag("dc").unwrap_or_default().to_string(),
        rpc_addr: SocketAddr::new(member.node().address().ip(), port),
        raft_id: tag("raft_id").and_then(|v| v.parse().ok()).unwrap_or(0),
        expect: tag("expect").and_then(|v| v.parse().ok()).unwrap_or(0),
        bootstrap: tag("bootstrap") == Some("1"),
    })
}

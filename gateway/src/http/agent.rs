//! `/v1/agent/` membership endpoints over `roster.agent.v1.AgentService`:
//! members, self, join, leave, force-leave. Answered by the agent itself.

use std::collections::BTreeMap;

use axum::{
    extract::{Path, State},
    response::Response,
};
use http::{HeaderMap, Method, StatusCode, Uri};
use roster_proto::{
    agent::v1::{
        ForceLeaveRequest, GetSelfRequest, JoinRequest, LeaveRequest, ListMembersRequest, Member,
        agent_service_client::AgentServiceClient,
    },
    coordinate::v1::Coordinate,
};
use serde::Serialize;

use super::{Error, Gateway, empty_response, endpoint, json_response, reject_enterprise_meta};

fn client(gateway: &Gateway) -> AgentServiceClient<super::Transport> {
    AgentServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// Consul's `Member` JSON.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MemberJson {
    name: String,
    addr: String,
    port: u32,
    tags: BTreeMap<String, String>,
    status: i32,
    protocol_min: u32,
    protocol_max: u32,
    protocol_cur: u32,
    delegate_min: u32,
    delegate_max: u32,
    delegate_cur: u32,
}

impl From<Member> for MemberJson {
    fn from(m: Member) -> Self {
        MemberJson {
            name: m.name,
            addr: m.address,
            port: m.port,
            tags: m.tags.into_iter().collect(),
            status: m.status,
            protocol_min: m.protocol_min,
            protocol_max: m.protocol_max,
            protocol_cur: m.protocol_cur,
            delegate_min: m.delegate_min,
            delegate_max: m.delegate_max,
            delegate_cur: m.delegate_cur,
        }
    }
}

/// Consul's `Coord` JSON (every value in seconds).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CoordinateJson {
    vec: Vec<f64>,
    error: f64,
    adjustment: f64,
    height: f64,
}

impl From<Coordinate> for CoordinateJson {
    fn from(c: Coordinate) -> Self {
        CoordinateJson {
            vec: c.vec,
            error: c.error,
            adjustment: c.adjustment,
            height: c.height,
        }
    }
}

/// `GET /v1/agent/members[?wan][&segment=]`: the gossip pool as this agent
/// sees it.
pub async fn members(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        reject_enterprise_meta(&params, &headers)?;
        let reply = client(&gateway)
            .list_members(ListMembersRequest {
                wan: params.has("wan"),
                segment: params.get("segment").to_string(),
            })
            .await?
            .into_inner();
        let members: Vec<MemberJson> = reply.members.into_iter().map(Into::into).collect();
        Ok(json_response(&members, gateway.pretty(&params)))
    })
    .await
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ConfigJson {
    datacenter: String,
    primary_datacenter: String,
    node_name: String,
    #[serde(rename = "NodeID")]
    node_id: String,
    revision: String,
    server: bool,
    version: String,
    roster_version: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SelfJson {
    config: ConfigJson,
    debug_config: serde_json::Value,
    coord: Option<CoordinateJson>,
    member: Option<MemberJson>,
    meta: BTreeMap<String, String>,
    stats: BTreeMap<String, BTreeMap<String, String>>,
}

/// `GET /v1/agent/self`: configuration summary, member entry, coordinate and
/// statistics.
pub async fn self_(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let reply = client(&gateway)
            .get_self(GetSelfRequest {})
            .await?
            .into_inner();
        let config = reply.config.unwrap_or_default();
        let body = SelfJson {
            config: ConfigJson {
                datacenter: config.datacenter,
                primary_datacenter: config.primary_datacenter,
                node_name: config.node_name,
                node_id: config.node_id,
                revision: config.revision,
                server: config.server,
                version: config.version,
                roster_version: config.roster_version,
            },
            debug_config: serde_json::from_str(&reply.debug_config_json)
                .unwrap_or(serde_json::Value::Object(Default::default())),
            coord: reply.coord.map(Into::into),
            member: reply.member.map(Into::into),
            meta: reply.meta.into_iter().collect(),
            stats: reply
                .stats
                .into_iter()
                .map(|(k, v)| (k, v.values.into_iter().collect()))
                .collect(),
        };
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `PUT /v1/agent/join/<address>[?wan]`: joins the pool through `address`.
pub async fn join(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(address): Path<String>,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        client(&gateway)
            .join(JoinRequest {
                addresses: vec![address],
                wan: params.has("wan"),
            })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `PUT /v1/agent/leave`: leaves gracefully; the agent then shuts down.
pub async fn leave(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |_params| async move {
        client(&gateway).leave(LeaveRequest {}).await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `PUT /v1/agent/force-leave/<node>[?prune][&wan]`.
pub async fn force_leave(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(node): Path<String>,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        if node.is_empty() {
            return Err(Error::bad_request("Missing node name"));
        }
        client(&gateway)
            .force_leave(ForceLeaveRequest {
                node,
                prune: params.has("prune"),
                wan: params.has("wan"),
            })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `GET /v1/agent/version`: the Consul API version Roster implements.
pub async fn version(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let reply = client(&gateway)
            .get_self(GetSelfRequest {})
            .await?
            .into_inner();
        let config = reply.config.unwrap_or_default();
        let body = serde_json::json!({
            "SHA": config.revision,
            "BuildDate": "",
            "HumanVersion": config.version,
            "FIPS": "",
            "RosterVersion": config.roster_version,
        });
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/agent/host`: the machine, in the shape Consul's gopsutil
/// report has (the fields Roster reads).
pub async fn host(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let h = client(&gateway)
            .get_host(roster_proto::agent::v1::GetHostRequest {})
            .await?
            .into_inner();
        let percent = |used: u64, total: u64| {
            if total == 0 {
                0.0
            } else {
                used as f64 * 100.0 / total as f64
            }
        };
        let body = serde_json::json!({
            "Memory": {
                "total": h.memory_total,
                "available": h.memory_available,
                "used": h.memory_used,
                "usedPercent": percent(h.memory_used, h.memory_total),
            },
            "CPU": [{"cpu": 0, "modelName": h.cpu_model, "cores": h.cpu_cores}],
            "Host": {
                "hostname": h.hostname,
                "uptime": h.uptime_seconds,
                "bootTime": h.boot_time,
                "os": h.os,
                "platform": h.platform,
                "platformVersion": h.platform_version,
                "kernelVersion": h.kernel_version,
            },
            "Disk": {
                "path": h.disk_path,
                "total": h.disk_total,
                "free": h.disk_free,
                "used": h.disk_used,
                "usedPercent": percent(h.disk_used, h.disk_total),
            },
            "CollectionTime": h.collection_time,
            "Errors": h.errors,
        });
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `PUT /v1/agent/reload`: reads the configuration files again.
pub async fn reload(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |_params| async move {
        client(&gateway)
            .reload(roster_proto::agent::v1::ReloadRequest {})
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `PUT /v1/agent/token/<kind>` with `{"Token": "<secret>"}`: replaces one
/// of the agent's ACL tokens (`default`, `agent`, `agent_recovery`,
/// `replication`, and their older names).
pub async fn set_token(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(kind): Path<String>,
    body: axum::body::Body,
) -> Response {
    use roster_proto::agent::v1::{SetTokenRequest, TokenKind};
    endpoint(&method, &[Method::PUT], &uri, |_params| async move {
        let kind = match kind.as_str() {
            "default" | "acl_token" => TokenKind::Default,
            "agent" | "acl_agent_token" => TokenKind::Agent,
            "agent_recovery" | "agent_master" | "acl_agent_master_token" => {
                TokenKind::AgentRecovery
            }
            "replication" | "acl_replication_token" => TokenKind::Replication,
            other => {
                return Err(Error::Rpc(
                    roster_proto::status::ErrorKind::NotFound
                        .status(format!("Token {other:?} is unknown")),
                ));
            }
        };
        let bytes = super::kv::read_value(&headers, body).await?;
        let value = super::json::parse_body(&bytes)?;
        let token = super::json::Obj::root(&value, "body")?.string(&["Token"])?;
        client(&gateway)
            .set_token(SetTokenRequest {
                kind: kind as i32,
                token,
            })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

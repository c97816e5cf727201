//! `/v1/operator/keyring` over `roster.operator.v1.KeyringService`: list
//! (GET), install (POST), use (PUT) and remove (DELETE) gossip keys across
//! the pools. Body `{"Key": "<base64>"}`; `?relay-factor=`, `?local-only`.

use std::collections::BTreeMap;

use axum::{body::Body, extract::State, response::Response};
use http::{HeaderMap, Method, StatusCode, Uri};
use roster_proto::operator::v1::{
    InstallKeyRequest, KeyringOptions, KeyringPoolResponse, ListKeysRequest, RemoveKeyRequest,
    UseKeyRequest, keyring_service_client::KeyringServiceClient,
};
use serde::{Deserialize, Serialize};

use super::{Error, Gateway, Params, empty_response, endpoint, json_response, kv::read_value};

fn client(gateway: &Gateway) -> KeyringServiceClient<super::Transport> {
    KeyringServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PoolJson {
    #[serde(rename = "WAN")]
    wan: bool,
    datacenter: String,
    segment: String,
    messages: BTreeMap<String, String>,
    keys: BTreeMap<String, u32>,
    primary_keys: BTreeMap<String, u32>,
    num_nodes: u32,
}

impl From<KeyringPoolResponse> for PoolJson {
    fn from(r: KeyringPoolResponse) -> Self {
        PoolJson {
            wan: r.wan,
            datacenter: r.datacenter,
            segment: r.segment,
            messages: r.messages.into_iter().collect(),
            keys: r.keys.into_iter().collect(),
            primary_keys: r.primary_keys.into_iter().collect(),
            num_nodes: r.num_nodes,
        }
    }
}

#[derive(Deserialize)]
struct KeyBody {
    #[serde(rename = "Key", alias = "key")]
    key: String,
}

fn options(params: &Params) -> Result<KeyringOptions, Error> {
    let relay = params.get("relay-factor");
    let relay_factor = if relay.is_empty() {
        0
    } else {
        relay
            .parse::<u32>()
            .map_err(|_| Error::bad_request(format!("Error parsing relay factor: {relay:?}")))?
    };
    Ok(KeyringOptions {
        relay_factor,
        local_only: params.has("local-only"),
    })
}

async fn key_of(headers: &HeaderMap, body: Body) -> Result<String, Error> {
    let bytes = read_value(headers, body).await?;
    if bytes.is_empty() {
        return Err(Error::bad_request("Request decode failed: EOF"));
    }
    let parsed: KeyBody = serde_json::from_slice(&bytes)
        .map_err(|e| Error::bad_request(format!("Request decode failed: {e}")))?;
    Ok(parsed.key)
}

/// `/v1/operator/keyring`.
pub async fn keyring(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let allowed = [Method::GET, Method::POST, Method::PUT, Method::DELETE];
    let verb = method.clone();
    endpoint(&method, &allowed, &uri, |params| async move {
        let options = Some(options(&params)?);
        let mut client = client(&gateway);
        if verb == Method::GET {
            let reply = client
                .list_keys(ListKeysRequest { options })
                .await?
                .into_inner();
            let pools: Vec<PoolJson> = reply.responses.into_iter().map(Into::into).collect();
            return Ok(json_response(&pools, gateway.pretty(&params)));
        }
        let key = key_of(&headers, body).await?;
        if verb == Method::POST {
            client
                .install_key(InstallKeyRequest { key, options })
                .await?;
        } else if verb == Method::PUT {
            client.use_key(UseKeyRequest { key, options }).await?;
        } else {
            client.remove_key(RemoveKeyRequest { key, options }).await?;
        }
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

fn raft_client(
    gateway: &Gateway,
) -> roster_proto::operator::v1::raft_service_client::RaftServiceClient<super::Transport> {
    roster_proto::operator::v1::raft_service_client::RaftServiceClient::new(gateway.channel())
        .max_decoding_message_size(super::MAX_REPLY_SIZE)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RaftServerJson {
    #[serde(rename = "ID")]
    id: String,
    node: String,
    address: String,
    leader: bool,
    protocol_version: String,
    voter: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RaftConfigurationJson {
    servers: Vec<RaftServerJson>,
    index: u64,
}

/// `GET /v1/operator/raft/configuration[?stale]`.
pub async fn raft_configuration(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query = super::query_options(&params, &headers)?;
        let reply = raft_client(&gateway)
            .get_configuration(roster_proto::operator::v1::GetConfigurationRequest {
                query_options: Some(query),
            })
            .await?
            .into_inner();
        let body = RaftConfigurationJson {
            servers: reply
                .servers
                .into_iter()
                .map(|s| RaftServerJson {
                    id: s.id,
                    node: s.node,
                    address: s.address,
                    leader: s.leader,
                    protocol_version: s.protocol_version,
                    voter: s.voter,
                })
                .collect(),
            index: reply.index,
        };
        Ok(super::with_meta(
            json_response(&body, gateway.pretty(&params)),
            &reply.query_meta.unwrap_or_default(),
        ))
    })
    .await
}

/// `DELETE /v1/operator/raft/peer?id=|?address=`.
pub async fn raft_peer(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::DELETE], &uri, |params| async move {
        let query = super::query_options(&params, &headers)?;
        raft_client(&gateway)
            .remove_peer(roster_proto::operator::v1::RemovePeerRequest {
                id: params.get("id").to_string(),
                address: params.get("address").to_string(),
                write_options: Some(super::write_options(&query)),
            })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TransferLeaderJson {
    success: bool,
}

/// `POST /v1/operator/raft/transfer-leader[?id=]`: `{"Success": true}` once
/// another server leads.
pub async fn raft_transfer_leader(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(
        &method,
        &[Method::POST, Method::PUT],
        &uri,
        |params| async move {
            let query = super::query_options(&params, &headers)?;
            let reply = raft_client(&gateway)
                .transfer_leader(roster_proto::operator::v1::TransferLeaderRequest {
                    id: params.get("id").to_string(),
                    write_options: Some(super::write_options(&query)),
                })
                .await?
                .into_inner();
            Ok(json_response(
                &TransferLeaderJson {
                    success: reply.success,
                },
                gateway.pretty(&params),
            ))
        },
    )
    .await
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ServerHealthJson {
    #[serde(rename = "ID")]
    id: String,
    name: String,
    address: String,
    serf_status: String,
    version: String,
    leader: bool,
    last_contact: String,
    last_term: u64,
    last_index: u64,
    healthy: bool,
    voter: bool,
    stable_since: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AutopilotHealthJson {
    healthy: bool,
    failure_tolerance: i32,
    servers: Vec<ServerHealthJson>,
}

/// `GET /v1/operator/autopilot/health`: 200 when every server is healthy,
/// 429 otherwise (Consul's codes), with the same body.
pub async fn autopilot_health(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query = super::query_options(&params, &headers)?;
        let reply = autopilot_client(&gateway)
            .server_health(roster_proto::operator::v1::ServerHealthRequest {
                query_options: Some(query),
            })
            .await?
            .into_inner();
        let body = AutopilotHealthJson {
            healthy: reply.healthy,
            failure_tolerance: reply.failure_tolerance,
            servers: reply
                .servers
                .into_iter()
                .map(|s| ServerHealthJson {
                    id: s.id,
                    name: s.name,
                    address: s.address,
                    serf_status: s.serf_status,
                    version: s.version,
                    leader: s.leader,
                    last_contact: s
                        .last_contact
                        .map(|d| {
                            roster_proto::common::format_go_duration(
                                roster_proto::common::from_proto_duration(Some(&d)),
                            )
                        })
                        .unwrap_or_default(),
                    last_term: s.last_term,
                    last_index: s.last_index,
                    healthy: s.healthy,
                    voter: s.voter,
                    stable_since: s
                        .stable_since
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "0001-01-01T00:00:00Z".into()),
                })
                .collect(),
        };
        let mut response = json_response(&body, gateway.pretty(&params));
        if !body.healthy {
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        }
        Ok(response)
    })
    .await
}

fn autopilot_client(
    gateway: &Gateway,
) -> roster_proto::operator::v1::autopilot_service_client::AutopilotServiceClient<super::Transport>
{
    roster_proto::operator::v1::autopilot_service_client::AutopilotServiceClient::new(
        gateway.channel(),
    )
}

/// Consul's `AutopilotConfiguration` JSON (durations as Go strings).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AutopilotConfigJson {
    cleanup_dead_servers: bool,
    last_contact_threshold: String,
    max_trailing_logs: u64,
    min_quorum: u32,
    server_stabilization_time: String,
    redundancy_zone_tag: String,
    disable_upgrade_migration: bool,
    upgrade_version_tag: String,
    create_index: u64,
    modify_index: u64,
}

impl From<roster_proto::operator::v1::AutopilotConfiguration> for AutopilotConfigJson {
    fn from(c: roster_proto::operator::v1::AutopilotConfiguration) -> Self {
        let duration = |d: Option<prost_types::Duration>| {
            roster_proto::common::format_go_duration(roster_proto::common::from_proto_duration(
                d.as_ref(),
            ))
        };
        AutopilotConfigJson {
            cleanup_dead_servers: c.cleanup_dead_servers,
            last_contact_threshold: duration(c.last_contact_threshold),
            max_trailing_logs: c.max_trailing_logs,
            min_quorum: c.min_quorum,
            server_stabilization_time: duration(c.server_stabilization_time),
            redundancy_zone_tag: c.redundancy_zone_tag,
            disable_upgrade_migration: c.disable_upgrade_migration,
            upgrade_version_tag: c.upgrade_version_tag,
            create_index: c.create_index,
            modify_index: c.modify_index,
        }
    }
}

/// A duration in a request body: a Go duration string (`"10s"`) or a
/// number of nanoseconds, as Consul's API reads it.
#[derive(Deserialize)]
#[serde(untagged)]
enum DurationJson {
    Text(String),
    Nanos(u64),
}

/// The body of a `PUT`: fields left out are zero, as in Consul.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct AutopilotConfigInput {
    cleanup_dead_servers: bool,
    last_contact_threshold: Option<DurationJson>,
    max_trailing_logs: u64,
    min_quorum: u32,
    server_stabilization_time: Option<DurationJson>,
    redundancy_zone_tag: String,
    disable_upgrade_migration: bool,
    upgrade_version_tag: String,
}

fn input_duration(
    field: &str,
    d: Option<DurationJson>,
) -> Result<Option<prost_types::Duration>, Error> {
    let d = match d {
        None => std::time::Duration::ZERO,
        Some(DurationJson::Nanos(n)) => std::time::Duration::from_nanos(n),
        Some(DurationJson::Text(s)) => roster_proto::common::parse_go_duration(&s)
            .map_err(|e| Error::bad_request(format!("Request decode failed: {field}: {e}")))?,
    };
    Ok(Some(roster_proto::common::to_proto_duration(d)))
}

/// `GET|PUT /v1/operator/autopilot/configuration[?cas=]`: the settings, or
/// `true`/`false` for a replacement (false: `cas` did not match).
pub async fn autopilot_configuration(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let verb = method.clone();
    endpoint(
        &method,
        &[Method::GET, Method::PUT],
        &uri,
        |params| async move {
            let query = super::query_options(&params, &headers)?;
            let mut client = autopilot_client(&gateway);
            if verb == Method::GET {
                let reply = client
                    .get_autopilot_configuration(
                        roster_proto::operator::v1::GetAutopilotConfigurationRequest {
                            query_options: Some(query),
                        },
                    )
                    .await?
                    .into_inner();
                let body = AutopilotConfigJson::from(reply.configuration.unwrap_or_default());
                return Ok(super::with_meta(
                    json_response(&body, gateway.pretty(&params)),
                    &reply.query_meta.unwrap_or_default(),
                ));
            }
            let cas_index = params.uint("cas")?;
            let bytes = read_value(&headers, body).await?;
            let input: AutopilotConfigInput = serde_json::from_slice(&bytes)
                .map_err(|e| Error::bad_request(format!("Request decode failed: {e}")))?;
            let configuration = roster_proto::operator::v1::AutopilotConfiguration {
                cleanup_dead_servers: input.cleanup_dead_servers,
                last_contact_threshold: input_duration(
                    "LastContactThreshold",
                    input.last_contact_threshold,
                )?,
                max_trailing_logs: input.max_trailing_logs,
                min_quorum: input.min_quorum,
                server_stabilization_time: input_duration(
                    "ServerStabilizationTime",
                    input.server_stabilization_time,
                )?,
                redundancy_zone_tag: input.redundancy_zone_tag,
                disable_upgrade_migration: input.disable_upgrade_migration,
                upgrade_version_tag: input.upgrade_version_tag,
                create_index: 0,
                modify_index: 0,
            };
            let reply = client
                .set_autopilot_configuration(
                    roster_proto::operator::v1::SetAutopilotConfigurationRequest {
                        configuration: Some(configuration),
                        cas_index,
                        datacenter: query.datacenter,
                    },
                )
                .await?
                .into_inner();
            Ok(json_response(&reply.updated, gateway.pretty(&params)))
        },
    )
    .await
}

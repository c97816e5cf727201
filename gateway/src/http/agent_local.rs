//! `/v1/agent/` services and checks over `roster.agent.v1.LocalStateService`:
//! what this agent registers for its node and the checks it runs. Answered
//! by the agent itself (no `?dc`, no index).

use std::collections::BTreeMap;

use axum::{
    body::Body,
    extract::{Path, State},
    response::{IntoResponse as _, Response},
};
use http::{HeaderMap, Method, StatusCode, Uri};
use roster_proto::definitions::{decode_agent_check, decode_service, parse_status};
use roster_proto::{
    agent::v1::{
        DeregisterCheckRequest, DeregisterServiceRequest, ListChecksRequest, ListServicesRequest,
        RegisterCheckRequest, RegisterServiceRequest, SetMaintenanceRequest, UpdateCheckRequest,
        WatchLocalStateRequest, local_state_service_client::LocalStateServiceClient,
    },
    catalog::v1::{HealthCheck, HealthStatus, Service},
};
use serde::Serialize;

use super::{
    Error, Gateway, Params,
    catalog::{AddressJson, HealthCheckJson, WeightsJson, tagged_json},
    empty_response, endpoint,
    json::{Obj, parse_body},
    json_response,
    kv::read_value,
    reject_enterprise_meta,
};

fn client(gateway: &Gateway) -> LocalStateServiceClient<super::Transport> {
    LocalStateServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// Consul's `AgentService`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AgentServiceJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(rename = "ID")]
    id: String,
    service: String,
    tags: Vec<String>,
    meta: BTreeMap<String, String>,
    port: u32,
    address: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    socket_path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tagged_addresses: Option<BTreeMap<String, AddressJson>>,
    weights: WeightsJson,
    enable_tag_override: bool,
    datacenter: String,
}

fn agent_service_json(s: Service, datacenter: &str) -> AgentServiceJson {
    AgentServiceJson {
        kind: s.kind,
        id: s.id,
        service: s.service,
        tags: s.tags,
        meta: s.meta,
        port: s.port,
        address: s.address,
        socket_path: s.socket_path,
        tagged_addresses: tagged_json(s.tagged_addresses),
        weights: s.weights.into(),
        enable_tag_override: s.enable_tag_override,
        datacenter: datacenter.to_string(),
    }
}

/// `PUT /v1/agent/service/register[?replace-existing-checks]`.
pub async fn register_service(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        reject_enterprise_meta(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let value = parse_body(&bytes)?;
        let obj = Obj::root(&value, "ServiceDefinition")?;
        let service = decode_service(&obj)?;
        let mut checks = Vec::new();
        if let Some(c) = obj.object(&["Check"])? {
            checks.push(decode_agent_check(&c)?);
        }
        for c in obj.objects(&["Checks"])? {
            checks.push(decode_agent_check(&c)?);
        }
        client(&gateway)
            .register_service(RegisterServiceRequest {
                service: Some(service),
                checks,
                replace_existing_checks: replace_existing_checks(&params),
            })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

fn replace_existing_checks(params: &Params) -> bool {
    params.has("replace-existing-checks") && params.get("replace-existing-checks") != "false"
}

/// `PUT /v1/agent/service/deregister/<id>`.
pub async fn deregister_service(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(service_id): Path<String>,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |_| async move {
        client(&gateway)
            .deregister_service(DeregisterServiceRequest { service_id })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `GET /v1/agent/services`: `{"<id>": AgentService}`.
pub async fn services(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let reply = client(&gateway)
            .list_services(ListServicesRequest {
                filter: params.get("filter").to_string(),
            })
            .await?
            .into_inner();
        let body: BTreeMap<String, AgentServiceJson> = reply
            .services
            .into_iter()
            .map(|s| (s.id.clone(), agent_service_json(s, &reply.datacenter)))
            .collect();
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/agent/service/<id>`, with Consul's hash-based blocking: the
/// answer carries `X-Consul-ContentHash`; `?hash=<h>` waits (up to `?wait`,
/// 5 minutes by default, at most 10) until the service's definition no
/// longer hashes to `h`, then answers. The hash is of the answer's JSON, and
/// opaque: a client only sends back what it was given.
pub async fn service(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(service_id): Path<String>,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query = super::query_options(&params, &headers)?;
        let wanted = params.get("hash").to_string();
        let pretty = gateway.pretty(&params);
        let mut client = client(&gateway);
        let reply = client
            .list_services(ListServicesRequest::default())
            .await?
            .into_inner();
        let datacenter = reply.datacenter;
        let render = |services: Vec<Service>| -> Result<(AgentServiceJson, String), Error> {
            let service = services
                .into_iter()
                .find(|s| s.id.eq_ignore_ascii_case(&service_id))
                .ok_or_else(|| {
                    Error::Rpc(
                        roster_proto::status::ErrorKind::NotFound
                            .status(format!("unknown service ID: {service_id}")),
                    )
                })?;
            let json = agent_service_json(service, &datacenter);
            let hash = content_hash(&super::to_json(&json, false));
            Ok((json, hash))
        };
        let (mut json, mut hash) = render(reply.services)?;
        if !wanted.is_empty() && hash == wanted {
            let deadline = tokio::time::Instant::now() + query.effective_wait();
            let mut changes = client
                .watch_local_state(WatchLocalStateRequest {})
                .await?
                .into_inner();
            while hash == wanted {
                let next = tokio::time::timeout_at(deadline, changes.message()).await;
                let Ok(next) = next else { break };
                match next? {
                    Some(state) => (json, hash) = render(state.services)?,
                    None => break,
                }
            }
        }
        let mut response = json_response(&json, pretty);
        if let Ok(value) = http::HeaderValue::from_str(&hash) {
            response.headers_mut().insert("x-consul-contenthash", value);
        }
        Ok(response)
    })
    .await
}

/// A service definition's content hash: 16 hex digits of a 64-bit hash of
/// its JSON (stable for one build of the agent, which is all a client
/// holding it needs).
fn content_hash(json: &[u8]) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::hash::DefaultHasher::new();
    json.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// `PUT /v1/agent/check/register`.
pub async fn register_check(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        reject_enterprise_meta(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let value = parse_body(&bytes)?;
        let check = decode_agent_check(&Obj::root(&value, "CheckDefinition")?)?;
        client(&gateway)
            .register_check(RegisterCheckRequest { check: Some(check) })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `PUT /v1/agent/check/deregister/<id>`.
pub async fn deregister_check(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(check_id): Path<String>,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |_| async move {
        client(&gateway)
            .deregister_check(DeregisterCheckRequest { check_id })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

async fn update(
    gateway: &Gateway,
    check_id: String,
    status: HealthStatus,
    output: String,
) -> Result<Response, Error> {
    client(gateway)
        .update_check(UpdateCheckRequest {
            check_id,
            status: status as i32,
            output,
        })
        .await?;
    Ok(empty_response(StatusCode::OK))
}

/// `PUT /v1/agent/check/pass|warn|fail/<id>[?note=]` (TTL checks).
async fn set_ttl(
    gateway: Gateway,
    method: Method,
    uri: Uri,
    check_id: String,
    status: HealthStatus,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        update(&gateway, check_id, status, params.get("note").to_string()).await
    })
    .await
}

/// `PUT /v1/agent/check/pass/<id>`.
pub async fn pass(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    set_ttl(gateway, method, uri, id, HealthStatus::Passing).await
}

/// `PUT /v1/agent/check/warn/<id>`.
pub async fn warn(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    set_ttl(gateway, method, uri, id, HealthStatus::Warning).await
}

/// `PUT /v1/agent/check/fail/<id>`.
pub async fn fail(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    set_ttl(gateway, method, uri, id, HealthStatus::Critical).await
}

/// `PUT /v1/agent/check/update/<id>`, body `{"Status": "...", "Output": "..."}`.
pub async fn update_check(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(check_id): Path<String>,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |_| async move {
        let bytes = read_value(&headers, body).await?;
        let value = parse_body(&bytes)?;
        let obj = Obj::root(&value, "checkUpdate")?;
        let word = obj.string(&["Status"])?;
        let status = parse_status(&word)
            .filter(|s| *s != HealthStatus::Unspecified)
            .ok_or_else(|| Error::bad_request(format!("Invalid check status: '{word}'")))?;
        update(&gateway, check_id, status, obj.string(&["Output"])?).await
    })
    .await
}

/// `GET /v1/agent/checks`: `{"<id>": HealthCheck}`.
pub async fn checks(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let reply = client(&gateway)
            .list_checks(ListChecksRequest {
                filter: params.get("filter").to_string(),
            })
            .await?
            .into_inner();
        let body: BTreeMap<String, HealthCheckJson> = reply
            .checks
            .into_iter()
            .map(|c: HealthCheck| (c.check_id.clone(), c.into()))
            .collect();
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `?enable=`: required, Go's `ParseBool`.
fn enable_param(params: &Params) -> Result<bool, Error> {
    if !params.has("enable") {
        return Err(Error::bad_request("Missing value for enable"));
    }
    let value = params.get("enable");
    super::health::parse_bool(value)
        .ok_or_else(|| Error::bad_request(format!("Invalid value for enable: {value:?}")))
}

async fn maintenance(gateway: Gateway, method: Method, uri: Uri, service_id: String) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let enable = enable_param(&params)?;
        client(&gateway)
            .set_maintenance(SetMaintenanceRequest {
                service_id,
                enable,
                reason: params.get("reason").to_string(),
            })
            .await?;
        Ok(empty_response(StatusCode::OK))
    })
    .await
}

/// `PUT /v1/agent/maintenance?enable=true|false[&reason=]`.
pub async fn node_maintenance(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
) -> Response {
    maintenance(gateway, method, uri, String::new()).await
}

/// `PUT /v1/agent/service/maintenance/<id>?enable=true|false[&reason=]`.
pub async fn service_maintenance(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(service_id): Path<String>,
) -> Response {
    maintenance(gateway, method, uri, service_id).await
}

/// The aggregate of `checks`, as Consul's clients compute it: maintenance,
/// then critical, then warning, else passing.
fn aggregate(checks: &[HealthCheck]) -> &'static str {
    let is = |s: HealthStatus| checks.iter().any(|c| c.status == s as i32);
    if checks.iter().any(|c| {
        c.check_id == "_node_maintenance" || c.check_id.starts_with("_service_maintenance:")
    }) {
        "maintenance"
    } else if is(HealthStatus::Critical) {
        "critical"
    } else if is(HealthStatus::Warning) {
        "warning"
    } else {
        "passing"
    }
}

/// The HTTP status of an aggregate: 200 passing, 429 warning, else 503.
fn aggregate_status(aggregate: &str) -> StatusCode {
    match aggregate {
        "passing" => StatusCode::OK,
        "warning" => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceHealthJson {
    aggregated_status: &'static str,
    service: AgentServiceJson,
    checks: Vec<HealthCheckJson>,
}

/// The local services `matches` selects, each with its aggregate and its
/// checks (the node's and its own).
async fn local_health(
    gateway: &Gateway,
    matches: impl Fn(&Service) -> bool,
) -> Result<Vec<(&'static str, ServiceHealthJson)>, Error> {
    let services = client(gateway)
        .list_services(ListServicesRequest::default())
        .await?
        .into_inner();
    let checks = client(gateway)
        .list_checks(ListChecksRequest::default())
        .await?
        .into_inner()
        .checks;
    Ok(services
        .services
        .into_iter()
        .filter(|s| matches(s))
        .map(|s| {
            let own: Vec<HealthCheck> = checks
                .iter()
                .filter(|c| c.service_id.is_empty() || c.service_id.eq_ignore_ascii_case(&s.id))
                .cloned()
                .collect();
            let status = aggregate(&own);
            (
                status,
                ServiceHealthJson {
                    aggregated_status: status,
                    service: agent_service_json(s, &services.datacenter),
                    checks: own.into_iter().map(Into::into).collect(),
                },
            )
        })
        .collect())
}

/// `GET /v1/agent/health/service/id/<id>[?format=text]`: 200 passing, 429
/// warning, 503 critical or maintenance; 404 for an unknown ID.
pub async fn health_by_id(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let mut found = local_health(&gateway, |s| s.id.eq_ignore_ascii_case(&id)).await?;
        let Some((status, body)) = found.pop() else {
            return Err(Error::Rpc(
                roster_proto::status::ErrorKind::NotFound
                    .status(format!("ServiceId {id} not found")),
            ));
        };
        let code = aggregate_status(status);
        if params.get("format") == "text" {
            return Ok((code, status).into_response());
        }
        let mut response = json_response(&body, gateway.pretty(&params));
        *response.status_mut() = code;
        Ok(response)
    })
    .await
}

/// `GET /v1/agent/health/service/name/<name>[?format=text]`: every local
/// instance; the status is the worst of them.
pub async fn health_by_name(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    Path(name): Path<String>,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let found = local_health(&gateway, |s| s.service.eq_ignore_ascii_case(&name)).await?;
        if found.is_empty() {
            return Err(Error::Rpc(
                roster_proto::status::ErrorKind::NotFound
                    .status(format!("ServiceName {name} Not Found")),
            ));
        }
        let rank = |s: &str| match s {
            "passing" => 0,
            "warning" => 1,
            "critical" => 2,
            _ => 3,
        };
        let worst = found
            .iter()
            .map(|(s, _)| *s)
            .max_by_key(|s| rank(s))
            .unwrap_or("passing");
        let code = aggregate_status(worst);
        if params.get("format") == "text" {
            return Ok((code, worst).into_response());
        }
        let body: Vec<ServiceHealthJson> = found.into_iter().map(|(_, b)| b).collect();
        let mut response = json_response(&body, gateway.pretty(&params));
        *response.status_mut() = code;
        Ok(response)
    })
    .await
}

//! `/v1/health/` over `roster.health.v1.HealthService`.

use axum::{
    extract::{Path, State},
    response::Response,
};
use http::{HeaderMap, Method, Uri};
use roster_proto::definitions::parse_status;
use roster_proto::{
    catalog::v1::HealthStatus,
    health::v1::{
        ListChecksInStateRequest, ListNodeChecksRequest, ListServiceChecksRequest,
        ListServiceHealthRequest, ServiceHealth, ServiceHealthQuery,
        health_service_client::HealthServiceClient,
    },
};
use serde::Serialize;

use super::{
    Error, Gateway, Params,
    catalog::{HealthCheckJson, NodeJson, NodeServiceJson, node_meta},
    read_endpoint,
};

fn client(gateway: &Gateway) -> HealthServiceClient<super::Transport> {
    HealthServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// Go's `strconv.ParseBool`.
pub(super) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `?passing`: present and empty, or any true value; `?passing=false`
/// filters nothing.
fn passing_only(params: &Params) -> Result<bool, Error> {
    if !params.has("passing") {
        return Ok(false);
    }
    let value = params.get("passing");
    if value.is_empty() {
        return Ok(true);
    }
    parse_bool(value).ok_or_else(|| Error::bad_request("Invalid value for ?passing"))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceEntryJson {
    node: NodeJson,
    service: NodeServiceJson,
    checks: Vec<HealthCheckJson>,
}

impl From<ServiceHealth> for ServiceEntryJson {
    fn from(h: ServiceHealth) -> Self {
        ServiceEntryJson {
            node: h.node.unwrap_or_default().into(),
            service: h.service.unwrap_or_default().into(),
            checks: h.checks.into_iter().map(Into::into).collect(),
        }
    }
}

fn checks_json(checks: Vec<roster_proto::catalog::v1::HealthCheck>) -> Vec<HealthCheckJson> {
    checks.into_iter().map(Into::into).collect()
}

/// `GET /v1/health/node/<node>`, blocking.
pub async fn node(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(node): Path<String>,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .list_node_checks(ListNodeChecksRequest {
                    query_options: Some(query),
                    node,
                })
                .await?
                .into_inner();
            Ok((
                checks_json(reply.checks),
                reply.query_meta.unwrap_or_default(),
            ))
        },
    )
    .await
}

/// `GET /v1/health/checks/<service>`, blocking.
pub async fn checks(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(service): Path<String>,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let reply = client(&gateway)
                .list_service_checks(ListServiceChecksRequest {
                    query_options: Some(query),
                    service,
                    node_meta: node_meta(&params),
                })
                .await?
                .into_inner();
            Ok((
                checks_json(reply.checks),
                reply.query_meta.unwrap_or_default(),
            ))
        },
    )
    .await
}

/// `GET /v1/health/service/<service>[?passing][&tag=..][&node-meta=k:v]`,
/// blocking.
pub async fn service(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(service): Path<String>,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let select = ServiceHealthQuery {
                service,
                tags: params.all("tag").map(str::to_string).collect(),
                node_meta: node_meta(&params),
                passing_only: passing_only(&params)?,
            };
            let reply = client(&gateway)
                .list_service_health(ListServiceHealthRequest {
                    query_options: Some(query),
                    query: Some(select),
                })
                .await?
                .into_inner();
            let body: Vec<ServiceEntryJson> = reply.instances.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `GET /v1/health/state/<any|passing|warning|critical>`, blocking.
pub async fn state(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(state): Path<String>,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let status = match state.as_str() {
                "any" => HealthStatus::Unspecified,
                word => parse_status(word)
                    .filter(|s| *s != HealthStatus::Unspecified)
                    .ok_or_else(|| Error::bad_request(format!("Invalid check state {word:?}")))?,
            };
            let reply = client(&gateway)
                .list_checks_in_state(ListChecksInStateRequest {
                    query_options: Some(query),
                    state: status as i32,
                    node_meta: node_meta(&params),
                })
                .await?
                .into_inner();
            Ok((
                checks_json(reply.checks),
                reply.query_meta.unwrap_or_default(),
            ))
        },
    )
    .await
}

//! `/v1/event/` over `roster.event.v1.EventService`: fire a user event, list
//! the ones this agent received (blocking on the folded event ID).

use axum::{
    body::Body,
    extract::{Path, State},
    response::Response,
};
use base64::Engine as _;
use http::{HeaderMap, Method, Uri};
use roster_proto::event::v1::{
    FireRequest, ListRequest, UserEvent, event_service_client::EventServiceClient,
};
use serde::Serialize;

use super::{
    Error, Gateway, endpoint, json_response, kv::read_value, query_options, reject_enterprise_meta,
    with_meta, write_options,
};

fn client(gateway: &Gateway) -> EventServiceClient<super::Transport> {
    EventServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// Consul's event JSON; `Payload` is base64, or null when empty.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct EventJson {
    #[serde(rename = "ID")]
    id: String,
    name: String,
    payload: Option<String>,
    node_filter: String,
    service_filter: String,
    tag_filter: String,
    version: u32,
    #[serde(rename = "LTime")]
    ltime: u64,
}

impl From<UserEvent> for EventJson {
    fn from(e: UserEvent) -> Self {
        EventJson {
            id: e.id,
            name: e.name,
            payload: (!e.payload.is_empty())
                .then(|| base64::engine::general_purpose::STANDARD.encode(&e.payload)),
            node_filter: e.node_filter,
            service_filter: e.service_filter,
            tag_filter: e.tag_filter,
            version: e.version,
            ltime: e.ltime,
        }
    }
}

/// `PUT /v1/event/fire/<name>[?node=][&service=][&tag=]`, body = payload.
pub async fn fire(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        reject_enterprise_meta(&params, &headers)?;
        if name.is_empty() {
            return Err(Error::bad_request("Missing name"));
        }
        let payload = read_value(&headers, body).await?;
        let reply = client(&gateway)
            .fire(FireRequest {
                write_options: Some(write_options(&query)),
                name,
                payload: payload.to_vec(),
                node_filter: params.get("node").to_string(),
                service_filter: params.get("service").to_string(),
                tag_filter: params.get("tag").to_string(),
            })
            .await?
            .into_inner();
        let event: EventJson = reply.event.unwrap_or_default().into();
        Ok(json_response(&event, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/event/list[?name=]`, blocking with `?index=` on the folded ID of
/// the newest event (`X-Consul-Index`).
pub async fn list(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let reply = client(&gateway)
            .list(ListRequest {
                query_options: Some(query),
                name: params.get("name").to_string(),
            })
            .await?
            .into_inner();
        let events: Vec<EventJson> = reply.events.into_iter().map(Into::into).collect();
        Ok(with_meta(
            json_response(&events, gateway.pretty(&params)),
            &reply.query_meta.unwrap_or_default(),
        ))
    })
    .await
}

//! `/v1/session/` over `roster.session.v1.SessionService`: create, destroy,
//! info, node, list and renew, with Consul's shapes. A create body may be
//! empty (every default); `Node` defaults to this agent's node, `NodeChecks`
//! to `["serfHealth"]` unless the body names `NodeChecks` or `Checks` (even
//! empty), `LockDelay` (a duration string, or a number: under 1000 counts
//! seconds, else nanoseconds) to 15 s.

use axum::{
    body::Body,
    extract::{Path, State},
    response::Response,
};
use http::{HeaderMap, Method, Uri};
use roster_proto::{
    common::v1::QueryOptions,
    session::{
        behavior_word, lock_delay_from_number, parse_behavior, parse_lock_delay,
        v1::{
            CreateRequest, DestroyRequest, InfoRequest, ListRequest, NodeSessionsRequest,
            RenewRequest, ServiceCheck, Session, session_service_client::SessionServiceClient,
        },
    },
    status::ErrorKind,
};
use serde::Serialize;
use serde_json::Value;

use super::{
    Error, Gateway, endpoint, json::Obj, json::parse_body, json_response, kv::read_value,
    query_options, read_endpoint, retryable_write_options,
};

fn client(gateway: &Gateway) -> SessionServiceClient<super::Transport> {
    SessionServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// Consul's `ServiceCheck` in a session.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceCheckJson {
    #[serde(rename = "ID")]
    id: String,
    namespace: String,
}

/// Consul's `Session`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SessionJson {
    #[serde(rename = "ID")]
    id: String,
    name: String,
    node: String,
    lock_delay: u64,
    behavior: &'static str,
    #[serde(rename = "TTL")]
    ttl: String,
    node_checks: Option<Vec<String>>,
    service_checks: Option<Vec<ServiceCheckJson>>,
    create_index: u64,
    modify_index: u64,
}

impl From<Session> for SessionJson {
    fn from(s: Session) -> SessionJson {
        SessionJson {
            behavior: behavior_word(s.behavior()),
            lock_delay: s.lock_delay_ns.unwrap_or_default(),
            id: s.id,
            name: s.name,
            node: s.node,
            ttl: s.ttl,
            node_checks: (!s.node_checks.is_empty()).then_some(s.node_checks),
            service_checks: (!s.service_checks.is_empty()).then(|| {
                s.service_checks
                    .into_iter()
                    .map(|c| ServiceCheckJson {
                        id: c.id,
                        namespace: c.namespace,
                    })
                    .collect()
            }),
            create_index: s.create_index,
            modify_index: s.modify_index,
        }
    }
}

/// A Consul-side error (500 with its message): what Consul's servers
/// answer for a bad TTL, behavior or lock-delay.
fn refused(message: String) -> Error {
    Error::Rpc(ErrorKind::Refused.status(message))
}

/// The session a create body asks for, and whether it named its node
/// checks.
fn decode_create(bytes: &[u8], agent_node: &str) -> Result<(Session, bool), Error> {
    let mut session = Session {
        node: agent_node.to_string(),
        ..Session::default()
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok((session, false));
    }
    let value = parse_body(bytes)?;
    let obj = Obj::root(&value, "body")?;
    let present = |name: &str| {
        value
            .as_object()
            .is_some_and(|m| m.keys().any(|k| k.eq_ignore_ascii_case(name)))
    };
    session.name = obj.string(&["Name"])?;
    let node = obj.string(&["Node"])?;
    if !node.is_empty() {
        session.node = node;
    }
    session.behavior = parse_behavior(&obj.string(&["Behavior"])?).map_err(refused)? as i32;
    session.ttl = obj.string(&["TTL"])?;
    let lock_delay = value
        .as_object()
        .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case("LockDelay")))
        .map(|(_, v)| v);
    session.lock_delay_ns = match lock_delay {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(n) => Some(lock_delay_from_number(n).as_nanos() as u64),
            None => {
                return Err(Error::bad_request(format!(
                    "Request decode failed: body.LockDelay: expected a duration, got {n}"
                )));
            }
        },
        Some(Value::String(s)) => Some(parse_lock_delay(s).map_err(refused)?.as_nanos() as u64),
        Some(_) => {
            return Err(Error::bad_request(
                "Request decode failed: body.LockDelay: expected a duration",
            ));
        }
    };
    let named_checks = present("NodeChecks") || present("Checks");
    session.node_checks = obj.strings(&["NodeChecks"])?;
    if session.node_checks.is_empty() {
        // `Checks`: Consul's name before 1.7.
        session.node_checks = obj.strings(&["Checks"])?;
    }
    for check in obj.objects(&["ServiceChecks"])? {
        session.service_checks.push(ServiceCheck {
            id: check.string(&["ID"])?,
            namespace: check.string(&["Namespace"])?,
        });
    }
    Ok((session, named_checks))
}

/// `PUT /v1/session/create`: `{"ID": "<id>"}`.
pub async fn create(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let (session, node_checks_set) = decode_create(&bytes, &gateway.options().node_name)?;
        let reply = client(&gateway)
            .create(CreateRequest {
                write_options: Some(retryable_write_options(&query, &headers)),
                session: Some(session),
                node_checks_set,
            })
            .await?
            .into_inner();
        #[derive(Serialize)]
        struct Created {
            #[serde(rename = "ID")]
            id: String,
        }
        Ok(json_response(
            &Created { id: reply.id },
            gateway.pretty(&params),
        ))
    })
    .await
}

/// `PUT /v1/session/destroy/<id>`: `true`.
pub async fn destroy(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        client(&gateway)
            .destroy(DestroyRequest {
                write_options: Some(retryable_write_options(&query, &headers)),
                id,
            })
            .await?;
        Ok(json_response(&true, gateway.pretty(&params)))
    })
    .await
}

/// `PUT /v1/session/renew/<id>`: `[session]`; 404 for an unknown session.
pub async fn renew(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let reply = client(&gateway)
            .renew(RenewRequest {
                write_options: Some(super::write_options(&query)),
                id,
            })
            .await?
            .into_inner();
        let body: Vec<SessionJson> = reply.session.into_iter().map(Into::into).collect();
        Ok(json_response(&body, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/session/info/<id>`, blocking: `[session]`, or `[]`.
pub async fn info(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .info(InfoRequest {
                    query_options: Some(query),
                    id,
                })
                .await?
                .into_inner();
            let body: Vec<SessionJson> = reply.session.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `GET /v1/session/node/<node>`, blocking.
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
                .node_sessions(NodeSessionsRequest {
                    query_options: Some(query),
                    node,
                })
                .await?
                .into_inner();
            let body: Vec<SessionJson> = reply.sessions.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `GET /v1/session/list`, blocking.
pub async fn list(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query: QueryOptions| async move {
            let reply = client(&gateway)
                .list(ListRequest {
                    query_options: Some(query),
                })
                .await?
                .into_inner();
            let body: Vec<SessionJson> = reply.sessions.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `/v1/session/{destroy,renew,info}/` without an ID.
pub async fn missing_session(method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET, Method::PUT], &uri, |_| async {
        Err::<Response, _>(Error::bad_request("Missing session"))
    })
    .await
}

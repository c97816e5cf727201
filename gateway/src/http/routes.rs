//! The router and what every endpoint call goes through: the gRPC channel as
//! the generated clients see it, the method check and `OPTIONS` answer of
//! Consul's `wrap`, 404 for unknown paths, 400 for non-printable ones.

use axum::{
    Router,
    extract::Request,
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::any,
};
use std::{sync::Arc, time::Duration};

use http::{HeaderValue, Method, StatusCode, Uri, header};
use percent_encoding::percent_decode_str;
use roster_proto::status::ErrorKind;

use roster_proto::common::v1::{Consistency, QueryMeta, QueryOptions};

use super::{
    Error, Params, acl, agent, agent_local, catalog, coordinate, empty_response, event, health,
    json_response, kind_status, kv, operator, park, query_options, reject_enterprise_meta, session,
    snapshot, status, text_response, txn, with_meta,
};
use crate::{GatewayOptions, GrpcChannel};

/// Shared state of every handler: the gRPC channel, the rendering options
/// and the parked long-polls. Cloned for every request (one reference
/// count).
#[derive(Clone)]
pub struct Gateway(Arc<Shared>);

struct Shared {
    channel: GrpcChannel,
    options: GatewayOptions,
    lot: Arc<park::Lot>,
}

impl Gateway {
    /// Bundles a channel and options for [`router`].
    pub fn new(channel: GrpcChannel, options: GatewayOptions) -> Self {
        Gateway(Arc::new(Shared {
            channel,
            options,
            lot: Arc::default(),
        }))
    }

    /// A fresh handle on the gRPC channel for one request.
    pub(super) fn channel(&self) -> Transport {
        Transport(self.0.channel.clone())
    }

    /// The rendering options.
    pub(super) fn options(&self) -> &GatewayOptions {
        &self.0.options
    }

    /// Whether JSON bodies of this request are pretty-printed: `?pretty`, or
    /// always in `-dev` mode.
    pub(super) fn pretty(&self, params: &Params) -> bool {
        self.0.options.pretty_json || params.has("pretty")
    }
}

/// The Consul HTTP API routes over `gateway`.
pub fn router(gateway: Gateway) -> Router {
    Router::new()
        .route("/v1/kv/", any(kv::handle))
        .route("/v1/kv/{*key}", any(kv::handle))
        .route("/v1/status/leader", any(status::leader))
        .route("/v1/status/peers", any(status::peers))
        .route("/v1/agent/members", any(agent::members))
        .route("/v1/agent/self", any(agent::self_))
        .route("/v1/agent/version", any(agent::version))
        .route("/v1/agent/reload", any(agent::reload))
        .route("/v1/agent/token/{kind}", any(agent::set_token))
        .route("/v1/agent/host", any(agent::host))
        .route("/v1/agent/join/{*address}", any(agent::join))
        .route("/v1/agent/leave", any(agent::leave))
        .route("/v1/agent/force-leave/{*node}", any(agent::force_leave))
        .route(
            "/v1/agent/service/register",
            any(agent_local::register_service),
        )
        .route(
            "/v1/agent/service/deregister/{*id}",
            any(agent_local::deregister_service),
        )
        .route(
            "/v1/agent/service/maintenance/{*id}",
            any(agent_local::service_maintenance),
        )
        .route("/v1/agent/maintenance", any(agent_local::node_maintenance))
        .route(
            "/v1/agent/health/service/id/{*id}",
            any(agent_local::health_by_id),
        )
        .route(
            "/v1/agent/health/service/name/{*name}",
            any(agent_local::health_by_name),
        )
        .route("/v1/agent/service/{*id}", any(agent_local::service))
        .route("/v1/agent/services", any(agent_local::services))
        .route("/v1/agent/check/register", any(agent_local::register_check))
        .route(
            "/v1/agent/check/deregister/{*id}",
            any(agent_local::deregister_check),
        )
        .route("/v1/agent/check/pass/{*id}", any(agent_local::pass))
        .route("/v1/agent/check/warn/{*id}", any(agent_local::warn))
        .route("/v1/agent/check/fail/{*id}", any(agent_local::fail))
        .route(
            "/v1/agent/check/update/{*id}",
            any(agent_local::update_check),
        )
        .route("/v1/agent/checks", any(agent_local::checks))
        .route("/v1/event/fire/{*name}", any(event::fire))
        .route("/v1/event/list", any(event::list))
        .route("/v1/operator/keyring", any(operator::keyring))
        .route(
            "/v1/operator/raft/configuration",
            any(operator::raft_configuration),
        )
        .route("/v1/operator/raft/peer", any(operator::raft_peer))
        .route(
            "/v1/operator/raft/transfer-leader",
            any(operator::raft_transfer_leader),
        )
        .route("/v1/snapshot", any(snapshot::snapshot))
        .route(
            "/v1/operator/autopilot/health",
            any(operator::autopilot_health),
        )
        .route(
            "/v1/operator/autopilot/configuration",
            any(operator::autopilot_configuration),
        )
        .route("/v1/catalog/register", any(catalog::register))
        .route("/v1/catalog/deregister", any(catalog::deregister))
        .route("/v1/catalog/datacenters", any(catalog::datacenters))
        .route("/v1/catalog/nodes", any(catalog::nodes))
        .route("/v1/catalog/services", any(catalog::services))
        .route("/v1/catalog/service/{*name}", any(catalog::service))
        .route("/v1/catalog/node/{*node}", any(catalog::node))
        .route(
            "/v1/catalog/node-services/{*node}",
            any(catalog::node_services_list),
        )
        .route("/v1/catalog/service/", any(missing_service))
        .route("/v1/catalog/node/", any(missing_node))
        .route("/v1/catalog/node-services/", any(missing_node))
        .route("/v1/health/node/{*node}", any(health::node))
        .route("/v1/health/checks/{*service}", any(health::checks))
        .route("/v1/health/service/{*service}", any(health::service))
        .route("/v1/health/state/{*state}", any(health::state))
        .route("/v1/txn", any(txn::txn))
        .route("/v1/acl/bootstrap", any(acl::bootstrap))
        .route("/v1/acl/token", any(acl::create_token))
        .route("/v1/acl/token/self", any(acl::token_self))
        .route("/v1/acl/token/{id}", any(acl::token))
        .route("/v1/acl/token/{id}/clone", any(acl::clone_token))
        .route("/v1/acl/tokens", any(acl::tokens))
        .route("/v1/acl/policy", any(acl::create_policy))
        .route("/v1/acl/policy/name/{name}", any(acl::policy_by_name))
        .route("/v1/acl/policy/{id}", any(acl::policy))
        .route("/v1/acl/policies", any(acl::policies))
        .route("/v1/acl/role", any(acl::create_role))
        .route("/v1/acl/role/name/{name}", any(acl::role_by_name))
        .route("/v1/acl/role/{id}", any(acl::role))
        .route("/v1/acl/roles", any(acl::roles))
        .route("/v1/session/create", any(session::create))
        .route("/v1/session/destroy/{*id}", any(session::destroy))
        .route("/v1/session/renew/{*id}", any(session::renew))
        .route("/v1/session/info/{*id}", any(session::info))
        .route("/v1/session/node/{*node}", any(session::node))
        .route("/v1/session/list", any(session::list))
        .route("/v1/session/destroy/", any(session::missing_session))
        .route("/v1/session/renew/", any(session::missing_session))
        .route("/v1/session/info/", any(session::missing_session))
        .route("/v1/session/node/", any(missing_node))
        .route("/v1/health/node/", any(missing_node))
        .route("/v1/health/checks/", any(missing_service))
        .route("/v1/health/service/", any(missing_service))
        .route("/v1/health/state/", any(missing_state))
        .route("/v1/coordinate/datacenters", any(coordinate::datacenters))
        .route("/v1/coordinate/nodes", any(coordinate::nodes))
        .route("/v1/coordinate/node/{*node}", any(coordinate::node))
        .route("/v1/coordinate/update", any(coordinate::update))
        .fallback(not_found)
        .layer(middleware::from_fn(carry_token))
        .layer(middleware::from_fn(reject_unprintable_paths))
        .with_state(gateway)
}

tokio::task_local! {
    /// The HTTP request's ACL token, for the gRPC calls made on its behalf
    /// while its handler runs (see [`carry_token`]).
    static REQUEST_TOKEN: Option<http::HeaderValue>;
}

/// Runs the handler with the request's token (`?token`, `X-Consul-Token`,
/// `Authorization: Bearer`) at hand: every gRPC call the handler makes
/// carries it as `x-consul-token` metadata, so the services check the same
/// token whether or not their request message has a token field (reads
/// also send it in `QueryOptions.token`, which a parked long-poll's own
/// task uses).
async fn carry_token(request: Request, next: Next) -> Response {
    let params = Params::parse(request.uri().query());
    let token = super::params::token(&params, request.headers());
    let value = (!token.is_empty())
        .then(|| http::HeaderValue::from_str(&token).ok())
        .flatten();
    REQUEST_TOKEN.scope(value, next.run(request)).await
}

/// The channel as the generated clients see it. Its error is a concrete
/// type rather than `tower::BoxError`: with a boxed trait object in the
/// client's type, rustc cannot prove the handlers' futures `Send`
/// (rust-lang/rust#102211, "implementation of `From` is not general enough").
#[derive(Clone)]
pub(crate) struct Transport(GrpcChannel);

impl Transport {
    pub(crate) fn new(channel: GrpcChannel) -> Transport {
        Transport(channel)
    }
}

/// A transport failure of the gRPC channel (not an error status, which
/// travels in the response).
#[derive(Debug, thiserror::Error)]
#[error("grpc transport failed: {0}")]
pub struct TransportError(#[source] tower::BoxError);

pub(super) type GrpcRequest = http::Request<tonic::body::Body>;
pub(super) type GrpcResponse = http::Response<tonic::body::Body>;

impl tower::Service<GrpcRequest> for Transport {
    type Response = GrpcResponse;
    type Error = TransportError;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<GrpcResponse, TransportError>> + Send>,
    >;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), TransportError>> {
        self.0.poll_ready(cx).map_err(TransportError)
    }

    fn call(&mut self, mut request: GrpcRequest) -> Self::Future {
        if let Ok(Some(token)) = REQUEST_TOKEN.try_with(Clone::clone) {
            request
                .headers_mut()
                .entry("x-consul-token")
                .or_insert(token);
        }
        let call = self.0.call(request);
        Box::pin(async move { call.await.map_err(TransportError) })
    }
}

/// Largest gRPC reply the gateway decodes. Consul puts no limit on a list's
/// size, so neither does the gateway (tonic's default is 4 MiB).
pub(super) const MAX_REPLY_SIZE: usize = usize::MAX;

/// A read endpoint called without the name it reads: Consul's 400.
async fn missing(method: Method, uri: Uri, what: &'static str) -> Response {
    endpoint(&method, &[Method::GET], &uri, |_| async move {
        Err::<Response, _>(Error::bad_request(format!("Missing {what}")))
    })
    .await
}

async fn missing_service(method: Method, uri: Uri) -> Response {
    missing(method, uri, "service name").await
}

async fn missing_node(method: Method, uri: Uri) -> Response {
    missing(method, uri, "node name").await
}

async fn missing_state(method: Method, uri: Uri) -> Response {
    missing(method, uri, "check state").await
}

/// Any path no endpoint owns: 404 with an empty body.
pub(super) async fn not_found() -> Response {
    empty_response(kind_status(ErrorKind::NotFound))
}

/// Refuses a request whose URL-decoded path contains a non-printable
/// character with 400, like Consul's default HTTP filter (which answers with
/// an empty body; Roster names the problem).
pub(super) async fn reject_unprintable_paths(request: Request, next: Next) -> Response {
    let path = percent_decode_str(request.uri().path()).decode_utf8_lossy();
    if path.chars().any(|c| !is_printable(c)) {
        return text_response(
            kind_status(ErrorKind::InvalidArgument),
            "Bad request: the path contains a non-printable character".into(),
        );
    }
    next.run(request).await
}

/// Go's `unicode.IsPrint`, approximated without Unicode tables: everything but
/// control, format and private-use characters, non-characters and whitespace
/// other than the ASCII space. (Go also refuses unassigned code points, which
/// this does not know about.)
pub(super) fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c,
        // Format characters (Cf).
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{8e2}'
        | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}' | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0001}'
        | '\u{e0020}'..='\u{e007f}'
        // Private use (Co) and non-characters.
        | '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{10ffff}' | '\u{fdd0}'..='\u{fdef}'
        | '\u{fffe}' | '\u{ffff}')
}

/// One endpoint call: answers `OPTIONS` and refused methods (see
/// [`check_method`]), else runs `handler` with the parsed query string and
/// renders its error as Consul does.
pub(super) async fn endpoint<F, Fut>(
    method: &Method,
    allowed: &[Method],
    uri: &http::Uri,
    handler: F,
) -> Response
where
    F: FnOnce(Params) -> Fut,
    Fut: std::future::Future<Output = Result<Response, Error>>,
{
    if let Some(response) = check_method(method, allowed) {
        return response;
    }
    handler(Params::parse(uri.query()))
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// A read endpoint (GET): parses the query options (refusing namespaces
/// and partitions), runs `read`, and renders what it returns as JSON with
/// the `X-Consul-*` read headers of its [`QueryMeta`]. A blocking read
/// (`?index`, not `?consistent`) goes through the parked long-polls
/// ([`park`]): identical watchers share one read and one rendered answer.
/// `?cached` reads are answered fresh, with `X-Cache: MISS`.
pub(super) async fn read_endpoint<F, Fut, T>(
    gateway: Gateway,
    method: &Method,
    uri: &http::Uri,
    headers: &http::HeaderMap,
    read: F,
) -> Response
where
    F: FnOnce(Gateway, Params, QueryOptions) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(T, QueryMeta), Error>> + Send + 'static,
    T: serde::Serialize,
{
    endpoint(method, &[Method::GET], uri, |params| async move {
        let mut query = query_options(&params, headers)?;
        reject_enterprise_meta(&params, headers)?;
        if query.near == "_agent" {
            query.near = gateway.options().node_name.clone();
        }
        let pretty = gateway.pretty(&params);
        let cached = params.has("cached");
        let index = query.min_index;
        let wait = query.wait.and_then(|d| Duration::try_from(d).ok());
        let deadline = tokio::time::Instant::now() + query.jittered_wait();
        let key = (index > 0 && query.consistency != Consistency::Consistent as i32)
            .then(|| park_key(uri.path(), &params, &query.token));
        let lot = Arc::clone(&gateway.0.lot);
        let read = Arc::new(move |index: u64, wait: Option<Duration>| {
            let mut query = query.clone();
            query.min_index = index;
            query.wait = wait.map(roster_proto::common::to_proto_duration);
            let (gateway, params, read) = (gateway.clone(), params.clone(), read.clone());
            async move {
                match read(gateway, params, query).await {
                    Ok((body, meta)) => {
                        Ok((meta.index, with_meta(json_response(&body, pretty), &meta)))
                    }
                    Err(error) => Err(error.into_response()),
                }
            }
        });
        let mut response = match key {
            Some(key) => lot.serve(&key, index, wait, deadline, read).await,
            None => park::read_once(&*read, index, wait).await,
        };
        // `?cached` is served fresh from the servers (there is no agent
        // cache): say so as Consul's cache does for a miss.
        if cached {
            response
                .headers_mut()
                .insert("x-cache", HeaderValue::from_static("MISS"));
        }
        Ok(response)
    })
    .await
}

/// The key of a blocking read's shared query: everything that shapes its
/// answer (the path, the query string but `index` and `wait`, in a fixed
/// order, and the token), each part length-prefixed so that no two
/// requests share a key by accident.
fn park_key(path: &str, params: &Params, token: &str) -> String {
    let mut pairs: Vec<_> = params
        .pairs
        .iter()
        .filter(|(k, _)| k != "index" && k != "wait")
        .collect();
    pairs.sort();
    let mut key = String::new();
    let mut push = |part: &str| {
        key.push_str(&part.len().to_string());
        key.push(':');
        key.push_str(part);
    };
    push(path);
    push(token);
    for (k, v) in pairs {
        push(k);
        push(v);
    }
    key
}

/// What an endpoint does with a request's method: serve it, or answer for it.
/// Mirrors Consul's `wrap`: `OPTIONS` gets 200 and `Allow`; a method not in
/// `allowed` gets 405, `Allow` and `method <M> not allowed`. `Allow` lists
/// `OPTIONS` first, then `allowed` in order.
pub(super) fn check_method(method: &Method, allowed: &[Method]) -> Option<Response> {
    if allowed.contains(method) {
        return None;
    }
    let allow = std::iter::once("OPTIONS")
        .chain(allowed.iter().map(Method::as_str))
        .collect::<Vec<_>>()
        .join(",");
    // Built from method names, which are valid header characters.
    let allow = HeaderValue::from_str(&allow).unwrap_or(HeaderValue::from_static("OPTIONS"));
    let mut response = if method == Method::OPTIONS {
        empty_response(StatusCode::OK)
    } else {
        // An HTTP protocol answer, not an error of the API: no ErrorKind.
        text_response(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method {method} not allowed"),
        )
    };
    response.headers_mut().insert(header::ALLOW, allow);
    Some(response)
}

//! The HTTP side of the gateway: the router, and what every Consul endpoint
//! shares — query-string parsing (`?dc`, `?token`, `?stale`/`?consistent`,
//! `?index`/`?wait`, flags that are present-or-absent), Go duration parsing,
//! the `X-Consul-*` response headers, Consul's JSON rendering, and the error
//! response (plain text, status from [`ErrorKind`]).
//!
//! Endpoint groups live one per file: [`kv`] (`/v1/kv/`), [`status`]
//! (`/v1/status/`), [`agent`] (`/v1/agent/` membership), [`event`]
//! (`/v1/event/`), [`coordinate`] (`/v1/coordinate/`) and [`operator`]
//! (`/v1/operator/keyring`, `/v1/operator/raft/`, `/v1/operator/autopilot/`).
//! Simple endpoints
//! go through [`endpoint`]: method check, query string, error rendering.
//!
//! Routing mirrors Consul's `wrap`: an endpoint accepts any method and answers
//! `OPTIONS` (200 with `Allow`) and methods it does not serve (405 with
//! `Allow` and `method <M> not allowed`) itself; unknown paths are 404 with an
//! empty body; paths with non-printable characters are 400 (Consul's
//! `cleanhttp.PrintablePathCheckHandler`, which sends no body; Roster says why).

pub mod agent;
pub mod coordinate;
pub mod event;
pub mod kv;
pub mod operator;
pub mod snapshot;
pub mod status;

use std::time::Duration;

use axum::{
    Router,
    body::Body,
    extract::Request,
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::any,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use roster_proto::{
    common::{
        parse_go_duration, to_proto_duration,
        v1::{Consistency, QueryMeta, QueryOptions, WriteOptions},
    },
    kv::value_too_large_message,
    status::{ErrorKind, HasErrorKind},
};
use serde::Serialize;

use crate::{GatewayOptions, GrpcChannel};

/// Shared state of every handler: the gRPC channel and the rendering options.
#[derive(Clone)]
pub struct Gateway {
    channel: GrpcChannel,
    options: GatewayOptions,
}

impl Gateway {
    /// Bundles a channel and options for [`router`].
    pub fn new(channel: GrpcChannel, options: GatewayOptions) -> Self {
        Gateway { channel, options }
    }

    /// A fresh handle on the gRPC channel for one request.
    fn channel(&self) -> Transport {
        Transport(self.channel.clone())
    }

    /// Whether JSON bodies of this request are pretty-printed: `?pretty`, or
    /// always in `-dev` mode.
    fn pretty(&self, params: &Params) -> bool {
        self.options.pretty_json || params.has("pretty")
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
        .route("/v1/agent/join/{*address}", any(agent::join))
        .route("/v1/agent/leave", any(agent::leave))
        .route("/v1/agent/force-leave/{*node}", any(agent::force_leave))
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
        .route("/v1/coordinate/datacenters", any(coordinate::datacenters))
        .route("/v1/coordinate/nodes", any(coordinate::nodes))
        .route("/v1/coordinate/node/{*node}", any(coordinate::node))
        .route("/v1/coordinate/update", any(coordinate::update))
        .fallback(not_found)
        .layer(middleware::from_fn(reject_unprintable_paths))
        .with_state(gateway)
}

/// The channel as the generated clients see it. Its error is a concrete
/// type rather than `tower::BoxError`: with a boxed trait object in the
/// client's type, rustc cannot prove the handlers' futures `Send`
/// (rust-lang/rust#102211, "implementation of `From` is not general enough").
#[derive(Clone)]
pub(crate) struct Transport(GrpcChannel);

/// A transport failure of the gRPC channel (not an error status, which
/// travels in the response).
#[derive(Debug, thiserror::Error)]
#[error("grpc transport failed: {0}")]
pub struct TransportError(#[source] tower::BoxError);

type GrpcRequest = http::Request<tonic::body::Body>;
type GrpcResponse = http::Response<tonic::body::Body>;

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

    fn call(&mut self, request: GrpcRequest) -> Self::Future {
        let call = self.0.call(request);
        Box::pin(async move { call.await.map_err(TransportError) })
    }
}

/// Largest gRPC reply the gateway decodes. Consul puts no limit on a list's
/// size, so neither does the gateway (tonic's default is 4 MiB).
const MAX_REPLY_SIZE: usize = usize::MAX;

/// Errors the gateway answers with. Each has an [`ErrorKind`], which picks the
/// HTTP status; the body is the message as plain text.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A malformed request: bad parameter, conflicting flags, bad key. The
    /// message is Consul's where Consul has one, since clients match on it.
    #[error("{0}")]
    BadRequest(String),
    /// A value over `kv_max_value_size`; `len` is the body's length (or the
    /// bytes read before giving up, for a body without `Content-Length`).
    #[error("{}", value_too_large_message(*.len))]
    ValueTooLarge {
        /// Length of the body.
        len: usize,
    },
    /// A feature Roster has not implemented yet.
    #[error("{0}")]
    Unimplemented(&'static str),
    /// An error status from a gRPC service, mapped through its kind.
    #[error("{}", .0.message())]
    Rpc(#[from] tonic::Status),
}

impl Error {
    fn bad_request(message: impl Into<String>) -> Error {
        Error::BadRequest(message.into())
    }
}

impl HasErrorKind for Error {
    fn kind(&self) -> ErrorKind {
        match self {
            Error::BadRequest(_) => ErrorKind::InvalidArgument,
            Error::ValueTooLarge { .. } => ErrorKind::TooLarge,
            Error::Unimplemented(_) => ErrorKind::Unimplemented,
            Error::Rpc(status) => ErrorKind::of_status(status),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let kind = self.kind();
        if let Error::Rpc(status) = &self {
            tracing::debug!(kind = kind.as_str(), code = ?status.code(), "grpc call failed");
        }
        text_response(kind_status(kind), self.to_string())
    }
}

/// The HTTP status of an error kind.
fn kind_status(kind: ErrorKind) -> StatusCode {
    // The table only holds valid HTTP statuses (4xx/5xx).
    StatusCode::from_u16(kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A plain-text body, as Go's `http.Error`/`fmt.Fprint` error paths produce.
fn text_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// A response with an empty body (e.g. a missing KV key).
fn empty_response(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

/// Any path no endpoint owns: 404 with an empty body.
async fn not_found() -> Response {
    empty_response(kind_status(ErrorKind::NotFound))
}

/// Refuses a request whose URL-decoded path contains a non-printable
/// character with 400, like Consul's default HTTP filter (which answers with
/// an empty body; Roster names the problem).
async fn reject_unprintable_paths(request: Request, next: Next) -> Response {
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
fn is_printable(c: char) -> bool {
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
async fn endpoint<F, Fut>(
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

/// What an endpoint does with a request's method: serve it, or answer for it.
/// Mirrors Consul's `wrap`: `OPTIONS` gets 200 and `Allow`; a method not in
/// `allowed` gets 405, `Allow` and `method <M> not allowed`. `Allow` lists
/// `OPTIONS` first, then `allowed` in order.
fn check_method(method: &Method, allowed: &[Method]) -> Option<Response> {
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

/// A request's query string, decoded like Go's `url.Values` (`+` is a space,
/// repeated names keep every value in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes a raw query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Params {
        let pairs = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Params { pairs }
    }

    /// Whether `name` is present, with any value: Consul's flags
    /// (`?recurse`, `?recurse=`, `?recurse=false` all mean on).
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// The first value of `name`, or `""` when absent (Go's `Values.Get`).
    pub fn get(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Re-encodes the query like Go's `Values.Encode`: names sorted, values
    /// in order, escaped with `QueryEscape`. Consul quotes it in
    /// `Conflicting flags: ...`.
    pub fn encode(&self) -> String {
        let mut pairs: Vec<&(String, String)> = self.pairs.iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0)); // stable: values keep their order
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// 400 `Conflicting flags: <query>\n` when more than one of `flags` is
    /// present.
    fn reject_conflicting(&self, flags: &[&str]) -> Result<(), Error> {
        if flags.iter().filter(|flag| self.has(flag)).count() > 1 {
            return Err(Error::bad_request(format!(
                "Conflicting flags: {}\n",
                self.encode()
            )));
        }
        Ok(())
    }

    /// An optional unsigned integer parameter (`?flags=`, `?cas=`): absent is
    /// `None`, present must be a decimal `uint64`.
    fn uint(&self, name: &str) -> Result<Option<u64>, Error> {
        if !self.has(name) {
            return Ok(None);
        }
        let value = self.get(name);
        parse_uint(value).map(Some).ok_or_else(|| {
            Error::bad_request(format!(
                "Invalid {name} value {value:?}: must be an unsigned 64-bit integer"
            ))
        })
    }
}

/// Characters Go's `url.QueryEscape` escapes: all but ASCII letters, digits
/// and `-_.~` (a space becomes `+`, handled separately).
const QUERY_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn query_escape(s: &str) -> String {
    // A literal `+` is escaped as `%2B`, so turning `%20` into `+` is exact.
    utf8_percent_encode(s, QUERY_ESCAPE)
        .to_string()
        .replace("%20", "+")
}

/// Go's `strconv.ParseUint(s, 10, 64)`: decimal digits only, no sign.
fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Go's `time.ParseDuration` for `?wait=`/`?max_stale=`: a unit is required
/// except for `0`, a sign is allowed, and negative durations (which Consul
/// treats like zero) come back as zero. Longer than Go's `time.Duration` can
/// hold (about 292 years) is refused.
pub fn parse_duration(input: &str) -> Option<Duration> {
    let (negative, magnitude) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    if negative && magnitude.starts_with('+') {
        return None;
    }
    let duration = parse_go_duration(magnitude).ok()?;
    if duration.as_nanos() > i64::MAX as u128 {
        return None;
    }
    Some(if negative { Duration::ZERO } else { duration })
}

/// Header values of a namespace/partition, by query parameter name.
const ENTERPRISE_PARAMS: [(&str, &str, &str); 2] = [
    ("ns", "X-Consul-Namespace", "Namespaces"),
    ("partition", "X-Consul-Partition", "Partitions"),
];

/// Consul CE refuses namespaces and admin partitions; Roster accepts only the
/// empty and `default` ones (some libraries always send `ns=default`).
fn reject_enterprise_meta(params: &Params, headers: &HeaderMap) -> Result<(), Error> {
    let is_default = |v: &str| v.is_empty() || v == "default";
    for (param, header_name, feature) in ENTERPRISE_PARAMS {
        let header_value = headers
            .get(header_name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        if !is_default(&header_value) {
            return Err(Error::bad_request(format!(
                "Invalid header: {header_name:?} - {feature} are a Consul Enterprise feature"
            )));
        }
        if !is_default(params.get(param)) {
            return Err(Error::bad_request(format!(
                "Invalid query parameter: {param:?} - {feature} are a Consul Enterprise feature"
            )));
        }
    }
    Ok(())
}

/// The request's ACL token, first non-empty of `?token=`, `X-Consul-Token`,
/// and `Authorization: Bearer <token>` (only the `Bearer` scheme; the first
/// word after it). Empty means the agent's default token.
fn token(params: &Params, headers: &HeaderMap) -> String {
    let header = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let from_query = params.get("token");
    if !from_query.is_empty() {
        return from_query.to_string();
    }
    let from_header = header(header::HeaderName::from_static("x-consul-token"));
    if !from_header.is_empty() {
        return from_header;
    }
    let authorization = header(header::AUTHORIZATION);
    let mut parts = authorization.split(' ');
    if parts.next() == Some("Bearer") {
        let value = parts.collect::<Vec<_>>().join(" ");
        if let Some(token) = value.trim().split(' ').next() {
            return token.trim().to_string();
        }
    }
    String::new()
}

/// Parses what Consul's `parse` takes from every request to an endpoint that
/// accepts query options: `?dc`, the token, `?filter`, the consistency mode
/// (`?stale`, `?consistent`, `?leader`, `?max_stale`, `?cached`), `?wait` and
/// `?index`. The 400s carry Consul's exact messages.
pub fn query_options(params: &Params, headers: &HeaderMap) -> Result<QueryOptions, Error> {
    let mut stale = params.has("stale");
    let consistent = params.has("consistent");
    let cached = params.has("cached");
    let max_stale = params.get("max_stale");
    if !max_stale.is_empty() {
        let d = parse_duration(max_stale)
            .ok_or_else(|| Error::bad_request(format!("Invalid max_stale value {max_stale:?}")))?;
        stale |= !d.is_zero();
    }
    if stale && consistent {
        return Err(Error::bad_request(
            "Cannot specify ?stale with ?consistent, conflicting semantics.",
        ));
    }
    if cached && consistent {
        return Err(Error::bad_request(
            "Cannot specify ?cached with ?consistent, conflicting semantics.",
        ));
    }
    let consistency = if consistent {
        Consistency::Consistent
    } else if stale {
        Consistency::Stale
    } else {
        Consistency::Unspecified
    };

    let mut wait = None;
    let wait_param = params.get("wait");
    if !wait_param.is_empty() {
        let d =
            parse_duration(wait_param).ok_or_else(|| Error::bad_request("Invalid wait time"))?;
        // Zero (or negative) means the server's default, like an absent wait.
        wait = (!d.is_zero()).then(|| to_proto_duration(d));
    }
    let mut min_index = 0;
    let index_param = params.get("index");
    if !index_param.is_empty() {
        min_index = parse_uint(index_param).ok_or_else(|| Error::bad_request("Invalid index"))?;
    }

    Ok(QueryOptions {
        min_index,
        wait,
        consistency: consistency as i32,
        datacenter: params.get("dc").to_string(),
        token: token(params, headers),
        near: String::new(),
        filter: params.get("filter").to_string(),
    })
}

/// The write options of a request whose query options were parsed.
fn write_options(query: &QueryOptions) -> WriteOptions {
    WriteOptions {
        datacenter: query.datacenter.clone(),
        token: query.token.clone(),
        request_id: String::new(),
    }
}

/// The request id header: a retried write with the same id applies once
/// (`WriteOptions.request_id`).
pub const REQUEST_ID_HEADER: &str = "x-roster-request-id";

/// [`write_options`] with the request's `X-Roster-Request-Id`, for writes
/// that a client may retry.
fn retryable_write_options(query: &QueryOptions, headers: &HeaderMap) -> WriteOptions {
    WriteOptions {
        request_id: headers
            .get(REQUEST_ID_HEADER)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default(),
        ..write_options(query)
    }
}

/// `X-Consul-Effective-Consistency` value of a consistency mode.
fn consistency_name(consistency: i32) -> &'static str {
    match Consistency::try_from(consistency) {
        Ok(Consistency::Consistent) => "consistent",
        Ok(Consistency::Stale) => "stale",
        Ok(Consistency::Unspecified) | Err(_) => "leader",
    }
}

/// Sets Consul's read headers from a reply's [`QueryMeta`]:
/// `X-Consul-Index` (never 0), `X-Consul-LastContact` (whole milliseconds),
/// `X-Consul-KnownLeader` and `X-Consul-Effective-Consistency`.
fn set_query_meta(headers: &mut HeaderMap, meta: &QueryMeta) {
    let last_contact =
        roster_proto::common::from_proto_duration(meta.last_contact.as_ref()).as_millis();
    let values = [
        ("x-consul-index", meta.index.max(1).to_string()),
        ("x-consul-lastcontact", last_contact.to_string()),
        ("x-consul-knownleader", meta.known_leader.to_string()),
        (
            "x-consul-effective-consistency",
            consistency_name(meta.effective_consistency).to_string(),
        ),
    ];
    for (name, value) in values {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

/// Adds the `X-Consul-*` read headers of `meta` to a response.
fn with_meta(mut response: Response, meta: &QueryMeta) -> Response {
    set_query_meta(response.headers_mut(), meta);
    response
}

/// A 200 JSON response, rendered like Consul (see [`to_json`]).
fn json_response<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        to_json(value, pretty),
    )
        .into_response()
}

/// Serialises like Go's `encoding/json` as Consul calls it: compact, or with
/// a 4-space indent and a trailing newline when `pretty`; `<`, `>`, `&`,
/// U+2028 and U+2029 in strings are escaped as `\u003c` etc.
pub fn to_json<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Vec<u8> {
    let mut out = Vec::new();
    // Serialising the gateway's plain data types into a Vec cannot fail.
    let result = if pretty {
        let formatter = GoFormatter(serde_json::ser::PrettyFormatter::with_indent(b"    "));
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
    } else {
        let formatter = GoFormatter(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
    };
    if let Err(error) = result {
        tracing::error!(%error, "json rendering failed");
    }
    if pretty {
        out.push(b'\n');
    }
    out
}

/// A serde_json formatter that adds Go's HTML-safe string escaping to an
/// inner formatter's layout.
struct GoFormatter<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for GoFormatter<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> Params {
        Params::parse(Some(query))
    }

    fn options(query: &str) -> Result<QueryOptions, String> {
        query_options(&params(query), &HeaderMap::new()).map_err(|e| e.to_string())
    }

    #[test]
    fn go_durations() {
        let ok = |s: &str, d: Duration| assert_eq!(parse_duration(s), Some(d), "{s}");
        ok("10s", Duration::from_secs(10));
        ok("5m", Duration::from_secs(300));
        ok("1h30m", Duration::from_secs(5400));
        ok("250ms", Duration::from_millis(250));
        ok("1.5s", Duration::from_millis(1500));
        ok("100us", Duration::from_micros(100));
        ok("100µs", Duration::from_micros(100));
        ok("7ns", Duration::from_nanos(7));
        ok("0", Duration::ZERO);
        ok("+3s", Duration::from_secs(3));
        ok("-3s", Duration::ZERO);
        ok("-0", Duration::ZERO);
        ok("2562047h", Duration::from_secs(2_562_047 * 3600));
        for bad in [
            "", "60", "10", "s", "1x", "1.2.3s", "--1s", "-+1s", "1s2", " 1s", "2562048h",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?} accepted");
        }
    }

    proptest::proptest! {
        #[test]
        fn go_duration_round_trips(nanos in 0u64..=i64::MAX as u64) {
            let d = Duration::from_nanos(nanos);
            let text = roster_proto::common::format_go_duration(d);
            proptest::prop_assert_eq!(parse_duration(&text), Some(d));
        }

        #[test]
        fn bare_numbers_are_refused(n in 1u64..) {
            proptest::prop_assert_eq!(parse_duration(&n.to_string()), None);
        }

        #[test]
        fn query_encoding_round_trips(
            pairs in proptest::collection::vec(("[a-z&=+ %ü~*]{0,6}", "[a-z&=+ %ü~*]{0,6}"), 0..5)
        ) {
            let mut sorted = pairs.clone();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let p = Params { pairs: pairs.clone() };
            proptest::prop_assert_eq!(Params::parse(Some(&p.encode())).pairs, sorted);
        }
    }

    #[test]
    fn flags_are_present_or_absent() {
        let p = params("recurse=false&keys&raw=");
        assert!(p.has("recurse") && p.has("keys") && p.has("raw"));
        assert!(!p.has("cas"));
        assert_eq!(p.get("recurse"), "false");
        assert_eq!(p.get("missing"), "");
        let p = params("separator=%2F&a=1&a=2&b=x+y");
        assert_eq!(p.get("separator"), "/");
        assert_eq!(p.get("a"), "1");
        assert_eq!(p.get("b"), "x y");
    }

    #[test]
    fn encode_is_go_values_encode() {
        assert_eq!(params("cas=1&acquire").encode(), "acquire=&cas=1");
        assert_eq!(
            params("z=2&a=b%20c&z=1&k=%2A~%2B").encode(),
            "a=b+c&k=%2A~%2B&z=2&z=1"
        );
        assert_eq!(
            params("recurse&cas=5")
                .reject_conflicting(&["recurse", "cas"])
                .unwrap_err()
                .to_string(),
            "Conflicting flags: cas=5&recurse=\n"
        );
        assert!(
            params("cas=5")
                .reject_conflicting(&["recurse", "cas"])
                .is_ok()
        );
    }

    #[test]
    fn query_options_parse() {
        let q = options("index=42&wait=10s&dc=dc2&token=t&filter=a").unwrap();
        assert_eq!(q.min_index, 42);
        assert_eq!(q.wait, Some(to_proto_duration(Duration::from_secs(10))));
        assert_eq!(q.datacenter, "dc2");
        assert_eq!(q.token, "t");
        assert_eq!(q.filter, "a");
        assert_eq!(q.consistency, Consistency::Unspecified as i32);

        assert_eq!(options("").unwrap(), QueryOptions::default());
        assert_eq!(options("wait=0&index=").unwrap().wait, None);
        assert_eq!(options("wait=-5s").unwrap().wait, None);
        let mode = |q: &str| options(q).unwrap().consistency;
        assert_eq!(mode("stale"), Consistency::Stale as i32);
        assert_eq!(mode("stale=false"), Consistency::Stale as i32);
        assert_eq!(mode("consistent"), Consistency::Consistent as i32);
        assert_eq!(mode("max_stale=5s"), Consistency::Stale as i32);
        assert_eq!(mode("max_stale=0"), Consistency::Unspecified as i32);
        assert_eq!(mode("leader"), Consistency::Unspecified as i32);
    }

    #[test]
    fn query_option_errors() {
        let err = |q: &str| options(q).unwrap_err();
        assert_eq!(err("wait=60"), "Invalid wait time");
        assert_eq!(err("wait=abc"), "Invalid wait time");
        assert_eq!(err("index=x"), "Invalid index");
        assert_eq!(err("index=-1"), "Invalid index");
        assert_eq!(err("index=+1"), "Invalid index");
        assert_eq!(err("index=18446744073709551616"), "Invalid index");
        assert_eq!(
            err("stale&consistent"),
            "Cannot specify ?stale with ?consistent, conflicting semantics."
        );
        assert_eq!(
            err("max_stale=1s&consistent"),
            "Cannot specify ?stale with ?consistent, conflicting semantics."
        );
        assert_eq!(err("max_stale=7"), "Invalid max_stale value \"7\"");
        assert_eq!(
            err("cached&consistent"),
            "Cannot specify ?cached with ?consistent, conflicting semantics."
        );
    }

    #[test]
    fn tokens_in_priority_order() {
        let mut headers = HeaderMap::new();
        let tok = |q: &str, h: &HeaderMap| token(&params(q), h);
        assert_eq!(tok("", &headers), "");
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer  abc def"),
        );
        assert_eq!(tok("", &headers), "abc");
        headers.insert("x-consul-token", HeaderValue::from_static("hdr"));
        assert_eq!(tok("", &headers), "hdr");
        assert_eq!(tok("token=q", &headers), "q");
        let mut basic = HeaderMap::new();
        basic.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(tok("", &basic), "");
        basic.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer"));
        assert_eq!(tok("", &basic), "");
    }

    #[test]
    fn enterprise_meta() {
        let check = |q: &str| reject_enterprise_meta(&params(q), &HeaderMap::new());
        assert!(check("ns=default&partition=").is_ok());
        assert_eq!(
            check("ns=team").unwrap_err().to_string(),
            "Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature"
        );
        assert_eq!(
            check("partition=p").unwrap_err().to_string(),
            "Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature"
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-consul-namespace", HeaderValue::from_static("team"));
        assert_eq!(
            reject_enterprise_meta(&params(""), &headers)
                .unwrap_err()
                .to_string(),
            "Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature"
        );
    }

    #[test]
    fn uint_params() {
        assert_eq!(params("").uint("cas").unwrap(), None);
        assert_eq!(params("cas=0").uint("cas").unwrap(), Some(0));
        assert_eq!(
            params("flags=18446744073709551615").uint("flags").unwrap(),
            Some(u64::MAX)
        );
        for bad in [
            "flags",
            "flags=",
            "flags=x",
            "flags=-1",
            "flags=+1",
            "flags=1.0",
        ] {
            assert!(params(bad).uint("flags").is_err(), "{bad}");
        }
    }

    #[test]
    fn json_like_go() {
        assert_eq!(to_json(&true, false), b"true");
        assert_eq!(to_json(&"", false), b"\"\"");
        assert_eq!(to_json(&Vec::<String>::new(), false), b"[]");
        assert_eq!(to_json(&Vec::<String>::new(), true), b"[]\n");
        assert_eq!(
            to_json(&["a<b>&c\u{2028}\"\\"], false),
            br#"["a\u003cb\u003e\u0026c\u2028\"\\"]"#
        );
        assert_eq!(to_json(&["a", "b"], true), b"[\n    \"a\",\n    \"b\"\n]\n");
    }

    #[test]
    fn printable() {
        for c in ['a', ' ', 'ü', '/', '~', '€', '日', '\u{fffd}'] {
            assert!(is_printable(c), "{c:?}");
        }
        for c in [
            '\n', '\t', '\u{7f}', '\u{85}', '\u{a0}', '\u{200b}', '\u{2028}', '\u{feff}',
        ] {
            assert!(!is_printable(c), "{c:?}");
        }
    }

    #[test]
    fn query_meta_headers() {
        let mut headers = HeaderMap::new();
        let meta = QueryMeta {
            index: 0,
            known_leader: true,
            last_contact: Some(to_proto_duration(Duration::from_micros(2_999_999))),
            effective_consistency: Consistency::Stale as i32,
        };
        set_query_meta(&mut headers, &meta);
        assert_eq!(headers["x-consul-index"], "1");
        assert_eq!(headers["x-consul-lastcontact"], "2999");
        assert_eq!(headers["x-consul-knownleader"], "true");
        assert_eq!(headers["x-consul-effective-consistency"], "stale");
    }
}

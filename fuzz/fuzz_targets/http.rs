//! Consul's HTTP API (the gateway): any method, path under an endpoint,
//! query string and body gets an HTTP answer, never a panic. Query
//! parameters, headers-as-parameters, JSON bodies and the rendering of
//! answers are exercised; the services behind answer every call with an
//! empty message or `UNAVAILABLE`.
//!
//! Input: a method byte, a route byte (which also picks the backend), then
//! the rest of the path with its query up to the first newline, then the
//! body.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tower::ServiceExt as _;

/// Where the gateway's endpoints start; the fuzzer writes the rest.
const ROUTES: &[&str] = &[
    "/v1/kv/",
    "/v1/status/leader",
    "/v1/status/peers",
    "/v1/agent/members",
    "/v1/agent/self",
    "/v1/agent/token/",
    "/v1/agent/join/",
    "/v1/agent/force-leave/",
    "/v1/agent/maintenance",
    "/v1/agent/service/register",
    "/v1/agent/service/",
    "/v1/agent/services",
    "/v1/agent/check/register",
    "/v1/agent/check/pass/",
    "/v1/agent/checks",
    "/v1/event/fire/",
    "/v1/event/list",
    "/v1/operator/keyring",
    "/v1/operator/raft/peer",
    "/v1/snapshot",
    "/v1/catalog/register",
    "/v1/catalog/deregister",
    "/v1/catalog/nodes",
    "/v1/catalog/services",
    "/v1/catalog/service/",
    "/v1/catalog/node/",
    "/v1/catalog/node-services/",
    "/v1/health/node/",
    "/v1/health/checks/",
    "/v1/health/service/",
    "/v1/health/state/",
    "/v1/txn",
    "/v1/acl/bootstrap",
    "/v1/acl/token",
    "/v1/acl/token/",
    "/v1/acl/tokens",
    "/v1/acl/policy",
    "/v1/acl/policy/name/",
    "/v1/acl/role",
    "/v1/session/create",
    "/v1/session/renew/",
    "/v1/session/info/",
    "/v1/session/list",
    "/v1/coordinate/nodes",
    "/v1/coordinate/node/",
    "/v1/coordinate/update",
];

const METHODS: &[http::Method] = &[
    http::Method::GET,
    http::Method::PUT,
    http::Method::POST,
    http::Method::DELETE,
];

fn router(ok: bool) -> axum::Router {
    static ROUTERS: OnceLock<[axum::Router; 2]> = OnceLock::new();
    let both = ROUTERS.get_or_init(|| {
        let make = |ok| {
            roster_gateway::router(
                roster_fuzz::backend(ok),
                roster_gateway::GatewayOptions {
                    pretty_json: false,
                    node_name: "fuzz".into(),
                },
            )
        };
        [make(true), make(false)]
    });
    both[usize::from(!ok)].clone()
}

fuzz_target!(|data: &[u8]| {
    let [method, route, rest @ ..] = data else {
        return;
    };
    let (tail, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(tail) = std::str::from_utf8(tail) else {
        return;
    };
    let uri = format!("{}{tail}", ROUTES[usize::from(*route) % ROUTES.len()]);
    let Ok(request) = http::Request::builder()
        .method(METHODS[usize::from(*method) % METHODS.len()].clone())
        .uri(uri)
        .body(axum::body::Body::from(body.to_vec()))
    else {
        return;
    };
    let router = router(*route & 0x80 == 0);
    roster_fuzz::runtime().block_on(async {
        let answer = async {
            let response = router.oneshot(request).await.expect("axum never fails");
            let _ = http_body_util::BodyExt::collect(response.into_body()).await;
        };
        let _ = tokio::time::timeout(roster_fuzz::PER_INPUT, answer).await;
    });
});

//! Router-level tests: the real router over `grpc_channel(Routes)` with
//! in-memory fake gRPC services.

use std::{
    collections::BTreeMap,
    pin::Pin,
    sync::{Arc, Mutex},
};

use axum::body::Body;
use bytes::Bytes;
use http_body_util::BodyExt as _;
use roster_proto::{
    common::v1::{Consistency, QueryMeta, QueryOptions, WriteOptions},
    kv::{
        MAX_VALUE_SIZE,
        v1::{
            DeleteRequest, DeleteResponse, Entry, GetRequest, GetResponse, ListKeysRequest,
            ListKeysResponse, ListRequest, ListResponse, PutRequest, PutResponse, ScanRequest,
            ScanResponse, WatchRequest, WatchResponse,
            kv_service_server::{KvService, KvServiceServer},
        },
        value_too_large_message,
    },
    status::{
        ErrorKind, NO_LEADER_MESSAGE,
        v1::{
            LeaderRequest, LeaderResponse, PeersRequest, PeersResponse,
            status_service_server::{StatusService, StatusServiceServer},
        },
    },
};
use tonic::{Request, Response, Status};
use tower::ServiceExt as _;

use super::*;

/// What the fake KV service holds and what it was asked.
#[derive(Default)]
struct FakeState {
    entries: BTreeMap<String, Entry>,
    index: u64,
    /// Every RPC received.
    calls: usize,
    /// Put/Delete RPCs received.
    writes: usize,
    last_query: Option<QueryOptions>,
    last_write: Option<WriteOptions>,
    last_separator: Option<String>,
    /// The lock sessions of the last put (acquire, release).
    last_lock: Option<(String, String)>,
    last_contact_ms: u64,
    /// When set, every RPC fails with this.
    fail: Option<(ErrorKind, &'static str)>,
}

#[derive(Default)]
struct FakeKv {
    state: Mutex<FakeState>,
}

impl FakeKv {
    fn state(&self) -> std::sync::MutexGuard<'_, FakeState> {
        self.state.lock().unwrap()
    }

    /// Records a read and returns its meta, or the configured failure.
    fn read(&self, query: Option<QueryOptions>) -> Result<QueryMeta, Status> {
        let mut state = self.state();
        state.calls += 1;
        let query = query.unwrap_or_default();
        let meta = QueryMeta {
            index: state.index,
            known_leader: true,
            last_contact: Some(roster_proto::common::to_proto_duration(
                std::time::Duration::from_millis(state.last_contact_ms),
            )),
            effective_consistency: query.consistency,
            results_filtered_by_acls: false,
        };
        state.last_query = Some(query);
        match state.fail {
            Some((kind, message)) => Err(kind.status(message)),
            None => Ok(meta),
        }
    }

    fn write(&self, options: Option<WriteOptions>) -> Result<(), Status> {
        let mut state = self.state();
        state.calls += 1;
        state.writes += 1;
        state.last_write = options;
        match state.fail {
            Some((kind, message)) => Err(kind.status(message)),
            None => Ok(()),
        }
    }
}

type WatchStream =
    Pin<Box<dyn tonic::codegen::tokio_stream::Stream<Item = Result<WatchResponse, Status>> + Send>>;

type ScanStream =
    Pin<Box<dyn tonic::codegen::tokio_stream::Stream<Item = Result<ScanResponse, Status>> + Send>>;

#[tonic::async_trait]
impl KvService for FakeKv {
    type ScanStream = ScanStream;

    /// The meta, then the entries two at a time (several pages).
    async fn scan(&self, request: Request<ScanRequest>) -> Result<Response<ScanStream>, Status> {
        let request = request.into_inner();
        let meta = self.read(request.query_options)?;
        let entries: Vec<Entry> = self
            .state()
            .entries
            .values()
            .filter(|e| e.key.starts_with(&request.prefix))
            .cloned()
            .collect();
        let mut out = vec![Ok(ScanResponse {
            query_meta: Some(meta),
            entries: Vec::new(),
        })];
        out.extend(entries.chunks(2).map(|page| {
            Ok(ScanResponse {
                query_meta: None,
                entries: page.to_vec(),
            })
        }));
        Ok(Response::new(Box::pin(tonic::codegen::tokio_stream::iter(
            out,
        ))))
    }

    async fn get(&self, request: Request<GetRequest>) -> Result<Response<GetResponse>, Status> {
        let request = request.into_inner();
        let meta = self.read(request.query_options)?;
        let entry = self.state().entries.get(&request.key).cloned();
        Ok(Response::new(GetResponse {
            query_meta: Some(meta),
            entry,
        }))
    }

    async fn list(&self, request: Request<ListRequest>) -> Result<Response<ListResponse>, Status> {
        let request = request.into_inner();
        let meta = self.read(request.query_options)?;
        let entries = self
            .state()
            .entries
            .values()
            .filter(|e| e.key.starts_with(&request.prefix))
            .cloned()
            .collect();
        Ok(Response::new(ListResponse {
            query_meta: Some(meta),
            entries,
        }))
    }

    async fn list_keys(
        &self,
        request: Request<ListKeysRequest>,
    ) -> Result<Response<ListKeysResponse>, Status> {
        let request = request.into_inner();
        let meta = self.read(request.query_options)?;
        let mut state = self.state();
        state.last_separator = Some(request.separator.clone());
        let mut keys: Vec<String> = state
            .entries
            .keys()
            .filter_map(|key| {
                let rest = key.strip_prefix(&request.prefix)?;
                match rest.find(&request.separator) {
                    Some(at) if !request.separator.is_empty() => Some(format!(
                        "{}{}",
                        request.prefix,
                        &rest[..at + request.separator.len()]
                    )),
                    _ => Some(key.clone()),
                }
            })
            .collect();
        keys.dedup();
        Ok(Response::new(ListKeysResponse {
            query_meta: Some(meta),
            keys,
        }))
    }

    async fn put(&self, request: Request<PutRequest>) -> Result<Response<PutResponse>, Status> {
        let request = request.into_inner();
        self.write(request.write_options)?;
        let mut state = self.state();
        state.last_lock = Some((
            request.acquire_session.clone(),
            request.release_session.clone(),
        ));
        // A lock the fake refuses.
        if request.acquire_session == "busy" {
            return Ok(Response::new(PutResponse {
                index: state.index,
                success: false,
            }));
        }
        let current = state.entries.get(&request.key).map(|e| e.modify_index);
        if let Some(cas) = request.cas_index
            && current.unwrap_or(0) != cas
        {
            return Ok(Response::new(PutResponse {
                index: state.index,
                success: false,
            }));
        }
        state.index += 1;
        let index = state.index;
        let create_index = state
            .entries
            .get(&request.key)
            .map_or(index, |e| e.create_index);
        state.entries.insert(
            request.key.clone(),
            Entry {
                key: request.key,
                value: request.value,
                flags: request.flags,
                session: String::new(),
                lock_index: 0,
                create_index,
                modify_index: index,
            },
        );
        Ok(Response::new(PutResponse {
            index,
            success: true,
        }))
    }

    async fn delete(
        &self,
        request: Request<DeleteRequest>,
    ) -> Result<Response<DeleteResponse>, Status> {
        let request = request.into_inner();
        self.write(request.write_options)?;
        let mut state = self.state();
        if let Some(cas) = request.cas_index {
            let current = state.entries.get(&request.key).map(|e| e.modify_index);
            if current != Some(cas) {
                return Ok(Response::new(DeleteResponse {
                    index: state.index,
                    success: false,
                }));
            }
        }
        state.index += 1;
        if request.recurse {
            state.entries.retain(|k, _| !k.starts_with(&request.key));
        } else {
            state.entries.remove(&request.key);
        }
        Ok(Response::new(DeleteResponse {
            index: state.index,
            success: true,
        }))
    }

    type WatchStream = WatchStream;

    async fn watch(
        &self,
        _request: Request<WatchRequest>,
    ) -> Result<Response<WatchStream>, Status> {
        Err(ErrorKind::Unimplemented.status("watch is not faked"))
    }
}

/// A fake status service with a fixed answer.
struct FakeStatus {
    leader: String,
    peers: Vec<String>,
}

#[tonic::async_trait]
impl StatusService for FakeStatus {
    async fn leader(
        &self,
        _request: Request<LeaderRequest>,
    ) -> Result<Response<LeaderResponse>, Status> {
        Ok(Response::new(LeaderResponse {
            query_meta: None,
            address: self.leader.clone(),
        }))
    }

    async fn peers(
        &self,
        _request: Request<PeersRequest>,
    ) -> Result<Response<PeersResponse>, Status> {
        Ok(Response::new(PeersResponse {
            query_meta: None,
            addresses: self.peers.clone(),
        }))
    }
}

struct TestGateway {
    app: axum::Router,
    kv: Arc<FakeKv>,
}

fn must_start_with(options: GatewayOptions, status: FakeStatus) -> TestGateway {
    let kv = Arc::new(FakeKv::default());
    kv.state().index = 7;
    let routes = tonic::service::Routes::new(KvServiceServer::from_arc(kv.clone()))
        .add_service(StatusServiceServer::new(status));
    TestGateway {
        app: router(grpc_channel(routes), options),
        kv,
    }
}

fn must_start() -> TestGateway {
    must_start_with(
        GatewayOptions::default(),
        FakeStatus {
            leader: "127.0.0.1:8300".into(),
            peers: vec!["127.0.0.1:8300".into(), "127.0.0.2:8300".into()],
        },
    )
}

struct Reply {
    status: u16,
    headers: ::http::HeaderMap,
    body: Bytes,
}

impl Reply {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_else(|| panic!("no {name} header"))
    }
}

impl TestGateway {
    async fn send(&self, request: ::http::Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn call(&self, method: &str, uri: &str, body: impl Into<Body>) -> Reply {
        let request = ::http::Request::builder()
            .method(method)
            .uri(uri)
            .body(body.into())
            .unwrap();
        self.send(request).await
    }

    async fn must_put(&self, key: &str, value: &str) {
        let reply = self
            .call("PUT", &format!("/v1/kv/{key}"), value.to_string())
            .await;
        assert_eq!((reply.status, reply.text().trim_end()), (200, "true"));
    }
}

#[test]
fn a_transport_channel_is_a_grpc_channel() {
    fn accepts(channel: tonic::transport::Channel) -> GrpcChannel {
        grpc_channel(channel)
    }
    let _ = accepts;
}

/// Sends one raw HTTP/1.1 request to the router served on a real socket.
async fn over_tcp(app: axum::Router, head: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server may answer (and close) before reading the whole body.
    let _ = stream.write_all(body).await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    server.abort();
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn body_limits_over_a_real_connection() {
    let gw = must_start();
    let value = vec![b'x'; MAX_VALUE_SIZE];
    let head = format!(
        "PUT /v1/kv/big HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        value.len()
    );
    let response = over_tcp(gw.app.clone(), &head, &value).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("\r\n\r\ntrue"), "{response}");
    assert_eq!(gw.kv.state().entries["big"].value.len(), MAX_VALUE_SIZE);

    let len = 3 * 1024 * 1024; // over axum's 2 MB default limit too
    let head = format!(
        "PUT /v1/kv/big HTTP/1.1\r\nHost: t\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
    );
    let response = over_tcp(gw.app.clone(), &head, b"").await;
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(
        response.ends_with(&value_too_large_message(len)),
        "{response}"
    );
    assert_eq!(gw.kv.state().writes, 1);
}

#[tokio::test]
async fn missing_key_is_404_with_index_headers() {
    let gw = must_start();
    gw.kv.state().last_contact_ms = 12;
    for uri in [
        "/v1/kv/nope",
        "/v1/kv/nope?raw",
        "/v1/kv/nope?recurse",
        "/v1/kv/nope?keys",
    ] {
        let reply = gw.call("GET", uri, Body::empty()).await;
        assert_eq!(reply.status, 404, "{uri}");
        assert!(reply.body.is_empty(), "{uri}");
        assert_eq!(reply.header("x-consul-index"), "7");
        assert_eq!(reply.header("x-consul-knownleader"), "true");
        assert_eq!(reply.header("x-consul-lastcontact"), "12");
        assert_eq!(reply.header("x-consul-effective-consistency"), "leader");
    }
}

#[tokio::test]
async fn put_then_get_renders_dir_entries() {
    let gw = must_start();
    let reply = gw.call("PUT", "/v1/kv/web/config?flags=42", "test").await;
    assert_eq!((reply.status, reply.text()), (200, "true"));
    assert_eq!(reply.header("content-type"), "application/json");
    assert!(reply.headers.get("x-consul-index").is_none());

    let reply = gw.call("GET", "/v1/kv/web/config", Body::empty()).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), "application/json");
    assert_eq!(reply.header("x-consul-index"), "8");
    assert_eq!(
        reply.text(),
        r#"[{"LockIndex":0,"Key":"web/config","Flags":42,"Value":"dGVzdA==","CreateIndex":8,"ModifyIndex":8}]"#
    );

    gw.must_put("empty", "").await;
    let reply = gw.call("GET", "/v1/kv/empty", Body::empty()).await;
    assert_eq!(
        reply.text(),
        r#"[{"LockIndex":0,"Key":"empty","Flags":0,"Value":null,"CreateIndex":9,"ModifyIndex":9}]"#
    );
}

#[tokio::test]
async fn raw_returns_the_bytes() {
    let gw = must_start();
    gw.must_put("page", "<script>x</script>").await;
    for uri in ["/v1/kv/page?raw", "/v1/kv/page?raw=false"] {
        let reply = gw.call("GET", uri, Body::empty()).await;
        assert_eq!((reply.status, reply.text()), (200, "<script>x</script>"));
        assert_eq!(reply.header("content-type"), "text/plain");
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
        assert_eq!(reply.header("content-security-policy"), "sandbox");
        assert_eq!(reply.header("x-consul-index"), "8");
    }
    // `raw` is ignored with `recurse`.
    let reply = gw
        .call("GET", "/v1/kv/page?raw&recurse", Body::empty())
        .await;
    assert_eq!(reply.header("content-type"), "application/json");
    assert!(reply.text().starts_with(r#"[{"LockIndex""#));
}

#[tokio::test]
async fn recurse_and_keys() {
    let gw = must_start();
    let reply = gw.call("GET", "/v1/kv/?keys", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, "[]"));
    assert_eq!(reply.header("x-consul-index"), "7");

    for key in ["web/a", "web/sub/b", "web/sub/c", "webby"] {
        gw.must_put(key, "v").await;
    }
    let reply = gw
        .call("GET", "/v1/kv/web?recurse=false", Body::empty())
        .await;
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&reply.body).unwrap();
    let keys: Vec<&str> = entries.iter().map(|e| e["Key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["web/a", "web/sub/b", "web/sub/c", "webby"]);

    let reply = gw.call("GET", "/v1/kv/?recurse", Body::empty()).await;
    assert_eq!(reply.status, 200);

    let reply = gw.call("GET", "/v1/kv/web/?keys", Body::empty()).await;
    assert_eq!(reply.text(), r#"["web/a","web/sub/b","web/sub/c"]"#);
    assert_eq!(gw.kv.state().last_separator.as_deref(), Some(""));

    let reply = gw
        .call("GET", "/v1/kv/web/?keys&separator=%2F", Body::empty())
        .await;
    assert_eq!(reply.text(), r#"["web/a","web/sub/"]"#);
    assert_eq!(gw.kv.state().last_separator.as_deref(), Some("/"));

    gw.call("GET", "/v1/kv/web/?keys&seperator=-", Body::empty())
        .await;
    assert_eq!(gw.kv.state().last_separator.as_deref(), Some("-"));
    gw.call(
        "GET",
        "/v1/kv/web/?keys&seperator=-&separator=/",
        Body::empty(),
    )
    .await;
    assert_eq!(gw.kv.state().last_separator.as_deref(), Some("/"));
}

#[tokio::test]
async fn check_and_set_reports_false_with_200() {
    let gw = must_start();
    let reply = gw.call("PUT", "/v1/kv/k?cas=0", "a").await;
    assert_eq!((reply.status, reply.text()), (200, "true"));
    let reply = gw.call("PUT", "/v1/kv/k?cas=0", "b").await;
    assert_eq!((reply.status, reply.text()), (200, "false"));
    let reply = gw.call("PUT", "/v1/kv/k?cas=8", "c").await;
    assert_eq!((reply.status, reply.text()), (200, "true"));
    let reply = gw.call("DELETE", "/v1/kv/k?cas=1", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, "false"));
    let reply = gw.call("DELETE", "/v1/kv/k?cas=9", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, "true"));
    let reply = gw.call("DELETE", "/v1/kv/k", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, "true"));

    gw.must_put("p/a", "1").await;
    gw.must_put("p/b", "1").await;
    let reply = gw.call("DELETE", "/v1/kv/p/?recurse", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, "true"));
    assert!(gw.kv.state().entries.is_empty());
}

#[tokio::test]
async fn values_up_to_512_kib() {
    let gw = must_start();
    let max = "x".repeat(MAX_VALUE_SIZE);
    let reply = gw.call("PUT", "/v1/kv/big", max.clone()).await;
    assert_eq!((reply.status, reply.text()), (200, "true"));
    assert_eq!(gw.kv.state().entries["big"].value.len(), MAX_VALUE_SIZE);

    // Streamed without Content-Length.
    let over = "x".repeat(MAX_VALUE_SIZE + 1);
    let reply = gw.call("PUT", "/v1/kv/big", over.clone()).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.text(), value_too_large_message(MAX_VALUE_SIZE + 1));
    assert_eq!(reply.header("content-type"), "text/plain; charset=utf-8");

    // Refused from Content-Length before the body is read.
    let request = ::http::Request::builder()
        .method("PUT")
        .uri("/v1/kv/big")
        .header("content-length", "3000000")
        .body(Body::from("x"))
        .unwrap();
    let reply = gw.send(request).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.text(), value_too_large_message(3_000_000));
    assert_eq!(gw.kv.state().writes, 1);
}

#[tokio::test]
async fn bad_input_is_400_and_calls_nothing() {
    let gw = must_start();
    let cases: &[(&str, &str, &str)] = &[
        ("GET", "/v1/kv/k?index=x", "Invalid index"),
        ("GET", "/v1/kv/k?index=-1", "Invalid index"),
        ("GET", "/v1/kv/k?wait=60", "Invalid wait time"),
        ("GET", "/v1/kv/k?wait=10x", "Invalid wait time"),
        (
            "GET",
            "/v1/kv/k?stale&consistent",
            "Cannot specify ?stale with ?consistent, conflicting semantics.",
        ),
        (
            "GET",
            "/v1/kv/k?ns=team",
            "Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature",
        ),
        (
            "PUT",
            "/v1/kv/k?partition=p",
            "Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature",
        ),
        ("GET", "/v1/kv/", "Missing key name"),
        ("PUT", "/v1/kv/", "Missing key name"),
        ("DELETE", "/v1/kv/", "Missing key name"),
        ("PUT", "/v1/kv/a/../b", "key contains a '..' path segment"),
        (
            "GET",
            "/v1/kv/a/%2E%2E/b",
            "key contains a '..' path segment",
        ),
        ("PUT", "/v1/kv/%FF", "key is not valid UTF-8"),
        (
            "PUT",
            "/v1/kv/k?flags=x",
            "Invalid flags value \"x\": must be an unsigned 64-bit integer",
        ),
        (
            "PUT",
            "/v1/kv/k?cas=-1",
            "Invalid cas value \"-1\": must be an unsigned 64-bit integer",
        ),
        (
            "DELETE",
            "/v1/kv/k?cas=",
            "Invalid cas value \"\": must be an unsigned 64-bit integer",
        ),
        (
            "PUT",
            "/v1/kv/k?cas=1&acquire=s",
            "Conflicting flags: acquire=s&cas=1\n",
        ),
        (
            "PUT",
            "/v1/kv/k?release=s&acquire=t",
            "Conflicting flags: acquire=t&release=s\n",
        ),
        (
            "DELETE",
            "/v1/kv/k?recurse&cas=3",
            "Conflicting flags: cas=3&recurse=\n",
        ),
        ("GET", "/v1/status/leader?wait=5", "Invalid wait time"),
    ];
    for &(method, uri, message) in cases {
        let reply = gw.call(method, uri, "value").await;
        assert_eq!(
            (reply.status, reply.text()),
            (400, message),
            "{method} {uri}"
        );
        assert_eq!(reply.header("content-type"), "text/plain; charset=utf-8");
    }
    // Non-printable characters in the path: 400 with a reason, any path.
    for uri in ["/v1/kv/a%0Ab", "/v1/kv/a%E2%80%8Bb", "/v1/other%7F"] {
        let reply = gw.call("PUT", uri, "value").await;
        assert_eq!(reply.status, 400, "{uri}");
        assert!(reply.text().contains("non-printable"), "{uri}");
    }
    let state = gw.kv.state();
    assert_eq!((state.calls, state.writes), (0, 0));
}

#[tokio::test]
async fn lock_parameters_reach_the_put_and_report_their_outcome() {
    let gw = must_start();
    for (uri, lock, answer) in [
        ("/v1/kv/k?acquire=abc", ("abc", ""), "true"),
        ("/v1/kv/k?acquire=busy", ("busy", ""), "false"),
        ("/v1/kv/k?release=abc", ("", "abc"), "true"),
    ] {
        let reply = gw.call("PUT", uri, "v").await;
        assert_eq!((reply.status, reply.text()), (200, answer), "{uri}");
        let last = gw.kv.state().last_lock.clone().unwrap();
        assert_eq!((last.0.as_str(), last.1.as_str()), lock, "{uri}");
    }
    // An empty session is Consul's FSM error; two modes at once are
    // conflicting flags. Neither reaches the service.
    let calls = gw.kv.state().calls;
    let reply = gw.call("PUT", "/v1/kv/k?acquire=", "v").await;
    assert_eq!((reply.status, reply.text()), (500, "missing session"));
    let reply = gw.call("PUT", "/v1/kv/k?acquire=a&cas=1", "v").await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.text().starts_with("Conflicting flags"),
        "{}",
        reply.text()
    );
    assert_eq!(gw.kv.state().calls, calls);
}

#[tokio::test]
async fn methods_and_unknown_paths() {
    let gw = must_start();
    let reply = gw.call("POST", "/v1/kv/k", "v").await;
    assert_eq!(
        (reply.status, reply.text()),
        (405, "method POST not allowed")
    );
    assert_eq!(reply.header("allow"), "OPTIONS,GET,PUT,DELETE");
    let reply = gw.call("OPTIONS", "/v1/kv/k", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, ""));
    assert_eq!(reply.header("allow"), "OPTIONS,GET,PUT,DELETE");
    let reply = gw.call("PUT", "/v1/status/leader", Body::empty()).await;
    assert_eq!(
        (reply.status, reply.text()),
        (405, "method PUT not allowed")
    );
    assert_eq!(reply.header("allow"), "OPTIONS,GET");
    let reply = gw.call("OPTIONS", "/v1/status/peers", Body::empty()).await;
    assert_eq!((reply.status, reply.header("allow")), (200, "OPTIONS,GET"));
    for uri in ["/v1/nope", "/", "/v1/status/leader/x", "/v1/kv"] {
        let reply = gw.call("GET", uri, Body::empty()).await;
        assert_eq!((reply.status, reply.text()), (404, ""), "{uri}");
    }
    assert_eq!(gw.kv.state().calls, 0);
}

#[tokio::test]
async fn error_kinds_map_to_consul_statuses() {
    let gw = must_start();
    let cases = [
        (ErrorKind::NoLeader, NO_LEADER_MESSAGE, 500),
        (ErrorKind::PermissionDenied, "Permission denied", 403),
        (ErrorKind::AclNotFound, "ACL not found", 403),
        (ErrorKind::InvalidArgument, "bad", 400),
        (ErrorKind::RateLimited, "RPC rate limit exceeded", 429),
        (ErrorKind::OutcomeUnknown, "outcome unknown", 500),
    ];
    for (kind, message, status) in cases {
        gw.kv.state().fail = Some((kind, message));
        for (method, uri) in [
            ("GET", "/v1/kv/k"),
            ("GET", "/v1/kv/?keys"),
            ("PUT", "/v1/kv/k"),
        ] {
            let reply = gw.call(method, uri, "v").await;
            assert_eq!(
                (reply.status, reply.text()),
                (status, message),
                "{kind:?} {uri}"
            );
            assert_eq!(reply.header("content-type"), "text/plain; charset=utf-8");
        }
    }
}

#[tokio::test]
async fn query_and_write_options_pass_through() {
    let gw = must_start();
    let request = ::http::Request::builder()
        .uri("/v1/kv/k?index=5&wait=1m30s&stale&dc=dc2&ns=default")
        .header("x-consul-token", "secret")
        .body(Body::empty())
        .unwrap();
    let reply = gw.send(request).await;
    assert_eq!(reply.header("x-consul-effective-consistency"), "stale");
    let query = gw.kv.state().last_query.clone().unwrap();
    assert_eq!(query.min_index, 5);
    assert_eq!(
        roster_proto::common::from_proto_duration(query.wait.as_ref()),
        std::time::Duration::from_secs(90)
    );
    assert_eq!(query.consistency, Consistency::Stale as i32);
    assert_eq!(query.datacenter, "dc2");
    assert_eq!(query.token, "secret");

    let reply = gw.call("GET", "/v1/kv/k?consistent", Body::empty()).await;
    assert_eq!(reply.header("x-consul-effective-consistency"), "consistent");

    let request = ::http::Request::builder()
        .method("PUT")
        .uri("/v1/kv/k?dc=dc3")
        .header("authorization", "Bearer tok")
        .body(Body::from("v"))
        .unwrap();
    gw.send(request).await;
    let write = gw.kv.state().last_write.clone().unwrap();
    assert_eq!(
        (write.datacenter.as_str(), write.token.as_str()),
        ("dc3", "tok")
    );
    gw.call("DELETE", "/v1/kv/k?token=q", Body::empty()).await;
    assert_eq!(gw.kv.state().last_write.clone().unwrap().token, "q");
}

#[tokio::test]
async fn pretty_json() {
    let gw = must_start();
    gw.must_put("k", "ab").await;
    let expected = "[\n    {\n        \"LockIndex\": 0,\n        \"Key\": \"k\",\n        \"Flags\": 0,\n        \"Value\": \"YWI=\",\n        \"CreateIndex\": 8,\n        \"ModifyIndex\": 8\n    }\n]\n";
    let reply = gw.call("GET", "/v1/kv/k?pretty", Body::empty()).await;
    assert_eq!(reply.text(), expected);

    let dev = must_start_with(
        GatewayOptions {
            pretty_json: true,
            ..GatewayOptions::default()
        },
        FakeStatus {
            leader: String::new(),
            peers: vec![],
        },
    );
    dev.must_put("k", "ab").await;
    let reply = dev.call("GET", "/v1/kv/k", Body::empty()).await;
    assert_eq!(reply.text(), expected);
    let reply = dev.call("GET", "/v1/status/peers", Body::empty()).await;
    assert_eq!(reply.text(), "[]\n");
}

#[tokio::test]
async fn status_leader_and_peers() {
    let gw = must_start();
    let reply = gw.call("GET", "/v1/status/leader", Body::empty()).await;
    assert_eq!((reply.status, reply.text()), (200, r#""127.0.0.1:8300""#));
    assert_eq!(reply.header("content-type"), "application/json");
    let reply = gw
        .call("GET", "/v1/status/peers?dc=dc1", Body::empty())
        .await;
    assert_eq!(reply.text(), r#"["127.0.0.1:8300","127.0.0.2:8300"]"#);

    let leaderless = must_start_with(
        GatewayOptions::default(),
        FakeStatus {
            leader: String::new(),
            peers: vec![],
        },
    );
    let reply = leaderless
        .call("GET", "/v1/status/leader", Body::empty())
        .await;
    assert_eq!((reply.status, reply.text()), (200, r#""""#));
}

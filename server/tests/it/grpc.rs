//! The gRPC API: KV, status, reflection, health, blocking reads and Watch.

use std::time::Duration;

use roster_proto::{
    common::v1::{Consistency, QueryOptions},
    kv::v1::{
        DeleteRequest, GetRequest, ListRequest, PutRequest, WatchRequest,
        kv_service_client::KvServiceClient,
    },
    status::{
        ErrorKind,
        v1::{LeaderRequest, status_service_client::StatusServiceClient},
    },
};
use tokio_stream::StreamExt as _;

use super::*;

async fn kv_client(agent: &roster_testkit::Agent) -> KvServiceClient<tonic::transport::Channel> {
    KvServiceClient::connect(agent.grpc_endpoint())
        .await
        .unwrap()
}

#[tokio::test]
async fn kv_over_grpc() {
    let agent = must_start("grpc-kv").await;
    let mut kv = kv_client(&agent).await;
    let put = kv
        .put(PutRequest {
            key: "g/1".into(),
            value: b"one".to_vec(),
            flags: 7,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(put.success);
    let got = kv
        .get(GetRequest {
            key: "g/1".into(),
            query_options: Some(QueryOptions {
                consistency: Consistency::Consistent as i32,
                ..Default::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let entry = got.entry.unwrap();
    assert_eq!((entry.value.as_slice(), entry.flags), (&b"one"[..], 7));
    assert_eq!(entry.modify_index, put.index);
    assert_eq!(got.query_meta.unwrap().index, put.index);

    // CAS mismatch is success=false, not an error.
    let cas = kv
        .put(PutRequest {
            key: "g/1".into(),
            value: b"x".to_vec(),
            cas_index: Some(put.index + 100),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!cas.success);

    // Bad input is InvalidArgument and changes nothing.
    for bad in [
        PutRequest {
            key: String::new(),
            ..Default::default()
        },
        PutRequest {
            key: "a/../b".into(),
            ..Default::default()
        },
        PutRequest {
            key: "big".into(),
            value: vec![0; 512 * 1024 + 1],
            ..Default::default()
        },
    ] {
        let err = kv.put(bad).await.unwrap_err();
        assert_eq!(err.code(), tonic::Code::InvalidArgument, "{err}");
    }
    let err = kv
        .delete(DeleteRequest {
            key: "g".into(),
            recurse: true,
            cas_index: Some(1),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(ErrorKind::of_status(&err), ErrorKind::InvalidArgument);
    let list = kv
        .list(ListRequest {
            prefix: String::new(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.entries.len(), 1);

    let mut status = StatusServiceClient::connect(agent.grpc_endpoint())
        .await
        .unwrap();
    let leader = status
        .leader(LeaderRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(leader.address, format!("127.0.0.1:{}", agent.ports.server));
}

#[tokio::test]
async fn blocking_get_over_grpc() {
    let agent = must_start("grpc-block").await;
    let mut kv = kv_client(&agent).await;
    let first = kv
        .get(GetRequest {
            key: "b".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let index = first.query_meta.unwrap().index;
    let mut blocked_client = kv.clone();
    let blocked = tokio::spawn(async move {
        blocked_client
            .get(GetRequest {
                key: "b".into(),
                query_options: Some(QueryOptions {
                    min_index: index,
                    wait: Some(prost_types::Duration {
                        seconds: 300,
                        nanos: 0,
                    }),
                    ..Default::default()
                }),
            })
            .await
            .unwrap()
            .into_inner()
    });
    kv.put(PutRequest {
        key: "b".into(),
        value: b"now".to_vec(),
        ..Default::default()
    })
    .await
    .unwrap();
    let got = blocked.await.unwrap();
    assert_eq!(got.entry.unwrap().value, b"now");
    assert!(got.query_meta.unwrap().index > index);
}

#[tokio::test]
async fn watch_streams_every_change_to_a_prefix() {
    let agent = must_start("grpc-watch").await;
    let mut kv = kv_client(&agent).await;
    let mut stream = kv
        .watch(WatchRequest {
            key: "w/".into(),
            prefix: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let initial = stream.next().await.unwrap().unwrap();
    assert!(initial.entries.is_empty());
    let mut last_index = initial.query_meta.unwrap().index;
    for i in 0..3 {
        kv.put(PutRequest {
            key: format!("w/{i}"),
            value: vec![i as u8],
            ..Default::default()
        })
        .await
        .unwrap();
        // Each write shows up; writes may coalesce, so read until it does.
        loop {
            let update = tokio::time::timeout(Duration::from_secs(30), stream.next())
                .await
                .expect("a watch update")
                .unwrap()
                .unwrap();
            let index = update.query_meta.unwrap().index;
            assert!(index > last_index, "indexes only move forward");
            last_index = index;
            if update.entries.len() == i + 1 {
                break;
            }
        }
    }
}

#[tokio::test]
async fn reflection_and_health_are_served() {
    use tonic_reflection::pb::v1::{
        ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
    };
    let agent = must_start("grpc-reflect").await;
    let channel = tonic::transport::Endpoint::from_shared(agent.grpc_endpoint())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut reflection = ServerReflectionClient::new(channel.clone());
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = reflection
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let response = responses.next().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
        panic!("unexpected reflection response");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for want in [
        "roster.kv.v1.KVService",
        "roster.status.v1.StatusService",
        "grpc.health.v1.Health",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }

    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let status = health
        .check(tonic_health::pb::HealthCheckRequest {
            service: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        status.status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
}

/// `buf` (PyPI `buf-bin`), installed by `scripts/install-deps.sh test` into
/// `.venv`; `ROSTER_BUF` overrides.
fn buf_binary() -> std::path::PathBuf {
    if let Ok(path) = std::env::var("ROSTER_BUF") {
        return path.into();
    }
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/buf");
    if venv.exists() {
        return venv;
    }
    "buf".into()
}

#[tokio::test]
async fn buf_curl_finds_the_api_through_reflection() {
    let agent = must_start("grpc-bufcurl").await;
    let base = agent.grpc_endpoint();
    let buf = buf_binary();
    let run = |args: Vec<String>| {
        let out = std::process::Command::new(&buf)
            .args(["curl", "--protocol", "grpc", "--http2-prior-knowledge"])
            .args(&args)
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {}: {e} (run scripts/install-deps.sh test)",
                    buf.display()
                )
            });
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "buf curl {args:?}: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let services = run(vec!["--list-services".into(), base.clone()]);
    assert!(services.contains("roster.kv.v1.KVService"), "{services}");
    let put = run(vec![
        "--data".into(),
        r#"{"key":"via/buf","value":"aGk="}"#.into(),
        format!("{base}/roster.kv.v1.KVService/Put"),
    ]);
    assert!(put.contains("\"success\": true"), "{put}");
    let (_, _, body) = must_get(&agent, "/v1/kv/via/buf?raw").await;
    assert_eq!(body, "hi");
    // The README's grpcurl calls, with the same request bodies.
    let get = run(vec![
        "--data".into(),
        r#"{"key":"via/buf"}"#.into(),
        format!("{base}/roster.kv.v1.KVService/Get"),
    ]);
    assert!(get.contains("\"value\": \"aGk=\""), "{get}");
    let health = run(vec![
        "--data".into(),
        r#"{"query":{"service":"consul","passing_only":true}}"#.into(),
        format!("{base}/roster.health.v1.HealthService/ListServiceHealth"),
    ]);
    assert!(health.contains("\"service\": \"consul\""), "{health}");
    assert!(health.contains("HEALTH_STATUS_PASSING"), "{health}");
}

/// `Scan`: the meta first (no entries), then every entry under the prefix
/// in key order, in pages of about 1 MiB, each within gRPC's default 4 MiB
/// message limit.
#[tokio::test]
async fn scan_streams_a_large_prefix_in_pages() {
    let agent = must_start("grpc-scan").await;
    let mut kv = kv_client(&agent).await;
    for i in 0..30 {
        kv.put(PutRequest {
            key: format!("s/{i:02}"),
            value: vec![b'a' + (i % 26) as u8; 200_000],
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let mut stream = kv
        .scan(roster_proto::kv::v1::ScanRequest {
            prefix: "s/".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let first = stream.message().await.unwrap().unwrap();
    let meta = first
        .query_meta
        .expect("the first response carries the meta");
    assert!(first.entries.is_empty());
    let mut keys = Vec::new();
    let mut pages = 0;
    let mut max_modify = 0;
    while let Some(page) = stream.message().await.unwrap() {
        assert!(page.query_meta.is_none());
        assert!(!page.entries.is_empty());
        pages += 1;
        for e in page.entries {
            max_modify = max_modify.max(e.modify_index);
            keys.push(e.key);
        }
    }
    let want: Vec<String> = (0..30).map(|i| format!("s/{i:02}")).collect();
    assert_eq!(keys, want);
    assert!(pages >= 4, "{pages} pages for 6 MB");
    assert_eq!(meta.index, max_modify);
}

#[tokio::test]
async fn catalog_and_health_watches_stream_every_change_to_a_service() {
    use roster_proto::{
        catalog::v1::{
            HealthCheck, HealthStatus, ListServiceInstancesRequest, Node, RegisterRequest, Service,
            WatchServiceInstancesRequest, catalog_service_client::CatalogServiceClient,
        },
        common::v1::QueryOptions,
        health::v1::{
            ServiceHealthQuery, WatchServiceHealthRequest,
            health_service_client::HealthServiceClient,
        },
    };
    let agent = must_start("grpc-catalog-watch").await;
    let channel = tonic::transport::Channel::from_shared(agent.grpc_endpoint())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut catalog = CatalogServiceClient::new(channel.clone());
    let mut health = HealthServiceClient::new(channel);
    let register = |status: HealthStatus, port: u32| RegisterRequest {
        node: Some(Node {
            node: "ext".into(),
            address: "10.0.0.1".into(),
            ..Node::default()
        }),
        service: Some(Service {
            service: "web".into(),
            port,
            ..Service::default()
        }),
        checks: vec![HealthCheck {
            check_id: "web".into(),
            service_id: "web".into(),
            status: status as i32,
            ..HealthCheck::default()
        }],
        ..RegisterRequest::default()
    };
    catalog
        .register(register(HealthStatus::Passing, 80))
        .await
        .unwrap();
    let mut instances = catalog
        .watch_service_instances(WatchServiceInstancesRequest {
            request: Some(ListServiceInstancesRequest {
                service: "web".into(),
                ..ListServiceInstancesRequest::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let mut passing = health
        .watch_service_health(WatchServiceHealthRequest {
            query_options: Some(QueryOptions::default()),
            query: Some(ServiceHealthQuery {
                service: "web".into(),
                passing_only: true,
                ..ServiceHealthQuery::default()
            }),
        })
        .await
        .unwrap()
        .into_inner();
    let next = |d: u64| Duration::from_secs(d);
    let first = instances.next().await.unwrap().unwrap().response.unwrap();
    assert_eq!(first.instances[0].service.as_ref().unwrap().port, 80);
    let healthy = passing.next().await.unwrap().unwrap();
    assert_eq!(healthy.instances.len(), 1);

    // A port change reaches the instances watch; a failing check empties
    // the passing watch.
    catalog
        .register(register(HealthStatus::Passing, 8080))
        .await
        .unwrap();
    let moved = tokio::time::timeout(next(30), instances.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap()
        .response
        .unwrap();
    assert_eq!(moved.instances[0].service.as_ref().unwrap().port, 8080);
    catalog
        .register(register(HealthStatus::Critical, 8080))
        .await
        .unwrap();
    loop {
        let update = tokio::time::timeout(next(30), passing.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if update.instances.is_empty() {
            break;
        }
    }
    // A bad filter is refused before the stream starts.
    let refused = catalog
        .watch_service_instances(WatchServiceInstancesRequest {
            request: Some(ListServiceInstancesRequest {
                service: "web".into(),
                query_options: Some(QueryOptions {
                    filter: "Nope ==".into(),
                    ..QueryOptions::default()
                }),
                ..ListServiceInstancesRequest::default()
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::InvalidArgument);
}

#[tokio::test]
async fn the_agents_local_state_watch_streams_registrations_and_check_results() {
    use roster_proto::{
        agent::v1::{
            AgentCheck, RegisterServiceRequest, UpdateCheckRequest, WatchLocalStateRequest,
            local_state_service_client::LocalStateServiceClient,
        },
        catalog::v1::{CheckDefinition, HealthStatus, Service},
    };
    let agent = must_start("grpc-local-watch").await;
    let mut local = LocalStateServiceClient::connect(agent.grpc_endpoint())
        .await
        .unwrap();
    let mut stream = local
        .watch_local_state(WatchLocalStateRequest {})
        .await
        .unwrap()
        .into_inner();
    let first = stream.next().await.unwrap().unwrap();
    assert!(first.services.is_empty());
    local
        .register_service(RegisterServiceRequest {
            service: Some(Service {
                service: "web".into(),
                ..Service::default()
            }),
            checks: vec![AgentCheck {
                definition: Some(CheckDefinition {
                    ttl: "1m".into(),
                    ..CheckDefinition::default()
                }),
                ..AgentCheck::default()
            }],
            replace_existing_checks: false,
        })
        .await
        .unwrap();
    let mut seen = first.version;
    let mut wait_for_state =
        async |done: &dyn Fn(&roster_proto::agent::v1::WatchLocalStateResponse) -> bool| {
            loop {
                let update = tokio::time::timeout(Duration::from_secs(30), stream.next())
                    .await
                    .unwrap()
                    .unwrap()
                    .unwrap();
                assert!(update.version > seen, "versions only move forward");
                seen = update.version;
                if done(&update) {
                    return;
                }
            }
        };
    wait_for_state(&|u| u.services.len() == 1 && u.checks.len() == 1).await;
    local
        .update_check(UpdateCheckRequest {
            check_id: "service:web".into(),
            status: HealthStatus::Passing as i32,
            output: "ok".into(),
        })
        .await
        .unwrap();
    wait_for_state(&|u| {
        u.checks
            .iter()
            .any(|c| c.status == HealthStatus::Passing as i32 && c.output == "ok")
    })
    .await;
}

#[tokio::test]
async fn many_health_watch_streams_share_one_feed_and_each_gets_every_change() {
    use roster_proto::{
        catalog::v1::{
            HealthCheck, HealthStatus, Node, RegisterRequest, Service,
            catalog_service_client::CatalogServiceClient,
        },
        health::v1::{
            ServiceHealthQuery, WatchServiceHealthRequest,
            health_service_client::HealthServiceClient,
        },
    };
    let agent = must_start("grpc-health-feed").await;
    let channel = tonic::transport::Channel::from_shared(agent.grpc_endpoint())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut catalog = CatalogServiceClient::new(channel.clone());
    let health = HealthServiceClient::new(channel);
    let register = |status: HealthStatus| RegisterRequest {
        node: Some(Node {
            node: "ext".into(),
            address: "10.0.0.2".into(),
            ..Node::default()
        }),
        service: Some(Service {
            service: "feed".into(),
            ..Service::default()
        }),
        checks: vec![HealthCheck {
            check_id: "feed".into(),
            service_id: "feed".into(),
            status: status as i32,
            ..HealthCheck::default()
        }],
        ..RegisterRequest::default()
    };
    catalog
        .register(register(HealthStatus::Passing))
        .await
        .unwrap();
    let request = |min_index: u64, passing_only: bool| WatchServiceHealthRequest {
        query_options: Some(QueryOptions {
            min_index,
            ..QueryOptions::default()
        }),
        query: Some(ServiceHealthQuery {
            service: "feed".into(),
            passing_only,
            ..ServiceHealthQuery::default()
        }),
    };
    let status_of = |r: &roster_proto::health::v1::WatchServiceHealthResponse| {
        r.instances
            .iter()
            .map(|i| i.checks[0].status)
            .collect::<Vec<_>>()
    };
    // 100 identical streams and 20 of the passing-only query, on one
    // connection; each first message is the current state.
    let mut all = Vec::new();
    let mut passing = Vec::new();
    for i in 0..120 {
        let mut client = health.clone();
        let mut stream = client
            .watch_service_health(request(0, i >= 100))
            .await
            .unwrap()
            .into_inner();
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(status_of(&first), [HealthStatus::Passing as i32]);
        let index = first.query_meta.unwrap().index;
        if i >= 100 {
            passing.push((stream, index));
        } else {
            all.push((stream, index));
        }
    }
    // A stream from the current index sends nothing until a change.
    let current = all[99].1;
    let mut from_index = health
        .clone()
        .watch_service_health(request(current, false))
        .await
        .unwrap()
        .into_inner();
    assert!(
        tokio::time::timeout(Duration::from_millis(500), from_index.next())
            .await
            .is_err(),
        "nothing past index {current} yet"
    );
    catalog
        .register(register(HealthStatus::Critical))
        .await
        .unwrap();
    all.push((from_index, current));
    for (stream, index) in &mut all {
        let next = tokio::time::timeout(Duration::from_secs(30), stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(next.query_meta.unwrap().index > *index);
        assert_eq!(status_of(&next), [HealthStatus::Critical as i32]);
    }
    for (stream, _) in &mut passing {
        let next = tokio::time::timeout(Duration::from_secs(30), stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(next.instances.is_empty(), "passing-only: the instance left");
    }
    // A bad request is refused before any stream starts.
    let refused = health
        .clone()
        .watch_service_health(WatchServiceHealthRequest::default())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::InvalidArgument);
}

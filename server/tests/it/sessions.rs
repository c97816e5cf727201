//! Sessions and KV locks over the HTTP API, as Consul's: create (with its
//! defaults), info, list, node, renew, destroy; `?acquire` / `?release`
//! with `LockIndex`; invalidation releasing locks and waking blocked
//! readers; lock-delay; TTLs expiring on the leader unless renewed; bad
//! input answered as Consul answers it, changing nothing.

use std::time::{Duration, Instant};

use roster_testkit::{Agent, wait_for};
use serde_json::{Value, json};

use super::{
    agent_services::{get_json, put, wait_json},
    *,
};

/// A single server whose sessions may have TTLs from 1 s, with its node
/// name once its `serfHealth` check is in the catalog.
async fn server(name: &str) -> (Agent, tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sessions.json");
    std::fs::write(&config, r#"{"session_ttl_min": "1s"}"#).unwrap();
    let flag = format!("-config-file={}", config.display());
    let agent = Agent::start_with_env(roster_bin(), name, true, &[&flag], &[]).unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let (_, me) = get_json(&agent, "/v1/agent/self").await;
    let node = me["Config"]["NodeName"].as_str().unwrap().to_string();
    wait_json(
        &agent,
        &format!("/v1/health/node/{node}"),
        "serfHealth",
        |b| {
            b.as_array()
                .is_some_and(|a| a.iter().any(|c| c["CheckID"] == "serfHealth"))
        },
    )
    .await;
    (agent, dir, node)
}

async fn create(agent: &Agent, body: Option<Value>) -> String {
    let (code, text) = put(agent, "/v1/session/create", body.as_ref()).await;
    assert_eq!(code, 200, "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    v["ID"].as_str().unwrap().to_string()
}

/// `PUT /v1/kv/<key>?<query>` with a body; (status, body).
async fn kv_put(agent: &Agent, key_and_query: &str, body: &str) -> (u16, String) {
    must_put(agent, key_and_query, body).await
}

async fn entry(agent: &Agent, key: &str) -> Value {
    let (code, body) = get_json(agent, &format!("/v1/kv/{key}")).await;
    assert_eq!(code, 200, "{body}");
    body[0].clone()
}

async fn info(agent: &Agent, id: &str) -> Value {
    get_json(agent, &format!("/v1/session/info/{id}")).await.1
}

#[tokio::test]
async fn sessions_and_locks_over_http() {
    let (agent, _dir, node) = server("sess-http").await;
    // An empty body: every default.
    let a = create(&agent, None).await;
    let shown = info(&agent, &a).await;
    assert_eq!(shown.as_array().unwrap().len(), 1, "{shown}");
    let s = &shown[0];
    assert_eq!(s["ID"], a.as_str());
    assert_eq!(s["Node"], node.as_str());
    assert_eq!(s["LockDelay"], 15_000_000_000u64);
    assert_eq!(s["Behavior"], "release");
    assert_eq!(s["TTL"], "");
    assert_eq!(s["NodeChecks"], json!(["serfHealth"]));
    assert!(s["ServiceChecks"].is_null());
    assert_eq!(s["CreateIndex"], s["ModifyIndex"]);
    // Named checks (even none), a number of seconds as lock-delay.
    let b = create(
        &agent,
        Some(json!({"Name": "b", "NodeChecks": [], "LockDelay": 2, "Behavior": "delete"})),
    )
    .await;
    let s = info(&agent, &b).await[0].clone();
    assert_eq!(
        (
            s["Name"].clone(),
            s["LockDelay"].clone(),
            s["Behavior"].clone()
        ),
        (json!("b"), json!(2_000_000_000u64), json!("delete"))
    );
    assert!(s["NodeChecks"].is_null());
    let (_, all) = get_json(&agent, "/v1/session/list").await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let (_, mine) = get_json(&agent, &format!("/v1/session/node/{node}")).await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let (_, none) = get_json(&agent, "/v1/session/node/elsewhere").await;
    assert_eq!(none, json!([]));
    assert_eq!(
        info(&agent, "6f1f3c3e-0000-4000-8000-000000000000").await,
        json!([])
    );

    // Locks: the first acquire wins, the holder may write again, another
    // session may not take it or release it.
    assert_eq!(
        kv_put(&agent, &format!("lock?acquire={a}"), "a").await,
        (200, "true".into())
    );
    let e = entry(&agent, "lock").await;
    assert_eq!(
        (e["Session"].clone(), e["LockIndex"].clone()),
        (json!(a), json!(1))
    );
    assert_eq!(
        kv_put(&agent, &format!("lock?acquire={a}"), "a2").await.1,
        "true"
    );
    assert_eq!(entry(&agent, "lock").await["LockIndex"], 1);
    assert_eq!(
        kv_put(&agent, &format!("lock?acquire={b}"), "b").await.1,
        "false"
    );
    assert_eq!(
        kv_put(&agent, &format!("lock?release={b}"), "b").await.1,
        "false"
    );
    assert_eq!(entry(&agent, "lock").await["Session"], a.as_str());
    assert_eq!(
        kv_put(&agent, &format!("lock?release={a}"), "free").await.1,
        "true"
    );
    let e = entry(&agent, "lock").await;
    assert!(e.get("Session").is_none(), "{e}");
    assert_eq!(
        kv_put(&agent, &format!("lock?acquire={b}"), "b").await.1,
        "true"
    );
    assert_eq!(entry(&agent, "lock").await["LockIndex"], 2);

    // A reader blocked on the key at its index (whether it parks before
    // the destroy or arrives after it) answers once the holder is
    // destroyed: behavior delete deletes the key. Lock-delay (2 s) then
    // holds off the next acquire.
    let (_, headers, _) = must_get(&agent, "/v1/kv/lock").await;
    let index = consul_index(&headers);
    let base = agent.http_base();
    let blocked = tokio::spawn(async move {
        http()
            .get(format!("{base}/v1/kv/lock?index={index}&wait=30s"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    let destroyed_at = Instant::now();
    assert_eq!(
        put(&agent, &format!("/v1/session/destroy/{b}"), None).await,
        (200, "true".into())
    );
    assert_eq!(blocked.await.unwrap(), 404, "the key is gone");
    assert_eq!(info(&agent, &b).await, json!([]));
    assert_eq!(
        kv_put(&agent, &format!("lock?acquire={a}"), "a").await.1,
        "false"
    );
    wait_for(Duration::from_secs(10), "lock-delay to pass", || async {
        kv_put(&agent, &format!("lock?acquire={a}"), "a").await.1 == "true"
    })
    .await
    .unwrap();
    assert!(destroyed_at.elapsed() >= Duration::from_secs(2));

    // Renew answers the session; destroy is idempotent.
    let (code, text) = put(&agent, &format!("/v1/session/renew/{a}"), None).await;
    assert_eq!(code, 200, "{text}");
    let renewed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(renewed[0]["ID"], a.as_str());
    assert_eq!(
        put(&agent, &format!("/v1/session/destroy/{a}"), None)
            .await
            .1,
        "true"
    );
    assert_eq!(
        put(&agent, &format!("/v1/session/destroy/{a}"), None)
            .await
            .1,
        "true"
    );
    let e = entry(&agent, "lock").await;
    assert!(e.get("Session").is_none(), "released on destroy: {e}");
}

#[tokio::test]
async fn bad_session_input_gets_consuls_answers_and_changes_nothing() {
    let (agent, _dir, _node) = server("sess-bad").await;
    let holder = create(&agent, None).await;
    assert_eq!(
        kv_put(&agent, &format!("held?acquire={holder}"), "v")
            .await
            .1,
        "true"
    );
    let (_, sessions_before) = get_json(&agent, "/v1/session/list").await;
    let held_before = entry(&agent, "held").await;
    for (body, status, message) in [
        (
            json!({"TTL": "500ms"}),
            500,
            "Invalid Session TTL '500000000', must be between [1s=24h0m0s]",
        ),
        (json!({"TTL": "25h"}), 500, "Invalid Session TTL"),
        (json!({"TTL": "soon"}), 500, "Session TTL 'soon' invalid"),
        (
            json!({"Behavior": "drop"}),
            500,
            "Invalid Behavior setting 'drop'",
        ),
        (json!({"Node": "ghost"}), 500, "Missing node registration"),
        (
            json!({"NodeChecks": ["nope"]}),
            500,
            "Missing check 'nope' registration",
        ),
        (json!({"LockDelay": "soon"}), 500, "Invalid LockDelay"),
        (
            json!({"NodeChecks": "serfHealth"}),
            400,
            "Request decode failed",
        ),
        (json!(["not", "an", "object"]), 400, "Request decode failed"),
    ] {
        let (code, text) = put(&agent, "/v1/session/create", Some(&body)).await;
        assert_eq!(code, status, "{body}: {text}");
        assert!(text.contains(message), "{body}: {text:?} lacks {message:?}");
    }
    let unknown = "6f1f3c3e-0000-4000-8000-000000000000";
    for (path, status, message) in [
        (format!("held?acquire={unknown}"), 500, "invalid session"),
        ("held?acquire=".to_string(), 500, "missing session"),
        (
            format!("held?cas=1&acquire={holder}"),
            400,
            "Conflicting flags",
        ),
        (
            format!("held?acquire={holder}&release={holder}"),
            400,
            "Conflicting flags",
        ),
    ] {
        let (code, text) = kv_put(&agent, &path, "x").await;
        assert_eq!(code, status, "{path}: {text}");
        assert!(text.contains(message), "{path}: {text:?} lacks {message:?}");
    }
    for (path, status, message) in [
        (
            format!("/v1/session/renew/{unknown}"),
            404,
            format!("Session id '{unknown}' not found"),
        ),
        (
            "/v1/session/renew/".to_string(),
            400,
            "Missing session".to_string(),
        ),
        (
            "/v1/session/destroy/".to_string(),
            400,
            "Missing session".to_string(),
        ),
    ] {
        let (code, text) = put(&agent, &path, None).await;
        assert_eq!(code, status, "{path}: {text}");
        assert!(
            text.contains(&message),
            "{path}: {text:?} lacks {message:?}"
        );
    }
    let (code, _) = get_json(&agent, "/v1/session/info/").await;
    assert_eq!(code, 400);
    let (code, _) = get_json(&agent, "/v1/session/node/").await;
    assert_eq!(code, 400);
    let (code, _) = get_json(&agent, "/v1/session/create").await;
    assert_eq!(code, 405);
    assert_eq!(
        get_json(&agent, "/v1/session/list").await.1,
        sessions_before
    );
    assert_eq!(entry(&agent, "held").await, held_before);
}

#[tokio::test]
async fn ttl_sessions_expire_on_the_leader_unless_renewed() {
    let (agent, _dir, _node) = server("sess-ttl").await;
    let id = create(&agent, Some(json!({"TTL": "1s", "LockDelay": 0}))).await;
    let untouched = create(&agent, Some(json!({"TTL": "1s"}))).await;
    let forever = create(&agent, None).await;
    assert_eq!(
        kv_put(&agent, &format!("ttl?acquire={id}"), "v").await.1,
        "true"
    );
    // Renewed every 400 ms for 4 s (four times its TTL): still there.
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(4) {
        let (code, text) = put(&agent, &format!("/v1/session/renew/{id}"), None).await;
        assert_eq!(code, 200, "{text}");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    assert_eq!(info(&agent, &id).await.as_array().unwrap().len(), 1);
    assert_eq!(
        info(&agent, &untouched).await,
        json!([]),
        "one never renewed expired within 2 x TTL"
    );
    // Left alone: gone within 2 x TTL (plus a proposal), its lock released.
    let stopped = Instant::now();
    wait_for(Duration::from_secs(10), "the session to expire", || async {
        info(&agent, &id).await == json!([])
    })
    .await
    .unwrap();
    let took = stopped.elapsed();
    assert!(
        took >= Duration::from_millis(1500),
        "expired early: {took:?}"
    );
    let e = entry(&agent, "ttl").await;
    assert!(e.get("Session").is_none(), "{e}");
    assert_eq!(
        kv_put(&agent, &format!("ttl?acquire={forever}"), "v")
            .await
            .1,
        "true"
    );
    assert_eq!(info(&agent, &forever).await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn sessions_over_grpc_retry_by_request_id_and_stream_changes() {
    use roster_proto::{
        common::v1::WriteOptions,
        kv::v1::{PutRequest, kv_service_client::KvServiceClient},
        session::v1::{
            CreateRequest, DestroyRequest, Session, WatchSessionsRequest,
            session_service_client::SessionServiceClient,
        },
    };
    use tokio_stream::StreamExt as _;

    let (agent, _dir, node) = server("sess-grpc").await;
    let mut sessions = SessionServiceClient::connect(agent.grpc_endpoint())
        .await
        .unwrap();
    let mut kv = KvServiceClient::connect(agent.grpc_endpoint())
        .await
        .unwrap();
    let mut watch = sessions
        .watch_sessions(WatchSessionsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let first = watch.next().await.unwrap().unwrap();
    assert!(first.sessions.is_empty());
    let create = |request_id: &str, node: &str| CreateRequest {
        write_options: Some(WriteOptions {
            request_id: request_id.into(),
            ..WriteOptions::default()
        }),
        session: Some(Session {
            node: node.into(),
            ..Session::default()
        }),
        node_checks_set: false,
    };
    // A retried create (same request id) names the session the first made.
    let made = sessions
        .create(create("create-1", &node))
        .await
        .unwrap()
        .into_inner();
    let again = sessions
        .create(create("create-1", &node))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (again.id.as_str(), again.index),
        (made.id.as_str(), made.index)
    );
    let seen = watch.next().await.unwrap().unwrap();
    assert_eq!(seen.sessions.len(), 1);
    assert_eq!(seen.sessions[0].id, made.id);
    assert_eq!(seen.sessions[0].node_checks, ["serfHealth"]);
    assert_eq!(seen.sessions[0].lock_delay_ns, Some(15_000_000_000));
    // Refusals are FAILED_PRECONDITION; bad input INVALID_ARGUMENT.
    let refused = sessions.create(create("", "ghost")).await.unwrap_err();
    assert_eq!(
        refused.code(),
        tonic::Code::FailedPrecondition,
        "{refused:?}"
    );
    let missing = sessions.create(create("", "")).await.unwrap_err();
    assert_eq!(missing.code(), tonic::Code::InvalidArgument, "{missing:?}");
    let lock = |session: &str| PutRequest {
        key: "g/lock".into(),
        value: b"v".to_vec(),
        acquire_session: session.into(),
        ..PutRequest::default()
    };
    let unknown = kv
        .put(lock("6f1f3c3e-0000-4000-8000-000000000000"))
        .await
        .unwrap_err();
    assert_eq!(
        unknown.code(),
        tonic::Code::FailedPrecondition,
        "{unknown:?}"
    );
    let taken = kv.put(lock(&made.id)).await.unwrap().into_inner();
    assert!(taken.success);
    let both = kv
        .put(PutRequest {
            cas_index: Some(1),
            ..lock(&made.id)
        })
        .await
        .unwrap_err();
    assert_eq!(both.code(), tonic::Code::InvalidArgument);
    sessions
        .destroy(DestroyRequest {
            id: made.id.clone(),
            ..DestroyRequest::default()
        })
        .await
        .unwrap();
    let gone = watch.next().await.unwrap().unwrap();
    assert!(gone.sessions.is_empty());
    assert!(gone.query_meta.unwrap().index > seen.query_meta.unwrap().index);
}

/// The leader holds the TTL timers: when it dies, the next leader arms a
/// full 2 x TTL for every TTL session, so a session renewed through a
/// survivor lives on, one left alone still expires, and its lock is freed.
#[tokio::test]
async fn a_new_leader_takes_over_the_ttl_timers() {
    use super::cluster::{leader_of, server_addr, wait_agreed};

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sessions.json");
    std::fs::write(&config, r#"{"session_ttl_min": "1s"}"#).unwrap();
    let flag = format!("-config-file={}", config.display());
    let names: Vec<String> = (1..=3).map(|i| format!("sess-fo{i}")).collect();
    let mut servers =
        Agent::start_joined_servers(roster_bin(), &names, &[&flag], |_| Vec::new()).unwrap();
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let dead = servers
        .iter()
        .position(|s| server_addr(s) == leader)
        .unwrap();
    let survivor = (dead + 1) % 3;
    let via = &servers[survivor];
    let (_, me) = get_json(via, "/v1/agent/self").await;
    let node = me["Config"]["NodeName"].as_str().unwrap().to_string();
    wait_json(via, &format!("/v1/health/node/{node}"), "serfHealth", |b| {
        b.as_array()
            .is_some_and(|a| a.iter().any(|c| c["CheckID"] == "serfHealth"))
    })
    .await;
    let body = json!({"TTL": "2s", "LockDelay": 0});
    let kept = create(via, Some(body.clone())).await;
    let left = create(via, Some(body)).await;
    assert_eq!(
        kv_put(via, &format!("fo?acquire={left}"), "v").await.1,
        "true"
    );

    servers[dead].kill9();
    let via = &servers[survivor];
    // Renewals reach whichever server leads; one left alone expires.
    let started = Instant::now();
    let mut expired_after = None;
    while started.elapsed() < Duration::from_secs(25) {
        let _ = put(via, &format!("/v1/session/renew/{kept}"), None).await;
        if expired_after.is_none() && info(via, &left).await == json!([]) {
            expired_after = Some(started.elapsed());
        }
        if expired_after.is_some_and(|t| started.elapsed() > t + Duration::from_secs(5)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let expired_after = expired_after.expect("the session left alone expired");
    assert!(leader_of(via).await != leader, "a new leader was elected");
    // No sooner than 2 x TTL after it was created (or after the new
    // leader's election, which armed it afresh).
    assert!(expired_after >= Duration::from_secs(2), "{expired_after:?}");
    assert_eq!(
        info(via, &kept).await.as_array().map(Vec::len),
        Some(1),
        "renewed through a survivor, it lives on"
    );
    let e = entry(via, "fo").await;
    assert!(e.get("Session").is_none(), "{e}");
}

/// The leader's applied Raft index.
async fn applied_index(agent: &Agent) -> u64 {
    let (_, me) = get_json(agent, "/v1/agent/self").await;
    me["Stats"]["raft"]["applied_index"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Asks for `key`'s lock with every session at once; how many got it.
async fn herd(agent: &Agent, key: &str, sessions: &[String]) -> usize {
    let mut asks = tokio::task::JoinSet::new();
    for id in sessions {
        let (base, path) = (agent.http_base(), format!("/v1/kv/{key}?acquire={id}"));
        asks.spawn(async move {
            let r = http()
                .put(format!("{base}{path}"))
                .body("v")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
            r.text().await.unwrap().trim() == "true"
        });
    }
    let mut won = 0;
    while let Some(got) = asks.join_next().await {
        won += usize::from(got.unwrap());
    }
    won
}

#[tokio::test]
async fn a_herd_asking_for_a_lock_costs_raft_entries_only_for_the_winner() {
    let (agent, _dir, _node) = server("sessions-herd").await;
    let holder = create(&agent, Some(json!({"NodeChecks": []}))).await;
    let mut waiters = Vec::new();
    for _ in 0..20 {
        waiters.push(create(&agent, Some(json!({"NodeChecks": []}))).await);
    }
    assert_eq!(
        kv_put(&agent, &format!("herd/lock?acquire={holder}"), "v")
            .await
            .1
            .trim(),
        "true"
    );

    // Held: every ask is answered from the leader's state, without Raft
    // (a few entries of the agent's own may still come: anti-entropy).
    let before = applied_index(&agent).await;
    assert_eq!(herd(&agent, "herd/lock", &waiters).await, 0);
    let spent = applied_index(&agent).await - before;
    assert!(spent < 5, "20 refused asks wrote {spent} Raft entries");

    // Released: all ask at once, exactly one wins, and the others' asks are
    // refused after the winner's applied.
    assert_eq!(
        kv_put(&agent, &format!("herd/lock?release={holder}"), "v")
            .await
            .1
            .trim(),
        "true"
    );
    let before = applied_index(&agent).await;
    assert_eq!(herd(&agent, "herd/lock", &waiters).await, 1);
    let spent = applied_index(&agent).await - before;
    assert!(spent < 6, "one hand-off wrote {spent} Raft entries");
    let e = entry(&agent, "herd/lock").await;
    assert!(waiters.iter().any(|w| e["Session"] == w.as_str()), "{e}");
    assert_eq!(e["LockIndex"], 2);
}

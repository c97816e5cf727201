//! `PUT /v1/txn`: atomic KV transactions with Consul's shapes, rollback
//! with every error listed (409), read-only transactions without Raft, and
//! bad input refused with nothing changed.

use base64::Engine as _;
use serde_json::{Value, json};

use super::{
    agent_services::{get_json, put},
    *,
};

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

async fn txn(
    agent: &roster_testkit::Agent,
    body: &Value,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let r = http()
        .put(format!("{}/v1/txn", agent.http_base()))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    (
        status,
        headers,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn transactions_apply_whole_or_not_at_all() {
    let agent = must_start("txn").await;
    let (code, _, body) = txn(
        &agent,
        &json!([
            {"KV": {"Verb": "set", "Key": "t/a", "Value": b64("one"), "Flags": 7}},
            {"KV": {"Verb": "cas", "Key": "t/b", "Value": b64("two"), "Index": 0}},
            {"KV": {"Verb": "get", "Key": "t/a"}},
            {"KV": {"Verb": "check-not-exists", "Key": "t/c"}}
        ]),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert!(body["Errors"].is_null(), "{body}");
    let results = body["Results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{body}");
    assert_eq!(results[0]["KV"]["Key"], "t/a");
    assert!(
        results[0]["KV"]["Value"].is_null(),
        "a write answers without its value"
    );
    assert_eq!(results[2]["KV"]["Value"], b64("one"));
    assert_eq!(results[2]["KV"]["Flags"], 7);
    let index = results[0]["KV"]["ModifyIndex"].clone();
    assert_eq!(
        results[1]["KV"]["ModifyIndex"], index,
        "one index for the whole"
    );

    // One failure rolls everything back; every failure is listed.
    let (code, _, body) = txn(
        &agent,
        &json!([
            {"KV": {"Verb": "set", "Key": "t/new", "Value": b64("x")}},
            {"KV": {"Verb": "cas", "Key": "t/a", "Value": b64("y"), "Index": 1}},
            {"KV": {"Verb": "delete", "Key": "t/b"}},
            {"KV": {"Verb": "get", "Key": "t/none"}}
        ]),
    )
    .await;
    assert_eq!(code, 409, "{body}");
    assert!(body["Results"].is_null());
    assert_eq!(
        body["Errors"],
        json!([
            {"OpIndex": 1, "What": "failed to set key \"t/a\", index is stale"},
            {"OpIndex": 3, "What": "key \"t/none\" doesn't exist"}
        ])
    );
    assert_eq!(get_json(&agent, "/v1/kv/t/new").await.0, 404);
    assert_eq!(get_json(&agent, "/v1/kv/t/b").await.0, 200);

    // Reads only: no Raft, no X-Consul-Index; ?stale is accepted.
    let (code, headers, body) =
        txn(&agent, &json!([{"KV": {"Verb": "get-tree", "Key": "t/"}}])).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["Results"].as_array().unwrap().len(), 2);
    assert!(headers.get("X-Consul-Index").is_none());
    assert_eq!(headers["X-Consul-KnownLeader"], "true");
    let r = http()
        .put(format!("{}/v1/txn?stale", agent.http_base()))
        .body(json!([{"KV": {"Verb": "get", "Key": "t/a"}}]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);

    // Locks inside a transaction.
    let (_, text) = put(
        &agent,
        "/v1/session/create",
        Some(&json!({"NodeChecks": []})),
    )
    .await;
    let session = serde_json::from_str::<Value>(&text).unwrap()["ID"].clone();
    let (code, _, body) = txn(
        &agent,
        &json!([
            {"KV": {"Verb": "lock", "Key": "t/lock", "Value": b64("me"), "Session": session}},
            {"KV": {"Verb": "check-session", "Key": "t/lock", "Session": session}}
        ]),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["Results"][0]["KV"]["LockIndex"], 1);
    assert_eq!(body["Results"][0]["KV"]["Session"], session);
}

#[tokio::test]
async fn bad_transactions_are_refused_and_change_nothing() {
    let agent = must_start("txn-bad").await;
    let before = get_json(&agent, "/v1/kv/?recurse").await;
    let nodes_before = get_json(&agent, "/v1/catalog/nodes").await;
    let set = |k: usize| json!({"KV": {"Verb": "set", "Key": format!("b/{k}"), "Value": b64("v")}});
    let too_many: Vec<Value> = (0..65).map(set).collect();
    let cases = [
        (
            json!(too_many),
            413,
            "Transaction contains too many operations (65 > 64)",
        ),
        (
            json!([set(1), {"KV": {"Verb": "frob", "Key": "b/x"}}]),
            409,
            "unknown KV verb \\\"frob\\\"",
        ),
        (
            json!([{"Node": {"Verb": "set", "Node": {"Node": "n"}}}]),
            409,
            "Must provide address if SkipNodeUpdate is not set",
        ),
        (
            json!([set(1), {"Node": {"Verb": "frob", "Node": {"Node": "n"}}}]),
            409,
            "unknown Node verb \\\"frob\\\"",
        ),
        (
            json!([{"Service": {"Verb": "set", "Node": "n", "Service": {"Port": 1}}}]),
            409,
            "Must provide service name",
        ),
        (
            json!([{"Check": {"Verb": "get", "Check": {"CheckID": "c"}}}]),
            409,
            "Must provide node",
        ),
        (json!({"KV": {}}), 400, "Failed to parse body"),
        (
            json!([{"KV": {"Verb": "set", "Key": "b/x", "Value": "not base64!"}}]),
            400,
            "Failed to parse body",
        ),
        (
            json!([{"KV": {"Verb": "set", "Key": "", "Value": b64("v")}}]),
            400,
            "Missing key name",
        ),
        (json!([{"Nothing": {}}]), 400, "Failed to parse body"),
    ];
    for (body, status, message) in cases {
        let (code, _, answer) = txn(&agent, &body).await;
        assert_eq!(code, status, "{answer}");
        assert!(
            answer.to_string().contains(message),
            "{answer} lacks {message:?}"
        );
    }
    let r = http()
        .put(format!("{}/v1/txn", agent.http_base()))
        .body("[{")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let big = "x".repeat(600 * 1024);
    let r = http()
        .put(format!("{}/v1/txn", agent.http_base()))
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    assert!(
        r.text()
            .await
            .unwrap()
            .starts_with("Request body too large")
    );
    assert_eq!(get_json(&agent, "/v1/kv/?recurse").await, before);
    assert_eq!(get_json(&agent, "/v1/catalog/nodes").await, nodes_before);
}

#[tokio::test]
async fn node_service_and_check_operations_apply_with_kv_in_one_entry() {
    let agent = must_start("txn-catalog").await;
    let node = json!({"Node": "db-1", "Address": "10.1.1.1", "Meta": {"rack": "r1"}});
    let service = json!({"ID": "db1", "Service": "db", "Port": 5432, "Tags": ["primary"]});
    let check = json!({"Node": "db-1", "CheckID": "db1-alive", "Name": "alive",
                       "Status": "passing", "ServiceID": "db1"});
    let (code, _, body) = txn(
        &agent,
        &json!([
            {"Node": {"Verb": "set", "Node": node}},
            {"Service": {"Verb": "set", "Node": "db-1", "Service": service}},
            {"Check": {"Verb": "set", "Check": check}},
            {"KV": {"Verb": "set", "Key": "db/primary", "Value": b64("db-1")}}
        ]),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let results = body["Results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "{body}");
    let at = &results[0]["Node"]["ModifyIndex"];
    assert_eq!(results[0]["Node"]["Meta"]["rack"], "r1");
    assert_eq!(
        results[1]["Service"]["ModifyIndex"], *at,
        "one index: {body}"
    );
    assert_eq!(results[1]["Service"]["Port"], 5432);
    assert_eq!(results[2]["Check"]["ModifyIndex"], *at);
    assert_eq!(
        results[2]["Check"]["ServiceName"], "db",
        "the check was tied to the service written before it"
    );
    assert_eq!(results[3]["KV"]["ModifyIndex"], *at);

    // The catalog's own endpoints see it.
    let healthy = get_json(&agent, "/v1/health/service/db?passing").await.1;
    assert_eq!(healthy.as_array().unwrap().len(), 1, "{healthy}");
    assert_eq!(healthy[0]["Node"]["Address"], "10.1.1.1");

    // Reads only: served without Raft, no X-Consul-Index.
    let (code, headers, body) = txn(
        &agent,
        &json!([
            {"Node": {"Verb": "get", "Node": {"Node": "DB-1"}}},
            {"Service": {"Verb": "get", "Node": "db-1", "Service": {"ID": "db1"}}},
            {"Check": {"Verb": "get", "Check": {"Node": "db-1", "CheckID": "db1-alive"}}}
        ]),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert!(headers.get("X-Consul-Index").is_none());
    assert_eq!(body["Results"][0]["Node"]["Node"], "db-1");
    assert_eq!(body["Results"][1]["Service"]["Tags"], json!(["primary"]));
    assert_eq!(body["Results"][2]["Check"]["Status"], "passing");

    // A stale CAS rolls back the whole transaction, with every error.
    let (code, _, body) = txn(
        &agent,
        &json!([
            {"KV": {"Verb": "set", "Key": "db/rolled-back", "Value": b64("x")}},
            {"Service": {"Verb": "cas", "Node": "db-1",
                         "Service": {"ID": "db1", "Service": "db", "ModifyIndex": 1}}},
            {"Check": {"Verb": "set", "Check": {"Node": "nowhere", "CheckID": "c"}}},
            {"Check": {"Verb": "set", "Check": {"Node": "db-1", "CheckID": "c",
                                                 "ServiceID": "ghost"}}},
            {"Node": {"Verb": "delete-cas", "Node": {"Node": "db-1", "ModifyIndex": 1}}},
            {"Service": {"Verb": "get", "Node": "db-1", "Service": {"ID": "ghost"}}}
        ]),
    )
    .await;
    assert_eq!(code, 409, "{body}");
    let errors: Vec<(u64, &str)> = body["Errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["OpIndex"].as_u64().unwrap(), e["What"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                1,
                "failed to set service \"db1\" on node \"db-1\", index is stale"
            ),
            (2, "Missing node registration"),
            (3, "Missing service registration"),
            (4, "failed to delete node \"db-1\", index is stale"),
            (5, "service \"ghost\" on node \"db-1\" doesn't exist"),
        ]
    );
    let (status, _, _) = must_get(&agent, "/v1/kv/db/rolled-back").await;
    assert_eq!(status, 404, "rolled back");

    // A session on db-1 holds a lock. Deleting the node in a transaction
    // invalidates the session, releasing the lock, and a later operation
    // of the same transaction takes it with another session.
    let (_, text) = put(
        &agent,
        "/v1/session/create",
        Some(&json!({"Node": "db-1", "NodeChecks": []})),
    )
    .await;
    let on_db = serde_json::from_str::<Value>(&text).unwrap()["ID"].clone();
    let (_, text) = put(
        &agent,
        "/v1/session/create",
        Some(&json!({"NodeChecks": []})),
    )
    .await;
    let local = serde_json::from_str::<Value>(&text).unwrap()["ID"].clone();
    let lock = |session: &Value| json!({"KV": {"Verb": "lock", "Key": "db/leader", "Value": b64("v"), "Session": session}});
    let (code, _, body) = txn(&agent, &json!([lock(&on_db)])).await;
    assert_eq!(code, 200, "{body}");
    let (code, _, body) = txn(&agent, &json!([lock(&local)])).await;
    assert_eq!(code, 409, "held: {body}");
    let (code, _, body) = txn(
        &agent,
        &json!([
            {"Node": {"Verb": "delete", "Node": {"Node": "db-1"}}},
            lock(&local),
            {"KV": {"Verb": "check-session", "Key": "db/leader", "Session": local}}
        ]),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["Results"][0]["KV"]["LockIndex"], 2, "{body}");
    let leader = get_json(&agent, "/v1/kv/db/leader").await.1;
    assert_eq!(leader[0]["Session"], local);
    let gone = get_json(
        &agent,
        &format!("/v1/session/info/{}", on_db.as_str().unwrap()),
    )
    .await
    .1;
    assert!(
        gone.as_array().is_none_or(|a| a.is_empty()),
        "the node's session went with it: {gone}"
    );
    assert_eq!(
        get_json(&agent, "/v1/health/service/db").await.1,
        json!([]),
        "the node's service went with it"
    );
    assert_eq!(
        get_json(&agent, "/v1/catalog/node/db-1").await.1,
        Value::Null,
        "the node is gone"
    );
}

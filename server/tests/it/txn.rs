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
            501,
            "not supported yet",
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
}

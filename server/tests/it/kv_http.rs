//! Consul's KV HTTP API: shapes, status codes and headers.

use base64::Engine as _;
use serde_json::Value;

use super::*;

#[tokio::test]
async fn put_get_delete_round_trip_with_consul_shapes() {
    let agent = must_start("kv-shapes").await;
    assert_eq!(must_put(&agent, "a/b", "hello").await, (200, "true".into()));

    let (status, headers, body) = must_get(&agent, "/v1/kv/a/b").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["X-Consul-KnownLeader"], "true");
    assert!(headers.contains_key("X-Consul-LastContact"));
    let index = consul_index(&headers);
    let v: Value = serde_json::from_str(&body).unwrap();
    let e = &v.as_array().unwrap()[0];
    assert_eq!(e["Key"], "a/b");
    assert_eq!(e["Flags"], 0);
    assert_eq!(e["LockIndex"], 0);
    assert!(e.get("Session").is_none(), "Session omitted when unlocked");
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(e["Value"].as_str().unwrap())
            .unwrap(),
        b"hello"
    );
    assert_eq!(e["CreateIndex"], e["ModifyIndex"]);
    assert_eq!(e["ModifyIndex"].as_u64().unwrap(), index);
    // Field order as Consul emits it.
    let order: Vec<&str> = [
        "LockIndex",
        "Key",
        "Flags",
        "Value",
        "CreateIndex",
        "ModifyIndex",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = order.iter().map(|k| body.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{body}");

    // raw
    let (status, headers, body) = must_get(&agent, "/v1/kv/a/b?raw").await;
    assert_eq!((status, body.as_str()), (200, "hello"));
    assert_eq!(headers["content-type"], "text/plain");
    assert_eq!(headers["X-Content-Type-Options"], "nosniff");

    // Update keeps CreateIndex, moves ModifyIndex; flags are stored.
    assert_eq!(must_put(&agent, "a/b?flags=42", "v2").await.0, 200);
    let (_, _, body) = must_get(&agent, "/v1/kv/a/b").await;
    let e: Value = serde_json::from_str::<Value>(&body).unwrap()[0].clone();
    assert_eq!(e["Flags"], 42);
    assert!(e["ModifyIndex"].as_u64().unwrap() > e["CreateIndex"].as_u64().unwrap());

    // Empty body → Value null.
    must_put(&agent, "empty", "").await;
    let (_, _, body) = must_get(&agent, "/v1/kv/empty").await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()[0]["Value"],
        Value::Null
    );

    // Delete → 404 with an index header.
    let r = http()
        .delete(format!("{}/v1/kv/a/b", agent.http_base()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), r.text().await.unwrap().as_str()),
        (200, "true")
    );
    let (status, headers, body) = must_get(&agent, "/v1/kv/a/b").await;
    assert_eq!((status, body.as_str()), (404, ""));
    assert!(consul_index(&headers) > index);
}

#[tokio::test]
async fn recurse_keys_separator_and_recursive_delete() {
    let agent = must_start("kv-recurse").await;
    for k in ["web/a", "web/sub/x", "web/sub/y", "webby", "zzz"] {
        assert_eq!(must_put(&agent, k, k).await.0, 200);
    }
    let (status, _, body) = must_get(&agent, "/v1/kv/web?recurse").await;
    assert_eq!(status, 200);
    let keys: Vec<String> = serde_json::from_str::<Vec<Value>>(&body)
        .unwrap()
        .iter()
        .map(|e| e["Key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, vec!["web/a", "web/sub/x", "web/sub/y", "webby"]);

    let (_, _, body) = must_get(&agent, "/v1/kv/web/?keys&separator=/").await;
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&body).unwrap(),
        vec!["web/a", "web/sub/"]
    );
    let (_, _, body) = must_get(&agent, "/v1/kv/?keys").await;
    assert_eq!(serde_json::from_str::<Vec<String>>(&body).unwrap().len(), 5);
    let (status, _, _) = must_get(&agent, "/v1/kv/nothing?keys").await;
    assert_eq!(status, 404);
    let (status, _, _) = must_get(&agent, "/v1/kv/nothing?recurse").await;
    assert_eq!(status, 404);

    let r = http()
        .delete(format!("{}/v1/kv/web/?recurse", agent.http_base()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let (_, _, body) = must_get(&agent, "/v1/kv/?keys").await;
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&body).unwrap(),
        vec!["webby", "zzz"]
    );
}

#[tokio::test]
async fn cas_put_and_delete() {
    let agent = must_start("kv-cas").await;
    assert_eq!(
        must_put(&agent, "k?cas=0", "first").await,
        (200, "true".into())
    );
    assert_eq!(
        must_put(&agent, "k?cas=0", "again").await,
        (200, "false".into())
    );
    let (_, headers, _) = must_get(&agent, "/v1/kv/k").await;
    let index = consul_index(&headers);
    assert_eq!(
        must_put(&agent, &format!("k?cas={}", index + 1), "x")
            .await
            .1,
        "false"
    );
    assert_eq!(
        must_put(&agent, &format!("k?cas={index}"), "second")
            .await
            .1,
        "true"
    );
    let (_, _, body) = must_get(&agent, "/v1/kv/k?raw").await;
    assert_eq!(body, "second");

    let (_, headers, _) = must_get(&agent, "/v1/kv/k").await;
    let index = consul_index(&headers);
    let del = |q: String| {
        let url = format!("{}/v1/kv/k?cas={q}", agent.http_base());
        async move {
            http()
                .delete(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    assert_eq!(del((index + 7).to_string()).await, "false");
    assert_eq!(must_get(&agent, "/v1/kv/k").await.0, 200);
    assert_eq!(del(index.to_string()).await, "true");
    assert_eq!(must_get(&agent, "/v1/kv/k").await.0, 404);
}

#[tokio::test]
async fn status_endpoints_report_the_raft_address() {
    let agent = must_start("status").await;
    let (status, _, body) = must_get(&agent, "/v1/status/leader").await;
    assert_eq!(status, 200);
    let expected = format!("\"127.0.0.1:{}\"", agent.ports.server);
    assert_eq!(body.trim(), expected);
    let (_, _, body) = must_get(&agent, "/v1/status/peers").await;
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&body).unwrap(),
        vec![format!("127.0.0.1:{}", agent.ports.server)]
    );
}

#[tokio::test]
async fn consistency_modes_are_served_and_reported() {
    let agent = must_start("consistency").await;
    must_put(&agent, "c", "v").await;
    for (query, effective) in [
        ("", "leader"),
        ("?stale", "stale"),
        ("?consistent", "consistent"),
    ] {
        let (status, headers, body) = must_get(&agent, &format!("/v1/kv/c{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(
            headers["X-Consul-Effective-Consistency"], effective,
            "{query}"
        );
    }
}

/// `X-Roster-Request-Id`: a retried PUT or DELETE applies once (the key's
/// ModifyIndex and the KV index do not move, a failed check-and-set stays
/// failed); a bad id is a 400 that changes nothing.
#[tokio::test]
async fn a_write_retried_with_its_request_id_applies_once() {
    let agent = must_start("kv-request-id").await;
    let send = |method: reqwest::Method, path: &str, id: &str, body: &str| {
        http()
            .request(method, format!("{}/v1/kv/{path}", agent.http_base()))
            .header("X-Roster-Request-Id", id)
            .body(body.to_string())
            .send()
    };
    let modify_index = || async {
        let (code, headers, body) = must_get(&agent, "/v1/kv/retried").await;
        assert_eq!(code, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        (
            v[0]["ModifyIndex"].as_u64().unwrap(),
            consul_index(&headers),
        )
    };
    let r = send(reqwest::Method::PUT, "retried", "put-1", "one")
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (first, kv_index) = modify_index().await;
    for _ in 0..3 {
        let r = send(reqwest::Method::PUT, "retried", "put-1", "two")
            .await
            .unwrap();
        assert_eq!(
            (r.status().as_u16(), r.text().await.unwrap().trim()),
            (200, "true")
        );
    }
    assert_eq!(modify_index().await, (first, kv_index));
    let (_, _, raw) = must_get(&agent, "/v1/kv/retried?raw").await;
    assert_eq!(raw, "one");

    // A check-and-set that failed replays as failed.
    let cas = format!("retried?cas={}", first + 1000);
    let r = send(reqwest::Method::PUT, &cas, "cas-1", "three")
        .await
        .unwrap();
    assert_eq!(r.text().await.unwrap().trim(), "false");
    let ok_cas = format!("retried?cas={first}");
    let r = send(reqwest::Method::PUT, &ok_cas, "cas-1", "three")
        .await
        .unwrap();
    assert_eq!(r.text().await.unwrap().trim(), "false");
    assert_eq!(modify_index().await.0, first);

    // A delete retried after the key was written again deletes nothing.
    let r = send(reqwest::Method::DELETE, "retried", "del-1", "")
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(must_put(&agent, "retried", "again").await.0, 200);
    let r = send(reqwest::Method::DELETE, "retried", "del-1", "")
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, _, raw) = must_get(&agent, "/v1/kv/retried?raw").await;
    assert_eq!(raw, "again");

    // Bad ids: 400 with a message, nothing written.
    for bad in ["x".repeat(129), "two words".to_string()] {
        let r = send(reqwest::Method::PUT, "bad-id", &bad, "v")
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("request id"));
    }
    let (code, _, _) = must_get(&agent, "/v1/kv/bad-id").await;
    assert_eq!(code, 404);
}

/// A recursive read larger than one page (the server streams it in ~1 MiB
/// pages from one snapshot, the gateway sends it chunked) is the whole,
/// ordered answer, compact and `?pretty`, with the prefix's index; a
/// blocked recursive read still wakes on a change under the prefix.
#[tokio::test]
async fn a_recursive_read_of_several_pages_is_whole_and_ordered() {
    let agent = must_start("kv-scan").await;
    let value = |i: usize| format!("{i:03}-{}", "x".repeat(100_000));
    for i in 0..40 {
        assert_eq!(
            must_put(&agent, &format!("big/{i:03}"), &value(i)).await.0,
            200
        );
    }
    assert_eq!(
        must_put(&agent, "other", "not under the prefix").await.0,
        200
    );
    for path in ["/v1/kv/big/?recurse", "/v1/kv/big/?recurse&pretty"] {
        let (code, headers, body) = must_get(&agent, path).await;
        assert_eq!(code, 200);
        let entries: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        assert_eq!(entries.len(), 40, "{path}");
        let mut max_modify = 0;
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(e["Key"], format!("big/{i:03}"));
            let raw = base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                e["Value"].as_str().unwrap(),
            )
            .unwrap();
            assert_eq!(raw, value(i).as_bytes());
            max_modify = max_modify.max(e["ModifyIndex"].as_u64().unwrap());
        }
        assert_eq!(consul_index(&headers), max_modify, "{path}");
    }
    // A blocked recursive read wakes on a change under the prefix.
    let (_, headers, _) = must_get(&agent, "/v1/kv/big/?recurse").await;
    let index = consul_index(&headers);
    let url = format!(
        "{}/v1/kv/big/?recurse&index={index}&wait=20s",
        agent.http_base()
    );
    let blocked = tokio::spawn(async move { http().get(url).send().await.unwrap() });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!blocked.is_finished(), "returned before any change");
    assert_eq!(must_put(&agent, "big/040", "new").await.0, 200);
    let r = blocked.await.unwrap();
    assert!(consul_index(r.headers()) > index);
    let entries: Vec<serde_json::Value> = r.json().await.unwrap();
    assert_eq!(entries.len(), 41);
    // Nothing under a prefix: 404, as before.
    let (code, _, _) = must_get(&agent, "/v1/kv/nothing-here/?recurse").await;
    assert_eq!(code, 404);
}

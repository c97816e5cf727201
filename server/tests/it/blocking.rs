//! Blocking queries: wake on change, time out at `wait`, index semantics.

use std::time::{Duration, Instant};

use super::*;

/// Starts a blocking GET in the background.
fn spawn_get(
    agent: &roster_testkit::Agent,
    path: String,
) -> tokio::task::JoinHandle<(u16, u64, String)> {
    let url = format!("{}{path}", agent.http_base());
    tokio::spawn(async move {
        let r = http().get(url).send().await.unwrap();
        let status = r.status().as_u16();
        let index = consul_index(r.headers());
        (status, index, r.text().await.unwrap())
    })
}

#[tokio::test]
async fn a_blocked_read_wakes_when_its_key_changes() {
    let agent = must_start("block-wake").await;
    must_put(&agent, "watched", "one").await;
    let (_, headers, _) = must_get(&agent, "/v1/kv/watched").await;
    let index = consul_index(&headers);

    let blocked = spawn_get(&agent, format!("/v1/kv/watched?raw&index={index}&wait=5m"));
    must_put(&agent, "watched", "two").await;
    let (status, new_index, body) = blocked.await.unwrap();
    assert_eq!((status, body.as_str()), (200, "two"));
    assert!(new_index > index);
}

#[tokio::test]
async fn a_blocked_read_on_a_missing_key_wakes_when_it_appears() {
    let agent = must_start("block-appear").await;
    let (status, headers, _) = must_get(&agent, "/v1/kv/later").await;
    assert_eq!(status, 404);
    let index = consul_index(&headers);
    assert!(index >= 1, "index is never 0");
    let blocked = spawn_get(&agent, format!("/v1/kv/later?raw&index={index}&wait=5m"));
    must_put(&agent, "later", "here").await;
    let (status, new_index, body) = blocked.await.unwrap();
    assert_eq!((status, body.as_str()), (200, "here"));
    assert!(new_index > index);
}

#[tokio::test]
async fn a_blocked_read_returns_at_wait_when_nothing_it_watches_changes() {
    let agent = must_start("block-timeout").await;
    must_put(&agent, "quiet", "same").await;
    let (_, headers, _) = must_get(&agent, "/v1/kv/quiet").await;
    let index = consul_index(&headers);
    let started = Instant::now();
    // (That a write to another key does not wake a key's watchers is a unit
    // test of the watch hub: here such a write could land before the read is
    // registered and, by Consul's index rules, answer it at once.)
    let (status, returned, body) =
        spawn_get(&agent, format!("/v1/kv/quiet?raw&index={index}&wait=1s"))
            .await
            .unwrap();
    assert_eq!((status, body.as_str()), (200, "same"));
    assert_eq!(
        returned, index,
        "nothing changed, so the index did not move"
    );
    // Semantics, not speed: the server may not answer before `wait`.
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_blocked_prefix_read_wakes_on_writes_and_deletes_under_it() {
    let agent = must_start("block-prefix").await;
    must_put(&agent, "dir/a", "1").await;
    let (_, headers, _) = must_get(&agent, "/v1/kv/dir/?recurse").await;
    let index = consul_index(&headers);

    let blocked = spawn_get(&agent, format!("/v1/kv/dir/?keys&index={index}&wait=5m"));
    must_put(&agent, "dir/b", "2").await;
    let (_, index2, body) = blocked.await.unwrap();
    assert!(index2 > index);
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&body).unwrap(),
        vec!["dir/a", "dir/b"]
    );

    // Deleting the newest key still moves the prefix index forward.
    let blocked = spawn_get(&agent, format!("/v1/kv/dir/?keys&index={index2}&wait=5m"));
    http()
        .delete(format!("{}/v1/kv/dir/b", agent.http_base()))
        .send()
        .await
        .unwrap();
    let (_, index3, body) = blocked.await.unwrap();
    assert!(index3 > index2);
    assert_eq!(
        serde_json::from_str::<Vec<String>>(&body).unwrap(),
        vec!["dir/a"]
    );
}

#[tokio::test]
async fn index_zero_and_stale_index_answer_at_once() {
    let agent = must_start("block-fast").await;
    must_put(&agent, "k", "v").await;
    // index=0 never blocks; an index below the current one returns at once.
    // (Both would hang for 5 minutes if they blocked; the client times out at 60 s.)
    let (status, _, _) = must_get(&agent, "/v1/kv/k?index=0").await;
    assert_eq!(status, 200);
    let (status, _, body) = must_get(&agent, "/v1/kv/k?raw&index=1").await;
    assert_eq!((status, body.as_str()), (200, "v"));
}

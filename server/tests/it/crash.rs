//! `kill -9` at any moment loses no acknowledged write and invents none.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{Arc, Mutex},
};

use base64::Engine as _;
use rand::Rng as _;

use super::*;

const WRITERS: usize = 8;

#[derive(Default)]
struct History {
    /// key → value of every acknowledged write.
    acked: BTreeMap<String, String>,
    /// Every key a writer tried (acknowledged or not).
    attempted: BTreeSet<String>,
}

#[tokio::test]
async fn kill_9_loses_no_acknowledged_write() {
    let mut agent = must_start("crash").await;
    let history = Arc::new(Mutex::new(History::default()));
    for round in 0..3 {
        let stop_after = rand::rng().random_range(50..400);
        let base = agent.http_base();
        let mut writers = Vec::new();
        for w in 0..WRITERS {
            let history = Arc::clone(&history);
            let base = base.clone();
            writers.push(tokio::spawn(async move {
                let client = http();
                for seq in 0.. {
                    let key = format!("crash/{round}/{w}/{seq}");
                    let value = format!("v{round}-{w}-{seq}");
                    history.lock().unwrap().attempted.insert(key.clone());
                    let result = client
                        .put(format!("{base}/v1/kv/{key}"))
                        .body(value.clone())
                        .send()
                        .await;
                    match result {
                        Ok(r) if r.status().is_success() => {
                            assert_eq!(r.text().await.unwrap(), "true");
                            history.lock().unwrap().acked.insert(key, value);
                        }
                        // The server died mid-request: outcome unknown.
                        _ => return,
                    }
                }
            }));
        }
        // Kill once enough writes were acknowledged in this round.
        let goal = history.lock().unwrap().acked.len() + stop_after;
        roster_testkit::wait_for(START_TIMEOUT, "acknowledged writes", || {
            let n = history.lock().unwrap().acked.len();
            async move { n >= goal }
        })
        .await
        .unwrap();
        agent.kill9();
        for w in writers {
            w.await.unwrap();
        }

        agent.restart().unwrap();
        agent.wait_ready(START_TIMEOUT).await.unwrap();
        let (status, _, body) = must_get(&agent, "/v1/kv/crash/?recurse").await;
        assert_eq!(status, 200);
        let entries: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        let found: BTreeMap<String, String> = entries
            .iter()
            .map(|e| {
                let value = base64::engine::general_purpose::STANDARD
                    .decode(e["Value"].as_str().unwrap())
                    .unwrap();
                (
                    e["Key"].as_str().unwrap().to_string(),
                    String::from_utf8(value).unwrap(),
                )
            })
            .collect();
        let h = history.lock().unwrap();
        for (key, value) in &h.acked {
            assert_eq!(
                found.get(key),
                Some(value),
                "round {round}: acknowledged {key} lost"
            );
        }
        for (key, value) in &found {
            assert!(
                h.attempted.contains(key),
                "round {round}: {key} was never written"
            );
            let expected = key.replacen("crash/", "", 1).replace('/', "-");
            assert_eq!(
                value,
                &format!("v{expected}"),
                "round {round}: {key} has garbage"
            );
        }
    }
}

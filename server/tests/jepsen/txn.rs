//! The transaction workload: a writer sets `txn/a` and `txn/b` to the same
//! new number in one transaction, over and over, through every server;
//! readers read both in one read-only transaction (`?consistent`, or the
//! default mode) or the `txn/` prefix recursively. Atomicity: no read ever
//! sees the two keys apart (one written, the other not), and every value
//! read was written by a transaction that was acknowledged or whose
//! outcome is unknown, never by one that certainly failed.

use std::{
    collections::BTreeSet,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use base64::Engine as _;
use rand::{SeedableRng as _, rngs::StdRng, seq::IndexedRandom as _};
use serde_json::{Value, json};

use super::http;

/// What the workload saw.
#[derive(Default)]
pub struct TxnLog {
    acked: BTreeSet<u64>,
    failed: BTreeSet<u64>,
    unknown: BTreeSet<u64>,
    /// Reads: (a, b), each `None` when the key was absent.
    reads: Vec<(Option<u64>, Option<u64>)>,
}

fn b64(n: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(n.to_string())
}

fn number(v: &Value) -> Option<u64> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(v.as_str()?)
        .ok()?;
    String::from_utf8(raw).ok()?.parse().ok()
}

/// Writes both keys in one transaction, until `stop`.
pub async fn writer(bases: Vec<String>, stop: Arc<AtomicBool>, log: Arc<Mutex<TxnLog>>, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let base = bases.choose(&mut rng).unwrap();
        let body = json!([
            {"KV": {"Verb": "set", "Key": "txn/a", "Value": b64(n)}},
            {"KV": {"Verb": "set", "Key": "txn/b", "Value": b64(n)}}
        ]);
        let answer = http()
            .put(format!("{base}/v1/txn"))
            .body(body.to_string())
            .send()
            .await;
        // What the answer says, sorted out before the log is locked.
        let acked = match answer {
            Err(e) if e.is_connect() => Some(false),
            Ok(r) if r.status().is_success() => Some(true),
            Ok(r) if r.status().as_u16() == 500 => {
                let text = r.text().await.unwrap_or_default();
                text.starts_with("No cluster leader").then_some(false)
            }
            _ => None,
        };
        {
            let mut log = log.lock().unwrap();
            match acked {
                Some(true) => log.acked.insert(n),
                Some(false) => log.failed.insert(n),
                None => log.unknown.insert(n),
            };
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads both keys together, until `stop`.
pub async fn reader(bases: Vec<String>, stop: Arc<AtomicBool>, log: Arc<Mutex<TxnLog>>, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let reads = json!([
        {"KV": {"Verb": "get-tree", "Key": "txn/"}}
    ]);
    while !stop.load(Ordering::Relaxed) {
        let base = bases.choose(&mut rng).unwrap();
        let how = *[
            "txn?consistent",
            "txn",
            "kv/txn/?recurse&consistent",
            "kv/txn/?recurse",
        ]
        .choose(&mut rng)
        .unwrap();
        let request = if how.starts_with("txn") {
            http()
                .put(format!("{base}/v1/{how}"))
                .body(reads.to_string())
        } else {
            http().get(format!("{base}/v1/{how}"))
        };
        let Ok(r) = request.send().await else {
            continue;
        };
        let entries: Vec<Value> = match r.status().as_u16() {
            404 => Vec::new(),
            200 => match r.json::<Value>().await {
                Ok(Value::Array(items)) => items,
                Ok(v) => v["Results"]
                    .as_array()
                    .map(|rs| rs.iter().map(|r| r["KV"].clone()).collect())
                    .unwrap_or_default(),
                Err(_) => continue,
            },
            _ => continue,
        };
        let get = |key: &str| {
            entries
                .iter()
                .find(|e| e["Key"] == key)
                .and_then(|e| number(&e["Value"]))
        };
        log.lock().unwrap().reads.push((get("txn/a"), get("txn/b")));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The problems found: a read that saw half a transaction, or a value no
/// successful (or possibly successful) transaction wrote.
pub fn check(log: &TxnLog) -> Vec<String> {
    let mut problems = Vec::new();
    for (a, b) in &log.reads {
        if a != b {
            problems.push(format!("half a transaction: txn/a = {a:?}, txn/b = {b:?}"));
        }
        if let Some(n) = a
            && log.failed.contains(n)
        {
            problems.push(format!(
                "read {n}, written by a transaction that certainly failed"
            ));
        }
    }
    problems
}

/// A summary line.
pub fn summary(log: &TxnLog) -> String {
    format!(
        "transactions acknowledged {}, certainly failed {}, unknown {}; reads {}",
        log.acked.len(),
        log.failed.len(),
        log.unknown.len(),
        log.reads.len()
    )
}

/// The number of reads that saw both keys.
pub fn full_reads(log: &TxnLog) -> usize {
    log.reads.iter().filter(|(a, _)| a.is_some()).count()
}

#[cfg(test)]
mod checker {
    use super::*;

    #[test]
    fn half_transactions_and_failed_values_are_caught() {
        let log = TxnLog {
            failed: BTreeSet::from([3]),
            reads: vec![
                (Some(1), Some(1)),
                (None, None),
                (Some(2), Some(1)),
                (Some(3), Some(3)),
            ],
            ..TxnLog::default()
        };
        let problems = check(&log);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("half a transaction"));
        assert!(problems[1].contains("certainly failed"));
    }
}

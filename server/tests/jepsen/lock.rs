//! The lock workload: clients contend for one KV lock (`jlock`) through
//! sessions with a 2 s TTL, through every server, while the nemesis works
//! (Consul's recipe: acquire, and while refused, block on the key);
//! some clients stop renewing while they believe they hold the lock (a
//! client paused past its TTL). An observer reads the lock key with
//! `?consistent` all along.
//!
//! What is checked, from the store's own answers:
//! - Tokens: no lock index ever names two sessions, and the lock index never
//!   goes back as the key's ModifyIndex grows. So `(LockIndex, Session)` is
//!   a fencing token.
//! - Exclusion: of two holds by different sessions that overlap in real
//!   time, the earlier token's holder had lost the lock before the other
//!   acquired it: its release did not succeed, or came after the other's
//!   acquisition had completed only if that cannot be (a successful release
//!   of token T linearizes after every acquisition of a lower token and
//!   before every acquisition of a higher one).
//! - Fencing: a holder that acts on the lock after a higher token was
//!   handed out (a stale holder) had lost it, and its token is lower than
//!   the current one, so a resource that keeps the highest token seen would
//!   refuse it. Such stale uses are counted.
//! - Liveness: once the faults stop, a new session takes the lock (every
//!   released or expired lock is acquired again).

use std::{
    collections::BTreeMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use rand::{Rng as _, SeedableRng as _, rngs::StdRng, seq::IndexedRandom as _};
use serde_json::Value;

use super::{Outcome, RECOVERY, http, write};

/// The lock key.
const KEY: &str = "jlock";
/// Session TTL; renewed every [`RENEW_EVERY`].
const TTL: &str = "2s";
const RENEW_EVERY: Duration = Duration::from_millis(500);
/// A "paused" client stops renewing this long: past 2 x TTL.
const CLIENT_PAUSE: Duration = Duration::from_millis(7000);

/// One hold a client believed it had: from its acquire's answer to its
/// release's sending.
#[derive(Debug, Clone)]
pub struct Hold {
    client: usize,
    session: String,
    /// The lock index read right after acquiring, if the session still
    /// held the lock then.
    token: Option<u64>,
    /// When the acquire was answered `true`.
    acquired: Instant,
    /// When the client last acted on the lock (just before releasing).
    used: Instant,
    /// When the release was sent, and what it answered.
    release_sent: Instant,
    released: Option<bool>,
    /// Whether the client stopped renewing during the hold.
    paused: bool,
}

/// One consistent read of the lock key.
#[derive(Debug, Clone)]
struct Observation {
    session: String,
    lock_index: u64,
    modify_index: u64,
}

/// Everything the workload saw.
#[derive(Default)]
pub struct LockLog {
    holds: Vec<Hold>,
    observations: Vec<Observation>,
    acquires_refused: u64,
    acquires_unknown: u64,
    sessions_created: u64,
}

/// A lock session: tied to its node's `serfHealth` (Consul's default), so
/// a server killed or cut off takes its sessions with it.
fn session_body() -> Value {
    serde_json::json!({"Name": "jepsen-lock", "TTL": TTL, "LockDelay": "500ms"})
}

async fn create_session(base: &str) -> Option<String> {
    let r = http()
        .put(format!("{base}/v1/session/create"))
        .body(session_body().to_string())
        .send()
        .await
        .ok()?;
    if !r.status().is_success() {
        return None;
    }
    let v: Value = r.json().await.ok()?;
    v["ID"].as_str().map(str::to_string)
}

async fn destroy_session(bases: &[String], session: &str) {
    for base in bases {
        let answer = http()
            .put(format!("{base}/v1/session/destroy/{session}"))
            .send()
            .await;
        if answer.is_ok_and(|r| r.status().is_success()) {
            return;
        }
    }
}

/// The lock key's (Session, LockIndex, ModifyIndex), read consistently.
async fn read_lock(base: &str) -> Option<Option<Observation>> {
    let r = http()
        .get(format!("{base}/v1/kv/{KEY}?consistent"))
        .send()
        .await
        .ok()?;
    match r.status().as_u16() {
        404 => Some(None),
        200 => {
            let v: Value = r.json().await.ok()?;
            let e = &v[0];
            Some(Some(Observation {
                session: e["Session"].as_str().unwrap_or("").to_string(),
                lock_index: e["LockIndex"].as_u64()?,
                modify_index: e["ModifyIndex"].as_u64()?,
            }))
        }
        _ => None,
    }
}

/// Waits (up to 1 s) for the lock key to change past `index`; the index
/// to wait past next.
async fn wait_change(base: &str, index: u64) -> u64 {
    let url = format!("{base}/v1/kv/{KEY}?index={index}&wait=1s");
    match http().get(url).send().await {
        Ok(r) => r
            .headers()
            .get("X-Consul-Index")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(index),
        Err(_) => index,
    }
}

/// One contender, until `stop`, following Consul's recipe: a session, an
/// acquire, and while another holds the lock, a blocking read of the key
/// (renewing the session) and another acquire.
pub async fn client(
    id: usize,
    bases: Vec<String>,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<LockLog>>,
    seed: u64,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    while !stop.load(Ordering::Relaxed) {
        let base = bases.choose(&mut rng).unwrap().clone();
        let Some(session) = create_session(&base).await else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        log.lock().unwrap().sessions_created += 1;
        let mut index = 0;
        while !stop.load(Ordering::Relaxed) {
            let base = bases.choose(&mut rng).unwrap().clone();
            let url = format!("{base}/v1/kv/{KEY}?acquire={session}");
            let outcome = write(http().put(url).body(format!("client {id}"))).await;
            let acquired = Instant::now();
            match outcome {
                Outcome::Ok(true) => {
                    let hold = hold(id, &bases, &session, acquired, &mut rng, &log).await;
                    log.lock().unwrap().holds.push(hold);
                    break;
                }
                Outcome::Ok(false) => {
                    log.lock().unwrap().acquires_refused += 1;
                    // The key's index is the whole KV table's (Consul's), so
                    // with other keys written the read rarely blocks.
                    index = wait_change(&base, index).await;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    let renewed = http()
                        .put(format!("{base}/v1/session/renew/{session}"))
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success());
                    if !renewed {
                        break;
                    }
                }
                Outcome::Failed => {
                    log.lock().unwrap().acquires_refused += 1;
                    break;
                }
                Outcome::Unknown => {
                    log.lock().unwrap().acquires_unknown += 1;
                    break;
                }
            }
        }
        // Whatever happened, the session goes (releasing anything it holds).
        destroy_session(&bases, &session).await;
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..300))).await;
    }
}

/// Holds the lock for a while (renewing, or not: a paused client), then
/// releases it.
async fn hold(
    id: usize,
    bases: &[String],
    session: &str,
    acquired: Instant,
    rng: &mut StdRng,
    log: &Mutex<LockLog>,
) -> Hold {
    let base = bases.choose(rng).unwrap().clone();
    let token = match read_lock(&base).await {
        Some(Some(o)) => {
            let mine = (o.session == session).then_some(o.lock_index);
            log.lock().unwrap().observations.push(o);
            mine
        }
        _ => None,
    };
    let paused = rng.random_bool(0.2);
    let until = Instant::now()
        + if paused {
            CLIENT_PAUSE
        } else {
            Duration::from_millis(rng.random_range(100..800))
        };
    while Instant::now() < until {
        if !paused {
            let base = bases.choose(rng).unwrap();
            let _ = http()
                .put(format!("{base}/v1/session/renew/{session}"))
                .send()
                .await;
        }
        tokio::time::sleep(RENEW_EVERY.min(until.saturating_duration_since(Instant::now()))).await;
    }
    let used = Instant::now();
    let release_sent = Instant::now();
    let base = bases.choose(rng).unwrap();
    let url = format!("{base}/v1/kv/{KEY}?release={session}");
    let released = match write(http().put(url).body(format!("released by {id}"))).await {
        Outcome::Ok(b) => Some(b),
        _ => None,
    };
    Hold {
        client: id,
        session: session.to_string(),
        token,
        acquired,
        used,
        release_sent,
        released,
        paused,
    }
}

/// Reads the lock key consistently, over and over, until `stop`.
pub async fn observer(
    bases: Vec<String>,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<LockLog>>,
    seed: u64,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    while !stop.load(Ordering::Relaxed) {
        let base = bases.choose(&mut rng).unwrap();
        if let Some(Some(o)) = read_lock(base).await {
            log.lock().unwrap().observations.push(o);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Once the faults are over: a new session takes the lock (after whatever
/// still holds it expires or is destroyed), within the recovery time.
pub async fn final_acquire(bases: &[String]) -> Result<Duration, String> {
    let start = Instant::now();
    while start.elapsed() < RECOVERY {
        for base in bases {
            let Some(session) = create_session(base).await else {
                continue;
            };
            let url = format!("{base}/v1/kv/{KEY}?acquire={session}");
            let got = matches!(
                write(http().put(url).body("final")).await,
                Outcome::Ok(true)
            );
            destroy_session(bases, &session).await;
            if got {
                return Ok(start.elapsed());
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(format!(
        "no session took the lock within {RECOVERY:?} after the faults"
    ))
}

/// The checks of the module documentation; the problems found, and the
/// number of stale uses (a holder acting after a higher token was out).
pub fn check(log: &LockLog) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    // Tokens: each lock index names one session; indexes never go back.
    let mut by_index: BTreeMap<u64, &str> = BTreeMap::new();
    for o in log.observations.iter().filter(|o| !o.session.is_empty()) {
        match by_index.get(&o.lock_index) {
            Some(s) if *s != o.session => problems.push(format!(
                "lock index {} names two sessions: {s} and {}",
                o.lock_index, o.session
            )),
            _ => {
                by_index.insert(o.lock_index, &o.session);
            }
        }
    }
    let mut by_modify: Vec<&Observation> = log.observations.iter().collect();
    by_modify.sort_by_key(|o| o.modify_index);
    for pair in by_modify.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.lock_index < a.lock_index {
            problems.push(format!(
                "the lock index went back: {} at ModifyIndex {}, then {} at {}",
                a.lock_index, a.modify_index, b.lock_index, b.modify_index
            ));
        }
        if a.modify_index == b.modify_index
            && (a.session != b.session || a.lock_index != b.lock_index)
        {
            problems.push(format!(
                "two states at ModifyIndex {}: {a:?} and {b:?}",
                a.modify_index
            ));
        }
    }
    // Exclusion and fencing, over the holds whose token is known.
    let holds: Vec<&Hold> = log.holds.iter().filter(|h| h.token.is_some()).collect();
    let mut stale_uses = 0;
    for h in &holds {
        let t = h.token.unwrap();
        if by_index.get(&t).is_some_and(|s| *s != h.session) {
            problems.push(format!(
                "client {}: its token {t} names another session: {h:?}",
                h.client
            ));
        }
        for other in &holds {
            let u = other.token.unwrap();
            if other.session == h.session || u <= t {
                continue;
            }
            // `other` holds a higher token: its acquisition came after
            // `h`'s hold ended in the store. If h's release succeeded, h
            // held the lock until the release linearized, after it was
            // sent; other's acquire cannot have completed before that.
            if h.released == Some(true) && other.acquired < h.release_sent {
                problems.push(format!(
                    "two holders at once: client {} (token {t}) released successfully after client {} had acquired token {u}: {h:?} / {other:?}",
                    h.client, other.client
                ));
            }
            // A use after the higher token was out: a stale holder (it had
            // lost the lock, as the check above proves), which a resource
            // keeping the highest token seen refuses.
            if other.acquired < h.used {
                stale_uses += 1;
            }
        }
    }
    (problems, stale_uses)
}

/// A summary line.
pub fn summary(log: &LockLog) -> String {
    let confirmed = log.holds.iter().filter(|h| h.token.is_some()).count();
    let paused = log.holds.iter().filter(|h| h.paused).count();
    let lost = log
        .holds
        .iter()
        .filter(|h| h.released == Some(false))
        .count();
    format!(
        "sessions {}, holds {} (token confirmed {confirmed}, client paused {paused}, lost before release {lost}), acquires refused {}, unknown {}, observations {}",
        log.sessions_created,
        log.holds.len(),
        log.acquires_refused,
        log.acquires_unknown,
        log.observations.len()
    )
}

/// The number of holds whose token is known.
pub fn confirmed_holds(log: &LockLog) -> usize {
    log.holds.iter().filter(|h| h.token.is_some()).count()
}

/// The checker catches what it must (it is run on real histories only by
/// the fault tests, which need the lab).
#[cfg(test)]
mod checker {
    use super::*;

    fn observation(session: &str, lock_index: u64, modify_index: u64) -> Observation {
        Observation {
            session: session.into(),
            lock_index,
            modify_index,
        }
    }

    /// A hold acquired `span.0` ms after `at` and released `span.1` ms
    /// after it.
    fn hold(client: usize, token: u64, at: Instant, span: (u64, u64), released: bool) -> Hold {
        let ms = |n: u64| at + Duration::from_millis(n);
        Hold {
            client,
            session: format!("s{client}"),
            token: Some(token),
            acquired: ms(span.0),
            used: ms(span.1),
            release_sent: ms(span.1),
            released: Some(released),
            paused: false,
        }
    }

    #[test]
    fn a_clean_history_passes() {
        let t0 = Instant::now();
        let log = LockLog {
            holds: vec![
                hold(1, 1, t0, (0, 100), true),
                hold(2, 2, t0, (150, 300), true),
            ],
            observations: vec![
                observation("s1", 1, 10),
                observation("", 1, 11),
                observation("s2", 2, 12),
            ],
            ..LockLog::default()
        };
        assert_eq!(check(&log), (Vec::new(), 0));
    }

    #[test]
    fn two_sessions_on_one_token_or_a_token_going_back_are_caught() {
        let log = LockLog {
            observations: vec![observation("s1", 3, 10), observation("s2", 3, 12)],
            ..LockLog::default()
        };
        assert_eq!(check(&log).0.len(), 1, "{:?}", check(&log));
        let log = LockLog {
            observations: vec![observation("s1", 3, 10), observation("s2", 2, 12)],
            ..LockLog::default()
        };
        assert!(check(&log).0[0].contains("went back"));
    }

    #[test]
    fn overlapping_valid_holders_are_caught_and_stale_ones_counted() {
        let t0 = Instant::now();
        // Client 2 acquired (token 2) while client 1 (token 1) still held
        // the lock and later released it successfully: two holders.
        let log = LockLog {
            holds: vec![
                hold(1, 1, t0, (0, 300), true),
                hold(2, 2, t0, (100, 400), true),
            ],
            ..LockLog::default()
        };
        let (problems, stale) = check(&log);
        assert!(
            problems[0].starts_with("two holders at once"),
            "{problems:?}"
        );
        assert_eq!(stale, 1);
        // The same overlap with client 1 having lost its session (its
        // release failed): a stale holder, fenced by its lower token.
        let log = LockLog {
            holds: vec![
                hold(1, 1, t0, (0, 300), false),
                hold(2, 2, t0, (100, 400), true),
            ],
            ..LockLog::default()
        };
        assert_eq!(check(&log), (Vec::new(), 1));
    }
}

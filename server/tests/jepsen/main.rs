//! Jepsen-style safety tests: a three-server cluster in network namespaces
//! (testkit's `netns::Lab`), concurrent clients doing KV reads (default
//! mode, served under the leader's lease; `?consistent`; `?stale`), writes
//! and check-and-set (`?cas=`) on a few keys through every server over
//! HTTP, while a nemesis injects one kind of fault over and over: `kill -9`
//! and restart of a random server or of the leader, SIGSTOP/SIGCONT pauses
//! of a random server or of the leader, partitions isolating the leader or
//! a random server, one-way partitions that silence the leader or
//! deafen it, a network and a process fault at once, and membership changes
//! (leadership handed over; servers leaving, wiped and coming back as new
//! members) with and without a network fault. Every operation is recorded (invoke, ok, certain failure,
//! unknown outcome) and each key's history is checked for linearizability
//! (testkit's `linearizability`). Besides one-key reads, writes and
//! check-and-sets, clients delete keys, delete the whole `reg/` prefix
//! (recorded as a delete in every key's history), read the prefix
//! recursively (each key's part of the answer is a read in that key's
//! history), and make blocking reads (`?index=` the index they last saw:
//! the answer is a linearizable read, and its index is never below the one
//! asked for nor below the entry's ModifyIndex); a "set" client adds keys under `set/`
//! and every acknowledged add must be in the final read (no lost writes),
//! and none that certainly failed may be; and lock clients contend for one
//! KV lock through sessions with TTLs, some pausing past their TTL while
//! they hold it, checked for exclusion and fencing ([`lock`]); and a writer
//! sets two keys in one transaction while readers check they never see
//! them apart ([`txn`]). The log is
//! compacted every few hundred writes, so servers that come back are caught
//! up by snapshots.
//!
//! The CI form runs each fault for `ROSTER_JEPSEN_SECS` seconds (default
//! 20); the long form is the same tests with a larger value, e.g.
//! `ROSTER_JEPSEN_SECS=300 cargo nextest run -p roster-server --test jepsen`.
//! `ROSTER_JEPSEN_READS=default|consistent` makes every register read use
//! that mode; `ROSTER_JEPSEN_READS=stale` makes them stale, which must fail
//! (a check of the harness itself).
//! Needs root, `ip` and `nft`; without them it fails in CI (`CI=true`) and
//! elsewhere skips, loudly.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use base64::Engine as _;
use rand::{Rng as _, SeedableRng as _, rngs::StdRng, seq::IndexedRandom as _};
use roster_testkit::{
    Agent,
    linearizability::{self, Operation, RegisterOp, RegisterResult, Verdict},
    netns::Lab,
    wait_for,
};

mod lock;
mod txn;

const SERVERS: usize = 3;
const CLIENTS: usize = 5;
/// Contenders of the lock workload ([`lock`]).
const LOCK_CLIENTS: usize = 3;
const KEYS: usize = 4;
/// A request's deadline: beyond it the outcome is unknown.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const RECOVERY: Duration = Duration::from_secs(60);

fn roster_bin() -> &'static str {
    env!("CARGO_BIN_EXE_roster")
}

fn run_for() -> Duration {
    let secs = std::env::var("ROSTER_JEPSEN_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Kill,
    KillLeader,
    Pause,
    PauseLeader,
    PartitionLeader,
    /// The leader's packets to the others are dropped; theirs reach it.
    LeaderMute,
    /// The others' packets to the leader are dropped; its reach them.
    LeaderDeaf,
    PartitionRandom,
    /// Two at once: a process fault (kill or pause, of any server) and a
    /// network fault (isolating a server, muting or deafening the leader),
    /// chosen at random each round.
    Combined,
    /// A membership change each round: leadership handed to another server,
    /// or a server replaced (it leaves gracefully, which removes it from the
    /// configuration, its data dir is wiped, and it comes back as a new
    /// server that autopilot adds); half the rounds with a network fault at
    /// the same time.
    Membership,
}

/// The network faults a combined or membership round adds.
const NETWORK_FAULTS: [Fault; 4] = [
    Fault::PartitionRandom,
    Fault::PartitionLeader,
    Fault::LeaderMute,
    Fault::LeaderDeaf,
];

struct Cluster {
    lab: Lab,
    servers: Vec<Agent>,
    /// Servers killed or paused by the nemesis, to bring back.
    down: BTreeSet<usize>,
    paused: BTreeSet<usize>,
    _config: tempfile::TempDir,
}

impl Cluster {
    async fn start() -> Option<Cluster> {
        if !roster_testkit::netns::available_or_skip("the Jepsen test") {
            return None;
        }
        let lab = Lab::new(SERVERS).expect("network lab");
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("jepsen.json");
        // A short hold so that a request without a leader fails (certainly)
        // well within the client's deadline; small snapshot thresholds so
        // that servers coming back are caught up by snapshots, under faults.
        std::fs::write(
            &config,
            r#"{"performance":{"rpc_hold_timeout":"2s"},"session_ttl_min":"1s",
                "raft_snapshot_threshold":512,"raft_trailing_logs":128}"#,
        )
        .unwrap();
        let config_flag = format!("-config-file={}", config.display());
        let mut servers: Vec<Agent> = Vec::new();
        for i in 0..SERVERS {
            let join = servers
                .first()
                .map(|s| format!("-retry-join={}", s.lan_addr()));
            let mut args = vec![config_flag.as_str(), "-retry-interval=1s"];
            if let Some(j) = &join {
                args.push(j);
            }
            servers.push(
                Agent::start_cluster_server_in_netns(
                    roster_bin(),
                    &format!("j{i}"),
                    SERVERS as u32,
                    &lab.netns(i),
                    &lab.ip(i),
                    &args,
                )
                .expect("spawn server"),
            );
        }
        let cluster = Cluster {
            lab,
            servers,
            down: BTreeSet::new(),
            paused: BTreeSet::new(),
            _config: dir,
        };
        cluster.wait_healthy().await;
        Some(cluster)
    }

    /// Waits until every server names the same leader and the whole
    /// configuration.
    async fn wait_healthy(&self) {
        let result = wait_for(RECOVERY, "the cluster to agree on a leader", || async {
            let mut leaders = BTreeSet::new();
            for s in &self.servers {
                let Some(leader) = get_json::<String>(s, "/v1/status/leader").await else {
                    return false;
                };
                let peers = get_json::<Vec<String>>(s, "/v1/status/peers")
                    .await
                    .unwrap_or_default();
                if peers.len() != SERVERS {
                    return false;
                }
                leaders.insert(leader);
            }
            leaders.len() == 1 && !leaders.iter().next().unwrap().is_empty()
        })
        .await;
        if let Err(e) = result {
            for s in &self.servers {
                eprintln!("--- log of {} ---\n{}", s.name(), s.log());
            }
            panic!("{e}");
        }
    }

    /// The index of the server the others follow, if one is known.
    async fn leader(&self) -> Option<usize> {
        for (i, s) in self.servers.iter().enumerate() {
            if self.down.contains(&i) || self.paused.contains(&i) {
                continue;
            }
            if let Some(leader) = get_json::<String>(s, "/v1/status/leader").await {
                return self
                    .servers
                    .iter()
                    .position(|t| format!("{}:{}", t.ip(), t.ports.server) == leader);
            }
        }
        None
    }

    async fn inject(&mut self, fault: Fault, rng: &mut StdRng) -> String {
        let random = rng.random_range(0..SERVERS);
        let target = match fault {
            Fault::KillLeader
            | Fault::PauseLeader
            | Fault::PartitionLeader
            | Fault::LeaderMute
            | Fault::LeaderDeaf => self.leader().await.unwrap_or(random),
            _ => random,
        };
        match fault {
            Fault::Combined | Fault::Membership => {
                unreachable!("split into two faults by the nemesis")
            }
            Fault::Kill | Fault::KillLeader => {
                self.servers[target].kill9();
                self.down.insert(target);
                format!("kill -9 {}", self.servers[target].name())
            }
            Fault::Pause | Fault::PauseLeader => {
                self.servers[target].signal("STOP").unwrap();
                self.paused.insert(target);
                format!("SIGSTOP {}", self.servers[target].name())
            }
            Fault::PartitionLeader | Fault::PartitionRandom => {
                let others: Vec<usize> = (0..SERVERS).filter(|&i| i != target).collect();
                self.lab.partition(&[target], &others).unwrap();
                format!("isolate {}", self.servers[target].name())
            }
            Fault::LeaderMute | Fault::LeaderDeaf => {
                let others: Vec<usize> = (0..SERVERS).filter(|&i| i != target).collect();
                if fault == Fault::LeaderMute {
                    self.lab.partition_one_way(&[target], &others).unwrap();
                    format!(
                        "mute {} (its packets to the others dropped)",
                        self.servers[target].name()
                    )
                } else {
                    self.lab.partition_one_way(&others, &[target]).unwrap();
                    format!(
                        "deafen {} (the others' packets to it dropped)",
                        self.servers[target].name()
                    )
                }
            }
        }
    }

    /// Hands leadership over, or replaces a server (see
    /// [`Fault::Membership`]). Only a server that joins another by address
    /// is replaced (the first one has nobody to join when it comes back),
    /// and only while every server votes, so that no round starts from a
    /// configuration the last one left short.
    async fn change_membership(&mut self, rng: &mut StdRng, stale: &Mutex<StaleLog>) -> String {
        // Right after a heal the cluster may still be electing.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut leader = self.leader().await;
        while leader.is_none() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
            leader = self.leader().await;
        }
        let voters = match leader {
            Some(l) => get_json::<Vec<String>>(&self.servers[l], "/v1/status/peers")
                .await
                .map_or(0, |p| p.len()),
            None => 0,
        };
        if voters == SERVERS && rng.random_bool(0.5) {
            let i = rng.random_range(1..SERVERS);
            let name = self.servers[i].name().to_string();
            let left = http()
                .put(format!("{}/v1/agent/leave", self.servers[i].http_base()))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            let exited = tokio::task::block_in_place(|| {
                self.servers[i].wait_exit(Duration::from_secs(20)).is_ok()
            });
            if !exited {
                self.servers[i].kill9();
            }
            *stale.lock().unwrap().generations.entry(i).or_insert(0) += 1;
            let data_dir = self.servers[i].data_dir.clone();
            if let Ok(entries) = std::fs::read_dir(&data_dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    let _ = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else {
                        std::fs::remove_file(&path)
                    };
                }
            }
            // Restarted, empty, by `heal`.
            self.down.insert(i);
            return format!(
                "replace {name} (leave {}, exit {})",
                if left { "acknowledged" } else { "failed" },
                if exited { "clean" } else { "forced" }
            );
        }
        let Some(l) = self.leader().await else {
            return "no leader to hand over from".to_string();
        };
        let answer = http()
            .post(format!(
                "{}/v1/operator/raft/transfer-leader",
                self.servers[l].http_base()
            ))
            .send()
            .await;
        format!(
            "transfer leadership from {} ({})",
            self.servers[l].name(),
            match answer {
                Ok(r) => r.status().to_string(),
                Err(e) => e.to_string(),
            }
        )
    }

    fn heal(&mut self) {
        for i in std::mem::take(&mut self.down) {
            self.servers[i].restart().unwrap();
        }
        for i in std::mem::take(&mut self.paused) {
            self.servers[i].signal("CONT").unwrap();
        }
        let _ = self.lab.heal();
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap()
}

async fn get_json<T: serde::de::DeserializeOwned>(agent: &Agent, path: &str) -> Option<T> {
    let r = http()
        .get(format!("{}{path}", agent.http_base()))
        .send()
        .await
        .ok()?;
    if !r.status().is_success() {
        return None;
    }
    r.json().await.ok()
}

/// What came of one request.
enum Outcome<T> {
    Ok(T),
    /// Certainly did not happen ("No cluster leader": nothing was proposed).
    Failed,
    /// May or may not have happened.
    Unknown,
}

impl<T> Outcome<T> {
    fn map<U>(&self, f: impl FnOnce(&T) -> U) -> Outcome<U> {
        match self {
            Outcome::Ok(t) => Outcome::Ok(f(t)),
            Outcome::Failed => Outcome::Failed,
            Outcome::Unknown => Outcome::Unknown,
        }
    }
}

async fn put(base: &str, key: &str, query: &str, value: u64) -> Outcome<bool> {
    let url = format!("{base}/v1/kv/{key}{query}");
    write(http().put(url).body(value.to_string())).await
}

/// Sends a write and sorts out what its answer says about it.
async fn write(request: reqwest::RequestBuilder) -> Outcome<bool> {
    match request.send().await {
        // The connection was refused: the request never left.
        Err(e) if e.is_connect() => Outcome::Failed,
        Ok(r) => {
            let status = r.status().as_u16();
            let body = r.text().await.unwrap_or_default();
            match (status, body.trim()) {
                (200, "true") => Outcome::Ok(true),
                (200, "false") => Outcome::Ok(false),
                (500, b) if b.starts_with("No cluster leader") => Outcome::Failed,
                _ => Outcome::Unknown,
            }
        }
        Err(_) => Outcome::Unknown,
    }
}

/// The query of a register read, and whether the read goes into the
/// linearizability history. By default each read picks one of the three
/// modes at random: `?consistent` (Raft ReadIndex) and the default mode (the
/// leader's lease) are linearizable and checked together in one history;
/// `?stale` reads are checked apart (see [`check_stale_reads`]). A mode named
/// in `ROSTER_JEPSEN_READS` (`consistent`, `default`, `stale`) is used alone
/// and checked for linearizability; `stale` reads are not linearizable, and
/// running with them shows the checker catching real anomalies from this
/// cluster.
fn read_query(rng: &mut StdRng) -> (&'static str, bool) {
    match std::env::var("ROSTER_JEPSEN_READS").as_deref() {
        Ok("consistent") => ("?consistent", true),
        Ok("default") => ("", true),
        Ok("stale") => ("?stale", true),
        Ok(other) => panic!("ROSTER_JEPSEN_READS={other}: not consistent, default or stale"),
        Err(_) => match rng.random_range(0..3) {
            0 => ("?consistent", true),
            1 => ("", true),
            _ => ("?stale", false),
        },
    }
}

/// A stale read, checked apart from the linearizable history.
#[derive(Debug)]
struct StaleRead {
    client: usize,
    /// Which server answered, and which incarnation of it (a replaced
    /// server starts empty: it may go back).
    server: (usize, u64),
    key: String,
    /// (value, ModifyIndex); `None` if the key was absent.
    read: Option<(u64, u64)>,
}

/// Stale reads, in each client's order, and the values of writes that
/// certainly did not happen.
#[derive(Default)]
struct StaleLog {
    reads: Vec<StaleRead>,
    failed_writes: BTreeSet<u64>,
    /// Each server's incarnation: bumped when its data dir is wiped.
    generations: BTreeMap<usize, u64>,
}

/// Checks what a stale read may not do: return a value nobody wrote (or a
/// write that certainly failed), or go back in time: a client reading a key
/// from one server never gets an older version (ModifyIndex) than it got
/// from that server before (servers are killed, paused and cut off, never
/// lose what they applied).
fn check_stale_reads(
    log: &StaleLog,
    history: &BTreeMap<String, Vec<Operation<RegisterOp, RegisterResult>>>,
) -> Vec<String> {
    let mut attempted = BTreeSet::new();
    for ops in history.values() {
        for op in ops {
            match op.input {
                RegisterOp::Write(v) | RegisterOp::Cas { to: v, .. } => {
                    attempted.insert(v);
                }
                RegisterOp::Read | RegisterOp::Delete => {}
            }
        }
    }
    let mut problems = Vec::new();
    let mut last: HashMap<(usize, (usize, u64), &str), u64> = HashMap::new();
    for r in &log.reads {
        let Some((value, index)) = r.read else {
            continue;
        };
        if log.failed_writes.contains(&value) {
            problems.push(format!("{r:?}: read a write that certainly failed"));
        } else if !attempted.contains(&value) {
            problems.push(format!("{r:?}: read a value nobody wrote"));
        }
        let seen = last
            .entry((r.client, r.server, r.key.as_str()))
            .or_insert(0);
        if index < *seen {
            problems.push(format!(
                "{r:?}: went back from ModifyIndex {seen} on the same server"
            ));
        }
        *seen = index.max(*seen);
    }
    problems
}

/// A read with `query`: (value, ModifyIndex), `None` if absent.
async fn read(base: &str, key: &str, query: &str) -> Option<Option<(u64, u64)>> {
    let (_, entries) = read_entries(base, key, query).await?;
    Some(entries.get(key).copied())
}

/// A read of `path` (a key or, with `?recurse`, a prefix): the
/// `X-Consul-Index` and each key's (value, ModifyIndex); `None` without an
/// answer.
async fn read_entries(
    base: &str,
    path: &str,
    query: &str,
) -> Option<(u64, BTreeMap<String, (u64, u64)>)> {
    let r = http()
        .get(format!("{base}/v1/kv/{path}{query}"))
        .send()
        .await
        .ok()?;
    let index = r
        .headers()
        .get("x-consul-index")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(0);
    match r.status().as_u16() {
        404 => Some((index, BTreeMap::new())),
        200 => {
            let entries: Vec<serde_json::Value> = r.json().await.ok()?;
            let mut out = BTreeMap::new();
            for entry in &entries {
                let raw = base64::engine::general_purpose::STANDARD
                    .decode(entry["Value"].as_str()?)
                    .ok()?;
                let value = String::from_utf8(raw).ok()?.parse().ok()?;
                out.insert(
                    entry["Key"].as_str()?.to_string(),
                    (value, entry["ModifyIndex"].as_u64()?),
                );
            }
            Some((index, out))
        }
        _ => None,
    }
}

async fn delete(base: &str, path: &str) -> Outcome<bool> {
    write(http().delete(format!("{base}/v1/kv/{path}"))).await
}

fn all_keys() -> Vec<String> {
    (0..KEYS).map(|k| format!("reg/{k}")).collect()
}

type History = Arc<Mutex<BTreeMap<String, Vec<Operation<RegisterOp, RegisterResult>>>>>;

#[derive(Default)]
struct Counts {
    ok: AtomicU64,
    /// Writes that certainly did not happen.
    failed: AtomicU64,
    /// Reads that got no answer (left out of the history).
    unanswered: AtomicU64,
    unknown: AtomicU64,
}

/// What a blocking read may not do (see the module documentation).
#[derive(Default)]
struct BlockingLog {
    reads: u64,
    problems: Vec<String>,
}

/// A read of `key` that found `v` ((value, ModifyIndex), or absent), as
/// the history records it.
fn read_op(key: String, v: Option<(u64, u64)>) -> (String, RegisterOp, Outcome<RegisterResult>) {
    (
        key,
        RegisterOp::Read,
        Outcome::Ok(RegisterResult::Read(v.map(|(value, _)| value))),
    )
}

#[allow(clippy::too_many_arguments)]
async fn register_client(
    id: usize,
    bases: Vec<String>,
    start: Instant,
    stop: Arc<AtomicBool>,
    history: History,
    stale: Arc<Mutex<StaleLog>>,
    blocking: Arc<Mutex<BlockingLog>>,
    counts: Arc<Counts>,
    seed: u64,
) {
    let mut rng = StdRng::seed_from_u64(seed);
    let now = |start: Instant| start.elapsed().as_micros() as u64;
    // The version each key was last seen at: (value, ModifyIndex).
    let mut seen: HashMap<String, Option<(u64, u64)>> = HashMap::new();
    // The X-Consul-Index each key was last read at, for blocking reads.
    let mut seen_index: HashMap<String, u64> = HashMap::new();
    let mut next_value = (id as u64 + 1) * 1_000_000_000;
    while !stop.load(Ordering::Relaxed) {
        let key = format!("reg/{}", rng.random_range(0..KEYS));
        let server = rng.random_range(0..bases.len());
        let base = bases[server].clone();
        let call = now(start);
        let roll = rng.random_range(0..40);
        // What the operation did, per key it touched.
        let mut done: Vec<(String, RegisterOp, Outcome<RegisterResult>)> = Vec::new();
        if roll < 12 {
            let (query, linearizable) = read_query(&mut rng);
            let result = read(&base, &key, query).await;
            if !linearizable {
                if let Some(read) = result {
                    // The incarnation as of the answer: one from a server
                    // that was then replaced arrived before it stopped.
                    let mut log = stale.lock().unwrap();
                    let generation = log.generations.get(&server).copied().unwrap_or(0);
                    log.reads.push(StaleRead {
                        client: id,
                        server: (server, generation),
                        key,
                        read,
                    });
                }
                continue;
            }
            let Some(v) = result else {
                // A read without an answer constrains nothing: leave it out.
                counts.unanswered.fetch_add(1, Ordering::Relaxed);
                continue;
            };
            seen.insert(key.clone(), v);
            done.push(read_op(key, v));
        } else if roll < 16 {
            // A recursive read: each key's part is a read of that key.
            let query = if rng.random_bool(0.5) {
                "?recurse&consistent"
            } else {
                "?recurse"
            };
            let Some((_, entries)) = read_entries(&base, "reg/", query).await else {
                counts.unanswered.fetch_add(1, Ordering::Relaxed);
                continue;
            };
            for k in all_keys() {
                let v = entries.get(&k).copied();
                seen.insert(k.clone(), v);
                done.push(read_op(k, v));
            }
        } else if roll < 19 {
            // A blocking read from the index last seen (short wait).
            let asked = seen_index.get(&key).copied().unwrap_or(0);
            let query = format!("?index={asked}&wait=1s");
            let Some((index, entries)) = read_entries(&base, &key, &query).await else {
                counts.unanswered.fetch_add(1, Ordering::Relaxed);
                continue;
            };
            let v = entries.get(&key).copied();
            {
                let mut log = blocking.lock().unwrap();
                log.reads += 1;
                if index < asked {
                    log.problems.push(format!(
                        "{key} on server {server}: index {index} below the {asked} asked for"
                    ));
                }
                if let Some((_, modify)) = v
                    && modify > index
                {
                    log.problems.push(format!(
                        "{key} on server {server}: ModifyIndex {modify} above the index {index}"
                    ));
                }
            }
            seen_index.insert(key.clone(), index);
            seen.insert(key.clone(), v);
            done.push(read_op(key, v));
        } else if roll < 31 {
            next_value += 1;
            let outcome = put(&base, &key, "", next_value)
                .await
                .map(|_| RegisterResult::Written);
            done.push((key, RegisterOp::Write(next_value), outcome));
        } else if roll < 38 {
            next_value += 1;
            // CAS on the ModifyIndex last seen; values are unique per write,
            // so that version is "the value was `from`".
            let (from, index) = match seen.get(&key).copied().flatten() {
                Some((value, index)) => (Some(value), index),
                None => (None, 0),
            };
            let query = format!("?cas={index}");
            let outcome = put(&base, &key, &query, next_value)
                .await
                .map(|applied| RegisterResult::Cas(*applied));
            done.push((
                key,
                RegisterOp::Cas {
                    from,
                    to: next_value,
                },
                outcome,
            ));
        } else if roll < 39 {
            let outcome = delete(&base, &key).await.map(|_| RegisterResult::Written);
            done.push((key, RegisterOp::Delete, outcome));
        } else {
            // Delete the whole prefix: a delete of every key, at once.
            let outcome = delete(&base, "reg/?recurse").await;
            for k in all_keys() {
                done.push((
                    k,
                    RegisterOp::Delete,
                    outcome.map(|_| RegisterResult::Written),
                ));
            }
        }
        let ret = now(start);
        let mut history = history.lock().unwrap();
        for (key, input, outcome) in done {
            let op = match outcome {
                Outcome::Ok(result) => {
                    counts.ok.fetch_add(1, Ordering::Relaxed);
                    Operation {
                        client: id,
                        call,
                        ret: Some(ret),
                        input,
                        output: Some(result),
                    }
                }
                Outcome::Failed => {
                    counts.failed.fetch_add(1, Ordering::Relaxed);
                    if let RegisterOp::Write(v) | RegisterOp::Cas { to: v, .. } = input {
                        stale.lock().unwrap().failed_writes.insert(v);
                    }
                    continue;
                }
                Outcome::Unknown => {
                    counts.unknown.fetch_add(1, Ordering::Relaxed);
                    Operation {
                        client: id,
                        call,
                        ret: None,
                        input,
                        output: None,
                    }
                }
            };
            history.entry(key).or_default().push(op);
        }
    }
}

#[derive(Default)]
struct SetLog {
    acked: BTreeSet<u64>,
    failed: BTreeSet<u64>,
    unknown: BTreeSet<u64>,
}

async fn set_client(bases: Vec<String>, stop: Arc<AtomicBool>, log: Arc<Mutex<SetLog>>, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let base = bases.choose(&mut rng).unwrap().clone();
        let outcome = put(&base, &format!("set/{n:08}"), "", n).await;
        let mut log = log.lock().unwrap();
        match outcome {
            Outcome::Ok(true) => log.acked.insert(n),
            Outcome::Failed => log.failed.insert(n),
            _ => log.unknown.insert(n),
        };
    }
}

async fn final_set(cluster: &Cluster) -> BTreeSet<u64> {
    let found: Mutex<Option<Vec<String>>> = Mutex::new(None);
    wait_for(RECOVERY, "a final consistent read of the set", || async {
        for s in &cluster.servers {
            let url = format!("{}/v1/kv/set/?keys&consistent", s.http_base());
            let Ok(r) = http().get(url).send().await else {
                continue;
            };
            let keys = match r.status().as_u16() {
                404 => Vec::new(),
                200 => match r.json::<Vec<String>>().await {
                    Ok(keys) => keys,
                    Err(_) => continue,
                },
                _ => continue,
            };
            *found.lock().unwrap() = Some(keys);
            return true;
        }
        false
    })
    .await
    .unwrap();
    let keys = found.into_inner().unwrap().unwrap_or_default();
    keys.iter()
        .filter_map(|k| k.strip_prefix("set/")?.parse().ok())
        .collect()
}

async fn jepsen(fault: Fault) {
    let Some(mut cluster) = Cluster::start().await else {
        return;
    };
    let seed: u64 = rand::random();
    eprintln!("jepsen {fault:?}: seed {seed}, {} s", run_for().as_secs());
    let mut rng = StdRng::seed_from_u64(seed);
    let bases: Vec<String> = cluster.servers.iter().map(Agent::http_base).collect();
    let start = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let history: History = Arc::default();
    let stale: Arc<Mutex<StaleLog>> = Arc::default();
    let counts = Arc::new(Counts::default());
    let set_log = Arc::new(Mutex::new(SetLog::default()));
    let blocking: Arc<Mutex<BlockingLog>> = Arc::default();
    let mut clients = Vec::new();
    for id in 0..CLIENTS {
        clients.push(tokio::spawn(register_client(
            id,
            bases.clone(),
            start,
            Arc::clone(&stop),
            Arc::clone(&history),
            Arc::clone(&stale),
            Arc::clone(&blocking),
            Arc::clone(&counts),
            seed.wrapping_add(id as u64 + 1),
        )));
    }
    clients.push(tokio::spawn(set_client(
        bases.clone(),
        Arc::clone(&stop),
        Arc::clone(&set_log),
        seed.wrapping_add(100),
    )));
    let lock_log: Arc<Mutex<lock::LockLog>> = Arc::default();
    for id in 0..LOCK_CLIENTS {
        clients.push(tokio::spawn(lock::client(
            id,
            bases.clone(),
            Arc::clone(&stop),
            Arc::clone(&lock_log),
            seed.wrapping_add(200 + id as u64),
        )));
    }
    let txn_log: Arc<Mutex<txn::TxnLog>> = Arc::default();
    clients.push(tokio::spawn(txn::writer(
        bases.clone(),
        Arc::clone(&stop),
        Arc::clone(&txn_log),
        seed.wrapping_add(400),
    )));
    clients.push(tokio::spawn(txn::reader(
        bases.clone(),
        Arc::clone(&stop),
        Arc::clone(&txn_log),
        seed.wrapping_add(401),
    )));
    clients.push(tokio::spawn(lock::observer(
        bases.clone(),
        Arc::clone(&stop),
        Arc::clone(&lock_log),
        seed.wrapping_add(300),
    )));

    // The nemesis: fault for 2-5 s, healed for 2-4 s, until the time is up.
    let mut faults = Vec::new();
    while start.elapsed() < run_for() {
        tokio::time::sleep(Duration::from_millis(rng.random_range(2000..4000))).await;
        let what = if fault == Fault::Membership {
            let change = cluster.change_membership(&mut rng, &stale).await;
            if rng.random_bool(0.5) {
                let network = *NETWORK_FAULTS.choose(&mut rng).expect("not empty");
                let fault = cluster.inject(network, &mut rng).await;
                format!("{change} + {fault}")
            } else {
                change
            }
        } else if fault == Fault::Combined {
            let process = *[
                Fault::Kill,
                Fault::KillLeader,
                Fault::Pause,
                Fault::PauseLeader,
            ]
            .choose(&mut rng)
            .expect("not empty");
            let network = *NETWORK_FAULTS.choose(&mut rng).expect("not empty");
            // The network fault first: it finds the leader before the
            // process fault may take it away.
            let second = cluster.inject(network, &mut rng).await;
            let first = cluster.inject(process, &mut rng).await;
            format!("{second} + {first}")
        } else {
            cluster.inject(fault, &mut rng).await
        };
        let at = start.elapsed().as_secs_f64();
        tokio::time::sleep(Duration::from_millis(rng.random_range(2000..5000))).await;
        // What each reachable server believes just before healing, to show
        // the fault took effect.
        let mut views = Vec::new();
        for (i, s) in cluster.servers.iter().enumerate() {
            if cluster.down.contains(&i) || cluster.paused.contains(&i) {
                continue;
            }
            let leader = get_json::<String>(s, "/v1/status/leader").await;
            views.push(format!("{}→{}", s.name(), leader.as_deref().unwrap_or("?")));
        }
        faults.push(format!("{at:.1}s {what} [{}]", views.join(" ")));
        cluster.heal();
    }
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    cluster.heal();
    cluster.wait_healthy().await;
    let set = final_set(&cluster).await;
    let relocked = lock::final_acquire(&bases).await;

    let history = std::mem::take(&mut *history.lock().unwrap());
    let stale = std::mem::take(&mut *stale.lock().unwrap());
    let stale_problems = check_stale_reads(&stale, &history);
    eprintln!(
        "jepsen {fault:?}: stale reads {}, problems {}",
        stale.reads.len(),
        stale_problems.len()
    );
    assert!(
        stale_problems.is_empty(),
        "{fault:?}: stale reads broke their guarantees: {:#?}",
        &stale_problems[..stale_problems.len().min(20)]
    );
    let blocking = std::mem::take(&mut *blocking.lock().unwrap());
    eprintln!(
        "jepsen {fault:?}: blocking reads {}, problems {}",
        blocking.reads,
        blocking.problems.len()
    );
    assert!(
        blocking.problems.is_empty(),
        "{fault:?}: blocking reads broke their guarantees: {:#?}",
        &blocking.problems[..blocking.problems.len().min(20)]
    );
    eprintln!(
        "jepsen {fault:?}: faults {faults:?}; register ops ok {}, writes certainly failed {}, outcome unknown {}, reads unanswered {}",
        counts.ok.load(Ordering::Relaxed),
        counts.failed.load(Ordering::Relaxed),
        counts.unknown.load(Ordering::Relaxed),
        counts.unanswered.load(Ordering::Relaxed),
    );
    assert!(
        counts.ok.load(Ordering::Relaxed) > 50,
        "too few operations succeeded to mean anything"
    );
    for (key, ops) in &history {
        let verdict = linearizability::check_register(ops, 5_000_000);
        match verdict {
            Verdict::Linearizable => {}
            Verdict::NotLinearizable { longest } => {
                // The operations the search could not place next: the
                // earliest-called ones outside its deepest linearization.
                let placed: BTreeSet<usize> = longest.iter().copied().collect();
                let mut stuck: Vec<&Operation<_, _>> = (0..ops.len())
                    .filter(|i| !placed.contains(i))
                    .map(|i| &ops[i])
                    .collect();
                stuck.sort_by_key(|o| o.call);
                if let Some(last) = longest.last() {
                    eprintln!("{key}: last placed {:?}", ops[*last]);
                }
                for o in stuck.iter().take(20) {
                    eprintln!("{key}: not placeable {o:?}");
                }
                panic!(
                    "{fault:?}: the history of {key} ({} ops) is not linearizable; {} placed",
                    ops.len(),
                    longest.len()
                );
            }
            Verdict::Unknown => panic!(
                "{fault:?}: the checker gave up on {key} ({} ops)",
                ops.len()
            ),
        }
    }

    let locks = lock_log.lock().unwrap();
    let (lock_problems, stale_uses) = lock::check(&locks);
    eprintln!(
        "jepsen {fault:?}: lock: {}; stale uses (fenced by their token) {stale_uses}; taken again after the faults in {relocked:?}",
        lock::summary(&locks)
    );
    assert!(
        lock_problems.is_empty(),
        "{fault:?}: the lock broke its guarantees: {:#?}",
        &lock_problems[..lock_problems.len().min(20)]
    );
    assert!(
        // Combined faults can leave no quorum for most of a short run: one
        // confirmed hold (and the acquisition after the heal, below) is
        // what the run is sure to have.
        lock::confirmed_holds(&locks) >= 1,
        "{fault:?}: too few lock holds to mean anything: {}",
        lock::summary(&locks)
    );
    relocked.unwrap_or_else(|e| panic!("{fault:?}: {e}"));
    drop(locks);

    let txns = txn_log.lock().unwrap();
    let txn_problems = txn::check(&txns);
    eprintln!("jepsen {fault:?}: txn: {}", txn::summary(&txns));
    assert!(
        txn_problems.is_empty(),
        "{fault:?}: transactions were not atomic: {:#?}",
        &txn_problems[..txn_problems.len().min(20)]
    );
    assert!(
        txn::full_reads(&txns) > 10,
        "{fault:?}: too few transaction reads to mean anything: {}",
        txn::summary(&txns)
    );
    drop(txns);

    let log = set_log.lock().unwrap();
    let lost: Vec<&u64> = log.acked.difference(&set).collect();
    let ghosts: Vec<&u64> = set
        .iter()
        .filter(|n| !log.acked.contains(n) && !log.unknown.contains(n))
        .collect();
    eprintln!(
        "jepsen {fault:?}: set adds acknowledged {}, certainly failed {}, unknown {} (of which present {}); final set {}",
        log.acked.len(),
        log.failed.len(),
        log.unknown.len(),
        log.unknown.intersection(&set).count(),
        set.len()
    );
    assert!(
        lost.is_empty(),
        "{fault:?}: acknowledged adds lost: {lost:?}"
    );
    assert!(
        ghosts.is_empty(),
        "{fault:?}: adds that certainly failed (or were never made) are present: {ghosts:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_under_kill_and_restart() {
    jepsen(Fault::Kill).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_under_leader_kill() {
    jepsen(Fault::KillLeader).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_under_pauses() {
    jepsen(Fault::Pause).await;
}

/// A paused leader (a long GC pause, a stalled VM) resumes believing it
/// leads, while the others have elected a new leader that took writes; reads
/// sent to it meanwhile are answered the moment it resumes. This is the
/// fault a leader lease must survive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_under_leader_pauses() {
    jepsen(Fault::PauseLeader).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_when_the_leader_is_isolated() {
    jepsen(Fault::PartitionLeader).await;
}

/// One-way partitions around the leader: it can hear the others but not
/// reach them (they elect a new leader while it still believes it leads),
/// or reach them but not hear them (they keep following it; it gets no
/// acknowledgement, so its lease must run out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_when_the_leader_cannot_send() {
    jepsen(Fault::LeaderMute).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_when_the_leader_cannot_hear() {
    jepsen(Fault::LeaderDeaf).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_when_a_server_is_isolated() {
    jepsen(Fault::PartitionRandom).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_under_combined_faults() {
    jepsen(Fault::Combined).await;
}

/// Servers replaced (left, wiped, back as new members) and leadership
/// handed over, while the network fails around them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linearizable_through_membership_changes() {
    jepsen(Fault::Membership).await;
}

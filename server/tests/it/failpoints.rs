//! Crash points between durable steps (`server/src/failpoints.rs`): for each
//! one, a three-server cluster whose processes abort there (the `fail`
//! crate's `FAILPOINTS`) while it takes writes, a snapshot restore, and a
//! follower far enough behind to need a Raft snapshot. Crashed servers are
//! started again (without the failpoint). At the end every acknowledged
//! write is there, every server's state equals the leader's, and no server
//! reports an index lower than it did before.
//!
//! Needs the `failpoints` feature (the test command enables it); without
//! it these tests fail in CI (`CI=true`) and skip loudly elsewhere.

use std::collections::BTreeMap;
use std::time::Duration;

use roster_testkit::{Agent, wait_for};
use serde_json::Value;

use super::*;

const SERVERS: usize = 3;
/// A value large enough that a restore of the keys takes several pieces.
const VALUE_BYTES: usize = 8 * 1024;

struct Cluster {
    servers: Vec<Agent>,
    /// Every write acknowledged: key → value.
    acked: BTreeMap<String, String>,
    /// Per server, the highest X-Consul-Index it reported for the KV tree.
    seen_index: Vec<u64>,
    /// The server held down for the moment (killed, not to be revived
    /// yet), which writes avoid.
    stopped: Option<usize>,
    /// Where the next write starts trying.
    next: usize,
    _config: tempfile::TempDir,
}

fn value_for(key: &str) -> String {
    let mut v = format!("{key}:");
    while v.len() < VALUE_BYTES {
        v.push_str(key);
    }
    v.truncate(VALUE_BYTES);
    v
}

fn cli(agent: &Agent, args: &[&str]) -> (i32, String, String) {
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    roster_testkit::run_cli(roster_bin(), args, &[("CONSUL_HTTP_ADDR", addr.as_str())]).unwrap()
}

impl Cluster {
    async fn start(point: &str) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let config_flag = small_log_config(dir.path());
        // Points reached on every entry crash a server after some work (a
        // different amount on each); the others at their first use.
        let frequent = matches!(
            point,
            "raft::before_log_write"
                | "raft::after_log_write"
                | "raft::before_apply"
                | "raft::before_advance"
        );
        let names: Vec<String> = (0..SERVERS).map(|i| format!("fp{i}")).collect();
        let servers = Agent::start_joined_servers(roster_bin(), &names, &[&config_flag], |i| {
            let spec = if frequent {
                format!("{point}={}*off->return", 40 + 60 * i)
            } else {
                format!("{point}=return")
            };
            vec![("FAILPOINTS".to_string(), spec)]
        })
        .unwrap();
        Cluster {
            servers,
            acked: BTreeMap::new(),
            seen_index: vec![0; SERVERS],
            stopped: None,
            next: 0,
            _config: dir,
        }
    }

    /// Starts again (without the failpoint) every server that crashed.
    fn revive(&mut self) {
        for (i, s) in self.servers.iter_mut().enumerate() {
            if self.stopped != Some(i) && s.is_down() {
                s.clear_env();
                s.restart().unwrap();
            }
        }
    }

    /// Writes `key` until a server acknowledges it (reviving crashed ones
    /// between attempts).
    async fn write(&mut self, key: &str) {
        let value = value_for(key);
        let deadline = std::time::Instant::now() + START_TIMEOUT * 2;
        loop {
            self.revive();
            self.next += 1;
            if self.stopped == Some(self.next % SERVERS) {
                continue;
            }
            let s = &self.servers[self.next % SERVERS];
            let r = quick()
                .put(format!("{}/v1/kv/{key}", s.http_base()))
                .body(value.clone())
                .send()
                .await;
            if let Ok(r) = r
                && r.status().as_u16() == 200
                && r.text().await.unwrap_or_default().trim() == "true"
            {
                self.acked.insert(key.to_string(), value);
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no server took the write of {key}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Records the KV index each live server reports now.
    async fn note_indexes(&mut self) {
        for (i, s) in self.servers.iter().enumerate() {
            let Ok(r) = quick()
                .get(format!("{}/v1/kv/?recurse&stale", s.http_base()))
                .send()
                .await
            else {
                continue;
            };
            if let Some(index) = r
                .headers()
                .get("X-Consul-Index")
                .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            {
                self.seen_index[i] = self.seen_index[i].max(index);
            }
        }
    }

    async fn leader_index(&self) -> Option<usize> {
        for s in &self.servers {
            let Ok(r) = quick()
                .get(format!("{}/v1/status/leader", s.http_base()))
                .send()
                .await
            else {
                continue;
            };
            let leader: String = r.json().await.unwrap_or_default();
            if let Some(i) = self
                .servers
                .iter()
                .position(|t| format!("127.0.0.1:{}", t.ports.server) == leader)
            {
                return Some(i);
            }
        }
        None
    }

    /// Saves a snapshot and restores it, retrying through other servers
    /// while servers crash.
    async fn save_and_restore(&mut self, dir: &std::path::Path) {
        let file = dir.join("backup.snap");
        let file = file.to_str().unwrap();
        for attempt in 0..12 {
            self.revive();
            tokio::time::sleep(Duration::from_millis(300)).await;
            let s = &self.servers[attempt % SERVERS];
            let (code, _, _) = cli(s, &["snapshot", "save", file]);
            if code != 0 {
                continue;
            }
            let (code, _, _) = cli(s, &["snapshot", "restore", file]);
            if code == 0 {
                return;
            }
        }
        panic!("no server saved and restored a snapshot");
    }

    /// Revives every crashed server and waits until all agree on a leader
    /// and hold the leader's exact KV state, which has every acknowledged
    /// write.
    async fn settle(&mut self) {
        self.revive();
        let acked = self.acked.clone();
        let servers = &self.servers;
        let result = wait_for(
            START_TIMEOUT * 2,
            "every server to hold the same state",
            || {
                let acked = &acked;
                async move {
                    let mut states = Vec::new();
                    for s in servers {
                        let Ok(r) = quick()
                            .get(format!("{}/v1/kv/?recurse&stale", s.http_base()))
                            .send()
                            .await
                        else {
                            return false;
                        };
                        let Ok(entries) = r.json::<Vec<Value>>().await else {
                            return false;
                        };
                        states.push(entries);
                    }
                    let first = &states[0];
                    if states.iter().any(|s| s != first) {
                        return false;
                    }
                    let held: BTreeMap<&str, String> = first
                        .iter()
                        .map(|e| {
                            let raw = base64::Engine::decode(
                                &base64::engine::general_purpose::STANDARD,
                                e["Value"].as_str().unwrap_or_default(),
                            )
                            .unwrap_or_default();
                            (
                                e["Key"].as_str().unwrap_or_default(),
                                String::from_utf8(raw).unwrap_or_default(),
                            )
                        })
                        .collect();
                    acked.iter().all(|(k, v)| held.get(k.as_str()) == Some(v))
                }
            },
        )
        .await;
        if let Err(e) = result {
            for s in &self.servers {
                eprintln!("--- log of {} ---\n{}", s.name(), s.log());
            }
            panic!("{e}");
        }
    }
}

async fn survive_a_crash_at(point: &'static str) {
    if !cfg!(feature = "failpoints") {
        roster_testkit::netns::skip_or_fail(
            &format!("the failpoint test {point}"),
            "roster-server was built without the `failpoints` feature",
        );
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(point).await;
    // Writes, then a restore of them (several pieces).
    for i in 0..80 {
        cluster.write(&format!("a/{i:03}")).await;
    }
    cluster.note_indexes().await;
    cluster.save_and_restore(scratch.path()).await;
    cluster.note_indexes().await;
    // A follower is down while the log moves far past what is kept: it is
    // caught up by a Raft snapshot when it comes back (with its failpoint,
    // so that it may crash receiving or installing it). Killed rather than
    // paused: a paused one finds the appends queued for it on resuming.
    for _ in 0..50 {
        cluster.revive();
        if let Some(leader) = cluster.leader_index().await {
            let follower = (leader + 1) % SERVERS;
            cluster.servers[follower].kill9();
            cluster.stopped = Some(follower);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for i in 0..120 {
        cluster.write(&format!("b/{i:03}")).await;
    }
    if let Some(f) = cluster.stopped.take() {
        cluster.servers[f].restart().unwrap();
    }
    for i in 0..40 {
        cluster.write(&format!("c/{i:03}")).await;
    }
    cluster.note_indexes().await;
    cluster.settle().await;

    // The crash happened (else this test proved nothing), and nothing
    // went backwards.
    let crashed = cluster
        .servers
        .iter()
        .filter(|s| {
            s.log()
                .contains(&format!("failpoint {point}: crashing here"))
        })
        .count();
    assert!(crashed > 0, "no server reached the crash point {point}");
    let before = cluster.seen_index.clone();
    cluster.seen_index = vec![0; SERVERS];
    cluster.note_indexes().await;
    for (i, (b, a)) in before.iter().zip(&cluster.seen_index).enumerate() {
        assert!(a >= b, "server {i} went back from index {b} to {a}");
    }
    eprintln!(
        "crash point {point}: {crashed} server(s) crashed there; {} writes acknowledged and kept",
        cluster.acked.len()
    );
}

macro_rules! crash_tests {
    ($($name:ident => $point:literal,)*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                survive_a_crash_at($point).await;
            }
        )*

        /// Every crash point the server defines has its test.
        #[test]
        fn every_crash_point_is_tested() {
            let tested = [$($point),*];
            for point in roster_server::failpoints::ALL {
                assert!(tested.contains(point), "{point} has no test");
            }
            assert_eq!(tested.len(), roster_server::failpoints::ALL.len());
        }
    };
}

crash_tests! {
    crash_before_the_log_write => "raft::before_log_write",
    crash_after_the_log_write => "raft::after_log_write",
    crash_before_apply => "raft::before_apply",
    crash_before_advance => "raft::before_advance",
    crash_applying_a_configuration_change => "raft::conf_change",
    crash_right_after_bootstrap => "raft::bootstrap",
    crash_building_a_snapshot => "snapshot::build",
    crash_sending_a_snapshot => "snapshot::send",
    crash_receiving_a_snapshot => "snapshot::receive",
    crash_before_ingesting_a_snapshot => "snapshot::install_before_ingest",
    crash_before_recording_an_installed_snapshot => "snapshot::install_before_raft_state",
    crash_staging_a_restore => "restore::stage",
    crash_finishing_a_restore => "restore::finish",
    crash_after_ingesting_a_restore => "restore::ingested",
}

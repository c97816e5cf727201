//! Power loss, not only kill -9: every server's data dir is on
//! `testkit::lazyfs`, which forgets whatever was written but not synced
//! when the power is cut. Under a steady stream of writes (through every
//! server, with a log small enough that snapshots are built and installed
//! all along), the power of all three servers, or of one, is cut at random
//! moments (one server alone is cut again while it is being caught up by a
//! snapshot); the filesystems are remounted and the servers restarted. Then
//! every acknowledged write must be there and every server's state must
//! equal the others'.

use std::{
    collections::BTreeMap,
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

use rand::Rng;
use roster_testkit::{
    Agent,
    lazyfs::{self, LazyFs, Mounted},
};

use super::*;

const SERVERS: usize = 3;
const CYCLES: usize = 6;

/// One server's filesystem: the backing dir and the mount over it.
struct Disk {
    backing: tempfile::TempDir,
    mountpoint: PathBuf,
    mounted: Option<Mounted>,
}

impl Disk {
    fn mount(&mut self) {
        self.mounted = Some(LazyFs::mount(self.backing.path(), &self.mountpoint).unwrap());
    }

    /// The power goes: what was not synced is lost. Returns the bytes lost.
    fn cut(&mut self) -> u64 {
        let mounted = self.mounted.take().expect("mounted");
        let lost = mounted.cut();
        mounted.unmount();
        lost
    }
}

/// `GET /v1/kv/?recurse&stale` of one server: (X-Consul-Index, body).
async fn dump(agent: &Agent) -> Option<(u64, String)> {
    let r = quick()
        .get(format!("{}/v1/kv/?recurse&stale", agent.http_base()))
        .send()
        .await
        .ok()?;
    if r.status() != 200 {
        return None;
    }
    let index = consul_index(r.headers());
    Some((index, r.text().await.ok()?))
}

/// Waits until every server answers the same dump (index and body);
/// panics with each one's (index, bytes) if they still differ after the
/// start timeout.
async fn wait_same_state(servers: &[Agent], when: &str) {
    let deadline = std::time::Instant::now() + START_TIMEOUT;
    loop {
        let mut dumps = Vec::new();
        for s in servers {
            dumps.push(dump(s).await);
        }
        if dumps.iter().all(Option::is_some) && dumps.windows(2).all(|w| w[0] == w[1]) {
            return;
        }
        if std::time::Instant::now() > deadline {
            let summary: Vec<Option<(u64, usize)>> = dumps
                .iter()
                .map(|d| d.as_ref().map(|(i, b)| (*i, b.len())))
                .collect();
            panic!("{when}: the servers' states differ: (index, bytes) per server: {summary:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Three servers named `{prefix}0..2`, each with its data dir on its own
/// lazyfs; `None` (after a loud skip, or a failure in CI) without FUSE.
async fn start_on_lazyfs(prefix: &str, config_flag: &str) -> Option<(Vec<Agent>, Vec<Disk>)> {
    if let Some(why) = lazyfs::unavailable() {
        roster_testkit::netns::skip_or_fail("powerloss", &why);
        return None;
    }
    let names: Vec<String> = (0..SERVERS).map(|i| format!("{prefix}{i}")).collect();
    let mut disks: Vec<Disk> = Vec::new();
    let servers = Agent::start_joined_servers_on(
        roster_bin(),
        &names,
        &[config_flag],
        |_| Vec::new(),
        |_, data_dir| {
            std::fs::create_dir_all(data_dir)?;
            let mut disk = Disk {
                backing: tempfile::tempdir()?,
                mountpoint: data_dir.to_path_buf(),
                mounted: None,
            };
            disk.mount();
            disks.push(disk);
            Ok(())
        },
    )
    .unwrap();
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    Some((servers, disks))
}

/// Cuts the power of every server at once, remounts and restarts them;
/// returns the unsynced bytes lost.
fn cut_all(servers: &mut [Agent], disks: &mut [Disk]) -> u64 {
    for s in servers.iter_mut() {
        s.kill9();
    }
    let mut lost = 0;
    for d in disks.iter_mut() {
        lost += d.cut();
        d.mount();
    }
    for s in servers.iter_mut() {
        s.restart().unwrap();
    }
    lost
}

#[tokio::test]
async fn acknowledged_writes_survive_power_cuts() {
    let dir = tempfile::tempdir().unwrap();
    let config_flag = small_log_config(dir.path());
    let Some((mut servers, mut disks)) = start_on_lazyfs("pl", &config_flag).await else {
        return;
    };

    // Writers: each key written once, through a random server; a write
    // counts once a server said `true`.
    let acked: Arc<Mutex<BTreeMap<String, String>>> = Arc::default();
    let bases: Vec<String> = servers.iter().map(|s| s.http_base()).collect();
    let stop = tokio_util::sync::CancellationToken::new();
    let mut writers = Vec::new();
    for w in 0..4 {
        let (acked, bases, stop) = (Arc::clone(&acked), bases.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let client = quick();
            let mut n = 0u64;
            while !stop.is_cancelled() {
                n += 1;
                let key = format!("w{w}/{n:06}");
                let value = format!("{key}-{}", "v".repeat(200));
                let base = &bases[rand::rng().random_range(0..bases.len())];
                let r = client
                    .put(format!("{base}/v1/kv/{key}"))
                    .body(value.clone())
                    .send()
                    .await;
                let ok = match r {
                    Ok(r) if r.status() == 200 => r.text().await.unwrap_or_default() == "true",
                    _ => false,
                };
                if ok {
                    acked.lock().unwrap().insert(key, value);
                } else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }));
    }

    let mut lost_bytes = 0;
    let mut cuts = 0;
    for cycle in 0..CYCLES {
        let pause = rand::rng().random_range(800..2500);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        let victims: Vec<usize> = if cycle % 2 == 0 {
            (0..SERVERS).collect()
        } else {
            vec![rand::rng().random_range(0..SERVERS)]
        };
        for &i in &victims {
            servers[i].kill9();
        }
        for &i in &victims {
            lost_bytes += disks[i].cut();
            disks[i].mount();
        }
        cuts += 1;
        // A server cut alone comes back after the others moved on (and
        // compacted their logs): it is caught up by a snapshot.
        if victims.len() == 1 {
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        for &i in &victims {
            servers[i].restart().unwrap();
        }
        // And cut it again 0.1-1.2 s after it restarted, while it is being
        // caught up (receiving or installing the snapshot, or appending
        // what followed it).
        if let [i] = victims[..] {
            let during = rand::rng().random_range(100..1200);
            tokio::time::sleep(Duration::from_millis(during)).await;
            servers[i].kill9();
            lost_bytes += disks[i].cut();
            disks[i].mount();
            servers[i].restart().unwrap();
            cuts += 1;
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.cancel();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() > 50,
        "too few writes acknowledged: {}",
        acked.len()
    );
    assert!(
        lost_bytes > 0,
        "no cut lost any unsynced data: the test tested nothing"
    );
    eprintln!(
        "{} writes acknowledged; {lost_bytes} unsynced bytes lost in {cuts} power cuts",
        acked.len()
    );

    // Every acknowledged write, read with a quorum.
    for (key, value) in &acked {
        let mut found = None;
        for _ in 0..100 {
            let s = &servers[rand::rng().random_range(0..SERVERS)];
            let r = quick()
                .get(format!("{}/v1/kv/{key}?raw&consistent", s.http_base()))
                .send()
                .await;
            if let Ok(r) = r
                && (r.status() == 200 || r.status() == 404)
            {
                found = Some((r.status().as_u16(), r.text().await.unwrap_or_default()));
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let (code, body) = found.unwrap_or_else(|| panic!("cannot read {key}"));
        assert_eq!(code, 200, "acknowledged write {key} was lost");
        assert_eq!(&body, value, "acknowledged write {key} has another value");
    }

    wait_same_state(&servers, "at the end").await;
    drop(servers);
    drop(disks);
}

/// The keys under `prefix`, read with a quorum through any server that
/// answers; `None` if none does within the start timeout.
async fn keys_under(servers: &[Agent], prefix: &str) -> Option<Vec<String>> {
    let deadline = std::time::Instant::now() + START_TIMEOUT;
    while std::time::Instant::now() < deadline {
        for s in servers {
            let r = quick()
                .get(format!("{}/v1/kv/{prefix}?keys&consistent", s.http_base()))
                .send()
                .await;
            match r {
                Ok(r) if r.status() == 200 => return r.json().await.ok(),
                Ok(r) if r.status() == 404 => return Some(Vec::new()),
                _ => {}
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

/// Writes `count` keys `{prefix}{n}` of `size` bytes, 8 at a time; panics
/// unless every one is acknowledged.
async fn write_keys(agent: &Agent, prefix: &str, count: usize, size: usize) {
    let base = agent.http_base();
    let value = "r".repeat(size);
    for chunk in (0..count).collect::<Vec<_>>().chunks(8) {
        let mut puts = tokio::task::JoinSet::new();
        for n in chunk {
            let (url, value) = (format!("{base}/v1/kv/{prefix}{n:05}"), value.clone());
            puts.spawn(async move {
                for _ in 0..50 {
                    if let Ok(r) = quick().put(&url).body(value.clone()).send().await
                        && r.status() == 200
                    {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                panic!("cannot write {url}");
            });
        }
        while let Some(done) = puts.join_next().await {
            done.unwrap();
        }
    }
}

/// A restore is a run of Raft entries (pieces staged, then the last one
/// ingested as SST files) that every server applies. Cut the power of all
/// three servers at a random moment of one, several times: each time the
/// cluster comes back with either the old state or the restored one, never
/// a mix, every server with the same; and a restore that was acknowledged
/// is never undone.
#[tokio::test]
async fn a_power_cut_during_a_restore_leaves_the_old_state_or_the_new() {
    let dir = tempfile::tempdir().unwrap();
    let config_flag = small_log_config(dir.path());
    let Some((mut servers, mut disks)) = start_on_lazyfs("pr", &config_flag).await else {
        return;
    };
    // The archive: 3,000 keys of 1 KiB (several restore pieces).
    const OLD: usize = 3000;
    write_keys(&servers[0], "old/", OLD, 1024).await;
    let archive = quick()
        .get(format!("{}/v1/snapshot", servers[0].http_base()))
        .timeout(Duration::from_secs(60))
        .send()
        .await
        .unwrap();
    assert_eq!(archive.status(), 200);
    let archive = archive.bytes().await.unwrap();

    // How long one restore takes here, to cut within it.
    write_keys(&servers[0], "new/", 50, 100).await;
    let started = std::time::Instant::now();
    let r = reqwest::Client::new()
        .put(format!("{}/v1/snapshot", servers[1].http_base()))
        .body(archive.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let took = started.elapsed().as_millis() as u64;
    assert_eq!(keys_under(&servers, "new/").await, Some(Vec::new()));

    let mut outcomes = Vec::new();
    let mut lost = 0;
    for cycle in 0..6 {
        write_keys(&servers[cycle % SERVERS], "new/", 50, 100).await;
        let through = servers[(cycle + 1) % SERVERS].http_base();
        let body = archive.clone();
        let restore = tokio::spawn(async move {
            reqwest::Client::new()
                .put(format!("{through}/v1/snapshot"))
                .body(body)
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
        });
        let cut_at = rand::rng().random_range(0..=took + took / 2);
        tokio::time::sleep(Duration::from_millis(cut_at)).await;
        // Whether the restore was acknowledged before the power went.
        let acknowledged = restore.is_finished() && restore.await.unwrap();
        lost += cut_all(&mut servers, &mut disks);

        let old = keys_under(&servers, "old/").await.expect("a quorum read");
        assert_eq!(
            old.len(),
            OLD,
            "cycle {cycle}: the archive's keys are not all there"
        );
        let new = keys_under(&servers, "new/").await.expect("a quorum read");
        let restored = new.is_empty();
        assert!(
            restored || new.len() == 50,
            "cycle {cycle}: a mix of the old state and the restored one: {} of 50 later keys",
            new.len()
        );
        assert!(
            restored || !acknowledged,
            "cycle {cycle}: an acknowledged restore was undone by the power cut"
        );
        outcomes.push((cut_at, acknowledged, restored));
        wait_same_state(&servers, &format!("after cut {cycle}")).await;
    }
    eprintln!(
        "one restore took {took} ms; cuts (ms into a restore, acknowledged, restored): {outcomes:?}; {lost} unsynced bytes lost"
    );
    assert!(
        lost > 0,
        "no cut lost any unsynced data: the test tested nothing"
    );
    drop(servers);
    drop(disks);
}

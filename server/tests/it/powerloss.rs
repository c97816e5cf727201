//! Power loss, not only kill -9: every server's data dir is on
//! `testkit::lazyfs`, which forgets whatever was written but not synced
//! when the power is cut. Under a steady stream of writes (through every
//! server, with a log small enough that snapshots are built and installed
//! all along), the power of all three servers, or of one, is cut at random
//! moments; the filesystems are remounted and the servers restarted. Then
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

#[tokio::test]
async fn acknowledged_writes_survive_power_cuts() {
    if let Some(why) = lazyfs::unavailable() {
        roster_testkit::netns::skip_or_fail("powerloss", &why);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config_flag = small_log_config(dir.path());
    let names: Vec<String> = (0..SERVERS).map(|i| format!("pl{i}")).collect();
    let mut disks: Vec<Disk> = Vec::new();
    let mut servers = Agent::start_joined_servers_on(
        roster_bin(),
        &names,
        &[&config_flag],
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
        // A server cut alone comes back after the others moved on (and
        // compacted their logs): it is caught up by a snapshot.
        if victims.len() == 1 {
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        for &i in &victims {
            servers[i].restart().unwrap();
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
        "{} writes acknowledged; {lost_bytes} unsynced bytes lost in {CYCLES} power cuts",
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

    // Every server's state equals the others'.
    let deadline = std::time::Instant::now() + START_TIMEOUT;
    loop {
        let mut dumps = Vec::new();
        for s in &servers {
            dumps.push(dump(s).await);
        }
        if dumps.iter().all(Option::is_some) && dumps.windows(2).all(|w| w[0] == w[1]) {
            break;
        }
        if std::time::Instant::now() > deadline {
            let summary: Vec<Option<(u64, usize)>> = dumps
                .iter()
                .map(|d| d.as_ref().map(|(i, b)| (*i, b.len())))
                .collect();
            panic!("the servers' states differ: (index, bytes) per server: {summary:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop(servers);
    drop(disks);
}

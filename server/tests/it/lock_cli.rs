//! `roster lock`: a command runs while the lock (or a semaphore slot) is
//! held, never two at once for a lock and never more than N for a
//! semaphore; the lock is released afterwards; a lost lock stops the child;
//! exit codes, timeouts and signals as `consul lock`'s.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use roster_testkit::{Agent, wait_for};
use serde_json::json;

use super::{
    agent_services::{get_json, put},
    *,
};

/// `roster lock ARGS...` against `agent`, started (not waited for).
fn spawn_lock(agent: &Agent, args: &[&str]) -> Child {
    Command::new(roster_bin())
        .arg("lock")
        .args(args)
        .env(
            "CONSUL_HTTP_ADDR",
            format!("127.0.0.1:{}", agent.ports.http),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a started `roster lock`; its exit code and stderr.
fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The most intervals (from `start <ns>` / `end <ns>` lines) open at once.
fn max_overlap(log: &str) -> usize {
    let mut events: Vec<(u128, i32)> = log
        .lines()
        .filter_map(|l| {
            let (what, at) = l.split_once(' ')?;
            let at: u128 = at.trim().parse().ok()?;
            Some((at, if what == "start" { 1 } else { -1 }))
        })
        .collect();
    // At one instant an end counts before a start.
    events.sort();
    let (mut open, mut most) = (0i32, 0i32);
    for (_, d) in events {
        open += d;
        most = most.max(open);
    }
    most as usize
}

/// A child command that logs its start and end (in nanoseconds) to `log`.
fn logging_child(log: &std::path::Path, secs: &str) -> String {
    let log = log.display();
    format!("echo start $(date +%s%N) >> {log}; sleep {secs}; echo end $(date +%s%N) >> {log}")
}

#[tokio::test]
async fn a_lock_runs_one_child_at_a_time_and_a_semaphore_n() {
    let agent = must_start("lock-cli").await;
    let dir = tempfile::tempdir().unwrap();
    // The lock: three contenders, one at a time.
    let log = dir.path().join("lock.log");
    let children: Vec<Child> = (0..3)
        .map(|_| spawn_lock(&agent, &["locks/one", &logging_child(&log, "0.5")]))
        .collect();
    // While one runs, the key names its session with Consul's lock flags.
    wait_for(START_TIMEOUT, "a holder", || async {
        let (code, body) = get_json(&agent, "/v1/kv/locks/one/.lock").await;
        code == 200 && body[0]["Session"].is_string()
    })
    .await
    .unwrap();
    let (_, body) = get_json(&agent, "/v1/kv/locks/one/.lock").await;
    assert_eq!(body[0]["Flags"], 0x2ddc_cbc0_58a5_0c18u64);
    for child in children {
        let (code, stderr) = finish(child);
        assert_eq!(code, 0, "{stderr}");
    }
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 6, "{text}");
    assert_eq!(max_overlap(&text), 1, "two children at once:\n{text}");
    // Released, and the sessions gone.
    let (_, body) = get_json(&agent, "/v1/kv/locks/one/.lock").await;
    assert!(body[0].get("Session").is_none(), "{body}");
    assert_eq!(get_json(&agent, "/v1/session/list").await.1, json!([]));

    // A semaphore of 2: five contenders, never more than two at once, and
    // two at once at some point.
    let log = dir.path().join("semaphore.log");
    let children: Vec<Child> = (0..5)
        .map(|_| spawn_lock(&agent, &["-n", "2", "locks/two", &logging_child(&log, "1")]))
        .collect();
    for child in children {
        let (code, stderr) = finish(child);
        assert_eq!(code, 0, "{stderr}");
    }
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 10, "{text}");
    assert_eq!(max_overlap(&text), 2, "{text}");
    let (_, keys) = get_json(&agent, "/v1/kv/locks/two/?keys").await;
    assert_eq!(keys, json!(["locks/two/.lock"]), "contender keys removed");
    // A different limit on the same prefix is refused.
    let (code, _, stderr) = roster_testkit::run_cli(
        roster_bin(),
        &["lock", "-n=3", "locks/two", "true"],
        &[(
            "CONSUL_HTTP_ADDR",
            &format!("127.0.0.1:{}", agent.ports.http),
        )],
    )
    .unwrap();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Semaphore limit conflict"), "{stderr}");
}

#[tokio::test]
async fn a_lost_lock_stops_the_child_and_exit_codes_follow_consul() {
    let agent = must_start("lock-lost").await;
    // The child's failure is passed on only with -child-exit-code.
    let (code, _) = finish(spawn_lock(&agent, &["locks/x", "exit 3"]));
    assert_eq!(code, 0);
    let (code, _) = finish(spawn_lock(
        &agent,
        &["-child-exit-code", "locks/x", "exit 3"],
    ));
    assert_eq!(code, 2);

    // A holder runs for long; a second gives up after its timeout.
    let holder = spawn_lock(&agent, &["locks/x", "sleep 600"]);
    wait_for(START_TIMEOUT, "a holder", || async {
        let (code, body) = get_json(&agent, "/v1/kv/locks/x/.lock").await;
        code == 200 && body[0]["Session"].is_string()
    })
    .await
    .unwrap();
    let started = Instant::now();
    let (code, stderr) = finish(spawn_lock(&agent, &["-timeout=1s", "locks/x", "true"]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Lock acquisition failed"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));

    // Its session destroyed behind its back: the child is stopped and
    // `roster lock` exits 1.
    let (_, body) = get_json(&agent, "/v1/kv/locks/x/.lock").await;
    let session = body[0]["Session"].as_str().unwrap().to_string();
    let lost_at = Instant::now();
    assert_eq!(
        put(&agent, &format!("/v1/session/destroy/{session}"), None)
            .await
            .0,
        200
    );
    let (code, stderr) = finish(holder);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Lock lost"), "{stderr}");
    assert!(
        lost_at.elapsed() < Duration::from_secs(10),
        "{:?}",
        lost_at.elapsed()
    );

    // SIGTERM reaches the child; the lock is released after it exits.
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("got-term");
    let script = format!(
        "trap 'echo term > {}; exit 0' TERM; while true; do sleep 0.1; done",
        marker.display()
    );
    let child = spawn_lock(&agent, &["locks/y", &script]);
    wait_for(START_TIMEOUT, "a holder", || async {
        let (code, body) = get_json(&agent, "/v1/kv/locks/y/.lock").await;
        code == 200 && body[0]["Session"].is_string()
    })
    .await
    .unwrap();
    // SAFETY: kill(2) on a child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&marker).unwrap().trim(), "term");
    let (_, body) = get_json(&agent, "/v1/kv/locks/y/.lock").await;
    assert!(body[0].get("Session").is_none(), "{body}");
}

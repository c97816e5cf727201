//! systemd readiness: an agent started with `NOTIFY_SOCKET` (as a
//! `Type=notify` unit is) says READY=1 once it serves, RELOADING=1 and
//! READY=1 around a SIGHUP reload, and STOPPING=1 when it stops.
//! scripts/test-systemd.sh runs the same under a real systemd.

use std::{os::unix::net::UnixDatagram, time::Duration};

use roster_testkit::Agent;

use crate::{START_TIMEOUT, http, roster_bin};

/// The next notification, as its `KEY=value` lines.
fn next_notification(socket: &UnixDatagram) -> Vec<String> {
    let mut buf = vec![0u8; 4096];
    let n = socket
        .recv(&mut buf)
        .expect("a notification within the socket's timeout");
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_tells_systemd_it_is_ready_reloading_and_stopping() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    socket.set_read_timeout(Some(START_TIMEOUT)).unwrap();
    let mut agent = Agent::start_with_env(
        roster_bin(),
        "notified",
        true,
        &[],
        &[("NOTIFY_SOCKET", path.to_str().unwrap())],
    )
    .unwrap();

    let socket = tokio::task::spawn_blocking(move || {
        let ready = next_notification(&socket);
        (socket, ready)
    });
    let (socket, ready) = socket.await.unwrap();
    assert!(ready.contains(&"READY=1".to_string()), "{ready:?}");
    // READY=1 comes once the APIs serve: the HTTP API answers at once.
    let r = http()
        .get(format!("{}/v1/agent/self", agent.http_base()))
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    agent.signal("HUP").unwrap();
    let (socket, reloading, reloaded) = tokio::task::spawn_blocking(move || {
        let reloading = next_notification(&socket);
        let reloaded = next_notification(&socket);
        (socket, reloading, reloaded)
    })
    .await
    .unwrap();
    assert!(
        reloading.contains(&"RELOADING=1".to_string()),
        "{reloading:?}"
    );
    assert!(
        reloading.iter().any(|l| l.starts_with("MONOTONIC_USEC=")),
        "{reloading:?}"
    );
    assert!(reloaded.contains(&"READY=1".to_string()), "{reloaded:?}");
    assert!(
        agent.log().contains("configuration reloaded"),
        "{}",
        agent.log()
    );

    agent.signal("INT").unwrap();
    let stopping = tokio::task::spawn_blocking(move || next_notification(&socket))
        .await
        .unwrap();
    assert!(stopping.contains(&"STOPPING=1".to_string()), "{stopping:?}");
    assert_eq!(agent.wait_exit(START_TIMEOUT).unwrap(), Some(0));
}

//! A Raft cluster of real server processes on 127.0.0.1: formed by
//! `-bootstrap-expect=3` through gossip, requests to any agent reach the
//! leader, a killed leader is replaced, and a restarted server catches up
//! without bootstrapping again.

use std::collections::BTreeSet;

use roster_testkit::{Agent, wait_for};

use super::*;

/// `GET /v1/status/leader` (empty on error).
pub(super) async fn leader_of(agent: &Agent) -> String {
    match http()
        .get(format!("{}/v1/status/leader", agent.http_base()))
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => r.json::<String>().await.unwrap_or_default(),
        _ => String::new(),
    }
}

/// Waits until `agent` names a leader other than `old`.
async fn wait_leader_other_than(agent: &Agent, old: &str) {
    wait_for(START_TIMEOUT, "another leader", || async {
        let l = leader_of(agent).await;
        !l.is_empty() && l != old
    })
    .await
    .unwrap();
}

/// `GET /v1/status/peers` as a set (empty on error).
async fn peers_of(agent: &Agent) -> BTreeSet<String> {
    match http()
        .get(format!("{}/v1/status/peers", agent.http_base()))
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => r.json().await.unwrap_or_default(),
        _ => BTreeSet::new(),
    }
}

/// Waits until every agent names the same leader and `peers` peers; returns
/// the leader's server address.
pub(super) async fn wait_agreed(agents: &[&Agent], peers: usize) -> String {
    wait_for(START_TIMEOUT, "one leader and every peer", || async {
        let mut leaders = BTreeSet::new();
        for a in agents {
            leaders.insert(leader_of(a).await);
            if peers_of(a).await.len() != peers {
                return false;
            }
        }
        leaders.len() == 1 && !leaders.iter().next().unwrap().is_empty()
    })
    .await
    .unwrap_or_else(|e| {
        for a in agents {
            eprintln!("--- log of {} ---\n{}", a.name(), a.log());
        }
        panic!("{e}")
    });
    leader_of(agents[0]).await
}

/// `GET` that tolerates an agent not listening yet.
async fn try_get(agent: &Agent, path: &str) -> Option<(u16, String)> {
    let r = http()
        .get(format!("{}{path}", agent.http_base()))
        .send()
        .await
        .ok()?;
    let code = r.status().as_u16();
    Some((code, r.text().await.ok()?))
}

pub(super) fn server_addr(agent: &Agent) -> String {
    format!("127.0.0.1:{}", agent.ports.server)
}

/// Three `-bootstrap-expect=3` servers `<prefix>1..3`, the others joining
/// the first; every one also gets `extra` flags.
async fn start_three(prefix: &str, extra: &[&str]) -> Vec<Agent> {
    let names: Vec<String> = (1..=3).map(|i| format!("{prefix}{i}")).collect();
    Agent::start_joined_servers(roster_bin(), &names, extra, |_| Vec::new()).unwrap()
}

/// Which of `servers` has the server address `address`.
fn index_of(servers: &[Agent], address: &str) -> usize {
    servers
        .iter()
        .position(|s| server_addr(s) == address)
        .expect("the address is one of ours")
}

#[tokio::test]
async fn three_servers_form_one_cluster_and_survive_the_leaders_death() {
    let mut servers = start_three("c", &[]).await;
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let expected: BTreeSet<String> = servers.iter().map(server_addr).collect();
    assert_eq!(peers_of(&servers[0]).await, expected);

    // Writes and default reads through every server (followers forward).
    for (i, s) in servers.iter().enumerate() {
        let (code, body) = must_put(s, &format!("k{i}"), &format!("v{i}")).await;
        assert_eq!((code, body.as_str()), (200, "true"), "put via {}", s.name());
    }
    for s in &servers {
        for i in 0..3 {
            let (code, headers, body) = must_get(s, &format!("/v1/kv/k{i}?raw")).await;
            assert_eq!((code, body.as_str()), (200, format!("v{i}").as_str()));
            assert_eq!(headers["X-Consul-KnownLeader"], "true");
        }
        let (code, _, body) = must_get(s, "/v1/kv/k0?raw&consistent").await;
        assert_eq!((code, body.as_str()), (200, "v0"));
    }

    // A client agent joined to one server writes through it.
    let join = format!("-retry-join={}", servers[1].lan_addr());
    let client = Agent::start_client(roster_bin(), "c-client", &[&join]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    wait_for(START_TIMEOUT, "a write through the client", || async {
        must_put(&client, "via-client", "yes").await == (200, "true".to_string())
    })
    .await
    .unwrap();

    // kill -9 the leader: the other two elect a new one and take writes.
    let dead = index_of(&servers, &leader);
    servers[dead].kill9();
    let survivors: Vec<&Agent> = servers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != dead)
        .map(|(_, s)| s)
        .collect();
    wait_for(START_TIMEOUT, "a new leader", || async {
        let l = leader_of(survivors[0]).await;
        !l.is_empty() && l != leader && leader_of(survivors[1]).await == l
    })
    .await
    .unwrap();
    for s in &survivors {
        let (code, body) = must_put(s, "after", s.name()).await;
        assert_eq!((code, body.as_str()), (200, "true"));
    }

    // The old leader comes back, stays in the same cluster, and catches up.
    // It is given a live server to join, as retry_join does in practice: its
    // gossip snapshot may not list the others yet when it dies this soon
    // after forming (serf writes it in the background), and then only serf's
    // reconnector (every 30 s) would bring it back into the pool.
    let rejoin = format!("-retry-join={}", survivors[0].lan_addr());
    servers[dead].restart_with(&[rejoin.as_str()]).unwrap();
    let all: Vec<&Agent> = servers.iter().collect();
    wait_agreed(&all, 3).await;
    wait_for(
        START_TIMEOUT,
        "the restarted server to catch up",
        || async {
            let (code, _, body) = must_get(&servers[dead], "/v1/kv/after?raw&stale").await;
            code == 200 && !body.is_empty()
        },
    )
    .await
    .unwrap();
    assert_eq!(peers_of(&servers[dead]).await, expected);
    drop(client);
}

/// `GET /v1/operator/raft/configuration` as (address, voter) pairs.
pub(super) async fn configuration(agent: &Agent) -> BTreeSet<(String, bool)> {
    let Ok(r) = http()
        .get(format!(
            "{}/v1/operator/raft/configuration",
            agent.http_base()
        ))
        .send()
        .await
    else {
        return BTreeSet::new();
    };
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    body["Servers"]
        .as_array()
        .map(|servers| {
            servers
                .iter()
                .map(|s| {
                    (
                        s["Address"].as_str().unwrap_or_default().to_string(),
                        s["Voter"].as_bool().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) async fn wait_configuration(agent: &Agent, want: &BTreeSet<(String, bool)>) {
    let result = wait_for(START_TIMEOUT, "the raft configuration", || async {
        configuration(agent).await == *want
    })
    .await;
    if let Err(e) = result {
        let have = configuration(agent).await;
        panic!("{e}: have {have:?}, want {want:?}\n{}", agent.log());
    }
}

fn cli(agent: &Agent, args: &[&str]) -> (i32, String, String) {
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    roster_testkit::run_cli(roster_bin(), args, &[("CONSUL_HTTP_ADDR", addr.as_str())]).unwrap()
}

#[tokio::test]
async fn servers_are_added_promoted_left_and_removed() {
    // Quick promotion; dead-server cleanup off so that remove-peer is what
    // removes the killed server.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("autopilot.json");
    std::fs::write(
        &config,
        r#"{"autopilot":{"server_stabilization_time":"1s","cleanup_dead_servers":false}}"#,
    )
    .unwrap();
    let config_flag = format!("-config-file={}", config.display());
    let first =
        Agent::start_cluster_server(roster_bin(), "p1", 3, &[config_flag.as_str()]).unwrap();
    let join = format!("-retry-join={}", first.lan_addr());
    let mut servers = vec![first];
    for name in ["p2", "p3", "p4"] {
        let args = [join.as_str(), "-retry-interval=1s", config_flag.as_str()];
        servers.push(Agent::start_cluster_server(roster_bin(), name, 3, &args).unwrap());
        if name == "p3" {
            // The first three form the cluster before the fourth exists.
            let three: Vec<&Agent> = servers.iter().collect();
            wait_agreed(&three, 3).await;
        }
    }
    // The fourth joins as a non-voter and is promoted once stable.
    let all: BTreeSet<(String, bool)> = servers.iter().map(|s| (server_addr(s), true)).collect();
    wait_configuration(&servers[0], &all).await;
    let everyone: Vec<&Agent> = servers.iter().collect();
    wait_agreed(&everyone, 4).await;

    // Autopilot: healthy, one failure tolerated out of four voters.
    wait_for(START_TIMEOUT, "autopilot to report healthy", || async {
        let (code, _, body) = must_get(&servers[3], "/v1/operator/autopilot/health").await;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        code == 200 && v["Healthy"] == true && v["FailureTolerance"] == 1
    })
    .await
    .unwrap();

    let (code, out, err) = cli(&servers[1], &["operator", "raft", "list-peers"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].starts_with("Node"), "{out}");
    assert_eq!(out.matches("leader").count(), 1, "{out}");
    for s in &servers {
        assert!(out.contains(&server_addr(s)), "{out}");
    }

    // Pick two followers: one leaves gracefully, one is killed and removed
    // by the operator.
    let leader = leader_of(&servers[0]).await;
    let followers: Vec<usize> = (0..4)
        .filter(|&i| server_addr(&servers[i]) != leader)
        .collect();
    let (leaving, killed) = (followers[0], followers[1]);
    let (code, _, err) = cli(&servers[leaving], &["leave"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(servers[leaving].wait_exit(START_TIMEOUT).unwrap(), Some(0));
    let remaining: BTreeSet<(String, bool)> = all
        .iter()
        .filter(|(a, _)| *a != server_addr(&servers[leaving]))
        .cloned()
        .collect();
    let observer = followers[2];
    // It stopped only once the leader had removed it (the configuration
    // read goes to the leader).
    assert!(
        servers[leaving]
            .log()
            .contains("removed from the raft configuration"),
        "{}",
        servers[leaving].log()
    );
    assert_eq!(configuration(&servers[observer]).await, remaining);

    servers[killed].kill9();
    // Bad input changes nothing.
    for args in [
        vec!["operator", "raft", "remove-peer"],
        vec!["operator", "raft", "remove-peer", "-address=10.9.9.9:1"],
        vec!["operator", "raft", "remove-peer", "-id=not-a-peer"],
    ] {
        let (code, _, err) = cli(&servers[observer], &args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("Error removing peer"), "{err}");
    }
    let (code, _, body) =
        must_get(&servers[observer], "/v1/operator/raft/peer?id=x&address=y").await;
    assert_eq!(code, 405, "{body}");
    let r = http()
        .delete(format!(
            "{}/v1/operator/raft/peer?id=x&address=y",
            servers[observer].http_base()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(configuration(&servers[observer]).await, remaining);

    let killed_addr = server_addr(&servers[killed]);
    let flag = format!("-address={killed_addr}");
    let (code, out, err) = cli(
        &servers[observer],
        &["operator", "raft", "remove-peer", &flag],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&killed_addr), "{out}");
    let two: BTreeSet<(String, bool)> = remaining
        .iter()
        .filter(|(a, _)| *a != killed_addr)
        .cloned()
        .collect();
    wait_configuration(&servers[observer], &two).await;
    // Two voters left, both needed: writes still work.
    let (code, body) = must_put(&servers[observer], "still", "writable").await;
    assert_eq!((code, body.as_str()), (200, "true"));
}

#[tokio::test]
async fn leadership_moves_on_request_and_before_a_leader_is_removed_stops_or_leaves() {
    // Quick promotion, so that the removed (still alive) leader is taken
    // back soon, as Consul's reconciliation takes back a live server.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("autopilot.json");
    std::fs::write(
        &config,
        r#"{"autopilot":{"server_stabilization_time":"1s"}}"#,
    )
    .unwrap();
    let config_flag = format!("-config-file={}", config.display());
    let mut servers = start_three("h", &[config_flag.as_str()]).await;
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let voters: BTreeSet<(String, bool)> = servers.iter().map(|s| (server_addr(s), true)).collect();
    wait_configuration(&servers[0], &voters).await;

    // transfer-leader to a named follower, asked of the other follower.
    let ids: std::collections::HashMap<String, String> = {
        let (_, _, body) = must_get(&servers[0], "/v1/operator/raft/configuration").await;
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        v["Servers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["Address"].as_str().unwrap().to_string(),
                    s["ID"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let followers: Vec<usize> = (0..3)
        .filter(|&i| server_addr(&servers[i]) != leader)
        .collect();
    let (next, asked) = (followers[0], followers[1]);
    // Bad input changes nothing: an unknown id, the leader itself, a GET.
    for id in ["nope", ids[&leader].as_str()] {
        let flag = format!("-id={id}");
        let (code, _, err) = cli(
            &servers[asked],
            &["operator", "raft", "transfer-leader", &flag],
        );
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("Error transferring leadership"), "{err}");
    }
    let (code, _, _) = must_get(&servers[asked], "/v1/operator/raft/transfer-leader").await;
    assert_eq!(code, 405);
    assert_eq!(leader_of(&servers[asked]).await, leader);
    let flag = format!("-id={}", ids[&server_addr(&servers[next])]);
    let (code, out, err) = cli(
        &servers[asked],
        &["operator", "raft", "transfer-leader", &flag],
    );
    assert_eq!((code, out.trim()), (0, "Success"), "{err}");
    let leader = server_addr(&servers[next]);
    wait_for(START_TIMEOUT, "the named server to lead", || async {
        leader_of(&servers[asked]).await == leader
    })
    .await
    .unwrap();
    assert_eq!(configuration(&servers[asked]).await, voters);

    // remove-peer of the leader, asked of a follower: the leader hands
    // over, and the new leader removes it.
    let old = index_of(&servers, &leader);
    let observer = (old + 1) % 3;
    let flag = format!("-address={leader}");
    let (code, out, err) = cli(
        &servers[observer],
        &["operator", "raft", "remove-peer", &flag],
    );
    assert_eq!(code, 0, "{err}\n{}", servers[old].log());
    assert!(out.contains(&leader), "{out}");
    wait_leader_other_than(&servers[observer], &leader).await;
    assert!(
        servers[old].log().contains("handing over raft leadership"),
        "{}",
        servers[old].log()
    );
    let (code, body) = must_put(&servers[observer], "after-removal", "yes").await;
    assert_eq!((code, body.as_str()), (200, "true"));
    // It is alive: autopilot takes it back and promotes it.
    wait_configuration(&servers[observer], &voters).await;

    // A leader stopped by SIGTERM (a rolling restart; servers do not leave
    // on it) hands over first and stays in the configuration.
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let stopped = index_of(&servers, &leader);
    assert_eq!(servers[stopped].terminate(), Some(0));
    let log = servers[stopped].log();
    assert!(
        log.contains("handed raft leadership over before stopping"),
        "{log}"
    );
    let observer = (stopped + 1) % 3;
    wait_leader_other_than(&servers[observer], &leader).await;
    assert_eq!(configuration(&servers[observer]).await, voters);
    let (code, body) = must_put(&servers[observer], "after-stop", "yes").await;
    assert_eq!((code, body.as_str()), (200, "true"));
    let rejoin = format!("-retry-join={}", servers[observer].lan_addr());
    servers[stopped]
        .restart_with(&[rejoin.as_str(), "-retry-interval=1s", config_flag.as_str()])
        .unwrap();

    // The leader leaves gracefully: it hands over first, and is removed.
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let leaving = index_of(&servers, &leader);
    let (code, _, err) = cli(&servers[leaving], &["leave"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(servers[leaving].wait_exit(START_TIMEOUT).unwrap(), Some(0));
    let log = servers[leaving].log();
    assert!(
        log.contains("handed raft leadership over before leaving")
            && log.contains("removed from the raft configuration"),
        "{log}"
    );
    let remaining: BTreeSet<(String, bool)> = voters
        .iter()
        .filter(|(a, _)| *a != leader)
        .cloned()
        .collect();
    let observer = (leaving + 1) % 3;
    wait_configuration(&servers[observer], &remaining).await;
    let (code, body) = must_put(&servers[observer], "after-leave", "yes").await;
    assert_eq!((code, body.as_str()), (200, "true"));
}

#[tokio::test]
async fn servers_far_behind_catch_up_from_a_streamed_snapshot() {
    // Tiny thresholds: the log is compacted every few dozen writes.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("snap.json");
    std::fs::write(
        &config,
        r#"{"raft_snapshot_threshold":64,"raft_trailing_logs":16,
            "autopilot":{"server_stabilization_time":"1s","cleanup_dead_servers":false}}"#,
    )
    .unwrap();
    let config_flag = format!("-config-file={}", config.display());
    let first =
        Agent::start_cluster_server(roster_bin(), "s1", 3, &[config_flag.as_str()]).unwrap();
    let join = format!("-retry-join={}", first.lan_addr());
    let args = [join.as_str(), "-retry-interval=1s", config_flag.as_str()];
    let mut servers = vec![first];
    for name in ["s2", "s3"] {
        servers.push(Agent::start_cluster_server(roster_bin(), name, 3, &args).unwrap());
    }
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let behind = (0..3)
        .find(|&i| server_addr(&servers[i]) != leader)
        .unwrap();
    let writer = (0..3).find(|&i| i != behind).unwrap();

    // One follower misses 300 writes; the others compact past them.
    servers[behind].kill9();
    for i in 0..300 {
        let (code, body) =
            must_put(&servers[writer], &format!("snap/{i:03}"), &i.to_string()).await;
        assert_eq!((code, body.as_str()), (200, "true"), "write {i}");
    }
    servers[behind].restart().unwrap();
    wait_for(
        START_TIMEOUT,
        "the restarted follower to catch up",
        || async {
            try_get(&servers[behind], "/v1/kv/snap/299?raw&stale").await
                == Some((200, "299".to_string()))
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}", servers[behind].log()));
    assert!(
        servers[behind].log().contains("installing a raft snapshot"),
        "caught up without a snapshot: the log was not compacted"
    );
    let (code, _, body) = must_get(&servers[behind], "/v1/kv/snap/?keys&stale").await;
    assert_eq!(code, 200);
    let keys: Vec<String> = serde_json::from_str(&body).unwrap();
    assert_eq!(keys.len(), 300);

    // A server that never saw the log joins from a snapshot too.
    servers.push(Agent::start_cluster_server(roster_bin(), "s4", 3, &args).unwrap());
    let everyone: BTreeSet<(String, bool)> =
        servers.iter().map(|s| (server_addr(s), true)).collect();
    wait_configuration(&servers[writer], &everyone).await;
    wait_for(START_TIMEOUT, "the new server to have the data", || async {
        try_get(&servers[3], "/v1/kv/snap/150?raw&stale").await == Some((200, "150".to_string()))
    })
    .await
    .unwrap();
    // And the cluster keeps working through it.
    let (code, body) = must_put(&servers[3], "after-snapshot", "ok").await;
    assert_eq!((code, body.as_str()), (200, "true"));
}

#[tokio::test]
async fn snapshot_save_and_restore_replace_the_state_on_every_server() {
    let servers = start_three("r", &[]).await;
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let followers: Vec<&Agent> = servers
        .iter()
        .filter(|s| server_addr(s) != leader)
        .collect();
    for (k, v) in [("a", "1"), ("b", "2"), ("c", "3")] {
        assert_eq!(must_put(&servers[0], k, v).await, (200, "true".to_string()));
    }
    let r = http()
        .delete(format!("{}/v1/kv/c", servers[0].http_base()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // A session holding a lock is saved and restored with the KV.
    let create_session = |agent: &Agent| {
        let base = agent.http_base();
        async move {
            let r = http()
                .put(format!("{base}/v1/session/create"))
                .body(r#"{"NodeChecks": []}"#)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 200);
            let v: serde_json::Value = r.json().await.unwrap();
            v["ID"].as_str().unwrap().to_string()
        }
    };
    let saved_session = create_session(&servers[0]).await;
    assert_eq!(
        must_put(&servers[0], &format!("locked?acquire={saved_session}"), "l").await,
        (200, "true".to_string())
    );

    // Save through a follower (the leader answers).
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.snap");
    let file_arg = file.to_str().unwrap();
    let (code, out, err) = cli(followers[0], &["snapshot", "save", file_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Saved and verified snapshot to index"),
        "{out}"
    );
    let (code, out, _) = cli(followers[0], &["snapshot", "inspect", file_arg]);
    assert_eq!(code, 0);
    assert!(
        out.contains("  kv              3\n")
            && out.contains("  kv_tombstones   1\n")
            && out.contains("  sessions        "),
        "three keys, a tombstone and the session's rows: {out}"
    );

    // Change things, then restore through the other follower.
    let later_session = create_session(&servers[1]).await;
    assert_eq!(must_put(&servers[1], "a", "changed").await.0, 200);
    assert_eq!(must_put(&servers[1], "x", "new").await.0, 200);
    let (_, before, _) = must_get(&servers[0], "/v1/kv/a").await;
    let before = consul_index(&before);
    let (_, prefix_before, _) = must_get(&servers[0], "/v1/kv/?recurse").await;
    let prefix_before = consul_index(&prefix_before);

    // Bad archives change nothing: garbage over HTTP, a truncated file
    // through the CLI (refused before sending).
    let r = http()
        .put(format!("{}/v1/snapshot", followers[1].http_base()))
        .body("definitely not a snapshot")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("not a valid Roster snapshot")
    );
    let bytes = std::fs::read(&file).unwrap();
    let truncated = dir.path().join("truncated.snap");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let (code, _, err) = cli(
        followers[1],
        &["snapshot", "restore", truncated.to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(err.contains("Error restoring snapshot"), "{err}");
    let (_, _, body) = must_get(&servers[2], "/v1/kv/a?raw").await;
    assert_eq!(body, "changed");

    let (code, out, err) = cli(followers[1], &["snapshot", "restore", file_arg]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "Restored snapshot");
    for s in &servers {
        wait_for(START_TIMEOUT, "the restored state everywhere", || async {
            try_get(s, "/v1/kv/a?raw&stale").await == Some((200, "1".to_string()))
                && try_get(s, "/v1/kv/x?raw&stale").await.map(|r| r.0) == Some(404)
        })
        .await
        .unwrap();
        assert_eq!(
            try_get(s, "/v1/kv/b?raw&stale").await,
            Some((200, "2".to_string()))
        );
    }
    // The saved session and its lock are back; the later session is gone.
    let (_, _, body) = must_get(&servers[0], &format!("/v1/session/info/{saved_session}")).await;
    assert!(body.contains(&saved_session), "{body}");
    let (_, _, body) = must_get(&servers[0], &format!("/v1/session/info/{later_session}")).await;
    assert_eq!(body.trim(), "[]");
    let (_, _, body) = must_get(&servers[0], "/v1/kv/locked").await;
    assert!(body.contains(&saved_session), "{body}");
    // Indexes never go backwards, and the cluster takes writes.
    let (_, after, _) = must_get(&servers[0], "/v1/kv/a").await;
    assert!(consul_index(&after) > before);
    // A prefix too: its rows came back with their old indexes, but the
    // index it reports does not fall below what it reported before.
    for s in &servers {
        let (_, headers, _) = must_get(s, "/v1/kv/?recurse&stale").await;
        assert!(
            consul_index(&headers) > prefix_before,
            "{} <= {prefix_before}",
            consul_index(&headers)
        );
    }
    assert_eq!(must_put(&servers[2], "after", "restore").await.0, 200);
}

#[tokio::test]
async fn without_a_quorum_requests_fail_with_no_cluster_leader_instead_of_hanging() {
    // A short hold, so that the test does not wait Consul's 7 s per request.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hold.json");
    std::fs::write(&config, r#"{"performance":{"rpc_hold_timeout":"1s"}}"#).unwrap();
    let config_flag = format!("-config-file={}", config.display());
    let mut servers = start_three("q", &[config_flag.as_str()]).await;
    let all: Vec<&Agent> = servers.iter().collect();
    wait_agreed(&all, 3).await;
    assert_eq!(must_put(&servers[0], "k", "v").await.0, 200);

    // Two of three gone: no quorum, whoever led.
    servers[1].kill9();
    servers[2].kill9();
    let lone = &servers[0];
    wait_for(START_TIMEOUT, "the survivor to lose its leader", || async {
        try_get(lone, "/v1/status/leader").await == Some((200, "\"\"".to_string()))
    })
    .await
    .unwrap();
    let started = std::time::Instant::now();
    let (code, body) = must_put(lone, "k", "w").await;
    assert_eq!((code, body.trim()), (500, "No cluster leader"));
    let (code, _, body) = must_get(lone, "/v1/kv/k").await;
    assert_eq!((code, body.trim()), (500, "No cluster leader"));
    let (code, _, body) = must_get(lone, "/v1/kv/k?consistent").await;
    assert_eq!(code, 500, "{body}");
    assert!(body.starts_with("No cluster leader"), "{body}");
    // Bounded by the hold (1 s each, three requests), never hanging; the
    // bound here is loose for a loaded machine.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // Stale reads still answer, saying there is no leader.
    let (code, headers, body) = must_get(lone, "/v1/kv/k?raw&stale").await;
    assert_eq!((code, body.as_str()), (200, "v"));
    assert_eq!(headers["X-Consul-KnownLeader"], "false");
}

#[tokio::test]
async fn a_paused_leader_never_answers_a_default_read_with_what_a_new_leader_overwrote() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hold.json");
    std::fs::write(&config, r#"{"performance":{"rpc_hold_timeout":"3s"}}"#).unwrap();
    let config_flag = format!("-config-file={}", config.display());
    let servers = start_three("lz", &[config_flag.as_str()]).await;
    let all: Vec<&Agent> = servers.iter().collect();
    let leader_addr = wait_agreed(&all, 3).await;
    let old = index_of(&servers, &leader_addr);
    assert_eq!(must_put(&servers[old], "k", "old").await.0, 200);
    let (code, _, body) = must_get(&servers[old], "/v1/kv/k?raw").await;
    assert_eq!((code, body.as_str()), (200, "old"));

    // The leader stops (a long GC pause, a stalled VM): the others elect a
    // new leader, which overwrites the key.
    servers[old].signal("STOP").unwrap();
    let survivor = &servers[(old + 1) % 3];
    wait_leader_other_than(survivor, &leader_addr).await;
    let (code, body) = must_put(survivor, "k", "new").await;
    assert_eq!((code, body.trim()), (200, "true"));

    // Reads in the default mode reach the old leader while it is stopped and
    // are served the moment it resumes, racing the messages that tell it of
    // the new term. Without a lease it answers them from its old state.
    // Each request is written whole (the kernel accepts it for the stopped
    // process) before the leader is resumed.
    let addr = format!("127.0.0.1:{}", servers[old].ports.http);
    let sent: Vec<std::net::TcpStream> = tokio::task::spawn_blocking(move || {
        (0..16)
            .map(|_| {
                use std::io::Write as _;
                let mut s = std::net::TcpStream::connect(&addr).unwrap();
                s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
                    .unwrap();
                s.write_all(b"GET /v1/kv/k?raw HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .unwrap();
                s
            })
            .collect()
    })
    .await
    .unwrap();
    servers[old].signal("CONT").unwrap();
    // (status, body) of each answer; `None` if there was none.
    let answers: Vec<Option<(u16, String)>> = tokio::task::spawn_blocking(move || {
        sent.into_iter()
            .map(|mut s| {
                use std::io::Read as _;
                let mut text = String::new();
                s.read_to_string(&mut text).ok()?;
                let code = text.split(' ').nth(1)?.parse().ok()?;
                let (_, body) = text.split_once("\r\n\r\n")?;
                Some((code, body.to_string()))
            })
            .collect()
    })
    .await
    .unwrap();
    for answer in &answers {
        match answer {
            Some((200, body)) => assert_eq!(body, "new", "a stale default read: {answers:?}"),
            // "No cluster leader" is a safe answer; so is no answer.
            Some((500, body)) => assert!(body.starts_with("No cluster leader"), "{body}"),
            None => {}
            Some(other) => panic!("unexpected answer {other:?}"),
        }
    }
    assert!(
        answers.iter().any(|a| matches!(a, Some((200, _)))),
        "no read was answered at all: {answers:?}"
    );
}

/// A client agent whose chosen server just died (gossip has not noticed
/// yet) sends the call to another server instead of failing it: the dead
/// server never got it, so nothing can apply twice.
#[tokio::test]
async fn a_client_moves_on_when_a_server_cannot_be_reached() {
    let mut servers = start_three("mv", &[]).await;
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let join = format!("-retry-join={}", servers[0].lan_addr());
    let client = Agent::start_client(roster_bin(), "mv-client", &[&join]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    wait_for(START_TIMEOUT, "a write through the client", || async {
        must_put(&client, "warm", "up").await == (200, "true".to_string())
    })
    .await
    .unwrap();
    // Kill a follower: the leader stays, so every write can succeed.
    let dead = servers
        .iter()
        .position(|s| server_addr(s) != leader)
        .unwrap();
    servers[dead].kill9();
    // Right away, before gossip marks it failed: every call lands.
    for i in 0..30 {
        let (code, body) = must_put(&client, &format!("mv/{i}"), "v").await;
        assert_eq!((code, body.as_str()), (200, "true"), "write {i}");
    }
}

#[tokio::test]
async fn watch_streams_opened_on_a_follower_are_served_by_the_leader() {
    use roster_proto::{
        catalog::v1::{
            ListNodesRequest, WatchNodesRequest, catalog_service_client::CatalogServiceClient,
        },
        health::v1::{
            ServiceHealthQuery, WatchServiceHealthRequest,
            health_service_client::HealthServiceClient,
        },
        kv::v1::{PutRequest, WatchRequest, kv_service_client::KvServiceClient},
        session::v1::{WatchSessionsRequest, session_service_client::SessionServiceClient},
    };
    use tokio_stream::StreamExt as _;

    let servers = start_three("w", &[]).await;
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let all: Vec<&Agent> = servers.iter().collect();
    let leader = wait_agreed(&all, 3).await;
    let follower = servers
        .iter()
        .find(|s| server_addr(s) != leader)
        .expect("two followers");
    let other = servers
        .iter()
        .find(|s| server_addr(s) != leader && s.name() != follower.name())
        .expect("two followers");
    let timeout = Duration::from_secs(10);

    // Default consistency: each watch's first message, not "No cluster leader".
    let mut kv = KvServiceClient::connect(follower.grpc_endpoint())
        .await
        .unwrap();
    let mut stream = kv
        .watch(WatchRequest {
            key: "watched".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let first = tokio::time::timeout(timeout, stream.next())
        .await
        .expect("a first message")
        .expect("an open stream")
        .expect("no error");
    assert!(first.entries.is_empty());
    // A write through the other follower reaches the stream.
    let mut writer = KvServiceClient::connect(other.grpc_endpoint())
        .await
        .unwrap();
    writer
        .put(PutRequest {
            key: "watched".into(),
            value: b"v".to_vec(),
            ..Default::default()
        })
        .await
        .unwrap();
    let change = tokio::time::timeout(timeout, stream.next())
        .await
        .expect("the change")
        .expect("an open stream")
        .expect("no error");
    assert_eq!(change.entries[0].value, b"v");

    let mut health = HealthServiceClient::connect(follower.grpc_endpoint())
        .await
        .unwrap();
    let mut stream = health
        .watch_service_health(WatchServiceHealthRequest {
            query: Some(ServiceHealthQuery {
                service: "roster".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let first = tokio::time::timeout(timeout, stream.next())
        .await
        .unwrap()
        .unwrap();
    assert!(first.is_ok(), "{first:?}");

    let mut catalog = CatalogServiceClient::connect(follower.grpc_endpoint())
        .await
        .unwrap();
    let mut stream = catalog
        .watch_nodes(WatchNodesRequest {
            request: Some(ListNodesRequest::default()),
        })
        .await
        .unwrap()
        .into_inner();
    let first = tokio::time::timeout(timeout, stream.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.unwrap().response.unwrap().nodes.len(), 3);

    let mut sessions = SessionServiceClient::connect(follower.grpc_endpoint())
        .await
        .unwrap();
    let mut stream = sessions
        .watch_sessions(WatchSessionsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let first = tokio::time::timeout(timeout, stream.next())
        .await
        .unwrap()
        .unwrap();
    assert!(first.is_ok(), "{first:?}");
}

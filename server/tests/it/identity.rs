//! Cluster identity and safe bootstrap on real server processes: more
//! servers than `-bootstrap-expect` started at once write one first
//! configuration between them; two clusters that meet in one gossip pool
//! refuse each other's Raft messages; a server whose data dir was wiped
//! comes back as a new member.

use std::collections::BTreeSet;

use roster_testkit::{Agent, wait_for};

use super::{
    cluster::{configuration, leader_of, server_addr, wait_agreed, wait_configuration},
    *,
};

/// Quick promotion of new servers.
fn quick_autopilot(dir: &std::path::Path) -> String {
    let config = dir.join("autopilot.json");
    std::fs::write(
        &config,
        r#"{"autopilot":{"server_stabilization_time":"1s"}}"#,
    )
    .unwrap();
    format!("-config-file={}", config.display())
}

/// The cluster ids a server's log says it bootstrapped or joined.
fn cluster_ids_in_log(agent: &Agent) -> BTreeSet<String> {
    agent
        .log()
        .lines()
        .filter(|l| l.contains("bootstrapped the cluster") || l.contains("joined the cluster"))
        .filter_map(|l| {
            let at = l.find("cluster_id=")? + "cluster_id=".len();
            let id: String = l[at..]
                .trim_start_matches('"')
                .chars()
                .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
                .collect();
            Some(id)
        })
        .collect()
}

/// Four servers expecting three, started together: before the promises,
/// each wrote the first configuration of the servers it saw (different
/// views made different clusters with the same log indexes), or none did
/// while more than three were alive. Now exactly one server writes it, all
/// four end up voters of that one cluster, and a write through any is read
/// through every other.
#[tokio::test]
async fn more_servers_than_expected_started_at_once_form_exactly_one_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let autopilot = quick_autopilot(dir.path());
    let first = Agent::start_cluster_server(roster_bin(), "b1", 3, &[autopilot.as_str()]).unwrap();
    let join = format!("-retry-join={}", first.lan_addr());
    let mut servers = vec![first];
    for name in ["b2", "b3", "b4"] {
        let args = [join.as_str(), "-retry-interval=1s", autopilot.as_str()];
        servers.push(Agent::start_cluster_server(roster_bin(), name, 3, &args).unwrap());
    }
    let everyone: Vec<&Agent> = servers.iter().collect();
    let all: BTreeSet<(String, bool)> = servers.iter().map(|s| (server_addr(s), true)).collect();
    wait_configuration(&servers[0], &all).await;
    wait_agreed(&everyone, 4).await;

    let bootstrapped: Vec<&str> = servers
        .iter()
        .filter(|s| s.log().contains("bootstrapped the cluster"))
        .map(|s| s.name())
        .collect();
    assert_eq!(
        bootstrapped.len(),
        1,
        "servers that wrote a first configuration: {bootstrapped:?}"
    );
    let ids: BTreeSet<String> = servers.iter().flat_map(cluster_ids_in_log).collect();
    assert_eq!(ids.len(), 1, "cluster ids in the logs: {ids:?}");
    for s in &servers {
        assert_eq!(
            cluster_ids_in_log(s),
            ids,
            "{} names another cluster",
            s.name()
        );
    }

    let (code, body) = must_put(&servers[3], "formed", "once").await;
    assert_eq!((code, body.as_str()), (200, "true"));
    for s in &servers {
        let (code, _, body) = must_get(s, "/v1/kv/formed?raw&consistent").await;
        assert_eq!((code, body.as_str()), (200, "once"), "{}", s.name());
    }
}

/// Two single-server clusters whose servers meet in one LAN pool: each
/// leader's autopilot tries to add the other server, and the other refuses
/// its Raft messages (its cluster identity differs). Before the identity,
/// the two logs, whose first entries share index and term, were taken for
/// one: a server stepped down and took the other's entries over its own.
#[tokio::test]
async fn servers_of_two_clusters_refuse_each_other() {
    let x = must_start("x1").await;
    let mut y = must_start("y1").await;
    assert_eq!(must_put(&x, "only-x", "x").await.0, 200);
    assert_eq!(must_put(&y, "only-y", "y").await.0, 200);
    // A restart puts y in a later term than x: a leader that hears of a
    // later term steps down, which is how one cluster's log would
    // overwrite the other's.
    y.kill9();
    y.restart().unwrap();
    y.wait_ready(START_TIMEOUT).await.unwrap();
    wait_for(START_TIMEOUT, "y to lead again", || async {
        leader_of(&y).await == server_addr(&y)
    })
    .await
    .unwrap();
    let (x_leader, y_leader) = (leader_of(&x).await, leader_of(&y).await);
    assert_eq!(x_leader, server_addr(&x));
    assert_eq!(y_leader, server_addr(&y));

    let joined = http()
        .put(format!("{}/v1/agent/join/{}", y.http_base(), x.lan_addr()))
        .send()
        .await
        .unwrap();
    assert!(joined.status().is_success(), "{joined:?}");

    // Each leader adds the other server at once and sends it its log: wait
    // until the two have met, refused (now) or one followed the other
    // (before the identity).
    wait_for(START_TIMEOUT, "the two leaders to meet", || async {
        [&x, &y].iter().any(|s| {
            s.log()
                .contains("refused raft messages from another cluster")
        }) || {
            // An unanswered status call (empty) is not another leader.
            let (now_x, now_y) = (leader_of(&x).await, leader_of(&y).await);
            (!now_x.is_empty() && now_x != x_leader) || (!now_y.is_empty() && now_y != y_leader)
        }
    })
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}\n{}", x.log(), y.log()));

    for (server, own, other, leader) in [
        (&x, "only-x", "only-y", &x_leader),
        (&y, "only-y", "only-x", &y_leader),
    ] {
        assert_eq!(leader_of(server).await, *leader, "{}", server.log());
        let (code, _, _) = must_get(server, &format!("/v1/kv/{own}?consistent")).await;
        assert_eq!(code, 200, "{} lost its own key", server.name());
        let (code, _, _) = must_get(server, &format!("/v1/kv/{other}?consistent")).await;
        assert_eq!(code, 404, "{} took the other cluster's key", server.name());
        // Still writable on its own.
        assert_eq!(must_put(server, "after", server.name()).await.0, 200);
    }
    assert!(
        [&x, &y].iter().any(|s| s
            .log()
            .contains("refused raft messages from another cluster")),
        "no refusal in the logs:\n{}\n{}",
        x.log(),
        y.log()
    );
}

/// A server whose data dir is wiped and that is started again with the same
/// `-node-id` has forgotten its vote and its log; before, it came back with
/// the same Raft id (derived from the node ID) and counted as the voter it
/// had been. Now it gets a new Raft id: the leader replaces the old member
/// (whose address the new one has) and adds the new one, which catches up.
#[tokio::test]
async fn a_server_whose_data_dir_was_wiped_comes_back_as_a_new_member() {
    let dir = tempfile::tempdir().unwrap();
    let autopilot = quick_autopilot(dir.path());
    let names: Vec<String> = (1..=3).map(|i| format!("w{i}")).collect();
    let mut servers =
        Agent::start_joined_servers(roster_bin(), &names, &[autopilot.as_str()], |_| Vec::new())
            .unwrap();
    let everyone: Vec<&Agent> = servers.iter().collect();
    wait_agreed(&everyone, 3).await;
    assert_eq!(must_put(&servers[0], "before", "wipe").await.0, 200);

    let wiped = &mut servers[2];
    let node_id = std::fs::read_to_string(wiped.data_dir.join("node-id")).unwrap();
    let old_raft_id = std::fs::read_to_string(wiped.data_dir.join("raft-id")).unwrap();
    wiped.kill9();
    for entry in std::fs::read_dir(&wiped.data_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
    }
    let join = format!("-retry-join={}", servers[0].lan_addr());
    let node_flag = format!("-node-id={}", node_id.trim());
    servers[2]
        .restart_with(&[
            join.as_str(),
            "-retry-interval=1s",
            autopilot.as_str(),
            node_flag.as_str(),
        ])
        .unwrap();
    let new_raft_id = {
        let file = servers[2].data_dir.join("raft-id");
        wait_for(START_TIMEOUT, "the raft-id file", || async {
            file.exists()
        })
        .await
        .unwrap();
        std::fs::read_to_string(file).unwrap()
    };
    assert_ne!(
        new_raft_id, old_raft_id,
        "the wiped server kept its Raft id"
    );

    // The leader removed the old id and added and promoted the new one.
    let (old, new) = (old_raft_id.trim(), new_raft_id.trim());
    let (removed, promoted) = (format!("Remove({old})"), format!("Promote({new})"));
    wait_for(
        START_TIMEOUT,
        "the old member replaced by the new",
        || async {
            let logs: Vec<String> = servers[..2].iter().map(|s| s.log()).collect();
            logs.iter().any(|l| l.contains(&removed)) && logs.iter().any(|l| l.contains(&promoted))
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}\n{}", servers[0].log(), servers[1].log()));
    // Three voters again, the third on its old address, holding the data.
    let all: BTreeSet<(String, bool)> = servers.iter().map(|s| (server_addr(s), true)).collect();
    wait_configuration(&servers[0], &all).await;
    let config = configuration(&servers[0]).await;
    assert_eq!(config.len(), 3, "{config:?}");
    wait_for(START_TIMEOUT, "the new member to catch up", || async {
        let Ok(r) = http()
            .get(format!("{}/v1/kv/before?raw&stale", servers[2].http_base()))
            .send()
            .await
        else {
            return false;
        };
        r.status() == 200 && r.text().await.unwrap_or_default() == "wipe"
    })
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}", servers[2].log()));
    let everyone: Vec<&Agent> = servers.iter().collect();
    wait_agreed(&everyone, 3).await;
    assert_eq!(must_put(&servers[2], "after", "wipe").await.0, 200);
}

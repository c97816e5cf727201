//! A Raft cluster of real server processes on 127.0.0.1: formed by
//! `-bootstrap-expect=3` through gossip, requests to any agent reach the
//! leader, a killed leader is replaced, and a restarted server catches up
//! without bootstrapping again.

use std::collections::BTreeSet;

use roster_testkit::{Agent, wait_for};

use super::*;

/// `GET /v1/status/leader` (empty on error).
async fn leader_of(agent: &Agent) -> String {
    match http()
        .get(format!("{}/v1/status/leader", agent.http_base()))
        .send()
        .await
    {
        Ok(r) if r.status().is_success() => r.json::<String>().await.unwrap_or_default(),
        _ => String::new(),
    }
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
async fn wait_agreed(agents: &[&Agent], peers: usize) -> String {
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

fn server_addr(agent: &Agent) -> String {
    format!("127.0.0.1:{}", agent.ports.server)
}

async fn start_three(prefix: &str) -> Vec<Agent> {
    let first = Agent::start_cluster_server(roster_bin(), &format!("{prefix}1"), 3, &[]).unwrap();
    let join = format!("-retry-join={}", first.lan_addr());
    let mut servers = vec![first];
    for i in 2..=3 {
        let name = format!("{prefix}{i}");
        servers.push(
            Agent::start_cluster_server(roster_bin(), &name, 3, &[&join, "-retry-interval=1s"])
                .unwrap(),
        );
    }
    servers
}

#[tokio::test]
async fn three_servers_form_one_cluster_and_survive_the_leaders_death() {
    let mut servers = start_three("c").await;
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
    let dead = servers
        .iter()
        .position(|s| server_addr(s) == leader)
        .expect("the leader is one of ours");
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

    // The old leader comes back (no -join: its gossip snapshot knows the
    // others), stays in the same cluster, and catches up.
    servers[dead].restart_with(&[]).unwrap();
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

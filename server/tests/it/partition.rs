//! Network partitions: five agents, each in its own network namespace on a
//! private bridge (testkit's `netns::Lab`); the links between a minority and
//! the majority are cut with nftables in the lab's hub namespace, then
//! restored. Where the machine cannot create namespaces (not root, no
//! `ip`/`nft`) it fails in CI (`CI=true`) and elsewhere skips, loudly.

use std::time::Duration;

use roster_testkit::{Agent, netns::Lab, wait_for};
use serde_json::Value;

use super::*;

async fn statuses(agent: &Agent) -> std::collections::BTreeMap<String, i64> {
    let Ok(r) = http()
        .get(format!("{}/v1/agent/members", agent.http_base()))
        .timeout(Duration::from_secs(5))
        .send()
        .await
    else {
        return Default::default();
    };
    let list: Vec<Value> = r.json().await.unwrap_or_default();
    list.iter()
        .map(|m| {
            (
                m["Name"].as_str().unwrap_or_default().to_string(),
                m["Status"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

async fn wait_view(agent: &Agent, expect: &[(&str, i64)], within: Duration) {
    let what = format!("{} to see {expect:?}", agent.name());
    wait_for(within, &what, || async {
        let view = statuses(agent).await;
        expect.iter().all(|(n, s)| view.get(*n) == Some(s))
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_partitioned_minority_is_failed_and_rejoins_when_healed() {
    if !roster_testkit::netns::available_or_skip("the partition test") {
        return;
    }
    let lab = Lab::new(5).expect("network lab");
    let mut agents: Vec<Agent> = Vec::new();
    for i in 0..5 {
        let name = format!("p{i}");
        let agent = if i == 0 {
            Agent::start_in_netns(roster_bin(), &name, true, &lab.netns(i), &lab.ip(i), &[])
        } else {
            let seed = format!("-retry-join={}", agents[0].lan_addr());
            Agent::start_in_netns(
                roster_bin(),
                &name,
                false,
                &lab.netns(i),
                &lab.ip(i),
                &[&seed, "-retry-interval=1s"],
            )
        }
        .expect("spawn agent in its namespace");
        agent
            .wait_serving(START_TIMEOUT)
            .await
            .expect("agent serving");
        agents.push(agent);
    }
    let names = ["p0", "p1", "p2", "p3", "p4"];
    let alive: Vec<(&str, i64)> = names.iter().map(|n| (*n, 1)).collect();
    for a in &agents {
        wait_view(a, &alive, START_TIMEOUT).await;
    }

    // Cut {p3, p4} off from {p0, p1, p2}.
    lab.partition(&[3, 4], &[0, 1, 2]).expect("partition");
    let detect = Duration::from_secs(45);
    for a in &agents[..3] {
        wait_view(
            a,
            &[("p3", 4), ("p4", 4), ("p0", 1), ("p1", 1), ("p2", 1)],
            detect,
        )
        .await;
    }
    for a in &agents[3..] {
        wait_view(
            a,
            &[("p0", 4), ("p1", 4), ("p2", 4), ("p3", 1), ("p4", 1)],
            detect,
        )
        .await;
    }

    // Heal: serf's reconnect attempts (every 30 s) and push/pull bring both
    // sides back together.
    lab.heal().expect("heal");
    for a in &agents {
        wait_view(a, &alive, Duration::from_secs(120)).await;
    }
    drop(agents);
    drop(lab);
}

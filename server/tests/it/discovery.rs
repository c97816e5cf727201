//! Service discovery on a real cluster of 3 servers and 2 client agents on
//! 127.0.0.1: every member becomes a catalog node with `serfHealth`; a
//! killed client turns critical, a client that leaves is deregistered with
//! its services; a client whose server dies keeps serving through another.

use std::time::Duration;

use roster_testkit::{Agent, wait_for};
use serde_json::{Value, json};

use super::*;

async fn get_json(agent: &Agent, path: &str) -> Option<Value> {
    let r = quick()
        .get(format!("{}{path}", agent.http_base()))
        .send()
        .await
        .ok()?;
    if r.status().as_u16() != 200 {
        return None;
    }
    r.json().await.ok()
}

/// The serfHealth status of `node` as `agent` reads the catalog.
async fn serf_health(agent: &Agent, node: &str) -> Option<String> {
    let checks = get_json(agent, &format!("/v1/health/node/{node}")).await?;
    checks
        .as_array()?
        .iter()
        .find(|c| c["CheckID"] == "serfHealth")
        .and_then(|c| c["Status"].as_str())
        .map(str::to_string)
}

const SLOW: Duration = Duration::from_secs(90);

#[tokio::test]
async fn members_become_catalog_nodes_and_failures_and_leaves_reach_the_catalog() {
    let names: Vec<String> = (1..=3).map(|i| format!("disc-s{i}")).collect();
    let mut servers =
        Agent::start_joined_servers(roster_bin(), &names, &[], |_| Vec::new()).unwrap();
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let join2 = format!("-retry-join={}", servers[1].lan_addr());
    let join3 = format!("-retry-join={}", servers[2].lan_addr());
    let mut c1 = Agent::start_client(roster_bin(), "disc-c1", &[&join2]).unwrap();
    let mut c2 = Agent::start_client(roster_bin(), "disc-c2", &[&join3]).unwrap();
    c1.wait_serving(START_TIMEOUT).await.unwrap();
    c2.wait_serving(START_TIMEOUT).await.unwrap();

    // Five nodes, each passing serfHealth; the servers carry `consul`.
    wait_for(SLOW, "five healthy catalog nodes", || async {
        let mut all = true;
        for node in ["disc-s1", "disc-s2", "disc-s3", "disc-c1", "disc-c2"] {
            all &= serf_health(&servers[0], node).await.as_deref() == Some("passing");
        }
        all
    })
    .await
    .unwrap();
    let consul = get_json(&servers[0], "/v1/catalog/service/consul")
        .await
        .unwrap();
    assert_eq!(consul.as_array().unwrap().len(), 3);

    // Services on both clients.
    for (client, name) in [(&c1, "left-behind"), (&c2, "survivor")] {
        let r = http()
            .put(format!("{}/v1/agent/service/register", client.http_base()))
            .body(json!({"Name": name, "Check": {"TTL": "10m", "Status": "passing"}}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    }

    // The server c2 joined through dies: c2 keeps working through another.
    servers[2].kill9();
    wait_for(
        SLOW,
        "a registration through c2 after its server died",
        || async {
            let r = quick()
                .put(format!("{}/v1/agent/service/register", c2.http_base()))
                .body(json!({"Name": "after-failover"}).to_string())
                .send()
                .await;
            r.is_ok_and(|r| r.status().as_u16() == 200)
        },
    )
    .await
    .unwrap();
    wait_for(SLOW, "c2's new service in the catalog", || async {
        get_json(&c2, "/v1/catalog/service/after-failover")
            .await
            .and_then(|v| v.as_array().map(|a| a.len() == 1))
            .unwrap_or(false)
    })
    .await
    .unwrap();
    wait_for(SLOW, "the dead server's serfHealth critical", || async {
        serf_health(&servers[0], "disc-s3").await.as_deref() == Some("critical")
    })
    .await
    .unwrap();

    // A killed client: critical, its services still listed (not passing).
    c2.kill9();
    wait_for(SLOW, "c2's serfHealth critical", || async {
        serf_health(&servers[0], "disc-c2").await.as_deref() == Some("critical")
    })
    .await
    .unwrap();
    let passing = get_json(&servers[0], "/v1/health/service/survivor?passing")
        .await
        .unwrap();
    assert_eq!(passing, json!([]));
    let all = get_json(&servers[0], "/v1/health/service/survivor")
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);

    // A client that leaves: deregistered with its services.
    c1.terminate();
    wait_for(SLOW, "c1 deregistered", || async {
        get_json(&servers[0], "/v1/catalog/node/disc-c1").await == Some(Value::Null)
    })
    .await
    .unwrap();
    let gone = get_json(&servers[0], "/v1/catalog/service/left-behind")
        .await
        .unwrap();
    assert_eq!(gone, json!([]));
}

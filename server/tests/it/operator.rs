//! `/v1/operator/autopilot/configuration` and `roster operator autopilot`:
//! the cluster's autopilot settings, seeded from the first leader's agent
//! configuration and changed through the API (check-and-set on their
//! ModifyIndex).

use roster_testkit::{Agent, wait_for};
use serde_json::Value;

use super::*;

fn cli(agent: &Agent, args: &[&str]) -> (i32, String, String) {
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    roster_testkit::run_cli(roster_bin(), args, &[("CONSUL_HTTP_ADDR", addr.as_str())]).unwrap()
}

async fn config_of(agent: &Agent, query: &str) -> Value {
    let (code, _, body) = must_get(
        agent,
        &format!("/v1/operator/autopilot/configuration{query}"),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn put_config(agent: &Agent, query: &str, body: &str) -> (u16, String) {
    let r = http()
        .put(format!(
            "{}/v1/operator/autopilot/configuration{query}",
            agent.http_base()
        ))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn autopilot_settings_come_from_the_first_leader_and_change_by_check_and_set() {
    let agent = Agent::start_from_config(roster_bin(), "autopilot", |ports, data_dir| {
        serde_json::json!({
            "server": true, "bootstrap_expect": 1, "data_dir": data_dir,
            "node_name": "autopilot", "bind_addr": "127.0.0.1", "client_addr": "127.0.0.1",
            "ports": {"http": ports.http, "grpc": -1, "dns": -1, "server": ports.server,
                      "serf_lan": ports.serf_lan, "serf_wan": ports.serf_wan},
            "autopilot": {"cleanup_dead_servers": false, "last_contact_threshold": "1s",
                          "min_quorum": 3, "max_trailing_logs": 500,
                          "server_stabilization_time": "15s"}
        })
    })
    .unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();

    // The leader stores its agent's settings once it leads.
    let stored = std::sync::Mutex::new(Value::Null);
    wait_for(
        START_TIMEOUT,
        "the leader to store the settings",
        || async {
            let c = config_of(&agent, "").await;
            let written = c["ModifyIndex"].as_u64().unwrap_or(0) > 0;
            *stored.lock().unwrap() = c;
            written
        },
    )
    .await
    .unwrap();
    let c = stored.into_inner().unwrap();
    assert_eq!(c["CleanupDeadServers"], false);
    assert_eq!(c["LastContactThreshold"], "1s");
    assert_eq!(c["MaxTrailingLogs"], 500);
    assert_eq!(c["MinQuorum"], 3);
    assert_eq!(c["ServerStabilizationTime"], "15s");
    assert_eq!(c["RedundancyZoneTag"], "");
    assert_eq!(c["CreateIndex"], c["ModifyIndex"]);
    let first = c["ModifyIndex"].as_u64().unwrap();

    // Replace with a check-and-set on the right index; a stale index then
    // changes nothing.
    let body = r#"{"CleanupDeadServers": true, "LastContactThreshold": "200ms",
                   "MaxTrailingLogs": 250, "MinQuorum": 0,
                   "ServerStabilizationTime": 10000000000}"#;
    assert_eq!(
        put_config(&agent, &format!("?cas={first}"), body).await,
        (200, "true".into())
    );
    let c = config_of(&agent, "?stale").await;
    assert_eq!(c["CleanupDeadServers"], true);
    assert_eq!(c["LastContactThreshold"], "200ms");
    assert_eq!(
        c["ServerStabilizationTime"], "10s",
        "nanoseconds are read too"
    );
    assert_eq!(c["CreateIndex"].as_u64(), Some(first));
    let second = c["ModifyIndex"].as_u64().unwrap();
    assert!(second > first);
    assert_eq!(
        put_config(
            &agent,
            &format!("?cas={first}"),
            r#"{"MaxTrailingLogs": 1}"#
        )
        .await,
        (200, "false".into())
    );
    assert_eq!(config_of(&agent, "").await["MaxTrailingLogs"], 250);

    // Bad input: 400 and nothing changes.
    for (query, body) in [
        ("", "not json"),
        ("", r#"{"LastContactThreshold": "soon"}"#),
        ("", r#"{"MaxTrailingLogs": -1}"#),
        ("?cas=abc", r#"{}"#),
    ] {
        let (code, text) = put_config(&agent, query, body).await;
        assert_eq!(code, 400, "{query} {body}: {text}");
    }
    let r = http()
        .delete(format!(
            "{}/v1/operator/autopilot/configuration",
            agent.http_base()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert_eq!(
        config_of(&agent, "").await["ModifyIndex"].as_u64(),
        Some(second)
    );

    // The CLI: get-config prints Consul's lines; set-config changes only
    // what it is given.
    let (code, out, err) = cli(&agent, &["operator", "autopilot", "get-config"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CleanupDeadServers = true\n"), "{out}");
    assert!(out.contains("LastContactThreshold = 200ms\n"), "{out}");
    assert!(out.contains("RedundancyZoneTag = \"\"\n"), "{out}");
    let (code, out, err) = cli(
        &agent,
        &[
            "operator",
            "autopilot",
            "set-config",
            "-cleanup-dead-servers=false",
            "-max-trailing-logs=42",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "Configuration updated!");
    let c = config_of(&agent, "").await;
    assert_eq!(c["CleanupDeadServers"], false);
    assert_eq!(c["MaxTrailingLogs"], 42);
    assert_eq!(c["LastContactThreshold"], "200ms", "untouched");
    let (code, _, err) = cli(
        &agent,
        &[
            "operator",
            "autopilot",
            "set-config",
            "-last-contact-threshold=soon",
        ],
    );
    assert_ne!(code, 0);
    assert!(err.contains("invalid duration"), "{err}");

    // The settings survive a restart (they are in Raft, not in the file).
    let mut agent = agent;
    assert_eq!(agent.terminate(), Some(0));
    agent.restart().unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    assert_eq!(config_of(&agent, "").await["MaxTrailingLogs"], 42);
}

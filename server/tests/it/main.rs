//! Integration tests: the real `roster` binary on 127.0.0.1, spoken to over
//! HTTP, gRPC and its own CLI.

mod acl;
mod agent_services;
mod bad_input;
mod blocking;
mod catalog;
mod checks;
mod cli;
mod cluster;
mod compat;
mod crash;
mod discovery;
mod dns;
mod failpoints;
mod gossip;
mod grpc;
mod identity;
mod kv_http;
mod lock_cli;
mod notify;
mod operator;
mod partition;
mod powerloss;
mod sessions;
mod tls;
mod txn;

use std::time::Duration;

use roster_testkit::Agent;

/// Path of the binary under test.
pub fn roster_bin() -> &'static str {
    env!("CARGO_BIN_EXE_roster")
}

/// Generous bound for an agent to start and elect itself.
pub const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Starts a single server and waits until it has a leader.
pub async fn must_start(name: &str) -> Agent {
    let agent = Agent::start_server(roster_bin(), name).expect("spawn roster");
    agent.wait_ready(START_TIMEOUT).await.expect("agent ready");
    agent
}

/// An HTTP client.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// An HTTP client that gives up after 5 s, for tests that keep servers
/// crashing and must not wait long on one.
pub fn quick() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// A config file under `dir` that compacts the log every 64 entries (so
/// snapshots are built and installed all along) and holds requests at most
/// 2 s without a leader; returns its `-config-file=` flag.
pub fn small_log_config(dir: &std::path::Path) -> String {
    let config = dir.join("small-log.json");
    std::fs::write(
        &config,
        r#"{"performance":{"rpc_hold_timeout":"2s"},
            "raft_snapshot_threshold":64,"raft_trailing_logs":16}"#,
    )
    .unwrap();
    format!("-config-file={}", config.display())
}

/// `PUT /v1/kv/<key>` with a body; returns (status, body).
pub async fn must_put(agent: &Agent, key_and_query: &str, body: &str) -> (u16, String) {
    let r = http()
        .put(format!("{}/v1/kv/{key_and_query}", agent.http_base()))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// `GET` a path; returns (status, headers, body).
pub async fn must_get(agent: &Agent, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let r = http()
        .get(format!("{}{path}", agent.http_base()))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.text().await.unwrap())
}

/// The `X-Consul-Index` header as a number.
pub fn consul_index(headers: &reqwest::header::HeaderMap) -> u64 {
    headers
        .get("X-Consul-Index")
        .expect("X-Consul-Index header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

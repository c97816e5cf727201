//! The agent's own services and checks: registered on a client agent, they
//! reach the catalog by anti-entropy; TTL checks flip health; a change made
//! in the catalog behind the agent's back is reverted (except the tags of a
//! service with `EnableTagOverride`); a deregistration leaves the catalog.

use roster_testkit::{Agent, wait_for};
use serde_json::{Value, json};

use super::*;

pub(crate) async fn put(agent: &Agent, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut request = http().put(format!("{}{path}", agent.http_base()));
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

pub(crate) async fn get_json(agent: &Agent, path: &str) -> (u16, Value) {
    let (status, _, body) = must_get(agent, path).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

/// Waits until `path` on `agent` answers JSON that `ok` accepts.
pub(crate) async fn wait_json(agent: &Agent, path: &str, what: &str, ok: impl Fn(&Value) -> bool) {
    wait_for(START_TIMEOUT, what, || async {
        let (status, body) = get_json(agent, path).await;
        status == 200 && ok(&body)
    })
    .await
    .unwrap_or_else(|e| panic!("{path}: {e}"));
}

/// A server and a client agent joined to it, anti-entropy every second.
async fn server_and_client(prefix: &str) -> (Agent, Agent) {
    let env = [("ROSTER_ANTI_ENTROPY_INTERVAL", "1s")];
    let server =
        Agent::start_with_env(roster_bin(), &format!("{prefix}-s"), true, &[], &env).unwrap();
    server.wait_ready(START_TIMEOUT).await.unwrap();
    let join = format!("-retry-join={}", server.lan_addr());
    let client =
        Agent::start_with_env(roster_bin(), &format!("{prefix}-c"), false, &[&join], &env).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    // The client knows the server once it serves; the server learns of the
    // client through gossip a moment later (CI once read one member here).
    wait_json(
        &server,
        "/v1/agent/members",
        "the server to see the client",
        |m| m.as_array().is_some_and(|m| m.len() == 2),
    )
    .await;
    (server, client)
}

#[tokio::test]
async fn services_registered_on_an_agent_reach_the_catalog_and_ttl_checks_flip_health() {
    let (server, client) = server_and_client("ae").await;
    let node = client.name().to_string();
    let (code, body) = put(
        &client,
        "/v1/agent/service/register",
        Some(&json!({
            "Name": "web", "ID": "web-1", "Tags": ["v1"], "Port": 8080,
            "Meta": {"team": "a"},
            "Check": {"TTL": "30s", "Notes": "heartbeat"}
        })),
    )
    .await;
    assert_eq!((code, body.as_str()), (200, ""));

    // The agent's own view.
    let (_, services) = get_json(&client, "/v1/agent/services").await;
    assert_eq!(services["web-1"]["Service"], "web");
    assert_eq!(services["web-1"]["Port"], 8080);
    assert_eq!(services["web-1"]["Datacenter"], "dc1");
    assert_eq!(
        services["web-1"]["Weights"],
        json!({"Passing": 1, "Warning": 1})
    );
    let (_, one) = get_json(&client, "/v1/agent/service/web-1").await;
    assert_eq!(one["ID"], "web-1");
    let (code, _) = get_json(&client, "/v1/agent/service/nope").await;
    assert_eq!(code, 404);
    let (_, checks) = get_json(&client, "/v1/agent/checks").await;
    let check = &checks["service:web-1"];
    assert_eq!(check["Status"], "critical");
    assert_eq!(check["Type"], "ttl");
    assert_eq!(check["Name"], "Service 'web' check");

    // The catalog, read on the server, gets it with the node's addresses.
    wait_json(
        &server,
        "/v1/health/service/web",
        "web in the catalog",
        |b| b[0]["Service"]["ID"] == "web-1",
    )
    .await;
    let (_, health) = get_json(&server, "/v1/health/service/web").await;
    assert_eq!(health[0]["Node"]["Node"], node.as_str());
    assert_eq!(health[0]["Node"]["TaggedAddresses"]["lan"], "127.0.0.1");
    assert_eq!(health[0]["Node"]["Meta"]["consul-network-segment"], "");
    let ids: Vec<&str> = health[0]["Checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["CheckID"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"serfHealth") && ids.contains(&"service:web-1"),
        "{ids:?}"
    );

    // Passing through the TTL API reaches the catalog promptly.
    let (code, _) = put(
        &client,
        "/v1/agent/check/pass/service:web-1?note=fine",
        None,
    )
    .await;
    assert_eq!(code, 200);
    wait_json(
        &server,
        "/v1/health/service/web?passing",
        "web passing",
        |b| b.as_array().is_some_and(|a| a.len() == 1),
    )
    .await;
    let (_, health) = get_json(&server, "/v1/health/checks/web").await;
    assert_eq!(health[0]["Output"], "fine");
    let (code, _) = put(
        &client,
        "/v1/agent/check/update/service:web-1",
        Some(&json!({"Status": "warning", "Output": "slow"})),
    )
    .await;
    assert_eq!(code, 200);
    wait_json(&server, "/v1/health/state/warning", "web warning", |b| {
        b.as_array()
            .is_some_and(|a| a.iter().any(|c| c["CheckID"] == "service:web-1"))
    })
    .await;

    // Deregistration removes the service and its check from the catalog.
    let (code, _) = put(&client, "/v1/agent/service/deregister/web-1", None).await;
    assert_eq!(code, 200);
    wait_json(&server, "/v1/catalog/service/web", "web gone", |b| {
        *b == json!([])
    })
    .await;
    let (_, left) = get_json(&server, &format!("/v1/health/node/{node}")).await;
    let left: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["CheckID"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["serfHealth"]);
}

#[tokio::test]
async fn anti_entropy_reverts_changes_made_behind_the_agents_back() {
    let (server, client) = server_and_client("ae-revert").await;
    let node = client.name().to_string();
    for (id, override_tags) in [("plain", false), ("override", true)] {
        let (code, _) = put(
            &client,
            "/v1/agent/service/register",
            Some(&json!({"Name": id, "Tags": ["mine"], "EnableTagOverride": override_tags})),
        )
        .await;
        assert_eq!(code, 200);
    }
    for id in ["plain", "override"] {
        wait_json(&server, &format!("/v1/catalog/service/{id}"), id, |b| {
            b[0]["ServiceTags"] == json!(["mine"])
        })
        .await;
    }
    // Someone rewrites both services' tags and adds a service of their own
    // to the agent's node.
    for id in ["plain", "override"] {
        let (code, _) = put(
            &server,
            "/v1/catalog/register",
            Some(
                &json!({"Node": node, "Address": "127.0.0.1", "SkipNodeUpdate": true,
                   "Service": {"ID": id, "Service": id, "Tags": ["theirs"]}}),
            ),
        )
        .await;
        assert_eq!(code, 200);
    }
    let (code, _) = put(
        &server,
        "/v1/catalog/register",
        Some(
            &json!({"Node": node, "Address": "127.0.0.1", "SkipNodeUpdate": true,
               "Service": {"Service": "intruder"}}),
        ),
    )
    .await;
    assert_eq!(code, 200);
    // The next full sync: the plain service's tags come back, the intruder
    // goes, and the override service keeps the catalog's tags (the agent
    // adopts them).
    wait_json(
        &server,
        "/v1/catalog/service/plain",
        "plain reverted",
        |b| b[0]["ServiceTags"] == json!(["mine"]),
    )
    .await;
    wait_json(
        &server,
        "/v1/catalog/service/intruder",
        "intruder removed",
        |b| *b == json!([]),
    )
    .await;
    let (_, over) = get_json(&server, "/v1/catalog/service/override").await;
    assert_eq!(over[0]["ServiceTags"], json!(["theirs"]));
    wait_json(
        &client,
        "/v1/agent/services",
        "the agent adopts the tags",
        |b| b["override"]["Tags"] == json!(["theirs"]),
    )
    .await;
    // The servers' own `consul` service stays.
    let (_, consul) = get_json(&server, "/v1/catalog/service/consul").await;
    assert_eq!(consul.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_agent_registrations_get_4xx_and_change_nothing() {
    let agent = must_start("ae-bad").await;
    let (code, _) = put(
        &agent,
        "/v1/agent/service/register",
        Some(&json!({"Name": "ok", "Check": {"TTL": "10s"}})),
    )
    .await;
    assert_eq!(code, 200);
    let before = get_json(&agent, "/v1/agent/services").await;
    let checks_before = get_json(&agent, "/v1/agent/checks").await;
    for (path, body, status, message) in [
        (
            "/v1/agent/service/register",
            json!({"ID": "x"}),
            400,
            "Missing service name",
        ),
        (
            "/v1/agent/service/register",
            json!({"Name": "x", "Port": -5}),
            400,
            "Invalid port",
        ),
        (
            "/v1/agent/service/register",
            json!({"Name": "x", "Check": {"Interval": "10s"}}),
            400,
            "must be one of",
        ),
        (
            "/v1/agent/service/register",
            json!({"Name": "x", "Check": {"TTL": "ten seconds"}}),
            400,
            "invalid duration",
        ),
        (
            "/v1/agent/service/register",
            json!({"Name": "x", "Weights": {"Passing": 0, "Warning": 1}}),
            400,
            "Passing must be greater than 0",
        ),
        (
            "/v1/agent/check/register",
            json!({"TTL": "10s"}),
            400,
            "Missing check name",
        ),
        (
            "/v1/agent/check/register",
            json!({"Name": "c", "TTL": "10s", "ServiceID": "ghost"}),
            400,
            "ServiceID \"ghost\" does not exist",
        ),
        (
            "/v1/agent/check/register",
            json!({"Name": "c", "DockerContainerID": "db", "Args": ["/bin/true"], "Interval": "10s"}),
            400,
            "Scripts are disabled on this agent",
        ),
        (
            "/v1/agent/check/register",
            json!({"Name": "c", "H2PING": "127.0.0.1:1"}),
            400,
            "Interval must be > 0",
        ),
        (
            "/v1/agent/check/register",
            json!({"Name": "c", "Args": ["/bin/true"], "Interval": "10s"}),
            400,
            "Scripts are disabled on this agent",
        ),
        (
            "/v1/agent/check/register",
            json!({"Name": "c", "TCP": "127.0.0.1:1"}),
            400,
            "Interval must be > 0",
        ),
        (
            "/v1/agent/check/update/service:ok",
            json!({"Status": "sleepy"}),
            400,
            "Invalid check status",
        ),
    ] {
        let (code, text) = put(&agent, path, Some(&body)).await;
        assert_eq!(code, status, "{path} {body}: {text}");
        assert!(
            text.contains(message),
            "{path} {body}: {text:?} lacks {message:?}"
        );
    }
    let (code, text) = put(&agent, "/v1/agent/service/deregister/ghost", None).await;
    assert_eq!(code, 404);
    assert!(text.contains("Unknown service ID \"ghost\""), "{text}");
    let (code, text) = put(&agent, "/v1/agent/check/pass/ghost", None).await;
    assert_eq!(code, 404);
    assert!(text.contains("Unknown check ID \"ghost\""), "{text}");
    assert_eq!(get_json(&agent, "/v1/agent/services").await, before);
    assert_eq!(get_json(&agent, "/v1/agent/checks").await, checks_before);
}

/// A tiny HTTP server on 127.0.0.1 answering every request with `status`.
async fn http_target(status: u16) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi"
                );
                let _ = s.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}/health")
}

/// Waits until the checks of `service` include every (ID, status) of
/// `expected`; returns them.
pub(crate) async fn wait_statuses(
    agent: &Agent,
    service: &str,
    expected: &[(&str, &str)],
) -> Value {
    let path = format!("/v1/health/checks/{service}");
    wait_json(agent, &path, "every check ran", |b| {
        expected.iter().all(|(id, status)| {
            b.as_array().is_some_and(|a| {
                a.iter()
                    .any(|c| c["CheckID"] == *id && c["Status"] == *status)
            })
        })
    })
    .await;
    get_json(agent, &path).await.1
}

/// The output of check `id` among `checks`.
pub(crate) fn output<'a>(checks: &'a Value, id: &str) -> &'a str {
    checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["CheckID"] == id)
        .unwrap()["Output"]
        .as_str()
        .unwrap()
}

#[tokio::test]
async fn http_tcp_and_script_checks_run_against_real_targets_and_reach_the_catalog() {
    let agent = Agent::start_with_env(
        roster_bin(),
        "ae-probes",
        true,
        &["-enable-script-checks"],
        &[],
    )
    .unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let ok_url = http_target(200).await;
    let busy_url = http_target(429).await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let open = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let open_addr = open.local_addr().unwrap().to_string();
    let (code, text) = put(
        &agent,
        "/v1/agent/service/register",
        Some(&json!({
            "Name": "probed",
            "Checks": [
                {"CheckID": "http-ok", "HTTP": ok_url, "Interval": "1s"},
                {"CheckID": "http-busy", "HTTP": busy_url, "Interval": "1s"},
                {"CheckID": "tcp-open", "TCP": open_addr, "Interval": "1s"},
                {"CheckID": "tcp-closed", "TCP": closed, "Interval": "1s", "Status": "passing"},
                {"CheckID": "script-warn", "Args": ["/bin/sh", "-c", "echo degraded; exit 1"],
                 "Interval": "1s"},
                {"CheckID": "script-slow", "Args": ["/bin/sleep", "600"], "Interval": "1s",
                 "Timeout": "300ms", "Status": "passing"}
            ]
        })),
    )
    .await;
    assert_eq!(code, 200, "{text}");
    let expected = [
        ("http-ok", "passing"),
        ("http-busy", "warning"),
        ("tcp-open", "passing"),
        ("tcp-closed", "critical"),
        ("script-warn", "warning"),
        ("script-slow", "critical"),
    ];
    let checks = wait_statuses(&agent, "probed", &expected).await;
    let output = |id: &str| output(&checks, id).to_string();
    assert!(
        output("http-ok").contains(": 200 "),
        "{}",
        output("http-ok")
    );
    assert!(output("tcp-open").ends_with(": Success"));
    assert_eq!(output("script-warn"), "degraded\n");
    assert!(output("script-slow").starts_with("Timed out"));
    let (_, types) = get_json(&agent, "/v1/agent/checks").await;
    assert_eq!(types["http-ok"]["Type"], "http");
    assert_eq!(types["script-warn"]["Type"], "script");
    drop(open);
}

/// `GET` a path; returns (status, body text).
async fn get_text(agent: &Agent, path: &str) -> (u16, String) {
    let (status, _, body) = must_get(agent, path).await;
    (status, body)
}

#[tokio::test]
async fn maintenance_mode_and_the_agents_health_endpoints() {
    let agent = must_start("ae-maint").await;
    for (id, ttl_status) in [("web-1", "passing"), ("web-2", "warning")] {
        let (code, _) = put(
            &agent,
            "/v1/agent/service/register",
            Some(&json!({"Name": "web", "ID": id, "Check": {"TTL": "60s", "Status": ttl_status}})),
        )
        .await;
        assert_eq!(code, 200);
    }
    let (code, body) = get_json(&agent, "/v1/agent/health/service/id/web-1").await;
    assert_eq!((code, &body["AggregatedStatus"]), (200, &json!("passing")));
    assert_eq!(body["Service"]["ID"], "web-1");
    assert_eq!(
        get_text(&agent, "/v1/agent/health/service/id/web-2?format=text").await,
        (429, "warning".to_string())
    );
    let (code, all) = get_json(&agent, "/v1/agent/health/service/name/web").await;
    assert_eq!(code, 429, "the worst instance decides");
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(
        get_text(&agent, "/v1/agent/health/service/id/nope").await.0,
        404
    );
    assert_eq!(
        get_text(&agent, "/v1/agent/health/service/name/nope")
            .await
            .0,
        404
    );

    // A service in maintenance: a critical check, off the passing list.
    wait_json(
        &agent,
        "/v1/health/service/web?passing",
        "web-1 passing",
        |b| b.as_array().is_some_and(|a| a.len() == 1),
    )
    .await;
    let (code, _) = put(
        &agent,
        "/v1/agent/service/maintenance/web-1?enable=true&reason=deploy",
        None,
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(
        get_text(&agent, "/v1/agent/health/service/id/web-1?format=text").await,
        (503, "maintenance".to_string())
    );
    wait_json(&agent, "/v1/health/service/web?passing", "web-1 out", |b| {
        *b == json!([])
    })
    .await;
    let (_, checks) = get_json(&agent, "/v1/health/checks/web").await;
    let maint = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["CheckID"] == "_service_maintenance:web-1")
        .expect("the maintenance check is in the catalog")
        .clone();
    assert_eq!(maint["Status"], "critical");
    assert_eq!(maint["Notes"], "deploy");
    assert_eq!(maint["Name"], "Service Maintenance Mode");
    let (code, _) = put(
        &agent,
        "/v1/agent/service/maintenance/web-1?enable=false",
        None,
    )
    .await;
    assert_eq!(code, 200);
    wait_json(
        &agent,
        "/v1/health/service/web?passing",
        "web-1 back",
        |b| b.as_array().is_some_and(|a| a.len() == 1),
    )
    .await;

    // The node in maintenance takes every service out.
    let (code, _) = put(&agent, "/v1/agent/maintenance?enable=true", None).await;
    assert_eq!(code, 200);
    let (_, node_checks) = get_json(&agent, "/v1/agent/checks").await;
    assert!(
        node_checks["_node_maintenance"]["Notes"]
            .as_str()
            .unwrap()
            .contains("no reason was provided")
    );
    assert_eq!(
        get_text(&agent, "/v1/agent/health/service/name/web?format=text").await,
        (503, "maintenance".to_string())
    );
    let (code, _) = put(&agent, "/v1/agent/maintenance?enable=false", None).await;
    assert_eq!(code, 200);

    for (path, code, message) in [
        ("/v1/agent/maintenance", 400, "Missing value for enable"),
        (
            "/v1/agent/maintenance?enable=maybe",
            400,
            "Invalid value for enable",
        ),
        (
            "/v1/agent/service/maintenance/nope?enable=true",
            404,
            "No service registered",
        ),
    ] {
        let (got, text) = put(&agent, path, None).await;
        assert_eq!(got, code, "{path}: {text}");
        assert!(text.contains(message), "{path}: {text}");
    }
}

#[tokio::test]
async fn a_restarted_agent_registers_its_services_and_checks_again() {
    let mut agent = must_start("ae-restart").await;
    let (code, _) = put(
        &agent,
        "/v1/agent/service/register",
        Some(&json!({"Name": "kept", "Tags": ["a"], "Check": {"TTL": "5m"}})),
    )
    .await;
    assert_eq!(code, 200);
    let (code, _) = put(&agent, "/v1/agent/check/warn/service:kept?note=slow", None).await;
    assert_eq!(code, 200);
    let (code, _) = put(&agent, "/v1/agent/maintenance?enable=true&reason=r1", None).await;
    assert_eq!(code, 200);
    // Written on the way out (SIGTERM), whatever the write delay.
    agent.terminate();
    agent.restart().unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let (_, services) = get_json(&agent, "/v1/agent/services").await;
    assert_eq!(services["kept"]["Tags"], json!(["a"]));
    let (_, checks) = get_json(&agent, "/v1/agent/checks").await;
    assert_eq!(checks["service:kept"]["Status"], "warning");
    assert_eq!(checks["service:kept"]["Output"], "slow");
    assert_eq!(checks["_node_maintenance"]["Notes"], "r1");
    wait_json(
        &agent,
        "/v1/health/checks/kept",
        "kept in the catalog",
        |b| b[0]["Status"] == "warning",
    )
    .await;
}

fn cli(agent: &Agent, args: &[&str]) -> (i32, String, String) {
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    roster_testkit::run_cli(roster_bin(), args, &[("CONSUL_HTTP_ADDR", addr.as_str())]).unwrap()
}

#[tokio::test]
async fn the_services_catalog_and_maint_commands() {
    let agent = must_start("ae-cli").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web.json");
    std::fs::write(
        &file,
        r#"{"services": [{"name": "web", "id": "web-a", "tags": ["blue"], "port": 80},
                         {"name": "db", "port": 5432}]}"#,
    )
    .unwrap();
    let file_arg = file.to_str().unwrap();
    let (code, out, err) = cli(&agent, &["services", "register", file_arg]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Registered service: web\nRegistered service: db\n");
    let (code, out, _) = cli(
        &agent,
        &[
            "services",
            "register",
            "-name=cache",
            "-port=6379",
            "-tag=x",
            "-meta=tier=1",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "Registered service: cache\n"));
    wait_json(&agent, "/v1/catalog/services", "three services", |b| {
        b.get("cache").is_some() && b.get("web").is_some() && b.get("db").is_some()
    })
    .await;

    let (code, out, _) = cli(&agent, &["catalog", "services"]);
    assert_eq!(code, 0);
    assert_eq!(out, "cache\nconsul\ndb\nweb\n");
    let (_, out, _) = cli(&agent, &["catalog", "services", "-tags"]);
    assert!(
        out.lines()
            .any(|l| l.starts_with("web") && l.ends_with("blue")),
        "{out}"
    );
    let (_, out, _) = cli(&agent, &["catalog", "nodes"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("Node") && lines[0].contains("Address"),
        "{out}"
    );
    assert!(lines[1].starts_with("ae-cli"), "{out}");
    let (_, out, _) = cli(&agent, &["catalog", "nodes", "-service=web"]);
    assert!(out.contains("ae-cli"), "{out}");
    let (_, out, _) = cli(&agent, &["catalog", "datacenters"]);
    assert_eq!(out, "dc1\n");

    let (code, out, _) = cli(
        &agent,
        &["maint", "-enable", "-service=web-a", "-reason=upgrade"],
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "Service entered maintenance mode: web-a\n")
    );
    let (_, out, _) = cli(&agent, &["maint"]);
    assert_eq!(out, "Service:\n  ID:     web-a\n  Reason: upgrade\n");
    let (code, _, _) = cli(&agent, &["maint", "-disable", "-service=web-a"]);
    assert_eq!(code, 0);
    let (code, _, err) = cli(&agent, &["maint", "-enable", "-service=nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("404"), "{err}");

    let (code, out, _) = cli(&agent, &["services", "deregister", file_arg]);
    assert_eq!(
        (code, out.as_str()),
        (0, "Deregistered service: web-a\nDeregistered service: db\n")
    );
    let (code, _, err) = cli(&agent, &["services", "deregister", "-id=web-a"]);
    assert_eq!(code, 1, "already gone");
    assert!(err.contains("Unknown service ID"), "{err}");
    wait_json(&agent, "/v1/catalog/services", "two left", |b| {
        b.get("web").is_none() && b.get("cache").is_some()
    })
    .await;
}

#[tokio::test]
async fn agent_self_reports_config_stats_and_meta_as_consul_does() {
    let (server, client) = server_and_client("ae-self").await;
    let (code, _) = put(
        &client,
        "/v1/agent/service/register",
        Some(&json!({"Name": "s", "Check": {"TTL": "1m"}})),
    )
    .await;
    assert_eq!(code, 200);
    let (code, me) = get_json(&server, "/v1/agent/self").await;
    assert_eq!(code, 200);
    assert_eq!(me["Config"]["Version"], "1.17.0");
    assert_eq!(me["Config"]["RosterVersion"], env!("CARGO_PKG_VERSION"));
    assert_eq!(me["Config"]["NodeName"], server.name());
    assert_eq!(me["Config"]["Datacenter"], "dc1");
    assert_eq!(me["DebugConfig"]["ServerMode"], true);
    assert_eq!(me["DebugConfig"]["NodeName"], server.name());
    assert_eq!(me["Member"]["Name"], server.name());
    assert_eq!(me["Meta"]["consul-network-segment"], "");
    let stats = &me["Stats"];
    assert_eq!(stats["consul"]["server"], "true");
    assert_eq!(stats["consul"]["leader"], "true");
    assert!(
        stats["consul"]["leader_addr"]
            .as_str()
            .unwrap()
            .contains(':')
    );
    assert_eq!(stats["consul"]["known_datacenters"], "1");
    assert_eq!(stats["raft"]["state"], "Leader");
    assert!(
        stats["raft"]["applied_index"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    assert_eq!(stats["serf_lan"]["members"], "2");
    assert!(stats["runtime"]["os"].is_string());

    let (_, them) = get_json(&client, "/v1/agent/self").await;
    assert_eq!(them["Config"]["Server"], false);
    assert_eq!(them["Stats"]["consul"]["server"], "false");
    assert_eq!(them["Stats"]["consul"]["known_servers"], "1");
    assert!(them["Stats"].get("raft").is_none());
    assert_eq!(them["Stats"]["agent"]["services"], "1");
    assert_eq!(them["Stats"]["agent"]["check_ttls"], "1");
}

#[tokio::test]
async fn agent_version_and_host() {
    let agent = must_start("ae-host").await;
    let (code, v) = get_json(&agent, "/v1/agent/version").await;
    assert_eq!(code, 200);
    assert_eq!(v["HumanVersion"], "1.17.0");
    let (code, host) = get_json(&agent, "/v1/agent/host").await;
    assert_eq!(code, 200);
    assert!(host["Memory"]["total"].as_u64().unwrap() > 0, "{host}");
    assert!(host["Disk"]["total"].as_u64().unwrap() > 0, "{host}");
    assert_eq!(host["Host"]["os"], "linux");
    assert_eq!(host["Errors"], json!([]));
}

#[tokio::test]
async fn services_from_config_files_register_and_reload_by_difference() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("conf.d");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(
        conf.join("web.json"),
        r#"{"service": {"name": "web", "port": 80, "tags": ["a"],
                        "check": {"ttl": "1m", "status": "passing"}},
            "checks": [{"id": "disk", "name": "disk", "ttl": "1m"}]}"#,
    )
    .unwrap();
    std::fs::write(
        conf.join("db.json"),
        r#"{"services": [{"name": "db", "port": 5432}]}"#,
    )
    .unwrap();
    let flag = format!("-config-dir={}", conf.display());
    let mut agent = Agent::start_with(roster_bin(), "ae-conf", &[&flag]).unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let (_, services) = get_json(&agent, "/v1/agent/services").await;
    assert_eq!(services["web"]["Tags"], json!(["a"]));
    assert_eq!(services["db"]["Port"], 5432);
    let (_, checks) = get_json(&agent, "/v1/agent/checks").await;
    assert_eq!(checks["service:web"]["Status"], "passing");
    assert!(checks.get("disk").is_some());
    // An API registration beside them.
    let (code, _) = put(
        &agent,
        "/v1/agent/service/register",
        Some(&json!({"Name": "api"})),
    )
    .await;
    assert_eq!(code, 200);
    wait_json(&agent, "/v1/catalog/services", "all three", |b| {
        ["web", "db", "api"].iter().all(|s| b.get(*s).is_some())
    })
    .await;

    // db goes, web changes, cache arrives; a reload applies the difference.
    std::fs::remove_file(conf.join("db.json")).unwrap();
    std::fs::write(
        conf.join("web.json"),
        r#"{"services": [{"name": "web", "port": 80, "tags": ["b"]}, {"name": "cache"}]}"#,
    )
    .unwrap();
    let (code, out, err) = cli(&agent, &["reload"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "Configuration reload triggered\n"),
        "{err}"
    );
    let (_, services) = get_json(&agent, "/v1/agent/services").await;
    let mut names: Vec<&String> = services.as_object().unwrap().keys().collect();
    names.sort();
    assert_eq!(names, ["api", "cache", "web"]);
    assert_eq!(services["web"]["Tags"], json!(["b"]));
    let (_, checks) = get_json(&agent, "/v1/agent/checks").await;
    assert!(
        checks.get("disk").is_none() && checks.get("service:web").is_none(),
        "{checks}"
    );
    wait_json(&agent, "/v1/catalog/services", "the catalog follows", |b| {
        b.get("db").is_none() && b.get("cache").is_some() && b["web"] == json!(["b"])
    })
    .await;

    // A broken definition: the reload fails and nothing changes.
    std::fs::write(conf.join("bad.json"), r#"{"service": {"port": 1}}"#).unwrap();
    let (code, text) = put(&agent, "/v1/agent/reload", None).await;
    assert_eq!(code, 500);
    assert!(text.contains("Missing service name"), "{text}");
    let (_, after) = get_json(&agent, "/v1/agent/services").await;
    assert_eq!(after, services);
    std::fs::remove_file(conf.join("bad.json")).unwrap();

    // A restart keeps the API's service and reads the files again; the
    // files' services are not kept on their own.
    std::fs::remove_file(conf.join("web.json")).unwrap();
    agent.terminate();
    agent.restart().unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let (_, services) = get_json(&agent, "/v1/agent/services").await;
    let names: Vec<&String> = services.as_object().unwrap().keys().collect();
    assert_eq!(names, ["api"]);
}

#[tokio::test]
async fn events_with_service_and_tag_filters_reach_only_agents_with_such_services() {
    let (server, client) = server_and_client("ae-events").await;
    let (code, _) = put(
        &client,
        "/v1/agent/service/register",
        Some(&json!({"Name": "redis", "Tags": ["primary"]})),
    )
    .await;
    assert_eq!(code, 200);
    for (name, query) in [
        ("by-service", "service=red"),
        ("by-tag", "service=redis&tag=prim"),
        ("wrong-tag", "service=redis&tag=replica"),
        ("marker", ""),
    ] {
        let (code, text) = put(&server, &format!("/v1/event/fire/{name}?{query}"), None).await;
        assert_eq!(code, 200, "{text}");
    }
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["Name"].as_str().unwrap().to_string())
            .collect()
    };
    let has_all = |b: &Value, wanted: &[&str]| {
        let got = names(b);
        wanted.iter().all(|w| got.iter().any(|g| g == w))
    };
    wait_json(&client, "/v1/event/list", "the client's events", |b| {
        has_all(b, &["by-service", "by-tag", "marker"])
    })
    .await;
    wait_json(&server, "/v1/event/list", "the server's events", |b| {
        has_all(b, &["marker"])
    })
    .await;
    // Gossip delivers every event to every agent within a moment; the
    // filtered ones never show where they do not match.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (_, on_client) = get_json(&client, "/v1/event/list").await;
    let mut got = names(&on_client);
    got.sort();
    assert_eq!(got, ["by-service", "by-tag", "marker"]);
    let (_, on_server) = get_json(&server, "/v1/event/list").await;
    assert_eq!(names(&on_server), ["marker"], "the server has no redis");
}

#[tokio::test]
async fn a_server_that_comes_back_empty_gets_the_clients_services_at_once() {
    // The default anti-entropy interval (a minute): the full sync a joining
    // server triggers brings the service back within seconds (the log shows
    // that it fired; a retry of an earlier failed sync may also help).
    let mut server = must_start("ae-rejoin-s").await;
    let join = format!("-retry-join={}", server.lan_addr());
    let client =
        Agent::start_client(roster_bin(), "ae-rejoin-c", &[&join, "-retry-interval=1s"]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    let (code, _) = put(
        &client,
        "/v1/agent/service/register",
        Some(&json!({"Name": "precious"})),
    )
    .await;
    assert_eq!(code, 200);
    wait_json(&server, "/v1/catalog/service/precious", "registered", |b| {
        b.as_array().is_some_and(|a| a.len() == 1)
    })
    .await;
    // The server loses its state (its Raft data, not its identity files).
    server.kill9();
    std::fs::remove_dir_all(server.data_dir.join("state")).unwrap();
    let _ = std::fs::remove_dir_all(server.data_dir.join("serf"));
    tokio::time::sleep(Duration::from_secs(3)).await;
    server.restart().unwrap();
    server.wait_ready(START_TIMEOUT).await.unwrap();
    let started = std::time::Instant::now();
    wait_for(
        Duration::from_secs(40),
        "the service back in the new catalog",
        || async {
            let (code, body) = get_json(&server, "/v1/catalog/service/precious").await;
            code == 200 && body.as_array().is_some_and(|a| a.len() == 1)
        },
    )
    .await
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "back after {:?}",
        started.elapsed()
    );
    // The client noticed the server come back and synced in full.
    wait_for(
        Duration::from_secs(10),
        "the join-triggered full sync",
        || async {
            client
                .log()
                .contains("a server joined: full anti-entropy sync")
        },
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn agent_services_and_checks_take_filter_expressions() {
    let agent = must_start("ae-filter").await;
    for (name, tags) in [("web", json!(["v1"])), ("db", json!(["v2"]))] {
        let (code, _) = put(
            &agent,
            "/v1/agent/service/register",
            Some(&json!({"Name": name, "Tags": tags, "Check": {"TTL": "1m"}})),
        )
        .await;
        assert_eq!(code, 200);
    }
    let enc = |f: &str| {
        percent_encoding::utf8_percent_encode(f, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let (_, services) = get_json(
        &agent,
        &format!("/v1/agent/services?filter={}", enc("Tags contains v1")),
    )
    .await;
    let names: Vec<&String> = services.as_object().unwrap().keys().collect();
    assert_eq!(names, ["web"]);
    let (_, checks) = get_json(
        &agent,
        &format!("/v1/agent/checks?filter={}", enc("ServiceName == db")),
    )
    .await;
    let ids: Vec<&String> = checks.as_object().unwrap().keys().collect();
    assert_eq!(ids, ["service:db"]);
    let (code, text) = get_json(
        &agent,
        &format!("/v1/agent/services?filter={}", enc("Nope ==")),
    )
    .await;
    assert_eq!(code, 400, "{text}");
}

#[tokio::test]
async fn alias_checks_follow_a_local_service_and_a_remote_node() {
    let (server, client) = server_and_client("alias").await;
    let status_of = |v: &Value, id: &str| -> Option<(String, String)> {
        v.get(id).map(|c| {
            (
                c["Status"].as_str().unwrap_or_default().to_string(),
                c["Output"].as_str().unwrap_or_default().to_string(),
            )
        })
    };
    // A local alias: web-sidecar's health is web's.
    for body in [
        json!({"Name": "web", "ID": "web", "Check": {"CheckID": "web-ttl", "TTL": "10m", "Status": "passing"}}),
        json!({"Name": "web-sidecar", "ID": "web-sidecar",
               "Check": {"CheckID": "web-alias", "Name": "web alias", "AliasService": "web"}}),
    ] {
        assert_eq!(
            put(&client, "/v1/agent/service/register", Some(&body))
                .await
                .0,
            200
        );
    }
    let alias_is = |status: &'static str, output: &'static str| {
        let client = &client;
        async move {
            wait_json(
                client,
                "/v1/agent/checks",
                &format!("alias {status}"),
                |v| {
                    status_of(v, "web-alias")
                        .is_some_and(|(s, o)| s == status && o.contains(output))
                },
            )
            .await
        }
    };
    alias_is("passing", "All checks passing.").await;
    let (_, checks) = get_json(&client, "/v1/agent/checks").await;
    assert_eq!(checks["web-alias"]["Type"], "alias");
    assert_eq!(
        put(&client, "/v1/agent/check/fail/web-ttl?note=down", None)
            .await
            .0,
        200
    );
    alias_is("critical", "failing: down").await;
    // It reaches the catalog like any check.
    wait_json(
        &server,
        "/v1/health/service/web-sidecar",
        "alias in the catalog",
        |v| {
            v[0]["Checks"].as_array().is_some_and(|c| {
                c.iter()
                    .any(|c| c["CheckID"] == "web-alias" && c["Status"] == "critical")
            })
        },
    )
    .await;
    assert_eq!(
        put(&client, "/v1/agent/check/pass/web-ttl", None).await.0,
        200
    );
    alias_is("passing", "All checks passing.").await;
    assert_eq!(
        put(&client, "/v1/agent/service/deregister/web", None)
            .await
            .0,
        200
    );
    alias_is("critical", "Service web could not be found on node").await;

    // A remote alias: a node registered in the catalog, and its service.
    let ext = |status: &str| {
        json!({"Node": "ext", "Address": "10.3.3.3", "Service": {"ID": "db", "Service": "db"},
               "Check": {"CheckID": "db-check", "Name": "db check", "ServiceID": "db", "Status": status, "Output": "said db"}})
    };
    let (code, _) = put(&server, "/v1/catalog/register", Some(&ext("passing"))).await;
    assert_eq!(code, 200);
    let (code, body) = put(
        &client,
        "/v1/agent/check/register",
        Some(&json!({"Name": "ext db", "CheckID": "ext-db", "AliasNode": "ext", "AliasService": "db"})),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let remote_is = |status: &'static str, output: &'static str| {
        let client = &client;
        async move {
            wait_json(
                client,
                "/v1/agent/checks",
                &format!("remote alias {status}"),
                |v| status_of(v, "ext-db").is_some_and(|(s, o)| s == status && o.contains(output)),
            )
            .await
        }
    };
    remote_is("passing", "All checks passing.").await;
    let (code, _) = put(&server, "/v1/catalog/register", Some(&ext("warning"))).await;
    assert_eq!(code, 200);
    remote_is("warning", "\"db check\" failing: said db").await;
    let (code, _) = put(
        &server,
        "/v1/catalog/deregister",
        Some(&json!({"Node": "ext", "ServiceID": "db"})),
    )
    .await;
    assert_eq!(code, 200);
    remote_is("critical", "Service db could not be found on node ext").await;
}

#[tokio::test]
async fn an_agent_service_read_blocks_on_its_content_hash() {
    let agent = must_start("agent-hash").await;
    let register = |tags: Value| json!({"Name": "web", "ID": "web-h", "Port": 80, "Tags": tags});
    assert_eq!(
        put(
            &agent,
            "/v1/agent/service/register",
            Some(&register(json!(["a"])))
        )
        .await
        .0,
        200
    );
    let read = |query: String| {
        let url = format!("{}/v1/agent/service/web-h{query}", agent.http_base());
        async move {
            let started = tokio::time::Instant::now();
            let r = http().get(url).send().await.unwrap();
            let status = r.status().as_u16();
            let hash = r
                .headers()
                .get("x-consul-contenthash")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            (status, hash, body, started.elapsed())
        }
    };
    let (status, hash, body, _) = read(String::new()).await;
    assert_eq!(status, 200);
    assert_eq!(hash.len(), 16, "a content hash: {hash:?}");
    assert_eq!(body["Tags"], json!(["a"]));
    // The same definition hashes the same; a wait with nothing changed
    // ends with the same hash.
    let (_, again, _, took) = read(format!("?hash={hash}&wait=1s")).await;
    assert_eq!(again, hash);
    assert!(took >= std::time::Duration::from_secs(1), "waited {took:?}");
    // A stale hash answers at once.
    let (_, now, _, took) = read("?hash=0123456789abcdef&wait=5m".into()).await;
    assert_eq!(now, hash);
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    // A change wakes a blocked read with the new definition.
    let blocked = tokio::spawn(read(format!("?hash={hash}&wait=5m")));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!blocked.is_finished());
    assert_eq!(
        put(
            &agent,
            "/v1/agent/service/register",
            Some(&register(json!(["b"])))
        )
        .await
        .0,
        200
    );
    let (status, changed, body, _) =
        tokio::time::timeout(std::time::Duration::from_secs(30), blocked)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(status, 200);
    assert_ne!(changed, hash);
    assert_eq!(body["Tags"], json!(["b"]));
    // An unknown service is 404, blocking or not.
    let r = http()
        .get(format!(
            "{}/v1/agent/service/nope?hash={hash}",
            agent.http_base()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

//! The `roster` command line: kv, version, config errors, the data-dir lock.

use roster_testkit::run_cli;

use super::*;

#[tokio::test]
async fn kv_commands_talk_to_the_agent_named_by_consul_http_addr() {
    let agent = must_start("cli-kv").await;
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    let env = [("CONSUL_HTTP_ADDR", addr.as_str())];
    let bin = roster_bin();
    let run = |args: &[&str]| run_cli(bin, args, &env).unwrap();

    let (code, out, _) = run(&["kv", "put", "-flags=5", "cfg/a", "alpha"]);
    assert_eq!((code, out.trim()), (0, "Success! Data written to: cfg/a"));
    run(&["kv", "put", "cfg/b", "beta"]);
    let (code, out, _) = run(&["kv", "get", "cfg/a"]);
    assert_eq!((code, out.as_str()), (0, "alpha\n"));
    let (_, out, _) = run(&["kv", "get", "-recurse", "cfg/"]);
    assert_eq!(out, "cfg/a:alpha\ncfg/b:beta\n");
    let (_, out, _) = run(&["kv", "get", "-detailed", "cfg/a"]);
    assert!(out.contains("Flags            5"), "{out}");

    let (code, _, err) = run(&["kv", "put", "-cas", "-modify-index=1", "cfg/a", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("CAS failed"), "{err}");
    let (code, _, err) = run(&["kv", "get", "missing"]);
    assert_eq!(code, 1);
    assert!(err.contains("Error! No key exists at: missing"), "{err}");

    let (code, out, _) = run(&["kv", "delete", "cfg/a"]);
    assert_eq!((code, out.trim()), (0, "Success! Deleted key: cfg/a"));
    let (code, out, _) = run(&["kv", "delete", "-recurse", "cfg/"]);
    assert_eq!(
        (code, out.trim()),
        (0, "Success! Deleted keys with prefix: cfg/")
    );
    let (code, _, _) = run(&["kv", "get", "cfg/b"]);
    assert_eq!(code, 1);

    // -http-addr overrides the environment.
    let (code, _, err) = run_cli(bin, &["kv", "get", "-http-addr=127.0.0.1:1", "x"], &env).unwrap();
    assert_eq!(code, 1);
    assert!(err.contains("127.0.0.1:1"), "{err}");
}

#[test]
fn version_prints_the_version() {
    let (code, out, _) = run_cli(roster_bin(), &["version"], &[]).unwrap();
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("Roster v{}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
}

/// Without an explicit bind the agent picks the host's one private IPv4
/// address, and refuses on hosts with several (Docker bridges, VPNs). These
/// tests are about other errors, so they bind to loopback.
const BIND: &str = "-bind=127.0.0.1";

#[test]
fn bad_configuration_fails_fast_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad_json = dir.path().join("bad.json");
    std::fs::write(
        &bad_json,
        "{\n  \"server\": true,\n  \"ports\": {\"http\": 1,}\n}",
    )
    .unwrap();
    let data = format!("-data-dir={}", dir.path().join("d").display());
    let config = format!("-config-file={}", bad_json.display());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "agent",
                "-server",
                "-bootstrap",
                BIND,
                &data,
                "-http-port=99999",
            ],
            "http_port",
        ),
        (
            vec!["agent", "-server", "-bootstrap", BIND, &data, &config],
            "line 3",
        ),
        (vec!["agent", "-server", "-bootstrap", BIND], "data_dir"),
        (
            vec!["agent", "-server", BIND, &data, "-encrypt=abc"],
            "encrypt",
        ),
    ];
    for (args, want) in cases {
        let (code, _, err) = run_cli(roster_bin(), &args, &[]).unwrap();
        assert_ne!(code, 0, "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[tokio::test]
async fn a_second_agent_on_the_same_data_dir_fails_fast() {
    let agent = must_start("lock").await;
    let data = format!("-data-dir={}", agent.data_dir.display());
    let (code, _, err) = run_cli(
        roster_bin(),
        &[
            "agent",
            "-server",
            "-bootstrap",
            BIND,
            &data,
            "-http-port=-1",
            "-grpc-port=-1",
            "-server-port=1",
        ],
        &[],
    )
    .unwrap();
    assert_ne!(code, 0);
    assert!(err.contains("in use by another roster agent"), "{err}");
    // The first agent is unharmed.
    assert_eq!(must_put(&agent, "still", "fine").await.0, 200);
}

#[tokio::test]
async fn sigterm_stops_the_agent_cleanly_and_data_survives() {
    let mut agent = must_start("sigterm").await;
    must_put(&agent, "durable", "yes").await;
    assert_eq!(agent.terminate(), Some(0));
    agent.restart().unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let (_, _, body) = must_get(&agent, "/v1/kv/durable?raw").await;
    assert_eq!(body, "yes");
}

#[tokio::test]
async fn an_agent_runs_from_a_consul_json_config_file_alone() {
    let agent =
        roster_testkit::Agent::start_from_config(roster_bin(), "file", |ports, data_dir| {
            serde_json::json!({
                "server": true,
                "bootstrap_expect": 1,
                "data_dir": data_dir,
                "node_name": "from-file",
                "datacenter": "east",
                "bind_addr": "127.0.0.1",
                "client_addr": "127.0.0.1",
                "ports": {"http": ports.http, "grpc": -1, "dns": -1, "server": ports.server,
                          "serf_lan": ports.serf_lan, "serf_wan": ports.serf_wan},
                "telemetry": {"disable_hostname": true}
            })
        })
        .unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    let (_, _, leader) = must_get(&agent, "/v1/status/leader").await;
    assert!(leader.contains(&agent.ports.server.to_string()), "{leader}");
    let logged = agent.log();
    assert!(logged.contains("Node name: 'from-file'"), "{logged}");
    assert!(logged.contains("Datacenter: 'east'"), "{logged}");
    assert!(
        logged.contains("\"telemetry\""),
        "unknown keys are warned about: {logged}"
    );
}

#[tokio::test]
async fn a_configuration_asking_for_protection_that_is_not_built_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = format!("-data-dir={}", dir.path().join("d").display());
    let tls = dir.path().join("tls.json");
    std::fs::write(
        &tls,
        r#"{"auto_encrypt": {"tls": true}, "http_config": {"block_endpoints": ["/v1/acl"]}}"#,
    )
    .unwrap();
    let tls_flag = format!("-config-file={}", tls.display());
    let (code, _, err) = run_cli(roster_bin(), &["agent", "-dev", &data, &tls_flag], &[]).unwrap();
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("auto_encrypt"), "{err}");
    assert!(err.contains("http_config.block_endpoints"), "{err}");

    // A later file that turns the protection off again starts: nothing is
    // left to enforce.
    let off = dir.path().join("tls-off.json");
    std::fs::write(
        &off,
        r#"{"auto_encrypt": {"tls": false}, "http_config": {"block_endpoints": []}}"#,
    )
    .unwrap();
    let off_flag = format!("-config-file={}", off.display());
    let agent = roster_testkit::Agent::start_with(roster_bin(), "tls-off", &[&tls_flag, &off_flag])
        .unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    assert_eq!(must_put(&agent, "open", "yes").await.0, 200);
}

#[test]
fn tls_ca_and_cert_create_write_consuls_files() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(roster_bin())
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["tls", "ca", "create"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "==> Saved consul-agent-ca.pem\n==> Saved consul-agent-ca-key.pem\n"
    );
    let out = run(&[
        "tls",
        "cert",
        "create",
        "-server",
        "-dc=east",
        "-additional-ipaddress=10.1.2.3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("==> Saved east-server-consul-0.pem"));
    let out = run(&["tls", "cert", "create", "-client", "-dc=east"]);
    assert!(out.status.success());
    let pem = std::fs::read_to_string(dir.path().join("east-server-consul-0.pem")).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    // Neither kind, or a CA that is not there, is an error.
    assert!(!run(&["tls", "cert", "create"]).status.success());
    let out = run(&["tls", "cert", "create", "-server", "-ca=missing.pem"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.pem"));
    // With openssl at hand, it agrees the chain holds.
    if std::path::Path::new("/usr/bin/openssl").exists() {
        let verify = std::process::Command::new("openssl")
            .args([
                "verify",
                "-CAfile",
                "consul-agent-ca.pem",
                "east-server-consul-0.pem",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            verify.status.success(),
            "{}",
            String::from_utf8_lossy(&verify.stdout)
        );
    } else {
        eprintln!("NOT CHECKED: openssl is not installed; the chain was not cross-checked");
    }
}

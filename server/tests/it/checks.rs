//! Check kinds that need more than a socket: HTTPS, gRPC over TLS and
//! H2PING against TLS and HTTP/2 targets the test starts, and docker checks
//! in a container the test builds and starts (with Docker available; in CI
//! it must be).

use std::process::Command;

use roster_testkit::{Agent, netns::skip_or_fail, tls};
use serde_json::json;

use super::{
    agent_services::{get_json, output, put, wait_statuses},
    *,
};

#[tokio::test]
async fn https_grpc_tls_and_h2ping_checks_run_through_the_agent() {
    let agent = must_start("checks-tls").await;
    let (https, _) = tls::https_server(&["localhost"], 200).await;
    let (grpc_tls, _) = tls::h2_server(Some(&["localhost"])).await;
    // The agent's own gRPC port speaks HTTP/2 over cleartext.
    let h2c = agent
        .grpc_endpoint()
        .trim_start_matches("http://")
        .to_string();
    let (code, text) = put(
        &agent,
        "/v1/agent/service/register",
        Some(&json!({
            "Name": "secure",
            "Checks": [
                {"CheckID": "https-skip", "HTTP": format!("https://{https}/"),
                 "TLSSkipVerify": true, "Interval": "1s"},
                {"CheckID": "https-verify", "HTTP": format!("https://{https}/"),
                 "Interval": "1s", "Status": "passing"},
                {"CheckID": "grpc-tls", "GRPC": grpc_tls, "GRPCUseTLS": true,
                 "TLSSkipVerify": true, "Interval": "1s"},
                {"CheckID": "h2ping-plain", "H2PING": h2c, "H2PingUseTLS": false,
                 "Interval": "1s"},
                {"CheckID": "h2ping-default-tls", "H2PING": h2c, "Interval": "1s",
                 "Status": "passing"}
            ]
        })),
    )
    .await;
    assert_eq!(code, 200, "{text}");
    let checks = wait_statuses(
        &agent,
        "secure",
        &[
            ("https-skip", "passing"),
            ("https-verify", "critical"),
            ("grpc-tls", "passing"),
            ("h2ping-plain", "passing"),
            ("h2ping-default-tls", "critical"),
        ],
    )
    .await;
    assert!(
        output(&checks, "https-skip").contains(": 200 OK Output: host="),
        "{checks}"
    );
    assert_eq!(output(&checks, "h2ping-plain"), "HTTP2 ping was successful");
    assert!(
        output(&checks, "h2ping-default-tls").contains("TLS handshake"),
        "{checks}"
    );
    let (_, agent_checks) = get_json(&agent, "/v1/agent/checks").await;
    assert_eq!(agent_checks["h2ping-plain"]["Type"], "h2ping");
    assert_eq!(agent_checks["grpc-tls"]["Type"], "grpc");
    // The catalog keeps how each check runs, with Consul's default shown.
    let (_, node) = get_json(&agent, "/v1/health/checks/secure").await;
    let definition = |id: &str| {
        node.as_array()
            .unwrap()
            .iter()
            .find(|c| c["CheckID"] == id)
            .unwrap()["Definition"]
            .clone()
    };
    assert_eq!(definition("h2ping-default-tls")["H2PingUseTLS"], true);
    assert!(definition("h2ping-plain").get("H2PingUseTLS").is_none());
}

/// `docker ...`; its stdout, or why it failed.
fn docker(args: &[&str]) -> Result<String, String> {
    let out = Command::new("docker")
        .args(args)
        .output()
        .map_err(|e| format!("docker: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "docker {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// An image holding only Debian's static busybox, imported offline (no
/// registry is needed); its name.
fn busybox_image() -> Result<&'static str, String> {
    const IMAGE: &str = "roster-test/busybox:latest";
    if docker(&["image", "inspect", IMAGE]).is_ok() {
        return Ok(IMAGE);
    }
    let busybox = ["/bin/busybox", "/usr/bin/busybox"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .ok_or("no busybox (Debian's busybox-static) on this machine")?;
    let root = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::create_dir(root.path().join("bin")).map_err(|e| e.to_string())?;
    std::fs::copy(busybox, root.path().join("bin/busybox")).map_err(|e| e.to_string())?;
    std::os::unix::fs::symlink("busybox", root.path().join("bin/sh")).map_err(|e| e.to_string())?;
    let tar = root.path().with_extension("tar");
    let status = Command::new("tar")
        .args(["-C", &root.path().display().to_string(), "-cf"])
        .arg(&tar)
        .arg(".")
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("tar failed".into());
    }
    let imported = docker(&["import", &tar.display().to_string(), IMAGE]);
    let _ = std::fs::remove_file(&tar);
    imported.map(|_| IMAGE)
}

/// A running container, removed (by name) when dropped.
struct Container(String);

impl Drop for Container {
    fn drop(&mut self) {
        let _ = docker(&["rm", "-f", &self.0]);
    }
}

#[tokio::test]
async fn docker_checks_run_in_a_container() {
    const TEST: &str = "checks::docker_checks_run_in_a_container";
    if let Err(why) = docker(&["info", "--format", "{{.ServerVersion}}"]) {
        return skip_or_fail(TEST, &format!("Docker is not usable here: {why}"));
    }
    let image = match busybox_image() {
        Ok(i) => i,
        Err(why) => return skip_or_fail(TEST, &why),
    };
    let name = format!("roster-docker-check-{}", std::process::id());
    let _ = docker(&["rm", "-f", &name]);
    docker(&[
        "run",
        "-d",
        "--name",
        &name,
        image,
        "/bin/busybox",
        "sleep",
        "600",
    ])
    .expect("start a container");
    let _container = Container(name.clone());
    let agent = Agent::start_with_env(
        roster_bin(),
        "checks-docker",
        true,
        &["-enable-script-checks"],
        &[],
    )
    .unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    // Each starts in a status it will leave, so the one awaited was probed.
    let check = |id: &str, container: &str, script: &str, start: &str| {
        json!({"CheckID": id, "DockerContainerID": container,
               "Args": ["/bin/sh", "-c", script], "Interval": "1s", "Status": start})
    };
    let (code, text) = put(
        &agent,
        "/v1/agent/service/register",
        Some(&json!({
            "Name": "boxed",
            "Checks": [
                check("docker-ok", &name, "echo fine", "critical"),
                check("docker-warn", &name, "echo slow >&2; exit 1", "passing"),
                check("docker-fail", &name, "exit 3", "passing"),
                check("docker-noisy", &name, "/bin/busybox seq 1 3000", "critical"),
                check("docker-ghost", "no-such-container-here", "true", "passing"),
            ]
        })),
    )
    .await;
    assert_eq!(code, 200, "{text}");
    let checks = wait_statuses(
        &agent,
        "boxed",
        &[
            ("docker-ok", "passing"),
            ("docker-warn", "warning"),
            ("docker-fail", "critical"),
            ("docker-noisy", "passing"),
            ("docker-ghost", "critical"),
        ],
    )
    .await;
    assert_eq!(output(&checks, "docker-ok"), "fine\n");
    assert_eq!(output(&checks, "docker-warn"), "slow\n");
    // seq 1 3000 prints 13,893 bytes: its end is kept, with Consul's line
    // saying how much, all within the 4 KiB an output may take.
    let noisy = output(&checks, "docker-noisy");
    let (header, kept) = noisy.split_once("\n...\n").expect("a Captured line");
    let count: usize = header
        .strip_prefix("Captured ")
        .and_then(|h| h.strip_suffix(" of 13893 bytes"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{header:?}"));
    assert_eq!(count, kept.len());
    assert!(noisy.len() <= 4096 && noisy.len() > 4000, "{}", noisy.len());
    assert!(kept.ends_with("2999\n3000\n"), "{kept}");
    assert!(
        output(&checks, "docker-ghost").contains("No such container"),
        "{checks}"
    );
    let (_, agent_checks) = get_json(&agent, "/v1/agent/checks").await;
    assert_eq!(agent_checks["docker-ok"]["Type"], "docker");
}

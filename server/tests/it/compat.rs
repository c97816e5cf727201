//! Existing Consul clients against Roster, unchanged: python-consul (PyPI,
//! installed into `.venv` by `scripts/install-deps.sh test`) runs
//! register → health → watch → deregister against a client agent of a
//! server + client cluster.

use roster_testkit::{Agent, netns::skip_or_fail};

use super::*;

/// The repository's `.venv` Python, if python-consul is importable there.
fn python_with_consul() -> Option<std::path::PathBuf> {
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python");
    let ok = std::process::Command::new(&python)
        .args(["-c", "import consul"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(python)
}

#[tokio::test]
async fn python_consul_registers_watches_and_deregisters() {
    let Some(python) = python_with_consul() else {
        skip_or_fail(
            "python_consul_registers_watches_and_deregisters",
            "python-consul is not installed in .venv (scripts/install-deps.sh test installs it)",
        );
        return;
    };
    let server = must_start("compat-s").await;
    let join = format!("-retry-join={}", server.lan_addr());
    let client = Agent::start_client(roster_bin(), "compat-c", &[&join]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat/python_consul.py");
    let port = client.ports.http.to_string();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg(script)
            .arg(port)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "python-consul failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("behave"), "{stdout}");
}

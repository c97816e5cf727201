//! Multi-process test harness: starts real `roster agent` processes on
//! 127.0.0.1 with their own free ports and temp data dirs, waits until they
//! serve, kills them by PID (`kill -9` for crash tests), and prints each
//! agent's log when a test fails.
//!
//! Synchronise with [`wait_for`], never with a bare sleep.

use std::{
    future::Future,
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};

/// Polls `cond` until it returns true or `timeout` passes; the only sleep
/// in tests lives here.
pub async fn wait_for<F, Fut>(timeout: Duration, what: &str, mut cond: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if cond().await {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind an ephemeral port")
}

/// Ports of one agent.
#[derive(Debug, Clone, Copy)]
pub struct Ports {
    /// HTTP API.
    pub http: u16,
    /// gRPC API.
    pub grpc: u16,
    /// Server (Raft) port.
    pub server: u16,
    /// LAN gossip.
    pub serf_lan: u16,
    /// WAN gossip.
    pub serf_wan: u16,
}

impl Ports {
    /// Fresh free ports.
    pub fn free() -> Ports {
        Ports {
            http: free_port(),
            grpc: free_port(),
            server: free_port(),
            serf_lan: free_port(),
            serf_wan: free_port(),
        }
    }
}

/// One `roster agent` process.
pub struct Agent {
    binary: PathBuf,
    child: Option<Child>,
    /// Its ports.
    pub ports: Ports,
    /// Its data dir (kept across restarts).
    pub data_dir: PathBuf,
    _temp: tempfile::TempDir,
    log_path: PathBuf,
    extra_args: Vec<String>,
    /// When set, the agent runs from this Consul JSON file alone.
    config_file: Option<PathBuf>,
    name: String,
}

impl Agent {
    /// Starts a single bootstrapped server with `binary`.
    pub fn start_server(binary: impl AsRef<Path>, name: &str) -> anyhow::Result<Agent> {
        Agent::start_with(binary, name, &[])
    }

    /// Starts a single bootstrapped server with extra flags.
    pub fn start_with(
        binary: impl AsRef<Path>,
        name: &str,
        extra_args: &[&str],
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, extra_args)?;
        agent.spawn()?;
        Ok(agent)
    }

    /// Starts an agent with no flags but `-config-file`: `config` builds the
    /// Consul JSON from the agent's free ports and data dir.
    pub fn start_from_config(
        binary: impl AsRef<Path>,
        name: &str,
        config: impl FnOnce(&Ports, &Path) -> serde_json::Value,
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, &[])?;
        let path = agent._temp.path().join("config.json");
        std::fs::write(&path, config(&agent.ports, &agent.data_dir).to_string())?;
        agent.config_file = Some(path);
        agent.spawn()?;
        Ok(agent)
    }

    fn new(binary: impl AsRef<Path>, name: &str, extra_args: &[&str]) -> anyhow::Result<Agent> {
        let temp = tempfile::Builder::new()
            .prefix(&format!("roster-test-{name}-"))
            .tempdir()?;
        let data_dir = temp.path().join("data");
        let log_path = temp.path().join("agent.log");
        let agent = Agent {
            binary: binary.as_ref().to_path_buf(),
            child: None,
            ports: Ports::free(),
            data_dir,
            _temp: temp,
            log_path,
            extra_args: extra_args.iter().map(|s| s.to_string()).collect(),
            config_file: None,
            name: name.to_string(),
        };
        Ok(agent)
    }

    /// The flags this agent runs with.
    pub fn args(&self) -> Vec<String> {
        if let Some(path) = &self.config_file {
            return vec!["agent".into(), format!("-config-file={}", path.display())];
        }
        let p = self.ports;
        let mut args = vec![
            "agent".to_string(),
            "-server".into(),
            "-bootstrap-expect=1".into(),
            format!("-data-dir={}", self.data_dir.display()),
            format!("-node={}", self.name),
            "-bind=127.0.0.1".into(),
            "-client=127.0.0.1".into(),
            format!("-http-port={}", p.http),
            format!("-grpc-port={}", p.grpc),
            format!("-server-port={}", p.server),
            format!("-serf-lan-port={}", p.serf_lan),
            format!("-serf-wan-port={}", p.serf_wan),
            "-dns-port=-1".into(),
            "-log-level=debug".into(),
        ];
        args.extend(self.extra_args.iter().cloned());
        args
    }

    fn spawn(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)?;
        let child = Command::new(&self.binary)
            .args(self.args())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("spawn {}", self.binary.display()))?;
        self.child = Some(child);
        Ok(())
    }

    /// The process id, if running.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// `http://127.0.0.1:<http port>`.
    pub fn http_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports.http)
    }

    /// `http://127.0.0.1:<grpc port>` (for tonic endpoints).
    pub fn grpc_endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports.grpc)
    }

    /// Everything the agent logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Waits until the agent answers HTTP with a known leader.
    pub async fn wait_ready(&self, timeout: Duration) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let url = format!("{}/v1/status/leader", self.http_base());
        let result = wait_for(timeout, "a known leader", || {
            let client = client.clone();
            let url = url.clone();
            async move {
                match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => r
                        .json::<String>()
                        .await
                        .map(|leader| !leader.is_empty())
                        .unwrap_or(false),
                    _ => false,
                }
            }
        })
        .await;
        if result.is_err() {
            eprintln!("--- log of {} ---\n{}", self.name, self.log());
        }
        result
    }

    /// `kill -9` and reap the process.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
        }
    }

    /// SIGTERM and wait for a clean exit; returns the exit status code.
    pub fn terminate(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        child.wait().ok().and_then(|s| s.code())
    }

    /// Starts the process again with the same ports and data dir.
    pub fn restart(&mut self) -> anyhow::Result<()> {
        if self.child.is_some() {
            bail!("agent {} is still running", self.name);
        }
        self.spawn()
    }
}

impl Drop for Agent {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- log of {} ---\n{}", self.name, self.log());
        }
        self.kill9();
    }
}

/// Runs the `roster` binary to completion with `args` and env, returning
/// (exit code, stdout, stderr).
pub fn run_cli(
    binary: impl AsRef<Path>,
    args: &[&str],
    env: &[(&str, &str)],
) -> anyhow::Result<(i32, String, String)> {
    let mut cmd = Command::new(binary.as_ref());
    cmd.args(args).stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output()?;
    Ok((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

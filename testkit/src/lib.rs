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

pub mod lazyfs;
pub mod linearizability;
pub mod netns;
pub mod tls;

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

/// Where test ports come from: below Linux's ephemeral range (32768 and
/// up), where outgoing connections take their local ports. A port chosen
/// there (as binding port 0 does) was seen taken by some test's outgoing
/// connection before the agent bound it ("Address already in use").
const PORTS: std::ops::Range<u16> = 10_000..32_768;

/// How long a port handed to one test stays out of every other test's
/// reach (see [`reserve`]).
const PORT_RESERVATION: Duration = Duration::from_secs(20 * 60);

/// Claims `port` for this test across processes (nextest runs each test in
/// its own): a file per port under the temp dir, created exclusively, or
/// taken over once older than [`PORT_RESERVATION`]. Between choosing a free
/// port and its agent binding it, another test could choose the same one
/// (seen: a server that never started, its WAN port held by another test's
/// agent).
fn reserve(port: u16) -> bool {
    let dir = std::env::temp_dir().join("roster-test-ports");
    if std::fs::create_dir_all(&dir).is_err() {
        return true;
    }
    let file = dir.join(port.to_string());
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
    {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let stale = std::fs::metadata(&file)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > PORT_RESERVATION);
            // Take over an old reservation (touching it restarts its clock).
            stale && std::fs::write(&file, b"").is_ok()
        }
        Err(_) => true,
    }
}

/// A port free for TCP and UDP on 127.0.0.1, reserved from other tests
/// (for a server a test starts itself).
pub fn free_udp_tcp_port() -> u16 {
    bind_unused(true).0
}

/// Binds a random port of [`PORTS`] on 127.0.0.1 (and for UDP too, with
/// `udp_too`), keeping the sockets so that nobody else gets it meanwhile,
/// and reserves it from other tests.
fn bind_unused(udp_too: bool) -> (u16, TcpListener, Option<std::net::UdpSocket>) {
    use rand::Rng as _;
    let mut rng = rand::rng();
    loop {
        let port = rng.random_range(PORTS);
        let Ok(listener) = TcpListener::bind(("127.0.0.1", port)) else {
            continue;
        };
        let udp = if udp_too {
            match std::net::UdpSocket::bind(("127.0.0.1", port)) {
                Ok(socket) => Some(socket),
                Err(_) => continue,
            }
        } else {
            None
        };
        if !reserve(port) {
            continue;
        }
        return (port, listener, udp);
    }
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
    /// DNS (UDP and TCP).
    pub dns: u16,
}

impl Ports {
    /// Fresh free ports, all different: each stays bound until all are
    /// chosen, and the gossip ports are free for UDP too.
    pub fn free() -> Ports {
        let mut held = Vec::new();
        let mut take = |udp_too: bool| {
            let (port, listener, udp) = bind_unused(udp_too);
            held.push((listener, udp));
            port
        };
        Ports {
            http: take(false),
            grpc: take(false),
            server: take(false),
            serf_lan: take(true),
            serf_wan: take(true),
            dns: take(true),
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
    /// Server (bootstrapped, `-bootstrap-expect=1`) or client agent.
    server: bool,
    /// `-bootstrap-expect` of a server (1: a single bootstrapped server).
    expect: u32,
    /// The address it binds and serves on (127.0.0.1 unless in a netns).
    ip: String,
    /// Network namespace to run in (`ip netns exec`), if any.
    netns: Option<String>,
    name: String,
    /// Environment variables the process starts with.
    env: Vec<(String, String)>,
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

    /// Starts one server of a cluster formed by `-bootstrap-expect=<expect>`,
    /// with extra flags (typically `-retry-join=` another server's LAN
    /// address).
    pub fn start_cluster_server(
        binary: impl AsRef<Path>,
        name: &str,
        expect: u32,
        extra_args: &[&str],
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, extra_args)?;
        agent.expect = expect;
        agent.spawn()?;
        Ok(agent)
    }

    /// Starts a client agent (no `-server`) with extra flags, typically
    /// `-retry-join=127.0.0.1:<a server's serf_lan port>`.
    pub fn start_client(
        binary: impl AsRef<Path>,
        name: &str,
        extra_args: &[&str],
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, extra_args)?;
        agent.server = false;
        agent.spawn()?;
        Ok(agent)
    }

    /// Starts a bootstrapped server (`server`) or a client agent with extra
    /// flags and environment variables.
    pub fn start_with_env(
        binary: impl AsRef<Path>,
        name: &str,
        server: bool,
        extra_args: &[&str],
        env: &[(&str, &str)],
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, extra_args)?;
        agent.server = server;
        agent.env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        agent.spawn()?;
        Ok(agent)
    }

    /// Starts an agent inside network namespace `netns`, bound to `ip` (an
    /// address of that namespace), serving HTTP and gRPC on `ip` too.
    pub fn start_in_netns(
        binary: impl AsRef<Path>,
        name: &str,
        server: bool,
        netns: &str,
        ip: &str,
        extra_args: &[&str],
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, extra_args)?;
        agent.server = server;
        agent.netns = Some(netns.to_string());
        agent.ip = ip.to_string();
        agent.spawn()?;
        Ok(agent)
    }

    /// Starts one server of a `-bootstrap-expect=<expect>` cluster inside
    /// network namespace `netns`, bound to and serving on `ip`.
    pub fn start_cluster_server_in_netns(
        binary: impl AsRef<Path>,
        name: &str,
        expect: u32,
        netns: &str,
        ip: &str,
        extra_args: &[&str],
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, extra_args)?;
        agent.expect = expect;
        agent.netns = Some(netns.to_string());
        agent.ip = ip.to_string();
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

    /// Starts an agent with no flags but `-config-file=<file_name>`: `text`
    /// writes the file (JSON or HCL, by its extension) from the agent's
    /// free ports and data dir.
    pub fn start_from_config_text(
        binary: impl AsRef<Path>,
        name: &str,
        file_name: &str,
        text: impl FnOnce(&Ports, &Path) -> String,
    ) -> anyhow::Result<Agent> {
        let mut agent = Agent::new(binary, name, &[])?;
        let path = agent._temp.path().join(file_name);
        std::fs::write(&path, text(&agent.ports, &agent.data_dir))?;
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
            server: true,
            expect: 1,
            ip: "127.0.0.1".into(),
            netns: None,
            name: name.to_string(),
            env: Vec::new(),
        };
        Ok(agent)
    }

    /// The flags this agent runs with.
    pub fn args(&self) -> Vec<String> {
        if let Some(path) = &self.config_file {
            return vec!["agent".into(), format!("-config-file={}", path.display())];
        }
        let p = self.ports;
        let mut args = vec!["agent".to_string()];
        if self.server {
            args.extend([
                "-server".to_string(),
                format!("-bootstrap-expect={}", self.expect),
            ]);
        }
        args.extend([
            format!("-data-dir={}", self.data_dir.display()),
            format!("-node={}", self.name),
            format!("-bind={}", self.ip),
            format!("-client={}", self.ip),
            format!("-http-port={}", p.http),
            format!("-grpc-port={}", p.grpc),
            format!("-server-port={}", p.server),
            format!("-serf-lan-port={}", p.serf_lan),
            format!("-serf-wan-port={}", p.serf_wan),
            format!("-dns-port={}", p.dns),
            "-log-level=debug".into(),
        ]);
        args.extend(self.extra_args.iter().cloned());
        args
    }

    fn spawn(&mut self) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)?;
        let mut command = match &self.netns {
            // `ip netns exec` execs the agent: the child's PID is the agent's.
            Some(ns) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", ns]).arg(&self.binary);
                c
            }
            None => Command::new(&self.binary),
        };
        let child = command
            .args(self.args())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
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

    /// The address it binds and serves on.
    pub fn ip(&self) -> &str {
        &self.ip
    }

    /// `http://<ip>:<http port>`.
    pub fn http_base(&self) -> String {
        format!("http://{}:{}", self.ip, self.ports.http)
    }

    /// `<ip>:<dns port>`, UDP and TCP.
    pub fn dns_addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::new(self.ip.parse().expect("an IP"), self.ports.dns)
    }

    /// `http://<ip>:<grpc port>` (for tonic endpoints).
    pub fn grpc_endpoint(&self) -> String {
        format!("http://{}:{}", self.ip, self.ports.grpc)
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

    /// The agent's node name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `<ip>:<serf_lan>`, the address others join through.
    pub fn lan_addr(&self) -> String {
        format!("{}:{}", self.ip, self.ports.serf_lan)
    }

    /// Waits until the agent answers `/v1/agent/self` (clients have no
    /// leader of their own to wait for).
    pub async fn wait_serving(&self, timeout: Duration) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let url = format!("{}/v1/agent/self", self.http_base());
        let result = wait_for(timeout, "the agent to serve HTTP", || {
            let request = client.get(&url).send();
            async move { request.await.is_ok_and(|r| r.status().is_success()) }
        })
        .await;
        if result.is_err() {
            eprintln!("--- log of {} ---\n{}", self.name, self.log());
        }
        result
    }

    /// Sends a signal by name (`STOP`, `CONT`, `INT`, ...) to the process.
    pub fn signal(&self, name: &str) -> anyhow::Result<()> {
        let pid = self.pid().context("agent is not running")?;
        let status = Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()?;
        if !status.success() {
            bail!("kill -{name} {pid} failed");
        }
        Ok(())
    }

    /// Waits for the process to exit by itself (after a Leave request);
    /// returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> anyhow::Result<Option<i32>> {
        let deadline = Instant::now() + timeout;
        loop {
            let child = self.child.as_mut().context("agent is not running")?;
            if let Some(status) = child.try_wait()? {
                self.child = None;
                return Ok(status.code());
            }
            if Instant::now() >= deadline {
                bail!("agent {} did not exit within {timeout:?}", self.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
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

    /// Starts the process again with the same ports and data dir but other
    /// extra flags.
    pub fn restart_with(&mut self, extra_args: &[&str]) -> anyhow::Result<()> {
        self.extra_args = extra_args.iter().map(|s| s.to_string()).collect();
        self.restart()
    }

    /// Starts the servers of one `-bootstrap-expect=<names.len()>`
    /// cluster on 127.0.0.1: the first with `extra_args`, the others also
    /// joining it (`-retry-join`, `-retry-interval=1s`). `env(i)` gives the
    /// environment variables of the `i`th (e.g. `FAILPOINTS`).
    pub fn start_joined_servers(
        binary: impl AsRef<Path>,
        names: &[String],
        extra_args: &[&str],
        env: impl Fn(usize) -> Vec<(String, String)>,
    ) -> anyhow::Result<Vec<Agent>> {
        Agent::start_joined_servers_on(binary, names, extra_args, env, |_, _| Ok(()))
    }

    /// [`Agent::start_joined_servers`], calling `prepare(i, data_dir)` before
    /// the `i`th starts (e.g. to mount a filesystem at its data dir).
    pub fn start_joined_servers_on(
        binary: impl AsRef<Path>,
        names: &[String],
        extra_args: &[&str],
        env: impl Fn(usize) -> Vec<(String, String)>,
        mut prepare: impl FnMut(usize, &Path) -> anyhow::Result<()>,
    ) -> anyhow::Result<Vec<Agent>> {
        let mut servers: Vec<Agent> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let join = servers
                .first()
                .map(|s| format!("-retry-join={}", s.lan_addr()));
            let mut args: Vec<&str> = Vec::new();
            if let Some(join) = &join {
                args.extend([join.as_str(), "-retry-interval=1s"]);
            }
            args.extend_from_slice(extra_args);
            let mut agent = Agent::new(binary.as_ref(), name, &args)?;
            agent.expect = names.len() as u32;
            agent.env = env(i);
            prepare(i, &agent.data_dir)?;
            agent.spawn()?;
            servers.push(agent);
        }
        Ok(servers)
    }

    /// Forgets the environment variables given at start (for restarts).
    pub fn clear_env(&mut self) {
        self.env.clear();
    }

    /// Whether the process has exited (it is reaped if so); `None` if it
    /// was not started or already reaped.
    pub fn has_exited(&mut self) -> Option<bool> {
        let child = self.child.as_mut()?;
        match child.try_wait() {
            Ok(Some(_)) => {
                self.child = None;
                Some(true)
            }
            Ok(None) => Some(false),
            Err(_) => None,
        }
    }

    /// Whether the process is not running (never started, exited, killed).
    pub fn is_down(&mut self) -> bool {
        self.has_exited() != Some(false)
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
        self.kill9();
        if std::thread::panicking() {
            eprintln!("--- log of {} ---\n{}", self.name, self.log());
            return;
        }
        // A panic inside an agent (a task dying quietly while the test
        // passes) fails the test that ran it.
        let log = self.log();
        if log.contains("panicked at") {
            eprintln!("--- log of {} ---\n{log}", self.name);
            panic!("agent {} panicked (its log is above)", self.name);
        }
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

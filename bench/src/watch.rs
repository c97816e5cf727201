//! Blocked HTTP watchers (issue 13's scale target): `watchers` keep-alive
//! connections, spread over several 127.0.0.x source addresses, each
//! blocked on `GET /v1/health/service/<svc>?index=<i>&wait=5m`; then one
//! check flip, and the time from the flip's acknowledgement to each
//! watcher's answer. Also the agent's resident memory before the watchers
//! connect and while they are all blocked, per watcher.
//!
//! The client is plain HTTP/1.1 over tokio TCP streams (one request, read
//! until the body's length), so that its own cost stays small next to the
//! agent's.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    time::{Duration, Instant},
};

use anyhow::{Context as _, Result, bail};
use serde::Serialize;
use tokio::{
    io::{AsyncReadExt as _, AsyncWriteExt as _},
    net::{TcpSocket, TcpStream},
};

/// What to run.
#[derive(Debug, Clone)]
pub struct WatchSpec {
    /// The agent's HTTP address.
    pub http: SocketAddr,
    /// Blocked watchers.
    pub watchers: usize,
    /// Source addresses used (127.0.0.2 ...), to stay under the ephemeral
    /// port range per source.
    pub sources: usize,
    /// The agent's PID (for its resident memory).
    pub agent_pid: Option<u32>,
}

/// One run's result.
#[derive(Debug, Serialize)]
pub struct WatchResult {
    /// Blocked watchers.
    pub watchers: usize,
    /// Watchers that answered after the flip.
    pub woken: usize,
    /// Milliseconds from the flip's acknowledgement to answers.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// The slowest.
    pub max_ms: f64,
    /// Agent RSS before the watchers, KiB.
    pub rss_before_kib: u64,
    /// Agent RSS with every watcher blocked, KiB.
    pub rss_blocked_kib: u64,
    /// (blocked − before) / watchers, bytes.
    pub bytes_per_watcher: f64,
}

pub(crate) fn rss_kib(pid: Option<u32>) -> u64 {
    let Some(pid) = pid else { return 0 };
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// Sends one request on `stream` and reads one answer: (status, index,
/// body).
pub(crate) async fn exchange(stream: &mut TcpStream, request: &str) -> Result<(u16, u64, Vec<u8>)> {
    stream.write_all(request.as_bytes()).await?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("connection closed");
        }
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let header = |name: &str| {
            head.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
        };
        let length: usize = header("content-length:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let index = header("x-consul-index:")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let body_start = end + 4;
        while buf.len() < body_start + length {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                bail!("connection closed in a body");
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        return Ok((status, index, buf[body_start..body_start + length].to_vec()));
    }
}

pub(crate) async fn connect(spec: &WatchSpec, i: usize) -> Result<TcpStream> {
    let source = Ipv4Addr::new(127, 0, 0, 2 + (i % spec.sources.max(1)) as u8);
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(IpAddr::V4(source), 0))?;
    socket.set_nodelay(true)?;
    Ok(socket.connect(spec.http).await?)
}

pub(crate) fn register(status: &str) -> String {
    let body = format!(
        r#"{{"Node":"bench-node","Address":"10.9.9.9","Service":{{"Service":"bench-watched"}},"Check":{{"CheckID":"bench","ServiceID":"bench-watched","Status":"{status}"}}}}"#
    );
    format!(
        "PUT /v1/catalog/register HTTP/1.1\r\nhost: bench\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Runs the watchers and one flip.
pub async fn run(spec: &WatchSpec) -> Result<WatchResult> {
    let mut control = connect(spec, 0).await.context("connecting to the agent")?;
    let (status, _, _) = exchange(&mut control, &register("passing")).await?;
    if status != 200 {
        bail!("registering the watched service: HTTP {status}");
    }
    let read = "GET /v1/health/service/bench-watched HTTP/1.1\r\nhost: bench\r\n\r\n";
    let (_, index, _) = exchange(&mut control, read).await?;
    let rss_before_kib = rss_kib(spec.agent_pid);

    let request = format!(
        "GET /v1/health/service/bench-watched?index={index}&wait=5m HTTP/1.1\r\nhost: bench\r\n\r\n"
    );
    // Each watcher hands back its connection with its answer: connections
    // stay open until every answer is in, as a watcher that polls again
    // would keep it (closing them would load the agent during the wake).
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Result<(Instant, TcpStream)>>();
    for i in 0..spec.watchers {
        let mut stream = connect(spec, i + 1)
            .await
            .with_context(|| format!("connecting watcher {i}"))?;
        let (tx, request) = (tx.clone(), request.clone());
        tokio::spawn(async move {
            let answer = exchange(&mut stream, &request).await;
            let _ = tx.send(answer.and_then(|(status, new_index, _)| {
                if status != 200 || new_index <= index {
                    bail!("watcher answered HTTP {status} at index {new_index}");
                }
                Ok((Instant::now(), stream))
            }));
        });
    }
    drop(tx);
    // Let every request reach the agent and block there.
    tokio::time::sleep(Duration::from_secs(2) + Duration::from_micros(200 * spec.watchers as u64))
        .await;
    let rss_blocked_kib = rss_kib(spec.agent_pid);

    let (status, _, _) = exchange(&mut control, &register("critical")).await?;
    let flipped = Instant::now();
    if status != 200 {
        bail!("flipping the check: HTTP {status}");
    }
    let mut latencies = Vec::with_capacity(spec.watchers);
    let mut open = Vec::with_capacity(spec.watchers);
    let deadline = tokio::time::sleep(Duration::from_secs(120));
    tokio::pin!(deadline);
    while latencies.len() < spec.watchers {
        tokio::select! {
            _ = &mut deadline => break,
            answer = rx.recv() => match answer {
                Some(Ok((at, stream))) => {
                    latencies.push(at.saturating_duration_since(flipped));
                    open.push(stream);
                }
                Some(Err(e)) => bail!("a watcher failed: {e:#}"),
                None => break,
            }
        }
    }
    drop(open);
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Ok(WatchResult {
        watchers: spec.watchers,
        woken: latencies.len(),
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
        max_ms: latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        rss_before_kib,
        rss_blocked_kib,
        bytes_per_watcher: (rss_blocked_kib.saturating_sub(rss_before_kib) * 1024) as f64
            / spec.watchers.max(1) as f64,
    })
}

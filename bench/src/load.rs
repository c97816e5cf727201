//! The closed-loop load generator: `concurrency` tokio tasks spread over a
//! few HTTP/2 connections, each issuing its next request as soon as the last
//! one returns. Requests run through a warm-up and then a measured window;
//! only requests that complete inside the window count, and their latencies
//! go into a per-worker HDR histogram that is merged at the end.

use std::{
    fs,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context as _, Result, bail};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

use crate::{
    client::{self, KvClient, ReadMode, Target},
    cpu::WindowCpu,
};

/// Highest latency the histograms track, in microseconds; larger values are
/// clamped (and would show as a 60 s max).
const MAX_LATENCY_MICROS: u64 = 60_000_000;

/// Pause after a failed request, so that a dead server is not hammered by a
/// tight error loop that steals CPU from whatever else runs on the machine.
pub(crate) const ERROR_BACKOFF: Duration = Duration::from_millis(10);

/// Workers that write the keyspace before a read run.
const PREPOPULATE_WORKERS: usize = 32;

/// What each request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Workload {
    /// Unconditional writes of fresh random values.
    Put,
    /// Reads of keys written beforehand.
    Get,
}

/// One benchmark run.
#[derive(Debug, Clone)]
pub struct LoadSpec {
    /// System under test.
    pub target: Target,
    /// `host:port` of its gRPC API.
    pub endpoint: String,
    /// Request kind.
    pub workload: Workload,
    /// Read mode (get only).
    pub mode: ReadMode,
    /// Concurrent closed-loop workers.
    pub concurrency: usize,
    /// HTTP/2 connections the workers share.
    pub connections: usize,
    /// Bytes per value.
    pub value_size: usize,
    /// Distinct keys, `bench/0` .. `bench/<keyspace-1>`.
    pub keyspace: usize,
    /// Time run before measuring.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// Deadline of each request.
    pub request_timeout: Duration,
    /// Process whose CPU use is reported as the server's.
    pub server_pid: Option<u32>,
}

/// The outcome of one run: one JSON line on stdout.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadResult {
    /// System under test.
    pub target: Target,
    /// Request kind.
    pub workload: Workload,
    /// Read mode; absent for writes.
    pub mode: Option<ReadMode>,
    /// Concurrent workers.
    pub concurrency: usize,
    /// HTTP/2 connections.
    pub connections: usize,
    /// Bytes per value.
    pub value_size: usize,
    /// Successful requests completed in the window.
    pub ops: u64,
    /// Failed requests completed in the window.
    pub errors: u64,
    /// Length of the window.
    pub secs: f64,
    /// `ops / secs`.
    pub throughput: f64,
    /// Median latency of successful requests.
    pub p50_ms: f64,
    /// 99th percentile latency.
    pub p99_ms: f64,
    /// Highest latency.
    pub max_ms: f64,
    /// Cores the server process used during the window, if its pid was given.
    #[serde(default)]
    pub server_cpu: Option<f64>,
    /// Cores this load generator used during the window.
    #[serde(default)]
    pub client_cpu: Option<f64>,
    /// Busy cores of the whole machine during the window; minus server and
    /// client, this is what other processes used.
    #[serde(default)]
    pub machine_cpu: Option<f64>,
}

impl LoadResult {
    /// Cores used by processes other than the server and this client during
    /// the window, when all three were measured.
    pub fn other_cpu(&self) -> Option<f64> {
        Some((self.machine_cpu? - self.server_cpu? - self.client_cpu?).max(0.0))
    }
}

/// The measured window, fixed before the workers start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub(crate) start: Instant,
    pub(crate) end: Instant,
}

impl Window {
    /// The window that opens `warmup` from now and lasts `duration`.
    pub(crate) fn after(warmup: Duration, duration: Duration) -> Self {
        let start = Instant::now() + warmup;
        Self {
            start,
            end: start + duration,
        }
    }

    /// Whether `at` falls inside the window (ends included).
    pub(crate) fn contains(&self, at: Instant) -> bool {
        at >= self.start && at <= self.end
    }
}

/// State every worker reads.
struct Shared {
    workload: Workload,
    mode: ReadMode,
    concurrency: usize,
    value_size: usize,
    keys: Vec<String>,
    /// Set by the first worker to see an error, so that it is printed once.
    error_reported: AtomicBool,
}

/// What one worker measured.
struct WorkerStats {
    ops: u64,
    errors: u64,
    latency_micros: Histogram<u64>,
}

/// Runs one benchmark: connects, writes the keyspace for a read workload,
/// then drives the load through warm-up and the measured window.
pub async fn run(spec: &LoadSpec) -> Result<LoadResult> {
    if spec.concurrency == 0 {
        bail!("--concurrency must be at least 1");
    }
    if spec.keyspace == 0 {
        bail!("--keyspace must be at least 1");
    }
    let connections = spec.connections.clamp(1, spec.concurrency);
    let mut clients = Vec::with_capacity(connections);
    for _ in 0..connections {
        let channel = client::connect(&spec.endpoint, spec.request_timeout).await?;
        clients.push(KvClient::new(spec.target, channel));
    }
    let shared = Arc::new(Shared {
        workload: spec.workload,
        mode: spec.mode,
        concurrency: spec.concurrency,
        value_size: spec.value_size,
        keys: (0..spec.keyspace).map(|i| format!("bench/{i}")).collect(),
        error_reported: AtomicBool::new(false),
    });
    if spec.workload == Workload::Get {
        prepopulate(&clients, &shared)
            .await
            .context("writing the keyspace before reading it")?;
    }

    let window = Window::after(spec.warmup, spec.duration);
    let mut workers = JoinSet::new();
    for id in 0..spec.concurrency {
        let client = clients[id % connections].clone();
        workers.spawn(worker(id, client, Arc::clone(&shared), window));
    }
    let cpu = tokio::spawn(WindowCpu::measure(
        spec.server_pid.into_iter().collect(),
        window.start,
        window.end,
    ));

    let mut ops = 0;
    let mut errors = 0;
    let mut latency = new_histogram();
    while let Some(stats) = workers.join_next().await {
        let stats = stats.context("worker panicked")?;
        ops += stats.ops;
        errors += stats.errors;
        latency
            .add(&stats.latency_micros)
            .context("merging latency histograms")?;
    }
    let cpu = cpu.await.context("cpu sampler panicked")?;
    let secs = spec.duration.as_secs_f64();
    let millis = |micros: u64| micros as f64 / 1000.0;
    Ok(LoadResult {
        target: spec.target,
        workload: spec.workload,
        mode: (spec.workload == Workload::Get).then_some(spec.mode),
        concurrency: spec.concurrency,
        connections,
        value_size: spec.value_size,
        ops,
        errors,
        secs,
        throughput: ops as f64 / secs,
        p50_ms: millis(latency.value_at_quantile(0.50)),
        p99_ms: millis(latency.value_at_quantile(0.99)),
        max_ms: millis(latency.max()),
        server_cpu: cpu.servers,
        client_cpu: cpu.client,
        machine_cpu: cpu.machine,
    })
}

/// Polls with a put of `bench/ready` until one succeeds or `timeout` passes;
/// returns how long it took. Used by `run.sh` after starting a server: the
/// port may not be open yet, or it may be open before a leader is elected.
/// With `pid`, gives up as soon as that process is gone (a server that fails
/// at startup should not cost the whole timeout).
pub async fn wait_ready(
    target: Target,
    endpoint: &str,
    timeout: Duration,
    pid: Option<u32>,
) -> Result<Duration> {
    const POLL_INTERVAL: Duration = Duration::from_millis(200);
    let began = Instant::now();
    let deadline = began + timeout;
    loop {
        let attempt = async {
            let channel = client::connect(endpoint, Duration::from_secs(2)).await?;
            KvClient::new(target, channel)
                .put("bench/ready", b"ready".to_vec())
                .await
                .context("put bench/ready")
        };
        let last_error = match attempt.await {
            Ok(()) => return Ok(began.elapsed()),
            Err(e) => e,
        };
        if let Some(pid) = pid
            && !process_alive(pid)
        {
            return Err(
                last_error.context(format!("process {pid} exited before {target:?} was ready"))
            );
        }
        if Instant::now() + POLL_INTERVAL >= deadline {
            return Err(last_error.context(format!(
                "{target:?} at {endpoint} not ready after {timeout:?}"
            )));
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

/// Whether `pid` is running: its `/proc` entry exists and it is not a
/// zombie (exited, not yet reaped by its parent).
fn process_alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat
        .rfind(')')
        .and_then(|end| stat[end + 1..].split_whitespace().next());
    !matches!(state, Some("Z" | "X") | None)
}

/// Writes every key of the keyspace once, so that reads find them.
async fn prepopulate(clients: &[KvClient], shared: &Arc<Shared>) -> Result<()> {
    let workers = PREPOPULATE_WORKERS.min(shared.keys.len());
    let mut tasks = JoinSet::new();
    for id in 0..workers {
        let mut client = clients[id % clients.len()].clone();
        let shared = Arc::clone(shared);
        tasks.spawn(async move {
            let mut rng = SplitMix64::new(id as u64);
            for key in shared.keys.iter().skip(id).step_by(workers) {
                client
                    .put(key, rng.bytes(shared.value_size))
                    .await
                    .with_context(|| format!("put {key}"))?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.context("prepopulate task panicked")??;
    }
    Ok(())
}

/// One closed-loop worker. Worker `id` walks the keys `id`, `id +
/// concurrency`, … (modulo the keyspace) so that concurrent workers touch
/// different keys. It stops issuing once the window has ended.
async fn worker(
    id: usize,
    mut client: KvClient,
    shared: Arc<Shared>,
    window: Window,
) -> WorkerStats {
    let mut stats = WorkerStats {
        ops: 0,
        errors: 0,
        latency_micros: new_histogram(),
    };
    let mut rng = SplitMix64::new(0x5eed ^ id as u64);
    let mut sequence = id;
    loop {
        let key = &shared.keys[sequence % shared.keys.len()];
        sequence = sequence.wrapping_add(shared.concurrency);
        // Built before the clock starts: the value is the client's cost.
        let value = match shared.workload {
            Workload::Put => rng.bytes(shared.value_size),
            Workload::Get => Vec::new(),
        };
        let began = Instant::now();
        if began >= window.end {
            break;
        }
        let outcome = match shared.workload {
            Workload::Put => client.put(key, value).await,
            Workload::Get => match client.get(key, shared.mode).await {
                Ok(true) => Ok(()),
                Ok(false) => Err(tonic::Status::not_found(format!("{key} is missing"))),
                Err(status) => Err(status),
            },
        };
        let finished = Instant::now();
        let counted = window.contains(finished);
        match outcome {
            Ok(()) if counted => {
                stats.ops += 1;
                let micros = finished.duration_since(began).as_micros();
                stats
                    .latency_micros
                    .saturating_record(u64::try_from(micros).unwrap_or(u64::MAX).max(1));
            }
            Ok(()) => {}
            Err(status) => {
                if counted {
                    stats.errors += 1;
                }
                if !shared.error_reported.swap(true, Ordering::Relaxed) {
                    eprintln!(
                        "roster-bench: first error: {:?}: {}",
                        status.code(),
                        status.message()
                    );
                }
                tokio::time::sleep(ERROR_BACKOFF).await;
            }
        }
    }
    stats
}

/// An empty latency histogram in microseconds, 1 µs to 60 s.
pub(crate) fn new_histogram() -> Histogram<u64> {
    // Invariant: the bounds are constant and valid (1 ≤ low, high ≥ 2·low,
    // 3 significant figures), so construction cannot fail.
    Histogram::new_with_bounds(1, MAX_LATENCY_MICROS, 3).expect("valid histogram bounds")
}

/// A tiny deterministic generator for value bytes: incompressible enough
/// that neither store benefits from compressing them, cheap enough not to
/// load the client.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// `len` fresh bytes.
    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive() {
        assert!(process_alive(std::process::id()));
    }

    #[test]
    fn values_have_the_asked_size_and_differ() {
        let mut rng = SplitMix64::new(7);
        let a = rng.bytes(256);
        let b = rng.bytes(256);
        assert_eq!(a.len(), 256);
        assert_eq!(rng.bytes(13).len(), 13);
        assert_ne!(a, b);
    }

    #[test]
    fn result_json_has_the_documented_fields() {
        let result = LoadResult {
            target: Target::Etcd,
            workload: Workload::Get,
            mode: Some(ReadMode::Stale),
            concurrency: 64,
            connections: 4,
            value_size: 256,
            ops: 10,
            errors: 0,
            secs: 1.0,
            throughput: 10.0,
            p50_ms: 1.0,
            p99_ms: 2.0,
            max_ms: 3.0,
            server_cpu: None,
            client_cpu: Some(0.5),
            machine_cpu: Some(1.0),
        };
        let json = serde_json::to_value(&result).unwrap();
        for field in [
            "target",
            "workload",
            "concurrency",
            "value_size",
            "ops",
            "errors",
            "secs",
            "throughput",
            "p50_ms",
            "p99_ms",
            "max_ms",
        ] {
            assert!(json.get(field).is_some(), "missing {field}");
        }
        assert_eq!(json["target"], "etcd");
        assert_eq!(json["mode"], "stale");
    }
}

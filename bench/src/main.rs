//! `roster-bench`: parses the command line and runs one of
//! - `run`: one benchmark, printing one JSON line on stdout;
//! - `wait-ready`: polls a server with a put until it answers;
//! - `report`: renders JSON lines as the Markdown tables of RESULTS.md;
//! - `watch`: blocked HTTP watchers woken by one check flip;
//! - `streams`: gRPC health watch streams woken by one check flip;
//! - `coord`: one coordination benchmark (lock hand-off, session create or
//!   renew, transactions), printing one JSON line on stdout.

use std::{fs, path::PathBuf, process::ExitCode, time::Duration};

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand};
use roster_bench::{
    client::{ReadMode, Target},
    coord::{self, CoordSpec, CoordWorkload},
    load::{self, LoadSpec, Workload},
    report,
};

/// Closed-loop gRPC load generator for Roster and etcd.
#[derive(Debug, Parser)]
#[command(name = "roster-bench")]
struct Cli {
    /// Tokio worker threads (default: one per CPU).
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one benchmark and print its result as one JSON line.
    Run(RunArgs),
    /// Wait until the endpoint accepts a put.
    WaitReady(WaitReadyArgs),
    /// Render result JSON lines as Markdown.
    Report(ReportArgs),
    /// Block HTTP watchers on one service, flip its check once, and time
    /// how soon every watcher hears of it (one JSON line).
    Watch(WatchArgs),
    /// Open gRPC health watch streams on one service over a few HTTP/2
    /// connections, flip its check once, and time how soon every stream
    /// hears of it (one JSON line).
    Streams(StreamsArgs),
    /// Run one coordination benchmark (lock hand-off, session create or
    /// renew, transactions) and print its result as one JSON line.
    Coord(CoordArgs),
}

#[derive(Debug, Args)]
struct CoordArgs {
    /// System under test.
    #[arg(long, value_enum)]
    target: Target,
    /// `host:port` of its gRPC API (the leader's).
    #[arg(long)]
    endpoint: String,
    /// What to run.
    #[arg(long, value_enum)]
    workload: CoordWorkload,
    /// Closed-loop workers, or lock contenders.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// HTTP/2 connections shared by the workers (default: one per 16).
    #[arg(long)]
    connections: Option<usize>,
    /// Puts per transaction (`txn`).
    #[arg(long, default_value_t = 8)]
    txn_ops: usize,
    /// Bytes per value (`txn`).
    #[arg(long, default_value_t = 256)]
    value_size: usize,
    /// Milliseconds a contender holds the lock (`lock`).
    #[arg(long, default_value_t = 1.0)]
    hold_ms: f64,
    /// Lock name: the Roster key and the etcd lock name (`lock`; default
    /// `bench/lock/<pid>`, new for every run).
    #[arg(long)]
    lock_name: Option<String>,
    /// TTL of sessions and leases, in whole seconds.
    #[arg(long, default_value_t = 60)]
    ttl: u64,
    /// Roster node the sessions belong to (e.g. the leader's `-node`).
    #[arg(long, default_value = "")]
    node: String,
    /// Measured seconds.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Seconds of load before measuring.
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Seconds before a single request counts as failed (a waiting `Lock`
    /// or blocking read included).
    #[arg(long, default_value_t = 60.0)]
    request_timeout: f64,
    /// PIDs of the cluster's servers, to report the CPU they used during
    /// the window (comma-separated).
    #[arg(long, value_delimiter = ',')]
    server_pids: Vec<u32>,
}

#[derive(Debug, Args)]
struct StreamsArgs {
    /// The agent's gRPC address.
    #[arg(long, default_value = "127.0.0.1:8502")]
    grpc: std::net::SocketAddr,
    /// The agent's HTTP address (registers and flips the check).
    #[arg(long, default_value = "127.0.0.1:8500")]
    http: std::net::SocketAddr,
    /// Open streams.
    #[arg(long, default_value_t = 1000)]
    streams: usize,
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 10)]
    connections: usize,
    /// The agent's PID, for its resident memory.
    #[arg(long)]
    agent_pid: Option<u32>,
}

#[derive(Debug, Args)]
struct WatchArgs {
    /// The agent's HTTP address.
    #[arg(long, default_value = "127.0.0.1:8500")]
    http: std::net::SocketAddr,
    /// Blocked watchers.
    #[arg(long, default_value_t = 1000)]
    watchers: usize,
    /// Source addresses (127.0.0.2 ...).
    #[arg(long, default_value_t = 4)]
    sources: usize,
    /// The agent's PID, for its resident memory.
    #[arg(long)]
    agent_pid: Option<u32>,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// System under test.
    #[arg(long, value_enum)]
    target: Target,
    /// `host:port` of its gRPC API.
    #[arg(long)]
    endpoint: String,
    /// Request kind.
    #[arg(long, value_enum, default_value_t = Workload::Put)]
    workload: Workload,
    /// Read mode for `get` (etcd: default and consistent are linearizable,
    /// stale is serializable).
    #[arg(long, value_enum, default_value_t = ReadMode::Default)]
    mode: ReadMode,
    /// Concurrent closed-loop workers.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// HTTP/2 connections shared by the workers (default: one per 16 workers).
    #[arg(long)]
    connections: Option<usize>,
    /// Bytes per value.
    #[arg(long, default_value_t = 256)]
    value_size: usize,
    /// Distinct keys.
    #[arg(long, default_value_t = 1000)]
    keyspace: usize,
    /// Measured seconds.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Seconds of load before measuring.
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Seconds before a single request counts as failed.
    #[arg(long, default_value_t = 10.0)]
    request_timeout: f64,
    /// PID of the server, to report the CPU it used during the window.
    #[arg(long)]
    server_pid: Option<u32>,
}

#[derive(Debug, Args)]
struct WaitReadyArgs {
    /// System to wait for.
    #[arg(long, value_enum)]
    target: Target,
    /// `host:port` of its gRPC API.
    #[arg(long)]
    endpoint: String,
    /// Seconds to wait before giving up.
    #[arg(long, default_value_t = 60.0)]
    timeout: f64,
    /// PID of the server: give up early once it has exited.
    #[arg(long)]
    pid: Option<u32>,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Files of JSON lines written by `run`.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("roster-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    if let Command::Report(args) = &cli.command {
        let mut results = Vec::new();
        for path in &args.inputs {
            let text =
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            results.extend(
                report::parse_lines(&text).with_context(|| format!("in {}", path.display()))?,
            );
        }
        print!("{}", report::render(&results));
        return Ok(());
    }

    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    runtime.enable_all();
    if let Some(threads) = cli.threads {
        runtime.worker_threads(threads.max(1));
    }
    let runtime = runtime.build().context("starting the tokio runtime")?;
    runtime.block_on(async {
        match cli.command {
            Command::Run(args) => {
                let spec = LoadSpec {
                    target: args.target,
                    endpoint: args.endpoint,
                    workload: args.workload,
                    mode: args.mode,
                    concurrency: args.concurrency,
                    connections: args
                        .connections
                        .unwrap_or_else(|| args.concurrency.div_ceil(16)),
                    value_size: args.value_size,
                    keyspace: args.keyspace,
                    warmup: seconds("--warmup", args.warmup)?,
                    duration: seconds("--duration", args.duration)?,
                    request_timeout: seconds("--request-timeout", args.request_timeout)?,
                    server_pid: args.server_pid,
                };
                if spec.duration.is_zero() {
                    bail!("--duration must be positive");
                }
                let result = load::run(&spec).await?;
                println!("{}", serde_json::to_string(&result)?);
            }
            Command::WaitReady(args) => {
                let timeout = seconds("--timeout", args.timeout)?;
                let took = load::wait_ready(args.target, &args.endpoint, timeout, args.pid).await?;
                eprintln!(
                    "roster-bench: {:?} at {} ready after {:.1} s",
                    args.target,
                    args.endpoint,
                    took.as_secs_f64()
                );
            }
            Command::Watch(args) => {
                let spec = roster_bench::watch::WatchSpec {
                    http: args.http,
                    watchers: args.watchers,
                    sources: args.sources,
                    agent_pid: args.agent_pid,
                };
                let result = roster_bench::watch::run(&spec).await?;
                println!("{}", serde_json::to_string(&result)?);
            }
            Command::Streams(args) => {
                let spec = roster_bench::stream::StreamSpec {
                    grpc: args.grpc,
                    http: args.http,
                    streams: args.streams,
                    connections: args.connections,
                    agent_pid: args.agent_pid,
                };
                let result = roster_bench::stream::run(&spec).await?;
                println!("{}", serde_json::to_string(&result)?);
            }
            Command::Coord(args) => {
                let spec = CoordSpec {
                    target: args.target,
                    endpoint: args.endpoint,
                    workload: args.workload,
                    concurrency: args.concurrency,
                    connections: args
                        .connections
                        .unwrap_or_else(|| args.concurrency.div_ceil(16)),
                    txn_ops: args.txn_ops,
                    value_size: args.value_size,
                    hold: seconds("--hold-ms", args.hold_ms / 1000.0)?,
                    lock_name: args
                        .lock_name
                        .unwrap_or_else(|| format!("bench/lock/{}", std::process::id())),
                    ttl: Duration::from_secs(args.ttl),
                    node: args.node,
                    warmup: seconds("--warmup", args.warmup)?,
                    duration: seconds("--duration", args.duration)?,
                    request_timeout: seconds("--request-timeout", args.request_timeout)?,
                    server_pids: args.server_pids,
                };
                if spec.duration.is_zero() {
                    bail!("--duration must be positive");
                }
                let result = coord::run(&spec).await?;
                println!("{}", serde_json::to_string(&result)?);
            }
            Command::Report(_) => unreachable!("handled before the runtime starts"),
        }
        Ok(())
    })
}

fn seconds(flag: &str, value: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(value).with_context(|| format!("{flag}: {value} is not a duration"))
}

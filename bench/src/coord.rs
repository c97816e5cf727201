//! Coordination workloads, the same against Roster and etcd through the same
//! tonic client (issue 14):
//!
//! - `lock`: lock hand-off. `concurrency` contenders, each with its own
//!   session (Roster) or lease (etcd), take turns on one lock: acquire, hold
//!   for `hold`, release. Roster follows Consul's documented leader-election
//!   recipe (`api/lock.go`): block on the key (`min_index`) until no session
//!   holds it, try `acquire`, and on failure read again. etcd uses its v3
//!   lock service (`v3lockpb.Lock`, the server side of `concurrency.Mutex`):
//!   `Lock` blocks until held, `Unlock` releases. A hand-off lasts from the
//!   holder starting its release call to the next holder's acquire
//!   returning success, on this process's monotonic clock. With two or more
//!   contenders, one that has released does not contend again until another
//!   has taken the lock, so every hand-off is to a different, waiting
//!   contender; with one, the hand-off is to itself (a release and an
//!   acquire back to back).
//! - `session-create`: Roster `SessionService.Create` (TTL, no checks)
//!   against etcd `Lease.LeaseGrant`, closed loop; every session or lease
//!   made is destroyed or revoked after the window.
//! - `session-renew`: one session or lease per worker, renewed in a closed
//!   loop: Roster `SessionService.Renew` against one `LeaseKeepAlive` round
//!   trip on the worker's own stream.
//! - `txn`: transactions of `txn_ops` unconditional puts of fresh random
//!   values to the worker's own keys: Roster `TxnService.Txn` (`set` ops)
//!   against etcd `KV.Txn` (puts, no compares).
//!
//! Only what completes inside the measured window counts; latencies go into
//! HDR histograms, one per worker, merged at the end.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context as _, Result, bail};
use hdrhistogram::Histogram;
use roster_proto::{
    common::{to_proto_duration, v1::QueryOptions},
    kv::v1::{GetRequest, PutRequest, kv_service_client::KvServiceClient},
    session::v1::{
        Behavior, CreateRequest, DestroyRequest, RenewRequest, Session,
        session_service_client::SessionServiceClient,
    },
    txn::v1::{KvOp, KvVerb, TxnOp, TxnRequest, txn_op, txn_service_client::TxnServiceClient},
};
use serde::{Deserialize, Serialize};
use tokio::{
    sync::{mpsc, watch},
    task::JoinSet,
};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Status, Streaming, transport::Channel};

use crate::{
    client::{self, Target},
    cpu::WindowCpu,
    etcd::{
        etcdserverpb::{
            self, LeaseGrantRequest, LeaseKeepAliveRequest, LeaseKeepAliveResponse,
            LeaseRevokeRequest, RequestOp, kv_client::KvClient as EtcdKvClient,
            lease_client::LeaseClient, request_op,
        },
        v3lockpb::{LockRequest, UnlockRequest, lock_client::LockClient},
    },
    load::{ERROR_BACKOFF, SplitMix64, Window, new_histogram},
};

/// How long a Roster waiter's blocking read may wait for the lock key to
/// change before it reads again (well under the request timeout).
const BLOCKING_WAIT: Duration = Duration::from_secs(30);

/// Longest the lock contenders may take, after the window, to each take and
/// release the lock one last time before the run is declared stuck.
const LOCK_DRAIN_LIMIT: Duration = Duration::from_secs(60);

/// Workers that destroy sessions or revoke leases after a run.
const CLEANUP_WORKERS: usize = 16;

/// A coordination workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CoordWorkload {
    /// Lock hand-off between contenders on one lock.
    Lock,
    /// Session (lease) creation.
    SessionCreate,
    /// Session renewal (lease keep-alive).
    SessionRenew,
    /// Multi-put transactions.
    Txn,
}

/// One coordination run.
#[derive(Debug, Clone)]
pub struct CoordSpec {
    /// System under test.
    pub target: Target,
    /// `host:port` of its gRPC API (the leader's).
    pub endpoint: String,
    /// What to run.
    pub workload: CoordWorkload,
    /// Closed-loop workers, or lock contenders.
    pub concurrency: usize,
    /// HTTP/2 connections the workers share.
    pub connections: usize,
    /// Puts per transaction (`txn` only).
    pub txn_ops: usize,
    /// Bytes per value (`txn` only).
    pub value_size: usize,
    /// How long a contender holds the lock (`lock` only).
    pub hold: Duration,
    /// Lock name: the Roster key, the etcd lock name (`lock` only).
    pub lock_name: String,
    /// TTL of sessions and leases (whole seconds).
    pub ttl: Duration,
    /// Roster node the sessions belong to (it must be in the catalog).
    pub node: String,
    /// Time run before measuring.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
    /// Deadline of each request (also bounds a blocked `Lock` call).
    pub request_timeout: Duration,
    /// Processes whose CPU use is reported together as the servers'.
    pub server_pids: Vec<u32>,
}

/// The outcome of one coordination run: one JSON line on stdout.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CoordResult {
    /// System under test.
    pub target: Target,
    /// What ran.
    pub workload: CoordWorkload,
    /// Workers, or lock contenders.
    pub concurrency: usize,
    /// HTTP/2 connections.
    pub connections: usize,
    /// Operations per request: puts per transaction, otherwise 1.
    pub ops_per_request: usize,
    /// Lock hold time in milliseconds (`lock` only).
    pub hold_ms: Option<f64>,
    /// Successful requests (`lock`: hand-offs) completed in the window.
    pub count: u64,
    /// Failed requests completed in the window.
    pub errors: u64,
    /// Length of the window.
    pub secs: f64,
    /// `count / secs`: requests (hand-offs) per second.
    pub throughput: f64,
    /// `throughput * ops_per_request`.
    pub op_throughput: f64,
    /// Median latency (`lock`: hand-off latency).
    pub p50_ms: f64,
    /// 99th percentile latency.
    pub p99_ms: f64,
    /// Highest latency.
    pub max_ms: f64,
    /// Acquire calls per hand-off (`lock` only): Roster counts every
    /// `acquire` write, the failed ones included; etcd makes one `Lock` call
    /// per acquisition.
    pub acquire_calls_per_handoff: Option<f64>,
    /// Cores the server processes used during the window.
    pub server_cpu: Option<f64>,
    /// Cores this load generator used during the window.
    pub client_cpu: Option<f64>,
    /// Busy cores of the whole machine during the window.
    pub machine_cpu: Option<f64>,
}

/// What one worker or contender measured.
struct Stats {
    count: u64,
    errors: u64,
    /// Acquire calls (`lock` only).
    acquire_calls: u64,
    latency_micros: Histogram<u64>,
}

impl Stats {
    fn new() -> Self {
        Self {
            count: 0,
            errors: 0,
            acquire_calls: 0,
            latency_micros: new_histogram(),
        }
    }

    fn record(&mut self, took: Duration) {
        self.count += 1;
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.latency_micros.saturating_record(micros.max(1));
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        self.count += other.count;
        self.errors += other.errors;
        self.acquire_calls += other.acquire_calls;
        self.latency_micros
            .add(&other.latency_micros)
            .context("merging latency histograms")
    }
}

/// Prints the first failed request of a run, once.
#[derive(Default)]
struct FirstError(AtomicBool);

impl FirstError {
    fn note(&self, status: &Status) {
        if !self.0.swap(true, Ordering::Relaxed) {
            eprintln!(
                "roster-bench: first error: {:?}: {}",
                status.code(),
                status.message()
            );
        }
    }
}

/// Runs one coordination benchmark: connects, sets up sessions or leases,
/// drives the workload through warm-up and the window, then cleans up.
pub async fn run(spec: &CoordSpec) -> Result<CoordResult> {
    if spec.concurrency == 0 {
        bail!("--concurrency must be at least 1");
    }
    if spec.workload == CoordWorkload::Txn && spec.txn_ops == 0 {
        bail!("--txn-ops must be at least 1");
    }
    if spec.target == Target::Roster && spec.workload != CoordWorkload::Txn && spec.node.is_empty()
    {
        bail!("--node is required: Roster sessions belong to a catalog node");
    }
    let connections = spec.connections.clamp(1, spec.concurrency);
    let mut channels = Vec::with_capacity(connections);
    for _ in 0..connections {
        channels.push(client::connect(&spec.endpoint, spec.request_timeout).await?);
    }
    let (stats, window_cpu) = match spec.workload {
        CoordWorkload::Lock => run_lock(spec, &channels).await?,
        _ => run_requests(spec, &channels).await?,
    };
    let secs = spec.duration.as_secs_f64();
    let ops_per_request = match spec.workload {
        CoordWorkload::Txn => spec.txn_ops,
        _ => 1,
    };
    let is_lock = spec.workload == CoordWorkload::Lock;
    let millis = |micros: u64| micros as f64 / 1000.0;
    let throughput = stats.count as f64 / secs;
    Ok(CoordResult {
        target: spec.target,
        workload: spec.workload,
        concurrency: spec.concurrency,
        connections,
        ops_per_request,
        hold_ms: is_lock.then_some(spec.hold.as_secs_f64() * 1000.0),
        count: stats.count,
        errors: stats.errors,
        secs,
        throughput,
        op_throughput: throughput * ops_per_request as f64,
        p50_ms: millis(stats.latency_micros.value_at_quantile(0.50)),
        p99_ms: millis(stats.latency_micros.value_at_quantile(0.99)),
        max_ms: millis(stats.latency_micros.max()),
        acquire_calls_per_handoff: (is_lock && stats.count > 0)
            .then(|| stats.acquire_calls as f64 / stats.count as f64),
        server_cpu: window_cpu.servers,
        client_cpu: window_cpu.client,
        machine_cpu: window_cpu.machine,
    })
}

/// A Roster session for the benchmark: TTL, no node checks (as an etcd
/// lease has none), Consul's default lock-delay (which applies only when a
/// session is invalidated, never after a release).
fn roster_session(spec: &CoordSpec) -> CreateRequest {
    CreateRequest {
        session: Some(Session {
            name: "roster-bench".to_owned(),
            node: spec.node.clone(),
            behavior: Behavior::Release as i32,
            ttl: format!("{}s", spec.ttl.as_secs()),
            ..Default::default()
        }),
        node_checks_set: true,
        ..Default::default()
    }
}

/// Creates one Roster session; returns its ID.
async fn create_session(
    client: &mut SessionServiceClient<Channel>,
    request: CreateRequest,
) -> Result<String, Status> {
    Ok(client.create(request).await?.into_inner().id)
}

/// Grants one etcd lease of `ttl`; returns its ID.
async fn grant_lease(client: &mut LeaseClient<Channel>, ttl: Duration) -> Result<i64, Status> {
    let reply = client
        .lease_grant(LeaseGrantRequest {
            ttl: i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX),
            id: 0,
        })
        .await?
        .into_inner();
    if reply.error.is_empty() {
        Ok(reply.id)
    } else {
        Err(Status::unknown(reply.error))
    }
}

/// Destroys Roster sessions with a few concurrent workers; failures are
/// counted and otherwise ignored (the TTL ends what is left).
async fn destroy_sessions(client: SessionServiceClient<Channel>, ids: Vec<String>) -> usize {
    let ids = Arc::new(ids);
    let mut tasks = JoinSet::new();
    for worker in 0..CLEANUP_WORKERS.min(ids.len()) {
        let (mut client, ids) = (client.clone(), Arc::clone(&ids));
        tasks.spawn(async move {
            let mut failed = 0;
            for id in ids.iter().skip(worker).step_by(CLEANUP_WORKERS) {
                let request = DestroyRequest {
                    id: id.clone(),
                    ..Default::default()
                };
                failed += usize::from(client.destroy(request).await.is_err());
            }
            failed
        });
    }
    tasks.join_all().await.into_iter().sum()
}

/// Revokes etcd leases with a few concurrent workers; failures are counted
/// and otherwise ignored (the TTL ends what is left).
async fn revoke_leases(client: LeaseClient<Channel>, ids: Vec<i64>) -> usize {
    let ids = Arc::new(ids);
    let mut tasks = JoinSet::new();
    for worker in 0..CLEANUP_WORKERS.min(ids.len()) {
        let (mut client, ids) = (client.clone(), Arc::clone(&ids));
        tasks.spawn(async move {
            let mut failed = 0;
            for &id in ids.iter().skip(worker).step_by(CLEANUP_WORKERS) {
                let request = LeaseRevokeRequest { id };
                failed += usize::from(client.lease_revoke(request).await.is_err());
            }
            failed
        });
    }
    tasks.join_all().await.into_iter().sum()
}

// ------------------------------------------------------------ request loops

/// One closed-loop worker of the request workloads: what its next request
/// is, and what it leaves to clean up.
enum Requester {
    /// Roster `SessionService.Create`.
    RosterCreate {
        client: SessionServiceClient<Channel>,
        request: CreateRequest,
        created: Vec<String>,
    },
    /// etcd `Lease.LeaseGrant`.
    EtcdGrant {
        client: LeaseClient<Channel>,
        ttl: Duration,
        granted: Vec<i64>,
    },
    /// Roster `SessionService.Renew` of the worker's session.
    RosterRenew {
        client: SessionServiceClient<Channel>,
        id: String,
    },
    /// One `LeaseKeepAlive` round trip for the worker's lease on its stream.
    EtcdKeepAlive {
        client: LeaseClient<Channel>,
        id: i64,
        requests: mpsc::Sender<LeaseKeepAliveRequest>,
        replies: Streaming<LeaseKeepAliveResponse>,
    },
    /// Roster `TxnService.Txn` of `set` operations.
    RosterTxn {
        client: TxnServiceClient<Channel>,
        keys: Vec<String>,
        values: ValueSource,
        next: Option<TxnRequest>,
    },
    /// etcd `KV.Txn` of puts.
    EtcdTxn {
        client: EtcdKvClient<Channel>,
        keys: Vec<String>,
        values: ValueSource,
        next: Option<etcdserverpb::TxnRequest>,
    },
}

/// Fresh random values of one size.
struct ValueSource {
    rng: SplitMix64,
    size: usize,
}

impl Requester {
    /// Worker `id`'s requester, with its session, lease or stream set up.
    async fn new(spec: &CoordSpec, channel: Channel, id: usize) -> Result<Self> {
        let values = || ValueSource {
            rng: SplitMix64::new(0xc00d ^ id as u64),
            size: spec.value_size,
        };
        let keys = || -> Vec<String> {
            (0..spec.txn_ops)
                .map(|op| format!("bench/txn/{id}/{op}"))
                .collect()
        };
        Ok(match (spec.workload, spec.target) {
            (CoordWorkload::SessionCreate, Target::Roster) => Self::RosterCreate {
                client: SessionServiceClient::new(channel),
                request: roster_session(spec),
                created: Vec::new(),
            },
            (CoordWorkload::SessionCreate, Target::Etcd) => Self::EtcdGrant {
                client: LeaseClient::new(channel),
                ttl: spec.ttl,
                granted: Vec::new(),
            },
            (CoordWorkload::SessionRenew, Target::Roster) => {
                let mut client = SessionServiceClient::new(channel);
                let id = create_session(&mut client, roster_session(spec))
                    .await
                    .context("creating a session to renew")?;
                Self::RosterRenew { client, id }
            }
            (CoordWorkload::SessionRenew, Target::Etcd) => {
                let mut client = LeaseClient::new(channel);
                let id = grant_lease(&mut client, spec.ttl)
                    .await
                    .context("granting a lease to keep alive")?;
                // etcd sends the stream's headers with its first reply, so
                // the call returns only once a request is on its way.
                let (requests, receiver) = mpsc::channel(1);
                requests
                    .send(LeaseKeepAliveRequest { id })
                    .await
                    .context("queueing the first keep-alive")?;
                let mut replies = client
                    .lease_keep_alive(ReceiverStream::new(receiver))
                    .await
                    .context("opening a keep-alive stream")?
                    .into_inner();
                replies
                    .message()
                    .await
                    .context("first keep-alive reply")?
                    .context("keep-alive stream ended at once")?;
                Self::EtcdKeepAlive {
                    client,
                    id,
                    requests,
                    replies,
                }
            }
            (CoordWorkload::Txn, Target::Roster) => Self::RosterTxn {
                client: TxnServiceClient::new(channel),
                keys: keys(),
                values: values(),
                next: None,
            },
            (CoordWorkload::Txn, Target::Etcd) => Self::EtcdTxn {
                client: EtcdKvClient::new(channel),
                keys: keys(),
                values: values(),
                next: None,
            },
            (CoordWorkload::Lock, _) => unreachable!("lock runs contenders, not requesters"),
        })
    }

    /// Builds the next request where that costs the client something (fresh
    /// values), so that it happens before the clock starts.
    fn prepare(&mut self) {
        match self {
            Self::RosterTxn {
                keys, values, next, ..
            } => {
                let ops = keys
                    .iter()
                    .map(|key| TxnOp {
                        op: Some(txn_op::Op::Kv(KvOp {
                            verb: KvVerb::Set as i32,
                            key: key.clone(),
                            value: values.rng.bytes(values.size),
                            ..Default::default()
                        })),
                    })
                    .collect();
                *next = Some(TxnRequest {
                    ops,
                    ..Default::default()
                });
            }
            Self::EtcdTxn {
                keys, values, next, ..
            } => {
                let success = keys
                    .iter()
                    .map(|key| RequestOp {
                        request: Some(request_op::Request::RequestPut(etcdserverpb::PutRequest {
                            key: key.as_bytes().to_vec(),
                            value: values.rng.bytes(values.size),
                            ..Default::default()
                        })),
                    })
                    .collect();
                *next = Some(etcdserverpb::TxnRequest {
                    success,
                    ..Default::default()
                });
            }
            _ => {}
        }
    }

    /// Sends one request and waits for its reply; a reply that says the
    /// operation did not happen is an error.
    async fn send(&mut self) -> Result<(), Status> {
        match self {
            Self::RosterCreate {
                client,
                request,
                created,
            } => created.push(create_session(client, request.clone()).await?),
            Self::EtcdGrant {
                client,
                ttl,
                granted,
            } => granted.push(grant_lease(client, *ttl).await?),
            Self::RosterRenew { client, id } => {
                let request = RenewRequest {
                    id: id.clone(),
                    ..Default::default()
                };
                client.renew(request).await?;
            }
            Self::EtcdKeepAlive {
                id,
                requests,
                replies,
                ..
            } => {
                requests
                    .send(LeaseKeepAliveRequest { id: *id })
                    .await
                    .map_err(|_| Status::unavailable("keep-alive stream closed"))?;
                let reply = replies
                    .message()
                    .await?
                    .ok_or_else(|| Status::unavailable("keep-alive stream ended"))?;
                if reply.ttl <= 0 {
                    return Err(Status::not_found(format!("lease {id:x} expired")));
                }
            }
            Self::RosterTxn { client, next, .. } => {
                let request = next.take().unwrap_or_default();
                let reply = client.txn(request).await?.into_inner();
                if let Some(error) = reply.errors.first() {
                    return Err(Status::aborted(format!(
                        "transaction rolled back: op {}: {}",
                        error.op_index, error.what
                    )));
                }
            }
            Self::EtcdTxn { client, next, .. } => {
                let request = next.take().unwrap_or_default();
                if !client.txn(request).await?.into_inner().succeeded {
                    return Err(Status::aborted("transaction did not succeed"));
                }
            }
        }
        Ok(())
    }

    /// Destroys the sessions or revokes the leases this worker made;
    /// returns how many of those calls failed.
    async fn clean_up(self) -> usize {
        match self {
            Self::RosterCreate {
                client, created, ..
            } => destroy_sessions(client, created).await,
            Self::EtcdGrant {
                client, granted, ..
            } => revoke_leases(client, granted).await,
            Self::RosterRenew { client, id } => destroy_sessions(client, vec![id]).await,
            Self::EtcdKeepAlive {
                client,
                id,
                requests,
                ..
            } => {
                drop(requests);
                revoke_leases(client, vec![id]).await
            }
            Self::RosterTxn { .. } | Self::EtcdTxn { .. } => 0,
        }
    }
}

/// Runs a request workload: every worker in a closed loop until the window
/// ends; then the cleanup, outside the window.
async fn run_requests(spec: &CoordSpec, channels: &[Channel]) -> Result<(Stats, WindowCpu)> {
    let mut requesters = Vec::with_capacity(spec.concurrency);
    for id in 0..spec.concurrency {
        let channel = channels[id % channels.len()].clone();
        requesters.push(Requester::new(spec, channel, id).await?);
    }
    let window = Window::after(spec.warmup, spec.duration);
    let cpu = tokio::spawn(WindowCpu::measure(
        spec.server_pids.clone(),
        window.start,
        window.end,
    ));
    let first_error = Arc::new(FirstError::default());
    let mut workers = JoinSet::new();
    for requester in requesters {
        workers.spawn(closed_loop(requester, window, Arc::clone(&first_error)));
    }
    let mut stats = Stats::new();
    let mut cleanups = JoinSet::new();
    while let Some(done) = workers.join_next().await {
        let (worker_stats, requester) = done.context("worker panicked")?;
        stats.merge(&worker_stats)?;
        cleanups.spawn(requester.clean_up());
    }
    let cpu = cpu.await.context("cpu sampler panicked")?;
    let failed: usize = cleanups.join_all().await.into_iter().sum();
    if failed > 0 {
        eprintln!("roster-bench: {failed} sessions or leases could not be removed");
    }
    Ok((stats, cpu))
}

/// One closed-loop worker: issues its next request as soon as the last one
/// returns, until the window has ended.
async fn closed_loop(
    mut requester: Requester,
    window: Window,
    first_error: Arc<FirstError>,
) -> (Stats, Requester) {
    let mut stats = Stats::new();
    loop {
        requester.prepare();
        let began = Instant::now();
        if began >= window.end {
            break;
        }
        let outcome = requester.send().await;
        let finished = Instant::now();
        let counted = window.contains(finished);
        match outcome {
            Ok(()) if counted => stats.record(finished.duration_since(began)),
            Ok(()) => {}
            Err(status) => {
                stats.errors += u64::from(counted);
                first_error.note(&status);
                tokio::time::sleep(ERROR_BACKOFF).await;
            }
        }
    }
    (stats, requester)
}

// --------------------------------------------------------------------- lock

/// One lock contender: its client and what holds the lock for it.
enum Contender {
    /// A Roster session taking the lock key with `acquire`.
    Roster {
        kv: KvServiceClient<Channel>,
        sessions: SessionServiceClient<Channel>,
        session: String,
        key: String,
    },
    /// An etcd lease taking the lock through the v3 lock service.
    Etcd {
        lock: LockClient<Channel>,
        leases: LeaseClient<Channel>,
        lease: i64,
        name: Vec<u8>,
        /// The ownership key of the current hold.
        owner_key: Vec<u8>,
    },
}

impl Contender {
    /// A contender for `spec.lock_name`, with its own session or lease.
    async fn new(spec: &CoordSpec, channel: Channel) -> Result<Self> {
        Ok(match spec.target {
            Target::Roster => {
                let mut sessions = SessionServiceClient::new(channel.clone());
                let session = create_session(&mut sessions, roster_session(spec))
                    .await
                    .context("creating a contender's session")?;
                Self::Roster {
                    kv: KvServiceClient::new(channel),
                    sessions,
                    session,
                    key: spec.lock_name.clone(),
                }
            }
            Target::Etcd => {
                let mut leases = LeaseClient::new(channel.clone());
                let lease = grant_lease(&mut leases, spec.ttl)
                    .await
                    .context("granting a contender's lease")?;
                Self::Etcd {
                    lock: LockClient::new(channel),
                    leases,
                    lease,
                    name: spec.lock_name.as_bytes().to_vec(),
                    owner_key: Vec::new(),
                }
            }
        })
    }

    /// Returns once this contender holds the lock, with the number of
    /// acquire calls it made.
    async fn acquire(&mut self) -> Result<u64, Status> {
        match self {
            Self::Roster {
                kv, session, key, ..
            } => {
                let mut calls = 0;
                let mut index = 0;
                loop {
                    let reply = kv
                        .get(GetRequest {
                            query_options: Some(QueryOptions {
                                min_index: index,
                                wait: Some(to_proto_duration(BLOCKING_WAIT)),
                                ..Default::default()
                            }),
                            key: key.clone(),
                        })
                        .await?
                        .into_inner();
                    if reply.entry.is_some_and(|entry| !entry.session.is_empty()) {
                        index = reply.query_meta.map_or(0, |meta| meta.index);
                        continue;
                    }
                    calls += 1;
                    let put = PutRequest {
                        key: key.clone(),
                        acquire_session: session.clone(),
                        ..Default::default()
                    };
                    if kv.put(put).await?.into_inner().success {
                        return Ok(calls);
                    }
                    // Taken by another contender first: read again without
                    // blocking, then block on the new holder. (Consul's
                    // client sleeps 5 s when the key then reads as free, for
                    // a lock-delay; none applies here, as no session is
                    // invalidated during a run, so this tries again at once.)
                    index = 0;
                }
            }
            Self::Etcd {
                lock,
                lease,
                name,
                owner_key,
                ..
            } => {
                let request = LockRequest {
                    name: name.clone(),
                    lease: *lease,
                };
                *owner_key = lock.lock(request).await?.into_inner().key;
                Ok(1)
            }
        }
    }

    /// Releases the lock this contender holds.
    async fn release(&mut self) -> Result<(), Status> {
        match self {
            Self::Roster {
                kv, session, key, ..
            } => {
                let put = PutRequest {
                    key: key.clone(),
                    release_session: session.clone(),
                    ..Default::default()
                };
                if !kv.put(put).await?.into_inner().success {
                    return Err(Status::failed_precondition("release did not succeed"));
                }
            }
            Self::Etcd {
                lock, owner_key, ..
            } => {
                let key = std::mem::take(owner_key);
                lock.unlock(UnlockRequest { key }).await?;
            }
        }
        Ok(())
    }

    /// Destroys the session or revokes the lease.
    async fn clean_up(self) -> usize {
        match self {
            Self::Roster {
                sessions, session, ..
            } => destroy_sessions(sessions, vec![session]).await,
            Self::Etcd { leases, lease, .. } => revoke_leases(leases, vec![lease]).await,
        }
    }
}

/// What the contenders share.
struct LockShared {
    window: Window,
    hold: Duration,
    contenders: usize,
    /// When the last holder started its release call.
    release_started: Mutex<Option<Instant>>,
    /// Acquisitions so far.
    acquisitions: watch::Sender<u64>,
    first_error: FirstError,
}

/// Runs the lock workload: every contender takes turns until the window
/// ends, then takes and releases the lock once more and stops.
async fn run_lock(spec: &CoordSpec, channels: &[Channel]) -> Result<(Stats, WindowCpu)> {
    let mut contenders = Vec::with_capacity(spec.concurrency);
    for id in 0..spec.concurrency {
        let channel = channels[id % channels.len()].clone();
        contenders.push(Contender::new(spec, channel).await?);
    }
    let window = Window::after(spec.warmup, spec.duration);
    let cpu = tokio::spawn(WindowCpu::measure(
        spec.server_pids.clone(),
        window.start,
        window.end,
    ));
    let shared = Arc::new(LockShared {
        window,
        hold: spec.hold,
        contenders: spec.concurrency,
        release_started: Mutex::new(None),
        acquisitions: watch::Sender::new(0),
        first_error: FirstError::default(),
    });
    let mut tasks = JoinSet::new();
    for contender in contenders {
        tasks.spawn(contend(contender, Arc::clone(&shared)));
    }
    let deadline = window.end + LOCK_DRAIN_LIMIT;
    let mut stats = Stats::new();
    let mut finished = Vec::with_capacity(spec.concurrency);
    let mut outcome = Ok(());
    while outcome.is_ok() && !tasks.is_empty() {
        outcome = match tokio::time::timeout_at(deadline.into(), tasks.join_next()).await {
            Ok(Some(done)) => match done.context("contender panicked")? {
                Ok((contender_stats, contender)) => {
                    finished.push(contender);
                    stats.merge(&contender_stats)
                }
                Err(e) => Err(e),
            },
            Ok(None) => Ok(()),
            Err(_) => Err(anyhow::anyhow!(
                "{} contenders still running {LOCK_DRAIN_LIMIT:?} after the window",
                tasks.len()
            )),
        };
    }
    tasks.abort_all();
    let cpu = cpu.await.context("cpu sampler panicked")?;
    let mut failed = 0;
    for contender in finished {
        failed += contender.clean_up().await;
    }
    if failed > 0 {
        eprintln!("roster-bench: {failed} sessions or leases could not be removed");
    }
    outcome.map(|()| (stats, cpu))
}

/// One contender's loop: acquire (timing the hand-off from the previous
/// holder's release), hold, release; after the window, stop after its next
/// release. A failed acquire is retried; a failed release ends the run
/// (the lock's state is then unknown).
async fn contend(mut contender: Contender, shared: Arc<LockShared>) -> Result<(Stats, Contender)> {
    let mut stats = Stats::new();
    let mut acquisitions = shared.acquisitions.subscribe();
    loop {
        let calls = match contender.acquire().await {
            Ok(calls) => calls,
            Err(status) => {
                stats.errors += u64::from(shared.window.contains(Instant::now()));
                shared.first_error.note(&status);
                tokio::time::sleep(ERROR_BACKOFF).await;
                continue;
            }
        };
        let acquired = Instant::now();
        // Invariant: the lock is only poisoned if a contender panicked while
        // holding it, which would already have failed the run.
        let released = shared
            .release_started
            .lock()
            .expect("release time lock poisoned")
            .take();
        if shared.window.contains(acquired) {
            stats.acquire_calls += calls;
            if let Some(released) = released {
                stats.record(acquired.duration_since(released));
            }
        }
        let mut mine = 0;
        shared.acquisitions.send_modify(|n| {
            *n += 1;
            mine = *n;
        });
        if !shared.hold.is_zero() {
            tokio::time::sleep(shared.hold).await;
        }
        let releasing = Instant::now();
        *shared
            .release_started
            .lock()
            .expect("release time lock poisoned") = Some(releasing);
        if let Err(status) = contender.release().await {
            shared.first_error.note(&status);
            bail!("releasing the lock failed: {status}");
        }
        if releasing >= shared.window.end {
            return Ok((stats, contender));
        }
        if shared.contenders > 1 {
            // Not before another contender has taken it: the next hand-off
            // is to a waiter, not back to this contender.
            acquisitions
                .wait_for(|&n| n != mine)
                .await
                .context("acquisition counter dropped")?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workload_names_are_kebab_case() {
        let json = serde_json::to_value(CoordWorkload::SessionRenew).unwrap();
        assert_eq!(json, "session-renew");
    }

    #[test]
    fn roster_sessions_have_a_ttl_and_no_checks() {
        let spec = CoordSpec {
            target: Target::Roster,
            endpoint: String::new(),
            workload: CoordWorkload::SessionCreate,
            concurrency: 1,
            connections: 1,
            txn_ops: 8,
            value_size: 256,
            hold: Duration::ZERO,
            lock_name: "bench/lock".to_owned(),
            ttl: Duration::from_secs(60),
            node: "r1".to_owned(),
            warmup: Duration::ZERO,
            duration: Duration::from_secs(1),
            request_timeout: Duration::from_secs(1),
            server_pids: Vec::new(),
        };
        let request = roster_session(&spec);
        assert!(request.node_checks_set);
        let session = request.session.unwrap();
        assert!(session.node_checks.is_empty());
        assert_eq!(session.ttl, "60s");
        assert_eq!(session.node, "r1");
        assert_eq!(session.lock_delay_ns, None);
    }

    #[test]
    fn stats_merge_adds_counts_and_latencies() {
        let mut a = Stats::new();
        a.record(Duration::from_millis(1));
        let mut b = Stats::new();
        b.record(Duration::from_millis(3));
        b.errors = 2;
        b.acquire_calls = 5;
        a.merge(&b).unwrap();
        assert_eq!(a.count, 2);
        assert_eq!(a.errors, 2);
        assert_eq!(a.acquire_calls, 5);
        assert_eq!(a.latency_micros.len(), 2);
    }
}

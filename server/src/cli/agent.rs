//! `roster agent`: builds the configuration, opens the data dir, starts Raft
//! (servers), the gossip pools and the listeners (gRPC, HTTP gateway, server
//! port), joins, and runs until SIGINT/SIGTERM, a Leave request or a fatal
//! error. On the way out it leaves the pools gracefully when Consul would
//! (`leave_on_terminate`, `skip_leave_on_interrupt`).
//!
//! This is the only place the HTTP gateway is mounted: it calls the same
//! tonic routes the gRPC port serves, in process, with no network hop.

use std::{
    fs::File,
    io::Write as _,
    net::SocketAddr,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::net::TcpListener;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::storage::Tables as _;
use crate::{
    config::{AgentFlags, Config, ConfigError},
    gossip::{self, Gossip, GossipConfig, GossipError, PoolConfig, PoolKind},
    identity::{self, IdentityError},
    raft::{
        self, RaftConfig,
        cluster_id::ClusterIdentity,
        transport::{GrpcTransport, PeerAddresses, RaftTransportServer},
    },
    rpc::{
        self, ServerContext,
        agent::{AgentContext, AgentInfo},
    },
    state::{StateMachine, WatchHub},
    storage::{Engine, RaftLogStore, StorageError},
};

/// Why the agent could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// Bad configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The data dir is unusable or locked.
    #[error("data dir {path}: {detail}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A listener could not be bound.
    #[error("cannot listen on {addr} ({what}): {detail}")]
    Listen {
        /// Which listener.
        what: &'static str,
        /// The address.
        addr: SocketAddr,
        /// Why.
        detail: String,
    },
    /// Something this version cannot do yet.
    #[error("{0}")]
    Unsupported(String),
    /// Gossip could not start or join.
    #[error("{0}")]
    Gossip(String),
    /// Raft stopped with an error.
    #[error("raft: {0}")]
    Raft(String),
    /// Runtime failure.
    #[error("{0}")]
    Runtime(String),
}

impl From<IdentityError> for AgentError {
    fn from(e: IdentityError) -> AgentError {
        AgentError::DataDir {
            path: e.path,
            detail: e.detail,
        }
    }
}

/// Entry point of `roster agent`.
pub fn main(flags: &AgentFlags) -> Result<ExitCode, AgentError> {
    let config = Config::build(flags)?;
    init_tracing(&config);
    for warning in &config.warnings {
        tracing::warn!("{warning}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("roster-worker")
        .build()
        .map_err(|e| AgentError::Runtime(e.to_string()))?;
    runtime.block_on(run(config))?;
    Ok(ExitCode::SUCCESS)
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ROSTER_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!(
            "{level},raft=warn,h2=info,tower=info,hyper=info",
            level = config.log_level.as_filter()
        ))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

/// The data directory: a real one, or a temp dir for `-dev` (kept alive by
/// this value, removed on exit).
struct DataDir {
    path: PathBuf,
    _temp: Option<tempfile::TempDir>,
    _lock: File,
}

fn open_data_dir(config: &Config) -> Result<DataDir, AgentError> {
    let (path, temp) = match &config.data_dir {
        Some(p) => (p.clone(), None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("roster-dev-")
                .tempdir()
                .map_err(|e| AgentError::DataDir {
                    path: std::env::temp_dir(),
                    detail: format!("cannot create a temp dir: {e}"),
                })?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    let err = |detail: String| AgentError::DataDir {
        path: path.clone(),
        detail,
    };
    std::fs::create_dir_all(&path).map_err(|e| err(format!("cannot create: {e}")))?;
    let lock_path = path.join("roster.lock");
    let mut lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .map_err(|e| err(format!("cannot open {}: {e}", lock_path.display())))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
            return Err(err(format!(
                "in use by another roster agent (pid {}); stop it or use another -data-dir",
                holder.trim()
            )));
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(err(format!("cannot lock {}: {e}", lock_path.display())));
        }
    }
    lock.set_len(0)
        .and_then(|_| write!(lock, "{}", std::process::id()))
        .map_err(|e| err(format!("cannot write {}: {e}", lock_path.display())))?;
    Ok(DataDir {
        path,
        _temp: temp,
        _lock: lock,
    })
}

async fn bind(what: &'static str, addr: SocketAddr) -> Result<TcpListener, AgentError> {
    TcpListener::bind(addr)
        .await
        .map_err(|e| AgentError::Listen {
            what,
            addr,
            detail: e.to_string(),
        })
}

/// The replicated half of a server agent.
struct ServerParts {
    engine: Engine,
    hub: Arc<WatchHub>,
    raft: raft::RaftHandle,
    raft_done: tokio::sync::oneshot::Receiver<Result<(), raft::RaftError>>,
    ctx: ServerContext,
    address: SocketAddr,
    /// Raft peers' addresses, kept current from gossip.
    addresses: PeerAddresses,
    /// The cluster this server belongs to, and its bootstrap promise.
    identity: Arc<ClusterIdentity>,
}

fn start_server(
    config: &Config,
    data_dir: &Path,
    raft_id: u64,
    shutdown: &CancellationToken,
    tasks: &TaskTracker,
) -> Result<ServerParts, AgentError> {
    let engine = Engine::open(&data_dir.join("state"))?;
    let hub = WatchHub::new();
    let state = StateMachine::new(engine.clone(), Arc::clone(&hub));
    let interrupted = engine.interrupted_install()?;
    if let Some(marker) = &interrupted {
        // A crash interrupted a snapshot install: install the same files
        // again before anything reads the state.
        let meta = RaftLogStore::decode_snapshot_marker(marker)?;
        let dir = crate::storage::snapshot::snapshot_dir(
            &engine.snapshot_root(),
            "in",
            meta.index,
            meta.term,
        );
        tracing::warn!(
            index = meta.index,
            "finishing an interrupted snapshot install"
        );
        engine.install_state(&dir, marker)?;
    }
    let applied = engine.applied_index()?;
    let store = RaftLogStore::open(engine.clone(), applied)?;
    if let Some(marker) = &interrupted {
        let meta = RaftLogStore::decode_snapshot_marker(marker)?;
        store.apply_snapshot(&meta)?;
        crate::storage::snapshot::remove_received_up_to(&engine.snapshot_root(), meta.index);
    }
    crate::storage::snapshot::remove_leftovers(&engine.snapshot_root());
    if !store.is_initialized() {
        if config.bootstrap {
            tracing::info!(raft_id, "bootstrapping a new single-server cluster");
            let cluster_id = uuid::Uuid::new_v4().to_string();
            tracing::info!(cluster_id, "the new cluster's identity");
            store.bootstrap(vec![raft_id], &cluster_id)?;
        } else if config.bootstrap_expect > 1 {
            tracing::info!(
                expect = config.bootstrap_expect,
                "waiting for the expected servers to bootstrap the cluster"
            );
        } else {
            tracing::warn!("no cluster to join and not bootstrapping; waiting for a leader");
        }
    }
    let address = config
        .server_address()
        .ok_or_else(|| AgentError::Unsupported("a server needs its server port".into()))?;
    // The peers last known (gossip updates them), and this server.
    let mut book = engine.peer_addresses()?;
    book.insert(raft_id, address.to_string());
    let addresses: PeerAddresses = Arc::new(Mutex::new(book));
    let identity = Arc::new(ClusterIdentity::open(engine.clone(), raft_id)?);
    let transport = GrpcTransport::new(
        tokio::runtime::Handle::current(),
        Arc::clone(&addresses),
        engine.snapshot_root(),
        Arc::clone(&identity),
        shutdown.child_token(),
    );
    let node_slot = transport.node_slot();
    let raft_config = RaftConfig {
        snapshot_threshold: config.raft_snapshot_threshold,
        trailing_logs: config.raft_trailing_logs,
        ..RaftConfig::with_multiplier(raft_id, config.raft_multiplier)
    };
    let (raft, raft_done) = raft::start(
        raft_config,
        store,
        state.clone(),
        Box::new(transport),
        Arc::clone(&addresses),
        shutdown.child_token(),
    )?;
    let _ = node_slot.set(raft.clone());
    let ctx = ServerContext {
        raft: raft.clone(),
        state,
        rpc_hold_timeout: config.rpc_hold_timeout,
    };
    tasks.spawn(crate::leader::reap_tombstones(
        ctx.clone(),
        crate::leader::TOMBSTONE_TTL,
        crate::leader::TOMBSTONE_GRANULARITY,
        shutdown.child_token(),
    ));
    Ok(ServerParts {
        engine,
        hub,
        raft,
        raft_done,
        ctx,
        address,
        addresses,
        identity,
    })
}

/// Starts the LAN pool (and the WAN pool on servers) with this agent's tags
/// and keyring.
async fn start_gossip(
    config: &Config,
    node_id: &uuid::Uuid,
    raft_id: u64,
    data_dir: &Path,
) -> Result<Arc<Gossip>, AgentError> {
    let gossip_err = |e: GossipError| AgentError::Gossip(e.to_string());
    let lan_port = config
        .ports
        .serf_lan
        .ok_or_else(|| AgentError::Unsupported("the LAN gossip port is required".into()))?;
    let wan_port = config.ports.serf_wan.filter(|_| config.server);
    let server_tags = config.server.then(|| gossip::tags::ServerTags {
        port: config.ports.server.unwrap_or_default(),
        raft_id,
        bootstrap: config.bootstrap,
        expect: config.bootstrap_expect,
        wan_join_port: wan_port,
    });
    let tags = gossip::tags::build(
        &config.datacenter,
        &node_id.to_string(),
        config.ports.grpc,
        server_tags.as_ref(),
    );
    let pool = |kind: PoolKind,
                name: String,
                port: u16,
                advertise: std::net::IpAddr,
                reconnect_timeout: Duration,
                timing: crate::gossip::timing::GossipTiming|
     -> Result<PoolConfig, AgentError> {
        let wan = kind == PoolKind::Wan;
        // -dev keeps nothing on disk; elsewhere rotated keys persist.
        let keyring_file = (!config.dev).then(|| gossip::keyring::file_path(data_dir, wan));
        let keyring = gossip::keyring::load(keyring_file.as_deref(), config.encrypt.as_deref())
            .map_err(gossip_err)?;
        Ok(PoolConfig {
            kind,
            name,
            bind: SocketAddr::new(config.bind_addr, port),
            advertise: SocketAddr::new(advertise, port),
            tags: tags.clone(),
            keyring,
            keyring_file,
            verify_incoming: config.encrypt_verify_incoming,
            verify_outgoing: config.encrypt_verify_outgoing,
            reconnect_timeout,
            timing,
            snapshot_path: (!config.dev).then(|| {
                data_dir.join("serf").join(if wan {
                    "remote.snapshot"
                } else {
                    "local.snapshot"
                })
            }),
            rejoin_after_leave: config.rejoin_after_leave,
        })
    };
    let lan = pool(
        PoolKind::Lan,
        config.node_name.clone(),
        lan_port,
        config.advertise_addr,
        config.reconnect_timeout,
        config.gossip_lan,
    )?;
    let wan = wan_port
        .map(|port| {
            pool(
                PoolKind::Wan,
                format!("{}.{}", config.node_name, config.datacenter),
                port,
                config.advertise_addr_wan,
                config.reconnect_timeout_wan,
                config.gossip_wan,
            )
        })
        .transpose()?;
    Gossip::start(GossipConfig {
        lan,
        wan,
        node_name: config.node_name.clone(),
        datacenter: config.datacenter.clone(),
    })
    .await
    .map_err(gossip_err)
}

/// Why the agent stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopReason {
    Interrupt,
    Terminate,
    LeaveRequested,
    Fatal,
}

async fn run(config: Config) -> Result<(), AgentError> {
    let data_dir = open_data_dir(&config)?;
    let node_id = identity::node_id(config.node_id.as_deref(), &data_dir.path)?;
    let raft_id = identity::raft_id(&data_dir.path, &node_id)?;
    let shutdown = CancellationToken::new();
    let tasks = TaskTracker::new();

    let mut server = if config.server {
        Some(start_server(
            &config,
            &data_dir.path,
            raft_id,
            &shutdown,
            &tasks,
        )?)
    } else {
        None
    };
    let gossip = start_gossip(&config, &node_id, raft_id, &data_dir.path).await?;
    if let Some(s) = &server {
        tasks.spawn(crate::cluster::watch_servers(
            Arc::clone(&gossip),
            s.raft.clone(),
            Arc::clone(&s.addresses),
            s.engine.clone(),
            Arc::clone(&s.identity),
            if config.bootstrap {
                0
            } else {
                config.bootstrap_expect
            },
            shutdown.child_token(),
        ));
        tasks.spawn(crate::cluster::manage_membership(
            Arc::clone(&gossip),
            s.raft.clone(),
            s.engine.clone(),
            config.autopilot,
            shutdown.child_token(),
        ));
    }
    let leave_requested = CancellationToken::new();
    let agent_ctx = AgentContext {
        gossip: Arc::clone(&gossip),
        info: Arc::new(AgentInfo {
            node_name: config.node_name.clone(),
            node_id: node_id.to_string(),
            datacenter: config.datacenter.clone(),
            server: config.server,
        }),
        leave_requested: leave_requested.clone(),
        raft: server.as_ref().map(|s| s.raft.clone()),
    };
    let coordinate_queue = Arc::new(rpc::coordinate::CoordinateQueue::default());
    let (routes, health) = rpc::public_routes(
        server.as_ref().map(|s| rpc::ServerRoutes {
            ctx: s.ctx.clone(),
            coordinates: Arc::clone(&coordinate_queue),
            autopilot: config.autopilot,
        }),
        agent_ctx,
    )
    .map_err(|e| AgentError::Runtime(e.to_string()))?;
    if let Some(s) = &server {
        tasks.spawn(rpc::coordinate::flush_coordinates(
            s.ctx.clone(),
            Arc::clone(&coordinate_queue),
            shutdown.child_token(),
        ));
    }
    tasks.spawn(rpc::coordinate::report_coordinates(
        Arc::clone(&gossip),
        routes.clone(),
        shutdown.child_token(),
    ));

    // Bind everything first so that a busy port fails the start cleanly.
    let mut grpc_listeners = Vec::new();
    let mut http_listeners = Vec::new();
    for ip in &config.client_addrs {
        if let Some(port) = config.ports.grpc {
            grpc_listeners.push(bind("grpc", SocketAddr::new(*ip, port)).await?);
        }
        if let Some(port) = config.ports.http {
            http_listeners.push(bind("http", SocketAddr::new(*ip, port)).await?);
        }
    }
    let server_listener = match &server {
        Some(s) => Some(
            bind(
                "server",
                SocketAddr::new(config.bind_addr, s.address.port()),
            )
            .await?,
        ),
        None => None,
    };

    for listener in grpc_listeners {
        let routes = routes.clone();
        let token = shutdown.clone();
        tasks.spawn(async move {
            let incoming = rpc::conn::incoming(listener);
            let result = tonic::transport::Server::builder()
                .add_routes(routes)
                .serve_with_incoming_shutdown(incoming, token.cancelled_owned())
                .await;
            if let Err(error) = result {
                tracing::error!(%error, "grpc server failed");
            }
        });
    }
    let gateway = roster_gateway::router(
        roster_gateway::grpc_channel(routes.clone()),
        roster_gateway::GatewayOptions {
            pretty_json: config.pretty_json,
        },
    );
    for listener in http_listeners {
        let router = gateway.clone();
        let token = shutdown.clone();
        tasks.spawn(async move {
            // Closed connections linger, so that an answer given before the
            // request's body was read (a 413) reaches a client still sending.
            let listener = roster_gateway::linger::LingeringListener::new(listener);
            let result = axum::serve(listener, router)
                .with_graceful_shutdown(token.cancelled_owned())
                .await;
            if let Err(error) = result {
                tracing::error!(%error, "http server failed");
            }
        });
    }
    if let (Some(listener), Some(s)) = (server_listener, &server) {
        // The server port carries Raft and, for client agents and other
        // servers, the same public services as the gRPC port.
        let token = shutdown.clone();
        let transport_service =
            roster_proto::raft::v1::raft_transport_service_server::RaftTransportServiceServer::new(
                RaftTransportServer::new(
                    s.raft.clone(),
                    s.engine.snapshot_root(),
                    Arc::clone(&s.identity),
                    Arc::clone(&s.addresses),
                ),
            )
            .max_decoding_message_size(raft::transport::MAX_TRANSPORT_MESSAGE);
        let routes = routes.clone().add_service(transport_service);
        tasks.spawn(async move {
            let incoming = rpc::conn::incoming(listener);
            let result = tonic::transport::Server::builder()
                .add_routes(routes)
                .serve_with_incoming_shutdown(incoming, token.cancelled_owned())
                .await;
            if let Err(error) = result {
                tracing::error!(%error, "server port failed");
            }
        });
    }

    // -join / -join-wan must succeed for the agent to start (as Consul);
    // -retry-join keeps trying in the background.
    for (wan, addresses) in [(false, &config.start_join), (true, &config.start_join_wan)] {
        if addresses.is_empty() {
            continue;
        }
        let pool = gossip
            .pool(wan)
            .map_err(|e| AgentError::Gossip(e.to_string()))?;
        match pool.join(addresses).await {
            Ok(n) => tracing::info!(
                pool = pool.kind().as_str(),
                joined = n,
                "joined the cluster"
            ),
            Err(e) => {
                gossip.shutdown().await;
                return Err(AgentError::Gossip(format!(
                    "failed to join {}: {e}",
                    addresses.join(", ")
                )));
            }
        }
    }
    let fatal = CancellationToken::new();
    for (wan, addresses, interval, max) in [
        (
            false,
            &config.retry_join,
            config.retry_interval,
            config.retry_max,
        ),
        (
            true,
            &config.retry_join_wan,
            config.retry_interval_wan,
            config.retry_max_wan,
        ),
    ] {
        if addresses.is_empty() {
            continue;
        }
        let gossip = Arc::clone(&gossip);
        let addresses = addresses.clone();
        let stop = shutdown.child_token();
        let fatal = fatal.clone();
        tasks.spawn(async move {
            let stopped = stop.clone();
            let joined =
                gossip::join::retry_join(gossip, wan, addresses, interval, max, stop).await;
            if !joined && !stopped.is_cancelled() {
                fatal.cancel();
            }
        });
    }

    health
        .set_service_status("", tonic_health::ServingStatus::Serving)
        .await;
    print_banner(&config, &node_id, &data_dir.path);
    // Start-up is over: let go of the code only it ran (see memory.rs).
    crate::memory::release_startup_code();

    let raft_done = async {
        match server.as_mut() {
            Some(s) => match (&mut s.raft_done).await {
                Ok(Err(e)) => AgentError::Raft(e.to_string()),
                _ => AgentError::Raft("raft driver stopped".into()),
            },
            None => std::future::pending().await,
        }
    };
    let (reason, outcome) = tokio::select! {
        signal = shutdown_signal() => {
            tracing::info!("caught signal, shutting down");
            (signal, Ok(()))
        }
        _ = leave_requested.cancelled() => {
            tracing::info!("left the cluster on request, shutting down");
            (StopReason::LeaveRequested, Ok(()))
        }
        _ = fatal.cancelled() => (
            StopReason::Fatal,
            Err(AgentError::Gossip("max join retry exhausted, exiting".into())),
        ),
        error = raft_done => (StopReason::Fatal, Err(error)),
    };
    let leave = match reason {
        StopReason::Interrupt => !config.skip_leave_on_interrupt,
        StopReason::Terminate => config.leave_on_terminate,
        StopReason::LeaveRequested | StopReason::Fatal => false,
    };
    if !leave
        && matches!(reason, StopReason::Interrupt | StopReason::Terminate)
        && let Some(s) = &server
    {
        crate::cluster::hand_over_leadership(&s.raft, "stopping").await;
    }
    if leave {
        tracing::info!("gracefully leaving the gossip pools");
        crate::cluster::leave(&gossip, server.as_ref().map(|s| &s.raft)).await;
    }
    gossip.shutdown().await;
    health
        .set_service_status("", tonic_health::ServingStatus::NotServing)
        .await;
    shutdown.cancel();
    if let Some(s) = &server {
        s.hub.notify_all();
    }
    tasks.close();
    // Open blocking queries may hold connections for minutes: give the
    // listeners a moment, then drop them.
    let _ = tokio::time::timeout(Duration::from_secs(2), tasks.wait()).await;
    if let Some(s) = server {
        let _ = tokio::time::timeout(Duration::from_secs(2), s.raft_done).await;
        s.engine.sync_wal()?;
    }
    tracing::info!("agent stopped");
    outcome
}

async fn shutdown_signal() -> StopReason {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return StopReason::Interrupt;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => StopReason::Interrupt,
        _ = term.recv() => StopReason::Terminate,
    }
}

fn print_banner(config: &Config, node_id: &uuid::Uuid, data_dir: &Path) {
    let port = |p: Option<u16>| p.map_or("-1 (disabled)".to_string(), |p| p.to_string());
    let clients = config
        .client_addrs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    println!("==> Starting Roster agent...");
    println!("           Version: '{}'", crate::VERSION);
    println!("           Node ID: '{node_id}'");
    println!("         Node name: '{}'", config.node_name);
    println!("        Datacenter: '{}'", config.datacenter);
    println!(
        "            Server: {} (Bootstrap: {})",
        config.server, config.bootstrap
    );
    println!(
        "       Client Addr: [{clients}] (HTTP: {}, gRPC: {}, DNS: {} (not served yet))",
        port(config.ports.http),
        port(config.ports.grpc),
        port(config.ports.dns)
    );
    println!(
        "      Cluster Addr: {} (LAN: {}, WAN: {})",
        config.advertise_addr,
        port(config.ports.serf_lan),
        if config.server {
            port(config.ports.serf_wan)
        } else {
            "-1 (clients have no WAN pool)".into()
        }
    );
    println!(
        "           Gossip: {}",
        if config.encrypt.is_some() {
            "encrypted"
        } else {
            "not encrypted"
        }
    );
    println!("          Data dir: '{}'", data_dir.display());
    println!();
    println!("==> Roster agent running!");
    println!("==> Log data will now stream in as it occurs:");
    println!();
}

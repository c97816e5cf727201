//! The agent: what `roster agent` runs, on servers and clients alike.
//!
//! [`run`] opens the data dir ([`data_dir`]), learns who this agent is
//! ([`crate::identity`]), starts the replicated half on a server
//! ([`server`]: state, Raft, transport), the gossip pools ([`pools`]), the
//! duties of the leader ([`crate::leader`]), the listeners ([`listeners`]),
//! joins ([`join`]), and runs until SIGINT/SIGTERM, a Leave request or a
//! fatal error. On the way out it leaves the pools gracefully when Consul
//! would (`leave_on_terminate`, `skip_leave_on_interrupt`), or hands Raft
//! leadership over first.
//!
//! Agent-local state: the services and checks this agent registers for its
//! node ([`local`]), the checks it runs ([`checks`]) and anti-entropy, which
//! keeps the catalog's entry of this node as the local state says
//! ([`anti_entropy`]).

pub mod anti_entropy;
pub mod banner;
pub mod checks;
pub mod data_dir;
pub mod host;
pub mod join;
pub mod listeners;
pub mod local;
mod notify;
pub mod persist;
pub mod pools;
pub mod server;

use std::{path::PathBuf, sync::Arc, time::Duration};

use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::{
    config::{Config, ConfigError},
    identity::{self, IdentityError},
    rpc::{
        self,
        agent::{AgentContext, AgentInfo},
    },
    storage::StorageError,
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
        addr: std::net::SocketAddr,
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

/// Reads the configuration files again, or says why they cannot be read.
pub type ReloadHook = Arc<dyn Fn() -> Result<Config, String> + Send + Sync>;

/// Reloads the agent (`/v1/agent/reload`, SIGHUP): reads the configuration
/// files again and applies what can change while running (the services and
/// checks they define, the TLS certificates). Blocking.
pub type Reload = Arc<dyn Fn() -> Result<(), String> + Send + Sync>;

/// The agent's [`Reload`] over `hook`.
fn reloader(hook: ReloadHook, local: Arc<local::LocalState>, server: bool) -> Reload {
    // One reload at a time (SIGHUP and the API may ask together).
    let one = Arc::new(std::sync::Mutex::new(()));
    Arc::new(move || {
        let _one = one.lock().unwrap_or_else(|e| e.into_inner());
        notify::reloading();
        let outcome = reload_once(&hook, &local, server);
        notify::reloaded(match &outcome {
            Ok(()) => "serving",
            Err(_) => "serving; the last reload failed",
        });
        outcome
    })
}

/// One reload: the configuration files read again and applied, or nothing
/// changed and the error returned.
fn reload_once(hook: &ReloadHook, local: &local::LocalState, server: bool) -> Result<(), String> {
    let config = hook()?;
    // Certificates are read first, so that a bad file fails the reload
    // before anything changed, and put in place last.
    let material = crate::tls::prepare_reload(&config.tls, server).map_err(|e| e.to_string())?;
    local
        .apply_config(
            config
                .services
                .into_iter()
                .map(|d| (d.service, d.checks))
                .collect(),
            config.checks,
        )
        .map_err(|e| e.to_string())?;
    crate::tls::install(material);
    for warning in &config.warnings {
        tracing::warn!("{warning}");
    }
    tracing::info!("configuration reloaded");
    Ok(())
}

/// Reloads on every SIGHUP, as Consul does.
async fn reload_on_hangup(reload: Reload, shutdown: CancellationToken) {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hangup = match signal(SignalKind::hangup()) {
        Ok(s) => s,
        Err(error) => {
            tracing::warn!(%error, "cannot catch SIGHUP: reload through the API only");
            return;
        }
    };
    loop {
        tokio::select! {
            _ = hangup.recv() => {}
            () = shutdown.cancelled() => return,
        }
        tracing::info!("caught SIGHUP, reloading configuration");
        let reload = Arc::clone(&reload);
        match tokio::task::spawn_blocking(move || reload()).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "failed to reload configuration"),
            Err(error) => tracing::error!(%error, "failed to reload configuration"),
        }
    }
}

/// `routes` with the agent's token (`acl.tokens.agent`, else `default`, as
/// set at the time of the call) added to every call that carries none of
/// its own (`x-consul-token` metadata), for the agent's own calls.
fn with_agent_token(
    routes: &tonic::service::Routes,
    acl: Arc<crate::acl::resolver::AclResolver>,
) -> tonic::service::Routes {
    if !acl.enabled() {
        return routes.clone();
    }
    let router = routes
        .clone()
        .into_axum_router()
        .layer(axum::middleware::map_request(
            move |mut request: axum::extract::Request| {
                let token = acl.agent_token();
                async move {
                    let headers = request.headers_mut();
                    if !headers.contains_key("x-consul-token")
                        && !headers.contains_key("authorization")
                        && let Some(value) =
                            token.and_then(|t| http::HeaderValue::from_str(&t).ok())
                    {
                        headers.insert("x-consul-token", value);
                    }
                    request
                }
            },
        ));
    tonic::service::Routes::from(router)
}

/// Why the agent stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopReason {
    Interrupt,
    Terminate,
    LeaveRequested,
    Fatal,
}

/// Runs the agent described by `config` until it stops; `reload` reads its
/// configuration files again when asked to.
pub async fn run(config: Config, reload: Option<ReloadHook>) -> Result<(), AgentError> {
    // Caught from the start: a SIGTERM between the listeners serving and
    // start-up's end (a join may take a while) used to take the default
    // action and kill the agent without its graceful leave.
    let mut signals = StopSignals::install();
    let data_dir = data_dir::open(&config)?;
    let node_id = identity::node_id(config.node_id.as_deref(), &data_dir.path)?;
    let raft_id = identity::raft_id(&data_dir.path, &node_id)?;
    let shutdown = CancellationToken::new();
    let tasks = TaskTracker::new();
    // Before anything dials or listens: Raft's transport is the first.
    let material = crate::tls::Material::load(&config.tls, config.server)
        .map_err(|e| AgentError::Runtime(format!("cannot set up TLS: {e}")))?;
    crate::tls::install(material);

    let mut server = if config.server {
        Some(server::start(&config, &data_dir.path, raft_id, &shutdown)?)
    } else {
        None
    };
    let gossip = pools::start(&config, &node_id, raft_id, &data_dir.path).await?;
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
    let local = local::LocalState::new(
        own_node(&config, &node_id),
        local::ScriptPolicy {
            api: config.enable_script_checks,
            local: config.enable_script_checks || config.enable_local_script_checks,
        },
    );
    let services_for_events = Arc::clone(&local);
    gossip.events().set_local_services(Arc::new(move || {
        services_for_events
            .snapshot()
            .services
            .into_values()
            .map(|s| (s.service.service, s.service.tags))
            .collect()
    }));
    let acl = match &server {
        Some(s) => Arc::clone(&s.ctx.acl),
        None => Arc::new(crate::acl::resolver::AclResolver::remote(
            config.acl.clone(),
            config.datacenter.clone(),
            config.node_name.clone(),
        )),
    };
    acl.persist_tokens_in(&data_dir.path)
        .map_err(|e| AgentError::Runtime(format!("cannot read the persisted ACL tokens: {e}")))?;
    let reload = reload.map(|hook| reloader(hook, Arc::clone(&local), config.server));
    if let Some(reload) = &reload {
        tasks.spawn(reload_on_hangup(Arc::clone(reload), shutdown.child_token()));
    }
    let agent_ctx = AgentContext {
        gossip: Arc::clone(&gossip),
        info: Arc::new(AgentInfo {
            node_name: config.node_name.clone(),
            node_id: node_id.to_string(),
            datacenter: config.datacenter.clone(),
            server: config.server,
            bootstrap: config.bootstrap,
            debug_config: debug_config(&config, &node_id, &data_dir.path),
            data_dir: data_dir.path.clone(),
        }),
        leave_requested: leave_requested.clone(),
        raft: server.as_ref().map(|s| s.raft.clone()),
        local: Arc::clone(&local),
        reload,
        queries: server.as_ref().map(|s| Arc::clone(&s.ctx.queries)),
        acl: Arc::clone(&acl),
    };
    let coordinate_queue = Arc::new(rpc::coordinate::CoordinateQueue::default());
    let (routes, health) = rpc::public_routes(
        server.as_ref().map(|s| rpc::ServerRoutes {
            ctx: s.ctx.clone(),
            coordinates: Arc::clone(&coordinate_queue),
            autopilot: config.autopilot,
            data_dir: data_dir.path.clone(),
        }),
        agent_ctx,
    )
    .map_err(|e| AgentError::Runtime(e.to_string()))?;
    acl.set_routes(routes.clone());
    // The agent's own calls (anti-entropy, checks, coordinates) carry its
    // token: `acl.tokens.agent`, else `acl.tokens.default` (as set now).
    let own_routes = with_agent_token(&routes, Arc::clone(&acl));
    if let Some(s) = &server {
        tasks.spawn(crate::leader::run(
            crate::leader::LeaderDuties {
                ctx: s.ctx.clone(),
                coordinates: Arc::clone(&coordinate_queue),
                gossip: Arc::clone(&gossip),
                acl: config.acl.clone(),
            },
            shutdown.child_token(),
        ));
    }
    tasks.spawn(rpc::coordinate::report_coordinates(
        Arc::clone(&gossip),
        own_routes.clone(),
        shutdown.child_token(),
    ));
    if !config.dev {
        let path = data_dir.path.join(persist::FILE);
        match persist::restore(&local, &path) {
            Ok((0, 0)) => {}
            Ok((services, checks)) => {
                tracing::info!(
                    services,
                    checks,
                    "registered the kept services and checks again"
                );
            }
            Err(error) => tracing::warn!(%error, "the kept services and checks are lost"),
        }
        tasks.spawn(persist::run(
            Arc::clone(&local),
            path,
            shutdown.child_token(),
        ));
    }
    // Configuration files win over what the API registered under the same
    // IDs; an invalid definition stops the start.
    local
        .apply_config(
            config
                .services
                .iter()
                .map(|d| (d.service.clone(), d.checks.clone()))
                .collect(),
            config.checks.clone(),
        )
        .map_err(|e| AgentError::Runtime(format!("invalid service or check definition: {e}")))?;
    tasks.spawn(checks::run(
        Arc::clone(&local),
        own_routes.clone(),
        shutdown.child_token(),
    ));
    tasks.spawn(checks::reap_critical(
        Arc::clone(&local),
        shutdown.child_token(),
    ));
    tasks.spawn(
        anti_entropy::AntiEntropy::new(
            Arc::clone(&local),
            own_routes,
            Arc::clone(&gossip),
            config.server,
            anti_entropy_interval(),
        )
        .run(shutdown.child_token()),
    );

    let listeners = listeners::bind(&config, server.as_ref().map(|s| s.address.port())).await?;
    listeners.serve(&config, &routes, server.as_ref(), &shutdown, &tasks);

    // A join may take seconds: a stop signal meanwhile ends the start.
    let joined = tokio::select! {
        joined = join::join_at_start(&config, &gossip) => joined,
        _ = signals.next() => {
            tracing::info!("caught signal during start-up, stopping");
            gossip.shutdown().await;
            return Ok(());
        }
    };
    if let Err(e) = joined {
        gossip.shutdown().await;
        return Err(e);
    }
    let fatal = CancellationToken::new();
    join::spawn_retry_joins(&config, &gossip, &fatal, &shutdown, &tasks);

    health
        .set_service_status("", tonic_health::ServingStatus::Serving)
        .await;
    banner::print(&config, &node_id, &data_dir.path);
    notify::ready();
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
        signal = signals.next() => {
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
    notify::stopping();
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

/// This agent's catalog node: its name, ID, advertised address, tagged
/// addresses (`lan`, `lan_ipv4`, `wan`, `wan_ipv4`) and the metadata Consul
/// agents set.
fn own_node(config: &Config, node_id: &identity::NodeId) -> roster_proto::catalog::v1::Node {
    let lan = config.advertise_addr.to_string();
    let wan = config.advertise_addr_wan.to_string();
    let family = if config.advertise_addr.is_ipv4() {
        "ipv4"
    } else {
        "ipv6"
    };
    let wan_family = if config.advertise_addr_wan.is_ipv4() {
        "ipv4"
    } else {
        "ipv6"
    };
    roster_proto::catalog::v1::Node {
        id: node_id.to_string(),
        node: config.node_name.clone(),
        address: lan.clone(),
        datacenter: config.datacenter.clone(),
        tagged_addresses: [
            ("lan".to_string(), lan.clone()),
            (format!("lan_{family}"), lan),
            ("wan".to_string(), wan.clone()),
            (format!("wan_{wan_family}"), wan),
        ]
        .into(),
        meta: [("consul-network-segment".to_string(), String::new())].into(),
        create_index: 0,
        modify_index: 0,
    }
}

/// The configuration in effect, as `/v1/agent/self` shows it (`DebugConfig`,
/// Consul's names; the gossip key is hidden).
fn debug_config(
    config: &Config,
    node_id: &identity::NodeId,
    data_dir: &std::path::Path,
) -> serde_json::Value {
    let port = |p: Option<u16>| p.map_or(-1, i32::from);
    let secs = |d: Duration| format!("{}s", d.as_secs_f64());
    serde_json::json!({
        "Datacenter": config.datacenter,
        "PrimaryDatacenter": config.datacenter,
        "NodeName": config.node_name,
        "NodeID": node_id.to_string(),
        "ServerMode": config.server,
        "Bootstrap": config.bootstrap,
        "BootstrapExpect": config.bootstrap_expect,
        "DevMode": config.dev,
        "DataDir": data_dir.display().to_string(),
        "BindAddr": config.bind_addr.to_string(),
        "AdvertiseAddrLAN": config.advertise_addr.to_string(),
        "AdvertiseAddrWAN": config.advertise_addr_wan.to_string(),
        "ClientAddrs": config.client_addrs.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "HTTPPort": port(config.ports.http),
        "HTTPSPort": port(config.ports.https),
        "GRPCPort": port(config.ports.grpc),
        "GRPCTLSPort": port(config.ports.grpc_tls),
        "TLS": {
            "InternalRPC": {
                "VerifyIncoming": config.tls.internal_rpc.verify_incoming,
                "VerifyOutgoing": config.tls.internal_rpc.verify_outgoing,
                "VerifyServerHostname": config.tls.internal_rpc.verify_server_hostname,
            },
            "HTTPS": {"VerifyIncoming": config.tls.https.verify_incoming},
            "GRPC": {"VerifyIncoming": config.tls.grpc.verify_incoming},
            "ServerName": config.tls.server_name,
        },
        "DNSPort": port(config.ports.dns),
        "ServerPort": port(config.ports.server),
        "SerfPortLAN": port(config.ports.serf_lan),
        "SerfPortWAN": port(config.ports.serf_wan),
        "RetryJoinLAN": config.retry_join,
        "RetryJoinWAN": config.retry_join_wan,
        "StartJoinAddrsLAN": config.start_join,
        "LeaveOnTerm": config.leave_on_terminate,
        "SkipLeaveOnInt": config.skip_leave_on_interrupt,
        "RejoinAfterLeave": config.rejoin_after_leave,
        "EnableScriptChecks": config.enable_script_checks,
        "EnableLocalScriptChecks": config.enable_local_script_checks,
        "EncryptKey": if config.encrypt.is_some() { "hidden" } else { "" },
        "EncryptVerifyIncoming": config.encrypt_verify_incoming,
        "EncryptVerifyOutgoing": config.encrypt_verify_outgoing,
        "RaftSnapshotThreshold": config.raft_snapshot_threshold,
        "RaftTrailingLogs": config.raft_trailing_logs,
        "RPCHoldTimeout": secs(config.rpc_hold_timeout),
        "ReconnectTimeoutLAN": secs(config.reconnect_timeout),
        "ReconnectTimeoutWAN": secs(config.reconnect_timeout_wan),
        "UIConfig": {"Enabled": config.ui},
        "Version": rpc::agent::CONSUL_API_VERSION,
        "RosterVersion": crate::VERSION,
    })
}

/// The anti-entropy base interval: Consul's minute, or
/// `ROSTER_ANTI_ENTROPY_INTERVAL` (a Go duration; for tests and for very
/// small or very large clusters).
fn anti_entropy_interval() -> Duration {
    std::env::var("ROSTER_ANTI_ENTROPY_INTERVAL")
        .ok()
        .and_then(|v| roster_proto::common::parse_go_duration(&v).ok())
        .filter(|d| !d.is_zero())
        .unwrap_or(anti_entropy::SYNC_INTERVAL)
}

/// SIGINT and SIGTERM, each caught once installed.
struct StopSignals {
    interrupt: Option<tokio::signal::unix::Signal>,
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn install() -> StopSignals {
        use tokio::signal::unix::{SignalKind, signal};
        let catch = |kind: SignalKind| match signal(kind) {
            Ok(s) => Some(s),
            Err(error) => {
                tracing::warn!(%error, "cannot catch a stop signal");
                None
            }
        };
        StopSignals {
            interrupt: catch(SignalKind::interrupt()),
            terminate: catch(SignalKind::terminate()),
        }
    }

    /// The next stop signal (one that could not be caught never comes).
    async fn next(&mut self) -> StopReason {
        async fn recv(signal: &mut Option<tokio::signal::unix::Signal>) {
            match signal {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            () = recv(&mut self.interrupt) => StopReason::Interrupt,
            () = recv(&mut self.terminate) => StopReason::Terminate,
        }
    }
}

//! The replicated half of a server agent: the state machine over RocksDB,
//! the Raft log and driver, the transport to the other servers.

use std::{
    net::SocketAddr,
    path::Path,
    sync::{Arc, Mutex},
};

use tokio_util::sync::CancellationToken;

use super::AgentError;
use crate::storage::Tables as _;
use crate::{
    config::Config,
    raft::{
        self, RaftConfig,
        cluster_id::ClusterIdentity,
        transport::{GrpcTransport, PeerAddresses},
    },
    rpc::ServerContext,
    state::{StateMachine, WatchHub},
    storage::{Engine, RaftLogStore},
};

/// The replicated half of a server agent.
pub struct ServerParts {
    /// The storage engine.
    pub engine: Engine,
    /// The watch hub of the state machine.
    pub hub: Arc<WatchHub>,
    /// The Raft node.
    pub raft: raft::RaftHandle,
    /// Resolves when the Raft driver stops.
    pub raft_done: tokio::sync::oneshot::Receiver<Result<(), raft::RaftError>>,
    /// What the replicated services need.
    pub ctx: ServerContext,
    /// The server port's advertised address.
    pub address: SocketAddr,
    /// Raft peers' addresses, kept current from gossip.
    pub addresses: PeerAddresses,
    /// The cluster this server belongs to, and its bootstrap promise.
    pub identity: Arc<ClusterIdentity>,
}

/// Opens the state, finishes an interrupted snapshot install, bootstraps
/// when asked, and starts the Raft driver.
pub fn start(
    config: &Config,
    data_dir: &Path,
    raft_id: u64,
    shutdown: &CancellationToken,
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
    let acl = Arc::new(crate::acl::resolver::AclResolver::local(
        config.acl.clone(),
        config.datacenter.clone(),
        config.node_name.clone(),
        state.clone(),
    ));
    let ctx = ServerContext {
        raft: raft.clone(),
        state,
        rpc_hold_timeout: config.rpc_hold_timeout,
        queries: Arc::default(),
        sessions: Arc::default(),
        session_ttl_min: config.session_ttl_min,
        acl,
    };
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

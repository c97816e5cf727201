//! The agent's gossip pools: LAN on every agent, WAN on servers, with this
//! agent's tags, keyring and timing.

use std::{net::SocketAddr, path::Path, sync::Arc, time::Duration};

use super::AgentError;
use crate::{
    config::Config,
    gossip::{self, Gossip, GossipConfig, GossipError, PoolConfig, PoolKind},
    identity::NodeId,
};

/// Starts the LAN pool (and the WAN pool on servers) with this agent's tags
/// and keyring.
pub async fn start(
    config: &Config,
    node_id: &NodeId,
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

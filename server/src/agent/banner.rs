//! The banner `roster agent` prints once it runs, shaped as Consul's.

use std::path::Path;

use crate::{config::Config, identity::NodeId};

/// Prints Consul's start-up banner.
pub fn print(config: &Config, node_id: &NodeId, data_dir: &Path) {
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
        "       Client Addr: [{clients}] (HTTP: {}, HTTPS: {}, gRPC: {}, gRPC-TLS: {}, DNS: {})",
        port(config.ports.http),
        port(config.ports.https),
        port(config.ports.grpc),
        port(config.ports.grpc_tls),
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
    println!(
        "      TLS-Outgoing: {}, TLS-Incoming: {}",
        config.tls.internal_rpc.verify_outgoing, config.tls.internal_rpc.verify_incoming
    );
    println!("          Data dir: '{}'", data_dir.display());
    println!();
    println!("==> Roster agent running!");
    println!("==> Log data will now stream in as it occurs:");
    println!();
}

//! Gossip timing presets: Consul's LAN and WAN defaults (hashicorp/memberlist's
//! `DefaultLANConfig` and `DefaultWANConfig`, with Lifeguard's numbers). The
//! configuration may change any of them (`gossip_lan`, `gossip_wan`); the
//! defaults stay Consul's.

use std::time::Duration;

/// Gossip timing of one pool (Consul's `gossip_lan` / `gossip_wan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GossipTiming {
    /// Peers each gossip round sends to.
    pub gossip_nodes: usize,
    /// Time between gossip rounds.
    pub gossip_interval: Duration,
    /// Time between failure-detection probes.
    pub probe_interval: Duration,
    /// Time to wait for a direct probe's answer.
    pub probe_timeout: Duration,
    /// Retransmissions of a message: this × log(N+1).
    pub retransmit_mult: usize,
    /// Suspicion timeout: this × log10(N) × probe interval (at least 1×).
    pub suspicion_mult: usize,
}

impl GossipTiming {
    /// Consul's LAN defaults (hashicorp/memberlist `DefaultLANConfig`).
    pub const LAN: GossipTiming = GossipTiming {
        gossip_nodes: 3,
        gossip_interval: Duration::from_millis(200),
        probe_interval: Duration::from_secs(1),
        probe_timeout: Duration::from_millis(500),
        retransmit_mult: 4,
        suspicion_mult: 4,
    };
    /// Consul's WAN defaults (`DefaultWANConfig`).
    pub const WAN: GossipTiming = GossipTiming {
        gossip_nodes: 4,
        gossip_interval: Duration::from_millis(500),
        probe_interval: Duration::from_secs(5),
        probe_timeout: Duration::from_secs(3),
        retransmit_mult: 4,
        suspicion_mult: 6,
    };
}

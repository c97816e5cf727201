//! `roster-server`: the Roster agent ([`agent`]). It owns access control
//! ([`acl`]), Raft ([`raft`]), storage
//! ([`storage`], the only module that names RocksDB), the replicated state
//! machine ([`state`]), the gRPC services ([`rpc`]), configuration
//! ([`config`]), who the agent is ([`identity`]: node ID and Raft id),
//! gossip membership ([`gossip`]), server discovery and
//! cluster formation ([`cluster`]), the leader's duties ([`leader`]) and the
//! command line ([`cli`]). The Consul HTTP API comes from `roster-gateway`,
//! mounted over the gRPC services in `agent/listeners.rs` only.

pub mod acl;
pub mod agent;
pub mod archive;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod failpoints;
pub mod files;
pub use roster_parse::filter;
pub mod gossip;
pub mod identity;
pub mod leader;
pub mod memory;
pub mod raft;
pub mod rpc;
pub mod state;
pub mod storage;
pub mod tls;

/// This build's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

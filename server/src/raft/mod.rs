//! Consensus: one raft-rs `RawNode` owned by one driver thread
//! ([`node`]), fed by a bounded channel; the leader lease that default
//! reads rely on ([`lease`]); the transport between servers
//! ([`transport`]); and the slog-to-tracing bridge raft-rs logs through.

pub mod clock;
pub mod cluster_id;
pub mod lease;
pub mod logger;
pub mod node;
pub mod transport;

pub use node::{NodeStatus, PeerProgress, Progress, RaftConfig, RaftError, RaftHandle, start};

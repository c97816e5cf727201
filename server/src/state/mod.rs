//! The replicated state machine: applies committed Raft commands to the
//! tables in storage, keeps each table's last-change index (Consul's
//! `X-Consul-Index`), and wakes blocked readers through the [`watch`] hub.
//!
//! Knows nothing of gRPC. Apply runs on the Raft driver thread only; reads
//! may run on any blocking thread.

pub mod autopilot;
pub mod coordinate;
pub mod kv;
pub mod restore;
pub mod watch;

use std::sync::Arc;

use prost::Message as _;
use roster_proto::raft::v1::{Command, command};

use crate::storage::Tables as _;
use crate::storage::{Engine, StorageError};
pub use watch::{WatchGuard, WatchHub, WatchTarget};

/// Name of the KV table in the table-index records.
pub const TABLE_KV: &str = "kv";

/// Errors from applying or reading state.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// Storage failed; the server cannot continue applying.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A committed entry could not be decoded, or holds a command this
    /// version does not know. Applying stops: skipping it would diverge.
    #[error("cannot apply entry {index}: {detail}")]
    UnknownCommand {
        /// Raft index of the entry.
        index: u64,
        /// What was wrong.
        detail: String,
    },
}

impl roster_proto::status::HasErrorKind for StateError {
    fn kind(&self) -> roster_proto::status::ErrorKind {
        roster_proto::status::ErrorKind::Internal
    }
}

/// What applying one command produced, handed to the proposer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplyOutcome {
    /// Raft index of the entry.
    pub index: u64,
    /// False when a check-and-set (or other condition) did not hold and the
    /// command changed nothing.
    pub success: bool,
}

/// The state machine over the storage engine.
#[derive(Clone)]
pub struct StateMachine {
    engine: Engine,
    hub: Arc<WatchHub>,
}

impl StateMachine {
    /// A state machine over `engine`, waking readers through `hub`.
    pub fn new(engine: Engine, hub: Arc<WatchHub>) -> StateMachine {
        StateMachine { engine, hub }
    }

    /// The storage engine (for reads).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The watch hub.
    pub fn hub(&self) -> &Arc<WatchHub> {
        &self.hub
    }

    /// The index of the last applied entry.
    pub fn applied_index(&self) -> Result<u64, StateError> {
        Ok(self.engine.applied_index()?)
    }

    /// Applies an entry with no command (a new leader's empty entry, or a
    /// configuration change): only the applied index moves.
    pub fn apply_empty(&self, index: u64) -> Result<(), StateError> {
        self.engine.state_writer().commit(index)?;
        Ok(())
    }

    /// Applies the command encoded in a committed entry's data.
    pub fn apply(&self, index: u64, data: &[u8]) -> Result<ApplyOutcome, StateError> {
        let command = Command::decode(data).map_err(|e| StateError::UnknownCommand {
            index,
            detail: e.to_string(),
        })?;
        let Some(command) = command.command else {
            return Err(StateError::UnknownCommand {
                index,
                detail: "command of a newer version (unknown oneof field)".into(),
            });
        };
        let success = match command {
            command::Command::KvSet(c) => kv::apply_set(self, index, c)?,
            command::Command::KvDelete(c) => kv::apply_delete(self, index, c)?,
            command::Command::KvDeleteTree(c) => kv::apply_delete_tree(self, index, c)?,
            command::Command::KvTombstoneReap(c) => kv::apply_tombstone_reap(self, index, c)?,
            command::Command::CoordinateBatchUpdate(c) => {
                coordinate::apply_batch_update(self, index, c)?
            }
            command::Command::AutopilotSetConfiguration(c) => autopilot::apply_set(self, index, c)?,
            command::Command::StateRestore(c) => restore::apply(self, index, c)?,
        };
        Ok(ApplyOutcome { index, success })
    }
}

/// Encodes a command as Raft entry data.
pub fn encode_command(command: command::Command) -> Vec<u8> {
    Command {
        command: Some(command),
    }
    .encode_to_vec()
}

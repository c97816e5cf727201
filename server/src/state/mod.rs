//! The replicated state machine: applies committed Raft commands to the
//! tables in storage, keeps each table's last-change index (Consul's
//! `X-Consul-Index`), and wakes blocked readers through the [`watch`] hub.
//!
//! Knows nothing of gRPC. Apply runs on the Raft driver thread only; reads
//! may run on any blocking thread.

pub mod acl;
pub mod autopilot;
pub mod catalog;
pub mod coordinate;
pub mod kv;
pub mod restore;
pub mod session;
pub mod txn;
pub mod watch;

use std::sync::Arc;

use prost::Message as _;
use roster_proto::raft::v1::{Command, command};

use crate::storage::Tables as _;
use crate::storage::{Engine, StateWriter, StorageError};
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

/// How many Raft entries a client request id is remembered for: a retry
/// of a write is recognised while fewer entries than this have been applied
/// since the first attempt.
pub const REQUEST_ID_WINDOW: u64 = 262_144;

/// Longest client request id.
pub const MAX_REQUEST_ID: usize = 128;

/// Why a client request id is refused, if it is.
pub fn invalid_request_id(id: &str) -> Option<String> {
    if id.len() > MAX_REQUEST_ID {
        return Some(format!(
            "request id is {} bytes; at most {MAX_REQUEST_ID} are allowed",
            id.len()
        ));
    }
    id.bytes()
        .any(|b| !(0x21..=0x7e).contains(&b))
        .then(|| "request id must be printable ASCII without spaces".to_string())
}

/// One entry's changes: the batch written with its applied index, and the
/// watchers to wake once it is written.
pub struct Changes<'a> {
    /// The batch; also the reads of apply, so that what it reads is the
    /// state it changes (and, once tracking, what it wrote so far).
    pub w: StateWriter<'a>,
    wakes: Vec<Wake>,
    /// Keys released by invalidated sessions, with their lock-delay: set
    /// once written.
    lock_delays: Vec<(String, std::time::Duration)>,
    /// The exclusive install lock, when the entry replaced tables outside
    /// the batch (a restore): readers wait until the batch is written.
    held: Option<std::sync::RwLockWriteGuard<'a, ()>>,
}

enum Wake {
    KvKey(String),
    KvPrefix(String),
    Target(WatchTarget),
    All,
}

impl<'a> Changes<'a> {
    fn new(w: StateWriter<'a>) -> Changes<'a> {
        Changes {
            w,
            wakes: Vec::new(),
            lock_delays: Vec::new(),
            held: None,
        }
    }

    /// Wakes the watchers of one KV key once written.
    pub fn wake_kv_key(&mut self, key: String) {
        self.wakes.push(Wake::KvKey(key));
    }

    /// Wakes the watchers of a KV prefix once written.
    pub fn wake_kv_prefix(&mut self, prefix: String) {
        self.wakes.push(Wake::KvPrefix(prefix));
    }

    /// Wakes the watchers of a table once written.
    pub fn wake_table(&mut self, table: &'static str) {
        self.wakes.push(Wake::Target(WatchTarget::Table(table)));
    }

    /// Wakes the watchers of an exactly matched target (a table, a
    /// service's instances, a node) once written.
    pub fn wake(&mut self, target: WatchTarget) {
        self.wakes.push(Wake::Target(target));
    }

    /// Wakes every watcher once written.
    pub fn wake_all(&mut self) {
        self.wakes.push(Wake::All);
    }

    /// Keeps `key` from being locked for `delay` once written.
    pub fn lock_delay(&mut self, key: String, delay: std::time::Duration) {
        self.lock_delays.push((key, delay));
    }

    /// Forgets every change made so far (a transaction that rolled back):
    /// nothing is written but the applied index, nobody is woken.
    pub fn discard(&mut self) {
        self.w.discard();
        self.wakes.clear();
        self.lock_delays.clear();
    }

    /// Keeps readers out (the install lock's exclusive side) until the
    /// batch is written.
    pub fn hold(&mut self, exclusive: std::sync::RwLockWriteGuard<'a, ()>) {
        self.held = Some(exclusive);
    }

    /// Writes the batch with the applied index, then sets the lock-delays
    /// and wakes the watchers.
    fn commit(
        self,
        index: u64,
        hub: &WatchHub,
        delays: &session::LockDelays,
    ) -> Result<(), StateError> {
        self.w.commit(index)?;
        drop(self.held);
        for (key, delay) in &self.lock_delays {
            delays.set(key, *delay);
        }
        for wake in self.wakes {
            match wake {
                Wake::KvKey(key) => hub.notify_kv_key(&key),
                Wake::KvPrefix(prefix) => hub.notify_kv_prefix(&prefix),
                Wake::Target(target) => hub.notify(&target),
                Wake::All => hub.notify_all(),
            }
        }
        Ok(())
    }
}

/// What applying one command produced, handed to the proposer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyOutcome {
    /// Raft index of the entry.
    pub index: u64,
    /// False when a check-and-set (or other condition) did not hold and the
    /// command changed nothing.
    pub success: bool,
    /// A transaction's results or errors (for a `Txn` applied now; not for
    /// one replayed by its request id).
    pub txn: Option<Arc<txn::TxnOutcome>>,
}

impl ApplyOutcome {
    /// An outcome without a transaction's.
    pub fn new(index: u64, success: bool) -> ApplyOutcome {
        ApplyOutcome {
            index,
            success,
            txn: None,
        }
    }
}

/// The state machine over the storage engine.
#[derive(Clone)]
pub struct StateMachine {
    engine: Engine,
    hub: Arc<WatchHub>,
    lock_delays: Arc<session::LockDelays>,
}

impl StateMachine {
    /// A state machine over `engine`, waking readers through `hub`.
    pub fn new(engine: Engine, hub: Arc<WatchHub>) -> StateMachine {
        StateMachine {
            engine,
            hub,
            lock_delays: Arc::default(),
        }
    }

    /// When released keys may be locked again, on this server.
    pub fn lock_delays(&self) -> &session::LockDelays {
        &self.lock_delays
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

    /// Applies the command encoded in a committed entry's data: its changes,
    /// the record of its request id and the applied index in one batch. A
    /// command whose request id an earlier entry applied changes nothing
    /// and answers that entry's outcome.
    pub fn apply(&self, index: u64, data: &[u8]) -> Result<ApplyOutcome, StateError> {
        let command = Command::decode(data).map_err(|e| StateError::UnknownCommand {
            index,
            detail: e.to_string(),
        })?;
        if command.command.is_none() {
            return Err(StateError::UnknownCommand {
                index,
                detail: "command of a newer version (unknown oneof field)".into(),
            });
        };
        let request_id = data_request_id(&command.request_id);
        let mut changes = Changes::new(self.engine.state_writer());
        if let Some(id) = request_id
            && let Some((first, success)) = self.engine.applied_request(id)?
            && first < index
        {
            // Recorded in the batch of the entry that applied it, so an
            // entry applied again after a crash never finds its own record.
            changes.commit(index, &self.hub, &self.lock_delays)?;
            return Ok(ApplyOutcome::new(first, success));
        }
        let ch = &mut changes;
        let mut txn_outcome = None;
        let success = match command.command.expect("checked above") {
            command::Command::KvSet(c) => kv::apply_set(self, ch, index, c)?,
            command::Command::KvDelete(c) => kv::apply_delete(self, ch, index, c)?,
            command::Command::KvDeleteTree(c) => kv::apply_delete_tree(self, ch, index, c)?,
            command::Command::KvTombstoneReap(c) => kv::apply_tombstone_reap(self, ch, index, c)?,
            command::Command::KvLock(c) => session::apply_lock(self, ch, index, c)?,
            command::Command::KvUnlock(c) => session::apply_unlock(self, ch, index, c)?,
            command::Command::SessionCreate(c) => session::apply_create(self, ch, index, c)?,
            command::Command::SessionDestroy(c) => session::apply_destroy(ch, index, c)?,
            command::Command::CatalogRegister(c) => catalog::apply_register(ch, index, *c)?,
            command::Command::CatalogDeregister(c) => catalog::apply_deregister(ch, index, c)?,
            command::Command::CoordinateBatchUpdate(c) => {
                coordinate::apply_batch_update(ch, index, c)?
            }
            command::Command::AutopilotSetConfiguration(c) => {
                autopilot::apply_set(self, ch, index, c)?
            }
            command::Command::AclBootstrap(c) => acl::apply_bootstrap(ch, index, *c)?,
            command::Command::AclTokenSet(c) => acl::apply_token_set(ch, index, *c)?,
            command::Command::AclTokenDelete(c) => acl::apply_token_delete(ch, index, c)?,
            command::Command::AclPolicySet(c) => acl::apply_policy_set(ch, index, *c)?,
            command::Command::AclPolicyDelete(c) => acl::apply_policy_delete(ch, index, c)?,
            command::Command::AclRoleSet(c) => acl::apply_role_set(ch, index, *c)?,
            command::Command::AclRoleDelete(c) => acl::apply_role_delete(ch, index, c)?,
            command::Command::StateRestore(c) => restore::apply(self, ch, index, c)?,
            command::Command::Txn(c) => {
                let (applied, outcome) = txn::apply(ch, index, c)?;
                txn_outcome = Some(Arc::new(outcome));
                applied
            }
        };
        if let Some(id) = request_id {
            changes.w.record_request(
                id,
                index,
                success,
                index.saturating_sub(REQUEST_ID_WINDOW),
            )?;
        }
        changes.commit(index, &self.hub, &self.lock_delays)?;
        Ok(ApplyOutcome {
            index,
            success,
            txn: txn_outcome,
        })
    }
}

/// The request id of a command, if it has a usable one (one that slipped
/// past the services' checks is ignored the same way on every server).
fn data_request_id(id: &str) -> Option<&str> {
    (!id.is_empty() && invalid_request_id(id).is_none()).then_some(id)
}

/// Encodes a command as Raft entry data.
pub fn encode_command(command: command::Command) -> Vec<u8> {
    encode_request(command, String::new())
}

/// Encodes a command with the client's request id (empty: none).
pub fn encode_request(command: command::Command, request_id: String) -> Vec<u8> {
    Command {
        command: Some(command),
        request_id,
    }
    .encode_to_vec()
}

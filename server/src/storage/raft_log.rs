//! The Raft log and this server's durable Raft state, implementing raft-rs's
//! [`raft::Storage`] over RocksDB.
//!
//! Owned by the Raft driver thread (inside the `RawNode`); not shared. Recent
//! entries are also kept in memory so that applying them and answering
//! `term()` does not read RocksDB back.

use std::{cell::RefCell, collections::VecDeque};

use prost::Message as _;
use protobuf::Message as _;
use raft::{
    GetEntriesContext, RaftState, StorageError as RaftStorageError,
    eraftpb::{ConfState, Entry, HardState, Snapshot},
};
use rocksdb::WriteBatch;
use roster_proto::storage::v1::RaftLocalState;

use super::Tables as _;
use super::{CF_RAFT_LOG, CF_RAFT_STATE, Engine, Result, StorageError, decode_u64, u64_key};

pub(super) const LOCAL_STATE_KEY: &[u8] = b"local";
/// Entries kept in memory after they are persisted.
const CACHE_MAX_ENTRIES: usize = 8192;
/// Bytes of entry data kept in memory after they are persisted.
const CACHE_MAX_BYTES: usize = 64 << 20;

#[derive(Default)]
struct LogState {
    hard_state: HardState,
    conf_state: ConfState,
    truncated_index: u64,
    truncated_term: u64,
    last_index: u64,
    /// Contiguous suffix of the log, oldest first.
    cache: VecDeque<Entry>,
    cache_bytes: usize,
}

impl LogState {
    fn cached(&self, index: u64) -> Option<&Entry> {
        let first = self.cache.front()?.index;
        if index < first {
            return None;
        }
        self.cache.get((index - first) as usize)
    }

    fn trim_cache(&mut self) {
        while self.cache.len() > CACHE_MAX_ENTRIES || self.cache_bytes > CACHE_MAX_BYTES {
            match self.cache.pop_front() {
                Some(e) => self.cache_bytes -= e.data.len(),
                None => break,
            }
        }
    }

    fn encode(&self) -> Vec<u8> {
        RaftLocalState {
            hard_state: self.hard_state.write_to_bytes().unwrap_or_default(),
            conf_state: self.conf_state.write_to_bytes().unwrap_or_default(),
            truncated_index: self.truncated_index,
            truncated_term: self.truncated_term,
        }
        .encode_to_vec()
    }
}

/// The Raft log store. See the module documentation.
pub struct RaftLogStore {
    engine: Engine,
    state: RefCell<LogState>,
}

fn corrupt(detail: impl Into<String>) -> StorageError {
    StorageError::Corrupt {
        cf: CF_RAFT_LOG,
        detail: detail.into(),
    }
}

/// The entries a bootstrap writes: `AddNode` for each voter, indexes 1..=n,
/// term 1.
fn bootstrap_entries(voters: &[u64]) -> Result<Vec<Entry>> {
    voters
        .iter()
        .enumerate()
        .map(|(i, &id)| {
            let mut cc = raft::eraftpb::ConfChange::default();
            cc.set_change_type(raft::eraftpb::ConfChangeType::AddNode);
            cc.node_id = id;
            let mut entry = Entry::default();
            entry.set_entry_type(raft::eraftpb::EntryType::EntryConfChange);
            entry.index = i as u64 + 1;
            entry.term = 1;
            entry.data = cc
                .write_to_bytes()
                .map_err(|e| corrupt(e.to_string()))?
                .into();
            Ok(entry)
        })
        .collect()
}

fn to_raft_error(e: StorageError) -> raft::Error {
    raft::Error::Store(RaftStorageError::Other(Box::new(e)))
}

impl RaftLogStore {
    /// Loads the Raft state from `engine`. `applied_index` is the state
    /// machine's applied index: the commit index is raised to it if the last
    /// (unsynced) commit update was lost in a crash.
    pub fn open(engine: Engine, applied_index: u64) -> Result<RaftLogStore> {
        let mut state = LogState::default();
        if let Some(bytes) = engine.get(CF_RAFT_STATE, LOCAL_STATE_KEY)? {
            let local =
                RaftLocalState::decode(bytes.as_slice()).map_err(|e| StorageError::Corrupt {
                    cf: CF_RAFT_STATE,
                    detail: e.to_string(),
                })?;
            state.hard_state = HardState::parse_from_bytes(&local.hard_state)
                .map_err(|e| corrupt(e.to_string()))?;
            state.conf_state = ConfState::parse_from_bytes(&local.conf_state)
                .map_err(|e| corrupt(e.to_string()))?;
            state.truncated_index = local.truncated_index;
            state.truncated_term = local.truncated_term;
        }
        state.last_index = state.truncated_index;
        if let Some(item) = engine
            .db
            .iterator_cf(engine.cf(CF_RAFT_LOG), rocksdb::IteratorMode::End)
            .next()
        {
            let (key, _) = item?;
            state.last_index = decode_u64(CF_RAFT_LOG, &key)?;
        }
        if state.hard_state.commit < applied_index {
            state.hard_state.commit = applied_index;
        }
        Ok(RaftLogStore {
            engine,
            state: RefCell::new(state),
        })
    }

    /// Whether this server has ever been part of a Raft configuration (and so
    /// must never bootstrap a new one): it has a configuration or a log. A
    /// term alone does not count: a server waiting to bootstrap may already
    /// have answered (and refused) a vote request.
    pub fn is_initialized(&self) -> bool {
        let s = self.state.borrow();
        !s.conf_state.voters.is_empty() || s.last_index > 0 || s.truncated_index > 0
    }

    /// Writes the first configuration of a new cluster. Only for a store that
    /// is not [initialized](Self::is_initialized).
    ///
    /// The configuration is written as the log's first entries, one
    /// `AddNode` conf change per voter (sorted), all of term 1 and committed,
    /// as etcd's `StartNode` does: every server bootstrapping the same voters
    /// writes the same entries, and a server added later learns the first
    /// configuration by receiving them (the log, not local state, carries it).
    /// The cluster's identity is written in the same (synced) batch.
    pub fn bootstrap(&self, mut voters: Vec<u64>, cluster_id: &str) -> Result<()> {
        assert!(!self.is_initialized(), "bootstrap over existing raft state");
        voters.sort_unstable();
        voters.dedup();
        let entries = bootstrap_entries(&voters)?;
        let mut s = self.state.borrow_mut();
        let mut batch = WriteBatch::default();
        let log_cf = self.engine.cf(CF_RAFT_LOG);
        for entry in &entries {
            let data = entry.write_to_bytes().map_err(|e| corrupt(e.to_string()))?;
            batch.put_cf(log_cf, u64_key(entry.index), data);
        }
        s.hard_state.term = s.hard_state.term.max(1);
        s.hard_state.commit = entries.len() as u64;
        s.conf_state = ConfState::from((voters, Vec::<u64>::new()));
        s.last_index = entries.len() as u64;
        s.cache_bytes = entries.iter().map(|e| e.data.len()).sum();
        s.cache = entries.into();
        batch.put_cf(self.engine.cf(CF_RAFT_STATE), LOCAL_STATE_KEY, s.encode());
        batch.put_cf(
            self.engine.cf(CF_RAFT_STATE),
            super::CLUSTER_ID_KEY,
            cluster_id.as_bytes(),
        );
        batch.delete_cf(self.engine.cf(CF_RAFT_STATE), super::BOOTSTRAP_PROMISE_KEY);
        self.engine.write(batch, true)
    }

    /// The current configuration.
    pub fn conf_state(&self) -> ConfState {
        self.state.borrow().conf_state.clone()
    }

    /// Appends `entries` (possibly replacing a conflicting suffix) and the
    /// hard state in one write. With `sync`, both are durable when this
    /// returns. Raft asks for it whenever entries, the term or the vote
    /// change; a hard state whose only change is the commit index need not
    /// be synced (a lost commit index is recomputed by Raft).
    pub fn append(
        &self,
        entries: &[Entry],
        hard_state: Option<&HardState>,
        sync: bool,
    ) -> Result<()> {
        if entries.is_empty() && hard_state.is_none() {
            return Ok(());
        }
        let mut s = self.state.borrow_mut();
        let mut batch = WriteBatch::default();
        let log_cf = self.engine.cf(CF_RAFT_LOG);
        let mut bytes_added = 0;
        if let (Some(first), Some(last)) = (entries.first(), entries.last()) {
            assert!(
                first.index > s.truncated_index,
                "append of compacted index {}",
                first.index
            );
            for entry in entries {
                let data = entry.write_to_bytes().map_err(|e| corrupt(e.to_string()))?;
                batch.put_cf(log_cf, u64_key(entry.index), data);
                bytes_added += entry.data.len();
            }
            if last.index < s.last_index {
                batch.delete_range_cf(log_cf, u64_key(last.index + 1), u64_key(s.last_index + 1));
            }
            // Replace the cached suffix from `first.index` on.
            while s.cache.back().is_some_and(|e| e.index >= first.index) {
                let e = s.cache.pop_back().expect("checked non-empty");
                s.cache_bytes -= e.data.len();
            }
            if s.cache.back().is_some_and(|e| e.index + 1 != first.index) {
                s.cache.clear();
                s.cache_bytes = 0;
            }
            s.cache.extend(entries.iter().cloned());
            s.cache_bytes += bytes_added;
            s.last_index = last.index;
        }
        if let Some(hs) = hard_state {
            s.hard_state = hs.clone();
        }
        batch.put_cf(self.engine.cf(CF_RAFT_STATE), LOCAL_STATE_KEY, s.encode());
        s.trim_cache();
        self.engine.write(batch, sync)
    }

    /// Records a new commit index. Not synced: a lost update is recomputed by
    /// Raft, and [`RaftLogStore::open`] raises it to the applied index.
    pub fn set_commit(&self, commit: u64) -> Result<()> {
        let mut s = self.state.borrow_mut();
        if commit <= s.hard_state.commit {
            return Ok(());
        }
        s.hard_state.commit = commit;
        let mut batch = WriteBatch::default();
        batch.put_cf(self.engine.cf(CF_RAFT_STATE), LOCAL_STATE_KEY, s.encode());
        self.engine.write(batch, false)
    }

    /// Records a configuration applied from the committed conf change at
    /// `index`, in the same batch as the state machine's applied index.
    pub fn apply_conf_state(
        &self,
        conf_state: ConfState,
        mut writer: super::StateWriter<'_>,
        index: u64,
    ) -> Result<()> {
        let mut s = self.state.borrow_mut();
        s.conf_state = conf_state;
        writer.put_raft_local_state(s.encode());
        writer.commit(index)
    }

    /// Checkpoints the state at the applied index (reusing the checkpoint of
    /// that index if it exists) and describes it.
    fn make_snapshot(&self) -> Result<Snapshot> {
        let applied = self.engine.applied_index()?;
        let term = self.term_of(applied)?;
        let root = self.engine.snapshot_root();
        let dir = super::snapshot::snapshot_dir(&root, "out", applied, term);
        if !dir.exists() {
            crate::crash_point!("snapshot::build");
            super::snapshot::remove_old(&root, "out", None);
            self.engine.checkpoint(&dir)?;
            tracing::info!(index = applied, term, "created a raft snapshot");
        }
        let mut snapshot = Snapshot::default();
        let meta = snapshot.mut_metadata();
        meta.index = applied;
        meta.term = term;
        meta.set_conf_state(self.state.borrow().conf_state.clone());
        Ok(snapshot)
    }

    /// Decodes the marker `Engine::install_state` wrote (the snapshot's Raft
    /// metadata).
    pub fn decode_snapshot_marker(marker: &[u8]) -> Result<raft::eraftpb::SnapshotMetadata> {
        raft::eraftpb::SnapshotMetadata::parse_from_bytes(marker)
            .map_err(|e| corrupt(format!("bad snapshot marker: {e}")))
    }

    /// Records an installed snapshot (its state already in place, see
    /// `Engine::install_state`): the log is emptied and starts after it, the
    /// configuration is the snapshot's, and the install marker goes, in one
    /// synced write.
    pub fn apply_snapshot(&self, meta: &raft::eraftpb::SnapshotMetadata) -> Result<()> {
        let mut s = self.state.borrow_mut();
        let mut batch = WriteBatch::default();
        batch.delete_range_cf(self.engine.cf(CF_RAFT_LOG), u64_key(0), u64_key(u64::MAX));
        s.truncated_index = meta.index;
        s.truncated_term = meta.term;
        s.last_index = meta.index;
        s.cache.clear();
        s.cache_bytes = 0;
        s.conf_state = meta.get_conf_state().clone();
        if s.hard_state.commit < meta.index {
            s.hard_state.commit = meta.index;
        }
        if s.hard_state.term < meta.term {
            s.hard_state.term = meta.term;
        }
        let state_cf = self.engine.cf(CF_RAFT_STATE);
        batch.put_cf(state_cf, LOCAL_STATE_KEY, s.encode());
        batch.delete_cf(state_cf, super::snapshot::INSTALLING_KEY);
        self.engine.write(batch, true)
    }

    /// Number of entries in the log.
    pub fn len(&self) -> u64 {
        let s = self.state.borrow();
        s.last_index - s.truncated_index
    }

    /// Whether the log holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes every entry up to and including `index` (which must be
    /// applied), remembering its term for log matching.
    pub fn compact(&self, index: u64) -> Result<()> {
        let term = {
            let s = self.state.borrow();
            if index <= s.truncated_index {
                return Ok(());
            }
            assert!(index <= s.last_index, "compact beyond the log: {index}");
            self.term_of(index)?
        };
        let mut s = self.state.borrow_mut();
        let mut batch = WriteBatch::default();
        batch.delete_range_cf(
            self.engine.cf(CF_RAFT_LOG),
            u64_key(s.truncated_index + 1),
            u64_key(index + 1),
        );
        s.truncated_index = index;
        s.truncated_term = term;
        while s.cache.front().is_some_and(|e| e.index <= index) {
            let e = s.cache.pop_front().expect("checked non-empty");
            s.cache_bytes -= e.data.len();
        }
        batch.put_cf(self.engine.cf(CF_RAFT_STATE), LOCAL_STATE_KEY, s.encode());
        self.engine.write(batch, false)
    }

    fn read_entry(&self, index: u64) -> Result<Entry> {
        let bytes = self
            .engine
            .get(CF_RAFT_LOG, &u64_key(index))?
            .ok_or_else(|| corrupt(format!("entry {index} missing")))?;
        Entry::parse_from_bytes(&bytes).map_err(|e| corrupt(e.to_string()))
    }

    fn term_of(&self, index: u64) -> Result<u64> {
        let s = self.state.borrow();
        if index == s.truncated_index {
            return Ok(s.truncated_term);
        }
        if let Some(e) = s.cached(index) {
            return Ok(e.term);
        }
        drop(s);
        Ok(self.read_entry(index)?.term)
    }
}

impl raft::Storage for RaftLogStore {
    fn initial_state(&self) -> raft::Result<RaftState> {
        let s = self.state.borrow();
        Ok(RaftState {
            hard_state: s.hard_state.clone(),
            conf_state: s.conf_state.clone(),
        })
    }

    fn entries(
        &self,
        low: u64,
        high: u64,
        max_size: impl Into<Option<u64>>,
        _context: GetEntriesContext,
    ) -> raft::Result<Vec<Entry>> {
        let max_size = max_size.into().unwrap_or(u64::MAX);
        let s = self.state.borrow();
        if low <= s.truncated_index {
            return Err(raft::Error::Store(RaftStorageError::Compacted));
        }
        if high > s.last_index + 1 {
            return Err(raft::Error::Store(RaftStorageError::Unavailable));
        }
        let mut out = Vec::with_capacity((high - low).min(1024) as usize);
        let mut size = 0u64;
        for index in low..high {
            let entry = match s.cached(index) {
                Some(e) => e.clone(),
                None => self.read_entry(index).map_err(to_raft_error)?,
            };
            size += u64::from(protobuf::Message::compute_size(&entry));
            if !out.is_empty() && size > max_size {
                break;
            }
            out.push(entry);
        }
        Ok(out)
    }

    fn term(&self, idx: u64) -> raft::Result<u64> {
        let (truncated, last) = {
            let s = self.state.borrow();
            (s.truncated_index, s.last_index)
        };
        if idx < truncated {
            return Err(raft::Error::Store(RaftStorageError::Compacted));
        }
        if idx > last {
            return Err(raft::Error::Store(RaftStorageError::Unavailable));
        }
        self.term_of(idx).map_err(to_raft_error)
    }

    fn first_index(&self) -> raft::Result<u64> {
        Ok(self.state.borrow().truncated_index + 1)
    }

    fn last_index(&self) -> raft::Result<u64> {
        Ok(self.state.borrow().last_index)
    }

    /// The state as of the applied index: a checkpoint (see
    /// `storage::snapshot`) that the transport streams to the follower. The
    /// snapshot message itself carries only the metadata.
    fn snapshot(&self, _request_index: u64, _to: u64) -> raft::Result<Snapshot> {
        // raft-rs panics on any other error here; a failed checkpoint (a
        // full disk, say) must only delay the follower: "not yet".
        self.make_snapshot().map_err(|error| {
            tracing::error!(%error, "cannot create a raft snapshot; will retry");
            raft::Error::Store(RaftStorageError::SnapshotTemporarilyUnavailable)
        })
    }
}

#[cfg(test)]
mod tests {
    use raft::Storage as _;

    use super::*;

    fn entry(index: u64, term: u64) -> Entry {
        Entry {
            index,
            term,
            data: vec![index as u8; 3].into(),
            ..Default::default()
        }
    }

    #[test]
    fn append_overwrite_compact_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let store = RaftLogStore::open(engine.clone(), 0).unwrap();
        assert!(!store.is_initialized());
        store.bootstrap(vec![1], "test").unwrap();
        let entries: Vec<_> = (1..=10).map(|i| entry(i, 1)).collect();
        let hs = HardState {
            term: 1,
            vote: 1,
            commit: 3,
            ..Default::default()
        };
        store.append(&entries, Some(&hs), true).unwrap();
        assert_eq!(store.last_index().unwrap(), 10);
        // A new leader overwrites 8..10 with 8..9 of term 2.
        store
            .append(&[entry(8, 2), entry(9, 2)], None, true)
            .unwrap();
        assert_eq!(store.last_index().unwrap(), 9);
        assert_eq!(store.term(8).unwrap(), 2);
        assert_eq!(store.term(7).unwrap(), 1);
        store.compact(5).unwrap();
        assert_eq!(store.first_index().unwrap(), 6);
        assert_eq!(store.term(5).unwrap(), 1);
        assert!(
            store
                .entries(5, 7, None, GetEntriesContext::empty(false))
                .is_err()
        );
        let got = store
            .entries(6, 10, None, GetEntriesContext::empty(false))
            .unwrap();
        assert_eq!(
            got.iter().map(|e| e.index).collect::<Vec<_>>(),
            vec![6, 7, 8, 9]
        );
        drop(store);

        // Reopen from disk: no cache, same answers.
        let store = RaftLogStore::open(engine, 7).unwrap();
        assert!(store.is_initialized());
        assert_eq!(store.first_index().unwrap(), 6);
        assert_eq!(store.last_index().unwrap(), 9);
        assert_eq!(store.term(9).unwrap(), 2);
        assert_eq!(store.term(5).unwrap(), 1);
        let state = store.initial_state().unwrap();
        assert_eq!(state.conf_state.voters, vec![1]);
        // Commit was 3 on disk but 7 entries were applied: raised to 7.
        assert_eq!(state.hard_state.commit, 7);
        assert_eq!(state.hard_state.vote, 1);
        let got = store
            .entries(6, 10, Some(1), GetEntriesContext::empty(false))
            .unwrap();
        assert_eq!(got.len(), 1, "max_size still returns one entry");
    }
}

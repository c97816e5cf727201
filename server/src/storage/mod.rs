//! Storage: the only module that names RocksDB.
//!
//! One RocksDB instance per server holds the Raft log (`raft_log`), this
//! server's durable Raft state (`raft_state`), and the replicated state
//! machine's tables (`kv`, `kv_tombstones`, `coordinates`, `catalog`, `sessions`, `acl`, `meta`; copied
//! between servers as Raft snapshots, [`snapshot`]). The state machine is
//! RocksDB data, not an in-memory copy: each applied entry writes its change
//! and the new applied index in one `WriteBatch`, so a restart resumes from the
//! applied index without replaying the log.
//!
//! Durability: log appends are written with `sync = true` (one fsync per
//! Raft `Ready`); state-machine writes are not synced, because every change
//! they make can be re-derived from the synced log.

pub mod acl;
pub mod catalog;
mod raft_log;
pub mod restore;
pub mod sessions;
pub mod snapshot;
mod tables;

use std::{path::Path, sync::Arc};

use rocksdb::{ColumnFamilyDescriptor, DB, Options, WriteBatch, WriteOptions};

pub use acl::AclTables;
pub use catalog::CatalogTables;
pub use raft_log::RaftLogStore;
pub use sessions::SessionTables;
pub use tables::{KvRecord, RowVisitor, Source, StateWriter, Tables};

/// Column family of the Raft log: big-endian `u64` index → encoded `Entry`.
pub(crate) const CF_RAFT_LOG: &str = "raft_log";
/// Column family of this server's Raft hard state, conf state and truncation.
pub(crate) const CF_RAFT_STATE: &str = "raft_state";
/// KV table: key bytes → `StoredEntry`.
pub(crate) const CF_KV: &str = "kv";
/// KV tombstones: key bytes → big-endian `u64` deletion index.
pub(crate) const CF_KV_TOMBSTONES: &str = "kv_tombstones";
/// Applied index and per-table indexes.
pub(crate) const CF_META: &str = "meta";
/// Network coordinates: `<node>\0<segment>` → encoded `NodeCoordinate`.
pub(crate) const CF_COORDINATES: &str = "coordinates";
/// The catalog: nodes, services, checks and their index rows (see
/// [`catalog`]).
pub(crate) const CF_CATALOG: &str = "catalog";
/// Sessions and their index rows (see [`sessions`]).
pub(crate) const CF_SESSIONS: &str = "sessions";
/// ACL tokens, policies, roles and their index rows (see [`acl`]).
pub(crate) const CF_ACL: &str = "acl";
/// Key of the server address book in `raft_state`.
const PEER_ADDRESSES_KEY: &[u8] = b"peer_addresses";
/// `raft_state` key of the cluster's identity (see `raft::cluster_id`).
pub(crate) const CLUSTER_ID_KEY: &[u8] = b"cluster_id";
/// `raft_state` key of the bootstrap proposal this server promised.
pub(crate) const BOOTSTRAP_PROMISE_KEY: &[u8] = b"bootstrap_promise";
/// Rows of a snapshot restore in progress: `<table>\0<key>` → value.
pub(crate) const CF_RESTORE: &str = "restore_staging";
/// Client request ids applied recently: `r<id>` → index and outcome, and
/// `e<index><id>` (empty) to expire them in index order.
pub(crate) const CF_REQUESTS: &str = "requests";

const ALL_CFS: [&str; 11] = [
    CF_RAFT_LOG,
    CF_RAFT_STATE,
    CF_KV,
    CF_KV_TOMBSTONES,
    CF_META,
    CF_COORDINATES,
    CF_RESTORE,
    CF_REQUESTS,
    CF_CATALOG,
    CF_SESSIONS,
    CF_ACL,
];

/// Errors from the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// RocksDB failed.
    #[error("rocksdb: {0}")]
    Rocks(#[from] rocksdb::Error),
    /// A record could not be decoded.
    #[error("corrupt record in {cf}: {detail}")]
    Corrupt {
        /// Column family of the record.
        cf: &'static str,
        /// What was wrong.
        detail: String,
    },
}

impl roster_proto::status::HasErrorKind for StorageError {
    fn kind(&self) -> roster_proto::status::ErrorKind {
        roster_proto::status::ErrorKind::Internal
    }
}

/// Result alias for storage operations.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Feeds `f` the items of `iter` while their key starts with `prefix` and
/// `f` returns true.
fn scan_while(
    iter: impl Iterator<Item = std::result::Result<(Box<[u8]>, Box<[u8]>), rocksdb::Error>>,
    prefix: &[u8],
    mut f: impl FnMut(&[u8], &[u8]) -> Result<bool>,
) -> Result<()> {
    for item in iter {
        let (key, value) = item?;
        if !key.starts_with(prefix) || !f(&key, &value)? {
            break;
        }
    }
    Ok(())
}

/// One point in the state: every read through a view sees the same RocksDB
/// snapshot, so a query that reads a table index and then rows (or several
/// tables) answers as of one applied Raft index, as Consul's reads of one
/// memdb transaction do. Holding a view keeps a snapshot install out.
pub struct ReadView<'a> {
    engine: &'a Engine,
    snapshot: rocksdb::SnapshotWithThreadMode<'a, DB>,
    _install: std::sync::RwLockReadGuard<'a, ()>,
}

impl Source for ReadView<'_> {
    fn get_raw(&self, cf: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.snapshot.get_cf(self.engine.cf(cf), key)?)
    }

    fn scan_raw(&self, cf: &'static str, prefix: &[u8], f: &mut RowVisitor<'_>) -> Result<()> {
        let mode = rocksdb::IteratorMode::From(prefix, rocksdb::Direction::Forward);
        scan_while(
            self.snapshot.iterator_cf(self.engine.cf(cf), mode),
            prefix,
            f,
        )
    }
}

/// The engine's latest state: for the Raft thread, the only writer (apply
/// reads what it is about to change), and for start-up.
impl Source for Engine {
    fn get_raw(&self, cf: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        self.get(cf, key)
    }

    fn scan_raw(&self, cf: &'static str, prefix: &[u8], f: &mut RowVisitor<'_>) -> Result<()> {
        self.scan_prefix(cf, prefix, f)
    }
}

/// The RocksDB instance shared by the Raft log and the state machine.
#[derive(Clone)]
pub struct Engine {
    db: Arc<DB>,
    /// The database directory.
    dir: std::path::PathBuf,
    /// Held shared by every state read, exclusively while a snapshot
    /// replaces the state tables (one table after another), so that no read
    /// sees a mix.
    install: Arc<std::sync::RwLock<()>>,
}

impl Engine {
    /// Opens (or creates) the database under `dir`.
    pub fn open(dir: &Path) -> Result<Engine> {
        let mut opts = Options::default();
        opts.create_if_missing(true);
        opts.create_missing_column_families(true);
        opts.set_max_background_jobs(2);
        opts.set_compression_type(rocksdb::DBCompressionType::Lz4);
        opts.set_keep_log_file_num(3);
        // Column families written rarely (raft_state, meta between bursts)
        // would otherwise pin every WAL file since their last flush, and a
        // restart replays all of it (seen: ~900 MB and 1.8 s with a million
        // keys). Past this total, RocksDB flushes the column families that
        // hold the oldest WAL, so a restart replays at most this much.
        opts.set_max_total_wal_size(64 << 20);
        let cfs = ALL_CFS.iter().map(|name| {
            let mut cf_opts = Options::default();
            cf_opts.set_compression_type(rocksdb::DBCompressionType::Lz4);
            ColumnFamilyDescriptor::new(*name, cf_opts)
        });
        let db = DB::open_cf_descriptors(&opts, dir, cfs)?;
        Ok(Engine {
            db: Arc::new(db),
            dir: dir.to_path_buf(),
            install: Arc::default(),
        })
    }

    /// A consistent view of the state tables for a query (see
    /// [`ReadView`]). It waits for a snapshot install to finish, and an
    /// install waits for it to be dropped.
    pub fn read_view(&self) -> ReadView<'_> {
        // The lock first: a snapshot taken during an install could see some
        // tables replaced and others not.
        let install = self.install_shared();
        ReadView {
            engine: self,
            snapshot: self.db.snapshot(),
            _install: install,
        }
    }

    /// The shared side of the install lock.
    fn install_shared(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.install.read().unwrap_or_else(|e| e.into_inner())
    }

    fn cf(&self, name: &'static str) -> &rocksdb::ColumnFamily {
        // Invariant: every column family in ALL_CFS is created by `open`.
        self.db
            .cf_handle(name)
            .expect("column family created at open")
    }

    fn get(&self, cf: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.db.get_cf(self.cf(cf), key)?)
    }

    /// Every write of the log and the state goes through here, into one
    /// WAL (none skips it): a synced write makes every earlier one durable
    /// too, so an unsynced commit index or applied index can never outlive
    /// the log entries it refers to.
    fn write(&self, batch: WriteBatch, sync: bool) -> Result<()> {
        let mut wo = WriteOptions::default();
        wo.set_sync(sync);
        self.db.write_opt(batch, &wo)?;
        Ok(())
    }

    /// Iterates `(key, value)` pairs of `cf` whose key starts with `prefix`,
    /// in key order, until `f` returns false.
    fn scan_prefix(
        &self,
        cf: &'static str,
        prefix: &[u8],
        f: impl FnMut(&[u8], &[u8]) -> Result<bool>,
    ) -> Result<()> {
        let mode = rocksdb::IteratorMode::From(prefix, rocksdb::Direction::Forward);
        scan_while(self.db.iterator_cf(self.cf(cf), mode), prefix, f)
    }

    /// The server addresses this server last knew, by Raft id (kept so that
    /// a restarted server can reach its peers before gossip finds them).
    pub fn peer_addresses(&self) -> Result<std::collections::HashMap<u64, String>> {
        let Some(bytes) = self.get(CF_RAFT_STATE, PEER_ADDRESSES_KEY)? else {
            return Ok(Default::default());
        };
        Ok(String::from_utf8_lossy(&bytes)
            .lines()
            .filter_map(|line| {
                let (id, addr) = line.split_once(' ')?;
                Some((id.parse().ok()?, addr.to_string()))
            })
            .collect())
    }

    /// Records the server addresses (not synced: gossip finds them again).
    pub fn save_peer_addresses(&self, book: &std::collections::HashMap<u64, String>) -> Result<()> {
        let mut entries: Vec<_> = book.iter().collect();
        entries.sort();
        let text: String = entries
            .iter()
            .map(|(id, addr)| format!("{id} {addr}\n"))
            .collect();
        let mut batch = WriteBatch::default();
        batch.put_cf(self.cf(CF_RAFT_STATE), PEER_ADDRESSES_KEY, text.as_bytes());
        self.write(batch, false)
    }

    /// The identity of the cluster this server belongs to, if it has one.
    pub fn cluster_id(&self) -> Result<Option<String>> {
        Ok(self
            .get(CF_RAFT_STATE, CLUSTER_ID_KEY)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Records the cluster identity and drops any bootstrap promise, in one
    /// synced write.
    pub fn save_cluster_id(&self, id: &str) -> Result<()> {
        let mut batch = WriteBatch::default();
        batch.put_cf(self.cf(CF_RAFT_STATE), CLUSTER_ID_KEY, id.as_bytes());
        batch.delete_cf(self.cf(CF_RAFT_STATE), BOOTSTRAP_PROMISE_KEY);
        self.write(batch, true)
    }

    /// The bootstrap proposal this server promised (encoded), if any.
    pub fn bootstrap_promise(&self) -> Result<Option<Vec<u8>>> {
        self.get(CF_RAFT_STATE, BOOTSTRAP_PROMISE_KEY)
    }

    /// Records (or, with `None`, drops) the promised proposal; synced.
    pub fn save_bootstrap_promise(&self, proposal: Option<&[u8]>) -> Result<()> {
        let mut batch = WriteBatch::default();
        match proposal {
            Some(bytes) => batch.put_cf(self.cf(CF_RAFT_STATE), BOOTSTRAP_PROMISE_KEY, bytes),
            None => batch.delete_cf(self.cf(CF_RAFT_STATE), BOOTSTRAP_PROMISE_KEY),
        }
        self.write(batch, true)
    }

    /// Flushes the WAL to disk; used at shutdown so that applied state need
    /// not be re-derived on the next start.
    pub fn sync_wal(&self) -> Result<()> {
        self.db.flush_wal(true)?;
        Ok(())
    }
}

pub(crate) fn u64_key(v: u64) -> [u8; 8] {
    v.to_be_bytes()
}

pub(crate) fn decode_u64(cf: &'static str, bytes: &[u8]) -> Result<u64> {
    let arr: [u8; 8] = bytes.try_into().map_err(|_| StorageError::Corrupt {
        cf,
        detail: format!("expected 8 bytes, got {}", bytes.len()),
    })?;
    Ok(u64::from_be_bytes(arr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_book_survives_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let book: std::collections::HashMap<u64, String> = [
            (7, "10.0.0.7:8300".to_string()),
            (u64::MAX, "[::1]:8300".to_string()),
        ]
        .into_iter()
        .collect();
        {
            let engine = Engine::open(dir.path()).unwrap();
            assert!(engine.peer_addresses().unwrap().is_empty());
            engine.save_peer_addresses(&book).unwrap();
            engine.sync_wal().unwrap();
        }
        let engine = Engine::open(dir.path()).unwrap();
        assert_eq!(engine.peer_addresses().unwrap(), book);
    }

    fn entry(value: &str, index: u64) -> roster_proto::storage::v1::StoredEntry {
        roster_proto::storage::v1::StoredEntry {
            value: value.as_bytes().to_vec(),
            create_index: index,
            modify_index: index,
            ..Default::default()
        }
    }

    fn write(engine: &Engine, index: u64, f: impl FnOnce(&mut StateWriter<'_>)) {
        let mut w = engine.state_writer();
        f(&mut w);
        w.set_table_index("kv", index);
        w.commit(index).unwrap();
    }

    fn keys(tables: &impl Tables, prefix: &str) -> Vec<String> {
        let mut keys = Vec::new();
        tables
            .kv_scan_keys(prefix, |k| {
                keys.push(k.to_string());
                Ok(true)
            })
            .unwrap();
        keys
    }

    #[test]
    fn a_read_view_sees_one_applied_index_while_writes_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        write(&engine, 5, |w| {
            w.put_kv("a/1", &entry("one", 5));
            w.put_kv("a/2", &entry("two", 5));
        });
        let view = engine.read_view();
        write(&engine, 6, |w| {
            w.delete_kv("a/1");
            w.put_tombstone("a/1", 6);
            w.put_kv("a/3", &entry("three", 6));
        });
        // The view: index 5 and its rows, no tombstone yet.
        assert_eq!(view.applied_index().unwrap(), 5);
        assert_eq!(view.table_index("kv").unwrap(), 5);
        assert_eq!(view.kv_tombstone_max_index("a/").unwrap(), 0);
        assert_eq!(keys(&view, "a/"), ["a/1", "a/2"]);
        assert!(view.kv_get("a/1").unwrap().is_some());
        // The engine, and a new view: index 6.
        assert_eq!(engine.table_index("kv").unwrap(), 6);
        let now = engine.read_view();
        assert_eq!(now.kv_tombstone_max_index("a/").unwrap(), 6);
        assert_eq!(keys(&now, "a/"), ["a/2", "a/3"]);
        assert!(engine.kv_get("a/1").unwrap().is_none());
    }
}

//! The state machine's tables over RocksDB: reads for the services, and
//! [`StateWriter`], the batch one applied Raft entry writes through.

use std::collections::BTreeMap;

use prost::Message as _;
use rocksdb::WriteBatch;
use roster_proto::storage::v1::StoredEntry;

use roster_proto::coordinate::v1::NodeCoordinate;

use super::{
    CF_COORDINATES, CF_KV, CF_KV_TOMBSTONES, CF_META, CF_REQUESTS, Engine, Result, StorageError,
    decode_u64, u64_key,
};

/// `requests` key of a request id's record.
fn request_key(id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(1 + id.len());
    key.push(b'r');
    key.extend_from_slice(id.as_bytes());
    key
}

/// `requests` key that expires a request id recorded at `index`.
fn expiry_key(index: u64, id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(9 + id.len());
    key.push(b'e');
    key.extend_from_slice(&u64_key(index));
    key.extend_from_slice(id.as_bytes());
    key
}

/// The row key of a node's coordinate in a segment.
fn coordinate_key(node: &str, segment: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(node.len() + 1 + segment.len());
    key.extend_from_slice(node.as_bytes());
    key.push(0);
    key.extend_from_slice(segment.as_bytes());
    key
}

pub(super) const APPLIED_INDEX_KEY: &[u8] = b"applied_index";
const TABLE_INDEX_PREFIX: &str = "table_index/";

/// One KV table row.
#[derive(Debug, Clone, PartialEq)]
pub struct KvRecord {
    /// The key.
    pub key: String,
    /// The stored entry.
    pub entry: StoredEntry,
}

fn decode_entry(bytes: &[u8]) -> Result<StoredEntry> {
    StoredEntry::decode(bytes).map_err(|e| StorageError::Corrupt {
        cf: CF_KV,
        detail: e.to_string(),
    })
}

fn decode_key(cf: &'static str, key: &[u8]) -> Result<String> {
    String::from_utf8(key.to_vec()).map_err(|e| StorageError::Corrupt {
        cf,
        detail: e.to_string(),
    })
}

/// Called with each row's key and value; returns whether to go on.
pub type RowVisitor<'a> = dyn FnMut(&[u8], &[u8]) -> Result<bool> + 'a;

/// Raw reads of the column families: [`Engine`] reads its latest state,
/// a [`super::ReadView`] one snapshot.
pub trait Source {
    /// One row.
    fn get_raw(&self, cf: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>>;
    /// The rows whose key starts with `prefix`, in key order, until `f`
    /// returns false.
    fn scan_raw(&self, cf: &'static str, prefix: &[u8], f: &mut RowVisitor<'_>) -> Result<()>;
}

/// The state machine's tables, read from any [`Source`].
pub trait Tables: Source {
    /// The index of the last applied Raft entry (0 for a fresh store).
    fn applied_index(&self) -> Result<u64> {
        match self.get_raw(CF_META, APPLIED_INDEX_KEY)? {
            Some(v) => decode_u64(CF_META, &v),
            None => Ok(0),
        }
    }

    /// The Raft index of the last change to `table` (0 if never changed).
    fn table_index(&self, table: &str) -> Result<u64> {
        let key = format!("{TABLE_INDEX_PREFIX}{table}");
        match self.get_raw(CF_META, key.as_bytes())? {
            Some(v) => decode_u64(CF_META, &v),
            None => Ok(0),
        }
    }

    /// Reads one KV entry.
    fn kv_get(&self, key: &str) -> Result<Option<StoredEntry>> {
        self.get_raw(CF_KV, key.as_bytes())?
            .map(|v| decode_entry(&v))
            .transpose()
    }

    /// Calls `f` for every KV row whose key starts with `prefix`, in key
    /// order, until it returns false.
    fn kv_scan(&self, prefix: &str, mut f: impl FnMut(KvRecord) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_KV, prefix.as_bytes(), &mut |k, v| {
            f(KvRecord {
                key: decode_key(CF_KV, k)?,
                entry: decode_entry(v)?,
            })
        })
    }

    /// Calls `f` for every key under `prefix` with the key's bytes only (no
    /// value decoding), until it returns false.
    fn kv_scan_keys(&self, prefix: &str, mut f: impl FnMut(&str) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_KV, prefix.as_bytes(), &mut |k, _| {
            let key = std::str::from_utf8(k).map_err(|e| StorageError::Corrupt {
                cf: CF_KV,
                detail: e.to_string(),
            })?;
            f(key)
        })
    }

    /// The highest deletion index among tombstones under `prefix` (0 if none).
    fn kv_tombstone_max_index(&self, prefix: &str) -> Result<u64> {
        let mut max = 0;
        self.scan_raw(CF_KV_TOMBSTONES, prefix.as_bytes(), &mut |_, v| {
            max = max.max(decode_u64(CF_KV_TOMBSTONES, v)?);
            Ok(true)
        })?;
        Ok(max)
    }

    /// Calls `f` with every tombstone `(key, deletion index)`.
    fn kv_tombstones(&self, mut f: impl FnMut(&str, u64) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_KV_TOMBSTONES, b"", &mut |k, v| {
            f(
                &decode_key(CF_KV_TOMBSTONES, k)?,
                decode_u64(CF_KV_TOMBSTONES, v)?,
            )
        })
    }

    /// Calls `f` for every stored coordinate of `node` (every node when
    /// `None`), ordered by node then segment.
    fn coordinates(
        &self,
        node: Option<&str>,
        mut f: impl FnMut(NodeCoordinate) -> Result<bool>,
    ) -> Result<()> {
        let prefix = node.map(|n| coordinate_key(n, "")).unwrap_or_default();
        self.scan_raw(CF_COORDINATES, &prefix, &mut |_, v| {
            let c = NodeCoordinate::decode(v).map_err(|e| StorageError::Corrupt {
                cf: CF_COORDINATES,
                detail: e.to_string(),
            })?;
            f(c)
        })
    }
}

impl<S: Source + ?Sized> Tables for S {}

impl Engine {
    /// Starts the write of one applied entry.
    pub fn state_writer(&self) -> StateWriter<'_> {
        StateWriter {
            engine: self,
            batch: WriteBatch::default(),
            pending: None,
        }
    }

    /// The index and outcome of the entry that applied client request `id`,
    /// if one did and it is still remembered.
    pub fn applied_request(&self, id: &str) -> Result<Option<(u64, bool)>> {
        let Some(value) = self.get(CF_REQUESTS, &request_key(id))? else {
            return Ok(None);
        };
        let corrupt = || StorageError::Corrupt {
            cf: CF_REQUESTS,
            detail: format!("request record of {} bytes", value.len()),
        };
        let (index, outcome) = value.split_at_checked(8).ok_or_else(corrupt)?;
        Ok(Some((decode_u64(CF_REQUESTS, index)?, outcome == [1])))
    }
}

/// Rows a tracking [`StateWriter`] wrote, by column family and key: the
/// value, or `None` for a deleted row.
type Pending = BTreeMap<(&'static str, Vec<u8>), Option<Vec<u8>>>;

/// The changes of one applied Raft entry, written atomically with the new
/// applied index by [`StateWriter::commit`].
///
/// A writer is also a [`Source`]: the engine's latest state, and, once
/// [`StateWriter::track`] is called, under what the writer wrote since (so
/// each operation of a transaction sees the ones before it).
pub struct StateWriter<'a> {
    pub(super) engine: &'a Engine,
    pub(super) batch: WriteBatch,
    pending: Option<Pending>,
}

impl StateWriter<'_> {
    /// Writes one row.
    pub(super) fn put_row(
        &mut self,
        cf: &'static str,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) {
        let (key, value) = (key.as_ref(), value.as_ref());
        self.batch.put_cf(self.engine.cf(cf), key, value);
        if let Some(pending) = &mut self.pending {
            pending.insert((cf, key.to_vec()), Some(value.to_vec()));
        }
    }

    /// Deletes one row.
    pub(super) fn delete_row(&mut self, cf: &'static str, key: impl AsRef<[u8]>) {
        let key = key.as_ref();
        self.batch.delete_cf(self.engine.cf(cf), key);
        if let Some(pending) = &mut self.pending {
            pending.insert((cf, key.to_vec()), None);
        }
    }

    /// From now on, reads through this writer see the rows it writes.
    pub fn track(&mut self) {
        self.pending.get_or_insert_with(Pending::new);
    }

    /// Forgets every row written so far (a transaction that rolled back).
    pub fn discard(&mut self) {
        self.batch.clear();
        if let Some(pending) = &mut self.pending {
            pending.clear();
        }
    }

    /// Records that the entry at `index` applied client request `id` with
    /// outcome `success`, and forgets the requests recorded below
    /// `forget_below`.
    pub fn record_request(
        &mut self,
        id: &str,
        index: u64,
        success: bool,
        forget_below: u64,
    ) -> Result<()> {
        let engine = self.engine;
        let mut value = u64_key(index).to_vec();
        value.push(u8::from(success));
        self.put_row(CF_REQUESTS, request_key(id), value);
        self.put_row(CF_REQUESTS, expiry_key(index, id), []);
        let mode = rocksdb::IteratorMode::From(b"e", rocksdb::Direction::Forward);
        for item in engine.db.iterator_cf(engine.cf(CF_REQUESTS), mode) {
            let (key, _) = item?;
            let Some(rest) = key.strip_prefix(b"e") else {
                break;
            };
            let (at, old) = rest
                .split_at_checked(8)
                .ok_or_else(|| StorageError::Corrupt {
                    cf: CF_REQUESTS,
                    detail: "short expiry key".into(),
                })?;
            if decode_u64(CF_REQUESTS, at)? >= forget_below {
                break;
            }
            self.delete_row(CF_REQUESTS, &key);
            let old = std::str::from_utf8(old).unwrap_or_default();
            // Unless the id was recorded again since (after it expired).
            if old != id
                && engine
                    .applied_request(old)?
                    .is_some_and(|(i, _)| i < forget_below)
            {
                self.delete_row(CF_REQUESTS, request_key(old));
            }
        }
        Ok(())
    }

    /// Writes a KV row.
    pub fn put_kv(&mut self, key: &str, entry: &StoredEntry) {
        self.put_row(CF_KV, key, entry.encode_to_vec());
    }

    /// Deletes a KV row.
    pub fn delete_kv(&mut self, key: &str) {
        self.delete_row(CF_KV, key);
    }

    /// Records that `key` was deleted at `index`.
    pub fn put_tombstone(&mut self, key: &str, index: u64) {
        self.put_row(CF_KV_TOMBSTONES, key, u64_key(index));
    }

    /// Drops a tombstone (the key was written again, or reaped).
    pub fn delete_tombstone(&mut self, key: &str) {
        self.delete_row(CF_KV_TOMBSTONES, key);
    }

    /// Writes a node's coordinate.
    pub fn put_coordinate(&mut self, c: &NodeCoordinate) {
        self.put_row(
            CF_COORDINATES,
            coordinate_key(&c.node, &c.segment),
            c.encode_to_vec(),
        );
    }

    /// Deletes a node's coordinate in a segment.
    pub fn delete_coordinate(&mut self, node: &str, segment: &str) {
        self.delete_row(CF_COORDINATES, coordinate_key(node, segment));
    }

    /// Sets the last-change index of `table`.
    pub fn set_table_index(&mut self, table: &str, index: u64) {
        let key = format!("{TABLE_INDEX_PREFIX}{table}");
        self.put_row(CF_META, key, u64_key(index));
    }

    /// Forgets the last-change index of `table` (a service name with no
    /// instance left: its readers fall back to the services table's).
    pub fn delete_table_index(&mut self, table: &str) {
        let key = format!("{TABLE_INDEX_PREFIX}{table}");
        self.delete_row(CF_META, key);
    }

    /// Writes a row of `meta` (settings kept in Raft, such as autopilot's).
    pub fn put_meta(&mut self, key: &[u8], value: Vec<u8>) {
        self.put_row(CF_META, key, value);
    }

    /// Writes this server's Raft local state (a new configuration).
    pub(super) fn put_raft_local_state(&mut self, encoded: Vec<u8>) {
        self.put_row(
            super::CF_RAFT_STATE,
            super::raft_log::LOCAL_STATE_KEY,
            encoded,
        );
    }

    /// Writes the batch together with `applied_index`. Not synced: the synced
    /// Raft log is the source of truth.
    pub fn commit(mut self, applied_index: u64) -> Result<()> {
        self.batch.put_cf(
            self.engine.cf(CF_META),
            APPLIED_INDEX_KEY,
            u64_key(applied_index),
        );
        self.engine.write(self.batch, false)
    }
}

/// The engine's latest state under what the writer wrote, once tracking.
impl Source for StateWriter<'_> {
    fn get_raw(&self, cf: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if let Some(row) = self
            .pending
            .as_ref()
            .and_then(|p| p.get(&(cf, key.to_vec())))
        {
            return Ok(row.clone());
        }
        self.engine.get_raw(cf, key)
    }

    fn scan_raw(&self, cf: &'static str, prefix: &[u8], f: &mut RowVisitor<'_>) -> Result<()> {
        let Some(pending) = &self.pending else {
            return self.engine.scan_raw(cf, prefix, f);
        };
        // The written rows under the prefix, merged in key order into the
        // engine's, replacing (or, deleted, hiding) the engine's own.
        let mut ours = pending
            .range((cf, prefix.to_vec())..)
            .take_while(|((c, k), _)| *c == cf && k.starts_with(prefix))
            .peekable();
        if ours.peek().is_none() {
            return self.engine.scan_raw(cf, prefix, f);
        }
        let mut stopped = false;
        self.engine.scan_raw(cf, prefix, &mut |key, value| {
            while let Some(((_, k), row)) = ours.next_if(|((_, k), _)| k.as_slice() < key) {
                if let Some(v) = row
                    && !f(k, v)?
                {
                    stopped = true;
                    return Ok(false);
                }
            }
            let value = match ours.next_if(|((_, k), _)| k.as_slice() == key) {
                Some((_, Some(ours))) => ours.as_slice(),
                Some((_, None)) => return Ok(true),
                None => value,
            };
            if !f(key, value)? {
                stopped = true;
                return Ok(false);
            }
            Ok(true)
        })?;
        if !stopped {
            for ((_, k), row) in ours {
                if let Some(v) = row
                    && !f(k, v)?
                {
                    break;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(value: &str) -> StoredEntry {
        StoredEntry {
            value: value.as_bytes().to_vec(),
            ..StoredEntry::default()
        }
    }

    /// The keys and values under `prefix`, at most `limit` of them.
    fn scan(source: &impl Source, prefix: &str, limit: usize) -> Vec<(String, String)> {
        let mut rows = Vec::new();
        source
            .kv_scan(prefix, |r| {
                rows.push((r.key, String::from_utf8(r.entry.value).unwrap()));
                Ok(rows.len() < limit)
            })
            .unwrap();
        rows
    }

    #[test]
    fn a_tracking_writer_reads_what_it_wrote_over_the_engine() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let mut w = engine.state_writer();
        for key in ["a/1", "a/3", "a/5", "b/1"] {
            w.put_kv(key, &entry("old"));
        }
        w.commit(1).unwrap();

        let mut w = engine.state_writer();
        w.put_kv("a/0", &entry("unseen"));
        assert!(
            w.kv_get("a/0").unwrap().is_none(),
            "without tracking, reads are the engine's"
        );
        w.discard();
        w.track();
        w.put_kv("a/2", &entry("new"));
        w.delete_kv("a/3");
        w.put_kv("a/5", &entry("new"));
        w.put_kv("a/6", &entry("new"));
        w.put_kv("b/0", &entry("new"));
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            scan(&w, "a/", usize::MAX),
            [
                pair("a/1", "old"),
                pair("a/2", "new"),
                pair("a/5", "new"),
                pair("a/6", "new")
            ]
        );
        assert_eq!(
            scan(&w, "a/", 2),
            [pair("a/1", "old"), pair("a/2", "new")],
            "a scan stops when asked, in the middle of written rows too"
        );
        assert_eq!(scan(&w, "a/6", 5), [pair("a/6", "new")], "written only");
        assert_eq!(scan(&w, "b/", 5), [pair("b/0", "new"), pair("b/1", "old")]);
        assert!(w.kv_get("a/3").unwrap().is_none());
        assert_eq!(w.kv_get("a/5").unwrap().unwrap().value, b"new");
        assert_eq!(engine.kv_get("a/5").unwrap().unwrap().value, b"old");

        // Discarded: neither read nor written.
        w.discard();
        assert!(w.kv_get("a/2").unwrap().is_none());
        assert_eq!(w.kv_get("a/3").unwrap().unwrap().value, b"old");
        w.put_kv("c", &entry("kept"));
        w.commit(2).unwrap();
        assert_eq!(
            scan(&engine, "", usize::MAX),
            [
                pair("a/1", "old"),
                pair("a/3", "old"),
                pair("a/5", "old"),
                pair("b/1", "old"),
                pair("c", "kept")
            ]
        );
        assert_eq!(engine.applied_index().unwrap(), 2);
    }
}

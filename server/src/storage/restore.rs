//! Staging for snapshot restores (`PUT /v1/snapshot`). A restore arrives as
//! several Raft entries; each stages its rows in the `restore_staging`
//! table (key: table name, NUL, row key), and the last one replaces the
//! restorable tables with everything staged: the rows go into one SST file
//! per table (memory: one writer's buffer, whatever the size of the data),
//! which are ingested under the exclusive install lock, held until the
//! entry's batch (indexes, the emptied staging, the applied index) is
//! written, so no reader sees the tables replaced before the indexes. A
//! crash between the ingestion and that batch applies the entry again from
//! the same staged rows. The staging table travels in Raft snapshots like
//! the others, so a server that joins mid-restore has the same staged rows.

use prost::Message as _;
use rocksdb::{SstFileWriter, WriteBatch};
use roster_proto::storage::v1::StoredEntry;

use super::{
    CF_ACL, CF_CATALOG, CF_COORDINATES, CF_KV, CF_KV_TOMBSTONES, CF_META, CF_RESTORE, CF_SESSIONS,
    Engine, Result, StateWriter, StorageError, decode_u64, u64_key,
};

/// Tables a restore replaces (the `meta` table's indexes are recomputed).
pub const RESTORABLE_TABLES: [&str; 6] = [
    CF_KV,
    CF_KV_TOMBSTONES,
    CF_COORDINATES,
    CF_CATALOG,
    CF_SESSIONS,
    CF_ACL,
];

const PROGRESS_KEY: &[u8] = b"restore_progress";
const END_OF_KEYS: &[u8] = &[0xff];

fn staged_key(table: &str, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(table.len() + 1 + key.len());
    k.extend_from_slice(table.as_bytes());
    k.push(0);
    k.extend_from_slice(key);
    k
}

impl Engine {
    /// The restore being staged: (restore id, next expected sequence).
    pub fn restore_progress(&self) -> Result<Option<(u64, u32)>> {
        let Some(v) = self.get(CF_META, PROGRESS_KEY)? else {
            return Ok(None);
        };
        if v.len() != 12 {
            return Err(StorageError::Corrupt {
                cf: CF_META,
                detail: "bad restore progress".into(),
            });
        }
        let id = decode_u64(CF_META, &v[..8])?;
        let next = u32::from_be_bytes(v[8..].try_into().expect("4 bytes"));
        Ok(Some((id, next)))
    }
}

impl Engine {
    /// Replaces the restorable tables with the staged rows (none if
    /// `single_piece`: the restore is this one piece) plus `last_rows` (the
    /// final piece), clamping every index above `index` to `index` so that
    /// no index runs ahead of the Raft log. The rows go through one SST file
    /// per table, ingested under the exclusive install lock, which is
    /// returned: hold it until the entry's batch is written. Returns the
    /// rows restored too.
    pub fn ingest_restore(
        &self,
        index: u64,
        single_piece: bool,
        last_rows: &[(String, Vec<u8>, Vec<u8>)],
    ) -> Result<(std::sync::RwLockWriteGuard<'_, ()>, u64)> {
        // The last piece's rows join the staged ones, so that one ordered
        // pass reads them all (unsynced: the log can always write it again).
        let mut batch = WriteBatch::default();
        if single_piece {
            batch.delete_range_cf(self.cf(CF_RESTORE), &b""[..], END_OF_KEYS);
        }
        for (table, key, value) in last_rows {
            batch.put_cf(self.cf(CF_RESTORE), staged_key(table, key), value);
        }
        self.write(batch, false)?;

        let dir = self.snapshot_root().join(format!("restore-{index}"));
        let io = |e: std::io::Error| StorageError::Corrupt {
            cf: CF_RESTORE,
            detail: format!("{}: {e}", dir.display()),
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io)?;
        }
        std::fs::create_dir_all(&dir).map_err(io)?;
        let options = rocksdb::Options::default();
        let mut files: Vec<(&'static str, std::path::PathBuf)> = Vec::new();
        let mut current: Option<(&'static str, SstFileWriter<'_>)> = None;
        let mut count = 0u64;
        // Staged keys are `<table>\0<key>`: each table's rows come
        // together, in key order, as an SST file needs them.
        for item in self
            .db
            .iterator_cf(self.cf(CF_RESTORE), rocksdb::IteratorMode::Start)
        {
            let (k, v) = item?;
            let Some(split) = k.iter().position(|b| *b == 0) else {
                continue;
            };
            let table = String::from_utf8_lossy(&k[..split]);
            // Rows were validated before they were proposed; one that still
            // does not fit is skipped, the same way on every server.
            let Some(table) = RESTORABLE_TABLES.into_iter().find(|t| *t == table) else {
                tracing::warn!(%table, "restore: skipped a row of an unknown table");
                continue;
            };
            let Some(value) = clamp(table, &k[split + 1..], &v, index) else {
                tracing::warn!(table, "restore: skipped a row that does not decode");
                continue;
            };
            if current.as_ref().is_none_or(|(t, _)| *t != table) {
                if let Some((_, mut writer)) = current.take() {
                    writer.finish()?;
                }
                let path = dir.join(format!("{table}.sst"));
                let writer = SstFileWriter::create(&options);
                writer.open(&path)?;
                files.push((table, path));
                current = Some((table, writer));
            }
            let (_, writer) = current.as_mut().expect("set above");
            writer.put(&k[split + 1..], &value)?;
            count += 1;
        }
        if let Some((_, mut writer)) = current.take() {
            writer.finish()?;
        }
        let exclusive = self.install.write().unwrap_or_else(|e| e.into_inner());
        for table in RESTORABLE_TABLES {
            let cf = self.cf(table);
            self.db.delete_range_cf(cf, &b""[..], END_OF_KEYS)?;
            if let Some((_, path)) = files.iter().find(|(t, _)| *t == table) {
                self.db.ingest_external_file_cf(cf, vec![path])?;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok((exclusive, count))
    }
}

impl StateWriter<'_> {
    fn raw_batch(&mut self) -> (&Engine, &mut WriteBatch) {
        (self.engine, &mut self.batch)
    }

    /// Starts staging restore `id` (dropping anything staged before).
    pub fn begin_restore(&mut self, id: u64) {
        let (engine, batch) = self.raw_batch();
        batch.delete_range_cf(engine.cf(CF_RESTORE), &b""[..], END_OF_KEYS);
        set_progress(engine, batch, id, 0);
    }

    /// Stages rows and records the next expected piece.
    pub fn stage_restore(&mut self, id: u64, next: u32, rows: &[(String, Vec<u8>, Vec<u8>)]) {
        let (engine, batch) = self.raw_batch();
        for (table, key, value) in rows {
            batch.put_cf(engine.cf(CF_RESTORE), staged_key(table, key), value);
        }
        set_progress(engine, batch, id, next);
    }

    /// Empties the staging once a restore's rows are in place.
    pub fn clear_restore(&mut self) {
        let (engine, batch) = self.raw_batch();
        batch.delete_range_cf(engine.cf(CF_RESTORE), &b""[..], END_OF_KEYS);
        batch.delete_cf(engine.cf(CF_META), PROGRESS_KEY);
    }
}

fn set_progress(engine: &Engine, batch: &mut WriteBatch, id: u64, next: u32) {
    let mut v = u64_key(id).to_vec();
    v.extend_from_slice(&next.to_be_bytes());
    batch.put_cf(engine.cf(CF_META), PROGRESS_KEY, v);
}

/// A restored row with its indexes no greater than `index`; `None` if it
/// does not decode.
pub fn clamp(table: &str, key: &[u8], value: &[u8], index: u64) -> Option<Vec<u8>> {
    match table {
        CF_KV => {
            let mut entry = StoredEntry::decode(value).ok()?;
            entry.create_index = entry.create_index.min(index);
            entry.modify_index = entry.modify_index.min(index);
            Some(entry.encode_to_vec())
        }
        CF_KV_TOMBSTONES => {
            Some(u64_key(decode_u64(CF_KV_TOMBSTONES, value).ok()?.min(index)).to_vec())
        }
        CF_COORDINATES => {
            roster_proto::coordinate::v1::NodeCoordinate::decode(value).ok()?;
            Some(value.to_vec())
        }
        CF_CATALOG => super::catalog::clamp_row(key, value, index),
        CF_SESSIONS => super::sessions::clamp_row(key, value, index),
        CF_ACL => super::acl::clamp_row(key, value, index),
        _ => None,
    }
}

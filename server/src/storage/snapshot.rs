//! Raft snapshots of the replicated state: the state tables (`kv`,
//! `kv_tombstones`, `coordinates`, `restore_staging`, `meta`, which holds
//! the applied index)
//! as they were at one applied index.
//!
//! - Sending: [`Engine::checkpoint`] makes a RocksDB checkpoint (hard links
//!   to the SST files, taken on the Raft thread, so exactly the applied
//!   state) under `<data>/snapshots/out-<index>-<term>`; a
//!   [`SnapshotReader`] streams its state tables in key order, a bounded
//!   chunk at a time.
//! - Receiving: a [`SnapshotWriter`] writes the records into one SST file
//!   per table under `<data>/snapshots/in-<index>-<term>`, never holding
//!   more than a chunk in memory.
//! - Installing: [`Engine::install_state`] replaces every state table with
//!   the received files (range delete, then ingest). A marker in
//!   `raft_state` names the snapshot being installed until the Raft state
//!   that goes with it is written (`RaftLogStore::apply_snapshot`); a restart
//!   that finds the marker installs the same files again.

use std::{
    path::{Path, PathBuf},
    sync::LazyLock,
};

use rocksdb::{DB, Options, SstFileWriter, WriteBatch};

use super::{
    CF_COORDINATES, CF_KV, CF_KV_TOMBSTONES, CF_META, CF_RAFT_STATE, CF_RESTORE, Engine, Result,
    StorageError,
};

/// The tables a snapshot carries, in the order they are sent.
pub const STATE_TABLES: [&str; 5] = [CF_META, CF_KV, CF_KV_TOMBSTONES, CF_COORDINATES, CF_RESTORE];

/// Key of the "snapshot being installed" marker in `raft_state`.
pub(super) const INSTALLING_KEY: &[u8] = b"installing_snapshot";

/// Every state key sorts below this: keys are UTF-8 (KV keys, node names)
/// or ASCII (meta), and no UTF-8 string starts with 0xff.
const END_OF_KEYS: &[u8] = &[0xff];

static SST_OPTIONS: LazyLock<Options> = LazyLock::new(|| {
    let mut opts = Options::default();
    opts.set_compression_type(rocksdb::DBCompressionType::Lz4);
    opts
});

fn snapshot_error(detail: impl Into<String>) -> StorageError {
    StorageError::Corrupt {
        cf: "snapshot",
        detail: detail.into(),
    }
}

/// `<data>/snapshots/<kind>-<index>-<term>`.
pub fn snapshot_dir(root: &Path, kind: &str, index: u64, term: u64) -> PathBuf {
    root.join(format!("{kind}-{index}-{term}"))
}

impl Engine {
    /// Where snapshots are kept: `snapshots` beside the database directory.
    pub fn snapshot_root(&self) -> PathBuf {
        self.dir
            .parent()
            .map(|p| p.join("snapshots"))
            .unwrap_or_else(|| self.dir.join("snapshots"))
    }

    /// A checkpoint of the whole database at `dir` (which must not exist):
    /// consistent with everything written so far.
    pub fn checkpoint(&self, dir: &Path) -> Result<()> {
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| snapshot_error(format!("{}: {e}", parent.display())))?;
        }
        let _install = self.install_shared();
        rocksdb::checkpoint::Checkpoint::new(&self.db)?.create_checkpoint(dir)?;
        Ok(())
    }

    /// Replaces every state table with the SST files a [`SnapshotWriter`]
    /// left in `dir`, first recording `marker` (the snapshot's encoded Raft
    /// metadata) as being installed.
    pub fn install_state(&self, dir: &Path, marker: &[u8]) -> Result<()> {
        if !is_complete(dir) {
            return Err(snapshot_error(format!(
                "snapshot {} is incomplete",
                dir.display()
            )));
        }
        let mut batch = WriteBatch::default();
        batch.put_cf(self.cf(CF_RAFT_STATE), INSTALLING_KEY, marker);
        self.write(batch, true)?;
        let _exclusive = self.install.write().unwrap_or_else(|e| e.into_inner());
        for table in STATE_TABLES {
            let cf = self.cf(table);
            self.db.delete_range_cf(cf, &b""[..], END_OF_KEYS)?;
            let file = dir.join(format!("{table}.sst"));
            if file.exists() {
                self.db.ingest_external_file_cf(cf, vec![file])?;
            }
        }
        Ok(())
    }

    /// The marker of a snapshot whose installation a crash interrupted.
    pub fn interrupted_install(&self) -> Result<Option<Vec<u8>>> {
        self.get(CF_RAFT_STATE, INSTALLING_KEY)
    }
}

/// Reads a checkpoint's state tables.
pub struct SnapshotReader {
    db: DB,
}

/// One record: (table, key, value).
pub type Record = (&'static str, Vec<u8>, Vec<u8>);

impl SnapshotReader {
    /// Opens the checkpoint at `dir` read-only.
    pub fn open(dir: &Path) -> Result<SnapshotReader> {
        let db = DB::open_cf_for_read_only(&Options::default(), dir, super::ALL_CFS, false)?;
        Ok(SnapshotReader { db })
    }

    /// Calls `f` with chunks of about `chunk_bytes` of records, tables in
    /// [`STATE_TABLES`] order, keys in order; stops early if `f` returns
    /// false.
    pub fn chunks(
        &self,
        chunk_bytes: usize,
        f: impl FnMut(Vec<Record>) -> Result<bool>,
    ) -> Result<()> {
        self.chunks_of(&STATE_TABLES, chunk_bytes, f)
    }

    /// [`chunks`](Self::chunks) over the given tables only.
    pub fn chunks_of(
        &self,
        tables: &[&'static str],
        chunk_bytes: usize,
        mut f: impl FnMut(Vec<Record>) -> Result<bool>,
    ) -> Result<()> {
        let mut chunk = Vec::new();
        let mut size = 0;
        for &table in tables {
            for item in self
                .db
                .iterator_cf(self.table(table)?, rocksdb::IteratorMode::Start)
            {
                let (key, value) = item?;
                size += key.len() + value.len() + 16;
                chunk.push((table, key.into_vec(), value.into_vec()));
                if size >= chunk_bytes {
                    if !f(std::mem::take(&mut chunk))? {
                        return Ok(());
                    }
                    size = 0;
                }
            }
        }
        if !chunk.is_empty() {
            f(chunk)?;
        }
        Ok(())
    }
}

impl SnapshotReader {
    fn table(&self, table: &'static str) -> Result<&rocksdb::ColumnFamily> {
        self.db
            .cf_handle(table)
            .ok_or_else(|| snapshot_error(format!("checkpoint without table {table}")))
    }
}

/// A checkpoint's tables read like the engine's (its applied index, say).
impl super::Source for SnapshotReader {
    fn get_raw(&self, cf: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.db.get_cf(self.table(cf)?, key)?)
    }

    fn scan_raw(
        &self,
        cf: &'static str,
        prefix: &[u8],
        f: &mut super::RowVisitor<'_>,
    ) -> Result<()> {
        let mode = rocksdb::IteratorMode::From(prefix, rocksdb::Direction::Forward);
        super::scan_while(self.db.iterator_cf(self.table(cf)?, mode), prefix, f)
    }
}

/// Written last into a received snapshot's directory.
const COMPLETE_FILE: &str = "COMPLETE";

/// Writes received records into one SST file per table, in a private
/// directory that becomes `dir` only when complete: two streams of the same
/// snapshot (a resend) never touch each other's files, and a complete
/// snapshot is never replaced under an install.
pub struct SnapshotWriter {
    dir: PathBuf,
    target: PathBuf,
    current: Option<(usize, SstFileWriter<'static>)>,
}

/// Marks directories of snapshots still being received.
const PARTIAL: &str = ".partial-";

/// Whether `dir` holds a complete received snapshot.
pub fn is_complete(dir: &Path) -> bool {
    dir.join(COMPLETE_FILE).exists()
}

impl SnapshotWriter {
    /// Starts writing the snapshot that will be `dir`.
    pub fn create(dir: &Path) -> Result<SnapshotWriter> {
        let mut private = dir.as_os_str().to_owned();
        private.push(format!("{PARTIAL}{:016x}", rand::random::<u64>()));
        let private = PathBuf::from(private);
        std::fs::create_dir_all(&private)
            .map_err(|e| snapshot_error(format!("{}: {e}", private.display())))?;
        Ok(SnapshotWriter {
            dir: private,
            target: dir.to_path_buf(),
            current: None,
        })
    }

    /// Adds one record. Tables must come in [`STATE_TABLES`] order and keys
    /// in order within a table (as [`SnapshotReader`] sends them).
    pub fn add(&mut self, table: &str, key: &[u8], value: &[u8]) -> Result<()> {
        let position = STATE_TABLES
            .iter()
            .position(|t| *t == table)
            .ok_or_else(|| snapshot_error(format!("unknown table {table:?}")))?;
        match &mut self.current {
            Some((p, _)) if *p == position => {}
            Some((p, _)) if *p > position => {
                return Err(snapshot_error(format!("table {table} out of order")));
            }
            _ => {
                self.finish_table()?;
                let writer = SstFileWriter::create(&SST_OPTIONS);
                writer.open(self.dir.join(format!("{table}.sst")))?;
                self.current = Some((position, writer));
            }
        }
        let (_, writer) = self.current.as_mut().expect("set above");
        // RocksDB refuses keys out of order.
        writer.put(key, value)?;
        Ok(())
    }

    fn finish_table(&mut self) -> Result<()> {
        if let Some((_, mut writer)) = self.current.take() {
            writer.finish()?;
        }
        Ok(())
    }

    /// Closes the files, marks the snapshot complete (synced) and moves it
    /// into place, unless a complete copy is there already.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.finish_table()?;
        let io = |e: std::io::Error| snapshot_error(format!("{}: {e}", self.dir.display()));
        let marker = std::fs::File::create(self.dir.join(COMPLETE_FILE)).map_err(io)?;
        marker.sync_all().map_err(io)?;
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io)?;
        if is_complete(&self.target) {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            if self.target.exists() {
                std::fs::remove_dir_all(&self.target).map_err(io)?;
            }
            std::fs::rename(&self.dir, &self.target).map_err(io)?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for SnapshotWriter {
    fn drop(&mut self) {
        // An abandoned stream leaves nothing behind (after `finish` the
        // private directory is gone already).
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes received snapshots up to `installed` (inclusive), keeping newer
/// ones and those still being received.
pub fn remove_received_up_to(root: &Path, installed: u64) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let index = name
            .strip_prefix("in-")
            .filter(|rest| !rest.contains(PARTIAL))
            .and_then(|rest| rest.split('-').next()?.parse::<u64>().ok());
        if index.is_some_and(|i| i <= installed) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes what a crash left of snapshots being received or saved.
pub fn remove_leftovers(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(PARTIAL) || name.starts_with("save-") || name.starts_with("restore-") {
            let path = entry.path();
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// Removes snapshot directories under `root` except `keep`.
pub fn remove_old(root: &Path, kind: &str, keep: Option<&Path>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&format!("{kind}-")) && Some(path.as_path()) != keep {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use roster_proto::storage::v1::StoredEntry;

    use crate::storage::Tables as _;

    use super::*;

    fn entry(value: &str, index: u64) -> StoredEntry {
        StoredEntry {
            value: value.as_bytes().to_vec(),
            create_index: index,
            modify_index: index,
            ..Default::default()
        }
    }

    fn keys(engine: &Engine) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        engine
            .kv_scan("", |r| {
                out.push((r.key.clone(), r.entry.value.clone()));
                Ok(true)
            })
            .unwrap();
        out
    }

    #[test]
    fn a_checkpoint_streams_into_another_server_and_replaces_its_state() {
        let dir = tempfile::tempdir().unwrap();
        let source = Engine::open(&dir.path().join("a/state")).unwrap();
        let mut w = source.state_writer();
        for i in 0..5000u64 {
            w.put_kv(&format!("k/{i:05}"), &entry(&"v".repeat(100), i + 1));
        }
        w.put_tombstone("gone", 7);
        w.set_table_index("kv", 5000);
        w.commit(5000).unwrap();

        // The target has state of its own, which must go.
        let target = Engine::open(&dir.path().join("b/state")).unwrap();
        let mut w = target.state_writer();
        w.put_kv("stale", &entry("old", 1));
        w.commit(3).unwrap();

        let checkpoint = snapshot_dir(&source.snapshot_root(), "out", 5000, 2);
        source.checkpoint(&checkpoint).unwrap();
        // Writes after the checkpoint are not in it.
        let mut w = source.state_writer();
        w.put_kv("later", &entry("x", 5001));
        w.commit(5001).unwrap();

        let incoming = snapshot_dir(&target.snapshot_root(), "in", 5000, 2);
        let mut writer = SnapshotWriter::create(&incoming).unwrap();
        let mut chunks = 0;
        SnapshotReader::open(&checkpoint)
            .unwrap()
            .chunks(64 << 10, |records| {
                chunks += 1;
                for (table, key, value) in records {
                    writer.add(table, &key, &value).unwrap();
                }
                Ok(true)
            })
            .unwrap();
        assert!(chunks > 5, "{chunks} chunks: the stream is not chunked");
        let done = writer.finish().unwrap();
        target.install_state(&done, b"marker").unwrap();
        assert_eq!(
            target.interrupted_install().unwrap().as_deref(),
            Some(&b"marker"[..])
        );

        assert_eq!(target.applied_index().unwrap(), 5000);
        assert_eq!(target.table_index("kv").unwrap(), 5000);
        let got = keys(&target);
        assert_eq!(got.len(), 5000);
        assert_eq!(got[0].0, "k/00000");
        assert!(target.kv_get("stale").unwrap().is_none());
        assert!(target.kv_get("later").unwrap().is_none());
        let mut tombstones = Vec::new();
        target
            .kv_tombstones(|k, i| {
                tombstones.push((k.to_string(), i));
                Ok(true)
            })
            .unwrap();
        assert_eq!(tombstones, vec![("gone".to_string(), 7)]);
    }

    #[test]
    fn a_resent_snapshot_never_replaces_a_complete_one_and_cleanup_keeps_newer() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = snapshot_dir(root, "in", 100, 2);
        let write = |value: &[u8]| {
            let mut w = SnapshotWriter::create(&target).unwrap();
            w.add(CF_KV, b"k", value).unwrap();
            w
        };
        // Two streams of the same snapshot at once: neither sees the
        // other's files; the first to finish wins, the second is dropped.
        let first = write(b"one");
        let second = write(b"two");
        assert!(!is_complete(&target), "nothing is in place before a finish");
        assert_eq!(first.finish().unwrap(), target);
        assert!(is_complete(&target));
        assert_eq!(second.finish().unwrap(), target);
        assert!(is_complete(&target));
        // An abandoned stream leaves nothing.
        drop(write(b"three"));
        let names = |root: &Path| {
            let mut n: Vec<String> = std::fs::read_dir(root)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names(root), vec!["in-100-2"]);
        // Installing 100 removes it and older ones, not newer ones.
        let newer = snapshot_dir(root, "in", 150, 3);
        SnapshotWriter::create(&newer).unwrap().finish().unwrap();
        let older = snapshot_dir(root, "in", 50, 1);
        SnapshotWriter::create(&older).unwrap().finish().unwrap();
        remove_received_up_to(root, 100);
        assert_eq!(names(root), vec!["in-150-3"]);
    }

    #[test]
    fn out_of_order_or_unknown_tables_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SnapshotWriter::create(&dir.path().join("in-1-1")).unwrap();
        assert!(writer.add("raft_log", b"k", b"v").is_err());
        writer.add(CF_KV, b"b", b"v").unwrap();
        assert!(writer.add(CF_KV, b"a", b"v").is_err(), "keys out of order");
        assert!(
            writer.add(CF_META, b"z", b"v").is_err(),
            "tables out of order"
        );
        // An incomplete snapshot is never installed.
        let engine = Engine::open(&dir.path().join("state")).unwrap();
        assert!(
            engine
                .install_state(&dir.path().join("in-1-1"), b"m")
                .is_err()
        );
        assert!(engine.interrupted_install().unwrap().is_none());
    }
}

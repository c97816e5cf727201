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
//!   A send pins its checkpoint ([`pin_checkpoint`]): a newer snapshot does
//!   not remove it until every send using it has ended.
//! - Every stream ends with a manifest ([`ManifestBuilder`]): per table the
//!   number of records, their bytes and a CRC-32, and the snapshot's index,
//!   term and the applied index its own state records.
//! - Receiving: a [`SnapshotWriter`] writes the records into one SST file
//!   per table under `<data>/snapshots/in-<index>-<term>`, never holding
//!   more than a chunk in memory, digesting them as they come. Only when the
//!   sender's manifest matches what was received, and the applied index
//!   equals the Raft index, does it write its own `MANIFEST` (with the SST
//!   files' sizes; synced), and move the directory into place (the parent
//!   synced too). A stream that ended early, or whose sender failed, leaves
//!   nothing.
//! - Installing: [`Engine::install_state`] checks the `MANIFEST` against the
//!   files present, then replaces every state table with them (range delete,
//!   then ingest). A marker in
//!   `raft_state` names the snapshot being installed until the Raft state
//!   that goes with it is written (`RaftLogStore::apply_snapshot`); a restart
//!   that finds the marker installs the same files again.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{LazyLock, Mutex},
};

use prost::Message as _;
use rocksdb::{DB, Options, SstFileWriter, WriteBatch};
use roster_proto::raft::v1::{SnapshotManifest, SnapshotTableManifest};

use super::{
    CF_ACL, CF_CATALOG, CF_COORDINATES, CF_KV, CF_KV_TOMBSTONES, CF_META, CF_RAFT_STATE,
    CF_REQUESTS, CF_RESTORE, CF_SESSIONS, Engine, Result, StorageError, tables::APPLIED_INDEX_KEY,
};

/// The tables a snapshot carries, in the order they are sent.
pub const STATE_TABLES: [&str; 9] = [
    CF_META,
    CF_KV,
    CF_KV_TOMBSTONES,
    CF_COORDINATES,
    CF_CATALOG,
    CF_SESSIONS,
    CF_ACL,
    CF_RESTORE,
    CF_REQUESTS,
];

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
        let manifest = read_manifest(dir).map_err(|e| {
            snapshot_error(format!("snapshot {} is incomplete: {e}", dir.display()))
        })?;
        check_files(dir, &manifest)?;
        let mut batch = WriteBatch::default();
        batch.put_cf(self.cf(CF_RAFT_STATE), INSTALLING_KEY, marker);
        self.write(batch, true)?;
        crate::crash_point!("snapshot::install_before_ingest");
        let _exclusive = self.install.write().unwrap_or_else(|e| e.into_inner());
        for table in STATE_TABLES {
            let cf = self.cf(table);
            self.db.delete_range_cf(cf, &b""[..], END_OF_KEYS)?;
            let file = dir.join(format!("{table}.sst"));
            // check_files made sure the files are those of the manifest.
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

/// Written last into a received snapshot's directory: its manifest, with
/// the SST files' sizes. A directory without one is not a snapshot.
const MANIFEST_FILE: &str = "MANIFEST";

/// The CRC-32, record count and bytes of one table's records.
#[derive(Default, Clone)]
struct TableDigest {
    records: u64,
    bytes: u64,
    crc: crc32fast::Hasher,
}

/// Digests a snapshot's records as they are sent or received, into the
/// manifest that ends a stream.
#[derive(Clone)]
pub struct ManifestBuilder {
    tables: Vec<TableDigest>,
    applied_index: Option<u64>,
}

impl Default for ManifestBuilder {
    fn default() -> ManifestBuilder {
        ManifestBuilder {
            tables: vec![TableDigest::default(); STATE_TABLES.len()],
            applied_index: None,
        }
    }
}

impl ManifestBuilder {
    /// Counts one record of `table`.
    pub fn add(&mut self, table: &str, key: &[u8], value: &[u8]) -> Result<()> {
        let position = table_position(table)?;
        self.add_at(position, key, value);
        Ok(())
    }

    fn add_at(&mut self, position: usize, key: &[u8], value: &[u8]) {
        let digest = &mut self.tables[position];
        digest.records += 1;
        digest.bytes += (key.len() + value.len()) as u64;
        for part in [key, value] {
            digest.crc.update(&(part.len() as u32).to_be_bytes());
            digest.crc.update(part);
        }
        if STATE_TABLES[position] == CF_META && key == APPLIED_INDEX_KEY {
            self.applied_index = super::decode_u64(CF_META, value).ok();
        }
    }

    /// The manifest of what was added, for the snapshot at `index`/`term`.
    pub fn finish(&self, index: u64, term: u64) -> SnapshotManifest {
        SnapshotManifest {
            index,
            term,
            applied_index: self.applied_index.unwrap_or(0),
            tables: STATE_TABLES
                .iter()
                .zip(&self.tables)
                .map(|(table, d)| SnapshotTableManifest {
                    table: (*table).to_string(),
                    records: d.records,
                    bytes: d.bytes,
                    crc32: d.crc.clone().finalize(),
                    file_size: 0,
                })
                .collect(),
        }
    }
}

fn table_position(table: &str) -> Result<usize> {
    STATE_TABLES
        .iter()
        .position(|t| *t == table)
        .ok_or_else(|| snapshot_error(format!("unknown table {table:?}")))
}

/// Why `received` (what this server got, for the snapshot at
/// `index`/`term`) does not match `sent` (the sender's manifest), if it does
/// not.
fn mismatch(sent: &SnapshotManifest, received: &SnapshotManifest) -> Option<String> {
    if (sent.index, sent.term) != (received.index, received.term) {
        return Some(format!(
            "the manifest is of snapshot {}/{}, the stream of {}/{}",
            sent.index, sent.term, received.index, received.term
        ));
    }
    if received.applied_index != received.index {
        return Some(format!(
            "its state was applied up to {}, not to its Raft index {}",
            received.applied_index, received.index
        ));
    }
    if sent.applied_index != received.applied_index {
        return Some(format!(
            "the sender's state was applied up to {}, the received one to {}",
            sent.applied_index, received.applied_index
        ));
    }
    if sent.tables.len() != received.tables.len() {
        return Some(format!(
            "the manifest lists {} tables, not {}",
            sent.tables.len(),
            received.tables.len()
        ));
    }
    for (s, r) in sent.tables.iter().zip(&received.tables) {
        if (&s.table, s.records, s.bytes, s.crc32) != (&r.table, r.records, r.bytes, r.crc32) {
            return Some(format!(
                "table {}: sent {} records ({} bytes, crc {:08x}), received {} ({} bytes, crc {:08x})",
                s.table, s.records, s.bytes, s.crc32, r.records, r.bytes, r.crc32
            ));
        }
    }
    None
}

/// The manifest of the received snapshot in `dir`.
pub fn read_manifest(dir: &Path) -> Result<SnapshotManifest> {
    let bytes = std::fs::read(dir.join(MANIFEST_FILE))
        .map_err(|e| snapshot_error(format!("{}: {e}", dir.display())))?;
    SnapshotManifest::decode(bytes.as_slice())
        .map_err(|e| snapshot_error(format!("{}: bad manifest: {e}", dir.display())))
}

/// Checks that `dir` holds exactly the SST files its manifest lists, at
/// their sizes.
fn check_files(dir: &Path, manifest: &SnapshotManifest) -> Result<()> {
    for table in STATE_TABLES {
        let listed = manifest.tables.iter().find(|t| t.table == table);
        let size = std::fs::metadata(dir.join(format!("{table}.sst")))
            .map(|m| m.len())
            .ok();
        let expected = listed.map(|t| t.file_size).filter(|s| *s > 0);
        if size != expected {
            return Err(snapshot_error(format!(
                "snapshot {}: table {table} has a file of {size:?} bytes, its manifest {expected:?}",
                dir.display()
            )));
        }
    }
    Ok(())
}

/// Sends in progress by checkpoint directory: a checkpoint is only removed
/// when no send uses it.
static PINNED: LazyLock<Mutex<HashMap<PathBuf, usize>>> = LazyLock::new(Mutex::default);

/// Keeps a checkpoint from being removed while a send reads it. Pinned on
/// the Raft thread, which is also the only one that removes checkpoints
/// (when it makes a newer one), so none can go between the snapshot message
/// and its send. The last pin of a checkpoint that a newer one replaced
/// removes it.
pub struct CheckpointPin {
    dir: PathBuf,
}

/// Pins the checkpoint at `dir`.
pub fn pin_checkpoint(dir: &Path) -> CheckpointPin {
    let mut pinned = PINNED.lock().unwrap_or_else(|e| e.into_inner());
    *pinned.entry(dir.to_path_buf()).or_default() += 1;
    CheckpointPin {
        dir: dir.to_path_buf(),
    }
}

fn is_pinned(dir: &Path) -> bool {
    PINNED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains_key(dir)
}

impl Drop for CheckpointPin {
    fn drop(&mut self) {
        let mut pinned = PINNED.lock().unwrap_or_else(|e| e.into_inner());
        let Some(count) = pinned.get_mut(&self.dir) else {
            return;
        };
        *count -= 1;
        if *count > 0 {
            return;
        }
        pinned.remove(&self.dir);
        // Replaced while pinned: the newest checkpoint has a higher index.
        let index = |name: &str| {
            name.strip_prefix("out-")
                .and_then(|rest| rest.split('-').next()?.parse::<u64>().ok())
        };
        let (Some(root), Some(mine)) = (
            self.dir.parent(),
            self.dir
                .file_name()
                .and_then(|n| index(&n.to_string_lossy())),
        ) else {
            return;
        };
        let newer = std::fs::read_dir(root)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| index(&e.file_name().to_string_lossy()).is_some_and(|i| i > mine));
        if newer {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes received records into one SST file per table, in a private
/// directory that becomes `dir` only when complete: two streams of the same
/// snapshot (a resend) never touch each other's files, and a complete
/// snapshot is never replaced under an install.
pub struct SnapshotWriter {
    dir: PathBuf,
    target: PathBuf,
    index: u64,
    term: u64,
    current: Option<(usize, SstFileWriter<'static>)>,
    digest: ManifestBuilder,
    /// Sizes of the finished SST files, by table position.
    file_sizes: Vec<u64>,
}

/// Marks directories of snapshots still being received.
const PARTIAL: &str = ".partial-";

/// Whether `dir` holds a complete received snapshot (one with a manifest).
pub fn is_complete(dir: &Path) -> bool {
    read_manifest(dir).is_ok()
}

impl SnapshotWriter {
    /// Starts writing the snapshot at `index`/`term` that will be `dir`.
    pub fn create(dir: &Path, index: u64, term: u64) -> Result<SnapshotWriter> {
        let mut private = dir.as_os_str().to_owned();
        private.push(format!("{PARTIAL}{:016x}", rand::random::<u64>()));
        let private = PathBuf::from(private);
        std::fs::create_dir_all(&private)
            .map_err(|e| snapshot_error(format!("{}: {e}", private.display())))?;
        Ok(SnapshotWriter {
            dir: private,
            target: dir.to_path_buf(),
            index,
            term,
            current: None,
            digest: ManifestBuilder::default(),
            file_sizes: vec![0; STATE_TABLES.len()],
        })
    }

    /// Adds one record. Tables must come in [`STATE_TABLES`] order and keys
    /// in order within a table (as [`SnapshotReader`] sends them).
    pub fn add(&mut self, table: &str, key: &[u8], value: &[u8]) -> Result<()> {
        let position = table_position(table)?;
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
        self.digest.add_at(position, key, value);
        Ok(())
    }

    fn finish_table(&mut self) -> Result<()> {
        if let Some((position, mut writer)) = self.current.take() {
            writer.finish()?;
            let file = self.dir.join(format!("{}.sst", STATE_TABLES[position]));
            self.file_sizes[position] = std::fs::metadata(&file)
                .map_err(|e| snapshot_error(format!("{}: {e}", file.display())))?
                .len();
        }
        Ok(())
    }

    /// Checks what was received against the sender's manifest `sent` and
    /// that the state's applied index is the snapshot's Raft index; then
    /// closes the files, writes this snapshot's manifest (synced, with the
    /// files' sizes) and moves it into place (syncing the parent), unless a
    /// complete copy is there already. Refused, the snapshot leaves nothing.
    pub fn finish(mut self, sent: &SnapshotManifest) -> Result<PathBuf> {
        let mut received = self.digest.finish(self.index, self.term);
        if let Some(why) = mismatch(sent, &received) {
            return Err(snapshot_error(format!(
                "refused snapshot {}/{}: {why}",
                self.index, self.term
            )));
        }
        self.finish_table()?;
        for (table, size) in received.tables.iter_mut().zip(&self.file_sizes) {
            table.file_size = *size;
        }
        let io = |e: std::io::Error| snapshot_error(format!("{}: {e}", self.dir.display()));
        let mut manifest = std::fs::File::create(self.dir.join(MANIFEST_FILE)).map_err(io)?;
        std::io::Write::write_all(&mut manifest, &received.encode_to_vec()).map_err(io)?;
        manifest.sync_all().map_err(io)?;
        sync_dir(&self.dir).map_err(io)?;
        if is_complete(&self.target) {
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            if self.target.exists() {
                std::fs::remove_dir_all(&self.target).map_err(io)?;
            }
            std::fs::rename(&self.dir, &self.target).map_err(io)?;
            if let Some(parent) = self.target.parent() {
                sync_dir(parent).map_err(io)?;
            }
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

/// Makes a directory's entries (a new file, a rename) durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Removes snapshot directories under `root` except `keep` and those a send
/// has pinned (see [`CheckpointPin`]).
pub fn remove_old(root: &Path, kind: &str, keep: Option<&Path>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&format!("{kind}-"))
            && Some(path.as_path()) != keep
            && !is_pinned(&path)
        {
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
        let mut writer = SnapshotWriter::create(&incoming, 5000, 2).unwrap();
        let mut sent = ManifestBuilder::default();
        let mut chunks = 0;
        SnapshotReader::open(&checkpoint)
            .unwrap()
            .chunks(64 << 10, |records| {
                chunks += 1;
                for (table, key, value) in records {
                    sent.add(table, &key, &value).unwrap();
                    writer.add(table, &key, &value).unwrap();
                }
                Ok(true)
            })
            .unwrap();
        assert!(chunks > 5, "{chunks} chunks: the stream is not chunked");
        let sent = sent.finish(5000, 2);
        assert_eq!(sent.applied_index, 5000);
        assert_eq!(sent.tables[1].table, CF_KV);
        assert_eq!(sent.tables[1].records, 5000);
        let done = writer.finish(&sent).unwrap();
        let kept = read_manifest(&done).unwrap();
        assert!(kept.tables[1].file_size > 0);
        assert_eq!(
            kept.tables[4].file_size, 0,
            "no restore_staging rows, no file"
        );
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

    /// The records of a small snapshot at `index`: its applied index and one
    /// KV row.
    fn records_at(index: u64, value: &[u8]) -> Vec<(&'static str, Vec<u8>, Vec<u8>)> {
        vec![
            (
                CF_META,
                APPLIED_INDEX_KEY.to_vec(),
                super::super::u64_key(index).to_vec(),
            ),
            (CF_KV, b"k".to_vec(), value.to_vec()),
        ]
    }

    /// A writer of the snapshot `index`/`term` at `dir` that has received
    /// `records`, and the manifest a sender of them would send.
    fn received(
        dir: &Path,
        index: u64,
        term: u64,
        records: &[(&'static str, Vec<u8>, Vec<u8>)],
    ) -> (SnapshotWriter, SnapshotManifest) {
        let mut writer = SnapshotWriter::create(dir, index, term).unwrap();
        let mut sent = ManifestBuilder::default();
        for (table, key, value) in records {
            writer.add(table, key, value).unwrap();
            sent.add(table, key, value).unwrap();
        }
        (writer, sent.finish(index, term))
    }

    fn names(root: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(root)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        n.sort();
        n
    }

    #[test]
    fn a_resent_snapshot_never_replaces_a_complete_one_and_cleanup_keeps_newer() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = snapshot_dir(root, "in", 100, 2);
        let write = |value: &[u8]| received(&target, 100, 2, &records_at(100, value));
        // Two streams of the same snapshot at once: neither sees the
        // other's files; the first to finish wins, the second is dropped.
        let (first, first_sent) = write(b"one");
        let (second, second_sent) = write(b"two");
        assert!(!is_complete(&target), "nothing is in place before a finish");
        assert_eq!(first.finish(&first_sent).unwrap(), target);
        assert!(is_complete(&target));
        assert_eq!(second.finish(&second_sent).unwrap(), target);
        assert!(is_complete(&target));
        // An abandoned stream leaves nothing.
        drop(write(b"three"));
        assert_eq!(names(root), vec!["in-100-2"]);
        // Installing 100 removes it and older ones, not newer ones.
        for (index, term) in [(150, 3), (50, 1)] {
            let dir = snapshot_dir(root, "in", index, term);
            let (w, sent) = received(&dir, index, term, &records_at(index, b"v"));
            w.finish(&sent).unwrap();
        }
        remove_received_up_to(root, 100);
        assert_eq!(names(root), vec!["in-150-3"]);
    }

    #[test]
    fn a_stream_that_does_not_match_its_manifest_is_refused_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = snapshot_dir(root, "in", 100, 2);
        let full = records_at(100, b"value");

        // The stream lost its last record (a sender that stopped early).
        let (writer, _) = received(&target, 100, 2, &full[..1]);
        let (_, sent) = received(&root.join("scratch"), 100, 2, &full);
        let err = writer.finish(&sent).unwrap_err().to_string();
        assert!(err.contains("table kv: sent 1 records"), "{err}");
        // A record changed on the way.
        let (writer, _) = received(&target, 100, 2, &records_at(100, b"valuf"));
        let err = writer.finish(&sent).unwrap_err().to_string();
        assert!(err.contains("crc"), "{err}");
        // The manifest of another snapshot.
        let (writer, _) = received(&target, 100, 2, &full);
        let (_, other) = received(&root.join("scratch2"), 101, 2, &records_at(101, b"value"));
        let err = writer.finish(&other).unwrap_err().to_string();
        assert!(err.contains("manifest is of snapshot 101/2"), "{err}");
        // A state applied to another index than the snapshot's Raft index.
        let (writer, sent) = received(&target, 100, 2, &records_at(99, b"value"));
        let err = writer.finish(&sent).unwrap_err().to_string();
        assert!(
            err.contains("applied up to 99, not to its Raft index 100"),
            "{err}"
        );
        // A snapshot whose state has no applied index at all.
        let (writer, sent) = received(&target, 100, 2, &full[1..]);
        assert!(writer.finish(&sent).is_err());
        assert!(!is_complete(&target));
        assert!(
            !names(root).iter().any(|n| n.starts_with("in-")),
            "a refused stream leaves nothing: {:?}",
            names(root)
        );

        // A complete snapshot whose file is damaged on disk is not
        // installed, and the engine is untouched.
        let (writer, sent) = received(&target, 100, 2, &full);
        writer.finish(&sent).unwrap();
        let engine = Engine::open(&root.join("state")).unwrap();
        let mut w = engine.state_writer();
        w.put_kv("mine", &entry("kept", 1));
        w.commit(1).unwrap();
        let sst = target.join("kv.sst");
        let len = std::fs::metadata(&sst).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&sst)
            .unwrap()
            .set_len(len - 1)
            .unwrap();
        let err = engine.install_state(&target, b"m").unwrap_err().to_string();
        assert!(err.contains("table kv"), "{err}");
        assert!(engine.interrupted_install().unwrap().is_none());
        assert_eq!(engine.kv_get("mine").unwrap().unwrap().value, b"kept");
    }

    #[test]
    fn a_pinned_checkpoint_outlives_a_newer_one_until_its_send_ends() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let old = snapshot_dir(root, "out", 10, 1);
        std::fs::create_dir_all(&old).unwrap();
        let first = pin_checkpoint(&old);
        let second = pin_checkpoint(&old);
        // A newer checkpoint is made: the old one is being sent, so stays.
        remove_old(root, "out", None);
        let new = snapshot_dir(root, "out", 20, 1);
        std::fs::create_dir_all(&new).unwrap();
        assert_eq!(names(root), vec!["out-10-1", "out-20-1"]);
        drop(first);
        assert!(old.exists(), "one send still reads it");
        drop(second);
        assert_eq!(names(root), vec!["out-20-1"]);
        // The newest checkpoint stays when its last send ends.
        drop(pin_checkpoint(&new));
        assert_eq!(names(root), vec!["out-20-1"]);
        remove_old(root, "out", None);
        assert!(names(root).is_empty());
    }

    #[test]
    fn out_of_order_or_unknown_tables_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SnapshotWriter::create(&dir.path().join("in-1-1"), 1, 1).unwrap();
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

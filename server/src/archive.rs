//! The snapshot archive (format in `roster_parse::archive`) as the server
//! reads it: each row must belong to a table a restore replaces and decode
//! as that table's rows do.

use std::io::Read;

use prost::Message as _;
pub use roster_parse::archive::{ArchiveWriter, bad};
use roster_proto::snapshot::v1::SnapshotRecord;

use crate::storage::restore::{RESTORABLE_TABLES, clamp};

/// A reader of the archive in `input` that checks each row
/// ([`check_row`]).
pub type ArchiveReader<R> = roster_parse::archive::ArchiveReader<R>;

/// Opens an archive, checking each row with [`check_row`].
pub fn reader<R: Read>(input: R) -> Result<ArchiveReader<R>, String> {
    ArchiveReader::new(input, check_row)
}

/// A row a restore may take: a restorable table, a UTF-8 key (but for
/// coordinates), a value that decodes, a KV value within the size limit.
pub fn check_row(r: &SnapshotRecord) -> Result<(), String> {
    if !RESTORABLE_TABLES.contains(&r.table.as_str()) {
        return Err(bad(format!("unknown table {:?}", r.table)));
    }
    if r.table != "coordinates" && std::str::from_utf8(&r.key).is_err() {
        return Err(bad(format!("a {} key that is not UTF-8", r.table)));
    }
    let too_large = match r.table.as_str() {
        "kv" => roster_proto::storage::v1::StoredEntry::decode(r.value.as_slice())
            .ok()
            .map(|e| e.value.len() > roster_proto::kv::MAX_VALUE_SIZE),
        _ => clamp(&r.table, &r.key, &r.value, u64::MAX).map(|_| false),
    };
    match too_large {
        None => Err(bad(format!("a {} row that does not decode", r.table))),
        Some(true) => Err(bad("a value over the KV size limit")),
        Some(false) => Ok(()),
    }
}

/// Opens the archive in the file at `path`.
pub fn open_file(
    path: &std::path::Path,
) -> Result<ArchiveReader<std::io::BufReader<std::fs::File>>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    reader(std::io::BufReader::new(file))
}

/// Reads the whole archive in `path`, checking every entry: its index (from
/// the header) and number of rows.
pub fn verify_file(path: &std::path::Path) -> Result<(u64, u64), String> {
    verify_reader(open_file(path)?)
}

/// Reads a whole archive, checking every entry: its index and number of
/// rows.
pub fn verify(input: impl Read) -> Result<(u64, u64), String> {
    verify_reader(reader(input)?)
}

fn verify_reader(reader: ArchiveReader<impl Read>) -> Result<(u64, u64), String> {
    let (index, tables) = count_rows(reader)?;
    Ok((index, tables.values().sum()))
}

/// Reads the whole archive in `path`, checking every entry: its index and
/// the number of rows of each table.
pub fn table_rows(
    path: &std::path::Path,
) -> Result<(u64, std::collections::BTreeMap<String, u64>), String> {
    count_rows(open_file(path)?)
}

fn count_rows(
    mut reader: ArchiveReader<impl Read>,
) -> Result<(u64, std::collections::BTreeMap<String, u64>), String> {
    let index = reader.header().index;
    let mut tables = std::collections::BTreeMap::new();
    while let Some(record) = reader.next_record()? {
        *tables.entry(record.table).or_insert(0) += 1;
    }
    Ok((index, tables))
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use flate2::{Compression, write::GzEncoder};
    use roster_proto::{snapshot::v1::ArchiveHeader, storage::v1::StoredEntry};

    use super::*;

    fn sample() -> Vec<u8> {
        let header = ArchiveHeader {
            index: 42,
            datacenter: "dc1".into(),
            ..Default::default()
        };
        let mut w = ArchiveWriter::new(Vec::new(), header).unwrap();
        for i in 0..100 {
            let entry = StoredEntry {
                value: vec![b'x'; 10],
                modify_index: i,
                ..Default::default()
            };
            w.record("kv", format!("k{i:03}").as_bytes(), &entry.encode_to_vec())
                .unwrap();
        }
        w.record("kv_tombstones", b"gone", &7u64.to_be_bytes())
            .unwrap();
        let (bytes, n) = w.finish().unwrap();
        assert_eq!(n, 101);
        bytes
    }

    fn read_all(bytes: &[u8]) -> Result<(u64, u64), String> {
        verify(bytes)
    }

    #[test]
    fn an_archive_round_trips() {
        assert_eq!(read_all(&sample()).unwrap(), (42, 101));
    }

    #[test]
    fn corrupt_truncated_or_foreign_archives_are_refused() {
        let good = sample();
        // Truncated anywhere.
        for cut in [10, good.len() / 2, good.len() - 4] {
            assert!(read_all(&good[..cut]).is_err(), "cut at {cut}");
        }
        // A flipped byte inside the compressed stream.
        let mut flipped = good.clone();
        let mid = flipped.len() / 2;
        flipped[mid] ^= 0x55;
        assert!(read_all(&flipped).is_err());
        // Not gzip, or gzip of something else.
        assert!(read_all(b"hello").is_err());
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(b"{\"not\":\"a snapshot\"}").unwrap();
        assert!(
            read_all(&gz.finish().unwrap())
                .unwrap_err()
                .contains("unknown format")
        );
        // Rows of tables a restore does not touch, or that do not decode.
        let mut w = ArchiveWriter::new(Vec::new(), ArchiveHeader::default()).unwrap();
        w.record("raft_log", b"k", b"v").unwrap();
        let (bytes, _) = w.finish().unwrap();
        assert!(read_all(&bytes).unwrap_err().contains("unknown table"));
        let mut w = ArchiveWriter::new(Vec::new(), ArchiveHeader::default()).unwrap();
        w.record("kv_tombstones", b"k", b"short").unwrap();
        let (bytes, _) = w.finish().unwrap();
        assert!(read_all(&bytes).unwrap_err().contains("does not decode"));
    }
}

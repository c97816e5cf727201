//! The snapshot archive format of `roster snapshot save` / `GET
//! /v1/snapshot`: gzip of the line `ROSTER-SNAPSHOT-1\n` followed by
//! length-delimited `roster.snapshot.v1.ArchiveEntry` messages — one
//! header, the rows of the restorable tables, one end carrying the row
//! count. gzip's CRC and the end entry catch corruption and truncation.

use std::io::{Read, Write};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};
use prost::Message as _;
use roster_proto::snapshot::v1::{
    ArchiveEnd, ArchiveEntry, ArchiveHeader, SnapshotRecord, archive_entry::Entry,
};

use crate::storage::restore::{RESTORABLE_TABLES, clamp};

const MAGIC: &[u8] = b"ROSTER-SNAPSHOT-1\n";
/// Largest entry accepted: a row with a value of the largest KV size, its
/// key and framing.
const MAX_ENTRY: u64 = (roster_proto::kv::MAX_VALUE_SIZE as u64) + (64 << 10);

/// Writes an archive into `W`.
pub struct ArchiveWriter<W: Write> {
    gz: GzEncoder<W>,
    records: u64,
}

impl<W: Write> ArchiveWriter<W> {
    /// Starts an archive with its header.
    pub fn new(out: W, header: ArchiveHeader) -> std::io::Result<ArchiveWriter<W>> {
        let mut gz = GzEncoder::new(out, Compression::fast());
        gz.write_all(MAGIC)?;
        let mut w = ArchiveWriter { gz, records: 0 };
        w.entry(Entry::Header(header))?;
        Ok(w)
    }

    fn entry(&mut self, entry: Entry) -> std::io::Result<()> {
        let bytes = ArchiveEntry { entry: Some(entry) }.encode_length_delimited_to_vec();
        self.gz.write_all(&bytes)
    }

    /// Adds a row.
    pub fn record(&mut self, table: &str, key: &[u8], value: &[u8]) -> std::io::Result<()> {
        self.records += 1;
        self.entry(Entry::Record(SnapshotRecord {
            table: table.to_string(),
            key: key.to_vec(),
            value: value.to_vec(),
        }))
    }

    /// Writes the end entry and the gzip trailer; returns the row count.
    pub fn finish(mut self) -> std::io::Result<(W, u64)> {
        let records = self.records;
        self.entry(Entry::End(ArchiveEnd { records }))?;
        Ok((self.gz.finish()?, records))
    }
}

/// Reads and checks an archive.
pub struct ArchiveReader<R: Read> {
    gz: GzDecoder<R>,
    header: ArchiveHeader,
    records: u64,
    done: bool,
}

fn bad(detail: impl std::fmt::Display) -> String {
    format!("not a valid Roster snapshot: {detail}")
}

impl<R: Read> ArchiveReader<R> {
    /// Opens an archive and reads its header.
    pub fn new(input: R) -> Result<ArchiveReader<R>, String> {
        let mut gz = GzDecoder::new(input);
        let mut magic = [0u8; MAGIC.len()];
        gz.read_exact(&mut magic).map_err(bad)?;
        if magic != MAGIC {
            return Err(bad("unknown format"));
        }
        let mut reader = ArchiveReader {
            gz,
            header: ArchiveHeader::default(),
            records: 0,
            done: false,
        };
        match reader.entry()? {
            Entry::Header(h) => reader.header = h,
            _ => return Err(bad("no header")),
        }
        Ok(reader)
    }

    /// The header.
    pub fn header(&self) -> &ArchiveHeader {
        &self.header
    }

    fn entry(&mut self) -> Result<Entry, String> {
        let mut len = 0u64;
        for shift in (0..64).step_by(7) {
            let mut byte = [0u8];
            self.gz
                .read_exact(&mut byte)
                .map_err(|e| bad(format!("truncated ({e})")))?;
            len |= u64::from(byte[0] & 0x7f) << shift;
            if byte[0] & 0x80 == 0 {
                break;
            }
        }
        if len > MAX_ENTRY {
            return Err(bad(format!("an entry of {len} bytes")));
        }
        let mut buf = vec![0u8; len as usize];
        self.gz
            .read_exact(&mut buf)
            .map_err(|e| bad(format!("truncated ({e})")))?;
        ArchiveEntry::decode(buf.as_slice())
            .map_err(bad)?
            .entry
            .ok_or_else(|| bad("an empty entry"))
    }

    /// The next row, checked (a table a restore replaces, a value that
    /// decodes); `None` after the end entry, which must match the count and
    /// be followed by nothing.
    pub fn next_record(&mut self) -> Result<Option<SnapshotRecord>, String> {
        if self.done {
            return Ok(None);
        }
        match self.entry()? {
            Entry::Record(r) => {
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
                    None => return Err(bad(format!("a {} row that does not decode", r.table))),
                    Some(true) => return Err(bad("a value over the KV size limit")),
                    Some(false) => {}
                }
                self.records += 1;
                Ok(Some(r))
            }
            Entry::End(end) => {
                if end.records != self.records {
                    return Err(bad(format!(
                        "{} rows, but the end says {}",
                        self.records, end.records
                    )));
                }
                let mut rest = [0u8; 1];
                if self.gz.read(&mut rest).map_err(bad)? != 0 {
                    return Err(bad("data after the end"));
                }
                self.done = true;
                Ok(None)
            }
            Entry::Header(_) => Err(bad("a second header")),
        }
    }
}

/// Opens the archive in the file at `path`.
pub fn open_file(
    path: &std::path::Path,
) -> Result<ArchiveReader<std::io::BufReader<std::fs::File>>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    ArchiveReader::new(std::io::BufReader::new(file))
}

/// Reads the whole archive in `path`, checking every entry: its index (from
/// the header) and number of rows.
pub fn verify_file(path: &std::path::Path) -> Result<(u64, u64), String> {
    verify_reader(open_file(path)?)
}

/// Reads a whole archive, checking every entry: its index and number of
/// rows.
pub fn verify(input: impl Read) -> Result<(u64, u64), String> {
    verify_reader(ArchiveReader::new(input)?)
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
    use prost::Message as _;
    use roster_proto::storage::v1::StoredEntry;

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

    fn read_all(bytes: &[u8]) -> Result<(u64, usize), String> {
        let mut r = ArchiveReader::new(bytes)?;
        let index = r.header().index;
        let mut n = 0;
        while r.next_record()?.is_some() {
            n += 1;
        }
        Ok((index, n))
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

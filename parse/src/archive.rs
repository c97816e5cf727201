//! The snapshot archive format of `roster snapshot save` / `GET
//! /v1/snapshot`: gzip of the line `ROSTER-SNAPSHOT-1\n` followed by
//! length-delimited `roster.snapshot.v1.ArchiveEntry` messages — one
//! header, the rows of the restorable tables, one end carrying the row
//! count. gzip's CRC and the end entry catch corruption and truncation.
//!
//! What a row may hold is the storage's business: [`ArchiveReader`] takes a
//! check for each row (the server's refuses tables a restore does not
//! replace and values that do not decode).

use std::io::{Read, Write};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};
use prost::Message as _;
use roster_proto::snapshot::v1::{
    ArchiveEnd, ArchiveEntry, ArchiveHeader, SnapshotRecord, archive_entry::Entry,
};

/// The first line of every archive (inside the gzip stream).
pub const MAGIC: &[u8] = b"ROSTER-SNAPSHOT-1\n";
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
    check: RowCheck,
    header: ArchiveHeader,
    records: u64,
    done: bool,
}

/// Checks one row: `Err` says what is wrong with it.
pub type RowCheck = fn(&SnapshotRecord) -> Result<(), String>;

/// `not a valid Roster snapshot: <detail>`, every reading error's form.
pub fn bad(detail: impl std::fmt::Display) -> String {
    format!("not a valid Roster snapshot: {detail}")
}

impl<R: Read> ArchiveReader<R> {
    /// Opens an archive and reads its header; `check` is run on each row.
    pub fn new(input: R, check: RowCheck) -> Result<ArchiveReader<R>, String> {
        let mut gz = GzDecoder::new(input);
        let mut magic = [0u8; MAGIC.len()];
        gz.read_exact(&mut magic).map_err(bad)?;
        if magic != MAGIC {
            return Err(bad("unknown format"));
        }
        let mut reader = ArchiveReader {
            gz,
            check,
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

    /// The next row, checked; `None` after the end entry, which must match the count and
    /// be followed by nothing.
    pub fn next_record(&mut self) -> Result<Option<SnapshotRecord>, String> {
        if self.done {
            return Ok(None);
        }
        match self.entry()? {
            Entry::Record(r) => {
                (self.check)(&r)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn any_row(_: &SnapshotRecord) -> Result<(), String> {
        Ok(())
    }

    fn no_row(r: &SnapshotRecord) -> Result<(), String> {
        Err(bad(format!("a {} row", r.table)))
    }

    fn sample() -> Vec<u8> {
        let header = ArchiveHeader {
            index: 42,
            ..Default::default()
        };
        let mut w = ArchiveWriter::new(Vec::new(), header).unwrap();
        for i in 0..10u8 {
            w.record("kv", &[b'k', i], &[i]).unwrap();
        }
        w.finish().unwrap().0
    }

    fn read_all(bytes: &[u8], check: RowCheck) -> Result<(u64, usize), String> {
        let mut r = ArchiveReader::new(bytes, check)?;
        let index = r.header().index;
        let mut n = 0;
        while r.next_record()?.is_some() {
            n += 1;
        }
        Ok((index, n))
    }

    #[test]
    fn rows_round_trip_and_each_meets_the_check() {
        assert_eq!(read_all(&sample(), any_row).unwrap(), (42, 10));
        assert!(
            read_all(&sample(), no_row)
                .unwrap_err()
                .contains("a kv row")
        );
    }

    #[test]
    fn truncation_trailing_data_and_a_wrong_count_are_refused() {
        let good = sample();
        for cut in [0, 10, good.len() / 2, good.len() - 1] {
            assert!(read_all(&good[..cut], any_row).is_err(), "cut at {cut}");
        }
        // An end that miscounts, and data after the end.
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(MAGIC).unwrap();
        for entry in [
            Entry::Header(ArchiveHeader::default()),
            Entry::End(ArchiveEnd { records: 3 }),
        ] {
            gz.write_all(&ArchiveEntry { entry: Some(entry) }.encode_length_delimited_to_vec())
                .unwrap();
        }
        let e = read_all(&gz.finish().unwrap(), any_row).unwrap_err();
        assert!(e.contains("the end says 3"), "{e}");
        // An entry longer than any row may be.
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(MAGIC).unwrap();
        gz.write_all(&[0xff, 0xff, 0xff, 0xff, 0x7f]).unwrap();
        let e = read_all(&gz.finish().unwrap(), any_row).unwrap_err();
        assert!(e.contains("an entry of"), "{e}");
    }
}

//! The snapshot archive reader (`roster snapshot restore`, `PUT
//! /v1/snapshot`): any bytes are an archive or an error, never a panic or
//! an allocation beyond one entry's bound. The first byte says how the rest
//! is fed: as is, gzip-compressed (so that the fuzzer explores what is
//! inside the gzip stream), or compressed after the format's first line.
#![no_main]

use std::io::Write;

use flate2::{Compression, write::GzEncoder};
use libfuzzer_sys::fuzz_target;
use prost::Message as _;
use roster_parse::archive::{ArchiveReader, MAGIC, bad};
use roster_proto::snapshot::v1::SnapshotRecord;

/// A row check like the server's for KV rows: the value decodes.
fn kv_rows(r: &SnapshotRecord) -> Result<(), String> {
    roster_proto::storage::v1::StoredEntry::decode(r.value.as_slice())
        .map(|_| ())
        .map_err(bad)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let input = match mode % 3 {
        0 => rest.to_vec(),
        m => {
            let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
            if m == 2 {
                gz.write_all(MAGIC).unwrap();
            }
            gz.write_all(rest).unwrap();
            gz.finish().unwrap()
        }
    };
    let Ok(mut reader) = ArchiveReader::new(input.as_slice(), kv_rows) else {
        return;
    };
    let _ = reader.header();
    // Every row, up to the end or the first error.
    while let Ok(Some(_)) = reader.next_record() {}
});

//! Applying `StateRestore` pieces (see `storage::restore`): the first piece
//! starts a restore, each next one must follow in sequence (anything else —
//! an abandoned or interleaved restore — changes nothing and reports
//! `success: false`), the last replaces the tables and wakes every watcher.

use roster_proto::raft::v1::StateRestore;

use super::{Changes, StateError, StateMachine, TABLE_KV, catalog, coordinate::TABLE_COORDINATES};

/// Applies one piece at `index`.
pub fn apply<'a>(
    sm: &'a StateMachine,
    ch: &mut Changes<'a>,
    index: u64,
    piece: StateRestore,
) -> Result<bool, StateError> {
    let engine = sm.engine();
    let expected = engine.restore_progress()?;
    let rows: Vec<(String, Vec<u8>, Vec<u8>)> = piece
        .records
        .into_iter()
        .map(|r| (r.table, r.key, r.value))
        .collect();
    if piece.sequence == 0 {
        ch.w.begin_restore(piece.restore_id);
    } else if expected != Some((piece.restore_id, piece.sequence)) {
        return Ok(false);
    }
    if piece.last {
        crate::crash_point!("restore::finish");
        let (exclusive, restored) = engine.ingest_restore(index, piece.sequence == 0, &rows)?;
        // Readers wait until the indexes below are written with the rows.
        ch.hold(exclusive);
        crate::crash_point!("restore::ingested");
        let w = &mut ch.w;
        w.clear_restore();
        w.set_table_index(TABLE_KV, index);
        w.set_table_index(TABLE_COORDINATES, index);
        // Restored rows keep their (older) indexes: no prefix may report
        // less than the restore's own index from now on.
        w.set_table_index(super::kv::KV_INDEX_FLOOR, index);
        w.set_table_index(super::kv::KV_RESTORE_FLOOR, index);
        for table in [
            catalog::TABLE_NODES,
            catalog::TABLE_SERVICES,
            catalog::TABLE_CHECKS,
            catalog::CATALOG_INDEX_FLOOR,
            super::session::TABLE_SESSIONS,
            super::acl::TABLE_ACL_TOKENS,
            super::acl::TABLE_ACL_POLICIES,
            super::acl::TABLE_ACL_ROLES,
        ] {
            w.set_table_index(table, index);
        }
        tracing::info!(index, restored, "restoring a snapshot");
        ch.wake_all();
    } else {
        crate::crash_point!("restore::stage");
        ch.w.stage_restore(piece.restore_id, piece.sequence + 1, &rows);
    }
    Ok(true)
}

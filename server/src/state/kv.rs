//! The KV table: applying `Kv*` commands and the reads behind KVService,
//! with Consul's index rules (tombstones keep prefix indexes monotonic).

use roster_proto::{
    raft::v1::{KvDelete, KvDeleteTree, KvSet, KvTombstoneReap},
    storage::v1::StoredEntry,
};

use super::{Changes, StateError, StateMachine, TABLE_KV};
use crate::storage::{KvRecord, Tables};

pub(super) fn apply_set(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: KvSet,
) -> Result<bool, StateError> {
    let existing = sm.engine.kv_get(&c.key)?;
    if let Some(cas) = c.cas_index {
        let matches = match &existing {
            None => cas == 0,
            Some(e) => cas != 0 && e.modify_index == cas,
        };
        if !matches {
            return Ok(false);
        }
    }
    let entry = set_entry(existing.as_ref(), c.value, c.flags, index);
    ch.w.put_kv(&c.key, &entry);
    ch.w.set_table_index(TABLE_KV, index);
    ch.wake_kv_key(c.key);
    Ok(true)
}

/// The entry a plain write at `index` leaves: the value and flags written,
/// the lock holder and lock index kept (Consul's `kvsSetTxn`), created then
/// unless the key existed.
pub(super) fn set_entry(
    existing: Option<&StoredEntry>,
    value: Vec<u8>,
    flags: u64,
    index: u64,
) -> StoredEntry {
    StoredEntry {
        value,
        flags,
        session: existing.map(|e| e.session.clone()).unwrap_or_default(),
        lock_index: existing.map_or(0, |e| e.lock_index),
        create_index: existing.map_or(index, |e| e.create_index),
        modify_index: index,
    }
}

pub(super) fn apply_delete(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: KvDelete,
) -> Result<bool, StateError> {
    let existing = sm.engine.kv_get(&c.key)?;
    let Some(existing) = existing else {
        // Deleting a missing key changes nothing; a CAS delete of a missing
        // key reports success, as Consul's kvsDeleteCASTxn does.
        return Ok(true);
    };
    if let Some(cas) = c.cas_index
        && existing.modify_index != cas
    {
        return Ok(false);
    }
    ch.w.delete_kv(&c.key);
    ch.w.put_tombstone(&c.key, index);
    ch.w.set_table_index(TABLE_KV, index);
    ch.wake_kv_key(c.key);
    Ok(true)
}

pub(super) fn apply_delete_tree(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: KvDeleteTree,
) -> Result<bool, StateError> {
    let w = &mut ch.w;
    let mut deleted = false;
    sm.engine.kv_scan_keys(&c.prefix, |key| {
        w.delete_kv(key);
        w.put_tombstone(key, index);
        deleted = true;
        Ok(true)
    })?;
    if deleted {
        w.set_table_index(TABLE_KV, index);
        ch.wake_kv_prefix(c.prefix);
    }
    Ok(true)
}

pub(super) fn apply_tombstone_reap(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: KvTombstoneReap,
) -> Result<bool, StateError> {
    let w = &mut ch.w;
    let mut reaped = false;
    sm.engine.kv_tombstones(|key, deleted_at| {
        if deleted_at <= c.up_to_index {
            w.delete_tombstone(key);
            reaped = true;
        }
        Ok(true)
    })?;
    // A reaped tombstone may have held up a prefix's index: from now on no
    // prefix reports less than this entry's index, and every prefix reader
    // is told that its data may have changed.
    if reaped {
        w.set_table_index(KV_INDEX_FLOOR, index);
        ch.wake_kv_prefix(String::new());
    }
    Ok(true)
}

/// The "table index" (in `meta`) below which no KV prefix's index may go:
/// raised by whatever removes what a prefix index was computed from
/// (tombstone reaping, a restore), so that indexes never go backwards.
pub const KV_INDEX_FLOOR: &str = "kv_index_floor";

/// The "table index" of the last restore: no single key's read reports
/// less (its rows came back with their older indexes).
pub const KV_RESTORE_FLOOR: &str = "kv_restore_floor";

/// Consul never reports index 0 (it would make `?index=0` clients spin).
fn at_least_one(index: u64) -> u64 {
    index.max(1)
}

/// Reads one key. The index is the entry's modify index, or, for a missing
/// key, the whole KV table's last change (Consul's `KVS.Get`): so a reader
/// blocked on a key that exists returns when that key changes, not when
/// any other key does (lock waiters do not spin on a busy store), and one
/// waiting for a key to appear sees an index past its deletion. Never below
/// the last restore's index ([`KV_RESTORE_FLOOR`]): a restored key keeps its
/// old modify index, but the index a reader saw does not go backwards. (Not
/// the prefix floor, which tombstone reaps raise: a key's own index is not
/// lowered by a reap, and its blocked readers should not wake for one.)
pub fn get(view: &impl Tables, key: &str) -> Result<(Option<StoredEntry>, u64), StateError> {
    let entry = view.kv_get(key)?;
    let own = match &entry {
        Some(e) => e.modify_index,
        None => view.table_index(TABLE_KV)?,
    };
    let index = own.max(view.table_index(KV_RESTORE_FLOOR)?);
    Ok((entry, at_least_one(index)))
}

/// The index for a prefix read: the highest modify index under the prefix
/// or tombstone under it, never below the KV index floor (see
/// [`KV_INDEX_FLOOR`]); the table index if none of them is set. A query
/// reads through one [`crate::storage::ReadView`], so the index and the
/// entries are of the same applied Raft index.
fn prefix_index(max_modify: u64, tombstone_index: u64, floor: u64, table_index: u64) -> u64 {
    let index = max_modify.max(tombstone_index).max(floor);
    if index == 0 {
        return at_least_one(table_index);
    }
    index
}

/// Passes every entry under `prefix` to `f`, in key order, and returns the
/// index a read of them reports (see [`prefix_index`]).
fn visit_prefix(
    view: &impl Tables,
    prefix: &str,
    mut f: impl FnMut(KvRecord),
) -> Result<u64, StateError> {
    let table_index = view.table_index(TABLE_KV)?;
    let floor = view.table_index(KV_INDEX_FLOOR)?;
    let tombstone_index = view.kv_tombstone_max_index(prefix)?;
    let mut max_modify = 0;
    view.kv_scan(prefix, |record| {
        max_modify = max_modify.max(record.entry.modify_index);
        f(record);
        Ok(true)
    })?;
    Ok(prefix_index(
        max_modify,
        tombstone_index,
        floor,
        table_index,
    ))
}

/// Reads every entry under `prefix`, in key order.
pub fn list(view: &impl Tables, prefix: &str) -> Result<(Vec<KvRecord>, u64), StateError> {
    let mut records = Vec::new();
    let index = visit_prefix(view, prefix, |record| records.push(record))?;
    Ok((records, index))
}

/// The index a read of every entry under `prefix` reports (as [`list`]
/// does), without keeping the entries.
pub fn prefix_read_index(view: &impl Tables, prefix: &str) -> Result<u64, StateError> {
    visit_prefix(view, prefix, drop)
}

/// Passes every entry under `prefix` to `page`, in key order, in pages of
/// about `page_bytes`; stops early when `page` returns false.
pub fn scan_pages(
    view: &impl Tables,
    prefix: &str,
    page_bytes: usize,
    mut page: impl FnMut(Vec<KvRecord>) -> bool,
) -> Result<(), StateError> {
    let mut records = Vec::new();
    let mut bytes = 0;
    let mut open = true;
    view.kv_scan(prefix, |record| {
        bytes += record.key.len() + record.entry.value.len() + 64;
        records.push(record);
        if bytes >= page_bytes {
            bytes = 0;
            open = page(std::mem::take(&mut records));
        }
        Ok(open)
    })?;
    if open && !records.is_empty() {
        page(records);
    }
    Ok(())
}

/// Lists key names under `prefix`, rolled up at the first `separator` after
/// the prefix when one is given (Consul's `?keys&separator=`).
pub fn list_keys(
    view: &impl Tables,
    prefix: &str,
    separator: &str,
) -> Result<(Vec<String>, u64), StateError> {
    let table_index = view.table_index(TABLE_KV)?;
    let floor = view.table_index(KV_INDEX_FLOOR)?;
    let tombstone_index = view.kv_tombstone_max_index(prefix)?;
    let mut keys: Vec<String> = Vec::new();
    let mut max_modify = 0;
    view.kv_scan(prefix, |record| {
        max_modify = max_modify.max(record.entry.modify_index);
        let rolled = if separator.is_empty() {
            None
        } else {
            record.key[prefix.len()..]
                .find(separator)
                .map(|at| &record.key[..prefix.len() + at + separator.len()])
        };
        let name = rolled.unwrap_or(&record.key);
        if keys.last().map(String::as_str) != Some(name) {
            keys.push(name.to_string());
        }
        Ok(true)
    })?;
    Ok((
        keys,
        prefix_index(max_modify, tombstone_index, floor, table_index),
    ))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use roster_proto::raft::v1::command::Command as C;

    use super::*;
    use crate::{
        state::{WatchHub, encode_command},
        storage::Engine,
    };

    struct Fixture {
        _dir: tempfile::TempDir,
        sm: StateMachine,
        next: u64,
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let engine = Engine::open(dir.path()).unwrap();
            Fixture {
                _dir: dir,
                sm: StateMachine::new(engine, WatchHub::new()),
                next: 1,
            }
        }

        fn apply(&mut self, c: C) -> (u64, bool) {
            let index = self.next;
            self.next += 1;
            let out = self.sm.apply(index, &encode_command(c)).unwrap();
            (index, out.success)
        }

        fn set(&mut self, key: &str, value: &str, cas: Option<u64>) -> (u64, bool) {
            self.apply(C::KvSet(KvSet {
                key: key.into(),
                value: value.as_bytes().to_vec(),
                flags: 0,
                cas_index: cas,
            }))
        }
    }

    #[test]
    fn set_keeps_create_index_and_cas_rules() {
        let mut f = Fixture::new();
        let (i1, ok) = f.set("a", "1", None);
        assert!(ok);
        let (i2, _) = f.set("a", "2", None);
        let (e, index) = get(f.sm.engine(), "a").unwrap();
        let e = e.unwrap();
        assert_eq!((e.create_index, e.modify_index, index), (i1, i2, i2));
        assert_eq!(e.value, b"2");
        // cas=0 on an existing key fails; a stale cas fails; the right one wins.
        assert!(!f.set("a", "x", Some(0)).1);
        assert!(!f.set("a", "x", Some(i1)).1);
        assert!(f.set("a", "3", Some(i2)).1);
        assert!(f.set("new", "v", Some(0)).1);
        assert!(!f.set("missing", "v", Some(5)).1);
        assert_eq!(f.sm.applied_index().unwrap(), f.next - 1);
        // A key reports its own modify index, not the table's; a missing
        // key the table's.
        let (other, _) = f.set("other", "v", None);
        let (e, index) = get(f.sm.engine(), "new").unwrap();
        assert_eq!(index, e.unwrap().modify_index);
        assert!(index < other);
        assert_eq!(get(f.sm.engine(), "missing").unwrap().1, other);
    }

    #[test]
    fn deletes_leave_tombstones_that_keep_prefix_index_monotonic() {
        let mut f = Fixture::new();
        f.set("p/a", "1", None);
        let (ib, _) = f.set("p/b", "2", None);
        let (_, index) = list(f.sm.engine(), "p/").unwrap();
        assert_eq!(index, ib);
        let (id, ok) = f.apply(C::KvDelete(KvDelete {
            key: "p/b".into(),
            cas_index: None,
        }));
        assert!(ok);
        let (records, index) = list(f.sm.engine(), "p/").unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(
            index, id,
            "delete of the newest key still advances the index"
        );
        let (it, _) = f.apply(C::KvDeleteTree(KvDeleteTree { prefix: "p".into() }));
        let (records, index) = list(f.sm.engine(), "p").unwrap();
        assert!(records.is_empty());
        assert_eq!(index, it);
        // Reaping removes the tombstones: the prefix index falls back to the table's.
        f.apply(C::KvTombstoneReap(KvTombstoneReap { up_to_index: it }));
        assert_eq!(f.sm.engine().kv_tombstone_max_index("").unwrap(), 0);
    }

    #[tokio::test]
    async fn reaping_tombstones_never_lowers_a_prefix_index_and_wakes_prefix_readers() {
        let mut f = Fixture::new();
        let (ia, _) = f.set("p/a", "1", None);
        f.set("p/b", "2", None);
        let (id, _) = f.apply(C::KvDelete(KvDelete {
            key: "p/b".into(),
            cas_index: None,
        }));
        let (_, before) = list(f.sm.engine(), "p/").unwrap();
        assert_eq!(before, id, "the tombstone holds the prefix index");
        let mut blocked =
            f.sm.hub()
                .subscribe(crate::state::WatchTarget::KvPrefix("p/".into()));
        let (ir, _) = f.apply(C::KvTombstoneReap(KvTombstoneReap { up_to_index: id }));
        // Without the floor the index fell back to p/a's, below one already
        // returned, and a reader blocked at `before` waited out its deadline.
        let (records, after) = list(f.sm.engine(), "p/").unwrap();
        assert_eq!(records.len(), 1);
        assert!(after > ia && after >= before, "{after} < {before}");
        assert_eq!(after, ir);
        let (_, keys_after) = list_keys(f.sm.engine(), "p/", "").unwrap();
        assert_eq!(keys_after, ir);
        assert_eq!(
            get(f.sm.engine(), "p/a").unwrap().1,
            ia,
            "a key's own index is not moved by a reap (its readers stay blocked)"
        );
        tokio::time::timeout(std::time::Duration::from_secs(1), blocked.changed())
            .await
            .expect("a prefix reader is woken by the reap");
        // A reap that removes nothing changes no index.
        let (_, _) = f.apply(C::KvTombstoneReap(KvTombstoneReap { up_to_index: id }));
        assert_eq!(list(f.sm.engine(), "p/").unwrap().1, ir);
    }

    #[test]
    fn cas_delete() {
        let mut f = Fixture::new();
        let (i, _) = f.set("k", "v", None);
        assert!(
            !f.apply(C::KvDelete(KvDelete {
                key: "k".into(),
                cas_index: Some(i + 100)
            }))
            .1
        );
        assert!(get(f.sm.engine(), "k").unwrap().0.is_some());
        assert!(
            f.apply(C::KvDelete(KvDelete {
                key: "k".into(),
                cas_index: Some(i)
            }))
            .1
        );
        assert!(get(f.sm.engine(), "k").unwrap().0.is_none());
        assert!(
            f.apply(C::KvDelete(KvDelete {
                key: "k".into(),
                cas_index: Some(1)
            }))
            .1
        );
    }

    #[test]
    fn keys_with_separator_roll_up() {
        let mut f = Fixture::new();
        for k in ["web/a", "web/sub/x", "web/sub/y", "web/z", "webby", "other"] {
            f.set(k, "v", None);
        }
        let (keys, _) = list_keys(f.sm.engine(), "web/", "/").unwrap();
        assert_eq!(keys, vec!["web/a", "web/sub/", "web/z"]);
        let (keys, _) = list_keys(f.sm.engine(), "web", "").unwrap();
        assert_eq!(
            keys,
            vec!["web/a", "web/sub/x", "web/sub/y", "web/z", "webby"]
        );
        let (keys, index) = list_keys(f.sm.engine(), "nothing", "").unwrap();
        assert!(keys.is_empty());
        assert!(index >= 1);
    }

    #[test]
    fn empty_table_reports_index_one() {
        let f = Fixture::new();
        assert_eq!(get(f.sm.engine(), "x").unwrap().1, 1);
        assert_eq!(list(f.sm.engine(), "").unwrap().1, 1);
    }

    #[test]
    fn unknown_command_stops_apply() {
        let f = Fixture::new();
        let err = f.sm.apply(1, &[0x08, 0x01]).unwrap_err();
        assert!(matches!(err, StateError::UnknownCommand { index: 1, .. }));
        let _ = Arc::clone(f.sm.hub());
    }

    fn set_with_id(
        f: &mut Fixture,
        key: &str,
        value: &str,
        cas: Option<u64>,
        id: &str,
    ) -> (u64, u64, bool) {
        let index = f.next;
        f.next += 1;
        let data = crate::state::encode_request(
            C::KvSet(KvSet {
                key: key.into(),
                value: value.as_bytes().to_vec(),
                flags: 0,
                cas_index: cas,
            }),
            id.into(),
        );
        let out = f.sm.apply(index, &data).unwrap();
        (index, out.index, out.success)
    }

    /// A retried write (same request id) changes nothing and answers what
    /// the first attempt answered, a failed check-and-set included; other
    /// ids and writes without one apply as usual.
    #[test]
    fn a_request_id_applies_once_and_replays_its_outcome() {
        let mut f = Fixture::new();
        let (at, answered, ok) = set_with_id(&mut f, "k", "first", None, "req-1");
        assert_eq!((answered, ok), (at, true));
        f.set("other", "x", None);
        // The retry: the first write's index and outcome, and the value and
        // its modify index untouched (a second apply would have moved it).
        let (retry_at, answered, ok) = set_with_id(&mut f, "k", "second", None, "req-1");
        assert!(retry_at > at);
        assert_eq!((answered, ok), (at, true));
        let (entry, _) = get(&f.sm.engine, "k").unwrap();
        let entry = entry.unwrap();
        assert_eq!(
            (entry.value.as_slice(), entry.modify_index),
            (&b"first"[..], at)
        );
        // A failed check-and-set replays as failed, even once it would hold.
        let (cas_at, _, ok) = set_with_id(&mut f, "k", "cas", Some(at + 100), "req-2");
        assert!(!ok);
        let (_, answered, ok) = set_with_id(&mut f, "k", "cas", Some(at), "req-2");
        assert_eq!((answered, ok), (cas_at, false));
        assert_eq!(get(&f.sm.engine, "k").unwrap().0.unwrap().value, b"first");
        // Another id applies.
        let (at3, answered, ok) = set_with_id(&mut f, "k", "third", None, "req-3");
        assert_eq!((answered, ok), (at3, true));
        assert_eq!(get(&f.sm.engine, "k").unwrap().0.unwrap().value, b"third");
    }

    /// Request ids are forgotten in index order once the window passed
    /// them; one recorded again after it expired keeps its new record.
    #[test]
    fn request_ids_are_forgotten_after_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let record = |id: &str, index: u64, forget_below: u64| {
            let mut w = engine.state_writer();
            w.record_request(id, index, true, forget_below).unwrap();
            w.commit(index).unwrap();
        };
        record("a", 5, 0);
        record("b", 6, 0);
        record("c", 10, 6);
        assert_eq!(engine.applied_request("a").unwrap(), None);
        assert_eq!(engine.applied_request("b").unwrap(), Some((6, true)));
        record("a", 11, 7);
        assert_eq!(engine.applied_request("b").unwrap(), None);
        assert_eq!(engine.applied_request("a").unwrap(), Some((11, true)));
        assert_eq!(engine.applied_request("c").unwrap(), Some((10, true)));
        record("d", 20, 12);
        assert_eq!(engine.applied_request("a").unwrap(), None);
        assert_eq!(engine.applied_request("c").unwrap(), None);
        assert_eq!(engine.applied_request("d").unwrap(), Some((20, true)));
    }

    #[test]
    fn bad_request_ids_are_refused() {
        assert!(crate::state::invalid_request_id("").is_none());
        assert!(crate::state::invalid_request_id("retry-7f3a").is_none());
        assert!(crate::state::invalid_request_id(&"x".repeat(129)).is_some());
        assert!(crate::state::invalid_request_id("has space").is_some());
        assert!(crate::state::invalid_request_id("ctl\u{1}").is_some());
    }
}

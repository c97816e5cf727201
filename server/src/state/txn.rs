//! Transactions: up to 64 KV operations evaluated in order, each seeing the
//! writes of the ones before it (an overlay over the stored state), and
//! written in one batch at one index, or not at all when any fails (every
//! failure is reported, as Consul's do). Read-only transactions run the
//! same evaluation over a read view, without Raft.
//!
//! Messages and results follow Consul's `txn` code: a write answers the
//! entry without its value, a read with it, checks and deletes nothing.

use std::collections::BTreeMap;

use roster_proto::{
    kv::v1::Entry,
    raft::v1::Txn,
    storage::v1::StoredEntry,
    txn::v1::{KvOp, KvVerb, TxnError, TxnOp, TxnResult, txn_op, txn_result},
};

use super::{
    Changes, StateError, StateMachine, TABLE_KV,
    kv::set_entry,
    session::{locked_entry, unlocked_entry},
};
use crate::storage::{SessionTables as _, Source, Tables};

/// What a transaction produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TxnOutcome {
    /// The results, in operation order; empty when rolled back.
    pub results: Vec<TxnResult>,
    /// Every failed operation; empty when applied.
    pub errors: Vec<TxnError>,
}

/// The KV operation of `op`, if it is one.
fn kv_op(op: &TxnOp) -> Option<&KvOp> {
    match &op.op {
        Some(txn_op::Op::Kv(kv)) => Some(kv),
        None => None,
    }
}

/// The KV table as a transaction sees it: what it wrote so far, over the
/// stored state.
struct Overlay<'a, S: Tables> {
    base: &'a S,
    /// Keys written (`Some`) or deleted (`None`) so far, in key order.
    written: BTreeMap<String, Option<StoredEntry>>,
    /// (session, key) locked (true) or released (false), the last word
    /// for each.
    lock_rows: BTreeMap<(String, String), bool>,
}

impl<'a, S: Tables> Overlay<'a, S> {
    fn new(base: &'a S) -> Self {
        Overlay {
            base,
            written: BTreeMap::new(),
            lock_rows: BTreeMap::new(),
        }
    }

    fn get(&self, key: &str) -> Result<Option<StoredEntry>, StateError> {
        match self.written.get(key) {
            Some(entry) => Ok(entry.clone()),
            None => Ok(self.base.kv_get(key)?),
        }
    }

    /// Every entry under `prefix`, in key order.
    fn list(&self, prefix: &str) -> Result<Vec<(String, StoredEntry)>, StateError> {
        let mut merged: BTreeMap<String, StoredEntry> = BTreeMap::new();
        self.base.kv_scan(prefix, |r| {
            merged.insert(r.key, r.entry);
            Ok(true)
        })?;
        for (key, entry) in self.written.range(prefix.to_string()..) {
            if !key.starts_with(prefix) {
                break;
            }
            match entry {
                Some(e) => merged.insert(key.clone(), e.clone()),
                None => merged.remove(key),
            };
        }
        Ok(merged.into_iter().collect())
    }

    fn put(&mut self, key: &str, entry: StoredEntry) {
        self.written.insert(key.to_string(), Some(entry));
    }

    fn delete(&mut self, key: &str) {
        self.written.insert(key.to_string(), None);
    }
}

fn entry(key: &str, e: &StoredEntry, with_value: bool) -> TxnResult {
    TxnResult {
        result: Some(txn_result::Result::Kv(Entry {
            key: key.to_string(),
            value: if with_value {
                e.value.clone()
            } else {
                Vec::new()
            },
            flags: e.flags,
            session: e.session.clone(),
            lock_index: e.lock_index,
            create_index: e.create_index,
            modify_index: e.modify_index,
        })),
    }
}

/// Runs one KV operation against the overlay at `index` (the entry's; for
/// a read-only transaction no write happens). Returns its results, or why
/// it failed.
fn run_kv<S: Tables>(
    o: &mut Overlay<'_, S>,
    op: &KvOp,
    index: u64,
) -> Result<Vec<TxnResult>, String> {
    let fail = |e: StateError| e.to_string();
    let key = op.key.as_str();
    let Ok(verb) = KvVerb::try_from(op.verb) else {
        return Err(format!("unknown KV verb {}", op.verb));
    };
    let existing = o.get(key).map_err(fail)?;
    let written = |o: &mut Overlay<'_, S>, e: StoredEntry| {
        let result = entry(key, &e, false);
        o.put(key, e);
        Ok(vec![result])
    };
    let missing = || format!("key {key:?} doesn't exist");
    match verb {
        KvVerb::Unspecified => Err("unknown KV verb \"\"".to_string()),
        KvVerb::Set | KvVerb::Cas => {
            if verb == KvVerb::Cas {
                let holds = match &existing {
                    None => op.index == 0,
                    Some(e) => op.index != 0 && e.modify_index == op.index,
                };
                if !holds {
                    return Err(format!("failed to set key {key:?}, index is stale"));
                }
            }
            written(
                o,
                set_entry(existing.as_ref(), op.value.clone(), op.flags, index),
            )
        }
        KvVerb::Lock => {
            if op.session.is_empty() {
                return Err("missing session".to_string());
            }
            if o.base
                .session(&op.session)
                .map_err(|e| e.to_string())?
                .is_none()
            {
                return Err(format!("invalid session {:?}", op.session));
            }
            let Some(e) = locked_entry(
                existing.as_ref(),
                &op.session,
                op.value.clone(),
                op.flags,
                index,
            ) else {
                return Err(format!("failed to lock key {key:?}, lock is already held"));
            };
            o.lock_rows
                .insert((op.session.clone(), key.to_string()), true);
            written(o, e)
        }
        KvVerb::Unlock => {
            match unlocked_entry(existing, &op.session, op.value.clone(), op.flags, index) {
                Some(e) => {
                    o.lock_rows
                        .insert((op.session.clone(), key.to_string()), false);
                    written(o, e)
                }
                None => Err(format!(
                    "failed to unlock key {key:?}, lock isn't held, or is held by another session"
                )),
            }
        }
        KvVerb::Get => match existing {
            Some(e) => Ok(vec![entry(key, &e, true)]),
            None => Err(missing()),
        },
        KvVerb::GetTree => Ok(o
            .list(key)
            .map_err(fail)?
            .iter()
            .map(|(k, e)| entry(k, e, true))
            .collect()),
        KvVerb::CheckIndex => match existing {
            Some(e) if e.modify_index == op.index => Ok(vec![entry(key, &e, false)]),
            Some(e) => Err(format!(
                "current modify index {} != {}",
                e.modify_index, op.index
            )),
            None => Err(missing()),
        },
        KvVerb::CheckSession => match existing {
            Some(e) if e.session == op.session => Ok(vec![entry(key, &e, false)]),
            Some(e) => Err(format!(
                "current session {:?} != {:?}",
                e.session, op.session
            )),
            None => Err(missing()),
        },
        KvVerb::CheckNotExists => match existing {
            Some(_) => Err(format!("key {key:?} exists")),
            None => Ok(Vec::new()),
        },
        KvVerb::Delete => {
            if existing.is_some() {
                o.delete(key);
            }
            Ok(Vec::new())
        }
        KvVerb::DeleteTree => {
            for (k, _) in o.list(key).map_err(fail)? {
                o.delete(&k);
            }
            Ok(Vec::new())
        }
        KvVerb::DeleteCas => match existing {
            Some(e) if e.modify_index == op.index => {
                o.delete(key);
                Ok(Vec::new())
            }
            Some(_) => Err(format!("failed to delete key {key:?}, index is stale")),
            None => Ok(Vec::new()),
        },
    }
}

/// Evaluates `ops` in order over `base`; the overlay of what they wrote,
/// and the outcome.
fn evaluate<'a, S: Tables>(
    base: &'a S,
    ops: &[TxnOp],
    index: u64,
) -> Result<(Overlay<'a, S>, TxnOutcome), StateError> {
    let mut overlay = Overlay::new(base);
    let mut outcome = TxnOutcome::default();
    for (at, op) in ops.iter().enumerate() {
        let result = match kv_op(op) {
            Some(kv) => run_kv(&mut overlay, kv, index),
            None => Err("unknown operation".to_string()),
        };
        match result {
            Ok(results) => outcome.results.extend(results),
            Err(what) => outcome.errors.push(TxnError {
                op_index: at as u32,
                what,
            }),
        }
    }
    if !outcome.errors.is_empty() {
        outcome.results.clear();
    }
    Ok((overlay, outcome))
}

/// Runs a read-only transaction over `view`.
pub fn read(view: &impl Source, ops: &[TxnOp]) -> Result<TxnOutcome, StateError> {
    Ok(evaluate(view, ops, 0)?.1)
}

pub(super) fn apply(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: Txn,
) -> Result<(bool, TxnOutcome), StateError> {
    let (overlay, outcome) = evaluate(sm.engine(), &c.ops, index)?;
    if !outcome.errors.is_empty() {
        return Ok((false, outcome));
    }
    let mut changed = false;
    for (key, entry) in &overlay.written {
        match entry {
            Some(e) => ch.w.put_kv(key, e),
            None => {
                ch.w.delete_kv(key);
                ch.w.put_tombstone(key, index);
            }
        }
        ch.wake_kv_key(key.clone());
        changed = true;
    }
    for ((session, key), locked) in &overlay.lock_rows {
        if *locked {
            ch.w.put_session_key(session, key);
        } else {
            ch.w.delete_session_key(session, key);
        }
    }
    if changed {
        ch.w.set_table_index(TABLE_KV, index);
    }
    Ok((true, outcome))
}

#[cfg(test)]
mod tests {
    use roster_proto::{
        catalog::v1::Node,
        raft::v1::{CatalogRegister, KvSet, SessionCreate, command::Command as C},
        session::v1::Session,
    };

    use super::*;
    use crate::{
        state::{WatchHub, encode_command, kv},
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
            let sm = StateMachine::new(Engine::open(dir.path()).unwrap(), WatchHub::new());
            Fixture {
                _dir: dir,
                sm,
                next: 1,
            }
        }

        fn apply(&mut self, c: C) -> crate::state::ApplyOutcome {
            let index = self.next;
            self.next += 1;
            self.sm.apply(index, &encode_command(c)).unwrap()
        }

        fn txn(&mut self, ops: Vec<KvOp>) -> (u64, bool, TxnOutcome) {
            let ops = ops
                .into_iter()
                .map(|kv| TxnOp {
                    op: Some(txn_op::Op::Kv(kv)),
                })
                .collect();
            let out = self.apply(C::Txn(Txn { ops }));
            (out.index, out.success, (*out.txn.unwrap()).clone())
        }

        fn value(&self, key: &str) -> Option<Vec<u8>> {
            kv::get(self.sm.engine(), key).unwrap().0.map(|e| e.value)
        }
    }

    fn op(verb: KvVerb, key: &str, value: &str) -> KvOp {
        KvOp {
            verb: verb as i32,
            key: key.into(),
            value: value.as_bytes().to_vec(),
            ..KvOp::default()
        }
    }

    fn kv_result(r: &TxnResult) -> &Entry {
        match &r.result {
            Some(txn_result::Result::Kv(e)) => e,
            None => panic!("no result"),
        }
    }

    #[test]
    fn operations_see_the_ones_before_them_and_write_at_one_index() {
        let mut f = Fixture::new();
        f.apply(C::KvSet(KvSet {
            key: "t/old".into(),
            value: b"x".to_vec(),
            flags: 0,
            cas_index: None,
        }));
        let (at, ok, out) = f.txn(vec![
            op(KvVerb::Set, "t/a", "1"),
            KvOp {
                index: 0,
                ..op(KvVerb::Cas, "t/b", "2")
            },
            op(KvVerb::Get, "t/a", ""),
            op(KvVerb::Delete, "t/old", ""),
            op(KvVerb::GetTree, "t/", ""),
            op(KvVerb::CheckNotExists, "t/old", ""),
        ]);
        assert!(ok, "{out:?}");
        assert!(out.errors.is_empty());
        // set, cas, get, get-tree (2 entries); delete and check add none.
        assert_eq!(out.results.len(), 5);
        let set = kv_result(&out.results[0]);
        assert_eq!((set.create_index, set.modify_index), (at, at));
        assert!(set.value.is_empty(), "writes answer without the value");
        assert_eq!(kv_result(&out.results[2]).value, b"1", "a read has it");
        let tree: Vec<&str> = out.results[3..]
            .iter()
            .map(|r| kv_result(r).key.as_str())
            .collect();
        assert_eq!(
            tree,
            ["t/a", "t/b"],
            "the deleted key is gone from the tree"
        );
        assert_eq!(f.value("t/a").unwrap(), b"1");
        assert!(f.value("t/old").is_none());
        assert_eq!(f.sm.engine().table_index(TABLE_KV).unwrap(), at);
    }

    #[test]
    fn one_failure_rolls_everything_back_and_every_failure_is_listed() {
        let mut f = Fixture::new();
        let (_, ok, _) = f.txn(vec![op(KvVerb::Set, "k", "v")]);
        assert!(ok);
        let before = f.sm.engine().table_index(TABLE_KV).unwrap();
        let (_, ok, out) = f.txn(vec![
            op(KvVerb::Set, "new", "written?"),
            KvOp {
                index: 999,
                ..op(KvVerb::Cas, "k", "x")
            },
            op(KvVerb::Get, "missing", ""),
            KvOp {
                index: 999,
                ..op(KvVerb::CheckIndex, "k", "")
            },
            op(KvVerb::CheckNotExists, "k", ""),
            KvOp {
                verb: 99,
                ..op(KvVerb::Set, "k", "")
            },
        ]);
        assert!(!ok);
        assert!(out.results.is_empty());
        let errors: Vec<(u32, &str)> = out
            .errors
            .iter()
            .map(|e| (e.op_index, e.what.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                (1, "failed to set key \"k\", index is stale"),
                (2, "key \"missing\" doesn't exist"),
                (3, "current modify index 1 != 999"),
                (4, "key \"k\" exists"),
                (5, "unknown KV verb 99"),
            ]
        );
        assert!(f.value("new").is_none(), "rolled back");
        assert_eq!(f.sm.engine().table_index(TABLE_KV).unwrap(), before);
    }

    #[test]
    fn locks_in_a_transaction_follow_the_lock_rules() {
        let mut f = Fixture::new();
        f.apply(C::CatalogRegister(Box::new(CatalogRegister {
            node: Some(Node {
                node: "n1".into(),
                address: "10.0.0.1".into(),
                ..Node::default()
            }),
            ..CatalogRegister::default()
        })));
        for id in ["s1", "s2"] {
            assert!(
                f.apply(C::SessionCreate(SessionCreate {
                    session: Some(Session {
                        id: id.into(),
                        node: "n1".into(),
                        ..Session::default()
                    }),
                }))
                .success
            );
        }
        let with = |verb, key: &str, session: &str| KvOp {
            session: session.into(),
            ..op(verb, key, "v")
        };
        let (_, ok, out) = f.txn(vec![
            with(KvVerb::Lock, "l", "s1"),
            with(KvVerb::CheckSession, "l", "s1"),
        ]);
        assert!(ok, "{out:?}");
        assert_eq!(kv_result(&out.results[0]).lock_index, 1);
        let (_, ok, out) = f.txn(vec![with(KvVerb::Lock, "l", "s2")]);
        assert!(!ok);
        assert_eq!(
            out.errors[0].what,
            "failed to lock key \"l\", lock is already held"
        );
        let (_, ok, out) = f.txn(vec![with(KvVerb::Lock, "other", "ghost")]);
        assert!(!ok);
        assert_eq!(out.errors[0].what, "invalid session \"ghost\"");
        let (_, ok, out) = f.txn(vec![with(KvVerb::Unlock, "l", "s2")]);
        assert!(!ok, "{out:?}");
        // Unlocked and locked again by another session in one transaction.
        let (_, ok, out) = f.txn(vec![
            with(KvVerb::Unlock, "l", "s1"),
            with(KvVerb::Lock, "l", "s2"),
        ]);
        assert!(ok, "{out:?}");
        let e = kv::get(f.sm.engine(), "l").unwrap().0.unwrap();
        assert_eq!((e.session.as_str(), e.lock_index), ("s2", 2));
        assert_eq!(f.sm.engine().session_keys("s2").unwrap(), ["l"]);
        assert!(f.sm.engine().session_keys("s1").unwrap().is_empty());
    }

    #[test]
    fn read_only_transactions_and_their_detection() {
        let mut f = Fixture::new();
        f.txn(vec![op(KvVerb::Set, "r", "1")]);
        let reads = vec![TxnOp {
            op: Some(txn_op::Op::Kv(op(KvVerb::Get, "r", ""))),
        }];
        assert!(roster_proto::txn::read_only(&reads));
        let out = read(f.sm.engine(), &reads).unwrap();
        assert_eq!(kv_result(&out.results[0]).value, b"1");
        let writes = vec![TxnOp {
            op: Some(txn_op::Op::Kv(op(KvVerb::Delete, "r", ""))),
        }];
        assert!(!roster_proto::txn::read_only(&writes));
        assert!(!roster_proto::txn::read_only(&[TxnOp { op: None }]));
    }
}

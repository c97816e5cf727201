//! Transactions: up to 64 KV, node, service and check operations evaluated
//! in order, each seeing the writes of the ones before it (the entry's
//! [`StateWriter`](crate::storage::StateWriter) tracks what it wrote), and
//! written in one batch at one index, or not at all when any fails (every
//! failure is reported, as Consul's are). Read-only transactions run the
//! same reads over a read view, without Raft.
//!
//! Catalog operations go through the catalog's own apply
//! ([`super::catalog`]), so a node removed in a transaction takes its
//! services, checks and sessions with it (releasing their locks) exactly as
//! a deregistration does. Messages and results follow Consul's `txn` code:
//! a KV write answers the entry without its value, a read with it; a
//! catalog write answers what it wrote; checks and deletes answer nothing.

use roster_proto::{
    catalog::v1::{HealthCheck, Node, Service},
    kv::v1::Entry,
    raft::v1::{CatalogDeregister, CatalogRegister, Txn},
    storage::v1::StoredEntry,
    txn::{
        is_read,
        v1::{
            CatalogVerb, CheckOp, KvOp, KvVerb, NodeOp, ServiceOp, TxnError, TxnOp, TxnResult,
            txn_op::Op, txn_result,
        },
    },
};

use super::{
    Changes, StateError, TABLE_KV,
    catalog::{self, MISSING_NODE, invalid_register},
    kv::set_entry,
    session::{locked_entry, unlocked_entry},
};
use crate::storage::{CatalogTables as _, SessionTables as _, Source, StateWriter, Tables as _};

/// What a transaction produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TxnOutcome {
    /// The results, in operation order; empty when rolled back.
    pub results: Vec<TxnResult>,
    /// Every failed operation; empty when applied.
    pub errors: Vec<TxnError>,
}

impl TxnOutcome {
    fn push(&mut self, at: usize, done: OpResult) {
        match done {
            Ok(results) => self.results.extend(results),
            Err(what) => self.errors.push(TxnError {
                op_index: at as u32,
                what,
            }),
        }
    }
}

/// Never seen: reads are run before writes are looked at.
const NOT_A_WRITE: &str = "not a write";

/// What one operation did: its results, or why it failed.
type OpResult = Result<Vec<TxnResult>, String>;

/// Why a node, service or check operation is refused whatever the state,
/// if it is (checked before proposing; KV operations are checked by the
/// service). Messages are Consul's where it has one.
pub fn invalid_catalog_op(op: &TxnOp) -> Option<String> {
    let writes = |verb: i32| {
        matches!(
            CatalogVerb::try_from(verb),
            Ok(CatalogVerb::Set | CatalogVerb::Cas)
        )
    };
    match &op.op {
        Some(Op::Node(n)) => {
            let Some(node) = &n.node else {
                return Some("Must provide node".into());
            };
            if writes(n.verb) {
                return invalid_register(&CatalogRegister {
                    node: Some(node.clone()),
                    ..CatalogRegister::default()
                });
            }
            let by_id = n.verb == CatalogVerb::Get as i32 && !node.id.is_empty();
            (node.node.is_empty() && !by_id).then(|| "Must provide node".to_string())
        }
        Some(Op::Service(s)) => {
            let Some(service) = &s.service else {
                return Some("Must provide service".into());
            };
            if writes(s.verb) {
                return invalid_register(&on_node(&s.node, Some(service.clone()), Vec::new()));
            }
            if s.node.is_empty() {
                return Some("Must provide node".into());
            }
            (service.id.is_empty() && service.service.is_empty())
                .then(|| "Must provide service ID".to_string())
        }
        Some(Op::Check(c)) => {
            let Some(check) = &c.check else {
                return Some("Must provide check".into());
            };
            if check.node.is_empty() {
                return Some("Must provide node".into());
            }
            if writes(c.verb) {
                return invalid_register(&on_node(&check.node, None, vec![check.clone()]));
            }
            check
                .check_id
                .is_empty()
                .then(|| "Must provide check ID".to_string())
        }
        Some(Op::Kv(_)) => None,
        None => Some("no operation specified".into()),
    }
}

/// A registration of a service or checks on the node named `node` (or on
/// `node` as stored), leaving the node as it is.
fn on_node(node: &str, service: Option<Service>, checks: Vec<HealthCheck>) -> CatalogRegister {
    CatalogRegister {
        node: Some(Node {
            node: node.to_string(),
            ..Node::default()
        }),
        service,
        checks,
        skip_node_update: true,
    }
}

/// Runs a read-only transaction over `view`.
pub fn read(view: &impl Source, ops: &[TxnOp]) -> Result<TxnOutcome, StateError> {
    let mut outcome = TxnOutcome::default();
    for (at, op) in ops.iter().enumerate() {
        let done = read_op(view, op)?
            .unwrap_or_else(|| Err("a read-only transaction cannot write".to_string()));
        outcome.push(at, done);
    }
    if !outcome.errors.is_empty() {
        outcome.results.clear();
    }
    Ok(outcome)
}

pub(super) fn apply(
    ch: &mut Changes,
    index: u64,
    c: Txn,
) -> Result<(bool, TxnOutcome), StateError> {
    if let Some(detail) = c.ops.iter().find_map(unknown_to_this_version) {
        // The services refuse these before proposing: only a newer server
        // proposes them. Failing the operation here while newer servers
        // apply it would diverge; applying stops instead.
        return Err(StateError::UnknownCommand { index, detail });
    }
    ch.w.track();
    let mut outcome = TxnOutcome::default();
    for (at, op) in c.ops.iter().enumerate() {
        let done = match read_op(&ch.w, op)? {
            Some(done) => done,
            None => write_op(ch, op, index)?,
        };
        outcome.push(at, done);
    }
    if !outcome.errors.is_empty() {
        ch.discard();
        outcome.results.clear();
        return Ok((false, outcome));
    }
    Ok((true, outcome))
}

/// What in `op` this version does not know (an operation or verb of a
/// newer one), if anything.
fn unknown_to_this_version(op: &TxnOp) -> Option<String> {
    let catalog = |kind: &str, verb: i32| {
        CatalogVerb::try_from(verb)
            .is_err()
            .then(|| format!("transaction with an unknown {kind} verb {verb}"))
    };
    match &op.op {
        None => Some("transaction with an operation of a newer version".to_string()),
        Some(Op::Kv(kv)) => KvVerb::try_from(kv.verb)
            .is_err()
            .then(|| format!("transaction with an unknown KV verb {}", kv.verb)),
        Some(Op::Node(n)) => catalog("Node", n.verb),
        Some(Op::Service(s)) => catalog("Service", s.verb),
        Some(Op::Check(c)) => catalog("Check", c.verb),
    }
}

/// Runs `op` over `view` if it only reads; `None` if it writes.
fn read_op(view: &impl Source, op: &TxnOp) -> Result<Option<OpResult>, StateError> {
    let get = |verb: i32| verb == CatalogVerb::Get as i32;
    Ok(Some(match &op.op {
        Some(Op::Kv(kv)) => match KvVerb::try_from(kv.verb) {
            Ok(verb) if is_read(verb) => read_kv(view, kv, verb)?,
            _ => return Ok(None),
        },
        Some(Op::Node(n)) if get(n.verb) => {
            let want = n.node.clone().unwrap_or_default();
            match find_node(view, &want)? {
                Some(node) => Ok(vec![node_result(node)]),
                None if want.id.is_empty() => Err(format!("node {:?} doesn't exist", want.node)),
                None => Err(format!("node {:?} doesn't exist", want.id)),
            }
        }
        Some(Op::Service(s)) if get(s.verb) => {
            let id = service_id(s);
            match view.catalog_service(&s.node, &id)? {
                Some(service) => Ok(vec![service_result(service)]),
                None => Err(format!("service {id:?} on node {:?} doesn't exist", s.node)),
            }
        }
        Some(Op::Check(c)) if get(c.verb) => {
            let want = c.check.clone().unwrap_or_default();
            match view.catalog_check(&want.node, &want.check_id)? {
                Some(check) => Ok(vec![check_result(check)]),
                None => Err(format!(
                    "check {:?} on node {:?} doesn't exist",
                    want.check_id, want.node
                )),
            }
        }
        _ => return Ok(None),
    }))
}

fn write_op(ch: &mut Changes, op: &TxnOp, index: u64) -> Result<OpResult, StateError> {
    match &op.op {
        Some(Op::Kv(kv)) => write_kv(ch, kv, index),
        Some(Op::Node(n)) => node_op(ch, n, index),
        Some(Op::Service(s)) => service_op(ch, s, index),
        Some(Op::Check(c)) => check_op(ch, c, index),
        None => Ok(Err("no operation specified".to_string())),
    }
}

fn kv_result(key: &str, e: &StoredEntry, with_value: bool) -> TxnResult {
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

fn node_result(node: Node) -> TxnResult {
    TxnResult {
        result: Some(txn_result::Result::Node(Box::new(node))),
    }
}

fn service_result(service: Service) -> TxnResult {
    TxnResult {
        result: Some(txn_result::Result::Service(Box::new(service))),
    }
}

fn check_result(check: HealthCheck) -> TxnResult {
    TxnResult {
        result: Some(txn_result::Result::Check(Box::new(check))),
    }
}

/// A KV operation that only reads.
fn read_kv(view: &impl Source, op: &KvOp, verb: KvVerb) -> Result<OpResult, StateError> {
    let key = op.key.as_str();
    let missing = || format!("key {key:?} doesn't exist");
    if verb == KvVerb::GetTree {
        let mut results = Vec::new();
        view.kv_scan(key, |r| {
            results.push(kv_result(&r.key, &r.entry, true));
            Ok(true)
        })?;
        return Ok(Ok(results));
    }
    let existing = view.kv_get(key)?;
    Ok(match verb {
        KvVerb::Get => match existing {
            Some(e) => Ok(vec![kv_result(key, &e, true)]),
            None => Err(missing()),
        },
        KvVerb::CheckIndex => match existing {
            Some(e) if e.modify_index == op.index => Ok(vec![kv_result(key, &e, false)]),
            Some(e) => Err(format!(
                "current modify index {} != {}",
                e.modify_index, op.index
            )),
            None => Err(missing()),
        },
        KvVerb::CheckSession => match existing {
            Some(e) if e.session == op.session => Ok(vec![kv_result(key, &e, false)]),
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
        _ => Err(format!("KV verb {} does not only read", op.verb)),
    })
}

/// Writes a KV entry (a set, cas, lock or unlock).
fn put_kv(ch: &mut Changes, key: &str, e: StoredEntry, index: u64) -> OpResult {
    let result = kv_result(key, &e, false);
    ch.w.put_kv(key, &e);
    ch.w.set_table_index(TABLE_KV, index);
    ch.wake_kv_key(key.to_string());
    Ok(vec![result])
}

/// Deletes a KV entry, leaving its tombstone.
fn delete_kv(ch: &mut Changes, key: &str, index: u64) {
    ch.w.delete_kv(key);
    ch.w.put_tombstone(key, index);
    ch.w.set_table_index(TABLE_KV, index);
    ch.wake_kv_key(key.to_string());
}

/// A KV operation that writes.
fn write_kv(ch: &mut Changes, op: &KvOp, index: u64) -> Result<OpResult, StateError> {
    let key = op.key.as_str();
    let Ok(verb) = KvVerb::try_from(op.verb) else {
        return Ok(Err(format!("unknown KV verb {}", op.verb)));
    };
    let existing = ch.w.kv_get(key)?;
    Ok(match verb {
        KvVerb::Set | KvVerb::Cas => {
            if verb == KvVerb::Cas
                && !cas_holds(existing.as_ref().map(|e| e.modify_index), op.index)
            {
                return Ok(Err(format!("failed to set key {key:?}, index is stale")));
            }
            let e = set_entry(existing.as_ref(), op.value.clone(), op.flags, index);
            put_kv(ch, key, e, index)
        }
        KvVerb::Lock => {
            if op.session.is_empty() {
                return Ok(Err("missing session".to_string()));
            }
            if ch.w.session(&op.session)?.is_none() {
                return Ok(Err(format!("invalid session {:?}", op.session)));
            }
            let Some(e) = locked_entry(
                existing.as_ref(),
                &op.session,
                op.value.clone(),
                op.flags,
                index,
            ) else {
                return Ok(Err(format!(
                    "failed to lock key {key:?}, lock is already held"
                )));
            };
            ch.w.put_session_key(&op.session, key);
            put_kv(ch, key, e, index)
        }
        KvVerb::Unlock => {
            match unlocked_entry(existing, &op.session, op.value.clone(), op.flags, index) {
                Some(e) => {
                    ch.w.delete_session_key(&op.session, key);
                    put_kv(ch, key, e, index)
                }
                None => Err(format!(
                    "failed to unlock key {key:?}, lock isn't held, or is held by another session"
                )),
            }
        }
        KvVerb::Delete => {
            if existing.is_some() {
                delete_kv(ch, key, index);
            }
            Ok(Vec::new())
        }
        KvVerb::DeleteTree => {
            let mut keys = Vec::new();
            ch.w.kv_scan_keys(key, |k| {
                keys.push(k.to_string());
                Ok(true)
            })?;
            for k in keys {
                delete_kv(ch, &k, index);
            }
            Ok(Vec::new())
        }
        KvVerb::DeleteCas => match existing {
            Some(e) if e.modify_index == op.index => {
                delete_kv(ch, key, index);
                Ok(Vec::new())
            }
            Some(_) => Err(format!("failed to delete key {key:?}, index is stale")),
            None => Ok(Vec::new()),
        },
        KvVerb::Unspecified => Err("unknown KV verb \"\"".to_string()),
        KvVerb::Get
        | KvVerb::GetTree
        | KvVerb::CheckIndex
        | KvVerb::CheckSession
        | KvVerb::CheckNotExists => Err(NOT_A_WRITE.to_string()),
    })
}

/// Consul's check-and-set rule: index 0 asks that the row not exist, any
/// other that it exist with that modify index.
fn cas_holds(current: Option<u64>, want: u64) -> bool {
    match current {
        None => want == 0,
        Some(modify_index) => want != 0 && modify_index == want,
    }
}

/// The node `want` names: by ID when it has one, else by name.
fn find_node(view: &impl Source, want: &Node) -> Result<Option<Node>, StateError> {
    if !want.id.is_empty() {
        return match view.catalog_node_by_id(&want.id)? {
            Some(name) => Ok(view.catalog_node(&name)?),
            None => Ok(None),
        };
    }
    Ok(view.catalog_node(&want.node)?)
}

/// The ID a service operation names (the name when no ID is given).
fn service_id(op: &ServiceOp) -> String {
    let service = op.service.as_ref();
    match service.map(|s| s.id.as_str()) {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => service.map(|s| s.service.clone()).unwrap_or_default(),
    }
}

fn catalog_verb(verb: i32) -> Option<CatalogVerb> {
    CatalogVerb::try_from(verb)
        .ok()
        .filter(|v| *v != CatalogVerb::Unspecified)
}

/// A node, service or check write, as [`catalog_write`] runs it.
struct CatalogWrite {
    verb: CatalogVerb,
    /// How messages name the row: `node "n"`, `service "s" on node "n"`.
    named: String,
    /// The row's modify index now, if it exists.
    current: Option<u64>,
    /// The modify index the CAS verbs ask for.
    want: u64,
    /// What delete and delete-cas remove.
    deregister: CatalogDeregister,
}

/// Runs a set, cas, delete or delete-cas of one catalog row: Consul's CAS
/// rules, then the catalog's own register (made by `register`, or why it
/// cannot be) or deregister. Set and cas answer the row as written
/// (`written`), deletes nothing.
fn catalog_write(
    ch: &mut Changes,
    index: u64,
    w: CatalogWrite,
    register: impl FnOnce(&StateWriter<'_>) -> Result<Result<CatalogRegister, String>, StateError>,
    written: impl FnOnce(&StateWriter<'_>) -> Result<Option<TxnResult>, StateError>,
) -> Result<OpResult, StateError> {
    let stale = |what: &str| Ok(Err(format!("failed to {what} {}, index is stale", w.named)));
    match w.verb {
        CatalogVerb::Set | CatalogVerb::Cas => {
            if w.verb == CatalogVerb::Cas && !cas_holds(w.current, w.want) {
                return stale("set");
            }
            let register = match register(&ch.w)? {
                Ok(register) => register,
                Err(why) => return Ok(Err(why)),
            };
            if let Err(why) = catalog::register(ch, index, register)? {
                return Ok(Err(why));
            }
            Ok(Ok(written(&ch.w)?.into_iter().collect()))
        }
        CatalogVerb::Delete | CatalogVerb::DeleteCas => {
            if w.verb == CatalogVerb::DeleteCas && w.current != Some(w.want) {
                return stale("delete");
            }
            catalog::apply_deregister(ch, index, w.deregister)?;
            Ok(Ok(Vec::new()))
        }
        CatalogVerb::Get | CatalogVerb::Unspecified => Ok(Err(NOT_A_WRITE.to_string())),
    }
}

/// A registration of a service or check on the stored node `name`, or
/// Consul's answer when there is no such node.
fn on_stored_node(
    view: &StateWriter<'_>,
    name: &str,
    service: Option<Service>,
    checks: Vec<HealthCheck>,
) -> Result<Result<CatalogRegister, String>, StateError> {
    let Some(node) = view.catalog_node(name)? else {
        return Ok(Err(MISSING_NODE.to_string()));
    };
    let mut register = on_node(&node.node, service, checks);
    register.node = Some(node);
    Ok(Ok(register))
}

fn node_op(ch: &mut Changes, op: &NodeOp, index: u64) -> Result<OpResult, StateError> {
    let Some(verb) = catalog_verb(op.verb) else {
        return Ok(Err(format!("unknown Node verb {}", op.verb)));
    };
    let node = op.node.clone().unwrap_or_default();
    let w = CatalogWrite {
        verb,
        named: format!("node {:?}", node.node),
        current: ch.w.catalog_node(&node.node)?.map(|n| n.modify_index),
        want: node.modify_index,
        deregister: CatalogDeregister {
            node: node.node.clone(),
            ..CatalogDeregister::default()
        },
    };
    let register = CatalogRegister {
        node: Some(node.clone()),
        ..CatalogRegister::default()
    };
    catalog_write(
        ch,
        index,
        w,
        |_| Ok(Ok(register)),
        |view| Ok(find_node(view, &node)?.map(node_result)),
    )
}

fn service_op(ch: &mut Changes, op: &ServiceOp, index: u64) -> Result<OpResult, StateError> {
    let Some(verb) = catalog_verb(op.verb) else {
        return Ok(Err(format!("unknown Service verb {}", op.verb)));
    };
    let id = service_id(op);
    let mut service = op.service.clone().unwrap_or_default();
    let w = CatalogWrite {
        verb,
        named: format!("service {id:?} on node {:?}", op.node),
        current: ch.w.catalog_service(&op.node, &id)?.map(|s| s.modify_index),
        want: service.modify_index,
        deregister: CatalogDeregister {
            node: op.node.clone(),
            service_id: id.clone(),
            ..CatalogDeregister::default()
        },
    };
    service.id.clone_from(&id);
    catalog_write(
        ch,
        index,
        w,
        |view| on_stored_node(view, &op.node, Some(service), Vec::new()),
        |view| Ok(view.catalog_service(&op.node, &id)?.map(service_result)),
    )
}

fn check_op(ch: &mut Changes, op: &CheckOp, index: u64) -> Result<OpResult, StateError> {
    let Some(verb) = catalog_verb(op.verb) else {
        return Ok(Err(format!("unknown Check verb {}", op.verb)));
    };
    let check = op.check.clone().unwrap_or_default();
    let (node, id) = (check.node.clone(), check.check_id.clone());
    let w = CatalogWrite {
        verb,
        named: format!("check {id:?} on node {node:?}"),
        current: ch.w.catalog_check(&node, &id)?.map(|c| c.modify_index),
        want: check.modify_index,
        deregister: CatalogDeregister {
            node: node.clone(),
            check_id: id.clone(),
            ..CatalogDeregister::default()
        },
    };
    catalog_write(
        ch,
        index,
        w,
        |view| on_stored_node(view, &node, None, vec![check]),
        |view| Ok(view.catalog_check(&node, &id)?.map(check_result)),
    )
}

#[cfg(test)]
mod tests {
    use roster_proto::{
        raft::v1::{KvSet, SessionCreate, command::Command as C},
        session::v1::Session,
        txn::v1::txn_op,
    };

    use super::*;
    use crate::{
        state::{StateMachine, WatchHub, encode_command, kv},
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

    /// A transaction operation deleting node `name`.
    fn delete_node(name: &str) -> TxnOp {
        TxnOp {
            op: Some(txn_op::Op::Node(Box::new(NodeOp {
                verb: CatalogVerb::Delete as i32,
                node: Some(Node {
                    node: name.into(),
                    ..Node::default()
                }),
            }))),
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
            other => panic!("not a KV result: {other:?}"),
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
            ]
        );
        assert!(f.value("new").is_none(), "rolled back");
        assert_eq!(f.sm.engine().table_index(TABLE_KV).unwrap(), before);
        // An operation or verb of a newer version stops applying (failing
        // it while newer servers apply it would diverge).
        for unknown in [
            TxnOp { op: None },
            TxnOp {
                op: Some(txn_op::Op::Kv(KvOp {
                    verb: 99,
                    ..op(KvVerb::Set, "k", "")
                })),
            },
        ] {
            let data = encode_command(C::Txn(Txn { ops: vec![unknown] }));
            assert!(matches!(
                f.sm.apply(f.next, &data),
                Err(StateError::UnknownCommand { .. })
            ));
        }
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

    #[test]
    fn deleting_a_node_releases_its_sessions_locks_for_later_operations_and_rollback_undoes_it_all()
    {
        let mut f = Fixture::new();
        for (name, address) in [("n1", "10.0.0.1"), ("n2", "10.0.0.2")] {
            f.apply(C::CatalogRegister(Box::new(CatalogRegister {
                node: Some(Node {
                    node: name.into(),
                    address: address.into(),
                    ..Node::default()
                }),
                ..CatalogRegister::default()
            })));
        }
        for (id, node) in [("s1", "n1"), ("s2", "n2")] {
            assert!(
                f.apply(C::SessionCreate(SessionCreate {
                    session: Some(Session {
                        id: id.into(),
                        node: node.into(),
                        lock_delay_ns: Some(30_000_000_000),
                        ..Session::default()
                    }),
                }))
                .success
            );
        }
        let lock = |session: &str| TxnOp {
            op: Some(txn_op::Op::Kv(KvOp {
                session: session.into(),
                ..op(KvVerb::Lock, "leader", session)
            })),
        };
        let delete_n1 = delete_node("N1");
        let out = f.apply(C::Txn(Txn {
            ops: vec![lock("s1")],
        }));
        assert!(out.success);
        let fails = TxnOp {
            op: Some(txn_op::Op::Kv(op(KvVerb::Get, "missing", ""))),
        };

        // Rolled back: the node, the session and its lock stay, and no
        // lock-delay was set.
        let out = f.apply(C::Txn(Txn {
            ops: vec![delete_n1.clone(), lock("s2"), fails],
        }));
        assert!(!out.success);
        assert_eq!(out.txn.unwrap().errors.len(), 1, "only the failed get");
        assert!(f.sm.engine().catalog_node("n1").unwrap().is_some());
        assert!(f.sm.engine().session("s1").unwrap().is_some());
        let e = kv::get(f.sm.engine(), "leader").unwrap().0.unwrap();
        assert_eq!(e.session, "s1");
        assert!(f.sm.lock_delays().remaining("leader").is_none());

        // Applied: the lock s1 lost is taken by s2 in the same entry.
        let out = f.apply(C::Txn(Txn {
            ops: vec![delete_n1, lock("s2")],
        }));
        assert!(out.success, "{:?}", out.txn);
        let e = kv::get(f.sm.engine(), "leader").unwrap().0.unwrap();
        assert_eq!((e.session.as_str(), e.lock_index), ("s2", 2));
        assert!(f.sm.engine().catalog_node("n1").unwrap().is_none());
        assert!(f.sm.engine().session("s1").unwrap().is_none());
        assert!(f.sm.engine().session_keys("s1").unwrap().is_empty());
        assert_eq!(f.sm.engine().session_keys("s2").unwrap(), ["leader"]);
        assert!(
            f.sm.lock_delays().remaining("leader").is_some(),
            "set once written"
        );
    }

    #[test]
    fn a_lock_taken_then_released_by_deleting_its_node_in_one_transaction() {
        let mut f = Fixture::new();
        f.apply(C::CatalogRegister(Box::new(CatalogRegister {
            node: Some(Node {
                node: "n1".into(),
                address: "10.0.0.1".into(),
                ..Node::default()
            }),
            ..CatalogRegister::default()
        })));
        assert!(
            f.apply(C::SessionCreate(SessionCreate {
                session: Some(Session {
                    id: "s1".into(),
                    node: "n1".into(),
                    ..Session::default()
                }),
            }))
            .success
        );
        let kv = |verb, key: &str| TxnOp {
            op: Some(txn_op::Op::Kv(KvOp {
                session: "s1".into(),
                ..op(verb, key, "v")
            })),
        };
        let delete_n1 = delete_node("n1");
        // The lock written earlier in the entry is found (through the
        // writer's merged scan of the session's held keys) and released.
        let out = f.apply(C::Txn(Txn {
            ops: vec![
                kv(KvVerb::Lock, "a"),
                kv(KvVerb::Lock, "b"),
                delete_n1,
                kv(KvVerb::Get, "a"),
            ],
        }));
        assert!(out.success, "{:?}", out.txn);
        for key in ["a", "b"] {
            let e = kv::get(f.sm.engine(), key).unwrap().0.unwrap();
            assert_eq!((e.session.as_str(), e.lock_index), ("", 1), "{key}");
        }
        assert!(f.sm.engine().session("s1").unwrap().is_none());
        assert!(f.sm.engine().session_keys("s1").unwrap().is_empty());
        let results = out.txn.unwrap().results.clone();
        let read = kv_result(results.last().unwrap());
        assert_eq!(
            read.session, "",
            "the read after the delete sees it released"
        );
    }

    #[test]
    fn a_rolled_back_transaction_is_remembered_by_its_request_id() {
        let f = Fixture::new();
        let ops = vec![
            TxnOp {
                op: Some(txn_op::Op::Kv(op(KvVerb::Set, "written", "v"))),
            },
            TxnOp {
                op: Some(txn_op::Op::Kv(op(KvVerb::Get, "missing", ""))),
            },
        ];
        let data = crate::state::encode_request(C::Txn(Txn { ops }), "txn-1".into());
        let first = f.sm.apply(f.next, &data).unwrap();
        assert!(!first.success);
        assert_eq!(f.sm.applied_index().unwrap(), f.next, "the index moves");
        // A retry (another entry with the same id) answers the first
        // outcome and writes nothing.
        let again = f.sm.apply(f.next + 1, &data).unwrap();
        assert_eq!((again.index, again.success), (first.index, false));
        assert!(f.value("written").is_none());
    }

    #[test]
    fn several_operations_on_one_service_name_leave_its_index_row_right() {
        use crate::state::catalog::{TABLE_SERVICES, service_index_key};
        let mut f = Fixture::new();
        for (name, address) in [("n1", "10.0.0.1"), ("n2", "10.0.0.2")] {
            f.apply(C::CatalogRegister(Box::new(CatalogRegister {
                node: Some(Node {
                    node: name.into(),
                    address: address.into(),
                    ..Node::default()
                }),
                ..CatalogRegister::default()
            })));
        }
        let service = |verb: CatalogVerb, node: &str, id: &str| TxnOp {
            op: Some(txn_op::Op::Service(Box::new(ServiceOp {
                verb: verb as i32,
                node: node.into(),
                service: Some(Service {
                    id: id.into(),
                    service: "web".into(),
                    ..Service::default()
                }),
            }))),
        };
        let row = |f: &Fixture| {
            f.sm.engine()
                .table_index(&service_index_key("web"))
                .unwrap()
        };
        let out = f.apply(C::Txn(Txn {
            ops: vec![service(CatalogVerb::Set, "n1", "web1")],
        }));
        assert_eq!(row(&f), out.index);
        // Moved from n1 to n2 in one entry: the name keeps instances, so its
        // row stays, at the entry's index.
        let out = f.apply(C::Txn(Txn {
            ops: vec![
                service(CatalogVerb::Set, "n2", "web2"),
                service(CatalogVerb::Delete, "n1", "web1"),
            ],
        }));
        assert!(out.success, "{:?}", out.txn);
        assert_eq!(row(&f), out.index);
        // Registered and removed again in one entry, and the last instance
        // removed: no instance left, no row; readers take the table's index.
        let out = f.apply(C::Txn(Txn {
            ops: vec![
                service(CatalogVerb::Set, "n1", "web3"),
                service(CatalogVerb::Delete, "n1", "web3"),
                service(CatalogVerb::Delete, "n2", "web2"),
            ],
        }));
        assert!(out.success, "{:?}", out.txn);
        assert_eq!(row(&f), 0, "the row of a name with no instance is gone");
        assert_eq!(
            f.sm.engine().table_index(TABLE_SERVICES).unwrap(),
            out.index
        );
        assert_eq!(
            crate::state::catalog::service_index(f.sm.engine(), "web").unwrap(),
            out.index
        );
    }

    #[test]
    fn catalog_operations_missing_what_they_name_are_refused_before_proposing() {
        let node = |name: &str, address: &str| Node {
            node: name.into(),
            address: address.into(),
            ..Node::default()
        };
        let node_op = |verb: CatalogVerb, n: Option<Node>| TxnOp {
            op: Some(txn_op::Op::Node(Box::new(NodeOp {
                verb: verb as i32,
                node: n,
            }))),
        };
        let check_op = |verb: CatalogVerb, n: &str, id: &str| TxnOp {
            op: Some(txn_op::Op::Check(Box::new(CheckOp {
                verb: verb as i32,
                check: Some(HealthCheck {
                    node: n.into(),
                    check_id: id.into(),
                    ..HealthCheck::default()
                }),
            }))),
        };
        let refused = [
            (node_op(CatalogVerb::Get, None), "Must provide node"),
            (
                node_op(CatalogVerb::Delete, Some(node("", ""))),
                "Must provide node",
            ),
            (
                node_op(CatalogVerb::Set, Some(node("n", ""))),
                "Must provide address if SkipNodeUpdate is not set",
            ),
            (check_op(CatalogVerb::Set, "n", ""), "Must provide check ID"),
            (check_op(CatalogVerb::Delete, "", "c"), "Must provide node"),
            (TxnOp { op: None }, "no operation specified"),
        ];
        for (op, why) in refused {
            assert_eq!(invalid_catalog_op(&op).as_deref(), Some(why), "{op:?}");
        }
        let by_id = node_op(
            CatalogVerb::Get,
            Some(Node {
                id: "0f5a0a6e-8a8b-4f9e-9a43-1c0f3e0b7a11".into(),
                ..Node::default()
            }),
        );
        assert_eq!(
            invalid_catalog_op(&by_id),
            None,
            "a get may name the ID only"
        );
        assert_eq!(
            invalid_catalog_op(&node_op(CatalogVerb::Set, Some(node("n", "10.0.0.1")))),
            None
        );
    }
}

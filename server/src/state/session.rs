//! Sessions and KV locks: applying `Session*`, `KvLock` and `KvUnlock`, the
//! invalidation every cause shares (destroy, TTL, node or check gone or
//! critical), and lock-delay.
//!
//! Whether a lock may be taken is decided here, from the replicated state
//! only (the key's holder, the session's existence), the same way on every
//! server: two sessions can never hold one key. Lock-delay is the one
//! exception, by design (Consul's): each server keeps, in memory, when each
//! released key may be locked again, and the leader refuses an acquire
//! before proposing it; it is advice to well-behaved clients, not part of
//! the safety of the lock.

use std::{
    collections::{BTreeSet, HashMap},
    sync::Mutex,
    time::{Duration, Instant},
};

use roster_proto::{
    catalog::v1::HealthStatus,
    raft::v1::{KvLock, KvUnlock, SessionCreate, SessionDestroy},
    session::{
        effective_lock_delay,
        v1::{Behavior, Session},
    },
    storage::v1::StoredEntry,
};

use super::{Changes, StateError, StateMachine, TABLE_KV};
use crate::storage::{CatalogTables, SessionTables, Source, Tables as _};

/// Name of the sessions table in the table-index records.
pub const TABLE_SESSIONS: &str = "sessions";

/// When keys released by an invalidated session may be locked again (on
/// this server; not replicated, not in snapshots).
#[derive(Debug, Default)]
pub struct LockDelays {
    until: Mutex<HashMap<String, Instant>>,
}

impl LockDelays {
    /// Keeps `key` from being locked for `delay`.
    pub fn set(&self, key: &str, delay: Duration) {
        if delay.is_zero() {
            return;
        }
        let until = Instant::now() + delay;
        let mut map = self.until.lock().expect("lock-delay map");
        // Forget the ones that ran out, now and then.
        if map.len() >= 1024 {
            let now = Instant::now();
            map.retain(|_, t| *t > now);
        }
        let entry = map.entry(key.to_string()).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// How long `key` must still wait, if it must.
    pub fn remaining(&self, key: &str) -> Option<Duration> {
        let mut map = self.until.lock().expect("lock-delay map");
        let until = *map.get(key)?;
        let now = Instant::now();
        if until <= now {
            map.remove(key);
            return None;
        }
        Some(until - now)
    }
}

/// Why `session` cannot be created in the state `view` shows, if it cannot
/// (Consul's messages). Applying a create checks the same, so a state that
/// changed after the check refuses it on every server.
pub fn create_problem(view: &impl Source, session: &Session) -> Result<Option<String>, StateError> {
    if view.catalog_node(&session.node)?.is_none() {
        return Ok(Some(format!(
            "Missing node registration: node {:?} is not in the catalog",
            session.node
        )));
    }
    let checks = session
        .node_checks
        .iter()
        .map(|c| (c.as_str(), false))
        .chain(session.service_checks.iter().map(|c| (c.id.as_str(), true)));
    for (id, of_service) in checks {
        let Some(check) = view.catalog_check(&session.node, id)? else {
            return Ok(Some(format!("Missing check '{id}' registration")));
        };
        if of_service == check.service_id.is_empty() {
            let want = if of_service { "a service" } else { "a node" };
            return Ok(Some(format!("Check '{id}' is not {want} check")));
        }
        if check.status == HealthStatus::Critical as i32 {
            return Ok(Some(format!("Check '{id}' is in critical state")));
        }
    }
    Ok(None)
}

pub(super) fn apply_create(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: SessionCreate,
) -> Result<bool, StateError> {
    let Some(mut session) = c.session else {
        return Ok(false);
    };
    let engine = sm.engine();
    if session.id.is_empty()
        || engine.session(&session.id)?.is_some()
        || create_problem(engine, &session)?.is_some()
    {
        return Ok(false);
    }
    session.create_index = index;
    session.modify_index = index;
    ch.w.put_session(&session);
    touch(ch, index);
    Ok(true)
}

pub(super) fn apply_destroy(
    ch: &mut Changes,
    index: u64,
    c: SessionDestroy,
) -> Result<bool, StateError> {
    invalidate(ch, index, BTreeSet::from([c.id]))?;
    Ok(true)
}

/// Marks the sessions table changed at `index`.
fn touch(ch: &mut Changes, index: u64) {
    ch.w.set_table_index(TABLE_SESSIONS, index);
    ch.wake_table(TABLE_SESSIONS);
}

/// Invalidates sessions: each is removed, and each key it holds is released
/// (its holder cleared, its modify index moved) or deleted, as the
/// session's behavior says, and given the session's lock-delay.
pub(super) fn invalidate(
    ch: &mut Changes,
    index: u64,
    ids: BTreeSet<String>,
) -> Result<(), StateError> {
    let mut removed_any = false;
    let mut kv_changed = false;
    for id in ids {
        let Some(session) = ch.w.session(&id)? else {
            continue;
        };
        let keys = ch.w.session_keys(&id)?;
        let delay = effective_lock_delay(&session);
        for key in &keys {
            let Some(entry) = ch.w.kv_get(key)? else {
                continue;
            };
            if entry.session != id {
                continue;
            }
            if session.behavior() == Behavior::Delete {
                ch.w.delete_kv(key);
                ch.w.put_tombstone(key, index);
            } else {
                ch.w.put_kv(
                    key,
                    &StoredEntry {
                        session: String::new(),
                        modify_index: index,
                        ..entry
                    },
                );
            }
            ch.lock_delay(key.clone(), delay);
            ch.wake_kv_key(key.clone());
            kv_changed = true;
        }
        ch.w.delete_session(&session, &keys);
        removed_any = true;
    }
    if kv_changed {
        ch.w.set_table_index(TABLE_KV, index);
    }
    if removed_any {
        touch(ch, index);
    }
    Ok(())
}

/// The lock rule, the one place it is decided: the entry `key` gets when
/// `session` takes its lock at `index` writing `value` and `flags`, or
/// `None` when another session holds it. A new holder raises the lock
/// index by one (a new key starts at 1); the holder writing again keeps it.
pub(super) fn locked_entry(
    existing: Option<&StoredEntry>,
    session: &str,
    value: Vec<u8>,
    flags: u64,
    index: u64,
) -> Option<StoredEntry> {
    let (lock_index, create_index) = match existing {
        None => (1, index),
        Some(e) if e.session == session => (e.lock_index, e.create_index),
        Some(e) if e.session.is_empty() => (e.lock_index + 1, e.create_index),
        Some(_) => return None,
    };
    Some(StoredEntry {
        value,
        flags,
        session: session.to_string(),
        lock_index,
        create_index,
        modify_index: index,
    })
}

/// The release rule: the entry `key` gets when `session` releases its lock
/// at `index` writing `value` and `flags`, or `None` when the key is
/// missing or `session` does not hold it.
pub(super) fn unlocked_entry(
    existing: Option<StoredEntry>,
    session: &str,
    value: Vec<u8>,
    flags: u64,
    index: u64,
) -> Option<StoredEntry> {
    let existing = existing?;
    if session.is_empty() || existing.session != session {
        return None;
    }
    Some(StoredEntry {
        value,
        flags,
        session: String::new(),
        modify_index: index,
        ..existing
    })
}

pub(super) fn apply_lock(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: KvLock,
) -> Result<bool, StateError> {
    let engine = sm.engine();
    if c.session.is_empty() || engine.session(&c.session)?.is_none() {
        return Ok(false);
    }
    let existing = engine.kv_get(&c.key)?;
    let Some(entry) = locked_entry(existing.as_ref(), &c.session, c.value, c.flags, index) else {
        return Ok(false);
    };
    ch.w.put_kv(&c.key, &entry);
    ch.w.put_session_key(&c.session, &c.key);
    ch.w.set_table_index(TABLE_KV, index);
    ch.wake_kv_key(c.key);
    Ok(true)
}

pub(super) fn apply_unlock(
    sm: &StateMachine,
    ch: &mut Changes,
    index: u64,
    c: KvUnlock,
) -> Result<bool, StateError> {
    let existing = sm.engine().kv_get(&c.key)?;
    let Some(entry) = unlocked_entry(existing, &c.session, c.value, c.flags, index) else {
        return Ok(false);
    };
    ch.w.put_kv(&c.key, &entry);
    ch.w.delete_session_key(&c.session, &c.key);
    ch.w.set_table_index(TABLE_KV, index);
    ch.wake_kv_key(c.key);
    Ok(true)
}

/// One session and the sessions table's index (Consul reports the table's
/// index for every session read).
pub fn get(view: &impl Source, id: &str) -> Result<(Option<Session>, u64), StateError> {
    Ok((view.session(id)?, table_index(view)?))
}

/// Every session (of `node`, when given), by ID, and the table's index.
pub fn list(view: &impl Source, node: Option<&str>) -> Result<(Vec<Session>, u64), StateError> {
    let mut sessions = Vec::new();
    match node {
        Some(node) => {
            for id in view.node_session_ids(node)? {
                if let Some(s) = view.session(&id)? {
                    sessions.push(s);
                }
            }
            sessions.sort_by(|a, b| a.id.cmp(&b.id));
        }
        None => view.sessions(|s| {
            sessions.push(s);
            Ok(true)
        })?,
    }
    Ok((sessions, table_index(view)?))
}

fn table_index(view: &impl Source) -> Result<u64, StateError> {
    Ok(view.table_index(TABLE_SESSIONS)?.max(1))
}

#[cfg(test)]
mod tests {
    use roster_proto::{
        catalog::v1::{HealthCheck, Node, Service},
        raft::v1::{CatalogDeregister, CatalogRegister, KvSet, command::Command as C},
        session::v1::ServiceCheck,
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
        /// A state with node `n1` (checks `serfHealth` passing, `web` a
        /// passing service check of service `web`).
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let sm = StateMachine::new(Engine::open(dir.path()).unwrap(), WatchHub::new());
            let mut f = Fixture {
                _dir: dir,
                sm,
                next: 1,
            };
            f.register(vec![
                check("serfHealth", "", HealthStatus::Passing),
                check("web-check", "web", HealthStatus::Passing),
            ]);
            f
        }

        fn apply(&mut self, c: C) -> (u64, bool) {
            let index = self.next;
            self.next += 1;
            (
                index,
                self.sm.apply(index, &encode_command(c)).unwrap().success,
            )
        }

        fn register(&mut self, checks: Vec<HealthCheck>) -> (u64, bool) {
            self.apply(C::CatalogRegister(Box::new(CatalogRegister {
                node: Some(Node {
                    node: "n1".into(),
                    address: "10.0.0.1".into(),
                    ..Node::default()
                }),
                service: Some(Service {
                    id: "web".into(),
                    service: "web".into(),
                    ..Service::default()
                }),
                checks,
                skip_node_update: false,
            })))
        }

        fn create(&mut self, id: &str, behavior: Behavior, checks: &[&str]) -> bool {
            self.create_session(Session {
                id: id.into(),
                node: "n1".into(),
                behavior: behavior as i32,
                lock_delay_ns: Some(0),
                node_checks: checks.iter().map(|c| c.to_string()).collect(),
                ..Session::default()
            })
        }

        fn create_session(&mut self, session: Session) -> bool {
            self.apply(C::SessionCreate(SessionCreate {
                session: Some(session),
            }))
            .1
        }

        fn lock(&mut self, key: &str, session: &str) -> (u64, bool) {
            self.apply(C::KvLock(KvLock {
                key: key.into(),
                value: b"held".to_vec(),
                flags: 7,
                session: session.into(),
            }))
        }

        fn unlock(&mut self, key: &str, session: &str) -> (u64, bool) {
            self.apply(C::KvUnlock(KvUnlock {
                key: key.into(),
                value: b"free".to_vec(),
                flags: 8,
                session: session.into(),
            }))
        }

        fn entry(&self, key: &str) -> Option<StoredEntry> {
            kv::get(self.sm.engine(), key).unwrap().0
        }

        fn session(&self, id: &str) -> Option<Session> {
            get(self.sm.engine(), id).unwrap().0
        }
    }

    fn check(id: &str, service: &str, status: HealthStatus) -> HealthCheck {
        HealthCheck {
            check_id: id.into(),
            name: id.into(),
            service_id: service.into(),
            status: status as i32,
            ..HealthCheck::default()
        }
    }

    #[test]
    fn a_session_needs_its_node_and_healthy_checks() {
        let mut f = Fixture::new();
        assert!(f.create("a", Behavior::Release, &["serfHealth"]));
        let s = f.session("a").unwrap();
        assert_eq!((s.create_index, s.modify_index), (2, 2));
        // The same ID twice, an unknown node, a missing check, a service
        // check named as a node check: refused, nothing written.
        assert!(!f.create("a", Behavior::Release, &[]));
        let mut other_node = Session {
            id: "b".into(),
            node: "ghost".into(),
            ..Session::default()
        };
        assert!(!f.create_session(other_node.clone()));
        other_node.node = "N1".into();
        assert!(f.create_session(other_node), "node names match in any case");
        assert!(!f.create("c", Behavior::Release, &["nope"]));
        assert!(!f.create("c", Behavior::Release, &["web-check"]));
        assert!(f.create_session(Session {
            id: "c".into(),
            node: "n1".into(),
            service_checks: vec![ServiceCheck {
                id: "web-check".into(),
                namespace: String::new(),
            }],
            ..Session::default()
        }));
        // A critical check cannot back a new session.
        f.register(vec![check("serfHealth", "", HealthStatus::Critical)]);
        assert!(!f.create("d", Behavior::Release, &["serfHealth"]));
        assert_eq!(
            create_problem(
                f.sm.engine(),
                &Session {
                    node: "n1".into(),
                    node_checks: vec!["serfHealth".into()],
                    ..Session::default()
                }
            )
            .unwrap()
            .as_deref(),
            Some("Check 'serfHealth' is in critical state")
        );
        let (sessions, _) = list(f.sm.engine(), None).unwrap();
        let ids: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"], "a went with serfHealth going critical");
    }

    #[test]
    fn lock_index_counts_new_acquisitions_and_no_key_has_two_holders() {
        let mut f = Fixture::new();
        assert!(f.create("a", Behavior::Release, &[]));
        assert!(f.create("b", Behavior::Release, &[]));
        let (at, ok) = f.lock("k", "a");
        assert!(ok);
        let e = f.entry("k").unwrap();
        assert_eq!(
            (e.session.as_str(), e.lock_index, e.create_index, e.flags),
            ("a", 1, at, 7)
        );
        // The holder again: written, not newly acquired.
        let (again, ok) = f.lock("k", "a");
        assert!(ok);
        let e = f.entry("k").unwrap();
        assert_eq!((e.lock_index, e.modify_index), (1, again));
        // Another session: refused; an unknown one too.
        assert!(!f.lock("k", "b").1);
        assert!(!f.lock("k", "ghost").1);
        assert!(!f.lock("other", "ghost").1);
        assert!(f.entry("other").is_none());
        assert_eq!(f.entry("k").unwrap().session, "a");
        // Only the holder releases; the value and flags are written.
        assert!(!f.unlock("k", "b").1);
        assert!(!f.unlock("missing", "a").1);
        let (released, ok) = f.unlock("k", "a");
        assert!(ok);
        let e = f.entry("k").unwrap();
        assert_eq!(
            (
                e.session.as_str(),
                e.lock_index,
                e.modify_index,
                e.value.as_slice(),
                e.flags
            ),
            ("", 1, released, &b"free"[..], 8)
        );
        // A new acquisition by another session.
        assert!(f.lock("k", "b").1);
        assert_eq!(f.entry("k").unwrap().lock_index, 2);
        // A plain write keeps the holder and the lock index.
        f.apply(C::KvSet(KvSet {
            key: "k".into(),
            value: b"plain".to_vec(),
            flags: 0,
            cas_index: None,
        }));
        let e = f.entry("k").unwrap();
        assert_eq!((e.session.as_str(), e.lock_index), ("b", 2));
    }

    #[test]
    fn invalidation_releases_or_deletes_what_a_session_held() {
        let mut f = Fixture::new();
        assert!(f.create("rel", Behavior::Release, &[]));
        assert!(f.create("del", Behavior::Delete, &[]));
        f.lock("r/1", "rel");
        f.lock("r/2", "rel");
        f.lock("d/1", "del");
        // A key the session held, then released: not touched again.
        f.lock("r/3", "rel");
        let (freed, _) = f.unlock("r/3", "rel");
        let before = f.entry("r/1").unwrap();
        let (at, ok) = f.apply(C::SessionDestroy(SessionDestroy { id: "rel".into() }));
        assert!(ok);
        assert!(f.session("rel").is_none());
        let after = f.entry("r/1").unwrap();
        assert_eq!(after.session, "");
        assert_eq!(after.modify_index, at);
        assert_eq!(
            (after.value, after.lock_index, after.create_index),
            (before.value, before.lock_index, before.create_index)
        );
        assert_eq!(f.entry("r/2").unwrap().session, "");
        assert_eq!(f.entry("r/3").unwrap().modify_index, freed);
        assert!(f.entry("d/1").is_some());
        f.apply(C::SessionDestroy(SessionDestroy { id: "del".into() }));
        assert!(f.entry("d/1").is_none(), "behavior delete deletes");
        // Destroying an unknown session changes nothing and succeeds.
        let before = f.sm.engine().table_index(TABLE_SESSIONS).unwrap();
        assert!(
            f.apply(C::SessionDestroy(SessionDestroy { id: "ghost".into() }))
                .1
        );
        assert_eq!(f.sm.engine().table_index(TABLE_SESSIONS).unwrap(), before);
        // Its held-key rows went with it.
        assert!(f.sm.engine().session_keys("rel").unwrap().is_empty());
    }

    #[test]
    fn a_check_going_critical_or_away_and_a_node_leaving_invalidate_sessions() {
        let mut f = Fixture::new();
        assert!(f.create("on-serf", Behavior::Release, &["serfHealth"]));
        assert!(f.create_session(Session {
            id: "on-web".into(),
            node: "n1".into(),
            service_checks: vec![ServiceCheck {
                id: "web-check".into(),
                namespace: String::new(),
            }],
            ..Session::default()
        }));
        assert!(f.create("bare", Behavior::Release, &[]));
        f.lock("k", "on-serf");
        // Warning does not invalidate; critical does.
        f.register(vec![check("serfHealth", "", HealthStatus::Warning)]);
        assert!(f.session("on-serf").is_some());
        let (at, _) = f.register(vec![check("serfHealth", "", HealthStatus::Critical)]);
        assert!(f.session("on-serf").is_none());
        let e = f.entry("k").unwrap();
        assert_eq!((e.session.as_str(), e.modify_index), ("", at));
        // The service (and its check) deregistered.
        f.apply(C::CatalogDeregister(CatalogDeregister {
            node: "n1".into(),
            service_id: "web".into(),
            check_id: String::new(),
        }));
        assert!(f.session("on-web").is_none());
        assert!(f.session("bare").is_some());
        // The node deregistered: every session of it goes.
        f.apply(C::CatalogDeregister(CatalogDeregister {
            node: "n1".into(),
            service_id: String::new(),
            check_id: String::new(),
        }));
        assert!(f.session("bare").is_none());
        assert!(list(f.sm.engine(), None).unwrap().0.is_empty());
    }

    #[test]
    fn lock_delay_is_set_on_invalidation_only() {
        let mut f = Fixture::new();
        assert!(f.create_session(Session {
            id: "a".into(),
            node: "n1".into(),
            lock_delay_ns: Some(60_000_000_000),
            ..Session::default()
        }));
        f.lock("released", "a");
        f.unlock("released", "a");
        assert!(f.sm.lock_delays().remaining("released").is_none());
        f.lock("held", "a");
        f.apply(C::SessionDestroy(SessionDestroy { id: "a".into() }));
        let left = f.sm.lock_delays().remaining("held").unwrap();
        assert!(left > Duration::from_secs(59) && left <= Duration::from_secs(60));
        let delays = LockDelays::default();
        delays.set("k", Duration::ZERO);
        assert!(delays.remaining("k").is_none());
    }
}

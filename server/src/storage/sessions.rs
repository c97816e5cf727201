//! The sessions table: sessions and the rows that index them, in one column
//! family with a one-byte row kind.
//!
//! Node names and check IDs are matched case-insensitively, as in the
//! catalog (keys hold them lowercased); session IDs are UUIDs.
//!
//! | key | value |
//! |---|---|
//! | `s<id>` | `Session` |
//! | `n<node>\0<id>` | empty: sessions by node |
//! | `c<node>\0<check id>\0<id>` | empty: sessions by check they are tied to |
//! | `k<id>\0<key>` | empty: KV keys the session took the lock of |
//!
//! A `k` row may outlive the lock it records (the key was deleted, and
//! perhaps written and locked again by another session): whoever reads
//! them checks the key's holder. They go with the session.

use prost::Message as _;
use roster_proto::session::v1::Session;

use super::{CF_SESSIONS, Result, Source, StateWriter, StorageError};

const SESSION: u8 = b's';
const BY_NODE: u8 = b'n';
const BY_CHECK: u8 = b'c';
const HELD_KEY: u8 = b'k';

fn row(kind: u8, parts: &[&str], last: &str) -> Vec<u8> {
    let mut k = vec![kind];
    for part in parts {
        k.extend(part.to_lowercase().bytes());
        k.push(0);
    }
    k.extend_from_slice(last.as_bytes());
    k
}

fn decode_session(bytes: &[u8]) -> Result<Session> {
    Session::decode(bytes).map_err(|e| StorageError::Corrupt {
        cf: CF_SESSIONS,
        detail: e.to_string(),
    })
}

fn tail(cf_key: &[u8], prefix_len: usize) -> Result<String> {
    String::from_utf8(cf_key[prefix_len..].to_vec()).map_err(|e| StorageError::Corrupt {
        cf: CF_SESSIONS,
        detail: e.to_string(),
    })
}

/// The checks a session is tied to, as (node, check ID) pairs.
fn tied_checks(s: &Session) -> impl Iterator<Item = &str> {
    s.node_checks
        .iter()
        .map(String::as_str)
        .chain(s.service_checks.iter().map(|c| c.id.as_str()))
}

/// Session reads, from the engine or a view.
pub trait SessionTables: Source {
    /// One session.
    fn session(&self, id: &str) -> Result<Option<Session>> {
        self.get_raw(CF_SESSIONS, &row(SESSION, &[], id))?
            .map(|v| decode_session(&v))
            .transpose()
    }

    /// Every session, by ID, until `f` returns false.
    fn sessions(&self, mut f: impl FnMut(Session) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_SESSIONS, &[SESSION], &mut |_, v| f(decode_session(v)?))
    }

    /// The IDs of a node's sessions.
    fn node_session_ids(&self, node: &str) -> Result<Vec<String>> {
        self.tails(&row(BY_NODE, &[node], ""))
    }

    /// The IDs of the sessions tied to a check of `node`.
    fn check_session_ids(&self, node: &str, check: &str) -> Result<Vec<String>> {
        self.tails(&row(BY_CHECK, &[node, check], ""))
    }

    /// The keys a session took the lock of (some may since be deleted or
    /// released: check the key's holder).
    fn session_keys(&self, id: &str) -> Result<Vec<String>> {
        self.tails(&row(HELD_KEY, &[id], ""))
    }

    /// What follows `prefix` in each index row under it.
    fn tails(&self, prefix: &[u8]) -> Result<Vec<String>> {
        let mut found = Vec::new();
        self.scan_raw(CF_SESSIONS, prefix, &mut |k, _| {
            found.push(tail(k, prefix.len())?);
            Ok(true)
        })?;
        Ok(found)
    }
}

impl<T: Source + ?Sized> SessionTables for T {}

impl StateWriter<'_> {
    /// Writes a session with its index rows.
    pub fn put_session(&mut self, s: &Session) {
        self.put_row(CF_SESSIONS, row(SESSION, &[], &s.id), s.encode_to_vec());
        self.put_row(CF_SESSIONS, row(BY_NODE, &[&s.node], &s.id), []);
        for check in tied_checks(s) {
            self.put_row(CF_SESSIONS, row(BY_CHECK, &[&s.node, check], &s.id), []);
        }
    }

    /// Deletes a session, its index rows and its held-key rows `keys`.
    pub fn delete_session(&mut self, s: &Session, keys: &[String]) {
        self.delete_row(CF_SESSIONS, row(SESSION, &[], &s.id));
        self.delete_row(CF_SESSIONS, row(BY_NODE, &[&s.node], &s.id));
        for check in tied_checks(s) {
            self.delete_row(CF_SESSIONS, row(BY_CHECK, &[&s.node, check], &s.id));
        }
        for key in keys {
            self.delete_row(CF_SESSIONS, row(HELD_KEY, &[&s.id], key));
        }
    }

    /// Records that session `id` took the lock of `key`.
    pub fn put_session_key(&mut self, id: &str, key: &str) {
        self.put_row(CF_SESSIONS, row(HELD_KEY, &[id], key), []);
    }

    /// Forgets that session `id` holds `key` (released).
    pub fn delete_session_key(&mut self, id: &str, key: &str) {
        self.delete_row(CF_SESSIONS, row(HELD_KEY, &[id], key));
    }
}

/// A restored row with its indexes no greater than `index`; `None` if it
/// does not decode.
pub fn clamp_row(key: &[u8], value: &[u8], index: u64) -> Option<Vec<u8>> {
    match key.first()? {
        &SESSION => {
            let mut s = decode_session(value).ok()?;
            s.create_index = s.create_index.min(index);
            s.modify_index = s.modify_index.min(index);
            Some(s.encode_to_vec())
        }
        &BY_NODE | &BY_CHECK | &HELD_KEY => Some(value.to_vec()),
        _ => None,
    }
}

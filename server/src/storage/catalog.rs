//! The catalog table: nodes, service instances and health checks, in one
//! column family with a one-byte row kind, plus the rows that index them.
//!
//! Names and IDs are matched case-insensitively, as Consul's memdb indexes
//! do: keys hold them lowercased, rows keep them as registered.
//!
//! | key | value |
//! |---|---|
//! | `n<node>` | `Node` |
//! | `d<node id>` | the node's name (node IDs are unique) |
//! | `s<node>\0<service id>` | `Service` |
//! | `x<service name>\0<node>\0<service id>` | empty: instances by service name |
//! | `c<node>\0<check id>` | `HealthCheck` |

use prost::Message as _;
use roster_proto::catalog::v1::{HealthCheck, Node, Service};

use super::{CF_CATALOG, Result, Source, StateWriter, StorageError};

const NODE: u8 = b'n';
const NODE_ID: u8 = b'd';
const SERVICE: u8 = b's';
const SERVICE_NAME: u8 = b'x';
const CHECK: u8 = b'c';

/// The key of a row kind over lowercased parts joined by NUL.
fn key(kind: u8, parts: &[&str]) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + parts.iter().map(|p| p.len() + 1).sum::<usize>());
    k.push(kind);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            k.push(0);
        }
        k.extend(part.to_lowercase().bytes());
    }
    k
}

/// The key prefix of every row of a kind under `parts` (each followed by a NUL).
fn prefix(kind: u8, parts: &[&str]) -> Vec<u8> {
    let mut k = key(kind, parts);
    k.push(0);
    k
}

fn decode<T: prost::Message + Default>(bytes: &[u8]) -> Result<T> {
    T::decode(bytes).map_err(|e| StorageError::Corrupt {
        cf: CF_CATALOG,
        detail: e.to_string(),
    })
}

/// Whether a name can be a key part: no NUL (the separator).
pub fn valid_key_part(s: &str) -> bool {
    !s.contains('\0')
}

/// Catalog reads, from the engine or a view.
pub trait CatalogTables: Source {
    /// One node, by name (any case).
    fn catalog_node(&self, name: &str) -> Result<Option<Node>> {
        self.get_raw(CF_CATALOG, &key(NODE, &[name]))?
            .map(|v| decode(&v))
            .transpose()
    }

    /// The name of the node holding node ID `id`, if any.
    fn catalog_node_by_id(&self, id: &str) -> Result<Option<String>> {
        self.get_raw(CF_CATALOG, &key(NODE_ID, &[id]))?
            .map(|v| {
                String::from_utf8(v).map_err(|e| StorageError::Corrupt {
                    cf: CF_CATALOG,
                    detail: e.to_string(),
                })
            })
            .transpose()
    }

    /// Calls `f` with every node, by lowercased name, until it returns false.
    fn catalog_nodes(&self, mut f: impl FnMut(Node) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_CATALOG, &[NODE], &mut |_, v| f(decode(v)?))
    }

    /// One service instance.
    fn catalog_service(&self, node: &str, id: &str) -> Result<Option<Service>> {
        self.get_raw(CF_CATALOG, &key(SERVICE, &[node, id]))?
            .map(|v| decode(&v))
            .transpose()
    }

    /// Calls `f` with the service instances of `node` (every node's when
    /// `None`), by node then ID, with the node's name as stored in the key
    /// (lowercased).
    fn catalog_services(
        &self,
        node: Option<&str>,
        mut f: impl FnMut(&str, Service) -> Result<bool>,
    ) -> Result<()> {
        let p = node.map_or_else(|| vec![SERVICE], |n| prefix(SERVICE, &[n]));
        self.scan_raw(CF_CATALOG, &p, &mut |k, v| {
            let node = key_part(&k[1..], 0)?;
            f(node, decode(v)?)
        })
    }

    /// Calls `f` with `(node, service id)` (lowercased) of every instance of
    /// service `name`, by node then ID.
    fn catalog_instances_of(
        &self,
        name: &str,
        mut f: impl FnMut(&str, &str) -> Result<bool>,
    ) -> Result<()> {
        self.scan_raw(CF_CATALOG, &prefix(SERVICE_NAME, &[name]), &mut |k, _| {
            f(key_part(&k[1..], 1)?, key_part(&k[1..], 2)?)
        })
    }

    /// One check.
    fn catalog_check(&self, node: &str, id: &str) -> Result<Option<HealthCheck>> {
        self.get_raw(CF_CATALOG, &key(CHECK, &[node, id]))?
            .map(|v| decode(&v))
            .transpose()
    }

    /// Calls `f` with the checks of `node` (every node's when `None`), by
    /// node then ID.
    fn catalog_checks(
        &self,
        node: Option<&str>,
        mut f: impl FnMut(HealthCheck) -> Result<bool>,
    ) -> Result<()> {
        let p = node.map_or_else(|| vec![CHECK], |n| prefix(CHECK, &[n]));
        self.scan_raw(CF_CATALOG, &p, &mut |_, v| f(decode(v)?))
    }
}

impl<S: Source + ?Sized> CatalogTables for S {}

/// The `i`th NUL-separated part of a key (without its kind byte).
fn key_part(rest: &[u8], i: usize) -> Result<&str> {
    let part = rest
        .split(|b| *b == 0)
        .nth(i)
        .ok_or_else(|| StorageError::Corrupt {
            cf: CF_CATALOG,
            detail: "short key".into(),
        })?;
    std::str::from_utf8(part).map_err(|e| StorageError::Corrupt {
        cf: CF_CATALOG,
        detail: e.to_string(),
    })
}

impl StateWriter<'_> {
    /// Writes a node (and the row of its ID, if it has one).
    pub fn put_node(&mut self, node: &Node) {
        self.put_row(CF_CATALOG, key(NODE, &[&node.node]), node.encode_to_vec());
        if !node.id.is_empty() {
            self.put_row(CF_CATALOG, key(NODE_ID, &[&node.id]), node.node.as_bytes());
        }
    }

    /// Deletes a node's row and the row of its ID.
    pub fn delete_node(&mut self, node: &Node) {
        self.delete_row(CF_CATALOG, key(NODE, &[&node.node]));
        if !node.id.is_empty() {
            self.delete_row(CF_CATALOG, key(NODE_ID, &[&node.id]));
        }
    }

    /// Deletes the row of a node ID (the node's ID changed).
    pub fn delete_node_id(&mut self, id: &str) {
        self.delete_row(CF_CATALOG, key(NODE_ID, &[id]));
    }

    /// Writes a service instance of `node` and its name's index row.
    /// `previous_name`: the name it was registered under before, if it
    /// changed.
    pub fn put_service(&mut self, node: &str, service: &Service, previous_name: Option<&str>) {
        if let Some(old) = previous_name {
            self.delete_row(CF_CATALOG, key(SERVICE_NAME, &[old, node, &service.id]));
        }
        self.put_row(
            CF_CATALOG,
            key(SERVICE, &[node, &service.id]),
            service.encode_to_vec(),
        );
        self.put_row(
            CF_CATALOG,
            key(SERVICE_NAME, &[&service.service, node, &service.id]),
            [],
        );
    }

    /// Deletes a service instance of `node` and its index row.
    pub fn delete_service(&mut self, node: &str, service: &Service) {
        self.delete_row(CF_CATALOG, key(SERVICE, &[node, &service.id]));
        self.delete_row(
            CF_CATALOG,
            key(SERVICE_NAME, &[&service.service, node, &service.id]),
        );
    }

    /// Writes a check (of its node).
    pub fn put_check(&mut self, check: &HealthCheck) {
        self.put_row(
            CF_CATALOG,
            key(CHECK, &[&check.node, &check.check_id]),
            check.encode_to_vec(),
        );
    }

    /// Deletes a check.
    pub fn delete_check(&mut self, node: &str, check_id: &str) {
        self.delete_row(CF_CATALOG, key(CHECK, &[node, check_id]));
    }
}

/// A restored catalog row with its indexes no greater than `index`; `None`
/// if it does not decode.
pub fn clamp_row(key: &[u8], value: &[u8], index: u64) -> Option<Vec<u8>> {
    match key.first()? {
        &NODE => {
            let mut n: Node = decode(value).ok()?;
            n.create_index = n.create_index.min(index);
            n.modify_index = n.modify_index.min(index);
            Some(n.encode_to_vec())
        }
        &SERVICE => {
            let mut s: Service = decode(value).ok()?;
            s.create_index = s.create_index.min(index);
            s.modify_index = s.modify_index.min(index);
            Some(s.encode_to_vec())
        }
        &CHECK => {
            let mut c: HealthCheck = decode(value).ok()?;
            c.create_index = c.create_index.min(index);
            c.modify_index = c.modify_index.min(index);
            Some(c.encode_to_vec())
        }
        &NODE_ID | &SERVICE_NAME => Some(value.to_vec()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lowercased_and_separated() {
        assert_eq!(key(SERVICE, &["Node-A", "Web"]), b"snode-a\0web".to_vec());
        assert_eq!(prefix(CHECK, &["N"]), b"cn\0".to_vec());
        let k = key(SERVICE_NAME, &["Web", "Node", "web-1"]);
        assert_eq!(key_part(&k[1..], 0).unwrap(), "web");
        assert_eq!(key_part(&k[1..], 1).unwrap(), "node");
        assert_eq!(key_part(&k[1..], 2).unwrap(), "web-1");
        assert!(key_part(&k[1..], 3).is_err());
    }

    #[test]
    fn a_node_prefix_does_not_match_a_longer_name() {
        // "web" must not scan the services of "web2".
        let p = prefix(SERVICE, &["web"]);
        assert!(!key(SERVICE, &["web2", "x"]).starts_with(&p));
        assert!(key(SERVICE, &["web", "x"]).starts_with(&p));
    }
}

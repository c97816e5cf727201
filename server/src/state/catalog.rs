//! The catalog: applying `CatalogRegister` and `CatalogDeregister`, the
//! rules a registration follows, and the indexes readers block on.
//!
//! Indexes (Consul's): the `nodes`, `services` and `checks` tables each
//! have one, and every service name has its own (`service/<name>`), moved
//! by any change to what a health query of that service returns: its
//! instances, their checks, their nodes and those nodes' checks. So a
//! watcher of one service is woken ([`crate::state::WatchTarget::Service`])
//! by changes to that service only.
//!
//! A registration is checked whole before anything is written: one that
//! does not fit the current state (a check naming a service the node does
//! not have, a node ID held by another node) changes nothing and reports
//! `success: false`. An identical registration changes nothing either and
//! moves no index, so anti-entropy's periodic full syncs wake nobody.
//!
//! A check registered critical, a check, service or node removed: the
//! sessions tied to them (or of that node) are invalidated in the same
//! entry ([`super::session`]).

use std::collections::BTreeSet;

use roster_proto::{
    catalog::v1::{HealthCheck, HealthStatus, Node, Service},
    raft::v1::{CatalogDeregister, CatalogRegister},
};

use super::{Changes, StateError, WatchTarget, coordinate::TABLE_COORDINATES};
use crate::storage::{CatalogTables as _, SessionTables as _, Source, Tables as _};

/// Name of the nodes table (table index and watch target).
pub const TABLE_NODES: &str = "nodes";
/// Name of the services table.
pub const TABLE_SERVICES: &str = "services";
/// Name of the checks table.
pub const TABLE_CHECKS: &str = "checks";
/// Table-index row under which a restore records its index: no catalog
/// query may report less from then on (restored rows keep older indexes).
pub const CATALOG_INDEX_FLOOR: &str = "catalog_index_floor";

/// Why a service or check on a node that is not registered is refused
/// (Consul's `ErrMissingNode`).
pub const MISSING_NODE: &str = "Missing node registration";

/// Why a check naming a service its node does not have is refused
/// (Consul's `ErrMissingService`).
pub const MISSING_SERVICE: &str = "Missing service registration";

/// The table-index row of one service name.
pub fn service_index_key(name: &str) -> String {
    format!("service/{}", name.to_lowercase())
}

/// Longest node name, service name or ID, check ID.
pub const MAX_NAME: usize = 512;
/// Most metadata pairs on a node or a service (Consul's limit).
pub const MAX_META_PAIRS: usize = 64;
/// Longest metadata key (Consul's limit).
pub const MAX_META_KEY: usize = 128;
/// Longest metadata value (Consul's limit).
pub const MAX_META_VALUE: usize = 512;

/// Why a metadata map is refused, if it is: Consul's limits, with its
/// messages. `reserved_ok` allows the `consul-` prefix (agents set their own
/// node's `consul-network-segment` and `consul-version`).
pub fn invalid_meta(
    meta: &std::collections::BTreeMap<String, String>,
    reserved_ok: bool,
) -> Option<String> {
    if meta.len() > MAX_META_PAIRS {
        return Some(format!(
            "Node metadata cannot contain more than {MAX_META_PAIRS} key/value pairs"
        ));
    }
    for (key, value) in meta {
        if key.is_empty() {
            return Some("Key cannot be blank".into());
        }
        if !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Some(format!(
                "Key contains invalid characters (only alphanumerics, '_' and '-' are allowed): {key:?}"
            ));
        }
        if key.len() > MAX_META_KEY {
            return Some(format!(
                "Key is too long (limit: {MAX_META_KEY} characters)"
            ));
        }
        if !reserved_ok && key.starts_with("consul-") {
            return Some(format!(
                "Key prefix 'consul-' is reserved for internal use: {key:?}"
            ));
        }
        if value.len() > MAX_META_VALUE {
            return Some(format!(
                "Value is too long (limit: {MAX_META_VALUE} characters)"
            ));
        }
    }
    None
}

fn invalid_name(what: &str, name: &str) -> Option<String> {
    if name.len() > MAX_NAME {
        return Some(format!("{what} is longer than {MAX_NAME} bytes"));
    }
    (!crate::storage::catalog::valid_key_part(name))
        .then(|| format!("{what} contains a NUL character"))
}

/// Why a registration is refused whatever the catalog holds, if it is.
/// Messages are Consul's where it has one.
pub fn invalid_register(c: &CatalogRegister) -> Option<String> {
    let Some(node) = &c.node else {
        return Some("Must provide node".into());
    };
    if node.node.is_empty() {
        return Some("Must provide node".into());
    }
    if node.address.is_empty() && !c.skip_node_update {
        return Some("Must provide address if SkipNodeUpdate is not set".into());
    }
    if !node.id.is_empty() && uuid::Uuid::parse_str(&node.id).is_err() {
        return Some(format!("Bad node ID: {:?}", node.id));
    }
    if let Some(why) = invalid_name("Node name", &node.node) {
        return Some(why);
    }
    if let Some(why) = invalid_meta(&node.meta, true) {
        return Some(why);
    }
    if let Some(s) = &c.service {
        if s.service.is_empty() {
            return Some("Must provide service name with ID".into());
        }
        if let Some(why) = invalid_name("Service name", &s.service)
            .or_else(|| invalid_name("Service ID", &s.id))
            .or_else(|| invalid_meta(&s.meta, false))
        {
            return Some(why);
        }
        if let Some(w) = &s.weights
            && (w.passing < 1 || w.warning < 0)
        {
            return Some("Passing must be greater than 0 and Warning must not be negative".into());
        }
    }
    for check in &c.checks {
        if check.check_id.is_empty() {
            return Some("Must provide check ID".into());
        }
        if !check.node.is_empty() && !check.node.eq_ignore_ascii_case(&node.node) {
            return Some("Node name mismatch".into());
        }
        if let Some(why) = invalid_name("Check ID", &check.check_id)
            .or_else(|| invalid_name("Service ID", &check.service_id))
        {
            return Some(why);
        }
    }
    None
}

/// What one entry changed, to set indexes and wake watchers once.
#[derive(Default)]
struct Touched {
    nodes: bool,
    services: bool,
    checks: bool,
    coordinates: bool,
    /// Lowercased service names whose index moves.
    names: BTreeSet<String>,
    /// The node changed (itself, its services or its checks).
    node: Option<String>,
    /// Instances (lowercased name, node, ID) this entry adds and removes:
    /// a name left with none loses its index row.
    added: BTreeSet<(String, String, String)>,
    removed: BTreeSet<(String, String, String)>,
}

fn instance(name: &str, node: &str, id: &str) -> (String, String, String) {
    (name.to_lowercase(), node.to_lowercase(), id.to_lowercase())
}

impl Touched {
    /// Whether service `name` has an instance once this entry is written.
    fn has_instances(&self, view: &impl Source, name: &str) -> Result<bool, StateError> {
        if self.added.iter().any(|(n, _, _)| n == name) {
            return Ok(true);
        }
        let mut any = false;
        view.catalog_instances_of(name, |node, id| {
            any = !self
                .removed
                .contains(&(name.to_string(), node.to_string(), id.to_string()));
            Ok(!any)
        })?;
        Ok(any)
    }

    fn finish(self, ch: &mut Changes, index: u64) -> Result<(), StateError> {
        for (changed, table) in [
            (self.nodes, TABLE_NODES),
            (self.services, TABLE_SERVICES),
            (self.checks, TABLE_CHECKS),
            (self.coordinates, TABLE_COORDINATES),
        ] {
            if changed {
                ch.w.set_table_index(table, index);
                ch.wake_table(table);
            }
        }
        for name in &self.names {
            // A name with no instance left loses its row (its readers take
            // the services table's index, set above), so rows do not pile
            // up with every name ever used.
            if self.has_instances(&ch.w, name)? {
                ch.w.set_table_index(&service_index_key(name), index);
            } else {
                ch.w.delete_table_index(&service_index_key(name));
            }
            ch.wake(WatchTarget::Service(name.clone()));
        }
        if let Some(node) = self.node
            && (self.nodes || self.services || self.checks)
        {
            ch.wake(WatchTarget::Node(node.to_lowercase()));
        }
        Ok(())
    }
}

/// The lowercased names of the services on `node`.
fn service_names_on(source: &impl Source, node: &str) -> Result<Vec<String>, StateError> {
    let mut names = Vec::new();
    source.catalog_services(Some(node), |_, s| {
        names.push(s.service.to_lowercase());
        Ok(true)
    })?;
    Ok(names)
}

/// Sets `new`'s indexes from `old` (created then, modified then) and says
/// whether anything else differs; if so its modify index becomes `index`.
macro_rules! settle {
    ($new:expr, $old:expr, $index:expr) => {{
        let new = &mut $new;
        new.create_index = $old.as_ref().map_or($index, |o| o.create_index);
        new.modify_index = $old.as_ref().map_or($index, |o| o.modify_index);
        let changed = $old.as_ref() != Some(&*new);
        if changed {
            new.modify_index = $index;
        }
        changed
    }};
}

pub(super) fn apply_register(
    ch: &mut Changes,
    index: u64,
    c: CatalogRegister,
) -> Result<bool, StateError> {
    Ok(register(ch, index, c)?.is_ok())
}

/// Applies a registration, or says why it does not fit the state (nothing
/// is written then).
pub(super) fn register(
    ch: &mut Changes,
    index: u64,
    c: CatalogRegister,
) -> Result<Result<(), String>, StateError> {
    if let Some(why) = invalid_register(&c) {
        // Checked before proposing; refused the same way on every server.
        return Ok(Err(why));
    }
    let mut node = c.node.unwrap_or_default();
    let old_node = ch.w.catalog_node(&node.node)?;
    if let Some(old) = &old_node {
        // The node keeps the name it was first registered under.
        node.node = old.node.clone();
    }
    if !node.id.is_empty()
        && let Some(holder) = ch.w.catalog_node_by_id(&node.id)?
        && !holder.eq_ignore_ascii_case(&node.node)
    {
        return Ok(Err(format!(
            "node ID {:?} is registered to node {holder:?}",
            node.id
        )));
    }
    // Everything is checked before anything is written.
    let mut service = c.service;
    if let Some(s) = service.as_mut()
        && s.id.is_empty()
    {
        s.id = s.service.clone();
    }
    let mut checks = Vec::with_capacity(c.checks.len());
    for mut check in c.checks {
        check.node = node.node.clone();
        if check.status == HealthStatus::Unspecified as i32 {
            check.status = HealthStatus::Critical as i32;
        }
        if !check.service_id.is_empty() {
            let owner = match &service {
                Some(s) if s.id.eq_ignore_ascii_case(&check.service_id) => Some(s.clone()),
                _ => ch.w.catalog_service(&node.node, &check.service_id)?,
            };
            let Some(owner) = owner else {
                return Ok(Err(MISSING_SERVICE.to_string()));
            };
            check.service_id = owner.id;
            check.service_name = owner.service;
            check.service_tags = owner.tags;
        } else {
            check.service_name.clear();
            check.service_tags.clear();
        }
        checks.push(check);
    }

    let mut touched = Touched {
        node: Some(node.node.clone()),
        ..Touched::default()
    };
    // Sessions tied to a check registered critical.
    let mut doomed = BTreeSet::new();
    let mut node_services = None;
    if c.skip_node_update
        && let Some(old) = &old_node
    {
        node = old.clone();
    } else if settle!(node, old_node, index) {
        if let Some(old) = &old_node
            && !old.id.is_empty()
            && !old.id.eq_ignore_ascii_case(&node.id)
        {
            ch.w.delete_node_id(&old.id);
        }
        ch.w.put_node(&node);
        touched.nodes = true;
        // A node's change changes the health of everything on it.
        let names = service_names_on(&ch.w, &node.node)?;
        touched.names.extend(names.iter().cloned());
        node_services = Some(names);
    }
    if let Some(mut s) = service {
        let old = ch.w.catalog_service(&node.node, &s.id)?;
        if let Some(o) = &old {
            s.id = o.id.clone();
        }
        if settle!(s, old, index) {
            let renamed = old
                .as_ref()
                .filter(|o| !o.service.eq_ignore_ascii_case(&s.service));
            ch.w.put_service(&node.node, &s, renamed.map(|o| o.service.as_str()));
            touched
                .added
                .insert(instance(&s.service, &node.node, &s.id));
            if let Some(o) = renamed {
                touched
                    .removed
                    .insert(instance(&o.service, &node.node, &o.id));
            }
            touched.services = true;
            touched.names.insert(s.service.to_lowercase());
            if let Some(o) = renamed {
                touched.names.insert(o.service.to_lowercase());
            }
        }
    }
    for mut check in checks {
        let old = ch.w.catalog_check(&node.node, &check.check_id)?;
        if let Some(o) = &old {
            check.check_id = o.check_id.clone();
        }
        if check.status == HealthStatus::Critical as i32 {
            doomed.extend(ch.w.check_session_ids(&node.node, &check.check_id)?);
        }
        if settle!(check, old, index) {
            ch.w.put_check(&check);
            touched.checks = true;
            if check.service_id.is_empty() {
                let names = match &node_services {
                    Some(names) => names.clone(),
                    None => service_names_on(&ch.w, &node.node)?,
                };
                touched.names.extend(names);
            } else {
                touched.names.insert(check.service_name.to_lowercase());
            }
            // A check that moved from one service to another.
            if let Some(o) = &old
                && !o.service_name.is_empty()
            {
                touched.names.insert(o.service_name.to_lowercase());
            }
        }
    }
    touched.finish(ch, index)?;
    super::session::invalidate(ch, index, doomed)?;
    Ok(Ok(()))
}

pub(super) fn apply_deregister(
    ch: &mut Changes,
    index: u64,
    c: CatalogDeregister,
) -> Result<bool, StateError> {
    let Some(node) = ch.w.catalog_node(&c.node)? else {
        // Nothing to remove: not an error (Consul answers true).
        return Ok(true);
    };
    let mut touched = Touched {
        node: Some(node.node.clone()),
        ..Touched::default()
    };
    // Sessions tied to a check that goes, or of the node that goes.
    let mut doomed = BTreeSet::new();
    if !c.service_id.is_empty() {
        if let Some(service) = ch.w.catalog_service(&node.node, &c.service_id)? {
            delete_service(ch, &node, &service, &mut touched, &mut doomed)?;
        }
    } else if !c.check_id.is_empty() {
        if let Some(check) = ch.w.catalog_check(&node.node, &c.check_id)? {
            doomed.extend(ch.w.check_session_ids(&node.node, &check.check_id)?);
            ch.w.delete_check(&node.node, &check.check_id);
            touched.checks = true;
            if check.service_id.is_empty() {
                touched.names.extend(service_names_on(&ch.w, &node.node)?);
            } else {
                touched.names.insert(check.service_name.to_lowercase());
            }
        }
    } else {
        let mut services = Vec::new();
        ch.w.catalog_services(Some(&node.node), |_, s| {
            services.push(s);
            Ok(true)
        })?;
        for service in &services {
            delete_service(ch, &node, service, &mut touched, &mut doomed)?;
        }
        doomed.extend(ch.w.node_session_ids(&node.node)?);
        // The node's own checks (its services' went with them).
        let mut checks = Vec::new();
        ch.w.catalog_checks(Some(&node.node), |check| {
            checks.push(check.check_id);
            Ok(true)
        })?;
        for id in checks {
            ch.w.delete_check(&node.node, &id);
            touched.checks = true;
        }
        let mut segments = Vec::new();
        ch.w.coordinates(Some(&node.node), |coord| {
            segments.push(coord.segment);
            Ok(true)
        })?;
        for segment in segments {
            ch.w.delete_coordinate(&node.node, &segment);
            touched.coordinates = true;
        }
        ch.w.delete_node(&node);
        touched.nodes = true;
    }
    touched.finish(ch, index)?;
    super::session::invalidate(ch, index, doomed)?;
    Ok(true)
}

/// Deletes one service instance of `node` and its checks.
fn delete_service(
    ch: &mut Changes,
    node: &Node,
    service: &Service,
    touched: &mut Touched,
    doomed: &mut BTreeSet<String>,
) -> Result<(), StateError> {
    ch.w.delete_service(&node.node, service);
    touched
        .removed
        .insert(instance(&service.service, &node.node, &service.id));
    touched.services = true;
    touched.names.insert(service.service.to_lowercase());
    let mut checks: Vec<HealthCheck> = Vec::new();
    ch.w.catalog_checks(Some(&node.node), |check| {
        if check.service_id.eq_ignore_ascii_case(&service.id) {
            checks.push(check);
        }
        Ok(true)
    })?;
    for check in checks {
        doomed.extend(ch.w.check_session_ids(&node.node, &check.check_id)?);
        ch.w.delete_check(&node.node, &check.check_id);
        touched.checks = true;
    }
    Ok(())
}

/// The index a query of one service's instances reports: the service
/// name's own index, or the services table's for a name never seen, and
/// never below a restore's.
pub fn service_index(view: &impl Source, name: &str) -> Result<u64, StateError> {
    let own = view.table_index(&service_index_key(name))?;
    let index = if own == 0 {
        view.table_index(TABLE_SERVICES)?
    } else {
        own
    };
    Ok(index.max(view.table_index(CATALOG_INDEX_FLOOR)?))
}

/// The highest index of `tables`, never below a restore's.
pub fn tables_index(view: &impl Source, tables: &[&str]) -> Result<u64, StateError> {
    let mut index = view.table_index(CATALOG_INDEX_FLOOR)?;
    for table in tables {
        index = index.max(view.table_index(table)?);
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use roster_proto::raft::v1::command::Command;

    use super::*;
    use crate::{
        state::{StateMachine, WatchHub, encode_command},
        storage::Engine,
    };

    fn machine() -> (tempfile::TempDir, StateMachine, std::sync::Arc<WatchHub>) {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let hub = WatchHub::new();
        let sm = StateMachine::new(engine, hub.clone());
        (dir, sm, hub)
    }

    fn node(name: &str) -> Node {
        Node {
            node: name.into(),
            address: "10.0.0.1".into(),
            ..Node::default()
        }
    }

    fn service(id: &str, name: &str, tags: &[&str]) -> Service {
        Service {
            id: id.into(),
            service: name.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            port: 80,
            ..Service::default()
        }
    }

    fn check(id: &str, service_id: &str) -> HealthCheck {
        HealthCheck {
            check_id: id.into(),
            name: id.into(),
            service_id: service_id.into(),
            ..HealthCheck::default()
        }
    }

    fn register(
        sm: &StateMachine,
        index: u64,
        node: Node,
        service: Option<Service>,
        checks: Vec<HealthCheck>,
    ) -> bool {
        let c = CatalogRegister {
            node: Some(node),
            service,
            checks,
            skip_node_update: false,
        };
        sm.apply(
            index,
            &encode_command(Command::CatalogRegister(Box::new(c))),
        )
        .unwrap()
        .success
    }

    fn deregister(sm: &StateMachine, index: u64, node: &str, service: &str, check: &str) {
        let c = CatalogDeregister {
            node: node.into(),
            service_id: service.into(),
            check_id: check.into(),
        };
        assert!(
            sm.apply(index, &encode_command(Command::CatalogDeregister(c)))
                .unwrap()
                .success
        );
    }

    async fn fired(guard: &mut crate::state::WatchGuard) -> bool {
        tokio::time::timeout(std::time::Duration::ZERO, guard.changed())
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn a_registration_writes_node_service_and_checks_in_one_entry() {
        let (_d, sm, hub) = machine();
        let mut web = hub.subscribe(WatchTarget::Service("web".into()));
        let mut db = hub.subscribe(WatchTarget::Service("db".into()));
        assert!(register(
            &sm,
            5,
            node("Node-A"),
            Some(service("web-1", "Web", &["v1"])),
            vec![check("web-alive", "web-1"), check("disk", "")],
        ));
        assert!(fired(&mut web).await);
        assert!(!fired(&mut db).await);
        let e = sm.engine();
        let n = e.catalog_node("node-a").unwrap().unwrap();
        assert_eq!(
            (n.node.as_str(), n.create_index, n.modify_index),
            ("Node-A", 5, 5)
        );
        let s = e.catalog_service("NODE-A", "WEB-1").unwrap().unwrap();
        assert_eq!(s.service, "Web");
        let c = e.catalog_check("node-a", "web-alive").unwrap().unwrap();
        assert_eq!(c.status, HealthStatus::Critical as i32, "default status");
        assert_eq!(
            (c.service_name.as_str(), c.service_tags.clone()),
            ("Web", vec!["v1".to_string()])
        );
        assert_eq!(c.node, "Node-A");
        for table in [TABLE_NODES, TABLE_SERVICES, TABLE_CHECKS] {
            assert_eq!(e.table_index(table).unwrap(), 5, "{table}");
        }
        assert_eq!(service_index(&e.read_view(), "web").unwrap(), 5);
        let mut instances = Vec::new();
        e.catalog_instances_of("WEB", |n, id| {
            instances.push((n.to_string(), id.to_string()));
            Ok(true)
        })
        .unwrap();
        assert_eq!(instances, [("node-a".to_string(), "web-1".to_string())]);
    }

    #[tokio::test]
    async fn an_identical_registration_moves_no_index_and_wakes_nobody() {
        let (_d, sm, hub) = machine();
        let reg = |i| {
            register(
                &sm,
                i,
                node("a"),
                Some(service("web", "web", &[])),
                vec![check("c", "web")],
            )
        };
        assert!(reg(3));
        let mut web = hub.subscribe(WatchTarget::Service("web".into()));
        let mut nodes = hub.subscribe(WatchTarget::Table(TABLE_NODES));
        assert!(reg(4));
        assert!(!fired(&mut web).await);
        assert!(!fired(&mut nodes).await);
        let e = sm.engine();
        assert_eq!(e.table_index(TABLE_SERVICES).unwrap(), 3);
        assert_eq!(
            e.catalog_service("a", "web").unwrap().unwrap().modify_index,
            3
        );
        assert_eq!(e.applied_index().unwrap(), 4);
    }

    #[tokio::test]
    async fn a_node_check_moves_every_service_on_the_node_and_only_those() {
        let (_d, sm, hub) = machine();
        assert!(register(
            &sm,
            3,
            node("a"),
            Some(service("web", "web", &[])),
            vec![]
        ));
        assert!(register(
            &sm,
            4,
            node("a"),
            Some(service("api", "api", &[])),
            vec![]
        ));
        assert!(register(
            &sm,
            5,
            node("b"),
            Some(service("db", "db", &[])),
            vec![]
        ));
        let mut web = hub.subscribe(WatchTarget::Service("web".into()));
        let mut db = hub.subscribe(WatchTarget::Service("db".into()));
        assert!(register(
            &sm,
            6,
            node("a"),
            None,
            vec![check("serfHealth", "")]
        ));
        assert!(fired(&mut web).await);
        assert!(!fired(&mut db).await);
        let v = sm.engine().read_view();
        assert_eq!(service_index(&v, "web").unwrap(), 6);
        assert_eq!(service_index(&v, "api").unwrap(), 6);
        assert_eq!(service_index(&v, "db").unwrap(), 5);
        // A name never registered reports the services table's index.
        assert_eq!(service_index(&v, "nope").unwrap(), 5);
    }

    #[test]
    fn a_check_of_a_missing_service_or_a_taken_node_id_changes_nothing() {
        let (_d, sm, _hub) = machine();
        assert!(!register(
            &sm,
            3,
            node("a"),
            None,
            vec![check("c", "missing")]
        ));
        let e = sm.engine();
        assert!(e.catalog_node("a").unwrap().is_none(), "nothing written");
        let id = "40e4a748-2192-161a-0510-9bf59fe950b5";
        assert!(register(
            &sm,
            4,
            Node {
                id: id.into(),
                ..node("a")
            },
            None,
            vec![]
        ));
        assert!(!register(
            &sm,
            5,
            Node {
                id: id.into(),
                ..node("b")
            },
            None,
            vec![]
        ));
        assert!(e.catalog_node("b").unwrap().is_none());
        assert_eq!(e.catalog_node_by_id(id).unwrap().as_deref(), Some("a"));
        // The ID moves with the node: the old one is released.
        let other = "50e4a748-2192-161a-0510-9bf59fe950b5";
        assert!(register(
            &sm,
            6,
            Node {
                id: other.into(),
                ..node("a")
            },
            None,
            vec![]
        ));
        assert_eq!(e.catalog_node_by_id(id).unwrap(), None);
        assert!(register(
            &sm,
            7,
            Node {
                id: id.into(),
                ..node("b")
            },
            None,
            vec![]
        ));
    }

    #[test]
    fn deregistering_a_service_takes_its_checks_and_a_node_takes_everything() {
        let (_d, sm, _hub) = machine();
        assert!(register(
            &sm,
            3,
            node("a"),
            Some(service("web", "web", &[])),
            vec![check("web-check", "web"), check("node-check", "")],
        ));
        assert!(register(
            &sm,
            4,
            node("a"),
            Some(service("api", "api", &[])),
            vec![check("api-check", "api")]
        ));
        deregister(&sm, 5, "A", "WEB", "");
        let e = sm.engine();
        assert!(e.catalog_service("a", "web").unwrap().is_none());
        assert!(e.catalog_check("a", "web-check").unwrap().is_none());
        assert!(e.catalog_check("a", "node-check").unwrap().is_some());
        let mut left = 0;
        e.catalog_instances_of("web", |_, _| {
            left += 1;
            Ok(true)
        })
        .unwrap();
        assert_eq!(left, 0);
        assert_eq!(service_index(&e.read_view(), "web").unwrap(), 5);
        deregister(&sm, 6, "a", "", "node-check");
        assert!(e.catalog_check("a", "node-check").unwrap().is_none());
        assert_eq!(service_index(&e.read_view(), "api").unwrap(), 6);
        deregister(&sm, 7, "a", "", "");
        assert!(e.catalog_node("a").unwrap().is_none());
        assert!(e.catalog_service("a", "api").unwrap().is_none());
        assert!(e.catalog_check("a", "api-check").unwrap().is_none());
        assert_eq!(e.table_index(TABLE_NODES).unwrap(), 7);
        // Unknown things: nothing to do, and no error.
        deregister(&sm, 8, "ghost", "", "");
        assert_eq!(e.table_index(TABLE_NODES).unwrap(), 7);
    }

    #[test]
    fn skip_node_update_keeps_the_node_and_renames_move_the_index_row() {
        let (_d, sm, _hub) = machine();
        assert!(register(
            &sm,
            3,
            node("a"),
            Some(service("s1", "old", &[])),
            vec![]
        ));
        let c = CatalogRegister {
            node: Some(Node {
                node: "A".into(),
                address: "10.9.9.9".into(),
                ..Node::default()
            }),
            service: Some(service("s1", "new", &[])),
            checks: vec![],
            skip_node_update: true,
        };
        assert!(
            sm.apply(4, &encode_command(Command::CatalogRegister(Box::new(c))))
                .unwrap()
                .success
        );
        let e = sm.engine();
        assert_eq!(e.catalog_node("a").unwrap().unwrap().address, "10.0.0.1");
        let mut old = 0;
        e.catalog_instances_of("old", |_, _| {
            old += 1;
            Ok(true)
        })
        .unwrap();
        assert_eq!(old, 0);
        let v = e.read_view();
        assert_eq!(service_index(&v, "old").unwrap(), 4);
        assert_eq!(service_index(&v, "new").unwrap(), 4);
    }

    #[test]
    fn a_name_with_no_instance_left_loses_its_index_row() {
        let (_d, sm, _hub) = machine();
        assert!(register(
            &sm,
            3,
            node("a"),
            Some(service("w1", "web", &[])),
            vec![]
        ));
        assert!(register(
            &sm,
            4,
            node("b"),
            Some(service("w2", "web", &[])),
            vec![]
        ));
        let e = sm.engine();
        deregister(&sm, 5, "a", "w1", "");
        assert_eq!(
            e.table_index(&service_index_key("web")).unwrap(),
            5,
            "one left"
        );
        deregister(&sm, 6, "b", "", "");
        assert_eq!(
            e.table_index(&service_index_key("web")).unwrap(),
            0,
            "row gone"
        );
        // Readers still see the index move forward (the services table's).
        assert_eq!(service_index(&e.read_view(), "web").unwrap(), 6);
        // A rename empties the old name too.
        assert!(register(
            &sm,
            7,
            node("c"),
            Some(service("x", "old", &[])),
            vec![]
        ));
        assert!(register(
            &sm,
            8,
            node("c"),
            Some(service("x", "new", &[])),
            vec![]
        ));
        assert_eq!(e.table_index(&service_index_key("old")).unwrap(), 0);
        assert_eq!(e.table_index(&service_index_key("new")).unwrap(), 8);
    }

    #[test]
    fn registrations_are_validated() {
        let ok = CatalogRegister {
            node: Some(node("a")),
            service: None,
            checks: vec![],
            skip_node_update: false,
        };
        assert_eq!(invalid_register(&ok), None);
        let bad = |f: &dyn Fn(&mut CatalogRegister)| {
            let mut c = ok.clone();
            f(&mut c);
            invalid_register(&c).expect("refused")
        };
        assert_eq!(
            bad(&|c| c.node.as_mut().unwrap().node.clear()),
            "Must provide node"
        );
        assert!(bad(&|c| c.node.as_mut().unwrap().address.clear()).contains("SkipNodeUpdate"));
        assert!(bad(&|c| c.node.as_mut().unwrap().id = "x".into()).starts_with("Bad node ID"));
        assert!(bad(&|c| c.service = Some(service("id", "", &[]))).contains("service name"));
        assert!(
            bad(&|c| {
                let mut s = service("id", "n", &[]);
                s.meta.insert("consul-x".into(), "v".into());
                c.service = Some(s);
            })
            .contains("reserved")
        );
        assert!(bad(&|c| c.checks = vec![check("", "")]).contains("check ID"));
        assert!(
            bad(&|c| {
                let mut k = check("c", "");
                k.node = "other".into();
                c.checks = vec![k];
            })
            .contains("mismatch")
        );
        assert!(bad(&|c| c.node.as_mut().unwrap().node = "a\0b".into()).contains("NUL"));
    }
}

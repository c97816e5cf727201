//! The agent's local state: the services and checks this agent registers
//! for its own node, each marked in sync with the catalog or not. The agent
//! is the source of truth for its node: anti-entropy ([`super::anti_entropy`])
//! pushes what is out of sync and removes from the catalog what the agent
//! does not know. Check results land here ([`LocalState::set_check_status`])
//! from the checks the agent runs ([`super::checks`]).
//!
//! IDs match case-insensitively (as in the catalog); rows keep their case.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::{Arc, Mutex},
    time::Duration,
};

use roster_proto::{
    agent::v1::AgentCheck,
    catalog::v1::{HealthCheck, HealthStatus, Node, Service, Weights},
    common::parse_go_duration,
};
use tokio::sync::watch;

/// Longest check output kept (Consul's `check_output_max_size` default).
pub const MAX_OUTPUT: usize = 4096;

/// Why a local registration is refused. Messages are Consul's where it has
/// one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalError {
    /// Bad input.
    #[error("{0}")]
    Invalid(String),
    /// No such service or check.
    #[error("{0}")]
    NotFound(String),
    /// The operation does not apply to this check (not a TTL check).
    #[error("{0}")]
    NotTtl(String),
}

impl roster_proto::status::HasErrorKind for LocalError {
    fn kind(&self) -> roster_proto::status::ErrorKind {
        use roster_proto::status::ErrorKind;
        match self {
            LocalError::Invalid(_) => ErrorKind::InvalidArgument,
            LocalError::NotFound(_) => ErrorKind::NotFound,
            LocalError::NotTtl(_) => ErrorKind::Internal,
        }
    }
}

/// What a probing check does each interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeKind {
    /// An HTTP request: 2xx passing, 429 warning, else critical.
    Http,
    /// A TCP connect.
    Tcp,
    /// A UDP datagram: critical only on an error (port unreachable).
    Udp,
    /// `grpc.health.v1.Health/Check`: SERVING passing, else critical.
    Grpc,
    /// A command: exit 0 passing, 1 warning, else critical.
    Script,
    /// An HTTP/2 PING: acknowledged passing, else critical.
    H2Ping,
    /// A command in a Docker container: exit 0 passing, 1 warning, else
    /// critical.
    Docker,
}

/// How a check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// Status set through the API; critical when not updated within its TTL.
    Ttl(Duration),
    /// Probed by the agent every `interval`, each probe given `timeout`.
    Probe {
        /// What the probe does.
        kind: ProbeKind,
        /// Time between probes (at least [`MIN_INTERVAL`]).
        interval: Duration,
        /// Time one probe may take.
        timeout: Duration,
    },
    /// A maintenance-mode check: critical while it exists, nothing runs.
    Maintenance,
    /// The health of another service or node (`AliasService`,
    /// `AliasNode` in the definition): see [`super::checks::alias`].
    Alias,
}

/// The check a node in maintenance carries.
pub const NODE_MAINTENANCE_ID: &str = "_node_maintenance";
/// The prefix of the check a service in maintenance carries.
pub const SERVICE_MAINTENANCE_PREFIX: &str = "_service_maintenance:";

/// Shortest interval between probes (Consul raises shorter ones to it).
pub const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// How long a check's new output (its status unchanged) may wait to be
/// synced (Consul's `check_update_interval`).
pub const CHECK_UPDATE_INTERVAL: Duration = Duration::from_secs(5 * 60);
/// The shortest `DeregisterCriticalServiceAfter` (Consul's minute).
pub const MIN_DEREGISTER_AFTER: Duration = Duration::from_secs(60);
/// A probe's timeout when none is given (Consul's; scripts get 30 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// A script's (or docker check's) timeout when none is given.
pub const DEFAULT_SCRIPT_TIMEOUT: Duration = Duration::from_secs(30);

impl CheckKind {
    /// The `Type` the catalog shows.
    pub fn type_name(self) -> &'static str {
        match self {
            CheckKind::Ttl(_) => "ttl",
            CheckKind::Maintenance => "maintenance",
            CheckKind::Alias => "alias",
            CheckKind::Probe { kind, .. } => match kind {
                ProbeKind::Http => "http",
                ProbeKind::Tcp => "tcp",
                ProbeKind::Udp => "udp",
                ProbeKind::Grpc => "grpc",
                ProbeKind::Script => "script",
                ProbeKind::H2Ping => "h2ping",
                ProbeKind::Docker => "docker",
            },
        }
    }
}

/// Whether script checks may be registered, and from where (Consul's
/// `enable_script_checks` for the API, `enable_local_script_checks` for
/// configuration files).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptPolicy {
    /// Through the API.
    pub api: bool,
    /// From configuration files.
    pub local: bool,
}

/// What kind of check `definition` describes, or why it cannot be run.
/// `scripts_allowed`: whether a script check may come from where this one
/// comes from.
pub fn check_kind(check: &AgentCheck, scripts_allowed: bool) -> Result<CheckKind, LocalError> {
    let d = check.definition.clone().unwrap_or_default();
    let duration = |what: &str, s: &str| -> Result<Option<Duration>, LocalError> {
        if s.is_empty() {
            return Ok(None);
        }
        parse_go_duration(s)
            .map(Some)
            .map_err(|e| LocalError::Invalid(format!("invalid {what} {s:?}: {e}")))
    };
    let ttl = duration("TTL", &d.ttl)?;
    let interval = duration("Interval", &d.interval)?;
    let timeout = duration("Timeout", &d.timeout)?;
    if let Some(ttl) = ttl {
        if ttl.is_zero() {
            return Err(LocalError::Invalid(
                "Invalid check: TTL must be > 0 for TTL checks".into(),
            ));
        }
        return Ok(CheckKind::Ttl(ttl));
    }
    let probe = if !d.http.is_empty() {
        Some(ProbeKind::Http)
    } else if !d.tcp.is_empty() {
        Some(ProbeKind::Tcp)
    } else if !d.udp.is_empty() {
        Some(ProbeKind::Udp)
    } else if !d.grpc.is_empty() {
        Some(ProbeKind::Grpc)
    } else if !d.h2ping.is_empty() {
        Some(ProbeKind::H2Ping)
    } else if !d.docker_container_id.is_empty() && !d.script_args.is_empty() {
        Some(ProbeKind::Docker)
    } else if !d.script_args.is_empty() {
        Some(ProbeKind::Script)
    } else {
        None
    };
    let Some(kind) = probe else {
        if !d.alias_service.is_empty() || !d.alias_node.is_empty() {
            return Ok(CheckKind::Alias);
        }
        return Err(LocalError::Invalid(
            "Invalid check: must be one of script, HTTP, TCP, UDP, gRPC, H2PING, TTL, alias or docker"
                .into(),
        ));
    };
    // A docker check runs a command too, and is allowed where scripts are.
    if matches!(kind, ProbeKind::Script | ProbeKind::Docker) && !scripts_allowed {
        return Err(LocalError::Invalid(
            "Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or 'enable_local_script_checks' to true"
                .into(),
        ));
    }
    let Some(interval) = interval.filter(|i| !i.is_zero()) else {
        return Err(LocalError::Invalid(
            "Interval must be > 0 for Script, Docker, HTTP, H2PING, TCP, UDP or gRPC checks".into(),
        ));
    };
    let timeout = timeout.filter(|t| !t.is_zero()).unwrap_or(match kind {
        ProbeKind::Script | ProbeKind::Docker => DEFAULT_SCRIPT_TIMEOUT,
        _ => DEFAULT_TIMEOUT,
    });
    Ok(CheckKind::Probe {
        kind,
        interval: interval.max(MIN_INTERVAL),
        timeout,
    })
}

/// Where a service or check was registered from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Source {
    /// The HTTP or gRPC API (kept across restarts in the data dir).
    #[default]
    Api,
    /// A configuration file (read again at every start and reload).
    Config,
}

/// Output cut to [`MAX_OUTPUT`] bytes (on a character boundary), saying so.
pub fn truncate_output(output: &str) -> String {
    if output.len() <= MAX_OUTPUT {
        return output.to_string();
    }
    let mut end = MAX_OUTPUT;
    while !output.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{} ... (captured {MAX_OUTPUT} of {} bytes)",
        &output[..end],
        output.len()
    )
}

/// A local service.
#[derive(Debug, Clone)]
pub struct LocalService {
    /// As the catalog should hold it.
    pub service: Service,
    /// Whether the catalog holds it so.
    pub in_sync: bool,
    /// Where it was registered from.
    pub source: Source,
}

/// A local check.
#[derive(Debug, Clone)]
pub struct LocalCheck {
    /// As the catalog should hold it (status and output current).
    pub check: HealthCheck,
    /// How it runs.
    pub kind: CheckKind,
    /// Whether the catalog holds it so.
    pub in_sync: bool,
    /// Bumped on every re-registration, so that a runner of an older
    /// definition stops.
    pub generation: u64,
    /// Bumped by every TTL update (which restarts the TTL).
    pub renewals: u64,
    /// Consecutive results needed before a status is reported.
    pub thresholds: super::checks::Thresholds,
    /// The registration (IDs and names filled in); `None` for a
    /// maintenance check.
    pub spec: Option<AgentCheck>,
    /// Where it was registered from.
    pub source: Source,
    /// Since when it has been critical (for
    /// `DeregisterCriticalServiceAfter`).
    pub critical_since: Option<tokio::time::Instant>,
    /// Since when a new output (same status) waits to be synced (Consul's
    /// `check_update_interval`).
    pub output_deferred_since: Option<tokio::time::Instant>,
}

#[derive(Default)]
struct Inner {
    node_in_sync: bool,
    services: BTreeMap<String, LocalService>,
    checks: BTreeMap<String, LocalCheck>,
    /// Removed locally, still to remove from the catalog (original IDs).
    removed_services: BTreeSet<String>,
    removed_checks: BTreeSet<String>,
    generation: u64,
}

/// The local state of one agent. Cheap to share: `Arc<LocalState>`.
pub struct LocalState {
    node: Node,
    scripts: ScriptPolicy,
    inner: Mutex<Inner>,
    /// Bumped on every local change: anti-entropy and check runners wait on
    /// it.
    changed: watch::Sender<u64>,
}

/// What anti-entropy works from: a copy of the local state.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Whether the node's own entry is in sync.
    pub node_in_sync: bool,
    /// Services by lowercased ID.
    pub services: BTreeMap<String, LocalService>,
    /// Checks by lowercased ID.
    pub checks: BTreeMap<String, LocalCheck>,
    /// Services removed locally and not yet from the catalog.
    pub removed_services: BTreeSet<String>,
    /// Checks removed locally and not yet from the catalog.
    pub removed_checks: BTreeSet<String>,
}

fn key(id: &str) -> String {
    id.to_lowercase()
}

impl LocalState {
    /// The state of the agent whose catalog node is `node`.
    pub fn new(node: Node, scripts: ScriptPolicy) -> Arc<LocalState> {
        Arc::new(LocalState {
            node,
            scripts,
            inner: Mutex::new(Inner::default()),
            changed: watch::channel(0).0,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }

    /// This agent's catalog node.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Wakes on every local change.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Adds or replaces a service with its checks, registered through the
    /// API. Without `replace_existing_checks`, the service's checks not
    /// listed stay.
    pub fn add_service(
        &self,
        service: Service,
        checks: Vec<AgentCheck>,
        replace_existing_checks: bool,
    ) -> Result<(), LocalError> {
        let prepared = self.prepare_service(service, checks, Source::Api)?;
        self.install_service(prepared, replace_existing_checks);
        Ok(())
    }

    /// A service and its checks checked and built, not yet installed.
    fn prepare_service(
        &self,
        mut service: Service,
        checks: Vec<AgentCheck>,
        source: Source,
    ) -> Result<(Service, Vec<LocalCheck>, Source), LocalError> {
        if service.service.is_empty() {
            return Err(LocalError::Invalid("Missing service name".into()));
        }
        if service.id.is_empty() {
            service.id = service.service.clone();
        }
        if let Some(w) = &service.weights {
            if w.passing < 1 || w.warning < 0 {
                return Err(LocalError::Invalid(
                    "Passing must be greater than 0 and Warning must not be negative".into(),
                ));
            }
        } else {
            service.weights = Some(Weights {
                passing: 1,
                warning: 1,
            });
        }
        if let Some(why) = crate::state::catalog::invalid_meta(&service.meta, false) {
            return Err(LocalError::Invalid(why));
        }
        let several = checks.len() > 1;
        let mut built = Vec::with_capacity(checks.len());
        for (i, mut check) in checks.into_iter().enumerate() {
            if check.check_id.is_empty() {
                check.check_id = if several {
                    format!("service:{}:{}", service.id, i + 1)
                } else {
                    format!("service:{}", service.id)
                };
            }
            if check.name.is_empty() {
                check.name = format!("Service '{}' check", service.service);
            }
            check.service_id = service.id.clone();
            built.push(self.build_check(check, Some(&service), source)?);
        }
        Ok((service, built, source))
    }

    fn install_service(
        &self,
        (service, built, source): (Service, Vec<LocalCheck>, Source),
        replace_existing_checks: bool,
    ) {
        let mut inner = self.lock();
        let id = key(&service.id);
        if replace_existing_checks {
            let keep: BTreeSet<String> = built.iter().map(|c| key(&c.check.check_id)).collect();
            let stale: Vec<String> = inner
                .checks
                .iter()
                .filter(|(k, c)| key(&c.check.service_id) == id && !keep.contains(*k))
                .map(|(k, _)| k.clone())
                .collect();
            for k in stale {
                if let Some(c) = inner.checks.remove(&k) {
                    inner.removed_checks.insert(c.check.check_id);
                }
            }
        }
        inner.removed_services.retain(|s| key(s) != id);
        inner.services.insert(
            id,
            LocalService {
                service,
                in_sync: false,
                source,
            },
        );
        for check in built {
            insert_check(&mut inner, check);
        }
        drop(inner);
        self.bump();
    }

    /// Removes a service and its checks.
    pub fn remove_service(&self, id: &str) -> Result<(), LocalError> {
        let mut inner = self.lock();
        let Some(removed) = inner.services.remove(&key(id)) else {
            return Err(LocalError::NotFound(format!(
                "Unknown service ID {id:?}. Ensure that the service ID is passed, not the service name."
            )));
        };
        let checks: Vec<String> = inner
            .checks
            .iter()
            .filter(|(_, c)| key(&c.check.service_id) == key(id))
            .map(|(k, _)| k.clone())
            .collect();
        for k in checks {
            if let Some(c) = inner.checks.remove(&k) {
                inner.removed_checks.insert(c.check.check_id);
            }
        }
        inner.removed_services.insert(removed.service.id);
        drop(inner);
        self.bump();
        Ok(())
    }

    /// Adds or replaces a check, registered through the API.
    pub fn add_check(&self, check: AgentCheck) -> Result<(), LocalError> {
        let built = self.prepare_check(check, Source::Api, &[])?;
        insert_check(&mut self.lock(), built);
        self.bump();
        Ok(())
    }

    /// A check checked and built; its service is a local one or one of
    /// `pending` (registered in the same change).
    fn prepare_check(
        &self,
        check: AgentCheck,
        source: Source,
        pending: &[Service],
    ) -> Result<LocalCheck, LocalError> {
        let mut check = check;
        if check.name.is_empty() {
            return Err(LocalError::Invalid("Missing check name".into()));
        }
        if check.check_id.is_empty() {
            check.check_id = check.name.clone();
        }
        let service = if check.service_id.is_empty() {
            None
        } else {
            let inner = self.lock();
            let pending = pending
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(&check.service_id))
                .cloned();
            match pending.or_else(|| {
                inner
                    .services
                    .get(&key(&check.service_id))
                    .map(|s| s.service.clone())
            }) {
                Some(s) => Some(s),
                None => {
                    return Err(LocalError::Invalid(format!(
                        "ServiceID {:?} does not exist",
                        check.service_id
                    )));
                }
            }
        };
        self.build_check(check, service.as_ref(), source)
    }

    fn build_check(
        &self,
        check: AgentCheck,
        service: Option<&Service>,
        source: Source,
    ) -> Result<LocalCheck, LocalError> {
        let max = crate::state::catalog::MAX_NAME;
        if check.check_id.len() > max {
            return Err(LocalError::Invalid(format!(
                "check ID is longer than {max} bytes"
            )));
        }
        let scripts_allowed = match source {
            Source::Api => self.scripts.api,
            Source::Config => self.scripts.local,
        };
        let kind = check_kind(&check, scripts_allowed)?;
        let spec = check.clone();
        let status = match HealthStatus::try_from(check.status) {
            Ok(HealthStatus::Unspecified) | Err(_) => HealthStatus::Critical,
            Ok(s) => s,
        };
        Ok(LocalCheck {
            check: HealthCheck {
                node: self.node.node.clone(),
                check_id: check.check_id,
                name: check.name,
                status: status as i32,
                notes: check.notes,
                output: String::new(),
                service_id: service.map(|s| s.id.clone()).unwrap_or_default(),
                service_name: service.map(|s| s.service.clone()).unwrap_or_default(),
                service_tags: service.map(|s| s.tags.clone()).unwrap_or_default(),
                r#type: kind.type_name().into(),
                definition: check.definition.clone(),
                ..HealthCheck::default()
            },
            kind,
            in_sync: false,
            generation: 0,
            renewals: 0,
            critical_since: (status == HealthStatus::Critical).then(tokio::time::Instant::now),
            output_deferred_since: None,
            thresholds: super::checks::Thresholds::new(
                check.success_before_passing,
                check.failures_before_warning,
                check.failures_before_critical,
            ),
            spec: Some(spec),
            source,
        })
    }

    /// Makes the services and checks from configuration files what
    /// `services` and `checks` say (at start and on reload): the ones no
    /// longer defined go, the others are added or replaced. Everything is
    /// checked first; an invalid definition changes nothing.
    pub fn apply_config(
        &self,
        services: Vec<(Service, Vec<AgentCheck>)>,
        checks: Vec<AgentCheck>,
    ) -> Result<(), LocalError> {
        let mut prepared = Vec::with_capacity(services.len());
        for (service, service_checks) in services {
            prepared.push(self.prepare_service(service, service_checks, Source::Config)?);
        }
        let pending: Vec<Service> = prepared.iter().map(|(s, _, _)| s.clone()).collect();
        let mut built = Vec::with_capacity(checks.len());
        for check in checks {
            built.push(self.prepare_check(check, Source::Config, &pending)?);
        }
        let keep_services: BTreeSet<String> = pending.iter().map(|s| key(&s.id)).collect();
        let keep_checks: BTreeSet<String> = prepared
            .iter()
            .flat_map(|(_, c, _)| c.iter())
            .chain(built.iter())
            .map(|c| key(&c.check.check_id))
            .collect();
        {
            let mut inner = self.lock();
            let gone: Vec<String> = inner
                .services
                .iter()
                .filter(|(k, s)| s.source == Source::Config && !keep_services.contains(*k))
                .map(|(k, _)| k.clone())
                .collect();
            for k in gone {
                if let Some(s) = inner.services.remove(&k) {
                    inner.removed_services.insert(s.service.id);
                }
            }
            let gone: Vec<String> = inner
                .checks
                .iter()
                .filter(|(k, c)| {
                    c.source == Source::Config
                        && (!keep_checks.contains(*k)
                            || (!c.check.service_id.is_empty()
                                && !inner.services.contains_key(&key(&c.check.service_id))
                                && !keep_services.contains(&key(&c.check.service_id))))
                })
                .map(|(k, _)| k.clone())
                .collect();
            for k in gone {
                if let Some(c) = inner.checks.remove(&k) {
                    inner.removed_checks.insert(c.check.check_id);
                }
            }
        }
        for p in prepared {
            self.install_service(p, true);
        }
        {
            let mut inner = self.lock();
            for c in built {
                insert_check(&mut inner, c);
            }
        }
        self.bump();
        Ok(())
    }

    /// Puts the node (`service_id` `None`) or one of its services in
    /// maintenance, or takes it out: a critical check
    /// (`_node_maintenance`, `_service_maintenance:<id>`) whose notes are
    /// the reason.
    pub fn set_maintenance(
        &self,
        service_id: Option<&str>,
        enable: bool,
        reason: &str,
    ) -> Result<(), LocalError> {
        let service = match service_id {
            None => None,
            Some(id) => Some(
                self.lock()
                    .services
                    .get(&key(id))
                    .map(|s| s.service.clone())
                    .ok_or_else(|| {
                        LocalError::NotFound(format!("No service registered with ID {id:?}"))
                    })?,
            ),
        };
        let (check_id, name, what) = match &service {
            None => (
                NODE_MAINTENANCE_ID.to_string(),
                "Node Maintenance Mode",
                "node",
            ),
            Some(s) => (
                format!("{SERVICE_MAINTENANCE_PREFIX}{}", s.id),
                "Service Maintenance Mode",
                "service",
            ),
        };
        if !enable {
            let mut inner = self.lock();
            if let Some(removed) = inner.checks.remove(&key(&check_id)) {
                inner.removed_checks.insert(removed.check.check_id);
                drop(inner);
                self.bump();
            }
            return Ok(());
        }
        let notes = if reason.is_empty() {
            format!(
                "Maintenance mode is enabled for this {what}, but no reason was provided. This is a default message."
            )
        } else {
            reason.to_string()
        };
        let check = LocalCheck {
            check: HealthCheck {
                node: self.node.node.clone(),
                check_id,
                name: name.into(),
                status: HealthStatus::Critical as i32,
                notes,
                service_id: service.as_ref().map(|s| s.id.clone()).unwrap_or_default(),
                service_name: service
                    .as_ref()
                    .map(|s| s.service.clone())
                    .unwrap_or_default(),
                service_tags: service.map(|s| s.tags).unwrap_or_default(),
                r#type: CheckKind::Maintenance.type_name().into(),
                ..HealthCheck::default()
            },
            kind: CheckKind::Maintenance,
            in_sync: false,
            generation: 0,
            renewals: 0,
            critical_since: None,
            output_deferred_since: None,
            thresholds: super::checks::Thresholds::default(),
            spec: None,
            source: Source::Api,
        };
        insert_check(&mut self.lock(), check);
        self.bump();
        Ok(())
    }

    /// Removes a check.
    pub fn remove_check(&self, id: &str) -> Result<(), LocalError> {
        let mut inner = self.lock();
        let Some(removed) = inner.checks.remove(&key(id)) else {
            return Err(unknown_check(id));
        };
        inner.removed_checks.insert(removed.check.check_id);
        drop(inner);
        self.bump();
        Ok(())
    }

    /// Sets a TTL check's status and output (through the API).
    pub fn update_ttl(
        &self,
        id: &str,
        status: HealthStatus,
        output: &str,
    ) -> Result<(), LocalError> {
        {
            let inner = self.lock();
            let check = inner
                .checks
                .get(&key(id))
                .ok_or_else(|| unknown_check(id))?;
            if !matches!(check.kind, CheckKind::Ttl(_)) {
                return Err(LocalError::NotTtl(format!(
                    "CheckID {id:?} does not have associated TTL"
                )));
            }
        }
        if let Some(check) = self.lock().checks.get_mut(&key(id)) {
            check.renewals += 1;
        }
        self.set_check_status(id, None, status, &truncate_output(output), true);
        Ok(())
    }

    /// Records a check's result. `generation` (when given) must be the
    /// check's current one: a runner of a replaced definition is ignored.
    /// `restart` also bumps the change counter for a same-status update
    /// (a TTL renewal restarts its timer).
    pub fn set_check_status(
        &self,
        id: &str,
        generation: Option<u64>,
        status: HealthStatus,
        output: &str,
        restart: bool,
    ) {
        let mut inner = self.lock();
        let Some(check) = inner.checks.get_mut(&key(id)) else {
            return;
        };
        if generation.is_some_and(|g| g != check.generation) {
            return;
        }
        let status_changed = check.check.status != status as i32;
        let output_changed = check.check.output != output;
        if status == HealthStatus::Critical {
            check
                .critical_since
                .get_or_insert_with(tokio::time::Instant::now);
        } else {
            check.critical_since = None;
        }
        // A new status is synced at once; a new output alone waits up to
        // CHECK_UPDATE_INTERVAL (checks whose output changes every run would
        // otherwise write to the catalog every interval).
        let mut changed = false;
        if status_changed {
            check.check.status = status as i32;
            check.check.output = output.to_string();
            check.in_sync = false;
            check.output_deferred_since = None;
            changed = true;
        } else if output_changed {
            check.check.output = output.to_string();
            if check.in_sync {
                check
                    .output_deferred_since
                    .get_or_insert_with(tokio::time::Instant::now);
            }
        }
        drop(inner);
        if changed || restart {
            self.bump();
        }
    }

    /// Marks out of sync the checks whose new output has waited `interval`;
    /// whether there were any (and the change counter was bumped).
    pub fn promote_deferred(&self, now: tokio::time::Instant, interval: Duration) -> bool {
        let mut inner = self.lock();
        let mut any = false;
        for c in inner.checks.values_mut() {
            if c.output_deferred_since
                .is_some_and(|since| now.duration_since(since) >= interval)
            {
                c.output_deferred_since = None;
                c.in_sync = false;
                any = true;
            }
        }
        drop(inner);
        if any {
            self.bump();
        }
        any
    }

    /// The services that have a check critical for longer than its
    /// `DeregisterCriticalServiceAfter` (at least [`MIN_DEREGISTER_AFTER`]),
    /// as of `now`.
    pub fn critical_too_long(&self, now: tokio::time::Instant) -> Vec<String> {
        let inner = self.lock();
        let mut out = Vec::new();
        for c in inner.checks.values() {
            let Some(since) = c.critical_since else {
                continue;
            };
            let after = c
                .check
                .definition
                .as_ref()
                .map(|d| d.deregister_critical_service_after.as_str())
                .filter(|a| !a.is_empty())
                .and_then(|a| parse_go_duration(a).ok());
            if let Some(after) = after
                && !c.check.service_id.is_empty()
                && now.duration_since(since) >= after.max(MIN_DEREGISTER_AFTER)
                && !out.contains(&c.check.service_id)
            {
                out.push(c.check.service_id.clone());
            }
        }
        out
    }

    /// A check's kind, if it exists.
    pub fn check_kind_of(&self, id: &str) -> Option<CheckKind> {
        self.lock().checks.get(&key(id)).map(|c| c.kind)
    }

    /// A check's TTL renewals and output, if it still exists.
    pub fn check_renewals(&self, id: &str) -> Option<(u64, String)> {
        self.lock()
            .checks
            .get(&key(id))
            .map(|c| (c.renewals, c.check.output.clone()))
    }

    /// A copy of the whole state.
    pub fn snapshot(&self) -> Snapshot {
        let inner = self.lock();
        Snapshot {
            node_in_sync: inner.node_in_sync,
            services: inner.services.clone(),
            checks: inner.checks.clone(),
            removed_services: inner.removed_services.clone(),
            removed_checks: inner.removed_checks.clone(),
        }
    }

    /// Marks everything out of sync (before a full sync compares with the
    /// catalog).
    pub fn mark_all_out_of_sync(&self) {
        let mut inner = self.lock();
        inner.node_in_sync = false;
        for s in inner.services.values_mut() {
            s.in_sync = false;
        }
        for c in inner.checks.values_mut() {
            c.in_sync = false;
        }
    }

    /// Records that the catalog holds the node as it should.
    pub fn node_synced(&self) {
        self.lock().node_in_sync = true;
    }

    /// Records that the catalog holds `service` (if the local one still
    /// equals it).
    pub fn service_synced(&self, service: &Service) {
        let mut inner = self.lock();
        if let Some(s) = inner.services.get_mut(&key(&service.id))
            && s.service == *service
        {
            s.in_sync = true;
        }
    }

    /// Adopts the catalog's tags of a service with `EnableTagOverride`
    /// (others may change them there).
    pub fn adopt_tags(&self, id: &str, tags: Vec<String>) {
        let mut inner = self.lock();
        if let Some(s) = inner.services.get_mut(&key(id))
            && s.service.enable_tag_override
        {
            s.service.tags = tags;
        }
    }

    /// Records that the catalog holds `check` (if the local one still
    /// equals it).
    pub fn check_synced(&self, check: &HealthCheck) {
        let mut inner = self.lock();
        if let Some(c) = inner.checks.get_mut(&key(&check.check_id))
            && c.check == *check
        {
            c.in_sync = true;
            c.output_deferred_since = None;
        }
    }

    /// Records that a removed service is gone from the catalog.
    pub fn service_removed(&self, id: &str) {
        self.lock().removed_services.remove(id);
    }

    /// Records that a removed check is gone from the catalog.
    pub fn check_removed(&self, id: &str) {
        self.lock().removed_checks.remove(id);
    }
}

fn insert_check(inner: &mut Inner, mut check: LocalCheck) {
    inner.generation += 1;
    check.generation = inner.generation;
    let id = key(&check.check.check_id);
    inner.removed_checks.retain(|c| key(c) != id);
    inner.checks.insert(id, check);
}

fn unknown_check(id: &str) -> LocalError {
    LocalError::NotFound(format!(
        "Unknown check ID {id:?}. Ensure that the check ID is passed, not the check name."
    ))
}

#[cfg(test)]
mod tests {
    use roster_proto::catalog::v1::CheckDefinition;

    use super::*;

    fn state() -> Arc<LocalState> {
        LocalState::new(
            Node {
                node: "n1".into(),
                ..Node::default()
            },
            ScriptPolicy::default(),
        )
    }

    fn ttl_check(id: &str) -> AgentCheck {
        AgentCheck {
            check_id: id.into(),
            definition: Some(CheckDefinition {
                ttl: "30s".into(),
                ..CheckDefinition::default()
            }),
            ..AgentCheck::default()
        }
    }

    fn service(id: &str) -> Service {
        Service {
            id: id.into(),
            service: "web".into(),
            ..Service::default()
        }
    }

    #[test]
    fn service_checks_get_consul_ids_and_names() {
        let s = state();
        s.add_service(service("web-1"), vec![ttl_check("")], false)
            .unwrap();
        let snap = s.snapshot();
        let c = &snap.checks["service:web-1"];
        assert_eq!(c.check.name, "Service 'web' check");
        assert_eq!(c.check.status, HealthStatus::Critical as i32);
        assert_eq!(c.check.r#type, "ttl");
        assert_eq!(c.check.service_name, "web");
        s.add_service(service("web-2"), vec![ttl_check(""), ttl_check("")], false)
            .unwrap();
        let snap = s.snapshot();
        assert!(snap.checks.contains_key("service:web-2:1"));
        assert!(snap.checks.contains_key("service:web-2:2"));
        assert_eq!(
            snap.services["web-2"].service.weights,
            Some(Weights {
                passing: 1,
                warning: 1
            })
        );
    }

    #[test]
    fn replace_existing_checks_drops_the_unlisted_ones() {
        let s = state();
        s.add_service(service("web"), vec![ttl_check("a"), ttl_check("b")], false)
            .unwrap();
        s.add_service(service("web"), vec![ttl_check("a")], false)
            .unwrap();
        assert_eq!(s.snapshot().checks.len(), 2, "kept without the flag");
        s.add_service(service("web"), vec![ttl_check("a")], true)
            .unwrap();
        let snap = s.snapshot();
        assert_eq!(snap.checks.keys().collect::<Vec<_>>(), ["a"]);
        assert!(snap.removed_checks.contains("b"));
    }

    #[test]
    fn removing_a_service_takes_its_checks_and_queues_their_removal() {
        let s = state();
        s.add_service(service("Web"), vec![ttl_check("c")], false)
            .unwrap();
        s.add_check(AgentCheck {
            name: "disk".into(),
            ..ttl_check("")
        })
        .unwrap();
        s.remove_service("WEB").unwrap();
        let snap = s.snapshot();
        assert!(snap.services.is_empty());
        assert_eq!(snap.checks.keys().collect::<Vec<_>>(), ["disk"]);
        assert!(snap.removed_services.contains("Web"));
        assert!(snap.removed_checks.contains("c"));
        let err = s.remove_service("web").unwrap_err();
        assert!(matches!(err, LocalError::NotFound(m) if m.contains("Ensure that the service ID")));
    }

    #[test]
    fn bad_checks_are_refused() {
        let s = state();
        let refuse = |c: AgentCheck| s.add_check(c).unwrap_err();
        assert_eq!(
            refuse(AgentCheck::default()),
            LocalError::Invalid("Missing check name".into())
        );
        let named = |d: CheckDefinition| AgentCheck {
            name: "x".into(),
            definition: Some(d),
            ..AgentCheck::default()
        };
        assert!(
            matches!(refuse(named(CheckDefinition::default())), LocalError::Invalid(m) if m.contains("must be one of"))
        );
        assert!(matches!(
            refuse(named(CheckDefinition {
                ttl: "soon".into(),
                ..CheckDefinition::default()
            })),
            LocalError::Invalid(m) if m.contains("invalid TTL")
        ));
        assert!(matches!(
            refuse(AgentCheck {
                service_id: "nope".into(),
                ..named(CheckDefinition {
                    ttl: "1s".into(),
                    ..CheckDefinition::default()
                })
            }),
            LocalError::Invalid(m) if m == "ServiceID \"nope\" does not exist"
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_status_syncs_at_once_and_a_new_output_waits() {
        let s = state();
        s.add_check(AgentCheck {
            name: "t".into(),
            ..ttl_check("t")
        })
        .unwrap();
        let check = |s: &LocalState| s.snapshot().checks["t"].clone();
        s.check_synced(&check(&s).check);
        assert!(check(&s).in_sync);
        s.set_check_status("t", None, HealthStatus::Passing, "one", false);
        assert!(!check(&s).in_sync, "a status change is pushed at once");
        s.check_synced(&check(&s).check);
        s.set_check_status("t", None, HealthStatus::Passing, "two", false);
        let c = check(&s);
        assert!(
            c.in_sync && c.check.output == "two",
            "an output change waits"
        );
        tokio::time::advance(Duration::from_secs(60)).await;
        assert!(!s.promote_deferred(tokio::time::Instant::now(), CHECK_UPDATE_INTERVAL));
        tokio::time::advance(CHECK_UPDATE_INTERVAL).await;
        assert!(s.promote_deferred(tokio::time::Instant::now(), CHECK_UPDATE_INTERVAL));
        assert!(!check(&s).in_sync);
        s.check_synced(&check(&s).check);
        assert!(check(&s).output_deferred_since.is_none());
    }

    #[test]
    fn maintenance_adds_and_removes_a_critical_check() {
        let s = state();
        s.add_service(service("web"), vec![], false).unwrap();
        s.set_maintenance(None, true, "").unwrap();
        s.set_maintenance(Some("WEB"), true, "deploying").unwrap();
        let snap = s.snapshot();
        let node = &snap.checks["_node_maintenance"].check;
        assert_eq!(node.status, HealthStatus::Critical as i32);
        assert!(
            node.notes
                .starts_with("Maintenance mode is enabled for this node")
        );
        let svc = &snap.checks["_service_maintenance:web"].check;
        assert_eq!(
            (svc.notes.as_str(), svc.service_id.as_str()),
            ("deploying", "web")
        );
        assert_eq!(svc.r#type, "maintenance");
        s.set_maintenance(None, false, "").unwrap();
        let snap = s.snapshot();
        assert!(!snap.checks.contains_key("_node_maintenance"));
        assert!(snap.removed_checks.contains("_node_maintenance"));
        assert!(matches!(
            s.set_maintenance(Some("nope"), true, ""),
            Err(LocalError::NotFound(_))
        ));
    }

    #[test]
    fn ttl_updates_set_status_and_cut_long_output() {
        let s = state();
        s.add_check(AgentCheck {
            name: "t".into(),
            ..ttl_check("t")
        })
        .unwrap();
        let mut changes = s.subscribe();
        changes.borrow_and_update();
        s.update_ttl("T", HealthStatus::Passing, &"x".repeat(5000))
            .unwrap();
        assert!(changes.has_changed().unwrap());
        let snap = s.snapshot();
        let c = &snap.checks["t"];
        assert_eq!(c.check.status, HealthStatus::Passing as i32);
        assert!(c.check.output.ends_with("(captured 4096 of 5000 bytes)"));
        assert!(!c.in_sync);
        assert!(matches!(
            s.update_ttl("none", HealthStatus::Passing, ""),
            Err(LocalError::NotFound(_))
        ));
    }
}

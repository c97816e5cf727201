//! Agent configuration: built-in defaults (and `-dev` presets) < Consul JSON
//! files < command-line flags, merged once into a validated [`Config`] with
//! no optional value left for a required setting. Errors name the flag or
//! key at fault.

mod dns;
pub mod flags;
pub mod security;

pub use roster_parse::config::{ConfigError, acl, file, tls};
use roster_parse::config::{duration, invalid};

pub use crate::gossip::timing::GossipTiming;
use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
    time::Duration,
};

pub use file::FileConfig;
pub use flags::AgentFlags;

/// A service from a configuration file, with its checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDefinition {
    /// The service.
    pub service: roster_proto::catalog::v1::Service,
    /// Its checks.
    pub checks: Vec<roster_proto::agent::v1::AgentCheck>,
}

/// Service and check definitions of one file.
type Definitions = (
    Vec<ServiceDefinition>,
    Vec<roster_proto::agent::v1::AgentCheck>,
);

/// Decodes the `service`/`services`/`check`/`checks` blocks of one file.
fn definitions(
    path: &std::path::Path,
    parsed: &file::FileConfig,
) -> Result<Definitions, ConfigError> {
    use roster_proto::definitions::{Obj, decode_agent_check, decode_service};
    let invalid = |key: String, detail: String| ConfigError::Definition {
        path: path.to_path_buf(),
        key,
        detail,
    };
    let mut services = Vec::new();
    let listed = parsed
        .service
        .iter()
        .chain(parsed.services.iter().flatten());
    for (i, value) in listed.enumerate() {
        let at = || format!("services[{i}]");
        let obj = Obj::root(value, "service").map_err(|e| invalid(at(), e.0))?;
        let service = decode_service(&obj).map_err(|e| invalid(at(), e.0))?;
        let single = obj.object(&["Check"]).map_err(|e| invalid(at(), e.0))?;
        let many = obj.objects(&["Checks"]).map_err(|e| invalid(at(), e.0))?;
        let mut checks = Vec::new();
        for c in single.into_iter().chain(many) {
            checks.push(decode_agent_check(&c).map_err(|e| invalid(at(), e.0))?);
        }
        services.push(ServiceDefinition { service, checks });
    }
    let mut checks = Vec::new();
    let listed = parsed.check.iter().chain(parsed.checks.iter().flatten());
    for (i, value) in listed.enumerate() {
        let at = || format!("checks[{i}]");
        let obj = Obj::root(value, "check").map_err(|e| invalid(at(), e.0))?;
        checks.push(decode_agent_check(&obj).map_err(|e| invalid(at(), e.0))?);
    }
    Ok((services, checks))
}

/// A listener port: `None` when disabled with -1.
pub type Port = Option<u16>;

/// Listener ports.
#[derive(Debug, Clone, PartialEq)]
pub struct Ports {
    /// HTTP API (Consul: 8500).
    pub http: Port,
    /// gRPC API (8502).
    pub grpc: Port,
    /// HTTPS API (off unless set; needs a certificate).
    pub https: Port,
    /// gRPC API over TLS (8503 when a gRPC certificate is set, else off).
    pub grpc_tls: Port,
    /// DNS (8600); not served yet, validated.
    pub dns: Port,
    /// Server RPC and Raft (8300).
    pub server: Port,
    /// LAN gossip (8301).
    pub serf_lan: Port,
    /// WAN gossip (8302; servers only).
    pub serf_wan: Port,
}

/// Log verbosity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// Everything.
    Trace,
    /// Per-request detail.
    Debug,
    /// Lifecycle.
    Info,
    /// Degraded operation.
    Warn,
    /// Operator must act.
    Error,
}

impl LogLevel {
    /// The `tracing` filter directive.
    pub fn as_filter(self) -> &'static str {
        match self {
            LogLevel::Trace => "trace",
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warn => "warn",
            LogLevel::Error => "error",
        }
    }
}

/// The timing of one gossip pool from its config section, over `defaults`.
fn gossip_timing(
    section: &'static str,
    file: Option<&file::GossipFile>,
    defaults: GossipTiming,
) -> Result<GossipTiming, ConfigError> {
    let Some(f) = file else {
        return Ok(defaults);
    };
    let count = |v: Option<i64>, d: usize| -> Result<usize, ConfigError> {
        match v {
            None => Ok(d),
            Some(n) if (1..=100).contains(&n) => Ok(n as usize),
            Some(n) => Err(invalid(section, format!("{n} is not between 1 and 100"))),
        }
    };
    let timing = GossipTiming {
        gossip_nodes: count(f.gossip_nodes, defaults.gossip_nodes)?,
        gossip_interval: duration(section, f.gossip_interval.clone(), defaults.gossip_interval)?,
        probe_interval: duration(section, f.probe_interval.clone(), defaults.probe_interval)?,
        probe_timeout: duration(section, f.probe_timeout.clone(), defaults.probe_timeout)?,
        retransmit_mult: count(f.retransmit_mult, defaults.retransmit_mult)?,
        suspicion_mult: count(f.suspicion_mult, defaults.suspicion_mult)?,
    };
    if timing.gossip_interval.is_zero() || timing.probe_interval.is_zero() {
        return Err(invalid(section, "intervals must be positive"));
    }
    if timing.probe_timeout.is_zero() || timing.probe_timeout > timing.probe_interval {
        return Err(invalid(
            section,
            "probe_timeout must be positive and at most probe_interval",
        ));
    }
    Ok(timing)
}

/// The validated agent configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// `-dev` mode.
    pub dev: bool,
    /// Server mode.
    pub server: bool,
    /// Single-server bootstrap (`-bootstrap` or `-bootstrap-expect=1`).
    pub bootstrap: bool,
    /// Servers to wait for before bootstrapping (0 = not set).
    pub bootstrap_expect: u32,
    /// Durable state directory; `None` only in `-dev` (a temp dir is used).
    pub data_dir: Option<PathBuf>,
    /// Node name.
    pub node_name: String,
    /// Node ID if configured (else read from or generated into the data dir).
    pub node_id: Option<String>,
    /// Datacenter.
    pub datacenter: String,
    /// Cluster bind address.
    pub bind_addr: IpAddr,
    /// Address other nodes reach this one at.
    pub advertise_addr: IpAddr,
    /// Client interface addresses.
    pub client_addrs: Vec<IpAddr>,
    /// Ports.
    pub ports: Ports,
    /// Log level.
    pub log_level: LogLevel,
    /// Web UI enabled.
    pub ui: bool,
    /// Gossip key, decoded.
    pub encrypt: Option<Vec<u8>>,
    /// Addresses to join at start.
    pub start_join: Vec<String>,
    /// Addresses to join with retries.
    pub retry_join: Vec<String>,
    /// Time between join retries.
    pub retry_interval: Duration,
    /// Join retries (0 = forever).
    pub retry_max: u32,
    /// WAN addresses to join at start (servers).
    pub start_join_wan: Vec<String>,
    /// WAN addresses to join with retries (servers).
    pub retry_join_wan: Vec<String>,
    /// Time between WAN join retries.
    pub retry_interval_wan: Duration,
    /// WAN join retries (0 = forever).
    pub retry_max_wan: u32,
    /// Address advertised in the WAN pool.
    pub advertise_addr_wan: IpAddr,
    /// Refuse unencrypted incoming gossip (with `encrypt`).
    pub encrypt_verify_incoming: bool,
    /// Encrypt outgoing gossip (with `encrypt`).
    pub encrypt_verify_outgoing: bool,
    /// Leave the pools gracefully on SIGTERM.
    pub leave_on_terminate: bool,
    /// Do not leave the pools on SIGINT.
    pub skip_leave_on_interrupt: bool,
    /// Autopilot (servers).
    pub autopilot: crate::cluster::Autopilot,
    /// Log entries past which a server snapshots and compacts its log
    /// (Consul's `raft_snapshot_threshold`, default 16384).
    pub raft_snapshot_threshold: u64,
    /// Entries kept behind a compaction (Consul's `raft_trailing_logs`,
    /// default 10240).
    pub raft_trailing_logs: u64,
    /// After a graceful leave, a restart still rejoins the members recorded
    /// in the gossip snapshot (Consul's `rejoin_after_leave`, `-rejoin`).
    pub rejoin_after_leave: bool,
    /// Script checks may be registered through the API.
    pub enable_script_checks: bool,
    /// Script checks may come from configuration files.
    pub enable_local_script_checks: bool,
    /// Services defined in configuration files (`service`, `services`), with
    /// their checks.
    pub services: Vec<ServiceDefinition>,
    /// Checks defined in configuration files (`check`, `checks`).
    pub checks: Vec<roster_proto::agent::v1::AgentCheck>,
    /// How long a failed LAN member is kept before it is reaped.
    pub reconnect_timeout: Duration,
    /// How long a failed WAN member is kept before it is reaped.
    pub reconnect_timeout_wan: Duration,
    /// LAN gossip timing.
    pub gossip_lan: GossipTiming,
    /// WAN gossip timing.
    pub gossip_wan: GossipTiming,
    /// Raft timing multiplier (1..=10).
    pub raft_multiplier: u32,
    /// Time a request waits for a leader.
    pub rpc_hold_timeout: Duration,
    /// Shortest session TTL accepted (Consul's `session_ttl_min`).
    pub session_ttl_min: Duration,
    /// Pretty-print every JSON response (`-dev`, as Consul does).
    pub pretty_json: bool,
    /// The DNS interface (`domain`, `alt_domain`, `recursors`, `dns_config`).
    pub dns: roster_gateway::dns::DnsConfig,
    /// Access control (`acl`).
    pub acl: acl::AclConfig,
    /// TLS for the HTTPS and gRPC TLS ports and for server RPC (`tls`).
    pub tls: tls::TlsConfig,
    /// Warnings found while building (unknown keys...), logged at start.
    pub warnings: Vec<String>,
}

impl Config {
    /// The server (Raft) address advertised to others, `"IP:port"`.
    pub fn server_address(&self) -> Option<SocketAddr> {
        self.ports
            .server
            .map(|p| SocketAddr::new(self.advertise_addr, p))
    }

    /// Builds the configuration from flags and the files they name.
    pub fn build(flags: &AgentFlags) -> Result<Config, ConfigError> {
        let mut merged = FileConfig::default();
        let mut warnings = Vec::new();
        let mut paths = Vec::new();
        let mut unknown = serde_json::Map::new();
        for path in &flags.config_file {
            paths.push(path.clone());
        }
        for dir in &flags.config_dir {
            paths.extend(file::dir_files(dir)?);
        }
        let mut services = Vec::new();
        let mut checks = Vec::new();
        for path in &paths {
            let parsed = file::load_file(path)?;
            let (s, c) = definitions(path, &parsed)?;
            services.extend(s);
            checks.extend(c);
            for key in parsed.unknown_keys() {
                warnings.push(format!(
                    "{}: unknown or unsupported configuration key {key:?} ignored",
                    path.display()
                ));
            }
            security::merge_json(&mut unknown, parsed.unknown.clone().into_iter().collect());
            merged.merge(parsed);
        }
        let refused = security::unenforced(&unknown);
        if !refused.is_empty() {
            return Err(ConfigError::Unenforced(
                refused
                    .into_iter()
                    .map(|(key, why)| format!("{key} ({why})"))
                    .collect(),
            ));
        }
        let mut config = Config::from_sources(flags, merged, warnings)?;
        config.services = services;
        config.checks = checks;
        Ok(config)
    }

    fn from_sources(
        flags: &AgentFlags,
        file: FileConfig,
        warnings: Vec<String>,
    ) -> Result<Config, ConfigError> {
        let dev = flags.dev;
        let ports_file = file.ports.clone().unwrap_or_default();
        let perf = file.performance.clone().unwrap_or_default();

        let server = flags.server.or(file.server).unwrap_or(dev);
        let bootstrap_flag = flags.bootstrap.or(file.bootstrap).unwrap_or(dev);
        let bootstrap_expect = flags
            .bootstrap_expect
            .or(file.bootstrap_expect)
            .unwrap_or(0);
        let bootstrap_expect = u32::try_from(bootstrap_expect)
            .map_err(|_| invalid("bootstrap_expect", "must be zero or positive"))?;
        if bootstrap_flag && bootstrap_expect > 0 {
            return Err(invalid(
                "bootstrap_expect",
                "-bootstrap and -bootstrap-expect are mutually exclusive",
            ));
        }
        if !server && (bootstrap_flag || bootstrap_expect > 0) {
            return Err(invalid(
                "bootstrap_expect",
                "-bootstrap and -bootstrap-expect need -server",
            ));
        }

        let data_dir = flags.data_dir.clone().or(file.data_dir.clone());
        if data_dir.as_deref() == Some("") {
            return Err(invalid("data_dir", "must not be empty"));
        }
        let data_dir = data_dir.map(PathBuf::from);
        if data_dir.is_none() && !dev {
            return Err(invalid(
                "data_dir",
                "must specify a data directory using -data-dir",
            ));
        }

        let node_name = match flags.node_name.clone().or(file.node_name.clone()) {
            Some(n) => n,
            None => hostname(),
        };
        if node_name.is_empty() || node_name.len() > 128 {
            return Err(invalid("node_name", "must be 1 to 128 characters"));
        }
        if node_name
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(invalid(
                "node_name",
                "must not contain spaces or control characters",
            ));
        }
        let node_id = flags.node_id.clone().or(file.node_id.clone());
        if let Some(id) = &node_id {
            uuid::Uuid::parse_str(id)
                .map_err(|e| invalid("node_id", format!("{id:?} is not a UUID: {e}")))?;
        }

        let datacenter = flags
            .datacenter
            .clone()
            .or(file.datacenter.clone())
            .unwrap_or_else(|| "dc1".into())
            .to_lowercase();
        if datacenter.is_empty()
            || !datacenter
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(invalid(
                "datacenter",
                format!("{datacenter:?} must match ^[a-z0-9_-]+$"),
            ));
        }

        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let bind_addr = match flags.bind_addr.clone().or(file.bind_addr.clone()) {
            Some(a) => parse_ip("bind_addr", &a)?,
            None if dev => loopback,
            None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        };
        let advertise_addr = match flags.advertise_addr.clone().or(file.advertise_addr.clone()) {
            Some(a) => parse_ip("advertise_addr", &a)?,
            None if bind_addr.is_unspecified() => private_ipv4()?,
            None => bind_addr,
        };
        let client_addrs = match flags.client_addr.clone().or(file.client_addr.clone()) {
            Some(list) => {
                let addrs = list
                    .split_whitespace()
                    .map(|a| parse_ip("client_addr", a))
                    .collect::<Result<Vec<_>, _>>()?;
                if addrs.is_empty() {
                    return Err(invalid("client_addr", "must name at least one address"));
                }
                addrs
            }
            None => vec![loopback],
        };

        let mut ports = Ports {
            http: port("http_port", flags.http_port.or(ports_file.http), 8500)?,
            https: None,
            grpc_tls: None,
            grpc: port(
                "grpc_port",
                flags.grpc_port.or(ports_file.grpc),
                // Roster is gRPC-first: its gRPC API is on by default.
                8502,
            )?,
            dns: port("dns_port", flags.dns_port.or(ports_file.dns), 8600)?,
            server: port("server_port", flags.server_port.or(ports_file.server), 8300)?,
            serf_lan: port(
                "serf_lan_port",
                flags.serf_lan_port.or(ports_file.serf_lan),
                8301,
            )?,
            serf_wan: port(
                "serf_wan_port",
                flags.serf_wan_port.or(ports_file.serf_wan),
                8302,
            )?,
        };
        if server && ports.server.is_none() {
            return Err(invalid("server_port", "a server needs its server port"));
        }

        let log_level = match flags
            .log_level
            .clone()
            .or(file.log_level.clone())
            .unwrap_or_else(|| if dev { "debug" } else { "info" }.into())
            .to_lowercase()
            .as_str()
        {
            "trace" => LogLevel::Trace,
            "debug" => LogLevel::Debug,
            "info" => LogLevel::Info,
            "warn" | "warning" => LogLevel::Warn,
            "err" | "error" => LogLevel::Error,
            other => {
                return Err(invalid(
                    "log_level",
                    format!("{other:?} is not one of trace, debug, info, warn, error"),
                ));
            }
        };

        let ui = flags
            .ui
            .or(file.ui)
            .or(file.ui_config.as_ref().and_then(|u| u.enabled))
            .unwrap_or(dev);

        let encrypt = flags
            .encrypt
            .clone()
            .or(file.encrypt.clone())
            .map(|key| {
                crate::gossip::keyring::parse_key(&key)
                    .map(|k| k.as_ref().to_vec())
                    .map_err(|e| invalid("encrypt", e.to_string()))
            })
            .transpose()?;

        let join_list =
            |key: &'static str, from_file: &Option<Vec<String>>, from_flags: &[String]| {
                let mut list = from_file.clone().unwrap_or_default();
                list.extend(from_flags.iter().cloned());
                for addr in &list {
                    if addr.trim().is_empty() || addr.contains(char::is_whitespace) {
                        return Err(invalid(key, format!("{addr:?} is not an address")));
                    }
                }
                Ok(list)
            };
        let start_join = join_list("start_join", &file.start_join, &flags.start_join)?;
        let retry_join = join_list("retry_join", &file.retry_join, &flags.retry_join)?;
        let start_join_wan = join_list(
            "start_join_wan",
            &file.start_join_wan,
            &flags.start_join_wan,
        )?;
        let retry_join_wan = join_list(
            "retry_join_wan",
            &file.retry_join_wan,
            &flags.retry_join_wan,
        )?;
        let joins_wan = !start_join_wan.is_empty() || !retry_join_wan.is_empty();
        if joins_wan && !server {
            return Err(invalid(
                "retry_join_wan",
                "only servers join the WAN pool; drop -join-wan/-retry-join-wan or add -server",
            ));
        }
        let retry_interval = duration(
            "retry_interval",
            flags.retry_interval.clone().or(file.retry_interval.clone()),
            Duration::from_secs(30),
        )?;
        let retry_max = u32::try_from(flags.retry_max.or(file.retry_max).unwrap_or(0))
            .map_err(|_| invalid("retry_max", "must be zero or positive"))?;
        let retry_interval_wan = duration(
            "retry_interval_wan",
            flags
                .retry_interval_wan
                .clone()
                .or(file.retry_interval_wan.clone()),
            Duration::from_secs(30),
        )?;
        let retry_max_wan = u32::try_from(flags.retry_max_wan.or(file.retry_max_wan).unwrap_or(0))
            .map_err(|_| invalid("retry_max_wan", "must be zero or positive"))?;
        let advertise_addr_wan = match flags
            .advertise_addr_wan
            .clone()
            .or(file.advertise_addr_wan.clone())
        {
            Some(a) => parse_ip("advertise_addr_wan", &a)?,
            None => advertise_addr,
        };
        if ports.serf_lan.is_none() {
            return Err(invalid(
                "serf_lan_port",
                "the LAN gossip port cannot be disabled: every agent gossips",
            ));
        }
        // Consul's defaults: clients leave on any signal, servers on none.
        let leave_on_terminate = file.leave_on_terminate.unwrap_or(!server);
        let skip_leave_on_interrupt = file.skip_leave_on_interrupt.unwrap_or(server);
        let reconnect_timeout = min_duration(
            "reconnect_timeout",
            file.reconnect_timeout.clone(),
            Duration::from_secs(72 * 3600),
            Duration::from_secs(8 * 3600),
        )?;
        let reconnect_timeout_wan = min_duration(
            "reconnect_timeout_wan",
            file.reconnect_timeout_wan.clone(),
            Duration::from_secs(72 * 3600),
            Duration::from_secs(8 * 3600),
        )?;

        // Consul's production timing (multiplier 1: 1 s election timeout),
        // which Consul recommends and this project's failover target needs;
        // Consul itself defaults to 5 for slow machines.
        let raft_multiplier = perf.raft_multiplier.unwrap_or(1);
        if !(1..=10).contains(&raft_multiplier) {
            return Err(invalid(
                "performance.raft_multiplier",
                format!("{raft_multiplier} is not between 1 and 10"),
            ));
        }
        let rpc_hold_timeout = duration(
            "performance.rpc_hold_timeout",
            perf.rpc_hold_timeout.clone(),
            Duration::from_secs(7),
        )?;
        let session_ttl_min = duration(
            "session_ttl_min",
            file.session_ttl_min.clone(),
            roster_proto::session::MIN_TTL,
        )?;
        if session_ttl_min.is_zero() || session_ttl_min > roster_proto::session::MAX_TTL {
            return Err(invalid(
                "session_ttl_min",
                "must be more than 0 and at most 24h".to_string(),
            ));
        }

        let mut warnings = warnings;
        let dns = dns::build(flags, &file, &datacenter, &mut warnings)?;
        let acl = acl::build(file.acl.as_ref(), &file.legacy_acl, &mut warnings)?;
        let tls = tls::build(
            file.tls.as_ref(),
            &file.legacy_tls,
            format!("server.{datacenter}.{}", dns.domain.trim_end_matches('.')),
            &mut warnings,
        )?;
        // Consul: HTTPS is off unless its port is set; gRPC over TLS is on
        // (8503) wherever a certificate for it is configured.
        ports.https = match flags.https_port.or(ports_file.https) {
            None => None,
            set => port("https_port", set, 8501)?,
        };
        ports.grpc_tls = match flags.grpc_tls_port.or(ports_file.grpc_tls) {
            None if tls.grpc.has_cert() => Some(8503),
            None => None,
            set => port("grpc_tls_port", set, 8503)?,
        };
        if ports.https.is_some() && !tls.https.has_cert() {
            return Err(invalid(
                "https_port",
                "the HTTPS port needs a certificate: set tls.defaults (or tls.https) cert_file and key_file",
            ));
        }
        if ports.grpc_tls.is_some() && !tls.grpc.has_cert() {
            return Err(invalid(
                "grpc_tls_port",
                "the gRPC TLS port needs a certificate: set tls.defaults (or tls.grpc) cert_file and key_file",
            ));
        }
        if server && tls.internal_rpc.verify_incoming && !tls.internal_rpc.has_cert() {
            return Err(invalid(
                "tls.internal_rpc.verify_incoming",
                "a server that verifies incoming RPC needs its own certificate (cert_file, key_file)",
            ));
        }
        if acl.enabled && !crate::acl::ENFORCED {
            return Err(ConfigError::Unenforced(vec![format!(
                "acl.enabled ({})",
                security::NO_ACL
            )]));
        }

        Ok(Config {
            dev,
            server,
            bootstrap: bootstrap_flag || bootstrap_expect == 1,
            bootstrap_expect,
            data_dir,
            node_name,
            node_id,
            datacenter,
            bind_addr,
            advertise_addr,
            client_addrs,
            ports,
            log_level,
            ui,
            encrypt,
            start_join,
            retry_join,
            retry_interval,
            retry_max,
            start_join_wan,
            retry_join_wan,
            retry_interval_wan,
            retry_max_wan,
            advertise_addr_wan,
            encrypt_verify_incoming: file.encrypt_verify_incoming.unwrap_or(true),
            encrypt_verify_outgoing: file.encrypt_verify_outgoing.unwrap_or(true),
            leave_on_terminate,
            skip_leave_on_interrupt,
            autopilot: autopilot(file.autopilot.as_ref())?,
            raft_snapshot_threshold: positive(
                "raft_snapshot_threshold",
                file.raft_snapshot_threshold,
                16384,
            )?,
            raft_trailing_logs: positive("raft_trailing_logs", file.raft_trailing_logs, 10240)?,
            rejoin_after_leave: flags.rejoin_after_leave
                || file.rejoin_after_leave.unwrap_or(false),
            enable_script_checks: flags.enable_script_checks
                || file.enable_script_checks.unwrap_or(false),
            enable_local_script_checks: flags.enable_local_script_checks
                || file.enable_local_script_checks.unwrap_or(false),
            services: Vec::new(),
            checks: Vec::new(),
            reconnect_timeout,
            reconnect_timeout_wan,
            gossip_lan: gossip_timing("gossip_lan", file.gossip_lan.as_ref(), GossipTiming::LAN)?,
            gossip_wan: gossip_timing("gossip_wan", file.gossip_wan.as_ref(), GossipTiming::WAN)?,
            raft_multiplier: raft_multiplier as u32,
            rpc_hold_timeout,
            session_ttl_min,
            pretty_json: dev,
            dns,
            acl,
            tls,
            warnings,
        })
    }
}

fn port(key: &'static str, value: Option<i64>, default: u16) -> Result<Port, ConfigError> {
    match value {
        None => Ok(Some(default)),
        Some(-1) => Ok(None),
        Some(p) if (1..=65535).contains(&p) => Ok(Some(p as u16)),
        Some(p) => Err(invalid(
            key,
            format!("{p} is not a port (1-65535, or -1 to disable)"),
        )),
    }
}

/// A positive count, or `default` when unset.
fn positive(key: &'static str, value: Option<i64>, default: u64) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(n) if n > 0 => Ok(n as u64),
        Some(n) => Err(invalid(key, format!("{n} is not a positive number"))),
    }
}

fn autopilot(file: Option<&file::AutopilotFile>) -> Result<crate::cluster::Autopilot, ConfigError> {
    let defaults = crate::cluster::Autopilot::default();
    let Some(file) = file else {
        return Ok(defaults);
    };
    let max_trailing_logs = match file.max_trailing_logs {
        None => defaults.max_trailing_logs,
        Some(n) if n >= 0 => n as u64,
        Some(n) => {
            return Err(invalid(
                "autopilot.max_trailing_logs",
                format!("{n} is negative"),
            ));
        }
    };
    let min_quorum = match file.min_quorum {
        None => defaults.min_quorum,
        Some(n) => u32::try_from(n).map_err(|_| {
            invalid(
                "autopilot.min_quorum",
                format!("{n} is not a number of servers"),
            )
        })?,
    };
    Ok(crate::cluster::Autopilot {
        cleanup_dead_servers: file
            .cleanup_dead_servers
            .unwrap_or(defaults.cleanup_dead_servers),
        last_contact_threshold: duration(
            "autopilot.last_contact_threshold",
            file.last_contact_threshold.clone(),
            defaults.last_contact_threshold,
        )?,
        max_trailing_logs,
        min_quorum,
        server_stabilization_time: duration(
            "autopilot.server_stabilization_time",
            file.server_stabilization_time.clone(),
            defaults.server_stabilization_time,
        )?,
    })
}

/// A duration with a floor (Consul refuses reconnect timeouts under 8 h).
fn min_duration(
    key: &'static str,
    value: Option<String>,
    default: Duration,
    floor: Duration,
) -> Result<Duration, ConfigError> {
    let d = duration(key, value, default)?;
    if d < floor {
        return Err(invalid(
            key,
            format!(
                "must be at least {}",
                roster_proto::common::format_go_duration(floor)
            ),
        ));
    }
    Ok(d)
}

fn parse_ip(key: &'static str, value: &str) -> Result<IpAddr, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| invalid(key, format!("{value:?} is not an IP address")))
}

/// The single private IPv4 address of this host, as Consul picks for a
/// `0.0.0.0` bind.
fn private_ipv4() -> Result<IpAddr, ConfigError> {
    let addrs: Vec<IpAddr> = if_addrs::get_if_addrs()
        .map_err(|e| invalid("bind_addr", format!("cannot list interfaces: {e}")))?
        .into_iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) if v4.is_private() => Some(IpAddr::V4(v4)),
            _ => None,
        })
        .collect();
    match addrs.as_slice() {
        [one] => Ok(*one),
        [] => Err(invalid(
            "bind_addr",
            "No private IPv4 address found. Please configure one with 'bind' and/or 'advertise'.",
        )),
        _ => Err(invalid(
            "bind_addr",
            "Multiple private IPv4 addresses found. Please configure one with 'bind' and/or 'advertise'.",
        )),
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "roster".into())
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn flags() -> AgentFlags {
        AgentFlags {
            data_dir: Some("/tmp/x".into()),
            bind_addr: Some("127.0.0.1".into()),
            ..Default::default()
        }
    }

    #[test]
    fn dev_preset() {
        let c = Config::build(&AgentFlags {
            dev: true,
            ..Default::default()
        })
        .unwrap();
        assert!(c.server && c.bootstrap && c.ui && c.pretty_json);
        assert_eq!(c.ports.http, Some(8500));
        assert_eq!(c.ports.grpc, Some(8502));
        assert_eq!(c.advertise_addr, IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(c.raft_multiplier, 1);
        assert_eq!(c.log_level, LogLevel::Debug);
    }

    #[test]
    fn flags_override_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let mut f = std::fs::File::create(&path).unwrap();
        write!(
            f,
            r#"{{"datacenter":"east","ports":{{"http":9000,"grpc":-1}},"node_name":"file","unknown_thing":1}}"#
        )
        .unwrap();
        let mut fl = flags();
        fl.config_dir = vec![dir.path().to_path_buf()];
        fl.node_name = Some("flag".into());
        let c = Config::build(&fl).unwrap();
        assert_eq!(c.node_name, "flag");
        assert_eq!(c.datacenter, "east");
        assert_eq!(c.ports.http, Some(9000));
        assert_eq!(c.ports.grpc, None);
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("unknown_thing"));
    }

    #[test]
    fn bad_values_name_their_key() {
        let cases: Vec<(AgentFlags, &str)> = vec![
            (
                AgentFlags {
                    http_port: Some(70000),
                    ..flags()
                },
                "http_port",
            ),
            (
                AgentFlags {
                    http_port: Some(0),
                    ..flags()
                },
                "http_port",
            ),
            (
                AgentFlags {
                    datacenter: Some("bad dc".into()),
                    ..flags()
                },
                "datacenter",
            ),
            (
                AgentFlags {
                    node_id: Some("nope".into()),
                    ..flags()
                },
                "node_id",
            ),
            (
                AgentFlags {
                    encrypt: Some("c2hvcnQ=".into()),
                    ..flags()
                },
                "encrypt",
            ),
            (
                AgentFlags {
                    encrypt: Some("!!".into()),
                    ..flags()
                },
                "encrypt",
            ),
            (
                AgentFlags {
                    log_level: Some("loud".into()),
                    ..flags()
                },
                "log_level",
            ),
            (
                AgentFlags {
                    bind_addr: Some("nowhere".into()),
                    ..flags()
                },
                "bind_addr",
            ),
            (
                AgentFlags {
                    retry_interval: Some("30".into()),
                    ..flags()
                },
                "retry_interval",
            ),
            (
                AgentFlags {
                    data_dir: None,
                    ..flags()
                },
                "data_dir",
            ),
            (
                AgentFlags {
                    server: Some(true),
                    bootstrap: Some(true),
                    bootstrap_expect: Some(3),
                    ..flags()
                },
                "bootstrap_expect",
            ),
            (
                AgentFlags {
                    bootstrap_expect: Some(1),
                    ..flags()
                },
                "bootstrap_expect",
            ),
        ];
        for (f, key) in cases {
            let err = Config::build(&f).unwrap_err().to_string();
            assert!(err.contains(key), "{err} should name {key}");
        }
    }

    #[test]
    fn bootstrap_expect_one_bootstraps() {
        let c = Config::build(&AgentFlags {
            server: Some(true),
            bootstrap_expect: Some(1),
            ..flags()
        })
        .unwrap();
        assert!(c.bootstrap);
        assert_eq!(c.server_address().unwrap().to_string(), "127.0.0.1:8300");
    }

    #[test]
    fn gossip_timing_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        std::fs::write(
            &path,
            r#"{"gossip_lan":{"probe_interval":"2s","suspicion_mult":3},"leave_on_terminate":true}"#,
        )
        .unwrap();
        let c = Config::build(&AgentFlags {
            config_file: vec![path.clone()],
            ..flags()
        })
        .unwrap();
        assert_eq!(c.gossip_lan.probe_interval, Duration::from_secs(2));
        assert_eq!(c.gossip_lan.suspicion_mult, 3);
        assert_eq!(c.gossip_lan.probe_timeout, Duration::from_millis(500));
        assert_eq!(c.gossip_wan, GossipTiming::WAN);
        assert!(c.leave_on_terminate);
        // Clients leave on interrupt by default, servers do not.
        assert!(!c.skip_leave_on_interrupt);
        let server = Config::build(&AgentFlags {
            server: Some(true),
            ..flags()
        })
        .unwrap();
        assert!(server.skip_leave_on_interrupt && !server.leave_on_terminate);
        for bad in [
            r#"{"gossip_lan":{"probe_timeout":"3s"}}"#,
            r#"{"gossip_lan":{"gossip_nodes":0}}"#,
            r#"{"gossip_wan":{"probe_interval":"soon"}}"#,
            r#"{"reconnect_timeout":"1h"}"#,
        ] {
            std::fs::write(&path, bad).unwrap();
            let err = Config::build(&AgentFlags {
                config_file: vec![path.clone()],
                ..flags()
            })
            .unwrap_err()
            .to_string();
            assert!(
                err.contains("gossip_") || err.contains("reconnect_timeout"),
                "{bad}: {err}"
            );
        }
        let err = Config::build(&AgentFlags {
            retry_join_wan: vec!["10.0.0.1".into()],
            ..flags()
        })
        .unwrap_err();
        assert!(err.to_string().contains("only servers"), "{err}");
    }

    #[test]
    fn hcl_definitions_are_read_like_json_ones() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("agent.hcl");
        std::fs::write(
            &file,
            r#"
            service {
              name = "web"
              port = 80
              check {
                ttl = "10s"
              }
              check {
                ttl = "20s"
              }
            }
            services {
              name = "db"
              port = 5432
            }
            "#,
        )
        .unwrap();
        let c = Config::build(&AgentFlags {
            config_file: vec![file],
            dev: true,
            ..AgentFlags::default()
        })
        .unwrap();
        let mut names: Vec<(&str, usize)> = c
            .services
            .iter()
            .map(|s| (s.service.service.as_str(), s.checks.len()))
            .collect();
        names.sort();
        assert_eq!(names, [("db", 0), ("web", 2)]);
    }

    #[test]
    fn service_and_check_definitions_are_read_and_bad_ones_name_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.json");
        std::fs::write(
            &good,
            r#"{"service": {"Name": "web", "Port": 80, "Checks": [{"TTL": "10s"}]},
                "checks": [{"name": "disk", "script_args": ["true"], "interval": "5s"}]}"#,
        )
        .unwrap();
        let flags = AgentFlags {
            config_file: vec![good.clone()],
            dev: true,
            ..AgentFlags::default()
        };
        let c = Config::build(&flags).unwrap();
        assert_eq!(c.services.len(), 1);
        assert_eq!(c.services[0].service.service, "web");
        assert_eq!(c.services[0].checks.len(), 1);
        assert_eq!(c.checks[0].name, "disk");
        assert_eq!(
            c.checks[0].definition.as_ref().unwrap().script_args,
            ["true"]
        );
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, r#"{"services": [{"Name": "x", "Port": "eighty"}]}"#).unwrap();
        let flags = AgentFlags {
            config_file: vec![bad],
            dev: true,
            ..AgentFlags::default()
        };
        let err = Config::build(&flags).unwrap_err().to_string();
        assert!(
            err.contains("bad.json") && err.contains("services[0]"),
            "{err}"
        );
    }

    #[test]
    fn missing_config_file_is_an_error() {
        let err = Config::build(&AgentFlags {
            config_file: vec!["/nonexistent/roster.json".into()],
            ..flags()
        })
        .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/roster.json"));
    }
}

//! Consul-format JSON configuration files: `-config-file` and `-config-dir`.
//!
//! Keys are Consul's (snake_case). Unknown keys produce warnings, not
//! errors, so a config written for Consul starts a Roster agent. Malformed
//! JSON is an error naming the file, line and column. Files merge in the
//! order given: later scalars win, lists are appended.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::Deserialize;
use serde_json::Value;

use super::ConfigError;

/// Port settings (`ports { ... }`); -1 disables a listener.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct PortsFile {
    pub http: Option<i64>,
    pub https: Option<i64>,
    pub grpc: Option<i64>,
    pub grpc_tls: Option<i64>,
    pub dns: Option<i64>,
    pub server: Option<i64>,
    pub serf_lan: Option<i64>,
    pub serf_wan: Option<i64>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// Per-listener bind addresses (`addresses { ... }`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct AddressesFile {
    pub http: Option<String>,
    pub https: Option<String>,
    pub grpc: Option<String>,
    pub dns: Option<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `performance { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct PerformanceFile {
    pub raft_multiplier: Option<i64>,
    pub rpc_hold_timeout: Option<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `autopilot { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct AutopilotFile {
    pub cleanup_dead_servers: Option<bool>,
    pub last_contact_threshold: Option<String>,
    pub max_trailing_logs: Option<i64>,
    pub min_quorum: Option<i64>,
    pub server_stabilization_time: Option<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `ui_config { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct UiConfigFile {
    pub enabled: Option<bool>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `gossip_lan { ... }` / `gossip_wan { ... }`: gossip timing.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct GossipFile {
    pub gossip_nodes: Option<i64>,
    pub gossip_interval: Option<String>,
    pub probe_interval: Option<String>,
    pub probe_timeout: Option<String>,
    pub retransmit_mult: Option<i64>,
    pub suspicion_mult: Option<i64>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `dns_config { soa { ... } }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct SoaFile {
    pub refresh: Option<i64>,
    pub retry: Option<i64>,
    pub expire: Option<i64>,
    pub min_ttl: Option<i64>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `dns_config { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct DnsConfigFile {
    pub allow_stale: Option<bool>,
    pub max_stale: Option<String>,
    pub node_ttl: Option<String>,
    pub service_ttl: Option<BTreeMap<String, String>>,
    pub udp_answer_limit: Option<i64>,
    pub a_record_limit: Option<i64>,
    pub only_passing: Option<bool>,
    pub enable_truncate: Option<bool>,
    pub recursor_timeout: Option<String>,
    pub recursor_strategy: Option<String>,
    pub enable_additional_node_meta_txt: Option<bool>,
    pub disable_compression: Option<bool>,
    pub use_cache: Option<bool>,
    pub cache_max_age: Option<String>,
    pub soa: Option<SoaFile>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// One configuration file (or the merge of several).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct FileConfig {
    pub server: Option<bool>,
    pub bootstrap: Option<bool>,
    pub bootstrap_expect: Option<i64>,
    pub data_dir: Option<String>,
    pub node_name: Option<String>,
    pub node_id: Option<String>,
    pub datacenter: Option<String>,
    pub bind_addr: Option<String>,
    pub advertise_addr: Option<String>,
    pub client_addr: Option<String>,
    pub log_level: Option<String>,
    pub ui: Option<bool>,
    pub ui_config: Option<UiConfigFile>,
    pub gossip_lan: Option<GossipFile>,
    pub gossip_wan: Option<GossipFile>,
    pub encrypt: Option<String>,
    pub retry_join: Option<Vec<String>>,
    pub start_join: Option<Vec<String>>,
    pub retry_interval: Option<String>,
    pub retry_max: Option<i64>,
    pub retry_join_wan: Option<Vec<String>>,
    pub start_join_wan: Option<Vec<String>>,
    pub retry_interval_wan: Option<String>,
    pub retry_max_wan: Option<i64>,
    pub advertise_addr_wan: Option<String>,
    pub encrypt_verify_incoming: Option<bool>,
    pub encrypt_verify_outgoing: Option<bool>,
    pub leave_on_terminate: Option<bool>,
    pub skip_leave_on_interrupt: Option<bool>,
    pub rejoin_after_leave: Option<bool>,
    pub enable_script_checks: Option<bool>,
    pub enable_local_script_checks: Option<bool>,
    pub service: Option<Value>,
    pub services: Option<Vec<Value>>,
    pub check: Option<Value>,
    pub checks: Option<Vec<Value>>,
    pub raft_snapshot_threshold: Option<i64>,
    pub raft_trailing_logs: Option<i64>,
    pub reconnect_timeout: Option<String>,
    pub reconnect_timeout_wan: Option<String>,
    pub session_ttl_min: Option<String>,
    pub domain: Option<String>,
    pub alt_domain: Option<String>,
    pub recursors: Option<Vec<String>>,
    pub dns_config: Option<DnsConfigFile>,
    pub ports: Option<PortsFile>,
    pub addresses: Option<AddressesFile>,
    pub performance: Option<PerformanceFile>,
    pub autopilot: Option<AutopilotFile>,
    pub acl: Option<super::acl::AclFile>,
    #[serde(flatten)]
    pub legacy_acl: super::acl::LegacyAclFile,
    pub tls: Option<super::tls::TlsFile>,
    #[serde(flatten)]
    pub legacy_tls: super::tls::LegacyTlsFile,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

impl FileConfig {
    /// Merges `later` over `self`: scalars from `later` win, lists append.
    pub fn merge(&mut self, later: FileConfig) {
        take!(
            self,
            later,
            server,
            bootstrap,
            bootstrap_expect,
            data_dir,
            node_name,
            node_id,
            datacenter,
            bind_addr,
            advertise_addr,
            client_addr,
            log_level,
            ui,
            encrypt,
            retry_interval,
            retry_max,
            retry_interval_wan,
            retry_max_wan,
            advertise_addr_wan,
            encrypt_verify_incoming,
            encrypt_verify_outgoing,
            leave_on_terminate,
            skip_leave_on_interrupt,
            rejoin_after_leave,
            enable_script_checks,
            enable_local_script_checks,
            raft_snapshot_threshold,
            raft_trailing_logs,
            reconnect_timeout,
            reconnect_timeout_wan,
            session_ttl_min,
            domain,
            alt_domain
        );
        for (dst, src) in [
            (&mut self.retry_join, later.retry_join),
            (&mut self.start_join, later.start_join),
            (&mut self.retry_join_wan, later.retry_join_wan),
            (&mut self.start_join_wan, later.start_join_wan),
            (&mut self.recursors, later.recursors),
        ] {
            if let Some(items) = src {
                dst.get_or_insert_with(Vec::new).extend(items);
            }
        }
        if let Some(p) = later.ports {
            let dst = self.ports.get_or_insert_with(Default::default);
            take!(
                dst, p, http, https, grpc, grpc_tls, dns, server, serf_lan, serf_wan
            );
        }
        if let Some(a) = later.addresses {
            let dst = self.addresses.get_or_insert_with(Default::default);
            take!(dst, a, http, https, grpc, dns);
        }
        if let Some(p) = later.performance {
            let dst = self.performance.get_or_insert_with(Default::default);
            take!(dst, p, raft_multiplier, rpc_hold_timeout);
        }
        if let Some(a) = later.autopilot {
            let dst = self.autopilot.get_or_insert_with(Default::default);
            take!(
                dst,
                a,
                cleanup_dead_servers,
                last_contact_threshold,
                max_trailing_logs,
                min_quorum,
                server_stabilization_time
            );
        }
        if let Some(d) = later.dns_config {
            let dst = self.dns_config.get_or_insert_with(Default::default);
            take!(
                dst,
                d,
                allow_stale,
                max_stale,
                node_ttl,
                udp_answer_limit,
                a_record_limit,
                only_passing,
                enable_truncate,
                recursor_timeout,
                recursor_strategy,
                enable_additional_node_meta_txt,
                disable_compression,
                use_cache,
                cache_max_age
            );
            if let Some(ttls) = d.service_ttl {
                dst.service_ttl
                    .get_or_insert_with(Default::default)
                    .extend(ttls);
            }
            if let Some(soa) = d.soa {
                let s = dst.soa.get_or_insert_with(Default::default);
                take!(s, soa, refresh, retry, expire, min_ttl);
            }
        }
        if let Some(a) = later.acl {
            self.acl.get_or_insert_with(Default::default).merge(a);
        }
        self.legacy_acl.merge(later.legacy_acl);
        if let Some(t) = later.tls {
            self.tls.get_or_insert_with(Default::default).merge(t);
        }
        self.legacy_tls.merge(later.legacy_tls);
        if let Some(u) = later.ui_config {
            let dst = self.ui_config.get_or_insert_with(Default::default);
            take!(dst, u, enabled);
        }
        for (dst, src) in [
            (&mut self.gossip_lan, later.gossip_lan),
            (&mut self.gossip_wan, later.gossip_wan),
        ] {
            if let Some(g) = src {
                let dst = dst.get_or_insert_with(Default::default);
                take!(
                    dst,
                    g,
                    gossip_nodes,
                    gossip_interval,
                    probe_interval,
                    probe_timeout,
                    retransmit_mult,
                    suspicion_mult
                );
            }
        }
    }

    /// Dotted names of keys this version does not know.
    pub fn unknown_keys(&self) -> Vec<String> {
        let mut out: Vec<String> = self.unknown.keys().cloned().collect();
        let nested = [
            ("ports", self.ports.as_ref().map(|p| &p.unknown)),
            ("addresses", self.addresses.as_ref().map(|a| &a.unknown)),
            ("performance", self.performance.as_ref().map(|p| &p.unknown)),
            ("autopilot", self.autopilot.as_ref().map(|a| &a.unknown)),
            ("ui_config", self.ui_config.as_ref().map(|u| &u.unknown)),
            ("dns_config", self.dns_config.as_ref().map(|d| &d.unknown)),
            (
                "dns_config.soa",
                self.dns_config
                    .as_ref()
                    .and_then(|d| d.soa.as_ref())
                    .map(|s| &s.unknown),
            ),
            ("acl", self.acl.as_ref().map(|a| &a.unknown)),
            (
                "acl.tokens",
                self.acl
                    .as_ref()
                    .and_then(|a| a.tokens.as_ref())
                    .map(|t| &t.unknown),
            ),
            ("gossip_lan", self.gossip_lan.as_ref().map(|g| &g.unknown)),
            ("gossip_wan", self.gossip_wan.as_ref().map(|g| &g.unknown)),
        ];
        for (section, unknown) in nested {
            if let Some(unknown) = unknown {
                out.extend(unknown.keys().map(|k| format!("{section}.{k}")));
            }
        }
        if let Some(tls) = &self.tls {
            out.extend(tls.unknown_keys());
        }
        out
    }
}

/// Parses one JSON file's text; `path` is only for messages.
pub fn parse_json(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
    serde_json::from_str(text).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })
}

/// Reads one file.
pub fn load_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("hcl") => parse_hcl(path, &text),
        _ => parse_json(path, &text),
    }
}

/// Parses one HCL file's text, read into HCL's JSON form (a labelled block
/// `service "web" { ... }` is `{"service": {"web": {...}}}`, a repeated
/// block a list) and then as the JSON file it stands for.
pub fn parse_hcl(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
    let error = |detail: String| ConfigError::File {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        detail,
    };
    // hcl-rs can take exponential time on expressions Consul's HCL does not
    // have (see `hcl_guard`).
    crate::hcl_guard::check(text).map_err(|e| ConfigError::File {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        detail: e.detail,
    })?;
    let mut value: serde_json::Value = hcl::from_str(text).map_err(|e| match e {
        hcl::Error::Parse(parse) => ConfigError::File {
            path: path.to_path_buf(),
            line: parse.location().line(),
            column: parse.location().column(),
            detail: parse.message().to_string(),
        },
        other => error(other.to_string()),
    })?;
    lists_of_blocks(&mut value);
    // And a service's own check blocks.
    for key in ["service", "services"] {
        match value.get_mut(key) {
            Some(serde_json::Value::Array(services)) => {
                services.iter_mut().for_each(lists_of_blocks);
            }
            Some(service) => lists_of_blocks(service),
            None => {}
        }
    }
    serde_json::from_value(value).map_err(|e| error(e.to_string()))
}

/// HCL's JSON form gives a block written once as an object and a block
/// written several times as a list. Consul's definition keys take both
/// shapes from HCL: `services { }` once is a list of one, and `service { }`
/// (or `check { }`) repeated joins the plural key's list.
fn lists_of_blocks(value: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(map) = value else {
        return;
    };
    for (single, plural) in [("service", "services"), ("check", "checks")] {
        if let Some(one @ Value::Object(_)) = map.get_mut(plural) {
            *one = Value::Array(vec![one.take()]);
        }
        if matches!(map.get(single), Some(Value::Array(_)))
            && let Some(Value::Array(items)) = map.remove(single)
        {
            // A plural key that is not a list is left for the reader to refuse.
            if let Value::Array(list) = map
                .entry(plural)
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                list.extend(items);
            }
        }
    }
}

/// The `*.json` files of a directory in lexical order (other extensions are
/// ignored, not recursive), as Consul reads `-config-dir`.
pub fn dir_files(dir: &Path) -> Result<Vec<PathBuf>, ConfigError> {
    let io = |e: std::io::Error| ConfigError::Io {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file()
            && matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "hcl")
            )
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_consul_keys_and_reports_unknown_ones() {
        let text = r#"{
            "datacenter": "east", "server": true, "bootstrap_expect": 3,
            "ports": {"http": 9500, "dns": -1, "bogus_port": 1},
            "retry_join": ["a"], "acl": {"enabled": true, "bogus": 1}
        }"#;
        let c = parse_json(Path::new("x.json"), text).unwrap();
        assert_eq!(c.datacenter.as_deref(), Some("east"));
        assert_eq!(c.ports.as_ref().unwrap().http, Some(9500));
        assert_eq!(c.ports.as_ref().unwrap().dns, Some(-1));
        assert_eq!(c.unknown_keys(), vec!["ports.bogus_port", "acl.bogus"]);
    }

    #[test]
    fn malformed_json_names_file_and_line() {
        let err = parse_json(
            Path::new("/etc/roster/a.json"),
            "{\n  \"server\": true,\n  oops\n}",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("/etc/roster/a.json"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn hcl_expressions_are_refused_before_the_parser_sees_them() {
        // The shape fuzzing found in ACL rules, in a configuration file.
        let text = "datacenter = \"dc1\"\nretry_join = [o*o[o*o[o*o[o*o[o*o[o*o[o*o[o*o[o*o[o*o|";
        match parse_hcl(Path::new("agent.hcl"), text) {
            Err(ConfigError::File {
                path,
                line,
                column,
                detail,
            }) => {
                assert_eq!(path, Path::new("agent.hcl"));
                assert_eq!((line, column), (2, 16), "{detail}");
                assert!(detail.contains("'*'"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hcl_files_read_as_their_json_form() {
        // Consul's seed deployment, in HCL and in JSON.
        let hcl = r#"
            # comments, as Consul's HCL files have them
            datacenter       = "dc1"
            server           = true
            bootstrap_expect = 3
            retry_join       = ["127.0.0.1:8301", "127.0.0.1:8311"]
            encrypt          = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s="
            ports {
              http = 8500
              dns  = 8600
            }
            acl {
              enabled        = true
              default_policy = "deny"
              down_policy    = "extend-cache"
              tokens {
                master = "3d3b4a3e-2e4b-4d1a-9f5f-6b7c0d2f7c11"
                agent  = "8b1f5c53-5f41-4a4c-9f77-2a1d4c9d0b22"
              }
            }
        "#;
        let json = r#"{
            "datacenter": "dc1", "server": true, "bootstrap_expect": 3,
            "retry_join": ["127.0.0.1:8301", "127.0.0.1:8311"],
            "encrypt": "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=",
            "ports": {"http": 8500, "dns": 8600},
            "acl": {"enabled": true, "default_policy": "deny", "down_policy": "extend-cache",
                    "tokens": {"master": "3d3b4a3e-2e4b-4d1a-9f5f-6b7c0d2f7c11",
                               "agent": "8b1f5c53-5f41-4a4c-9f77-2a1d4c9d0b22"}}
        }"#;
        let from_hcl = parse_hcl(Path::new("seed.hcl"), hcl).unwrap();
        let from_json = parse_json(Path::new("seed.json"), json).unwrap();
        assert_eq!(from_hcl, from_json);
        assert_eq!(from_hcl.bootstrap_expect, Some(3));
        assert_eq!(from_hcl.ports.as_ref().unwrap().dns, Some(8600));
        // Errors name the file and what is wrong.
        let err = parse_hcl(Path::new("/etc/roster/a.hcl"), "server = true\nports {")
            .unwrap_err()
            .to_string();
        assert!(err.contains("/etc/roster/a.hcl at line 2"), "{err}");
        let err = parse_hcl(Path::new("b.hcl"), "server = \"yes\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.hcl") && err.contains("bool"), "{err}");
    }

    #[test]
    fn hcl_service_and_check_blocks_once_or_repeated() {
        let hcl = r#"
            service {
              name = "web"
              port = 80
              check {
                name     = "a"
                ttl      = "10s"
              }
              check {
                name     = "b"
                ttl      = "10s"
              }
            }
            service {
              name = "api"
              port = 81
            }
            services {
              name = "db"
              port = 5432
              checks {
                name = "c"
                ttl  = "30s"
              }
            }
            check {
              name = "disk"
              ttl  = "1m"
            }
        "#;
        let c = parse_hcl(Path::new("services.hcl"), hcl).unwrap();
        assert_eq!(c.service, None);
        let services = c.services.unwrap();
        let names: Vec<&str> = services
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["db", "web", "api"]);
        assert_eq!(services[0]["checks"].as_array().unwrap().len(), 1);
        assert_eq!(services[1]["checks"].as_array().unwrap().len(), 2);
        assert!(services[1].get("check").is_none());
        assert!(c.check.unwrap().is_object(), "one check block stays one");
    }

    #[test]
    fn wrong_types_are_errors() {
        assert!(parse_json(Path::new("a.json"), r#"{"server": "yes"}"#).is_err());
        assert!(parse_json(Path::new("a.json"), r#"{"ports": {"http": "80"}}"#).is_err());
    }

    #[test]
    fn later_scalars_win_and_lists_append() {
        let mut a = parse_json(
            Path::new("a"),
            r#"{"node_name":"a","retry_join":["x"],"ports":{"http":1,"dns":2}}"#,
        )
        .unwrap();
        let b = parse_json(
            Path::new("b"),
            r#"{"node_name":"b","retry_join":["y"],"ports":{"http":3}}"#,
        )
        .unwrap();
        a.merge(b);
        assert_eq!(a.node_name.as_deref(), Some("b"));
        assert_eq!(a.retry_join, Some(vec!["x".into(), "y".into()]));
        let ports = a.ports.unwrap();
        assert_eq!((ports.http, ports.dns), (Some(3), Some(2)));
    }
}

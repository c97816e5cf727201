//! The `tls { ... }` block and Consul's older top-level TLS keys.
//!
//! ```hcl
//! tls {
//!   defaults {                       # every interface unless overridden
//!     ca_file   = "consul-agent-ca.pem"
//!     cert_file = "dc1-server-consul-0.pem"
//!     key_file  = "dc1-server-consul-0-key.pem"
//!     verify_incoming = true         # require a client certificate
//!     verify_outgoing = true         # server RPC over TLS, verified
//!     tls_min_version = "TLSv1_2"    # TLSv1_2 (default) | TLSv1_3
//!     tls_cipher_suites = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,..."
//!   }
//!   internal_rpc { verify_server_hostname = true }
//!   https { verify_incoming = false }
//!   grpc { }
//! }
//! ports { https = 8501, grpc_tls = 8503 }
//! ```
//!
//! Consul's pre-1.12 top-level keys still read, as Consul maps them:
//! `ca_file`, `ca_path`, `cert_file`, `key_file`, `verify_incoming`,
//! `verify_outgoing`, `tls_min_version`, `tls_cipher_suites` into
//! `tls.defaults`; `verify_incoming_rpc` and `verify_server_hostname` into
//! `tls.internal_rpc`; `verify_incoming_https` into `tls.https`; the old
//! `verify_incoming` does not reach gRPC (which could not verify clients
//! before 1.12). A key of the `tls` block wins over its older name.
//!
//! Only what the files say is checked here; the certificates themselves are
//! read when the agent starts (`crate::tls`), so that a reload reads them
//! again.

use std::{collections::BTreeMap, path::PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::{ConfigError, invalid};

/// One section of the `tls` block (`defaults`, `https`, `grpc`,
/// `internal_rpc`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct TlsSectionFile {
    pub ca_file: Option<String>,
    pub ca_path: Option<String>,
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
    pub tls_min_version: Option<String>,
    pub tls_cipher_suites: Option<String>,
    pub verify_incoming: Option<bool>,
    pub verify_outgoing: Option<bool>,
    pub verify_server_hostname: Option<bool>,
    pub use_auto_cert: Option<bool>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `tls { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct TlsFile {
    pub defaults: Option<TlsSectionFile>,
    pub https: Option<TlsSectionFile>,
    pub grpc: Option<TlsSectionFile>,
    pub internal_rpc: Option<TlsSectionFile>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// Consul's pre-1.12 top-level TLS keys.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct LegacyTlsFile {
    pub ca_file: Option<String>,
    pub ca_path: Option<String>,
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
    pub verify_incoming: Option<bool>,
    pub verify_incoming_rpc: Option<bool>,
    pub verify_incoming_https: Option<bool>,
    pub verify_outgoing: Option<bool>,
    pub verify_server_hostname: Option<bool>,
    pub tls_min_version: Option<String>,
    pub tls_cipher_suites: Option<String>,
    pub tls_prefer_server_cipher_suites: Option<bool>,
}

impl TlsSectionFile {
    fn merge(&mut self, later: TlsSectionFile) {
        take!(
            self,
            later,
            ca_file,
            ca_path,
            cert_file,
            key_file,
            tls_min_version,
            tls_cipher_suites,
            verify_incoming,
            verify_outgoing,
            verify_server_hostname,
            use_auto_cert
        );
        self.unknown.extend(later.unknown);
    }
}

impl TlsFile {
    /// Merges `later` over `self`, key by key.
    pub fn merge(&mut self, later: TlsFile) {
        for (dst, src) in [
            (&mut self.defaults, later.defaults),
            (&mut self.https, later.https),
            (&mut self.grpc, later.grpc),
            (&mut self.internal_rpc, later.internal_rpc),
        ] {
            if let Some(src) = src {
                dst.get_or_insert_with(Default::default).merge(src);
            }
        }
        self.unknown.extend(later.unknown);
    }

    /// Dotted names of the keys of the block this version does not know.
    pub fn unknown_keys(&self) -> Vec<String> {
        let mut out: Vec<String> = self.unknown.keys().map(|k| format!("tls.{k}")).collect();
        for (name, section) in [
            ("defaults", &self.defaults),
            ("https", &self.https),
            ("grpc", &self.grpc),
            ("internal_rpc", &self.internal_rpc),
        ] {
            if let Some(s) = section {
                out.extend(s.unknown.keys().map(|k| format!("tls.{name}.{k}")));
            }
        }
        out
    }
}

impl LegacyTlsFile {
    /// Merges `later` over `self`.
    pub fn merge(&mut self, later: LegacyTlsFile) {
        take!(
            self,
            later,
            ca_file,
            ca_path,
            cert_file,
            key_file,
            verify_incoming,
            verify_incoming_rpc,
            verify_incoming_https,
            verify_outgoing,
            verify_server_hostname,
            tls_min_version,
            tls_cipher_suites,
            tls_prefer_server_cipher_suites
        );
    }
}

/// The lowest TLS version an interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    /// TLS 1.2 (Consul's default).
    Tls12,
    /// TLS 1.3.
    Tls13,
}

/// The TLS 1.2 cipher suites an interface may offer, by Go's names (the
/// names Consul's `tls_cipher_suites` takes), as rustls supports them. TLS
/// 1.3's suites are not configurable (as in Consul).
pub const CIPHER_SUITES: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];

/// Suites Consul accepts that rustls does not implement (CBC modes, RSA
/// key exchange): named in the error so that the operator knows why.
const UNSUPPORTED_SUITES: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
];

/// The TLS settings of one interface, defaults applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterfaceTls {
    /// PEM file of trusted CA certificates.
    pub ca_file: Option<PathBuf>,
    /// Directory of PEM files of trusted CA certificates.
    pub ca_path: Option<PathBuf>,
    /// PEM certificate chain this agent presents.
    pub cert_file: Option<PathBuf>,
    /// PEM private key of `cert_file`.
    pub key_file: Option<PathBuf>,
    /// Lowest version spoken (`None`: TLS 1.2).
    pub min_version: Option<TlsVersion>,
    /// TLS 1.2 suites offered, Go's names; empty: rustls's safe defaults.
    pub cipher_suites: Vec<String>,
    /// Incoming connections must be TLS with a certificate signed by the CA.
    pub verify_incoming: bool,
    /// Outgoing server RPC is TLS and the server's certificate is verified
    /// (`defaults` and `internal_rpc` only).
    pub verify_outgoing: bool,
    /// The server's certificate must name `server.<datacenter>.<domain>`
    /// (`internal_rpc` only).
    pub verify_server_hostname: bool,
}

impl InterfaceTls {
    /// A certificate to present is configured.
    pub fn has_cert(&self) -> bool {
        self.cert_file.is_some()
    }

    /// Trusted CAs are configured.
    pub fn has_ca(&self) -> bool {
        self.ca_file.is_some() || self.ca_path.is_some()
    }

    /// The lowest version spoken.
    pub fn min_version(&self) -> TlsVersion {
        self.min_version.unwrap_or(TlsVersion::Tls12)
    }
}

/// The validated TLS settings of every interface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsConfig {
    /// The HTTPS API (`ports.https`).
    pub https: InterfaceTls,
    /// The gRPC API over TLS (`ports.grpc_tls`).
    pub grpc: InterfaceTls,
    /// Server RPC and Raft (the server port), incoming and outgoing.
    pub internal_rpc: InterfaceTls,
    /// The name a server's certificate must carry under
    /// `verify_server_hostname`: `server.<datacenter>.<domain>`.
    pub server_name: String,
}

fn path(value: Option<&String>) -> Option<PathBuf> {
    value.filter(|s| !s.is_empty()).map(PathBuf::from)
}

fn version(
    key: &'static str,
    value: &str,
    warnings: &mut Vec<String>,
) -> Result<TlsVersion, ConfigError> {
    match value {
        "TLSv1_2" | "tls12" => Ok(TlsVersion::Tls12),
        "TLSv1_3" | "tls13" => Ok(TlsVersion::Tls13),
        "TLSv1_0" | "TLSv1_1" | "tls10" | "tls11" => {
            warnings.push(format!(
                "{key} = {value:?}: TLS 1.0 and 1.1 are not spoken (rustls); TLS 1.2 is the lowest"
            ));
            Ok(TlsVersion::Tls12)
        }
        other => Err(invalid(
            key,
            format!("{other:?} is not one of \"TLSv1_2\" or \"TLSv1_3\""),
        )),
    }
}

fn suites(key: &'static str, value: &str) -> Result<Vec<String>, ConfigError> {
    let mut out = Vec::new();
    for name in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if CIPHER_SUITES.contains(&name) {
            out.push(name.to_string());
        } else if UNSUPPORTED_SUITES.contains(&name) {
            return Err(invalid(
                key,
                format!(
                    "{name} is not supported (no CBC or RSA key exchange suites); use one of {}",
                    CIPHER_SUITES.join(", ")
                ),
            ));
        } else {
            return Err(invalid(
                key,
                format!(
                    "{name:?} is not a known cipher suite; use one of {}",
                    CIPHER_SUITES.join(", ")
                ),
            ));
        }
    }
    Ok(out)
}

/// The keys of each interface's settings, for messages.
struct Keys {
    pair: &'static str,
    verify_incoming: &'static str,
    verify_outgoing: &'static str,
    min_version: &'static str,
    cipher_suites: &'static str,
}

const KEYS: [Keys; 3] = [
    Keys {
        pair: "tls.https.cert_file",
        verify_incoming: "tls.https.verify_incoming",
        verify_outgoing: "tls.https.verify_outgoing",
        min_version: "tls.https.tls_min_version",
        cipher_suites: "tls.https.tls_cipher_suites",
    },
    Keys {
        pair: "tls.grpc.cert_file",
        verify_incoming: "tls.grpc.verify_incoming",
        verify_outgoing: "tls.grpc.verify_outgoing",
        min_version: "tls.grpc.tls_min_version",
        cipher_suites: "tls.grpc.tls_cipher_suites",
    },
    Keys {
        pair: "tls.internal_rpc.cert_file",
        verify_incoming: "tls.internal_rpc.verify_incoming",
        verify_outgoing: "tls.internal_rpc.verify_outgoing",
        min_version: "tls.internal_rpc.tls_min_version",
        cipher_suites: "tls.internal_rpc.tls_cipher_suites",
    },
];

/// Builds the TLS settings from the merged files; `server_name` is
/// `server.<datacenter>.<domain>`.
pub fn build(
    tls: Option<&TlsFile>,
    legacy: &LegacyTlsFile,
    server_name: String,
    warnings: &mut Vec<String>,
) -> Result<TlsConfig, ConfigError> {
    let empty = TlsFile::default();
    let tls = tls.unwrap_or(&empty);
    if legacy.tls_prefer_server_cipher_suites.is_some() {
        warnings.push(
            "tls_prefer_server_cipher_suites is ignored: the server's order is always preferred"
                .into(),
        );
    }
    // Consul's mapping of the old keys: defaults, then the old
    // interface-specific keys, then the block's own sections.
    let mut defaults = TlsSectionFile {
        ca_file: legacy.ca_file.clone(),
        ca_path: legacy.ca_path.clone(),
        cert_file: legacy.cert_file.clone(),
        key_file: legacy.key_file.clone(),
        tls_min_version: legacy.tls_min_version.clone(),
        tls_cipher_suites: legacy.tls_cipher_suites.clone(),
        verify_incoming: legacy.verify_incoming,
        verify_outgoing: legacy.verify_outgoing,
        ..Default::default()
    };
    if let Some(d) = &tls.defaults {
        if d.verify_server_hostname.is_some() {
            return Err(invalid(
                "tls.defaults.verify_server_hostname",
                "belongs in tls.internal_rpc",
            ));
        }
        defaults.merge(d.clone());
    }
    let legacy_https = TlsSectionFile {
        verify_incoming: legacy.verify_incoming_https,
        ..Default::default()
    };
    let legacy_rpc = TlsSectionFile {
        verify_incoming: legacy.verify_incoming_rpc,
        verify_server_hostname: legacy.verify_server_hostname,
        ..Default::default()
    };
    // Before Consul 1.12 the gRPC port could not ask for client
    // certificates, so the old top-level `verify_incoming` does not reach
    // it (Consul's `applyDeprecatedTLSConfig`); only `tls.grpc` can.
    let legacy_grpc = TlsSectionFile {
        verify_incoming: legacy.verify_incoming.map(|_| false),
        ..Default::default()
    };
    let none = TlsSectionFile::default();
    let sections = [
        (&legacy_https, tls.https.as_ref().unwrap_or(&none)),
        (&legacy_grpc, tls.grpc.as_ref().unwrap_or(&none)),
        (&legacy_rpc, tls.internal_rpc.as_ref().unwrap_or(&none)),
    ];
    let mut built = Vec::new();
    for (i, (old, own)) in sections.into_iter().enumerate() {
        let keys = &KEYS[i];
        let internal = i == 2;
        if !internal && own.verify_outgoing.is_some() {
            return Err(invalid(
                keys.verify_outgoing,
                "only tls.defaults and tls.internal_rpc take verify_outgoing",
            ));
        }
        if !internal && own.verify_server_hostname.is_some() {
            return Err(invalid(
                "tls.verify_server_hostname",
                "only tls.internal_rpc takes verify_server_hostname",
            ));
        }
        let mut s = defaults.clone();
        s.merge(old.clone());
        s.merge(own.clone());
        let verify_server_hostname = internal && s.verify_server_hostname.unwrap_or(false);
        let iface = InterfaceTls {
            ca_file: path(s.ca_file.as_ref()),
            ca_path: path(s.ca_path.as_ref()),
            cert_file: path(s.cert_file.as_ref()),
            key_file: path(s.key_file.as_ref()),
            min_version: s
                .tls_min_version
                .as_deref()
                .map(|v| version(keys.min_version, v, warnings))
                .transpose()?,
            cipher_suites: s
                .tls_cipher_suites
                .as_deref()
                .map(|v| suites(keys.cipher_suites, v))
                .transpose()?
                .unwrap_or_default(),
            verify_incoming: s.verify_incoming.unwrap_or(false),
            // verify_server_hostname implies verify_outgoing (Consul 1.4.1
            // and later).
            verify_outgoing: internal
                && (s.verify_outgoing.unwrap_or(false) || verify_server_hostname),
            verify_server_hostname,
        };
        if iface.cert_file.is_some() != iface.key_file.is_some() {
            return Err(invalid(
                keys.pair,
                "cert_file and key_file must be set together",
            ));
        }
        if iface.verify_incoming && !iface.has_ca() {
            return Err(invalid(
                keys.verify_incoming,
                "verify_incoming needs ca_file or ca_path to check client certificates against",
            ));
        }
        if iface.verify_outgoing && !iface.has_ca() {
            return Err(invalid(
                keys.verify_outgoing,
                "verify_outgoing needs ca_file or ca_path to check servers' certificates against",
            ));
        }
        if iface.min_version() == TlsVersion::Tls13 && !iface.cipher_suites.is_empty() {
            return Err(invalid(
                keys.cipher_suites,
                "TLS 1.3's cipher suites are not configurable; drop tls_cipher_suites or lower tls_min_version",
            ));
        }
        if s.use_auto_cert == Some(true) {
            return Err(invalid(
                "tls.grpc.use_auto_cert",
                "auto-encrypt certificates are not supported",
            ));
        }
        built.push(iface);
    }
    let internal_rpc = built.pop().expect("three interfaces");
    let grpc = built.pop().expect("three interfaces");
    let https = built.pop().expect("three interfaces");
    Ok(TlsConfig {
        https,
        grpc,
        internal_rpc,
        server_name,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(v: Value) -> (Option<TlsFile>, LegacyTlsFile) {
        let tls = v
            .get("tls")
            .map(|t| serde_json::from_value::<TlsFile>(t.clone()).unwrap());
        let legacy = serde_json::from_value::<LegacyTlsFile>(v).unwrap();
        (tls, legacy)
    }

    fn built(v: Value) -> Result<TlsConfig, ConfigError> {
        let (tls, legacy) = parse(v);
        build(
            tls.as_ref(),
            &legacy,
            "server.dc1.consul".into(),
            &mut Vec::new(),
        )
    }

    #[test]
    fn defaults_apply_to_every_interface_and_sections_override_them() {
        let c = built(json!({"tls": {
            "defaults": {"ca_file": "ca.pem", "cert_file": "c.pem", "key_file": "k.pem",
                         "verify_incoming": true, "verify_outgoing": true},
            "https": {"verify_incoming": false, "cert_file": "h.pem", "key_file": "hk.pem"},
            "internal_rpc": {"verify_server_hostname": true}
        }}))
        .unwrap();
        assert!(!c.https.verify_incoming);
        assert_eq!(c.https.cert_file, Some(PathBuf::from("h.pem")));
        assert!(!c.https.verify_outgoing, "only internal RPC dials out");
        assert!(c.grpc.verify_incoming);
        assert_eq!(c.grpc.cert_file, Some(PathBuf::from("c.pem")));
        assert!(c.internal_rpc.verify_incoming);
        assert!(c.internal_rpc.verify_outgoing);
        assert!(c.internal_rpc.verify_server_hostname);
        assert!(!c.https.verify_server_hostname);
    }

    #[test]
    fn the_old_top_level_keys_map_as_consul_maps_them() {
        let c = built(json!({
            "ca_file": "ca.pem", "cert_file": "c.pem", "key_file": "k.pem",
            "verify_incoming": false, "verify_incoming_rpc": true,
            "verify_incoming_https": true, "verify_server_hostname": true,
            "tls_min_version": "tls13"
        }))
        .unwrap();
        assert!(c.internal_rpc.verify_incoming);
        assert!(c.https.verify_incoming);
        assert!(!c.grpc.verify_incoming);
        assert!(c.internal_rpc.verify_server_hostname);
        assert!(
            c.internal_rpc.verify_outgoing,
            "implied by verify_server_hostname"
        );
        assert_eq!(c.grpc.min_version(), TlsVersion::Tls13);
        assert_eq!(c.grpc.ca_file, Some(PathBuf::from("ca.pem")));
        // The old verify_incoming does not reach gRPC; tls.grpc does.
        let c = built(json!({"ca_file": "ca.pem", "verify_incoming": true})).unwrap();
        assert!(c.https.verify_incoming && c.internal_rpc.verify_incoming);
        assert!(!c.grpc.verify_incoming);
        let c = built(json!({"ca_file": "ca.pem", "verify_incoming": true,
                             "tls": {"grpc": {"verify_incoming": true}}}))
        .unwrap();
        assert!(c.grpc.verify_incoming);
        // The block wins over the old key.
        let c = built(json!({"verify_incoming_https": true,
                             "ca_file": "ca.pem",
                             "tls": {"https": {"verify_incoming": false}}}))
        .unwrap();
        assert!(!c.https.verify_incoming);
    }

    #[test]
    fn bad_settings_are_refused_with_the_key_at_fault() {
        let cases = [
            (json!({"cert_file": "c.pem"}), "tls.https.cert_file"),
            (
                json!({"tls": {"grpc": {"verify_incoming": true}}}),
                "tls.grpc.verify_incoming",
            ),
            (
                json!({"tls": {"defaults": {"verify_outgoing": true}}}),
                "tls.internal_rpc.verify_outgoing",
            ),
            (
                json!({"tls": {"https": {"verify_outgoing": true, "ca_file": "x"}}}),
                "tls.https.verify_outgoing",
            ),
            (
                json!({"tls": {"defaults": {"verify_server_hostname": true}}}),
                "tls.defaults.verify_server_hostname",
            ),
            (
                json!({"tls": {"defaults": {"tls_min_version": "SSLv3"}}}),
                "tls.https.tls_min_version",
            ),
            (
                json!({"tls_cipher_suites": "TLS_RSA_WITH_AES_128_CBC_SHA"}),
                "tls.https.tls_cipher_suites",
            ),
            (
                json!({"tls_cipher_suites": "TLS_NOPE"}),
                "tls.https.tls_cipher_suites",
            ),
            (
                json!({"tls_min_version": "TLSv1_3",
                       "tls_cipher_suites": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}),
                "tls.https.tls_cipher_suites",
            ),
        ];
        for (config, key) in cases {
            match built(config.clone()) {
                Err(ConfigError::Invalid { key: k, detail }) => {
                    assert_eq!(k, key, "{config}: {detail}");
                    assert!(!detail.is_empty());
                }
                other => panic!("{config}: {other:?}"),
            }
        }
    }

    #[test]
    fn cipher_suites_and_old_versions() {
        let mut warnings = Vec::new();
        let (tls, legacy) = parse(json!({
            "tls_min_version": "TLSv1_0",
            "tls_cipher_suites": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
            "tls_prefer_server_cipher_suites": true
        }));
        let c = build(tls.as_ref(), &legacy, "s".into(), &mut warnings).unwrap();
        assert_eq!(c.https.min_version(), TlsVersion::Tls12);
        assert_eq!(
            c.https.cipher_suites,
            [
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"
            ]
        );
        assert_eq!(warnings.len(), 4, "{warnings:?}");
    }
}

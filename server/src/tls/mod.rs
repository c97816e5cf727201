//! TLS for the agent: the HTTPS port, the gRPC TLS port, and server RPC
//! (the server port, which carries Raft and forwarded calls), incoming and
//! outgoing. Settings come from `tls` (see `config/tls.rs`); rustls with
//! ring does the work.
//!
//! What each setting does, as in Consul:
//! - `ports.https` and `ports.grpc_tls` speak only TLS; with
//!   `verify_incoming` a client must present a certificate signed by
//!   `ca_file` / `ca_path`.
//! - The server port, once a server has a certificate, takes both: a
//!   connection whose first byte opens a TLS handshake (0x16) gets TLS, any
//!   other plaintext gRPC, so that a cluster can move to TLS one agent at a
//!   time. With `tls.internal_rpc.verify_incoming` plaintext is refused and
//!   a client certificate is required.
//! - With `verify_outgoing` this agent's own server RPC (Raft, forwarding,
//!   a client agent's calls) is TLS, the server's certificate is checked
//!   against the CA, and this agent's certificate is presented when it has
//!   one. `verify_server_hostname` also requires the server's certificate
//!   to name `server.<datacenter>.<domain>`, so that a client certificate
//!   signed by the same CA cannot pose as a server.
//! - With both `tls.internal_rpc.verify_incoming` and
//!   `verify_server_hostname`, a server takes Raft's messages (the
//!   `RaftTransportService`) only from a peer whose certificate names
//!   `server.<datacenter>.<domain>`: a client agent's certificate, signed by
//!   the same CA, reaches the public services only (Consul's answer to
//!   CVE-2021-37219).
//!
//! The material (certificates, keys, CAs, rustls configurations) is one
//! per process, as the agent is: [`install`] puts it in place at start and
//! a reload ([`prepare_reload`], then [`install`]) replaces it on SIGHUP or
//! `/v1/agent/reload`. Each new connection takes the material current when
//! it opens, on every listener and dial (so a reload may also turn TLS on
//! for server RPC); open connections keep theirs. A reload that fails (a
//! missing file, a key that does not match) changes nothing and says why;
//! one that turns a verification off says so in the log.

mod listen;
mod verify;

use std::{
    path::{Path, PathBuf},
    sync::{Arc, RwLock},
};

use rustls::{
    ClientConfig, RootCertStore, ServerConfig,
    crypto::CryptoProvider,
    pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject},
};

pub use listen::{HttpsListener, RpcIncoming, RpcPeer, RpcStream, incoming};
pub use verify::ServerNameCheck;

use crate::config::tls::{InterfaceTls, TlsConfig, TlsVersion};

/// ALPN protocol of gRPC (HTTP/2).
pub const ALPN_H2: &[u8] = b"h2";
/// ALPN protocol of HTTP/1.1.
pub const ALPN_HTTP1: &[u8] = b"http/1.1";

/// Why TLS material cannot be used; names the file and the setting.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file cannot be read or holds nothing usable.
    #[error("{what} {path}: {detail}")]
    File {
        /// Which setting (`tls.https.cert_file`...).
        what: String,
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// rustls refused the combination (a key that does not match its
    /// certificate, no usable suite).
    #[error("{what}: {detail}")]
    Config {
        /// Which interface.
        what: String,
        /// Why.
        detail: String,
    },
}

/// Where incoming server RPC stands.
#[derive(Debug, Clone)]
pub struct RpcServer {
    /// The configuration TLS connections are accepted with.
    pub config: Arc<ServerConfig>,
    /// Plaintext is refused and a client certificate required
    /// (`verify_incoming`).
    pub required: bool,
    /// With `verify_incoming` and `verify_server_hostname`: the name a
    /// peer's certificate must carry for Raft's messages.
    pub raft_peer_name: Option<ServerName<'static>>,
}

/// How this agent dials server RPC (`verify_outgoing`).
#[derive(Debug, Clone)]
pub struct RpcClient {
    /// The client configuration (CA, own certificate, name check).
    pub config: Arc<ClientConfig>,
    /// The name sent (SNI) and, with `verify_server_hostname`, required.
    pub name: ServerName<'static>,
}

/// Everything the agent's TLS uses, read from the files at one time.
#[derive(Debug, Default)]
pub struct Material {
    /// The settings it was read for.
    pub config: TlsConfig,
    /// The HTTPS port.
    pub https: Option<Arc<ServerConfig>>,
    /// The gRPC TLS port.
    pub grpc: Option<Arc<ServerConfig>>,
    /// The server port.
    pub rpc_server: Option<RpcServer>,
    /// Outgoing server RPC.
    pub rpc_client: Option<RpcClient>,
}

static CURRENT: RwLock<Option<Arc<Material>>> = RwLock::new(None);

/// The material in place (none before the agent installs its own).
pub fn current() -> Option<Arc<Material>> {
    CURRENT.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Puts `material` in place: at start (empty when nothing asks for TLS)
/// and at the end of a reload.
pub fn install(material: Material) {
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(material));
}

/// Reads the files of `config` again for a reload, without putting them in
/// place. A listener that serves TLS keeps it: a reload that would leave it
/// without a certificate fails. Each verification the reload turns off is
/// logged.
pub fn prepare_reload(config: &TlsConfig, server: bool) -> Result<Material, TlsError> {
    let new = Material::load(config, server)?;
    let Some(old) = current() else {
        return Ok(new);
    };
    for (had, has, what) in [
        (old.https.is_some(), new.https.is_some(), "tls.https"),
        (old.grpc.is_some(), new.grpc.is_some(), "tls.grpc"),
        (
            old.rpc_server.is_some(),
            new.rpc_server.is_some(),
            "tls.internal_rpc",
        ),
    ] {
        if had && !has {
            return Err(TlsError::Config {
                what: what.into(),
                detail: "a listener serving TLS cannot lose its certificate by a reload".into(),
            });
        }
    }
    let (was, now) = (&old.config, &new.config);
    for (before, after, key) in [
        (
            was.https.verify_incoming,
            now.https.verify_incoming,
            "tls.https.verify_incoming",
        ),
        (
            was.grpc.verify_incoming,
            now.grpc.verify_incoming,
            "tls.grpc.verify_incoming",
        ),
        (
            was.internal_rpc.verify_incoming,
            now.internal_rpc.verify_incoming,
            "tls.internal_rpc.verify_incoming",
        ),
        (
            was.internal_rpc.verify_outgoing,
            now.internal_rpc.verify_outgoing,
            "tls.internal_rpc.verify_outgoing",
        ),
        (
            was.internal_rpc.verify_server_hostname,
            now.internal_rpc.verify_server_hostname,
            "tls.internal_rpc.verify_server_hostname",
        ),
    ] {
        if before && !after {
            tracing::warn!("the reload turns {key} off: new connections are no longer verified so");
        }
    }
    Ok(new)
}

/// Refuses Raft's messages from a peer that may not send them (see the
/// module documentation): `request`'s connection must carry a server's
/// certificate when the server port asks for one.
pub fn check_raft_peer<T>(request: &tonic::Request<T>) -> Result<(), tonic::Status> {
    match request.extensions().get::<RpcPeer>() {
        Some(peer) if !peer.may_raft => {
            tracing::warn!(peer = ?peer.remote, "Raft messages refused: the peer's certificate is not a server's");
            Err(roster_proto::status::ErrorKind::PermissionDenied
                .status("server RPC needs a server certificate (server.<datacenter>.<domain>)"))
        }
        _ => Ok(()),
    }
}

impl Material {
    /// Reads every file `config` names and builds the rustls
    /// configurations; `server` says whether this agent has a server port.
    pub fn load(config: &TlsConfig, server: bool) -> Result<Material, TlsError> {
        let https = if config.https.has_cert() {
            Some(server_config(
                "tls.https",
                &config.https,
                &[ALPN_H2, ALPN_HTTP1],
            )?)
        } else {
            None
        };
        let grpc = if config.grpc.has_cert() {
            Some(server_config("tls.grpc", &config.grpc, &[ALPN_H2])?)
        } else {
            None
        };
        let rpc = &config.internal_rpc;
        let rpc_server = if server && rpc.has_cert() {
            let raft_peer_name = if rpc.verify_incoming && rpc.verify_server_hostname {
                Some(
                    ServerName::try_from(config.server_name.clone())
                        .map_err(|e| config_error("tls.internal_rpc", e))?,
                )
            } else {
                None
            };
            Some(RpcServer {
                config: server_config("tls.internal_rpc", rpc, &[ALPN_H2])?,
                required: rpc.verify_incoming,
                raft_peer_name,
            })
        } else {
            None
        };
        let rpc_client = if rpc.verify_outgoing {
            Some(client_config(rpc, &config.server_name)?)
        } else {
            None
        };
        Ok(Material {
            config: config.clone(),
            https,
            grpc,
            rpc_server,
            rpc_client,
        })
    }
}

/// ring, with the TLS 1.2 suites limited to `suites` (Go's names) when any
/// are named.
#[allow(deprecated)]
fn provider(what: &str, suites: &[String]) -> Result<Arc<CryptoProvider>, TlsError> {
    let mut provider = rustls::crypto::ring::default_provider();
    if !suites.is_empty() {
        provider.cipher_suites.retain(|s| match s {
            rustls::SupportedCipherSuite::Tls13(_) => true,
            rustls::SupportedCipherSuite::Tls12(_) => {
                suites.iter().any(|name| suite_matches(name, s))
            }
        });
        if !provider
            .cipher_suites
            .iter()
            .any(|s| matches!(s, rustls::SupportedCipherSuite::Tls12(_)))
        {
            return Err(TlsError::Config {
                what: what.into(),
                detail: "none of tls_cipher_suites is available".into(),
            });
        }
    }
    Ok(Arc::new(provider))
}

/// Whether Go's suite `name` is rustls's `suite` (Go drops the `_SHA256`
/// of the ChaCha20 suites).
fn suite_matches(name: &str, suite: &rustls::SupportedCipherSuite) -> bool {
    let rustls_name = format!("{:?}", suite.suite());
    rustls_name == name || rustls_name == format!("{name}_SHA256")
}

static TLS13_ONLY: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13];

fn versions(iface: &InterfaceTls) -> &'static [&'static rustls::SupportedProtocolVersion] {
    match iface.min_version() {
        TlsVersion::Tls12 => rustls::DEFAULT_VERSIONS,
        TlsVersion::Tls13 => TLS13_ONLY,
    }
}

fn file_error(what: &str, path: &Path, detail: impl std::fmt::Display) -> TlsError {
    TlsError::File {
        what: what.into(),
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// The certificate chain in `path`.
fn certs(what: &str, path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| file_error(what, path, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| file_error(what, path, e))?;
    if certs.is_empty() {
        return Err(file_error(what, path, "holds no PEM certificate"));
    }
    Ok(certs)
}

fn key(what: &str, path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    PrivateKeyDer::from_pem_file(path).map_err(|e| file_error(what, path, e))
}

/// The CAs of `ca_file` and every file of `ca_path`.
fn roots(what: &str, iface: &InterfaceTls) -> Result<Arc<RootCertStore>, TlsError> {
    let mut files = Vec::new();
    if let Some(f) = &iface.ca_file {
        files.push((format!("{what}.ca_file"), f.clone()));
    }
    if let Some(dir) = &iface.ca_path {
        let entries = std::fs::read_dir(dir).map_err(|e| file_error(what, dir, e))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        files.extend(found.into_iter().map(|p| (format!("{what}.ca_path"), p)));
    }
    let mut store = RootCertStore::empty();
    for (key, path) in files {
        for cert in certs(&key, &path)? {
            store
                .add(cert)
                .map_err(|e| file_error(&key, &path, format!("not a usable CA: {e}")))?;
        }
    }
    Ok(Arc::new(store))
}

fn config_error(what: &str, detail: impl std::fmt::Display) -> TlsError {
    TlsError::Config {
        what: what.into(),
        detail: detail.to_string(),
    }
}

/// A listener's configuration: its certificate, and with `verify_incoming`
/// a client certificate signed by the CA required.
fn server_config(
    what: &str,
    iface: &InterfaceTls,
    alpn: &[&[u8]],
) -> Result<Arc<ServerConfig>, TlsError> {
    let (Some(cert_file), Some(key_file)) = (&iface.cert_file, &iface.key_file) else {
        return Err(config_error(what, "cert_file and key_file are needed"));
    };
    let chain = certs(&format!("{what}.cert_file"), cert_file)?;
    let key = key(&format!("{what}.key_file"), key_file)?;
    let provider = provider(what, &iface.cipher_suites)?;
    let builder = ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(versions(iface))
        .map_err(|e| config_error(what, e))?;
    let builder = if iface.verify_incoming {
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
            roots(what, iface)?,
            provider,
        )
        .build()
        .map_err(|e| config_error(what, e))?;
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let mut config = builder.with_single_cert(chain, key).map_err(|e| {
        config_error(
            what,
            format!("{} and {}: {e}", cert_file.display(), key_file.display()),
        )
    })?;
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(Arc::new(config))
}

/// Outgoing server RPC: the server's certificate checked against the CA
/// (and its name with `verify_server_hostname`), this agent's certificate
/// presented when it has one.
fn client_config(iface: &InterfaceTls, server_name: &str) -> Result<RpcClient, TlsError> {
    let what = "tls.internal_rpc";
    let provider = provider(what, &iface.cipher_suites)?;
    let verifier = ServerNameCheck::new(
        roots(what, iface)?,
        Arc::clone(&provider),
        iface.verify_server_hostname,
    )
    .map_err(|e| config_error(what, e))?;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(versions(iface))
        .map_err(|e| config_error(what, e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let mut config = match (&iface.cert_file, &iface.key_file) {
        (Some(cert_file), Some(key_file)) => builder
            .with_client_auth_cert(
                certs(&format!("{what}.cert_file"), cert_file)?,
                key(&format!("{what}.key_file"), key_file)?,
            )
            .map_err(|e| config_error(what, e))?,
        _ => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![ALPN_H2.to_vec()];
    let name = ServerName::try_from(server_name.to_string())
        .map_err(|e| config_error(what, format!("{server_name:?}: {e}")))?;
    Ok(RpcClient {
        config: Arc::new(config),
        name,
    })
}

/// A client configuration for the CLI's HTTPS calls: the CAs of `ca_file`
/// / `ca_path` (else the system's), a client certificate when given, the
/// server's name checked as `server_name` when given, or no verification
/// at all when `verify` is false.
pub fn cli_client_config(
    ca_file: Option<&Path>,
    ca_path: Option<&Path>,
    client_cert: Option<(&Path, &Path)>,
    server_name: Option<&str>,
    verify: bool,
) -> Result<ClientConfig, TlsError> {
    let what = "-ca-file";
    let provider = provider(what, &[])?;
    let iface = InterfaceTls {
        ca_file: ca_file.map(Path::to_path_buf),
        ca_path: ca_path.map(Path::to_path_buf),
        ..Default::default()
    };
    let roots = if iface.has_ca() {
        roots(what, &iface)?
    } else {
        crate::agent::checks::tls::system_roots()
    };
    let verifier: Arc<dyn rustls::client::danger::ServerCertVerifier> = if verify {
        Arc::new(
            ServerNameCheck::with_name(roots, Arc::clone(&provider), server_name)
                .map_err(|e| config_error(what, e))?,
        )
    } else {
        // Signatures are still checked; the certificate is not.
        Arc::new(crate::agent::checks::tls::AnyServer(Arc::clone(&provider)))
    };
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| config_error(what, e))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let mut config = match client_cert {
        Some((cert, key_file)) => builder
            .with_client_auth_cert(certs("-client-cert", cert)?, key("-client-key", key_file)?)
            .map_err(|e| config_error("-client-cert", e))?,
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![ALPN_H2.to_vec(), ALPN_HTTP1.to_vec()];
    Ok(config)
}

/// Connects `endpoint` (a server port) as server RPC: over TLS when the
/// material current at each connection says `verify_outgoing`, else in
/// plaintext (so a reload takes effect on the next connection, cached
/// channels included).
pub async fn connect(
    endpoint: tonic::transport::Endpoint,
) -> Result<tonic::transport::Channel, tonic::transport::Error> {
    endpoint.connect_with_connector(listen::RpcConnector).await
}

/// [`connect`], connecting on first use.
pub fn connect_lazy(endpoint: tonic::transport::Endpoint) -> tonic::transport::Channel {
    endpoint.connect_with_connector_lazy(listen::RpcConnector)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tls::CIPHER_SUITES;

    #[test]
    fn every_cipher_suite_name_consul_takes_is_one_rustls_has() {
        #[allow(deprecated)]
        let all = rustls::crypto::ring::default_provider().cipher_suites;
        for name in CIPHER_SUITES {
            let found = all.iter().filter(|s| suite_matches(name, s)).count();
            assert_eq!(found, 1, "{name}");
        }
        let p = provider("t", &["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384".into()]).unwrap();
        let tls12: Vec<String> = p
            .cipher_suites
            .iter()
            .filter(|s| matches!(s, rustls::SupportedCipherSuite::Tls12(_)))
            .map(|s| format!("{:?}", s.suite()))
            .collect();
        assert_eq!(tls12, ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]);
    }

    #[test]
    fn missing_or_mismatched_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let ca = rcgen::generate_simple_self_signed(vec!["ca".into()]).unwrap();
        let other = rcgen::generate_simple_self_signed(vec!["x".into()]).unwrap();
        let cert = dir.path().join("c.pem");
        let key = dir.path().join("k.pem");
        let wrong_key = dir.path().join("w.pem");
        std::fs::write(&cert, ca.cert.pem()).unwrap();
        std::fs::write(&key, ca.signing_key.serialize_pem()).unwrap();
        std::fs::write(&wrong_key, other.signing_key.serialize_pem()).unwrap();
        let iface = |cert_file: &Path, key_file: &Path, ca: Option<&Path>| InterfaceTls {
            cert_file: Some(cert_file.into()),
            key_file: Some(key_file.into()),
            ca_file: ca.map(Into::into),
            verify_incoming: ca.is_some(),
            ..Default::default()
        };
        assert!(server_config("tls.https", &iface(&cert, &key, Some(&cert)), &[]).is_ok());
        let missing = dir.path().join("missing.pem");
        let e = server_config("tls.https", &iface(&missing, &key, None), &[])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("tls.https.cert_file") && e.contains("missing.pem"),
            "{e}"
        );
        let e = server_config("tls.https", &iface(&cert, &wrong_key, None), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("tls.https"), "{e}");
        let e = server_config("tls.grpc", &iface(&cert, &key, Some(&key)), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("tls.grpc.ca_file") && e.contains("k.pem"), "{e}");
    }
}

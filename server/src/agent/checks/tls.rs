//! TLS for the checks that ask for it: HTTPS URLs, and TCP, gRPC and
//! H2PING checks with `*_use_tls`. As Consul's checks: the server's
//! certificate is verified against the system's roots (read once, through
//! `rustls-native-certs`) unless the check says `tls_skip_verify`; the name
//! sent (SNI) and verified is the check's `tls_server_name` when set, else
//! the target's host.
//!
//! The agent's own `tls` settings (`ca_file`, `enable_agent_tls_for_checks`)
//! arrive with the TLS work of the security issue; they will add roots and a
//! client certificate here.

use std::sync::{Arc, OnceLock};

use rustls::{
    ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
    client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
    crypto::CryptoProvider,
    pki_types::{CertificateDer, ServerName, UnixTime},
};
use tokio::net::TcpStream;
use tokio_rustls::{TlsConnector, client::TlsStream};

/// ALPN for a gRPC or HTTP/2 connection.
pub const ALPN_H2: &[u8] = b"h2";
/// ALPN for an HTTP/1.1 connection.
pub const ALPN_HTTP1: &[u8] = b"http/1.1";

/// The crypto provider every check connection uses: ring. rustls 0.23.48
/// deprecates ring's provider for lacking post-quantum key exchange;
/// aws-lc-rs would add a second C library to the build for no gain to a
/// health probe. The security work may revisit this for the agent's own
/// listeners.
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// The system's trusted roots, read on first use. Certificates the system
/// store holds but rustls cannot parse are skipped (logged once).
pub(crate) fn system_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let found = rustls_native_certs::load_native_certs();
            for error in &found.errors {
                tracing::warn!(%error, "reading the system's trusted certificates");
            }
            let mut roots = RootCertStore::empty();
            let (added, ignored) = roots.add_parsable_certificates(found.certs);
            if ignored > 0 {
                tracing::warn!(added, ignored, "some system certificates could not be used");
            }
            Arc::new(roots)
        })
        .clone()
}

/// A client configuration for one kind of check connection.
pub fn client_config(skip_verify: bool, alpn: &[&[u8]]) -> Result<ClientConfig, String> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let mut config = if skip_verify {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyServer(provider)))
            .with_no_client_auth()
    } else {
        builder
            .with_root_certificates(system_roots())
            .with_no_client_auth()
    };
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}

/// The host part of `host:port` (`[v6]:port` too).
pub fn host_of(address: &str) -> &str {
    let host = address.rsplit_once(':').map_or(address, |(h, _)| h);
    host.trim_start_matches('[').trim_end_matches(']')
}

/// Opens a TCP connection to `address` and a TLS session over it, naming
/// the server `server_name` (or the address's host when empty).
pub async fn connect(
    address: &str,
    server_name: &str,
    skip_verify: bool,
    alpn: &[&[u8]],
) -> Result<TlsStream<TcpStream>, String> {
    let config = client_config(skip_verify, alpn)?;
    let name = if server_name.is_empty() {
        host_of(address)
    } else {
        server_name
    };
    let name = ServerName::try_from(name.to_string())
        .map_err(|e| format!("invalid TLS server name {name:?}: {e}"))?;
    let tcp = TcpStream::connect(address)
        .await
        .map_err(|e| format!("dial tcp {address}: {e}"))?;
    TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS handshake with {address}: {e}"))
}

/// `tls_skip_verify`: any certificate is accepted, but the handshake's
/// signatures are still checked (the connection is still encrypted to the
/// holder of the key the server presented).
#[derive(Debug)]
pub(crate) struct AnyServer(pub(crate) Arc<CryptoProvider>);

impl ServerCertVerifier for AnyServer {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use roster_proto::catalog::v1::{CheckDefinition, HealthStatus};
    use roster_testkit::tls::{h2_server, https_server};

    use crate::agent::{checks, local::ProbeKind};

    const TIMEOUT: Duration = Duration::from_secs(5);

    async fn probe(kind: ProbeKind, definition: CheckDefinition) -> checks::ProbeResult {
        checks::probe(kind, &definition, TIMEOUT).await
    }

    /// A port that accepts connections and closes them at once.
    async fn closing_port() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                drop(stream);
            }
        });
        address
    }

    #[tokio::test]
    async fn https_checks_verify_unless_told_not_to_and_name_the_server_as_asked() {
        let (address, sni) = https_server(&["check.test"], 200).await;
        let url = format!("https://{address}/health");
        let https = |skip: bool, name: &str| CheckDefinition {
            http: url.clone(),
            tls_skip_verify: skip,
            tls_server_name: name.into(),
            ..CheckDefinition::default()
        };
        // A self-signed certificate is not among the system's roots.
        let verified = probe(ProbeKind::Http, https(false, "")).await;
        assert_eq!(
            verified.status,
            HealthStatus::Critical,
            "{}",
            verified.output
        );
        assert!(
            verified.output.contains("certificate"),
            "{}",
            verified.output
        );
        let skipped = probe(ProbeKind::Http, https(true, "")).await;
        assert_eq!(skipped.status, HealthStatus::Passing, "{}", skipped.output);
        assert_eq!(
            skipped.output,
            format!("HTTP GET {url}: 200 OK Output: host={address}")
        );
        // Named: SNI says the name, the request still goes to the URL's
        // address with its Host.
        let named = probe(ProbeKind::Http, https(true, "check.test")).await;
        assert_eq!(named.status, HealthStatus::Passing, "{}", named.output);
        assert!(
            named.output.ends_with(&format!("host={address}")),
            "{}",
            named.output
        );
        assert_eq!(
            *sni.lock().unwrap(),
            vec![String::new(), "check.test".to_string()],
            "an IP address sends no SNI; the named check sends its name"
        );
        let (busy, _) = https_server(&["localhost"], 429).await;
        let busy = probe(
            ProbeKind::Http,
            CheckDefinition {
                http: format!("https://{busy}/"),
                tls_skip_verify: true,
                ..CheckDefinition::default()
            },
        )
        .await;
        assert_eq!(busy.status, HealthStatus::Warning, "{}", busy.output);
    }

    #[tokio::test]
    async fn tcp_checks_with_tls_need_a_handshake() {
        let (tls_address, _) = h2_server(Some(&["localhost"])).await;
        let tcp = |address: &str, skip: bool| CheckDefinition {
            tcp: address.to_string(),
            tcp_use_tls: true,
            tls_skip_verify: skip,
            ..CheckDefinition::default()
        };
        let ok = probe(ProbeKind::Tcp, tcp(&tls_address, true)).await;
        assert_eq!(ok.status, HealthStatus::Passing, "{}", ok.output);
        assert_eq!(ok.output, format!("TCP connect {tls_address}: Success"));
        let unverified = probe(ProbeKind::Tcp, tcp(&tls_address, false)).await;
        assert_eq!(unverified.status, HealthStatus::Critical);
        assert!(
            unverified.output.contains("TLS handshake"),
            "{}",
            unverified.output
        );
        let plain = closing_port().await;
        let no_tls = probe(ProbeKind::Tcp, tcp(&plain, true)).await;
        assert_eq!(no_tls.status, HealthStatus::Critical, "{}", no_tls.output);
    }

    #[tokio::test]
    async fn grpc_checks_over_tls() {
        let (address, sni) = h2_server(Some(&["grpc.test"])).await;
        let grpc = |skip: bool| CheckDefinition {
            grpc: format!("{address}/web"),
            grpc_use_tls: true,
            tls_skip_verify: skip,
            tls_server_name: "grpc.test".into(),
            ..CheckDefinition::default()
        };
        let ok = probe(ProbeKind::Grpc, grpc(true)).await;
        assert_eq!(ok.status, HealthStatus::Passing, "{}", ok.output);
        assert_eq!(ok.output, format!("gRPC check {address}/web: success"));
        assert_eq!(*sni.lock().unwrap(), vec!["grpc.test".to_string()]);
        let unverified = probe(ProbeKind::Grpc, grpc(false)).await;
        assert_eq!(unverified.status, HealthStatus::Critical);
        assert!(
            unverified.output.contains("certificate"),
            "{}",
            unverified.output
        );
    }

    #[tokio::test]
    async fn h2ping_checks_with_and_without_tls() {
        let h2ping = |address: &str, tls: bool| CheckDefinition {
            h2ping: address.to_string(),
            h2ping_use_tls: tls,
            tls_skip_verify: true,
            ..CheckDefinition::default()
        };
        let (cleartext, _) = h2_server(None).await;
        let ok = probe(ProbeKind::H2Ping, h2ping(&cleartext, false)).await;
        assert_eq!(ok.status, HealthStatus::Passing, "{}", ok.output);
        assert_eq!(ok.output, "HTTP2 ping was successful");
        let wrong = probe(ProbeKind::H2Ping, h2ping(&cleartext, true)).await;
        assert_eq!(wrong.status, HealthStatus::Critical, "{}", wrong.output);
        assert!(
            wrong.output.starts_with("Failed to dial to"),
            "{}",
            wrong.output
        );
        let (secure, _) = h2_server(Some(&["localhost"])).await;
        let ok = probe(ProbeKind::H2Ping, h2ping(&secure, true)).await;
        assert_eq!(ok.status, HealthStatus::Passing, "{}", ok.output);
        // Not HTTP/2 at all: the connection closes before any answer.
        let closed = probe(ProbeKind::H2Ping, h2ping(&closing_port().await, false)).await;
        assert_eq!(closed.status, HealthStatus::Critical, "{}", closed.output);
        let nobody = probe(ProbeKind::H2Ping, h2ping("127.0.0.1:1", false)).await;
        assert_eq!(nobody.status, HealthStatus::Critical);
    }
}

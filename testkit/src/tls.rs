//! TLS and HTTP/2 targets for check tests, on 127.0.0.1: each presents a
//! fresh self-signed certificate for the names it is given and records the
//! server name (SNI) of every TLS handshake it completes.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use rustls::{
    ServerConfig,
    pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer},
};
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::{TcpListener, TcpStream},
};
use tokio_rustls::{TlsAcceptor, server::TlsStream};

/// The server names sent by the clients of a target, one per handshake
/// (empty when a client sent none, as for an IP address).
pub type SniLog = Arc<Mutex<Vec<String>>>;

/// An acceptor with a self-signed certificate for `names`, offering `alpn`
/// (ring's provider, deprecated by rustls 0.23.48 for lacking post-quantum
/// key exchange: irrelevant to a test target).
#[allow(deprecated)]
pub fn acceptor(names: &[&str], alpn: &[&[u8]]) -> TlsAcceptor {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let certified = rcgen::generate_simple_self_signed(names).expect("a self-signed certificate");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let cert = CertificateDer::from(certified.cert.der().to_vec());
    let mut config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("a certificate and key");
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsAcceptor::from(Arc::new(config))
}

/// Accepts TLS connections, records their SNI, hands them on; failed
/// handshakes are dropped.
pub struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    sni: SniLog,
}

impl TlsListener {
    /// Bound to a free port of 127.0.0.1.
    pub async fn bind(names: &[&str], alpn: &[&[u8]]) -> TlsListener {
        TlsListener {
            tcp: TcpListener::bind("127.0.0.1:0").await.expect("bind"),
            acceptor: acceptor(names, alpn),
            sni: SniLog::default(),
        }
    }

    /// `127.0.0.1:port`.
    pub fn address(&self) -> String {
        self.tcp.local_addr().expect("local address").to_string()
    }

    /// The SNI log.
    pub fn sni(&self) -> SniLog {
        self.sni.clone()
    }

    async fn next(&mut self) -> (TlsStream<TcpStream>, std::net::SocketAddr) {
        loop {
            let Ok((tcp, peer)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(tcp).await {
                let name = tls.get_ref().1.server_name().unwrap_or("").to_string();
                self.sni.lock().expect("sni log").push(name);
                return (tls, peer);
            }
        }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        self.next().await
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// An HTTPS (HTTP/1.1) server for `names` answering every request with
/// `status` and a body naming the request's `Host` header. Returns its
/// address and SNI log; it runs until the runtime ends.
pub async fn https_server(names: &[&str], status: u16) -> (String, SniLog) {
    let listener = TlsListener::bind(names, &[b"http/1.1"]).await;
    let (address, sni) = (listener.address(), listener.sni());
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| async move {
        let host = request
            .headers()
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (
            http::StatusCode::from_u16(status).expect("a status"),
            format!("host={host}"),
        )
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, sni)
}

/// An HTTP/2 server that acknowledges PINGs and answers every request as a
/// gRPC health check reporting SERVING; with `names`, over TLS (ALPN
/// `h2`) for those names, else over cleartext. Returns its address and SNI
/// log; it runs until the runtime ends.
pub async fn h2_server(names: Option<&[&str]>) -> (String, SniLog) {
    match names {
        Some(names) => {
            let mut listener = TlsListener::bind(names, &[b"h2"]).await;
            let (address, sni) = (listener.address(), listener.sni());
            tokio::spawn(async move {
                loop {
                    let (tls, _) = listener.next().await;
                    tokio::spawn(serve_h2(tls));
                }
            });
            (address, sni)
        }
        None => {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let address = listener.local_addr().expect("local address").to_string();
            tokio::spawn(async move {
                while let Ok((tcp, _)) = listener.accept().await {
                    tokio::spawn(serve_h2(tcp));
                }
            });
            (address, SniLog::default())
        }
    }
}

/// One HTTP/2 connection: every request gets a SERVING health answer.
async fn serve_h2<T: AsyncRead + AsyncWrite + Unpin>(io: T) {
    let Ok(mut connection) = h2::server::handshake(io).await else {
        return;
    };
    while let Some(Ok((_request, mut respond))) = connection.accept().await {
        let head = http::Response::builder()
            .header("content-type", "application/grpc")
            .body(())
            .expect("a response head");
        let Ok(mut body) = respond.send_response(head, false) else {
            continue;
        };
        // A gRPC message: uncompressed, 2 bytes, HealthCheckResponse{status: SERVING}.
        let _ = body.send_data(Bytes::from_static(&[0, 0, 0, 0, 2, 0x08, 0x01]), false);
        let mut trailers = http::HeaderMap::new();
        trailers.insert("grpc-status", http::HeaderValue::from_static("0"));
        let _ = body.send_trailers(trailers);
    }
}

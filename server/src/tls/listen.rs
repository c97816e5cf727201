//! TLS on the wire: accepted connections of the gRPC TLS port and of the
//! server port, the HTTPS listener, and the connector for outgoing server
//! RPC.
//!
//! Handshakes run in their own tasks, so a client that opens a connection
//! and says nothing (or handshakes slowly) delays nobody else; each has
//! [`HANDSHAKE_TIMEOUT`], and at most [`MAX_HANDSHAKES`] run at once per
//! listener (more connections wait in the kernel's backlog).

use std::{
    io,
    net::SocketAddr,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use hyper_util::rt::TokioIo;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{Semaphore, mpsc},
};
use tokio_rustls::{TlsAcceptor, TlsConnector};
use tonic::transport::server::Connected;

use super::Material;
use crate::rpc::conn::Conn;

/// Longest a TLS handshake (or the first byte on the server port) may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshaken connections queued for the server to take.
const QUEUED: usize = 64;

/// Handshakes in progress at once on one listener.
pub const MAX_HANDSHAKES: usize = 256;

/// The first byte of a TLS record carrying a handshake.
const TLS_HANDSHAKE: u8 = 0x16;

/// Which listener connections arrive on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RpcIncoming {
    /// The gRPC TLS port: TLS only.
    GrpcTls,
    /// The server port: TLS or plaintext (see the module documentation of
    /// `crate::tls`).
    ServerPort,
}

/// A connection in plaintext or TLS.
#[derive(Debug)]
pub enum MaybeTls<P, T> {
    /// Plaintext.
    Plain(P),
    /// TLS.
    Tls(Box<T>),
}

/// An accepted gRPC connection.
pub type RpcStream = MaybeTls<Conn, tokio_rustls::server::TlsStream<Conn>>;

/// A connection dialled for server RPC (plaintext once a reload turned
/// outgoing TLS off).
pub type ClientStream = MaybeTls<TcpStream, tokio_rustls::client::TlsStream<TcpStream>>;

impl<P, T> AsyncRead for MaybeTls<P, T>
where
    P: AsyncRead + Unpin,
    T: AsyncRead + Unpin,
{
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain(c) => Pin::new(c).poll_read(cx, buf),
            MaybeTls::Tls(t) => Pin::new(t.as_mut()).poll_read(cx, buf),
        }
    }
}

impl<P, T> AsyncWrite for MaybeTls<P, T>
where
    P: AsyncWrite + Unpin,
    T: AsyncWrite + Unpin,
{
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MaybeTls::Plain(c) => Pin::new(c).poll_write(cx, buf),
            MaybeTls::Tls(t) => Pin::new(t.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain(c) => Pin::new(c).poll_flush(cx),
            MaybeTls::Tls(t) => Pin::new(t.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            MaybeTls::Plain(c) => Pin::new(c).poll_shutdown(cx),
            MaybeTls::Tls(t) => Pin::new(t.as_mut()).poll_shutdown(cx),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            MaybeTls::Plain(c) => Pin::new(c).poll_write_vectored(cx, bufs),
            MaybeTls::Tls(t) => Pin::new(t.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    /// As the connection underneath: an accepted [`Conn`] says no, so that
    /// small replies are copied and gathered (see `rpc/conn.rs`).
    fn is_write_vectored(&self) -> bool {
        match self {
            MaybeTls::Plain(c) => c.is_write_vectored(),
            MaybeTls::Tls(t) => t.is_write_vectored(),
        }
    }
}

/// Who is at the other end of an accepted gRPC connection (in the
/// request's extensions).
#[derive(Debug, Clone)]
pub struct RpcPeer {
    /// Its address.
    pub remote: Option<SocketAddr>,
    /// It may send Raft's messages: always, unless the server port asks
    /// for a server's certificate and this peer's does not name
    /// `server.<datacenter>.<domain>` (see `crate::tls`).
    pub may_raft: bool,
}

impl Connected for RpcStream {
    type ConnectInfo = RpcPeer;

    fn connect_info(&self) -> RpcPeer {
        match self {
            MaybeTls::Plain(c) => RpcPeer {
                remote: c.socket().peer_addr().ok(),
                // Plaintext reaches a server only where nothing is required.
                may_raft: true,
            },
            MaybeTls::Tls(t) => {
                let (conn, session) = t.get_ref();
                let name =
                    super::current().and_then(|m| m.rpc_server.as_ref()?.raft_peer_name.clone());
                let may_raft = match name {
                    None => true,
                    Some(name) => session
                        .peer_certificates()
                        .and_then(|c| c.first())
                        .is_some_and(|cert| {
                            rustls::server::ParsedCertificate::try_from(cert).is_ok_and(|parsed| {
                                rustls::client::verify_server_name(&parsed, &name).is_ok()
                            })
                        }),
                };
                RpcPeer {
                    remote: conn.socket().peer_addr().ok(),
                    may_raft,
                }
            }
        }
    }
}

/// The connections accepted on `listener` once through their handshake,
/// for tonic's `serve_with_incoming*`. Accepting stops when the stream is
/// dropped.
pub fn incoming(
    listener: TcpListener,
    kind: RpcIncoming,
) -> impl tokio_stream::Stream<Item = io::Result<RpcStream>> {
    let (tx, rx) = mpsc::channel(QUEUED);
    tokio::spawn(accept_loop(listener, tx, move |tcp, peer| async move {
        let conn = Conn::new(tcp)?;
        let material = super::current().unwrap_or_default();
        let config = match kind {
            RpcIncoming::GrpcTls => material.grpc.clone(),
            RpcIncoming::ServerPort => {
                let Some(rpc) = &material.rpc_server else {
                    return Ok(Some(MaybeTls::Plain(conn)));
                };
                let mut first = [0u8; 1];
                let n = conn.socket().peek(&mut first).await?;
                if n == 0 {
                    return Ok(None);
                }
                if first[0] != TLS_HANDSHAKE {
                    if rpc.required {
                        tracing::warn!(%peer, "plaintext server RPC refused: tls.internal_rpc.verify_incoming is set");
                        return Ok(None);
                    }
                    return Ok(Some(MaybeTls::Plain(conn)));
                }
                Some(Arc::clone(&rpc.config))
            }
        };
        // The gRPC TLS port never falls back to plaintext.
        let Some(config) = config else {
            return Err(io::Error::other("no certificate for this listener"));
        };
        let tls = TlsAcceptor::from(config).accept(conn).await?;
        tracing::debug!(%peer, listener = ?kind, "accepted a TLS connection");
        Ok(Some(MaybeTls::Tls(Box::new(tls))))
    }));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}

/// Accepts on `listener` and runs `handshake` on each connection in a task
/// of its own, sending what it yields to `tx`, until `tx`'s receiver is
/// gone.
async fn accept_loop<T, F, Fut>(
    listener: TcpListener,
    tx: mpsc::Sender<io::Result<T>>,
    handshake: F,
) where
    T: Send + 'static,
    F: Fn(TcpStream, SocketAddr) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = io::Result<Option<T>>> + Send + 'static,
{
    let handshake = Arc::new(handshake);
    let handshakes = Arc::new(Semaphore::new(MAX_HANDSHAKES));
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&handshakes).acquire_owned() => {
                permit.expect("the semaphore is never closed")
            }
            () = tx.closed() => return,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = tx.closed() => return,
        };
        let (tcp, peer) = match accepted {
            Ok(a) => a,
            Err(error) => {
                // Out of descriptors and the like: wait rather than spin.
                tracing::warn!(%error, "accepting a TLS connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let tx = tx.clone();
        let handshake = Arc::clone(&handshake);
        tokio::spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake(tcp, peer)).await {
                Ok(Ok(Some(conn))) => {
                    let _ = tx.send(Ok(conn)).await;
                }
                Ok(Ok(None)) => {}
                Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// The HTTPS listener for axum: connections accepted on a lingering
/// listener (see `roster_gateway::linger`) and through their handshake.
pub struct HttpsListener {
    rx: mpsc::Receiver<
        io::Result<(
            tokio_rustls::server::TlsStream<roster_gateway::linger::Lingering>,
            SocketAddr,
        )>,
    >,
    local: SocketAddr,
}

impl HttpsListener {
    /// Starts accepting on `listener`.
    pub fn new(listener: TcpListener) -> io::Result<HttpsListener> {
        let local = listener.local_addr()?;
        let (tx, rx) = mpsc::channel(QUEUED);
        tokio::spawn(accept_loop(listener, tx, |tcp, peer| async move {
            let _ = tcp.set_nodelay(true);
            let config = super::current()
                .and_then(|m| m.https.clone())
                .ok_or_else(|| io::Error::other("no HTTPS certificate"))?;
            let stream = roster_gateway::linger::Lingering::new(tcp);
            let tls = TlsAcceptor::from(config).accept(stream).await?;
            Ok(Some((tls, peer)))
        }));
        Ok(HttpsListener { rx, local })
    }
}

impl axum::serve::Listener for HttpsListener {
    type Io = tokio_rustls::server::TlsStream<roster_gateway::linger::Lingering>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, SocketAddr) {
        loop {
            match self.rx.recv().await {
                Some(Ok(accepted)) => return accepted,
                Some(Err(_)) => continue,
                None => std::future::pending::<()>().await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local)
    }
}

/// Dials a server port for tonic, over TLS with the material current at
/// the time of each connection.
#[derive(Debug, Clone, Copy)]
pub struct RpcConnector;

impl tower::Service<http::Uri> for RpcConnector {
    type Response = TokioIo<ClientStream>;
    type Error = io::Error;
    type Future =
        Pin<Box<dyn std::future::Future<Output = io::Result<TokioIo<ClientStream>>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        Box::pin(async move {
            let host = uri
                .host()
                .ok_or_else(|| io::Error::other(format!("{uri} names no host")))?
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string();
            let port = uri
                .port_u16()
                .ok_or_else(|| io::Error::other(format!("{uri} names no port")))?;
            let tcp = TcpStream::connect((host.as_str(), port)).await?;
            tcp.set_nodelay(true)?;
            let material: Option<Arc<Material>> = super::current();
            let Some(client) = material.as_ref().and_then(|m| m.rpc_client.as_ref()) else {
                return Ok(TokioIo::new(MaybeTls::Plain(tcp)));
            };
            let handshake =
                TlsConnector::from(Arc::clone(&client.config)).connect(client.name.clone(), tcp);
            let tls = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake)
                .await
                .map_err(|_| {
                    io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out")
                })??;
            Ok(TokioIo::new(MaybeTls::Tls(Box::new(tls))))
        })
    }
}

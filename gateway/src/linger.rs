//! Lingering close for the HTTP listener, as nginx's `lingering_close`.
//!
//! The gateway answers some requests before it has read their bodies: 413
//! for a value declared larger than the limit. hyper then closes the
//! connection. Closing a TCP socket that still has unread data (or that
//! receives more afterwards) sends a reset, and a reset makes the client's
//! kernel throw away what it had not read yet, the 413 included: a client
//! still uploading sees EPIPE or ECONNRESET instead of the answer.
//!
//! So a closed connection is not closed at once. Its write side is shut
//! (the client reads the answer, then end of stream), and what the client
//! still sends is read and discarded until it stops sending for
//! [`LINGER_IDLE`], or for at most [`LINGER_TIME`] or [`LINGER_BYTES`] in
//! all; only then is the socket closed.

use std::{
    io,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf},
    net::TcpStream,
};

/// Longest a closed connection is read from.
pub const LINGER_TIME: Duration = Duration::from_secs(5);
/// A closed connection whose client sends nothing for this long is closed.
pub const LINGER_IDLE: Duration = Duration::from_secs(2);
/// Most bytes read (and discarded) from a closed connection.
pub const LINGER_BYTES: usize = 64 << 20;

/// A TCP listener whose connections linger when closed (see the module
/// documentation), with `TCP_NODELAY` set.
pub struct LingeringListener {
    inner: tokio::net::TcpListener,
}

impl LingeringListener {
    /// Wraps a bound listener.
    pub fn new(inner: tokio::net::TcpListener) -> LingeringListener {
        LingeringListener { inner }
    }
}

impl axum::serve::Listener for LingeringListener {
    type Io = Lingering;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Lingering, std::net::SocketAddr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.inner).await;
        let _ = stream.set_nodelay(true);
        (Lingering(Some(stream)), addr)
    }

    fn local_addr(&self) -> io::Result<std::net::SocketAddr> {
        self.inner.local_addr()
    }
}

/// An accepted connection that lingers when dropped.
pub struct Lingering(Option<TcpStream>);

impl Lingering {
    /// An accepted connection that will linger when dropped.
    pub fn new(stream: TcpStream) -> Lingering {
        Lingering(Some(stream))
    }

    fn stream(&mut self) -> Pin<&mut TcpStream> {
        Pin::new(self.0.as_mut().expect("the stream is only taken on drop"))
    }
}

impl AsyncRead for Lingering {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.stream().poll_read(cx, buf)
    }
}

impl AsyncWrite for Lingering {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.stream().poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.stream().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.as_ref().is_some_and(|s| s.is_write_vectored())
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        if let Some(stream) = self.0.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(linger(stream));
        }
    }
}

/// Shuts the write side, then reads and discards until the client stops.
async fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown().await;
    let deadline = tokio::time::Instant::now() + LINGER_TIME;
    // Most clients have closed already (or close now): a first small read
    // sees the end of the stream without a large buffer to allocate and
    // zero for every closed connection.
    let mut first = [0u8; 512];
    let mut total = match tokio::time::timeout(LINGER_IDLE, stream.read(&mut first)).await {
        Ok(Ok(n)) if n > 0 => n,
        _ => return,
    };
    let mut buf = vec![0u8; 64 * 1024];
    while total < LINGER_BYTES {
        let idle = LINGER_IDLE.min(deadline.saturating_duration_since(tokio::time::Instant::now()));
        match tokio::time::timeout(idle, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => total += n,
            // End of stream, an error, or quiet for too long.
            _ => break,
        }
    }
}

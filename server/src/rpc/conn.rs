//! Accepted gRPC connections, tuned so that many small replies leave in one
//! write.
//!
//! h2 (under tonic) copies a DATA frame into its 16 KiB write buffer only
//! when the payload is at most a threshold: 256 bytes when the socket says it
//! does vectored writes, 1 KiB when it does not. A larger payload is chained
//! behind the buffer and the buffer is flushed before the next frame is
//! taken. A KV reply with a 256-byte value is just over 256 bytes, so on a
//! plain `TcpStream` every such reply cost its own `writev` and its trailers
//! another one (measured: 1.9 `writev` per reply at 47k replies/s, a quarter
//! of the server's CPU, mostly the loopback TCP path). [`Conn`] reports no
//! vectored writes, so replies up to 1 KiB are copied and a whole batch of
//! them (headers, data and trailers of every ready stream) goes out in one
//! write. Larger payloads are still not copied; they take two `write`s
//! instead of one `writev`.
//!
//! That alone still left ~0.85 writes per reply: every reply wakes the
//! connection's task, tokio runs a task woken from a worker next (its LIFO
//! slot), so the connection wrote each reply before the next request's task
//! had run. [`Conn`] therefore holds a write back for one scheduler turn:
//! `poll_write` wakes its own task and returns `Pending`, which tokio queues
//! behind the tasks already waiting (a self-wake is a yield). Replies
//! finished in that turn join the buffer, and the next poll writes them
//! all. Go's gRPC server behaves alike: its writer flushes only when no more
//! frames are queued. Measured on a `-dev` server, stale gets at
//! concurrency 64: 60k/s → 80k/s.
//!
//! Holding back costs an extra poll of the connection task and the wake of
//! an idle worker, which on a quiet connection (one request at a time) is
//! 3–10 % of its throughput for nothing. So a hold that gained nothing (the
//! buffer did not grow during the turn) lets the next [`PASS_AFTER_MISS`]
//! writes go straight out before holding back again.
//!
//! Accepted sockets also get `TCP_NODELAY`: tonic's own setting applies only
//! to listeners it binds itself, and small replies would otherwise wait for
//! the peer's delayed ACK (~40 ms).

use std::{
    io,
    pin::Pin,
    task::{Context, Poll},
};

use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
};
use tonic::transport::server::{Connected, TcpConnectInfo};

/// Writes that go straight out after a hold that gained nothing.
const PASS_AFTER_MISS: u8 = 8;

/// An accepted TCP connection that reports no vectored writes and holds
/// writes back for one scheduler turn while that gathers more (see the
/// module documentation).
#[derive(Debug)]
pub struct Conn {
    stream: TcpStream,
    /// The next `poll_write` writes: it was held back already, or the
    /// socket was full.
    write_due: bool,
    /// Length of the held-back write (0: none was held back).
    held: usize,
    /// Writes left to go straight out.
    pass: u8,
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if !self.write_due {
            if self.pass == 0 {
                self.write_due = true;
                self.held = buf.len();
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            self.pass -= 1;
        } else if self.held > 0 {
            if buf.len() <= self.held {
                self.pass = PASS_AFTER_MISS;
            }
            self.held = 0;
        }
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        // A full socket keeps the write due: its readiness is the wait.
        if written.is_ready() {
            self.write_due = false;
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        false
    }
}

impl Connected for Conn {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        self.stream.connect_info()
    }
}

/// The connections accepted on `listener`, as [`Conn`]s with `TCP_NODELAY`
/// set, for tonic's `serve_with_incoming*`.
pub fn incoming(listener: TcpListener) -> impl tokio_stream::Stream<Item = io::Result<Conn>> {
    use tokio_stream::StreamExt as _;
    tokio_stream::wrappers::TcpListenerStream::new(listener).map(|conn| Conn::new(conn?))
}

impl Conn {
    /// An accepted connection, with `TCP_NODELAY` set.
    pub fn new(stream: TcpStream) -> io::Result<Conn> {
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            write_due: false,
            held: 0,
            pass: 0,
        })
    }

    /// The socket, to peek at.
    pub fn socket(&self) -> &TcpStream {
        &self.stream
    }
}

#[cfg(test)]
mod tests {
    use std::{
        sync::{
            Arc,
            atomic::{AtomicUsize, Ordering},
        },
        task::{Wake, Waker},
    };

    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio_stream::StreamExt as _;

    use super::*;

    async fn pair() -> (TcpStream, Conn) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let mut accepted = Box::pin(incoming(listener));
        let client = TcpStream::connect(address).await.unwrap();
        let conn = accepted.next().await.unwrap().unwrap();
        (client, conn)
    }

    /// Counts wakes.
    struct Wakes(AtomicUsize);

    impl Wake for Wakes {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[tokio::test]
    async fn a_write_waits_one_turn_and_a_hold_that_gains_nothing_lets_the_next_ones_through() {
        let (mut client, mut conn) = pair().await;
        let wakes = Arc::new(Wakes(AtomicUsize::new(0)));
        let waker = Waker::from(Arc::clone(&wakes));
        let mut cx = Context::from_waker(&waker);
        let mut write = |conn: &mut Conn, buf: &[u8]| match Pin::new(conn).poll_write(&mut cx, buf)
        {
            Poll::Ready(n) => Some(n.unwrap()),
            Poll::Pending => None,
        };
        let woken = || wakes.0.load(Ordering::SeqCst);

        // Held back: the task is woken to come back after the others.
        assert_eq!(write(&mut conn, b"ab"), None);
        assert_eq!(woken(), 1);
        // More was buffered during the turn: written, and the next write
        // is held back again.
        assert_eq!(write(&mut conn, b"abcd"), Some(4));
        assert_eq!(write(&mut conn, b"e"), None);
        assert_eq!(woken(), 2);
        // Nothing more came: a miss, so the next writes go straight out.
        assert_eq!(write(&mut conn, b"e"), Some(1));
        for _ in 0..PASS_AFTER_MISS {
            assert_eq!(write(&mut conn, b"f"), Some(1));
        }
        assert_eq!(woken(), 2);
        assert_eq!(write(&mut conn, b"g"), None);
        assert_eq!(woken(), 3);
        assert_eq!(write(&mut conn, b"gh"), Some(2));

        let mut got = vec![0; 4 + 1 + usize::from(PASS_AFTER_MISS) + 2];
        client.read_exact(&mut got).await.unwrap();
        let expected = [&b"abcde"[..], &[b'f'; PASS_AFTER_MISS as usize], b"gh"].concat();
        assert_eq!(got, expected);
    }

    #[tokio::test]
    async fn accepted_connections_carry_bytes_and_the_peer_address_without_vectored_writes() {
        let (mut client, mut conn) = pair().await;
        assert!(!conn.is_write_vectored());
        assert!(conn.stream.nodelay().unwrap());
        assert_eq!(
            conn.connect_info().remote_addr(),
            Some(client.local_addr().unwrap())
        );
        client.write_all(b"ping").await.unwrap();
        let mut got = [0; 4];
        conn.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"ping");
        conn.write_all(b"pong").await.unwrap();
        conn.flush().await.unwrap();
        client.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"pong");
    }
}

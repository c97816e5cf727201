//! The TCP side of the DNS server: each connection's bytes are read into a
//! buffer, every whole message in it (RFC 1035's two-byte length, then the
//! message) is answered in order, and the replies of one read go out in
//! one write. Clients that pipeline (RFC 7766; dnsperf, resolvers) so get
//! many answers per system call; hickory-server's TCP loop made a task and
//! a write per message.
//!
//! Questions the fast path ([`super::fast`]) does not take are answered by
//! the same [`Handler`] as over UDP, through hickory's parser and encoder,
//! awaited in place (after what is ready has been written): replies stay
//! in the order of the questions.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use tokio::{sync::Semaphore, time::Instant};

use hickory_server::{
    net::{runtime::TokioTime, xfer::Protocol},
    server::{Request, RequestHandler},
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};
use tokio_util::sync::CancellationToken;

use super::{
    Handler, fast,
    udp::{Capture, header_only},
};

/// A connection that completes no message, or leaves a reply unread, for
/// this long is closed (a byte at a time does not keep it open).
const IDLE: Duration = Duration::from_secs(10);

/// Connections open at once on one serving thread (all its listeners);
/// past this many, new ones wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 512;

/// Replies held for one connection before they must be written: a client
/// that sends without reading is held to this much.
const MAX_OUTPUT: usize = 64 << 10;

/// Messages answered in a row before the thread's other work (its UDP
/// loop) gets a turn.
const YIELD_EVERY: usize = 64;

/// Accepts connections on `listener` until `shutdown`, each holding one of
/// the thread's `slots`.
pub async fn serve(
    listener: std::net::TcpListener,
    handler: Arc<Handler>,
    slots: Arc<Semaphore>,
    shutdown: CancellationToken,
) {
    let listener = match TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(error) => {
            tracing::error!(%error, "dns: tcp listener");
            return;
        }
    };
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => return,
            },
            () = shutdown.cancelled() => return,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(error) => {
                    // Out of descriptors, most likely: pause, not spin.
                    tracing::debug!(%error, "dns: tcp accept");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = shutdown.cancelled() => return,
        };
        let handler = Arc::clone(&handler);
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            tokio::select! {
                result = connection(stream, peer, &handler) => {
                    if let Err(error) = result {
                        tracing::debug!(%error, %peer, "dns: tcp connection");
                    }
                }
                () = shutdown.cancelled() => {}
            }
            drop(slot);
        });
    }
}

/// Serves one connection until the client closes it, goes idle or fails.
async fn connection(
    mut stream: TcpStream,
    peer: SocketAddr,
    handler: &Handler,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut input: Vec<u8> = Vec::with_capacity(4096);
    let mut output: Vec<u8> = Vec::with_capacity(4096);
    let mut reply = Vec::with_capacity(512);
    let mut scratch = fast::Scratch::default();
    let mut deadline = Instant::now() + IDLE;
    let mut answered = 0usize;
    loop {
        match tokio::time::timeout_at(deadline, stream.read_buf(&mut input)).await {
            Err(_idle) => return Ok(()),
            Ok(Ok(0)) => return Ok(()),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(e),
        }
        let mut at = 0;
        while let Some(len) = input
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        {
            let Some(message) = input.get(at + 2..at + 2 + len) else {
                break;
            };
            at += 2 + len;
            deadline = Instant::now() + IDLE;
            answered += 1;
            if answered.is_multiple_of(YIELD_EVERY) {
                tokio::task::yield_now().await;
            }
            if output.len() >= MAX_OUTPUT {
                flush(&mut stream, &mut output).await?;
            }
            if handler.answer_fast(message, true, &mut scratch, &mut reply) {
                frame(&mut output, &reply);
                continue;
            }
            // Shorter than a header, or a response: no reply, as over UDP.
            if message.len() < 12 || message[2] & 0x80 != 0 {
                continue;
            }
            // What is ready goes out before a question that may wait.
            flush(&mut stream, &mut output).await?;
            let answer = general(handler, message, peer).await;
            frame(&mut output, &answer);
        }
        input.drain(..at);
        // One long message must not keep its buffer for the connection's life.
        if input.capacity() > MAX_OUTPUT && input.len() < 4096 {
            input.shrink_to(4096);
        }
        flush(&mut stream, &mut output).await?;
    }
}

/// Appends `message` to `output` with its length.
fn frame(output: &mut Vec<u8>, message: &[u8]) {
    // Replies are built under the frame's size (`MAX_TCP_SIZE`).
    let len = u16::try_from(message.len()).unwrap_or(u16::MAX);
    output.extend_from_slice(&len.to_be_bytes());
    output.extend_from_slice(&message[..usize::from(len)]);
}

async fn flush(stream: &mut TcpStream, output: &mut Vec<u8>) -> std::io::Result<()> {
    if output.is_empty() {
        return Ok(());
    }
    tokio::time::timeout(IDLE, stream.write_all(output))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "reply not read"))??;
    output.clear();
    Ok(())
}

/// The general path's reply to `message`: FORMERR if hickory cannot parse
/// it, SERVFAIL if the reply cannot be encoded.
async fn general(handler: &Handler, message: &[u8], peer: SocketAddr) -> Vec<u8> {
    let request = match Request::from_bytes(message.to_vec(), peer, Protocol::Tcp) {
        Ok(r) => r,
        Err(_) => return header_only(message, 1).to_vec(),
    };
    let capture = Capture::new(message, true);
    handler
        .handle_request::<_, TokioTime>(&request, capture.clone())
        .await;
    capture
        .take()
        .unwrap_or_else(|| header_only(message, 2).to_vec())
}

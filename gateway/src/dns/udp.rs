//! The UDP side of the DNS server: datagrams in and out in batches
//! (`recvmmsg`/`sendmmsg`), each question answered inline when the answer
//! is at hand — on the fast path ([`super::fast`]), or when the handler's
//! future completes at its first poll (the catalog view holds the answer) —
//! else on a task of this thread's runtime.
//!
//! hickory-server's own UDP loop spawns a task per datagram and makes two
//! system calls per question; under load most of a query's cost was that
//! (bench/RESULTS.md, "DNS"). On the general path, parsing, the answers
//! and the encoding are still hickory's: [`Request::from_bytes`], the same
//! [`Handler`], and `MessageResponse::destructive_emit` with the size limit
//! hickory applies to UDP.

use std::{
    future::Future,
    io,
    mem::size_of,
    net::SocketAddr,
    os::fd::AsRawFd,
    panic::AssertUnwindSafe,
    pin::Pin,
    sync::{Arc, Mutex},
    task::{Context, Poll, Waker},
};

use hickory_proto::{rr::Record, serialize::binary::BinEncoder};
use hickory_server::{
    net::{NetError, runtime::TokioTime, xfer::Protocol},
    server::{Request, RequestHandler, ResponseHandler, ResponseInfo},
    zone_handler::MessageResponse,
};
use socket2::{SockAddr, SockAddrStorage};
use tokio::io::unix::AsyncFd;
use tokio_util::sync::CancellationToken;

use super::Handler;

/// Datagrams read or written per system call.
const BATCH: usize = 32;
/// Longest request read; a longer datagram is cut (and then malformed).
const MAX_REQUEST: usize = 4096;

/// Questions of one thread waiting on a task (a watch opening, a
/// recursor); past this many, a question is answered SERVFAIL at once.
const MAX_PENDING: usize = 1024;

/// Where a handler's encoded reply lands; if encoding fails, a SERVFAIL
/// header (as hickory's server sends then).
#[derive(Clone)]
pub(super) struct Capture {
    reply: Arc<Mutex<Option<Vec<u8>>>>,
    servfail: [u8; 12],
    tcp: bool,
}

impl Capture {
    /// For a reply to `request` over UDP, or over TCP (no size limit but
    /// the frame's).
    pub(super) fn new(request: &[u8], tcp: bool) -> Capture {
        Capture {
            reply: Arc::default(),
            servfail: header_only(request, 2),
            tcp,
        }
    }

    pub(super) fn take(&self) -> Option<Vec<u8>> {
        self.reply.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

#[async_trait::async_trait]
impl ResponseHandler for Capture {
    async fn send_response<'a>(
        &mut self,
        response: MessageResponse<
            '_,
            'a,
            impl Iterator<Item = &'a Record> + Send + 'a,
            impl Iterator<Item = &'a Record> + Send + 'a,
            impl Iterator<Item = &'a Record> + Send + 'a,
            impl Iterator<Item = &'a Record> + Send + 'a,
        >,
    ) -> Result<ResponseInfo, NetError> {
        // As hickory limits a UDP reply: the EDNS size, else 512 bytes
        // (past it, records are left out and TC is set); TCP's frame.
        let max = if self.tcp {
            u16::MAX
        } else {
            response.edns().map_or(512, |e| e.max_payload())
        };
        let mut bytes = Vec::with_capacity(512);
        let mut encoder = BinEncoder::new(&mut bytes);
        encoder.set_max_size(max);
        let result = response.destructive_emit(&mut encoder);
        let reply = match &result {
            Ok(_) => bytes,
            Err(error) => {
                tracing::warn!(%error, "dns: a reply could not be encoded");
                self.servfail.to_vec()
            }
        };
        *self.reply.lock().unwrap_or_else(|e| e.into_inner()) = Some(reply);
        Ok(result?)
    }
}

/// A reply of a header only with `rcode`, as hickory's server sends for a
/// body that does not parse (FORMERR) or a reply it cannot encode
/// (SERVFAIL): ID, opcode, RD and CD copied.
pub(super) fn header_only(request: &[u8], rcode: u8) -> [u8; 12] {
    let mut reply = [0u8; 12];
    reply[..2].copy_from_slice(&request[..2]);
    reply[2] = 0x80 | (request[2] & 0x79); // QR, opcode, RD
    reply[3] = (request[3] & 0x10) | rcode; // CD
    reply
}

/// Serves `socket` until `shutdown`.
pub async fn serve(
    socket: std::net::UdpSocket,
    handler: Arc<Handler>,
    shutdown: CancellationToken,
) {
    // SAFETY: a std UdpSocket owns its descriptor, open until it is
    // dropped with the AsyncFd, and always returns that one.
    let socket =
        match unsafe { AsyncFd::register_with_interest(socket, tokio::io::Interest::READABLE) } {
            Ok(s) => Arc::new(s),
            Err(error) => {
                tracing::error!(error = %error, "dns: udp socket");
                return;
            }
        };
    let pending = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut inbox = Batch::new();
    let mut outbox: Vec<(Vec<u8>, SocketAddr)> = Vec::with_capacity(BATCH);
    let mut spare: Vec<Vec<u8>> = Vec::with_capacity(BATCH);
    let mut scratch = super::fast::Scratch::default();
    loop {
        let mut ready = tokio::select! {
            ready = socket.readable() => match ready {
                Ok(r) => r,
                Err(error) => {
                    tracing::error!(%error, "dns: udp socket failed");
                    return;
                }
            },
            () = shutdown.cancelled() => return,
        };
        let received = match ready.try_io(|s| inbox.receive(s.get_ref())) {
            Ok(Ok(n)) => n,
            Ok(Err(error)) => {
                // Not "would block" (that clears readiness): pause, so that
                // a lasting error (ENOMEM) does not spin the thread.
                tracing::debug!(%error, "dns: udp receive");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
            Err(_would_block) => continue,
        };
        for i in 0..received {
            let (bytes, src) = inbox.datagram(i);
            let mut buffer = spare.pop().unwrap_or_else(|| Vec::with_capacity(512));
            // A panic answering one question costs that question (SERVFAIL),
            // not the thread's loop.
            let answered = std::panic::catch_unwind(AssertUnwindSafe(|| {
                if handler.answer_fast(bytes, false, &mut scratch, &mut buffer) {
                    return Some(std::mem::take(&mut buffer));
                }
                answer(&handler, bytes, src, &socket, &pending)
            }));
            match answered {
                Ok(Some(reply)) => outbox.push((reply, src)),
                Ok(None) => {}
                Err(_) => {
                    tracing::error!(%src, "dns: answering a question panicked");
                    scratch = super::fast::Scratch::default();
                    if bytes.len() >= 12 {
                        outbox.push((header_only(bytes, 2).to_vec(), src));
                    }
                }
            }
            if buffer.capacity() > 0 {
                spare.push(buffer);
            }
        }
        if !outbox.is_empty() {
            send_all(socket.get_ref(), &outbox);
            // The reply buffers are used again (big ones are let go).
            for (reply, _) in outbox.drain(..) {
                if spare.len() < BATCH && reply.capacity() <= MAX_REQUEST {
                    spare.push(reply);
                }
            }
        }
    }
}

/// The reply to one datagram, when it is ready now; otherwise the question
/// goes on a task that sends its reply itself.
fn answer(
    handler: &Arc<Handler>,
    bytes: &[u8],
    src: SocketAddr,
    socket: &Arc<AsyncFd<std::net::UdpSocket>>,
    pending: &Arc<std::sync::atomic::AtomicUsize>,
) -> Option<Vec<u8>> {
    use std::sync::atomic::Ordering;
    let request = match request_of(bytes, src) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let capture = Capture::new(bytes, false);
    let handler = Arc::clone(handler);
    let slot = capture.clone();
    let mut question: Pin<Box<dyn Future<Output = ResponseInfo> + Send>> = Box::pin(async move {
        handler
            .handle_request::<Capture, TokioTime>(&request, capture)
            .await
    });
    match question
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(_) => slot.take(),
        Poll::Pending => {
            if pending.load(Ordering::Relaxed) >= MAX_PENDING {
                return Some(slot.servfail.to_vec());
            }
            pending.fetch_add(1, Ordering::Relaxed);
            let socket = Arc::clone(socket);
            let pending = Arc::clone(pending);
            tokio::spawn(async move {
                question.await;
                pending.fetch_sub(1, Ordering::Relaxed);
                if let Some(reply) = slot.take() {
                    send_all(socket.get_ref(), &[(reply, src)]);
                }
            });
            None
        }
    }
}

/// The request in a datagram, or the reply it gets without one: none for
/// a datagram shorter than a header or a response sent to us (a reflection
/// attempt), FORMERR for one that does not parse.
fn request_of(bytes: &[u8], src: SocketAddr) -> Result<Request, Option<Vec<u8>>> {
    if bytes.len() < 12 || bytes[2] & 0x80 != 0 {
        return Err(None);
    }
    Request::from_bytes(bytes.to_vec(), src, Protocol::Udp)
        .map_err(|_| Some(header_only(bytes, 1).to_vec()))
}

/// The reply to one datagram on the general path, however long it takes
/// (for [`super::Responder`]).
pub(super) async fn reply_to(handler: &Handler, bytes: &[u8], src: SocketAddr) -> Option<Vec<u8>> {
    let request = match request_of(bytes, src) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let capture = Capture::new(bytes, false);
    handler
        .handle_request::<Capture, TokioTime>(&request, capture.clone())
        .await;
    capture.take()
}

/// Receive buffers for one `recvmmsg` call.
struct Batch {
    buffers: Vec<[u8; MAX_REQUEST]>,
    addrs: Vec<SockAddrStorage>,
    lens: Vec<usize>,
    sources: Vec<SocketAddr>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            buffers: vec![[0; MAX_REQUEST]; BATCH],
            addrs: (0..BATCH).map(|_| SockAddrStorage::zeroed()).collect(),
            lens: vec![0; BATCH],
            sources: vec![SocketAddr::from(([0, 0, 0, 0], 0)); BATCH],
        }
    }

    /// Reads up to [`BATCH`] datagrams without blocking.
    fn receive(&mut self, socket: &std::net::UdpSocket) -> io::Result<usize> {
        let mut iovs: Vec<libc::iovec> = self
            .buffers
            .iter_mut()
            .map(|b| libc::iovec {
                iov_base: b.as_mut_ptr().cast(),
                iov_len: MAX_REQUEST,
            })
            .collect();
        // SAFETY: an all-zero mmsghdr is a valid value (null pointers,
        // zero lengths); every pointer set below points into `iovs` and
        // `self.addrs`, which outlive the call.
        let mut msgs: Vec<libc::mmsghdr> =
            (0..BATCH).map(|_| unsafe { std::mem::zeroed() }).collect();
        for (i, m) in msgs.iter_mut().enumerate() {
            m.msg_hdr.msg_name = (&mut self.addrs[i] as *mut SockAddrStorage).cast();
            m.msg_hdr.msg_namelen = size_of::<SockAddrStorage>() as libc::socklen_t;
            m.msg_hdr.msg_iov = &mut iovs[i];
            m.msg_hdr.msg_iovlen = 1;
        }
        // SAFETY: `msgs` holds BATCH initialized headers whose buffers are
        // valid for writes of the lengths given.
        let n = unsafe {
            libc::recvmmsg(
                socket.as_raw_fd(),
                msgs.as_mut_ptr(),
                BATCH as libc::c_uint,
                libc::MSG_DONTWAIT,
                std::ptr::null_mut(),
            )
        };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        let n = n as usize;
        for (i, m) in msgs.iter().take(n).enumerate() {
            self.lens[i] = (m.msg_len as usize).min(MAX_REQUEST);
            let storage = std::mem::replace(&mut self.addrs[i], SockAddrStorage::zeroed());
            // SAFETY: the kernel wrote a socket address of `msg_namelen`
            // bytes into the storage.
            let addr = unsafe { SockAddr::new(storage, m.msg_hdr.msg_namelen) };
            self.sources[i] = addr
                .as_socket()
                .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 0)));
        }
        Ok(n)
    }

    /// Datagram `i` of the last receive and its sender.
    fn datagram(&self, i: usize) -> (&[u8], SocketAddr) {
        (&self.buffers[i][..self.lens[i]], self.sources[i])
    }
}

/// Sends every reply, `BATCH` per system call, without blocking: a reply
/// the socket has no room for is dropped (the client asks again), as any
/// UDP server under more load than it can answer.
fn send_all(socket: &std::net::UdpSocket, replies: &[(Vec<u8>, SocketAddr)]) {
    for chunk in replies.chunks(BATCH) {
        let addrs: Vec<SockAddr> = chunk.iter().map(|(_, a)| SockAddr::from(*a)).collect();
        let mut iovs: Vec<libc::iovec> = chunk
            .iter()
            .map(|(b, _)| libc::iovec {
                iov_base: b.as_ptr() as *mut libc::c_void,
                iov_len: b.len(),
            })
            .collect();
        // SAFETY: as in `Batch::receive`; the kernel only reads through
        // these pointers (the replies and addresses outlive the call).
        let mut msgs: Vec<libc::mmsghdr> = (0..chunk.len())
            .map(|_| unsafe { std::mem::zeroed() })
            .collect();
        for (i, m) in msgs.iter_mut().enumerate() {
            m.msg_hdr.msg_name = addrs[i].as_ptr() as *mut libc::c_void;
            m.msg_hdr.msg_namelen = addrs[i].len();
            m.msg_hdr.msg_iov = &mut iovs[i];
            m.msg_hdr.msg_iovlen = 1;
        }
        let mut sent = 0;
        while sent < msgs.len() {
            // SAFETY: `msgs[sent..]` are initialized headers.
            let n = unsafe {
                libc::sendmmsg(
                    socket.as_raw_fd(),
                    msgs[sent..].as_mut_ptr(),
                    (msgs.len() - sent) as libc::c_uint,
                    libc::MSG_DONTWAIT,
                )
            };
            if n <= 0 {
                // Full (or the first destination refused): skip one.
                sent += 1;
            } else {
                sent += n as usize;
            }
        }
    }
}

//! Names outside the domain: forwarded to the recursors, as Consul does.
//!
//! The client's question goes to each recursor in turn (in the configured or
//! a random order), over the client's transport, unchanged; the first reply
//! that is not a failure (SERVFAIL, REFUSED, FORMERR...) is relayed as it
//! came. NXDOMAIN is an answer, not a failure. With no recursors the
//! question is REFUSED; when every recursor fails, SERVFAIL.

use std::net::SocketAddr;

use hickory_proto::op::{Message, ResponseCode};
use rand::seq::SliceRandom as _;
use tokio::{
    io::{AsyncReadExt as _, AsyncWriteExt as _},
    net::{TcpStream, UdpSocket},
};

use super::{DnsConfig, RecursorStrategy, answer::Reply};

/// Forwards the question in `raw` (the client's message as sent).
pub async fn forward(config: &DnsConfig, raw: &[u8], tcp: bool) -> Reply {
    if config.recursors.is_empty() {
        let mut reply = Reply::new(ResponseCode::Refused);
        reply.authoritative = false;
        reply.no_edns = true;
        return reply;
    }
    let mut order = config.recursors.clone();
    if config.recursor_strategy == RecursorStrategy::Random {
        order.shuffle(&mut rand::rng());
    }
    for addr in order {
        match tokio::time::timeout(config.recursor_timeout, exchange(addr, raw, tcp)).await {
            Ok(Ok(message)) => {
                let code = message.metadata.response_code;
                if matches!(code, ResponseCode::NoError | ResponseCode::NXDomain) {
                    return relay(message);
                }
                tracing::debug!(recursor = %addr, rcode = %code, "dns: recursor failed the question");
            }
            Ok(Err(error)) => {
                tracing::debug!(recursor = %addr, %error, "dns: recursor unreachable");
            }
            Err(_) => tracing::debug!(recursor = %addr, "dns: recursor timed out"),
        }
    }
    let mut reply = Reply::new(ResponseCode::ServFail);
    reply.authoritative = false;
    reply.recursion_available = true;
    reply
}

fn relay(message: Message) -> Reply {
    let mut reply = Reply::new(message.metadata.response_code);
    reply.authoritative = message.metadata.authoritative;
    reply.recursion_available = message.metadata.recursion_available;
    reply.truncated = message.metadata.truncation;
    reply.forwarded = true;
    for answer in message.answers {
        reply.push(answer);
    }
    reply.authority = message.authorities;
    reply.additional = message.additionals;
    reply
}

/// One exchange with `addr`; the reply must carry the question's ID.
async fn exchange(addr: SocketAddr, raw: &[u8], tcp: bool) -> std::io::Result<Message> {
    let bytes = if tcp {
        let mut stream = TcpStream::connect(addr).await?;
        let len = u16::try_from(raw.len()).map_err(std::io::Error::other)?;
        let mut framed = Vec::with_capacity(raw.len() + 2);
        framed.extend_from_slice(&len.to_be_bytes());
        framed.extend_from_slice(raw);
        stream.write_all(&framed).await?;
        let len = stream.read_u16().await?;
        let mut body = vec![0; usize::from(len)];
        stream.read_exact(&mut body).await?;
        body
    } else {
        let local: SocketAddr = if addr.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let socket = UdpSocket::bind(local).await?;
        socket.connect(addr).await?;
        socket.send(raw).await?;
        let mut buf = vec![0; 65535];
        loop {
            let n = socket.recv(&mut buf).await?;
            // A stray datagram (not this question's ID) is ignored.
            if n >= 2 && buf[..2] == raw[..2] {
                buf.truncate(n);
                break buf;
            }
        }
    };
    if bytes.len() < 2 || bytes[..2] != raw[..2] {
        return Err(std::io::Error::other("reply for another question"));
    }
    Message::from_vec(&bytes).map_err(std::io::Error::other)
}

/// Parses a recursor address: `ip`, `ip:port`, `[v6]:port` (port 53 if
/// none is given).
pub fn parse_recursor(s: &str) -> Result<SocketAddr, String> {
    let s = s.trim();
    if let Ok(addr) = s.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Ok(ip) = s
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
    {
        return Ok(SocketAddr::new(ip, 53));
    }
    Err(format!("{s:?} is not an IP address with an optional port"))
}

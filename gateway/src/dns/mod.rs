//! Consul's DNS interface over Roster's gRPC API, with hickory's DNS types.
//!
//! Names under the domain (`consul.` and `alt_domain`) are answered from the
//! catalog views ([`view`]), which gRPC watch streams keep current; `arpa.`
//! names from the nodes; other names are forwarded to the recursors.
//!
//! Two paths answer: the general one parses with hickory, answers through
//! [`Handler`] (hickory-server's `RequestHandler`) and encodes with
//! hickory; the fast one ([`fast`]) writes the replies to plain service
//! questions straight from the views, and is checked against the general
//! one.
//!
//! Serving: one thread per core, each a current-thread tokio runtime with its
//! own `SO_REUSEPORT` UDP socket and TCP listener on every client address
//! (the fastest shape measured, ../shared/research/crates.md §8.5), read by
//! Roster's loops ([`udp`], [`tcp`]). The views are shared; their watches
//! run on the agent's runtime.

mod answer;
mod fast;
pub mod name;
mod recursor;
mod tcp;
mod udp;
mod view;

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use hickory_proto::{
    op::{Edns, Metadata, OpCode, ResponseCode},
    rr::{DNSClass, Name, RecordType},
};
use hickory_server::{
    net::runtime::Time,
    server::{Request, RequestHandler, ResponseHandler, ResponseInfo},
    zone_handler::MessageResponseBuilder,
};
use tokio_util::sync::CancellationToken;

pub use recursor::parse_recursor;
use view::ReadOptions;

/// The catalog service every server registers: the domain's name servers.
pub const CONSUL_SERVICE: &str = "consul";

/// SOA timers (`dns_config.soa`).
#[derive(Debug, Clone, PartialEq)]
pub struct SoaConfig {
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    pub min_ttl: u32,
}

impl Default for SoaConfig {
    fn default() -> Self {
        SoaConfig {
            refresh: 3600,
            retry: 600,
            expire: 86400,
            min_ttl: 0,
        }
    }
}

/// How recursors are tried (`dns_config.recursor_strategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RecursorStrategy {
    /// In the order configured.
    #[default]
    Sequential,
    /// In a random order for each question.
    Random,
}

/// The DNS interface's settings: Consul's `domain`, `alt_domain`,
/// `recursors` and `dns_config`.
#[derive(Debug, Clone)]
pub struct DnsConfig {
    /// The agent's datacenter, lower-cased.
    pub datacenter: String,
    /// `domain`, e.g. `consul.`.
    pub domain: String,
    /// `alt_domain`.
    pub alt_domain: Option<String>,
    /// TTL of node answers.
    pub node_ttl: Duration,
    /// TTLs of service answers by name: exact names, and prefixes ending in
    /// `*` (the longest matching prefix wins; an exact name beats any).
    pub service_ttl: Vec<(String, Duration)>,
    /// Stale reads from any server (default on).
    pub allow_stale: bool,
    /// Staleness past which a read is retried on the leader.
    pub max_stale: Duration,
    /// Answers in a UDP reply without EDNS (default 3; never more than 8).
    pub udp_answer_limit: usize,
    /// A/AAAA records in an answer (0: no limit).
    pub a_record_limit: usize,
    /// Serve only passing instances (warning ones too by default).
    pub only_passing: bool,
    /// Set the TC bit when an answer was trimmed to fit (default off).
    pub enable_truncate: bool,
    /// Add node metadata TXT records to SRV and A answers.
    pub node_meta_txt: bool,
    /// Where names outside the domain go.
    pub recursors: Vec<SocketAddr>,
    pub recursor_strategy: RecursorStrategy,
    pub recursor_timeout: Duration,
    pub soa: SoaConfig,
}

impl Default for DnsConfig {
    fn default() -> Self {
        DnsConfig {
            datacenter: "dc1".into(),
            domain: "consul.".into(),
            alt_domain: None,
            node_ttl: Duration::ZERO,
            service_ttl: Vec::new(),
            allow_stale: true,
            max_stale: Duration::from_secs(87600 * 3600),
            udp_answer_limit: 3,
            a_record_limit: 0,
            only_passing: false,
            enable_truncate: false,
            node_meta_txt: true,
            recursors: Vec::new(),
            recursor_strategy: RecursorStrategy::Sequential,
            recursor_timeout: Duration::from_secs(2),
            soa: SoaConfig::default(),
        }
    }
}

impl DnsConfig {
    /// The TTL of answers for `service` (lower-cased), in seconds.
    pub fn service_ttl(&self, service: &str) -> u32 {
        let mut best: Option<(usize, Duration)> = None;
        for (key, ttl) in &self.service_ttl {
            match key.strip_suffix('*') {
                None if key.eq_ignore_ascii_case(service) => return answer::duration_secs(*ttl),
                Some(prefix)
                    if service.len() >= prefix.len()
                        && service[..prefix.len()].eq_ignore_ascii_case(prefix)
                        && best.is_none_or(|(len, _)| prefix.len() > len) =>
                {
                    best = Some((prefix.len(), *ttl));
                }
                _ => {}
            }
        }
        best.map_or(0, |(_, ttl)| answer::duration_secs(ttl))
    }
}

/// A domain served, as a name and as lower-case labels.
struct Domain {
    name: Name,
    labels: usize,
    /// Lower-case, in wire form (`\x06consul\x00`).
    wire: Vec<u8>,
}

/// The request handler: one per server, shared by every DNS runtime.
struct Handler {
    config: DnsConfig,
    domains: Vec<Domain>,
    views: Arc<view::Views>,
}

impl Handler {
    /// A handler reading the catalog over `channel` (its views' watches
    /// run on the current runtime); `None` when `config` serves no domain.
    fn new(config: DnsConfig, channel: crate::GrpcChannel) -> Option<Handler> {
        let domains = domains(&config);
        if domains.is_empty() {
            return None;
        }
        let views = view::Views::new(
            channel,
            tokio::runtime::Handle::current(),
            ReadOptions {
                allow_stale: config.allow_stale,
                max_stale: config.max_stale,
            },
        );
        Some(Handler {
            config,
            domains,
            views,
        })
    }

    /// Answers `packet` on the fast path ([`fast`]) into `out`: a plain
    /// query for the A, AAAA or SRV records of a service of this
    /// datacenter whose watch holds an answer. `false` when the general
    /// path must answer (`out` is then undefined).
    fn answer_fast(
        &self,
        packet: &[u8],
        tcp: bool,
        scratch: &mut fast::Scratch,
        out: &mut Vec<u8>,
    ) -> bool {
        let Some(q) = fast::read(packet) else {
            return false;
        };
        if q.qclass != 1 || !matches!(q.qtype, fast::TYPE_A | fast::TYPE_AAAA | fast::TYPE_SRV) {
            return false;
        }
        let wire = q.name();
        let mut buffer = [0u8; 255];
        let lower = &mut buffer[..wire.len()];
        lower.copy_from_slice(wire);
        // Length bytes are below 64, untouched.
        lower.make_ascii_lowercase();
        let lower = &*lower;
        let mut starts = [0usize; 128];
        let mut count = 0;
        let mut at = 0;
        while lower[at] != 0 {
            starts[count] = at;
            count += 1;
            at += 1 + usize::from(lower[at]);
        }
        let Some((domain, inner)) = self.domains.iter().find_map(|d| {
            let at = lower.len().checked_sub(d.wire.len())?;
            let k = starts[..count].iter().position(|&s| s == at)?;
            (lower[at..] == d.wire[..]).then_some((d, k))
        }) else {
            return false;
        };
        let mut labels = [""; 128];
        for (k, &s) in starts[..inner].iter().enumerate() {
            let len = usize::from(lower[s]);
            // Letters, digits, `-` and `_` only (`fast::read`).
            let Ok(label) = std::str::from_utf8(&lower[s + 1..s + 1 + len]) else {
                return false;
            };
            labels[k] = label;
        }
        match name::parse(&labels[..inner], q.qtype == fast::TYPE_SRV) {
            name::Lookup::Service { service, tag, dc }
                if dc.is_none_or(|dc| dc == self.config.datacenter) =>
            {
                let Some(snapshot) = self.views.service_now(service) else {
                    return false;
                };
                fast::service(
                    &self.config,
                    &q,
                    &domain.wire,
                    &snapshot.data,
                    service,
                    tag.as_deref(),
                    tcp,
                    scratch,
                    out,
                )
            }
            _ => false,
        }
    }

    /// The reply to one question; `raw` and `tcp` are for forwarding.
    async fn answer(
        &self,
        qname: &Name,
        lower: &Name,
        qtype: RecordType,
        raw: &[u8],
        tcp: bool,
    ) -> answer::Reply {
        // Borrowed where the label is UTF-8 (always, for names in the
        // domain); a label that is not can match no name of ours.
        let labels: Vec<std::borrow::Cow<'_, str>> =
            lower.iter().map(String::from_utf8_lossy).collect();
        let labels: Vec<&str> = labels.iter().map(|l| l.as_ref()).collect();
        for domain in &self.domains {
            if domain.name.zone_of(lower) {
                let inner = &labels[..labels.len() - domain.labels];
                return self.in_domain(qname, qtype, &domain.name, inner).await;
            }
        }
        if labels.last() == Some(&"arpa") {
            let primary = &self.domains[0].name;
            let reply = match name::arpa_ip(&labels) {
                Some(ip) => match self.views.nodes().await {
                    Ok(nodes) => {
                        let at = nodes
                            .data
                            .by_address
                            .get(&ip)
                            .map(Vec::as_slice)
                            .unwrap_or(&[]);
                        answer::ptr(&self.config, primary, qname, at)
                    }
                    Err(e) => return servfail(&e.0),
                },
                None => answer::negative(&self.config, primary, ResponseCode::NXDomain),
            };
            // An address no node has: the recursors may know it.
            if reply.rcode == ResponseCode::NoError || self.config.recursors.is_empty() {
                return reply;
            }
        }
        recursor::forward(&self.config, raw, tcp).await
    }

    async fn in_domain(
        &self,
        qname: &Name,
        qtype: RecordType,
        domain: &Name,
        labels: &[&str],
    ) -> answer::Reply {
        let config = &self.config;
        match qtype {
            // SOA and NS are the zone's, whatever name in it is asked.
            RecordType::SOA | RecordType::NS => {
                return match self.views.service(CONSUL_SERVICE).await {
                    Ok(servers) => answer::zone(config, domain, qtype, &servers.data),
                    Err(e) => servfail(&e.0),
                };
            }
            RecordType::AXFR | RecordType::IXFR => return answer::Reply::new(ResponseCode::NotImp),
            _ => {}
        }
        let nxdomain = || answer::negative(config, domain, ResponseCode::NXDomain);
        let other_dc = |dc: &Option<&str>| dc.is_some_and(|dc| dc != config.datacenter);
        match name::parse(labels, qtype == RecordType::SRV) {
            // Other datacenters are not reachable yet (no WAN federation):
            // as Consul answers for a datacenter it has no path to.
            name::Lookup::Service { dc, .. } | name::Lookup::Node { dc, .. } if other_dc(&dc) => {
                nxdomain()
            }
            name::Lookup::Service { service, tag, .. } => match self.views.service(service).await {
                Ok(snapshot) => answer::service(
                    config,
                    domain,
                    qname,
                    qtype,
                    &snapshot.data,
                    service,
                    tag.as_deref(),
                ),
                Err(e) => servfail(&e.0),
            },
            name::Lookup::Node { node, .. } => match self.views.nodes().await {
                Ok(nodes) => answer::node(
                    config,
                    domain,
                    qname,
                    qtype,
                    nodes.data.by_name.get(&*node).map(|n| &**n),
                ),
                Err(e) => servfail(&e.0),
            },
            name::Lookup::Addr { ip } => answer::addr(config, qname, qtype, ip),
            // The apex has only SOA and NS; prepared queries do not exist
            // yet, so no query has a name.
            name::Lookup::Apex | name::Lookup::Query { .. } | name::Lookup::Invalid => nxdomain(),
        }
    }
}

fn servfail(why: &str) -> answer::Reply {
    tracing::warn!(error = %why, "dns: the catalog read failed");
    answer::Reply::new(ResponseCode::ServFail)
}

/// Largest UDP payload answered with, whatever a client advertises: a
/// datagram's largest payload less IP and UDP headers (Consul's).
const MAX_UDP_PAYLOAD: u16 = 65535 - 68;

#[async_trait::async_trait]
impl RequestHandler for Handler {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        mut response: R,
    ) -> ResponseInfo {
        let mut meta = Metadata::response_from_request(&request.metadata);
        let mut builder = MessageResponseBuilder::from_message_request(request);
        // EDNS: echo an OPT record, with the client's buffer size (at least
        // 512, at most ours).
        let client_edns = request.edns.as_ref();
        let mut edns = Edns::new();
        let udp_size = client_edns.map_or(answer::DEFAULT_UDP_SIZE as u16, |e| {
            e.max_payload()
                .clamp(answer::DEFAULT_UDP_SIZE as u16, MAX_UDP_PAYLOAD)
        });
        edns.set_max_payload(udp_size);
        if client_edns.is_some() {
            builder.edns(&edns);
        }
        let send_error = |code: ResponseCode| {
            let mut m = meta;
            m.response_code = code;
            m
        };
        if request.metadata.op_code != OpCode::Query {
            let m = send_error(ResponseCode::NotImp);
            return send(&mut response, builder.build_no_records(m), request).await;
        }
        if client_edns.is_some_and(|e| e.version() > 0) {
            // RFC 6891: an EDNS version we do not speak is BADVERS.
            let m = send_error(ResponseCode::BADVERS);
            return send(&mut response, builder.build_no_records(m), request).await;
        }
        let info = match request.request_info() {
            Ok(info) => info,
            // No question, or more than one.
            Err(_) => {
                return send(
                    &mut response,
                    builder.build_no_records(send_error(ResponseCode::FormErr)),
                    request,
                )
                .await;
            }
        };
        let query = info.query.original();
        let qclass = query.query_class();
        if qclass != DNSClass::IN && qclass != DNSClass::ANY {
            let m = send_error(ResponseCode::NotImp);
            return send(&mut response, builder.build_no_records(m), request).await;
        }
        let qname = query.name().clone();
        let lower: Name = info.query.name().into();
        let tcp = info.protocol != hickory_server::net::xfer::Protocol::Udp;
        let mut reply = self
            .answer(&qname, &lower, query.query_type(), request.as_slice(), tcp)
            .await;
        let trimmed = if reply.forwarded {
            false
        } else if tcp {
            let cap = if query.query_type() == RecordType::SRV {
                1024
            } else {
                4096
            };
            reply.groups.truncate(cap);
            answer::trim(&mut reply, &qname, answer::MAX_TCP_SIZE, None)
        } else {
            let limit = (usize::from(udp_size) == answer::DEFAULT_UDP_SIZE).then(|| {
                self.config
                    .udp_answer_limit
                    .min(answer::MAX_UDP_ANSWER_LIMIT)
            });
            answer::trim(&mut reply, &qname, usize::from(udp_size), limit)
        };
        meta.response_code = reply.rcode;
        meta.authoritative = reply.authoritative;
        meta.recursion_available = if reply.forwarded {
            reply.recursion_available
        } else {
            reply.recursion_available || !self.config.recursors.is_empty()
        };
        // TC means "ask again over TCP": never set on a TCP reply.
        meta.truncation = reply.truncated || (trimmed && self.config.enable_truncate && !tcp);
        if reply.no_edns {
            builder = MessageResponseBuilder::from_message_request(request);
        }
        let (answers, additional) = answer::sections(&reply);
        let message = builder.build(meta, answers, reply.authority.iter(), [], additional);
        send(&mut response, message, request).await
    }
}

async fn send<'a, R: ResponseHandler>(
    response: &mut R,
    message: hickory_server::zone_handler::MessageResponse<
        '_,
        'a,
        impl Iterator<Item = &'a hickory_proto::rr::Record> + Send + 'a,
        impl Iterator<Item = &'a hickory_proto::rr::Record> + Send + 'a,
        impl Iterator<Item = &'a hickory_proto::rr::Record> + Send + 'a,
        impl Iterator<Item = &'a hickory_proto::rr::Record> + Send + 'a,
    >,
    request: &Request,
) -> ResponseInfo {
    match response.send_response(message).await {
        Ok(info) => info,
        Err(error) => {
            tracing::debug!(%error, "dns: could not send a reply");
            let mut m = Metadata::response_from_request(&request.metadata);
            m.response_code = ResponseCode::ServFail;
            hickory_proto::op::Header {
                metadata: m,
                counts: Default::default(),
            }
            .into()
        }
    }
}

/// The domains `config` serves (`domain`, then `alt_domain`); one that is
/// not a DNS name is logged and left out.
fn domains(config: &DnsConfig) -> Vec<Domain> {
    let mut domains = Vec::new();
    for d in std::iter::once(&config.domain).chain(config.alt_domain.as_ref()) {
        match Name::from_ascii(d.to_ascii_lowercase()) {
            Ok(mut name) => {
                name.set_fqdn(true);
                let labels = name.num_labels() as usize;
                let mut wire = Vec::new();
                for label in name.iter() {
                    wire.push(label.len() as u8);
                    wire.extend_from_slice(label);
                }
                wire.push(0);
                domains.push(Domain { name, labels, wire });
            }
            Err(error) => tracing::error!(domain = %d, %error, "dns: the domain is not a DNS name"),
        }
    }
    domains
}

/// Bound DNS sockets, not yet served.
pub struct DnsSockets {
    /// For each serving thread, its UDP sockets and TCP listeners (one per
    /// client address).
    threads: Vec<(Vec<std::net::UdpSocket>, Vec<std::net::TcpListener>)>,
}

/// The DNS interface without sockets: a datagram in, the reply the UDP
/// loop would send out (the fast path, then the general one). For fuzzing
/// (`fuzz/`); unlike the loop it does not catch a panic, so that the fuzzer
/// sees it.
#[doc(hidden)]
pub struct Responder {
    handler: Handler,
}

impl Responder {
    /// A responder reading the catalog over `channel`; call it inside a
    /// tokio runtime (the views' watches run on it). `None` when `config`
    /// serves no domain.
    pub fn new(config: DnsConfig, channel: crate::GrpcChannel) -> Option<Responder> {
        Handler::new(config, channel).map(|handler| Responder { handler })
    }

    /// The reply to `packet`, as if it came over UDP from 127.0.0.1.
    pub async fn reply(&self, packet: &[u8]) -> Option<Vec<u8>> {
        let mut scratch = fast::Scratch::default();
        let mut out = Vec::with_capacity(512);
        if self
            .handler
            .answer_fast(packet, false, &mut scratch, &mut out)
        {
            return Some(out);
        }
        let src = SocketAddr::from(([127, 0, 0, 1], 53000));
        udp::reply_to(&self.handler, packet, src).await
    }
}

/// How many threads serve DNS: one per core, at most 4.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
}

/// Binds UDP and TCP on `port` of every address, `threads` times each with
/// `SO_REUSEPORT` so that the kernel spreads queries over the threads.
pub fn bind(addrs: &[IpAddr], port: u16, threads: usize) -> std::io::Result<DnsSockets> {
    use socket2::{Domain as SockDomain, Protocol, Socket, Type};
    let mut out = Vec::new();
    // The port must be free for UDP and TCP, held by nobody (SO_REUSEPORT
    // sockets of the same user would otherwise be joined silently, by
    // another agent too): checked with sockets that do not share, then
    // closed. Port 0: the check's socket picks the port.
    let mut ports: Vec<u16> = Vec::with_capacity(addrs.len());
    for ip in addrs {
        ports.push(free_port(*ip, port)?);
    }
    for _ in 0..threads.max(1) {
        let mut udps = Vec::new();
        let mut tcps = Vec::new();
        for (i, ip) in addrs.iter().enumerate() {
            let addr = SocketAddr::new(*ip, ports[i]);
            let domain = SockDomain::for_address(addr);
            let udp = Socket::new(domain, Type::DGRAM, Some(Protocol::UDP))?;
            udp.set_reuse_port(true)?;
            udp.set_nonblocking(true)?;
            // Room for bursts (the kernel caps it at net.core.rmem_max).
            let _ = udp.set_recv_buffer_size(UDP_RECV_BUFFER);
            udp.bind(&addr.into())?;
            let bound = udp.local_addr()?.as_socket().map_or(ports[i], |a| a.port());
            ports[i] = bound;
            let tcp = Socket::new(domain, Type::STREAM, Some(Protocol::TCP))?;
            tcp.set_reuse_address(true)?;
            tcp.set_reuse_port(true)?;
            tcp.set_nonblocking(true)?;
            tcp.bind(&SocketAddr::new(*ip, bound).into())?;
            tcp.listen(1024)?;
            udps.push(udp.into());
            tcps.push(tcp.into());
        }
        out.push((udps, tcps));
    }
    Ok(DnsSockets { threads: out })
}

/// `port` (or, if 0, one the kernel picks) when nothing holds it for UDP
/// or TCP on `ip`; else "address in use".
fn free_port(ip: IpAddr, port: u16) -> std::io::Result<u16> {
    for _ in 0..16 {
        let udp = std::net::UdpSocket::bind(SocketAddr::new(ip, port))?;
        let chosen = udp.local_addr()?.port();
        match std::net::TcpListener::bind(SocketAddr::new(ip, chosen)) {
            Ok(_) => return Ok(chosen),
            // A picked port may be taken for TCP: pick again.
            Err(e) if port == 0 && e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "no port free for both UDP and TCP",
    ))
}

impl DnsSockets {
    /// The UDP addresses bound (the first thread's).
    pub fn local_addrs(&self) -> Vec<SocketAddr> {
        self.threads
            .first()
            .map(|(udps, _)| udps.iter().filter_map(|s| s.local_addr().ok()).collect())
            .unwrap_or_default()
    }
}

/// Receive buffer asked for each UDP socket.
const UDP_RECV_BUFFER: usize = 4 << 20;

/// Serves DNS on `sockets` until `shutdown`: one thread per socket set.
/// Returns when every thread has stopped.
pub async fn serve(
    sockets: DnsSockets,
    config: DnsConfig,
    channel: crate::GrpcChannel,
    shutdown: CancellationToken,
) {
    let Some(handler) = Handler::new(config, channel) else {
        return;
    };
    let handler = Arc::new(handler);
    let mut done = Vec::new();
    for (i, (udps, tcps)) in sockets.threads.into_iter().enumerate() {
        let handler = Arc::clone(&handler);
        let shutdown = shutdown.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        done.push(rx);
        let spawned = std::thread::Builder::new()
            .name(format!("roster-dns-{i}"))
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(r) => r,
                    Err(error) => {
                        tracing::error!(%error, "dns: could not start a runtime");
                        return;
                    }
                };
                runtime.block_on(async move {
                    for udp in udps {
                        tokio::spawn(udp::serve(udp, Arc::clone(&handler), shutdown.clone()));
                    }
                    let slots = Arc::new(tokio::sync::Semaphore::new(tcp::MAX_CONNECTIONS));
                    for tcp in tcps {
                        tokio::spawn(tcp::serve(
                            tcp,
                            Arc::clone(&handler),
                            Arc::clone(&slots),
                            shutdown.clone(),
                        ));
                    }
                    shutdown.cancelled().await;
                });
                // The sockets close with the runtime's tasks, before the
                // agent hears that DNS has stopped.
                drop(runtime);
                let _ = tx.send(());
            });
        if let Err(error) = spawned {
            tracing::error!(%error, "dns: could not start a thread");
        }
    }
    for rx in done {
        let _ = rx.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dns_port_held_by_another_agent_is_refused_not_shared() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let first = bind(&[ip], 0, 2).unwrap();
        let port = first.local_addrs()[0].port();
        assert_ne!(port, 0);
        let second = bind(&[ip], port, 2).map(|_| ()).unwrap_err();
        assert_eq!(second.kind(), std::io::ErrorKind::AddrInUse);
        drop(first);
        bind(&[ip], port, 2).expect("free again once the first agent closed it");
    }
}

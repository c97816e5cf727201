//! The fast path against the general one: for every question it takes, its
//! reply must carry what the general path's does (the same flags, question,
//! OPT and records; when answers are limited, as many, from the same set).

use std::{collections::BTreeSet, time::Duration};

use hickory_proto::{
    op::{Message, Query},
    rr::{Name, RecordType},
};
use hickory_server::{
    net::{runtime::TokioTime, xfer::Protocol},
    server::{Request, RequestHandler},
};
use roster_proto::catalog::v1::HealthStatus;

use super::*;
use crate::dns::{Handler, domains, udp::Capture, view};

fn inst(node: &str, node_addr: &str, svc_addr: &str, port: u16, status: HealthStatus) -> Instance {
    Instance {
        node: node.into(),
        node_address: node_addr.into(),
        service_address: svc_addr.into(),
        port,
        weight_passing: 10,
        weight_warning: 1,
        tags: vec![],
        node_meta: vec![],
        status,
        srv: Default::default(),
        fast: Default::default(),
    }
}

fn tagged(mut i: Instance, tags: &[&str]) -> Instance {
    i.tags = tags.iter().map(|t| t.to_string()).collect();
    i
}

fn with_meta(mut i: Instance, meta: &[(&str, &str)]) -> Instance {
    i.node_meta = meta
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    i
}

/// The catalog every case reads.
fn services() -> Vec<(&'static str, Vec<Instance>)> {
    use HealthStatus::*;
    let long = "x".repeat(300);
    let long: &'static str = Box::leak(long.into_boxed_str());
    vec![
        (
            "web",
            vec![
                tagged(inst("n1", "10.0.0.1", "", 80, Passing), &["v1"]),
                tagged(inst("N2", "10.0.0.2", "", 8080, Warning), &["v1", "v2"]),
                inst("n3", "10.0.0.3", "", 80, Critical),
                with_meta(
                    inst("n4", "10.0.0.4", "10.9.0.4", 81, Passing),
                    &[("rack", "r1"), ("a=b", "c`d")],
                ),
                inst("n5", "2001:db8::5", "", 82, Passing),
                // The same address as n1's, on another node.
                inst("n6", "10.0.0.1", "", 80, Passing),
                // n5's address written another way.
                inst("n7", "2001:DB8:0::5", "", 83, Passing),
            ],
        ),
        (
            "big",
            (0..40)
                .map(|k| {
                    // Every fifth one repeats an earlier instance's address.
                    let addr = format!("10.1.0.{}", if k % 5 == 4 { k - 1 } else { k });
                    inst(&format!("b{k}"), &addr, "", 1000 + k, HealthStatus::Passing)
                })
                .collect(),
        ),
        (
            "meta",
            vec![
                with_meta(inst("m1", "10.2.0.1", "", 80, Passing), &[("k", long)]),
                with_meta(inst("m2", "10.2.0.2", "", 80, Passing), &[("k", long)]),
                with_meta(inst("m3", "10.2.0.3", "", 80, Passing), &[("k", long)]),
            ],
        ),
        (
            "ext",
            vec![
                inst("e1", "db.example.com", "", 5432, Passing),
                inst("e2", "10.3.0.2", "", 5432, Passing),
            ],
        ),
        ("odd", vec![inst("odd.node", "10.4.0.1", "", 80, Passing)]),
        (
            "huge",
            vec![with_meta(
                inst("h1", "10.6.0.1", "", 80, Passing),
                &(0..300)
                    .map(|k| {
                        let key: &'static str = Box::leak(format!("k{k}").into_boxed_str());
                        (key, long)
                    })
                    .collect::<Vec<_>>(),
            )],
        ),
        (
            "longnode",
            vec![inst(&"a".repeat(63), "10.7.0.1", "", 80, Passing)],
        ),
        ("down", vec![inst("d1", "10.5.0.1", "", 80, Critical)]),
    ]
}

fn handler(config: DnsConfig) -> Handler {
    let channel = crate::grpc_channel(tower::service_fn(
        |_: ::http::Request<tonic::body::Body>| async {
            Err::<::http::Response<tonic::body::Body>, tower::BoxError>("no catalog here".into())
        },
    ));
    let views = view::Views::new(
        channel,
        tokio::runtime::Handle::current(),
        view::ReadOptions {
            allow_stale: true,
            max_stale: Duration::from_secs(3600),
        },
    );
    for (name, instances) in services() {
        views.hold_service(name, instances);
    }
    Handler {
        domains: domains(&config),
        config,
        views,
    }
}

/// A query for `name` `qtype` with `id`, RD and CD set as given, and an
/// OPT record of `edns` bytes (with a cookie option if `cookie`).
fn query(name: &str, qtype: RecordType, id: u16, edns: Option<u16>, cookie: bool) -> Vec<u8> {
    let mut message = Message::query();
    message.metadata.id = id;
    message.metadata.recursion_desired = id.is_multiple_of(2);
    message.metadata.checking_disabled = id.is_multiple_of(3);
    message.add_query(Query::query(Name::from_ascii(name).unwrap(), qtype));
    let mut bytes = message.to_vec().unwrap();
    if let Some(size) = edns {
        bytes[11] = 1;
        bytes.extend_from_slice(&[0, 0, 41]);
        bytes.extend_from_slice(&size.to_be_bytes());
        bytes.extend_from_slice(&[0, 0, 0x80, 0]); // DO set
        if cookie {
            bytes.extend_from_slice(&[0, 12, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
        } else {
            bytes.extend_from_slice(&[0, 0]);
        }
    }
    bytes
}

async fn general_reply(handler: &Handler, packet: &[u8], tcp: bool) -> Vec<u8> {
    let protocol = if tcp { Protocol::Tcp } else { Protocol::Udp };
    let request =
        Request::from_bytes(packet.to_vec(), "127.0.0.1:9".parse().unwrap(), protocol).unwrap();
    let capture = Capture::new(packet, tcp);
    handler
        .handle_request::<_, TokioTime>(&request, capture.clone())
        .await;
    capture.take().expect("the general path replied")
}

fn records(records: &[hickory_proto::rr::Record]) -> Vec<String> {
    // Names compare without case: the fast path's SRV targets end in the
    // question's spelling of the domain.
    let mut out: Vec<String> = records
        .iter()
        .map(|r| r.to_string().to_ascii_lowercase())
        .collect();
    out.sort();
    out
}

/// Checks the fast path's reply to `packet` against the general path's;
/// returns whether the fast path answered.
async fn check(
    handler: &Handler,
    unlimited: &Handler,
    packet: &[u8],
    tcp: bool,
    case: &str,
) -> bool {
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    if !handler.answer_fast(packet, tcp, &mut scratch, &mut out) {
        return false;
    }
    let fast = Message::from_vec(&out).unwrap_or_else(|e| panic!("{case}: fast reply: {e}"));
    srv_targets_are_uncompressed(&out, case);
    let general = Message::from_vec(&general_reply(handler, packet, tcp).await).unwrap();
    // Every answer the general path has for this question: over TCP, where
    // no limit leaves any out, and without `a_record_limit`.
    let all = Message::from_vec(&general_reply(unlimited, packet, true).await).unwrap();
    let q = read(packet).unwrap();
    let udp_size = q.edns.map_or(512, |s| s.max(512));
    let limit = if tcp {
        usize::MAX
    } else if udp_size == 512 {
        handler.config.udp_answer_limit.clamp(1, 8)
    } else {
        usize::MAX
    };
    let a_limit = match handler.config.a_record_limit {
        0 => usize::MAX,
        _ if q.qtype == TYPE_SRV => usize::MAX,
        n => n,
    };
    let expected = all.answers.len().min(limit).min(a_limit);
    assert_eq!(fast.answers.len(), expected, "{case}: answers");
    assert!(
        out.len() <= if tcp { 65523 } else { usize::from(udp_size) },
        "{case}: size"
    );
    let mut header = general.metadata;
    if general.answers.len() < expected {
        // The general path dropped answers to fit the size, by its
        // estimate of its encoder's size; the fast path's compression made
        // them fit. The TC bit follows from what each left out.
        header.truncation = fast.metadata.truncation;
    } else {
        assert_eq!(fast.answers.len(), general.answers.len(), "{case}");
    }
    assert_eq!(fast.metadata, header, "{case}: header");
    assert_eq!(fast.queries, general.queries, "{case}: question");
    assert_eq!(
        fast.edns
            .as_ref()
            .map(|e| (e.max_payload(), e.version(), *e.flags())),
        general
            .edns
            .as_ref()
            .map(|e| (e.max_payload(), e.version(), *e.flags())),
        "{case}: OPT"
    );
    assert!(
        fast.authorities.is_empty() && general.authorities.is_empty(),
        "{case}"
    );
    let answers: BTreeSet<String> = records(&all.answers).into_iter().collect();
    let additional: BTreeSet<String> = records(&all.additionals).into_iter().collect();
    for r in records(&fast.answers) {
        assert!(
            answers.contains(&r),
            "{case}: answer {r} not in {answers:?}"
        );
    }
    for r in records(&fast.additionals) {
        assert!(additional.contains(&r), "{case}: additional {r}");
    }
    // Each SRV target's address is in the additional section.
    for answer in &fast.answers {
        if let hickory_proto::rr::RData::SRV(srv) = &answer.data {
            assert!(
                fast.additionals.iter().any(|r| r.name == srv.target
                    && matches!(r.record_type(), RecordType::A | RecordType::AAAA)),
                "{case}: no address for {}",
                srv.target
            );
        }
    }
    if expected == all.answers.len() {
        assert_eq!(records(&fast.answers), records(&all.answers), "{case}");
        assert_eq!(
            records(&fast.additionals),
            records(&all.additionals),
            "{case}"
        );
    }
    true
}

/// RFC 2782: an SRV target is not compressed (Go's resolver refuses the
/// whole message if one is). Walks the answer section of `reply`.
fn srv_targets_are_uncompressed(reply: &[u8], case: &str) {
    fn skip_name(b: &[u8], mut at: usize) -> usize {
        loop {
            let len = b[at];
            if len == 0 {
                return at + 1;
            }
            if len & 0xc0 == 0xc0 {
                return at + 2;
            }
            at += 1 + usize::from(len);
        }
    }
    let u16_at = |at: usize| usize::from(u16::from_be_bytes([reply[at], reply[at + 1]]));
    let mut at = skip_name(reply, 12) + 4;
    for _ in 0..u16_at(6) {
        at = skip_name(reply, at);
        let rtype = u16_at(at);
        let rdlen = u16_at(at + 8);
        let rdata = &reply[at + 10..at + 10 + rdlen];
        if rtype == 33 {
            let mut label = 6;
            loop {
                let len = rdata[label];
                assert!(len < 0x40, "{case}: a compressed SRV target");
                label += 1 + usize::from(len);
                if len == 0 {
                    break;
                }
            }
            assert_eq!(label, rdata.len(), "{case}: SRV rdata length");
        }
        at += 10 + rdlen;
    }
}

fn configs() -> Vec<(&'static str, DnsConfig)> {
    vec![
        ("default", DnsConfig::default()),
        (
            "only_passing",
            DnsConfig {
                only_passing: true,
                ..DnsConfig::default()
            },
        ),
        (
            "limit 1, truncate",
            DnsConfig {
                udp_answer_limit: 1,
                enable_truncate: true,
                ..DnsConfig::default()
            },
        ),
        (
            "a_record_limit 2, no meta txt, recursors",
            DnsConfig {
                a_record_limit: 2,
                node_meta_txt: false,
                recursors: vec!["127.0.0.1:1".parse().unwrap()],
                ..DnsConfig::default()
            },
        ),
        (
            "ttl, alt domain, limit 8",
            DnsConfig {
                service_ttl: vec![("w*".into(), Duration::from_secs(30))],
                alt_domain: Some("Alt.Example.".into()),
                udp_answer_limit: 20,
                ..DnsConfig::default()
            },
        ),
    ]
}

#[tokio::test]
async fn the_fast_path_answers_as_the_general_path_does() {
    let names = [
        "web.service.consul.",
        "WEB.Service.CONSUL.",
        "v1.web.service.consul.",
        "v2.web.service.dc1.consul.",
        "web.service.dc2.consul.",
        "_web._tcp.service.consul.",
        "_web._v1.service.consul.",
        "_web._tcp.consul.",
        "web.service.alt.example.",
        "big.service.consul.",
        "meta.service.consul.",
        "ext.service.consul.",
        "odd.service.consul.",
        "huge.service.consul.",
        "longnode.service.consul.",
        "down.service.consul.",
        "nothing.service.consul.",
        "n1.node.consul.",
        "web.service.elsewhere.",
    ];
    let types = [
        RecordType::A,
        RecordType::AAAA,
        RecordType::SRV,
        RecordType::TXT,
    ];
    let edns = [None, Some(100), Some(512), Some(1232), Some(4096)];
    let mut fast = 0;
    let mut total = 0;
    let mut fast_names = BTreeSet::new();
    for (label, config) in configs() {
        let unlimited = handler(DnsConfig {
            a_record_limit: 0,
            ..config.clone()
        });
        let handler = handler(config);
        let mut id = 0u16;
        for name in names {
            for qtype in types {
                for size in edns {
                    for cookie in [false, true] {
                        if cookie && size.is_none() {
                            continue;
                        }
                        for tcp in [false, true] {
                            id = id.wrapping_add(1);
                            let packet = query(name, qtype, id, size, cookie);
                            let case = format!(
                                "{label}: {name} {qtype} edns {size:?} cookie {cookie} tcp {tcp}"
                            );
                            total += 1;
                            if check(&handler, &unlimited, &packet, tcp, &case).await {
                                fast += 1;
                                fast_names.insert(name);
                            }
                        }
                    }
                }
            }
        }
    }
    // The cases the fast path must take, and those it must leave.
    for name in [
        "web.service.consul.",
        "WEB.Service.CONSUL.",
        "v1.web.service.consul.",
        "_web._tcp.consul.",
        "web.service.alt.example.",
        "big.service.consul.",
    ] {
        assert!(fast_names.contains(name), "{name} never took the fast path");
    }
    for name in [
        "web.service.dc2.consul.",
        "down.service.consul.",
        "nothing.service.consul.",
        "n1.node.consul.",
        "web.service.elsewhere.",
    ] {
        assert!(!fast_names.contains(name), "{name} took the fast path");
    }
    assert!(
        fast > total / 4,
        "only {fast} of {total} questions were fast"
    );
}

#[tokio::test]
async fn answers_left_to_the_general_path() {
    let handler = handler(DnsConfig::default());
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    let mut fast = |packet: &[u8]| handler.answer_fast(packet, false, &mut scratch, &mut out);
    // The plain question is fast.
    assert!(fast(&query(
        "web.service.consul.",
        RecordType::A,
        1,
        None,
        false
    )));
    // A host name's instance cannot be an SRV target here, nor a node name
    // of two labels; only AAAA records asked where only v4 exist: NODATA.
    assert!(!fast(&query(
        "ext.service.consul.",
        RecordType::SRV,
        1,
        None,
        false
    )));
    assert!(!fast(&query(
        "odd.service.consul.",
        RecordType::SRV,
        1,
        None,
        false
    )));
    assert!(!fast(&query(
        "big.service.consul.",
        RecordType::AAAA,
        1,
        None,
        false
    )));
    // Long metadata does not fit 512 bytes whole; too much does not fit
    // one TXT record.
    assert!(!fast(&query(
        "meta.service.consul.",
        RecordType::SRV,
        1,
        None,
        false
    )));
    assert!(!fast(&query(
        "huge.service.consul.",
        RecordType::SRV,
        1,
        Some(4096),
        false
    )));
    assert!(fast(&query(
        "huge.service.consul.",
        RecordType::A,
        1,
        None,
        false
    )));
    // Class ANY, EDNS version 1, a client subnet option, trailing bytes,
    // two questions, a compressed question name, an update, a response.
    let plain = query("web.service.consul.", RecordType::A, 7, None, false);
    let mut any = plain.clone();
    let n = any.len();
    any[n - 1] = 255;
    assert!(!fast(&any));
    let mut v1 = query("web.service.consul.", RecordType::A, 7, Some(1232), false);
    let opt = v1.len() - 11;
    v1[opt + 6] = 1;
    assert!(!fast(&v1));
    let mut subnet = query("web.service.consul.", RecordType::A, 7, Some(1232), false);
    let n = subnet.len();
    subnet[n - 1] = 8;
    subnet.extend_from_slice(&[0, 8, 0, 4, 0, 1, 0, 0]);
    assert!(!fast(&subnet));
    let mut trailing = plain.clone();
    trailing.push(0);
    assert!(!fast(&trailing));
    let mut two = plain.clone();
    two[5] = 2;
    two.extend_from_slice(&plain[12..]);
    assert!(!fast(&two));
    let mut pointer = plain[..12].to_vec();
    pointer.extend_from_slice(&[3, b'w', b'e', b'b', 0xc0, 12, 0, 1, 0, 1]);
    assert!(!fast(&pointer));
    let mut update = plain.clone();
    update[2] |= 5 << 3;
    assert!(!fast(&update));
    let mut response = plain.clone();
    response[2] |= 0x80;
    assert!(!fast(&response));
    // Cut anywhere: never read past the end.
    for cut in 0..plain.len() {
        assert!(!fast(&plain[..cut]));
    }
    // A label with a byte outside letters, digits, `-` and `_`.
    let mut odd = plain.clone();
    odd[13] = b'.';
    assert!(!fast(&odd));
}

#[tokio::test]
async fn srv_owners_past_16_kib_are_written_in_full() {
    // 700 SRV answers over TCP go past 16 KiB: owners written there again
    // in full, as pointers cannot reach past 0x3fff.
    let handler = handler(DnsConfig::default());
    let many: Vec<Instance> = (0..700)
        .map(|k| {
            inst(
                &format!("node-{k}"),
                &format!("10.{}.{}.{}", k / 65536, (k / 256) % 256, k % 256),
                "",
                80,
                HealthStatus::Passing,
            )
        })
        .collect();
    handler.views.hold_service("many", many);
    let packet = query("many.service.consul.", RecordType::SRV, 9, None, false);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    assert!(handler.answer_fast(&packet, true, &mut scratch, &mut out));
    assert!(out.len() > 0x3fff, "{} bytes", out.len());
    let reply = Message::from_vec(&out).unwrap();
    assert_eq!(reply.answers.len(), 700);
    assert_eq!(reply.additionals.len(), 700);
    let targets: BTreeSet<String> = reply
        .answers
        .iter()
        .map(|r| match &r.data {
            hickory_proto::rr::RData::SRV(srv) => srv.target.to_string(),
            other => panic!("{other:?}"),
        })
        .collect();
    let owners: BTreeSet<String> = reply
        .additionals
        .iter()
        .map(|r| r.name.to_string())
        .collect();
    assert_eq!(targets, owners);
    // Shuffled: two replies differ in order.
    let mut again = Vec::new();
    assert!(handler.answer_fast(&packet, true, &mut scratch, &mut again));
    assert_ne!(out, again);
}

/// The TCP loop on a port of 127.0.0.1 with the test catalog: its
/// address, what stops it, and its task.
fn tcp_server() -> (
    std::net::SocketAddr,
    tokio_util::sync::CancellationToken,
    tokio::task::JoinHandle<()>,
) {
    let handler = std::sync::Arc::new(handler(DnsConfig::default()));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let shutdown = tokio_util::sync::CancellationToken::new();
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(4));
    let server = tokio::spawn(crate::dns::tcp::serve(
        listener,
        handler,
        slots,
        shutdown.clone(),
    ));
    (addr, shutdown, server)
}

#[tokio::test]
async fn tcp_answers_pipelined_and_split_messages_in_order() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, shutdown, server) = tcp_server();
    let framed = |m: Vec<u8>| {
        let mut out = (m.len() as u16).to_be_bytes().to_vec();
        out.extend_from_slice(&m);
        out
    };
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // Three questions in one write: fast, general (a name the domain does
    // not know: NXDOMAIN), fast; then a frame too short to be a message
    // (no reply); then one question sent a byte at a time.
    let mut burst = framed(query("web.service.consul.", RecordType::A, 1, None, false));
    burst.extend(framed(query(
        "x.nowhere.consul.",
        RecordType::A,
        2,
        None,
        false,
    )));
    burst.extend(framed(query(
        "_web._tcp.consul.",
        RecordType::SRV,
        3,
        Some(1232),
        true,
    )));
    burst.extend(framed(vec![0, 9, 1]));
    stream.write_all(&burst).await.unwrap();
    for byte in framed(query("big.service.consul.", RecordType::A, 4, None, false)) {
        stream.write_all(&[byte]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let mut replies = Vec::new();
    for _ in 0..4 {
        let len = stream.read_u16().await.unwrap();
        let mut message = vec![0; usize::from(len)];
        stream.read_exact(&mut message).await.unwrap();
        replies.push(Message::from_vec(&message).unwrap());
    }
    let ids: Vec<u16> = replies.iter().map(|r| r.metadata.id).collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    use hickory_proto::op::ResponseCode;
    assert_eq!(replies[0].answers.len(), 3, "every address");
    assert_eq!(replies[1].metadata.response_code, ResponseCode::NXDomain);
    assert_eq!(replies[1].authorities.len(), 1, "the SOA");
    assert_eq!(replies[2].answers.len(), 6);
    assert!(replies[2].edns.is_some());
    assert_eq!(replies[3].answers.len(), 32, "40 less 8 repeated addresses");
    shutdown.cancel();
    server.await.unwrap();
}

#[tokio::test]
async fn srv_targets_longer_than_a_name_are_left_to_the_general_path() {
    // A long alt_domain: the question fits in 255 bytes, the target
    // `<63 a>.node.dc1.<alt>` does not.
    let x60 = "x".repeat(60);
    let alt = format!("{x60}.{x60}.{x60}.example.");
    let handler = handler(DnsConfig {
        alt_domain: Some(alt.clone()),
        ..DnsConfig::default()
    });
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    let question = query(
        &format!("longnode.service.{alt}"),
        RecordType::SRV,
        1,
        Some(4096),
        false,
    );
    assert!(!handler.answer_fast(&question, false, &mut scratch, &mut out));
    let a = query(
        &format!("longnode.service.{alt}"),
        RecordType::A,
        1,
        None,
        false,
    );
    assert!(handler.answer_fast(&a, false, &mut scratch, &mut out));
    // Under the short domain it fits.
    let short = query("longnode.service.consul.", RecordType::SRV, 1, None, false);
    assert!(handler.answer_fast(&short, false, &mut scratch, &mut out));
}

#[tokio::test]
async fn tcp_replies_to_a_slow_reader_all_arrive_in_order() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, shutdown, server) = tcp_server();
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut rx, mut tx) = stream.into_split();
    // 3000 SRV questions sent in one write: their ~2 KB replies (6 MB) are
    // far more than the server holds for one connection and than the
    // sockets buffer, so the server waits on the reader again and again.
    let sender = tokio::spawn(async move {
        let mut all = Vec::new();
        for id in 0..3000u16 {
            let q = query(
                "big.service.consul.",
                RecordType::SRV,
                id,
                Some(4096),
                false,
            );
            all.extend_from_slice(&(q.len() as u16).to_be_bytes());
            all.extend_from_slice(&q);
        }
        tx.write_all(&all).await.unwrap();
        tx
    });
    for id in 0..3000u16 {
        let len = rx.read_u16().await.unwrap();
        let mut message = vec![0; usize::from(len)];
        rx.read_exact(&mut message).await.unwrap();
        let reply = Message::from_vec(&message).unwrap();
        assert_eq!(reply.metadata.id, id);
        assert_eq!(reply.answers.len(), 40, "one per instance");
    }
    let _tx = sender.await.unwrap();
    shutdown.cancel();
    server.await.unwrap();
}

//! The DNS interface, asked with the real `dig` (Debian's dnsutils) against
//! agents on 127.0.0.1 whose catalog the tests fill and whose checks they
//! flip.

use std::{collections::BTreeMap, net::SocketAddr, process::Command, time::Duration};

use roster_testkit::{Agent, wait_for};
use serde_json::{Value, json};

use super::{START_TIMEOUT, agent_services::put, must_start, roster_bin};

/// One record of dig's output: owner, TTL, type, data.
#[derive(Debug, Clone, PartialEq)]
struct Rr {
    name: String,
    ttl: u32,
    kind: String,
    data: String,
}

/// What dig printed, parsed.
#[derive(Debug, Default)]
pub(crate) struct Dig {
    pub(crate) status: String,
    flags: Vec<String>,
    answer: Vec<Rr>,
    authority: Vec<Rr>,
    additional: Vec<Rr>,
    pub(crate) raw: String,
}

impl Dig {
    fn data(&self, kind: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .answer
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.data.clone())
            .collect();
        out.sort();
        out
    }

    fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// Whether dig is here (see [`have`]).
pub(crate) fn have_dig() -> bool {
    have("dig", "dnsutils")
}

pub(crate) fn dig(server: SocketAddr, args: &[&str]) -> Dig {
    let output = Command::new("dig")
        .arg(format!("@{}", server.ip()))
        .args(["-p", &server.port().to_string(), "+time=3", "+tries=1"])
        .args(args)
        .output()
        .expect("run dig");
    parse_dig(&String::from_utf8_lossy(&output.stdout))
}

fn parse_dig(out: &str) -> Dig {
    let mut dig = Dig {
        raw: out.to_string(),
        ..Dig::default()
    };
    let mut section = "";
    for line in out.lines() {
        if let Some(rest) = line.split("status: ").nth(1) {
            dig.status = rest.split(',').next().unwrap_or("").to_string();
        }
        if let Some(rest) = line.strip_prefix(";; flags: ") {
            dig.flags = rest
                .split(';')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .map(String::from)
                .collect();
        }
        if line.starts_with(";; ") && line.ends_with("SECTION:") {
            section = if line.contains("ANSWER") {
                "answer"
            } else if line.contains("AUTHORITY") {
                "authority"
            } else if line.contains("ADDITIONAL") {
                "additional"
            } else {
                ""
            };
            continue;
        }
        if line.is_empty() || line.starts_with(';') {
            if line.is_empty() {
                section = "";
            }
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 4 {
            continue;
        }
        let rr = Rr {
            name: fields[0].to_string(),
            ttl: fields[1].parse().unwrap_or(0),
            kind: fields[3].to_string(),
            data: fields[4..].join(" "),
        };
        match section {
            "answer" => dig.answer.push(rr),
            "authority" => dig.authority.push(rr),
            "additional" => dig.additional.push(rr),
            _ => {}
        }
    }
    dig
}

/// Registers an external node with one service instance and its check.
async fn register(
    agent: &Agent,
    node: &str,
    address: &str,
    id: &str,
    service: Value,
    status: &str,
) {
    let body = json!({
        "Node": node,
        "Address": address,
        "NodeMeta": {"rack": "r1"},
        "Service": service,
        "Check": {"CheckID": format!("check-{id}"), "Name": "probe", "Status": status, "ServiceID": id},
    });
    let (code, text) = put(agent, "/v1/catalog/register", Some(&body)).await;
    assert_eq!(code, 200, "{text}");
}

async fn web(agent: &Agent, node: &str, address: &str, port: u16, tags: &[&str], status: &str) {
    let id = format!("web-{node}-{port}");
    let service = json!({"ID": id, "Service": "web", "Port": port, "Tags": tags});
    register(agent, node, address, &id, service, status).await;
}

/// Asks until dig's answer for `args` passes `ok`, and returns that answer.
async fn wait_dig(server: SocketAddr, args: &[&str], what: &str, ok: impl Fn(&Dig) -> bool) -> Dig {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let start = std::time::Instant::now();
    loop {
        let a = args.clone();
        let d = tokio::task::spawn_blocking(move || {
            dig(server, &a.iter().map(String::as_str).collect::<Vec<_>>())
        })
        .await
        .unwrap();
        if ok(&d) {
            return d;
        }
        assert!(
            start.elapsed() < START_TIMEOUT,
            "{what}: not after {START_TIMEOUT:?}; the last answer:\n{}",
            d.raw
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn write_config(agent_name: &str, config: Value) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "roster-dns-{agent_name}-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, config.to_string()).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_nodes_addresses_and_negative_answers() {
    if !have_dig() {
        return;
    }
    let config = write_config(
        "lookups",
        json!({"alt_domain": "roster", "dns_config": {"service_ttl": {"*": "5s", "db": "30s"}, "node_ttl": "10s"}}),
    );
    let agent = Agent::start_with(
        roster_bin(),
        "dns-lookups",
        &[&format!("-config-file={}", config.display())],
    )
    .expect("spawn");
    agent.wait_ready(START_TIMEOUT).await.expect("ready");
    let dns = agent.dns_addr();
    web(
        &agent,
        "ext1",
        "10.1.0.1",
        8080,
        &["v1", "primary"],
        "passing",
    )
    .await;
    web(&agent, "ext2", "10.1.0.2", 8080, &["v2"], "warning").await;
    web(&agent, "ext3", "10.1.0.3", 8080, &["v1"], "critical").await;
    let db = json!({"ID": "db1", "Service": "db", "Port": 5432, "Address": "192.168.7.7"});
    register(&agent, "ext4", "10.1.0.4", "db1", db, "passing").await;

    // A: passing and warning instances, not critical ones; AA set; the TTL
    // from service_ttl's wildcard.
    let d = wait_dig(
        dns,
        &["web.service.consul", "A"],
        "two web instances",
        |d| d.data("A").len() == 2,
    )
    .await;
    assert_eq!(d.status, "NOERROR", "{}", d.raw);
    assert_eq!(d.data("A"), ["10.1.0.1", "10.1.0.2"]);
    assert!(d.has_flag("aa"), "{}", d.raw);
    assert!(!d.has_flag("ra"), "no recursors: RA clear; {}", d.raw);
    assert!(
        d.answer
            .iter()
            .all(|r| r.ttl == 5 && r.name == "web.service.consul.")
    );

    // The datacenter may be named; names are case-insensitive and echoed.
    let d = dig(dns, &["WEB.Service.dc1.Consul", "A"]);
    assert_eq!(d.data("A"), ["10.1.0.1", "10.1.0.2"], "{}", d.raw);
    assert_eq!(d.answer[0].name, "WEB.Service.dc1.Consul.");

    // The alternative domain answers the same names, under its own name.
    let d = dig(dns, &["_web._tcp.service.roster", "SRV"]);
    assert_eq!(d.answer.len(), 2, "{}", d.raw);
    assert!(
        d.data("SRV")
            .iter()
            .all(|r| r.ends_with(".node.dc1.roster.")),
        "{}",
        d.raw
    );

    // Tags, in both spellings.
    assert_eq!(dig(dns, &["v1.web.service.consul"]).data("A"), ["10.1.0.1"]);
    assert_eq!(
        dig(dns, &["_web._v2.service.consul", "SRV"]).answer.len(),
        1
    );

    // SRV: priority 1, the weight, the port, the node's name as target and
    // the target's address in the additional section.
    let d = dig(dns, &["_web._tcp.service.consul", "SRV"]);
    assert_eq!(d.status, "NOERROR", "{}", d.raw);
    let mut srv = d.data("SRV");
    srv.sort();
    assert_eq!(
        srv,
        [
            "1 1 8080 ext1.node.dc1.consul.",
            "1 1 8080 ext2.node.dc1.consul."
        ],
        "{}",
        d.raw
    );
    let additional_a: Vec<(String, String)> = d
        .additional
        .iter()
        .filter(|r| r.kind == "A")
        .map(|r| (r.name.clone(), r.data.clone()))
        .collect();
    assert!(
        additional_a.contains(&("ext1.node.dc1.consul.".into(), "10.1.0.1".into())),
        "{}",
        d.raw
    );
    assert!(
        d.additional
            .iter()
            .any(|r| r.kind == "TXT" && r.data == "\"rack=r1\""),
        "{}",
        d.raw
    );
    // `web.service.consul SRV` is the same question.
    assert_eq!(dig(dns, &["web.service.consul", "SRV"]).answer.len(), 2);

    // A service address of its own: the A record is it, the SRV target is
    // its hex form under addr, and the exact-name TTL wins.
    let d = dig(dns, &["db.service.consul", "SRV"]);
    assert_eq!(
        d.data("SRV"),
        ["1 1 5432 c0a80707.addr.dc1.consul."],
        "{}",
        d.raw
    );
    assert_eq!(d.answer[0].ttl, 30);
    assert!(
        d.additional
            .iter()
            .any(|r| r.name == "c0a80707.addr.dc1.consul." && r.data == "192.168.7.7")
    );
    assert_eq!(dig(dns, &["db.service.consul"]).data("A"), ["192.168.7.7"]);

    // Nodes: address, metadata as TXT, node_ttl.
    let d = dig(dns, &["ext1.node.consul", "A"]);
    assert_eq!(d.data("A"), ["10.1.0.1"], "{}", d.raw);
    assert_eq!(d.answer[0].ttl, 10);
    assert_eq!(
        dig(dns, &["ext1.node.dc1.consul", "TXT"]).data("TXT"),
        ["\"rack=r1\""]
    );
    let any = dig(dns, &["ext1.node.consul", "ANY"]);
    assert_eq!(
        (any.data("A").len(), any.data("TXT").len()),
        (1, 1),
        "{}",
        any.raw
    );

    // Addresses in hex, and PTR for a node's address.
    assert_eq!(
        dig(dns, &["0a010001.addr.consul", "A"]).data("A"),
        ["10.1.0.1"]
    );
    let d = dig(dns, &["-x", "10.1.0.4"]);
    assert_eq!(d.data("PTR"), ["ext4.node.dc1.consul."], "{}", d.raw);

    // Unknown names: NXDOMAIN with the SOA.
    for name in [
        "nope.service.consul",
        "nope.node.consul",
        "web.service.dc9.consul",
        "q1.query.consul",
        "foo.bar.baz.consul",
    ] {
        let d = dig(dns, &[name, "A"]);
        assert_eq!(d.status, "NXDOMAIN", "{name}: {}", d.raw);
        assert_eq!(d.authority.len(), 1, "{name}: {}", d.raw);
        assert_eq!(d.authority[0].kind, "SOA");
        assert!(
            d.authority[0]
                .data
                .starts_with("ns.consul. hostmaster.consul. "),
            "{}",
            d.raw
        );
    }
    // Only critical instances: NXDOMAIN too.
    assert_eq!(dig(dns, &["v1.web.service.consul", "SRV"]).answer.len(), 1);
    // A known name without records of the type: NOERROR, no answer, SOA.
    let d = dig(dns, &["web.service.consul", "AAAA"]);
    assert_eq!(
        (d.status.as_str(), d.answer.len(), d.authority.len()),
        ("NOERROR", 0, 1),
        "{}",
        d.raw
    );
    // The zone's SOA and its name servers (this server).
    let d = dig(dns, &["consul", "SOA"]);
    assert_eq!(d.data("SOA").len(), 1, "{}", d.raw);
    let d = dig(dns, &["consul", "NS"]);
    assert_eq!(d.data("NS"), ["dns-lookups.node.dc1.consul."], "{}", d.raw);
    assert!(
        d.additional
            .iter()
            .any(|r| r.name == "dns-lookups.node.dc1.consul." && r.data == "127.0.0.1")
    );
    // Outside the domain with no recursors: refused.
    assert_eq!(dig(dns, &["example.org", "A"]).status, "REFUSED");

    // A check goes critical: the instance leaves the answers; back to
    // passing, it returns.
    web(
        &agent,
        "ext1",
        "10.1.0.1",
        8080,
        &["v1", "primary"],
        "critical",
    )
    .await;
    wait_dig(dns, &["web.service.consul"], "ext1 gone", |d| {
        d.data("A") == ["10.1.0.2"]
    })
    .await;
    web(
        &agent,
        "ext1",
        "10.1.0.1",
        8080,
        &["v1", "primary"],
        "passing",
    )
    .await;
    wait_dig(dns, &["web.service.consul"], "ext1 back", |d| {
        d.data("A").len() == 2
    })
    .await;
    let _ = std::fs::remove_file(config);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_come_in_random_order_and_truncate_or_retry_over_tcp() {
    if !have_dig() {
        return;
    }
    let config = write_config("trunc", json!({"dns_config": {"enable_truncate": true}}));
    let agent = Agent::start_with(
        roster_bin(),
        "dns-trunc",
        &[&format!("-config-file={}", config.display())],
    )
    .expect("spawn");
    agent.wait_ready(START_TIMEOUT).await.expect("ready");
    let default_agent = must_start("dns-notrunc").await;
    let dns = agent.dns_addr();
    for i in 0..20u16 {
        let address = format!("10.2.0.{}", i + 1);
        let node = format!("host-{i:02}");
        web(&agent, &node, &address, 80, &[], "passing").await;
        web(&default_agent, &node, &address, 80, &[], "passing").await;
    }
    // Over UDP without EDNS, at most udp_answer_limit (3) answers, TC set
    // as enable_truncate asks.
    let d = wait_dig(
        dns,
        &["web.service.consul", "+noedns", "+ignore"],
        "20 instances",
        |d| d.has_flag("tc"),
    )
    .await;
    assert_eq!(d.data("A").len(), 3, "{}", d.raw);
    // dig retries over TCP when TC is set: every instance.
    let d = dig(dns, &["web.service.consul", "+noedns"]);
    assert_eq!(d.data("A").len(), 20, "{}", d.raw);
    assert!(!d.has_flag("tc"));
    assert!(d.raw.contains("retrying in TCP mode"), "{}", d.raw);
    // With EDNS and a large buffer, UDP carries them all.
    assert_eq!(
        dig(dns, &["web.service.consul", "+bufsize=4096"])
            .data("A")
            .len(),
        20
    );
    // SRV in 512 bytes: whole records with their additional address.
    let d = dig(dns, &["web.service.consul", "SRV", "+noedns", "+ignore"]);
    assert!(d.has_flag("tc"));
    let targets: Vec<String> = d
        .answer
        .iter()
        .map(|r| r.data.split(' ').nth(3).unwrap().to_string())
        .collect();
    for t in &targets {
        assert!(d.additional.iter().any(|r| &r.name == t), "{t}: {}", d.raw);
    }
    // Default (enable_truncate off): a partial answer, no TC.
    let plain = wait_dig(
        default_agent.dns_addr(),
        &["web.service.consul", "+noedns", "+ignore"],
        "answers",
        |d| !d.answer.is_empty(),
    )
    .await;
    assert_eq!(plain.data("A").len(), 3, "{}", plain.raw);
    assert!(!plain.has_flag("tc"), "{}", plain.raw);

    // The order changes from question to question.
    let orders: Vec<Vec<String>> = (0..10)
        .map(|_| {
            dig(dns, &["web.service.consul", "+bufsize=4096"])
                .answer
                .iter()
                .map(|r| r.data.clone())
                .collect()
        })
        .collect();
    assert!(
        orders.iter().any(|o| *o != orders[0]),
        "the same order 10 times: {orders:?}"
    );
    let _ = std::fs::remove_file(config);
}

/// A tiny DNS server for the recursor tests: answers `A 192.0.2.<n>` for
/// names it knows, NXDOMAIN for others, or SERVFAIL for everything.
fn upstream(servfail: bool, answers: BTreeMap<&'static str, u8>) -> SocketAddr {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = socket.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((n, from)) = socket.recv_from(&mut buf) {
            if n < 12 {
                continue;
            }
            // The question's name, labels to dotted text; its end.
            let mut i = 12;
            let mut labels = Vec::new();
            while i < n && buf[i] != 0 {
                let len = buf[i] as usize;
                labels.push(
                    String::from_utf8_lossy(&buf[i + 1..(i + 1 + len).min(n)]).to_lowercase(),
                );
                i += 1 + len;
            }
            let question_end = (i + 5).min(n);
            let name = labels.join(".");
            let mut reply = buf[..question_end].to_vec();
            reply[2] = 0x81; // QR, RD
            let known = answers.get(name.as_str());
            reply[3] = if servfail {
                0x82
            } else if known.is_some() {
                0x80
            } else {
                0x83
            };
            reply[4..12].copy_from_slice(&[
                0,
                1,
                0,
                u8::from(known.is_some() && !servfail),
                0,
                0,
                0,
                0,
            ]);
            if let (Some(last), false) = (known, servfail) {
                reply.extend_from_slice(&[
                    0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, *last,
                ]);
            }
            let _ = socket.send_to(&reply, from);
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_outside_the_domain_go_to_the_recursors() {
    if !have_dig() {
        return;
    }
    let broken = upstream(true, BTreeMap::new());
    let good = upstream(false, BTreeMap::from([("example.org", 7)]));
    let agent = Agent::start_with(
        roster_bin(),
        "dns-recurse",
        &[&format!("-recursor={broken}"), &format!("-recursor={good}")],
    )
    .expect("spawn");
    agent.wait_ready(START_TIMEOUT).await.expect("ready");
    let dns = agent.dns_addr();
    // The first recursor fails; the second answers.
    let d = wait_dig(dns, &["example.org", "A"], "an upstream answer", |d| {
        d.status == "NOERROR"
    })
    .await;
    assert_eq!(d.data("A"), ["192.0.2.7"], "{}", d.raw);
    assert!(d.has_flag("ra"), "{}", d.raw);
    // NXDOMAIN from a recursor is an answer, relayed.
    assert_eq!(dig(dns, &["missing.example.org", "A"]).status, "NXDOMAIN");
    // The domain's own names still come from the catalog, with RA set.
    let d = dig(dns, &["consul.service.consul", "A"]);
    assert_eq!(d.data("A"), ["127.0.0.1"], "{}", d.raw);
    assert!(d.has_flag("ra") && d.has_flag("aa"));

    // A recursor that never answers is given recursor_timeout, then the
    // next one answers.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let config = write_config(
        "recurse-timeout",
        json!({"recursors": [silent.local_addr().unwrap().to_string(), good.to_string()],
               "dns_config": {"recursor_timeout": "300ms"}}),
    );
    let patient = Agent::start_with(
        roster_bin(),
        "dns-recurse-timeout",
        &[&format!("-config-file={}", config.display())],
    )
    .expect("spawn");
    patient.wait_ready(START_TIMEOUT).await.expect("ready");
    let d = dig(patient.dns_addr(), &["example.org"]);
    assert_eq!(d.data("A"), ["192.0.2.7"], "{}", d.raw);
    // The silent one was asked first, and given up on.
    silent.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 512];
    assert!(
        silent.recv_from(&mut buf).is_ok(),
        "the silent recursor was not asked"
    );
    drop(silent);
    let _ = std::fs::remove_file(config);

    // Every recursor failing: SERVFAIL.
    let only_broken = Agent::start_with(
        roster_bin(),
        "dns-recurse-fail",
        &[&format!("-recursor={broken}")],
    )
    .expect("spawn");
    only_broken.wait_ready(START_TIMEOUT).await.expect("ready");
    let d = wait_dig(only_broken.dns_addr(), &["example.org"], "servfail", |d| {
        !d.status.is_empty()
    })
    .await;
    assert_eq!(d.status, "SERVFAIL", "{}", d.raw);
}

/// A DNS message: header `id`, `flags`, then `questions` already encoded.
fn message(id: u16, qdcount: u16, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&id.to_be_bytes());
    m.extend_from_slice(&[0x01, 0x00]);
    m.extend_from_slice(&qdcount.to_be_bytes());
    m.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    m.extend_from_slice(body);
    m
}

fn question(name: &str, qtype: u16, qclass: u16) -> Vec<u8> {
    let mut q = Vec::new();
    for label in name.split('.').filter(|l| !l.is_empty()) {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.push(0);
    q.extend_from_slice(&qtype.to_be_bytes());
    q.extend_from_slice(&qclass.to_be_bytes());
    q
}

/// Sends `packet` over UDP and returns the reply's RCODE, or `None`.
fn ask_raw(dns: SocketAddr, packet: &[u8]) -> Option<u8> {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    socket.send_to(packet, dns).unwrap();
    let mut buf = [0u8; 1500];
    let (n, _) = socket.recv_from(&mut buf).ok()?;
    (n >= 4 && buf[..2] == packet[..2]).then_some(buf[3] & 0x0f)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_packets_get_errors_and_a_garbage_flood_does_not_stop_answers() {
    if !have_dig() {
        return;
    }
    let agent = must_start("dns-bad").await;
    let dns = agent.dns_addr();
    web(&agent, "ext1", "10.3.0.1", 80, &[], "passing").await;
    wait_dig(dns, &["web.service.consul"], "an answer", |d| {
        d.data("A") == ["10.3.0.1"]
    })
    .await;

    let good = question("web.service.consul", 1, 1);
    assert_eq!(
        ask_raw(dns, &message(1, 1, &good)),
        Some(0),
        "a well-formed question"
    );
    // Two questions, or none: FORMERR.
    let two = [good.clone(), good.clone()].concat();
    assert_eq!(ask_raw(dns, &message(2, 2, &two)), Some(1));
    assert_eq!(ask_raw(dns, &message(3, 0, &[])), Some(1));
    // A label longer than 63 bytes, and a name cut short: FORMERR.
    let mut long = vec![64u8];
    long.extend_from_slice(&[b'a'; 64]);
    long.extend_from_slice(&[0, 0, 1, 0, 1]);
    assert_eq!(ask_raw(dns, &message(4, 1, &long)), Some(1));
    assert_eq!(ask_raw(dns, &message(5, 1, &[3, b'w', b'e'])), Some(1));
    // A class other than IN (CHAOS): not implemented.
    assert_eq!(
        ask_raw(dns, &message(6, 1, &question("web.service.consul", 1, 3))),
        Some(4)
    );
    // Zone transfers: not implemented.
    assert_eq!(
        ask_raw(dns, &message(7, 1, &question("consul", 252, 1))),
        Some(4)
    );

    // A flood of garbage from two sockets (each up to 20,000 packets a
    // second, bursts of 100) while dig keeps asking for five seconds.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut floods = Vec::new();
    for seed in 1..3u64 {
        let stop = std::sync::Arc::clone(&stop);
        floods.push(std::thread::spawn(move || {
            let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
            let mut x = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let mut sent = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for _ in 0..100 {
                    let len = 1 + (x % 600) as usize;
                    let packet: Vec<u8> = (0..len)
                        .map(|_| {
                            x ^= x << 13;
                            x ^= x >> 7;
                            x ^= x << 17;
                            x as u8
                        })
                        .collect();
                    let _ = socket.send_to(&packet, dns);
                    sent += 1;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            sent
        }));
    }
    let mut answered = 0;
    for _ in 0..50 {
        let d = tokio::task::spawn_blocking(move || {
            dig(dns, &["web.service.consul", "+tries=3", "+time=2"])
        })
        .await
        .unwrap();
        if d.data("A") == ["10.3.0.1"] {
            answered += 1;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let sent: u64 = floods.into_iter().map(|t| t.join().unwrap()).sum();
    assert!(sent > 20_000, "the flood sent only {sent} packets");
    assert_eq!(
        answered, 50,
        "questions answered during a flood of {sent} garbage packets"
    );
    // Still serving, and still the agent it was.
    assert_eq!(ask_raw(dns, &message(8, 1, &good)), Some(0));
    let (code, _) = put(&agent, "/v1/kv/after-flood", Some(&json!("x"))).await;
    assert_eq!(code, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_agent_answers_from_the_servers_and_follows_check_changes() {
    if !have_dig() {
        return;
    }
    let server = must_start("dns-srv").await;
    let client = Agent::start_client(
        roster_bin(),
        "dns-client",
        &[
            &format!("-retry-join={}", server.lan_addr()),
            "-retry-interval=1s",
        ],
    )
    .expect("spawn client");
    client
        .wait_ready(START_TIMEOUT)
        .await
        .expect("client ready");
    // A service on the client with a TTL check it controls.
    let service =
        json!({"Name": "api", "Port": 9000, "Check": {"CheckID": "api-ttl", "TTL": "60s"}});
    let (code, text) = put(&client, "/v1/agent/service/register", Some(&service)).await;
    assert_eq!(code, 200, "{text}");
    let (code, _) = put(&client, "/v1/agent/check/pass/api-ttl", None).await;
    assert_eq!(code, 200);
    let dns = client.dns_addr();
    let d = wait_dig(
        dns,
        &["api.service.consul", "SRV"],
        "the api instance",
        |d| d.answer.len() == 1,
    )
    .await;
    assert_eq!(
        d.data("SRV"),
        ["1 1 9000 dns-client.node.dc1.consul."],
        "{}",
        d.raw
    );
    // The server's DNS sees it too.
    wait_dig(
        server.dns_addr(),
        &["api.service.consul"],
        "on the server",
        |d| d.data("A") == ["127.0.0.1"],
    )
    .await;
    // The check fails: NXDOMAIN; passes again: answered.
    let (code, _) = put(&client, "/v1/agent/check/fail/api-ttl", None).await;
    assert_eq!(code, 200);
    let gone = wait_for(START_TIMEOUT, "gone when critical", || async move {
        tokio::task::spawn_blocking(move || dig(dns, &["api.service.consul"]).status == "NXDOMAIN")
            .await
            .unwrap()
    })
    .await;
    if let Err(e) = gone {
        let (_, on_client) =
            super::agent_services::get_json(&client, "/v1/health/service/api").await;
        let (_, on_server) =
            super::agent_services::get_json(&server, "/v1/health/service/api").await;
        panic!(
            "{e}: dig {:?}\nclient's health: {on_client}\nserver's health: {on_server}\nclient log:\n{}",
            dig(dns, &["api.service.consul"]).raw,
            client.log()
        );
    }
    let (code, _) = put(&client, "/v1/agent/check/pass/api-ttl", None).await;
    assert_eq!(code, 200);
    wait_dig(dns, &["api.service.consul"], "back when passing", |d| {
        d.data("A") == ["127.0.0.1"]
    })
    .await;
    // Node names of both agents.
    assert_eq!(dig(dns, &["dns-srv.node.consul"]).data("A"), ["127.0.0.1"]);
}

/// Every change reaches the answers: 40 check flips, each followed within
/// 10 s (before a fix in the shared health read, about 1 in 30 flips was
/// never seen until the next change: a reader woken by an entry could take
/// the result cached before it and wait for a wake-up already sent).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_check_flip_reaches_the_answers() {
    if !have_dig() {
        return;
    }
    let agent = must_start("dns-flips").await;
    let dns = agent.dns_addr();
    for round in 0..20 {
        let service = format!("flip{round}");
        // The watch opens before the service exists.
        assert_eq!(
            dig(dns, &[&format!("{service}.service.consul")]).status,
            "NXDOMAIN"
        );
        for (node, address) in [("f1", "10.4.0.1"), ("f2", "10.4.0.2")] {
            let id = format!("{service}-{node}");
            let body = json!({"ID": id, "Service": service, "Port": 80});
            register(&agent, node, address, &id, body, "passing").await;
        }
        for (status, want) in [
            ("critical", vec!["10.4.0.2"]),
            ("passing", vec!["10.4.0.1", "10.4.0.2"]),
        ] {
            let id = format!("{service}-f1");
            let body = json!({"ID": id, "Service": service, "Port": 80});
            register(&agent, "f1", "10.4.0.1", &id, body, status).await;
            let name = format!("{service}.service.consul");
            let start = std::time::Instant::now();
            loop {
                let d = tokio::task::spawn_blocking({
                    let name = name.clone();
                    move || dig(dns, &[&name])
                })
                .await
                .unwrap();
                if d.data("A") == want {
                    break;
                }
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "round {round}: {status} not seen: {}",
                    d.raw
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

/// A child process killed (by PID) when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `program` (a Debian package's) is here; under CI it must be.
fn have(program: &str, package: &str) -> bool {
    let found = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .any(|dir| std::path::Path::new(dir).join(program).exists());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is missing (Debian: {package}; scripts/install-deps.sh test installs it)"
        );
        eprintln!("SKIPPED: {program} is not installed (apt-get install {package})");
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dnsmasq_forwards_the_domain_to_an_agent() {
    if !have_dig() || !have("dnsmasq", "dnsmasq-base") {
        return;
    }
    let agent = must_start("dns-dnsmasq").await;
    web(&agent, "m1", "10.6.0.1", 8080, &[], "passing").await;
    wait_dig(
        agent.dns_addr(),
        &["web.service.consul"],
        "the instance",
        |d| d.data("A") == ["10.6.0.1"],
    )
    .await;
    let port = roster_testkit::free_udp_tcp_port();
    let dir = tempfile::tempdir().unwrap();
    let _dnsmasq = Child(
        Command::new("/usr/sbin/dnsmasq")
            .args([
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--no-poll",
                "--bind-interfaces",
                "--listen-address=127.0.0.1",
                "--cache-size=0",
                &format!("--port={port}"),
                &format!("--pid-file={}", dir.path().join("pid").display()),
                &format!(
                    "--server=/consul/{}#{}",
                    agent.dns_addr().ip(),
                    agent.dns_addr().port()
                ),
            ])
            .spawn()
            .expect("start dnsmasq"),
    );
    let via: SocketAddr = ([127, 0, 0, 1], port).into();
    let d = wait_dig(
        via,
        &["web.service.consul"],
        "an answer through dnsmasq",
        |d| !d.status.is_empty(),
    )
    .await;
    assert_eq!(d.data("A"), ["10.6.0.1"], "{}", d.raw);
    let d = dig(via, &["_web._tcp.service.consul", "SRV"]);
    assert_eq!(d.data("SRV"), ["1 1 8080 m1.node.dc1.consul."], "{}", d.raw);
    assert_eq!(dig(via, &["nope.service.consul"]).status, "NXDOMAIN");
    // A check going critical shows through the forwarder too.
    web(&agent, "m1", "10.6.0.1", 8080, &[], "critical").await;
    wait_dig(via, &["web.service.consul"], "gone through dnsmasq", |d| {
        d.status == "NXDOMAIN"
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn go_programs_resolve_services_with_the_go_resolver() {
    // Go's resolver is stricter than dig: it refuses a whole reply whose SRV
    // target is compressed (RFC 2782), for one.
    if !have_dig() || !have("go", "golang-go") {
        return;
    }
    let agent = must_start("dns-go").await;
    web(&agent, "g1", "10.8.0.1", 8080, &[], "passing").await;
    web(&agent, "g2", "10.8.0.2", 8081, &[], "passing").await;
    web(&agent, "g3", "10.8.0.3", 8082, &[], "critical").await;
    // Both instances served before Go asks (the first question opens the
    // watch; later ones take the fast path).
    wait_dig(
        agent.dns_addr(),
        &["web.service.consul"],
        "two instances",
        |d| d.data("A").len() == 2,
    )
    .await;
    let program =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/dns_go/lookup.go");
    let output = tokio::task::spawn_blocking({
        let addr = agent.dns_addr().to_string();
        move || {
            Command::new("go")
                .arg("run")
                .arg(&program)
                .arg(addr)
                // Offline, and no module needed: the standard library only.
                .env("GOPROXY", "off")
                .env("GO111MODULE", "off")
                .output()
                .expect("run go")
        }
    })
    .await
    .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "go lookup failed:\n{out}\n{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "udp A 10.8.0.1",
            "udp A 10.8.0.2",
            "udp SRV g1.node.dc1.consul. 8080",
            "udp SRV g2.node.dc1.consul. 8081",
            "tcp A 10.8.0.1",
            "tcp A 10.8.0.2",
            "tcp SRV g1.node.dc1.consul. 8080",
            "tcp SRV g2.node.dc1.consul. 8081",
        ],
        "{err}"
    );
}

/// The servers of HAProxy's backend `web` that have an address: `ip:port`.
fn haproxy_servers(socket: &std::path::Path) -> Vec<String> {
    use std::io::{Read as _, Write as _};
    let Ok(mut stream) = std::os::unix::net::UnixStream::connect(socket) else {
        return Vec::new();
    };
    stream.write_all(b"show servers state web\n").unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    // Fields: be_id be_name srv_id srv_name srv_addr srv_op_state
    // srv_admin_state ... srv_port (19th).
    let mut servers: Vec<String> = out
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let admin: u32 = f.get(6)?.parse().ok()?;
            // 0x20: the server is in maintenance because it did not resolve.
            (f.len() > 18 && admin & 0x20 == 0 && f[4] != "-" && f[4] != "0.0.0.0")
                .then(|| format!("{}:{}", f[4], f[18]))
        })
        .collect();
    servers.sort();
    servers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn haproxy_fills_its_servers_from_srv_records_and_drops_a_critical_one() {
    if !have("haproxy", "haproxy") {
        return;
    }
    let agent = must_start("dns-haproxy").await;
    // Two instances share node h2: HAProxy pairs each additional A record
    // with one SRV record, so h2's address must come once per SRV record.
    web(&agent, "h1", "10.7.0.1", 8001, &[], "passing").await;
    web(&agent, "h2", "10.7.0.2", 8002, &[], "passing").await;
    web(&agent, "h2", "10.7.0.2", 8003, &[], "passing").await;
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("admin.sock");
    let config = format!(
        "global\n    stats socket {socket} mode 600 level admin\n\
         defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\
         resolvers roster\n    nameserver agent {dns}\n    accepted_payload_size 8192\n\
         \x20   resolve_retries 3\n    timeout resolve 200ms\n    timeout retry 200ms\n\
         \x20   hold valid 200ms\n    hold obsolete 0s\n    hold nx 200ms\n\
         backend web\n    server-template srv 5 _web._tcp.service.consul resolvers roster \
         resolve-prefer ipv4 init-addr none\n",
        socket = socket.display(),
        dns = agent.dns_addr(),
    );
    let config_path = dir.path().join("haproxy.cfg");
    std::fs::write(&config_path, config).unwrap();
    let _haproxy = Child(
        Command::new("/usr/sbin/haproxy")
            .args(["-db", "-f"])
            .arg(&config_path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start haproxy"),
    );
    let all = ["10.7.0.1:8001", "10.7.0.2:8002", "10.7.0.2:8003"];
    let filled = wait_for(START_TIMEOUT, "HAProxy's servers from SRV", || {
        let socket = socket.clone();
        async move { haproxy_servers(&socket) == all }
    })
    .await;
    assert!(filled.is_ok(), "servers: {:?}", haproxy_servers(&socket));
    // h1's check goes critical: HAProxy drops it at its next resolution.
    web(&agent, "h1", "10.7.0.1", 8001, &[], "critical").await;
    let dropped = wait_for(START_TIMEOUT, "h1 dropped", || {
        let socket = socket.clone();
        async move { haproxy_servers(&socket) == all[1..] }
    })
    .await;
    assert!(dropped.is_ok(), "servers: {:?}", haproxy_servers(&socket));
}

use std::time::Duration;

use hickory_proto::rr::{Name, RData, RecordType};
use roster_proto::catalog::v1::HealthStatus;

use super::*;
use crate::dns::{DnsConfig, view::Instance};

fn domain() -> Name {
    Name::from_ascii("consul.").unwrap()
}

fn qname(s: &str) -> Name {
    Name::from_ascii(s).unwrap()
}

fn inst(node: &str, addr: &str, svc_addr: &str, port: u16, status: HealthStatus) -> Instance {
    Instance {
        node: node.into(),
        node_address: addr.into(),
        service_address: svc_addr.into(),
        port,
        weight_passing: 10,
        weight_warning: 1,
        tags: vec!["v1".into()],
        node_meta: vec![],
        status,
        srv: Default::default(),
        fast: Default::default(),
    }
}

fn a_records(reply: &Reply) -> Vec<String> {
    let mut out: Vec<String> = reply
        .groups
        .iter()
        .map(|g| match &g.answer.data {
            RData::A(a) => a.0.to_string(),
            RData::AAAA(a) => a.0.to_string(),
            other => format!("{other:?}"),
        })
        .collect();
    out.sort();
    out
}

#[test]
fn critical_instances_are_left_out_and_warning_ones_only_without_only_passing() {
    let instances = vec![
        inst("n1", "10.0.0.1", "", 80, HealthStatus::Passing),
        inst("n2", "10.0.0.2", "", 80, HealthStatus::Warning),
        inst("n3", "10.0.0.3", "", 80, HealthStatus::Critical),
    ];
    let config = DnsConfig::default();
    let q = qname("web.service.consul.");
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        None,
    );
    assert_eq!(reply.rcode, ResponseCode::NoError);
    assert_eq!(a_records(&reply), ["10.0.0.1", "10.0.0.2"]);
    let strict = DnsConfig {
        only_passing: true,
        ..DnsConfig::default()
    };
    let reply = service(
        &strict,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        None,
    );
    assert_eq!(a_records(&reply), ["10.0.0.1"]);
    // All critical: the name does not exist.
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances[2..],
        "web",
        None,
    );
    assert_eq!(reply.rcode, ResponseCode::NXDomain);
    assert!(matches!(reply.authority[0].data, RData::SOA(_)));
}

#[test]
fn tags_filter_and_other_types_get_nodata() {
    let mut instances = vec![
        inst("n1", "10.0.0.1", "", 80, HealthStatus::Passing),
        inst("n2", "10.0.0.2", "", 80, HealthStatus::Passing),
    ];
    instances[1].tags = vec!["v2".into()];
    let config = DnsConfig::default();
    let q = qname("v2.web.service.consul.");
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        Some("v2"),
    );
    assert_eq!(a_records(&reply), ["10.0.0.2"]);
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        Some("v3"),
    );
    assert_eq!(reply.rcode, ResponseCode::NXDomain);
    // Instances exist but have no IPv6 address: NODATA with the SOA.
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::AAAA,
        &instances,
        "web",
        None,
    );
    assert_eq!(
        (reply.rcode, reply.groups.len()),
        (ResponseCode::NoError, 0)
    );
    assert!(matches!(reply.authority[0].data, RData::SOA(_)));
    // TXT asks for any address.
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::TXT,
        &instances,
        "web",
        None,
    );
    assert_eq!(reply.groups.len(), 2);
}

#[test]
fn srv_targets_additional_records_repeat_per_instance_and_weights_follow_health() {
    let instances = vec![
        inst("n1", "10.0.0.1", "", 8080, HealthStatus::Passing),
        inst("n1", "10.0.0.1", "", 8081, HealthStatus::Warning),
        inst("n2", "10.0.0.2", "192.168.1.5", 9000, HealthStatus::Passing),
        // The same node, address and port twice: one record.
        inst("n2", "10.0.0.2", "192.168.1.5", 9000, HealthStatus::Passing),
    ];
    let config = DnsConfig::default();
    let q = qname("_web._tcp.service.consul.");
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::SRV,
        &instances,
        "web",
        None,
    );
    assert_eq!(reply.groups.len(), 3);
    let mut seen = Vec::new();
    for g in &reply.groups {
        let RData::SRV(srv) = &g.answer.data else {
            panic!("not SRV: {:?}", g.answer)
        };
        assert_eq!(srv.priority, 1);
        assert_eq!(g.extra.len(), 1, "one address record per SRV record");
        assert_eq!(g.extra[0].name, srv.target);
        seen.push((srv.port, srv.weight, srv.target.to_ascii()));
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            (8080, 10, "n1.node.dc1.consul.".to_string()),
            (8081, 1, "n1.node.dc1.consul.".to_string()),
            (9000, 10, "c0a80105.addr.dc1.consul.".to_string()),
        ]
    );
}

#[test]
fn ttls_come_from_service_ttl_exact_then_longest_wildcard() {
    let config = DnsConfig {
        service_ttl: vec![
            ("*".into(), Duration::from_secs(5)),
            ("we*".into(), Duration::from_secs(10)),
            ("web*".into(), Duration::from_secs(20)),
            ("web".into(), Duration::from_secs(30)),
        ],
        ..DnsConfig::default()
    };
    assert_eq!(config.service_ttl("web"), 30);
    assert_eq!(config.service_ttl("webapp"), 20);
    assert_eq!(config.service_ttl("wes"), 10);
    assert_eq!(config.service_ttl("db"), 5);
    assert_eq!(DnsConfig::default().service_ttl("db"), 0);
    let instances = vec![inst("n1", "10.0.0.1", "", 80, HealthStatus::Passing)];
    let q = qname("web.service.consul.");
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        None,
    );
    assert_eq!(reply.groups[0].answer.ttl, 30);
}

#[test]
fn udp_trimming_keeps_the_answer_limit_and_whole_groups() {
    let instances: Vec<Instance> = (0..40)
        .map(|i| {
            inst(
                &format!("node-{i:02}"),
                &format!("10.0.1.{i}"),
                "",
                80,
                HealthStatus::Passing,
            )
        })
        .collect();
    let config = DnsConfig::default();
    let q = qname("web.service.consul.");
    // Without EDNS: at most 3 answers.
    let mut reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        None,
    );
    assert!(trim(&mut reply, &q, DEFAULT_UDP_SIZE, Some(3)));
    assert_eq!(reply.groups.len(), 3);
    // SRV in 512 bytes with no count limit: whole groups until full.
    let q = qname("web.service.consul.");
    let mut reply = service(
        &config,
        &domain(),
        &q,
        RecordType::SRV,
        &instances,
        "web",
        None,
    );
    assert!(trim(&mut reply, &q, DEFAULT_UDP_SIZE, None));
    assert!(!reply.groups.is_empty());
    for g in &reply.groups {
        assert_eq!(g.extra.len(), 1);
    }
    let mut message = hickory_proto::op::Message::query();
    for g in &reply.groups {
        message.answers.push(g.answer.clone());
        message.additionals.extend(g.extra.iter().cloned());
    }
    assert!(message.to_vec().unwrap().len() <= DEFAULT_UDP_SIZE);
    // Everything fits in a large buffer: nothing trimmed.
    let mut reply = service(
        &config,
        &domain(),
        &q,
        RecordType::SRV,
        &instances,
        "web",
        None,
    );
    assert!(!trim(&mut reply, &q, 65000, None));
    assert_eq!(reply.groups.len(), 40);
}

#[test]
fn a_record_limit_caps_address_answers() {
    let instances: Vec<Instance> = (0..10)
        .map(|i| {
            inst(
                &format!("n{i}"),
                &format!("10.0.2.{i}"),
                "",
                80,
                HealthStatus::Passing,
            )
        })
        .collect();
    let config = DnsConfig {
        a_record_limit: 4,
        ..DnsConfig::default()
    };
    let q = qname("web.service.consul.");
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        None,
    );
    assert_eq!(reply.groups.len(), 4);
    // SRV answers are not capped by it.
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::SRV,
        &instances,
        "web",
        None,
    );
    assert_eq!(reply.groups.len(), 10);
}

#[test]
fn host_name_addresses_answer_with_a_cname_only_when_no_ip_does() {
    let instances = vec![
        inst(
            "n1",
            "10.0.0.1",
            "db.example.com",
            80,
            HealthStatus::Passing,
        ),
        inst("n2", "10.0.0.2", "", 80, HealthStatus::Passing),
    ];
    let config = DnsConfig::default();
    let q = qname("db.service.consul.");
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "db",
        None,
    );
    assert_eq!(a_records(&reply), ["10.0.0.2"]);
    let reply = service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances[..1],
        "db",
        None,
    );
    assert!(
        matches!(&reply.groups[0].answer.data, RData::CNAME(c) if c.0.to_ascii() == "db.example.com.")
    );
}

#[test]
fn node_meta_is_rfc1464_text() {
    let meta = vec![
        ("rack".to_string(), "r1".to_string()),
        ("a=b".to_string(), "x`y".to_string()),
        ("rfc1035-raw".to_string(), "v=spf1".to_string()),
    ];
    assert_eq!(meta_txt(&meta), ["rack=r1", "a`=b=x``y", "v=spf1"]);
}

#[test]
fn shuffled_order_changes_between_questions() {
    let instances: Vec<Instance> = (0..8)
        .map(|i| {
            inst(
                &format!("n{i}"),
                &format!("10.0.3.{i}"),
                "",
                80,
                HealthStatus::Passing,
            )
        })
        .collect();
    let config = DnsConfig::default();
    let q = qname("web.service.consul.");
    let order = |reply: &Reply| -> Vec<String> {
        reply
            .groups
            .iter()
            .map(|g| format!("{:?}", g.answer.data))
            .collect()
    };
    let first = order(&service(
        &config,
        &domain(),
        &q,
        RecordType::A,
        &instances,
        "web",
        None,
    ));
    // 8! orders: 50 questions all alike would be a broken shuffle.
    let differs = (0..50).any(|_| {
        order(&service(
            &config,
            &domain(),
            &q,
            RecordType::A,
            &instances,
            "web",
            None,
        )) != first
    });
    assert!(differs);
}

/// Encodes `reply` as the UDP server does (the question copied as the
/// client sent it, hickory's encoder limited to `max`): (TC, answers).
fn encode_as_served(reply: &Reply, qname: &Name, qtype: RecordType, max: u16) -> (bool, usize) {
    use hickory_proto::{
        op::{Edns, Message, Metadata, Query},
        serialize::binary::BinEncoder,
    };
    use hickory_server::{
        net::xfer::Protocol, server::Request, zone_handler::MessageResponseBuilder,
    };
    let mut query = Message::query();
    query.add_query(Query::query(qname.clone(), qtype));
    let mut edns = Edns::new();
    edns.set_max_payload(max);
    if max > 512 {
        query.set_edns(edns.clone());
    }
    let request = Request::from_bytes(
        query.to_vec().unwrap(),
        "127.0.0.1:9".parse().unwrap(),
        Protocol::Udp,
    )
    .unwrap();
    let mut builder = MessageResponseBuilder::from_message_request(&request);
    if max > 512 {
        builder.edns(&edns);
    }
    let (answers, additional) = sections(reply);
    let meta = Metadata::response_from_request(&request.metadata);
    let response = builder.build(meta, answers, reply.authority.iter(), [], additional);
    let mut bytes = Vec::new();
    let mut encoder = BinEncoder::new(&mut bytes);
    encoder.set_max_size(max);
    let info = response.destructive_emit(&mut encoder).unwrap();
    (info.truncation, usize::from(info.counts().answers))
}

#[test]
fn trimmed_answers_fit_as_encoded_without_the_encoder_cutting_them() {
    let config = DnsConfig::default();
    for n in [10usize, 80, 300] {
        let instances: Vec<Instance> = (0..n)
            .map(|i| {
                inst(
                    &format!("node-{i:03}"),
                    &format!("10.8.{}.{}", i / 250, i % 250 + 1),
                    "",
                    80,
                    HealthStatus::Passing,
                )
            })
            .collect();
        let q = qname("a-rather-long-service-name.service.consul.");
        for qtype in [RecordType::A, RecordType::SRV] {
            for max in [512u16, 1232, 4096, 65467] {
                let mut reply = service(
                    &config,
                    &domain(),
                    &q,
                    qtype,
                    &instances,
                    "a-rather-long-service-name",
                    None,
                );
                trim(&mut reply, &q, usize::from(max), None);
                let kept = reply.groups.len();
                let (tc, answers) = encode_as_served(&reply, &q, qtype, max);
                assert!(
                    !tc,
                    "{n} {qtype} in {max}: the encoder cut the trimmed reply"
                );
                assert_eq!(answers, kept, "{n} {qtype} in {max}");
            }
        }
    }
}

#[test]
fn long_metadata_is_split_into_txt_strings_of_at_most_255_bytes() {
    let meta = vec![("k".to_string(), "v".repeat(600))];
    let strings = meta_txt(&meta);
    assert_eq!(strings.len(), 3);
    assert!(strings.iter().all(|s| s.len() <= 255));
    assert_eq!(strings.concat(), format!("k={}", "v".repeat(600)));
}

//! The records that answer one question, built from the catalog views, and
//! the trimming that fits them into the transport's limit the way Consul
//! does: without EDNS at most `udp_answer_limit` answers, then whole answers
//! (with their additional records) dropped from the end until the message
//! fits; the TC bit only with `enable_truncate`.

use std::{
    collections::HashSet,
    net::IpAddr,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use hickory_proto::{
    op::ResponseCode,
    rr::{
        Name, RData, Record, RecordType,
        rdata::{A, AAAA, CNAME, NS, PTR, SOA, SRV, TXT},
    },
};
use rand::seq::SliceRandom as _;
use roster_proto::catalog::v1::HealthStatus;

use super::{
    DnsConfig,
    view::{Instance, NodeInfo},
};

/// UDP answers without EDNS never exceed this many records, whatever
/// `udp_answer_limit` says (Consul's `maxUDPAnswerLimit`).
pub const MAX_UDP_ANSWER_LIMIT: usize = 8;
/// A TCP answer is cut to this size (Consul's, under the 65535-byte frame).
pub const MAX_TCP_SIZE: usize = 65523;
/// A UDP message without EDNS is at most this long (RFC 1035).
pub const DEFAULT_UDP_SIZE: usize = 512;

/// One answer record and the additional records that belong to it (an SRV
/// record's target address and node metadata), kept or dropped together.
#[derive(Debug, Clone)]
pub struct Group {
    pub answer: Record,
    pub extra: Vec<Record>,
}

/// The reply to one question before it is encoded.
#[derive(Debug, Default)]
pub struct Reply {
    pub rcode: ResponseCode,
    pub authoritative: bool,
    pub recursion_available: bool,
    pub truncated: bool,
    /// A recursor's reply: sent as it came, not trimmed.
    pub forwarded: bool,
    /// Sent without an OPT record even if the question had one (a refusal).
    pub no_edns: bool,
    pub groups: Vec<Group>,
    pub authority: Vec<Record>,
    pub additional: Vec<Record>,
}

impl Reply {
    pub fn new(rcode: ResponseCode) -> Reply {
        Reply {
            rcode,
            authoritative: true,
            ..Default::default()
        }
    }

    pub fn push(&mut self, answer: Record) {
        self.groups.push(Group {
            answer,
            extra: Vec::new(),
        });
    }
}

/// The SOA record of the domain, for NXDOMAIN and NODATA replies and the apex.
pub fn soa(config: &DnsConfig, domain: &Name) -> Record {
    let serial = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as u32);
    let prefix = |label: &str| {
        Name::from_ascii(label)
            .and_then(|n| n.append_domain(domain))
            .unwrap_or_else(|_| domain.clone())
    };
    let soa = SOA::new(
        prefix("ns"),
        prefix("hostmaster"),
        serial,
        config.soa.refresh as i32,
        config.soa.retry as i32,
        config.soa.expire as i32,
        config.soa.min_ttl,
    );
    Record::from_rdata(domain.clone(), config.soa.min_ttl, RData::SOA(soa))
}

/// `<label>.<kind>.<dc>.<domain>`.
pub fn name_under(label: &str, kind: &str, dc: &str, domain: &Name) -> Option<Name> {
    let mut name = Name::from_ascii(label).ok()?;
    for part in [kind, dc] {
        name = name.append_label(part).ok()?;
    }
    name.append_domain(domain).ok()
}

/// The address record for `address` under `owner`: A for an IPv4 address
/// when `qtype` is A, AAAA for IPv6 when it is AAAA, either for the types
/// that take any address (ANY, SRV, NS, TXT), and a CNAME for a host name
/// whatever the type.
pub fn address_record(owner: &Name, address: &str, ttl: u32, qtype: RecordType) -> Option<Record> {
    let any = matches!(
        qtype,
        RecordType::ANY | RecordType::SRV | RecordType::NS | RecordType::TXT
    );
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) if any || qtype == RecordType::A => {
            Some(Record::from_rdata(owner.clone(), ttl, RData::A(A(v4))))
        }
        Ok(IpAddr::V6(v6)) if any || qtype == RecordType::AAAA => Some(Record::from_rdata(
            owner.clone(),
            ttl,
            RData::AAAA(AAAA(v6)),
        )),
        Ok(_) => None,
        Err(_) if !address.is_empty() => {
            let mut target = Name::from_ascii(address).ok()?;
            target.set_fqdn(true);
            Some(Record::from_rdata(
                owner.clone(),
                ttl,
                RData::CNAME(CNAME(target)),
            ))
        }
        Err(_) => None,
    }
}

/// Node metadata as TXT strings: `key=value` (RFC 1464, `=` and `` ` `` in
/// the key escaped with a backquote), or the bare value for `rfc1035-` keys.
pub fn meta_txt(meta: &[(String, String)]) -> Vec<String> {
    meta.iter()
        .map(|(k, v)| {
            if k.to_ascii_lowercase().starts_with("rfc1035-") {
                return v.clone();
            }
            let last = k.chars().count().saturating_sub(1);
            let mut out = String::with_capacity(k.len() + v.len() + 1);
            for (i, c) in k.chars().enumerate() {
                if matches!(c, '=' | '`') || (c == ' ' && (i == 0 || i == last)) {
                    out.push('`');
                }
                out.push(c);
            }
            out.push('=');
            out.push_str(&v.replace('`', "``"));
            out
        })
        .flat_map(character_strings)
        .collect()
}

/// A TXT string is at most 255 bytes: a longer one is split (on character
/// boundaries) into several.
fn character_strings(s: String) -> Vec<String> {
    if s.len() <= 255 {
        return vec![s];
    }
    let mut out = Vec::new();
    let mut piece = String::new();
    for ch in s.chars() {
        if piece.len() + ch.len_utf8() > 255 {
            out.push(std::mem::take(&mut piece));
        }
        piece.push(ch);
    }
    out.push(piece);
    out
}

/// Whether DNS serves an instance of this health.
pub fn served(status: HealthStatus, only_passing: bool) -> bool {
    match status {
        HealthStatus::Passing => true,
        HealthStatus::Warning => !only_passing,
        _ => false,
    }
}

/// A reply with no answer: NXDOMAIN, or NODATA (NOERROR), with the SOA.
pub fn negative(config: &DnsConfig, domain: &Name, rcode: ResponseCode) -> Reply {
    let mut reply = Reply::new(rcode);
    reply.authority.push(soa(config, domain));
    reply
}

/// Answers a service question: the served instances with `tag` (if any),
/// shuffled. `qname` is the question's name (echoed as the owner).
#[allow(clippy::too_many_arguments)]
pub fn service(
    config: &DnsConfig,
    domain: &Name,
    qname: &Name,
    qtype: RecordType,
    instances: &[Instance],
    service: &str,
    tag: Option<&str>,
) -> Reply {
    let mut chosen: Vec<&Instance> = instances
        .iter()
        .filter(|i| served(i.status, config.only_passing))
        .filter(|i| tag.is_none_or(|t| i.tags.iter().any(|x| x == t)))
        .collect();
    if chosen.is_empty() {
        return negative(config, domain, ResponseCode::NXDomain);
    }
    chosen.shuffle(&mut rand::rng());
    let ttl = config.service_ttl(service);
    let mut reply = Reply::new(ResponseCode::NoError);
    if qtype == RecordType::SRV {
        let mut seen = HashSet::new();
        for i in chosen {
            if !seen.insert((i.node.as_str(), i.address(), i.port)) {
                continue;
            }
            if let Some(group) = srv_group(config, domain, qname, i, ttl) {
                reply.groups.push(group);
            }
        }
    } else {
        // Addresses first; a host name's CNAME only when no instance has an
        // address of the asked type (a CNAME cannot share its owner name).
        // One record per address, however it is written (`::1`, `0::1`).
        let mut seen: HashSet<IpAddr> = HashSet::new();
        let mut cname = None;
        for i in chosen {
            if config.a_record_limit > 0 && reply.groups.len() >= config.a_record_limit {
                break;
            }
            let Some(record) = address_record(qname, i.address(), ttl, qtype) else {
                continue;
            };
            let ip = match &record.data {
                RData::A(a) => IpAddr::V4(a.0),
                RData::AAAA(a) => IpAddr::V6(a.0),
                _ => {
                    cname.get_or_insert(record);
                    continue;
                }
            };
            if seen.insert(ip) {
                reply.push(record);
            }
        }
        if reply.groups.is_empty()
            && let Some(record) = cname
        {
            reply.push(record);
        }
    }
    if reply.groups.is_empty() {
        reply.authority.push(soa(config, domain));
    }
    reply
}

/// An instance's SRV target under one domain, with the data of its
/// additional records (the target's address, the node's metadata).
#[derive(Debug)]
pub struct SrvParts {
    domain: Name,
    target: Name,
    address: Option<RData>,
    meta: Option<(Name, RData)>,
}

impl SrvParts {
    fn build(config: &DnsConfig, domain: &Name, i: &Instance) -> Option<SrvParts> {
        let dc = &config.datacenter;
        let node_target = name_under(&i.node, "node", dc, domain);
        let address = i.address();
        let (target, record) = match address.parse::<IpAddr>() {
            // The node's own address: the node's name.
            Ok(_) if i.service_address.is_empty() || i.service_address == i.node_address => {
                let target = node_target.clone()?;
                let record = address_record(&target, address, 0, RecordType::SRV);
                (target, record)
            }
            // An address of its own: `<hex>.addr.<dc>.<domain>`.
            Ok(ip) => {
                let target = name_under(&super::name::hex_label(ip), "addr", dc, domain)?;
                let record = address_record(&target, address, 0, RecordType::SRV);
                (target, record)
            }
            // A host name is the target itself.
            Err(_) => {
                let mut host = Name::from_ascii(address).ok()?;
                host.set_fqdn(true);
                (host, None)
            }
        };
        let meta = match node_target {
            Some(owner) if !i.node_meta.is_empty() => {
                Some((owner, RData::TXT(TXT::new(meta_txt(&i.node_meta)))))
            }
            _ => None,
        };
        Some(SrvParts {
            domain: domain.clone(),
            target,
            address: record.map(|r| r.data),
            meta,
        })
    }
}

/// One SRV record and its target's address (and node metadata) records.
/// The parts are built once per instance and snapshot (for the first
/// domain asked; another domain builds its own each time).
fn srv_group(
    config: &DnsConfig,
    domain: &Name,
    qname: &Name,
    i: &Instance,
    ttl: u32,
) -> Option<Group> {
    let weight = if i.status == HealthStatus::Warning {
        i.weight_warning
    } else {
        i.weight_passing
    };
    let built;
    let parts = match i.srv.get() {
        Some(p) if p.domain == *domain => p,
        Some(_) => {
            built = SrvParts::build(config, domain, i)?;
            &built
        }
        None => match i.srv.set(SrvParts::build(config, domain, i)?) {
            Ok(()) => i.srv.get()?,
            // Another question set it first, maybe for another domain.
            Err(p) => {
                built = p;
                &built
            }
        },
    };
    let srv = SRV::new(1, weight, i.port, parts.target.clone());
    let mut extra = Vec::with_capacity(2);
    if let Some(address) = &parts.address {
        extra.push(Record::from_rdata(
            parts.target.clone(),
            ttl,
            address.clone(),
        ));
    }
    if config.node_meta_txt
        && let Some((owner, txt)) = &parts.meta
    {
        extra.push(Record::from_rdata(owner.clone(), ttl, txt.clone()));
    }
    Some(Group {
        answer: Record::from_rdata(qname.clone(), ttl, RData::SRV(srv)),
        extra,
    })
}

/// Answers a node question: its address (A, AAAA, ANY), its metadata as TXT
/// (TXT, ANY; in the additional section of A and AAAA answers).
pub fn node(
    config: &DnsConfig,
    domain: &Name,
    qname: &Name,
    qtype: RecordType,
    node: Option<&NodeInfo>,
) -> Reply {
    let Some(node) = node else {
        return negative(config, domain, ResponseCode::NXDomain);
    };
    let ttl = duration_secs(config.node_ttl);
    let mut reply = Reply::new(ResponseCode::NoError);
    let txt = (!node.meta.is_empty()).then(|| {
        Record::from_rdata(
            qname.clone(),
            ttl,
            RData::TXT(TXT::new(meta_txt(&node.meta))),
        )
    });
    match qtype {
        RecordType::A | RecordType::AAAA | RecordType::ANY => {
            if let Some(record) = address_record(qname, &node.address, ttl, qtype) {
                reply.push(record);
            }
            match txt {
                Some(txt) if qtype == RecordType::ANY => reply.push(txt),
                Some(txt) if config.node_meta_txt => reply.additional.push(txt),
                _ => {}
            }
        }
        RecordType::TXT => {
            if let Some(txt) = txt {
                reply.push(txt);
            }
        }
        _ => {}
    }
    if reply.groups.is_empty() {
        reply.authority.push(soa(config, domain));
    }
    reply
}

/// Answers `<hex>.addr.<domain>`: the address as A or AAAA; asked for
/// another type, the record goes to the additional section.
pub fn addr(config: &DnsConfig, qname: &Name, qtype: RecordType, ip: IpAddr) -> Reply {
    let ttl = duration_secs(config.node_ttl);
    let mut reply = Reply::new(ResponseCode::NoError);
    match address_record(qname, &ip.to_string(), ttl, qtype) {
        Some(record) => reply.push(record),
        None => {
            reply
                .additional
                .extend(address_record(qname, &ip.to_string(), ttl, RecordType::ANY))
        }
    }
    reply
}

/// Answers a PTR question: the first node at the address.
pub fn ptr(
    config: &DnsConfig,
    domain: &Name,
    qname: &Name,
    nodes: &[std::sync::Arc<NodeInfo>],
) -> Reply {
    let target = nodes
        .iter()
        .find_map(|node| name_under(&node.name, "node", &config.datacenter, domain));
    match target {
        Some(target) => {
            let mut reply = Reply::new(ResponseCode::NoError);
            reply.push(Record::from_rdata(
                qname.clone(),
                0,
                RData::PTR(PTR(target)),
            ));
            reply
        }
        None => negative(config, domain, ResponseCode::NXDomain),
    }
}

/// Answers an SOA or NS question for any name in the domain: the SOA with
/// the name servers in the authority section, or the name servers; each
/// name server's address in the additional section.
pub fn zone(config: &DnsConfig, domain: &Name, qtype: RecordType, servers: &[Instance]) -> Reply {
    let mut reply = Reply::new(ResponseCode::NoError);
    let ns = ns_records(config, domain, servers);
    if qtype == RecordType::SOA {
        reply.push(soa(config, domain));
        for g in ns {
            reply.authority.push(g.answer);
            reply.additional.extend(g.extra);
        }
    } else {
        reply.groups = ns;
    }
    reply
}

/// At most this many name servers in an NS answer.
const MAX_NS: usize = 3;

/// One NS record per served server, `<node>.node.<dc>.<domain>`, each with
/// its address as additional record; shuffled, at most [`MAX_NS`].
fn ns_records(config: &DnsConfig, domain: &Name, servers: &[Instance]) -> Vec<Group> {
    let ttl = duration_secs(config.node_ttl);
    let mut servers: Vec<&Instance> = servers
        .iter()
        .filter(|s| served(s.status, config.only_passing))
        .filter(|s| {
            s.node
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .collect();
    servers.shuffle(&mut rand::rng());
    let mut seen = HashSet::new();
    servers
        .into_iter()
        .filter(|s| seen.insert(s.node.as_str()))
        .filter_map(|s| {
            let target = name_under(
                &s.node.to_ascii_lowercase(),
                "node",
                &config.datacenter,
                domain,
            )?;
            let extra = address_record(&target, &s.node_address, ttl, RecordType::ANY)
                .into_iter()
                .collect();
            Some(Group {
                answer: Record::from_rdata(domain.clone(), ttl, RData::NS(NS(target))),
                extra,
            })
        })
        .take(MAX_NS)
        .collect()
}

pub fn duration_secs(d: Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}

/// Upper bound of a name's wire size (no compression).
fn name_size(name: &Name) -> usize {
    name.iter().map(|l| l.len() + 1).sum::<usize>() + 1
}

/// Names hickory's encoder compresses in one message (it stops at 120;
/// kept under it).
const COMPRESSED_NAMES: usize = 118;

/// How far name compression has got, for [`record_size`].
#[derive(Default)]
struct Compression {
    /// A record owned by the question's name was written (the question
    /// itself is copied as sent and is no compression target).
    question_owner_written: bool,
    names: usize,
}

/// Upper bound of a record's wire size: owner, type/class/TTL/length, data.
/// An owner equal to the question's name is a 2-byte pointer once one such
/// owner has been written in full, while the encoder still compresses.
fn record_size(record: &Record, qname: &Name, c: &mut Compression) -> usize {
    let is_question = record.name == *qname;
    let owner = if is_question && c.question_owner_written && c.names < COMPRESSED_NAMES {
        2
    } else {
        name_size(&record.name)
    };
    c.question_owner_written |= is_question;
    c.names += 1;
    let data = match &record.data {
        RData::A(_) => 4,
        RData::AAAA(_) => 16,
        RData::SRV(srv) => {
            c.names += 1;
            6 + name_size(&srv.target)
        }
        RData::CNAME(CNAME(n)) | RData::PTR(PTR(n)) | RData::NS(NS(n)) => {
            c.names += 1;
            name_size(n)
        }
        RData::TXT(txt) => txt.txt_data.iter().map(|s| s.len() + 1).sum(),
        RData::SOA(soa) => {
            c.names += 2;
            name_size(&soa.mname) + name_size(&soa.rname) + 20
        }
        // Records copied from a recursor are not trimmed; assume the most.
        _ => 512,
    };
    owner + 10 + data
}

/// Fits `reply` into `max_size` bytes (and, for UDP without EDNS, at most
/// `answer_limit` answers), dropping whole answers, each with its additional
/// records, from the end, and the authority section if anything must go.
/// Returns whether answers were dropped. One answer is always kept: if it
/// alone does not fit, the encoder truncates it (TC set).
pub fn trim(reply: &mut Reply, qname: &Name, max_size: usize, answer_limit: Option<usize>) -> bool {
    let before = reply.groups.len();
    if let Some(limit) = answer_limit
        && reply.groups.len() > limit
    {
        reply.groups.truncate(limit.max(1));
    }
    // Answers come first in the message, so their owners are counted in
    // order; extras (never owned by the question's name) at full size.
    let mut c = Compression::default();
    // Each group's size, and its answer owner's full size: hickory writes
    // a name in full before it puts a pointer in its place, so that much
    // room must be left even for a name that ends up compressed.
    let groups: Vec<(usize, usize)> = reply
        .groups
        .iter()
        .map(|g| {
            let size = record_size(&g.answer, qname, &mut c)
                + g.extra
                    .iter()
                    .map(|r| record_size(r, qname, &mut c))
                    .sum::<usize>();
            (size, name_size(&g.answer.name))
        })
        .collect();
    // Header, the question and an OPT record.
    let fixed = 12
        + name_size(qname)
        + 4
        + 11
        + reply
            .additional
            .iter()
            .map(|r| record_size(r, qname, &mut c))
            .sum::<usize>();
    let authority: usize = reply
        .authority
        .iter()
        .map(|r| record_size(r, qname, &mut c))
        .sum();
    let peak = |total: usize, (size, owner): (usize, usize)| (total + size).max(total + owner);
    let fits = groups
        .iter()
        .try_fold(fixed + authority, |total, g| {
            (peak(total, *g) <= max_size).then_some(total + g.0)
        })
        .is_some();
    if !fits {
        reply.authority.clear();
        let mut total = fixed;
        let mut keep = 0;
        for (size, owner) in groups {
            if keep > 0 && peak(total, (size, owner)) > max_size {
                break;
            }
            total += size;
            keep += 1;
        }
        reply.groups.truncate(keep);
    }
    reply.groups.len() < before
}

/// The answer and additional sections, in order.
pub fn sections(reply: &Reply) -> (Vec<&Record>, Vec<&Record>) {
    let answers = reply.groups.iter().map(|g| &g.answer).collect();
    let additional = reply
        .groups
        .iter()
        .flat_map(|g| g.extra.iter())
        .chain(reply.additional.iter())
        .collect();
    (answers, additional)
}

#[cfg(test)]
mod tests;

//! The question nearly every client asks — the A, AAAA or SRV records of a
//! service whose watch is open — answered straight into the reply's bytes.
//!
//! Everything else, and anything this path is not sure about, goes to the
//! general path (hickory's parser, [`super::Handler`], hickory's encoder),
//! which stays the reference: [`read`] accepts only plain queries (one
//! question, no compression in it, at most one OPT record with no option
//! hickory would check), and [`service`] gives up (returns `false`) where
//! the general path would answer anything but whole positive answers:
//! NXDOMAIN, NODATA, CNAMEs for host names, names it cannot write in one
//! label, or a reply that does not fit without dropping answers by size.
//! The records are the same as the general path's (a test compares them);
//! the bytes differ in compression (answer owners point at the question;
//! SRV targets are written in full, as RFC 2782 asks and hickory does).
//! One difference is deliberate: the general path trims by an upper bound
//! of its encoder's size (every name counted in full), so near the limit
//! it may drop answers that fit; this path measures the real reply and
//! sends every answer that fits, without TC. Replies that do not fit whole
//! are the general path's.
//!
//! Why: answering through hickory's types cost about half of the server's
//! time per question (parsing into owned names, building records, the
//! encoder's compression map), which kept UDP at 0.8x of NSD serving the
//! same records (bench/RESULTS.md, "DNS"). Here the per-instance parts of
//! the records are written once per catalog snapshot ([`Parts`]) and a
//! question costs a shuffle and a few copies.

use std::{collections::HashSet, net::IpAddr};

use rand::seq::SliceRandom as _;

use super::{
    DnsConfig,
    answer::{self, MAX_TCP_SIZE, MAX_UDP_ANSWER_LIMIT, served},
    view::Instance,
};
use roster_proto::catalog::v1::HealthStatus;

pub const TYPE_A: u16 = 1;
pub const TYPE_AAAA: u16 = 28;
pub const TYPE_SRV: u16 = 33;
const TYPE_TXT: u16 = 16;
const TYPE_OPT: u16 = 41;
const CLASS_IN: u16 = 1;
/// EDNS option hickory parses and may refuse (client subnet).
const OPTION_SUBNET: u16 = 8;

/// A plain query, as [`read`] found it.
#[derive(Debug)]
pub struct Question<'a> {
    pub packet: &'a [u8],
    /// Where the question's name ends (its root label included).
    pub name_end: usize,
    pub qtype: u16,
    pub qclass: u16,
    /// The OPT record's payload size, when the query has one.
    pub edns: Option<u16>,
}

impl Question<'_> {
    /// The name's labels, as written, after the header.
    pub fn name(&self) -> &[u8] {
        &self.packet[12..self.name_end]
    }

    /// Header and question, copied as sent.
    fn head(&self) -> &[u8] {
        &self.packet[..self.name_end + 4]
    }
}

fn u16_at(p: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*p.get(at)?, *p.get(at + 1)?]))
}

/// The query in `packet` if it is a plain one: QUERY opcode, not a
/// response, exactly one question whose name is uncompressed labels of
/// letters, digits, `-` and `_`, no answer or authority records, and
/// either nothing after the question or one OPT record (owner root, EDNS
/// version 0, well-formed options, none of them a client subnet) that ends
/// the packet. Anything else: `None`, for the general path.
pub fn read(packet: &[u8]) -> Option<Question<'_>> {
    if packet.len() < 12 || packet[2] & 0x80 != 0 || (packet[2] >> 3) & 0x0f != 0 {
        return None;
    }
    let counts = [
        u16_at(packet, 4)?,
        u16_at(packet, 6)?,
        u16_at(packet, 8)?,
        u16_at(packet, 10)?,
    ];
    if counts[0] != 1 || counts[1] != 0 || counts[2] != 0 || counts[3] > 1 {
        return None;
    }
    let mut at = 12;
    loop {
        let len = usize::from(*packet.get(at)?);
        if len == 0 {
            at += 1;
            break;
        }
        if len > 63 {
            return None;
        }
        let label = packet.get(at + 1..at + 1 + len)?;
        if !label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        {
            return None;
        }
        at += 1 + len;
        if at - 12 > 254 {
            return None;
        }
    }
    let name_end = at;
    let qtype = u16_at(packet, at)?;
    let qclass = u16_at(packet, at + 2)?;
    at += 4;
    let edns = if counts[3] == 1 {
        // Root owner, type, payload size, extended rcode, version, flags,
        // options' length.
        if *packet.get(at)? != 0 || u16_at(packet, at + 1)? != TYPE_OPT || packet.get(at + 6)? != &0
        {
            return None;
        }
        let payload = u16_at(packet, at + 3)?;
        let rdlen = usize::from(u16_at(packet, at + 9)?);
        let mut option = at + 11;
        let end = option + rdlen;
        if end != packet.len() {
            return None;
        }
        while option < end {
            let code = u16_at(packet, option)?;
            let len = usize::from(u16_at(packet, option + 2)?);
            if code == OPTION_SUBNET {
                return None;
            }
            option += 4 + len;
        }
        if option != end {
            return None;
        }
        at = end;
        Some(payload)
    } else {
        None
    };
    (at == packet.len()).then_some(Question {
        packet,
        name_end,
        qtype,
        qclass,
        edns,
    })
}

/// An instance's records as far as they do not depend on the question:
/// built on first use and kept with the snapshot.
#[derive(Debug)]
pub struct Parts {
    /// The address it is answered with, when that is an IP.
    ip: Option<IpAddr>,
    /// Its SRV record's parts, when this path can write them.
    srv: Option<SrvWire>,
}

/// What an SRV answer needs of one instance, in wire form.
#[derive(Debug)]
struct SrvWire {
    /// The target's address (`Parts::ip`).
    ip: IpAddr,
    /// The target's labels before the domain: `<node>.node.<dc>`, or
    /// `<hex>.addr.<dc>` for an address of its own.
    target: Vec<u8>,
    /// The target is the node's name (so the TXT records' owner too).
    target_is_node: bool,
    /// `<node>.node.<dc>` and the node's metadata as TXT record data, when
    /// there is metadata and it is served.
    txt: Option<(Vec<u8>, Vec<u8>)>,
}

impl Parts {
    fn build(config: &DnsConfig, i: &Instance) -> Parts {
        let ip = i.address().parse::<IpAddr>().ok();
        Parts {
            ip,
            srv: ip.and_then(|ip| SrvWire::build(config, i, ip)),
        }
    }
}

impl SrvWire {
    /// `None` where the general path must answer: a node name that is not
    /// one plain label, metadata too long for one TXT record.
    fn build(config: &DnsConfig, i: &Instance, ip: IpAddr) -> Option<SrvWire> {
        let dc = config.datacenter.as_bytes();
        let node = labels_of(&[i.node.as_bytes(), b"node", dc]);
        let target_is_node = i.service_address.is_empty() || i.service_address == i.node_address;
        let target = if target_is_node {
            node.clone()?
        } else {
            labels_of(&[super::name::hex_label(ip).as_bytes(), b"addr", dc])?
        };
        let txt = if config.node_meta_txt && !i.node_meta.is_empty() {
            let mut data = Vec::new();
            for s in answer::meta_txt(&i.node_meta) {
                // Split to at most 255 bytes by `meta_txt`.
                data.push(s.len() as u8);
                data.extend_from_slice(s.as_bytes());
            }
            if data.len() > usize::from(u16::MAX) {
                return None;
            }
            Some((node?, data))
        } else {
            None
        };
        Some(SrvWire {
            ip,
            target,
            target_is_node,
            txt,
        })
    }
}

/// `labels` in wire form, if each is a plain label (letters, digits, `-`,
/// `_`; 1 to 63 bytes).
fn labels_of(labels: &[&[u8]]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(labels.iter().map(|l| l.len() + 1).sum());
    for label in labels {
        if label.is_empty()
            || label.len() > 63
            || !label
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        {
            return None;
        }
        out.push(label.len() as u8);
        out.extend_from_slice(label);
    }
    Some(out)
}

fn parts<'a>(config: &DnsConfig, i: &'a Instance) -> &'a Parts {
    i.fast.get_or_init(|| Parts::build(config, i))
}

/// Buffers one serving thread reuses from question to question.
#[derive(Default)]
pub struct Scratch {
    chosen: Vec<usize>,
    /// For each SRV record written: its instance and where its target is.
    extras: Vec<(usize, usize)>,
}

/// Above this many candidates, duplicates are found with a hash set.
const LINEAR_DEDUP: usize = 16;

/// A name's longest wire form.
const MAX_NAME: usize = 255;

/// Writes the reply to `q`, a question for `qtype` records of `service`
/// (with `tag`) under the domain `domain` (lower-case, wire form), from
/// `instances`, into `out`. `false` (and `out` undefined) when the general
/// path must answer.
#[allow(clippy::too_many_arguments)]
pub fn service(
    config: &DnsConfig,
    q: &Question<'_>,
    domain: &[u8],
    instances: &[Instance],
    service: &str,
    tag: Option<&str>,
    tcp: bool,
    scratch: &mut Scratch,
    out: &mut Vec<u8>,
) -> bool {
    scratch.chosen.clear();
    scratch.chosen.extend(
        instances
            .iter()
            .enumerate()
            .filter(|(_, i)| served(i.status, config.only_passing))
            .filter(|(_, i)| tag.is_none_or(|t| i.tags.iter().any(|x| x == t)))
            .map(|(n, _)| n),
    );
    if scratch.chosen.is_empty() {
        return false;
    }
    scratch.chosen.shuffle(&mut rand::rng());
    // The payload size the reply echoes, and its limits: as `handle_request`.
    let udp_size = q.edns.map_or(answer::DEFAULT_UDP_SIZE as u16, |p| {
        p.clamp(answer::DEFAULT_UDP_SIZE as u16, super::MAX_UDP_PAYLOAD)
    });
    let (max_size, limit) = if tcp {
        let cap = if q.qtype == TYPE_SRV { 1024 } else { 4096 };
        (MAX_TCP_SIZE, cap)
    } else if usize::from(udp_size) == answer::DEFAULT_UDP_SIZE {
        let limit = config.udp_answer_limit.clamp(1, MAX_UDP_ANSWER_LIMIT);
        (answer::DEFAULT_UDP_SIZE, limit)
    } else {
        (usize::from(udp_size), usize::MAX)
    };
    out.clear();
    out.extend_from_slice(q.head());
    let records = Records {
        config,
        instances,
        ttl: config.service_ttl(service),
        limit,
    };
    let written = if q.qtype == TYPE_SRV {
        records.srv(domain, scratch, out)
    } else {
        records.addresses(q.qtype == TYPE_A, &scratch.chosen, out)
    };
    let Some(Written {
        answers,
        mut additional,
        trimmed,
    }) = written
    else {
        return false;
    };
    if q.edns.is_some() {
        // OPT: root owner, our payload size, no extended rcode, version 0,
        // no flags, no options.
        out.push(0);
        out.extend_from_slice(&TYPE_OPT.to_be_bytes());
        out.extend_from_slice(&udp_size.to_be_bytes());
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        additional += 1;
    }
    if out.len() > max_size {
        return false;
    }
    let truncated = trimmed && config.enable_truncate && !tcp;
    // Header: the ID, QR, opcode QUERY, AA, TC, RD copied; RA when
    // recursors are set, CD copied; NOERROR.
    let tc = if truncated { 0x02 } else { 0 };
    let ra = if config.recursors.is_empty() { 0 } else { 0x80 };
    out[2] = 0x80 | 0x04 | tc | (q.packet[2] & 0x01);
    out[3] = ra | (q.packet[3] & 0x10);
    out[4..6].copy_from_slice(&1u16.to_be_bytes());
    out[6..8].copy_from_slice(&(answers as u16).to_be_bytes());
    out[8..10].copy_from_slice(&0u16.to_be_bytes());
    out[10..12].copy_from_slice(&(additional as u16).to_be_bytes());
    true
}

/// What one question's records are written from.
struct Records<'a> {
    config: &'a DnsConfig,
    instances: &'a [Instance],
    ttl: u32,
    /// At most this many answers.
    limit: usize,
}

/// Records written, and whether answers past the limit were left out.
struct Written {
    answers: usize,
    additional: usize,
    trimmed: bool,
}

/// Whether `chosen[n]` repeats an earlier candidate by `key`: a scan for
/// a few candidates, a hash set (`seen`) for many.
fn repeats<K: Eq + std::hash::Hash>(
    chosen: &[usize],
    n: usize,
    seen: &mut HashSet<K>,
    key: impl Fn(usize) -> K,
) -> bool {
    if chosen.len() <= LINEAR_DEDUP {
        let k = key(chosen[n]);
        chosen[..n].iter().any(|&j| key(j) == k)
    } else {
        !seen.insert(key(chosen[n]))
    }
}

impl Records<'_> {
    /// SRV answers, each target's address (and node metadata) in the
    /// additional section. `None` when an instance is one this path cannot
    /// write (the general path may write it, or leave it out).
    fn srv(&self, domain: &[u8], scratch: &mut Scratch, out: &mut Vec<u8>) -> Option<Written> {
        let instances = self.instances;
        let chosen = &scratch.chosen;
        scratch.extras.clear();
        let mut seen = HashSet::new();
        let mut trimmed = false;
        for n in 0..chosen.len() {
            let key = |j: usize| {
                let o = &instances[j];
                (o.node.as_str(), o.address(), o.port)
            };
            if repeats(chosen, n, &mut seen, key) {
                continue;
            }
            let i = &instances[chosen[n]];
            let srv = parts(self.config, i).srv.as_ref()?;
            if srv.target.len() + domain.len() > MAX_NAME
                || srv
                    .txt
                    .as_ref()
                    .is_some_and(|(node, _)| node.len() + domain.len() > MAX_NAME)
            {
                return None;
            }
            if scratch.extras.len() == self.limit {
                trimmed = true;
                break;
            }
            let weight = if i.status == HealthStatus::Warning {
                i.weight_warning
            } else {
                i.weight_passing
            };
            // Owner: the question's name. The target is written in full
            // (RFC 2782: no compression there; Go's resolver refuses it).
            out.extend_from_slice(&[0xc0, 12]);
            write_head(out, TYPE_SRV, self.ttl, 6 + srv.target.len() + domain.len());
            out.extend_from_slice(&1u16.to_be_bytes());
            out.extend_from_slice(&weight.to_be_bytes());
            out.extend_from_slice(&i.port.to_be_bytes());
            scratch.extras.push((chosen[n], out.len()));
            out.extend_from_slice(&srv.target);
            out.extend_from_slice(domain);
        }
        let srv_of = |idx: usize| parts(self.config, &instances[idx]).srv.as_ref();
        // The domain as the first target spells it, for owners to point at.
        let domain_at = scratch
            .extras
            .first()
            .and_then(|&(idx, at)| Some(at + srv_of(idx)?.target.len()));
        let mut additional = 0;
        for &(idx, target_at) in &scratch.extras {
            let srv = srv_of(idx)?;
            write_name(out, Some(target_at), &srv.target, domain_at, domain);
            write_address(out, srv.ip, self.ttl);
            additional += 1;
            if let Some((node, txt)) = &srv.txt {
                if srv.target_is_node {
                    write_name(out, Some(target_at), &srv.target, domain_at, domain);
                } else {
                    write_name(out, None, node, domain_at, domain);
                }
                write_head(out, TYPE_TXT, self.ttl, txt.len());
                out.extend_from_slice(txt);
                additional += 1;
            }
        }
        Some(Written {
            answers: scratch.extras.len(),
            additional,
            trimmed,
        })
    }

    /// A (`v4`) or AAAA answers, one per address. `None` when there is
    /// none: a host name's CNAME or NODATA, the general path's to answer.
    fn addresses(&self, v4: bool, chosen: &[usize], out: &mut Vec<u8>) -> Option<Written> {
        let ip_of = |j: usize| parts(self.config, &self.instances[j]).ip;
        let mut seen = HashSet::new();
        let mut answers = 0;
        let mut trimmed = false;
        for n in 0..chosen.len() {
            // A host name (a CNAME) or the other family: not an answer here.
            let Some(ip) = ip_of(chosen[n]).filter(|ip| ip.is_ipv4() == v4) else {
                continue;
            };
            if repeats(chosen, n, &mut seen, ip_of) {
                continue;
            }
            if answers == self.limit {
                trimmed = true;
                break;
            }
            out.extend_from_slice(&[0xc0, 12]);
            write_address(out, ip, self.ttl);
            answers += 1;
            if self.config.a_record_limit > 0 && answers >= self.config.a_record_limit {
                break;
            }
        }
        (answers > 0).then_some(Written {
            answers,
            additional: 0,
            trimmed,
        })
    }
}

/// A name of `labels` then `domain`, as an owner: a pointer to where the
/// same name was written (`written`), else the labels and a pointer to the
/// domain written at `domain_at`, else in full (pointers reach 0x3fff).
fn write_name(
    out: &mut Vec<u8>,
    written: Option<usize>,
    labels: &[u8],
    domain_at: Option<usize>,
    domain: &[u8],
) {
    match (written, domain_at) {
        (Some(at), _) if at < 0x3fff => out.extend_from_slice(&(0xc000 | at as u16).to_be_bytes()),
        (_, Some(at)) if at < 0x3fff => {
            out.extend_from_slice(labels);
            out.extend_from_slice(&(0xc000 | at as u16).to_be_bytes());
        }
        _ => {
            out.extend_from_slice(labels);
            out.extend_from_slice(domain);
        }
    }
}

/// Type, class, TTL and data length of a record.
fn write_head(out: &mut Vec<u8>, rtype: u16, ttl: u32, rdlen: usize) {
    out.extend_from_slice(&rtype.to_be_bytes());
    out.extend_from_slice(&CLASS_IN.to_be_bytes());
    out.extend_from_slice(&ttl.to_be_bytes());
    // Record data is built under 64 KiB (TXT data is checked).
    out.extend_from_slice(&(rdlen as u16).to_be_bytes());
}

/// Type, class, TTL and data of an A or AAAA record for `ip`.
fn write_address(out: &mut Vec<u8>, ip: IpAddr, ttl: u32) {
    match ip {
        IpAddr::V4(v4) => {
            write_head(out, TYPE_A, ttl, 4);
            out.extend_from_slice(&v4.octets());
        }
        IpAddr::V6(v6) => {
            write_head(out, TYPE_AAAA, ttl, 16);
            out.extend_from_slice(&v6.octets());
        }
    }
}

#[cfg(test)]
mod tests;

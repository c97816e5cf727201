//! What a query name under the DNS domain asks for, parsed the way Consul
//! reads it: labels are taken from the right, the kind (`service`, `node`,
//! `addr`, `query`) is the rightmost label that is one, and at most one label
//! between the kind and the domain is a datacenter.

use std::{
    borrow::Cow,
    net::{IpAddr, Ipv4Addr, Ipv6Addr},
};

/// One parsed name under the domain, borrowing the question's labels
/// (a name or tag of several labels is joined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The domain itself (`consul.`): SOA and NS.
    Apex,
    /// Instances of a service, optionally with one tag.
    Service {
        service: &'a str,
        tag: Option<Cow<'a, str>>,
        dc: Option<&'a str>,
    },
    /// A node's address.
    Node {
        node: Cow<'a, str>,
        dc: Option<&'a str>,
    },
    /// An address written in hex (`7f000001.addr.dc1.consul`).
    Addr { ip: IpAddr },
    /// A prepared query by name or ID.
    Query {
        query: Cow<'a, str>,
        dc: Option<&'a str>,
    },
    /// A name the domain does not know how to read: NXDOMAIN.
    Invalid,
}

/// Parses `labels`, the query's lower-cased labels with the domain's removed
/// (left to right, as written). `srv` is whether the question is for SRV
/// records: then `_web._tcp.consul` means `_web._tcp.service.consul`.
/// Allocates only to join a name or tag of several labels.
pub fn parse<'a>(labels: &[&'a str], srv: bool) -> Lookup<'a> {
    if labels.is_empty() {
        return Lookup::Apex;
    }
    // Labels left of `n` are still to read; the datacenter, if any, was
    // the one right of them.
    let mut n = labels.len();
    let mut dc: Option<&'a str> = None;
    loop {
        if n == 0 {
            return Lookup::Invalid;
        }
        // `service` left out of an RFC 2782 name.
        if srv && labels[n - 1].starts_with('_') {
            return service(&labels[..n], dc);
        }
        match labels[n - 1] {
            "service" => return service(&labels[..n - 1], dc),
            "node" => {
                if n == 1 {
                    return Lookup::Invalid;
                }
                // A node name may hold dots: every label before the kind.
                return Lookup::Node {
                    node: joined(&labels[..n - 1]),
                    dc,
                };
            }
            "query" => {
                if n == 1 {
                    return Lookup::Invalid;
                }
                return Lookup::Query {
                    query: joined(&labels[..n - 1]),
                    dc,
                };
            }
            "addr" => {
                if n != 2 {
                    return Lookup::Invalid;
                }
                return match hex_ip(labels[0]) {
                    Some(ip) => Lookup::Addr { ip },
                    None => Lookup::Invalid,
                };
            }
            other => {
                // One label between the kind and the domain may name the
                // datacenter; a second one cannot (`web.service.a.b.consul`).
                if dc.is_some() {
                    return Lookup::Invalid;
                }
                dc = Some(other);
                n -= 1;
            }
        }
    }
}

/// Labels joined with dots, borrowed when there is one.
fn joined<'a>(labels: &[&'a str]) -> Cow<'a, str> {
    match labels {
        [one] => Cow::Borrowed(one),
        _ => Cow::Owned(labels.join(".")),
    }
}

fn service<'a>(labels: &[&'a str], dc: Option<&'a str>) -> Lookup<'a> {
    match labels {
        [] => Lookup::Invalid,
        // RFC 2782: `_web._tcp.service` is every instance of `web`;
        // `_web._<tag>.service` filters on the tag.
        [name, proto] if name.starts_with('_') && proto.starts_with('_') => {
            let name = &name[1..];
            let tag = &proto[1..];
            if name.is_empty() {
                return Lookup::Invalid;
            }
            Lookup::Service {
                service: name,
                tag: (tag != "tcp" && !tag.is_empty()).then_some(Cow::Borrowed(tag)),
                dc,
            }
        }
        [tag @ .., name] => Lookup::Service {
            service: name,
            // A tag may hold dots: every label before the service name.
            tag: (!tag.is_empty()).then(|| joined(tag)),
            dc,
        },
    }
}

/// `7f000001` is 127.0.0.1; 32 hex digits are an IPv6 address.
fn hex_ip(label: &str) -> Option<IpAddr> {
    let bytes = decode_hex(label)?;
    match bytes.len() {
        4 => Some(IpAddr::V4(Ipv4Addr::new(
            bytes[0], bytes[1], bytes[2], bytes[3],
        ))),
        16 => {
            let octets: [u8; 16] = bytes.try_into().ok()?;
            Some(IpAddr::V6(Ipv6Addr::from(octets)))
        }
        _ => None,
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The label that names `ip` under `addr.`: 8 or 32 lower-case hex digits.
pub fn hex_label(ip: IpAddr) -> String {
    let bytes: Vec<u8> = match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The address an `in-addr.arpa` or `ip6.arpa` name (lower-cased labels, the
/// `arpa` label last) asks about; `None` for a partial or malformed one.
pub fn arpa_ip(labels: &[&str]) -> Option<IpAddr> {
    match labels {
        [digits @ .., "in-addr", "arpa"] if digits.len() == 4 => {
            let mut octets = [0u8; 4];
            for (i, d) in digits.iter().rev().enumerate() {
                if d.is_empty() || d.len() > 3 || !d.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                octets[i] = d.parse().ok()?;
            }
            Some(IpAddr::V4(Ipv4Addr::from(octets)))
        }
        [nibbles @ .., "ip6", "arpa"] if nibbles.len() == 32 => {
            let mut octets = [0u8; 16];
            for (i, n) in nibbles.iter().rev().enumerate() {
                if n.len() != 1 {
                    return None;
                }
                let v = u8::from_str_radix(n, 16).ok()?;
                octets[i / 2] |= if i % 2 == 0 { v << 4 } else { v };
            }
            Some(IpAddr::V6(Ipv6Addr::from(octets)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, srv: bool) -> Lookup<'_> {
        let labels: Vec<&str> = if name.is_empty() {
            vec![]
        } else {
            name.split('.').collect()
        };
        parse(&labels, srv)
    }

    fn svc<'a>(service: &'a str, tag: Option<&'a str>, dc: Option<&'a str>) -> Lookup<'a> {
        Lookup::Service {
            service,
            tag: tag.map(Into::into),
            dc,
        }
    }

    #[test]
    fn service_forms() {
        assert_eq!(p("web.service", false), svc("web", None, None));
        assert_eq!(p("web.service.dc2", false), svc("web", None, Some("dc2")));
        assert_eq!(p("v1.web.service", false), svc("web", Some("v1"), None));
        assert_eq!(p("a.b.web.service", false), svc("web", Some("a.b"), None));
        assert_eq!(p("_web._tcp.service", false), svc("web", None, None));
        assert_eq!(
            p("_web._v1.service.dc1", true),
            svc("web", Some("v1"), Some("dc1"))
        );
        // SRV questions may leave out `service`.
        assert_eq!(p("_web._tcp", true), svc("web", None, None));
        assert_eq!(p("_web._tcp", false), Lookup::Invalid);
        assert_eq!(p("service", false), Lookup::Invalid);
        assert_eq!(p("web.service.dc1.extra", false), Lookup::Invalid);
        assert_eq!(p("__._tcp.service", false), svc("_", None, None));
        assert_eq!(p("_._tcp.service", false), Lookup::Invalid);
    }

    #[test]
    fn node_addr_query_apex() {
        assert_eq!(p("", false), Lookup::Apex);
        assert_eq!(
            p("n1.node", false),
            Lookup::Node {
                node: "n1".into(),
                dc: None
            }
        );
        assert_eq!(
            p("n.example.node.dc1", false),
            Lookup::Node {
                node: "n.example".into(),
                dc: Some("dc1")
            }
        );
        assert_eq!(p("node", false), Lookup::Invalid);
        assert_eq!(
            p("7f000001.addr", false),
            Lookup::Addr {
                ip: "127.0.0.1".parse().unwrap()
            }
        );
        assert_eq!(
            p("7f000001.addr.dc1", false),
            Lookup::Addr {
                ip: "127.0.0.1".parse().unwrap()
            }
        );
        assert_eq!(
            p("20010db8000000000000000000000001.addr", false),
            Lookup::Addr {
                ip: "2001:db8::1".parse().unwrap()
            }
        );
        assert_eq!(p("7f0000.addr", false), Lookup::Invalid);
        assert_eq!(p("zz000001.addr", false), Lookup::Invalid);
        assert_eq!(p("+a+b+c+d.addr", false), Lookup::Invalid);
        assert_eq!(p("x.7f000001.addr", false), Lookup::Invalid);
        assert_eq!(
            p("q1.query", false),
            Lookup::Query {
                query: "q1".into(),
                dc: None
            }
        );
        assert_eq!(p("dc1", false), Lookup::Invalid);
    }

    #[test]
    fn hex_round_trip() {
        for ip in ["10.0.0.1", "255.1.2.3", "2001:db8::ff", "::1"] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(hex_ip(&hex_label(ip)), Some(ip));
        }
    }

    #[test]
    fn arpa_names() {
        let v4: Vec<&str> = "1.0.0.127.in-addr.arpa".split('.').collect();
        assert_eq!(arpa_ip(&v4), Some("127.0.0.1".parse().unwrap()));
        let partial: Vec<&str> = "0.127.in-addr.arpa".split('.').collect();
        assert_eq!(arpa_ip(&partial), None);
        let bad: Vec<&str> = "1.0.0.300.in-addr.arpa".split('.').collect();
        assert_eq!(arpa_ip(&bad), None);
        let v6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
        let v6: Vec<&str> = v6.split('.').collect();
        assert_eq!(arpa_ip(&v6), Some("2001:db8::1".parse().unwrap()));
    }
}

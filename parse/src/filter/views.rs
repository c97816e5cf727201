//! What filter selectors see of each result, with Consul's field names: a
//! `Node`, a `NodeService`, a `ServiceNode` (catalog service instances), a
//! `HealthCheck`, a `CheckServiceNode` (health service entries). Each has a
//! schema (the shape, to check selectors before a read) and a view of a
//! value.

use std::collections::BTreeMap;

use roster_proto::{
    catalog::v1::{HealthCheck, HealthStatus, Node, Service, ServiceAddress, ServiceInstance},
    health::v1::ServiceHealth,
};

use super::Field;

fn s(v: &str) -> Field {
    Field::Str(v.to_string())
}

fn strings(v: &[String]) -> Field {
    Field::List(v.iter().map(|x| s(x)).collect())
}

fn string_map(m: &BTreeMap<String, String>) -> Field {
    Field::Map(m.iter().map(|(k, v)| (k.clone(), s(v))).collect())
}

fn address(a: &ServiceAddress) -> Field {
    Field::Struct(vec![
        ("Address", s(&a.address)),
        ("Port", Field::Int(i64::from(a.port))),
    ])
}

fn addresses(m: &BTreeMap<String, ServiceAddress>) -> Field {
    Field::Map(m.iter().map(|(k, a)| (k.clone(), address(a))).collect())
}

fn weights(service: &Service) -> Field {
    let (passing, warning) = service
        .weights
        .as_ref()
        .map_or((1, 1), |w| (w.passing, w.warning));
    Field::Struct(vec![
        ("Passing", Field::Int(i64::from(passing))),
        ("Warning", Field::Int(i64::from(warning))),
    ])
}

/// A `Node`.
pub fn node(n: &Node) -> Field {
    Field::Struct(vec![
        ("ID", s(&n.id)),
        ("Node", s(&n.node)),
        ("Address", s(&n.address)),
        ("Datacenter", s(&n.datacenter)),
        ("TaggedAddresses", string_map(&n.tagged_addresses)),
        ("Meta", string_map(&n.meta)),
    ])
}

/// A `NodeService`.
pub fn service(v: &Service) -> Field {
    Field::Struct(vec![
        ("Kind", s(&v.kind)),
        ("ID", s(&v.id)),
        ("Service", s(&v.service)),
        ("Tags", strings(&v.tags)),
        ("Address", s(&v.address)),
        ("TaggedAddresses", addresses(&v.tagged_addresses)),
        ("Meta", string_map(&v.meta)),
        ("Port", Field::Int(i64::from(v.port))),
        ("SocketPath", s(&v.socket_path)),
        ("Weights", weights(v)),
        ("EnableTagOverride", Field::Bool(v.enable_tag_override)),
    ])
}

/// A `ServiceNode` (`/v1/catalog/service/<name>`).
pub fn service_node(i: &ServiceInstance) -> Field {
    let n = i.node.clone().unwrap_or_default();
    let v = i.service.clone().unwrap_or_default();
    Field::Struct(vec![
        ("ID", s(&n.id)),
        ("Node", s(&n.node)),
        ("Address", s(&n.address)),
        ("Datacenter", s(&n.datacenter)),
        ("TaggedAddresses", string_map(&n.tagged_addresses)),
        ("NodeMeta", string_map(&n.meta)),
        ("ServiceKind", s(&v.kind)),
        ("ServiceID", s(&v.id)),
        ("ServiceName", s(&v.service)),
        ("ServiceTags", strings(&v.tags)),
        ("ServiceAddress", s(&v.address)),
        ("ServiceTaggedAddresses", addresses(&v.tagged_addresses)),
        ("ServiceWeights", weights(&v)),
        ("ServiceMeta", string_map(&v.meta)),
        ("ServicePort", Field::Int(i64::from(v.port))),
        ("ServiceSocketPath", s(&v.socket_path)),
        (
            "ServiceEnableTagOverride",
            Field::Bool(v.enable_tag_override),
        ),
    ])
}

fn status_word(status: i32) -> &'static str {
    match HealthStatus::try_from(status) {
        Ok(HealthStatus::Passing) => "passing",
        Ok(HealthStatus::Warning) => "warning",
        _ => "critical",
    }
}

/// A `HealthCheck`.
pub fn check(c: &HealthCheck) -> Field {
    Field::Struct(vec![
        ("Node", s(&c.node)),
        ("CheckID", s(&c.check_id)),
        ("Name", s(&c.name)),
        ("Status", s(status_word(c.status))),
        ("Notes", s(&c.notes)),
        ("Output", s(&c.output)),
        ("ServiceID", s(&c.service_id)),
        ("ServiceName", s(&c.service_name)),
        ("ServiceTags", strings(&c.service_tags)),
        ("Type", s(&c.r#type)),
        ("ExposedPort", Field::Int(i64::from(c.exposed_port))),
    ])
}

/// A `CheckServiceNode` (`/v1/health/service/<name>`).
pub fn service_health(h: &ServiceHealth) -> Field {
    Field::Struct(vec![
        ("Node", node(&h.node.clone().unwrap_or_default())),
        ("Service", service(&h.service.clone().unwrap_or_default())),
        ("Checks", Field::List(h.checks.iter().map(check).collect())),
    ])
}

fn sample_node() -> Node {
    Node {
        tagged_addresses: [(String::new(), String::new())].into(),
        meta: [(String::new(), String::new())].into(),
        ..Node::default()
    }
}

fn sample_service() -> Service {
    Service {
        tags: vec![String::new()],
        tagged_addresses: [(String::new(), ServiceAddress::default())].into(),
        meta: [(String::new(), String::new())].into(),
        ..Service::default()
    }
}

fn sample_check() -> HealthCheck {
    HealthCheck {
        service_tags: vec![String::new()],
        ..HealthCheck::default()
    }
}

/// The shape of a `Node`.
pub fn node_schema() -> Field {
    node(&sample_node())
}

/// The shape of a `NodeService`.
pub fn service_schema() -> Field {
    service(&sample_service())
}

/// The shape of a `ServiceNode`.
pub fn service_node_schema() -> Field {
    service_node(&ServiceInstance {
        node: Some(sample_node()),
        service: Some(sample_service()),
    })
}

/// The shape of a `HealthCheck`.
pub fn check_schema() -> Field {
    check(&sample_check())
}

/// The shape of a `CheckServiceNode`.
pub fn service_health_schema() -> Field {
    service_health(&ServiceHealth {
        node: Some(sample_node()),
        service: Some(sample_service()),
        checks: vec![sample_check()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;

    #[test]
    fn health_entries_filter_on_nested_fields_and_any_check() {
        let entry = ServiceHealth {
            node: Some(Node {
                node: "n1".into(),
                meta: [("rack".to_string(), "r1".to_string())].into(),
                ..Node::default()
            }),
            service: Some(Service {
                service: "web".into(),
                tags: vec!["v1".into()],
                port: 80,
                ..Service::default()
            }),
            checks: vec![
                HealthCheck {
                    check_id: "serfHealth".into(),
                    status: HealthStatus::Passing as i32,
                    ..HealthCheck::default()
                },
                HealthCheck {
                    check_id: "web".into(),
                    status: HealthStatus::Warning as i32,
                    ..HealthCheck::default()
                },
            ],
        };
        let schema = service_health_schema();
        let yes = |t: &str| {
            Filter::parse(t, &schema)
                .unwrap()
                .matches(&service_health(&entry))
        };
        assert!(yes("Service.Tags contains v1 and Node.Meta.rack == r1"));
        assert!(yes("Checks.Status == warning"));
        assert!(!yes("Checks.Status == critical"));
        assert!(yes("Service.Port == 80"));
        assert!(yes("Service.Weights.Passing == 1"));
        assert!(Filter::parse("Service.Nope == 1", &schema).is_err());
        let sn = service_node_schema();
        assert!(Filter::parse("ServiceMeta.env == prod and NodeMeta.x is empty", &sn).is_ok());
        assert!(
            Filter::parse("Meta.env == prod", &sn).is_err(),
            "NodeMeta in a ServiceNode"
        );
    }
}

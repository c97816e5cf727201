//! `?filter=` expressions: any text against each schema parses or is an
//! error, and a filter that parses evaluates on any value of its kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use roster_parse::filter::{Filter, views};
use roster_proto::{
    catalog::v1::{HealthCheck, HealthStatus, Node, Service, ServiceInstance},
    health::v1::ServiceHealth,
};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let node = Node {
        node: "web-1".into(),
        address: "10.0.0.1".into(),
        meta: [("rack".to_string(), "r1".to_string())].into(),
        ..Default::default()
    };
    let service = Service {
        id: "web-1".into(),
        service: "web".into(),
        tags: vec!["v1".into(), "primary".into()],
        port: 8080,
        meta: [("team".to_string(), "a".to_string())].into(),
        ..Default::default()
    };
    let check = HealthCheck {
        node: "web-1".into(),
        check_id: "serfHealth".into(),
        status: HealthStatus::Passing as i32,
        ..Default::default()
    };
    let (schema, values) = match kind % 5 {
        0 => (
            views::node_schema(),
            vec![views::node(&node), views::node(&Node::default())],
        ),
        1 => (
            views::service_schema(),
            vec![
                views::service(&service),
                views::service(&Service::default()),
            ],
        ),
        2 => {
            let instance = ServiceInstance {
                node: Some(node.clone()),
                service: Some(service.clone()),
            };
            (
                views::service_node_schema(),
                vec![
                    views::service_node(&instance),
                    views::service_node(&ServiceInstance::default()),
                ],
            )
        }
        3 => (
            views::check_schema(),
            vec![views::check(&check), views::check(&HealthCheck::default())],
        ),
        _ => {
            let health = ServiceHealth {
                node: Some(node.clone()),
                service: Some(service.clone()),
                checks: vec![check.clone()],
            };
            (
                views::service_health_schema(),
                vec![
                    views::service_health(&health),
                    views::service_health(&ServiceHealth::default()),
                ],
            )
        }
    };
    if let Ok(filter) = Filter::parse(text, &schema) {
        for value in &values {
            let _ = filter.matches(value);
        }
    }
});

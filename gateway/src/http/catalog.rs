//! `/v1/catalog/` over `roster.catalog.v1.CatalogService`, and the JSON
//! shapes of catalog objects that the health and agent endpoints share:
//! `Node`, `ServiceNode`, `NodeService`, `HealthCheck` (field order and
//! `null`/`[]`/`{}` choices are Consul's).

use std::collections::BTreeMap;

use axum::{
    body::Body,
    extract::{Path, State},
    response::Response,
};
use http::{HeaderMap, Method, Uri};
use roster_proto::catalog::v1::{
    CheckDefinition, DeregisterRequest, GetNodeRequest, HealthCheck, HealthStatus,
    ListDatacentersRequest, ListNodesRequest, ListServiceInstancesRequest, ListServicesRequest,
    Node, RegisterRequest, Service, ServiceAddress, ServiceInstance, Weights,
    catalog_service_client::CatalogServiceClient,
};
use roster_proto::definitions::{decode_catalog_check, decode_service};
use serde::Serialize;

use super::{
    Gateway, Params, endpoint, json::Obj, json::parse_body, json_response, kv::read_value,
    query_options, read_endpoint, reject_enterprise_meta, retryable_write_options,
};

fn client(gateway: &Gateway) -> CatalogServiceClient<super::Transport> {
    CatalogServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// An empty map renders as `null`, as a nil Go map does.
fn nil_if_empty<V>(map: BTreeMap<String, V>) -> Option<BTreeMap<String, V>> {
    (!map.is_empty()).then_some(map)
}

/// Consul's `Node`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NodeJson {
    #[serde(rename = "ID")]
    id: String,
    node: String,
    address: String,
    datacenter: String,
    tagged_addresses: Option<BTreeMap<String, String>>,
    meta: Option<BTreeMap<String, String>>,
    create_index: u64,
    modify_index: u64,
}

impl From<Node> for NodeJson {
    fn from(n: Node) -> Self {
        NodeJson {
            id: n.id,
            node: n.node,
            address: n.address,
            datacenter: n.datacenter,
            tagged_addresses: nil_if_empty(n.tagged_addresses),
            meta: nil_if_empty(n.meta),
            create_index: n.create_index,
            modify_index: n.modify_index,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AddressJson {
    address: String,
    port: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct WeightsJson {
    passing: i32,
    warning: i32,
}

impl From<Option<Weights>> for WeightsJson {
    fn from(w: Option<Weights>) -> Self {
        let w = w.unwrap_or(Weights {
            passing: 1,
            warning: 1,
        });
        WeightsJson {
            passing: w.passing,
            warning: w.warning,
        }
    }
}

/// A non-proxy's `Proxy`: `{"Mode":"","MeshGateway":{},"Expose":{}}`.
#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ProxyJson {
    mode: String,
    mesh_gateway: Empty,
    expose: Empty,
}

/// `{}`.
#[derive(Serialize, Default)]
pub(super) struct Empty {}

pub(super) fn tagged_json(
    map: BTreeMap<String, ServiceAddress>,
) -> Option<BTreeMap<String, AddressJson>> {
    nil_if_empty(
        map.into_iter()
            .map(|(k, a)| {
                (
                    k,
                    AddressJson {
                        address: a.address,
                        port: a.port,
                    },
                )
            })
            .collect(),
    )
}

/// Consul's `NodeService` (catalog node, health `Service`).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct NodeServiceJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(rename = "ID")]
    id: String,
    service: String,
    tags: Vec<String>,
    address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tagged_addresses: Option<BTreeMap<String, AddressJson>>,
    meta: BTreeMap<String, String>,
    port: u32,
    #[serde(skip_serializing_if = "String::is_empty")]
    socket_path: String,
    weights: WeightsJson,
    enable_tag_override: bool,
    proxy: ProxyJson,
    connect: Empty,
    create_index: u64,
    modify_index: u64,
}

impl From<Service> for NodeServiceJson {
    fn from(s: Service) -> Self {
        NodeServiceJson {
            kind: s.kind,
            id: s.id,
            service: s.service,
            tags: s.tags,
            address: s.address,
            tagged_addresses: tagged_json(s.tagged_addresses),
            meta: s.meta,
            port: s.port,
            socket_path: s.socket_path,
            weights: s.weights.into(),
            enable_tag_override: s.enable_tag_override,
            proxy: ProxyJson::default(),
            connect: Empty::default(),
            create_index: s.create_index,
            modify_index: s.modify_index,
        }
    }
}

/// Consul's `ServiceNode` (`/v1/catalog/service/<name>`).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceNodeJson {
    #[serde(rename = "ID")]
    id: String,
    node: String,
    address: String,
    datacenter: String,
    tagged_addresses: Option<BTreeMap<String, String>>,
    node_meta: Option<BTreeMap<String, String>>,
    service_kind: String,
    #[serde(rename = "ServiceID")]
    service_id: String,
    service_name: String,
    service_tags: Vec<String>,
    service_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    service_tagged_addresses: Option<BTreeMap<String, AddressJson>>,
    service_weights: WeightsJson,
    service_meta: BTreeMap<String, String>,
    service_port: u32,
    service_socket_path: String,
    service_enable_tag_override: bool,
    service_proxy: ProxyJson,
    service_connect: Empty,
    create_index: u64,
    modify_index: u64,
}

impl From<ServiceInstance> for ServiceNodeJson {
    fn from(i: ServiceInstance) -> Self {
        let n = i.node.unwrap_or_default();
        let s = i.service.unwrap_or_default();
        ServiceNodeJson {
            id: n.id,
            node: n.node,
            address: n.address,
            datacenter: n.datacenter,
            tagged_addresses: nil_if_empty(n.tagged_addresses),
            node_meta: nil_if_empty(n.meta),
            service_kind: s.kind,
            service_id: s.id,
            service_name: s.service,
            service_tags: s.tags,
            service_address: s.address,
            service_tagged_addresses: tagged_json(s.tagged_addresses),
            service_weights: s.weights.into(),
            service_meta: s.meta,
            service_port: s.port,
            service_socket_path: s.socket_path,
            service_enable_tag_override: s.enable_tag_override,
            service_proxy: ProxyJson::default(),
            service_connect: Empty::default(),
            create_index: s.create_index,
            modify_index: s.modify_index,
        }
    }
}

/// Consul's `HealthCheckDefinition`: every field omitted when empty.
#[derive(Serialize, Default)]
pub(super) struct DefinitionJson {
    #[serde(rename = "HTTP", skip_serializing_if = "String::is_empty")]
    http: String,
    #[serde(rename = "TLSServerName", skip_serializing_if = "String::is_empty")]
    tls_server_name: String,
    #[serde(rename = "TLSSkipVerify", skip_serializing_if = "is_false")]
    tls_skip_verify: bool,
    #[serde(rename = "Header", skip_serializing_if = "BTreeMap::is_empty")]
    header: BTreeMap<String, Vec<String>>,
    #[serde(rename = "Method", skip_serializing_if = "String::is_empty")]
    method: String,
    #[serde(rename = "Body", skip_serializing_if = "String::is_empty")]
    body: String,
    #[serde(rename = "DisableRedirects", skip_serializing_if = "is_false")]
    disable_redirects: bool,
    #[serde(rename = "TCP", skip_serializing_if = "String::is_empty")]
    tcp: String,
    #[serde(rename = "TCPUseTLS", skip_serializing_if = "is_false")]
    tcp_use_tls: bool,
    #[serde(rename = "UDP", skip_serializing_if = "String::is_empty")]
    udp: String,
    #[serde(rename = "H2PING", skip_serializing_if = "String::is_empty")]
    h2ping: String,
    #[serde(rename = "H2PingUseTLS", skip_serializing_if = "is_false")]
    h2ping_use_tls: bool,
    #[serde(rename = "Interval", skip_serializing_if = "String::is_empty")]
    interval: String,
    #[serde(rename = "Timeout", skip_serializing_if = "String::is_empty")]
    timeout: String,
    #[serde(
        rename = "DeregisterCriticalServiceAfter",
        skip_serializing_if = "String::is_empty"
    )]
    deregister_critical_service_after: String,
    #[serde(rename = "ScriptArgs", skip_serializing_if = "Vec::is_empty")]
    script_args: Vec<String>,
    #[serde(rename = "DockerContainerID", skip_serializing_if = "String::is_empty")]
    docker_container_id: String,
    #[serde(rename = "Shell", skip_serializing_if = "String::is_empty")]
    shell: String,
    #[serde(rename = "GRPC", skip_serializing_if = "String::is_empty")]
    grpc: String,
    #[serde(rename = "GRPCUseTLS", skip_serializing_if = "is_false")]
    grpc_use_tls: bool,
    #[serde(rename = "AliasNode", skip_serializing_if = "String::is_empty")]
    alias_node: String,
    #[serde(rename = "AliasService", skip_serializing_if = "String::is_empty")]
    alias_service: String,
    #[serde(rename = "TTL", skip_serializing_if = "String::is_empty")]
    ttl: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl From<CheckDefinition> for DefinitionJson {
    fn from(d: CheckDefinition) -> Self {
        DefinitionJson {
            http: d.http,
            tls_server_name: d.tls_server_name,
            tls_skip_verify: d.tls_skip_verify,
            header: d.header.into_iter().map(|(k, v)| (k, v.values)).collect(),
            method: d.method,
            body: d.body,
            disable_redirects: d.disable_redirects,
            tcp: d.tcp,
            tcp_use_tls: d.tcp_use_tls,
            udp: d.udp,
            h2ping: d.h2ping,
            h2ping_use_tls: d.h2ping_use_tls,
            interval: d.interval,
            timeout: d.timeout,
            deregister_critical_service_after: d.deregister_critical_service_after,
            script_args: d.script_args,
            docker_container_id: d.docker_container_id,
            shell: d.shell,
            grpc: d.grpc,
            grpc_use_tls: d.grpc_use_tls,
            alias_node: d.alias_node,
            alias_service: d.alias_service,
            ttl: d.ttl,
        }
    }
}

/// A check's status as Consul writes it.
pub(super) fn status_name(status: i32) -> &'static str {
    match HealthStatus::try_from(status) {
        Ok(HealthStatus::Passing) => "passing",
        Ok(HealthStatus::Warning) => "warning",
        Ok(HealthStatus::Critical) | Ok(HealthStatus::Unspecified) | Err(_) => "critical",
    }
}

/// Consul's `HealthCheck`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct HealthCheckJson {
    node: String,
    #[serde(rename = "CheckID")]
    check_id: String,
    name: String,
    status: &'static str,
    notes: String,
    output: String,
    #[serde(rename = "ServiceID")]
    service_id: String,
    service_name: String,
    service_tags: Vec<String>,
    #[serde(rename = "Type")]
    kind: String,
    interval: String,
    timeout: String,
    exposed_port: i32,
    definition: DefinitionJson,
    create_index: u64,
    modify_index: u64,
}

impl From<HealthCheck> for HealthCheckJson {
    fn from(c: HealthCheck) -> Self {
        let definition = c.definition.unwrap_or_default();
        HealthCheckJson {
            node: c.node,
            check_id: c.check_id,
            name: c.name,
            status: status_name(c.status),
            notes: c.notes,
            output: c.output,
            service_id: c.service_id,
            service_name: c.service_name,
            service_tags: c.service_tags,
            kind: c.r#type,
            interval: definition.interval.clone(),
            timeout: definition.timeout.clone(),
            exposed_port: c.exposed_port,
            definition: definition.into(),
            create_index: c.create_index,
            modify_index: c.modify_index,
        }
    }
}

/// The `?node-meta=key:value` filters (repeatable).
pub(super) fn node_meta(params: &Params) -> BTreeMap<String, String> {
    params
        .all("node-meta")
        .map(|value| {
            let (k, v) = value.split_once(':').unwrap_or((value, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// `PUT /v1/catalog/register`.
pub async fn register(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        reject_enterprise_meta(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let value = parse_body(&bytes)?;
        let obj = Obj::root(&value, "RegisterRequest")?;
        let node = Node {
            id: obj.string(&["ID"])?,
            node: obj.string(&["Node"])?,
            address: obj.string(&["Address"])?,
            datacenter: obj.string(&["Datacenter"])?,
            tagged_addresses: obj.string_map(&["TaggedAddresses"])?,
            meta: obj.string_map(&["NodeMeta"])?,
            create_index: 0,
            modify_index: 0,
        };
        let service = match obj.object(&["Service"])? {
            Some(s) => Some(decode_service(&s)?),
            None => None,
        };
        let mut checks = Vec::new();
        if let Some(c) = obj.object(&["Check"])? {
            checks.push(decode_catalog_check(&c)?);
        }
        for c in obj.objects(&["Checks"])? {
            checks.push(decode_catalog_check(&c)?);
        }
        let mut write_options = retryable_write_options(&query, &headers);
        if write_options.datacenter.is_empty() {
            write_options.datacenter = node.datacenter.clone();
        }
        client(&gateway)
            .register(RegisterRequest {
                write_options: Some(write_options),
                node: Some(node),
                service,
                checks,
                skip_node_update: obj.boolean(&["SkipNodeUpdate"])?,
            })
            .await?;
        Ok(json_response(&true, gateway.pretty(&params)))
    })
    .await
}

/// `PUT /v1/catalog/deregister`.
pub async fn deregister(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        reject_enterprise_meta(&params, &headers)?;
        let bytes = read_value(&headers, body).await?;
        let value = parse_body(&bytes)?;
        let obj = Obj::root(&value, "DeregisterRequest")?;
        let mut write_options = retryable_write_options(&query, &headers);
        if write_options.datacenter.is_empty() {
            write_options.datacenter = obj.string(&["Datacenter"])?;
        }
        client(&gateway)
            .deregister(DeregisterRequest {
                write_options: Some(write_options),
                node: obj.string(&["Node"])?,
                service_id: obj.string(&["ServiceID"])?,
                check_id: obj.string(&["CheckID"])?,
            })
            .await?;
        Ok(json_response(&true, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/catalog/datacenters`.
pub async fn datacenters(State(gateway): State<Gateway>, method: Method, uri: Uri) -> Response {
    endpoint(&method, &[Method::GET], &uri, |params| async move {
        let reply = client(&gateway)
            .list_datacenters(ListDatacentersRequest {})
            .await?
            .into_inner();
        Ok(json_response(&reply.datacenters, gateway.pretty(&params)))
    })
    .await
}

/// `GET /v1/catalog/nodes`, blocking.
pub async fn nodes(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let reply = client(&gateway)
                .list_nodes(ListNodesRequest {
                    query_options: Some(query),
                    node_meta: node_meta(&params),
                })
                .await?
                .into_inner();
            let body: Vec<NodeJson> = reply.nodes.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `GET /v1/catalog/services`, blocking: `{"name": [tags...]}`.
pub async fn services(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let reply = client(&gateway)
                .list_services(ListServicesRequest {
                    query_options: Some(query),
                    node_meta: node_meta(&params),
                })
                .await?
                .into_inner();
            let body: BTreeMap<String, Vec<String>> = reply
                .services
                .into_iter()
                .map(|s| (s.service, s.tags))
                .collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

/// `GET /v1/catalog/service/<name>`, blocking.
pub async fn service(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, params, query| async move {
            let reply = client(&gateway)
                .list_service_instances(ListServiceInstancesRequest {
                    query_options: Some(query),
                    service: name,
                    tags: params.all("tag").map(str::to_string).collect(),
                    node_meta: node_meta(&params),
                })
                .await?
                .into_inner();
            let body: Vec<ServiceNodeJson> = reply.instances.into_iter().map(Into::into).collect();
            Ok((body, reply.query_meta.unwrap_or_default()))
        },
    )
    .await
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NodeServicesJson<S> {
    node: NodeJson,
    services: S,
}

/// A node's services by ID (`catalog/node`) or as a list (`node-services`).
#[derive(Serialize)]
#[serde(untagged)]
enum NodeServicesBody {
    Map(NodeServicesJson<BTreeMap<String, NodeServiceJson>>),
    List(NodeServicesJson<Vec<NodeServiceJson>>),
}

/// `GET /v1/catalog/node/<node>` (services by ID; `null` for an unknown
/// node) and `/v1/catalog/node-services/<node>` (services as a list),
/// blocking.
async fn node_services(
    gateway: Gateway,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    name: String,
    as_list: bool,
) -> Response {
    read_endpoint(
        gateway,
        &method,
        &uri,
        &headers,
        move |gateway, _, query| async move {
            let reply = client(&gateway)
                .get_node(GetNodeRequest {
                    query_options: Some(query),
                    node: name,
                })
                .await?
                .into_inner();
            let meta = reply.query_meta.unwrap_or_default();
            let body = reply.node.map(|node| {
                let services = reply.services.into_iter();
                if as_list {
                    NodeServicesBody::List(NodeServicesJson {
                        node: node.into(),
                        services: services.map(Into::into).collect(),
                    })
                } else {
                    NodeServicesBody::Map(NodeServicesJson {
                        node: node.into(),
                        services: services.map(|s| (s.id.clone(), s.into())).collect(),
                    })
                }
            });
            Ok((body, meta))
        },
    )
    .await
}

/// `GET /v1/catalog/node/<node>`.
pub async fn node(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    node_services(gateway, method, uri, headers, name, false).await
}

/// `GET /v1/catalog/node-services/<node>`.
pub async fn node_services_list(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    node_services(gateway, method, uri, headers, name, true).await
}

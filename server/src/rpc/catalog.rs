//! `roster.catalog.v1.CatalogService`: Consul's `/v1/catalog/` over Raft
//! and the catalog table ([`crate::state::catalog`]).
//!
//! Writes are checked here (Consul's messages) and again, against the
//! state they apply to, when applied. Reads are blocking queries on the
//! narrowest target that covers them: one service's instances, one node,
//! or a table.

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::Arc,
};

use roster_proto::{
    catalog::v1::{
        self as pb, DeregisterRequest, DeregisterResponse, GetNodeRequest, GetNodeResponse,
        ListDatacentersRequest, ListDatacentersResponse, ListNodesRequest, ListNodesResponse,
        ListServiceInstancesRequest, ListServiceInstancesResponse, ListServicesRequest,
        ListServicesResponse, Node, RegisterRequest, RegisterResponse, ServiceInstance,
        ServiceTags, WatchNodesRequest, WatchNodesResponse, WatchServiceInstancesRequest,
        WatchServiceInstancesResponse, WatchServicesRequest, WatchServicesResponse,
        catalog_service_server::{CatalogService, CatalogServiceServer},
    },
    common::v1::QueryOptions,
    raft::v1::{CatalogDeregister, CatalogRegister, command::Command},
    status::{ErrorKind, HasErrorKind as _},
};
use tonic::{Request, Response, Status};

use super::{
    ServerContext,
    blocking::{blocking_query, confirm_watch, watch},
    caller, check_datacenter, forward, query_token, request_id, write_token,
};
use crate::{
    acl::{Need, Resource, resolver::Caller},
    filter::{Field, Filter, views},
    gossip::Gossip,
    state::{
        StateError, WatchTarget,
        catalog::{self, TABLE_NODES, TABLE_SERVICES},
        coordinate::sort_by_distance,
        encode_request,
    },
    storage::{CatalogTables as _, ReadView},
};

/// The catalog service.
pub struct CatalogApi {
    ctx: ServerContext,
    gossip: Arc<Gossip>,
}

/// The tonic service type.
pub type Service = CatalogServiceServer<CatalogApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext, gossip: Arc<Gossip>) -> CatalogServiceServer<CatalogApi> {
    CatalogServiceServer::new(CatalogApi { ctx, gossip })
}

/// Checks a read's datacenter and parses its filter expression against
/// the shape of what the endpoint returns (`schema`).
pub(super) fn check_read(
    local: &str,
    options: Option<&QueryOptions>,
    schema: fn() -> Field,
) -> Result<Option<Arc<Filter>>, Status> {
    let Some(o) = options else { return Ok(None) };
    check_datacenter(local, &o.datacenter)?;
    if o.filter.is_empty() {
        return Ok(None);
    }
    Filter::parse(&o.filter, &schema())
        .map(|f| Some(Arc::new(f)))
        .map_err(|e| ErrorKind::InvalidArgument.status(e))
}

/// The node `?near=` sorts by (empty: none).
pub(super) fn near(options: Option<&QueryOptions>) -> String {
    options.map(|o| o.near.clone()).unwrap_or_default()
}

/// The node name of an instance.
pub(super) fn instance_node(i: &ServiceInstance) -> &str {
    i.node.as_ref().map_or("", |n| n.node.as_str())
}

/// Keeps the items `filter` passes, seen through `view`.
pub(super) fn apply_filter<T>(
    filter: Option<&Filter>,
    items: &mut Vec<T>,
    view: impl Fn(&T) -> Field,
) {
    if let Some(f) = filter {
        items.retain(|item| f.matches(&view(item)));
    }
}

/// Whether `node` carries every pair of `wanted`.
pub(super) fn has_meta(node: &Node, wanted: &BTreeMap<String, String>) -> bool {
    wanted.iter().all(|(k, v)| node.meta.get(k) == Some(v))
}

/// Whether `service` carries every one of `tags` (case-insensitively).
fn has_tags(service: &pb::Service, tags: &[String]) -> bool {
    tags.iter()
        .all(|t| service.tags.iter().any(|have| have.eq_ignore_ascii_case(t)))
}

/// Every node, by name, with `node_meta`.
fn read_nodes(
    view: &ReadView<'_>,
    node_meta: &BTreeMap<String, String>,
) -> Result<(Vec<Node>, u64), StateError> {
    let index = catalog::tables_index(view, &[TABLE_NODES])?;
    let mut nodes = Vec::new();
    view.catalog_nodes(|n| {
        if has_meta(&n, node_meta) {
            nodes.push(n);
        }
        Ok(true)
    })?;
    Ok((nodes, index))
}

/// Every service name with the union of its tags, on nodes with
/// `node_meta`.
fn read_services(
    view: &ReadView<'_>,
    node_meta: &BTreeMap<String, String>,
    filter: Option<&Filter>,
) -> Result<(Vec<ServiceTags>, u64), StateError> {
    let tables: &[&str] = if node_meta.is_empty() && filter.is_none() {
        &[TABLE_SERVICES]
    } else {
        &[TABLE_SERVICES, TABLE_NODES]
    };
    let index = catalog::tables_index(view, tables)?;
    let mut by_name: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut node_ok: HashMap<String, bool> = HashMap::new();
    let mut nodes: HashMap<String, Option<Node>> = HashMap::new();
    view.catalog_services(None, |node, s| {
        if !node_meta.is_empty() {
            let ok = match node_ok.get(node) {
                Some(ok) => *ok,
                None => {
                    let ok = view
                        .catalog_node(node)?
                        .is_some_and(|n| has_meta(&n, node_meta));
                    node_ok.insert(node.to_string(), ok);
                    ok
                }
            };
            if !ok {
                return Ok(true);
            }
        }
        if let Some(f) = filter {
            if !nodes.contains_key(node) {
                nodes.insert(node.to_string(), view.catalog_node(node)?);
            }
            let instance = ServiceInstance {
                node: nodes.get(node).cloned().flatten(),
                service: Some(s.clone()),
            };
            if !f.matches(&views::service_node(&instance)) {
                return Ok(true);
            }
        }
        by_name.entry(s.service).or_default().extend(s.tags);
        Ok(true)
    })?;
    let services = by_name
        .into_iter()
        .map(|(service, tags)| ServiceTags {
            service,
            tags: tags.into_iter().collect(),
        })
        .collect();
    Ok((services, index))
}

/// The instances of service `name` with their nodes, by node name.
pub fn read_instances(
    view: &ReadView<'_>,
    name: &str,
    tags: &[String],
    node_meta: &BTreeMap<String, String>,
) -> Result<(Vec<ServiceInstance>, u64), StateError> {
    let index = catalog::service_index(view, name)?;
    let mut keys = Vec::new();
    view.catalog_instances_of(name, |node, id| {
        keys.push((node.to_string(), id.to_string()));
        Ok(true)
    })?;
    let mut instances = Vec::with_capacity(keys.len());
    let mut last_node: Option<Node> = None;
    for (node_key, id) in keys {
        let Some(service) = view.catalog_service(&node_key, &id)? else {
            continue;
        };
        if !has_tags(&service, tags) {
            continue;
        }
        // Instances come grouped by node: read each node once.
        let node = match last_node.take() {
            Some(n) if n.node.eq_ignore_ascii_case(&node_key) => n,
            _ => match view.catalog_node(&node_key)? {
                Some(n) => n,
                None => continue,
            },
        };
        if has_meta(&node, node_meta) {
            instances.push(ServiceInstance {
                node: Some(node.clone()),
                service: Some(service),
            });
        }
        last_node = Some(node);
    }
    Ok((instances, index))
}

/// A node (if it exists) and its services.
type NodeServices = (Option<Node>, Vec<pb::Service>);

/// One node and its services.
fn read_node(view: &ReadView<'_>, name: &str) -> Result<(NodeServices, u64), StateError> {
    let index = catalog::tables_index(view, &[TABLE_NODES, TABLE_SERVICES])?;
    let Some(node) = view.catalog_node(name)? else {
        return Ok(((None, Vec::new()), index));
    };
    let mut services = Vec::new();
    view.catalog_services(Some(name), |_, s| {
        services.push(s);
        Ok(true)
    })?;
    Ok(((Some(node), services), index))
}

/// What a registration needs (Consul's `vetRegisterWithACL`): node:write
/// when it creates or changes the node, service:write on the service (and
/// on the name an instance of the same ID had), and, for each check,
/// node:write (a node check) or service:write on its service.
fn vet_register(
    caller: &Caller,
    view: &impl crate::storage::Source,
    c: &CatalogRegister,
) -> Result<(), Status> {
    let node = c.node.as_ref().map_or("", |n| n.node.as_str());
    let stored = view
        .catalog_node(node)
        .map_err(|e| StateError::from(e).to_status())?;
    let changes_node = match (&stored, &c.node) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(old), Some(new)) => {
            !c.skip_node_update
                && (old.id != new.id && !new.id.is_empty()
                    || old.address != new.address
                    || old.tagged_addresses != new.tagged_addresses
                    || old.meta != new.meta)
        }
    };
    if changes_node {
        caller.require(Resource::Node, node, Need::Write)?;
    }
    let service_of = |id: &str| -> Result<Option<String>, Status> {
        if let Some(s) = &c.service
            && s.id == id
        {
            return Ok(Some(s.service.clone()));
        }
        Ok(view
            .catalog_service(node, id)
            .map_err(|e| StateError::from(e).to_status())?
            .map(|s| s.service))
    };
    if let Some(s) = &c.service {
        caller.require(Resource::Service, &s.service, Need::Write)?;
        if let Some(old) = view
            .catalog_service(node, &s.id)
            .map_err(|e| StateError::from(e).to_status())?
            && old.service != s.service
        {
            caller.require(Resource::Service, &old.service, Need::Write)?;
        }
    }
    for check in &c.checks {
        if check.service_id.is_empty() {
            caller.require(Resource::Node, node, Need::Write)?;
        } else if let Some(name) = service_of(&check.service_id)? {
            caller.require(Resource::Service, &name, Need::Write)?;
        } else {
            caller.require(Resource::Node, node, Need::Write)?;
        }
    }
    Ok(())
}

/// What a deregistration needs (Consul's `vetDeregisterWithACL`).
fn vet_deregister(
    caller: &Caller,
    view: &impl crate::storage::Source,
    c: &CatalogDeregister,
) -> Result<(), Status> {
    let storage = |e: crate::storage::StorageError| StateError::from(e).to_status();
    if !c.service_id.is_empty() {
        return match view
            .catalog_service(&c.node, &c.service_id)
            .map_err(storage)?
        {
            Some(s) => caller.require(Resource::Service, &s.service, Need::Write),
            None => caller.require(Resource::Node, &c.node, Need::Write),
        };
    }
    if !c.check_id.is_empty() {
        let service: Option<String> =
            match view.catalog_check(&c.node, &c.check_id).map_err(storage)? {
                Some(check) if !check.service_id.is_empty() => view
                    .catalog_service(&c.node, &check.service_id)
                    .map_err(storage)?
                    .map(|s| s.service),
                _ => None,
            };
        return match service {
            Some(name) => caller.require(Resource::Service, &name, Need::Write),
            None => caller.require(Resource::Node, &c.node, Need::Write),
        };
    }
    caller.require(Resource::Node, &c.node, Need::Write)
}

/// Leaves out the instances whose service or node `caller` may not read.
pub(super) fn readable_instances(caller: &Caller, instances: &mut Vec<ServiceInstance>) -> bool {
    caller.filter(instances, |i| {
        caller.may(Resource::Node, instance_node(i), Need::Read)
            && i.service
                .as_ref()
                .is_none_or(|s| caller.may(Resource::Service, &s.service, Need::Read))
    })
}

/// The secret of a request put into its query options, so that calls made
/// on its behalf (a watch's rounds) act as it.
pub(super) fn carry_token(
    metadata: &tonic::metadata::MetadataMap,
    options: &mut Option<QueryOptions>,
) {
    let body = query_token(options.as_ref()).to_string();
    let secret = crate::acl::resolver::request_secret(metadata, &body);
    options.get_or_insert_with(QueryOptions::default).token = secret;
}

/// 400 `Missing <what>` for an empty name.
pub(super) fn required(what: &str, value: &str) -> Result<(), Status> {
    if value.is_empty() {
        return Err(ErrorKind::InvalidArgument.status(format!("Missing {what}")));
    }
    Ok(())
}

#[tonic::async_trait]
impl CatalogService for CatalogApi {
    #[tracing::instrument(skip_all)]
    async fn register(
        &self,
        request: Request<RegisterRequest>,
    ) -> Result<Response<RegisterResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        if let Some(w) = &req.write_options {
            check_datacenter(self.gossip.datacenter(), &w.datacenter)?;
        }
        let request_id = request_id(req.write_options.as_ref())?;
        let mut node = req.node.unwrap_or_default();
        if node.datacenter.is_empty() {
            node.datacenter = self.gossip.datacenter().to_string();
        }
        check_datacenter(self.gossip.datacenter(), &node.datacenter)?;
        let command = CatalogRegister {
            node: Some(node),
            service: req.service,
            checks: req.checks,
            skip_node_update: req.skip_node_update,
        };
        if let Some(why) = catalog::invalid_register(&command) {
            return Err(ErrorKind::InvalidArgument.status(why));
        }
        vet_register(&caller, self.ctx.state.engine(), &command)?;
        let node_name = command.node.as_ref().map(|n| n.node.clone());
        let outcome = forward::apply(
            &self.ctx,
            encode_request(Command::CatalogRegister(Box::new(command)), request_id),
        )
        .await?;
        if !outcome.success {
            return Err(ErrorKind::InvalidArgument.status(format!(
                "registration of node {:?} conflicts with the catalog: its node ID belongs to another node, or a check names a service the node does not have",
                node_name.unwrap_or_default()
            )));
        }
        Ok(Response::new(RegisterResponse {
            index: outcome.index,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn deregister(
        &self,
        request: Request<DeregisterRequest>,
    ) -> Result<Response<DeregisterResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        if let Some(w) = &req.write_options {
            check_datacenter(self.gossip.datacenter(), &w.datacenter)?;
        }
        let request_id = request_id(req.write_options.as_ref())?;
        if req.node.is_empty() {
            return Err(ErrorKind::InvalidArgument.status("Must provide node"));
        }
        let command = CatalogDeregister {
            node: req.node,
            service_id: req.service_id,
            check_id: req.check_id,
        };
        vet_deregister(&caller, self.ctx.state.engine(), &command)?;
        let outcome = forward::apply(
            &self.ctx,
            encode_request(Command::CatalogDeregister(command), request_id),
        )
        .await?;
        Ok(Response::new(DeregisterResponse {
            index: outcome.index,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_datacenters(
        &self,
        _request: Request<ListDatacentersRequest>,
    ) -> Result<Response<ListDatacentersResponse>, Status> {
        let local = self.gossip.datacenter().to_string();
        let mut others = BTreeSet::new();
        if let Some(wan) = self.gossip.wan() {
            for member in wan.members().await {
                if let Some(dc) = member.tags().get("dc")
                    && dc.as_str() != local
                {
                    others.insert(dc.to_string());
                }
            }
        }
        // The local datacenter is the nearest; others follow by name until
        // WAN distances order them.
        let datacenters = std::iter::once(local).chain(others).collect();
        Ok(Response::new(ListDatacentersResponse { datacenters }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_nodes(
        &self,
        request: Request<ListNodesRequest>,
    ) -> Result<Response<ListNodesResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::node_schema,
        )?;
        let node_meta = req.node_meta;
        let near = near(req.query_options.as_ref());
        let (mut nodes, mut meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_NODES),
            move |view| {
                let (mut nodes, index) = read_nodes(view, &node_meta)?;
                sort_by_distance(view, &near, &mut nodes, |n| &n.node)?;
                Ok((nodes, index))
            },
        )
        .await?;
        meta.results_filtered_by_acls = caller.filter(&mut nodes, |n| {
            caller.may(Resource::Node, &n.node, Need::Read)
        });
        apply_filter(filter.as_deref(), &mut nodes, views::node);
        Ok(Response::new(ListNodesResponse {
            query_meta: Some(meta),
            nodes,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_services(
        &self,
        request: Request<ListServicesRequest>,
    ) -> Result<Response<ListServicesResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_node_schema,
        )?;
        let node_meta = req.node_meta;
        let (mut services, mut meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_SERVICES),
            move |view| read_services(view, &node_meta, filter.as_deref()),
        )
        .await?;
        meta.results_filtered_by_acls = caller.filter(&mut services, |s| {
            caller.may(Resource::Service, &s.service, Need::Read)
        });
        Ok(Response::new(ListServicesResponse {
            query_meta: Some(meta),
            services,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_service_instances(
        &self,
        request: Request<ListServiceInstancesRequest>,
    ) -> Result<Response<ListServiceInstancesResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_node_schema,
        )?;
        required("service name", &req.service)?;
        let (name, tags, node_meta) = (req.service, req.tags, req.node_meta);
        let near = near(req.query_options.as_ref());
        let target = WatchTarget::Service(name.to_lowercase());
        let (mut instances, mut meta) =
            blocking_query(&self.ctx, req.query_options.as_ref(), target, move |view| {
                let (mut instances, index) = read_instances(view, &name, &tags, &node_meta)?;
                sort_by_distance(view, &near, &mut instances, instance_node)?;
                Ok((instances, index))
            })
            .await?;
        meta.results_filtered_by_acls = readable_instances(&caller, &mut instances);
        apply_filter(filter.as_deref(), &mut instances, views::service_node);
        Ok(Response::new(ListServiceInstancesResponse {
            query_meta: Some(meta),
            instances,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn get_node(
        &self,
        request: Request<GetNodeRequest>,
    ) -> Result<Response<GetNodeResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_schema,
        )?;
        required("node name", &req.node)?;
        let name = req.node;
        let target = WatchTarget::Node(name.to_lowercase());
        let ((mut node, mut services), mut meta) =
            blocking_query(&self.ctx, req.query_options.as_ref(), target, move |view| {
                read_node(view, &name)
            })
            .await?;
        // A node the token may not read is not there (Consul answers null).
        if node
            .as_ref()
            .is_some_and(|n| !caller.may(Resource::Node, &n.node, Need::Read))
        {
            node = None;
            services.clear();
            meta.results_filtered_by_acls = caller.presented;
        }
        if caller.filter(&mut services, |s| {
            caller.may(Resource::Service, &s.service, Need::Read)
        }) {
            meta.results_filtered_by_acls = true;
        }
        apply_filter(filter.as_deref(), &mut services, views::service);
        Ok(Response::new(GetNodeResponse {
            query_meta: Some(meta),
            node,
            services,
        }))
    }

    type WatchNodesStream = WatchStream<WatchNodesResponse>;
    type WatchServicesStream = WatchStream<WatchServicesResponse>;
    type WatchServiceInstancesStream = WatchStream<WatchServiceInstancesResponse>;

    #[tracing::instrument(skip_all)]
    async fn watch_nodes(
        &self,
        request: Request<WatchNodesRequest>,
    ) -> Result<Response<Self::WatchNodesStream>, Status> {
        let metadata = request.metadata().clone();
        let mut req = request.into_inner().request.unwrap_or_default();
        carry_token(&metadata, &mut req.query_options);
        check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::node_schema,
        )?;
        confirm_watch(&self.ctx, req.query_options.as_ref()).await?;
        let api = self.clone_api();
        Ok(stream(req.query_options.clone(), move |options| {
            let (api, req) = (api.clone_api(), req.clone());
            async move {
                let r = api
                    .list_nodes(Request::new(ListNodesRequest {
                        query_options: Some(options),
                        ..req
                    }))
                    .await?
                    .into_inner();
                let index = r.query_meta.as_ref().map_or(0, |m| m.index);
                Ok((WatchNodesResponse { response: Some(r) }, index))
            }
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn watch_services(
        &self,
        request: Request<WatchServicesRequest>,
    ) -> Result<Response<Self::WatchServicesStream>, Status> {
        let metadata = request.metadata().clone();
        let mut req = request.into_inner().request.unwrap_or_default();
        carry_token(&metadata, &mut req.query_options);
        check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_node_schema,
        )?;
        confirm_watch(&self.ctx, req.query_options.as_ref()).await?;
        let api = self.clone_api();
        Ok(stream(req.query_options.clone(), move |options| {
            let (api, req) = (api.clone_api(), req.clone());
            async move {
                let r = api
                    .list_services(Request::new(ListServicesRequest {
                        query_options: Some(options),
                        ..req
                    }))
                    .await?
                    .into_inner();
                let index = r.query_meta.as_ref().map_or(0, |m| m.index);
                Ok((WatchServicesResponse { response: Some(r) }, index))
            }
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn watch_service_instances(
        &self,
        request: Request<WatchServiceInstancesRequest>,
    ) -> Result<Response<Self::WatchServiceInstancesStream>, Status> {
        let metadata = request.metadata().clone();
        let mut req = request.into_inner().request.unwrap_or_default();
        carry_token(&metadata, &mut req.query_options);
        check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_node_schema,
        )?;
        required("service name", &req.service)?;
        confirm_watch(&self.ctx, req.query_options.as_ref()).await?;
        let api = self.clone_api();
        Ok(stream(req.query_options.clone(), move |options| {
            let (api, req) = (api.clone_api(), req.clone());
            async move {
                let r = api
                    .list_service_instances(Request::new(ListServiceInstancesRequest {
                        query_options: Some(options),
                        ..req
                    }))
                    .await?
                    .into_inner();
                let index = r.query_meta.as_ref().map_or(0, |m| m.index);
                Ok((WatchServiceInstancesResponse { response: Some(r) }, index))
            }
        }))
    }
}

/// A watch stream's type.
type WatchStream<T> = std::pin::Pin<Box<dyn tokio_stream::Stream<Item = Result<T, Status>> + Send>>;

/// Runs `round` as a watch (see [`watch`]) and answers with the stream.
fn stream<T, F, Fut>(options: Option<QueryOptions>, round: F) -> Response<WatchStream<T>>
where
    T: Send + 'static,
    F: FnMut(QueryOptions) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(T, u64), Status>> + Send,
{
    Response::new(Box::pin(watch(options.unwrap_or_default(), round)))
}

impl CatalogApi {
    fn clone_api(&self) -> CatalogApi {
        CatalogApi {
            ctx: self.ctx.clone(),
            gossip: Arc::clone(&self.gossip),
        }
    }
}

//! `roster.health.v1.HealthService`: Consul's `/v1/health/` over the
//! catalog table, as blocking queries and as watch streams.
//!
//! A check's `ServiceName` and `ServiceTags` are its service's as of the
//! read (a re-registration with new tags shows at once in the checks).

use std::{collections::BTreeMap, pin::Pin, sync::Arc};

use roster_proto::{
    catalog::v1::{HealthCheck, HealthStatus},
    common::v1::{QueryMeta, QueryOptions},
    health::v1::{
        ListChecksInStateRequest, ListChecksInStateResponse, ListNodeChecksRequest,
        ListNodeChecksResponse, ListServiceChecksRequest, ListServiceChecksResponse,
        ListServiceHealthRequest, ListServiceHealthResponse, ServiceHealth, ServiceHealthQuery,
        WatchServiceHealthRequest, WatchServiceHealthResponse,
        health_service_server::{HealthService, HealthServiceServer},
    },
    status::ErrorKind,
};
use tokio_stream::Stream;
use tonic::{Request, Response, Status};

use super::{
    ServerContext,
    blocking::{blocking_query, blocking_query_shared, watch},
    catalog::{apply_filter, check_read, has_meta, near, read_instances, required},
};
use crate::{
    filter::{Filter, views},
    gossip::Gossip,
    state::{
        StateError, WatchTarget,
        catalog::{self, TABLE_CHECKS},
        coordinate::sort_by_distance,
    },
    storage::{CatalogTables as _, ReadView, StorageError},
};

/// The health service.
pub struct HealthApi {
    ctx: ServerContext,
    gossip: Arc<Gossip>,
}

/// The tonic service type.
pub type Service = HealthServiceServer<HealthApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext, gossip: Arc<Gossip>) -> HealthServiceServer<HealthApi> {
    HealthServiceServer::new(HealthApi { ctx, gossip })
}

/// Whether every check is passing (none counts as passing).
fn all_passing(checks: &[HealthCheck]) -> bool {
    checks
        .iter()
        .all(|c| c.status == HealthStatus::Passing as i32)
}

/// The instances of a service, each with its node's checks and its own.
pub fn read_service_health(
    view: &ReadView<'_>,
    query: &ServiceHealthQuery,
) -> Result<(Vec<ServiceHealth>, u64), StateError> {
    let (instances, index) = read_instances(view, &query.service, &query.tags, &query.node_meta)?;
    let mut out = Vec::with_capacity(instances.len());
    // Instances come grouped by node: read each node's checks once.
    let mut node_checks: Option<(String, Vec<HealthCheck>)> = None;
    for instance in instances {
        let (Some(node), Some(service)) = (instance.node, instance.service) else {
            continue;
        };
        if node_checks
            .as_ref()
            .is_none_or(|(name, _)| *name != node.node)
        {
            let mut checks = Vec::new();
            view.catalog_checks(Some(&node.node), |c| {
                checks.push(c);
                Ok(true)
            })?;
            node_checks = Some((node.node.clone(), checks));
        }
        let all = &node_checks.as_ref().expect("set above").1;
        let mut checks: Vec<HealthCheck> = all
            .iter()
            .filter(|c| c.service_id.is_empty())
            .cloned()
            .collect();
        checks.extend(
            all.iter()
                .filter(|c| c.service_id.eq_ignore_ascii_case(&service.id))
                .map(|c| HealthCheck {
                    service_name: service.service.clone(),
                    service_tags: service.tags.clone(),
                    ..c.clone()
                }),
        );
        if query.passing_only && !all_passing(&checks) {
            continue;
        }
        out.push(ServiceHealth {
            node: Some(node),
            service: Some(service),
            checks,
        });
    }
    Ok((out, index))
}

/// Whether the node named `name` carries every pair of `wanted`, reading
/// each node once.
fn node_matches(
    view: &ReadView<'_>,
    cache: &mut BTreeMap<String, bool>,
    name: &str,
    wanted: &BTreeMap<String, String>,
) -> Result<bool, StorageError> {
    if wanted.is_empty() {
        return Ok(true);
    }
    if let Some(ok) = cache.get(name) {
        return Ok(*ok);
    }
    let ok = view
        .catalog_node(name)?
        .is_some_and(|n| has_meta(&n, wanted));
    cache.insert(name.to_string(), ok);
    Ok(ok)
}

fn read_service_checks(
    view: &ReadView<'_>,
    name: &str,
    node_meta: &BTreeMap<String, String>,
) -> Result<(Vec<HealthCheck>, u64), StateError> {
    let (instances, index) = read_instances(view, name, &[], node_meta)?;
    let mut checks = Vec::new();
    for instance in instances {
        let (Some(node), Some(service)) = (instance.node, instance.service) else {
            continue;
        };
        view.catalog_checks(Some(&node.node), |c| {
            if c.service_id.eq_ignore_ascii_case(&service.id) {
                checks.push(HealthCheck {
                    service_name: service.service.clone(),
                    service_tags: service.tags.clone(),
                    ..c
                });
            }
            Ok(true)
        })?;
    }
    Ok((checks, index))
}

fn read_checks_in_state(
    view: &ReadView<'_>,
    state: HealthStatus,
    node_meta: &BTreeMap<String, String>,
) -> Result<(Vec<HealthCheck>, u64), StateError> {
    let index = catalog::tables_index(view, &[TABLE_CHECKS])?;
    let mut checks = Vec::new();
    let mut nodes = BTreeMap::new();
    view.catalog_checks(None, |c| {
        if (state == HealthStatus::Unspecified || c.status == state as i32)
            && node_matches(view, &mut nodes, &c.node, node_meta)?
        {
            checks.push(c);
        }
        Ok(true)
    })?;
    Ok((checks, index))
}

fn read_node_checks(
    view: &ReadView<'_>,
    node: &str,
) -> Result<(Vec<HealthCheck>, u64), StateError> {
    let index = catalog::tables_index(view, &[TABLE_CHECKS])?;
    let mut checks = Vec::new();
    view.catalog_checks(Some(node), |c| {
        checks.push(c);
        Ok(true)
    })?;
    Ok((checks, index))
}

/// One blocking read of a service's health.
async fn service_health(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    query: ServiceHealthQuery,
    filter: Option<Arc<Filter>>,
) -> Result<(Vec<ServiceHealth>, QueryMeta), Status> {
    let target = WatchTarget::Service(query.service.to_lowercase());
    let near = near(options);
    // Every reader of the same question shares one evaluation.
    let key = format!(
        "health/{}/{:?}/{:?}/{}/{near}",
        query.service.to_lowercase(),
        query.tags,
        query.node_meta,
        query.passing_only
    );
    let (mut instances, meta) = blocking_query_shared(ctx, options, target, key, move |view| {
        let (mut instances, index) = read_service_health(view, &query)?;
        sort_by_distance(view, &near, &mut instances, |h| {
            h.node.as_ref().map_or("", |n| n.node.as_str())
        })?;
        Ok((instances, index))
    })
    .await?;
    apply_filter(filter.as_deref(), &mut instances, views::service_health);
    Ok((instances, meta))
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<WatchServiceHealthResponse, Status>> + Send>>;

#[tonic::async_trait]
impl HealthService for HealthApi {
    #[tracing::instrument(skip_all)]
    async fn list_node_checks(
        &self,
        request: Request<ListNodeChecksRequest>,
    ) -> Result<Response<ListNodeChecksResponse>, Status> {
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::check_schema,
        )?;
        required("node name", &req.node)?;
        let node = req.node;
        let target = WatchTarget::Node(node.to_lowercase());
        let (mut checks, meta) =
            blocking_query(&self.ctx, req.query_options.as_ref(), target, move |view| {
                read_node_checks(view, &node)
            })
            .await?;
        apply_filter(filter.as_deref(), &mut checks, views::check);
        Ok(Response::new(ListNodeChecksResponse {
            query_meta: Some(meta),
            checks,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_service_checks(
        &self,
        request: Request<ListServiceChecksRequest>,
    ) -> Result<Response<ListServiceChecksResponse>, Status> {
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::check_schema,
        )?;
        required("service name", &req.service)?;
        let (name, node_meta) = (req.service, req.node_meta);
        let near = near(req.query_options.as_ref());
        let target = WatchTarget::Service(name.to_lowercase());
        let (mut checks, meta) =
            blocking_query(&self.ctx, req.query_options.as_ref(), target, move |view| {
                let (mut checks, index) = read_service_checks(view, &name, &node_meta)?;
                sort_by_distance(view, &near, &mut checks, |c| &c.node)?;
                Ok((checks, index))
            })
            .await?;
        apply_filter(filter.as_deref(), &mut checks, views::check);
        Ok(Response::new(ListServiceChecksResponse {
            query_meta: Some(meta),
            checks,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_service_health(
        &self,
        request: Request<ListServiceHealthRequest>,
    ) -> Result<Response<ListServiceHealthResponse>, Status> {
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_health_schema,
        )?;
        let query = req.query.unwrap_or_default();
        required("service name", &query.service)?;
        let (instances, meta) =
            service_health(&self.ctx, req.query_options.as_ref(), query, filter).await?;
        Ok(Response::new(ListServiceHealthResponse {
            query_meta: Some(meta),
            instances,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_checks_in_state(
        &self,
        request: Request<ListChecksInStateRequest>,
    ) -> Result<Response<ListChecksInStateResponse>, Status> {
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::check_schema,
        )?;
        let state = HealthStatus::try_from(req.state)
            .map_err(|_| ErrorKind::InvalidArgument.status("Invalid check state"))?;
        let node_meta = req.node_meta;
        let near = near(req.query_options.as_ref());
        let (mut checks, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_CHECKS),
            move |view| {
                let (mut checks, index) = read_checks_in_state(view, state, &node_meta)?;
                sort_by_distance(view, &near, &mut checks, |c| &c.node)?;
                Ok((checks, index))
            },
        )
        .await?;
        apply_filter(filter.as_deref(), &mut checks, views::check);
        Ok(Response::new(ListChecksInStateResponse {
            query_meta: Some(meta),
            checks,
        }))
    }

    type WatchServiceHealthStream = WatchStream;

    #[tracing::instrument(skip_all)]
    async fn watch_service_health(
        &self,
        request: Request<WatchServiceHealthRequest>,
    ) -> Result<Response<WatchStream>, Status> {
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_health_schema,
        )?;
        let query = req.query.unwrap_or_default();
        required("service name", &query.service)?;
        let ctx = self.ctx.clone();
        let rx = watch(req.query_options.unwrap_or_default(), move |options| {
            let (ctx, query, filter) = (ctx.clone(), query.clone(), filter.clone());
            async move {
                let (instances, meta) = service_health(&ctx, Some(&options), query, filter).await?;
                let index = meta.index;
                let response = WatchServiceHealthResponse {
                    query_meta: Some(meta),
                    instances,
                };
                Ok((response, index))
            }
        });
        Ok(Response::new(Box::pin(rx)))
    }
}

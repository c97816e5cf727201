//! `roster.health.v1.HealthService`: Consul's `/v1/health/` over the
//! catalog table, as blocking queries and as watch streams.
//!
//! A check's `ServiceName` and `ServiceTags` are its service's as of the
//! read (a re-registration with new tags shows at once in the checks).
//!
//! `WatchServiceHealth` streams are served from shared feeds
//! ([`super::feed`]): identical streams share one blocking read and one
//! encoded message per change. [`HealthRoutes`] serves that method with a
//! codec that sends the encoded bytes as they are, and every other method
//! through the generated service.

use std::{
    collections::BTreeMap,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use bytes::Bytes;
use prost::Message as _;

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
use tokio_stream::{Stream, StreamExt as _};
use tonic::{
    Request, Response, Status,
    codec::{BufferSettings, Codec, EncodeBuf, Encoder},
};

use super::{
    ServerContext,
    blocking::{blocking_query, blocking_query_shared, confirm_watch},
    caller,
    catalog::{apply_filter, carry_token, check_read, has_meta, near, read_instances, required},
    feed::{FeedStream, Feeds, Round},
    query_token,
};
use crate::{
    acl::{Need, Resource, resolver::Caller},
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
    feeds: Arc<Feeds>,
}

/// The tonic service type.
pub type Service = HealthRoutes;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext, gossip: Arc<Gossip>) -> HealthRoutes {
    let api = Arc::new(HealthApi {
        ctx,
        gossip,
        feeds: Arc::default(),
    });
    HealthRoutes {
        generated: HealthServiceServer::from_arc(Arc::clone(&api)),
        api,
    }
}

/// The health service's routes: `WatchServiceHealth` from the shared feeds
/// with encoded messages sent as they are, the rest through the generated
/// service.
#[derive(Clone)]
pub struct HealthRoutes {
    generated: HealthServiceServer<HealthApi>,
    api: Arc<HealthApi>,
}

impl tonic::server::NamedService for HealthRoutes {
    const NAME: &'static str =
        <HealthServiceServer<HealthApi> as tonic::server::NamedService>::NAME;
}

const WATCH_SERVICE_HEALTH: &str = "/roster.health.v1.HealthService/WatchServiceHealth";

impl<B> tower::Service<http::Request<B>> for HealthRoutes
where
    B: tonic::codegen::Body + Send + 'static,
    B::Error: Into<tonic::codegen::StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = std::convert::Infallible;
    type Future = tonic::codegen::BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if request.uri().path() != WATCH_SERVICE_HEALTH {
            return self.generated.call(request);
        }
        let api = Arc::clone(&self.api);
        Box::pin(async move {
            let mut grpc = tonic::server::Grpc::new(EncodedCodec);
            Ok(grpc.server_streaming(WatchFeed(api), request).await)
        })
    }
}

/// `WatchServiceHealth` as a stream of encoded messages.
struct WatchFeed(Arc<HealthApi>);

impl tonic::server::ServerStreamingService<WatchServiceHealthRequest> for WatchFeed {
    type Response = Bytes;
    type ResponseStream = FeedStream;
    type Future = tonic::codegen::BoxFuture<Response<FeedStream>, Status>;

    fn call(&mut self, request: Request<WatchServiceHealthRequest>) -> Self::Future {
        let metadata = request.metadata().clone();
        let mut req = request.into_inner();
        carry_token(&metadata, &mut req.query_options);
        let api = Arc::clone(&self.0);
        Box::pin(async move {
            confirm_watch(&api.ctx, req.query_options.as_ref()).await?;
            api.watch_feed(req).map(Response::new)
        })
    }
}

/// Decodes the request; sends a message already encoded as it is. An idle
/// stream holds no send buffer (tonic's default is 8 KiB per stream).
struct EncodedCodec;

struct EncodedEncoder;

impl Encoder for EncodedEncoder {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        use bytes::BufMut as _;
        dst.put_slice(&item);
        Ok(())
    }

    fn buffer_settings(&self) -> BufferSettings {
        BufferSettings::new(0, 32 * 1024)
    }
}

impl Codec for EncodedCodec {
    type Encode = Bytes;
    type Decode = WatchServiceHealthRequest;
    type Encoder = EncodedEncoder;
    type Decoder = tonic_prost::ProstDecoder<WatchServiceHealthRequest>;

    fn encoder(&mut self) -> EncodedEncoder {
        EncodedEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        tonic_prost::ProstDecoder::new(BufferSettings::default())
    }
}

impl HealthApi {
    /// A `WatchServiceHealth` stream of encoded messages, from the feed of
    /// its request (everything but the index it starts from).
    fn watch_feed(&self, req: WatchServiceHealthRequest) -> Result<FeedStream, Status> {
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_health_schema,
        )?;
        let query = req.query.unwrap_or_default();
        required("service name", &query.service)?;
        let options = req.query_options.unwrap_or_default();
        let key = WatchServiceHealthRequest {
            query_options: Some(QueryOptions {
                min_index: 0,
                wait: None,
                ..options.clone()
            }),
            query: Some(query.clone()),
        }
        .encode_to_vec();
        let ctx = self.ctx.clone();
        let round: Round = Arc::new(move |options: QueryOptions| {
            let (ctx, query, filter) = (ctx.clone(), query.clone(), filter.clone());
            Box::pin(async move {
                // The token travels in the options (part of the feed's key,
                // so each token has its own feed); asked again each round.
                let caller = ctx
                    .acl
                    .caller(&tonic::metadata::MetadataMap::new(), &options.token)
                    .await?;
                let (instances, meta) =
                    service_health(&ctx, Some(&options), query, filter, &caller).await?;
                let index = meta.index;
                let message = WatchServiceHealthResponse {
                    query_meta: Some(meta),
                    instances,
                };
                Ok((Bytes::from(message.encode_to_vec()), index))
            })
        });
        Ok(self.feeds.subscribe(key, options, round))
    }
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
    caller: &Caller,
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
    let (mut instances, mut meta) = blocking_query_shared(ctx, options, target, key, move |view| {
        let (mut instances, index) = read_service_health(view, &query)?;
        sort_by_distance(view, &near, &mut instances, |h| {
            h.node.as_ref().map_or("", |n| n.node.as_str())
        })?;
        Ok((instances, index))
    })
    .await?;
    meta.results_filtered_by_acls = caller.filter(&mut instances, |h| {
        h.node
            .as_ref()
            .is_none_or(|n| caller.may(Resource::Node, &n.node, Need::Read))
            && h.service
                .as_ref()
                .is_none_or(|s| caller.may(Resource::Service, &s.service, Need::Read))
    });
    apply_filter(filter.as_deref(), &mut instances, views::service_health);
    Ok((instances, meta))
}

/// Leaves out the checks `caller` may not read: node:read on the check's
/// node, and service:read on its service for a service check.
fn readable_checks(caller: &Caller, checks: &mut Vec<HealthCheck>) -> bool {
    caller.filter(checks, |c| {
        caller.may(Resource::Node, &c.node, Need::Read)
            && (c.service_id.is_empty()
                || caller.may(Resource::Service, &c.service_name, Need::Read))
    })
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<WatchServiceHealthResponse, Status>> + Send>>;

#[tonic::async_trait]
impl HealthService for HealthApi {
    #[tracing::instrument(skip_all)]
    async fn list_node_checks(
        &self,
        request: Request<ListNodeChecksRequest>,
    ) -> Result<Response<ListNodeChecksResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::check_schema,
        )?;
        required("node name", &req.node)?;
        let node = req.node;
        let target = WatchTarget::Node(node.to_lowercase());
        let (mut checks, mut meta) =
            blocking_query(&self.ctx, req.query_options.as_ref(), target, move |view| {
                read_node_checks(view, &node)
            })
            .await?;
        meta.results_filtered_by_acls = readable_checks(&caller, &mut checks);
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
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
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
        let (mut checks, mut meta) =
            blocking_query(&self.ctx, req.query_options.as_ref(), target, move |view| {
                let (mut checks, index) = read_service_checks(view, &name, &node_meta)?;
                sort_by_distance(view, &near, &mut checks, |c| &c.node)?;
                Ok((checks, index))
            })
            .await?;
        meta.results_filtered_by_acls = readable_checks(&caller, &mut checks);
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
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let filter = check_read(
            self.gossip.datacenter(),
            req.query_options.as_ref(),
            views::service_health_schema,
        )?;
        let query = req.query.unwrap_or_default();
        required("service name", &query.service)?;
        let (instances, meta) = service_health(
            &self.ctx,
            req.query_options.as_ref(),
            query,
            filter,
            &caller,
        )
        .await?;
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
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
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
        let (mut checks, mut meta) = blocking_query(
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
        meta.results_filtered_by_acls = readable_checks(&caller, &mut checks);
        apply_filter(filter.as_deref(), &mut checks, views::check);
        Ok(Response::new(ListChecksInStateResponse {
            query_meta: Some(meta),
            checks,
        }))
    }

    type WatchServiceHealthStream = WatchStream;

    /// Served by [`HealthRoutes`] from the shared feeds; this (for callers
    /// of the trait in process) decodes the same messages.
    async fn watch_service_health(
        &self,
        request: Request<WatchServiceHealthRequest>,
    ) -> Result<Response<WatchStream>, Status> {
        let metadata = request.metadata().clone();
        let mut req = request.into_inner();
        carry_token(&metadata, &mut req.query_options);
        confirm_watch(&self.ctx, req.query_options.as_ref()).await?;
        let stream = self.watch_feed(req)?.map(|item| {
            item.and_then(|bytes| {
                WatchServiceHealthResponse::decode(bytes).map_err(|e| {
                    ErrorKind::Internal.status(format!("decoding a feed message: {e}"))
                })
            })
        });
        Ok(Response::new(Box::pin(stream)))
    }
}

//! `roster.coordinate.v1.CoordinateService`: network coordinates.
//! Consul: `/v1/coordinate/`.
//!
//! Agents report their LAN coordinate every [`SYNC_INTERVAL`] or so
//! ([`report_coordinates`]); the server queues updates and the leader writes
//! them through Raft (`leader/coordinates.rs`) in batches every [`UPDATE_PERIOD`] (Consul's
//! `coordinate_update_period`, at most [`MAX_BATCHES`] batches of
//! [`BATCH_SIZE`]; beyond that updates are dropped with a warning, as in
//! Consul). Reads come from the replicated `coordinates` table, except the
//! WAN view, which is this server's own gossip cache.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use roster_proto::{
    coordinate::v1::{
        DatacenterCoordinates, GetNodeRequest, GetNodeResponse, ListDatacentersRequest,
        ListDatacentersResponse, ListNodesRequest, ListNodesResponse, NodeCoordinate,
        UpdateRequest, UpdateResponse,
        coordinate_service_client::CoordinateServiceClient,
        coordinate_service_server::{CoordinateService, CoordinateServiceServer},
    },
    status::ErrorKind,
};
use serf::types::MemberStatus;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use super::{
    ServerContext, blocking::blocking_query, caller, check_datacenter, forward, query_token,
    write_token,
};
use crate::{
    acl::{Need, Resource},
    gossip::{Gossip, coordinate_to_proto},
    state::{
        WatchTarget,
        coordinate::{TABLE_COORDINATES, invalid_reason},
    },
    storage::Tables,
};

/// How often the leader writes queued coordinate updates.
pub const UPDATE_PERIOD: Duration = Duration::from_secs(5);
/// Updates per Raft entry.
pub const BATCH_SIZE: usize = 128;
/// Entries per period; further updates are dropped.
pub const MAX_BATCHES: usize = 5;
/// Base interval between an agent's coordinate reports (Consul's
/// `sync_coordinate_interval_min`); it grows with the pool at
/// [`SYNC_RATE_TARGET`] reports per second across the datacenter.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(15);
/// Coordinate reports per second the whole datacenter aims at.
pub const SYNC_RATE_TARGET: f64 = 64.0;

/// Updates waiting for the next batch, latest per node and segment.
#[derive(Default)]
pub struct CoordinateQueue {
    pending: Mutex<BTreeMap<(String, String), NodeCoordinate>>,
}

impl CoordinateQueue {
    fn push(&self, update: NodeCoordinate) {
        let key = (update.node.clone(), update.segment.clone());
        self.pending
            .lock()
            .expect("coordinate queue poisoned")
            .insert(key, update);
    }

    /// Takes every queued update (the leader's batch).
    pub fn take(&self) -> Vec<NodeCoordinate> {
        std::mem::take(&mut *self.pending.lock().expect("coordinate queue poisoned"))
            .into_values()
            .collect()
    }
}

/// The coordinate service.
pub struct CoordinateApi {
    ctx: ServerContext,
    queue: Arc<CoordinateQueue>,
    gossip: Arc<Gossip>,
}

/// The tonic service for the routes.
/// The tonic service type.
pub type Service = CoordinateServiceServer<CoordinateApi>;

/// The tonic service for the routes.
pub fn service(
    ctx: ServerContext,
    queue: Arc<CoordinateQueue>,
    gossip: Arc<Gossip>,
) -> CoordinateServiceServer<CoordinateApi> {
    CoordinateServiceServer::new(CoordinateApi { ctx, queue, gossip })
}

fn read_coordinates(
    view: &impl Tables,
    node: Option<&str>,
    segment: Option<&str>,
) -> Result<(Vec<NodeCoordinate>, u64), crate::state::StateError> {
    let index = view.table_index(TABLE_COORDINATES)?;
    let mut out = Vec::new();
    view.coordinates(node, |c| {
        if segment.is_none_or(|s| s == c.segment) {
            out.push(c);
        }
        Ok(true)
    })?;
    Ok((out, index))
}

#[tonic::async_trait]
impl CoordinateService for CoordinateApi {
    async fn list_datacenters(
        &self,
        _request: Request<ListDatacentersRequest>,
    ) -> Result<Response<ListDatacentersResponse>, Status> {
        let mut by_dc: BTreeMap<String, Vec<NodeCoordinate>> = BTreeMap::new();
        if let Some(wan) = self.gossip.wan() {
            let own = wan.serf().local_id().to_string();
            for member in wan.members().await {
                if *member.status() != MemberStatus::Alive {
                    continue;
                }
                let name = member.node().id().to_string();
                let coord = if name == own {
                    wan.coordinate()
                } else {
                    wan.cached_coordinate(&name)
                };
                let Some(coord) = coord else { continue };
                let dc = member
                    .tags()
                    .get("dc")
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                by_dc.entry(dc).or_default().push(NodeCoordinate {
                    node: name,
                    segment: String::new(),
                    coord: Some(coordinate_to_proto(&coord)),
                });
            }
        }
        let local = self.gossip.datacenter().to_string();
        let mut datacenters: Vec<DatacenterCoordinates> = Vec::new();
        if let Some(coordinates) = by_dc.remove(&local) {
            datacenters.push(DatacenterCoordinates {
                datacenter: local,
                area_id: "WAN".into(),
                coordinates,
            });
        }
        datacenters.extend(by_dc.into_iter().map(|(datacenter, coordinates)| {
            DatacenterCoordinates {
                datacenter,
                area_id: "WAN".into(),
                coordinates,
            }
        }));
        Ok(Response::new(ListDatacentersResponse { datacenters }))
    }

    async fn list_nodes(
        &self,
        request: Request<ListNodesRequest>,
    ) -> Result<Response<ListNodesResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        if let Some(o) = &req.query_options {
            check_datacenter(self.gossip.datacenter(), &o.datacenter)?;
        }
        let segment = (!req.segment.is_empty()).then_some(req.segment);
        let (mut coordinates, mut meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_COORDINATES),
            move |engine| read_coordinates(engine, None, segment.as_deref()),
        )
        .await?;
        meta.results_filtered_by_acls = caller.filter(&mut coordinates, |c| {
            caller.may(Resource::Node, &c.node, Need::Read)
        });
        Ok(Response::new(ListNodesResponse {
            query_meta: Some(meta),
            coordinates,
        }))
    }

    async fn get_node(
        &self,
        request: Request<GetNodeRequest>,
    ) -> Result<Response<GetNodeResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        if let Some(o) = &req.query_options {
            check_datacenter(self.gossip.datacenter(), &o.datacenter)?;
        }
        if req.node.is_empty() {
            return Err(ErrorKind::InvalidArgument.status("Missing node name"));
        }
        caller.require(Resource::Node, &req.node, Need::Read)?;
        let node = req.node;
        let (coordinates, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_COORDINATES),
            move |engine| read_coordinates(engine, Some(&node), None),
        )
        .await?;
        Ok(Response::new(GetNodeResponse {
            query_meta: Some(meta),
            coordinates,
        }))
    }

    async fn update(
        &self,
        request: Request<UpdateRequest>,
    ) -> Result<Response<UpdateResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        if let Some(w) = &req.write_options {
            check_datacenter(self.gossip.datacenter(), &w.datacenter)?;
        }
        let update = req
            .coordinate
            .ok_or_else(|| ErrorKind::InvalidArgument.status("missing coordinate"))?;
        if update.node.is_empty() {
            return Err(ErrorKind::InvalidArgument.status("Missing node name"));
        }
        caller.require(Resource::Node, &update.node, Need::Write)?;
        if !update.segment.is_empty() {
            return Err(ErrorKind::InvalidArgument.status(format!(
                "network segment {:?} does not exist",
                update.segment
            )));
        }
        let coord = update
            .coord
            .as_ref()
            .ok_or_else(|| ErrorKind::InvalidArgument.status("missing coordinate"))?;
        if let Some(reason) = invalid_reason(coord) {
            return Err(ErrorKind::InvalidArgument.status(reason));
        }
        // Only the leader batches (a follower redirects: the update goes to
        // the leader's queue, as Consul forwards Coordinate.Update).
        forward::ensure_leader(&self.ctx).await?;
        self.queue.push(update);
        Ok(Response::new(UpdateResponse {}))
    }
}

/// Sends this agent's LAN coordinate to the servers (through `channel`, the
/// agent's own routes: local on a server, forwarded on a client) every
/// [`SYNC_INTERVAL`], scaled up for large pools, with random stagger. The
/// first report goes out a few seconds after start so that `roster rtt`
/// works early.
pub async fn report_coordinates<C>(gossip: Arc<Gossip>, channel: C, stop: CancellationToken)
where
    C: tonic::client::GrpcService<tonic::body::Body> + Clone + Send + 'static,
    C::Error: Into<tonic::codegen::StdError>,
    C::ResponseBody: tonic::codegen::Body<Data = tonic::codegen::Bytes> + Send + 'static,
    <C::ResponseBody as tonic::codegen::Body>::Error: Into<tonic::codegen::StdError> + Send,
    C::Future: Send,
{
    use rand::Rng as _;
    let node = gossip.lan().serf().local_id().to_string();
    let mut wait = Duration::from_millis(rand::rng().random_range(2000..4000));
    // The last failure reported, so that a server that is still starting
    // is mentioned once, not every interval.
    let mut last_failure: Option<String> = None;
    loop {
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep(wait) => {}
        }
        let members = gossip.lan().serf().num_members().await;
        let scaled = SYNC_INTERVAL.max(Duration::from_secs_f64(members as f64 / SYNC_RATE_TARGET));
        let stagger = rand::rng().random_range(0..scaled.as_millis() as u64);
        wait = scaled + Duration::from_millis(stagger);
        let Some(coord) = gossip.lan().coordinate() else {
            continue;
        };
        let request = UpdateRequest {
            write_options: None,
            coordinate: Some(NodeCoordinate {
                node: node.clone(),
                segment: String::new(),
                coord: Some(coordinate_to_proto(&coord)),
            }),
        };
        let mut client = CoordinateServiceClient::new(channel.clone());
        match client.update(request).await {
            Ok(_) => last_failure = None,
            Err(status) => {
                if last_failure.as_deref() != Some(status.message()) {
                    tracing::warn!(error = %status.message(), "coordinate update failed");
                    last_failure = Some(status.message().to_string());
                }
            }
        }
    }
}

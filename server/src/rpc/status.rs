//! `roster.status.v1.StatusService`: the Raft leader and peers.
//! Consul: `/v1/status/leader`, `/v1/status/peers`.

use roster_proto::{
    common::v1::Consistency,
    status::v1::{
        LeaderRequest, LeaderResponse, PeersRequest, PeersResponse,
        status_service_server::{StatusService, StatusServiceServer},
    },
};
use tonic::{Request, Response, Status};

use super::{ServerContext, blocking::query_meta};

/// The status service.
pub struct StatusApi {
    ctx: ServerContext,
}

/// The tonic service type.
pub type Service = StatusServiceServer<StatusApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext) -> StatusServiceServer<StatusApi> {
    StatusServiceServer::new(StatusApi { ctx })
}

#[tonic::async_trait]
impl StatusService for StatusApi {
    async fn leader(
        &self,
        _request: Request<LeaderRequest>,
    ) -> Result<Response<LeaderResponse>, Status> {
        let status = self.ctx.raft.status();
        let address = if status.known_leader() {
            self.ctx
                .raft
                .addresses()
                .get(&status.leader_id)
                .cloned()
                .unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Response::new(LeaderResponse {
            query_meta: Some(query_meta(
                &self.ctx,
                Consistency::Stale,
                status.applied_index,
            )),
            address,
        }))
    }

    async fn peers(
        &self,
        _request: Request<PeersRequest>,
    ) -> Result<Response<PeersResponse>, Status> {
        let status = self.ctx.raft.status();
        let addresses = self.ctx.raft.addresses();
        let addresses = status
            .voters
            .iter()
            .chain(status.learners.iter())
            .filter_map(|id| addresses.get(id).cloned())
            .collect();
        Ok(Response::new(PeersResponse {
            query_meta: Some(query_meta(
                &self.ctx,
                Consistency::Stale,
                status.applied_index,
            )),
            addresses,
        }))
    }
}

//! gRPC services, one file per proto service, over the Raft node and the
//! state machine. Shared pieces: [`blocking`] (the one blocking-query
//! helper) and [`forward`] (getting a write or a leader read to the leader).

pub mod blocking;
pub mod forward;
pub mod kv;
pub mod status;

use std::time::Duration;

use crate::{raft::RaftHandle, state::StateMachine};

/// What every service needs.
#[derive(Clone)]
pub struct ServerContext {
    /// The Raft node.
    pub raft: RaftHandle,
    /// The state machine (reads).
    pub state: StateMachine,
    /// How long a request waits for a leader before failing with
    /// "No cluster leader" (Consul's `rpc_hold_timeout`).
    pub rpc_hold_timeout: Duration,
}

/// Builds the tonic routes of every public service (KV, status, health,
/// reflection). The same routes serve the gRPC port and, in process, the
/// HTTP gateway. The returned reporter sets the health status.
pub fn public_routes(
    ctx: ServerContext,
) -> Result<
    (tonic::service::Routes, tonic_health::server::HealthReporter),
    tonic_reflection::server::Error,
> {
    let (health, health_service) = tonic_health::server::health_reporter();
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(roster_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(roster_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()?;
    let routes = tonic::service::Routes::default()
        .add_service(kv::service(ctx.clone()))
        .add_service(status::service(ctx))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha);
    Ok((routes, health))
}

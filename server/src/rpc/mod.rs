//! gRPC services, one file per proto service, over the Raft node and the
//! state machine (servers) or the gossip pools (every agent). Shared pieces:
//! [`blocking`] (the one blocking-query helper), [`forward`] (getting a write
//! or a leader read to the leader), [`remote`] (a client agent passing
//! server calls to a server) and [`conn`] (accepted connections).

pub mod acl;
pub mod agent;
pub mod blocking;
pub mod catalog;
pub mod coalesce;
pub mod conn;
pub mod coordinate;
pub mod feed;
pub mod forward;
pub mod health;
pub mod kv;
pub mod local;
pub mod operator;
pub mod remote;
pub mod session;
pub mod snapshot;
pub mod status;
pub mod txn;

use std::time::Duration;

use crate::{raft::RaftHandle, state::StateMachine};

/// Refuses a request for another datacenter than `local` (federation does
/// not exist yet) with Consul's message; empty means the local one.
pub fn check_datacenter(local: &str, requested: &str) -> Result<(), tonic::Status> {
    if requested.is_empty() || requested == local {
        Ok(())
    } else {
        Err(roster_proto::status::ErrorKind::Unavailable.status("No path to datacenter"))
    }
}

/// The request id of a write (empty: none), refused when it cannot be one.
pub fn request_id(
    options: Option<&roster_proto::common::v1::WriteOptions>,
) -> Result<String, tonic::Status> {
    let id = options.map(|o| o.request_id.clone()).unwrap_or_default();
    match crate::state::invalid_request_id(&id) {
        Some(reason) => Err(roster_proto::status::ErrorKind::InvalidArgument.status(reason)),
        None => Ok(id),
    }
}

/// Who a request acts as: its token (`token`, from the body's options, or
/// the request's metadata) resolved by `acl`.
pub async fn caller<T>(
    acl: &crate::acl::resolver::AclResolver,
    request: &tonic::Request<T>,
    token: &str,
) -> Result<crate::acl::resolver::Caller, tonic::Status> {
    acl.caller(request.metadata(), token).await
}

/// The token field of a read's options (empty: none).
pub fn query_token(options: Option<&roster_proto::common::v1::QueryOptions>) -> &str {
    options.map_or("", |o| o.token.as_str())
}

/// The token field of a write's options (empty: none).
pub fn write_token(options: Option<&roster_proto::common::v1::WriteOptions>) -> &str {
    options.map_or("", |o| o.token.as_str())
}

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
    /// Shared evaluation of identical reads.
    pub queries: std::sync::Arc<coalesce::Coalescer>,
    /// Session TTL timers (armed while this server leads).
    pub sessions: std::sync::Arc<crate::leader::sessions::SessionTimers>,
    /// Shortest session TTL accepted (Consul's `session_ttl_min`).
    pub session_ttl_min: std::time::Duration,
    /// Who a request acts as (ACL tokens resolved from this server's state).
    pub acl: std::sync::Arc<crate::acl::resolver::AclResolver>,
}

/// What a server adds to the public routes.
pub struct ServerRoutes {
    /// The Raft node and state machine.
    pub ctx: ServerContext,
    /// Coordinate updates waiting for the leader's next batch.
    pub coordinates: std::sync::Arc<coordinate::CoordinateQueue>,
    /// Autopilot settings (the health view needs them).
    pub autopilot: crate::cluster::Autopilot,
    /// The data dir (the ACL bootstrap reset file).
    pub data_dir: std::path::PathBuf,
}

/// Builds the tonic routes of every public service: the agent-local ones
/// (agent, events, keyring), health and reflection, plus on a server the
/// replicated ones (KV, catalog, health, sessions, status, coordinates); on a client every other call is forwarded
/// to a server ([`remote`]). The same routes serve the gRPC port, a server's
/// server port and, in process, the HTTP gateway. The returned reporter sets
/// the health status.
pub fn public_routes(
    server: Option<ServerRoutes>,
    agent_ctx: agent::AgentContext,
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
    let gossip = std::sync::Arc::clone(&agent_ctx.gossip);
    let acl = std::sync::Arc::clone(&agent_ctx.acl);
    let forwarder = server
        .is_none()
        .then(|| remote::ServerForwarder::new(std::sync::Arc::clone(&gossip)));
    let routes = tonic::service::Routes::default()
        .add_service(agent::agent_service(agent_ctx.clone()))
        .add_service(local::service(
            std::sync::Arc::clone(&agent_ctx.local),
            std::sync::Arc::clone(&agent_ctx.acl),
        ))
        .add_service(agent::event_service(agent_ctx.clone()))
        .add_service(agent::keyring_service(agent_ctx, forwarder.clone()))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha);
    let routes = match server {
        // Requests to the replicated services follow the leader
        // (forward::follow_leader); the agent-local ones, health and the
        // (streaming) reflection service are not wrapped.
        Some(ServerRoutes {
            ctx,
            coordinates,
            autopilot,
            data_dir,
        }) => {
            use tonic::server::NamedService;
            let (raft_ops, autopilot_ops) =
                operator::services(ctx.clone(), std::sync::Arc::clone(&gossip), autopilot);
            // Requests to the replicated services follow the leader
            // (forward::follow_leader); the agent-local ones, health and the
            // (streaming) reflection service pass straight through.
            let follow = forward::FollowLeader::new(&[
                kv::Service::NAME,
                catalog::Service::NAME,
                health::Service::NAME,
                status::Service::NAME,
                operator::RaftOperatorService::NAME,
                operator::AutopilotOperatorService::NAME,
                coordinate::Service::NAME,
                session::Service::NAME,
                txn::Service::NAME,
                acl::Service::NAME,
                // Restore streams its request; it forwards by itself.
                &format!("{}/Save", snapshot::Service::NAME),
            ]);
            let router = routes
                .add_service(kv::service(ctx.clone()))
                .add_service(catalog::service(
                    ctx.clone(),
                    std::sync::Arc::clone(&gossip),
                ))
                .add_service(health::service(ctx.clone(), std::sync::Arc::clone(&gossip)))
                .add_service(status::service(ctx.clone()))
                .add_service(session::service(ctx.clone()))
                .add_service(txn::service(ctx.clone()))
                .add_service(acl::service(
                    ctx.clone(),
                    std::sync::Arc::clone(&ctx.acl),
                    data_dir,
                ))
                .add_service(raft_ops)
                .add_service(autopilot_ops)
                .add_service(snapshot::service(
                    ctx.clone(),
                    gossip.datacenter().to_string(),
                ))
                .add_service(coordinate::service(ctx, coordinates, gossip))
                .into_axum_router()
                .layer(axum::middleware::from_fn_with_state(
                    follow,
                    forward::follow_leader,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    acl,
                    crate::acl::guard::guard,
                ));
            tonic::service::Routes::from(router)
        }
        None => tonic::service::Routes::from(
            routes
                .into_axum_router()
                .fallback_service(forwarder.expect("set for clients"))
                .layer(axum::middleware::from_fn_with_state(
                    acl,
                    crate::acl::guard::guard,
                )),
        ),
    };
    Ok((routes, health))
}

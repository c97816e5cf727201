//! Consul's HTTP/JSON API as a thin adapter over Roster's gRPC API.
//!
//! The gateway holds no business logic: it parses an HTTP request the way
//! Consul does, calls one gRPC service through the generated tonic client over
//! a [`GrpcChannel`], and renders the answer byte for byte like Consul. Every
//! error status comes from the one table, [`roster_proto::status::ErrorKind`].
//!
//! The server mounts [`router`] over an in-process channel
//! (`grpc_channel(tonic::service::Routes)`: no HTTP/2 hop), but any channel
//! works, e.g. a `tonic::transport::Channel` to a remote server.

pub mod dns;
mod http;
pub mod linger;

/// A cloneable gRPC transport: anything that turns an HTTP/2-shaped gRPC
/// request into a response, boxed so the router does not depend on its type.
pub type GrpcChannel = tower::util::BoxCloneSyncService<
    ::http::Request<tonic::body::Body>,
    ::http::Response<tonic::body::Body>,
    tower::BoxError,
>;

/// Wraps any tower service (e.g. a `tonic::service::Routes` holding the
/// server's services, or a `tonic::transport::Channel`) as a [`GrpcChannel`].
pub fn grpc_channel<S>(svc: S) -> GrpcChannel
where
    S: tower::Service<
            ::http::Request<tonic::body::Body>,
            Response = ::http::Response<tonic::body::Body>,
        > + Clone
        + Send
        + Sync
        + 'static,
    S::Error: Into<tower::BoxError>,
    S::Future: Send + 'static,
{
    use tower::ServiceExt;
    tower::util::BoxCloneSyncService::new(svc.map_err(Into::into))
}

/// How the gateway renders its answers.
#[derive(Clone, Debug, Default)]
pub struct GatewayOptions {
    /// Pretty-print every JSON body, as Consul does in `-dev` mode (the same
    /// output as `?pretty`: 4-space indent and a trailing newline).
    pub pretty_json: bool,
    /// This agent's node name: what `?near=_agent` sorts by.
    pub node_name: String,
}

/// The Consul HTTP API (`/v1/...`) as an axum router whose handlers call the
/// gRPC services over `channel`.
pub fn router(channel: GrpcChannel, options: GatewayOptions) -> axum::Router {
    http::router(http::Gateway::new(channel, options))
}

#[cfg(test)]
mod tests;

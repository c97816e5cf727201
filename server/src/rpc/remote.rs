//! Forwarding from a client agent to a server: every gRPC call the client
//! does not answer itself (KV, status, coordinates, ...) is passed through,
//! unchanged, to the server port of a server found in the LAN pool. The
//! server port serves the same public services as the gRPC port.
//!
//! Servers are picked at random among the alive servers of this datacenter.
//! A call whose server cannot be connected to (it died, and gossip has not
//! noticed yet) is sent to another one, up to [`CONNECT_ATTEMPTS`] servers:
//! nothing reached the first, so nothing can apply twice (as Consul's client
//! moves on to the next server). Other failures are not retried: the server
//! may have acted on the call. Calls are held whole for that (they are
//! small; the one streaming upload, a snapshot restore, goes once).

use std::{
    collections::HashMap,
    convert::Infallible,
    net::SocketAddr,
    sync::{Arc, Mutex},
    task::{Context, Poll},
};

use rand::seq::IndexedRandom as _;
use roster_proto::status::ErrorKind;
use serf::types::MemberStatus;
use tonic::transport::{Channel, Endpoint};

use crate::gossip::{Gossip, tags};

/// Consul's message when a client knows no server.
pub const NO_SERVERS_MESSAGE: &str = "No known Consul servers";

/// Picks servers from gossip and keeps one channel per server address.
/// The server list is recomputed only when membership changed
/// ([`Gossip::members_changed`]), not on every forwarded call.
#[derive(Clone)]
pub struct ServerForwarder {
    gossip: Arc<Gossip>,
    changes: tokio::sync::watch::Receiver<u64>,
    known: Arc<Mutex<Known>>,
}

/// The servers as of one membership generation, with their channels.
#[derive(Default)]
struct Known {
    generation: Option<u64>,
    servers: Vec<SocketAddr>,
    channels: HashMap<SocketAddr, Channel>,
}

impl ServerForwarder {
    /// A forwarder over this agent's LAN pool.
    pub fn new(gossip: Arc<Gossip>) -> ServerForwarder {
        ServerForwarder {
            changes: gossip.members_changed(),
            gossip,
            known: Arc::default(),
        }
    }

    /// The RPC addresses of the alive servers of this datacenter.
    pub async fn servers(&self) -> Vec<SocketAddr> {
        let dc = self.gossip.datacenter();
        self.gossip
            .lan()
            .members()
            .await
            .iter()
            .filter(|m| *m.status() == MemberStatus::Alive)
            .filter_map(tags::server_info)
            .filter(|s| s.datacenter == dc)
            .map(|s| s.rpc_addr)
            .collect()
    }

    /// A channel to a random known server other than those in `skip`.
    async fn channel(&self, skip: &[SocketAddr]) -> Option<(SocketAddr, Channel)> {
        // Read the generation before the members: a change landing in
        // between bumps it again, so the list is never kept stale.
        let generation = *self.changes.borrow();
        let current =
            self.known.lock().expect("server cache poisoned").generation == Some(generation);
        if !current {
            let servers = self.servers().await;
            let mut known = self.known.lock().expect("server cache poisoned");
            known.channels.retain(|a, _| servers.contains(a));
            known.servers = servers;
            known.generation = Some(generation);
        }
        let mut known = self.known.lock().expect("server cache poisoned");
        let candidates: Vec<SocketAddr> = known
            .servers
            .iter()
            .filter(|a| !skip.contains(a))
            .copied()
            .collect();
        let addr = *candidates.choose(&mut rand::rng())?;
        let channel = known.channels.entry(addr).or_insert_with(|| {
            crate::tls::connect_lazy(
                Endpoint::from_shared(format!("http://{addr}"))
                    .expect("a socket address is a valid URI")
                    .tcp_nodelay(true)
                    .connect_timeout(std::time::Duration::from_secs(5)),
            )
        });
        Some((addr, channel.clone()))
    }
}

/// Servers a call is tried on when the first ones cannot be connected to.
pub const CONNECT_ATTEMPTS: usize = 3;

/// The one call whose request streams (an upload of any size): sent once,
/// not held.
const STREAMED_UPLOAD: &str = "/roster.snapshot.v1.SnapshotService/Restore";

/// Largest call held whole: more than any service accepts (a transaction
/// of 64 values of 512 KiB); a larger one is refused here.
const MAX_HELD: usize = 40 << 20;

/// Whether a transport error means the server was never reached (the
/// connection could not be made), so the call may go to another.
fn never_reached(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
                    | std::io::ErrorKind::TimedOut
            )
        {
            return true;
        }
        if e.to_string().starts_with("tcp connect error") {
            return true;
        }
        source = e.source();
    }
    false
}

impl ServerForwarder {
    /// Sends `request` to a server: to others when one cannot be connected
    /// to (see the module documentation).
    async fn forward(
        &self,
        parts: http::request::Parts,
        body: tonic::body::Body,
        held: Option<bytes::Bytes>,
    ) -> http::Response<tonic::body::Body> {
        let mut tried: Vec<SocketAddr> = Vec::new();
        let mut body = Some(body);
        loop {
            let Some((addr, mut channel)) = self.channel(&tried).await else {
                let message = if tried.is_empty() {
                    NO_SERVERS_MESSAGE.to_string()
                } else {
                    format!("rpc error: cannot reach a server (tried {tried:?})")
                };
                return ErrorKind::Unavailable
                    .status(message)
                    .into_http::<tonic::body::Body>();
            };
            tried.push(addr);
            let this_body = match (&held, body.take()) {
                (Some(bytes), _) => {
                    tonic::body::Body::new(http_body_util::Full::new(bytes.clone()))
                }
                (None, Some(b)) => b,
                (None, None) => unreachable!("a call that is not held goes once"),
            };
            let request = http::Request::from_parts(parts.clone(), this_body);
            let response = match tower::ServiceExt::ready(&mut channel).await {
                Ok(ready) => tower::Service::call(ready, request).await,
                Err(e) => Err(e),
            };
            match response {
                Ok(r) => return r,
                Err(e) => {
                    let again =
                        held.is_some() && tried.len() < CONNECT_ATTEMPTS && never_reached(&e);
                    if !again {
                        return ErrorKind::Unavailable
                            .status(format!(
                                "rpc error: cannot reach a server: {}",
                                crate::agent::checks::error_chain(&e)
                            ))
                            .into_http::<tonic::body::Body>();
                    }
                    tracing::debug!(server = %addr, error = crate::agent::checks::error_chain(&e), "server unreachable; trying another");
                }
            }
        }
    }
}

impl<B> tower::Service<http::Request<B>> for ServerForwarder
where
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<tower::BoxError>,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Self::Response, Infallible>> + Send>,
    >;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            if parts.uri.path() == STREAMED_UPLOAD {
                return Ok(this
                    .forward(parts, tonic::body::Body::new(body), None)
                    .await);
            }
            let limited = http_body_util::Limited::new(body, MAX_HELD);
            let held = match http_body_util::BodyExt::collect(limited).await {
                Ok(collected) => collected.to_bytes(),
                Err(e) => {
                    return Ok(ErrorKind::InvalidArgument
                        .status(format!("cannot read the call to forward: {e}"))
                        .into_http::<tonic::body::Body>());
                }
            };
            let empty = tonic::body::Body::empty();
            Ok(this.forward(parts, empty, Some(held)).await)
        })
    }
}

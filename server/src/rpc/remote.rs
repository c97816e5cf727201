//! Forwarding from a client agent to a server: every gRPC call the client
//! does not answer itself (KV, status, coordinates, ...) is passed through,
//! unchanged, to the server port of a server found in the LAN pool. The
//! server port serves the same public services as the gRPC port.
//!
//! Servers are picked at random among the alive servers of this datacenter;
//! a failed call is not retried (the body may already be gone).

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

    async fn channel(&self) -> Option<Channel> {
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
        let addr = *known.servers.choose(&mut rand::rng())?;
        let channel = known.channels.entry(addr).or_insert_with(|| {
            Endpoint::from_shared(format!("http://{addr}"))
                .expect("a socket address is a valid URI")
                .tcp_nodelay(true)
                .connect_timeout(std::time::Duration::from_secs(5))
                .connect_lazy()
        });
        Some(channel.clone())
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
            let Some(mut channel) = this.channel().await else {
                let status = ErrorKind::Unavailable.status(NO_SERVERS_MESSAGE);
                return Ok(status.into_http::<tonic::body::Body>());
            };
            let request = request.map(tonic::body::Body::new);
            let response = match tower::ServiceExt::ready(&mut channel).await {
                Ok(ready) => tower::Service::call(ready, request).await,
                Err(e) => Err(e),
            };
            Ok(match response {
                Ok(r) => r,
                Err(e) => ErrorKind::Unavailable
                    .status(format!("rpc error: cannot reach a server: {e}"))
                    .into_http::<tonic::body::Body>(),
            })
        })
    }
}

//! The agent's listeners: the gRPC and gRPC TLS ports, the HTTP gateway on
//! the HTTP and HTTPS ports, and DNS, on every client address; and on a
//! server the server port (Raft's transport plus the same public services,
//! in plaintext or TLS: see `crate::tls`). Everything is bound before
//! anything is served, so a busy port fails the start cleanly.
//!
//! This is the only place the HTTP gateway is mounted: it calls the same
//! tonic routes the gRPC port serves, in process, with no network hop.

use std::{net::SocketAddr, sync::Arc};

use tokio::net::TcpListener;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use super::{AgentError, server::ServerParts};
use crate::{
    config::Config,
    raft::{self, transport::RaftTransportServer},
    rpc,
};

/// The bound, not yet served, listeners.
pub struct Listeners {
    grpc: Vec<TcpListener>,
    grpc_tls: Vec<TcpListener>,
    http: Vec<TcpListener>,
    https: Vec<TcpListener>,
    dns: Option<roster_gateway::dns::DnsSockets>,
    server: Option<TcpListener>,
}

async fn bind_one(what: &'static str, addr: SocketAddr) -> Result<TcpListener, AgentError> {
    TcpListener::bind(addr)
        .await
        .map_err(|e| AgentError::Listen {
            what,
            addr,
            detail: e.to_string(),
        })
}

/// Binds every listener `config` asks for; `server_port` on a server.
pub async fn bind(config: &Config, server_port: Option<u16>) -> Result<Listeners, AgentError> {
    let mut grpc = Vec::new();
    let mut grpc_tls = Vec::new();
    let mut http = Vec::new();
    let mut https = Vec::new();
    for ip in &config.client_addrs {
        if let Some(port) = config.ports.grpc {
            grpc.push(bind_one("grpc", SocketAddr::new(*ip, port)).await?);
        }
        if let Some(port) = config.ports.grpc_tls {
            grpc_tls.push(bind_one("grpc_tls", SocketAddr::new(*ip, port)).await?);
        }
        if let Some(port) = config.ports.http {
            http.push(bind_one("http", SocketAddr::new(*ip, port)).await?);
        }
        if let Some(port) = config.ports.https {
            https.push(bind_one("https", SocketAddr::new(*ip, port)).await?);
        }
    }
    let dns = match config.ports.dns {
        Some(port) => Some(
            roster_gateway::dns::bind(
                &config.client_addrs,
                port,
                roster_gateway::dns::default_threads(),
            )
            .map_err(|e| AgentError::Listen {
                what: "dns",
                addr: SocketAddr::new(config.client_addrs[0], port),
                detail: e.to_string(),
            })?,
        ),
        None => None,
    };
    let server = match server_port {
        Some(port) => Some(bind_one("server", SocketAddr::new(config.bind_addr, port)).await?),
        None => None,
    };
    Ok(Listeners {
        grpc,
        grpc_tls,
        http,
        https,
        dns,
        server,
    })
}

impl Listeners {
    /// Serves `routes` on every listener until `shutdown`.
    pub fn serve(
        self,
        config: &Config,
        routes: &tonic::service::Routes,
        server: Option<&ServerParts>,
        shutdown: &CancellationToken,
        tasks: &TaskTracker,
    ) {
        for listener in self.grpc {
            serve_grpc(
                rpc::conn::incoming(listener),
                routes.clone(),
                "grpc",
                shutdown,
                tasks,
            );
        }
        for listener in self.grpc_tls {
            serve_grpc(
                crate::tls::incoming(listener, crate::tls::RpcIncoming::GrpcTls),
                routes.clone(),
                "grpc_tls",
                shutdown,
                tasks,
            );
        }
        let gateway = roster_gateway::router(
            roster_gateway::grpc_channel(routes.clone()),
            roster_gateway::GatewayOptions {
                pretty_json: config.pretty_json,
                node_name: config.node_name.clone(),
            },
        );
        for listener in self.http {
            let router = gateway.clone();
            let token = shutdown.clone();
            tasks.spawn(async move {
                // Closed connections linger, so that an answer given before
                // the request's body was read (a 413) reaches a client still
                // sending.
                let listener = roster_gateway::linger::LingeringListener::new(listener);
                // A `Router` given to `serve` as is rebuilds its route table
                // for every connection (`with_state`, about 38 KiB held per
                // open connection with this many routes); as a make-service
                // each connection shares it.
                let result = axum::serve(listener, router.into_make_service())
                    .with_graceful_shutdown(token.cancelled_owned())
                    .await;
                if let Err(error) = result {
                    tracing::error!(%error, "http server failed");
                }
            });
        }
        for listener in self.https {
            let router = gateway.clone();
            let token = shutdown.clone();
            tasks.spawn(async move {
                let listener = match crate::tls::HttpsListener::new(listener) {
                    Ok(l) => l,
                    Err(error) => {
                        tracing::error!(%error, "https server failed");
                        return;
                    }
                };
                let result = axum::serve(listener, router.into_make_service())
                    .with_graceful_shutdown(token.cancelled_owned())
                    .await;
                if let Err(error) = result {
                    tracing::error!(%error, "https server failed");
                }
            });
        }
        if let Some(sockets) = self.dns {
            // DNS reads the catalog through the same in-process gRPC routes.
            tasks.spawn(roster_gateway::dns::serve(
                sockets,
                config.dns.clone(),
                roster_gateway::grpc_channel(routes.clone()),
                shutdown.clone(),
            ));
        }
        if let (Some(listener), Some(s)) = (self.server, server) {
            // The server port carries Raft and, for client agents and other
            // servers, the same public services as the gRPC port.
            let transport = roster_proto::raft::v1::raft_transport_service_server::RaftTransportServiceServer::new(
                RaftTransportServer::new(
                    s.raft.clone(),
                    s.engine.snapshot_root(),
                    Arc::clone(&s.identity),
                    Arc::clone(&s.addresses),
                ),
            )
            .max_decoding_message_size(raft::transport::MAX_TRANSPORT_MESSAGE);
            let routes = routes.clone().add_service(transport);
            // TLS or plaintext per connection, as the material current
            // then says (a reload may turn TLS on).
            let incoming = crate::tls::incoming(listener, crate::tls::RpcIncoming::ServerPort);
            serve_grpc(incoming, routes, "server port", shutdown, tasks);
        }
    }
}

fn serve_grpc<S, IO>(
    incoming: S,
    routes: tonic::service::Routes,
    what: &'static str,
    shutdown: &CancellationToken,
    tasks: &TaskTracker,
) where
    S: tokio_stream::Stream<Item = std::io::Result<IO>> + Send + 'static,
    IO: tonic::transport::server::Connected
        + tokio::io::AsyncRead
        + tokio::io::AsyncWrite
        + Send
        + Unpin
        + 'static,
{
    let token = shutdown.clone();
    tasks.spawn(async move {
        let result = tonic::transport::Server::builder()
            .add_routes(routes)
            .serve_with_incoming_shutdown(incoming, token.cancelled_owned())
            .await;
        if let Err(error) = result {
            tracing::error!(%error, "{what} failed");
        }
    });
}

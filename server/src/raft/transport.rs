//! The Raft transport between servers, over `roster.raft.v1.RaftTransportService`
//! on the server port.
//!
//! Outbound: one task per peer holds a client stream (`Send`) and is fed by a
//! bounded channel; the driver thread never waits on the network. A full or
//! broken peer channel reports the peer unreachable to Raft, which retries.
//! Inbound: the service decodes each message and steps it into the local node.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use protobuf::Message as _;
use raft::eraftpb::Message;
use roster_proto::{
    raft::v1::{
        InstallSnapshotRequest, InstallSnapshotResponse, SendRequest, SendResponse,
        raft_transport_service_client::RaftTransportServiceClient,
        raft_transport_service_server::RaftTransportService,
    },
    status::ErrorKind,
};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_util::sync::CancellationToken;

use super::RaftHandle;

/// Messages queued per peer before the peer counts as unreachable.
const PEER_QUEUE: usize = 4096;

/// Sends Raft messages to peers. Called from the driver thread; must not block.
pub trait Transport: Send + 'static {
    /// Queues `messages`; returns the ids of peers that could not take them.
    fn send(&self, messages: Vec<Message>) -> Vec<u64>;
}

/// Server addresses by Raft id, shared by the transport and the status API.
pub type PeerAddresses = Arc<Mutex<HashMap<u64, String>>>;

/// The gRPC transport.
pub struct GrpcTransport {
    runtime: tokio::runtime::Handle,
    addresses: PeerAddresses,
    /// Each peer's stream, with the address it was dialed at.
    peers: Mutex<HashMap<u64, (String, mpsc::Sender<Message>)>>,
    shutdown: CancellationToken,
}

impl GrpcTransport {
    /// A transport dialing the addresses in `addresses` on demand.
    pub fn new(
        runtime: tokio::runtime::Handle,
        addresses: PeerAddresses,
        shutdown: CancellationToken,
    ) -> GrpcTransport {
        GrpcTransport {
            runtime,
            addresses,
            peers: Mutex::new(HashMap::new()),
            shutdown,
        }
    }

    fn peer_sender(&self, id: u64) -> Option<mpsc::Sender<Message>> {
        let address = self
            .addresses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned()?;
        let mut peers = self.peers.lock().unwrap_or_else(|e| e.into_inner());
        // A server that came back on another address is dialed there; the
        // old stream ends when its queue is dropped.
        if let Some((dialed, tx)) = peers.get(&id)
            && !tx.is_closed()
            && *dialed == address
        {
            return Some(tx.clone());
        }
        let (tx, rx) = mpsc::channel(PEER_QUEUE);
        self.runtime
            .spawn(peer_stream(address.clone(), rx, self.shutdown.clone()));
        peers.insert(id, (address, tx.clone()));
        Some(tx)
    }
}

impl Transport for GrpcTransport {
    fn send(&self, messages: Vec<Message>) -> Vec<u64> {
        let mut unreachable = Vec::new();
        for message in messages {
            let to = message.to;
            let delivered = self
                .peer_sender(to)
                .is_some_and(|tx| tx.try_send(message).is_ok());
            if !delivered && !unreachable.contains(&to) {
                unreachable.push(to);
            }
        }
        unreachable
    }
}

/// One peer's outbound stream; ends (dropping the queue) when the connection
/// fails, so that the next send dials again.
async fn peer_stream(
    address: String,
    mut rx: mpsc::Receiver<Message>,
    shutdown: CancellationToken,
) {
    let endpoint = match tonic::transport::Endpoint::from_shared(format!("http://{address}")) {
        Ok(e) => e.connect_timeout(Duration::from_secs(1)).tcp_nodelay(true),
        Err(error) => {
            tracing::warn!(%address, %error, "bad raft peer address");
            return;
        }
    };
    let channel = tokio::select! {
        _ = shutdown.cancelled() => return,
        c = endpoint.connect() => match c {
            Ok(c) => c,
            Err(error) => {
                tracing::debug!(%address, %error, "raft peer unreachable");
                return;
            }
        },
    };
    let mut client = RaftTransportServiceClient::new(channel);
    let (out_tx, out_rx) = mpsc::channel::<SendRequest>(64);
    let outbound = tokio_stream::wrappers::ReceiverStream::new(out_rx);
    let call = tokio::spawn(async move { client.send(outbound).await });
    loop {
        let message = tokio::select! {
            _ = shutdown.cancelled() => break,
            m = rx.recv() => match m { Some(m) => m, None => break },
        };
        let Ok(bytes) = message.write_to_bytes() else {
            continue;
        };
        if out_tx.send(SendRequest { message: bytes }).await.is_err() {
            break;
        }
    }
    drop(out_tx);
    call.abort();
}

/// The inbound side: steps received messages into the local node.
pub struct RaftTransportServer {
    raft: RaftHandle,
}

impl RaftTransportServer {
    /// A server stepping into `raft`.
    pub fn new(raft: RaftHandle) -> RaftTransportServer {
        RaftTransportServer { raft }
    }
}

#[tonic::async_trait]
impl RaftTransportService for RaftTransportServer {
    async fn send(
        &self,
        request: tonic::Request<tonic::Streaming<SendRequest>>,
    ) -> Result<tonic::Response<SendResponse>, tonic::Status> {
        let mut stream = request.into_inner();
        while let Some(item) = stream.next().await {
            let item = item?;
            let message = Message::parse_from_bytes(&item.message)
                .map_err(|e| ErrorKind::InvalidArgument.status(format!("bad raft message: {e}")))?;
            self.raft.step(message).await?;
        }
        Ok(tonic::Response::new(SendResponse {}))
    }

    async fn install_snapshot(
        &self,
        _request: tonic::Request<tonic::Streaming<InstallSnapshotRequest>>,
    ) -> Result<tonic::Response<InstallSnapshotResponse>, tonic::Status> {
        Err(ErrorKind::Unimplemented.status("snapshot installation is not supported yet"))
    }
}

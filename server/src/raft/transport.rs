//! The Raft transport between servers, over `roster.raft.v1.RaftTransportService`
//! on the server port.
//!
//! Outbound: one task per peer holds a client stream (`Send`) and is fed by a
//! bounded channel; the driver thread never waits on the network. A full or
//! broken peer channel reports the peer unreachable to Raft, which retries.
//! Inbound: the service decodes each message and steps it into the local node.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, Mutex, OnceLock},
    time::Duration,
};

use protobuf::Message as _;
use raft::eraftpb::{Message, MessageType};
use roster_proto::{
    raft::v1::{
        InstallSnapshotRequest, InstallSnapshotResponse, SendRequest, SendResponse,
        raft_transport_service_client::RaftTransportServiceClient,
        raft_transport_service_server::RaftTransportService,
    },
    snapshot::v1::SnapshotRecord,
    status::ErrorKind,
};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_util::sync::CancellationToken;

use super::RaftHandle;
use crate::storage::snapshot::{SnapshotReader, SnapshotWriter, snapshot_dir};

/// Records per snapshot chunk: about this many bytes.
const SNAPSHOT_CHUNK_BYTES: usize = 1 << 20;
/// Snapshot chunks buffered between the reader and the stream.
const SNAPSHOT_CHUNKS_IN_FLIGHT: usize = 4;
/// Longest a snapshot stream may take; Raft pauses the follower meanwhile.
const SNAPSHOT_SEND_TIMEOUT: Duration = Duration::from_secs(600);
/// Largest transport message accepted (a snapshot chunk is ~1 MiB plus one
/// row; an entry batch is bounded by `max_size_per_msg` plus one entry).
pub const MAX_TRANSPORT_MESSAGE: usize = 16 << 20;

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
    /// Where outgoing snapshots' checkpoints are.
    snapshot_root: PathBuf,
    /// The node, once started, for snapshot reports.
    node: Arc<OnceLock<RaftHandle>>,
    /// Each peer's stream, with the address it was dialed at.
    peers: Mutex<HashMap<u64, (String, mpsc::Sender<Message>)>>,
    shutdown: CancellationToken,
}

impl GrpcTransport {
    /// A transport dialing the addresses in `addresses` on demand.
    pub fn new(
        runtime: tokio::runtime::Handle,
        addresses: PeerAddresses,
        snapshot_root: PathBuf,
        shutdown: CancellationToken,
    ) -> GrpcTransport {
        GrpcTransport {
            runtime,
            addresses,
            snapshot_root,
            node: Arc::default(),
            peers: Mutex::new(HashMap::new()),
            shutdown,
        }
    }

    /// Where to report snapshot outcomes: set once the node has started.
    pub fn node_slot(&self) -> Arc<OnceLock<RaftHandle>> {
        Arc::clone(&self.node)
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
            if message.get_msg_type() == MessageType::MsgSnapshot {
                let address = self
                    .addresses
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&to)
                    .cloned();
                let Some(address) = address else {
                    unreachable.push(to);
                    continue;
                };
                let meta = message.get_snapshot().get_metadata();
                let dir = snapshot_dir(&self.snapshot_root, "out", meta.index, meta.term);
                self.runtime
                    .spawn(send_snapshot(address, message, dir, Arc::clone(&self.node)));
                continue;
            }
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

/// Streams the checkpoint in `dir` to `address` after the snapshot message,
/// a chunk at a time (at most [`SNAPSHOT_CHUNKS_IN_FLIGHT`] in memory), and
/// reports the outcome to the node.
async fn send_snapshot(
    address: String,
    message: Message,
    dir: PathBuf,
    node: Arc<OnceLock<RaftHandle>>,
) {
    let to = message.to;
    let index = message.get_snapshot().get_metadata().index;
    let send = async {
        let header = message.write_to_bytes().map_err(|e| e.to_string())?;
        // Keepalives notice a peer that stopped answering (paused,
        // partitioned) long before TCP would.
        let channel = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
            .map_err(|e| e.to_string())?
            .connect_timeout(Duration::from_secs(2))
            .http2_keep_alive_interval(Duration::from_secs(5))
            .keep_alive_timeout(Duration::from_secs(10))
            .connect()
            .await
            .map_err(|e| e.to_string())?;
        let (tx, rx) = mpsc::channel::<InstallSnapshotRequest>(SNAPSHOT_CHUNKS_IN_FLIGHT);
        tx.send(InstallSnapshotRequest {
            message: header,
            records: Vec::new(),
        })
        .await
        .map_err(|e| e.to_string())?;
        let producer = tokio::task::spawn_blocking(move || {
            let reader = SnapshotReader::open(&dir).map_err(|e| e.to_string())?;
            reader
                .chunks(SNAPSHOT_CHUNK_BYTES, |records| {
                    let records = records
                        .into_iter()
                        .map(|(table, key, value)| SnapshotRecord {
                            table: table.to_string(),
                            key,
                            value,
                        })
                        .collect();
                    Ok(tx
                        .blocking_send(InstallSnapshotRequest {
                            message: Vec::new(),
                            records,
                        })
                        .is_ok())
                })
                .map_err(|e| e.to_string())
        });
        let call = RaftTransportServiceClient::new(channel)
            .max_encoding_message_size(MAX_TRANSPORT_MESSAGE)
            .install_snapshot(tokio_stream::wrappers::ReceiverStream::new(rx))
            .await
            .map_err(|e| e.message().to_string());
        producer.await.map_err(|e| e.to_string())??;
        call.map(|_| ())
    };
    let result: Result<(), String> = tokio::time::timeout(SNAPSHOT_SEND_TIMEOUT, send)
        .await
        .unwrap_or_else(|_| Err("timed out".into()));
    match &result {
        Ok(()) => tracing::info!(to, index, %address, "sent a raft snapshot"),
        Err(error) => tracing::warn!(to, index, %address, %error, "sending a raft snapshot failed"),
    }
    if let Some(node) = node.get() {
        node.report_snapshot(to, result.is_ok()).await;
    }
}

/// The inbound side: steps received messages into the local node, and
/// receives snapshots.
pub struct RaftTransportServer {
    raft: RaftHandle,
    snapshot_root: PathBuf,
}

impl RaftTransportServer {
    /// A server stepping into `raft`, receiving snapshots under
    /// `snapshot_root`.
    pub fn new(raft: RaftHandle, snapshot_root: PathBuf) -> RaftTransportServer {
        RaftTransportServer {
            raft,
            snapshot_root,
        }
    }
}

fn snapshot_failed(e: impl std::fmt::Display) -> tonic::Status {
    ErrorKind::Internal.status(format!("cannot receive the snapshot: {e}"))
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

    /// Writes the streamed records to SST files, then steps the snapshot
    /// message into the node, which installs them (see `storage::snapshot`).
    async fn install_snapshot(
        &self,
        request: tonic::Request<tonic::Streaming<InstallSnapshotRequest>>,
    ) -> Result<tonic::Response<InstallSnapshotResponse>, tonic::Status> {
        let mut stream = request.into_inner();
        let first = stream
            .next()
            .await
            .ok_or_else(|| ErrorKind::InvalidArgument.status("empty snapshot stream"))??;
        let message = Message::parse_from_bytes(&first.message)
            .map_err(|e| ErrorKind::InvalidArgument.status(format!("bad raft message: {e}")))?;
        if message.get_msg_type() != MessageType::MsgSnapshot {
            return Err(ErrorKind::InvalidArgument.status("not a snapshot message"));
        }
        let meta = message.get_snapshot().get_metadata();
        let dir = snapshot_dir(&self.snapshot_root, "in", meta.index, meta.term);
        let mut writer = tokio::task::spawn_blocking(move || SnapshotWriter::create(&dir))
            .await
            .map_err(snapshot_failed)?
            .map_err(snapshot_failed)?;
        let mut pending = Some(first.records);
        loop {
            let records = match pending.take() {
                Some(records) => records,
                None => match stream.next().await {
                    Some(item) => item?.records,
                    None => break,
                },
            };
            writer = tokio::task::spawn_blocking(move || {
                for r in records {
                    writer.add(&r.table, &r.key, &r.value)?;
                }
                Ok::<_, crate::storage::StorageError>(writer)
            })
            .await
            .map_err(snapshot_failed)?
            .map_err(snapshot_failed)?;
        }
        tokio::task::spawn_blocking(move || writer.finish())
            .await
            .map_err(snapshot_failed)?
            .map_err(snapshot_failed)?;
        self.raft.step(message).await?;
        Ok(tonic::Response::new(InstallSnapshotResponse {}))
    }
}

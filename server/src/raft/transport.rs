//! The Raft transport between servers, over `roster.raft.v1.RaftTransportService`
//! on the server port.
//!
//! Outbound: one task per peer holds a client stream (`Send`) and is fed by a
//! bounded channel; the driver thread never waits on the network. A full or
//! broken peer channel reports the peer unreachable to Raft, which retries.
//! Inbound: the service decodes each message and steps it into the local node.
//! Every stream carries the sender's cluster identity and is refused by a
//! server of another cluster (see `raft::cluster_id`); the same service
//! answers the bootstrap agreement's `Promise` and `ProposalStatus`.

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
        BootstrapProposal, InstallSnapshotRequest, InstallSnapshotResponse, PromiseRequest,
        PromiseResponse, ProposalStatusRequest, ProposalStatusResponse, SendRequest, SendResponse,
        raft_transport_service_client::RaftTransportServiceClient,
        raft_transport_service_server::RaftTransportService,
    },
    snapshot::v1::SnapshotRecord,
    status::ErrorKind,
};
use tokio::sync::mpsc;
use tokio_stream::StreamExt;
use tokio_util::sync::CancellationToken;

use super::{
    RaftHandle,
    cluster_id::{self, ClusterIdentity},
};
use crate::storage::snapshot::{
    CheckpointPin, ManifestBuilder, SnapshotReader, SnapshotWriter, pin_checkpoint, snapshot_dir,
};

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
/// How long a peer that refused this server's stream (another cluster's
/// server) is not dialed again.
const REFUSED_BACKOFF: Duration = Duration::from_secs(10);

/// Peers that refused this server's streams, and when.
type Refusals = Arc<Mutex<HashMap<u64, std::time::Instant>>>;

/// Sends Raft messages to peers. Called from the driver thread; must not block.
pub trait Transport: Send + 'static {
    /// Queues `messages`; returns the ids of peers that could not take them.
    fn send(&self, messages: Vec<Message>) -> Vec<u64>;
}

/// A transport for a single server in tests: there is never anyone to send
/// to.
#[cfg(test)]
pub(crate) struct NoPeers;

#[cfg(test)]
impl Transport for NoPeers {
    fn send(&self, messages: Vec<Message>) -> Vec<u64> {
        messages.iter().map(|m| m.to).collect()
    }
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
    /// The cluster this server belongs to, sent with every stream.
    identity: Arc<ClusterIdentity>,
    refusals: Refusals,
    shutdown: CancellationToken,
}

impl GrpcTransport {
    /// A transport dialing the addresses in `addresses` on demand.
    pub fn new(
        runtime: tokio::runtime::Handle,
        addresses: PeerAddresses,
        snapshot_root: PathBuf,
        identity: Arc<ClusterIdentity>,
        shutdown: CancellationToken,
    ) -> GrpcTransport {
        GrpcTransport {
            runtime,
            addresses,
            snapshot_root,
            node: Arc::default(),
            peers: Mutex::new(HashMap::new()),
            identity,
            refusals: Arc::default(),
            shutdown,
        }
    }

    /// Where to report snapshot outcomes: set once the node has started.
    pub fn node_slot(&self) -> Arc<OnceLock<RaftHandle>> {
        Arc::clone(&self.node)
    }

    fn peer_sender(&self, id: u64) -> Option<mpsc::Sender<Message>> {
        {
            let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
            match refusals.get(&id) {
                Some(at) if at.elapsed() < REFUSED_BACKOFF => return None,
                Some(_) => {
                    refusals.remove(&id);
                }
                None => {}
            }
        }
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
        self.runtime.spawn(peer_stream(
            (id, address.clone()),
            rx,
            self.identity.id(),
            Arc::clone(&self.refusals),
            self.shutdown.clone(),
        ));
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
                // Pinned here, on the Raft thread that made the checkpoint
                // and is the only one to remove checkpoints.
                let pin = pin_checkpoint(&dir);
                self.runtime.spawn(send_snapshot(
                    address,
                    message,
                    dir,
                    pin,
                    self.identity.id(),
                    Arc::clone(&self.node),
                ));
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
    (id, address): (u64, String),
    mut rx: mpsc::Receiver<Message>,
    cluster: Option<String>,
    refusals: Refusals,
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
        c = crate::tls::connect(endpoint) => match c {
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
    let request = with_cluster_id(tonic::Request::new(outbound), cluster.as_deref());
    let peer = address.clone();
    let call = tokio::spawn(async move {
        if let Err(status) = client.send(request).await
            && status.code() == tonic::Code::FailedPrecondition
        {
            refusals
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, std::time::Instant::now());
            tracing::error!(
                %peer,
                reason = status.message(),
                "a raft peer refused this server's messages; not sending it any for {}s",
                REFUSED_BACKOFF.as_secs()
            );
        }
    });
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
    // A refusal arrives as the call's answer: give it a moment to be logged.
    let _ = tokio::time::timeout(Duration::from_millis(100), call).await;
}

/// `request` with the sender's cluster identity in its metadata.
fn with_cluster_id<T>(mut request: tonic::Request<T>, cluster: Option<&str>) -> tonic::Request<T> {
    if let Some(value) = cluster.and_then(|c| c.parse().ok()) {
        request
            .metadata_mut()
            .insert(cluster_id::METADATA_KEY, value);
    }
    request
}

/// Streams the checkpoint in `dir` to `address` after the snapshot message,
/// a chunk at a time (at most [`SNAPSHOT_CHUNKS_IN_FLIGHT`] in memory), then
/// its manifest (or, if reading failed, why), and reports the outcome to the
/// node. The checkpoint stays pinned until the send ends.
async fn send_snapshot(
    address: String,
    message: Message,
    dir: PathBuf,
    pin: CheckpointPin,
    cluster: Option<String>,
    node: Arc<OnceLock<RaftHandle>>,
) {
    let _pin = pin;
    let to = message.to;
    let index = message.get_snapshot().get_metadata().index;
    let term = message.get_snapshot().get_metadata().term;
    let send = async {
        let header = message.write_to_bytes().map_err(|e| e.to_string())?;
        // Keepalives notice a peer that stopped answering (paused,
        // partitioned) long before TCP would.
        let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
            .map_err(|e| e.to_string())?
            .connect_timeout(Duration::from_secs(2))
            .http2_keep_alive_interval(Duration::from_secs(5))
            .keep_alive_timeout(Duration::from_secs(10));
        let channel = crate::tls::connect(endpoint)
            .await
            .map_err(|e| e.to_string())?;
        let (tx, rx) = mpsc::channel::<InstallSnapshotRequest>(SNAPSHOT_CHUNKS_IN_FLIGHT);
        tx.send(InstallSnapshotRequest {
            message: header,
            ..Default::default()
        })
        .await
        .map_err(|e| e.to_string())?;
        let producer = tokio::task::spawn_blocking(move || {
            let result = stream_checkpoint(&dir, index, term, &tx);
            if let Err(error) = &result {
                // The receiver must not take a stream cut short for a
                // complete snapshot: tell it why it ends.
                let _ = tx.blocking_send(InstallSnapshotRequest {
                    abort: error.clone(),
                    ..Default::default()
                });
            }
            result
        });
        let call = RaftTransportServiceClient::new(channel)
            .max_encoding_message_size(MAX_TRANSPORT_MESSAGE)
            .install_snapshot(with_cluster_id(
                tonic::Request::new(tokio_stream::wrappers::ReceiverStream::new(rx)),
                cluster.as_deref(),
            ))
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

/// Sends the state tables of the checkpoint in `dir` (the snapshot at
/// `index`/`term`) as records, then the manifest; stops early, without
/// error, if the receiver went away.
fn stream_checkpoint(
    dir: &std::path::Path,
    index: u64,
    term: u64,
    tx: &mpsc::Sender<InstallSnapshotRequest>,
) -> Result<(), String> {
    let reader = SnapshotReader::open(dir).map_err(|e| e.to_string())?;
    let mut manifest = ManifestBuilder::default();
    let mut open = true;
    reader
        .chunks(SNAPSHOT_CHUNK_BYTES, |records| {
            let mut out = Vec::with_capacity(records.len());
            for (table, key, value) in records {
                manifest.add(table, &key, &value)?;
                out.push(SnapshotRecord {
                    table: table.to_string(),
                    key,
                    value,
                });
            }
            open = tx
                .blocking_send(InstallSnapshotRequest {
                    records: out,
                    ..Default::default()
                })
                .is_ok();
            crate::crash_point!("snapshot::send");
            Ok(open)
        })
        .map_err(|e| e.to_string())?;
    if open {
        let _ = tx.blocking_send(InstallSnapshotRequest {
            manifest: Some(manifest.finish(index, term)),
            ..Default::default()
        });
    }
    Ok(())
}

/// The inbound side: steps received messages into the local node, and
/// receives snapshots.
pub struct RaftTransportServer {
    raft: RaftHandle,
    snapshot_root: PathBuf,
    identity: Arc<ClusterIdentity>,
    addresses: PeerAddresses,
}

impl RaftTransportServer {
    /// A server stepping into `raft`, receiving snapshots under
    /// `snapshot_root`, admitting streams of its own cluster only; it asks
    /// proposers (found in `addresses`) about their proposals.
    pub fn new(
        raft: RaftHandle,
        snapshot_root: PathBuf,
        identity: Arc<ClusterIdentity>,
        addresses: PeerAddresses,
    ) -> RaftTransportServer {
        RaftTransportServer {
            raft,
            snapshot_root,
            identity,
            addresses,
        }
    }

    /// Refuses a stream from another cluster's server, loudly.
    /// Called once the stream's first message addressed to this server
    /// has arrived (a stream meant for a server that had this address
    /// before must not make this one take its cluster's identity). A
    /// promise that stands in the way is checked with its proposer first.
    async fn admit(&self, sender: &Sender) -> Result<(), tonic::Status> {
        let initialized = || {
            let status = self.raft.status();
            !status.voters.is_empty() || status.applied_index > 0
        };
        let cluster = sender.cluster.as_deref();
        let mut result = self.identity.admit(cluster, initialized()).await;
        if result.is_err() && self.identity.holds_foreign_promise() {
            let addresses = Arc::clone(&self.addresses);
            self.identity
                .check_promise(|p| ask_proposer(addresses, p))
                .await;
            result = self.identity.admit(cluster, initialized()).await;
        }
        result.map_err(|reason| {
            tracing::error!(from = %sender.address, %reason, "refused raft messages from another cluster");
            ErrorKind::WrongCluster.status(format!("refused: {reason}"))
        })
    }
}

/// Who opened an inbound stream.
struct Sender {
    /// Its cluster identity (metadata).
    cluster: Option<String>,
    /// Its address, for logs.
    address: String,
}

impl Sender {
    fn of<T>(request: &tonic::Request<T>) -> Sender {
        Sender {
            cluster: request
                .metadata()
                .get(cluster_id::METADATA_KEY)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            address: request
                .remote_addr()
                .or_else(|| {
                    request
                        .extensions()
                        .get::<crate::tls::RpcPeer>()
                        .and_then(|p| p.remote)
                })
                .map(|a| a.to_string())
                .unwrap_or_default(),
        }
    }
}

/// Asks the proposer of `proposal` (found in `addresses`) whether it still
/// stands; `None` if it cannot be asked.
pub async fn ask_proposer(addresses: PeerAddresses, proposal: BootstrapProposal) -> Option<bool> {
    let address = addresses
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&proposal.proposer)
        .cloned()?;
    proposal_live(&address, &proposal).await
}

/// Whether `proposal` may still be written, as its proposer at `address`
/// says; `None` if it cannot be asked.
async fn proposal_live(address: &str, proposal: &BootstrapProposal) -> Option<bool> {
    let mut client = bootstrap_client(address).await.ok()?;
    let response = tokio::time::timeout(
        BOOTSTRAP_CALL_TIMEOUT,
        client.proposal_status(ProposalStatusRequest {
            cluster_id: proposal.cluster_id.clone(),
            proposer: proposal.proposer,
        }),
    )
    .await
    .ok()?
    .ok()?;
    Some(response.into_inner().live)
}

/// Asks the server at `address` to promise `proposal`.
pub async fn ask_promise(
    address: &str,
    proposal: &BootstrapProposal,
) -> Result<PromiseResponse, String> {
    let mut client = bootstrap_client(address).await?;
    let response = tokio::time::timeout(
        BOOTSTRAP_CALL_TIMEOUT,
        client.promise(PromiseRequest {
            proposal: Some(proposal.clone()),
        }),
    )
    .await
    .map_err(|_| "timed out".to_string())?
    .map_err(|e| e.message().to_string())?;
    Ok(response.into_inner())
}

/// How long one bootstrap call waits.
const BOOTSTRAP_CALL_TIMEOUT: Duration = Duration::from_secs(3);

async fn bootstrap_client(
    address: &str,
) -> Result<RaftTransportServiceClient<tonic::transport::Channel>, String> {
    let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{address}"))
        .map_err(|e| e.to_string())?
        .connect_timeout(Duration::from_secs(2));
    let channel = crate::tls::connect(endpoint)
        .await
        .map_err(|e| e.to_string())?;
    Ok(RaftTransportServiceClient::new(channel))
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
        crate::tls::check_raft_peer(&request)?;
        let sender = Sender::of(&request);
        let mut stream = request.into_inner();
        let own = self.raft.status().id;
        let mut misdirected = false;
        let mut admitted = false;
        while let Some(item) = stream.next().await {
            let item = item?;
            let message = Message::parse_from_bytes(&item.message)
                .map_err(|e| ErrorKind::InvalidArgument.status(format!("bad raft message: {e}")))?;
            // A message for another Raft id reaches this server when it took
            // over that server's address (a wiped data dir comes back under a
            // new id): stepping it would make this server answer as the one
            // it replaced.
            if message.to != own {
                if !misdirected {
                    tracing::warn!(
                        to = message.to,
                        own,
                        from = message.from,
                        "dropping raft messages meant for another server at this address"
                    );
                    misdirected = true;
                }
                continue;
            }
            if !admitted {
                self.admit(&sender).await?;
                admitted = true;
            }
            self.raft.step(message).await?;
        }
        Ok(tonic::Response::new(SendResponse {}))
    }

    /// Writes the streamed records to SST files, checks them against the
    /// manifest that ends the stream, then steps the snapshot message into
    /// the node, which installs them (see `storage::snapshot`). A stream
    /// that ends without its manifest, or says its sender failed, leaves
    /// nothing and is answered with an error.
    async fn install_snapshot(
        &self,
        request: tonic::Request<tonic::Streaming<InstallSnapshotRequest>>,
    ) -> Result<tonic::Response<InstallSnapshotResponse>, tonic::Status> {
        crate::tls::check_raft_peer(&request)?;
        let sender = Sender::of(&request);
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
        if message.to != self.raft.status().id {
            return Err(ErrorKind::InvalidArgument.status(format!(
                "a snapshot for raft id {} reached server {}",
                message.to,
                self.raft.status().id
            )));
        }
        self.admit(&sender).await?;
        let meta = message.get_snapshot().get_metadata();
        let (index, term) = (meta.index, meta.term);
        let dir = snapshot_dir(&self.snapshot_root, "in", index, term);
        let mut writer =
            tokio::task::spawn_blocking(move || SnapshotWriter::create(&dir, index, term))
                .await
                .map_err(snapshot_failed)?
                .map_err(snapshot_failed)?;
        let mut pending = Some(first);
        let manifest = loop {
            let item = match pending.take() {
                Some(item) => item,
                None => match stream.next().await {
                    Some(item) => item?,
                    None => {
                        return Err(ErrorKind::Unavailable.status(format!(
                            "the stream of snapshot {index}/{term} ended without its manifest; nothing was kept"
                        )));
                    }
                },
            };
            if !item.abort.is_empty() {
                return Err(ErrorKind::Unavailable.status(format!(
                    "the sender of snapshot {index}/{term} failed: {}; nothing was kept",
                    item.abort
                )));
            }
            let records = item.records;
            if !records.is_empty() {
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
            if let Some(manifest) = item.manifest {
                break manifest;
            }
        };
        crate::crash_point!("snapshot::receive");
        tokio::task::spawn_blocking(move || writer.finish(&manifest))
            .await
            .map_err(snapshot_failed)?
            .map_err(snapshot_failed)?;
        self.raft.step(message).await?;
        Ok(tonic::Response::new(InstallSnapshotResponse {}))
    }

    async fn promise(
        &self,
        request: tonic::Request<PromiseRequest>,
    ) -> Result<tonic::Response<PromiseResponse>, tonic::Status> {
        crate::tls::check_raft_peer(&request)?;
        let proposal = request
            .into_inner()
            .proposal
            .ok_or_else(|| ErrorKind::InvalidArgument.status("missing proposal"))?;
        let status = self.raft.status();
        let initialized = !status.voters.is_empty() || status.applied_index > 0;
        let addresses = Arc::clone(&self.addresses);
        let answer = self
            .identity
            .promise(proposal.clone(), initialized, |current| {
                ask_proposer(addresses, current)
            })
            .await;
        let response = match answer {
            Ok(()) => {
                tracing::info!(
                    cluster_id = proposal.cluster_id,
                    proposer = format_args!("{:x}", proposal.proposer),
                    voters = ?proposal.voters,
                    "promised a bootstrap proposal"
                );
                PromiseResponse {
                    promised: true,
                    reason: String::new(),
                }
            }
            Err(reason) => PromiseResponse {
                promised: false,
                reason,
            },
        };
        Ok(tonic::Response::new(response))
    }

    async fn proposal_status(
        &self,
        request: tonic::Request<ProposalStatusRequest>,
    ) -> Result<tonic::Response<ProposalStatusResponse>, tonic::Status> {
        let request = request.into_inner();
        let live = self.identity.is_live(request.proposer, &request.cluster_id);
        Ok(tonic::Response::new(ProposalStatusResponse { live }))
    }
}

#[cfg(test)]
mod tests {
    use roster_proto::raft::v1::raft_transport_service_server::RaftTransportServiceServer;

    use super::*;
    use crate::{
        raft::{RaftConfig, start},
        state::{StateMachine, WatchHub},
        storage::{Engine, RaftLogStore, snapshot::is_complete},
    };

    fn snapshot_message(index: u64, term: u64) -> Vec<u8> {
        let mut m = Message::default();
        m.set_msg_type(MessageType::MsgSnapshot);
        m.from = 2;
        m.to = 1;
        m.term = term;
        let meta = m.mut_snapshot().mut_metadata();
        meta.index = index;
        meta.term = term;
        meta.mut_conf_state().voters = vec![1, 2];
        m.write_to_bytes().unwrap()
    }

    fn records(index: u64) -> Vec<SnapshotRecord> {
        vec![
            SnapshotRecord {
                table: "meta".into(),
                key: b"applied_index".to_vec(),
                value: index.to_be_bytes().to_vec(),
            },
            SnapshotRecord {
                table: "kv".into(),
                key: b"k".to_vec(),
                value: b"v".to_vec(),
            },
        ]
    }

    /// A stream cut short, or whose sender reports a failure, is answered
    /// with an error and leaves no snapshot, complete or partial, behind:
    /// before the manifest, such a stream was installed as a whole state.
    #[tokio::test]
    async fn an_interrupted_snapshot_stream_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let t = TestServer::start(dir.path(), None).await;
        let (handle, root, mut client) = (t.handle.clone(), t.root.clone(), t.client.clone());

        let header = InstallSnapshotRequest {
            message: snapshot_message(50, 2),
            ..Default::default()
        };
        let data = InstallSnapshotRequest {
            records: records(50),
            ..Default::default()
        };
        // The stream just ends (a sender whose reader failed, before the
        // abort existed).
        let cut = vec![header.clone(), data.clone()];
        let err = client
            .install_snapshot(tokio_stream::iter(cut))
            .await
            .unwrap_err();
        assert!(
            err.message().contains("ended without its manifest"),
            "{err:?}"
        );
        // The sender says it failed.
        let aborted = vec![
            header.clone(),
            data.clone(),
            InstallSnapshotRequest {
                abort: "cannot open the checkpoint: gone".into(),
                ..Default::default()
            },
        ];
        let err = client
            .install_snapshot(tokio_stream::iter(aborted))
            .await
            .unwrap_err();
        assert!(
            err.message().contains("cannot open the checkpoint"),
            "{err:?}"
        );
        // A manifest that does not match what came.
        let mut sent = ManifestBuilder::default();
        sent.add("meta", b"applied_index", &50u64.to_be_bytes())
            .unwrap();
        let wrong = vec![
            header,
            data,
            InstallSnapshotRequest {
                manifest: Some(sent.finish(50, 2)),
                ..Default::default()
            },
        ];
        let err = client
            .install_snapshot(tokio_stream::iter(wrong))
            .await
            .unwrap_err();
        assert!(err.message().contains("table kv"), "{err:?}");

        let target = snapshot_dir(&root, "in", 50, 2);
        assert!(!is_complete(&target));
        let left: Vec<_> = std::fs::read_dir(&root)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "left behind: {left:?}");
        // Nothing reached the node.
        assert_eq!(handle.status().applied_index, 0);
        t.stop().await;
    }

    /// One server (Raft id 1, no peers) behind a real transport service.
    struct TestServer {
        handle: RaftHandle,
        engine: Engine,
        root: PathBuf,
        client: RaftTransportServiceClient<tonic::transport::Channel>,
        serving: tokio::task::JoinHandle<Result<(), tonic::transport::Error>>,
        shutdown: CancellationToken,
        done: tokio::sync::oneshot::Receiver<Result<(), crate::raft::RaftError>>,
    }

    impl TestServer {
        async fn start(dir: &std::path::Path, cluster: Option<&str>) -> TestServer {
            let engine = Engine::open(&dir.join("state")).unwrap();
            if let Some(id) = cluster {
                engine.save_cluster_id(id).unwrap();
            }
            let state = StateMachine::new(engine.clone(), WatchHub::new());
            let store = RaftLogStore::open(engine.clone(), 0).unwrap();
            let shutdown = CancellationToken::new();
            let addresses: PeerAddresses = Arc::new(Mutex::new(HashMap::new()));
            let (handle, done) = start(
                RaftConfig::with_multiplier(1, 1),
                store,
                state,
                Box::new(NoPeers),
                Arc::clone(&addresses),
                shutdown.clone(),
            )
            .unwrap();
            let root = engine.snapshot_root();
            let identity = Arc::new(ClusterIdentity::open(engine.clone(), 1).unwrap());
            let service = RaftTransportServiceServer::new(RaftTransportServer::new(
                handle.clone(),
                root.clone(),
                identity,
                addresses,
            ));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let serving = tokio::spawn(
                tonic::transport::Server::builder()
                    .add_service(service)
                    .serve_with_incoming(crate::rpc::conn::incoming(listener)),
            );
            let client = RaftTransportServiceClient::connect(format!("http://{address}"))
                .await
                .unwrap();
            TestServer {
                handle,
                engine,
                root,
                client,
                serving,
                shutdown,
                done,
            }
        }

        async fn stop(self) {
            self.serving.abort();
            self.shutdown.cancel();
            self.done.await.unwrap().unwrap();
        }
    }

    /// A heartbeat of term 7 from server 2 (leading) to Raft id `to`, on a
    /// stream of `cluster`.
    fn heartbeat_to(
        to: u64,
        cluster: Option<&str>,
    ) -> tonic::Request<tokio_stream::Iter<std::vec::IntoIter<SendRequest>>> {
        let mut m = Message::default();
        m.set_msg_type(MessageType::MsgHeartbeat);
        m.from = 2;
        m.to = to;
        m.term = 7;
        let items = vec![SendRequest {
            message: m.write_to_bytes().unwrap(),
        }];
        with_cluster_id(tonic::Request::new(tokio_stream::iter(items)), cluster)
    }

    /// A server of one cluster refuses the Raft messages of another's, and
    /// of a sender with no identity, and steps nothing of them; a new server
    /// takes the identity of the first cluster it hears from, and keeps it.
    #[tokio::test]
    async fn servers_of_another_cluster_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let t = TestServer::start(dir.path(), Some("cluster-a")).await;
        let mut client = t.client.clone();
        for sender in [Some("cluster-b"), None] {
            let err = client.send(heartbeat_to(1, sender)).await.unwrap_err();
            assert_eq!(err.code(), tonic::Code::FailedPrecondition, "{err:?}");
            assert!(err.message().contains("cluster-a"), "{err:?}");
        }
        assert_eq!(t.handle.status().term, 0, "a refused message was stepped");
        let snapshot = InstallSnapshotRequest {
            message: snapshot_message(50, 2),
            ..Default::default()
        };
        let err = client
            .install_snapshot(with_cluster_id(
                tonic::Request::new(tokio_stream::iter(vec![snapshot])),
                Some("cluster-b"),
            ))
            .await
            .unwrap_err();
        assert_eq!(err.code(), tonic::Code::FailedPrecondition, "{err:?}");
        client
            .send(heartbeat_to(1, Some("cluster-a")))
            .await
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while t.handle.status().term != 7 {
            assert!(
                std::time::Instant::now() < deadline,
                "the message was not stepped"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        t.stop().await;

        let fresh = tempfile::tempdir().unwrap();
        let t = TestServer::start(fresh.path(), None).await;
        let mut client = t.client.clone();
        // Messages for another Raft id (a server that had this address):
        // dropped, and no identity taken from them.
        client
            .send(heartbeat_to(9, Some("cluster-x")))
            .await
            .unwrap();
        assert_eq!(t.engine.cluster_id().unwrap(), None);
        assert_eq!(t.handle.status().term, 0);
        client
            .send(heartbeat_to(1, Some("cluster-b")))
            .await
            .unwrap();
        let err = client
            .send(heartbeat_to(1, Some("cluster-c")))
            .await
            .unwrap_err();
        assert!(err.message().contains("cluster-b"), "{err:?}");
        // Recorded before the first message was stepped.
        assert_eq!(t.engine.cluster_id().unwrap().as_deref(), Some("cluster-b"));
        t.stop().await;
    }
}

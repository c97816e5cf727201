//! `roster.snapshot.v1.SnapshotService`: saving the state to an archive
//! (`crate::archive`) and restoring one. Consul: `GET` / `PUT /v1/snapshot`.
//!
//! Save takes a RocksDB checkpoint (a consistent view at the applied index;
//! on the leader unless `stale`) and streams the restorable tables as a gzip
//! archive, never holding more than a chunk in memory.
//!
//! Restore spools the upload to a file, checks the whole archive (nothing
//! is proposed if any part is bad), then — on the leader; a follower passes
//! the file on to it — proposes the rows in ~512 KiB `StateRestore` pieces
//! through Raft; the last piece swaps them in on every server at once.

use std::{io::Write, path::Path, pin::Pin};

use roster_proto::{
    common::v1::Consistency,
    raft::v1::{StateRestore, command::Command},
    snapshot::v1::{
        ArchiveHeader, RestoreRequest, RestoreResponse, SaveRequest, SaveResponse, SnapshotRecord,
        snapshot_service_client::SnapshotServiceClient,
        snapshot_service_server::{SnapshotService, SnapshotServiceServer},
    },
    status::ErrorKind,
};
use tokio::{io::AsyncWriteExt as _, sync::mpsc};
use tokio_stream::{Stream, StreamExt as _, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};

use super::{ServerContext, blocking::query_meta, caller, check_datacenter, forward, query_token};
use crate::{
    archive::{self, ArchiveWriter},
    state::encode_command,
    storage::{Tables as _, restore::RESTORABLE_TABLES, snapshot::SnapshotReader},
};

/// Bytes per streamed archive piece.
const PIECE: usize = 256 << 10;
/// Bytes of rows per proposed restore piece.
const RESTORE_PIECE: usize = 512 << 10;

/// The snapshot service.
pub struct SnapshotApi {
    ctx: ServerContext,
    datacenter: String,
}

/// The tonic service type.
pub type Service = SnapshotServiceServer<SnapshotApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext, datacenter: String) -> Service {
    SnapshotServiceServer::new(SnapshotApi { ctx, datacenter })
        .max_decoding_message_size(roster_proto::snapshot::MAX_MESSAGE_SIZE)
}

fn internal(e: impl std::fmt::Display) -> Status {
    ErrorKind::Internal.status(format!("snapshot: {e}"))
}

/// A `Write` that sends what it is given, in pieces, down a channel.
struct ChannelSink {
    tx: mpsc::Sender<Result<SaveResponse, Status>>,
    buf: Vec<u8>,
}

impl ChannelSink {
    fn send(&mut self) -> std::io::Result<()> {
        let data = std::mem::take(&mut self.buf);
        self.tx
            .blocking_send(Ok(SaveResponse {
                data,
                query_meta: None,
            }))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client went away"))
    }
}

impl Write for ChannelSink {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= PIECE {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

type SaveStream = Pin<Box<dyn Stream<Item = Result<SaveResponse, Status>> + Send>>;

#[tonic::async_trait]
impl SnapshotService for SnapshotApi {
    type SaveStream = SaveStream;

    async fn save(&self, request: Request<SaveRequest>) -> Result<Response<SaveStream>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        caller(&self.ctx.acl, &request, token)
            .await?
            .require_global(crate::acl::Global::Acl, crate::acl::Need::Write)?;
        let options = request.into_inner().query_options.unwrap_or_default();
        check_datacenter(&self.datacenter, &options.datacenter)?;
        let consistency = if options.consistency == Consistency::Stale as i32 {
            Consistency::Stale
        } else {
            forward::ensure_leader(&self.ctx).await?;
            Consistency::Unspecified
        };
        let engine = self.ctx.state.engine().clone();
        let dir = engine
            .snapshot_root()
            .join(format!("save-{:016x}", rand::random::<u64>()));
        let checkpoint = dir.clone();
        let reader = tokio::task::spawn_blocking(move || {
            engine.checkpoint(&checkpoint)?;
            SnapshotReader::open(&checkpoint)
        })
        .await
        .map_err(internal)?
        .map_err(internal)?;
        let index = reader.applied_index().map_err(internal)?;
        let (tx, rx) = mpsc::channel(4);
        tx.send(Ok(SaveResponse {
            data: Vec::new(),
            query_meta: Some(query_meta(&self.ctx, consistency, index)),
        }))
        .await
        .map_err(internal)?;
        let datacenter = self.datacenter.clone();
        tokio::task::spawn_blocking(move || {
            let result = write_archive(&reader, index, datacenter, tx.clone());
            drop(reader);
            let _ = std::fs::remove_dir_all(&dir);
            if let Err(e) = result {
                let _ = tx.blocking_send(Err(internal(e)));
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    async fn restore(
        &self,
        request: Request<tonic::Streaming<RestoreRequest>>,
    ) -> Result<Response<RestoreResponse>, Status> {
        let metadata = request.metadata().clone();
        let mut secret = crate::acl::resolver::request_secret(&metadata, "");
        let mut stream = request.into_inner();
        let root = self.ctx.state.engine().snapshot_root();
        tokio::fs::create_dir_all(&root).await.map_err(internal)?;
        let path = root.join(format!("restore-{:016x}.gz", rand::random::<u64>()));
        let result = async {
            // Spool the upload (bounded memory), checking the datacenter.
            let mut file = tokio::fs::File::create(&path).await.map_err(internal)?;
            let mut first = true;
            while let Some(piece) = stream.next().await {
                let piece = piece?;
                if first {
                    if let Some(w) = &piece.write_options {
                        check_datacenter(&self.datacenter, &w.datacenter)?;
                        // The body's token wins over metadata, as everywhere.
                        secret = crate::acl::resolver::request_secret(&metadata, &w.token);
                    }
                    // Checked before anything is spooled.
                    self.ctx
                        .acl
                        .caller(&tonic::metadata::MetadataMap::new(), &secret)
                        .await?
                        .require_global(crate::acl::Global::Acl, crate::acl::Need::Write)?;
                    first = false;
                }
                file.write_all(&piece.data).await.map_err(internal)?;
            }
            if first {
                // An empty upload: still nobody's business without the
                // permission.
                self.ctx
                    .acl
                    .caller(&tonic::metadata::MetadataMap::new(), &secret)
                    .await?
                    .require_global(crate::acl::Global::Acl, crate::acl::Need::Write)?;
            }
            file.flush().await.map_err(internal)?;
            drop(file);
            // Check everything before anything changes.
            let checked = path.clone();
            tokio::task::spawn_blocking(move || archive::verify_file(&checked))
                .await
                .map_err(internal)?
                .map_err(|e| ErrorKind::InvalidArgument.status(e))?;
            match forward::remote_leader(&self.ctx).await? {
                Some(leader) => restore_on(&leader, &path, &secret).await,
                None => propose_restore(&self.ctx, &path).await,
            }
        }
        .await;
        let _ = tokio::fs::remove_file(&path).await;
        result.map(Response::new)
    }
}

fn write_archive(
    reader: &SnapshotReader,
    index: u64,
    datacenter: String,
    tx: mpsc::Sender<Result<SaveResponse, Status>>,
) -> Result<(), String> {
    let header = ArchiveHeader {
        index,
        datacenter,
        version: crate::VERSION.to_string(),
        created: Some(prost_types::Timestamp::from(std::time::SystemTime::now())),
    };
    let sink = ChannelSink {
        tx,
        buf: Vec::with_capacity(PIECE),
    };
    let mut writer = ArchiveWriter::new(sink, header).map_err(|e| e.to_string())?;
    reader
        .chunks_of(&RESTORABLE_TABLES, PIECE, |records| {
            for (table, key, value) in records {
                writer.record(table, &key, &value).map_err(|e| {
                    crate::storage::StorageError::Corrupt {
                        cf: "snapshot",
                        detail: e.to_string(),
                    }
                })?;
            }
            Ok(true)
        })
        .map_err(|e| e.to_string())?;
    let (mut sink, _) = writer.finish().map_err(|e| e.to_string())?;
    sink.flush().map_err(|e| e.to_string())
}

/// Sends the spooled archive to the leader's SnapshotService.
async fn restore_on(leader: &str, path: &Path, secret: &str) -> Result<RestoreResponse, Status> {
    let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{leader}"))
        .map_err(internal)?
        .connect_timeout(std::time::Duration::from_secs(5));
    let channel = crate::tls::connect(endpoint)
        .await
        .map_err(|e| ErrorKind::Unavailable.status(format!("cannot reach the leader: {e}")))?;
    let (tx, rx) = mpsc::channel(4);
    let source = path.to_path_buf();
    let reader = tokio::spawn(async move {
        let mut file = tokio::fs::File::open(&source).await?;
        let mut buf = vec![0u8; PIECE];
        loop {
            let n = tokio::io::AsyncReadExt::read(&mut file, &mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(());
            }
            let piece = RestoreRequest {
                data: buf[..n].to_vec(),
                write_options: None,
            };
            if tx.send(piece).await.is_err() {
                return Ok(());
            }
        }
    });
    let mut request = Request::new(ReceiverStream::new(rx));
    if !secret.is_empty() {
        let value = secret
            .parse()
            .map_err(|_| ErrorKind::InvalidArgument.status("the token is not valid metadata"))?;
        request.metadata_mut().insert("x-consul-token", value);
    }
    let response = SnapshotServiceClient::new(channel)
        .max_encoding_message_size(roster_proto::snapshot::MAX_MESSAGE_SIZE)
        .restore(request)
        .await?;
    reader.await.map_err(internal)?.map_err(internal)?;
    Ok(response.into_inner())
}

/// Proposes the archive's rows as `StateRestore` pieces (this server leads).
async fn propose_restore(ctx: &ServerContext, path: &Path) -> Result<RestoreResponse, Status> {
    let restore_id = rand::random::<u64>();
    let (tx, mut rx) = mpsc::channel::<Result<Vec<SnapshotRecord>, String>>(2);
    let source = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut reader = match archive::open_file(&source) {
            Ok(r) => r,
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        };
        let mut piece = Vec::new();
        let mut size = 0;
        loop {
            match reader.next_record() {
                Ok(Some(r)) => {
                    size += r.key.len() + r.value.len() + 16;
                    piece.push(r);
                    if size >= RESTORE_PIECE {
                        if tx.blocking_send(Ok(std::mem::take(&mut piece))).is_err() {
                            return;
                        }
                        size = 0;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
            }
        }
        let _ = tx.blocking_send(Ok(piece));
    });
    // Read one piece ahead, to know which is last.
    let mut next = rx.recv().await;
    let mut sequence = 0u32;
    let mut records = 0u64;
    loop {
        let piece = match next.take() {
            Some(Ok(p)) => p,
            Some(Err(e)) => return Err(ErrorKind::InvalidArgument.status(e)),
            None => return Err(internal("archive reader stopped early")),
        };
        next = rx.recv().await;
        let last = next.is_none();
        records += piece.len() as u64;
        let command = Command::StateRestore(StateRestore {
            restore_id,
            sequence,
            records: piece,
            last,
        });
        let outcome = forward::apply(ctx, encode_command(command))
            .await
            .map_err(|s| {
                if !last {
                    ErrorKind::Unavailable.status(format!(
                        "the restore was interrupted ({}); nothing was replaced, try again",
                        s.message()
                    ))
                } else {
                    s
                }
            })?;
        if !outcome.success {
            return Err(ErrorKind::Unavailable.status(
                "another restore interleaved with this one; nothing was replaced, try again",
            ));
        }
        if last {
            return Ok(RestoreResponse {
                index: outcome.index,
                records,
            });
        }
        sequence += 1;
    }
}

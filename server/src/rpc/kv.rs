//! `roster.kv.v1.KVService`: Consul's `/v1/kv/` over Raft and the KV table.

use std::{collections::HashMap, pin::Pin, sync::Arc};

use roster_proto::{
    common::v1::{QueryMeta, QueryOptions},
    kv::{
        MAX_VALUE_SIZE,
        v1::{
            DeleteRequest, DeleteResponse, Entry, GetRequest, GetResponse, ListKeysRequest,
            ListKeysResponse, ListRequest, ListResponse, PutRequest, PutResponse, ScanRequest,
            ScanResponse, WatchRequest, WatchResponse,
            kv_service_server::{KvService, KvServiceServer},
        },
        validate_key, value_too_large_message,
    },
    raft::v1::{KvDelete, KvDeleteTree, KvLock, KvSet, KvUnlock, command::Command},
    status::{ErrorKind, HasErrorKind as _},
    storage::v1::StoredEntry,
};
use tokio_stream::{Stream, StreamExt as _};
use tonic::{Request, Response, Status};

use super::{
    ServerContext,
    blocking::{blocking_query, blocking_scan, confirm_watch, watch},
    caller, forward, query_token, request_id, write_token,
};
use crate::{
    acl::{Need, Resource, resolver::Caller},
    state::{WatchTarget, encode_request, kv},
    storage::KvRecord,
};

/// The KV service.
pub struct KvApi {
    ctx: ServerContext,
    turns: AcquireTurns,
}

/// Acquires of one key take turns on the leader: each is decided after the
/// one before it has applied. When a lock is released, every waiter wakes
/// and asks for it at once (Consul's leader-election recipe); without
/// turns each ask would be a Raft entry that fails at apply, and the one
/// that wins would wait behind them. In turn, an ask for a key another
/// session already holds is answered `false` from the applied state, as
/// its apply would answer, without a Raft entry.
#[derive(Default)]
struct AcquireTurns {
    /// Each key asked for: its gate, and how many asks hold or wait for it.
    keys: std::sync::Mutex<HashMap<String, (Gate, usize)>>,
}

/// The gate of one key: its holder is the ask whose turn it is.
type Gate = Arc<tokio::sync::Mutex<()>>;

impl AcquireTurns {
    /// Waits for `key`'s turn; the turn ends when the returned value is
    /// dropped (a wait given up counts out too).
    async fn take(&self, key: &str) -> AcquireTurn<'_> {
        let gate = {
            let mut keys = self.keys.lock().expect("acquire turns");
            let (gate, users) = keys.entry(key.to_string()).or_default();
            *users += 1;
            gate.clone()
        };
        let mut turn = AcquireTurn {
            turns: self,
            key: key.to_string(),
            guard: None,
        };
        turn.guard = Some(gate.lock_owned().await);
        turn
    }
}

/// One acquire's turn at a key (or its wait for it).
struct AcquireTurn<'a> {
    turns: &'a AcquireTurns,
    key: String,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for AcquireTurn<'_> {
    fn drop(&mut self) {
        self.guard = None;
        let mut keys = self.turns.keys.lock().expect("acquire turns");
        if let Some((_, users)) = keys.get_mut(&self.key) {
            *users -= 1;
            if *users == 0 {
                keys.remove(&self.key);
            }
        }
    }
}

/// The tonic service type.
pub type Service = KvServiceServer<KvApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext) -> KvServiceServer<KvApi> {
    KvServiceServer::new(KvApi {
        ctx,
        turns: AcquireTurns::default(),
    })
    .max_decoding_message_size(MAX_VALUE_SIZE + 64 * 1024)
}

fn to_entry(key: String, e: StoredEntry) -> Entry {
    Entry {
        key,
        value: e.value,
        flags: e.flags,
        session: e.session,
        lock_index: e.lock_index,
        create_index: e.create_index,
        modify_index: e.modify_index,
    }
}

fn records_to_entries(records: Vec<KvRecord>) -> Vec<Entry> {
    records
        .into_iter()
        .map(|r| to_entry(r.key, r.entry))
        .collect()
}

fn check_key(key: &str, allow_empty: bool) -> Result<(), Status> {
    validate_key(key, allow_empty).map_err(|e| ErrorKind::InvalidArgument.status(e.to_string()))
}

/// A (blocking) read of one key, as `Get` and `Watch` serve it.
async fn read_key(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    key: &str,
) -> Result<(Option<Entry>, QueryMeta), Status> {
    let owned = key.to_string();
    let (entry, meta) = blocking_query(
        ctx,
        options,
        WatchTarget::KvKey(owned.clone()),
        move |engine| kv::get(engine, &owned),
    )
    .await?;
    Ok((entry.map(|e| to_entry(key.to_string(), e)), meta))
}

/// A (blocking) read of every entry under a prefix, as `List` and `Watch`
/// serve it.
async fn read_prefix(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    prefix: &str,
) -> Result<(Vec<Entry>, QueryMeta), Status> {
    let owned = prefix.to_string();
    let (records, meta) = blocking_query(
        ctx,
        options,
        WatchTarget::KvPrefix(owned.clone()),
        move |engine| kv::list(engine, &owned),
    )
    .await?;
    Ok((records_to_entries(records), meta))
}

/// One round of a watch: the key's or prefix's state once it moved past
/// `options.min_index`.
async fn watch_round(
    ctx: &ServerContext,
    req: &WatchRequest,
    options: &QueryOptions,
    caller: &Caller,
) -> Result<(Vec<Entry>, QueryMeta), Status> {
    if req.prefix {
        let (mut entries, mut meta) = read_prefix(ctx, Some(options), &req.key).await?;
        meta.results_filtered_by_acls = readable(caller, &mut entries);
        Ok((entries, meta))
    } else {
        let (entry, meta) = read_key(ctx, Some(options), &req.key).await?;
        Ok((entry.into_iter().collect(), meta))
    }
}

/// Leaves out the entries `caller` may not read; true when the reply
/// should say so.
fn readable(caller: &Caller, entries: &mut Vec<Entry>) -> bool {
    caller.filter(entries, |e| caller.may(Resource::Key, &e.key, Need::Read))
}

impl KvApi {
    /// A put that takes the key's lock (`acquire_session`). Run on the
    /// leader, in the key's turn ([`AcquireTurns`]): it refuses an unknown
    /// session, a key in its lock-delay (kept by each server in memory, so
    /// only the leader's counts) and a key another session holds, before
    /// proposing; the apply decides the rest the same way everywhere.
    async fn acquire(
        &self,
        req: PutRequest,
        request_id: String,
    ) -> Result<Response<PutResponse>, Status> {
        forward::ensure_leader(&self.ctx).await?;
        let state = &self.ctx.state;
        let known = |session: &str| -> Result<bool, Status> {
            Ok(crate::state::session::get(state.engine(), session)
                .map_err(|e| e.to_status())?
                .0
                .is_some())
        };
        let session = req.acquire_session.clone();
        let invalid = || ErrorKind::Refused.status(format!("invalid session {session:?}"));
        if !known(&session)? {
            return Err(invalid());
        }
        let _turn = self.turns.take(&req.key).await;
        // Leadership may have moved while waiting: refusals are answered
        // from the leader's state only.
        forward::ensure_leader(&self.ctx).await?;
        let held_by_another = || -> Result<bool, Status> {
            Ok(kv::get(state.engine(), &req.key)
                .map_err(|e| e.to_status())?
                .0
                .is_some_and(|e| !e.session.is_empty() && e.session != session))
        };
        if state.lock_delays().remaining(&req.key).is_some() || held_by_another()? {
            return Ok(Response::new(PutResponse {
                index: self.ctx.raft.status().applied_index,
                success: false,
            }));
        }
        let data = encode_request(
            Command::KvLock(KvLock {
                key: req.key,
                value: req.value,
                flags: req.flags,
                session: req.acquire_session,
            }),
            request_id,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        if !outcome.success && !known(&session)? {
            // Invalidated between the check and the apply.
            return Err(invalid());
        }
        Ok(Response::new(PutResponse {
            index: outcome.index,
            success: outcome.success,
        }))
    }
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<WatchResponse, Status>> + Send>>;
type ScanStream = Pin<Box<dyn Stream<Item = Result<ScanResponse, Status>> + Send>>;

/// About how many bytes of entries one `ScanResponse` carries.
const SCAN_PAGE_BYTES: usize = 1 << 20;

#[tonic::async_trait]
impl KvService for KvApi {
    #[tracing::instrument(skip_all)]
    async fn get(&self, request: Request<GetRequest>) -> Result<Response<GetResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_key(&req.key, false)?;
        caller.require(Resource::Key, &req.key, Need::Read)?;
        let (entry, query_meta) = read_key(&self.ctx, req.query_options.as_ref(), &req.key).await?;
        Ok(Response::new(GetResponse {
            query_meta: Some(query_meta),
            entry,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list(&self, request: Request<ListRequest>) -> Result<Response<ListResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_key(&req.prefix, true)?;
        let (mut entries, mut query_meta) =
            read_prefix(&self.ctx, req.query_options.as_ref(), &req.prefix).await?;
        query_meta.results_filtered_by_acls = readable(&caller, &mut entries);
        Ok(Response::new(ListResponse {
            query_meta: Some(query_meta),
            entries,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_keys(
        &self,
        request: Request<ListKeysRequest>,
    ) -> Result<Response<ListKeysResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_key(&req.prefix, true)?;
        let (prefix, separator) = (req.prefix.clone(), req.separator.clone());
        let (mut keys, mut query_meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::KvPrefix(req.prefix),
            move |engine| kv::list_keys(engine, &prefix, &separator),
        )
        .await?;
        query_meta.results_filtered_by_acls =
            caller.filter(&mut keys, |k| caller.may(Resource::Key, k, Need::Read));
        Ok(Response::new(ListKeysResponse {
            query_meta: Some(query_meta),
            keys,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn put(&self, request: Request<PutRequest>) -> Result<Response<PutResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_key(&req.key, false)?;
        caller.require(Resource::Key, &req.key, Need::Write)?;
        if req.value.len() > MAX_VALUE_SIZE {
            return Err(ErrorKind::TooLarge.status(value_too_large_message(req.value.len())));
        }
        let request_id = request_id(req.write_options.as_ref())?;
        let modes = [
            req.cas_index.is_some(),
            !req.acquire_session.is_empty(),
            !req.release_session.is_empty(),
        ];
        if modes.iter().filter(|m| **m).count() > 1 {
            return Err(ErrorKind::InvalidArgument.status(
                "at most one of cas_index, acquire_session and release_session may be set",
            ));
        }
        if !req.acquire_session.is_empty() {
            return self.acquire(req, request_id).await;
        }
        let command = if req.release_session.is_empty() {
            Command::KvSet(KvSet {
                key: req.key,
                value: req.value,
                flags: req.flags,
                cas_index: req.cas_index,
            })
        } else {
            Command::KvUnlock(KvUnlock {
                key: req.key,
                value: req.value,
                flags: req.flags,
                session: req.release_session,
            })
        };
        let outcome = forward::apply(&self.ctx, encode_request(command, request_id)).await?;
        Ok(Response::new(PutResponse {
            index: outcome.index,
            success: outcome.success,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn delete(
        &self,
        request: Request<DeleteRequest>,
    ) -> Result<Response<DeleteResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_key(&req.key, req.recurse)?;
        if !req.recurse {
            caller.require(Resource::Key, &req.key, Need::Write)?;
        } else if !caller.authz().allows_write_prefix(&req.key) {
            return Err(caller.denied("key:write", Some(&req.key)));
        }
        let request_id = request_id(req.write_options.as_ref())?;
        let command = match (req.recurse, req.cas_index) {
            (true, Some(_)) => {
                return Err(ErrorKind::InvalidArgument
                    .status("a recursive delete cannot be a check-and-set"));
            }
            (true, None) => Command::KvDeleteTree(KvDeleteTree { prefix: req.key }),
            (false, cas_index) => Command::KvDelete(KvDelete {
                key: req.key,
                cas_index,
            }),
        };
        let outcome = forward::apply(&self.ctx, encode_request(command, request_id)).await?;
        Ok(Response::new(DeleteResponse {
            index: outcome.index,
            success: outcome.success,
        }))
    }

    type WatchStream = WatchStream;
    type ScanStream = ScanStream;

    #[tracing::instrument(skip_all)]
    async fn scan(&self, request: Request<ScanRequest>) -> Result<Response<ScanStream>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_key(&req.prefix, true)?;
        if !caller.authz().reads_all_under(Resource::Key, &req.prefix) {
            // Some entries are left out: read them whole, filter, and send
            // them in pages (whether anything was left out is known before
            // the first message, which carries it).
            let (mut entries, mut meta) =
                read_prefix(&self.ctx, req.query_options.as_ref(), &req.prefix).await?;
            meta.results_filtered_by_acls = readable(&caller, &mut entries);
            let mut pages = vec![ScanResponse {
                query_meta: Some(meta),
                entries: Vec::new(),
            }];
            let mut page = Vec::new();
            let mut bytes = 0;
            for e in entries {
                bytes += e.key.len() + e.value.len() + 64;
                page.push(e);
                if bytes >= SCAN_PAGE_BYTES {
                    pages.push(ScanResponse {
                        query_meta: None,
                        entries: std::mem::take(&mut page),
                    });
                    bytes = 0;
                }
            }
            if !page.is_empty() {
                pages.push(ScanResponse {
                    query_meta: None,
                    entries: page,
                });
            }
            return Ok(Response::new(Box::pin(tokio_stream::iter(
                pages.into_iter().map(Ok),
            ))));
        }
        let (for_index, for_scan) = (req.prefix.clone(), req.prefix.clone());
        let (meta, pages) = blocking_scan(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::KvPrefix(req.prefix),
            move |view| kv::prefix_read_index(view, &for_index),
            move |view, send| {
                kv::scan_pages(view, &for_scan, SCAN_PAGE_BYTES, |records| {
                    send(records_to_entries(records))
                })
            },
        )
        .await?;
        let first = ScanResponse {
            query_meta: Some(meta),
            entries: Vec::new(),
        };
        let rest = tokio_stream::wrappers::ReceiverStream::new(pages).map(|page| {
            page.map(|entries| ScanResponse {
                query_meta: None,
                entries,
            })
        });
        Ok(Response::new(Box::pin(
            tokio_stream::once(Ok(first)).chain(rest),
        )))
    }

    #[tracing::instrument(skip_all)]
    async fn watch(
        &self,
        request: Request<WatchRequest>,
    ) -> Result<Response<Self::WatchStream>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let token = self.ctx.acl.token_of(request.metadata(), token);
        let first = self.ctx.acl.caller_for(&token).await?;
        let mut req = request.into_inner();
        check_key(&req.key, req.prefix)?;
        if !req.prefix {
            first.require(Resource::Key, &req.key, Need::Read)?;
        }
        confirm_watch(&self.ctx, req.query_options.as_ref()).await?;
        let ctx = self.ctx.clone();
        let options = req.query_options.take().unwrap_or_default();
        let req = std::sync::Arc::new(req);
        let rx = watch(options, move |options| {
            let (ctx, req, token) = (ctx.clone(), std::sync::Arc::clone(&req), token.clone());
            async move {
                // Asked again each round: a token deleted or changed since
                // the stream opened takes effect at its next change.
                let caller = ctx.acl.caller_for(&token).await?;
                if !req.prefix {
                    caller.require(Resource::Key, &req.key, Need::Read)?;
                }
                let (entries, meta) = watch_round(&ctx, &req, &options, &caller).await?;
                let index = meta.index;
                let response = WatchResponse {
                    query_meta: Some(meta),
                    entries,
                };
                Ok((response, index))
            }
        });
        Ok(Response::new(Box::pin(rx)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn acquire_turns_take_turns_and_forget_keys_nobody_asks_for() {
        let turns = AcquireTurns::default();
        let first = turns.take("k").await;
        // A second ask waits; given up, it is counted out.
        let gave_up = tokio::time::timeout(Duration::from_millis(20), turns.take("k")).await;
        assert!(gave_up.is_err(), "the key's turn is taken");
        let other = turns.take("other").await;
        drop(first);
        let second = tokio::time::timeout(Duration::from_secs(1), turns.take("k"))
            .await
            .expect("the turn passes on");
        drop(second);
        drop(other);
        assert!(turns.keys.lock().unwrap().is_empty());
    }
}

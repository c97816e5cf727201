//! `roster.txn.v1.TxnService`: transactions. Consul: `PUT /v1/txn`.
//!
//! A transaction with writes is one Raft entry, applied all or nothing
//! (`state/txn.rs`); one of reads only is served without Raft, in the
//! consistency mode asked for. Malformed requests (too many operations, a
//! value too large, a bad key) are refused before anything runs; an
//! operation that fails (a stale index, a check that does not hold, an
//! unknown verb, a node, service or check operation missing what it names,
//! as Consul's pre-checks) rolls the transaction back and is listed in the
//! answer.

use roster_proto::{
    common::v1::QueryOptions,
    kv::{MAX_VALUE_SIZE, validate_key},
    raft::v1::{Txn, command::Command},
    status::ErrorKind,
    txn::{
        MAX_OPS,
        v1::{
            CatalogVerb, KvVerb, ReadTxnRequest, ReadTxnResponse, TxnError, TxnOp, TxnRequest,
            TxnResponse, txn_op,
            txn_service_server::{TxnService, TxnServiceServer},
        },
    },
};
use tonic::{Request, Response, Status};

use super::{ServerContext, blocking::blocking_query, forward};
use crate::{
    state::{
        TABLE_KV, WatchTarget,
        catalog::{TABLE_CHECKS, TABLE_NODES, TABLE_SERVICES, tables_index},
        encode_command, txn,
    },
    storage::Tables as _,
};

/// The transaction service.
pub struct TxnApi {
    ctx: ServerContext,
}

/// The tonic service type.
pub type Service = TxnServiceServer<TxnApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext) -> Service {
    TxnServiceServer::new(TxnApi { ctx })
        .max_decoding_message_size(MAX_OPS * (MAX_VALUE_SIZE + 16 * 1024))
}

/// Refuses what no transaction may hold; the operations that fail before
/// running (an unknown verb, a node, service or check operation missing
/// what it names), rolling the transaction back.
fn check_ops(ops: &[TxnOp]) -> Result<Vec<TxnError>, Status> {
    if ops.len() > MAX_OPS {
        return Err(ErrorKind::TooLarge.status(format!(
            "Transaction contains too many operations ({} > {MAX_OPS})",
            ops.len()
        )));
    }
    let mut failed = Vec::new();
    for (at, op) in ops.iter().enumerate() {
        let catalog_verb = match &op.op {
            None => {
                return Err(ErrorKind::InvalidArgument.status(format!("operation {at} is empty")));
            }
            Some(txn_op::Op::Kv(_)) => None,
            Some(txn_op::Op::Node(n)) => Some(("Node", n.verb)),
            Some(txn_op::Op::Service(s)) => Some(("Service", s.verb)),
            Some(txn_op::Op::Check(c)) => Some(("Check", c.verb)),
        };
        if let Some((kind, verb)) = catalog_verb {
            if CatalogVerb::try_from(verb).unwrap_or_default() == CatalogVerb::Unspecified {
                failed.push(TxnError {
                    op_index: at as u32,
                    what: format!("unknown {kind} verb {verb}"),
                });
            } else if let Some(why) = txn::invalid_catalog_op(op) {
                // Consul's pre-checks answer these as failed operations.
                failed.push(TxnError {
                    op_index: at as u32,
                    what: why,
                });
            }
            continue;
        }
        let Some(txn_op::Op::Kv(kv)) = &op.op else {
            continue;
        };
        let verb = KvVerb::try_from(kv.verb).unwrap_or(KvVerb::Unspecified);
        if verb == KvVerb::Unspecified {
            failed.push(TxnError {
                op_index: at as u32,
                what: format!("unknown KV verb {}", kv.verb),
            });
            continue;
        }
        let tree = matches!(verb, KvVerb::GetTree | KvVerb::DeleteTree);
        validate_key(&kv.key, tree)
            .map_err(|e| ErrorKind::InvalidArgument.status(format!("operation {at}: {e}")))?;
        if kv.value.len() > MAX_VALUE_SIZE {
            return Err(ErrorKind::TooLarge.status(format!(
                "Value for key {:?} is too large ({} > {MAX_VALUE_SIZE} bytes)",
                kv.key,
                kv.value.len()
            )));
        }
    }
    Ok(failed)
}

impl TxnApi {
    async fn read(
        &self,
        options: Option<&QueryOptions>,
        ops: Vec<TxnOp>,
    ) -> Result<ReadTxnResponse, Status> {
        if options.is_some_and(|o| o.min_index > 0) {
            return Err(
                ErrorKind::InvalidArgument.status("transactions do not block: min_index must be 0")
            );
        }
        let (outcome, meta) = blocking_query(
            &self.ctx,
            options,
            WatchTarget::KvPrefix(String::new()),
            move |view| {
                let outcome = txn::read(view, &ops)?;
                let mut index = view.table_index(TABLE_KV)?;
                if ops
                    .iter()
                    .any(|op| !matches!(op.op, Some(txn_op::Op::Kv(_))))
                {
                    index = index.max(tables_index(
                        view,
                        &[TABLE_NODES, TABLE_SERVICES, TABLE_CHECKS],
                    )?);
                }
                Ok((outcome, index.max(1)))
            },
        )
        .await?;
        Ok(ReadTxnResponse {
            query_meta: Some(meta),
            results: outcome.results,
            errors: outcome.errors,
        })
    }
}

#[tonic::async_trait]
impl TxnService for TxnApi {
    #[tracing::instrument(skip_all)]
    async fn txn(&self, request: Request<TxnRequest>) -> Result<Response<TxnResponse>, Status> {
        let req = request.into_inner();
        let failed = check_ops(&req.ops)?;
        if !failed.is_empty() {
            return Ok(Response::new(TxnResponse {
                index: 0,
                results: Vec::new(),
                errors: failed,
            }));
        }
        if roster_proto::txn::read_only(&req.ops) {
            let r = self.read(None, req.ops).await?;
            return Ok(Response::new(TxnResponse {
                index: r.query_meta.map_or(0, |m| m.index),
                results: r.results,
                errors: r.errors,
            }));
        }
        let data = encode_command(Command::Txn(Txn { ops: req.ops }));
        let outcome = forward::apply(&self.ctx, data).await?;
        let result = outcome.txn.as_deref().cloned().unwrap_or_default();
        Ok(Response::new(TxnResponse {
            index: outcome.index,
            results: result.results,
            errors: result.errors,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn read_txn(
        &self,
        request: Request<ReadTxnRequest>,
    ) -> Result<Response<ReadTxnResponse>, Status> {
        let req = request.into_inner();
        let failed = check_ops(&req.ops)?;
        if !failed.is_empty() {
            return Ok(Response::new(ReadTxnResponse {
                query_meta: None,
                results: Vec::new(),
                errors: failed,
            }));
        }
        if !roster_proto::txn::read_only(&req.ops) {
            return Err(ErrorKind::InvalidArgument
                .status("ReadTxn takes read operations only (get, get-tree, check-*)"));
        }
        Ok(Response::new(
            self.read(req.query_options.as_ref(), req.ops).await?,
        ))
    }
}

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
    status::{ErrorKind, HasErrorKind as _},
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

use super::{ServerContext, blocking::blocking_query, caller, forward, query_token, write_token};
use crate::{
    acl::{Need, Resource, resolver::Caller},
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

/// The operations `caller` may not run, each as a failed operation
/// (Consul's per-operation ACL check: the transaction rolls back).
fn vet_ops(
    caller: &Caller,
    view: &impl crate::storage::Source,
    ops: &[TxnOp],
) -> Result<Vec<TxnError>, Status> {
    use crate::storage::CatalogTables as _;
    let storage = |e: crate::storage::StorageError| crate::state::StateError::from(e).to_status();
    let mut denied = Vec::new();
    for (at, op) in ops.iter().enumerate() {
        let result = match &op.op {
            Some(txn_op::Op::Kv(kv)) => match KvVerb::try_from(kv.verb).unwrap_or_default() {
                KvVerb::Get
                | KvVerb::CheckIndex
                | KvVerb::CheckSession
                | KvVerb::CheckNotExists => caller.require(Resource::Key, &kv.key, Need::Read),
                // Filtered: what it may not read is left out.
                KvVerb::GetTree | KvVerb::Unspecified => Ok(()),
                KvVerb::DeleteTree => {
                    if caller.authz().allows_write_prefix(&kv.key) {
                        Ok(())
                    } else {
                        Err(caller.denied("key:write", Some(&kv.key)))
                    }
                }
                _ => caller.require(Resource::Key, &kv.key, Need::Write),
            },
            Some(txn_op::Op::Node(n)) => {
                let need = need_of(n.verb);
                let want = n.node.clone().unwrap_or_default();
                // The node named, and the node its ID names (what a get or
                // a delete by ID acts on).
                let mut result = caller.require(Resource::Node, &want.node, need);
                if result.is_ok()
                    && !want.id.is_empty()
                    && let Some(stored) = view.catalog_node_by_id(&want.id).map_err(storage)?
                {
                    result = caller.require(Resource::Node, &stored, need);
                }
                result
            }
            Some(txn_op::Op::Service(s)) => {
                let need = need_of(s.verb);
                let svc = s.service.clone().unwrap_or_default();
                let id = if svc.id.is_empty() {
                    svc.service.clone()
                } else {
                    svc.id.clone()
                };
                let stored = view.catalog_service(&s.node, &id).map_err(storage)?;
                // The instance acted on (by ID) and, for a write, the name
                // it will have; reading needs the node too.
                let mut names: Vec<String> = stored.iter().map(|x| x.service.clone()).collect();
                if need == Need::Write && !svc.service.is_empty() {
                    names.push(svc.service.clone());
                }
                let mut result = Ok(());
                for name in &names {
                    result = result.and_then(|()| caller.require(Resource::Service, name, need));
                }
                if need == Need::Read {
                    result =
                        result.and_then(|()| caller.require(Resource::Node, &s.node, Need::Read));
                }
                result
            }
            Some(txn_op::Op::Check(c)) => {
                let need = need_of(c.verb);
                let check = c.check.clone().unwrap_or_default();
                let owner = |service_id: &str| -> Result<Option<String>, Status> {
                    if service_id.is_empty() {
                        return Ok(None);
                    }
                    Ok(Some(
                        view.catalog_service(&check.node, service_id)
                            .map_err(storage)?
                            .map_or_else(|| service_id.to_string(), |x| x.service),
                    ))
                };
                // The stored check's owner (what a get or delete acts on)
                // and, for a write, the owner it will have.
                let mut owners = Vec::new();
                if let Some(stored) = view
                    .catalog_check(&check.node, &check.check_id)
                    .map_err(storage)?
                {
                    owners.push(owner(&stored.service_id)?);
                }
                if need == Need::Write {
                    owners.push(owner(&check.service_id)?);
                }
                let mut result = caller.require(Resource::Node, &check.node, Need::Read);
                for o in &owners {
                    result = result.and_then(|()| match o {
                        None => caller.require(Resource::Node, &check.node, need),
                        Some(name) => caller.require(Resource::Service, name, need),
                    });
                }
                result
            }
            None => Ok(()),
        };
        if let Err(status) = result {
            denied.push(TxnError {
                op_index: at as u32,
                what: status.message().to_string(),
            });
        }
    }
    Ok(denied)
}

/// What a catalog verb needs.
fn need_of(verb: i32) -> Need {
    if CatalogVerb::try_from(verb).unwrap_or_default() == CatalogVerb::Get {
        Need::Read
    } else {
        Need::Write
    }
}

/// Leaves out the results `caller` may not read: KV entries (a get-tree's)
/// by key, nodes by node, services and checks by node and service.
fn readable_results(caller: &Caller, results: &mut Vec<roster_proto::txn::v1::TxnResult>) -> bool {
    use roster_proto::txn::v1::txn_result;
    caller.filter(results, |r| match &r.result {
        Some(txn_result::Result::Kv(e)) => caller.may(Resource::Key, &e.key, Need::Read),
        Some(txn_result::Result::Node(n)) => caller.may(Resource::Node, &n.node, Need::Read),
        Some(txn_result::Result::Service(s)) => {
            caller.may(Resource::Service, &s.service, Need::Read)
        }
        Some(txn_result::Result::Check(c)) => {
            caller.may(Resource::Node, &c.node, Need::Read)
                && (c.service_id.is_empty()
                    || caller.may(Resource::Service, &c.service_name, Need::Read))
        }
        None => true,
    })
}

impl TxnApi {
    async fn read(
        &self,
        options: Option<&QueryOptions>,
        ops: Vec<TxnOp>,
        caller: &Caller,
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
        let (mut meta, mut results) = (meta, outcome.results);
        meta.results_filtered_by_acls = readable_results(caller, &mut results);
        Ok(ReadTxnResponse {
            query_meta: Some(meta),
            results,
            errors: outcome.errors,
        })
    }
}

#[tonic::async_trait]
impl TxnService for TxnApi {
    #[tracing::instrument(skip_all)]
    async fn txn(&self, request: Request<TxnRequest>) -> Result<Response<TxnResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let mut failed = check_ops(&req.ops)?;
        if failed.is_empty() {
            failed = vet_ops(&caller, self.ctx.state.engine(), &req.ops)?;
        }
        if !failed.is_empty() {
            return Ok(Response::new(TxnResponse {
                index: 0,
                results: Vec::new(),
                errors: failed,
            }));
        }
        if roster_proto::txn::read_only(&req.ops) {
            let r = self.read(None, req.ops, &caller).await?;
            return Ok(Response::new(TxnResponse {
                index: r.query_meta.map_or(0, |m| m.index),
                results: r.results,
                errors: r.errors,
            }));
        }
        let data = encode_command(Command::Txn(Txn { ops: req.ops }));
        let outcome = forward::apply(&self.ctx, data).await?;
        let mut result = outcome.txn.as_deref().cloned().unwrap_or_default();
        readable_results(&caller, &mut result.results);
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
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let mut failed = check_ops(&req.ops)?;
        if failed.is_empty() {
            failed = vet_ops(&caller, self.ctx.state.engine(), &req.ops)?;
        }
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
            self.read(req.query_options.as_ref(), req.ops, &caller)
                .await?,
        ))
    }
}

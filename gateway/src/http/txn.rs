//! `PUT /v1/txn` over `roster.txn.v1.TxnService`: a JSON array of
//! operations, at most 64, each one of `{"KV": {"Verb", "Key", "Value"
//! (base64), "Flags", "Index", "Session"}}`, `{"Node": {"Verb", "Node":
//! {Node}}}`, `{"Service": {"Verb", "Node", "Service": {NodeService}}}` and
//! `{"Check": {"Verb", "Check": {HealthCheck}}}` (catalog verbs `set`,
//! `cas`, `get`, `delete`, `delete-cas`; `ModifyIndex` in the object for the
//! CAS ones). Reads only go to `ReadTxn` (with `?stale` / `?consistent`, no
//! index), anything else to `Txn`. Applied: 200 `{"Results": [{"KV": ...},
//! {"Node": ...}, ...], "Errors": null}`; rolled back: 409 `{"Results":
//! null, "Errors": [{"OpIndex", "What"}]}`.

use axum::{body::Body, extract::State, response::Response};
use base64::Engine as _;
use http::{HeaderMap, Method, StatusCode, Uri};
use roster_proto::{
    catalog::v1::Node,
    definitions::{decode_catalog_check, decode_service},
    txn::{
        MAX_OPS,
        v1::{
            CatalogVerb, CheckOp, KvOp, KvVerb, NodeOp, ReadTxnRequest, ServiceOp, TxnError, TxnOp,
            TxnRequest, TxnResult, txn_op, txn_result, txn_service_client::TxnServiceClient,
        },
    },
};
use serde::Serialize;
use serde_json::Value;

use super::{
    Error, Gateway,
    catalog::{HealthCheckJson, NodeJson, NodeServiceJson},
    endpoint,
    json::Obj,
    json_response,
    kv::{DirEntry, read_value},
    query_options, with_meta, write_options,
};

fn client(gateway: &Gateway) -> TxnServiceClient<super::Transport> {
    TxnServiceClient::new(gateway.channel()).max_decoding_message_size(super::MAX_REPLY_SIZE)
}

/// Consul's `txn_max_req_len` (never less than `kv_max_value_size`).
const MAX_BODY: usize = roster_proto::kv::MAX_VALUE_SIZE;

/// One result: `{"KV": ...}`, `{"Node": ...}`, `{"Service": ...}` or
/// `{"Check": ...}`.
#[derive(Serialize)]
enum ResultJson<'a> {
    #[serde(rename = "KV")]
    Kv(DirEntry<'a>),
    Node(NodeJson),
    Service(Box<NodeServiceJson>),
    Check(Box<HealthCheckJson>),
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorJson {
    op_index: u32,
    what: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AnswerJson<'a> {
    results: Option<Vec<ResultJson<'a>>>,
    errors: Option<Vec<ErrorJson>>,
}

fn verb(word: &str) -> Option<KvVerb> {
    Some(match word {
        "set" => KvVerb::Set,
        "cas" => KvVerb::Cas,
        "lock" => KvVerb::Lock,
        "unlock" => KvVerb::Unlock,
        "get" => KvVerb::Get,
        "get-tree" => KvVerb::GetTree,
        "check-index" => KvVerb::CheckIndex,
        "check-session" => KvVerb::CheckSession,
        "check-not-exists" => KvVerb::CheckNotExists,
        "delete" => KvVerb::Delete,
        "delete-tree" => KvVerb::DeleteTree,
        "delete-cas" => KvVerb::DeleteCas,
        _ => return None,
    })
}

fn catalog_verb(word: &str) -> Option<CatalogVerb> {
    Some(match word {
        "set" => CatalogVerb::Set,
        "cas" => CatalogVerb::Cas,
        "get" => CatalogVerb::Get,
        "delete" => CatalogVerb::Delete,
        "delete-cas" => CatalogVerb::DeleteCas,
        _ => return None,
    })
}

fn parse_error(why: impl std::fmt::Display) -> Error {
    Error::bad_request(format!("Failed to parse body: {why}"))
}

/// The operations of a body, or the 409 answer of the ones with an unknown
/// verb (which fail without running).
fn decode(bytes: &[u8]) -> Result<Result<Vec<TxnOp>, Vec<ErrorJson>>, Error> {
    let value: Value = serde_json::from_slice(bytes).map_err(parse_error)?;
    let Value::Array(items) = value else {
        return Err(parse_error("expected a JSON array of operations"));
    };
    if items.len() > MAX_OPS {
        return Err(Error::Rpc(
            roster_proto::status::ErrorKind::TooLarge.status(format!(
                "Transaction contains too many operations ({} > {MAX_OPS})",
                items.len()
            )),
        ));
    }
    let mut ops = Vec::with_capacity(items.len());
    let mut unknown = Vec::new();
    for (at, item) in items.iter().enumerate() {
        let obj =
            Obj::root(item, &format!("operation {at}")).map_err(|e| Error::bad_request(e.0))?;
        let bad = |e: roster_proto::definitions::DefinitionError| Error::bad_request(e.0);
        let catalog = [
            ("Node", obj.object(&["Node"]).map_err(bad)?),
            ("Service", obj.object(&["Service"]).map_err(bad)?),
            ("Check", obj.object(&["Check"]).map_err(bad)?),
        ]
        .into_iter()
        .find_map(|(kind, o)| o.map(|o| (kind, o)));
        if let Some((kind, o)) = catalog {
            let word = o.string(&["Verb"]).map_err(bad)?;
            let Some(verb) = catalog_verb(&word) else {
                unknown.push(ErrorJson {
                    op_index: at as u32,
                    what: format!("unknown {kind} verb {word:?}"),
                });
                continue;
            };
            ops.push(catalog_op(kind, verb, &o).map_err(|e| match e {
                Error::BadRequest(why) => parse_error(format!("operation {at}: {why}")),
                other => other,
            })?);
            continue;
        }
        let Some(kv) = obj.object(&["KV"]).map_err(|e| Error::bad_request(e.0))? else {
            return Err(parse_error(format!(
                "operation {at} has no KV, Node, Service or Check"
            )));
        };
        let word = kv.string(&["Verb"]).map_err(|e| Error::bad_request(e.0))?;
        let Some(verb) = verb(&word) else {
            unknown.push(ErrorJson {
                op_index: at as u32,
                what: format!("unknown KV verb {word:?}"),
            });
            continue;
        };
        let raw = kv.string(&["Value"]).map_err(|e| Error::bad_request(e.0))?;
        let value = base64::engine::general_purpose::STANDARD
            .decode(raw.as_bytes())
            .map_err(|e| parse_error(format!("operation {at}: Value: {e}")))?;
        let number = |name: &str| -> Result<u64, Error> {
            match kv.int(&[name]).map_err(|e| Error::bad_request(e.0))? {
                None => Ok(0),
                Some(n) => u64::try_from(n)
                    .map_err(|_| parse_error(format!("operation {at}: {name} is negative"))),
            }
        };
        ops.push(TxnOp {
            op: Some(txn_op::Op::Kv(KvOp {
                verb: verb as i32,
                key: kv.string(&["Key"]).map_err(|e| Error::bad_request(e.0))?,
                value,
                flags: number("Flags")?,
                index: number("Index")?,
                session: kv
                    .string(&["Session"])
                    .map_err(|e| Error::bad_request(e.0))?,
            })),
        });
    }
    Ok(if unknown.is_empty() {
        Ok(ops)
    } else {
        Err(unknown)
    })
}

/// The `ModifyIndex` of a catalog object (for cas and delete-cas).
fn modify_index(o: &Obj<'_>) -> Result<u64, Error> {
    match o
        .int(&["ModifyIndex"])
        .map_err(|e| Error::bad_request(e.0))?
    {
        None => Ok(0),
        Some(n) => u64::try_from(n).map_err(|_| Error::bad_request("ModifyIndex is negative")),
    }
}

/// A node, service or check operation (`kind`) from its object.
fn catalog_op(kind: &str, verb: CatalogVerb, o: &Obj<'_>) -> Result<TxnOp, Error> {
    let bad = |e: roster_proto::definitions::DefinitionError| Error::bad_request(e.0);
    let verb = verb as i32;
    let op = match kind {
        "Node" => {
            let n = o
                .object(&["Node"])
                .map_err(bad)?
                .ok_or_else(|| Error::bad_request("Node operation without a Node"))?;
            txn_op::Op::Node(Box::new(NodeOp {
                verb,
                node: Some(Node {
                    id: n.string(&["ID"]).map_err(bad)?,
                    node: n.string(&["Node"]).map_err(bad)?,
                    address: n.string(&["Address"]).map_err(bad)?,
                    datacenter: n.string(&["Datacenter"]).map_err(bad)?,
                    tagged_addresses: n.string_map(&["TaggedAddresses"]).map_err(bad)?,
                    meta: n.string_map(&["Meta"]).map_err(bad)?,
                    create_index: 0,
                    modify_index: modify_index(&n)?,
                }),
            }))
        }
        "Service" => {
            let s = o
                .object(&["Service"])
                .map_err(bad)?
                .ok_or_else(|| Error::bad_request("Service operation without a Service"))?;
            let mut service = decode_service(&s)?;
            service.modify_index = modify_index(&s)?;
            txn_op::Op::Service(Box::new(ServiceOp {
                verb,
                node: o.string(&["Node"]).map_err(bad)?,
                service: Some(service),
            }))
        }
        _ => {
            let c = o
                .object(&["Check"])
                .map_err(bad)?
                .ok_or_else(|| Error::bad_request("Check operation without a Check"))?;
            let mut check = decode_catalog_check(&c)?;
            check.modify_index = modify_index(&c)?;
            txn_op::Op::Check(Box::new(CheckOp {
                verb,
                check: Some(check),
            }))
        }
    };
    Ok(TxnOp { op: Some(op) })
}

fn render(results: Vec<TxnResult>, errors: Vec<TxnError>, pretty: bool) -> Response {
    if !errors.is_empty() {
        let body = AnswerJson {
            results: None,
            errors: Some(
                errors
                    .into_iter()
                    .map(|e| ErrorJson {
                        op_index: e.op_index,
                        what: e.what,
                    })
                    .collect(),
            ),
        };
        return with_status(json_response(&body, pretty), StatusCode::CONFLICT);
    }
    let results = results
        .iter()
        .filter_map(|r| {
            Some(match r.result.as_ref()? {
                txn_result::Result::Kv(e) => ResultJson::Kv(DirEntry::from(e)),
                txn_result::Result::Node(n) => ResultJson::Node((**n).clone().into()),
                txn_result::Result::Service(s) => {
                    ResultJson::Service(Box::new((**s).clone().into()))
                }
                txn_result::Result::Check(c) => ResultJson::Check(Box::new((**c).clone().into())),
            })
        })
        .collect();
    json_response(
        &AnswerJson {
            results: Some(results),
            errors: None,
        },
        pretty,
    )
}

fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// `PUT /v1/txn`.
pub async fn txn(
    State(gateway): State<Gateway>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    endpoint(&method, &[Method::PUT], &uri, |params| async move {
        let query = query_options(&params, &headers)?;
        let pretty = gateway.pretty(&params);
        let bytes = read_value(&headers, body).await.map_err(|e| match e {
            Error::ValueTooLarge { .. } => {
                Error::Rpc(roster_proto::status::ErrorKind::TooLarge.status(format!(
                    "Request body too large, max size: {MAX_BODY} bytes"
                )))
            }
            other => other,
        })?;
        let ops = match decode(&bytes)? {
            Ok(ops) => ops,
            Err(unknown) => {
                let body = AnswerJson {
                    results: None,
                    errors: Some(unknown),
                };
                return Ok(with_status(
                    json_response(&body, pretty),
                    StatusCode::CONFLICT,
                ));
            }
        };
        let reads_only = roster_proto::txn::read_only(&ops);
        if reads_only {
            let mut query = query;
            // Read transactions do not block.
            query.min_index = 0;
            let reply = client(&gateway)
                .read_txn(ReadTxnRequest {
                    query_options: Some(query),
                    ops,
                })
                .await?
                .into_inner();
            let mut meta = reply.query_meta.unwrap_or_default();
            let response = render(reply.results, reply.errors, pretty);
            // No X-Consul-Index for a read transaction (Consul's).
            meta.index = 0;
            let mut response = with_meta(response, &meta);
            response.headers_mut().remove("x-consul-index");
            return Ok(response);
        }
        let reply = client(&gateway)
            .txn(TxnRequest {
                write_options: Some(write_options(&query)),
                ops,
            })
            .await?
            .into_inner();
        Ok(render(reply.results, reply.errors, pretty))
    })
    .await
}

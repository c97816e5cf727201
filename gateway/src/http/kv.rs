//! `/v1/kv/<key>`: Consul's key/value endpoint over `roster.kv.v1.KVService`.
//!
//! `GET` reads one key (`Get`), a prefix (`?recurse` → `Scan`, streamed out
//! chunked so that a server's memory holds a few pages, not the answer) or key names
//! (`?keys[&separator=]` → `ListKeys`), as a JSON array of `DirEntry` or the
//! raw value (`?raw`); a missing key is 404 with an empty body but with the
//! `X-Consul-*` headers, so clients can block until it appears. `PUT` writes
//! the request body as the value (`?flags`, `?cas`), taking or releasing the
//! key's lock for a session with `?acquire=<session>` / `?release=<session>`;
//! `DELETE` removes a key or a prefix (`?recurse`, `?cas`). Both answer
//! `true`/`false`.

use axum::{
    body::Body,
    extract::{Request, State},
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderValue, Method, header, request::Parts};
use http_body_util::BodyExt as _;
use percent_encoding::percent_decode_str;
use roster_proto::{
    common::v1::{QueryMeta, QueryOptions},
    kv::{
        MAX_VALUE_SIZE,
        v1::{
            DeleteRequest, Entry, GetRequest, ListKeysRequest, PutRequest, ScanRequest,
            kv_service_client::KvServiceClient,
        },
        validate_key,
    },
    status::ErrorKind,
};
use serde::Serialize;

use super::{
    Error, Gateway, Params, check_method, empty_response, json_response, kind_status,
    query_options, reject_enterprise_meta, retryable_write_options, to_json, with_meta,
};

/// The path prefix the key follows.
const PREFIX: &str = "/v1/kv/";

/// The methods `/v1/kv/` serves.
const METHODS: [Method; 3] = [Method::GET, Method::PUT, Method::DELETE];

/// Consul's `DirEntry` as `GET` returns it, fields in Consul's order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DirEntry<'a> {
    /// Number of times the lock was newly acquired.
    pub lock_index: u64,
    /// The full key.
    pub key: &'a str,
    /// Opaque client flags.
    pub flags: u64,
    /// Standard base64 of the value; `null` for an empty value.
    pub value: Option<String>,
    /// The lock holder's session ID; omitted when unlocked.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub session: &'a str,
    /// Raft index that created the key.
    pub create_index: u64,
    /// Raft index of the last write to the key.
    pub modify_index: u64,
}

impl<'a> From<&'a Entry> for DirEntry<'a> {
    fn from(entry: &'a Entry) -> Self {
        DirEntry {
            lock_index: entry.lock_index,
            key: &entry.key,
            flags: entry.flags,
            value: (!entry.value.is_empty())
                .then(|| base64::engine::general_purpose::STANDARD.encode(&entry.value)),
            session: &entry.session,
            create_index: entry.create_index,
            modify_index: entry.modify_index,
        }
    }
}

/// Handles every method on `/v1/kv/` and `/v1/kv/<key>`.
pub async fn handle(State(gateway): State<Gateway>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(response) = check_method(&parts.method, &METHODS) {
        return response;
    }
    let params = Params::parse(parts.uri.query());
    let pretty = gateway.pretty(&params);
    let handler = Handler {
        client: KvServiceClient::new(gateway.channel())
            .max_decoding_message_size(super::MAX_REPLY_SIZE),
        params,
        pretty,
    };
    handler
        .run(parts, body)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// One request's parsed parameters and gRPC client.
struct Handler {
    client: KvServiceClient<super::Transport>,
    params: Params,
    pretty: bool,
}

impl Handler {
    async fn run(self, parts: Parts, body: Body) -> Result<Response, Error> {
        // Consul's order: query options, enterprise meta, then the key.
        let query = query_options(&self.params, &parts.headers)?;
        reject_enterprise_meta(&self.params, &parts.headers)?;
        let key = key_of(parts.uri.path())?;
        match parts.method {
            Method::GET if self.params.has("keys") => self.list_keys(query, key).await,
            Method::GET => self.get(query, key).await,
            Method::PUT => self.put(query, key, &parts.headers, body).await,
            Method::DELETE => self.delete(query, key, &parts.headers).await,
            // check_method let only METHODS through.
            _ => Err(Error::Unimplemented("method not supported")),
        }
    }

    /// `GET /v1/kv/<key>` and `?recurse`.
    async fn get(mut self, query: QueryOptions, key: String) -> Result<Response, Error> {
        if self.params.has("recurse") {
            check_key(&key, true)?;
            let mut pages = self
                .client
                .scan(ScanRequest {
                    query_options: Some(query),
                    prefix: key,
                })
                .await?
                .into_inner();
            let meta = pages
                .message()
                .await?
                .and_then(|first| first.query_meta)
                .unwrap_or_default();
            // The first page decides between 404 and a body.
            let Some(first) = pages.message().await? else {
                return Ok(not_found(&meta));
            };
            let mut json = JsonArray::new(self.pretty);
            let head = json.page(&first.entries);
            // A task turns pages into chunks as the client takes them (two
            // queued at most), so memory holds a few pages, not the answer.
            let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, tonic::Status>>(2);
            tokio::spawn(async move {
                if tx.send(Ok(head)).await.is_err() {
                    return;
                }
                loop {
                    let chunk = match pages.message().await {
                        Ok(Some(page)) => Ok(json.page(&page.entries)),
                        Ok(None) => {
                            let _ = tx.send(Ok(json.close())).await;
                            return;
                        }
                        // The headers are gone: cutting the body short is
                        // the only way left to say that it failed.
                        Err(status) => Err(status),
                    };
                    let failed = chunk.is_err();
                    if tx.send(chunk).await.is_err() || failed {
                        return;
                    }
                }
            });
            let body = tokio_stream::wrappers::ReceiverStream::new(rx);
            let response = (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                Body::from_stream(body),
            )
                .into_response();
            return Ok(with_meta(response, &meta));
        }

        check_key(&key, false)?;
        let reply = self
            .client
            .get(GetRequest {
                query_options: Some(query),
                key,
            })
            .await?
            .into_inner();
        let meta = reply.query_meta.unwrap_or_default();
        let Some(entry) = reply.entry else {
            return Ok(not_found(&meta));
        };
        if self.params.has("raw") {
            return Ok(with_meta(raw_response(entry.value), &meta));
        }
        let entries = [DirEntry::from(&entry)];
        Ok(with_meta(json_response(&entries, self.pretty), &meta))
    }

    /// `GET /v1/kv/<prefix>?keys[&separator=]`.
    async fn list_keys(mut self, query: QueryOptions, prefix: String) -> Result<Response, Error> {
        check_key(&prefix, true)?;
        // `separator` wins over Consul's historic misspelling `seperator`.
        let separator = ["separator", "seperator"]
            .into_iter()
            .find(|name| self.params.has(name))
            .map(|name| self.params.get(name).to_string())
            .unwrap_or_default();
        let empty_prefix = prefix.is_empty();
        let reply = self
            .client
            .list_keys(ListKeysRequest {
                query_options: Some(query),
                prefix,
                separator,
            })
            .await?
            .into_inner();
        let meta = reply.query_meta.unwrap_or_default();
        // The root answers an empty list rather than 404.
        if reply.keys.is_empty() && !empty_prefix {
            return Ok(not_found(&meta));
        }
        Ok(with_meta(json_response(&reply.keys, self.pretty), &meta))
    }

    /// `PUT /v1/kv/<key>[?flags=][&cas=|&acquire=|&release=]`.
    async fn put(
        mut self,
        query: QueryOptions,
        key: String,
        headers: &HeaderMap,
        body: Body,
    ) -> Result<Response, Error> {
        check_key(&key, false)?;
        self.params
            .reject_conflicting(&["cas", "acquire", "release"])?;
        let flags = self.params.uint("flags")?.unwrap_or(0);
        let cas_index = self.params.uint("cas")?;
        let lock = |name: &str| -> Result<String, Error> {
            if !self.params.has(name) {
                return Ok(String::new());
            }
            match self.params.get(name) {
                // Consul's FSM error for an empty session.
                "" => Err(Error::Rpc(ErrorKind::Refused.status("missing session"))),
                session => Ok(session.to_string()),
            }
        };
        let (acquire_session, release_session) = (lock("acquire")?, lock("release")?);
        let conditional =
            cas_index.is_some() || !acquire_session.is_empty() || !release_session.is_empty();
        let value = read_value(headers, body).await?;
        let reply = self
            .client
            .put(PutRequest {
                write_options: Some(retryable_write_options(&query, headers)),
                key,
                value: value.to_vec(),
                flags,
                cas_index,
                acquire_session,
                release_session,
            })
            .await?
            .into_inner();
        // Like Consul, only a check-and-set or a lock reports its outcome.
        let success = !conditional || reply.success;
        Ok(json_response(&success, self.pretty))
    }

    /// `DELETE /v1/kv/<key>[?recurse][&cas=]`.
    async fn delete(
        mut self,
        query: QueryOptions,
        key: String,
        headers: &HeaderMap,
    ) -> Result<Response, Error> {
        self.params.reject_conflicting(&["recurse", "cas"])?;
        let recurse = self.params.has("recurse");
        check_key(&key, recurse)?;
        let cas_index = self.params.uint("cas")?;
        let reply = self
            .client
            .delete(DeleteRequest {
                write_options: Some(retryable_write_options(&query, headers)),
                key,
                recurse,
                cas_index,
            })
            .await?
            .into_inner();
        let success = cas_index.is_none() || reply.success;
        Ok(json_response(&success, self.pretty))
    }
}

/// A JSON array of `DirEntry` rendered a page at a time, byte for byte as
/// [`to_json`] renders the whole array (Go's layout, compact or indented).
struct JsonArray {
    pretty: bool,
    started: bool,
}

impl JsonArray {
    fn new(pretty: bool) -> JsonArray {
        JsonArray {
            pretty,
            started: false,
        }
    }

    /// The next entries, with the array's opening before the first.
    fn page(&mut self, entries: &[Entry]) -> Bytes {
        let mut out = Vec::new();
        for entry in entries {
            match (self.started, self.pretty) {
                (false, false) => out.push(b'['),
                (false, true) => out.extend_from_slice(b"[\n"),
                (true, false) => out.push(b','),
                (true, true) => out.extend_from_slice(b",\n"),
            }
            self.started = true;
            let rendered = to_json(&DirEntry::from(entry), self.pretty);
            if self.pretty {
                // One level deeper: every line indented by four spaces
                // (strings hold no raw newlines in JSON), no trailing one.
                let text = String::from_utf8_lossy(&rendered);
                let lines: Vec<String> = text
                    .trim_end_matches('\n')
                    .lines()
                    .map(|l| format!("    {l}"))
                    .collect();
                out.extend_from_slice(lines.join("\n").as_bytes());
            } else {
                out.extend_from_slice(&rendered);
            }
        }
        Bytes::from(out)
    }

    /// The array's end (an empty array if no entry came).
    fn close(&mut self) -> Bytes {
        let text: &[u8] = match (self.started, self.pretty) {
            (false, false) => b"[]",
            (false, true) => b"[]\n",
            (true, false) => b"]",
            (true, true) => b"\n]\n",
        };
        Bytes::from_static(text)
    }
}

/// The key named by a request path: everything after `/v1/kv/`,
/// percent-decoded, verbatim otherwise (a second leading `/` stays).
fn key_of(path: &str) -> Result<String, Error> {
    let encoded = path.strip_prefix(PREFIX).unwrap_or_default();
    percent_decode_str(encoded)
        .decode_utf8()
        .map(|key| key.into_owned())
        .map_err(|_| Error::bad_request("key is not valid UTF-8"))
}

/// Validates a key (or a prefix when `allow_empty`); an empty key is Consul's
/// `Missing key name`.
fn check_key(key: &str, allow_empty: bool) -> Result<(), Error> {
    validate_key(key, allow_empty).map_err(|e| Error::bad_request(e.to_string()))
}

/// Reads a PUT body, refusing more than [`MAX_VALUE_SIZE`] bytes with 413:
/// at once from `Content-Length`, else as soon as the body grows past it.
pub(super) async fn read_value(headers: &HeaderMap, mut body: Body) -> Result<Bytes, Error> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = declared
        && len > MAX_VALUE_SIZE as u64
    {
        return Err(Error::ValueTooLarge {
            len: usize::try_from(len).unwrap_or(usize::MAX),
        });
    }
    let mut value = BytesMut::new();
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| Error::bad_request(format!("failed to read request body: {e}")))?;
        if let Ok(data) = frame.into_data() {
            value.extend_from_slice(&data);
            if value.len() > MAX_VALUE_SIZE {
                return Err(Error::ValueTooLarge { len: value.len() });
            }
        }
    }
    Ok(value.freeze())
}

/// 404 with an empty body and the read headers: the key (or prefix) has no
/// entry; a client may block on `X-Consul-Index` until it appears.
fn not_found(meta: &QueryMeta) -> Response {
    with_meta(empty_response(kind_status(ErrorKind::NotFound)), meta)
}

/// `?raw`: the stored bytes, with headers that stop browsers from sniffing
/// or running them.
fn raw_response(value: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/plain")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox"),
            ),
        ],
        value,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::to_json;

    fn entry(key: &str, value: &[u8], session: &str) -> Entry {
        Entry {
            key: key.into(),
            value: value.to_vec(),
            flags: 42,
            session: session.into(),
            lock_index: 3,
            create_index: 100,
            modify_index: 200,
        }
    }

    #[test]
    fn dir_entry_json_is_consuls() {
        let e = entry("web/config", b"test", "");
        assert_eq!(
            String::from_utf8(to_json(&[DirEntry::from(&e)], false)).unwrap(),
            r#"[{"LockIndex":3,"Key":"web/config","Flags":42,"Value":"dGVzdA==","CreateIndex":100,"ModifyIndex":200}]"#
        );
        let e = entry("a", b"", "adf4238a-882b-9ddc-4a9d-5b6758e4159e");
        assert_eq!(
            String::from_utf8(to_json(&[DirEntry::from(&e)], false)).unwrap(),
            r#"[{"LockIndex":3,"Key":"a","Flags":42,"Value":null,"Session":"adf4238a-882b-9ddc-4a9d-5b6758e4159e","CreateIndex":100,"ModifyIndex":200}]"#
        );
        let e = entry("k", b"ab", "");
        assert_eq!(
            String::from_utf8(to_json(&[DirEntry::from(&e)], true)).unwrap(),
            "[\n    {\n        \"LockIndex\": 3,\n        \"Key\": \"k\",\n        \"Flags\": 42,\n        \"Value\": \"YWI=\",\n        \"CreateIndex\": 100,\n        \"ModifyIndex\": 200\n    }\n]\n"
        );
    }

    #[test]
    fn keys_from_paths() {
        assert_eq!(key_of("/v1/kv/").unwrap(), "");
        assert_eq!(key_of("/v1/kv/a/b").unwrap(), "a/b");
        assert_eq!(key_of("/v1/kv/a%2Fb%20c+d").unwrap(), "a/b c+d");
        assert_eq!(key_of("/v1/kv//lead").unwrap(), "/lead");
        assert_eq!(key_of("/v1/kv/%C3%BC").unwrap(), "ü");
        assert!(key_of("/v1/kv/%FF").is_err());
    }
}

//! The query string and headers as Consul parses them: `url.Values`
//! decoding, present-or-absent flags, Go durations and integers, the token
//! (`?token`, `X-Consul-Token`, `Authorization: Bearer`), the namespace and
//! partition refusals, and the query and write options every read and write
//! carries (`?dc`, `?stale`/`?consistent`, `?index`/`?wait`, `?filter`).

use http::{HeaderMap, header};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use roster_proto::common::{
    to_proto_duration,
    v1::{Consistency, QueryOptions, WriteOptions},
};

use super::Error;

/// A request's query string, decoded like Go's `url.Values` (`+` is a space,
/// repeated names keep every value in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    pub(super) pairs: Vec<(String, String)>,
}

impl Params {
    /// Decodes a raw query string (without the `?`).
    pub fn parse(query: Option<&str>) -> Params {
        let pairs = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Params { pairs }
    }

    /// Whether `name` is present, with any value: Consul's flags
    /// (`?recurse`, `?recurse=`, `?recurse=false` all mean on).
    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// The first value of `name`, or `""` when absent (Go's `Values.Get`).
    pub fn get(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`, in order (repeated parameters: `?tag=a&tag=b`).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Re-encodes the query like Go's `Values.Encode`: names sorted, values
    /// in order, escaped with `QueryEscape`. Consul quotes it in
    /// `Conflicting flags: ...`.
    pub fn encode(&self) -> String {
        let mut pairs: Vec<&(String, String)> = self.pairs.iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0)); // stable: values keep their order
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", query_escape(k), query_escape(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// 400 `Conflicting flags: <query>\n` when more than one of `flags` is
    /// present.
    pub(super) fn reject_conflicting(&self, flags: &[&str]) -> Result<(), Error> {
        if flags.iter().filter(|flag| self.has(flag)).count() > 1 {
            return Err(Error::bad_request(format!(
                "Conflicting flags: {}\n",
                self.encode()
            )));
        }
        Ok(())
    }

    /// An optional unsigned integer parameter (`?flags=`, `?cas=`): absent is
    /// `None`, present must be a decimal `uint64`.
    pub(super) fn uint(&self, name: &str) -> Result<Option<u64>, Error> {
        if !self.has(name) {
            return Ok(None);
        }
        let value = self.get(name);
        parse_uint(value).map(Some).ok_or_else(|| {
            Error::bad_request(format!(
                "Invalid {name} value {value:?}: must be an unsigned 64-bit integer"
            ))
        })
    }
}

/// Characters Go's `url.QueryEscape` escapes: all but ASCII letters, digits
/// and `-_.~` (a space becomes `+`, handled separately).
pub(super) const QUERY_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub(super) fn query_escape(s: &str) -> String {
    // A literal `+` is escaped as `%2B`, so turning `%20` into `+` is exact.
    utf8_percent_encode(s, QUERY_ESCAPE)
        .to_string()
        .replace("%20", "+")
}

/// Go's `strconv.ParseUint(s, 10, 64)`: decimal digits only, no sign.
pub(super) fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Go's `time.ParseDuration` for `?wait=`/`?max_stale=` (see
/// [`roster_proto::common::parse_consul_duration`]).
pub use roster_proto::common::parse_consul_duration as parse_duration;

/// Header values of a namespace/partition, by query parameter name.
pub(super) const ENTERPRISE_PARAMS: [(&str, &str, &str); 2] = [
    ("ns", "X-Consul-Namespace", "Namespaces"),
    ("partition", "X-Consul-Partition", "Partitions"),
];

/// Consul CE refuses namespaces and admin partitions; Roster accepts only the
/// empty and `default` ones (some libraries always send `ns=default`).
pub(super) fn reject_enterprise_meta(params: &Params, headers: &HeaderMap) -> Result<(), Error> {
    let is_default = |v: &str| v.is_empty() || v == "default";
    for (param, header_name, feature) in ENTERPRISE_PARAMS {
        let header_value = headers
            .get(header_name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default();
        if !is_default(&header_value) {
            return Err(Error::bad_request(format!(
                "Invalid header: {header_name:?} - {feature} are a Consul Enterprise feature"
            )));
        }
        if !is_default(params.get(param)) {
            return Err(Error::bad_request(format!(
                "Invalid query parameter: {param:?} - {feature} are a Consul Enterprise feature"
            )));
        }
    }
    Ok(())
}

/// The request's ACL token, first non-empty of `?token=`, `X-Consul-Token`,
/// and `Authorization: Bearer <token>` (only the `Bearer` scheme; the first
/// word after it). Empty means the agent's default token.
pub(super) fn token(params: &Params, headers: &HeaderMap) -> String {
    let header = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let from_query = params.get("token");
    if !from_query.is_empty() {
        return from_query.to_string();
    }
    let from_header = header(header::HeaderName::from_static("x-consul-token"));
    if !from_header.is_empty() {
        return from_header;
    }
    let authorization = header(header::AUTHORIZATION);
    let mut parts = authorization.split(' ');
    if parts.next() == Some("Bearer") {
        let value = parts.collect::<Vec<_>>().join(" ");
        if let Some(token) = value.trim().split(' ').next() {
            return token.trim().to_string();
        }
    }
    String::new()
}

/// Parses what Consul's `parse` takes from every request to an endpoint that
/// accepts query options: `?dc`, the token, `?filter`, the consistency mode
/// (`?stale`, `?consistent`, `?leader`, `?max_stale`, `?cached`), `?wait` and
/// `?index`. The 400s carry Consul's exact messages.
pub fn query_options(params: &Params, headers: &HeaderMap) -> Result<QueryOptions, Error> {
    let mut stale = params.has("stale");
    let consistent = params.has("consistent");
    let cached = params.has("cached");
    let max_stale = params.get("max_stale");
    if !max_stale.is_empty() {
        let d = parse_duration(max_stale)
            .ok_or_else(|| Error::bad_request(format!("Invalid max_stale value {max_stale:?}")))?;
        stale |= !d.is_zero();
    }
    if stale && consistent {
        return Err(Error::bad_request(
            "Cannot specify ?stale with ?consistent, conflicting semantics.",
        ));
    }
    if cached && consistent {
        return Err(Error::bad_request(
            "Cannot specify ?cached with ?consistent, conflicting semantics.",
        ));
    }
    let consistency = if consistent {
        Consistency::Consistent
    } else if stale {
        Consistency::Stale
    } else {
        Consistency::Unspecified
    };

    let mut wait = None;
    let wait_param = params.get("wait");
    if !wait_param.is_empty() {
        let d =
            parse_duration(wait_param).ok_or_else(|| Error::bad_request("Invalid wait time"))?;
        // Zero (or negative) means the server's default, like an absent wait.
        wait = (!d.is_zero()).then(|| to_proto_duration(d));
    }
    let mut min_index = 0;
    let index_param = params.get("index");
    if !index_param.is_empty() {
        min_index = parse_uint(index_param).ok_or_else(|| Error::bad_request("Invalid index"))?;
    }

    Ok(QueryOptions {
        min_index,
        wait,
        consistency: consistency as i32,
        datacenter: params.get("dc").to_string(),
        token: token(params, headers),
        near: params.get("near").to_string(),
        filter: params.get("filter").to_string(),
    })
}

/// The write options of a request whose query options were parsed.
pub(super) fn write_options(query: &QueryOptions) -> WriteOptions {
    WriteOptions {
        datacenter: query.datacenter.clone(),
        token: query.token.clone(),
        request_id: String::new(),
    }
}

/// The request id header: a retried write with the same id applies once
/// (`WriteOptions.request_id`).
pub const REQUEST_ID_HEADER: &str = "x-roster-request-id";

/// [`write_options`] with the request's `X-Roster-Request-Id`, for writes
/// that a client may retry.
pub(super) fn retryable_write_options(query: &QueryOptions, headers: &HeaderMap) -> WriteOptions {
    WriteOptions {
        request_id: headers
            .get(REQUEST_ID_HEADER)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default(),
        ..write_options(query)
    }
}

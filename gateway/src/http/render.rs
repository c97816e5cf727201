//! Rendering answers as Consul does: the `X-Consul-*` read headers and JSON
//! written like Go's `encoding/json` (HTML-safe escaping, compact or
//! 4-space indented).

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, header};
use roster_proto::common::v1::{Consistency, QueryMeta};
use serde::Serialize;

/// `X-Consul-Effective-Consistency` value of a consistency mode.
pub(super) fn consistency_name(consistency: i32) -> &'static str {
    match Consistency::try_from(consistency) {
        Ok(Consistency::Consistent) => "consistent",
        Ok(Consistency::Stale) => "stale",
        Ok(Consistency::Unspecified) | Err(_) => "leader",
    }
}

/// Sets Consul's read headers from a reply's [`QueryMeta`]:
/// `X-Consul-Index` (never 0), `X-Consul-LastContact` (whole milliseconds),
/// `X-Consul-KnownLeader`, `X-Consul-Effective-Consistency` and, when
/// results were left out for the token, `X-Consul-Results-Filtered-By-ACLs`.
pub(super) fn set_query_meta(headers: &mut HeaderMap, meta: &QueryMeta) {
    let last_contact =
        roster_proto::common::from_proto_duration(meta.last_contact.as_ref()).as_millis();
    let values = [
        ("x-consul-index", meta.index.max(1).to_string()),
        ("x-consul-lastcontact", last_contact.to_string()),
        ("x-consul-knownleader", meta.known_leader.to_string()),
        (
            "x-consul-effective-consistency",
            consistency_name(meta.effective_consistency).to_string(),
        ),
    ];
    for (name, value) in values {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    if meta.results_filtered_by_acls {
        headers.insert(
            "x-consul-results-filtered-by-acls",
            HeaderValue::from_static("true"),
        );
    }
}

/// Adds the `X-Consul-*` read headers of `meta` to a response.
pub(super) fn with_meta(mut response: Response, meta: &QueryMeta) -> Response {
    set_query_meta(response.headers_mut(), meta);
    response
}

/// A 200 JSON response, rendered like Consul (see [`to_json`]).
pub(super) fn json_response<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        to_json(value, pretty),
    )
        .into_response()
}

/// Serialises like Go's `encoding/json` as Consul calls it: compact, or with
/// a 4-space indent and a trailing newline when `pretty`; `<`, `>`, `&`,
/// U+2028 and U+2029 in strings are escaped as `\u003c` etc.
pub fn to_json<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Vec<u8> {
    let mut out = Vec::new();
    // Serialising the gateway's plain data types into a Vec cannot fail.
    let result = if pretty {
        let formatter = GoFormatter(serde_json::ser::PrettyFormatter::with_indent(b"    "));
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
    } else {
        let formatter = GoFormatter(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out, formatter,
        ))
    };
    if let Err(error) = result {
        tracing::error!(%error, "json rendering failed");
    }
    if pretty {
        out.push(b'\n');
    }
    out
}

/// A serde_json formatter that adds Go's HTML-safe string escaping to an
/// inner formatter's layout.
pub(super) struct GoFormatter<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for GoFormatter<F> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

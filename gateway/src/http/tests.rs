//! Unit tests of the shared pieces: parameters, rendering, paths.

use std::time::Duration;

use http::{HeaderMap, HeaderValue, header};
use roster_proto::common::{
    to_proto_duration,
    v1::{Consistency, QueryMeta, QueryOptions},
};

use super::{params::*, render::*, routes::*};

fn params(query: &str) -> Params {
    Params::parse(Some(query))
}

fn options(query: &str) -> Result<QueryOptions, String> {
    query_options(&params(query), &HeaderMap::new()).map_err(|e| e.to_string())
}

#[test]
fn go_durations() {
    let ok = |s: &str, d: Duration| assert_eq!(parse_duration(s), Some(d), "{s}");
    ok("10s", Duration::from_secs(10));
    ok("5m", Duration::from_secs(300));
    ok("1h30m", Duration::from_secs(5400));
    ok("250ms", Duration::from_millis(250));
    ok("1.5s", Duration::from_millis(1500));
    ok("100us", Duration::from_micros(100));
    ok("100µs", Duration::from_micros(100));
    ok("7ns", Duration::from_nanos(7));
    ok("0", Duration::ZERO);
    ok("+3s", Duration::from_secs(3));
    ok("-3s", Duration::ZERO);
    ok("-0", Duration::ZERO);
    ok("2562047h", Duration::from_secs(2_562_047 * 3600));
    for bad in [
        "", "60", "10", "s", "1x", "1.2.3s", "--1s", "-+1s", "1s2", " 1s", "2562048h",
    ] {
        assert_eq!(parse_duration(bad), None, "{bad:?} accepted");
    }
}

proptest::proptest! {
    #[test]
    fn go_duration_round_trips(nanos in 0u64..=i64::MAX as u64) {
        let d = Duration::from_nanos(nanos);
        let text = roster_proto::common::format_go_duration(d);
        proptest::prop_assert_eq!(parse_duration(&text), Some(d));
    }

    #[test]
    fn bare_numbers_are_refused(n in 1u64..) {
        proptest::prop_assert_eq!(parse_duration(&n.to_string()), None);
    }

    #[test]
    fn query_encoding_round_trips(
        pairs in proptest::collection::vec(("[a-z&=+ %ü~*]{0,6}", "[a-z&=+ %ü~*]{0,6}"), 0..5)
    ) {
        let mut sorted = pairs.clone();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let p = Params { pairs: pairs.clone() };
        proptest::prop_assert_eq!(Params::parse(Some(&p.encode())).pairs, sorted);
    }
}

#[test]
fn flags_are_present_or_absent() {
    let p = params("recurse=false&keys&raw=");
    assert!(p.has("recurse") && p.has("keys") && p.has("raw"));
    assert!(!p.has("cas"));
    assert_eq!(p.get("recurse"), "false");
    assert_eq!(p.get("missing"), "");
    let p = params("separator=%2F&a=1&a=2&b=x+y");
    assert_eq!(p.get("separator"), "/");
    assert_eq!(p.get("a"), "1");
    assert_eq!(p.get("b"), "x y");
}

#[test]
fn encode_is_go_values_encode() {
    assert_eq!(params("cas=1&acquire").encode(), "acquire=&cas=1");
    assert_eq!(
        params("z=2&a=b%20c&z=1&k=%2A~%2B").encode(),
        "a=b+c&k=%2A~%2B&z=2&z=1"
    );
    assert_eq!(
        params("recurse&cas=5")
            .reject_conflicting(&["recurse", "cas"])
            .unwrap_err()
            .to_string(),
        "Conflicting flags: cas=5&recurse=\n"
    );
    assert!(
        params("cas=5")
            .reject_conflicting(&["recurse", "cas"])
            .is_ok()
    );
}

#[test]
fn query_options_parse() {
    let q = options("index=42&wait=10s&dc=dc2&token=t&filter=a").unwrap();
    assert_eq!(q.min_index, 42);
    assert_eq!(q.wait, Some(to_proto_duration(Duration::from_secs(10))));
    assert_eq!(q.datacenter, "dc2");
    assert_eq!(q.token, "t");
    assert_eq!(q.filter, "a");
    assert_eq!(q.consistency, Consistency::Unspecified as i32);

    assert_eq!(options("").unwrap(), QueryOptions::default());
    assert_eq!(options("wait=0&index=").unwrap().wait, None);
    assert_eq!(options("wait=-5s").unwrap().wait, None);
    let mode = |q: &str| options(q).unwrap().consistency;
    assert_eq!(mode("stale"), Consistency::Stale as i32);
    assert_eq!(mode("stale=false"), Consistency::Stale as i32);
    assert_eq!(mode("consistent"), Consistency::Consistent as i32);
    assert_eq!(mode("max_stale=5s"), Consistency::Stale as i32);
    assert_eq!(mode("max_stale=0"), Consistency::Unspecified as i32);
    assert_eq!(mode("leader"), Consistency::Unspecified as i32);
}

#[test]
fn query_option_errors() {
    let err = |q: &str| options(q).unwrap_err();
    assert_eq!(err("wait=60"), "Invalid wait time");
    assert_eq!(err("wait=abc"), "Invalid wait time");
    assert_eq!(err("index=x"), "Invalid index");
    assert_eq!(err("index=-1"), "Invalid index");
    assert_eq!(err("index=+1"), "Invalid index");
    assert_eq!(err("index=18446744073709551616"), "Invalid index");
    assert_eq!(
        err("stale&consistent"),
        "Cannot specify ?stale with ?consistent, conflicting semantics."
    );
    assert_eq!(
        err("max_stale=1s&consistent"),
        "Cannot specify ?stale with ?consistent, conflicting semantics."
    );
    assert_eq!(err("max_stale=7"), "Invalid max_stale value \"7\"");
    assert_eq!(
        err("cached&consistent"),
        "Cannot specify ?cached with ?consistent, conflicting semantics."
    );
}

#[test]
fn tokens_in_priority_order() {
    let mut headers = HeaderMap::new();
    let tok = |q: &str, h: &HeaderMap| token(&params(q), h);
    assert_eq!(tok("", &headers), "");
    headers.insert(
        header::AUTHORIZATION,
        HeaderValue::from_static("Bearer  abc def"),
    );
    assert_eq!(tok("", &headers), "abc");
    headers.insert("x-consul-token", HeaderValue::from_static("hdr"));
    assert_eq!(tok("", &headers), "hdr");
    assert_eq!(tok("token=q", &headers), "q");
    let mut basic = HeaderMap::new();
    basic.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
    assert_eq!(tok("", &basic), "");
    basic.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer"));
    assert_eq!(tok("", &basic), "");
}

#[test]
fn enterprise_meta() {
    let check = |q: &str| reject_enterprise_meta(&params(q), &HeaderMap::new());
    assert!(check("ns=default&partition=").is_ok());
    assert_eq!(
        check("ns=team").unwrap_err().to_string(),
        "Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature"
    );
    assert_eq!(
        check("partition=p").unwrap_err().to_string(),
        "Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature"
    );
    let mut headers = HeaderMap::new();
    headers.insert("x-consul-namespace", HeaderValue::from_static("team"));
    assert_eq!(
        reject_enterprise_meta(&params(""), &headers)
            .unwrap_err()
            .to_string(),
        "Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature"
    );
}

#[test]
fn uint_params() {
    assert_eq!(params("").uint("cas").unwrap(), None);
    assert_eq!(params("cas=0").uint("cas").unwrap(), Some(0));
    assert_eq!(
        params("flags=18446744073709551615").uint("flags").unwrap(),
        Some(u64::MAX)
    );
    for bad in [
        "flags",
        "flags=",
        "flags=x",
        "flags=-1",
        "flags=+1",
        "flags=1.0",
    ] {
        assert!(params(bad).uint("flags").is_err(), "{bad}");
    }
}

#[test]
fn json_like_go() {
    assert_eq!(to_json(&true, false), b"true");
    assert_eq!(to_json(&"", false), b"\"\"");
    assert_eq!(to_json(&Vec::<String>::new(), false), b"[]");
    assert_eq!(to_json(&Vec::<String>::new(), true), b"[]\n");
    assert_eq!(
        to_json(&["a<b>&c\u{2028}\"\\"], false),
        br#"["a\u003cb\u003e\u0026c\u2028\"\\"]"#
    );
    assert_eq!(to_json(&["a", "b"], true), b"[\n    \"a\",\n    \"b\"\n]\n");
}

#[test]
fn printable() {
    for c in ['a', ' ', 'ü', '/', '~', '€', '日', '\u{fffd}'] {
        assert!(is_printable(c), "{c:?}");
    }
    for c in [
        '\n', '\t', '\u{7f}', '\u{85}', '\u{a0}', '\u{200b}', '\u{2028}', '\u{feff}',
    ] {
        assert!(!is_printable(c), "{c:?}");
    }
}

#[test]
fn query_meta_headers() {
    let mut headers = HeaderMap::new();
    let meta = QueryMeta {
        index: 0,
        known_leader: true,
        last_contact: Some(to_proto_duration(Duration::from_micros(2_999_999))),
        effective_consistency: Consistency::Stale as i32,
        results_filtered_by_acls: false,
    };
    set_query_meta(&mut headers, &meta);
    assert_eq!(headers["x-consul-index"], "1");
    assert_eq!(headers["x-consul-lastcontact"], "2999");
    assert_eq!(headers["x-consul-knownleader"], "true");
    assert_eq!(headers["x-consul-effective-consistency"], "stale");
    assert!(headers.get("x-consul-results-filtered-by-acls").is_none());
    let filtered = QueryMeta {
        results_filtered_by_acls: true,
        ..meta
    };
    set_query_meta(&mut headers, &filtered);
    assert_eq!(headers["x-consul-results-filtered-by-acls"], "true");
}

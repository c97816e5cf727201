//! The bad-input table: every bad request gets a clear 4xx and changes
//! nothing.

use super::*;

async fn snapshot(agent: &roster_testkit::Agent) -> (u64, String) {
    let (_, headers, body) = must_get(agent, "/v1/kv/?recurse").await;
    (consul_index(&headers), body)
}

#[tokio::test]
async fn bad_requests_get_4xx_and_change_nothing() {
    let agent = must_start("bad-input").await;
    must_put(&agent, "existing", "v").await;
    let before = snapshot(&agent).await;
    let big = "x".repeat(512 * 1024 + 1);
    let cases: Vec<(&str, String, Option<String>, u16, &str)> = vec![
        (
            "PUT",
            "/v1/kv/".into(),
            Some("v".into()),
            400,
            "Missing key name",
        ),
        ("PUT", "/v1/kv/big".into(), Some(big), 413, "too large"),
        ("PUT", "/v1/kv/a?cas=abc".into(), Some("v".into()), 400, ""),
        ("PUT", "/v1/kv/a?flags=-1".into(), Some("v".into()), 400, ""),
        // `..%2F` survives URL normalisation and decodes to the key `a/../b`.
        (
            "PUT",
            "/v1/kv/a/..%2Fb".into(),
            Some("v".into()),
            400,
            "'..'",
        ),
        ("PUT", "/v1/kv/a%01b".into(), Some("v".into()), 400, ""),
        (
            "PUT",
            "/v1/kv/a?ns=other".into(),
            Some("v".into()),
            400,
            "Namespaces",
        ),
        (
            "DELETE",
            "/v1/kv/existing?recurse&cas=1".into(),
            None,
            400,
            "Conflicting flags",
        ),
        ("DELETE", "/v1/kv/".into(), None, 400, "Missing key name"),
        (
            "GET",
            "/v1/kv/existing?index=abc".into(),
            None,
            400,
            "Invalid index",
        ),
        (
            "GET",
            "/v1/kv/existing?index=5&wait=60".into(),
            None,
            400,
            "Invalid wait time",
        ),
        (
            "GET",
            "/v1/kv/existing?stale&consistent".into(),
            None,
            400,
            "Cannot specify ?stale with ?consistent",
        ),
        ("GET", "/v1/kv/".into(), None, 400, "Missing key name"),
        (
            "PATCH",
            "/v1/kv/existing".into(),
            Some("v".into()),
            405,
            "not allowed",
        ),
    ];
    for (method, path, body, want_status, want_text) in cases {
        let mut req = http().request(
            method.parse().unwrap(),
            format!("{}{path}", agent.http_base()),
        );
        if let Some(b) = body {
            req = req.body(b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(status, want_status, "{method} {path}: {text}");
        assert!(
            text.contains(want_text),
            "{method} {path}: {text:?} lacks {want_text:?}"
        );
        assert!(!text.is_empty(), "{method} {path}: errors carry a message");
    }
    assert_eq!(
        snapshot(&agent).await,
        before,
        "bad input changed the store"
    );
}

/// A client that writes its whole request before it reads (as Python's
/// urllib does) always gets the 413 and its message, never a broken pipe or
/// a reset, though the agent answers before reading the body.
#[tokio::test]
async fn an_oversized_body_always_gets_its_413_even_when_the_client_sends_it_all_first() {
    use std::io::{Read as _, Write as _};
    let agent = must_start("linger").await;
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    let (before, _) = snapshot(&agent).await;
    // 600 KiB (the reported case) and 8 MiB: both far over what the socket
    // buffers hold, so the body is still being sent when the answer leaves.
    for len in [600 * 1024, 8 << 20] {
        let body = vec![b'x'; len];
        let mut failures = Vec::new();
        for round in 0..10 {
            let addr = addr.clone();
            let body = body.clone();
            let result = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
                let mut s = std::net::TcpStream::connect(addr)?;
                s.set_read_timeout(Some(std::time::Duration::from_secs(20)))?;
                write!(
                    s,
                    "PUT /v1/kv/big HTTP/1.1\r\nHost: t\r\nContent-Length: {len}\r\n\r\n"
                )?;
                s.write_all(&body)?;
                let mut answer = String::new();
                s.read_to_string(&mut answer)?;
                Ok(answer)
            })
            .await
            .unwrap();
            match result {
                Ok(answer)
                    if answer.starts_with("HTTP/1.1 413") && answer.contains("too large") => {}
                other => failures.push(format!("{len} bytes, round {round}: {other:?}")),
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
    // Nothing was written.
    assert_eq!(snapshot(&agent).await.0, before);
}

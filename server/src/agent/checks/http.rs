//! HTTP checks, as Consul runs them: one request (method `GET` unless set,
//! the definition's headers and body, `User-Agent: Consul Health Check`,
//! no keep-alive); 2xx is passing, 429 warning, anything else (or no
//! answer) critical. The output names the request and the status and
//! carries the start of the body.

use std::time::Duration;

use roster_proto::catalog::v1::CheckDefinition;

use super::ProbeResult;
use crate::agent::local::MAX_OUTPUT;

/// Sends the check's request once.
pub async fn probe(definition: &CheckDefinition, timeout: Duration) -> ProbeResult {
    let method = if definition.method.is_empty() {
        "GET"
    } else {
        definition.method.as_str()
    };
    let url = definition.http.as_str();
    let fail = |why: String| ProbeResult::critical(format!("Get {url:?}: {why}"));
    let Ok(method_value) = reqwest::Method::from_bytes(method.as_bytes()) else {
        return fail(format!("invalid method {method:?}"));
    };
    let mut builder = reqwest::Client::builder()
        .timeout(timeout)
        .pool_max_idle_per_host(0);
    if definition.disable_redirects {
        builder = builder.redirect(reqwest::redirect::Policy::none());
    }
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let mut request = client.request(method_value, url);
    let mut has_user_agent = false;
    let mut has_accept = false;
    for (name, values) in &definition.header {
        has_user_agent |= name.eq_ignore_ascii_case("user-agent");
        has_accept |= name.eq_ignore_ascii_case("accept");
        for value in &values.values {
            request = request.header(name.as_str(), value.as_str());
        }
    }
    if !has_user_agent {
        request = request.header("User-Agent", "Consul Health Check");
    }
    if !has_accept {
        request = request.header("Accept", "text/plain, text/*, */*");
    }
    if !definition.body.is_empty() {
        request = request.body(definition.body.clone());
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => return fail(error_chain(&e)),
    };
    let status = response.status();
    let body = response.bytes().await.unwrap_or_default();
    let body = String::from_utf8_lossy(&body[..body.len().min(MAX_OUTPUT)]).into_owned();
    let output = format!(
        "HTTP {method} {url}: {} {} Output: {body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    if status.is_success() {
        ProbeResult::passing(output)
    } else if status.as_u16() == 429 {
        ProbeResult::warning(output)
    } else {
        ProbeResult::critical(output)
    }
}

/// An error with its causes, as one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use roster_proto::catalog::v1::{HeaderValues, HealthStatus};

    use super::*;

    /// A server answering every request with `status` and echoing the
    /// request's method, user agent and custom header in the body.
    async fn server(status: u16) -> String {
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| async move {
            let header = |n: &str| {
                req.headers()
                    .get(n)
                    .map(|v| v.to_str().unwrap_or_default().to_string())
                    .unwrap_or_default()
            };
            let body = format!(
                "{} {} {}",
                req.method(),
                header("user-agent"),
                header("x-probe")
            );
            (http::StatusCode::from_u16(status).unwrap(), body)
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/health")
    }

    fn definition(url: String) -> CheckDefinition {
        CheckDefinition {
            http: url,
            method: "POST".into(),
            header: [(
                "X-Probe".to_string(),
                HeaderValues {
                    values: vec!["yes".into()],
                },
            )]
            .into(),
            ..CheckDefinition::default()
        }
    }

    #[tokio::test]
    async fn statuses_map_to_health_and_the_output_says_what_happened() {
        let url = server(200).await;
        let ok = probe(&definition(url.clone()), Duration::from_secs(5)).await;
        assert_eq!(ok.status, HealthStatus::Passing);
        assert_eq!(
            ok.output,
            format!("HTTP POST {url}: 200 OK Output: POST Consul Health Check yes")
        );
        let busy = probe(&definition(server(429).await), Duration::from_secs(5)).await;
        assert_eq!(busy.status, HealthStatus::Warning);
        let broken = probe(&definition(server(503).await), Duration::from_secs(5)).await;
        assert_eq!(broken.status, HealthStatus::Critical);
        assert!(broken.output.contains(": 503 Service Unavailable Output: "));
        let nobody = probe(
            &definition("http://127.0.0.1:1/".into()),
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(nobody.status, HealthStatus::Critical);
    }

    #[tokio::test]
    async fn a_target_that_hangs_is_cut_at_the_timeout() {
        // Accepts connections and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let _hold = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((s, _)) = listener.accept().await {
                held.push(s);
            }
        });
        let result = crate::agent::checks::probe(
            crate::agent::local::ProbeKind::Http,
            &definition(url),
            Duration::from_millis(300),
        )
        .await;
        assert_eq!(result.status, HealthStatus::Critical);
        assert!(result.output.contains("timed out"), "{}", result.output);
    }
}

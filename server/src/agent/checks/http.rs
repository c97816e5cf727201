//! HTTP checks, as Consul runs them: one request (method `GET` unless set,
//! the definition's headers and body, `User-Agent: Consul Health Check`,
//! no keep-alive); 2xx is passing, 429 warning, anything else (or no
//! answer) critical. The output names the request and the status and
//! carries the start of the body.

use std::time::Duration;

use roster_proto::catalog::v1::CheckDefinition;

use super::{ProbeResult, error_chain, tls};
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
    let mut target = url.to_string();
    let mut host_header = None;
    if url.len() > 8 && url[..8].eq_ignore_ascii_case("https://") {
        match tls::client_config(definition.tls_skip_verify, &[tls::ALPN_HTTP1]) {
            Ok(config) => builder = builder.use_preconfigured_tls(config),
            Err(e) => return fail(e),
        }
        if !definition.tls_server_name.is_empty() {
            match named_target(url, &definition.tls_server_name).await {
                Ok((renamed, name, address, authority)) => {
                    builder = builder.resolve(&name, address);
                    target = renamed;
                    host_header = Some(authority);
                }
                Err(e) => return fail(e),
            }
        }
    }
    let client = match builder.build() {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let mut request = client.request(method_value, target);
    let mut has_host = false;
    let mut has_user_agent = false;
    let mut has_accept = false;
    for (name, values) in &definition.header {
        has_user_agent |= name.eq_ignore_ascii_case("user-agent");
        has_accept |= name.eq_ignore_ascii_case("accept");
        has_host |= name.eq_ignore_ascii_case("host");
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
    if let Some(authority) = host_header.filter(|_| !has_host) {
        request = request.header("Host", authority);
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

/// An HTTPS check with `tls_server_name`: the server is named (SNI and
/// certificate) by that name while the connection still goes to the URL's
/// address and the `Host` header still names the URL's host. Returns the
/// URL with its host replaced by the name, the name, the address the name
/// stands for, and the original authority.
async fn named_target(
    url: &str,
    server_name: &str,
) -> Result<(String, String, std::net::SocketAddr, String), String> {
    let mut parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    let host = parsed
        .host_str()
        .ok_or_else(|| "the URL has no host".to_string())?
        .to_string();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let authority = match parsed.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    let lookup = format!(
        "{}:{port}",
        host.trim_start_matches('[').trim_end_matches(']')
    );
    let address = tokio::net::lookup_host(lookup.as_str())
        .await
        .map_err(|e| format!("lookup {host}: {e}"))?
        .next()
        .ok_or_else(|| format!("lookup {host}: no address"))?;
    parsed
        .set_host(Some(server_name))
        .map_err(|e| format!("invalid TLS server name {server_name:?}: {e}"))?;
    Ok((
        parsed.to_string(),
        server_name.to_string(),
        address,
        authority,
    ))
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

//! H2PING checks, as Consul's: open an HTTP/2 connection to `host:port`
//! (TLS with ALPN `h2` when `h2ping_use_tls`, which the HTTP API and config
//! files default to true; else HTTP/2 over cleartext with prior
//! knowledge), send one PING frame, and pass when its acknowledgement comes
//! back.

use roster_proto::catalog::v1::CheckDefinition;
use tokio::io::{AsyncRead, AsyncWrite};

use super::{ProbeResult, tls};

/// Pings the check's target once.
pub async fn probe(definition: &CheckDefinition) -> ProbeResult {
    let target = definition.h2ping.as_str();
    let outcome = if definition.h2ping_use_tls {
        match tls::connect(
            target,
            &definition.tls_server_name,
            definition.tls_skip_verify,
            &[tls::ALPN_H2],
        )
        .await
        {
            Ok(stream) => ping(stream).await,
            Err(e) => Err(format!("Failed to dial to {target}: {e}")),
        }
    } else {
        match tokio::net::TcpStream::connect(target).await {
            Ok(stream) => ping(stream).await,
            Err(e) => Err(format!(
                "Failed to dial to {target}: dial tcp {target}: {e}"
            )),
        }
    };
    match outcome {
        Ok(()) => ProbeResult::passing("HTTP2 ping was successful"),
        Err(why) => ProbeResult::critical(why),
    }
}

/// One PING over a new HTTP/2 connection on `io`.
async fn ping<T>(io: T) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (_requests, mut connection) = h2::client::handshake(io)
        .await
        .map_err(|e| format!("Failed to create client connection: {e}"))?;
    let mut pings = connection
        .ping_pong()
        .ok_or_else(|| "Failed to create client connection: no ping handle".to_string())?;
    // The connection makes progress only while polled; it ends when the
    // ping is answered and this function returns.
    let driver = tokio::spawn(async move {
        let _ = connection.await;
    });
    let answer = pings.ping(h2::Ping::opaque()).await;
    driver.abort();
    answer
        .map(drop)
        .map_err(|e| format!("HTTP2 ping failed: {e}"))
}

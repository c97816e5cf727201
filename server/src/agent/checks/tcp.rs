//! TCP checks: passing when a connection to `host:port` opens; with
//! `tcp_use_tls`, when a TLS session over it is set up as well.

use roster_proto::catalog::v1::CheckDefinition;

use super::{ProbeResult, tls};

/// Connects to the check's address once.
pub async fn probe(definition: &CheckDefinition) -> ProbeResult {
    let address = definition.tcp.as_str();
    if definition.tcp_use_tls {
        return match tls::connect(
            address,
            &definition.tls_server_name,
            definition.tls_skip_verify,
            &[],
        )
        .await
        {
            Ok(_) => ProbeResult::passing(format!("TCP connect {address}: Success")),
            Err(e) => ProbeResult::critical(e),
        };
    }
    match tokio::net::TcpStream::connect(address).await {
        Ok(_) => ProbeResult::passing(format!("TCP connect {address}: Success")),
        Err(e) => ProbeResult::critical(format!("dial tcp {address}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use roster_proto::catalog::v1::HealthStatus;

    use super::*;

    #[tokio::test]
    async fn an_open_port_passes_and_a_closed_one_fails() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let check = CheckDefinition {
            tcp: addr.clone(),
            ..CheckDefinition::default()
        };
        let ok = probe(&check).await;
        assert_eq!(ok.status, HealthStatus::Passing);
        assert_eq!(ok.output, format!("TCP connect {addr}: Success"));
        drop(listener);
        let failed = probe(&check).await;
        assert_eq!(failed.status, HealthStatus::Critical);
        assert!(failed.output.starts_with(&format!("dial tcp {addr}: ")));
    }
}

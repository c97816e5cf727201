//! gRPC checks: `grpc.health.v1.Health/Check` on `host:port[/service]`;
//! SERVING is passing, anything else critical. With `grpc_use_tls` the
//! connection is TLS (ALPN `h2`), verified as [`tls`] says.

use std::time::Duration;

use hyper_util::rt::TokioIo;
use roster_proto::catalog::v1::CheckDefinition;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use super::{ProbeResult, error_chain, tls};

/// Asks the check's target (`host:port` or `host:port/service`) for its
/// health once.
pub async fn probe(definition: &CheckDefinition, timeout: Duration) -> ProbeResult {
    let target = definition.grpc.as_str();
    let failed = |why: String| ProbeResult::critical(format!("gRPC check {target}: failed: {why}"));
    let (address, service) = target.split_once('/').unwrap_or((target, ""));
    let endpoint = match tonic::transport::Endpoint::from_shared(format!("http://{address}")) {
        Ok(e) => e.connect_timeout(timeout).timeout(timeout),
        Err(e) => return failed(e.to_string()),
    };
    let channel = if definition.grpc_use_tls {
        let address = address.to_string();
        let server_name = definition.tls_server_name.clone();
        let skip_verify = definition.tls_skip_verify;
        endpoint
            .connect_with_connector(tower::service_fn(move |_| {
                let (address, server_name) = (address.clone(), server_name.clone());
                async move {
                    tls::connect(&address, &server_name, skip_verify, &[tls::ALPN_H2])
                        .await
                        .map(TokioIo::new)
                        .map_err(std::io::Error::other)
                }
            }))
            .await
    } else {
        endpoint.connect().await
    };
    let channel = match channel {
        Ok(c) => c,
        Err(e) => return failed(error_chain(&e)),
    };
    let answer = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: service.to_string(),
        })
        .await;
    match answer.map(|r| r.into_inner().status()) {
        Ok(ServingStatus::Serving) => ProbeResult::passing(format!("gRPC check {target}: success")),
        Ok(status) => failed(format!("serving status {}", status.as_str_name())),
        Err(status) => failed(status.message().to_string()),
    }
}

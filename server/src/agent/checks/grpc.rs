//! gRPC checks: `grpc.health.v1.Health/Check` on `host:port[/service]`;
//! SERVING is passing, anything else critical.

use std::time::Duration;

use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use super::ProbeResult;

/// Asks `target` (`host:port` or `host:port/service`) for its health once.
pub async fn probe(target: &str, timeout: Duration) -> ProbeResult {
    let (address, service) = target.split_once('/').unwrap_or((target, ""));
    let endpoint = match tonic::transport::Endpoint::from_shared(format!("http://{address}")) {
        Ok(e) => e.connect_timeout(timeout).timeout(timeout),
        Err(e) => return ProbeResult::critical(format!("gRPC check {target}: failed: {e}")),
    };
    let channel = match endpoint.connect().await {
        Ok(c) => c,
        Err(e) => return ProbeResult::critical(format!("gRPC check {target}: failed: {e}")),
    };
    let answer = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: service.to_string(),
        })
        .await;
    match answer.map(|r| r.into_inner().status()) {
        Ok(ServingStatus::Serving) => ProbeResult::passing(format!("gRPC check {target}: success")),
        Ok(status) => ProbeResult::critical(format!(
            "gRPC check {target}: failed: serving status {}",
            status.as_str_name()
        )),
        Err(status) => {
            ProbeResult::critical(format!("gRPC check {target}: failed: {}", status.message()))
        }
    }
}

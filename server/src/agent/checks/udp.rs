//! UDP checks, as Consul runs them: a datagram is sent to `host:port`; an
//! answer, or silence until the timeout, is passing; an error (the port is
//! unreachable: ICMP) is critical.

use super::ProbeResult;

/// What the datagram carries.
const PAYLOAD: &[u8] = b"Consul health check";

/// The result of a probe that heard nothing before its timeout: passing.
pub fn timed_out(address: &str) -> ProbeResult {
    ProbeResult::passing(format!("UDP connect {address}: Success"))
}

/// Sends one datagram to `address` and waits for an answer or an error
/// (the caller cuts the wait at the check's timeout).
pub async fn probe(address: &str) -> ProbeResult {
    let target = match tokio::net::lookup_host(address).await.map(|mut a| a.next()) {
        Ok(Some(target)) => target,
        Ok(None) => return ProbeResult::critical(format!("dial udp {address}: no address")),
        Err(e) => return ProbeResult::critical(format!("dial udp {address}: {e}")),
    };
    let local = if target.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    };
    let socket = match tokio::net::UdpSocket::bind(local).await {
        Ok(s) => s,
        Err(e) => return ProbeResult::critical(format!("dial udp {address}: {e}")),
    };
    if let Err(e) = socket.connect(target).await {
        return ProbeResult::critical(format!("dial udp {address}: {e}"));
    }
    if let Err(e) = socket.send(PAYLOAD).await {
        return ProbeResult::critical(format!("write udp {address}: {e}"));
    }
    let mut buf = [0u8; 1024];
    match socket.recv(&mut buf).await {
        Ok(_) => ProbeResult::passing(format!("UDP connect {address}: Success")),
        Err(e) => ProbeResult::critical(format!("read udp {address}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use roster_proto::catalog::v1::{CheckDefinition, HealthStatus};

    use crate::agent::{checks, local::ProbeKind};

    #[tokio::test]
    async fn a_listening_port_passes_and_an_unreachable_one_fails() {
        let server = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = server.local_addr().unwrap().to_string();
        let definition = CheckDefinition {
            udp: addr.clone(),
            ..CheckDefinition::default()
        };
        // Silence until the timeout counts as reachable.
        let quiet = checks::probe(ProbeKind::Udp, &definition, Duration::from_millis(200)).await;
        assert_eq!(quiet.status, HealthStatus::Passing, "{}", quiet.output);
        drop(server);
        // Nothing listens: the kernel answers port unreachable.
        let closed = checks::probe(ProbeKind::Udp, &definition, Duration::from_secs(2)).await;
        assert_eq!(closed.status, HealthStatus::Critical, "{}", closed.output);
    }
}

//! Join addresses and the `-join` / `-retry-join` logic.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use tokio_util::sync::CancellationToken;

use super::GossipError;

/// Resolves a join address: `ip`, `ip:port`, `[ipv6]:port`, `host` or
/// `host:port`; the port defaults to the pool's own gossip port.
pub async fn resolve(address: &str, default_port: u16) -> Result<Vec<SocketAddr>, GossipError> {
    let address = address.trim();
    if address.is_empty() || address.contains(char::is_whitespace) {
        return Err(GossipError::Invalid(format!(
            "invalid join address {address:?}"
        )));
    }
    if address.contains("provider=") {
        return Err(GossipError::Invalid(format!(
            "invalid join address {address:?}: cloud auto-join (provider=...) is not supported; \
             give an address or a host name"
        )));
    }
    if let Ok(addr) = address.parse::<SocketAddr>() {
        if addr.port() == 0 {
            return Err(GossipError::Invalid(format!(
                "invalid join address {address:?}: port 0"
            )));
        }
        return Ok(vec![addr]);
    }
    if let Ok(ip) = address.parse::<std::net::IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, default_port)]);
    }
    if let Some(inner) = address.strip_prefix('[').and_then(|a| a.strip_suffix(']'))
        && let Ok(ip) = inner.parse::<std::net::IpAddr>()
    {
        return Ok(vec![SocketAddr::new(ip, default_port)]);
    }
    let (host, port) = match address.rsplit_once(':') {
        Some((host, port)) => {
            let port = port
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| {
                    GossipError::Invalid(format!(
                        "invalid join address {address:?}: {port:?} is not a port"
                    ))
                })?;
            (host, port)
        }
        None => (address, default_port),
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
    {
        return Err(GossipError::Invalid(format!(
            "invalid join address {address:?}"
        )));
    }
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| {
            GossipError::Invalid(format!(
                "invalid join address {address:?}: cannot resolve {host:?}: {e}"
            ))
        })?
        .collect();
    if addrs.is_empty() {
        return Err(GossipError::Invalid(format!(
            "invalid join address {address:?}: {host:?} has no address"
        )));
    }
    Ok(addrs)
}

/// Retries joining until one address answers, `max` attempts (0 = forever)
/// `interval` apart. Returns whether it joined; gives up when `stop` fires.
pub async fn retry_join(
    gossip: Arc<super::Gossip>,
    wan: bool,
    addresses: Vec<String>,
    interval: Duration,
    max: u32,
    stop: CancellationToken,
) -> bool {
    let pool_name = if wan { "WAN" } else { "LAN" };
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let result = match gossip.pool(wan) {
            Ok(p) => p.join(&addresses).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(n) => {
                tracing::info!(
                    pool = pool_name,
                    joined = n,
                    "retry-join: joined the cluster"
                );
                return true;
            }
            Err(error) => {
                tracing::warn!(pool = pool_name, attempt, %error, "retry-join: join failed; will retry in {:?}", interval);
            }
        }
        if max != 0 && attempt >= max {
            tracing::error!(
                pool = pool_name,
                attempts = attempt,
                "retry-join: max join retry exhausted"
            );
            return false;
        }
        tokio::select! {
            _ = stop.cancelled() => return false,
            _ = tokio::time::sleep(interval) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn addresses() {
        let r = |a: &'static str| resolve(a, 8301);
        assert_eq!(
            r("10.0.0.1").await.unwrap(),
            vec!["10.0.0.1:8301".parse().unwrap()]
        );
        assert_eq!(
            r("10.0.0.1:9000").await.unwrap(),
            vec!["10.0.0.1:9000".parse().unwrap()]
        );
        assert_eq!(
            r("[::1]:9000").await.unwrap(),
            vec!["[::1]:9000".parse().unwrap()]
        );
        assert_eq!(r("::1").await.unwrap(), vec!["[::1]:8301".parse().unwrap()]);
        assert_eq!(
            r("[::1]").await.unwrap(),
            vec!["[::1]:8301".parse().unwrap()]
        );
        assert!(
            r("localhost")
                .await
                .unwrap()
                .iter()
                .all(|a| a.port() == 8301)
        );
        for bad in [
            "",
            "a b",
            "10.0.0.1:0",
            "10.0.0.1:99999",
            "host:port",
            "provider=aws tag_key=x",
            "no/slash",
        ] {
            let err = r(bad).await.unwrap_err().to_string();
            assert!(err.contains("join address"), "{bad}: {err}");
        }
    }
}

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
            GossipError::Unavailable(format!(
                "join address {address:?}: cannot resolve {host:?}: {e}"
            ))
        })?
        .collect();
    if addrs.is_empty() {
        return Err(GossipError::Unavailable(format!(
            "join address {address:?}: {host:?} has no address"
        )));
    }
    Ok(addrs)
}

/// Resolves every join address (see [`resolve`]). A malformed address fails
/// the whole join; a host name that does not resolve now is skipped while
/// another address does (as Consul does: under Docker or Kubernetes a
/// stopped peer's name stops resolving, and the others must still do).
pub async fn resolve_all(
    addresses: &[String],
    default_port: u16,
) -> Result<Vec<SocketAddr>, GossipError> {
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for address in addresses {
        match resolve(address, default_port).await {
            Ok(addrs) => resolved.extend(addrs),
            Err(GossipError::Unavailable(why)) => unresolved.push(why),
            Err(e) => return Err(e),
        }
    }
    if resolved.is_empty() {
        return Err(match unresolved.is_empty() {
            true => GossipError::Invalid("no address to join".into()),
            false => GossipError::Unavailable(unresolved.join("; ")),
        });
    }
    for why in &unresolved {
        tracing::warn!("skipping a join address: {why}");
    }
    Ok(resolved)
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

    #[tokio::test]
    async fn names_that_do_not_resolve_are_skipped_while_another_address_does() {
        let all = |list: &[&str]| {
            let list: Vec<String> = list.iter().map(|a| a.to_string()).collect();
            async move { resolve_all(&list, 8301).await }
        };
        assert_eq!(
            all(&["no-such-host.invalid", "10.0.0.1"]).await.unwrap(),
            vec!["10.0.0.1:8301".parse().unwrap()]
        );
        let err = all(&["no-such-host.invalid"]).await.unwrap_err();
        assert!(
            matches!(&err, GossipError::Unavailable(m) if m.contains("no-such-host.invalid")),
            "{err}"
        );
        // Malformed input is refused even beside a good address.
        let err = all(&["10.0.0.1", "a b"]).await.unwrap_err();
        assert!(matches!(err, GossipError::Invalid(_)), "{err}");
        assert!(matches!(
            all(&[]).await.unwrap_err(),
            GossipError::Invalid(_)
        ));
    }
}

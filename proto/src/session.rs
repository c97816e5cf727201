//! `roster.session.v1` and the rules every session write shares: TTL bounds,
//! lock-delay, behavior and the default checks, with Consul's messages.

use std::time::Duration;

use crate::common::{format_go_duration, parse_go_duration};

/// `roster.session.v1`: sessions.
pub mod v1 {
    tonic::include_proto!("roster.session.v1");
}

/// Shortest TTL by default (Consul's `session_ttl_min`).
pub const MIN_TTL: Duration = Duration::from_secs(10);
/// Longest TTL (Consul's `SessionTTLMax`).
pub const MAX_TTL: Duration = Duration::from_secs(24 * 3600);
/// A TTL session is invalidated this many TTLs after its last renewal
/// (Consul's `SessionTTLMultiplier`: "not before TTL", with grace).
pub const TTL_MULTIPLIER: u32 = 2;
/// Lock-delay when none is given.
pub const DEFAULT_LOCK_DELAY: Duration = Duration::from_secs(15);
/// Longest lock-delay applied (Consul's `MaxLockDelay`); a longer one is
/// stored as given and applied as this.
pub const MAX_LOCK_DELAY: Duration = Duration::from_secs(60);
/// The node check a session is tied to when none are named.
pub const SERF_HEALTH: &str = "serfHealth";

/// A session TTL string, checked against `min` (the agent's
/// `session_ttl_min`) and [`MAX_TTL`]: `None` for no TTL (empty, `0`, `0s`).
pub fn check_ttl(ttl: &str, min: Duration) -> Result<Option<Duration>, String> {
    let parsed = parse_ttl(ttl)?;
    if let Some(d) = parsed
        && (d < min || d > MAX_TTL)
    {
        return Err(format!(
            "Invalid Session TTL '{}', must be between [{}={}]",
            d.as_nanos(),
            format_go_duration(min),
            format_go_duration(MAX_TTL)
        ));
    }
    Ok(parsed)
}

/// A session TTL string as stored: `None` for no TTL (empty, `0`, `0s`).
pub fn parse_ttl(ttl: &str) -> Result<Option<Duration>, String> {
    if ttl.is_empty() {
        return Ok(None);
    }
    let parsed = parse_go_duration(ttl).map_err(|e| format!("Session TTL '{ttl}' invalid: {e}"))?;
    Ok((!parsed.is_zero()).then_some(parsed))
}

/// Consul's reading of a lock-delay number: under 1000 it counts seconds,
/// otherwise nanoseconds.
pub fn lock_delay_from_number(n: u64) -> Duration {
    if n < 1000 {
        Duration::from_secs(n)
    } else {
        Duration::from_nanos(n)
    }
}

/// A lock-delay string (`"15s"`), read as Consul reads it (a bare value
/// under a thousand nanoseconds is taken as seconds).
pub fn parse_lock_delay(text: &str) -> Result<Duration, String> {
    let parsed = parse_go_duration(text).map_err(|e| format!("Invalid LockDelay '{text}': {e}"))?;
    let nanos = u64::try_from(parsed.as_nanos()).unwrap_or(u64::MAX);
    Ok(lock_delay_from_number(nanos))
}

/// The lock-delay a session applies.
pub fn effective_lock_delay(session: &v1::Session) -> Duration {
    session
        .lock_delay_ns
        .map_or(DEFAULT_LOCK_DELAY, Duration::from_nanos)
        .min(MAX_LOCK_DELAY)
}

/// A behavior word (empty: release), or Consul's message.
pub fn parse_behavior(word: &str) -> Result<v1::Behavior, String> {
    match word {
        "" | "release" => Ok(v1::Behavior::Release),
        "delete" => Ok(v1::Behavior::Delete),
        other => Err(format!("Invalid Behavior setting '{other}'")),
    }
}

/// The word Consul shows for a behavior.
pub fn behavior_word(behavior: v1::Behavior) -> &'static str {
    match behavior {
        v1::Behavior::Delete => "delete",
        _ => "release",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttls_as_consul_bounds_them() {
        let check = |ttl: &str| check_ttl(ttl, MIN_TTL);
        assert_eq!(check(""), Ok(None));
        assert_eq!(check("0s"), Ok(None));
        assert_eq!(check("0"), Ok(None));
        assert_eq!(check("15s"), Ok(Some(Duration::from_secs(15))));
        assert_eq!(check("24h"), Ok(Some(MAX_TTL)));
        assert_eq!(
            check("5s").unwrap_err(),
            "Invalid Session TTL '5000000000', must be between [10s=24h0m0s]"
        );
        assert_eq!(
            check_ttl("5s", Duration::from_secs(1)),
            Ok(Some(Duration::from_secs(5)))
        );
        assert!(check("25h").is_err());
        assert!(
            check("soon")
                .unwrap_err()
                .starts_with("Session TTL 'soon' invalid: ")
        );
        assert_eq!(parse_ttl("5s"), Ok(Some(Duration::from_secs(5))));
    }

    #[test]
    fn lock_delays_under_a_thousand_are_seconds() {
        assert_eq!(lock_delay_from_number(15), Duration::from_secs(15));
        assert_eq!(lock_delay_from_number(0), Duration::ZERO);
        assert_eq!(
            lock_delay_from_number(2_000_000_000),
            Duration::from_secs(2)
        );
        assert_eq!(parse_lock_delay("20s"), Ok(Duration::from_secs(20)));
        assert_eq!(parse_lock_delay("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_lock_delay("later").is_err());
        let long = v1::Session {
            lock_delay_ns: Some(120_000_000_000),
            ..v1::Session::default()
        };
        assert_eq!(effective_lock_delay(&long), MAX_LOCK_DELAY);
    }

    #[test]
    fn behaviors() {
        assert_eq!(parse_behavior(""), Ok(v1::Behavior::Release));
        assert_eq!(parse_behavior("delete"), Ok(v1::Behavior::Delete));
        assert_eq!(
            parse_behavior("drop").unwrap_err(),
            "Invalid Behavior setting 'drop'"
        );
    }
}

//! `roster.common.v1` and helpers over its query options.

use std::time::Duration;

/// `roster.common.v1`: query/write options and metadata shared by all services.
pub mod v1 {
    tonic::include_proto!("roster.common.v1");
}

/// Wait used by a blocking query that names no `wait` (Consul's
/// `default_query_time`).
pub const DEFAULT_QUERY_TIME: Duration = Duration::from_secs(300);
/// Longest wait a blocking query may ask for; longer waits are clamped
/// (Consul's `max_query_time`).
pub const MAX_QUERY_TIME: Duration = Duration::from_secs(600);

impl v1::QueryOptions {
    /// The wait a blocking query asked for, defaulted and clamped like Consul:
    /// absent or zero means [`DEFAULT_QUERY_TIME`], above [`MAX_QUERY_TIME`] is
    /// clamped. Negative durations are treated as absent.
    pub fn effective_wait(&self) -> Duration {
        let asked = self
            .wait
            .as_ref()
            .and_then(|d| Duration::try_from(*d).ok())
            .unwrap_or_default();
        if asked.is_zero() {
            DEFAULT_QUERY_TIME
        } else {
            asked.min(MAX_QUERY_TIME)
        }
    }

    /// How long a blocking query waits before it answers anyway: the
    /// [`effective_wait`](Self::effective_wait) plus up to 1/16 of it at
    /// random (Consul's jitter), so that watchers parked together do not
    /// all time out together.
    pub fn jittered_wait(&self) -> Duration {
        use rand::Rng as _;
        let wait = self.effective_wait();
        let cap = (wait / 16).as_millis() as u64;
        wait + Duration::from_millis(rand::rng().random_range(0..=cap))
    }
}

/// Converts a `std` duration to the protobuf type (saturating).
pub fn to_proto_duration(d: Duration) -> prost_types::Duration {
    prost_types::Duration::try_from(d).unwrap_or(prost_types::Duration {
        seconds: i64::MAX,
        nanos: 0,
    })
}

/// Converts a protobuf duration to `std`; negative or invalid is zero.
pub fn from_proto_duration(d: Option<&prost_types::Duration>) -> Duration {
    d.and_then(|d| Duration::try_from(*d).ok())
        .unwrap_or_default()
}

/// Why a Go duration string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {input:?}")]
pub struct DurationError {
    /// The refused input.
    pub input: String,
}

/// A duration as Consul's HTTP API takes it (`?wait=`, `?max_stale=`,
/// definitions): Go's `time.ParseDuration`, where negative durations (which
/// Consul treats like zero) come back as zero and anything longer than Go's
/// `time.Duration` holds (about 292 years) is refused.
pub fn parse_consul_duration(input: &str) -> Option<Duration> {
    let (negative, magnitude) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    if negative && magnitude.starts_with('+') {
        return None;
    }
    let duration = parse_go_duration(magnitude).ok()?;
    if duration.as_nanos() > i64::MAX as u128 {
        return None;
    }
    Some(if negative { Duration::ZERO } else { duration })
}

/// Parses a Go duration string (`"10s"`, `"1m30s"`, `"1.5h"`, `"250ms"`,
/// `"100us"`/`"100µs"`, `"10ns"`, `"0"`), as Consul's HTTP API and
/// configuration files write them. A bare non-zero number has no unit and is
/// refused; negative durations are refused.
pub fn parse_go_duration(input: &str) -> Result<Duration, DurationError> {
    let err = || DurationError {
        input: input.to_string(),
    };
    let s = input.strip_prefix('+').unwrap_or(input);
    if s == "0" {
        return Ok(Duration::ZERO);
    }
    if s.is_empty() || s.starts_with('-') {
        return Err(err());
    }
    let mut total: u128 = 0; // nanoseconds
    let mut rest = s;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(err)?;
        let (number, tail) = rest.split_at(number_len);
        if number.is_empty() || number == "." {
            return Err(err());
        }
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let unit_nanos: u128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(err()),
        };
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        if frac.contains('.') {
            return Err(err());
        }
        let whole: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| err())?
        };
        let mut value = whole.checked_mul(unit_nanos).ok_or_else(err)?;
        let mut scale = unit_nanos;
        for digit in frac.bytes().take(30) {
            scale /= 10;
            value += u128::from(digit - b'0') * scale;
        }
        total = total.checked_add(value).ok_or_else(err)?;
        rest = tail;
    }
    let secs = u64::try_from(total / 1_000_000_000).map_err(|_| err())?;
    Ok(Duration::new(secs, (total % 1_000_000_000) as u32))
}

/// Formats a duration the way Go prints one (`"1m30s"`, `"250ms"`, `"0s"`).
pub fn format_go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    if nanos == 0 {
        return "0s".into();
    }
    if nanos < 1_000 {
        return format!("{nanos}ns");
    }
    if nanos < 1_000_000 {
        return format!("{}µs", trim_fraction(nanos, 1_000));
    }
    if nanos < 1_000_000_000 {
        return format!("{}ms", trim_fraction(nanos, 1_000_000));
    }
    let mut out = String::new();
    let hours = nanos / 3_600_000_000_000;
    let minutes = (nanos / 60_000_000_000) % 60;
    let rest = nanos % 60_000_000_000;
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if hours > 0 || minutes > 0 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&format!("{}s", trim_fraction(rest, 1_000_000_000)));
    out
}

fn trim_fraction(value: u128, unit: u128) -> String {
    let whole = value / unit;
    let frac = value % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let width = unit.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_wait(secs: i64) -> v1::QueryOptions {
        v1::QueryOptions {
            wait: Some(prost_types::Duration {
                seconds: secs,
                nanos: 0,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn go_durations() {
        let ok = |s: &str, d: Duration| assert_eq!(parse_go_duration(s), Ok(d), "{s}");
        ok("10s", Duration::from_secs(10));
        ok("0", Duration::ZERO);
        ok("1m30s", Duration::from_secs(90));
        ok("1.5h", Duration::from_secs(5400));
        ok("250ms", Duration::from_millis(250));
        ok("100us", Duration::from_micros(100));
        ok("100\u{b5}s", Duration::from_micros(100));
        ok("7ns", Duration::from_nanos(7));
        ok(".5s", Duration::from_millis(500));
        for bad in ["", "60", "-1s", "1x", "s", "1.2.3s", "1s2", "."] {
            assert!(parse_go_duration(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(format_go_duration(Duration::from_secs(90)), "1m30s");
        assert_eq!(format_go_duration(Duration::from_millis(200)), "200ms");
        assert_eq!(format_go_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(format_go_duration(Duration::from_secs(3600)), "1h0m0s");
        assert_eq!(format_go_duration(Duration::ZERO), "0s");
    }

    proptest::proptest! {
        #[test]
        fn go_duration_round_trips(nanos in 0u64..400_000_000_000_000) {
            let d = Duration::from_nanos(nanos);
            proptest::prop_assert_eq!(parse_go_duration(&format_go_duration(d)), Ok(d));
        }
    }

    #[test]
    fn wait_defaults_and_clamps() {
        assert_eq!(
            v1::QueryOptions::default().effective_wait(),
            DEFAULT_QUERY_TIME
        );
        assert_eq!(with_wait(0).effective_wait(), DEFAULT_QUERY_TIME);
        assert_eq!(with_wait(-5).effective_wait(), DEFAULT_QUERY_TIME);
        assert_eq!(with_wait(7).effective_wait(), Duration::from_secs(7));
        assert_eq!(with_wait(3600).effective_wait(), MAX_QUERY_TIME);
    }
}

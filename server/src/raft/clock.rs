//! The driver's clock: the monotonic clock in a server, a clock that only
//! moves when told to in the deterministic simulation (`raft/sim.rs`).

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

/// Where the driver reads the time (the lease, read and contact times).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the monotonic clock.
    manual: Option<Arc<Manual>>,
}

#[derive(Debug)]
struct Manual {
    start: Instant,
    /// Nanoseconds since `start`.
    offset: AtomicU64,
}

impl Clock {
    /// The monotonic clock.
    pub fn monotonic() -> Clock {
        Clock { manual: None }
    }

    /// A clock standing still at a real instant until [`advance`]d; its
    /// clones share its time.
    ///
    /// [`advance`]: Clock::advance
    pub fn manual() -> Clock {
        Clock {
            manual: Some(Arc::new(Manual {
                start: Instant::now(),
                offset: AtomicU64::new(0),
            })),
        }
    }

    /// The current time.
    pub fn now(&self) -> Instant {
        match &self.manual {
            None => Instant::now(),
            Some(m) => m.start + Duration::from_nanos(m.offset.load(Ordering::Acquire)),
        }
    }

    /// Time since `earlier` (zero if `earlier` is later).
    pub fn since(&self, earlier: Instant) -> Duration {
        self.now().saturating_duration_since(earlier)
    }

    /// Moves a manual clock forward by `by`; the monotonic clock moves by
    /// itself and ignores this.
    pub fn advance(&self, by: Duration) {
        if let Some(m) = &self.manual {
            let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
            m.offset.fetch_add(nanos, Ordering::AcqRel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced_and_clones_share_it() {
        let clock = Clock::manual();
        let t0 = clock.now();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now(), t0);
        let other = clock.clone();
        other.advance(Duration::from_millis(250));
        assert_eq!(clock.now(), t0 + Duration::from_millis(250));
        assert_eq!(clock.since(t0), Duration::from_millis(250));
        assert_eq!(clock.since(t0 + Duration::from_secs(1)), Duration::ZERO);
    }

    #[test]
    fn the_monotonic_clock_moves_by_itself() {
        let clock = Clock::monotonic();
        let t0 = clock.now();
        std::thread::sleep(Duration::from_millis(2));
        assert!(clock.since(t0) >= Duration::from_millis(2));
    }
}

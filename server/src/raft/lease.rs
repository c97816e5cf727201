//! The leader lease that lets default-mode reads skip a quorum round.
//!
//! A follower that has heard from the leader refuses to vote for anyone else
//! (raft-rs's check-quorum "in lease" rule) until a whole election timeout
//! (`election_tick` ticks of its own clock) has passed without hearing from
//! it again. So once a quorum has acknowledged a message the leader *sent*
//! at time `t`, no other leader can be elected before about
//! `t + election timeout`: the leader may answer reads from its own state
//! until then, without asking anyone.
//!
//! The lease starts at the send time (not the acknowledgement's arrival), is
//! shorter than the minimum election timeout by a tick (followers count whole
//! ticks) and a drift margin, and is measured on the monotonic clock. Two
//! things end it early:
//! - a leadership transfer: `MsgTimeoutNow` makes its target campaign at
//!   once, and voters grant a transfer's votes even in lease. The lease is
//!   void from the moment a transfer starts, and one abandoned by Raft bars
//!   it for the rest of the term: a `TimeoutNow` (or the forced vote request
//!   it causes) delayed in the network could still elect the target, and
//!   nothing bounds that delay. Default reads then confirm leadership with
//!   a quorum until the next election;
//! - losing leadership.
//!
//! Its length comes from the smallest election timeout any server may have
//! (`raft_multiplier` is per server, and a follower counts its own), not
//! from this server's.
//!
//! A server also ignores vote requests for one election timeout after it
//! starts (see `node.rs`): a follower that acknowledged the leader and then
//! restarted has forgotten that it did, and would otherwise vote at once.
//!
//! Everything here takes the current time as an argument, so the rules are
//! tested without real time.

use std::time::{Duration, Instant};

/// How long a lease lasts: the minimum election timeout less one tick (a
/// follower may count its first tick at once) and a tenth for clock drift.
pub fn lease_duration(tick: Duration, election_tick: usize) -> Duration {
    let election = tick * election_tick as u32;
    election.saturating_sub(tick).saturating_sub(election / 10)
}

/// The leader's lease.
#[derive(Debug, Clone)]
pub struct LeaderLease {
    duration: Duration,
    /// Messages sent before this instant renew nothing (a transfer started,
    /// or leadership was lost, after they were sent).
    valid_from: Option<Instant>,
    /// The lease runs until this instant.
    until: Option<Instant>,
    /// Nothing renews it any more (until a new lease is made for a new
    /// term): a transfer was abandoned.
    barred: bool,
}

impl LeaderLease {
    /// A lease of `duration`, not held.
    pub fn new(duration: Duration) -> LeaderLease {
        LeaderLease {
            duration,
            valid_from: None,
            until: None,
            barred: false,
        }
    }

    /// How long a renewal lasts.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// A quorum acknowledged a message sent at `sent_at`: extend the lease
    /// to `sent_at + duration` unless that is earlier than it already runs,
    /// or the message predates the last revocation. Returns whether the
    /// lease changed.
    pub fn renew(&mut self, sent_at: Instant) -> bool {
        if self.barred || self.valid_from.is_some_and(|from| sent_at < from) {
            return false;
        }
        let until = sent_at + self.duration;
        if self.until.is_some_and(|u| u >= until) {
            return false;
        }
        self.until = Some(until);
        true
    }

    /// Ends the lease; only messages sent from `from` on renew it (a later
    /// bound already set stays). Returns whether a lease was held.
    pub fn revoke(&mut self, from: Instant) -> bool {
        self.valid_from = Some(self.valid_from.map_or(from, |f| f.max(from)));
        self.until.take().is_some()
    }

    /// Ends the lease for good (a transfer was abandoned): nothing renews it.
    /// Returns whether a lease was held.
    pub fn bar(&mut self) -> bool {
        self.barred = true;
        self.until.take().is_some()
    }

    /// When the lease runs out, if it is held.
    pub fn until(&self) -> Option<Instant> {
        self.until
    }

    /// Whether the lease covers `now`.
    pub fn covers(&self, now: Instant) -> bool {
        self.until.is_some_and(|u| now < u)
    }

    /// Whether the lease should be renewed ahead of time: renewable, and not
    /// held or with less than half of it left at `now`.
    pub fn wants_renewal(&self, now: Instant) -> bool {
        if self.barred || self.valid_from.is_some_and(|from| now < from) {
            return false;
        }
        match self.until {
            None => true,
            Some(until) => until.saturating_duration_since(now) < self.duration / 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn the_lease_is_shorter_than_the_minimum_election_timeout() {
        // Consul's timing at raft_multiplier 1: 100 ms ticks, 10 of them.
        let d = lease_duration(100 * MS, 10);
        assert_eq!(d, 800 * MS);
        assert!(d < 1000 * MS - 100 * MS);
        assert_eq!(lease_duration(100 * MS, 50), 4400 * MS);
        assert_eq!(lease_duration(100 * MS, 1), Duration::ZERO);
    }

    #[test]
    fn a_lease_runs_from_the_send_time_of_what_a_quorum_acknowledged() {
        let t0 = Instant::now();
        let mut lease = LeaderLease::new(800 * MS);
        assert!(!lease.covers(t0), "not held before any acknowledgement");
        assert!(lease.wants_renewal(t0));
        // Acknowledged at t0 + 300 ms, sent at t0 + 100 ms: the send counts.
        assert!(lease.renew(t0 + 100 * MS));
        assert_eq!(lease.until(), Some(t0 + 900 * MS));
        assert!(lease.covers(t0 + 899 * MS));
        assert!(!lease.covers(t0 + 900 * MS));
        // An older send acknowledged later does not shorten it.
        assert!(!lease.renew(t0 + 50 * MS));
        assert_eq!(lease.until(), Some(t0 + 900 * MS));
        assert!(!lease.wants_renewal(t0 + 400 * MS));
        assert!(lease.wants_renewal(t0 + 501 * MS));
        assert!(lease.renew(t0 + 600 * MS));
        assert_eq!(lease.until(), Some(t0 + 1400 * MS));
    }

    #[test]
    fn a_revoked_lease_ignores_acknowledgements_of_earlier_sends() {
        let t0 = Instant::now();
        let mut lease = LeaderLease::new(800 * MS);
        assert!(lease.renew(t0));
        // A transfer starts at t0 + 200 ms.
        assert!(lease.revoke(t0 + 200 * MS));
        assert!(!lease.covers(t0 + 300 * MS));
        // A heartbeat sent at t0 + 150 ms is acknowledged afterwards: the
        // transfer's target may already have been elected since.
        assert!(!lease.renew(t0 + 150 * MS));
        assert!(!lease.covers(t0 + 300 * MS));
        // Nothing is renewed ahead of a revocation's bound.
        lease.revoke(t0 + 2200 * MS);
        assert!(!lease.wants_renewal(t0 + 2100 * MS));
        assert!(!lease.renew(t0 + 1300 * MS));
        assert!(!lease.renew(t0 + 2199 * MS));
        assert!(lease.renew(t0 + 2200 * MS));
        assert!(lease.covers(t0 + 2500 * MS));
        // A later, earlier-reaching revocation keeps the later bound.
        lease.revoke(t0 + 2300 * MS);
        lease.revoke(t0 + 2250 * MS);
        assert!(!lease.renew(t0 + 2290 * MS));
        assert!(lease.renew(t0 + 2300 * MS));
        // The transfer is abandoned: barred for the rest of the term, even
        // for what is sent long after.
        assert!(lease.bar());
        assert!(!lease.covers(t0 + 2400 * MS));
        assert!(!lease.renew(t0 + 60_000 * MS));
        assert!(!lease.wants_renewal(t0 + 60_000 * MS));
    }
}

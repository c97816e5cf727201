//! Named crash points between durable steps, for the failpoint tests.
//!
//! Built only with the `failpoints` feature (the test command enables it;
//! release builds have none: every [`crash_point!`] is then nothing). The
//! `FAILPOINTS` environment variable of the `roster` process configures
//! them with tikv's `fail` syntax: `FAILPOINTS='raft::before_apply=return'`
//! makes the process abort the first time it reaches that point,
//! `'raft::before_apply=40*off->return'` the 41st time. Aborting is a crash
//! as `kill -9` is: no destructor, no flush, nothing written after.
//!
//! The points (see [`ALL`]) sit in the Raft `Ready` loop, snapshot build,
//! send, receive and install, restore staging, finish and ingestion, bootstrap and
//! configuration changes.

/// Every crash point, by name.
pub const ALL: &[&str] = &[
    "raft::before_log_write",
    "raft::after_log_write",
    "raft::before_apply",
    "raft::before_advance",
    "raft::conf_change",
    "raft::bootstrap",
    "snapshot::build",
    "snapshot::send",
    "snapshot::receive",
    "snapshot::install_before_ingest",
    "snapshot::install_before_raft_state",
    "restore::stage",
    "restore::finish",
    "restore::ingested",
];

/// Aborts the process at the crash point `name`, as a crash would.
pub fn crash(name: &str) -> ! {
    eprintln!("failpoint {name}: crashing here");
    std::process::abort()
}

/// Crashes here when the `FAILPOINTS` configuration says so (see the module
/// documentation); nothing without the `failpoints` feature.
#[macro_export]
macro_rules! crash_point {
    ($name:expr) => {
        ::fail::fail_point!($name, |_| $crate::failpoints::crash($name))
    };
}

/// Reads `FAILPOINTS`; keep the returned scenario for the life of the
/// process.
#[cfg(feature = "failpoints")]
pub fn setup() -> fail::FailScenario<'static> {
    fail::FailScenario::setup()
}

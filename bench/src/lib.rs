//! roster-bench: a closed-loop gRPC load generator that drives Roster and
//! etcd with the same client, so their numbers can be compared in one run on
//! one machine (`bench/run.sh` starts both and writes `bench/RESULTS.md`).
//!
//! - [`client`]: one KV client over Roster's and etcd's gRPC APIs.
//! - [`coord`]: coordination workloads: lock hand-off, session create and
//!   renew, transactions (`bench/coord.py` runs them on 3-member clusters).
//! - [`etcd`]: the generated etcd v3 `KV`, `Lease` and `Lock` clients (from
//!   `bench/proto/`).
//! - [`load`]: the closed loop, its warm-up and measured window.
//! - [`cpu`]: server and client CPU use from `/proc`.
//! - [`report`]: JSON results to the Markdown of RESULTS.md.
//! - [`watch`]: blocked HTTP watchers woken by one check flip.
//! - [`stream`]: gRPC health watch streams woken by one check flip.

pub mod client;
pub mod coord;
pub mod cpu;
pub mod etcd;
pub mod load;
pub mod report;
pub mod stream;
pub mod watch;

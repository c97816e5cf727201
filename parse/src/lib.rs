//! Roster's parsers of untrusted input that need no storage, in a crate of
//! their own so that they build (and are fuzzed, see `fuzz/`) without
//! RocksDB: Consul's ACL rule language ([`rules`]), `?filter=` expressions
//! ([`filter`]), the agent's configuration files ([`config`]), the snapshot
//! archive format ([`archive`]).

pub mod archive;
pub mod config;
pub mod filter;
pub mod hcl_guard;
pub mod rules;

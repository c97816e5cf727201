//! The HTTP side of the gateway: the router, and what every Consul endpoint
//! shares — query-string parsing (`?dc`, `?token`, `?stale`/`?consistent`,
//! `?index`/`?wait`, flags that are present-or-absent), Go duration parsing,
//! the `X-Consul-*` response headers, Consul's JSON rendering, and the error
//! response (plain text, status from [`ErrorKind`]).
//!
//! Shared pieces live one per concern: [`routes`] (the router, the method
//! check, the gRPC transport), [`params`] (query string, options, token),
//! [`render`] (headers, Go-style JSON) and [`error`] (errors and plain
//! responses). Endpoint groups live one per file: [`kv`] (`/v1/kv/`), [`status`]
//! (`/v1/status/`), [`agent`] (`/v1/agent/` membership), [`event`]
//! (`/v1/event/`), [`coordinate`] (`/v1/coordinate/`), [`catalog`]
//! (`/v1/catalog/`), [`health`] (`/v1/health/`) and [`operator`]
//! (`/v1/operator/keyring`, `/v1/operator/raft/`, `/v1/operator/autopilot/`).
//! Simple endpoints
//! go through [`endpoint`]: method check, query string, error rendering.
//!
//! Routing mirrors Consul's `wrap`: an endpoint accepts any method and answers
//! `OPTIONS` (200 with `Allow`) and methods it does not serve (405 with
//! `Allow` and `method <M> not allowed`) itself; unknown paths are 404 with an
//! empty body; paths with non-printable characters are 400 (Consul's
//! `cleanhttp.PrintablePathCheckHandler`, which sends no body; Roster says why).

pub mod acl;
pub mod agent;
pub mod agent_local;
pub mod catalog;
pub mod coordinate;
pub mod error;
pub mod event;
pub mod health;
pub mod json;
pub mod kv;
pub mod operator;
pub mod params;
pub mod park;
pub mod render;
pub mod routes;
pub mod session;
pub mod snapshot;
pub mod status;
#[cfg(test)]
mod tests;
pub mod txn;

use error::{empty_response, kind_status, text_response};
use params::{query_options, reject_enterprise_meta, retryable_write_options, write_options};
use render::{json_response, with_meta};
pub(crate) use routes::Transport;
use routes::{MAX_REPLY_SIZE, check_method, endpoint, read_endpoint};

pub use error::Error;
pub use params::Params;
pub use render::to_json;
pub use routes::{Gateway, router};

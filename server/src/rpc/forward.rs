//! Getting a request to the leader. A write, or a read that needs the
//! leader's state, waits up to `rpc_hold_timeout` for a leader; after that it
//! fails with Consul's "No cluster leader".
//!
//! On a server that is not the leader, the service functions below answer
//! with a *redirect*: a "No cluster leader" status carrying the leader's
//! server address in the `roster-leader` metadata entry. Nothing was
//! proposed or read when that happens. The [`follow_leader`] middleware
//! around the server's services keeps each request's (small, unary) body,
//! and on a redirect sends the same request to the leader's server port and
//! returns the leader's answer; callers never see the redirect. Requests
//! carry the hop count in `roster-forward-hops` so that a request chasing a
//! leader that keeps moving stops after [`MAX_HOPS`] with "No cluster
//! leader".

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{body::Body, extract::State, middleware::Next};
use http_body_util::BodyExt as _;
use roster_proto::status::{ErrorKind, NO_LEADER_MESSAGE};
use tokio::time::Instant;
use tonic::transport::{Channel, Endpoint};

use super::ServerContext;
use crate::{raft::RaftError, state::ApplyOutcome};

/// Metadata entry of a redirect: the leader's server address.
pub const LEADER_METADATA: &str = "roster-leader";
/// Metadata entry counting how often a request was forwarded.
pub const HOPS_METADATA: &str = "roster-forward-hops";
/// Forwards a request may take before it fails.
pub const MAX_HOPS: u32 = 3;
/// Largest request body the middleware keeps (a KV value is at most
/// 512 KiB; a larger request is refused before it reaches a service).
const MAX_FORWARDED_BODY: usize = 4 << 20;

/// Where a request that needs the leader goes now.
enum Leader {
    /// This server is the leader and its state is current.
    Local,
    /// Another server leads, at this server address.
    Remote(String),
}

/// Waits (up to `deadline`) until this server leads with current state or
/// another server is known to lead and has a known address.
async fn find_leader(ctx: &ServerContext, deadline: Instant) -> Result<Leader, tonic::Status> {
    let mut changes = ctx.raft.changes();
    loop {
        let status = ctx.raft.status();
        // A leader handing over takes no proposals: wait for the next one.
        // So does one outside its own configuration (it can only have been
        // removed by a change it did not propose itself; see ChangeConf).
        if status.is_leader
            && status.leader_ready
            && !status.transferring
            && status.voters.contains(&status.id)
        {
            return Ok(Leader::Local);
        }
        if status.known_leader()
            && !status.is_leader
            && let Some(address) = ctx.raft.addresses().get(&status.leader_id)
        {
            return Ok(Leader::Remote(address.clone()));
        }
        tokio::select! {
            r = changes.changed() => if r.is_err() { return Err(no_leader()) },
            _ = tokio::time::sleep_until(deadline) => return Err(no_leader()),
            // Addresses arrive from gossip without a status change.
            _ = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
    }
}

fn no_leader() -> tonic::Status {
    ErrorKind::NoLeader.status(NO_LEADER_MESSAGE)
}

/// The redirect to `address` (see the module documentation).
fn redirect(address: &str) -> tonic::Status {
    let mut status = no_leader();
    if let Ok(value) = address.parse() {
        status.metadata_mut().insert(LEADER_METADATA, value);
    }
    status
}

/// Proposes `data` on the leader and waits for it to apply. Retries while
/// no leader is known, up to the hold timeout. A write whose fate is unknown
/// is reported as such, never as failed.
pub async fn apply(ctx: &ServerContext, data: Vec<u8>) -> Result<ApplyOutcome, tonic::Status> {
    let deadline = Instant::now() + ctx.rpc_hold_timeout;
    loop {
        match ctx.raft.propose(data.clone()).await {
            Ok(outcome) => return Ok(outcome),
            // NoLeader: nothing was proposed. Dropped: the entry was replaced
            // and never applied. Either way trying again (here or on the
            // leader) cannot apply it twice.
            Err(RaftError::NoLeader | RaftError::Dropped) => {
                match find_leader(ctx, deadline).await? {
                    Leader::Local => {}
                    Leader::Remote(address) => return Err(redirect(&address)),
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Waits (up to the hold timeout) for a leader: `None` if this server leads,
/// else the leader's server address. For calls the middleware cannot
/// replay (client streams), which forward by themselves.
pub async fn remote_leader(ctx: &ServerContext) -> Result<Option<String>, tonic::Status> {
    match find_leader(ctx, Instant::now() + ctx.rpc_hold_timeout).await? {
        Leader::Local => Ok(None),
        Leader::Remote(address) => Ok(Some(address)),
    }
}

/// Proposes a configuration change on the leader and waits for it to apply
/// (a redirect when another server leads).
pub async fn change_conf(
    ctx: &ServerContext,
    change: crate::cluster::Change,
) -> Result<ApplyOutcome, tonic::Status> {
    let deadline = Instant::now() + ctx.rpc_hold_timeout;
    loop {
        match ctx.raft.change_conf(change.to_conf_change()).await {
            Ok(outcome) => return Ok(outcome),
            Err(RaftError::NoLeader) => match find_leader(ctx, deadline).await? {
                Leader::Local => {}
                Leader::Remote(address) => return Err(redirect(&address)),
            },
            // Another change is pending: try again shortly, within the hold.
            Err(RaftError::Dropped) => {
                if Instant::now() >= deadline {
                    return Err(ErrorKind::Unavailable
                        .status("another configuration change is in progress; try again"));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Waits until this server may answer a read in the default (leader)
/// consistency mode from its own state, or redirects to the leader.
///
/// The leader answers under its lease (`raft/lease.rs`): no other leader
/// can have been elected while it runs. When the lease has run out (an idle
/// leader, a pause, a partition, a transfer) the leader confirms its
/// leadership with a quorum first (Raft ReadIndex), which renews the lease;
/// if it has lost leadership meanwhile, the read follows the new leader or
/// fails with "No cluster leader" after the hold. So a default read is
/// linearizable, not only "strongly consistent in almost all cases".
pub async fn ensure_leader(ctx: &ServerContext) -> Result<(), tonic::Status> {
    let deadline = Instant::now() + ctx.rpc_hold_timeout;
    loop {
        // One look at the status on the common path: a lease holder is a
        // leader with current state (what `find_leader` waits for).
        let status = ctx.raft.status();
        if status.holds_lease(std::time::Instant::now()) {
            if status.applied_index >= status.commit_index {
                return Ok(());
            }
            // Leased, still applying what it knew committed when it looked:
            // wait for that rather than a quorum round.
            let left = deadline.saturating_duration_since(Instant::now());
            if ctx.raft.wait_applied(status.commit_index, left).await {
                return Ok(());
            }
            return Err(no_leader());
        }
        if let Leader::Remote(address) = find_leader(ctx, deadline).await? {
            return Err(redirect(&address));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, ctx.raft.read_index()).await {
            // Confirmed by a quorum, and applied here.
            Ok(Ok(_)) => return Ok(()),
            // Leadership changed while confirming: find the leader again
            // (after a pause, so that a stale status does not make it spin).
            Ok(Err(RaftError::NoLeader)) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => return Err(no_leader()),
        }
    }
}

/// Obtains a quorum-confirmed read index and waits until it is applied, for
/// `consistent` reads. Retries while no leader is known, up to the hold
/// timeout.
pub async fn read_index(ctx: &ServerContext) -> Result<u64, tonic::Status> {
    let deadline = Instant::now() + ctx.rpc_hold_timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, ctx.raft.read_index()).await {
            Ok(Ok(index)) => return Ok(index),
            Ok(Err(RaftError::NoLeader)) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || !ctx.raft.wait_for_leader(left).await {
                    return Err(ErrorKind::NoLeader.status(NO_LEADER_MESSAGE));
                }
                // A leader appeared; give the read index another try after a
                // short pause so that a follower does not spin.
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => {
                return Err(ErrorKind::NoLeader.status(format!(
                    "{NO_LEADER_MESSAGE}: Not ready to serve consistent reads"
                )));
            }
        }
    }
}

/// State of [`follow_leader`]: which services follow the leader, and
/// channels to leaders by server address.
#[derive(Clone)]
pub struct FollowLeader {
    /// `/<service name>` (or `/<service>/<method>`) of what follows.
    prefixes: Arc<[String]>,
    channels: Arc<Mutex<HashMap<String, Channel>>>,
}

impl FollowLeader {
    /// Follows the leader for the named gRPC services (`package.Service`)
    /// or single methods (`package.Service/Method`). Only calls with a
    /// unary request may be named: the request is buffered.
    pub fn new(services: &[&str]) -> FollowLeader {
        FollowLeader {
            prefixes: services.iter().map(|s| format!("/{s}")).collect(),
            channels: Arc::default(),
        }
    }

    fn follows(&self, path: &str) -> bool {
        self.prefixes.iter().any(|p| {
            path.strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }

    fn channel(&self, address: &str) -> Result<Channel, String> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(channel) = channels.get(address) {
            return Ok(channel.clone());
        }
        let channel = crate::tls::connect_lazy(
            Endpoint::from_shared(format!("http://{address}"))
                .map_err(|e| format!("bad leader address {address}: {e}"))?
                .tcp_nodelay(true)
                .connect_timeout(Duration::from_secs(2)),
        );
        channels.insert(address.to_string(), channel.clone());
        Ok(channel)
    }
}

/// Middleware around a server's services: follows redirects to the leader
/// (see the module documentation).
pub async fn follow_leader(
    State(follow): State<FollowLeader>,
    request: axum::extract::Request,
    next: Next,
) -> axum::response::Response {
    if !follow.follows(request.uri().path()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let body = match http_body_util::Limited::new(body, MAX_FORWARDED_BODY)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            return ErrorKind::InvalidArgument
                .status(format!("cannot read the request: {e}"))
                .into_http::<Body>();
        }
    };
    let hops = parts
        .headers
        .get(HOPS_METADATA)
        .and_then(|v| v.to_str().ok()?.parse::<u32>().ok())
        .unwrap_or(0);
    let response = next
        .run(axum::extract::Request::from_parts(
            parts.clone(),
            Body::from(body.clone()),
        ))
        .await;
    let Some(leader) = response
        .headers()
        .get(LEADER_METADATA)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return response;
    };
    // The leader's own middleware follows any further redirect.
    if hops >= MAX_HOPS {
        return no_leader().into_http::<Body>();
    }
    let mut channel = match follow.channel(&leader) {
        Ok(c) => c,
        Err(e) => return ErrorKind::Unavailable.status(e).into_http::<Body>(),
    };
    parts.headers.insert(HOPS_METADATA, (hops + 1).into());
    let request = http::Request::from_parts(
        parts,
        tonic::body::Body::new(http_body_util::Full::new(body)),
    );
    let forwarded = match tower::ServiceExt::ready(&mut channel).await {
        Ok(ready) => tower::Service::call(ready, request).await,
        Err(e) => Err(e),
    };
    match forwarded {
        Ok(r) => r.map(Body::new),
        Err(e) => ErrorKind::Unavailable
            .status(format!(
                "rpc error: cannot reach the leader at {leader}: {e}"
            ))
            .into_http::<Body>(),
    }
}

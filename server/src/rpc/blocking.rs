//! The one blocking-query helper. Every read RPC goes through
//! [`blocking_query`].
//!
//! Contract:
//! - Consistency first: `stale` reads local state on any server; the default
//!   mode needs this server to be a leader that has applied an entry of its
//!   own term and holds a lease, or else confirms its leadership with a
//!   quorum (`forward::ensure_leader`, waiting up to `rpc_hold_timeout`);
//!   `consistent` gets a quorum-confirmed read index and waits until it is
//!   applied, on every run.
//! - `min_index == 0` runs the query once and returns.
//! - Otherwise the helper subscribes to the watch target *before* each run,
//!   runs the query, and returns as soon as the result's index is greater than
//!   `min_index`; else it waits for a change to the target or for the
//!   deadline (`wait`, defaulted to 5 min, clamped to 10 min, plus up to
//!   1/16 random jitter), and runs again. At the deadline it returns the
//!   current result, whatever its index. Spurious wake-ups are allowed.
//! - Reported indexes are never 0 (the query functions ensure it).
//! - The query runs on a blocking thread (it reads RocksDB), except a one-key
//!   read, which is short enough to run in place.
//! - Dropping the returned future drops the subscription.

use roster_proto::{
    common::{
        to_proto_duration,
        v1::{Consistency, QueryMeta, QueryOptions},
    },
    status::{ErrorKind, HasErrorKind},
};
use tokio::time::Instant;

use super::{ServerContext, forward};
use crate::{
    state::{StateError, WatchTarget},
    storage::ReadView,
};

/// A query's consistency mode, the index it waits to pass (`min_index`),
/// and when a blocking query gives up waiting (`wait`, defaulted and
/// clamped, plus up to 1/16 random jitter; `None` for a query that does
/// not block).
fn plan(
    options: Option<&QueryOptions>,
) -> Result<(Consistency, u64, Option<Instant>), tonic::Status> {
    let default_options = QueryOptions::default();
    let options = options.unwrap_or(&default_options);
    let consistency = Consistency::try_from(options.consistency).map_err(|_| {
        ErrorKind::InvalidArgument
            .status(format!("unknown consistency mode {}", options.consistency))
    })?;
    let deadline = (options.min_index > 0).then(|| Instant::now() + options.jittered_wait());
    Ok((consistency, options.min_index, deadline))
}

/// What a read in `consistency` needs before it reads local state: nothing
/// (stale), a leader holding its lease or confirming with a quorum
/// (default), a quorum-confirmed read index applied here (consistent).
async fn confirm(ctx: &ServerContext, consistency: Consistency) -> Result<(), tonic::Status> {
    match consistency {
        Consistency::Stale => {}
        Consistency::Unspecified => forward::ensure_leader(ctx).await?,
        Consistency::Consistent => {
            forward::read_index(ctx).await?;
        }
    }
    Ok(())
}

/// Checked before a watch stream opens. A follower answers a watch in the
/// default mode (served by the leader) with a redirect, so that the
/// follow-leader middleware sends the whole call to the leader and relays
/// its stream; found only by the stream's first round, the redirect would
/// reach the caller as "No cluster leader". Stale and consistent watches
/// are served where they arrive.
pub async fn confirm_watch(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
) -> Result<(), tonic::Status> {
    let (consistency, _, _) = plan(options)?;
    if consistency == Consistency::Unspecified {
        forward::ensure_leader(ctx).await?;
    }
    Ok(())
}

/// Runs `query` under `options` as described in the module documentation.
/// `query` returns its result and the index it was read at.
pub async fn blocking_query<T, Q>(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    target: WatchTarget,
    query: Q,
) -> Result<(T, QueryMeta), tonic::Status>
where
    T: Send + 'static,
    Q: Fn(&ReadView<'_>) -> Result<(T, u64), StateError> + Clone + Send + 'static,
{
    // A one-key read is a few microseconds of RocksDB (memtable or block
    // cache): run it here rather than pay a hand-off to the blocking pool;
    // scans of a prefix or a table may be long and go there.
    let in_place = matches!(target, WatchTarget::KvKey(_));
    block(ctx, options, target, || read(ctx, in_place, query.clone())).await
}

/// [`blocking_query`] for a query many readers ask at once (a service's
/// health): readers of the same `key` share one evaluation per applied
/// index ([`super::coalesce`]), and each gets a copy of the result.
pub async fn blocking_query_shared<T, Q>(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    target: WatchTarget,
    key: String,
    query: Q,
) -> Result<(T, QueryMeta), tonic::Status>
where
    T: Clone + Send + Sync + 'static,
    Q: Fn(&ReadView<'_>) -> Result<(T, u64), StateError> + Clone + Send + 'static,
{
    let slot = ctx.queries.slot(&key);
    block(ctx, options, target, || {
        let (slot, run) = (&slot, query.clone());
        async move {
            // The applied index seen before the read tags the result. It
            // is the engine's: written with each entry's batch, before the
            // entry's watchers are woken. (The Raft status moves only after
            // a whole batch of entries has applied, so a reader woken by an
            // entry could see the index from before it, take the result
            // cached at that index, and wait for a wake-up already sent.)
            let applied = ctx.state.applied_index().map_err(|e| e.to_status())?;
            let shared = slot.get(applied, || read(ctx, false, run)).await?;
            Ok(shared.as_ref().clone())
        }
    })
    .await
}

/// One read of `query` at the engine's latest state, in place or on the
/// blocking pool.
async fn read<T, Q>(
    ctx: &ServerContext,
    in_place: bool,
    query: Q,
) -> Result<(T, u64), tonic::Status>
where
    T: Send + 'static,
    Q: FnOnce(&ReadView<'_>) -> Result<(T, u64), StateError> + Send + 'static,
{
    let engine = ctx.state.engine().clone();
    if in_place {
        query(&engine.read_view())
    } else {
        tokio::task::spawn_blocking(move || query(&engine.read_view()))
            .await
            .map_err(|e| ErrorKind::Internal.status(format!("query task failed: {e}")))?
    }
    .map_err(|e| e.to_status())
}

/// The blocking loop: `run()` reads until the result's index passes
/// `min_index` or the deadline comes.
async fn block<T, F, Fut>(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    target: WatchTarget,
    mut run: F,
) -> Result<(T, QueryMeta), tonic::Status>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(T, u64), tonic::Status>>,
{
    let (consistency, min_index, deadline) = plan(options)?;
    loop {
        confirm(ctx, consistency).await?;
        // Only a query that may wait needs to hear of changes; subscribing
        // before the read means none is missed.
        let mut guard = deadline.map(|_| ctx.state.hub().subscribe(target.clone()));
        let (value, index) = run().await?;
        // Wait only while the index has not moved and time is left.
        match (deadline, guard.as_mut()) {
            (Some(deadline), Some(guard)) if index <= min_index && Instant::now() < deadline => {
                tokio::select! {
                    _ = guard.changed() => {}
                    _ = tokio::time::sleep_until(deadline) => {}
                }
            }
            _ => return Ok((value, query_meta(ctx, consistency, index))),
        }
    }
}

/// Pieces of a scan queued ahead of a slow reader.
const SCAN_PAGES_IN_FLIGHT: usize = 4;

/// [`blocking_query`] for results too large to hold: `index` gives the
/// index a read at a view reports; once that index is the one to return,
/// `scan` streams the result from the same view, page by page (at most
/// [`SCAN_PAGES_IN_FLIGHT`] pages queued), on a blocking thread that holds
/// the view until the last page is taken or the reader goes away. Returns
/// the metadata at once and the pages as they come; a failure part-way
/// arrives as the last item.
pub async fn blocking_scan<P, I, S>(
    ctx: &ServerContext,
    options: Option<&QueryOptions>,
    target: WatchTarget,
    index: I,
    scan: S,
) -> Result<
    (
        QueryMeta,
        tokio::sync::mpsc::Receiver<Result<P, tonic::Status>>,
    ),
    tonic::Status,
>
where
    P: Send + 'static,
    I: Fn(&ReadView<'_>) -> Result<u64, StateError> + Clone + Send + 'static,
    S: Fn(&ReadView<'_>, &mut dyn FnMut(P) -> bool) -> Result<(), StateError>
        + Clone
        + Send
        + 'static,
{
    let (consistency, min_index, deadline) = plan(options)?;
    loop {
        confirm(ctx, consistency).await?;
        let mut guard = deadline.map(|_| ctx.state.hub().subscribe(target.clone()));
        let may_wait = deadline.is_some_and(|d| Instant::now() < d);
        let engine = ctx.state.engine().clone();
        let (index, scan) = (index.clone(), scan.clone());
        let (start_tx, start_rx) = tokio::sync::oneshot::channel::<u64>();
        let (tx, rx) = tokio::sync::mpsc::channel(SCAN_PAGES_IN_FLIGHT);
        let task = tokio::task::spawn_blocking(move || -> Result<(), StateError> {
            let view = engine.read_view();
            let at = index(&view)?;
            if may_wait && at <= min_index {
                return Ok(());
            }
            if start_tx.send(at).is_err() {
                return Ok(());
            }
            let result = scan(&view, &mut |page| tx.blocking_send(Ok(page)).is_ok());
            if let Err(e) = result {
                let _ = tx.blocking_send(Err(e.to_status()));
            }
            Ok(())
        });
        if let Ok(at) = start_rx.await {
            return Ok((query_meta(ctx, consistency, at), rx));
        }
        // The task ended without starting: it failed, or the index has not
        // moved past `min_index` yet.
        task.await
            .map_err(|e| ErrorKind::Internal.status(format!("query task failed: {e}")))?
            .map_err(|e| e.to_status())?;
        if let (Some(deadline), Some(guard)) = (deadline, guard.as_mut()) {
            tokio::select! {
                _ = guard.changed() => {}
                _ = tokio::time::sleep_until(deadline) => {}
            }
        }
    }
}

/// A watch: runs `round` (one blocking query at the options it is given)
/// again and again, each time waiting past the index last sent, and sends
/// every result whose index moved, until the client goes away (noticed
/// even while a round blocks) or a round fails (the error is the last
/// item). A stream never times out on its own: each round blocks for the
/// longest wait, then re-arms. `options.min_index` skips results up to it.
pub fn watch<T, F, Fut>(
    mut options: QueryOptions,
    mut round: F,
) -> tokio_stream::wrappers::ReceiverStream<Result<T, tonic::Status>>
where
    T: Send + 'static,
    F: FnMut(QueryOptions) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(T, u64), tonic::Status>> + Send,
{
    options.wait = Some(to_proto_duration(roster_proto::common::MAX_QUERY_TIME));
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            let result = tokio::select! {
                _ = tx.closed() => return,
                result = round(options.clone()) => result,
            };
            let (item, index) = match result {
                Ok(r) => r,
                Err(status) => {
                    let _ = tx.send(Err(status)).await;
                    return;
                }
            };
            if index <= options.min_index {
                // The round timed out with nothing new: block again.
                continue;
            }
            options.min_index = index;
            if tx.send(Ok(item)).await.is_err() {
                return;
            }
        }
    });
    tokio_stream::wrappers::ReceiverStream::new(rx)
}

/// The metadata of a read answered now by this server.
pub fn query_meta(ctx: &ServerContext, consistency: Consistency, index: u64) -> QueryMeta {
    let status = ctx.raft.status();
    QueryMeta {
        index: index.max(1),
        known_leader: status.known_leader(),
        last_contact: Some(to_proto_duration(status.last_contact())),
        effective_consistency: consistency as i32,
        results_filtered_by_acls: false,
    }
}

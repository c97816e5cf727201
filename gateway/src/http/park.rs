//! Parked long-polls: many identical blocking reads share one read.
//!
//! A blocking read (`?index=N`, not `?consistent`) that finds nothing newer
//! than N holds no gRPC call of its own: it parks on the *shared query* of
//! its exact request (the path, the query string without `index` and
//! `wait`, the token). One driver task per shared query keeps one blocking
//! gRPC read open and renders each new result once, into one response
//! (status, headers, body bytes) that every parked request answers with.
//! So N identical watchers cost one server-side query, one evaluation and
//! one JSON rendering per change, and each watcher holds only its
//! connection, a small future and a reference.
//!
//! What a request is answered with:
//! - A request whose index is older than the shared result's reads on its
//!   own, as if nothing were shared: it never gets a result computed before
//!   it arrived.
//! - A parked request takes the first shared result whose index passes its
//!   own (the driver reads right after each change it is told of, so that
//!   result holds the change that woke it and everything applied before).
//! - At its deadline (`wait`, defaulted and clamped, plus up to 1/16
//!   jitter, as the server's blocking loop does), a parked request answers
//!   with the shared result if that is still at the request's own index
//!   (nothing changed: Consul answers the same), else reads on its own.
//! - A failed read is the answer of every parked request, and ends the
//!   shared query: the next request starts a new one.
//! - The driver stops (its gRPC call dropped) when the last parked request
//!   goes, answered or with its connection closed.

use std::{
    collections::HashMap,
    future::Future,
    sync::{
        Arc, Mutex, Weak,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{body::Body, response::Response};
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use tokio::{sync::watch, task::AbortHandle, time::Instant};

/// One rendered answer, shared by every request it answers.
pub(super) struct Answer {
    index: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    async fn from_response(index: u64, response: Response) -> Answer {
        let (parts, body) = response.into_parts();
        // The gateway's own responses are complete bodies in memory.
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        Answer {
            index,
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// A response carrying this answer (the body bytes are shared).
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// What a shared query's driver last published.
#[derive(Clone)]
struct Published {
    answer: Arc<Answer>,
    /// The read failed: every parked request answers with this, and the
    /// shared query ends.
    failed: bool,
}

/// One shared query: the latest result and the driver keeping it current.
struct Query {
    key: String,
    lot: Weak<Lot>,
    latest: watch::Sender<Option<Published>>,
    driver: Mutex<Option<AbortHandle>>,
}

impl Query {
    /// Takes this query out of the lot (new requests start another).
    fn forget(self: &Arc<Self>) {
        if let Some(lot) = self.lot.upgrade() {
            let mut queries = lot.queries.lock().unwrap_or_else(|e| e.into_inner());
            let ours = Arc::downgrade(self);
            if queries.get(&self.key).is_some_and(|q| q.ptr_eq(&ours)) {
                queries.remove(&self.key);
            }
        }
    }
}

impl Drop for Query {
    fn drop(&mut self) {
        if let Some(driver) = self
            .driver
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            driver.abort();
        }
        if let Some(lot) = self.lot.upgrade() {
            let mut queries = lot.queries.lock().unwrap_or_else(|e| e.into_inner());
            // The key may already name a newer query.
            if queries
                .get(&self.key)
                .is_some_and(|q| q.strong_count() == 0)
            {
                queries.remove(&self.key);
            }
        }
    }
}

/// The shared queries of one gateway.
#[derive(Default)]
pub(super) struct Lot {
    queries: Mutex<HashMap<String, Weak<Query>>>,
    /// Drivers started (for tests).
    started: AtomicU64,
}

/// A read at a given `index` and `wait` (0 and `None` for a read that does
/// not block), rendered: the result's index and response, or the error
/// response.
pub(super) trait ReadAt: Send + Sync + 'static {
    /// The read's future.
    type Fut: Future<Output = Result<(u64, Response), Response>> + Send + 'static;
    /// Starts the read.
    fn read_at(&self, index: u64, wait: Option<Duration>) -> Self::Fut;
}

impl<F, Fut> ReadAt for F
where
    F: Fn(u64, Option<Duration>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(u64, Response), Response>> + Send + 'static,
{
    type Fut = Fut;
    fn read_at(&self, index: u64, wait: Option<Duration>) -> Fut {
        self(index, wait)
    }
}

/// The longest a driver's blocking read waits before it reads again.
const DRIVER_WAIT: Duration = roster_proto::common::MAX_QUERY_TIME;

impl Lot {
    /// Live shared queries (for tests).
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        let queries = self.queries.lock().unwrap_or_else(|e| e.into_inner());
        queries.values().filter(|q| q.strong_count() > 0).count()
    }

    /// Drivers started so far.
    #[cfg(test)]
    pub(super) fn drivers_started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }

    /// The shared query `key`, started with `read` if none is live.
    fn query<R: ReadAt>(self: &Arc<Self>, key: &str, read: &Arc<R>) -> Arc<Query> {
        let mut queries = self.queries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(query) = queries.get(key).and_then(Weak::upgrade) {
            return query;
        }
        let query = Arc::new(Query {
            key: key.to_string(),
            lot: Arc::downgrade(self),
            latest: watch::Sender::new(None),
            driver: Mutex::new(None),
        });
        let driver = tokio::spawn(drive(Arc::downgrade(&query), Arc::clone(read)));
        *query.driver.lock().unwrap_or_else(|e| e.into_inner()) = Some(driver.abort_handle());
        queries.insert(key.to_string(), Arc::downgrade(&query));
        self.started.fetch_add(1, Ordering::Relaxed);
        query
    }

    /// Answers a blocking read at `index` with `wait` (as asked) from the
    /// shared query `key`, as the module documentation says, giving up
    /// parking at `deadline`. `read` is the endpoint's own read; it starts
    /// the driver if none runs.
    pub(super) async fn serve<R: ReadAt>(
        self: &Arc<Self>,
        key: &str,
        index: u64,
        wait: Option<Duration>,
        deadline: Instant,
        read: Arc<R>,
    ) -> Response {
        let query = self.query(key, &read);
        let mut latest = query.latest.subscribe();
        let newer = latest
            .borrow_and_update()
            .as_ref()
            .is_some_and(|p| p.failed || p.answer.index > index);
        if !newer {
            let sleep = tokio::time::sleep_until(deadline);
            tokio::pin!(sleep);
            loop {
                tokio::select! {
                    changed = latest.changed() => {
                        if changed.is_err() {
                            break;
                        }
                        let published = latest.borrow_and_update().clone();
                        if let Some(p) = published.filter(|p| p.failed || p.answer.index > index) {
                            return p.answer.response();
                        }
                    }
                    _ = &mut sleep => {
                        let published = latest.borrow().clone();
                        if let Some(p) = published.filter(|p| !p.failed && p.answer.index == index) {
                            return p.answer.response();
                        }
                        // Nothing current to answer with: read now.
                        drop(latest);
                        drop(query);
                        return read_once(&*read, 0, None).await;
                    }
                }
            }
        }
        drop(latest);
        drop(query);
        read_once(&*read, index, wait).await
    }
}

/// A request's own read; boxed, so that a parked request's future stays
/// small.
pub(super) async fn read_once<R: ReadAt>(read: &R, index: u64, wait: Option<Duration>) -> Response {
    match Box::pin(read.read_at(index, wait)).await {
        Ok((_, response)) | Err(response) => response,
    }
}

/// A shared query's driver: a first read that does not block, then
/// blocking reads past the last index, each new result published; stops
/// when the query is gone or after publishing a failure.
async fn drive<R: ReadAt>(query: Weak<Query>, read: Arc<R>) {
    let mut index = 0;
    loop {
        let wait = (index > 0).then_some(DRIVER_WAIT);
        let result = read.read_at(index, wait).await;
        let Some(query) = query.upgrade() else { return };
        match result {
            // A round that timed out with nothing new: block again. (The
            // first read, at 0, is always published.)
            Ok((at, _)) if at == index && index > 0 => {}
            Ok((at, response)) => {
                // A lower index (a restored snapshot) is published too, so
                // that the shared result is the store's current one. The
                // floor of 1 keeps every read after the first a blocking
                // one: servers never report 0 (Consul's rule), but were one
                // to, this loop would read again at once, forever (fuzzing
                // found it with a stand-in server).
                index = at.max(1);
                let answer = Answer::from_response(at, response).await;
                query.latest.send_replace(Some(Published {
                    answer: Arc::new(answer),
                    failed: false,
                }));
            }
            Err(response) => {
                query.forget();
                let answer = Answer::from_response(index, response).await;
                query.latest.send_replace(Some(Published {
                    answer: Arc::new(answer),
                    failed: true,
                }));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// A store the tests move by hand: a read at `index` blocks until the
    /// store passes it or `wait` ends.
    struct Store {
        index: watch::Sender<u64>,
        reads: AtomicUsize,
        fail: std::sync::atomic::AtomicBool,
    }

    fn store() -> Arc<Store> {
        Arc::new(Store {
            index: watch::Sender::new(1),
            reads: AtomicUsize::new(0),
            fail: Default::default(),
        })
    }

    type Reading =
        std::pin::Pin<Box<dyn Future<Output = Result<(u64, Response), Response>> + Send>>;

    fn reader(
        store: &Arc<Store>,
    ) -> Arc<impl Fn(u64, Option<Duration>) -> Reading + Send + Sync + 'static + use<>> {
        let store = Arc::clone(store);
        Arc::new(move |index: u64, wait: Option<Duration>| {
            let store = Arc::clone(&store);
            Box::pin(async move {
                store.reads.fetch_add(1, Ordering::SeqCst);
                // A driver that reads in a loop shows as many reads, not
                // as a test that never yields.
                tokio::task::yield_now().await;
                let mut rx = store.index.subscribe();
                if let Some(wait) = wait.filter(|_| index > 0) {
                    let _ = tokio::time::timeout(wait, rx.wait_for(|at| *at > index)).await;
                }
                if store.fail.load(Ordering::SeqCst) {
                    let mut response = Response::new(Body::from("No cluster leader"));
                    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                    return Err(response);
                }
                let at = *rx.borrow();
                Ok((at, Response::new(Body::from(format!("state {at}")))))
            }) as Reading
        })
    }

    /// The deadline `read_endpoint` gives a request asking for `wait`.
    fn patience(wait: Option<Duration>) -> Instant {
        let options = roster_proto::common::v1::QueryOptions {
            wait: wait.map(roster_proto::common::to_proto_duration),
            ..Default::default()
        };
        Instant::now() + options.jittered_wait()
    }

    async fn text(response: Response) -> (StatusCode, String) {
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    /// Waits until every spawned task has had a turn (the tests run on a
    /// paused clock, so this is deterministic).
    async fn settle() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn identical_watchers_share_one_driver_and_one_answer() {
        let lot = Arc::new(Lot::default());
        let store = store();
        let read = reader(&store);
        let mut waiters = Vec::new();
        for _ in 0..100 {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            waiters.push(tokio::spawn(async move {
                text(lot.serve("q", 1, None, patience(None), read).await).await
            }));
        }
        settle().await;
        assert_eq!(lot.drivers_started(), 1);
        assert_eq!(lot.len(), 1);
        // The driver's first read and its blocking read; no waiter read.
        assert_eq!(store.reads.load(Ordering::SeqCst), 2);
        store.index.send_replace(2);
        for w in waiters {
            assert_eq!(w.await.unwrap(), (StatusCode::OK, "state 2".into()));
        }
        // One more read by the driver after the change, none by waiters.
        assert_eq!(store.reads.load(Ordering::SeqCst), 3);
        settle().await;
        assert_eq!(lot.len(), 0, "the driver stops with its last waiter");
    }

    #[tokio::test(start_paused = true)]
    async fn a_store_that_reports_index_zero_is_not_read_in_a_loop() {
        let lot = Arc::new(Lot::default());
        let store = store();
        store.index.send_replace(0);
        let read = reader(&store);
        let parked = {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            tokio::spawn(
                async move { text(lot.serve("q", 1, None, patience(None), read).await).await },
            )
        };
        settle().await;
        // The first read, then one blocking read from index 1.
        assert_eq!(store.reads.load(Ordering::SeqCst), 2);
        store.index.send_replace(2);
        assert_eq!(parked.await.unwrap().1, "state 2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiter_behind_the_shared_result_reads_on_its_own() {
        let lot = Arc::new(Lot::default());
        let store = store();
        store.index.send_replace(5);
        let read = reader(&store);
        let parked = {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            tokio::spawn(
                async move { text(lot.serve("q", 5, None, patience(None), read).await).await },
            )
        };
        settle().await;
        let before = store.reads.load(Ordering::SeqCst);
        // Index 3 is behind the shared result (5): answered by its own read.
        let behind = text(
            lot.serve("q", 3, None, patience(None), Arc::clone(&read))
                .await,
        )
        .await;
        assert_eq!(behind, (StatusCode::OK, "state 5".into()));
        assert_eq!(store.reads.load(Ordering::SeqCst), before + 1);
        // A different key is another query.
        let other = {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            tokio::spawn(async move {
                text(lot.serve("other", 5, None, patience(None), read).await).await
            })
        };
        settle().await;
        assert_eq!(lot.drivers_started(), 2);
        store.index.send_replace(6);
        assert_eq!(parked.await.unwrap().1, "state 6");
        assert_eq!(other.await.unwrap().1, "state 6");
    }

    #[tokio::test(start_paused = true)]
    async fn a_parked_waiter_times_out_with_the_unchanged_answer() {
        let lot = Arc::new(Lot::default());
        let store = store();
        let read = reader(&store);
        let started = Instant::now();
        let (status, body) = text(
            lot.serve(
                "q",
                1,
                Some(Duration::from_secs(16)),
                patience(Some(Duration::from_secs(16))),
                Arc::clone(&read),
            )
            .await,
        )
        .await;
        let waited = started.elapsed();
        assert_eq!((status, body.as_str()), (StatusCode::OK, "state 1"));
        assert!(
            waited >= Duration::from_secs(16) && waited <= Duration::from_secs(17),
            "waited {waited:?}: the wait plus at most 1/16"
        );
        // The driver's two reads; the timeout answered from the shared one.
        assert_eq!(store.reads.load(Ordering::SeqCst), 2);
        settle().await;
        assert_eq!(lot.len(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_read_answers_every_waiter_and_ends_the_query() {
        let lot = Arc::new(Lot::default());
        let store = store();
        let read = reader(&store);
        let mut waiters = Vec::new();
        for _ in 0..3 {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            waiters.push(tokio::spawn(async move {
                text(lot.serve("q", 1, None, patience(None), read).await).await
            }));
        }
        settle().await;
        store.fail.store(true, Ordering::SeqCst);
        store.index.send_replace(2);
        for w in waiters {
            assert_eq!(
                w.await.unwrap(),
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "No cluster leader".into()
                )
            );
        }
        assert_eq!(lot.len(), 0);
        // The next request starts a new query.
        store.fail.store(false, Ordering::SeqCst);
        let next = {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            tokio::spawn(
                async move { text(lot.serve("q", 2, None, patience(None), read).await).await },
            )
        };
        settle().await;
        assert_eq!(lot.drivers_started(), 2);
        store.index.send_replace(3);
        assert_eq!(next.await.unwrap().1, "state 3");
    }

    #[tokio::test(start_paused = true)]
    async fn a_closed_connection_stops_the_driver() {
        let lot = Arc::new(Lot::default());
        let store = store();
        let read = reader(&store);
        let waiter = {
            let (lot, read) = (Arc::clone(&lot), Arc::clone(&read));
            tokio::spawn(async move { lot.serve("q", 1, None, patience(None), read).await })
        };
        settle().await;
        assert_eq!(lot.len(), 1);
        // The driver's blocking read subscribed to the store.
        assert_eq!(store.index.receiver_count(), 1);
        waiter.abort();
        settle().await;
        assert_eq!(lot.len(), 0);
        assert_eq!(
            store.index.receiver_count(),
            0,
            "the driver's read is dropped"
        );
    }
}

//! Shared watch feeds: identical watch streams share one blocking read and
//! one encoded message per change.
//!
//! A feed is keyed by its normalized request (everything but the index a
//! stream starts from). One driver task per feed runs the blocking query
//! round after round, encodes each new result once, and publishes it; every
//! stream of the feed sends those same bytes. A stream holds a reference
//! to its feed, a watch receiver and the index it last sent; the driver
//! stops when the last stream goes.
//!
//! What a stream sends:
//! - Started without an index, its first message comes from its own read
//!   (never an answer computed before it arrived), then every published
//!   message whose index passes the last one it sent.
//! - Started at an index, the published messages past it.
//! - A failed round ends every stream of the feed with that error; the
//!   next stream starts a new feed.

use std::{
    collections::HashMap,
    future::Future,
    pin::Pin,
    sync::{
        Arc, Mutex, Weak,
        atomic::{AtomicU64, Ordering},
    },
    task::{Context, Poll, ready},
};

use bytes::Bytes;
use roster_proto::common::{to_proto_duration, v1::QueryOptions};
use tokio::{sync::watch, task::AbortHandle};
use tokio_stream::{Stream, wrappers::WatchStream};
use tonic::Status;

/// A running round: the encoded message and the index it was read at.
pub type RoundFuture = Pin<Box<dyn Future<Output = Result<(Bytes, u64), Status>> + Send>>;

/// One round of a feed's query at the given options.
pub type Round = Arc<dyn Fn(QueryOptions) -> RoundFuture + Send + Sync>;

/// What a driver last published.
enum Item {
    Message { index: u64, bytes: Bytes },
    Failed(Status),
}

struct Feed {
    key: Vec<u8>,
    owner: Weak<Feeds>,
    latest: watch::Sender<Option<Arc<Item>>>,
    driver: Mutex<Option<AbortHandle>>,
}

impl Feed {
    /// Takes this feed out of the map (new streams start another).
    fn forget(self: &Arc<Self>) {
        if let Some(owner) = self.owner.upgrade() {
            let mut feeds = owner.feeds.lock().unwrap_or_else(|e| e.into_inner());
            let ours = Arc::downgrade(self);
            if feeds.get(&self.key).is_some_and(|f| f.ptr_eq(&ours)) {
                feeds.remove(&self.key);
            }
        }
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        if let Some(driver) = self
            .driver
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            driver.abort();
        }
        if let Some(owner) = self.owner.upgrade() {
            let mut feeds = owner.feeds.lock().unwrap_or_else(|e| e.into_inner());
            // The key may already name a newer feed.
            if feeds.get(&self.key).is_some_and(|f| f.strong_count() == 0) {
                feeds.remove(&self.key);
            }
        }
    }
}

/// The feeds of one service.
#[derive(Default)]
pub struct Feeds {
    feeds: Mutex<HashMap<Vec<u8>, Weak<Feed>>>,
    started: AtomicU64,
}

impl Feeds {
    /// Drivers started so far (for tests).
    #[cfg(test)]
    pub fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }

    /// Live feeds (for tests).
    #[cfg(test)]
    pub fn live(&self) -> usize {
        let feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
        feeds.values().filter(|f| f.strong_count() > 0).count()
    }

    /// A stream of feed `key`, whose driver runs `round` at `options`
    /// (started if no stream of that key is live), from `options.min_index`.
    pub fn subscribe(
        self: &Arc<Self>,
        key: Vec<u8>,
        options: QueryOptions,
        round: Round,
    ) -> FeedStream {
        let feed = {
            let mut feeds = self.feeds.lock().unwrap_or_else(|e| e.into_inner());
            match feeds.get(&key).and_then(Weak::upgrade) {
                Some(feed) => feed,
                None => {
                    let feed = Arc::new(Feed {
                        key: key.clone(),
                        owner: Arc::downgrade(self),
                        latest: watch::Sender::new(None),
                        driver: Mutex::new(None),
                    });
                    let driver = tokio::spawn(drive(
                        Arc::downgrade(&feed),
                        Arc::clone(&round),
                        options.clone(),
                    ));
                    *feed.driver.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(driver.abort_handle());
                    feeds.insert(key, Arc::downgrade(&feed));
                    self.started.fetch_add(1, Ordering::Relaxed);
                    feed
                }
            }
        };
        let sent = options.min_index;
        let first = (sent == 0).then(|| {
            round(QueryOptions {
                wait: None,
                ..options
            })
        });
        FeedStream {
            changes: WatchStream::new(feed.latest.subscribe()),
            _feed: feed,
            first,
            sent,
            done: false,
        }
    }
}

/// A feed's driver: a first round that does not block, then blocking
/// rounds past the last index, each new result published; stops when the
/// feed is gone or after publishing a failure.
async fn drive(feed: Weak<Feed>, round: Round, mut options: QueryOptions) {
    options.min_index = 0;
    loop {
        options.wait = (options.min_index > 0)
            .then(|| to_proto_duration(roster_proto::common::MAX_QUERY_TIME));
        let result = round(options.clone()).await;
        let Some(feed) = feed.upgrade() else { return };
        match result {
            // A round that timed out with nothing new: block again.
            Ok((_, index)) if index == options.min_index => {}
            Ok((bytes, index)) => {
                // A lower index (a restored snapshot) is published too: the
                // feed follows the store.
                options.min_index = index;
                feed.latest
                    .send_replace(Some(Arc::new(Item::Message { index, bytes })));
            }
            Err(status) => {
                feed.forget();
                feed.latest
                    .send_replace(Some(Arc::new(Item::Failed(status))));
                return;
            }
        }
    }
}

/// One watch stream of a feed: encoded messages.
pub struct FeedStream {
    _feed: Arc<Feed>,
    changes: WatchStream<Option<Arc<Item>>>,
    /// The stream's own first read, while it runs.
    first: Option<RoundFuture>,
    sent: u64,
    done: bool,
}

impl Stream for FeedStream {
    type Item = Result<Bytes, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        if let Some(first) = self.first.as_mut() {
            let result = ready!(first.as_mut().poll(cx));
            self.first = None;
            return Poll::Ready(Some(match result {
                Ok((bytes, index)) => {
                    self.sent = index;
                    Ok(bytes)
                }
                Err(status) => {
                    self.done = true;
                    Err(status)
                }
            }));
        }
        loop {
            let Some(latest) = ready!(Pin::new(&mut self.changes).poll_next(cx)) else {
                return Poll::Ready(None);
            };
            match latest.as_deref() {
                Some(&Item::Message { index, ref bytes }) if index > self.sent => {
                    self.sent = index;
                    return Poll::Ready(Some(Ok(bytes.clone())));
                }
                Some(Item::Failed(status)) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(status.clone())));
                }
                Some(Item::Message { .. }) | None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{sync::atomic::AtomicUsize, time::Duration};

    use tokio_stream::StreamExt as _;

    use super::*;

    struct Store {
        index: watch::Sender<u64>,
        rounds: AtomicUsize,
        fail: std::sync::atomic::AtomicBool,
    }

    fn store() -> Arc<Store> {
        Arc::new(Store {
            index: watch::Sender::new(1),
            rounds: AtomicUsize::new(0),
            fail: Default::default(),
        })
    }

    /// A round over the store: blocks while the store is not past
    /// `min_index` (when a wait is given), then encodes "state <index>".
    fn round(store: &Arc<Store>) -> Round {
        let store = Arc::clone(store);
        Arc::new(move |options: QueryOptions| {
            let store = Arc::clone(&store);
            Box::pin(async move {
                store.rounds.fetch_add(1, Ordering::SeqCst);
                let mut rx = store.index.subscribe();
                if options.min_index > 0 && options.wait.is_some() {
                    let _ = rx.wait_for(|at| *at > options.min_index).await;
                }
                if store.fail.load(Ordering::SeqCst) {
                    return Err(Status::unavailable("No cluster leader"));
                }
                let at = *rx.borrow();
                Ok((Bytes::from(format!("state {at}")), at))
            })
        })
    }

    async fn settle() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    async fn next(stream: &mut FeedStream) -> Result<String, tonic::Code> {
        match stream.next().await.expect("an item") {
            Ok(bytes) => Ok(String::from_utf8(bytes.to_vec()).unwrap()),
            Err(status) => Err(status.code()),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn streams_share_one_driver_and_get_every_change() {
        let feeds = Arc::new(Feeds::default());
        let store = store();
        let mut streams: Vec<_> = (0..50)
            .map(|_| feeds.subscribe(b"q".to_vec(), QueryOptions::default(), round(&store)))
            .collect();
        for s in &mut streams {
            assert_eq!(next(s).await, Ok("state 1".into()), "own first read");
        }
        settle().await;
        assert_eq!(feeds.started(), 1);
        // 50 first reads, the driver's first read and its blocking round.
        assert_eq!(store.rounds.load(Ordering::SeqCst), 52);
        store.index.send_replace(2);
        for s in &mut streams {
            assert_eq!(next(s).await, Ok("state 2".into()));
        }
        store.index.send_replace(3);
        for s in &mut streams {
            assert_eq!(next(s).await, Ok("state 3".into()));
        }
        // Two more driver rounds; nothing per stream.
        assert_eq!(store.rounds.load(Ordering::SeqCst), 54);
        drop(streams);
        settle().await;
        assert_eq!(feeds.live(), 0, "the driver stops with its last stream");
        assert_eq!(store.index.receiver_count(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_from_an_index_skips_what_it_has() {
        let feeds = Arc::new(Feeds::default());
        let store = store();
        store.index.send_replace(4);
        let options = QueryOptions {
            min_index: 4,
            ..Default::default()
        };
        let mut stream = feeds.subscribe(b"q".to_vec(), options, round(&store));
        let pending = tokio::time::timeout(Duration::from_secs(1), stream.next()).await;
        assert!(pending.is_err(), "nothing past index 4 yet");
        store.index.send_replace(5);
        assert_eq!(next(&mut stream).await, Ok("state 5".into()));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_round_ends_every_stream_and_the_feed() {
        let feeds = Arc::new(Feeds::default());
        let store = store();
        let mut streams: Vec<_> = (0..3)
            .map(|_| feeds.subscribe(b"q".to_vec(), QueryOptions::default(), round(&store)))
            .collect();
        for s in &mut streams {
            next(s).await.unwrap();
        }
        settle().await;
        store.fail.store(true, Ordering::SeqCst);
        store.index.send_replace(2);
        for s in &mut streams {
            assert_eq!(next(s).await, Err(tonic::Code::Unavailable));
            assert!(s.next().await.is_none(), "the error is the last item");
        }
        assert_eq!(feeds.live(), 0);
        store.fail.store(false, Ordering::SeqCst);
        let mut again = feeds.subscribe(b"q".to_vec(), QueryOptions::default(), round(&store));
        assert_eq!(next(&mut again).await, Ok("state 2".into()));
        assert_eq!(feeds.started(), 2);
    }
}

//! The watch hub: wakes blocked readers when the state they read changes,
//! without polling.
//!
//! A reader subscribes to a [`WatchTarget`] *before* it reads, then waits on
//! the returned [`WatchGuard`]; any change applied after the subscription
//! wakes it, so no change can slip between the read and the wait. Readers of
//! the same target share one slot (one `tokio::sync::watch` channel), so a
//! change costs one notification per distinct target, not per reader. A slot
//! is removed when its last guard is dropped (a cancelled RPC cleans up).
//!
//! The apply path calls `notify_*` after a change is written, from the Raft
//! driver thread; the hub's lock is never held across an `.await`.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
};

use tokio::sync::watch;

/// What a reader waits on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WatchTarget {
    /// One KV key.
    KvKey(String),
    /// Every KV key that starts with a prefix (empty = the whole table).
    KvPrefix(String),
    /// Any change to a whole table (coordinates, ...).
    Table(&'static str),
    /// Any change to the instances of one service (lowercased name): the
    /// instances, their checks, their nodes and those nodes' checks.
    Service(String),
    /// Any change to one catalog node (lowercased name): the node, its
    /// services, its checks.
    Node(String),
}

#[derive(Default)]
struct HubInner {
    kv_keys: BTreeMap<String, watch::Sender<u64>>,
    kv_prefixes: BTreeMap<String, watch::Sender<u64>>,
    /// Lengths of the watched prefixes, with how many prefixes have each: a
    /// changed key is matched by looking up only its prefixes of these lengths.
    prefix_lengths: BTreeMap<usize, usize>,
    /// Targets matched exactly: tables, services, nodes.
    exact: HashMap<WatchTarget, watch::Sender<u64>>,
}

/// The hub. Cheap to share: `Arc<WatchHub>`.
#[derive(Default)]
pub struct WatchHub {
    inner: Mutex<HubInner>,
    /// Wakes everyone (snapshot restore, shutdown).
    epoch: watch::Sender<u64>,
    /// Moves whenever an ACL table (`acl-*`) may have changed, or everything
    /// did: resolved tokens cached before are stale.
    acl_generation: std::sync::atomic::AtomicU64,
}

/// A subscription; wait with [`WatchGuard::changed`]. Dropping it unsubscribes.
pub struct WatchGuard {
    hub: Arc<WatchHub>,
    target: WatchTarget,
    rx: Option<watch::Receiver<u64>>,
    epoch: watch::Receiver<u64>,
}

impl WatchGuard {
    /// Resolves once the target has changed since the guard was created.
    pub async fn changed(&mut self) {
        let Some(rx) = self.rx.as_mut() else {
            return std::future::pending().await;
        };
        tokio::select! {
            res = rx.changed() => {
                if res.is_err() {
                    // The slot's sender is gone: treat as a change.
                }
            }
            _ = self.epoch.changed() => {}
        }
    }
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        let rx = self.rx.take();
        let mut inner = self.hub.lock();
        drop(rx);
        match &self.target {
            WatchTarget::KvKey(key) => {
                if inner
                    .kv_keys
                    .get(key)
                    .is_some_and(|tx| tx.receiver_count() == 0)
                {
                    inner.kv_keys.remove(key);
                }
            }
            WatchTarget::KvPrefix(prefix) => {
                if inner
                    .kv_prefixes
                    .get(prefix)
                    .is_some_and(|tx| tx.receiver_count() == 0)
                {
                    inner.kv_prefixes.remove(prefix);
                    let len = prefix.len();
                    if let Some(count) = inner.prefix_lengths.get_mut(&len) {
                        *count -= 1;
                        if *count == 0 {
                            inner.prefix_lengths.remove(&len);
                        }
                    }
                }
            }
            exact @ (WatchTarget::Table(_) | WatchTarget::Service(_) | WatchTarget::Node(_)) => {
                if inner
                    .exact
                    .get(exact)
                    .is_some_and(|tx| tx.receiver_count() == 0)
                {
                    inner.exact.remove(exact);
                }
            }
        }
    }
}

fn bump(tx: &watch::Sender<u64>) {
    tx.send_modify(|v| *v = v.wrapping_add(1));
}

impl WatchHub {
    /// A new hub.
    pub fn new() -> Arc<WatchHub> {
        Arc::new(WatchHub::default())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubInner> {
        // A panic while holding this lock leaves only maps of channels, which
        // stay consistent; keep serving.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Subscribes to `target`. Subscribe before reading.
    pub fn subscribe(self: &Arc<Self>, target: WatchTarget) -> WatchGuard {
        let mut inner = self.lock();
        let rx = match &target {
            WatchTarget::KvKey(key) => inner
                .kv_keys
                .entry(key.clone())
                .or_insert_with(|| watch::channel(0).0)
                .subscribe(),
            WatchTarget::KvPrefix(prefix) => {
                if !inner.kv_prefixes.contains_key(prefix) {
                    inner
                        .kv_prefixes
                        .insert(prefix.clone(), watch::channel(0).0);
                    *inner.prefix_lengths.entry(prefix.len()).or_default() += 1;
                }
                inner.kv_prefixes[prefix].subscribe()
            }
            exact @ (WatchTarget::Table(_) | WatchTarget::Service(_) | WatchTarget::Node(_)) => {
                inner
                    .exact
                    .entry(exact.clone())
                    .or_insert_with(|| watch::channel(0).0)
                    .subscribe()
            }
        };
        WatchGuard {
            hub: Arc::clone(self),
            target,
            rx: Some(rx),
            epoch: self.epoch.subscribe(),
        }
    }

    /// Wakes the watchers of `key` and of every watched prefix of it.
    pub fn notify_kv_key(&self, key: &str) {
        let inner = self.lock();
        if let Some(tx) = inner.kv_keys.get(key) {
            bump(tx);
        }
        for &len in inner.prefix_lengths.keys() {
            if len > key.len() {
                break;
            }
            if let Some(prefix) = key.get(..len)
                && let Some(tx) = inner.kv_prefixes.get(prefix)
            {
                bump(tx);
            }
        }
    }

    /// Wakes the watchers of every key under `prefix`, of every watched
    /// prefix under it, and of every watched prefix of it (a tree delete).
    pub fn notify_kv_prefix(&self, prefix: &str) {
        let inner = self.lock();
        for (key, tx) in inner.kv_keys.range(prefix.to_string()..) {
            if !key.starts_with(prefix) {
                break;
            }
            bump(tx);
        }
        for (watched, tx) in inner.kv_prefixes.range(prefix.to_string()..) {
            if !watched.starts_with(prefix) {
                break;
            }
            bump(tx);
        }
        for &len in inner.prefix_lengths.keys() {
            if len >= prefix.len() {
                break;
            }
            if let Some(p) = prefix.get(..len)
                && let Some(tx) = inner.kv_prefixes.get(p)
            {
                bump(tx);
            }
        }
    }

    /// Wakes the watchers of an exactly matched target: a whole table, one
    /// service's instances, one node.
    pub fn notify(&self, target: &WatchTarget) {
        if let WatchTarget::Table(table) = target
            && table.starts_with("acl-")
        {
            self.bump_acl_generation();
        }
        if let Some(tx) = self.lock().exact.get(target) {
            bump(tx);
        }
    }

    /// Wakes the watchers of a whole table.
    pub fn notify_table(&self, table: &'static str) {
        self.notify(&WatchTarget::Table(table));
    }

    /// Wakes every watcher (snapshot restore, shutdown).
    pub fn notify_all(&self) {
        self.bump_acl_generation();
        bump(&self.epoch);
    }

    fn bump_acl_generation(&self) {
        self.acl_generation
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// A number that changes whenever ACL state may have changed (read it
    /// before reading that state: a cache keyed on it is never newer than
    /// what it holds).
    pub fn acl_generation(&self) -> u64 {
        self.acl_generation
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// Number of distinct watched targets (for metrics and tests).
    pub fn slot_count(&self) -> usize {
        let inner = self.lock();
        inner.kv_keys.len() + inner.kv_prefixes.len() + inner.exact.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Whether the guard fires without waiting (the change already happened).
    async fn fired(guard: &mut WatchGuard) -> bool {
        tokio::time::timeout(Duration::ZERO, guard.changed())
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn key_and_prefix_matching() {
        let hub = WatchHub::new();
        let mut key = hub.subscribe(WatchTarget::KvKey("a/b".into()));
        let mut other = hub.subscribe(WatchTarget::KvKey("a/c".into()));
        let mut prefix = hub.subscribe(WatchTarget::KvPrefix("a/".into()));
        let mut all = hub.subscribe(WatchTarget::KvPrefix(String::new()));
        let mut unrelated = hub.subscribe(WatchTarget::KvPrefix("b".into()));
        hub.notify_kv_key("a/b");
        assert!(fired(&mut key).await);
        assert!(!fired(&mut other).await);
        assert!(fired(&mut prefix).await);
        assert!(fired(&mut all).await);
        assert!(!fired(&mut unrelated).await);
    }

    #[tokio::test]
    async fn tree_delete_wakes_keys_below_and_prefixes_above() {
        let hub = WatchHub::new();
        let mut below = hub.subscribe(WatchTarget::KvKey("x/y/z".into()));
        let mut sub_prefix = hub.subscribe(WatchTarget::KvPrefix("x/y/".into()));
        let mut above = hub.subscribe(WatchTarget::KvPrefix("x".into()));
        let mut sibling = hub.subscribe(WatchTarget::KvKey("xa".into()));
        hub.notify_kv_prefix("x/");
        assert!(fired(&mut below).await);
        assert!(fired(&mut sub_prefix).await);
        assert!(fired(&mut above).await);
        assert!(!fired(&mut sibling).await);
    }

    #[tokio::test]
    async fn slots_are_shared_and_removed_with_the_last_guard() {
        let hub = WatchHub::new();
        let a = hub.subscribe(WatchTarget::KvKey("k".into()));
        let mut b = hub.subscribe(WatchTarget::KvKey("k".into()));
        let p = hub.subscribe(WatchTarget::KvPrefix("p".into()));
        assert_eq!(hub.slot_count(), 2);
        drop(a);
        assert_eq!(hub.slot_count(), 2);
        hub.notify_kv_key("k");
        assert!(fired(&mut b).await);
        drop(b);
        drop(p);
        assert_eq!(hub.slot_count(), 0);
        assert!(hub.lock().prefix_lengths.is_empty());
    }

    #[tokio::test]
    async fn tables_and_services_wake_only_their_watchers() {
        let hub = WatchHub::new();
        let mut nodes = hub.subscribe(WatchTarget::Table("nodes"));
        let mut checks = hub.subscribe(WatchTarget::Table("checks"));
        let mut web = hub.subscribe(WatchTarget::Service("web".into()));
        let mut db = hub.subscribe(WatchTarget::Service("db".into()));
        let mut key = hub.subscribe(WatchTarget::KvKey("web".into()));
        let mut node = hub.subscribe(WatchTarget::Node("web".into()));
        assert_eq!(hub.slot_count(), 6);
        hub.notify_table("checks");
        hub.notify(&WatchTarget::Service("web".into()));
        assert!(fired(&mut checks).await);
        assert!(fired(&mut web).await);
        assert!(!fired(&mut nodes).await);
        assert!(!fired(&mut db).await);
        assert!(!fired(&mut key).await);
        assert!(!fired(&mut node).await);
        drop((nodes, checks, web, db, key, node));
        assert_eq!(hub.slot_count(), 0);
    }

    #[tokio::test]
    async fn change_between_subscribe_and_wait_is_not_lost() {
        let hub = WatchHub::new();
        let mut guard = hub.subscribe(WatchTarget::KvKey("k".into()));
        hub.notify_kv_key("k"); // happens "while the reader reads"
        assert!(fired(&mut guard).await);
        let mut guard2 = hub.subscribe(WatchTarget::KvKey("k".into()));
        hub.notify_all();
        assert!(fired(&mut guard2).await);
    }
}

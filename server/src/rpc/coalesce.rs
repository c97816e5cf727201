//! Shared evaluation of identical reads. Many watchers of one service wake
//! on the same change and ask the same question; the first to arrive
//! evaluates it, the others wait for it and take its result, so one change
//! costs one evaluation per distinct query, not one per watcher.
//!
//! A result is tagged with the applied index seen *before* it was read (its
//! view is at least that fresh), and is given to a reader only if that is
//! the applied index the reader sees now: a result is never older than what
//! the reader could have read itself. Slots are dropped with their last
//! user.

use std::{
    any::Any,
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

type Cached = (u64, Arc<dyn Any + Send + Sync>);

/// One query's slot: the lock its evaluators queue on and the last result.
#[derive(Default)]
struct Slot {
    last: tokio::sync::Mutex<Option<Cached>>,
}

/// A reader's hold on one query's slot.
pub struct SlotGuard {
    owner: Arc<Coalescer>,
    key: String,
    slot: Option<Arc<Slot>>,
}

impl SlotGuard {
    /// The query's result as of applied index `applied`: one another
    /// reader computed at that index, or `evaluate()`'s.
    pub async fn get<T, E, F, Fut>(&self, applied: u64, evaluate: F) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        let slot = self.slot.as_ref().expect("held until dropped");
        let mut last = slot.last.lock().await;
        let fresh = last
            .as_ref()
            .filter(|(at, _)| *at == applied)
            .and_then(|(_, v)| Arc::clone(v).downcast::<T>().ok());
        if let Some(v) = fresh {
            return Ok(v);
        }
        self.owner.evaluations.fetch_add(1, Ordering::Relaxed);
        let v = Arc::new(evaluate().await?);
        *last = Some((applied, Arc::clone(&v) as Arc<dyn Any + Send + Sync>));
        Ok(v)
    }
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let Some(slot) = self.slot.take() else { return };
        let mut slots = self.owner.slots.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map's reference is left besides ours.
        if Arc::strong_count(&slot) <= 2 {
            slots.remove(&self.key);
        }
    }
}

/// The shared reads of one server.
#[derive(Default)]
pub struct Coalescer {
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    evaluations: AtomicU64,
}

impl Coalescer {
    /// How many evaluations ran (for tests and metrics).
    pub fn evaluations(&self) -> u64 {
        self.evaluations.load(Ordering::Relaxed)
    }

    /// The slot of query `key`, held while a reader waits on that query
    /// (so a wake-up storm finds the first reader's result), dropped with
    /// its last holder.
    pub fn slot(self: &Arc<Self>, key: &str) -> SlotGuard {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let slot = Arc::clone(slots.entry(key.to_string()).or_default());
        SlotGuard {
            owner: Arc::clone(self),
            key: key.to_string(),
            slot: Some(slot),
        }
    }

    /// Number of live slots (for tests).
    pub fn slot_count(&self) -> usize {
        self.slots.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn concurrent_identical_reads_evaluate_once_per_index() {
        let c = Arc::new(Coalescer::default());
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let c = Arc::clone(&c);
            tasks.push(tokio::spawn(async move {
                c.slot("health/web")
                    .get::<u64, (), _, _>(7, || async {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok(42)
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(*t.await.unwrap(), 42);
        }
        assert_eq!(c.evaluations(), 1, "200 readers, one evaluation");
        // A newer index evaluates again; another key is separate.
        let v = c
            .slot("health/web")
            .get::<u64, (), _, _>(8, || async { Ok(43) })
            .await
            .unwrap();
        assert_eq!(*v, 43);
        c.slot("health/db")
            .get::<u64, (), _, _>(8, || async { Ok(1) })
            .await
            .unwrap();
        assert_eq!(c.evaluations(), 3);
        assert_eq!(c.slot_count(), 0, "slots go with their last user");
        // A failure is not kept.
        let held = c.slot("x");
        assert!(
            held.get::<u64, &str, _, _>(1, || async { Err("boom") })
                .await
                .is_err()
        );
        let v = held
            .get::<u64, &str, _, _>(1, || async { Ok(5) })
            .await
            .unwrap();
        assert_eq!(*v, 5);
        // While held, a result at the same index is reused.
        let again = held
            .get::<u64, &str, _, _>(1, || async { Ok(6) })
            .await
            .unwrap();
        assert_eq!(*again, 5);
        assert_eq!(c.slot_count(), 1);
        drop(held);
        assert_eq!(c.slot_count(), 0);
    }
}

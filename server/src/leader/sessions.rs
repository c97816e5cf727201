//! Session TTL timers, on the leader only (Consul's): each TTL session is
//! invalidated once `TTL x 2` passes without a renewal. A new term's leader
//! arms a timer with the full `TTL x 2` for every TTL session it finds
//! (sessions get extra life across a failover, never less), and arms new
//! ones as sessions are created; `Renew` (served by the leader) re-arms one.
//! An expired timer proposes the session's destruction.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
    time::Duration,
};

use roster_proto::{
    raft::v1::{SessionDestroy, command::Command},
    session::{TTL_MULTIPLIER, parse_ttl},
};
use tokio::{sync::Notify, time::Instant};
use tokio_util::sync::CancellationToken;

use crate::{
    rpc::ServerContext,
    state::{WatchTarget, encode_command, session::TABLE_SESSIONS},
    storage::SessionTables as _,
};

/// How long the timers wait after a change to the sessions table before
/// reading it again.
const RESCAN_PAUSE: Duration = Duration::from_millis(100);

/// The armed timers of the current term (empty on a server that does not
/// lead).
#[derive(Debug, Default)]
pub struct SessionTimers {
    /// Session ID → when it expires, and its TTL.
    armed: Mutex<HashMap<String, (Instant, Duration)>>,
    /// Wakes the expiry loop when a timer moved.
    moved: Notify,
}

impl SessionTimers {
    /// Re-arms the timer of a session with `ttl` (a renewal): it now
    /// expires `ttl x 2` from now.
    pub fn renew(&self, id: &str, ttl: Duration) {
        let at = Instant::now() + ttl * TTL_MULTIPLIER;
        self.armed
            .lock()
            .expect("session timers")
            .insert(id.to_string(), (at, ttl));
        self.moved.notify_one();
    }

    /// Arms timers for the TTL sessions in `present` that have none, and
    /// drops the timers of sessions no longer there.
    fn reconcile(&self, present: &HashMap<String, Duration>) {
        let mut armed = self.armed.lock().expect("session timers");
        armed.retain(|id, _| present.contains_key(id));
        let now = Instant::now();
        for (id, ttl) in present {
            armed
                .entry(id.clone())
                .or_insert((now + *ttl * TTL_MULTIPLIER, *ttl));
        }
        drop(armed);
        self.moved.notify_one();
    }

    /// Removes and returns the sessions whose timer ran out, and when the
    /// next one runs out.
    fn take_expired(&self) -> (Vec<String>, Option<Instant>) {
        let now = Instant::now();
        let mut armed = self.armed.lock().expect("session timers");
        let expired: Vec<String> = armed
            .iter()
            .filter(|(_, (at, _))| *at <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &expired {
            armed.remove(id);
        }
        (expired, armed.values().map(|(at, _)| *at).min())
    }

    /// Forgets every timer (the term is over).
    fn clear(&self) {
        self.armed.lock().expect("session timers").clear();
    }
}

/// The TTL sessions in the state, with their TTLs.
fn ttl_sessions(ctx: &ServerContext) -> HashMap<String, Duration> {
    let mut found = HashMap::new();
    let scanned = ctx.state.engine().sessions(|s| {
        if let Ok(Some(ttl)) = parse_ttl(&s.ttl) {
            found.insert(s.id, ttl);
        }
        Ok(true)
    });
    if let Err(error) = scanned {
        tracing::error!(%error, "reading sessions for their TTL timers");
    }
    found
}

/// Runs the timers for one term until `term_over`.
pub async fn run(ctx: ServerContext, term_over: CancellationToken) {
    let timers = std::sync::Arc::clone(&ctx.sessions);
    // Subscribed before the first scan, so no session created after it is
    // missed.
    let mut changes = ctx
        .state
        .hub()
        .subscribe(WatchTarget::Table(TABLE_SESSIONS));
    timers.reconcile(&ttl_sessions(&ctx));
    // Sessions whose destruction is proposed and not yet applied.
    let mut proposed: HashSet<String> = HashSet::new();
    loop {
        let (expired, next) = timers.take_expired();
        for id in expired {
            if proposed.insert(id.clone()) {
                tracing::info!(session = %id, "session TTL expired; invalidating it");
                let data =
                    encode_command(Command::SessionDestroy(SessionDestroy { id: id.clone() }));
                let (raft, term_over) = (ctx.raft.clone(), term_over.clone());
                tokio::spawn(async move {
                    tokio::select! {
                        _ = term_over.cancelled() => {}
                        result = raft.propose(data) => if let Err(error) = result {
                            // The next leader arms it again.
                            tracing::warn!(session = %id, %error, "invalidating an expired session");
                        }
                    }
                });
            }
        }
        let sleep = async {
            match next {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = term_over.cancelled() => break,
            _ = timers.moved.notified() => {}
            _ = changes.changed() => {
                // Changes close together share one scan (a scan reads every
                // session: at most ten a second, whatever the churn).
                tokio::time::sleep(RESCAN_PAUSE).await;
                changes = ctx.state.hub().subscribe(WatchTarget::Table(TABLE_SESSIONS));
                let present = ttl_sessions(&ctx);
                proposed.retain(|id| present.contains_key(id));
                timers.reconcile(&present);
            }
            _ = sleep => {}
        }
    }
    timers.clear();
}

//! Anti-entropy: keeps this agent's node in the catalog as the local state
//! says (Consul's `ae` package). The agent wins for its own node.
//!
//! - On every local change, what is out of sync is pushed (a service with
//!   its checks in one registration) and what was removed locally is
//!   removed from the catalog.
//! - A full sync at start and then every [`SYNC_INTERVAL`] × scale (+ up to
//!   as much again at random; the scale grows with the LAN pool, Consul's
//!   table) reads the node from the catalog, reverts changes made behind the
//!   agent's back (except the tags of a service with `EnableTagOverride`,
//!   which the agent adopts), and removes services and checks the agent does
//!   not know (except a server's `consul` service and `serfHealth`).
//! - A server joining the pool brings a full sync within 0-3 s × scale.
//! - A failed sync is logged and retried after [`RETRY_INTERVAL`] (+ jitter),
//!   never fatal.
//! - A check's new output with an unchanged status waits up to
//!   [`CHECK_UPDATE_INTERVAL`] (or the next full sync), as Consul's
//!   `check_update_interval` does; a new status goes at once.
//!
//! Writes and reads go through the agent's own gRPC routes, so a client
//! agent reaches the servers the way every other call does.

use std::{sync::Arc, time::Duration};

use rand::Rng as _;
use roster_proto::catalog::v1::{
    DeregisterRequest, GetNodeRequest, HealthCheck, RegisterRequest, Service,
    catalog_service_client::CatalogServiceClient,
};
use roster_proto::health::v1::{ListNodeChecksRequest, health_service_client::HealthServiceClient};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::local::{CHECK_UPDATE_INTERVAL, LocalState, Snapshot};
use crate::{gossip::Gossip, leader::reconcile::SERF_CHECK_ID};

/// Consul's base anti-entropy interval.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(60);
/// How soon a failed full sync is tried again (plus jitter).
pub const RETRY_INTERVAL: Duration = Duration::from_secs(15);
/// The service every server carries, owned by the leader's reconciliation.
const CONSUL_SERVICE: &str = crate::leader::reconcile::CONSUL_SERVICE;

/// Consul's scale factor for a pool of `members`: 1 up to 128, then one
/// more per doubling.
pub fn scale(members: usize) -> u32 {
    const THRESHOLD: f64 = 128.0;
    let n = members as f64;
    if n <= THRESHOLD {
        return 1;
    }
    (n.log2() - THRESHOLD.log2()).ceil() as u32 + 1
}

/// `base` plus up to as much again at random.
fn with_jitter(base: Duration) -> Duration {
    let extra = rand::rng().random_range(0..=base.as_millis() as u64);
    base + Duration::from_millis(extra)
}

type Routes = tonic::service::Routes;

/// The agent's anti-entropy loop.
pub struct AntiEntropy {
    local: Arc<LocalState>,
    catalog: CatalogServiceClient<Routes>,
    health: HealthServiceClient<Routes>,
    gossip: Arc<Gossip>,
    server: bool,
    interval: Duration,
}

/// Why a sync did not complete.
type SyncError = String;

fn status_error(what: &str, s: tonic::Status) -> SyncError {
    format!("{what}: {}", s.message())
}

/// Whether two services are the same registration (indexes aside).
fn same_service(a: &Service, b: &Service) -> bool {
    let strip = |s: &Service| Service {
        create_index: 0,
        modify_index: 0,
        ..s.clone()
    };
    strip(a) == strip(b)
}

/// Whether two checks are the same registration (indexes, and the service
/// name and tags the catalog fills in, aside).
fn same_check(a: &HealthCheck, b: &HealthCheck) -> bool {
    let strip = |c: &HealthCheck| HealthCheck {
        create_index: 0,
        modify_index: 0,
        service_name: String::new(),
        service_tags: Vec::new(),
        node: c.node.to_lowercase(),
        ..c.clone()
    };
    strip(a) == strip(b)
}

impl AntiEntropy {
    /// Anti-entropy of `local` through the agent's own `routes`. A full
    /// sync every `interval` (× scale, + jitter).
    pub fn new(
        local: Arc<LocalState>,
        routes: Routes,
        gossip: Arc<Gossip>,
        server: bool,
        interval: Duration,
    ) -> AntiEntropy {
        AntiEntropy {
            local,
            catalog: CatalogServiceClient::new(routes.clone()),
            health: HealthServiceClient::new(routes),
            gossip,
            server,
            interval,
        }
    }

    /// Runs until `shutdown`.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let mut changes = self.local.subscribe();
        // The first full sync soon after start (the servers may still be
        // electing a leader: a failure just retries).
        let mut next_full = Instant::now() + Duration::from_millis(500);
        let mut last_error: Option<String> = None;
        let mut members = self.gossip.members_changed();
        let mut servers = self.alive_servers().await;
        // Deferred check outputs are looked at this often.
        let mut deferred = tokio::time::interval(Duration::from_secs(10));
        deferred.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let full = tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = deferred.tick() => {
                    // A promotion bumps the change counter: the next turn
                    // of the loop pushes it.
                    self.local.promote_deferred(Instant::now(), CHECK_UPDATE_INTERVAL);
                    continue;
                }
                changed = members.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    // A new server (a restarted one may have lost state):
                    // a full sync soon, spread over 0-3 s × scale.
                    let now_servers = self.alive_servers().await;
                    if now_servers > servers {
                        let scale = scale(self.gossip.lan().members().await.len());
                        let spread = Duration::from_millis(
                            rand::rng().random_range(0..=3000 * u64::from(scale)),
                        );
                        tracing::info!(
                            servers = now_servers,
                            "a server joined: full anti-entropy sync within {spread:?}"
                        );
                        next_full = next_full.min(Instant::now() + spread);
                    }
                    servers = now_servers;
                    continue;
                }
                _ = tokio::time::sleep_until(next_full) => true,
                changed = changes.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    false
                }
            };
            let result = if full {
                self.sync_full().await
            } else {
                self.sync_changes().await
            };
            match result {
                Ok(()) => {
                    if full {
                        let members = self.gossip.lan().members().await.len();
                        next_full = Instant::now() + with_jitter(self.interval * scale(members));
                    }
                    if last_error.take().is_some() {
                        tracing::info!("anti-entropy in sync again");
                    }
                }
                Err(error) => {
                    // Said once, not on every retry.
                    if last_error.as_ref() != Some(&error) {
                        tracing::warn!(%error, "anti-entropy sync failed; retrying");
                    }
                    last_error = Some(error);
                    let retry = Instant::now() + with_jitter(RETRY_INTERVAL.min(self.interval));
                    next_full = next_full.min(retry);
                    if !full {
                        next_full = retry;
                    }
                }
            }
        }
    }

    /// How many servers the LAN pool holds alive.
    async fn alive_servers(&self) -> usize {
        self.gossip
            .lan()
            .members()
            .await
            .iter()
            .filter(|m| {
                *m.status() == serf::types::MemberStatus::Alive
                    && m.tags().get("role").map(|r| r.as_str())
                        == Some(crate::gossip::tags::SERVER_ROLE)
            })
            .count()
    }

    /// Compares the catalog's view of this node with the local state, marks
    /// what matches in sync, removes what the agent does not know, and then
    /// pushes the rest.
    pub async fn sync_full(&mut self) -> Result<(), SyncError> {
        let node = self.local.node().clone();
        let remote = self
            .catalog
            .get_node(GetNodeRequest {
                query_options: None,
                node: node.node.clone(),
            })
            .await
            .map_err(|s| status_error("reading this node from the catalog", s))?
            .into_inner();
        let checks = self
            .health
            .list_node_checks(ListNodeChecksRequest {
                query_options: None,
                node: node.node.clone(),
            })
            .await
            .map_err(|s| status_error("reading this node's checks", s))?
            .into_inner()
            .checks;
        self.local.mark_all_out_of_sync();
        if let Some(n) = &remote.node
            && n.address == node.address
            && n.id == node.id
            && n.tagged_addresses == node.tagged_addresses
            && n.meta == node.meta
        {
            self.local.node_synced();
        }
        let snapshot = self.local.snapshot();
        for service in &remote.services {
            let key = service.id.to_lowercase();
            match snapshot.services.get(&key) {
                Some(local) => {
                    if local.service.enable_tag_override {
                        self.local
                            .adopt_tags(&local.service.id, service.tags.clone());
                    }
                    let mut wanted = local.service.clone();
                    if wanted.enable_tag_override {
                        wanted.tags = service.tags.clone();
                    }
                    if same_service(&wanted, service) {
                        self.local.service_synced(&wanted);
                    }
                }
                None if self.server && key == CONSUL_SERVICE => {}
                None => self.deregister(&service.id, "").await?,
            }
        }
        for check in &checks {
            let key = check.check_id.to_lowercase();
            match snapshot.checks.get(&key) {
                Some(local) => {
                    if same_check(&local.check, check) {
                        self.local.check_synced(&local.check);
                    }
                }
                None if check.check_id == SERF_CHECK_ID => {}
                None => self.deregister("", &check.check_id).await?,
            }
        }
        self.sync_changes().await
    }

    async fn deregister(&mut self, service_id: &str, check_id: &str) -> Result<(), SyncError> {
        self.catalog
            .deregister(DeregisterRequest {
                write_options: None,
                node: self.local.node().node.clone(),
                service_id: service_id.to_string(),
                check_id: check_id.to_string(),
            })
            .await
            .map_err(|s| status_error("deregistering from the catalog", s))?;
        Ok(())
    }

    async fn register(
        &mut self,
        service: Option<Service>,
        checks: Vec<HealthCheck>,
    ) -> Result<(), SyncError> {
        self.catalog
            .register(RegisterRequest {
                write_options: None,
                node: Some(self.local.node().clone()),
                service,
                checks,
                skip_node_update: false,
            })
            .await
            .map_err(|s| status_error("registering in the catalog", s))?;
        Ok(())
    }

    /// Pushes what is out of sync and removes what was removed locally.
    pub async fn sync_changes(&mut self) -> Result<(), SyncError> {
        let Snapshot {
            node_in_sync,
            services,
            checks,
            removed_services,
            removed_checks,
        } = self.local.snapshot();
        for id in removed_services {
            self.deregister(&id, "").await?;
            self.local.service_removed(&id);
        }
        for id in removed_checks {
            self.deregister("", &id).await?;
            self.local.check_removed(&id);
        }
        let mut node_pushed = node_in_sync;
        for local in services.values().filter(|s| !s.in_sync) {
            let id = local.service.id.to_lowercase();
            let own: Vec<HealthCheck> = checks
                .values()
                .filter(|c| !c.in_sync && c.check.service_id.to_lowercase() == id)
                .map(|c| c.check.clone())
                .collect();
            self.register(Some(local.service.clone()), own.clone())
                .await?;
            self.local.service_synced(&local.service);
            for c in &own {
                self.local.check_synced(c);
            }
            node_pushed = true;
        }
        // Checks not pushed with their service (node checks, and service
        // checks whose service was in sync).
        let pushed: Vec<String> = services
            .values()
            .filter(|s| !s.in_sync)
            .map(|s| s.service.id.to_lowercase())
            .collect();
        for local in checks
            .values()
            .filter(|c| !c.in_sync && !pushed.contains(&c.check.service_id.to_lowercase()))
        {
            self.register(None, vec![local.check.clone()]).await?;
            self.local.check_synced(&local.check);
            node_pushed = true;
        }
        if !node_pushed {
            self.register(None, Vec::new()).await?;
        }
        self.local.node_synced();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_grows_with_each_doubling_past_128() {
        for (members, expected) in [
            (1, 1),
            (128, 1),
            (129, 2),
            (256, 2),
            (257, 3),
            (1024, 4),
            (1025, 5),
            (16384, 8),
        ] {
            assert_eq!(scale(members), expected, "{members} members");
        }
    }

    #[test]
    fn comparisons_ignore_indexes_and_what_the_catalog_fills_in() {
        let a = Service {
            id: "web".into(),
            service: "web".into(),
            tags: vec!["v1".into()],
            ..Service::default()
        };
        let b = Service {
            create_index: 5,
            modify_index: 9,
            ..a.clone()
        };
        assert!(same_service(&a, &b));
        let c = Service {
            tags: vec!["v2".into()],
            ..b
        };
        assert!(!same_service(&a, &c));
        let check = HealthCheck {
            node: "N".into(),
            check_id: "c".into(),
            ..HealthCheck::default()
        };
        let stored = HealthCheck {
            node: "n".into(),
            service_tags: vec!["x".into()],
            modify_index: 3,
            ..check.clone()
        };
        assert!(same_check(&check, &stored));
    }
}

//! The catalog as DNS reads it: what a service's instances and the nodes are
//! now, kept current by watch streams of the gRPC API.
//!
//! A name asked for the first time opens a watch of it (`WatchServiceHealth`,
//! or `WatchNodes` for node and PTR names) on the agent's runtime and waits
//! for the first answer; later questions are answered from what the watch
//! last sent, with no call. A watch nobody has asked about for [`IDLE`] is
//! closed. So a question costs a map lookup, and a change reaches DNS answers
//! as fast as it reaches any watcher.
//!
//! Reads are stale by default (`allow_stale`): any server answers, as
//! Consul's DNS does. The staleness bound `max_stale` is kept by asking again
//! when the age of what we hold may exceed it (see [`Views::service`]).
//!
//! When a watch fails, its next attempt decides: if it opens, nothing is
//! lost; if not, questions are answered SERVFAIL until one opens, as
//! Consul's DNS answers when its read fails.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{
        Arc, RwLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use roster_proto::{
    catalog::v1::{
        HealthStatus, ListNodesRequest, WatchNodesRequest,
        catalog_service_client::CatalogServiceClient,
    },
    common::v1::{Consistency, QueryMeta, QueryOptions},
    health::v1::{
        ListServiceHealthRequest, ServiceHealth, ServiceHealthQuery, WatchServiceHealthRequest,
        health_service_client::HealthServiceClient,
    },
};
use tokio::sync::watch;

use crate::http::Transport;

/// A watch nobody asked about for this long is closed.
pub const IDLE: Duration = Duration::from_secs(60);
/// At most this many services are watched at once; names past it are read
/// with one call per question (a flood of made-up names cannot open
/// unbounded watches).
pub const MAX_WATCHES: usize = 4096;
/// How long a question waits for a watch's first answer or a read.
const FIRST_ANSWER: Duration = Duration::from_secs(5);

/// One instance of a service as DNS serves it.
#[derive(Debug)]
pub struct Instance {
    /// Node name as registered.
    pub node: String,
    /// The node's address (an IP, or a name for an external node).
    pub node_address: String,
    /// The service's own address, empty when it uses the node's.
    pub service_address: String,
    /// Port for SRV records.
    pub port: u16,
    /// SRV weight while passing / while warning.
    pub weight_passing: u16,
    pub weight_warning: u16,
    /// Tags, lower-cased, for `<tag>.<service>` questions.
    pub tags: Vec<String>,
    /// The node's metadata, for TXT records.
    pub node_meta: Vec<(String, String)>,
    /// Worst of the instance's checks (node and service).
    pub status: HealthStatus,
    /// Its SRV target and additional records, built by the first SRV
    /// question and kept with this snapshot (see `answer::srv_group`).
    pub srv: std::sync::OnceLock<crate::dns::answer::SrvParts>,
    /// Its records' parts for the fast path, built on first use.
    pub fast: std::sync::OnceLock<crate::dns::fast::Parts>,
}

impl Instance {
    /// The address questions about this instance are answered with.
    pub fn address(&self) -> &str {
        if self.service_address.is_empty() {
            &self.node_address
        } else {
            &self.service_address
        }
    }
}

/// A node as DNS serves it.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub name: String,
    pub address: String,
    pub meta: Vec<(String, String)>,
}

/// What one read returned, and how fresh it was when it arrived.
#[derive(Debug)]
pub struct Snapshot<T> {
    pub data: T,
    pub index: u64,
    /// The answering server's time since it heard from the leader.
    pub last_contact: Duration,
    pub received: Instant,
}

impl<T> Snapshot<T> {
    /// At most how stale this data is now: as stale as it was when it
    /// arrived plus the time since, if the watch has missed everything since.
    fn staleness_bound(&self) -> Duration {
        self.last_contact + self.received.elapsed()
    }
}

/// The nodes, by lower-cased name and by address.
#[derive(Debug, Default)]
pub struct Nodes {
    pub by_name: HashMap<String, Arc<NodeInfo>>,
    pub by_address: HashMap<IpAddr, Vec<Arc<NodeInfo>>>,
}

/// A watch's state as the questions see it.
#[derive(Debug)]
enum State<T> {
    Pending,
    Ready(Arc<Snapshot<T>>),
    Failed(String),
}

struct Entry<T> {
    state: watch::Sender<State<T>>,
    /// Seconds since [`Views::epoch`] of the last question.
    used: AtomicU64,
}

/// Why a question could not be answered from the catalog: SERVFAIL.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct ReadFailed(pub String);

/// How DNS reads the catalog.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Any server answers (`dns_config.allow_stale`).
    pub allow_stale: bool,
    /// Staler than this, ask again (`dns_config.max_stale`).
    pub max_stale: Duration,
}

/// The catalog views, shared by every DNS runtime.
pub struct Views {
    channel: crate::GrpcChannel,
    /// The agent's runtime: watches and reads run there.
    runtime: tokio::runtime::Handle,
    options: ReadOptions,
    epoch: Instant,
    services: RwLock<HashMap<String, Arc<Entry<Vec<Instance>>>>>,
    nodes: RwLock<Option<Arc<Entry<Nodes>>>>,
}

impl Views {
    pub fn new(
        channel: crate::GrpcChannel,
        runtime: tokio::runtime::Handle,
        options: ReadOptions,
    ) -> Arc<Views> {
        Arc::new(Views {
            channel,
            runtime,
            options,
            epoch: Instant::now(),
            services: RwLock::default(),
            nodes: RwLock::default(),
        })
    }

    fn now_secs(&self) -> u64 {
        self.epoch.elapsed().as_secs()
    }

    fn query_options(&self, stale: bool) -> Option<QueryOptions> {
        Some(QueryOptions {
            consistency: if stale {
                Consistency::Stale as i32
            } else {
                Consistency::Unspecified as i32
            },
            ..Default::default()
        })
    }

    /// Every instance of `service` (lower-cased), with its health.
    pub async fn service(
        self: &Arc<Self>,
        service: &str,
    ) -> Result<Arc<Snapshot<Vec<Instance>>>, ReadFailed> {
        let existing = self.services.read().unwrap().get(service).cloned();
        let entry = match existing {
            Some(entry) => entry,
            None => match self.open_service(service) {
                Some(entry) => entry,
                // Too many watches: one read for this question.
                None => return self.read_service(service, self.options.allow_stale).await,
            },
        };
        entry.used.store(self.now_secs(), Ordering::Relaxed);
        let snapshot = current(&entry).await?;
        if self.options.allow_stale && snapshot.staleness_bound() > self.options.max_stale {
            return self.fresher_service(service, &entry).await;
        }
        Ok(snapshot)
    }

    /// What the watch of `service` holds now, if it is open, has answered
    /// and needs no fresher read: the fast path's question, answered with
    /// no wait. `None`: ask [`Views::service`].
    pub fn service_now(&self, service: &str) -> Option<Arc<Snapshot<Vec<Instance>>>> {
        let services = self.services.read().unwrap_or_else(|e| e.into_inner());
        let entry = services.get(service)?;
        let snapshot = match &*entry.state.borrow() {
            State::Ready(s) => Arc::clone(s),
            _ => return None,
        };
        if self.options.allow_stale && snapshot.staleness_bound() > self.options.max_stale {
            return None;
        }
        entry.used.store(self.now_secs(), Ordering::Relaxed);
        Some(snapshot)
    }

    /// Holds `instances` as the watch of `service` would, with no watch.
    #[cfg(test)]
    pub fn hold_service(&self, service: &str, instances: Vec<Instance>) {
        let entry = Arc::new(Entry {
            state: watch::Sender::new(State::Ready(Arc::new(snapshot_of(instances, None)))),
            used: AtomicU64::new(self.now_secs()),
        });
        self.services
            .write()
            .unwrap()
            .insert(service.to_string(), entry);
    }

    /// The data may be staler than `max_stale`: ask any server again, and
    /// the leader if that one is too stale too. The read is kept for the
    /// next questions (unless the watch has meanwhile brought newer data).
    async fn fresher_service(
        self: &Arc<Self>,
        service: &str,
        entry: &Entry<Vec<Instance>>,
    ) -> Result<Arc<Snapshot<Vec<Instance>>>, ReadFailed> {
        let mut read = self.read_service(service, true).await?;
        if read.last_contact > self.options.max_stale {
            read = self.read_service(service, false).await?;
        }
        Ok(keep_newer(entry, read))
    }

    /// Opens a watch of `service`, unless [`MAX_WATCHES`] are open.
    fn open_service(self: &Arc<Self>, service: &str) -> Option<Arc<Entry<Vec<Instance>>>> {
        let mut services = self.services.write().unwrap();
        if let Some(entry) = services.get(service) {
            return Some(Arc::clone(entry));
        }
        if services.len() >= MAX_WATCHES {
            return None;
        }
        let entry = Arc::new(Entry {
            state: watch::Sender::new(State::Pending),
            used: AtomicU64::new(self.now_secs()),
        });
        services.insert(service.to_string(), Arc::clone(&entry));
        drop(services);
        let views = Arc::clone(self);
        let name = service.to_string();
        let keeper = Arc::clone(&entry);
        self.runtime
            .spawn(async move { views.keep_service(name, keeper).await });
        Some(entry)
    }

    /// Keeps one service's watch open while it is asked about.
    async fn keep_service(self: Arc<Self>, service: String, entry: Arc<Entry<Vec<Instance>>>) {
        let client = HealthServiceClient::new(Transport::new(self.channel.clone()));
        let open = || {
            let mut client = client.clone();
            let request = WatchServiceHealthRequest {
                query_options: self.query_options(self.options.allow_stale),
                query: Some(ServiceHealthQuery {
                    service: service.clone(),
                    ..Default::default()
                }),
            };
            async move { client.watch_service_health(request).await }
        };
        let snapshot = |m: roster_proto::health::v1::WatchServiceHealthResponse| {
            snapshot_of(
                m.instances.iter().map(instance).collect(),
                m.query_meta.as_ref(),
            )
        };
        self.keep(&entry, open, snapshot).await;
        let mut services = self.services.write().unwrap();
        if services
            .get(&service)
            .is_some_and(|e| Arc::ptr_eq(e, &entry))
        {
            services.remove(&service);
        }
    }

    /// Runs one watch into `entry` until nobody has asked about it for
    /// [`IDLE`]: `open` opens the stream, `snapshot` reads each message.
    /// A stream that ends or fails is opened again (the entry keeps what it
    /// holds); one that cannot be opened fails the entry until it can.
    async fn keep<T, M, F, Fut>(
        &self,
        entry: &Entry<T>,
        open: F,
        snapshot: impl Fn(M) -> Snapshot<T>,
    ) where
        F: Fn() -> Fut,
        Fut: std::future::Future<
                Output = Result<tonic::Response<tonic::Streaming<M>>, tonic::Status>,
            >,
    {
        let mut backoff = Duration::from_millis(50);
        // One clock for the idle check, however often messages come.
        let mut idle_check = tokio::time::interval(IDLE / 4);
        loop {
            let opened = tokio::time::timeout(FIRST_ANSWER, open()).await;
            let failure = match opened {
                Ok(Ok(stream)) => {
                    let mut stream = stream.into_inner();
                    let mut received = false;
                    loop {
                        let next = tokio::select! {
                            next = stream.message() => next,
                            _ = idle_check.tick() => {
                                if self.idle(entry) { break None; }
                                continue;
                            }
                        };
                        match next {
                            Ok(Some(message)) => {
                                received = true;
                                backoff = Duration::from_millis(50);
                                entry
                                    .state
                                    .send_replace(State::Ready(Arc::new(snapshot(message))));
                            }
                            Ok(None) => break None,
                            Err(status) => {
                                tracing::debug!(error = %status.message(), "dns: a catalog watch ended");
                                // Failed before its first answer: as if it
                                // had not opened.
                                break (!received).then(|| status.message().to_string());
                            }
                        }
                    }
                }
                Ok(Err(status)) => Some(status.message().to_string()),
                Err(_) => Some("the catalog did not answer in time".to_string()),
            };
            // The watch could not open: questions fail until it does.
            if let Some(why) = failure {
                entry.state.send_replace(State::Failed(why));
            }
            if self.idle(entry) {
                return;
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(2));
        }
    }

    fn idle<T>(&self, entry: &Entry<T>) -> bool {
        self.now_secs()
            .saturating_sub(entry.used.load(Ordering::Relaxed))
            >= IDLE.as_secs()
    }

    /// One read of `service`.
    async fn read_service(
        &self,
        service: &str,
        stale: bool,
    ) -> Result<Arc<Snapshot<Vec<Instance>>>, ReadFailed> {
        let mut client = HealthServiceClient::new(Transport::new(self.channel.clone()));
        let request = ListServiceHealthRequest {
            query_options: self.query_options(stale),
            query: Some(ServiceHealthQuery {
                service: service.to_string(),
                ..Default::default()
            }),
        };
        let reply = self
            .read_once(async move { client.list_service_health(request).await })
            .await?;
        Ok(Arc::new(snapshot_of(
            reply.instances.iter().map(instance).collect(),
            reply.query_meta.as_ref(),
        )))
    }

    /// Runs one call on the agent's runtime, within [`FIRST_ANSWER`].
    async fn read_once<R: Send + 'static>(
        &self,
        call: impl std::future::Future<Output = Result<tonic::Response<R>, tonic::Status>>
        + Send
        + 'static,
    ) -> Result<R, ReadFailed> {
        let mut call = self.runtime.spawn(call);
        Ok(tokio::time::timeout(FIRST_ANSWER, &mut call)
            .await
            .map_err(|_| {
                // Not left running on the agent's runtime.
                call.abort();
                ReadFailed("the catalog did not answer in time".into())
            })?
            .map_err(|e| ReadFailed(e.to_string()))?
            .map_err(|status| ReadFailed(status.message().to_string()))?
            .into_inner())
    }

    /// Every node, by name and by address.
    pub async fn nodes(self: &Arc<Self>) -> Result<Arc<Snapshot<Nodes>>, ReadFailed> {
        let existing = self.nodes.read().unwrap().clone();
        let entry = match existing {
            Some(entry) => entry,
            None => {
                let mut slot = self.nodes.write().unwrap();
                match slot.as_ref() {
                    Some(entry) => Arc::clone(entry),
                    None => {
                        let entry = Arc::new(Entry {
                            state: watch::Sender::new(State::Pending),
                            used: AtomicU64::new(self.now_secs()),
                        });
                        *slot = Some(Arc::clone(&entry));
                        let views = Arc::clone(self);
                        let keeper = Arc::clone(&entry);
                        self.runtime
                            .spawn(async move { views.keep_nodes(keeper).await });
                        entry
                    }
                }
            }
        };
        entry.used.store(self.now_secs(), Ordering::Relaxed);
        let snapshot = current(&entry).await?;
        if self.options.allow_stale && snapshot.staleness_bound() > self.options.max_stale {
            let mut read = self.read_nodes(true).await?;
            if read.last_contact > self.options.max_stale {
                read = self.read_nodes(false).await?;
            }
            return Ok(keep_newer(&entry, read));
        }
        Ok(snapshot)
    }

    async fn keep_nodes(self: Arc<Self>, entry: Arc<Entry<Nodes>>) {
        let client = CatalogServiceClient::new(Transport::new(self.channel.clone()));
        let open = || {
            let mut client = client.clone();
            let request = WatchNodesRequest {
                request: Some(ListNodesRequest {
                    query_options: self.query_options(self.options.allow_stale),
                    ..Default::default()
                }),
            };
            async move { client.watch_nodes(request).await }
        };
        let snapshot = |m: roster_proto::catalog::v1::WatchNodesResponse| {
            nodes_snapshot(m.response.unwrap_or_default())
        };
        self.keep(&entry, open, snapshot).await;
        let mut slot = self.nodes.write().unwrap();
        if slot.as_ref().is_some_and(|e| Arc::ptr_eq(e, &entry)) {
            *slot = None;
        }
    }

    async fn read_nodes(&self, stale: bool) -> Result<Arc<Snapshot<Nodes>>, ReadFailed> {
        let mut client = CatalogServiceClient::new(Transport::new(self.channel.clone()));
        let request = ListNodesRequest {
            query_options: self.query_options(stale),
            ..Default::default()
        };
        let reply = self
            .read_once(async move { client.list_nodes(request).await })
            .await?;
        Ok(Arc::new(nodes_snapshot(reply)))
    }
}

/// Puts `read` in `entry` unless what it holds is newer (a higher index:
/// the watch moved on while the read was under way), and returns the newer
/// of the two. Data newer than a read fresh enough is fresh enough.
fn keep_newer<T>(entry: &Entry<T>, read: Arc<Snapshot<T>>) -> Arc<Snapshot<T>> {
    let mut newest = Arc::clone(&read);
    entry.state.send_if_modified(|state| match state {
        State::Ready(held) if held.index > read.index => {
            newest = Arc::clone(held);
            false
        }
        state => {
            *state = State::Ready(Arc::clone(&read));
            true
        }
    });
    newest
}

/// What `entry` holds now, waiting for the first answer if there is none.
async fn current<T>(entry: &Entry<T>) -> Result<Arc<Snapshot<T>>, ReadFailed> {
    if let State::Ready(s) = &*entry.state.borrow() {
        return Ok(Arc::clone(s));
    }
    let mut rx = entry.state.subscribe();
    let state = tokio::time::timeout(FIRST_ANSWER, rx.wait_for(|s| !matches!(s, State::Pending)))
        .await
        .map_err(|_| ReadFailed("the catalog did not answer in time".into()))?
        .map_err(|_| ReadFailed("the watch closed".into()))?;
    match &*state {
        State::Ready(s) => Ok(Arc::clone(s)),
        State::Failed(why) => Err(ReadFailed(why.clone())),
        State::Pending => unreachable!("waited for a state other than pending"),
    }
}

fn snapshot_of<T>(data: T, meta: Option<&QueryMeta>) -> Snapshot<T> {
    Snapshot {
        data,
        index: meta.map_or(0, |m| m.index),
        last_contact: last_contact(meta),
        received: Instant::now(),
    }
}

fn last_contact(meta: Option<&QueryMeta>) -> Duration {
    meta.and_then(|m| m.last_contact)
        .and_then(|d| Duration::try_from(d).ok())
        .unwrap_or_default()
}

fn weight(w: i32) -> u16 {
    w.clamp(0, i32::from(u16::MAX)) as u16
}

fn instance(sh: &ServiceHealth) -> Instance {
    let node = sh.node.clone().unwrap_or_default();
    let service = sh.service.clone().unwrap_or_default();
    let status = sh
        .checks
        .iter()
        .map(|c| HealthStatus::try_from(c.status).unwrap_or(HealthStatus::Critical))
        .fold(HealthStatus::Passing, worst);
    // A registration without weights weighs 1 either way, as Consul's.
    let weights = service
        .weights
        .unwrap_or(roster_proto::catalog::v1::Weights {
            passing: 1,
            warning: 1,
        });
    let mut node_meta: Vec<(String, String)> = node.meta.into_iter().collect();
    node_meta.sort();
    Instance {
        node: node.node,
        node_address: node.address,
        service_address: service.address,
        port: u16::try_from(service.port).unwrap_or(0),
        weight_passing: weight(weights.passing),
        weight_warning: weight(weights.warning),
        tags: service
            .tags
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect(),
        node_meta,
        status,
        srv: std::sync::OnceLock::new(),
        fast: std::sync::OnceLock::new(),
    }
}

fn worst(a: HealthStatus, b: HealthStatus) -> HealthStatus {
    let rank = |s: HealthStatus| match s {
        HealthStatus::Passing => 0,
        HealthStatus::Warning => 1,
        // A check with no status yet counts as critical, as it starts.
        HealthStatus::Critical | HealthStatus::Unspecified => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}

fn nodes_snapshot(reply: roster_proto::catalog::v1::ListNodesResponse) -> Snapshot<Nodes> {
    let mut nodes = Nodes::default();
    for node in reply.nodes {
        let mut meta: Vec<(String, String)> = node.meta.into_iter().collect();
        meta.sort();
        let info = Arc::new(NodeInfo {
            name: node.node,
            address: node.address,
            meta,
        });
        if let Ok(ip) = info.address.parse::<IpAddr>() {
            nodes
                .by_address
                .entry(ip)
                .or_default()
                .push(Arc::clone(&info));
        }
        nodes.by_name.insert(info.name.to_ascii_lowercase(), info);
    }
    snapshot_of(nodes, reply.query_meta.as_ref())
}

#[cfg(test)]
mod tests;

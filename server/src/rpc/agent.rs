//! Agent-local services: `roster.agent.v1.AgentService` (membership),
//! `roster.event.v1.EventService` (user events) and
//! `roster.operator.v1.KeyringService` (the gossip keyring). Every agent,
//! client or server, answers these itself from its gossip pools.

use std::{collections::HashMap, sync::Arc};

use roster_proto::{
    agent::v1::{
        AgentConfig, ForceLeaveRequest, ForceLeaveResponse, GetHostRequest, GetHostResponse,
        GetSelfRequest, GetSelfResponse, JoinRequest, JoinResponse, LeaveRequest, LeaveResponse,
        ListMembersRequest, ListMembersResponse, ReloadRequest, ReloadResponse, SetTokenRequest,
        SetTokenResponse, Stats,
        agent_service_server::{AgentService, AgentServiceServer},
    },
    common::v1::{Consistency, QueryMeta},
    event::v1::{
        FireRequest, FireResponse, ListRequest, ListResponse, UserEvent,
        event_service_server::{EventService, EventServiceServer},
    },
    operator::v1::{
        InstallKeyRequest, InstallKeyResponse, KeyringOptions, KeyringPoolResponse,
        ListKeysRequest, ListKeysResponse, RemoveKeyRequest, RemoveKeyResponse, UseKeyRequest,
        UseKeyResponse,
        keyring_service_client::KeyringServiceClient,
        keyring_service_server::{KeyringService, KeyringServiceServer},
    },
    status::{ErrorKind, HasErrorKind},
};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use super::{caller, check_datacenter, query_token, remote::ServerForwarder, write_token};
use crate::{
    acl::{Global, Need, Resource},
    gossip::{
        Gossip, GossipError, Pool, PoolKind, coordinate_to_proto, events, keyring, member_to_proto,
    },
};

/// `message` as a request carrying the token metadata of `from` (a call
/// passed on to a server acts as the caller).
fn passed_on<T, M>(from: &Request<T>, message: M) -> Request<M> {
    let mut request = Request::new(message);
    for key in ["x-consul-token", "authorization"] {
        if let Some(v) = from.metadata().get(key) {
            request.metadata_mut().insert(key, v.clone());
        }
    }
    request
}

/// Who this agent is.
#[derive(Debug, Clone)]
pub struct AgentInfo {
    /// Node name.
    pub node_name: String,
    /// Node ID.
    pub node_id: String,
    /// Datacenter.
    pub datacenter: String,
    /// Server mode.
    pub server: bool,
    /// Single-server bootstrap.
    pub bootstrap: bool,
    /// The configuration in effect, as `/v1/agent/self` shows it
    /// (`DebugConfig`; secrets hidden).
    pub debug_config: serde_json::Value,
    /// The data dir (`/v1/agent/host` reports its file system).
    pub data_dir: std::path::PathBuf,
}

/// The Consul API version Roster implements: what `/v1/agent/self` reports
/// as `Config.Version`, which clients compare with Consul releases.
pub const CONSUL_API_VERSION: &str = "1.17.0";

/// What the agent-local services need.
#[derive(Clone)]
pub struct AgentContext {
    /// The gossip pools.
    pub gossip: Arc<Gossip>,
    /// Identity.
    pub info: Arc<AgentInfo>,
    /// Cancelled when a Leave request asks the agent to shut down.
    pub leave_requested: CancellationToken,
    /// The Raft node, on a server (a leader hands over before it leaves).
    pub raft: Option<crate::raft::RaftHandle>,
    /// This agent's own services and checks.
    pub local: Arc<crate::agent::local::LocalState>,
    /// Reads the configuration files again, for `Reload`.
    pub reload: Option<crate::agent::Reload>,
    /// A server's shared reads (their evaluation count is in the stats).
    pub queries: Option<Arc<super::coalesce::Coalescer>>,
    /// Who a request acts as (a server's resolver, or a client's that asks
    /// the servers).
    pub acl: Arc<crate::acl::resolver::AclResolver>,
}

fn err(e: GossipError) -> Status {
    e.to_status()
}

fn invalid(message: impl Into<String>) -> Status {
    ErrorKind::InvalidArgument.status(message)
}

/// The agent service.
pub struct AgentApi {
    ctx: AgentContext,
}

/// The tonic service for the routes.
pub fn agent_service(ctx: AgentContext) -> AgentServiceServer<AgentApi> {
    AgentServiceServer::new(AgentApi { ctx })
}

fn pool_stats(pool: &Pool, members: &[crate::gossip::SerfMember]) -> Stats {
    use serf::types::MemberStatus;
    let count = |s: MemberStatus| members.iter().filter(|m| *m.status() == s).count();
    let values = [
        ("members", members.len().to_string()),
        ("failed", count(MemberStatus::Failed).to_string()),
        ("left", count(MemberStatus::Left).to_string()),
        (
            "health_score",
            pool.serf().memberlist().health_score().to_string(),
        ),
        ("encrypted", pool.encrypted().to_string()),
    ];
    Stats {
        values: values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

#[tonic::async_trait]
impl AgentService for AgentApi {
    async fn list_members(
        &self,
        request: Request<ListMembersRequest>,
    ) -> Result<Response<ListMembersResponse>, Status> {
        let caller = caller(&self.ctx.acl, &request, "").await?;
        let req = request.into_inner();
        if !req.segment.is_empty() && req.segment != "_all" {
            return Err(invalid(format!(
                "network segment {:?} does not exist (segments are an Enterprise feature)",
                req.segment
            )));
        }
        let members = match (req.wan, self.ctx.gossip.wan()) {
            (false, _) => self.ctx.gossip.lan().members().await,
            (true, Some(wan)) => wan.members().await,
            // Consul: a client agent has no WAN pool and lists nothing.
            (true, None) => Vec::new(),
        };
        let mut members: Vec<_> = members.iter().map(member_to_proto).collect();
        // WAN member names are `<node>.<dc>`: the node is checked.
        let wan = req.wan;
        caller.filter(&mut members, |m| {
            let node = if wan {
                m.name.rsplit_once('.').map_or(m.name.as_str(), |(n, _)| n)
            } else {
                m.name.as_str()
            };
            caller.may(Resource::Node, node, Need::Read)
        });
        Ok(Response::new(ListMembersResponse { members }))
    }

    async fn get_self(
        &self,
        request: Request<GetSelfRequest>,
    ) -> Result<Response<GetSelfResponse>, Status> {
        let info = &self.ctx.info;
        caller(&self.ctx.acl, &request, "").await?.require(
            Resource::Agent,
            &info.node_name,
            Need::Read,
        )?;
        let lan = self.ctx.gossip.lan();
        let member = lan.local_member().await;
        let lan_members = lan.members().await;
        let section = |pairs: Vec<(&str, String)>| Stats {
            values: pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        };
        let local = self.ctx.local.snapshot();
        let probes = local
            .checks
            .values()
            .filter(|c| matches!(c.kind, crate::agent::local::CheckKind::Probe { .. }))
            .count();
        let ttls = local
            .checks
            .values()
            .filter(|c| matches!(c.kind, crate::agent::local::CheckKind::Ttl(_)))
            .count();
        let mut stats = HashMap::new();
        stats.insert(
            "agent".to_string(),
            section(vec![
                ("check_monitors", probes.to_string()),
                ("check_ttls", ttls.to_string()),
                ("checks", local.checks.len().to_string()),
                ("services", local.services.len().to_string()),
            ]),
        );
        stats.insert(
            "build".to_string(),
            section(vec![
                ("version", CONSUL_API_VERSION.to_string()),
                ("roster_version", crate::VERSION.to_string()),
                ("revision", String::new()),
                ("prerelease", String::new()),
            ]),
        );
        stats.insert(
            "runtime".to_string(),
            section(vec![
                ("os", std::env::consts::OS.to_string()),
                ("arch", std::env::consts::ARCH.to_string()),
                ("version", crate::VERSION.to_string()),
                (
                    "cpu_count",
                    std::thread::available_parallelism()
                        .map_or(1, |n| n.get())
                        .to_string(),
                ),
            ]),
        );
        let known_servers = lan_members
            .iter()
            .filter(|m| {
                *m.status() == serf::types::MemberStatus::Alive
                    && m.tags().get("role").map(|r| r.as_str())
                        == Some(crate::gossip::tags::SERVER_ROLE)
            })
            .count();
        let mut consul = vec![
            ("server", info.server.to_string()),
            ("known_servers", known_servers.to_string()),
            ("acl", "disabled".to_string()),
        ];
        if let Some(queries) = &self.ctx.queries {
            consul.push((
                "shared_query_evaluations",
                queries.evaluations().to_string(),
            ));
        }
        if let Some(raft) = &self.ctx.raft {
            let status = raft.status();
            let last_index = raft
                .progress()
                .await
                .map_or(status.commit_index, |p| p.last_index);
            let addresses = raft.addresses();
            let leader_addr = addresses
                .get(&status.leader_id)
                .cloned()
                .unwrap_or_default();
            let known_datacenters = match self.ctx.gossip.wan() {
                Some(wan) => {
                    let dcs: std::collections::BTreeSet<String> = wan
                        .members()
                        .await
                        .iter()
                        .filter_map(|m| m.tags().get("dc").map(|d| d.to_string()))
                        .collect();
                    dcs.len().max(1)
                }
                None => 1,
            };
            consul.extend([
                ("leader", status.is_leader.to_string()),
                ("leader_addr", leader_addr),
                ("bootstrap", info.bootstrap.to_string()),
                ("known_datacenters", known_datacenters.to_string()),
            ]);
            let state = if status.is_leader {
                "Leader"
            } else if status.known_leader() {
                "Follower"
            } else {
                "Candidate"
            };
            stats.insert(
                "raft".to_string(),
                section(vec![
                    ("state", state.to_string()),
                    ("term", status.term.to_string()),
                    ("commit_index", status.commit_index.to_string()),
                    ("applied_index", status.applied_index.to_string()),
                    ("last_log_index", last_index.to_string()),
                    (
                        "num_peers",
                        status.voters.len().saturating_sub(1).to_string(),
                    ),
                    (
                        "last_contact",
                        if status.is_leader {
                            "0".to_string()
                        } else {
                            roster_proto::common::format_go_duration(status.last_contact())
                        },
                    ),
                    ("latest_configuration_index", status.conf_index.to_string()),
                ]),
            );
        }
        stats.insert("consul".to_string(), section(consul));
        stats.insert("serf_lan".to_string(), pool_stats(lan, &lan_members));
        if let Some(wan) = self.ctx.gossip.wan() {
            stats.insert(
                "serf_wan".to_string(),
                pool_stats(wan, &wan.members().await),
            );
        }
        Ok(Response::new(GetSelfResponse {
            config: Some(AgentConfig {
                datacenter: info.datacenter.clone(),
                primary_datacenter: info.datacenter.clone(),
                node_name: info.node_name.clone(),
                node_id: info.node_id.clone(),
                server: info.server,
                version: CONSUL_API_VERSION.to_string(),
                revision: String::new(),
                roster_version: crate::VERSION.to_string(),
            }),
            member: Some(member_to_proto(&member)),
            coord: lan.coordinate().as_ref().map(coordinate_to_proto),
            stats,
            meta: self.ctx.local.node().meta.clone().into_iter().collect(),
            debug_config_json: info.debug_config.to_string(),
        }))
    }

    async fn get_host(
        &self,
        request: Request<GetHostRequest>,
    ) -> Result<Response<GetHostResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Operator, Need::Read)?;
        let dir = self.ctx.info.data_dir.clone();
        let host = tokio::task::spawn_blocking(move || crate::agent::host::describe(&dir))
            .await
            .map_err(|e| ErrorKind::Internal.status(e.to_string()))?;
        Ok(Response::new(host))
    }

    async fn reload(
        &self,
        request: Request<ReloadRequest>,
    ) -> Result<Response<ReloadResponse>, Status> {
        caller(&self.ctx.acl, &request, "").await?.require(
            Resource::Agent,
            &self.ctx.info.node_name,
            Need::Write,
        )?;
        let Some(hook) = self.ctx.reload.clone() else {
            return Err(
                ErrorKind::Unimplemented.status("this agent cannot reload its configuration")
            );
        };
        tokio::task::spawn_blocking(move || hook())
            .await
            .map_err(|e| ErrorKind::Internal.status(e.to_string()))?
            .map_err(|e| ErrorKind::Internal.status(format!("Failed to reload configs: {e}")))?;
        Ok(Response::new(ReloadResponse {}))
    }

    async fn set_token(
        &self,
        request: Request<SetTokenRequest>,
    ) -> Result<Response<SetTokenResponse>, Status> {
        if !self.ctx.acl.enabled() {
            return Err(ErrorKind::AclDisabled.status("ACL support disabled"));
        }
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Acl, Need::Write)?;
        let req = request.into_inner();
        let kind = roster_proto::agent::v1::TokenKind::try_from(req.kind)
            .unwrap_or(roster_proto::agent::v1::TokenKind::Unspecified);
        self.ctx.acl.set_token(kind, req.token)?;
        tracing::info!(?kind, "ACL token updated");
        Ok(Response::new(SetTokenResponse {}))
    }

    async fn join(&self, request: Request<JoinRequest>) -> Result<Response<JoinResponse>, Status> {
        caller(&self.ctx.acl, &request, "").await?.require(
            Resource::Agent,
            &self.ctx.info.node_name,
            Need::Write,
        )?;
        let req = request.into_inner();
        if req.addresses.is_empty() {
            return Err(invalid("no address to join"));
        }
        let pool = if req.wan {
            self.ctx
                .gossip
                .wan()
                .ok_or_else(|| invalid("Must be a server to join WAN cluster"))?
        } else {
            self.ctx.gossip.lan()
        };
        let joined = pool.join(&req.addresses).await.map_err(err)?;
        Ok(Response::new(JoinResponse {
            num_joined: joined as u32,
        }))
    }

    async fn leave(
        &self,
        request: Request<LeaveRequest>,
    ) -> Result<Response<LeaveResponse>, Status> {
        caller(&self.ctx.acl, &request, "").await?.require(
            Resource::Agent,
            &self.ctx.info.node_name,
            Need::Write,
        )?;
        tracing::info!("graceful leave requested through the API");
        crate::cluster::leave(&self.ctx.gossip, self.ctx.raft.as_ref()).await;
        // The agent's main loop sees this and shuts down (without leaving a
        // second time).
        self.ctx.leave_requested.cancel();
        Ok(Response::new(LeaveResponse {}))
    }

    async fn force_leave(
        &self,
        request: Request<ForceLeaveRequest>,
    ) -> Result<Response<ForceLeaveResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Operator, Need::Write)?;
        let req = request.into_inner();
        if req.node.is_empty() {
            return Err(invalid("node name is required"));
        }
        let pool = self.ctx.gossip.pool(req.wan).map_err(err)?;
        pool.force_leave(&req.node, req.prune).await.map_err(err)?;
        Ok(Response::new(ForceLeaveResponse {}))
    }
}

/// The event service.
pub struct EventApi {
    ctx: AgentContext,
}

/// The tonic service for the routes.
pub fn event_service(ctx: AgentContext) -> EventServiceServer<EventApi> {
    EventServiceServer::new(EventApi { ctx })
}

#[tonic::async_trait]
impl EventService for EventApi {
    async fn fire(&self, request: Request<FireRequest>) -> Result<Response<FireResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        caller(&self.ctx.acl, &request, token).await?.require(
            Resource::Event,
            &request.get_ref().name,
            Need::Write,
        )?;
        let req = request.into_inner();
        if let Some(w) = &req.write_options {
            check_datacenter(&self.ctx.info.datacenter, &w.datacenter)?;
        }
        let event = UserEvent {
            id: uuid::Uuid::new_v4().to_string(),
            name: req.name,
            payload: req.payload,
            node_filter: req.node_filter,
            service_filter: req.service_filter,
            tag_filter: req.tag_filter,
            version: 1,
            ltime: 0,
        };
        events::validate(&event).map_err(err)?;
        self.ctx
            .gossip
            .fire_event(event.clone())
            .await
            .map_err(err)?;
        Ok(Response::new(FireResponse { event: Some(event) }))
    }

    async fn list(&self, request: Request<ListRequest>) -> Result<Response<ListResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let options = req.query_options.unwrap_or_default();
        check_datacenter(&self.ctx.info.datacenter, &options.datacenter)?;
        let log = self.ctx.gossip.events();
        let deadline = tokio::time::Instant::now() + options.effective_wait();
        loop {
            // Subscribe before reading so that an event landing in between
            // wakes the wait below.
            let mut changed = log.subscribe();
            let mut list = log.list(&req.name);
            // Filtered before the index is computed, so the index says
            // nothing of what the token may not see.
            let filtered = caller.filter(&mut list, |e| {
                caller.may(Resource::Event, &e.name, Need::Read)
            });
            let index = events::list_index(&list);
            if options.min_index == 0 || index != options.min_index {
                return Ok(Response::new(list_response(list, index, filtered)));
            }
            tokio::select! {
                _ = changed.changed() => {}
                _ = tokio::time::sleep_until(deadline) => {
                    return Ok(Response::new(list_response(list, index, filtered)));
                }
            }
        }
    }
}

fn list_response(events: Vec<UserEvent>, index: u64, filtered: bool) -> ListResponse {
    ListResponse {
        query_meta: Some(QueryMeta {
            index,
            known_leader: true,
            last_contact: None,
            effective_consistency: Consistency::Stale as i32,
            results_filtered_by_acls: filtered,
        }),
        events,
    }
}

/// The keyring service. On a client agent every operation but a local-only
/// list goes to a server, which runs it on the WAN pool and the LAN pool
/// (as Consul does): a client has no WAN pool to rotate.
pub struct KeyringApi {
    ctx: AgentContext,
    servers: Option<ServerForwarder>,
}

/// The tonic service for the routes; `servers` is set on client agents.
pub fn keyring_service(
    ctx: AgentContext,
    servers: Option<ServerForwarder>,
) -> KeyringServiceServer<KeyringApi> {
    KeyringServiceServer::new(KeyringApi { ctx, servers })
}

#[derive(Clone, Copy)]
enum KeyOp {
    List,
    Install,
    Use,
    Remove,
}

impl KeyringApi {
    /// Runs one keyring operation on every pool (WAN first, as Consul
    /// reports it), failing if any member reported an error.
    async fn run(
        &self,
        op: KeyOp,
        key: &str,
        options: Option<KeyringOptions>,
    ) -> Result<Vec<KeyringPoolResponse>, Status> {
        let options = options.unwrap_or_default();
        if options.relay_factor > 5 {
            return Err(invalid("relay-factor must be between 0 and 5"));
        }
        let key = match op {
            KeyOp::List => None,
            _ => {
                if key.is_empty() {
                    return Err(invalid("a key is required"));
                }
                Some(keyring::parse_key(key).map_err(err)?)
            }
        };
        if options.local_only && !matches!(op, KeyOp::List) {
            return Err(invalid("local-only is only allowed with list"));
        }
        let gossip = &self.ctx.gossip;
        if !gossip.lan().encrypted() {
            return Err(ErrorKind::InvalidArgument.status(
                "gossip encryption is not enabled on this agent: start every agent with \
                 -encrypt=<key> (`roster keygen` makes one) to use a keyring",
            ));
        }
        let mut pools: Vec<&Pool> = Vec::new();
        if let Some(wan) = gossip.wan() {
            pools.push(wan);
        }
        pools.push(gossip.lan());
        let mut responses = Vec::new();
        let mut failures = Vec::new();
        for pool in pools {
            if options.local_only {
                responses.push(local_keys(pool, gossip.datacenter()));
                continue;
            }
            let r = run_on_pool(pool, op, key, options.relay_factor as u8)
                .await
                .map_err(err)?;
            let out = KeyringPoolResponse {
                wan: pool.kind() == PoolKind::Wan,
                datacenter: gossip.datacenter().to_string(),
                segment: String::new(),
                keys: r
                    .keys()
                    .iter()
                    .map(|(k, n)| (keyring::key_to_string(k), *n as u32))
                    .collect(),
                primary_keys: r
                    .primary_keys()
                    .iter()
                    .map(|(k, n)| (keyring::key_to_string(k), *n as u32))
                    .collect(),
                num_nodes: r.num_nodes() as u32,
                messages: r
                    .messages()
                    .iter()
                    .map(|(n, m)| (n.to_string(), m.to_string()))
                    .collect(),
            };
            if r.num_err() > 0 {
                let detail = out
                    .messages
                    .iter()
                    .map(|(n, m)| format!("{n}: {m}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                failures.push(format!(
                    "{} pool: {}/{} nodes reported failure ({detail})",
                    pool.kind().as_str().to_uppercase(),
                    r.num_err(),
                    r.num_nodes()
                ));
            }
            responses.push(out);
        }
        if !failures.is_empty() {
            return Err(ErrorKind::Internal.status(failures.join("; ")));
        }
        Ok(responses)
    }
}

async fn run_on_pool(
    pool: &Pool,
    op: KeyOp,
    key: Option<serf::types::SecretKey>,
    relay_factor: u8,
) -> Result<serf::key_manager::KeyResponse<serf::types::SmolStr>, GossipError> {
    let manager = pool.serf().key_manager();
    let opts = || Some(serf::key_manager::KeyRequestOptions { relay_factor });
    let fail = |e: String| GossipError::Serf(format!("keyring operation failed: {e}"));
    let result = match (op, key) {
        (KeyOp::List, _) => manager.list_keys().await,
        (KeyOp::Install, Some(k)) => manager.install_key(k, opts()).await,
        (KeyOp::Use, Some(k)) => manager.use_key(k, opts()).await,
        (KeyOp::Remove, Some(k)) => manager.remove_key(k, opts()).await,
        _ => unreachable!("a key is parsed for every operation but list"),
    };
    result.map_err(|e| fail(e.to_string()))
}

/// This agent's own keyring, for `local-only` lists.
fn local_keys(pool: &Pool, datacenter: &str) -> KeyringPoolResponse {
    let mut out = KeyringPoolResponse {
        wan: pool.kind() == PoolKind::Wan,
        datacenter: datacenter.to_string(),
        num_nodes: 1,
        ..Default::default()
    };
    if let Some(ring) = pool.serf().memberlist().keyring() {
        let primary = ring.primary_key();
        out.primary_keys.insert(keyring::key_to_string(&primary), 1);
        for key in ring.keys() {
            out.keys.insert(keyring::key_to_string(&key), 1);
        }
    }
    out
}

#[tonic::async_trait]
impl KeyringService for KeyringApi {
    async fn list_keys(
        &self,
        request: Request<ListKeysRequest>,
    ) -> Result<Response<ListKeysResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Keyring, Need::Read)?;
        let local = request
            .get_ref()
            .options
            .as_ref()
            .is_some_and(|o| o.local_only);
        if let (Some(servers), false) = (&self.servers, local) {
            let passed = passed_on(&request, *request.get_ref());
            return KeyringServiceClient::new(servers.clone())
                .list_keys(passed)
                .await;
        }
        let req = request.into_inner();
        let responses = self.run(KeyOp::List, "", req.options).await?;
        Ok(Response::new(ListKeysResponse { responses }))
    }

    async fn install_key(
        &self,
        request: Request<InstallKeyRequest>,
    ) -> Result<Response<InstallKeyResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Keyring, Need::Write)?;
        if let Some(servers) = &self.servers {
            let passed = passed_on(&request, request.get_ref().clone());
            return KeyringServiceClient::new(servers.clone())
                .install_key(passed)
                .await;
        }
        let req = request.into_inner();
        let responses = self.run(KeyOp::Install, &req.key, req.options).await?;
        Ok(Response::new(InstallKeyResponse { responses }))
    }

    async fn use_key(
        &self,
        request: Request<UseKeyRequest>,
    ) -> Result<Response<UseKeyResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Keyring, Need::Write)?;
        if let Some(servers) = &self.servers {
            let passed = passed_on(&request, request.get_ref().clone());
            return KeyringServiceClient::new(servers.clone())
                .use_key(passed)
                .await;
        }
        let req = request.into_inner();
        let responses = self.run(KeyOp::Use, &req.key, req.options).await?;
        Ok(Response::new(UseKeyResponse { responses }))
    }

    async fn remove_key(
        &self,
        request: Request<RemoveKeyRequest>,
    ) -> Result<Response<RemoveKeyResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Keyring, Need::Write)?;
        if let Some(servers) = &self.servers {
            let passed = passed_on(&request, request.get_ref().clone());
            return KeyringServiceClient::new(servers.clone())
                .remove_key(passed)
                .await;
        }
        let req = request.into_inner();
        let responses = self.run(KeyOp::Remove, &req.key, req.options).await?;
        Ok(Response::new(RemoveKeyResponse { responses }))
    }
}

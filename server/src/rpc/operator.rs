//! `roster.operator.v1.RaftService` and `AutopilotService`: the Raft
//! configuration as operators see it, removing a peer, autopilot's health
//! view and its settings. Consul: `/v1/operator/raft/configuration`,
//! `/v1/operator/raft/peer`, `/v1/operator/autopilot/health`,
//! `/v1/operator/autopilot/configuration`.
//!
//! Servers are named by node ID (the UUID; a server's Raft id is derived
//! from it) and node name when gossip knows them, else by Raft id.

use std::{collections::HashMap, sync::Arc};

use roster_proto::{
    common::{to_proto_duration, v1::Consistency},
    operator::v1::{
        AutopilotConfiguration, GetAutopilotConfigurationRequest,
        GetAutopilotConfigurationResponse, GetConfigurationRequest, GetConfigurationResponse,
        RaftServer, RemovePeerRequest, RemovePeerResponse, ServerHealth, ServerHealthRequest,
        ServerHealthResponse, SetAutopilotConfigurationRequest, SetAutopilotConfigurationResponse,
        TransferLeaderRequest, TransferLeaderResponse,
        autopilot_service_server::{AutopilotService, AutopilotServiceServer},
        raft_service_server::{RaftService, RaftServiceServer},
    },
    status::ErrorKind,
};
use serf::types::MemberStatus;
use tonic::{Request, Response, Status};

use super::{
    ServerContext, blocking::query_meta, caller, check_datacenter, forward, query_token,
    write_token,
};
use crate::{
    acl::{Global, Need},
    cluster::{self, Autopilot, Change},
    gossip::{Gossip, tags},
    identity::NodeId,
    raft::{NodeStatus, RaftError},
    state::{WatchTarget, autopilot, encode_command},
};

/// Refuses settings autopilot cannot work with.
fn check_autopilot(c: &AutopilotConfiguration) -> Result<(), Status> {
    let bad = |field: &str, d: Option<&prost_types::Duration>| {
        d.is_some_and(|d| d.seconds < 0 || d.nanos < 0)
            .then(|| ErrorKind::InvalidArgument.status(format!("{field} must not be negative")))
    };
    if let Some(e) = bad("LastContactThreshold", c.last_contact_threshold.as_ref()).or_else(|| {
        bad(
            "ServerStabilizationTime",
            c.server_stabilization_time.as_ref(),
        )
    }) {
        return Err(e);
    }
    Ok(())
}

/// The Raft id of the server named by `id` (node ID or decimal Raft id), if
/// it is a voter or, with `learners`, a learner. A node ID is looked up in
/// the pool (`known`); a data dir from before Raft ids were kept in
/// `raft-id` used the id derived from the node ID.
fn member_by_id(
    id: &str,
    status: &NodeStatus,
    known: &HashMap<u64, Known>,
    learners: bool,
) -> Result<u64, Status> {
    let candidates: Vec<u64> = match id.parse::<NodeId>() {
        Ok(node_id) => known
            .iter()
            .filter(|(_, k)| k.node_id.parse::<NodeId>().ok() == Some(node_id))
            .map(|(raft_id, _)| *raft_id)
            .chain([node_id.derived_raft_id()])
            .collect(),
        Err(_) => id.parse::<u64>().ok().into_iter().collect(),
    };
    candidates
        .into_iter()
        .find(|id| status.voters.contains(id) || (learners && status.learners.contains(id)))
        .ok_or_else(|| {
            ErrorKind::InvalidArgument.status(if learners {
                format!("id \"{id}\" was not found in the Raft configuration")
            } else {
                format!("id \"{id}\" is not a voter in the Raft configuration")
            })
        })
}

/// How long removing the leader, or a transfer, waits for another server
/// to take over.
const LEADER_REMOVAL_HAND_OVER: std::time::Duration = std::time::Duration::from_secs(5);

/// The Raft and autopilot operator services.
#[derive(Clone)]
pub struct OperatorApi {
    ctx: ServerContext,
    gossip: Arc<Gossip>,
    autopilot: Autopilot,
}

/// The Raft operator tonic service type.
pub type RaftOperatorService = RaftServiceServer<OperatorApi>;
/// The autopilot tonic service type.
pub type AutopilotOperatorService = AutopilotServiceServer<OperatorApi>;

/// The tonic services for the routes.
pub fn services(
    ctx: ServerContext,
    gossip: Arc<Gossip>,
    autopilot: Autopilot,
) -> (
    RaftServiceServer<OperatorApi>,
    AutopilotServiceServer<OperatorApi>,
) {
    let api = OperatorApi {
        ctx,
        gossip,
        autopilot,
    };
    (
        RaftServiceServer::new(api.clone()),
        AutopilotServiceServer::new(api),
    )
}

/// What gossip says about a server, by Raft id.
struct Known {
    node_id: String,
    name: String,
    status: MemberStatus,
    version: String,
}

impl OperatorApi {
    async fn known_servers(&self) -> HashMap<u64, Known> {
        let dc = self.gossip.datacenter();
        let mut out = HashMap::new();
        for m in self.gossip.lan().members().await {
            let Some(info) = tags::server_info(&m) else {
                continue;
            };
            if info.datacenter != dc {
                continue;
            }
            let tag = |k: &str| m.tags().get(k).map(|v| v.to_string()).unwrap_or_default();
            out.insert(
                info.raft_id,
                Known {
                    node_id: tag("id"),
                    name: info.name,
                    status: *m.status(),
                    version: tag("build")
                        .split(':')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                },
            );
        }
        out
    }
}

/// The configuration's members: (Raft id, voter), voters first.
fn configuration(status: &crate::raft::NodeStatus) -> impl Iterator<Item = (u64, bool)> + '_ {
    let voters = status.voters.iter().map(|id| (*id, true));
    voters.chain(status.learners.iter().map(|id| (*id, false)))
}

/// A server's ID as operators see it: its node ID, or its Raft id when
/// gossip does not know it.
fn display_id(known: Option<&Known>, raft_id: u64) -> String {
    known
        .map(|k| k.node_id.clone())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| raft_id.to_string())
}

fn serf_status(status: Option<MemberStatus>) -> &'static str {
    match status {
        Some(MemberStatus::Alive) => "alive",
        Some(MemberStatus::Leaving) => "leaving",
        Some(MemberStatus::Left) => "left",
        Some(MemberStatus::Failed) => "failed",
        _ => "none",
    }
}

#[tonic::async_trait]
impl RaftService for OperatorApi {
    async fn get_configuration(
        &self,
        request: Request<GetConfigurationRequest>,
    ) -> Result<Response<GetConfigurationResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        caller(&self.ctx.acl, &request, token)
            .await?
            .require_global(Global::Operator, Need::Read)?;
        let options = request.into_inner().query_options.unwrap_or_default();
        check_datacenter(self.gossip.datacenter(), &options.datacenter)?;
        let consistency = if options.consistency == Consistency::Stale as i32 {
            Consistency::Stale
        } else {
            forward::ensure_leader(&self.ctx).await?;
            Consistency::Unspecified
        };
        let status = self.ctx.raft.status();
        let addresses = self.ctx.raft.addresses();
        let known = self.known_servers().await;
        let mut servers: Vec<RaftServer> = configuration(&status)
            .map(|(raft_id, voter)| {
                let k = known.get(&raft_id);
                RaftServer {
                    id: display_id(k, raft_id),
                    node: k.map(|k| k.name.clone()).unwrap_or_default(),
                    address: addresses.get(&raft_id).cloned().unwrap_or_default(),
                    leader: raft_id == status.leader_id,
                    protocol_version: "3".into(),
                    voter,
                    raft_id,
                }
            })
            .collect();
        servers.sort_by(|a, b| a.address.cmp(&b.address));
        Ok(Response::new(GetConfigurationResponse {
            query_meta: Some(query_meta(&self.ctx, consistency, status.conf_index)),
            servers,
            index: status.conf_index.max(1),
        }))
    }

    async fn remove_peer(
        &self,
        request: Request<RemovePeerRequest>,
    ) -> Result<Response<RemovePeerResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        caller(&self.ctx.acl, &request, token)
            .await?
            .require_global(Global::Operator, Need::Write)?;
        let request = request.into_inner();
        let options = request.write_options.unwrap_or_default();
        check_datacenter(self.gossip.datacenter(), &options.datacenter)?;
        let (id, address) = (request.id.trim(), request.address.trim());
        if id.is_empty() == address.is_empty() {
            return Err(ErrorKind::InvalidArgument.status(
                "Must specify either ?id with the server's ID or ?address with IP:port of peer to remove",
            ));
        }
        let status = self.ctx.raft.status();
        let raft_id = if id.is_empty() {
            let addresses = self.ctx.raft.addresses();
            addresses
                .iter()
                .find(|(_, a)| a.as_str() == address)
                .map(|(id, _)| *id)
                .filter(|id| status.voters.contains(id) || status.learners.contains(id))
                .ok_or_else(|| {
                    ErrorKind::InvalidArgument.status(format!(
                        "address \"{address}\" was not found in the Raft configuration"
                    ))
                })?
        } else {
            member_by_id(id, &status, &self.known_servers().await, true)?
        };
        // raft-rs keeps a removed leader leading, outside its own
        // configuration: the leader hands leadership over first, and the
        // change below then goes to the new leader (as a redirect that the
        // forwarding middleware follows).
        // (The driver refuses a leader's removal of itself too, should this
        // server lead again by the time the change is proposed.)
        if raft_id == status.leader_id && status.is_leader {
            match self
                .ctx
                .raft
                .transfer_leadership(None, LEADER_REMOVAL_HAND_OVER)
                .await
            {
                // Lost leadership meanwhile: the change goes to the new one.
                Ok(_) | Err(RaftError::NoLeader) => {}
                Err(e) => {
                    return Err(ErrorKind::Unavailable
                        .status(format!("cannot remove the current leader: {e}; try again")));
                }
            }
        }
        let outcome = forward::change_conf(&self.ctx, Change::Remove(raft_id)).await?;
        if !outcome.success {
            return Err(ErrorKind::InvalidArgument
                .status("raft refused the change (it would leave no voter)"));
        }
        Ok(Response::new(RemovePeerResponse {
            index: outcome.index,
        }))
    }

    async fn transfer_leader(
        &self,
        request: Request<TransferLeaderRequest>,
    ) -> Result<Response<TransferLeaderResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        caller(&self.ctx.acl, &request, token)
            .await?
            .require_global(Global::Operator, Need::Write)?;
        let request = request.into_inner();
        let options = request.write_options.unwrap_or_default();
        check_datacenter(self.gossip.datacenter(), &options.datacenter)?;
        // Only the leader can hand over (a follower redirects to it).
        forward::ensure_leader(&self.ctx).await?;
        let status = self.ctx.raft.status();
        let id = request.id.trim();
        let target = if id.is_empty() {
            None
        } else {
            let target = member_by_id(id, &status, &self.known_servers().await, false)?;
            if target == status.id {
                return Err(ErrorKind::InvalidArgument
                    .status(format!("server \"{id}\" is already the leader")));
            }
            Some(target)
        };
        if !status.has_other_voter() {
            return Err(ErrorKind::InvalidArgument
                .status("cannot find peer: there is no other voter to take over"));
        }
        let leader = self
            .ctx
            .raft
            .transfer_leadership(target, LEADER_REMOVAL_HAND_OVER)
            .await?;
        Ok(Response::new(TransferLeaderResponse {
            success: true,
            leader_raft_id: leader,
        }))
    }
}

#[tonic::async_trait]
impl AutopilotService for OperatorApi {
    async fn server_health(
        &self,
        request: Request<ServerHealthRequest>,
    ) -> Result<Response<ServerHealthResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        caller(&self.ctx.acl, &request, token)
            .await?
            .require_global(Global::Operator, Need::Read)?;
        let options = request.into_inner().query_options.unwrap_or_default();
        check_datacenter(self.gossip.datacenter(), &options.datacenter)?;
        // Only the leader tracks replication progress.
        forward::ensure_leader(&self.ctx).await?;
        let status = self.ctx.raft.status();
        let progress = self.ctx.raft.progress().await?;
        let addresses = self.ctx.raft.addresses();
        let known = self.known_servers().await;
        let settings = autopilot::effective(&self.ctx.state.engine().read_view(), &self.autopilot)
            .map_err(|e| ErrorKind::Internal.status(e.to_string()))?;
        let servers: Vec<ServerHealth> = configuration(&status)
            .map(|(raft_id, voter)| {
                let k = known.get(&raft_id);
                let peer = progress.peers.iter().find(|p| p.id == raft_id);
                let is_self = raft_id == status.id;
                let healthy = cluster::is_healthy(
                    k.map(|k| k.status),
                    peer,
                    is_self,
                    progress.last_index,
                    &settings,
                );
                ServerHealth {
                    id: display_id(k, raft_id),
                    name: k.map(|k| k.name.clone()).unwrap_or_default(),
                    address: addresses.get(&raft_id).cloned().unwrap_or_default(),
                    serf_status: serf_status(k.map(|k| k.status)).into(),
                    version: k.map(|k| k.version.clone()).unwrap_or_default(),
                    leader: is_self,
                    last_contact: peer
                        .and_then(|p| p.last_contact)
                        .or(is_self.then_some(std::time::Duration::ZERO))
                        .map(to_proto_duration),
                    last_term: progress.term,
                    last_index: if is_self {
                        progress.last_index
                    } else {
                        peer.map(|p| p.matched).unwrap_or_default()
                    },
                    healthy,
                    voter,
                    stable_since: None,
                }
            })
            .collect();
        let voters = servers.iter().filter(|s| s.voter).count() as i32;
        let healthy_voters = servers.iter().filter(|s| s.voter && s.healthy).count() as i32;
        Ok(Response::new(ServerHealthResponse {
            healthy: servers.iter().all(|s| s.healthy),
            failure_tolerance: (healthy_voters - (voters / 2 + 1)).max(0),
            servers,
        }))
    }

    async fn get_autopilot_configuration(
        &self,
        request: Request<GetAutopilotConfigurationRequest>,
    ) -> Result<Response<GetAutopilotConfigurationResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        caller(&self.ctx.acl, &request, token)
            .await?
            .require_global(Global::Operator, Need::Read)?;
        let options = request.into_inner().query_options.unwrap_or_default();
        check_datacenter(self.gossip.datacenter(), &options.datacenter)?;
        let defaults = self.autopilot;
        let (configuration, meta) = super::blocking::blocking_query(
            &self.ctx,
            Some(&options),
            WatchTarget::Table(autopilot::TABLE_AUTOPILOT),
            move |view| {
                let index = crate::storage::Tables::table_index(view, autopilot::TABLE_AUTOPILOT)?;
                // Before the first leader wrote them: the agent's own.
                let c = autopilot::get(view)?.unwrap_or_else(|| autopilot::to_proto(&defaults));
                Ok((c, index))
            },
        )
        .await?;
        Ok(Response::new(GetAutopilotConfigurationResponse {
            configuration: Some(configuration),
            query_meta: Some(meta),
        }))
    }

    async fn set_autopilot_configuration(
        &self,
        request: Request<SetAutopilotConfigurationRequest>,
    ) -> Result<Response<SetAutopilotConfigurationResponse>, Status> {
        caller(&self.ctx.acl, &request, "")
            .await?
            .require_global(Global::Operator, Need::Write)?;
        let request = request.into_inner();
        check_datacenter(self.gossip.datacenter(), &request.datacenter)?;
        let configuration = request.configuration.ok_or_else(|| {
            ErrorKind::InvalidArgument.status("the autopilot configuration is missing")
        })?;
        check_autopilot(&configuration)?;
        let command = encode_command(
            roster_proto::raft::v1::command::Command::AutopilotSetConfiguration(
                roster_proto::raft::v1::AutopilotSetConfiguration {
                    configuration: Some(configuration),
                    cas_index: request.cas_index,
                },
            ),
        );
        let outcome = forward::apply(&self.ctx, command).await?;
        Ok(Response::new(SetAutopilotConfigurationResponse {
            updated: outcome.success,
        }))
    }
}

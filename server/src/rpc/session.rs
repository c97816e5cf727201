//! `roster.session.v1.SessionService`: sessions. Consul: `/v1/session/`.
//!
//! Writes are checked on the leader against its current state (so a
//! follower's lag cannot refuse a valid session), then applied through
//! Raft, where the same checks run again on every server; reads are
//! blocking queries on the sessions table. `Renew` is served by the leader,
//! which holds the TTL timers (`leader/sessions.rs`).

use std::{pin::Pin, time::Duration};

use roster_proto::{
    common::v1::QueryOptions,
    raft::v1::{SessionCreate, SessionDestroy, command::Command},
    session::{
        SERF_HEALTH, check_ttl, parse_ttl,
        v1::{
            Behavior, CreateRequest, CreateResponse, DestroyRequest, DestroyResponse, InfoRequest,
            InfoResponse, ListRequest, ListResponse, NodeSessionsRequest, NodeSessionsResponse,
            RenewRequest, RenewResponse, Session, WatchSessionsRequest, WatchSessionsResponse,
            session_service_server::{SessionService, SessionServiceServer},
        },
    },
    status::{ErrorKind, HasErrorKind as _},
};
use tokio_stream::Stream;
use tonic::{Request, Response, Status};

use super::{
    ServerContext,
    blocking::{blocking_query, confirm_watch, watch},
    caller, forward, query_token, request_id, write_token,
};
use crate::{
    acl::{Need, Resource, resolver::Caller},
    state::{
        WatchTarget, encode_request,
        session::{self, TABLE_SESSIONS},
    },
};

/// The session service.
pub struct SessionApi {
    ctx: ServerContext,
}

/// The tonic service type.
pub type Service = SessionServiceServer<SessionApi>;

/// The tonic service for the routes.
pub fn service(ctx: ServerContext) -> Service {
    SessionServiceServer::new(SessionApi { ctx })
}

type WatchStream = Pin<Box<dyn Stream<Item = Result<WatchSessionsResponse, Status>> + Send>>;

/// Refuses a missing session ID. Any other string is looked up (Consul
/// answers an unknown one with nothing, and destroys it "successfully").
fn check_id(id: &str) -> Result<(), Status> {
    if id.is_empty() {
        return Err(ErrorKind::InvalidArgument.status("Missing session"));
    }
    Ok(())
}

/// The session to create, with defaults filled in and checked (TTL,
/// behavior, node), or why not.
fn prepare(req: CreateRequest, id: String, ttl_min: Duration) -> Result<Session, Status> {
    let mut s = req.session.unwrap_or_default();
    if s.node.is_empty() {
        return Err(ErrorKind::InvalidArgument.status("Missing node name"));
    }
    check_ttl(&s.ttl, ttl_min).map_err(|e| ErrorKind::Refused.status(e))?;
    if Behavior::try_from(s.behavior).is_err() {
        return Err(ErrorKind::Refused.status(format!("Invalid Behavior setting '{}'", s.behavior)));
    }
    if s.behavior == Behavior::Unspecified as i32 {
        s.behavior = Behavior::Release as i32;
    }
    if s.lock_delay_ns.is_none() {
        s.lock_delay_ns = Some(roster_proto::session::DEFAULT_LOCK_DELAY.as_nanos() as u64);
    }
    if !req.node_checks_set && s.node_checks.is_empty() {
        s.node_checks = vec![SERF_HEALTH.to_string()];
    }
    for check in &s.service_checks {
        if !check.namespace.is_empty() {
            return Err(ErrorKind::InvalidArgument
                .status("namespaces are a Consul Enterprise feature; leave Namespace empty"));
        }
    }
    s.id = id;
    s.create_index = 0;
    s.modify_index = 0;
    Ok(s)
}

/// A new session's ID: random, or, for a write with a request id, derived
/// from it (a retry names the same session).
fn new_id(request_id: &str) -> String {
    if request_id.is_empty() {
        uuid::Uuid::new_v4().to_string()
    } else {
        uuid::Uuid::new_v5(&SESSION_ID_NAMESPACE, request_id.as_bytes()).to_string()
    }
}

/// Leaves out the sessions `caller` may not read (session:read on the
/// session's node).
fn readable(caller: &Caller, sessions: &mut Vec<Session>) -> bool {
    caller.filter(sessions, |s| {
        caller.may(Resource::Session, &s.node, Need::Read)
    })
}

/// PERMISSION_DENIED unless `caller` may write sessions of the node of
/// session `id` (an unknown session needs nothing: there is nothing to do).
fn may_write_session(ctx: &ServerContext, caller: &Caller, id: &str) -> Result<(), Status> {
    if let Some(s) = session::get(ctx.state.engine(), id)
        .map_err(|e| e.to_status())?
        .0
    {
        caller.require(Resource::Session, &s.node, Need::Write)?;
    }
    Ok(())
}

/// The UUID namespace of session IDs derived from request ids.
const SESSION_ID_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5a5e_5510_7e57_4b1d_9c3a_0f17_d00d_cafe);

impl SessionApi {
    async fn list_sessions(
        &self,
        options: Option<&QueryOptions>,
        node: Option<String>,
        caller: &Caller,
    ) -> Result<(Vec<Session>, roster_proto::common::v1::QueryMeta), Status> {
        let (mut sessions, mut meta) = blocking_query(
            &self.ctx,
            options,
            WatchTarget::Table(TABLE_SESSIONS),
            move |view| session::list(view, node.as_deref()),
        )
        .await?;
        meta.results_filtered_by_acls = readable(caller, &mut sessions);
        Ok((sessions, meta))
    }
}

#[tonic::async_trait]
impl SessionService for SessionApi {
    #[tracing::instrument(skip_all)]
    async fn create(
        &self,
        request: Request<CreateRequest>,
    ) -> Result<Response<CreateResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let request_id = request_id(req.write_options.as_ref())?;
        let session = prepare(req, new_id(&request_id), self.ctx.session_ttl_min)?;
        caller.require(Resource::Session, &session.node, Need::Write)?;
        // Checked against the leader's state; applying checks again.
        forward::ensure_leader(&self.ctx).await?;
        if let Some(problem) =
            session::create_problem(self.ctx.state.engine(), &session).map_err(|e| e.to_status())?
        {
            return Err(ErrorKind::Refused.status(problem));
        }
        let id = session.id.clone();
        let data = encode_request(
            Command::SessionCreate(SessionCreate {
                session: Some(session.clone()),
            }),
            request_id,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        if !outcome.success {
            let problem = session::create_problem(self.ctx.state.engine(), &session)
                .map_err(|e| e.to_status())?
                .unwrap_or_else(|| format!("Session {id:?} could not be created"));
            return Err(ErrorKind::Refused.status(problem));
        }
        Ok(Response::new(CreateResponse {
            index: outcome.index,
            id,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn destroy(
        &self,
        request: Request<DestroyRequest>,
    ) -> Result<Response<DestroyResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_id(&req.id)?;
        may_write_session(&self.ctx, &caller, &req.id)?;
        let request_id = request_id(req.write_options.as_ref())?;
        let data = encode_request(
            Command::SessionDestroy(SessionDestroy { id: req.id }),
            request_id,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        Ok(Response::new(DestroyResponse {
            index: outcome.index,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn info(&self, request: Request<InfoRequest>) -> Result<Response<InfoResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_id(&req.id)?;
        let id = req.id.clone();
        let (session, mut meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_SESSIONS),
            move |view| session::get(view, &id),
        )
        .await?;
        let mut found: Vec<Session> = session.into_iter().collect();
        meta.results_filtered_by_acls = readable(&caller, &mut found);
        let session = found.pop();
        Ok(Response::new(InfoResponse {
            query_meta: Some(meta),
            session,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn node_sessions(
        &self,
        request: Request<NodeSessionsRequest>,
    ) -> Result<Response<NodeSessionsResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        if req.node.is_empty() {
            return Err(ErrorKind::InvalidArgument.status("Missing node name"));
        }
        let (sessions, meta) = self
            .list_sessions(req.query_options.as_ref(), Some(req.node), &caller)
            .await?;
        Ok(Response::new(NodeSessionsResponse {
            query_meta: Some(meta),
            sessions,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list(&self, request: Request<ListRequest>) -> Result<Response<ListResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        let (sessions, meta) = self
            .list_sessions(req.query_options.as_ref(), None, &caller)
            .await?;
        Ok(Response::new(ListResponse {
            query_meta: Some(meta),
            sessions,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn renew(
        &self,
        request: Request<RenewRequest>,
    ) -> Result<Response<RenewResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        let caller = caller(&self.ctx.acl, &request, token).await?;
        let req = request.into_inner();
        check_id(&req.id)?;
        may_write_session(&self.ctx, &caller, &req.id)?;
        // The leader holds the timers; it reads its own current state.
        forward::ensure_leader(&self.ctx).await?;
        let Some(session) = session::get(self.ctx.state.engine(), &req.id)
            .map_err(|e| e.to_status())?
            .0
        else {
            return Err(ErrorKind::NotFound.status(format!("Session id '{}' not found", req.id)));
        };
        if let Ok(Some(ttl)) = parse_ttl(&session.ttl) {
            self.ctx.sessions.renew(&session.id, ttl);
        }
        Ok(Response::new(RenewResponse {
            session: Some(session),
        }))
    }

    type WatchSessionsStream = WatchStream;

    #[tracing::instrument(skip_all)]
    async fn watch_sessions(
        &self,
        request: Request<WatchSessionsRequest>,
    ) -> Result<Response<WatchStream>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let token = self.ctx.acl.token_of(request.metadata(), token);
        let req = request.into_inner();
        confirm_watch(&self.ctx, req.query_options.as_ref()).await?;
        let ctx = self.ctx.clone();
        let node = (!req.node.is_empty()).then_some(req.node);
        let stream = watch(req.query_options.unwrap_or_default(), move |options| {
            let (api, node, token) = (SessionApi { ctx: ctx.clone() }, node.clone(), token.clone());
            async move {
                let caller = api.ctx.acl.caller_for(&token).await?;
                let (sessions, meta) = api.list_sessions(Some(&options), node, &caller).await?;
                let index = meta.index;
                Ok((
                    WatchSessionsResponse {
                        query_meta: Some(meta),
                        sessions,
                    },
                    index,
                ))
            }
        });
        Ok(Response::new(Box::pin(stream)))
    }
}

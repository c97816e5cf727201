//! `roster.agent.v1.LocalStateService`: this agent's own services and
//! checks ([`crate::agent::local`]). Answered by every agent itself.

use std::sync::Arc;

use roster_proto::{
    agent::v1::{
        DeregisterCheckRequest, DeregisterCheckResponse, DeregisterServiceRequest,
        DeregisterServiceResponse, ListChecksRequest, ListChecksResponse, ListServicesRequest,
        ListServicesResponse, RegisterCheckRequest, RegisterCheckResponse, RegisterServiceRequest,
        RegisterServiceResponse, SetMaintenanceRequest, SetMaintenanceResponse, UpdateCheckRequest,
        UpdateCheckResponse, WatchLocalStateRequest, WatchLocalStateResponse,
        local_state_service_server::{LocalStateService, LocalStateServiceServer},
    },
    catalog::v1::HealthStatus,
    status::{ErrorKind, HasErrorKind as _},
};
use tonic::{Request, Response, Status};

use crate::{
    acl::{
        Need, Resource,
        resolver::{AclResolver, Caller},
    },
    agent::local::LocalState,
    filter::{Field, Filter, views},
};

/// A filter expression parsed against `schema` (none when empty).
fn parse_filter(text: &str, schema: fn() -> Field) -> Result<Option<Filter>, Status> {
    if text.is_empty() {
        return Ok(None);
    }
    Filter::parse(text, &schema())
        .map(Some)
        .map_err(|e| ErrorKind::InvalidArgument.status(e))
}

/// The local state service.
pub struct LocalApi {
    local: Arc<LocalState>,
    acl: Arc<AclResolver>,
}

/// The tonic service for the routes.
pub fn service(local: Arc<LocalState>, acl: Arc<AclResolver>) -> LocalStateServiceServer<LocalApi> {
    LocalStateServiceServer::new(LocalApi { local, acl })
}

impl LocalApi {
    /// The name a permission is checked on for something of service
    /// `service_id` (empty: the node): the node, or the service's name.
    fn target(&self, service_id: &str) -> (Resource, String) {
        if service_id.is_empty() {
            return (Resource::Node, self.local.node().node.clone());
        }
        let name = self
            .local
            .snapshot()
            .services
            .get(&service_id.to_lowercase())
            .map_or_else(|| service_id.to_string(), |s| s.service.service.clone());
        (Resource::Service, name)
    }

    /// PERMISSION_DENIED unless `caller` may write what an existing check
    /// `check_id` belongs to (a registration that reuses its ID replaces
    /// it); nothing for an unknown ID.
    fn may_replace_check(&self, caller: &Caller, check_id: &str) -> Result<(), Status> {
        if self
            .local
            .snapshot()
            .checks
            .contains_key(&check_id.to_lowercase())
        {
            self.may_write_check(caller, check_id)?;
        }
        Ok(())
    }

    /// PERMISSION_DENIED unless `caller` may write what check `check_id`
    /// belongs to (an unknown check: its node).
    fn may_write_check(&self, caller: &Caller, check_id: &str) -> Result<(), Status> {
        let service_id = self
            .local
            .snapshot()
            .checks
            .get(&check_id.to_lowercase())
            .map(|c| c.check.service_id.clone())
            .unwrap_or_default();
        let (resource, name) = self.target(&service_id);
        caller.require(resource, &name, Need::Write)
    }
}

/// Whether `caller` may read check `c` of this agent.
fn may_read_check(caller: &Caller, c: &roster_proto::catalog::v1::HealthCheck) -> bool {
    caller.may(Resource::Node, &c.node, Need::Read)
        && (c.service_id.is_empty() || caller.may(Resource::Service, &c.service_name, Need::Read))
}

#[tonic::async_trait]
impl LocalStateService for LocalApi {
    async fn register_service(
        &self,
        request: Request<RegisterServiceRequest>,
    ) -> Result<Response<RegisterServiceResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let req = request.into_inner();
        let service = req
            .service
            .ok_or_else(|| ErrorKind::InvalidArgument.status("Missing service name"))?;
        caller.require(Resource::Service, &service.service, Need::Write)?;
        // Re-registering an ID (the name when none is given) under another
        // name needs that name too; so does reusing another's check ID.
        let id = if service.id.is_empty() {
            service.service.as_str()
        } else {
            service.id.as_str()
        };
        let (_, old) = self.target(id);
        if self
            .local
            .snapshot()
            .services
            .contains_key(&id.to_lowercase())
            && old != service.service
        {
            caller.require(Resource::Service, &old, Need::Write)?;
        }
        for check in &req.checks {
            self.may_replace_check(&caller, &check.check_id)?;
        }
        self.local
            .add_service(service, req.checks, req.replace_existing_checks)
            .map_err(|e| e.to_status())?;
        Ok(Response::new(RegisterServiceResponse {}))
    }

    async fn deregister_service(
        &self,
        request: Request<DeregisterServiceRequest>,
    ) -> Result<Response<DeregisterServiceResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let id = request.into_inner().service_id;
        let (_, name) = self.target(&id);
        caller.require(Resource::Service, &name, Need::Write)?;
        self.local.remove_service(&id).map_err(|e| e.to_status())?;
        Ok(Response::new(DeregisterServiceResponse {}))
    }

    async fn list_services(
        &self,
        request: Request<ListServicesRequest>,
    ) -> Result<Response<ListServicesResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let filter = parse_filter(&request.into_inner().filter, views::service_schema)?;
        let services = self
            .local
            .snapshot()
            .services
            .into_values()
            .map(|s| s.service)
            .filter(|s| caller.may(Resource::Service, &s.service, Need::Read))
            .filter(|s| {
                filter
                    .as_ref()
                    .is_none_or(|f| f.matches(&views::service(s)))
            })
            .collect();
        Ok(Response::new(ListServicesResponse {
            services,
            datacenter: self.local.node().datacenter.clone(),
        }))
    }

    async fn register_check(
        &self,
        request: Request<RegisterCheckRequest>,
    ) -> Result<Response<RegisterCheckResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let check = request
            .into_inner()
            .check
            .ok_or_else(|| ErrorKind::InvalidArgument.status("Missing check name"))?;
        let (resource, name) = self.target(&check.service_id);
        caller.require(resource, &name, Need::Write)?;
        self.may_replace_check(&caller, &check.check_id)?;
        self.local.add_check(check).map_err(|e| e.to_status())?;
        Ok(Response::new(RegisterCheckResponse {}))
    }

    async fn deregister_check(
        &self,
        request: Request<DeregisterCheckRequest>,
    ) -> Result<Response<DeregisterCheckResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let id = request.into_inner().check_id;
        self.may_write_check(&caller, &id)?;
        self.local.remove_check(&id).map_err(|e| e.to_status())?;
        Ok(Response::new(DeregisterCheckResponse {}))
    }

    async fn update_check(
        &self,
        request: Request<UpdateCheckRequest>,
    ) -> Result<Response<UpdateCheckResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let req = request.into_inner();
        self.may_write_check(&caller, &req.check_id)?;
        let status = match HealthStatus::try_from(req.status) {
            Ok(HealthStatus::Unspecified) | Err(_) => {
                return Err(ErrorKind::InvalidArgument
                    .status(format!("Invalid check status: {}", req.status)));
            }
            Ok(s) => s,
        };
        self.local
            .update_ttl(&req.check_id, status, &req.output)
            .map_err(|e| e.to_status())?;
        Ok(Response::new(UpdateCheckResponse {}))
    }

    async fn list_checks(
        &self,
        request: Request<ListChecksRequest>,
    ) -> Result<Response<ListChecksResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let filter = parse_filter(&request.into_inner().filter, views::check_schema)?;
        let checks = self
            .local
            .snapshot()
            .checks
            .into_values()
            .map(|c| c.check)
            .filter(|c| may_read_check(&caller, c))
            .filter(|c| filter.as_ref().is_none_or(|f| f.matches(&views::check(c))))
            .collect();
        Ok(Response::new(ListChecksResponse { checks }))
    }

    async fn set_maintenance(
        &self,
        request: Request<SetMaintenanceRequest>,
    ) -> Result<Response<SetMaintenanceResponse>, Status> {
        let caller = self.acl.caller(request.metadata(), "").await?;
        let req = request.into_inner();
        let (resource, name) = self.target(&req.service_id);
        caller.require(resource, &name, Need::Write)?;
        let service = (!req.service_id.is_empty()).then_some(req.service_id.as_str());
        self.local
            .set_maintenance(service, req.enable, &req.reason)
            .map_err(|e| e.to_status())?;
        Ok(Response::new(SetMaintenanceResponse {}))
    }

    type WatchLocalStateStream = std::pin::Pin<
        Box<dyn tokio_stream::Stream<Item = Result<WatchLocalStateResponse, Status>> + Send>,
    >;

    async fn watch_local_state(
        &self,
        request: Request<WatchLocalStateRequest>,
    ) -> Result<Response<Self::WatchLocalStateStream>, Status> {
        let acl = Arc::clone(&self.acl);
        let token = acl.token_of(request.metadata(), "");
        let local = Arc::clone(&self.local);
        let mut changes = local.subscribe();
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tokio::spawn(async move {
            loop {
                let version = *changes.borrow_and_update();
                let caller = match acl.caller_for(&token).await {
                    Ok(c) => c,
                    Err(status) => {
                        let _ = tx.send(Err(status)).await;
                        return;
                    }
                };
                let snapshot = local.snapshot();
                let response = WatchLocalStateResponse {
                    services: snapshot
                        .services
                        .into_values()
                        .map(|s| s.service)
                        .filter(|s| caller.may(Resource::Service, &s.service, Need::Read))
                        .collect(),
                    checks: snapshot
                        .checks
                        .into_values()
                        .map(|c| c.check)
                        .filter(|c| may_read_check(&caller, c))
                        .collect(),
                    version,
                };
                if tx.send(Ok(response)).await.is_err() {
                    return;
                }
                tokio::select! {
                    _ = tx.closed() => return,
                    changed = changes.changed() => if changed.is_err() { return },
                }
            }
        });
        Ok(Response::new(Box::pin(
            tokio_stream::wrappers::ReceiverStream::new(rx),
        )))
    }
}

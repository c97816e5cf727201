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
}

/// The tonic service for the routes.
pub fn service(local: Arc<LocalState>) -> LocalStateServiceServer<LocalApi> {
    LocalStateServiceServer::new(LocalApi { local })
}

#[tonic::async_trait]
impl LocalStateService for LocalApi {
    async fn register_service(
        &self,
        request: Request<RegisterServiceRequest>,
    ) -> Result<Response<RegisterServiceResponse>, Status> {
        let req = request.into_inner();
        let service = req
            .service
            .ok_or_else(|| ErrorKind::InvalidArgument.status("Missing service name"))?;
        self.local
            .add_service(service, req.checks, req.replace_existing_checks)
            .map_err(|e| e.to_status())?;
        Ok(Response::new(RegisterServiceResponse {}))
    }

    async fn deregister_service(
        &self,
        request: Request<DeregisterServiceRequest>,
    ) -> Result<Response<DeregisterServiceResponse>, Status> {
        self.local
            .remove_service(&request.into_inner().service_id)
            .map_err(|e| e.to_status())?;
        Ok(Response::new(DeregisterServiceResponse {}))
    }

    async fn list_services(
        &self,
        request: Request<ListServicesRequest>,
    ) -> Result<Response<ListServicesResponse>, Status> {
        let filter = parse_filter(&request.into_inner().filter, views::service_schema)?;
        let services = self
            .local
            .snapshot()
            .services
            .into_values()
            .map(|s| s.service)
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
        let check = request
            .into_inner()
            .check
            .ok_or_else(|| ErrorKind::InvalidArgument.status("Missing check name"))?;
        self.local.add_check(check).map_err(|e| e.to_status())?;
        Ok(Response::new(RegisterCheckResponse {}))
    }

    async fn deregister_check(
        &self,
        request: Request<DeregisterCheckRequest>,
    ) -> Result<Response<DeregisterCheckResponse>, Status> {
        self.local
            .remove_check(&request.into_inner().check_id)
            .map_err(|e| e.to_status())?;
        Ok(Response::new(DeregisterCheckResponse {}))
    }

    async fn update_check(
        &self,
        request: Request<UpdateCheckRequest>,
    ) -> Result<Response<UpdateCheckResponse>, Status> {
        let req = request.into_inner();
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
        let filter = parse_filter(&request.into_inner().filter, views::check_schema)?;
        let checks = self
            .local
            .snapshot()
            .checks
            .into_values()
            .map(|c| c.check)
            .filter(|c| filter.as_ref().is_none_or(|f| f.matches(&views::check(c))))
            .collect();
        Ok(Response::new(ListChecksResponse { checks }))
    }

    async fn set_maintenance(
        &self,
        request: Request<SetMaintenanceRequest>,
    ) -> Result<Response<SetMaintenanceResponse>, Status> {
        let req = request.into_inner();
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
        _request: Request<WatchLocalStateRequest>,
    ) -> Result<Response<Self::WatchLocalStateStream>, Status> {
        let local = Arc::clone(&self.local);
        let mut changes = local.subscribe();
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tokio::spawn(async move {
            loop {
                let version = *changes.borrow_and_update();
                let snapshot = local.snapshot();
                let response = WatchLocalStateResponse {
                    services: snapshot.services.into_values().map(|s| s.service).collect(),
                    checks: snapshot.checks.into_values().map(|c| c.check).collect(),
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

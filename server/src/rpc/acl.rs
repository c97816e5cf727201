//! `roster.acl.v1.AclService`: tokens, policies, roles and the bootstrap.
//! Consul: `/v1/acl/`.
//!
//! Every call first needs ACLs on (else `AclDisabled`, HTTP 401 "ACL
//! support disabled"), then the caller's `acl:read` (reads) or `acl:write`
//! (writes) — except `Bootstrap` (anyone, once), `TokenSelf` and `Resolve`
//! (the secret is the credential). Writes are checked on the leader against
//! its current state, then applied through Raft, where the state-dependent
//! checks run again (`state::acl`); reads are blocking queries on the
//! tables.

use std::{collections::HashSet, path::PathBuf, sync::Arc, time::Duration};

use roster_proto::{
    acl::v1::{
        BootstrapRequest, BootstrapResponse, CloneTokenRequest, CloneTokenResponse,
        CreatePolicyRequest, CreatePolicyResponse, CreateRoleRequest, CreateRoleResponse,
        CreateTokenRequest, CreateTokenResponse, DeletePolicyRequest, DeletePolicyResponse,
        DeleteRoleRequest, DeleteRoleResponse, DeleteTokenRequest, DeleteTokenResponse,
        ListPoliciesRequest, ListPoliciesResponse, ListRolesRequest, ListRolesResponse,
        ListTokensRequest, ListTokensResponse, NodeIdentity, Policy, PolicyLink, ReadPolicyRequest,
        ReadPolicyResponse, ReadRoleRequest, ReadRoleResponse, ReadTokenRequest, ReadTokenResponse,
        ResolveRequest, ResolveResponse, Role, RoleLink, ServiceIdentity, Token, TokenSelfRequest,
        TokenSelfResponse, UpdatePolicyRequest, UpdatePolicyResponse, UpdateRoleRequest,
        UpdateRoleResponse, UpdateTokenRequest, UpdateTokenResponse,
        acl_service_server::{AclService, AclServiceServer},
    },
    common::v1::{QueryOptions, WriteOptions},
    raft::v1::{
        AclBootstrap, AclPolicyDelete, AclPolicySet, AclRoleDelete, AclRoleSet, AclTokenDelete,
        AclTokenSet, command::Command,
    },
    status::{ErrorKind, HasErrorKind as _},
};
use tonic::{Request, Response, Status};

use super::{ServerContext, blocking::blocking_query, forward, request_id};
use crate::{
    acl::{
        Global, Need, Rules,
        resolver::{AclResolver, Caller, expired, resolve_local},
    },
    state::{
        WatchTarget,
        acl::{
            ANONYMOUS_ACCESSOR, GLOBAL_MANAGEMENT_ID, TABLE_ACL_POLICIES, TABLE_ACL_ROLES,
            TABLE_ACL_TOKENS, fill_policy_links, fill_token_links, policy_problem, role_problem,
            token_problem,
        },
        encode_request,
    },
    storage::{AclTables as _, Source, StorageError, Tables as _},
};

/// The file in a server's data dir that allows a second bootstrap: it holds
/// the reset index the refusal named (Consul's `acl-bootstrap-reset`).
pub const BOOTSTRAP_RESET_FILE: &str = "acl-bootstrap-reset";

/// Shortest and longest lifetime a token may be given (Consul's
/// `acl.token_min_expiration_ttl` / `token_max_expiration_ttl` defaults).
const MIN_TOKEN_TTL: Duration = Duration::from_secs(60);
const MAX_TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);

/// What a secret shown to a caller without `acl:write` reads as.
pub const REDACTED: &str = "<hidden>";

/// The ACL service.
pub struct AclApi {
    ctx: ServerContext,
    acl: Arc<AclResolver>,
    data_dir: PathBuf,
}

/// The tonic service type.
pub type Service = AclServiceServer<AclApi>;

/// The tonic service for the routes; `data_dir` is where the bootstrap
/// reset file is looked for.
pub fn service(ctx: ServerContext, acl: Arc<AclResolver>, data_dir: PathBuf) -> Service {
    AclServiceServer::new(AclApi { ctx, acl, data_dir })
}

fn invalid(message: impl Into<String>) -> Status {
    ErrorKind::InvalidArgument.status(message)
}

fn not_found() -> Status {
    ErrorKind::AclNotFound.status("ACL not found")
}

fn state_err(e: crate::state::StateError) -> Status {
    e.to_status()
}

fn storage_err(e: StorageError) -> Status {
    state_err(e.into())
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

fn valid_policy_name(name: &str, max: usize) -> bool {
    !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Consul's identity names: lowercase letters, digits, `-` and `_`, not
/// starting or ending with `-` or `_`, at most 256.
fn valid_identity_name(name: &str) -> bool {
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !name.is_empty()
        && name.len() <= 256
        && name.bytes().all(|b| ok(b) || b == b'-' || b == b'_')
        && ok(name.as_bytes()[0])
        && ok(name.as_bytes()[name.len() - 1])
}

/// IDs with this prefix are Roster's and Consul's built-ins.
fn reserved_id(id: &str) -> bool {
    id.starts_with("00000000-0000-0000-0000-0000000000")
}

/// A new random UUID no token, policy or role uses as an ID or secret.
fn fresh_uuid(view: &impl Source) -> Result<String, Status> {
    loop {
        let id = uuid::Uuid::new_v4().to_string();
        if reserved_id(&id) {
            continue;
        }
        let used = view.acl_token(&id).map_err(storage_err)?.is_some()
            || view
                .acl_token_by_secret(&id)
                .map_err(storage_err)?
                .is_some()
            || view.acl_policy(&id).map_err(storage_err)?.is_some()
            || view.acl_role(&id).map_err(storage_err)?.is_some();
        if !used {
            return Ok(id);
        }
    }
}

/// The IDs that links name, each once: a link gives an ID (which must
/// exist) or a name (looked up); `what` is "policy" or "role" for Consul's
/// messages.
fn resolve_links<'a>(
    what: &str,
    links: impl Iterator<Item = (&'a str, &'a str)>,
    exists: impl Fn(&str) -> Result<bool, StorageError>,
    by_name: impl Fn(&str) -> Result<Option<String>, StorageError>,
) -> Result<Vec<String>, Status> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (id, name) in links {
        let id = if !id.is_empty() {
            if !exists(id).map_err(storage_err)? {
                return Err(invalid(format!("No such ACL {what} with ID {id:?}")));
            }
            id.to_string()
        } else if name.is_empty() {
            return Err(invalid(format!("A {what} link needs an ID or a Name")));
        } else {
            by_name(name)
                .map_err(storage_err)?
                .ok_or_else(|| invalid(format!("No such ACL {what} with name {name:?}")))?
        };
        if seen.insert(id.clone()) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Policy links by ID, names looked up, each once.
fn resolve_policy_links(
    view: &impl Source,
    links: &[PolicyLink],
) -> Result<Vec<PolicyLink>, Status> {
    let ids = resolve_links(
        "policy",
        links.iter().map(|l| (l.id.as_str(), l.name.as_str())),
        |id| Ok(view.acl_policy(id)?.is_some()),
        |name| Ok(view.acl_policy_by_name(name)?.map(|p| p.id)),
    )?;
    Ok(ids
        .into_iter()
        .map(|id| PolicyLink {
            id,
            name: String::new(),
        })
        .collect())
}

/// Role links by ID, names looked up, each once.
fn resolve_role_links(view: &impl Source, links: &[RoleLink]) -> Result<Vec<RoleLink>, Status> {
    let ids = resolve_links(
        "role",
        links.iter().map(|l| (l.id.as_str(), l.name.as_str())),
        |id| Ok(view.acl_role(id)?.is_some()),
        |name| Ok(view.acl_role_by_name(name)?.map(|r| r.id)),
    )?;
    Ok(ids
        .into_iter()
        .map(|id| RoleLink {
            id,
            name: String::new(),
        })
        .collect())
}

/// Checks and dedupes identities (`what`: "token" or "role").
fn check_identities(
    services: &mut Vec<ServiceIdentity>,
    nodes: &mut Vec<NodeIdentity>,
    local: bool,
    what: &str,
) -> Result<(), Status> {
    for s in services.iter() {
        if s.service_name.is_empty() {
            return Err(invalid(format!(
                "Service identity is missing the service name field on this {what}"
            )));
        }
        if local && !s.datacenters.is_empty() {
            return Err(invalid(format!(
                "Service identity {:?} cannot specify a list of datacenters on a local token",
                s.service_name
            )));
        }
        if !valid_identity_name(&s.service_name) {
            return Err(invalid(format!(
                "Service identity {:?} has an invalid name. Only lowercase alphanumeric characters, '-' and '_' are allowed",
                s.service_name
            )));
        }
    }
    for n in nodes.iter() {
        if n.node_name.is_empty() {
            return Err(invalid(format!(
                "Node identity is missing the node name field on this {what}"
            )));
        }
        if n.datacenter.is_empty() {
            return Err(invalid(format!(
                "Node identity is missing the datacenter field on this {what}"
            )));
        }
        if !valid_identity_name(&n.node_name) {
            return Err(invalid(
                "Node identity has an invalid name. Only lowercase alphanumeric characters, '-' and '_' are allowed",
            ));
        }
    }
    // One entry per service, datacenters merged; one per node and dc.
    let mut merged: Vec<ServiceIdentity> = Vec::new();
    for s in services.drain(..) {
        match merged.iter_mut().find(|m| m.service_name == s.service_name) {
            Some(m) if m.datacenters.is_empty() || s.datacenters.is_empty() => {
                m.datacenters.clear()
            }
            Some(m) => {
                for dc in s.datacenters {
                    if !m.datacenters.contains(&dc) {
                        m.datacenters.push(dc);
                    }
                }
            }
            None => merged.push(s),
        }
    }
    *services = merged;
    let mut seen = HashSet::new();
    nodes.retain(|n| seen.insert((n.node_name.clone(), n.datacenter.clone())));
    Ok(())
}

/// The rules checked before a policy is stored (Consul's message).
fn check_rules(rules: &str) -> Result<(), Status> {
    Rules::parse(rules)
        .map(|_| ())
        .map_err(|e| invalid(format!("Failed to parse policy: {e}")))
}

impl AclApi {
    fn enabled(&self) -> Result<(), Status> {
        if self.acl.enabled() {
            Ok(())
        } else {
            Err(ErrorKind::AclDisabled.status("ACL support disabled"))
        }
    }

    /// The caller, who must hold `need` on `acl`.
    async fn require<T>(
        &self,
        request: &Request<T>,
        token: &str,
        need: Need,
    ) -> Result<Caller, Status> {
        self.enabled()?;
        let caller = self.acl.caller(request.metadata(), token).await?;
        if !caller.authz().allows_global(Global::Acl, need) {
            let permission = if need == Need::Write {
                "acl:write"
            } else {
                "acl:read"
            };
            return Err(caller.denied(permission, None));
        }
        Ok(caller)
    }

    fn reset_index_file(&self) -> Option<u64> {
        let path = self.data_dir.join(BOOTSTRAP_RESET_FILE);
        let text = std::fs::read_to_string(&path).ok()?;
        match text.trim().parse() {
            Ok(index) => Some(index),
            Err(_) => {
                tracing::error!(path = %path.display(), "the ACL bootstrap reset file does not hold an index");
                None
            }
        }
    }

    /// Validates and completes a token to create; IDs are checked against
    /// the leader's state.
    fn prepare_create(&self, mut t: Token) -> Result<Token, Status> {
        let view = self.ctx.state.engine();
        if t.accessor_id.is_empty() {
            t.accessor_id = fresh_uuid(view)?;
        } else if !is_uuid(&t.accessor_id) {
            return Err(invalid("Invalid Token: AccessorID is not a valid UUID"));
        } else if reserved_id(&t.accessor_id) {
            return Err(invalid(
                "Invalid Token: UUIDs with the prefix \"00000000-0000-0000-0000-0000000000\" are reserved",
            ));
        } else if view
            .acl_token(&t.accessor_id)
            .map_err(storage_err)?
            .is_some()
            || view
                .acl_token_by_secret(&t.accessor_id)
                .map_err(storage_err)?
                .is_some()
        {
            return Err(invalid("Invalid Token: AccessorID is already in use"));
        }
        if t.secret_id.is_empty() {
            t.secret_id = fresh_uuid(view)?;
        } else if !is_uuid(&t.secret_id) {
            return Err(invalid("Invalid Token: SecretID is not a valid UUID"));
        } else if reserved_id(&t.secret_id) {
            return Err(invalid(
                "Invalid Token: UUIDs with the prefix \"00000000-0000-0000-0000-0000000000\" are reserved",
            ));
        } else if view
            .acl_token_by_secret(&t.secret_id)
            .map_err(storage_err)?
            .is_some()
            || view.acl_token(&t.secret_id).map_err(storage_err)?.is_some()
        {
            return Err(invalid("Invalid Token: SecretID is already in use"));
        }
        t.create_time_unix_ns = crate::acl::resolver::now_unix_ns();
        if t.expiration_ttl_ns != 0 {
            if t.expiration_time_unix_ns != 0 {
                return Err(invalid(
                    "Token Expiration TTL and Expiration Time cannot both be set",
                ));
            }
            t.expiration_time_unix_ns = t
                .create_time_unix_ns
                .saturating_add(i64::try_from(t.expiration_ttl_ns).unwrap_or(i64::MAX));
            t.expiration_ttl_ns = 0;
        }
        if t.expiration_time_unix_ns != 0 {
            if t.expiration_time_unix_ns < t.create_time_unix_ns {
                return Err(invalid("ExpirationTime cannot be before CreateTime"));
            }
            let lifetime =
                Duration::from_nanos((t.expiration_time_unix_ns - t.create_time_unix_ns) as u64);
            if lifetime > MAX_TOKEN_TTL {
                return Err(invalid(format!(
                    "ExpirationTime cannot be more than {} in the future (was {})",
                    roster_proto::common::format_go_duration(MAX_TOKEN_TTL),
                    roster_proto::common::format_go_duration(lifetime)
                )));
            }
            if lifetime < MIN_TOKEN_TTL {
                return Err(invalid(format!(
                    "ExpirationTime cannot be less than {} in the future (was {})",
                    roster_proto::common::format_go_duration(MIN_TOKEN_TTL),
                    roster_proto::common::format_go_duration(lifetime)
                )));
            }
        }
        self.finish_token(t)
    }

    /// Links and identities checked and resolved; create index and hash
    /// cleared (set when applied).
    fn finish_token(&self, mut t: Token) -> Result<Token, Status> {
        let view = self.ctx.state.engine();
        t.policies = resolve_policy_links(view, &t.policies)?;
        t.roles = resolve_role_links(view, &t.roles)?;
        check_identities(
            &mut t.service_identities,
            &mut t.node_identities,
            t.local,
            "token",
        )?;
        t.hash.clear();
        t.create_index = 0;
        t.modify_index = 0;
        Ok(t)
    }

    /// Proposes a token write and answers the token as stored.
    async fn store_token(
        &self,
        token: Token,
        options: Option<&WriteOptions>,
        must_exist: bool,
    ) -> Result<Token, Status> {
        let accessor = token.accessor_id.clone();
        let data = encode_request(
            Command::AclTokenSet(Box::new(AclTokenSet {
                token: Some(token.clone()),
                if_absent: false,
                must_exist,
            })),
            request_id(options)?,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        let view = self.ctx.state.engine();
        if !outcome.success {
            let problem = token_problem(view, &token)
                .map_err(state_err)?
                .unwrap_or_else(|| format!("Cannot find token {accessor:?}"));
            return Err(invalid(problem));
        }
        let mut stored = view
            .acl_token(&accessor)
            .map_err(storage_err)?
            .ok_or_else(|| {
                ErrorKind::Internal.status("Failed to retrieve the token after insertion")
            })?;
        fill_token_links(view, &mut stored).map_err(state_err)?;
        Ok(stored)
    }

    async fn store_policy(
        &self,
        policy: Policy,
        options: Option<&WriteOptions>,
        must_exist: bool,
    ) -> Result<Policy, Status> {
        let id = policy.id.clone();
        let data = encode_request(
            Command::AclPolicySet(Box::new(AclPolicySet {
                policy: Some(policy.clone()),
                if_absent: false,
                must_exist,
            })),
            request_id(options)?,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        let view = self.ctx.state.engine();
        if !outcome.success {
            let problem = policy_problem(view, &policy)
                .map_err(state_err)?
                .unwrap_or_else(|| format!("cannot find policy {id}"));
            return Err(invalid(problem));
        }
        view.acl_policy(&id).map_err(storage_err)?.ok_or_else(|| {
            ErrorKind::Internal.status("Failed to retrieve the policy after insertion")
        })
    }

    async fn store_role(
        &self,
        role: Role,
        options: Option<&WriteOptions>,
        must_exist: bool,
    ) -> Result<Role, Status> {
        let id = role.id.clone();
        let data = encode_request(
            Command::AclRoleSet(Box::new(AclRoleSet {
                role: Some(role.clone()),
                must_exist,
            })),
            request_id(options)?,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        let view = self.ctx.state.engine();
        if !outcome.success {
            let problem = role_problem(view, &role)
                .map_err(state_err)?
                .unwrap_or_else(|| format!("cannot find role {id}"));
            return Err(invalid(problem));
        }
        let mut stored = view.acl_role(&id).map_err(storage_err)?.ok_or_else(|| {
            ErrorKind::Internal.status("Failed to retrieve the role after insertion")
        })?;
        fill_policy_links(view, &mut stored.policies).map_err(state_err)?;
        Ok(stored)
    }

    /// Validates a policy to store (`create`: its ID is new).
    fn prepare_policy(&self, mut p: Policy, create: bool) -> Result<Policy, Status> {
        let view = self.ctx.state.engine();
        if p.name.is_empty() {
            return Err(invalid("Invalid Policy: no Name is set"));
        }
        if !valid_policy_name(&p.name, 128) {
            return Err(invalid(
                "Invalid Policy: invalid Name. Only alphanumeric characters, '-' and '_' are allowed",
            ));
        }
        if create {
            if p.id.is_empty() {
                p.id = fresh_uuid(view)?;
            } else if !is_uuid(&p.id) {
                return Err(invalid("Policy ID invalid UUID"));
            } else if reserved_id(&p.id) || view.acl_policy(&p.id).map_err(storage_err)?.is_some() {
                return Err(invalid("Invalid Policy: ID is already in use"));
            }
        } else {
            if !is_uuid(&p.id) {
                return Err(invalid("Policy ID invalid UUID"));
            }
            let Some(old) = view.acl_policy(&p.id).map_err(storage_err)? else {
                return Err(invalid(format!("cannot find policy {}", p.id)));
            };
            if p.id == GLOBAL_MANAGEMENT_ID {
                if !p.datacenters.is_empty() {
                    return Err(invalid(
                        "Changing the Datacenters of the builtin global-management policy is not permitted",
                    ));
                }
                if p.rules != old.rules {
                    return Err(invalid(
                        "Changing the Rules for the builtin global-management policy is not permitted",
                    ));
                }
            }
        }
        if let Some(problem) = policy_problem(view, &p).map_err(state_err)? {
            return Err(invalid(problem));
        }
        check_rules(&p.rules)?;
        p.hash.clear();
        p.create_index = 0;
        p.modify_index = 0;
        Ok(p)
    }

    fn prepare_role(&self, mut r: Role, create: bool) -> Result<Role, Status> {
        let view = self.ctx.state.engine();
        if r.name.is_empty() {
            return Err(invalid("Invalid Role: no Name is set"));
        }
        if !valid_policy_name(&r.name, 256) {
            return Err(invalid(
                "Invalid Role: invalid Name. Only alphanumeric characters, '-' and '_' are allowed",
            ));
        }
        if create {
            if r.id.is_empty() {
                r.id = fresh_uuid(view)?;
            } else if !is_uuid(&r.id) {
                return Err(invalid("Role ID invalid UUID"));
            } else if view.acl_role(&r.id).map_err(storage_err)?.is_some() {
                return Err(invalid("Invalid Role: ID is already in use"));
            }
        } else {
            if !is_uuid(&r.id) {
                return Err(invalid("Role ID invalid UUID"));
            }
            if view.acl_role(&r.id).map_err(storage_err)?.is_none() {
                return Err(invalid(format!("cannot find role {}", r.id)));
            }
        }
        r.policies = resolve_policy_links(view, &r.policies)?;
        check_identities(
            &mut r.service_identities,
            &mut r.node_identities,
            false,
            "role",
        )?;
        if let Some(problem) = role_problem(view, &r).map_err(state_err)? {
            return Err(invalid(problem));
        }
        r.hash.clear();
        r.create_index = 0;
        r.modify_index = 0;
        Ok(r)
    }
}

/// A token as `caller` may see it: the secret hidden without `acl:write`.
fn shown(mut t: Token, caller: &Caller) -> Token {
    if !caller.authz().allows_global(Global::Acl, Need::Write) {
        t.secret_id = REDACTED.to_string();
    }
    t
}

fn write_token(options: Option<&WriteOptions>) -> &str {
    options.map_or("", |o| o.token.as_str())
}

fn query_token(options: Option<&QueryOptions>) -> &str {
    options.map_or("", |o| o.token.as_str())
}

#[tonic::async_trait]
impl AclService for AclApi {
    #[tracing::instrument(skip_all)]
    async fn bootstrap(
        &self,
        request: Request<BootstrapRequest>,
    ) -> Result<Response<BootstrapResponse>, Status> {
        self.enabled()?;
        let req = request.into_inner();
        super::check_datacenter(
            self.acl.datacenter(),
            req.write_options
                .as_ref()
                .map_or("", |o| o.datacenter.as_str()),
        )?;
        forward::ensure_leader(&self.ctx).await?;
        let view = self.ctx.state.engine();
        let mut reset_index = 0;
        if let Some(done) = view.acl_bootstrap_index().map_err(storage_err)? {
            match self.reset_index_file() {
                Some(given) if given == done => reset_index = done,
                Some(given) => {
                    return Err(ErrorKind::PermissionDenied.status(format!(
                        "Permission denied: Invalid bootstrap reset index (specified {given}, reset index: {done})"
                    )));
                }
                None => {
                    return Err(ErrorKind::PermissionDenied.status(format!(
                        "Permission denied: ACL bootstrap no longer allowed (reset index: {done})"
                    )));
                }
            }
            // Used once, whatever happens next: a snapshot restored later
            // must not find it still there.
            let _ = std::fs::remove_file(self.data_dir.join(BOOTSTRAP_RESET_FILE));
        }
        // The policy the token links to, if the leader has not made it yet.
        if view
            .acl_policy(GLOBAL_MANAGEMENT_ID)
            .map_err(storage_err)?
            .is_none()
        {
            let config = crate::config::acl::AclConfig {
                enabled: true,
                ..crate::config::acl::AclConfig::default()
            };
            for command in crate::leader::acl::missing(view, &config).map_err(state_err)? {
                if matches!(command, Command::AclPolicySet(_)) {
                    forward::apply(&self.ctx, crate::state::encode_command(command)).await?;
                }
            }
        }
        let secret = if req.bootstrap_secret.is_empty() {
            fresh_uuid(view)?
        } else if !is_uuid(&req.bootstrap_secret) {
            return Err(invalid("BootstrapSecret is not a valid UUID"));
        } else if view
            .acl_token_by_secret(&req.bootstrap_secret)
            .map_err(storage_err)?
            .is_some()
        {
            return Err(invalid("Invalid Token: SecretID is already in use"));
        } else {
            req.bootstrap_secret.clone()
        };
        let token = Token {
            accessor_id: fresh_uuid(view)?,
            secret_id: secret,
            description: "Bootstrap Token (Global Management)".into(),
            policies: vec![PolicyLink {
                id: GLOBAL_MANAGEMENT_ID.into(),
                name: String::new(),
            }],
            create_time_unix_ns: crate::acl::resolver::now_unix_ns(),
            ..Token::default()
        };
        let accessor = token.accessor_id.clone();
        let data = encode_request(
            Command::AclBootstrap(Box::new(AclBootstrap {
                token: Some(token),
                reset_index,
            })),
            String::new(),
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        if !outcome.success {
            let done = view
                .acl_bootstrap_index()
                .map_err(storage_err)?
                .unwrap_or(0);
            return Err(ErrorKind::PermissionDenied.status(format!(
                "Permission denied: ACL bootstrap no longer allowed (reset index: {done})"
            )));
        }
        let mut token = view
            .acl_token(&accessor)
            .map_err(storage_err)?
            .ok_or_else(|| ErrorKind::Internal.status("bootstrap token missing after apply"))?;
        fill_token_links(view, &mut token).map_err(state_err)?;
        tracing::info!("ACL bootstrap completed");
        Ok(Response::new(BootstrapResponse { token: Some(token) }))
    }

    #[tracing::instrument(skip_all)]
    async fn create_token(
        &self,
        request: Request<CreateTokenRequest>,
    ) -> Result<Response<CreateTokenResponse>, Status> {
        let token = request
            .get_ref()
            .write_options
            .as_ref()
            .map(|o| o.token.clone())
            .unwrap_or_default();
        self.require(&request, &token, Need::Write).await?;
        let req = request.into_inner();
        forward::ensure_leader(&self.ctx).await?;
        let t = self.prepare_create(req.token.unwrap_or_default())?;
        let stored = self
            .store_token(t, req.write_options.as_ref(), false)
            .await?;
        Ok(Response::new(CreateTokenResponse {
            token: Some(stored),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn update_token(
        &self,
        request: Request<UpdateTokenRequest>,
    ) -> Result<Response<UpdateTokenResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        let mut t = req.token.unwrap_or_default();
        if !is_uuid(&t.accessor_id) {
            return Err(invalid("AccessorID is not a valid UUID"));
        }
        forward::ensure_leader(&self.ctx).await?;
        let view = self.ctx.state.engine();
        let Some(old) = view
            .acl_token(&t.accessor_id)
            .map_err(storage_err)?
            .filter(|o| !expired(o))
        else {
            return Err(invalid(format!("Cannot find token {:?}", t.accessor_id)));
        };
        if t.secret_id.is_empty() {
            t.secret_id = old.secret_id.clone();
        } else if t.secret_id != old.secret_id {
            return Err(invalid("Changing a tokens SecretID is not permitted"));
        }
        if t.local != old.local {
            return Err(invalid(format!(
                "cannot toggle local mode of {}",
                t.accessor_id
            )));
        }
        if t.expiration_ttl_ns != 0
            || (t.expiration_time_unix_ns != 0
                && t.expiration_time_unix_ns != old.expiration_time_unix_ns)
        {
            return Err(invalid(format!(
                "Cannot change expiration time of {}",
                t.accessor_id
            )));
        }
        t.expiration_time_unix_ns = old.expiration_time_unix_ns;
        t.create_time_unix_ns = old.create_time_unix_ns;
        let t = self.finish_token(t)?;
        let stored = self
            .store_token(t, req.write_options.as_ref(), true)
            .await?;
        Ok(Response::new(UpdateTokenResponse {
            token: Some(stored),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn read_token(
        &self,
        request: Request<ReadTokenRequest>,
    ) -> Result<Response<ReadTokenResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = self.require(&request, token, Need::Read).await?;
        let req = request.into_inner();
        let id = req.accessor_id.clone();
        let (found, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_TOKENS),
            move |view| {
                let mut t = view.acl_token(&id)?.filter(|t| !expired(t));
                if let Some(t) = t.as_mut() {
                    fill_token_links(view, t)?;
                }
                Ok((t, view.table_index(TABLE_ACL_TOKENS)?.max(1)))
            },
        )
        .await?;
        let token = found.ok_or_else(not_found)?;
        Ok(Response::new(ReadTokenResponse {
            query_meta: Some(meta),
            token: Some(shown(token, &caller)),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn token_self(
        &self,
        request: Request<TokenSelfRequest>,
    ) -> Result<Response<TokenSelfResponse>, Status> {
        self.enabled()?;
        let body = query_token(request.get_ref().query_options.as_ref()).to_string();
        let mut secret = crate::acl::resolver::request_secret(request.metadata(), &body);
        if secret.is_empty() {
            secret = self.acl.default_token().unwrap_or_default();
        }
        if secret.is_empty() {
            return Err(not_found());
        }
        let req = request.into_inner();
        let (found, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_TOKENS),
            move |view| {
                let mut t = view.acl_token_by_secret(&secret)?.filter(|t| !expired(t));
                if let Some(t) = t.as_mut() {
                    fill_token_links(view, t)?;
                }
                Ok((t, view.table_index(TABLE_ACL_TOKENS)?.max(1)))
            },
        )
        .await?;
        Ok(Response::new(TokenSelfResponse {
            query_meta: Some(meta),
            token: Some(found.ok_or_else(not_found)?),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn clone_token(
        &self,
        request: Request<CloneTokenRequest>,
    ) -> Result<Response<CloneTokenResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        if !is_uuid(&req.accessor_id) {
            return Err(invalid("AccessorID is not a valid UUID"));
        }
        forward::ensure_leader(&self.ctx).await?;
        let view = self.ctx.state.engine();
        let Some(source) = view
            .acl_token(&req.accessor_id)
            .map_err(storage_err)?
            .filter(|t| !expired(t))
        else {
            return Err(not_found());
        };
        let mut copy = Token {
            description: if req.description.is_empty() {
                source.description.clone()
            } else {
                req.description.clone()
            },
            policies: source.policies.clone(),
            roles: source.roles.clone(),
            service_identities: source.service_identities.clone(),
            node_identities: source.node_identities.clone(),
            local: source.local,
            ..Token::default()
        };
        copy.accessor_id = fresh_uuid(view)?;
        copy.secret_id = fresh_uuid(view)?;
        copy.create_time_unix_ns = crate::acl::resolver::now_unix_ns();
        copy.expiration_time_unix_ns = source.expiration_time_unix_ns;
        let copy = self.finish_token(copy)?;
        let stored = self
            .store_token(copy, req.write_options.as_ref(), false)
            .await?;
        Ok(Response::new(CloneTokenResponse {
            token: Some(stored),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn delete_token(
        &self,
        request: Request<DeleteTokenRequest>,
    ) -> Result<Response<DeleteTokenResponse>, Status> {
        let body = write_token(request.get_ref().write_options.as_ref()).to_string();
        let caller = self.require(&request, &body, Need::Write).await?;
        let secret = crate::acl::resolver::request_secret(request.metadata(), &body);
        let req = request.into_inner();
        if !is_uuid(&req.accessor_id) {
            return Err(invalid("Accessor ID is missing or an invalid UUID"));
        }
        if req.accessor_id == ANONYMOUS_ACCESSOR {
            return Err(invalid(
                "Delete operation not permitted on the anonymous token",
            ));
        }
        if caller.identity.accessor_id == req.accessor_id && !secret.is_empty() {
            return Err(invalid(
                "Deletion of the request's authorization token is not permitted",
            ));
        }
        let data = encode_request(
            Command::AclTokenDelete(AclTokenDelete {
                accessor_id: req.accessor_id,
            }),
            request_id(req.write_options.as_ref())?,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        Ok(Response::new(DeleteTokenResponse {
            index: outcome.index,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_tokens(
        &self,
        request: Request<ListTokensRequest>,
    ) -> Result<Response<ListTokensResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        let caller = self.require(&request, token, Need::Read).await?;
        let req = request.into_inner();
        let (policy, role) = (req.policy.clone(), req.role.clone());
        let (tokens, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_TOKENS),
            move |view| {
                let mut out = Vec::new();
                view.acl_tokens(|t| {
                    let wanted = !expired(&t)
                        && (policy.is_empty() || t.policies.iter().any(|l| l.id == policy))
                        && (role.is_empty() || t.roles.iter().any(|l| l.id == role));
                    if wanted {
                        out.push(t);
                    }
                    Ok(true)
                })?;
                for t in &mut out {
                    fill_token_links(view, t)?;
                }
                Ok((out, view.table_index(TABLE_ACL_TOKENS)?.max(1)))
            },
        )
        .await?;
        let tokens = tokens.into_iter().map(|t| shown(t, &caller)).collect();
        Ok(Response::new(ListTokensResponse {
            query_meta: Some(meta),
            tokens,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn create_policy(
        &self,
        request: Request<CreatePolicyRequest>,
    ) -> Result<Response<CreatePolicyResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        forward::ensure_leader(&self.ctx).await?;
        let p = self.prepare_policy(req.policy.unwrap_or_default(), true)?;
        let stored = self
            .store_policy(p, req.write_options.as_ref(), false)
            .await?;
        Ok(Response::new(CreatePolicyResponse {
            policy: Some(stored),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn update_policy(
        &self,
        request: Request<UpdatePolicyRequest>,
    ) -> Result<Response<UpdatePolicyResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        forward::ensure_leader(&self.ctx).await?;
        let p = self.prepare_policy(req.policy.unwrap_or_default(), false)?;
        let stored = self
            .store_policy(p, req.write_options.as_ref(), true)
            .await?;
        Ok(Response::new(UpdatePolicyResponse {
            policy: Some(stored),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn read_policy(
        &self,
        request: Request<ReadPolicyRequest>,
    ) -> Result<Response<ReadPolicyResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        self.require(&request, token, Need::Read).await?;
        let req = request.into_inner();
        if req.id.is_empty() && req.name.is_empty() {
            return Err(invalid("Missing policy ID"));
        }
        let (id, name) = (req.id.clone(), req.name.clone());
        let (found, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_POLICIES),
            move |view| {
                let p = if id.is_empty() {
                    view.acl_policy_by_name(&name)?
                } else {
                    view.acl_policy(&id)?
                };
                Ok((p, view.table_index(TABLE_ACL_POLICIES)?.max(1)))
            },
        )
        .await?;
        Ok(Response::new(ReadPolicyResponse {
            query_meta: Some(meta),
            policy: Some(found.ok_or_else(not_found)?),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn delete_policy(
        &self,
        request: Request<DeletePolicyRequest>,
    ) -> Result<Response<DeletePolicyResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        if !is_uuid(&req.id) {
            return Err(invalid("Policy ID is missing or an invalid UUID"));
        }
        if req.id == GLOBAL_MANAGEMENT_ID {
            return Err(invalid(
                "Delete operation not permitted on the builtin global-management policy",
            ));
        }
        let data = encode_request(
            Command::AclPolicyDelete(AclPolicyDelete { id: req.id }),
            request_id(req.write_options.as_ref())?,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        Ok(Response::new(DeletePolicyResponse {
            index: outcome.index,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_policies(
        &self,
        request: Request<ListPoliciesRequest>,
    ) -> Result<Response<ListPoliciesResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        self.require(&request, token, Need::Read).await?;
        let req = request.into_inner();
        let (policies, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_POLICIES),
            move |view| {
                let mut out = Vec::new();
                view.acl_policies(|mut p| {
                    p.rules.clear();
                    out.push(p);
                    Ok(true)
                })?;
                Ok((out, view.table_index(TABLE_ACL_POLICIES)?.max(1)))
            },
        )
        .await?;
        Ok(Response::new(ListPoliciesResponse {
            query_meta: Some(meta),
            policies,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn create_role(
        &self,
        request: Request<CreateRoleRequest>,
    ) -> Result<Response<CreateRoleResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        forward::ensure_leader(&self.ctx).await?;
        let r = self.prepare_role(req.role.unwrap_or_default(), true)?;
        let stored = self
            .store_role(r, req.write_options.as_ref(), false)
            .await?;
        Ok(Response::new(CreateRoleResponse { role: Some(stored) }))
    }

    #[tracing::instrument(skip_all)]
    async fn update_role(
        &self,
        request: Request<UpdateRoleRequest>,
    ) -> Result<Response<UpdateRoleResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        forward::ensure_leader(&self.ctx).await?;
        let r = self.prepare_role(req.role.unwrap_or_default(), false)?;
        let stored = self.store_role(r, req.write_options.as_ref(), true).await?;
        Ok(Response::new(UpdateRoleResponse { role: Some(stored) }))
    }

    #[tracing::instrument(skip_all)]
    async fn read_role(
        &self,
        request: Request<ReadRoleRequest>,
    ) -> Result<Response<ReadRoleResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        self.require(&request, token, Need::Read).await?;
        let req = request.into_inner();
        if req.id.is_empty() && req.name.is_empty() {
            return Err(invalid("Missing role ID"));
        }
        let (id, name) = (req.id.clone(), req.name.clone());
        let (found, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_ROLES),
            move |view| {
                let mut r = if id.is_empty() {
                    view.acl_role_by_name(&name)?
                } else {
                    view.acl_role(&id)?
                };
                if let Some(r) = r.as_mut() {
                    fill_policy_links(view, &mut r.policies)?;
                }
                Ok((r, view.table_index(TABLE_ACL_ROLES)?.max(1)))
            },
        )
        .await?;
        Ok(Response::new(ReadRoleResponse {
            query_meta: Some(meta),
            role: Some(found.ok_or_else(not_found)?),
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn delete_role(
        &self,
        request: Request<DeleteRoleRequest>,
    ) -> Result<Response<DeleteRoleResponse>, Status> {
        let token = write_token(request.get_ref().write_options.as_ref());
        self.require(&request, token, Need::Write).await?;
        let req = request.into_inner();
        if !is_uuid(&req.id) {
            return Err(invalid("Role ID is missing or an invalid UUID"));
        }
        let data = encode_request(
            Command::AclRoleDelete(AclRoleDelete { id: req.id }),
            request_id(req.write_options.as_ref())?,
        );
        let outcome = forward::apply(&self.ctx, data).await?;
        Ok(Response::new(DeleteRoleResponse {
            index: outcome.index,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn list_roles(
        &self,
        request: Request<ListRolesRequest>,
    ) -> Result<Response<ListRolesResponse>, Status> {
        let token = query_token(request.get_ref().query_options.as_ref());
        self.require(&request, token, Need::Read).await?;
        let req = request.into_inner();
        let policy = req.policy.clone();
        let (roles, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_ROLES),
            move |view| {
                let mut out = Vec::new();
                view.acl_roles(|r| {
                    if policy.is_empty() || r.policies.iter().any(|l| l.id == policy) {
                        out.push(r);
                    }
                    Ok(true)
                })?;
                for r in &mut out {
                    fill_policy_links(view, &mut r.policies)?;
                }
                Ok((out, view.table_index(TABLE_ACL_ROLES)?.max(1)))
            },
        )
        .await?;
        Ok(Response::new(ListRolesResponse {
            query_meta: Some(meta),
            roles,
        }))
    }

    #[tracing::instrument(skip_all)]
    async fn resolve(
        &self,
        request: Request<ResolveRequest>,
    ) -> Result<Response<ResolveResponse>, Status> {
        self.enabled()?;
        let req = request.into_inner();
        if req.secret_id.is_empty() {
            return Err(not_found());
        }
        let secret = req.secret_id.clone();
        let (found, meta) = blocking_query(
            &self.ctx,
            req.query_options.as_ref(),
            WatchTarget::Table(TABLE_ACL_TOKENS),
            move |view| {
                let index = view
                    .table_index(TABLE_ACL_TOKENS)?
                    .max(view.table_index(TABLE_ACL_POLICIES)?)
                    .max(view.table_index(TABLE_ACL_ROLES)?)
                    .max(1);
                Ok((resolve_local(view, &secret)?, index))
            },
        )
        .await?;
        let mut response = found.ok_or_else(not_found)?.into_response();
        response.query_meta = Some(meta);
        Ok(Response::new(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_policy_names_follow_consuls_patterns() {
        for ok in ["web", "web-1", "a_b", "x"] {
            assert!(valid_identity_name(ok), "{ok}");
        }
        for bad in ["", "Web", "-web", "web-", "_x", "a.b", &"a".repeat(257)] {
            assert!(!valid_identity_name(bad), "{bad}");
        }
        assert!(valid_policy_name("Readers-1_x", 128));
        assert!(!valid_policy_name("a b", 128));
        assert!(!valid_policy_name(&"a".repeat(129), 128));
        assert!(valid_policy_name(&"a".repeat(256), 256));
    }

    #[test]
    fn identities_are_checked_and_merged() {
        let si = |name: &str, dcs: &[&str]| ServiceIdentity {
            service_name: name.into(),
            datacenters: dcs.iter().map(|d| d.to_string()).collect(),
        };
        let mut services = vec![si("web", &["dc1"]), si("web", &["dc2"]), si("db", &[])];
        let mut nodes = vec![
            NodeIdentity {
                node_name: "n1".into(),
                datacenter: "dc1".into(),
            };
            2
        ];
        check_identities(&mut services, &mut nodes, false, "token").unwrap();
        assert_eq!(services, vec![si("web", &["dc1", "dc2"]), si("db", &[])]);
        assert_eq!(nodes.len(), 1);

        let mut local = vec![si("web", &["dc1"])];
        let e = check_identities(&mut local, &mut Vec::new(), true, "token").unwrap_err();
        assert!(e.message().contains("local token"), "{}", e.message());
        let mut nameless = vec![NodeIdentity {
            node_name: "n1".into(),
            datacenter: String::new(),
        }];
        let e = check_identities(&mut Vec::new(), &mut nameless, false, "token").unwrap_err();
        assert!(e.message().contains("datacenter"), "{}", e.message());
    }

    #[test]
    fn bad_rules_are_refused_with_consuls_prefix() {
        let e = check_rules(r#"key "a" { policy = "rw" }"#).unwrap_err();
        assert_eq!(e.code(), tonic::Code::InvalidArgument);
        assert!(
            e.message().starts_with("Failed to parse policy: "),
            "{}",
            e.message()
        );
        check_rules(r#"key_prefix "" { policy = "read" }"#).unwrap();
    }
}

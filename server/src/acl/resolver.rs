//! Token resolution on every agent: a request's secret becomes an
//! [`Identity`] (its accessor and its [`Authorizer`]).
//!
//! Where the secret comes from, first non-empty: the request body's token
//! (`QueryOptions.token`, `WriteOptions.token`: the HTTP gateway fills it
//! from `?token`, `X-Consul-Token` and `Authorization: Bearer`), gRPC
//! metadata `x-consul-token`, gRPC metadata `authorization: Bearer <secret>`,
//! the agent's `acl.tokens.default`, and last the anonymous token.
//!
//! A server resolves from its own state (as Consul's servers do), and keeps
//! what it resolved until an ACL table changes (the hub's ACL generation).
//! A client agent asks a server (`AclService.Resolve`, stale allowed) and
//! keeps the answer for `acl.token_ttl`; when no server answers,
//! `acl.down_policy` decides: `extend-cache` and `async-cache` use what it
//! kept however old (an unknown token is denied), `allow` allows
//! everything, `deny` nothing.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
    time::Instant,
};

use roster_proto::{
    acl::v1::{
        NodeIdentity, Policy, ResolveRequest, ResolveResponse, ServiceIdentity, Token,
        acl_service_client::AclServiceClient,
    },
    common::v1::{Consistency, QueryOptions},
    status::{ErrorKind, HasErrorKind as _},
};
use serde_json::json;
use tonic::metadata::MetadataMap;

use super::{Authorizer, Global, Need, Resource, Rules};
use crate::{
    config::acl::{AclConfig, DownPolicy},
    state::{
        StateMachine,
        acl::{ANONYMOUS_SECRET, GLOBAL_MANAGEMENT_ID, fill_token_links, token_policies},
    },
    storage::AclTables as _,
};

/// The file in the data dir that keeps tokens set through the API.
pub const PERSISTED_TOKENS: &str = "acl-tokens.json";

/// What [`PERSISTED_TOKENS`] holds (Consul's keys).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct PersistedTokens {
    #[serde(skip_serializing_if = "Option::is_none")]
    agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_recovery: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replication: Option<String>,
}

/// The longest secret looked up; anything longer is not a token.
const MAX_SECRET: usize = 256;

/// Resolved tokens kept at most; past this the cache is emptied.
const MAX_CACHED: usize = 16_384;

/// Who a request acts as.
#[derive(Debug)]
pub struct Identity {
    /// The token's accessor ID (empty for the agent's own recovery token
    /// and when ACLs are off).
    pub accessor_id: String,
    /// When the token expires (nanoseconds since the epoch; 0: never).
    pub expires_unix_ns: i64,
    /// What it may do.
    pub authorizer: Authorizer,
}

/// The identity of one request, and whether it presented a token (lists
/// filtered for a request without one do not say so, Consul's rule).
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who.
    pub identity: Arc<Identity>,
    /// The request carried a token of its own.
    pub presented: bool,
}

impl Caller {
    /// The caller's authority.
    pub fn authz(&self) -> &Authorizer {
        &self.identity.authorizer
    }

    /// Whether the caller may `need` `name` of `resource`.
    pub fn may(&self, resource: Resource, name: &str, need: Need) -> bool {
        self.authz().allows(resource, name, need)
    }

    /// PERMISSION_DENIED unless the caller may `need` `name` of `resource`.
    pub fn require(&self, resource: Resource, name: &str, need: Need) -> Result<(), tonic::Status> {
        if self.may(resource, name, need) {
            Ok(())
        } else {
            Err(self.denied(
                &format!("{}:{}", resource.name(), need_word(need)),
                Some(name),
            ))
        }
    }

    /// PERMISSION_DENIED unless the caller may `need` on `global`.
    pub fn require_global(&self, global: Global, need: Need) -> Result<(), tonic::Status> {
        if self.authz().allows_global(global, need) {
            Ok(())
        } else {
            Err(self.denied(&format!("{}:{}", global.name(), need_word(need)), None))
        }
    }

    /// Keeps the items `keep` allows; returns whether the reply should say
    /// results were filtered (something was left out, and the request
    /// presented a token: Consul never says so to anonymous requests).
    pub fn filter<T>(&self, items: &mut Vec<T>, keep: impl FnMut(&T) -> bool) -> bool {
        let before = items.len();
        items.retain(keep);
        self.presented && items.len() != before
    }

    /// The error for a permission this caller lacks, Consul's text.
    pub fn denied(&self, permission: &str, name: Option<&str>) -> tonic::Status {
        let on = name.map(|n| format!(" on {n:?}")).unwrap_or_default();
        let who = if self.identity.accessor_id == crate::state::acl::ANONYMOUS_ACCESSOR {
            format!(
                "anonymous token lacks permission '{permission}'{on}. The anonymous token is used \
                 implicitly when a request does not specify a token."
            )
        } else {
            format!(
                "token with AccessorID '{}' lacks permission '{permission}'{on}",
                self.identity.accessor_id
            )
        };
        ErrorKind::PermissionDenied.status(format!("Permission denied: {who}"))
    }
}

/// The secret a request carries, and whether it carried one itself.
#[derive(Clone)]
pub struct RequestToken {
    secret: String,
    presented: bool,
}

impl std::fmt::Debug for RequestToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestToken")
            .field("presented", &self.presented)
            .finish_non_exhaustive()
    }
}

/// What a secret resolved to, before its rules are read.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// The token, links named.
    pub token: Token,
    /// Its policies, directly and through roles.
    pub policies: Vec<Policy>,
    /// Service identities of the token and its roles.
    pub service_identities: Vec<ServiceIdentity>,
    /// Node identities of the token and its roles.
    pub node_identities: Vec<NodeIdentity>,
}

impl Resolved {
    /// The wire form.
    pub fn into_response(self) -> ResolveResponse {
        ResolveResponse {
            query_meta: None,
            token: Some(self.token),
            policies: self.policies,
            service_identities: self.service_identities,
            node_identities: self.node_identities,
        }
    }

    fn from_response(r: ResolveResponse) -> Resolved {
        Resolved {
            token: r.token.unwrap_or_default(),
            policies: r.policies,
            service_identities: r.service_identities,
            node_identities: r.node_identities,
        }
    }
}

/// Now, in nanoseconds since the Unix epoch (token create and expiry times).
pub fn now_unix_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(i64::MAX)
}

/// Whether a token's expiration time has passed.
pub fn expired(token: &Token) -> bool {
    token.expiration_time_unix_ns > 0 && token.expiration_time_unix_ns <= now_unix_ns()
}

/// Resolves `secret` from a server's state: `None` for an unknown or
/// expired token.
pub fn resolve_local(
    view: &impl crate::storage::Source,
    secret: &str,
) -> Result<Option<Resolved>, crate::state::StateError> {
    let Some(mut token) = view.acl_token_by_secret(secret)? else {
        return Ok(None);
    };
    if expired(&token) {
        return Ok(None);
    }
    let policies = token_policies(view, &token)?;
    let mut service_identities = token.service_identities.clone();
    let mut node_identities = token.node_identities.clone();
    for link in &token.roles {
        if let Some(role) = view.acl_role(&link.id)? {
            service_identities.extend(role.service_identities);
            node_identities.extend(role.node_identities);
        }
    }
    fill_token_links(view, &mut token)?;
    Ok(Some(Resolved {
        token,
        policies,
        service_identities,
        node_identities,
    }))
}

/// The rules a service identity stands for (Consul's templated policy).
fn service_identity_rules(name: &str) -> serde_json::Value {
    json!({
        "service": {
            name: {"policy": "write"},
            format!("{name}-sidecar-proxy"): {"policy": "write"},
        },
        "service_prefix": {"": {"policy": "read"}},
        "node_prefix": {"": {"policy": "read"}},
    })
}

/// The rules a node identity stands for.
fn node_identity_rules(name: &str) -> serde_json::Value {
    json!({
        "node": {name: {"policy": "write"}},
        "service_prefix": {"": {"policy": "read"}},
    })
}

/// The authority of what `resolved` carries in `datacenter`.
pub fn authorizer_of(
    resolved: &Resolved,
    datacenter: &str,
    default_allow: bool,
) -> Result<Authorizer, tonic::Status> {
    let here = |dcs: &[String]| dcs.is_empty() || dcs.iter().any(|d| d == datacenter);
    if resolved
        .policies
        .iter()
        .any(|p| p.id == GLOBAL_MANAGEMENT_ID && here(&p.datacenters))
    {
        return Ok(Authorizer::management());
    }
    let mut rules = Rules::default();
    let broken = |what: &str, e: super::RulesError| {
        ErrorKind::Internal.status(format!("stored ACL {what} does not parse: {e}"))
    };
    for p in resolved.policies.iter().filter(|p| here(&p.datacenters)) {
        rules.merge(&Rules::parse(&p.rules).map_err(|e| broken(&p.name, e))?);
    }
    for si in resolved
        .service_identities
        .iter()
        .filter(|s| here(&s.datacenters))
    {
        let r = Rules::from_value(&service_identity_rules(&si.service_name))
            .map_err(|e| broken("service identity", e))?;
        rules.merge(&r);
    }
    for ni in resolved
        .node_identities
        .iter()
        .filter(|n| n.datacenter == datacenter)
    {
        let r = Rules::from_value(&node_identity_rules(&ni.node_name))
            .map_err(|e| broken("node identity", e))?;
        rules.merge(&r);
    }
    Ok(Authorizer::new(rules, default_allow))
}

/// Where tokens are looked up.
enum Source {
    /// A server's own state.
    Local(StateMachine),
    /// A client agent's servers, through the agent's routes (set once they
    /// are built).
    Remote(OnceLock<tonic::service::Routes>),
}

struct Cached {
    at: Instant,
    generation: u64,
    /// When the token expires (nanoseconds since the epoch; 0: never): a
    /// kept identity past it is not used.
    expires_unix_ns: i64,
    /// `None`: the secret is no token (kept on servers only).
    identity: Option<Arc<Identity>>,
}

/// Resolves and caches tokens for one agent.
pub struct AclResolver {
    config: AclConfig,
    /// The agent's tokens: from the configuration, then the persisted
    /// ones, then `SetToken`.
    tokens: std::sync::RwLock<crate::config::acl::AclTokens>,
    /// Where `SetToken` keeps them (`acl.enable_token_persistence`).
    persist_to: OnceLock<std::path::PathBuf>,
    datacenter: String,
    node_name: String,
    source: Source,
    cache: Mutex<HashMap<String, Cached>>,
    allow_all: Arc<Identity>,
    down_allow: Arc<Identity>,
    deny_all: Arc<Identity>,
}

/// The secret a request carries (see the module docs), or empty.
pub fn request_secret(metadata: &MetadataMap, body_token: &str) -> String {
    if !body_token.is_empty() {
        return body_token.to_string();
    }
    let text = |key: &str| {
        metadata
            .get(key)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .unwrap_or("")
    };
    let token = text("x-consul-token");
    if !token.is_empty() {
        return token.to_string();
    }
    let mut words = text("authorization").split(' ');
    if words.next() == Some("Bearer")
        && let Some(secret) = words.find(|w| !w.is_empty())
    {
        return secret.to_string();
    }
    String::new()
}

impl AclResolver {
    fn new(config: AclConfig, datacenter: String, node_name: String, source: Source) -> Self {
        let identity = |allow: bool| {
            Arc::new(Identity {
                accessor_id: String::new(),
                expires_unix_ns: 0,
                authorizer: Authorizer::new(Rules::default(), allow),
            })
        };
        AclResolver {
            tokens: std::sync::RwLock::new(config.tokens.clone()),
            persist_to: OnceLock::new(),
            config,
            datacenter,
            node_name,
            source,
            cache: Mutex::default(),
            allow_all: Arc::new(Identity {
                accessor_id: String::new(),
                expires_unix_ns: 0,
                authorizer: Authorizer::management(),
            }),
            // What `down_policy = "allow"` grants: every rule, but never ACL
            // management (as the default policy never does).
            down_allow: identity(true),
            deny_all: identity(false),
        }
    }

    /// A server's resolver, over its state.
    pub fn local(
        config: AclConfig,
        datacenter: String,
        node_name: String,
        state: StateMachine,
    ) -> Self {
        AclResolver::new(config, datacenter, node_name, Source::Local(state))
    }

    /// A client agent's resolver; [`AclResolver::set_routes`] before use.
    pub fn remote(config: AclConfig, datacenter: String, node_name: String) -> Self {
        AclResolver::new(
            config,
            datacenter,
            node_name,
            Source::Remote(OnceLock::new()),
        )
    }

    /// Gives a client agent's resolver the routes that reach its servers.
    pub fn set_routes(&self, routes: tonic::service::Routes) {
        if let Source::Remote(slot) = &self.source {
            let _ = slot.set(routes);
        }
    }

    /// Whether this is a client agent's resolver (it asks the servers).
    pub fn is_client(&self) -> bool {
        matches!(self.source, Source::Remote(_))
    }

    /// Whether ACLs are on.
    pub fn enabled(&self) -> bool {
        self.config.enabled
    }

    /// The agent's tokens now.
    pub fn tokens(&self) -> crate::config::acl::AclTokens {
        self.tokens.read().expect("acl tokens").clone()
    }

    /// The token for requests that carry none (`acl.tokens.default`).
    pub fn default_token(&self) -> Option<String> {
        self.tokens.read().expect("acl tokens").default.clone()
    }

    /// The token of the agent's own calls: `agent`, else `default`.
    pub fn agent_token(&self) -> Option<String> {
        let tokens = self.tokens.read().expect("acl tokens");
        tokens.agent.clone().or_else(|| tokens.default.clone())
    }

    /// With `acl.enable_token_persistence`: reads the tokens kept in
    /// `data_dir` (they win over the configuration's, as in Consul) and
    /// keeps later changes there.
    pub fn persist_tokens_in(&self, data_dir: &std::path::Path) -> Result<(), String> {
        if !self.config.enable_token_persistence {
            return Ok(());
        }
        let path = data_dir.join(PERSISTED_TOKENS);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let kept: PersistedTokens = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let mut guard = self.tokens.write().expect("acl tokens");
                let tokens = &mut *guard;
                for (slot, value) in [
                    (&mut tokens.agent, kept.agent),
                    (&mut tokens.default, kept.default),
                    (&mut tokens.agent_recovery, kept.agent_recovery),
                    (&mut tokens.replication, kept.replication),
                ] {
                    if let Some(v) = value {
                        *slot = (!v.is_empty()).then_some(v);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
        let _ = self.persist_to.set(path);
        Ok(())
    }

    /// Replaces one of the agent's tokens (empty clears it), and keeps it
    /// if tokens persist.
    pub fn set_token(
        &self,
        kind: roster_proto::agent::v1::TokenKind,
        secret: String,
    ) -> Result<(), tonic::Status> {
        use roster_proto::agent::v1::TokenKind as K;
        let value = (!secret.is_empty()).then_some(secret);
        let snapshot = {
            let mut tokens = self.tokens.write().expect("acl tokens");
            match kind {
                K::Default => tokens.default = value,
                K::Agent => tokens.agent = value,
                K::AgentRecovery => tokens.agent_recovery = value,
                K::Replication => tokens.replication = value,
                K::Unspecified => {
                    return Err(ErrorKind::InvalidArgument.status("Unknown token type"));
                }
            }
            tokens.clone()
        };
        // Identities resolved with the recovery token are not cached; the
        // rest do not depend on these tokens.
        if let Some(path) = self.persist_to.get() {
            let kept = PersistedTokens {
                agent: snapshot.agent.clone(),
                default: snapshot.default.clone(),
                agent_recovery: snapshot.agent_recovery.clone(),
                replication: snapshot.replication.clone(),
            };
            let bytes =
                serde_json::to_vec(&kept).map_err(|e| ErrorKind::Internal.status(e.to_string()))?;
            crate::files::write_durably(path, &bytes).map_err(|e| {
                ErrorKind::Internal.status(format!("Failed to persist the token: {e}"))
            })?;
        }
        Ok(())
    }

    /// The agent's datacenter.
    pub fn datacenter(&self) -> &str {
        &self.datacenter
    }

    /// Who a request acts as. With ACLs off, everyone may do everything.
    pub async fn caller(
        &self,
        metadata: &MetadataMap,
        body_token: &str,
    ) -> Result<Caller, tonic::Status> {
        if !self.config.enabled {
            // The hot path without ACLs: no header read, no allocation.
            return Ok(Caller {
                identity: Arc::clone(&self.allow_all),
                presented: false,
            });
        }
        self.caller_for(&self.token_of(metadata, body_token)).await
    }

    /// The token a request carries, or the one it stands for when it
    /// carries none (the agent's default token, else the anonymous one).
    pub fn token_of(&self, metadata: &MetadataMap, body_token: &str) -> RequestToken {
        let secret = request_secret(metadata, body_token);
        if !secret.is_empty() {
            // The anonymous secret (a client agent passing on a call that
            // had no token) is no token of the caller's own.
            let presented = secret != ANONYMOUS_SECRET;
            return RequestToken { secret, presented };
        }
        RequestToken {
            secret: self
                .default_token()
                .unwrap_or_else(|| ANONYMOUS_SECRET.to_string()),
            presented: false,
        }
    }

    /// Who a request with `token` acts as, now (a watch stream asks again
    /// for every round, so a deleted token stops it).
    pub async fn caller_for(&self, token: &RequestToken) -> Result<Caller, tonic::Status> {
        if !self.config.enabled {
            return Ok(Caller {
                identity: Arc::clone(&self.allow_all),
                presented: false,
            });
        }
        Ok(Caller {
            identity: self.resolve(&token.secret).await?,
            presented: token.presented,
        })
    }

    /// The identity a secret stands for: AclNotFound ("ACL not found") for
    /// an unknown or expired one.
    pub async fn resolve(&self, secret: &str) -> Result<Arc<Identity>, tonic::Status> {
        if !self.config.enabled {
            return Ok(Arc::clone(&self.allow_all));
        }
        let not_found = || ErrorKind::AclNotFound.status("ACL not found");
        if secret.is_empty() || secret.len() > MAX_SECRET {
            return Err(not_found());
        }
        let recovery = self.tokens().agent_recovery;
        if recovery
            .as_deref()
            .is_some_and(|r| constant_time_eq(r.as_bytes(), secret.as_bytes()))
        {
            return self.recovery_identity();
        }
        match &self.source {
            Source::Local(state) => {
                let generation = state.hub().acl_generation();
                if let Some(hit) = self.cached(secret, |c| c.generation == generation) {
                    return hit.ok_or_else(not_found);
                }
                let found = resolve_local(&state.engine().read_view(), secret)
                    .map_err(|e| e.to_status())?;
                let identity = match found {
                    Some(r) => Some(self.identity_of(&r)?),
                    None => None,
                };
                self.keep(secret, generation, identity.clone());
                identity.ok_or_else(not_found)
            }
            Source::Remote(routes) => {
                let ttl = self.config.token_ttl;
                if let Some(Some(hit)) = self.cached(secret, |c| c.at.elapsed() < ttl) {
                    return Ok(hit);
                }
                match self.ask_servers(routes, secret).await {
                    Ok(Some(resolved)) => {
                        let identity = self.identity_of(&resolved)?;
                        self.keep(secret, 0, Some(Arc::clone(&identity)));
                        Ok(identity)
                    }
                    Ok(None) => {
                        self.forget(secret);
                        Err(not_found())
                    }
                    Err(status) if servers_down(&status) => {
                        tracing::warn!(error = %status.message(), "cannot resolve an ACL token: servers unreachable; applying acl.down_policy");
                        match self.config.down_policy {
                            DownPolicy::Allow => Ok(Arc::clone(&self.down_allow)),
                            DownPolicy::Deny => Ok(Arc::clone(&self.deny_all)),
                            DownPolicy::ExtendCache | DownPolicy::AsyncCache => {
                                match self.cached(secret, |_| true) {
                                    Some(Some(kept)) => Ok(kept),
                                    _ => Ok(Arc::clone(&self.deny_all)),
                                }
                            }
                        }
                    }
                    Err(status) => Err(status),
                }
            }
        }
    }

    fn recovery_identity(&self) -> Result<Arc<Identity>, tonic::Status> {
        let rules = Rules::from_value(&json!({
            "agent": {self.node_name.as_str(): {"policy": "write"}},
            "node_prefix": {"": {"policy": "read"}},
        }))
        .map_err(|e| ErrorKind::Internal.status(e.to_string()))?;
        Ok(Arc::new(Identity {
            accessor_id: String::new(),
            expires_unix_ns: 0,
            authorizer: Authorizer::new(rules, false),
        }))
    }

    fn identity_of(&self, resolved: &Resolved) -> Result<Arc<Identity>, tonic::Status> {
        Ok(Arc::new(Identity {
            accessor_id: resolved.token.accessor_id.clone(),
            expires_unix_ns: resolved.token.expiration_time_unix_ns,
            authorizer: authorizer_of(resolved, &self.datacenter, self.config.default_allow)?,
        }))
    }

    fn cached(
        &self,
        secret: &str,
        fresh: impl FnOnce(&Cached) -> bool,
    ) -> Option<Option<Arc<Identity>>> {
        let cache = self.cache.lock().expect("acl cache");
        let entry = cache.get(secret)?;
        if entry.expires_unix_ns > 0 && entry.expires_unix_ns <= now_unix_ns() {
            return None;
        }
        fresh(entry).then(|| entry.identity.clone())
    }

    fn keep(&self, secret: &str, generation: u64, identity: Option<Arc<Identity>>) {
        let mut cache = self.cache.lock().expect("acl cache");
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        let expires_unix_ns = identity.as_ref().map_or(0, |i| i.expires_unix_ns);
        cache.insert(
            secret.to_string(),
            Cached {
                at: Instant::now(),
                generation,
                expires_unix_ns,
                identity,
            },
        );
    }

    fn forget(&self, secret: &str) {
        self.cache.lock().expect("acl cache").remove(secret);
    }

    async fn ask_servers(
        &self,
        routes: &OnceLock<tonic::service::Routes>,
        secret: &str,
    ) -> Result<Option<Resolved>, tonic::Status> {
        let Some(routes) = routes.get() else {
            return Err(ErrorKind::Unavailable.status("the agent is starting"));
        };
        let request = ResolveRequest {
            query_options: Some(QueryOptions {
                consistency: Consistency::Stale as i32,
                ..QueryOptions::default()
            }),
            secret_id: secret.to_string(),
        };
        match AclServiceClient::new(routes.clone()).resolve(request).await {
            Ok(r) => Ok(Some(Resolved::from_response(r.into_inner()))),
            Err(s) if ErrorKind::of_status(&s) == ErrorKind::AclNotFound => Ok(None),
            Err(s) => Err(s),
        }
    }
}

/// Consul's word for a need in permission errors.
fn need_word(need: Need) -> &'static str {
    match need {
        Need::Read => "read",
        Need::List => "list",
        Need::Write => "write",
    }
}

/// Whether an error means no server could answer (down_policy applies).
fn servers_down(status: &tonic::Status) -> bool {
    matches!(
        ErrorKind::of_status(status),
        ErrorKind::NoLeader | ErrorKind::Unavailable | ErrorKind::DeadlineExceeded
    )
}

/// Compares secrets without an early exit on the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests;

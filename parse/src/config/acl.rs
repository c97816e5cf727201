//! The `acl { ... }` block and Consul's older top-level ACL keys.
//!
//! ```hcl
//! acl {
//!   enabled = true
//!   default_policy = "deny"            # allow (default) | deny
//!   down_policy = "extend-cache"       # extend-cache (default) | async-cache | allow | deny
//!   enable_token_persistence = true
//!   token_ttl = "30s"
//!   tokens {
//!     initial_management = "<secret>"  # old name: master
//!     agent = "<secret>"
//!     default = "<secret>"
//!     agent_recovery = "<secret>"      # old name: agent_master
//!   }
//! }
//! ```
//!
//! Older names still read (a newer name wins when both are set):
//! `acl_master_token`, `acl_agent_token`, `acl_token`,
//! `acl_agent_master_token`, `acl_default_policy`, `acl_down_policy`,
//! `acl_ttl`.

use std::{collections::BTreeMap, time::Duration};

use serde::Deserialize;
use serde_json::Value;

use super::{ConfigError, invalid};

/// `acl.tokens { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct AclTokensFile {
    pub initial_management: Option<String>,
    pub master: Option<String>,
    pub agent: Option<String>,
    pub default: Option<String>,
    pub agent_recovery: Option<String>,
    pub agent_master: Option<String>,
    pub replication: Option<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// `acl { ... }`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct AclFile {
    pub enabled: Option<bool>,
    pub default_policy: Option<String>,
    pub down_policy: Option<String>,
    pub enable_token_persistence: Option<bool>,
    pub token_ttl: Option<String>,
    pub policy_ttl: Option<String>,
    pub role_ttl: Option<String>,
    pub enable_key_list_policy: Option<bool>,
    pub tokens: Option<AclTokensFile>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, Value>,
}

/// Consul's pre-1.4 top-level ACL keys.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct LegacyAclFile {
    pub acl_master_token: Option<String>,
    pub acl_agent_token: Option<String>,
    pub acl_token: Option<String>,
    pub acl_agent_master_token: Option<String>,
    pub acl_replication_token: Option<String>,
    pub acl_default_policy: Option<String>,
    pub acl_down_policy: Option<String>,
    pub acl_ttl: Option<String>,
}

impl AclFile {
    /// Merges `later` over `self`, key by key.
    pub fn merge(&mut self, later: AclFile) {
        take!(
            self,
            later,
            enabled,
            default_policy,
            down_policy,
            enable_token_persistence,
            token_ttl,
            policy_ttl,
            role_ttl,
            enable_key_list_policy
        );
        if let Some(t) = later.tokens {
            let dst = self.tokens.get_or_insert_with(Default::default);
            take!(
                dst,
                t,
                initial_management,
                master,
                agent,
                default,
                agent_recovery,
                agent_master,
                replication
            );
            dst.unknown.extend(t.unknown);
        }
        self.unknown.extend(later.unknown);
    }
}

impl LegacyAclFile {
    /// Merges `later` over `self`.
    pub fn merge(&mut self, later: LegacyAclFile) {
        take!(
            self,
            later,
            acl_master_token,
            acl_agent_token,
            acl_token,
            acl_agent_master_token,
            acl_replication_token,
            acl_default_policy,
            acl_down_policy,
            acl_ttl
        );
    }
}

/// What an agent does when it cannot resolve a token because no server
/// answers (Consul's `acl.down_policy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownPolicy {
    /// Use the cached result past its TTL; an unknown token is denied.
    ExtendCache,
    /// As `ExtendCache`, and a cached result past its TTL is answered at
    /// once while it is refreshed in the background.
    AsyncCache,
    /// Allow everything.
    Allow,
    /// Deny everything.
    Deny,
}

/// The tokens an agent holds (`acl.tokens`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AclTokens {
    /// The secret of the token the leader creates with global management
    /// (`initial_management`, old name `master`); servers only.
    pub initial_management: Option<String>,
    /// The agent's own token for its internal work (registering its node,
    /// anti-entropy, coordinates); `default` when unset.
    pub agent: Option<String>,
    /// The token for requests that carry none (else anonymous).
    pub default: Option<String>,
    /// A local secret that grants `agent:write` on this agent whatever the
    /// servers say (`agent_recovery`, old name `agent_master`).
    pub agent_recovery: Option<String>,
    /// The replication token (read, for secondary datacenters; kept only).
    pub replication: Option<String>,
}

impl std::fmt::Debug for AclTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |t: &Option<String>| t.as_ref().map(|_| "<hidden>");
        f.debug_struct("AclTokens")
            .field("initial_management", &shown(&self.initial_management))
            .field("agent", &shown(&self.agent))
            .field("default", &shown(&self.default))
            .field("agent_recovery", &shown(&self.agent_recovery))
            .field("replication", &shown(&self.replication))
            .finish()
    }
}

/// The validated ACL settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclConfig {
    /// ACLs are on.
    pub enabled: bool,
    /// Where no rule matches: allow (true) or deny.
    pub default_allow: bool,
    /// When servers cannot be reached.
    pub down_policy: DownPolicy,
    /// How long an agent keeps a resolved token (Consul: 30 s).
    pub token_ttl: Duration,
    /// Tokens set through `/v1/agent/token` are kept in the data dir.
    pub enable_token_persistence: bool,
    /// The agent's tokens.
    pub tokens: AclTokens,
}

impl Default for AclConfig {
    fn default() -> AclConfig {
        AclConfig {
            enabled: false,
            default_allow: true,
            down_policy: DownPolicy::ExtendCache,
            token_ttl: Duration::from_secs(30),
            enable_token_persistence: false,
            tokens: AclTokens::default(),
        }
    }
}

fn secret(value: Option<&String>) -> Option<String> {
    value.filter(|s| !s.is_empty()).cloned()
}

/// Builds the ACL settings from the merged files; warnings for deprecated
/// forms go to `warnings`.
pub fn build(
    acl: Option<&AclFile>,
    legacy: &LegacyAclFile,
    warnings: &mut Vec<String>,
) -> Result<AclConfig, ConfigError> {
    let empty = AclFile::default();
    let acl = acl.unwrap_or(&empty);
    let no_tokens = AclTokensFile::default();
    let tokens = acl.tokens.as_ref().unwrap_or(&no_tokens);
    let default_policy = acl
        .default_policy
        .as_ref()
        .or(legacy.acl_default_policy.as_ref());
    let default_allow = match default_policy.map(String::as_str) {
        None | Some("allow") => true,
        Some("deny") => false,
        Some(other) => {
            return Err(invalid(
                "acl.default_policy",
                format!("{other:?} is not one of \"allow\" or \"deny\""),
            ));
        }
    };
    let down = acl.down_policy.as_ref().or(legacy.acl_down_policy.as_ref());
    let down_policy = match down.map(String::as_str) {
        None | Some("extend-cache") => DownPolicy::ExtendCache,
        Some("async-cache") => DownPolicy::AsyncCache,
        Some("allow") => DownPolicy::Allow,
        Some("deny") => DownPolicy::Deny,
        Some(other) => {
            return Err(invalid(
                "acl.down_policy",
                format!(
                    "{other:?} is not one of \"extend-cache\", \"async-cache\", \"allow\" or \"deny\""
                ),
            ));
        }
    };
    let token_ttl = super::duration(
        "acl.token_ttl",
        acl.token_ttl.clone().or_else(|| legacy.acl_ttl.clone()),
        Duration::from_secs(30),
    )?;
    let initial_management = secret(tokens.initial_management.as_ref())
        .or_else(|| secret(tokens.master.as_ref()))
        .or_else(|| secret(legacy.acl_master_token.as_ref()));
    if let Some(t) = &initial_management
        && uuid::Uuid::parse_str(t).is_err()
    {
        warnings.push(
            "acl.tokens.initial_management is not a UUID; Consul deprecates such secrets".into(),
        );
    }
    if tokens.master.is_some() || legacy.acl_master_token.is_some() {
        warnings.push(
            "acl.tokens.master (acl_master_token) is deprecated; use acl.tokens.initial_management"
                .into(),
        );
    }
    if acl.enable_key_list_policy == Some(true) {
        warnings.push(
            "acl.enable_key_list_policy is not supported: listing keys needs key:read on each key returned"
                .into(),
        );
    }
    let enabled = acl.enabled.unwrap_or(false);
    Ok(AclConfig {
        enabled,
        default_allow,
        down_policy,
        token_ttl,
        enable_token_persistence: acl.enable_token_persistence.unwrap_or(false),
        tokens: AclTokens {
            initial_management,
            agent: secret(tokens.agent.as_ref())
                .or_else(|| secret(legacy.acl_agent_token.as_ref())),
            default: secret(tokens.default.as_ref()).or_else(|| secret(legacy.acl_token.as_ref())),
            agent_recovery: secret(tokens.agent_recovery.as_ref())
                .or_else(|| secret(tokens.agent_master.as_ref()))
                .or_else(|| secret(legacy.acl_agent_master_token.as_ref())),
            replication: secret(tokens.replication.as_ref())
                .or_else(|| secret(legacy.acl_replication_token.as_ref())),
        },
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn from(v: Value) -> Result<AclConfig, ConfigError> {
        let acl: AclFile =
            serde_json::from_value(v.get("acl").cloned().unwrap_or(json!({}))).expect("acl block");
        let legacy: LegacyAclFile = serde_json::from_value(v).expect("legacy keys");
        build(Some(&acl), &legacy, &mut Vec::new())
    }

    #[test]
    fn the_seed_deployments_acl_block_reads() {
        let c = from(json!({"acl": {
            "enabled": true, "default_policy": "deny", "down_policy": "extend-cache",
            "tokens": {"master": "b1gs33cr3t", "agent": "a9e1d0c2-5d3b-4c44-9d0e-0c6e4b0a2f11"}
        }}))
        .unwrap();
        assert!(c.enabled);
        assert!(!c.default_allow);
        assert_eq!(c.down_policy, DownPolicy::ExtendCache);
        assert_eq!(c.tokens.initial_management.as_deref(), Some("b1gs33cr3t"));
        assert_eq!(
            c.tokens.agent.as_deref(),
            Some("a9e1d0c2-5d3b-4c44-9d0e-0c6e4b0a2f11")
        );
        assert_eq!(c.token_ttl, Duration::from_secs(30));
        assert!(
            !format!("{c:?}").contains("b1gs33cr3t"),
            "secrets are hidden"
        );
    }

    #[test]
    fn newer_names_win_over_older_ones() {
        let c = from(json!({
            "acl_master_token": "legacy", "acl_token": "legacy-default",
            "acl_default_policy": "deny", "acl_ttl": "5s",
            "acl": {"tokens": {"initial_management": "new", "master": "old",
                               "agent_master": "recovery"}}
        }))
        .unwrap();
        assert_eq!(c.tokens.initial_management.as_deref(), Some("new"));
        assert_eq!(c.tokens.default.as_deref(), Some("legacy-default"));
        assert_eq!(c.tokens.agent_recovery.as_deref(), Some("recovery"));
        assert!(!c.default_allow);
        assert_eq!(c.token_ttl, Duration::from_secs(5));
        assert!(
            !c.enabled,
            "the old keys never turned ACLs on by themselves"
        );
    }

    #[test]
    fn bad_policies_and_durations_name_their_key() {
        for (v, key) in [
            (
                json!({"acl": {"default_policy": "maybe"}}),
                "acl.default_policy",
            ),
            (json!({"acl": {"down_policy": "extend"}}), "acl.down_policy"),
            (json!({"acl": {"token_ttl": "soon"}}), "acl.token_ttl"),
        ] {
            match from(v) {
                Err(ConfigError::Invalid { key: k, .. }) => assert_eq!(k, key),
                other => panic!("{key}: {other:?}"),
            }
        }
    }

    #[test]
    fn nothing_set_is_consuls_default() {
        assert_eq!(from(json!({})).unwrap(), AclConfig::default());
        let d = AclConfig::default();
        assert!(d.default_allow && !d.enabled);
        assert_eq!(d.down_policy, DownPolicy::ExtendCache);
    }
}

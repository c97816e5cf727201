//! ACL state: applying the `Acl*` commands to the tokens, policies and roles
//! of `storage::acl`, and the checks the leader makes before proposing one
//! (the same checks apply again here, so a state that changed in between
//! refuses the command on every server alike).
//!
//! Links are stored by ID only; names are filled in when read
//! ([`fill_token_links`]), so renaming a policy or role renames it
//! everywhere, and a link to a deleted one reads as nothing.

use roster_proto::{
    acl::v1::{Policy, PolicyLink, Role, RoleLink, Token},
    raft::v1::{
        AclBootstrap, AclPolicyDelete, AclPolicySet, AclRoleDelete, AclRoleSet, AclTokenDelete,
        AclTokenSet,
    },
};

use super::{Changes, StateError};
use crate::storage::{AclTables, Source};

/// Name of the tokens table in the table-index records and the hub.
pub const TABLE_ACL_TOKENS: &str = "acl-tokens";
/// Name of the policies table in the table-index records and the hub.
pub const TABLE_ACL_POLICIES: &str = "acl-policies";
/// Name of the roles table in the table-index records and the hub.
pub const TABLE_ACL_ROLES: &str = "acl-roles";

/// The anonymous token's accessor ID.
pub const ANONYMOUS_ACCESSOR: &str = "00000000-0000-0000-0000-000000000002";
/// The anonymous token's secret.
pub const ANONYMOUS_SECRET: &str = "anonymous";
/// The `global-management` policy's ID.
pub const GLOBAL_MANAGEMENT_ID: &str = "00000000-0000-0000-0000-000000000001";
/// The `global-management` policy's name.
pub const GLOBAL_MANAGEMENT_NAME: &str = "global-management";
/// The `global-management` policy's rules.
pub const GLOBAL_MANAGEMENT_RULES: &str = r#"
acl = "write"
agent_prefix "" {
  policy = "write"
}
event_prefix "" {
  policy = "write"
}
key_prefix "" {
  policy = "write"
}
keyring = "write"
node_prefix "" {
  policy = "write"
}
operator = "write"
mesh = "write"
peering = "write"
query_prefix "" {
  policy = "write"
}
service_prefix "" {
  policy = "write"
  intentions = "write"
}
session_prefix "" {
  policy = "write"
}"#;

/// A content hash of a token, policy or role: SHA-256 of its encoding with
/// the hash, the indexes and the create time cleared.
fn content_hash<M: prost::Message + Clone>(m: &M, clear: impl FnOnce(&mut M)) -> Vec<u8> {
    let mut m = m.clone();
    clear(&mut m);
    ring::digest::digest(&ring::digest::SHA256, &m.encode_to_vec())
        .as_ref()
        .to_vec()
}

/// The hash of a token's content.
pub fn token_hash(t: &Token) -> Vec<u8> {
    content_hash(t, |t| {
        t.hash.clear();
        t.create_index = 0;
        t.modify_index = 0;
        t.create_time_unix_ns = 0;
        t.expiration_ttl_ns = 0;
    })
}

/// The hash of a policy's content.
pub fn policy_hash(p: &Policy) -> Vec<u8> {
    content_hash(p, |p| {
        p.hash.clear();
        p.create_index = 0;
        p.modify_index = 0;
    })
}

/// The hash of a role's content.
pub fn role_hash(r: &Role) -> Vec<u8> {
    content_hash(r, |r| {
        r.hash.clear();
        r.create_index = 0;
        r.modify_index = 0;
    })
}

/// Why `token` cannot be stored over what `view` holds, if it cannot: its
/// secret is another token's, or a linked policy or role (by ID) does not
/// exist. Links must already be resolved to IDs.
pub fn token_problem(view: &impl Source, token: &Token) -> Result<Option<String>, StateError> {
    if let Some(other) = view.acl_token_by_secret(&token.secret_id)?
        && other.accessor_id != token.accessor_id
    {
        return Ok(Some("SecretID is already in use".into()));
    }
    if let Some(old) = view.acl_token(&token.accessor_id)?
        && old.secret_id != token.secret_id
    {
        return Ok(Some("Changing a token's SecretID is not allowed".into()));
    }
    for link in &token.policies {
        if view.acl_policy(&link.id)?.is_none() {
            return Ok(Some(format!("No such ACL policy with ID {:?}", link.id)));
        }
    }
    for link in &token.roles {
        if view.acl_role(&link.id)?.is_none() {
            return Ok(Some(format!("No such ACL role with ID {:?}", link.id)));
        }
    }
    Ok(None)
}

/// Why `policy` cannot be stored, if it cannot: another policy has its
/// name.
pub fn policy_problem(view: &impl Source, policy: &Policy) -> Result<Option<String>, StateError> {
    if let Some(other) = view.acl_policy_by_name(&policy.name)?
        && other.id != policy.id
    {
        return Ok(Some(format!(
            "Invalid Policy: A Policy with Name {:?} already exists",
            policy.name
        )));
    }
    Ok(None)
}

/// Why `role` cannot be stored, if it cannot: another role has its name,
/// or a linked policy does not exist.
pub fn role_problem(view: &impl Source, role: &Role) -> Result<Option<String>, StateError> {
    if let Some(other) = view.acl_role_by_name(&role.name)?
        && other.id != role.id
    {
        return Ok(Some(format!(
            "Invalid Role: A Role with Name {:?} already exists",
            role.name
        )));
    }
    for link in &role.policies {
        if view.acl_policy(&link.id)?.is_none() {
            return Ok(Some(format!("No such ACL policy with ID {:?}", link.id)));
        }
    }
    Ok(None)
}

fn strip_policy_names(links: &mut [PolicyLink]) {
    for l in links {
        l.name.clear();
    }
}

fn strip_role_names(links: &mut [RoleLink]) {
    for l in links {
        l.name.clear();
    }
}

/// Writes `token` at `index` (links by ID, indexes and hash set).
fn store_token(ch: &mut Changes, index: u64, mut token: Token, old: Option<&Token>) {
    strip_policy_names(&mut token.policies);
    strip_role_names(&mut token.roles);
    token.expiration_ttl_ns = 0;
    token.create_index = old.map_or(index, |o| o.create_index);
    token.modify_index = index;
    token.hash = token_hash(&token);
    ch.w.put_acl_token(&token, old);
    ch.w.set_table_index(TABLE_ACL_TOKENS, index);
    ch.wake_table(TABLE_ACL_TOKENS);
}

pub(super) fn apply_bootstrap(
    ch: &mut Changes,
    index: u64,
    c: AclBootstrap,
) -> Result<bool, StateError> {
    let Some(token) = c.token else {
        return Ok(false);
    };
    if let Some(done) = ch.w.acl_bootstrap_index()?
        && done != c.reset_index
    {
        return Ok(false);
    }
    if token.accessor_id.is_empty()
        || ch.w.acl_token(&token.accessor_id)?.is_some()
        || token_problem(&ch.w, &token)?.is_some()
    {
        return Ok(false);
    }
    store_token(ch, index, token, None);
    ch.w.set_acl_bootstrap_index(index);
    Ok(true)
}

pub(super) fn apply_token_set(
    ch: &mut Changes,
    index: u64,
    c: AclTokenSet,
) -> Result<bool, StateError> {
    let Some(token) = c.token else {
        return Ok(false);
    };
    if token.accessor_id.is_empty() || token.secret_id.is_empty() {
        return Ok(false);
    }
    let old = ch.w.acl_token(&token.accessor_id)?;
    if c.if_absent && (old.is_some() || ch.w.acl_token_by_secret(&token.secret_id)?.is_some()) {
        return Ok(true);
    }
    if (c.must_exist && old.is_none()) || token_problem(&ch.w, &token)?.is_some() {
        return Ok(false);
    }
    store_token(ch, index, token, old.as_ref());
    Ok(true)
}

pub(super) fn apply_token_delete(
    ch: &mut Changes,
    index: u64,
    c: AclTokenDelete,
) -> Result<bool, StateError> {
    if let Some(old) = ch.w.acl_token(&c.accessor_id)? {
        ch.w.delete_acl_token(&old);
        ch.w.set_table_index(TABLE_ACL_TOKENS, index);
        ch.wake_table(TABLE_ACL_TOKENS);
    }
    Ok(true)
}

pub(super) fn apply_policy_set(
    ch: &mut Changes,
    index: u64,
    c: AclPolicySet,
) -> Result<bool, StateError> {
    let Some(mut policy) = c.policy else {
        return Ok(false);
    };
    if policy.id.is_empty() || policy.name.is_empty() {
        return Ok(false);
    }
    let old = ch.w.acl_policy(&policy.id)?;
    if c.if_absent && old.is_some() {
        return Ok(true);
    }
    if (c.must_exist && old.is_none()) || policy_problem(&ch.w, &policy)?.is_some() {
        return Ok(false);
    }
    policy.create_index = old.as_ref().map_or(index, |o| o.create_index);
    policy.modify_index = index;
    policy.hash = policy_hash(&policy);
    ch.w.put_acl_policy(&policy, old.as_ref());
    ch.w.set_table_index(TABLE_ACL_POLICIES, index);
    ch.wake_table(TABLE_ACL_POLICIES);
    Ok(true)
}

pub(super) fn apply_policy_delete(
    ch: &mut Changes,
    index: u64,
    c: AclPolicyDelete,
) -> Result<bool, StateError> {
    if let Some(old) = ch.w.acl_policy(&c.id)? {
        ch.w.delete_acl_policy(&old);
        ch.w.set_table_index(TABLE_ACL_POLICIES, index);
        ch.wake_table(TABLE_ACL_POLICIES);
    }
    Ok(true)
}

pub(super) fn apply_role_set(
    ch: &mut Changes,
    index: u64,
    c: AclRoleSet,
) -> Result<bool, StateError> {
    let Some(mut role) = c.role else {
        return Ok(false);
    };
    if role.id.is_empty() || role.name.is_empty() {
        return Ok(false);
    }
    let old = ch.w.acl_role(&role.id)?;
    if (c.must_exist && old.is_none()) || role_problem(&ch.w, &role)?.is_some() {
        return Ok(false);
    }
    strip_policy_names(&mut role.policies);
    role.create_index = old.as_ref().map_or(index, |o| o.create_index);
    role.modify_index = index;
    role.hash = role_hash(&role);
    ch.w.put_acl_role(&role, old.as_ref());
    ch.w.set_table_index(TABLE_ACL_ROLES, index);
    ch.wake_table(TABLE_ACL_ROLES);
    Ok(true)
}

pub(super) fn apply_role_delete(
    ch: &mut Changes,
    index: u64,
    c: AclRoleDelete,
) -> Result<bool, StateError> {
    if let Some(old) = ch.w.acl_role(&c.id)? {
        ch.w.delete_acl_role(&old);
        ch.w.set_table_index(TABLE_ACL_ROLES, index);
        ch.wake_table(TABLE_ACL_ROLES);
    }
    Ok(true)
}

/// Fills in the names of a token's links and drops links to policies or
/// roles that no longer exist.
pub fn fill_token_links(view: &impl Source, token: &mut Token) -> Result<(), StateError> {
    fill_policy_links(view, &mut token.policies)?;
    let mut roles = Vec::with_capacity(token.roles.len());
    for mut link in std::mem::take(&mut token.roles) {
        if let Some(role) = view.acl_role(&link.id)? {
            link.name = role.name;
            roles.push(link);
        }
    }
    token.roles = roles;
    Ok(())
}

/// Fills in the names of policy links and drops links to policies that no
/// longer exist.
pub fn fill_policy_links(
    view: &impl Source,
    links: &mut Vec<PolicyLink>,
) -> Result<(), StateError> {
    let mut kept = Vec::with_capacity(links.len());
    for mut link in std::mem::take(links) {
        if let Some(policy) = view.acl_policy(&link.id)? {
            link.name = policy.name;
            kept.push(link);
        }
    }
    *links = kept;
    Ok(())
}

/// Every policy a token carries, directly or through its roles, each once
/// (in the order first met), with the identities of the token and its
/// roles.
pub fn token_policies(view: &impl Source, token: &Token) -> Result<Vec<Policy>, StateError> {
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    let mut take = |link: &PolicyLink, found: &mut Vec<Policy>| -> Result<(), StateError> {
        if seen.insert(link.id.clone())
            && let Some(p) = view.acl_policy(&link.id)?
        {
            found.push(p);
        }
        Ok(())
    };
    for link in &token.policies {
        take(link, &mut found)?;
    }
    for role_link in &token.roles {
        if let Some(role) = view.acl_role(&role_link.id)? {
            for link in &role.policies {
                take(link, &mut found)?;
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests;

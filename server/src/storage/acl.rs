//! The ACL table: tokens, policies, roles and their index rows, in one
//! column family with a one-byte row kind.
//!
//! | key | value |
//! |---|---|
//! | `t<accessor id>` | `Token` |
//! | `s<secret id>` | accessor ID: tokens by secret |
//! | `p<policy id>` | `Policy` |
//! | `n<policy name, lowercased>` | policy ID |
//! | `r<role id>` | `Role` |
//! | `m<role name, lowercased>` | role ID |
//! | `b` | big-endian index of the bootstrap, once there was one |
//!
//! Names are unique ignoring case, as Consul's (its name indexes are
//! lowercased); IDs are UUIDs as given.

use prost::Message as _;
use roster_proto::acl::v1::{Policy, Role, Token};

use super::{CF_ACL, Result, Source, StateWriter, StorageError, decode_u64, u64_key};

const TOKEN: u8 = b't';
const BY_SECRET: u8 = b's';
const POLICY: u8 = b'p';
const POLICY_NAME: u8 = b'n';
const ROLE: u8 = b'r';
const ROLE_NAME: u8 = b'm';
const BOOTSTRAP: &[u8] = b"b";

fn row(kind: u8, id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + id.len());
    k.push(kind);
    k.extend_from_slice(id.as_bytes());
    k
}

fn name_row(kind: u8, name: &str) -> Vec<u8> {
    row(kind, &name.to_lowercase())
}

fn corrupt(detail: impl ToString) -> StorageError {
    StorageError::Corrupt {
        cf: CF_ACL,
        detail: detail.to_string(),
    }
}

fn decode<M: prost::Message + Default>(bytes: &[u8]) -> Result<M> {
    M::decode(bytes).map_err(corrupt)
}

fn text(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(corrupt)
}

/// ACL reads, from the engine or a view.
pub trait AclTables: Source {
    /// A token by accessor ID.
    fn acl_token(&self, accessor_id: &str) -> Result<Option<Token>> {
        self.get_raw(CF_ACL, &row(TOKEN, accessor_id))?
            .map(|v| decode(&v))
            .transpose()
    }

    /// A token by secret.
    fn acl_token_by_secret(&self, secret_id: &str) -> Result<Option<Token>> {
        let Some(accessor) = self.get_raw(CF_ACL, &row(BY_SECRET, secret_id))? else {
            return Ok(None);
        };
        self.acl_token(&text(accessor)?)
    }

    /// Every token, by accessor ID, until `f` returns false.
    fn acl_tokens(&self, mut f: impl FnMut(Token) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_ACL, &[TOKEN], &mut |_, v| f(decode(v)?))
    }

    /// A policy by ID.
    fn acl_policy(&self, id: &str) -> Result<Option<Policy>> {
        self.get_raw(CF_ACL, &row(POLICY, id))?
            .map(|v| decode(&v))
            .transpose()
    }

    /// A policy by name (any case).
    fn acl_policy_by_name(&self, name: &str) -> Result<Option<Policy>> {
        let Some(id) = self.get_raw(CF_ACL, &name_row(POLICY_NAME, name))? else {
            return Ok(None);
        };
        self.acl_policy(&text(id)?)
    }

    /// Every policy, by ID, until `f` returns false.
    fn acl_policies(&self, mut f: impl FnMut(Policy) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_ACL, &[POLICY], &mut |_, v| f(decode(v)?))
    }

    /// A role by ID.
    fn acl_role(&self, id: &str) -> Result<Option<Role>> {
        self.get_raw(CF_ACL, &row(ROLE, id))?
            .map(|v| decode(&v))
            .transpose()
    }

    /// A role by name (any case).
    fn acl_role_by_name(&self, name: &str) -> Result<Option<Role>> {
        let Some(id) = self.get_raw(CF_ACL, &name_row(ROLE_NAME, name))? else {
            return Ok(None);
        };
        self.acl_role(&text(id)?)
    }

    /// Every role, by ID, until `f` returns false.
    fn acl_roles(&self, mut f: impl FnMut(Role) -> Result<bool>) -> Result<()> {
        self.scan_raw(CF_ACL, &[ROLE], &mut |_, v| f(decode(v)?))
    }

    /// The index of the ACL bootstrap, if there was one.
    fn acl_bootstrap_index(&self) -> Result<Option<u64>> {
        self.get_raw(CF_ACL, BOOTSTRAP)?
            .map(|v| decode_u64(CF_ACL, &v))
            .transpose()
    }
}

impl<T: Source + ?Sized> AclTables for T {}

impl StateWriter<'_> {
    /// Writes a token with its secret row, replacing `old` (the stored
    /// version, whose secret row goes if the secret changed).
    pub fn put_acl_token(&mut self, token: &Token, old: Option<&Token>) {
        if let Some(old) = old
            && old.secret_id != token.secret_id
        {
            self.delete_row(CF_ACL, row(BY_SECRET, &old.secret_id));
        }
        self.put_row(
            CF_ACL,
            row(TOKEN, &token.accessor_id),
            token.encode_to_vec(),
        );
        self.put_row(
            CF_ACL,
            row(BY_SECRET, &token.secret_id),
            token.accessor_id.as_bytes(),
        );
    }

    /// Deletes a token and its secret row.
    pub fn delete_acl_token(&mut self, token: &Token) {
        self.delete_row(CF_ACL, row(TOKEN, &token.accessor_id));
        self.delete_row(CF_ACL, row(BY_SECRET, &token.secret_id));
    }

    /// Writes a policy with its name row, replacing `old`.
    pub fn put_acl_policy(&mut self, policy: &Policy, old: Option<&Policy>) {
        if let Some(old) = old
            && old.name.to_lowercase() != policy.name.to_lowercase()
        {
            self.delete_row(CF_ACL, name_row(POLICY_NAME, &old.name));
        }
        self.put_row(CF_ACL, row(POLICY, &policy.id), policy.encode_to_vec());
        self.put_row(
            CF_ACL,
            name_row(POLICY_NAME, &policy.name),
            policy.id.as_bytes(),
        );
    }

    /// Deletes a policy and its name row.
    pub fn delete_acl_policy(&mut self, policy: &Policy) {
        self.delete_row(CF_ACL, row(POLICY, &policy.id));
        self.delete_row(CF_ACL, name_row(POLICY_NAME, &policy.name));
    }

    /// Writes a role with its name row, replacing `old`.
    pub fn put_acl_role(&mut self, role: &Role, old: Option<&Role>) {
        if let Some(old) = old
            && old.name.to_lowercase() != role.name.to_lowercase()
        {
            self.delete_row(CF_ACL, name_row(ROLE_NAME, &old.name));
        }
        self.put_row(CF_ACL, row(ROLE, &role.id), role.encode_to_vec());
        self.put_row(CF_ACL, name_row(ROLE_NAME, &role.name), role.id.as_bytes());
    }

    /// Deletes a role and its name row.
    pub fn delete_acl_role(&mut self, role: &Role) {
        self.delete_row(CF_ACL, row(ROLE, &role.id));
        self.delete_row(CF_ACL, name_row(ROLE_NAME, &role.name));
    }

    /// Records the index of an ACL bootstrap.
    pub fn set_acl_bootstrap_index(&mut self, index: u64) {
        self.put_row(CF_ACL, BOOTSTRAP, u64_key(index));
    }
}

/// A restored row with its indexes no greater than `index`; `None` if it
/// does not decode.
pub fn clamp_row(key: &[u8], value: &[u8], index: u64) -> Option<Vec<u8>> {
    if key == BOOTSTRAP {
        let at = decode_u64(CF_ACL, value).ok()?;
        return Some(u64_key(at.min(index)).to_vec());
    }
    match key.first()? {
        &TOKEN => {
            let mut t = Token::decode(value).ok()?;
            t.create_index = t.create_index.min(index);
            t.modify_index = t.modify_index.min(index);
            Some(t.encode_to_vec())
        }
        &POLICY => {
            let mut p = Policy::decode(value).ok()?;
            p.create_index = p.create_index.min(index);
            p.modify_index = p.modify_index.min(index);
            Some(p.encode_to_vec())
        }
        &ROLE => {
            let mut r = Role::decode(value).ok()?;
            r.create_index = r.create_index.min(index);
            r.modify_index = r.modify_index.min(index);
            Some(r.encode_to_vec())
        }
        &BY_SECRET | &POLICY_NAME | &ROLE_NAME => {
            std::str::from_utf8(value).ok()?;
            Some(value.to_vec())
        }
        _ => None,
    }
}

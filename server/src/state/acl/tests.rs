use prost::Message as _;
use roster_proto::raft::v1::command::Command as C;

use super::*;
use crate::{
    state::{StateMachine, WatchHub, encode_command},
    storage::{Engine, Tables as _},
};

struct Fixture {
    _dir: tempfile::TempDir,
    sm: StateMachine,
    next: u64,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let sm = StateMachine::new(Engine::open(dir.path()).unwrap(), WatchHub::new());
        Fixture {
            _dir: dir,
            sm,
            next: 1,
        }
    }

    fn apply(&mut self, c: C) -> (u64, bool) {
        let index = self.next;
        self.next += 1;
        let outcome = self.sm.apply(index, &encode_command(c)).unwrap();
        (index, outcome.success)
    }

    fn engine(&self) -> &Engine {
        self.sm.engine()
    }

    fn set_policy(&mut self, id: &str, name: &str) -> (u64, bool) {
        self.apply(C::AclPolicySet(Box::new(AclPolicySet {
            policy: Some(policy(id, name)),
            ..AclPolicySet::default()
        })))
    }

    fn set_token(&mut self, token: Token) -> (u64, bool) {
        self.apply(C::AclTokenSet(Box::new(AclTokenSet {
            token: Some(token),
            ..AclTokenSet::default()
        })))
    }
}

fn policy(id: &str, name: &str) -> Policy {
    Policy {
        id: id.into(),
        name: name.into(),
        rules: r#"key_prefix "" { policy = "read" }"#.into(),
        ..Policy::default()
    }
}

fn token(accessor: &str, secret: &str, policies: &[&str]) -> Token {
    Token {
        accessor_id: accessor.into(),
        secret_id: secret.into(),
        policies: policies
            .iter()
            .map(|id| PolicyLink {
                id: id.to_string(),
                name: String::new(),
            })
            .collect(),
        ..Token::default()
    }
}

#[test]
fn tokens_are_found_by_accessor_and_by_secret_with_indexes_and_a_hash() {
    let mut f = Fixture::new();
    assert!(f.set_policy("p1", "readers").1);
    let (at, ok) = f.set_token(token("a1", "s1", &["p1"]));
    assert!(ok);
    let stored = f.engine().acl_token("a1").unwrap().unwrap();
    assert_eq!(
        f.engine().acl_token_by_secret("s1").unwrap().as_ref(),
        Some(&stored)
    );
    assert_eq!((stored.create_index, stored.modify_index), (at, at));
    assert_eq!(stored.hash, token_hash(&stored));
    assert_eq!(stored.hash.len(), 32);
    assert_eq!(f.engine().table_index(TABLE_ACL_TOKENS).unwrap(), at);

    // An update keeps the create index; the hash follows the content.
    let mut changed = token("a1", "s1", &["p1"]);
    changed.description = "new".into();
    let (later, ok) = f.set_token(changed);
    assert!(ok);
    let updated = f.engine().acl_token("a1").unwrap().unwrap();
    assert_eq!((updated.create_index, updated.modify_index), (at, later));
    assert_ne!(updated.hash, stored.hash);
}

#[test]
fn a_secret_is_never_shared_or_changed_and_a_refusal_changes_nothing() {
    let mut f = Fixture::new();
    assert!(f.set_token(token("a1", "s1", &[])).1);
    let before = f.engine().table_index(TABLE_ACL_TOKENS).unwrap();
    // Another token with the same secret.
    assert!(!f.set_token(token("a2", "s1", &[])).1);
    assert!(f.engine().acl_token("a2").unwrap().is_none());
    // The same token with another secret.
    assert!(!f.set_token(token("a1", "s2", &[])).1);
    assert!(f.engine().acl_token_by_secret("s2").unwrap().is_none());
    assert_eq!(
        f.engine()
            .acl_token_by_secret("s1")
            .unwrap()
            .unwrap()
            .accessor_id,
        "a1"
    );
    assert_eq!(f.engine().table_index(TABLE_ACL_TOKENS).unwrap(), before);
}

#[test]
fn links_must_exist_are_named_when_read_and_vanish_with_what_they_name() {
    let mut f = Fixture::new();
    // A link to a policy that does not exist.
    assert!(!f.set_token(token("a1", "s1", &["p1"])).1);
    assert!(f.set_policy("p1", "readers").1);
    assert!(f.set_policy("p2", "writers").1);
    assert!(f.set_token(token("a1", "s1", &["p1", "p2"])).1);
    let stored = f.engine().acl_token("a1").unwrap().unwrap();
    assert!(stored.policies.iter().all(|l| l.name.is_empty()));

    // Renamed: the token reads the new name.
    assert!(f.set_policy("p1", "lookers").1);
    let mut read = stored.clone();
    fill_token_links(f.engine(), &mut read).unwrap();
    let names: Vec<_> = read.policies.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["lookers", "writers"]);

    // Deleted: the link reads as nothing, and grants nothing.
    assert!(
        f.apply(C::AclPolicyDelete(AclPolicyDelete { id: "p2".into() }))
            .1
    );
    let mut read = stored.clone();
    fill_token_links(f.engine(), &mut read).unwrap();
    assert_eq!(read.policies.len(), 1);
    let granted = token_policies(f.engine(), &stored).unwrap();
    assert_eq!(
        granted.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["p1"]
    );
}

#[test]
fn policy_names_are_unique_ignoring_case_and_a_rename_frees_the_old_one() {
    let mut f = Fixture::new();
    assert!(f.set_policy("p1", "Readers").1);
    assert!(!f.set_policy("p2", "readers").1);
    assert!(f.engine().acl_policy("p2").unwrap().is_none());
    assert_eq!(
        f.engine()
            .acl_policy_by_name("READERS")
            .unwrap()
            .unwrap()
            .id,
        "p1"
    );
    assert!(f.set_policy("p1", "others").1);
    assert!(f.engine().acl_policy_by_name("readers").unwrap().is_none());
    assert!(f.set_policy("p2", "readers").1);
    assert!(
        policy_problem(f.engine(), &policy("p3", "Others"))
            .unwrap()
            .is_some()
    );
}

#[test]
fn roles_carry_policies_and_tokens_get_them_through_roles_once() {
    let mut f = Fixture::new();
    f.set_policy("p1", "one");
    f.set_policy("p2", "two");
    let role = Role {
        id: "r1".into(),
        name: "ops".into(),
        policies: vec![
            PolicyLink {
                id: "p1".into(),
                name: "one".into(),
            },
            PolicyLink {
                id: "p2".into(),
                name: String::new(),
            },
        ],
        ..Role::default()
    };
    assert!(
        f.apply(C::AclRoleSet(Box::new(AclRoleSet {
            role: Some(role.clone()),
            must_exist: false,
        })))
        .1
    );
    // A second role with the name, in another case, is refused.
    let mut twin = role.clone();
    twin.id = "r2".into();
    twin.name = "OPS".into();
    assert!(
        !f.apply(C::AclRoleSet(Box::new(AclRoleSet {
            role: Some(twin),
            must_exist: false,
        })))
        .1
    );
    let mut t = token("a1", "s1", &["p1"]);
    t.roles.push(RoleLink {
        id: "r1".into(),
        name: String::new(),
    });
    assert!(f.set_token(t.clone()).1);
    let granted = token_policies(f.engine(), &t).unwrap();
    assert_eq!(
        granted.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["p1", "p2"]
    );
    // Deleting the role takes its policies away.
    assert!(
        f.apply(C::AclRoleDelete(AclRoleDelete { id: "r1".into() }))
            .1
    );
    let granted = token_policies(f.engine(), &t).unwrap();
    assert_eq!(granted.len(), 1);
    let mut read = f.engine().acl_token("a1").unwrap().unwrap();
    fill_token_links(f.engine(), &mut read).unwrap();
    assert!(read.roles.is_empty());
}

#[test]
fn bootstrap_applies_once_unless_reset_with_its_index() {
    let mut f = Fixture::new();
    let boot = |accessor: &str, secret: &str, reset_index| {
        C::AclBootstrap(Box::new(AclBootstrap {
            token: Some(token(accessor, secret, &[])),
            reset_index,
        }))
    };
    let (first, ok) = f.apply(boot("a1", "s1", 0));
    assert!(ok);
    assert_eq!(f.engine().acl_bootstrap_index().unwrap(), Some(first));
    // Again: refused, whatever reset index other than the bootstrap's.
    assert!(!f.apply(boot("a2", "s2", 0)).1);
    assert!(!f.apply(boot("a2", "s2", first + 1)).1);
    assert!(f.engine().acl_token("a2").unwrap().is_none());
    // With the bootstrap's index: applies, and the new index is recorded.
    let (second, ok) = f.apply(boot("a2", "s2", first));
    assert!(ok);
    assert_eq!(f.engine().acl_bootstrap_index().unwrap(), Some(second));
    assert!(f.engine().acl_token("a2").unwrap().is_some());
    assert!(!f.apply(boot("a3", "s3", first)).1);
}

#[test]
fn if_absent_leaves_what_exists_untouched_and_must_exist_refuses_a_create() {
    let mut f = Fixture::new();
    let set = |t: Token, if_absent, must_exist| {
        C::AclTokenSet(Box::new(AclTokenSet {
            token: Some(t),
            if_absent,
            must_exist,
        }))
    };
    assert!(!f.apply(set(token("a1", "s1", &[]), false, true)).1);
    assert!(f.engine().acl_token("a1").unwrap().is_none());
    let (at, ok) = f.apply(set(token("a1", "s1", &[]), true, false));
    assert!(ok);
    let mut other = token("a1", "s1", &[]);
    other.description = "changed".into();
    // Exists: succeeds and changes nothing (a second leader's built-ins).
    assert!(f.apply(set(other.clone(), true, false)).1);
    let stored = f.engine().acl_token("a1").unwrap().unwrap();
    assert_eq!((stored.modify_index, stored.description.as_str()), (at, ""));
    // Same secret under another accessor: also present already.
    assert!(f.apply(set(token("a9", "s1", &[]), true, false)).1);
    assert!(f.engine().acl_token("a9").unwrap().is_none());
    assert!(f.apply(set(other, false, true)).1);
    assert_eq!(
        f.engine().acl_token("a1").unwrap().unwrap().description,
        "changed"
    );
}

#[test]
fn deleting_a_token_removes_its_secret_and_unknown_ids_are_not_errors() {
    let mut f = Fixture::new();
    assert!(f.set_token(token("a1", "s1", &[])).1);
    let (at, ok) = f.apply(C::AclTokenDelete(AclTokenDelete {
        accessor_id: "a1".into(),
    }));
    assert!(ok);
    assert!(f.engine().acl_token_by_secret("s1").unwrap().is_none());
    assert_eq!(f.engine().table_index(TABLE_ACL_TOKENS).unwrap(), at);
    assert!(
        f.apply(C::AclTokenDelete(AclTokenDelete {
            accessor_id: "a1".into(),
        }))
        .1
    );
    assert_eq!(f.engine().table_index(TABLE_ACL_TOKENS).unwrap(), at);
    // The secret is free again.
    assert!(f.set_token(token("a2", "s1", &[])).1);
}

#[test]
fn the_built_in_management_rules_parse_and_grant_everything() {
    let rules = crate::acl::Rules::parse(GLOBAL_MANAGEMENT_RULES).unwrap();
    let authz = crate::acl::Authorizer::new(rules, false);
    for resource in [
        crate::acl::Resource::Key,
        crate::acl::Resource::Service,
        crate::acl::Resource::Node,
        crate::acl::Resource::Session,
        crate::acl::Resource::Agent,
        crate::acl::Resource::Event,
        crate::acl::Resource::Query,
    ] {
        assert!(authz.allows(resource, "anything", crate::acl::Need::Write));
    }
    for global in [
        crate::acl::Global::Acl,
        crate::acl::Global::Operator,
        crate::acl::Global::Keyring,
    ] {
        assert!(authz.allows_global(global, crate::acl::Need::Write));
    }
}

#[test]
fn acl_rows_survive_a_restore_clamped_to_its_index() {
    let mut f = Fixture::new();
    f.set_policy("p1", "readers");
    f.set_token(token("a1", "s1", &["p1"]));
    f.apply(C::AclBootstrap(Box::new(AclBootstrap {
        token: Some(token("a2", "s2", &[])),
        reset_index: 0,
    })));
    let mut rows = Vec::new();
    f.engine()
        .scan_raw(crate::storage::CF_ACL, b"", &mut |k, v| {
            rows.push((k.to_vec(), v.to_vec()));
            Ok(true)
        })
        .unwrap();
    assert_eq!(rows.len(), 2 + 2 + 2 + 1, "{rows:?}");
    for (k, v) in &rows {
        let clamped = crate::storage::restore::clamp("acl", k, v, 1).unwrap();
        if k.first() == Some(&b't') {
            let t = Token::decode(clamped.as_slice()).unwrap();
            assert_eq!((t.create_index, t.modify_index), (1, 1));
        }
    }
    assert!(crate::storage::restore::clamp("acl", b"t1", b"\xff\xff", 1).is_none());
    assert!(crate::storage::restore::clamp("acl", b"zz", b"", 1).is_none());
}

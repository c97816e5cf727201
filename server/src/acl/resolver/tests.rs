use roster_proto::{
    acl::v1::PolicyLink,
    raft::v1::{AclPolicySet, AclTokenSet, command::Command as C},
};

use super::*;
use crate::{
    acl::{Global, Need, Resource},
    state::{WatchHub, encode_command},
    storage::Engine,
};

fn config(enabled: bool, default_allow: bool) -> AclConfig {
    AclConfig {
        enabled,
        default_allow,
        ..AclConfig::default()
    }
}

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

    fn apply(&mut self, c: C) {
        let index = self.next;
        self.next += 1;
        assert!(self.sm.apply(index, &encode_command(c)).unwrap().success);
    }

    fn policy(&mut self, id: &str, rules: &str, datacenters: &[&str]) {
        self.apply(C::AclPolicySet(Box::new(AclPolicySet {
            policy: Some(Policy {
                id: id.into(),
                name: format!("p-{id}"),
                rules: rules.into(),
                datacenters: datacenters.iter().map(|d| d.to_string()).collect(),
                ..Policy::default()
            }),
            ..AclPolicySet::default()
        })));
    }

    fn token(&mut self, accessor: &str, secret: &str, policies: &[&str]) {
        self.apply(C::AclTokenSet(Box::new(AclTokenSet {
            token: Some(Token {
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
            }),
            ..AclTokenSet::default()
        })));
    }

    fn resolver(&self, config: AclConfig) -> AclResolver {
        AclResolver::local(config, "dc1".into(), "n1".into(), self.sm.clone())
    }
}

fn metadata(pairs: &[(&'static str, &str)]) -> MetadataMap {
    let mut m = MetadataMap::new();
    for (k, v) in pairs {
        m.insert(*k, v.parse().unwrap());
    }
    m
}

#[test]
fn the_secret_comes_from_the_body_then_x_consul_token_then_bearer() {
    let both = metadata(&[("x-consul-token", "hdr"), ("authorization", "Bearer bear")]);
    assert_eq!(request_secret(&both, "body"), "body");
    assert_eq!(request_secret(&both, ""), "hdr");
    let bearer = metadata(&[("authorization", "Bearer  bear extra")]);
    assert_eq!(request_secret(&bearer, ""), "bear");
    for other in ["Basic abc", "bearer abc", "Bearer"] {
        assert_eq!(
            request_secret(&metadata(&[("authorization", other)]), ""),
            ""
        );
    }
}

#[test]
fn management_datacenters_and_identities_shape_the_authorizer() {
    let management = Resolved {
        policies: vec![Policy {
            id: GLOBAL_MANAGEMENT_ID.into(),
            ..Policy::default()
        }],
        ..Resolved::default()
    };
    assert!(
        authorizer_of(&management, "dc1", false)
            .unwrap()
            .is_management()
    );

    let scoped = Resolved {
        policies: vec![Policy {
            id: "p".into(),
            rules: r#"key_prefix "app/" { policy = "write" }"#.into(),
            datacenters: vec!["dc2".into()],
            ..Policy::default()
        }],
        service_identities: vec![ServiceIdentity {
            service_name: "web".into(),
            datacenters: vec![],
        }],
        node_identities: vec![NodeIdentity {
            node_name: "n7".into(),
            datacenter: "dc2".into(),
        }],
        ..Resolved::default()
    };
    let here = authorizer_of(&scoped, "dc1", false).unwrap();
    assert!(!here.allows(Resource::Key, "app/x", Need::Read), "dc2 only");
    assert!(here.allows(Resource::Service, "web", Need::Write));
    assert!(here.allows(Resource::Service, "web-sidecar-proxy", Need::Write));
    assert!(!here.allows(Resource::Service, "db", Need::Write));
    assert!(here.allows(Resource::Service, "db", Need::Read));
    assert!(here.allows(Resource::Node, "any", Need::Read));
    assert!(!here.allows(Resource::Node, "n7", Need::Write), "dc2 only");
    let there = authorizer_of(&scoped, "dc2", false).unwrap();
    assert!(there.allows(Resource::Key, "app/x", Need::Write));
    assert!(there.allows(Resource::Node, "n7", Need::Write));
}

#[tokio::test]
async fn without_acls_everyone_may_do_everything() {
    let f = Fixture::new();
    let r = f.resolver(config(false, false));
    let caller = r.caller(&MetadataMap::new(), "").await.unwrap();
    assert!(caller.authz().allows_global(Global::Acl, Need::Write));
    assert!(r.resolve("no such token").await.is_ok());
}

#[tokio::test]
async fn unknown_secrets_are_acl_not_found_and_no_token_is_the_anonymous_one() {
    let mut f = Fixture::new();
    f.token(crate::state::acl::ANONYMOUS_ACCESSOR, ANONYMOUS_SECRET, &[]);
    let r = f.resolver(config(true, false));
    let err = r.resolve("nope").await.unwrap_err();
    assert_eq!(ErrorKind::of_status(&err), ErrorKind::AclNotFound);
    assert_eq!(err.message(), "ACL not found");
    let err = r.resolve(&"x".repeat(MAX_SECRET + 1)).await.unwrap_err();
    assert_eq!(ErrorKind::of_status(&err), ErrorKind::AclNotFound);

    let anonymous = r.caller(&MetadataMap::new(), "").await.unwrap();
    assert!(!anonymous.presented);
    assert_eq!(
        anonymous.identity.accessor_id,
        crate::state::acl::ANONYMOUS_ACCESSOR
    );
    assert!(!anonymous.authz().allows(Resource::Key, "k", Need::Read));
    let denied = anonymous.denied("key:read", Some("k"));
    assert_eq!(denied.code(), tonic::Code::PermissionDenied);
    assert!(
        denied
            .message()
            .contains("anonymous token lacks permission 'key:read' on \"k\"")
    );
}

#[tokio::test]
async fn a_policy_change_is_seen_by_the_next_request() {
    let mut f = Fixture::new();
    f.policy("p1", r#"key_prefix "a/" { policy = "read" }"#, &[]);
    f.token("t1", "s1", &["p1"]);
    let r = f.resolver(config(true, false));
    let before = r.resolve("s1").await.unwrap();
    assert!(before.authorizer.allows(Resource::Key, "a/x", Need::Read));
    assert!(!before.authorizer.allows(Resource::Key, "a/x", Need::Write));
    // Cached until an ACL table changes.
    assert!(Arc::ptr_eq(&before, &r.resolve("s1").await.unwrap()));
    f.policy("p1", r#"key_prefix "a/" { policy = "write" }"#, &[]);
    let after = r.resolve("s1").await.unwrap();
    assert!(after.authorizer.allows(Resource::Key, "a/x", Need::Write));
}

#[tokio::test]
async fn the_recovery_token_grants_agent_write_on_this_agent_only() {
    let f = Fixture::new();
    let mut c = config(true, false);
    c.tokens.agent_recovery = Some("recover".into());
    let r = f.resolver(c);
    let id = r.resolve("recover").await.unwrap();
    assert!(id.authorizer.allows(Resource::Agent, "n1", Need::Write));
    assert!(!id.authorizer.allows(Resource::Agent, "n2", Need::Write));
    assert!(!id.authorizer.allows(Resource::Key, "k", Need::Read));
}

#[tokio::test]
async fn down_policy_decides_when_no_server_answers() {
    // A client agent without routes: its servers cannot be asked.
    let down = |policy| {
        let mut c = config(true, false);
        c.down_policy = policy;
        // Nothing kept is fresh: every lookup asks the servers.
        c.token_ttl = std::time::Duration::ZERO;
        AclResolver::remote(c, "dc1".into(), "n1".into())
    };
    let allow = down(DownPolicy::Allow).resolve("s").await.unwrap();
    assert!(allow.authorizer.allows(Resource::Key, "k", Need::Write));
    assert!(
        !allow.authorizer.allows_global(Global::Acl, Need::Write),
        "down_policy allow never grants ACL management"
    );
    for policy in [
        DownPolicy::Deny,
        DownPolicy::ExtendCache,
        DownPolicy::AsyncCache,
    ] {
        let id = down(policy).resolve("s").await.unwrap();
        assert!(
            !id.authorizer.allows(Resource::Key, "k", Need::Read),
            "{policy:?}"
        );
    }
    // extend-cache keeps what it resolved, however old.
    let r = down(DownPolicy::ExtendCache);
    let kept = Arc::new(Identity {
        accessor_id: "a".into(),
        expires_unix_ns: 0,
        authorizer: Authorizer::management(),
    });
    r.keep("s", 0, Some(Arc::clone(&kept)));
    assert!(Arc::ptr_eq(&r.resolve("s").await.unwrap(), &kept));
}

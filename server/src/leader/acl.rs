//! The ACL built-ins, kept in place by the leader while ACLs are on (Consul's
//! `initializeACLs`): the `global-management` policy (its rules restored if
//! they differ), the anonymous token, and the token whose secret is
//! `acl.tokens.initial_management` — stored as the bootstrap when ACLs were
//! never bootstrapped, so that `/v1/acl/bootstrap` is then refused.
//!
//! Checked when leadership begins and every 10 s after: a snapshot restore
//! may have replaced the tables with ones without them. Every write is
//! conditional (`if_absent`), so two leaders in a row, or a retry, never
//! replace what another wrote.

use std::time::Duration;

use roster_proto::{
    acl::v1::{Policy, PolicyLink, Token},
    raft::v1::{AclBootstrap, AclPolicySet, AclTokenSet, command::Command},
};
use tokio_util::sync::CancellationToken;

use crate::{
    config::acl::AclConfig,
    rpc::{ServerContext, forward},
    state::{
        acl::{
            ANONYMOUS_ACCESSOR, ANONYMOUS_SECRET, GLOBAL_MANAGEMENT_ID, GLOBAL_MANAGEMENT_NAME,
            GLOBAL_MANAGEMENT_RULES,
        },
        encode_command,
    },
    storage::AclTables as _,
};

/// How often the leader checks the built-ins.
const CHECK_EVERY: Duration = Duration::from_secs(10);

/// What is missing or out of date, as the commands that put it right.
pub fn missing(
    view: &impl crate::storage::Source,
    config: &AclConfig,
) -> Result<Vec<Command>, crate::state::StateError> {
    let mut out = Vec::new();
    match view.acl_policy(GLOBAL_MANAGEMENT_ID)? {
        None => out.push(Command::AclPolicySet(Box::new(AclPolicySet {
            policy: Some(Policy {
                id: GLOBAL_MANAGEMENT_ID.into(),
                name: GLOBAL_MANAGEMENT_NAME.into(),
                description: "Builtin Policy that grants unlimited access".into(),
                rules: GLOBAL_MANAGEMENT_RULES.into(),
                ..Policy::default()
            }),
            if_absent: true,
            must_exist: false,
        }))),
        Some(p) if p.rules != GLOBAL_MANAGEMENT_RULES || !p.datacenters.is_empty() => {
            // Renamed or redescribed is allowed; its rules are not theirs
            // to change.
            out.push(Command::AclPolicySet(Box::new(AclPolicySet {
                policy: Some(Policy {
                    rules: GLOBAL_MANAGEMENT_RULES.into(),
                    datacenters: Vec::new(),
                    ..p
                }),
                if_absent: false,
                must_exist: true,
            })));
        }
        Some(_) => {}
    }
    if view.acl_token(ANONYMOUS_ACCESSOR)?.is_none() {
        out.push(Command::AclTokenSet(Box::new(AclTokenSet {
            token: Some(Token {
                accessor_id: ANONYMOUS_ACCESSOR.into(),
                secret_id: ANONYMOUS_SECRET.into(),
                description: "Anonymous Token".into(),
                create_time_unix_ns: crate::acl::resolver::now_unix_ns(),
                ..Token::default()
            }),
            if_absent: true,
            must_exist: false,
        })));
    }
    if let Some(secret) = &config.tokens.initial_management
        && view.acl_token_by_secret(secret)?.is_none()
    {
        let token = Token {
            accessor_id: uuid::Uuid::new_v4().to_string(),
            secret_id: secret.clone(),
            description: "Initial Management Token".into(),
            policies: vec![PolicyLink {
                id: GLOBAL_MANAGEMENT_ID.into(),
                name: String::new(),
            }],
            create_time_unix_ns: crate::acl::resolver::now_unix_ns(),
            ..Token::default()
        };
        out.push(if view.acl_bootstrap_index()?.is_none() {
            Command::AclBootstrap(Box::new(AclBootstrap {
                token: Some(token),
                reset_index: 0,
            }))
        } else {
            Command::AclTokenSet(Box::new(AclTokenSet {
                token: Some(token),
                if_absent: true,
                must_exist: false,
            }))
        });
    }
    Ok(out)
}

/// Keeps the built-ins in place until `term_over`. The initial management
/// token is put in place once per term (as Consul does when leadership is
/// established), so an operator can still revoke it by deleting it.
pub async fn run(ctx: ServerContext, config: AclConfig, term_over: CancellationToken) {
    if !config.enabled {
        return;
    }
    let mut interval = tokio::time::interval(CHECK_EVERY);
    let mut management_done = false;
    loop {
        tokio::select! {
            _ = term_over.cancelled() => return,
            _ = interval.tick() => {}
        }
        let this_round = if management_done {
            AclConfig {
                tokens: crate::config::acl::AclTokens::default(),
                ..config.clone()
            }
        } else {
            config.clone()
        };
        let commands = match missing(ctx.state.engine(), &this_round) {
            Ok(c) => c,
            Err(error) => {
                tracing::error!(%error, "cannot read the ACL tables");
                continue;
            }
        };
        let mut all_applied = true;
        for command in commands {
            let what = match &command {
                Command::AclPolicySet(_) => "the global-management policy",
                Command::AclBootstrap(_) => "the initial management token (as the bootstrap)",
                Command::AclTokenSet(c)
                    if c.token
                        .as_ref()
                        .is_some_and(|t| t.accessor_id == ANONYMOUS_ACCESSOR) =>
                {
                    "the anonymous token"
                }
                _ => "the initial management token",
            };
            match forward::apply(&ctx, encode_command(command)).await {
                Ok(outcome) if outcome.success => tracing::info!("created {what}"),
                Ok(_) => {
                    all_applied = false;
                    tracing::warn!("could not create {what}; retrying in {CHECK_EVERY:?}")
                }
                Err(status) => {
                    all_applied = false;
                    tracing::warn!(error = %status.message(), "could not create {what}; retrying")
                }
            }
        }
        management_done |= all_applied;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{StateMachine, WatchHub};

    #[test]
    fn a_new_cluster_gets_every_built_in_and_then_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let engine = crate::storage::Engine::open(dir.path()).unwrap();
        let sm = StateMachine::new(engine, WatchHub::new());
        let config = AclConfig {
            enabled: true,
            tokens: crate::config::acl::AclTokens {
                initial_management: Some("root".into()),
                ..Default::default()
            },
            ..AclConfig::default()
        };
        let first = missing(sm.engine(), &config).unwrap();
        assert_eq!(first.len(), 3);
        assert!(matches!(first[2], Command::AclBootstrap(_)));
        for (i, c) in first.into_iter().enumerate() {
            let outcome = sm.apply(i as u64 + 1, &encode_command(c)).unwrap();
            assert!(outcome.success);
        }
        assert!(missing(sm.engine(), &config).unwrap().is_empty());
        let root = sm.engine().acl_token_by_secret("root").unwrap().unwrap();
        assert_eq!(root.policies[0].id, GLOBAL_MANAGEMENT_ID);
        assert_eq!(sm.engine().acl_bootstrap_index().unwrap(), Some(3));

        // Its rules changed behind the leader's back are put back; a new
        // initial management secret after a bootstrap is a plain token.
        let mut p = sm
            .engine()
            .acl_policy(GLOBAL_MANAGEMENT_ID)
            .unwrap()
            .unwrap();
        p.rules = "acl = \"read\"".into();
        p.name = "renamed".into();
        sm.apply(
            4,
            &encode_command(Command::AclPolicySet(Box::new(AclPolicySet {
                policy: Some(p),
                if_absent: false,
                must_exist: true,
            }))),
        )
        .unwrap();
        let config = AclConfig {
            tokens: crate::config::acl::AclTokens {
                initial_management: Some("root2".into()),
                ..Default::default()
            },
            ..config
        };
        let again = missing(sm.engine(), &config).unwrap();
        assert_eq!(again.len(), 2);
        for (i, c) in again.into_iter().enumerate() {
            assert!(matches!(
                c,
                Command::AclPolicySet(_) | Command::AclTokenSet(_)
            ));
            assert!(sm.apply(5 + i as u64, &encode_command(c)).unwrap().success);
        }
        let p = sm
            .engine()
            .acl_policy(GLOBAL_MANAGEMENT_ID)
            .unwrap()
            .unwrap();
        assert_eq!(
            (p.name.as_str(), p.rules.as_str()),
            ("renamed", GLOBAL_MANAGEMENT_RULES)
        );
        assert!(sm.engine().acl_token_by_secret("root2").unwrap().is_some());
    }
}

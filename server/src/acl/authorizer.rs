//! Deciding one request: what a token's merged rules allow for a resource
//! name, Consul's way. An exact rule beats any prefix rule; among prefix
//! rules the longest that matches wins; with no rule, the agent's
//! `default_policy` decides — except for ACL management, which only a
//! management token or an explicit `acl` rule grants.

use super::rules::{Access, Global, Resource, Rules};

/// What a request needs of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read,
    /// Listing keys (`?recurse`, `?keys`): a `list` or `write` rule.
    List,
    Write,
}

impl Need {
    fn granted_by(self, access: Access) -> bool {
        match self {
            Need::Read => access.allows_read(),
            Need::List => access.allows_list(),
            Need::Write => access.allows_write(),
        }
    }
}

/// A token's authority.
#[derive(Debug, Clone)]
pub struct Authorizer {
    management: bool,
    rules: Rules,
    /// `default_policy = "allow"`.
    default_allow: bool,
}

impl Authorizer {
    /// The management token's (`global-management`): everything.
    pub fn management() -> Authorizer {
        Authorizer {
            management: true,
            rules: Rules::default(),
            default_allow: true,
        }
    }

    /// A token whose policies merged to `rules`, on an agent whose
    /// `default_policy` is allow (`true`) or deny.
    pub fn new(rules: Rules, default_allow: bool) -> Authorizer {
        Authorizer {
            management: false,
            rules,
            default_allow,
        }
    }

    pub fn is_management(&self) -> bool {
        self.management
    }

    /// The rule that applies to `name`: the exact one, else the longest
    /// matching prefix.
    pub fn access(&self, resource: Resource, name: &str) -> Option<Access> {
        let segments = self.rules.segments.get(&resource)?;
        if let Some(access) = segments.exact.get(name) {
            return Some(*access);
        }
        // Prefixes of `name` are at most `name.len() + 1` strings: look
        // each up, longest first.
        (0..=name.len())
            .rev()
            .filter(|&end| name.is_char_boundary(end))
            .find_map(|end| segments.prefix.get(&name[..end]).copied())
    }

    /// The prefix rule that covers everything under `prefix`: the longest
    /// prefix rule that is a prefix of it. An exact rule for the string
    /// `prefix` names one key, not the keys under it.
    fn prefix_access(&self, resource: Resource, prefix: &str) -> Option<Access> {
        let segments = self.rules.segments.get(&resource)?;
        (0..=prefix.len())
            .rev()
            .filter(|&end| prefix.is_char_boundary(end))
            .find_map(|end| segments.prefix.get(&prefix[..end]).copied())
    }

    /// Whether `need` on `name` of `resource` is allowed.
    pub fn allows(&self, resource: Resource, name: &str, need: Need) -> bool {
        if self.management {
            return true;
        }
        match self.access(resource, name) {
            Some(access) => need.granted_by(access),
            None => self.default_allow,
        }
    }

    /// Whether `need` on a resource with one rule (`operator`, `acl`, ...)
    /// is allowed. The default never grants ACL management.
    pub fn allows_global(&self, global: Global, need: Need) -> bool {
        if self.management {
            return true;
        }
        match self.rules.globals.get(&global) {
            Some(access) => need.granted_by(*access),
            None => self.default_allow && global != Global::Acl,
        }
    }

    /// Whether every key under `prefix` may be written (a recursive
    /// delete): the rule for the prefix itself must allow writing, and no
    /// rule for a longer name under it may forbid it.
    pub fn allows_write_prefix(&self, prefix: &str) -> bool {
        if self.management {
            return true;
        }
        let own = self.prefix_access(Resource::Key, prefix);
        if own.is_some_and(|a| !a.allows_write()) {
            return false;
        }
        if let Some(segments) = self.rules.segments.get(&Resource::Key) {
            let under = |map: &std::collections::BTreeMap<String, Access>| {
                map.range(prefix.to_string()..)
                    .take_while(|(name, _)| name.starts_with(prefix))
                    .all(|(_, access)| access.allows_write())
            };
            if !under(&segments.exact) || !under(&segments.prefix) {
                return false;
            }
        }
        own.is_some() || self.default_allow
    }

    /// Whether every name of `resource` under `prefix` may be read: a
    /// listing of it then leaves nothing out.
    pub fn reads_all_under(&self, resource: Resource, prefix: &str) -> bool {
        if self.management {
            return true;
        }
        match self.prefix_access(resource, prefix) {
            Some(access) if !access.allows_read() => return false,
            None if !self.default_allow => return false,
            _ => {}
        }
        let Some(segments) = self.rules.segments.get(&resource) else {
            return true;
        };
        let under = |map: &std::collections::BTreeMap<String, Access>| {
            map.range(prefix.to_string()..)
                .take_while(|(name, _)| name.starts_with(prefix))
                .all(|(_, access)| access.allows_read())
        };
        under(&segments.exact) && under(&segments.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(rules: &str, default_allow: bool) -> Authorizer {
        Authorizer::new(Rules::parse(rules).unwrap(), default_allow)
    }

    #[test]
    fn reading_all_under_a_prefix_needs_every_rule_under_it_to_allow_reading() {
        let t = token(
            r#"
            key_prefix "app/" { policy = "read" }
            key "app/secret" { policy = "deny" }
            key_prefix "web/" { policy = "write" }
            "#,
            false,
        );
        assert!(t.reads_all_under(Resource::Key, "web/"));
        assert!(t.reads_all_under(Resource::Key, "app/x"));
        assert!(
            !t.reads_all_under(Resource::Key, "app/"),
            "app/secret is denied"
        );
        assert!(!t.reads_all_under(Resource::Key, ""), "default deny");
        assert!(!t.reads_all_under(Resource::Key, "other/"));
        let open = token(r#"key "a/b" { policy = "deny" }"#, true);
        assert!(open.reads_all_under(Resource::Key, "c/"));
        assert!(!open.reads_all_under(Resource::Key, "a/"));
        assert!(Authorizer::management().reads_all_under(Resource::Key, ""));
        // An exact rule for the prefix's own string covers that key only.
        let exact = token(r#"key "app/" { policy = "write" }"#, false);
        assert!(!exact.reads_all_under(Resource::Key, "app/"));
        assert!(!exact.allows_write_prefix("app/"));
        assert!(exact.allows(Resource::Key, "app/", Need::Write));
    }

    #[test]
    fn exact_beats_prefix_and_the_longest_prefix_wins() {
        let t = token(
            r#"
            key_prefix "" { policy = "read" }
            key_prefix "app/" { policy = "write" }
            key_prefix "app/secret/" { policy = "deny" }
            key "app/secret/shared" { policy = "read" }
            key "app/" { policy = "deny" }
            "#,
            false,
        );
        let cases = [
            ("other", Need::Read, true),
            ("other", Need::Write, false),
            ("app/x", Need::Write, true),
            ("app/secret/x", Need::Read, false),
            ("app/secret/shared", Need::Read, true),
            ("app/secret/shared", Need::Write, false),
            // The exact rule for "app/" is not a prefix rule.
            ("app/", Need::Read, false),
            ("app/y", Need::Read, true),
            ("", Need::Read, true),
        ];
        for (key, need, allowed) in cases {
            assert_eq!(
                t.allows(Resource::Key, key, need),
                allowed,
                "{key} {need:?}"
            );
        }
    }

    #[test]
    fn no_rule_means_the_default_policy_and_list_needs_list_or_write() {
        let deny = token(r#"key_prefix "logs/" { policy = "list" }"#, false);
        assert!(deny.allows(Resource::Key, "logs/a", Need::List));
        assert!(deny.allows(Resource::Key, "logs/a", Need::Read));
        assert!(!deny.allows(Resource::Key, "logs/a", Need::Write));
        assert!(!deny.allows(Resource::Key, "other", Need::Read));
        assert!(!deny.allows(Resource::Service, "web", Need::Read));
        let allow = token(r#"key_prefix "ro/" { policy = "read" }"#, true);
        assert!(!allow.allows(Resource::Key, "ro/a", Need::List));
        assert!(!allow.allows(Resource::Key, "ro/a", Need::Write));
        assert!(allow.allows(Resource::Key, "rw/a", Need::Write));
        assert!(allow.allows(Resource::Node, "n1", Need::Write));
        let write = token(r#"key_prefix "" { policy = "write" }"#, false);
        assert!(write.allows(Resource::Key, "a", Need::List));
    }

    #[test]
    fn globals_and_acl_management() {
        let t = token(r#"operator = "read""#, true);
        assert!(t.allows_global(Global::Operator, Need::Read));
        assert!(!t.allows_global(Global::Operator, Need::Write));
        // default allow grants keyring, never ACL management.
        assert!(t.allows_global(Global::Keyring, Need::Write));
        assert!(!t.allows_global(Global::Acl, Need::Read));
        let admin = token(r#"acl = "write""#, false);
        assert!(admin.allows_global(Global::Acl, Need::Write));
        assert!(!admin.allows_global(Global::Operator, Need::Read));
        let m = Authorizer::management();
        assert!(m.allows_global(Global::Acl, Need::Write));
        assert!(m.allows(Resource::Key, "anything", Need::Write));
        assert!(m.allows_write_prefix(""));
    }

    #[test]
    fn writing_a_prefix_needs_write_on_everything_under_it() {
        let t = token(
            r#"
            key_prefix "app/" { policy = "write" }
            key "app/locked" { policy = "read" }
            key_prefix "app/ro/" { policy = "read" }
            key_prefix "tmp/" { policy = "write" }
            "#,
            false,
        );
        assert!(!t.allows_write_prefix("app/"), "app/locked is read-only");
        assert!(!t.allows_write_prefix("app/r"), "app/ro/ is read-only");
        assert!(t.allows_write_prefix("app/x"));
        assert!(t.allows_write_prefix("tmp/"));
        assert!(
            !t.allows_write_prefix(""),
            "no rule for the root under deny"
        );
        let open = token(r#"key "etc/passwd" { policy = "deny" }"#, true);
        assert!(open.allows_write_prefix("var/"));
        assert!(!open.allows_write_prefix("etc/"));
    }

    #[test]
    fn multibyte_names_match_on_character_boundaries() {
        let t = token(r#"service_prefix "wé" { policy = "write" }"#, false);
        assert!(t.allows(Resource::Service, "wéb", Need::Write));
        assert!(!t.allows(Resource::Service, "w", Need::Read));
    }
}

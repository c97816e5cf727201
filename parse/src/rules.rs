//! ACL rules as Consul writes them, in HCL or JSON:
//!
//! ```hcl
//! key_prefix ""        { policy = "read" }
//! key        "app/cfg" { policy = "write" }
//! service_prefix ""    { policy = "read" }
//! node       "node1"   { policy = "write" }
//! operator = "read"
//! ```
//!
//! HCL is read with the `hcl-rs` parser into its JSON form, so both syntaxes
//! go through one reader. A rule set that does not parse, names a resource
//! Roster does not know, or gives a policy a resource does not take is
//! refused with the reason: a misspelt `deny` must not pass as nothing.

use std::collections::BTreeMap;

use serde_json::Value;

/// What a rule grants. Ordered by how much it grants; when several of a
/// token's policies give one resource a rule, [`Access::merge`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Deny,
    Read,
    /// Keys only: read, and list (`?recurse`, `?keys`).
    List,
    Write,
}

impl Access {
    fn parse(text: &str, list_allowed: bool) -> Result<Access, String> {
        match text {
            "deny" => Ok(Access::Deny),
            "read" => Ok(Access::Read),
            "list" if list_allowed => Ok(Access::List),
            "write" => Ok(Access::Write),
            "list" => Err("\"list\" is a policy of keys only".into()),
            other => Err(format!(
                "invalid policy {other:?} (one of read, write{}, deny)",
                if list_allowed { ", list" } else { "" }
            )),
        }
    }

    /// Two policies' rules for the same resource: deny wins, then the one
    /// that grants more (Consul's precedence: deny > write > list > read).
    pub fn merge(self, other: Access) -> Access {
        if self == Access::Deny || other == Access::Deny {
            Access::Deny
        } else {
            self.max(other)
        }
    }

    pub fn allows_read(self) -> bool {
        self >= Access::Read
    }

    pub fn allows_list(self) -> bool {
        self >= Access::List
    }

    pub fn allows_write(self) -> bool {
        self == Access::Write
    }
}

/// The resources named by a segment (`key "a"`, `key_prefix "a"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Key,
    Service,
    Node,
    Session,
    Agent,
    Event,
    Query,
}

impl Resource {
    pub const ALL: [Resource; 7] = [
        Resource::Key,
        Resource::Service,
        Resource::Node,
        Resource::Session,
        Resource::Agent,
        Resource::Event,
        Resource::Query,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Resource::Key => "key",
            Resource::Service => "service",
            Resource::Node => "node",
            Resource::Session => "session",
            Resource::Agent => "agent",
            Resource::Event => "event",
            Resource::Query => "query",
        }
    }
}

/// The resources with one rule for all of them (`operator = "read"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Global {
    Acl,
    Operator,
    Keyring,
    Mesh,
    Peering,
}

impl Global {
    pub const ALL: [Global; 5] = [
        Global::Acl,
        Global::Operator,
        Global::Keyring,
        Global::Mesh,
        Global::Peering,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Global::Acl => "acl",
            Global::Operator => "operator",
            Global::Keyring => "keyring",
            Global::Mesh => "mesh",
            Global::Peering => "peering",
        }
    }
}

/// The rules of one resource kind: by exact name, and by prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    pub exact: BTreeMap<String, Access>,
    pub prefix: BTreeMap<String, Access>,
}

/// One policy's rules (or several policies' merged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    pub segments: BTreeMap<Resource, Segments>,
    pub globals: BTreeMap<Global, Access>,
}

/// Why rules were refused: the text for `Failed to parse policy: <why>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(pub String);

impl Rules {
    /// Parses rules in HCL or JSON (JSON when the text starts with `{`).
    /// Empty text is no rules.
    pub fn parse(text: &str) -> Result<Rules, RulesError> {
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Ok(Rules::default());
        }
        let value: Value = if trimmed.starts_with('{') {
            serde_json::from_str(text).map_err(|e| RulesError(format!("invalid JSON: {e}")))?
        } else {
            crate::hcl_guard::check(text).map_err(|e| RulesError(format!("invalid HCL: {e}")))?;
            hcl::from_str(text).map_err(|e| RulesError(format!("invalid HCL: {e}")))?
        };
        Rules::from_value(&value)
    }

    /// Reads rules from their JSON form.
    pub fn from_value(value: &Value) -> Result<Rules, RulesError> {
        let err = |s: String| RulesError(s);
        let Value::Object(top) = value else {
            return Err(err("rules must be an object of resources".into()));
        };
        let mut rules = Rules::default();
        for (key, value) in top {
            if let Some(global) = Global::ALL.iter().find(|g| g.name() == key) {
                let Value::String(policy) = value else {
                    return Err(err(format!("{key}: the policy must be a string")));
                };
                let access =
                    Access::parse(policy, false).map_err(|e| err(format!("{key}: {e}")))?;
                let slot = rules.globals.entry(*global).or_insert(access);
                *slot = slot.merge(access);
                continue;
            }
            let (kind, prefix) = match key.strip_suffix("_prefix") {
                Some(kind) => (kind, true),
                None => (key.as_str(), false),
            };
            let Some(resource) = Resource::ALL.iter().copied().find(|r| r.name() == kind) else {
                return Err(err(format!("unknown resource {key:?}")));
            };
            let segments = rules.segments.entry(resource).or_default();
            let map = if prefix {
                &mut segments.prefix
            } else {
                &mut segments.exact
            };
            for (name, body) in blocks(value).map_err(|e| err(format!("{key}: {e}")))? {
                let access = segment_policy(resource, body)
                    .map_err(|e| err(format!("{key} {name:?}: {e}")))?;
                let slot = map.entry(name).or_insert(access);
                *slot = slot.merge(access);
            }
        }
        // Kinds that ended up with no rule are left out.
        rules
            .segments
            .retain(|_, s| !s.exact.is_empty() || !s.prefix.is_empty());
        Ok(rules)
    }

    /// `other`'s rules added to these, each resource's by [`Access::merge`].
    pub fn merge(&mut self, other: &Rules) {
        for (resource, theirs) in &other.segments {
            let ours = self.segments.entry(*resource).or_default();
            for (mine, their) in [
                (&mut ours.exact, &theirs.exact),
                (&mut ours.prefix, &theirs.prefix),
            ] {
                for (name, access) in their {
                    let slot = mine.entry(name.clone()).or_insert(*access);
                    *slot = slot.merge(*access);
                }
            }
        }
        for (global, access) in &other.globals {
            let slot = self.globals.entry(*global).or_insert(*access);
            *slot = slot.merge(*access);
        }
    }
}

/// The `name -> body` pairs of one resource key. HCL's labelled blocks
/// come as an object of names; a repeated name, or JSON written as a list
/// of such objects, as lists.
fn blocks(value: &Value) -> Result<Vec<(String, &Value)>, String> {
    let mut out = Vec::new();
    match value {
        Value::Object(names) => {
            for (name, body) in names {
                match body {
                    Value::Array(bodies) => {
                        out.extend(bodies.iter().map(|b| (name.clone(), b)));
                    }
                    body => out.push((name.clone(), body)),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                out.extend(blocks(item)?);
            }
        }
        _ => {
            return Err(
                "expected blocks of names, e.g. key_prefix \"\" { policy = \"read\" }".into(),
            );
        }
    }
    Ok(out)
}

/// The policy of one segment's body `{ policy = "read" }`. `intentions`
/// (service rules) is accepted and has no effect: Roster has no mesh.
fn segment_policy(resource: Resource, body: &Value) -> Result<Access, String> {
    let Value::Object(fields) = body else {
        return Err("expected a block with a policy".into());
    };
    let mut access = None;
    for (field, value) in fields {
        match (field.as_str(), value) {
            ("policy", Value::String(p)) => {
                access = Some(Access::parse(p, resource == Resource::Key)?);
            }
            ("policy", _) => return Err("the policy must be a string".into()),
            ("intentions", Value::String(_)) if resource == Resource::Service => {}
            (other, _) => return Err(format!("unknown field {other:?}")),
        }
    }
    access.ok_or_else(|| "no policy".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(rules: &Rules, r: Resource) -> &Segments {
        rules.segments.get(&r).expect("segments")
    }

    #[test]
    fn hcl_and_json_forms_read_the_same() {
        let hcl = r#"
            key_prefix "" { policy = "read" }
            key_prefix "secret/" { policy = "deny" }
            key "app/cfg" { policy = "write" }
            key_prefix "logs/" { policy = "list" }
            service_prefix "" { policy = "read" }
            service "web" {
              policy = "write"
              intentions = "read"
            }
            node "node1" { policy = "write" }
            session_prefix "" { policy = "write" }
            agent_prefix "" { policy = "read" }
            event_prefix "deploy" { policy = "write" }
            query_prefix "" { policy = "read" }
            operator = "read"
            acl = "write"
            keyring = "deny"
        "#;
        let json = r#"{
            "key_prefix": {"": {"policy": "read"}, "secret/": {"policy": "deny"},
                           "logs/": {"policy": "list"}},
            "key": {"app/cfg": {"policy": "write"}},
            "service_prefix": {"": {"policy": "read"}},
            "service": {"web": {"policy": "write", "intentions": "read"}},
            "node": {"node1": {"policy": "write"}},
            "session_prefix": {"": {"policy": "write"}},
            "agent_prefix": {"": {"policy": "read"}},
            "event_prefix": {"deploy": {"policy": "write"}},
            "query_prefix": {"": {"policy": "read"}},
            "operator": "read", "acl": "write", "keyring": "deny"
        }"#;
        let a = Rules::parse(hcl).unwrap();
        let b = Rules::parse(json).unwrap();
        assert_eq!(a, b);
        let keys = seg(&a, Resource::Key);
        assert_eq!(keys.prefix[""], Access::Read);
        assert_eq!(keys.prefix["secret/"], Access::Deny);
        assert_eq!(keys.prefix["logs/"], Access::List);
        assert_eq!(keys.exact["app/cfg"], Access::Write);
        assert_eq!(seg(&a, Resource::Service).exact["web"], Access::Write);
        assert_eq!(a.globals[&Global::Operator], Access::Read);
        assert_eq!(a.globals[&Global::Acl], Access::Write);
        assert_eq!(a.globals[&Global::Keyring], Access::Deny);
        assert_eq!(a.segments.len(), 7);
    }

    #[test]
    fn repeated_blocks_merge_with_deny_first_then_the_most_granted() {
        let rules = Rules::parse(
            r#"
            key "a" { policy = "read" }
            key "a" { policy = "write" }
            key "b" { policy = "write" }
            key "b" { policy = "deny" }
            "#,
        )
        .unwrap();
        let keys = seg(&rules, Resource::Key);
        assert_eq!(keys.exact["a"], Access::Write);
        assert_eq!(keys.exact["b"], Access::Deny);
        // The same between policies.
        let mut one = Rules::parse(r#"key_prefix "x" { policy = "list" }"#).unwrap();
        one.merge(&Rules::parse(r#"key_prefix "x" { policy = "read" }"#).unwrap());
        assert_eq!(seg(&one, Resource::Key).prefix["x"], Access::List);
        one.merge(&Rules::parse(r#"key_prefix "x" { policy = "deny" }"#).unwrap());
        assert_eq!(seg(&one, Resource::Key).prefix["x"], Access::Deny);
        one.merge(&Rules::parse(r#"key_prefix "x" { policy = "write" }"#).unwrap());
        assert_eq!(seg(&one, Resource::Key).prefix["x"], Access::Deny);
    }

    #[test]
    fn bad_rules_are_refused_with_the_reason() {
        // Fuzzing (acl_rules) found rules of this shape that hcl-rs takes
        // exponential time to refuse; they are refused before it reads them.
        let found = "rr=i/YetE*oY[e*ot*o[t*ot*o[o*oYEt*ot*o[ot*oYet*o[oet*ot*o[oYEt*ot*o[ot*Et*ollt\
            [ot*t*o[t*ot*o[ot*oYEtYE*oY[et*oYEt*ot*o[ot*YEt*ollt*ot*o[o[ot*oYet*oYEt*oet*oY|\0";
        let e = Rules::parse(&found.repeat(3)).unwrap_err();
        assert!(
            e.0.contains("line 1, column 5") && e.0.contains("'/'"),
            "{e}"
        );
        for (text, why) in [
            (r#"key "a" { policy = "rw" }"#, "invalid policy \"rw\""),
            (r#"service "a" { policy = "list" }"#, "keys only"),
            (
                r#"keys "a" { policy = "read" }"#,
                "unknown resource \"keys\"",
            ),
            (r#"key "a" { polcy = "read" }"#, "unknown field \"polcy\""),
            (r#"key "a" { }"#, "no policy"),
            (r#"operator = "list""#, "keys only"),
            (r#"operator { policy = "read" }"#, "must be a string"),
            (r#"key_prefix = "read""#, "expected blocks"),
            (r#"key "a" { policy = "read" "#, "invalid HCL"),
            (r#"{"key": {"a": {"policy": 1}}}"#, "must be a string"),
            (r#"{"key": "#, "invalid JSON"),
            (
                "node \"n\" {\n policy = \"read\"\n intentions = \"read\"\n}",
                "unknown field",
            ),
        ] {
            let e = Rules::parse(text).unwrap_err();
            assert!(e.0.contains(why), "{text}: {e} (wanted {why})");
        }
        assert_eq!(Rules::parse("  \n").unwrap(), Rules::default());
    }
}

//! Who may enter a pool. serf asks before it merges members learnt from a
//! join (push/pull) or from an alive message; an error refuses them (a join
//! then fails with the reason). The rules are Consul's merge delegates:
//!
//! - LAN: a member of another datacenter or segment is refused, and so is a
//!   node ID held under another name, whether by this agent or by another
//!   member of the same merge (node IDs key the catalog).
//! - WAN: only servers, named `<node>.<dc>` with `<dc>` their `dc` tag.

use std::{collections::HashMap, net::SocketAddr, sync::Arc};

use serf::{
    delegate::{CompositeDelegate, MergeDelegate},
    types::{Member, SmolStr, Tags},
};

use super::{PoolKind, tags};

/// The delegate type every pool runs with.
pub type PoolDelegate = CompositeDelegate<SmolStr, SocketAddr, MergeCheck>;

/// Why members were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MergeRefused(pub String);

/// What the local agent is, for the checks.
#[derive(Debug, Clone)]
pub struct MergeCheck {
    kind: PoolKind,
    datacenter: String,
    node_name: String,
    node_id: String,
    segment: String,
}

impl MergeCheck {
    /// The check for a pool of `kind` run by the agent `node_name` /
    /// `node_id` of `datacenter`.
    pub fn new(kind: PoolKind, datacenter: &str, node_name: &str, node_id: &str) -> Self {
        MergeCheck {
            kind,
            datacenter: datacenter.to_string(),
            node_name: node_name.to_string(),
            node_id: node_id.to_string(),
            segment: String::new(),
        }
    }

    /// The delegate to hand to serf.
    pub fn into_delegate(self) -> PoolDelegate {
        CompositeDelegate::new().with_merge_delegate(self)
    }

    /// Checks the members (name, tags) that would be merged.
    pub fn check<'a>(
        &self,
        members: impl IntoIterator<Item = (&'a str, &'a Tags)>,
    ) -> Result<(), MergeRefused> {
        match self.kind {
            PoolKind::Lan => self.check_lan(members),
            PoolKind::Wan => check_wan(members),
        }
    }

    fn check_lan<'a>(
        &self,
        members: impl IntoIterator<Item = (&'a str, &'a Tags)>,
    ) -> Result<(), MergeRefused> {
        let mut ids: HashMap<String, &str> = HashMap::new();
        for (name, tags) in members {
            if let Some(id) = tag(tags, "id").filter(|id| !id.is_empty()) {
                let id = id.to_ascii_lowercase();
                if id == self.node_id.to_ascii_lowercase()
                    && !name.eq_ignore_ascii_case(&self.node_name)
                {
                    return Err(MergeRefused(format!(
                        "Member '{name}' has conflicting node ID '{id}' with this agent's ID"
                    )));
                }
                if let Some(other) = ids.insert(id.clone(), name) {
                    return Err(MergeRefused(format!(
                        "Member '{name}' has conflicting node ID '{id}' with member '{other}'"
                    )));
                }
            }
            if let Some(dc) = tag(tags, "dc")
                && dc != self.datacenter
            {
                return Err(MergeRefused(format!(
                    "Member '{name}' part of wrong datacenter '{dc}'"
                )));
            }
            let segment = tag(tags, "segment").unwrap_or("");
            if segment != self.segment {
                return Err(MergeRefused(format!(
                    "Member '{name}' part of wrong segment '{segment}' (expected '{}')",
                    self.segment
                )));
            }
        }
        Ok(())
    }
}

fn tag<'a>(tags: &'a Tags, key: &str) -> Option<&'a str> {
    tags.get(key).map(|v| v.as_str())
}

fn check_wan<'a>(
    members: impl IntoIterator<Item = (&'a str, &'a Tags)>,
) -> Result<(), MergeRefused> {
    for (name, tags) in members {
        if tag(tags, "role") != Some(tags::SERVER_ROLE) {
            return Err(MergeRefused(format!("Member '{name}' is not a server")));
        }
        let suffix = name.rsplit_once('.').map(|(_, dc)| dc);
        if suffix.is_none() || suffix != tag(tags, "dc") {
            return Err(MergeRefused(format!(
                "Member '{name}' has mismatched datacenter"
            )));
        }
    }
    Ok(())
}

impl MergeDelegate for MergeCheck {
    type Error = MergeRefused;
    type Id = SmolStr;
    type Address = SocketAddr;

    async fn notify_merge(
        &self,
        members: Arc<[Member<SmolStr, SocketAddr>]>,
    ) -> Result<(), MergeRefused> {
        let result = self.check(
            members
                .iter()
                .map(|m| (m.node().id().as_str(), &**m.tags())),
        );
        if let Err(e) = &result {
            tracing::warn!(pool = self.kind.as_str(), "refused gossip members: {e}");
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(check: &MergeCheck, members: &[(&str, &[(&str, &str)])]) -> Result<(), MergeRefused> {
        let built: Vec<(&str, Tags)> = members
            .iter()
            .map(|(name, tags)| (*name, tags.iter().map(|(k, v)| (*k, *v)).collect()))
            .collect();
        check.check(built.iter().map(|(name, tags)| (*name, tags)))
    }

    const A: &str = "0d7b2f5e-0000-4000-8000-00000000000a";
    const B: &str = "0d7b2f5e-0000-4000-8000-00000000000b";

    #[test]
    fn lan_accepts_its_datacenter_and_refuses_others() {
        let check = MergeCheck::new(PoolKind::Lan, "dc1", "n1", A);
        run(
            &check,
            &[
                ("n1", &[("id", A), ("dc", "dc1"), ("segment", "")]),
                ("n2", &[("id", B), ("dc", "dc1"), ("segment", "")]),
            ],
        )
        .unwrap();
        let err = run(&check, &[("x", &[("id", B), ("dc", "dc2")])]).unwrap_err();
        assert_eq!(err.0, "Member 'x' part of wrong datacenter 'dc2'");
        let err = run(
            &check,
            &[("x", &[("id", B), ("dc", "dc1"), ("segment", "s")])],
        )
        .unwrap_err();
        assert_eq!(err.0, "Member 'x' part of wrong segment 's' (expected '')");
    }

    #[test]
    fn lan_refuses_node_id_conflicts() {
        let check = MergeCheck::new(PoolKind::Lan, "dc1", "n1", A);
        // Our own ID under another name.
        let err = run(
            &check,
            &[("n9", &[("id", &A.to_uppercase()), ("dc", "dc1")])],
        )
        .unwrap_err();
        assert!(err.0.contains("with this agent's ID"), "{err}");
        // Our own name with our own ID is us (a restart on a new address).
        run(&check, &[("N1", &[("id", A), ("dc", "dc1")])]).unwrap();
        // Two others sharing an ID.
        let err = run(
            &check,
            &[
                ("n2", &[("id", B), ("dc", "dc1")]),
                ("n3", &[("id", B), ("dc", "dc1")]),
            ],
        )
        .unwrap_err();
        assert_eq!(
            err.0,
            format!("Member 'n3' has conflicting node ID '{B}' with member 'n2'")
        );
    }

    #[test]
    fn wan_takes_only_servers_named_after_their_datacenter() {
        let check = MergeCheck::new(PoolKind::Wan, "dc1", "n1", A);
        run(&check, &[("s1.dc2", &[("role", "consul"), ("dc", "dc2")])]).unwrap();
        let err = run(&check, &[("c1.dc1", &[("role", "node"), ("dc", "dc1")])]).unwrap_err();
        assert_eq!(err.0, "Member 'c1.dc1' is not a server");
        let err = run(&check, &[("s1.dc2", &[("role", "consul"), ("dc", "dc3")])]).unwrap_err();
        assert_eq!(err.0, "Member 's1.dc2' has mismatched datacenter");
        let err = run(&check, &[("s1", &[("role", "consul"), ("dc", "dc1")])]).unwrap_err();
        assert_eq!(err.0, "Member 's1' has mismatched datacenter");
    }
}

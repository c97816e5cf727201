//! Who this agent is: its node ID ([`NodeId`], a UUID, configured with
//! `-node-id` or kept in `<data_dir>/node-id`) and, on a server, its Raft id
//! (kept in `<data_dir>/raft-id`). Both are written so that a power cut
//! leaves each file whole or absent.

use std::{
    fmt,
    path::{Path, PathBuf},
    str::FromStr,
};

use crate::files::write_durably;

/// A node's ID: a UUID, fixed for the life of its data dir. The catalog and
/// gossip carry it as text (Consul's `ID` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(uuid::Uuid);

impl NodeId {
    /// A new random node ID.
    pub fn random() -> NodeId {
        NodeId(uuid::Uuid::new_v4())
    }

    /// The UUID.
    pub fn as_uuid(&self) -> &uuid::Uuid {
        &self.0
    }

    /// The Raft id derived from this node ID (its first 8 bytes, never 0):
    /// what servers used before the Raft id was kept in the data dir.
    pub fn derived_raft_id(&self) -> u64 {
        let bytes: [u8; 8] = self.0.as_bytes()[..8]
            .try_into()
            .expect("a uuid has 16 bytes");
        u64::from_be_bytes(bytes).max(1)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for NodeId {
    type Err = uuid::Error;

    fn from_str(s: &str) -> Result<NodeId, uuid::Error> {
        uuid::Uuid::parse_str(s).map(NodeId)
    }
}

/// The data dir cannot say who this agent is.
#[derive(Debug, thiserror::Error)]
#[error("data dir {path}: {detail}")]
pub struct IdentityError {
    /// The data dir.
    pub path: PathBuf,
    /// What is wrong.
    pub detail: String,
}

/// The node ID: configured, else kept in `<data_dir>/node-id`, else new.
pub fn node_id(configured: Option<&str>, dir: &Path) -> Result<NodeId, IdentityError> {
    let file = dir.join("node-id");
    let err = |detail: String| IdentityError {
        path: dir.to_path_buf(),
        detail,
    };
    let stored = match std::fs::read_to_string(&file) {
        Ok(s) => Some(
            NodeId::from_str(s.trim())
                .map_err(|e| err(format!("{} holds no UUID: {e}", file.display())))?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(format!("cannot read {}: {e}", file.display()))),
    };
    let configured = configured
        .map(NodeId::from_str)
        .transpose()
        .map_err(|e| err(e.to_string()))?;
    let id = match (configured, stored) {
        (Some(c), Some(s)) if c != s => {
            return Err(err(format!(
                "node ID {c} differs from the one this data dir belongs to ({s})"
            )));
        }
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => NodeId::random(),
    };
    if stored.is_none() {
        write_durably(&file, id.to_string().as_bytes())
            .map_err(|e| err(format!("cannot write {}: {e}", file.display())))?;
    }
    Ok(id)
}

/// This server's Raft id, kept in `<data_dir>/raft-id`. A new data dir gets
/// a random one, so that a server whose data dir was wiped (forgetting its
/// vote and its log) comes back as a new member even with the same
/// `-node-id`: the leader removes the old id, whose node is back under the
/// new one (`cluster::replaced_member`), and adds the new one. So does a
/// data dir whose `state` was removed but not this file. A data dir that
/// holds Raft state from before the file existed keeps the id derived from
/// the node ID, which it was using.
pub fn raft_id(dir: &Path, node_id: &NodeId) -> Result<u64, IdentityError> {
    let file = dir.join("raft-id");
    let err = |detail: String| IdentityError {
        path: dir.to_path_buf(),
        detail,
    };
    let state = dir.join("state");
    match std::fs::read_to_string(&file) {
        // A data dir whose state was removed forgot the vote and the log of
        // that id: it gets a new one.
        Ok(_) if !state.exists() => {}
        Ok(s) => {
            return s
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|&id| id != 0)
                .ok_or_else(|| err(format!("{} holds no Raft id", file.display())));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(err(format!("cannot read {}: {e}", file.display()))),
    }
    let id = if state.exists() {
        node_id.derived_raft_id()
    } else {
        rand::random::<u64>().max(1)
    };
    write_durably(&file, id.to_string().as_bytes())
        .map_err(|e| err(format!("cannot write {}: {e}", file.display())))?;
    Ok(id)
}

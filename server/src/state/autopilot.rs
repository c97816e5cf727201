//! The cluster's autopilot settings (Consul's `AutopilotConfig`): one row in
//! `meta`, replaced by `AutopilotSetConfiguration` (optionally
//! check-and-set on its ModifyIndex). The first leader writes them from its
//! agent configuration when none are stored; from then on they are the
//! cluster's, changed only through the API.

use prost::Message as _;
use roster_proto::{
    common::{from_proto_duration, to_proto_duration},
    operator::v1::AutopilotConfiguration,
    raft::v1::AutopilotSetConfiguration,
};

use super::{StateError, StateMachine};
use crate::{cluster::Autopilot, storage::Tables};

/// Name of the autopilot settings in the table-index records and the hub.
pub const TABLE_AUTOPILOT: &str = "autopilot";

/// Key of the settings in `meta`.
const KEY: &[u8] = b"autopilot_configuration";

/// Applies `AutopilotSetConfiguration` at `index`; false when its
/// check-and-set index did not match. As in Consul, a check-and-set
/// against settings that were never written succeeds whatever its index,
/// and 0 never matches written ones.
pub(super) fn apply_set(
    sm: &StateMachine,
    ch: &mut super::Changes,
    index: u64,
    c: AutopilotSetConfiguration,
) -> Result<bool, StateError> {
    let current = get(sm.engine())?;
    let matches = match (c.cas_index, &current) {
        (None, _) | (Some(_), None) => true,
        (Some(cas), Some(current)) => current.modify_index == cas,
    };
    if matches {
        let mut config = c.configuration.unwrap_or_default();
        config.create_index = current.map_or(index, |c| c.create_index);
        config.modify_index = index;
        ch.w.put_meta(KEY, config.encode_to_vec());
        ch.w.set_table_index(TABLE_AUTOPILOT, index);
        ch.wake_table(TABLE_AUTOPILOT);
    }
    Ok(matches)
}

/// The stored settings, if any were written.
pub fn get(view: &impl Tables) -> Result<Option<AutopilotConfiguration>, StateError> {
    let Some(bytes) = view.get_raw(crate::storage::CF_META, KEY)? else {
        return Ok(None);
    };
    AutopilotConfiguration::decode(bytes.as_slice())
        .map(Some)
        .map_err(|e| {
            StateError::Storage(crate::storage::StorageError::Corrupt {
                cf: crate::storage::CF_META,
                detail: format!("bad autopilot settings: {e}"),
            })
        })
}

/// The settings in force: the stored ones, else `defaults` (the agent's
/// configuration).
pub fn effective(view: &impl Tables, defaults: &Autopilot) -> Result<Autopilot, StateError> {
    Ok(get(view)?.map_or(*defaults, |c| from_proto(&c)))
}

/// The settings as the API shows them (indexes 0 when never written).
pub fn to_proto(a: &Autopilot) -> AutopilotConfiguration {
    AutopilotConfiguration {
        cleanup_dead_servers: a.cleanup_dead_servers,
        last_contact_threshold: Some(to_proto_duration(a.last_contact_threshold)),
        max_trailing_logs: a.max_trailing_logs,
        min_quorum: a.min_quorum,
        server_stabilization_time: Some(to_proto_duration(a.server_stabilization_time)),
        ..Default::default()
    }
}

/// The settings autopilot acts on.
pub fn from_proto(c: &AutopilotConfiguration) -> Autopilot {
    let duration = |d: Option<&prost_types::Duration>| from_proto_duration(d);
    Autopilot {
        cleanup_dead_servers: c.cleanup_dead_servers,
        last_contact_threshold: duration(c.last_contact_threshold.as_ref()),
        max_trailing_logs: c.max_trailing_logs,
        min_quorum: c.min_quorum,
        server_stabilization_time: duration(c.server_stabilization_time.as_ref()),
    }
}

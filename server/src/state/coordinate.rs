//! The coordinates table: applying `CoordinateBatchUpdate` and the rules a
//! stored coordinate follows.

use roster_proto::{coordinate::v1::Coordinate, raft::v1::CoordinateBatchUpdate};

use super::{Changes, StateError};

/// Name of the coordinates table (table index and watch target).
pub const TABLE_COORDINATES: &str = "coordinates";

/// Dimensions of a Vivaldi coordinate (Consul's and serf's default).
pub const DIMENSIONS: usize = 8;

/// Why a coordinate cannot be stored, if it cannot: it must have
/// [`DIMENSIONS`] finite components and finite error, adjustment and height.
pub fn invalid_reason(c: &Coordinate) -> Option<String> {
    if c.vec.len() != DIMENSIONS {
        return Some(format!(
            "coordinate has {} dimensions; expected {DIMENSIONS}",
            c.vec.len()
        ));
    }
    let finite = c.vec.iter().all(|v| v.is_finite())
        && c.error.is_finite()
        && c.adjustment.is_finite()
        && c.height.is_finite();
    (!finite).then(|| "coordinate has a non-finite component".to_string())
}

/// Consul's RTT estimate between two coordinates (serf's `DistanceTo`), in
/// seconds; `None` when their dimensions differ.
pub fn distance(a: &Coordinate, b: &Coordinate) -> Option<f64> {
    if a.vec.len() != b.vec.len() {
        return None;
    }
    let euclid = a
        .vec
        .iter()
        .zip(&b.vec)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt();
    let raw = euclid + a.height + b.height;
    let adjusted = raw + a.adjustment + b.adjustment;
    Some(if adjusted > 0.0 { adjusted } else { raw })
}

/// Sorts `items` by the estimated RTT from node `near` to each item's node
/// (`node_of`), nearest first, as `?near=` does. Items whose node has no
/// coordinate go last, in their order; when `near` has no coordinate (or
/// is empty) the order is left alone.
pub fn sort_by_distance<T>(
    view: &impl crate::storage::Source,
    near: &str,
    items: &mut [T],
    node_of: impl Fn(&T) -> &str,
) -> Result<(), StateError> {
    use crate::storage::Tables as _;
    if near.is_empty() || items.len() < 2 {
        return Ok(());
    }
    let coordinate = |node: &str| -> Result<Option<Coordinate>, StateError> {
        let mut found = None;
        view.coordinates(Some(node), |c| {
            if c.segment.is_empty() {
                found = c.coord;
            }
            Ok(found.is_none())
        })?;
        Ok(found)
    };
    let Some(origin) = coordinate(near)? else {
        return Ok(());
    };
    let mut rtt: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for item in items.iter() {
        let node = node_of(item);
        if !rtt.contains_key(node) {
            let d = coordinate(node)?
                .and_then(|c| distance(&origin, &c))
                .unwrap_or(f64::INFINITY);
            rtt.insert(node.to_string(), d);
        }
    }
    items.sort_by(|a, b| rtt[node_of(a)].total_cmp(&rtt[node_of(b)]));
    Ok(())
}

pub(super) fn apply_batch_update(
    ch: &mut Changes,
    index: u64,
    c: CoordinateBatchUpdate,
) -> Result<bool, StateError> {
    let mut changed = false;
    for update in &c.updates {
        // Checked before proposing; a bad one that slipped through is
        // skipped the same way on every server.
        let Some(coord) = &update.coord else { continue };
        if invalid_reason(coord).is_some() || update.node.is_empty() {
            continue;
        }
        ch.w.put_coordinate(update);
        changed = true;
    }
    if changed {
        ch.w.set_table_index(TABLE_COORDINATES, index);
        ch.wake_table(TABLE_COORDINATES);
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use roster_proto::{coordinate::v1::NodeCoordinate, raft::v1::command::Command};

    use super::*;
    use crate::{
        state::{StateMachine, WatchHub, WatchTarget, encode_command},
        storage::{Engine, Tables as _},
    };

    fn coord(x: f64) -> Coordinate {
        let mut vec = vec![0.0; DIMENSIONS];
        vec[0] = x;
        Coordinate {
            vec,
            error: 1.5,
            adjustment: 0.0,
            height: 1e-5,
        }
    }

    fn update(node: &str, c: Coordinate) -> NodeCoordinate {
        NodeCoordinate {
            node: node.into(),
            segment: String::new(),
            coord: Some(c),
        }
    }

    #[test]
    fn validation() {
        assert!(invalid_reason(&coord(0.1)).is_none());
        let mut short = coord(0.0);
        short.vec.pop();
        assert!(invalid_reason(&short).unwrap().contains("7 dimensions"));
        assert!(invalid_reason(&coord(f64::NAN)).is_some());
        let mut inf = coord(0.0);
        inf.height = f64::INFINITY;
        assert!(invalid_reason(&inf).is_some());
    }

    #[tokio::test]
    async fn batches_store_the_last_value_and_wake_watchers() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        let hub = WatchHub::new();
        let sm = StateMachine::new(engine.clone(), hub.clone());
        let mut guard = hub.subscribe(WatchTarget::Table(TABLE_COORDINATES));
        let batch = CoordinateBatchUpdate {
            updates: vec![
                update("b", coord(0.2)),
                update("a", coord(0.1)),
                update("a", coord(0.3)),
                update("bad", coord(f64::NAN)),
            ],
        };
        sm.apply(7, &encode_command(Command::CoordinateBatchUpdate(batch)))
            .unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(1), guard.changed())
            .await
            .expect("watcher woken");
        let mut rows = Vec::new();
        engine
            .coordinates(None, |c| {
                rows.push(c);
                Ok(true)
            })
            .unwrap();
        let names: Vec<_> = rows.iter().map(|r| r.node.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(rows[0].coord.as_ref().unwrap().vec[0], 0.3);
        assert_eq!(engine.table_index(TABLE_COORDINATES).unwrap(), 7);
        let mut one = Vec::new();
        engine
            .coordinates(Some("a"), |c| {
                one.push(c);
                Ok(true)
            })
            .unwrap();
        assert_eq!(one.len(), 1);
        // A batch with nothing valid leaves the table index alone.
        let bad = CoordinateBatchUpdate {
            updates: vec![update("c", coord(f64::INFINITY))],
        };
        sm.apply(8, &encode_command(Command::CoordinateBatchUpdate(bad)))
            .unwrap();
        assert_eq!(engine.table_index(TABLE_COORDINATES).unwrap(), 7);
        assert_eq!(engine.applied_index().unwrap(), 8);
    }
}

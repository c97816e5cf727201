//! `roster rtt`: the estimated round-trip time between two nodes from their
//! network coordinates (Consul's formula), LAN or WAN.

use std::process::ExitCode;

use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, fail},
};

/// `roster rtt`.
#[derive(Debug, clap::Args)]
pub struct RttArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Use WAN coordinates (server names as `<node>.<dc>`).
    #[arg(long)]
    wan: bool,
    /// First node.
    node1: String,
    /// Second node (default: the agent's own node).
    node2: Option<String>,
}

/// A Vivaldi coordinate as the API returns it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Coord {
    /// Euclidean part, seconds.
    pub vec: Vec<f64>,
    /// Confidence.
    pub error: f64,
    /// Offset.
    pub adjustment: f64,
    /// Height, seconds.
    pub height: f64,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NodeCoord {
    node: String,
    coord: Coord,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DcCoords {
    coordinates: Vec<NodeCoord>,
}

/// Consul's RTT estimate (serf `DistanceTo`), in seconds; `None` when the
/// coordinates have different dimensions.
pub fn distance(a: &Coord, b: &Coord) -> Option<f64> {
    let proto = |c: &Coord| roster_proto::coordinate::v1::Coordinate {
        vec: c.vec.clone(),
        error: c.error,
        adjustment: c.adjustment,
        height: c.height,
    };
    crate::state::coordinate::distance(&proto(a), &proto(b))
}

/// Runs `roster rtt`.
pub fn run(a: RttArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let node2 = match a.node2.clone() {
        Some(n) => n,
        None => {
            let answer = client.call(Method::GET, "/v1/agent/self", &[], None)?;
            if answer.status != 200 {
                return fail(format!(
                    "Unable to look up agent info: {}",
                    api_error(&answer)
                ));
            }
            let me: serde_json::Value = serde_json::from_slice(&answer.body)
                .map_err(|e| CliError::Message(format!("Unable to decode agent info: {e}")))?;
            let name = me["Config"]["NodeName"].as_str().unwrap_or_default();
            if a.wan {
                let dc = me["Config"]["Datacenter"].as_str().unwrap_or_default();
                format!("{name}.{dc}")
            } else {
                name.to_string()
            }
        }
    };
    let coords: Vec<NodeCoord> = if a.wan {
        let answer = client.call(Method::GET, "/v1/coordinate/datacenters", &[], None)?;
        if answer.status != 200 {
            return fail(format!("Error getting coordinates: {}", api_error(&answer)));
        }
        let dcs: Vec<DcCoords> = serde_json::from_slice(&answer.body)
            .map_err(|e| CliError::Message(format!("Error decoding coordinates: {e}")))?;
        dcs.into_iter().flat_map(|d| d.coordinates).collect()
    } else {
        let answer = client.call(Method::GET, "/v1/coordinate/nodes", &[], None)?;
        if answer.status != 200 {
            return fail(format!("Error getting coordinates: {}", api_error(&answer)));
        }
        serde_json::from_slice(&answer.body)
            .map_err(|e| CliError::Message(format!("Error decoding coordinates: {e}")))?
    };
    let find = |name: &str| coords.iter().find(|c| c.node == name).map(|c| &c.coord);
    let Some(c1) = find(&a.node1) else {
        return fail(format!(
            "Could not find a coordinate for node {:?}",
            a.node1
        ));
    };
    let Some(c2) = find(&node2) else {
        return fail(format!("Could not find a coordinate for node {node2:?}"));
    };
    let Some(seconds) = distance(c1, c2) else {
        return fail("Coordinates are not compatible (different dimensions)".into());
    };
    println!(
        "Estimated {} <-> {node2} rtt: {:.3} ms (using {} coordinates)",
        a.node1,
        seconds * 1000.0,
        if a.wan { "WAN" } else { "LAN" }
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(vec: Vec<f64>, adjustment: f64, height: f64) -> Coord {
        Coord {
            vec,
            error: 1.5,
            adjustment,
            height,
        }
    }

    #[test]
    fn consul_distance_formula() {
        // 3-4-5 triangle plus heights.
        let a = c(vec![0.0, 0.0], 0.0, 0.001);
        let b = c(vec![0.003, 0.004], 0.0, 0.002);
        assert!((distance(&a, &b).unwrap() - 0.008).abs() < 1e-12);
        // Adjustments apply while the result stays positive...
        let a2 = c(vec![0.0, 0.0], 0.001, 0.001);
        assert!((distance(&a2, &b).unwrap() - 0.009).abs() < 1e-12);
        // ...and are ignored when they would make it negative.
        let a3 = c(vec![0.0, 0.0], -1.0, 0.001);
        assert!((distance(&a3, &b).unwrap() - 0.008).abs() < 1e-12);
        assert!(distance(&a, &c(vec![0.0], 0.0, 0.0)).is_none());
    }
}

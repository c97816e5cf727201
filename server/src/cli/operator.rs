//! `roster operator raft list-peers`, `remove-peer` and `transfer-leader`,
//! over `/v1/operator/raft/`, and `roster operator autopilot get-config` and
//! `set-config`, over `/v1/operator/autopilot/configuration`, with Consul's
//! flags and output.

use std::process::ExitCode;

use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, fail},
    members::columns,
};

/// `roster operator`.
#[derive(Debug, clap::Subcommand)]
pub enum OperatorCommand {
    /// The Raft configuration.
    #[command(subcommand)]
    Raft(RaftCommand),
    /// Autopilot's settings.
    #[command(subcommand)]
    Autopilot(AutopilotCommand),
}

/// `roster operator autopilot`.
#[derive(Debug, clap::Subcommand)]
pub enum AutopilotCommand {
    /// Display the current autopilot configuration.
    GetConfig(GetConfigArgs),
    /// Modify the current autopilot configuration.
    SetConfig(SetConfigArgs),
}

/// `roster operator autopilot get-config`.
#[derive(Debug, clap::Args)]
pub struct GetConfigArgs {
    #[command(flatten)]
    http: HttpFlags,
}

/// `roster operator autopilot set-config`: only the settings given change.
#[derive(Debug, clap::Args)]
pub struct SetConfigArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Remove dead servers automatically (`true` or `false`).
    #[arg(long)]
    cleanup_dead_servers: Option<bool>,
    /// Most log entries a healthy server may trail the leader by.
    #[arg(long)]
    max_trailing_logs: Option<u64>,
    /// Fewest voters dead-server cleanup leaves.
    #[arg(long)]
    min_quorum: Option<u32>,
    /// Longest a healthy server may go without contact with the leader
    /// (a duration such as `200ms`).
    #[arg(long)]
    last_contact_threshold: Option<String>,
    /// How long a new server must be healthy before it votes (`10s`).
    #[arg(long)]
    server_stabilization_time: Option<String>,
    /// Kept for Consul compatibility (an Enterprise feature).
    #[arg(long)]
    redundancy_zone_tag: Option<String>,
    /// Kept for Consul compatibility (an Enterprise feature).
    #[arg(long)]
    disable_upgrade_migration: Option<bool>,
    /// Kept for Consul compatibility (an Enterprise feature).
    #[arg(long)]
    upgrade_version_tag: Option<String>,
}

/// `roster operator raft`.
#[derive(Debug, clap::Subcommand)]
pub enum RaftCommand {
    /// List the servers in the Raft configuration.
    ListPeers(ListPeersArgs),
    /// Remove a server from the Raft configuration.
    RemovePeer(RemovePeerArgs),
    /// Transfer raft leadership to another server.
    TransferLeader(TransferLeaderArgs),
}

/// `roster operator raft transfer-leader`.
#[derive(Debug, clap::Args)]
pub struct TransferLeaderArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Node ID (or Raft id) of the voter to lead next (default: the most
    /// up-to-date one).
    #[arg(long)]
    id: Option<String>,
}

/// `roster operator raft list-peers`.
#[derive(Debug, clap::Args)]
pub struct ListPeersArgs {
    /// `-stale` answers from this server's view instead of the leader's.
    #[command(flatten)]
    http: HttpFlags,
}

/// `roster operator raft remove-peer`.
#[derive(Debug, clap::Args)]
pub struct RemovePeerArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Node ID (or Raft id) of the server to remove.
    #[arg(long)]
    id: Option<String>,
    /// `IP:port` of the server to remove.
    #[arg(long)]
    address: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Configuration {
    servers: Vec<Server>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Server {
    #[serde(rename = "ID")]
    id: String,
    node: String,
    address: String,
    leader: bool,
    protocol_version: String,
    voter: bool,
}

/// Runs `roster operator ...`.
pub fn run(command: OperatorCommand) -> Result<ExitCode, CliError> {
    match command {
        OperatorCommand::Raft(RaftCommand::ListPeers(a)) => list_peers(a),
        OperatorCommand::Raft(RaftCommand::RemovePeer(a)) => remove_peer(a),
        OperatorCommand::Raft(RaftCommand::TransferLeader(a)) => transfer_leader(a),
        OperatorCommand::Autopilot(AutopilotCommand::GetConfig(a)) => get_config(a),
        OperatorCommand::Autopilot(AutopilotCommand::SetConfig(a)) => set_config(a),
    }
}

const AUTOPILOT_PATH: &str = "/v1/operator/autopilot/configuration";

/// The settings as the API returns them.
fn autopilot_config(client: &HttpClient) -> Result<serde_json::Value, CliError> {
    let answer = client.call(Method::GET, AUTOPILOT_PATH, &[], None)?;
    if answer.status != 200 {
        return Err(CliError::Message(format!(
            "Error querying Autopilot configuration: {}",
            api_error(&answer)
        )));
    }
    serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("error decoding the configuration: {e}")))
}

fn get_config(a: GetConfigArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let config = match autopilot_config(&client) {
        Ok(c) => c,
        Err(CliError::Message(m)) => return fail(m),
        Err(e) => return Err(e),
    };
    for (field, quoted) in [
        ("CleanupDeadServers", false),
        ("LastContactThreshold", false),
        ("MaxTrailingLogs", false),
        ("MinQuorum", false),
        ("ServerStabilizationTime", false),
        ("RedundancyZoneTag", true),
        ("DisableUpgradeMigration", false),
        ("UpgradeVersionTag", true),
    ] {
        let value = &config[field];
        let text = match value.as_str() {
            Some(s) if quoted => format!("{s:?}"),
            Some(s) => s.to_string(),
            None => value.to_string(),
        };
        println!("{field} = {text}");
    }
    Ok(ExitCode::SUCCESS)
}

fn set_config(a: SetConfigArgs) -> Result<ExitCode, CliError> {
    for (flag, value) in [
        ("last-contact-threshold", &a.last_contact_threshold),
        ("server-stabilization-time", &a.server_stabilization_time),
    ] {
        if let Some(v) = value
            && roster_proto::common::parse_go_duration(v).is_err()
        {
            return fail(format!(
                "invalid duration {v:?} for -{flag}: use a duration such as \"10s\""
            ));
        }
    }
    let client = HttpClient::new(&a.http)?;
    let mut config = match autopilot_config(&client) {
        Ok(c) => c,
        Err(CliError::Message(m)) => return fail(m),
        Err(e) => return Err(e),
    };
    let modify_index = config["ModifyIndex"].as_u64().unwrap_or(0);
    let set = |config: &mut serde_json::Value, field: &str, value: serde_json::Value| {
        config[field] = value;
    };
    if let Some(v) = a.cleanup_dead_servers {
        set(&mut config, "CleanupDeadServers", v.into());
    }
    if let Some(v) = a.max_trailing_logs {
        set(&mut config, "MaxTrailingLogs", v.into());
    }
    if let Some(v) = a.min_quorum {
        set(&mut config, "MinQuorum", v.into());
    }
    if let Some(v) = a.last_contact_threshold {
        set(&mut config, "LastContactThreshold", v.into());
    }
    if let Some(v) = a.server_stabilization_time {
        set(&mut config, "ServerStabilizationTime", v.into());
    }
    if let Some(v) = a.redundancy_zone_tag {
        set(&mut config, "RedundancyZoneTag", v.into());
    }
    if let Some(v) = a.disable_upgrade_migration {
        set(&mut config, "DisableUpgradeMigration", v.into());
    }
    if let Some(v) = a.upgrade_version_tag {
        set(&mut config, "UpgradeVersionTag", v.into());
    }
    let body = serde_json::to_vec(&config)
        .map_err(|e| CliError::Message(format!("error encoding the configuration: {e}")))?;
    let answer = client.call(
        Method::PUT,
        AUTOPILOT_PATH,
        &[("cas", modify_index.to_string())],
        Some(body),
    )?;
    if answer.status != 200 {
        return fail(format!(
            "Error setting Autopilot configuration: {}",
            api_error(&answer)
        ));
    }
    if answer.body.trim_ascii() != b"true" {
        return fail("Configuration could not be atomically updated, please try again".into());
    }
    println!("Configuration updated!");
    Ok(ExitCode::SUCCESS)
}

fn transfer_leader(a: TransferLeaderArgs) -> Result<ExitCode, CliError> {
    let query: Vec<(&str, String)> = a.id.iter().map(|id| ("id", id.clone())).collect();
    let client = HttpClient::new(&a.http)?;
    let answer = client.call(
        Method::POST,
        "/v1/operator/raft/transfer-leader",
        &query,
        None,
    )?;
    if answer.status != 200 {
        return fail(format!(
            "Error transferring leadership: Failed to transfer leadership {}",
            api_error(&answer)
        ));
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Reply {
        success: bool,
    }
    let reply: Reply = serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("error decoding the reply: {e}")))?;
    if !reply.success {
        return fail("Error transferring leadership: Failed to transfer leadership".into());
    }
    println!("Success");
    Ok(ExitCode::SUCCESS)
}

fn list_peers(a: ListPeersArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let answer = client.call(Method::GET, "/v1/operator/raft/configuration", &[], None)?;
    if answer.status != 200 {
        return fail(format!(
            "Failed to retrieve raft configuration: {}",
            api_error(&answer)
        ));
    }
    let config: Configuration = serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("error decoding the configuration: {e}")))?;
    let mut rows = vec![
        ["Node", "ID", "Address", "State", "Voter", "RaftProtocol"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    ];
    for s in config.servers {
        rows.push(vec![
            if s.node.is_empty() {
                "(unknown)".into()
            } else {
                s.node
            },
            s.id,
            s.address,
            if s.leader { "leader" } else { "follower" }.into(),
            s.voter.to_string(),
            s.protocol_version,
        ]);
    }
    print!("{}", columns(&rows));
    Ok(ExitCode::SUCCESS)
}

fn remove_peer(a: RemovePeerArgs) -> Result<ExitCode, CliError> {
    let (query, what) = match (&a.id, &a.address) {
        (Some(id), None) => (vec![("id", id.clone())], format!("id \"{id}\"")),
        (None, Some(address)) => (
            vec![("address", address.clone())],
            format!("address \"{address}\""),
        ),
        _ => {
            return fail("Error removing peer: Must specify exactly one of -id or -address".into());
        }
    };
    let client = HttpClient::new(&a.http)?;
    let answer = client.call(Method::DELETE, "/v1/operator/raft/peer", &query, None)?;
    if answer.status != 200 {
        return fail(format!("Error removing peer: {}", api_error(&answer)));
    }
    println!("Removed peer with {what}");
    Ok(ExitCode::SUCCESS)
}

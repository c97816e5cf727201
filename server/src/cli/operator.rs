//! `roster operator raft list-peers`, `remove-peer` and `transfer-leader`,
//! over `/v1/operator/raft/`, with Consul's flags and output.

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
    }
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

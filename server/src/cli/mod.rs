//! The command line: one file per command. Flags use Consul's names and
//! accept one or two leading dashes (`-data-dir` and `--data-dir`).

pub mod acl;
pub mod agent;
pub mod catalog;
pub mod event;
pub mod http;
pub mod keygen;
pub mod keyring;
pub mod kv;
pub mod lock;
pub mod members;
pub mod operator;
pub mod rtt;
pub mod snapshot;
pub mod tls;
pub mod version;

use std::{ffi::OsString, process::ExitCode};

/// Roster: service discovery and configuration, Consul-compatible.
#[derive(Debug, clap::Parser)]
#[command(name = "roster", version = crate::VERSION, disable_version_flag = true)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Manage ACL tokens, policies and roles.
    #[command(subcommand)]
    Acl(acl::AclCommand),
    /// Run an agent (server or client).
    Agent(Box<crate::config::AgentFlags>),
    /// List the catalog's datacenters, nodes and services.
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// Fire a user event.
    Event(event::EventArgs),
    /// Forget a failed member (it shows as `left`).
    ForceLeave(members::ForceLeaveArgs),
    /// Tell the local agent to join a cluster.
    Join(members::JoinArgs),
    /// Generate a new gossip encryption key.
    Keygen,
    /// Manage the gossip encryption keyring.
    Keyring(keyring::KeyringArgs),
    /// Read and write the key/value store.
    #[command(subcommand)]
    Kv(kv::KvCommand),
    /// Make the local agent leave the cluster gracefully and stop.
    Leave(members::LeaveArgs),
    /// Run a command while holding a lock (or a semaphore slot) in the KV
    /// store.
    Lock(lock::LockArgs),
    /// List the members of the gossip pool.
    Members(members::MembersArgs),
    /// Put the node or a service in maintenance mode, or take it out.
    Maint(catalog::MaintArgs),
    /// Operator tools (the Raft configuration).
    #[command(subcommand)]
    Operator(operator::OperatorCommand),
    /// Estimate the round-trip time between two nodes.
    Rtt(rtt::RttArgs),
    /// Make the local agent read its configuration files again.
    Reload(members::ReloadArgs),
    /// Register and deregister services with the local agent.
    #[command(subcommand)]
    Services(catalog::ServicesCommand),
    /// Save, restore or inspect a snapshot of the servers' state.
    #[command(subcommand)]
    Snapshot(snapshot::SnapshotCommand),
    /// Create a certificate authority and agent certificates.
    #[command(subcommand)]
    Tls(tls::TlsCommand),
    /// Print the version.
    Version(version::VersionArgs),
    /// Watch for changes (user events) and run a handler.
    Watch(event::WatchArgs),
}

/// Rewrites Go-style single-dash long flags (`-data-dir=x`) to clap's
/// double-dash form. Single-letter flags, negative numbers and `-` (stdin)
/// are left alone.
pub fn normalize_args(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    args.into_iter()
        .map(|arg| {
            let Some(s) = arg.to_str() else {
                return arg;
            };
            let bytes = s.as_bytes();
            let long_single_dash = bytes.len() > 2
                && bytes[0] == b'-'
                && bytes[1].is_ascii_alphabetic()
                && !s.starts_with("--")
                && (bytes[2].is_ascii_alphanumeric() || bytes[2] == b'-' || bytes[2] == b'=');
            if long_single_dash {
                OsString::from(format!("-{s}"))
            } else {
                arg
            }
        })
        .collect()
}

/// Error of a command other than the agent.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A message for the user.
    #[error("{0}")]
    Message(String),
    /// The agent failed.
    #[error(transparent)]
    Agent(#[from] crate::agent::AgentError),
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Acl(cmd) => acl::run(cmd),
        Command::Agent(flags) => agent::main(&flags).map_err(CliError::from),
        Command::Catalog(cmd) => catalog::run(cmd),
        Command::Event(a) => event::fire(a),
        Command::ForceLeave(a) => members::force_leave(a),
        Command::Join(a) => members::join(a),
        Command::Keygen => keygen::run(),
        Command::Keyring(a) => keyring::run(a),
        Command::Kv(cmd) => kv::run(cmd),
        Command::Leave(a) => members::leave(a),
        Command::Lock(a) => lock::run(a),
        Command::Members(a) => members::members(a),
        Command::Maint(a) => catalog::maint(a),
        Command::Operator(cmd) => operator::run(cmd),
        Command::Rtt(a) => rtt::run(a),
        Command::Reload(a) => members::reload(a),
        Command::Services(cmd) => catalog::services_command(cmd),
        Command::Snapshot(cmd) => snapshot::run(cmd),
        Command::Tls(cmd) => tls::run(cmd),
        Command::Version(args) => version::run(&args),
        Command::Watch(a) => event::watch(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_definition_is_consistent() {
        // clap checks flag names, conflicts and defaults only when a command
        // is parsed; this checks them all at once.
        <Cli as clap::CommandFactory>::command().debug_assert();
    }

    fn norm(args: &[&str]) -> Vec<String> {
        normalize_args(args.iter().map(OsString::from))
            .into_iter()
            .map(|s| s.into_string().unwrap())
            .collect()
    }

    #[test]
    fn single_dash_long_flags_become_double() {
        assert_eq!(
            norm(&[
                "roster",
                "agent",
                "-dev",
                "-http-port=-1",
                "--node",
                "n",
                "-1",
                "-",
                "-x"
            ]),
            vec![
                "roster",
                "agent",
                "--dev",
                "--http-port=-1",
                "--node",
                "n",
                "-1",
                "-",
                "-x"
            ]
        );
    }

    #[test]
    fn consul_style_agent_flags_parse() {
        use clap::Parser as _;
        let cli = Cli::parse_from(normalize_args(
            [
                "roster",
                "agent",
                "-server",
                "-bootstrap-expect=1",
                "-data-dir=/d",
                "-node=n1",
                "-http-port",
                "-1",
                "-retry-join=a",
                "-retry-join",
                "b",
                "-ui=false",
            ]
            .map(OsString::from),
        ));
        let Command::Agent(flags) = cli.command else {
            panic!("not agent")
        };
        assert_eq!(flags.server, Some(true));
        assert_eq!(flags.bootstrap_expect, Some(1));
        assert_eq!(flags.http_port, Some(-1));
        assert_eq!(flags.retry_join, vec!["a", "b"]);
        assert_eq!(flags.ui, Some(false));
        assert_eq!(flags.node_name.as_deref(), Some("n1"));
    }
}

//! `roster agent` flags, with Consul's names. Every flag is optional here so
//! that files can supply the value; [`super::Config::build`] merges
//! defaults < files < flags.

use std::path::PathBuf;

/// The agent's command-line flags.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AgentFlags {
    /// Development mode: a single server with a throw-away data dir,
    /// everything on 127.0.0.1, gRPC on 8502.
    #[arg(long)]
    pub dev: bool,
    /// Run in server mode (a Raft voter).
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub server: Option<bool>,
    /// Bootstrap a single-server cluster (legacy; prefer -bootstrap-expect=1).
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub bootstrap: Option<bool>,
    /// Number of servers to wait for before bootstrapping the cluster.
    #[arg(long)]
    pub bootstrap_expect: Option<i64>,
    /// Directory for durable state.
    #[arg(long)]
    pub data_dir: Option<String>,
    /// Node name (default: the hostname).
    #[arg(long = "node")]
    pub node_name: Option<String>,
    /// Node ID (UUID; default: generated once and kept in the data dir).
    #[arg(long)]
    pub node_id: Option<String>,
    /// Datacenter name.
    #[arg(long)]
    pub datacenter: Option<String>,
    /// Address for cluster traffic (server port, gossip).
    #[arg(long = "bind")]
    pub bind_addr: Option<String>,
    /// Address advertised to other nodes.
    #[arg(long = "advertise")]
    pub advertise_addr: Option<String>,
    /// Address(es) for client interfaces: HTTP, gRPC, DNS (space separated).
    #[arg(long = "client")]
    pub client_addr: Option<String>,
    /// HTTP API port (-1 disables).
    #[arg(long, allow_negative_numbers = true)]
    pub http_port: Option<i64>,
    /// gRPC API port (-1 disables).
    #[arg(long, allow_negative_numbers = true)]
    pub grpc_port: Option<i64>,
    /// HTTPS API port (-1 disables; needs a certificate).
    #[arg(long, allow_negative_numbers = true)]
    pub https_port: Option<i64>,
    /// gRPC API port over TLS (-1 disables; 8503 when a certificate is set).
    #[arg(long, allow_negative_numbers = true)]
    pub grpc_tls_port: Option<i64>,
    /// DNS port (-1 disables).
    #[arg(long, allow_negative_numbers = true)]
    pub dns_port: Option<i64>,
    /// Server RPC and Raft port.
    #[arg(long, allow_negative_numbers = true)]
    pub server_port: Option<i64>,
    /// LAN gossip port.
    #[arg(long, allow_negative_numbers = true)]
    pub serf_lan_port: Option<i64>,
    /// WAN gossip port (-1 disables).
    #[arg(long, allow_negative_numbers = true)]
    pub serf_wan_port: Option<i64>,
    /// Log level: trace, debug, info, warn, error.
    #[arg(long)]
    pub log_level: Option<String>,
    /// Serve the web UI.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub ui: Option<bool>,
    /// Gossip encryption key (base64 of 16, 24 or 32 bytes).
    #[arg(long)]
    pub encrypt: Option<String>,
    /// Address to join at start (repeatable).
    #[arg(long = "join")]
    pub start_join: Vec<String>,
    /// DNS domain served (default `consul.`).
    #[arg(long)]
    pub domain: Option<String>,
    /// A second DNS domain served alongside `-domain`.
    #[arg(long)]
    pub alt_domain: Option<String>,
    /// Upstream DNS server for names outside the domain, `ip[:port]`
    /// (repeatable).
    #[arg(long)]
    pub recursor: Vec<String>,
    /// Address to join, retrying until it succeeds (repeatable).
    #[arg(long)]
    pub retry_join: Vec<String>,
    /// Time between join attempts (Go duration).
    #[arg(long)]
    pub retry_interval: Option<String>,
    /// Join attempts before giving up (0 = forever).
    #[arg(long)]
    pub retry_max: Option<i64>,
    /// WAN address to join at start (servers; repeatable).
    #[arg(long = "join-wan")]
    pub start_join_wan: Vec<String>,
    /// WAN address to join, retrying until it succeeds (servers; repeatable).
    #[arg(long)]
    pub retry_join_wan: Vec<String>,
    /// Time between WAN join attempts (Go duration).
    #[arg(long)]
    pub retry_interval_wan: Option<String>,
    /// WAN join attempts before giving up (0 = forever).
    #[arg(long)]
    pub retry_max_wan: Option<i64>,
    /// Address advertised in the WAN pool (default: -advertise).
    #[arg(long = "advertise-wan")]
    pub advertise_addr_wan: Option<String>,
    /// Rejoin the members known before a graceful leave when restarted
    /// (`rejoin_after_leave`).
    #[arg(long = "rejoin")]
    pub rejoin_after_leave: bool,
    /// Allow script checks registered through the HTTP API
    /// (`enable_script_checks`; a remote code execution risk without ACLs).
    #[arg(long)]
    pub enable_script_checks: bool,
    /// Allow script checks from configuration files only
    /// (`enable_local_script_checks`).
    #[arg(long)]
    pub enable_local_script_checks: bool,
    /// Configuration file (repeatable; JSON).
    #[arg(long)]
    pub config_file: Vec<PathBuf>,
    /// Directory of configuration files (repeatable; `*.json`, lexical order).
    #[arg(long)]
    pub config_dir: Vec<PathBuf>,
}

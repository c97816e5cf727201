//! `roster agent`: turns the flags into a [`Config`], sets up logging and
//! the runtime, and runs [`crate::agent::run`].

use std::process::ExitCode;

use crate::{
    agent::{self, AgentError},
    config::{AgentFlags, Config},
};

/// Entry point of `roster agent`.
pub fn main(flags: &AgentFlags) -> Result<ExitCode, AgentError> {
    let config = Config::build(flags)?;
    init_tracing(&config);
    for warning in &config.warnings {
        tracing::warn!("{warning}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("roster-worker")
        .build()
        .map_err(|e| AgentError::Runtime(e.to_string()))?;
    let reload_flags = flags.clone();
    let reload: agent::ReloadHook =
        std::sync::Arc::new(move || Config::build(&reload_flags).map_err(|e| e.to_string()));
    runtime.block_on(agent::run(config, Some(reload)))?;
    Ok(ExitCode::SUCCESS)
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ROSTER_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!(
            // hickory logs every DNS question at info.
            "{level},raft=warn,h2=info,tower=info,hyper=info,hickory_server=warn,hickory_proto=warn,hickory_net=warn",
            level = config.log_level.as_filter()
        ))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

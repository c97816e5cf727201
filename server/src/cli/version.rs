//! `roster version`.

use std::process::ExitCode;

use super::CliError;

/// `roster version` flags.
#[derive(Debug, clap::Args)]
pub struct VersionArgs {
    /// Output format: `text` or `json`.
    #[arg(long, default_value = "text")]
    pub format: String,
}

/// Prints the version.
pub fn run(args: &VersionArgs) -> Result<ExitCode, CliError> {
    match args.format.as_str() {
        "text" => {
            println!("Roster v{}", crate::VERSION);
            println!("Protocol 2 spoken by default, understands 2 to 3");
        }
        "json" => println!(
            "{}",
            serde_json::json!({
                "Version": crate::VERSION,
                "Protocol": {"Default": 2, "Min": 2, "Max": 3},
            })
        ),
        other => {
            return Err(CliError::Message(format!(
                "invalid -format {other:?}: use text or json"
            )));
        }
    }
    Ok(ExitCode::SUCCESS)
}

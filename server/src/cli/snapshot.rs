//! `roster snapshot save FILE` and `roster snapshot restore FILE`, over
//! `/v1/snapshot`, with Consul's messages. Both check the archive locally
//! (`crate::archive`): a save is verified before it is kept, a restore of a
//! bad file is refused before anything is sent.

use std::{path::PathBuf, process::ExitCode};

use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, fail},
};
use crate::archive::{verify, verify_file};

/// `roster snapshot`.
#[derive(Debug, clap::Subcommand)]
pub enum SnapshotCommand {
    /// Save an archive of the servers' state to FILE.
    Save(FileArgs),
    /// Replace the servers' state with the archive in FILE.
    Restore(FileArgs),
    /// Show what an archive holds.
    Inspect {
        /// The archive.
        file: PathBuf,
    },
}

/// A command on one archive file.
#[derive(Debug, clap::Args)]
pub struct FileArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// The archive.
    file: PathBuf,
}

/// Runs `roster snapshot ...`.
pub fn run(command: SnapshotCommand) -> Result<ExitCode, CliError> {
    match command {
        SnapshotCommand::Save(a) => save(a),
        SnapshotCommand::Restore(a) => restore(a),
        SnapshotCommand::Inspect { file } => match crate::archive::table_rows(&file) {
            Ok((index, tables)) => {
                let rows: u64 = tables.values().sum();
                println!("Index    {index}\nRows     {rows}");
                for (table, count) in tables {
                    println!("  {table:<16}{count}");
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(format!("Error verifying snapshot: {e}")),
        },
    }
}

fn save(a: FileArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let mut partial = a.file.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let answer = client.download("/v1/snapshot", &[], &partial)?;
    if answer.status != 200 {
        let _ = std::fs::remove_file(&partial);
        return fail(format!("Error saving snapshot: {}", api_error(&answer)));
    }
    match verify_file(&partial) {
        Ok((index, _)) => {
            std::fs::rename(&partial, &a.file).map_err(|e| {
                CliError::Message(format!("Error saving snapshot: {}: {e}", a.file.display()))
            })?;
            println!("Saved and verified snapshot to index {index}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            fail(format!("Error verifying snapshot: {e}"))
        }
    }
}

fn restore(a: FileArgs) -> Result<ExitCode, CliError> {
    let body = match std::fs::read(&a.file) {
        Ok(body) => body,
        Err(e) => {
            return fail(format!(
                "Error restoring snapshot: {}: {e}",
                a.file.display()
            ));
        }
    };
    if let Err(e) = verify(body.as_slice()) {
        return fail(format!("Error restoring snapshot: {e}"));
    }
    let client = HttpClient::new(&a.http)?;
    let answer = client.call(Method::PUT, "/v1/snapshot", &[], Some(body))?;
    if answer.status != 200 {
        return fail(format!("Error restoring snapshot: {}", api_error(&answer)));
    }
    println!("Restored snapshot");
    Ok(ExitCode::SUCCESS)
}

//! `roster kv put|get|delete`, with Consul's flags and messages.

use std::{io::Read as _, process::ExitCode};

use base64::Engine as _;
use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, encode_key, fail},
};

/// `roster kv` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum KvCommand {
    /// Read a key (or every key under a prefix).
    Get(GetArgs),
    /// Write a key.
    Put(PutArgs),
    /// Delete a key (or every key under a prefix).
    Delete(DeleteArgs),
}

/// `roster kv get`.
#[derive(Debug, clap::Args)]
pub struct GetArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Print every key under the prefix as `key:value`.
    #[arg(long)]
    recurse: bool,
    /// List key names only.
    #[arg(long)]
    keys: bool,
    /// With -keys: roll up at this separator.
    #[arg(long, default_value = "/")]
    separator: String,
    /// Print all fields.
    #[arg(long)]
    detailed: bool,
    /// Print values base64-encoded.
    #[arg(long)]
    base64: bool,
    /// The key or prefix.
    key: Option<String>,
}

/// `roster kv put`.
#[derive(Debug, clap::Args)]
pub struct PutArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Write only if the key's modify index equals -modify-index.
    #[arg(long)]
    cas: bool,
    /// The index for -cas (0 = only if the key does not exist).
    #[arg(long)]
    modify_index: Option<u64>,
    /// Flags stored with the value.
    #[arg(long, default_value_t = 0)]
    flags: u64,
    /// The value is base64; decode it before storing.
    #[arg(long)]
    base64: bool,
    /// The key.
    key: String,
    /// The value; `-` reads stdin, `@path` reads a file; empty if absent.
    value: Option<String>,
}

/// `roster kv delete`.
#[derive(Debug, clap::Args)]
pub struct DeleteArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Delete every key under the prefix.
    #[arg(long)]
    recurse: bool,
    /// Delete only if the key's modify index equals -modify-index.
    #[arg(long)]
    cas: bool,
    /// The index for -cas.
    #[arg(long)]
    modify_index: Option<u64>,
    /// The key or prefix.
    key: Option<String>,
}

/// Runs a `kv` subcommand.
pub fn run(cmd: KvCommand) -> Result<ExitCode, CliError> {
    match cmd {
        KvCommand::Get(a) => get(a),
        KvCommand::Put(a) => put(a),
        KvCommand::Delete(a) => delete(a),
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DirEntry {
    key: String,
    flags: u64,
    value: Option<String>,
    #[serde(default)]
    session: String,
    lock_index: u64,
    create_index: u64,
    modify_index: u64,
}

fn decode_value(entry: &DirEntry) -> Vec<u8> {
    entry
        .value
        .as_deref()
        .and_then(|v| base64::engine::general_purpose::STANDARD.decode(v).ok())
        .unwrap_or_default()
}

fn get(a: GetArgs) -> Result<ExitCode, CliError> {
    let key = a.key.clone().unwrap_or_default();
    if key.is_empty() && !a.recurse && !a.keys {
        return fail("Error! Missing KEY argument".into());
    }
    let client = HttpClient::new(&a.http)?;
    let mut query = Vec::new();
    if a.keys {
        query.push(("keys", String::new()));
        query.push(("separator", a.separator.clone()));
    } else if a.recurse {
        query.push(("recurse", String::new()));
    }
    let answer = client.call(
        Method::GET,
        &format!("/v1/kv/{}", encode_key(&key)),
        &query,
        None,
    )?;
    if answer.status == 404 {
        if a.keys || a.recurse {
            return Ok(ExitCode::SUCCESS);
        }
        return fail(format!("Error! No key exists at: {key}"));
    }
    if answer.status != 200 {
        return fail(format!(
            "Error querying Consul agent: {}",
            api_error(&answer)
        ));
    }
    if a.keys {
        let keys: Vec<String> = serde_json::from_slice(&answer.body)
            .map_err(|e| CliError::Message(format!("Error decoding response: {e}")))?;
        for k in keys {
            println!("{k}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let entries: Vec<DirEntry> = serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("Error decoding response: {e}")))?;
    let render = |e: &DirEntry| -> String {
        if a.base64 {
            e.value.clone().unwrap_or_default()
        } else {
            String::from_utf8_lossy(&decode_value(e)).into_owned()
        }
    };
    for (i, e) in entries.iter().enumerate() {
        if a.detailed {
            if i > 0 {
                println!();
            }
            println!("CreateIndex      {}", e.create_index);
            println!("Flags            {}", e.flags);
            println!("Key              {}", e.key);
            println!("LockIndex        {}", e.lock_index);
            println!("ModifyIndex      {}", e.modify_index);
            println!(
                "Session          {}",
                if e.session.is_empty() {
                    "-"
                } else {
                    &e.session
                }
            );
            println!("Value            {}", render(e));
        } else if a.recurse {
            println!("{}:{}", e.key, render(e));
        } else {
            println!("{}", render(e));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_value(a: &PutArgs) -> Result<Vec<u8>, CliError> {
    let raw = match a.value.as_deref() {
        None => Vec::new(),
        Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| CliError::Message(format!("Error! Failed to read stdin: {e}")))?;
            buf
        }
        Some(v) if v.starts_with('@') => std::fs::read(&v[1..]).map_err(|e| {
            CliError::Message(format!("Error! Failed to read file {}: {e}", &v[1..]))
        })?,
        Some(v) => v.as_bytes().to_vec(),
    };
    if a.base64 {
        return base64::engine::general_purpose::STANDARD
            .decode(raw.trim_ascii())
            .map_err(|e| CliError::Message(format!("Error! Cannot base 64 decode data: {e}")));
    }
    Ok(raw)
}

fn put(a: PutArgs) -> Result<ExitCode, CliError> {
    if a.cas && a.modify_index.is_none() {
        return fail("Must specify -modify-index with -cas!".into());
    }
    let value = read_value(&a)?;
    let client = HttpClient::new(&a.http)?;
    let mut query = vec![("flags", a.flags.to_string())];
    if a.cas {
        query.push(("cas", a.modify_index.unwrap_or(0).to_string()));
    }
    let answer = client.call(
        Method::PUT,
        &format!("/v1/kv/{}", encode_key(&a.key)),
        &query,
        Some(value),
    )?;
    if answer.status != 200 {
        return fail(format!(
            "Error! Failed writing data: {}",
            api_error(&answer)
        ));
    }
    if answer.body.trim_ascii() == b"false" {
        return fail(format!("Error! Did not write to {}: CAS failed", a.key));
    }
    println!("Success! Data written to: {}", a.key);
    Ok(ExitCode::SUCCESS)
}

fn delete(a: DeleteArgs) -> Result<ExitCode, CliError> {
    let key = a.key.clone().unwrap_or_default();
    if key.is_empty() && !a.recurse {
        return fail("Error! Missing KEY argument".into());
    }
    if a.cas && a.recurse {
        return fail("Cannot specify both -cas and -recurse!".into());
    }
    if a.cas && a.modify_index.is_none() {
        return fail("Must specify -modify-index with -cas!".into());
    }
    let client = HttpClient::new(&a.http)?;
    let mut query = Vec::new();
    if a.recurse {
        query.push(("recurse", String::new()));
    }
    if a.cas {
        query.push(("cas", a.modify_index.unwrap_or(0).to_string()));
    }
    let answer = client.call(
        Method::DELETE,
        &format!("/v1/kv/{}", encode_key(&key)),
        &query,
        None,
    )?;
    if answer.status != 200 {
        return fail(format!("Error! Failed to delete: {}", api_error(&answer)));
    }
    if answer.body.trim_ascii() == b"false" {
        return fail(format!("Error! Did not delete key {key}: CAS failed"));
    }
    if a.recurse {
        println!("Success! Deleted keys with prefix: {key}");
    } else {
        println!("Success! Deleted key: {key}");
    }
    Ok(ExitCode::SUCCESS)
}

//! `roster keyring`: list, install, use and remove gossip encryption keys
//! across the pools, with Consul's flags and output.

use std::{collections::BTreeMap, process::ExitCode};

use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, fail},
};

/// `roster keyring`.
#[derive(Debug, clap::Args)]
pub struct KeyringArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// List the installed keys and how many members hold each.
    #[arg(long)]
    list: bool,
    /// List only the primary keys.
    #[arg(long)]
    list_primary: bool,
    /// Install a new key on every member.
    #[arg(long)]
    install: Option<String>,
    /// Make an installed key the primary key everywhere.
    #[arg(long = "use")]
    use_key: Option<String>,
    /// Remove a key that is not primary from every member.
    #[arg(long)]
    remove: Option<String>,
    /// Members relaying each answer (0-5).
    #[arg(long, default_value_t = 0)]
    relay_factor: u32,
    /// With -list: only this agent's keyring.
    #[arg(long)]
    local_only: bool,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Pool {
    #[serde(rename = "WAN")]
    wan: bool,
    datacenter: String,
    #[serde(default)]
    keys: BTreeMap<String, u32>,
    #[serde(default)]
    primary_keys: BTreeMap<String, u32>,
    num_nodes: u32,
}

/// Runs `roster keyring`.
pub fn run(a: KeyringArgs) -> Result<ExitCode, CliError> {
    let actions = [
        a.list,
        a.list_primary,
        a.install.is_some(),
        a.use_key.is_some(),
        a.remove.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if actions != 1 {
        return fail(
            "Exactly one of -list, -list-primary, -install, -use, or -remove must be provided"
                .into(),
        );
    }
    if a.local_only && !(a.list || a.list_primary) {
        return fail("Local-only must be used with -list or -list-primary".into());
    }
    let client = HttpClient::new(&a.http)?;
    let mut query = vec![("relay-factor", a.relay_factor.to_string())];
    if a.local_only {
        query.push(("local-only", "1".to_string()));
    }
    if a.list || a.list_primary {
        println!("==> Gathering installed encryption keys...");
        let answer = client.call(Method::GET, "/v1/operator/keyring", &query, None)?;
        if answer.status != 200 {
            return fail(format!("error: {}", api_error(&answer)));
        }
        let pools: Vec<Pool> = serde_json::from_slice(&answer.body)
            .map_err(|e| CliError::Message(format!("error decoding the keyring: {e}")))?;
        for pool in pools {
            let title = if pool.wan {
                "WAN".to_string()
            } else {
                format!("{} (LAN)", pool.datacenter)
            };
            println!();
            println!("{title}:");
            let keys = if a.list_primary {
                &pool.primary_keys
            } else {
                &pool.keys
            };
            for (key, count) in keys {
                println!("  {key} [{count}/{}]", pool.num_nodes);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (method, key, banner) = if let Some(k) = &a.install {
        (
            Method::POST,
            k,
            "==> Installing new gossip encryption key...",
        )
    } else if let Some(k) = &a.use_key {
        (
            Method::PUT,
            k,
            "==> Changing primary gossip encryption key...",
        )
    } else {
        (
            Method::DELETE,
            a.remove.as_ref().expect("one action is set"),
            "==> Removing gossip encryption key...",
        )
    };
    println!("{banner}");
    let body = serde_json::to_vec(&serde_json::json!({ "Key": key })).expect("json");
    let answer = client.call(method, "/v1/operator/keyring", &query, Some(body))?;
    if answer.status != 200 {
        return fail(format!("error: {}", api_error(&answer)));
    }
    Ok(ExitCode::SUCCESS)
}

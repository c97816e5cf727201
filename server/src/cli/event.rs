//! `roster event` (fire a user event) and `roster watch -type=event`
//! (print events as they arrive), with Consul's flags and output.

use std::{
    io::Write as _,
    process::{ExitCode, Stdio},
};

use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, encode_key, fail},
};

/// `roster event`.
#[derive(Debug, clap::Args)]
pub struct EventArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Event name.
    #[arg(long)]
    name: String,
    /// Only nodes whose name matches this regular expression.
    #[arg(long)]
    node: Option<String>,
    /// Only nodes with a service matching this regular expression.
    #[arg(long)]
    service: Option<String>,
    /// Only services with a tag matching this regular expression.
    #[arg(long)]
    tag: Option<String>,
    /// Payload.
    payload: Option<String>,
}

/// `roster watch`.
#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// What to watch; only `event` is supported so far.
    #[arg(long = "type")]
    kind: String,
    /// With -type=event: only events of this name.
    #[arg(long)]
    name: Option<String>,
    /// Command run with the JSON on stdin each time the result changes;
    /// without one the JSON is printed.
    handler: Vec<String>,
}

/// Runs `roster event`.
pub fn fire(a: EventArgs) -> Result<ExitCode, CliError> {
    if a.name.is_empty() {
        return fail("Event name must be specified".into());
    }
    if a.tag.is_some() && a.service.is_none() {
        return fail("Cannot provide tag filter without service filter.".into());
    }
    let client = HttpClient::new(&a.http)?;
    let mut query = Vec::new();
    for (k, v) in [("node", &a.node), ("service", &a.service), ("tag", &a.tag)] {
        if let Some(v) = v {
            query.push((k, v.clone()));
        }
    }
    let path = format!("/v1/event/fire/{}", encode_key(&a.name));
    let body = a.payload.map(String::into_bytes);
    let answer = client.call(Method::PUT, &path, &query, body)?;
    if answer.status != 200 {
        return fail(format!("Error firing event: {}", api_error(&answer)));
    }
    let event: serde_json::Value = serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("Error decoding the event: {e}")))?;
    println!("Event ID: {}", event["ID"].as_str().unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

/// Runs `roster watch`: a blocking-query loop on `/v1/event/list` that fires
/// the handler (or prints) whenever `X-Consul-Index` changes, the first
/// result included.
pub fn watch(a: WatchArgs) -> Result<ExitCode, CliError> {
    if a.kind != "event" {
        return fail(format!(
            "Unsupported watch type {:?}: this version supports -type=event",
            a.kind
        ));
    }
    let client = HttpClient::new(&a.http)?;
    let mut index: u64 = 0;
    let mut failures = 0u32;
    loop {
        let mut query = vec![("index", index.to_string()), ("wait", "5m".to_string())];
        if let Some(name) = &a.name {
            query.push(("name", name.clone()));
        }
        let answer = match client.call(Method::GET, "/v1/event/list", &query, None) {
            Ok(a) => a,
            Err(e) => {
                failures += 1;
                if failures > 5 {
                    return Err(e);
                }
                eprintln!("{e}; retrying");
                std::thread::sleep(std::time::Duration::from_secs(1));
                continue;
            }
        };
        failures = 0;
        let new_index = answer.index;
        if answer.status != 200 {
            return fail(format!("Error watching events: {}", api_error(&answer)));
        }
        if new_index == index {
            continue;
        }
        index = new_index;
        let json: serde_json::Value = serde_json::from_slice(&answer.body)
            .map_err(|e| CliError::Message(format!("Error decoding events: {e}")))?;
        let text = serde_json::to_string_pretty(&json).expect("json") + "\n";
        if a.handler.is_empty() {
            print!("{text}");
            let _ = std::io::stdout().flush();
        } else {
            run_handler(&a.handler, text.as_bytes());
        }
    }
}

fn run_handler(handler: &[String], input: &[u8]) {
    let child = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(handler.join(" "))
        .stdin(Stdio::piped())
        .spawn();
    match child {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(input);
            }
            match child.wait() {
                Ok(status) if !status.success() => eprintln!("watch handler exited with {status}"),
                Err(e) => eprintln!("watch handler failed: {e}"),
                _ => {}
            }
        }
        Err(e) => eprintln!("cannot run watch handler: {e}"),
    }
}

//! `roster members`, `roster join`, `roster leave`, `roster force-leave`:
//! gossip membership through the local agent's HTTP API, with Consul's flags
//! and output.

use std::{collections::BTreeMap, process::ExitCode};

use reqwest::Method;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, encode_key, fail},
};

/// `roster members`.
#[derive(Debug, clap::Args)]
pub struct MembersArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// List the WAN pool (servers of every datacenter).
    #[arg(long)]
    wan: bool,
    /// Show every tag instead of the summary columns.
    #[arg(long)]
    detailed: bool,
    /// Only members whose status matches this regular expression.
    #[arg(long)]
    status: Option<String>,
    /// Network segment (only the default one exists).
    #[arg(long)]
    segment: Option<String>,
}

/// `roster join`.
#[derive(Debug, clap::Args)]
pub struct JoinArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Join the WAN pool (servers only).
    #[arg(long)]
    wan: bool,
    /// Addresses to join through.
    #[arg(required = true)]
    addresses: Vec<String>,
}

/// `roster reload`.
#[derive(Debug, clap::Args)]
pub struct ReloadArgs {
    #[command(flatten)]
    http: HttpFlags,
}

/// Runs `roster reload`: the agent reads its configuration files again.
pub fn reload(a: ReloadArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let answer = client.call(Method::PUT, "/v1/agent/reload", &[], None)?;
    if answer.status != 200 {
        return fail(format!("Error reloading: {}", api_error(&answer)));
    }
    println!("Configuration reload triggered");
    Ok(ExitCode::SUCCESS)
}

/// `roster leave`.
#[derive(Debug, clap::Args)]
pub struct LeaveArgs {
    #[command(flatten)]
    http: HttpFlags,
}

/// `roster force-leave`.
#[derive(Debug, clap::Args)]
pub struct ForceLeaveArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Forget the member at once instead of keeping it as `left`.
    #[arg(long)]
    prune: bool,
    /// Act on the WAN pool.
    #[arg(long)]
    wan: bool,
    /// The member's node name.
    node: String,
}

/// A member as `/v1/agent/members` returns it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Member {
    pub(crate) name: String,
    pub(crate) addr: String,
    pub(crate) port: u16,
    #[serde(default)]
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) status: i32,
}

/// Consul's status words.
pub(crate) fn status_word(status: i32) -> &'static str {
    match status {
        1 => "alive",
        2 => "leaving",
        3 => "left",
        4 => "failed",
        _ => "none",
    }
}

/// Left-aligned columns two spaces apart (Consul's `columnize`).
pub(crate) fn columns(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; width];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn address(m: &Member) -> String {
    if m.addr.contains(':') {
        format!("[{}]:{}", m.addr, m.port)
    } else {
        format!("{}:{}", m.addr, m.port)
    }
}

/// Runs `roster members`.
pub fn members(a: MembersArgs) -> Result<ExitCode, CliError> {
    let status_filter = match &a.status {
        Some(re) => Some(
            regex::Regex::new(re)
                .map_err(|e| CliError::Message(format!("Failed to compile status regexp: {e}")))?,
        ),
        None => None,
    };
    let client = HttpClient::new(&a.http)?;
    let mut query = Vec::new();
    if a.wan {
        query.push(("wan", "1".to_string()));
    }
    if let Some(segment) = &a.segment {
        query.push(("segment", segment.clone()));
    }
    let answer = client.call(Method::GET, "/v1/agent/members", &query, None)?;
    if answer.status != 200 {
        return fail(format!("Error retrieving members: {}", api_error(&answer)));
    }
    let mut members: Vec<Member> = serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("Error decoding members: {e}")))?;
    members.sort_by(|a, b| a.name.cmp(&b.name));
    members.retain(|m| {
        status_filter
            .as_ref()
            .is_none_or(|re| re.is_match(status_word(m.status)))
    });
    if members.is_empty() {
        // Consul exits 2 when a filter leaves nothing.
        return Ok(ExitCode::from(2));
    }
    let mut rows = Vec::new();
    if a.detailed {
        rows.push(vec![
            "Node".into(),
            "Address".into(),
            "Status".into(),
            "Tags".into(),
        ]);
        for m in &members {
            let tags = m
                .tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",");
            rows.push(vec![
                m.name.clone(),
                address(m),
                status_word(m.status).into(),
                tags,
            ]);
        }
    } else {
        rows.push(
            [
                "Node",
                "Address",
                "Status",
                "Type",
                "Build",
                "Protocol",
                "DC",
                "Partition",
                "Segment",
            ]
            .map(String::from)
            .to_vec(),
        );
        for m in &members {
            let tag = |k: &str| m.tags.get(k).cloned().unwrap_or_default();
            let server = tag("role") == "consul";
            let build = tag("build");
            let build = build.split(':').next().unwrap_or_default().to_string();
            rows.push(vec![
                m.name.clone(),
                address(m),
                status_word(m.status).into(),
                if server { "server" } else { "client" }.into(),
                build,
                tag("vsn"),
                tag("dc"),
                "default".into(),
                if server { "<all>" } else { "<default>" }.into(),
            ]);
        }
    }
    print!("{}", columns(&rows));
    Ok(ExitCode::SUCCESS)
}

/// Runs `roster join`.
pub fn join(a: JoinArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let query = if a.wan {
        vec![("wan", "1".to_string())]
    } else {
        Vec::new()
    };
    let mut joined = 0;
    for address in &a.addresses {
        let path = format!("/v1/agent/join/{}", encode_key(address));
        let answer = client.call(Method::PUT, &path, &query, None)?;
        if answer.status == 200 {
            joined += 1;
        } else {
            eprintln!(
                "Error joining address '{address}': {}",
                String::from_utf8_lossy(&answer.body).trim_end()
            );
        }
    }
    if joined == 0 {
        return fail("Failed to join any nodes.".into());
    }
    println!("Successfully joined cluster by contacting {joined} nodes.");
    Ok(ExitCode::SUCCESS)
}

/// Runs `roster leave`.
pub fn leave(a: LeaveArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let answer = client.call(Method::PUT, "/v1/agent/leave", &[], None)?;
    if answer.status != 200 {
        return fail(format!("Error leaving: {}", api_error(&answer)));
    }
    println!("Graceful leave complete");
    Ok(ExitCode::SUCCESS)
}

/// Runs `roster force-leave`.
pub fn force_leave(a: ForceLeaveArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let mut query = Vec::new();
    if a.prune {
        query.push(("prune", "1".to_string()));
    }
    if a.wan {
        query.push(("wan", "1".to_string()));
    }
    let path = format!("/v1/agent/force-leave/{}", encode_key(&a.node));
    let answer = client.call(Method::PUT, &path, &query, None)?;
    if answer.status != 200 {
        return fail(format!("Error force leaving: {}", api_error(&answer)));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_like_columnize() {
        let rows = vec![
            vec!["Node".to_string(), "Address".into(), "Status".into()],
            vec![
                "n1-long".to_string(),
                "127.0.0.1:8301".into(),
                "alive".into(),
            ],
        ];
        assert_eq!(
            columns(&rows),
            "Node     Address         Status\nn1-long  127.0.0.1:8301  alive\n"
        );
    }
}

//! `roster catalog datacenters|nodes|services`, `roster services
//! register|deregister` and `roster maint`: the catalog and the local
//! agent's services through the agent's HTTP API, with Consul's flags and
//! output.

use std::process::ExitCode;

use reqwest::Method;
use serde_json::Value;

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, encode_key, fail},
    members::columns,
};

/// `roster catalog ...`.
#[derive(Debug, clap::Subcommand)]
pub enum CatalogCommand {
    /// List the known datacenters.
    Datacenters(CatalogArgs),
    /// List the nodes of the datacenter.
    Nodes(NodesArgs),
    /// List the services of the datacenter.
    Services(ServicesArgs),
}

/// Flags of `roster catalog datacenters`.
#[derive(Debug, clap::Args)]
pub struct CatalogArgs {
    #[command(flatten)]
    http: HttpFlags,
}

/// Flags of `roster catalog nodes`.
#[derive(Debug, clap::Args)]
pub struct NodesArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Show the whole node ID, tagged addresses and metadata.
    #[arg(long)]
    detailed: bool,
    /// Only nodes offering this service.
    #[arg(long)]
    service: Option<String>,
}

/// Flags of `roster catalog services`.
#[derive(Debug, clap::Args)]
pub struct ServicesArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Show each service's tags.
    #[arg(long)]
    tags: bool,
    /// Only the services of this node.
    #[arg(long)]
    node: Option<String>,
}

fn get_json(client: &HttpClient, path: &str) -> Result<Result<Value, String>, CliError> {
    let answer = client.call(Method::GET, path, &[], None)?;
    if answer.status != 200 {
        return Ok(Err(api_error(&answer)));
    }
    Ok(serde_json::from_slice(&answer.body).map_err(|e| format!("Error decoding the answer: {e}")))
}

/// Runs `roster catalog ...`.
pub fn run(command: CatalogCommand) -> Result<ExitCode, CliError> {
    match command {
        CatalogCommand::Datacenters(a) => {
            let client = HttpClient::new(&a.http)?;
            let dcs = match get_json(&client, "/v1/catalog/datacenters")? {
                Ok(v) => v,
                Err(e) => return fail(format!("Error listing datacenters: {e}")),
            };
            for dc in dcs.as_array().into_iter().flatten() {
                println!("{}", dc.as_str().unwrap_or_default());
            }
            Ok(ExitCode::SUCCESS)
        }
        CatalogCommand::Nodes(a) => nodes(a),
        CatalogCommand::Services(a) => services(a),
    }
}

fn nodes(a: NodesArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let nodes = match &a.service {
        None => get_json(&client, "/v1/catalog/nodes")?,
        Some(service) => get_json(
            &client,
            &format!("/v1/catalog/service/{}", encode_key(service)),
        )?,
    };
    let nodes = match nodes {
        Ok(v) => v,
        Err(e) => return fail(format!("Error listing nodes: {e}")),
    };
    let nodes = nodes.as_array().cloned().unwrap_or_default();
    if nodes.is_empty() {
        eprintln!("No nodes match the given query - try expanding your search.");
        return Ok(ExitCode::SUCCESS);
    }
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut rows = vec![if a.detailed {
        ["Node", "ID", "Address", "DC", "TaggedAddresses", "Meta"]
            .map(String::from)
            .to_vec()
    } else {
        ["Node", "ID", "Address", "DC"].map(String::from).to_vec()
    }];
    let mut seen = std::collections::BTreeSet::new();
    for n in &nodes {
        let name = text(&n["Node"]);
        if !seen.insert(name.clone()) {
            continue;
        }
        let id = text(&n["ID"]);
        let mut row = vec![
            name,
            if a.detailed {
                id
            } else {
                id.chars().take(8).collect()
            },
            text(&n["Address"]),
            text(&n["Datacenter"]),
        ];
        if a.detailed {
            let pairs = |v: &Value| {
                v.as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            };
            let meta = if n.get("Meta").is_some() {
                &n["Meta"]
            } else {
                &n["NodeMeta"]
            };
            row.push(pairs(&n["TaggedAddresses"]));
            row.push(pairs(meta));
        }
        rows.push(row);
    }
    print!("{}", columns(&rows));
    Ok(ExitCode::SUCCESS)
}

fn services(a: ServicesArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let listed: Vec<(String, Vec<String>)> = match &a.node {
        None => match get_json(&client, "/v1/catalog/services")? {
            Ok(v) => v
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, tags)| (k.clone(), strings(tags)))
                        .collect()
                })
                .unwrap_or_default(),
            Err(e) => return fail(format!("Error listing services: {e}")),
        },
        Some(node) => match get_json(&client, &format!("/v1/catalog/node/{}", encode_key(node)))? {
            Ok(Value::Null) => return fail(format!("No node found with name {node:?}")),
            Ok(v) => {
                let mut by_name = std::collections::BTreeMap::<String, Vec<String>>::new();
                for s in v["Services"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, s)| s)
                {
                    by_name
                        .entry(s["Service"].as_str().unwrap_or_default().to_string())
                        .or_default()
                        .extend(strings(&s["Tags"]));
                }
                by_name.into_iter().collect()
            }
            Err(e) => return fail(format!("Error listing services: {e}")),
        },
    };
    if listed.is_empty() {
        eprintln!("No services match the given query - try expanding your search.");
        return Ok(ExitCode::SUCCESS);
    }
    if a.tags {
        let rows: Vec<Vec<String>> = listed
            .into_iter()
            .map(|(name, mut tags)| {
                tags.sort();
                tags.dedup();
                vec![name, tags.join(",")]
            })
            .collect();
        print!("{}", columns(&rows));
    } else {
        for (name, _) in listed {
            println!("{name}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect()
}

/// `roster services ...`.
#[derive(Debug, clap::Subcommand)]
pub enum ServicesCommand {
    /// Register services with the local agent: from a file (Consul's
    /// `{"service": {...}}` or `{"services": [...]}`), or from flags.
    Register(RegisterArgs),
    /// Deregister services from the local agent: by `-id`, or every service
    /// a file defines.
    Deregister(DeregisterArgs),
}

/// Flags of `roster services register`.
#[derive(Debug, clap::Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Service name (without a file).
    #[arg(long)]
    name: Option<String>,
    /// Service ID (defaults to the name).
    #[arg(long)]
    id: Option<String>,
    /// Service address.
    #[arg(long)]
    address: Option<String>,
    /// Service port.
    #[arg(long)]
    port: Option<u16>,
    /// A tag (repeatable).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Metadata as `key=value` (repeatable).
    #[arg(long = "meta")]
    meta: Vec<String>,
    /// Definition files (JSON).
    files: Vec<std::path::PathBuf>,
}

/// Flags of `roster services deregister`.
#[derive(Debug, clap::Args)]
pub struct DeregisterArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// The service ID.
    #[arg(long)]
    id: Option<String>,
    /// Definition files whose services to deregister.
    files: Vec<std::path::PathBuf>,
}

/// The service definitions in Consul's JSON file shapes.
fn definitions(files: &[std::path::PathBuf]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("Error reading {}: {e}", file.display()))?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| format!("Error decoding {}: {e}", file.display()))?;
        let field = |name: &str| {
            value
                .as_object()
                .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                .map(|(_, v)| v.clone())
        };
        match (field("service"), field("services")) {
            (Some(one), None) => out.push(one),
            (None, Some(Value::Array(many))) => out.extend(many),
            _ => {
                return Err(format!(
                    "{}: expected a \"service\" object or a \"services\" list",
                    file.display()
                ));
            }
        }
    }
    Ok(out)
}

/// Runs `roster services ...`.
pub fn services_command(command: ServicesCommand) -> Result<ExitCode, CliError> {
    match command {
        ServicesCommand::Register(a) => register(a),
        ServicesCommand::Deregister(a) => deregister(a),
    }
}

fn register(a: RegisterArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let services = if a.files.is_empty() {
        let Some(name) = &a.name else {
            return fail("Error: a service definition file or -name is required".into());
        };
        let mut meta = serde_json::Map::new();
        for pair in &a.meta {
            let Some((k, v)) = pair.split_once('=') else {
                return fail(format!("Error: -meta {pair:?} is not key=value"));
            };
            meta.insert(k.to_string(), Value::String(v.to_string()));
        }
        vec![serde_json::json!({
            "Name": name,
            "ID": a.id.clone().unwrap_or_default(),
            "Address": a.address.clone().unwrap_or_default(),
            "Port": a.port.unwrap_or(0),
            "Tags": a.tags,
            "Meta": meta,
        })]
    } else {
        match definitions(&a.files) {
            Ok(d) => d,
            Err(e) => return fail(e),
        }
    };
    for service in services {
        let answer = client.call(
            Method::PUT,
            "/v1/agent/service/register",
            &[],
            Some(service.to_string().into_bytes()),
        )?;
        if answer.status != 200 {
            return fail(format!("Error registering service: {}", api_error(&answer)));
        }
        let name = service
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case("name")))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or_default()
            .to_string();
        println!("Registered service: {name}");
    }
    Ok(ExitCode::SUCCESS)
}

fn deregister(a: DeregisterArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    let ids: Vec<String> = match (&a.id, a.files.is_empty()) {
        (Some(id), true) => vec![id.clone()],
        (None, false) => match definitions(&a.files) {
            Ok(d) => d
                .iter()
                .map(|s| {
                    let field = |name: &str| {
                        s.as_object()
                            .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                            .and_then(|(_, v)| v.as_str())
                            .filter(|v| !v.is_empty())
                            .map(str::to_string)
                    };
                    field("id").or_else(|| field("name")).unwrap_or_default()
                })
                .collect(),
            Err(e) => return fail(e),
        },
        _ => return fail("Error: give either -id or definition files, not both".into()),
    };
    for id in ids {
        let answer = client.call(
            Method::PUT,
            &format!("/v1/agent/service/deregister/{}", encode_key(&id)),
            &[],
            None,
        )?;
        if answer.status != 200 {
            return fail(format!(
                "Error deregistering service: {}",
                api_error(&answer)
            ));
        }
        println!("Deregistered service: {id}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Flags of `roster maint`.
#[derive(Debug, clap::Args)]
pub struct MaintArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// Enter maintenance mode.
    #[arg(long)]
    enable: bool,
    /// Leave maintenance mode.
    #[arg(long)]
    disable: bool,
    /// Why (shown in the check's notes).
    #[arg(long, default_value = "")]
    reason: String,
    /// One service instead of the whole node.
    #[arg(long)]
    service: Option<String>,
}

/// Runs `roster maint`: without `-enable`/`-disable`, lists what is in
/// maintenance.
pub fn maint(a: MaintArgs) -> Result<ExitCode, CliError> {
    let client = HttpClient::new(&a.http)?;
    if a.enable && a.disable {
        return fail("Only one of -enable or -disable may be provided".into());
    }
    if !a.enable && !a.disable {
        let checks = match get_json(&client, "/v1/agent/checks")? {
            Ok(v) => v,
            Err(e) => return fail(format!("Error listing checks: {e}")),
        };
        for (id, check) in checks.as_object().into_iter().flatten() {
            let notes = check["Notes"].as_str().unwrap_or_default();
            if id == "_node_maintenance" {
                println!(
                    "Node:\n  Name:   {}\n  Reason: {notes}",
                    check["Node"].as_str().unwrap_or_default()
                );
            } else if let Some(service) = id.strip_prefix("_service_maintenance:") {
                println!("Service:\n  ID:     {service}\n  Reason: {notes}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let path = match &a.service {
        Some(id) => format!("/v1/agent/service/maintenance/{}", encode_key(id)),
        None => "/v1/agent/maintenance".to_string(),
    };
    let query = [
        ("enable", a.enable.to_string()),
        ("reason", a.reason.clone()),
    ];
    let answer = client.call(Method::PUT, &path, &query, None)?;
    if answer.status != 200 {
        return fail(format!(
            "Error toggling maintenance mode: {}",
            api_error(&answer)
        ));
    }
    let verb = if a.enable { "entered" } else { "left" };
    match &a.service {
        Some(id) => println!("Service {verb} maintenance mode: {id}"),
        None => println!("Node {verb} maintenance mode"),
    }
    Ok(ExitCode::SUCCESS)
}

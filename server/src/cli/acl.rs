//! `roster acl bootstrap|token|policy|role ...`: ACL management through the
//! agent's HTTP API (`/v1/acl/`), with Consul's flags and output (`-format
//! json` prints the API's JSON).

use std::process::ExitCode;

use reqwest::Method;
use serde_json::{Value, json};

use super::{
    CliError,
    http::{HttpClient, HttpFlags, api_error, encode_key, fail},
};

/// `roster acl ...`.
#[derive(Debug, clap::Subcommand)]
pub enum AclCommand {
    /// Create the first management token (once).
    Bootstrap(OutputArgs),
    /// Create, read, update, clone, delete and list tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Create, read, update, delete and list policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Create, read, update, delete and list roles.
    #[command(subcommand)]
    Role(RoleCommand),
}

/// The HTTP flags and the output format.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    #[command(flatten)]
    http: HttpFlags,
    /// `pretty` (default) or `json`.
    #[arg(long, default_value = "pretty")]
    format: String,
}

/// Links and identities of a token or role.
#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// A policy by ID (repeatable).
    #[arg(long = "policy-id")]
    policy_ids: Vec<String>,
    /// A policy by name (repeatable).
    #[arg(long = "policy-name")]
    policy_names: Vec<String>,
    /// A service identity, `name` or `name:dc1,dc2` (repeatable).
    #[arg(long = "service-identity")]
    service_identities: Vec<String>,
    /// A node identity, `node:datacenter` (repeatable).
    #[arg(long = "node-identity")]
    node_identities: Vec<String>,
}

/// `roster acl token ...`.
#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create a token.
    Create {
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        links: LinkArgs,
        /// A role by ID (repeatable).
        #[arg(long = "role-id")]
        role_ids: Vec<String>,
        /// A role by name (repeatable).
        #[arg(long = "role-name")]
        role_names: Vec<String>,
        /// What the token is for.
        #[arg(long, default_value = "")]
        description: String,
        /// Valid in this datacenter only.
        #[arg(long)]
        local: bool,
        /// A lifetime, such as `1h`.
        #[arg(long = "expires-ttl")]
        expires_ttl: Option<String>,
        /// The accessor ID to use (a UUID).
        #[arg(long)]
        accessor: Option<String>,
        /// The secret to use (a UUID).
        #[arg(long)]
        secret: Option<String>,
    },
    /// Read a token by accessor ID (or the token in use with `-self`).
    Read {
        #[command(flatten)]
        out: OutputArgs,
        /// The accessor ID.
        #[arg(long)]
        id: Option<String>,
        /// Read the token the command runs with.
        #[arg(long = "self")]
        own: bool,
    },
    /// Replace a token's description, policies, roles and identities.
    Update {
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        links: LinkArgs,
        /// A role by ID (repeatable).
        #[arg(long = "role-id")]
        role_ids: Vec<String>,
        /// A role by name (repeatable).
        #[arg(long = "role-name")]
        role_names: Vec<String>,
        /// The accessor ID.
        #[arg(long)]
        id: String,
        /// A new description (kept when not given).
        #[arg(long)]
        description: Option<String>,
    },
    /// Copy a token under a new accessor and secret.
    Clone {
        #[command(flatten)]
        out: OutputArgs,
        /// The accessor ID of the token copied.
        #[arg(long)]
        id: String,
        /// The copy's description.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Delete a token.
    Delete {
        #[command(flatten)]
        http: HttpFlags,
        /// The accessor ID.
        #[arg(long)]
        id: String,
    },
    /// List the tokens.
    List(OutputArgs),
}

/// `roster acl policy ...`.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Create a policy.
    Create {
        #[command(flatten)]
        out: OutputArgs,
        /// Its unique name.
        #[arg(long)]
        name: String,
        /// What it is for.
        #[arg(long, default_value = "")]
        description: String,
        /// The rules: text, `@file`, or `-` for stdin.
        #[arg(long, default_value = "")]
        rules: String,
        /// A datacenter it applies in (repeatable; none: all).
        #[arg(long = "valid-datacenter")]
        datacenters: Vec<String>,
    },
    /// Read a policy by ID or name.
    Read {
        #[command(flatten)]
        out: OutputArgs,
        /// The policy's ID.
        #[arg(long)]
        id: Option<String>,
        /// The policy's name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Change a policy; what is not given is kept.
    Update {
        #[command(flatten)]
        out: OutputArgs,
        /// The policy's ID.
        #[arg(long)]
        id: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        /// A new description.
        #[arg(long)]
        description: Option<String>,
        /// New rules: text, `@file`, or `-` for stdin.
        #[arg(long)]
        rules: Option<String>,
    },
    /// Delete a policy by ID or name.
    Delete {
        #[command(flatten)]
        http: HttpFlags,
        /// The policy's ID.
        #[arg(long)]
        id: Option<String>,
        /// The policy's name.
        #[arg(long)]
        name: Option<String>,
    },
    /// List the policies.
    List(OutputArgs),
}

/// `roster acl role ...`.
#[derive(Debug, clap::Subcommand)]
pub enum RoleCommand {
    /// Create a role.
    Create {
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        links: LinkArgs,
        /// Its unique name.
        #[arg(long)]
        name: String,
        /// What it is for.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Read a role by ID or name.
    Read {
        #[command(flatten)]
        out: OutputArgs,
        /// The role's ID.
        #[arg(long)]
        id: Option<String>,
        /// The role's name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Replace a role's policies and identities (name and description
    /// kept when not given).
    Update {
        #[command(flatten)]
        out: OutputArgs,
        #[command(flatten)]
        links: LinkArgs,
        /// The role's ID.
        #[arg(long)]
        id: String,
        /// A new name.
        #[arg(long)]
        name: Option<String>,
        /// A new description.
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a role.
    Delete {
        #[command(flatten)]
        http: HttpFlags,
        /// The role's ID.
        #[arg(long)]
        id: String,
    },
    /// List the roles.
    List(OutputArgs),
}

/// Runs `roster acl ...`.
pub fn run(command: AclCommand) -> Result<ExitCode, CliError> {
    match command {
        AclCommand::Bootstrap(out) => {
            let client = HttpClient::new(&out.http)?;
            call(
                &client,
                Method::PUT,
                "/v1/acl/bootstrap",
                None,
                &out.format,
                "Failed ACL bootstrapping",
                print_token,
            )
        }
        AclCommand::Token(c) => token(c),
        AclCommand::Policy(c) => policy(c),
        AclCommand::Role(c) => role(c),
    }
}

/// Sends one request and prints its JSON answer with `print` (or as JSON).
fn call(
    client: &HttpClient,
    method: Method,
    path: &str,
    body: Option<Value>,
    format: &str,
    failure: &str,
    print: fn(&Value),
) -> Result<ExitCode, CliError> {
    let answer = client.call(method, path, &[], body.map(|b| b.to_string().into_bytes()))?;
    if answer.status != 200 {
        return fail(format!("{failure}: {}", api_error(&answer)));
    }
    let value: Value = serde_json::from_slice(&answer.body)
        .map_err(|e| CliError::Message(format!("Error decoding the answer: {e}")))?;
    if format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        match &value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        println!();
                    }
                    print(item);
                }
            }
            other => print(other),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn print_links(title: &str, links: &Value) {
    if let Some(items) = links.as_array().filter(|a| !a.is_empty()) {
        println!("{title}:");
        for l in items {
            println!("   {} - {}", text(&l["ID"]), text(&l["Name"]));
        }
    }
}

fn print_identities(v: &Value) {
    if let Some(items) = v["ServiceIdentities"].as_array().filter(|a| !a.is_empty()) {
        println!("Service Identities:");
        for s in items {
            let dcs: Vec<&str> = s["Datacenters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(text)
                .collect();
            let dcs = if dcs.is_empty() {
                "all".to_string()
            } else {
                dcs.join(", ")
            };
            println!("   {} (Datacenters: {dcs})", text(&s["ServiceName"]));
        }
    }
    if let Some(items) = v["NodeIdentities"].as_array().filter(|a| !a.is_empty()) {
        println!("Node Identities:");
        for n in items {
            println!(
                "   {} (Datacenter: {})",
                text(&n["NodeName"]),
                text(&n["Datacenter"])
            );
        }
    }
}

fn print_token(t: &Value) {
    println!("AccessorID:       {}", text(&t["AccessorID"]));
    println!("SecretID:         {}", text(&t["SecretID"]));
    println!("Description:      {}", text(&t["Description"]));
    println!(
        "Local:            {}",
        t["Local"].as_bool().unwrap_or(false)
    );
    println!("Create Time:      {}", text(&t["CreateTime"]));
    if let Some(e) = t["ExpirationTime"].as_str() {
        println!("Expiration Time:  {e}");
    }
    print_links("Policies", &t["Policies"]);
    print_links("Roles", &t["Roles"]);
    print_identities(t);
}

fn print_policy(p: &Value) {
    println!("ID:           {}", text(&p["ID"]));
    println!("Name:         {}", text(&p["Name"]));
    println!("Description:  {}", text(&p["Description"]));
    let dcs: Vec<&str> = p["Datacenters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(text)
        .collect();
    println!("Datacenters:  {}", dcs.join(", "));
    if let Some(rules) = p["Rules"].as_str() {
        println!("Rules:\n{rules}");
    }
}

fn print_role(r: &Value) {
    println!("ID:           {}", text(&r["ID"]));
    println!("Name:         {}", text(&r["Name"]));
    println!("Description:  {}", text(&r["Description"]));
    print_links("Policies", &r["Policies"]);
    print_identities(r);
}

/// The links and identities flags as JSON fields.
fn link_fields(links: &LinkArgs, body: &mut serde_json::Map<String, Value>) -> Result<(), String> {
    let policies: Vec<Value> = links
        .policy_ids
        .iter()
        .map(|id| json!({"ID": id}))
        .chain(links.policy_names.iter().map(|n| json!({"Name": n})))
        .collect();
    body.insert("Policies".into(), Value::Array(policies));
    let mut services = Vec::new();
    for s in &links.service_identities {
        let (name, dcs) = match s.split_once(':') {
            Some((name, dcs)) => (name, dcs.split(',').filter(|d| !d.is_empty()).collect()),
            None => (s.as_str(), Vec::new()),
        };
        services.push(json!({"ServiceName": name, "Datacenters": dcs}));
    }
    body.insert("ServiceIdentities".into(), Value::Array(services));
    let mut nodes = Vec::new();
    for n in &links.node_identities {
        let Some((node, dc)) = n.split_once(':') else {
            return Err(format!(
                "Malformed -node-identity argument {n:?}: expected NODENAME:DATACENTER"
            ));
        };
        nodes.push(json!({"NodeName": node, "Datacenter": dc}));
    }
    body.insert("NodeIdentities".into(), Value::Array(nodes));
    Ok(())
}

fn role_links(ids: &[String], names: &[String]) -> Value {
    Value::Array(
        ids.iter()
            .map(|id| json!({"ID": id}))
            .chain(names.iter().map(|n| json!({"Name": n})))
            .collect(),
    )
}

fn token(command: TokenCommand) -> Result<ExitCode, CliError> {
    match command {
        TokenCommand::Create {
            out,
            links,
            role_ids,
            role_names,
            description,
            local,
            expires_ttl,
            accessor,
            secret,
        } => {
            let client = HttpClient::new(&out.http)?;
            let mut body = serde_json::Map::new();
            if let Err(e) = link_fields(&links, &mut body) {
                return fail(e);
            }
            body.insert("Roles".into(), role_links(&role_ids, &role_names));
            body.insert("Description".into(), json!(description));
            body.insert("Local".into(), json!(local));
            if let Some(ttl) = expires_ttl {
                body.insert("ExpirationTTL".into(), json!(ttl));
            }
            if let Some(a) = accessor {
                body.insert("AccessorID".into(), json!(a));
            }
            if let Some(s) = secret {
                body.insert("SecretID".into(), json!(s));
            }
            call(
                &client,
                Method::PUT,
                "/v1/acl/token",
                Some(Value::Object(body)),
                &out.format,
                "Failed to create new token",
                print_token,
            )
        }
        TokenCommand::Read { out, id, own } => {
            let client = HttpClient::new(&out.http)?;
            let path = match (own, id) {
                (true, _) => "/v1/acl/token/self".to_string(),
                (false, Some(id)) => format!("/v1/acl/token/{}", encode_key(&id)),
                (false, None) => return fail("Must specify the -id parameter".into()),
            };
            call(
                &client,
                Method::GET,
                &path,
                None,
                &out.format,
                "Error reading token",
                print_token,
            )
        }
        TokenCommand::Update {
            out,
            links,
            role_ids,
            role_names,
            id,
            description,
        } => {
            let client = HttpClient::new(&out.http)?;
            let path = format!("/v1/acl/token/{}", encode_key(&id));
            let answer = client.call(Method::GET, &path, &[], None)?;
            if answer.status != 200 {
                return fail(format!(
                    "Failed to retrieve the token: {}",
                    api_error(&answer)
                ));
            }
            let current: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
            let mut body = serde_json::Map::new();
            if let Err(e) = link_fields(&links, &mut body) {
                return fail(e);
            }
            body.insert("Roles".into(), role_links(&role_ids, &role_names));
            body.insert("AccessorID".into(), json!(id));
            body.insert(
                "Description".into(),
                json!(description.unwrap_or_else(|| text(&current["Description"]).to_string())),
            );
            body.insert("Local".into(), current["Local"].clone());
            call(
                &client,
                Method::PUT,
                &path,
                Some(Value::Object(body)),
                &out.format,
                "Failed to update token",
                print_token,
            )
        }
        TokenCommand::Clone {
            out,
            id,
            description,
        } => {
            let client = HttpClient::new(&out.http)?;
            let path = format!("/v1/acl/token/{}/clone", encode_key(&id));
            call(
                &client,
                Method::PUT,
                &path,
                Some(json!({"Description": description})),
                &out.format,
                "Failed to clone token",
                print_token,
            )
        }
        TokenCommand::Delete { http, id } => {
            let client = HttpClient::new(&http)?;
            let answer = client.call(
                Method::DELETE,
                &format!("/v1/acl/token/{}", encode_key(&id)),
                &[],
                None,
            )?;
            if answer.status != 200 {
                return fail(format!(
                    "Error deleting token {id:?}: {}",
                    api_error(&answer)
                ));
            }
            println!("Token {id:?} deleted successfully");
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::List(out) => {
            let client = HttpClient::new(&out.http)?;
            call(
                &client,
                Method::GET,
                "/v1/acl/tokens",
                None,
                &out.format,
                "Failed to retrieve the token list",
                print_token,
            )
        }
    }
}

/// `-rules` text: `@path` reads a file, `-` standard input.
fn rules_text(arg: &str) -> Result<String, String> {
    if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| format!("Failed to read rules from {path}: {e}"))
    } else if arg == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("Failed to read rules from stdin: {e}"))
    } else {
        Ok(arg.to_string())
    }
}

/// The ID of the policy named `name`.
fn policy_id_by_name(client: &HttpClient, name: &str) -> Result<Result<String, String>, CliError> {
    let answer = client.call(
        Method::GET,
        &format!("/v1/acl/policy/name/{}", encode_key(name)),
        &[],
        None,
    )?;
    if answer.status != 200 {
        return Ok(Err(format!(
            "Error looking up policy {name:?}: {}",
            api_error(&answer)
        )));
    }
    let v: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
    Ok(Ok(text(&v["ID"]).to_string()))
}

fn policy(command: PolicyCommand) -> Result<ExitCode, CliError> {
    match command {
        PolicyCommand::Create {
            out,
            name,
            description,
            rules,
            datacenters,
        } => {
            let client = HttpClient::new(&out.http)?;
            let rules = match rules_text(&rules) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let body = json!({"Name": name, "Description": description, "Rules": rules, "Datacenters": datacenters});
            call(
                &client,
                Method::PUT,
                "/v1/acl/policy",
                Some(body),
                &out.format,
                "Failed to create new policy",
                print_policy,
            )
        }
        PolicyCommand::Read { out, id, name } => {
            let client = HttpClient::new(&out.http)?;
            let path = match (id, name) {
                (Some(id), _) => format!("/v1/acl/policy/{}", encode_key(&id)),
                (None, Some(name)) => format!("/v1/acl/policy/name/{}", encode_key(&name)),
                (None, None) => {
                    return fail("Must specify either the -id or -name parameters".into());
                }
            };
            call(
                &client,
                Method::GET,
                &path,
                None,
                &out.format,
                "Error reading policy",
                print_policy,
            )
        }
        PolicyCommand::Update {
            out,
            id,
            name,
            description,
            rules,
        } => {
            let client = HttpClient::new(&out.http)?;
            let path = format!("/v1/acl/policy/{}", encode_key(&id));
            let answer = client.call(Method::GET, &path, &[], None)?;
            if answer.status != 200 {
                return fail(format!(
                    "Error reading policy {id:?}: {}",
                    api_error(&answer)
                ));
            }
            let mut current: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
            if let Some(n) = name {
                current["Name"] = json!(n);
            }
            if let Some(d) = description {
                current["Description"] = json!(d);
            }
            if let Some(r) = rules {
                match rules_text(&r) {
                    Ok(r) => current["Rules"] = json!(r),
                    Err(e) => return fail(e),
                }
            }
            call(
                &client,
                Method::PUT,
                &path,
                Some(current),
                &out.format,
                "Error updating policy",
                print_policy,
            )
        }
        PolicyCommand::Delete { http, id, name } => {
            let client = HttpClient::new(&http)?;
            let id = match (id, name) {
                (Some(id), _) => id,
                (None, Some(name)) => match policy_id_by_name(&client, &name)? {
                    Ok(id) => id,
                    Err(e) => return fail(e),
                },
                (None, None) => {
                    return fail("Must specify either the -id or -name parameters".into());
                }
            };
            let answer = client.call(
                Method::DELETE,
                &format!("/v1/acl/policy/{}", encode_key(&id)),
                &[],
                None,
            )?;
            if answer.status != 200 {
                return fail(format!(
                    "Error deleting policy {id:?}: {}",
                    api_error(&answer)
                ));
            }
            println!("Policy {id:?} deleted successfully");
            Ok(ExitCode::SUCCESS)
        }
        PolicyCommand::List(out) => {
            let client = HttpClient::new(&out.http)?;
            call(
                &client,
                Method::GET,
                "/v1/acl/policies",
                None,
                &out.format,
                "Failed to retrieve the policy list",
                print_policy,
            )
        }
    }
}

fn role(command: RoleCommand) -> Result<ExitCode, CliError> {
    match command {
        RoleCommand::Create {
            out,
            links,
            name,
            description,
        } => {
            let client = HttpClient::new(&out.http)?;
            let mut body = serde_json::Map::new();
            if let Err(e) = link_fields(&links, &mut body) {
                return fail(e);
            }
            body.insert("Name".into(), json!(name));
            body.insert("Description".into(), json!(description));
            call(
                &client,
                Method::PUT,
                "/v1/acl/role",
                Some(Value::Object(body)),
                &out.format,
                "Failed to create new role",
                print_role,
            )
        }
        RoleCommand::Read { out, id, name } => {
            let client = HttpClient::new(&out.http)?;
            let path = match (id, name) {
                (Some(id), _) => format!("/v1/acl/role/{}", encode_key(&id)),
                (None, Some(name)) => format!("/v1/acl/role/name/{}", encode_key(&name)),
                (None, None) => {
                    return fail("Must specify either the -id or -name parameters".into());
                }
            };
            call(
                &client,
                Method::GET,
                &path,
                None,
                &out.format,
                "Error reading role",
                print_role,
            )
        }
        RoleCommand::Update {
            out,
            links,
            id,
            name,
            description,
        } => {
            let client = HttpClient::new(&out.http)?;
            let path = format!("/v1/acl/role/{}", encode_key(&id));
            let answer = client.call(Method::GET, &path, &[], None)?;
            if answer.status != 200 {
                return fail(format!("Error reading role {id:?}: {}", api_error(&answer)));
            }
            let current: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
            let mut body = serde_json::Map::new();
            if let Err(e) = link_fields(&links, &mut body) {
                return fail(e);
            }
            body.insert("ID".into(), json!(id));
            body.insert(
                "Name".into(),
                json!(name.unwrap_or_else(|| text(&current["Name"]).to_string())),
            );
            body.insert(
                "Description".into(),
                json!(description.unwrap_or_else(|| text(&current["Description"]).to_string())),
            );
            call(
                &client,
                Method::PUT,
                &path,
                Some(Value::Object(body)),
                &out.format,
                "Error updating role",
                print_role,
            )
        }
        RoleCommand::Delete { http, id } => {
            let client = HttpClient::new(&http)?;
            let answer = client.call(
                Method::DELETE,
                &format!("/v1/acl/role/{}", encode_key(&id)),
                &[],
                None,
            )?;
            if answer.status != 200 {
                return fail(format!(
                    "Error deleting role {id:?}: {}",
                    api_error(&answer)
                ));
            }
            println!("Role {id:?} deleted successfully");
            Ok(ExitCode::SUCCESS)
        }
        RoleCommand::List(out) => {
            let client = HttpClient::new(&out.http)?;
            call(
                &client,
                Method::GET,
                "/v1/acl/roles",
                None,
                &out.format,
                "Failed to retrieve the role list",
                print_role,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_flags_become_consuls_fields() {
        let links = LinkArgs {
            policy_ids: vec!["p1".into()],
            policy_names: vec!["readers".into()],
            service_identities: vec!["web".into(), "db:dc1,dc2".into()],
            node_identities: vec!["n1:dc1".into()],
        };
        let mut body = serde_json::Map::new();
        link_fields(&links, &mut body).unwrap();
        assert_eq!(body["Policies"], json!([{"ID": "p1"}, {"Name": "readers"}]));
        assert_eq!(
            body["ServiceIdentities"],
            json!([{"ServiceName": "web", "Datacenters": []},
                   {"ServiceName": "db", "Datacenters": ["dc1", "dc2"]}])
        );
        assert_eq!(
            body["NodeIdentities"],
            json!([{"NodeName": "n1", "Datacenter": "dc1"}])
        );
        let bad = LinkArgs {
            node_identities: vec!["n1".into()],
            ..links
        };
        assert!(link_fields(&bad, &mut serde_json::Map::new()).is_err());
    }

    #[test]
    fn rules_come_from_text_or_a_file() {
        assert_eq!(rules_text("acl = \"read\"").unwrap(), "acl = \"read\"");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.hcl");
        std::fs::write(&path, "operator = \"read\"").unwrap();
        assert_eq!(
            rules_text(&format!("@{}", path.display())).unwrap(),
            "operator = \"read\""
        );
        assert!(rules_text("@/no/such/file").is_err());
    }
}

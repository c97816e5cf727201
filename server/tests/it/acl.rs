//! ACLs on a real agent: the bootstrap (once, and its reset), tokens,
//! policies and roles over HTTP and the CLI, and enforcement agreeing over
//! HTTP, gRPC and DNS — denied writes, filtered lists (with the header only
//! for a request that sent a token), blocking reads and watch streams that
//! leak nothing, unknown tokens refused.

use std::time::Duration;

use roster_proto::kv::v1::{GetRequest, WatchRequest, kv_service_client::KvServiceClient};
use roster_testkit::Agent;
use serde_json::{Value, json};
use tonic::Request;

use super::*;

/// A single server with ACLs on and `default_policy = "deny"`, plus
/// `extra` merged into its `acl` block.
async fn acl_server(name: &str, extra: Value) -> (Agent, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut acl = json!({"enabled": true, "default_policy": "deny"});
    if let (Some(a), Some(e)) = (acl.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            a.insert(k.clone(), v.clone());
        }
    }
    let path = dir.path().join("acl.json");
    std::fs::write(&path, json!({ "acl": acl }).to_string()).unwrap();
    let flag = format!("-config-file={}", path.display());
    let agent = Agent::start_with(roster_bin(), name, &[&flag]).unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    (agent, dir)
}

/// A request with `token` (if any) in `X-Consul-Token`; (status, headers,
/// body).
async fn call(
    agent: &Agent,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut request = http().request(method, format!("{}{path}", agent.http_base()));
    if let Some(t) = token {
        request = request.header("X-Consul-Token", t);
    }
    if let Some(b) = body {
        request = request.body(b);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

async fn get(agent: &Agent, path: &str, token: Option<&str>) -> (u16, String) {
    let (s, _, b) = call(agent, reqwest::Method::GET, path, token, None).await;
    (s, b)
}

async fn put(agent: &Agent, path: &str, token: Option<&str>, body: Value) -> (u16, String) {
    let (s, _, b) = call(
        agent,
        reqwest::Method::PUT,
        path,
        token,
        Some(body.to_string()),
    )
    .await;
    (s, b)
}

async fn must_json(agent: &Agent, path: &str, token: &str, body: Value) -> Value {
    let (s, b) = put(agent, path, Some(token), body).await;
    assert_eq!(s, 200, "PUT {path}: {b}");
    serde_json::from_str(&b).unwrap()
}

/// Waits for the leader's built-ins (the anonymous token).
async fn wait_built_ins(agent: &Agent, management: &str) {
    roster_testkit::wait_for(Duration::from_secs(20), "the anonymous token", || async {
        get(
            agent,
            "/v1/acl/token/00000000-0000-0000-0000-000000000002",
            Some(management),
        )
        .await
        .0 == 200
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn acl_endpoints_answer_401_without_acls() {
    let agent = must_start("acl-off").await;
    for path in ["/v1/acl/tokens", "/v1/acl/policies", "/v1/acl/token/self"] {
        let (status, body) = get(&agent, path, None).await;
        assert_eq!(
            (status, body.as_str()),
            (401, "ACL support disabled"),
            "{path}"
        );
    }
    let (status, _) = put(&agent, "/v1/acl/bootstrap", None, json!({})).await;
    assert_eq!(status, 401);
    // And everything else stays open, as before.
    let (status, body) = put(&agent, "/v1/kv/open", None, json!(1)).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn bootstrap_works_once_and_again_only_with_the_reset_index() {
    let (agent, _dir) = acl_server("acl-boot", json!({})).await;
    let (status, body) = put(&agent, "/v1/acl/bootstrap", None, json!({})).await;
    assert_eq!(status, 200, "{body}");
    let token: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(token["Description"], "Bootstrap Token (Global Management)");
    assert_eq!(token["Policies"][0]["Name"], "global-management");
    let secret = token["SecretID"].as_str().unwrap().to_string();

    let (status, body) = put(&agent, "/v1/acl/bootstrap", None, json!({})).await;
    assert_eq!(status, 403, "{body}");
    let reset: u64 = body
        .split("reset index: ")
        .nth(1)
        .and_then(|r| r.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("no reset index in {body:?}"));
    // A wrong index in the file is refused and named.
    std::fs::write(
        agent.data_dir.join("acl-bootstrap-reset"),
        format!("{}", reset + 7),
    )
    .unwrap();
    let (status, body) = put(&agent, "/v1/acl/bootstrap", None, json!({})).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Invalid bootstrap reset index"), "{body}");
    std::fs::write(
        agent.data_dir.join("acl-bootstrap-reset"),
        reset.to_string(),
    )
    .unwrap();
    let chosen = "4b3b3d6e-5b1a-4f0e-9d5c-2a1f0e6b7c8d";
    let (status, body) = put(
        &agent,
        "/v1/acl/bootstrap",
        None,
        json!({"BootstrapSecret": chosen}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(!agent.data_dir.join("acl-bootstrap-reset").exists());
    // Both management tokens work.
    for t in [secret.as_str(), chosen] {
        assert_eq!(get(&agent, "/v1/acl/tokens", Some(t)).await.0, 200);
    }
}

#[tokio::test]
async fn tokens_policies_and_roles_are_managed_and_enforced_everywhere() {
    let (agent, _dir) = acl_server("acl-api", json!({})).await;
    let (_, body) = put(&agent, "/v1/acl/bootstrap", None, json!({})).await;
    let root: Value = serde_json::from_str(&body).unwrap();
    let root = root["SecretID"].as_str().unwrap().to_string();
    wait_built_ins(&agent, &root).await;

    // Bad input is refused with the reason, and creates nothing.
    let (status, body) = put(
        &agent,
        "/v1/acl/policy",
        Some(&root),
        json!({"Name": "bad", "Rules": "key \"a\" { policy = \"rw\" }"}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.starts_with("Failed to parse policy:"), "{body}");
    let (status, body) = put(
        &agent,
        "/v1/acl/policy",
        Some(&root),
        json!({"Name": "no spaces"}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (_, list) = get(&agent, "/v1/acl/policies", Some(&root)).await;
    assert!(!list.contains("\"bad\""), "{list}");

    let app = must_json(
        &agent,
        "/v1/acl/policy",
        &root,
        json!({"Name": "app", "Rules": "key_prefix \"app/\" { policy = \"write\" }\nservice_prefix \"\" { policy = \"read\" }\nnode_prefix \"\" { policy = \"read\" }"}),
    )
    .await;
    let (status, body) = put(
        &agent,
        "/v1/acl/policy",
        Some(&root),
        json!({"Name": "APP"}),
    )
    .await;
    assert_eq!(status, 400, "names are unique ignoring case: {body}");
    let token = must_json(
        &agent,
        "/v1/acl/token",
        &root,
        json!({"Description": "app", "Policies": [{"Name": "app"}]}),
    )
    .await;
    assert_eq!(token["Policies"][0]["ID"], app["ID"]);
    let secret = token["SecretID"].as_str().unwrap().to_string();
    let accessor = token["AccessorID"].as_str().unwrap().to_string();

    // token/self with the token itself; its secret is shown to acl:write only.
    let (status, body) = get(&agent, "/v1/acl/token/self", Some(&secret)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&accessor));
    let (status, body) = get(&agent, &format!("/v1/acl/token/{accessor}"), Some(&secret)).await;
    assert_eq!(status, 403, "no acl:read: {body}");
    let (_, body) = get(&agent, &format!("/v1/acl/token/{accessor}"), Some(&root)).await;
    assert!(body.contains(&secret), "{body}");

    // KV: writes in app/, nothing else; lists filtered, the header only for
    // a request that sent a token.
    assert_eq!(
        put(&agent, "/v1/kv/app/a", Some(&secret), json!(1)).await.0,
        200
    );
    assert_eq!(
        put(&agent, "/v1/kv/other", Some(&root), json!(2)).await.0,
        200
    );
    let (status, body) = put(&agent, "/v1/kv/other", Some(&secret), json!(3)).await;
    assert_eq!(status, 403);
    assert!(body.starts_with("Permission denied"), "{body}");
    assert!(body.contains("key:write"), "{body}");
    assert_eq!(get(&agent, "/v1/kv/other", Some(&secret)).await.0, 403);
    let (_, headers, body) = call(
        &agent,
        reqwest::Method::GET,
        "/v1/kv/?recurse",
        Some(&secret),
        None,
    )
    .await;
    let keys: Vec<String> = serde_json::from_str::<Vec<Value>>(&body)
        .unwrap()
        .iter()
        .map(|e| e["Key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, ["app/a"]);
    assert_eq!(headers["x-consul-results-filtered-by-acls"], "true");
    let (_, body) = get(&agent, "/v1/kv/?keys", Some(&secret)).await;
    assert_eq!(body, r#"["app/a"]"#);
    let (status, headers, body) =
        call(&agent, reqwest::Method::GET, "/v1/kv/?recurse", None, None).await;
    assert_eq!(status, 404, "anonymous sees nothing: {body}");
    assert!(headers.get("x-consul-results-filtered-by-acls").is_none());
    // A recursive delete over what it may not all write is refused.
    let (status, _, _) = call(
        &agent,
        reqwest::Method::DELETE,
        "/v1/kv/?recurse",
        Some(&secret),
        None,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(get(&agent, "/v1/kv/other", Some(&root)).await.0, 200);

    // A transaction with one operation it may not run rolls back whole.
    let (status, body) = put(
        &agent,
        "/v1/txn",
        Some(&secret),
        json!([{"KV": {"Verb": "set", "Key": "app/t", "Value": "eA=="}},
               {"KV": {"Verb": "set", "Key": "other", "Value": "eA=="}}]),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("Permission denied"), "{body}");
    assert_eq!(get(&agent, "/v1/kv/app/t", Some(&root)).await.0, 404);

    // Unknown tokens are refused everywhere.
    for path in ["/v1/kv/app/a", "/v1/catalog/nodes", "/v1/agent/self"] {
        let (status, body) = get(&agent, path, Some("3f2a4b5c-0000-4000-8000-000000000000")).await;
        assert_eq!((status, body.as_str()), (403, "ACL not found"), "{path}");
    }

    // gRPC: the same answers, the token in metadata.
    let mut kv = KvServiceClient::connect(agent.grpc_endpoint())
        .await
        .unwrap();
    let with = |token: &str, key: &str| {
        let mut r = Request::new(GetRequest {
            key: key.into(),
            ..GetRequest::default()
        });
        r.metadata_mut()
            .insert("x-consul-token", token.parse().unwrap());
        r
    };
    let denied = kv.get(with(&secret, "other")).await.unwrap_err();
    assert_eq!(denied.code(), tonic::Code::PermissionDenied);
    assert!(
        kv.get(with(&secret, "app/a"))
            .await
            .unwrap()
            .into_inner()
            .entry
            .is_some()
    );
    let mut bearer = Request::new(GetRequest {
        key: "app/a".into(),
        ..GetRequest::default()
    });
    bearer
        .metadata_mut()
        .insert("authorization", format!("Bearer {secret}").parse().unwrap());
    assert!(kv.get(bearer).await.is_ok());
    // A watch of a prefix sends only what the token may read, change after
    // change; a deleted token ends it.
    let mut watch = Request::new(WatchRequest {
        key: String::new(),
        prefix: true,
        ..WatchRequest::default()
    });
    watch
        .metadata_mut()
        .insert("x-consul-token", secret.parse().unwrap());
    let mut stream = kv.watch(watch).await.unwrap().into_inner();
    let first = stream.message().await.unwrap().unwrap();
    assert!(
        first.entries.iter().all(|e| e.key.starts_with("app/")),
        "{first:?}"
    );
    assert!(first.query_meta.unwrap().results_filtered_by_acls);
    assert_eq!(
        put(&agent, "/v1/kv/secret-b", Some(&root), json!(4))
            .await
            .0,
        200
    );
    assert_eq!(
        put(&agent, "/v1/kv/app/c", Some(&root), json!(5)).await.0,
        200
    );
    let mut seen_c = false;
    while !seen_c {
        let next = tokio::time::timeout(Duration::from_secs(10), stream.message())
            .await
            .expect("a change")
            .unwrap()
            .unwrap();
        assert!(
            next.entries.iter().all(|e| e.key.starts_with("app/")),
            "{next:?}"
        );
        seen_c = next.entries.iter().any(|e| e.key == "app/c");
    }
    let (status, _, _) = call(
        &agent,
        reqwest::Method::DELETE,
        &format!("/v1/acl/token/{accessor}"),
        Some(&root),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        put(&agent, "/v1/kv/app/d", Some(&root), json!(6)).await.0,
        200
    );
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.message().await {
                Ok(Some(m)) => {
                    assert!(m.entries.iter().all(|e| e.key.starts_with("app/")), "{m:?}")
                }
                Ok(None) => return None,
                Err(status) => return Some(status),
            }
        }
    })
    .await
    .expect("the stream ends");
    let status = ended.expect("an error status");
    assert_eq!(status.code(), tonic::Code::PermissionDenied, "{status:?}");
    assert_eq!(get(&agent, "/v1/kv/app/a", Some(&secret)).await.0, 403);

    // Roles carry policies; renaming a policy renames it in every link.
    let role = must_json(
        &agent,
        "/v1/acl/role",
        &root,
        json!({"Name": "ops", "Policies": [{"ID": app["ID"]}]}),
    )
    .await;
    let by_role = must_json(
        &agent,
        "/v1/acl/token",
        &root,
        json!({"Roles": [{"Name": "ops"}]}),
    )
    .await;
    let by_role_secret = by_role["SecretID"].as_str().unwrap();
    assert_eq!(
        put(&agent, "/v1/kv/app/r", Some(by_role_secret), json!(1))
            .await
            .0,
        200
    );
    let app_id = app["ID"].as_str().unwrap();
    must_json(
        &agent,
        &format!("/v1/acl/policy/{app_id}"),
        &root,
        json!({"Name": "application", "Rules": app["Rules"]}),
    )
    .await;
    let (_, body) = get(
        &agent,
        &format!("/v1/acl/role/{}", role["ID"].as_str().unwrap()),
        Some(&root),
    )
    .await;
    assert!(body.contains("\"application\""), "{body}");
    let (_, body) = get(&agent, "/v1/acl/policy/name/application", Some(&root)).await;
    assert!(body.contains(app_id), "{body}");
}

#[tokio::test]
async fn the_default_token_serves_requests_without_one_and_dns_follows_it() {
    let (agent, dir) = acl_server(
        "acl-dns",
        json!({"tokens": {"initial_management": "c0ffee00-0000-4000-8000-000000000001",
                          "default": "d0d0d0d0-0000-4000-8000-000000000002"}}),
    )
    .await;
    let root = "c0ffee00-0000-4000-8000-000000000001";
    wait_built_ins(&agent, root).await;
    // The initial management token took the bootstrap.
    let (status, body) = put(&agent, "/v1/acl/bootstrap", None, json!({})).await;
    assert_eq!(status, 403, "{body}");
    drop(dir);

    assert_eq!(
        put(
            &agent,
            "/v1/catalog/register",
            Some(root),
            json!({
                "Node": "n1", "Address": "10.1.1.1",
                "Service": {"Service": "web", "Port": 80}
            })
        )
        .await
        .0,
        200
    );
    assert_eq!(
        put(
            &agent,
            "/v1/catalog/register",
            Some(root),
            json!({
                "Node": "n2", "Address": "10.1.1.2",
                "Service": {"Service": "db", "Port": 5432}
            })
        )
        .await
        .0,
        200
    );
    // The default token does not exist yet: requests without a token are
    // refused as its unknown secret.
    let (status, body) = get(&agent, "/v1/catalog/services", None).await;
    assert_eq!((status, body.as_str()), (403, "ACL not found"));
    must_json(
        &agent,
        "/v1/acl/policy",
        root,
        json!({"Name": "web-read", "Rules": "service \"web\" { policy = \"read\" }\nnode_prefix \"\" { policy = \"read\" }"}),
    )
    .await;
    must_json(
        &agent,
        "/v1/acl/token",
        root,
        json!({"SecretID": "d0d0d0d0-0000-4000-8000-000000000002", "Policies": [{"Name": "web-read"}]}),
    )
    .await;
    let (status, body) = get(&agent, "/v1/catalog/services", None).await;
    assert_eq!(status, 200, "{body}");
    let services: Value = serde_json::from_str(&body).unwrap();
    assert!(
        services.get("web").is_some() && services.get("db").is_none(),
        "{body}"
    );

    if !super::dns::have_dig() {
        return;
    }
    let dns = agent.dns_addr();
    let web = super::dns::dig(dns, &["web.service.consul", "A"]);
    assert_eq!(web.status, "NOERROR", "{}", web.raw);
    assert!(web.raw.contains("10.1.1.1"), "{}", web.raw);
    let db = super::dns::dig(dns, &["db.service.consul", "A"]);
    assert_eq!(db.status, "NXDOMAIN", "db is not readable: {}", db.raw);
}

#[tokio::test]
async fn the_cli_manages_acls_with_consul_flags() {
    let (agent, _dir) = acl_server("acl-cli", json!({})).await;
    let http = format!("-http-addr={}", agent.http_base());
    let cli = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = args.to_vec();
        all.push(&http);
        roster_testkit::run_cli(roster_bin(), &all, env).unwrap()
    };
    let (code, out, err) = cli(&["acl", "bootstrap", "-format=json"], &[]);
    assert_eq!(code, 0, "{err}");
    let token: Value = serde_json::from_str(&out).unwrap();
    let root = token["SecretID"].as_str().unwrap().to_string();
    let env = [("CONSUL_HTTP_TOKEN", root.as_str())];
    let rules_dir = tempfile::tempdir().unwrap();
    let rules = rules_dir.path().join("r.hcl");
    std::fs::write(&rules, "key_prefix \"cli/\" { policy = \"write\" }").unwrap();
    let rules_flag = format!("-rules=@{}", rules.display());
    let (code, out, err) = cli(&["acl", "policy", "create", "-name=cli", &rules_flag], &env);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Name:         cli"), "{out}");
    let (code, out, err) = cli(
        &[
            "acl",
            "token",
            "create",
            "-policy-name=cli",
            "-description=for cli",
            "-format=json",
        ],
        &env,
    );
    assert_eq!(code, 0, "{err}");
    let created: Value = serde_json::from_str(&out).unwrap();
    let secret = created["SecretID"].as_str().unwrap();
    // The new token writes under cli/ with the kv command, and only there.
    let as_new = [("CONSUL_HTTP_TOKEN", secret)];
    let (code, _, err) = cli(&["kv", "put", "cli/x", "1"], &as_new);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = cli(&["kv", "put", "elsewhere", "1"], &as_new);
    assert_ne!(code, 0);
    assert!(err.contains("403"), "{err}");
    let (_, out, _) = cli(&["acl", "token", "list"], &env);
    assert!(out.contains("for cli"), "{out}");
    // A wrong policy name is an error, not a token without it.
    let (code, _, err) = cli(&["acl", "token", "create", "-policy-name=nope"], &env);
    assert_ne!(code, 0);
    assert!(err.contains("No such ACL policy"), "{err}");
}

/// The seed deployment's configuration (Consul's own keys: `acl` with
/// `tokens.master` and `tokens.agent`, `encrypt`, `bootstrap_expect`,
/// `retry_join`), addresses and ports on 127.0.0.1, in JSON or HCL.
fn seed_config(
    hcl: bool,
    name: &str,
    server: bool,
    ports: &roster_testkit::Ports,
    data_dir: &std::path::Path,
    join: &[String],
    secrets: (&str, &str, &str),
) -> String {
    let (master, agent, encrypt) = secrets;
    let service = if server {
        String::new()
    } else if hcl {
        "service {\n  name = \"web\"\n  port = 8080\n}\n".to_string()
    } else {
        r#""service": {"name": "web", "port": 8080},"#.to_string()
    };
    if hcl {
        let join = join
            .iter()
            .map(|j| format!("\"{j}\""))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            r#"
datacenter = "dc1"
node_name = "{name}"
data_dir = "{dir}"
server = {server}
{expect}
bind_addr = "127.0.0.1"
client_addr = "127.0.0.1"
retry_join = [{join}]
retry_interval = "1s"
encrypt = "{encrypt}"
{service}
acl {{
  enabled = true
  default_policy = "deny"
  down_policy = "extend-cache"
  tokens {{
    master = "{master}"
    agent = "{agent}"
  }}
}}
ports {{
  http = {http}
  grpc = {grpc}
  dns = {dns}
  server = {srv}
  serf_lan = {lan}
  serf_wan = {wan}
}}
"#,
            dir = data_dir.display(),
            expect = if server { "bootstrap_expect = 3" } else { "" },
            http = ports.http,
            grpc = ports.grpc,
            dns = ports.dns,
            srv = ports.server,
            lan = ports.serf_lan,
            wan = ports.serf_wan,
        )
    } else {
        let mut v = json!({
            "datacenter": "dc1", "node_name": name, "data_dir": data_dir,
            "server": server, "bind_addr": "127.0.0.1", "client_addr": "127.0.0.1",
            "retry_join": join, "retry_interval": "1s", "encrypt": encrypt,
            "acl": {"enabled": true, "default_policy": "deny", "down_policy": "extend-cache",
                    "tokens": {"master": master, "agent": agent}},
            "ports": {"http": ports.http, "grpc": ports.grpc, "dns": ports.dns,
                      "server": ports.server, "serf_lan": ports.serf_lan,
                      "serf_wan": ports.serf_wan}
        });
        if server {
            v["bootstrap_expect"] = json!(3);
        } else {
            let s: Value =
                serde_json::from_str(&format!("{{{}}}", service.trim_end_matches(','))).unwrap();
            v["service"] = s["service"].clone();
        }
        v.to_string()
    }
}

async fn seed_cluster_boots(hcl: bool) {
    use base64::Engine as _;
    let tag = if hcl { "hcl" } else { "json" };
    let master = uuid::Uuid::new_v4().to_string();
    let agent_secret = uuid::Uuid::new_v4().to_string();
    let encrypt = base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
    let secrets = (master.as_str(), agent_secret.as_str(), encrypt.as_str());
    let file = if hcl { "seed.hcl" } else { "seed.json" };
    let mut servers: Vec<Agent> = Vec::new();
    for i in 1..=3 {
        let join: Vec<String> = servers.iter().map(|s| s.lan_addr()).collect();
        let name = format!("seed-{tag}-s{i}");
        let agent = Agent::start_from_config_text(roster_bin(), &name, file, |ports, dir| {
            seed_config(hcl, &name, true, ports, dir, &join, secrets)
        })
        .unwrap();
        servers.push(agent);
    }
    for s in &servers {
        s.wait_ready(START_TIMEOUT * 2).await.unwrap();
    }
    let s1 = &servers[0];
    // Three voters.
    roster_testkit::wait_for(Duration::from_secs(30), "three raft voters", || async {
        let (code, body) = get(s1, "/v1/operator/raft/configuration", Some(&master)).await;
        code == 200 && body.matches("\"Voter\":true").count() == 3
    })
    .await
    .unwrap();
    // The management token works; the anonymous token is denied.
    wait_built_ins(s1, &master).await;
    assert_eq!(put(s1, "/v1/kv/seed", Some(&master), json!(1)).await.0, 200);
    let (status, body) = get(s1, "/v1/kv/seed", None).await;
    assert_eq!(status, 403, "{body}");
    let (status, _) = put(
        s1,
        "/v1/catalog/register",
        None,
        json!({"Node": "intruder", "Address": "10.9.9.9"}),
    )
    .await;
    assert_eq!(status, 403);
    // Give the agent token its policy, then a client agent with it
    // registers its node and its service.
    must_json(
        s1,
        "/v1/acl/policy",
        &master,
        json!({"Name": "agents", "Rules": "node_prefix \"\" { policy = \"write\" }\nservice_prefix \"\" { policy = \"write\" }"}),
    )
    .await;
    must_json(
        s1,
        "/v1/acl/token",
        &master,
        json!({"SecretID": agent_secret, "Description": "agents", "Policies": [{"Name": "agents"}]}),
    )
    .await;
    let join = vec![s1.lan_addr()];
    let client_name = format!("seed-{tag}-c1");
    let client = Agent::start_from_config_text(roster_bin(), &client_name, file, |ports, dir| {
        seed_config(hcl, &client_name, false, ports, dir, &join, secrets)
    })
    .unwrap();
    // `/v1/agent/self` needs agent:read now: ask with the management token.
    let url = format!("{}/v1/agent/self", client.http_base());
    roster_testkit::wait_for(START_TIMEOUT, "the client to serve HTTP", || async {
        let answer = http()
            .get(&url)
            .header("X-Consul-Token", &master)
            .send()
            .await;
        answer.is_ok_and(|r| r.status() == 200)
    })
    .await
    .unwrap_or_else(|e| panic!("{e}\n--- client log ---\n{}", client.log()));
    let (status, _) = get(&client, "/v1/agent/self", None).await;
    assert_eq!(status, 403, "anonymous may not read the agent");
    roster_testkit::wait_for(
        Duration::from_secs(30),
        "the client's service in the catalog",
        || async {
            let (code, body) = get(s1, "/v1/catalog/service/web", Some(&master)).await;
            code == 200 && body.contains(&client_name)
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n--- client log ---\n{}", client.log()));
    // Gossip is encrypted with the key: all four members are alive.
    let (_, body) = get(s1, "/v1/agent/members", Some(&master)).await;
    assert_eq!(body.matches("\"Status\":1").count(), 4, "{body}");
}

#[tokio::test]
async fn the_seed_deployments_json_config_boots_a_working_cluster() {
    seed_cluster_boots(false).await;
}

#[tokio::test]
async fn the_seed_deployments_hcl_config_boots_a_working_cluster() {
    seed_cluster_boots(true).await;
}

/// What one token gets from one endpoint in the matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// 200, and everything the case hides is there (so the data exists).
    Allow,
    /// 403 `Permission denied` (or `ACL not found`).
    Deny,
    /// 200 or 404, and nothing the case hides is there.
    Hide,
    /// A transaction rolled back: 409 naming the permission.
    RolledBack,
    /// Past the ACL check: anything but 403.
    Passed,
}

use Expect::{Allow as A, Deny as D, Hide as H, Passed as P, RolledBack as R};

/// One row: a request, the strings that only a token allowed to see them
/// may receive, and what each token gets, in the order anonymous, agent,
/// scoped, management.
struct Row {
    method: reqwest::Method,
    path: String,
    body: Option<Value>,
    hidden: Vec<String>,
    expect: [Expect; 4],
}

fn row(method: &str, path: &str, body: Option<Value>, hidden: &[&str], expect: [Expect; 4]) -> Row {
    Row {
        method: method.parse().unwrap(),
        path: path.to_string(),
        body,
        hidden: hidden.iter().map(|s| s.to_string()).collect(),
        expect,
    }
}

/// The ACL matrix: every endpoint group, four tokens (anonymous, an agent
/// token, a scoped token, management), over HTTP and gRPC, with blocking
/// reads, a watch stream, a transaction and events among them; nothing a
/// token may not read reaches it.
#[tokio::test]
async fn the_acl_matrix_leaks_nothing() {
    let root = "c0ffee00-0000-4000-8000-00000000aaaa";
    let (agent, _dir) = acl_server(
        "acl-matrix",
        // The agent's own calls (its coordinate, anti-entropy) act as the
        // management token here.
        json!({"tokens": {"initial_management": root, "agent": root}}),
    )
    .await;
    wait_built_ins(&agent, root).await;
    let (_, me) = get(&agent, "/v1/agent/self", Some(root)).await;
    let me: Value = serde_json::from_str(&me).unwrap();
    let node = me["Config"]["NodeName"].as_str().unwrap().to_string();

    // The data: a readable and a hidden key, service, event and session.
    for (key, v) in [("pubkey/a", 1), ("privkey/b", 2)] {
        assert_eq!(
            put(&agent, &format!("/v1/kv/{key}"), Some(root), json!(v))
                .await
                .0,
            200
        );
    }
    for (svc, addr) in [("websvc", "10.2.0.1"), ("dbsvc", "10.2.0.2")] {
        let (s, b) = put(
            &agent,
            "/v1/catalog/register",
            Some(root),
            json!({"Node": "n1", "Address": "10.2.0.9",
                   "Service": {"ID": svc, "Service": svc, "Address": addr, "Port": 1},
                   "Check": {"CheckID": format!("{svc}-chk"), "ServiceID": svc, "Status": "passing"}}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }
    let (s, b) = put(
        &agent,
        "/v1/agent/service/register",
        Some(root),
        json!({"ID": "dbsvc-local", "Name": "dbsvc", "Port": 2,
               "Check": {"CheckID": "dbsvc-local-chk", "TTL": "60s"}}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = put(
        &agent,
        "/v1/session/create",
        Some(root),
        json!({"Name": "sessname", "Node": "n1", "Checks": []}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    for event in ["pubevt", "secretevt"] {
        assert_eq!(
            put(
                &agent,
                &format!("/v1/event/fire/{event}"),
                Some(root),
                json!("x")
            )
            .await
            .0,
            200
        );
    }
    roster_testkit::wait_for(Duration::from_secs(20), "a coordinate", || async {
        get(&agent, "/v1/coordinate/nodes", Some(root))
            .await
            .1
            .contains(&node)
    })
    .await
    .unwrap();

    // The tokens.
    let policy = |name: &str, rules: &str| json!({"Name": name, "Rules": rules});
    must_json(
        &agent,
        "/v1/acl/policy",
        root,
        policy(
            "agentp",
            "node_prefix \"\" { policy = \"write\" }\nservice_prefix \"\" { policy = \"read\" }",
        ),
    )
    .await;
    must_json(
        &agent,
        "/v1/acl/policy",
        root,
        policy(
            "scopedp",
            "key_prefix \"pubkey/\" { policy = \"read\" }\nservice \"websvc\" { policy = \"read\" }\nnode_prefix \"\" { policy = \"read\" }\nsession_prefix \"\" { policy = \"read\" }\nevent_prefix \"pub\" { policy = \"read\" }\nagent_prefix \"\" { policy = \"read\" }",
        ),
    )
    .await;
    let agent_token = must_json(
        &agent,
        "/v1/acl/token",
        root,
        json!({"Policies": [{"Name": "agentp"}]}),
    )
    .await;
    let scoped_token = must_json(
        &agent,
        "/v1/acl/token",
        root,
        json!({"Policies": [{"Name": "scopedp"}]}),
    )
    .await;
    let tokens: [Option<&str>; 4] = [
        None,
        agent_token["SecretID"].as_str(),
        scoped_token["SecretID"].as_str(),
        Some(root),
    ];

    let rows = vec![
        row("GET", "/v1/kv/pubkey/a", None, &[], [D, D, A, A]),
        row("GET", "/v1/kv/privkey/b", None, &["privkey"], [D, D, D, A]),
        row("GET", "/v1/kv/?recurse", None, &["privkey"], [H, H, H, A]),
        row("GET", "/v1/kv/?keys", None, &["privkey"], [H, H, H, A]),
        row(
            "GET",
            "/v1/kv/?recurse&index=1&wait=1s",
            None,
            &["privkey"],
            [H, H, H, A],
        ),
        row("PUT", "/v1/kv/pubkey/x", Some(json!(1)), &[], [D, D, D, A]),
        row(
            "GET",
            "/v1/catalog/services",
            None,
            &["dbsvc"],
            [H, A, H, A],
        ),
        row(
            "GET",
            "/v1/catalog/service/dbsvc",
            None,
            &["dbsvc"],
            [H, A, H, A],
        ),
        row(
            "GET",
            "/v1/catalog/service/dbsvc?index=1&wait=1s",
            None,
            &["dbsvc"],
            [H, A, H, A],
        ),
        row(
            "GET",
            "/v1/catalog/nodes",
            None,
            &["10.2.0.9"],
            [H, A, A, A],
        ),
        row("GET", "/v1/catalog/node/n1", None, &["dbsvc"], [H, A, H, A]),
        row(
            "PUT",
            "/v1/catalog/register",
            Some(
                json!({"Node": "n1", "Address": "10.2.0.9", "Service": {"ID": "dbsvc", "Service": "dbsvc", "Address": "10.2.0.2", "Port": 1}}),
            ),
            &[],
            [D, D, D, A],
        ),
        row(
            "GET",
            "/v1/health/service/dbsvc",
            None,
            &["dbsvc"],
            [H, A, H, A],
        ),
        row(
            "GET",
            "/v1/health/checks/dbsvc",
            None,
            &["dbsvc-chk"],
            [H, A, H, A],
        ),
        row(
            "GET",
            "/v1/health/state/any",
            None,
            &["dbsvc-chk"],
            [H, A, H, A],
        ),
        row(
            "GET",
            "/v1/health/node/n1",
            None,
            &["dbsvc-chk"],
            [H, A, H, A],
        ),
        row("GET", "/v1/session/list", None, &["sessname"], [H, H, A, A]),
        row(
            "GET",
            "/v1/session/node/n1",
            None,
            &["sessname"],
            [H, H, A, A],
        ),
        row(
            "PUT",
            "/v1/session/create",
            Some(json!({"Node": "n1", "Checks": []})),
            &[],
            [D, D, D, A],
        ),
        row("GET", "/v1/coordinate/nodes", None, &[&node], [H, A, A, A]),
        row(
            "PUT",
            "/v1/event/fire/secretevt",
            Some(json!("y")),
            &[],
            [D, D, D, A],
        ),
        row("GET", "/v1/event/list", None, &["secretevt"], [H, H, H, A]),
        row("GET", "/v1/agent/self", None, &[], [D, D, A, A]),
        row("GET", "/v1/agent/members", None, &[&node], [H, A, A, A]),
        row("GET", "/v1/agent/services", None, &["dbsvc"], [H, A, H, A]),
        row(
            "GET",
            "/v1/agent/checks",
            None,
            &["dbsvc-local-chk"],
            [H, A, H, A],
        ),
        row(
            "PUT",
            "/v1/agent/service/register",
            Some(json!({"Name": "dbsvc", "ID": "dbsvc-2"})),
            &[],
            [D, D, D, A],
        ),
        row(
            "GET",
            "/v1/operator/raft/configuration",
            None,
            &[],
            [D, D, D, A],
        ),
        row(
            "GET",
            "/v1/operator/autopilot/configuration",
            None,
            &[],
            [D, D, D, A],
        ),
        // No gossip key here: management gets past the ACL check to "not
        // enabled".
        row("GET", "/v1/operator/keyring", None, &[], [D, D, D, P]),
        row("GET", "/v1/snapshot", None, &[], [D, D, D, A]),
        row(
            "PUT",
            "/v1/txn",
            Some(json!([{"KV": {"Verb": "get", "Key": "privkey/b"}}])),
            &["privkey"],
            [R, R, R, A],
        ),
        row(
            "PUT",
            "/v1/txn",
            Some(json!([{"KV": {"Verb": "get-tree", "Key": ""}}])),
            &["privkey"],
            [H, H, H, A],
        ),
        // A service read by its ID, naming another service: checked
        // against the instance the ID names.
        row(
            "PUT",
            "/v1/txn",
            Some(json!([{"Service": {"Verb": "get", "Node": "n1",
                                     "Service": {"ID": "dbsvc", "Service": "websvc"}}}])),
            &["10.2.0.2"],
            [R, A, R, A],
        ),
        row("GET", "/v1/acl/tokens", None, &[], [D, D, D, A]),
        row("GET", "/v1/acl/policies", None, &[], [D, D, D, A]),
        // Last: management empties the store.
        row("DELETE", "/v1/kv/?recurse", None, &[], [D, D, D, A]),
    ];
    let names = ["anonymous", "agent", "scoped", "management"];
    let mut failures = Vec::new();
    for r in &rows {
        for (t, token) in tokens.iter().enumerate() {
            let (status, headers, body) = call(
                &agent,
                r.method.clone(),
                &r.path,
                *token,
                r.body.as_ref().map(|b| b.to_string()),
            )
            .await;
            let leaked: Vec<&String> = r
                .hidden
                .iter()
                .filter(|h| body.contains(h.as_str()))
                .collect();
            let ok = match r.expect[t] {
                A => status == 200 && leaked.len() == r.hidden.len(),
                D => status == 403 && body.starts_with("Permission denied"),
                H => (status == 200 || status == 404) && leaked.is_empty(),
                // The error names the key the request itself named.
                R => status == 409 && body.contains("Permission denied"),
                P => status != 403,
            };
            // The filtered header only for a request that sent a token.
            let header = headers.contains_key("x-consul-results-filtered-by-acls");
            let header_ok = !(header && token.is_none());
            if !ok || !header_ok {
                failures.push(format!(
                    "{} {} as {}: expected {:?}, got {status} (filtered header: {header}) {}",
                    r.method,
                    r.path,
                    names[t],
                    r.expect[t],
                    body.chars().take(200).collect::<String>()
                ));
            }
        }
    }

    // gRPC: the same rules with the token in metadata, a watch stream
    // among them (the keys again: the last row deleted them).
    for (key, v) in [("pubkey/a", 1), ("privkey/b", 2)] {
        assert_eq!(
            put(&agent, &format!("/v1/kv/{key}"), Some(root), json!(v))
                .await
                .0,
            200
        );
    }
    use roster_proto::{
        catalog::v1::{ListServicesRequest, catalog_service_client::CatalogServiceClient},
        health::v1::{
            ServiceHealthQuery, WatchServiceHealthRequest,
            health_service_client::HealthServiceClient,
        },
        kv::v1::ListRequest,
    };
    let channel = tonic::transport::Channel::from_shared(agent.grpc_endpoint())
        .unwrap()
        .connect()
        .await
        .unwrap();
    for (t, token) in tokens.iter().enumerate() {
        let name = names[t];
        let mut kv = KvServiceClient::new(channel.clone());
        let private = kv
            .get(with_token(
                *token,
                GetRequest {
                    key: "privkey/b".into(),
                    ..Default::default()
                },
            ))
            .await;
        if private.is_ok() != (t == 3) {
            failures.push(format!("gRPC KV Get privkey/b as {name}: {private:?}"));
        }
        let listed = kv
            .list(with_token(*token, ListRequest::default()))
            .await
            .unwrap()
            .into_inner();
        if listed.entries.iter().any(|e| e.key.starts_with("privkey")) != (t == 3) {
            failures.push(format!("gRPC KV List as {name}: {:?}", listed.entries));
        }
        let services = CatalogServiceClient::new(channel.clone())
            .list_services(with_token(*token, ListServicesRequest::default()))
            .await
            .unwrap()
            .into_inner();
        let sees_db = services.services.iter().any(|s| s.service == "dbsvc");
        if sees_db != matches!(t, 1 | 3) {
            failures.push(format!(
                "gRPC ListServices as {name}: {:?}",
                services.services
            ));
        }
        let mut stream = HealthServiceClient::new(channel.clone())
            .watch_service_health(with_token(
                *token,
                WatchServiceHealthRequest {
                    query: Some(ServiceHealthQuery {
                        service: "dbsvc".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        let first = tokio::time::timeout(Duration::from_secs(10), stream.message())
            .await
            .expect("a first state")
            .unwrap()
            .unwrap();
        if first.instances.is_empty() == matches!(t, 1 | 3) {
            failures.push(format!(
                "gRPC WatchServiceHealth dbsvc as {name}: {} instances",
                first.instances.len()
            ));
        }
    }

    // DNS reads with the agent's default token: here none, so anonymous.
    if super::dns::have_dig() {
        let db = super::dns::dig(agent.dns_addr(), &["dbsvc.service.consul", "A"]);
        if db.status != "NXDOMAIN" {
            failures.push(format!("DNS dbsvc as anonymous: {}", db.raw));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `message` with `token` (if any) as `x-consul-token` metadata.
fn with_token<M>(token: Option<&str>, message: M) -> Request<M> {
    let mut r = Request::new(message);
    if let Some(tk) = token {
        r.metadata_mut()
            .insert("x-consul-token", tk.parse().unwrap());
    }
    r
}

#[tokio::test]
async fn agent_tokens_set_through_the_api_apply_at_once_and_persist() {
    let root = "c0ffee00-0000-4000-8000-00000000bbbb";
    let (mut agent, _dir) = acl_server(
        "acl-persist",
        json!({"enable_token_persistence": true,
               "tokens": {"initial_management": root, "agent": root}}),
    )
    .await;
    wait_built_ins(&agent, root).await;
    assert_eq!(
        put(&agent, "/v1/kv/shared/x", Some(root), json!(1)).await.0,
        200
    );
    must_json(
        &agent,
        "/v1/acl/policy",
        root,
        json!({"Name": "shared", "Rules": "key_prefix \"shared/\" { policy = \"read\" }"}),
    )
    .await;
    let reader = must_json(
        &agent,
        "/v1/acl/token",
        root,
        json!({"Policies": [{"Name": "shared"}]}),
    )
    .await;
    let reader = reader["SecretID"].as_str().unwrap().to_string();
    assert_eq!(get(&agent, "/v1/kv/shared/x", None).await.0, 403);

    // Only acl:write may change the agent's tokens; unknown kinds are 404.
    let set = json!({"Token": reader});
    assert_eq!(
        put(
            &agent,
            "/v1/agent/token/default",
            Some(&reader),
            set.clone()
        )
        .await
        .0,
        403
    );
    assert_eq!(
        put(&agent, "/v1/agent/token/nonsense", Some(root), set.clone())
            .await
            .0,
        404
    );
    let (status, body) = put(&agent, "/v1/agent/token/default", Some(root), set).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(get(&agent, "/v1/kv/shared/x", None).await.0, 200);
    assert!(agent.data_dir.join("acl-tokens.json").exists());

    // Kept across a restart, over the configuration's (which has none).
    assert_eq!(agent.terminate(), Some(0));
    agent.restart().unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    roster_testkit::wait_for(
        Duration::from_secs(20),
        "the persisted default token",
        || async {
            let url = format!("{}/v1/kv/shared/x", agent.http_base());
            http()
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
        },
    )
    .await
    .unwrap();
    // Cleared: back to anonymous.
    let (status, _) = put(
        &agent,
        "/v1/agent/token/acl_token",
        Some(root),
        json!({"Token": ""}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(get(&agent, "/v1/kv/shared/x", None).await.0, 403);
}

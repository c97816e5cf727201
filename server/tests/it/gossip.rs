//! Gossip on real processes: one server and several client agents on
//! 127.0.0.1 joining by `-retry-join`, graceful leave vs failure, kill -9,
//! pause/resume (Lifeguard), force-leave, restart on a new address, user
//! events, the keyring, coordinates, and bad input. Every wait polls with a
//! deadline.

use std::{collections::BTreeMap, time::Duration};

use roster_testkit::{Agent, run_cli, wait_for};
use serde_json::Value;

use super::*;

/// Failure detection bound used by the tests: far above the expected
/// ~5 s so that a loaded CI machine does not flake; the bench measures the
/// real numbers.
const DETECT: Duration = Duration::from_secs(30);

const KEY1: &str = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
const KEY2: &str = "HpRnEXE5jt7yjTVdz6g9fx4BWGtsdk+PTgtdbLEhSU0=";

/// `GET /v1/agent/members` as name → (status, tags).
async fn members(agent: &Agent, wan: bool) -> BTreeMap<String, (i64, Value)> {
    let path = if wan {
        "/v1/agent/members?wan"
    } else {
        "/v1/agent/members"
    };
    let Ok(r) = http()
        .get(format!("{}{path}", agent.http_base()))
        .send()
        .await
    else {
        return BTreeMap::new();
    };
    let list: Vec<Value> = r.json().await.unwrap_or_default();
    list.into_iter()
        .map(|m| {
            (
                m["Name"].as_str().unwrap_or_default().to_string(),
                (m["Status"].as_i64().unwrap_or(-1), m["Tags"].clone()),
            )
        })
        .collect()
}

/// Waits until `observer` sees `node` with `status` (1 alive, 3 left, 4 failed).
async fn wait_status(observer: &Agent, node: &str, status: i64, within: Duration) {
    let what = format!("{} to see {node} with status {status}", observer.name());
    wait_for(within, &what, || async {
        members(observer, false)
            .await
            .get(node)
            .is_some_and(|(s, _)| *s == status)
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Waits until every agent sees every named member alive.
async fn wait_converged(agents: &[&Agent], names: &[&str]) {
    for a in agents {
        for n in names {
            wait_status(a, n, 1, START_TIMEOUT).await;
        }
    }
}

async fn start_server(name: &str, extra: &[&str]) -> Agent {
    let agent = Agent::start_with(roster_bin(), name, extra).expect("spawn server");
    agent.wait_ready(START_TIMEOUT).await.expect("server ready");
    agent
}

async fn start_client(name: &str, join: &Agent, extra: &[&str]) -> Agent {
    let join_flag = format!("-retry-join={}", join.lan_addr());
    let mut args = vec![join_flag.as_str(), "-retry-interval=1s"];
    args.extend_from_slice(extra);
    let agent = Agent::start_client(roster_bin(), name, &args).expect("spawn client");
    agent
        .wait_serving(START_TIMEOUT)
        .await
        .expect("client serving");
    agent
}

fn cli(agent: &Agent, args: &[&str]) -> (i32, String, String) {
    let addr = format!("127.0.0.1:{}", agent.ports.http);
    run_cli(roster_bin(), args, &[("CONSUL_HTTP_ADDR", addr.as_str())]).unwrap()
}

#[tokio::test]
async fn agents_join_leave_fail_pause_and_come_back() {
    let server = start_server("g-srv", &[]).await;
    let mut clients = Vec::new();
    for i in 1..=4 {
        clients.push(start_client(&format!("g-c{i}"), &server, &[]).await);
    }
    let names = ["g-srv", "g-c1", "g-c2", "g-c3", "g-c4"];
    let all: Vec<&Agent> = std::iter::once(&server).chain(clients.iter()).collect();
    wait_converged(&all, &names).await;

    // Tags tell servers from clients, and carry what the Raft layer needs.
    let view = members(&clients[0], false).await;
    let srv_tags = &view["g-srv"].1;
    assert_eq!(srv_tags["role"], "consul");
    assert_eq!(srv_tags["dc"], "dc1");
    assert_eq!(srv_tags["port"], server.ports.server.to_string());
    assert!(
        srv_tags["raft_id"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    assert_eq!(view["g-c1"].1["role"], "node");
    // Servers also form the WAN pool, named <node>.<dc>; clients have none.
    let wan = members(&server, true).await;
    assert!(wan.contains_key("g-srv.dc1"), "{wan:?}");
    assert!(members(&clients[0], true).await.is_empty());

    // `roster members` prints Consul's table.
    let (code, out, err) = cli(&clients[0], &["members"]);
    assert_eq!(code, 0, "{err}");
    let header = out.lines().next().unwrap();
    assert!(header.starts_with("Node") && header.contains("Address") && header.contains("Segment"));
    assert!(
        out.lines()
            .any(|l| l.starts_with("g-srv ") && l.contains("alive") && l.contains("server"))
    );
    assert_eq!(out.lines().count(), 6, "{out}");
    let (_, out, _) = cli(&clients[0], &["members", "-detailed"]);
    assert!(out.contains("role=consul"), "{out}");

    // A client agent forwards server calls (KV) to a server it found by gossip.
    let (status, _) = must_put(&clients[1], "via-client", "hello").await;
    assert_eq!(status, 200);
    let (status, _, body) = must_get(&server, "/v1/kv/via-client?raw").await;
    assert_eq!((status, body.as_str()), (200, "hello"));

    // Graceful leave: `left`, never `failed`, and the agent exits.
    let (code, out, err) = cli(&clients[3], &["leave"]);
    assert_eq!((code, out.trim()), (0, "Graceful leave complete"), "{err}");
    clients[3].wait_exit(Duration::from_secs(20)).unwrap();
    wait_status(&server, "g-c4", 3, DETECT).await;
    wait_status(&clients[0], "g-c4", 3, DETECT).await;

    // kill -9: `failed`.
    clients[2].kill9();
    wait_status(&server, "g-c3", 4, DETECT).await;
    wait_status(&clients[0], "g-c3", 4, DETECT).await;

    // force-leave moves the failed member to `left`.
    let (code, _, err) = cli(&server, &["force-leave", "g-c3"]);
    assert_eq!(code, 0, "{err}");
    wait_status(&server, "g-c3", 3, DETECT).await;

    // A 3 s pause is suspected at most, never declared failed (Lifeguard).
    clients[1].signal("STOP").unwrap();
    let paused_until = std::time::Instant::now() + Duration::from_secs(3);
    while std::time::Instant::now() < paused_until {
        let view = members(&server, false).await;
        assert_ne!(view["g-c2"].0, 4, "a 3 s pause was declared a failure");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    clients[1].signal("CONT").unwrap();
    let settle = std::time::Instant::now() + Duration::from_secs(5);
    while std::time::Instant::now() < settle {
        let view = members(&server, false).await;
        assert_ne!(view["g-c2"].0, 4, "a 3 s pause was declared a failure");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A hung agent (stopped for longer than the suspicion timeout) is
    // failed, and alive again once it resumes.
    clients[1].signal("STOP").unwrap();
    wait_status(&server, "g-c2", 4, DETECT).await;
    clients[1].signal("CONT").unwrap();
    wait_status(&server, "g-c2", 1, DETECT).await;

    // An agent restarted under the same name on a new address takes over
    // its old entry once that one has failed.
    let old_port = clients[0].ports.serf_lan;
    clients[0].kill9();
    wait_status(&server, "g-c1", 4, DETECT).await;
    let reborn = start_client("g-c1", &server, &[]).await;
    assert_ne!(reborn.ports.serf_lan, old_port);
    wait_for(DETECT, "g-c1 alive at its new address", || async {
        let r = http()
            .get(format!("{}/v1/agent/members", server.http_base()))
            .send()
            .await;
        let Ok(r) = r else { return false };
        let list: Vec<Value> = r.json().await.unwrap_or_default();
        list.iter().any(|m| {
            m["Name"] == "g-c1"
                && m["Status"] == 1
                && m["Port"].as_u64() == Some(u64::from(reborn.ports.serf_lan))
        })
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn user_events_reach_every_agent_once() {
    let server = start_server("e-srv", &[]).await;
    let c1 = start_client("e-c1", &server, &[]).await;
    let c2 = start_client("e-c2", &server, &[]).await;
    let c3 = start_client("e-c3", &server, &[]).await;
    let agents = [&server, &c1, &c2, &c3];
    wait_converged(&agents, &["e-srv", "e-c1", "e-c2", "e-c3"]).await;

    // A blocking list on c3 wakes when the event lands.
    let (_, headers, body) = must_get(&c3, "/v1/event/list?name=deploy").await;
    assert_eq!(body.trim(), "[]");
    let index = consul_index(&headers);
    let blocked = tokio::spawn({
        let url = format!(
            "{}/v1/event/list?name=deploy&index={index}&wait=30s",
            c3.http_base()
        );
        async move { http().get(url).send().await.unwrap().text().await.unwrap() }
    });

    let (code, out, err) = cli(&c1, &["event", "-name=deploy", "v1.2.3"]);
    assert_eq!(code, 0, "{err}");
    let id = out
        .trim()
        .strip_prefix("Event ID: ")
        .expect(&out)
        .to_string();

    let woken: Vec<Value> = serde_json::from_str(&blocked.await.unwrap()).unwrap();
    assert_eq!(woken.len(), 1);
    assert_eq!(woken[0]["ID"], id.as_str());

    for agent in agents {
        wait_for(DETECT, "the event on every agent", || async {
            let (_, _, body) = must_get(agent, "/v1/event/list?name=deploy").await;
            let list: Vec<Value> = serde_json::from_str(&body).unwrap_or_default();
            !list.is_empty()
        })
        .await
        .unwrap();
        let (_, _, body) = must_get(agent, "/v1/event/list").await;
        let list: Vec<Value> = serde_json::from_str(&body).unwrap();
        let copies: Vec<&Value> = list.iter().filter(|e| e["ID"] == id.as_str()).collect();
        assert_eq!(copies.len(), 1, "{} got {list:?}", agent.name());
        assert_eq!(copies[0]["Name"], "deploy");
        assert_eq!(copies[0]["Payload"], "djEuMi4z"); // base64("v1.2.3")
    }

    // A node filter limits who processes it.
    let (code, out, _) = cli(&c1, &["event", "-name=only-c2", "-node=^e-c2$"]);
    assert_eq!(code, 0);
    let id2 = out.trim().strip_prefix("Event ID: ").unwrap().to_string();
    wait_for(DETECT, "the filtered event on e-c2", || async {
        let (_, _, body) = must_get(&c2, "/v1/event/list?name=only-c2").await;
        body.contains(&id2)
    })
    .await
    .unwrap();
    // Gossip reached everyone by now (c2 had it); the others dropped it.
    let (_, _, body) = must_get(&c3, "/v1/event/list?name=only-c2").await;
    assert_eq!(body.trim(), "[]");

    // Bad input: clear errors, nothing fired.
    let before = must_get(&c1, "/v1/event/list").await.2;
    let fire = |path: &str, body: Vec<u8>| {
        let url = format!("{}{path}", c1.http_base());
        async move {
            let r = http().put(url).body(body).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, text) = fire("/v1/event/fire/big", vec![b'x'; 600]).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("at most 512"), "{text}");
    let (status, text) = fire("/v1/event/fire/_reserved", Vec::new()).await;
    assert_eq!(status, 400, "{text}");
    let (status, text) = fire("/v1/event/fire/x?node=(", Vec::new()).await;
    assert_eq!(status, 400, "{text}");
    let (status, text) = fire("/v1/event/fire/x?tag=v1", Vec::new()).await;
    assert_eq!(status, 400, "{text}");
    assert_eq!(must_get(&c1, "/v1/event/list").await.2, before);
}

#[tokio::test]
async fn encrypted_pool_refuses_wrong_keys_and_rotates() {
    let enc1 = format!("-encrypt={KEY1}");
    let server = start_server("k-srv", &[&enc1]).await;
    let c1 = start_client("k-c1", &server, &[&enc1]).await;
    let c2 = start_client("k-c2", &server, &[&enc1]).await;
    let agents = [&server, &c1, &c2];
    wait_converged(&agents, &["k-srv", "k-c1", "k-c2"]).await;

    // Wrong key, or no key: `-join` fails at start, saying why.
    for (name, extra) in [
        ("k-wrong", vec![format!("-encrypt={KEY2}")]),
        ("k-nokey", vec![]),
    ] {
        let join = format!("-join={}", server.lan_addr());
        let mut args: Vec<&str> = vec![&join];
        args.extend(extra.iter().map(String::as_str));
        let mut agent = Agent::start_client(roster_bin(), name, &args).unwrap();
        let code = agent.wait_exit(START_TIMEOUT).unwrap();
        assert_ne!(code, Some(0));
        let log = agent.log();
        assert!(log.contains("failed to join"), "{name}: {log}");
    }
    assert_eq!(members(&server, false).await.len(), 3);

    // Bad keys are refused and change nothing.
    let (code, _, err) = cli(&c1, &["keyring", "-install=c2hvcnQ="]);
    assert_eq!(code, 1);
    assert!(err.contains("16, 24 or 32"), "{err}");

    // Rotation: install, use, remove; the pool holds together.
    let (code, out, err) = cli(&c1, &["keyring", "-install", KEY2]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = cli(&c1, &["keyring", "-list"]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("{KEY2} [3/3]")), "{out}");
    assert!(out.contains(&format!("{KEY1} [3/3]")), "{out}");
    let (code, _, err) = cli(&c1, &["keyring", "-use", KEY2]);
    assert_eq!(code, 0, "{err}");
    // Removing the primary key is refused.
    let (code, _, err) = cli(&c1, &["keyring", "-remove", KEY2]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = cli(&c1, &["keyring", "-remove", KEY1]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = cli(&server, &["keyring", "-list"]);
    assert!(out.contains(&format!("{KEY2} [3/3]")), "{out}");
    assert!(!out.contains(KEY1), "{out}");
    for a in agents {
        for (name, (status, _)) in members(a, false).await {
            assert_eq!(status, 1, "{name} not alive after rotation on {}", a.name());
        }
    }
    // Now only the new key gets in.
    let enc2 = format!("-encrypt={KEY2}");
    let c3 = start_client("k-c3", &server, &[&enc2]).await;
    wait_status(&server, "k-c3", 1, DETECT).await;
    let join = format!("-join={}", server.lan_addr());
    let mut old = Agent::start_client(roster_bin(), "k-old", &[&join, &enc1]).unwrap();
    assert_ne!(old.wait_exit(START_TIMEOUT).unwrap(), Some(0));
    drop(c3);
}

#[tokio::test]
async fn coordinates_converge_and_rtt_is_positive() {
    let server = start_server("r-srv", &[]).await;
    let c1 = start_client("r-c1", &server, &[]).await;
    let c2 = start_client("r-c2", &server, &[]).await;
    wait_converged(&[&server, &c1, &c2], &["r-srv", "r-c1", "r-c2"]).await;

    wait_for(
        Duration::from_secs(60),
        "coordinates of all three",
        || async {
            let (status, _, body) = must_get(&c1, "/v1/coordinate/nodes").await;
            let list: Vec<Value> = serde_json::from_str(&body).unwrap_or_default();
            status == 200 && list.len() == 3
        },
    )
    .await
    .unwrap();
    let (_, _, body) = must_get(&server, "/v1/coordinate/node/r-c2").await;
    let list: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(list[0]["Coord"]["Vec"].as_array().unwrap().len(), 8);
    let (status, _, _) = must_get(&server, "/v1/coordinate/node/nobody").await;
    assert_eq!(status, 404);

    let (code, out, err) = cli(&c1, &["rtt", "r-c2"]);
    assert_eq!(code, 0, "{err}");
    // "Estimated r-c2 <-> r-c1 rtt: 0.123 ms (using LAN coordinates)"
    let ms: f64 = out
        .split("rtt: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(ms.is_finite() && ms > 0.0, "{out}");
    // WAN coordinates are the servers'; a server answers for itself.
    let (code, out, err) = cli(&server, &["rtt", "-wan", "r-srv.dc1"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("using WAN coordinates"), "{out}");

    // Malformed updates are refused.
    let r = http()
        .put(format!("{}/v1/coordinate/update", server.http_base()))
        .body(r#"{"Node":"r-c1","Coord":{"Vec":[1,2],"Error":1,"Adjustment":0,"Height":0}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
}

#[tokio::test]
async fn bad_join_and_force_leave_input_is_refused() {
    let server = start_server("b-srv", &[]).await;
    for path in [
        "/v1/agent/join/not%20an%20address",
        "/v1/agent/join/127.0.0.1:99999",
        "/v1/agent/join/provider=aws",
    ] {
        let r = http()
            .put(format!("{}{path}", server.http_base()))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        assert_eq!(status, 400, "{path}: {text}");
        assert!(text.contains("join address"), "{path}: {text}");
    }
    let (code, _, err) = cli(&server, &["join", "no such host!"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("Failed to join any nodes"), "{err}");
    let (code, _, err) = cli(&server, &["force-leave", "ghost"]);
    assert_eq!(code, 1);
    assert!(err.contains("No node found"), "{err}");
    // Keyring operations without encryption say how to turn it on.
    let (code, _, err) = cli(&server, &["keyring", "-list"]);
    assert_eq!(code, 1);
    assert!(err.contains("-encrypt"), "{err}");
    assert_eq!(members(&server, false).await.len(), 1);
}

#[tokio::test]
async fn a_client_without_servers_says_so() {
    let client = Agent::start_client(roster_bin(), "lonely", &[]).expect("spawn client");
    client
        .wait_serving(START_TIMEOUT)
        .await
        .expect("client serving");
    let (status, _, body) = must_get(&client, "/v1/kv/anything").await;
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("No known Consul servers"), "{body}");
    // Agent-local endpoints still answer.
    let view = members(&client, false).await;
    assert_eq!(view.len(), 1);
    assert_eq!(view["lonely"].1["role"], "node");
}

#[tokio::test]
async fn a_restarted_agent_rejoins_the_members_it_knew() {
    let server = start_server("s-srv", &[]).await;
    let join = format!("-join={}", server.lan_addr());
    let mut client = Agent::start_client(roster_bin(), "s-c1", &[&join]).expect("spawn client");
    client.wait_serving(START_TIMEOUT).await.unwrap();
    wait_status(&server, "s-c1", 1, START_TIMEOUT).await;

    // Crash it, then start it again without any -join: the gossip snapshot
    // in its data dir names the members to rejoin.
    client.kill9();
    wait_status(&server, "s-c1", 4, DETECT).await;
    client.restart_with(&[]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    wait_status(&server, "s-c1", 1, DETECT).await;
    wait_status(&client, "s-srv", 1, DETECT).await;
    assert!(
        client.data_dir.join("serf/local.snapshot").exists(),
        "no snapshot file"
    );
}

#[tokio::test]
async fn a_stop_signal_during_the_start_up_join_stops_the_agent_cleanly() {
    // A gossip address that takes connections and never answers: the join
    // at start waits on it while the HTTP API already serves.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let join = format!("-join={}", silent.local_addr().unwrap());
    let mut agent = Agent::start_client(roster_bin(), "sig-c1", &[&join]).expect("spawn client");
    agent.wait_serving(START_TIMEOUT).await.unwrap();
    agent.signal("TERM").unwrap();
    // Caught and obeyed: status 0. Killed by the signal's default action,
    // the status was none; waiting for the join to fail, it was 1.
    assert_eq!(
        agent.wait_exit(START_TIMEOUT).unwrap(),
        Some(0),
        "{}",
        agent.log()
    );
    drop(silent);
}

#[tokio::test]
async fn a_left_agent_stays_out_after_restart_unless_told_to_rejoin() {
    let server = start_server("r-srv", &[]).await;
    let join = format!("-join={}", server.lan_addr());
    let mut client = Agent::start_client(roster_bin(), "r-c1", &[&join]).expect("spawn client");
    client.wait_serving(START_TIMEOUT).await.unwrap();
    wait_status(&server, "r-c1", 1, START_TIMEOUT).await;

    // A client leaves on SIGTERM (Consul's default); the leave is recorded
    // in its gossip snapshot.
    client.signal("TERM").unwrap();
    assert_eq!(client.wait_exit(START_TIMEOUT).unwrap(), Some(0));
    wait_status(&server, "r-c1", 3, DETECT).await;

    // Restarted without -join and without -rejoin: it treats the leave as
    // permanent and stays on its own.
    client.restart_with(&[]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    let seen = wait_for(Duration::from_secs(5), "r-c1 to find r-srv", || async {
        members(&client, false).await.contains_key("r-srv")
    })
    .await;
    assert!(seen.is_err(), "a left agent rejoined without -rejoin");
    assert_eq!(members(&server, false).await["r-c1"].0, 3);

    // With -rejoin the snapshot's members are joined again.
    client.kill9();
    client.restart_with(&["-rejoin"]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    wait_status(&client, "r-srv", 1, DETECT).await;
    wait_status(&server, "r-c1", 1, DETECT).await;
}

#[tokio::test]
async fn members_of_another_datacenter_or_with_a_taken_node_id_are_refused() {
    let server = start_server("m-srv", &[]).await;
    let c1 = start_client("m-c1", &server, &[]).await;
    wait_converged(&[&server, &c1], &["m-srv", "m-c1"]).await;
    let server_id = members(&server, false).await["m-srv"].1["id"]
        .as_str()
        .unwrap()
        .to_string();

    let join = format!("-join={}", server.lan_addr());
    let taken = format!("-node-id={server_id}");
    for (name, extra, reason) in [
        ("m-dc2", "-datacenter=dc2", "part of wrong datacenter 'dc1'"),
        ("m-twin", taken.as_str(), "has conflicting node ID"),
    ] {
        let mut agent = Agent::start_client(roster_bin(), name, &[&join, extra]).unwrap();
        let code = agent.wait_exit(START_TIMEOUT).unwrap();
        assert_ne!(code, Some(0), "{name} joined");
        let log = agent.log();
        assert!(log.contains(reason), "{name}: {log}");
    }
    // Nothing changed on the pool's side.
    for a in [&server, &c1] {
        let view = members(a, false).await;
        assert_eq!(
            view.keys().cloned().collect::<Vec<_>>(),
            ["m-c1", "m-srv"],
            "on {}",
            a.name()
        );
    }
}

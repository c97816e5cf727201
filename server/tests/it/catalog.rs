//! The catalog and health HTTP APIs: register and deregister, each read
//! endpoint's shape, bad input that changes nothing, blocking reads that
//! wake on their service only, and reads through every server of a cluster
//! and through a client agent.

use roster_testkit::{Agent, wait_for};
use serde_json::{Value, json};

use super::*;

/// `PUT` a JSON body to `path`; returns (status, body).
async fn must_put_json(agent: &Agent, path: &str, body: &Value) -> (u16, String) {
    let r = http()
        .put(format!("{}{path}", agent.http_base()))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// `GET` a path that answers JSON; returns (status, index, body).
async fn get_json(agent: &Agent, path: &str) -> (u16, u64, Value) {
    let (status, headers, body) = must_get(agent, path).await;
    let value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
    (status, consul_index(&headers), value)
}

/// The registration of an external node with a service and two checks.
fn redis_registration() -> Value {
    json!({
        "ID": "40e4a748-2192-161a-0510-9bf59fe950b5",
        "Node": "foobar",
        "Address": "192.168.10.10",
        "TaggedAddresses": {"lan": "192.168.10.10", "wan": "10.0.10.10"},
        "NodeMeta": {"somekey": "somevalue"},
        "Service": {
            "ID": "redis1", "Service": "redis", "Tags": ["primary", "v1"],
            "Address": "127.0.0.1",
            "TaggedAddresses": {"lan": {"Address": "127.0.0.1", "Port": 8000}},
            "Meta": {"redis_version": "4.0"}, "Port": 8000,
            "Weights": {"Passing": 10, "Warning": 1}
        },
        "Check": {
            "CheckID": "service:redis1", "Name": "Redis health check",
            "Notes": "Script based health check", "Status": "passing", "ServiceID": "redis1",
            "Definition": {"TCP": "localhost:8888", "Interval": "5s", "Timeout": "1s",
                           "DeregisterCriticalServiceAfter": "30s"}
        },
        "Checks": [{"CheckID": "mem", "Name": "Memory", "Status": "warning"}]
    })
}

#[tokio::test]
async fn a_registration_reads_back_through_every_catalog_and_health_endpoint() {
    let agent = must_start("cat-shapes").await;
    let (code, body) = must_put_json(&agent, "/v1/catalog/register", &redis_registration()).await;
    assert_eq!((code, body.as_str()), (200, "true"));
    // `?cached` is answered fresh, and says it missed the (absent) cache.
    let (code, headers, _) = must_get(&agent, "/v1/health/service/redis?cached").await;
    assert_eq!(code, 200);
    assert_eq!(headers["X-Cache"], "MISS");
    let (_, headers, _) = must_get(&agent, "/v1/health/service/redis").await;
    assert!(headers.get("X-Cache").is_none());

    let (code, index, nodes) = get_json(&agent, "/v1/catalog/nodes").await;
    assert_eq!(code, 200);
    assert!(index > 1);
    let node = nodes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["Node"] == "foobar")
        .expect("the node is listed");
    assert_eq!(node["ID"], "40e4a748-2192-161a-0510-9bf59fe950b5");
    assert_eq!(node["Address"], "192.168.10.10");
    assert_eq!(node["Datacenter"], "dc1");
    assert_eq!(node["TaggedAddresses"]["wan"], "10.0.10.10");
    assert_eq!(node["Meta"]["somekey"], "somevalue");
    assert!(node["CreateIndex"].as_u64().unwrap() > 0);

    let (_, _, services) = get_json(&agent, "/v1/catalog/services").await;
    assert_eq!(services["redis"], json!(["primary", "v1"]));

    let (_, _, instances) = get_json(&agent, "/v1/catalog/service/redis").await;
    let i = &instances[0];
    for key in [
        "ID",
        "Node",
        "Address",
        "Datacenter",
        "TaggedAddresses",
        "NodeMeta",
        "ServiceKind",
        "ServiceID",
        "ServiceName",
        "ServiceTags",
        "ServiceAddress",
        "ServiceTaggedAddresses",
        "ServiceWeights",
        "ServiceMeta",
        "ServicePort",
        "ServiceSocketPath",
        "ServiceEnableTagOverride",
        "ServiceProxy",
        "ServiceConnect",
        "CreateIndex",
        "ModifyIndex",
    ] {
        assert!(i.get(key).is_some(), "ServiceNode has {key}: {i}");
    }
    assert_eq!(i["ServiceID"], "redis1");
    assert_eq!(i["ServicePort"], 8000);
    assert_eq!(i["ServiceWeights"], json!({"Passing": 10, "Warning": 1}));
    assert_eq!(
        i["ServiceTaggedAddresses"]["lan"],
        json!({"Address": "127.0.0.1", "Port": 8000})
    );
    assert_eq!(i["NodeMeta"]["somekey"], "somevalue");
    // Tags match case-insensitively; every tag asked for must be there.
    let (_, _, tagged) = get_json(&agent, "/v1/catalog/service/redis?tag=PRIMARY&tag=v1").await;
    assert_eq!(tagged.as_array().unwrap().len(), 1);
    let (_, _, none) = get_json(&agent, "/v1/catalog/service/redis?tag=primary&tag=v2").await;
    assert_eq!(none, json!([]));
    let (_, _, by_meta) =
        get_json(&agent, "/v1/catalog/service/redis?node-meta=somekey:other").await;
    assert_eq!(by_meta, json!([]));

    let (_, _, node) = get_json(&agent, "/v1/catalog/node/FOOBAR").await;
    assert_eq!(node["Node"]["Node"], "foobar");
    assert_eq!(node["Services"]["redis1"]["Service"], "redis");
    assert_eq!(node["Services"]["redis1"]["Tags"], json!(["primary", "v1"]));
    let (_, _, listed) = get_json(&agent, "/v1/catalog/node-services/foobar").await;
    assert_eq!(listed["Services"][0]["ID"], "redis1");
    let (code, _, unknown) = get_json(&agent, "/v1/catalog/node/nobody").await;
    assert_eq!((code, unknown), (200, Value::Null));

    let (_, _, health) = get_json(&agent, "/v1/health/service/redis").await;
    let entry = &health[0];
    assert_eq!(entry["Node"]["Node"], "foobar");
    assert_eq!(entry["Service"]["ID"], "redis1");
    let checks = entry["Checks"].as_array().unwrap();
    let ids: Vec<&str> = checks
        .iter()
        .map(|c| c["CheckID"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["mem", "service:redis1"],
        "node checks, then the service's"
    );
    let service_check = &checks[1];
    assert_eq!(service_check["Status"], "passing");
    assert_eq!(service_check["ServiceName"], "redis");
    assert_eq!(service_check["ServiceTags"], json!(["primary", "v1"]));
    assert_eq!(service_check["Interval"], "5s");
    assert_eq!(service_check["Definition"]["TCP"], "localhost:8888");
    assert_eq!(
        service_check["Definition"]["DeregisterCriticalServiceAfter"],
        "30s"
    );
    assert_eq!(checks[0]["ServiceTags"], json!([]));
    // The memory check warns: not passing.
    let (_, _, passing) = get_json(&agent, "/v1/health/service/redis?passing").await;
    assert_eq!(passing, json!([]));
    let (_, _, unfiltered) = get_json(&agent, "/v1/health/service/redis?passing=false").await;
    assert_eq!(unfiltered.as_array().unwrap().len(), 1);

    let (_, _, node_checks) = get_json(&agent, "/v1/health/node/foobar").await;
    assert_eq!(node_checks.as_array().unwrap().len(), 2);
    let (_, _, service_checks) = get_json(&agent, "/v1/health/checks/redis").await;
    assert_eq!(service_checks.as_array().unwrap().len(), 1);
    let (_, _, warning) = get_json(&agent, "/v1/health/state/warning").await;
    assert_eq!(warning[0]["CheckID"], "mem");
    let (_, _, any) = get_json(&agent, "/v1/health/state/any").await;
    assert!(any.as_array().unwrap().len() >= 2);

    // Deregister the service (its check goes with it), then the node.
    let (code, _) = must_put_json(
        &agent,
        "/v1/catalog/deregister",
        &json!({"Node": "foobar", "ServiceID": "redis1"}),
    )
    .await;
    assert_eq!(code, 200);
    let (_, _, gone) = get_json(&agent, "/v1/catalog/service/redis").await;
    assert_eq!(gone, json!([]));
    let (_, _, left) = get_json(&agent, "/v1/health/node/foobar").await;
    assert_eq!(left.as_array().unwrap().len(), 1, "the node check stays");
    let (code, _) =
        must_put_json(&agent, "/v1/catalog/deregister", &json!({"Node": "foobar"})).await;
    assert_eq!(code, 200);
    let (_, _, node) = get_json(&agent, "/v1/catalog/node/foobar").await;
    assert_eq!(node, Value::Null);
    let (_, _, left) = get_json(&agent, "/v1/health/node/foobar").await;
    assert_eq!(left, json!([]));
}

#[tokio::test]
async fn bad_registrations_get_400_and_change_nothing() {
    let agent = must_start("cat-bad").await;
    let (code, _) = must_put_json(&agent, "/v1/catalog/register", &redis_registration()).await;
    assert_eq!(code, 200);
    let (_, before, _) = get_json(&agent, "/v1/catalog/services").await;
    let (_, node_before, _) = get_json(&agent, "/v1/catalog/nodes").await;

    let mut cases: Vec<(Value, &str)> = vec![
        (json!({"Address": "10.0.0.1"}), "Must provide node"),
        (json!({"Node": "n"}), "Must provide address"),
        (
            json!({"Node": "n", "Address": "a", "ID": "not-a-uuid"}),
            "Bad node ID",
        ),
        (
            json!({"Node": "n", "Address": "a", "Service": {"ID": "x"}}),
            "service name",
        ),
        (
            json!({"Node": "n", "Address": "a", "Service": {"Service": "s", "Port": -1}}),
            "Invalid port",
        ),
        (
            json!({"Node": "n", "Address": "a", "Check": {"CheckID": "c", "Status": "fine"}}),
            "Invalid check status",
        ),
        (
            json!({"Node": "n", "Address": "a", "Check": {"CheckID": "c", "ServiceID": "nope"}}),
            "conflicts with the catalog",
        ),
        (
            json!({"Node": "n", "Address": "a", "Check": {"Name": "no id"}}),
            "Must provide check ID",
        ),
        (
            json!({"Node": "n", "Address": "a",
                   "Service": {"Service": "s", "Meta": {"consul-x": "y"}}}),
            "reserved",
        ),
        (json!({"Node": 7, "Address": "a"}), "Request decode failed"),
        (
            json!({"Node": "n", "Address": "a",
                   "Check": {"CheckID": "c", "Definition": {"Interval": "10"}}}),
            "invalid duration",
        ),
        // The node ID of foobar, under another name.
        (
            json!({"Node": "n", "Address": "a", "ID": "40e4a748-2192-161a-0510-9bf59fe950b5"}),
            "conflicts with the catalog",
        ),
    ];
    cases.push((json!([1, 2]), "expected a JSON object"));
    for (body, message) in &cases {
        let (code, text) = must_put_json(&agent, "/v1/catalog/register", body).await;
        assert_eq!(code, 400, "{body} -> {text}");
        assert!(text.contains(message), "{body}: {text:?} lacks {message:?}");
    }
    let r = http()
        .put(format!("{}/v1/catalog/register", agent.http_base()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("EOF"));

    let (_, after, _) = get_json(&agent, "/v1/catalog/services").await;
    let (_, node_after, nodes) = get_json(&agent, "/v1/catalog/nodes").await;
    assert_eq!((before, node_before), (after, node_after), "no index moved");
    assert!(nodes.as_array().unwrap().iter().all(|n| n["Node"] != "n"));

    for (path, message) in [
        ("/v1/catalog/service/", "Missing service name"),
        ("/v1/health/service/", "Missing service name"),
        ("/v1/health/node/", "Missing node name"),
        ("/v1/health/state/sleepy", "Invalid check state"),
        (
            "/v1/health/service/redis?passing=yes",
            "Invalid value for ?passing",
        ),
    ] {
        let (code, _, text) = must_get(&agent, path).await;
        assert_eq!(code, 400, "{path}");
        assert!(text.contains(message), "{path}: {text}");
    }
}

#[tokio::test]
async fn a_blocked_health_read_wakes_on_its_service_and_not_on_others() {
    let agent = must_start("cat-block").await;
    let reg = |service: &str, status: &str| {
        json!({
            "Node": "ext", "Address": "10.1.1.1",
            "Service": {"Service": service},
            "Check": {"CheckID": format!("{service}-check"), "ServiceID": service,
                      "Status": status}
        })
    };
    for service in ["web", "db"] {
        let (code, _) =
            must_put_json(&agent, "/v1/catalog/register", &reg(service, "passing")).await;
        assert_eq!(code, 200);
    }
    let (_, index, _) = get_json(&agent, "/v1/health/service/web").await;

    // A change to db does not answer a read blocked on web.
    let url = format!(
        "{}/v1/health/service/web?index={index}&wait=2s",
        agent.http_base()
    );
    let blocked = tokio::spawn(async move {
        let r = http().get(url).send().await.unwrap();
        consul_index(r.headers())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (code, _) = must_put_json(&agent, "/v1/catalog/register", &reg("db", "critical")).await;
    assert_eq!(code, 200);
    assert_eq!(
        blocked.await.unwrap(),
        index,
        "timed out with the same index"
    );

    // A flip of web's check does, at once.
    let url = format!(
        "{}/v1/health/service/web?index={index}&wait=5m",
        agent.http_base()
    );
    let blocked = tokio::spawn(async move {
        let r = http().get(url).send().await.unwrap();
        let index = consul_index(r.headers());
        (index, r.json::<Value>().await.unwrap())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (code, _) = must_put_json(&agent, "/v1/catalog/register", &reg("web", "critical")).await;
    assert_eq!(code, 200);
    // Woken by the flip: a read that ran out its 5 minutes would keep the
    // index.
    let (new_index, body) = blocked.await.unwrap();
    assert!(new_index > index);
    assert_eq!(body[0]["Checks"][0]["Status"], "critical");
}

#[tokio::test]
async fn the_catalog_reads_the_same_through_every_server_and_a_client() {
    let names: Vec<String> = (1..=3).map(|i| format!("cat-c{i}")).collect();
    let servers = Agent::start_joined_servers(roster_bin(), &names, &[], |_| Vec::new()).unwrap();
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    let join = format!("-retry-join={}", servers[1].lan_addr());
    let client = Agent::start_client(roster_bin(), "cat-client", &[&join]).unwrap();
    client.wait_serving(START_TIMEOUT).await.unwrap();
    // A registration through the client is applied by the leader.
    wait_for(
        START_TIMEOUT,
        "a registration through the client",
        || async {
            must_put_json(&client, "/v1/catalog/register", &redis_registration())
                .await
                .0
                == 200
        },
    )
    .await
    .unwrap();
    for agent in servers.iter().chain([&client]) {
        for query in ["", "?stale", "?consistent"] {
            let path = format!("/v1/catalog/service/redis{query}");
            wait_for(START_TIMEOUT, &path, || async {
                let (code, _, body) = get_json(agent, &path).await;
                code == 200 && body[0]["ServiceID"] == "redis1"
            })
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn filter_expressions_select_results_and_bad_ones_get_400() {
    let agent = must_start("cat-filter").await;
    for (node, rack, tags, status) in [
        ("a", "r1", json!(["v1", "primary"]), "passing"),
        ("b", "r2", json!(["v2"]), "critical"),
    ] {
        let (code, _) = must_put_json(
            &agent,
            "/v1/catalog/register",
            &json!({"Node": node, "Address": "10.0.0.1", "NodeMeta": {"rack": rack},
                    "Service": {"Service": "api", "Tags": tags, "Meta": {"team": node}},
                    "Check": {"CheckID": "api", "ServiceID": "api", "Status": status}}),
        )
        .await;
        assert_eq!(code, 200);
    }
    let q = |path: &str, filter: &str| {
        format!(
            "{path}?filter={}",
            percent_encoding::utf8_percent_encode(filter, percent_encoding::NON_ALPHANUMERIC)
        )
    };
    let names = |v: &Value, key: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                x.pointer(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    let (_, _, nodes) = get_json(&agent, &q("/v1/catalog/nodes", "Meta.rack == r2")).await;
    assert_eq!(names(&nodes, "/Node"), ["b"]);
    let (_, _, instances) = get_json(
        &agent,
        &q("/v1/catalog/service/api", "ServiceTags contains primary"),
    )
    .await;
    assert_eq!(names(&instances, "/Node"), ["a"]);
    let (_, _, health) = get_json(
        &agent,
        &q(
            "/v1/health/service/api",
            "Checks.Status == critical and Service.Meta.team == b",
        ),
    )
    .await;
    assert_eq!(names(&health, "/Node/Node"), ["b"]);
    let (_, _, services) =
        get_json(&agent, &q("/v1/catalog/services", "NodeMeta.rack == r1")).await;
    assert_eq!(services["api"], json!(["primary", "v1"]), "only a's tags");
    let (_, _, checks) = get_json(&agent, &q("/v1/health/state/any", "Status != passing")).await;
    assert_eq!(names(&checks, "/Node"), ["b"]);
    let (_, _, node) = get_json(&agent, &q("/v1/catalog/node/a", "Tags contains v9")).await;
    assert_eq!(node["Services"], json!({}));

    for (path, filter) in [
        ("/v1/catalog/nodes", "Meta.rack =="),
        ("/v1/catalog/nodes", "Nope == x"),
        ("/v1/health/service/api", "Service.Tags matches \"(\""),
    ] {
        let (code, _, text) = must_get(&agent, &q(path, filter)).await;
        assert_eq!(code, 400, "{path} {filter}: {text}");
        assert!(
            text.starts_with("Failed to create boolean expression evaluator"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn near_sorts_by_network_distance_and_nodes_without_coordinates_go_last() {
    let agent = must_start("cat-near").await;
    let coordinates = [("origin", 0.0), ("far", 0.5), ("close", 0.01)];
    for node in ["none", "far", "origin", "close"] {
        let (code, _) = must_put_json(
            &agent,
            "/v1/catalog/register",
            &json!({"Node": node, "Address": "10.0.0.9",
                    "Service": {"Service": "db"},
                    "Check": {"CheckID": "db", "ServiceID": "db", "Status": "passing"}}),
        )
        .await;
        assert_eq!(code, 200);
    }
    for (node, x) in coordinates {
        let mut vec = vec![0.0; 8];
        vec[0] = x;
        let (code, _) = must_put_json(
            &agent,
            "/v1/coordinate/update",
            &json!({"Node": node, "Segment": "",
                    "Coord": {"Vec": vec, "Error": 1.5, "Adjustment": 0.0, "Height": 1e-5}}),
        )
        .await;
        assert_eq!(code, 200);
    }
    // The leader writes coordinates in batches every few seconds.
    wait_for(START_TIMEOUT, "the coordinates are stored", || async {
        let (_, _, v) = get_json(&agent, "/v1/coordinate/nodes").await;
        v.as_array().is_some_and(|a| {
            ["origin", "far", "close"]
                .iter()
                .all(|n| a.iter().any(|c| c["Node"] == *n))
        })
    })
    .await
    .unwrap();
    let ours = |v: &Value, pointer: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x.pointer(pointer).and_then(Value::as_str))
            .filter(|n| ["origin", "far", "close", "none"].contains(n))
            .map(str::to_string)
            .collect()
    };
    let expected = ["origin", "close", "far", "none"];
    let (_, _, nodes) = get_json(&agent, "/v1/catalog/nodes?near=origin").await;
    assert_eq!(ours(&nodes, "/Node"), expected);
    let (_, _, instances) = get_json(&agent, "/v1/catalog/service/db?near=origin").await;
    assert_eq!(ours(&instances, "/Node"), expected);
    let (_, _, health) = get_json(&agent, "/v1/health/service/db?near=origin").await;
    assert_eq!(ours(&health, "/Node/Node"), expected);
    let (_, _, checks) = get_json(&agent, "/v1/health/checks/db?near=origin").await;
    assert_eq!(ours(&checks, "/Node"), expected);
    // A node with no coordinate: the usual order (by name).
    let (_, _, plain) = get_json(&agent, "/v1/catalog/nodes?near=nobody").await;
    assert_eq!(ours(&plain, "/Node"), ["close", "far", "none", "origin"]);
    // _agent: the agent's own node (which reports its coordinate itself).
    let (code, _, _) = get_json(&agent, "/v1/catalog/nodes?near=_agent").await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn many_identical_blocked_health_reads_cost_one_evaluation_per_change() {
    let agent = must_start("cat-coalesce").await;
    let reg = |status: &str| {
        json!({"Node": "ext", "Address": "10.1.1.1", "Service": {"Service": "hot"},
               "Check": {"CheckID": "hot", "ServiceID": "hot", "Status": status}})
    };
    assert_eq!(
        must_put_json(&agent, "/v1/catalog/register", &reg("passing"))
            .await
            .0,
        200
    );
    let (_, index, _) = get_json(&agent, "/v1/health/service/hot").await;
    let evaluations = || async {
        let (_, _, body) = must_get(&agent, "/v1/agent/self").await;
        let me: Value = serde_json::from_str(&body).unwrap();
        me["Stats"]["consul"]["shared_query_evaluations"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    const WATCHERS: usize = 200;
    let client = http();
    let mut blocked = Vec::new();
    for _ in 0..WATCHERS {
        let url = format!(
            "{}/v1/health/service/hot?index={index}&wait=5m",
            agent.http_base()
        );
        let client = client.clone();
        blocked.push(tokio::spawn(async move {
            let r = client.get(url).send().await.unwrap();
            let status = r.status().as_u16();
            if status != 200 {
                panic!("{status}: {}", r.text().await.unwrap());
            }
            (consul_index(r.headers()), r.json::<Value>().await.unwrap())
        }));
    }
    // Let every watcher block (each evaluated once on arrival, at the same
    // index, so they already share), then flip the check once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before = evaluations().await;
    assert_eq!(
        must_put_json(&agent, "/v1/catalog/register", &reg("critical"))
            .await
            .0,
        200
    );
    for b in blocked {
        let (new_index, body) = b.await.unwrap();
        assert!(new_index > index);
        assert_eq!(body[0]["Checks"][0]["Status"], "critical");
    }
    let spent = evaluations().await - before;
    eprintln!("{WATCHERS} woken watchers cost {spent} evaluations");
    // One per change, with slack for readers woken at slightly different
    // applied indexes (the register and nothing else changed the service).
    assert!(
        spent <= 3,
        "{WATCHERS} woken watchers cost {spent} evaluations"
    );
}

#[tokio::test]
async fn parked_http_watchers_get_the_answer_of_their_own_query() {
    let agent = must_start("cat-parked").await;
    let reg = |status: &str| {
        json!({"Node": "ext", "Address": "10.1.1.2", "Service": {"Service": "park", "Tags": ["a"]},
               "Check": {"CheckID": "park", "ServiceID": "park", "Status": status}})
    };
    assert_eq!(
        must_put_json(&agent, "/v1/catalog/register", &reg("passing"))
            .await
            .0,
        200
    );
    let (_, index, _) = get_json(&agent, "/v1/health/service/park").await;
    let client = http();
    let watch = |query: String| {
        let (client, url) = (
            client.clone(),
            format!("{}/v1/health/service/park?{query}", agent.http_base()),
        );
        tokio::spawn(async move {
            let started = tokio::time::Instant::now();
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 200);
            let at = consul_index(r.headers());
            (at, r.json::<Value>().await.unwrap(), started.elapsed())
        })
    };
    // Several queries on one service, several watchers of each: every
    // watcher must get its own query's answer, never another's.
    let plain: Vec<_> = (0..20)
        .map(|_| watch(format!("index={index}&wait=5m")))
        .collect();
    let passing: Vec<_> = (0..20)
        .map(|_| watch(format!("passing&index={index}&wait=5m")))
        .collect();
    let tagged: Vec<_> = (0..5)
        .map(|_| watch(format!("tag=b&index={index}")))
        .collect();
    // A short wait times out with the index it was given.
    let short = watch(format!("index={index}&wait=1s"));
    let (at, body, took) = short.await.unwrap();
    assert_eq!(at, index, "nothing changed: the same index");
    assert_eq!(body[0]["Checks"][0]["Status"], "passing");
    assert!(took >= Duration::from_secs(1), "answered after {took:?}");
    assert!(plain.iter().chain(&passing).all(|w| !w.is_finished()));
    // An older index is answered at once with the current state.
    let (at, body, _) = watch("index=1&wait=5m".into()).await.unwrap();
    assert_eq!(at, index);
    assert_eq!(body.as_array().unwrap().len(), 1);

    assert_eq!(
        must_put_json(&agent, "/v1/catalog/register", &reg("critical"))
            .await
            .0,
        200
    );
    for w in plain {
        let (at, body, _) = tokio::time::timeout(Duration::from_secs(30), w)
            .await
            .unwrap()
            .unwrap();
        assert!(at > index);
        assert_eq!(body[0]["Checks"][0]["Status"], "critical");
    }
    for w in passing {
        let (at, body, _) = tokio::time::timeout(Duration::from_secs(30), w)
            .await
            .unwrap()
            .unwrap();
        assert!(at > index);
        assert_eq!(body, json!([]), "?passing leaves the critical instance out");
    }
    for w in tagged {
        let (at, body, _) = tokio::time::timeout(Duration::from_secs(30), w)
            .await
            .unwrap()
            .unwrap();
        assert!(at > index);
        assert_eq!(body, json!([]), "no instance has tag b");
    }
    // A watcher at the new index parks again, and a deregistration wakes
    // it with the empty answer.
    let (_, now, _) = get_json(&agent, "/v1/health/service/park").await;
    let again = watch(format!("index={now}"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!again.is_finished());
    assert_eq!(
        must_put_json(
            &agent,
            "/v1/catalog/deregister",
            &json!({"Node": "ext", "ServiceID": "park"})
        )
        .await
        .0,
        200
    );
    let (at, body, _) = tokio::time::timeout(Duration::from_secs(30), again)
        .await
        .unwrap()
        .unwrap();
    assert!(at > now);
    assert_eq!(body, json!([]));
}

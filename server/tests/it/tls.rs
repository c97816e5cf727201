//! TLS on real agents: the HTTPS and gRPC TLS ports with `verify_incoming`,
//! server RPC over TLS between three servers and their client agents, and
//! what is refused: a client without a certificate, a certificate or a
//! server from another CA, a server whose certificate does not carry the
//! name `verify_server_hostname` asks for, plaintext on a server port that
//! requires TLS. Certificates are made by `roster tls`, as a user would.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use roster_proto::{
    kv::v1::{PutRequest, kv_service_client::KvServiceClient},
    raft::v1::{PromiseRequest, raft_transport_service_client::RaftTransportServiceClient},
};
use roster_testkit::{Agent, free_udp_tcp_port, wait_for};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, pem::PemObject};
use serde_json::json;

use super::*;

/// A CA made by `roster tls ca create` in `dir`, and certificates signed by
/// it.
struct Pki {
    dir: PathBuf,
}

impl Pki {
    fn new(dir: &Path) -> Pki {
        std::fs::create_dir_all(dir).unwrap();
        let pki = Pki { dir: dir.into() };
        pki.run(&["tls", "ca", "create"]);
        pki
    }

    fn run(&self, args: &[&str]) {
        let out = std::process::Command::new(roster_bin())
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn ca(&self) -> PathBuf {
        self.dir.join("consul-agent-ca.pem")
    }

    /// `roster tls cert create -<kind> -dc <dc>`: (cert, key) paths.
    fn cert(&self, kind: &str, dc: &str) -> (PathBuf, PathBuf) {
        self.run(&["tls", "cert", "create", &format!("-{kind}"), "-dc", dc]);
        // The newest of `<dc>-<kind>-consul-<n>.pem`.
        let prefix = format!("{dc}-{kind}-consul-");
        let mut n = 0;
        while self.dir.join(format!("{prefix}{}.pem", n + 1)).exists() {
            n += 1;
        }
        (
            self.dir.join(format!("{prefix}{n}.pem")),
            self.dir.join(format!("{prefix}{n}-key.pem")),
        )
    }
}

/// A rustls client trusting `ca`, presenting `identity` when given.
fn client_config(
    ca: &Path,
    identity: Option<&(PathBuf, PathBuf)>,
    alpn: &[u8],
) -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let mut config = match identity {
        Some((cert, key)) => builder
            .with_client_auth_cert(
                CertificateDer::pem_file_iter(cert)
                    .unwrap()
                    .map(Result::unwrap)
                    .collect(),
                PrivateKeyDer::from_pem_file(key).unwrap(),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![alpn.to_vec()];
    config
}

/// An HTTPS client trusting `ca`, presenting `identity` when given.
fn https(ca: &Path, identity: Option<&(PathBuf, PathBuf)>) -> reqwest::Client {
    reqwest::Client::builder()
        .use_preconfigured_tls(client_config(ca, identity, b"http/1.1"))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A gRPC channel to `127.0.0.1:<port>` over TLS (name `localhost`).
async fn grpc_tls(
    port: u16,
    config: rustls::ClientConfig,
) -> Result<tonic::transport::Channel, tonic::transport::Error> {
    let config = Arc::new(config);
    let connector = tower::service_fn(move |_uri: http::Uri| {
        let config = Arc::clone(&config);
        async move {
            let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(ServerName::try_from("localhost").unwrap(), tcp)
                .await?;
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(tls))
        }
    });
    tonic::transport::Endpoint::from_static("http://localhost")
        .connect_timeout(Duration::from_secs(5))
        .connect_with_connector(connector)
        .await
}

/// A plaintext gRPC channel to `127.0.0.1:<port>`.
async fn plaintext(port: u16) -> Result<tonic::transport::Channel, tonic::transport::Error> {
    tonic::transport::Endpoint::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect_timeout(Duration::from_secs(5))
        .connect()
        .await
}

/// Whether a KV put of `key` fails, over `channel` or in connecting it.
async fn put_refused(
    channel: Result<tonic::transport::Channel, tonic::transport::Error>,
    key: &str,
) -> bool {
    match channel {
        Err(_) => true,
        Ok(channel) => KvServiceClient::new(channel)
            .put(PutRequest {
                key: key.into(),
                value: b"refused".to_vec(),
                ..Default::default()
            })
            .await
            .is_err(),
    }
}

/// The certificate a TLS listener at `127.0.0.1:<port>` presents.
async fn served_cert(port: u16, config: rustls::ClientConfig) -> Vec<u8> {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    tls.get_ref().1.peer_certificates().unwrap()[0].to_vec()
}

fn write_config(dir: &Path, name: &str, config: serde_json::Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, config.to_string()).unwrap();
    format!("-config-file={}", path.display())
}

fn cli_in(agent_https: &str, args: &[&str], tls: &[&str]) -> (i32, String, String) {
    let mut all: Vec<&str> = args.to_vec();
    let addr = format!("-http-addr={agent_https}");
    all.push(&addr);
    all.extend_from_slice(tls);
    roster_testkit::run_cli(roster_bin(), &all, &[]).unwrap()
}

#[tokio::test]
async fn https_and_grpc_tls_need_a_client_certificate_from_the_ca_and_reload_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(&dir.path().join("pki"));
    let other = Pki::new(&dir.path().join("other"));
    let (server_cert, server_key) = pki.cert("server", "dc1");
    let client = pki.cert("client", "dc1");
    let stranger = other.cert("client", "dc1");
    // The agent reads its certificate from files a reload reads again.
    let live_cert = dir.path().join("live.pem");
    let live_key = dir.path().join("live-key.pem");
    std::fs::copy(&server_cert, &live_cert).unwrap();
    std::fs::copy(&server_key, &live_key).unwrap();
    let config = write_config(
        dir.path(),
        "tls.json",
        json!({"tls": {"defaults": {
            "ca_file": pki.ca(), "cert_file": live_cert, "key_file": live_key,
            "verify_incoming": true
        }}}),
    );
    let (https_port, grpc_tls_port) = (free_udp_tcp_port(), free_udp_tcp_port());
    let agent = Agent::start_with(
        roster_bin(),
        "tls-in",
        &[
            &config,
            &format!("-https-port={https_port}"),
            &format!("-grpc-tls-port={grpc_tls_port}"),
        ],
    )
    .unwrap();
    agent.wait_ready(START_TIMEOUT).await.unwrap();
    assert!(
        agent.log().contains(&format!("HTTPS: {https_port}")),
        "{}",
        agent.log()
    );
    let base = format!("https://127.0.0.1:{https_port}");

    // HTTPS with a client certificate of the CA: the API.
    let good = https(&pki.ca(), Some(&client));
    let r = good
        .put(format!("{base}/v1/kv/over-tls"))
        .body("yes")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = good
        .get(format!("{base}/v1/kv/over-tls?raw"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.text().await.unwrap(), "yes");
    // Refused: no client certificate, a client certificate of another CA,
    // a client that trusts another CA, plaintext on the HTTPS port.
    for (what, client) in [
        ("no client certificate", https(&pki.ca(), None)),
        (
            "a stranger's certificate",
            https(&pki.ca(), Some(&stranger)),
        ),
        ("another CA", https(&other.ca(), Some(&client))),
    ] {
        let r = client.get(format!("{base}/v1/kv/over-tls")).send().await;
        assert!(r.is_err(), "{what}: {r:?}");
    }
    let plain = http()
        .get(format!("http://127.0.0.1:{https_port}/v1/kv/over-tls"))
        .send()
        .await;
    assert!(
        plain.is_err() || plain.as_ref().unwrap().status() != 200,
        "{plain:?}"
    );
    // The plaintext HTTP port still serves, as Consul's does.
    assert_eq!(must_get(&agent, "/v1/kv/over-tls?raw").await.2, "yes");

    // gRPC over TLS: a put with the client certificate; without, refused.
    let channel = grpc_tls(
        grpc_tls_port,
        client_config(&pki.ca(), Some(&client), b"h2"),
    )
    .await
    .unwrap();
    KvServiceClient::new(channel)
        .put(PutRequest {
            key: "grpc-tls".into(),
            value: b"1".to_vec(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(must_get(&agent, "/v1/kv/grpc-tls?raw").await.2, "1");
    let refused = put_refused(
        grpc_tls(grpc_tls_port, client_config(&pki.ca(), None, b"h2")).await,
        "grpc-tls",
    )
    .await;
    assert!(
        refused,
        "a gRPC TLS client without a certificate got through"
    );
    let refused = put_refused(plaintext(grpc_tls_port).await, "grpc-tls").await;
    assert!(refused, "plaintext got through the gRPC TLS port");
    assert_eq!(must_get(&agent, "/v1/kv/grpc-tls?raw").await.2, "1");

    // The CLI over HTTPS, with Consul's flags.
    let ca = format!("-ca-file={}", pki.ca().display());
    let cert = format!("-client-cert={}", client.0.display());
    let key = format!("-client-key={}", client.1.display());
    let (code, out, err) = cli_in(&base, &["kv", "get", "over-tls"], &[&ca, &cert, &key]);
    assert_eq!((code, out.trim()), (0, "yes"), "{err}");
    let (code, _, err) = cli_in(&base, &["kv", "get", "over-tls"], &[&ca]);
    assert_ne!(code, 0, "no client certificate: {err}");
    // -tls-server-name: the name checked instead of the address's.
    let named = "-tls-server-name=server.dc1.consul";
    let (code, out, err) = cli_in(
        &base,
        &["kv", "get", "over-tls"],
        &[&ca, &cert, &key, named],
    );
    assert_eq!((code, out.trim()), (0, "yes"), "{err}");
    let wrong = "-tls-server-name=server.dc2.consul";
    let (code, _, err) = cli_in(
        &base,
        &["kv", "get", "over-tls"],
        &[&ca, &cert, &key, wrong],
    );
    assert_ne!(code, 0, "a certificate for another name: {err}");
    assert!(err.contains("server.dc2.consul"), "{err}");

    // SIGHUP reads the certificate again: a new one is served.
    let before = served_cert(https_port, client_config(&pki.ca(), Some(&client), b"h2")).await;
    let (new_cert, new_key) = pki.cert("server", "dc1");
    std::fs::copy(&new_cert, &live_cert).unwrap();
    std::fs::copy(&new_key, &live_key).unwrap();
    agent.signal("HUP").unwrap();
    let expected = CertificateDer::from_pem_file(&new_cert).unwrap().to_vec();
    assert_ne!(before, expected);
    wait_for(
        START_TIMEOUT,
        "the new certificate to be served",
        || async {
            served_cert(https_port, client_config(&pki.ca(), Some(&client), b"h2")).await
                == expected
        },
    )
    .await
    .unwrap();
    // A reload whose key does not match its certificate changes nothing.
    std::fs::copy(&server_key, &live_key).unwrap();
    agent.signal("HUP").unwrap();
    wait_for(START_TIMEOUT, "the failed reload to be logged", || async {
        agent.log().contains("failed to reload configuration")
    })
    .await
    .unwrap();
    assert_eq!(
        served_cert(https_port, client_config(&pki.ca(), Some(&client), b"h2")).await,
        expected
    );
    let r = good
        .get(format!("{base}/v1/kv/over-tls?raw"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_missing_or_unusable_certificate_stops_the_start_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(&dir.path().join("pki"));
    let (cert, _) = pki.cert("server", "dc1");
    let data = format!("-data-dir={}", dir.path().join("d").display());
    let cases = [
        (
            json!({"tls": {"defaults": {"ca_file": pki.ca(), "cert_file": cert,
                                         "key_file": dir.path().join("nope.pem")}},
                   "ports": {"https": free_udp_tcp_port()}}),
            "nope.pem",
        ),
        (
            json!({"ports": {"https": free_udp_tcp_port()}}),
            "https_port",
        ),
        (
            json!({"tls": {"defaults": {"verify_incoming": true}}}),
            "verify_incoming",
        ),
    ];
    for (i, (config, expected)) in cases.into_iter().enumerate() {
        let flag = write_config(dir.path(), &format!("bad-{i}.json"), config.clone());
        let (code, _, err) =
            roster_testkit::run_cli(roster_bin(), &["agent", "-dev", &data, &flag], &[]).unwrap();
        assert_ne!(code, 0, "{config}");
        assert!(err.contains(expected), "{config}: {err}");
    }
}

/// The TLS settings of a server or client agent of dc1.
fn rpc_tls(ca: &Path, identity: Option<&(PathBuf, PathBuf)>, hostname: bool) -> serde_json::Value {
    let mut defaults = json!({"ca_file": ca, "verify_incoming": true, "verify_outgoing": true});
    if let Some((cert, key)) = identity {
        defaults["cert_file"] = json!(cert);
        defaults["key_file"] = json!(key);
    }
    // Several agents share 127.0.0.1: no gRPC TLS port (8503 by default
    // once a certificate is set).
    json!({"tls": {"defaults": defaults,
                   "internal_rpc": {"verify_server_hostname": hostname}},
           "ports": {"grpc_tls": -1}})
}

#[tokio::test]
async fn servers_speak_rpc_over_tls_and_refuse_plaintext_strangers_and_wrong_names() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(&dir.path().join("pki"));
    let other = Pki::new(&dir.path().join("other"));
    let server = pki.cert("server", "dc1");
    let client = pki.cert("client", "dc1");
    let stranger = other.cert("client", "dc1");
    let config = write_config(
        dir.path(),
        "server.json",
        rpc_tls(&pki.ca(), Some(&server), true),
    );
    let names: Vec<String> = (0..3).map(|i| format!("tls-rpc-{i}")).collect();
    let servers =
        Agent::start_joined_servers(roster_bin(), &names, &[&config], |_| vec![]).unwrap();
    for s in &servers {
        s.wait_ready(START_TIMEOUT).await.unwrap();
    }
    // Raft over TLS: a write on one server is read, consistently, on the
    // others (a follower forwards to the leader, over TLS too).
    assert_eq!(must_put(&servers[1], "rpc-tls", "written").await.0, 200);
    for s in &servers {
        let (status, _, body) = must_get(s, "/v1/kv/rpc-tls?raw&consistent").await;
        assert_eq!((status, body.as_str()), (200, "written"), "{}", s.name());
    }
    assert!(
        servers[0]
            .log()
            .contains("TLS-Outgoing: true, TLS-Incoming: true")
    );

    // Plaintext on a server port that requires TLS: refused.
    let refused = put_refused(plaintext(servers[0].ports.server).await, "plain").await;
    assert!(refused, "a plaintext server RPC got through");

    // Raft's messages need a server's certificate: a client agent's, from
    // the same CA, reaches the public services of the server port only.
    let raft_call = |identity: (PathBuf, PathBuf)| {
        let config = client_config(&pki.ca(), Some(&identity), b"h2");
        let port = servers[0].ports.server;
        async move {
            let channel = grpc_tls(port, config).await.unwrap();
            RaftTransportServiceClient::new(channel)
                .promise(PromiseRequest::default())
                .await
        }
    };
    let refused = raft_call(client.clone()).await.unwrap_err();
    assert_eq!(refused.code(), tonic::Code::PermissionDenied, "{refused:?}");
    assert!(
        refused.message().contains("server certificate"),
        "{refused:?}"
    );
    if let Err(status) = raft_call(server.clone()).await {
        assert_ne!(status.code(), tonic::Code::PermissionDenied, "{status:?}");
    }
    let channel = grpc_tls(
        servers[0].ports.server,
        client_config(&pki.ca(), Some(&client), b"h2"),
    )
    .await
    .unwrap();
    KvServiceClient::new(channel)
        .put(PutRequest {
            key: "client-cert".into(),
            value: b"ok".to_vec(),
            ..Default::default()
        })
        .await
        .unwrap();

    // Client agents: each joins by gossip and reaches the servers only
    // with the right certificates. The last domain makes the servers'
    // expected name `server.dc1.elsewhere`, which their certificates do
    // not carry.
    // (agent, its TLS settings, what its writes meet: None for success,
    // else part of the error).
    let cases = [
        ("tls-ok", rpc_tls(&pki.ca(), Some(&client), true), None),
        // Under TLS 1.3 the client finds out when the server closes the
        // connection (its message varies); the server logs why.
        (
            "tls-nocert",
            rpc_tls(&pki.ca(), None, true),
            Some("peer sent no certificates"),
        ),
        (
            "tls-stranger",
            rpc_tls(&other.ca(), Some(&stranger), false),
            Some("UnknownIssuer"),
        ),
        (
            "tls-name",
            {
                let mut c = rpc_tls(&pki.ca(), Some(&client), true);
                c["domain"] = json!("elsewhere");
                c
            },
            Some("not valid for name \"server.dc1.elsewhere\""),
        ),
        (
            "tls-noname",
            {
                let mut c = rpc_tls(&pki.ca(), Some(&client), false);
                c["domain"] = json!("elsewhere");
                c
            },
            None,
        ),
    ];
    let join = format!("-retry-join={}", servers[0].lan_addr());
    for (name, tls, refusal) in cases {
        let flag = write_config(dir.path(), &format!("{name}.json"), tls);
        let agent = Agent::start_client(roster_bin(), name, &[&join, &flag]).unwrap();
        agent.wait_serving(START_TIMEOUT).await.unwrap();
        wait_for(START_TIMEOUT, "the client to see the servers", || async {
            let (status, _, body) = must_get(&agent, "/v1/agent/members").await;
            status == 200 && body.matches("\"Status\":1").count() >= 4
        })
        .await
        .unwrap();
        let (status, body) = must_put(&agent, &format!("from-{name}"), "x").await;
        match refusal {
            None => {
                assert_eq!(status, 200, "{name}: {body}");
                let (status, _, value) =
                    must_get(&servers[2], &format!("/v1/kv/from-{name}?raw")).await;
                assert_eq!((status, value.as_str()), (200, "x"), "{name}");
            }
            Some(why) => {
                assert_eq!(status, 500, "{name}: {body}");
                // The server logs just after it answers.
                wait_for(Duration::from_secs(5), why, || async {
                    body.contains(why) || servers.iter().any(|s| s.log().contains(why))
                })
                .await
                .unwrap_or_else(|e| panic!("{name}: {body}: {e}"));
                let (status, _, _) = must_get(&servers[2], &format!("/v1/kv/from-{name}")).await;
                assert_eq!(status, 404, "{name}: the refused write must change nothing");
            }
        }
    }
}

#[tokio::test]
async fn a_server_with_a_certificate_takes_tls_and_plaintext_until_a_reload_verifies_incoming() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(&dir.path().join("pki"));
    let (cert, key) = pki.cert("server", "dc1");
    let client = pki.cert("client", "dc1");
    let server_tls = |verify_incoming: bool| {
        json!({"tls": {"defaults": {"ca_file": pki.ca(), "cert_file": cert, "key_file": key,
                                    "verify_incoming": verify_incoming}},
               "ports": {"grpc_tls": -1}})
    };
    let config = write_config(dir.path(), "server.json", server_tls(false));
    let server = Agent::start_with(roster_bin(), "tls-mixed", &[&config]).unwrap();
    server.wait_ready(START_TIMEOUT).await.unwrap();
    let join = format!("-retry-join={}", server.lan_addr());
    let tls_client = write_config(
        dir.path(),
        "client.json",
        rpc_tls(&pki.ca(), Some(&client), true),
    );
    let tls_accepted = |agent: &Agent| agent.log().matches("accepted a TLS connection").count();
    async fn start(name: &str, flags: &[&str]) -> Agent {
        let agent = Agent::start_client(roster_bin(), name, flags).unwrap();
        agent.wait_serving(START_TIMEOUT).await.unwrap();
        wait_for(START_TIMEOUT, "the client to find the server", || async {
            let (_, _, body) = must_get(&agent, "/v1/agent/members").await;
            body.matches("\"Status\":1").count() >= 2
        })
        .await
        .unwrap();
        agent
    }
    // Plaintext first: accepted, and no TLS connection reached the server.
    let plain = start("mixed-plain", &[&join]).await;
    assert_eq!(must_put(&plain, "from-plain", "x").await.0, 200);
    assert_eq!(tls_accepted(&server), 0, "{}", server.log());
    // Then a client with verify_outgoing: over TLS.
    let tls = start("mixed-tls", &[&join, &tls_client]).await;
    assert_eq!(must_put(&tls, "from-tls", "x").await.0, 200);
    assert!(tls_accepted(&server) > 0, "{}", server.log());
    assert_eq!(must_get(&server, "/v1/kv/from-plain?raw").await.2, "x");
    assert_eq!(must_get(&server, "/v1/kv/from-tls?raw").await.2, "x");

    // A reload turns verify_incoming on: a new plaintext client is refused,
    // TLS clients go on.
    std::fs::write(dir.path().join("server.json"), server_tls(true).to_string()).unwrap();
    server.signal("HUP").unwrap();
    wait_for(START_TIMEOUT, "the reload", || async {
        server.log().contains("configuration reloaded")
    })
    .await
    .unwrap();
    let late = start("mixed-late", &[&join]).await;
    let (status, body) = must_put(&late, "from-late", "x").await;
    assert_eq!(status, 500, "{body}");
    assert!(
        server.log().contains("plaintext server RPC refused"),
        "{}",
        server.log()
    );
    assert_eq!(must_get(&server, "/v1/kv/from-late").await.0, 404);
    assert_eq!(must_put(&tls, "from-tls-again", "x").await.0, 200);
}

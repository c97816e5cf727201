//! `roster tls ca create` and `roster tls cert create -server|-client|-cli`:
//! a private CA and the certificates agents present, as Consul's `consul tls`
//! makes them (ECDSA P-256 keys; file names, names and lifetimes as
//! Consul's), written to the current directory.

use std::{net::IpAddr, path::Path, process::ExitCode, time::Duration};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};

use super::{CliError, http::fail};

/// `roster tls ...`.
#[derive(Debug, clap::Subcommand)]
pub enum TlsCommand {
    /// Create a certificate authority.
    #[command(subcommand)]
    Ca(CaCommand),
    /// Create a certificate signed by the CA.
    #[command(subcommand)]
    Cert(CertCommand),
}

/// `roster tls ca ...`.
#[derive(Debug, clap::Subcommand)]
pub enum CaCommand {
    /// Create `<domain>-agent-ca.pem` and `<domain>-agent-ca-key.pem`.
    Create(CaArgs),
}

/// Flags of `roster tls ca create`.
#[derive(Debug, clap::Args)]
pub struct CaArgs {
    /// Days the CA is valid.
    #[arg(long, default_value_t = 1825)]
    days: u32,
    /// The domain (the files' prefix and the name constraint).
    #[arg(long, default_value = "consul")]
    domain: String,
    /// The CA's common name (default: `Consul Agent CA <random>`).
    #[arg(long = "common-name")]
    common_name: Option<String>,
    /// Limit the CA to names under the domain, `localhost` and the
    /// additional names and addresses given.
    #[arg(long = "name-constraint")]
    name_constraint: bool,
    /// Another DNS name the constraint permits (repeatable).
    #[arg(long = "additional-name-constraint")]
    additional_name_constraint: Vec<String>,
}

/// `roster tls cert ...`.
#[derive(Debug, clap::Subcommand)]
pub enum CertCommand {
    /// Create `<dc>-<kind>-<domain>-<n>.pem` and its `-key.pem`.
    Create(CertArgs),
}

/// Flags of `roster tls cert create`.
#[derive(Debug, clap::Args)]
pub struct CertArgs {
    /// A server certificate (`server.<dc>.<domain>`).
    #[arg(long)]
    server: bool,
    /// A client agent certificate (`client.<dc>.<domain>`).
    #[arg(long)]
    client: bool,
    /// A certificate for the CLI (`cli.<dc>.<domain>`, client auth only).
    #[arg(long)]
    cli: bool,
    /// The CA certificate.
    #[arg(long, default_value = "#DOMAIN#-agent-ca.pem")]
    ca: String,
    /// The CA's key.
    #[arg(long, default_value = "#DOMAIN#-agent-ca-key.pem")]
    key: String,
    /// Datacenter.
    #[arg(long, default_value = "dc1")]
    dc: String,
    /// Domain.
    #[arg(long, default_value = "consul")]
    domain: String,
    /// Days the certificate is valid.
    #[arg(long, default_value_t = 365)]
    days: u32,
    /// The node name, to add `<node>.server.<dc>.<domain>` (servers).
    #[arg(long)]
    node: Option<String>,
    /// Another DNS name (repeatable).
    #[arg(long = "additional-dnsname")]
    additional_dnsname: Vec<String>,
    /// Another IP address (repeatable).
    #[arg(long = "additional-ipaddress")]
    additional_ipaddress: Vec<IpAddr>,
}

/// Runs `roster tls ...`.
pub fn run(command: TlsCommand) -> Result<ExitCode, CliError> {
    let result = match command {
        TlsCommand::Ca(CaCommand::Create(a)) => create_ca(&a, Path::new(".")),
        TlsCommand::Cert(CertCommand::Create(a)) => create_cert(&a, Path::new(".")),
    };
    match result {
        Ok(saved) => {
            for file in saved {
                println!("==> Saved {file}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => fail(message),
    }
}

fn validity(params: &mut CertificateParams, days: u32) {
    let now = time::OffsetDateTime::now_utc();
    // A minute back, for clocks a little behind.
    params.not_before = now - Duration::from_secs(60);
    params.not_after = now + Duration::from_secs(u64::from(days) * 86_400);
    params.serial_number = Some(rand::random::<u64>().into());
}

/// Writes `name` in `dir` unless it exists; the key files are private.
fn save(dir: &Path, name: &str, text: &str, private: bool) -> Result<String, String> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let path = dir.join(name);
    let mut options = std::fs::OpenOptions::new();
    options
        .write(true)
        .create_new(true)
        .mode(if private { 0o600 } else { 0o644 });
    let mut file = options
        .open(&path)
        .map_err(|e| format!("Error writing {name}: {e}"))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("Error writing {name}: {e}"))?;
    Ok(name.to_string())
}

/// Creates the CA in `dir`; the names of the files saved.
pub fn create_ca(a: &CaArgs, dir: &Path) -> Result<Vec<String>, String> {
    let cert_file = format!("{}-agent-ca.pem", a.domain);
    let key_file = format!("{}-agent-ca-key.pem", a.domain);
    for f in [&cert_file, &key_file] {
        if dir.join(f).exists() {
            return Err(format!("{f} already exists"));
        }
    }
    let key = KeyPair::generate().map_err(|e| format!("Error generating a key: {e}"))?;
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(
        DnType::CommonName,
        a.common_name
            .clone()
            .unwrap_or_else(|| format!("Consul Agent CA {}", rand::random::<u32>())),
    );
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    if a.name_constraint {
        let mut permitted = vec![
            rcgen::GeneralSubtree::DnsName(a.domain.clone()),
            rcgen::GeneralSubtree::DnsName("localhost".into()),
        ];
        permitted.extend(
            a.additional_name_constraint
                .iter()
                .cloned()
                .map(rcgen::GeneralSubtree::DnsName),
        );
        params.name_constraints = Some(rcgen::NameConstraints {
            permitted_subtrees: permitted,
            excluded_subtrees: Vec::new(),
        });
    }
    validity(&mut params, a.days);
    let cert = params
        .self_signed(&key)
        .map_err(|e| format!("Error creating the CA: {e}"))?;
    Ok(vec![
        save(dir, &cert_file, &cert.pem(), false)?,
        save(dir, &key_file, &key.serialize_pem(), true)?,
    ])
}

/// Creates a certificate in `dir` signed by the CA; the files saved.
pub fn create_cert(a: &CertArgs, dir: &Path) -> Result<Vec<String>, String> {
    let kind = match (a.server, a.client, a.cli) {
        (true, false, false) => "server",
        (false, true, false) => "client",
        (false, false, true) => "cli",
        _ => return Err("Please provide exactly one of -server, -client or -cli".into()),
    };
    let ca_path = dir.join(a.ca.replace("#DOMAIN#", &a.domain));
    let key_path = dir.join(a.key.replace("#DOMAIN#", &a.domain));
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("Error reading {}: {e}", p.display()))
    };
    let ca_key = KeyPair::from_pem(&read(&key_path)?)
        .map_err(|e| format!("Error reading the CA key {}: {e}", key_path.display()))?;
    let issuer = Issuer::from_ca_cert_pem(&read(&ca_path)?, ca_key)
        .map_err(|e| format!("Error reading the CA {}: {e}", ca_path.display()))?;

    let main_name = format!("{kind}.{}.{}", a.dc, a.domain);
    let mut dns = vec![main_name.clone(), "localhost".to_string()];
    if kind == "server"
        && let Some(node) = &a.node
    {
        dns.push(format!("{node}.server.{}.{}", a.dc, a.domain));
    }
    dns.extend(a.additional_dnsname.iter().cloned());
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, main_name);
    params.distinguished_name = name;
    params.subject_alt_names = dns
        .into_iter()
        .map(|d| {
            rcgen::string::Ia5String::try_from(d.as_str())
                .map(SanType::DnsName)
                .map_err(|e| format!("invalid DNS name {d:?}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let mut ips: Vec<IpAddr> = vec![IpAddr::from([127, 0, 0, 1])];
    ips.extend(a.additional_ipaddress.iter().copied());
    params
        .subject_alt_names
        .extend(ips.into_iter().map(SanType::IpAddress));
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = if kind == "cli" {
        vec![ExtendedKeyUsagePurpose::ClientAuth]
    } else {
        vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ]
    };
    params.use_authority_key_identifier_extension = true;
    validity(&mut params, a.days);
    let key = KeyPair::generate().map_err(|e| format!("Error generating a key: {e}"))?;
    let cert = params
        .signed_by(&key, &issuer)
        .map_err(|e| format!("Error signing the certificate: {e}"))?;
    // The first free index, as Consul numbers them.
    let prefix = format!("{}-{kind}-{}", a.dc, a.domain);
    let n = (0..)
        .find(|n| !dir.join(format!("{prefix}-{n}.pem")).exists())
        .expect("a free index");
    Ok(vec![
        save(dir, &format!("{prefix}-{n}.pem"), &cert.pem(), false)?,
        save(
            dir,
            &format!("{prefix}-{n}-key.pem"),
            &key.serialize_pem(),
            true,
        )?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ca_args() -> CaArgs {
        CaArgs {
            days: 30,
            domain: "consul".into(),
            common_name: None,
            name_constraint: false,
            additional_name_constraint: Vec::new(),
        }
    }

    fn cert_args(server: bool) -> CertArgs {
        CertArgs {
            server,
            client: !server,
            cli: false,
            ca: "#DOMAIN#-agent-ca.pem".into(),
            key: "#DOMAIN#-agent-ca-key.pem".into(),
            dc: "dc1".into(),
            domain: "consul".into(),
            days: 10,
            node: Some("s1".into()),
            additional_dnsname: vec!["roster.example".into()],
            additional_ipaddress: vec!["10.0.0.7".parse().unwrap()],
        }
    }

    /// The certificate verifies against the CA as a TLS server of the
    /// names it carries, for rustls (what the agents will use).
    fn verifies(dir: &Path, cert: &str, name: &str) -> Result<(), rustls::Error> {
        use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject as _};
        let ca = CertificateDer::from_pem_file(dir.join("consul-agent-ca.pem")).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca).unwrap();
        // ring's provider (the project's choice, see Cargo.toml); deprecated
        // only for lacking post-quantum key exchange, which a certificate
        // check does not use.
        #[allow(deprecated)]
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls::client::WebPkiServerVerifier::builder_with_provider(
            std::sync::Arc::new(roots),
            provider,
        )
        .build()
        .unwrap();
        let leaf = CertificateDer::from_pem_file(dir.join(cert)).unwrap();
        let server = ServerName::try_from(name.to_string()).unwrap();
        rustls::client::danger::ServerCertVerifier::verify_server_cert(
            verifier.as_ref(),
            &leaf,
            &[],
            &server,
            &[],
            UnixTime::now(),
        )
        .map(|_| ())
    }

    #[test]
    fn a_ca_and_its_certificates_verify_for_their_names_only() {
        let dir = tempfile::tempdir().unwrap();
        let saved = create_ca(&ca_args(), dir.path()).unwrap();
        assert_eq!(saved, ["consul-agent-ca.pem", "consul-agent-ca-key.pem"]);
        assert!(
            create_ca(&ca_args(), dir.path()).is_err(),
            "never overwritten"
        );
        let saved = create_cert(&cert_args(true), dir.path()).unwrap();
        assert_eq!(
            saved,
            ["dc1-server-consul-0.pem", "dc1-server-consul-0-key.pem"]
        );
        let again = create_cert(&cert_args(true), dir.path()).unwrap();
        assert_eq!(again[0], "dc1-server-consul-1.pem");
        let client = create_cert(&cert_args(false), dir.path()).unwrap();
        assert_eq!(client[0], "dc1-client-consul-0.pem");
        for name in [
            "server.dc1.consul",
            "localhost",
            "s1.server.dc1.consul",
            "roster.example",
            "127.0.0.1",
            "10.0.0.7",
        ] {
            verifies(dir.path(), "dc1-server-consul-0.pem", name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(verifies(dir.path(), "dc1-server-consul-0.pem", "client.dc1.consul").is_err());
        assert!(verifies(dir.path(), "dc1-client-consul-0.pem", "server.dc1.consul").is_err());
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join("dc1-server-consul-0-key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // Another CA's certificate does not verify.
        let other = tempfile::tempdir().unwrap();
        create_ca(&ca_args(), other.path()).unwrap();
        std::fs::copy(
            dir.path().join("dc1-server-consul-0.pem"),
            other.path().join("foreign.pem"),
        )
        .unwrap();
        assert!(verifies(other.path(), "foreign.pem", "server.dc1.consul").is_err());
    }

    #[test]
    fn exactly_one_kind_and_a_readable_ca_are_needed() {
        let dir = tempfile::tempdir().unwrap();
        let mut both = cert_args(true);
        both.client = true;
        assert!(
            create_cert(&both, dir.path())
                .unwrap_err()
                .contains("exactly one")
        );
        assert!(
            create_cert(&cert_args(true), dir.path())
                .unwrap_err()
                .contains("Error reading")
        );
    }
}

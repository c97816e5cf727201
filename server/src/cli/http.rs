//! The HTTP client every non-agent command uses to talk to the local agent,
//! with Consul's flags and environment (`-http-addr` / `CONSUL_HTTP_ADDR`,
//! `-token` / `CONSUL_HTTP_TOKEN`, and for HTTPS `-ca-file` /
//! `CONSUL_CACERT`, `-ca-path` / `CONSUL_CAPATH`, `-client-cert` /
//! `CONSUL_CLIENT_CERT`, `-client-key` / `CONSUL_CLIENT_KEY`,
//! `-tls-server-name` / `CONSUL_TLS_SERVER_NAME`, `CONSUL_HTTP_SSL`,
//! `CONSUL_HTTP_SSL_VERIFY`).

use super::CliError;

/// Flags shared by commands that call the HTTP API.
#[derive(Debug, Clone, clap::Args)]
pub struct HttpFlags {
    /// Agent HTTP address (`host:port`, optionally with `http://`).
    #[arg(long, env = "CONSUL_HTTP_ADDR", default_value = "127.0.0.1:8500")]
    pub http_addr: String,
    /// ACL token.
    #[arg(long, env = "CONSUL_HTTP_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Datacenter to query.
    #[arg(long)]
    pub datacenter: Option<String>,
    /// Allow any server to answer reads (`?stale`).
    #[arg(long)]
    pub stale: bool,
    /// PEM file of the CA that signed the agent's HTTPS certificate.
    #[arg(long, env = "CONSUL_CACERT")]
    pub ca_file: Option<std::path::PathBuf>,
    /// Directory of PEM CA files.
    #[arg(long, env = "CONSUL_CAPATH")]
    pub ca_path: Option<std::path::PathBuf>,
    /// Client certificate (PEM), for an agent with `verify_incoming`.
    #[arg(long, env = "CONSUL_CLIENT_CERT")]
    pub client_cert: Option<std::path::PathBuf>,
    /// Key of the client certificate (PEM).
    #[arg(long, env = "CONSUL_CLIENT_KEY")]
    pub client_key: Option<std::path::PathBuf>,
    /// Name to verify the agent's certificate against (else the host of
    /// the address).
    #[arg(long, env = "CONSUL_TLS_SERVER_NAME")]
    pub tls_server_name: Option<String>,
    /// Use https when the address names no scheme (`CONSUL_HTTP_SSL`).
    #[arg(
        long = "http-ssl",
        env = "CONSUL_HTTP_SSL",
        hide = true,
        default_value = "false"
    )]
    pub http_ssl: String,
    /// Verify the agent's certificate (`CONSUL_HTTP_SSL_VERIFY=false`
    /// turns verification off).
    #[arg(
        long = "http-ssl-verify",
        env = "CONSUL_HTTP_SSL_VERIFY",
        hide = true,
        default_value = "true"
    )]
    pub http_ssl_verify: String,
}

/// A boolean from the environment as Go's `strconv.ParseBool` reads it.
fn env_bool(key: &str, value: &str) -> Result<bool, CliError> {
    match value {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" | "" => Ok(false),
        other => Err(CliError::Message(format!(
            "Error parsing {key}: {other:?} is not a boolean"
        ))),
    }
}

/// A client bound to one agent.
pub struct HttpClient {
    base: String,
    flags: HttpFlags,
    client: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

/// An HTTP answer.
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Body.
    pub body: Vec<u8>,
    /// `X-Consul-Index`, 0 when absent.
    pub index: u64,
}

impl HttpClient {
    /// A client for the agent named by `flags`.
    pub fn new(flags: &HttpFlags) -> Result<HttpClient, CliError> {
        let addr = flags.http_addr.trim_end_matches('/');
        let ssl = env_bool("CONSUL_HTTP_SSL", &flags.http_ssl)?;
        let base = if addr.starts_with("http://") || addr.starts_with("https://") {
            addr.to_string()
        } else if ssl {
            format!("https://{addr}")
        } else {
            format!("http://{addr}")
        };
        let client = if base.starts_with("https://") {
            let client_cert = match (&flags.client_cert, &flags.client_key) {
                (Some(c), Some(k)) => Some((c.as_path(), k.as_path())),
                (None, None) => None,
                _ => {
                    return Err(CliError::Message(
                        "-client-cert and -client-key must be given together".into(),
                    ));
                }
            };
            let tls = crate::tls::cli_client_config(
                flags.ca_file.as_deref(),
                flags.ca_path.as_deref(),
                client_cert,
                flags.tls_server_name.as_deref(),
                env_bool("CONSUL_HTTP_SSL_VERIFY", &flags.http_ssl_verify)?,
            )
            .map_err(|e| CliError::Message(format!("Error setting up TLS: {e}")))?;
            reqwest::Client::builder()
                .use_preconfigured_tls(tls)
                .build()
                .map_err(|e| CliError::Message(format!("Error setting up TLS: {e}")))?
        } else {
            reqwest::Client::new()
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CliError::Message(format!("cannot start runtime: {e}")))?;
        Ok(HttpClient {
            base,
            flags: flags.clone(),
            client,
            runtime,
        })
    }

    /// A request to `path` (already percent-encoded) with `query` pairs and
    /// the token, datacenter and (for reads) stale flags.
    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
    ) -> reqwest::RequestBuilder {
        let mut query: Vec<(&str, String)> = query.to_vec();
        if let Some(dc) = &self.flags.datacenter {
            query.push(("dc", dc.clone()));
        }
        if self.flags.stale && method == reqwest::Method::GET {
            query.push(("stale", String::new()));
        }
        let url = format!("{}{}", self.base, path);
        let mut request = self.client.request(method, &url).query(&query);
        if let Some(token) = &self.flags.token {
            request = request.header("X-Consul-Token", token);
        }
        request
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, CliError> {
        request.send().await.map_err(|e| {
            // With its causes: a refused certificate says why.
            CliError::Message(format!(
                "Error connecting to agent at {}: {}",
                self.base,
                crate::agent::checks::error_chain(&e)
            ))
        })
    }

    /// Sends a [`request`](Self::request) with `body` and reads the whole
    /// answer.
    pub fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<Answer, CliError> {
        self.runtime.block_on(self.fetch(method, path, query, body))
    }

    /// [`call`](Self::call) as a future, for commands that do several
    /// things at once (`lock`); run it inside [`HttpClient::block_on`].
    pub async fn fetch(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<Answer, CliError> {
        let mut request = self.request(method, path, query);
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = self.send(request).await?;
        let status = response.status().as_u16();
        let index = consul_index(&response);
        let body = response
            .bytes()
            .await
            .map_err(|e| CliError::Message(format!("Error reading response: {e}")))?
            .to_vec();
        Ok(Answer {
            status,
            body,
            index,
        })
    }

    /// Runs a future on this client's runtime (it may spawn tasks).
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// `GET`s `path` into the file `out` a chunk at a time; returns the
    /// status and, for an error status, the body.
    pub fn download(
        &self,
        path: &str,
        query: &[(&str, String)],
        out: &std::path::Path,
    ) -> Result<Answer, CliError> {
        let request = self.request(reqwest::Method::GET, path, query);
        self.runtime.block_on(async {
            let mut response = self.send(request).await?;
            let status = response.status().as_u16();
            let index = consul_index(&response);
            if status != 200 {
                let body = response.bytes().await.unwrap_or_default().to_vec();
                return Ok(Answer {
                    status,
                    body,
                    index,
                });
            }
            let mut file = std::fs::File::create(out)
                .map_err(|e| CliError::Message(format!("Error creating {}: {e}", out.display())))?;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| CliError::Message(format!("Error reading response: {e}")))?
            {
                std::io::Write::write_all(&mut file, &chunk).map_err(|e| {
                    CliError::Message(format!("Error writing {}: {e}", out.display()))
                })?;
            }
            file.sync_all()
                .map_err(|e| CliError::Message(format!("Error writing {}: {e}", out.display())))?;
            Ok(Answer {
                status,
                body: Vec::new(),
                index,
            })
        })
    }
}

/// `X-Consul-Index`, 0 when absent.
fn consul_index(response: &reqwest::Response) -> u64 {
    response
        .headers()
        .get("x-consul-index")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Prints a command's error message and exits 1 (Consul's CLI convention).
pub fn fail(message: String) -> Result<std::process::ExitCode, CliError> {
    eprintln!("{message}");
    Ok(std::process::ExitCode::FAILURE)
}

/// Consul's text for an unexpected HTTP answer.
pub fn api_error(answer: &Answer) -> String {
    format!(
        "Unexpected response code: {} ({})",
        answer.status,
        String::from_utf8_lossy(&answer.body).trim_end()
    )
}

/// Percent-encodes a KV key for a URL path, keeping `/`.
pub fn encode_key(key: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(key, SET).to_string()
}

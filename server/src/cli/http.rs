//! The HTTP client every non-agent command uses to talk to the local agent,
//! with Consul's flags and environment (`-http-addr` / `CONSUL_HTTP_ADDR`,
//! `-token` / `CONSUL_HTTP_TOKEN`).

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
        let base = if addr.starts_with("http://") || addr.starts_with("https://") {
            addr.to_string()
        } else {
            format!("http://{addr}")
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CliError::Message(format!("cannot start runtime: {e}")))?;
        Ok(HttpClient {
            base,
            flags: flags.clone(),
            client: reqwest::Client::new(),
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
            CliError::Message(format!("Error connecting to agent at {}: {e}", self.base))
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

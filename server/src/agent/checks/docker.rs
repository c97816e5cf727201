//! Docker checks, as Consul's: the check's `args` run inside the container
//! `docker_container_id` through the Docker Engine API (`exec` create,
//! start, inspect), at the daemon named by `DOCKER_HOST`
//! (`unix:///path` or `tcp://host:port`; default
//! `unix:///var/run/docker.sock`). Exit code 0 is passing, 1 warning,
//! anything else critical; the output is what the command printed (stdout
//! and stderr, interleaved as printed), its last 4 KiB.

use bytes::{Buf as _, BytesMut};
use roster_proto::catalog::v1::CheckDefinition;
use serde_json::{Value, json};

use super::{ProbeResult, script::captured_tail};
use crate::agent::local::MAX_OUTPUT;

/// Where the Docker daemon listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerHost {
    /// A Unix socket.
    Unix(String),
    /// An address reached over plain HTTP (`tcp://host:port`).
    Tcp(String),
}

impl DockerHost {
    /// From a `DOCKER_HOST` value (empty: the default socket).
    pub fn parse(value: &str) -> Result<DockerHost, String> {
        if value.is_empty() {
            return Ok(DockerHost::Unix("/var/run/docker.sock".into()));
        }
        if let Some(path) = value.strip_prefix("unix://") {
            return Ok(DockerHost::Unix(path.to_string()));
        }
        if let Some(address) = value.strip_prefix("tcp://") {
            return Ok(DockerHost::Tcp(address.trim_end_matches('/').to_string()));
        }
        Err(format!(
            "unsupported DOCKER_HOST {value:?}: expected unix:///path or tcp://host:port"
        ))
    }

    /// The daemon this process is configured for.
    pub fn from_env() -> Result<DockerHost, String> {
        DockerHost::parse(&std::env::var("DOCKER_HOST").unwrap_or_default())
    }
}

/// Runs the check's command in its container once.
pub async fn probe(definition: &CheckDefinition) -> ProbeResult {
    let host = match DockerHost::from_env() {
        Ok(h) => h,
        Err(e) => return ProbeResult::critical(e),
    };
    match exec(
        &host,
        &definition.docker_container_id,
        &definition.script_args,
    )
    .await
    {
        Ok((0, output)) => ProbeResult::passing(output),
        Ok((1, output)) => ProbeResult::warning(output),
        Ok((_, output)) => ProbeResult::critical(output),
        Err(e) => ProbeResult::critical(e),
    }
}

/// Runs `command` in `container`; its exit code and output.
pub async fn exec(
    host: &DockerHost,
    container: &str,
    command: &[String],
) -> Result<(i64, String), String> {
    let (client, base) = match host {
        DockerHost::Unix(path) => (
            reqwest::Client::builder()
                .unix_socket(path.as_str())
                .build(),
            "http://docker".to_string(),
        ),
        DockerHost::Tcp(address) => (
            reqwest::Client::builder().build(),
            format!("http://{address}"),
        ),
    };
    let client = client.map_err(|e| e.to_string())?;
    let escape = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let created = call(
        &client,
        format!("{base}/containers/{}/exec", escape(container)),
        json!({"AttachStdout": true, "AttachStderr": true, "Tty": false, "Cmd": command}),
    )
    .await
    .map_err(|e| format!("Error creating the exec instance for container {container}: {e}"))?;
    let id = created
        .json::<Value>()
        .await
        .ok()
        .and_then(|v| v.get("Id").and_then(Value::as_str).map(str::to_string))
        .ok_or_else(|| {
            format!(
                "Error creating the exec instance for container {container}: no Id in the answer"
            )
        })?;
    let mut started = call(
        &client,
        format!("{base}/exec/{}/start", escape(&id)),
        json!({"Detach": false, "Tty": false}),
    )
    .await
    .map_err(|e| format!("Error starting the exec instance {id}: {e}"))?;
    // The answer streams the command's output until it exits, each piece
    // framed with an 8-byte header (stream, 0, 0, 0, big-endian length).
    let mut frames = BytesMut::new();
    let mut output = Vec::new();
    let mut total = 0;
    while let Some(chunk) = started
        .chunk()
        .await
        .map_err(|e| format!("Error reading the output of exec instance {id}: {e}"))?
    {
        frames.extend_from_slice(&chunk);
        while frames.len() >= 8 {
            let length = u32::from_be_bytes([frames[4], frames[5], frames[6], frames[7]]) as usize;
            if frames.len() < 8 + length {
                break;
            }
            frames.advance(8);
            let payload = frames.split_to(length);
            // The last MAX_OUTPUT bytes are kept, as for a script check.
            total += length;
            output.extend_from_slice(&payload);
            if output.len() > 2 * MAX_OUTPUT {
                output.drain(..output.len() - MAX_OUTPUT);
            }
        }
    }
    let inspected = client
        .get(format!("{base}/exec/{}/json", escape(&id)))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| format!("Error inspecting the exec instance {id}: {e}"))?
        .json::<Value>()
        .await
        .map_err(|e| format!("Error inspecting the exec instance {id}: {e}"))?;
    let code = inspected
        .get("ExitCode")
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("Error inspecting the exec instance {id}: no exit code"))?;
    let tail = &output[output.len().saturating_sub(MAX_OUTPUT)..];
    Ok((code, captured_tail(tail, total)))
}

/// A POST with a JSON body; the daemon's own message on failure.
async fn call(
    client: &reqwest::Client,
    url: String,
    body: Value,
) -> Result<reqwest::Response, String> {
    let response = client
        .post(url)
        .json(&body)
        .send()
        .await
        .map_err(|e| super::error_chain(&e))?;
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let message = response
        .json::<Value>()
        .await
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default();
    Err(format!("{status}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_host_values() {
        assert_eq!(
            DockerHost::parse("").unwrap(),
            DockerHost::Unix("/var/run/docker.sock".into())
        );
        assert_eq!(
            DockerHost::parse("unix:///run/user/1000/docker.sock").unwrap(),
            DockerHost::Unix("/run/user/1000/docker.sock".into())
        );
        assert_eq!(
            DockerHost::parse("tcp://127.0.0.1:2375/").unwrap(),
            DockerHost::Tcp("127.0.0.1:2375".into())
        );
        assert!(DockerHost::parse("ssh://host").is_err());
    }
}

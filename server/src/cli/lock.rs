//! `roster lock [-n N] PREFIX CHILD...`: runs a command while holding a lock
//! (or, with `-n`, one of N slots of a semaphore) in the KV store, as
//! `consul lock` does.
//!
//! The lock is Consul's recipe: a session (TTL 15 s, renewed every 7.5 s)
//! and `?acquire` of `PREFIX/.lock` (flags `0x2ddccbc058a50c18`), blocking on
//! the key while another holds it. A semaphore is Consul's too: each
//! contender locks its own key `PREFIX/<session>` and adds itself to the
//! holders in `PREFIX/.lock` (`{"Limit":N,"Holders":{...}}`, flags
//! `0xe0f69a2baa414de0`) by check-and-set, pruning holders whose contender
//! key lost its session. While the child runs, the lock is watched (a
//! blocking read); if it is lost (the session invalidated, the key taken),
//! the child gets SIGTERM, then SIGKILL after 5 s. SIGINT and SIGTERM are
//! passed on to the child. The child runs in its own process group, and
//! signals go to the group (what a shell child started gets them too). When the child exits the lock is released and
//! the session destroyed.
//!
//! Exit codes: 0 when the child ran (whatever it returned, unless
//! `-child-exit-code`: then 2 when it failed), 1 when the lock could not be
//! taken or the command could not run.

use std::{collections::BTreeMap, process::ExitCode, time::Duration};

use reqwest::Method;
use serde_json::{Value, json};

use super::{
    CliError,
    http::{Answer, HttpClient, HttpFlags, api_error, encode_key, fail},
};

/// Flags value of a lock key (Consul's `LockFlagValue`).
pub const LOCK_FLAG: u64 = 0x2ddc_cbc0_58a5_0c18;
/// Flags value of a semaphore's keys (Consul's `SemaphoreFlagValue`).
pub const SEMAPHORE_FLAG: u64 = 0xe0f6_9a2b_aa41_4de0;
/// The session's TTL; renewed at half of it.
const SESSION_TTL: Duration = Duration::from_secs(15);
/// How long a blocking read of the lock waits at most.
const WAIT: &str = "15s";
/// How long a child told to stop gets before SIGKILL.
const KILL_GRACE: Duration = Duration::from_secs(5);

/// `roster lock`.
#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// HTTP connection flags.
    #[command(flatten)]
    pub http: HttpFlags,
    /// How many holders at once (more than 1: a semaphore).
    #[arg(short = 'n', long = "n", default_value_t = 1)]
    pub limit: u32,
    /// The session's name.
    #[arg(long)]
    pub name: Option<String>,
    /// Give up taking the lock after this long (a Go duration; 0: wait as
    /// long as it takes).
    #[arg(long, default_value = "0s")]
    pub timeout: String,
    /// Times to retry reading the lock, on server errors, before taking it
    /// as lost.
    #[arg(long, default_value_t = 3)]
    pub monitor_retry: u32,
    /// Exit 2 when the child fails (otherwise the child's failure is not
    /// passed on).
    #[arg(long)]
    pub child_exit_code: bool,
    /// Run the child through `sh -c` (the arguments joined by spaces).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub shell: bool,
    /// Say what is happening.
    #[arg(long)]
    pub verbose: bool,
    /// The KV prefix of the lock.
    pub prefix: String,
    /// The command to run while holding the lock.
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub child: Vec<String>,
}

/// How the lock was lost, or why it could not be taken.
enum Lost {
    /// Another session holds it, or this session is gone.
    Taken,
    /// The agent could not be read `monitor_retry` times in a row.
    Unreachable(String),
}

/// The lock (or semaphore slot) this process holds.
struct Held<'a> {
    client: &'a HttpClient,
    prefix: String,
    session: String,
    limit: u32,
    monitor_retry: u32,
}

fn lock_key(prefix: &str) -> String {
    format!("{}/.lock", prefix.trim_end_matches('/'))
}

fn kv_path(key: &str) -> String {
    format!("/v1/kv/{}", encode_key(key))
}

/// A body as JSON.
fn json_body(answer: &Answer) -> Value {
    serde_json::from_slice(&answer.body).unwrap_or(Value::Null)
}

/// `roster lock`.
pub fn run(args: LockArgs) -> Result<ExitCode, CliError> {
    if args.limit == 0 {
        return fail("Limit must be at least 1".into());
    }
    let prefix = args.prefix.trim_start_matches('/').to_string();
    if prefix.is_empty() {
        return fail("Missing prefix".into());
    }
    let timeout = match roster_proto::common::parse_go_duration(&args.timeout) {
        Ok(d) => d,
        Err(e) => return fail(format!("Invalid timeout {:?}: {e}", args.timeout)),
    };
    let client = HttpClient::new(&args.http)?;
    client.block_on(async {
        let name = args
            .name
            .clone()
            .unwrap_or_else(|| format!("Roster lock for {prefix}"));
        let session = match create_session(&client, &name).await {
            Ok(s) => s,
            Err(message) => return fail(message),
        };
        let held = Held {
            client: &client,
            prefix: prefix.clone(),
            session: session.clone(),
            limit: args.limit,
            monitor_retry: args.monitor_retry,
        };
        let code = held.run(&args, timeout).await;
        held.release().await;
        let _ = client
            .fetch(
                Method::PUT,
                &format!("/v1/session/destroy/{session}"),
                &[],
                None,
            )
            .await;
        code
    })
}

async fn create_session(client: &HttpClient, name: &str) -> Result<String, String> {
    let body = json!({
        "Name": name,
        "TTL": roster_proto::common::format_go_duration(SESSION_TTL),
        "Behavior": "release",
    });
    let answer = client
        .fetch(
            Method::PUT,
            "/v1/session/create",
            &[],
            Some(body.to_string().into_bytes()),
        )
        .await
        .map_err(|e| e.to_string())?;
    if answer.status != 200 {
        return Err(format!("Failed to create session: {}", api_error(&answer)));
    }
    json_body(&answer)["ID"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "Failed to create session: no ID in the answer".to_string())
}

impl Held<'_> {
    async fn run(&self, args: &LockArgs, timeout: Duration) -> Result<ExitCode, CliError> {
        let acquiring = async {
            loop {
                match self.try_acquire().await {
                    Ok(None) => return Ok(()),
                    Ok(Some(index)) => self.wait_change(index).await,
                    Err(message) => return Err(message),
                }
            }
        };
        let acquired = tokio::select! {
            r = acquiring => r,
            () = sleep_or_forever(timeout) => Err(format!("Lock acquisition timed out after {}", args.timeout)),
            _ = tokio::signal::ctrl_c() => Err("Shutdown triggered during lock acquisition".into()),
        };
        if let Err(message) = acquired {
            return fail(format!("Lock acquisition failed: {message}"));
        }
        if args.verbose {
            eprintln!("Lock acquisition successful");
        }
        let mut program = if args.shell {
            let mut c = tokio::process::Command::new("/bin/sh");
            c.arg("-c").arg(args.child.join(" "));
            c
        } else {
            let mut c = tokio::process::Command::new(&args.child[0]);
            c.args(&args.child[1..]);
            c
        };
        // Its own process group, so that a signal reaches what a shell
        // child starts too.
        program.process_group(0);
        let mut child = match program.spawn() {
            Ok(c) => c,
            Err(e) => return fail(format!("Error running handler: {e}")),
        };
        let pid = child.id().and_then(|p| i32::try_from(p).ok());
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .map_err(|e| CliError::Message(format!("cannot watch SIGTERM: {e}")))?;
        let mut interrupt =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|e| CliError::Message(format!("cannot watch SIGINT: {e}")))?;
        let monitor = self.monitor();
        tokio::pin!(monitor);
        let mut lost = None;
        let status = loop {
            tokio::select! {
                status = child.wait() => break status,
                _ = terminate.recv() => signal(pid, libc::SIGTERM),
                _ = interrupt.recv() => signal(pid, libc::SIGINT),
                why = &mut monitor, if lost.is_none() => {
                    let message = match &why {
                        Lost::Taken => "Lock lost, killing child".to_string(),
                        Lost::Unreachable(e) => format!("Lock monitoring failed ({e}), killing child"),
                    };
                    eprintln!("{message}");
                    lost = Some(why);
                    signal(pid, libc::SIGTERM);
                    let waited = tokio::time::timeout(KILL_GRACE, child.wait()).await;
                    match waited {
                        Ok(status) => break status,
                        Err(_) => {
                            signal(pid, libc::SIGKILL);
                            break child.wait().await;
                        }
                    }
                }
            }
        };
        let status =
            status.map_err(|e| CliError::Message(format!("Error waiting for child: {e}")))?;
        if args.verbose {
            eprintln!("Child exited: {status}");
        }
        if lost.is_some() {
            return Ok(ExitCode::FAILURE);
        }
        if args.child_exit_code && !status.success() {
            return Ok(ExitCode::from(2));
        }
        Ok(ExitCode::SUCCESS)
    }

    /// One attempt: `None` when held, `Some(index)` to wait past while
    /// others hold it, or why it cannot be taken.
    async fn try_acquire(&self) -> Result<Option<u64>, String> {
        if self.limit == 1 {
            let query = [
                ("acquire", self.session.clone()),
                ("flags", LOCK_FLAG.to_string()),
            ];
            let key = lock_key(&self.prefix);
            let existing = self.read(&key).await?;
            if let Some(entry) = existing.0.as_ref()
                && entry["Flags"].as_u64() != Some(LOCK_FLAG)
            {
                return Err(format!("Existing key {key:?} does not match lock use"));
            }
            let answer = self
                .client
                .fetch(Method::PUT, &kv_path(&key), &query, Some(Vec::new()))
                .await
                .map_err(|e| e.to_string())?;
            return match answer.status {
                200 if said_true(&answer) => Ok(None),
                200 => Ok(Some(existing.1)),
                _ => Err(api_error(&answer)),
            };
        }
        self.try_acquire_slot().await
    }

    /// A semaphore slot: the contender key, then a place among the holders.
    async fn try_acquire_slot(&self) -> Result<Option<u64>, String> {
        let contender = format!("{}/{}", self.prefix.trim_end_matches('/'), self.session);
        let query = [
            ("acquire", self.session.clone()),
            ("flags", SEMAPHORE_FLAG.to_string()),
        ];
        let answer = self
            .client
            .fetch(Method::PUT, &kv_path(&contender), &query, Some(Vec::new()))
            .await
            .map_err(|e| e.to_string())?;
        if !(answer.status == 200 && said_true(&answer)) {
            return Err(format!(
                "Failed to create contender entry: {}",
                api_error(&answer)
            ));
        }
        let (entries, index) = self.read_prefix().await?;
        let (mut holders, cas) = self.holders(&entries)?;
        if holders.contains_key(&self.session) {
            return Ok(None);
        }
        if holders.len() >= self.limit as usize {
            return Ok(Some(index));
        }
        holders.insert(self.session.clone(), true);
        let answer = self.write_holders(&holders, cas).await?;
        match answer.status {
            200 if said_true(&answer) => Ok(None),
            // Someone else changed the holders first: look again at once.
            200 => Ok(Some(0)),
            _ => Err(api_error(&answer)),
        }
    }

    /// Writes the semaphore's holders if the lock key's ModifyIndex is
    /// still `cas` (0: if it does not exist).
    async fn write_holders(
        &self,
        holders: &BTreeMap<String, bool>,
        cas: u64,
    ) -> Result<Answer, String> {
        let body = json!({"Limit": self.limit, "Holders": holders}).to_string();
        let query = [
            ("cas", cas.to_string()),
            ("flags", SEMAPHORE_FLAG.to_string()),
        ];
        self.client
            .fetch(
                Method::PUT,
                &kv_path(&lock_key(&self.prefix)),
                &query,
                Some(body.into_bytes()),
            )
            .await
            .map_err(|e| e.to_string())
    }

    /// The semaphore's live holders (those whose contender key is still
    /// locked by their session) and the lock key's ModifyIndex (0: none).
    fn holders(&self, entries: &[Value]) -> Result<(BTreeMap<String, bool>, u64), String> {
        let lock = lock_key(&self.prefix);
        let live: Vec<&str> = entries
            .iter()
            .filter(|e| e["Key"].as_str() != Some(lock.as_str()))
            .filter_map(|e| e["Session"].as_str())
            .collect();
        let Some(entry) = entries
            .iter()
            .find(|e| e["Key"].as_str() == Some(lock.as_str()))
        else {
            return Ok((BTreeMap::new(), 0));
        };
        if entry["Flags"].as_u64() != Some(SEMAPHORE_FLAG) {
            return Err(format!(
                "Existing key {lock:?} does not match semaphore use"
            ));
        }
        let raw = entry["Value"].as_str().unwrap_or("");
        let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, raw)
            .unwrap_or_default();
        let state: Value = serde_json::from_slice(&decoded).unwrap_or(Value::Null);
        let limit = state["Limit"].as_u64().unwrap_or(u64::from(self.limit));
        if limit != u64::from(self.limit) {
            return Err(format!(
                "Semaphore limit conflict (lock: {limit}, local: {})",
                self.limit
            ));
        }
        let holders = state["Holders"]
            .as_object()
            .map(|h| {
                h.keys()
                    .filter(|s| live.contains(&s.as_str()))
                    .map(|s| (s.clone(), true))
                    .collect()
            })
            .unwrap_or_default();
        Ok((holders, entry["ModifyIndex"].as_u64().unwrap_or(0)))
    }

    /// One key (`None` if absent) and the read's index.
    async fn read(&self, key: &str) -> Result<(Option<Value>, u64), String> {
        let answer = self
            .client
            .fetch(Method::GET, &kv_path(key), &[], None)
            .await
            .map_err(|e| e.to_string())?;
        match answer.status {
            200 => Ok((json_body(&answer).get(0).cloned(), answer.index)),
            404 => Ok((None, answer.index)),
            _ => Err(api_error(&answer)),
        }
    }

    /// Every entry under the prefix and the read's index.
    async fn read_prefix(&self) -> Result<(Vec<Value>, u64), String> {
        let path = kv_path(&format!("{}/", self.prefix.trim_end_matches('/')));
        let answer = self
            .client
            .fetch(Method::GET, &path, &[("recurse", String::new())], None)
            .await
            .map_err(|e| e.to_string())?;
        match answer.status {
            200 => Ok((
                json_body(&answer).as_array().cloned().unwrap_or_default(),
                answer.index,
            )),
            404 => Ok((Vec::new(), answer.index)),
            _ => Err(api_error(&answer)),
        }
    }

    /// Blocks until what decides the lock may have changed past `index`.
    async fn wait_change(&self, index: u64) {
        let (path, recurse) = if self.limit == 1 {
            (kv_path(&lock_key(&self.prefix)), false)
        } else {
            (
                kv_path(&format!("{}/", self.prefix.trim_end_matches('/'))),
                true,
            )
        };
        let mut query = vec![("index", index.to_string()), ("wait", WAIT.to_string())];
        if recurse {
            query.push(("recurse", String::new()));
        }
        if index == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            return;
        }
        let answer = self.client.fetch(Method::GET, &path, &query, None).await;
        if answer.is_err() {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// Whether this process still holds the lock (or its slot).
    async fn still_held(&self) -> Result<(bool, u64), String> {
        if self.limit == 1 {
            let (entry, index) = self.read(&lock_key(&self.prefix)).await?;
            let holder = entry
                .as_ref()
                .and_then(|e| e["Session"].as_str().map(str::to_string));
            return Ok((holder.as_deref() == Some(self.session.as_str()), index));
        }
        let (entries, index) = self.read_prefix().await?;
        let (holders, _) = self.holders(&entries)?;
        Ok((holders.contains_key(&self.session), index))
    }

    /// Resolves when the lock is lost: renews the session every half TTL and
    /// watches the lock.
    async fn monitor(&self) -> Lost {
        let renew = async {
            loop {
                tokio::time::sleep(SESSION_TTL / 2).await;
                let path = format!("/v1/session/renew/{}", self.session);
                match self.client.fetch(Method::PUT, &path, &[], None).await {
                    Ok(a) if a.status == 404 => return Lost::Taken,
                    _ => {}
                }
            }
        };
        let watch = async {
            let mut failures = 0;
            loop {
                match self.still_held().await {
                    Ok((false, _)) => return Lost::Taken,
                    Ok((true, index)) => {
                        failures = 0;
                        self.wait_change(index).await;
                    }
                    Err(e) => {
                        failures += 1;
                        if failures > self.monitor_retry {
                            return Lost::Unreachable(e);
                        }
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        };
        tokio::select! {
            lost = renew => lost,
            lost = watch => lost,
        }
    }

    /// Gives the lock (or slot) back; errors are ignored (destroying the
    /// session releases it anyway).
    async fn release(&self) {
        if self.limit == 1 {
            let query = [
                ("release", self.session.clone()),
                ("flags", LOCK_FLAG.to_string()),
            ];
            let _ = self
                .client
                .fetch(
                    Method::PUT,
                    &kv_path(&lock_key(&self.prefix)),
                    &query,
                    Some(Vec::new()),
                )
                .await;
            return;
        }
        for _ in 0..10 {
            let Ok((entries, _)) = self.read_prefix().await else {
                break;
            };
            let Ok((mut holders, cas)) = self.holders(&entries) else {
                break;
            };
            if holders.remove(&self.session).is_none() || cas == 0 {
                break;
            }
            if self
                .write_holders(&holders, cas)
                .await
                .is_ok_and(|a| said_true(&a))
            {
                break;
            }
        }
        let contender = format!("{}/{}", self.prefix.trim_end_matches('/'), self.session);
        let _ = self
            .client
            .fetch(Method::DELETE, &kv_path(&contender), &[], None)
            .await;
    }
}

/// Sleeps `d`, or forever when it is zero.
async fn sleep_or_forever(d: Duration) {
    if d.is_zero() {
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(d).await;
}

/// Whether a write answered `true`: compact, or pretty-printed with a
/// newline as a `-dev` agent answers.
fn said_true(answer: &Answer) -> bool {
    answer.body.trim_ascii() == b"true"
}

/// Sends `sig` to the child's process group, if it has a pid.
fn signal(pid: Option<i32>, sig: i32) {
    if let Some(pid) = pid {
        // SAFETY: kill(2) on the child's process group (the child leads
        // it) with a valid signal number.
        unsafe {
            libc::kill(-pid, sig);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_answers_compact_or_pretty() {
        let answer = |body: &[u8]| Answer {
            status: 200,
            body: body.to_vec(),
            index: 0,
        };
        assert!(said_true(&answer(b"true")));
        assert!(said_true(&answer(b"true\n")), "a -dev agent pretty-prints");
        assert!(!said_true(&answer(b"false\n")));
        assert!(!said_true(&answer(b"")));
    }
}

//! Script checks: the command runs (no shell) with its output captured;
//! exit 0 is passing, 1 warning, anything else critical. A command that
//! outlives its timeout is killed, with its process group.

use std::process::Stdio;

use tokio::io::AsyncReadExt as _;

use super::ProbeResult;
use crate::agent::local::MAX_OUTPUT;

/// Runs `args` once. The caller cuts the run at its timeout; dropping the
/// future kills the command (`kill_on_drop`) and its process group.
pub async fn probe(args: &[String]) -> ProbeResult {
    let Some((program, rest)) = args.split_first() else {
        return ProbeResult::critical("no command");
    };
    let mut command = tokio::process::Command::new(program);
    command
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .process_group(0);
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return ProbeResult::critical(format!("Failed to start {program:?}: {e}")),
    };
    // Kills the whole group if the run is cut short (a shell's children);
    // disarmed once the command exits on its own.
    let mut guard = GroupGuard(child.id());
    let (mut stdout, mut stderr) = (child.stdout.take(), child.stderr.take());
    let mut out = Vec::new();
    let mut err = Vec::new();
    let read_out = async {
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut out).await;
        }
    };
    let read_err = async {
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_end(&mut err).await;
        }
    };
    let (status, _, _) = tokio::join!(child.wait(), read_out, read_err);
    guard.0 = None;
    out.extend_from_slice(&err);
    let output = captured(&out);
    match status.map(|s| s.code()) {
        Ok(Some(0)) => ProbeResult::passing(output),
        Ok(Some(1)) => ProbeResult::warning(output),
        Ok(_) => ProbeResult::critical(output),
        Err(e) => ProbeResult::critical(format!("Failed to wait for {program:?}: {e}")),
    }
}

/// stdout then stderr: all of it when it fits in [`MAX_OUTPUT`], else its
/// end, saying so (Consul's wording).
fn captured(all: &[u8]) -> String {
    captured_tail(&all[all.len().saturating_sub(MAX_OUTPUT)..], all.len())
}

/// The output of a command that printed `total` bytes, of which `tail` are
/// the last (at least [`MAX_OUTPUT`] of them when any were dropped). When
/// all of it does not fit in [`MAX_OUTPUT`], as much of its end as fits
/// after Consul's "Captured N of M bytes" line, so that the whole output
/// stays within the limit the agent keeps.
pub(super) fn captured_tail(tail: &[u8], total: usize) -> String {
    if total <= tail.len() && total <= MAX_OUTPUT {
        return String::from_utf8_lossy(tail).into_owned();
    }
    let header = |kept: usize| format!("Captured {kept} of {total} bytes\n...\n");
    let room = MAX_OUTPUT.saturating_sub(header(MAX_OUTPUT).len());
    let mut start = tail.len().saturating_sub(room);
    // Not in the middle of a character.
    while start < tail.len() && (tail[start] & 0b1100_0000) == 0b1000_0000 {
        start += 1;
    }
    let kept = &tail[start..];
    format!("{}{}", header(kept.len()), String::from_utf8_lossy(kept))
}

/// Kills a process group when dropped while its leader may still run.
struct GroupGuard(Option<u32>);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if let Some(pid) = self.0
            && let Ok(pid) = i32::try_from(pid)
        {
            // SAFETY: kill(2) with a negative pid signals the process group
            // this check started; it touches no memory.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use roster_proto::catalog::v1::{CheckDefinition, HealthStatus};

    use crate::agent::{checks, local::ProbeKind};

    fn sh(script: &str) -> CheckDefinition {
        CheckDefinition {
            script_args: vec!["/bin/sh".into(), "-c".into(), script.into()],
            ..CheckDefinition::default()
        }
    }

    async fn run(script: &str, timeout: Duration) -> checks::ProbeResult {
        checks::probe(ProbeKind::Script, &sh(script), timeout).await
    }

    #[tokio::test]
    async fn exit_codes_map_to_statuses_and_output_is_kept() {
        let ok = run("echo fine; echo also >&2", Duration::from_secs(10)).await;
        assert_eq!(
            (ok.status, ok.output.as_str()),
            (HealthStatus::Passing, "fine\nalso\n")
        );
        assert_eq!(
            run("exit 1", Duration::from_secs(10)).await.status,
            HealthStatus::Warning
        );
        assert_eq!(
            run("exit 2", Duration::from_secs(10)).await.status,
            HealthStatus::Critical
        );
        let long = run(
            "head -c 5000 /dev/zero | tr '\\0' x",
            Duration::from_secs(10),
        )
        .await;
        // Consul's line and as much of the end as fits in 4 KiB with it.
        let header = "Captured 4064 of 5000 bytes\n...\n";
        assert_eq!(long.output, format!("{header}{}", "x".repeat(4064)));
        assert_eq!(long.output.len(), 4096);
        // A character cut by the limit is dropped whole.
        let wide = super::captured_tail(&[0xc3, 0xa9, b'a'].repeat(2000), 6000);
        assert!(wide.len() <= 4096 && !wide.contains('\u{fffd}'), "{wide}");
    }

    #[tokio::test]
    async fn a_command_that_never_exits_is_killed_at_its_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let script = format!("echo $$ > {}; sleep 600", pid_file.display());
        let result = run(&script, Duration::from_millis(500)).await;
        assert_eq!(result.status, HealthStatus::Critical);
        assert!(result.output.starts_with("Timed out"), "{}", result.output);
        let pid: i32 = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        // The shell (and its sleep) are gone.
        let mut gone = false;
        for _ in 0..50 {
            // SAFETY: signal 0 only checks that the process exists.
            if unsafe { libc::kill(pid, 0) } != 0 {
                gone = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(gone, "the script's process {pid} still runs");
    }
}

//! What `/v1/agent/host` tells about the machine: host name, OS and kernel,
//! uptime, memory, CPUs and the data dir's file system, read from `/proc`,
//! `/etc/os-release` and `statvfs`. What cannot be read is named in
//! `errors` instead.

use std::path::Path;

use roster_proto::agent::v1::GetHostResponse;

fn read(path: &str, errors: &mut Vec<String>) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        errors.push(format!("{path}: {e}"));
        String::new()
    })
}

/// The value of `key` in `/proc/meminfo` (kB), in bytes.
fn meminfo(text: &str, key: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// A value of `/etc/os-release`, unquoted.
fn os_release(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default()
}

/// Describes this host; `data_dir` names the file system to report.
pub fn describe(data_dir: &Path) -> GetHostResponse {
    let mut errors = Vec::new();
    let hostname = read("/proc/sys/kernel/hostname", &mut errors)
        .trim()
        .to_string();
    let kernel_version = read("/proc/sys/kernel/osrelease", &mut errors)
        .trim()
        .to_string();
    let release = read("/etc/os-release", &mut errors);
    let uptime_seconds = read("/proc/uptime", &mut errors)
        .split_whitespace()
        .next()
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0, |s| s as u64);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mem = read("/proc/meminfo", &mut errors);
    let memory_total = meminfo(&mem, "MemTotal");
    let memory_available = meminfo(&mem, "MemAvailable");
    let cpu_model = read("/proc/cpuinfo", &mut errors)
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "model name").then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    let (disk_total, disk_free) = match statvfs(data_dir) {
        Ok(v) => v,
        Err(e) => {
            errors.push(format!("statvfs {}: {e}", data_dir.display()));
            (0, 0)
        }
    };
    GetHostResponse {
        hostname,
        os: std::env::consts::OS.to_string(),
        platform: os_release(&release, "ID"),
        platform_version: os_release(&release, "VERSION_ID"),
        kernel_version,
        uptime_seconds,
        boot_time: now.as_secs().saturating_sub(uptime_seconds),
        memory_total,
        memory_available,
        memory_used: memory_total.saturating_sub(memory_available),
        cpu_model,
        cpu_cores: std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
        disk_path: data_dir.display().to_string(),
        disk_total,
        disk_free,
        disk_used: disk_total.saturating_sub(disk_free),
        collection_time: now.as_nanos() as u64,
        errors,
    }
}

/// Size and free space of the file system holding `path`, bytes.
fn statvfs(path: &Path) -> std::io::Result<(u64, u64)> {
    use std::os::unix::ffi::OsStrExt as _;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c` is a NUL-terminated path and `st` is written by statvfs
    // before it is read (only when it returns 0).
    let rc = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: statvfs succeeded, so it filled `st`.
    let st = unsafe { st.assume_init() };
    // The fields are u64 on 64-bit Linux, narrower elsewhere.
    #[allow(clippy::unnecessary_cast)]
    let (block, blocks, available) = (st.f_frsize as u64, st.f_blocks as u64, st.f_bavail as u64);
    Ok((blocks * block, available * block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_is_described() {
        let dir = tempfile::tempdir().unwrap();
        let host = describe(dir.path());
        assert!(host.errors.is_empty(), "{:?}", host.errors);
        assert!(!host.hostname.is_empty());
        assert!(host.memory_total > 0 && host.memory_available <= host.memory_total);
        assert!(host.disk_total > 0 && host.disk_free <= host.disk_total);
        assert!(host.cpu_cores >= 1);
        assert_eq!(meminfo("MemTotal:  2048 kB\n", "MemTotal"), 2048 * 1024);
        assert_eq!(
            os_release("ID=debian\nVERSION_ID=\"12\"\n", "VERSION_ID"),
            "12"
        );
    }
}

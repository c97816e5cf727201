//! CPU time from `/proc`, to report how many cores the server, the load
//! generator itself and the whole machine burned during the measured window:
//! on a 2-core machine they compete, work per request is what separates the
//! systems, and whatever else ran (machine − server − client) says how much a
//! result was disturbed by neighbours.

use std::{fs, time::Instant};

/// Kernel clock ticks per second for `/proc` times. `USER_HZ` is 100 on every
/// mainstream Linux configuration, and reading it properly would need libc.
const TICKS_PER_SECOND: f64 = 100.0;

/// Busy CPU time (of a process, or of the whole machine) at one instant.
#[derive(Debug, Clone, Copy)]
pub struct CpuSample {
    at: Instant,
    ticks: u64,
}

impl CpuSample {
    /// Samples `/proc/<pid>/stat` (`pid` `None` is this process); `None` when
    /// the file is missing or unreadable (not Linux, process gone).
    pub fn process(pid: Option<u32>) -> Option<Self> {
        let path = match pid {
            Some(pid) => format!("/proc/{pid}/stat"),
            None => "/proc/self/stat".to_owned(),
        };
        let stat = fs::read_to_string(path).ok()?;
        Some(Self {
            at: Instant::now(),
            ticks: parse_ticks(&stat)?,
        })
    }

    /// Samples the whole machine's busy time from `/proc/stat`; `None` when
    /// unreadable.
    pub fn machine() -> Option<Self> {
        let stat = fs::read_to_string("/proc/stat").ok()?;
        Some(Self {
            at: Instant::now(),
            ticks: parse_machine_ticks(&stat)?,
        })
    }

    /// Cores used on average between `self` and the later sample `end`.
    pub fn cores_until(&self, end: &Self) -> Option<f64> {
        let secs = end.at.duration_since(self.at).as_secs_f64();
        if secs <= 0.0 {
            return None;
        }
        let ticks = end.ticks.checked_sub(self.ticks)?;
        Some(ticks as f64 / TICKS_PER_SECOND / secs)
    }
}

/// Cores in use during a measured window, each `None` when not measured.
#[derive(Debug, Clone, Copy, Default)]
pub struct WindowCpu {
    /// The server processes together.
    pub servers: Option<f64>,
    /// This load generator.
    pub client: Option<f64>,
    /// The whole machine's busy cores.
    pub machine: Option<f64>,
}

impl WindowCpu {
    /// Sleeps until `start`, samples, sleeps until `end` and samples again:
    /// the cores `server_pids` (summed; `None` if there are none or one has
    /// gone), this process and the machine used in between.
    pub async fn measure(server_pids: Vec<u32>, start: Instant, end: Instant) -> Self {
        let sample = || {
            let servers: Option<Vec<CpuSample>> = (!server_pids.is_empty())
                .then(|| {
                    server_pids
                        .iter()
                        .map(|&pid| CpuSample::process(Some(pid)))
                        .collect()
                })
                .flatten();
            (servers, CpuSample::process(None), CpuSample::machine())
        };
        tokio::time::sleep_until(start.into()).await;
        let begin = sample();
        tokio::time::sleep_until(end.into()).await;
        let finish = sample();
        let cores = |a: Option<CpuSample>, b: Option<CpuSample>| a?.cores_until(&b?);
        let servers = begin.0.zip(finish.0).and_then(|(a, b)| {
            a.iter()
                .zip(&b)
                .map(|(a, b)| a.cores_until(b))
                .sum::<Option<f64>>()
        });
        Self {
            servers,
            client: cores(begin.1, finish.1),
            machine: cores(begin.2, finish.2),
        }
    }
}

/// utime + stime from a `/proc/<pid>/stat` line. The command name (field 2)
/// may contain spaces and parentheses, so fields are counted after the last
/// `)`: state is field 3, utime field 14 and stime field 15.
fn parse_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// Busy ticks of all CPUs from the aggregate `cpu` line of `/proc/stat`:
/// user, nice, system, irq, softirq and steal (idle and iowait excluded;
/// guest time is already inside user).
fn parse_machine_ticks(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|line| line.starts_with("cpu "))?;
    let fields: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let field = |i: usize| fields.get(i).copied().unwrap_or(0);
    // user nice system idle iowait irq softirq steal
    Some(field(0) + field(1) + field(2) + field(5) + field(6) + field(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_utime_and_stime_after_a_tricky_comm() {
        let line = "1234 (a (b) c) S 1 1234 1234 0 -1 4194560 500 0 0 0 \
                    250 75 0 0 20 0 8 0 100 1000000 300";
        assert_eq!(parse_ticks(line), Some(325));
    }

    #[test]
    fn machine_busy_time_skips_idle_and_iowait() {
        let stat = "cpu  10 1 5 1000 50 2 3 4 0 0\ncpu0 5 0 2 500 25 1 1 2 0 0\n";
        assert_eq!(parse_machine_ticks(stat), Some(25));
    }

    #[test]
    fn samples_this_process_and_the_machine() {
        assert!(CpuSample::process(None).is_some());
        assert!(CpuSample::machine().is_some());
    }
}

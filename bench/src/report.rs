//! Turns the JSON lines of `roster-bench run` into the Markdown tables of
//! `bench/RESULTS.md`: a summary, the pass/fail targets, a note on which fsync
//! regime the c=1 writes were in, and one table per workload with the
//! roster/etcd ratios. When a workload ran several rounds, the round with the
//! median throughput stands for each target.

use std::fmt::Write as _;

use anyhow::{Context as _, Result};

use crate::{
    client::{ReadMode, Target},
    load::{LoadResult, Workload},
};

/// Put throughput at this concurrency must reach etcd's.
const THROUGHPUT_TARGET_CONCURRENCY: usize = 64;
/// Put p99 at concurrency 1 may be at most this multiple of etcd's.
const P99_TARGET_RATIO: f64 = 1.2;
/// A c=1 put p50 above this suggests the idle-CPU slow-fsync regime
/// (~4 ms per fsync instead of ~0.25 ms; see machine-baseline.md).
const SLOW_FSYNC_P50_MS: f64 = 2.0;

/// One workload shape, run against both targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Case {
    workload: Workload,
    mode: Option<ReadMode>,
    concurrency: usize,
    value_size: usize,
}

impl Case {
    fn of(result: &LoadResult) -> Self {
        Self {
            workload: result.workload,
            mode: result.mode,
            concurrency: result.concurrency,
            value_size: result.value_size,
        }
    }

    fn label(&self) -> String {
        match (self.workload, self.mode) {
            (Workload::Put, _) => format!("put c={}", self.concurrency),
            (Workload::Get, mode) => format!(
                "get {} c={}",
                mode.unwrap_or(ReadMode::Default).name(),
                self.concurrency
            ),
        }
    }
}

/// The runs of one case, per target.
struct Group {
    case: Case,
    roster: Vec<LoadResult>,
    etcd: Vec<LoadResult>,
}

impl Group {
    fn median(runs: &[LoadResult]) -> Option<&LoadResult> {
        let mut sorted: Vec<&LoadResult> = runs.iter().collect();
        sorted.sort_by(|a, b| a.throughput.total_cmp(&b.throughput));
        sorted.get(sorted.len().saturating_sub(1) / 2).copied()
    }

    fn roster(&self) -> Option<&LoadResult> {
        Self::median(&self.roster)
    }

    fn etcd(&self) -> Option<&LoadResult> {
        Self::median(&self.etcd)
    }
}

/// Parses JSON lines (blank lines are skipped) into results.
pub fn parse_lines(text: &str) -> Result<Vec<LoadResult>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).with_context(|| format!("line {}: not a result", n + 1))
        })
        .collect()
}

/// Renders the Markdown body of RESULTS.md for `results`.
pub fn render(results: &[LoadResult]) -> String {
    let mut groups: Vec<Group> = Vec::new();
    for result in results {
        let case = Case::of(result);
        let index = match groups.iter().position(|g| g.case == case) {
            Some(index) => index,
            None => {
                groups.push(Group {
                    case,
                    roster: Vec::new(),
                    etcd: Vec::new(),
                });
                groups.len() - 1
            }
        };
        match result.target {
            Target::Roster => groups[index].roster.push(result.clone()),
            Target::Etcd => groups[index].etcd.push(result.clone()),
        }
    }

    let mut out = String::new();
    render_summary(&mut out, &groups);
    render_targets(&mut out, &groups);
    render_fsync_note(&mut out, &groups);
    for group in &groups {
        render_case(&mut out, group);
    }
    out
}

fn render_summary(out: &mut String, groups: &[Group]) {
    out.push_str("## Summary\n\n");
    out.push_str(
        "| workload | roster ops/s | etcd ops/s | ops/s roster/etcd | roster p50 ms | etcd p50 ms \
         | roster p99 ms | etcd p99 ms | p99 roster/etcd | other cores (roster / etcd run) |\n",
    );
    out.push_str("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for group in groups {
        let (roster, etcd) = (group.roster(), group.etcd());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} |",
            group.case.label(),
            opt(roster.map(|r| rate(r.throughput))),
            opt(etcd.map(|r| rate(r.throughput))),
            ratio(roster.map(|r| r.throughput), etcd.map(|r| r.throughput)),
            opt(roster.map(|r| ms(r.p50_ms))),
            opt(etcd.map(|r| ms(r.p50_ms))),
            opt(roster.map(|r| ms(r.p99_ms))),
            opt(etcd.map(|r| ms(r.p99_ms))),
            ratio(roster.map(|r| r.p99_ms), etcd.map(|r| r.p99_ms)),
            opt(roster
                .and_then(LoadResult::other_cpu)
                .map(|c| format!("{c:.2}"))),
            opt(etcd
                .and_then(LoadResult::other_cpu)
                .map(|c| format!("{c:.2}"))),
        );
    }
    out.push('\n');
}

fn find_put(groups: &[Group], concurrency: usize) -> Option<&Group> {
    groups
        .iter()
        .find(|g| g.case.workload == Workload::Put && g.case.concurrency == concurrency)
}

fn render_targets(out: &mut String, groups: &[Group]) {
    out.push_str("## Targets\n\n");
    let both = |concurrency| {
        let group = find_put(groups, concurrency)?;
        Some((group.roster()?, group.etcd()?))
    };
    match both(THROUGHPUT_TARGET_CONCURRENCY) {
        Some((roster, etcd)) => {
            let _ = writeln!(
                out,
                "- put throughput c={THROUGHPUT_TARGET_CONCURRENCY} ≥ etcd: **{}** \
                 (roster {} ops/s, etcd {} ops/s, ratio {:.2})",
                verdict(roster.throughput >= etcd.throughput),
                rate(roster.throughput),
                rate(etcd.throughput),
                roster.throughput / etcd.throughput,
            );
        }
        None => {
            let _ = writeln!(
                out,
                "- put throughput c={THROUGHPUT_TARGET_CONCURRENCY} ≥ etcd: **not measured**"
            );
        }
    }
    match both(1) {
        Some((roster, etcd)) => {
            let _ = writeln!(
                out,
                "- put p99 c=1 ≤ {P99_TARGET_RATIO}× etcd: **{}** \
                 (roster {} ms, etcd {} ms, ratio {:.2})",
                verdict(roster.p99_ms <= P99_TARGET_RATIO * etcd.p99_ms),
                ms(roster.p99_ms),
                ms(etcd.p99_ms),
                roster.p99_ms / etcd.p99_ms,
            );
        }
        None => {
            let _ = writeln!(
                out,
                "- put p99 c=1 ≤ {P99_TARGET_RATIO}× etcd: **not measured**"
            );
        }
    }
    out.push('\n');
}

fn render_fsync_note(out: &mut String, groups: &[Group]) {
    let Some(group) = find_put(groups, 1) else {
        return;
    };
    out.push_str("## fsync regime at c=1\n\n");
    out.push_str(
        "A single synchronous writer on this machine sees ~0.25 ms per fsync while the CPU is \
         busy but ~4 ms when it is idle (the vCPU is woken late by the disk completion; see \
         `shared/research/machine-baseline.md`). A c=1 put p50 above 2 ms is read as the idle \
         case.\n\n",
    );
    for (name, run) in [("roster", group.roster()), ("etcd", group.etcd())] {
        if let Some(run) = run {
            let regime = if run.p50_ms > SLOW_FSYNC_P50_MS {
                "likely the idle-CPU slow-fsync case"
            } else {
                "the fast (loaded) fsync case"
            };
            let _ = writeln!(out, "- {name}: p50 {} ms → {regime}", ms(run.p50_ms));
        }
    }
    out.push('\n');
}

fn render_case(out: &mut String, group: &Group) {
    let case = group.case;
    let _ = writeln!(out, "### {} ({} B values)\n", case.label(), case.value_size);
    if case.workload == Workload::Get {
        let etcd_mode = match case.mode {
            Some(ReadMode::Stale) => "serializable",
            _ => "linearizable",
        };
        let _ = writeln!(out, "etcd reads are {etcd_mode}.\n");
    }
    out.push_str(
        "| | ops/s | p50 ms | p99 ms | max ms | errors | server cores | ops per server core-s \
         | client cores | other cores | rounds |\n",
    );
    out.push_str("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    let (roster, etcd) = (group.roster(), group.etcd());
    for (name, run, rounds) in [
        ("roster", roster, group.roster.len()),
        ("etcd", etcd, group.etcd.len()),
    ] {
        match run {
            Some(run) => {
                let _ = writeln!(
                    out,
                    "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {rounds} |",
                    rate(run.throughput),
                    ms(run.p50_ms),
                    ms(run.p99_ms),
                    ms(run.max_ms),
                    run.errors,
                    opt(run.server_cpu.map(|c| format!("{c:.2}"))),
                    opt(per_core(run).map(rate)),
                    opt(run.client_cpu.map(|c| format!("{c:.2}"))),
                    opt(run.other_cpu().map(|c| format!("{c:.2}"))),
                );
            }
            None => {
                let _ = writeln!(out, "| {name} | – | – | – | – | – | – | – | – | – | 0 |");
            }
        }
    }
    let pick = |f: fn(&LoadResult) -> Option<f64>| ratio(roster.and_then(f), etcd.and_then(f));
    let _ = writeln!(
        out,
        "| roster/etcd | {} | {} | {} | {} | | {} | {} | {} | | |\n",
        pick(|r| Some(r.throughput)),
        pick(|r| Some(r.p50_ms)),
        pick(|r| Some(r.p99_ms)),
        pick(|r| Some(r.max_ms)),
        pick(|r| r.server_cpu),
        pick(per_core),
        pick(|r| r.client_cpu),
    );
}

fn per_core(run: &LoadResult) -> Option<f64> {
    run.server_cpu
        .filter(|&cores| cores > 0.0)
        .map(|cores| run.throughput / cores)
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "FAIL" }
}

fn opt(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_owned())
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "–".to_owned(),
    }
}

/// Whole operations per second with thousands separators.
fn rate(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Milliseconds with three significant-ish decimals for small values.
fn ms(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.3}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(target: Target, concurrency: usize, throughput: f64, p99_ms: f64) -> LoadResult {
        LoadResult {
            target,
            workload: Workload::Put,
            mode: None,
            concurrency,
            connections: 1,
            value_size: 256,
            ops: throughput as u64,
            errors: 0,
            secs: 1.0,
            throughput,
            p50_ms: p99_ms / 2.0,
            p99_ms,
            max_ms: p99_ms * 2.0,
            server_cpu: Some(1.0),
            client_cpu: Some(0.5),
            machine_cpu: Some(1.75),
        }
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(rate(0.4), "0");
        assert_eq!(rate(999.0), "999");
        assert_eq!(rate(1000.0), "1,000");
        assert_eq!(rate(1234567.0), "1,234,567");
    }

    #[test]
    fn targets_pass_and_fail() {
        let results = [
            run(Target::Roster, 64, 12_000.0, 10.0),
            run(Target::Etcd, 64, 11_000.0, 12.0),
            run(Target::Roster, 1, 1_000.0, 3.0),
            run(Target::Etcd, 1, 1_500.0, 2.0),
        ];
        let text = render(&results);
        assert!(
            text.contains("put throughput c=64 ≥ etcd: **PASS**"),
            "{text}"
        );
        assert!(text.contains("put p99 c=1 ≤ 1.2× etcd: **FAIL**"), "{text}");
        assert!(text.contains("### put c=64 (256 B values)"), "{text}");
    }

    #[test]
    fn median_round_stands_for_a_target() {
        let results = [
            run(Target::Etcd, 16, 100.0, 1.0),
            run(Target::Etcd, 16, 300.0, 1.0),
            run(Target::Etcd, 16, 200.0, 1.0),
        ];
        let text = render(&results);
        assert!(text.contains("| put c=16 | – | 200 |"), "{text}");
        assert!(text.contains("| – / 0.25 |"), "{text}");
    }

    #[test]
    fn parses_what_run_prints() {
        let line = serde_json::to_string(&run(Target::Roster, 1, 10.0, 1.0)).unwrap();
        let parsed = parse_lines(&format!("{line}\n\n{line}\n")).unwrap();
        assert_eq!(parsed.len(), 2);
        assert!(parse_lines("not json").is_err());
    }
}

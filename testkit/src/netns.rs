//! A small network lab for partition tests: one network namespace per node,
//! all bridged in a private "hub" namespace, plus a veth from the test's own
//! namespace so the test can reach every node's HTTP port. Partitions are
//! nftables `bridge` rules in the hub namespace, so they cut exactly the
//! node-to-node links asked for while the test keeps observing everyone.
//!
//! Everything lives in namespaces the lab creates (the bridge and its rules
//! never touch the host's firewall, where Docker's FORWARD policy would
//! interfere) and is deleted on drop. Needs root, `ip` (iproute2) and `nft`.

use std::{
    process::{Command, Stdio},
    sync::atomic::{AtomicU32, Ordering},
};

use anyhow::{Context as _, bail};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Why this machine cannot run the lab, if it cannot.
pub fn unavailable() -> Option<String> {
    for tool in ["ip", "nft"] {
        let found = Command::new(tool)
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if !found {
            return Some(format!("`{tool}` is not installed"));
        }
    }
    // Creating one is the test: it needs root, and root without
    // CAP_SYS_ADMIN/NET_ADMIN (some containers) cannot either.
    let probe = format!("rlprobe{}", std::process::id());
    if let Err(e) = run(&["ip", "netns", "add", &probe]) {
        return Some(format!("cannot create a network namespace here: {e}"));
    }
    let _ = run(&["ip", "netns", "del", &probe]);
    None
}

/// Whether a test that needs the lab can run here. Where it cannot, a test
/// run in CI (`CI=true`) fails: a safety test that silently did not run
/// proves nothing. Elsewhere the test says loudly that it skipped, and
/// returns.
pub fn available_or_skip(test: &str) -> bool {
    let Some(reason) = unavailable() else {
        return true;
    };
    skip_or_fail(test, &reason);
    false
}

/// Fails when `CI=true`; otherwise prints a loud skip notice.
pub fn skip_or_fail(test: &str, reason: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{test} cannot run here, and CI=true: {reason}");
    }
    eprintln!("\n!!! SKIPPED {test}: {reason}\n!!! (in CI, with CI=true, this fails)\n");
}

fn run(args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new(args[0])
        .args(&args[1..])
        .output()
        .with_context(|| format!("run {}", args.join(" ")))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

fn run_stdin(args: &[&str], input: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut child = Command::new(args[0])
        .args(&args[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .context("stdin")?
        .write_all(input.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The lab: `nodes` namespaces on one bridge.
pub struct Lab {
    prefix: String,
    subnet: u8,
    nodes: usize,
    root_link: String,
}

impl Lab {
    /// Builds a lab of `nodes` namespaces (at most 200).
    pub fn new(nodes: usize) -> anyhow::Result<Lab> {
        assert!(nodes <= 200);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let pid = std::process::id();
        let prefix = format!("rl{}x{n}", pid % 100_000);
        // A /24 in 10.201.0.0/16 chosen from the pid, to keep parallel test
        // processes apart.
        let subnet = ((pid.wrapping_mul(31).wrapping_add(n * 7)) % 250 + 1) as u8;
        let lab = Lab {
            root_link: format!("{prefix}r"),
            prefix,
            subnet,
            nodes,
        };
        lab.build().inspect_err(|_| lab.teardown())?;
        Ok(lab)
    }

    fn hub(&self) -> String {
        format!("{}-hub", self.prefix)
    }

    /// The namespace of node `i` (0-based).
    pub fn netns(&self, i: usize) -> String {
        format!("{}-n{i}", self.prefix)
    }

    /// The address of node `i`.
    pub fn ip(&self, i: usize) -> String {
        format!("10.201.{}.{}", self.subnet, 10 + i)
    }

    fn port_name(i: usize) -> String {
        format!("n{i}h")
    }

    fn build(&self) -> anyhow::Result<()> {
        let hub = self.hub();
        run(&["ip", "netns", "add", &hub])?;
        run(&["ip", "-n", &hub, "link", "add", "br0", "type", "bridge"])?;
        run(&["ip", "-n", &hub, "link", "set", "br0", "up"])?;
        run(&["ip", "-n", &hub, "link", "set", "lo", "up"])?;
        // The test's own way in.
        run(&[
            "ip",
            "link",
            "add",
            &self.root_link,
            "type",
            "veth",
            "peer",
            "name",
            "rh",
            "netns",
            &hub,
        ])?;
        let root_ip = format!("10.201.{}.1/24", self.subnet);
        run(&["ip", "addr", "add", &root_ip, "dev", &self.root_link])?;
        run(&["ip", "link", "set", &self.root_link, "up"])?;
        run(&["ip", "-n", &hub, "link", "set", "rh", "master", "br0", "up"])?;
        for i in 0..self.nodes {
            let ns = self.netns(i);
            let port = Lab::port_name(i);
            run(&["ip", "netns", "add", &ns])?;
            run(&["ip", "-n", &ns, "link", "set", "lo", "up"])?;
            run(&[
                "ip", "-n", &ns, "link", "add", "eth0", "type", "veth", "peer", "name", &port,
                "netns", &hub,
            ])?;
            let addr = format!("{}/24", self.ip(i));
            run(&["ip", "-n", &ns, "addr", "add", &addr, "dev", "eth0"])?;
            run(&["ip", "-n", &ns, "link", "set", "eth0", "up"])?;
            run(&[
                "ip", "-n", &hub, "link", "set", &port, "master", "br0", "up",
            ])?;
        }
        Ok(())
    }

    /// Cuts every link between group `a` and group `b` (node indexes), both
    /// ways; the test's own access to every node stays.
    pub fn partition(&self, a: &[usize], b: &[usize]) -> anyhow::Result<()> {
        let set = |g: &[usize]| {
            g.iter()
                .map(|i| format!("\"{}\"", Lab::port_name(*i)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (a, b) = (set(a), set(b));
        let rules = format!(
            "table bridge roster_partition {{\n  chain forward {{\n    type filter hook forward priority 0; policy accept;\n    iifname {{ {a} }} oifname {{ {b} }} drop\n    iifname {{ {b} }} oifname {{ {a} }} drop\n  }}\n}}\n"
        );
        run_stdin(
            &["ip", "netns", "exec", &self.hub(), "nft", "-f", "-"],
            &rules,
        )
    }

    /// Drops what the hosts in `from` send to the hosts in `to`, not the
    /// other way (a one-way partition: a bad NIC queue, an asymmetric
    /// firewall rule). Replaces any partition in place.
    pub fn partition_one_way(&self, from: &[usize], to: &[usize]) -> anyhow::Result<()> {
        let set = |g: &[usize]| {
            g.iter()
                .map(|i| format!("\"{}\"", Lab::port_name(*i)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let rules = format!(
            "table bridge roster_partition {{\n  chain forward {{\n    type filter hook forward priority 0; policy accept;\n    iifname {{ {} }} oifname {{ {} }} drop\n  }}\n}}\n",
            set(from),
            set(to)
        );
        run_stdin(
            &["ip", "netns", "exec", &self.hub(), "nft", "-f", "-"],
            &rules,
        )
    }

    /// Removes every partition.
    pub fn heal(&self) -> anyhow::Result<()> {
        run(&[
            "ip",
            "netns",
            "exec",
            &self.hub(),
            "nft",
            "delete",
            "table",
            "bridge",
            "roster_partition",
        ])
    }

    fn teardown(&self) {
        let quiet = |args: &[&str]| {
            let _ = Command::new(args[0])
                .args(&args[1..])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        };
        quiet(&["ip", "link", "del", &self.root_link]);
        for i in 0..self.nodes {
            quiet(&["ip", "netns", "del", &self.netns(i)]);
        }
        quiet(&["ip", "netns", "del", &self.hub()]);
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.teardown();
    }
}

#!/usr/bin/env python3
"""Gossip benchmark: N Roster agents on 127.0.0.1 (one server, N-1 clients).

Measures, and writes as the "Gossip" section of bench/RESULTS.md:
  - convergence: time from the joins (all clients join the one seed at once)
    until every agent sees all N members alive (median and max over agents);
  - failure detection: kill -9 of a client until the seed (and sampled agents)
    mark it failed, several rounds; the same for a hung agent (SIGSTOP); both
    polled over HTTP and, exactly, from the first `member failed` line in
    any survivor's log;
  - idle gossip bandwidth per agent per second (nftables byte counters on the
    agents' gossip ports, loopback, 30 s);
  - idle RSS of the client agents.

There is no peer to run side by side here (Consul cannot be fetched on this
machine), so the numbers are absolute; the issue's targets are stated next to
them.

Usage: bench/gossip.py [--agents 50] [--rounds 3] [--bin target/release/roster]
Needs root for the nftables counters (skipped with a note otherwise).
"""

import argparse
import concurrent.futures as cf
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import REPO, commit, free_port, loadavg, log, seconds, wait, write_section  # noqa: E402



class Agent:
    def __init__(self, binary, name, root, server):
        self.name = name
        self.server = server
        self.ports = {k: free_port() for k in ("http", "grpc", "server", "lan", "wan")}
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        args = [binary, "agent", f"-data-dir={self.dir}/data", f"-node={name}",
                "-bind=127.0.0.1", "-client=127.0.0.1",
                f"-http-port={self.ports['http']}", f"-grpc-port={self.ports['grpc']}",
                f"-server-port={self.ports['server']}", f"-serf-lan-port={self.ports['lan']}",
                f"-serf-wan-port={self.ports['wan']}", "-dns-port=-1", "-log-level=info"]
        if server:
            args += ["-server", "-bootstrap-expect=1"]
        self.log = open(os.path.join(self.dir, "agent.log"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)

    def url(self, path):
        return f"http://127.0.0.1:{self.ports['http']}{path}"

    def get(self, path, timeout=5):
        with urllib.request.urlopen(self.url(path), timeout=timeout) as r:
            return json.loads(r.read() or b"null")

    def put(self, path, timeout=30):
        req = urllib.request.Request(self.url(path), method="PUT")
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status

    def members(self):
        try:
            return {m["Name"]: m["Status"] for m in self.get("/v1/agent/members")}
        except Exception:
            return {}

    def status_kb(self, field, path="status"):
        with open(f"/proc/{self.proc.pid}/{path}") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def rss_kb(self):
        return self.status_kb("VmRSS")

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGCONT)
            except OSError:
                pass
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def detect(observers, victim, status, timeout=60):
    """Seconds from now until each observer sees `victim` with `status`,
    sorted; observers that never did within `timeout` are left out (and
    logged)."""
    t0 = time.monotonic()
    seen = {}
    deadline = t0 + timeout
    while len(seen) < len(observers) and time.monotonic() < deadline:
        for o in observers:
            if o.name not in seen and o.members().get(victim) == status:
                seen[o.name] = time.monotonic() - t0
        time.sleep(0.05)
    slow = {k: round(v, 2) for k, v in seen.items() if v > 15}
    missing = [o.name for o in observers if o.name not in seen]
    if slow or missing:
        log(f"{victim}: late observers {slow}, never {missing}")
    return sorted(seen.values())


LOG_TIME = re.compile(r"^(\S+Z) ")


def logged_failure(agents, victim, since):
    """Seconds from the wall-clock time `since` to the earliest `member
    failed` line about `victim` in the logs of `agents` (None if none): the
    moment the first agent declared it failed, without polling's delay or
    the gossip hop to a sampled observer."""
    times = []
    for a in agents:
        with open(os.path.join(a.dir, "agent.log"), errors="replace") as f:
            for line in f:
                m = LOG_TIME.match(line)
                if m and "member failed" in line and f"member={victim} " in line:
                    t = datetime.datetime.fromisoformat(m.group(1)).timestamp()
                    if t >= since:
                        times.append(t)
    return min(times) - since if times else None


def nft(*args):
    return subprocess.run(["nft", *args], capture_output=True, text=True)


def bandwidth(agents, seconds):
    if os.geteuid() != 0 or shutil.which("nft") is None:
        return None, "skipped: needs root and nft"
    ports = ", ".join(str(a.ports["lan"]) for a in agents)
    table = "roster_gossip_bench"
    nft("delete", "table", "inet", table)
    script = f"""
table inet {table} {{
  chain out {{
    type filter hook output priority 0; policy accept;
    udp dport {{ {ports} }} counter
    tcp dport {{ {ports} }} counter
    tcp sport {{ {ports} }} counter
  }}
}}
"""
    r = subprocess.run(["nft", "-f", "-"], input=script, capture_output=True, text=True)
    if r.returncode != 0:
        return None, f"skipped: nft failed: {r.stderr.strip()}"
    try:
        time.sleep(seconds)
        out = nft("list", "table", "inet", table).stdout
    finally:
        nft("delete", "table", "inet", table)
    counters = [int(b) for b in re.findall(r"counter packets \d+ bytes (\d+)", out)]
    total = sum(counters)
    return total / len(agents) / seconds, f"nftables counters on the {len(agents)} gossip ports, {seconds} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agents", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "roster"))
    ap.add_argument("--idle", type=int, default=30, help="seconds of idle bandwidth measurement")
    args = ap.parse_args()
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"no roster binary at {args.bin}: cargo build --release -p roster-server")
    n = args.agents
    load_before = loadavg()
    root = tempfile.mkdtemp(prefix="roster-gossip-bench-")
    agents = []
    try:
        seed = Agent(args.bin, "seed", root, server=True)
        agents.append(seed)
        for i in range(1, n):
            agents.append(Agent(args.bin, f"a{i:02d}", root, server=False))
        log(f"started {n} agents; waiting until they serve")
        for a in agents:
            try:
                wait(lambda a=a: a.proc.poll() is None and bool(a.members()), 60, f"{a.name} serving", 0.1)
            except RuntimeError:
                log(f"{a.name} did not start; its log ends with:\n" + open(os.path.join(a.dir, "agent.log")).read()[-2000:])
                raise
        # Convergence: every client joins the seed at the same moment.
        seed_addr = f"127.0.0.1:{seed.ports['lan']}"
        t0 = time.monotonic()
        with cf.ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda a: a.put(f"/v1/agent/join/{seed_addr}"), agents[1:]))
        joined = time.monotonic() - t0
        done = {}
        deadline = t0 + 120
        while len(done) < n and time.monotonic() < deadline:
            for a in agents:
                if a.name in done:
                    continue
                m = a.members()
                if len(m) == n and all(s == 1 for s in m.values()):
                    done[a.name] = time.monotonic() - t0
            time.sleep(0.05)
        if len(done) < n:
            raise RuntimeError(f"only {len(done)}/{n} agents converged in 120 s")
        conv = sorted(done.values())
        log(f"converged: median {statistics.median(conv):.2f} s, max {conv[-1]:.2f} s")

        # Idle: let the pool settle, then bandwidth and RSS.
        time.sleep(5)
        bw, bw_note = bandwidth(agents, args.idle)
        rss = sorted(a.rss_kb() for a in agents[1:])
        anon = sorted(a.status_kb("RssAnon") for a in agents[1:])
        pss = sorted(a.status_kb("Pss", "smaps_rollup") for a in agents[1:])
        seed_rss = seed.rss_kb()

        # Failure detection.
        victims = agents[-(2 * args.rounds):]
        spare = [a for a in agents[1:] if a not in victims]
        observers = [seed] + spare[:5]
        if len(observers) < 2:
            raise RuntimeError("too few agents for the rounds asked: need observers besides the victims")
        kill_times, hung_times = [], []
        kill_logged, hung_logged = [], []
        for r in range(args.rounds):
            v = victims[2 * r]
            obs = [o for o in observers if o is not v]
            survivors = [a for a in agents if a.proc.poll() is None and a is not v]
            sent = time.time()
            v.proc.kill()
            v.proc.wait()
            t = detect(obs, v.name, 4)
            logged = logged_failure(survivors, v.name, sent)
            log(f"kill -9 {v.name}: first {t[0] if t else None}, all {t}, first logged {logged}")
            kill_times.append(t)
            kill_logged.append(logged)
            h = victims[2 * r + 1]
            survivors = [a for a in survivors if a is not h]
            sent = time.time()
            os.kill(h.proc.pid, signal.SIGSTOP)
            t = detect(obs, h.name, 4)
            logged = logged_failure(survivors, h.name, sent)
            log(f"SIGSTOP {h.name}: first {t[0] if t else None}, all {t}, first logged {logged}")
            hung_times.append(t)
            hung_logged.append(logged)
            os.kill(h.proc.pid, signal.SIGCONT)
        load_after = loadavg()
    finally:
        for a in agents:
            a.stop()
        panicked = [a.name for a in agents
                    if "panicked at" in open(os.path.join(a.dir, "agent.log"), errors="replace").read()]
        if panicked:
            log(f"agents that panicked: {panicked}")
        if os.environ.get("KEEP_LOGS"):
            log(f"agent logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    def first(ts):
        return [t[0] for t in ts if t]

    kf, hf = first(kill_times), first(hung_times)

    def logged_row(what, times, others):
        got = [t for t in times if t is not None]
        if not got:
            return f"| {what} → first agent logs `member failed` | not logged | |"
        return (f"| {what} → first of the {others} other agents to log `member failed` (their log "
                f"timestamps, no polling) | {seconds(got)} s (median {statistics.median(got):.2f} s) | |")
    binary_kind = "release build" if "/release/" in args.bin else f"binary {args.bin}"
    lines = [
        "## Gossip — %d agents on one machine" % n,
        "",
        f"Generated by `bench/gossip.py --agents {n} --rounds {args.rounds}` ({binary_kind}) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit()}; load average before "
        f"{load_before}, after {load_after}; nothing else running but the agents and the "
        "script. One server (the seed) and %d client agents, all on 127.0.0.1 with Consul's LAN timing "
        "(probe 1 s / 500 ms, suspicion multiplier 4). No peer runs side by side: Consul cannot be fetched "
        "here, so these are absolute numbers." % (n - 1),
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| convergence after {n - 1} agents join one seed at once (every agent sees {n} alive) | median {statistics.median(conv):.2f} s, max {conv[-1]:.2f} s (join calls took {joined:.2f} s) | |",
        f"| kill -9 → first `failed` (seed or one of {len(observers) - 1} other observers), {len(kf)} rounds | {seconds(kf)} s (median {statistics.median(kf):.2f} s) | median ≤ 5 s |" if kf else "| kill -9 | not detected | |",
        f"| kill -9 → all {len(observers)} observers see `failed` | {seconds([t[-1] for t in kill_times if t])} s | |",
        logged_row("kill -9", kill_logged, len(agents) - 1),
        f"| hung (SIGSTOP) → first `failed`, {len(hf)} rounds | {seconds(hf)} s (median {statistics.median(hf):.2f} s) | ≤ 6 s |" if hf else "| hung | not detected | |",
        logged_row("hung (SIGSTOP)", hung_logged, len(agents) - 1),
        f"| idle gossip traffic per agent | {bw:.0f} B/s ({bw_note}) | |" if bw is not None else f"| idle gossip traffic per agent | {bw_note} | |",
        f"| agents whose log shows a panic | {len(panicked)} of {n} |  0 |",
        f"| idle client agent RSS | median {statistics.median(rss) / 1024:.1f} MB, max {rss[-1] / 1024:.1f} MB (server: {seed_rss / 1024:.1f} MB) | < 20 MB |",
        f"| of which anonymous (heap, stacks; the rest is the binary's code and shared libraries, mapped from the page cache and shared by every agent) | median {statistics.median(anon) / 1024:.1f} MB | |",
        f"| idle client agent PSS (shared pages divided among the {n} processes) | median {statistics.median(pss) / 1024:.1f} MB | |",
        "",
    ]
    write_section(f"gossip-{n}", "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Service discovery at scale (issue 13), written as sections of
bench/RESULTS.md:

  - "discovery-http": blocked HTTP long-pollers on one service of one
    agent (`roster-bench watch`), at several counts; one check flip wakes
    them all. Reported against the floor of writing N answers on one core
    (N x 7 us, measured on these machines), with the agent's resident
    memory per idle watcher. A fresh agent per count.
  - "discovery-streams": gRPC WatchServiceHealth streams multiplexed over
    HTTP/2 connections to one agent (`roster-bench streams`), at several
    counts; one flip reaches them all; memory per idle stream.
  - "discovery-register": one server and 5 client agents; 1,000 services x
    10 instances registered through the client agents' HTTP API
    (/v1/agent/service/register, 16 concurrent callers per agent): calls
    per second, and the time until the catalog on the server holds every
    instance (anti-entropy pushing the registrations). Then the CPU the
    six agents use while idle with that catalog (anti-entropy's full syncs
    included: one a minute per agent at this cluster size).

No peer runs beside these: etcd has no service catalog, health checks or
HTTP long-poll of a query; the HTTP numbers are compared with the write
floor instead, the memory with the issue's budget.

Usage: bench/discovery.py [--http 1000,5000,19000] [--streams 1000,10000,100000]
       [--rounds 3] [--connections 100] [--skip http,streams,register] [--idle 180]
       [--bin target/release/roster] [--bench-bin target/release/roster-bench]
"""

import argparse
import concurrent.futures as cf
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import REPO, commit, free_port, loadavg, log, wait, write_section  # noqa: E402

# Writing one ~600-byte answer to an idle loopback connection costs about
# 7 us of CPU on these machines (issue 13): the floor for waking N watchers.
WRITE_FLOOR_US = 7.0


class Agent:
    def __init__(self, binary, name, root, server, join=None):
        self.name = name
        self.ports = {k: free_port() for k in ("http", "grpc", "server", "lan", "wan")}
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.args = [binary, "agent", f"-data-dir={self.dir}/data", f"-node={name}",
                     "-bind=127.0.0.1", "-client=127.0.0.1",
                     f"-http-port={self.ports['http']}", f"-grpc-port={self.ports['grpc']}",
                     f"-server-port={self.ports['server']}", f"-serf-lan-port={self.ports['lan']}",
                     f"-serf-wan-port={self.ports['wan']}", "-dns-port=-1", "-log-level=warn"]
        if server:
            self.args += ["-server", "-bootstrap-expect=1"]
        if join:
            self.args += [f"-retry-join={join}"]
        self.log = open(os.path.join(self.dir, "agent.log"), "w")
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=self.log,
                                     stdin=subprocess.DEVNULL)

    def url(self, path):
        return f"http://127.0.0.1:{self.ports['http']}{path}"

    def call(self, method, path, body=None, timeout=30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url(path), data=data, method=method)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return json.loads(raw) if raw else None

    def leader(self):
        try:
            return bool(self.call("GET", "/v1/status/leader", timeout=2))
        except Exception:
            return False

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def server(binary, root, name="bench"):
    a = Agent(binary, name, root, server=True)
    wait(a.leader, 60, f"{name} to elect itself", 0.1)
    return a


def run_json(cmd):
    log(" ".join(cmd))
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_round(rounds, key):
    """The round with the median `key` (the middle one, or the upper of two),
    with every round's `key` listed."""
    ordered = sorted(rounds, key=lambda r: r[key])
    row = dict(ordered[len(ordered) // 2])
    row["all_" + key] = ", ".join(f"{r[key]:.0f}" for r in rounds)
    return row


def rounds_on_fresh_agents(args, root, name, command):
    """`args.rounds` runs of the roster-bench `command(agent)`, each against a
    fresh agent; the median round by p99."""
    rounds = []
    for k in range(args.rounds):
        agent = server(args.bin, root, f"{name}-{k}")
        try:
            load = loadavg()
            r = run_json([args.bench_bin] + command(agent))
            r["load"] = load
            rounds.append(r)
        finally:
            agent.stop()
    return median_round(rounds, "p99_ms")


def http_section(args, root):
    rows = [
        rounds_on_fresh_agents(args, root, f"http{n}", lambda a, n=n: [
            "watch", f"--http=127.0.0.1:{a.ports['http']}", f"--watchers={n}",
            f"--sources={args.sources}", f"--agent-pid={a.proc.pid}"])
        for n in args.http
    ]
    lines = [
        "## Service discovery: blocked HTTP watchers (issue 13)",
        "",
        f"Generated by `bench/discovery.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"commit {commit()}; release build; one server agent per row, started fresh.",
        "",
        "Command: `bench/discovery.py " + " ".join(sys.argv[1:]) + "`; per row: "
        f"`roster-bench watch --http <agent> --watchers <N> --sources {args.sources} --agent-pid <pid>`",
        "",
        f"N keep-alive connections from 127.0.0.2..{1 + args.sources} each block on "
        "`GET /v1/health/service/bench-watched?index=<i>&wait=5m`; one check flip "
        "(`PUT /v1/catalog/register`) wakes them. Latency is from the flip's "
        "acknowledgement to each answer; the floor is N x 7 us (one core writing N "
        "answers); memory is the agent's RSS growth while they are all blocked, per watcher.",
        "",
        f"Each row is the median of {args.rounds} rounds by p99 (a fresh agent each); the p99 of "
        "every round is listed.",
        "",
        "| watchers | woken | p50 ms | p99 ms | max ms | floor ms | p99 / floor | p99 of each round | agent RSS before → blocked (MiB) | bytes per watcher | load avg before |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|",
    ]
    for r in rows:
        floor = r["watchers"] * WRITE_FLOOR_US / 1000
        lines.append(
            f"| {r['watchers']} | {r['woken']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} "
            f"| {floor:.1f} | {r['p99_ms'] / floor:.2f} | {r['all_p99_ms']} | {r['rss_before_kib'] / 1024:.1f} → "
            f"{r['rss_blocked_kib'] / 1024:.1f} | {r['bytes_per_watcher']:.0f} | {r['load']} |")
    lines += ["", f"Load average after: {loadavg()}. Nothing else ran on the machine; the "
              "client (one process, tokio on both cores) shares the two cores with the agent."]
    write_section("discovery-http", "\n".join(lines))


def streams_section(args, root):
    rows = [
        rounds_on_fresh_agents(args, root, f"grpc{n}", lambda a, n=n: [
            "streams", f"--grpc=127.0.0.1:{a.ports['grpc']}", f"--http=127.0.0.1:{a.ports['http']}",
            f"--streams={n}", f"--connections={args.connections}", f"--agent-pid={a.proc.pid}"])
        for n in args.streams
    ]
    lines = [
        "## Service discovery: gRPC health watch streams (issue 13)",
        "",
        f"Generated by `bench/discovery.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"commit {commit()}; release build; one server agent per row, started fresh.",
        "",
        "Command: `bench/discovery.py " + " ".join(sys.argv[1:]) + "`; per row: "
        f"`roster-bench streams --grpc <agent> --http <agent> --streams <N> --connections {args.connections} --agent-pid <pid>`",
        "",
        "N `roster.health.v1.HealthService/WatchServiceHealth` streams on one service over "
        "the given HTTP/2 connections (the client sets a 16 MiB connection window); once "
        "each has its first message, one check flip; latency from the flip's "
        "acknowledgement to each stream's next message; memory is the agent's RSS "
        "growth with every stream open and idle, per stream.",
        "",
        f"Each row is the median of {args.rounds} rounds by p99 (a fresh agent each); the p99 of "
        "every round is listed.",
        "",
        "| streams | connections | woken | open (s) | p50 ms | p99 ms | max ms | p99 of each round | agent RSS before → open (MiB) | bytes per stream | load avg before |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['streams']} | {r['connections']} | {r['woken']} | {r['open_s']:.1f} | {r['p50_ms']:.1f} "
            f"| {r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['all_p99_ms']} | {r['rss_before_kib'] / 1024:.1f} → "
            f"{r['rss_open_kib'] / 1024:.1f} | {r['bytes_per_stream']:.0f} | {r['load']} |")
    lines += ["", f"Load average after: {loadavg()}. Nothing else ran on the machine; the "
              "client shares the two cores with the agent."]
    write_section("discovery-streams", "\n".join(lines))


def register_section(args, root):
    srv = server(args.bin, root, "srv")
    clients = []
    try:
        join = f"127.0.0.1:{srv.ports['lan']}"
        clients = [Agent(args.bin, f"c{i}", root, server=False, join=join) for i in range(5)]
        for c in clients:
            wait(lambda c=c: c.leader(), 60, f"{c.name} to reach the server", 0.1)
        wait(lambda: len(srv.call("GET", "/v1/catalog/nodes")) == 6, 60, "six nodes in the catalog", 0.2)
        # 1,000 services x 10 instances: each client agent holds two
        # instances of every service.
        work = []
        for s in range(1000):
            for k in range(10):
                agent = clients[k % 5]
                work.append((agent, {
                    "ID": f"svc{s}-{k}", "Name": f"svc{s}", "Port": 20000 + k,
                    "Tags": ["bench", f"i{k}"], "Meta": {"k": str(k)},
                    "Check": {"TTL": "10m", "Status": "passing"},
                }))
        load = loadavg()
        t0 = time.monotonic()

        def register(item):
            agent, body = item
            agent.call("PUT", "/v1/agent/service/register", body)

        with cf.ThreadPoolExecutor(max_workers=16 * len(clients)) as pool:
            list(pool.map(register, work))
        calls = time.monotonic() - t0

        def all_in_catalog():
            services = srv.call("GET", "/v1/catalog/services")
            if sum(1 for name in services if name.startswith("svc")) < 1000:
                return False
            total = 0
            for name in (f"svc{s}" for s in range(0, 1000, 100)):
                total += len(srv.call("GET", f"/v1/health/service/{name}?passing"))
            return total == 100

        wait(all_in_catalog, 600, "every instance in the catalog", 0.1)
        in_catalog = time.monotonic() - t0
        # Every instance, counted once at the end.
        count = sum(len(srv.call("GET", f"/v1/catalog/service/svc{s}")) for s in range(1000))
        log(f"{count} instances in the catalog")

        # Idle: anti-entropy full syncs (every 60 s x scale per agent) and
        # gossip, nothing else.
        time.sleep(5)
        agents = [srv] + clients
        before = [a.cpu_seconds() for a in agents]
        idle_load = loadavg()
        time.sleep(args.idle)
        used = [a.cpu_seconds() - b for a, b in zip(agents, before)]
        rss = [a.proc.pid and int(open(f"/proc/{a.proc.pid}/status").read().split("VmRSS:")[1].split()[0]) for a in agents]
    finally:
        for c in clients:
            c.stop()
        srv.stop()
    lines = [
        "## Service discovery: 1,000 services x 10 instances through 5 client agents (issue 13)",
        "",
        f"Generated by `bench/discovery.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"commit {commit()}; release build; one server and five client agents on 127.0.0.1.",
        "",
        "Command: `bench/discovery.py " + " ".join(sys.argv[1:]) + "`",
        "",
        "Each client agent registers two instances of every service (each with a TTL "
        "check, passing) through `PUT /v1/agent/service/register`, 16 callers per agent "
        "at once (Python urllib, one connection per call); anti-entropy pushes them to "
        "the server.",
        "",
        "| instances | calls (s) | calls / s | until all in the server's catalog (s) | instances / s | load avg before |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {count} | {calls:.1f} | {len(work) / calls:.0f} | {in_catalog:.1f} | {count / in_catalog:.0f} | {load} |",
        "",
        f"Idle afterwards, {args.idle} s (about {args.idle // 60} anti-entropy full syncs per agent, one a "
        "minute at this size; load average "
        f"before {idle_load}, after {loadavg()}):",
        "",
        "| agent | CPU (% of one core) | RSS (MiB) |",
        "|---|---:|---:|",
    ]
    for a, u, r in zip(agents, used, rss):
        lines.append(f"| {a.name}{' (server)' if a is srv else ''} | {100 * u / args.idle:.2f} | {r / 1024:.1f} |")
    write_section("discovery-register", "\n".join(lines))


def main():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--http", default="1000,5000,19000")
    ap.add_argument("--streams", default="1000,10000,100000")
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--sources", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--idle", type=int, default=180)
    ap.add_argument("--skip", default="")
    ap.add_argument("--bin", default=os.path.join(target, "release", "roster"))
    ap.add_argument("--bench-bin", default=os.path.join(target, "release", "roster-bench"))
    args = ap.parse_args()
    args.http = [int(x) for x in args.http.split(",") if x]
    args.streams = [int(x) for x in args.streams.split(",") if x]
    skip = set(args.skip.split(","))
    for b in (args.bin, args.bench_bin):
        if not os.access(b, os.X_OK):
            sys.exit(f"no binary at {b}: cargo build --release --locked -p roster-server -p roster-bench")
    # The agents and the client inherit this limit: 19,000 watchers need
    # as many open files on both sides.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    log(f"open files limit {hard}")
    root = tempfile.mkdtemp(prefix="roster-discovery-bench-")
    try:
        if "http" not in skip:
            http_section(args, root)
        if "streams" not in skip:
            streams_section(args, root)
        if "register" not in skip:
            register_section(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

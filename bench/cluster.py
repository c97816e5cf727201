#!/usr/bin/env python3
"""Three-server Roster against a three-member etcd, side by side, same load.

Both clusters run on 127.0.0.1 with their data on the same disk, at the
same time (idle while the other is measured). Measures, and writes as the
"cluster" section of bench/RESULTS.md, as ratios to etcd:
  - durable put throughput at concurrency 1, 16, 64, 256 (roster-bench,
    gRPC, against each cluster's leader);
  - reads at concurrency 64: Roster default, consistent and stale against
    etcd linearizable and serializable;
  - leader failover: kill -9 of the leader until the first successful write
    through a survivor (polled every 20 ms), several rounds, median and max;
  - graceful stop of the leader (SIGTERM, as in a rolling restart): the
    longest gap between successful writes through the survivors, from the
    signal until writes have flowed for 0.5 s after the old leader exited
    (section "cluster-handover");
  - restart with 1,000,000 keys: a follower killed and started again, time
    until it answers a local read (Roster `?stale`, etcd serializable).

Usage: bench/cluster.py [--rounds 5] [--duration 10] [--keys 1000000]
       [--bin target/release/roster] [--bench-bin target/release/roster-bench]
       [--skip throughput,failover,handover,restart]
Needs Debian's etcd-server (installed if missing, as root).
"""

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (REPO, commit, data_root, ensure_etcd, free_port, loadavg, log,  # noqa: E402
                      seconds, wait, write_section)


def http(method, url, body=None, timeout=1.0):
    req = urllib.request.Request(url, data=body, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


class Proc:
    def __init__(self, name, args, logfile):
        self.name, self.args, self.logfile = name, args, logfile
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(self.args, stdout=open(self.logfile, "ab"),
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill9()

    @property
    def pid(self):
        return self.proc.pid if self.proc else None


class RosterServer(Proc):
    def __init__(self, binary, name, root, join_port):
        self.ports = {k: free_port() for k in ("http", "grpc", "server", "lan", "wan")}
        self.data_dir = d = os.path.join(root, name)
        os.makedirs(d)
        args = [binary, "agent", "-server", "-bootstrap-expect=3", f"-data-dir={d}",
                f"-node={name}", "-bind=127.0.0.1", "-client=127.0.0.1",
                f"-http-port={self.ports['http']}", f"-grpc-port={self.ports['grpc']}",
                f"-server-port={self.ports['server']}", f"-serf-lan-port={self.ports['lan']}",
                f"-serf-wan-port={self.ports['wan']}", "-dns-port=-1", "-log-level=warn",
                f"-retry-join=127.0.0.1:{join_port or self.ports['lan']}", "-retry-interval=1s"]
        super().__init__(name, args, os.path.join(root, f"{name}.log"))
        self.raft_addr = f"127.0.0.1:{self.ports['server']}"
        self.grpc = f"127.0.0.1:{self.ports['grpc']}"

    def url(self, path):
        return f"http://127.0.0.1:{self.ports['http']}{path}"

    def leader_addr(self):
        try:
            return json.loads(http("GET", self.url("/v1/status/leader"))[1])
        except Exception:
            return ""

    def write(self, key, value, timeout=1.0):
        try:
            status, body = http("PUT", self.url(f"/v1/kv/{key}"), value.encode(), timeout)
            return status == 200 and body.strip() == b"true"
        except Exception:
            return False

    def local_read(self, key, timeout=1.0):
        try:
            return http("GET", self.url(f"/v1/kv/{key}?stale"), None, timeout)[0] == 200
        except Exception:
            return False


class EtcdMember(Proc):
    def __init__(self, binary, name, root, cluster):
        self.client_port, self.peer_port = cluster[name]
        self.data_dir = d = os.path.join(root, name)
        initial = ",".join(f"{n}=http://127.0.0.1:{p}" for n, (_, p) in cluster.items())
        args = [binary, "--name", name, "--data-dir", d,
                "--listen-client-urls", f"http://127.0.0.1:{self.client_port}",
                "--advertise-client-urls", f"http://127.0.0.1:{self.client_port}",
                "--listen-peer-urls", f"http://127.0.0.1:{self.peer_port}",
                "--initial-advertise-peer-urls", f"http://127.0.0.1:{self.peer_port}",
                "--initial-cluster", initial, "--initial-cluster-state", "new",
                "--initial-cluster-token", "bench", "--log-level", "warn"]
        super().__init__(name, args, os.path.join(root, f"{name}.log"))
        self.grpc = f"127.0.0.1:{self.client_port}"

    def url(self, path):
        return f"http://127.0.0.1:{self.client_port}{path}"

    def status(self):
        try:
            return json.loads(http("POST", self.url("/v3/maintenance/status"), b"{}")[1])
        except Exception:
            return None

    def write(self, key, value, timeout=1.0):
        body = json.dumps({"key": base64.b64encode(key.encode()).decode(),
                           "value": base64.b64encode(value.encode()).decode()}).encode()
        try:
            return http("POST", self.url("/v3/kv/put"), body, timeout)[0] == 200
        except Exception:
            return False

    def local_read(self, key, timeout=1.0):
        body = json.dumps({"key": base64.b64encode(key.encode()).decode(),
                           "serializable": True}).encode()
        try:
            return http("POST", self.url("/v3/kv/range"), body, timeout)[0] == 200
        except Exception:
            return False


def make_clusters(roster_bin, etcd_bin, root):
    """Three Roster servers and three etcd members (not started yet), each
    with its own ports and data directory under `root`."""
    roster = []
    for i in range(3):
        roster.append(RosterServer(roster_bin, f"r{i + 1}", root,
                                   roster[0].ports["lan"] if roster else None))
    etcd_cluster = {f"e{i + 1}": (free_port(), free_port()) for i in range(3)}
    etcd = [EtcdMember(etcd_bin, n, root, etcd_cluster) for n in etcd_cluster]
    return roster, etcd


def roster_leader(servers):
    for s in servers:
        if s.proc and s.proc.poll() is None:
            addr = s.leader_addr()
            for t in servers:
                if addr and t.raft_addr == addr:
                    return t
    return None


def etcd_leader(members):
    statuses = [(m, m.status()) for m in members if m.proc and m.proc.poll() is None]
    leader_id = next((st["leader"] for _, st in statuses if st and st.get("leader")), None)
    for m, st in statuses:
        if leader_id and st and st.get("header", {}).get("member_id") == leader_id:
            return m
    return None


def healthy(system, nodes):
    if system == "roster":
        leader = roster_leader(nodes)
        return leader is not None and all(
            n.leader_addr() == leader.raft_addr for n in nodes) and leader.write("bench-health", "1")
    leader = etcd_leader(nodes)
    return leader is not None and all(n.status() for n in nodes) and leader.write("bench-health", "1")


def start_clusters(roster, etcd, etcd_bin):
    """Starts both clusters, waits until each has a leader taking writes,
    and returns etcd's version line."""
    for p in roster + etcd:
        p.start()
    wait(lambda: healthy("roster", roster), 60, "roster cluster")
    wait(lambda: healthy("etcd", etcd), 60, "etcd cluster")
    return subprocess.run([etcd_bin, "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]


def leader_of(system, nodes):
    return roster_leader(nodes) if system == "roster" else etcd_leader(nodes)


def bench_run(bench_bin, target, endpoint, pid, workload, concurrency, duration, mode=None,
              keyspace=1000):
    args = [bench_bin, "run", "--target", target, "--endpoint", endpoint, "--workload", workload,
            "--concurrency", str(concurrency), "--duration", str(duration), "--warmup", "2",
            "--keyspace", str(keyspace), "--server-pid", str(pid)]
    if mode:
        args += ["--mode", mode]
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 900)
    if out.returncode != 0:
        raise RuntimeError(f"roster-bench failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def leader_rounds(system, nodes, rounds, stop_leader):
    """Runs `rounds` rounds of `stop_leader(round, leader, survivors)` on a
    healthy cluster, starting the old leader again after each; returns
    what each round measured."""
    results = []
    for r in range(rounds):
        wait(lambda: healthy(system, nodes), 60, f"{system} healthy")
        leader = leader_of(system, nodes)
        survivors = [n for n in nodes if n is not leader]
        results.append(stop_leader(r, leader, survivors))
        leader.proc.wait()
        leader.start()
    wait(lambda: healthy(system, nodes), 60, f"{system} healthy")
    return results


def failover(system, nodes, rounds):
    """kill -9 of the leader; returns, per round, the time until the first
    successful write through a survivor (polled every 20 ms)."""
    def one(r, leader, survivors):
        t0 = time.monotonic()
        leader.kill9()
        i = 0
        while True:
            i += 1
            if survivors[i % 2].write(f"failover/{r}/{i}", "x", timeout=0.5):
                break
            if time.monotonic() - t0 > 60:
                raise RuntimeError(f"{system}: no write within 60 s of killing the leader")
            time.sleep(0.02)
        took = time.monotonic() - t0
        log(f"{system} failover round {r + 1}: {took:.3f} s")
        return took
    return leader_rounds(system, nodes, rounds, one)


def handover(system, nodes, rounds):
    """SIGTERM of the leader; returns, per round, the longest gap between
    successful writes through the survivors (writes every 20 ms)."""
    def one(r, leader, survivors):
        last_ok = time.monotonic()
        worst, exited_at, i = 0.0, None, 0
        leader.proc.terminate()
        t0 = time.monotonic()
        while True:
            i += 1
            ok = survivors[i % 2].write(f"handover/{r}/{i}", "x", timeout=2.0)
            now = time.monotonic()
            if ok:
                worst = max(worst, now - last_ok)
                last_ok = now
            if exited_at is None and leader.proc.poll() is not None:
                exited_at = now
            if exited_at is not None and ok and now - exited_at > 0.5:
                break
            if now - t0 > 60:
                raise RuntimeError(f"{system}: writes did not flow within 60 s of stopping the leader")
            time.sleep(0.02)
        log(f"{system} graceful stop of the leader, round {r + 1}: longest write gap {worst:.3f} s")
        return worst
    return leader_rounds(system, nodes, rounds, one)


def restart_time(system, nodes, bench_bin, keys):
    leader = leader_of(system, nodes)
    log(f"{system}: loading {keys} keys")
    t0 = time.monotonic()
    # A get run writes its whole keyspace first.
    bench_run(bench_bin, system, leader.grpc, leader.pid, "get", 256, 1, "stale", keyspace=keys)
    log(f"{system}: loaded in {time.monotonic() - t0:.0f} s")
    follower = next(n for n in nodes if n is not leader)
    wait(lambda: follower.local_read(f"bench/{keys - 1}"), 120, "the follower to have every key")
    follower.kill9()
    t0 = time.monotonic()
    follower.start()
    wait(lambda: follower.local_read(f"bench/{keys - 1}", timeout=0.5), 120,
         f"{system} follower to answer after a restart", interval=0.01)
    took = time.monotonic() - t0
    log(f"{system}: restart with {keys} keys served a read after {took:.3f} s")
    du = subprocess.run(["du", "-sh", follower.data_dir],
                        capture_output=True, text=True).stdout.split()[0]
    return took, du


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--keys", type=int, default=1_000_000)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "roster"))
    ap.add_argument("--bench-bin", default=os.path.join(REPO, "target", "release", "roster-bench"))
    ap.add_argument("--etcd", default="etcd")
    ap.add_argument("--skip", default="",
                    help="comma list of: throughput,failover,handover,restart")
    a = ap.parse_args()
    skip = set(filter(None, a.skip.split(",")))
    ensure_etcd(a.etcd)
    for b in (a.bin, a.bench_bin):
        if not os.access(b, os.X_OK):
            sys.exit(f"{b} missing: cargo build --release -p roster-server -p roster-bench")

    root = data_root("roster-cluster-bench.")
    load_before = loadavg()
    roster, etcd = make_clusters(a.bin, a.etcd, root)
    everything = roster + etcd
    try:
        etcd_version = start_clusters(roster, etcd, a.etcd)
        rows = []

        def pair(label, workload, conc, roster_mode=None, etcd_mode=None):
            res = {}
            for system, nodes, mode in (("roster", roster, roster_mode), ("etcd", etcd, etcd_mode)):
                leader = leader_of(system, nodes)
                r = bench_run(a.bench_bin, system, leader.grpc, leader.pid, workload, conc,
                              a.duration, mode)
                res[system] = r
                log(f"{label} {system}: {r['throughput']:.0f} ops/s, {r['errors']} errors")
            rr, er = res["roster"]["throughput"], res["etcd"]["throughput"]
            rows.append(f"| {label} | {rr:,.0f} | {er:,.0f} | **{rr / er:.2f}×** | "
                        f"{res['roster']['p99_ms']:.2f} / {res['etcd']['p99_ms']:.2f} |")

        if "throughput" not in skip:
            for c in (1, 16, 64, 256):
                pair(f"put, concurrency {c}", "put", c)
            pair("get 64: Roster default vs etcd linearizable", "get", 64, "default", "default")
            pair("get 64: Roster consistent vs etcd linearizable", "get", 64, "consistent",
                 "consistent")
            pair("get 64: Roster stale vs etcd serializable", "get", 64, "stale", "stale")
            pair("get 64: Roster default vs etcd serializable", "get", 64, "default", "stale")
        fo = {}
        if "failover" not in skip:
            for system, nodes in (("roster", roster), ("etcd", etcd)):
                fo[system] = failover(system, nodes, a.rounds)
        ho = {}
        if "handover" not in skip:
            for system, nodes in (("roster", roster), ("etcd", etcd)):
                ho[system] = handover(system, nodes, a.rounds)
        rs = {}
        if "restart" not in skip:
            for system, nodes in (("roster", roster), ("etcd", etcd)):
                rs[system] = restart_time(system, nodes, a.bench_bin, a.keys)
        load_after = loadavg()
    finally:
        for p in everything:
            p.stop()
        shutil.rmtree(root, ignore_errors=True)

    argv = " ".join(sys.argv[1:])
    header = (f"Generated by `bench/cluster.py{(' ' + argv) if argv else ''}` on "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit()}; load average "
            f"before {load_before}, after {load_after}; nothing else running but the two "
            f"clusters and the load generator. Roster: 3 servers (`-bootstrap-expect=3`, release "
            f"build); etcd: {etcd_version}, 3 members; both on 127.0.0.1, data on the same disk.")
    load = (f" Load sent to each cluster's leader over gRPC by `roster-bench` ({a.duration:g} s "
            f"measured after 2 s warm-up, 256-byte values, 1000 keys).")
    if ho:
        write_section("cluster-handover", "\n".join([
            "## Three servers: graceful stop of the leader",
            "",
            header,
            "",
            "The leader gets SIGTERM (a rolling restart: servers do not leave the pool on it); writes "
            "go through the two survivors every 20 ms until they have flowed for 0.5 s after the old "
            "leader exited. Both hand leadership over before stopping.",
            "",
            "| longest gap between successful writes | Roster | etcd |",
            "|---|---|---|",
            f"| rounds (s) | {seconds(ho['roster'])} | {seconds(ho['etcd'])} |",
            f"| median | {statistics.median(ho['roster']):.2f} s | "
            f"{statistics.median(ho['etcd']):.2f} s |",
            f"| max | {max(ho['roster']):.2f} s | {max(ho['etcd']):.2f} s |",
        ]))
    if not (rows or fo or rs):
        return
    text = ["## Three servers: Roster against etcd", "", header + load, ""]
    if rows:
        text += ["| load | Roster ops/s | etcd ops/s | Roster / etcd | p99 ms (Roster / etcd) |",
                 "|---|---|---|---|---|"] + rows + [""]
    if fo:
        text += ["| leader failover (kill -9 → first write through a survivor) | Roster | etcd |",
                 "|---|---|---|",
                 f"| rounds (s) | {seconds(fo['roster'])} | {seconds(fo['etcd'])} |",
                 f"| median | {statistics.median(fo['roster']):.2f} s | "
                 f"{statistics.median(fo['etcd']):.2f} s |",
                 f"| max | {max(fo['roster']):.2f} s | {max(fo['etcd']):.2f} s |", ""]
    if rs:
        text += [f"| restart of a follower holding {a.keys:,} keys → first local read | Roster | etcd |",
                 "|---|---|---|",
                 f"| time | {rs['roster'][0]:.2f} s | {rs['etcd'][0]:.2f} s |",
                 f"| data dir | {rs['roster'][1]} | {rs['etcd'][1]} |", ""]
    write_section("cluster", "\n".join(text))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Coordination on three servers: Roster's sessions, locks and transactions
against etcd's leases, v3 lock service and transactions, side by side in one
run (issue 14).

Starts a 3-server Roster cluster and a 3-member etcd cluster on 127.0.0.1
(both up for the whole run, one idle while the other is measured), and runs
every workload below against each cluster's leader with `roster-bench coord`
(the same tonic client for both), alternating which system goes first:
  - lock hand-off at 1, 10 and 100 contenders (release start → the next
    holder's acquire returning), p50/p99/max and hand-offs/s;
  - session create (Roster Create vs etcd LeaseGrant) at concurrency 16, 64;
  - session renew (Roster Renew vs one LeaseKeepAlive round trip) at 16, 64;
  - transactions of 8 and of 64 puts (256-byte values) at concurrency 16.
Writes the "coordination" section of bench/RESULTS.md and keeps the raw JSON
lines in bench/out/.

Usage: bench/coord.py [--duration 10] [--warmup 2] [--hold-ms 1]
       [--only lock,session-create,session-renew,txn]
       [--bin target/release/roster] [--bench-bin target/release/roster-bench]
Needs Debian's etcd-server (installed if missing, as root).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (REPO, commit, data_root, ensure_etcd, loadavg, log, wait,  # noqa: E402
                      write_section)
from cluster import healthy, leader_of, make_clusters, start_clusters  # noqa: E402

# (label, workload, concurrency, puts per transaction)
RUNS = [
    ("lock, 1 contender", "lock", 1, None),
    ("lock, 10 contenders", "lock", 10, None),
    ("lock, 100 contenders", "lock", 100, None),
    ("session create, concurrency 16", "session-create", 16, None),
    ("session create, concurrency 64", "session-create", 64, None),
    ("session renew, concurrency 16", "session-renew", 16, None),
    ("session renew, concurrency 64", "session-renew", 64, None),
    ("txn of 8 puts, concurrency 16", "txn", 16, 8),
    ("txn of 64 puts, concurrency 16", "txn", 16, 64),
]


def busiest_processes(n=8):
    """The `n` processes that used the most CPU since they started, as
    "name pid %cpu" strings (what else was running)."""
    out = subprocess.run(["ps", "-eo", "comm,pid,pcpu", "--sort=-pcpu", "--no-headers"],
                         capture_output=True, text=True).stdout.splitlines()
    return [" ".join(line.split()) for line in out[:n]]


def coord_run(a, system, nodes, workload, concurrency, txn_ops):
    """One `roster-bench coord` run against the cluster's leader; returns
    its JSON result with the command and which member led."""
    wait(lambda: healthy(system, nodes), 60, f"{system} healthy")
    leader = leader_of(system, nodes)
    args = [a.bench_bin, "coord", "--target", system, "--endpoint", leader.grpc,
            "--workload", workload, "--concurrency", str(concurrency),
            "--duration", str(a.duration), "--warmup", str(a.warmup),
            "--hold-ms", str(a.hold_ms), "--ttl", str(a.ttl),
            "--server-pids", ",".join(str(n.pid) for n in nodes)]
    if system == "roster":
        args += ["--node", leader.name]
    if txn_ops:
        args += ["--txn-ops", str(txn_ops)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=a.duration + 900)
    if out.returncode != 0:
        raise RuntimeError(f"roster-bench coord failed: {out.stderr[-2000:]}")
    if out.stderr.strip():
        log(f"{system} {workload}: {out.stderr.strip()[-500:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["leader"] = leader.name
    result["command"] = " ".join(os.path.relpath(x, REPO) if x == a.bench_bin else x
                                 for x in args)
    return result


def ratio(x, y):
    return f"{x / y:.2f}" if y else "n/a"


def ms(x):
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def other_cores(r):
    if None in (r.get("machine_cpu"), r.get("server_cpu"), r.get("client_cpu")):
        return None
    return max(0.0, r["machine_cpu"] - r["server_cpu"] - r["client_cpu"])


# Cores other processes may use during a window before the run is flagged
# as disturbed in RESULTS.md.
DISTURBED_CORES = 0.25


def cores(r):
    other = other_cores(r)
    if other is None:
        return "n/a"
    flag = " ⚠" if other > DISTURBED_CORES else ""
    return f"{r['server_cpu']:.2f} / {r['client_cpu']:.2f} / {other:.2f}{flag}"


def lock_rows(results):
    rows = ["| contenders | Roster p50 ms | etcd p50 ms | p50 Roster / etcd | Roster p99 ms "
            "| etcd p99 ms | p99 Roster / etcd | Roster max ms | etcd max ms "
            "| Roster hand-offs/s | etcd hand-offs/s | hand-offs/s Roster / etcd "
            "| acquire calls per hand-off (Roster / etcd) | errors (Roster / etcd) |",
            "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for label, res in results:
        r, e = res["roster"], res["etcd"]
        rows.append(
            f"| {r['concurrency']} | {ms(r['p50_ms'])} | {ms(e['p50_ms'])} | "
            f"**{ratio(r['p50_ms'], e['p50_ms'])}** | {ms(r['p99_ms'])} | {ms(e['p99_ms'])} | "
            f"**{ratio(r['p99_ms'], e['p99_ms'])}** | {ms(r['max_ms'])} | {ms(e['max_ms'])} | "
            f"{r['throughput']:,.0f} | {e['throughput']:,.0f} | "
            f"**{ratio(r['throughput'], e['throughput'])}** | "
            f"{r['acquire_calls_per_handoff'] or 0:.2f} / {e['acquire_calls_per_handoff'] or 0:.2f} | "
            f"{r['errors']} / {e['errors']} |")
    return rows


def throughput_rows(results):
    rows = ["| load | Roster req/s | etcd req/s | req/s Roster / etcd | Roster ops/s | etcd ops/s "
            "| Roster p50 / p99 ms | etcd p50 / p99 ms | p99 Roster / etcd "
            "| errors (Roster / etcd) |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for label, res in results:
        r, e = res["roster"], res["etcd"]
        rows.append(
            f"| {label} | {r['throughput']:,.0f} | {e['throughput']:,.0f} | "
            f"**{ratio(r['throughput'], e['throughput'])}** | {r['op_throughput']:,.0f} | "
            f"{e['op_throughput']:,.0f} | {ms(r['p50_ms'])} / {ms(r['p99_ms'])} | "
            f"{ms(e['p50_ms'])} / {ms(e['p99_ms'])} | **{ratio(r['p99_ms'], e['p99_ms'])}** | "
            f"{r['errors']} / {e['errors']} |")
    return rows


def cpu_rows(results):
    rows = ["| run | Roster: cluster / client / other cores | etcd: cluster / client / other cores "
            "| cluster cores per 1000 req/s (Roster / etcd) |",
            "|---|--:|--:|--:|"]
    for label, res in results:
        r, e = res["roster"], res["etcd"]
        per = [f"{x['server_cpu'] / x['throughput'] * 1000:.3f}"
               if x.get("server_cpu") is not None and x["throughput"] else "n/a" for x in (r, e)]
        rows.append(f"| {label} | {cores(r)} | {cores(e)} | {per[0]} / {per[1]} |")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--hold-ms", type=float, default=1.0)
    ap.add_argument("--ttl", type=int, default=60)
    ap.add_argument("--only", default="",
                    help="comma list of: lock,session-create,session-renew,txn")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "roster"))
    ap.add_argument("--bench-bin", default=os.path.join(REPO, "target", "release", "roster-bench"))
    ap.add_argument("--etcd", default="etcd")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    runs = [r for r in RUNS if not only or r[1] in only]
    ensure_etcd(a.etcd)
    for b in (a.bin, a.bench_bin):
        if not os.access(b, os.X_OK):
            sys.exit(f"{b} missing: cargo build --release -p roster-server -p roster-bench")

    out_dir = os.path.join(REPO, "bench", "out")
    os.makedirs(out_dir, exist_ok=True)
    raw_path = os.path.join(out_dir, f"coord-{time.strftime('%Y%m%d-%H%M%S')}.jsonl")
    root = data_root("roster-coord-bench.")
    load_before = loadavg()
    ps_before = busiest_processes()
    roster, etcd = make_clusters(a.bin, a.etcd, root)
    everything = roster + etcd
    results = []
    try:
        etcd_version = start_clusters(roster, etcd, a.etcd)
        roster_version = subprocess.run([a.bin, "version"], capture_output=True,
                                        text=True).stdout.splitlines()[0]
        with open(raw_path, "w") as raw:
            for i, (label, workload, concurrency, txn_ops) in enumerate(runs):
                order = [("roster", roster), ("etcd", etcd)]
                if i % 2:
                    order.reverse()
                res = {}
                for system, nodes in order:
                    r = coord_run(a, system, nodes, workload, concurrency, txn_ops)
                    res[system] = r
                    raw.write(json.dumps(r) + "\n")
                    raw.flush()
                    log(f"{label} {system}: {r['throughput']:,.0f}/s, p50 {r['p50_ms']:.2f} ms, "
                        f"p99 {r['p99_ms']:.2f} ms, {r['errors']} errors")
                results.append((label, workload, res, [s for s, _ in order]))
        load_after = loadavg()
        ps_after = busiest_processes()
    finally:
        for p in everything:
            p.stop()
        shutil.rmtree(root, ignore_errors=True)

    argv = " ".join(sys.argv[1:])
    lock = [(lbl, res) for lbl, w, res, _ in results if w == "lock"]
    other = [(lbl, res) for lbl, w, res, _ in results if w != "lock"]
    example = results[0][2]["roster"]["command"] if results else ""
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.path.getmtime(a.bin)))
    text = [
        "## Three servers: coordination (locks, sessions, transactions) against etcd",
        "",
        f"Generated by `bench/coord.py{(' ' + argv) if argv else ''}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit()} (plus the "
        f"working tree's uncommitted changes, if any); raw JSON lines in "
        f"`{os.path.relpath(raw_path, REPO)}`. Load average before {load_before}, after "
        f"{load_after}. Roster: {roster_version} (binary built {built}), 3 servers (`-bootstrap-expect=3`, release "
        f"build); etcd: {etcd_version}, 3 members, default settings; both clusters on "
        f"127.0.0.1 with their data on the same disk, both up for the whole run (one idle "
        f"while the other is measured), 2 CPUs shared with the load generator. Every run "
        f"goes to the cluster's leader, {a.warmup:g} s warm-up then {a.duration:g} s "
        f"measured; which system goes first alternates from one load to the next.",
        "",
        "Busiest processes (since they started) before the run: "
        + "; ".join(f"`{p}`" for p in ps_before) + ". After: "
        + "; ".join(f"`{p}`" for p in ps_after) + ".",
        "",
        "Each run is one `roster-bench coord` invocation (the same tonic client for both), "
        f"e.g. `{example}`.",
        "",
    ]
    if lock:
        text += [
            "### Lock hand-off",
            "",
            f"N contenders on one lock name, each with its own session (Roster: TTL {a.ttl} s, "
            f"no checks, default 15 s lock-delay, which only applies when a session is "
            f"invalidated) or lease (etcd: TTL {a.ttl} s), loop: acquire, hold "
            f"{a.hold_ms:g} ms, release. Roster follows Consul's leader-election recipe "
            "(`api/lock.go`): a blocking read of the key until no session holds it, then a "
            "`Put` with `acquire_session`, and on failure a fresh read (every waiter tries "
            "when the lock is released, so a hand-off among N contenders costs about N "
            "acquire writes); etcd uses its v3 lock service (`v3lockpb.Lock/Lock`, the "
            "server side of `concurrency.Mutex`: a queue by create revision in which each "
            "waiter watches only its predecessor) and `Unlock`. A hand-off is timed from the "
            "holder starting its release call to the next holder's acquire returning "
            "success, on one monotonic clock in the load generator. With 10 and 100 "
            "contenders, one that has released does not contend again until another has "
            "taken the lock, so every hand-off is to a waiting contender; with 1 the "
            "hand-off is a release and an acquire back to back by the same contender. "
            "Ratios are Roster / etcd: below 1 is Roster faster (latency), above 1 Roster "
            "more hand-offs per second.",
            "",
        ] + lock_rows(lock) + [""]
    if other:
        text += [
            "### Sessions and transactions",
            "",
            f"Closed loops, one request in flight per worker, one HTTP/2 connection per 16 "
            f"workers. Session create: Roster `SessionService.Create` (TTL {a.ttl} s, "
            f"`node_checks_set` with no checks, the leader's node) against etcd "
            f"`Lease.LeaseGrant` (TTL {a.ttl} s); all of them are destroyed / revoked after "
            f"the window. Session renew: one session or lease per worker, renewed over and "
            f"over: Roster `SessionService.Renew` (a unary call; the leader restarts the "
            f"session's timer, no Raft write) against one `LeaseKeepAlive` request and reply "
            f"on the worker's own stream (etcd's leader renews the lease in memory). "
            f"Transactions: Roster `TxnService.Txn` of N `set` operations against etcd "
            f"`KV.Txn` with N puts in `success` and no compares; fresh random 256-byte "
            f"values, each worker its own N keys. req/s counts requests (transactions), "
            f"ops/s the puts in them. Ratios are Roster / etcd.",
            "",
        ] + throughput_rows(other) + [""]
    text += [
        "### CPU during the measured windows",
        "",
        "Cores used by the measured cluster's three processes together, by the load "
        "generator, and by everything else (the idle cluster included), from `/proc`; "
        f"⚠ marks a window in which everything else used more than {DISTURBED_CORES} cores.",
        "",
    ] + cpu_rows([(lbl, res) for lbl, _, res, _ in results])
    write_section("coordination", "\n".join(text))


if __name__ == "__main__":
    main()

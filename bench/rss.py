#!/usr/bin/env python3
"""Memory of one large read: a server's RSS before, during and after a read
of every key under a prefix, Roster beside etcd on the same data, one after
the other on this machine.

Each server gets the same keys (`--keys` of `--value-bytes` each) through its
HTTP API, settles, and then answers one read of the whole prefix: Roster
`GET /v1/kv/<prefix>?recurse` (JSON, what Consul clients use), etcd both
`etcdctl get --prefix` (gRPC) and its JSON gateway `POST /v3/kv/range`. The
peak is the kernel's high-water mark (VmHWM, reset through
/proc/<pid>/clear_refs just before the read); "after" is VmRSS 5 s after
the read ended.

    python3 bench/rss.py [--bin target/release/roster] [--keys 10000]
                         [--value-bytes 10000] [--compare OLD_BIN --compare-label X]
                         [--write]

`--compare` measures a second Roster binary (another commit) in the same run.

`--write` replaces the `rss` section of bench/RESULTS.md.
"""

import argparse
import base64
import concurrent.futures
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

from benchlib import REPO, commit, free_port, loadavg, log, wait, write_section

PREFIX = "big/"


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def http(method, url, body=None, timeout=60):
    req = urllib.request.Request(url, data=body, method=method)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        total = 0
        while True:
            chunk = r.read(1 << 16)
            if not chunk:
                return r.status, total
            total += len(chunk)


def load(put, keys, workers=32):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for _ in pool.map(put, range(keys)):
            pass


def measure(name, pid, read):
    """Runs `read` (returns bytes received) and reports the server's memory."""
    time.sleep(3)
    before = status_kib(pid, "VmRSS")
    reset_peak(pid)
    t0 = time.monotonic()
    received = read()
    took = time.monotonic() - t0
    peak = status_kib(pid, "VmHWM")
    time.sleep(5)
    after = status_kib(pid, "VmRSS")
    row = dict(name=name, before=before, peak=peak, after=after, took=took, received=received)
    log(f"{name}: RSS {before / 1024:.0f} MiB before, peak {peak / 1024:.0f} MiB, "
        f"{after / 1024:.0f} MiB after; {received / 1e6:.0f} MB in {took:.1f} s")
    return row


def value_of(i, size):
    v = (f"{i:08d}-" * (size // 9 + 1))[:size]
    return v.encode()


def run_roster(binary, keys, size, label=""):
    d = tempfile.mkdtemp(prefix="rss-roster-")
    http_port, grpc_port, server_port, lan, wan = (free_port() for _ in range(5))
    proc = subprocess.Popen(
        [binary, "agent", "-server", "-bootstrap-expect=1", f"-data-dir={d}/data", "-node=rss",
         "-bind=127.0.0.1", "-client=127.0.0.1", f"-http-port={http_port}",
         f"-grpc-port={grpc_port}", f"-server-port={server_port}", f"-serf-lan-port={lan}",
         f"-serf-wan-port={wan}", "-dns-port=-1", "-log-level=warn"],
        stdout=open(f"{d}/log", "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        def ready():
            try:
                return http("PUT", f"{base}/v1/kv/ready", b"1", timeout=2)[0] == 200
            except OSError:
                return False
        wait(ready, 60, "roster to take writes", interval=0.2)
        load(lambda i: http("PUT", f"{base}/v1/kv/{PREFIX}{i:08d}", value_of(i, size)), keys)
        rows = [measure(f"Roster{label}, HTTP ?recurse", proc.pid,
                        lambda: http("GET", f"{base}/v1/kv/{PREFIX}?recurse", timeout=600)[1])]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(d, ignore_errors=True)
    return rows


def run_etcd(keys, size):
    d = tempfile.mkdtemp(prefix="rss-etcd-")
    client, peer = free_port(), free_port()
    url = f"http://127.0.0.1:{client}"
    proc = subprocess.Popen(
        ["etcd", "--data-dir", f"{d}/data", "--listen-client-urls", url,
         "--advertise-client-urls", url, "--listen-peer-urls", f"http://127.0.0.1:{peer}",
         "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
         "--initial-cluster", f"default=http://127.0.0.1:{peer}", "--log-level", "warn"],
        stdout=open(f"{d}/log", "w"), stderr=subprocess.STDOUT)
    b64 = lambda b: base64.b64encode(b).decode()
    try:
        def put(i):
            body = json.dumps({"key": b64(f"{PREFIX}{i:08d}".encode()),
                               "value": b64(value_of(i, size))}).encode()
            return http("POST", f"{url}/v3/kv/put", body)
        def ready():
            try:
                return http("POST", f"{url}/v3/kv/put",
                            json.dumps({"key": b64(b"ready"), "value": b64(b"1")}).encode(),
                            timeout=2)[0] == 200
            except OSError:
                return False
        wait(ready, 60, "etcd to take writes", interval=0.2)
        load(put, keys)
        end = PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1)

        def etcdctl():
            out = subprocess.run(["etcdctl", f"--endpoints={url}", "get", "--prefix", PREFIX],
                                 env={**os.environ, "ETCDCTL_API": "3"},
                                 capture_output=True, check=True).stdout
            return len(out)

        def gateway():
            body = json.dumps({"key": b64(PREFIX.encode()), "range_end": b64(end.encode())})
            return http("POST", f"{url}/v3/kv/range", body.encode(), timeout=600)[1]
        rows = [measure("etcd, etcdctl get --prefix (gRPC)", proc.pid, etcdctl),
                measure("etcd, JSON gateway /v3/kv/range", proc.pid, gateway)]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(d, ignore_errors=True)
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_bin = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")),
                               "release", "roster")
    p.add_argument("--bin", default=default_bin)
    p.add_argument("--keys", type=int, default=10000)
    p.add_argument("--value-bytes", type=int, default=10000)
    p.add_argument("--bin-label", help="how to name --bin in the report (a repo-relative path)")
    p.add_argument("--compare", help="another Roster binary to measure in the same run")
    p.add_argument("--compare-label", default="baseline")
    p.add_argument("--write", action="store_true")
    a = p.parse_args()
    if shutil.which("etcd") is None or shutil.which("etcdctl") is None:
        raise SystemExit("etcd and etcdctl are needed: apt-get install etcd-server etcd-client")
    load_before = loadavg()
    rows = run_roster(a.bin, a.keys, a.value_bytes, f" {commit()}")
    if a.compare:
        rows += run_roster(a.compare, a.keys, a.value_bytes, f" {a.compare_label}")
    rows += run_etcd(a.keys, a.value_bytes)
    mib = lambda kib: f"{kib / 1024:.0f}"
    data_mb = a.keys * a.value_bytes / 1e6
    lines = [
        "## Memory of one large read (bench/rss.py)",
        "",
        f"Commit {commit()}, `python3 bench/rss.py --bin {a.bin_label or a.bin} "
        f"--keys {a.keys} --value-bytes {a.value_bytes}"
        + (f" --compare {a.compare_label}-binary" if a.compare else "")
        + f"`: {a.keys} keys of {a.value_bytes} B "
        f"({data_mb:.0f} MB of values) written through each server's HTTP API, then one read "
        f"of all of them. RSS in MiB; peak = VmHWM reset just before the read; after = 5 s "
        f"after it. Load average before: {load_before}, after: {loadavg()}; nothing else "
        f"was running.",
        "",
        "| server, read | RSS before | peak during the read | RSS after | bytes received | seconds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['name']} | {mib(r['before'])} | {mib(r['peak'])} | "
                     f"{mib(r['after'])} | {r['received'] / 1e6:.0f} MB | {r['took']:.1f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.write:
        write_section("rss", text)


if __name__ == "__main__":
    main()

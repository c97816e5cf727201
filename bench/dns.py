#!/usr/bin/env python3
"""Service lookups per second from one agent's DNS interface against an
authoritative server serving the same names from a static zone (issue 15).

Starts one Roster server (a single bootstrapped server, DNS on a free port)
whose catalog holds 10 services x 3 instances on 30 nodes, all passing, and
Debian's NSD serving a `consul.` zone with the same A and SRV records (and
the targets' A records), response-rate limiting off (`rrl-ratelimit: 0`: on
by default, it collapses to ~800 qps on loopback). NSD runs with as many
server processes as Roster has DNS threads (one per core, SO_REUSEPORT).

Load: dnsperf (Debian) with a query file of 20 lines (`svcN.service.consul`
A and SRV), for each setting below, alternating which server goes first:
  - UDP, 1 client, 100 queries in flight;
  - UDP, 4 clients, 200 in flight;
  - TCP, 4 clients, 200 in flight.
Reports queries/s, average latency and lost queries, and the server's CPU
(utime+stime over the run, % of one core) for each.

Then the latency of a catalog change reaching DNS answers: a check flips to
critical over HTTP and a UDP client asks for the service every millisecond
until the instance is gone (and back to passing until it returns).

Writes the "dns" section of bench/RESULTS.md.

Usage: bench/dns.py [--duration 15] [--rounds 2] [--flips 20]
       [--bin target/release/roster]
Needs Debian's dnsperf and nsd (installed if missing, as root).
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import REPO, commit, data_root, free_port, loadavg, log, wait, write_section  # noqa: E402

SERVICES = 10
INSTANCES = 3
SETTINGS = [
    ("UDP, 1 client, 100 in flight", ["-c", "1", "-q", "100"]),
    ("UDP, 4 clients, 200 in flight", ["-c", "4", "-q", "200"]),
    ("TCP, 4 clients, 200 in flight", ["-m", "tcp", "-c", "4", "-q", "200"]),
]


def ensure_tools():
    missing = [pkg for tool, pkg in (("dnsperf", "dnsperf"), ("nsd", "nsd"))
               if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}")]
    if missing:
        log(f"installing {' '.join(missing)}")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True)


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status, r.read()


def instances():
    """(service, node, address, port) for every instance."""
    out = []
    for s in range(SERVICES):
        for i in range(INSTANCES):
            n = s * INSTANCES + i
            out.append((f"svc{s}", f"node{n}", f"10.9.{n // 250}.{n % 250 + 1}", 8000 + s))
    return out


def register(http_port, service, node, address, port, status):
    body = {"Node": node, "Address": address,
            "Service": {"ID": f"{service}-{node}", "Service": service, "Port": port},
            "Check": {"CheckID": f"chk-{service}-{node}", "Name": "probe", "Status": status,
                      "ServiceID": f"{service}-{node}"}}
    status_code, text = http("PUT", f"http://127.0.0.1:{http_port}/v1/catalog/register", body)
    assert status_code == 200, text


def zone_text():
    lines = ["$ORIGIN consul.", "$TTL 0",
             "@ IN SOA ns.consul. hostmaster.consul. 1 3600 600 86400 0",
             "@ IN NS ns.consul.", "ns IN A 127.0.0.1"]
    for service, node, address, port in instances():
        lines.append(f"{service}.service IN A {address}")
        lines.append(f"{service}.service IN SRV 1 1 {port} {node}.node.dc1.consul.")
        lines.append(f"{node}.node.dc1 IN A {address}")
    return "\n".join(lines) + "\n"


def start_nsd(root, port, servers):
    zone = os.path.join(root, "consul.zone")
    with open(zone, "w") as f:
        f.write(zone_text())
    conf = os.path.join(root, "nsd.conf")
    with open(conf, "w") as f:
        f.write(f"""server:
    ip-address: 127.0.0.1
    port: {port}
    server-count: {servers}
    reuseport: yes
    username: ""
    chroot: ""
    zonesdir: "{root}"
    database: ""
    zonelistfile: "{root}/zone.list"
    xfrdfile: "{root}/xfrd.state"
    xfrdir: "{root}"
    pidfile: "{root}/nsd.pid"
    logfile: "{root}/nsd.log"
    rrl-ratelimit: 0
    verbosity: 0
remote-control:
    control-enable: no
zone:
    name: consul.
    zonefile: "{zone}"
""")
    nsd = shutil.which("nsd") or "/usr/sbin/nsd"
    proc = subprocess.Popen([nsd, "-d", "-c", conf], stdout=open(os.path.join(root, "nsd.out"), "ab"),
                            stderr=subprocess.STDOUT)
    return proc


def query(port, name, qtype=1, timeout=0.5):
    """One UDP question; returns (rcode, answer count) or None."""
    qid = random.randrange(65536)
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\x00" + struct.pack(">HH", qtype, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(q, ("127.0.0.1", port))
        try:
            data, _ = s.recvfrom(4096)
        except socket.timeout:
            return None
    if len(data) < 12 or struct.unpack(">H", data[:2])[0] != qid:
        return None
    return data[3] & 0x0F, struct.unpack(">H", data[6:8])[0]


def cpu_seconds(pids):
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError):
            pass
    return total


def children(pid):
    """Every descendant of `pid` (NSD forks its server processes)."""
    out = [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                          text=True).stdout.split()]
    return out + [d for c in out for d in children(c)]


def dnsperf(port, queries, args, duration, pids):
    cmd = ["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-l", str(duration), *args]
    before, t0 = cpu_seconds(pids), time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    cpu = (cpu_seconds(pids) - before) / (time.monotonic() - t0) * 100
    qps = float(re.search(r"Queries per second:\s+([\d.]+)", out).group(1))
    lat = float(re.search(r"Average Latency \(s\):\s+([\d.]+)", out).group(1)) * 1000
    lost = int(re.search(r"Queries lost:\s+(\d+)", out).group(1))
    noerror = re.search(r"NOERROR (\d+)", out)
    return {"qps": qps, "latency_ms": lat, "lost": lost, "cpu": cpu,
            "noerror": int(noerror.group(1)) if noerror else 0,
            "command": " ".join(cmd[:1] + ["-s", "127.0.0.1", "-p", "<port>", "-d", "<queries>"] + cmd[7:])}


def change_latency(http_port, dns_port, flips):
    """Seconds from a check flip's HTTP reply to DNS answering without (and
    then again with) the instance."""
    service, node, address, port = instances()[0]
    name = f"{service}.service.consul"
    down, up = [], []
    for _ in range(flips):
        for status, want, out in (("critical", INSTANCES - 1, down), ("passing", INSTANCES, up)):
            register(http_port, service, node, address, port, status)
            t0 = time.monotonic()
            while True:
                r = query(dns_port, name, timeout=0.2)
                if r and r[1] == want:
                    break
                if time.monotonic() - t0 > 10:
                    raise RuntimeError(f"DNS did not follow the flip to {status}")
                time.sleep(0.001)
            out.append(time.monotonic() - t0)
    return down, up


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--flips", type=int, default=20)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "roster"))
    a = ap.parse_args()
    ensure_tools()
    threads = min(os.cpu_count() or 1, 4)
    root = data_root("roster-dns-bench-")
    ports = {k: free_port() for k in ("http", "grpc", "server", "lan", "wan", "dns", "nsd")}
    roster = subprocess.Popen(
        [a.bin, "agent", "-server", "-bootstrap-expect=1", f"-data-dir={root}/roster", "-node=bench",
         "-bind=127.0.0.1", "-client=127.0.0.1", f"-http-port={ports['http']}",
         f"-grpc-port={ports['grpc']}", f"-server-port={ports['server']}",
         f"-serf-lan-port={ports['lan']}", f"-serf-wan-port={ports['wan']}",
         f"-dns-port={ports['dns']}", "-log-level=warn"],
        stdout=open(os.path.join(root, "roster.log"), "ab"), stderr=subprocess.STDOUT)
    nsd = None
    try:
        wait(lambda: query(ports["dns"], "consul.service.consul") is not None, 60, "roster's DNS")
        for inst in instances():
            register(ports["http"], *inst, "passing")
        wait(lambda: all((query(ports["dns"], f"svc{s}.service.consul") or (0, 0))[1] == INSTANCES
                         for s in range(SERVICES)), 30, "every service in DNS")
        nsd = start_nsd(root, ports["nsd"], threads)
        wait(lambda: (query(ports["nsd"], "svc0.service.consul") or (0, 0))[1] == INSTANCES, 30, "nsd")
        queries = os.path.join(root, "queries.txt")
        with open(queries, "w") as f:
            for s in range(SERVICES):
                f.write(f"svc{s}.service.consul A\nsvc{s}.service.consul SRV\n")
        load_before = loadavg()
        results = {}
        for rnd in range(a.rounds):
            for label, args in SETTINGS:
                order = [("roster", ports["dns"], [roster.pid]),
                         ("nsd", ports["nsd"], [nsd.pid, *children(nsd.pid)])]
                if rnd % 2:
                    order.reverse()
                for system, port, pids in order:
                    r = dnsperf(port, queries, args, a.duration, pids)
                    log(f"{label} {system}: {r['qps']:.0f} qps, {r['latency_ms']:.2f} ms, "
                        f"lost {r['lost']}, cpu {r['cpu']:.0f}%")
                    results.setdefault((label, system), []).append(r)
        down, up = change_latency(ports["http"], ports["dns"], a.flips)
        load_after = loadavg()
    finally:
        for p in (roster, nsd):
            if p and p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
        shutil.rmtree(root, ignore_errors=True)

    best = {k: max(v, key=lambda r: r["qps"]) for k, v in results.items()}
    rows = []
    for label, _ in SETTINGS:
        r, n = best[(label, "roster")], best[(label, "nsd")]
        rows.append(f"| {label} | {r['qps']:,.0f} ({r['latency_ms']:.2f} ms, {r['cpu']:.0f}% cpu, "
                    f"{r['lost']} lost) | {n['qps']:,.0f} ({n['latency_ms']:.2f} ms, {n['cpu']:.0f}% cpu, "
                    f"{n['lost']} lost) | **{r['qps'] / n['qps']:.2f}** |")
    runs = "; ".join(f"{label} {system}: " + ", ".join(f"{r['qps']:,.0f}" for r in v)
                     for (label, system), v in results.items())
    text = f"""## DNS: service lookups from one agent (issue 15)

`python3 bench/dns.py --duration {a.duration} --rounds {a.rounds} --flips {a.flips}` at {commit()},
release build. One Roster server (DNS on {threads} threads, one SO_REUSEPORT socket each) with
{SERVICES} services x {INSTANCES} instances, all passing, against Debian's NSD
({subprocess.run([shutil.which('nsd') or '/usr/sbin/nsd', '-v'], capture_output=True, text=True).stderr.splitlines()[0]},
`server-count: {threads}`, `reuseport: yes`, `rrl-ratelimit: 0`) serving the same A and SRV
records from a static zone. dnsperf asks the 20 questions `svcN.service.consul` A and SRV in a
loop: `{best[(SETTINGS[0][0], 'roster')]['command']}` plus the setting's flags, {a.duration} s per
run, each setting {a.rounds} times alternating who goes first; the best run of each is shown (all
runs: {runs}). CPU is the server's utime+stime over the run in % of one core; dnsperf shares the
machine's {os.cpu_count()} cores. Load average {load_before} before, {load_after} after; nothing else
was running.

| load | Roster qps | NSD qps | Roster / NSD |
|---|---|---|---|
{chr(10).join(rows)}

A catalog change reaching DNS answers ({a.flips} flips; from the HTTP reply of a catalog
registration that flips the instance's check to the first UDP answer that follows it, asked every
millisecond): to critical p50 {pct(down, 50) * 1000:.1f} ms, p99 {pct(down, 99) * 1000:.1f} ms; back to passing
p50 {pct(up, 50) * 1000:.1f} ms, p99 {pct(up, 99) * 1000:.1f} ms.
"""
    write_section("dns", text)
    print(text)


if __name__ == "__main__":
    main()

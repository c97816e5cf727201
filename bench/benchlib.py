"""Helpers shared by the Python benchmarks (gossip.py, cluster.py, coord.py)."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(msg):
    name = os.path.basename(sys.argv[0])
    print(f"[{name} {time.strftime('%T')}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


USED_PORTS = set()


def free_port():
    """A port free for TCP and UDP now and not handed out before in this run."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port in USED_PORTS:
            continue
        # gossip binds UDP on the same port
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.bind(("127.0.0.1", port))
            USED_PORTS.add(port)
            return port
        except OSError:
            continue


def wait(cond, timeout, what, interval=0.02):
    """Polls `cond` every `interval` seconds until it is true; raises after
    `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def data_root(prefix):
    """A fresh directory for cluster data under /tmp, or under bench/out when
    /tmp is a tmpfs (its fsyncs would flatter every system)."""
    parent = "/tmp"
    fstype = subprocess.run(["df", "--output=fstype", "/tmp"], capture_output=True,
                            text=True).stdout.split()[-1]
    if fstype in ("tmpfs", "ramfs"):
        parent = os.path.join(REPO, "bench", "out")
        os.makedirs(parent, exist_ok=True)
    return tempfile.mkdtemp(prefix=prefix, dir=parent)


def ensure_etcd(binary):
    """Installs Debian's etcd-server when `binary` is not on the PATH (as root)."""
    if not shutil.which(binary):
        log("etcd not found; installing Debian's etcd-server")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "etcd-server"], check=True)


def commit():
    """The checked-out commit, short."""
    return subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()


def seconds(xs):
    """A list of durations for a table: "1.23, 4.56"."""
    return ", ".join(f"{x:.2f}" for x in xs)


def write_section(name, text):
    """Replaces (or appends) the section `name` of bench/RESULTS.md, kept
    between marker comments so that bench/run.sh carries it over."""
    path = os.path.join(REPO, "bench", "RESULTS.md")
    body = open(path).read() if os.path.exists(path) else ""
    begin, end = f"<!-- section: {name} -->", f"<!-- end: {name} -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    if begin in body and end in body:
        body = body[: body.index(begin)] + block + body[body.index(end) + len(end) + 1:]
    else:
        body = body.rstrip("\n") + "\n\n" + block
    with open(path, "w") as f:
        f.write(body)
    log(f"wrote the {name} section of {path}")

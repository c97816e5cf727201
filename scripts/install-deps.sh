#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) Roster needs on a fresh
# Debian machine, skipping whatever is already there.
#   scripts/install-deps.sh build   # libclang for RocksDB's bindgen, protoc
#   scripts/install-deps.sh test    # + buf (PyPI buf-bin, in .venv), cargo-deny, cargo-fuzz,
#                                   #   cargo-nextest if possible, the clients' toolchains
#                                   #   (Go, Java, Python venv) and Docker/debootstrap/systemd tools
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; exit 1; fi
}

missing=()
# librocksdb-sys runs bindgen, which needs libclang itself (libclang.so or
# libclang-<ver>.so); libclang-cpp, which some images carry alone, does not do.
if ! ls /usr/lib/llvm-*/lib/libclang.so* /usr/lib/llvm-*/lib/libclang-[0-9]*.so* >/dev/null 2>&1 \
   && ! ldconfig -p 2>/dev/null | grep -Eq 'libclang(-[0-9.]+)?\.so'; then
  missing+=(libclang-dev)
fi
# raft-proto (rust-protobuf 2) prefers a protoc 3.x; Debian's is.
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v cc >/dev/null || missing+=(build-essential)
command -v c++ >/dev/null || missing+=(g++)
if [ "$mode" = test ]; then
  # The partition tests build network namespaces and cut links with nftables.
  command -v ip >/dev/null || missing+=(iproute2)
  command -v nft >/dev/null || missing+=(nftables)
  # The power-loss tests mount a FUSE filesystem (testkit::lazyfs).
  command -v fusermount3 >/dev/null || missing+=(fuse3)
  # The docker check test imports a busybox-only image (no registry needed).
  command -v busybox >/dev/null || missing+=(busybox-static)
  # The DNS tests ask with dig, and forward through dnsmasq and HAProxy.
  command -v dig >/dev/null || missing+=(dnsutils)
  [ -x /usr/sbin/dnsmasq ] || missing+=(dnsmasq-base)
  [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  # A DNS test resolves with Go's own resolver (stricter than dig).
  command -v go >/dev/null || missing+=(golang-go)
  # The generated clients (clients/): built and tested offline against
  # Debian's gRPC and protobuf. Go: grpc-go 1.33 needs golang/protobuf 1.5
  # (its 1.3, Debian's default, crashes on protoc-gen-go 1.28's messages).
  # Java: javac against libgrpc-java's jars and what they need at run time.
  # Python: a venv for the client and its pinned generators.
  for pkg in golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev \
             protoc-gen-go protoc-gen-go-grpc \
             default-jdk-headless libgrpc-java libprotobuf-java protobuf-compiler-grpc-java-plugin \
             libnetty-java libperfmark-java libgoogle-gson-java libguava-java \
             libgeronimo-annotation-1.3-spec-java junit4 libhamcrest-java \
             python3-venv; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  # The image, compose and systemd tests (scripts/test-compose.sh,
  # scripts/test-systemd.sh): a base image made offline with debootstrap,
  # the binary stripped with objcopy, units checked with systemd-analyze.
  command -v docker >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v objcopy >/dev/null || missing+=(binutils)
  command -v curl >/dev/null || missing+=(curl)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "cargo is not installed: install Rust (https://rustup.rs) first" >&2
  exit 1
fi

if [ "$mode" = test ]; then
  if [ ! -x .venv/bin/buf ]; then
    echo "==> installing buf (PyPI buf-bin) into .venv"
    python3 -m venv .venv
    .venv/bin/pip install -q buf-bin
  fi
  if ! .venv/bin/python -c 'import consul' >/dev/null 2>&1; then
    echo "==> installing python-consul (PyPI) into .venv, for the client compatibility test"
    .venv/bin/pip install -q python-consul==1.1.0
  fi
  if ! cargo deny --version >/dev/null 2>&1; then
    echo "==> installing cargo-deny (licence and ban checks; a few minutes)"
    cargo install --locked cargo-deny@0.20.2
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz (the fuzz targets' short runs)"
    cargo install --locked cargo-fuzz@0.13.2
  fi
  if ! cargo nextest --version >/dev/null 2>&1; then
    echo "==> cargo-nextest not found; installing it (falls back to cargo test if that fails)"
    cargo install --locked cargo-nextest >/dev/null 2>&1 || true
  fi
fi

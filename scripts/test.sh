#!/usr/bin/env bash
# Every check and test, in the order that fails fastest. `make test` runs this;
# so does CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
scripts/install-deps.sh test

step() { echo; echo "==> $*"; }
t0=$(date +%s)

step "cargo fmt --check"
cargo fmt --all -- --check
(cd fuzz && cargo fmt -- --check)

step "buf lint"
(cd proto && ../.venv/bin/buf lint)

step "buf breaking (the wire API against the last release)"
scripts/check-api.sh

step "cargo deny check licenses bans"
cargo deny --log-level warn check licenses bans

# One profile (dev, with optimised dependencies) for the tests and the binary
# they start, so RocksDB's C++ is built once. The binary the tests start has
# the crash points of server/src/failpoints.rs (inert unless FAILPOINTS is
# set); every step uses the same features, so nothing is built twice.
FEATURES=(--features roster-server/failpoints)
step "build"
cargo build --workspace --all-targets --locked "${FEATURES[@]}"
echo "build took $(( $(date +%s) - t0 ))s since start"

step "cargo clippy"
cargo clippy --workspace --all-targets --locked "${FEATURES[@]}" -- -D warnings

step "tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast "${FEATURES[@]}"
else
  cargo test --workspace --locked --no-fail-fast "${FEATURES[@]}"
fi

# The generated clients against live clusters, the image with a compose
# cluster, and the systemd unit under a real systemd (each uses the binary
# built above).
step "clients (Go, Python, Java)"
make --no-print-directory test-clients
step "docker compose"
make --no-print-directory test-compose
step "systemd"
make --no-print-directory test-systemd

# Each fuzz target for a few seconds (fuzz/README.md has the long runs).
step "fuzz (short runs)"
short_corpus=$(mktemp -d)
FUZZ_SECONDS="${FUZZ_SECONDS:-15}" FUZZ_CORPUS_DIR="$short_corpus" scripts/fuzz.sh
rm -rf "$short_corpus"
echo "all checks passed in $(( $(date +%s) - t0 ))s"

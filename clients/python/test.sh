#!/usr/bin/env bash
# The Python client's test entry point (called by `make test`):
#   1. checks the tools (python3 >= 3.9 with venv, buf, the roster binary);
#      missing ones fail the run when CI=true, else skip it;
#   2. checks that gen/ is what buf.gen.yaml generates (into a temp dir, diffed);
#   3. builds and installs the package with pip into a fresh temp venv;
#   4. runs the unit tests, then, against a live 3-server cluster
#      (clients/testcluster.sh), the live tests, example.py and last the
#      failover test (it kills a server).
# Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
started=$(date +%s)

missing() {
  if [ "${CI:-}" = true ]; then
    echo "python client: $1 (required when CI=true)" >&2
    exit 1
  fi
  echo "python client: SKIPPED: $1" >&2
  exit 0
}

python=${PYTHON:-python3}
command -v "$python" >/dev/null || missing "no $python (install python3, python3-venv)"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' || missing "$python is older than 3.9"
"$python" -c 'import venv, ensurepip' 2>/dev/null || missing "$python has no venv/ensurepip (apt-get install python3-venv)"
buf="$root/.venv/bin/buf"
[ -x "$buf" ] || missing "no buf at $buf (make test puts it there)"
bin="${ROSTER_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/roster}"
[ -x "$bin" ] || missing "no roster binary at $bin (cargo build -p roster-server --bin roster)"

tmp="$(mktemp -d)"
cluster="$tmp/cluster"
cleanup() {
  "$root/clients/testcluster.sh" down "$cluster" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# Generators, pinned (tools/requirements.txt), in clients/python/.venv;
# reinstalled only when the pins change.
tools="$here/.venv"
stamp="$tools/.requirements.sha256"
want="$(sha256sum "$here/tools/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$tools/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== installing the generators into $tools"
  "$python" -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check -r "$here/tools/requirements.txt"
  echo "$want" >"$stamp"
fi

echo "== checking that gen/ is up to date"
sed "s|out: clients/python/gen|out: $tmp/gen|" "$here/buf.gen.yaml" >"$tmp/buf.gen.yaml"
"$buf" generate --template "$tmp/buf.gen.yaml"
if ! diff -r "$tmp/gen" "$here/gen" >"$tmp/gen.diff"; then
  head -n 40 "$tmp/gen.diff" >&2
  echo "python client: clients/python/gen is stale; regenerate it with:" >&2
  echo "  (cd $root && .venv/bin/buf generate --template clients/python/buf.gen.yaml)" >&2
  exit 1
fi

echo "== pip install clients/python into a fresh venv"
# Built from a copy so that setuptools' build/ and *.egg-info stay out of the tree.
mkdir "$tmp/pkg"
cp -r "$here/pyproject.toml" "$here/README.md" "$here/src" "$here/gen" "$tmp/pkg/"
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --disable-pip-version-check "$tmp/pkg"
py="$tmp/venv/bin/python"
export PYTHONDONTWRITEBYTECODE=1  # keep __pycache__ out of the source tree
# Tests import the installed package, not the source tree.
cd "$tmp"
tests="$here/tests"
passed=0
# Runs the unittest files matching $1; a failure stops the script (set -e,
# pipefail), successes are counted for the closing line.
run_tests() {
  "$py" -m unittest discover -s "$tests" -p "$1" -v 2>&1 | tee "$tmp/unittest.log"
  passed=$((passed + $(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$tmp/unittest.log")))
}

echo "== unit tests"
run_tests 'test_unit.py'

echo "== starting a 3-server cluster"
"$root/clients/testcluster.sh" up "$cluster" >/dev/null
set -a
# shellcheck disable=SC1091
. "$cluster/env"
set +a
echo "servers: $ROSTER_GRPC_ADDRS"

echo "== live tests"
run_tests 'test_live.py'

echo "== example.py"
"$py" "$here/example.py" --addrs "$ROSTER_GRPC_ADDRS"

echo "== failover test (kills a server)"
run_tests 'test_zz_failover.py'

echo "python client: example.py ran; all tests passed in $(($(date +%s) - started)) s"
echo "python: $passed passed, 0 failed"

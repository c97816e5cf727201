#!/usr/bin/env bash
# Regenerates the Go, Python and Java clients' code from proto/ with buf and
# the locally installed plugins their templates name (clients/<lang>/buf.gen.yaml).
# Each client's test.sh checks that the committed code is what this makes.
# The Python generators are pinned in clients/python/tools/requirements.txt
# and installed into clients/python/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=.venv/bin/buf
[ -x "$buf" ] || { echo "no $buf: run scripts/install-deps.sh test" >&2; exit 1; }
py=clients/python/.venv
if [ ! -x "$py/bin/python" ]; then
  python3 -m venv "$py"
  "$py/bin/pip" install -q --disable-pip-version-check -r clients/python/tools/requirements.txt
  sha256sum clients/python/tools/requirements.txt | cut -d' ' -f1 >"$py/.requirements.sha256"
fi
for lang in go python java; do
  echo "==> clients/$lang"
  "$buf" generate --template "clients/$lang/buf.gen.yaml"
done
git status --short clients/go/gen clients/python/gen clients/java/generated

#!/usr/bin/env bash
# The Go client's checks, run by `make test`: tools present, generated code
# up to date, gofmt/vet clean, unit tests, then the tests and the example
# against a live 3-server cluster (clients/testcluster.sh).
#
# The build is offline, in GOPATH mode over Debian's Go sources
# (/usr/share/gocode); see README.md. With CI=true a missing tool fails the
# run instead of skipping it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

missing=()
for tool in go protoc-gen-go protoc-gen-go-grpc python3 curl; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x .venv/bin/buf ] || missing+=(".venv/bin/buf")
# grpc-go 1.33 marshals through github.com/golang/protobuf, which must be the
# APIv2-based 1.5 (Debian's 1.3 panics on the generated messages).
for src in google.golang.org/grpc google.golang.org/protobuf github.com/golang/protobuf/proto golang.org/x/net/http2; do
  [ -d "/usr/share/gocode/src/$src" ] || missing+=("/usr/share/gocode/src/$src")
done
[ -f /usr/share/gocode/src/github.com/golang/protobuf/proto/registry.go ] \
  || missing+=("golang-github-golang-protobuf-1-5-dev")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "go client: missing: ${missing[*]}" >&2
  echo "  (apt-get install golang-go golang-google-grpc-dev golang-google-protobuf-dev golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc)" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "go client: skipped (CI is not true)" >&2
  exit 0
fi

work="$(mktemp -d)"
cluster="$work/cluster"
cleanup() {
  "$root/clients/testcluster.sh" down "$cluster" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== go client: generated code up to date"
# Regenerate into a copy of the template's output and compare.
sed "s#out: clients/go/gen#out: $work/gen#" clients/go/buf.gen.yaml >"$work/buf.gen.yaml"
.venv/bin/buf generate proto --template "$work/buf.gen.yaml" \
  --exclude-path proto/roster/raft --exclude-path proto/roster/storage
diff -r "$work/gen" clients/go/gen || {
  echo "go client: clients/go/gen is stale: run" >&2
  echo "  .venv/bin/buf generate proto --template clients/go/buf.gen.yaml --exclude-path proto/roster/raft --exclude-path proto/roster/storage" >&2
  exit 1
}

# GOPATH mode: the client is linked into a temporary GOPATH in front of
# Debian's sources, so nothing is downloaded.
mkdir -p "$work/gopath/src/example.invalid/roster/clients"
ln -s "$here" "$work/gopath/src/example.invalid/roster/clients/go"
export GO111MODULE=off GOPATH="$work/gopath:/usr/share/gocode" GOFLAGS= GOPROXY=off
export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
cd "$work/gopath/src/example.invalid/roster/clients/go"

echo "== go client: gofmt, vet, build"
unformatted="$(gofmt -l $(find . -name '*.go' -not -path './gen/*'))"
[ -z "$unformatted" ] || { echo "go client: gofmt needed: $unformatted" >&2; exit 1; }
go vet ./...
go build -o "$work/example" ./example
go test -c -o "$work/roster.test" .

echo "== go client: unit tests"
"$work/roster.test" -test.run 'Test[^C]' -test.count=1

echo "== go client: live cluster"
"$root/clients/testcluster.sh" up "$cluster" >/dev/null
set -a; . "$cluster/env"; set +a
echo "== go client: example"
timeout 60 "$work/example" -timeout 45s
echo "== go client: cluster tests"
CI="${CI:-}" "$work/roster.test" -test.run 'TestCluster' -test.count=1 -test.v -test.timeout 120s
echo "== go client: ok"

#!/usr/bin/env bash
# The Java client's checks, for `make test`:
#   1. the tools and Debian jars are there (missing: fail when CI=true, else skip);
#   2. the checked-in generated code is what buf.gen.yaml generates now;
#   3. build (build.sh), unit tests (in-process fakes);
#   4. a live 3-server cluster (clients/testcluster.sh): the cluster tests, the example, and
#      last the failover test, which kills a server.
# Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

missing=()
for tool in java javac jar protoc grpc_java_plugin python3 curl; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x .venv/bin/buf ] || missing+=(".venv/bin/buf")
for j in protobuf grpc-core grpc-netty grpc-stub grpc-protobuf guava netty-codec-http2 \
  perfmark-api gson geronimo-annotation-1.3-spec junit4 hamcrest; do
  [ -f "/usr/share/java/$j.jar" ] || missing+=("/usr/share/java/$j.jar")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "java client: missing ${missing[*]} (Debian: openjdk-17-jdk-headless protobuf-compiler" \
    "protobuf-compiler-grpc-java-plugin libgrpc-java libprotobuf-java libnetty-java" \
    "libperfmark-java libgoogle-gson-java libgeronimo-annotation-1.3-spec-java junit4" \
    "libhamcrest-java; buf: PyPI buf-bin in .venv)" >&2
  if [ "${CI:-}" = true ]; then exit 1; fi
  echo "java client: SKIPPED (set CI=true to make this an error)" >&2
  exit 0
fi

echo "==> java: generated code is up to date"
gen_tmp="$(mktemp -d)"
cluster_dir="$(mktemp -d)/cluster"
cleanup() {
  "$root/clients/testcluster.sh" down "$cluster_dir" || true
  rm -rf "$gen_tmp" "$(dirname "$cluster_dir")"
}
trap cleanup EXIT
.venv/bin/buf generate --template clients/java/buf.gen.yaml -o "$gen_tmp"
if ! diff -r "$gen_tmp/clients/java/generated" clients/java/generated >"$gen_tmp/diff"; then
  head -n 40 "$gen_tmp/diff" >&2
  echo "clients/java/generated is stale: run .venv/bin/buf generate --template clients/java/buf.gen.yaml" >&2
  exit 1
fi

"$here/build.sh"
cp="$here/build/tests:$(cat "$here/build/classpath"):$(cat "$here/build/test-classpath")"
junit() { java -cp "$cp" org.junit.runner.JUnitCore "$@"; }

echo "==> java: unit tests"
junit io.roster.client.ClientUnitTest

echo "==> java: cluster"
"$root/clients/testcluster.sh" up "$cluster_dir" >/dev/null
set -a
# shellcheck disable=SC1091
. "$cluster_dir/env"
set +a
export CI=true # from here on, a missing cluster variable is a failure, not a skip

echo "==> java: cluster tests"
junit io.roster.client.ClusterTest
echo "==> java: example"
java -cp "$here/build/example:$(cat "$here/build/classpath")" io.roster.example.Example \
  --addrs "$ROSTER_GRPC_ADDRS"
echo "==> java: failover test (kills a server)"
junit io.roster.client.FailoverTest
echo "==> java: OK"

#!/usr/bin/env bash
# Builds the Java client offline with javac against Debian's jars (/usr/share/java):
#   clients/java/build.sh            -> build/roster-client.jar (generated + wrapper),
#                                       build/tests, build/example, build/classpath
# The generated code is compiled once and reused until its sources change
# (it is most of the build time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/build"
J=/usr/share/java
mkdir -p "$out"

# Runtime: grpc-java 1.41 (libgrpc-java), protobuf-java 3.21 (libprotobuf-java) and what
# they load: guava (with failureaccess inside), netty (libnetty-java), perfmark
# (libperfmark-java), gson (libgoogle-gson-java, for service configs).
runtime=(protobuf grpc-api grpc-context grpc-core grpc-stub grpc-protobuf grpc-protobuf-lite
  grpc-netty guava perfmark-api gson error-prone-annotations jsr305
  netty-buffer netty-codec netty-codec-http netty-codec-http2 netty-codec-socks netty-common
  netty-handler netty-handler-proxy netty-resolver netty-transport
  netty-transport-native-unix-common)
# Compile only: the stubs' @javax.annotation.Generated (libgeronimo-annotation-1.3-spec-java).
compile_only=(geronimo-annotation-1.3-spec)
testing=(junit4 hamcrest)

join() { local IFS=:; echo "$*"; }
jars() { local j; for j in "$@"; do
  [ -f "$J/$j.jar" ] || { echo "build.sh: missing $J/$j.jar (see clients/java/README.md)" >&2; exit 1; }
  echo "$J/$j.jar"; done; }
mapfile -t rt < <(jars "${runtime[@]}")
mapfile -t co < <(jars "${compile_only[@]}")
mapfile -t te < <(jars "${testing[@]}")
javac_opts=(--release 11 -encoding UTF-8 -nowarn)

# 1. Generated messages and stubs.
gen_sum=$(cd "$here/generated" && find . -name '*.java' -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$out/generated.jar" ] || [ "$(cat "$out/generated.sum" 2>/dev/null)" != "$gen_sum" ]; then
  echo "==> javac generated/ ($(find "$here/generated" -name '*.java' | wc -l) files)"
  rm -rf "$out/gen-classes" && mkdir -p "$out/gen-classes"
  find "$here/generated" -name '*.java' >"$out/gen-sources.txt"
  javac "${javac_opts[@]}" -d "$out/gen-classes" -cp "$(join "${rt[@]}" "${co[@]}")" @"$out/gen-sources.txt"
  jar --create --file "$out/generated.jar" -C "$out/gen-classes" .
  echo "$gen_sum" >"$out/generated.sum"
fi

# 2. The wrapper, then one jar with both.
echo "==> javac src/main"
rm -rf "$out/classes" && mkdir -p "$out/classes"
find "$here/src/main/java" -name '*.java' >"$out/main-sources.txt"
javac "${javac_opts[@]}" -Xlint:all,-serial,-processing -Werror -d "$out/classes" \
  -cp "$(join "$out/generated.jar" "${rt[@]}")" @"$out/main-sources.txt"
rm -rf "$out/all" && mkdir -p "$out/all" && cp -r "$out/gen-classes/." "$out/classes/." "$out/all/"
jar --create --file "$out/roster-client.jar" -C "$out/all" .

# 3. Tests and the example.
echo "==> javac src/test, example"
rm -rf "$out/tests" "$out/example" && mkdir -p "$out/tests" "$out/example"
javac "${javac_opts[@]}" -d "$out/tests" -cp "$(join "$out/roster-client.jar" "${rt[@]}" "${te[@]}")" \
  $(find "$here/src/test/java" -name '*.java')
javac "${javac_opts[@]}" -d "$out/example" -cp "$(join "$out/roster-client.jar" "${rt[@]}")" \
  $(find "$here/example" -name '*.java')
join "$out/roster-client.jar" "${rt[@]}" >"$out/classpath"
join "${te[@]}" >"$out/test-classpath"
echo "==> built $out/roster-client.jar"

#!/usr/bin/env bash
# End-to-end test of the Docker image and docker-compose.yml: packs the dev
# binary into the image (Dockerfile target `prebuilt`, on a base image made
# offline by scripts/docker-base.sh), starts the compose cluster (3 servers,
# 2 clients) under a unique project name and checks:
#   1. all five agents are alive members, a leader is elected, every
#      container's HEALTHCHECK turns healthy;
#   2. a service registered on client1 resolves by DNS (<name>.service.consul)
#      from a third container asking client2, and through the published port;
#   3. with the leader's container killed, another server leads and a KV write
#      through client1 succeeds and reads back;
#   4. client2, cut off the network, is marked failed by the others.
# Everything it creates (containers, network, volumes, the image) is removed
# on exit, by name. Without a usable docker it fails when CI=true and is
# SKIPPED otherwise.
#
#   scripts/test-compose.sh                  # uses target/debug/roster
#   ROSTER_BIN=path/to/roster scripts/test-compose.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

TEST_NAME=test-compose
# shellcheck source=scripts/docker-test-lib.sh
. scripts/docker-test-lib.sh

# --- prerequisites -----------------------------------------------------------
command -v docker >/dev/null || unavailable "docker is not installed"
docker info >/dev/null 2>&1 || unavailable "docker is not usable (daemon down or no permission)"
if docker compose version >/dev/null 2>&1; then
  compose_cmd=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose_cmd=(docker-compose)
else
  unavailable "neither 'docker compose' nor docker-compose is installed"
fi
for tool in curl python3 objcopy; do
  command -v "$tool" >/dev/null || unavailable "$tool is not installed"
done
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || unavailable "busybox is not installed (apt-get install busybox-static)"
# The DNS check runs the host's busybox in a container of the base image: it
# must not need the host's shared libraries (ldd fails on a static binary).
if ldd "$busybox" >/dev/null 2>&1; then
  unavailable "$busybox is not statically linked (apt-get install busybox-static)"
fi
binary="${ROSTER_BIN:-$root/target/debug/roster}"
[ -x "$binary" ] || unavailable "no roster binary at $binary (cargo build -p roster-server --bin roster)"

# --- names: everything this run creates --------------------------------------
project="roster-test-$$"
image="roster-test-$$:local"
dns_container="$project-dns"
network="${project}_roster"
base_image=""
ctx=$(mktemp -d /tmp/roster-compose-ctx.XXXXXX)

compose() {
  ROSTER_IMAGE="$image" ROSTER_HTTP_PORT="$http_port" ROSTER_GRPC_PORT="$grpc_port" \
    ROSTER_DNS_PORT="$dns_port" ROSTER_PUBLISH_ADDR=127.0.0.1 \
    "${compose_cmd[@]}" -p "$project" -f "$root/docker-compose.yml" "$@"
}

# Removes what this run created; returns non-zero if something stayed.
teardown() {
  local ok=0
  docker rm -f "$dns_container" >/dev/null 2>&1
  if [ -n "${http_port:-}" ]; then
    compose down -v --remove-orphans -t 10 >/dev/null 2>&1 || {
      say "WARNING: compose down failed; remove project $project by hand"
      ok=1
    }
  fi
  if docker image inspect "$image" >/dev/null 2>&1; then
    docker image rm -f "$image" >/dev/null 2>&1 || {
      say "WARNING: cannot remove image $image"
      ok=1
    }
  fi
  rm -rf "$ctx"
  return "$ok"
}
on_exit() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ] && [ -n "${http_port:-}" ]; then
    say "agent logs (last 40 lines each):"
    compose logs --no-color --tail=40 2>&1 | sed 's/^/    /'
  fi
  teardown
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM


api() { curl -sS --max-time 10 "http://127.0.0.1:$http_port$1" "${@:2}"; }

# Prints "<alive count> <status of node $1>" from client1's member list.
member_summary() {
  api /v1/agent/members 2>/dev/null | python3 -c '
import json, sys
members = json.load(sys.stdin)
node = sys.argv[1]
alive = sum(1 for m in members if m["Status"] == 1)
status = next((m["Status"] for m in members if m["Name"] == node), "absent")
print(alive, status)' "${1:-}"
}

container_of() { compose ps -q "$1"; }
ip_of() {
  docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$(container_of "$1")"
}

free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
# A port free for TCP and UDP alike (DNS is published on both).
ports = []
while len(ports) < int(sys.argv[1]):
    t = socket.socket(); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
        if port not in ports:
            ports.append(port)
    except OSError:
        pass
    finally:
        u.close(); t.close()
print(*ports)
EOF
}

# --- 1. images -----------------------------------------------------------------
phase "base image (scripts/docker-base.sh)"
base_image=$(scripts/docker-base.sh base)

phase "image: strip the binary, docker build --target prebuilt"
# The dev profile keeps line tables: strip them, as the release image does.
objcopy --strip-debug "$binary" "$ctx/roster"
chmod 0755 "$ctx/roster"
say "binary: $(stat -c %s "$binary") bytes, stripped: $(stat -c %s "$ctx/roster") bytes"
if ! build_log=$(DOCKER_BUILDKIT=0 docker build --target prebuilt \
    --build-arg BASE_IMAGE="$base_image" -t "$image" -f "$root/Dockerfile" "$ctx" 2>&1); then
  echo "$build_log" | tail -n 30 >&2
  fail "docker build --target prebuilt failed"
fi
image_size=$(docker image inspect -f '{{.Size}}' "$image")
say "image $image: $image_size bytes ($((image_size / 1024 / 1024)) MiB; base $(($(docker image inspect -f '{{.Size}}' "$base_image") / 1024 / 1024)) MiB)"

# --- 2. cluster ------------------------------------------------------------------
phase "compose up, 5 members alive, a leader, healthy"
read -r http_port grpc_port dns_port <<<"$(free_ports 3)"
say "project $project; client1 published on 127.0.0.1: http $http_port, grpc $grpc_port, dns $dns_port"
if ! up_out=$(compose up -d --no-build 2>&1); then
  tail -n 20 <<<"$up_out" >&2
  fail "compose up failed"
fi
cluster_formed() {
  local summary leader
  summary=$(member_summary) || return 1
  [ "${summary%% *}" = 5 ] || return 1
  leader=$(api /v1/status/leader 2>/dev/null) || return 1
  [ -n "$leader" ] && [ "$leader" != '""' ]
}
until_ok 60 "the cluster did not form: 5 alive members and a leader, as client1 sees it" cluster_formed
say "leader: $(api /v1/status/leader)"
# The CLI inside a server container, through the image's client address.
members_out=$(docker exec "$(container_of server2)" roster members) ||
  fail "'roster members' in server2 failed"
echo "$members_out" | sed 's/^/    /'
[ "$(grep -c ' alive ' <<<"$members_out")" = 5 ] || fail "'roster members' in server2 does not list 5 alive members"
[ "$(grep -c ' server ' <<<"$members_out")" = 3 ] || fail "'roster members' in server2 does not list 3 servers"
all_healthy() {
  local s
  for s in server1 server2 server3 client1 client2; do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$(container_of "$s")")" = healthy ] || return 1
  done
}
until_ok 40 "not every container's HEALTHCHECK turned healthy" all_healthy

# --- 3. DNS ----------------------------------------------------------------------
phase "DNS: register on client1, resolve via client2"
service="web-$$"
api "/v1/agent/service/register" -X PUT --fail-with-body \
  -d "{\"Name\": \"$service\", \"ID\": \"$service-1\", \"Port\": 8080}" >/dev/null ||
  fail "registering $service on client1 failed"
client1_ip=$(ip_of client1)
client2_ip=$(ip_of client2)
# Another container on the cluster's network asks client2's DNS server; the
# answer must be client1's address (the node the service is on). Retried for
# a few seconds: the registration reaches the catalog through anti-entropy.
dns_out=$(docker run --rm --name "$dns_container" --network "$network" \
  -v "$busybox:/busybox:ro" --entrypoint /busybox "$base_image" sh -c '
    for i in $(seq 1 30); do
      out=$(/busybox nslookup -type=a "$1" "$2:8600" 2>&1) && echo "$out" | /busybox grep -qxF "Address: $3" && {
        echo "$out"; exit 0; }
      /busybox sleep 0.5
    done
    echo "$out"; exit 1' sh "$service.service.consul" "$client2_ip" "$client1_ip") || {
  echo "$dns_out" >&2
  fail "$service.service.consul did not resolve to client1 ($client1_ip) through client2 ($client2_ip:8600)"
}
echo "$dns_out" | sed 's/^/    /'
# And through the port client1 publishes on the host (UDP).
host_dns=$("$busybox" nslookup -type=a "$service.service.consul" "127.0.0.1:$dns_port" 2>&1) &&
  grep -qxF "Address: $client1_ip" <<<"$host_dns" || {
  echo "$host_dns" >&2
  fail "$service.service.consul did not resolve through the published DNS port 127.0.0.1:$dns_port"
}

# --- 4. losing the leader ------------------------------------------------------
phase "kill the leader's container, new leader, KV write"
old_leader=$(api /v1/status/leader | tr -d '"')
killed=""
for s in server1 server2 server3; do
  if [ "$(ip_of "$s"):8300" = "$old_leader" ]; then killed=$s; fi
done
[ -n "$killed" ] || fail "the leader $old_leader is none of the server containers"
killed_id=$(container_of "$killed")
# A crash, not a stop: the restart policy must not bring it back during the
# test, so it is turned off first.
docker update --restart=no "$killed_id" >/dev/null
docker kill "$killed_id" >/dev/null
say "killed $killed (the leader, $old_leader)"
new_leader_elected() {
  local leader
  leader=$(api /v1/status/leader 2>/dev/null | tr -d '"') || return 1
  [ -n "$leader" ] && [ "$leader" != "$old_leader" ]
}
until_ok 30 "no new leader after $killed was killed" new_leader_elected
say "new leader: $(api /v1/status/leader)"
value="written-after-$killed-died-$$"
kv_written() {
  [ "$(api /v1/kv/roster-compose-test -X PUT --data-binary "$value" 2>/dev/null)" = true ]
}
until_ok 30 "a KV write through client1 did not succeed without $killed" kv_written
[ "$(api '/v1/kv/roster-compose-test?raw&consistent')" = "$value" ] ||
  fail "the KV write did not read back (consistent read through client1)"
[ "$(docker inspect -f '{{.State.Running}}' "$killed_id")" = false ] ||
  fail "$killed is running again: the checks above did not run without it"

# --- 5. partition a client -----------------------------------------------------
phase "disconnect client2, the others mark it failed"
docker network disconnect "$network" "$(container_of client2)"
client2_failed() { [ "$(member_summary client2 | cut -d' ' -f2)" = 4 ]; }
until_ok 60 "client1 did not mark the disconnected client2 failed (member Status 4)" client2_failed
say "client1 sees client2 as failed"
# And a surviving server, through the CLI.
for s in server1 server2 server3; do
  [ "$s" = "$killed" ] && continue
  docker exec "$(container_of "$s")" roster members -status=failed | grep -q '^client2 ' ||
    fail "'roster members -status=failed' in $s does not list client2"
  break
done

phase "compose down -v, remove the image"
trap - EXIT
teardown_status=0
teardown || teardown_status=$?
print_timings
say "image size: $image_size bytes"
say "total: $(elapsed "$started" "$(date +%s.%N)") s"
[ "$teardown_status" -eq 0 ] || fail "teardown left something behind (see above)"
say "PASS"

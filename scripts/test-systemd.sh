#!/usr/bin/env bash
# Tests dist/roster.service under a real systemd: `systemd-analyze verify`,
# then systemd as PID 1 in a container (image from scripts/docker-base.sh
# systemd) with the binary, the unit, the sysusers file and the sample
# configuration installed as the unit's comments say, and checks:
#   - `systemctl start` returns only once the agent answers (Type=notify:
#     the agent's READY=1), as the roster user, with its data in the
#     StateDirectory;
#   - `systemctl reload` makes the agent read its files again (a service
#     added to /etc/roster.d appears, the agent logs the reload);
#   - `systemctl stop` is graceful: the agent exits 0 and a client agent
#     leaves the cluster (SIGINT);
#   - the same unit runs a single server (RocksDB under the hardening), which
#     takes a write and stops cleanly without leaving.
# The container is removed on exit, by name. Without a usable docker it fails
# when CI=true and is SKIPPED otherwise.
#
#   scripts/test-systemd.sh                  # uses target/debug/roster
#   ROSTER_BIN=path/to/roster scripts/test-systemd.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

TEST_NAME=test-systemd
POLL_SECONDS=0.2
# shellcheck source=scripts/docker-test-lib.sh
. scripts/docker-test-lib.sh

command -v docker >/dev/null || unavailable "docker is not installed"
docker info >/dev/null 2>&1 || unavailable "docker is not usable (daemon down or no permission)"
command -v objcopy >/dev/null || unavailable "objcopy is not installed (binutils)"
binary="${ROSTER_BIN:-$root/target/debug/roster}"
[ -x "$binary" ] || unavailable "no roster binary at $binary (cargo build -p roster-server --bin roster)"

container="roster-systemd-test-$$"
work=$(mktemp -d /tmp/roster-systemd-test.XXXXXX)
on_exit() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ] && docker inspect "$container" >/dev/null 2>&1; then
    say "the agent's journal (last 40 lines):"
    docker exec "$container" journalctl -u roster --no-pager -n 40 2>&1 | sed 's/^/    /'
  fi
  docker rm -f "$container" >/dev/null 2>&1
  rm -rf "$work"
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

in_box() { docker exec "$container" "$@"; }
prop() { in_box systemctl show -p "$1" --value roster; }
journal_count() { in_box journalctl -u roster --no-pager -o cat | grep -cF -- "$1" || true; }
# An HTTP GET through bash's /dev/tcp: the image has no HTTP client, and the
# host's static busybox wget crashes there.
http_get() {
  in_box timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/8500 &&
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3 && cat <&3' sh "$1"
}

# --- verify on the host --------------------------------------------------------
phase "systemd-analyze verify (host)"
if command -v systemd-analyze >/dev/null; then
  # The host need not have the binary the unit runs (nor procps' kill): those
  # two complaints are expected here; the verify inside the container below,
  # where both exist, must be clean.
  verify_out=$(systemd-analyze verify "$root/dist/roster.service" 2>&1 || true)
  unexpected=$(grep -vE '^roster\.service: Command (/usr/bin/roster|/bin/kill) is not executable: No such file or directory$' <<<"$verify_out" | grep -v '^$' || true)
  [ -z "$unexpected" ] || fail "systemd-analyze verify dist/roster.service: $unexpected"
else
  say "no systemd-analyze on the host; verifying in the container only"
fi

# --- a systemd container -------------------------------------------------------
phase "systemd image (scripts/docker-base.sh systemd)"
image=$(scripts/docker-base.sh systemd)

phase "boot systemd in a container"
# systemd as PID 1 needs its own cgroup namespace (so it can build its tree),
# /run and /run/lock on tmpfs, and CAP_SYS_ADMIN (mounts, and the unit's
# sandboxing: ProtectSystem, PrivateTmp, ...). --privileged would do, but
# asks for every capability, which a docker that lacks one refuses.
docker run -d --name "$container" --cgroupns=private --cap-add SYS_ADMIN \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
  --tmpfs /run --tmpfs /run/lock --stop-signal SIGRTMIN+3 \
  "$image" /sbin/init >/dev/null
booted() {
  local state
  state=$(in_box systemctl is-system-running 2>/dev/null) || true
  case "$state" in
    running) return 0 ;;
    degraded)
      say "system degraded: $(in_box systemctl --failed --no-legend --plain | tr '\n' ' ')"
      return 0
      ;;
    *) return 1 ;;
  esac
}
until_ok 30 "systemd did not finish booting in the container" booted

phase "install the binary, unit, user and config"
objcopy --strip-debug "$binary" "$work/roster"
chmod 0755 "$work/roster"
docker cp "$work/roster" "$container:/usr/bin/roster"
docker cp "$root/dist/roster.service" "$container:/usr/lib/systemd/system/roster.service"
docker cp "$root/dist/roster.sysusers" "$container:/usr/lib/sysusers.d/roster.conf"
in_box install -d -m 0750 /etc/roster.d
docker cp "$root/dist/roster.hcl" "$container:/etc/roster.d/roster.hcl"
in_box sh -ec '
  chown root:root /usr/bin/roster /usr/lib/systemd/system/roster.service /usr/lib/sysusers.d/roster.conf /etc/roster.d/roster.hcl
  systemd-sysusers roster.conf
  chgrp roster /etc/roster.d /etc/roster.d/roster.hcl
  chmod 0640 /etc/roster.d/roster.hcl
  # Test only: fail in 20 s rather than the default 90 s when the agent
  # never reports READY=1.
  mkdir -p /etc/systemd/system/roster.service.d
  printf "[Service]\nTimeoutStartSec=20s\n" >/etc/systemd/system/roster.service.d/test.conf
  systemctl daemon-reload'
verify_out=$(in_box systemd-analyze verify /usr/lib/systemd/system/roster.service 2>&1) ||
  fail "systemd-analyze verify (in the container) failed: $verify_out"
[ -z "$verify_out" ] || fail "systemd-analyze verify (in the container) complained: $verify_out"

# --- client agent, as the sample config ships --------------------------------
phase "start (client agent): active only once ready"
if ! grep -qa NOTIFY_SOCKET "$binary"; then
  say "NOTE: $binary does not mention NOTIFY_SOCKET: it has no sd_notify, so the start must time out"
fi
start_begun=$(date +%s.%N)
if ! start_out=$(in_box systemctl start roster 2>&1); then
  say "$start_out"
  say "status: $(prop Result) / $(prop ActiveState) after $(elapsed "$start_begun" "$(date +%s.%N)") s"
  fail "systemctl start roster failed: the agent never told systemd READY=1 (Type=notify; sd_notify missing or broken?)"
fi
say "systemctl start returned after $(elapsed "$start_begun" "$(date +%s.%N)") s"
# The moment start returns, the agent must answer: no retry here.
in_box roster members >/dev/null ||
  fail "systemctl start returned but the agent's API does not answer yet (READY=1 sent too early?)"
[ "$(prop ActiveState)/$(prop SubState)" = active/running ] ||
  fail "roster is $(prop ActiveState)/$(prop SubState) after start"
pid=$(prop MainPID)
[ "$(in_box stat -c %U "/proc/$pid")" = roster ] || fail "the agent does not run as the roster user"
in_box test -s /var/lib/roster/node-id || fail "no node-id in the StateDirectory /var/lib/roster"
[ "$(in_box stat -c %U:%a /var/lib/roster)" = roster:750 ] ||
  fail "/var/lib/roster is $(in_box stat -c %U:%a /var/lib/roster), not roster:750"

phase "reload: a service added to /etc/roster.d appears"
reloads_before=$(journal_count "configuration reloaded")
http_get /v1/agent/services | grep -q '"reload-check"' && fail "the service exists before the reload"
in_box sh -c 'printf "%s\n" "{\"service\": {\"name\": \"reload-check\", \"port\": 8080}}" >/etc/roster.d/50-reload-check.json
  chgrp roster /etc/roster.d/50-reload-check.json; chmod 0640 /etc/roster.d/50-reload-check.json'
in_box systemctl reload roster || fail "systemctl reload roster failed"
reloaded() { [ "$(journal_count "configuration reloaded")" -gt "$reloads_before" ]; }
until_ok 15 "the agent did not log 'configuration reloaded' after systemctl reload" reloaded
has_service() { http_get /v1/agent/services | grep -q '"reload-check"'; }
until_ok 10 "the service added before the reload is not registered" has_service
back_active() { [ "$(prop ActiveState)" = active ]; }
until_ok 10 "roster is $(prop ActiveState) after the reload, not active" back_active
[ "$(prop MainPID)" = "$pid" ] || fail "the reload restarted the agent (PID $pid -> $(prop MainPID))"

phase "stop (client agent): exit 0, leaves the cluster"
leaves_before=$(journal_count "gracefully leaving the gossip pools")
in_box systemctl stop roster || fail "systemctl stop roster failed"
# Result=success alone would also follow a death by SIGINT (a "clean"
# signal to systemd); ExecMainStatus would then be 2, and "agent stopped"
# (its last words) missing.
result="$(prop Result) $(prop ExecMainStatus)"
[ "$result" = "success 0" ] || fail "the agent did not exit cleanly: Result ExecMainStatus = $result"
[ "$(journal_count "gracefully leaving the gossip pools")" -gt "$leaves_before" ] ||
  fail "the client agent did not log leaving the cluster on stop (SIGINT)"
[ "$(journal_count "agent stopped")" -ge 1 ] || fail "the agent did not log 'agent stopped' (killed rather than stopped?)"

# --- a single server under the same unit --------------------------------------
phase "server: start, leader, KV write, stop"
in_box sh -c 'printf "%s\n" "server = true" "bootstrap_expect = 1" >/etc/roster.d/60-server.hcl
  chgrp roster /etc/roster.d/60-server.hcl; chmod 0640 /etc/roster.d/60-server.hcl'
in_box systemctl start roster || fail "systemctl start roster (server) failed"
in_box roster members >/dev/null || fail "the server's API does not answer when start returned"
kv_written() { [ "$(in_box roster kv put systemd-test ok 2>/dev/null)" = "Success! Data written to: systemd-test" ]; }
until_ok 20 "the single server did not take a KV write (no leader?)" kv_written
[ "$(in_box roster kv get systemd-test)" = ok ] || fail "the KV write did not read back"
in_box test -d /var/lib/roster/state || fail "no Raft state under /var/lib/roster"
leaves_before=$(journal_count "gracefully leaving the gossip pools")
stops_before=$(journal_count "agent stopped")
in_box systemctl stop roster || fail "systemctl stop roster (server) failed"
result="$(prop Result) $(prop ExecMainStatus)"
[ "$result" = "success 0" ] || fail "the server did not exit cleanly: Result ExecMainStatus = $result"
[ "$(journal_count "agent stopped")" -gt "$stops_before" ] || fail "the server did not log 'agent stopped'"
[ "$(journal_count "gracefully leaving the gossip pools")" = "$leaves_before" ] ||
  fail "the server left the cluster on SIGINT (servers must not: skip_leave_on_interrupt)"

phase "remove the container"
docker rm -f "$container" >/dev/null
print_timings
say "total: $(elapsed "$started" "$(date +%s.%N)") s"
say "PASS"

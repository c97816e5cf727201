#!/usr/bin/env bash
# A live 3-server Roster cluster on 127.0.0.1 for the client tests.
#   clients/testcluster.sh up DIR     starts it, waits for a leader, writes DIR/env
#   clients/testcluster.sh down DIR   stops what `up` started (by PID) and removes DIR
# DIR/env (shell syntax) holds ROSTER_GRPC_ADDRS (comma-separated host:port, one
# per server), ROSTER_HTTP_ADDRS, ROSTER_PIDS (same order) and ROSTER_DATACENTER.
# The binary is $ROSTER_BIN, else $CARGO_TARGET_DIR/debug/roster, else target/debug/roster.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${1:?usage: testcluster.sh up|down DIR}"
dir="${2:?usage: testcluster.sh up|down DIR}"
bin="${ROSTER_BIN:-${CARGO_TARGET_DIR:-$here/target}/debug/roster}"
servers=3

down() {
  if [ -f "$dir/pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$dir/pids"
    for _ in $(seq 50); do
      alive=0
      while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$dir/pids"
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done <"$dir/pids"
  fi
  rm -rf "$dir"
}

case "$cmd" in
down) down; exit 0 ;;
up) ;;
*) echo "usage: testcluster.sh up|down DIR" >&2; exit 2 ;;
esac

[ -x "$bin" ] || { echo "testcluster: no roster binary at $bin (build it: cargo build -p roster-server --bin roster)" >&2; exit 1; }
mkdir -p "$dir"
: >"$dir/pids"
# Six free TCP ports per server (UDP is checked too: serf and DNS use it).
ports=$(python3 - "$servers" <<'PY'
import socket, sys
n = int(sys.argv[1]) * 6
held, out = [], []
while len(out) < n:
    t = socket.socket(); t.bind(("127.0.0.1", 0)); p = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", p))
    except OSError:
        t.close(); continue
    held += [t, u]; out.append(p)
print(" ".join(map(str, out)))
PY
)
read -r -a p <<<"$ports"
grpc=() http=() pids=()
trap 'down' ERR
for i in $(seq 0 $((servers - 1))); do
  b=$((i * 6))
  h=${p[b]} g=${p[b + 1]} s=${p[b + 2]} lan=${p[b + 3]} wan=${p[b + 4]} dns=${p[b + 5]}
  join=()
  [ "$i" -gt 0 ] && join=("-retry-join=127.0.0.1:${p[3]}" "-retry-interval=1s")
  mkdir -p "$dir/s$i"
  "$bin" agent -server -bootstrap-expect=$servers -node="s$i" -data-dir="$dir/s$i" \
    -bind=127.0.0.1 -client=127.0.0.1 -http-port="$h" -grpc-port="$g" -server-port="$s" \
    -serf-lan-port="$lan" -serf-wan-port="$wan" -dns-port="$dns" "${join[@]}" \
    </dev/null >"$dir/s$i.log" 2>&1 &
  echo $! >>"$dir/pids"
  pids+=($!) grpc+=("127.0.0.1:$g") http+=("127.0.0.1:$h")
done

# Ready when every server reports the same leader.
for _ in $(seq 300); do
  leaders=()
  for a in "${http[@]}"; do
    leaders+=("$(curl -fsS "http://$a/v1/status/leader" 2>/dev/null || true)")
  done
  if [ -n "${leaders[0]}" ] && [ "${leaders[0]}" != '""' ] \
     && [ "$(printf '%s\n' "${leaders[@]}" | sort -u | wc -l)" = 1 ]; then
    join_by() { local IFS=,; echo "$*"; }
    {
      echo "ROSTER_GRPC_ADDRS=$(join_by "${grpc[@]}")"
      echo "ROSTER_HTTP_ADDRS=$(join_by "${http[@]}")"
      echo "ROSTER_PIDS=$(join_by "${pids[@]}")"
      echo "ROSTER_DATACENTER=dc1"
    } >"$dir/env"
    cat "$dir/env"
    exit 0
  fi
  sleep 0.1
done
echo "testcluster: no leader after 30 s; logs in $dir" >&2
tail -n 20 "$dir"/s*.log >&2
down
exit 1

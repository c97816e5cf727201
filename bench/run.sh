#!/usr/bin/env bash
# bench/run.sh — Roster (single server) against etcd (single member) on this
# machine, driven by the same client (roster-bench, gRPC for both) at the same
# concurrency and value size. Writes bench/RESULTS.md and keeps the raw JSON
# lines and server logs in bench/out/ (gitignored).
#
# Usage: bench/run.sh            (from anywhere; ~3 min with the defaults)
#
# Environment (defaults in brackets):
#   DURATION [10]  WARMUP [2]    measured / warm-up seconds per run
#   VALUE_SIZE [256]  KEYSPACE [1000]
#   WORKLOADS ["put:1 put:16 put:64 get:default:64 get:stale:64 get:consistent:64"]
#             each item is put:<c> or get:<mode>:<c>
#   ROUNDS [1]      repeat the whole list; RESULTS.md shows each target's median round
#   TARGETS ["roster etcd"]  drop one to run the other alone
#   CLIENT_THREADS [unset]   tokio threads of the load generator (default: one per CPU)
#   CONNECTIONS [unset]      HTTP/2 connections (default: one per 16 workers)
#   CARGO_TARGET_DIR [<repo>/target]  SKIP_BUILD [0]
#   ROSTER_BIN [$CARGO_TARGET_DIR/release/roster]  ETCD_BIN [etcd]
#   ROSTER_EXTRA_ARGS [unset]  extra flags for `roster agent`
#   DATA_ROOT [/tmp, or bench/out/data if /tmp is a tmpfs]  KEEP_DATA [0]
#   BASE_PORT [24000]  first port tried; used ports are skipped
#   READY_TIMEOUT [60] seconds to wait for each server to accept a put
#   RESULTS [bench/RESULTS.md]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
INVOCATION="$0${*:+ $*}"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
VALUE_SIZE=${VALUE_SIZE:-256}
KEYSPACE=${KEYSPACE:-1000}
WORKLOADS=${WORKLOADS:-"put:1 put:16 put:64 get:default:64 get:stale:64 get:consistent:64"}
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-"roster etcd"}
CLIENT_THREADS=${CLIENT_THREADS:-}
CONNECTIONS=${CONNECTIONS:-}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO_DIR/target}
SKIP_BUILD=${SKIP_BUILD:-0}
ROSTER_BIN=${ROSTER_BIN:-$CARGO_TARGET_DIR/release/roster}
BENCH_BIN=${BENCH_BIN:-$CARGO_TARGET_DIR/release/roster-bench}
ETCD_BIN=${ETCD_BIN:-etcd}
ROSTER_EXTRA_ARGS=${ROSTER_EXTRA_ARGS:-}
DATA_ROOT=${DATA_ROOT:-/tmp}
KEEP_DATA=${KEEP_DATA:-0}
BASE_PORT=${BASE_PORT:-24000}
READY_TIMEOUT=${READY_TIMEOUT:-60}
RESULTS=${RESULTS:-$BENCH_DIR/RESULTS.md}

log() { printf '[run.sh %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

wants() { [[ " $TARGETS " == *" $1 "* ]]; }

wants roster || wants etcd || die "TARGETS must name roster and/or etcd (got '$TARGETS')"

# ---------------------------------------------------------------- prerequisites

if wants etcd && ! command -v "$ETCD_BIN" >/dev/null 2>&1; then
    log "etcd not found; installing Debian's etcd-server"
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update && apt-get install -y etcd-server
    else
        sudo apt-get update && sudo apt-get install -y etcd-server
    fi
    command -v "$ETCD_BIN" >/dev/null 2>&1 || die "etcd still not on PATH after installing etcd-server"
fi

if [[ $SKIP_BUILD != 1 ]]; then
    packages=(-p roster-bench)
    wants roster && packages=(-p roster-server "${packages[@]}")
    log "cargo build --release ${packages[*]} (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
    (cd "$REPO_DIR" && cargo build --release "${packages[@]}")
fi
[[ -x $BENCH_BIN ]] || die "$BENCH_BIN missing (build roster-bench or set BENCH_BIN)"
if wants roster; then
    [[ -x $ROSTER_BIN ]] || die "$ROSTER_BIN missing (build roster-server or set ROSTER_BIN)"
fi

# ------------------------------------------------------------------ work dirs

STAMP=$(date +%Y%m%d-%H%M%S)
OUT_DIR=$BENCH_DIR/out
RUN_DIR=$OUT_DIR/$STAMP
JSONL=$OUT_DIR/results-$STAMP.jsonl
mkdir -p "$RUN_DIR"
: >"$JSONL"

# Both data dirs live under one temp dir, hence on one filesystem. A tmpfs
# would hide the fsync cost the comparison is about, so fall back to the disk
# that holds the repository.
data_fstype=$(df --output=fstype "$DATA_ROOT" 2>/dev/null | tail -n 1 | tr -d ' ' || true)
if [[ $data_fstype == tmpfs || $data_fstype == ramfs || -z $data_fstype ]]; then
    log "$DATA_ROOT is '${data_fstype:-unknown}'; using $OUT_DIR/data instead"
    DATA_ROOT=$OUT_DIR/data
    mkdir -p "$DATA_ROOT"
fi
WORK=$(mktemp -d "$DATA_ROOT/roster-bench.XXXXXX")
DATA_FS=$(df -hT "$WORK" | tail -n 1 | awk '{print $1" ("$2", "$3" total, "$5" free) mounted on "$7}')
log "data dirs under $WORK on $DATA_FS"

# ------------------------------------------------------------------- cleanup

ETCD_PID=
ROSTER_PID=

stop_pid() {
    local name=$1 pid=$2
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    log "$name (pid $pid) ignored SIGTERM for 10 s; killing"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_pid roster "$ROSTER_PID"
    stop_pid etcd "$ETCD_PID"
    if [[ $KEEP_DATA == 1 ]]; then
        log "kept data in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --------------------------------------------------------------------- ports

NEXT_PORT=$BASE_PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Sets PORT to the next port nobody listens on (TCP; gossip also uses UDP on
# the same numbers, which a TCP listener check cannot see, so rarely a clash
# could still happen: the server's log then says so).
next_port() {
    while port_in_use "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
    PORT=$NEXT_PORT
    NEXT_PORT=$((NEXT_PORT + 1))
}

# ------------------------------------------------------------- machine state

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
top_consumers() {
    # Second frame of top: CPU use over the last second, not since boot.
    if command -v top >/dev/null 2>&1; then
        top -b -n 2 -d 1 -o %CPU -w 200 2>/dev/null |
            awk '/^top -/{frame++} frame==2' | sed -n '7,16p' || true
    else
        ps -eo pid,pcpu,pmem,rss,comm --sort=-pcpu | head -n 11 || true
    fi
}

LOAD_BEFORE=$(loadavg)
TOP_BEFORE=$(top_consumers)

# ------------------------------------------------------------------ servers

# First line of a command's output, or "unknown" (no pipe into head: with
# pipefail, a SIGPIPE would count as failure).
first_line() {
    local text
    text=$("$@" 2>/dev/null) || text=unknown
    printf '%s\n' "${text%%$'\n'*}"
}

check_alive() {
    local name=$1 pid=$2 logfile=$3
    if ! kill -0 "$pid" 2>/dev/null; then
        log "$name (pid $pid) exited; last lines of $logfile:"
        tail -n 30 "$logfile" >&2 || true
        exit 1
    fi
}

wait_ready() {
    local target=$1 endpoint=$2 pid=$3 logfile=$4
    if ! "$BENCH_BIN" wait-ready --target "$target" --endpoint "$endpoint" \
        --timeout "$READY_TIMEOUT" --pid "$pid"; then
        log "$target did not become ready; last lines of $logfile:"
        tail -n 30 "$logfile" >&2 || true
        exit 1
    fi
    check_alive "$target" "$pid" "$logfile"
}

if wants etcd; then
    next_port; ETCD_PORT=$PORT
    next_port; ETCD_PEER_PORT=$PORT
    ETCD_ENDPOINT=127.0.0.1:$ETCD_PORT
    ETCD_VERSION=$(first_line "$ETCD_BIN" --version)
    ETCD_CMD=("$ETCD_BIN" --name bench --data-dir "$WORK/etcd"
        --listen-client-urls "http://$ETCD_ENDPOINT" --advertise-client-urls "http://$ETCD_ENDPOINT"
        --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT"
        --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT"
        --initial-cluster "bench=http://127.0.0.1:$ETCD_PEER_PORT")
    log "starting etcd on $ETCD_ENDPOINT ($ETCD_VERSION)"
    "${ETCD_CMD[@]}" >"$RUN_DIR/etcd.log" 2>&1 &
    ETCD_PID=$!
fi

if wants roster; then
    next_port; HTTP_PORT=$PORT
    next_port; GRPC_PORT=$PORT
    next_port; SERVER_PORT=$PORT
    next_port; SERF_LAN_PORT=$PORT
    next_port; SERF_WAN_PORT=$PORT
    ROSTER_ENDPOINT=127.0.0.1:$GRPC_PORT
    ROSTER_VERSION=$(first_line "$ROSTER_BIN" version)
    # shellcheck disable=SC2206 # ROSTER_EXTRA_ARGS is split on purpose
    ROSTER_CMD=("$ROSTER_BIN" agent -server -bootstrap-expect=1 "-data-dir=$WORK/roster" -node=bench
        -bind=127.0.0.1 -client=127.0.0.1 "-http-port=$HTTP_PORT" "-grpc-port=$GRPC_PORT"
        "-server-port=$SERVER_PORT" "-serf-lan-port=$SERF_LAN_PORT" "-serf-wan-port=$SERF_WAN_PORT"
        -dns-port=-1 $ROSTER_EXTRA_ARGS)
    log "starting roster on $ROSTER_ENDPOINT ($ROSTER_VERSION)"
    "${ROSTER_CMD[@]}" >"$RUN_DIR/roster.log" 2>&1 &
    ROSTER_PID=$!
fi

if wants etcd; then wait_ready etcd "$ETCD_ENDPOINT" "$ETCD_PID" "$RUN_DIR/etcd.log"; fi
if wants roster; then wait_ready roster "$ROSTER_ENDPOINT" "$ROSTER_PID" "$RUN_DIR/roster.log"; fi

# --------------------------------------------------------------------- runs

client_args=()
[[ -n $CLIENT_THREADS ]] && client_args+=(--threads "$CLIENT_THREADS")
FAILED_RUNS=()

run_one() {
    local target=$1 workload=$2 mode=$3 concurrency=$4
    local endpoint pid logfile
    if [[ $target == roster ]]; then
        endpoint=$ROSTER_ENDPOINT pid=$ROSTER_PID logfile=$RUN_DIR/roster.log
    else
        endpoint=$ETCD_ENDPOINT pid=$ETCD_PID logfile=$RUN_DIR/etcd.log
    fi
    check_alive "$target" "$pid" "$logfile"
    local args=("${client_args[@]}" run --target "$target" --endpoint "$endpoint"
        --workload "$workload" --concurrency "$concurrency" --value-size "$VALUE_SIZE"
        --keyspace "$KEYSPACE" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$pid")
    [[ $workload == get ]] && args+=(--mode "$mode")
    [[ -n $CONNECTIONS ]] && args+=(--connections "$CONNECTIONS")
    log "$target: $workload${mode:+ $mode} c=$concurrency"
    local line
    if line=$("$BENCH_BIN" "${args[@]}" 2>>"$RUN_DIR/client.log"); then
        printf '%s\n' "$line" >>"$JSONL"
        printf '%s\n' "$line" >&2
    else
        log "$target $workload${mode:+ $mode} c=$concurrency failed (see $RUN_DIR/client.log)"
        FAILED_RUNS+=("$target $workload${mode:+ $mode} c=$concurrency")
    fi
}

read -r -a target_list <<<"$TARGETS"
for round in $(seq 1 "$ROUNDS"); do
    item=$((round - 1))
    for spec in $WORKLOADS; do
        IFS=: read -r workload a b <<<"$spec"
        case $workload in
            put) mode= concurrency=$a ;;
            get) mode=$a concurrency=$b ;;
            *) die "bad WORKLOADS item '$spec' (want put:<c> or get:<mode>:<c>)" ;;
        esac
        [[ $concurrency =~ ^[0-9]+$ ]] || die "bad concurrency in WORKLOADS item '$spec'"
        # Alternate which system goes first, so that drift in the machine's
        # background load does not always favour the same one.
        order=("${target_list[@]}")
        if ((item % 2 == 1)) && ((${#order[@]} == 2)); then order=("${order[1]}" "${order[0]}"); fi
        for target in "${order[@]}"; do
            run_one "$target" "$workload" "$mode" "$concurrency"
        done
        item=$((item + 1))
    done
    log "round $round of $ROUNDS done"
done

LOAD_AFTER=$(loadavg)
TOP_AFTER=$(top_consumers)

# ------------------------------------------------------------------- report

if git -C "$REPO_DIR" rev-parse --short HEAD >/dev/null 2>&1; then
    COMMIT=$(git -C "$REPO_DIR" rev-parse --short HEAD)
    [[ -n $(git -C "$REPO_DIR" status --porcelain -- . ':!bench/RESULTS.md' ':!bench/out' 2>/dev/null | head -n 1) ]] && COMMIT="$COMMIT (with uncommitted changes)"
else
    COMMIT="none (no commit yet)"
fi
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown)
MEM_TOTAL=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo unknown)
env_line="DURATION=$DURATION WARMUP=$WARMUP VALUE_SIZE=$VALUE_SIZE KEYSPACE=$KEYSPACE ROUNDS=$ROUNDS"
env_line+=" TARGETS=\"$TARGETS\" WORKLOADS=\"$WORKLOADS\""
[[ -n $CLIENT_THREADS ]] && env_line+=" CLIENT_THREADS=$CLIENT_THREADS"
[[ -n $CONNECTIONS ]] && env_line+=" CONNECTIONS=$CONNECTIONS"

tmp_results=$(mktemp "$RESULTS.XXXXXX")
{
    echo "# Roster vs etcd — single node, same client"
    echo
    echo "Generated by \`bench/run.sh\`; raw JSON lines in \`bench/out/$(basename "$JSONL")\`."
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- Commit: $COMMIT"
    echo "- Machine: $(nproc) CPUs ($CPU_MODEL), $MEM_TOTAL RAM, kernel $(uname -r)"
    echo "- Data dirs (both): $DATA_FS"
    echo "- Load average (1/5/15 min): before $LOAD_BEFORE, after $LOAD_AFTER"
    wants roster && echo "- Roster: $ROSTER_VERSION"
    wants etcd && echo "- etcd: $ETCD_VERSION, default fsync behaviour"
    echo "- Client: roster-bench, closed loop, gRPC over HTTP/2 for both targets;" \
        "one connection per 16 workers unless CONNECTIONS is set; servers and client share the machine"
    echo "- Each run: ${WARMUP} s warm-up, ${DURATION} s measured; $VALUE_SIZE B random values;" \
        "$KEYSPACE keys (written before every get run); the two targets run back to back," \
        "alternating which goes first"
    if ((${#FAILED_RUNS[@]} > 0)); then
        echo "- **Failed runs** (no result, see \`bench/out/$STAMP/client.log\`): ${FAILED_RUNS[*]}"
    fi
    echo
    echo "Command:"
    echo
    echo '```'
    echo "$env_line $INVOCATION"
    echo '```'
    echo
    echo "Per run, the client is invoked as:"
    echo
    echo '```'
    echo "roster-bench ${client_args[*]:+${client_args[*]} }run --target <roster|etcd> --endpoint 127.0.0.1:<port> --workload <put|get> [--mode <default|stale|consistent>] --concurrency <c> --value-size $VALUE_SIZE --keyspace $KEYSPACE --duration $DURATION --warmup $WARMUP --server-pid <pid>"
    echo '```'
    echo
    # Commands as recorded: paths inside the repo relative to it, the
    # throw-away data dir as <data>, never this machine's absolute paths.
    shown() { local c="$*"; c=${c//"$WORK"/<data>}; c=${c//"$REPO_DIR/"/}; printf '%s' "$c"; }
    if wants roster; then
        echo "Roster: \`$(shown "${ROSTER_CMD[@]}")\`"
        echo
    fi
    if wants etcd; then
        echo "etcd: \`$(shown "${ETCD_CMD[@]}")\`"
        echo
    fi
    "$BENCH_BIN" report "$JSONL"
    echo "## Columns"
    echo
    echo "ops/s counts successful requests that completed inside the measured window; latencies" \
        "are per request as seen by the client. Server/client cores: CPU time the process used during" \
        "the window divided by its length (from /proc); other cores: the whole machine's busy" \
        "cores minus server and client, i.e. what neighbours took from the 2 CPUs. Ratios are roster/etcd: above 1 is better" \
        "for ops/s, below 1 is better for latencies and cores."
    echo
    echo "## Other processes"
    echo
    echo "Top CPU consumers (one-second sample) before the servers started:"
    echo
    echo '```'
    echo "$TOP_BEFORE"
    echo '```'
    echo
    echo "After the last run (the servers still running, idle):"
    echo
    echo '```'
    echo "$TOP_AFTER"
    echo '```'
} >"$tmp_results"
# Sections other benchmarks (bench/gossip.py) keep at the end of the file.
if [[ -f $RESULTS ]] && grep -q '^<!-- section: ' "$RESULTS"; then
    echo >>"$tmp_results"
    sed -n '/^<!-- section: /,$p' "$RESULTS" >>"$tmp_results"
fi
mv "$tmp_results" "$RESULTS"
log "wrote $RESULTS"

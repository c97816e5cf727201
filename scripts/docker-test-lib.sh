# Shared by scripts/test-compose.sh and scripts/test-systemd.sh (sourced):
# messages, the skip-or-fail rule, phase timings and polling. The sourcing
# script sets TEST_NAME first.

say() { echo "$TEST_NAME: $*"; }
fail() {
  say "FAIL: $*" >&2
  exit 1
}
# A missing prerequisite: fatal in CI, a loud skip elsewhere.
unavailable() {
  if [ "${CI:-}" = true ]; then
    fail "$* (CI=true: not skipping)"
  fi
  echo "=================================================================="
  echo "$TEST_NAME: SKIPPED: $*"
  echo "=================================================================="
  exit 0
}

# phase NAME starts timing a named step (and ends the previous one);
# `phase ""` ends the last; print_timings lists them with the total.
started=$(date +%s.%N)
phase_name=""
phase_start=""
timings=()
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
phase() {
  local now
  now=$(date +%s.%N)
  if [ -n "$phase_name" ]; then
    timings+=("$(printf '%-44s %6s s' "$phase_name" "$(elapsed "$phase_start" "$now")")")
  fi
  phase_name="${1:-}"
  phase_start=$now
  [ -z "$phase_name" ] || say "== $phase_name"
}
print_timings() {
  phase ""
  local t
  for t in "${timings[@]}"; do say "  $t"; done
}

# until_ok SECONDS WHAT CMD...: runs CMD every POLL_SECONDS (default 0.5)
# until it succeeds; fails the test naming WHAT after SECONDS.
until_ok() {
  local limit=$1 what=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what (waited ${limit} s)"
    sleep "${POLL_SECONDS:-0.5}"
  done
}

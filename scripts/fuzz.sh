#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/, cargo-fuzz with libFuzzer and
# AddressSanitizer) and runs each for FUZZ_SECONDS (default 20: the short
# run of `make test`). A crash stops the run with the input saved under
# fuzz/artifacts/<target>/. See fuzz/README.md.
#   scripts/fuzz.sh                 every target, FUZZ_SECONDS each
#   scripts/fuzz.sh dns http        only these
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-20}"
# Where new inputs are kept (fuzz/corpus, growing across runs, unless
# FUZZ_CORPUS_DIR names another: make test's short runs start from the
# seeds alone, so that their time does not grow with a local corpus).
corpus="${FUZZ_CORPUS_DIR:-$PWD/corpus}"
# cargo-fuzz passes -Zsanitizer and friends: allowed on a stable toolchain
# with RUSTC_BOOTSTRAP (no nightly is reachable here).
export RUSTC_BOOTSTRAP=1
# The fuzz build has its own target dir (its flags differ from the
# workspace's); it stays under fuzz/.
export CARGO_TARGET_DIR="$PWD/target"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
t0=$(date +%s)
cargo fuzz build
echo "fuzz build took $(( $(date +%s) - t0 ))s"
for target in "${targets[@]}"; do
  echo "==> fuzz $target for ${seconds}s"
  mkdir -p "$corpus/$target"
  # grep keeps libFuzzer's summary and any finding, not its progress; the
  # status is cargo fuzz's.
  set +e
  cargo fuzz run "$target" "$corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 \
    | grep -E '^(#[0-9]+\s+DONE|INFO: seed corpus|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|thread .* panicked|Done [0-9]+ runs|Test unit written)'
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "fuzz $target found a problem (exit $status); the input is in fuzz/artifacts/$target/"
    failed=1
  fi
done
if [ -n "${failed:-}" ]; then
  exit 1
fi
echo "fuzzing took $(( $(date +%s) - t0 ))s"

#!/usr/bin/env bash
# CI: builds every fuzz target, then runs each for ${FUZZ_SECONDS:-30} s on its seeds
# (the project's test files). Fails on the first crash, hang (> 10 s per input) or
# out-of-memory (> 2 GB). Needs the nightly toolchain and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-30}
cargo +nightly fuzz build -O
./seed.sh
for target in $(cargo +nightly fuzz list); do
  echo "== fuzz $target (${seconds} s)"
  # -O: same build as above; the corpus dir also receives what the run discovers.
  mkdir -p "corpus/$target"
  # The structured target builds a form from its bytes: let inputs grow past the seeds'.
  extra=()
  [ "$target" = check_form_structured ] && extra=(-max_len=4096)
  cargo +nightly fuzz run -O "$target" "corpus/$target" -- "${extra[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E 'Done|stat::number_of_executed_units|ERROR|SUMMARY|panicked|crash-|oom-|timeout-' || true
  # A failing run exits non-zero through PIPESTATUS.
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed (exit $status): see fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done

#!/usr/bin/env bash
# CI: builds every fuzz target, then runs each for ${FUZZ_SECONDS:-30} s on its seeds
# (the project's test files). Fails on the first crash, hang (> 10 s per input) or
# out-of-memory (> 2 GB). Needs the nightly toolchain and cargo-fuzz.
#
# Budget (2 cores): without sanitizer (-s none) the targets build in ~100 s of CPU
# (ASan: ~150 s) and run faster; 7 targets x 30 s then fit in 5 minutes. The long
# local runs (run-long.sh, README.md) use AddressSanitizer.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-30}
# FUZZ_RUNS=N runs N inputs per target from a fixed seed instead: the same inputs every
# time, so a CI run cannot turn red by chance on a crash nobody can reproduce.
if [ -n "${FUZZ_RUNS:-}" ]; then budget=(-runs="$FUZZ_RUNS" -seed=1); else budget=(-max_total_time="$seconds"); fi
cargo +nightly fuzz build -O -s none
./seed.sh
mkdir -p logs
targets=$(cargo +nightly fuzz list)
for target in $targets; do
  if [ -n "${FUZZ_RUNS:-}" ]; then echo "== fuzz $target ($FUZZ_RUNS runs, seed 1)"
  else echo "== fuzz $target (${seconds} s)"; fi
  # Same build as above; the corpus dir also receives what the run discovers.
  mkdir -p "corpus/$target"
  # The structured target builds a form from its bytes: let inputs grow past the seeds'.
  extra=()
  [ "$target" = check_form_structured ] && extra=(-max_len=4096)
  status=0
  cargo +nightly fuzz run -O -s none "$target" "corpus/$target" -- "${extra[@]}" \
    "${budget[@]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"logs/ci-$target.log" 2>&1 || status=$?
  grep -E '^Done|stat::number_of_executed_units|ERROR|SUMMARY|panicked|Test unit written' "logs/ci-$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "logs/ci-$target.log" >&2
    echo "fuzz target $target failed (exit $status): see fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
echo "fuzz: $(echo "$targets" | wc -w) passed, 0 failed"

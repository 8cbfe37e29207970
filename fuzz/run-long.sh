#!/usr/bin/env bash
# The long local runs recorded in README.md: `./run-long.sh read_xml extract_pdf`
# runs those targets one after the other, ${FUZZ_SECONDS:-600} s each, niced, logging
# to logs/<target>.log.
set -uo pipefail
cd "$(dirname "$0")"
mkdir -p logs
for target in "$@"; do
  mkdir -p "corpus/$target"
  extra=()
  [ "$target" = check_form_structured ] && extra=(-max_len=4096)
  nice -n 10 cargo +nightly fuzz run -O "$target" "corpus/$target" -- "${extra[@]}" \
    -max_total_time="${FUZZ_SECONDS:-600}" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"logs/$target.log" 2>&1
  echo "$target exit $?" >>logs/summary.txt
done

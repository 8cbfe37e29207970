#!/usr/bin/env bash
# One Markdown row per fuzz log given: target, executions, seconds, exec/s, coverage,
# corpus, peak RSS, outcome. `./stats.sh logs/*.log`
for log in "$@"; do
  t=$(basename "$log" .log)
  done_line=$(grep -E '^Done [0-9]+ runs in' "$log" | tail -1)
  runs=$(echo "$done_line" | awk '{print $2}')
  secs=$(echo "$done_line" | awk '{print $5}')
  last=$(grep -E '(DONE|REDUCE|NEW|pulse) +cov:' "$log" | tail -1)
  cov=$(echo "$last" | sed -E 's/.*cov: ([0-9]+).*/\1/')
  ft=$(echo "$last" | sed -E 's/.* ft: ([0-9]+).*/\1/')
  corp=$(echo "$last" | sed -E 's/.*corp: ([^ ]+).*/\1/')
  rss=$(grep -E 'peak_rss_mb' "$log" | tail -1 | awk '{print $2}')
  if grep -qE 'SUMMARY|ERROR: libFuzzer' "$log"; then outcome="crash (see table above)"; else outcome="no crash, hang or OOM"; fi
  echo "| \`$t\` | ${runs:-?} | ${secs:-?} | $(( ${runs:-0} / ${secs:-1} )) | $cov / $ft | $corp | ${rss:-?} MB | $outcome |"
done

#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with the project's own test files (and the small seeds
# committed under fuzz/seeds/). Re-runnable: files are copied under their content hash.
set -euo pipefail
cd "$(dirname "$0")"
root=..
add() { # target files...
  local target=$1; shift
  mkdir -p "corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16)"
  done
}
xml=("$root"/tests/fixtures/cii/*.xml "$root"/tests/fixtures/pdf/factur-x.xml "$root"/tests/hostile/*.xml)
pdf=("$root"/tests/fixtures/pdf/*.pdf "$root"/www/*.pdf "$root"/tests/hostile/*.pdf seeds/pdf/* regressions/*.pdf)
json=("$root"/examples/seed/*.json "$root"/tests/conformance/invoices/*.json "$root"/tests/hostile/*.json)
add read_xml "${xml[@]}"
add extract_pdf "${pdf[@]}"
add embed_pdf "${pdf[@]}"
add parse_json "${json[@]}"
add check_form "${json[@]}"
add explain seeds/explain/*
# The engine's own XML for each conformance invoice, when the CLI is built.
bin=${CHORUS_GUARD_BIN:-}
if [ -n "$bin" ] && [ -x "$bin" ]; then
  tmp=$(mktemp -d)
  for f in "$root"/tests/conformance/invoices/*.json; do
    "$bin" xml "$f" -o "$tmp/$(basename "$f" .json).xml" 2>/dev/null || true
  done
  add read_xml "$tmp"/*.xml
  rm -rf "$tmp"
fi

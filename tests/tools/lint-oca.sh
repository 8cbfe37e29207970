#!/usr/bin/env bash
# `npm run lint`: the checks OCA runs on a 14.0 addon (OCA/l10n-france's
# .pre-commit-config.yaml), on the addon only: pylint-odoo with .pylintrc-mandatory
# (fails) and .pylintrc (optional checks, reported), flake8, isort, black, prettier with
# @prettier/plugin-xml, eslint (errors fail, warnings are reported, as in OCA's hook),
# and README.rst generated from readme/ (tests/tools/gen-addon-readme.py).
# The configuration files at the repository root are OCA's for 14.0. Versions: Python
# tools in tests/requirements-oca.txt (.venv-oca), JS ones in package.json.
#
#   bash tests/tools/lint-oca.sh          check; exits non-zero naming the failed tools
#   bash tests/tools/lint-oca.sh --fix    apply the automatic formatters (black, isort,
#                                         prettier) and regenerate README.rst, then check
#
# Files: the addon's, tracked or new, less what OCA's pre-commit excludes (the built
# engines under static/lib/, readme/ fragments, the generated static/description/index.html).
set -euo pipefail
cd "$(dirname "$0")/../.."

fix=0
for arg in "$@"; do
  case "$arg" in
    --fix) fix=1 ;;
    *) echo "usage: $0 [--fix]" >&2; exit 2 ;;
  esac
done

addon=odoo_addon/l10n_fr_chorus_guard
venv=.venv-oca/bin
bin=node_modules/.bin
for tool in "$venv/pylint" "$venv/flake8" "$venv/black" "$venv/isort" "$bin/prettier" "$bin/eslint"; do
  [ -x "$tool" ] || { echo "lint: $tool is missing: run npm run setup" >&2; exit 1; }
done

files=()
while IFS= read -r -d '' f; do
  [ -f "$f" ] && files+=("$f")
done < <(git ls-files -z --cached --others --exclude-standard -- "$addon" |
  grep -zEv '/static/(src/)?lib/|/static/description/index\.html$|/readme/.*\.(rst|md)$' || true)
py=() py_no_init=() js=() pretty=()
for f in "${files[@]}"; do
  case "$f" in
    *.py)
      py+=("$f")
      case "$f" in */__init__.py) ;; *) py_no_init+=("$f") ;; esac
      ;;
  esac
  case "$f" in *.js) js+=("$f") ;; esac
  case "$f" in
    *.css | *.htm | *.html | *.js | *.json | *.jsx | *.less | *.md | *.scss | *.toml | *.ts | *.xml | *.yaml | *.yml)
      pretty+=("$f")
      ;;
  esac
done

if [ "$fix" = 1 ]; then
  echo "== lint --fix: black, isort, prettier, README.rst"
  "$venv/python" tests/tools/gen-addon-readme.py
  "$venv/black" --quiet "${py[@]}"
  "$venv/isort" --settings=. --quiet "${py_no_init[@]}"
  "$bin/prettier" --plugin=@prettier/plugin-xml --loglevel warn --write "${pretty[@]}"
fi

failed=()
step() {
  local name=$1
  shift
  echo "== lint: $name"
  if ! "$@"; then failed+=("$name"); fi
}
step "pylint-odoo (mandatory checks, .pylintrc-mandatory)" \
  "$venv/pylint" --rcfile=.pylintrc-mandatory --output-format=text "$addon"
echo "== lint: pylint-odoo (optional checks, .pylintrc; reported, never fatal)"
"$venv/pylint" --rcfile=.pylintrc --output-format=text --exit-zero "$addon" |
  grep -v '^\*\{13\} Module' || echo "(none)"
step "README.rst is the generation of readme/ (gen-addon-readme.py)" \
  "$venv/python" tests/tools/gen-addon-readme.py --check
step flake8 "$venv/flake8" "${py[@]}"
step "isort (except __init__.py)" "$venv/isort" --settings=. --check-only --diff --quiet "${py_no_init[@]}"
step black "$venv/black" --check --quiet "${py[@]}"
step "prettier (with plugin-xml)" \
  "$bin/prettier" --plugin=@prettier/plugin-xml --loglevel warn --check "${pretty[@]}"
step "eslint (errors fail, warnings reported)" "$bin/eslint" --no-color --format unix "${js[@]}"

if [ ${#failed[@]} -gt 0 ]; then
  printf 'lint: FAILED: %s\n' "${failed[@]}" >&2
  echo "lint: formatting (black, isort, prettier) is fixed by: npm run lint -- --fix" >&2
  exit 1
fi
echo "lint: OCA checks passed (${#py[@]} Python, ${#js[@]} JS, ${#pretty[@]} prettier files)"

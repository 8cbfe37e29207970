#!/usr/bin/env bash
# The engine for the Odoo server (src/wasi.rs): a C-ABI WebAssembly module with no
# imports at all, run by Python's wasmtime (engine/wasm_engine.py in the addon).
# Part of `npm run build` (the end of tests/tools/build-wasm.sh).
#
# wasm32-unknown-unknown without wasm-bindgen. lopdf pulls getrandom 0.3, whose browser
# backend would import JavaScript's crypto: getrandom's `custom` backend is chosen
# instead (src/wasi.rs says why that is safe). That flag changes every dependency's
# build, so it gets its own target directory and never invalidates the browser build.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PATH="$HOME/.cargo/bin:$PATH"
out=odoo_addon/l10n_fr_chorus_guard/engine/chorus_guard_server.wasm

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "build-server: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The module's maximum memory: engine/wasm_engine.py's MAX_MEMORY tells wasmtime to
# reserve just that (Odoo's workers cap their address space); a test checks they agree.
max_memory=$((256 * 1024 * 1024))

target_dir="${CARGO_TARGET_DIR:-$PWD/target}/server-wasm"
echo "build-server: cargo build (wasm32-unknown-unknown, release opt-level s, feature server)"
# opt-level s: every Odoo worker compiles the module on its first call, and the smaller
# code compiles about a third faster; checks stay around a millisecond or two.
CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
RUSTFLAGS="--cfg getrandom_backend=\"custom\" -C link-arg=--max-memory=$max_memory" \
  cargo build --quiet --release --lib --target wasm32-unknown-unknown \
  --no-default-features --features server --target-dir "$target_dir"
wasm_in="$target_dir/wasm32-unknown-unknown/release/chorus_guard.wasm"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$wasm_in" "$tmp/server.wasm"

# Optional size pass, only when binaryen is already there (npm `binaryen` or Debian's).
wasm_opt=""
if [ -x node_modules/.bin/wasm-opt ]; then wasm_opt=node_modules/.bin/wasm-opt
elif command -v wasm-opt >/dev/null; then wasm_opt=wasm-opt; fi
if [ -n "$wasm_opt" ]; then
  echo "build-server: $wasm_opt -Oz"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/server.wasm" -o "$tmp/opt.wasm" && mv "$tmp/opt.wasm" "$tmp/server.wasm"
fi

mkdir -p "$(dirname "$out")"
cp "$tmp/server.wasm" "$out"
raw=$(stat -c %s "$out")
gz=$(gzip -9 -c "$out" | wc -c)
echo "build-server: $out $raw bytes ($gz bytes gzipped)"

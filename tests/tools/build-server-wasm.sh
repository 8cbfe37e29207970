#!/usr/bin/env bash
# The engine for the Odoo server (src/hosts/server.rs): a C-ABI WebAssembly module with no
# imports at all, run by Python's wasmtime (engine/wasm_engine.py in the addon).
# Part of `npm run build` (the end of tests/tools/build-wasm.sh).
#
# wasm32-unknown-unknown without wasm-bindgen. lopdf pulls getrandom 0.3, whose browser
# backend would import JavaScript's crypto: getrandom's `custom` backend is chosen
# instead (src/hosts/server.rs says why that is safe). That flag changes every dependency's
# build, so it gets its own target directory and never invalidates the browser build.
#
# `--selftest`: the test-only module instead (feature `selftest`: the operation
# `selftest_panic` panics on purpose), built by Cargo's `dev` profile into
# target/selftest/chorus_guard_server.wasm; see build-wasm.sh --selftest.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/tools/repro-flags.sh

export PATH="$HOME/.cargo/bin:$PATH"
out=odoo_addon/l10n_fr_chorus_guard/engine/chorus_guard_server.wasm
features=server
profile=release
case "${1:-}" in
  --selftest) out=target/selftest/chorus_guard_server.wasm features=server,selftest profile=dev ;;
  "") ;;
  *) echo "usage: $0 [--selftest]" >&2; exit 2 ;;
esac

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "build-server: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The module's maximum memory: engine/wasm_engine.py's MAX_MEMORY tells wasmtime to
# reserve just that (Odoo's workers cap their address space); a test checks they agree.
max_memory=$((256 * 1024 * 1024))

target_dir="${CARGO_TARGET_DIR:-$PWD/target}/server-wasm"
echo "build-server: cargo build (wasm32-unknown-unknown, profile $profile, feature $features)"
# opt-level 3, the release profile's own: a server call through wasmtime should cost at
# most twice the native one (issue 5), and against opt-level "s" it runs check and xml
# 1.6-1.7x faster (50 and 1000 lines) for 5 % more bytes (1.62 MB against 1.55 MB; no
# browser fetches this module) and 0.27 s more compiling, once per Odoo worker (1.26 s
# against 0.99 s). BENCHMARKS.md has the figures.
# No target-feature flag is needed for bulk-memory: rustc 1.95 enables it for this target
# (`rustc --print cfg --target wasm32-unknown-unknown`), so copies are `memory.copy`
# (wasmtime's memcpy), not a byte loop: the module has some 1 400 of them.
# simd128: memchr (the JSON scan, quick-xml) then looks at 16 bytes at a time instead
# of 4, and LLVM vectorises byte loops such as the XML escaping check: a one-line check
# or xml runs some 5 % fewer instructions (callgrind of the compiled module), 1000 lines
# 4 % faster. Every wasmtime the shim supports (12 to 25) has SIMD on by default, and on
# x86-64 such an engine already needs SSE4.2 whatever the module: nothing new is asked of
# the server.
RUSTFLAGS="--cfg getrandom_backend=\"custom\" -C link-arg=--max-memory=$max_memory -C target-feature=+simd128 $CHORUS_GUARD_RUSTFLAGS" \
  cargo build --quiet --profile "$profile" --lib --target wasm32-unknown-unknown \
  --no-default-features --features "$features" --target-dir "$target_dir"
wasm_in="$target_dir/wasm32-unknown-unknown/${profile/#dev/debug}/chorus_guard.wasm"

# No wasm-opt pass: its -Oz would undo opt-level 3, and this module's size matters to
# no one (it is not downloaded, only compiled once per worker).
mkdir -p "$(dirname "$out")"
cp "$wasm_in" "$out"
raw=$(stat -c %s "$out")
gz=$(gzip -9 -c "$out" | wc -c)
echo "build-server: $out $raw bytes ($gz bytes gzipped)"

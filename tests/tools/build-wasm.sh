#!/usr/bin/env bash
# `npm run build`: the engine as WebAssembly for the browser and the Odoo 14 addon.
# Installs what it lacks (the wasm32 target, wasm-bindgen-cli at the crate's exact
# wasm-bindgen version), builds two modules — the engine (chorus_guard*, global
# chorus_guard_wasm) and the PDF module fetched on demand (chorus_guard_pdf*, global
# chorus_guard_pdf_wasm) —, writes each no-modules glue under its own unique global (an
# Odoo 14 bundle is one classic script: ES-module glue breaks it, and two default glues
# clash on `wasm_bindgen`), and a version.json naming every file by content hash.
#
#   bash tests/tools/build-wasm.sh --selftest   the test-only engines instead (`npm test`
#       runs it): the same modules with the feature `selftest` (`selftest_panic`, which
#       panics on purpose, so that the tests prove a trap is survived), under
#       target/selftest/, never committed and never shipped. See build_selftest below.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/tools/repro-flags.sh

selftest=false
case "${1:-}" in
  --selftest) selftest=true ;;
  "") ;;
  *) echo "usage: $0 [--selftest]" >&2; exit 2 ;;
esac

out=odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "build: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be the very version the crate links, or the glue and the module disagree.
# A wasm-bindgen on PATH is used when it is that version; otherwise the CLI goes into a
# root of its own per version, so that checkouts pinning other versions (or a global
# install) never overwrite each other's.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$want" ] || { echo "build: wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
bindgen=wasm-bindgen
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)" != "$want" ]; then
  root="${CARGO_HOME:-$HOME/.cargo}/chorus-guard-tools/wasm-bindgen-$want"
  bindgen="$root/bin/wasm-bindgen"
  if [ "$("$bindgen" --version 2>/dev/null | awk '{print $2}' || true)" != "$want" ]; then
    echo "build: installing wasm-bindgen-cli $want into $root"
    # --locked first; when the registry lacks one of the CLI's locked dependencies,
    # resolving afresh still gives the same CLI version.
    cargo install --quiet --locked --root "$root" wasm-bindgen-cli --version "=$want" ||
      cargo install --quiet --root "$root" wasm-bindgen-cli --version "=$want"
  fi
fi

target_dir=${CARGO_TARGET_DIR:-target}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# build_module FEATURE PROFILE NAME GLOBAL: one wasm-bindgen module of this crate, built
# with the Cargo profile PROFILE (Cargo.toml says why each), written to $out/NAME_bg.wasm
# and $out/NAME.js (glue under GLOBAL, fresh glues from GLOBAL_factory).
build_module() {
  local feature=$1 profile=$2 name=$3 global=$4
  echo "build: cargo build (wasm32-unknown-unknown, profile $profile, feature $feature)"
  RUSTFLAGS="${RUSTFLAGS:-} $CHORUS_GUARD_RUSTFLAGS" cargo build --quiet --profile "$profile" --lib --target wasm32-unknown-unknown --no-default-features --features "$feature"
  # Cargo's `dev` profile builds into `debug`.
  local wasm_in="$target_dir/wasm32-unknown-unknown/${profile/#dev/debug}/chorus_guard.wasm"
  local dir="$tmp/$name"
  mkdir -p "$dir"
  # Function names are for debugging: a panic's message is printed by the panic hook.
  "$bindgen" --target no-modules --no-modules-global "$global" --no-typescript \
    --remove-name-section --remove-producers-section --out-name "$name" --out-dir "$dir" "$wasm_in"

  # No wasm-opt pass: binaryen is not among the project's pinned tools, and an unpinned one
  # breaks wasm-bindgen's externref table (an older wasm-opt did); the size budget is met
  # by the Cargo profiles alone (BENCHMARKS.md, *The browser module's size*).

  cp "$dir/${name}_bg.wasm" "$out/${name}_bg.wasm"
  # The glue, wrapped in a factory: after a panic (a trap) the loader needs a fresh glue
  # and instance, and wasm-bindgen's no-modules glue initialises only once.
  # `var`, not `let`: a bundle that holds the file twice must still parse.
  {
    echo "// Chorus Guard $feature module: wasm-bindgen $want glue (--target no-modules, global $global)."
    echo "// ${global}_factory() returns a fresh, uninitialised glue (see engine_loader.js)."
    echo "var ${global}_factory = function () {"
    cat "$dir/$name.js"
    echo "return $global;"
    echo "};"
    echo "var $global = ${global}_factory();"
  } > "$out/$name.js"
}

# The test-only engines: one browser module with both modules' exports and
# `selftest_panic`, its glue written twice, under the engine's global and under the PDF
# module's, so that a test page loads it as either (the loader wraps each one's exports);
# and the server module with `selftest_panic` (build-server-wasm.sh --selftest). Cargo's
# `dev` profile: the trap is the same as in the shipped builds (panic = abort on this
# target), the build has its own output folder (it never makes Cargo rebuild the shipped
# engines) and takes no LTO pass.
build_selftest() {
  out=target/selftest/browser
  mkdir -p "$out"
  build_module wasm,wasm-pdf,selftest dev chorus_guard chorus_guard_wasm
  build_module wasm,wasm-pdf,selftest dev chorus_guard_pdf chorus_guard_pdf_wasm
  bash tests/tools/build-server-wasm.sh --selftest
}

if $selftest; then
  build_selftest
  exit 0
fi

# The engine the form loads with the page, then the PDF module it fetches on demand.
build_module wasm wasm chorus_guard chorus_guard_wasm
build_module wasm-pdf wasm-pdf chorus_guard_pdf chorus_guard_pdf_wasm

version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sha() { sha256sum "$out/$1" | cut -c1-16; }
cat > "$out/version.json" <<JSON
{
  "version": "$version",
  "wasm": "chorus_guard_bg.wasm?v=$(sha chorus_guard_bg.wasm)",
  "glue": "chorus_guard.js?v=$(sha chorus_guard.js)",
  "pdf_wasm": "chorus_guard_pdf_bg.wasm?v=$(sha chorus_guard_pdf_bg.wasm)",
  "pdf_glue": "chorus_guard_pdf.js?v=$(sha chorus_guard_pdf.js)"
}
JSON

for name in chorus_guard chorus_guard_pdf; do
  raw=$(stat -c %s "$out/${name}_bg.wasm")
  gz=$(gzip -9 -c "$out/${name}_bg.wasm" | wc -c)
  echo "build: $out/${name}_bg.wasm $raw bytes ($gz bytes gzipped), version $version"
done
bash tests/tools/build-server-wasm.sh

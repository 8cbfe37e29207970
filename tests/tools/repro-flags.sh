# Sourced by tests/tools/build-wasm.sh and build-server-wasm.sh (from the repository root).
# The built engines are committed, and CI checks that a fresh clone, in whatever folder,
# rebuilds them byte for byte (tests/tools/check-engines.sh). rustc writes the absolute
# path of every source file whose code can panic into the module (panic locations):
# the checkout's, the target directory's and Cargo's registry's. They are mapped to fixed
# names, so the bytes do not depend on where the clone or Cargo's home is.
# Each build script adds $CHORUS_GUARD_RUSTFLAGS to the RUSTFLAGS of its cargo build.
case "$PWD${CARGO_HOME:-$HOME/.cargo}${CARGO_TARGET_DIR:-}" in
  *[[:space:]]*)
    echo "build: a path holds a space (checkout, CARGO_HOME or CARGO_TARGET_DIR); RUSTFLAGS cannot remap it" >&2
    exit 1
    ;;
esac
CHORUS_GUARD_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$PWD=/chorus-guard"
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  # rustc applies the last prefix that matches: a target dir inside the checkout maps too.
  CHORUS_GUARD_RUSTFLAGS="$CHORUS_GUARD_RUSTFLAGS --remap-path-prefix=$(cd "$CARGO_TARGET_DIR" 2>/dev/null && pwd || echo "$CARGO_TARGET_DIR")=/target"
fi
export CHORUS_GUARD_RUSTFLAGS

#!/usr/bin/env bash
# The built engines are committed, so that a clone on an addons path is a working addon
# (issue 11, bug 4). This script keeps them honest.
#
#   bash tests/tools/check-engines.sh --stamp   after a build (the end of `npm run build`):
#       writes engine/build_stamp.json in the addon: the rustc that built the engines, the
#       hash of the sources they were built from, and each committed engine file's hash.
#   bash tests/tools/check-engines.sh           after a build (`npm test`, CI): compares
#       the engines just built with the committed ones (git's index) and fails, naming the
#       fix, unless they are the same bytes.
#
# When this machine's rustc is not the one in the committed stamp (a later toolchain
# gives other bytes), a byte comparison proves nothing; the check then requires that the
# committed stamp was made from exactly these sources and names exactly the committed
# files, puts the committed engines back in place, and says how to move to the new
# compiler. The browser's PDF module (chorus_guard_pdf*) is not committed (only the demo,
# www/, uses it, and `npm start` builds it); version.json, which is, holds its hash.
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=check
for arg in "$@"; do
  case "$arg" in
    --stamp) mode=stamp ;;
    --check) mode=check ;;
    *) echo "usage: $0 [--stamp|--check]" >&2; exit 2 ;;
  esac
done

export PATH="$HOME/.cargo/bin:$PATH"
rustc_version=$(rustc -V)

exec python3 - "$mode" "$rustc_version" <<'PY'
import hashlib
import importlib.util
import json
import os
import subprocess
import sys

mode, rustc = sys.argv[1], sys.argv[2]
ADDON = "odoo_addon/l10n_fr_chorus_guard"
# The committed engine set is the one the addon's install check requires (what the Odoo
# form and server load), and the stamp it reads: hooks.py imports no odoo.
_spec = importlib.util.spec_from_file_location("cg_hooks", os.path.join(ADDON, "hooks.py"))
hooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hooks)
FILES = list(hooks.ENGINE_FILES)
STAMP = hooks.STAMP
# What decides the engines' bytes, besides the compiler: the crate and its locked
# dependencies, and the build scripts (flags, wasm-bindgen options, the glue wrapper).
SOURCES = [
    "src",
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    ".cargo",
    "rust-toolchain",
    "rust-toolchain.toml",
    "tests/tools/build-wasm.sh",
    "tests/tools/build-server-wasm.sh",
    "tests/tools/repro-flags.sh",
]
FIX = "run `npm run build`, then commit what it rewrote"


def git(*args, check=True):
    return subprocess.run(["git"] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=check).stdout


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read(rel):
    with open(os.path.join(ADDON, rel), "rb") as f:
        return f.read()


def sources_hash():
    """One hash of every source file, committed or not yet added, by path and content:
    a developer's unsaved change to src/ must count."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
                 *SOURCES).decode().split("\0")
    lines = []
    for path in sorted(set(p for p in listed if p and os.path.isfile(p))):
        with open(path, "rb") as f:
            lines.append("%s  %s\n" % (sha256(f.read()), path))
    return sha256("".join(lines).encode()), len(lines)


def wasm_bindgen_version():
    with open("Cargo.lock", encoding="utf-8") as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line == 'name = "wasm-bindgen"' and i + 1 < len(lines):
            return lines[i + 1].split('"')[1]
    return "?"


def fail(message):
    sys.exit("check-engines: FAILED: " + message)


if git("rev-parse", "--is-inside-work-tree", check=False).strip() != b"true":
    if mode == "check":
        print("check-engines: not a git checkout, nothing committed to compare: skipped")
        sys.exit(0)

digest, count = sources_hash()
if mode == "stamp":
    missing = [f for f in FILES if not os.path.isfile(os.path.join(ADDON, f))]
    if missing:
        fail("not built: %s (run `npm run build`)" % ", ".join(missing))
    stamp = {
        "about": "Written by `npm run build` (tests/tools/check-engines.sh --stamp). "
                 "npm test rebuilds the engines and compares them with these.",
        "rustc": rustc,
        "wasm_bindgen": wasm_bindgen_version(),
        "sources_sha256": digest,
        "sources": SOURCES,
        "files_sha256": {f: sha256(read(f)) for f in FILES},
    }
    with open(os.path.join(ADDON, STAMP), "w", encoding="utf-8") as f:
        json.dump(stamp, f, indent=2, sort_keys=True)
        f.write("\n")
    print("check-engines: %s/%s written (%s, sources %s over %d files)"
          % (ADDON, STAMP, rustc, digest[:16], count))
    sys.exit(0)

# --check: the tree was just built; git's index holds what is committed (or staged).
committed = {}
for rel in FILES + [STAMP]:
    path = "%s/%s" % (ADDON, rel)
    try:
        committed[rel] = git("show", ":" + path)
    except subprocess.CalledProcessError:
        fail("%s is not committed: %s (git add %s)" % (path, FIX, path))
stamp = json.loads(committed[STAMP])
differ = [rel for rel in FILES + [STAMP]
          if not os.path.isfile(os.path.join(ADDON, rel)) or read(rel) != committed[rel]]
paths = " ".join("%s/%s" % (ADDON, rel) for rel in differ)

if not differ:
    sizes = ", ".join("%s %d" % (os.path.basename(f), len(committed[f])) for f in FILES)
    print("check-engines: OK, the committed engines are this build's bytes (%s; sources "
          "%s; %s)" % (rustc, digest[:16], sizes))
    sys.exit(0)

if stamp.get("sources_sha256") != digest:
    fail("the committed engines were built from other sources than these (src/, "
         "Cargo.lock or a build script changed since). The build has just rewritten "
         "them: check the tests, then commit them:\n  git add %s\n"
         "(on another checkout: %s)" % (paths, FIX))

if stamp.get("rustc") == rustc:
    fail("same sources and same compiler (%s), yet other bytes than the committed "
         "engines: %s. Either they were changed by hand or the build depends on "
         "something outside the sources (a path, an environment variable: see "
         "tests/tools/repro-flags.sh). %s." % (rustc, paths, FIX))

# Another compiler: the committed files must be the ones the committed stamp names.
stale = [rel for rel in FILES
         if stamp.get("files_sha256", {}).get(rel) != sha256(committed[rel])]
if stale:
    fail("the committed engines are not those of their stamp (%s): %s"
         % (", ".join(stale), FIX))
git("checkout", "--", *["%s/%s" % (ADDON, rel) for rel in differ])
print("check-engines: WARNING: this machine has %s, the committed engines were built "
      "by %s, whose bytes differ. They were built from exactly these sources (stamp "
      "sources %s) and are the files their stamp names: accepted, and put back in "
      "place for the tests. To build them with this compiler: %s (and say so in the "
      "commit)." % (rustc, stamp.get("rustc"), digest[:16], FIX))
PY

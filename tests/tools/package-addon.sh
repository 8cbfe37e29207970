#!/usr/bin/env bash
# `npm run package`: the Odoo 14 addon as one zip an administrator unpacks into an addons
# path, with the engine built inside (the browser's static/lib/chorus_guard/ and the
# server's engine/chorus_guard_server.wasm, committed too: tests/tools/check-engines.sh).
#
#   npm run package                                   (builds first: `npm run build`)
#   bash tests/tools/package-addon.sh --no-build      (zips the engine already built)
#
# Writes out/l10n_fr_chorus_guard-<manifest version>.zip holding l10n_fr_chorus_guard/ only:
# no __pycache__, *.pyc, dotfiles or editor leftovers. The zip is reproducible: entries in
# sorted order, one timestamp (SOURCE_DATE_EPOCH, else the last commit's date), fixed
# permissions, so the same tree gives the same bytes. It then reads its own zip back and
# exits non-zero unless the manifest, the data files it names and both engine modules are
# inside (and the engine files are the build that version.json names).
set -euo pipefail
cd "$(dirname "$0")/../.."

addon=l10n_fr_chorus_guard
src=odoo_addon/$addon
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  npm run --silent build
fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 6))'; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { echo "package: python3 is needed to write the zip" >&2; exit 1; }

epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
mkdir -p out

"$python" - "$src" "$epoch" <<'PY'
import ast
import hashlib
import json
import os
import sys
import time
import zipfile

src, epoch = sys.argv[1], int(sys.argv[2])
addon = os.path.basename(src)
ENGINE = [
    "static/lib/chorus_guard/chorus_guard.js",
    "static/lib/chorus_guard/chorus_guard_bg.wasm",
    "static/lib/chorus_guard/version.json",
    "engine/chorus_guard_server.wasm",
    "engine/build_stamp.json",
]
SKIP_DIRS = {"__pycache__", "node_modules"}
SKIP_SUFFIXES = (".pyc", ".pyo", "~", ".swp", ".orig", ".rej")
# The browser's PDF module (pdf, extract, read, explain) is for the demo: the Odoo form
# never writes or reads a file, nor explains a rejection, in the browser
# (chorus_guard_form.js calls none of them, views/assets.xml does not load its glue; Odoo
# does all that on the server), so the addon does not ship it.
SKIP_FILES = {
    "static/lib/chorus_guard/chorus_guard_pdf.js",
    "static/lib/chorus_guard/chorus_guard_pdf_bg.wasm",
}


def fail(message):
    sys.exit("package: " + message)


with open(os.path.join(src, "__manifest__.py"), encoding="utf-8") as f:
    manifest = ast.literal_eval(f.read())
version = manifest.get("version") or fail("no version in __manifest__.py")
if not version.startswith("14.0."):
    version = "14.0." + version
for rel in ENGINE:
    if not os.path.isfile(os.path.join(src, rel)):
        fail("%s/%s is missing: run `npm run build` (or drop --no-build)" % (src, rel))

files = []
for root, dirs, names in os.walk(src):
    dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
    for name in names:
        if name.startswith(".") or name.endswith(SKIP_SUFFIXES):
            continue
        path = os.path.join(root, name)
        rel = os.path.relpath(path, src).replace(os.sep, "/")
        if rel not in SKIP_FILES:
            files.append(rel)
files.sort()

# Zip timestamps start in 1980 and have no time zone: UTC, clamped.
stamp = time.gmtime(max(epoch, 315532800))[:6]
out = os.path.join("out", "%s-%s.zip" % (addon, version))
tmp = out + ".tmp"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for rel in files:
        info = zipfile.ZipInfo("%s/%s" % (addon, rel), date_time=stamp)
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(src, rel), "rb") as f:
            z.writestr(info, f.read(), compresslevel=9)
os.replace(tmp, out)

# Read it back: what an administrator unpacks must be a complete addon.
problems = []
with zipfile.ZipFile(out) as z:
    names = z.namelist()
    bad = z.testzip()
    if bad:
        problems.append("corrupt entry " + bad)
    listing = [(i.filename, i.file_size) for i in z.infolist()]
    for name, size in listing:
        print("  %9d  %s" % (size, name))
    inside = set(names)
    required = ["__manifest__.py", "__init__.py"] + ENGINE + list(manifest.get("data", []))
    for rel in required:
        if "%s/%s" % (addon, rel) not in inside:
            problems.append("missing %s/%s" % (addon, rel))
    for name in names:
        if not name.startswith(addon + "/"):
            problems.append("outside the addon: " + name)
        if "__pycache__" in name.split("/") or name.endswith((".pyc", ".pyo")):
            problems.append("compiled Python: " + name)
    if names != sorted(names):
        problems.append("entries not in sorted order")
    if not problems:
        for rel in ("static/lib/chorus_guard/chorus_guard_bg.wasm", "engine/chorus_guard_server.wasm"):
            if z.read("%s/%s" % (addon, rel))[:4] != b"\0asm":
                problems.append("%s is not a WebAssembly module" % rel)
        # version.json names the files by their content hash: the zip must hold that build.
        lib = addon + "/static/lib/chorus_guard/"
        v = json.loads(z.read(lib + "version.json"))
        for key, name in (("wasm", "chorus_guard_bg.wasm"), ("glue", "chorus_guard.js")):
            want = (v.get(key) or "").partition("?v=")[2]
            got = hashlib.sha256(z.read(lib + name)).hexdigest()[:16]
            if want != got:
                problems.append("version.json names %s %r, the zip holds %s" % (name, want, got))
if problems:
    os.remove(out)
    fail("the zip is incomplete, removed:\n  " + "\n  ".join(problems))
size = os.path.getsize(out)
with open(out, "rb") as f:
    digest = hashlib.sha256(f.read()).hexdigest()
print("package: %s  %d bytes (%.1f MiB), %d files, sha256 %s" % (
    out, size, size / 1048576.0, len(names),
    digest[:16]))
PY

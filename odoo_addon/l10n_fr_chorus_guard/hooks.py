# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Installation hook: the addon refuses to install without its engines.

Both engines are built from the Rust sources (``npm run build``) and shipped in git, in
the zip and in the wheel. An addon folder without them (a copy that lost its binaries, a
build interrupted half-way) would install without complaint, then refuse every Chorus
Pro invoice at posting. :func:`check_engines` is a plain function (no ``odoo`` import)
so that it is tested without Odoo (tests/server/test_install_check.py).
"""
import hashlib
import json
import os

ADDON_DIR = os.path.dirname(os.path.abspath(__file__))

# What the server (wasmtime) and the invoice form (views/assets.xml) load.
ENGINE_FILES = (
    "engine/chorus_guard_server.wasm",
    "static/lib/chorus_guard/chorus_guard.js",
    "static/lib/chorus_guard/chorus_guard_bg.wasm",
    "static/lib/chorus_guard/version.json",
)
WASM_MAGIC = b"\0asm"
# Written by `npm run build`: the hash of each engine file as built.
STAMP = "engine/build_stamp.json"

FIX_FR = (
    "lancez « npm run build » à la racine du dépôt Chorus Guard, ou installez le "
    "paquet publié (zip de « npm run package » ou wheel)"
)
FIX_EN = (
    "run `npm run build` at the root of the Chorus Guard repository, or install the "
    "published package (the `npm run package` zip or the wheel)"
)


class MissingEngineError(Exception):
    """The addon folder lacks an engine file, or holds a damaged one. French first."""

    def __init__(self, problems_fr, problems_en):
        self.message_fr = "Moteur Chorus Guard absent ou incomplet ({}) : {}.".format(
            "; ".join(problems_fr), FIX_FR
        )
        self.message_en = "Chorus Guard engine missing or incomplete ({}): {}.".format(
            "; ".join(problems_en), FIX_EN
        )
        super().__init__(self.message_fr + "\n" + self.message_en)


def check_engines(addon_dir=ADDON_DIR):
    """Raises :class:`MissingEngineError` unless every engine file is there, each
    WebAssembly module starts as one, and each file is the one the build stamp names
    (when the stamp is there: a copy that mixes two builds is refused too)."""
    problems_fr, problems_en = [], []
    for rel in ENGINE_FILES:
        path = os.path.join(addon_dir, rel)
        if not os.path.isfile(path):
            problems_fr.append("{} manque".format(rel))
            problems_en.append("{} is missing".format(rel))
            continue
        with open(path, "rb") as f:
            head = f.read(4)
        if rel.endswith(".wasm") and head != WASM_MAGIC:
            problems_fr.append("{} n'est pas un module WebAssembly".format(rel))
            problems_en.append("{} is not a WebAssembly module".format(rel))
    stamp_path = os.path.join(addon_dir, STAMP)
    if not problems_fr and os.path.isfile(stamp_path):
        with open(stamp_path, encoding="utf-8") as f:
            want = json.load(f).get("files_sha256", {})
        for rel in ENGINE_FILES:
            with open(os.path.join(addon_dir, rel), "rb") as f:
                got = hashlib.sha256(f.read()).hexdigest()
            if rel in want and want[rel] != got:
                problems_fr.append("{} n'est pas celui de {}".format(rel, STAMP))
                problems_en.append("{} is not the one {} names".format(rel, STAMP))
    if problems_fr:
        raise MissingEngineError(problems_fr, problems_en)


def pre_init_hook(cr):
    """Odoo calls this before installing the addon: no engine, no installation."""
    try:
        check_engines(ADDON_DIR)
    except MissingEngineError as e:
        from odoo.exceptions import UserError

        raise UserError(str(e)) from e

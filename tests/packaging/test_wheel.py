"""The addon's wheel (setup/, setuptools-odoo, `npm run wheel`): built from this checkout,
it holds a complete addon whose engines are the committed bytes, and installed with
`pip install --no-deps` it is an addon whose install check passes and whose server engine
answers. Its dependencies (Odoo, which no registry has, and OCA's addons) are read from
its metadata, not installed."""
import ast
import email.parser
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDON = "odoo_addon/l10n_fr_chorus_guard"
PREFIX = "odoo/addons/l10n_fr_chorus_guard/"
ENGINES = (
    "engine/chorus_guard_server.wasm",
    "static/lib/chorus_guard/chorus_guard.js",
    "static/lib/chorus_guard/chorus_guard_bg.wasm",
    "static/lib/chorus_guard/version.json",
    "engine/build_stamp.json",
)
VENV_OCA = os.path.join(ROOT, ".venv-oca", "bin")


def committed(rel):
    """The bytes git holds (index) for an addon file."""
    return subprocess.run(
        ["git", "show", ":{}/{}".format(ADDON, rel)], cwd=ROOT, check=True,
        stdout=subprocess.PIPE,
    ).stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if not os.path.isfile(os.path.join(VENV_OCA, "python")):
        pytest.fail(".venv-oca is missing: run npm run setup")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(["bash", "tests/tools/build-wheel.sh", str(out)], cwd=ROOT, check=True)
    wheels = sorted(out.glob("odoo14_addon_l10n_fr_chorus_guard-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel):
    with zipfile.ZipFile(str(wheel)) as z:
        assert z.testzip() is None
        return set(z.namelist())


def read(wheel, rel):
    with zipfile.ZipFile(str(wheel)) as z:
        return z.read(PREFIX + rel)


def metadata(wheel, names):
    (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    with zipfile.ZipFile(str(wheel)) as z:
        return email.parser.Parser().parsestr(z.read(meta).decode("utf-8"))


def test_wheel_is_named_and_versioned_as_oca_14_0_addons(wheel):
    """The manifest's version; when the addon changed since that version was set,
    setuptools-odoo's post-version: the last digit plus one, .devN (N commits since)."""
    with open(os.path.join(ROOT, ADDON, "__manifest__.py"), encoding="utf-8") as f:
        version = ast.literal_eval(f.read())["version"]
    head, last = version.rsplit(".", 1)
    pattern = r"odoo14_addon_l10n_fr_chorus_guard-{}\.({}|{}\.dev\d+)-py3-none-any\.whl".format(
        re.escape(head), last, int(last) + 1)
    assert re.fullmatch(pattern, wheel.name), (pattern, wheel.name)


def test_wheel_holds_the_manifest_its_data_and_its_code(wheel, names):
    manifest = ast.literal_eval(read(wheel, "__manifest__.py").decode("utf-8"))
    required = ["__manifest__.py", "__init__.py", "hooks.py", "engine/wasm_engine.py",
                "README.rst", "static/description/icon.png", "i18n/fr.po"]
    required += manifest["data"]
    for rel in required:
        assert PREFIX + rel in names, rel
    assert manifest["pre_init_hook"] == "pre_init_hook"


def test_wheel_holds_every_static_file_of_the_addon(names):
    # The JS, CSS and images the assets bundle and the form load, as in the checkout.
    tracked = subprocess.run(
        ["git", "ls-files", "--", ADDON + "/static"], cwd=ROOT, check=True,
        stdout=subprocess.PIPE, universal_newlines=True,
    ).stdout.split()
    assert len(tracked) > 5
    for path in tracked:
        assert PREFIX + path[len(ADDON) + 1:] in names, path


def test_wheel_engines_are_the_committed_bytes(wheel, names):
    for rel in ENGINES:
        assert PREFIX + rel in names, rel
        assert read(wheel, rel) == committed(rel), rel
    stamp = json.loads(read(wheel, "engine/build_stamp.json").decode("utf-8"))
    for rel, digest in stamp["files_sha256"].items():
        assert hashlib.sha256(read(wheel, rel)).hexdigest() == digest, rel


def test_wheel_leaves_out_the_demo_pdf_module_and_compiled_files(names):
    assert not [n for n in names if "chorus_guard_pdf" in n]
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo"))]
    assert all(n.startswith((PREFIX, "odoo14_addon_l10n_fr_chorus_guard-")) for n in names)


def test_wheel_requires_wasmtime_odoo_14_and_the_oca_addons(wheel, names):
    requires = metadata(wheel, names).get_all("Requires-Dist")
    assert 'wasmtime<26,>=13.0.2; python_version >= "3.8"' in requires
    assert 'wasmtime==12.0.0; python_version < "3.8"' in requires
    assert "odoo<14.1dev,>=14.0a" in requires
    assert "odoo14-addon-l10n-fr-chorus-account" in requires
    assert "odoo14-addon-l10n-fr-chorus-facturx" in requires


def test_installed_wheel_is_a_working_addon(wheel, tmp_path):
    """pip installs odoo/addons/l10n_fr_chorus_guard/; its install check passes and its
    server engine, loaded from there, checks an invoice (wasmtime from this venv)."""
    site = tmp_path / "site"
    subprocess.run(
        [os.path.join(VENV_OCA, "pip"), "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(site), str(wheel)],
        check=True,
    )
    addon = site / "odoo" / "addons" / "l10n_fr_chorus_guard"
    code = """
import importlib.util, json, sys
def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
addon, seed = sys.argv[1], sys.argv[2]
load("hooks", addon + "/hooks.py").check_engines(addon)
shim = load("shim", addon + "/engine/wasm_engine.py")
assert shim.ENGINE_PATH == addon + "/engine/chorus_guard_server.wasm", shim.ENGINE_PATH
with open(seed, encoding="utf-8") as f:
    diagnostics = shim.Engine().check(json.load(f))
print(json.dumps(sorted(d["rule"] for d in diagnostics if d["severity"] == "block")))
"""
    seed = os.path.join(ROOT, "examples", "seed", "form-parent-company.json")
    run = subprocess.run([sys.executable, "-c", code, str(addon), seed],
                         check=True, stdout=subprocess.PIPE, universal_newlines=True)
    assert "CHORUS-CONTACT" in json.loads(run.stdout)

"""The addon's installation check (hooks.py): no engine, no installation, and the message
names the fix. hooks.py is loaded by file, without Odoo: its check is a plain function.

Kept to Python 3.6 syntax, as the other tests here."""
import importlib.util
import os
import shutil
import sys
import types

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDON = os.path.join(ROOT, "odoo_addon", "l10n_fr_chorus_guard")


def load_hooks():
    spec = importlib.util.spec_from_file_location("cg_hooks", os.path.join(ADDON, "hooks.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = load_hooks()


@pytest.fixture
def addon_copy(tmp_path):
    """The engine files of this checkout, and their stamp, in a folder laid out as the
    addon: each test damages its own copy."""
    for rel in hooks.ENGINE_FILES + (hooks.STAMP,):
        src = os.path.join(ADDON, rel)
        if not os.path.isfile(src):
            pytest.fail("{} is missing: run npm run build".format(src))
        dst = tmp_path / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, str(dst))
    return tmp_path


def test_hooks_module_does_not_import_odoo():
    assert "odoo" not in sys.modules, "this test file must run without Odoo"
    assert not hasattr(hooks, "odoo")


def test_this_checkout_is_installable():
    # The engines are committed (issue 11, bug 4): a clone on the addons path installs.
    hooks.check_engines(ADDON)


def test_complete_copy_passes(addon_copy):
    hooks.check_engines(str(addon_copy))


@pytest.mark.parametrize("rel", hooks.ENGINE_FILES)
def test_missing_file_is_refused_naming_it_and_the_fix(addon_copy, rel):
    os.remove(str(addon_copy / rel))
    with pytest.raises(hooks.MissingEngineError) as info:
        hooks.check_engines(str(addon_copy))
    e = info.value
    assert e.message_fr.startswith("Moteur Chorus Guard absent")
    assert "{} manque".format(rel) in e.message_fr
    assert "npm run build" in e.message_fr and "wheel" in e.message_fr
    assert e.message_en.startswith("Chorus Guard engine missing")
    assert "{} is missing".format(rel) in e.message_en
    assert "npm run build" in e.message_en
    # French first, English after: both reach the administrator.
    assert str(e).index(e.message_fr) < str(e).index(e.message_en)


def test_every_missing_file_is_named(addon_copy):
    shutil.rmtree(str(addon_copy / "static"))
    os.remove(str(addon_copy / "engine" / "chorus_guard_server.wasm"))
    with pytest.raises(hooks.MissingEngineError) as info:
        hooks.check_engines(str(addon_copy))
    for rel in hooks.ENGINE_FILES:
        assert rel in info.value.message_en


def test_a_pointer_instead_of_a_module_is_refused(addon_copy):
    # What a Git LFS checkout without LFS, or a text placeholder, leaves behind.
    rel = "engine/chorus_guard_server.wasm"
    (addon_copy / rel).write_text("version https://git-lfs.github.com/spec/v1\n")
    with pytest.raises(hooks.MissingEngineError) as info:
        hooks.check_engines(str(addon_copy))
    assert "{} n'est pas un module WebAssembly".format(rel) in info.value.message_fr


def test_a_file_of_another_build_is_refused(addon_copy):
    # Half of a copy from another build: the glue and the module would disagree.
    rel = "static/lib/chorus_guard/chorus_guard.js"
    with open(str(addon_copy / rel), "a") as f:
        f.write("\n// another build\n")
    with pytest.raises(hooks.MissingEngineError) as info:
        hooks.check_engines(str(addon_copy))
    assert "{} is not the one engine/build_stamp.json names".format(rel) in info.value.message_en


def test_pre_init_hook_raises_odoo_user_error(monkeypatch, tmp_path):
    """The hook turns the check's error into the UserError Odoo shows, and stops there."""

    class UserError(Exception):
        pass

    odoo = types.ModuleType("odoo")
    exceptions = types.ModuleType("odoo.exceptions")
    exceptions.UserError = UserError
    odoo.exceptions = exceptions
    monkeypatch.setitem(sys.modules, "odoo", odoo)
    monkeypatch.setitem(sys.modules, "odoo.exceptions", exceptions)
    monkeypatch.setattr(hooks, "ADDON_DIR", str(tmp_path))
    with pytest.raises(UserError) as info:
        hooks.pre_init_hook(cr=None)
    assert "Moteur Chorus Guard absent" in str(info.value)
    assert "npm run build" in str(info.value)


def test_pre_init_hook_passes_on_this_checkout():
    hooks.pre_init_hook(cr=None)

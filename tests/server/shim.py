"""The addon's wasmtime shim (engine/wasm_engine.py) for the tests here, loaded by file:
the addon's package imports odoo, the shim must not need it.

Kept to Python 3.6 syntax, as the tests that use it."""
import importlib.util
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIM = os.path.join(ROOT, "odoo_addon", "l10n_fr_chorus_guard", "engine", "wasm_engine.py")
# The test-only server module (`bash tests/tools/build-wasm.sh --selftest`, run by npm
# test): the engine with the operation `selftest_panic`, which panics on purpose, so that
# the tests prove a trap is survived. The shipped module lacks it.
SELFTEST_ENGINE = os.path.join(ROOT, "target", "selftest", "chorus_guard_server.wasm")


def load_shim(name):
    """A module of its own under `name`: each test file gets its own engine cache."""
    spec = importlib.util.spec_from_file_location(name, SHIM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def built_engine(module):
    """An engine of the shim `module`, failing the test when the server module was not built."""
    if not os.path.isfile(module.ENGINE_PATH):
        pytest.fail("{} is missing: run npm run build".format(module.ENGINE_PATH))
    return module.Engine()


def selftest_engine(module):
    """An engine of the shim `module` on the test-only module that can panic on purpose,
    failing the test when it was not built."""
    if not os.path.isfile(SELFTEST_ENGINE):
        pytest.fail(
            "{} is missing: run bash tests/tools/build-wasm.sh --selftest".format(SELFTEST_ENGINE)
        )
    return module.Engine(path=SELFTEST_ENGINE)

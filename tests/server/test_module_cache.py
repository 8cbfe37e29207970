"""The compiled module cached on disk (engine/wasm_engine.py's ModuleCache): a fresh Odoo
worker loads the module instead of compiling it (some 1.4 s), safely under concurrent
workers, and never runs a file the shim did not write.

Kept to Python 3.6 syntax, as the shim's own tests."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from shim import ROOT, SHIM, built_engine, load_shim

we = load_shim("chorus_guard_wasm_engine_cache")
FORM = os.path.join(ROOT, "examples", "seed", "form-parent-company.json")
# Odoo's default limit_memory_hard and limit_memory_soft (see test_wasm_engine.py).
ODOO_LIMIT = 2560 * 1024 * 1024
ODOO_FOOTPRINT = 2048 * 1024 * 1024


def form():
    with open(FORM, encoding="utf-8") as f:
        return json.load(f)


def blocks_on_the_contact(engine):
    return any(d["rule"] == "CHORUS-CONTACT" for d in engine.check(form()))


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """The compiled module's file, written once for this file's tests."""
    built_engine(we)
    directory = tmp_path_factory.mktemp("compiled")
    engine = we.Engine(cache_dir=str(directory))
    assert engine.cache_status == "miss"
    assert blocks_on_the_contact(engine)
    return engine.cache_path


@pytest.fixture
def warm(compiled, tmp_path):
    """A cache directory of this test's holding the compiled module; its file's path."""
    path = str(tmp_path / os.path.basename(compiled))
    shutil.copyfile(compiled, path)
    return str(tmp_path), path


def test_the_file_is_named_by_its_key_and_its_content(warm):
    directory, path = warm
    engine = we.Engine(cache_dir=directory)
    assert engine.cache_status == "hit"
    assert engine.cache_path == path
    assert blocks_on_the_contact(engine)
    with open(we.ENGINE_PATH, "rb") as f:
        wasm = f.read()
    cache = we.ModuleCache(directory)
    build = we._wasmtime_build(engine._wasmtime)
    assert "wasmtime-" in build and any(e in build for e in (".so:", ".dylib:", ".dll:"))
    key = cache.key(wasm, build)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert os.path.basename(path) == "chorus_guard_server-{}-{}.cwasm".format(key, digest)
    assert cache.key(wasm + b"\0", we._wasmtime_version(engine._wasmtime)) != key
    assert cache.key(wasm, "0.0.1") != key


def test_a_cold_cache_compiles_and_writes_what_the_next_worker_loads(compiled, tmp_path):
    directory = str(tmp_path / "cold")
    first = we.Engine(cache_dir=directory)
    assert first.cache_status == "miss"
    assert os.listdir(directory) == [os.path.basename(compiled)]
    second = we.Engine(cache_dir=directory)
    assert second.cache_status == "hit"
    assert second.xml(form()) == first.xml(form())


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "foreign file with its digest"])
def test_a_damaged_or_foreign_file_is_deleted_and_the_module_written_again(warm, damage):
    directory, path = warm
    with open(path, "rb") as f:
        good = f.read()
    if damage == "flipped byte":
        middle = len(good) // 2
        bad_path, bad = path, good[:middle] + bytes([good[middle] ^ 0xFF]) + good[middle + 1 :]
    elif damage == "truncated":
        bad_path, bad = path, good[: len(good) // 2]
    else:
        # Its name matches its content: wasmtime itself must refuse it.
        bad = b"\x7fELF" + os.urandom(4096)
        bad_path = path[: -len("0" * 64 + ".cwasm")] + hashlib.sha256(bad).hexdigest() + ".cwasm"
        os.unlink(path)
    with open(bad_path, "wb") as f:
        f.write(bad)
    engine = we.Engine(cache_dir=directory)
    assert engine.cache_status == "miss"
    assert blocks_on_the_contact(engine)
    assert os.listdir(directory) == [os.path.basename(path)]
    with open(path, "rb") as f:
        assert f.read() == good
    assert we.Engine(cache_dir=directory).cache_status == "hit"


def test_a_cache_that_cannot_be_written_is_no_error(compiled, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    engine = we.Engine(cache_dir=str(blocker / "cache"))
    assert engine.cache_status == "unwritable"
    assert blocks_on_the_contact(engine)


def test_a_directory_others_may_write_into_is_not_used(compiled, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(str(shared), 0o777)
    engine = we.Engine(cache_dir=str(shared))
    assert engine.cache_status == "unwritable"
    assert os.listdir(str(shared)) == []
    assert blocks_on_the_contact(engine)


def _fresh_python(body, limit=None):
    """Runs `body` in a fresh Python with the shim loaded as `we`; under Odoo's
    address-space limit and a worker's footprint when `limit` is set."""
    prelude = "import importlib.util, json, mmap, resource, sys, time\n"
    if limit:
        prelude += (
            "resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
            "footprint = mmap.mmap(-1, {footprint})\n"
        ).format(limit=limit, footprint=ODOO_FOOTPRINT)
    prelude += (
        "spec = importlib.util.spec_from_file_location('shim', {shim!r})\n"
        "we = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(we)\n"
    ).format(shim=SHIM)
    return subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(body)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _answer(process):
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return json.loads(out.decode())


LOAD = """
engine = we.Engine(cache_dir={directory!r})
with open({form!r}, encoding="utf-8") as f:
    rules = [d["rule"] for d in engine.check(json.load(f))]
print(json.dumps({{"status": engine.cache_status, "contact": "CHORUS-CONTACT" in rules}}))
"""


def test_two_workers_compiling_at_once_leave_a_valid_cache(compiled, tmp_path):
    body = LOAD.format(directory=str(tmp_path), form=FORM)
    workers = [_fresh_python(body) for _ in range(2)]
    answers = [_answer(worker) for worker in workers]
    assert all(answer["contact"] for answer in answers)
    assert {answer["status"] for answer in answers} <= {"miss", "hit"}
    # No temporary file left behind, one module (the same bytes), and it loads.
    assert os.listdir(str(tmp_path)) == [os.path.basename(compiled)]
    assert _answer(_fresh_python(body)) == {"status": "hit", "contact": True}


def test_a_worker_under_odoo_address_space_limit_loads_the_cache(warm):
    directory, _ = warm
    body = LOAD.format(directory=str(directory), form=FORM)
    assert _answer(_fresh_python(body, limit=ODOO_LIMIT)) == {"status": "hit", "contact": True}

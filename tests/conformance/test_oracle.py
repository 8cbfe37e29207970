"""The oracle itself: the fixtures are valid EN 16931 invoices, and the validator can fail.

Without these, a green suite could mean a validator that checks nothing, or fixtures
that no writer could turn into a conformant file.
"""

from __future__ import annotations

from collections import Counter

import pytest

from . import reference_writer, validate
from .conftest import INVOICE_FILES, load_invoice, profile_of


def reference_xml(name: str) -> bytes:
    path = next(p for p in INVOICE_FILES if p.stem.endswith(name))
    return reference_writer.write(load_invoice(path))


def test_fixture_is_a_valid_en16931_invoice(invoice_path, tmp_path):
    """Written by the independent Python writer, each fixture passes XSD and schematron."""
    invoice = load_invoice(invoice_path)
    report = validate.check(reference_writer.write(invoice), tmp_path, profile_of(invoice))
    assert report.fired_rules > 20, "the schematron fired almost no rule: wrong document?"
    assert report.ok, f"{invoice_path.name} is not a valid EN 16931 invoice:\n{report.explain()}"


def test_fixtures_cover_the_required_cases():
    invoices = [load_invoice(p) for p in INVOICE_FILES]
    assert len(invoices) >= 25
    categories = Counter(line.get("vat_category", "S") for inv in invoices for line in inv["lines"])
    rates = {line.get("vat_rate") for inv in invoices for line in inv["lines"]}
    assert {"S", "Z", "E", "AE", "G", "O"} <= set(categories)
    assert {"20", "10", "5.5", "2.1"} <= rates
    assert any(inv.get("type_code") == "381" and inv.get("preceding_invoices") for inv in invoices)
    assert any(profile_of(inv) == "basic" for inv in invoices)
    assert any(inv.get("allowances") and inv.get("charges") for inv in invoices)
    assert any(line.get("allowances") for inv in invoices for line in inv["lines"])
    assert any(line.get("charges") for inv in invoices for line in inv["lines"])
    assert any(line.get("price_base_quantity") for inv in invoices for line in inv["lines"])
    assert any(line.get("gross_price") for inv in invoices for line in inv["lines"])
    assert any(inv.get("buyer_reference") and inv.get("purchase_order_reference") for inv in invoices)
    assert any(inv["seller"].get("electronic_address") for inv in invoices)
    paid_up = [inv for inv in invoices if inv.get("prepaid_amount")]
    assert any(reference_writer.totals(inv)["due_payable"] == 0 for inv in paid_up)
    assert any(reference_writer.totals(inv)["due_payable"] > 0 for inv in paid_up)
    names = " ".join(inv["seller"]["name"] + "".join(line["name"] for line in inv["lines"]) for inv in invoices)
    for char in "&<>\"'éŒ🚀":
        assert char in names, f"no fixture has {char!r} in a name"


@pytest.mark.parametrize(
    "change, rule",
    [
        (lambda x: x.replace(b"<ram:GrandTotalAmount>", b"<ram:GrandTotalAmount>1", 1), "BR-CO-15"),
        (lambda x: x.replace(b'schemeID="VA"', b'schemeID="XX"'), "BR-S-02"),
        (lambda x: x.replace(b"<ram:CalculatedAmount>", b"<ram:CalculatedAmount>9", 1), "BR-CO-14"),
    ],
    ids=["grand-total", "seller-vat-id", "vat-amount"],
)
def test_schematron_reports_a_broken_invoice(change, rule, tmp_path):
    report = validate.check(change(reference_xml("mixed_rates_20_10_5_5_2_1")), tmp_path)
    assert not report.ok
    ids = {a.id for a in report.errors}
    assert rule in ids, report.explain()
    assert rule in report.explain(), "the failure message must name the rule"


def test_xsd_reports_an_element_out_of_order(tmp_path):
    xml = reference_xml("chorus_service_code_engagement")
    head, sep, tail = xml.partition(b"<ram:TypeCode>380</ram:TypeCode>")
    number = b"<ram:ID>FA-2026-0001</ram:ID>"
    moved = head.replace(number, sep + number) + tail
    assert sep and moved != xml
    report = validate.check(moved, tmp_path)
    assert report.xsd_errors and not report.ok


def test_basic_oracle_reports_a_broken_invoice(tmp_path):
    xml = reference_xml("basic_profile").replace(b"<ram:DuePayableAmount>", b"<ram:DuePayableAmount>7", 1)
    report = validate.check(xml, tmp_path, "basic")
    assert not report.ok and report.errors, report.explain()


def test_not_well_formed_xml_is_an_xsd_error():
    assert validate.xsd_errors(b"<rsm:CrossIndustryInvoice")


def test_content_comparison_sees_a_changed_name_and_total():
    from . import cii

    path = next(p for p in INVOICE_FILES if "special_characters" in p.stem)
    invoice = load_invoice(path)
    xml = reference_writer.write(invoice)
    assert cii.facts(xml) == cii.expected_facts(invoice, "en16931")
    damaged = xml.replace(b"&amp; adaptateur", b"&amp;amp; adaptateur")
    damaged = damaged.replace(b"<ram:DuePayableAmount>", b"<ram:DuePayableAmount>1")
    got, want = cii.facts(damaged), cii.expected_facts(invoice, "en16931")
    assert got["line_names"] != want["line_names"]
    assert got["totals"]["due_payable"] != want["totals"]["due_payable"]

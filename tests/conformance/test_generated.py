"""A few hundred generated invoices, written by `chorus-guard xml`, pass the Factur-X
XSD: the conformance fixtures with their free texts replaced by random Unicode
(markup, quotes, CR/LF, astral characters, bidi marks), their quantities and prices
redrawn, their lines repeated or dropped. Seeded: a failure names its seed and keeps
the JSON and the XML beside each other for a rerun.

Set CHORUS_GUARD_GENERATED to change how many invoices (300 by default)."""

from __future__ import annotations

import copy
import json
import os
import random
from decimal import Decimal

import pytest

from . import validate
from .conftest import INVOICE_FILES, load_invoice, profile_of

COUNT = int(os.environ.get("CHORUS_GUARD_GENERATED", "300"))

TEXT_KEYS = {
    "account_name", "buyer_reference", "city", "contract_reference", "description",
    "exemption_reason", "line1", "line2", "line3", "name", "note", "notes", "number",
    "payment_terms", "purchase_order_reference", "reason", "remittance_information",
    "seller_item_id", "subdivision", "text", "trading_name",
}

# Every range of characters XML 1.0 may hold, and the markup an injection would try.
ALPHABET = (
    [chr(c) for c in range(0x20, 0x7F)]
    + list("\t\n\r")
    + list("àéèçœ€«»’…ÀÉßøåñ")
    + ["\u00a0", "\u200b", "\u202e", "\ufeff", "\ufffd", "\U0001f389", "\U0001d11e", "中", "ي"]
)
MARKUP = ["<", ">", "&", '"', "'", "]]>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "<x>", "</ram:Name>", "\r\n"]


def random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(MARKUP) if rng.random() < 0.2 else rng.choice(ALPHABET))
    text = "".join(parts)
    # Leading/trailing blanks are the writer's to keep or trim; a blank-only text is
    # another test's matter (an empty mandatory field).
    return text if text.strip() else "x" + text


def mutate_texts(value, rng, key=None):
    if isinstance(value, dict):
        return {k: mutate_texts(v, rng, k) for k, v in value.items()}
    if isinstance(value, list):
        return [mutate_texts(v, rng, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS and rng.random() < 0.8:
        return random_text(rng)
    return value


def redraw_lines(invoice: dict, rng: random.Random) -> dict:
    lines = invoice.get("lines") or []
    if not lines:
        return invoice
    new = []
    for _ in range(rng.randint(1, 6)):
        line = copy.deepcopy(rng.choice(lines))
        # Quantities up to 4 decimals, prices up to 2 (or 4, allowed by EN 16931).
        line["quantity"] = str(Decimal(rng.randint(1, 100000)) / Decimal(10) ** rng.randint(0, 4))
        if "net_price" in line and "gross_price" not in line and not line.get("allowances"):
            line["net_price"] = str(Decimal(rng.randint(1, 10_000_000)) / Decimal(10) ** rng.choice([2, 2, 4]))
        line.pop("net_amount", None)
        new.append(line)
    for i, line in enumerate(new, 1):
        if "id" in line:
            line["id"] = str(i)
    invoice["lines"] = new
    # Declared amounts would no longer match: the engine recomputes them. The
    # breakdown's exemption reasons stay (the engine cannot invent those).
    invoice.pop("totals", None)
    for entry in invoice.get("vat_breakdown") or []:
        entry.pop("taxable_amount", None)
        entry.pop("tax_amount", None)
    if "prepaid_amount" in invoice:
        invoice.pop("prepaid_amount")
    return invoice


def generated(seed: int) -> tuple[dict, str]:
    rng = random.Random(seed)
    base = INVOICE_FILES[seed % len(INVOICE_FILES)]
    invoice = mutate_texts(load_invoice(base), rng)
    if rng.random() < 0.7:
        invoice = redraw_lines(invoice, rng)
    return invoice, base.name


def test_generated_invoices_pass_the_xsd(cli, tmp_path):
    failures = []
    for seed in range(COUNT):
        invoice, base = generated(seed)
        path = tmp_path / f"gen-{seed}.json"
        path.write_text(json.dumps(invoice, ensure_ascii=False), encoding="utf-8")
        proc = cli.run("xml", path, check=False)
        if proc.returncode != 0:
            failures.append(f"seed {seed} ({base}): exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[:300]}")
            continue
        errors = validate.xsd_errors(proc.stdout, profile_of(invoice))
        if errors:
            (tmp_path / f"gen-{seed}.xml").write_bytes(proc.stdout)
            failures.append(f"seed {seed} ({base}): " + "; ".join(errors[:3]))
    assert not failures, f"{len(failures)} of {COUNT} generated invoices failed (files in {tmp_path}):\n" + "\n".join(failures[:20])


@pytest.mark.parametrize("seed", range(0, COUNT, 25))
def test_generated_texts_come_back_from_the_xml(cli, tmp_path, seed):
    """What was written reads back: `read(xml(x))` keeps every generated text."""
    invoice, base = generated(seed)
    path = tmp_path / "gen.json"
    path.write_text(json.dumps(invoice, ensure_ascii=False), encoding="utf-8")
    xml = tmp_path / "gen.xml"
    cli.run("xml", path, "-o", xml)
    back = tmp_path / "back.xml"
    # Reading the XML and writing it again gives the same bytes: nothing was lost or added.
    cli.run("xml", "--profile", profile_of(invoice).replace("-", ""), xml, "-o", back)
    assert back.read_bytes() == xml.read_bytes(), f"seed {seed} ({base})"


@pytest.mark.parametrize("seed", range(3, COUNT, 10))
def test_generated_invoices_pass_the_schematron(cli, tmp_path, seed):
    """One in ten also goes through the EN 16931 schematron: texts and redrawn lines
    keep the business rules (BR-CO-10..16 totals included) intact."""
    invoice, base = generated(seed)
    path = tmp_path / "gen.json"
    path.write_text(json.dumps(invoice, ensure_ascii=False), encoding="utf-8")
    report = validate.check(cli.xml(path), tmp_path, profile_of(invoice), name="gen.xml")
    assert report.ok, f"seed {seed} ({base}):\n{report.explain()}"

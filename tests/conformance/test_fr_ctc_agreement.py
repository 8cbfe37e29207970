"""Agreement of `chorus-guard check --profile fr-ctc` with the official BR-FR schematron.

Each mutant changes one thing in the reform's invoice JSON (`examples/reform/
b2b-mixed-invoice.json`); `xml --profile fr-ctc` writes it, the BR-FR schematron judges
the file, `check --profile fr-ctc` judges the invoice, and both must name the same set
of BR-FR rules. Every implemented rule has at least two mutants meant to break it (the
schematron must agree that they do), and the controls change nothing BR-FR looks at.
Disagreements are allowed only where `docs/fr-ctc-rules.md` lists them: none today.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest

from . import validate
from .conftest import REPO

BASE = REPO / "examples" / "reform" / "b2b-mixed-invoice.json"

# (mutant name, the rule it is meant to break or None for a control, mutation)
Mutation = Callable[[dict], None]
MUTANTS: list[tuple[str, str | None, Mutation]] = []


def mutant(name: str, rule: str | None):
    def register(f: Mutation) -> Mutation:
        MUTANTS.append((name, rule, f))
        return f

    return register


def set_(path: str, value):
    """A mutation setting a dotted path (`buyer.siren`, `lines.0.vat_rate`)."""

    def f(doc: dict) -> None:
        *parents, last = path.split(".")
        node = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return f


def both(*mutations: Mutation) -> Mutation:
    def f(doc: dict) -> None:
        for m in mutations:
            m(doc)

    return f


def drop_note(code: str) -> Mutation:
    def f(doc: dict) -> None:
        doc["subject_notes"] = [n for n in doc["subject_notes"] if n["subject_code"] != code]

    return f


def add_note(code: str, content: str) -> Mutation:
    def f(doc: dict) -> None:
        doc["subject_notes"].append({"subject_code": code, "content": content})

    return f


def address(scheme: str, value: str) -> dict:
    return {"scheme": scheme, "value": value}


PRIOR = {"number": "INV/2026/10/0007", "issue_date": "2026-10-01"}
REPRESENTATIVE = {
    "name": "Représentation Fiscale Drôme SAS",
    "siren": "423865129",
    "vat_id": "FR40423865129",
    "address": {"line1": "3 avenue Sadi Carnot", "city": "Valence", "postcode": "26000", "country": "FR"},
}


def base_line(i: int) -> dict:
    return json.loads(BASE.read_text(encoding="utf-8"))["lines"][i]


for name, rule, f in [
    ("number-36-chars", "BR-FR-01", set_("number", "F" * 36)),
    ("prior-number-36-chars", "BR-FR-01", both(set_("type_code", "381"), set_("preceding_invoices", [{**PRIOR, "number": "P" * 36}]))),
    ("number-with-space", "BR-FR-02", set_("number", "FA 2026 45")),
    ("number-with-hash", "BR-FR-02", set_("number", "FA#45")),
    ("issue-date-1999", "BR-FR-03", set_("issue_date", "1999-12-31")),
    ("due-date-2100", "BR-FR-03", set_("due_date", "2100-01-04")),
    ("type-325", "BR-FR-04", set_("type_code", "325")),
    ("type-751", "BR-FR-04", set_("type_code", "751")),
    ("no-pmt-note", "BR-FR-05", drop_note("PMT")),
    ("no-legal-notes", "BR-FR-05", both(drop_note("PMT"), drop_note("PMD"), drop_note("AAB"))),
    ("pmd-twice", "BR-FR-06", add_note("PMD", "Pénalités : 10 %")),
    ("txd-twice", "BR-FR-06", both(add_note("TXD", "a"), add_note("TXD", "b"))),
    ("no-framework", "BR-FR-08", set_("billing_framework", None)),
    ("framework-a1", "BR-FR-08", set_("billing_framework", "A1")),
    ("seller-siret-as-legal-id", "BR-FR-10", both(set_("seller.siren", None), set_("seller.legal_id_scheme", "0009"), set_("seller.electronic_address", address("0225", "852147362")))),
    ("seller-siren-8-digits", "BR-FR-10", set_("seller.siren", "85214736")),
    ("buyer-without-siren", "BR-FR-11", both(set_("buyer.siren", None), set_("buyer.legal_id", None), set_("buyer.legal_id_scheme", None))),
    ("buyer-siren-7-digits", "BR-FR-11", both(set_("buyer.siren", "4238651"), set_("buyer.electronic_address", address("0225", "4238651")))),
    ("buyer-no-address", "BR-FR-12", both(drop_note("BAR"), set_("buyer.siren", None), set_("buyer.legal_id", None), set_("buyer.electronic_address", None))),
    ("buyer-empty-address", "BR-FR-12", both(drop_note("BAR"), set_("buyer.electronic_address", address("EM", "")))),
    ("seller-no-address", "BR-FR-13", both(set_("seller.siren", None), set_("seller.legal_id", "852147362"))),
    ("seller-empty-address", "BR-FR-13", set_("seller.electronic_address", address("0225", ""))),
    ("line-category-l", "BR-FR-15", set_("lines.0.vat_category", "L")),
    ("charge-category-m", "BR-FR-15", set_("charges.0.vat_category", "M")),
    ("rate-19", "BR-FR-16", set_("lines.1.vat_rate", "19")),
    ("rate-7.5", "BR-FR-16", set_("charges.0.vat_rate", "7.5")),
    ("treatment-b2g", "BR-FR-20", add_note("BAR", "B2G")),
    ("treatment-lowercase", "BR-FR-20", both(drop_note("BAR"), add_note("BAR", "b2b"))),
    ("buyer-email-address", "BR-FR-21", set_("buyer.electronic_address", address("EM", "compta@jardins.example"))),
    ("buyer-other-siren-address", "BR-FR-21", set_("buyer.electronic_address", address("0225", "999999999"))),
    ("self-billed-seller-email", "BR-FR-22", both(set_("type_code", "389"), set_("seller.electronic_address", address("EM", "factures@udn.example")))),
    ("self-billed-seller-other-siren", "BR-FR-22", both(set_("type_code", "501"), set_("seller.electronic_address", address("0225", "111111111")))),
    ("seller-address-with-space", "BR-FR-23", set_("seller.electronic_address", address("0225", "852147362 FA"))),
    ("buyer-address-with-slash", "BR-FR-23", set_("buyer.electronic_address", address("0225", "423865129/FA"))),
    ("buyer-address-126-chars", "BR-FR-25", set_("buyer.electronic_address", address("0225", "423865129" + "A" * 117))),
    ("seller-email-126-chars", "BR-FR-25", set_("seller.electronic_address", address("EM", "a" * 121 + "@x.fr"))),
    ("two-treatments", "BR-FR-31", add_note("BAR", "OUTOFSCOPE")),
    ("b2b-and-b2c", "BR-FR-31", add_note("BAR", "B2C")),
    ("buyer-siret-under-0002", "BR-FR-32", both(drop_note("BAR"), set_("buyer.siren", None))),
    ("seller-siren-letters", "BR-FR-32", set_("seller.siren", "85214736A")),
    ("global-discount-credit", "BR-FR-CO-03", set_("type_code", "262")),
    ("global-discount-with-contract", "BR-FR-CO-03", both(set_("type_code", "262"), set_("contract_reference", "CT-2026-1"))),
    ("global-discount-open-period", "BR-FR-CO-03", both(set_("type_code", "262"), set_("contract_reference", "CT-2026-1"), set_("invoicing_period", {"start": "2026-01-01"}))),
    ("period-start-1999", "BR-FR-03", set_("invoicing_period", {"start": "1999-12-01", "end": "2026-10-31"})),
    ("period-end-2100", "BR-FR-03", set_("invoicing_period", {"start": "2026-10-01", "end": "2100-01-31"})),
    ("representative-siren-short", "BR-FR-32", set_("tax_representative", REPRESENTATIVE | {"siren": "12345678"})),
    ("representative-siren-letters", "BR-FR-32", set_("tax_representative", REPRESENTATIVE | {"siren": "A23456789"})),
    ("corrective-without-prior", "BR-FR-CO-04", set_("type_code", "384")),
    ("corrective-two-priors", "BR-FR-CO-04", both(set_("type_code", "384"), set_("preceding_invoices", [PRIOR, PRIOR]))),
    ("credit-without-prior", "BR-FR-CO-05", set_("type_code", "381")),
    ("credit-prior-undated", "BR-FR-CO-05", both(set_("type_code", "381"), set_("preceding_invoices", [{"number": PRIOR["number"]}]))),
    ("due-before-issue", "BR-FR-CO-07", set_("due_date", "2026-11-04")),
    ("due-without-issue", "BR-FR-CO-07", set_("issue_date", None)),
    ("final-framework-down-payment", "BR-FR-CO-08", both(set_("billing_framework", "S4"), set_("type_code", "386"))),
    ("final-framework-down-payment-credit", "BR-FR-CO-08", both(set_("billing_framework", "M4"), set_("type_code", "503"), set_("preceding_invoices", [PRIOR]))),
    ("paid-framework-nothing-paid", "BR-FR-CO-09", set_("billing_framework", "M2")),
    ("paid-framework-no-due-date", "BR-FR-CO-09", both(set_("billing_framework", "M2"), set_("due_date", None), set_("prepaid_amount", "100.00"))),
    ("currency-usd", "BR-FR-CO-12", set_("currency", "USD")),
    ("currency-chf", "BR-FR-CO-12", set_("currency", "CHF")),
    ("prepaid-three-decimals", "BR-FR-DEC-01", set_("prepaid_amount", "10.005")),
    ("charge-four-decimals", "BR-FR-DEC-01", set_("charges.0.amount", "1.2345")),
    ("quantity-five-decimals", "BR-FR-DEC-02", set_("lines.0.quantity", "1.00001")),
    ("base-quantity-five-decimals", "BR-FR-DEC-02", set_("lines.1.price_base_quantity", "0.12345")),
    ("negative-price", "BR-FR-DEC-03", set_("lines.0.net_price", "-62.40")),
    ("price-seven-decimals", "BR-FR-DEC-03", set_("lines.2.net_price", "3.1900001")),
    ("rate-three-decimals", "BR-FR-DEC-04", set_("lines.0.vat_rate", "5.555")),
    ("rate-five-digits", "BR-FR-DEC-04", set_("charges.0.vat_rate", "1000.5")),
    # Multi-vendor and double billing: the model has no GROUP lines nor line sellers.
    ("multi-vendor-s8", "BR-FR-MV-02", set_("billing_framework", "S8")),
    ("multi-vendor-m8", "BR-FR-MV-02", set_("billing_framework", "M8")),
    ("multi-vendor-lines", "BR-FR-MV-06", both(set_("billing_framework", "B8"), set_("lines", [base_line(0)]))),
    ("double-billing-lines", "BR-FR-MV-06", both(set_("billing_framework", "S9"), set_("type_code", "389"))),
    ("multi-vendor-line-numbers", "BR-FR-MV-07", set_("billing_framework", "B8")),
    ("double-billing-line-numbers", "BR-FR-MV-07", both(set_("billing_framework", "B9"), set_("type_code", "501"))),
    ("multi-vendor-self-billed", "BR-FR-MV-13", both(set_("billing_framework", "B8"), set_("type_code", "389"))),
    ("multi-vendor-self-billed-501", "BR-FR-MV-13", both(set_("billing_framework", "S8"), set_("type_code", "501"))),
    ("double-billing-group-lines", "BR-FR-BD-02", both(set_("billing_framework", "S9"), set_("type_code", "389"))),
    ("double-billing-group-lines-b9", "BR-FR-BD-02", both(set_("billing_framework", "B9"), set_("type_code", "389"))),
    ("double-billing-not-self-billed", "BR-FR-BD-13", set_("billing_framework", "M9")),
    ("double-billing-credit-note", "BR-FR-BD-13", both(set_("billing_framework", "S9"), set_("type_code", "381"), set_("preceding_invoices", [PRIOR]))),
    # Controls: nothing BR-FR looks at changes.
    ("control-buyer-name", None, set_("buyer.name", "Les Jardins du Diois & Cie")),
    ("control-plain-note", None, set_("notes", ["Merci de votre confiance."])),
    ("control-number", None, set_("number", "INV/2026/11/0099")),
    ("control-rate-10", None, set_("lines.1.vat_rate", "10.00")),
    ("control-later-due-date", None, set_("due_date", "2027-01-31")),
    ("control-credit-note-with-prior", None, both(set_("type_code", "381"), set_("preceding_invoices", [PRIOR]))),
    ("control-paid-in-full", None, both(set_("billing_framework", "M2"), set_("prepaid_amount", "731.33"))),
    ("control-global-discount-complete", None, both(set_("type_code", "262"), set_("contract_reference", "CT-2026-1"), set_("invoicing_period", {"start": "2026-01-01", "end": "2026-10-31"}))),
    ("control-representative", None, set_("tax_representative", REPRESENTATIVE)),
    ("control-buyer-directory-suffix", None, set_("buyer.electronic_address", address("0225", "423865129_COMPTA.2026"))),
]:
    mutant(name, rule)(f)


def br_fr(rules) -> set[str]:
    return {r for r in rules if r.startswith("BR-FR-")}


@pytest.fixture(scope="module")
def verdicts(cli, tmp_path_factory) -> dict[str, tuple[str | None, set[str], set[str]]]:
    """mutant -> (rule meant, schematron's BR-FR rules, engine's BR-FR rules)."""
    base = json.loads(BASE.read_text(encoding="utf-8"))
    work = tmp_path_factory.mktemp("fr-ctc-mutants")
    out = {}
    for name, rule, mutate in MUTANTS:
        doc = copy.deepcopy(base)
        mutate(doc)
        src = work / f"{name}.json"
        src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        xml_path = work / f"{name}.xml"
        xml_path.write_bytes(cli.xml(src, "--profile", "fr-ctc"))
        failed, _ = validate.schematron_file(xml_path, validate.BR_FR)
        official = br_fr(validate.rule_id(f) for f in failed if f.is_error)
        proc = cli.run("check", src, "--profile", "fr-ctc", "--json", "--lang", "en", check=False)
        assert proc.returncode in (0, 1), proc.stderr.decode()
        ours = br_fr(d["rule"] for d in json.loads(proc.stdout) if d["severity"] == "block")
        out[name] = (rule, official, ours)
    return out


def test_every_implemented_rule_has_two_mutants_and_there_are_controls():
    meant = Counter(rule for _, rule, _ in MUTANTS)
    implemented = Path(REPO / "docs" / "fr-ctc-rules.md").read_text(encoding="utf-8")
    ids = {line.split("|")[1].strip().strip("`") for line in implemented.splitlines() if "| implemented" in line}
    assert ids, "docs/fr-ctc-rules.md lists the implemented rules"
    assert {i: meant[i] for i in ids if meant[i] < 2} == {}
    assert meant[None] >= 5


def test_each_mutant_breaks_the_rule_it_is_meant_to_break(verdicts):
    missed = {n: sorted(official) for n, (rule, official, _) in verdicts.items() if rule and rule not in official}
    assert missed == {}, "mutants the schematron does not see as breaking their rule"
    noisy = {n: sorted(official) for n, (rule, official, _) in verdicts.items() if rule is None and official}
    assert noisy == {}, "controls the schematron rejects"


def test_check_agrees_with_the_br_fr_schematron(verdicts):
    disagreements = {
        n: {"schematron only": sorted(official - ours), "engine only": sorted(ours - official)}
        for n, (_, official, ours) in verdicts.items()
        if official != ours
    }
    agreed = len(verdicts) - len(disagreements)
    print(f"\nBR-FR agreement: {agreed}/{len(verdicts)} mutants")
    assert disagreements == {}, json.dumps(disagreements, indent=1)

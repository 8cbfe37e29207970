"""Plain-Python tests (no Odoo) of the addon's payload and comparison code.

Run: python -m pytest tests/server/test_payload.py
The modules are loaded by file path: importing the addon package would
import Odoo.
"""

import importlib.util
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DIR = ROOT / "odoo_addon" / "l10n_fr_chorus_guard" / "engine"


def _load(name):
    spec = importlib.util.spec_from_file_location(
        "chorus_guard_" + name, ENGINE_DIR / (name + ".py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


payload = _load("payload")
compare = _load("compare")


def _cli():
    for candidate in (
        os.environ.get("CHORUS_GUARD_BIN"),
        "/work/target/debug/chorus-guard",
        str(ROOT / "target" / "debug" / "chorus-guard"),
        shutil.which("chorus-guard"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


# The guide's case, as the addon reads it from the records.
AMU = {
    "id": 10,
    "display_name": "Aix Marseille Université",
    "name": "Aix Marseille Université",
    "is_company": True,
    "fr_chorus_required": "service",
    "siret": "13001533200013",
    "vat": "FR84130015332",
    "street": "58 BOULEVARD CHARLES LIVON",
    "street2": False,
    "city": "Marseille cedex 07",
    "zip": "13285",
    "country_code": "FR",
}
CONTACT = {
    "id": 11,
    "display_name": "Aix Marseille Université, AIX MARSEILLE UNIVERSITE",
    "name": "AIX MARSEILLE UNIVERSITE",
    "parent_id": 10,
    "is_company": False,
    "siret": "13001533200013",
    "street": "58 BOULEVARD CHARLES LIVON",
    "city": "Marseille cedex 07",
    "zip": "13285",
    "country_code": "FR",
    "service": {"id": 1, "code": "04AMIDEX", "name": "AMIDEX", "active": True},
}
COMPANY = {
    "name": "SCIC UdN",
    "siret": "85214736200010",
    "vat": "FR17852147362",
    "street": "12 rue de la République",
    "city": "Crest",
    "zip": "26400",
    "country_code": "FR",
    "ref_mode": "service_code",
}


def guide_context(partner=CONTACT, ref_mode="service_code"):
    company = dict(COMPANY, ref_mode=ref_mode)
    return {
        "partner": payload.context_partner(partner),
        "commercial_partner": payload.context_commercial_partner(AMU, [CONTACT]),
        "company": payload.context_company(company),
        "payment_mode": payload.context_payment_mode(
            {"id": 1, "name": "Virement bancaire", "unece_code": "30"},
            {"acc_number": "FR76 1382 5002 0008 0132 8023 592", "bank_bic": False},
        ),
        "taxes": {
            "1": payload.context_tax(
                {"id": 1, "name": "TVA 20 %", "amount": 20.0, "unece_categ_code": "S"}
            )
        },
        "uoms": {"1": "C62"},
        "transmit_method_code": "fr-chorus",
        "currency": "EUR",
        "digits": {"price_unit": 2, "quantity": 3, "discount": 2},
    }


def guide_move(**overrides):
    move = {
        "move_type": "out_invoice",
        "state": "posted",
        "name": "INV/2026/04/0003",
        "ref": "04AMIDEX",
        "payment_reference": "INV/2026/04/0003",
        "invoice_date": "2026-04-02",
        "invoice_date_due": "2026-04-02",
        "narration": False,
        "lines": [
            {
                "name": "Prestation de formation",
                "quantity": 1.0,
                "price_unit": 2600.0,
                "discount": 0.0,
                "product_uom_id": 1,
                "tax_ids": [1],
            },
            {"name": "Section", "display_type": "line_section"},
        ],
    }
    move.update(overrides)
    return move


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    "value,digits,expected",
    [
        (2600.0, 2, "2600.00"),
        (1.0, 3, "1.000"),
        (0.1 + 0.2, 2, "0.30"),  # 0.30000000000000004: the float's decimal
        (2.675, 2, "2.68"),  # str(2.675) is '2.675'; '%.2f' % 2.675 is '2.67'
        (-0.004, 2, "0.00"),  # no negative zero
        (1e16, 2, "10000000000000000.00"),  # no exponent
        (12, None, "12"),
        ("19.6", 4, "19.6000"),
        (False, 2, "0.00"),
        (Decimal("3.14159"), 3, "3.142"),
    ],
)
def test_amounts_are_exact_decimal_strings(value, digits, expected):
    assert payload.decimal_str(value, digits) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "abc", True, [1]])
def test_unusable_amounts_are_refused_in_french(value):
    with pytest.raises(payload.PayloadError) as err:
        payload.decimal_str(value, 2)
    assert err.value.message_fr and err.value.message_en


# ---------------------------------------------------------------- form state


def test_guide_case_builds_the_documented_form():
    form = payload.build_form_state(guide_move(), guide_context())
    assert form["move_type"] == "out_invoice"
    assert form["transmit_method_code"] == "fr-chorus"
    assert form["partner"]["service"]["code"] == "04AMIDEX"
    assert form["partner"]["parent_id"] == 10
    assert form["commercial_partner"]["fr_chorus_required"] == "service"
    assert form["commercial_partner"]["contacts"][0]["id"] == 11
    # the section line is not an invoice line; amounts are strings
    assert form["lines"] == [
        {
            "name": "Prestation de formation",
            "quantity": "1.000",
            "uom_code": "C62",
            "price_unit": "2600.00",
            "taxes": [
                {"id": 1, "name": "TVA 20 %", "rate": "20.0000", "category": "S"}
            ],
        }
    ]
    # Odoo's False never reaches the engine as a value
    assert "narration" not in form
    assert "line2" not in form["partner"]["address"]
    assert form["payment_mode"] == {
        "id": 1,
        "name": "Virement bancaire",
        "code": "30",
        "iban": "FR76 1382 5002 0008 0132 8023 592",
    }
    json.dumps(form)  # serialisable as is


def test_same_values_give_the_same_bytes():
    first = json.dumps(payload.build_form_state(guide_move(), guide_context()))
    second = json.dumps(payload.build_form_state(guide_move(), guide_context()))
    assert first == second


def test_context_survives_json_round_trip():
    """The browser receives the context through JSON-RPC (int keys become
    strings): the form it builds must equal the server's."""
    context = guide_context()
    via_rpc = json.loads(json.dumps(context))
    assert payload.build_form_state(guide_move(), via_rpc) == payload.build_form_state(
        guide_move(), context
    )


def test_refund_takes_the_credited_invoice_from_the_context():
    context = guide_context()
    context["reversed_entry"] = payload.context_reversed_entry(
        {"name": "INV/2026/04/0002", "invoice_date": "2026-04-01"}
    )
    form = payload.build_form_state(guide_move(move_type="out_refund"), context)
    assert form["reversed_entry"] == {
        "name": "INV/2026/04/0002",
        "invoice_date": "2026-04-01",
    }
    assert payload.context_reversed_entry({"name": False}) is None


def test_discount_is_written_only_when_not_zero():
    move = guide_move()
    move["lines"][0]["discount"] = 10.0
    form = payload.build_form_state(move, guide_context())
    assert form["lines"][0]["discount"] == "10.00"


def test_tax_missing_from_context_is_an_error_not_a_silent_drop():
    move = guide_move()
    move["lines"][0]["tax_ids"] = [99]
    with pytest.raises(payload.PayloadError) as err:
        payload.build_form_state(move, guide_context())
    assert "99" in err.value.message_fr


def test_exemption_reason_only_for_exempt_categories():
    exempt = payload.context_tax(
        {"id": 2, "amount": 0.0, "unece_categ_code": "e"}, "Exonération art. 261"
    )
    assert exempt["category"] == "E"
    assert exempt["exemption_reason"] == "Exonération art. 261"
    standard = payload.context_tax(
        {"id": 1, "amount": 20.0, "unece_categ_code": "S"}, "Exonération art. 261"
    )
    assert "exemption_reason" not in standard


def test_service_without_code_is_no_service():
    partner = dict(CONTACT, service={"id": 3, "code": False})
    assert "service" not in payload.context_partner(partner)


def test_unknown_ref_mode_falls_back_to_the_guide():
    assert payload.context_company(dict(COMPANY, ref_mode="x"))["ref_mode"] == (
        "service_code"
    )


def test_goes_to_chorus_needs_customer_invoice_and_chorus_method():
    assert payload.goes_to_chorus("out_refund", "fr-chorus")
    assert not payload.goes_to_chorus("in_invoice", "fr-chorus")
    assert not payload.goes_to_chorus("out_invoice", "email")


# ---------------------------------------------------------------- context values


def test_context_values_accept_ids_and_many2one_pairs():
    clean = payload.clean_context_values(
        {"partner_id": [11, "AMU"], "tax_ids": [1, 1, 2], "company_id": False}
    )
    assert clean["partner_id"] == 11
    assert clean["company_id"] is None
    assert clean["tax_ids"] == [1, 2]
    assert clean["product_uom_ids"] == []


@pytest.mark.parametrize(
    "values",
    [
        {"partner_id": "11"},
        {"partner_id": -1},
        {"partner_id": True},
        {"tax_ids": 3},
        {"password": 1},
        "partner_id=11",
    ],
)
def test_context_values_refuse_anything_but_ids(values):
    with pytest.raises(payload.PayloadError):
        payload.clean_context_values(values)


def test_context_values_are_capped_before_browsing():
    with pytest.raises(payload.PayloadError) as err:
        payload.clean_context_values({"tax_ids": list(range(1, payload.MAX_IDS + 2))})
    assert "maximum" in err.value.message_fr


# ---------------------------------------------------------------- comparison


XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<rsm:CrossIndustryInvoice>é</rsm:CrossIndustryInvoice>\n"
)


def test_identical_xml_is_accepted_as_text_or_bytes():
    assert compare.compare_browser_xml(XML, XML) == {"ok": True}
    assert compare.compare_browser_xml(XML.encode(), XML) == {"ok": True}


def test_one_byte_of_difference_is_refused_with_its_line():
    other = XML.replace("é", "e")
    result = compare.compare_browser_xml(other, XML)
    assert result["ok"] is False
    assert "ligne 2" in result["message"]
    assert "rien n'a été envoyé" in result["message"]


def test_oversized_xml_is_refused_before_anything_else():
    big = "<a>" + "x" * (compare.MAX_XML_BYTES + 1) + "</a>"
    result = compare.compare_browser_xml(big, XML)
    assert result["ok"] is False and "trop volumineux" in result["message"]
    # multi-byte text over the cap once encoded
    wide = "é" * (compare.MAX_XML_BYTES // 2 + 1)
    assert compare.compare_browser_xml(wide, XML)["ok"] is False


@pytest.mark.parametrize("value", [None, "", b"", 42, {"xml": XML}])
def test_missing_or_odd_browser_xml_is_refused(value):
    assert compare.compare_browser_xml(value, XML)["ok"] is False


def test_entities_are_never_expanded():
    """A billion-laughs document is just bytes that differ."""
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>'
    )
    assert compare.compare_browser_xml(bomb, XML)["ok"] is False


# ---------------------------------------------------------------- the engine


@pytest.mark.skipif(_cli() is None, reason="chorus-guard CLI not built")
def test_engine_accepts_the_payload_and_finds_the_guide_trap(tmp_path):
    """The payload's shape is the engine's (it refuses unknown keys): the
    guide's ok case passes, an empty ref blocks with CHORUS-SERVICE-REF."""
    good = tmp_path / "good.json"
    good.write_text(json.dumps(payload.build_form_state(guide_move(), guide_context())))
    ran = subprocess.run([_cli(), "check", str(good)], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stdout + ran.stderr

    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(payload.build_form_state(guide_move(ref=False), guide_context()))
    )
    ran = subprocess.run([_cli(), "check", str(bad)], capture_output=True, text=True)
    assert ran.returncode == 1
    assert "CHORUS-SERVICE-REF" in ran.stdout

# Copyright 2026 Chorus Guard
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engine's form state (docs/form-json.md) built from plain dicts.

No Odoo import here: the addon reads its records into plain dicts and this
module turns them into the engine's shapes, so that the same code builds the
context the browser receives and the form the server checks, and the
shapes are tested without an Odoo server.

Two steps:
- ``context_*`` functions turn record values into the pieces of the form the
  browser cannot see (partner tree, company, taxes...): the context call
  returns them ready-made.
- ``build_form_state(move, context)`` adds what the form itself holds (type,
  number, ``ref``, dates, lines) to that context.
"""

import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

# Odoo's default precisions (decimal.precision records of the same names);
# the context carries the database's actual values.
DEFAULT_DIGITS = {"price_unit": 2, "quantity": 3, "discount": 2, "tax_rate": 4}

# More than this many ids in one context call is not a form: refuse it
# before browsing anything.
MAX_IDS = 5000

CHORUS_METHOD_CODE = "fr-chorus"
CHORUS_MOVE_TYPES = ("out_invoice", "out_refund")
EXEMPTION_CATEGORIES = ("E", "AE", "K", "G", "O")
REF_MODES = ("service_code", "engagement")
CHORUS_REQUIRED = (
    "none",
    "service",
    "engagement",
    "service_or_engagement",
    "service_and_engagement",
)

_WIDE = Context(prec=60)


class PayloadError(ValueError):
    """Input that cannot become a form state; French message first."""

    def __init__(self, message_fr, message_en):
        super().__init__(message_fr)
        self.message_fr = message_fr
        self.message_en = message_en


def decimal_str(value, digits=None):
    """An Odoo numeric value as the exact decimal string the engine takes.

    Odoo holds floats already rounded to the field's digits; the float's
    shortest representation is that decimal, rounded half away from zero to
    ``digits`` like ``float_round``. Same result as ``float_repr(value,
    digits)`` for every value the ORM stores, without its binary ties.
    """
    if value is None or value is False:
        value = 0
    if isinstance(value, bool):
        raise PayloadError("valeur numérique attendue", "numeric value expected")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PayloadError(
                "montant non fini (%r)" % value, "non-finite amount (%r)" % value
            )
        number = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise PayloadError(
                "montant illisible : %r" % value, "unreadable amount: %r" % value
            ) from None
        if not number.is_finite():
            raise PayloadError(
                "montant non fini (%r)" % value, "non-finite amount (%r)" % value
            )
    else:
        raise PayloadError("valeur numérique attendue", "numeric value expected")
    if digits is not None:
        number = number.quantize(
            Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP, context=_WIDE
        )
    text = format(number, "f")
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return text


def _text(value):
    """Odoo's ``False`` for an empty Char is no value."""
    if value is None or value is False:
        return None
    return str(value)


def _date(value):
    if value is None or value is False or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)[:10]


def _id(value):
    """A many2one read as an id, ``(id, name)`` or a record id; else None."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None or value is False or isinstance(value, bool):
        return None
    return int(value)


def _prune(mapping):
    """Absent optional keys are left out rather than sent as null."""
    return {key: value for key, value in mapping.items() if value is not None}


def context_address(vals):
    """``res.partner`` address fields -> the engine's address."""
    vals = vals or {}
    return _prune(
        {
            "line1": _text(vals.get("street")),
            "line2": _text(vals.get("street2")),
            "city": _text(vals.get("city")),
            "postcode": _text(vals.get("zip")),
            "subdivision": _text(vals.get("state_name")),
            "country": _text(vals.get("country_code")),
        }
    )


def context_service(vals):
    """A ``chorus.partner.service`` -> the engine's service, or None."""
    if not vals or not vals.get("code"):
        return None
    return _prune(
        {
            "id": _id(vals.get("id")),
            "code": str(vals["code"]),
            "name": _text(vals.get("name")),
            "active": bool(vals.get("active", True)),
            "engagement_required": bool(vals.get("engagement_required")),
        }
    )


def context_partner(vals):
    """A ``res.partner`` (the customer, or a contact) -> the engine's partner."""
    if not vals or not _id(vals.get("id")):
        return None
    service = context_service(vals.get("service"))
    return _prune(
        {
            "id": _id(vals["id"]),
            "display_name": _text(vals.get("display_name")) or "",
            "name": _text(vals.get("name")),
            "parent_id": _id(vals.get("parent_id")),
            "is_company": bool(vals.get("is_company")),
            "active": bool(vals.get("active", True)),
            "service": service,
            "siret": _text(vals.get("siret")),
            "siren": _text(vals.get("siren")),
            "vat": _text(vals.get("vat")),
            "email": _text(vals.get("email")),
            "address": context_address(vals),
        }
    )


def context_commercial_partner(vals, contacts=()):
    """The public body with its contacts (the choices CHORUS-CONTACT offers)."""
    if not vals or not _id(vals.get("id")):
        return None
    required = vals.get("fr_chorus_required") or "none"
    if required not in CHORUS_REQUIRED:
        required = "none"
    return _prune(
        {
            "id": _id(vals["id"]),
            "name": _text(vals.get("name")) or _text(vals.get("display_name")) or "",
            "fr_chorus_required": required,
            "siret": _text(vals.get("siret")),
            "siren": _text(vals.get("siren")),
            "vat": _text(vals.get("vat")),
            "address": context_address(vals),
            "contacts": [
                c for c in (context_partner(contact) for contact in contacts) if c
            ],
        }
    )


def context_legal_notes(notes):
    """The company's legal notes (BR-FR-05) -> the engine's ``legal_notes``."""
    out = []
    for note in notes or ():
        code = _text(note.get("subject_code"))
        content = _text(note.get("content"))
        if code and content and content.strip():
            out.append({"subject_code": code, "content": content})
    return out


def context_company(vals):
    """The selling company and its Chorus Guard settings. The reform's flag and
    legal notes are sent only when the company turned the reform on: with it
    off, the form is exactly the one before the reform."""
    vals = vals or {}
    ref_mode = vals.get("ref_mode") or "service_code"
    if ref_mode not in REF_MODES:
        ref_mode = "service_code"
    reform = bool(vals.get("reform_2026"))
    return _prune(
        {
            "name": _text(vals.get("name")) or "",
            "siret": _text(vals.get("siret")),
            "siren": _text(vals.get("siren")),
            "reform_2026": True if reform else None,
            "legal_notes": context_legal_notes(vals.get("legal_notes"))
            if reform
            else None,
            "vat": _text(vals.get("vat")),
            "address": context_address(vals),
            "email": _text(vals.get("email")),
            "phone": _text(vals.get("phone")),
            "ref_mode": ref_mode,
            "chorus_business_process": _text(vals.get("chorus_business_process")),
        }
    )


def context_payment_mode(vals, bank=None):
    """``account.payment.mode`` + the bank account the invoice will show."""
    if not vals or not _id(vals.get("id")):
        return None
    bank = bank or {}
    return _prune(
        {
            "id": _id(vals["id"]),
            "name": _text(vals.get("name")),
            "code": _text(vals.get("unece_code")),
            "iban": _text(bank.get("acc_number")),
            "bic": _text(bank.get("bank_bic")),
            "account_holder": _text(bank.get("acc_holder_name")),
        }
    )


def context_tax(vals, exemption_reason=None, digits=None):
    """An ``account.tax`` -> the engine's tax. The fiscal position's note is
    the exemption reason of a non-standard category, as in OCA's writer."""
    if digits is None:
        digits = DEFAULT_DIGITS["tax_rate"]
    category = (_text(vals.get("unece_categ_code")) or "S").upper()
    rate = vals.get("amount") if vals.get("amount_type", "percent") == "percent" else 0
    reason = _text(exemption_reason) if category in EXEMPTION_CATEGORIES else None
    return _prune(
        {
            "id": _id(vals.get("id")),
            "name": _text(vals.get("name")),
            "rate": decimal_str(rate, digits),
            "category": category,
            "exemption_reason": reason.strip() if reason and reason.strip() else None,
        }
    )


def context_reversed_entry(vals):
    """The credited invoice (BG-3) of a refund, or None."""
    if not vals or not _text(vals.get("name")):
        return None
    return _prune(
        {"name": _text(vals["name"]), "invoice_date": _date(vals.get("invoice_date"))}
    )


def context_chorus_flow(vals):
    """The Chorus flow (OCA ``chorus.flow``) the invoice is linked to, or None:
    the engine words the next step by its status."""
    if not vals:
        return None
    return _prune(
        {"name": _text(vals.get("name")), "status": _text(vals.get("status"))}
    )


def goes_to_chorus(move_type, transmit_method_code):
    return move_type in CHORUS_MOVE_TYPES and transmit_method_code == CHORUS_METHOD_CODE


def _line(line, context, digits):
    taxes = context.get("taxes") or {}
    uoms = context.get("uoms") or {}
    products = context.get("products") or {}
    product_id = _id(line.get("product_id"))
    tax_list = []
    for tax_id in line.get("tax_ids") or []:
        tax = taxes.get(str(_id(tax_id)))
        if tax is None:
            raise PayloadError(
                "taxe %s absente du contexte : rechargez la facture" % tax_id,
                "tax %s missing from the context: reload the invoice" % tax_id,
            )
        tax_list.append(dict(tax))
    discount = line.get("discount") or 0
    uom_id = _id(line.get("product_uom_id"))
    out = {
        "name": _text(line.get("name")) or "",
        "product_code": _text(line.get("product_code")),
        "quantity": decimal_str(line.get("quantity"), digits["quantity"]),
        "uom_code": uoms.get(str(uom_id)) if uom_id else None,
        "price_unit": decimal_str(line.get("price_unit"), digits["price_unit"]),
        # A zero discount is no discount: no gross price is written.
        "discount": (
            decimal_str(discount, digits["discount"])
            if Decimal(decimal_str(discount)) != 0
            else None
        ),
        "taxes": tax_list,
        # The billing framework's letter under the reform (goods or services).
        "product_type": _text(products.get(str(product_id))) if product_id else None,
    }
    return _prune(out)


def build_form_state(move, context):
    """The engine's form state from the move's own values and its context.

    ``move``: what the form holds, as plain values (``move_type``, ``state``,
    ``name``, ``ref``, ``engagement`` (BT-13, ``chorus_guard_engagement``),
    ``payment_reference``, ``invoice_date``,
    ``invoice_date_due``, ``narration``, ``reversed_entry`` ``{name,
    invoice_date}``, ``billing_framework``, ``already_paid``, ``lines``
    ``[{name, quantity, price_unit, discount, product_code, product_id,
    product_uom_id, tax_ids, display_type}]``).
    ``context``: what ``account.move.chorus_guard_context`` returns.
    """
    digits = dict(DEFAULT_DIGITS)
    digits.update(context.get("digits") or {})
    lines = [
        _line(line, context, digits)
        for line in move.get("lines") or []
        if not line.get("display_type")
    ]
    reversed_entry = move.get("reversed_entry") or context.get("reversed_entry")
    if reversed_entry and _text(reversed_entry.get("name")):
        reversed_entry = _prune(
            {
                "name": _text(reversed_entry.get("name")),
                "invoice_date": _date(reversed_entry.get("invoice_date")),
            }
        )
    else:
        reversed_entry = None
    state = {
        "move_type": move.get("move_type") or "out_invoice",
        "state": move.get("state") or "draft",
        "name": _text(move.get("name")),
        "partner": context.get("partner"),
        "commercial_partner": context.get("commercial_partner"),
        "transmit_method_code": _text(context.get("transmit_method_code")),
        "ref": _text(move.get("ref")),
        "engagement": _text(move.get("engagement")),
        "payment_mode": context.get("payment_mode"),
        "payment_reference": _text(move.get("payment_reference")),
        "company": context.get("company") or {"name": ""},
        "invoice_date": _date(move.get("invoice_date")),
        "invoice_date_due": _date(move.get("invoice_date_due")),
        "currency": _text(context.get("currency")) or "EUR",
        "narration": _text(move.get("narration")),
        "reversed_entry": reversed_entry,
        "billing_framework": _text(move.get("billing_framework")),
        # Left out unless set, as the browser does: the same form, the same bytes.
        "already_paid": True if move.get("already_paid") else None,
        "lines": lines,
        "last_sent_fingerprint": _text(context.get("last_sent_fingerprint")),
        "chorus_flow": context.get("chorus_flow"),
    }
    return _prune(state)


# The relational ids the form sends to the context call, by kind.
_SINGLE_IDS = (
    "partner_id",
    "company_id",
    "payment_mode_id",
    "partner_bank_id",
    "transmit_method_id",
    "currency_id",
    "fiscal_position_id",
    "reversed_entry_id",
)
_MULTI_IDS = ("tax_ids", "product_uom_ids", "product_ids")
# The invoice's many2one fields its context is read from.
SINGLE_ID_FIELDS = _SINGLE_IDS


def clean_context_values(values):
    """The context call's ``values`` checked before any record is browsed:
    ids only (positive integers), at most ``MAX_IDS`` in all."""
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise PayloadError("valeurs du formulaire illisibles", "unreadable form values")
    unknown = sorted(set(values) - set(_SINGLE_IDS) - set(_MULTI_IDS))
    if unknown:
        raise PayloadError(
            "champ inconnu dans la demande de contexte : %s" % ", ".join(unknown),
            "unknown field in the context request: %s" % ", ".join(unknown),
        )
    clean = {}
    for key in _SINGLE_IDS:
        clean[key] = _clean_id(values.get(key), key)
    total = 0
    for key in _MULTI_IDS:
        raw = values.get(key) or []
        if not isinstance(raw, (list, tuple)):
            raise PayloadError(
                "%s : liste d'identifiants attendue" % key,
                "%s: list of ids expected" % key,
            )
        total += len(raw)
        if total > MAX_IDS:
            raise PayloadError(
                "trop d'identifiants dans la demande (maximum %d)" % MAX_IDS,
                "too many ids in the request (maximum %d)" % MAX_IDS,
            )
        ids = []
        for raw_id in raw:
            clean_id = _clean_id(raw_id, key)
            if clean_id and clean_id not in ids:
                ids.append(clean_id)
        clean[key] = ids
    return clean


def _clean_id(value, key):
    if value is None or value is False:
        return None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise PayloadError(
            "%s : identifiant invalide (%r)" % (key, value),
            "%s: invalid id (%r)" % (key, value),
        )
    return value

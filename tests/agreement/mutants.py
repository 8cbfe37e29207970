"""Mutants of a valid CII invoice: each changes one thing (removes an element, blanks
a text, shifts an amount, writes a code no list holds...), and controls change
nothing the rules look at. Operators are generic: they apply wherever the element is,
so every base yields the mutants its content allows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable

from lxml import etree

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NS = {"rsm": RSM, "ram": RAM, "udt": UDT}

SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMMATION = SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
BREAKDOWN = SETTLEMENT + "/ram:ApplicableTradeTax"
LINE = "//ram:IncludedSupplyChainTradeLineItem"
SELLER = "//ram:SellerTradeParty"
BUYER = "//ram:BuyerTradeParty"

# Elements a mutant removes (the first match), by XPath.
REMOVE = [
    "/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter",
    "//rsm:ExchangedDocument/ram:ID",
    "//rsm:ExchangedDocument/ram:IssueDateTime",
    SELLER + "/ram:Name",
    BUYER + "/ram:Name",
    SELLER + "/ram:PostalTradeAddress",
    SELLER + "/ram:PostalTradeAddress/ram:CountryID",
    BUYER + "/ram:PostalTradeAddress",
    BUYER + "/ram:PostalTradeAddress/ram:CountryID",
    SELLER + "/ram:SpecifiedTaxRegistration",
    SELLER + "/ram:SpecifiedLegalOrganization",
    SUMMATION + "/ram:LineTotalAmount",
    SUMMATION + "/ram:TaxBasisTotalAmount",
    SUMMATION + "/ram:TaxTotalAmount",
    SUMMATION + "/ram:GrandTotalAmount",
    SUMMATION + "/ram:DuePayableAmount",
    SUMMATION + "/ram:AllowanceTotalAmount",
    SUMMATION + "/ram:ChargeTotalAmount",
    BREAKDOWN,
    BREAKDOWN + "/ram:BasisAmount",
    BREAKDOWN + "/ram:CalculatedAmount",
    BREAKDOWN + "/ram:RateApplicablePercent",
    BREAKDOWN + "/ram:ExemptionReason",
    LINE,
    LINE + "//ram:LineID",
    LINE + "//ram:SpecifiedTradeProduct/ram:Name",
    LINE + "//ram:BilledQuantity",
    LINE + "//ram:NetPriceProductTradePrice",
    LINE + "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
    LINE + "//ram:ApplicableTradeTax/ram:RateApplicablePercent",
    LINE + "//ram:SpecifiedTradeAllowanceCharge/ram:Reason",
    SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:Reason",
    BREAKDOWN + "/ram:CategoryCode",
    BREAKDOWN + "/ram:ExemptionReasonCode",
    LINE + "//ram:GrossPriceProductTradePrice",
    BUYER + "/ram:SpecifiedTaxRegistration",
    SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode",
    "//ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty",
    "//ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent",
    "//ram:SellerTaxRepresentativeTradeParty",
    "//rsm:ExchangedDocument/ram:TypeCode",
    SETTLEMENT + "/ram:InvoiceCurrencyCode",
    SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode",
    SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
]

# Texts a mutant blanks (a space: `normalize-space` blank).
BLANK = [
    "//rsm:ExchangedDocument/ram:ID",
    SELLER + "/ram:Name",
    BUYER + "/ram:Name",
    LINE + "//ram:SpecifiedTradeProduct/ram:Name",
    LINE + "//ram:LineID",
    BREAKDOWN + "/ram:ExemptionReason",
]

# Amounts a mutant shifts: +1.00 (arithmetic rules) and +0.01 (rounding edges).
AMOUNTS = [
    SUMMATION + "/ram:LineTotalAmount",
    SUMMATION + "/ram:TaxBasisTotalAmount",
    SUMMATION + "/ram:TaxTotalAmount",
    SUMMATION + "/ram:GrandTotalAmount",
    SUMMATION + "/ram:DuePayableAmount",
    SUMMATION + "/ram:AllowanceTotalAmount",
    SUMMATION + "/ram:ChargeTotalAmount",
    BREAKDOWN + "/ram:BasisAmount",
    BREAKDOWN + "/ram:CalculatedAmount",
    LINE + "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
    SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount",
    SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:BasisAmount",
    LINE + "//ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount",
    SUMMATION + "/ram:TotalPrepaidAmount",
    SUMMATION + "/ram:RoundingAmount",
]

# Several elements removed together (an identity needs all of them gone).
REMOVE_ALL = [
    ("seller-identifiers", [SELLER + "/ram:SpecifiedTaxRegistration", SELLER + "/ram:SpecifiedLegalOrganization", SELLER + "/ram:ID", SELLER + "/ram:GlobalID"]),
    ("document-reasons", [SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:Reason", SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode"]),
    ("line-reasons", [LINE + "//ram:SpecifiedTradeAllowanceCharge/ram:Reason", LINE + "//ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode"]),
    ("exemption", [BREAKDOWN + "/ram:ExemptionReason", BREAKDOWN + "/ram:ExemptionReasonCode"]),
    ("account", [SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID", SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID"]),
    ("seller-vat-and-line-rates", [SELLER + "/ram:SpecifiedTaxRegistration"]),
]

# Values a mutant writes (negative prices, rates a category forbids).
VALUES = [
    (LINE + "//ram:NetPriceProductTradePrice/ram:ChargeAmount", "-1.00"),
    (LINE + "//ram:GrossPriceProductTradePrice/ram:ChargeAmount", "-1.00"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", "0"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", "7"),
    (BREAKDOWN + "/ram:RateApplicablePercent", "0"),
    (SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:RateApplicablePercent", "0"),
    (SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:RateApplicablePercent", "7"),
    (SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode", "X"),
    (SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode", "S"),
    (BREAKDOWN + "/ram:CategoryCode", "S"),
    (BREAKDOWN + "/ram:CalculatedAmount", "0.00"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", "E"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", "Z"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", "AE"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", "S"),
]

# Attributes a mutant rewrites.
ATTRIBUTES = [
    ("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "format", "610"),
    (SUMMATION + "/ram:TaxTotalAmount", "currencyID", "EUX"),
    (LINE + "//ram:BilledQuantity", "unitCode", "XYZ"),
    (LINE + "//ram:BilledQuantity", "unitCode", ""),
]

# Codes a mutant replaces with a value no code list holds.
CODES = [
    ("//rsm:ExchangedDocument/ram:TypeCode", "999"),
    (SETTLEMENT + "/ram:InvoiceCurrencyCode", "EURO"),
    (SELLER + "/ram:PostalTradeAddress/ram:CountryID", "XK1"),
    (BUYER + "/ram:PostalTradeAddress/ram:CountryID", "FX"),
    (BREAKDOWN + "/ram:CategoryCode", "X"),
    (LINE + "//ram:ApplicableTradeTax/ram:CategoryCode", "X"),
    (SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", "999"),
    (SELLER + "/ram:SpecifiedTaxRegistration/ram:ID", "XX123"),
    (BREAKDOWN + "/ram:ExemptionReasonCode", "VATEX-XX"),
]


@dataclass
class Mutant:
    name: str
    xml: bytes
    control: bool = False


def _first(doc, xpath):
    found = doc.xpath(xpath, namespaces=NS)
    return found[0] if found else None


def _apply(base: bytes, xpath: str, change: Callable) -> bytes | None:
    doc = etree.fromstring(base)
    e = _first(doc, xpath)
    if e is None or change(e) is False:
        return None
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def _apply_doc(base: bytes, change: Callable) -> bytes | None:
    doc = etree.fromstring(base)
    if change(doc) is False:
        return None
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def _period(start: str, end: str):
    """BG-14 inserted where the XSD wants it: after the last header VAT breakdown."""

    def change(doc):
        entries = doc.xpath(BREAKDOWN, namespaces=NS)
        if not entries:
            return False
        period = etree.Element(f"{{{RAM}}}BillingSpecifiedPeriod")
        for name, value in (("StartDateTime", start), ("EndDateTime", end)):
            holder = etree.SubElement(period, f"{{{RAM}}}{name}")
            ds = etree.SubElement(holder, f"{{{UDT}}}DateTimeString", format="102")
            ds.text = value
        entries[-1].addnext(period)

    return change


def _duplicate(xpath: str):
    def change(doc):
        e = _first(doc, xpath)
        if e is None:
            return False
        e.addnext(etree.fromstring(etree.tostring(e)))

    return change


def _seller_vat(doc):
    """A VAT id on a seller that has none (categories O forbid it)."""
    seller = _first(doc, SELLER)
    if seller is None or seller.xpath("ram:SpecifiedTaxRegistration", namespaces=NS):
        return False
    reg = etree.SubElement(seller, f"{{{RAM}}}SpecifiedTaxRegistration")
    etree.SubElement(reg, f"{{{RAM}}}ID", schemeID="VA").text = "FR40732829320"


def _remove(e):
    e.getparent().remove(e)


def _shift(delta: str):
    def change(e):
        try:
            value = Decimal((e.text or "").strip())
        except InvalidOperation:
            return False
        e.text = str(value + Decimal(delta))

    return change


def _set(text: str):
    def change(e):
        e.text = text

    return change


def _short(xpath: str) -> str:
    return "/".join(p.split(":")[-1] for p in xpath.split("/") if p)[-60:]


def mutants(base: bytes) -> list[Mutant]:
    out: list[Mutant] = []

    def add(name, xml, control=False):
        if xml is not None:
            out.append(Mutant(name, xml, control))

    for xp in REMOVE:
        add(f"remove:{_short(xp)}", _apply(base, xp, _remove))
    for xp in BLANK:
        add(f"blank:{_short(xp)}", _apply(base, xp, _set(" ")))
    for xp in AMOUNTS:
        add(f"plus1:{_short(xp)}", _apply(base, xp, _shift("1.00")))
        add(f"plus0.01:{_short(xp)}", _apply(base, xp, _shift("0.01")))
        add(f"scale3:{_short(xp)}", _apply(base, xp, lambda e: setattr(e, "text", (e.text or "").strip() + "0") if "." in (e.text or "") else False))
    for xp, bad in CODES:
        add(f"code:{_short(xp)}={bad}", _apply(base, xp, _set(bad)))
    for name, xps in REMOVE_ALL:
        def drop(doc, xps=xps):
            found = [e for xp in xps for e in doc.xpath(xp, namespaces=NS)]
            if not found:
                return False
            for e in found:
                e.getparent().remove(e)
        add(f"remove-all:{name}", _apply_doc(base, drop))
    for xp, value in VALUES:
        add(f"value:{_short(xp)}={value}", _apply(base, xp, _set(value)))
    for xp, attr, value in ATTRIBUTES:
        add(f"attr:{_short(xp)}@{attr}={value}", _apply(base, xp, lambda e, a=attr, v=value: e.set(a, v)))
    add("period:end-before-start", _apply_doc(base, _period("20261031", "20261001")))
    add("duplicate:breakdown-entry", _apply_doc(base, _duplicate(BREAKDOWN)))
    add("add:seller-vat-id", _apply_doc(base, _seller_vat))
    add("control:period-in-order", _apply_doc(base, _period("20261001", "20261031")), True)
    # Controls: nothing a rule reads changes.
    add("control:identity", base, True)
    add(
        "control:other-prefixes",
        base.replace(b"ram:", b"r:").replace(b"xmlns:ram=", b"xmlns:r="),
        True,
    )
    add("control:no-break-space-name", _apply(base, SELLER + "/ram:Name", lambda e: setattr(e, "text", "\u00a0" + (e.text or ""))), True)
    return out

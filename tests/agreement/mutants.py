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
REPRESENTATIVE = "//ram:SellerTaxRepresentativeTradeParty"
PRECEDING = SETTLEMENT + "/ram:InvoiceReferencedDocument"
DOC_ALLOWANCE = SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='false']"
DOC_CHARGE = SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='true']"
LINE_ALLOWANCE = LINE + "//ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='false']"
LINE_CHARGE = LINE + "//ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator='true']"
CATEGORIES = ("S", "Z", "E", "AE", "K", "G", "O")

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
    REPRESENTATIVE + "/ram:Name",
    REPRESENTATIVE + "/ram:PostalTradeAddress",
    REPRESENTATIVE + "/ram:PostalTradeAddress/ram:CountryID",
    REPRESENTATIVE + "/ram:SpecifiedTaxRegistration",
    PRECEDING + "/ram:IssuerAssignedID",
    DOC_ALLOWANCE + "/ram:ActualAmount",
    DOC_CHARGE + "/ram:ActualAmount",
    LINE_ALLOWANCE + "/ram:ActualAmount",
    LINE_CHARGE + "/ram:ActualAmount",
    LINE_CHARGE + "/ram:Reason",
    DOC_CHARGE + "/ram:CategoryTradeTax/ram:CategoryCode",
    LINE + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode",
    "//ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID",
    "//ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime",
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
    REPRESENTATIVE + "/ram:Name",
    REPRESENTATIVE + "/ram:PostalTradeAddress/ram:CountryID",
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
    DOC_CHARGE + "/ram:ActualAmount",
    DOC_CHARGE + "/ram:BasisAmount",
    LINE_ALLOWANCE + "/ram:ActualAmount",
    LINE_ALLOWANCE + "/ram:BasisAmount",
    LINE_CHARGE + "/ram:ActualAmount",
    LINE_CHARGE + "/ram:BasisAmount",
]

# Amounts a mutant shifts by a thousandth (a third decimal that rounding would lose).
THOUSANDTHS = [
    SUMMATION + "/ram:TaxTotalAmount",
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
    ("line-charge-reasons", [LINE_CHARGE + "/ram:Reason", LINE_CHARGE + "/ram:ReasonCode"]),
    ("line-tax-categories", [LINE + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"]),
    ("delivery-and-period", ["//ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent", SETTLEMENT + "/ram:BillingSpecifiedPeriod"]),
    ("ship-to-country", ["//ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID"]),
] + [
    # The exemption reason of one category's breakdown entry (G and K need one).
    (f"exemption-{c}", [f"{BREAKDOWN}[ram:CategoryCode='{c}']/ram:ExemptionReason", f"{BREAKDOWN}[ram:CategoryCode='{c}']/ram:ExemptionReasonCode"])
    for c in ("G", "K", "O", "E", "AE")
]

# Values a mutant writes (negative prices, rates a category forbids).
VALUES = [
    (LINE + "//ram:NetPriceProductTradePrice/ram:ChargeAmount", "-1.00"),
    (LINE + "//ram:GrossPriceProductTradePrice/ram:ChargeAmount", "-1.00"),
    (LINE + "//ram:GrossPriceProductTradePrice/ram:ChargeAmount", "-0.01"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", "0"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", "7"),
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", "-1"),
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
    (LINE + "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", "B"),
    (BREAKDOWN + "/ram:CategoryCode", "B"),
    (PRECEDING + "/ram:IssuerAssignedID", ""),
    (REPRESENTATIVE + "/ram:SpecifiedTaxRegistration/ram:ID", ""),
    (DOC_CHARGE + "/ram:CategoryTradeTax/ram:CategoryCode", "S"),
    (DOC_CHARGE + "/ram:CategoryTradeTax/ram:CategoryCode", "O"),
    (DOC_ALLOWANCE + "/ram:CategoryTradeTax/ram:CategoryCode", "O"),
] + [
    # A rate each category forbids, on a document level allowance and charge of that
    # category: 7 where it must be 0 (S: 0 where it must be positive).
    (f"{kind}/ram:CategoryTradeTax[ram:CategoryCode='{c}']/ram:RateApplicablePercent", rate)
    for kind in (DOC_ALLOWANCE, DOC_CHARGE)
    for c in ("S", "Z", "E", "AE", "K", "G", "L", "M")
    for rate in {"S": ("0", "-5"), "L": ("0", "-5"), "M": ("-1", "-5")}.get(c, ("7", "0.5"))
]

# Attributes a mutant rewrites.
ATTRIBUTES = [
    ("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "format", "610"),
    (SUMMATION + "/ram:TaxTotalAmount", "currencyID", "EUX"),
    # (XYZ, once used here, is a UN/ECE Rec 21 code of Factur-X's list.)
    (LINE + "//ram:BilledQuantity", "unitCode", "QQQ"),
    (LINE + "//ram:BilledQuantity", "unitCode", "c62"),
    (LINE + "//ram:BilledQuantity", "unitCode", ""),
]

# Elements a mutant adds (parent XPath, element XML, position: "append", or the
# local name of the child to insert before), each under a name.
_R = f'xmlns:ram="{RAM}" xmlns:udt="{UDT}"'
ADD = [
    ("representative-without-address", "//ram:ApplicableHeaderTradeAgreement", f'<ram:SellerTaxRepresentativeTradeParty {_R}><ram:Name>Représentation fiscale</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR61552081317</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTaxRepresentativeTradeParty>', "BuyerOrderReferencedDocument"),
    ("representative-without-name-and-vat", "//ram:ApplicableHeaderTradeAgreement", f'<ram:SellerTaxRepresentativeTradeParty {_R}><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress></ram:SellerTaxRepresentativeTradeParty>', "BuyerOrderReferencedDocument"),
    ("tax-point-date-and-code", BREAKDOWN, f'<ram:TaxPointDate {_R}><udt:DateString format="102">20260401</udt:DateString></ram:TaxPointDate><ram:DueDateTypeCode {_R}>5</ram:DueDateTypeCode>', "RateApplicablePercent"),
    ("empty-invoicing-period", SETTLEMENT, f'<ram:BillingSpecifiedPeriod {_R}/>', "SpecifiedTradeAllowanceCharge"),
    ("line-period-reversed", LINE + "/ram:SpecifiedLineTradeSettlement", f'<ram:BillingSpecifiedPeriod {_R}><ram:StartDateTime><udt:DateTimeString format="102">20260331</udt:DateTimeString></ram:StartDateTime><ram:EndDateTime><udt:DateTimeString format="102">20260301</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>', "SpecifiedTradeAllowanceCharge"),
    ("line-period-empty", LINE + "/ram:SpecifiedLineTradeSettlement", f'<ram:BillingSpecifiedPeriod {_R}/>', "SpecifiedTradeAllowanceCharge"),
    ("card-number-in-full", SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans", f'<ram:ApplicableTradeSettlementFinancialCard {_R}><ram:ID>4970 1012 3456 7890</ram:ID></ram:ApplicableTradeSettlementFinancialCard>', "PayeePartyCreditorFinancialAccount"),
    ("supporting-document-without-id", "//ram:ApplicableHeaderTradeAgreement", f'<ram:AdditionalReferencedDocument {_R}><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>', "append"),
    ("supporting-document-empty-id", "//ram:ApplicableHeaderTradeAgreement", f'<ram:AdditionalReferencedDocument {_R}><ram:IssuerAssignedID></ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>', "append"),
    ("item-attribute-without-value", LINE + "/ram:SpecifiedTradeProduct", f'<ram:ApplicableProductCharacteristic {_R}><ram:Description>Couleur</ram:Description></ram:ApplicableProductCharacteristic>', "append"),
    ("item-attribute-without-name", LINE + "/ram:SpecifiedTradeProduct", f'<ram:ApplicableProductCharacteristic {_R}><ram:Value>Bleu</ram:Value></ram:ApplicableProductCharacteristic>', "append"),
    ("ship-to-address-without-country", "//ram:ApplicableHeaderTradeDelivery", f'<ram:ShipToTradeParty {_R}><ram:Name>Entrepôt</ram:Name><ram:PostalTradeAddress><ram:CityName>Lyon</ram:CityName></ram:PostalTradeAddress></ram:ShipToTradeParty>', "ActualDeliverySupplyChainEvent"),
    ("seller-uri-without-scheme", SELLER, f'<ram:URIUniversalCommunication {_R}><ram:URIID>factures@example.fr</ram:URIID></ram:URIUniversalCommunication>', "SpecifiedTaxRegistration"),
    ("seller-uri-blank-scheme", SELLER, f'<ram:URIUniversalCommunication {_R}><ram:URIID schemeID=" ">factures@example.fr</ram:URIID></ram:URIUniversalCommunication>', "SpecifiedTaxRegistration"),
    ("buyer-uri-without-scheme", BUYER, f'<ram:URIUniversalCommunication {_R}><ram:URIID>achats@example.fr</ram:URIID></ram:URIUniversalCommunication>', "SpecifiedTaxRegistration"),
    ("buyer-uri-empty-scheme", BUYER, f'<ram:URIUniversalCommunication {_R}><ram:URIID schemeID="">achats@example.fr</ram:URIID></ram:URIUniversalCommunication>', "SpecifiedTaxRegistration"),
    # An address element with no URIID at all: no scheme either (the schematron judges
    # the first URIUniversalCommunication, whatever it holds).
    ("seller-uri-without-uriid", SELLER, f'<ram:URIUniversalCommunication {_R}><ram:CompleteNumber>0475000000</ram:CompleteNumber></ram:URIUniversalCommunication>', "SpecifiedTaxRegistration"),
    ("buyer-uri-empty", BUYER, f'<ram:URIUniversalCommunication {_R}/>', "SpecifiedTaxRegistration"),
    ("item-global-id-without-scheme", LINE + "/ram:SpecifiedTradeProduct", f'<ram:GlobalID {_R}>4000001123452</ram:GlobalID>', "SellerAssignedID"),
    ("item-global-id-empty-scheme", LINE + "/ram:SpecifiedTradeProduct", f'<ram:GlobalID {_R} schemeID="">4000001123452</ram:GlobalID>', "SellerAssignedID"),
    ("item-class-without-list", LINE + "/ram:SpecifiedTradeProduct", f'<ram:DesignatedProductClassification {_R}><ram:ClassCode>43211503</ram:ClassCode></ram:DesignatedProductClassification>', "append"),
    ("item-class-empty-list", LINE + "/ram:SpecifiedTradeProduct", f'<ram:DesignatedProductClassification {_R}><ram:ClassCode listID="">43211503</ram:ClassCode></ram:DesignatedProductClassification>', "append"),
] + [
    # A Z, S, L or M breakdown entry may not carry an exemption reason (BR-Z-10...).
    (f"{c.lower()}-exemption-{kind}", BREAKDOWN + f"[ram:CategoryCode='{c}']", fragment, before)
    for c in ("Z", "S", "L", "M")
    for kind, fragment, before in (
        ("reason", f'<ram:ExemptionReason {_R}>Exonération</ram:ExemptionReason>', "BasisAmount"),
        ("code", f'<ram:ExemptionReasonCode {_R}>VATEX-EU-132</ram:ExemptionReasonCode>', "RateApplicablePercent"),
    )
] + [
    # O: a rate on an O line, allowance or charge; a VAT id on the buyer of an O invoice.
    ("o-line-rate", LINE + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[ram:CategoryCode='O']", f'<ram:RateApplicablePercent {_R}>0</ram:RateApplicablePercent>', "append"),
    ("o-allowance-rate", DOC_ALLOWANCE + "/ram:CategoryTradeTax[ram:CategoryCode='O']", f'<ram:RateApplicablePercent {_R}>0</ram:RateApplicablePercent>', "append"),
    ("o-charge-rate", DOC_CHARGE + "/ram:CategoryTradeTax[ram:CategoryCode='O']", f'<ram:RateApplicablePercent {_R}>0</ram:RateApplicablePercent>', "append"),
    ("o-allowance-rate-20", DOC_ALLOWANCE + "/ram:CategoryTradeTax[ram:CategoryCode='O']", f'<ram:RateApplicablePercent {_R}>20</ram:RateApplicablePercent>', "append"),
    ("o-charge-rate-20", DOC_CHARGE + "/ram:CategoryTradeTax[ram:CategoryCode='O']", f'<ram:RateApplicablePercent {_R}>20</ram:RateApplicablePercent>', "append"),
    ("o-buyer-vat", BUYER + "[../ram:SellerTradeParty and //ram:CategoryCode='O']", f'<ram:SpecifiedTaxRegistration {_R}><ram:ID schemeID="VA">FR84130015332</ram:ID></ram:SpecifiedTaxRegistration>', "append"),
]

ADD += [
    ("payee-without-name", SETTLEMENT, f'<ram:PayeeTradeParty {_R}><ram:ID>PAYEE-1</ram:ID></ram:PayeeTradeParty>', "SpecifiedTradeSettlementPaymentMeans"),
    ("payee-without-name-legal-id", SETTLEMENT, f'<ram:PayeeTradeParty {_R}><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">55208131766522</ram:ID></ram:SpecifiedLegalOrganization></ram:PayeeTradeParty>', "SpecifiedTradeSettlementPaymentMeans"),
    # BT-6 without BT-111 (BR-53, BR-DEC-15); BT-6 equal to BT-5 (BR-53).
    ("tax-currency-without-total", SETTLEMENT, f'<ram:TaxCurrencyCode {_R}>USD</ram:TaxCurrencyCode>', "InvoiceCurrencyCode"),
    ("tax-currency-same-as-invoice", SETTLEMENT + "[ram:InvoiceCurrencyCode='EUR']", f'<ram:TaxCurrencyCode {_R}>EUR</ram:TaxCurrencyCode>', "InvoiceCurrencyCode"),
]

# Controls that add something every rule accepts.
ADD_CONTROLS = [
    ("payee-with-name", SETTLEMENT, f'<ram:PayeeTradeParty {_R}><ram:Name>Affacturage SA</ram:Name></ram:PayeeTradeParty>', "SpecifiedTradeSettlementPaymentMeans"),
    ("tax-point-date-alone", BREAKDOWN, f'<ram:TaxPointDate {_R}><udt:DateString format="102">20260401</udt:DateString></ram:TaxPointDate>', "RateApplicablePercent"),
    ("line-period-in-order", LINE + "/ram:SpecifiedLineTradeSettlement", f'<ram:BillingSpecifiedPeriod {_R}><ram:StartDateTime><udt:DateTimeString format="102">20260301</udt:DateTimeString></ram:StartDateTime></ram:BillingSpecifiedPeriod>', "SpecifiedTradeAllowanceCharge"),
    ("card-last-digits", SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans", f'<ram:ApplicableTradeSettlementFinancialCard {_R}><ram:ID>7890</ram:ID></ram:ApplicableTradeSettlementFinancialCard>', "PayeePartyCreditorFinancialAccount"),
    ("supporting-document-blank-id", "//ram:ApplicableHeaderTradeAgreement", f'<ram:AdditionalReferencedDocument {_R}><ram:IssuerAssignedID> </ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument>', "append"),
    ("item-identifiers-with-schemes", LINE + "/ram:SpecifiedTradeProduct", f'<ram:GlobalID {_R} schemeID="0160">4000001123452</ram:GlobalID>', "SellerAssignedID"),
    ("seller-uri-with-scheme", SELLER, f'<ram:URIUniversalCommunication {_R}><ram:URIID schemeID="EM">factures@example.fr</ram:URIID></ram:URIUniversalCommunication>', "SpecifiedTaxRegistration"),
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


def _currency(code: str):
    """The invoice currency (BT-5) and every amount's currencyID renamed together."""

    def change(doc):
        found = doc.xpath(SETTLEMENT + "/ram:InvoiceCurrencyCode", namespaces=NS)
        if not found:
            return False
        for e in found:
            e.text = code
        for e in doc.xpath("//*[@currencyID]"):
            e.set("currencyID", code)

    return change


def _tax_currency_total(total: str):
    """BT-6 in USD and, beside BT-110, the VAT total in USD (BT-111) written `total`."""

    def change(doc):
        tax_total = _first(doc, SUMMATION + "/ram:TaxTotalAmount")
        currency = _first(doc, SETTLEMENT + "/ram:InvoiceCurrencyCode")
        if tax_total is None or currency is None or (currency.text or "").strip() == "USD":
            return False
        code = etree.Element(f"{{{RAM}}}TaxCurrencyCode")
        code.text = "USD"
        currency.addprevious(code)
        in_usd = etree.Element(f"{{{RAM}}}TaxTotalAmount", currencyID="USD")
        in_usd.text = total
        tax_total.addnext(in_usd)

    return change


def _seller_vat(doc):
    """A VAT id on a seller that has none (categories O forbid it)."""
    seller = _first(doc, SELLER)
    if seller is None or seller.xpath("ram:SpecifiedTaxRegistration", namespaces=NS):
        return False
    reg = etree.SubElement(seller, f"{{{RAM}}}SpecifiedTaxRegistration")
    etree.SubElement(reg, f"{{{RAM}}}ID", schemeID="VA").text = "FR40732829320"


def _add(parent_xpath: str, fragment: str, before: str):
    """Adds `fragment` (one or more elements) under the first match of `parent_xpath`,
    before its first `before` child (else at the end), unless the parent already has an
    element of the same name (a second one would be another mutant)."""

    def change(doc):
        parent = _first(doc, parent_xpath)
        if parent is None:
            return False
        new = etree.fromstring(f"<wrap {_R}>{fragment}</wrap>")
        if any(parent.find(child.tag) is not None for child in new):
            return False
        anchor = parent.find(f"{{{RAM}}}{before}") if before != "append" else None
        for child in list(new):
            if anchor is not None:
                anchor.addprevious(child)
            else:
                parent.append(child)

    return change


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
    for xp in THOUSANDTHS:
        add(f"plus0.001:{_short(xp)}", _apply(base, xp, _shift("0.001")))
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
    for name, parent, fragment, before in ADD:
        add(f"add:{name}", _apply_doc(base, _add(parent, fragment.replace(f" {_R}", ""), before)))
    for name, parent, fragment, before in ADD_CONTROLS:
        add(f"control:{name}", _apply_doc(base, _add(parent, fragment.replace(f" {_R}", ""), before)), True)
    add("period:end-before-start", _apply_doc(base, _period("20261031", "20261001")))
    add("tax-currency:total-of-three-decimals", _apply_doc(base, _tax_currency_total("76.415")))
    add("tax-currency:total-of-four-decimals", _apply_doc(base, _tax_currency_total("76.4150")))
    add("control:tax-currency-total", _apply_doc(base, _tax_currency_total("76.41")), True)
    add("currency:EUX", _apply_doc(base, _currency("EUX")))
    add("currency:XXY", _apply_doc(base, _currency("XXY")))
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

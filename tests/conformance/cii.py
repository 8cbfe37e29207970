"""What a reader of the CII sees: the few facts the suite compares with the JSON input."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from . import reference_writer

NS = {"rsm": reference_writer.RSM, "ram": reference_writer.RAM, "udt": reference_writer.UDT}

_TOTALS = {
    "line_total": "LineTotalAmount",
    "tax_exclusive": "TaxBasisTotalAmount",
    "tax_total": "TaxTotalAmount",
    "grand_total": "GrandTotalAmount",
    "due_payable": "DuePayableAmount",
}


def _texts(root, path: str) -> list[str]:
    return [e.text or "" for e in root.xpath(path, namespaces=NS)]


def facts(xml: bytes) -> dict:
    """BT-1/3/23/24, names, notes, BT-10/13, BG-3, BG-16, BT-34, BG-23 and BG-22, as written."""
    root = etree.fromstring(xml)
    summary = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    vat = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS)
    return {
        "business_process": _texts(root, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
        "preceding": _texts(root, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
        "prepaid": [Decimal(t) for t in _texts(root, summary + "TotalPrepaidAmount")],
        "payment_code": _texts(root, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode"),
        "iban": _texts(root, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID"),
        "seller_address": _texts(root, "//ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID"),
        "vat_breakdown": [
            (
                "".join(_texts(t, "ram:CategoryCode")),
                [Decimal(r) for r in _texts(t, "ram:RateApplicablePercent")],
                [Decimal(a) for a in _texts(t, "ram:BasisAmount")],
                [Decimal(a) for a in _texts(t, "ram:CalculatedAmount")],
            )
            for t in vat
        ],
        "number": _texts(root, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"),
        "type_code": _texts(root, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode"),
        "guideline": _texts(root, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
        "seller": _texts(root, "//ram:SellerTradeParty/ram:Name"),
        "buyer": _texts(root, "//ram:BuyerTradeParty/ram:Name"),
        "line_names": _texts(root, "//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct/ram:Name"),
        "notes": _texts(root, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IncludedNote/ram:Content"),
        "buyer_reference": _texts(root, "//ram:ApplicableHeaderTradeAgreement/ram:BuyerReference"),
        "purchase_order": _texts(root, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        "totals": {k: [Decimal(t) for t in _texts(root, summary + v)] for k, v in _TOTALS.items()},
    }


def expected_facts(invoice: dict, profile: str) -> dict:
    """The same facts as the JSON input and EN 16931 arithmetic say they must be."""
    t = reference_writer.totals(invoice)

    def opt(key):
        return [invoice[key]] if invoice.get(key) else []

    pay = invoice.get("payment") or {}
    seller_address = invoice["seller"].get("electronic_address")
    return {
        "business_process": opt("business_process"),
        "preceding": [p["number"] for p in invoice.get("preceding_invoices", [])],
        "prepaid": [reference_writer.round2(reference_writer.d(p)) for p in [invoice.get("prepaid_amount")] if p],
        "payment_code": [pay["code"]] if pay.get("code") else [],
        "iban": [pay["iban"]] if pay.get("iban") else [],
        "seller_address": [seller_address["value"]] if seller_address else [],
        "vat_breakdown": [
            (
                b["category"],
                [] if b["category"] == "O" else [reference_writer.d(b["rate"] or "0")],
                [b["taxable"]],
                [b["tax"]],
            )
            for b in reference_writer.breakdown(invoice)
        ],
        "number": [invoice["number"]],
        "type_code": [invoice.get("type_code", "380")],
        "guideline": [reference_writer.GUIDELINES[profile]],
        "seller": [invoice["seller"]["name"]],
        "buyer": [invoice["buyer"]["name"]],
        "line_names": [line["name"] for line in invoice["lines"]],
        "notes": list(invoice.get("notes", [])),
        "buyer_reference": opt("buyer_reference"),
        "purchase_order": opt("purchase_order_reference"),
        "totals": {k: [t[k]] for k in _TOTALS},
    }

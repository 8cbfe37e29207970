"""A small, independent CII writer for the fixtures, in Python.

It exists for one reason: to prove that each fixture is itself a valid EN 16931
invoice (the brief's premise), independently of the Rust writer under test. When a
fixture passes through this writer but fails through the CLI, the bug is in the
CLI, not in the fixture. It covers exactly what the fixtures use; it is no product.

Amounts follow `src/model/totals.rs`: line net = round2(round2(qty × price / base)
− allowances + charges), VAT per (category, rate) rounded once.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}

GUIDELINES = {
    "en16931": "urn:cen.eu:en16931:2017",
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
}


def d(text) -> Decimal:
    return Decimal(str(text))


def round2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def line_net(line: dict) -> Decimal:
    base = d(line.get("price_base_quantity", "1")) or Decimal(1)
    priced = round2(d(line["quantity"]) * d(line["net_price"]) / base)
    allow = sum((d(a["amount"]) for a in line.get("allowances", [])), Decimal(0))
    charge = sum((d(c["amount"]) for c in line.get("charges", [])), Decimal(0))
    return round2(priced - allow + charge)


def _rate_key(category: str, rate) -> tuple[str, Decimal]:
    return category, (d(rate) if rate is not None else Decimal(0)).normalize()


def breakdown(inv: dict) -> list[dict]:
    """BG-23 in order of first appearance: lines, allowances, charges."""
    groups: dict[tuple[str, Decimal], dict] = {}

    def add(category, rate, amount):
        k = _rate_key(category, rate)
        g = groups.setdefault(k, {"category": category, "rate": rate, "taxable": Decimal(0)})
        g["taxable"] += amount

    for line in inv["lines"]:
        add(line.get("vat_category", "S"), line.get("vat_rate"), line_net(line))
    for a in inv.get("allowances", []):
        add(a.get("vat_category", "S"), a.get("vat_rate"), -d(a["amount"]))
    for c in inv.get("charges", []):
        add(c.get("vat_category", "S"), c.get("vat_rate"), d(c["amount"]))
    out = []
    for (category, rate), g in groups.items():
        declared = next(
            (v for v in inv.get("vat_breakdown", []) if _rate_key(v["category"], v.get("rate")) == (category, rate)),
            {},
        )
        out.append(
            {
                "category": category,
                "rate": g["rate"],
                "taxable": round2(g["taxable"]),
                "tax": round2(g["taxable"] * rate / 100),
                "reason": declared.get("exemption_reason"),
                "reason_code": declared.get("exemption_reason_code"),
            }
        )
    return out


def totals(inv: dict) -> dict:
    line_total = sum((line_net(x) for x in inv["lines"]), Decimal(0))
    allowance = sum((round2(d(a["amount"])) for a in inv.get("allowances", [])), Decimal(0))
    charge = sum((round2(d(c["amount"])) for c in inv.get("charges", [])), Decimal(0))
    exclusive = line_total - allowance + charge
    tax = sum((b["tax"] for b in breakdown(inv)), Decimal(0))
    grand = exclusive + tax
    prepaid = d(inv.get("prepaid_amount", "0"))
    rounding = d(inv.get("rounding_amount", "0"))
    return {
        "line_total": round2(line_total),
        "allowance_total": round2(allowance),
        "charge_total": round2(charge),
        "tax_exclusive": round2(exclusive),
        "tax_total": round2(tax),
        "grand_total": round2(grand),
        "due_payable": round2(grand - prepaid + rounding),
    }


def _el(parent, tag: str, text=None, **attrs):
    prefix, name = tag.split(":")
    e = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", {k: str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = str(text)
    return e


def _date(parent, tag: str, iso: str, qualified: bool = False):
    holder = _el(parent, tag)
    _el(holder, "qdt:DateTimeString" if qualified else "udt:DateTimeString", iso.replace("-", ""), format="102")


# XSD order of ram:PostalTradeAddress.
_ADDRESS_ORDER = (
    ("postcode", "PostcodeCode"),
    ("line1", "LineOne"),
    ("line2", "LineTwo"),
    ("line3", "LineThree"),
    ("city", "CityName"),
    ("country", "CountryID"),
    ("subdivision", "CountrySubDivisionName"),
)


def _party(parent, tag: str, p: dict, profile: str):
    tp = _el(parent, tag)
    if p.get("id"):
        _el(tp, "ram:ID", p["id"])
    _el(tp, "ram:Name", p["name"])
    if p.get("legal_id") or p.get("trading_name"):
        org = _el(tp, "ram:SpecifiedLegalOrganization")
        if p.get("legal_id"):
            attrs = {"schemeID": p["legal_id_scheme"]} if p.get("legal_id_scheme") else {}
            _el(org, "ram:ID", p["legal_id"], **attrs)
        if p.get("trading_name"):
            _el(org, "ram:TradingBusinessName", p["trading_name"])
    c = p.get("contact")
    if c and profile == "en16931":
        tc = _el(tp, "ram:DefinedTradeContact")
        if c.get("name"):
            _el(tc, "ram:PersonName", c["name"])
        if c.get("phone"):
            _el(_el(tc, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", c["phone"])
        if c.get("email"):
            _el(_el(tc, "ram:EmailURIUniversalCommunication"), "ram:URIID", c["email"])
    a = p["address"]
    pa = _el(tp, "ram:PostalTradeAddress")
    for key, t in _ADDRESS_ORDER:
        if a.get(key):
            _el(pa, f"ram:{t}", a[key])
    if p.get("electronic_address"):
        ea = p["electronic_address"]
        _el(_el(tp, "ram:URIUniversalCommunication"), "ram:URIID", ea["value"], schemeID=ea["scheme"])
    if p.get("vat_id"):
        _el(_el(tp, "ram:SpecifiedTaxRegistration"), "ram:ID", p["vat_id"], schemeID="VA")
    if p.get("tax_registration_id"):
        _el(_el(tp, "ram:SpecifiedTaxRegistration"), "ram:ID", p["tax_registration_id"], schemeID="FC")


def _tax(parent, category, rate):
    _el(parent, "ram:TypeCode", "VAT")
    _el(parent, "ram:CategoryCode", category)
    if category != "O":
        _el(parent, "ram:RateApplicablePercent", rate if rate is not None else "0")


def _allowance_charge(parent, ac: dict, is_charge: bool, document_level: bool):
    sac = _el(parent, "ram:SpecifiedTradeAllowanceCharge")
    _el(_el(sac, "ram:ChargeIndicator"), "udt:Indicator", "true" if is_charge else "false")
    if ac.get("percentage"):
        _el(sac, "ram:CalculationPercent", ac["percentage"])
    if ac.get("base_amount"):
        _el(sac, "ram:BasisAmount", ac["base_amount"])
    _el(sac, "ram:ActualAmount", round2(d(ac["amount"])))
    if ac.get("reason_code"):
        _el(sac, "ram:ReasonCode", ac["reason_code"])
    if ac.get("reason"):
        _el(sac, "ram:Reason", ac["reason"])
    if document_level:
        _tax(_el(sac, "ram:CategoryTradeTax"), ac.get("vat_category", "S"), ac.get("vat_rate"))


def write(inv: dict, profile: str | None = None) -> bytes:
    """CII XML of a fixture (the serde JSON form of `Invoice`)."""
    profile = profile or inv.get("profile", "en16931")
    en = profile == "en16931"
    cur = inv.get("currency", "EUR")
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    ctx = _el(root, "rsm:ExchangedDocumentContext")
    if inv.get("business_process"):
        _el(_el(ctx, "ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID", inv["business_process"])
    _el(_el(ctx, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINES[profile])
    doc = _el(root, "rsm:ExchangedDocument")
    _el(doc, "ram:ID", inv["number"])
    _el(doc, "ram:TypeCode", inv.get("type_code", "380"))
    _date(doc, "ram:IssueDateTime", inv["issue_date"])
    for note in inv.get("notes", []):
        _el(_el(doc, "ram:IncludedNote"), "ram:Content", note)

    tx = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in inv["lines"]:
        li = _el(tx, "ram:IncludedSupplyChainTradeLineItem")
        ald = _el(li, "ram:AssociatedDocumentLineDocument")
        _el(ald, "ram:LineID", line["id"])
        if line.get("note"):
            _el(_el(ald, "ram:IncludedNote"), "ram:Content", line["note"])
        prod = _el(li, "ram:SpecifiedTradeProduct")
        if en and line.get("seller_item_id"):
            _el(prod, "ram:SellerAssignedID", line["seller_item_id"])
        _el(prod, "ram:Name", line["name"])
        if en and line.get("description"):
            _el(prod, "ram:Description", line["description"])
        agr = _el(li, "ram:SpecifiedLineTradeAgreement")
        unit = line.get("unit_code", "C62")
        base = line.get("price_base_quantity")
        if line.get("gross_price"):
            gp = _el(agr, "ram:GrossPriceProductTradePrice")
            _el(gp, "ram:ChargeAmount", line["gross_price"])
            if base:
                _el(gp, "ram:BasisQuantity", base, unitCode=unit)
            disc = d(line["gross_price"]) - d(line["net_price"])
            if disc:
                ac = _el(gp, "ram:AppliedTradeAllowanceCharge")
                _el(_el(ac, "ram:ChargeIndicator"), "udt:Indicator", "false")
                _el(ac, "ram:ActualAmount", disc)
        np_ = _el(agr, "ram:NetPriceProductTradePrice")
        _el(np_, "ram:ChargeAmount", line["net_price"])
        if base:
            _el(np_, "ram:BasisQuantity", base, unitCode=unit)
        _el(_el(li, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", line["quantity"], unitCode=unit)
        st = _el(li, "ram:SpecifiedLineTradeSettlement")
        _tax(_el(st, "ram:ApplicableTradeTax"), line.get("vat_category", "S"), line.get("vat_rate"))
        for a in line.get("allowances", []):
            _allowance_charge(st, a, False, False)
        for c in line.get("charges", []):
            _allowance_charge(st, c, True, False)
        _el(_el(st, "ram:SpecifiedTradeSettlementLineMonetarySummation"), "ram:LineTotalAmount", line_net(line))

    agr = _el(tx, "ram:ApplicableHeaderTradeAgreement")
    if inv.get("buyer_reference"):
        _el(agr, "ram:BuyerReference", inv["buyer_reference"])
    _party(agr, "ram:SellerTradeParty", inv["seller"], profile)
    _party(agr, "ram:BuyerTradeParty", inv["buyer"], profile)
    if inv.get("tax_representative"):
        _party(agr, "ram:SellerTaxRepresentativeTradeParty", inv["tax_representative"], profile)
    if inv.get("purchase_order_reference"):
        _el(_el(agr, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", inv["purchase_order_reference"])
    if inv.get("contract_reference"):
        _el(_el(agr, "ram:ContractReferencedDocument"), "ram:IssuerAssignedID", inv["contract_reference"])
    dl = _el(tx, "ram:ApplicableHeaderTradeDelivery")
    if inv.get("delivery_country"):
        # BT-80, the deliver-to country (BR-IC-12).
        _el(_el(_el(dl, "ram:ShipToTradeParty"), "ram:PostalTradeAddress"), "ram:CountryID", inv["delivery_country"])
    if inv.get("delivery_date"):
        _date(_el(dl, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime", inv["delivery_date"])

    st = _el(tx, "ram:ApplicableHeaderTradeSettlement")
    pay = inv.get("payment") or {}
    if pay.get("remittance_information"):
        _el(st, "ram:PaymentReference", pay["remittance_information"])
    _el(st, "ram:InvoiceCurrencyCode", cur)
    if pay.get("code"):
        pm = _el(st, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(pm, "ram:TypeCode", pay["code"])
        if pay.get("text") and en:
            _el(pm, "ram:Information", pay["text"])
        if pay.get("iban"):
            acct = _el(pm, "ram:PayeePartyCreditorFinancialAccount")
            _el(acct, "ram:IBANID", pay["iban"])
            if pay.get("account_name") and en:
                _el(acct, "ram:AccountName", pay["account_name"])
        if pay.get("bic") and en:
            _el(_el(pm, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", pay["bic"])
    for b in breakdown(inv):
        t = _el(st, "ram:ApplicableTradeTax")
        _el(t, "ram:CalculatedAmount", b["tax"])
        _el(t, "ram:TypeCode", "VAT")
        if b["reason"]:
            _el(t, "ram:ExemptionReason", b["reason"])
        _el(t, "ram:BasisAmount", b["taxable"])
        _el(t, "ram:CategoryCode", b["category"])
        if b["reason_code"]:
            _el(t, "ram:ExemptionReasonCode", b["reason_code"])
        if b["category"] != "O":
            _el(t, "ram:RateApplicablePercent", b["rate"] if b["rate"] is not None else "0")
    period = inv.get("invoicing_period") or {}
    if period.get("start") or period.get("end"):
        bp = _el(st, "ram:BillingSpecifiedPeriod")
        if period.get("start"):
            _date(bp, "ram:StartDateTime", period["start"])
        if period.get("end"):
            _date(bp, "ram:EndDateTime", period["end"])
    for a in inv.get("allowances", []):
        _allowance_charge(st, a, False, True)
    for c in inv.get("charges", []):
        _allowance_charge(st, c, True, True)
    if inv.get("payment_terms") or inv.get("due_date"):
        terms = _el(st, "ram:SpecifiedTradePaymentTerms")
        if inv.get("payment_terms"):
            _el(terms, "ram:Description", inv["payment_terms"])
        if inv.get("due_date"):
            _date(terms, "ram:DueDateDateTime", inv["due_date"])
    t = totals(inv)
    ms = _el(st, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(ms, "ram:LineTotalAmount", t["line_total"])
    if inv.get("charges"):
        _el(ms, "ram:ChargeTotalAmount", t["charge_total"])
    if inv.get("allowances"):
        _el(ms, "ram:AllowanceTotalAmount", t["allowance_total"])
    _el(ms, "ram:TaxBasisTotalAmount", t["tax_exclusive"])
    _el(ms, "ram:TaxTotalAmount", t["tax_total"], currencyID=cur)
    if inv.get("rounding_amount"):
        _el(ms, "ram:RoundingAmount", inv["rounding_amount"])
    _el(ms, "ram:GrandTotalAmount", t["grand_total"])
    if inv.get("prepaid_amount"):
        _el(ms, "ram:TotalPrepaidAmount", round2(d(inv["prepaid_amount"])))
    _el(ms, "ram:DuePayableAmount", t["due_payable"])
    for p in inv.get("preceding_invoices", []):
        ref = _el(st, "ram:InvoiceReferencedDocument")
        _el(ref, "ram:IssuerAssignedID", p["number"])
        if p.get("issue_date"):
            _date(ref, "ram:FormattedIssueDateTime", p["issue_date"], qualified=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

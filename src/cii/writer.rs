//! The CII writer: an invoice (already `completed()`) to Factur-X XML, elements in
//! the order of the Factur-X 1.09 XSD, pruned to what the profile allows.

use super::names;
use super::profiles;
use super::xmlout::Node;
use crate::model::{
    Address, Date, DocumentAllowanceCharge, Invoice, Line, LineAllowanceCharge, Party, Profile,
    VatBreakdown,
};
use crate::Error;
use rust_decimal::Decimal;

pub fn write(invoice: &Invoice, profile: Profile) -> Result<String, Error> {
    refuse_what_the_profile_cannot_carry(invoice, profile)?;
    let mut root = Node::new("rsm:CrossIndustryInvoice")
        .attr("xmlns:rsm", names::RSM)
        .attr("xmlns:qdt", names::QDT)
        .attr("xmlns:ram", names::RAM)
        .attr("xmlns:udt", names::UDT)
        .attr("xmlns:xsi", names::XSI);
    root.push(context(invoice, profile));
    root.push(document(invoice));
    root.push(transaction(invoice));
    root.prune(&|path| profiles::allowed(profile, path));
    root.to_xml()
}

/// BASIC and BASIC WL have no BT-114: dropping a rounding amount would leave a
/// due amount (BT-115) that no longer adds up (BR-CO-16), so it is refused.
fn refuse_what_the_profile_cannot_carry(invoice: &Invoice, profile: Profile) -> Result<(), Error> {
    let rounding = invoice.rounding_amount.is_some_and(|r| !r.is_zero());
    if rounding && matches!(profile, Profile::Basic | Profile::BasicWl) {
        let level = profile.xmp_level();
        return Err(Error::new(
            "profile",
            format!("le profil Factur-X {level} ne permet pas d'arrondi (BT-114) : utilisez le profil EN 16931 ou retirez l'arrondi"),
            format!("the Factur-X {level} profile has no rounding amount (BT-114): use EN 16931 or remove the rounding"),
        ));
    }
    Ok(())
}

/// EN 16931 amounts: two decimals (more only if the value has more, so that
/// nothing is silently rounded away), never an exponent, never `-0.00`.
pub(crate) fn amount(value: Decimal) -> String {
    let mut v = if value.is_zero() {
        Decimal::ZERO
    } else {
        value.normalize()
    };
    if v.scale() < 2 {
        v.rescale(2);
    }
    v.to_string()
}

/// Prices, quantities and rates as given (`20`, `1.5`, `2600.00`).
pub(crate) fn plain(value: Decimal) -> String {
    let mut v = value;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    v.to_string()
}

fn date_node(name: &'static str, date: Date) -> Node {
    Node::new(name).with(Node::leaf("udt:DateTimeString", date.to_102()).attr("format", "102"))
}

fn indicator(charge: bool) -> Node {
    Node::new("ram:ChargeIndicator").with(Node::leaf(
        "udt:Indicator",
        if charge { "true" } else { "false" },
    ))
}

fn context(invoice: &Invoice, profile: Profile) -> Node {
    let mut ctx = Node::new("rsm:ExchangedDocumentContext");
    if let Some(bp) = &invoice.business_process {
        ctx.push(
            Node::new("ram:BusinessProcessSpecifiedDocumentContextParameter")
                .with(Node::leaf("ram:ID", bp)),
        );
    }
    ctx.push(
        Node::new("ram:GuidelineSpecifiedDocumentContextParameter")
            .with(Node::leaf("ram:ID", profile.guideline_id())),
    );
    ctx
}

fn document(invoice: &Invoice) -> Node {
    let mut doc = Node::new("rsm:ExchangedDocument");
    doc.opt("ram:ID", invoice.number.as_deref());
    doc.push(Node::leaf("ram:TypeCode", &invoice.type_code));
    if let Some(d) = invoice.issue_date {
        doc.push(date_node("ram:IssueDateTime", d));
    }
    for note in &invoice.notes {
        doc.push(Node::new("ram:IncludedNote").with(Node::leaf("ram:Content", note)));
    }
    doc
}

fn transaction(invoice: &Invoice) -> Node {
    let mut tx = Node::new("rsm:SupplyChainTradeTransaction");
    for line in &invoice.lines {
        tx.push(line_item(line));
    }
    tx.push(agreement(invoice));
    tx.push(delivery(invoice));
    tx.push(settlement(invoice));
    tx
}

fn line_item(line: &Line) -> Node {
    let mut doc =
        Node::new("ram:AssociatedDocumentLineDocument").with(Node::leaf("ram:LineID", &line.id));
    if let Some(note) = &line.note {
        doc.push(Node::new("ram:IncludedNote").with(Node::leaf("ram:Content", note)));
    }

    let mut product = Node::new("ram:SpecifiedTradeProduct");
    product.opt("ram:SellerAssignedID", line.seller_item_id.as_deref());
    product.opt("ram:Name", line.name.as_deref());
    product.opt("ram:Description", line.description.as_deref());

    let basis = |q: Option<Decimal>| {
        q.map(|q| {
            Node::leaf("ram:BasisQuantity", plain(q)).attr("unitCode", line.unit_code.as_str())
        })
    };
    let mut agreement = Node::new("ram:SpecifiedLineTradeAgreement");
    if let Some(gross) = line.gross_price {
        // Chorus Pro rejects a gross price that comes without its discount (BT-147).
        let mut g = Node::new("ram:GrossPriceProductTradePrice")
            .with(Node::leaf("ram:ChargeAmount", plain(gross)));
        if let Some(b) = basis(line.price_base_quantity) {
            g.push(b);
        }
        g.push(
            Node::new("ram:AppliedTradeAllowanceCharge")
                .with(indicator(false))
                .with(Node::leaf(
                    "ram:ActualAmount",
                    plain(gross - line.net_price),
                )),
        );
        agreement.push(g);
    }
    let mut net = Node::new("ram:NetPriceProductTradePrice")
        .with(Node::leaf("ram:ChargeAmount", plain(line.net_price)));
    if let Some(b) = basis(line.price_base_quantity) {
        net.push(b);
    }
    agreement.push(net);

    let delivery = Node::new("ram:SpecifiedLineTradeDelivery").with(
        Node::leaf("ram:BilledQuantity", plain(line.quantity))
            .attr("unitCode", line.unit_code.as_str()),
    );

    let mut tax = Node::new("ram:ApplicableTradeTax")
        .with(Node::leaf("ram:TypeCode", "VAT"))
        .with(Node::leaf("ram:CategoryCode", &line.vat_category));
    if let Some(rate) = line.vat_rate {
        tax.push(Node::leaf("ram:RateApplicablePercent", plain(rate)));
    }
    let mut settlement = Node::new("ram:SpecifiedLineTradeSettlement").with(tax);
    for a in &line.allowances {
        settlement.push(line_allowance_charge(a, false));
    }
    for c in &line.charges {
        settlement.push(line_allowance_charge(c, true));
    }
    let mut sum = Node::new("ram:SpecifiedTradeSettlementLineMonetarySummation");
    if let Some(net) = line.net_amount {
        sum.push(Node::leaf("ram:LineTotalAmount", amount(net)));
    }
    settlement.push(sum);

    Node::new("ram:IncludedSupplyChainTradeLineItem")
        .with(doc)
        .with(product)
        .with(agreement)
        .with(delivery)
        .with(settlement)
}

fn line_allowance_charge(a: &LineAllowanceCharge, charge: bool) -> Node {
    allowance_charge(
        charge,
        a.percentage,
        a.base_amount,
        a.amount,
        a.reason_code.as_deref(),
        a.reason.as_deref(),
    )
}

/// The part BG-20/21 and BG-27/28 share; the document level adds its VAT category.
fn allowance_charge(
    charge: bool,
    percentage: Option<Decimal>,
    base_amount: Option<Decimal>,
    actual: Decimal,
    reason_code: Option<&str>,
    reason: Option<&str>,
) -> Node {
    let mut n = Node::new("ram:SpecifiedTradeAllowanceCharge").with(indicator(charge));
    if let Some(p) = percentage {
        n.push(Node::leaf("ram:CalculationPercent", plain(p)));
    }
    if let Some(b) = base_amount {
        n.push(Node::leaf("ram:BasisAmount", amount(b)));
    }
    n.push(Node::leaf("ram:ActualAmount", amount(actual)));
    n.opt("ram:ReasonCode", reason_code);
    n.opt("ram:Reason", reason);
    n
}

fn agreement(invoice: &Invoice) -> Node {
    let mut a = Node::required("ram:ApplicableHeaderTradeAgreement");
    a.opt("ram:BuyerReference", invoice.buyer_reference.as_deref());
    a.push(party("ram:SellerTradeParty", &invoice.seller));
    a.push(party("ram:BuyerTradeParty", &invoice.buyer));
    if let Some(po) = &invoice.purchase_order_reference {
        a.push(
            Node::new("ram:BuyerOrderReferencedDocument")
                .with(Node::leaf("ram:IssuerAssignedID", po)),
        );
    }
    if let Some(contract) = &invoice.contract_reference {
        a.push(
            Node::new("ram:ContractReferencedDocument")
                .with(Node::leaf("ram:IssuerAssignedID", contract)),
        );
    }
    a
}

fn party(name: &'static str, p: &Party) -> Node {
    let mut n = Node::required(name);
    n.opt("ram:Name", p.name.as_deref());

    let mut legal = Node::new("ram:SpecifiedLegalOrganization");
    if let Some(id) = &p.legal_id {
        let mut idn = Node::leaf("ram:ID", id);
        if let Some(scheme) = &p.legal_id_scheme {
            idn = idn.attr("schemeID", scheme.as_str());
        }
        legal.push(idn);
    }
    legal.opt("ram:TradingBusinessName", p.trading_name.as_deref());
    n.push_if_filled(legal);

    if let Some(c) = &p.contact {
        let mut contact = Node::new("ram:DefinedTradeContact");
        contact.opt("ram:PersonName", c.name.as_deref());
        if let Some(phone) = &c.phone {
            contact.push(
                Node::new("ram:TelephoneUniversalCommunication")
                    .with(Node::leaf("ram:CompleteNumber", phone)),
            );
        }
        if let Some(email) = &c.email {
            contact.push(
                Node::new("ram:EmailURIUniversalCommunication")
                    .with(Node::leaf("ram:URIID", email)),
            );
        }
        n.push_if_filled(contact);
    }

    n.push_if_filled(address(&p.address));

    if let Some(e) = &p.electronic_address {
        n.push(
            Node::new("ram:URIUniversalCommunication")
                .with(Node::leaf("ram:URIID", &e.value).attr("schemeID", e.scheme.as_str())),
        );
    }
    if let Some(vat) = &p.vat_id {
        n.push(
            Node::new("ram:SpecifiedTaxRegistration")
                .with(Node::leaf("ram:ID", vat).attr("schemeID", "VA")),
        );
    }
    n
}

fn address(a: &Address) -> Node {
    let mut n = Node::new("ram:PostalTradeAddress");
    n.opt("ram:PostcodeCode", a.postcode.as_deref());
    n.opt("ram:LineOne", a.line1.as_deref());
    n.opt("ram:LineTwo", a.line2.as_deref());
    n.opt("ram:LineThree", a.line3.as_deref());
    n.opt("ram:CityName", a.city.as_deref());
    n.opt("ram:CountryID", a.country.as_deref());
    n.opt("ram:CountrySubDivisionName", a.subdivision.as_deref());
    n
}

fn delivery(invoice: &Invoice) -> Node {
    let mut d = Node::required("ram:ApplicableHeaderTradeDelivery");
    if let Some(date) = invoice.delivery_date {
        d.push(
            Node::new("ram:ActualDeliverySupplyChainEvent")
                .with(date_node("ram:OccurrenceDateTime", date)),
        );
    }
    d
}

fn settlement(invoice: &Invoice) -> Node {
    let mut s = Node::required("ram:ApplicableHeaderTradeSettlement");
    let payment = invoice.payment.as_ref();
    s.opt(
        "ram:PaymentReference",
        payment.and_then(|p| p.remittance_information.as_deref()),
    );
    s.push(Node::leaf("ram:InvoiceCurrencyCode", &invoice.currency));

    if let Some(p) = payment {
        let mut means = Node::new("ram:SpecifiedTradeSettlementPaymentMeans");
        means.opt("ram:TypeCode", p.code.as_deref());
        means.opt("ram:Information", p.text.as_deref());
        let mut account = Node::new("ram:PayeePartyCreditorFinancialAccount");
        account.opt("ram:IBANID", p.iban.as_deref());
        account.opt("ram:AccountName", p.account_name.as_deref());
        means.push_if_filled(account);
        if let Some(bic) = &p.bic {
            means.push(
                Node::new("ram:PayeeSpecifiedCreditorFinancialInstitution")
                    .with(Node::leaf("ram:BICID", bic)),
            );
        }
        s.push_if_filled(means);
    }

    for b in &invoice.vat_breakdown {
        s.push(vat_entry(b));
    }
    for a in &invoice.allowances {
        s.push(document_allowance_charge(a, false));
    }
    for c in &invoice.charges {
        s.push(document_allowance_charge(c, true));
    }

    let mut terms = Node::new("ram:SpecifiedTradePaymentTerms");
    terms.opt("ram:Description", invoice.payment_terms.as_deref());
    if let Some(due) = invoice.due_date {
        terms.push(date_node("ram:DueDateDateTime", due));
    }
    s.push_if_filled(terms);

    s.push(summation(invoice));

    for p in &invoice.preceding_invoices {
        let mut r = Node::new("ram:InvoiceReferencedDocument")
            .with(Node::leaf("ram:IssuerAssignedID", &p.number));
        if let Some(d) = p.issue_date {
            r.push(
                Node::new("ram:FormattedIssueDateTime")
                    .with(Node::leaf("qdt:DateTimeString", d.to_102()).attr("format", "102")),
            );
        }
        s.push(r);
    }
    s
}

fn vat_entry(b: &VatBreakdown) -> Node {
    // XSD order: CalculatedAmount, TypeCode, ExemptionReason, BasisAmount,
    // CategoryCode, ExemptionReasonCode, ..., RateApplicablePercent.
    let mut n = Node::new("ram:ApplicableTradeTax");
    if let Some(tax) = b.tax_amount {
        n.push(Node::leaf("ram:CalculatedAmount", amount(tax)));
    }
    n.push(Node::leaf("ram:TypeCode", "VAT"));
    n.opt("ram:ExemptionReason", b.exemption_reason.as_deref());
    if let Some(base) = b.taxable_amount {
        n.push(Node::leaf("ram:BasisAmount", amount(base)));
    }
    n.push(Node::leaf("ram:CategoryCode", &b.category));
    n.opt(
        "ram:ExemptionReasonCode",
        b.exemption_reason_code.as_deref(),
    );
    if let Some(rate) = b.rate {
        n.push(Node::leaf("ram:RateApplicablePercent", plain(rate)));
    }
    n
}

fn document_allowance_charge(a: &DocumentAllowanceCharge, charge: bool) -> Node {
    let mut n = allowance_charge(
        charge,
        a.percentage,
        a.base_amount,
        a.amount,
        a.reason_code.as_deref(),
        a.reason.as_deref(),
    );
    let mut tax = Node::new("ram:CategoryTradeTax")
        .with(Node::leaf("ram:TypeCode", "VAT"))
        .with(Node::leaf("ram:CategoryCode", &a.vat_category));
    if let Some(rate) = a.vat_rate {
        tax.push(Node::leaf("ram:RateApplicablePercent", plain(rate)));
    }
    n.push(tax);
    n
}

fn summation(invoice: &Invoice) -> Node {
    let t = invoice.totals.clone().unwrap_or_default();
    let tax_total = t.tax_total.map(|tax| {
        Node::leaf("ram:TaxTotalAmount", amount(tax)).attr("currencyID", invoice.currency.as_str())
    });
    let amounts = [
        ("ram:LineTotalAmount", t.line_total),
        ("ram:ChargeTotalAmount", t.charge_total),
        ("ram:AllowanceTotalAmount", t.allowance_total),
        ("ram:TaxBasisTotalAmount", t.tax_exclusive),
    ];
    let after_tax = [
        ("ram:RoundingAmount", invoice.rounding_amount),
        ("ram:GrandTotalAmount", t.grand_total),
        ("ram:TotalPrepaidAmount", invoice.prepaid_amount),
        ("ram:DuePayableAmount", t.due_payable),
    ];
    let leaf = |(name, v): (&'static str, Option<Decimal>)| v.map(|v| Node::leaf(name, amount(v)));
    let mut n = Node::required("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    n.children = amounts
        .into_iter()
        .filter_map(leaf)
        .chain(tax_total)
        .chain(after_tax.into_iter().filter_map(leaf))
        .collect();
    n
}

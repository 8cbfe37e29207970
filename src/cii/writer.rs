//! The CII writer: an invoice (already `completed()`) to Factur-X XML, elements in
//! the order of the Factur-X 1.09 XSD, pruned to what the profile allows. It streams
//! into `XmlOut` (no element tree): see there how pruning works.

use super::names;
use super::profiles;
use super::xmlout::{Keep, Text, XmlOut};
use crate::error::Error;
use crate::model::{
    fr_ctc, Address, Date, DocumentAllowanceCharge, ElectronicAddress, Invoice, Line,
    LineAllowanceCharge, Party, Profile, VatBreakdown,
};
use rust_decimal::Decimal;

/// What one line weighs in the XML (1.38 KB measured), to size the output once.
const BYTES_PER_LINE: usize = 1536;

pub fn write(invoice: &Invoice, profile: Profile) -> Result<String, Error> {
    refuse_what_the_profile_cannot_carry(invoice, profile)?;
    let fr_view;
    let invoice = if profile == Profile::FrCtc {
        fr_view = as_fr_ctc(invoice);
        &fr_view
    } else {
        invoice
    };
    let allowed = |path: &[&str]| profiles::allowed(profile, path);
    let prune: Option<Keep> = (!profiles::keeps_everything(profile)).then_some(&allowed);
    let mut x = XmlOut::new(
        "rsm:CrossIndustryInvoice",
        &[
            ("xmlns:rsm", names::RSM),
            ("xmlns:qdt", names::QDT),
            ("xmlns:ram", names::RAM),
            ("xmlns:udt", names::UDT),
            ("xmlns:xsi", names::XSI),
        ],
        prune,
        4096 + invoice.lines.len().saturating_mul(BYTES_PER_LINE),
    );
    context(&mut x, invoice, profile);
    document(&mut x, invoice);
    transaction(&mut x, invoice);
    x.finish()
}

/// The invoice as the `fr-ctc` file states it (see `model::fr_ctc`): the billing
/// framework as BT-23, SIRENs as BT-30/BT-47, directory addresses as BT-34/BT-49.
/// A copy, so that the other profiles (Chorus Pro's file) never see these fields.
fn as_fr_ctc(invoice: &Invoice) -> Invoice {
    let legal = |p: &Party| {
        let mut out = p.clone();
        if let Some((id, scheme)) = fr_ctc::legal_id(p) {
            out.legal_id = Some(id.to_string());
            out.legal_id_scheme = scheme.map(str::to_string);
        }
        out
    };
    let party = |p: &Party| {
        let mut out = legal(p);
        out.electronic_address =
            fr_ctc::electronic_address(p).map(|(scheme, value)| ElectronicAddress {
                scheme: scheme.to_string(),
                value: value.to_string(),
            });
        out
    };
    Invoice {
        business_process: fr_ctc::business_process(invoice).map(str::to_string),
        seller: party(&invoice.seller),
        buyer: party(&invoice.buyer),
        // BG-11 has no electronic address in EN 16931: only its SIREN is stated.
        tax_representative: invoice.tax_representative.as_ref().map(legal),
        ..invoice.clone()
    }
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
#[cfg(test)]
pub(crate) fn amount(value: Decimal) -> String {
    let mut out = String::new();
    crate::model::written::write_amount(&mut out, value);
    out
}

fn text(value: &str) -> Text<'_> {
    Text::Str(value)
}

fn date(x: &mut XmlOut, name: &'static str, date: Date, qualified: &'static str) {
    x.open(name);
    x.leaf_with(qualified, Some(("format", "102")), text(&date.to_102()));
    x.close();
}

/// A container holding one identifier: `<name><ram:ID>id</ram:ID></name>` and the like.
fn wrapped(x: &mut XmlOut, name: &'static str, leaf: &'static str, value: &str) {
    x.open(name);
    x.leaf(leaf, text(value));
    x.close();
}

fn indicator(x: &mut XmlOut, charge: bool) {
    wrapped(
        x,
        "ram:ChargeIndicator",
        "udt:Indicator",
        if charge { "true" } else { "false" },
    );
}

fn context(x: &mut XmlOut, invoice: &Invoice, profile: Profile) {
    x.open("rsm:ExchangedDocumentContext");
    if let Some(bp) = &invoice.business_process {
        wrapped(
            x,
            "ram:BusinessProcessSpecifiedDocumentContextParameter",
            "ram:ID",
            bp,
        );
    }
    wrapped(
        x,
        "ram:GuidelineSpecifiedDocumentContextParameter",
        "ram:ID",
        profile.guideline_id(),
    );
    x.close();
}

fn document(x: &mut XmlOut, invoice: &Invoice) {
    x.open("rsm:ExchangedDocument");
    x.opt("ram:ID", invoice.number.as_deref());
    x.leaf("ram:TypeCode", text(&invoice.type_code));
    if let Some(d) = invoice.issue_date {
        date(x, "ram:IssueDateTime", d, "udt:DateTimeString");
    }
    for note in &invoice.notes {
        wrapped(x, "ram:IncludedNote", "ram:Content", note);
    }
    for note in &invoice.subject_notes {
        x.open("ram:IncludedNote");
        x.leaf("ram:Content", text(&note.content));
        x.leaf("ram:SubjectCode", text(&note.subject_code));
        x.close();
    }
    x.close();
}

fn transaction(x: &mut XmlOut, invoice: &Invoice) {
    x.open("rsm:SupplyChainTradeTransaction");
    for line in &invoice.lines {
        line_item(x, line);
    }
    agreement(x, invoice);
    delivery(x, invoice);
    settlement(x, invoice);
    x.close();
}

fn line_item(x: &mut XmlOut, line: &Line) {
    x.open("ram:IncludedSupplyChainTradeLineItem");

    x.open("ram:AssociatedDocumentLineDocument");
    x.leaf("ram:LineID", text(&line.id));
    if let Some(note) = &line.note {
        wrapped(x, "ram:IncludedNote", "ram:Content", note);
    }
    x.close();

    x.open("ram:SpecifiedTradeProduct");
    x.opt("ram:SellerAssignedID", line.seller_item_id.as_deref());
    x.opt("ram:Name", line.name.as_deref());
    x.opt("ram:Description", line.description.as_deref());
    x.close();

    let basis = |x: &mut XmlOut| {
        if let Some(q) = line.price_base_quantity {
            x.leaf_with(
                "ram:BasisQuantity",
                Some(("unitCode", &line.unit_code)),
                Text::Plain(q),
            );
        }
    };
    x.open("ram:SpecifiedLineTradeAgreement");
    if let Some(gross) = line.gross_price {
        // Chorus Pro rejects a gross price that comes without its discount (BT-147).
        x.open("ram:GrossPriceProductTradePrice");
        x.leaf("ram:ChargeAmount", Text::Plain(gross));
        basis(x);
        x.open("ram:AppliedTradeAllowanceCharge");
        indicator(x, false);
        x.leaf("ram:ActualAmount", Text::Plain(gross - line.net_price));
        x.close();
        x.close();
    }
    x.open("ram:NetPriceProductTradePrice");
    x.leaf("ram:ChargeAmount", Text::Plain(line.net_price));
    basis(x);
    x.close();
    x.close();

    x.open("ram:SpecifiedLineTradeDelivery");
    x.leaf_with(
        "ram:BilledQuantity",
        Some(("unitCode", &line.unit_code)),
        Text::Plain(line.quantity),
    );
    x.close();

    x.open("ram:SpecifiedLineTradeSettlement");
    x.open("ram:ApplicableTradeTax");
    x.leaf("ram:TypeCode", text("VAT"));
    x.leaf("ram:CategoryCode", text(&line.vat_category));
    if let Some(rate) = line.vat_rate {
        x.leaf("ram:RateApplicablePercent", Text::Plain(rate));
    }
    x.close();
    for a in &line.allowances {
        line_allowance_charge(x, a, false);
    }
    for c in &line.charges {
        line_allowance_charge(x, c, true);
    }
    x.open("ram:SpecifiedTradeSettlementLineMonetarySummation");
    if let Some(net) = line.net_amount {
        x.leaf("ram:LineTotalAmount", Text::Amount(net));
    }
    x.close();
    x.close();

    x.close();
}

fn line_allowance_charge(x: &mut XmlOut, a: &LineAllowanceCharge, charge: bool) {
    allowance_charge(
        x,
        charge,
        a.percentage,
        a.base_amount,
        a.amount,
        a.reason_code.as_deref(),
        a.reason.as_deref(),
    );
    x.close();
}

/// The part BG-20/21 and BG-27/28 share, left open: the document level adds its VAT
/// category before closing it.
fn allowance_charge(
    x: &mut XmlOut,
    charge: bool,
    percentage: Option<Decimal>,
    base_amount: Option<Decimal>,
    actual: Decimal,
    reason_code: Option<&str>,
    reason: Option<&str>,
) {
    x.open("ram:SpecifiedTradeAllowanceCharge");
    indicator(x, charge);
    if let Some(p) = percentage {
        x.leaf("ram:CalculationPercent", Text::Plain(p));
    }
    if let Some(b) = base_amount {
        x.leaf("ram:BasisAmount", Text::Amount(b));
    }
    x.leaf("ram:ActualAmount", Text::Amount(actual));
    x.opt("ram:ReasonCode", reason_code);
    x.opt("ram:Reason", reason);
}

fn agreement(x: &mut XmlOut, invoice: &Invoice) {
    x.open_required("ram:ApplicableHeaderTradeAgreement");
    x.opt("ram:BuyerReference", invoice.buyer_reference.as_deref());
    party(x, "ram:SellerTradeParty", &invoice.seller);
    party(x, "ram:BuyerTradeParty", &invoice.buyer);
    if let Some(representative) = &invoice.tax_representative {
        party(x, "ram:SellerTaxRepresentativeTradeParty", representative);
    }
    if let Some(po) = &invoice.purchase_order_reference {
        wrapped(
            x,
            "ram:BuyerOrderReferencedDocument",
            "ram:IssuerAssignedID",
            po,
        );
    }
    if let Some(contract) = &invoice.contract_reference {
        wrapped(
            x,
            "ram:ContractReferencedDocument",
            "ram:IssuerAssignedID",
            contract,
        );
    }
    x.close();
}

fn party(x: &mut XmlOut, name: &'static str, p: &Party) {
    x.open_required(name);
    x.opt("ram:ID", p.id.as_deref());
    x.opt("ram:Name", p.name.as_deref());

    x.open_if_filled("ram:SpecifiedLegalOrganization");
    if let Some(id) = &p.legal_id {
        let scheme = p.legal_id_scheme.as_deref().map(|s| ("schemeID", s));
        x.leaf_with("ram:ID", scheme, text(id));
    }
    x.opt("ram:TradingBusinessName", p.trading_name.as_deref());
    x.close();

    if let Some(c) = &p.contact {
        x.open_if_filled("ram:DefinedTradeContact");
        x.opt("ram:PersonName", c.name.as_deref());
        if let Some(phone) = &c.phone {
            wrapped(
                x,
                "ram:TelephoneUniversalCommunication",
                "ram:CompleteNumber",
                phone,
            );
        }
        if let Some(email) = &c.email {
            wrapped(x, "ram:EmailURIUniversalCommunication", "ram:URIID", email);
        }
        x.close();
    }

    address(x, &p.address);

    if let Some(e) = &p.electronic_address {
        x.open("ram:URIUniversalCommunication");
        x.leaf_with("ram:URIID", Some(("schemeID", &e.scheme)), text(&e.value));
        x.close();
    }
    if let Some(vat) = &p.vat_id {
        x.open("ram:SpecifiedTaxRegistration");
        x.leaf_with("ram:ID", Some(("schemeID", "VA")), text(vat));
        x.close();
    }
    if let Some(fc) = &p.tax_registration_id {
        x.open("ram:SpecifiedTaxRegistration");
        x.leaf_with("ram:ID", Some(("schemeID", "FC")), text(fc));
        x.close();
    }
    x.close();
}

fn address(x: &mut XmlOut, a: &Address) {
    x.open_if_filled("ram:PostalTradeAddress");
    x.opt("ram:PostcodeCode", a.postcode.as_deref());
    x.opt("ram:LineOne", a.line1.as_deref());
    x.opt("ram:LineTwo", a.line2.as_deref());
    x.opt("ram:LineThree", a.line3.as_deref());
    x.opt("ram:CityName", a.city.as_deref());
    x.opt("ram:CountryID", a.country.as_deref());
    x.opt("ram:CountrySubDivisionName", a.subdivision.as_deref());
    x.close();
}

fn delivery(x: &mut XmlOut, invoice: &Invoice) {
    x.open_required("ram:ApplicableHeaderTradeDelivery");
    if let Some(country) = &invoice.delivery_country {
        x.open("ram:ShipToTradeParty");
        x.open("ram:PostalTradeAddress");
        x.leaf("ram:CountryID", text(country));
        x.close();
        x.close();
    }
    if let Some(d) = invoice.delivery_date {
        x.open("ram:ActualDeliverySupplyChainEvent");
        date(x, "ram:OccurrenceDateTime", d, "udt:DateTimeString");
        x.close();
    }
    x.close();
}

fn settlement(x: &mut XmlOut, invoice: &Invoice) {
    x.open_required("ram:ApplicableHeaderTradeSettlement");
    let payment = invoice.payment.as_ref();
    x.opt(
        "ram:PaymentReference",
        payment.and_then(|p| p.remittance_information.as_deref()),
    );
    x.leaf("ram:InvoiceCurrencyCode", text(&invoice.currency));

    if let Some(p) = payment {
        x.open_if_filled("ram:SpecifiedTradeSettlementPaymentMeans");
        x.opt("ram:TypeCode", p.code.as_deref());
        x.opt("ram:Information", p.text.as_deref());
        x.open_if_filled("ram:PayeePartyCreditorFinancialAccount");
        x.opt("ram:IBANID", p.iban.as_deref());
        x.opt("ram:AccountName", p.account_name.as_deref());
        x.close();
        if let Some(bic) = &p.bic {
            wrapped(
                x,
                "ram:PayeeSpecifiedCreditorFinancialInstitution",
                "ram:BICID",
                bic,
            );
        }
        x.close();
    }

    for b in &invoice.vat_breakdown {
        vat_entry(x, b);
    }
    if let Some(period) = &invoice.invoicing_period {
        x.open_if_filled("ram:BillingSpecifiedPeriod");
        if let Some(start) = period.start {
            date(x, "ram:StartDateTime", start, "udt:DateTimeString");
        }
        if let Some(end) = period.end {
            date(x, "ram:EndDateTime", end, "udt:DateTimeString");
        }
        x.close();
    }
    for a in &invoice.allowances {
        document_allowance_charge(x, a, false);
    }
    for c in &invoice.charges {
        document_allowance_charge(x, c, true);
    }

    x.open_if_filled("ram:SpecifiedTradePaymentTerms");
    x.opt("ram:Description", invoice.payment_terms.as_deref());
    if let Some(due) = invoice.due_date {
        date(x, "ram:DueDateDateTime", due, "udt:DateTimeString");
    }
    x.close();

    summation(x, invoice);

    for p in &invoice.preceding_invoices {
        x.open("ram:InvoiceReferencedDocument");
        x.leaf("ram:IssuerAssignedID", text(&p.number));
        if let Some(d) = p.issue_date {
            date(x, "ram:FormattedIssueDateTime", d, "qdt:DateTimeString");
        }
        x.close();
    }
    x.close();
}

fn vat_entry(x: &mut XmlOut, b: &VatBreakdown) {
    // XSD order: CalculatedAmount, TypeCode, ExemptionReason, BasisAmount,
    // CategoryCode, ExemptionReasonCode, ..., RateApplicablePercent.
    x.open("ram:ApplicableTradeTax");
    if let Some(tax) = b.tax_amount {
        x.leaf("ram:CalculatedAmount", Text::Amount(tax));
    }
    x.leaf("ram:TypeCode", text("VAT"));
    x.opt("ram:ExemptionReason", b.exemption_reason.as_deref());
    if let Some(base) = b.taxable_amount {
        x.leaf("ram:BasisAmount", Text::Amount(base));
    }
    x.leaf("ram:CategoryCode", text(&b.category));
    x.opt(
        "ram:ExemptionReasonCode",
        b.exemption_reason_code.as_deref(),
    );
    if let Some(rate) = b.rate {
        x.leaf("ram:RateApplicablePercent", Text::Plain(rate));
    }
    x.close();
}

fn document_allowance_charge(x: &mut XmlOut, a: &DocumentAllowanceCharge, charge: bool) {
    allowance_charge(
        x,
        charge,
        a.percentage,
        a.base_amount,
        a.amount,
        a.reason_code.as_deref(),
        a.reason.as_deref(),
    );
    x.open("ram:CategoryTradeTax");
    x.leaf("ram:TypeCode", text("VAT"));
    x.leaf("ram:CategoryCode", text(&a.vat_category));
    if let Some(rate) = a.vat_rate {
        x.leaf("ram:RateApplicablePercent", Text::Plain(rate));
    }
    x.close();
    x.close();
}

fn summation(x: &mut XmlOut, invoice: &Invoice) {
    let t = invoice.totals.clone().unwrap_or_default();
    let amounts = |x: &mut XmlOut, amounts: &[(&'static str, Option<Decimal>)]| {
        for (name, value) in amounts {
            if let Some(v) = value {
                x.leaf(name, Text::Amount(*v));
            }
        }
    };
    x.open_required("ram:SpecifiedTradeSettlementHeaderMonetarySummation");
    amounts(
        x,
        &[
            ("ram:LineTotalAmount", t.line_total),
            ("ram:ChargeTotalAmount", t.charge_total),
            ("ram:AllowanceTotalAmount", t.allowance_total),
            ("ram:TaxBasisTotalAmount", t.tax_exclusive),
        ],
    );
    if let Some(tax) = t.tax_total {
        x.leaf_with(
            "ram:TaxTotalAmount",
            Some(("currencyID", &invoice.currency)),
            Text::Amount(tax),
        );
    }
    amounts(
        x,
        &[
            ("ram:RoundingAmount", invoice.rounding_amount),
            ("ram:GrandTotalAmount", t.grand_total),
            ("ram:TotalPrepaidAmount", invoice.prepaid_amount),
            ("ram:DuePayableAmount", t.due_payable),
        ],
    );
    x.close();
}

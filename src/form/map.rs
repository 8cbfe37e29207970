//! Form state → invoice model. Deterministic: the same form gives the same invoice,
//! so the browser and the server write the same bytes.

use super::reform;
use super::state::{FormLine, FormState, MoveType, RefMode};
use crate::model::{
    Invoice, Line, LineAllowanceCharge, Party, PaymentMeans, PrecedingInvoice, Profile,
    VatBreakdown,
};
use rust_decimal::Decimal;

/// Chorus Pro's default "cadre de facturation" (BT-23): a plain invoice.
pub const DEFAULT_BUSINESS_PROCESS: &str = "A1";

fn text(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub fn to_invoice(form: &FormState) -> Invoice {
    let mut invoice = mapped(form);
    reform::settle_already_paid(form, &mut invoice);
    invoice
}

fn mapped(form: &FormState) -> Invoice {
    let service_code = form.active_service().map(|s| s.code.trim().to_string());
    let reference = form.reference().map(str::to_string);
    let (buyer_reference, purchase_order_reference) = match form.company.ref_mode {
        // The guide: `ref` is the service code. The file carries the contact's own
        // active code whatever `ref` says, so a typo in `ref` (`04AMIDEY`) never reaches
        // Chorus as a service code; CHORUS-SERVICE-REF blocks until `ref` says it too.
        // Without a service on the contact, `ref` is the buyer's reference.
        RefMode::ServiceCode => (service_code.or(reference), text(&form.engagement)),
        RefMode::Engagement => (service_code, reference.or_else(|| text(&form.engagement))),
    };
    let refund = matches!(form.move_type, MoveType::OutRefund | MoveType::InRefund);
    Invoice {
        // A B2B invoice under the company's reform setting is written for the reform's
        // platforms: the `fr-ctc` file, unless a host asks for another profile.
        profile: if form.reform_b2b() {
            Profile::FrCtc
        } else {
            Profile::En16931
        },
        business_process: form.goes_to_chorus().then(|| {
            text(&form.company.chorus_business_process)
                .unwrap_or_else(|| DEFAULT_BUSINESS_PROCESS.to_string())
        }),
        number: text(&form.name).filter(|n| n != "/"),
        type_code: if refund { "381" } else { "380" }.to_string(),
        issue_date: form.invoice_date,
        // Codes (currency, IBAN, BIC, VAT category) are ASCII by their standards, and a
        // non-ASCII one is refused by the rules either way: ASCII case mapping spares the
        // browser module Unicode's case tables (7 KB gzipped).
        currency: form.currency.trim().to_ascii_uppercase(),
        due_date: form.invoice_date_due,
        payment_terms: None,
        buyer_reference,
        contract_reference: None,
        purchase_order_reference,
        preceding_invoices: form
            .reversed_entry
            .iter()
            .map(|r| PrecedingInvoice {
                number: r.name.clone(),
                issue_date: r.invoice_date,
            })
            .collect(),
        subject_notes: reform::subject_notes(form, buyer_siren(form).as_deref()),
        billing_framework: reform::billing_framework(form),
        notes: text(&form.narration).into_iter().collect(),
        delivery_date: None,
        invoicing_period: None,
        delivery_country: None,
        seller: seller(form),
        buyer: buyer(form),
        tax_representative: None,
        payment: if refund { None } else { payment(form) },
        allowances: Vec::new(),
        charges: Vec::new(),
        lines: form
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| line(i, l, rate_text(form)))
            .collect(),
        vat_breakdown: exemptions(form),
        prepaid_amount: None,
        rounding_amount: None,
        totals: None,
        file: None,
    }
}

fn siret_scheme(siret: &Option<String>) -> Option<String> {
    text(siret).map(|_| "0002".to_string())
}

fn seller(form: &FormState) -> Party {
    let c = &form.company;
    Party {
        name: Some(c.name.trim().to_string()).filter(|s| !s.is_empty()),
        legal_id: text(&c.siret).map(|s| s.replace(' ', "")),
        legal_id_scheme: siret_scheme(&c.siret),
        siren: reform::siren(&c.siren, &c.siret),
        vat_id: text(&c.vat).map(|s| s.replace(' ', "")),
        address: c.address.clone(),
        ..Party::default()
    }
}

/// The buyer is the public body (the commercial partner); the postal address is the
/// chosen contact's (the invoicing address) when it has one.
fn buyer(form: &FormState) -> Party {
    let partner = form.partner.as_ref();
    let commercial = form.commercial_partner.as_ref();
    let name = commercial
        .map(|c| c.name.clone())
        .or_else(|| partner.map(|p| p.name.clone().unwrap_or_else(|| p.display_name.clone())));
    let siret = commercial
        .and_then(|c| text(&c.siret))
        .or_else(|| partner.and_then(|p| text(&p.siret)));
    let vat = commercial
        .and_then(|c| text(&c.vat))
        .or_else(|| partner.and_then(|p| text(&p.vat)));
    let address = match (partner, commercial) {
        (Some(p), _) if p.address.country.is_some() || p.address.city.is_some() => {
            p.address.clone()
        }
        (_, Some(c)) => c.address.clone(),
        (Some(p), None) => p.address.clone(),
        (None, None) => Default::default(),
    };
    Party {
        name: name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        legal_id_scheme: siret_scheme(&siret),
        legal_id: siret.map(|s| s.replace(' ', "")),
        siren: buyer_siren(form),
        vat_id: vat.map(|s| s.replace(' ', "")),
        address,
        ..Party::default()
    }
}

/// The buyer's SIREN: the commercial partner's, else the chosen customer's.
fn buyer_siren(form: &FormState) -> Option<String> {
    let commercial = form
        .commercial_partner
        .as_ref()
        .and_then(|c| reform::siren(&c.siren, &c.siret));
    commercial.or_else(|| {
        form.partner
            .as_ref()
            .and_then(|p| reform::siren(&p.siren, &p.siret))
    })
}

fn payment(form: &FormState) -> Option<PaymentMeans> {
    let mode = form.payment_mode.as_ref()?;
    Some(PaymentMeans {
        code: text(&mode.code),
        text: text(&mode.name),
        remittance_information: text(&form.payment_reference)
            .or_else(|| text(&form.name).filter(|n| n != "/")),
        iban: text(&mode.iban).map(|s| s.replace(' ', "").to_ascii_uppercase()),
        account_name: text(&mode.account_holder),
        bic: text(&mode.bic).map(|s| s.replace(' ', "").to_ascii_uppercase()),
    })
}

/// Odoo's discount (%) becomes the gross price (BT-148) and the price discount
/// (BT-147, written by the CII writer as gross − net); a line without tax gets an
/// empty category so that BR-CO-04 names it.
/// How a VAT rate is written. Odoo keeps a tax's rate with four decimals (`20.0000`);
/// the reform's platforms compare the written rate with their list as text (BR-FR-16:
/// `20`, `5.5`...), so a B2B invoice under the reform setting writes it without trailing
/// zeros. A Chorus Pro file keeps the rate as given, byte for byte as before.
fn rate_text(form: &FormState) -> fn(Decimal) -> Decimal {
    if form.reform_b2b() {
        |rate| rate.normalize()
    } else {
        std::convert::identity
    }
}

fn line(index: usize, l: &FormLine, rate: fn(Decimal) -> Decimal) -> Line {
    let discount = l.discount.filter(|d| !d.is_zero());
    let net_price = match discount {
        Some(d) => (l.price_unit * (Decimal::ONE_HUNDRED - d) / Decimal::ONE_HUNDRED).normalize(),
        None => l.price_unit,
    };
    let tax = l.taxes.first();
    Line {
        id: (index + 1).to_string(),
        note: None,
        name: Some(l.name.trim().to_string()).filter(|s| !s.is_empty()),
        description: None,
        seller_item_id: text(&l.product_code),
        quantity: l.quantity,
        unit_code: text(&l.uom_code).unwrap_or_else(|| "C62".to_string()),
        net_price,
        gross_price: discount.map(|_| l.price_unit),
        price_base_quantity: None,
        allowances: Vec::<LineAllowanceCharge>::new(),
        charges: Vec::new(),
        vat_category: tax
            .map(|t| t.category.trim().to_ascii_uppercase())
            .unwrap_or_default(),
        vat_rate: tax.map(|t| rate(t.rate)),
        net_amount: None,
    }
}

/// Exemption reasons (BT-120/121) come from the taxes that carry them.
fn exemptions(form: &FormState) -> Vec<VatBreakdown> {
    let rate = rate_text(form);
    let mut out: Vec<VatBreakdown> = Vec::new();
    for tax in form.lines.iter().filter_map(|l| l.taxes.first()) {
        if tax.exemption_reason.is_none() && tax.exemption_reason_code.is_none() {
            continue;
        }
        let category = tax.category.trim().to_ascii_uppercase();
        if out
            .iter()
            .any(|b| b.category == category && b.rate == Some(rate(tax.rate)))
        {
            continue;
        }
        out.push(VatBreakdown {
            category,
            rate: Some(rate(tax.rate)),
            taxable_amount: None,
            tax_amount: None,
            exemption_reason: text(&tax.exemption_reason),
            exemption_reason_code: text(&tax.exemption_reason_code),
        });
    }
    out
}

//! A complete invoice that every EN 16931 rule accepts, and the two assertions
//! each rule's tests make: it fires on a broken invoice, it stays silent otherwise.

use crate::model::{
    Address, Date, DocumentAllowanceCharge, Invoice, Line, LineAllowanceCharge, Party,
    PaymentMeans, Profile,
};
use crate::rules::diagnostic::{Diagnostic, Severity};
use crate::rules::rule::InvoiceRule;
use rust_decimal::Decimal;
use std::str::FromStr;

pub fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn party(name: &str, siret: &str, vat: &str, city: &str) -> Party {
    Party {
        name: Some(name.into()),
        legal_id: Some(siret.into()),
        legal_id_scheme: Some("0002".into()),
        vat_id: Some(vat.into()),
        address: Address {
            line1: Some("1 rue de la Paix".into()),
            city: Some(city.into()),
            postcode: Some("75002".into()),
            country: Some("FR".into()),
            ..Address::default()
        },
        ..Party::default()
    }
}

pub fn line(id: &str, quantity: &str, price: &str, category: &str, rate: Option<&str>) -> Line {
    Line {
        id: id.into(),
        note: None,
        name: Some(format!("Prestation {id}")),
        description: None,
        seller_item_id: None,
        quantity: d(quantity),
        unit_code: "C62".into(),
        net_price: d(price),
        gross_price: None,
        price_base_quantity: None,
        allowances: Vec::new(),
        charges: Vec::new(),
        vat_category: category.into(),
        vat_rate: rate.map(d),
        net_amount: None,
    }
}

pub fn doc_charge(amount: &str, category: &str, rate: Option<&str>) -> DocumentAllowanceCharge {
    DocumentAllowanceCharge {
        amount: d(amount),
        base_amount: None,
        percentage: None,
        vat_category: category.into(),
        vat_rate: rate.map(d),
        reason: Some("Frais".into()),
        reason_code: None,
    }
}

/// Two standard-rated lines (one with a line allowance), a document allowance and
/// a document charge; amounts as a JSON input gives them (nothing declared).
pub fn valid_json_invoice() -> Invoice {
    let mut second = line("2", "3", "50.00", "S", Some("20.00"));
    second.allowances.push(LineAllowanceCharge {
        amount: d("15.00"),
        base_amount: Some(d("150.00")),
        percentage: Some(d("10")),
        reason: Some("Remise".into()),
        reason_code: Some("95".into()),
    });
    Invoice {
        profile: Profile::En16931,
        business_process: Some("A1".into()),
        number: Some("FA-2026-0042".into()),
        type_code: "380".into(),
        issue_date: Some(Date::new(2026, 11, 2).unwrap()),
        currency: "EUR".into(),
        due_date: Some(Date::new(2026, 12, 2).unwrap()),
        payment_terms: Some("30 jours".into()),
        buyer_reference: Some("SERVICE-01".into()),
        contract_reference: None,
        purchase_order_reference: Some("EJ-123".into()),
        preceding_invoices: Vec::new(),
        subject_notes: Vec::new(),
        billing_framework: None,
        notes: Vec::new(),
        delivery_date: None,
        invoicing_period: None,
        delivery_country: None,
        tax_representative: None,
        seller: party(
            "Atelier Dupont SARL",
            "73282932000074",
            "FR40732829320",
            "Lyon",
        ),
        buyer: party(
            "Mairie de Quimper",
            "21290232500015",
            "FR12212902325",
            "Quimper",
        ),
        payment: Some(PaymentMeans {
            code: Some("30".into()),
            iban: Some("FR7630006000011234567890189".into()),
            ..PaymentMeans::default()
        }),
        allowances: vec![DocumentAllowanceCharge {
            reason: Some("Remise fidélité".into()),
            ..doc_charge("10.00", "S", Some("20"))
        }],
        charges: vec![doc_charge("25.50", "S", Some("20"))],
        lines: vec![line("1", "2", "100.00", "S", Some("20")), second],
        vat_breakdown: Vec::new(),
        prepaid_amount: None,
        rounding_amount: None,
        totals: None,
        file: None,
    }
}

/// The same invoice with every derived amount declared, as read from a file.
pub fn valid_invoice() -> Invoice {
    valid_json_invoice().completed()
}

/// `valid_invoice()` written by the CII writer and read back: what `check` sees of a
/// conformant file (`file` set: declared figures are facts).
pub fn file_invoice() -> Invoice {
    crate::cii::read(&valid_xml()).unwrap()
}

/// `valid_invoice()` as the CII writer writes it: the file tests edit before reading.
pub fn valid_xml() -> String {
    crate::cii::write(&valid_invoice(), Profile::En16931).unwrap()
}

/// A franchise invoice (art. 293 B du CGI): category E, no VAT.
pub fn franchise_invoice() -> Invoice {
    let mut inv = valid_json_invoice();
    inv.allowances.clear();
    inv.charges.clear();
    inv.lines = vec![line("1", "4", "62.50", "E", None)];
    inv.vat_breakdown = vec![crate::model::VatBreakdown {
        category: "E".into(),
        rate: None,
        taxable_amount: None,
        tax_amount: None,
        exemption_reason: Some("TVA non applicable, art. 293 B du CGI".into()),
        exemption_reason_code: Some("VATEX-FR-FRANCHISE".into()),
    }];
    inv
}

pub fn run(rule: InvoiceRule, invoice: &Invoice) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    rule(&crate::rules::facts::Facts::new(invoice), &mut out);
    out
}

/// The rule fires once, under its own id, blocking, with a business term and
/// both messages.
pub fn fires(rule: InvoiceRule, id: &str, change: impl FnOnce(&mut Invoice)) -> Diagnostic {
    let mut invoice = valid_invoice();
    change(&mut invoice);
    fires_on(rule, id, &invoice)
}

pub fn fires_on(rule: InvoiceRule, id: &str, invoice: &Invoice) -> Diagnostic {
    let out = run(rule, invoice);
    assert_eq!(out.len(), 1, "{id} should fire once: {out:#?}");
    let diag = out.into_iter().next().unwrap();
    assert_eq!(diag.rule, id);
    assert_eq!(diag.severity, Severity::Block);
    assert!(diag
        .bt
        .as_deref()
        .is_some_and(|bt| bt.starts_with("BT-") || bt.starts_with("BG-")));
    assert!(!diag.message_fr.is_empty() && !diag.message_en.is_empty());
    assert!(
        !diag.message_en.starts_with('['),
        "official text without its [id] prefix"
    );
    diag
}

/// The rule says nothing about the changed invoice.
pub fn silent(rule: InvoiceRule, change: impl FnOnce(&mut Invoice)) {
    let mut invoice = valid_invoice();
    change(&mut invoice);
    silent_on(rule, &invoice);
}

pub fn silent_on(rule: InvoiceRule, invoice: &Invoice) {
    let out = run(rule, invoice);
    assert!(out.is_empty(), "should stay silent: {out:#?}");
}

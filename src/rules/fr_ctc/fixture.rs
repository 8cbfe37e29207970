//! A B2B invoice of a French company to a French company that every BR-FR rule
//! accepts, and the two assertions each rule's tests make.

use crate::model::{Address, Date, Invoice, Line, Party, PaymentMeans, Profile, SubjectNote};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use crate::rules::rule::InvoiceRule;

pub use crate::rules::en16931::fixture::d;

fn party(name: &str, siret: &str, siren: &str, vat: &str) -> Party {
    Party {
        name: Some(name.into()),
        legal_id: Some(siret.into()),
        legal_id_scheme: Some("0002".into()),
        siren: Some(siren.into()),
        vat_id: Some(vat.into()),
        address: Address {
            line1: Some("1 rue de la Paix".into()),
            city: Some("Paris".into()),
            postcode: Some("75002".into()),
            country: Some("FR".into()),
            ..Address::default()
        },
        ..Party::default()
    }
}

pub fn note(code: &str, content: &str) -> SubjectNote {
    SubjectNote {
        subject_code: code.into(),
        content: content.into(),
    }
}

/// A service line at 20 %.
pub fn line(id: &str, quantity: &str, price: &str) -> Line {
    crate::rules::en16931::fixture::line(id, quantity, price, "S", Some("20.00"))
}

/// Two service lines at 20 %, the three legal notes and the B2B treatment.
pub fn valid() -> Invoice {
    Invoice {
        profile: Profile::FrCtc,
        business_process: None,
        number: Some("FA-2026-0042".into()),
        type_code: "380".into(),
        issue_date: Some(Date::new(2026, 11, 2).unwrap()),
        currency: "EUR".into(),
        due_date: Some(Date::new(2026, 12, 2).unwrap()),
        payment_terms: Some("30 jours".into()),
        buyer_reference: None,
        contract_reference: None,
        purchase_order_reference: None,
        preceding_invoices: Vec::new(),
        subject_notes: vec![
            note(
                "PMT",
                "Indemnité forfaitaire pour frais de recouvrement : 40 €",
            ),
            note(
                "PMD",
                "Pénalités de retard : trois fois le taux d'intérêt légal",
            ),
            note("AAB", "Pas d'escompte pour paiement anticipé"),
            note("BAR", "B2B"),
        ],
        billing_framework: Some("S1".into()),
        notes: Vec::new(),
        seller: party(
            "Atelier Dupont SARL",
            "35600000000048",
            "356000000",
            "FR32356000000",
        ),
        buyer: party(
            "Société Cliente SA",
            "55210055400013",
            "552100554",
            "FR40552100554",
        ),
        payment: Some(PaymentMeans {
            code: Some("58".into()),
            iban: Some("FR7630006000011234567890189".into()),
            ..PaymentMeans::default()
        }),
        allowances: Vec::new(),
        charges: Vec::new(),
        lines: vec![line("1", "2", "100.00"), line("2", "1", "50.00")],
        vat_breakdown: Vec::new(),
        prepaid_amount: None,
        totals: None,
        // The rest (no rounding, no delivery date, and what other branches add to the
        // model) as in EN 16931's valid invoice.
        ..crate::rules::en16931::fixture::valid_json_invoice()
    }
}

/// What a rule says of an invoice; it says the same of the completed invoice (the
/// rules judge what the writer writes, which completing does not change).
pub fn run(rule: InvoiceRule, invoice: &Invoice) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    rule(&Facts::new(invoice), &mut out);
    let mut completed = Vec::new();
    rule(&Facts::new(&invoice.completed()), &mut completed);
    assert_eq!(out, completed, "as given and completed");
    out
}

/// The rule fires on the broken invoice, under its id, blocking, in both languages.
pub fn fires(rule: InvoiceRule, id: &str, broken: &Invoice) {
    let out = run(rule, broken);
    assert!(!out.is_empty(), "{id} is silent on {broken:#?}");
    for d in &out {
        assert_eq!(d.rule, id);
        assert_eq!(d.severity, crate::rules::diagnostic::Severity::Block);
        assert!(!d.message_fr.is_empty() && !d.message_en.is_empty());
    }
}

/// The rule is silent on the valid invoice (and on this one).
pub fn silent(rule: InvoiceRule, ok: &Invoice) {
    assert_eq!(run(rule, &valid()), vec![]);
    assert_eq!(run(rule, ok), vec![]);
}

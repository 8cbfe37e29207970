//! What the French e-invoicing reform adds to the invoice a form maps to: SIRENs,
//! the billing framework (BT-23), the legal notes and the « already paid » figures.
//! The CII writer states them under the `fr-ctc` profile (`model::fr_ctc`); Chorus
//! Pro's file is written as before.

use super::state::FormState;
use crate::model::{fr_ctc, totals, Invoice, SubjectNote};

/// UNTDID 4451 subject code of the treatment note (BR-FR-20).
pub const TREATMENT: &str = "BAR";

/// The SIREN: as given, else the SIRET's first nine digits.
pub fn siren(siren: &Option<String>, siret: &Option<String>) -> Option<String> {
    let given = siren.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match given {
        // Kept as typed (spaces aside) so that a wrong one is shown, not dropped.
        Some(s) => Some(s.replace(' ', "")),
        None => siret.as_deref().and_then(fr_ctc::siren_of),
    }
}

/// BT-23: the accountant's choice, else the lines' kind — B goods, S services, M
/// both — and 1, or 2 when the customer already paid. `None` when no line says its
/// kind: BR-FR-08 then asks for it rather than the engine guessing.
pub fn billing_framework(form: &FormState) -> Option<String> {
    let chosen = form.billing_framework.as_deref().map(str::trim);
    if let Some(code) = chosen.filter(|c| !c.is_empty()) {
        return Some(code.to_ascii_uppercase());
    }
    let kinds = || form.lines.iter().filter_map(|l| l.product_type.as_deref());
    let goods = kinds().any(|k| matches!(k.trim(), "consu" | "product"));
    let services = kinds().any(|k| k.trim() == "service");
    let letter = match (goods, services) {
        (true, false) => 'B',
        (false, true) => 'S',
        (true, true) => 'M',
        (false, false) => return None,
    };
    let digit = if form.already_paid { '2' } else { '1' };
    Some(format!("{letter}{digit}"))
}

/// The company's legal notes, and the B2B treatment note when the buyer is a French
/// company (it has a SIREN, or the reform's setting judges it one: `reform_b2b`), on
/// invoices that do not go to Chorus Pro: the Chorus file stays as it was.
pub fn subject_notes(form: &FormState, buyer_siren: Option<&str>) -> Vec<SubjectNote> {
    if form.goes_to_chorus() {
        return Vec::new();
    }
    let mut notes: Vec<SubjectNote> = form
        .company
        .legal_notes
        .iter()
        .map(|n| SubjectNote {
            subject_code: n.subject_code.trim().to_ascii_uppercase(),
            content: n.content.trim().to_string(),
        })
        .filter(|n| !n.subject_code.is_empty() && !n.content.is_empty())
        .collect();
    let has_treatment = notes.iter().any(|n| n.subject_code == TREATMENT);
    if (buyer_siren.is_some() || form.reform_b2b()) && !has_treatment {
        notes.push(SubjectNote {
            subject_code: TREATMENT.into(),
            content: "B2B".into(),
        });
    }
    notes
}

/// Paid before the invoice was issued: `already_paid`, or a framework chosen among the
/// « already paid » ones (B2, S2, M2), which says so as well.
pub fn already_paid(form: &FormState) -> bool {
    let chosen = form.billing_framework.as_deref().map(str::trim);
    form.already_paid
        || chosen.is_some_and(|c| matches!(c.to_ascii_uppercase().as_str(), "B2" | "S2" | "M2"))
}

/// An invoice already paid states its whole amount as paid (BT-113 = BT-112), so that
/// nothing is due (BR-FR-CO-09).
pub fn settle_already_paid(form: &FormState, invoice: &mut Invoice) {
    if already_paid(form) && !form.is_refund() {
        invoice.prepaid_amount = totals::totals(invoice).grand_total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::state::{Company, FormLine};
    use rust_decimal::Decimal;

    fn line(kind: Option<&str>) -> FormLine {
        FormLine {
            name: "Ligne".into(),
            product_code: None,
            quantity: Decimal::ONE,
            uom_code: None,
            price_unit: Decimal::ONE_HUNDRED,
            discount: None,
            taxes: Vec::new(),
            product_type: kind.map(str::to_string),
        }
    }

    #[test]
    fn the_lines_kind_gives_the_framework_letter_and_payment_its_digit() {
        let mut form = FormState {
            lines: vec![line(Some("service")), line(None)],
            ..FormState::default()
        };
        assert_eq!(billing_framework(&form).as_deref(), Some("S1"));
        form.lines.push(line(Some("consu")));
        assert_eq!(billing_framework(&form).as_deref(), Some("M1"));
        form.lines = vec![line(Some("product"))];
        form.already_paid = true;
        assert_eq!(billing_framework(&form).as_deref(), Some("B2"));
        form.billing_framework = Some(" s4 ".into());
        assert_eq!(billing_framework(&form).as_deref(), Some("S4"));
        form.billing_framework = None;
        form.lines = vec![line(None)];
        assert_eq!(billing_framework(&form), None, "no kind: no guess");
    }

    #[test]
    fn an_already_paid_framework_chosen_says_the_invoice_is_paid() {
        let mut form = FormState {
            lines: vec![line(Some("service"))],
            ..FormState::default()
        };
        assert!(!already_paid(&form));
        form.billing_framework = Some(" s2".into());
        assert!(already_paid(&form));
        form.billing_framework = Some("S1".into());
        assert!(!already_paid(&form));
        form.already_paid = true;
        assert!(already_paid(&form));
    }

    #[test]
    fn the_siren_comes_from_the_siret_unless_given() {
        let siret = Some("356 000 000 00048".to_string());
        assert_eq!(siren(&None, &siret).as_deref(), Some("356000000"));
        assert_eq!(
            siren(&Some("552 100 554".into()), &siret).as_deref(),
            Some("552100554")
        );
        assert_eq!(siren(&None, &Some("123".into())), None);
    }

    #[test]
    fn legal_notes_and_the_b2b_note_stay_off_chorus_invoices() {
        let mut form = FormState {
            company: Company {
                legal_notes: vec![SubjectNote {
                    subject_code: "pmt".into(),
                    content: " Indemnité forfaitaire de 40 € ".into(),
                }],
                ..Company::default()
            },
            ..FormState::default()
        };
        let notes = subject_notes(&form, Some("356000000"));
        let codes: Vec<&str> = notes.iter().map(|n| n.subject_code.as_str()).collect();
        assert_eq!(codes, ["PMT", "BAR"]);
        assert_eq!(notes[0].content, "Indemnité forfaitaire de 40 €");
        assert_eq!(subject_notes(&form, None).len(), 1, "no SIREN, no B2B note");
        form.transmit_method_code = Some("fr-chorus".into());
        assert!(subject_notes(&form, Some("356000000")).is_empty());
    }
}

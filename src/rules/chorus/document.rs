//! The document itself: type and sign (CHORUS-CREDIT-NOTE), and Chorus Pro's
//! length limits on the number (BT-1) and the buyer reference (BT-10).

use super::char_len;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

const NUMBER_MAX: usize = 20;
const BUYER_REFERENCE_MAX: usize = 100;

/// A negative total: a credit note must carry positive amounts, and an invoice
/// with a negative total must be a credit note (381) instead.
pub fn chorus_credit_note(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    let declared = invoice.totals.as_ref().and_then(|t| t.grand_total);
    let Some(total) = declared.or_else(|| invoice.computed_totals().grand_total) else {
        return;
    };
    if total >= Decimal::ZERO {
        return;
    }
    let total = format!("{total:.2}");
    let diagnostic = match invoice.type_code.trim() {
        "381" => Diagnostic::block(
            "CHORUS-CREDIT-NOTE",
            format!(
                "L'avoir a un total négatif ({total}) : Chorus Pro attend un avoir (381) aux montants positifs. \
                 Saisissez quantités et prix en positif."
            ),
            format!(
                "The credit note's total is negative ({total}): Chorus Pro expects a credit note (381) with \
                 positive amounts. Enter quantities and prices as positive."
            ),
        ),
        "380" => Diagnostic::block(
            "CHORUS-CREDIT-NOTE",
            format!(
                "La facture a un total négatif ({total}) : Chorus Pro la refuse. Faites plutôt un avoir (381) aux \
                 montants positifs."
            ),
            format!(
                "The invoice's total is negative ({total}): Chorus Pro refuses it. Issue a credit note (381) with \
                 positive amounts instead."
            ),
        ),
        _ => return,
    };
    out.push(diagnostic.bt("BT-3"));
}

/// The invoice number (BT-1) longer than Chorus Pro's 20 characters.
pub fn chorus_number_length(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(number) = invoice.number.as_deref().map(str::trim) else {
        return;
    };
    let n = char_len(number);
    if n > NUMBER_MAX {
        out.push(
            Diagnostic::block(
                "CHORUS-NUMBER-LENGTH",
                format!(
                    "Le numéro de facture « {number} » fait {n} caractères : Chorus Pro en accepte {NUMBER_MAX} au \
                     plus (raccourcissez le préfixe de la séquence du journal)."
                ),
                format!(
                    "The invoice number « {number} » is {n} characters long: Chorus Pro accepts at most \
                     {NUMBER_MAX} (shorten the journal sequence prefix)."
                ),
            )
            .bt("BT-1"),
        );
    }
}

/// The buyer reference (BT-10, the service code) longer than 100 characters.
pub fn chorus_buyer_reference_length(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(reference) = invoice.buyer_reference.as_deref().map(str::trim) else {
        return;
    };
    let n = char_len(reference);
    if n > BUYER_REFERENCE_MAX {
        out.push(
            Diagnostic::block(
                "CHORUS-BUYER-REFERENCE-LENGTH",
                format!(
                    "La Référence client fait {n} caractères : Chorus Pro en accepte {BUYER_REFERENCE_MAX} au plus \
                     (elle doit contenir le code service seul)."
                ),
                format!(
                    "The Customer Reference is {n} characters long: Chorus Pro accepts at most \
                     {BUYER_REFERENCE_MAX} (it should hold the service code only)."
                ),
            )
            .bt("BT-10"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use serde_json::json;

    #[test]
    fn a_negative_invoice_should_be_a_credit_note() {
        let mut v = invoice();
        v["lines"][0]["quantity"] = json!("-1");
        let out = run(chorus_credit_note, v);
        assert_eq!(ids(&out), ["CHORUS-CREDIT-NOTE"]);
        assert!(
            out[0].message_fr.contains("(-3120.00)"),
            "{}",
            out[0].message_fr
        );
        assert!(out[0].message_fr.contains("avoir (381)"));
    }

    #[test]
    fn a_negative_credit_note_is_blocked() {
        let mut v = invoice();
        v["type_code"] = json!("381");
        v["lines"][0]["net_price"] = json!("-2600");
        assert_eq!(ids(&run(chorus_credit_note, v)), ["CHORUS-CREDIT-NOTE"]);
    }

    #[test]
    fn the_declared_total_is_the_one_judged() {
        let mut v = invoice();
        v["totals"] = json!({"grand_total": "-1.00"});
        assert_eq!(ids(&run(chorus_credit_note, v)), ["CHORUS-CREDIT-NOTE"]);
    }

    #[test]
    fn positive_amounts_are_silent() {
        assert!(run(chorus_credit_note, invoice()).is_empty());
        let mut v = invoice();
        v["type_code"] = json!("381");
        assert!(run(chorus_credit_note, v).is_empty());
    }

    #[test]
    fn a_long_number_is_blocked() {
        let mut v = invoice();
        v["number"] = json!("FACT/SCIC-UDN/2026/00012");
        let out = run(chorus_number_length, v);
        assert_eq!(ids(&out), ["CHORUS-NUMBER-LENGTH"]);
        assert!(out[0].message_fr.contains("24 caractères"));
        // The guide's number has 16.
        assert!(run(chorus_number_length, invoice()).is_empty());
    }

    #[test]
    fn a_long_buyer_reference_is_blocked() {
        let mut v = invoice();
        v["buyer_reference"] = json!("X".repeat(101));
        assert_eq!(
            ids(&run(chorus_buyer_reference_length, v)),
            ["CHORUS-BUYER-REFERENCE-LENGTH"]
        );
        let mut v = invoice();
        v["buyer_reference"] = json!("é".repeat(100));
        assert!(run(chorus_buyer_reference_length, v).is_empty());
    }
}

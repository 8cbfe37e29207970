//! Payment: a payment mode on every invoice and none on refunds (OCA's posting
//! checks), a payment means code in the file, and a valid IBAN for transfers.

use crate::form::state::{FormState, MoveType};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use crate::rules::ids::{compact, iban_valid};

/// UNTDID 4461 codes that pay into a bank account, so need BT-84.
const NEEDS_IBAN: &[&str] = &["30", "31", "42", "58"];
/// Invoice type codes Chorus Pro pays (credit notes have no payment means).
const PAYABLE_TYPES: &[&str] = &["380", "384", "386", "389"];

/// A customer invoice to Chorus without a payment mode: OCA refuses to post it.
pub fn chorus_payment_mode(form: &FormState, out: &mut Vec<Diagnostic>) {
    if form.goes_to_chorus()
        && form.move_type == MoveType::OutInvoice
        && form.payment_mode.is_none()
    {
        out.push(
            Diagnostic::block(
                "CHORUS-PAYMENT-MODE",
                "Aucun mode de paiement : choisissez-en un (ex. Virement bancaire), Chorus Pro exige le moyen de \
                 paiement.",
                "No payment mode: choose one (e.g. bank transfer); Chorus Pro requires the payment means.",
            )
            .field("payment_mode_id")
            .bt("BT-81"),
        );
    }
}

/// A refund to Chorus with a payment mode: OCA refuses to post it.
pub fn chorus_refund_payment(form: &FormState, out: &mut Vec<Diagnostic>) {
    if form.goes_to_chorus() && form.move_type == MoveType::OutRefund && form.payment_mode.is_some()
    {
        out.push(
            Diagnostic::block(
                "CHORUS-REFUND-PAYMENT",
                "Un avoir envoyé à Chorus Pro ne doit pas avoir de mode de paiement : videz le champ Mode de \
                 paiement.",
                "A credit note sent to Chorus Pro must have no payment mode: clear the Payment Mode field.",
            )
            .field("payment_mode_id"),
        );
    }
}

/// An invoice (380, 384, 386, 389) without payment means code (BT-81).
pub fn chorus_payment_means(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    if !PAYABLE_TYPES.contains(&invoice.type_code.trim()) {
        return;
    }
    let code = invoice
        .payment
        .as_ref()
        .and_then(|p| p.code.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if code.is_none() {
        out.push(
            Diagnostic::block(
                "CHORUS-PAYMENT-MEANS",
                "Le moyen de paiement (code BT-81, ex. 30 virement) manque : Chorus Pro rejette une facture sans \
                 lui. Choisissez un mode de paiement dont la méthode porte un code UNECE.",
                "The payment means code (BT-81, e.g. 30 credit transfer) is missing: Chorus Pro rejects an \
                 invoice without it. Choose a payment mode whose method has a UNECE code.",
            )
            .bt("BT-81"),
        );
    }
}

/// A transfer (30, 31, 42, 58) needs the IBAN to pay into, and a valid one.
pub fn chorus_iban(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(payment) = &invoice.payment else {
        return;
    };
    let Some(code) = payment
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| NEEDS_IBAN.contains(c))
    else {
        return;
    };
    match payment.iban.as_deref().map(compact).filter(|s| !s.is_empty()) {
        None => out.push(
            Diagnostic::block(
                "CHORUS-IBAN",
                format!(
                    "Le moyen de paiement {code} (virement) exige l'IBAN du compte à créditer : renseignez le compte \
                     bancaire du mode de paiement."
                ),
                format!(
                    "Payment means {code} (transfer) needs the IBAN of the account to pay into: set the payment \
                     mode's bank account."
                ),
            )
            .bt("BT-84"),
        ),
        Some(iban) if !iban_valid(&iban) => out.push(
            Diagnostic::block(
                "CHORUS-IBAN",
                format!("L'IBAN « {iban} » n'est pas valide (longueur ou clé de contrôle) : vérifiez-le."),
                format!("The IBAN « {iban} » is not valid (length or check digits): check it."),
            )
            .bt("BT-84"),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use serde_json::json;

    fn form_rule(rule: crate::rules::rule::FormRule, v: serde_json::Value) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        rule(&form(v), &mut out);
        out
    }

    fn invoice_rule(
        rule: crate::rules::rule::InvoiceRule,
        v: serde_json::Value,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        rule(&crate::rules::facts::Facts::new(&inv(v)), &mut out);
        out
    }

    #[test]
    fn an_invoice_without_payment_mode_is_blocked() {
        let mut v = guide();
        v["payment_mode"] = json!(null);
        let out = form_rule(chorus_payment_mode, v);
        assert_eq!(ids(&out), ["CHORUS-PAYMENT-MODE"]);
        assert_eq!(out[0].field.as_deref(), Some("payment_mode_id"));
        assert!(form_rule(chorus_payment_mode, guide()).is_empty());
    }

    #[test]
    fn a_refund_needs_no_payment_mode() {
        let mut v = guide();
        v["move_type"] = json!("out_refund");
        v["payment_mode"] = json!(null);
        assert!(form_rule(chorus_payment_mode, v.clone()).is_empty());
        assert!(form_rule(chorus_refund_payment, v).is_empty());
    }

    #[test]
    fn a_refund_with_a_payment_mode_is_blocked() {
        let mut v = guide();
        v["move_type"] = json!("out_refund");
        let out = form_rule(chorus_refund_payment, v);
        assert_eq!(ids(&out), ["CHORUS-REFUND-PAYMENT"]);
        assert!(form_rule(chorus_refund_payment, guide()).is_empty());
    }

    #[test]
    fn a_file_without_payment_means_code_is_blocked() {
        let mut v = invoice();
        v["payment"] = json!({"iban": "FR7613825002000801328023592"});
        assert_eq!(
            ids(&invoice_rule(chorus_payment_means, v)),
            ["CHORUS-PAYMENT-MEANS"]
        );
        let mut v = invoice();
        v["payment"] = json!(null);
        assert_eq!(
            ids(&invoice_rule(chorus_payment_means, v)),
            ["CHORUS-PAYMENT-MEANS"]
        );
    }

    #[test]
    fn a_credit_note_needs_no_payment_means() {
        let mut v = invoice();
        v["type_code"] = json!("381");
        v["payment"] = json!(null);
        assert!(invoice_rule(chorus_payment_means, v).is_empty());
        assert!(invoice_rule(chorus_payment_means, invoice()).is_empty());
    }

    #[test]
    fn a_transfer_without_iban_is_blocked() {
        let mut v = invoice();
        v["payment"] = json!({"code": "58"});
        let out = invoice_rule(chorus_iban, v);
        assert_eq!(ids(&out), ["CHORUS-IBAN"]);
        assert_eq!(out[0].bt.as_deref(), Some("BT-84"));
    }

    #[test]
    fn a_wrong_iban_is_named() {
        let mut v = invoice();
        v["payment"]["iban"] = json!("FR76 1382 5002 0008 0132 8023 593");
        let out = invoice_rule(chorus_iban, v);
        assert_eq!(ids(&out), ["CHORUS-IBAN"]);
        assert!(
            out[0].message_fr.contains("FR7613825002000801328023593"),
            "{}",
            out[0].message_fr
        );
    }

    #[test]
    fn the_guides_iban_and_non_transfers_are_silent() {
        assert!(invoice_rule(chorus_iban, invoice()).is_empty());
        let mut v = invoice();
        v["payment"] = json!({"code": "49"});
        assert!(invoice_rule(chorus_iban, v).is_empty());
    }
}

//! BR-49, BR-50, BR-61: payment instructions (BG-16) say how, and a credit
//! transfer says to which account.

use super::support::{blank, block};
use crate::rules::{Diagnostic, Facts};

/// UNTDID 4461 credit transfer (30) and SEPA credit transfer (58).
fn credit_transfer(code: Option<&String>) -> bool {
    code.is_some_and(|c| matches!(c.as_str(), "30" | "58"))
}

pub fn br_49(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // BG-16 is written (and read) only around a payment means or a remittance
    // reference: the means without its code is what this rule catches.
    if inv.payment.as_ref().is_some_and(|p| {
        p.code.is_none() && (p.iban.is_some() || p.text.is_some() || p.bic.is_some())
    }) {
        out.push(block(
            "BR-49",
            "BT-81",
            "Les instructions de paiement (BG-16) doivent indiquer le code du moyen de paiement (BT-81), par exemple 30 (virement) ou 58 (virement SEPA).",
            "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).",
        ));
    }
}

/// A credit transfer's account identifier is blank or absent (BR-50, as the schematron
/// tests `normalize-space(IBANID) != ''`), or absent (BR-61).
pub fn br_50(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(p) = &inv.payment else {
        return;
    };
    if credit_transfer(p.code.as_ref()) && blank(p.iban.as_ref()) {
        out.push(block(
            "BR-50",
            "BT-84",
            "Pour un virement, l'identifiant du compte de paiement (BT-84), l'IBAN, ne doit pas être vide.",
            "A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.",
        ));
    }
}

pub fn br_61(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(p) = &inv.payment else {
        return;
    };
    if credit_transfer(p.code.as_ref()) && p.iban.is_none() {
        out.push(block(
            "BR-61",
            "BT-84",
            "Pour un paiement par virement (code 30 ou 58), la facture doit indiquer le compte à créditer (BT-84) : renseignez l'IBAN du compte bancaire de votre société.",
            "If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{fires, silent};

    #[test]
    fn a_credit_transfer_names_its_account() {
        silent(br_61, |_| {});
        fires(br_61, "BR-61", |inv| {
            inv.payment.as_mut().unwrap().iban = None;
        });
        fires(br_50, "BR-50", |inv| {
            inv.payment.as_mut().unwrap().iban = None;
        });
        fires(br_50, "BR-50", |inv| {
            inv.payment.as_mut().unwrap().iban = Some(" ".into());
        });
        silent(br_61, |inv| {
            let p = inv.payment.as_mut().unwrap();
            p.code = Some("49".into());
            p.iban = None;
        });
    }

    #[test]
    fn payment_means_carry_their_code() {
        silent(br_49, |_| {});
        fires(br_49, "BR-49", |inv| {
            inv.payment.as_mut().unwrap().code = None;
        });
    }
}

//! BR-49, BR-50, BR-61: payment instructions (BG-16) say how, and a credit
//! transfer says to which account. BR-51: a payment card number (BT-87, read from a
//! file only) shows no more than its last digits.

use super::support::{blank, block};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

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

pub fn br_51(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.file.as_ref().is_some_and(|f| f.long_card_numbers > 0) {
        out.push(block(
            "BR-51",
            "BT-87",
            "Le numéro de la carte de paiement (BT-87) ne doit donner que ses 4 à 6 derniers chiffres, jamais le numéro entier (10 caractères au plus).",
            "In accordance with card payments security standards an invoice should never include a full card primary account number (BT-87). At the moment PCI Security Standards Council has defined that the first 6 digits and last 4 digits are the maximum number of digits to be shown.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, silent, silent_on};

    #[test]
    fn a_full_card_number_breaks_br_51() {
        let xml = crate::rules::en16931::fixture::valid_xml();
        let card = |number: &str| {
            // After the means' type code (the first TypeCode past its opening tag).
            let means = xml
                .find("<ram:SpecifiedTradeSettlementPaymentMeans>")
                .unwrap();
            let code =
                means + xml[means..].find("</ram:TypeCode>").unwrap() + "</ram:TypeCode>".len();
            let card = format!("<ram:ApplicableTradeSettlementFinancialCard><ram:ID>{number}</ram:ID></ram:ApplicableTradeSettlementFinancialCard>");
            crate::cii::read(&format!("{}{card}{}", &xml[..code], &xml[code..])).unwrap()
        };
        silent_on(br_51, &file_invoice());
        silent_on(br_51, &card("  1234 5678 "));
        fires_on(br_51, "BR-51", &card("4970101234567890"));
    }

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

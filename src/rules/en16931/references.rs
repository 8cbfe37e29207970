//! BR-52 and BR-55: a supporting document (BG-24, or a line's object identifier) and
//! a preceding invoice reference (BG-3) carry their identifier. The schematron tests
//! `IssuerAssignedID != ''`: a missing or empty one fails, a text of spaces passes.

use super::support::block;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

pub fn br_52(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let count = inv.file.as_ref().map_or(0, |f| f.references_without_id);
    if count > 0 {
        out.push(block(
            "BR-52",
            "BT-122",
            format!("Chaque document justificatif (BG-24) doit avoir sa référence (BT-122) : {count} sans référence dans le fichier."),
            "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).",
        ));
    }
}

pub fn br_55(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.preceding_invoices.iter().any(|p| p.number.is_empty()) {
        out.push(block(
            "BR-55",
            "BT-25",
            "Chaque référence à une facture antérieure (BG-3) doit donner le numéro de cette facture (BT-25).",
            "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PrecedingInvoice;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, silent, silent_on};

    #[test]
    fn a_supporting_document_without_reference_breaks_br_52() {
        let mut inv = file_invoice();
        silent_on(br_52, &inv);
        inv.file.as_mut().unwrap().references_without_id = 2;
        assert!(fires_on(br_52, "BR-52", &inv).message_fr.contains("2 sans"));
    }

    #[test]
    fn a_preceding_invoice_without_number_breaks_br_55() {
        let preceding = |number: &str| PrecedingInvoice {
            number: number.into(),
            issue_date: None,
        };
        silent(br_55, |inv| {
            inv.preceding_invoices = vec![preceding("F-2026-001")]
        });
        silent(br_55, |inv| inv.preceding_invoices = vec![preceding(" ")]);
        fires(br_55, "BR-55", |inv| {
            inv.preceding_invoices = vec![preceding("")]
        });
    }
}

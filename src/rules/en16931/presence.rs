//! BR-01, BR-22, BR-24, BR-26, BR-45..BR-48: figures and codes a file must carry.
//! An invoice written from the form or a JSON always has them (the profile gives
//! BT-24, the model a quantity and a price, the engine computes BT-131 and BG-23);
//! a file read may lack them, and then they are missing: never filled in.

use super::support::{blank, block, file_lines};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

pub fn br_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(file) = &inv.file else {
        return;
    };
    if blank(file.specification_id.as_ref()) {
        out.push(block(
            "BR-01",
            "BT-24",
            "La facture doit avoir un identifiant de spécification (BT-24), le profil Factur-X : le fichier n'en a pas.",
            "An Invoice shall have a Specification identifier (BT-24).",
        ));
    }
}

pub fn br_22(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| !f.quantity) {
        out.push(block(
            "BR-22",
            "BT-129",
            format!("Chaque ligne de facture (BG-25) doit avoir une quantité facturée (BT-129) : absente en {which}."),
            "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).",
        ));
    }
}

pub fn br_24(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |l, _| l.net_amount.is_none()) {
        out.push(block(
            "BR-24",
            "BT-131",
            format!("Chaque ligne de facture (BG-25) doit avoir un montant net (BT-131) : absent en {which}."),
            "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).",
        ));
    }
}

pub fn br_26(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| !f.net_price) {
        out.push(block(
            "BR-26",
            "BT-146",
            format!("Chaque ligne de facture (BG-25) doit avoir un prix unitaire net (BT-146) : absent en {which}."),
            "Each Invoice line (BG-25) shall contain the Item net price (BT-146).",
        ));
    }
}

/// BR-45..BR-48 look at the breakdown as the file declares it; the engine's own
/// breakdown always has every part.
fn file_entries<'a>(inv: &'a Facts) -> &'a [crate::model::VatBreakdown] {
    if inv.from_file() {
        &inv.vat_breakdown
    } else {
        &[]
    }
}

pub fn br_45(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if file_entries(inv).iter().any(|b| b.taxable_amount.is_none()) {
        out.push(block(
            "BR-45",
            "BT-116",
            "Chaque ligne du récapitulatif de TVA (BG-23) doit avoir une base imposable (BT-116) : le fichier en omet une.",
            "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).",
        ));
    }
}

pub fn br_46(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if file_entries(inv).iter().any(|b| b.tax_amount.is_none()) {
        out.push(block(
            "BR-46",
            "BT-117",
            "Chaque ligne du récapitulatif de TVA (BG-23) doit avoir un montant de TVA (BT-117) : le fichier en omet un.",
            "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).",
        ));
    }
}

pub fn br_47(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if file_entries(inv).iter().any(|b| b.category.is_empty()) {
        out.push(block(
            "BR-47",
            "BT-118",
            "Chaque ligne du récapitulatif de TVA (BG-23) doit avoir un code de catégorie de TVA (BT-118).",
            "Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).",
        ));
    }
}

pub fn br_48(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // The schematron compares the code as written: « O » exactly.
    if file_entries(inv)
        .iter()
        .any(|b| b.rate.is_none() && b.category != "O")
    {
        out.push(block(
            "BR-48",
            "BT-119",
            "Chaque ligne du récapitulatif de TVA (BG-23) doit avoir un taux de TVA (BT-119), sauf hors champ de la TVA (catégorie O).",
            "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires_on, run, valid_invoice};

    #[test]
    fn a_file_without_bt_24_breaks_br_01_but_a_written_invoice_cannot() {
        let mut inv = file_invoice();
        assert!(run(br_01, &inv).is_empty());
        if let Some(f) = inv.file.as_mut() {
            f.specification_id = Some(" \n".into());
        }
        fires_on(br_01, "BR-01", &inv);
        assert!(run(br_01, &valid_invoice()).is_empty());
    }

    #[test]
    fn a_file_line_without_quantity_price_or_net_amount_is_named() {
        let mut inv = file_invoice();
        for rule in [br_22, br_24, br_26] {
            assert!(run(rule, &inv).is_empty());
        }
        if let Some(f) = inv.file.as_mut() {
            f.lines[1].quantity = false;
            f.lines[1].net_price = false;
        }
        inv.lines[0].net_amount = None;
        assert!(fires_on(br_22, "BR-22", &inv)
            .message_fr
            .contains("ligne 2"));
        assert!(fires_on(br_26, "BR-26", &inv)
            .message_fr
            .contains("ligne 2"));
        assert!(fires_on(br_24, "BR-24", &inv)
            .message_fr
            .contains("ligne 1"));
        // Written from JSON, the engine computes BT-131: nothing is missing.
        let mut json = valid_invoice();
        json.lines[0].net_amount = None;
        assert!(run(br_24, &json).is_empty());
    }

    #[test]
    fn a_file_breakdown_entry_lacking_an_amount_code_or_rate_is_reported() {
        let mut inv = file_invoice();
        for rule in [br_45, br_46, br_47, br_48] {
            assert!(run(rule, &inv).is_empty());
        }
        inv.vat_breakdown[0].taxable_amount = None;
        inv.vat_breakdown[0].tax_amount = None;
        inv.vat_breakdown[0].rate = None;
        fires_on(br_45, "BR-45", &inv);
        fires_on(br_46, "BR-46", &inv);
        fires_on(br_48, "BR-48", &inv);
        inv.vat_breakdown[0].category = "O".into();
        assert!(run(br_48, &inv).is_empty(), "O carries no rate");
        inv.vat_breakdown[0].category = String::new();
        fires_on(br_47, "BR-47", &inv);
    }
}

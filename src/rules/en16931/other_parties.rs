//! BR-17..BR-20 and BR-56: the parties beside the seller and the buyer. A payee
//! (BG-10, read from a file only) has a name; a seller's tax representative (BG-11),
//! when the invoice names one, has a name, a postal address with its country, and a
//! VAT identifier.

use super::core::empty;
use super::support::{blank, block};
use crate::model::Party;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

fn representative<'a>(inv: &'a Facts) -> Option<&'a Party> {
    inv.tax_representative.as_ref()
}

/// The schematron's test also compares the payee with `../ram:SellerTradeParty`, which
/// is no sibling of `PayeeTradeParty` in CII (the seller sits in the agreement, the
/// payee in the settlement): what it checks, and the engine with it, is the name.
pub fn br_17(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.file.as_ref().is_some_and(|f| f.payee_without_name) {
        out.push(block(
            "BR-17",
            "BT-59",
            "Le bénéficiaire du paiement (BG-10), quand il n'est pas le vendeur, doit avoir un nom (BT-59) : le fichier en donne un sans nom.",
            "The Payee name (BT-59) shall be provided in the Invoice, if the Payee (BG-10) is different from the Seller (BG-4).",
        ));
    }
}

pub fn br_18(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if representative(inv).is_some_and(|r| blank(r.name.as_ref())) {
        out.push(block(
            "BR-18",
            "BT-62",
            "Le représentant fiscal du vendeur (BG-11) doit avoir un nom (BT-62).",
            "The Seller tax representative name (BT-62) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).",
        ));
    }
}

pub fn br_19(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if representative(inv).is_some_and(|r| empty(&r.address)) {
        out.push(block(
            "BR-19",
            "BG-12",
            "Le représentant fiscal du vendeur (BG-11) doit avoir une adresse postale (BG-12).",
            "The Seller tax representative postal address (BG-12) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).",
        ));
    }
}

pub fn br_20(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // The schematron asks the country even when the address itself is missing.
    if representative(inv).is_some_and(|r| blank(r.address.country.as_ref())) {
        out.push(block(
            "BR-20",
            "BT-69",
            "L'adresse du représentant fiscal du vendeur (BG-12) doit comporter le code pays (BT-69).",
            "The Seller tax representative postal address (BG-12) shall contain a Tax representative country code (BT-69), if the Seller (BG-4) has a Seller tax representative party (BG-11).",
        ));
    }
}

pub fn br_56(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // `ID[@schemeID='VA'] != ''`: an empty text fails, a text of spaces passes.
    if representative(inv).is_some_and(|r| r.vat_id.as_deref().is_none_or(str::is_empty)) {
        out.push(block(
            "BR-56",
            "BT-63",
            "Le représentant fiscal du vendeur (BG-11) doit avoir un numéro de TVA (BT-63).",
            "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Invoice};
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, silent, silent_on};

    #[test]
    fn a_payee_without_name_breaks_br_17() {
        let mut inv = file_invoice();
        silent_on(br_17, &inv);
        inv.file.as_mut().unwrap().payee_without_name = true;
        fires_on(br_17, "BR-17", &inv);
    }

    fn represented(inv: &mut Invoice) {
        inv.tax_representative = Some(Party {
            name: Some("Représentation fiscale SARL".into()),
            vat_id: Some("FR32123456789".into()),
            address: Address {
                city: Some("Lyon".into()),
                country: Some("FR".into()),
                ..Address::default()
            },
            ..Party::default()
        });
    }

    fn change(edit: fn(&mut Party)) -> impl FnOnce(&mut Invoice) {
        move |inv| {
            represented(inv);
            if let Some(r) = inv.tax_representative.as_mut() {
                edit(r);
            }
        }
    }

    #[test]
    fn a_complete_tax_representative_or_none_passes() {
        for rule in [br_18, br_19, br_20, br_56] {
            silent(rule, |_| {});
            silent(rule, represented);
        }
    }

    #[test]
    fn a_tax_representative_without_name_breaks_br_18() {
        fires(br_18, "BR-18", change(|r| r.name = Some(" ".into())));
    }

    #[test]
    fn a_tax_representative_without_address_breaks_br_19_and_br_20() {
        fires(br_19, "BR-19", change(|r| r.address = Address::default()));
        fires(br_20, "BR-20", change(|r| r.address = Address::default()));
        silent(br_19, change(|r| r.address.country = None));
        fires(br_20, "BR-20", change(|r| r.address.country = None));
    }

    #[test]
    fn a_tax_representative_without_vat_id_breaks_br_56() {
        fires(br_56, "BR-56", change(|r| r.vat_id = None));
        fires(br_56, "BR-56", change(|r| r.vat_id = Some(String::new())));
    }
}

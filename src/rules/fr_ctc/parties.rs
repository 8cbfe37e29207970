//! BR-FR-10..13, 21..23, 25, 32: seller and buyer as the reform identifies them —
//! SIREN (BT-30/BT-47, scheme 0002) and electronic address (BT-34/BT-49).

use super::support::{block, is_b2b, nine_digits, SELF_BILLED};
use crate::model::fr_ctc::{self, DIRECTORY_SCHEME, SIRENE_SCHEME};
use crate::model::Party;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// The written SIREN: the legal identifier under scheme 0002.
fn siren(p: &Party) -> Option<&str> {
    fr_ctc::legal_id(p).and_then(|(id, scheme)| (scheme == Some(SIRENE_SCHEME)).then_some(id))
}

/// Seller and buyer with their terms: (party, legal id BT, address BT, French, English).
type PartyTerms<'a> = (
    &'a Party,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn parties<'a>(inv: &'a Facts) -> [PartyTerms<'a>; 2] {
    [
        (&inv.seller, "BT-30", "BT-34", "du vendeur", "seller"),
        (&inv.buyer, "BT-47", "BT-49", "de l'acheteur", "buyer"),
    ]
}

pub fn br_fr_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let found = siren(&inv.seller);
    if found.is_some_and(nine_digits) {
        return;
    }
    let shown = found.unwrap_or_default();
    out.push(block(
        "BR-FR-10",
        "BT-30",
        format!("BR-FR-10/BT-30 : Le SIREN du vendeur (ram:ID) est obligatoire et doit être composé exactement de 9 chiffres. Valeur actuelle : « {shown} ». Veuillez renseigner un identifiant SIREN valide (le SIRET de la société en donne les 9 premiers chiffres)."),
        format!("BR-FR-10/BT-30: the seller's SIREN is mandatory and must be exactly 9 digits. Current value: « {shown} ». Enter a valid SIREN (the company's SIRET gives its first 9 digits)."),
    ));
}

pub fn br_fr_11(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // No normalize-space here in the schematron: the value must be the 9 digits alone.
    let found = siren(&inv.buyer);
    let ok = found.is_some_and(|s| s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()));
    if is_b2b(inv) && !ok {
        let shown = found.unwrap_or_default();
        out.push(block(
            "BR-FR-11",
            "BT-47",
            format!("BR-FR-11/BT-47 : Si une note contient le code sujet BAR avec la valeur 'B2B', alors le SIREN de l'acheteur (BT-47, ram:ID) est obligatoire et doit être composé exactement de 9 chiffres. Valeur actuelle : « {shown} ». Renseignez le SIRET ou le SIREN du client."),
            format!("BR-FR-11/BT-47: on a B2B invoice (note BAR = B2B) the buyer's SIREN is mandatory and must be exactly 9 digits. Current value: « {shown} ». Enter the customer's SIRET or SIREN."),
        ));
    }
}

fn address_present(inv: &Facts, buyer: bool, out: &mut Vec<Diagnostic>) {
    let (p, _, bt, fr, en) = parties(inv)[usize::from(buyer)];
    let value = fr_ctc::electronic_address(p).map(|(_, v)| v);
    if value.is_none_or(str::is_empty) {
        let rule = if buyer { "BR-FR-12" } else { "BR-FR-13" };
        out.push(block(
            rule,
            bt,
            format!("{rule}/{bt} : Le {bt} (adresse électronique {fr}) est obligatoire. Renseignez son SIREN ou son adresse de facturation électronique."),
            format!("{rule}/{bt}: {bt} (the {en}'s electronic address) is mandatory. Enter its SIREN or its e-invoicing address."),
        ));
    }
}

pub fn br_fr_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    address_present(inv, true, out);
}

pub fn br_fr_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    address_present(inv, false, out);
}

/// BR-FR-21 (buyer, other documents) and BR-FR-22 (seller, self-billing): on a B2B
/// invoice the receiver's address is in the directory (0225) and starts with its SIREN.
fn directory_address(inv: &Facts, buyer: bool, out: &mut Vec<Diagnostic>) {
    let self_billed = SELF_BILLED.contains(&inv.type_code.as_str());
    if !is_b2b(inv) || self_billed == buyer {
        return;
    }
    let (p, _, bt, fr, en) = parties(inv)[usize::from(buyer)];
    // Any scheme here: the schematron reads SpecifiedLegalOrganization/ID as is.
    let id = fr_ctc::legal_id(p).map(|(id, _)| id).unwrap_or_default();
    let (scheme, value) = fr_ctc::electronic_address(p).unwrap_or_default();
    if value.starts_with(id) && scheme == DIRECTORY_SCHEME {
        return;
    }
    let (rule, kind_fr, kind_en) = if buyer {
        ("BR-FR-21", "n'est pas en autofacture", "is not self-billed")
    } else {
        ("BR-FR-22", "est en autofacture", "is self-billed")
    };
    out.push(block(
        rule,
        bt,
        format!("{rule}/{bt} : Si le traitement est BAR/B2B et que le type de document (BT-3) {kind_fr}, alors le {bt} (adresse électronique {fr}) doit commencer par son SIREN et son schéma doit être égal à « 0225 ». Valeurs actuelles : adresse « {value} », schéma « {scheme} », SIREN « {id} »."),
        format!("{rule}/{bt}: on a B2B invoice whose type (BT-3) {kind_en}, {bt} (the {en}'s electronic address) must start with its SIREN under scheme « 0225 ». Current: address « {value} », scheme « {scheme} », SIREN « {id} »."),
    ));
}

pub fn br_fr_21(inv: &Facts, out: &mut Vec<Diagnostic>) {
    directory_address(inv, true, out);
}

pub fn br_fr_22(inv: &Facts, out: &mut Vec<Diagnostic>) {
    directory_address(inv, false, out);
}

pub fn br_fr_23(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (p, _, bt, _, _) in parties(inv) {
        let Some((scheme, value)) = fr_ctc::electronic_address(p) else {
            continue;
        };
        let ok = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'_' | b'.'));
        if scheme == DIRECTORY_SCHEME && !ok {
            out.push(block(
                "BR-FR-23",
                bt,
                format!("BR-FR-23/{bt} : L'adresse électronique (ram:URIID) ne respecte pas le format autorisé. Valeur actuelle : « {value} ». Seuls les caractères alphanumériques et les symboles \"-\", \"_\", \".\" sont autorisés."),
                format!("BR-FR-23/{bt}: the electronic address does not have the allowed format. Current value: « {value} ». Only letters, digits and \"-\", \"_\", \".\" are allowed."),
            ));
        }
    }
}

pub fn br_fr_25(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (p, _, bt, _, _) in parties(inv) {
        let Some((_, value)) = fr_ctc::electronic_address(p) else {
            continue;
        };
        let length = value.chars().count();
        if length > 125 {
            out.push(block(
                "BR-FR-25",
                bt,
                format!("BR-FR-25/{bt} : L'adresse électronique (ram:URIID) dépasse 125 caractères ({length}). Valeur actuelle : « {value} ». Veuillez raccourcir cette valeur pour respecter la limite."),
                format!("BR-FR-25/{bt}: the electronic address is longer than 125 characters ({length}). Current value: « {value} »."),
            ));
        }
    }
}

/// Every party's legal id under 0002, the tax representative's (BT-63's party) too:
/// the schematron matches any SpecifiedLegalOrganization.
pub fn br_fr_32(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let representative = inv.tax_representative.as_ref().map(|p| {
        (
            p,
            "BG-11",
            "",
            "du représentant fiscal du vendeur",
            "seller's tax representative",
        )
    });
    for (p, bt, _, fr, en) in parties(inv).into_iter().chain(representative) {
        let Some(id) = siren(p) else { continue };
        if !nine_digits(id) {
            out.push(block(
                "BR-FR-32",
                bt,
                format!("BR-FR-32/LEGALID : Tout identifiant légal d'une Partie avec schemeID = '0002' DOIT être composé de 9 chiffres : celui {fr} vaut « {id} » (un SIRET se donne avec ses 9 premiers chiffres, le SIREN)."),
                format!("BR-FR-32/LEGALID: a party's legal identifier under scheme '0002' MUST be 9 digits: the {en}'s is « {id} » (a SIRET is given by its first 9 digits, the SIREN)."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{fires, note, silent, valid};
    use super::*;
    use crate::model::ElectronicAddress;

    fn address(scheme: &str, value: &str) -> Option<ElectronicAddress> {
        Some(ElectronicAddress {
            scheme: scheme.into(),
            value: value.into(),
        })
    }

    #[test]
    fn br_fr_10_the_seller_siren() {
        let mut broken = valid();
        broken.seller.siren = None;
        fires(br_fr_10, "BR-FR-10", &broken);
        broken.seller.legal_id_scheme = Some("0009".into());
        fires(br_fr_10, "BR-FR-10", &broken);
        let mut ok = valid();
        ok.seller.siren = None;
        ok.seller.legal_id = Some("356000000".into());
        silent(br_fr_10, &ok);
    }

    #[test]
    fn br_fr_11_the_buyer_siren_on_b2b() {
        let mut broken = valid();
        broken.buyer.siren = None;
        broken.buyer.legal_id = None;
        fires(br_fr_11, "BR-FR-11", &broken);
        broken.buyer.siren = Some("55210055".into());
        fires(br_fr_11, "BR-FR-11", &broken);
        let mut ok = broken.clone();
        ok.subject_notes.retain(|n| n.subject_code != "BAR");
        silent(br_fr_11, &ok);
    }

    #[test]
    fn br_fr_12_and_13_both_electronic_addresses() {
        let mut broken = valid();
        broken.buyer.siren = None;
        fires(br_fr_12, "BR-FR-12", &broken);
        broken.buyer.electronic_address = address("0225", "");
        fires(br_fr_12, "BR-FR-12", &broken);
        let mut seller = valid();
        seller.seller.siren = None;
        fires(br_fr_13, "BR-FR-13", &seller);
        let mut ok = valid();
        ok.buyer.siren = None;
        ok.buyer.electronic_address = address("EM", "compta@client.fr");
        ok.seller.siren = None;
        ok.seller.electronic_address = address("0225", "356000000");
        silent(br_fr_12, &ok);
        silent(br_fr_13, &ok);
    }

    #[test]
    fn br_fr_21_the_buyer_address_starts_with_its_siren() {
        let mut broken = valid();
        broken.buyer.electronic_address = address("EM", "compta@client.fr");
        fires(br_fr_21, "BR-FR-21", &broken);
        broken.buyer.electronic_address = address("0225", "356000000_X");
        fires(br_fr_21, "BR-FR-21", &broken);
        let mut ok = valid();
        ok.buyer.electronic_address = address("0225", "552100554_COMPTA");
        silent(br_fr_21, &ok);
        ok.type_code = "389".into();
        ok.buyer.electronic_address = address("EM", "compta@client.fr");
        silent(br_fr_21, &ok);
    }

    #[test]
    fn br_fr_22_the_seller_address_on_self_billing() {
        let mut broken = valid();
        broken.type_code = "389".into();
        broken.seller.electronic_address = address("EM", "factures@dupont.fr");
        fires(br_fr_22, "BR-FR-22", &broken);
        broken.seller.electronic_address = address("0225", "552100554");
        fires(br_fr_22, "BR-FR-22", &broken);
        let mut ok = valid();
        ok.seller.electronic_address = address("EM", "factures@dupont.fr");
        silent(br_fr_22, &ok);
    }

    #[test]
    fn br_fr_23_directory_addresses_of_plain_characters() {
        let mut broken = valid();
        broken.seller.electronic_address = address("0225", "356000000 FACTURES");
        fires(br_fr_23, "BR-FR-23", &broken);
        broken.seller.electronic_address = address("0225", "356000000/FA");
        fires(br_fr_23, "BR-FR-23", &broken);
        let mut ok = valid();
        ok.seller.electronic_address = address("0225", "356000000_FA.2026-x");
        ok.buyer.electronic_address = address("EM", "compta@client.fr");
        silent(br_fr_23, &ok);
    }

    #[test]
    fn br_fr_25_addresses_of_at_most_125_characters() {
        let mut broken = valid();
        broken.buyer.electronic_address = address("EM", &format!("{}@x.fr", "a".repeat(121)));
        fires(br_fr_25, "BR-FR-25", &broken);
        broken.buyer.electronic_address = address("0225", &format!("552100554{}", "A".repeat(117)));
        fires(br_fr_25, "BR-FR-25", &broken);
        let mut ok = valid();
        ok.buyer.electronic_address = address("0225", &format!("552100554{}", "A".repeat(116)));
        silent(br_fr_25, &ok);
    }

    #[test]
    fn br_fr_32_legal_ids_under_0002_are_sirens() {
        let mut broken = valid();
        broken.buyer.siren = None;
        fires(br_fr_32, "BR-FR-32", &broken);
        broken = valid();
        broken.seller.siren = Some("ABC".into());
        fires(br_fr_32, "BR-FR-32", &broken);
        broken = valid();
        let mut representative = broken.seller.clone();
        representative.siren = Some("1234 5678".into());
        broken.tax_representative = Some(representative);
        fires(br_fr_32, "BR-FR-32", &broken);
        let mut ok = valid();
        ok.buyer.siren = None;
        ok.buyer.legal_id_scheme = Some("0009".into());
        ok.subject_notes.push(note("TXD", "x"));
        ok.tax_representative = Some(ok.seller.clone());
        silent(br_fr_32, &ok);
    }
}

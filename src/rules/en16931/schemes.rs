//! BR-62..BR-65: identifiers that need their scheme. An electronic address (BT-34,
//! BT-49) names its scheme (EAS); an item's standard identifier (BT-157) and its
//! classification code (BT-158) name theirs. Item identifiers are not in the model:
//! only a file carries them (`LineFacts`).

use super::support::{block, file_lines, is_blank};
use crate::model::Party;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// `normalize-space(URIID/@schemeID) != ''` when the party has an electronic address.
fn address_without_scheme(party: &Party) -> bool {
    party
        .electronic_address
        .as_ref()
        .is_some_and(|a| is_blank(&a.scheme))
}

pub fn br_62(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if address_without_scheme(&inv.seller) {
        out.push(block(
            "BR-62",
            "BT-34",
            "L'adresse électronique du vendeur (BT-34) doit indiquer son schéma d'identification (BT-34-1), par exemple EM pour une adresse e-mail ou 0225 pour l'annuaire français.",
            "The Seller electronic address (BT-34) shall have a Scheme identifier.",
        ));
    }
}

pub fn br_63(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if address_without_scheme(&inv.buyer) {
        out.push(block(
            "BR-63",
            "BT-49",
            "L'adresse électronique de l'acheteur (BT-49) doit indiquer son schéma d'identification (BT-49-1), par exemple EM pour une adresse e-mail ou 0225 pour l'annuaire français.",
            "The Buyer electronic address (BT-49) shall have a Scheme identifier.",
        ));
    }
}

pub fn br_64(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| f.standard_id_without_scheme) {
        out.push(block(
            "BR-64",
            "BT-157",
            format!("L'identifiant standard de l'article (BT-157) doit indiquer son schéma (BT-157-1), par exemple 0160 pour un GTIN : absent en {which}."),
            "The Item standard identifier (BT-157) shall have a Scheme identifier.",
        ));
    }
}

pub fn br_65(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = file_lines(inv, |_, f| f.classification_without_list) {
        out.push(block(
            "BR-65",
            "BT-158",
            format!("Le code de classification de l'article (BT-158) doit indiquer sa liste (BT-158-1) : absente en {which}."),
            "The Item classification identifier (BT-158) shall have a Scheme identifier.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ElectronicAddress;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, silent, silent_on};

    fn address(scheme: &str) -> Option<ElectronicAddress> {
        Some(ElectronicAddress {
            scheme: scheme.into(),
            value: "factures@example.fr".into(),
        })
    }

    #[test]
    fn an_electronic_address_without_scheme_breaks_br_62_or_br_63() {
        silent(br_62, |inv| inv.seller.electronic_address = address("EM"));
        silent(br_63, |inv| inv.buyer.electronic_address = None);
        fires(br_62, "BR-62", |inv| {
            inv.seller.electronic_address = address(" ")
        });
        fires(br_63, "BR-63", |inv| {
            inv.buyer.electronic_address = address("")
        });
    }

    #[test]
    fn the_reader_sees_an_electronic_address_without_its_uriid() {
        let xml = crate::rules::en16931::fixture::valid_xml();
        let seller = "<ram:SellerTradeParty>";
        let with = |inner: &str| {
            crate::cii::read(&xml.replacen(seller, &format!("{seller}{inner}"), 1)).unwrap()
        };
        let mut out = Vec::new();
        br_62(&Facts::new(&with("")), &mut out);
        assert!(out.is_empty(), "{out:?}");
        br_62(
            &Facts::new(&with(
                r#"<ram:URIUniversalCommunication><ram:URIID schemeID="EM">f@example.fr</ram:URIID></ram:URIUniversalCommunication>"#,
            )),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        br_62(
            &Facts::new(&with("<ram:URIUniversalCommunication/>")),
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, "BR-62");
    }

    #[test]
    fn an_item_identifier_without_scheme_breaks_br_64_or_br_65() {
        let mut inv = file_invoice();
        silent_on(br_64, &inv);
        silent_on(br_65, &inv);
        let file = inv.file.as_mut().unwrap();
        file.lines[0].standard_id_without_scheme = true;
        file.lines[1].classification_without_list = true;
        assert!(fires_on(br_64, "BR-64", &inv)
            .message_fr
            .contains("ligne 1"));
        assert!(fires_on(br_65, "BR-65", &inv)
            .message_fr
            .contains("ligne 2"));
    }

    #[test]
    fn the_reader_sees_item_identifiers_without_scheme() {
        let xml = crate::rules::en16931::fixture::valid_xml();
        let product = "<ram:SpecifiedTradeProduct>";
        let with = |inner: &str| {
            crate::cii::read(&xml.replacen(product, &format!("{product}{inner}"), 1)).unwrap()
        };
        let lacks = |inv: &crate::model::Invoice| {
            let f = &inv.file.as_ref().unwrap().lines[0];
            (f.standard_id_without_scheme, f.classification_without_list)
        };
        assert_eq!(lacks(&with("")), (false, false));
        assert_eq!(
            lacks(&with(
                r#"<ram:GlobalID schemeID="0160">4000001123452</ram:GlobalID>"#
            )),
            (false, false)
        );
        assert_eq!(
            lacks(&with("<ram:GlobalID>4000001123452</ram:GlobalID>")),
            (true, false)
        );
        assert_eq!(
            lacks(&with(
                "<ram:DesignatedProductClassification><ram:ClassCode>1234</ram:ClassCode></ram:DesignatedProductClassification>"
            )),
            (false, true)
        );
    }
}

//! BR-AF-01..BR-AF-10: the Canary Islands' general indirect tax (« IGIC ») (category L). Not French invoices, but
//! EN 16931 rules all the same; the logic is the standard rate's (`rated`).

use super::rated::{self, positive, Family};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

const L: Family = Family {
    code: "L",
    ids: [
        "BR-AF-01",
        "BR-AF-02",
        "BR-AF-03",
        "BR-AF-04",
        "BR-AF-05",
        "BR-AF-06",
        "BR-AF-07",
        "BR-AF-08",
        "BR-AF-09",
        "BR-AF-10",
    ],
    rate_ok: positive,
    fr: [
        "La facture comporte des lignes, remises ou frais à l'IGIC des îles Canaries (catégorie L) : le récapitulatif de TVA (BG-23) doit contenir au moins une ligne de catégorie L.",
        "Une facture avec des lignes à l'IGIC des îles Canaries (catégorie L) doit indiquer le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une facture avec une remise globale à l'IGIC des îles Canaries (catégorie L) doit indiquer le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une facture avec des frais globaux à l'IGIC des îles Canaries (catégorie L) doit indiquer le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une ligne à l'IGIC des îles Canaries (catégorie L) doit avoir un taux (BT-152) supérieur à zéro ({lines}).",
        "Une remise globale à l'IGIC des îles Canaries (catégorie L) doit avoir un taux (BT-96) supérieur à zéro.",
        "Des frais globaux à l'IGIC des îles Canaries (catégorie L) doivent avoir un taux (BT-103) supérieur à zéro.",
        "Pour chaque taux IGIC, la base du récapitulatif de TVA (BT-116) doit égaler la somme des lignes à ce taux, plus les frais, moins les remises ({detail}).",
        "Le montant d'impôt du récapitulatif IGIC (BT-117) doit égaler la base (BT-116) multipliée par le taux (BT-119) ; écart au taux {rates}.",
        "Une ligne du récapitulatif de TVA à l'IGIC des îles Canaries (catégorie L) ne doit pas porter de motif d'exonération (BT-120 ou BT-121).",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"IGIC\" shall contain in the VAT breakdown (BG-23) at least one VAT category code (BT-118) equal with \"IGIC\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"IGIC\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"IGIC\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"IGIC\" shall contain the Seller VAT Identifier (BT-31), the Seller Tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"IGIC\" the invoiced item VAT rate (BT-152) shall be greater than 0 (zero).",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"IGIC\" the Document level allowance VAT rate (BT-96) shall be 0 (zero) or greater than zero.",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"IGIC\" the Document level charge VAT rate (BT-103) shall be 0 (zero) or greater than zero.",
        "For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is \"IGIC\", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is \"IGIC\" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is \"IGIC\" shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \"IGIC\" shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).",
    ],
};

pub fn br_af_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_01(&L, inv, out);
}

pub fn br_af_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_02(&L, inv, out);
}

pub fn br_af_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_03(&L, inv, out);
}

pub fn br_af_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_04(&L, inv, out);
}

pub fn br_af_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_05(&L, inv, out);
}

pub fn br_af_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_06(&L, inv, out);
}

pub fn br_af_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_07(&L, inv, out);
}

pub fn br_af_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_08(&L, inv, out);
}

pub fn br_af_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_09(&L, inv, out);
}

pub fn br_af_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_10(&L, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_silent_on_a_conformant_l_invoice_and_fires_on_what_it_forbids() {
        rated::testing::check_family(
            "L",
            [
                br_af_01, br_af_02, br_af_03, br_af_04, br_af_05, br_af_06, br_af_07, br_af_08,
                br_af_09, br_af_10,
            ],
            L.ids,
            "0",
            "3",
        );
    }
}

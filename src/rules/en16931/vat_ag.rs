//! BR-AG-01..BR-AG-10: Ceuta and Melilla's tax on production, services and imports (« IPSI ») (category M). Not French invoices, but
//! EN 16931 rules all the same; the logic is the standard rate's (`rated`).

use super::rated::{self, not_negative, Family};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

const M: Family = Family {
    code: "M",
    ids: [
        "BR-AG-01",
        "BR-AG-02",
        "BR-AG-03",
        "BR-AG-04",
        "BR-AG-05",
        "BR-AG-06",
        "BR-AG-07",
        "BR-AG-08",
        "BR-AG-09",
        "BR-AG-10",
    ],
    rate_ok: not_negative,
    fr: [
        "La facture comporte des lignes, remises ou frais à l'IPSI de Ceuta et Melilla (catégorie M) : le récapitulatif de TVA (BG-23) doit contenir au moins une ligne de catégorie M.",
        "Une facture avec des lignes à l'IPSI de Ceuta et Melilla (catégorie M) doit indiquer le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une facture avec une remise globale à l'IPSI de Ceuta et Melilla (catégorie M) doit indiquer le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une facture avec des frais globaux à l'IPSI de Ceuta et Melilla (catégorie M) doit indiquer le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une ligne à l'IPSI de Ceuta et Melilla (catégorie M) doit avoir un taux (BT-152) positif ou nul ({lines}).",
        "Une remise globale à l'IPSI de Ceuta et Melilla (catégorie M) doit avoir un taux (BT-96) positif ou nul.",
        "Des frais globaux à l'IPSI de Ceuta et Melilla (catégorie M) doivent avoir un taux (BT-103) positif ou nul.",
        "Pour chaque taux IPSI, la base du récapitulatif de TVA (BT-116) doit égaler la somme des lignes à ce taux, plus les frais, moins les remises ({detail}).",
        "Le montant d'impôt du récapitulatif IPSI (BT-117) doit égaler la base (BT-116) multipliée par le taux (BT-119) ; écart au taux {rates}.",
        "Une ligne du récapitulatif de TVA à l'IPSI de Ceuta et Melilla (catégorie M) ne doit pas porter de motif d'exonération (BT-120 ou BT-121).",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"IPSI\" shall contain in the VAT breakdown (BG-23) at least one VAT category code (BT-118) equal with \"IPSI\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"IPSI\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"IPSI\" shall contain the Seller VAT Identifier (BT-31), the Seller Tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"IPSI\" shall contain the Seller VAT Identifier (BT-31), the Seller Tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"IPSI\" the Invoiced item VAT rate (BT-152) shall be 0 (zero) or greater than zero.",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"IPSI\" the Document level allowance VAT rate (BT-96) shall be 0 (zero) or greater than zero.",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"IPSI\" the Document level charge VAT rate (BT-103) shall be 0 (zero) or greater than zero.",
        "For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is \"IPSI\", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is \"IPSI\" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is \"IPSI\" shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \"IPSI\" shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).",
    ],
};

pub fn br_ag_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_01(&M, inv, out);
}

pub fn br_ag_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_02(&M, inv, out);
}

pub fn br_ag_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_03(&M, inv, out);
}

pub fn br_ag_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_04(&M, inv, out);
}

pub fn br_ag_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_05(&M, inv, out);
}

pub fn br_ag_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_06(&M, inv, out);
}

pub fn br_ag_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_07(&M, inv, out);
}

pub fn br_ag_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_08(&M, inv, out);
}

pub fn br_ag_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_09(&M, inv, out);
}

pub fn br_ag_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_10(&M, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_silent_on_a_conformant_m_invoice_and_fires_on_what_it_forbids() {
        rated::testing::check_family(
            "M",
            [
                br_ag_01, br_ag_02, br_ag_03, br_ag_04, br_ag_05, br_ag_06, br_ag_07, br_ag_08,
                br_ag_09, br_ag_10,
            ],
            M.ids,
            "-1",
            "0",
        );
    }
}

//! BR-AF-01..BR-AF-10: the Canary Islands' general indirect tax (« IGIC ») (category L). Not French invoices, but
//! EN 16931 rules all the same; the logic is the standard rate's (`rated`).

use super::rated::{self, positive, Family};
use crate::rules::{Diagnostic, Facts};

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
    use crate::model::{Invoice, VatBreakdown};
    use crate::rules::en16931::fixture::{d, fires_on, run, valid_invoice};

    /// The fixture's invoice with every line, allowance and charge in category L
    /// at 7 %, its breakdown one entry of L (taxable 350.50, tax 24.54).
    fn taxed() -> Invoice {
        let mut inv = valid_invoice();
        for l in &mut inv.lines {
            l.vat_category = "L".into();
            l.vat_rate = Some(d("7"));
        }
        for a in inv.allowances.iter_mut().chain(&mut inv.charges) {
            a.vat_category = "L".into();
            a.vat_rate = Some(d("7"));
        }
        let base = inv
            .lines
            .iter()
            .map(|l| l.net_amount.unwrap_or_default())
            .sum::<rust_decimal::Decimal>()
            + inv
                .charges
                .iter()
                .map(|c| c.amount)
                .sum::<rust_decimal::Decimal>()
            - inv
                .allowances
                .iter()
                .map(|a| a.amount)
                .sum::<rust_decimal::Decimal>();
        inv.vat_breakdown = vec![VatBreakdown {
            category: "L".into(),
            rate: Some(d("7")),
            taxable_amount: Some(base),
            tax_amount: Some((base * d("0.07")).round_dp(2)),
            exemption_reason: None,
            exemption_reason_code: None,
        }];
        inv.totals = None;
        inv
    }

    const RULES: [fn(&Facts, &mut Vec<Diagnostic>); 10] = [
        br_af_01, br_af_02, br_af_03, br_af_04, br_af_05, br_af_06, br_af_07, br_af_08, br_af_09,
        br_af_10,
    ];

    #[test]
    fn a_conformant_invoice_in_l_breaks_none() {
        let inv = taxed();
        for rule in RULES {
            assert!(run(rule, &inv).is_empty(), "{:?}", run(rule, &inv));
        }
    }

    #[test]
    fn each_rule_fires_on_what_it_forbids() {
        let mut inv = taxed();
        inv.vat_breakdown[0].category = "S".into();
        fires_on(br_af_01, "BR-AF-01", &inv);
        let mut inv = taxed();
        inv.seller.vat_id = None;
        fires_on(br_af_02, "BR-AF-02", &inv);
        fires_on(br_af_03, "BR-AF-03", &inv);
        fires_on(br_af_04, "BR-AF-04", &inv);
        let mut inv = taxed();
        inv.lines[1].vat_rate = Some(d("0"));
        assert!(fires_on(br_af_05, "BR-AF-05", &inv)
            .message_fr
            .contains("ligne 2"));
        inv.allowances[0].vat_rate = None;
        fires_on(br_af_06, "BR-AF-06", &inv);
        inv.charges[0].vat_rate = Some(d("0"));
        fires_on(br_af_07, "BR-AF-07", &inv);
        let mut inv = taxed();
        inv.vat_breakdown[0].taxable_amount = Some(d("1.00"));
        fires_on(br_af_08, "BR-AF-08", &inv);
        let mut inv = taxed();
        inv.vat_breakdown[0].tax_amount = Some(d("99.00"));
        fires_on(br_af_09, "BR-AF-09", &inv);
        let mut inv = taxed();
        inv.vat_breakdown[0].exemption_reason = Some("Exonération".into());
        fires_on(br_af_10, "BR-AF-10", &inv);
    }

    #[test]
    fn the_rate_l_allows() {
        let mut inv = taxed();
        inv.lines[1].vat_rate = Some(d("3"));
        assert!(run(br_af_05, &inv).is_empty());
    }
}

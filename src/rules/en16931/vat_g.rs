//! BR-G-01..BR-G-10: export outside the EU (« exportation hors UE », category G). The
//! logic is shared with the other categories without VAT (`untaxed`); an export asks
//! the seller's VAT identifier or its representative's (a tax registration is not
//! enough).

use super::category::seller_vat_or_representative_missing;
use super::untaxed::{self, not_zero_rate, Basis, Family, Reason};
use crate::model::Invoice;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

fn seller_missing(inv: &Invoice) -> Option<(&'static str, &'static str)> {
    seller_vat_or_representative_missing(inv).then_some(("BT-31", ""))
}

const G: Family = Family {
    code: "G",
    ids: [
        "BR-G-01", "BR-G-02", "BR-G-03", "BR-G-04", "BR-G-05", "BR-G-06", "BR-G-07", "BR-G-08",
        "BR-G-09", "BR-G-10",
    ],
    parties: seller_missing,
    rate_wrong: not_zero_rate,
    basis: Basis::WithinOne,
    reason: Reason::Required,
    unused_fr: "",
    fr: [
        "Une facture avec des lignes, remises ou frais à l'export hors UE (catégorie G) doit avoir exactement une ligne de catégorie G dans le récapitulatif de TVA (BG-23), et seulement dans ce cas ; elle en a {count}.",
        "Une facture avec des lignes à l'export hors UE (catégorie G) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31) ou celui de son représentant fiscal (BT-63).",
        "Une facture avec une remise globale à l'export hors UE (catégorie G) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31) ou celui de son représentant fiscal (BT-63).",
        "Une facture avec des frais globaux à l'export hors UE (catégorie G) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31) ou celui de son représentant fiscal (BT-63).",
        "Une ligne à l'export hors UE (catégorie G) doit avoir un taux de TVA (BT-152) de 0 ({lines}).",
        "Une remise globale à l'export hors UE (catégorie G) doit avoir un taux de TVA (BT-96) de 0.",
        "Des frais globaux à l'export hors UE (catégorie G) doivent avoir un taux de TVA (BT-103) de 0.",
        "La base HT à l'export hors UE du récapitulatif de TVA (BT-116) doit égaler la somme des lignes de catégorie G, moins les remises, plus les frais : {detail}.",
        "Le montant de TVA à l'export hors UE (catégorie G, BT-117) doit être 0, et non {amounts}.",
        "Une base à l'export hors UE (catégorie G) doit donner le motif d'exonération : texte (BT-120) « Exportation hors UE » ou code (BT-121) VATEX-EU-G.",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Export outside the EU\" shall contain in the VAT breakdown (BG-23) exactly one VAT category code (BT-118) equal with \"Export outside the EU\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Export outside the EU\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Export outside the EU\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Export outside the EU\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Export outside the EU\" the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Export outside the EU\" the Document level allowance VAT rate (BT-96) shall be 0 (zero).",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Export outside the EU\" the Document level charge VAT rate (BT-103) shall be 0 (zero).",
        "In a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Export outside the EU\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Export outside the EU\".",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Export outside the EU\" shall be 0 (zero).",
        "A VAT Breakdown (BG-23) with the VAT Category code (BT-118) \"Export outside the EU\" shall have a VAT exemption reason code (BT-121), meaning \"Export outside the EU\" or the VAT exemption reason text (BT-120) \"Export outside the EU\" (or the equivalent standard text in another language).",
    ],
};

pub fn br_g_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_01(&G, inv, out);
}

pub fn br_g_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_02(&G, inv, out);
}

pub fn br_g_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_03(&G, inv, out);
}

pub fn br_g_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_04(&G, inv, out);
}

pub fn br_g_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_05(&G, inv, out);
}

pub fn br_g_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_06(&G, inv, out);
}

pub fn br_g_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_07(&G, inv, out);
}

pub fn br_g_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_08(&G, inv, out);
}

pub fn br_g_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_09(&G, inv, out);
}

pub fn br_g_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_10(&G, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Invoice, VatBreakdown};
    use crate::rules::en16931::fixture::{d, fires_on, line, run, valid_json_invoice};

    /// An export invoice: one G line, no allowance or charge, completed.
    pub fn export() -> Invoice {
        let mut inv = valid_json_invoice();
        inv.allowances.clear();
        inv.charges.clear();
        inv.lines = vec![line("1", "2", "100.00", "G", Some("0"))];
        inv.vat_breakdown = vec![VatBreakdown {
            category: "G".into(),
            rate: Some(d("0")),
            taxable_amount: None,
            tax_amount: None,
            exemption_reason: Some("Exportation hors UE".into()),
            exemption_reason_code: Some("VATEX-EU-G".into()),
        }];
        inv.completed()
    }

    const RULES: &[crate::rules::rule::InvoiceRule] = &[
        br_g_01, br_g_02, br_g_03, br_g_04, br_g_05, br_g_06, br_g_07, br_g_08, br_g_09, br_g_10,
    ];

    #[test]
    fn a_conformant_export_invoice_passes_the_g_rules() {
        for rule in RULES {
            assert!(run(*rule, &export()).is_empty());
        }
    }

    #[test]
    fn each_g_rule_fires_on_what_it_forbids() {
        let mut inv = export();
        inv.vat_breakdown.push(inv.vat_breakdown[0].clone());
        fires_on(br_g_01, "BR-G-01", &inv);
        let mut inv = export();
        inv.seller.vat_id = None;
        fires_on(br_g_02, "BR-G-02", &inv);
        inv.seller.tax_registration_id = Some("FC-1".into());
        fires_on(br_g_02, "BR-G-02", &inv);
        let mut inv = export();
        inv.lines[0].vat_rate = Some(d("20"));
        fires_on(br_g_05, "BR-G-05", &inv);
        let mut inv = export();
        inv.vat_breakdown[0].taxable_amount = Some(d("150.00"));
        fires_on(br_g_08, "BR-G-08", &inv);
        // A difference strictly below 1.00 is tolerated, 1.00 either way is not.
        for (basis, fires) in [
            ("200.99", false),
            ("199.01", false),
            ("201.00", true),
            ("199.00", true),
        ] {
            let mut inv = export();
            inv.vat_breakdown[0].taxable_amount = Some(d(basis));
            assert_eq!(run(br_g_08, &inv).len(), usize::from(fires), "{basis}");
        }
        let mut inv = export();
        inv.vat_breakdown[0].tax_amount = Some(d("40.00"));
        fires_on(br_g_09, "BR-G-09", &inv);
        let mut inv = export();
        inv.vat_breakdown[0].exemption_reason = None;
        inv.vat_breakdown[0].exemption_reason_code = None;
        fires_on(br_g_10, "BR-G-10", &inv);
    }
    #[test]
    fn each_g_rule_is_silent_with_a_g_allowance_and_charge_and_fires_on_what_it_forbids() {
        untaxed::testing::check_family(
            &export(),
            RULES.try_into().unwrap(),
            G.ids,
            untaxed::testing::Spoil {
                parties: |i| i.seller.vat_id = None,
                bad_rate: "20",
            },
        );
    }
}

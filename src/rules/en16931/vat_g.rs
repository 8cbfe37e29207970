//! BR-G-01..BR-G-10: export outside the EU (« exportation hors UE », category G).

use super::category::{
    allowances, charges, entries, entry_count_wrong, has_exemption_reason, lines, nonzero_tax,
    not_zero_rate, seller_vat_or_representative_missing, taxable_off_by_one,
};
use super::support::{arithmetic_safe, block, breakdown, lines_fr};
use crate::rules::{Diagnostic, Facts};

const G: &str = "G";

pub fn br_g_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if !arithmetic_safe(inv) {
        return;
    }
    if let Some((count, _)) = entry_count_wrong(inv, breakdown(inv), G) {
        out.push(block(
            "BR-G-01",
            "BT-118",
            format!("Une facture avec des lignes, remises ou frais à l'export hors UE (catégorie G) doit avoir exactement une ligne de catégorie G dans le récapitulatif de TVA (BG-23), et seulement dans ce cas ; elle en a {count}."),
            "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Export outside the EU\" shall contain in the VAT breakdown (BG-23) exactly one VAT category code (BT-118) equal with \"Export outside the EU\".",
        ));
    }
}

const SELLER_FR: &str = "doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31) ou celui de son représentant fiscal (BT-63).";

pub fn br_g_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if lines(inv, G).next().is_some() && seller_vat_or_representative_missing(inv) {
        out.push(block("BR-G-02", "BT-31", format!("Une facture avec des lignes à l'export hors UE (catégorie G) {SELLER_FR}"), "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Export outside the EU\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)."));
    }
}

pub fn br_g_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if allowances(inv, G).next().is_some() && seller_vat_or_representative_missing(inv) {
        out.push(block("BR-G-03", "BT-31", format!("Une facture avec une remise globale à l'export hors UE (catégorie G) {SELLER_FR}"), "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Export outside the EU\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)."));
    }
}

pub fn br_g_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if charges(inv, G).next().is_some() && seller_vat_or_representative_missing(inv) {
        out.push(block("BR-G-04", "BT-31", format!("Une facture avec des frais globaux à l'export hors UE (catégorie G) {SELLER_FR}"), "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Export outside the EU\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)."));
    }
}

pub fn br_g_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    let bad: Vec<&str> = lines(inv, G)
        .filter(|l| not_zero_rate(inv, l.vat_rate))
        .map(|l| l.id.as_str())
        .collect();
    if !bad.is_empty() {
        out.push(block("BR-G-05", "BT-152", format!("Une ligne à l'export hors UE (catégorie G) doit avoir un taux de TVA (BT-152) de 0 ({}).", lines_fr(bad)), "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Export outside the EU\" the Invoiced item VAT rate (BT-152) shall be 0 (zero)."));
    }
}

pub fn br_g_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if allowances(inv, G).any(|a| not_zero_rate(inv, a.vat_rate)) {
        out.push(block("BR-G-06", "BT-96", "Une remise globale à l'export hors UE (catégorie G) doit avoir un taux de TVA (BT-96) de 0.", "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Export outside the EU\" the Document level allowance VAT rate (BT-96) shall be 0 (zero)."));
    }
}

pub fn br_g_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if charges(inv, G).any(|c| not_zero_rate(inv, c.vat_rate)) {
        out.push(block("BR-G-07", "BT-103", "Des frais globaux à l'export hors UE (catégorie G) doivent avoir un taux de TVA (BT-103) de 0.", "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Export outside the EU\" the Document level charge VAT rate (BT-103) shall be 0 (zero)."));
    }
}

pub fn br_g_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if !arithmetic_safe(inv) {
        return;
    }
    if let Some(detail) = taxable_off_by_one(inv, breakdown(inv), G) {
        out.push(block("BR-G-08", "BT-116", format!("La base HT à l'export hors UE du récapitulatif de TVA (BT-116) doit égaler la somme des lignes de catégorie G, moins les remises, plus les frais : {detail}."), "In a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Export outside the EU\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Export outside the EU\"."));
    }
}

pub fn br_g_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if !arithmetic_safe(inv) {
        return;
    }
    if let Some(amounts) = nonzero_tax(breakdown(inv), G) {
        out.push(block("BR-G-09", "BT-117", format!("Le montant de TVA à l'export hors UE (catégorie G, BT-117) doit être 0, et non {amounts}."), "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Export outside the EU\" shall be 0 (zero)."));
    }
}

pub fn br_g_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(G) {
        return;
    }
    if !arithmetic_safe(inv) {
        return;
    }
    if entries(breakdown(inv), G).any(|b| !has_exemption_reason(b)) {
        out.push(block("BR-G-10", "BT-120", "Une base à l'export hors UE (catégorie G) doit donner le motif d'exonération : texte (BT-120) « Exportation hors UE » ou code (BT-121) VATEX-EU-G.", "A VAT Breakdown (BG-23) with the VAT Category code (BT-118) \"Export outside the EU\" shall have a VAT exemption reason code (BT-121), meaning \"Export outside the EU\" or the VAT exemption reason text (BT-120) \"Export outside the EU\" (or the equivalent standard text in another language)."));
    }
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

    const RULES: &[crate::rules::InvoiceRule] = &[
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
}

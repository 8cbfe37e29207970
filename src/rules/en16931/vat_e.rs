//! BR-E-01..BR-E-10: exempt from VAT (« exonéré », category E), the category of
//! the VAT franchise (art. 293 B du CGI, code VATEX-FR-FRANCHISE). The logic is
//! shared with the other categories without VAT (`untaxed`).

use super::untaxed::{self, not_zero_rate, seller_identified, Basis, Family, Reason};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

const E: Family = Family {
    code: "E",
    ids: [
        "BR-E-01", "BR-E-02", "BR-E-03", "BR-E-04", "BR-E-05", "BR-E-06", "BR-E-07", "BR-E-08",
        "BR-E-09", "BR-E-10",
    ],
    parties: seller_identified,
    rate_wrong: not_zero_rate,
    basis: Basis::WithinOne,
    reason: Reason::Required,
    unused_fr: " sans aucune ligne exonérée",
    fr: [
        "Une facture avec des lignes, remises ou frais exonérés de TVA (catégorie E) doit avoir exactement une ligne de catégorie E dans le récapitulatif de TVA (BG-23) ; la facture en a {count}.",
        "Une facture avec des lignes exonérées de TVA (catégorie E) doit identifier le vendeur pour la TVA : son numéro de TVA intracommunautaire (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63).",
        "Une facture avec une remise globale exonérée de TVA (catégorie E) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une facture avec des frais globaux exonérés de TVA (catégorie E) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une ligne exonérée de TVA (catégorie E) doit avoir un taux de TVA (BT-152) de 0 ({lines}) : choisissez une taxe exonérée à 0 %.",
        "Une remise globale exonérée de TVA (catégorie E) doit avoir un taux de TVA (BT-96) de 0.",
        "Des frais globaux exonérés de TVA (catégorie E) doivent avoir un taux de TVA (BT-103) de 0.",
        "La base HT exonérée du récapitulatif de TVA (BT-116) doit égaler la somme des lignes exonérées (catégorie E), moins les remises, plus les frais : {detail}.",
        "Le montant de TVA d'une base exonérée (catégorie E, BT-117) doit être 0, et non {amounts}.",
        "Une base exonérée de TVA (catégorie E) doit donner le motif d'exonération : texte (BT-120), par exemple « TVA non applicable, art. 293 B du CGI », ou code (BT-121), par exemple VATEX-FR-FRANCHISE.",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is “Exempt from VAT” shall contain exactly one VAT breakdown (BG-23) with the VAT category code (BT-118) equal to \"Exempt from VAT\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Exempt from VAT\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Exempt from VAT\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Exempt from VAT\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Exempt from VAT\", the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Exempt from VAT\", the Document level allowance VAT rate (BT-96) shall be 0 (zero).",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Exempt from VAT\", the Document level charge VAT rate (BT-103) shall be 0 (zero).",
        "In a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Exempt from VAT\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Exempt from VAT\".",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) equals \"Exempt from VAT\" shall equal 0 (zero).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \"Exempt from VAT\" shall have a VAT exemption reason code (BT-121) or a VAT exemption reason text (BT-120).",
    ],
};

pub fn br_e_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_01(&E, inv, out);
}

pub fn br_e_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_02(&E, inv, out);
}

pub fn br_e_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_03(&E, inv, out);
}

pub fn br_e_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_04(&E, inv, out);
}

pub fn br_e_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_05(&E, inv, out);
}

pub fn br_e_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_06(&E, inv, out);
}

pub fn br_e_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_07(&E, inv, out);
}

pub fn br_e_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_08(&E, inv, out);
}

pub fn br_e_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_09(&E, inv, out);
}

pub fn br_e_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_10(&E, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Invoice;
    use crate::rules::en16931::fixture::{d, doc_charge, fires_on, franchise_invoice, silent_on};

    /// The franchise invoice as read from a file: every amount declared.
    fn read() -> Invoice {
        franchise_invoice().completed()
    }

    fn with(change: impl FnOnce(&mut Invoice)) -> Invoice {
        let mut inv = read();
        change(&mut inv);
        inv
    }

    #[test]
    fn br_e_01_fires_on_two_e_entries() {
        let inv = with(|i| {
            let again = i.vat_breakdown[0].clone();
            i.vat_breakdown.push(again);
        });
        fires_on(br_e_01, "BR-E-01", &inv);
    }
    #[test]
    fn br_e_01_fires_on_e_entry_without_e_line() {
        let inv = with(|i| i.lines[0].vat_category = "Z".into());
        fires_on(br_e_01, "BR-E-01", &inv);
    }
    #[test]
    fn br_e_01_silent_on_franchise_invoice() {
        silent_on(br_e_01, &read());
        silent_on(br_e_01, &franchise_invoice());
    }

    #[test]
    fn br_e_02_fires_without_seller_vat_id() {
        fires_on(br_e_02, "BR-E-02", &with(|i| i.seller.vat_id = None));
    }
    #[test]
    fn br_e_02_silent_with_seller_vat_id() {
        silent_on(br_e_02, &with(|i| i.buyer.vat_id = None));
    }

    #[test]
    fn br_e_03_fires_on_e_allowance_without_seller_vat_id() {
        let inv = with(|i| {
            i.seller.vat_id = None;
            i.allowances.push(doc_charge("5", "E", None));
        });
        fires_on(br_e_03, "BR-E-03", &inv);
    }
    #[test]
    fn br_e_03_silent_with_seller_vat_id() {
        silent_on(
            br_e_03,
            &with(|i| i.allowances.push(doc_charge("5", "E", None))),
        );
    }

    #[test]
    fn br_e_04_fires_on_e_charge_without_seller_vat_id() {
        let inv = with(|i| {
            i.seller.vat_id = None;
            i.charges.push(doc_charge("5", "E", None));
        });
        fires_on(br_e_04, "BR-E-04", &inv);
    }
    #[test]
    fn br_e_04_silent_without_e_charge() {
        silent_on(br_e_04, &with(|i| i.seller.vat_id = None));
    }

    #[test]
    fn br_e_05_fires_on_line_at_twenty_percent() {
        fires_on(
            br_e_05,
            "BR-E-05",
            &with(|i| i.lines[0].vat_rate = Some(d("20"))),
        );
    }
    #[test]
    fn br_e_05_silent_on_explicit_zero() {
        silent_on(br_e_05, &with(|i| i.lines[0].vat_rate = Some(d("0.00"))));
    }

    #[test]
    fn br_e_06_fires_on_allowance_at_ten_percent() {
        fires_on(
            br_e_06,
            "BR-E-06",
            &with(|i| i.allowances.push(doc_charge("5", "E", Some("10")))),
        );
    }
    #[test]
    fn br_e_06_silent_on_allowance_at_zero() {
        silent_on(
            br_e_06,
            &with(|i| i.allowances.push(doc_charge("5", "E", Some("0")))),
        );
    }

    #[test]
    fn br_e_07_fires_on_charge_at_ten_percent() {
        fires_on(
            br_e_07,
            "BR-E-07",
            &with(|i| i.charges.push(doc_charge("5", "E", Some("10")))),
        );
    }
    #[test]
    fn br_e_07_silent_on_charge_without_rate() {
        silent_on(
            br_e_07,
            &with(|i| i.charges.push(doc_charge("5", "E", None))),
        );
    }

    #[test]
    fn br_e_08_fires_when_base_is_off_by_one_euro() {
        fires_on(
            br_e_08,
            "BR-E-08",
            &with(|i| i.vat_breakdown[0].taxable_amount = Some(d("249.00"))),
        );
    }
    #[test]
    fn br_e_08_silent_within_tolerance() {
        silent_on(
            br_e_08,
            &with(|i| i.vat_breakdown[0].taxable_amount = Some(d("250.99"))),
        );
    }

    #[test]
    fn br_e_09_fires_on_tax_in_exempt_entry() {
        fires_on(
            br_e_09,
            "BR-E-09",
            &with(|i| i.vat_breakdown[0].tax_amount = Some(d("50.00"))),
        );
    }
    #[test]
    fn br_e_09_silent_on_zero_tax() {
        silent_on(br_e_09, &read());
    }

    #[test]
    fn br_e_10_fires_without_exemption_reason() {
        let mut inv = franchise_invoice();
        inv.vat_breakdown.clear();
        fires_on(br_e_10, "BR-E-10", &inv);
    }
    #[test]
    fn br_e_10_silent_with_franchise_code_only() {
        silent_on(
            br_e_10,
            &with(|i| i.vat_breakdown[0].exemption_reason = None),
        );
    }
}

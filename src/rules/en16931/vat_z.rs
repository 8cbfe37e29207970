//! BR-Z-01..BR-Z-10: zero rated (« taux zéro », category Z). The logic is shared with
//! the other categories without VAT (`untaxed`).

use super::untaxed::{self, not_zero_rate, seller_identified, Basis, Family, Reason};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

const Z: Family = Family {
    code: "Z",
    ids: [
        "BR-Z-01", "BR-Z-02", "BR-Z-03", "BR-Z-04", "BR-Z-05", "BR-Z-06", "BR-Z-07", "BR-Z-08",
        "BR-Z-09", "BR-Z-10",
    ],
    parties: seller_identified,
    rate_wrong: not_zero_rate,
    basis: Basis::WithinOne,
    reason: Reason::Forbidden,
    unused_fr: " sans aucune ligne au taux zéro",
    fr: [
        "Une facture avec des lignes, remises ou frais au taux zéro (catégorie Z) doit avoir exactement une ligne de catégorie Z dans le récapitulatif de TVA (BG-23) ; la facture en a {count}.",
        "Une facture avec des lignes au taux zéro (catégorie Z) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une facture avec une remise globale au taux zéro (catégorie Z) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une facture avec des frais globaux au taux zéro (catégorie Z) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une ligne au taux zéro (catégorie Z) doit avoir un taux de TVA (BT-152) de 0 ({lines}).",
        "Une remise globale au taux zéro (catégorie Z) doit avoir un taux de TVA (BT-96) de 0.",
        "Des frais globaux au taux zéro (catégorie Z) doivent avoir un taux de TVA (BT-103) de 0.",
        "La base HT au taux zéro du récapitulatif de TVA (BT-116) doit égaler la somme des lignes au taux zéro (catégorie Z), moins les remises, plus les frais : {detail}.",
        "Le montant de TVA d'une base au taux zéro (catégorie Z, BT-117) doit être 0, et non {amounts}.",
        "Une base au taux zéro (catégorie Z) ne doit pas porter de motif d'exonération (BT-120 ou BT-121) : pour une exonération, utilisez la catégorie E.",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Zero rated\" shall contain in the VAT breakdown (BG-23) exactly one VAT category code (BT-118) equal with \"Zero rated\".",
        "An Invoice that contains an Invoice line where the Invoiced item VAT category code (BT-151) is \"Zero rated\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Zero rated\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level charge where the Document level charge VAT category code (BT-102) is \"Zero rated\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Zero rated\" the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Zero rated\" the Document level allowance VAT rate (BT-96) shall be 0 (zero).",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Zero rated\" the Document level charge VAT rate (BT-103) shall be 0 (zero).",
        "In a VAT breakdown (BG-23) where VAT category code (BT-118) is \"Zero rated\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amount (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Zero rated\".",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is \"Zero rated\" shall equal 0 (zero).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \"Zero rated\" shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).",
    ],
};

pub fn br_z_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_01(&Z, inv, out);
}

pub fn br_z_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_02(&Z, inv, out);
}

pub fn br_z_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_03(&Z, inv, out);
}

pub fn br_z_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_04(&Z, inv, out);
}

pub fn br_z_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_05(&Z, inv, out);
}

pub fn br_z_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_06(&Z, inv, out);
}

pub fn br_z_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_07(&Z, inv, out);
}

pub fn br_z_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_08(&Z, inv, out);
}

pub fn br_z_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_09(&Z, inv, out);
}

pub fn br_z_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_10(&Z, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Invoice;
    use crate::rules::en16931::fixture::{
        d, doc_charge, fires_on, line, silent_on, valid_json_invoice,
    };

    /// The valid invoice plus a zero-rated line, every amount declared.
    fn read() -> Invoice {
        let mut inv = valid_json_invoice();
        inv.lines.push(line("3", "10", "4.00", "Z", Some("0")));
        inv.completed()
    }

    fn with(change: impl FnOnce(&mut Invoice)) -> Invoice {
        let mut inv = read();
        change(&mut inv);
        inv
    }

    fn z_entry(inv: &mut Invoice) -> &mut crate::model::VatBreakdown {
        inv.vat_breakdown
            .iter_mut()
            .find(|b| b.category == "Z")
            .unwrap()
    }

    #[test]
    fn br_z_01_fires_when_breakdown_lacks_z() {
        fires_on(
            br_z_01,
            "BR-Z-01",
            &with(|i| i.vat_breakdown.retain(|b| b.category != "Z")),
        );
    }
    #[test]
    fn br_z_01_silent_with_one_z_entry() {
        silent_on(br_z_01, &read());
    }

    #[test]
    fn br_z_02_fires_without_seller_vat_id() {
        fires_on(br_z_02, "BR-Z-02", &with(|i| i.seller.vat_id = None));
    }
    #[test]
    fn br_z_02_silent_with_seller_vat_id() {
        silent_on(br_z_02, &read());
    }

    #[test]
    fn br_z_03_fires_on_z_allowance_without_seller_vat_id() {
        let inv = with(|i| {
            i.seller.vat_id = None;
            i.allowances.push(doc_charge("1", "Z", Some("0")));
        });
        fires_on(br_z_03, "BR-Z-03", &inv);
    }
    #[test]
    fn br_z_03_silent_without_z_allowance() {
        silent_on(br_z_03, &with(|i| i.seller.vat_id = None));
    }

    #[test]
    fn br_z_04_fires_on_z_charge_without_seller_vat_id() {
        let inv = with(|i| {
            i.seller.vat_id = None;
            i.charges.push(doc_charge("1", "Z", Some("0")));
        });
        fires_on(br_z_04, "BR-Z-04", &inv);
    }
    #[test]
    fn br_z_04_silent_with_seller_vat_id() {
        silent_on(
            br_z_04,
            &with(|i| i.charges.push(doc_charge("1", "Z", Some("0")))),
        );
    }

    #[test]
    fn br_z_05_fires_on_z_line_at_five_and_a_half() {
        fires_on(
            br_z_05,
            "BR-Z-05",
            &with(|i| i.lines[2].vat_rate = Some(d("5.5"))),
        );
    }
    #[test]
    fn br_z_05_silent_on_z_line_without_rate() {
        silent_on(br_z_05, &with(|i| i.lines[2].vat_rate = None));
    }

    #[test]
    fn br_z_06_fires_on_z_allowance_at_twenty() {
        fires_on(
            br_z_06,
            "BR-Z-06",
            &with(|i| i.allowances.push(doc_charge("1", "Z", Some("20")))),
        );
    }
    #[test]
    fn br_z_06_silent_on_z_allowance_at_zero() {
        silent_on(
            br_z_06,
            &with(|i| i.allowances.push(doc_charge("1", "Z", Some("0")))),
        );
    }

    #[test]
    fn br_z_07_fires_on_z_charge_at_twenty() {
        fires_on(
            br_z_07,
            "BR-Z-07",
            &with(|i| i.charges.push(doc_charge("1", "Z", Some("20")))),
        );
    }
    #[test]
    fn br_z_07_silent_on_z_charge_at_zero() {
        silent_on(
            br_z_07,
            &with(|i| i.charges.push(doc_charge("1", "Z", Some("0.00")))),
        );
    }

    #[test]
    fn br_z_08_fires_when_base_ignores_z_charge() {
        fires_on(
            br_z_08,
            "BR-Z-08",
            &with(|i| i.charges.push(doc_charge("5", "Z", Some("0")))),
        );
    }
    #[test]
    fn br_z_08_silent_when_base_matches() {
        silent_on(
            br_z_08,
            &with(|i| z_entry(i).taxable_amount = Some(d("40.50"))),
        );
    }

    #[test]
    fn br_z_09_fires_on_tax_in_zero_rated_entry() {
        fires_on(
            br_z_09,
            "BR-Z-09",
            &with(|i| z_entry(i).tax_amount = Some(d("0.01"))),
        );
    }
    #[test]
    fn br_z_09_silent_on_zero_tax() {
        silent_on(br_z_09, &with(|i| z_entry(i).tax_amount = Some(d("0.00"))));
    }

    #[test]
    fn br_z_10_fires_on_exemption_reason() {
        fires_on(
            br_z_10,
            "BR-Z-10",
            &with(|i| z_entry(i).exemption_reason = Some("Exonéré".into())),
        );
    }
    #[test]
    fn br_z_10_silent_without_reason() {
        silent_on(br_z_10, &read());
    }
}

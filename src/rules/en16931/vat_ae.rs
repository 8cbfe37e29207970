//! BR-AE-01..BR-AE-10: reverse charge (« autoliquidation », category AE). The logic is
//! shared with the other categories without VAT (`untaxed`); what reverse charge asks
//! of both parties is here.

use super::category::{buyer_id_missing, seller_vat_missing};
use super::untaxed::{self, not_zero_rate, Basis, Family, Reason};
use crate::model::Invoice;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// What reverse charge needs from both parties: the field to point at and what is
/// missing, in French; `None` when all is there.
fn missing_ids(inv: &Invoice) -> Option<(&'static str, &'static str)> {
    match (seller_vat_missing(inv), buyer_id_missing(inv)) {
        (false, false) => None,
        (true, false) => Some((
            "BT-31",
            "le numéro de TVA intracommunautaire du vendeur (BT-31) manque",
        )),
        (false, true) => Some((
            "BT-48",
            "le numéro de TVA (BT-48) ou le SIRET (BT-47) du client manque",
        )),
        (true, true) => Some((
            "BT-31",
            "le numéro de TVA intracommunautaire du vendeur (BT-31) et le numéro de TVA (BT-48) ou le SIRET (BT-47) du client manquent",
        )),
    }
}

const AE: Family = Family {
    code: "AE",
    ids: [
        "BR-AE-01", "BR-AE-02", "BR-AE-03", "BR-AE-04", "BR-AE-05", "BR-AE-06", "BR-AE-07",
        "BR-AE-08", "BR-AE-09", "BR-AE-10",
    ],
    parties: missing_ids,
    rate_wrong: not_zero_rate,
    basis: Basis::WithinOne,
    reason: Reason::Required,
    unused_fr: " sans aucune ligne en autoliquidation",
    fr: [
        "Une facture avec des lignes, remises ou frais en autoliquidation (catégorie AE) doit avoir exactement une ligne de catégorie AE dans le récapitulatif de TVA (BG-23) ; la facture en a {count}.",
        "Une facture avec des lignes en autoliquidation (catégorie AE) doit identifier le vendeur et le client à la TVA : {what}.",
        "Une facture avec une remise globale en autoliquidation (catégorie AE) doit identifier le vendeur et le client à la TVA : {what}.",
        "Une facture avec des frais globaux en autoliquidation (catégorie AE) doit identifier le vendeur et le client à la TVA : {what}.",
        "Une ligne en autoliquidation (catégorie AE) doit avoir un taux de TVA (BT-152) de 0 ({lines}) : la TVA est due par le client.",
        "Une remise globale en autoliquidation (catégorie AE) doit avoir un taux de TVA (BT-96) de 0.",
        "Des frais globaux en autoliquidation (catégorie AE) doivent avoir un taux de TVA (BT-103) de 0.",
        "La base HT en autoliquidation du récapitulatif de TVA (BT-116) doit égaler la somme des lignes en autoliquidation (catégorie AE), moins les remises, plus les frais : {detail}.",
        "Le montant de TVA d'une base en autoliquidation (catégorie AE, BT-117) doit être 0, et non {amounts}.",
        "Une base en autoliquidation (catégorie AE) doit porter la mention « Autoliquidation » (BT-120) ou le code VATEX-EU-AE (BT-121).",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Reverse charge\" shall contain in the VAT breakdown (BG-23) exactly one VAT category code (BT-118) equal with \"VAT reverse charge\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Reverse charge\" shall contain the Seller VAT Identifier (BT-31), the Seller Tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) and/or the Buyer legal registration identifier (BT-47).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Reverse charge\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) and/or the Buyer legal registration identifier (BT-47).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Reverse charge\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) and/or the Buyer legal registration identifier (BT-47).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Reverse charge\" the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Reverse charge\" the Document level allowance VAT rate (BT-96) shall be 0 (zero).",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Reverse charge\" the Document level charge VAT rate (BT-103) shall be 0 (zero).",
        "In a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Reverse charge\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Reverse charge\".",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Reverse charge\" shall be 0 (zero).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \"Reverse charge\" shall have a VAT exemption reason code (BT-121), meaning \"Reverse charge\" or the VAT exemption reason text (BT-120) \"Reverse charge\" (or the equivalent standard text in another language).",
    ],
};

pub fn br_ae_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_01(&AE, inv, out);
}

pub fn br_ae_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_02(&AE, inv, out);
}

pub fn br_ae_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_03(&AE, inv, out);
}

pub fn br_ae_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_04(&AE, inv, out);
}

pub fn br_ae_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_05(&AE, inv, out);
}

pub fn br_ae_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_06(&AE, inv, out);
}

pub fn br_ae_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_07(&AE, inv, out);
}

pub fn br_ae_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_08(&AE, inv, out);
}

pub fn br_ae_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_09(&AE, inv, out);
}

pub fn br_ae_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_10(&AE, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Invoice, VatBreakdown};
    use crate::rules::en16931::fixture::{
        d, doc_charge, fires_on, line, silent_on, valid_json_invoice,
    };
    use rust_decimal::Decimal;

    /// A subcontracting invoice in reverse charge, every amount declared.
    fn read() -> Invoice {
        let mut inv = valid_json_invoice();
        inv.allowances.clear();
        inv.charges.clear();
        inv.lines = vec![line("1", "8", "45.00", "AE", Some("0"))];
        inv.vat_breakdown = vec![VatBreakdown {
            category: "AE".into(),
            rate: Some(Decimal::ZERO),
            taxable_amount: None,
            tax_amount: None,
            exemption_reason: Some("Autoliquidation".into()),
            exemption_reason_code: Some("VATEX-EU-AE".into()),
        }];
        inv.completed()
    }

    fn with(change: impl FnOnce(&mut Invoice)) -> Invoice {
        let mut inv = read();
        change(&mut inv);
        inv
    }

    #[test]
    fn br_ae_01_fires_when_breakdown_lacks_ae() {
        fires_on(
            br_ae_01,
            "BR-AE-01",
            &with(|i| i.vat_breakdown[0].category = "E".into()),
        );
    }
    #[test]
    fn br_ae_01_silent_with_one_ae_entry() {
        silent_on(br_ae_01, &read());
    }

    #[test]
    fn br_ae_02_fires_without_buyer_ids() {
        let diag = fires_on(
            br_ae_02,
            "BR-AE-02",
            &with(|i| {
                i.buyer.vat_id = None;
                i.buyer.legal_id = None;
            }),
        );
        assert_eq!(diag.bt.as_deref(), Some("BT-48"));
    }
    #[test]
    fn br_ae_02_silent_with_buyer_siret_only() {
        silent_on(br_ae_02, &with(|i| i.buyer.vat_id = None));
    }

    #[test]
    fn br_ae_03_fires_on_ae_allowance_without_seller_vat_id() {
        let inv = with(|i| {
            i.seller.vat_id = None;
            i.allowances.push(doc_charge("10", "AE", Some("0")));
        });
        assert_eq!(
            fires_on(br_ae_03, "BR-AE-03", &inv).bt.as_deref(),
            Some("BT-31")
        );
    }
    #[test]
    fn br_ae_03_silent_without_ae_allowance() {
        silent_on(br_ae_03, &with(|i| i.seller.vat_id = None));
    }

    #[test]
    fn br_ae_04_fires_on_ae_charge_without_any_id() {
        let inv = with(|i| {
            i.seller.vat_id = None;
            i.buyer.vat_id = None;
            i.buyer.legal_id = None;
            i.charges.push(doc_charge("10", "AE", Some("0")));
        });
        fires_on(br_ae_04, "BR-AE-04", &inv);
    }
    #[test]
    fn br_ae_04_silent_with_ids() {
        silent_on(
            br_ae_04,
            &with(|i| i.charges.push(doc_charge("10", "AE", Some("0")))),
        );
    }

    #[test]
    fn br_ae_05_fires_on_ae_line_at_twenty() {
        fires_on(
            br_ae_05,
            "BR-AE-05",
            &with(|i| i.lines[0].vat_rate = Some(d("20"))),
        );
    }
    #[test]
    fn br_ae_05_silent_on_ae_line_without_rate() {
        silent_on(br_ae_05, &with(|i| i.lines[0].vat_rate = None));
    }

    #[test]
    fn br_ae_06_fires_on_ae_allowance_at_twenty() {
        fires_on(
            br_ae_06,
            "BR-AE-06",
            &with(|i| i.allowances.push(doc_charge("10", "AE", Some("20")))),
        );
    }
    #[test]
    fn br_ae_06_silent_on_ae_allowance_at_zero() {
        silent_on(
            br_ae_06,
            &with(|i| i.allowances.push(doc_charge("10", "AE", Some("0")))),
        );
    }

    #[test]
    fn br_ae_07_fires_on_ae_charge_at_twenty() {
        fires_on(
            br_ae_07,
            "BR-AE-07",
            &with(|i| i.charges.push(doc_charge("10", "AE", Some("20")))),
        );
    }
    #[test]
    fn br_ae_07_silent_on_ae_charge_at_zero() {
        silent_on(
            br_ae_07,
            &with(|i| i.charges.push(doc_charge("10", "AE", None))),
        );
    }

    #[test]
    fn br_ae_08_fires_when_base_misses_the_allowance() {
        fires_on(
            br_ae_08,
            "BR-AE-08",
            &with(|i| i.allowances.push(doc_charge("36", "AE", Some("0")))),
        );
    }
    #[test]
    fn br_ae_08_silent_when_base_matches() {
        silent_on(
            br_ae_08,
            &with(|i| i.vat_breakdown[0].taxable_amount = Some(d("360.00"))),
        );
    }

    #[test]
    fn br_ae_09_fires_on_tax_in_reverse_charge_entry() {
        fires_on(
            br_ae_09,
            "BR-AE-09",
            &with(|i| i.vat_breakdown[0].tax_amount = Some(d("72.00"))),
        );
    }
    #[test]
    fn br_ae_09_silent_on_zero_tax() {
        silent_on(br_ae_09, &read());
    }

    #[test]
    fn br_ae_10_fires_without_mention() {
        let inv = with(|i| {
            i.vat_breakdown[0].exemption_reason = None;
            i.vat_breakdown[0].exemption_reason_code = None;
        });
        fires_on(br_ae_10, "BR-AE-10", &inv);
        // A blank code is an element present: as the schematron, silent (BR-CL-22
        // reports the code).
        let blank = with(|i| {
            i.vat_breakdown[0].exemption_reason = None;
            i.vat_breakdown[0].exemption_reason_code = Some(" ".into());
        });
        silent_on(br_ae_10, &blank);
    }
    #[test]
    fn br_ae_10_silent_with_text_only() {
        silent_on(
            br_ae_10,
            &with(|i| i.vat_breakdown[0].exemption_reason_code = None),
        );
    }
}

//! BR-IC-01..BR-IC-12: intra-community supply (« livraison intracommunautaire »,
//! category K). Rules 01..10 are shared with the other categories without VAT
//! (`untaxed`); both parties' VAT identifiers, the delivery date or period (11) and
//! the deliver-to country (12) are this family's. Both are in the model, so such an
//! invoice can be written conformant.

use super::category::{entries, seller_vat_or_representative_missing};
use super::support::{arithmetic_safe, blank, block, breakdown};
use super::untaxed::{self, not_zero_rate, Basis, Family, Reason};
use crate::model::Invoice;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// Seller (BT-31 or BT-63) and buyer (BT-48) VAT identifiers, both needed.
fn identifiers_missing(inv: &Invoice) -> Option<(&'static str, &'static str)> {
    (seller_vat_or_representative_missing(inv) || blank(inv.buyer.vat_id.as_ref()))
        .then_some(("BT-48", ""))
}

const K: Family = Family {
    code: "K",
    ids: [
        "BR-IC-01", "BR-IC-02", "BR-IC-03", "BR-IC-04", "BR-IC-05", "BR-IC-06", "BR-IC-07",
        "BR-IC-08", "BR-IC-09", "BR-IC-10",
    ],
    parties: identifiers_missing,
    rate_wrong: not_zero_rate,
    basis: Basis::WithinOne,
    reason: Reason::Required,
    unused_fr: "",
    fr: [
        "Une facture avec des lignes, remises ou frais en livraison intracommunautaire (catégorie K) doit avoir exactement une ligne de catégorie K dans le récapitulatif de TVA (BG-23), et seulement dans ce cas ; elle en a {count}.",
        "Une facture avec des lignes en livraison intracommunautaire (catégorie K) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31, ou de son représentant fiscal, BT-63) et celui de l'acheteur (BT-48).",
        "Une facture avec une remise globale en livraison intracommunautaire (catégorie K) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31, ou de son représentant fiscal, BT-63) et celui de l'acheteur (BT-48).",
        "Une facture avec des frais globaux en livraison intracommunautaire (catégorie K) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31, ou de son représentant fiscal, BT-63) et celui de l'acheteur (BT-48).",
        "Une ligne en livraison intracommunautaire (catégorie K) doit avoir un taux de TVA (BT-152) de 0 ({lines}).",
        "Une remise globale en livraison intracommunautaire (catégorie K) doit avoir un taux de TVA (BT-96) de 0.",
        "Des frais globaux en livraison intracommunautaire (catégorie K) doivent avoir un taux de TVA (BT-103) de 0.",
        "La base HT en livraison intracommunautaire du récapitulatif de TVA (BT-116) doit égaler la somme des lignes de catégorie K, moins les remises, plus les frais : {detail}.",
        "Le montant de TVA en livraison intracommunautaire (catégorie K, BT-117) doit être 0, et non {amounts}.",
        "Une base en livraison intracommunautaire (catégorie K) doit donner le motif d'exonération : texte (BT-120) « Livraison intracommunautaire exonérée, art. 262 ter I du CGI » ou code (BT-121) VATEX-EU-IC.",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Intra-community supply\" shall contain in the VAT breakdown (BG-23) exactly one VAT category code (BT-118) equal with \"Intra-community supply\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Intra-community supply\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Intra-community supply\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Intra-community supply\" shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Intracommunity supply\" the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Intra-community supply\" the Document level allowance VAT rate (BT-96) shall be 0 (zero).",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Intra-community supply\" the Document level charge VAT rate (BT-103) shall be 0 (zero).",
        "In a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Intra-community supply\".",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" shall be 0 (zero).",
        "A VAT Breakdown (BG-23) with the VAT Category code (BT-118) \"Intra-community supply\" shall have a VAT exemption reason code (BT-121), meaning \"Intra-community supply\" or the VAT exemption reason text (BT-120) \"Intra-community supply\" (or the equivalent standard text in another language).",
    ],
};

pub fn br_ic_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_01(&K, inv, out);
}

pub fn br_ic_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_02(&K, inv, out);
}

pub fn br_ic_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_03(&K, inv, out);
}

pub fn br_ic_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_04(&K, inv, out);
}

pub fn br_ic_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_05(&K, inv, out);
}

pub fn br_ic_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_06(&K, inv, out);
}

pub fn br_ic_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_07(&K, inv, out);
}

pub fn br_ic_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_08(&K, inv, out);
}

pub fn br_ic_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_09(&K, inv, out);
}

pub fn br_ic_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_10(&K, inv, out);
}

pub fn br_ic_11(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(K.code) {
        return;
    }
    if !arithmetic_safe(inv) {
        return;
    }
    let period = inv
        .invoicing_period
        .as_ref()
        .is_some_and(|p| p.start.is_some() || p.end.is_some());
    if entries(breakdown(inv), K.code).next().is_some() && inv.delivery_date.is_none() && !period {
        out.push(block("BR-IC-11", "BT-72", "Une livraison intracommunautaire (catégorie K) doit indiquer la date de livraison (BT-72) ou la période de facturation (BG-14).", "In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank."));
    }
}

pub fn br_ic_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(K.code) {
        return;
    }
    if !arithmetic_safe(inv) {
        return;
    }
    if entries(breakdown(inv), K.code).next().is_some() && blank(inv.delivery_country.as_ref()) {
        out.push(block("BR-IC-12", "BT-80", "Une livraison intracommunautaire (catégorie K) doit indiquer le pays de livraison (BT-80), par exemple DE.", "In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the Deliver to country code (BT-80) shall not be blank."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, VatBreakdown};
    use crate::rules::en16931::fixture::{d, fires_on, line, run, valid_json_invoice};

    /// An intra-community supply to Germany, written conformant.
    fn supply() -> Invoice {
        let mut inv = valid_json_invoice();
        inv.allowances.clear();
        inv.charges.clear();
        inv.buyer.vat_id = Some("DE123456789".into());
        inv.delivery_country = Some("DE".into());
        inv.delivery_date = Date::new(2026, 10, 30).ok();
        inv.lines = vec![line("1", "2", "100.00", "K", Some("0"))];
        inv.vat_breakdown = vec![VatBreakdown {
            category: "K".into(),
            rate: Some(d("0")),
            taxable_amount: None,
            tax_amount: None,
            exemption_reason: Some("Livraison intracommunautaire exonérée".into()),
            exemption_reason_code: Some("VATEX-EU-IC".into()),
        }];
        inv.completed()
    }

    #[test]
    fn a_conformant_intra_community_supply_passes_the_ic_rules() {
        for rule in [
            br_ic_01, br_ic_02, br_ic_03, br_ic_04, br_ic_05, br_ic_06, br_ic_07, br_ic_08,
            br_ic_09, br_ic_10, br_ic_11, br_ic_12,
        ] {
            assert!(run(rule, &supply()).is_empty());
        }
    }

    #[test]
    fn each_ic_rule_fires_on_what_it_forbids() {
        let mut inv = supply();
        inv.vat_breakdown.push(inv.vat_breakdown[0].clone());
        fires_on(br_ic_01, "BR-IC-01", &inv);
        let mut inv = supply();
        inv.buyer.vat_id = None;
        fires_on(br_ic_02, "BR-IC-02", &inv);
        let mut inv = supply();
        inv.lines[0].vat_rate = Some(d("20"));
        fires_on(br_ic_05, "BR-IC-05", &inv);
        let mut inv = supply();
        inv.vat_breakdown[0].tax_amount = Some(d("1.00"));
        fires_on(br_ic_09, "BR-IC-09", &inv);
        let mut inv = supply();
        inv.vat_breakdown[0].exemption_reason = None;
        inv.vat_breakdown[0].exemption_reason_code = None;
        fires_on(br_ic_10, "BR-IC-10", &inv);
        let mut inv = supply();
        inv.delivery_date = None;
        fires_on(br_ic_11, "BR-IC-11", &inv);
        let mut inv = supply();
        inv.delivery_country = None;
        fires_on(br_ic_12, "BR-IC-12", &inv);
    }
    #[test]
    fn each_ic_rule_is_silent_with_a_k_allowance_and_charge_and_fires_on_what_it_forbids() {
        untaxed::testing::check_family(
            &supply(),
            [
                br_ic_01, br_ic_02, br_ic_03, br_ic_04, br_ic_05, br_ic_06, br_ic_07, br_ic_08,
                br_ic_09, br_ic_10,
            ],
            K.ids,
            untaxed::testing::Spoil {
                parties: |i| i.buyer.vat_id = None,
                bad_rate: "20",
            },
        );
    }
}

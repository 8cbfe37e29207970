//! BR-O-01..BR-O-14: not subject to VAT (« hors champ d'application de la TVA »,
//! category O). Such an invoice carries no VAT identifier, no rate and nothing of
//! another category. Rules 01..10 are shared with the other categories without VAT
//! (`untaxed`); the identifiers and rates O forbids, and BR-O-11..14, are here.

use super::category::entries;
use super::support::{arithmetic_safe, blank, block, breakdown};
use super::untaxed::{self, Basis, Family, Reason};
use crate::model::Invoice;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// BT-31, BT-63 or BT-48 is given: none may be on an invoice out of VAT's scope.
fn has_vat_identifier(inv: &Invoice) -> Option<(&'static str, &'static str)> {
    (!blank(inv.seller.vat_id.as_ref())
        || !blank(inv.buyer.vat_id.as_ref())
        || inv
            .tax_representative
            .as_ref()
            .is_some_and(|r| !blank(r.vat_id.as_ref())))
    .then_some(("BT-31", ""))
}

/// A line, allowance or charge out of VAT's scope has no rate at all.
fn has_rate(_: &Invoice, rate: Option<Decimal>) -> bool {
    rate.is_some()
}

const O: Family = Family {
    code: "O",
    ids: [
        "BR-O-01", "BR-O-02", "BR-O-03", "BR-O-04", "BR-O-05", "BR-O-06", "BR-O-07", "BR-O-08",
        "BR-O-09", "BR-O-10",
    ],
    parties: has_vat_identifier,
    rate_wrong: has_rate,
    // Exactly, unlike Z, E, G, K and AE: the schematron allows no unit of tolerance.
    basis: Basis::Exact,
    reason: Reason::Required,
    unused_fr: "",
    fr: [
        "Une facture avec des lignes, remises ou frais hors champ de la TVA (catégorie O) doit avoir exactement une ligne de catégorie O dans le récapitulatif de TVA (BG-23), et seulement dans ce cas ; elle en a {count}.",
        "Une facture avec des lignes hors champ de la TVA (catégorie O) ne doit porter aucun numéro de TVA : ni celui du vendeur (BT-31), ni celui de son représentant fiscal (BT-63), ni celui de l'acheteur (BT-48).",
        "Une facture avec une remise globale hors champ de la TVA (catégorie O) ne doit porter aucun numéro de TVA : ni celui du vendeur (BT-31), ni celui de son représentant fiscal (BT-63), ni celui de l'acheteur (BT-48).",
        "Une facture avec des frais globaux hors champ de la TVA (catégorie O) ne doit porter aucun numéro de TVA : ni celui du vendeur (BT-31), ni celui de son représentant fiscal (BT-63), ni celui de l'acheteur (BT-48).",
        "Une ligne hors champ de la TVA (catégorie O) ne doit pas avoir de taux de TVA (BT-152) ({lines}).",
        "Une remise globale hors champ de la TVA (catégorie O) ne doit pas avoir de taux de TVA (BT-96).",
        "Des frais globaux hors champ de la TVA (catégorie O) ne doivent pas avoir de taux de TVA (BT-103).",
        "La base hors champ de la TVA du récapitulatif (BT-116) doit égaler la somme des lignes de catégorie O, moins les remises, plus les frais : {detail}.",
        "Le montant de TVA hors champ (catégorie O, BT-117) doit être 0, et non {amounts}.",
        "Une base hors champ de la TVA (catégorie O) doit donner son motif : texte (BT-120) « Hors champ de la TVA » ou code (BT-121) VATEX-EU-O.",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Not subject to VAT\" shall contain exactly one VAT breakdown group (BG-23) with the VAT category code (BT-118) equal to \"Not subject to VAT\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Not subject to VAT\" shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Not subject to VAT\" shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Not subject to VAT\" shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48).",
        "An Invoice line (BG-25) where the VAT category code (BT-151) is \"Not subject to VAT\" shall not contain an Invoiced item VAT rate (BT-152).",
        "A Document level allowance (BG-20) where VAT category code (BT-95) is \"Not subject to VAT\" shall not contain a Document level allowance VAT rate (BT-96).",
        "A Document level charge (BG-21) where the VAT category code (BT-102) is \"Not subject to VAT\" shall not contain a Document level charge VAT rate (BT-103).",
        "In a VAT breakdown (BG-23) where the VAT category code (BT-118) is \" Not subject to VAT\" the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are \"Not subject to VAT\".",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Not subject to VAT\" shall be 0 (zero).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \" Not subject to VAT\" shall have a VAT exemption reason code (BT-121), meaning \" Not subject to VAT\" or a VAT exemption reason text (BT-120) \" Not subject to VAT\" (or the equivalent standard text in another language).",
    ],
};

pub fn br_o_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_01(&O, inv, out);
}

pub fn br_o_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_02(&O, inv, out);
}

pub fn br_o_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_03(&O, inv, out);
}

pub fn br_o_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_04(&O, inv, out);
}

pub fn br_o_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_05(&O, inv, out);
}

pub fn br_o_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_06(&O, inv, out);
}

pub fn br_o_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_07(&O, inv, out);
}

pub fn br_o_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_08(&O, inv, out);
}

pub fn br_o_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_09(&O, inv, out);
}

pub fn br_o_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    untaxed::rule_10(&O, inv, out);
}

/// The invoice has an O breakdown entry: BR-O-11..14 then forbid every other category.
fn has_o_entry(inv: &Facts) -> bool {
    arithmetic_safe(inv) && entries(breakdown(inv), O.code).next().is_some()
}

/// A category other than O, as the schematron's `CategoryCode != 'O'` finds it: a tax
/// without CategoryCode (read as an empty category) is not another category; BR-CO-04,
/// BR-32, BR-37 or BR-47 report it.
fn other(category: &str) -> bool {
    !category.is_empty() && category != O.code
}

/// The schematron tests BR-O-13 and BR-O-14 alike, `not(//ram:CategoryTradeTax
/// [ram:CategoryCode != 'O'])`: any document level allowance or charge of another
/// category breaks both, and so it does here.
fn other_allowance_or_charge(inv: &Facts) -> bool {
    inv.allowances
        .iter()
        .chain(&inv.charges)
        .any(|a| other(&a.vat_category))
}

pub fn br_o_11(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(O.code) {
        return;
    }
    // The schematron's `//ram:ApplicableTradeTax[CategoryCode != 'O']` also finds the
    // lines' taxes: another category on a line breaks BR-O-11 as it breaks BR-O-12.
    let other_line = inv.lines.iter().any(|l| other(&l.vat_category));
    if has_o_entry(inv) && (other_line || breakdown(inv).iter().any(|b| other(&b.category))) {
        out.push(block("BR-O-11", "BT-118", "Une facture avec une base hors champ de la TVA (catégorie O) ne doit pas avoir d'autre ligne dans le récapitulatif de TVA (BG-23).", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain other VAT breakdown groups (BG-23)."));
    }
}

pub fn br_o_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(O.code) {
        return;
    }
    if has_o_entry(inv) && inv.lines.iter().any(|l| other(&l.vat_category)) {
        out.push(block("BR-O-12", "BT-151", "Une facture avec une base hors champ de la TVA (catégorie O) ne doit pas avoir de ligne d'une autre catégorie de TVA.", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is not \"Not subject to VAT\"."));
    }
}

pub fn br_o_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(O.code) {
        return;
    }
    if has_o_entry(inv) && other_allowance_or_charge(inv) {
        out.push(block("BR-O-13", "BT-95", "Une facture avec une base hors champ de la TVA (catégorie O) ne doit pas avoir de remise globale (ni de frais globaux) d'une autre catégorie de TVA.", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain Document level allowances (BG-20) where Document level allowance VAT category code (BT-95) is not \"Not subject to VAT\"."));
    }
}

pub fn br_o_14(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(O.code) {
        return;
    }
    if has_o_entry(inv) && other_allowance_or_charge(inv) {
        out.push(block("BR-O-14", "BT-102", "Une facture avec une base hors champ de la TVA (catégorie O) ne doit pas avoir de frais globaux (ni de remise globale) d'une autre catégorie de TVA.", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain Document level charges (BG-21) where Document level charge VAT category code (BT-102) is not \"Not subject to VAT\"."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VatBreakdown;
    use crate::rules::en16931::fixture::{d, doc_charge, fires_on, line, run, valid_json_invoice};

    /// An invoice out of VAT's scope: O lines, no VAT identifier.
    fn out_of_scope() -> Invoice {
        let mut inv = valid_json_invoice();
        inv.allowances.clear();
        inv.charges.clear();
        inv.seller.vat_id = None;
        inv.buyer.vat_id = None;
        inv.lines = vec![line("1", "2", "100.00", "O", None)];
        inv.vat_breakdown = vec![VatBreakdown {
            category: "O".into(),
            rate: None,
            taxable_amount: None,
            tax_amount: None,
            exemption_reason: Some("Hors champ de la TVA".into()),
            exemption_reason_code: Some("VATEX-EU-O".into()),
        }];
        inv.completed()
    }

    #[test]
    fn a_conformant_out_of_scope_invoice_passes_the_o_rules() {
        for rule in [
            br_o_01, br_o_02, br_o_03, br_o_04, br_o_05, br_o_06, br_o_07, br_o_08, br_o_09,
            br_o_10, br_o_11, br_o_12, br_o_13, br_o_14,
        ] {
            assert!(
                run(rule, &out_of_scope()).is_empty(),
                "{:?}",
                run(rule, &out_of_scope())
            );
        }
    }

    #[test]
    fn each_o_rule_fires_on_what_it_forbids() {
        let mut inv = out_of_scope();
        inv.seller.vat_id = Some("FR40732829320".into());
        fires_on(br_o_02, "BR-O-02", &inv);
        let mut inv = out_of_scope();
        inv.lines[0].vat_rate = Some(d("0"));
        fires_on(br_o_05, "BR-O-05", &inv);
        let mut inv = out_of_scope();
        inv.vat_breakdown[0].taxable_amount = Some(d("200.01"));
        fires_on(br_o_08, "BR-O-08", &inv);
        let mut inv = out_of_scope();
        inv.vat_breakdown[0].exemption_reason = None;
        inv.vat_breakdown[0].exemption_reason_code = None;
        fires_on(br_o_10, "BR-O-10", &inv);
        let mut inv = out_of_scope();
        inv.lines.push(line("2", "1", "10.00", "S", Some("20")));
        fires_on(br_o_12, "BR-O-12", &inv);
        fires_on(br_o_11, "BR-O-11", &inv);
        let mut inv = out_of_scope();
        inv.charges.push(doc_charge("5.00", "S", Some("20")));
        fires_on(br_o_14, "BR-O-14", &inv);
        // The schematron tests BR-O-13 as BR-O-14: a charge of another category too.
        fires_on(br_o_13, "BR-O-13", &inv);
        // A tax without category is not another category (BR-37 reports it).
        let mut uncategorised = out_of_scope();
        uncategorised.charges.push(doc_charge("5.00", "", None));
        uncategorised.lines[0].vat_category = "O".into();
        assert!(run(br_o_14, &uncategorised).is_empty());
        inv.vat_breakdown.push(VatBreakdown {
            category: "S".into(),
            ..inv.vat_breakdown[0].clone()
        });
        fires_on(br_o_11, "BR-O-11", &inv);
    }
    #[test]
    fn each_o_rule_is_silent_with_an_o_allowance_and_charge_and_fires_on_what_it_forbids() {
        untaxed::testing::check_family(
            &out_of_scope(),
            [
                br_o_01, br_o_02, br_o_03, br_o_04, br_o_05, br_o_06, br_o_07, br_o_08, br_o_09,
                br_o_10,
            ],
            O.ids,
            untaxed::testing::Spoil {
                parties: |i| i.buyer.vat_id = Some("DE123456789".into()),
                bad_rate: "0",
            },
        );
    }
}

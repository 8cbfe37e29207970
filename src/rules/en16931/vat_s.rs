//! BR-S-01..BR-S-10: the standard rate (« taux normal », category S). The logic is
//! shared with IGIC and IPSI (`rated`).

use super::rated::{self, positive, Family};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
#[cfg(test)]
use rust_decimal::Decimal;

const S: Family = Family {
    code: "S",
    ids: [
        "BR-S-01", "BR-S-02", "BR-S-03", "BR-S-04", "BR-S-05", "BR-S-06", "BR-S-07", "BR-S-08",
        "BR-S-09", "BR-S-10",
    ],
    rate_ok: positive,
    fr: [
        "La facture comporte des lignes, remises ou frais au taux normal (catégorie S) : le récapitulatif de TVA (BG-23) doit contenir au moins une ligne de catégorie S.",
        "Une facture avec des lignes soumises à la TVA au taux normal (catégorie S) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31) : renseignez-le sur votre société.",
        "Une facture avec une remise globale au taux normal (catégorie S) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une facture avec des frais globaux au taux normal (catégorie S) doit indiquer le numéro de TVA intracommunautaire du vendeur (BT-31).",
        "Une ligne au taux normal (catégorie S) doit avoir un taux de TVA (BT-152) supérieur à zéro ({lines}) : choisissez la bonne taxe, ou une catégorie d'exonération.",
        "Une remise globale au taux normal (catégorie S) doit avoir un taux de TVA (BT-96) supérieur à zéro.",
        "Des frais globaux au taux normal (catégorie S) doivent avoir un taux de TVA (BT-103) supérieur à zéro.",
        "Pour chaque taux normal, la base HT du récapitulatif de TVA (BT-116) doit égaler la somme des lignes à ce taux, plus les frais, moins les remises ({detail}).",
        "Le montant de TVA du récapitulatif (BT-117) doit égaler la base HT (BT-116) multipliée par le taux (BT-119) ; écart au taux {rates}.",
        "Une ligne du récapitulatif de TVA au taux normal (catégorie S) ne doit pas porter de motif d'exonération (BT-120 ou BT-121) : retirez la mention d'exonération, ou changez de catégorie.",
    ],
    en: [
        "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Standard rated\" shall contain in the VAT breakdown (BG-23) at least one VAT category code (BT-118) equal with \"Standard rated\".",
        "An Invoice that contains an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Standard rated\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Standard rated\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "An Invoice that contains a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Standard rated\" shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63).",
        "In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is \"Standard rated\" the Invoiced item VAT rate (BT-152) shall be greater than zero.",
        "In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is \"Standard rated\" the Document level allowance VAT rate (BT-96) shall be greater than zero.",
        "In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is \"Standard rated\" the Document level charge VAT rate (BT-103) shall be greater than zero.",
        "For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is \"Standard rated\", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is \"Standard rated\" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).",
        "The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is \"Standard rated\" shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).",
        "A VAT Breakdown (BG-23) with VAT Category code (BT-118) \"Standard rate\" shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).",
    ],
};

pub fn br_s_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_01(&S, inv, out);
}

pub fn br_s_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_02(&S, inv, out);
}

pub fn br_s_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_03(&S, inv, out);
}

pub fn br_s_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_04(&S, inv, out);
}

pub fn br_s_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_05(&S, inv, out);
}

pub fn br_s_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_06(&S, inv, out);
}

pub fn br_s_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_07(&S, inv, out);
}

pub fn br_s_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_08(&S, inv, out);
}

pub fn br_s_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_09(&S, inv, out);
}

pub fn br_s_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    rated::rule_10(&S, inv, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{d, fires, silent, silent_on, valid_json_invoice};

    #[test]
    fn br_s_01_fires_when_declared_breakdown_lacks_s() {
        fires(br_s_01, "BR-S-01", |i| {
            for b in &mut i.vat_breakdown {
                b.category = "Z".into();
            }
        });
    }
    #[test]
    fn br_s_01_silent_when_engine_computes_the_breakdown() {
        silent_on(br_s_01, &valid_json_invoice());
        silent(br_s_01, |_| {});
    }

    #[test]
    fn br_s_02_fires_without_seller_vat_id() {
        fires(br_s_02, "BR-S-02", |i| i.seller.vat_id = None);
    }
    #[test]
    fn br_s_02_silent_without_vat_id_when_no_s_line() {
        silent(br_s_02, |i| {
            i.seller.vat_id = None;
            for l in &mut i.lines {
                l.vat_category = "E".into();
            }
        });
    }

    #[test]
    fn br_s_03_fires_with_s_allowance_and_no_seller_vat_id() {
        fires(br_s_03, "BR-S-03", |i| i.seller.vat_id = Some(" ".into()));
    }
    #[test]
    fn br_s_03_silent_without_allowance() {
        silent(br_s_03, |i| {
            i.seller.vat_id = None;
            i.allowances.clear();
        });
    }

    #[test]
    fn br_s_04_fires_with_s_charge_and_no_seller_vat_id() {
        fires(br_s_04, "BR-S-04", |i| i.seller.vat_id = None);
    }
    #[test]
    fn br_s_04_silent_without_charge() {
        silent(br_s_04, |i| {
            i.seller.vat_id = None;
            i.charges.clear();
        });
    }

    #[test]
    fn br_s_05_fires_on_zero_rate_line() {
        let diag = fires(br_s_05, "BR-S-05", |i| {
            i.lines[1].vat_rate = Some(Decimal::ZERO)
        });
        assert!(diag.message_fr.contains("ligne 2"), "{}", diag.message_fr);
    }
    #[test]
    fn br_s_05_fires_on_line_without_rate() {
        fires(br_s_05, "BR-S-05", |i| i.lines[0].vat_rate = None);
    }
    #[test]
    fn br_s_05_silent_on_reduced_rate() {
        silent(br_s_05, |i| i.lines[0].vat_rate = Some(d("5.5")));
    }

    #[test]
    fn br_s_06_fires_on_allowance_without_rate() {
        fires(br_s_06, "BR-S-06", |i| i.allowances[0].vat_rate = None);
    }
    #[test]
    fn br_s_06_silent_on_allowance_at_ten_percent() {
        silent(br_s_06, |i| i.allowances[0].vat_rate = Some(d("10")));
    }

    #[test]
    fn br_s_07_fires_on_charge_at_zero() {
        fires(br_s_07, "BR-S-07", |i| {
            i.charges[0].vat_rate = Some(d("0.00"))
        });
    }
    #[test]
    fn br_s_07_silent_on_charge_at_twenty() {
        silent(br_s_07, |_| {});
    }

    #[test]
    fn br_s_08_fires_when_base_misses_the_charge() {
        let diag = fires(br_s_08, "BR-S-08", |i| {
            i.vat_breakdown[0].taxable_amount = Some(d("325.00"))
        });
        assert!(diag.message_fr.contains("350,50"), "{}", diag.message_fr);
    }
    #[test]
    fn br_s_08_silent_when_json_declares_a_line_amount_the_writer_replaces() {
        let mut inv = valid_json_invoice();
        inv.lines[0].net_amount = Some(d("199.00"));
        silent_on(br_s_08, &inv);
    }
    #[test]
    fn br_s_08_silent_with_two_rates_split_right() {
        let mut inv = valid_json_invoice();
        inv.lines[1].vat_rate = Some(d("10"));
        silent_on(br_s_08, &inv.completed());
    }

    #[test]
    fn br_s_09_fires_when_tax_is_off_by_more_than_one() {
        fires(br_s_09, "BR-S-09", |i| {
            i.vat_breakdown[0].tax_amount = Some(d("68.10"))
        });
    }
    #[test]
    fn br_s_09_silent_within_the_schematron_tolerance() {
        silent(br_s_09, |i| {
            i.vat_breakdown[0].tax_amount = Some(d("70.50"))
        });
    }

    #[test]
    fn br_s_10_fires_on_exemption_reason() {
        fires(br_s_10, "BR-S-10", |i| {
            i.vat_breakdown[0].exemption_reason_code = Some("VATEX-EU-O".into())
        });
    }
    #[test]
    fn br_s_10_fires_on_an_empty_reason_too() {
        // An empty <ram:ExemptionReason/> is written, and the schematron finds it.
        fires(br_s_10, "BR-S-10", |i| {
            i.vat_breakdown[0].exemption_reason = Some(String::new())
        });
    }
}

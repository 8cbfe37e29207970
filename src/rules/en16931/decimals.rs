//! BR-DEC-*: amounts carry at most two decimals. The writer trims trailing zeros
//! (`12.500` is written `12.50`), so only an amount whose value needs a third
//! decimal (`12.505`) breaks these rules. Computed amounts are rounded to two
//! decimals by the engine and never fail. BR-DEC-15 (BT-111, VAT in accounting
//! currency) has no field in the model.

use super::support::{amount_fr, arithmetic_safe, block, breakdown, declared};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// More than two decimals. A file's amount is judged as written (`2600.000` has
/// three, as the schematron counts them after the point); an amount the engine
/// writes is judged by its value, since the writer drops trailing zeros.
fn too_precise(written: bool, value: &Decimal) -> bool {
    if written {
        value.scale() > 2
    } else {
        value.normalize().scale() > 2
    }
}

/// One diagnostic naming every offending amount of the business term.
fn check(
    inv: &Facts,
    out: &mut Vec<Diagnostic>,
    (rule, bt, what_fr, en): (&str, &str, &str, &str),
    values: impl IntoIterator<Item = Decimal>,
) {
    let written = inv.from_file();
    let bad: Vec<String> = values
        .into_iter()
        .filter(|v| too_precise(written, v))
        .map(amount_fr)
        .collect();
    if !bad.is_empty() {
        out.push(block(
            rule,
            bt,
            format!(
                "{what_fr} ({bt}) doit avoir au plus 2 décimales : {} ; arrondissez au centime.",
                bad.join(", ")
            ),
            en,
        ));
    }
}

pub fn br_dec_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-01", "BT-92", "Le montant d'une remise globale", "The allowed maximum number of decimals for the Document level allowance amount (BT-92) is 2."),
        inv.allowances.iter().map(|a| a.amount),
    );
}

pub fn br_dec_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-02", "BT-93", "L'assiette d'une remise globale", "The allowed maximum number of decimals for the Document level allowance base amount (BT-93) is 2."),
        inv.allowances.iter().filter_map(|a| a.base_amount),
    );
}

pub fn br_dec_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-05", "BT-99", "Le montant de frais globaux", "The allowed maximum number of decimals for the Document level charge amount (BT-99) is 2."),
        inv.charges.iter().map(|c| c.amount),
    );
}

pub fn br_dec_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-06", "BT-100", "L'assiette de frais globaux", "The allowed maximum number of decimals for the Document level charge base amount (BT-100) is 2."),
        inv.charges.iter().filter_map(|c| c.base_amount),
    );
}

pub fn br_dec_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-09", "BT-106", "La somme des montants nets des lignes", "The allowed maximum number of decimals for the Sum of Invoice line net amount (BT-106) is 2."),
        declared(inv, |t| t.line_total),
    );
}

pub fn br_dec_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-10", "BT-107", "Le total des remises globales", "The allowed maximum number of decimals for the Sum of allowances on document level (BT-107) is 2."),
        declared(inv, |t| t.allowance_total),
    );
}

pub fn br_dec_11(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-11", "BT-108", "Le total des frais globaux", "The allowed maximum number of decimals for the Sum of charges on document level (BT-108) is 2."),
        declared(inv, |t| t.charge_total),
    );
}

pub fn br_dec_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-12", "BT-109", "Le total hors TVA", "The allowed maximum number of decimals for the Invoice total amount without VAT (BT-109) is 2."),
        declared(inv, |t| t.tax_exclusive),
    );
}

pub fn br_dec_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-13", "BT-110", "Le montant total de TVA", "The allowed maximum number of decimals for the Invoice total VAT amount (BT-110) is 2."),
        // Unlike the other BR-DEC rules, the schematron judges BT-110 by its value
        // (`. = round(. * 100) div 100`): `12.500` passes.
        declared(inv, |t| t.tax_total).map(|v| v.normalize()),
    );
}

pub fn br_dec_14(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-14", "BT-112", "Le total TTC", "The allowed maximum number of decimals for the Invoice total amount with VAT (BT-112) is 2."),
        declared(inv, |t| t.grand_total),
    );
}

pub fn br_dec_16(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        (
            "BR-DEC-16",
            "BT-113",
            "L'acompte déjà versé",
            "The allowed maximum number of decimals for the Paid amount (BT-113) is 2.",
        ),
        inv.prepaid_amount,
    );
}

pub fn br_dec_17(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        (
            "BR-DEC-17",
            "BT-114",
            "L'arrondi",
            "The allowed maximum number of decimals for the Rounding amount (BT-114) is 2.",
        ),
        inv.rounding_amount,
    );
}

pub fn br_dec_18(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        (
            "BR-DEC-18",
            "BT-115",
            "Le montant net à payer",
            "The allowed maximum number of decimals for the Amount due for payment (BT-115) is 2.",
        ),
        declared(inv, |t| t.due_payable),
    );
}

pub fn br_dec_19(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    check(
        inv,
        out,
        ("BR-DEC-19", "BT-116", "La base HT d'un taux de TVA", "The allowed maximum number of decimals for the VAT category taxable amount (BT-116) is 2."),
        breakdown(inv).iter().filter_map(|b| b.taxable_amount),
    );
}

pub fn br_dec_20(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    check(
        inv,
        out,
        (
            "BR-DEC-20",
            "BT-117",
            "Le montant de TVA d'un taux",
            "The allowed maximum number of decimals for the VAT category tax amount (BT-117) is 2.",
        ),
        breakdown(inv).iter().filter_map(|b| b.tax_amount),
    );
}

pub fn br_dec_23(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        (
            "BR-DEC-23",
            "BT-131",
            "Le montant net d'une ligne",
            "The allowed maximum number of decimals for the Invoice line net amount (BT-131) is 2.",
        ),
        inv.lines.iter().filter_map(|l| l.net_amount),
    );
}

pub fn br_dec_24(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-24", "BT-136", "Le montant d'une remise de ligne", "The allowed maximum number of decimals for the Invoice line allowance amount (BT-136) is 2."),
        inv.lines.iter().flat_map(|l| &l.allowances).map(|a| a.amount),
    );
}

pub fn br_dec_25(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-25", "BT-137", "L'assiette d'une remise de ligne", "The allowed maximum number of decimals for the Invoice line allowance base amount (BT-137) is 2."),
        inv.lines.iter().flat_map(|l| &l.allowances).filter_map(|a| a.base_amount),
    );
}

pub fn br_dec_27(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-27", "BT-141", "Le montant de frais de ligne", "The allowed maximum number of decimals for the Invoice line charge amount (BT-141) is 2."),
        inv.lines.iter().flat_map(|l| &l.charges).map(|c| c.amount),
    );
}

pub fn br_dec_28(inv: &Facts, out: &mut Vec<Diagnostic>) {
    check(
        inv,
        out,
        ("BR-DEC-28", "BT-142", "L'assiette de frais de ligne", "The allowed maximum number of decimals for the Invoice line charge base amount (BT-142) is 2."),
        inv.lines.iter().flat_map(|l| &l.charges).filter_map(|c| c.base_amount),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LineAllowanceCharge, Totals};
    use crate::rules::en16931::fixture::{d, fires, silent, silent_on, valid_json_invoice};

    fn totals_mut(i: &mut crate::model::Invoice) -> &mut Totals {
        i.totals.get_or_insert_with(Totals::default)
    }

    fn line_charge(amount: &str, base: Option<&str>) -> LineAllowanceCharge {
        LineAllowanceCharge {
            amount: d(amount),
            base_amount: base.map(d),
            percentage: None,
            reason: None,
            reason_code: None,
        }
    }

    #[test]
    fn br_dec_01_fires_on_allowance_with_three_decimals() {
        let diag = fires(br_dec_01, "BR-DEC-01", |i| {
            i.allowances[0].amount = d("10.005")
        });
        assert!(diag.message_fr.contains("10,005"), "{}", diag.message_fr);
    }
    #[test]
    fn br_dec_01_silent_on_whole_allowance() {
        silent(br_dec_01, |i| i.allowances[0].amount = d("10"));
    }

    #[test]
    fn br_dec_02_fires_on_allowance_base_with_three_decimals() {
        fires(br_dec_02, "BR-DEC-02", |i| {
            i.allowances[0].base_amount = Some(d("100.505"))
        });
    }
    #[test]
    fn br_dec_02_silent_on_trailing_zeros_the_writer_trims() {
        silent(br_dec_02, |i| {
            i.allowances[0].base_amount = Some(d("100.500"))
        });
    }

    #[test]
    fn br_dec_05_fires_on_charge_with_three_decimals() {
        fires(br_dec_05, "BR-DEC-05", |i| {
            i.charges[0].amount = d("25.505")
        });
    }
    #[test]
    fn br_dec_05_silent_on_charge_with_one_decimal() {
        silent(br_dec_05, |i| i.charges[0].amount = d("25.5"));
    }

    #[test]
    fn br_dec_06_fires_on_charge_base_with_four_decimals() {
        fires(br_dec_06, "BR-DEC-06", |i| {
            i.charges[0].base_amount = Some(d("1.0001"))
        });
    }
    #[test]
    fn br_dec_06_silent_on_charge_base_with_two() {
        silent(br_dec_06, |i| i.charges[0].base_amount = Some(d("1.01")));
    }

    #[test]
    fn br_dec_09_fires_on_line_total_with_three_decimals() {
        fires(br_dec_09, "BR-DEC-09", |i| {
            totals_mut(i).line_total = Some(d("335.001"))
        });
    }
    #[test]
    fn br_dec_09_silent_when_computed() {
        silent_on(br_dec_09, &valid_json_invoice());
    }

    #[test]
    fn br_dec_10_fires_on_allowance_total_with_three_decimals() {
        fires(br_dec_10, "BR-DEC-10", |i| {
            totals_mut(i).allowance_total = Some(d("10.001"))
        });
    }
    #[test]
    fn br_dec_10_silent_when_declared_with_two() {
        silent(br_dec_10, |_| {});
    }

    #[test]
    fn br_dec_11_fires_on_charge_total_with_three_decimals() {
        fires(br_dec_11, "BR-DEC-11", |i| {
            totals_mut(i).charge_total = Some(d("25.501"))
        });
    }
    #[test]
    fn br_dec_11_silent_when_declared_with_two() {
        silent(br_dec_11, |_| {});
    }

    #[test]
    fn br_dec_12_fires_on_tax_exclusive_with_three_decimals() {
        fires(br_dec_12, "BR-DEC-12", |i| {
            totals_mut(i).tax_exclusive = Some(d("350.505"))
        });
    }
    #[test]
    fn br_dec_12_silent_when_declared_with_two() {
        silent(br_dec_12, |_| {});
    }

    #[test]
    fn br_dec_13_fires_on_tax_total_with_a_third_decimal() {
        fires(br_dec_13, "BR-DEC-13", |i| {
            totals_mut(i).tax_total = Some(d("70.105"))
        });
    }
    #[test]
    fn br_dec_13_silent_on_trailing_zero() {
        silent(br_dec_13, |i| totals_mut(i).tax_total = Some(d("70.100")));
    }

    #[test]
    fn br_dec_14_fires_on_grand_total_with_three_decimals() {
        fires(br_dec_14, "BR-DEC-14", |i| {
            totals_mut(i).grand_total = Some(d("420.601"))
        });
    }
    #[test]
    fn br_dec_14_silent_when_declared_with_two() {
        silent(br_dec_14, |_| {});
    }

    #[test]
    fn br_dec_16_fires_on_prepaid_with_three_decimals() {
        fires(br_dec_16, "BR-DEC-16", |i| {
            i.prepaid_amount = Some(d("100.001"))
        });
    }
    #[test]
    fn br_dec_16_silent_on_prepaid_with_two() {
        silent(br_dec_16, |i| i.prepaid_amount = Some(d("100.00")));
    }

    #[test]
    fn br_dec_17_fires_on_rounding_with_three_decimals() {
        fires(br_dec_17, "BR-DEC-17", |i| {
            i.rounding_amount = Some(d("0.004"))
        });
    }
    #[test]
    fn br_dec_17_silent_on_rounding_with_two() {
        silent(br_dec_17, |i| i.rounding_amount = Some(d("0.40")));
    }

    #[test]
    fn br_dec_18_fires_on_due_payable_with_three_decimals() {
        fires(br_dec_18, "BR-DEC-18", |i| {
            totals_mut(i).due_payable = Some(d("420.601"))
        });
    }
    #[test]
    fn br_dec_18_silent_when_declared_with_two() {
        silent(br_dec_18, |_| {});
    }

    #[test]
    fn br_dec_19_fires_on_taxable_amount_with_three_decimals() {
        fires(br_dec_19, "BR-DEC-19", |i| {
            i.vat_breakdown[0].taxable_amount = Some(d("350.501"))
        });
    }
    #[test]
    fn br_dec_19_silent_when_computed_from_three_decimal_prices() {
        let mut inv = valid_json_invoice();
        inv.lines[0].net_price = d("33.333");
        silent_on(br_dec_19, &inv);
    }

    #[test]
    fn br_dec_20_fires_on_tax_amount_with_three_decimals() {
        fires(br_dec_20, "BR-DEC-20", |i| {
            i.vat_breakdown[0].tax_amount = Some(d("70.101"))
        });
    }
    #[test]
    fn br_dec_20_silent_when_declared_with_two() {
        silent(br_dec_20, |_| {});
    }

    #[test]
    fn br_dec_23_fires_on_line_amount_with_three_decimals() {
        fires(br_dec_23, "BR-DEC-23", |i| {
            i.lines[0].net_amount = Some(d("200.001"))
        });
    }
    #[test]
    fn br_dec_23_silent_on_computed_line_amounts() {
        let mut inv = valid_json_invoice();
        inv.lines[0].quantity = d("1.333");
        silent_on(br_dec_23, &inv);
    }

    #[test]
    fn br_dec_24_fires_on_line_allowance_with_three_decimals() {
        fires(br_dec_24, "BR-DEC-24", |i| {
            i.lines[1].allowances[0].amount = d("15.001")
        });
    }
    #[test]
    fn br_dec_24_silent_on_line_allowance_with_two() {
        silent(br_dec_24, |_| {});
    }

    #[test]
    fn br_dec_25_fires_on_line_allowance_base_with_three_decimals() {
        fires(br_dec_25, "BR-DEC-25", |i| {
            i.lines[1].allowances[0].base_amount = Some(d("150.001"))
        });
    }
    #[test]
    fn br_dec_25_silent_on_line_allowance_base_with_two() {
        silent(br_dec_25, |_| {});
    }

    #[test]
    fn br_dec_27_fires_on_line_charge_with_three_decimals() {
        fires(br_dec_27, "BR-DEC-27", |i| {
            i.lines[0].charges.push(line_charge("1.125", None))
        });
    }
    #[test]
    fn br_dec_27_silent_on_line_charge_with_two() {
        silent(br_dec_27, |i| {
            i.lines[0].charges.push(line_charge("1.13", Some("1.125")))
        });
    }

    #[test]
    fn br_dec_28_fires_on_line_charge_base_with_three_decimals() {
        fires(br_dec_28, "BR-DEC-28", |i| {
            i.lines[0].charges.push(line_charge("1.13", Some("11.251")))
        });
    }
    #[test]
    fn br_dec_28_silent_on_line_charge_base_with_two() {
        silent(br_dec_28, |i| {
            i.lines[0].charges.push(line_charge("1.13", Some("11.25")))
        });
    }
}

#[cfg(test)]
mod written_tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires_on, run, valid_invoice};

    /// A file's amount is judged as written: `2600.000` has three decimals for the
    /// schematron; the same value the engine writes goes out as `2600.00`.
    #[test]
    fn a_file_amount_written_with_three_decimals_breaks_br_dec() {
        let mut inv = file_invoice();
        assert!(run(br_dec_09, &inv).is_empty());
        let total = inv.totals.as_mut().unwrap();
        total.line_total = total.line_total.map(|v| {
            let mut v = v;
            v.rescale(3);
            v
        });
        fires_on(br_dec_09, "BR-DEC-09", &inv);
        let mut written = valid_invoice();
        let t = written.totals.as_mut().unwrap();
        t.line_total = t.line_total.map(|mut v| {
            v.rescale(3);
            v
        });
        assert!(run(br_dec_09, &written).is_empty());
    }
}

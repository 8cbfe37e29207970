//! BR-CO-10..BR-CO-18: the document totals (BG-22) and the VAT breakdown (BG-23) add up. Each compares a
//! declared total with what the rest of the invoice implies; a total the engine
//! computes (nothing declared) cannot disagree, so the rule stays silent.

use super::support::{
    amount_fr, arithmetic_safe, block, breakdown, declared, line_net, rate_fr, total, xpath_round2,
};
use crate::model::Totals;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::{Decimal, RoundingStrategy};

fn mismatch(
    rule: &str,
    bt: &str,
    what_fr: &str,
    declared: Decimal,
    expected: Decimal,
    en: &str,
) -> Diagnostic {
    block(
        rule,
        bt,
        format!(
            "{what_fr} : la facture déclare {} alors que le calcul donne {}. Corrigez le montant ou recalculez la facture.",
            amount_fr(declared),
            amount_fr(expected)
        ),
        en,
    )
}

/// A file's BG-22 lacks a total the identity needs: the schematron's comparison
/// with an absent value fails, so the rule fails too (beside BR-12..BR-15, which say
/// the total is missing). Only where the file has a BG-22 at all: the schematron's
/// context is that element.
fn file_lacks(inv: &Facts, picks: &[fn(&Totals) -> Option<Decimal>]) -> bool {
    inv.from_file()
        && inv
            .totals
            .as_ref()
            .is_some_and(|t| picks.iter().any(|pick| pick(t).is_none()))
}

fn missing_figure(rule: &str, bt: &str, what_fr: &str, en: &str) -> Diagnostic {
    block(
        rule,
        bt,
        format!("{what_fr} : un des montants de ce calcul manque dans le fichier ; il ne peut pas être vérifié."),
        en,
    )
}

pub fn br_co_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    const FR: &str = "La somme des montants nets des lignes (BT-106) doit égaler le total des montants nets de chaque ligne (BT-131)";
    const EN: &str =
        "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).";
    if file_lacks(inv, &[|t| t.line_total]) {
        out.push(missing_figure("BR-CO-10", "BT-106", FR, EN));
        return;
    }
    let Some(line_total) = declared(inv, |t| t.line_total) else {
        return;
    };
    let sum = xpath_round2(inv.lines.iter().map(|l| line_net(inv, l)).sum());
    if line_total != sum {
        out.push(mismatch("BR-CO-10", "BT-106", FR, line_total, sum, EN));
    }
}

pub fn br_co_11(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    if !inv.allowances.is_empty() && file_lacks(inv, &[|t| t.allowance_total]) {
        out.push(missing_figure(
            "BR-CO-11",
            "BT-107",
            "Le total des remises au niveau document (BT-107) doit égaler la somme des remises (BT-92)",
            "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).",
        ));
        return;
    }
    let Some(allowance_total) = declared(inv, |t| t.allowance_total) else {
        return;
    };
    let sum = xpath_round2(inv.allowances.iter().map(|a| a.amount).sum());
    if allowance_total != sum {
        out.push(mismatch(
            "BR-CO-11",
            "BT-107",
            "Le total des remises au niveau document (BT-107) doit égaler la somme des remises (BT-92)",
            allowance_total,
            sum,
            "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).",
        ));
    }
}

pub fn br_co_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    if !inv.charges.is_empty() && file_lacks(inv, &[|t| t.charge_total]) {
        out.push(missing_figure(
            "BR-CO-12",
            "BT-108",
            "Le total des frais au niveau document (BT-108) doit égaler la somme des frais (BT-99)",
            "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).",
        ));
        return;
    }
    let Some(charge_total) = declared(inv, |t| t.charge_total) else {
        return;
    };
    let sum = xpath_round2(inv.charges.iter().map(|c| c.amount).sum());
    if xpath_round2(charge_total) != sum {
        out.push(mismatch(
            "BR-CO-12",
            "BT-108",
            "Le total des frais au niveau document (BT-108) doit égaler la somme des frais (BT-99)",
            charge_total,
            sum,
            "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).",
        ));
    }
}

pub fn br_co_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    if file_lacks(inv, &[|t| t.tax_exclusive, |t| t.line_total]) {
        out.push(missing_figure(
            "BR-CO-13",
            "BT-109",
            "Le total hors TVA (BT-109) doit égaler la somme des lignes (BT-106) moins les remises (BT-107) plus les frais (BT-108)",
            "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).",
        ));
        return;
    }
    let Some(tax_exclusive) = declared(inv, |t| t.tax_exclusive) else {
        return;
    };
    let Some(line_total) = total(inv, |t| t.line_total) else {
        return;
    };
    // A total absent from a declared BG-22 counts as zero, as in the schematron.
    let allowances = declared(inv, |t| t.allowance_total).unwrap_or(Decimal::ZERO);
    let charges = declared(inv, |t| t.charge_total).unwrap_or(Decimal::ZERO);
    let expected = xpath_round2(line_total - allowances + charges);
    if tax_exclusive != expected {
        out.push(mismatch(
            "BR-CO-13",
            "BT-109",
            "Le total hors TVA (BT-109) doit égaler la somme des lignes (BT-106) moins les remises (BT-107) plus les frais (BT-108)",
            tax_exclusive,
            expected,
            "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).",
        ));
    }
}

pub fn br_co_14(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    // The schematron checks the BT-110 in the invoice currency only.
    if inv.file.as_ref().is_some_and(|f| !f.tax_total_in_currency) {
        return;
    }
    let Some(tax_total) = declared(inv, |t| t.tax_total) else {
        return;
    };
    let sum = xpath_round2(breakdown(inv).iter().filter_map(|b| b.tax_amount).sum());
    if tax_total != sum {
        out.push(mismatch(
            "BR-CO-14",
            "BT-110",
            "Le montant total de TVA (BT-110) doit égaler la somme des montants de TVA par taux du récapitulatif (BT-117)",
            tax_total,
            sum,
            "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).",
        ));
    }
}

pub fn br_co_15(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    const FR: &str = "Le total TTC (BT-112) doit égaler le total hors TVA (BT-109) plus le montant total de TVA (BT-110)";
    const EN: &str = "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).";
    if file_lacks(inv, &[|t| t.grand_total, |t| t.tax_exclusive]) {
        out.push(missing_figure("BR-CO-15", "BT-112", FR, EN));
        return;
    }
    let Some(grand_total) = declared(inv, |t| t.grand_total) else {
        return;
    };
    let Some(tax_exclusive) = total(inv, |t| t.tax_exclusive) else {
        return;
    };
    // The schematron asks it of every BT-5 (`every $Currency in ... satisfies`): a
    // file without BT-5 holds vacuously (BR-05 says BT-5 is missing).
    if inv.from_file() && inv.currency.is_empty() {
        return;
    }
    // The schematron also accepts TTC = HT outright; otherwise it needs one BT-110 in
    // the invoice currency (a file may hold it in the tax currency only, or none).
    let in_currency = inv.file.as_ref().is_none_or(|f| f.tax_total_in_currency);
    let tax_total = total(inv, |t| t.tax_total).filter(|_| in_currency);
    let Some(tax_total) = tax_total else {
        if grand_total != tax_exclusive {
            out.push(missing_figure("BR-CO-15", "BT-110", FR, EN));
        }
        return;
    };
    let expected = xpath_round2(tax_exclusive + tax_total);
    if grand_total != expected && grand_total != tax_exclusive {
        out.push(mismatch(
            "BR-CO-15",
            "BT-112",
            FR,
            grand_total,
            expected,
            EN,
        ));
    }
}

pub fn br_co_16(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    // Unlike the other totals, a computed BT-115 can break this rule: it is rounded
    // to the cent, so a paid or rounding amount with a third decimal shows here.
    if file_lacks(inv, &[|t| t.due_payable, |t| t.grand_total]) {
        out.push(missing_figure(
            "BR-CO-16",
            "BT-115",
            "Le montant net à payer (BT-115) doit égaler le total TTC (BT-112) moins l'acompte déjà versé (BT-113) plus l'arrondi (BT-114)",
            "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).",
        ));
        return;
    }
    let Some(due) = total(inv, |t| t.due_payable) else {
        return;
    };
    let Some(grand_total) = total(inv, |t| t.grand_total) else {
        return;
    };
    let expected = grand_total - inv.prepaid_amount.unwrap_or(Decimal::ZERO)
        + inv.rounding_amount.unwrap_or(Decimal::ZERO);
    if due != expected {
        out.push(mismatch(
            "BR-CO-16",
            "BT-115",
            "Le montant net à payer (BT-115) doit égaler le total TTC (BT-112) moins l'acompte déjà versé (BT-113) plus l'arrondi (BT-114)",
            due,
            expected,
            "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).",
        ));
    }
}

/// BT-117 = BT-116 × BT-119 / 100 to within one unit, as the schematron checks it;
/// a zero or missing rate asks for a tax that rounds to zero. A file's entry without
/// BT-117, or without BT-116 where the rate is not zero, fails (the schematron's
/// arithmetic on an absent value does).
fn tax_consistent(b: &crate::model::VatBreakdown) -> bool {
    let Some(tax) = b.tax_amount else {
        return false;
    };
    let whole = |v: Decimal| v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    match b.rate {
        Some(rate) if !whole(rate).is_zero() => {
            let Some(basis) = b.taxable_amount else {
                return false;
            };
            let Some(product) = basis.abs().checked_mul(rate) else {
                return false;
            };
            let expected = xpath_round2(product / Decimal::ONE_HUNDRED);
            let tax = tax.abs();
            tax - Decimal::ONE <= expected && expected <= tax + Decimal::ONE
        }
        _ => whole(tax).is_zero(),
    }
}

pub fn br_co_17(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    let bad: Vec<String> = breakdown(inv)
        .iter()
        .filter(|b| !tax_consistent(b))
        .map(|b| format!("{} {}", b.category.trim(), rate_fr(b.rate)))
        .collect();
    if !bad.is_empty() {
        out.push(block(
            "BR-CO-17",
            "BT-117",
            format!(
                "Dans le récapitulatif de TVA, le montant de TVA (BT-117) doit égaler la base HT (BT-116) multipliée par le taux (BT-119), arrondi au centime : écart pour {}.",
                bad.join(", ")
            ),
            "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.",
        ));
    }
}

pub fn br_co_18(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    if breakdown(inv).is_empty() {
        out.push(block(
            "BR-CO-18",
            "BG-23",
            "La facture doit comporter au moins une ligne de récapitulatif de TVA (BG-23) : ajoutez des lignes avec leur taxe.",
            "An Invoice shall at least have one VAT breakdown group (BG-23).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Totals;
    use crate::rules::en16931::fixture::{
        d, fires, fires_on, silent, silent_on, valid_json_invoice,
    };

    fn totals_mut(i: &mut crate::model::Invoice) -> &mut Totals {
        i.totals.get_or_insert_with(Totals::default)
    }

    #[test]
    fn br_co_10_fires_when_line_total_is_off_by_a_cent() {
        let diag = fires(br_co_10, "BR-CO-10", |i| {
            totals_mut(i).line_total = Some(d("335.01"))
        });
        assert!(
            diag.message_fr.contains("335,01") && diag.message_fr.contains("335,00"),
            "{}",
            diag.message_fr
        );
    }
    #[test]
    fn br_co_10_fires_when_a_declared_line_amount_disagrees() {
        fires(br_co_10, "BR-CO-10", |i| {
            i.lines[0].net_amount = Some(d("199.00"))
        });
    }
    #[test]
    fn br_co_10_silent_when_totals_are_computed() {
        silent_on(br_co_10, &valid_json_invoice());
        silent(br_co_10, |_| {});
    }

    #[test]
    fn br_co_11_fires_when_allowance_total_is_wrong() {
        fires(br_co_11, "BR-CO-11", |i| {
            totals_mut(i).allowance_total = Some(d("0.00"))
        });
    }
    #[test]
    fn br_co_11_silent_when_matching() {
        silent(br_co_11, |i| totals_mut(i).allowance_total = Some(d("10")));
    }

    #[test]
    fn br_co_12_fires_when_charge_total_is_wrong() {
        fires(br_co_12, "BR-CO-12", |i| {
            totals_mut(i).charge_total = Some(d("25.00"))
        });
    }
    #[test]
    fn br_co_12_silent_when_matching() {
        silent(br_co_12, |_| {});
    }

    #[test]
    fn br_co_13_fires_when_tax_exclusive_ignores_the_charge() {
        // 335.00 − 10.00 + 25.50 = 350.50
        fires(br_co_13, "BR-CO-13", |i| {
            totals_mut(i).tax_exclusive = Some(d("325.00"))
        });
    }
    #[test]
    fn br_co_13_silent_without_charges_declared_when_none_exist() {
        silent(br_co_13, |i| {
            i.charges.clear();
            let t = totals_mut(i);
            t.charge_total = None;
            t.tax_exclusive = Some(d("325.00"));
        });
    }

    #[test]
    fn br_co_14_fires_when_tax_total_differs_from_breakdown() {
        fires(br_co_14, "BR-CO-14", |i| {
            totals_mut(i).tax_total = Some(d("70.00"))
        });
    }
    #[test]
    fn br_co_14_silent_when_matching() {
        silent(br_co_14, |i| totals_mut(i).tax_total = Some(d("70.10")));
    }

    #[test]
    fn br_co_15_fires_when_grand_total_is_wrong() {
        fires(br_co_15, "BR-CO-15", |i| {
            totals_mut(i).grand_total = Some(d("420.00"))
        });
    }
    #[test]
    fn br_co_15_silent_when_matching() {
        silent(br_co_15, |i| totals_mut(i).grand_total = Some(d("420.60")));
    }

    #[test]
    fn br_co_16_fires_when_prepaid_amount_is_not_deducted() {
        fires(br_co_16, "BR-CO-16", |i| {
            i.prepaid_amount = Some(d("100.00"))
        });
    }
    #[test]
    fn br_co_16_fires_when_computed_due_amount_rounds_a_third_decimal_away() {
        let mut inv = valid_json_invoice();
        inv.prepaid_amount = Some(d("100.001"));
        fires_on(br_co_16, "BR-CO-16", &inv);
    }
    #[test]
    fn br_co_16_silent_when_computed_with_prepaid() {
        let mut inv = valid_json_invoice();
        inv.prepaid_amount = Some(d("100.00"));
        silent_on(br_co_16, &inv);
    }
    #[test]
    fn br_co_16_silent_with_prepaid_and_rounding() {
        silent(br_co_16, |i| {
            i.prepaid_amount = Some(d("100.00"));
            i.rounding_amount = Some(d("0.40"));
            totals_mut(i).due_payable = Some(d("321.00"));
        });
    }

    #[test]
    fn br_co_17_fires_when_tax_is_off_by_more_than_one() {
        let diag = fires(br_co_17, "BR-CO-17", |i| {
            i.vat_breakdown[0].tax_amount = Some(d("72.00"))
        });
        assert!(diag.message_fr.contains("S 20 %"), "{}", diag.message_fr);
    }
    #[test]
    fn br_co_17_fires_on_tax_in_zero_rate_entry() {
        let mut inv = crate::rules::en16931::fixture::franchise_invoice().completed();
        inv.vat_breakdown[0].tax_amount = Some(d("0.60"));
        fires_on(br_co_17, "BR-CO-17", &inv);
    }
    #[test]
    fn br_co_17_silent_within_one_unit() {
        silent(br_co_17, |i| {
            i.vat_breakdown[0].tax_amount = Some(d("71.10"))
        });
    }

    #[test]
    fn br_co_18_fires_without_any_breakdown() {
        fires(br_co_18, "BR-CO-18", |i| {
            i.lines.clear();
            i.allowances.clear();
            i.charges.clear();
            i.vat_breakdown.clear();
        });
    }
    #[test]
    fn br_co_18_silent_when_engine_computes_the_breakdown() {
        silent(br_co_18, |i| i.vat_breakdown.clear());
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires_on, run};

    /// A file's missing total fails the identity it takes part in, as in the
    /// schematron; the same invoice written by the engine is completed instead.
    #[test]
    fn a_file_without_a_total_fails_its_identities() {
        let inv = file_invoice();
        for rule in [br_co_10, br_co_13, br_co_15, br_co_16, br_co_17] {
            assert!(run(rule, &inv).is_empty());
        }
        let mut no_lines = file_invoice();
        no_lines.totals.as_mut().unwrap().line_total = None;
        fires_on(br_co_10, "BR-CO-10", &no_lines);
        fires_on(br_co_13, "BR-CO-13", &no_lines);
        let mut no_grand = file_invoice();
        no_grand.totals.as_mut().unwrap().grand_total = None;
        fires_on(br_co_15, "BR-CO-15", &no_grand);
        fires_on(br_co_16, "BR-CO-16", &no_grand);
        let mut no_tax = file_invoice();
        no_tax.vat_breakdown[0].tax_amount = None;
        fires_on(br_co_17, "BR-CO-17", &no_tax);
        // Written from a JSON without totals: completed, nothing missing.
        let mut json = crate::rules::en16931::fixture::valid_json_invoice();
        json.totals = None;
        assert!(run(br_co_10, &json).is_empty());
        assert!(run(br_co_15, &json).is_empty());
    }
}

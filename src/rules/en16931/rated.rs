//! The ten rules of a category taxed at its own rates: the standard rate (S, BR-S-*),
//! the Canary Islands' IGIC (L, BR-AF-*) and Ceuta and Melilla's IPSI (M, BR-AG-*).
//! EN 16931 words the three families alike, and the schematron tests them alike but
//! for the rate each allows (S and L: above zero; M: zero or above). Each family
//! module gives its ids, its texts and that rate test; the logic is here, once.

use super::category::{
    allowances, charges, entries, expected_taxable, has_exemption_reason, lines, rates_fr,
    seller_vat_missing, tax_matches_rate, used,
};
use super::support::{amount_fr, arithmetic_safe, block, breakdown, lines_fr, rate_fr};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// One family: its category code, its ids (`BR-S-01`...), the rate its lines,
/// allowances and charges may carry, and its messages, French then official English,
/// by rule number (index 0 is rule 01). `{lines}`, `{detail}` and `{rates}` in a French
/// text are replaced by what the rule found.
pub struct Family {
    pub code: &'static str,
    pub ids: [&'static str; 10],
    pub rate_ok: fn(Option<Decimal>) -> bool,
    pub fr: [&'static str; 10],
    pub en: [&'static str; 10],
}

/// A rate above zero (S, L).
pub fn positive(rate: Option<Decimal>) -> bool {
    rate.is_some_and(|r| r > Decimal::ZERO)
}

/// A rate of zero or above (M); a missing rate fails, as `RateApplicablePercent >= 0`
/// does on nothing.
pub fn not_negative(rate: Option<Decimal>) -> bool {
    rate.is_some_and(|r| r >= Decimal::ZERO)
}

fn push(f: &Family, n: usize, bt: &str, fr: String, out: &mut Vec<Diagnostic>) {
    out.push(block(f.ids[n - 1], bt, fr, f.en[n - 1]));
}

/// Rule 01: a line, allowance or charge of the category needs a breakdown entry of it.
pub fn rule_01(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    if used(inv, f.code) && entries(breakdown(inv), f.code).next().is_none() {
        push(f, 1, "BT-118", f.fr[0].to_string(), out);
    }
}

/// Rules 02..04: a line, allowance or charge of the category needs the seller's VAT
/// identifier, tax registration or tax representative.
pub fn rule_02(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if lines(inv, f.code).next().is_some() && seller_vat_missing(inv) {
        push(f, 2, "BT-31", f.fr[1].to_string(), out);
    }
}

pub fn rule_03(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if allowances(inv, f.code).next().is_some() && seller_vat_missing(inv) {
        push(f, 3, "BT-31", f.fr[2].to_string(), out);
    }
}

pub fn rule_04(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if charges(inv, f.code).next().is_some() && seller_vat_missing(inv) {
        push(f, 4, "BT-31", f.fr[3].to_string(), out);
    }
}

/// Rules 05..07: the rate of each line, allowance and charge of the category.
pub fn rule_05(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    let bad: Vec<&str> = lines(inv, f.code)
        .filter(|l| !(f.rate_ok)(l.vat_rate))
        .map(|l| l.id.as_str())
        .collect();
    if !bad.is_empty() {
        push(
            f,
            5,
            "BT-152",
            f.fr[4].replace("{lines}", &lines_fr(bad)),
            out,
        );
    }
}

pub fn rule_06(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if allowances(inv, f.code).any(|a| !(f.rate_ok)(a.vat_rate)) {
        push(f, 6, "BT-96", f.fr[5].to_string(), out);
    }
}

pub fn rule_07(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if charges(inv, f.code).any(|c| !(f.rate_ok)(c.vat_rate)) {
        push(f, 7, "BT-103", f.fr[6].to_string(), out);
    }
}

/// Rule 08: each rate's taxable amount is what the lines, charges and allowances at
/// that rate add up to, exactly.
pub fn rule_08(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    let breakdown = breakdown(inv);
    let bad: Vec<String> = entries(breakdown, f.code)
        .filter_map(|b| {
            // No rate: the schematron's `every $rate in ...` holds vacuously.
            let rate = b.rate?;
            let expected = expected_taxable(inv, f.code, Some(Some(rate)));
            let Some(basis) = b.taxable_amount else {
                return Some(format!(
                    "{} : base absente, calculée {}",
                    rate_fr(Some(rate)),
                    amount_fr(expected)
                ));
            };
            (basis != expected).then(|| {
                format!(
                    "{} : base déclarée {}, calculée {}",
                    rate_fr(Some(rate)),
                    amount_fr(basis),
                    amount_fr(expected)
                )
            })
        })
        .collect();
    if !bad.is_empty() {
        push(
            f,
            8,
            "BT-116",
            f.fr[7].replace("{detail}", &bad.join(" ; ")),
            out,
        );
    }
}

/// Rule 09: each entry's tax is its taxable amount times its rate.
pub fn rule_09(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    let breakdown = breakdown(inv);
    let bad: Vec<_> = entries(breakdown, f.code)
        .filter(|b| !tax_matches_rate(b))
        .collect();
    if !bad.is_empty() {
        let rates = rates_fr(bad.iter().map(|b| b.rate));
        push(f, 9, "BT-117", f.fr[8].replace("{rates}", &rates), out);
    }
}

/// Rule 10: no exemption reason on an entry of a taxed category.
pub fn rule_10(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    if entries(breakdown(inv), f.code).any(has_exemption_reason) {
        push(f, 10, "BT-120", f.fr[9].to_string(), out);
    }
}

/// What the tests of each family share: an invoice wholly in the family's category, and
/// each rule firing on what it forbids.
#[cfg(test)]
pub mod testing {
    use crate::model::{Invoice, VatBreakdown};
    use crate::rules::en16931::fixture::{d, fires_on, run, valid_invoice};
    use crate::rules::rule::InvoiceRule;
    use rust_decimal::Decimal;

    /// The fixture's invoice with every line, allowance and charge in category `code`
    /// at 7 %, its breakdown one entry of that category.
    pub fn taxed(code: &str) -> Invoice {
        let mut inv = valid_invoice();
        for l in &mut inv.lines {
            l.vat_category = code.into();
            l.vat_rate = Some(d("7"));
        }
        for a in inv.allowances.iter_mut().chain(&mut inv.charges) {
            a.vat_category = code.into();
            a.vat_rate = Some(d("7"));
        }
        let sum = |v: Vec<Decimal>| v.into_iter().sum::<Decimal>();
        let base = sum(inv
            .lines
            .iter()
            .map(|l| l.net_amount.unwrap_or_default())
            .collect())
            + sum(inv.charges.iter().map(|c| c.amount).collect())
            - sum(inv.allowances.iter().map(|a| a.amount).collect());
        inv.vat_breakdown = vec![VatBreakdown {
            category: code.into(),
            rate: Some(d("7")),
            taxable_amount: Some(base),
            tax_amount: Some((base * d("0.07")).round_dp(2)),
            exemption_reason: None,
            exemption_reason_code: None,
        }];
        inv.totals = None;
        inv
    }

    /// Rules 01..10 of a family (`ids[n]` is `rules[n]`'s id) say nothing about a
    /// conformant invoice of `code`, and each fires on what it forbids; `bad_rate` is
    /// a line, allowance or charge rate the family refuses, `good_rate` one it allows.
    pub fn check_family(
        code: &str,
        rules: [InvoiceRule; 10],
        ids: [&str; 10],
        bad_rate: &str,
        good_rate: &str,
    ) {
        let inv = taxed(code);
        for rule in rules {
            assert!(run(rule, &inv).is_empty(), "{:?}", run(rule, &inv));
        }
        let mut inv = taxed(code);
        inv.vat_breakdown[0].category = "S".into();
        fires_on(rules[0], ids[0], &inv);
        let mut inv = taxed(code);
        inv.seller.vat_id = None;
        for n in 1..4 {
            fires_on(rules[n], ids[n], &inv);
        }
        let mut inv = taxed(code);
        inv.lines[1].vat_rate = Some(d(good_rate));
        assert!(run(rules[4], &inv).is_empty());
        inv.lines[1].vat_rate = Some(d(bad_rate));
        assert!(fires_on(rules[4], ids[4], &inv)
            .message_fr
            .contains("ligne 2"));
        inv.allowances[0].vat_rate = None;
        fires_on(rules[5], ids[5], &inv);
        inv.charges[0].vat_rate = Some(d(bad_rate));
        fires_on(rules[6], ids[6], &inv);
        let mut inv = taxed(code);
        inv.vat_breakdown[0].taxable_amount = Some(d("1.00"));
        fires_on(rules[7], ids[7], &inv);
        let mut inv = taxed(code);
        inv.vat_breakdown[0].tax_amount = Some(d("99.00"));
        fires_on(rules[8], ids[8], &inv);
        let mut inv = taxed(code);
        inv.vat_breakdown[0].exemption_reason = Some("Exonération".into());
        fires_on(rules[9], ids[9], &inv);
    }
}

//! Rules 01..10 of a category that carries no VAT: exempt (E, BR-E-*), zero rated (Z,
//! BR-Z-*), reverse charge (AE, BR-AE-*), export outside the EU (G, BR-G-*),
//! intra-community supply (K, BR-IC-*) and not subject to VAT (O, BR-O-*). EN 16931
//! words the six families alike: exactly one breakdown entry when the category is used
//! (01), the parties' VAT identifiers (02..04), the rate of its lines, allowances and
//! charges (05..07), a taxable amount the lines add up to (08), no tax (09), an
//! exemption reason (10). What differs between them is a fact of the family's table:
//! which identifiers, which rate, how exact the amount, whether the reason is asked or
//! forbidden. Each family module gives its table and keeps its further rules
//! (BR-IC-11/12, BR-O-11..14); the logic is here, once.

use super::category::{
    allowances, charges, entries, expected_taxable, has_exemption_reason, lines, used,
};
use super::support::{amount_fr, arithmetic_safe, block, breakdown, lines_fr};
use crate::model::{Invoice, VatBreakdown};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// One family: its category code, its ids (`BR-E-01`...), what it asks of the parties,
/// its rates, its taxable amount and its exemption reason, and its messages, French
/// then official English, by rule number (index 0 is rule 01). In a French text
/// `{count}` (01), `{what}` (02..04), `{lines}` (05), `{detail}` (08) and `{amounts}`
/// (09) are replaced by what the rule found.
pub struct Family {
    pub code: &'static str,
    pub ids: [&'static str; 10],
    /// Rules 02..04: `Some((bt, what))` when the parties' VAT identifiers are not what
    /// the category asks; `bt` is the field to point at, `what` fills `{what}`.
    pub parties: fn(&Invoice) -> Option<(&'static str, &'static str)>,
    /// Rules 05..07: a rate a line, allowance or charge of the category may not carry.
    pub rate_wrong: fn(&Invoice, Option<Decimal>) -> bool,
    /// Rule 08: how far the declared taxable amount may stray from the computed one.
    pub basis: Basis,
    /// Rule 10: an exemption reason the entry must give, or must not.
    pub reason: Reason,
    /// Rule 01: what follows `{count}` when the category has entries but no line,
    /// allowance or charge.
    pub unused_fr: &'static str,
    pub fr: [&'static str; 10],
    pub en: [&'static str; 10],
}

pub enum Basis {
    /// A difference strictly below 1.00 is tolerated, as CEN's schematron reads it
    /// (Factur-X's accepts a basis exactly 1.00 above): Z, E, AE, G, K.
    WithinOne,
    /// No unit of tolerance: O.
    Exact,
}

pub enum Reason {
    Required,
    /// Z: an exempt supply is E, not a zero rate.
    Forbidden,
}

/// Only the seller's VAT identifier, tax registration or tax representative (E, Z).
pub fn seller_identified(inv: &Invoice) -> Option<(&'static str, &'static str)> {
    super::category::seller_vat_missing(inv).then_some(("BT-31", ""))
}

/// A rate that must be 0 (Z, E, AE, G, K) is not. A file's missing rate is not 0 (the
/// schematron's `RateApplicablePercent = 0` fails on it); written from the form or a
/// JSON, a missing rate is written 0 for these categories (`complete`).
pub fn not_zero_rate(inv: &Invoice, rate: Option<Decimal>) -> bool {
    match rate {
        Some(r) => !r.is_zero(),
        None => inv.from_file(),
    }
}

fn push(f: &Family, n: usize, bt: &str, fr: String, out: &mut Vec<Diagnostic>) {
    out.push(block(f.ids[n - 1], bt, fr, f.en[n - 1]));
}

/// Rule 01: exactly one breakdown entry of the category when a line, allowance or
/// charge is in it, and none otherwise.
pub fn rule_01(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(f.code) || !arithmetic_safe(inv) {
        return;
    }
    let count = entries(breakdown(inv), f.code).count();
    let used = used(inv, f.code);
    if !((count == 0 && !used) || (count == 1 && used)) {
        let unused = if used { "" } else { f.unused_fr };
        let fr = f.fr[0].replace("{count}", &format!("{count}{unused}"));
        push(f, 1, "BT-118", fr, out);
    }
}

fn parties(f: &Family, n: usize, present: bool, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !present {
        return;
    }
    if let Some((bt, what)) = (f.parties)(inv) {
        push(f, n, bt, f.fr[n - 1].replace("{what}", what), out);
    }
}

/// Rules 02..04: a line, allowance or charge of the category asks the parties' VAT
/// identifiers the family names (O: forbids them).
pub fn rule_02(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.uses_category(f.code) {
        parties(f, 2, lines(inv, f.code).next().is_some(), inv, out);
    }
}

pub fn rule_03(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.uses_category(f.code) {
        parties(f, 3, allowances(inv, f.code).next().is_some(), inv, out);
    }
}

pub fn rule_04(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.uses_category(f.code) {
        parties(f, 4, charges(inv, f.code).next().is_some(), inv, out);
    }
}

/// Rules 05..07: the rate of each line, allowance and charge of the category.
pub fn rule_05(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(f.code) {
        return;
    }
    let bad: Vec<&str> = lines(inv, f.code)
        .filter(|l| (f.rate_wrong)(inv, l.vat_rate))
        .map(|l| l.id.as_str())
        .collect();
    if !bad.is_empty() {
        let fr = f.fr[4].replace("{lines}", &lines_fr(bad));
        push(f, 5, "BT-152", fr, out);
    }
}

pub fn rule_06(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.uses_category(f.code) && allowances(inv, f.code).any(|a| (f.rate_wrong)(inv, a.vat_rate))
    {
        push(f, 6, "BT-96", f.fr[5].to_string(), out);
    }
}

pub fn rule_07(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.uses_category(f.code) && charges(inv, f.code).any(|c| (f.rate_wrong)(inv, c.vat_rate)) {
        push(f, 7, "BT-103", f.fr[6].to_string(), out);
    }
}

/// Rule 08: the entry's taxable amount is what the category's lines, charges and
/// allowances add up to; a missing one (a file's entry without BT-116) is wrong too.
pub fn rule_08(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(f.code) || !arithmetic_safe(inv) {
        return;
    }
    let expected = expected_taxable(inv, f.code, None);
    let off = |basis: Decimal| match f.basis {
        Basis::WithinOne => (basis - expected).abs() >= Decimal::ONE,
        Basis::Exact => basis != expected,
    };
    let bad: Vec<String> = entries(breakdown(inv), f.code)
        .filter_map(|b| match b.taxable_amount {
            None => Some(format!("absente, calculée {}", amount_fr(expected))),
            Some(basis) => off(basis).then(|| {
                format!(
                    "déclarée {}, calculée {}",
                    amount_fr(basis),
                    amount_fr(expected)
                )
            }),
        })
        .collect();
    if !bad.is_empty() {
        let fr = f.fr[7].replace("{detail}", &bad.join(" ; "));
        push(f, 8, "BT-116", fr, out);
    }
}

/// Rule 09: the entry's tax is zero; a missing one is not.
pub fn rule_09(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(f.code) || !arithmetic_safe(inv) {
        return;
    }
    let bad: Vec<String> = entries(breakdown(inv), f.code)
        .filter_map(|b| match b.tax_amount {
            None => Some("absent".to_string()),
            Some(t) => (!t.is_zero()).then(|| amount_fr(t)),
        })
        .collect();
    if !bad.is_empty() {
        let fr = f.fr[8].replace("{amounts}", &bad.join(", "));
        push(f, 9, "BT-117", fr, out);
    }
}

/// Rule 10: the entry gives an exemption reason (Z: does not).
pub fn rule_10(f: &Family, inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !inv.uses_category(f.code) || !arithmetic_safe(inv) {
        return;
    }
    let wrong = |b: &VatBreakdown| match f.reason {
        Reason::Required => !has_exemption_reason(b),
        Reason::Forbidden => has_exemption_reason(b),
    };
    if entries(breakdown(inv), f.code).any(wrong) {
        push(f, 10, "BT-120", f.fr[9].to_string(), out);
    }
}

/// What the tests of G, K and O share (E, Z and AE have a test of their own for each
/// rule): each of rules 01..10 silent on a conformant invoice of the category with an
/// allowance and a charge of it, and firing on what it forbids.
#[cfg(test)]
pub mod testing {
    use crate::model::Invoice;
    use crate::rules::en16931::fixture::{d, doc_charge, fires_on, run};
    use crate::rules::rule::InvoiceRule;

    /// What a family's rules 02..10 are tested on, beside its conformant invoice.
    pub struct Spoil {
        /// Gives the parties the identifiers rules 02..04 refuse (or takes away those
        /// they ask).
        pub parties: fn(&mut Invoice),
        /// A rate rules 05..07 refuse on a line, an allowance and a charge.
        pub bad_rate: &'static str,
    }

    /// `conformant` (its first line in the family's category) with an allowance and a
    /// charge of that category added at its lines' rate, amounts computed again.
    fn with_allowance_and_charge(conformant: &Invoice) -> Invoice {
        let mut inv = conformant.clone();
        let (code, rate) = (inv.lines[0].vat_category.clone(), inv.lines[0].vat_rate);
        let mut allowance = doc_charge("5.00", &code, None);
        allowance.vat_rate = rate;
        let mut charge = doc_charge("7.00", &code, None);
        charge.vat_rate = rate;
        inv.allowances.push(allowance);
        inv.charges.push(charge);
        inv.completed()
    }

    /// Rules 01..10 of a family (`ids[n]` is `rules[n]`'s id) say nothing about
    /// `conformant` with an allowance and a charge of its category, and each fires on
    /// what `spoil` says it forbids.
    pub fn check_family(
        conformant: &Invoice,
        rules: [InvoiceRule; 10],
        ids: [&str; 10],
        spoil: Spoil,
    ) {
        let good = with_allowance_and_charge(conformant);
        for rule in rules {
            assert!(run(rule, &good).is_empty(), "{:?}", run(rule, &good));
        }
        let mut inv = good.clone();
        inv.vat_breakdown.push(inv.vat_breakdown[0].clone());
        fires_on(rules[0], ids[0], &inv);
        let mut inv = good.clone();
        (spoil.parties)(&mut inv);
        for n in 1..4 {
            fires_on(rules[n], ids[n], &inv);
        }
        let mut inv = good.clone();
        inv.lines[0].vat_rate = Some(d(spoil.bad_rate));
        assert!(fires_on(rules[4], ids[4], &inv)
            .message_fr
            .contains("ligne 1"));
        inv.allowances[0].vat_rate = Some(d(spoil.bad_rate));
        fires_on(rules[5], ids[5], &inv);
        inv.charges[0].vat_rate = Some(d(spoil.bad_rate));
        fires_on(rules[6], ids[6], &inv);
        let mut inv = good.clone();
        let basis = inv.vat_breakdown[0].taxable_amount.unwrap_or_default();
        inv.vat_breakdown[0].taxable_amount = Some(basis + d("1.00"));
        fires_on(rules[7], ids[7], &inv);
        let mut inv = good.clone();
        inv.vat_breakdown[0].tax_amount = Some(d("1.00"));
        fires_on(rules[8], ids[8], &inv);
        let mut inv = good;
        inv.vat_breakdown[0].exemption_reason = None;
        inv.vat_breakdown[0].exemption_reason_code = None;
        fires_on(rules[9], ids[9], &inv);
    }
}

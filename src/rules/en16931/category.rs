//! What the VAT category families (`rated`, `untaxed` and their own modules) ask
//! alike: where the category is used, what its breakdown entry must add up to, and
//! which identifiers the parties then need.

use super::support::{blank, breakdown_declared, line_net, rate_fr, same_rate, xpath_round2};
use crate::model::totals;
use crate::model::{DocumentAllowanceCharge, Invoice, Line, VatBreakdown};
use rust_decimal::{Decimal, RoundingStrategy};

pub fn lines<'a>(inv: &'a Invoice, code: &'a str) -> impl Iterator<Item = &'a Line> + 'a {
    inv.lines
        .iter()
        .filter(move |l| l.vat_category.trim() == code)
}

pub fn allowances<'a>(
    inv: &'a Invoice,
    code: &'a str,
) -> impl Iterator<Item = &'a DocumentAllowanceCharge> + 'a {
    inv.allowances
        .iter()
        .filter(move |a| a.vat_category.trim() == code)
}

pub fn charges<'a>(
    inv: &'a Invoice,
    code: &'a str,
) -> impl Iterator<Item = &'a DocumentAllowanceCharge> + 'a {
    inv.charges
        .iter()
        .filter(move |c| c.vat_category.trim() == code)
}

/// A line, allowance or charge of the invoice is in this category.
pub fn used(inv: &Invoice, code: &str) -> bool {
    lines(inv, code).next().is_some()
        || allowances(inv, code).next().is_some()
        || charges(inv, code).next().is_some()
}

pub fn entries<'a>(
    breakdown: &'a [VatBreakdown],
    code: &'a str,
) -> impl Iterator<Item = &'a VatBreakdown> + 'a {
    breakdown.iter().filter(move |b| b.category.trim() == code)
}

/// The seller has none of BT-31 (VAT identifier), BT-32 (tax registration, FC) and
/// BT-63 (its tax representative's VAT identifier): BR-S/Z/E/AE-02..04 accept any.
pub fn seller_vat_missing(inv: &Invoice) -> bool {
    blank(inv.seller.vat_id.as_ref())
        && blank(inv.seller.tax_registration_id.as_ref())
        && inv
            .tax_representative
            .as_ref()
            .is_none_or(|r| blank(r.vat_id.as_ref()))
}

/// Neither BT-31 nor BT-63: what G and K ask of the seller (a tax registration,
/// BT-32, is not enough for an export or an intra-community supply).
pub fn seller_vat_or_representative_missing(inv: &Invoice) -> bool {
    blank(inv.seller.vat_id.as_ref())
        && inv
            .tax_representative
            .as_ref()
            .is_none_or(|r| blank(r.vat_id.as_ref()))
}

/// Neither BT-48 nor BT-47 is given.
pub fn buyer_id_missing(inv: &Invoice) -> bool {
    blank(inv.buyer.vat_id.as_ref()) && blank(inv.buyer.legal_id.as_ref())
}

/// BT-116 as the lines, allowances and charges of the category imply it, each
/// sum rounded apart as the schematron does; `rate` narrows to one rate (S).
pub fn expected_taxable(inv: &Invoice, code: &str, rate: Option<Option<Decimal>>) -> Decimal {
    let keep = |r: Option<Decimal>| rate.is_none_or(|want| same_rate(r, want));
    // A computed breakdown goes out with computed line amounts (the writer writes
    // `completed()`), whatever BT-131 a JSON input declared.
    let declared = breakdown_declared(inv);
    let net = |l: &Line| {
        if declared {
            line_net(inv, l)
        } else {
            totals::line_net_amount(l)
        }
    };
    let lines: Decimal = lines(inv, code).filter(|l| keep(l.vat_rate)).map(net).sum();
    let charges: Decimal = charges(inv, code)
        .filter(|c| keep(c.vat_rate))
        .map(|c| c.amount)
        .sum();
    let allowances: Decimal = allowances(inv, code)
        .filter(|a| keep(a.vat_rate))
        .map(|a| a.amount)
        .sum();
    xpath_round2(lines) + xpath_round2(charges) - xpath_round2(allowances)
}

/// BT-120 or BT-121 is there. The schematron asks whether the element is present
/// (`(ExemptionReason) or (ExemptionReasonCode)`), for every category alike: an
/// empty reason is a reason given, empty, whether the rule asks for one or forbids it.
pub fn has_exemption_reason(b: &VatBreakdown) -> bool {
    b.exemption_reason.is_some() || b.exemption_reason_code.is_some()
}

/// BT-117 ≈ BT-116 × BT-119 as the schematron checks it: to within one unit. A
/// missing amount or rate cannot match (a file's entry; the engine's have all three).
pub fn tax_matches_rate(b: &VatBreakdown) -> bool {
    let (Some(basis), Some(tax), Some(rate)) = (b.taxable_amount, b.tax_amount, b.rate) else {
        return false;
    };
    let Some(product) = basis.abs().checked_mul(rate) else {
        return false;
    };
    let expected = product.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        / Decimal::ONE_HUNDRED;
    let tax = tax.abs();
    tax - Decimal::ONE < expected && tax + Decimal::ONE > expected
}

/// Rates in French for a message: « 20 %, 5,5 % ».
pub fn rates_fr(rates: impl Iterator<Item = Option<Decimal>>) -> String {
    rates.map(rate_fr).collect::<Vec<_>>().join(", ")
}

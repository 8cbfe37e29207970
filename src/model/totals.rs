//! What the engine computes from the lines: line net amounts (BT-131), the VAT
//! breakdown (BG-23) and the document totals (BG-22), with EN 16931 rounding.

use super::amount::round2;
use super::invoice::{Invoice, Line, Totals, VatBreakdown};
use rust_decimal::Decimal;

/// BT-131 = BT-129 × (BT-146 / BT-149) − Σ BT-136 + Σ BT-141, rounded to 2 decimals.
pub fn line_net_amount(line: &Line) -> Decimal {
    let base = match line.price_base_quantity {
        Some(q) if !q.is_zero() => q,
        _ => Decimal::ONE,
    };
    // Saturating arithmetic: out-of-range input gives an absurd amount that the
    // writer refuses (`crate::xml`), never a panic.
    let gross = line.quantity.saturating_mul(line.net_price);
    let priced = gross.checked_div(base).unwrap_or(Decimal::MAX);
    let allowances = sum(line.allowances.iter().map(|a| a.amount));
    let charges = sum(line.charges.iter().map(|c| c.amount));
    round2(
        round2(priced)
            .saturating_sub(allowances)
            .saturating_add(charges),
    )
}

/// Σ without overflow.
pub fn sum(values: impl Iterator<Item = Decimal>) -> Decimal {
    values.fold(Decimal::ZERO, Decimal::saturating_add)
}

/// The (category, rate) key of a VAT breakdown entry; a missing rate counts as 0
/// for categories that carry none (E, AE, Z, K, G, O).
fn key(category: &str, rate: Option<Decimal>) -> (String, Decimal) {
    (
        category.to_string(),
        rate.unwrap_or(Decimal::ZERO).normalize(),
    )
}

/// BT-131 of every line, computed (declared amounts ignored).
pub fn line_nets(invoice: &Invoice) -> Vec<Decimal> {
    invoice.lines.iter().map(line_net_amount).collect()
}

/// BG-23: one entry per (category, rate), in order of first appearance (lines,
/// then allowances, then charges), each rounded once at category level.
pub fn vat_breakdown(invoice: &Invoice) -> Vec<VatBreakdown> {
    vat_breakdown_from(invoice, &line_nets(invoice))
}

/// `vat_breakdown` given `line_nets(invoice)`: the callers that need both compute the
/// line amounts once.
pub fn vat_breakdown_from(invoice: &Invoice, line_nets: &[Decimal]) -> Vec<VatBreakdown> {
    let mut out: Vec<((String, Decimal), Decimal)> = Vec::new();
    // The rules ask for the breakdown many times per check: the key's String is
    // allocated once per (category, rate), not once per line.
    let mut add = |category: &str, rate: Option<Decimal>, amount: Decimal| {
        // Decimal equality is numeric (20 == 20.00): the key is normalised once, when
        // stored, and compares equal to every scale of the same rate.
        let rate = rate.unwrap_or(Decimal::ZERO);
        match out
            .iter_mut()
            .find(|((c, r), _)| c == category && *r == rate)
        {
            Some((_, total)) => *total = total.saturating_add(amount),
            None => out.push(((category.to_string(), rate.normalize()), amount)),
        }
    };
    for (line, net) in invoice.lines.iter().zip(line_nets) {
        add(&line.vat_category, line.vat_rate, *net);
    }
    for a in &invoice.allowances {
        add(&a.vat_category, a.vat_rate, -a.amount);
    }
    for c in &invoice.charges {
        add(&c.vat_category, c.vat_rate, c.amount);
    }
    out.into_iter()
        .map(|((category, rate), taxable)| {
            let declared = invoice
                .vat_breakdown
                .iter()
                .find(|d| key(&d.category, d.rate) == (category.clone(), rate));
            let rate_opt = rate_for(invoice, &category, rate, declared);
            VatBreakdown {
                tax_amount: Some(round2(taxable.saturating_mul(rate) / Decimal::ONE_HUNDRED)),
                taxable_amount: Some(round2(taxable)),
                rate: rate_opt,
                exemption_reason: declared.and_then(|d| d.exemption_reason.clone()),
                exemption_reason_code: declared.and_then(|d| d.exemption_reason_code.clone()),
                category,
            }
        })
        .collect()
}

/// Keeps the rate exactly as the lines wrote it (`20` vs `20.00`) so that a read
/// of our own XML gives back the same invoice; category O carries no rate.
fn rate_for(
    invoice: &Invoice,
    category: &str,
    rate: Decimal,
    declared: Option<&VatBreakdown>,
) -> Option<Decimal> {
    let written = invoice
        .lines
        .iter()
        .filter(|l| l.vat_category == category)
        .filter_map(|l| l.vat_rate)
        .chain(
            invoice
                .allowances
                .iter()
                .chain(&invoice.charges)
                .filter(|a| a.vat_category == category)
                .filter_map(|a| a.vat_rate),
        )
        .find(|r| r.normalize() == rate);
    match (written, declared) {
        (Some(r), _) => Some(r),
        (None, Some(d)) => d.rate.or_else(|| implied_zero_rate(category)),
        (None, None) if category == "O" => None,
        (None, None) => Some(rate),
    }
}

/// Categories whose rate EN 16931 fixes at 0 (BR-E-05, BR-Z-05, BR-AE-05,
/// BR-IC-05, BR-G-05): a missing rate is written as 0 rather than left out, which
/// the schematron would refuse (BR-48).
pub fn implied_zero_rate(category: &str) -> Option<Decimal> {
    matches!(category, "E" | "Z" | "AE" | "K" | "G").then_some(Decimal::ZERO)
}

/// BG-22 as computed from the lines, allowances, charges, BT-113 and BT-114.
pub fn totals(invoice: &Invoice) -> Totals {
    let nets = line_nets(invoice);
    totals_from(invoice, &nets, &vat_breakdown_from(invoice, &nets))
}

/// `totals` given `line_nets(invoice)` and `vat_breakdown(invoice)`.
pub fn totals_from(invoice: &Invoice, line_nets: &[Decimal], breakdown: &[VatBreakdown]) -> Totals {
    let line_total = sum(line_nets.iter().copied());
    let allowance_total = sum(invoice.allowances.iter().map(|a| round2(a.amount)));
    let charge_total = sum(invoice.charges.iter().map(|c| round2(c.amount)));
    let tax_exclusive = line_total
        .saturating_sub(allowance_total)
        .saturating_add(charge_total);
    let tax_total = sum(breakdown.iter().filter_map(|b| b.tax_amount));
    let grand_total = tax_exclusive.saturating_add(tax_total);
    let prepaid = invoice.prepaid_amount.unwrap_or(Decimal::ZERO);
    let rounding = invoice.rounding_amount.unwrap_or(Decimal::ZERO);
    Totals {
        line_total: Some(round2(line_total)),
        allowance_total: (!invoice.allowances.is_empty()).then(|| round2(allowance_total)),
        charge_total: (!invoice.charges.is_empty()).then(|| round2(charge_total)),
        tax_exclusive: Some(round2(tax_exclusive)),
        tax_total: Some(round2(tax_total)),
        grand_total: Some(round2(grand_total)),
        due_payable: Some(round2(
            grand_total.saturating_sub(prepaid).saturating_add(rounding),
        )),
    }
}

impl Invoice {
    /// The invoice with every derived amount filled in by the engine: BT-131 on each
    /// line, BG-23 and BG-22. The XML writer writes this; `read(xml(x)) == x.completed()`.
    pub fn completed(&self) -> Invoice {
        let mut out = self.clone();
        out.complete();
        out
    }

    /// `completed`, in place: for a caller that owns the invoice and no longer needs it
    /// as it was (the keystroke path: no copy of every line).
    pub fn complete(&mut self) {
        let nets = line_nets(self);
        for (line, net) in self.lines.iter_mut().zip(&nets) {
            line.net_amount = Some(*net);
            line.vat_rate = line
                .vat_rate
                .or_else(|| implied_zero_rate(&line.vat_category));
        }
        for ac in self.allowances.iter_mut().chain(self.charges.iter_mut()) {
            ac.vat_rate = ac.vat_rate.or_else(|| implied_zero_rate(&ac.vat_category));
        }
        self.vat_breakdown = vat_breakdown_from(self, &nets);
        self.totals = Some(totals_from(self, &nets, &self.vat_breakdown));
    }
}

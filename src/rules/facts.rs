//! The invoice a check runs on, with what many rules derive from it — the engine's VAT
//! breakdown, its totals, whether the arithmetic fits in a `Decimal` — computed at most
//! once per check. Some twenty rules need the breakdown: recomputing it for each was
//! most of a check's time (callgrind, 50 lines: 1.6 M instructions a check, 1.4 M of
//! them recomputations).

use crate::model::{totals, Invoice, Totals, VatBreakdown};
use rust_decimal::Decimal;
use std::cell::OnceCell;
use std::ops::Deref;

/// An invoice under check. Reads as the invoice itself (`Deref`): a rule sees the
/// invoice's fields and asks the derived amounts of this type.
pub struct Facts<'a> {
    invoice: &'a Invoice,
    line_nets: OnceCell<Vec<Decimal>>,
    computed_breakdown: OnceCell<Vec<VatBreakdown>>,
    computed_totals: OnceCell<Totals>,
    arithmetic_safe: OnceCell<bool>,
    categories: OnceCell<Vec<String>>,
}

impl<'a> Facts<'a> {
    pub fn new(invoice: &'a Invoice) -> Self {
        Facts {
            invoice,
            line_nets: OnceCell::new(),
            computed_breakdown: OnceCell::new(),
            computed_totals: OnceCell::new(),
            arithmetic_safe: OnceCell::new(),
            categories: OnceCell::new(),
        }
    }

    pub fn invoice(&self) -> &'a Invoice {
        self.invoice
    }

    /// BT-131 of every line as the engine computes it.
    pub fn line_nets(&self) -> &[Decimal] {
        self.line_nets
            .get_or_init(|| totals::line_nets(self.invoice))
    }

    /// BG-23 as the engine computes it from the lines, allowances and charges.
    pub fn computed_breakdown(&self) -> &[VatBreakdown] {
        self.computed_breakdown
            .get_or_init(|| totals::vat_breakdown_from(self.invoice, self.line_nets()))
    }

    /// BG-22 as the engine computes it.
    pub fn computed_totals(&self) -> &Totals {
        self.computed_totals.get_or_init(|| {
            totals::totals_from(self.invoice, self.line_nets(), self.computed_breakdown())
        })
    }

    /// True when a line, a document allowance or charge, or a declared breakdown entry
    /// is in this VAT category (trimmed, as the rules compare them). The rules of a
    /// category nobody uses have nothing to check: asked first, they spare the
    /// keystroke a walk over every line for each of them (six families of ten or more).
    pub fn uses_category(&self, code: &str) -> bool {
        self.categories
            .get_or_init(|| {
                let inv = self.invoice;
                let mut seen: Vec<String> = Vec::new();
                let codes = inv
                    .lines
                    .iter()
                    .map(|l| &l.vat_category)
                    .chain(inv.allowances.iter().map(|a| &a.vat_category))
                    .chain(inv.charges.iter().map(|c| &c.vat_category))
                    .chain(inv.vat_breakdown.iter().map(|b| &b.category));
                for c in codes {
                    let c = c.trim();
                    if !seen.iter().any(|s| s == c) {
                        seen.push(c.to_string());
                    }
                }
                seen
            })
            .iter()
            .any(|c| c == code)
    }

    /// See `support::arithmetic_safe`.
    pub fn arithmetic_safe(&self, compute: fn(&Invoice) -> bool) -> bool {
        *self.arithmetic_safe.get_or_init(|| compute(self.invoice))
    }
}

impl Deref for Facts<'_> {
    type Target = Invoice;

    fn deref(&self) -> &Invoice {
        self.invoice
    }
}

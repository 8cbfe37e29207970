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
}

impl<'a> Facts<'a> {
    pub fn new(invoice: &'a Invoice) -> Self {
        Facts {
            invoice,
            line_nets: OnceCell::new(),
            computed_breakdown: OnceCell::new(),
            computed_totals: OnceCell::new(),
            arithmetic_safe: OnceCell::new(),
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

//! The largest amount the engine writes: what the CII reader accepts back
//! (`amount::MAX_ABS`), so that every XML written reads back.

use super::{amount::MAX_ABS, Invoice};
use crate::error::Error;
use rust_decimal::Decimal;

/// A computed amount beyond what the reader accepts is refused before writing.
pub fn amounts_within_limit(invoice: &Invoice) -> Result<(), Error> {
    let limit = Decimal::from(MAX_ABS);
    let t = invoice.totals.clone().unwrap_or_default();
    let computed = invoice
        .lines
        .iter()
        .filter_map(|l| l.net_amount)
        .chain(
            invoice
                .vat_breakdown
                .iter()
                .flat_map(|b| [b.taxable_amount, b.tax_amount])
                .flatten(),
        )
        .chain(
            [
                t.line_total,
                t.tax_exclusive,
                t.tax_total,
                t.grand_total,
                t.due_payable,
            ]
            .into_iter()
            .flatten(),
        );
    for amount in computed {
        if amount.abs() > limit {
            return Err(Error::new(
                "limit",
                format!("montant calculé {amount} hors limites (maximum {limit}) : vérifiez quantités et prix"),
                format!("computed amount {amount} out of range (maximum {limit}): check quantities and prices"),
            ));
        }
    }
    Ok(())
}

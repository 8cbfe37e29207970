//! EN 16931 business rules, under their official ids and wording.

use super::InvoiceRule;

/// Every EN 16931 rule, in id order.
pub const RULES: &[InvoiceRule] = &[];

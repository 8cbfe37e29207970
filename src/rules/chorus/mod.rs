//! Chorus Pro's own rules: the ones its portal rejects on, and the accountants'
//! guide's traps.

use super::{FormRule, InvoiceRule};

pub const FORM_RULES: &[FormRule] = &[];
pub const INVOICE_RULES: &[InvoiceRule] = &[];

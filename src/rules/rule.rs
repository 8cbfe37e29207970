//! The two shapes of a rule: one function, named after its id, that reads the invoice
//! or the form and says what it finds.

use crate::form::FormState;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// A rule over the invoice model (read through `Facts`, which computes what several
/// rules derive from the invoice once per check).
pub type InvoiceRule = fn(&Facts, &mut Vec<Diagnostic>);
/// A rule over the Odoo form (customer choice, `ref`, state...).
pub type FormRule = fn(&FormState, &mut Vec<Diagnostic>);

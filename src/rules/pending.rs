//! « À compléter »: a blocking rule about a form field the accountant has not filled
//! yet is marked `pending`, so a new invoice does not open on a wall of red errors.
//! The form shows it as a neutral reminder until the field is left or Confirm is
//! tried; it blocks Confirm and Send all the same.

use super::chorus::ENGAGEMENT_FIELD;
use crate::form::FormState;
use crate::rules::diagnostic::{Diagnostic, Severity};

/// Marks the diagnostics whose form field is still empty.
pub fn mark_pending(form: &FormState, out: &mut [Diagnostic]) {
    for d in out.iter_mut() {
        if d.severity == Severity::Info {
            continue;
        }
        if let Some(field) = d.field.as_deref() {
            d.pending = not_entered(form, field);
        }
    }
}

/// The accountant has not entered this form field yet.
fn not_entered(form: &FormState, field: &str) -> bool {
    let blank = |value: &Option<String>| value.as_deref().is_none_or(|v| v.trim().is_empty());
    match field {
        "partner_id" => form.partner.is_none(),
        "ref" => form.reference().is_none(),
        // The totals and the VAT breakdown come from the lines: none yet, nothing to total.
        "invoice_line_ids" | "amount_total" => form.lines.is_empty(),
        "payment_mode_id" => form.payment_mode.is_none(),
        "invoice_date_due" => form.invoice_date_due.is_none(),
        _ if field == ENGAGEMENT_FIELD => blank(&form.engagement),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check_form;
    use crate::rules::chorus::fixtures::*;
    use serde_json::json;

    #[test]
    fn an_empty_ref_is_pending_a_wrong_one_is_not() {
        let mut v = guide();
        v["ref"] = json!(null);
        let out = check_form(&form(v));
        let d = out.iter().find(|d| d.rule == "CHORUS-SERVICE-REF");
        assert_eq!(d.map(|d| d.pending), Some(true), "{out:?}");
        let mut v = guide();
        v["ref"] = json!("04AMIDEY");
        let out = check_form(&form(v));
        let d = out.iter().find(|d| d.rule == "CHORUS-SERVICE-REF");
        assert_eq!(d.map(|d| d.pending), Some(false), "{out:?}");
    }

    #[test]
    fn the_parent_company_chosen_is_a_real_problem_not_pending() {
        let mut v = guide();
        v["partner"] = amu_parent();
        let out = check_form(&form(v));
        let d = out.iter().find(|d| d.rule == "CHORUS-CONTACT");
        assert_eq!(d.map(|d| d.pending), Some(false), "{out:?}");
    }

    #[test]
    fn a_chorus_invoice_without_lines_nor_payment_mode_is_pending_there() {
        let mut v = guide();
        v["lines"] = json!([]);
        v["payment_mode"] = json!(null);
        let out = check_form(&form(v));
        let on = |field: &str| {
            out.iter()
                .filter(|d| {
                    d.field.as_deref() == Some(field)
                        && d.severity != crate::rules::diagnostic::Severity::Info
                })
                .collect::<Vec<_>>()
        };
        assert!(!on("payment_mode_id").is_empty(), "{out:?}");
        assert!(on("payment_mode_id").iter().all(|d| d.pending), "{out:?}");
        assert!(on("invoice_line_ids").iter().all(|d| d.pending), "{out:?}");
        assert!(on("amount_total").iter().all(|d| d.pending), "{out:?}");
    }
}

//! CHORUS-SCOPE: only what goes to Chorus Pro is judged. A customer invoice sent by
//! mail or e-mail (a private customer, a company outside Chorus) gets one quiet note
//! and no check at all; vendor bills and journal entries get nothing.

use crate::form::state::{FormState, MoveType};
use crate::rules::diagnostic::Diagnostic;

/// The customer invoice does not go to Chorus Pro: say so once, quietly.
pub fn chorus_scope(form: &FormState, out: &mut Vec<Diagnostic>) {
    if form.goes_to_chorus()
        || !matches!(form.move_type, MoveType::OutInvoice | MoveType::OutRefund)
    {
        return;
    }
    out.push(Diagnostic::info(
        "CHORUS-SCOPE",
        "Facture hors Chorus Pro (le mode de transmission du client n'est pas Chorus Pro) : \
         Chorus Guard ne la contrôle pas et ne bloque rien.",
        "Not a Chorus Pro invoice (the customer's transmission method is not Chorus Pro): \
         Chorus Guard neither checks nor blocks it.",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use crate::rules::{check_form, Severity};
    use serde_json::json;

    #[test]
    fn chorus_scope_notes_a_customer_invoice_sent_by_mail() {
        let mut v = guide();
        v["transmit_method_code"] = json!("mail");
        let mut out = Vec::new();
        chorus_scope(&form(v), &mut out);
        assert_eq!(ids(&out), ["CHORUS-SCOPE"]);
        assert_eq!(out[0].severity, Severity::Info);
    }

    #[test]
    fn chorus_scope_silent_on_chorus_invoices_and_vendor_bills() {
        let mut out = Vec::new();
        chorus_scope(&form(guide()), &mut out);
        let mut bill = guide();
        bill["move_type"] = json!("in_invoice");
        bill["transmit_method_code"] = json!(null);
        chorus_scope(&form(bill), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn a_private_customer_without_address_is_never_blocked() {
        // The case: no transmission method, no address, no payment mode.
        let v = json!({
            "move_type": "out_invoice", "state": "draft",
            "partner": {"id": 42, "display_name": "Camille Martin"},
            "commercial_partner": {"id": 42, "name": "Camille Martin"},
            "company": {"name": "SCIC UdN"},
            "lines": [{"name": "Atelier", "quantity": "1", "price_unit": "150",
                       "taxes": [{"rate": "20", "category": "S"}]}]
        });
        let out = check_form(&form(v));
        assert_eq!(ids(&out), ["CHORUS-SCOPE"], "{out:?}");
    }

    #[test]
    fn a_new_blank_invoice_is_not_judged_before_a_chorus_customer_is_chosen() {
        let out = check_form(&form(json!({"company": {"name": "SCIC UdN"}})));
        assert!(out.iter().all(|d| d.severity == Severity::Info), "{out:?}");
        let bill = check_form(&form(
            json!({"move_type": "in_invoice", "company": {"name": "SCIC UdN"}}),
        ));
        assert!(bill.is_empty(), "{bill:?}");
    }
}

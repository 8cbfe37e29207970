//! Chorus Pro's own rules: the ones its portal rejects on, the checks OCA's
//! `l10n_fr_chorus_account` makes at posting (made here on every change), and the
//! accountants' guide's traps. One file per subject; each rule is a function
//! named after its id, with its tests beside it.

mod contact;
mod document;
mod engagement;
mod parties;
mod payment;
mod resend;
mod scope;
mod service;

use crate::form::state::{FormState, Partner};
use crate::rules::rule::{FormRule, InvoiceRule};

pub use contact::chorus_contact;
pub use document::{chorus_buyer_reference_length, chorus_credit_note, chorus_number_length};
pub use engagement::{chorus_engagement, chorus_engagement_length, ENGAGEMENT_FIELD};
pub use parties::{chorus_siret_buyer, chorus_siret_seller};
pub use payment::{chorus_iban, chorus_payment_means, chorus_payment_mode, chorus_refund_payment};
pub use resend::resend_step;
pub use scope::chorus_scope;
pub use service::{chorus_service_missing, chorus_service_ref};

/// Rules on the Odoo form; each is silent unless the invoice goes to Chorus Pro.
pub const FORM_RULES: &[FormRule] = &[
    chorus_contact,
    chorus_service_missing,
    chorus_service_ref,
    chorus_engagement,
    chorus_payment_mode,
    chorus_refund_payment,
];

/// Rules on the file sent to Chorus Pro.
pub const INVOICE_RULES: &[InvoiceRule] = &[
    chorus_number_length,
    chorus_credit_note,
    chorus_siret_seller,
    chorus_siret_buyer,
    chorus_buyer_reference_length,
    chorus_engagement_length,
    chorus_payment_means,
    chorus_iban,
];

/// Chorus Pro's limit on BT-13, the engagement number.
pub(crate) const ENGAGEMENT_MAX: usize = 50;

/// The customer is the public body itself rather than one of its contacts: no
/// parent, and not the « Parent, CHILD » name Odoo gives a contact.
pub(crate) fn is_parent_company(partner: &Partner) -> bool {
    partner.parent_id.is_none() && !partner.display_name.contains(',')
}

/// The structure wants a service code on its invoices: by its Chorus setting, or
/// because services are set up on its contacts.
pub(crate) fn structure_uses_services(form: &FormState) -> bool {
    let Some(commercial) = &form.commercial_partner else {
        return false;
    };
    use crate::form::state::ChorusRequired;
    matches!(
        commercial.fr_chorus_required,
        ChorusRequired::Service
            | ChorusRequired::ServiceAndEngagement
            | ChorusRequired::ServiceOrEngagement
    ) || commercial.contacts.iter().any(|c| {
        c.service
            .as_ref()
            .is_some_and(|s| !s.code.trim().is_empty())
    })
}

/// `« Aix Marseille Université, AIX MARSEILLE UNIVERSITE » [04AMIDEX]`, as the
/// guide names a contact.
pub(crate) fn contact_label(partner: &Partner) -> String {
    match partner
        .service
        .as_ref()
        .map(|s| s.code.trim())
        .filter(|c| !c.is_empty())
    {
        Some(code) => format!("« {} » [{}]", partner.display_name, code),
        None => format!("« {} »", partner.display_name),
    }
}

/// Number of characters, as Chorus Pro counts them (not bytes).
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
pub(crate) mod fixtures {
    use crate::form::FormState;
    use crate::model::Invoice;
    use serde_json::{json, Value};

    /// The guide's contact under Aix Marseille Université.
    pub fn amu_contact() -> Value {
        json!({
            "id": 11,
            "display_name": "Aix Marseille Université, AIX MARSEILLE UNIVERSITE",
            "name": "AIX MARSEILLE UNIVERSITE",
            "parent_id": 10,
            "service": {"code": "04AMIDEX", "active": true}
        })
    }

    /// The parent company, as chosen by mistake.
    pub fn amu_parent() -> Value {
        json!({"id": 10, "display_name": "Aix Marseille Université", "is_company": true})
    }

    /// The guide's invoice, done right: contact chosen, `ref` = service code,
    /// bank transfer with the guide's IBAN.
    pub fn guide() -> Value {
        json!({
            "move_type": "out_invoice",
            "state": "draft",
            "name": "INV/2026/04/0003",
            "transmit_method_code": "fr-chorus",
            "partner": amu_contact(),
            "commercial_partner": {
                "id": 10,
                "name": "Aix Marseille Université",
                "fr_chorus_required": "service",
                "siret": "13001533200013",
                "contacts": [amu_contact()]
            },
            "ref": "04AMIDEX",
            "payment_mode": {"name": "Virement bancaire", "code": "30",
                             "iban": "FR76 1382 5002 0008 0132 8023 592"},
            "company": {"name": "SCIC UdN", "siret": "13001533200013"},
            "lines": [{"name": "Formation", "quantity": "1", "price_unit": "2600",
                       "taxes": [{"rate": "20", "category": "S"}]}]
        })
    }

    pub fn form(value: Value) -> FormState {
        match serde_json::from_value(value) {
            Ok(form) => form,
            Err(e) => panic!("fixture is not a FormState: {e}"),
        }
    }

    /// The guide's invoice as a Factur-X file would hold it.
    pub fn invoice() -> Value {
        json!({
            "number": "INV/2026/04/0003",
            "type_code": "380",
            "buyer_reference": "04AMIDEX",
            "seller": {"name": "SCIC UdN", "legal_id": "13001533200013", "legal_id_scheme": "0002"},
            "buyer": {"name": "Aix Marseille Université", "legal_id": "13001533200013",
                      "legal_id_scheme": "0002"},
            "payment": {"code": "30", "iban": "FR7613825002000801328023592"},
            "lines": [{"id": "1", "quantity": "1", "net_price": "2600", "vat_category": "S",
                       "vat_rate": "20"}]
        })
    }

    pub fn inv(value: Value) -> Invoice {
        match serde_json::from_value(value) {
            Ok(invoice) => invoice,
            Err(e) => panic!("fixture is not an Invoice: {e}"),
        }
    }

    /// What a file rule says about the invoice written as JSON.
    pub fn run(
        rule: crate::rules::rule::InvoiceRule,
        value: Value,
    ) -> Vec<crate::rules::diagnostic::Diagnostic> {
        let mut out = Vec::new();
        rule(&crate::rules::facts::Facts::new(&inv(value)), &mut out);
        out
    }

    /// Ids of the diagnostics a rule raised.
    pub fn ids(out: &[crate::rules::diagnostic::Diagnostic]) -> Vec<&str> {
        out.iter().map(|d| d.rule.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use crate::rules::{check_form, check_invoice, CheckOptions};

    #[test]
    fn the_guides_invoice_done_right_raises_no_chorus_rule() {
        let out = check_form(&form(guide()));
        let chorus: Vec<_> = out
            .iter()
            .filter(|d| d.rule.starts_with("CHORUS-"))
            .collect();
        assert!(chorus.is_empty(), "{chorus:?}");
        let out = check_invoice(&inv(invoice()), &CheckOptions::default());
        assert!(
            ids(&out).iter().all(|id| !id.starts_with("CHORUS-")),
            "{out:?}"
        );
    }

    #[test]
    fn the_guides_two_traps_are_both_reported() {
        let mut v = guide();
        v["partner"] = amu_parent();
        v["ref"] = serde_json::Value::Null;
        let out = check_form(&form(v));
        let got = ids(&out);
        assert!(got.contains(&"CHORUS-CONTACT"), "{got:?}");
        assert!(!got.contains(&"CHORUS-SERVICE-MISSING"), "{got:?}");
    }

    #[test]
    fn nothing_fires_when_the_invoice_does_not_go_to_chorus() {
        let mut v = guide();
        v["partner"] = amu_parent();
        v["ref"] = serde_json::Value::Null;
        v["payment_mode"] = serde_json::Value::Null;
        v["transmit_method_code"] = serde_json::json!("mail");
        let out = check_form(&form(v));
        assert_eq!(ids(&out), ["CHORUS-SCOPE"], "{out:?}");
        assert!(!crate::rules::blocks(&out));
    }

    #[test]
    fn a_forgotten_ref_blocks_the_form_and_offers_the_code() {
        let mut v = guide();
        v["ref"] = serde_json::Value::Null;
        let out = check_form(&form(v));
        assert!(crate::rules::blocks(&out));
        let d = out.iter().find(|d| d.rule == "CHORUS-SERVICE-REF");
        let fix = d.and_then(|d| d.fix.clone());
        assert_eq!(
            fix,
            Some(crate::rules::diagnostic::Fix::Set {
                field: "ref".into(),
                value: "04AMIDEX".into()
            })
        );
        assert!(!ids(&out).contains(&"CHORUS-SERVICE-MISSING"));
    }

    #[test]
    fn a_refund_without_payment_mode_passes_the_chorus_rules() {
        let mut v = guide();
        v["move_type"] = serde_json::json!("out_refund");
        v["payment_mode"] = serde_json::Value::Null;
        v["reversed_entry"] = serde_json::json!({"name": "INV/2026/04/0002"});
        let out = check_form(&form(v));
        assert!(
            ids(&out).iter().all(|id| !id.starts_with("CHORUS-")),
            "{out:?}"
        );
    }

    #[test]
    fn identifier_problems_land_on_the_customer_and_the_company() {
        let mut v = guide();
        v["commercial_partner"]["siret"] = serde_json::json!("13001533200014");
        v["company"]["siret"] = serde_json::Value::Null;
        let out = check_form(&form(v));
        let field_of = |rule: &str| {
            out.iter()
                .find(|d| d.rule == rule)
                .and_then(|d| d.field.clone())
        };
        assert_eq!(
            field_of("CHORUS-SIRET-BUYER").as_deref(),
            Some("partner_id")
        );
        assert_eq!(
            field_of("CHORUS-SIRET-SELLER").as_deref(),
            Some("company_id")
        );
    }
}

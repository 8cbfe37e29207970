//! CHORUS-STALE: the guide's third trap. A confirmed invoice edited after its last
//! send: the file at Chorus Pro is not the invoice on screen any more.

use super::Diagnostic;
use crate::form::{FormState, MoveState};
use crate::model::Invoice;

/// The XML the form stands for today (`invoice`, the form mapped once by the
/// caller) differs from the one last sent.
pub fn chorus_stale(form: &FormState, invoice: &Invoice, out: &mut Vec<Diagnostic>) {
    let Some(sent) = form.last_sent_fingerprint.as_deref() else {
        return;
    };
    if form.state != MoveState::Posted || !form.goes_to_chorus() {
        return;
    }
    let Ok(xml) = crate::xml(invoice, None) else {
        return;
    };
    if crate::fingerprint(&xml).eq_ignore_ascii_case(sent.trim()) {
        return;
    }
    let step = super::chorus::resend_step(form);
    out.push(
        Diagnostic::warn(
            "CHORUS-STALE",
            format!(
                "Facture modifiée depuis le dernier envoi — à renvoyer : le fichier reçu par \
                 Chorus Pro est l'ancien. {}",
                step.fr
            ),
            format!(
                "Invoice changed since it was last sent — to send again: Chorus Pro holds the \
                 old file. {}",
                step.en
            ),
        )
        .fix(step.fix),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted_form(fingerprint: Option<String>, reference: &str) -> FormState {
        let mut form: FormState = serde_json::from_str(
            r#"{"move_type":"out_invoice","state":"posted","name":"INV/2026/04/0003",
                "transmit_method_code":"fr-chorus","invoice_date":"2026-04-02",
                "company":{"name":"SCIC UdN"},
                "lines":[{"name":"Formation","quantity":"1","price_unit":"2600.00",
                          "taxes":[{"rate":"20","category":"S"}]}]}"#,
        )
        .expect("fixture");
        form.reference = Some(reference.to_string());
        form.last_sent_fingerprint = fingerprint;
        form
    }

    fn sent_fingerprint(reference: &str) -> String {
        let form = posted_form(None, reference);
        let xml = crate::xml(&crate::form::to_invoice(&form), None).expect("xml");
        crate::fingerprint(&xml)
    }

    #[test]
    fn chorus_stale_fires_when_ref_changed_after_send() {
        let form = posted_form(Some(sent_fingerprint("")), "04AMIDEX");
        let mut out = Vec::new();
        chorus_stale(&form, &crate::form::to_invoice(&form), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "CHORUS-STALE");
        assert!(out[0]
            .message_fr
            .contains("modifiée depuis le dernier envoi"));
    }

    #[test]
    fn chorus_stale_silent_when_file_unchanged() {
        let form = posted_form(Some(sent_fingerprint("04AMIDEX")), "04AMIDEX");
        let mut out = Vec::new();
        chorus_stale(&form, &crate::form::to_invoice(&form), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn chorus_stale_silent_without_a_send() {
        let mut out = Vec::new();
        let form = posted_form(None, "04AMIDEX");
        chorus_stale(&form, &crate::form::to_invoice(&form), &mut out);
        assert!(out.is_empty());
    }
}

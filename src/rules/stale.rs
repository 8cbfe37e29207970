//! CHORUS-STALE: the guide's third trap. A confirmed invoice edited after its last
//! send: the file at Chorus Pro is not the invoice on screen any more.

use crate::form::{FormState, MoveState};
use crate::rules::diagnostic::Diagnostic;

/// Whether the stale-file check applies: a confirmed invoice that goes to Chorus Pro and
/// was sent there. Only then does the pipeline (`api.rs`) fingerprint the form's XML.
pub fn applies(form: &FormState) -> bool {
    form.state == MoveState::Posted && form.goes_to_chorus() && form.last_sent_fingerprint.is_some()
}

/// `current`: the fingerprint of the XML the form stands for today, computed by the
/// pipeline (which writes that XML once, for the file and for this rule); `None` when it
/// could not be written, and then nothing is said here (the writer's error is).
pub fn chorus_stale(form: &FormState, current: Option<&str>, out: &mut Vec<Diagnostic>) {
    if !applies(form) {
        return;
    }
    let (Some(sent), Some(current)) = (form.last_sent_fingerprint.as_deref(), current) else {
        return;
    };
    if current.eq_ignore_ascii_case(sent.trim()) {
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

    fn posted_form(fingerprint: Option<&str>) -> FormState {
        let mut form: FormState = serde_json::from_str(
            r#"{"move_type":"out_invoice","state":"posted","name":"INV/2026/04/0003",
                "transmit_method_code":"fr-chorus","invoice_date":"2026-04-02",
                "company":{"name":"SCIC UdN"},
                "lines":[{"name":"Formation","quantity":"1","price_unit":"2600.00",
                          "taxes":[{"rate":"20","category":"S"}]}]}"#,
        )
        .expect("fixture");
        form.last_sent_fingerprint = fingerprint.map(str::to_string);
        form
    }

    fn stale(form: &FormState, current: Option<&str>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        chorus_stale(form, current, &mut out);
        out
    }

    #[test]
    fn chorus_stale_fires_when_the_file_differs_from_the_one_sent() {
        let out = stale(&posted_form(Some("aa11")), Some("bb22"));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "CHORUS-STALE");
        assert!(out[0]
            .message_fr
            .contains("modifiée depuis le dernier envoi"));
    }

    #[test]
    fn chorus_stale_silent_when_the_file_is_the_one_sent() {
        assert!(stale(&posted_form(Some(" AA11 ")), Some("aa11")).is_empty());
    }

    #[test]
    fn chorus_stale_silent_without_a_send_a_file_or_chorus() {
        assert!(stale(&posted_form(None), Some("bb22")).is_empty());
        assert!(stale(&posted_form(Some("aa11")), None).is_empty());
        let mut elsewhere = posted_form(Some("aa11"));
        elsewhere.transmit_method_code = Some("post".into());
        assert!(stale(&elsewhere, Some("bb22")).is_empty());
        let mut draft = posted_form(Some("aa11"));
        draft.state = MoveState::Draft;
        assert!(stale(&draft, Some("bb22")).is_empty());
    }
}

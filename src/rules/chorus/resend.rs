//! What the accountant does to get the invoice as it stands to Chorus Pro, by what
//! Chorus did with the last deposit. OCA hides « Envoyer à Chorus » while the invoice
//! is linked to a flow, so "click Send again" is only right once it is not.

use crate::form::state::FormState;
use crate::rules::diagnostic::Fix;

/// The next step, in both languages, with the form's button that takes it.
pub struct Step {
    pub fr: String,
    pub en: String,
    pub fix: Fix,
}

fn button(name: &str) -> Fix {
    Fix::Button { name: name.into() }
}

/// The step by the state of the flow the invoice is linked to (none: never sent, or
/// unlinked by OCA after a rejection).
pub fn resend_step(form: &FormState) -> Step {
    let Some(flow) = &form.chorus_flow else {
        return Step {
            fr: "Cliquez sur « Envoyer à Chorus » (Send to Chorus).".into(),
            en: "Click « Send to Chorus » (Envoyer à Chorus).".into(),
            fix: button("chorus_send"),
        };
    };
    let name = flow.name.as_deref().unwrap_or("?");
    match flow.status.as_deref() {
        Some("IN_REJETE") => Step {
            fr: format!(
                "Chorus Pro a rejeté le flux {name} : détachez la facture de ce flux, \
                 puis cliquez sur « Envoyer à Chorus » (Send to Chorus)."
            ),
            en: format!(
                "Chorus Pro rejected flow {name}: detach the invoice from it, \
                 then click « Send to Chorus » (Envoyer à Chorus)."
            ),
            fix: button("chorus_detach_rejected"),
        },
        Some("IN_INTEGRE" | "IN_INTEGRE_PARTIEL") => Step {
            fr: format!(
                "Chorus Pro a intégré la facture du flux {name} : elle ne peut plus y être \
                 remplacée. Émettez un avoir qui l'annule (« Ajouter un avoir »), envoyez-le à \
                 Chorus Pro, puis une nouvelle facture corrigée."
            ),
            en: format!(
                "Chorus Pro integrated the invoice of flow {name}: it can no longer be \
                 replaced there. Issue a credit note cancelling it (« Add Credit Note »), send \
                 it to Chorus Pro, then a new corrected invoice."
            ),
            fix: button("credit_note"),
        },
        _ => Step {
            fr: format!(
                "Le flux {name} est en cours de traitement par Chorus Pro : cliquez sur \
                 « Mettre à jour l'état du flux » (Update Flow Status). Rejeté, la facture \
                 pourra être renvoyée ; intégré, il faudra un avoir et une nouvelle facture."
            ),
            en: format!(
                "Flow {name} is being processed by Chorus Pro: click « Update Flow Status » \
                 (Mettre à jour l'état du flux). If rejected, the invoice can be sent again; \
                 if integrated, it takes a credit note and a new invoice."
            ),
            fix: button("chorus_update_flow"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use serde_json::json;

    fn step(flow: serde_json::Value) -> Step {
        let mut v = guide();
        v["chorus_flow"] = flow;
        resend_step(&form(v))
    }

    fn name(fix: &Fix) -> &str {
        match fix {
            Fix::Button { name } => name,
            _ => "",
        }
    }

    #[test]
    fn without_a_flow_send_again() {
        let s = step(json!(null));
        assert_eq!(name(&s.fix), "chorus_send");
        assert!(s.fr.contains("« Envoyer à Chorus »"), "{}", s.fr);
    }

    #[test]
    fn an_integrated_flow_takes_a_credit_note_not_a_resend() {
        for status in ["IN_INTEGRE", "IN_INTEGRE_PARTIEL"] {
            let s = step(json!({"name": "FLUX-42", "status": status}));
            assert_eq!(name(&s.fix), "credit_note", "{status}");
            assert!(s.fr.contains("avoir"), "{}", s.fr);
            assert!(!s.fr.contains("Envoyer à Chorus"), "{}", s.fr);
        }
    }

    #[test]
    fn a_rejected_flow_is_detached_then_sent() {
        let s = step(json!({"name": "FLUX-42", "status": "IN_REJETE"}));
        assert_eq!(name(&s.fix), "chorus_detach_rejected");
        assert!(s.fr.contains("FLUX-42"), "{}", s.fr);
    }

    #[test]
    fn a_pending_flow_is_updated_first() {
        for status in [
            json!("IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP"),
            json!(null),
        ] {
            let s = step(json!({"name": "FLUX-42", "status": status}));
            assert_eq!(name(&s.fix), "chorus_update_flow");
            assert!(
                s.fr.contains("« Mettre à jour l'état du flux »"),
                "{}",
                s.fr
            );
        }
    }
}

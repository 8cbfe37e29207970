//! The service code: the chosen contact must carry an active one when the
//! structure requires it (CHORUS-SERVICE-MISSING), and `ref` must hold it in the
//! guide's convention (CHORUS-SERVICE-REF).

use super::contact::{candidate_contacts, choices, has_active_service, what_to_choose};
use super::is_parent_company;
use crate::form::state::{FormState, RefMode};
use crate::rules::diagnostic::{Diagnostic, Fix};

/// The structure requires a service and the chosen contact has no active one.
/// When the parent itself is chosen, CHORUS-CONTACT says it already.
pub fn chorus_service_missing(form: &FormState, out: &mut Vec<Diagnostic>) {
    if !form.goes_to_chorus() {
        return;
    }
    let (Some(partner), Some(commercial)) = (&form.partner, &form.commercial_partner) else {
        return;
    };
    if !commercial.fr_chorus_required.service()
        || is_parent_company(partner)
        || form.active_service().is_some()
    {
        return;
    }
    let (state_fr, state_en) = match &partner.service {
        Some(s) if !s.code.trim().is_empty() => (
            format!(
                "son service [{}] est archivé (inactif) dans Chorus",
                s.code.trim()
            ),
            format!(
                "its service [{}] is archived (inactive) in Chorus",
                s.code.trim()
            ),
        ),
        _ => (
            "il n'a pas de code service Chorus".to_string(),
            "it has no Chorus service code".to_string(),
        ),
    };
    let others: Vec<_> = candidate_contacts(commercial)
        .into_iter()
        .filter(|c| c.id != partner.id && has_active_service(c))
        .collect();
    let (choose_fr, choose_en) = what_to_choose(&commercial.name, &others);
    let mut d = Diagnostic::block(
        "CHORUS-SERVICE-MISSING",
        format!(
            "« {} » exige un code service Chorus, or le contact « {} » ne convient pas : {state_fr}. \
             Chorus Pro rejettera la facture (« Le code service doit être obligatoirement renseigné »). \
             Dans le champ Client, {choose_fr}.",
            commercial.name, partner.display_name
        ),
        format!(
            "« {} » requires a Chorus service code, but the contact « {} » cannot carry it: {state_en}. \
             Chorus Pro will reject the invoice (« The service code must be filled in »). \
             In the Customer field, {choose_en}.",
            commercial.name, partner.display_name
        ),
    )
    .field("partner_id")
    .bt("BT-10");
    if !others.is_empty() {
        d = d.fix(Fix::PickPartner {
            field: "partner_id".into(),
            choices: choices(&others),
        });
    }
    out.push(d);
}

/// In the guide's convention (`ref` = service code), `ref` must hold the chosen
/// contact's active service code: empty is Chorus's « Le code service doit être
/// obligatoirement renseigné »; another value is most likely a slip.
pub fn chorus_service_ref(form: &FormState, out: &mut Vec<Diagnostic>) {
    if !form.goes_to_chorus() || form.company.ref_mode != RefMode::ServiceCode {
        return;
    }
    let Some(service) = form.active_service() else {
        return;
    };
    let code = service.code.trim();
    let fix = Fix::Set {
        field: "ref".into(),
        value: code.to_string(),
    };
    match form.reference() {
        None => out.push(
            Diagnostic::block(
                "CHORUS-SERVICE-REF",
                format!(
                    "La Référence client (onglet Autres informations) est vide : Chorus Pro rejettera la facture \
                     (« Le code service doit être obligatoirement renseigné »). Saisissez le code service du \
                     contact : {code}."
                ),
                format!(
                    "The Customer Reference (Other Info tab) is empty: Chorus Pro will reject the invoice \
                     (« The service code must be filled in »). Enter the contact's service code: {code}."
                ),
            )
            .field("ref")
            .bt("BT-10")
            .fix(fix),
        ),
        // Chorus Pro compares service codes exactly: `04amidex` is not `04AMIDEX`.
        Some(reference) if reference != code => out.push(
            Diagnostic::block(
                "CHORUS-SERVICE-REF",
                format!(
                    "La Référence client « {reference} » n'est pas le code service du contact ({code}) : \
                     Chorus Pro rejetterait un code service inconnu. Remplacez-la par {code}."
                ),
                format!(
                    "The Customer Reference « {reference} » is not the contact's service code ({code}): \
                     Chorus Pro would reject an unknown service code. Replace it with {code}."
                ),
            )
            .field("ref")
            .bt("BT-10")
            .fix(fix),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use crate::rules::diagnostic::Severity;
    use serde_json::json;

    fn missing(v: serde_json::Value) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        chorus_service_missing(&form(v), &mut out);
        out
    }

    fn service_ref(v: serde_json::Value) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        chorus_service_ref(&form(v), &mut out);
        out
    }

    #[test]
    fn a_contact_without_service_is_blocked_and_the_right_one_offered() {
        let mut v = guide();
        v["partner"] = json!({"id": 20, "display_name": "Aix Marseille Université, COMPTABILITE", "parent_id": 10});
        let out = missing(v);
        assert_eq!(ids(&out), ["CHORUS-SERVICE-MISSING"]);
        assert_eq!(out[0].field.as_deref(), Some("partner_id"));
        assert!(
            out[0]
                .message_fr
                .contains("il n'a pas de code service Chorus"),
            "{}",
            out[0].message_fr
        );
        assert!(out[0]
            .message_fr
            .contains("« Aix Marseille Université, AIX MARSEILLE UNIVERSITE » [04AMIDEX]"));
        let Some(Fix::PickPartner { choices, .. }) = &out[0].fix else {
            panic!("{out:?}")
        };
        assert_eq!(choices.iter().map(|c| c.id).collect::<Vec<_>>(), [11]);
    }

    #[test]
    fn an_archived_service_is_named() {
        let mut v = guide();
        v["partner"]["service"]["active"] = json!(false);
        let out = missing(v);
        assert_eq!(ids(&out), ["CHORUS-SERVICE-MISSING"]);
        assert!(
            out[0].message_fr.contains("[04AMIDEX] est archivé"),
            "{}",
            out[0].message_fr
        );
        // The only contact with that service is the chosen one: nothing to offer.
        assert!(out[0].fix.is_none());
    }

    #[test]
    fn an_empty_service_code_counts_as_none() {
        let mut v = guide();
        v["partner"]["service"]["code"] = json!("  ");
        assert_eq!(ids(&missing(v)), ["CHORUS-SERVICE-MISSING"]);
    }

    #[test]
    fn the_guides_contact_has_its_service() {
        assert!(missing(guide()).is_empty());
    }

    #[test]
    fn not_doubled_when_the_parent_is_chosen() {
        let mut v = guide();
        v["partner"] = amu_parent();
        assert!(missing(v).is_empty());
    }

    #[test]
    fn silent_when_no_service_is_required() {
        let mut v = guide();
        v["commercial_partner"]["fr_chorus_required"] = json!("engagement");
        v["partner"]["service"] = json!(null);
        assert!(missing(v).is_empty());
    }

    #[test]
    fn an_empty_ref_blocks_with_the_code_as_fix() {
        let mut v = guide();
        v["ref"] = json!("  ");
        let out = service_ref(v);
        assert_eq!(ids(&out), ["CHORUS-SERVICE-REF"]);
        assert_eq!(out[0].severity, Severity::Block);
        assert_eq!(out[0].field.as_deref(), Some("ref"));
        assert_eq!(out[0].bt.as_deref(), Some("BT-10"));
        assert!(out[0]
            .message_fr
            .contains("Le code service doit être obligatoirement renseigné"));
        assert_eq!(
            out[0].fix,
            Some(Fix::Set {
                field: "ref".into(),
                value: "04AMIDEX".into()
            })
        );
    }

    #[test]
    fn another_ref_blocks_with_a_replacing_fix() {
        let mut v = guide();
        v["ref"] = json!("BC-2026-17");
        let out = service_ref(v);
        assert_eq!(ids(&out), ["CHORUS-SERVICE-REF"]);
        assert_eq!(out[0].severity, Severity::Block);
        assert!(out[0].message_fr.contains("« BC-2026-17 »"));
        assert_eq!(
            out[0].fix,
            Some(Fix::Set {
                field: "ref".into(),
                value: "04AMIDEX".into()
            })
        );
    }

    #[test]
    fn a_typo_or_another_case_in_the_code_blocks() {
        for typo in ["04AMIDEY", "04amidex"] {
            let mut v = guide();
            v["ref"] = json!(typo);
            let out = service_ref(v);
            assert_eq!(ids(&out), ["CHORUS-SERVICE-REF"], "{typo}");
            assert_eq!(out[0].severity, Severity::Block, "{typo}");
        }
    }

    #[test]
    fn the_file_carries_the_contacts_code_not_a_typo_in_ref() {
        let mut v = guide();
        v["ref"] = json!("04AMIDEY");
        let invoice = crate::form::to_invoice(&form(v));
        assert_eq!(invoice.buyer_reference.as_deref(), Some("04AMIDEX"));
    }

    #[test]
    fn the_right_ref_is_silent() {
        let mut v = guide();
        v["ref"] = json!(" 04AMIDEX ");
        assert!(service_ref(v).is_empty());
    }

    #[test]
    fn silent_without_service_or_in_engagement_mode() {
        let mut v = guide();
        v["ref"] = json!(null);
        v["partner"]["service"] = json!(null);
        v["commercial_partner"]["fr_chorus_required"] = json!("none");
        assert!(service_ref(v).is_empty());
        let mut v = guide();
        v["ref"] = json!("EJ-123");
        v["company"]["ref_mode"] = json!("engagement");
        assert!(service_ref(v).is_empty());
    }
}

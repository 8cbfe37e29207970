//! CHORUS-ENGAGEMENT: the engagement number (engagement juridique, BT-13) when the
//! structure or the service requires it, and its 50-character limit.

use super::{char_len, ENGAGEMENT_MAX};
use crate::form::state::{ChorusRequired, FormState, RefMode};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

fn too_long(value: &str) -> Diagnostic {
    let n = char_len(value);
    Diagnostic::block(
        "CHORUS-ENGAGEMENT",
        format!(
            "Le numéro d'engagement « {value} » fait {n} caractères : Chorus Pro en accepte {ENGAGEMENT_MAX} au plus."
        ),
        format!("The engagement number « {value} » is {n} characters long: Chorus Pro accepts at most {ENGAGEMENT_MAX}."),
    )
    .bt("BT-13")
}

/// The addon's own engagement number field on `account.move` (BT-13), used when
/// `ref` holds the service code.
pub const ENGAGEMENT_FIELD: &str = "chorus_guard_engagement";

/// Where the form keeps the engagement number, and its value: `ref` in OCA's
/// convention, the separate `engagement` field in the guide's.
pub(crate) fn engagement_of(form: &FormState) -> (&'static str, Option<String>) {
    let separate = form
        .engagement
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match form.company.ref_mode {
        RefMode::Engagement => ("ref", form.reference().or(separate).map(str::to_string)),
        RefMode::ServiceCode => (ENGAGEMENT_FIELD, separate.map(str::to_string)),
    }
}

/// Engagement required (by the structure, or by the chosen service) and missing;
/// for `service_or_engagement`, neither a service nor an engagement; or longer
/// than 50 characters. OCA crashes on the `service_or_engagement` path: we answer.
pub fn chorus_engagement(form: &FormState, out: &mut Vec<Diagnostic>) {
    if !form.goes_to_chorus() {
        return;
    }
    let (field, value) = engagement_of(form);
    if let Some(value) = &value {
        if char_len(value) > ENGAGEMENT_MAX {
            out.push(too_long(value).field(field));
        }
        return;
    }
    let required = form
        .commercial_partner
        .as_ref()
        .map(|c| c.fr_chorus_required)
        .unwrap_or_default();
    let service = form.active_service();
    let where_fr = if field == "ref" {
        "la Référence client (onglet Autres informations)"
    } else {
        "le champ Numéro d'engagement"
    };
    let where_en = if field == "ref" {
        "the Customer Reference (Other Info tab)"
    } else {
        "the Engagement Number field"
    };
    let name = form
        .commercial_partner
        .as_ref()
        .map(|c| c.name.as_str())
        .unwrap_or_default();
    let diagnostic = if required.engagement() {
        Diagnostic::block(
            "CHORUS-ENGAGEMENT",
            format!(
                "« {name} » exige un numéro d'engagement (engagement juridique) : saisissez-le dans {where_fr}."
            ),
            format!("« {name} » requires an engagement number (engagement juridique): enter it in {where_en}."),
        )
    } else if let Some(s) = service.filter(|s| s.engagement_required) {
        Diagnostic::block(
            "CHORUS-ENGAGEMENT",
            format!(
                "Le service [{}] exige un numéro d'engagement (engagement juridique) : saisissez-le dans {where_fr}.",
                s.code.trim()
            ),
            format!(
                "The service [{}] requires an engagement number (engagement juridique): enter it in {where_en}.",
                s.code.trim()
            ),
        )
    } else if required == ChorusRequired::ServiceOrEngagement && service.is_none() {
        Diagnostic::block(
            "CHORUS-ENGAGEMENT",
            format!(
                "« {name} » exige un code service ou un numéro d'engagement : choisissez un contact ayant un code \
                 service, ou saisissez le numéro d'engagement dans {where_fr}."
            ),
            format!(
                "« {name} » requires a service code or an engagement number: choose a contact with a service \
                 code, or enter the engagement number in {where_en}."
            ),
        )
    } else {
        return;
    };
    out.push(diagnostic.field(field).bt("BT-13"));
}

/// BT-13 longer than Chorus Pro's 50 characters, for files that come without a
/// form. Same id and words as the form rule, so a form check says it once.
pub fn chorus_engagement_length(invoice: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(value) = invoice.purchase_order_reference.as_deref().map(str::trim) {
        if char_len(value) > ENGAGEMENT_MAX {
            out.push(too_long(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use serde_json::json;

    fn run(v: serde_json::Value) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        chorus_engagement(&form(v), &mut out);
        out
    }

    #[test]
    fn required_by_the_structure_and_missing() {
        let mut v = guide();
        v["commercial_partner"]["fr_chorus_required"] = json!("service_and_engagement");
        let out = run(v);
        assert_eq!(ids(&out), ["CHORUS-ENGAGEMENT"]);
        assert_eq!(out[0].field.as_deref(), Some(ENGAGEMENT_FIELD));
        assert_eq!(out[0].bt.as_deref(), Some("BT-13"));
        assert!(out[0].message_fr.contains("exige un numéro d'engagement"));
    }

    #[test]
    fn in_engagement_mode_the_field_is_ref() {
        let mut v = guide();
        v["commercial_partner"]["fr_chorus_required"] = json!("engagement");
        v["company"]["ref_mode"] = json!("engagement");
        v["ref"] = json!(null);
        let out = run(v.clone());
        assert_eq!(ids(&out), ["CHORUS-ENGAGEMENT"]);
        assert_eq!(out[0].field.as_deref(), Some("ref"));
        v["ref"] = json!("EJ-2026-0042");
        assert!(run(v).is_empty());
    }

    #[test]
    fn required_by_the_service() {
        let mut v = guide();
        v["partner"]["service"]["engagement_required"] = json!(true);
        let out = run(v.clone());
        assert_eq!(ids(&out), ["CHORUS-ENGAGEMENT"]);
        assert!(
            out[0].message_fr.contains("Le service [04AMIDEX] exige"),
            "{}",
            out[0].message_fr
        );
        v["engagement"] = json!("EJ-2026-0042");
        assert!(run(v).is_empty());
    }

    #[test]
    fn service_or_engagement_needs_one_of_them() {
        let mut v = guide();
        v["commercial_partner"]["fr_chorus_required"] = json!("service_or_engagement");
        v["partner"]["service"] = json!(null);
        let out = run(v.clone());
        assert_eq!(ids(&out), ["CHORUS-ENGAGEMENT"]);
        assert!(out[0]
            .message_fr
            .contains("un code service ou un numéro d'engagement"));
        v["engagement"] = json!("EJ-1");
        assert!(run(v).is_empty());
        let mut v = guide();
        v["commercial_partner"]["fr_chorus_required"] = json!("service_or_engagement");
        assert!(run(v).is_empty(), "the contact's service is enough");
    }

    #[test]
    fn too_long_even_when_not_required() {
        let mut v = guide();
        v["engagement"] = json!("E".repeat(51));
        let out = run(v.clone());
        assert_eq!(ids(&out), ["CHORUS-ENGAGEMENT"]);
        assert!(out[0].message_fr.contains("51 caractères"));
        v["engagement"] = json!("É".repeat(50));
        assert!(run(v).is_empty(), "50 characters, whatever their bytes");
    }

    #[test]
    fn not_required_and_absent_is_silent() {
        assert!(run(guide()).is_empty());
    }

    #[test]
    fn a_file_with_a_long_engagement_is_blocked() {
        let mut v = invoice();
        v["purchase_order_reference"] = json!("1".repeat(51));
        let mut out = Vec::new();
        chorus_engagement_length(&Facts::new(&inv(v.clone())), &mut out);
        assert_eq!(ids(&out), ["CHORUS-ENGAGEMENT"]);
        v["purchase_order_reference"] = json!("1".repeat(50));
        out.clear();
        chorus_engagement_length(&Facts::new(&inv(v)), &mut out);
        assert!(out.is_empty());
    }
}

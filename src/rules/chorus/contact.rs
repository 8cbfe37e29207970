//! CHORUS-CONTACT: the guide's first trap, the parent company chosen as customer.

use super::{contact_label, is_parent_company, structure_uses_services};
use crate::form::state::{ChorusRequired, CommercialPartner, FormState, Partner};
use crate::rules::diagnostic::{Choice, Diagnostic, Fix};

/// Contacts worth offering, best first: active contacts with an active service
/// (by display name); when there are none, every active contact.
pub(crate) fn candidate_contacts(commercial: &CommercialPartner) -> Vec<&Partner> {
    let mut active: Vec<&Partner> = commercial
        .contacts
        .iter()
        .filter(|c| c.active && c.parent_id.is_some())
        .collect();
    active.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    let with_service: Vec<&Partner> = active
        .iter()
        .copied()
        .filter(|c| has_active_service(c))
        .collect();
    if with_service.is_empty() {
        active
    } else {
        with_service
    }
}

pub(crate) fn has_active_service(partner: &Partner) -> bool {
    partner
        .service
        .as_ref()
        .is_some_and(|s| s.active && !s.code.trim().is_empty())
}

pub(crate) fn choices(contacts: &[&Partner]) -> Vec<Choice> {
    contacts
        .iter()
        .map(|c| Choice {
            id: c.id,
            display_name: c.display_name.clone(),
            service_code: c
                .service
                .as_ref()
                .filter(|s| s.active)
                .map(|s| s.code.trim().to_string())
                .filter(|s| !s.is_empty()),
        })
        .collect()
}

/// « choisissez le contact « X » [CODE] » / « choose the contact ... », or the
/// list of them, or how to create one.
pub(crate) fn what_to_choose(parent: &str, contacts: &[&Partner]) -> (String, String) {
    let labels: Vec<String> = contacts.iter().map(|c| contact_label(c)).collect();
    match labels.as_slice() {
        [] => (
            format!(
                "créez sous « {parent} » un contact (adresse de facturation) portant le code service Chorus \
                 (section Divers), puis choisissez-le"
            ),
            format!(
                "create a contact (invoice address) under « {parent} » holding the Chorus service code \
                 (Misc section), then choose it"
            ),
        ),
        [one] => (format!("choisissez le contact {one}"), format!("choose the contact {one}")),
        many => {
            let list = many.join(", ");
            (format!("choisissez l'un des contacts {list}"), format!("choose one of the contacts {list}"))
        }
    }
}

/// The customer is the parent company while the structure works with services:
/// Chorus Pro rejects with « Vous devez sélectionner un contact comme adresse de
/// facturation ».
pub fn chorus_contact(form: &FormState, out: &mut Vec<Diagnostic>) {
    if !form.goes_to_chorus() || !structure_uses_services(form) {
        return;
    }
    let (Some(partner), Some(commercial)) = (&form.partner, &form.commercial_partner) else {
        return;
    };
    if !is_parent_company(partner) {
        return;
    }
    // `service_or_engagement`: an engagement number alone is enough, the invoice may go to
    // the structure itself (OCA accepts it, and so does Chorus Pro).
    if commercial.fr_chorus_required == ChorusRequired::ServiceOrEngagement
        && super::engagement::engagement_of(form).1.is_some()
    {
        return;
    }
    let contacts = candidate_contacts(commercial);
    let (choose_fr, choose_en) = what_to_choose(&partner.display_name, &contacts);
    out.push(
        Diagnostic::block(
            "CHORUS-CONTACT",
            format!(
                "Le client « {} » est la société principale : Chorus Pro rejettera la facture (« Vous devez \
                 sélectionner un contact comme adresse de facturation »). Dans le champ Client, {choose_fr}.",
                partner.display_name
            ),
            format!(
                "The customer « {} » is the parent company: Chorus Pro will reject the invoice (« You must \
                 select a contact as invoicing address »). In the Customer field, {choose_en}.",
                partner.display_name
            ),
        )
        .field("partner_id")
        .bt("BT-44")
        .fix(Fix::PickPartner { field: "partner_id".into(), choices: choices(&contacts) }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::chorus::fixtures::*;
    use serde_json::json;

    #[test]
    fn service_or_engagement_accepts_the_parent_with_an_engagement_number() {
        let mut v = guide();
        v["partner"] = amu_parent();
        v["commercial_partner"]["fr_chorus_required"] = json!("service_or_engagement");
        let mut out = Vec::new();
        chorus_contact(&form(v.clone()), &mut out);
        assert_eq!(
            ids(&out),
            ["CHORUS-CONTACT"],
            "no engagement yet: a contact is needed"
        );
        v["engagement"] = json!("EJ-2026-0042");
        let mut out = Vec::new();
        chorus_contact(&form(v), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn choosing_the_parent_names_the_contact_to_choose() {
        let mut v = guide();
        v["partner"] = amu_parent();
        let mut out = Vec::new();
        chorus_contact(&form(v), &mut out);
        assert_eq!(ids(&out), ["CHORUS-CONTACT"]);
        let d = &out[0];
        assert_eq!(d.field.as_deref(), Some("partner_id"));
        assert!(
            d.message_fr.contains(
                "choisissez le contact « Aix Marseille Université, AIX MARSEILLE UNIVERSITE » [04AMIDEX]"
            ),
            "{}",
            d.message_fr
        );
        assert!(d
            .message_fr
            .contains("Vous devez sélectionner un contact comme adresse de facturation"));
        let Some(Fix::PickPartner { field, choices }) = &d.fix else {
            panic!("no pick fix: {d:?}")
        };
        assert_eq!(field, "partner_id");
        assert_eq!(
            choices,
            &[Choice {
                id: 11,
                display_name: "Aix Marseille Université, AIX MARSEILLE UNIVERSITE".into(),
                service_code: Some("04AMIDEX".into()),
            }]
        );
    }

    #[test]
    fn the_contact_chosen_is_silent() {
        let mut out = Vec::new();
        chorus_contact(&form(guide()), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn contacts_with_an_active_service_come_first_and_sorted() {
        let mut v = guide();
        v["partner"] = amu_parent();
        v["commercial_partner"]["contacts"] = json!([
            {"id": 14, "display_name": "AMU, ZZ LABO", "parent_id": 10, "service": {"code": "ZZ", "active": true}},
            {"id": 12, "display_name": "AMU, ARCHIVED", "parent_id": 10, "active": false,
             "service": {"code": "OLD", "active": true}},
            {"id": 13, "display_name": "AMU, AA NO SERVICE", "parent_id": 10},
            {"id": 15, "display_name": "AMU, BB PHARMA", "parent_id": 10, "service": {"code": "BB", "active": true}},
            {"id": 16, "display_name": "AMU, CC CLOSED", "parent_id": 10, "service": {"code": "CC", "active": false}}
        ]);
        let mut out = Vec::new();
        chorus_contact(&form(v), &mut out);
        let Some(Fix::PickPartner { choices, .. }) = &out[0].fix else {
            panic!("{out:?}")
        };
        let got: Vec<i64> = choices.iter().map(|c| c.id).collect();
        assert_eq!(got, [15, 14]);
        assert!(out[0]
            .message_fr
            .contains("l'un des contacts « AMU, BB PHARMA » [BB], « AMU, ZZ LABO » [ZZ]"));
    }

    #[test]
    fn a_structure_without_services_accepts_the_parent() {
        let mut v = guide();
        v["partner"] = amu_parent();
        v["commercial_partner"]["fr_chorus_required"] = json!("none");
        v["commercial_partner"]["contacts"] = json!([]);
        let mut out = Vec::new();
        chorus_contact(&form(v), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn services_on_contacts_are_enough_to_require_one() {
        let mut v = guide();
        v["partner"] = amu_parent();
        v["commercial_partner"]["fr_chorus_required"] = json!("none");
        let mut out = Vec::new();
        chorus_contact(&form(v), &mut out);
        assert_eq!(ids(&out), ["CHORUS-CONTACT"]);
    }
}

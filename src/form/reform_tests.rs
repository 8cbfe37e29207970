//! The company's reform setting in the form: which invoices the BR-FR rules judge live
//! (B2B to a French company, not Chorus Pro), with which file, and what stays as it was.

use crate::api;
use crate::input::Input;
use crate::model::Profile;
use crate::rules::chorus::fixtures::{guide, ids};
use crate::rules::{blocks, check_form, Diagnostic, Severity, BILLING_FRAMEWORK_FIELD};
use serde_json::{json, Value};

fn example(name: &str) -> Value {
    let text = match name {
        "services" => include_str!("../../examples/reform/b2b-services.json"),
        "credit-note" => include_str!("../../examples/reform/b2b-credit-note.json"),
        other => panic!("no example {other}"),
    };
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("example {name}: {e}"),
    }
}

fn reform_on(mut v: Value) -> Value {
    v["company"]["reform_2026"] = json!(true);
    v
}

fn check(v: Value) -> Vec<Diagnostic> {
    check_form(&crate::rules::chorus::fixtures::form(v))
}

fn find<'a>(out: &'a [Diagnostic], rule: &str) -> &'a Diagnostic {
    match out.iter().find(|d| d.rule == rule) {
        Some(d) => d,
        None => panic!("{rule} not raised: {:?}", ids(out)),
    }
}

/// A private person: no SIREN, not a company.
fn private_customer(mut v: Value) -> Value {
    let person = json!({"id": 42, "display_name": "Camille Martin", "name": "Camille Martin",
                        "address": {"city": "Die", "postcode": "26150", "country": "FR"}});
    v["partner"] = person;
    v["commercial_partner"] = json!({"id": 42, "name": "Camille Martin",
                                     "address": {"city": "Die", "postcode": "26150", "country": "FR"}});
    v
}

#[test]
fn setting_off_a_b2b_invoice_gets_the_quiet_note_alone_as_before() {
    let mut v = example("services");
    v["company"]["legal_notes"] = json!([]);
    v["partner"]["siret"] = json!(null);
    v["commercial_partner"]["siret"] = json!(null);
    let out = check(v);
    assert_eq!(ids(&out), ["CHORUS-SCOPE"], "{out:?}");
}

#[test]
fn setting_on_a_valid_b2b_invoice_passes_and_its_file_is_fr_ctc() {
    let v = reform_on(example("services"));
    let out = check(v.clone());
    assert!(!blocks(&out), "{out:?}");
    assert!(out.iter().all(|d| d.rule != "CHORUS-SCOPE"), "{out:?}");
    let input = Input::Form(Box::new(crate::rules::chorus::fixtures::form(v)));
    assert_eq!(api::to_invoice(&input, false).profile, Profile::FrCtc);
    let both = api::check_and_xml(&input, None);
    let xml = both.xml.unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        xml.contains(r#"schemeID="0225""#),
        "directory address: {xml}"
    );
    assert!(
        xml.contains("<ram:ID>S1</ram:ID>"),
        "billing framework: {xml}"
    );
}

#[test]
fn setting_on_the_form_judges_as_the_fr_ctc_profile_does() {
    let mut v = reform_on(example("services"));
    v["company"]["legal_notes"] = json!([]);
    v["commercial_partner"]["siret"] = json!("4238651");
    let form = crate::rules::chorus::fixtures::form(v);
    let input = Input::Form(Box::new(form.clone()));
    let mut profile: Vec<String> = api::check_as(&input, Some(Profile::FrCtc))
        .into_iter()
        .map(|d| d.rule)
        .collect();
    let mut live: Vec<String> = check_form(&form).into_iter().map(|d| d.rule).collect();
    profile.sort();
    live.sort();
    assert_eq!(live, profile);
    assert!(live.iter().any(|r| r == "BR-FR-05"), "{live:?}");
}

#[test]
fn setting_on_a_b2b_customer_without_siren_is_blocked_on_the_customer() {
    let mut v = reform_on(example("services"));
    v["partner"]["siret"] = json!(null);
    v["commercial_partner"]["siret"] = json!(null);
    let out = check(v);
    let d = find(&out, "BR-FR-11");
    assert_eq!(d.severity, Severity::Block);
    assert_eq!(d.field.as_deref(), Some("partner_id"));
    assert!(
        !d.pending,
        "a chosen customer without SIREN is a real problem"
    );
}

#[test]
fn setting_on_missing_legal_notes_block_on_the_company() {
    let mut v = reform_on(example("services"));
    v["company"]["legal_notes"] = json!([]);
    let out = check(v);
    let notes: Vec<&Diagnostic> = out.iter().filter(|d| d.rule == "BR-FR-05").collect();
    assert_eq!(notes.len(), 3, "PMT, PMD, AAB: {out:?}");
    assert!(notes
        .iter()
        .all(|d| d.field.as_deref() == Some("company_id") && d.severity == Severity::Block));
}

#[test]
fn setting_on_a_private_customer_is_never_blocked() {
    let out = check(reform_on(private_customer(example("services"))));
    assert_eq!(ids(&out), ["CHORUS-SCOPE"], "{out:?}");
}

#[test]
fn setting_on_a_foreign_company_is_not_judged_by_the_french_rules() {
    let mut v = reform_on(example("services"));
    for key in ["partner", "commercial_partner"] {
        v[key]["siret"] = json!(null);
        v[key]["vat"] = json!("DE129273398");
        v[key]["address"]["country"] = json!("DE");
    }
    assert_eq!(ids(&check(v)), ["CHORUS-SCOPE"]);
}

#[test]
fn a_french_company_is_known_by_its_siren_its_country_or_its_vat() {
    let form = |v: Value| crate::rules::chorus::fixtures::form(reform_on(v));
    let mut v = example("services");
    for key in ["partner", "commercial_partner"] {
        v[key]["siret"] = json!(null);
        v[key]["vat"] = json!(null);
        v[key]["address"]["country"] = json!(null);
    }
    assert!(!form(v.clone()).reform_b2b(), "nothing says French");
    let mut siren = v.clone();
    siren["commercial_partner"]["siren"] = json!("423865129");
    assert!(form(siren).reform_b2b());
    let mut vat = v.clone();
    vat["partner"]["vat"] = json!("fr55423865129");
    assert!(form(vat).reform_b2b());
    let mut country = v.clone();
    country["commercial_partner"]["address"]["country"] = json!("FR");
    assert!(form(country.clone()).reform_b2b());
    country["partner"]["is_company"] = json!(false);
    assert!(
        !form(country.clone()).reform_b2b(),
        "a person in France: B2C"
    );
    country["partner"]["parent_id"] = json!(70);
    assert!(form(country).reform_b2b(), "a contact under a company");
}

#[test]
fn setting_on_a_b2b_credit_note_needs_its_prior_invoice() {
    let v = reform_on(example("credit-note"));
    assert!(!blocks(&check(v.clone())), "{:?}", check(v.clone()));
    let mut without = v;
    without["reversed_entry"] = json!(null);
    let out = check(without);
    assert!(blocks(&out), "{out:?}");
    assert!(
        out.iter()
            .any(|d| d.rule.starts_with("BR-FR-CO-0") && d.severity == Severity::Block),
        "{out:?}"
    );
}

#[test]
fn setting_on_a_new_b2b_invoice_opens_on_what_is_to_complete() {
    let mut v = reform_on(example("services"));
    v["lines"] = json!([]);
    let out = check(v);
    let framework = find(&out, "BR-FR-08");
    assert_eq!(framework.field.as_deref(), Some(BILLING_FRAMEWORK_FIELD));
    assert!(framework.pending, "{out:?}");
    assert!(
        out.iter()
            .filter(|d| d.severity == Severity::Block)
            .all(|d| d.pending),
        "{out:?}"
    );
}

#[test]
fn setting_on_lines_without_product_ask_for_the_framework() {
    let mut v = reform_on(example("services"));
    for line in v["lines"].as_array_mut().into_iter().flatten() {
        line["product_type"] = json!(null);
    }
    let out = check(v.clone());
    assert!(
        find(&out, "BR-FR-08").pending,
        "nothing chosen yet: to complete"
    );
    v["billing_framework"] = json!("S1");
    assert!(!blocks(&check(v.clone())));
    v["billing_framework"] = json!("Z9");
    let out = check(v);
    assert!(
        !find(&out, "BR-FR-08").pending,
        "a wrong choice is a real problem"
    );
}

#[test]
fn setting_on_chorus_invoices_keep_their_own_rules() {
    let off = check(guide());
    let mut on = guide();
    on["company"]["reform_2026"] = json!(true);
    assert_eq!(check(on), off);
    let mut v = guide();
    v["company"]["reform_2026"] = json!(true);
    assert!(!crate::rules::chorus::fixtures::form(v).reform_b2b());
}

#[test]
fn setting_on_vendor_bills_are_never_judged() {
    let mut v = reform_on(example("services"));
    v["move_type"] = json!("in_invoice");
    assert!(check(v).is_empty());
}

#[test]
fn setting_on_an_already_paid_framework_chosen_is_settled() {
    let mut v = reform_on(example("services"));
    v["billing_framework"] = json!("S2");
    let out = check(v);
    assert!(!blocks(&out), "S2 chosen: paid, nothing due: {out:?}");
}

#[test]
fn setting_on_odoo_s_four_decimal_rates_are_written_as_the_platforms_read_them() {
    let with_odoo_rates = |mut v: Value| {
        for line in v["lines"].as_array_mut().into_iter().flatten() {
            line["taxes"][0]["rate"] = json!("20.0000");
        }
        v
    };
    let v = with_odoo_rates(reform_on(example("services")));
    let out = check(v.clone());
    assert!(
        !blocks(&out),
        "BR-FR-16 reads « 20 », not « 20.0000 »: {out:?}"
    );
    let input = Input::Form(Box::new(crate::rules::chorus::fixtures::form(v)));
    let xml = api::check_and_xml(&input, None)
        .xml
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(xml.contains("<ram:RateApplicablePercent>20</ram:RateApplicablePercent>"));
    // A Chorus Pro file keeps the rate as given: its bytes do not change.
    let mut chorus = guide();
    chorus["company"]["reform_2026"] = json!(true);
    let chorus = with_odoo_rates(chorus);
    let input = Input::Form(Box::new(crate::rules::chorus::fixtures::form(chorus)));
    let xml = api::check_and_xml(&input, None)
        .xml
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(xml.contains("<ram:RateApplicablePercent>20.0000</ram:RateApplicablePercent>"));
}

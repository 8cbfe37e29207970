//! Arbitrary Unicode in every text field of an invoice: the XML written stays
//! well-formed, has exactly the elements it has with a plain text there (nothing
//! injected), and reads back to the same text. A character XML 1.0 cannot hold is
//! refused with an error naming it, never written.
//!
//! "Every text field" is found, not listed: each string in the invoice's JSON that
//! still deserialises when replaced by free text (amounts, dates and codes with a
//! closed set of values do not).

use chorus_guard::{Input, Invoice};
use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

/// Rich invoices between them fill every optional group of the model.
const BASES: &[&str] = &[
    include_str!("conformance/invoices/36_full_addresses_and_contacts.json"),
    include_str!("conformance/invoices/26_delivery_contract_contacts_sepa.json"),
    include_str!("conformance/invoices/02_credit_note_preceding_invoice.json"),
    include_str!("conformance/invoices/10_document_allowance_and_charge.json"),
    include_str!("conformance/invoices/09_line_discounts.json"),
];

/// JSON paths of the string leaves of `v`.
fn string_paths(v: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::String(_) => out.push(path.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                string_paths(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                path.push(PathStep::Key(k.clone()));
                string_paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(v: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

fn at<'a>(v: &'a Value, path: &[PathStep]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, step| match step {
        PathStep::Key(k) => v.get(k.as_str()),
        PathStep::Index(i) => v.get(*i),
    })
}

fn invoice(v: &Value) -> Option<Invoice> {
    match chorus_guard::input::from_value(v.clone()) {
        Ok(Input::Invoice(i)) => Some(*i),
        _ => None,
    }
}

fn with_text(base: &Value, path: &[PathStep], text: &str) -> Value {
    let mut v = base.clone();
    if let Some(slot) = at_mut(&mut v, path) {
        *slot = Value::String(text.to_string());
    }
    v
}

/// The free-text fields of one base invoice: the paths where a string of markup
/// still gives an invoice, and whose text the XML carries and reads back.
fn text_fields(base: &Value) -> Vec<Vec<PathStep>> {
    let mut paths = Vec::new();
    string_paths(base, &mut Vec::new(), &mut paths);
    let probe = "Zz<&>\"' probe";
    paths
        .into_iter()
        .filter(|p| {
            let Some(inv) = invoice(&with_text(base, p, probe)) else {
                return false;
            };
            let Ok(xml) = chorus_guard::xml(&inv, None) else {
                return false;
            };
            let back = chorus_guard::read(&xml)
                .ok()
                .and_then(|i| serde_json::to_value(i).ok());
            back.as_ref().and_then(|b| at(b, p)) == Some(&Value::String(probe.into()))
        })
        .collect()
}

/// Every element's qualified name, in document order; `None` if not well-formed.
fn elements(xml: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut names = Vec::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                names.push(e.name().as_ref().to_string());
            }
            Ok(Event::Empty(e)) => names.push(e.name().as_ref().to_string()),
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::DocType(_)) => return Err("DOCTYPE written".into()),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("{e} at {}", reader.error_position())),
        }
    }
    if depth != 0 {
        return Err(format!("unbalanced: depth {depth} at the end"));
    }
    Ok(names)
}

/// Characters XML 1.0 cannot hold, even escaped.
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

struct Fixture {
    base: Value,
    fields: Vec<Vec<PathStep>>,
}

fn fixtures() -> Vec<Fixture> {
    BASES
        .iter()
        .map(|text| {
            let base: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            let fields = text_fields(&base);
            Fixture { base, fields }
        })
        .collect()
}

fn unicode_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Anything at all, control characters and noncharacters included.
        prop::collection::vec(any::<char>(), 0..24).prop_map(|cs| cs.into_iter().collect()),
        // Markup-shaped text: what an injection would try.
        markup(),
    ]
}

fn markup() -> impl Strategy<Value = String> {
    prop::string::string_regex(
            "(<[a-z:]{1,8}>|</[a-z:]{1,8}>|<!\\[CDATA\\[|\\]\\]>|<!--|-->|&[a-z#0-9]{1,6};|<\\?xml|[\"'&<>]|\\r\\n|\\r|\\t| |é|🎉|\u{202E}|\u{FEFF}){1,12}"
        )
    .unwrap_or_else(|e| panic!("regex: {e}"))
}

#[test]
fn every_base_has_text_fields_found() {
    for (i, f) in fixtures().iter().enumerate() {
        assert!(
            f.fields.len() >= 15,
            "base {i}: only {} text fields",
            f.fields.len()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn unicode_in_any_text_field_is_escaped_or_refused(
        which in any::<prop::sample::Index>(),
        field in any::<prop::sample::Index>(),
        text in unicode_text(),
    ) {
        thread_local!(static FIXTURES: Vec<Fixture> = fixtures());
        let (value, plain, path) = FIXTURES.with(|fx| {
            let f = which.get(fx);
            let path = field.get(&f.fields).clone();
            (with_text(&f.base, &path, &text), with_text(&f.base, &path, "plain"), path)
        });
        let inv = invoice(&value).ok_or_else(|| TestCaseError::fail("text no longer an invoice"))?;
        match chorus_guard::xml(&inv, None) {
            Err(e) => {
                let bad = text.chars().find(|c| xml_forbidden(*c));
                prop_assert!(bad.is_some(), "refused without a forbidden character: {}", e.message_fr);
                let code = format!("U+{:04X}", bad.map_or(0, u32::from));
                prop_assert!(e.message_fr.contains(&code), "{} does not name {code}", e.message_fr);
            }
            Ok(xml) => {
                prop_assert!(!text.chars().any(xml_forbidden), "a forbidden character was written");
                let names = elements(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
                let plain_inv = invoice(&plain).ok_or_else(|| TestCaseError::fail("plain"))?;
                let plain_xml = chorus_guard::xml(&plain_inv, None).map_err(|e| TestCaseError::fail(e.message_fr))?;
                // An empty or blank text may leave its element out; anything else
                // must give exactly the elements the plain text gives.
                if !text.trim().is_empty() {
                    prop_assert_eq!(names, elements(&plain_xml).unwrap_or_default(), "{:?} changed the structure", path);
                }
                let back = chorus_guard::read(&xml).map_err(|e| TestCaseError::fail(e.message_fr))?;
                let back = serde_json::to_value(back).unwrap_or(Value::Null);
                if !text.trim().is_empty() {
                    prop_assert_eq!(at(&back, &path), Some(&Value::String(text.clone())), "{:?} did not read back\n{}", path, xml);
                }
            }
        }
    }
}

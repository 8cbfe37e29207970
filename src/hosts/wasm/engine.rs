//! The engine module's exports (feature `wasm`, `chorus_guard_bg.wasm`): what the Odoo
//! form and the demo call on every keystroke. No PDF, no XML reading, no rejection
//! explained here: see `on_demand.rs`.

use super::{input_of, js_error, options_of, string_of, to_js};
use crate::api;
use crate::model::Profile;
use crate::rules::Diagnostic;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The diagnostics of a form or an invoice: `Diagnostic[]`, sorted, blocking first.
/// `options`: `{ profile: "fr-ctc" }` judges by the French reform's rules (EN 16931 and
/// BR-FR), as `check --profile fr-ctc` and the server's `check` do; optional.
#[wasm_bindgen]
pub fn check(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = input_of(input)?;
    let profile = profile_of(options)?;
    to_js(&api::check_as(&input, profile))
}

/// The Factur-X XML (CII) of a form or an invoice. `options`: `{ profile: "en16931" |
/// "basic" | ... }`, optional; the invoice's own profile (EN 16931) otherwise.
#[wasm_bindgen]
pub fn xml(input: JsValue, options: JsValue) -> Result<String, JsValue> {
    let input = input_of(input)?;
    let profile = profile_of(options)?;
    api::xml_of(input, profile).map_err(|e| js_error(&e))
}

/// `check` and `xml` of one input, read once: what the form runs on every keystroke.
/// Returns `{ diagnostics, xml, xml_error }`: `diagnostics` as `check` gives them, `xml`
/// as `xml` gives it, or `null` with `xml_error` (`{ message, en, kind }`, the error `xml`
/// would throw). An unreadable input throws, as both calls would.
#[wasm_bindgen]
pub fn check_and_xml(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = input_of(input)?;
    let profile = profile_of(options)?;
    let both = api::check_and_xml(&input, profile);
    let diagnostics = both.diagnostics;
    let (xml, xml_error) = match both.xml {
        Ok(xml) => (Some(xml), None),
        Err(e) => (
            None,
            Some(XmlError {
                message: e.message_fr,
                en: e.message_en,
                kind: e.kind,
            }),
        ),
    };
    let out = to_js(&CheckAndXml {
        diagnostics,
        xml_error,
    })?;
    // The XML goes over as a JS string of its own: inside the JSON text it would be escaped
    // (every attribute's quotes) and unescaped again, 70 KB at 50 lines.
    let xml = xml.map_or(JsValue::NULL, |x| JsValue::from_str(&x));
    js_sys::Reflect::set(&out, &"xml".into(), &xml)?;
    Ok(out)
}

#[derive(Serialize)]
struct CheckAndXml {
    diagnostics: Vec<Diagnostic>,
    xml_error: Option<XmlError>,
}

#[derive(Serialize)]
struct XmlError {
    message: String,
    en: String,
    kind: &'static str,
}

/// SHA-256 of the XML in hex: what the server stores as the file last sent.
#[wasm_bindgen]
pub fn fingerprint(xml: JsValue) -> Result<String, JsValue> {
    let xml = string_of(&xml, "xml")?;
    Ok(api::fingerprint(&xml))
}

/// The invoice a form maps to (an invoice is handed back as it is), with its amounts
/// as declared. `options`: `{ completed: true }` fills the derived amounts (line net
/// amounts, VAT breakdown, totals) the way the XML writer does.
#[wasm_bindgen(js_name = to_invoice)]
pub fn to_invoice(form: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = input_of(form)?;
    let options: InvoiceOptions = options_of(options)?;
    to_js(&api::to_invoice(&input, options.completed))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct XmlOptions {
    // A name, read by the list every host accepts (`api::PROFILES`); as text, not a
    // `serde_json::Value`, whose reader would add 8 KB to the module the form downloads.
    profile: Option<String>,
}

fn profile_of(options: JsValue) -> Result<Option<Profile>, JsValue> {
    let options: XmlOptions = options_of(options)?;
    options
        .profile
        .map(|name| api::profile(&name))
        .transpose()
        .map_err(|e| js_error(&e))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InvoiceOptions {
    completed: bool,
}

//! The engine for JavaScript (the browser demo, the Odoo 14 form): the wasm-bindgen
//! exports, and every JS ↔ Rust conversion in this one file.
//!
//! Contract with the JS side (the loader `engine_loader.js` and the UI):
//! - inputs are plain JS objects: a form state (`src/form/state.rs`) or an invoice
//!   (`src/model/invoice.rs`), told apart as `crate::input::parse_json` does;
//! - amounts and quantities cross as decimal strings both ways: a JS float amount is
//!   refused with a message, and nothing is ever handed back as a float or a BigInt;
//! - a failure is a thrown JS `Error` whose `message` is the French text, with `en`
//!   (the English text) and `kind` (`json`, `xml`, `pdf`, `input`...) properties;
//! - a panic is a trap (`WebAssembly.RuntimeError`) after which the instance must not be
//!   reused: the loader re-instantiates it. `selftest_panic` exists to test that.
//!
//! These functions only run inside a JS host, so their tests are in the browser:
//! `tests/browser/bindings.test.mjs` (after `npm run build`).

use crate::input::{self, Input};
use crate::{Error, Profile};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated (again after each reset): panics are printed
/// to the console with their message rather than as a bare `unreachable`.
#[wasm_bindgen(start)]
fn init_panic_hook() {
    console_error_panic_hook::set_once();
}

/// The diagnostics of a form or an invoice: `Diagnostic[]`, sorted, blocking first.
#[wasm_bindgen]
pub fn check(input: JsValue) -> Result<JsValue, JsValue> {
    let input = input_of(input)?;
    to_js(&crate::check(&input))
}

/// The Factur-X XML (CII) of a form or an invoice. `options`: `{ profile: "en16931" |
/// "basic" | ... }`, optional; the invoice's own profile (EN 16931) otherwise.
#[wasm_bindgen]
pub fn xml(input: JsValue, options: JsValue) -> Result<String, JsValue> {
    let input = input_of(input)?;
    let options: XmlOptions = options_of(options)?;
    crate::xml(&crate::invoice_of(&input), options.profile).map_err(|e| js_error(&e))
}

/// `check` and `xml` of one input, read once: what the form runs on every keystroke.
/// Returns `{ diagnostics, xml, xml_error }`: `diagnostics` as `check` gives them, `xml`
/// as `xml` gives it, or `null` with `xml_error` (`{ message, en, kind }`, the error `xml`
/// would throw). An unreadable input throws, as both calls would.
#[wasm_bindgen]
pub fn check_and_xml(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = input_of(input)?;
    let options: XmlOptions = options_of(options)?;
    let (diagnostics, xml) = crate::check_and_xml(&input, options.profile);
    let (xml, xml_error) = match xml {
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
    to_js(&CheckAndXml {
        diagnostics,
        xml,
        xml_error,
    })
}

#[derive(Serialize)]
struct CheckAndXml {
    diagnostics: Vec<crate::Diagnostic>,
    xml: Option<String>,
    xml_error: Option<XmlError>,
}

#[derive(Serialize)]
struct XmlError {
    message: String,
    en: String,
    kind: &'static str,
}

/// The Factur-X PDF/A-3: `xml` embedded as `factur-x.xml` into `pdf_bytes`
/// (a `Uint8Array` or an `ArrayBuffer`). Returns a `Uint8Array`.
#[wasm_bindgen]
pub fn pdf(pdf_bytes: JsValue, xml: JsValue) -> Result<Vec<u8>, JsValue> {
    let bytes = bytes_of(&pdf_bytes, "pdf_bytes")?;
    let xml = string_of(&xml, "xml")?;
    crate::pdf(&bytes, &xml).map_err(|e| js_error(&e))
}

/// The `factur-x.xml` embedded in a PDF (`Uint8Array` or `ArrayBuffer`).
#[wasm_bindgen]
pub fn extract(pdf_bytes: JsValue) -> Result<String, JsValue> {
    let bytes = bytes_of(&pdf_bytes, "pdf_bytes")?;
    crate::extract(&bytes).map_err(|e| js_error(&e))
}

/// The invoice a Factur-X / CII XML holds, as a plain object (amounts as strings).
#[wasm_bindgen]
pub fn read(xml: JsValue) -> Result<JsValue, JsValue> {
    let xml = string_of(&xml, "xml")?;
    let invoice = crate::read(&xml).map_err(|e| js_error(&e))?;
    to_js(&invoice)
}

/// A Chorus Pro rejection text explained: `{ case, field, steps_fr, steps_en, rule }`
/// (`field` and `rule` are `null` when the guide names none).
#[wasm_bindgen]
pub fn explain(text: JsValue) -> Result<JsValue, JsValue> {
    let text = string_of(&text, "text")?;
    let explanation = crate::explain(&text);
    let mut value = serde_json::to_value(&explanation).map_err(|e| js_error(&internal(&e)))?;
    // The JS side reads these keys whether or not the engine had something to say.
    if let Some(object) = value.as_object_mut() {
        for key in ["field", "rule"] {
            object.entry(key).or_insert(serde_json::Value::Null);
        }
    }
    to_js(&value)
}

/// The engine's version (the crate's).
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_string()
}

/// SHA-256 of the XML in hex: what the server stores as the file last sent.
#[wasm_bindgen]
pub fn fingerprint(xml: JsValue) -> Result<String, JsValue> {
    let xml = string_of(&xml, "xml")?;
    Ok(crate::fingerprint(&xml))
}

/// The invoice a form maps to (an invoice is handed back as it is), with its amounts
/// as declared. `options`: `{ completed: true }` fills the derived amounts (line net
/// amounts, VAT breakdown, totals) the way the XML writer does.
#[wasm_bindgen(js_name = to_invoice)]
pub fn to_invoice(form: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let input = input_of(form)?;
    let options: InvoiceOptions = options_of(options)?;
    let invoice = crate::invoice_of(&input);
    if options.completed {
        to_js(&invoice.completed())
    } else {
        to_js(&invoice)
    }
}

/// Panics on purpose. It exists so that hosts can test their panic recovery: after it,
/// the next call must still answer correctly (the loader re-instantiates the module).
#[wasm_bindgen]
pub fn selftest_panic() {
    panic!("selftest_panic : panique volontaire pour tester la reprise / deliberate panic to test recovery");
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct XmlOptions {
    profile: Option<Profile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InvoiceOptions {
    completed: bool,
}

/// A form or an invoice from a JS object. It goes through `JSON.stringify`, so the
/// engine reads exactly the JSON the CLI and the server would be given: `undefined`
/// properties are absent, the same keys tell a form from an invoice, a float amount is
/// refused with the same message.
fn input_of(value: JsValue) -> Result<Input, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(js_error(&Error::new(
            "input",
            "aucune entrée : passez un formulaire ou une facture (objet)",
            "no input: pass a form or an invoice (object)",
        )));
    }
    // A JSON text is accepted too: it is what the CLI and the server read.
    if let Some(text) = value.as_string() {
        return input::parse_json(&text).map_err(|e| js_error(&e));
    }
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| {
            js_error(&Error::new(
                "input",
                "entrée illisible : l'objet ne se convertit pas en JSON (BigInt, référence circulaire ou fonction ?)",
                "unreadable input: the object does not convert to JSON (BigInt, circular reference or function?)",
            ))
        })?;
    input::parse_json(&text).map_err(|e| js_error(&e))
}

/// Optional options: `undefined` and `null` mean the defaults.
fn options_of<T: Default + for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        js_error(&Error::new(
            "input",
            format!("options invalides : {e}"),
            format!("invalid options: {e}"),
        ))
    })
}

fn string_of(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        js_error(&Error::new(
            "input",
            format!("« {name} » doit être une chaîne de caractères"),
            format!("`{name}` must be a string"),
        ))
    })
}

fn bytes_of(value: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
    if value.is_instance_of::<js_sys::Uint8Array>() || value.is_instance_of::<js_sys::ArrayBuffer>()
    {
        Ok(js_sys::Uint8Array::new(value).to_vec())
    } else {
        Err(js_error(&Error::new(
            "input",
            format!("« {name} » doit être un Uint8Array ou un ArrayBuffer (le contenu du PDF)"),
            format!("`{name}` must be a Uint8Array or an ArrayBuffer (the PDF's bytes)"),
        )))
    }
}

/// Plain JS values only: objects (not `Map`s), decimal strings, safe-integer numbers.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&internal(&e)))
}

fn internal(e: &dyn std::fmt::Display) -> Error {
    Error::new(
        "internal",
        format!("erreur interne du moteur : {e}"),
        format!("engine internal error: {e}"),
    )
}

/// A JS `Error`: `message` in French, `en` in English, `kind` for programs.
fn js_error(e: &Error) -> JsValue {
    let error = js_sys::Error::new(&e.message_fr);
    // Reflect.set only fails on frozen objects; a fresh Error is not one.
    let _ = js_sys::Reflect::set(&error, &"en".into(), &JsValue::from_str(&e.message_en));
    let _ = js_sys::Reflect::set(&error, &"kind".into(), &JsValue::from_str(e.kind));
    error.into()
}

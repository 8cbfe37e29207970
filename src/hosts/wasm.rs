//! WebAssembly for JavaScript (the browser demo, the Odoo 14 form): two wasm-bindgen
//! modules from this crate, and every JS ↔ Rust conversion in this one file.
//! - the engine module (feature `wasm`, `engine.rs`): check, xml, check_and_xml,
//!   fingerprint, to_invoice — what the form runs on every keystroke, loaded with the page;
//! - the on-demand module, "the PDF module" (feature `wasm-pdf`, `on_demand.rs`): pdf,
//!   extract, read, explain, fetched on first use, so that the download every form pays
//!   for holds only the keystroke's code (and that code can be built for speed).
//!
//! Both export `version`; with the test-only feature `selftest`, `selftest_panic` too, so
//! that a host's tests prove either one's reset (the shipped modules lack it).
//!
//! Contract with the JS side (the loader `engine_loader.js` and the UI):
//! - inputs are plain JS objects: a form state (`src/form/state.rs`) or an invoice
//!   (`src/model/invoice.rs`), read as JSON text by `crate::input::parse_json`, the one
//!   reader every host uses (limits first, the same messages as the CLI and the server);
//!   options and results cross as JS values (serde-wasm-bindgen), strings (the XML) and
//!   bytes (a PDF) as they are: every conversion is in this file;
//! - amounts and quantities cross as decimal strings both ways: a JS float amount is
//!   refused with a message, and nothing is ever handed back as a float or a BigInt;
//! - a failure is a thrown JS `Error` whose `message` is the French text, with `en`
//!   (the English text) and `kind` (`json`, `xml`, `pdf`, `input`...) properties;
//! - a panic is a trap (`WebAssembly.RuntimeError`) after which the instance must not be
//!   reused: the loader re-instantiates it. `selftest_panic` exists to test that.
//!
//! These functions only run inside a JS host, so their tests are in the browser:
//! `tests/browser/bindings.test.mjs` (after `npm run build`).

#[cfg(feature = "wasm")]
mod engine;
#[cfg(feature = "wasm-pdf")]
mod on_demand;

use crate::api;
use crate::error::Error;
#[cfg(feature = "wasm")]
use crate::input::{self, Input};
#[cfg(feature = "wasm")]
use serde::Deserialize;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated (again after each reset): panics are printed
/// to the console with their message rather than as a bare `unreachable`.
#[wasm_bindgen(start)]
fn init_panic_hook() {
    console_error_panic_hook::set_once();
}

/// The engine's version (the crate's).
#[wasm_bindgen]
pub fn version() -> String {
    api::version().to_string()
}

/// Panics on purpose. It exists so that hosts can test their panic recovery: after it,
/// the next call must still answer correctly (the loader re-instantiates the module).
/// Test builds only (feature `selftest`).
#[cfg(feature = "selftest")]
#[wasm_bindgen]
pub fn selftest_panic() {
    panic!("selftest_panic : panique volontaire pour tester la reprise / deliberate panic to test recovery");
}

/// A form or an invoice from a JS object. It goes through `JSON.stringify`, so the
/// engine reads exactly the JSON the CLI and the server would be given: `undefined`
/// properties are absent, the same keys tell a form from an invoice, a float amount is
/// refused with the same message. Not serde-wasm-bindgen here: the shape (form or
/// invoice, how many lines: the limit comes before anything is read) would then need a
/// second reader, over JS objects.
#[cfg(feature = "wasm")]
pub(crate) fn input_of(value: JsValue) -> Result<Input, JsValue> {
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
    let text = json_text(
        &value,
        "entrée illisible : l'objet ne se convertit pas en JSON (BigInt, référence circulaire ou fonction ?)",
        "unreadable input: the object does not convert to JSON (BigInt, circular reference or function?)",
    )?;
    input::parse_json(&text).map_err(|e| js_error(&e))
}

/// `JSON.stringify(value)`, or the error (`fr`, `en`) when the value has no JSON form.
#[cfg(feature = "wasm")]
fn json_text(value: &JsValue, fr: &str, en: &str) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| js_error(&Error::new("input", fr, en)))
}

/// Optional options: `undefined` and `null` mean the defaults. Read from the JS object
/// itself (serde-wasm-bindgen: a few properties, no JSON text).
#[cfg(feature = "wasm")]
pub(crate) fn options_of<T: Default + for<'de> Deserialize<'de>>(
    value: JsValue,
) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|why| {
        js_error(&Error::new(
            "input",
            format!("options invalides : {why}"),
            format!("invalid options: {why}"),
        ))
    })
}

pub(crate) fn string_of(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        js_error(&Error::new(
            "input",
            format!("« {name} » doit être une chaîne de caractères"),
            format!("`{name}` must be a string"),
        ))
    })
}

#[cfg(feature = "wasm-pdf")]
pub(crate) fn bytes_of(value: &JsValue, name: &str) -> Result<Vec<u8>, JsValue> {
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

/// Plain JS values only: objects (not `Map`s), decimal strings, safe-integer numbers,
/// `null` for a missing value (as JSON would give them), built by serde-wasm-bindgen
/// without JSON text. As fast as JSON text and `JSON.parse` for `check_and_xml`'s
/// diagnostics at 50 lines (BENCHMARKS.md, *The keystroke*).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&api::internal(&e)))
}

/// A JS `Error`: `message` in French, `en` in English, `kind` for programs.
pub(crate) fn js_error(e: &Error) -> JsValue {
    let error = js_sys::Error::new(&e.message_fr);
    // Reflect.set only fails on frozen objects; a fresh Error is not one.
    let _ = js_sys::Reflect::set(&error, &"en".into(), &JsValue::from_str(&e.message_en));
    let _ = js_sys::Reflect::set(&error, &"kind".into(), &JsValue::from_str(e.kind));
    error.into()
}

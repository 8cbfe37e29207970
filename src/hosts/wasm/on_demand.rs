//! The on-demand module's exports (feature `wasm-pdf`, `chorus_guard_pdf_bg.wasm`, named
//! for its largest part: "the PDF module"): the Factur-X PDF written and read, a Factur-X
//! XML read back, a Chorus Pro rejection explained. Apart from the engine module because
//! the keystroke never needs them: lopdf's stack (parser, compression, encryption, Unicode
//! tables) is most of the download, and the XML reader and the explanations' texts are
//! what let the engine module be built for speed within its size budget (issue 5).

use super::{bytes_of, js_error, string_of, to_js};
use crate::api;
use wasm_bindgen::prelude::*;

/// The Factur-X PDF/A-3: `xml` embedded as `factur-x.xml` into `pdf_bytes`
/// (a `Uint8Array` or an `ArrayBuffer`). Returns a `Uint8Array`.
#[wasm_bindgen]
pub fn pdf(pdf_bytes: JsValue, xml: JsValue) -> Result<Vec<u8>, JsValue> {
    let bytes = bytes_of(&pdf_bytes, "pdf_bytes")?;
    let xml = string_of(&xml, "xml")?;
    api::pdf(&bytes, &xml).map_err(|e| js_error(&e))
}

/// The `factur-x.xml` embedded in a PDF (`Uint8Array` or `ArrayBuffer`).
#[wasm_bindgen]
pub fn extract(pdf_bytes: JsValue) -> Result<String, JsValue> {
    let bytes = bytes_of(&pdf_bytes, "pdf_bytes")?;
    api::extract(&bytes).map_err(|e| js_error(&e))
}

/// The invoice a Factur-X / CII XML holds, as a plain object (amounts as strings).
#[wasm_bindgen]
pub fn read(xml: JsValue) -> Result<JsValue, JsValue> {
    let xml = string_of(&xml, "xml")?;
    let invoice = api::read(&xml).map_err(|e| js_error(&e))?;
    to_js(&invoice)
}

/// A Chorus Pro rejection text explained: `{ case, field, steps_fr, steps_en, rule }`
/// (`field` and `rule` are `null` when the guide names none).
#[wasm_bindgen]
pub fn explain(text: JsValue) -> Result<JsValue, JsValue> {
    let text = string_of(&text, "text")?;
    to_js(&api::explain(&text))
}

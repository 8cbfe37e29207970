//! The PDF module's exports (feature `wasm-pdf`, `chorus_guard_pdf_bg.wasm`): the
//! Factur-X PDF written and read. Apart from the engine module because lopdf's stack
//! (parser, compression, encryption, Unicode tables) is most of the download, and only the
//! PDF download and a dropped PDF need it — never the keystroke.

use super::{bytes_of, js_error, string_of};
use wasm_bindgen::prelude::*;

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

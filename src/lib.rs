//! Chorus Guard: Chorus Pro and EN 16931 rules, and the Factur-X file, for Odoo 14
//! invoices. The same code runs natively (CLI), in the browser and on the server
//! (WebAssembly): no threads, no filesystem, no clock here.
//!
//! This file is the public API and nothing else: the operations are `api.rs`'s, the
//! types those of the model, the form and the rules.

mod api;
mod cii;
mod error;
mod explain;
pub mod form;
#[cfg(any(feature = "server", feature = "wasm", feature = "wasm-pdf", test))]
mod hosts;
pub mod input;
pub mod limits;
pub mod model;
mod pdf;
mod rules;

pub use api::{
    base64_decode, base64_encode, check, check_and_xml, check_as, detect, dispatch, explain,
    extract, fingerprint, invoice_of, pdf, profile, profile_of, read, to_invoice, version, xml,
    xml_of, xml_of_file, Answer, CheckAndXml, CheckAndXmlAnswer, ErrorAnswer, PROFILES,
};
pub use error::{Error, Lang};
pub use explain::Explanation;
pub use form::FormState;
pub use input::{parse_json, Input};
pub use model::{Invoice, Profile};
pub use rules::{
    blocks, check_form, check_invoice, CheckOptions, Choice, Diagnostic, Fix, Severity,
};

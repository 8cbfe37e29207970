//! Chorus Guard: Chorus Pro and EN 16931 rules, and the Factur-X file, for Odoo 14
//! invoices. The same code runs natively (CLI), in the browser and on the server
//! (WebAssembly): no threads, no filesystem, no clock here.

pub mod cii;
mod error;
pub mod explain;
pub mod form;
#[cfg(any(feature = "server", feature = "wasm", feature = "wasm-pdf", test))]
mod hosts;
pub mod input;
pub mod limits;
pub mod model;
pub mod pdf;
pub mod rules;

pub use error::{Error, Lang};
pub use explain::{explain, Explanation};
pub use form::FormState;
pub use input::{parse_json, Input};
pub use model::{Invoice, Profile};
pub use rules::{blocks, check_form, check_invoice, CheckOptions, Diagnostic, Fix, Severity};

use sha2::{Digest, Sha256};

/// Checks whatever came in: a form runs the form rules and the invoice rules.
pub fn check(input: &Input) -> Vec<Diagnostic> {
    match input {
        Input::Form(form) => check_form(form),
        Input::Invoice(invoice) => check_invoice(invoice, &CheckOptions::default()),
    }
}

/// `check` and `xml` of one input, the form mapped to its invoice once: what the
/// form runs on every keystroke.
pub fn check_and_xml(
    input: &Input,
    profile: Option<Profile>,
) -> (Vec<Diagnostic>, Result<String, Error>) {
    match input {
        Input::Form(form) => {
            let mut invoice = form::to_invoice(form);
            let diagnostics = rules::check_form_as(form, &invoice);
            let profile = profile.unwrap_or(invoice.profile);
            invoice.complete();
            (diagnostics, write_completed(&invoice, profile))
        }
        Input::Invoice(invoice) => (check(input), xml(invoice, profile)),
    }
}

/// `xml(&invoice_of(&input), profile)` for a caller that owns the input (the CLI, the
/// browser's and the server's `xml`): the invoice is completed in place instead of being
/// copied twice, once out of the input and once to be completed.
pub fn xml_of(input: Input, profile: Option<Profile>) -> Result<String, Error> {
    let mut invoice = match input {
        Input::Form(form) => form::to_invoice(&form),
        Input::Invoice(invoice) => *invoice,
    };
    let profile = profile.unwrap_or(invoice.profile);
    invoice.complete();
    write_completed(&invoice, profile)
}

/// The invoice an input stands for.
pub fn invoice_of(input: &Input) -> Invoice {
    match input {
        Input::Form(form) => form::to_invoice(form),
        Input::Invoice(invoice) => (**invoice).clone(),
    }
}

/// The Factur-X XML of an invoice (EN 16931 profile unless `profile` says otherwise).
/// Derived amounts are the engine's: the invoice is completed first.
pub fn xml(invoice: &Invoice, profile: Option<Profile>) -> Result<String, Error> {
    let profile = profile.unwrap_or(invoice.profile);
    write_completed(&invoice.completed(), profile)
}

fn write_completed(completed: &Invoice, profile: Profile) -> Result<String, Error> {
    amounts_within_limit(completed)?;
    cii::write(completed, profile)
}

/// A computed amount beyond what the reader accepts is refused before writing, so
/// that every XML we write reads back.
fn amounts_within_limit(invoice: &Invoice) -> Result<(), Error> {
    let limit = rust_decimal::Decimal::from(model::amount::MAX_ABS);
    let t = invoice.totals.clone().unwrap_or_default();
    let computed = invoice
        .lines
        .iter()
        .filter_map(|l| l.net_amount)
        .chain(
            invoice
                .vat_breakdown
                .iter()
                .flat_map(|b| [b.taxable_amount, b.tax_amount])
                .flatten(),
        )
        .chain(
            [
                t.line_total,
                t.tax_exclusive,
                t.tax_total,
                t.grand_total,
                t.due_payable,
            ]
            .into_iter()
            .flatten(),
        );
    for amount in computed {
        if amount.abs() > limit {
            return Err(Error::new(
                "limit",
                format!("montant calculé {amount} hors limites (maximum {limit}) : vérifiez quantités et prix"),
                format!("computed amount {amount} out of range (maximum {limit}): check quantities and prices"),
            ));
        }
    }
    Ok(())
}

/// Reads any Factur-X / CII invoice back into the model.
pub fn read(xml: &str) -> Result<Invoice, Error> {
    cii::read(xml)
}

/// Embeds `factur-x.xml` into a PDF, making it a Factur-X PDF/A-3.
pub fn pdf(pdf_bytes: &[u8], xml: &str) -> Result<Vec<u8>, Error> {
    limits::text_size("XML", "XML", xml.len())?;
    let profile = read(xml).map(|i| i.profile).unwrap_or_default();
    pdf::embed(pdf_bytes, xml.as_bytes(), profile)
}

/// The `factur-x.xml` (or ZUGFeRD XML) embedded in a PDF.
pub fn extract(pdf_bytes: &[u8]) -> Result<String, Error> {
    let bytes = pdf::extract(pdf_bytes)?;
    input::utf8_text(&bytes, "le XML joint au PDF", "the XML attached to the PDF")
        .map_err(|e| Error { kind: "xml", ..e })
}

/// SHA-256 of the XML, in hex: what the server stores as "last sent".
pub fn fingerprint(xml: &str) -> String {
    let digest = Sha256::digest(xml.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The engine's version, for the UI and the server to compare.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed examples (`examples/seed/*.json`): path and text.
    fn seed_examples() -> Vec<(std::path::PathBuf, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed");
        let examples: Vec<_> = std::fs::read_dir(dir)
            .expect("examples/seed")
            .map(|entry| {
                let path = entry.expect("entry").path();
                let text = std::fs::read_to_string(&path).expect("readable example");
                (path, text)
            })
            .collect();
        assert!(examples.len() >= 7, "the seed examples are there");
        examples
    }

    /// The keystroke path gives what its two calls give: the same diagnostics (a stale
    /// file, a parent company, a missing service code...) and the same XML.
    #[test]
    fn check_and_xml_agrees_with_check_then_xml() {
        for (path, text) in seed_examples() {
            let input = parse_json(&text).expect("example parses");
            let (diagnostics, written) = check_and_xml(&input, None);
            assert_eq!(diagnostics, check(&input), "{}", path.display());
            assert_eq!(
                written.ok(),
                xml(&invoice_of(&input), None).ok(),
                "{}",
                path.display()
            );
        }
    }

    /// The owned path writes what the borrowed one writes, in every profile.
    #[test]
    fn xml_of_agrees_with_xml_of_invoice_of() {
        for (path, text) in seed_examples() {
            for profile in [None, Some(Profile::Basic), Some(Profile::Minimum)] {
                let input = parse_json(&text).expect("example parses");
                let borrowed = xml(&invoice_of(&input), profile);
                assert_eq!(
                    xml_of(input, profile).map_err(|e| e.message_en),
                    borrowed.map_err(|e| e.message_en),
                    "{}",
                    path.display()
                );
            }
        }
    }
}

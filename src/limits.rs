//! The engine's documented limits (`docs/limits.md`). Each is checked before the
//! work it bounds starts, so hostile input costs at most these amounts of time and
//! memory, on every host (CLI, browser, server).

use crate::error::Error;

/// XML or JSON text: far above any invoice (a 10 000-line CII file is ~ 12 MB).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// A PDF given to `extract` or `pdf`, and any file the CLI reads (`file_size`).
pub const MAX_PDF_BYTES: usize = 64 * 1024 * 1024;
/// Invoice lines, in a form, an invoice JSON or a CII file.
pub const MAX_LINES: usize = 10_000;
/// Elements in one XML document: what keeps the element tree's memory bounded.
pub const MAX_XML_ELEMENTS: usize = 500_000;

pub fn text_size(what_fr: &str, what_en: &str, len: usize) -> Result<(), Error> {
    size_within(what_fr, what_en, len, MAX_TEXT_BYTES)
}

pub fn pdf_size(len: usize) -> Result<(), Error> {
    size_within("PDF", "PDF", len, MAX_PDF_BYTES)
}

fn size_within(what_fr: &str, what_en: &str, len: usize, max: usize) -> Result<(), Error> {
    if len > max {
        return Err(Error::new(
            "limit",
            format!("{what_fr} trop volumineux : {len} octets, la limite est de {max} octets"),
            format!("{what_en} too large: {len} bytes, the limit is {max} bytes"),
        ));
    }
    Ok(())
}

/// A file a host reads before knowing what it holds (the CLI): at most the largest
/// input any operation takes, a PDF.
pub fn file_size(name: &str, len: usize) -> Result<(), Error> {
    if len > MAX_PDF_BYTES {
        return Err(Error::new(
            "limit",
            format!("{name} fait {len} octets : au-delà de la limite de {MAX_PDF_BYTES} octets"),
            format!("{name} is {len} bytes: over the {MAX_PDF_BYTES}-byte limit"),
        ));
    }
    Ok(())
}

pub fn line_count(count: usize) -> Result<(), Error> {
    if count > MAX_LINES {
        return Err(too_many_lines(count));
    }
    Ok(())
}

/// `count` may be a lower bound: the reader stops counting at the first line too many.
pub fn too_many_lines(count: usize) -> Error {
    Error::new(
        "limit",
        format!("facture de plus de {MAX_LINES} lignes ({count} au moins) : au-delà de la limite du moteur"),
        format!("invoice with more than {MAX_LINES} lines ({count} at least): over the engine's limit"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_inclusive_and_messages_french_first() {
        assert!(text_size("XML", "XML", MAX_TEXT_BYTES).is_ok());
        let e = text_size("XML", "XML", MAX_TEXT_BYTES + 1).unwrap_err();
        assert_eq!(e.kind, "limit");
        assert!(
            e.message_fr.starts_with("XML trop volumineux"),
            "{}",
            e.message_fr
        );
        assert!(pdf_size(MAX_PDF_BYTES).is_ok());
        assert!(pdf_size(MAX_PDF_BYTES + 1).is_err());
        assert!(line_count(MAX_LINES).is_ok());
        assert!(line_count(MAX_LINES + 1)
            .unwrap_err()
            .message_fr
            .contains("10000 lignes"));
    }
}

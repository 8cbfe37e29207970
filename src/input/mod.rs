//! JSON input: a form state or an invoice, told apart by their keys.

use crate::error::Error;
use crate::form::FormState;
use crate::limits;
use crate::model::Invoice;

mod shape;

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Form(Box<FormState>),
    Invoice(Box<Invoice>),
}

/// Keys only a form has (Odoo's field names).
const FORM_KEYS: &[&str] = &[
    "move_type",
    "partner",
    "commercial_partner",
    "transmit_method_code",
    "company",
    "ref",
];

pub fn parse_json(text: &str) -> Result<Input, Error> {
    limits::text_size("JSON", "JSON", text.len())?;
    // Straight from the text to the form or the invoice: going through a
    // `serde_json::Value` first cost as much as the checks (every key and string
    // allocated twice), and this runs on every keystroke. A first pass that allocates
    // nothing says which of the two it is and how many lines it has (limits first).
    let shape = shape::shape(text)?;
    limits::line_count(shape.lines)?;
    if shape.form {
        serde_json::from_str::<FormState>(text)
            .map(|f| Input::Form(Box::new(f)))
            .map_err(|e| json_error(&e))
    } else {
        serde_json::from_str::<Invoice>(text)
            .map(|i| Input::Invoice(Box::new(i)))
            .map_err(|e| json_error(&e))
    }
}

fn not_an_object() -> Error {
    Error::new(
        "json",
        "le JSON doit être un objet (facture ou formulaire)",
        "the JSON must be an object (invoice or form)",
    )
}

/// `parse_json` of a value already parsed (tests and fuzzing build their inputs as
/// values): read from its JSON text, by the one reader every host uses.
pub fn from_value(value: serde_json::Value) -> Result<Input, Error> {
    parse_json(&value.to_string())
}

/// `bytes` as text, or an error naming what they are instead: UTF-16 (a byte order
/// mark or a NUL next to the first `<` / `{`), or another encoding, the one the XML
/// declaration names when there is one. `what_*` names the file for the message.
pub fn utf8_text(bytes: &[u8], what_fr: &str, what_en: &str) -> Result<String, Error> {
    if is_utf16(bytes) {
        return Err(Error::new(
            "input",
            format!(
                "{what_fr} est en UTF-16 : seul l'UTF-8 est accepté, réenregistrez-le en UTF-8"
            ),
            format!("{what_en} is UTF-16: only UTF-8 is accepted, save it again as UTF-8"),
        ));
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let declared = declared_encoding(bytes)
            .map(|enc| {
                (
                    format!(", encodage déclaré {enc}"),
                    format!(", declared encoding {enc}"),
                )
            })
            .unwrap_or_default();
        Error::new(
            "input",
            format!(
                "{what_fr} n'est pas en UTF-8 (octet {at}{}) : réenregistrez-le en UTF-8",
                declared.0
            ),
            format!(
                "{what_en} is not UTF-8 (byte {at}{}): save it again as UTF-8",
                declared.1
            ),
        )
    })
}

/// Whether `bytes` start like UTF-16 text (XML or JSON).
pub fn is_utf16(bytes: &[u8]) -> bool {
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [0, b, ..] | [b, 0, ..] => matches!(b, b'<' | b'{' | b'['),
        _ => false,
    }
}

/// The `encoding` of an XML declaration, when the text starts with one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    let head = String::from_utf8_lossy(head);
    let decl = head.strip_prefix("<?xml")?.split("?>").next()?;
    let value = decl
        .split("encoding")
        .nth(1)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let name = value.get(1..)?.split(quote).next()?;
    let clean = name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c));
    clean.then(|| name.to_string())
}

fn json_error(e: &serde_json::Error) -> Error {
    let at = if e.line() > 0 {
        format!(" (ligne {}, colonne {})", e.line(), e.column())
    } else {
        String::new()
    };
    let at_en = if e.line() > 0 {
        format!(" (line {}, column {})", e.line(), e.column())
    } else {
        String::new()
    };
    Error::new(
        "json",
        format!("JSON illisible : {e}{at}"),
        format!("unreadable JSON: {e}{at_en}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_reads_like_its_text() {
        let text = r#"{"ref": "04AMIDEX", "partner": {"id": 7, "display_name": "Aix Marseille Université"}}"#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let from_value = from_value(value).unwrap();
        assert!(matches!(from_value, Input::Form(_)));
        assert_eq!(from_value, parse_json(text).unwrap());
    }

    #[test]
    fn a_float_amount_is_refused_with_a_french_message() {
        let value = serde_json::json!({"number": "F1", "lines": [{"quantity": 1.5}]});
        let error = from_value(value).unwrap_err();
        assert_eq!(error.kind, "json");
        assert!(error.message_fr.starts_with("JSON illisible"));
        assert!(
            error.message_fr.contains("flottant"),
            "{}",
            error.message_fr
        );
    }

    #[test]
    fn limits_are_checked_before_parsing() {
        let huge = format!(
            "{{\"notes\": [\"{}\"]}}",
            "a".repeat(limits::MAX_TEXT_BYTES)
        );
        let e = parse_json(&huge).unwrap_err();
        assert_eq!(e.kind, "limit");
        assert!(
            e.message_fr.starts_with("JSON trop volumineux"),
            "{}",
            e.message_fr
        );
        let line = serde_json::json!({"name": "L", "quantity": "1", "price_unit": "1"});
        let lines = vec![line.clone(); limits::MAX_LINES + 1];
        let e = from_value(serde_json::json!({"ref": "X", "lines": lines})).unwrap_err();
        assert!(e.message_fr.contains("lignes"), "{}", e.message_fr);
        let lines = vec![line; limits::MAX_LINES];
        assert!(from_value(serde_json::json!({"ref": "X", "lines": lines})).is_ok());
    }

    #[test]
    fn text_in_another_encoding_is_named() {
        let utf16: Vec<u8> = "\u{feff}<r/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = utf8_text(&utf16, "f.xml", "f.xml").unwrap_err();
        assert!(
            e.message_fr.starts_with("f.xml est en UTF-16"),
            "{}",
            e.message_fr
        );
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><r>Soci\xe9t\xe9</r>";
        let e = utf8_text(latin1, "f.xml", "f.xml").unwrap_err();
        assert_eq!(
            e.message_fr,
            "f.xml n'est pas en UTF-8 (octet 50, encodage déclaré ISO-8859-1) : réenregistrez-le en UTF-8"
        );
        assert_eq!(
            utf8_text("<r>é</r>".as_bytes(), "f", "f").unwrap(),
            "<r>é</r>"
        );
    }

    #[test]
    fn a_non_object_is_refused() {
        let error = from_value(serde_json::json!([1, 2])).unwrap_err();
        assert!(error.message_fr.contains("objet"));
    }
}

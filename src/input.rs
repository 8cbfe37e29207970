//! JSON input: a form state or an invoice, told apart by their keys.

use crate::form::FormState;
use crate::model::Invoice;
use crate::Error;

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
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let object = value.as_object().ok_or_else(|| {
        Error::new(
            "json",
            "le JSON doit être un objet (facture ou formulaire)",
            "the JSON must be an object (invoice or form)",
        )
    })?;
    let is_form = FORM_KEYS.iter().any(|k| object.contains_key(*k));
    if is_form {
        serde_json::from_value::<FormState>(value)
            .map(|f| Input::Form(Box::new(f)))
            .map_err(|e| json_error(&e))
    } else {
        serde_json::from_value::<Invoice>(value)
            .map(|i| Input::Invoice(Box::new(i)))
            .map_err(|e| json_error(&e))
    }
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

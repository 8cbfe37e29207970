//! Errors are values with a French message for users and an English one for logs.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Stable, machine-readable kind: `json`, `xml`, `pdf`, `input`, `limit`...
    pub kind: &'static str,
    pub message_fr: String,
    pub message_en: String,
}

impl Error {
    pub fn new(kind: &'static str, fr: impl Into<String>, en: impl Into<String>) -> Error {
        Error {
            kind,
            message_fr: fr.into(),
            message_en: en.into(),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.message_fr,
            Lang::En => &self.message_en,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_fr)
    }
}

impl std::error::Error for Error {}

/// The language of messages shown to a person; French first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

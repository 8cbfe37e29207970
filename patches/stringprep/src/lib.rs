//! `stringprep::saslprep` for ASCII passwords, without the Unicode tables.
//!
//! lopdf calls SASLprep on the password of a PDF encrypted with AES-256 (revision 6).
//! Chorus Guard only ever opens a PDF with the empty password (a PDF that has an owner
//! password only), and the real crate pulls ~130 KB of Unicode normalisation and bidi
//! tables into the browser module (issue 5: the module must stay small). For an ASCII
//! password without control characters — the empty one included — the real crate
//! takes a fast path that returns the password unchanged: this does the same. Any
//! other password is refused with an error, where the real crate would normalise it;
//! lopdf then reports the PDF as one it cannot decrypt.

use std::borrow::Cow;
use std::fmt;

/// Why a password was refused.
#[derive(Debug)]
pub struct Error(char);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "SASLprep: unsupported character `{}` (ASCII passwords only)",
            self.0.escape_default()
        )
    }
}

impl std::error::Error for Error {}

fn ascii_control_character(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}')
}

/// SASLprep (RFC 4013) of an ASCII password: the password itself.
pub fn saslprep(s: &str) -> Result<Cow<'_, str>, Error> {
    match s
        .chars()
        .find(|&c| !c.is_ascii() || ascii_control_character(c))
    {
        None => Ok(Cow::Borrowed(s)),
        Some(c) => Err(Error(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_passwords_are_unchanged_as_with_the_real_crate() {
        assert_eq!(saslprep("").unwrap(), "");
        assert_eq!(saslprep("user pass~1").unwrap(), "user pass~1");
    }

    #[test]
    fn other_passwords_are_refused() {
        assert!(saslprep("mot de passe é").is_err());
        assert!(saslprep("tab\there").is_err());
    }
}

//! Chorus Pro's texts come in any case, with or without accents, with curly or
//! straight apostrophes and stray whitespace: one plain form to match against.

/// Lower case, no accents, `'` for every apostrophe, single spaces.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(lower) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | '‘' | '`' | '´' | 'ʼ' => out.push('\''),
            c if c.is_whitespace() => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lower case for what Chorus Pro writes: ASCII and the Latin letters of French. Not
/// `char::to_lowercase`: its Unicode tables would weigh 4 KB gzipped in the browser
/// module, for letters no Chorus text holds (they are kept as they are).
fn lower(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        // À..Þ but ×: the Latin-1 capitals, 0x20 below their small letters.
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Œ' => 'œ',
        'Ÿ' => 'ÿ',
        _ => c,
    }
}

/// The words (runs of letters and digits) of a plain text.
pub fn words(plain: &str) -> impl Iterator<Item = &str> {
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_apostrophes_and_spaces_disappear() {
        assert_eq!(
            plain("  L’ÉLÉMENT   est\tObligatoire\n "),
            "l'element est obligatoire"
        );
        assert_eq!(
            plain("Vous devez sélectionner"),
            plain("VOUS DEVEZ SELECTIONNER")
        );
        assert_eq!(
            plain("ÀÇÈÉÊËÎÏÔÙÛÜŸ ŒUVRE Æ ×"),
            "aceeeeiiouuuy oeuvre ae ×"
        );
    }

    #[test]
    fn words_split_on_punctuation() {
        assert_eq!(
            words("http error code 403.").collect::<Vec<_>>(),
            ["http", "error", "code", "403"]
        );
    }
}

//! A pre-flight scan of the raw bytes before lopdf parses them: lopdf's parser
//! recurses once per nested array or dictionary, so a few hundred `[` overflow
//! the stack (1 MB in WebAssembly) and abort instead of failing. Real PDFs nest
//! a handful of levels; anything deeper is refused up front.

/// Deeper than any PDF producer writes, shallow enough for lopdf's recursion
/// to fit a debug build's 2 MB test thread.
pub const MAX_NESTING: usize = 32;

/// Whether arrays and dictionaries outside streams stay within [`MAX_NESTING`].
/// Strings, comments and stream data are skipped: their brackets mean nothing.
pub fn nesting_ok(pdf: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&byte) = pdf.get(i) {
        let next = pdf.get(i + 1).copied();
        match byte {
            b'%' => i = skip_line(pdf, i),
            b'(' => i = skip_literal_string(pdf, i),
            b'<' if next == Some(b'<') => {
                depth += 1;
                i += 2;
            }
            b'<' => i = find(pdf, i, b">").map_or(pdf.len(), |end| end + 1),
            b'>' if next == Some(b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if keyword_at(pdf, i, b"stream") => {
                // Stream data is opaque; an unterminated stream ends the scan.
                match find(pdf, i + 6, b"endstream") {
                    Some(end) => i = end + 9,
                    None => return true,
                }
                depth = 0;
            }
            b'e' if keyword_at(pdf, i, b"endobj") => {
                depth = 0;
                i += 6;
            }
            _ => i += 1,
        }
        if depth > MAX_NESTING {
            return false;
        }
    }
    true
}

fn keyword_at(pdf: &[u8], at: usize, keyword: &[u8]) -> bool {
    let before = at.checked_sub(1).and_then(|b| pdf.get(b)).copied();
    pdf.get(at..).is_some_and(|rest| rest.starts_with(keyword))
        && !before.is_some_and(|b| b.is_ascii_alphanumeric())
}

fn find(pdf: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = pdf.get(from..)?;
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn skip_line(pdf: &[u8], at: usize) -> usize {
    let rest = pdf.get(at..).unwrap_or_default();
    rest.iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(pdf.len(), |p| at + p + 1)
}

/// Past the `)` closing the string opened at `at` (parentheses nest, `\` escapes).
fn skip_literal_string(pdf: &[u8], at: usize) -> usize {
    let mut open = 0usize;
    let mut i = at;
    while let Some(&byte) = pdf.get(i) {
        match byte {
            b'\\' => i += 1,
            b'(' => open += 1,
            b')' => {
                open = open.saturating_sub(1);
                if open == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    pdf.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_nesting_passes() {
        assert!(nesting_ok(
            b"1 0 obj << /A [ [1 2] << /B [3] >> ] >> endobj"
        ));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("1 0 obj {}1{} endobj", "[".repeat(100), "]".repeat(100));
        assert!(!nesting_ok(deep.as_bytes()));
        let deep_dicts = "<< /A ".repeat(40);
        assert!(!nesting_ok(deep_dicts.as_bytes()));
    }

    #[test]
    fn brackets_in_strings_comments_and_streams_do_not_count() {
        let many = "[".repeat(100);
        let pdf = format!(
            "1 0 obj ({many}) endobj\n% {many}\n2 0 obj << /Length 100 >>\nstream\n{many}\nendstream\nendobj"
        );
        assert!(nesting_ok(pdf.as_bytes()));
    }
}

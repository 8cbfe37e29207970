//! The shape of a JSON object at the byte level: whether its top level has a form's key
//! and how many elements its `lines` array holds, without decoding anything. `parse_json` needs
//! both before reading the input for real; serde's own pass over the text (every string
//! scanned, every value visited) was a tenth of a keystroke in the browser.
//!
//! Nothing here validates the JSON: the typed reading that follows does. On a text this
//! reading is not sure of (not an object, a top-level key written with an escape), it
//! says `None` and serde's pass decides.

use super::{Shape, FORM_KEYS};
use crate::limits::MAX_LINES;

pub(super) fn scan(text: &str) -> Option<Shape> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if *b.get(i)? != b'{' {
        return None;
    }
    // Every line of a form or an invoice is an object: a text with no more `{` than the
    // limit cannot carry too many lines (a line of another kind fails the reading at
    // once), and the lines need not be counted. The reading can then stop at the first
    // key that makes it a form (the form's first key, `move_type`, from the Odoo glue).
    let braces = b.iter().filter(|&&c| c == b'{').count();
    let count_lines = braces > MAX_LINES;
    let mut shape = Shape {
        form: false,
        lines: if count_lines { 0 } else { braces },
    };
    i = skip_ws(b, i + 1);
    if *b.get(i)? == b'}' {
        return Some(shape);
    }
    loop {
        let (key, next) = plain_string(b, i)?;
        i = skip_ws(b, next);
        if *b.get(i)? != b':' {
            return None;
        }
        i = skip_ws(b, i + 1);
        if FORM_KEYS.iter().any(|k| k.as_bytes() == key) {
            shape.form = true;
            if !count_lines {
                return Some(shape);
            }
        }
        if key == b"lines" && count_lines {
            let (count, next) = array_len(b, i)?;
            shape.lines = count;
            i = next;
        } else {
            i = skip_value(b, i)?;
        }
        i = skip_ws(b, i);
        match *b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b'}' => return Some(shape),
            _ => return None,
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// A string without escapes, as its bytes, and the index after its closing quote.
fn plain_string(b: &[u8], i: usize) -> Option<(&[u8], usize)> {
    if *b.get(i)? != b'"' {
        return None;
    }
    let len = b
        .get(i + 1..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')?;
    let end = i + 1 + len;
    (b[end] == b'"').then(|| (&b[i + 1..end], end + 1))
}

/// The index after the string starting at `i` (escapes skipped).
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        // Strings are most of the bytes: memchr looks at a word at a time.
        i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// The index after the value starting at `i`.
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            // Nesting is counted, not recursed into: depth costs nothing here.
            let mut depth = 0usize;
            loop {
                match *b.get(i)? {
                    b'"' => {
                        i = skip_string(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            while !matches!(
                b.get(i),
                None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            ) {
                i += 1;
            }
            Some(i)
        }
    }
}

/// The number of elements of the array at `i` (0 when it is not an array), and the
/// index after the value.
fn array_len(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    if *b.get(i)? != b'[' {
        return Some((0, skip_value(b, i)?));
    }
    i = skip_ws(b, i + 1);
    if *b.get(i)? == b']' {
        return Some((0, i + 1));
    }
    let mut count = 0;
    loop {
        i = skip_ws(b, skip_value(b, i)?);
        count += 1;
        match *b.get(i)? {
            b',' => i = skip_ws(b, i + 1),
            b']' => return Some((count, i + 1)),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_shape(text: &str) -> (bool, usize) {
        let shape: Shape = serde_json::from_str(text).expect("valid object");
        (shape.form, shape.lines)
    }

    /// The form flag, and the line count where it is counted (over `MAX_LINES` braces);
    /// below that, `lines` is only a bound, checked here to be one.
    fn scanned(text: &str) -> Option<(bool, usize)> {
        let shape = scan(text)?;
        let braces = text.bytes().filter(|&c| c == b'{').count();
        if braces > MAX_LINES {
            Some((shape.form, shape.lines))
        } else {
            assert_eq!(shape.lines, braces, "the bound is the braces' count");
            let exact = serde_shape(text).1;
            assert!(exact <= shape.lines || !lines_are_objects(text), "{text}");
            Some((shape.form, exact))
        }
    }

    fn lines_are_objects(text: &str) -> bool {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid");
        value["lines"]
            .as_array()
            .is_none_or(|lines| lines.iter().all(|l| l.is_object()))
    }

    /// On valid objects the byte reading says what serde's reading says.
    #[test]
    fn agrees_with_serde_on_valid_objects() {
        let texts = [
            r#"{}"#,
            r#" { "ref" : null } "#,
            r#"{"number":"F1","lines":[{"quantity":"1"},{"quantity":"2","name":"a \"]},{\" b"}]}"#,
            r#"{"lines":[],"partner":{"lines":[1,2,3]}}"#,
            r#"{"lines":"not an array","notes":[[["]"]]]}"#,
            r#"{"lines":[1, true, null, -2.5e3, "x", [1,[2]], {"a":{}}]}"#,
            r#"{"lines":[{"a":1}],"lines":[{"a":1},{"b":2}]}"#,
            "{\"name\":\"Université « x »\",\n\t\"company\":{}}",
            r#"{"x":{"ref":1},"y":"partner"}"#,
        ];
        for text in texts {
            assert_eq!(scanned(text), Some(serde_shape(text)), "{text}");
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed");
        for entry in std::fs::read_dir(dir).expect("examples/seed") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            assert_eq!(scanned(&text), Some(serde_shape(&text)));
        }
    }

    /// What it is not sure of goes to serde's reading.
    #[test]
    fn leaves_escaped_keys_and_non_objects_to_serde() {
        assert_eq!(scanned(r#"{"\u0072ef":"x"}"#), None);
        assert_eq!(scanned(r#"[1]"#), None);
        assert_eq!(scanned(r#""text""#), None);
        assert_eq!(scanned(r#"{"ref" "x"}"#), None);
        assert_eq!(scanned(r#"{"number":"F1" "lines":[]}"#), None);
        assert_eq!(scanned(r#"{"number":"F1""#), None);
        assert_eq!(scanned(""), None);
    }

    /// Over the limit's worth of braces, the lines are counted exactly (and a form's key
    /// does not stop the reading before them).
    #[test]
    fn counts_the_lines_when_there_could_be_too_many() {
        let lines = vec!["{}"; MAX_LINES + 1].join(",");
        let form = format!("{{\"move_type\":\"out_invoice\",\"lines\":[{lines}]}}");
        let shape = scan(&form).expect("an object");
        assert!(shape.form);
        assert_eq!(shape.lines, MAX_LINES + 1);
        let invoice = format!("{{\"lines\":[{lines}],\"number\":\"F1\"}}");
        let shape = scan(&invoice).expect("an object");
        assert!(!shape.form);
        assert_eq!(shape.lines, MAX_LINES + 1);
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let deep = format!(
            "{{\"notes\":{}{}}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        assert_eq!(scanned(&deep), Some((false, 0)));
    }
}

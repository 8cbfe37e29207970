//! The shape of a JSON input — a form or an invoice, and how many lines — read once, at
//! the byte level, before the input is read for real: `parse_json` checks the line limit
//! before anything is allocated and then reads the one type it is. Every host reads its
//! JSON through here (the CLI, the server module, the browser's bindings). serde's own
//! pass over the text (every string scanned, every value visited) was a tenth of a
//! keystroke in the browser; this one reads the top level's keys only, skips strings with
//! memchr and, below the line limit's worth of `{`, does not even count the lines.
//!
//! Nothing here validates the JSON: the typed reading that follows does. A text that is
//! not an object, or whose top level does not read as one, is refused here with its
//! reason (`le JSON doit être un objet`, or serde's own message and position).

use super::{json_error, not_an_object, FORM_KEYS};
use crate::error::Error;
use crate::limits::MAX_LINES;
use std::borrow::Cow;

/// What `parse_json` needs to know before reading the input for real.
#[derive(Debug, PartialEq)]
pub(super) struct Shape {
    /// One of `FORM_KEYS` is there (whatever its value, `null` included).
    pub(super) form: bool,
    /// How many elements `lines` has (0 when it is not an array; the last `lines` counts,
    /// as in a JSON object read whole); when that many lines cannot be over the limit, a
    /// bound instead (the text's `{` count).
    pub(super) lines: usize,
}

/// The shape of `text`, or why it is no form nor invoice.
pub(super) fn shape(text: &str) -> Result<Shape, Error> {
    scan(text).ok_or_else(|| unreadable(text))
}

fn scan(text: &str) -> Option<Shape> {
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
        let (key, next) = key(text, i)?;
        i = skip_ws(b, next);
        if *b.get(i)? != b':' {
            return None;
        }
        i = skip_ws(b, i + 1);
        if FORM_KEYS.contains(&key.as_ref()) {
            shape.form = true;
            if !count_lines {
                return Some(shape);
            }
        }
        if key == "lines" && count_lines {
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

/// Why a text `scan` cannot read is no form nor invoice: a JSON value of another kind
/// (whatever follows its first byte), or serde's message and position.
fn unreadable(text: &str) -> Error {
    let b = text.as_bytes();
    match b.get(skip_ws(b, 0)) {
        Some(b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => not_an_object(),
        _ => match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Err(e) => json_error(&e),
            // `scan` reads every well-formed object; were one missed, it is refused, never
            // read without its lines counted.
            Ok(_) => Error::new(
                "json",
                "JSON illisible : objet mal formé",
                "unreadable JSON: malformed object",
            ),
        },
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The key starting at `i`, and the index after its closing quote. A key written with
/// escapes (`"\u0072ef"`) is decoded, by serde: rare, and it must count as its text.
fn key(text: &str, i: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = text.as_bytes();
    if *b.get(i)? != b'"' {
        return None;
    }
    let len = b
        .get(i + 1..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')?;
    let end = i + 1 + len;
    if b[end] == b'"' {
        // Both quotes are ASCII: the slice is on character boundaries.
        return Some((Cow::Borrowed(text.get(i + 1..end)?), end + 1));
    }
    let end = skip_string(b, i)?;
    let decoded = serde_json::from_str::<String>(text.get(i..end)?).ok()?;
    Some((Cow::Owned(decoded), end))
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

    /// What a whole reading of the object says (the last of a repeated key counts).
    fn whole(text: &str) -> (bool, usize) {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        let object = value.as_object().expect("an object");
        let form = FORM_KEYS.iter().any(|k| object.contains_key(*k));
        let lines = object
            .get("lines")
            .and_then(|l| l.as_array())
            .map_or(0, Vec::len);
        (form, lines)
    }

    /// The form flag, and the line count where it is counted (over `MAX_LINES` braces);
    /// below that, `lines` is only a bound, checked here to be one.
    fn read(text: &str) -> (bool, usize) {
        let shape = shape(text).expect("a shape");
        let braces = text.bytes().filter(|&c| c == b'{').count();
        if braces > MAX_LINES {
            (shape.form, shape.lines)
        } else {
            assert_eq!(shape.lines, braces, "the bound is the braces' count");
            let exact = whole(text).1;
            assert!(exact <= shape.lines || !lines_are_objects(text), "{text}");
            (shape.form, exact)
        }
    }

    fn lines_are_objects(text: &str) -> bool {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid");
        value["lines"]
            .as_array()
            .is_none_or(|lines| lines.iter().all(|l| l.is_object()))
    }

    /// On valid objects the byte reading says what a whole reading says, escaped keys
    /// included.
    #[test]
    fn agrees_with_a_whole_reading_on_valid_objects() {
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
            r#"{"\u0072ef":"x"}"#,
            r#"{"number":"F1","n\"o\\te":"x","\u006cines":[{}]}"#,
        ];
        for text in texts {
            assert_eq!(read(text), whole(text), "{text}");
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed");
        for entry in std::fs::read_dir(dir).expect("examples/seed") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            assert_eq!(read(&text), whole(&text));
        }
    }

    /// Over the limit's worth of braces, the lines are counted exactly (and a form's key
    /// does not stop the reading before them), escaped or not.
    #[test]
    fn counts_the_lines_when_there_could_be_too_many() {
        let lines = vec!["{}"; MAX_LINES + 1].join(",");
        let form = format!("{{\"move_type\":\"out_invoice\",\"lines\":[{lines}]}}");
        assert_eq!(read(&form), (true, MAX_LINES + 1));
        let invoice = format!("{{\"\\u006cines\":[{lines}],\"number\":\"F1\"}}");
        assert_eq!(read(&invoice), (false, MAX_LINES + 1));
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let deep = format!(
            "{{\"notes\":{}{}}}",
            "[".repeat(200_000),
            "]".repeat(200_000)
        );
        assert_eq!(
            shape(&deep),
            Ok(Shape {
                form: false,
                lines: 1
            })
        );
        let open = format!("{{\"notes\":{}", "[".repeat(200_000));
        assert_eq!(shape(&open).map_err(|e| e.kind), Err("json"));
    }

    /// A JSON value that is not an object, whatever follows; anything else, serde's
    /// message with its position.
    #[test]
    fn what_is_no_object_says_why() {
        for text in [
            r#"[1]"#,
            r#"["ref", "x""#,
            r#" "text""#,
            "12",
            "-1",
            "true",
            "null",
        ] {
            let e = shape(text).unwrap_err();
            assert_eq!(e.message_fr, not_an_object().message_fr, "{text}");
        }
        for (text, message) in [
            (
                r#"{"ref" "x"}"#,
                "JSON illisible : expected `:` at line 1 column 8",
            ),
            (
                r#"{"number":"F1" "lines":[]}"#,
                "JSON illisible : expected `,` or `}` at line 1 column 16",
            ),
            (
                r#"{"number":"F1""#,
                "JSON illisible : EOF while parsing an object",
            ),
            ("", "JSON illisible : EOF while parsing a value"),
            (
                "Bonjour",
                "JSON illisible : expected value at line 1 column 1",
            ),
            ("{\"\\x\":1}", "JSON illisible : invalid escape"),
        ] {
            let e = shape(text).unwrap_err();
            assert_eq!(e.kind, "json", "{text}");
            assert!(
                e.message_fr.starts_with(message),
                "{text}: {}",
                e.message_fr
            );
        }
    }
}

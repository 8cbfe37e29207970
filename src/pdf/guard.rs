//! A pre-flight scan of the raw bytes before lopdf parses them.
//!
//! - Nesting: lopdf's parser recurses once per nested array or dictionary, so a few
//!   hundred `[` overflow the stack (1 MB in WebAssembly) and abort instead of
//!   failing. Real PDFs nest a handful of levels; anything deeper is refused up front.
//! - Compression bombs: lopdf inflates object streams (`/ObjStm`) and cross-reference
//!   streams (`/XRef`) while loading, without any bound, so a few kilobytes of
//!   FlateDecode can ask for gigabytes. Those streams are inflated here first into a
//!   counter, within [`MAX_LOAD_INFLATED`] for the whole file; a filter that cannot be
//!   bounded that way (LZW, ASCII85 before Flate) is refused on them.

use super::inflate::{inflated_len, is_zlib};
use crate::error::Error;

/// Deeper than any PDF producer writes, shallow enough for lopdf's recursion
/// to fit a debug build's 2 MB test thread.
pub const MAX_NESTING: usize = 32;

/// What lopdf may inflate while loading one file (object and cross-reference
/// streams together). Real files hold a few hundred kilobytes of them.
pub const MAX_LOAD_INFLATED: usize = 64 * 1024 * 1024;

/// Refuses what lopdf cannot load safely: nesting too deep, or object /
/// cross-reference streams that inflate beyond [`MAX_LOAD_INFLATED`].
pub fn preflight(pdf: &[u8]) -> Result<(), Error> {
    preflight_within(pdf, MAX_LOAD_INFLATED)
}

fn preflight_within(pdf: &[u8], limit: usize) -> Result<(), Error> {
    let scan = scan(pdf);
    if scan.too_deep {
        return Err(refused(
            &format!("objets imbriqués sur plus de {MAX_NESTING} niveaux"),
            &format!("objects nested more than {MAX_NESTING} levels deep"),
        ));
    }
    let mut budget = limit;
    for stream in scan.streams {
        let names = names_in(pdf.get(stream.dict.clone()).unwrap_or_default());
        let named = |wanted: &[&[u8]]| names.iter().any(|n| wanted.contains(&n.as_slice()));
        if !named(&[b"ObjStm", b"XRef"]) {
            continue;
        }
        let data = pdf.get(stream.data..).unwrap_or_default();
        if !is_zlib(data) {
            if named(&[b"LZWDecode", b"LZW", b"ASCII85Decode", b"A85"]) {
                return Err(refused(
                    "flux d'objets compressé avec un filtre non pris en charge (LZW, ASCII85)",
                    "object stream compressed with an unsupported filter (LZW, ASCII85)",
                ));
            }
            continue;
        }
        match inflated_len(data, budget) {
            Some(len) => budget -= len,
            None => {
                return Err(refused(
                    &format!("flux compressés qui se décompressent au-delà de {limit} octets (bombe de décompression ?)"),
                    &format!("compressed streams inflating beyond {limit} bytes (decompression bomb?)"),
                ))
            }
        }
    }
    Ok(())
}

fn refused(fr: &str, en: &str) -> Error {
    Error::new(
        "pdf",
        format!("PDF refusé : {fr}"),
        format!("PDF refused: {en}"),
    )
}

/// Whether arrays and dictionaries outside streams stay within [`MAX_NESTING`].
#[cfg(test)]
pub fn nesting_ok(pdf: &[u8]) -> bool {
    !scan(pdf).too_deep
}

struct Stream {
    /// The top-level dictionary written before the `stream` keyword.
    dict: std::ops::Range<usize>,
    /// Where the stream's data starts.
    data: usize,
}

struct Scan {
    too_deep: bool,
    streams: Vec<Stream>,
}

/// One pass over the bytes as lopdf tokenises them: strings, comments and stream
/// data are skipped, their brackets mean nothing.
fn scan(pdf: &[u8]) -> Scan {
    let mut streams = Vec::new();
    let mut depth = 0usize;
    let mut dict_start = 0usize;
    let mut dict_end = 0usize;
    let mut i = 0;
    while let Some(&byte) = pdf.get(i) {
        let next = pdf.get(i + 1).copied();
        match byte {
            b'%' => i = skip_line(pdf, i),
            b'(' => i = skip_literal_string(pdf, i),
            b'<' if next == Some(b'<') => {
                if depth == 0 {
                    dict_start = i;
                }
                depth += 1;
                i += 2;
            }
            b'<' => i = find(pdf, i, b">").map_or(pdf.len(), |end| end + 1),
            b'>' if next == Some(b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
                if depth == 0 {
                    dict_end = i;
                }
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
                let mut data = i + 6;
                if pdf.get(data) == Some(&b'\r') {
                    data += 1;
                }
                if pdf.get(data) == Some(&b'\n') {
                    data += 1;
                }
                streams.push(Stream {
                    dict: dict_start.min(dict_end)..dict_end,
                    data,
                });
                // Stream data is opaque; an unterminated stream ends the scan.
                match find(pdf, data, b"endstream") {
                    Some(end) => i = end + 9,
                    None => break,
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
            return Scan {
                too_deep: true,
                streams,
            };
        }
    }
    Scan {
        too_deep: false,
        streams,
    }
}

/// The names (`/Type`, `/ObjStm`...) of a dictionary's text, `#hh` escapes decoded as
/// lopdf decodes them; strings are skipped, so that neither `(/LZW)` nor a hex
/// file identifier holding `A85` is taken for a filter.
fn names_in(dict: &[u8]) -> Vec<Vec<u8>> {
    let mut names = Vec::new();
    let mut i = 0;
    while let Some(&byte) = dict.get(i) {
        let next = dict.get(i + 1).copied();
        match byte {
            b'(' => i = skip_literal_string(dict, i),
            b'<' if next == Some(b'<') => i += 2,
            b'<' => i = find(dict, i, b">").map_or(dict.len(), |end| end + 1),
            b'/' => {
                let start = i + 1;
                let len = dict
                    .get(start..)
                    .unwrap_or_default()
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(b))
                    .unwrap_or(dict.len() - start);
                names.push(unescape_names(
                    dict.get(start..start + len).unwrap_or_default(),
                ));
                i = start + len;
            }
            _ => i += 1,
        }
    }
    names
}

/// `#hh` sequences decoded to their byte (anywhere: outside names they are rare and
/// decoding them only makes the check more careful).
pub fn unescape_names(dict: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(dict.len());
    let mut i = 0;
    while let Some(&b) = dict.get(i) {
        let pair = (dict.get(i + 1).copied(), dict.get(i + 2).copied());
        match pair {
            (Some(h), Some(l)) if b == b'#' && hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(value as u8);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
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

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        assert!(e.write_all(bytes).is_ok());
        e.finish().unwrap_or_default()
    }

    fn with_stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = format!(
            "%PDF-1.7\n1 0 obj\n<< {dict} /Length {} >>\nstream\n",
            data.len()
        )
        .into_bytes();
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 2 0 R >>\n%%EOF\n");
        pdf
    }

    #[test]
    fn an_object_stream_bomb_is_refused_before_loading() {
        let bomb = zlib(&vec![b' '; 2_000_000]);
        for dict in [
            "/Type /ObjStm /N 1 /First 2 /Filter /FlateDecode",
            "/Type /Obj#53tm /N 1 /First 2 /Filter /FlateDecode",
            "/Type /XRef /W [1 2 1] /Filter /FlateDecode /X (<< [ )",
        ] {
            let e = preflight_within(&with_stream(dict, &bomb), 1_000_000).unwrap_err();
            assert!(
                e.message_fr.contains("bombe de décompression"),
                "{dict}: {}",
                e.message_fr
            );
        }
        // The same stream within the budget, or not one lopdf inflates on load, passes.
        assert!(preflight_within(
            &with_stream("/Type /ObjStm /N 1 /First 2", &bomb),
            3_000_000
        )
        .is_ok());
        assert!(preflight_within(
            &with_stream("/Subtype /Image /Filter /FlateDecode", &bomb),
            1_000
        )
        .is_ok());
    }

    #[test]
    fn filters_are_read_from_names_not_from_strings() {
        // Found by the embed_pdf fuzz target: a hex file identifier holding `A85`.
        let dict = "/Type /XRef /ID [<3FA85C> <3FA85C>] /X (/LZW)";
        assert!(preflight(&with_stream(dict, b"\x01\x00\x0f")).is_ok());
        let dict = "/Type /XRef /Filter /A#38#35";
        assert!(preflight(&with_stream(dict, b"\x01\x00\x0f")).is_err());
        let names = names_in(b"<< /Type/ObjStm /N 3 /F [/A85 /Fl] /S (/No) /H <A85> >>");
        let names: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
        assert_eq!(
            names,
            [
                &b"Type"[..],
                b"ObjStm",
                b"N",
                b"F",
                b"A85",
                b"Fl",
                b"S",
                b"H"
            ]
        );
    }

    #[test]
    fn object_streams_with_unboundable_filters_are_refused() {
        let e = preflight(&with_stream(
            "/Type /ObjStm /Filter /LZWDecode",
            b"\x80\x0b",
        ))
        .unwrap_err();
        assert!(e.message_fr.contains("LZW"), "{}", e.message_fr);
        assert!(preflight(&with_stream("/Type /ObjStm", b"1 0 2")).is_ok());
    }

    #[test]
    fn the_fuzzers_false_refusals_now_embed_and_extract() {
        // Found by the embed_pdf fuzz target: PDFs whose output carried a hex-escaped
        // name (`#9F`) or a file identifier holding `A85` in its /XRef dictionary.
        let xml = include_str!("../../tests/fixtures/pdf/factur-x.xml");
        for pdf in [
            &include_bytes!("../../fuzz/regressions/embed_pdf-hex-name-xref.pdf")[..],
            &include_bytes!("../../fuzz/regressions/embed_pdf-a85-in-file-id.pdf")[..],
        ] {
            let out = crate::api::pdf(pdf, xml);
            assert!(out.is_ok(), "{out:?}");
            let back = out.map(|pdf| crate::api::extract(&pdf));
            assert_eq!(back, Ok(Ok(xml.to_string())));
        }
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

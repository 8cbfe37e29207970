//! The XML printer the writer streams into: elements are written as they are opened,
//! in document order, pruned on the fly to what the profile's XSD allows. The writer
//! used to build an element tree, prune it and print it: one allocation per element and
//! per text, a third of its instructions in malloc/free (callgrind), and it runs on
//! every keystroke. Printing is still a pure function of the calls, so the same invoice
//! always gives the same bytes.
//!
//! Pruning, as the tree did it: an element `allowed` refuses is dropped with everything
//! in it; a container is written even when empty (`<a/>`) unless everything put into
//! it was dropped, or it was opened with `open_if_filled`; a `required` container is
//! always written. A start tag waits until the element turns out to be written.

use crate::error::Error;
use crate::model::written;
use rust_decimal::Decimal;

/// How an empty container is treated when it closes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Empty {
    /// Written (`<a/>`) when nothing was ever put into it, dropped when all of it was.
    Written,
    /// Dropped.
    Dropped,
    /// Written: the XSD requires the element.
    Required,
}

struct Open {
    name: &'static str,
    empty: Empty,
    /// Something was put into it (written or dropped).
    had_child: bool,
}

/// A leaf's text: amounts and quantities are printed straight into the output.
pub enum Text<'a> {
    Str(&'a str),
    /// EN 16931 amount: two decimals at least (see `writer::amount`).
    Amount(Decimal),
    /// Prices, quantities and rates as given (see `writer::plain`).
    Plain(Decimal),
}

/// Whether the profile keeps an element, given its path of local names from the root's
/// children down.
pub type Keep<'a> = &'a dyn Fn(&[&str]) -> bool;

pub struct XmlOut<'a> {
    out: String,
    open: Vec<Open>,
    /// How many of `open` have their start tag written: always a prefix of it.
    written: usize,
    /// Local names from the root's children down to the element being opened (kept
    /// only when pruning).
    path: Vec<&'static str>,
    /// `None`: the profile keeps every element (EN 16931, EXTENDED).
    allowed: Option<Keep<'a>>,
    /// Depth inside a dropped element (0: not in one).
    dropping: usize,
    error: Option<Error>,
}

impl<'a> XmlOut<'a> {
    /// Starts the document with its root element (never pruned) and its attributes.
    /// `allowed` says which elements the profile keeps, given their path of local names;
    /// `None` when it keeps them all.
    pub fn new(
        root: &'static str,
        attrs: &[(&'static str, &str)],
        allowed: Option<Keep<'a>>,
        capacity: usize,
    ) -> Self {
        let mut out = String::with_capacity(capacity);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
        out.push_str(root);
        let mut error = None;
        for (name, value) in attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            if let Err(e) = escape_into(&mut out, value, true, root) {
                error.get_or_insert(e);
            }
            out.push('"');
        }
        out.push_str(">\n");
        XmlOut {
            out,
            open: vec![Open {
                name: root,
                empty: Empty::Required,
                had_child: true,
            }],
            written: 1,
            path: Vec::new(),
            allowed,
            dropping: 0,
            error,
        }
    }

    /// A container, written even when nothing is put into it.
    pub fn open(&mut self, name: &'static str) {
        self.open_as(name, Empty::Written);
    }

    /// A container the XSD requires: written even when everything in it was dropped.
    pub fn open_required(&mut self, name: &'static str) {
        self.open_as(name, Empty::Required);
    }

    /// A container written only when something in it is.
    pub fn open_if_filled(&mut self, name: &'static str) {
        self.open_as(name, Empty::Dropped);
    }

    fn open_as(&mut self, name: &'static str, empty: Empty) {
        if !self.enter(name) {
            // Everything up to the matching `close` is dropped with it.
            self.dropping += 1;
            return;
        }
        self.open.push(Open {
            name,
            empty,
            had_child: false,
        });
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) {
        if self.dropping > 0 {
            self.dropping -= 1;
            return;
        }
        let Some(open) = self.open.pop() else {
            return;
        };
        if self.allowed.is_some() {
            self.path.pop();
        }
        let depth = self.open.len();
        if self.written > depth {
            self.written = depth;
            self.indent(depth);
            self.close_tag(open.name);
            return;
        }
        let keep = match open.empty {
            Empty::Required => true,
            Empty::Dropped => false,
            Empty::Written => !open.had_child,
        };
        if keep {
            self.flush();
            self.indent(depth);
            self.out.push('<');
            self.out.push_str(open.name);
            self.out.push_str("/>\n");
        }
    }

    /// `<name>text</name>`.
    pub fn leaf(&mut self, name: &'static str, text: Text) {
        self.leaf_with(name, None, text);
    }

    /// `<name attr="value">text</name>`.
    pub fn leaf_with(&mut self, name: &'static str, attr: Option<(&str, &str)>, text: Text) {
        if !self.enter(name) {
            return;
        }
        if self.allowed.is_some() {
            self.path.pop();
        }
        self.flush();
        let depth = self.open.len();
        self.indent(depth);
        self.out.push('<');
        self.out.push_str(name);
        if let Some((attr, value)) = attr {
            self.out.push(' ');
            self.out.push_str(attr);
            self.out.push_str("=\"");
            self.escape(value, true, name);
            self.out.push('"');
        }
        self.out.push('>');
        match text {
            Text::Str(text) => self.escape(text, false, name),
            Text::Amount(value) => written::write_amount(&mut self.out, value),
            Text::Plain(value) => written::write_plain(&mut self.out, value),
        }
        self.close_tag(name);
    }

    /// `<name>value</name>` only when there is a value: `None` writes nothing,
    /// `Some("")` an empty element, so both read back as they were.
    pub fn opt(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            self.leaf(name, Text::Str(v));
        }
    }

    /// The document, or the first text XML cannot carry.
    pub fn finish(mut self) -> Result<String, Error> {
        while self.open.len() > 1 {
            self.close();
        }
        self.close_tag(self.open[0].name);
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }

    /// Whether the element about to be opened is written (its local name is then on
    /// `path`); false inside a dropped element or when the profile refuses it.
    fn enter(&mut self, name: &'static str) -> bool {
        if self.dropping > 0 {
            return false;
        }
        if let Some(parent) = self.open.last_mut() {
            parent.had_child = true;
        }
        let Some(allowed) = self.allowed else {
            return true;
        };
        self.path.push(local_name(name));
        let keep = allowed(&self.path);
        if !keep {
            self.path.pop();
        }
        keep
    }

    /// Writes the start tags still waiting, outermost first.
    fn flush(&mut self) {
        while self.written < self.open.len() {
            let depth = self.written;
            self.indent(depth);
            self.out.push('<');
            self.out.push_str(self.open[depth].name);
            self.out.push_str(">\n");
            self.written += 1;
        }
    }

    fn indent(&mut self, depth: usize) {
        // Two spaces a level; CII is never nested deeper than this holds.
        const SPACES: &str = "                                                                ";
        match SPACES.get(..depth * 2) {
            Some(spaces) => self.out.push_str(spaces),
            None => {
                for _ in 0..depth {
                    self.out.push_str("  ");
                }
            }
        }
    }

    fn close_tag(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn escape(&mut self, text: &str, attribute: bool, element: &str) {
        if let Err(e) = escape_into(&mut self.out, text, attribute, element) {
            self.error.get_or_insert(e);
        }
    }
}

/// `Name` of `ram:Name` (a QName has at most one colon).
fn local_name(name: &'static str) -> &'static str {
    name.split_once(':').map_or(name, |(_, local)| local)
}

/// Characters XML 1.0 allows (§2.2); Rust strings hold no surrogates.
pub(crate) fn xml10_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes markup characters. CR (and in attributes tab and LF) become character
/// references, since a parser would otherwise normalise them away and the value
/// would not read back the same.
fn escape_into(out: &mut String, text: &str, attribute: bool, element: &str) -> Result<(), Error> {
    // Most texts are printable ASCII with nothing to escape: one pass over the bytes.
    let plain =
        |b: &u8| (0x20..0x7f).contains(b) && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    if text.as_bytes().iter().all(plain) {
        out.push_str(text);
        return Ok(());
    }
    // Markup characters: quick-xml's escaper (the one the reader's unescaper mirrors),
    // only for a text that holds some (two memchr scans: most names with accents hold
    // none, and the escaper's own pass cost 7 % of a 1000-line XML); then, in one pass,
    // what it leaves: CR (and in attributes tab and LF), and the characters XML forbids.
    let bytes = text.as_bytes();
    let markup = memchr::memchr3(b'&', b'<', b'>', bytes).is_some()
        || memchr::memchr2(b'"', b'\'', bytes).is_some();
    let escaped = if markup {
        quick_xml::escape::escape(text)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let special = |c: char| c == '\r' || (attribute && matches!(c, '\t' | '\n')) || !xml10_char(c);
    let mut rest: &str = &escaped;
    while let Some(at) = rest.find(special) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let c = tail.chars().next().unwrap_or_default();
        rest = &tail[c.len_utf8()..];
        match c {
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c => {
                let code = c as u32;
                return Err(Error::new(
                    "xml",
                    format!(
                        "caractère de contrôle U+{code:04X} interdit en XML dans <{element}> : retirez-le du texte (souvent un copier-coller)"
                    ),
                    format!("control character U+{code:04X} is not allowed in XML, in <{element}>: remove it"),
                ));
            }
        }
    }
    out.push_str(rest);
    Ok(())
}

/// Text for an XML document that must take any string (the XMP's title, author...):
/// the characters XML forbids outright are dropped, the rest escaped as the CII writer
/// escapes text.
pub(crate) fn escape_lossy(text: &str) -> String {
    let allowed: String = text.chars().filter(|c| xml10_char(*c)).collect();
    let mut out = String::with_capacity(allowed.len());
    // Nothing left that the escaper refuses.
    let _ = escape_into(&mut out, &allowed, false, "");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything(_: &[&str]) -> bool {
        true
    }

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        let mut x = XmlOut::new("a:root", &[], Some(&everything), 0);
        x.leaf_with(
            "a:n",
            Some(("k", "x\"y\n")),
            Text::Str("A & B <c> \"d\" 'e'"),
        );
        let xml = x.finish().unwrap();
        assert!(
            xml.contains(
                "<a:n k=\"x&quot;y&#10;\">A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;</a:n>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn refuses_control_characters_naming_the_element() {
        let mut x = XmlOut::new("a:root", &[], Some(&everything), 0);
        x.leaf("ram:Name", Text::Str("ACME\u{0B}"));
        let err = x.finish().unwrap_err();
        assert!(
            err.message_fr.contains("U+000B") && err.message_fr.contains("ram:Name"),
            "{}",
            err.message_fr
        );
    }

    #[test]
    fn pruning_removes_refused_elements_and_emptied_containers_but_not_required_ones() {
        let not_gone = |path: &[&str]| path.last() != Some(&"Gone");
        let mut x = XmlOut::new("r:Root", &[], Some(&not_gone), 0);
        x.open("r:Box");
        x.leaf("r:Gone", Text::Str("x"));
        x.close();
        x.open_required("r:Kept");
        x.leaf("r:Gone", Text::Str("y"));
        x.close();
        x.open("r:Empty");
        x.close();
        x.open_if_filled("r:Unfilled");
        x.close();
        x.open("r:Outer");
        x.open("r:Gone");
        x.leaf("r:Inner", Text::Str("dropped with its parent"));
        x.close();
        x.close();
        x.leaf("r:Stay", Text::Str("z"));
        let xml = x.finish().unwrap();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r:Root>\n  <r:Kept/>\n  <r:Empty/>\n  <r:Stay>z</r:Stay>\n</r:Root>\n"
        );
    }

    #[test]
    fn start_tags_wait_for_content_and_indent_by_depth() {
        let mut x = XmlOut::new("r:Root", &[("xmlns:r", "urn:r")], None, 0);
        x.open("r:A");
        x.open_if_filled("r:B");
        x.leaf_with(
            "r:C",
            Some(("unitCode", "C62")),
            Text::Plain(Decimal::new(15, 1)),
        );
        x.close();
        x.leaf("r:D", Text::Amount(Decimal::new(-0, 0)));
        x.close();
        let xml = x.finish().unwrap();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r:Root xmlns:r=\"urn:r\">\n  <r:A>\n    <r:B>\n      <r:C unitCode=\"C62\">1.5</r:C>\n    </r:B>\n    <r:D>0.00</r:D>\n  </r:A>\n</r:Root>\n"
        );
    }
}

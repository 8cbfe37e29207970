//! Reading the attachment structures of a PDF: the `/EmbeddedFiles` name tree,
//! file specifications and PDF text strings. Every walk is bounded and loop-safe,
//! since a hostile PDF may point a node at itself.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// The name the Factur-X standard gives the invoice XML.
pub const FACTURX_NAME: &str = "factur-x.xml";
/// Earlier or sister standards' names for the same invoice XML.
const OTHER_INVOICE_NAMES: [&str; 2] = ["zugferd-invoice.xml", "xrechnung.xml"];

/// How deep a name tree may go; real ones are two or three levels.
const MAX_DEPTH: usize = 32;
/// How many nodes a walk may visit before giving up.
const MAX_NODES: usize = 10_000;
/// How many references may be followed to reach one object.
const MAX_HOPS: usize = 32;

/// Which kind of invoice XML a file name stands for, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InvoiceName {
    FacturX,
    Other,
}

pub fn invoice_name(name: &str) -> Option<InvoiceName> {
    let name = name.trim().to_lowercase();
    if name == FACTURX_NAME {
        Some(InvoiceName::FacturX)
    } else if OTHER_INVOICE_NAMES.contains(&name.as_str()) {
        Some(InvoiceName::Other)
    } else {
        None
    }
}

/// Follows references until a direct object, or `None` on a dangling or looping chain.
pub fn resolve<'a>(doc: &'a Document, mut object: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_HOPS {
        match object {
            Object::Reference(id) => object = doc.objects.get(id)?,
            direct => return Some(direct),
        }
    }
    None
}

pub fn resolve_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, object)? {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

pub fn resolve_array<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Vec<Object>> {
    resolve(doc, object)?.as_array().ok()
}

/// A PDF text string as Rust text: UTF-16BE or UTF-8 with a byte order mark,
/// else PDFDocEncoding, read as Latin-1 (they agree on everything a file name uses).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

/// The text of a string entry of a dictionary, following a reference if needed.
pub fn dict_text(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    let object = resolve(doc, dict.get(key).ok()?)?;
    object.as_str().ok().map(text_string)
}

/// The file name a file specification gives: `/UF` first (Unicode), then `/F`.
pub fn filespec_name(doc: &Document, filespec: &Object) -> Option<String> {
    match resolve(doc, filespec)? {
        Object::String(bytes, _) => Some(text_string(bytes)),
        Object::Dictionary(dict) => {
            dict_text(doc, dict, b"UF").or_else(|| dict_text(doc, dict, b"F"))
        }
        _ => None,
    }
}

/// One entry of the `/EmbeddedFiles` name tree: its key and its file specification.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Vec<u8>,
    pub filespec: Object,
}

impl Entry {
    /// Which invoice XML this attachment is, by its key or its file name.
    pub fn invoice_name(&self, doc: &Document) -> Option<InvoiceName> {
        let by_key = invoice_name(&text_string(&self.key));
        let by_file = filespec_name(doc, &self.filespec).and_then(|n| invoice_name(&n));
        match (by_key, by_file) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The `/EmbeddedFiles` tree of the catalog, if any.
pub fn embedded_files_root<'a>(doc: &'a Document, catalog: &'a Dictionary) -> Option<&'a Object> {
    let names = resolve_dict(doc, catalog.get(b"Names").ok()?)?;
    names.get(b"EmbeddedFiles").ok()
}

/// Every leaf entry of a name tree, in tree order.
pub fn name_tree_entries(doc: &Document, root: &Object) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(&Object, usize)> = vec![(root, 0)];
    let mut visited = 0;
    while let Some((node, depth)) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES || depth > MAX_DEPTH {
            break;
        }
        if let Object::Reference(id) = node {
            if !seen.insert(*id) {
                continue;
            }
        }
        let Some(dict) = resolve_dict(doc, node) else {
            continue;
        };
        if let Some(names) = dict.get(b"Names").ok().and_then(|n| resolve_array(doc, n)) {
            for pair in names.chunks_exact(2) {
                if let (Some(Object::String(key, _)), Some(value)) =
                    (resolve(doc, &pair[0]), pair.get(1))
                {
                    entries.push(Entry {
                        key: key.clone(),
                        filespec: value.clone(),
                    });
                }
            }
        }
        if let Some(kids) = dict.get(b"Kids").ok().and_then(|k| resolve_array(doc, k)) {
            // Reversed so that the stack pops kids in document order.
            for kid in kids.iter().rev() {
                stack.push((kid, depth + 1));
            }
        }
    }
    entries
}

/// The items of the catalog's `/AF` array (associated files), if any.
pub fn associated_files(doc: &Document, catalog: &Dictionary) -> Vec<Object> {
    catalog
        .get(b"AF")
        .ok()
        .and_then(|af| resolve_array(doc, af))
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, StringFormat};

    #[test]
    fn recognises_invoice_names_whatever_the_case() {
        assert_eq!(invoice_name("factur-x.xml"), Some(InvoiceName::FacturX));
        assert_eq!(invoice_name("Factur-X.XML"), Some(InvoiceName::FacturX));
        assert_eq!(
            invoice_name("ZUGFeRD-invoice.xml"),
            Some(InvoiceName::Other)
        );
        assert_eq!(invoice_name("xrechnung.xml"), Some(InvoiceName::Other));
        assert_eq!(invoice_name("cgv.pdf"), None);
    }

    #[test]
    fn decodes_utf16_and_latin1_text_strings() {
        let utf16 = [0xfe, 0xff, 0, b'f', 0, 0xe9];
        assert_eq!(text_string(&utf16), "fé");
        assert_eq!(text_string(b"factur-x.xml"), "factur-x.xml");
        assert_eq!(text_string(&[b'r', 0xe9]), "ré");
    }

    #[test]
    fn walks_kids_and_survives_a_node_that_contains_itself() {
        let mut doc = Document::with_version("1.7");
        let leaf = doc.add_object(dictionary! {
            "Names" => vec![Object::String(b"a.txt".to_vec(), StringFormat::Literal), Object::Null],
        });
        let looping = doc.new_object_id();
        doc.objects.insert(
            looping,
            Object::Dictionary(dictionary! {
                "Kids" => vec![Object::Reference(looping), Object::Reference(leaf)],
            }),
        );
        let entries = name_tree_entries(&doc, &Object::Reference(looping));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].key, b"a.txt");
    }
}

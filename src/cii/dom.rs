//! A small element tree read with quick-xml. Prefixes vary between producers, so
//! elements are matched by local name *and* namespace: every prefix is resolved
//! against the `xmlns` declarations in scope, and only elements in one of CII's four
//! namespaces are found by `child` (an `<x:ID xmlns:x="urn:other">` is not BT-1).
//! No DTD is processed: a `<!DOCTYPE` is refused outright, so no entity can be
//! declared, expanded or fetched.

use super::names;
use crate::error::Error;
use crate::limits;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Deeper nesting than any CII file has; guards the stack against hostile input.
const MAX_DEPTH: usize = 64;

/// The namespace an element is in: one of CII's, or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ns {
    Rsm,
    Ram,
    Udt,
    Qdt,
    #[default]
    Other,
}

impl Ns {
    fn of(uri: &str) -> Ns {
        match uri {
            names::RSM => Ns::Rsm,
            names::RAM => Ns::Ram,
            names::UDT => Ns::Udt,
            names::QDT => Ns::Qdt,
            _ => Ns::Other,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    /// The namespace the element's prefix (or the default namespace) resolves to.
    pub ns: Ns,
    pub attrs: Vec<(String, String)>,
    /// The element's own character data (entity and character references resolved).
    pub text: String,
    pub children: Vec<Element>,
    /// Byte offset of the start tag, for error messages.
    pub offset: u64,
    /// The parent's local name, for error messages.
    pub parent: String,
}

impl Element {
    /// The first child of that local name in a CII namespace.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.name == name && c.ns != Ns::Other)
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name == name && c.ns != Ns::Other)
    }

    /// The first element down a path of local names.
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |e, name| e.child(name))
    }

    /// The text of the first element down `path`, when that element exists.
    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        self.at(path).map(|e| e.text.clone())
    }

    /// `Parent/Name`, to say where something went wrong.
    pub fn label(&self) -> String {
        if self.parent.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.parent, self.name)
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Counts an element (and an invoice line); `Err` once a limit is passed, before
/// the tree holding them grows further.
fn counted(elements: &mut usize, lines: &mut usize, start: &BytesStart) -> Result<(), ()> {
    *elements += 1;
    if local(start.name().as_ref()) == "IncludedSupplyChainTradeLineItem" {
        *lines += 1;
    }
    if *elements > limits::MAX_XML_ELEMENTS || *lines > limits::MAX_LINES {
        return Err(());
    }
    Ok(())
}

fn xml_error(offset: u64, what: impl std::fmt::Display) -> Error {
    Error::new(
        "xml",
        format!("XML mal formé (octet {offset}) : {what}"),
        format!("malformed XML (byte {offset}): {what}"),
    )
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_string()
}

/// The `xmlns` declarations in scope: (prefix, namespace URI), innermost last, and
/// how many each open element declared.
#[derive(Default)]
struct Scopes {
    bindings: Vec<(String, String)>,
    declared: Vec<usize>,
}

impl Scopes {
    fn resolve(&self, qname: &str) -> Ns {
        let prefix = match qname.split_once(':') {
            Some((prefix, _)) => prefix,
            None => "",
        };
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map_or(Ns::Other, |(_, uri)| Ns::of(uri))
    }

    fn close(&mut self) {
        let n = self.declared.pop().unwrap_or(0);
        self.bindings
            .truncate(self.bindings.len().saturating_sub(n));
    }
}

/// The element of a start tag; its `xmlns` declarations are pushed onto `scopes`
/// (and popped by `Scopes::close` at its end, right away for an empty element).
fn element(
    start: &BytesStart,
    offset: u64,
    parent: Option<&Element>,
    scopes: &mut Scopes,
) -> Result<Element, Error> {
    let mut attrs = Vec::new();
    let mut declared = 0;
    for attr in start.attributes() {
        let attr = attr.map_err(|e| xml_error(offset, e))?;
        let key = attr.key.as_ref();
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| xml_error(offset, e))?;
        if key == "xmlns" || key.starts_with("xmlns:") {
            let prefix = key.strip_prefix("xmlns:").unwrap_or_default();
            scopes
                .bindings
                .push((prefix.to_string(), value.trim().to_string()));
            declared += 1;
            continue;
        }
        attrs.push((local(key), value.into_owned()));
    }
    scopes.declared.push(declared);
    let qname = start.name();
    Ok(Element {
        name: local(qname.as_ref()),
        ns: scopes.resolve(qname.as_ref()),
        attrs,
        offset,
        parent: parent.map(|p| p.name.clone()).unwrap_or_default(),
        ..Element::default()
    })
}

/// Parses the whole document into its root element.
pub fn parse(xml: &str) -> Result<Element, Error> {
    limits::text_size("XML", "XML", xml.len())?;
    let mut reader = Reader::from_str(xml);
    let mut elements = 0usize;
    let mut lines = 0usize;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut scopes = Scopes::default();
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| xml_error(reader.error_position(), e))?;
        match event {
            Event::DocType(_) => {
                return Err(Error::new(
                    "xml",
                    format!("déclaration <!DOCTYPE> refusée (octet {offset}) : une facture CII n'en a pas, et les entités qu'elle peut déclarer sont un risque de sécurité"),
                    format!("<!DOCTYPE> refused (byte {offset}): a CII invoice has none, and the entities it can declare are a security risk"),
                ));
            }
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = local(start.name().as_ref());
                return Err(xml_error(
                    offset,
                    format!("second élément racine <{name}> / second root element"),
                ));
            }
            Event::Start(start) | Event::Empty(start)
                if counted(&mut elements, &mut lines, &start).is_err() =>
            {
                return Err(if lines > limits::MAX_LINES {
                    limits::too_many_lines(lines)
                } else {
                    Error::new(
                        "limit",
                        format!(
                            "XML de plus de {} éléments : au-delà de la limite du moteur",
                            limits::MAX_XML_ELEMENTS
                        ),
                        format!(
                            "XML with more than {} elements: over the engine's limit",
                            limits::MAX_XML_ELEMENTS
                        ),
                    )
                });
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(xml_error(offset, format!("imbrication plus profonde que {MAX_DEPTH} / nesting deeper than {MAX_DEPTH}")));
                }
                let e = element(&start, offset, stack.last(), &mut scopes)?;
                stack.push(e);
            }
            Event::Empty(start) => {
                let e = element(&start, offset, stack.last(), &mut scopes)?;
                scopes.close();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(e),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                scopes.close();
                let Some(done) = stack.pop() else {
                    return Err(xml_error(
                        offset,
                        "balise fermante sans ouvrante / unmatched end tag",
                    ));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(xml_error(
                        offset,
                        "texte hors de l'élément racine / text outside the root element",
                    ));
                }
            }
            Event::CData(t) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    resolve_predefined_entity(&r.xml10_content()).map(String::from)
                };
                let Some(text) = resolved else {
                    let name = r.xml10_content().into_owned();
                    return Err(xml_error(
                        offset,
                        format!("entité inconnue &{name}; / unknown entity"),
                    ));
                };
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&text);
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(xml_error(
            xml.len() as u64,
            format!(
                "élément <{}> jamais fermé / element never closed",
                open.name
            ),
        ));
    }
    root.ok_or_else(|| {
        Error::new(
            "xml",
            "document XML vide : aucun élément racine",
            "empty XML document: no root element",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAM: &str = names::RAM;

    #[test]
    fn reads_by_local_name_whatever_the_prefix_and_resolves_references() {
        let xml = format!(
            r#"<?xml version="1.0"?><a:R xmlns:a="{}" xmlns:b="{RAM}"><b:X k="1&amp;2">A &amp; B &#233;<![CDATA[<c>]]></b:X><Y xmlns="{RAM}"/></a:R>"#,
            names::RSM
        );
        let root = parse(&xml).unwrap();
        assert_eq!((root.name.as_str(), root.ns), ("R", Ns::Rsm));
        let x = root.child("X").unwrap();
        assert_eq!(x.text, "A & B é<c>");
        assert_eq!(x.attr("k"), Some("1&2"));
        assert_eq!(root.child("Y").map(|y| y.ns), Some(Ns::Ram));
    }

    #[test]
    fn elements_outside_the_cii_namespaces_are_not_found() {
        let xml = format!(
            r#"<r:R xmlns:r="{RAM}"><x:ID xmlns:x="urn:example:other">1</x:ID><ID>2</ID><r:ID>3</r:ID><r:Z xmlns:r="urn:example:other"/><r:Z/></r:R>"#
        );
        let root = parse(&xml).unwrap();
        // Only the third ID is in CII's namespace; the redeclared `r:` of the first Z
        // ends with that element.
        assert_eq!(root.text_at(&["ID"]).as_deref(), Some("3"));
        assert_eq!(root.children("Z").count(), 1);
    }

    #[test]
    fn refuses_doctype_and_entities() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#;
        let err = parse(xxe).unwrap_err();
        assert!(err.message_fr.contains("DOCTYPE"), "{}", err.message_fr);
        let err = parse("<r>&x;</r>").unwrap_err();
        assert!(
            err.message_fr.contains("entité inconnue"),
            "{}",
            err.message_fr
        );
    }

    #[test]
    fn reports_broken_xml_with_an_offset() {
        let err = parse("<r><a></b></r>").unwrap_err();
        assert!(
            err.message_fr.starts_with("XML mal formé (octet"),
            "{}",
            err.message_fr
        );
        assert!(parse("<r><a>").is_err());
        assert!(parse("").is_err());
        assert!(parse("<r/><s/>").is_err());
        assert!(
            parse("<r>A & B</r>").is_err(),
            "a bare ampersand is not XML"
        );
        assert!(parse(r#"<r a="1" a="2"/>"#).is_err(), "duplicate attribute");
    }

    #[test]
    fn counts_are_limited_while_parsing() {
        let line = "<ram:IncludedSupplyChainTradeLineItem/>";
        let at_limit = format!("<r>{}</r>", line.repeat(limits::MAX_LINES));
        assert!(parse(&at_limit).is_ok());
        let over = format!("<r>{}</r>", line.repeat(limits::MAX_LINES + 1));
        let e = parse(&over).unwrap_err();
        assert_eq!(e.kind, "limit");
        assert!(e.message_fr.contains("10000 lignes"), "{}", e.message_fr);
        let many = format!("<r>{}</r>", "<a/>".repeat(limits::MAX_XML_ELEMENTS));
        assert!(parse(&many)
            .unwrap_err()
            .message_fr
            .contains("500000 éléments"));
        let huge = format!("<r>{}</r>", "a".repeat(limits::MAX_TEXT_BYTES));
        assert!(parse(&huge)
            .unwrap_err()
            .message_fr
            .starts_with("XML trop volumineux"));
    }

    #[test]
    fn refuses_absurd_nesting() {
        let deep = "<a>".repeat(200) + &"</a>".repeat(200);
        assert!(parse(&deep).unwrap_err().message_fr.contains("imbrication"));
    }
}

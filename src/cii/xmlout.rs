//! A small element tree and its serialisation: the writer builds the whole tree,
//! prunes what the profile's XSD does not allow, then prints it. Printing is a
//! pure function of the tree, so the same invoice always gives the same bytes.

use crate::Error;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Qualified name, `ram:SellerTradeParty`.
    pub name: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub text: Option<String>,
    pub children: Vec<Node>,
    /// Kept even when pruning empties it: the XSD requires the element.
    pub required: bool,
}

impl Node {
    pub fn new(name: &'static str) -> Node {
        Node {
            name,
            attrs: Vec::new(),
            text: None,
            children: Vec::new(),
            required: false,
        }
    }

    /// A container the XSD requires, written even when it ends up empty.
    pub fn required(name: &'static str) -> Node {
        Node {
            required: true,
            ..Node::new(name)
        }
    }

    pub fn leaf(name: &'static str, text: impl Into<String>) -> Node {
        Node {
            text: Some(text.into()),
            ..Node::new(name)
        }
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Node {
        self.attrs.push((name, value.into()));
        self
    }

    pub fn with(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    pub fn push(&mut self, child: Node) {
        self.children.push(child);
    }

    /// Adds `<name>value</name>` only when there is a value: `None` writes nothing,
    /// `Some("")` writes an empty element, so both read back as they were.
    pub fn opt(&mut self, name: &'static str, value: Option<&str>) {
        if let Some(v) = value {
            self.children.push(Node::leaf(name, v));
        }
    }

    /// Adds a container only when something went into it.
    pub fn push_if_filled(&mut self, child: Node) {
        if !child.children.is_empty() || child.text.is_some() || child.required {
            self.children.push(child);
        }
    }

    /// `Name` of `ram:Name` (a QName has at most one colon). Called for every element
    /// when pruning: a forward search finds the short prefix at once.
    pub fn local_name(&self) -> &'static str {
        self.name
            .split_once(':')
            .map_or(self.name, |(_, local)| local)
    }

    /// Drops every element `allowed` refuses (given the path of local names from
    /// the root's children down), and containers left empty by that.
    pub fn prune(&mut self, allowed: &dyn Fn(&[&str]) -> bool) {
        let mut path = Vec::new();
        prune_children(self, &mut path, allowed);
    }

    pub fn to_xml(&self) -> Result<String, Error> {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        write_node(&mut out, self, 0)?;
        Ok(out)
    }
}

/// In place: a profile that keeps everything (EN 16931) costs no allocation, which
/// matters at 1000 lines (issue 5's xml budget).
fn prune_children(
    node: &mut Node,
    path: &mut Vec<&'static str>,
    allowed: &dyn Fn(&[&str]) -> bool,
) {
    node.children.retain_mut(|child| {
        path.push(child.local_name());
        let keep = allowed(path) && {
            let had_children = !child.children.is_empty();
            prune_children(child, path, allowed);
            let emptied = had_children && child.children.is_empty() && child.text.is_none();
            !emptied || child.required
        };
        path.pop();
        keep
    });
}

fn write_node(out: &mut String, node: &Node, depth: usize) -> Result<(), Error> {
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push('<');
    out.push_str(node.name);
    for (name, value) in &node.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_into(out, value, true, node.name)?;
        out.push('"');
    }
    match (&node.text, node.children.is_empty()) {
        (Some(text), _) => {
            out.push('>');
            escape_into(out, text, false, node.name)?;
            close(out, node.name);
        }
        (None, true) => out.push_str("/>\n"),
        (None, false) => {
            out.push_str(">\n");
            for child in &node.children {
                write_node(out, child, depth + 1)?;
            }
            for _ in 0..depth {
                out.push_str("  ");
            }
            close(out, node.name);
        }
    }
    Ok(())
}

fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
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
    let special = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r')
            || (attribute && matches!(c, '\t' | '\n'))
            || !xml10_char(c)
    };
    // Runs of plain text are copied whole; only the characters to escape go one by one.
    let mut rest = text;
    while let Some(at) = rest.find(special) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let c = tail.chars().next().unwrap_or_default();
        rest = &tail[c.len_utf8()..];
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if xml10_char(c) => out.push(c),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        let n =
            Node::new("a:root").with(Node::leaf("a:n", "A & B <c> \"d\" 'e'").attr("k", "x\"y\n"));
        let xml = n.to_xml().unwrap();
        assert!(
            xml.contains(
                "<a:n k=\"x&quot;y&#10;\">A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;</a:n>"
            ),
            "{xml}"
        );
    }

    #[test]
    fn refuses_control_characters_naming_the_element() {
        let err = Node::leaf("ram:Name", "ACME\u{0B}").to_xml().unwrap_err();
        assert!(
            err.message_fr.contains("U+000B") && err.message_fr.contains("ram:Name"),
            "{}",
            err.message_fr
        );
    }

    #[test]
    fn pruning_removes_refused_elements_and_emptied_containers_but_not_required_ones() {
        let mut root = Node::new("r:Root")
            .with(Node::new("r:Box").with(Node::leaf("r:Gone", "x")))
            .with(Node::required("r:Kept").with(Node::leaf("r:Gone", "y")))
            .with(Node::leaf("r:Stay", "z"));
        root.prune(&|path| path.last() != Some(&"Gone"));
        let xml = root.to_xml().unwrap();
        assert!(!xml.contains("Box") && !xml.contains("Gone"), "{xml}");
        assert!(
            xml.contains("<r:Kept/>") && xml.contains("<r:Stay>z</r:Stay>"),
            "{xml}"
        );
    }
}

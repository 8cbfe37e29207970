//! The operations layer: what every host runs. The browser bindings, the server module
//! and the CLI only translate their world's values (JS values, pointer and length, argv
//! and files) to these functions' and back.
//!
//! It owns the pipeline form → invoice → check → XML → fingerprint (the XML of a form is
//! written once per call, also for the stale-file check), content detection (PDF →
//! extract → read; XML → read; JSON → form or invoice), the Factur-X profiles every host
//! accepts, and the operations' typed requests for the hosts that speak JSON
//! ([`dispatch`]).

use crate::error::Error;
use crate::explain::Explanation;
use crate::form;
use crate::input::{self, Input};
use crate::model::{amounts_within_limit, Invoice, Profile};
use crate::pdf as facturx_pdf;
use crate::rules::{self, stale, CheckOptions, Diagnostic};
use crate::{cii, limits};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

// ------------------------------------------------------------------ the pipeline

/// The diagnostics of a form or an invoice, sorted, blocking first. A form sent to
/// Chorus Pro has its XML written once, to tell whether the file there is stale.
pub fn check(input: &Input) -> Vec<Diagnostic> {
    match input {
        Input::Form(form) => {
            let invoice = form::to_invoice(form);
            let current = stale::applies(form)
                .then(|| sent_form_xml(&invoice))
                .flatten()
                .map(|xml| fingerprint(&xml));
            rules::check_form_as(form, &invoice, current.as_deref())
        }
        Input::Invoice(invoice) => rules::check_invoice(invoice, &CheckOptions::default()),
    }
}

/// `check` against a profile's rules: `fr-ctc` judges the invoice for the French reform's
/// platforms (EN 16931 and BR-FR) instead of Chorus Pro; any other profile, as `check`.
pub fn check_as(input: &Input, profile: Option<Profile>) -> Vec<Diagnostic> {
    match profile {
        Some(Profile::FrCtc) => rules::check_invoice(&invoice_of(input), &CheckOptions::fr_ctc()),
        _ => check(input),
    }
}

/// `check` and `xml` of one input, read once and the XML written once: what the form
/// runs on every keystroke.
#[derive(Debug)]
pub struct CheckAndXml {
    pub diagnostics: Vec<Diagnostic>,
    pub xml: Result<String, Error>,
}

pub fn check_and_xml(input: &Input, profile: Option<Profile>) -> CheckAndXml {
    match input {
        Input::Form(form) => {
            let mut invoice = form::to_invoice(form);
            let profile = profile.unwrap_or(invoice.profile);
            if !stale::applies(form) {
                let diagnostics = rules::check_form_as(form, &invoice, None);
                invoice.complete();
                return CheckAndXml {
                    diagnostics,
                    xml: write_completed(&invoice, profile),
                };
            }
            // A sent invoice: the XML is compared with the one sent (in the invoice's own
            // profile, the one that goes to Chorus Pro), so it is written before the rules.
            let completed = invoice.completed();
            let xml = write_completed(&completed, profile);
            let sent_xml = if profile == invoice.profile {
                xml.as_ref().ok().cloned()
            } else {
                write_completed(&completed, invoice.profile).ok()
            };
            let current = sent_xml.map(|x| fingerprint(&x));
            CheckAndXml {
                diagnostics: rules::check_form_as(form, &invoice, current.as_deref()),
                xml,
            }
        }
        Input::Invoice(invoice) => CheckAndXml {
            diagnostics: check(input),
            xml: xml(invoice, profile),
        },
    }
}

/// The XML that would go to Chorus Pro for this form's invoice, or `None` when the
/// invoice cannot be written.
fn sent_form_xml(invoice: &Invoice) -> Option<String> {
    xml(invoice, None).ok()
}

/// `xml(&invoice_of(&input), profile)` for a caller that owns the input: the invoice is
/// completed in place instead of being copied twice.
pub fn xml_of(input: Input, profile: Option<Profile>) -> Result<String, Error> {
    let mut invoice = match input {
        Input::Form(form) => form::to_invoice(&form),
        Input::Invoice(invoice) => *invoice,
    };
    let profile = profile.unwrap_or(invoice.profile);
    invoice.complete();
    write_completed(&invoice, profile)
}

/// The Factur-X XML of an invoice (its own profile unless `profile` says otherwise).
/// Derived amounts are the engine's: the invoice is completed first.
pub fn xml(invoice: &Invoice, profile: Option<Profile>) -> Result<String, Error> {
    let profile = profile.unwrap_or(invoice.profile);
    write_completed(&invoice.completed(), profile)
}

fn write_completed(completed: &Invoice, profile: Profile) -> Result<String, Error> {
    amounts_within_limit(completed)?;
    cii::write(completed, profile)
}

/// The invoice an input stands for.
pub fn invoice_of(input: &Input) -> Invoice {
    match input {
        Input::Form(form) => form::to_invoice(form),
        Input::Invoice(invoice) => (**invoice).clone(),
    }
}

/// The invoice an input stands for; `completed` fills the derived amounts (line net
/// amounts, VAT breakdown, totals) the way the XML writer does.
pub fn to_invoice(input: &Input, completed: bool) -> Invoice {
    let mut invoice = invoice_of(input);
    if completed {
        invoice.complete();
    }
    invoice
}

/// Reads any Factur-X / CII invoice back into the model.
pub fn read(xml: &str) -> Result<Invoice, Error> {
    cii::read(xml)
}

/// Embeds `factur-x.xml` into a PDF, making it a Factur-X PDF/A-3.
pub fn pdf(pdf_bytes: &[u8], xml: &str) -> Result<Vec<u8>, Error> {
    limits::text_size("XML", "XML", xml.len())?;
    // An XML that does not read as a CII invoice is refused: it would not be a Factur-X PDF.
    let profile = read(xml)?.profile;
    facturx_pdf::embed(pdf_bytes, xml.as_bytes(), profile)
}

/// The `factur-x.xml` (or ZUGFeRD XML) embedded in a PDF.
pub fn extract(pdf_bytes: &[u8]) -> Result<String, Error> {
    let bytes = facturx_pdf::extract(pdf_bytes)?;
    input::utf8_text(&bytes, "le XML joint au PDF", "the XML attached to the PDF")
        .map_err(|e| Error { kind: "xml", ..e })
}

/// A Chorus Pro rejection text explained (`field` and `rule` are `null` in JSON when
/// the guide names none).
pub fn explain(text: &str) -> Explanation {
    crate::explain::explain(text)
}

/// SHA-256 of the XML, in hex: what the server stores as "last sent".
pub fn fingerprint(xml: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(xml.as_bytes());
    // Two digits a byte into one string: not a `format!` (and its string) per byte, on
    // every keystroke of a sent invoice.
    let mut hex = String::with_capacity(2 * digest.len());
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    hex
}

/// The engine's version, for the UI and the server to compare.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

// ------------------------------------------------------- content and profiles

/// A file's content as the engine reads it: a Factur-X PDF (its XML), a CII XML, or the
/// JSON of a form or an invoice, told apart by their first bytes. `name` names the file
/// in messages.
pub fn detect(bytes: &[u8], name: &str) -> Result<Input, Error> {
    match sniff(bytes, name)? {
        Content::Json => input::parse_json(&text_of(bytes, name)?),
        Content::Xml => Ok(Input::Invoice(Box::new(read(&text_of(bytes, name)?)?))),
        Content::Pdf => {
            limits::pdf_size(bytes.len())?;
            Ok(Input::Invoice(Box::new(read(&extract(bytes)?)?)))
        }
    }
}

/// The XML of a file: a CII XML as it is when no profile is asked (never rewritten),
/// otherwise the XML written from what `detect` reads.
pub fn xml_of_file(bytes: &[u8], name: &str, profile: Option<Profile>) -> Result<String, Error> {
    match sniff(bytes, name)? {
        Content::Xml if profile.is_none() => text_of(bytes, name),
        _ => xml_of(detect(bytes, name)?, profile),
    }
}

enum Content {
    Pdf,
    Xml,
    Json,
}

fn sniff(bytes: &[u8], name: &str) -> Result<Content, Error> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &body[i..]);
    if input::is_utf16(bytes) {
        text_of(bytes, name)?;
    }
    if body.starts_with(b"%PDF-") {
        Ok(Content::Pdf)
    } else if start.starts_with(b"<") {
        Ok(Content::Xml)
    } else if start.starts_with(b"{") || json_array(start) {
        Ok(Content::Json)
    } else {
        Err(Error::new(
            "input",
            format!("{name} : ni JSON, ni XML, ni PDF (contenu non reconnu)"),
            format!("{name}: neither JSON, XML nor PDF (unrecognised content)"),
        ))
    }
}

/// A JSON array (refused later with the JSON reader's own message), not text that
/// merely starts with `[`.
fn json_array(start: &[u8]) -> bool {
    let Some(rest) = start.strip_prefix(b"[") else {
        return false;
    };
    let first = rest.iter().find(|b| !b.is_ascii_whitespace());
    matches!(first, Some(b'{' | b'[' | b']' | b'"' | b'-' | b'0'..=b'9'))
}

fn text_of(bytes: &[u8], name: &str) -> Result<String, Error> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    input::utf8_text(body, name, name)
}

/// The profiles every host accepts, by the names the Factur-X specification gives them.
pub const PROFILES: &[(&str, Profile)] = &[
    ("minimum", Profile::Minimum),
    ("basicwl", Profile::BasicWl),
    ("basic", Profile::Basic),
    ("en16931", Profile::En16931),
    ("extended", Profile::Extended),
    ("fr-ctc", Profile::FrCtc),
];

/// A profile by name (case-insensitive), or an error listing them.
pub fn profile(name: &str) -> Result<Profile, Error> {
    PROFILES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, p)| *p)
        .ok_or_else(|| unknown_profile(&format!("« {name} »"), &format!("`{name}`")))
}

fn unknown_profile(shown_fr: &str, shown_en: &str) -> Error {
    let names = PROFILES
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ");
    Error::new(
        "input",
        format!("profil Factur-X inconnu {shown_fr} ({names})"),
        format!("unknown Factur-X profile {shown_en} ({names})"),
    )
}

// ------------------------------------------------------ the JSON operations

/// What an operation answers: text (the XML, a PDF in base64, a fingerprint, the
/// version) or JSON (`{"ok": ...}` is the host's to wrap).
#[derive(Debug)]
pub enum Answer {
    Text(String),
    Json(String),
}

/// `check`, `xml`, `check_and_xml`, `to_invoice`: a form or an invoice, and options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputRequest<'a> {
    #[serde(borrow)]
    pub input: Option<&'a RawValue>,
    #[serde(default)]
    pub profile: Option<serde_json::Value>,
    #[serde(default)]
    pub completed: bool,
}

/// `read`, `fingerprint`: an XML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XmlRequest {
    pub xml: Option<String>,
}

/// `pdf`: a PDF (base64) and the XML to embed; `extract`: a PDF alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfRequest {
    pub pdf: Option<String>,
    #[serde(default)]
    pub xml: Option<String>,
}

/// `explain`: a Chorus Pro rejection text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainRequest {
    pub text: Option<String>,
}

/// `check_and_xml`'s answer: the XML apart (as text, in the browser), or its error.
#[derive(Debug, Serialize)]
pub struct CheckAndXmlAnswer<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub xml: Option<&'a str>,
    pub xml_error: Option<ErrorAnswer<'a>>,
}

/// An error as JSON hosts hand it over.
#[derive(Debug, Serialize)]
pub struct ErrorAnswer<'a> {
    pub kind: &'a str,
    pub message_fr: &'a str,
    pub message_en: &'a str,
}

impl<'a> From<&'a Error> for ErrorAnswer<'a> {
    fn from(e: &'a Error) -> Self {
        ErrorAnswer {
            kind: e.kind,
            message_fr: &e.message_fr,
            message_en: &e.message_en,
        }
    }
}

/// One operation by name on its JSON arguments (an object; unknown keys are refused,
/// blank means none): the server module's whole surface.
///
/// | op | arguments | answer |
/// |---|---|---|
/// | `check` | `{"input": form or invoice}` | `Diagnostic[]`, blocking first |
/// | `xml` | `{"input", "profile"?}` | the XML (text) |
/// | `check_and_xml` | `{"input", "profile"?}` | `{diagnostics, xml, xml_error}` |
/// | `to_invoice` | `{"input", "completed"?: bool}` | the invoice (amounts as strings) |
/// | `read` | `{"xml"}` | the invoice |
/// | `pdf` | `{"pdf": base64, "xml"}` | the Factur-X PDF, base64 (text) |
/// | `extract` | `{"pdf": base64}` | the embedded XML (text) |
/// | `explain` | `{"text"}` | `{case, field, steps_fr, steps_en, rule, path?}` |
/// | `fingerprint` | `{"xml"}` | SHA-256 hex (text) |
/// | `version` | none | the engine's version (text) |
pub fn dispatch(op: &str, args: &[u8]) -> Result<Answer, Error> {
    match op {
        "version" => Ok(Answer::Text(version().to_string())),
        "check" | "xml" | "check_and_xml" | "to_invoice" => {
            let request: InputRequest = args_of(args)?;
            let profile = profile_of(request.profile)?;
            let input = input_of(request.input)?;
            match op {
                "check" => json(&check_as(&input, profile)),
                "xml" => xml_of(input, profile).map(Answer::Text),
                "check_and_xml" => {
                    let both = check_and_xml(&input, profile);
                    let (xml, xml_error) = match &both.xml {
                        Ok(xml) => (Some(xml.as_str()), None),
                        Err(e) => (None, Some(e.into())),
                    };
                    json(&CheckAndXmlAnswer {
                        diagnostics: &both.diagnostics,
                        xml,
                        xml_error,
                    })
                }
                _ => json(&to_invoice(&input, request.completed)),
            }
        }
        "read" => json(&read(&required(args_of::<XmlRequest>(args)?.xml, "xml")?)?),
        "fingerprint" => {
            let xml = required(args_of::<XmlRequest>(args)?.xml, "xml")?;
            Ok(Answer::Text(fingerprint(&xml)))
        }
        "pdf" => {
            let request: PdfRequest = args_of(args)?;
            let bytes = base64_decode(&required(request.pdf, "pdf")?)?;
            let out = pdf(&bytes, &required(request.xml, "xml")?)?;
            Ok(Answer::Text(base64_encode(&out)))
        }
        "extract" => {
            let request: PdfRequest = args_of(args)?;
            let bytes = base64_decode(&required(request.pdf, "pdf")?)?;
            extract(&bytes).map(Answer::Text)
        }
        "explain" => json(&explain(&required(
            args_of::<ExplainRequest>(args)?.text,
            "text",
        )?)),
        other => Err(Error::new(
            "input",
            format!("opération inconnue « {other} »"),
            format!("unknown operation `{other}`"),
        )),
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<Answer, Error> {
    serde_json::to_string(value)
        .map(Answer::Json)
        .map_err(|e| internal(&e))
}

fn args_of<'a, T: Deserialize<'a>>(args: &'a [u8]) -> Result<T, Error> {
    let blank = args.iter().all(u8::is_ascii_whitespace);
    let text: &[u8] = if blank { b"{}" } else { args };
    serde_json::from_slice(text).map_err(|e| {
        Error::new(
            "input",
            format!("arguments illisibles : {e}"),
            format!("unreadable arguments: {e}"),
        )
    })
}

/// A form or an invoice, read as the CLI and the browser read it.
fn input_of(value: Option<&RawValue>) -> Result<Input, Error> {
    match value.map(RawValue::get) {
        None | Some("null") => Err(Error::new(
            "input",
            "aucune entrée : passez un formulaire ou une facture (« input »)",
            "no input: pass a form or an invoice (`input`)",
        )),
        Some(text) => input::parse_json(text),
    }
}

/// `profile` as JSON gives it: absent or null for the invoice's own, else one of
/// [`PROFILES`].
pub fn profile_of(value: Option<serde_json::Value>) -> Result<Option<Profile>, Error> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(name)) => profile(&name).map(Some),
        Some(other) => {
            let shown = other.to_string();
            Err(unknown_profile(&shown, &shown))
        }
    }
}

fn required(value: Option<String>, name: &str) -> Result<String, Error> {
    value.ok_or_else(|| {
        Error::new(
            "input",
            format!("argument « {name} » manquant"),
            format!("missing argument `{name}`"),
        )
    })
}

pub(crate) fn internal(e: &dyn std::fmt::Display) -> Error {
    Error::new(
        "internal",
        format!("erreur interne du moteur : {e}"),
        format!("engine internal error: {e}"),
    )
}

/// Standard base64 (RFC 4648, with padding): how PDF bytes cross JSON.
pub fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Line breaks (MIME-style base64) are skipped; anything else that is not base64 is
/// refused with its offset.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Error> {
    use base64::Engine as _;
    let compact: String = text.split_ascii_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| {
            let offset = match e {
                base64::DecodeError::InvalidByte(at, _)
                | base64::DecodeError::InvalidLastSymbol(at, _) => at,
                _ => compact.len(),
            };
            Error::new(
                "input",
                format!("PDF en base64 invalide (caractère {offset})"),
                format!("invalid base64 PDF (character {offset})"),
            )
        })
}

#[cfg(test)]
mod tests;

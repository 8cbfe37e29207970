//! Opening a PDF with lopdf, turning its failures into errors a user can read.

use super::guard::preflight;
use super::names::resolve_dict;
use crate::Error;
use lopdf::{Dictionary, Document, ObjectId};

/// Loads `pdf`; a PDF whose encryption stops lopdf gets `encrypted_error`,
/// worded for what the caller wanted to do.
pub fn load(pdf: &[u8], encrypted_error: fn() -> Error) -> Result<Document, Error> {
    if pdf.is_empty() {
        return Err(unreadable("le fichier est vide", "the file is empty"));
    }
    crate::limits::pdf_size(pdf.len())?;
    // lopdf decrypts object streams before inflating them, out of the pre-flight's
    // sight; encrypted PDFs are refused anyway, so these are refused before loading.
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    if has(b"/Encrypt") && has(b"ObjStm") {
        return Err(encrypted_error());
    }
    preflight(pdf)?;
    Document::load_mem(pdf).map_err(|e| {
        // A security handler lopdf cannot open fails the load: say why.
        if pdf.windows(8).any(|w| w == b"/Encrypt") {
            encrypted_error()
        } else {
            let detail = e.to_string();
            unreadable(&format!("{} ({detail})", in_french(&e)), &detail)
        }
    })
}

/// What went wrong, for the user: lopdf's own messages are English and technical.
fn in_french(e: &lopdf::Error) -> &'static str {
    use lopdf::Error as E;
    match e {
        E::Xref(_) | E::MissingXrefEntry | E::InvalidOffset(_) => {
            "table des références croisées absente ou endommagée, fichier tronqué ?"
        }
        E::Parse(_) | E::IndirectObject { .. } | E::ObjectIdMismatch => {
            "syntaxe PDF invalide, fichier endommagé ou tronqué ?"
        }
        E::ReferenceCycle(_) | E::ReferenceLimit => "références en boucle entre objets",
        E::Decompress(_) | E::InvalidStream(_) | E::InvalidObjectStream(_) => {
            "flux compressé illisible"
        }
        E::Decryption(_) | E::UnsupportedSecurityHandler(_) => "chiffrement non pris en charge",
        _ => "structure du fichier non reconnue",
    }
}

pub fn is_encrypted(doc: &Document) -> bool {
    doc.trailer.get(b"Encrypt").is_ok()
}

/// Attaching to an encrypted PDF would need its password and re-encryption.
pub fn encrypted() -> Error {
    Error::new(
        "pdf",
        "PDF chiffré : impossible d'y joindre la facture",
        "encrypted PDF: the invoice cannot be attached to it",
    )
}

/// The object number of the catalog, which must be an indirect object to be updated.
pub fn catalog_id(doc: &Document) -> Result<ObjectId, Error> {
    let id = doc.trailer.get(b"Root").and_then(|r| r.as_reference());
    match id {
        Ok(id)
            if doc
                .objects
                .get(&id)
                .and_then(|o| resolve_dict(doc, o))
                .is_some() =>
        {
            Ok(id)
        }
        _ => Err(unreadable("catalogue (/Root) absent", "no catalog (/Root)")),
    }
}

pub fn catalog(doc: &Document) -> Result<&Dictionary, Error> {
    let id = catalog_id(doc)?;
    doc.objects
        .get(&id)
        .and_then(|o| resolve_dict(doc, o))
        .ok_or_else(|| unreadable("catalogue (/Root) absent", "no catalog (/Root)"))
}

pub fn unreadable(fr: &str, en: &str) -> Error {
    Error::new(
        "pdf",
        format!("le PDF est illisible : {fr}"),
        format!("the PDF cannot be read: {en}"),
    )
}

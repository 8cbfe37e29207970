//! Opening a PDF with lopdf, turning its failures into errors a user can read.

use super::guard::{preflight, unescape_names};
use super::names::resolve_dict;
use crate::error::Error;
use lopdf::{Dictionary, Document, ObjectId};

/// Loads `pdf`; a PDF whose encryption stops lopdf gets `encrypted_error`,
/// worded for what the caller wanted to do.
pub fn load(pdf: &[u8], encrypted_error: fn() -> Error) -> Result<Document, Error> {
    if pdf.is_empty() {
        return Err(unreadable("le fichier est vide", "the file is empty"));
    }
    crate::limits::pdf_size(pdf.len())?;
    // Encrypted PDFs are refused (a Factur-X is PDF/A-3, which forbids encryption), and
    // before lopdf sees them: its decryption asks for random numbers, which panics in the
    // server's WebAssembly build (no entropy source there), and it inflates decrypted
    // object streams out of the pre-flight's sight.
    // A name may spell its letters in hex (`/Encr#79pt`): lopdf reads those too.
    if names_encrypt(pdf) || (pdf.contains(&b'#') && names_encrypt(&unescape_names(pdf))) {
        return Err(encrypted_error());
    }
    preflight(pdf)?;
    Document::load_mem(pdf).map_err(|e| {
        let detail = e.to_string();
        unreadable(&format!("{} ({detail})", in_french(&e)), &detail)
    })
}

/// Whether the bytes hold the name `/Encrypt` (the trailer's key of an encrypted
/// file; `/EncryptMetadata` and the like do not count).
fn names_encrypt(pdf: &[u8]) -> bool {
    const NAME: &[u8] = b"/Encrypt";
    pdf.windows(NAME.len() + 1).any(|w| {
        w.starts_with(NAME)
            && w.last()
                .is_some_and(|b| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(b))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encrypted_pdf_is_refused_before_lopdf_decrypts_it() {
        // lopdf's decryption panics in the server's WebAssembly build (found by
        // tests/server/test_hostile_wasm.py): it must never be reached.
        for trailer in [
            "<< /Root 1 0 R /Encrypt 2 0 R >>",
            "<< /Root 1 0 R /Encrypt<< /Filter /Standard >> >>",
            "<< /Root 1 0 R /Encr#79pt 2 0 R >>",
        ] {
            let pdf = format!("%PDF-1.7\ntrailer\n{trailer}\n%%EOF");
            let e = load(pdf.as_bytes(), encrypted).err().map(|e| e.message_fr);
            assert_eq!(
                e.as_deref(),
                Some("PDF chiffré : impossible d'y joindre la facture"),
                "{trailer}"
            );
        }
        let not_encrypted = b"%PDF-1.7\n1 0 obj << /EncryptMetadata false >> endobj\n%%EOF";
        assert!(!names_encrypt(not_encrypted));
    }
}

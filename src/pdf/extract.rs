//! Finding the invoice XML inside a PDF: the `/EmbeddedFiles` name tree first,
//! then the catalog's `/AF` array (some writers only fill that one).

use super::inflate::{inflate, inflated_len, Inflated};
use super::load::{catalog, is_encrypted, load};
use super::names::{
    associated_files, embedded_files_root, filespec_name, invoice_name, name_tree_entries, resolve,
    resolve_dict, InvoiceName,
};
use crate::error::Error;
use lopdf::{Document, Object};

/// The bytes of `factur-x.xml` (or, failing it, of a ZUGFeRD / XRechnung XML)
/// attached to `pdf`, decompressed.
pub fn extract(pdf: &[u8]) -> Result<Vec<u8>, Error> {
    let doc = load(pdf, encrypted_without_access)?;
    // Even when lopdf can decrypt it (empty user password), an encrypted PDF is no
    // Factur-X (PDF/A-3 forbids encryption): refused, whatever it holds.
    if is_encrypted(&doc) {
        return Err(encrypted_without_access());
    }
    let catalog = catalog(&doc).map_err(|e| {
        if is_encrypted(&doc) {
            encrypted_without_access()
        } else {
            e
        }
    })?;
    let mut found: Vec<(InvoiceName, Object)> = embedded_files_root(&doc, catalog)
        .map(|root| name_tree_entries(&doc, root))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| Some((entry.invoice_name(&doc)?, entry.filespec)))
        .collect();
    if found.is_empty() {
        found = associated_files(&doc, catalog)
            .into_iter()
            .filter_map(|item| Some((invoice_name(&filespec_name(&doc, &item)?)?, item)))
            .collect();
    }
    let Some(best) = found.iter().map(|(kind, _)| *kind).min() else {
        return Err(if is_encrypted(&doc) {
            encrypted_without_access()
        } else {
            none_found()
        });
    };

    let mut contents: Vec<Vec<u8>> = Vec::new();
    let mut first_error = None;
    for (_, filespec) in found.iter().filter(|(kind, _)| *kind == best) {
        match file_bytes(&doc, filespec) {
            Ok(bytes) if !contents.contains(&bytes) => contents.push(bytes),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (contents.len(), first_error) {
        (1, _) => Ok(contents.swap_remove(0)),
        (0, Some(e)) => Err(e),
        (0, None) => Err(none_found()),
        (n, _) => Err(Error::new(
            "pdf",
            format!("ce PDF contient {n} fichiers factur-x.xml différents : impossible de savoir lequel est la facture"),
            format!("this PDF holds {n} different factur-x.xml files: cannot tell which one is the invoice"),
        )),
    }
}

/// The decompressed content of the file a file specification embeds.
fn file_bytes(doc: &Document, filespec: &Object) -> Result<Vec<u8>, Error> {
    let broken = || {
        Error::new(
            "pdf",
            "le fichier factur-x.xml du PDF est endommagé (flux /EF absent)",
            "the PDF's factur-x.xml is damaged (no /EF stream)",
        )
    };
    let spec = resolve_dict(doc, filespec).ok_or_else(broken)?;
    let ef = spec
        .get(b"EF")
        .ok()
        .and_then(|ef| resolve_dict(doc, ef))
        .ok_or_else(broken)?;
    let file = ef
        .get(b"UF")
        .or_else(|_| ef.get(b"F"))
        .ok()
        .and_then(|f| resolve(doc, f))
        .ok_or_else(broken)?;
    let stream = file.as_stream().map_err(|_| broken())?;
    let filters = stream.filters().unwrap_or_default();
    let limit = crate::limits::MAX_TEXT_BYTES;
    let too_large = || {
        Error::new(
            "limit",
            format!("le fichier factur-x.xml du PDF dépasse {limit} octets une fois décompressé"),
            format!("the PDF's factur-x.xml exceeds {limit} bytes once inflated"),
        )
    };
    let bytes = match filters.as_slice() {
        [] => stream.content.clone(),
        // Inflated here within the limit: lopdf's own inflation has none.
        [b"FlateDecode"] if stream.dict.get(b"DecodeParms").is_err() => {
            match inflate(&stream.content, limit) {
                Inflated::Done(bytes) => bytes,
                Inflated::TooLarge => return Err(too_large()),
                Inflated::Corrupt(e) => return Err(undecodable(&e)),
            }
        }
        [b"FlateDecode"] => {
            if inflated_len(&stream.content, limit).is_none() {
                return Err(too_large());
            }
            stream
                .decompressed_content()
                .map_err(|e| undecodable(&e.to_string()))?
        }
        // ASCII85 shrinks what it decodes: bounded by the file itself.
        [b"ASCII85Decode"] => stream
            .decompressed_content()
            .map_err(|e| undecodable(&e.to_string()))?,
        _ => {
            let names: Vec<String> = filters
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            let names = names.join(", ");
            return Err(Error::new(
                "pdf",
                format!("le fichier factur-x.xml du PDF est compressé avec un filtre non pris en charge ({names})"),
                format!("the PDF's factur-x.xml is compressed with an unsupported filter ({names})"),
            ));
        }
    };
    if bytes.len() > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

fn undecodable(e: &str) -> Error {
    Error::new(
        "pdf",
        format!("impossible de décompresser le fichier factur-x.xml du PDF : {e}"),
        format!("cannot decompress the PDF's factur-x.xml: {e}"),
    )
}

fn none_found() -> Error {
    Error::new(
        "pdf",
        "aucun fichier factur-x.xml dans ce PDF",
        "no factur-x.xml file in this PDF",
    )
}

fn encrypted_without_access() -> Error {
    Error::new(
        "pdf",
        "PDF chiffré : un Factur-X ne peut pas l'être (PDF/A-3), aucun fichier factur-x.xml lisible",
        "encrypted PDF: a Factur-X cannot be (PDF/A-3), no readable factur-x.xml file",
    )
}

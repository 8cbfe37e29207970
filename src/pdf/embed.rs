//! Turning a PDF into a Factur-X PDF/A-3: the invoice XML as an associated
//! embedded file, XMP metadata that declares it, and an sRGB output intent.

use super::icc::srgb_profile;
use super::load::{catalog, catalog_id, encrypted, is_encrypted, load, unreadable};
use super::md5::md5;
use super::names::{
    associated_files, dict_text, embedded_files_root, filespec_name, invoice_name,
    name_tree_entries, resolve_array, resolve_dict, FACTURX_NAME,
};
use super::xmp::{self, DocInfo};
use crate::error::Error;
use crate::model::Profile;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::HashSet;

/// The attachment date when the PDF declares none: there is no clock here,
/// and the same input must give the same bytes.
const EPOCH: &str = "D:19700101000000Z";
const OUTPUT_CONDITION: &str = "sRGB IEC61966-2.1";

/// Embeds `xml` as `factur-x.xml` and makes the PDF declare itself PDF/A-3B
/// Factur-X at `profile`'s level. An invoice XML already attached is replaced;
/// other attachments are kept.
pub fn embed(pdf: &[u8], xml: &[u8], profile: Profile) -> Result<Vec<u8>, Error> {
    let mut doc = load(pdf, encrypted)?;
    if is_encrypted(&doc) {
        return Err(encrypted());
    }
    let root = catalog_id(&doc)?;
    let info = doc_info(&doc);
    let file_date = info
        .mod_date
        .clone()
        .or_else(|| info.creation_date.clone())
        .unwrap_or_else(|| EPOCH.into());

    let current = catalog(&doc)?.clone();
    let (kept_entries, replaced) = other_attachments(&doc, &current);
    let kept_af: Vec<Object> = associated_files(&doc, &current)
        .into_iter()
        .filter(|item| match item {
            Object::Reference(id) if replaced.contains(id) => false,
            _ => filespec_name(&doc, item)
                .and_then(|n| invoice_name(&n))
                .is_none(),
        })
        .collect();
    let mut names = current
        .get(b"Names")
        .ok()
        .and_then(|n| resolve_dict(&doc, n))
        .cloned()
        .unwrap_or_default();
    let has_output_intent = current
        .get(b"OutputIntents")
        .ok()
        .and_then(|o| resolve_array(&doc, o))
        .is_some_and(|intents| !intents.is_empty());

    let file_id = doc.add_object(embedded_file(xml, &file_date));
    let filespec_id = doc.add_object(filespec(file_id, profile));
    let metadata = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp::packet(&info, profile, FACTURX_NAME),
    )
    .with_compression(false);
    let metadata_id = doc.add_object(metadata);
    let output_intent_id = if has_output_intent {
        None
    } else {
        Some(add_output_intent(&mut doc))
    };

    let mut entries: Vec<(Vec<u8>, Object)> = kept_entries;
    entries.push((
        FACTURX_NAME.as_bytes().to_vec(),
        Object::Reference(filespec_id),
    ));
    // Name tree keys must be sorted by their bytes; the sort is stable for duplicates.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let flat: Vec<Object> = entries
        .into_iter()
        .flat_map(|(key, filespec)| [Object::String(key, StringFormat::Literal), filespec])
        .collect();
    names.set("EmbeddedFiles", dictionary! { "Names" => flat });
    let mut af = kept_af;
    af.push(Object::Reference(filespec_id));

    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|_| unreadable("catalogue (/Root) illisible", "unreadable catalog (/Root)"))?;
    catalog.set("Names", names);
    catalog.set("AF", af);
    catalog.set("Metadata", Object::Reference(metadata_id));
    if let Some(id) = output_intent_id {
        catalog.set("OutputIntents", vec![Object::Reference(id)]);
    }

    ensure_file_id(&mut doc, pdf);
    // PDF/A-3 is built on PDF 1.7; associated files do not exist before it.
    if doc.version.as_str() < "1.7" {
        doc.version = "1.7".into();
    }
    prune_unreachable(&mut doc);

    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| {
        Error::new(
            "pdf",
            format!("écriture du PDF impossible : {e}"),
            format!("cannot write the PDF: {e}"),
        )
    })?;
    Ok(out)
}

/// The name tree entries that are not an invoice XML, and the file
/// specifications of those that are (to be dropped from `/AF` too).
fn other_attachments(
    doc: &Document,
    catalog: &Dictionary,
) -> (Vec<(Vec<u8>, Object)>, HashSet<ObjectId>) {
    let mut kept = Vec::new();
    let mut replaced = HashSet::new();
    let entries = embedded_files_root(doc, catalog)
        .map(|root| name_tree_entries(doc, root))
        .unwrap_or_default();
    for entry in entries {
        if entry.invoice_name(doc).is_some() {
            if let Object::Reference(id) = entry.filespec {
                replaced.insert(id);
            }
        } else {
            kept.push((entry.key, entry.filespec));
        }
    }
    (kept, replaced)
}

fn doc_info(doc: &Document) -> DocInfo {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| resolve_dict(doc, i))
    else {
        return DocInfo::default();
    };
    let text = |key: &[u8]| dict_text(doc, info, key).filter(|t| !t.is_empty());
    DocInfo {
        title: text(b"Title"),
        author: text(b"Author"),
        subject: text(b"Subject"),
        keywords: text(b"Keywords"),
        creator: text(b"Creator"),
        producer: text(b"Producer"),
        creation_date: text(b"CreationDate"),
        mod_date: text(b"ModDate"),
    }
}

fn embedded_file(xml: &[u8], date: &str) -> Stream {
    let params = dictionary! {
        "Size" => i64::try_from(xml.len()).unwrap_or(i64::MAX),
        "CheckSum" => Object::String(md5(xml).to_vec(), StringFormat::Hexadecimal),
        "ModDate" => Object::string_literal(date),
    };
    let dict = dictionary! {
        "Type" => "EmbeddedFile",
        "Subtype" => Object::Name(b"text/xml".to_vec()),
        "Params" => params,
    };
    let mut stream = Stream::new(dict, xml.to_vec());
    // Compression only fails on an I/O error of an in-memory buffer; the
    // uncompressed stream is as valid.
    let _ = stream.compress();
    stream
}

/// The Factur-X specification: `Data` for MINIMUM and BASIC WL (the XML is not
/// the whole invoice), `Alternative` for the profiles that carry all of it.
fn relationship(profile: Profile) -> &'static str {
    match profile {
        Profile::Minimum | Profile::BasicWl => "Data",
        _ => "Alternative",
    }
}

fn filespec(file_id: ObjectId, profile: Profile) -> Dictionary {
    dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal(FACTURX_NAME),
        "UF" => Object::string_literal(FACTURX_NAME),
        "Desc" => Object::string_literal("Factur-X invoice"),
        "AFRelationship" => relationship(profile),
        "EF" => dictionary! {
            "F" => Object::Reference(file_id),
            "UF" => Object::Reference(file_id),
        },
    }
}

fn add_output_intent(doc: &mut Document) -> ObjectId {
    let mut icc = Stream::new(dictionary! { "N" => 3 }, srgb_profile());
    let _ = icc.compress();
    let icc_id = doc.add_object(icc);
    doc.add_object(dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal(OUTPUT_CONDITION),
        "Info" => Object::string_literal(OUTPUT_CONDITION),
        "RegistryName" => Object::string_literal("http://www.color.org"),
        "DestOutputProfile" => Object::Reference(icc_id),
    })
}

/// PDF/A requires a file identifier; one derived from the input keeps the
/// output reproducible.
fn ensure_file_id(doc: &mut Document, input: &[u8]) {
    let valid = doc
        .trailer
        .get(b"ID")
        .ok()
        .and_then(|id| id.as_array().ok())
        .is_some_and(|ids| ids.len() == 2 && ids.iter().all(|i| i.as_str().is_ok()));
    if !valid {
        let id = md5(input).to_vec();
        doc.trailer.set(
            "ID",
            vec![
                Object::String(id.clone(), StringFormat::Hexadecimal),
                Object::String(id, StringFormat::Hexadecimal),
            ],
        );
    }
}

/// Drops objects nothing points to any more (the replaced attachment, the old
/// metadata, spent object streams), so no stale invoice stays in the file.
fn prune_unreachable(doc: &mut Document) {
    let mut reachable: HashSet<ObjectId> = HashSet::new();
    let mut pending: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    let mut ids: Vec<ObjectId> = Vec::new();
    loop {
        while let Some(object) = pending.pop() {
            match object {
                Object::Reference(id) if reachable.insert(*id) => ids.push(*id),
                Object::Array(items) => pending.extend(items.iter()),
                Object::Dictionary(dict) => pending.extend(dict.iter().map(|(_, v)| v)),
                Object::Stream(stream) => pending.extend(stream.dict.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
        let Some(id) = ids.pop() else { break };
        if let Some(object) = doc.objects.get(&id) {
            pending.push(object);
        }
    }
    doc.objects.retain(|id, _| reachable.contains(id));
}

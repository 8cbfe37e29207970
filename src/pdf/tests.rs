//! Behaviour of embed and extract on whole PDFs, as a user of the CLI or the
//! Odoo module would see it.

use super::names::{embedded_files_root, name_tree_entries, resolve, resolve_array, resolve_dict};
use super::sample::sample_pdf;
use super::{embed, extract};
use crate::model::Profile;
use lopdf::{dictionary, Dictionary, Document, Object, Stream, StringFormat};

const XML: &[u8] = include_bytes!("../../tests/fixtures/pdf/factur-x.xml");

fn reload(pdf: &[u8]) -> Document {
    match Document::load_mem(pdf) {
        Ok(doc) => doc,
        Err(e) => panic!("output PDF does not load: {e}"),
    }
}

fn catalog(doc: &Document) -> Dictionary {
    let root = doc.trailer.get(b"Root").cloned().unwrap_or(Object::Null);
    resolve_dict(doc, &root).cloned().unwrap_or_default()
}

fn attachment_names(doc: &Document) -> Vec<String> {
    let cat = catalog(doc);
    embedded_files_root(doc, &cat)
        .map(|root| name_tree_entries(doc, root))
        .unwrap_or_default()
        .into_iter()
        .map(|e| String::from_utf8_lossy(&e.key).into_owned())
        .collect()
}

fn af_len(doc: &Document) -> usize {
    let cat = catalog(doc);
    cat.get(b"AF")
        .ok()
        .and_then(|af| resolve_array(doc, af))
        .map_or(0, |a| a.len())
}

fn embedded_file_streams(doc: &Document) -> usize {
    doc.objects
        .values()
        .filter(|o| matches!(o, Object::Stream(s) if s.dict.has_type(b"EmbeddedFile")))
        .count()
}

fn metadata(doc: &Document) -> String {
    let cat = catalog(doc);
    let stream = cat
        .get(b"Metadata")
        .ok()
        .and_then(|m| resolve(doc, m))
        .and_then(|m| m.as_stream().ok());
    match stream {
        Some(s) => {
            assert!(
                s.dict.get(b"Filter").is_err(),
                "PDF/A wants the XMP uncompressed"
            );
            String::from_utf8_lossy(&s.content).into_owned()
        }
        None => String::new(),
    }
}

fn embed_ok(pdf: &[u8], xml: &[u8], profile: Profile) -> Vec<u8> {
    match embed(pdf, xml, profile) {
        Ok(out) => out,
        Err(e) => panic!("embed failed: {}", e.message_fr),
    }
}

/// A PDF that already carries a terms-and-conditions attachment and an old
/// ZUGFeRD invoice, both in the name tree and in /AF.
fn pdf_with_attachments() -> Vec<u8> {
    let mut doc = reload(&sample_pdf());
    let attach = |doc: &mut Document, name: &str, content: &[u8]| {
        let file = doc.add_object(Stream::new(
            dictionary! { "Type" => "EmbeddedFile" },
            content.to_vec(),
        ));
        doc.add_object(dictionary! {
            "Type" => "Filespec",
            "F" => Object::string_literal(name),
            "UF" => Object::string_literal(name),
            "EF" => dictionary! { "F" => file },
        })
    };
    let cgv = attach(&mut doc, "cgv.txt", b"Conditions generales de vente");
    let old = attach(&mut doc, "ZUGFeRD-invoice.xml", b"<old/>");
    // An intermediate /Kids node, as large PDFs have.
    let leaf = doc.add_object(dictionary! {
        "Limits" => vec![Object::string_literal("ZUGFeRD-invoice.xml"), Object::string_literal("cgv.txt")],
        "Names" => vec![
            Object::string_literal("ZUGFeRD-invoice.xml"), old.into(),
            Object::string_literal("cgv.txt"), cgv.into(),
        ],
    });
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .unwrap_or((0, 0));
    if let Ok(cat) = doc.get_object_mut(root_id).and_then(Object::as_dict_mut) {
        cat.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Kids" => vec![leaf.into()] } },
        );
        cat.set("AF", vec![cgv.into(), old.into()]);
    }
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

#[test]
fn extract_returns_exactly_the_embedded_xml() {
    let out = embed_ok(&sample_pdf(), XML, Profile::En16931);
    assert_eq!(extract(&out).ok().as_deref(), Some(XML));
}

#[test]
fn embedding_twice_keeps_one_invoice_the_latest() {
    let first = embed_ok(&sample_pdf(), b"<first/>", Profile::En16931);
    let second = embed_ok(&first, XML, Profile::En16931);
    let doc = reload(&second);
    assert_eq!(attachment_names(&doc), ["factur-x.xml"]);
    assert_eq!(af_len(&doc), 1);
    assert_eq!(
        embedded_file_streams(&doc),
        1,
        "the old XML must not linger in the file"
    );
    assert_eq!(extract(&second).ok().as_deref(), Some(XML));
}

#[test]
fn other_attachments_survive_and_an_old_zugferd_xml_is_replaced() {
    let out = embed_ok(&pdf_with_attachments(), XML, Profile::En16931);
    let doc = reload(&out);
    assert_eq!(attachment_names(&doc), ["cgv.txt", "factur-x.xml"]);
    assert_eq!(af_len(&doc), 2);
    assert_eq!(extract(&out).ok().as_deref(), Some(XML));
}

#[test]
fn xmp_declares_pdfa3b_factur_x_and_the_info_title() {
    let doc = reload(&embed_ok(&sample_pdf(), XML, Profile::Basic));
    let xmp = metadata(&doc);
    assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(xmp.contains("<fx:DocumentType>INVOICE</fx:DocumentType>"));
    assert!(xmp.contains("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>"));
    assert!(xmp.contains("<fx:Version>1.0</fx:Version>"));
    assert!(xmp.contains("<fx:ConformanceLevel>BASIC</fx:ConformanceLevel>"));
    assert!(xmp.contains(">Facture INV/2026/04/0003<"));
    assert!(xmp.contains("<xmp:ModifyDate>2026-04-15T09:30:00+02:00</xmp:ModifyDate>"));
}

#[test]
fn filespec_relationship_follows_the_profile() {
    for (profile, expected) in [
        (Profile::Minimum, b"Data".as_slice()),
        (Profile::En16931, b"Alternative"),
    ] {
        let doc = reload(&embed_ok(&sample_pdf(), XML, profile));
        let cat = catalog(&doc);
        let af = cat
            .get(b"AF")
            .ok()
            .and_then(|a| resolve_array(&doc, a))
            .cloned()
            .unwrap_or_default();
        let spec = af
            .first()
            .and_then(|s| resolve_dict(&doc, s))
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            spec.get(b"AFRelationship").and_then(Object::as_name).ok(),
            Some(expected)
        );
        let file = spec
            .get(b"EF")
            .ok()
            .and_then(|ef| resolve_dict(&doc, ef))
            .and_then(|ef| ef.get(b"F").ok())
            .and_then(|f| resolve(&doc, f))
            .and_then(|f| f.as_stream().ok())
            .map(|s| s.dict.clone())
            .unwrap_or_default();
        assert_eq!(
            file.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(b"text/xml".as_slice())
        );
        let params = file
            .get(b"Params")
            .and_then(Object::as_dict)
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            params.get(b"Size").and_then(Object::as_i64).ok(),
            Some(XML.len() as i64)
        );
        assert_eq!(
            params.get(b"CheckSum").and_then(Object::as_str).ok(),
            Some(super::md5::md5(XML).as_slice())
        );
        assert_eq!(
            params.get(b"ModDate").and_then(Object::as_str).ok(),
            Some(b"D:20260415093000+02'00'".as_slice())
        );
    }
}

#[test]
fn has_one_srgb_output_intent_even_after_two_embeds() {
    let once = embed_ok(&sample_pdf(), XML, Profile::En16931);
    let doc = reload(&embed_ok(&once, XML, Profile::En16931));
    let cat = catalog(&doc);
    let intents = cat
        .get(b"OutputIntents")
        .ok()
        .and_then(|o| resolve_array(&doc, o))
        .cloned()
        .unwrap_or_default();
    assert_eq!(intents.len(), 1);
    let intent = intents
        .first()
        .and_then(|i| resolve_dict(&doc, i))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        intent.get(b"S").and_then(Object::as_name).ok(),
        Some(b"GTS_PDFA1".as_slice())
    );
    let icc = intent
        .get(b"DestOutputProfile")
        .ok()
        .and_then(|p| resolve(&doc, p))
        .and_then(|p| p.as_stream().ok());
    let icc = icc.map(|s| {
        (
            s.dict.get(b"N").and_then(Object::as_i64).ok(),
            s.decompressed_content().ok(),
        )
    });
    assert_eq!(icc.as_ref().and_then(|(n, _)| *n), Some(3));
    assert_eq!(
        icc.and_then(|(_, bytes)| bytes),
        Some(super::icc::srgb_profile())
    );
}

#[test]
fn output_is_pdf_1_7_with_a_file_identifier() {
    let out = embed_ok(&sample_pdf(), XML, Profile::En16931);
    assert!(out.starts_with(b"%PDF-1.7"));
    let doc = reload(&out);
    assert_eq!(
        doc.trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .map(|a| a.len())
            .ok(),
        Some(2)
    );
}

#[test]
fn same_input_gives_the_same_bytes() {
    let a = embed_ok(&sample_pdf(), XML, Profile::En16931);
    let b = embed_ok(&sample_pdf(), XML, Profile::En16931);
    assert_eq!(a, b);
}

#[test]
fn committed_sample_fixture_is_what_the_code_builds_and_takes_an_invoice() {
    let fixture = include_bytes!("../../tests/fixtures/pdf/sample.pdf");
    assert_eq!(
        fixture.as_slice(),
        sample_pdf().as_slice(),
        "regenerate with the ignored test write_sample_fixture"
    );
    let out = embed_ok(fixture, XML, Profile::En16931);
    assert_eq!(extract(&out).ok().as_deref(), Some(XML));
}

#[test]
#[ignore = "writes tests/fixtures/pdf/sample.pdf; run by hand after changing the sample"]
fn write_sample_fixture() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf/sample.pdf");
    assert!(std::fs::write(path, sample_pdf()).is_ok());
}

#[test]
fn garbage_and_empty_input_are_errors_in_french() {
    for input in [
        &b""[..],
        b"not a pdf at all",
        b"%PDF-1.7\n%%EOF",
        &[0xff; 300],
    ] {
        let e = embed(input, XML, Profile::En16931)
            .err()
            .map(|e| e.message_fr)
            .unwrap_or_default();
        assert!(e.starts_with("le PDF est illisible"), "{e}");
        assert!(extract(input).is_err());
    }
}

#[test]
fn truncated_pdfs_never_panic() {
    let whole = embed_ok(&sample_pdf(), XML, Profile::En16931);
    for cut in (0..whole.len())
        .step_by(97)
        .chain([whole.len() - 1, whole.len() - 10])
    {
        let part = &whole[..cut];
        let _ = embed(part, XML, Profile::En16931);
        let _ = extract(part);
    }
}

#[test]
fn pdf_without_invoice_says_so() {
    let e = extract(&sample_pdf())
        .err()
        .map(|e| e.message_fr)
        .unwrap_or_default();
    assert_eq!(e, "aucun fichier factur-x.xml dans ce PDF");
}

#[test]
fn two_different_factur_x_files_are_refused() {
    let mut doc = reload(&embed_ok(&sample_pdf(), XML, Profile::En16931));
    let file = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        b"<other/>".to_vec(),
    ));
    let spec = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal("factur-x.xml"),
        "EF" => dictionary! { "F" => file },
    });
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .unwrap_or((0, 0));
    if let Ok(cat) = doc.get_object_mut(root_id).and_then(Object::as_dict_mut) {
        cat.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Names" => vec![
                Object::string_literal("factur-x.xml"), spec.into(),
            ] } },
        );
        if let Ok(Object::Array(af)) = cat.get_mut(b"AF") {
            af.push(spec.into());
        }
    }
    let first = cat_first_spec(&doc);
    if let (Some(first), Ok(cat)) = (
        first,
        doc.get_object_mut(root_id).and_then(Object::as_dict_mut),
    ) {
        if let Ok(Object::Dictionary(names)) = cat.get_mut(b"Names") {
            if let Ok(Object::Dictionary(ef)) = names.get_mut(b"EmbeddedFiles") {
                if let Ok(Object::Array(pairs)) = ef.get_mut(b"Names") {
                    pairs.push(Object::string_literal("factur-x.xml"));
                    pairs.push(first);
                }
            }
        }
    }
    let mut pdf = Vec::new();
    let _ = doc.save_to(&mut pdf);
    let e = extract(&pdf)
        .err()
        .map(|e| e.message_fr)
        .unwrap_or_default();
    assert!(e.contains("2 fichiers factur-x.xml différents"), "{e}");
}

fn cat_first_spec(doc: &Document) -> Option<Object> {
    let cat = catalog(doc);
    cat.get(b"AF")
        .ok()
        .and_then(|a| resolve_array(doc, a))
        .and_then(|a| a.first().cloned())
}

#[test]
fn extract_falls_back_to_the_af_array() {
    let mut doc = reload(&embed_ok(&sample_pdf(), XML, Profile::En16931));
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .unwrap_or((0, 0));
    if let Ok(cat) = doc.get_object_mut(root_id).and_then(Object::as_dict_mut) {
        cat.remove(b"Names");
    }
    let mut pdf = Vec::new();
    let _ = doc.save_to(&mut pdf);
    assert_eq!(extract(&pdf).ok().as_deref(), Some(XML));
}

#[test]
fn extract_reads_an_uncompressed_zugferd_attachment() {
    let pdf = pdf_with_attachments();
    assert_eq!(extract(&pdf).ok().as_deref(), Some(b"<old/>".as_slice()));
}

fn encrypted_sample(user_password: &str) -> Vec<u8> {
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    let mut doc = reload(&sample_pdf());
    doc.trailer.set(
        "ID",
        vec![
            Object::String(vec![1; 16], StringFormat::Hexadecimal),
            Object::String(vec![1; 16], StringFormat::Hexadecimal),
        ],
    );
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "proprietaire",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let Ok(state) = EncryptionState::try_from(version) else {
        panic!("encryption state")
    };
    assert!(doc.encrypt(&state).is_ok());
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

#[test]
fn encrypted_pdfs_are_refused_clearly() {
    for password in ["", "secret"] {
        let e = embed(&encrypted_sample(password), XML, Profile::En16931)
            .err()
            .map(|e| e.message_fr);
        assert_eq!(
            e.as_deref(),
            Some("PDF chiffré : impossible d'y joindre la facture"),
            "user password {password:?}"
        );
        let e = extract(&encrypted_sample(password))
            .err()
            .map(|e| e.message_fr)
            .unwrap_or_default();
        assert!(e.starts_with("PDF chiffré"), "{e}");
    }
}

#[test]
fn deeply_nested_objects_are_refused_instead_of_overflowing_the_stack() {
    let depth = 100_000;
    let body = format!(
        "1 0 obj\n<< /Type /Catalog /X {}1{} >>\nendobj\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let pdf = format!(
        "%PDF-1.7\n{body}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{}\n%%EOF",
        9 + body.len()
    );
    let e = embed(pdf.as_bytes(), XML, Profile::En16931)
        .err()
        .map(|e| e.message_fr)
        .unwrap_or_default();
    assert!(e.contains("imbriqués"), "{e}");
    assert!(extract(pdf.as_bytes()).is_err());
}

#[test]
fn reference_loops_in_the_catalog_end_in_an_error_not_a_hang() {
    let mut doc = reload(&sample_pdf());
    let (a, b) = (doc.new_object_id(), doc.new_object_id());
    doc.objects.insert(a, Object::Reference(b));
    doc.objects.insert(b, Object::Reference(a));
    let kids_loop = doc.new_object_id();
    doc.objects.insert(
        kids_loop,
        Object::Dictionary(dictionary! { "Kids" => vec![Object::Reference(kids_loop)] }),
    );
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .unwrap_or((0, 0));
    if let Ok(cat) = doc.get_object_mut(root_id).and_then(Object::as_dict_mut) {
        cat.set("AF", Object::Reference(a));
        cat.set(
            "Names",
            dictionary! { "EmbeddedFiles" => Object::Reference(kids_loop) },
        );
        cat.set("OutputIntents", Object::Reference(b));
    }
    let mut pdf = Vec::new();
    let _ = doc.save_to(&mut pdf);
    assert!(extract(&pdf).is_err());
    let out = embed_ok(&pdf, XML, Profile::En16931);
    assert_eq!(extract(&out).ok().as_deref(), Some(XML));
}

#[test]
fn a_stream_whose_length_points_at_itself_is_handled() {
    let objects = [
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 /Length 3 0 R >>\nendobj\n",
        "3 0 obj\n<< /Length 3 0 R >>\nstream\nabc\nendstream\nendobj\n",
    ];
    let mut pdf = String::from("%PDF-1.7\n");
    let mut offsets = Vec::new();
    for object in objects {
        offsets.push(pdf.len());
        pdf.push_str(object);
    }
    let xref = pdf.len();
    pdf.push_str("xref\n0 4\n0000000000 65535 f \n");
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF"
    ));
    let _ = embed(pdf.as_bytes(), XML, Profile::En16931);
    assert!(extract(pdf.as_bytes()).is_err());
}

#[test]
fn an_encrypted_pdf_lopdf_cannot_open_is_still_called_encrypted() {
    let pdf = b"%PDF-1.7\ntrailer\n<< /Root 1 0 R /Encrypt << /Filter /Adobe.PubSec >> >>\n%%EOF";
    let e = embed(pdf, XML, Profile::En16931)
        .err()
        .map(|e| e.message_fr);
    assert_eq!(
        e.as_deref(),
        Some("PDF chiffré : impossible d'y joindre la facture")
    );
    let e = extract(pdf).err().map(|e| e.message_fr).unwrap_or_default();
    assert!(e.starts_with("PDF chiffré"), "{e}");
}

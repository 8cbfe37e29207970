//! The hostile corpus through the CLI, as a user or a script runs it: every file gets
//! exit code 2 (never 101, a panic) and a French message naming the problem.
//!
//! The committed files are in `tests/hostile/` (written by `make.py`, see its README);
//! the large ones (bombs, huge texts, too many lines) are generated here into a
//! temporary directory. Time and memory are bounded by the engine's limits
//! (`docs/limits.md`), not measured here.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chorus-guard"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run chorus-guard")
}

/// Exit 2, and a French error line holding `needle`.
fn refused(args: &[&str], needle: &str) {
    let o = run(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{args:?} panicked: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.starts_with("chorus-guard: erreur: "),
        "{args:?}: not a French error: {err}"
    );
    assert!(
        err.contains(needle),
        "{args:?}: expected « {needle} » in: {err}"
    );
    assert!(err.len() < 2000, "{args:?}: message of {} bytes", err.len());
}

/// Committed files: the file, and what the message must say when it is checked.
const CORPUS: &[(&str, &str)] = &[
    ("xml-billion-laughs.xml", "<!DOCTYPE> refusée"),
    ("xml-external-entity.xml", "<!DOCTYPE> refusée"),
    ("xml-parameter-entity-remote.xml", "<!DOCTYPE> refusée"),
    ("xml-undeclared-entity.xml", "entité inconnue &xxe;"),
    ("xml-deep-nesting.xml", "imbrication plus profonde que 64"),
    (
        "xml-huge-number.xml",
        "montant illisible dans <NetPriceProductTradePrice/ChargeAmount>",
    ),
    (
        "xml-wrong-namespace-ubl.xml",
        "ce n'est pas une facture CII : élément racine <Invoice>",
    ),
    ("xml-utf16.xml", "est en UTF-16"),
    (
        "xml-latin1.xml",
        "n'est pas en UTF-8 (octet 2694, encodage déclaré ISO-8859-1)",
    ),
    ("xml-truncated.xml", "jamais fermé"),
    ("xml-two-roots.xml", "second élément racine"),
    (
        "xml-non-ascii-date.xml",
        "date illisible dans <ExchangedDocument/IssueDateTime>",
    ),
    (
        "json-deep-nesting.json",
        "JSON illisible : invalid type: sequence, expected a string",
    ),
    ("json-float-amount.json", "nombre flottant"),
    ("json-huge-number.json", "n'est pas un nombre décimal"),
    ("json-not-an-object.json", "le JSON doit être un objet"),
    ("json-truncated.json", "JSON illisible"),
    ("unknown-content.txt", "ni JSON, ni XML, ni PDF"),
    (
        "pdf-truncated.pdf",
        "le PDF est illisible : table des références croisées",
    ),
    ("pdf-header-only.pdf", "le PDF est illisible"),
    ("pdf-encrypted.pdf", "PDF chiffré"),
    (
        "pdf-reference-loop.pdf",
        "factur-x.xml du PDF est endommagé",
    ),
    ("pdf-name-tree-loop.pdf", "aucun fichier factur-x.xml"),
    (
        "pdf-deep-nesting.pdf",
        "objets imbriqués sur plus de 32 niveaux",
    ),
    ("pdf-two-facturx.pdf", "2 fichiers factur-x.xml différents"),
    ("pdf-no-facturx.pdf", "aucun fichier factur-x.xml"),
];

fn corpus(name: &str) -> String {
    format!("tests/hostile/{name}")
}

#[test]
fn every_committed_file_is_refused_clearly_by_check() {
    for (name, needle) in CORPUS {
        refused(&["check", &corpus(name)], needle);
    }
}

#[test]
fn every_committed_file_has_an_expectation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for entry in std::fs::read_dir(dir).expect("tests/hostile") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name == "README.md" || name == "make.py" {
            continue;
        }
        assert!(
            CORPUS.iter().any(|(n, _)| *n == name),
            "{name} has no expected message in tests/hostile.rs"
        );
    }
}

#[test]
fn hostile_pdfs_are_refused_by_extract_and_by_embed() {
    for (name, needle) in CORPUS.iter().filter(|(n, _)| n.ends_with(".pdf")) {
        refused(&["extract", &corpus(name)], needle);
    }
    let out = Temp::at("out.pdf");
    let out = out.path();
    for (name, needle) in [
        ("pdf-truncated.pdf", "le PDF est illisible"),
        ("pdf-header-only.pdf", "le PDF est illisible"),
        (
            "pdf-encrypted.pdf",
            "PDF chiffré : impossible d'y joindre la facture",
        ),
        ("pdf-deep-nesting.pdf", "objets imbriqués"),
    ] {
        refused(
            &[
                "pdf",
                "examples/seed/invoice.json",
                "--pdf",
                &corpus(name),
                "-o",
                out,
            ],
            needle,
        );
        assert!(!Path::new(out).exists(), "{name}: an output was written");
    }
}

#[test]
fn hostile_xml_is_refused_by_xml_and_pdf_too() {
    let out = Temp::at("hostile-xml.pdf");
    let out = out.path();
    for (name, needle) in CORPUS.iter().filter(|(n, _)| n.starts_with("xml-")) {
        refused(&["xml", "--profile", "en16931", &corpus(name)], needle);
        // Without --profile, `pdf` embeds the XML as it is: it must still be a CII invoice.
        refused(
            &[
                "pdf",
                &corpus(name),
                "--pdf",
                "tests/fixtures/pdf/sample.pdf",
                "-o",
                out,
            ],
            needle,
        );
        assert!(!Path::new(out).exists(), "{name}: a PDF was written");
    }
}

#[test]
fn pdf_refuses_xml_that_is_not_a_cii_invoice() {
    let out = Temp::at("not-cii.pdf");
    for (name, xml, needle) in [
        ("not-cii.xml", "<a>not cii</a>".to_string(), "élément racine <a>"),
        (
            "other-ns.xml",
            r#"<x:CrossIndustryInvoice xmlns:x="urn:example:not-cii"/>"#.to_string(),
            "n'est pas dans l'espace de noms",
        ),
        (
            "bomb.xml",
            r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>"#.to_string(),
            "<!DOCTYPE> refusée",
        ),
    ] {
        let file = write(name, xml.as_bytes());
        refused(
            &[
                "pdf",
                file.path(),
                "--pdf",
                "tests/fixtures/pdf/sample.pdf",
                "-o",
                out.path(),
            ],
            needle,
        );
        assert!(!Path::new(out.path()).exists(), "{name}: a PDF was written");
    }
}

fn tmp() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chorus-guard-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

/// A file in the temporary directory, removed when dropped (the generated cases
/// weigh tens of megabytes).
struct Temp(String);

impl Temp {
    fn at(name: &str) -> Temp {
        Temp(tmp().join(name).to_string_lossy().into_owned())
    }

    fn path(&self) -> &str {
        &self.0
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn write(name: &str, bytes: &[u8]) -> Temp {
    let file = Temp::at(name);
    std::fs::write(file.path(), bytes).expect("write");
    file
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).expect("deflate");
    e.finish().expect("deflate")
}

const CII: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

#[test]
fn huge_texts_are_refused_before_parsing() {
    let text = "A".repeat(17 * 1024 * 1024);
    let xml = format!(
        r#"<rsm:CrossIndustryInvoice xmlns:rsm="{CII}"><rsm:ExchangedDocument><ram:ID>{text}</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>"#
    );
    refused(
        &["check", write("huge-text.xml", xml.as_bytes()).path()],
        "XML trop volumineux",
    );
    let json = format!(r#"{{"number": "F1", "notes": ["{text}"]}}"#);
    refused(
        &["check", write("huge-text.json", json.as_bytes()).path()],
        "JSON trop volumineux",
    );
}

#[test]
fn too_many_lines_or_elements_are_refused() {
    let line =
        "<ram:IncludedSupplyChainTradeLineItem><ram:X/></ram:IncludedSupplyChainTradeLineItem>";
    let xml = format!(
        r#"<rsm:CrossIndustryInvoice xmlns:rsm="{CII}"><rsm:SupplyChainTradeTransaction>{}</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>"#,
        line.repeat(10_001)
    );
    refused(
        &["check", write("lines.xml", xml.as_bytes()).path()],
        "plus de 10000 lignes",
    );
    let xml = format!(
        r#"<rsm:CrossIndustryInvoice xmlns:rsm="{CII}">{}</rsm:CrossIndustryInvoice>"#,
        "<a/>".repeat(500_001)
    );
    refused(
        &["check", write("elements.xml", xml.as_bytes()).path()],
        "plus de 500000 éléments",
    );
    let lines = vec![r#"{"name": "L", "quantity": "1", "net_price": "1"}"#; 10_001].join(",");
    let json = format!(r#"{{"number": "F1", "lines": [{lines}]}}"#);
    refused(
        &["check", write("lines.json", json.as_bytes()).path()],
        "plus de 10000 lignes",
    );
}

#[test]
fn a_file_over_64_mib_is_refused_before_reading() {
    let path = Temp::at("big.pdf");
    let file = std::fs::File::create(path.path()).expect("create");
    // Sparse: nothing is written, the size is what the CLI looks at.
    file.set_len(64 * 1024 * 1024 + 1).expect("set_len");
    refused(&["check", path.path()], "au-delà de la limite");
}

/// A valid PDF (the sample, rewritten by lopdf) with one more stream object.
fn sample_with_stream(dict: lopdf::Dictionary, content: Vec<u8>) -> Vec<u8> {
    let sample =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/sample.pdf"))
            .expect("sample.pdf");
    let mut doc = lopdf::Document::load_mem(&sample).expect("sample loads");
    let mut stream = lopdf::Stream::new(dict, content);
    stream.allows_compression = false;
    doc.add_object(stream);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

#[test]
fn an_object_stream_bomb_is_refused_before_lopdf_inflates_it() {
    // 100 MiB of spaces in ~100 KB: lopdf would inflate it whole while loading.
    let bomb = zlib(&vec![b' '; 100 * 1024 * 1024]);
    assert!(bomb.len() < 200_000);
    let mut dict = lopdf::Dictionary::new();
    // lopdf does not write object streams back: the type is renamed in the bytes.
    dict.set("Type", lopdf::Object::Name(b"ObjStX".to_vec()));
    dict.set("N", 1);
    dict.set("First", 4);
    dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
    let mut pdf = sample_with_stream(dict, bomb);
    let at = pdf
        .windows(7)
        .position(|w| w == b"/ObjStX")
        .expect("the stream");
    pdf[at..at + 7].copy_from_slice(b"/ObjStm");
    let pdf = write("objstm-bomb.pdf", &pdf);
    let pdf = pdf.path();
    refused(&["check", pdf], "bombe de décompression");
    refused(&["extract", pdf], "bombe de décompression");
    let out = Temp::at("bomb-out.pdf");
    refused(
        &[
            "pdf",
            "examples/seed/invoice.json",
            "--pdf",
            pdf,
            "-o",
            out.path(),
        ],
        "bombe de décompression",
    );
}

#[test]
fn an_attached_xml_bomb_is_refused_at_the_limit() {
    // A Factur-X whose factur-x.xml inflates to 64 MiB.
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/pdf/facturx-sample.pdf"),
    )
    .expect("seed pdf");
    let mut doc = lopdf::Document::load_mem(&seed).expect("seed loads");
    let bomb = zlib(&vec![b' '; 64 * 1024 * 1024]);
    let mut replaced = 0;
    for object in doc.objects.values_mut() {
        if let Ok(stream) = object.as_stream_mut() {
            if stream.dict.has_type(b"EmbeddedFile") {
                stream
                    .dict
                    .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                stream.dict.remove(b"DecodeParms");
                stream.set_content(bomb.clone());
                stream.allows_compression = false;
                replaced += 1;
            }
        }
    }
    assert_eq!(replaced, 1);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    let pdf = write("attachment-bomb.pdf", &out);
    let pdf = pdf.path();
    refused(
        &["extract", pdf],
        "dépasse 16777216 octets une fois décompressé",
    );
    refused(
        &["check", pdf],
        "dépasse 16777216 octets une fois décompressé",
    );
}

//! A one-page A4 invoice PDF built with lopdf, for tests and for the committed
//! fixture `tests/fixtures/pdf/sample.pdf` that the demo and CLI examples reuse.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

const LINES: [(f32, f32, &str); 14] = [
    (20.0, 780.0, "Facture INV/2026/04/0003"),
    (11.0, 750.0, "Date : 15/04/2026 - Echeance : 15/05/2026"),
    (
        11.0,
        715.0,
        "Logiciels du Midi SARL, 12 rue des Lois, 31000 Toulouse",
    ),
    (11.0, 700.0, "SIRET 123 456 782 00010 - TVA FR32123456782"),
    (
        11.0,
        665.0,
        "Client : Commune de Saint-Exemple, Place de la Mairie, 31555 Saint-Exemple",
    ),
    (
        11.0,
        650.0,
        "SIRET 213 105 554 00017 - Service : SERVICE-INFO-42 - Engagement : EJ-2026-0815",
    ),
    (
        11.0,
        605.0,
        "Designation                              Qte     PU HT      Total HT",
    ),
    (
        11.0,
        585.0,
        "Maintenance du logiciel de gestion        2     600,00      1 200,00",
    ),
    (
        11.0,
        545.0,
        "Total HT                                                    1 200,00 EUR",
    ),
    (
        11.0,
        530.0,
        "TVA 20 %                                                      240,00 EUR",
    ),
    (
        12.0,
        510.0,
        "Total TTC                                                   1 440,00 EUR",
    ),
    (
        10.0,
        470.0,
        "Reglement par virement : FR76 3000 6000 0112 3456 7890 189",
    ),
    (
        9.0,
        80.0,
        "Facture electronique Factur-X : le fichier factur-x.xml joint fait foi.",
    ),
    (9.0, 66.0, "Exemple fictif genere par Chorus Guard."),
];

pub fn sample_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Courier",
    });
    let mut operations = Vec::new();
    for (size, y, text) in LINES {
        operations.push(Operation::new("BT", vec![]));
        operations.push(Operation::new("Tf", vec!["F1".into(), size.into()]));
        operations.push(Operation::new("Td", vec![50.into(), y.into()]));
        operations.push(Operation::new("Tj", vec![Object::string_literal(text)]));
        operations.push(Operation::new("ET", vec![]));
    }
    let content = Content { operations }.encode().unwrap_or_default();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::string_literal("Facture INV/2026/04/0003"),
        "Author" => Object::string_literal("Logiciels du Midi SARL"),
        "Creator" => Object::string_literal("Chorus Guard"),
        "Producer" => Object::string_literal("lopdf"),
        "CreationDate" => Object::string_literal("D:20260415093000+02'00'"),
        "ModDate" => Object::string_literal("D:20260415093000+02'00'"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    let _ = doc.save_to(&mut out);
    out
}

//! The one invoice every benchmark measures, at 1, 50 and 1000 lines: a training
//! organisation invoicing a university through Chorus Pro (services, 20 % VAT, the
//! buyer's Chorus contact with its service code). The same values everywhere — the
//! criterion benches, the browser page, the server and peer scripts (which read the
//! JSON `fixtures_dump` writes) — so that ratios compare like with like.

use chorus_guard::{form, FormState, Invoice};
use serde_json::{json, Value};

/// The sizes the issue asks for.
pub const SIZES: [usize; 3] = [1, 50, 1000];

/// A university's contact as Odoo holds it: a child of the public body, with the
/// Chorus service it stands for.
fn contact() -> Value {
    json!({
        "id": 11,
        "display_name": "Aix Marseille Université, AIX MARSEILLE UNIVERSITE",
        "name": "AIX MARSEILLE UNIVERSITE",
        "parent_id": 10,
        "service": { "id": 1, "code": "04AMIDEX", "name": "AMIDEX", "active": true },
        "address": {
            "line1": "58 BOULEVARD CHARLES LIVON",
            "city": "Marseille cedex 07",
            "postcode": "13285",
            "country": "FR"
        }
    })
}

/// Line `i` (0-based): varied labels, quantities and prices, so that rounding and the
/// VAT breakdown have real work to do; every line is standard-rated at 20 %.
fn line(i: usize) -> Value {
    const LABELS: [&str; 5] = [
        "Formation « Coopérer en SCIC » — journée",
        "Accompagnement à la gouvernance partagée",
        "Animation d'atelier (demi-journée)",
        "Frais de conception pédagogique",
        "Tutorat à distance, heure",
    ];
    const UNITS: [&str; 5] = ["DAY", "C62", "C62", "C62", "HUR"];
    let k = i % LABELS.len();
    let quantity = format!("{}.{}", 1 + i % 7, (i * 3) % 10);
    let price = format!("{}.{:02}", 80 + (i * 37) % 1900, (i * 13) % 100);
    json!({
        "name": format!("{} n° {}", LABELS[k], i + 1),
        "product_code": format!("FORM-{:04}", 100 + k),
        "quantity": quantity,
        "uom_code": UNITS[k],
        "price_unit": price,
        "discount": if i % 4 == 3 { Some("10") } else { None },
        "taxes": [{ "id": 1, "name": "TVA collectée 20 %", "rate": "20", "category": "S" }]
    })
}

/// The form state as the Odoo form (or the demo) hands it to the engine.
pub fn form_json(lines: usize) -> Value {
    json!({
        "move_type": "out_invoice",
        "state": "draft",
        "name": "INV/2026/04/0003",
        "partner": contact(),
        "commercial_partner": {
            "id": 10,
            "name": "Aix Marseille Université",
            "fr_chorus_required": "service",
            "siret": "13001533200013",
            "vat": "FR84130015332",
            "address": {
                "line1": "58 BOULEVARD CHARLES LIVON",
                "city": "Marseille cedex 07",
                "postcode": "13285",
                "country": "FR"
            },
            "contacts": [contact()]
        },
        "transmit_method_code": "fr-chorus",
        "ref": "04AMIDEX",
        "payment_mode": {
            "id": 1,
            "name": "Virement bancaire",
            "code": "30",
            "iban": "FR76 1382 5002 0008 0132 8023 592",
            "bic": "CEPAFRPP382"
        },
        "payment_reference": "INV/2026/04/0003",
        "company": {
            "name": "SCIC UdN",
            "siret": "85214736200010",
            "vat": "FR17852147362",
            "address": {
                "line1": "12 rue de la République",
                "city": "Crest",
                "postcode": "26400",
                "country": "FR"
            },
            "email": "gestion@universite-du-nous.org",
            "ref_mode": "service_code"
        },
        "invoice_date": "2026-04-02",
        "invoice_date_due": "2026-05-02",
        "currency": "EUR",
        "lines": (0..lines).map(line).collect::<Vec<_>>()
    })
}

/// The same invoice under the French reform (issue 14): the company turned the reform
/// on, the customer is a French company (B2B, e-mail, not Chorus Pro), the lines are
/// services; the form then runs EN 16931 and the BR-FR rules and writes `fr-ctc`.
pub fn reform_form_json(lines: usize) -> Value {
    let mut v = form_json(lines);
    let company = json!({
        "id": 70,
        "display_name": "Les Jardins du Diois SARL",
        "name": "Les Jardins du Diois SARL",
        "is_company": true,
        "siret": "42386512900027",
        "vat": "FR55423865129",
        "address": {
            "line1": "5 avenue Victor Hugo",
            "city": "Valence",
            "postcode": "26000",
            "country": "FR"
        }
    });
    v["partner"] = company.clone();
    v["commercial_partner"] = json!({
        "id": 70,
        "name": company["name"],
        "siret": company["siret"],
        "vat": company["vat"],
        "address": company["address"]
    });
    v["transmit_method_code"] = json!("email");
    v["company"]["reform_2026"] = json!(true);
    v["company"]["legal_notes"] = json!([
        {"subject_code": "PMT", "content": "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €."},
        {"subject_code": "PMD", "content": "Pénalités de retard : trois fois le taux d'intérêt légal."},
        {"subject_code": "AAB", "content": "Pas d'escompte pour paiement anticipé."}
    ]);
    for line in v["lines"].as_array_mut().into_iter().flatten() {
        line["product_type"] = json!("service");
    }
    v
}

/// The form state, typed.
pub fn form_state(lines: usize) -> FormState {
    serde_json::from_value(form_json(lines)).unwrap_or_default()
}

/// The invoice the form maps to (declared amounts absent, as from the form).
pub fn invoice(lines: usize) -> Invoice {
    form::to_invoice(&form_state(lines))
}

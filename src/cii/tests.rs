//! Writer and reader together: the golden file, round trips, third-party files.

use super::{read, write};
use crate::model::{Invoice, Profile};

const GOLDEN: &str = include_str!("../../tests/fixtures/cii/golden-en16931.xml");
const MINIMUM: &str = include_str!("../../tests/fixtures/cii/third-party-minimum.xml");
const EXTENDED: &str = include_str!("../../tests/fixtures/cii/third-party-extended.xml");

fn invoice(json: &str) -> Invoice {
    match serde_json::from_str(json) {
        Ok(i) => i,
        Err(e) => panic!("test invoice JSON: {e}"),
    }
}

/// The guide's invoice: SCIC UdN bills Aix Marseille Université (service 04AMIDEX).
/// The seller's identifiers and address are made up (valid checksums).
fn guide_invoice() -> Invoice {
    invoice(
        r#"{
        "business_process": "A1",
        "number": "INV/2026/04/0003",
        "type_code": "380",
        "issue_date": "2026-04-02",
        "due_date": "2026-04-02",
        "currency": "EUR",
        "buyer_reference": "04AMIDEX",
        "seller": {
            "name": "SCIC UdN",
            "legal_id": "81234567600017", "legal_id_scheme": "0002",
            "vat_id": "FR19812345676",
            "address": {"line1": "12 rue de la République", "postcode": "13001", "city": "Marseille", "country": "FR"}
        },
        "buyer": {
            "name": "Aix Marseille Université",
            "legal_id": "13001533200013", "legal_id_scheme": "0002",
            "vat_id": "FR84130015332",
            "address": {"line1": "58 BOULEVARD CHARLES LIVON", "postcode": "13285", "city": "Marseille cedex 07", "country": "FR"}
        },
        "payment": {"code": "30", "remittance_information": "INV/2026/04/0003", "iban": "FR7613825002000801328023592"},
        "lines": [
            {"id": "1", "name": "Prestation de service", "quantity": "1", "unit_code": "C62",
             "net_price": "2600.00", "vat_category": "S", "vat_rate": "20"}
        ]
    }"#,
    )
}

const PARTIES: &str = r#"
    "seller": {"name": "Vendeur", "legal_id": "81234567600017", "legal_id_scheme": "0002", "vat_id": "FR19812345676",
               "address": {"line1": "1 rue A", "postcode": "13001", "city": "Marseille", "country": "FR"}},
    "buyer": {"name": "Acheteur", "legal_id": "13001533200013", "legal_id_scheme": "0002", "vat_id": "FR84130015332",
              "address": {"line1": "2 rue B", "postcode": "13285", "city": "Marseille", "country": "FR"}}"#;

/// With the parties, and a due date when the body has none (BR-CO-25).
fn with_parties(body: &str) -> Invoice {
    let due = if body.contains("due_date") {
        ""
    } else {
        r#""due_date": "2026-06-30","#
    };
    invoice(&format!("{{{due} {body}, {PARTIES}}}"))
}

/// The invoices the round trips run on, named for what each exercises.
fn varied() -> Vec<(&'static str, Invoice)> {
    vec![
        ("guide", guide_invoice()),
        (
            "credit note with BG-3",
            with_parties(
                r#""number": "AV/2026/0001", "type_code": "381", "issue_date": "2026-05-10",
                "buyer_reference": "SERV01", "preceding_invoices": [{"number": "INV/2026/04/0003", "issue_date": "2026-04-02"}, {"number": "INV/2026/04/0004"}],
                "lines": [{"id": "1", "name": "Avoir", "quantity": "1", "net_price": "100.00", "vat_category": "S", "vat_rate": "20"}]"#,
            ),
        ),
        (
            "mixed rates",
            with_parties(
                r#""number": "F-2", "issue_date": "2026-04-02", "payment": {"code": "58", "iban": "FR7613825002000801328023592", "bic": "CEPAFRPP382", "account_name": "SCIC UdN"},
                "lines": [
                  {"id": "1", "name": "A", "quantity": "3", "net_price": "19.99", "vat_category": "S", "vat_rate": "20"},
                  {"id": "2", "name": "B", "quantity": "2.5", "unit_code": "HUR", "net_price": "40", "vat_category": "S", "vat_rate": "10"},
                  {"id": "3", "name": "C", "quantity": "7", "unit_code": "KGM", "net_price": "3.333", "vat_category": "S", "vat_rate": "5.5"},
                  {"id": "4", "name": "D", "quantity": "1", "net_price": "12.00", "vat_category": "S", "vat_rate": "2.1"}
                ]"#,
            ),
        ),
        (
            "franchise en base (E)",
            with_parties(
                r#""number": "F-3", "issue_date": "2026-04-02", "notes": ["TVA non applicable, art. 293 B du CGI"],
                "lines": [{"id": "1", "name": "Formation", "quantity": "2", "net_price": "450.00", "vat_category": "E", "vat_rate": "0"}],
                "vat_breakdown": [{"category": "E", "rate": "0", "exemption_reason": "TVA non applicable, art. 293 B du CGI", "exemption_reason_code": "VATEX-FR-FRANCHISE"}]"#,
            ),
        ),
        (
            "reverse charge (AE)",
            with_parties(
                r#""number": "F-4", "issue_date": "2026-04-02",
                "lines": [{"id": "1", "name": "Travaux", "quantity": "1", "net_price": "5000.00", "vat_category": "AE", "vat_rate": "0"}],
                "vat_breakdown": [{"category": "AE", "rate": "0", "exemption_reason": "Autoliquidation", "exemption_reason_code": "VATEX-EU-AE"}]"#,
            ),
        ),
        (
            "line allowance, charge and gross price",
            with_parties(
                r#""number": "F-5", "issue_date": "2026-04-02",
                "lines": [{"id": "1", "name": "Papier", "description": "Ramettes A4", "seller_item_id": "PAP-A4", "note": "Livré le 1er",
                           "quantity": "10", "unit_code": "C62", "gross_price": "5.00", "net_price": "4.50", "price_base_quantity": "1",
                           "allowances": [{"amount": "2.00", "reason": "Remise fidélité", "reason_code": "95", "percentage": "4", "base_amount": "50.00"}],
                           "charges": [{"amount": "1.50", "reason": "Emballage", "reason_code": "ABL"}],
                           "vat_category": "S", "vat_rate": "20"}]"#,
            ),
        ),
        (
            "document allowance, charge, prepaid and rounding",
            with_parties(
                r#""number": "F-6", "issue_date": "2026-04-02", "due_date": "2026-05-02", "payment_terms": "30 jours fin de mois",
                "prepaid_amount": "100.00", "rounding_amount": "0.01",
                "allowances": [{"amount": "10.00", "base_amount": "200.00", "percentage": "5", "vat_category": "S", "vat_rate": "20", "reason": "Remise", "reason_code": "95"}],
                "charges": [{"amount": "15.00", "vat_category": "S", "vat_rate": "20", "reason": "Port", "reason_code": "FC"}],
                "lines": [{"id": "1", "name": "X", "quantity": "4", "net_price": "50", "vat_category": "S", "vat_rate": "20"}]"#,
            ),
        ),
        (
            "markup, accents, emoji and empty strings",
            invoice(
                r#"{"number": "F&7<>", "issue_date": "2026-04-02", "business_process": "A1",
                "notes": ["Ligne 1\nLigne 2\r\nTab\there", "« guillemets » 'apostrophes' \"doubles\" & <balises> 🎉", ""],
                "buyer_reference": "", "contract_reference": "Marché n° 2026-12 « Ménage »", "purchase_order_reference": "EJ&1",
                "delivery_date": "2026-03-31", "payment_terms": "À réception & sans escompte",
                "seller": {"name": "Dupont & Fils <SARL> \"L'Éclair\" ✨", "trading_name": "L'Éclair",
                           "legal_id": "81234567600017", "legal_id_scheme": "0002", "vat_id": "FR19812345676",
                           "electronic_address": {"scheme": "EM", "value": "factu&re@example.fr"},
                           "contact": {"name": "Zoé Œuvre", "phone": "+33 4 00 00 00 00", "email": "zoe@example.fr"},
                           "address": {"line1": "1 rue d'Uzès", "line2": "Bât. B", "line3": "", "postcode": "13001", "city": "Marseille", "subdivision": "Provence", "country": "FR"}},
                "buyer": {"name": "Université d'Aix-Marseille", "legal_id": "13001533200013",
                          "electronic_address": {"scheme": "0225", "value": "13001533200013"},
                          "contact": {"email": "compta@univ-amu.fr"},
                          "address": {"country": "FR"}},
                "payment": {"code": "30", "text": "Virement « SEPA »", "remittance_information": "", "iban": "FR7613825002000801328023592"},
                "lines": [{"id": "A&B", "name": "Café ☕ <spécial>", "quantity": "1.000", "net_price": "3.10", "vat_category": "S", "vat_rate": "20.00"}]}"#,
            ),
        ),
    ]
}

fn round_trip(name: &str, x: &Invoice) {
    let completed = x.completed();
    let xml = match write(&completed, x.profile) {
        Ok(xml) => xml,
        Err(e) => panic!("{name}: write failed: {}", e.message_fr),
    };
    let back = match read(&xml) {
        Ok(i) => i.without_file_facts(),
        Err(e) => panic!("{name}: read failed: {}\n{xml}", e.message_fr),
    };
    assert_eq!(back, completed, "{name}: read(write(x)) differs\n{xml}");
}

#[test]
fn golden_en16931_is_byte_for_byte() {
    let xml = crate::api::xml(&guide_invoice(), None).unwrap();
    if xml != GOLDEN {
        println!("{xml}");
    }
    assert!(
        xml == GOLDEN,
        "the writer's output differs from tests/fixtures/cii/golden-en16931.xml"
    );
}

#[test]
fn golden_reads_back_as_the_completed_invoice() {
    assert_eq!(
        read(GOLDEN).unwrap().without_file_facts(),
        guide_invoice().completed()
    );
}

#[test]
fn golden_carries_chorus_essentials() {
    for needle in [
        "<ram:ID>urn:cen.eu:en16931:2017</ram:ID>",
        "<ram:BuyerReference>04AMIDEX</ram:BuyerReference>",
        "<ram:ID schemeID=\"0002\">13001533200013</ram:ID>",
        "<ram:TypeCode>30</ram:TypeCode>",
        "<ram:IBANID>FR7613825002000801328023592</ram:IBANID>",
        "<ram:TaxTotalAmount currencyID=\"EUR\">520.00</ram:TaxTotalAmount>",
        "<ram:GrandTotalAmount>3120.00</ram:GrandTotalAmount>",
        "<udt:DateTimeString format=\"102\">20260402</udt:DateTimeString>",
    ] {
        assert!(GOLDEN.contains(needle), "golden lacks {needle}");
    }
}

#[test]
fn same_input_same_bytes() {
    for (name, x) in varied() {
        let a = write(&x.completed(), x.profile).unwrap();
        let b = write(&x.clone().completed(), x.profile).unwrap();
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn varied_invoices_round_trip() {
    for (name, x) in varied() {
        round_trip(name, &x);
    }
}

#[test]
fn profile_round_trips_for_basic_and_extended() {
    for profile in [Profile::Basic, Profile::Extended, Profile::En16931] {
        for (name, mut x) in varied() {
            x.profile = profile;
            if profile == Profile::Basic {
                // What BASIC has no room for (BG-6, BT-82/85/86, BT-114, BT-137/138,
                // BT-142/143, BT-154/155).
                for p in [&mut x.seller, &mut x.buyer] {
                    p.contact = None;
                }
                if let Some(pm) = &mut x.payment {
                    pm.text = None;
                    pm.account_name = None;
                    pm.bic = None;
                }
                x.rounding_amount = None;
                for l in &mut x.lines {
                    l.description = None;
                    l.seller_item_id = None;
                    for a in l.allowances.iter_mut().chain(l.charges.iter_mut()) {
                        a.percentage = None;
                        a.base_amount = None;
                    }
                }
            }
            round_trip(name, &x);
        }
    }
}

#[test]
fn basic_drops_what_its_xsd_lacks() {
    let (_, x) = varied().into_iter().nth(7).unwrap();
    let xml = write(&x.completed(), Profile::Basic).unwrap();
    assert!(xml.contains("urn:factur-x.eu:1p0:basic</ram:ID>"));
    assert!(xml.contains("<ram:IncludedSupplyChainTradeLineItem>"));
    assert!(!xml.contains("DefinedTradeContact") && !xml.contains("<ram:Information>"));
}

#[test]
fn minimum_and_basic_wl_have_no_lines_and_read_back_their_totals() {
    let x = guide_invoice().completed();
    for profile in [Profile::Minimum, Profile::BasicWl] {
        let xml = write(&x, profile).unwrap();
        assert!(
            !xml.contains("IncludedSupplyChainTradeLineItem"),
            "{profile:?}"
        );
        let back = read(&xml).unwrap();
        assert_eq!(back.profile, profile);
        assert!(back.lines.is_empty());
        assert_eq!(
            back.totals.as_ref().and_then(|t| t.grand_total),
            x.totals.as_ref().and_then(|t| t.grand_total)
        );
        assert_eq!(back.buyer.legal_id.as_deref(), Some("13001533200013"));
    }
    let minimum = write(&x, Profile::Minimum).unwrap();
    assert!(!minimum.contains("LineTotalAmount") && !minimum.contains("CityName"));
    assert!(minimum.contains("<ram:ApplicableHeaderTradeDelivery/>"));
}

#[test]
fn amounts_have_two_decimals_and_never_an_exponent() {
    let xml = crate::api::xml(&varied()[2].1, None).unwrap();
    assert!(
        xml.contains("<ram:LineTotalAmount>59.97</ram:LineTotalAmount>"),
        "{xml}"
    );
    assert!(
        xml.contains("<ram:LineTotalAmount>100.00</ram:LineTotalAmount>"),
        "{xml}"
    );
    assert!(xml.contains("<ram:RateApplicablePercent>5.5</ram:RateApplicablePercent>"));
    assert!(!xml.to_ascii_lowercase().contains("e+") && !xml.contains("E-"));
    assert_eq!(
        super::writer::amount("-0.001".parse().unwrap()).as_str(),
        "-0.001"
    );
    assert_eq!(
        super::writer::amount("-0.00".parse().unwrap()).as_str(),
        "0.00"
    );
    assert_eq!(
        super::writer::amount("1234567890123.5".parse().unwrap()).as_str(),
        "1234567890123.50"
    );
}

#[test]
fn gross_price_carries_its_discount() {
    let xml = crate::api::xml(&varied()[5].1, None).unwrap();
    let gross = xml
        .split("<ram:GrossPriceProductTradePrice>")
        .nth(1)
        .unwrap_or("");
    let gross = gross
        .split("</ram:GrossPriceProductTradePrice>")
        .next()
        .unwrap_or("");
    assert!(
        gross.contains("<ram:ChargeAmount>5.00</ram:ChargeAmount>"),
        "{gross}"
    );
    assert!(
        gross.contains("<udt:Indicator>false</udt:Indicator>"),
        "{gross}"
    );
    assert!(
        gross.contains("<ram:ActualAmount>0.50</ram:ActualAmount>"),
        "{gross}"
    );
}

#[test]
fn control_characters_are_refused_with_a_clear_error() {
    let mut x = guide_invoice();
    x.buyer.name = Some("Aix\u{1}Marseille".into());
    let err = crate::api::xml(&x, None).unwrap_err();
    assert!(
        err.message_fr.contains("U+0001") && err.message_fr.contains("ram:Name"),
        "{}",
        err.message_fr
    );
}

#[test]
fn reads_a_third_party_minimum_file() {
    let x = read(MINIMUM).unwrap();
    assert_eq!(x.profile, Profile::Minimum);
    assert_eq!(x.number.as_deref(), Some("MIN-0001"));
    assert_eq!(x.type_code, "380");
    assert_eq!(x.seller.name.as_deref(), Some("Fournisseur SA"));
    assert_eq!(x.buyer.legal_id.as_deref(), Some("13001533200013"));
    assert_eq!(x.purchase_order_reference.as_deref(), Some("EJ-1234567890"));
    let t = x.totals.unwrap();
    assert_eq!(
        t.grand_total.map(|d| d.to_string()).as_deref(),
        Some("120.00")
    );
    assert_eq!(t.line_total, None);
    assert!(x.lines.is_empty());
}

#[test]
fn reads_an_extended_file_with_other_prefixes_and_extra_elements() {
    let x = read(EXTENDED).unwrap();
    assert_eq!(x.profile, Profile::Extended);
    assert_eq!(x.number.as_deref(), Some("EXT-42"));
    assert_eq!(
        x.issue_date.map(|d| d.to_string()).as_deref(),
        Some("2026-01-15")
    );
    assert_eq!(
        x.seller.vat_id.as_deref(),
        Some("DE123456789"),
        "the FC registration is not BT-31"
    );
    assert_eq!(
        x.lines.len(),
        2,
        "the GROUP subtotal line is not an invoice line"
    );
    assert_eq!(x.lines[1].id, "2");
    assert_eq!(x.lines[1].unit_code, "HUR");
    assert_eq!(x.lines[1].allowances.len(), 1);
    assert_eq!(
        x.lines[0].gross_price.map(|d| d.to_string()).as_deref(),
        Some("12.00")
    );
    assert_eq!(x.charges.len(), 1);
    // A note with a subject code (BT-21) keeps it.
    assert!(x.notes.is_empty());
    assert_eq!(
        x.subject_notes,
        vec![crate::model::SubjectNote {
            subject_code: "REG".into(),
            content: "Note d'en-tête & co".into(),
        }]
    );
    let t = x.totals.unwrap();
    assert_eq!(
        t.tax_total.map(|d| d.to_string()).as_deref(),
        Some("22.80"),
        "BT-110 in the invoice currency"
    );
    assert_eq!(
        x.due_date.map(|d| d.to_string()).as_deref(),
        Some("2026-02-14")
    );
}

#[test]
fn non_cii_xml_is_refused_naming_the_root() {
    let err = read(r#"<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>"#)
        .unwrap_err();
    assert!(
        err.message_fr
            .starts_with("ce n'est pas une facture CII : élément racine <Invoice>"),
        "{}",
        err.message_fr
    );
    assert!(read("pas du XML").is_err());
}

#[test]
fn doctype_is_refused() {
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE rsm:CrossIndustryInvoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&xxe;</rsm:CrossIndustryInvoice>"#;
    let err = read(xxe).unwrap_err();
    assert!(err.message_fr.contains("DOCTYPE"), "{}", err.message_fr);
}

#[test]
fn unreadable_amounts_name_the_element_and_offset() {
    let bad = GOLDEN.replace(
        "<ram:GrandTotalAmount>3120.00<",
        "<ram:GrandTotalAmount>3 120,00<",
    );
    let err = read(&bad).unwrap_err();
    assert!(
        err.message_fr.contains("GrandTotalAmount") && err.message_fr.contains("octet"),
        "{}",
        err.message_fr
    );
}

#[test]
fn basic_refuses_a_rounding_amount_it_could_not_carry() {
    let x = varied().into_iter().nth(6).unwrap().1.completed();
    let err = write(&x, Profile::Basic).unwrap_err();
    assert!(err.message_fr.contains("BT-114"), "{}", err.message_fr);
    assert!(write(&x, Profile::En16931).is_ok());
    let mut no_rounding = x;
    no_rounding.rounding_amount = None;
    assert!(write(&no_rounding.completed(), Profile::Basic).is_ok());
}

#[test]
fn a_byte_order_mark_does_not_stop_the_reader() {
    let with_bom = format!("\u{FEFF}{GOLDEN}");
    assert_eq!(
        read(&with_bom).unwrap().number.as_deref(),
        Some("INV/2026/04/0003")
    );
}

#[test]
fn an_extended_line_without_quantity_or_price_reads_as_zero() {
    let xml = GOLDEN
        .replace(
            "<ram:BilledQuantity unitCode=\"C62\">1</ram:BilledQuantity>",
            "",
        )
        .replace("<ram:ChargeAmount>2600.00</ram:ChargeAmount>", "");
    let x = read(&xml).unwrap();
    assert!(x.lines[0].quantity.is_zero() && x.lines[0].net_price.is_zero());
    assert_eq!(x.lines[0].unit_code, "");
}

#[test]
fn other_producers_guideline_ids_map_to_the_nearest_profile() {
    let cases = [
        ("urn:factur-x.eu:1p0:basicwl", Profile::BasicWl),
        ("urn:zugferd.de:2p0:minimum", Profile::Minimum),
        (
            "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic",
            Profile::Basic,
        ),
        (
            "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p1:extended",
            Profile::Extended,
        ),
        (
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
            Profile::En16931,
        ),
        (" urn:cen.eu:en16931:2017 ", Profile::En16931),
    ];
    for (id, profile) in cases {
        let xml = GOLDEN.replace(
            "<ram:ID>urn:cen.eu:en16931:2017</ram:ID>",
            &format!("<ram:ID>{id}</ram:ID>"),
        );
        assert_eq!(read(&xml).unwrap().profile, profile, "{id}");
    }
}

#[test]
fn a_thousand_lines_round_trip() {
    let mut x = guide_invoice();
    let template = x.lines[0].clone();
    x.lines = (1..=1000)
        .map(|i| {
            let mut l = template.clone();
            l.id = i.to_string();
            l
        })
        .collect();
    round_trip("1000 lines", &x);
    let grand = x.completed().totals.and_then(|t| t.grand_total);
    assert_eq!(grand.map(|d| d.to_string()).as_deref(), Some("3120000.00"));
}

/// BT-29, BT-32, BG-11 (BT-62/63), BT-80 and BG-14 are written where the XSD puts
/// them and read back.
#[test]
fn identifiers_tax_representative_deliver_to_and_period_round_trip() {
    let (name, mut x) = varied().into_iter().next().unwrap();
    x.seller.id = Some("SELLER-42".into());
    x.seller.tax_registration_id = Some("FR-FISCAL-1".into());
    x.tax_representative = Some(crate::model::Party {
        name: Some("Représentant fiscal SA".into()),
        vat_id: Some("FR12345678901".into()),
        address: crate::model::Address {
            country: Some("FR".into()),
            ..Default::default()
        },
        ..Default::default()
    });
    x.delivery_country = Some("DE".into());
    x.invoicing_period = Some(crate::model::Period {
        start: crate::model::Date::new(2026, 10, 1).ok(),
        end: crate::model::Date::new(2026, 10, 31).ok(),
    });
    round_trip(name, &x);
    let xml = write(&x.completed(), Profile::En16931).unwrap();
    for needle in [
        "<ram:SellerTaxRepresentativeTradeParty>",
        r#"<ram:ID schemeID="FC">FR-FISCAL-1</ram:ID>"#,
        "<ram:ShipToTradeParty>",
        "<ram:BillingSpecifiedPeriod>",
    ] {
        assert!(xml.contains(needle), "{needle}");
    }
}

/// Read from a file, the declared figures are facts: a file without BG-23 or with
/// an entry lacking its amounts is reported under the official ids, not completed.
#[test]
fn a_file_without_its_breakdown_or_totals_is_reported_not_completed() {
    let (_, x) = varied().into_iter().next().unwrap();
    let xml = write(&x.completed(), Profile::En16931).unwrap();
    let ids = |xml: &str| -> Vec<String> {
        let inv = read(xml).unwrap();
        crate::rules::check_invoice(
            &inv,
            &crate::rules::CheckOptions {
                chorus: false,
                fr_ctc: false,
            },
        )
        .into_iter()
        .map(|d| d.rule)
        .collect()
    };
    assert_eq!(ids(&xml), Vec::<String>::new(), "the written file is clean");
    let start = xml.find("<ram:ApplicableTradeTax>\n").unwrap();
    let header = xml.find("<ram:ApplicableHeaderTradeSettlement>").unwrap();
    // The header's breakdown entries (after the lines' own ApplicableTradeTax).
    let entry_start = xml[header..].find("<ram:ApplicableTradeTax>").unwrap() + header;
    let entry_end = xml[entry_start..]
        .find("</ram:ApplicableTradeTax>")
        .unwrap()
        + entry_start
        + "</ram:ApplicableTradeTax>".len();
    assert!(start < header);
    let entry = &xml[entry_start..entry_end];
    let no_breakdown = xml.replace(entry, "");
    let found = ids(&no_breakdown);
    assert!(found.contains(&"BR-CO-18".to_string()), "{found:?}");
    let no_basis = xml.replacen(
        &entry[entry.find("<ram:BasisAmount>").unwrap()
            ..entry.find("</ram:BasisAmount>").unwrap() + 17],
        "",
        1,
    );
    let found = ids(&no_basis);
    assert!(found.contains(&"BR-45".to_string()), "{found:?}");
    let no_line_net = xml
        .replacen("<ram:LineTotalAmount>", "<ram:Other>", 1)
        .replacen("</ram:LineTotalAmount>", "</ram:Other>", 1);
    let found = ids(&no_line_net);
    assert!(found.contains(&"BR-24".to_string()), "{found:?}");
}

/// What a file says beyond the model (`FileFacts`): read where it stands, noted, and
/// nothing else of the invoice changed.
#[test]
fn the_reader_notes_what_the_model_does_not_hold() {
    let xml = write(&guide_invoice().completed(), Profile::En16931).unwrap();
    let plain = read(&xml).unwrap();
    let facts = plain.file.as_deref().unwrap();
    assert!(!facts.payee_without_name && !facts.tax_point_date_and_code);
    assert!(!facts.delivery_address && facts.tax_currency.is_none());
    assert_eq!(facts.references_without_id, 0);
    assert!(facts.lines.iter().all(|l| l.period.is_none()));

    let settlement = "<ram:ApplicableHeaderTradeSettlement>";
    let added = format!(
        "{settlement}<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>\
         <ram:PayeeTradeParty><ram:ID>P1</ram:ID></ram:PayeeTradeParty>"
    );
    let tax_point = "<ram:TaxPointDate><udt:DateString format=\"102\">20260401</udt:DateString></ram:TaxPointDate>\
                     <ram:DueDateTypeCode>5</ram:DueDateTypeCode><ram:RateApplicablePercent>";
    // On a line's tax they are no BT-7/BT-8 (the first rate written is a line's).
    let on_line = xml.replacen("<ram:RateApplicablePercent>", tax_point, 1);
    assert!(
        !read(&on_line)
            .unwrap()
            .file
            .unwrap()
            .tax_point_date_and_code
    );
    let header = xml.find(settlement).unwrap();
    let (lines, rest) = xml.split_at(header);
    let xml = format!(
        "{lines}{}",
        rest.replacen(settlement, &added, 1)
            .replacen("<ram:RateApplicablePercent>", tax_point, 1)
    )
    .replacen(
        "<ram:SpecifiedLineTradeSettlement>",
        "<ram:SpecifiedLineTradeSettlement><ram:BillingSpecifiedPeriod/>",
        1,
    )
    .replacen(
        "</ram:ApplicableHeaderTradeAgreement>",
        "<ram:AdditionalReferencedDocument><ram:TypeCode>916</ram:TypeCode></ram:AdditionalReferencedDocument></ram:ApplicableHeaderTradeAgreement>",
        1,
    );
    let read_back = read(&xml).unwrap();
    let facts = read_back.file.as_deref().unwrap();
    assert!(facts.payee_without_name);
    assert_eq!(facts.tax_currency.as_deref(), Some("USD"));
    assert!(facts.tax_point_date_and_code);
    assert_eq!(facts.references_without_id, 1);
    assert_eq!(facts.lines[0].period, Some(crate::model::Period::default()));
    assert!(facts.country_ids.iter().any(|c| c == "FR"));
    assert_eq!(read_back.without_file_facts(), plain.without_file_facts());
}

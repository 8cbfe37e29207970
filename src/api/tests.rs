//! The pipeline and the JSON operations, natively.

use super::*;
use crate::input::parse_json;

/// The seed examples (`examples/seed/*.json`): path and text.
fn seed_examples() -> Vec<(std::path::PathBuf, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed");
    let examples: Vec<_> = std::fs::read_dir(dir)
        .expect("examples/seed")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("readable example");
            (path, text)
        })
        .collect();
    assert!(examples.len() >= 7, "the seed examples are there");
    examples
}

/// The keystroke path gives what its two calls give: the same diagnostics (a stale
/// file, a parent company, a missing service code...) and the same XML.
#[test]
fn check_and_xml_agrees_with_check_then_xml() {
    for (path, text) in seed_examples() {
        let input = parse_json(&text).expect("example parses");
        let both = check_and_xml(&input, None);
        assert_eq!(both.diagnostics, check(&input), "{}", path.display());
        assert_eq!(
            both.xml.ok(),
            xml(&invoice_of(&input), None).ok(),
            "{}",
            path.display()
        );
    }
}

/// The owned path writes what the borrowed one writes, in every profile.
#[test]
fn xml_of_agrees_with_xml_of_invoice_of() {
    for (path, text) in seed_examples() {
        for profile in [None, Some(Profile::Basic), Some(Profile::Minimum)] {
            let input = parse_json(&text).expect("example parses");
            let borrowed = xml(&invoice_of(&input), profile);
            assert_eq!(
                xml_of(input, profile).map_err(|e| e.message_en),
                borrowed.map_err(|e| e.message_en),
                "{}",
                path.display()
            );
        }
    }
}

/// A confirmed invoice going to Chorus Pro, with the fingerprint of the file sent.
fn sent_form(last_sent: Option<String>) -> Input {
    let mut form: crate::form::FormState = serde_json::from_str(
        r#"{"move_type":"out_invoice","state":"posted","name":"INV/2026/04/0003",
            "transmit_method_code":"fr-chorus","invoice_date":"2026-04-02",
            "company":{"name":"SCIC UdN"}, "ref": "04AMIDEX",
            "lines":[{"name":"Formation","quantity":"1","price_unit":"2600.00",
                      "taxes":[{"rate":"20","category":"S"}]}]}"#,
    )
    .expect("fixture");
    form.last_sent_fingerprint = last_sent;
    Input::Form(Box::new(form))
}

fn stale_rules(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.rule == "CHORUS-STALE")
        .count()
}

/// The file sent is the one the form stands for: no notice; any change to what goes in
/// the file (here the reference): CHORUS-STALE, from `check` and from the keystroke's
/// `check_and_xml` alike, whatever profile the preview asks for.
#[test]
fn the_pipeline_says_stale_exactly_when_the_file_changed() {
    let xml_sent = xml_of(sent_form(None), None).expect("xml");
    let same = sent_form(Some(fingerprint(&xml_sent)));
    assert_eq!(stale_rules(&check(&same)), 0);
    assert_eq!(stale_rules(&check_and_xml(&same, None).diagnostics), 0);
    let Input::Form(mut edited) = same else {
        unreachable!()
    };
    edited.reference = Some("04AMIDEY".into());
    let edited = Input::Form(edited);
    assert_eq!(stale_rules(&check(&edited)), 1);
    let both = check_and_xml(&edited, None);
    assert_eq!(stale_rules(&both.diagnostics), 1);
    assert_eq!(both.diagnostics, check(&edited));
    let basic = check_and_xml(&edited, Some(Profile::Basic));
    assert_eq!(stale_rules(&basic.diagnostics), 1);
    assert!(basic.xml.expect("xml").contains("factur-x.eu:1p0:basic"));
}

fn answer(op: &str, args: &str) -> Result<String, Error> {
    dispatch(op, args.as_bytes()).map(|a| match a {
        Answer::Text(t) | Answer::Json(t) => t,
    })
}

#[test]
fn every_host_accepts_the_same_profiles() {
    let invoice = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/seed/invoice.json"
    ))
    .expect("seed");
    for (name, expected) in PROFILES {
        assert_eq!(profile(name).ok(), Some(*expected));
        let args = format!(r#"{{"input": {invoice}, "profile": "{name}"}}"#);
        let xml = answer("xml", &args).expect("xml");
        assert!(xml.contains(expected.guideline_id()), "{name}");
    }
    let e = answer("xml", r#"{"input": {}, "profile": "gold"}"#).unwrap_err();
    assert_eq!(
        e.message_fr,
        "profil Factur-X inconnu « gold » (minimum, basicwl, basic, en16931, extended, fr-ctc)"
    );
    assert!(answer("xml", r#"{"input": {}, "profile": 3}"#)
        .unwrap_err()
        .message_fr
        .starts_with("profil Factur-X inconnu 3"));
}

#[test]
fn check_and_xml_answers_diagnostics_and_the_xml_or_its_error() {
    let form = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/seed/form-parent-company.json"
    ))
    .expect("seed");
    let text = answer("check_and_xml", &format!(r#"{{"input": {form}}}"#)).expect("answer");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert!(value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .any(|d| d["rule"] == "CHORUS-CONTACT"));
    assert!(value["xml"]
        .as_str()
        .expect("xml")
        .contains("CrossIndustryInvoice"));
    assert!(value["xml_error"].is_null());
    let mut invoice: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/seed/invoice.json"
        ))
        .expect("seed"),
    )
    .expect("json");
    invoice["lines"][0]["quantity"] = "999999999999".into();
    invoice["lines"][0]["net_price"] = "999999999999".into();
    let huge = serde_json::json!({ "input": invoice }).to_string();
    let huge = huge.as_str();
    let value: serde_json::Value =
        serde_json::from_str(&answer("check_and_xml", huge).expect("answer")).expect("json");
    assert!(value["xml"].is_null());
    assert_eq!(value["xml_error"]["kind"], "limit");
}

#[test]
fn each_operation_refuses_arguments_it_does_not_take() {
    let e = answer("read", r#"{"xml": "<x/>", "input": {}}"#).unwrap_err();
    assert_eq!(e.kind, "input");
    assert!(answer("version", "").is_ok());
    assert!(answer("fingerprint", r#"{"profile": "basic"}"#).is_err());
}

#[test]
fn explain_always_names_field_and_rule() {
    let text = answer("explain", r#"{"text": "texte sans rapport"}"#).expect("answer");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert!(value.get("field").is_some() && value.get("rule").is_some());
}

#[test]
fn content_is_detected_the_same_for_every_file() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed/");
    let invoice = std::fs::read(format!("{seed}invoice.json")).expect("seed");
    assert!(matches!(detect(&invoice, "f.json"), Ok(Input::Invoice(_))));
    let form = std::fs::read(format!("{seed}form-ok.json")).expect("seed");
    assert!(matches!(detect(&form, "f.json"), Ok(Input::Form(_))));
    let e = match detect(b"bonjour", "f.txt") {
        Err(e) => e,
        Ok(_) => panic!("text is no invoice"),
    };
    assert_eq!(
        e.message_fr,
        "f.txt : ni JSON, ni XML, ni PDF (contenu non reconnu)"
    );
    assert!(detect(b"%PDF-1.7 nothing", "f.pdf").is_err());
}

#[test]
fn base64_round_trips_and_names_the_bad_character() {
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64_encode(plain.as_bytes()), encoded);
        assert_eq!(base64_decode(encoded).expect("decodes"), plain.as_bytes());
    }
    assert_eq!(base64_decode("Zm9v\r\nYmFy").expect("decodes"), b"foobar");
    assert_eq!(
        base64_decode("JVBER*").unwrap_err().message_fr,
        "PDF en base64 invalide (caractère 5)"
    );
    assert!(base64_decode("Z").is_err());
}

/// The fingerprint the server stores at each send (Python's `hashlib.sha256(...).hexdigest()`):
/// SHA-256, lower-case hex, FIPS 180-2's vectors.
#[test]
fn fingerprint_is_sha256_in_lower_case_hex() {
    assert_eq!(
        fingerprint(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        fingerprint("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

//! The C ABI natively: what a host writes and reads.

use super::*;

use serde_json::{json, Value};

fn call(op: &str, input: &str) -> Value {
    answer_of(&respond(op.as_bytes(), input.as_bytes()))
}

/// What a host reads: text answers as `{"ok": text}`, like the JSON ones.
fn answer_of(bytes: &[u8]) -> Value {
    match bytes.split_first() {
        Some((&TEXT, text)) => json!({ "ok": std::str::from_utf8(text).unwrap() }),
        _ => serde_json::from_slice(bytes).unwrap(),
    }
}

fn seed(name: &str) -> Value {
    let path = format!("{}/examples/seed/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn check_of_the_parent_company_blocks_on_the_contact() {
    let answer = call(
        "check",
        &json!({ "input": seed("form-parent-company.json") }).to_string(),
    );
    let diagnostics = answer["ok"].as_array().unwrap();
    assert!(diagnostics
        .iter()
        .any(|d| d["rule"] == "CHORUS-CONTACT" && d["severity"] == "block"));
}

#[test]
fn xml_is_the_same_as_the_library_writes() {
    let form = seed("form-ok.json");
    let answer = call(
        "xml",
        &json!({ "input": form, "profile": null }).to_string(),
    );
    let input = crate::input::from_value(form).unwrap();
    let expected = crate::api::xml(&crate::api::invoice_of(&input), None).unwrap();
    assert_eq!(answer["ok"], Value::String(expected));
}

#[test]
fn xml_read_fingerprint_round_trip() {
    let xml = call("xml", &json!({ "input": seed("invoice.json") }).to_string())["ok"]
        .as_str()
        .unwrap()
        .to_string();
    let read = call("read", &json!({ "xml": xml }).to_string());
    assert_eq!(read["ok"]["number"], seed("invoice.json")["number"]);
    let fp = call("fingerprint", &json!({ "xml": xml }).to_string());
    assert_eq!(fp["ok"], Value::String(crate::api::fingerprint(&xml)));
}

#[test]
fn errors_are_french_first_with_a_kind() {
    let answer = call(
        "xml",
        r#"{"input": {"number": "F1", "lines": [{"quantity": 1.5}]}}"#,
    );
    assert_eq!(answer["error"]["kind"], "json");
    assert!(answer["error"]["message_fr"]
        .as_str()
        .unwrap()
        .contains("flottant"));
    let unknown = call("frobnicate", "{}");
    assert_eq!(
        unknown["error"]["message_fr"],
        "opération inconnue « frobnicate »"
    );
    let bad_profile = call("xml", r#"{"input": {}, "profile": "gold"}"#);
    assert!(bad_profile["error"]["message_fr"]
        .as_str()
        .unwrap()
        .starts_with("profil Factur-X inconnu"));
    let typo = call("read", r#"{"xlm": "<x/>"}"#);
    assert_eq!(typo["error"]["kind"], "input");
    let missing = call("read", "{}");
    assert_eq!(missing["error"]["message_fr"], "argument « xml » manquant");
}

/// What a host does: the op name then the JSON into the buffer, one call.
fn host_call(buffers: &mut Buffers, op: &str, input: &str) -> Value {
    let needed = op.len() + input.len();
    let buffer = buffers.input(needed).unwrap();
    assert!(buffer.len() >= needed);
    buffer[..op.len()].copy_from_slice(op.as_bytes());
    buffer[op.len()..needed].copy_from_slice(input.as_bytes());
    answer_of(buffers.call(op.len(), input.len()))
}

#[test]
fn a_larger_request_grows_the_buffer_and_a_smaller_one_reuses_it() {
    let mut buffers = Buffers::new();
    let small = json!({ "input": seed("invoice.json") }).to_string();
    let first = host_call(&mut buffers, "check", &small);
    assert_eq!(first, call("check", &small));
    let large = json!({ "input": seed("form-parent-company.json") }).to_string();
    assert!(large.len() > small.len());
    let xml = host_call(&mut buffers, "xml", &large);
    assert!(xml["ok"].as_str().unwrap().contains("CrossIndustryInvoice"));
    // The buffer keeps its size: a shorter request reads only its own bytes.
    let again = host_call(&mut buffers, "check", &small);
    assert_eq!(again, first);
    assert_eq!(
        host_call(&mut buffers, "version", "")["ok"],
        crate::api::version()
    );
}

#[test]
fn lengths_beyond_the_buffer_are_refused_not_read() {
    let mut buffers = Buffers::new();
    buffers.input(16).unwrap();
    let answer: Value = serde_json::from_slice(buffers.call(5, 12)).unwrap();
    assert_eq!(answer["error"]["kind"], "input");
    assert_eq!(
        answer["error"]["message_fr"],
        "appel invalide : 5 + 12 octets demandés, le tampon d'entrée en a 16"
    );
    let overflow: Value = serde_json::from_slice(buffers.call(usize::MAX, 1)).unwrap();
    assert_eq!(overflow["error"]["kind"], "input");
}

#[test]
fn a_buffer_too_large_for_memory_is_none() {
    assert!(Buffers::new().input(usize::MAX).is_none());
}

#[test]
fn version_needs_no_input() {
    assert_eq!(call("version", "")["ok"], crate::api::version());
}

#[test]
fn a_pdf_that_is_not_base64_is_refused_with_its_offset() {
    let answer = call("extract", r#"{"pdf": "JVBER*"}"#);
    assert_eq!(
        answer["error"]["message_fr"],
        "PDF en base64 invalide (caractère 5)"
    );
}

#[test]
fn pdf_then_extract_gives_the_xml_back() {
    let xml = call("xml", &json!({ "input": seed("invoice.json") }).to_string())["ok"]
        .as_str()
        .unwrap()
        .to_string();
    let sample = std::fs::read(format!(
        "{}/tests/fixtures/pdf/sample.pdf",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let pdf = call(
        "pdf",
        &json!({ "pdf": crate::api::base64_encode(&sample), "xml": xml }).to_string(),
    );
    let pdf = pdf["ok"].as_str().unwrap();
    let extracted = call("extract", &json!({ "pdf": pdf }).to_string());
    assert_eq!(extracted["ok"], Value::String(xml));
}

//! The CLI as a user runs it: exit codes, French by default, English on request,
//! clear errors for unreadable input, no half-written output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_chorus-guard"))
}

fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run chorus-guard")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chorus-guard-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

#[test]
fn seed_invoice_checks_clean() {
    let o = run(&["check", "examples/seed/invoice.json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Aucun problème"));
}

#[test]
fn parent_company_blocks_with_contact_offered() {
    let o = run(&["check", "examples/seed/form-parent-company.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("CHORUS-CONTACT"), "{out}");
    assert!(
        out.contains("Aix Marseille Université, AIX MARSEILLE UNIVERSITE"),
        "{out}"
    );
}

#[test]
fn empty_ref_gets_the_service_code_as_fix() {
    let o = run(&["check", "--json", "examples/seed/form-ref-empty.json"]);
    let diagnostics: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json output");
    let fix = diagnostics
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["rule"] == "CHORUS-SERVICE-REF")
        .map(|d| d["fix"].clone())
        .expect("CHORUS-SERVICE-REF");
    assert_eq!(fix["field"], "ref");
    assert_eq!(fix["value"], "04AMIDEX");
}

#[test]
fn english_on_request() {
    let o = run(&[
        "--lang",
        "en",
        "check",
        "examples/seed/form-parent-company.json",
    ]);
    assert!(stdout(&o).contains("BLOCK"), "{}", stdout(&o));
    let o = run(&["--lang", "en", "check", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("neither JSON, XML nor PDF"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_inputs_exit_2_with_a_message_naming_the_problem() {
    let bad_json = tmp("bad.json");
    std::fs::write(&bad_json, "{\"seller\": ").expect("write");
    let o = run(&["check", bad_json.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("JSON illisible"), "{}", stderr(&o));

    let float = tmp("float.json");
    std::fs::write(
        &float,
        r#"{"seller":{},"buyer":{},"lines":[{"id":"1","quantity":1,"net_price":0.1}]}"#,
    )
    .expect("write");
    let o = run(&["check", float.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("entre guillemets"), "{}", stderr(&o));

    let o = run(&["check", "does/not/exist.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("impossible de lire"), "{}", stderr(&o));
}

#[test]
fn xml_then_check_round_trips_and_output_is_atomic() {
    let out = tmp("factur-x.xml");
    let o = run(&[
        "xml",
        "examples/seed/invoice.json",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xml = std::fs::read_to_string(&out).expect("xml written");
    assert!(xml.contains("04AMIDEX") && xml.contains("3120.00"), "{xml}");
    let o = run(&["check", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A refused write leaves no file behind.
    let missing_dir = Path::new("no/such/dir/factur-x.xml");
    let o = run(&[
        "xml",
        "examples/seed/invoice.json",
        "-o",
        missing_dir.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing_dir.exists());
}

#[test]
fn explain_maps_the_guide_rejections() {
    let o = run(&[
        "explain",
        "Le code service doit être obligatoirement renseigné",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("ref"), "{out}");
    assert!(out.to_lowercase().contains("brouillon"), "{out}");
}

#[test]
fn out_of_range_amounts_are_refused_not_written() {
    let huge = tmp("huge.json");
    let out = tmp("huge.xml");
    std::fs::write(
        &huge,
        r#"{"seller":{"name":"S"},"buyer":{"name":"B"},
            "lines":[{"id":"1","quantity":"999999","net_price":"999999","vat_rate":"20"},
                     {"id":"2","quantity":"999999","net_price":"999999","vat_rate":"20"}]}"#,
    )
    .expect("write");
    let o = run(&[
        "xml",
        huge.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("hors limites"), "{}", stderr(&o));
    assert!(!out.exists());
}

//! Writes the bench invoices for the scripts outside Rust (browser page, wasmtime,
//! peers): for n in 1, 50, 1000, `form-n.json` (the form state), `invoice-n.json`
//! (the invoice, derived amounts filled), `factur-x-n.xml` and `factur-x-n.pdf`.
//!
//!   cargo bench --bench fixtures_dump -- <directory>
//!
//! It refuses to write an invoice that the engine blocks or cannot write: the
//! benchmarks must measure the path of a good invoice.

use std::path::PathBuf;
use std::process::ExitCode;

mod fixtures;

const BASE_PDF: &[u8] = include_bytes!("../../www/sample-invoice.pdf");

fn main() -> ExitCode {
    // cargo passes `--bench`; the directory is the first argument that is not a flag.
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench fixtures_dump -- <directory>");
        return ExitCode::FAILURE;
    };
    match dump(&PathBuf::from(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fixtures_dump: {message}");
            ExitCode::FAILURE
        }
    }
}

fn dump(dir: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let write = |name: String, bytes: &[u8]| {
        std::fs::write(dir.join(&name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    for n in fixtures::SIZES {
        let form = fixtures::form_state(n);
        if form.lines.len() != n {
            return Err(format!("the {n}-line form does not parse"));
        }
        let blocking: Vec<_> = chorus_guard::check_form(&form)
            .into_iter()
            .filter(|d| d.severity == chorus_guard::Severity::Block)
            .map(|d| d.rule)
            .collect();
        if !blocking.is_empty() {
            return Err(format!("the {n}-line form is blocked by {blocking:?}"));
        }
        let invoice = fixtures::invoice(n);
        let xml = chorus_guard::xml(&invoice, None).map_err(|e| e.message_en)?;
        let pdf = chorus_guard::pdf(BASE_PDF, &xml).map_err(|e| e.message_en)?;
        let form_json = serde_json::to_string(&fixtures::form_json(n));
        let invoice_json = serde_json::to_string(&invoice.completed());
        write(
            format!("form-{n}.json"),
            form_json.unwrap_or_default().as_bytes(),
        )?;
        write(
            format!("invoice-{n}.json"),
            invoice_json.unwrap_or_default().as_bytes(),
        )?;
        write(format!("factur-x-{n}.xml"), xml.as_bytes())?;
        write(format!("factur-x-{n}.pdf"), &pdf)?;
        println!(
            "{n:>5} lines: XML {} bytes, PDF {} bytes",
            xml.len(),
            pdf.len()
        );
    }
    // The reform's B2B form (issue 14), for the keystroke under the BR-FR rules.
    for n in fixtures::SIZES {
        let json = fixtures::reform_form_json(n);
        let form: chorus_guard::FormState =
            serde_json::from_value(json.clone()).map_err(|e| format!("reform form: {e}"))?;
        let out = chorus_guard::check_form(&form);
        let blocking: Vec<_> = out
            .iter()
            .filter(|d| d.severity == chorus_guard::Severity::Block)
            .map(|d| d.rule.as_str())
            .collect();
        if !blocking.is_empty() {
            return Err(format!(
                "the {n}-line reform form is blocked by {blocking:?}"
            ));
        }
        if out.iter().any(|d| d.rule == "CHORUS-SCOPE") {
            return Err(format!(
                "the {n}-line reform form is not judged by the reform"
            ));
        }
        write(format!("form-reform-{n}.json"), json.to_string().as_bytes())?;
    }
    Ok(())
}

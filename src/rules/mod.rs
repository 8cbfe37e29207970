//! The rules: Chorus Pro's and EN 16931's. Each rule is one function named after
//! its id, with its tests beside it. `check_form` and `check_invoice` run them all.

pub mod chorus;
pub mod diagnostic;
pub mod en16931;
pub mod facts;
pub mod fields;
pub mod fr_ctc;
pub mod ids;
mod pending;
mod rule;
pub mod stale;

pub use diagnostic::{Choice, Diagnostic, Fix, Severity};
pub use facts::Facts;

use crate::form::{reform, FormState};
use crate::model::Invoice;

/// What to check an invoice against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// The file goes to Chorus Pro: SIRETs, payment means, number length...
    pub chorus: bool,
    /// The file goes to an accredited platform of the French reform (profile
    /// `fr-ctc`): the BR-FR rules, on the invoice as written under that profile.
    pub fr_ctc: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            chorus: true,
            fr_ctc: false,
        }
    }
}

impl CheckOptions {
    /// A B2B invoice for the reform's platforms: EN 16931 and BR-FR, not Chorus Pro.
    pub fn fr_ctc() -> Self {
        CheckOptions {
            chorus: false,
            fr_ctc: true,
        }
    }
}

/// Every rule on an invoice, EN 16931 first, then Chorus Pro's file rules.
pub fn check_invoice(invoice: &Invoice, options: &CheckOptions) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let facts = Facts::new(invoice);
    for rule in en16931::RULES {
        rule(&facts, &mut out);
    }
    if options.chorus {
        for rule in chorus::INVOICE_RULES {
            rule(&facts, &mut out);
        }
    }
    if options.fr_ctc {
        // The BR-FR rules judge the file as written: they read the amounts completing
        // the invoice gives from `facts`, computed once for both rule sets.
        for rule in fr_ctc::RULES {
            rule(&facts, &mut out);
        }
    }
    fields::fill_form_fields(&mut out);
    sort(&mut out);
    out
}

/// The form rules, then every invoice rule on the invoice the form maps to; without the
/// stale-file check, which needs the form's XML (the pipeline's: `api::check`).
pub fn check_form(form: &FormState) -> Vec<Diagnostic> {
    check_form_as(form, &crate::form::to_invoice(form), None)
}

/// `check_form` given the invoice the form maps to (`form::to_invoice(form)`), mapped
/// once by the caller, and the fingerprint of that invoice's XML when the pipeline wrote
/// it for the stale-file check (`stale::applies`).
///
/// Only what goes to Chorus Pro is judged, and, when the company turned the French
/// reform on, its B2B invoices to French companies (`FormState::reform_b2b`, judged as
/// `check --profile fr-ctc` judges them); any other invoice gets at most the quiet
/// CHORUS-SCOPE note, never a block.
pub fn check_form_as(
    form: &FormState,
    invoice: &Invoice,
    current_fingerprint: Option<&str>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if !form.goes_to_chorus() {
        if form.reform_b2b() {
            return check_reform_form(form, invoice);
        }
        chorus::chorus_scope(form, &mut out);
        return out;
    }
    for rule in chorus::FORM_RULES {
        rule(form, &mut out);
    }
    stale::chorus_stale(form, current_fingerprint, &mut out);
    let facts = Facts::new(invoice);
    for rule in en16931::RULES {
        rule(&facts, &mut out);
    }
    let mut file = Vec::new();
    for rule in chorus::INVOICE_RULES {
        rule(&facts, &mut file);
    }
    file.retain(|d| !covered_by_form_rule(d, &out));
    out.extend(file);
    fields::fill_form_fields(&mut out);
    dedupe(&mut out);
    pending::mark_pending(form, &mut out);
    sort(&mut out);
    out
}

/// The Odoo field of the invoice's billing framework (BT-23) under the reform.
pub const BILLING_FRAMEWORK_FIELD: &str = "chorus_guard_billing_framework";

/// A B2B invoice under the company's reform setting: EN 16931 and BR-FR, as the
/// `fr-ctc` profile judges the file, with the same « à compléter » as a Chorus invoice.
fn check_reform_form(form: &FormState, invoice: &Invoice) -> Vec<Diagnostic> {
    let mut out = check_invoice(invoice, &CheckOptions::fr_ctc());
    for d in out.iter_mut() {
        if let Some(field) = reform_field(&d.rule) {
            d.field = Some(field.to_string());
        }
    }
    dedupe(&mut out);
    pending::mark_pending(form, &mut out);
    for d in out.iter_mut().filter(|d| d.rule == "BR-FR-08") {
        // No framework chosen and no line says goods or services yet: to fill in.
        d.pending = reform::billing_framework(form).is_none();
    }
    sort(&mut out);
    out
}

/// Where the accountant fixes a BR-FR problem that the business term alone would put
/// elsewhere: the legal notes are the company's (not the invoice's terms, BT-22), the
/// framework is the invoice's field or its lines' products.
fn reform_field(rule: &str) -> Option<&'static str> {
    match rule {
        "BR-FR-05" | "BR-FR-06" => Some("company_id"),
        "BR-FR-08" => Some(BILLING_FRAMEWORK_FIELD),
        _ => None,
    }
}

/// File rules whose problem a form rule already names in the form's own terms
/// (the engagement field, the payment mode), so the accountant reads it once.
const COVERED_BY: &[(&str, &str)] = &[
    ("CHORUS-PAYMENT-MEANS", "CHORUS-PAYMENT-MODE"),
    ("CHORUS-ENGAGEMENT", "CHORUS-ENGAGEMENT"),
];

fn covered_by_form_rule(file: &Diagnostic, form: &[Diagnostic]) -> bool {
    COVERED_BY
        .iter()
        .any(|(rule, by)| file.rule == *rule && form.iter().any(|d| d.rule == *by))
}

/// The same rule on the same field says one thing once (a form rule and its
/// invoice twin may both see a missing SIRET).
fn dedupe(out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(String, Option<String>, String)> = Vec::new();
    out.retain(|d| {
        let key = (d.rule.clone(), d.field.clone(), d.message_en.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}

/// Blocks first, then warnings, then information; stable otherwise.
fn sort(out: &mut [Diagnostic]) {
    out.sort_by_key(|d| d.severity.rank());
}

/// True when a diagnostic forbids Confirm and Send.
pub fn blocks(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Block)
}

//! BR-FR-01..08, 20, 31: the document itself — numbers, dates, type code, the
//! mandatory notes and the billing framework (BT-23).

use super::support::{block, notes_with, trim_xml, valid_date, valid_id_format};
use crate::model::fr_ctc;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// BT-1 and every BT-25, with their term.
fn identifiers<'a>(inv: &'a Facts) -> impl Iterator<Item = (&'static str, &'a str)> + 'a {
    inv.number.iter().map(|n| ("BT-1", n.as_str())).chain(
        inv.preceding_invoices
            .iter()
            .map(|p| ("BT-25", p.number.as_str())),
    )
}

pub fn br_fr_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (bt, id) in identifiers(inv) {
        if id.chars().count() > 35 {
            out.push(block(
                "BR-FR-01",
                bt,
                format!("BR-FR-01/{bt} : L'identifiant de facture (ram:ID) ne doit pas dépasser 35 caractères. Valeur actuelle : « {id} ». Veuillez vérifier que l'identifiant respecte cette limite."),
                format!("BR-FR-01/{bt}: the invoice identifier must not exceed 35 characters. Current value: « {id} »."),
            ));
        }
    }
}

pub fn br_fr_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (bt, id) in identifiers(inv) {
        if !valid_id_format(id) {
            out.push(block(
                "BR-FR-02",
                bt,
                format!("BR-FR-02/{bt} : L'identifiant de facture (ram:ID) contient des caractères non autorisés. Valeur actuelle : « {id} ». Seuls les caractères alphanumériques et les symboles + - _ / sont autorisés, sans espaces."),
                format!("BR-FR-02/{bt}: the invoice identifier holds characters that are not allowed. Current value: « {id} ». Only letters, digits and + - _ / are allowed, without spaces."),
            ));
        }
    }
}

pub fn br_fr_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let dates = [
        ("BT-2", "La date d'émission", "issue date", inv.issue_date),
        ("BT-9", "La date d'échéance", "due date", inv.due_date),
        (
            "BT-72",
            "La date de livraison effective",
            "actual delivery date",
            inv.delivery_date,
        ),
    ]
    .into_iter()
    .chain(inv.invoicing_period.iter().flat_map(|p| {
        [
            (
                "BT-73",
                "La date de début de période",
                "invoicing period start date",
                p.start,
            ),
            (
                "BT-74",
                "La date de fin de période",
                "invoicing period end date",
                p.end,
            ),
        ]
    }))
    .chain(inv.preceding_invoices.iter().map(|p| {
        (
            "BT-26",
            "La date d'émission de la facture référencée",
            "preceding invoice issue date",
            p.issue_date,
        )
    }));
    for (bt, fr, en, date) in dates {
        let Some(date) = date else { continue };
        if !valid_date(date) {
            let shown = date.to_102();
            out.push(block(
                "BR-FR-03",
                bt,
                format!("BR-FR-03/{bt} : {fr} doit contenir une année comprise entre 2000 et 2099, au format AAAAMMJJ. Valeur actuelle : « {shown} »."),
                format!("BR-FR-03/{bt}: the {en} must be in the years 2000 to 2099 (YYYYMMDD). Current value: « {shown} »."),
            ));
        }
    }
}

/// BT-3 codes the reform allows.
const DOCUMENT_TYPES: &[&str] = &[
    "380", "389", "393", "501", "386", "500", "384", "471", "472", "473", "261", "262", "381",
    "396", "502", "503",
];

pub fn br_fr_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let code = inv.type_code.as_str();
    if !DOCUMENT_TYPES.contains(&code) {
        out.push(block(
            "BR-FR-04",
            "BT-3",
            format!("BR-FR-04/BT-3 : Le code type de document (ram:TypeCode) n'est pas autorisé. Valeurs acceptées : 380, 389, 393, 501, 386, 500, 384, 471, 472, 473, 261, 262, 381, 396, 502, 503. Valeur actuelle : « {code} »."),
            format!("BR-FR-04/BT-3: the document type code is not allowed (accepted: 380, 389, 393, 501, 386, 500, 384, 471, 472, 473, 261, 262, 381, 396, 502, 503). Current value: « {code} »."),
        ));
    }
}

/// The mandatory legal notes: subject code, French and English wording.
const MANDATORY_NOTES: &[(&str, &str, &str)] = &[
    (
        "PMT",
        "relative aux frais de recouvrement",
        "on the recovery fee",
    ),
    (
        "PMD",
        "relative aux pénalités de retard",
        "on late payment penalties",
    ),
    (
        "AAB",
        "relative à l'escompte ou à son absence",
        "on the early payment discount or its absence",
    ),
];

pub fn br_fr_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (code, fr, en) in MANDATORY_NOTES {
        if notes_with(inv, code).next().is_none() {
            out.push(block(
                "BR-FR-05",
                "BT-22",
                format!("BR-FR-05/BT-22 : La mention {fr} (code {code}) est absente. Elle est obligatoire dans les notes (BG-1) : ajoutez-la aux mentions légales de la société."),
                format!("BR-FR-05/BT-22: the note {en} (subject code {code}) is missing. It is mandatory in the notes (BG-1): add it to the company's legal notes."),
            ));
        }
    }
}

pub fn br_fr_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for code in ["PMT", "PMD", "AAB", "TXD"] {
        let count = notes_with(inv, code).count();
        if count > 1 {
            out.push(block(
                "BR-FR-06",
                "BT-21",
                format!("BR-FR-06/BT-21 : Le code sujet {code} ne doit apparaître qu'une seule fois dans les notes (BG-1) ; il y apparaît {count} fois."),
                format!("BR-FR-06/BT-21: the subject code {code} may appear only once in the notes (BG-1); it appears {count} times."),
            ));
        }
    }
}

/// BT-23 codes of the reform: B goods, S services, M mixed; 1 plain, 2 already
/// paid, 4 final after down payments, 7 e-reported, 8 multi-vendor, 9 double...
pub const BILLING_FRAMEWORKS: &[&str] = &[
    "B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7", "B8", "S8",
    "M8", "B9", "S9", "M9",
];

pub fn br_fr_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let code = fr_ctc::business_process(inv);
    if code.is_some_and(|c| BILLING_FRAMEWORKS.contains(&c)) {
        return;
    }
    let shown = code.unwrap_or_default();
    out.push(block(
        "BR-FR-08",
        "BT-23",
        format!("BR-FR-08/BT-23 : La valeur du mode de facturation (ram:ID) est absente ou n'est pas autorisée. Valeurs acceptées : B1, S1, M1, B2, S2, M2, S3, B4, S4, M4, S5, S6, B7, S7, B8, S8, M8, B9, S9, M9. Valeur actuelle : « {shown} ». Indiquez le cadre de facturation (B1 biens, S1 services, M1 mixte ; B2/S2/M2 déjà payée) ou la nature (article ou service) des lignes."),
        format!("BR-FR-08/BT-23: the billing framework is missing or not allowed (accepted: B1, S1, M1, B2, S2, M2, S3, B4, S4, M4, S5, S6, B7, S7, B8, S8, M8, B9, S9, M9). Current value: « {shown} ». Choose the framework (B1 goods, S1 services, M1 mixed; B2/S2/M2 already paid) or say whether the lines are goods or services."),
    ));
}

/// BT-22 values of a BAR (treatment) note.
const TREATMENTS: &[&str] = &[
    "B2B",
    "B2BINT",
    "B2C",
    "B2CINT",
    "OUTOFSCOPE",
    "ARCHIVEONLY",
];

pub fn br_fr_20(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for value in notes_with(inv, "BAR") {
        if !TREATMENTS.contains(&value) {
            out.push(block(
                "BR-FR-20",
                "BT-21",
                format!("BR-FR-20/BT-21 : Lorsqu'une note a pour code sujet « BAR » (BT-21), la valeur associée (BT-22, contenu de la note) doit être l'une des suivantes : B2B, B2BINT, B2C, B2CINT, OUTOFSCOPE, ARCHIVEONLY. Valeur fournie : « {value} »."),
                format!("BR-FR-20/BT-21: a note with subject code « BAR » (BT-21) must say one of B2B, B2BINT, B2C, B2CINT, OUTOFSCOPE, ARCHIVEONLY. Given: « {value} »."),
            ));
        }
    }
}

pub fn br_fr_31(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // The schematron's list here leaves out B2CINT.
    let count = notes_with(inv, "BAR")
        .filter(|c| ["B2B", "B2BINT", "B2C", "OUTOFSCOPE", "ARCHIVEONLY"].contains(&trim_xml(c)))
        .count();
    if count > 1 {
        out.push(block(
            "BR-FR-31",
            "BT-21",
            format!("BR-FR-31/BT-21 : Lorsque plusieurs notes ont le code sujet « BAR » (BT-21), il ne peut y avoir qu'une seule valeur associée parmi B2B, B2BINT, B2C, OUTOFSCOPE, ARCHIVEONLY. Nombre de valeurs présentes : {count}."),
            format!("BR-FR-31/BT-21: only one « BAR » note may give a treatment among B2B, B2BINT, B2C, OUTOFSCOPE, ARCHIVEONLY; there are {count}."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{fires, note, silent, valid};
    use super::*;
    use crate::model::{Date, Period, PrecedingInvoice};

    #[test]
    fn br_fr_01_invoice_and_preceding_numbers_of_at_most_35_characters() {
        let mut broken = valid();
        broken.number = Some("F".repeat(36));
        fires(br_fr_01, "BR-FR-01", &broken);
        let mut credit = valid();
        credit.preceding_invoices.push(PrecedingInvoice {
            number: "P".repeat(36),
            issue_date: None,
        });
        fires(br_fr_01, "BR-FR-01", &credit);
        let mut ok = valid();
        ok.number = Some("F".repeat(35));
        silent(br_fr_01, &ok);
    }

    #[test]
    fn br_fr_02_numbers_without_spaces_or_other_signs() {
        let mut broken = valid();
        broken.number = Some("FA 2026 42".into());
        fires(br_fr_02, "BR-FR-02", &broken);
        broken.number = Some("FA#42".into());
        fires(br_fr_02, "BR-FR-02", &broken);
        let mut ok = valid();
        ok.number = Some("INV/2026/00042".into());
        silent(br_fr_02, &ok);
    }

    #[test]
    fn br_fr_03_dates_of_this_century() {
        let mut broken = valid();
        broken.due_date = Some(Date::new(2126, 1, 1).unwrap());
        fires(br_fr_03, "BR-FR-03", &broken);
        broken = valid();
        broken.issue_date = Some(Date::new(1999, 12, 31).unwrap());
        fires(br_fr_03, "BR-FR-03", &broken);
        broken = valid();
        broken.invoicing_period = Some(Period {
            start: Date::new(1999, 12, 1).ok(),
            end: Date::new(2026, 1, 31).ok(),
        });
        fires(br_fr_03, "BR-FR-03", &broken);
        let mut ok = valid();
        ok.delivery_date = Some(Date::new(2099, 12, 31).unwrap());
        ok.invoicing_period = Some(Period {
            start: Date::new(2026, 1, 1).ok(),
            end: Date::new(2099, 12, 31).ok(),
        });
        silent(br_fr_03, &ok);
    }

    #[test]
    fn br_fr_04_document_types_of_the_reform() {
        let mut broken = valid();
        broken.type_code = "325".into();
        fires(br_fr_04, "BR-FR-04", &broken);
        let mut ok = valid();
        ok.type_code = "381".into();
        silent(br_fr_04, &ok);
    }

    #[test]
    fn br_fr_05_each_legal_note_is_there() {
        let mut broken = valid();
        broken.subject_notes.retain(|n| n.subject_code != "PMD");
        fires(br_fr_05, "BR-FR-05", &broken);
        broken.subject_notes.clear();
        assert_eq!(super::super::fixture::run(br_fr_05, &broken).len(), 3);
        let mut ok = valid();
        ok.notes.push("Merci de votre confiance".into());
        silent(br_fr_05, &ok);
    }

    #[test]
    fn br_fr_06_each_legal_note_once() {
        let mut broken = valid();
        broken.subject_notes.push(note("PMT", "40 €"));
        fires(br_fr_06, "BR-FR-06", &broken);
        let mut ok = valid();
        ok.subject_notes
            .push(note("TXD", "MEMBRE_ASSUJETTI_UNIQUE"));
        silent(br_fr_06, &ok);
    }

    #[test]
    fn br_fr_08_a_billing_framework_of_the_list() {
        let mut broken = valid();
        broken.billing_framework = None;
        fires(br_fr_08, "BR-FR-08", &broken);
        broken.business_process = Some("A1".into());
        fires(br_fr_08, "BR-FR-08", &broken);
        let mut ok = valid();
        ok.business_process = Some("A1".into());
        ok.billing_framework = Some("M2".into());
        silent(br_fr_08, &ok);
    }

    #[test]
    fn br_fr_20_a_known_treatment() {
        let mut broken = valid();
        broken.subject_notes.push(note("BAR", "B2G"));
        fires(br_fr_20, "BR-FR-20", &broken);
        let mut ok = valid();
        ok.subject_notes.retain(|n| n.subject_code != "BAR");
        ok.subject_notes.push(note("BAR", "B2BINT"));
        silent(br_fr_20, &ok);
    }

    #[test]
    fn br_fr_31_one_treatment() {
        let mut broken = valid();
        broken.subject_notes.push(note("BAR", "OUTOFSCOPE"));
        fires(br_fr_31, "BR-FR-31", &broken);
        let mut ok = valid();
        ok.subject_notes.push(note("BAR", "B2CINT"));
        silent(br_fr_31, &ok);
    }
}

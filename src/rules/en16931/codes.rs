//! BR-CL-*: codes taken from the code lists the Factur-X schematron accepts
//! (there reported as FX-SCH-A-000555, -000587, -000589 and -000613, « Value of … is not
//! allowed »; here under their EN 16931 ids and wording).

use super::code_lists::{
    in_cells, is_country, is_currency, is_payment_means, TYPE_CODES, UNIT_CELLS, VATEX_CODES,
    VAT_CATEGORIES,
};
use super::support::{arithmetic_safe, block, breakdown, lines_fr};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

pub fn is_type_code(code: &str) -> bool {
    TYPE_CODES.binary_search(&code).is_ok()
}

pub fn is_vatex_code(code: &str) -> bool {
    VATEX_CODES.binary_search(&code).is_ok()
}

/// UN/ECE Rec 20/21 (`UNIT_CELLS`, cells of 3 bytes).
pub fn is_unit_code(code: &str) -> bool {
    in_cells(UNIT_CELLS, 3, code)
}

pub fn br_cl_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let code = inv.type_code.trim();
    if !code.is_empty() && !is_type_code(code) {
        out.push(block(
            "BR-CL-01",
            "BT-3",
            format!(
                "Le code de type de facture (BT-3) « {code} » n'est pas un code UNTDID 1001 accepté : utilisez 380 (facture), 381 (avoir), 384 (facture rectificative) ou 386 (facture d'acompte)."
            ),
            "The document type code MUST be coded by the invoice and credit note related code lists of UNTDID 1001.",
        ));
    }
}

pub fn br_cl_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(file) = &inv.file else {
        return;
    };
    let mut bad: Vec<&str> = file
        .currency_ids
        .iter()
        .map(String::as_str)
        .filter(|c| !is_currency(c))
        .collect();
    bad.dedup();
    if !bad.is_empty() {
        out.push(block(
            "BR-CL-03",
            "BT-5",
            format!(
                "La devise d'un montant (currencyID) doit être un code ISO 4217 : « {} » n'en est pas un.",
                bad.join(" », « ")
            ),
            "currencyID MUST be coded using ISO code list 4217 alpha-3.",
        ));
    }
}

pub fn br_cl_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let code = inv.currency.as_str();
    if !code.is_empty() && !is_currency(code) {
        out.push(block(
            "BR-CL-04",
            "BT-5",
            format!("Le code de devise de la facture (BT-5) « {code} » n'est pas un code ISO 4217 : utilisez par exemple EUR."),
            "Invoice currency code MUST be coded using ISO code list 4217 alpha-3.",
        ));
    }
}

pub fn br_cl_14(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let representative = inv.tax_representative.as_ref();
    let codes = [
        inv.seller.address.country.as_ref(),
        inv.buyer.address.country.as_ref(),
        representative.and_then(|r| r.address.country.as_ref()),
        inv.delivery_country.as_ref(),
    ];
    let bad: Vec<&str> = codes
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|c| !is_country(c))
        .collect();
    if !bad.is_empty() {
        out.push(block(
            "BR-CL-14",
            "BT-40",
            format!(
                "Un code pays (BT-40, BT-55, BT-69, BT-80) doit être un code ISO 3166-1 alpha-2, par exemple FR : « {} » n'en est pas un.",
                bad.join(" », « ")
            ),
            "Country codes in an invoice MUST be coded using ISO code list 3166-1.",
        ));
    }
}

pub fn br_cl_16(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(code) = inv.payment.as_ref().and_then(|p| p.code.as_ref()) else {
        return;
    };
    if !is_payment_means(code) {
        out.push(block(
            "BR-CL-16",
            "BT-81",
            format!("Le code du moyen de paiement (BT-81) « {code} » n'est pas un code UNTDID 4461 : utilisez 30 (virement), 58 (virement SEPA) ou 49 (prélèvement)."),
            "Payment means in an invoice MUST be coded using UNCL4461 code list.",
        ));
    }
}

/// The codes of `codes` outside UNTDID 5305, each once.
fn unknown_categories<'a>(codes: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut bad: Vec<String> = Vec::new();
    for code in codes.map(|c| c.trim()) {
        if !code.is_empty()
            && VAT_CATEGORIES.binary_search(&code).is_err()
            && !bad.iter().any(|b| b == code)
        {
            bad.push(code.to_string());
        }
    }
    bad
}

const CATEGORIES_FR: &str = "utilisez S (taux normal), Z (taux zéro), E (exonéré), AE (autoliquidation), K (livraison intracommunautaire), G (export), O (hors champ), L, M ou B.";

/// BR-CL-17: the category of a document level allowance or charge (`CategoryTradeTax`).
pub fn br_cl_17(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let bad = unknown_categories(
        inv.allowances
            .iter()
            .chain(&inv.charges)
            .map(|a| &a.vat_category),
    );
    if !bad.is_empty() {
        out.push(block(
            "BR-CL-17",
            "BT-95",
            format!(
                "Catégorie de TVA inconnue sur une remise ou des frais globaux ({}) : {CATEGORIES_FR}",
                bad.join(", ")
            ),
            "Invoice tax categories MUST be coded using UNCL5305 code list",
        ));
    }
}

/// BR-CL-18: the category of a line and of a breakdown entry (`ApplicableTradeTax`).
pub fn br_cl_18(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let bad = unknown_categories(
        inv.lines
            .iter()
            .map(|l| &l.vat_category)
            .chain(inv.vat_breakdown.iter().map(|b| &b.category)),
    );
    if !bad.is_empty() {
        out.push(block(
            "BR-CL-18",
            "BT-151",
            format!(
                "Catégorie de TVA inconnue ({}) : {CATEGORIES_FR}",
                bad.join(", ")
            ),
            "Invoice tax categories MUST be coded using UNCL5305 code list",
        ));
    }
}

pub fn br_cl_22(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !arithmetic_safe(inv) {
        return;
    }
    let bad: Vec<String> = breakdown(inv)
        .iter()
        .filter_map(|b| b.exemption_reason_code.as_deref())
        .map(str::trim)
        // Compared upper-cased, as CEN's schematron does (`vatex-fr-franchise` is the
        // code VATEX-FR-FRANCHISE); the Factur-X schematron compares as written.
        .filter(|c| !c.is_empty() && !is_vatex_code(&c.to_ascii_uppercase()))
        .map(|c| format!("« {c} »"))
        .collect();
    if !bad.is_empty() {
        out.push(block(
            "BR-CL-22",
            "BT-121",
            format!(
                "Le code de motif d'exonération de TVA (BT-121) {} n'appartient pas à la liste VATEX : par exemple VATEX-FR-FRANCHISE pour la franchise en base (art. 293 B du CGI), VATEX-EU-AE pour l'autoliquidation.",
                bad.join(", ")
            ),
            "Tax exemption reason code identifier scheme identifier MUST belong to the CEF VATEX code list",
        ));
    }
}

pub fn br_cl_23(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let bad: Vec<String> = inv
        .lines
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            // A file's `unitCode=""` is a code, empty, outside the list; the form's
            // blank unit is no unit at all (BR-23).
            let unit = l.unit_code.trim();
            let file_attribute = inv
                .file
                .as_ref()
                .is_some_and(|f| f.lines.get(*i).is_some_and(|l| l.unit_code));
            (!unit.is_empty() || file_attribute) && !is_unit_code(unit)
        })
        .map(|(_, l)| l)
        .map(|l| format!("{} (« {} »)", l.id, l.unit_code.trim()))
        .collect();
    if !bad.is_empty() {
        out.push(block(
            "BR-CL-23",
            "BT-130",
            format!(
                "Le code d'unité de mesure (BT-130) doit venir de la recommandation UN/ECE 20/21, par exemple C62 (unité), HUR (heure), DAY (jour), KGM (kilogramme) : {}.",
                lines_fr(bad.iter().map(String::as_str))
            ),
            "Unit code MUST be coded according to the UN/ECE Recommendation 20 with Rec 21 extension",
        ));
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, run, silent};

    #[test]
    fn currencies_countries_and_payment_means_come_from_their_lists() {
        silent(br_cl_04, |_| {});
        fires(br_cl_04, "BR-CL-04", |inv| inv.currency = "EURO".into());
        silent(br_cl_14, |_| {});
        fires(br_cl_14, "BR-CL-14", |inv| {
            inv.buyer.address.country = Some("FX".into())
        });
        fires(br_cl_14, "BR-CL-14", |inv| {
            inv.delivery_country = Some("fr".into())
        });
        silent(br_cl_16, |_| {});
        silent(br_cl_16, |inv| {
            inv.payment.as_mut().unwrap().code = Some("58".into())
        });
        fires(br_cl_16, "BR-CL-16", |inv| {
            inv.payment.as_mut().unwrap().code = Some("999".into())
        });
    }

    #[test]
    fn a_file_amount_in_an_unknown_currency_breaks_br_cl_03() {
        let mut inv = file_invoice();
        assert!(run(br_cl_03, &inv).is_empty());
        if let Some(f) = inv.file.as_mut() {
            f.currency_ids.push("EUX".into());
        }
        fires_on(br_cl_03, "BR-CL-03", &inv);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{fires, fires_on, franchise_invoice, silent, silent_on};

    #[test]
    fn code_lists_are_sorted_for_binary_search() {
        assert!(TYPE_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(VATEX_CODES.windows(2).all(|w| w[0] < w[1]));
        let cells: Vec<&[u8]> = UNIT_CELLS.as_bytes().chunks(3).collect();
        assert_eq!(UNIT_CELLS.len(), 3 * 2162);
        assert!(cells.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn finds_first_last_and_short_unit_codes() {
        for code in [
            "10", "C62", "HUR", "DAY", "KGM", "H87", "LTR", "MTK", "XZZ", "ZZ",
        ] {
            assert!(is_unit_code(code), "{code}");
        }
        for code in ["", "C6", "c62", "PCE ", "UNITE", "H"] {
            assert!(!is_unit_code(code), "{code:?}");
        }
    }

    #[test]
    fn franchise_code_is_in_the_vatex_list() {
        assert!(is_vatex_code("VATEX-FR-FRANCHISE"));
        assert!(is_vatex_code("VATEX-EU-AE"));
        assert!(!is_vatex_code("VATEX-FR-293B"));
    }

    #[test]
    fn br_cl_01_fires_on_unknown_type_code() {
        fires(br_cl_01, "BR-CL-01", |i| i.type_code = "999".into());
    }
    #[test]
    fn br_cl_01_silent_on_invoice_credit_note_and_blank() {
        for code in ["380", "381", "384", "386", "389", " "] {
            silent(br_cl_01, |i| i.type_code = code.into());
        }
    }

    #[test]
    fn br_cl_22_fires_on_made_up_exemption_code() {
        let mut inv = franchise_invoice();
        if let Some(b) = inv.vat_breakdown.first_mut() {
            b.exemption_reason_code = Some("VATEX-FR-293B".into());
        }
        fires_on(br_cl_22, "BR-CL-22", &inv);
    }
    #[test]
    fn br_cl_22_silent_on_franchise_code() {
        silent_on(br_cl_22, &franchise_invoice());
        silent_on(br_cl_22, &franchise_invoice().completed());
    }

    #[test]
    fn br_cl_23_fires_on_french_unit_name() {
        let diag = fires(br_cl_23, "BR-CL-23", |i| {
            i.lines[1].unit_code = "heure".into()
        });
        assert!(
            diag.message_fr.contains("ligne 2 (« heure »)"),
            "{}",
            diag.message_fr
        );
    }
    #[test]
    fn br_cl_23_silent_on_rec_20_codes() {
        silent(br_cl_23, |i| {
            i.lines[0].unit_code = "HUR".into();
            i.lines[1].unit_code = "DAY".into();
        });
    }

    #[test]
    fn br_cl_17_reads_document_allowances_and_charges_and_br_cl_18_the_rest() {
        let diag = fires(br_cl_17, "BR-CL-17", |i| {
            i.charges[0].vat_category = "X".into()
        });
        assert!(diag.message_fr.contains("(X)"), "{}", diag.message_fr);
        silent(br_cl_18, |i| i.charges[0].vat_category = "X".into());
        silent(br_cl_17, |i| i.lines[0].vat_category = "X".into());
        silent(br_cl_18, |i| i.lines[0].vat_category = "B".into());
    }

    #[test]
    fn br_cl_22_compares_vatex_codes_upper_cased() {
        let mut inv = franchise_invoice();
        inv.vat_breakdown[0].exemption_reason_code = Some("vatex-fr-franchise".into());
        silent_on(br_cl_22, &inv);
    }

    #[test]
    fn br_cl_18_fires_on_unknown_category_once() {
        let diag = fires(br_cl_18, "BR-CL-18", |i| {
            i.lines[0].vat_category = "X".into();
            i.lines[1].vat_category = "X".into();
        });
        assert!(diag.message_fr.contains("(X)"), "{}", diag.message_fr);
    }
    #[test]
    fn br_cl_18_silent_on_every_5305_code() {
        silent(br_cl_18, |i| {
            for (line, code) in i.lines.iter_mut().zip(["K", "G"]) {
                line.vat_category = code.into();
            }
        });
    }
}

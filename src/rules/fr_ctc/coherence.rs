//! BR-FR-CO-03..12: what must hold together — credit notes and their prior invoice,
//! due date, « already paid » invoices, foreign currency.

use super::support::block;
use crate::model::fr_ctc;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

fn type_in(inv: &Facts, codes: &[&str]) -> bool {
    codes.contains(&inv.type_code.as_str())
}

fn framework_in(inv: &Facts, codes: &[&str]) -> bool {
    fr_ctc::business_process(inv).is_some_and(|c| codes.contains(&c))
}

/// A global-discount credit note (262) names the contract and the whole period the
/// discount covers; the schematron reads the written text, so blank is absent.
pub fn br_fr_co_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.type_code != "262" {
        return;
    }
    let contract = inv
        .contract_reference
        .as_deref()
        .is_some_and(|c| !c.is_empty());
    let period = inv
        .invoicing_period
        .as_ref()
        .is_some_and(|p| p.start.is_some() && p.end.is_some());
    if !(contract && period) {
        out.push(block(
            "BR-FR-CO-03",
            "BT-3",
            "BR-FR-CO-03/BT-3 : Si le code type de la facture (BT-3) est égal à 262 (Avoir Remise Globale), alors le numéro de contrat (BT-12) doit être présent et la période de facturation (BG-14) doit être renseignée (dates de début et de fin).",
            "BR-FR-CO-03/BT-3: a type code 262 (global discount credit note) needs the contract number (BT-12) and the invoicing period (BG-14, start and end).",
        ));
    }
}

pub fn br_fr_co_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let count = inv.preceding_invoices.len();
    if type_in(inv, &["384", "471", "472", "473"]) && count != 1 {
        out.push(block(
            "BR-FR-CO-04",
            "BT-25",
            format!("BR-FR-CO-04/BT-3 : Si le type de facture (BT-3) est une facture rectificative (384, 471, 472, 473), alors une et une seule référence à une facture antérieure (BT-25) avec sa date (BT-26) doit être présente. Nombre de références trouvées : {count}."),
            format!("BR-FR-CO-04/BT-3: a corrective invoice (384, 471, 472, 473) must reference exactly one prior invoice (BT-25) with its date (BT-26); found {count}."),
        ));
    }
}

pub fn br_fr_co_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !type_in(inv, &["261", "381", "396", "502", "503"]) {
        return;
    }
    let dated = inv
        .preceding_invoices
        .iter()
        .filter(|p| p.issue_date.is_some())
        .count();
    // The schematron also accepts a reference on every line, which the model cannot
    // hold; a credit note without lines passes it vacuously.
    if dated == 0 && !inv.lines.is_empty() {
        out.push(block(
            "BR-FR-CO-05",
            "BT-25",
            "BR-FR-CO-05/BT-3 : Si le type de facture (BT-3) est un avoir (261, 381, 396, 502, 503), alors au moins une référence à une facture antérieure (BT-25) avec sa date (BT-26) doit être présente : indiquez la facture que l'avoir annule, avec sa date.",
            "BR-FR-CO-05/BT-3: a credit note (261, 381, 396, 502, 503) must reference at least one prior invoice (BT-25) with its date (BT-26): give the invoice it reverses, with its date.",
        ));
    }
}

pub fn br_fr_co_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(due) = inv.due_date else { return };
    if type_in(inv, &["386", "500", "503"]) || framework_in(inv, &["B2", "S2", "M2"]) {
        return;
    }
    // Compared as the schematron does, on the written dates: no issue date fails.
    let issue = inv.issue_date.map(|d| d.to_102());
    if issue.as_ref().is_some_and(|i| due.to_102() >= *i) {
        return;
    }
    let (due, issue) = (due.to_102(), issue.unwrap_or_default());
    out.push(block(
        "BR-FR-CO-07",
        "BT-9",
        format!("BR-FR-CO-07/BT-9 : La date d'échéance (BT-9), si présente, doit être postérieure ou égale à la date de facture (BT-2), sauf si la facture est de type acompte (386, 500, 503) ou si le cadre de facturation (BT-23) est B2, S2 ou M2. Valeurs actuelles : Date facture = « {issue} », Date échéance = « {due} »."),
        format!("BR-FR-CO-07/BT-9: the due date (BT-9) must not be before the invoice date (BT-2), unless the invoice is a down payment (386, 500, 503) or its framework (BT-23) is B2, S2 or M2. Invoice date « {issue} », due date « {due} »."),
    ));
}

pub fn br_fr_co_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if framework_in(inv, &["B4", "S4", "M4"]) && type_in(inv, &["386", "500", "503"]) {
        let (framework, code) = (
            fr_ctc::business_process(inv).unwrap_or_default(),
            &inv.type_code,
        );
        out.push(block(
            "BR-FR-CO-08",
            "BT-23",
            format!("BR-FR-CO-08/BT-23 : Si le cadre de facturation (BT-23) est B4, S4 ou M4 (factures définitives après acompte), alors le type de facture (BT-3) ne peut pas être une facture ou un avoir d'acompte (386, 500, 503). Valeurs actuelles : BT-23=« {framework} », BT-3=« {code} »."),
            format!("BR-FR-CO-08/BT-23: with framework B4, S4 or M4 (final invoice after down payments) the type (BT-3) cannot be a down payment invoice or credit note (386, 500, 503). BT-23 « {framework} », BT-3 « {code} »."),
        ));
    }
}

pub fn br_fr_co_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if !framework_in(inv, &["B2", "S2", "M2"]) {
        return;
    }
    let totals = inv.computed_totals();
    let (grand, due) = (totals.grand_total, totals.due_payable);
    let paid = inv.prepaid_amount;
    if paid.is_none() || paid != grand {
        let (paid, grand) = (
            paid.map(|p| p.to_string()).unwrap_or_default(),
            grand.map(|g| g.to_string()).unwrap_or_default(),
        );
        out.push(block(
            "BR-FR-CO-09",
            "BT-113",
            format!("BR-FR-CO-09/BT-23 : Si le cadre de facturation (BT-23) est B2, S2 ou M2 (facture déjà payée), alors le montant déjà payé (BT-113) doit être égal au montant total TTC (BT-112). Montant payé : {paid}, Montant total : {grand}."),
            format!("BR-FR-CO-09/BT-23: with framework B2, S2 or M2 (already paid) the paid amount (BT-113) must equal the total with VAT (BT-112). Paid: {paid}, total: {grand}."),
        ));
    }
    if due.is_none_or(|d| !d.is_zero()) {
        let due = due.map(|d| d.to_string()).unwrap_or_default();
        out.push(block(
            "BR-FR-CO-09",
            "BT-115",
            format!("BR-FR-CO-09/BT-23 : Si le cadre de facturation (BT-23) est B2, S2 ou M2, alors le net à payer (BT-115) doit être égal à 0. Net à payer : {due}."),
            format!("BR-FR-CO-09/BT-23: with framework B2, S2 or M2 the amount due (BT-115) must be 0. Amount due: {due}."),
        ));
    }
    if inv.due_date.is_none() {
        out.push(block(
            "BR-FR-CO-09",
            "BT-9",
            "BR-FR-CO-09/BT-23 : Si le cadre de facturation (BT-23) est B2, S2 ou M2, alors la date d'échéance (BT-9) doit être renseignée et correspondre à la date de paiement.",
            "BR-FR-CO-09/BT-23: with framework B2, S2 or M2 the due date (BT-9) must be given: the date of payment.",
        ));
    }
}

/// The model holds no accounting currency (BT-6) nor VAT in it (BT-111): an invoice
/// in another currency than the euro cannot meet the rule.
pub fn br_fr_co_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let currency = inv.currency.as_str();
    if currency != "EUR" {
        out.push(block(
            "BR-FR-CO-12",
            "BT-5",
            format!("BR-FR-CO-12/BT-5 : Si la devise de facture (BT-5) est différente de EUR, alors la devise de comptabilité (BT-6) doit être présente et égale à EUR, et le montant de TVA en devise de comptabilité (BT-111) doit être renseigné en EUR. Valeur actuelle : BT-5=« {currency} » ; Chorus Guard écrit les factures de la réforme en euros seulement."),
            format!("BR-FR-CO-12/BT-5: an invoice in another currency than EUR must give EUR as accounting currency (BT-6) and its VAT in EUR (BT-111). BT-5 is « {currency} »; Chorus Guard writes reform invoices in euros only."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{d, fires, silent, valid};
    use super::*;
    use crate::model::{Date, Period, PrecedingInvoice};

    fn prior(dated: bool) -> PrecedingInvoice {
        PrecedingInvoice {
            number: "FA-2026-0041".into(),
            issue_date: dated.then(|| Date::new(2026, 10, 1).unwrap()),
        }
    }

    #[test]
    fn br_fr_co_03_a_global_discount_credit_note_needs_a_period() {
        let mut broken = valid();
        broken.type_code = "262".into();
        fires(br_fr_co_03, "BR-FR-CO-03", &broken);
        broken.contract_reference = Some("CT-1".into());
        fires(br_fr_co_03, "BR-FR-CO-03", &broken);
        broken.invoicing_period = Some(Period {
            start: Date::new(2026, 1, 1).ok(),
            end: None,
        });
        fires(br_fr_co_03, "BR-FR-CO-03", &broken);
        let mut ok = broken.clone();
        ok.invoicing_period = Some(Period {
            start: Date::new(2026, 1, 1).ok(),
            end: Date::new(2026, 12, 31).ok(),
        });
        silent(br_fr_co_03, &ok);
        ok.contract_reference = None;
        fires(br_fr_co_03, "BR-FR-CO-03", &ok);
        let mut other = valid();
        other.type_code = "381".into();
        silent(br_fr_co_03, &other);
    }

    #[test]
    fn br_fr_co_04_a_corrective_invoice_names_one_prior_invoice() {
        let mut broken = valid();
        broken.type_code = "384".into();
        fires(br_fr_co_04, "BR-FR-CO-04", &broken);
        broken.preceding_invoices = vec![prior(true), prior(true)];
        fires(br_fr_co_04, "BR-FR-CO-04", &broken);
        let mut ok = valid();
        ok.type_code = "384".into();
        ok.preceding_invoices = vec![prior(true)];
        silent(br_fr_co_04, &ok);
    }

    #[test]
    fn br_fr_co_05_a_credit_note_names_its_dated_invoice() {
        let mut broken = valid();
        broken.type_code = "381".into();
        fires(br_fr_co_05, "BR-FR-CO-05", &broken);
        broken.preceding_invoices = vec![prior(false)];
        fires(br_fr_co_05, "BR-FR-CO-05", &broken);
        let mut ok = valid();
        ok.type_code = "381".into();
        ok.preceding_invoices = vec![prior(true)];
        silent(br_fr_co_05, &ok);
    }

    #[test]
    fn br_fr_co_07_no_due_date_before_the_invoice_date() {
        let mut broken = valid();
        broken.due_date = Some(Date::new(2026, 11, 1).unwrap());
        fires(br_fr_co_07, "BR-FR-CO-07", &broken);
        broken.issue_date = None;
        broken.due_date = Some(Date::new(2026, 12, 1).unwrap());
        fires(br_fr_co_07, "BR-FR-CO-07", &broken);
        let mut ok = valid();
        ok.due_date = Some(Date::new(2026, 11, 1).unwrap());
        ok.billing_framework = Some("S2".into());
        silent(br_fr_co_07, &ok);
    }

    #[test]
    fn br_fr_co_08_no_down_payment_under_a_final_framework() {
        let mut broken = valid();
        broken.billing_framework = Some("S4".into());
        broken.type_code = "386".into();
        fires(br_fr_co_08, "BR-FR-CO-08", &broken);
        broken.billing_framework = Some("M4".into());
        broken.type_code = "503".into();
        fires(br_fr_co_08, "BR-FR-CO-08", &broken);
        let mut ok = valid();
        ok.billing_framework = Some("S4".into());
        silent(br_fr_co_08, &ok);
    }

    #[test]
    fn br_fr_co_09_an_already_paid_invoice_is_paid_in_full() {
        let mut broken = valid();
        broken.billing_framework = Some("S2".into());
        fires(br_fr_co_09, "BR-FR-CO-09", &broken);
        broken.prepaid_amount = Some(d("100.00"));
        broken.due_date = None;
        assert_eq!(super::super::fixture::run(br_fr_co_09, &broken).len(), 3);
        let mut ok = valid();
        ok.billing_framework = Some("S2".into());
        ok.prepaid_amount = Some(d("300.00"));
        silent(br_fr_co_09, &ok);
    }

    #[test]
    fn br_fr_co_12_reform_invoices_in_euros() {
        let mut broken = valid();
        broken.currency = "USD".into();
        fires(br_fr_co_12, "BR-FR-CO-12", &broken);
        broken.currency = "eur".into();
        fires(br_fr_co_12, "BR-FR-CO-12", &broken);
        silent(br_fr_co_12, &valid());
    }
}

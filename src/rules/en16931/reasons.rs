//! BR-33, BR-38, BR-42, BR-44 and their twins BR-CO-21..BR-CO-24: every allowance
//! and charge, on the document or on a line, says why (BT-97/98, BT-104/105,
//! BT-139/140, BT-144/145). The schematron tests both ids of a pair alike, so each
//! pair fires together. BR-32 and BR-37: a document level allowance or charge has its
//! VAT category (BT-95, BT-102).

use super::support::block;
use crate::model::{DocumentAllowanceCharge, LineAllowanceCharge};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// The schematron asks for the element, written or not: `(Reason) or (ReasonCode)`.
fn no_reason(reason: &Option<String>, code: &Option<String>) -> bool {
    reason.is_none() && code.is_none()
}

fn document(list: &[DocumentAllowanceCharge]) -> bool {
    list.iter().any(|a| no_reason(&a.reason, &a.reason_code))
}

fn lines(inv: &Facts, pick: fn(&crate::model::Line) -> &[LineAllowanceCharge]) -> bool {
    inv.lines
        .iter()
        .any(|l| pick(l).iter().any(|a| no_reason(&a.reason, &a.reason_code)))
}

const ALLOWANCE_FR: &str = "Chaque remise au niveau du document (BG-20) doit indiquer son motif (BT-97) ou son code motif (BT-98).";
const CHARGE_FR: &str = "Chaque frais au niveau du document (BG-21) doit indiquer son motif (BT-104) ou son code motif (BT-105).";
const LINE_ALLOWANCE_FR: &str =
    "Chaque remise sur une ligne (BG-27) doit indiquer son motif (BT-139) ou son code motif (BT-140).";
const LINE_CHARGE_FR: &str =
    "Chaque frais sur une ligne (BG-28) doit indiquer son motif (BT-144) ou son code motif (BT-145).";

pub fn br_33(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if document(&inv.allowances) {
        out.push(block("BR-33", "BT-97", ALLOWANCE_FR, "Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98)."));
    }
}

pub fn br_co_21(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if document(&inv.allowances) {
        out.push(block("BR-CO-21", "BT-97", ALLOWANCE_FR, "Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98), or both."));
    }
}

pub fn br_38(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if document(&inv.charges) {
        out.push(block("BR-38", "BT-104", CHARGE_FR, "Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document level charge reason code (BT-105)."));
    }
}

pub fn br_co_22(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if document(&inv.charges) {
        out.push(block("BR-CO-22", "BT-104", CHARGE_FR, "Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a Document level charge reason code (BT-105), or both."));
    }
}

pub fn br_42(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if lines(inv, |l| &l.allowances) {
        out.push(block("BR-42", "BT-139", LINE_ALLOWANCE_FR, "Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140)."));
    }
}

pub fn br_co_23(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if lines(inv, |l| &l.allowances) {
        out.push(block("BR-CO-23", "BT-139", LINE_ALLOWANCE_FR, "Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140), or both."));
    }
}

pub fn br_44(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if lines(inv, |l| &l.charges) {
        out.push(block("BR-44", "BT-144", LINE_CHARGE_FR, "Each Invoice line charge (BG-28) shall have an Invoice line charge reason (BT-144) or an invoice line charge reason code (BT-145)."));
    }
}

pub fn br_co_24(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if lines(inv, |l| &l.charges) {
        out.push(block("BR-CO-24", "BT-144", LINE_CHARGE_FR, "Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145), or both."));
    }
}

/// A document level allowance or charge without VAT category (BT-95 / BT-102): a
/// file's `CategoryTradeTax` without `CategoryCode` reads as an empty category.
fn no_category(list: &[DocumentAllowanceCharge]) -> bool {
    list.iter().any(|a| a.vat_category.is_empty())
}

pub fn br_32(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if no_category(&inv.allowances) {
        out.push(block("BR-32", "BT-95", "Chaque remise au niveau du document (BG-20) doit avoir une catégorie de TVA (BT-95).", "Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95)."));
    }
}

pub fn br_37(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if no_category(&inv.charges) {
        out.push(block("BR-37", "BT-102", "Chaque frais au niveau du document (BG-21) doit avoir une catégorie de TVA (BT-102).", "Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102)."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{fires, silent};

    #[test]
    fn a_document_allowance_or_charge_without_category_breaks_br_32_or_br_37() {
        silent(br_32, |_| {});
        silent(br_37, |_| {});
        fires(br_32, "BR-32", |inv| {
            inv.allowances[0].vat_category = String::new()
        });
        fires(br_37, "BR-37", |inv| {
            inv.charges[0].vat_category = String::new()
        });
    }

    #[test]
    fn a_document_allowance_or_charge_without_reason_breaks_both_ids() {
        silent(br_33, |_| {});
        silent(br_co_21, |_| {});
        let strip = |inv: &mut crate::model::Invoice| {
            inv.allowances[0].reason = None;
            inv.allowances[0].reason_code = None;
            inv.charges[0].reason = None;
        };
        fires(br_33, "BR-33", strip);
        fires(br_co_21, "BR-CO-21", strip);
        fires(br_38, "BR-38", strip);
        fires(br_co_22, "BR-CO-22", strip);
        // A reason code alone is enough.
        silent(br_33, |inv| {
            inv.allowances[0].reason = None;
            inv.allowances[0].reason_code = Some("95".into());
        });
    }

    #[test]
    fn a_line_allowance_or_charge_without_reason_breaks_both_ids() {
        silent(br_42, |_| {});
        let strip = |inv: &mut crate::model::Invoice| {
            inv.lines[1].allowances[0].reason = None;
            inv.lines[1].allowances[0].reason_code = None;
            let mut charge = inv.lines[1].allowances[0].clone();
            charge.reason = None;
            inv.lines[0].charges.push(charge);
        };
        fires(br_42, "BR-42", strip);
        fires(br_co_23, "BR-CO-23", strip);
        fires(br_44, "BR-44", strip);
        fires(br_co_24, "BR-CO-24", strip);
    }
}

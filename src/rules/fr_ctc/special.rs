//! BR-FR-MV-* (multi-vendor, BT-23 = B8/S8/M8) and BR-FR-BD-* (double billing,
//! B9/S9/M9) as far as an invoice Chorus Guard writes can meet them. Those frameworks
//! need line sub-types (GROUP/DETAIL), parent lines, a seller and an invoice number per
//! line: the model holds none of them. So the rules below, which ask for them, fire on
//! every such file — as the platform would — and the others (MV-01, 03, 05, 08..12, 14,
//! BD-14), whose context is a GROUP or DETAIL line, never can.

use super::support::{block, trim_xml, SELF_BILLED};
use crate::model::fr_ctc;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// `custom:isSpecialContractMV`.
fn multi_vendor(inv: &Facts) -> bool {
    framework_in(inv, &["S8", "B8", "M8"])
}

/// `custom:isSpecialContractBD`.
fn double_billing(inv: &Facts) -> bool {
    framework_in(inv, &["S9", "B9", "M9"])
}

fn framework_in(inv: &Facts, codes: &[&str]) -> bool {
    fr_ctc::business_process(inv).is_some_and(|c| codes.contains(&trim_xml(c)))
}

fn framework<'a>(inv: &'a Facts) -> &'a str {
    fr_ctc::business_process(inv).unwrap_or_default()
}

const CANNOT_FR: &str = "Chorus Guard n'écrit pas les lignes de regroupement (GROUP) ni le vendeur de chaque ligne : choisissez un autre cadre de facturation (B1, S1, M1...).";
const CANNOT_EN: &str = "Chorus Guard writes no GROUP lines nor a seller per line: choose another billing framework (B1, S1, M1...).";

pub fn br_fr_mv_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if multi_vendor(inv) {
        let code = framework(inv);
        out.push(block(
            "BR-FR-MV-02",
            "BT-23",
            format!("BR-FR-MV-02/EXT-FR-FE-163 : Lorsque le cadre de facturation (BT-23) est S8, B8 ou M8 (ici « {code} »), la facture doit contenir au moins une ligne (BG-25) avec le sous-type de ligne (ram:LineStatusReasonCode) égal à \"GROUP\" et sans identifiant de ligne parent. {CANNOT_FR}"),
            format!("BR-FR-MV-02/EXT-FR-FE-163: with billing framework S8, B8 or M8 (here « {code} ») the invoice needs at least one line of sub-type GROUP without a parent line. {CANNOT_EN}"),
        ));
    }
}

/// MV-06 (a seller legal id on every line) and MV-07 (an AFL invoice number on every
/// line), both under any framework 8 or 9: no line of ours has them.
fn per_line(inv: &Facts, out: &mut Vec<Diagnostic>, rule: &str, bt: &str, fr: &str, en: &str) {
    if !(multi_vendor(inv) || double_billing(inv)) {
        return;
    }
    let code = framework(inv);
    for line in inv.lines.iter() {
        let id = &line.id;
        out.push(block(
            rule,
            bt,
            format!("{rule} : ligne {id} : lorsque le cadre de facturation (BT-23) est S8, B8, M8, S9, B9 ou M9 (ici « {code} »), chaque ligne (BG-25) doit contenir {fr}. {CANNOT_FR}"),
            format!("{rule}: line {id}: with billing framework S8, B8, M8, S9, B9 or M9 (here « {code} ») every line (BG-25) must carry {en}. {CANNOT_EN}"),
        ));
    }
}

pub fn br_fr_mv_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    per_line(
        inv,
        out,
        "BR-FR-MV-06",
        "BG-25",
        "un identifiant légal de vendeur (EXT-FR-FE-167)",
        "a seller legal identifier (EXT-FR-FE-167)",
    );
}

pub fn br_fr_mv_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    per_line(
        inv,
        out,
        "BR-FR-MV-07",
        "BT-128",
        "un numéro de facture codifié AFL (BT-128)",
        "an invoice number coded AFL (BT-128)",
    );
}

pub fn br_fr_mv_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let code = inv.type_code.as_str();
    if multi_vendor(inv) && (trim_xml(code).is_empty() || SELF_BILLED.contains(&code)) {
        out.push(block(
            "BR-FR-MV-13",
            "BT-3",
            format!("BR-FR-MV-13/BT-3 : Lorsque le cadre de facturation (BT-23) est S8, B8 ou M8, le code type de facture (ram:TypeCode) ne doit pas être l'un des types auto-facturés suivants : 389, 261, 501, 500, 502, 471, 473. Valeur actuelle : « {code} »."),
            format!("BR-FR-MV-13/BT-3: with billing framework S8, B8 or M8 the type code must not be a self-billed one (389, 261, 501, 500, 502, 471, 473). Current value: « {code} »."),
        ));
    }
}

pub fn br_fr_bd_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if double_billing(inv) {
        let code = framework(inv);
        out.push(block(
            "BR-FR-BD-02",
            "BT-23",
            format!("BR-FR-BD-02/EXT-FR-FE-163 : Lorsque le cadre de facturation (BT-23) est S9, B9 ou M9 (ici « {code} »), la facture doit contenir exactement deux lignes (BG-25) avec le sous-type de ligne \"GROUP\" et sans ligne parent, l'une au vendeur (BT-30), l'autre à l'acheteur (BT-47). {CANNOT_FR}"),
            format!("BR-FR-BD-02/EXT-FR-FE-163: with billing framework S9, B9 or M9 (here « {code} ») the invoice needs exactly two GROUP lines without a parent, one for the seller (BT-30), one for the buyer (BT-47). {CANNOT_EN}"),
        ));
    }
}

pub fn br_fr_bd_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let code = inv.type_code.as_str();
    if double_billing(inv) && !SELF_BILLED.contains(&trim_xml(code)) {
        out.push(block(
            "BR-FR-BD-13",
            "BT-3",
            format!("BR-FR-BD-13/BT-3 : Lorsque le cadre de facturation (BT-23) est S9, B9 ou M9, le code type de facture (ram:TypeCode) DOIT être l'un des types auto-facturés suivants : 389, 261, 501, 500, 502, 471, 473. Valeur actuelle : « {code} »."),
            format!("BR-FR-BD-13/BT-3: with billing framework S9, B9 or M9 the type code MUST be a self-billed one (389, 261, 501, 500, 502, 471, 473). Current value: « {code} »."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{fires, run, silent, valid};
    use super::*;

    fn with(framework: &str, type_code: &str) -> crate::model::Invoice {
        let mut inv = valid();
        inv.billing_framework = Some(framework.into());
        inv.type_code = type_code.into();
        inv
    }

    #[test]
    fn br_fr_mv_02_multi_vendor_needs_group_lines() {
        fires(br_fr_mv_02, "BR-FR-MV-02", &with("S8", "380"));
        fires(br_fr_mv_02, "BR-FR-MV-02", &with("M8", "381"));
        silent(br_fr_mv_02, &with("S9", "389"));
    }

    #[test]
    fn br_fr_mv_06_and_07_a_seller_and_number_per_line() {
        for rule in [br_fr_mv_06 as crate::rules::rule::InvoiceRule, br_fr_mv_07] {
            let out = run(rule, &with("B8", "380"));
            assert_eq!(out.len(), 2, "one per line: {out:#?}");
            assert_eq!(run(rule, &with("S9", "389")).len(), 2);
            silent(rule, &with("S4", "380"));
        }
        fires(br_fr_mv_06, "BR-FR-MV-06", &with("M9", "389"));
        fires(br_fr_mv_07, "BR-FR-MV-07", &with("M8", "380"));
    }

    #[test]
    fn br_fr_mv_13_no_self_billing_under_multi_vendor() {
        fires(br_fr_mv_13, "BR-FR-MV-13", &with("B8", "389"));
        fires(br_fr_mv_13, "BR-FR-MV-13", &with("S8", "501"));
        silent(br_fr_mv_13, &with("S8", "380"));
    }

    #[test]
    fn br_fr_bd_02_double_billing_needs_two_group_lines() {
        fires(br_fr_bd_02, "BR-FR-BD-02", &with("S9", "389"));
        fires(br_fr_bd_02, "BR-FR-BD-02", &with("B9", "380"));
        silent(br_fr_bd_02, &with("B8", "380"));
    }

    #[test]
    fn br_fr_bd_13_double_billing_is_self_billed() {
        fires(br_fr_bd_13, "BR-FR-BD-13", &with("M9", "380"));
        fires(br_fr_bd_13, "BR-FR-BD-13", &with("S9", "381"));
        silent(br_fr_bd_13, &with("S9", "389"));
    }
}

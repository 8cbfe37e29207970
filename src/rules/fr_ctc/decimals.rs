//! BR-FR-DEC-01..03: how amounts, quantities and prices are written — at most 19
//! digits, 2 decimals for amounts, 4 for quantities, 6 for prices (never negative).

use super::support::{amount, block, plain, valid_decimal};
use crate::model::fr_ctc;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// Every amount the file states, with its term: declared where the writer keeps them,
/// computed where completing the invoice computes them.
fn amounts(inv: &Facts) -> Vec<(&'static str, Decimal)> {
    let mut out: Vec<(&'static str, Option<Decimal>)> = Vec::new();
    for a in &inv.allowances {
        out.extend([("BT-92", Some(a.amount)), ("BT-93", a.base_amount)]);
    }
    for c in &inv.charges {
        out.extend([("BT-99", Some(c.amount)), ("BT-100", c.base_amount)]);
    }
    let t = inv.computed_totals();
    {
        out.extend([
            ("BT-106", t.line_total),
            ("BT-107", t.allowance_total),
            ("BT-108", t.charge_total),
            ("BT-109", t.tax_exclusive),
            ("BT-110", t.tax_total),
            ("BT-112", t.grand_total),
            ("BT-115", t.due_payable),
        ]);
    }
    out.extend([
        ("BT-113", inv.prepaid_amount),
        ("BT-114", inv.rounding_amount),
    ]);
    for b in inv.computed_breakdown() {
        out.extend([("BT-116", b.taxable_amount), ("BT-117", b.tax_amount)]);
    }
    for (l, net) in inv.lines.iter().zip(inv.line_nets()) {
        out.push(("BT-131", Some(*net)));
        for a in &l.allowances {
            out.extend([("BT-136", Some(a.amount)), ("BT-137", a.base_amount)]);
        }
        for c in &l.charges {
            out.extend([("BT-141", Some(c.amount)), ("BT-142", c.base_amount)]);
        }
    }
    out.into_iter()
        .filter_map(|(bt, v)| v.map(|v| (bt, v)))
        .collect()
}

pub fn br_fr_dec_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let mut buf = String::new();
    for (bt, value) in amounts(inv) {
        let text = amount(&mut buf, value);
        if !valid_decimal(text, 2, true) {
            out.push(block(
                "BR-FR-DEC-01",
                bt,
                format!("BR-FR-DEC-01/{bt} : Le montant « {text} » est invalide. Il doit comporter au plus 2 décimales, être exprimé avec un point comme séparateur, et ne pas dépasser 19 caractères (hors séparateur). Le signe « - » est autorisé. Veuillez corriger ce montant."),
                format!("BR-FR-DEC-01/{bt}: the amount « {text} » is invalid: at most 2 decimals and 19 characters (besides the dot); a « - » sign is allowed."),
            ));
        }
    }
}

pub fn br_fr_dec_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let mut buf = String::new();
    for line in &inv.lines {
        let quantities = [
            ("BT-129", Some(line.quantity)),
            ("BT-149", line.price_base_quantity),
        ];
        for (bt, value) in quantities {
            let Some(value) = value else { continue };
            let text = plain(&mut buf, value);
            if !valid_decimal(text, 4, true) {
                let id = &line.id;
                out.push(block(
                    "BR-FR-DEC-02",
                    bt,
                    format!("BR-FR-DEC-02/{bt} : La quantité « {text} » de la ligne {id} est invalide. Elle doit être un nombre avec au plus 4 décimales (séparateur « . »), contenir au maximum 19 caractères (hors séparateur), et peut commencer par un signe « - »."),
                    format!("BR-FR-DEC-02/{bt}: the quantity « {text} » of line {id} is invalid: at most 4 decimals and 19 characters (besides the dot); a « - » sign is allowed."),
                ));
            }
        }
    }
}

pub fn br_fr_dec_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // Double (self-billed) frameworks may carry negative prices.
    let signed = fr_ctc::business_process(inv).is_some_and(|c| ["S9", "B9", "M9"].contains(&c));
    let mut buf = String::new();
    for line in &inv.lines {
        let discount = line.gross_price.map(|g| g - line.net_price);
        let prices = [
            ("BT-146", Some(line.net_price)),
            ("BT-147", discount),
            ("BT-148", line.gross_price),
        ];
        for (bt, value) in prices {
            let Some(value) = value else { continue };
            let text = plain(&mut buf, value);
            if !valid_decimal(text, 6, signed) {
                let id = &line.id;
                out.push(block(
                    "BR-FR-DEC-03",
                    bt,
                    format!("BR-FR-DEC-03/{bt} : Le montant « {text} » de la ligne {id} est invalide. Il doit être un nombre positif (sans signe « - »), sauf si le cadre de facturation (BT-23) est S9, M9 ou B9, comporter au plus 6 décimales (séparateur « . ») et contenir au maximum 19 caractères (hors séparateur). Une remise s'écrit en remise de ligne, pas en prix négatif."),
                    format!("BR-FR-DEC-03/{bt}: the price « {text} » of line {id} is invalid: it must not be negative (unless the framework BT-23 is S9, M9 or B9), with at most 6 decimals and 19 characters. A discount is a line allowance, not a negative price."),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{d, fires, silent, valid};
    use super::*;
    use crate::model::DocumentAllowanceCharge;

    #[test]
    fn br_fr_dec_01_amounts_of_two_decimals() {
        let mut broken = valid();
        broken.prepaid_amount = Some(d("10.005"));
        fires(br_fr_dec_01, "BR-FR-DEC-01", &broken);
        let mut charge = valid();
        charge.charges.push(DocumentAllowanceCharge {
            amount: d("1.2345"),
            base_amount: None,
            percentage: None,
            vat_category: "S".into(),
            vat_rate: Some(d("20")),
            reason: Some("Port".into()),
            reason_code: None,
        });
        fires(br_fr_dec_01, "BR-FR-DEC-01", &charge);
        let mut ok = valid();
        ok.prepaid_amount = Some(d("-10.5"));
        silent(br_fr_dec_01, &ok);
    }

    #[test]
    fn br_fr_dec_02_quantities_of_four_decimals() {
        let mut broken = valid();
        broken.lines[0].quantity = d("1.00001");
        fires(br_fr_dec_02, "BR-FR-DEC-02", &broken);
        broken = valid();
        broken.lines[1].price_base_quantity = Some(d("0.12345"));
        fires(br_fr_dec_02, "BR-FR-DEC-02", &broken);
        let mut ok = valid();
        ok.lines[0].quantity = d("-1.2345");
        silent(br_fr_dec_02, &ok);
    }

    #[test]
    fn br_fr_dec_03_prices_positive_of_six_decimals() {
        let mut broken = valid();
        broken.lines[1].net_price = d("-50.00");
        fires(br_fr_dec_03, "BR-FR-DEC-03", &broken);
        broken = valid();
        broken.lines[0].net_price = d("1.1234567");
        fires(br_fr_dec_03, "BR-FR-DEC-03", &broken);
        let mut ok = valid();
        ok.lines[0].net_price = d("1.123456");
        ok.lines[0].gross_price = Some(d("2"));
        silent(br_fr_dec_03, &ok);
        ok.lines[1].net_price = d("-50.00");
        ok.billing_framework = Some("S9".into());
        assert_eq!(super::super::fixture::run(br_fr_dec_03, &ok), vec![]);
    }
}

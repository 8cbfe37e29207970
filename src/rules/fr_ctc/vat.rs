//! BR-FR-15, 16 and BR-FR-DEC-04: the VAT categories and rates French VAT knows, on
//! the lines, the document allowances and charges and the breakdown.

use super::support::{block, plain, valid_percent, written_rate};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// (BT of the category, BT of the rate, category, rate) of every VAT the file states:
/// rates as completed, the breakdown as computed.
fn taxes<'a>(
    inv: &'a Facts,
) -> impl Iterator<Item = (&'static str, &'static str, &'a str, Option<Decimal>)> + 'a {
    let written = |bt: &'static str, rate_bt: &'static str, category: &'a str, rate| {
        (bt, rate_bt, category, written_rate(category, rate))
    };
    let lines = inv
        .lines
        .iter()
        .map(move |l| written("BT-151", "BT-152", &l.vat_category, l.vat_rate));
    let allowances = inv
        .allowances
        .iter()
        .map(move |a| written("BT-95", "BT-96", &a.vat_category, a.vat_rate));
    let charges = inv
        .charges
        .iter()
        .map(move |c| written("BT-102", "BT-103", &c.vat_category, c.vat_rate));
    let breakdown = inv
        .computed_breakdown()
        .iter()
        .map(|b| ("BT-118", "BT-119", b.category.as_str(), b.rate));
    lines.chain(allowances).chain(charges).chain(breakdown)
}

/// UNTDID 5305 codes that apply in France (not L and M, the Canary Islands' and
/// Ceuta and Melilla's).
const CATEGORIES: &[&str] = &["S", "E", "AE", "K", "G", "O", "Z"];

pub fn br_fr_15(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (bt, _, category, _) in taxes(inv) {
        if CATEGORIES.contains(&category) || seen.contains(&(bt, category)) {
            continue;
        }
        seen.push((bt, category));
        out.push(block(
            "BR-FR-15",
            bt,
            format!("BR-FR-15/{bt} : Code de catégorie de TVA invalide. Valeur actuelle : « {category} ». Veuillez utiliser un code valide : S, E, AE, K, G, O, Z (les codes L et M ne sont pas pertinents en France)."),
            format!("BR-FR-15/{bt}: invalid VAT category code « {category} ». Use S, E, AE, K, G, O or Z (L and M do not apply in France)."),
        ));
    }
}

/// The rates the schematron accepts, as written (`20`, `20.0`, `20.00`...).
const RATES: &[&str] = &[
    "0", "0.0", "0.00", "10", "10.0", "10.00", "13", "13.0", "13.00", "20", "20.0", "20.00", "8.5",
    "8.50", "19.6", "19.60", "2.1", "2.10", "5.5", "5.50", "7", "7.0", "7.00", "20.6", "20.60",
    "1.05", "0.9", "0.90", "1.75", "9.2", "9.20", "9.6", "9.60",
];

/// Each written rate once per term, as text.
fn rates(inv: &Facts) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut buf = String::new();
    for (_, bt, _, rate) in taxes(inv) {
        let Some(rate) = rate else { continue };
        let text = plain(&mut buf, rate);
        if !out.iter().any(|(b, t)| *b == bt && t == text) {
            out.push((bt, text.to_string()));
        }
    }
    out
}

pub fn br_fr_16(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (bt, rate) in rates(inv) {
        if !RATES.contains(&rate.as_str()) {
            out.push(block(
                "BR-FR-16",
                bt,
                format!("BR-FR-16/{bt} : Le taux de TVA ({bt}) doit être exprimé en pourcentage sans symbole « % » et faire partie des valeurs autorisées (20, 10, 8,5, 5,5, 2,1, 0...). Taux fourni : « {rate} »."),
                format!("BR-FR-16/{bt}: the VAT rate must be a percentage among the French rates (20, 10, 8.5, 5.5, 2.1, 0...). Rate given: « {rate} »."),
            ));
        }
    }
}

pub fn br_fr_dec_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    for (bt, rate) in rates(inv) {
        if !valid_percent(&rate) {
            out.push(block(
                "BR-FR-DEC-04",
                bt,
                format!("BR-FR-DEC-04/{bt} : Le taux de TVA « {rate} » est invalide. Il doit : - être un nombre strictement positif (sans signe « - »), - comporter au plus 2 décimales (séparateur « . »), - contenir au maximum 4 caractères (hors séparateur)."),
                format!("BR-FR-DEC-04/{bt}: the VAT rate « {rate} » is invalid: it must be positive, with at most 2 decimals and 4 digits."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{d, fires, silent, valid};
    use super::*;

    #[test]
    fn br_fr_15_french_vat_categories() {
        let mut broken = valid();
        broken.lines[0].vat_category = "L".into();
        fires(br_fr_15, "BR-FR-15", &broken);
        broken.lines[0].vat_category = "X".into();
        fires(br_fr_15, "BR-FR-15", &broken);
        let mut ok = valid();
        ok.lines[1].vat_category = "E".into();
        ok.lines[1].vat_rate = Some(d("0"));
        silent(br_fr_15, &ok);
    }

    #[test]
    fn br_fr_16_french_vat_rates_as_written() {
        let mut broken = valid();
        broken.lines[0].vat_rate = Some(d("19"));
        fires(br_fr_16, "BR-FR-16", &broken);
        broken.lines[0].vat_rate = Some(d("20.000"));
        fires(br_fr_16, "BR-FR-16", &broken);
        let mut ok = valid();
        ok.lines[0].vat_rate = Some(d("5.5"));
        ok.lines[1].vat_rate = Some(d("2.10"));
        silent(br_fr_16, &ok);
    }

    #[test]
    fn br_fr_dec_04_rates_of_at_most_two_decimals() {
        let mut broken = valid();
        broken.lines[0].vat_rate = Some(d("5.555"));
        fires(br_fr_dec_04, "BR-FR-DEC-04", &broken);
        broken.lines[0].vat_rate = Some(d("-20"));
        fires(br_fr_dec_04, "BR-FR-DEC-04", &broken);
        let mut ok = valid();
        ok.lines[0].vat_rate = Some(d("19"));
        silent(br_fr_dec_04, &ok);
    }
}

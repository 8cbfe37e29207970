//! BR-21..BR-27 and BR-CO-04: what every invoice line must carry. BR-22 (quantity), BR-24
//! (line net amount) and BR-26 (net price) cannot fail here: the model always
//! holds a quantity and a price, and the engine computes BT-131 when absent.

use super::support::{blank, block, lines_fr};
use crate::model::{Invoice, Line};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

/// A line as the accountant finds it: its identifier, or its rank when it has none.
fn label(position: usize, line: &Line) -> String {
    if line.id.trim().is_empty() {
        format!("n° {}", position + 1)
    } else {
        line.id.trim().to_string()
    }
}

/// The labels of the lines `bad` picks, or `None` when every line is fine.
fn offending(inv: &Invoice, mut bad: impl FnMut(&Line) -> bool) -> Option<String> {
    let labels: Vec<String> = inv
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| bad(l))
        .map(|(i, l)| label(i, l))
        .collect();
    (!labels.is_empty()).then(|| lines_fr(labels.iter().map(String::as_str)))
}

pub fn br_21(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = offending(inv, |l| l.id.trim().is_empty()) {
        out.push(block(
            "BR-21",
            "BT-126",
            format!("Chaque ligne de facture (BG-25) doit avoir un identifiant de ligne (BT-126) : {which}."),
            "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).",
        ));
    }
}

pub fn br_23(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // A file's line lacks BT-130 when its `unitCode` attribute is absent; an empty
    // `unitCode=""` is a code outside the list (BR-CL-23). Written from the form or a
    // JSON, a blank unit is no unit.
    let absent: Vec<bool> = match &inv.file {
        Some(f) => f.lines.iter().map(|l| !l.unit_code).collect(),
        None => Vec::new(),
    };
    let from_file = inv.from_file();
    let mut rank = 0;
    let bad = offending(inv, |l| {
        rank += 1;
        if from_file {
            absent.get(rank - 1).copied().unwrap_or(false)
        } else {
            l.unit_code.trim().is_empty()
        }
    });
    if let Some(which) = bad {
        out.push(block(
            "BR-23",
            "BT-130",
            format!(
                "Chaque ligne de facture (BG-25) doit avoir un code d'unité de mesure (BT-130), par exemple C62 (unité) ou HUR (heure) : {which}."
            ),
            "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).",
        ));
    }
}

pub fn br_25(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = offending(inv, |l| blank(l.name.as_ref())) {
        out.push(block(
            "BR-25",
            "BT-153",
            format!("Chaque ligne de facture (BG-25) doit porter le nom de l'article (BT-153) : renseignez le libellé de la {which}."),
            "Each Invoice line (BG-25) shall contain the Item name (BT-153).",
        ));
    }
}

pub fn br_27(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // A file's line without BT-146 fails too: the schematron's `ChargeAmount >= 0`
    // is false on an absent price (BR-26 says it is missing).
    let missing: Vec<bool> = match &inv.file {
        Some(f) => f.lines.iter().map(|l| !l.net_price).collect(),
        None => Vec::new(),
    };
    let mut rank = 0;
    let bad = offending(inv, |l| {
        rank += 1;
        l.net_price < Decimal::ZERO || missing.get(rank - 1).copied().unwrap_or(false)
    });
    if let Some(which) = bad {
        out.push(block(
            "BR-27",
            "BT-146",
            format!(
                "Le prix unitaire net de l'article (BT-146) ne doit pas être négatif ({which}) : pour une remise, utilisez une remise de ligne ou une quantité négative, ou émettez un avoir."
            ),
            "The Item net price (BT-146) shall NOT be negative.",
        ));
    }
}

pub fn br_28(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = offending(inv, |l| l.gross_price.is_some_and(|g| g < Decimal::ZERO)) {
        out.push(block(
            "BR-28",
            "BT-148",
            format!(
                "Le prix unitaire brut de l'article (BT-148) ne doit pas être négatif ({which})."
            ),
            "The Item gross price (BT-148) shall NOT be negative.",
        ));
    }
}

pub fn br_co_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if let Some(which) = offending(inv, |l| l.vat_category.trim().is_empty()) {
        out.push(block(
            "BR-CO-04",
            "BT-151",
            format!(
                "Chaque ligne de facture (BG-25) doit avoir une catégorie de TVA (BT-151) : mettez une taxe sur la {which} (taux normal, exonération, autoliquidation...)."
            ),
            "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).",
        ));
    }
}

/// BR-54: every item attribute (BG-32, read from a file only) has its name (BT-160)
/// and its value (BT-161).
pub fn br_54(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let count = inv.file.as_ref().map_or(0, |f| f.attributes_incomplete);
    if count > 0 {
        out.push(block(
            "BR-54",
            "BG-32",
            format!("Chaque attribut d'article (BG-32) doit avoir un nom (BT-160) et une valeur (BT-161) : {count} incomplet(s) dans le fichier."),
            "Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{d, fires, silent};

    #[test]
    fn an_item_attribute_without_value_breaks_br_54() {
        let xml = crate::rules::en16931::fixture::valid_xml();
        let with = |attribute: &str| {
            let end = "</ram:SpecifiedTradeProduct>";
            let inv = crate::cii::read(&xml.replacen(
                end,
                &format!("<ram:ApplicableProductCharacteristic>{attribute}</ram:ApplicableProductCharacteristic>{end}"),
                1,
            ))
            .unwrap();
            crate::rules::en16931::fixture::run(br_54, &inv)
        };
        assert!(
            with("<ram:Description>Couleur</ram:Description><ram:Value>Bleu</ram:Value>")
                .is_empty()
        );
        let out = with("<ram:Description>Couleur</ram:Description>");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, "BR-54");
    }

    #[test]
    fn br_21_fires_on_line_without_id_and_names_it_by_rank() {
        let diag = fires(br_21, "BR-21", |i| i.lines[1].id = " ".into());
        assert!(
            diag.message_fr.contains("ligne n° 2"),
            "{}",
            diag.message_fr
        );
    }
    #[test]
    fn br_21_silent_with_ids() {
        silent(br_21, |i| i.lines[0].id = "A".into());
    }

    #[test]
    fn br_23_fires_on_line_without_unit() {
        let diag = fires(br_23, "BR-23", |i| {
            i.lines[0].unit_code = String::new();
            i.lines[1].unit_code = String::new();
        });
        assert!(
            diag.message_fr.contains("lignes 1, 2"),
            "{}",
            diag.message_fr
        );
    }
    #[test]
    fn br_23_silent_with_hours() {
        silent(br_23, |i| i.lines[0].unit_code = "HUR".into());
    }

    #[test]
    fn br_25_fires_on_line_without_name() {
        fires(br_25, "BR-25", |i| i.lines[0].name = None);
    }
    #[test]
    fn br_25_silent_with_names() {
        silent(br_25, |i| i.lines[0].description = None);
    }

    #[test]
    fn br_27_fires_on_negative_price() {
        fires(br_27, "BR-27", |i| i.lines[0].net_price = d("-0.01"));
    }
    #[test]
    fn br_27_silent_on_zero_price_and_negative_quantity() {
        silent(br_27, |i| {
            i.lines[0].net_price = Decimal::ZERO;
            i.lines[1].quantity = d("-1");
        });
    }

    #[test]
    fn br_co_04_fires_on_line_without_tax() {
        let diag = fires(br_co_04, "BR-CO-04", |i| {
            i.lines[1].vat_category = String::new()
        });
        assert!(diag.message_fr.contains("ligne 2"), "{}", diag.message_fr);
    }
    #[test]
    fn br_co_04_silent_with_categories() {
        silent(br_co_04, |i| i.lines[1].vat_category = "E".into());
    }
}

#[cfg(test)]
mod price_tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, run, silent};

    #[test]
    fn br_28_fires_on_a_negative_gross_price_only() {
        silent(br_28, |i| i.lines[0].gross_price = Some(Decimal::ZERO));
        let d = fires(br_28, "BR-28", |i| {
            i.lines[1].gross_price = Some(-Decimal::ONE)
        });
        assert!(d.message_fr.contains("ligne 2"), "{}", d.message_fr);
    }

    #[test]
    fn br_27_fires_on_a_file_line_without_net_price() {
        let mut inv = file_invoice();
        assert!(run(br_27, &inv).is_empty());
        if let Some(f) = inv.file.as_mut() {
            f.lines[0].net_price = false;
        }
        assert!(fires_on(br_27, "BR-27", &inv)
            .message_fr
            .contains("ligne 1"));
    }
}

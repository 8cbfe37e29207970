//! BR-B-01 and BR-B-02: Italy's split payment (« scissione dei pagamenti », category
//! B). Not a French invoice's, but an EN 16931 rule: a B invoice is Italian through and
//! through, and B and the standard rate S do not mix.

use super::support::block;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

/// Every category code of the invoice: lines, allowances, charges and breakdown, as
/// the schematron's `//ram:CategoryCode` finds them.
fn categories<'a>(inv: &'a Facts) -> impl Iterator<Item = &'a str> + 'a {
    inv.lines
        .iter()
        .map(|l| l.vat_category.as_str())
        .chain(
            inv.allowances
                .iter()
                .chain(&inv.charges)
                .map(|a| a.vat_category.as_str()),
        )
        .chain(inv.vat_breakdown.iter().map(|b| b.category.as_str()))
}

fn split_payment(inv: &Facts) -> bool {
    categories(inv).any(|c| c == "B")
}

/// Every country code of the invoice: a file's, wherever written; else the parties'
/// and the deliver-to country, which is what the writer writes.
fn countries<'a>(inv: &'a Facts) -> Vec<&'a str> {
    match &inv.file {
        Some(file) => file.country_ids.iter().map(String::as_str).collect(),
        None => [
            inv.seller.address.country.as_ref(),
            inv.buyer.address.country.as_ref(),
            inv.tax_representative
                .as_ref()
                .and_then(|r| r.address.country.as_ref()),
            inv.delivery_country.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect(),
    }
}

pub fn br_b_01(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if split_payment(inv) && countries(inv).iter().any(|c| *c != "IT") {
        out.push(block(
            "BR-B-01",
            "BT-151",
            "Le paiement scindé (catégorie B) n'existe que pour les factures italiennes : tous les pays de la facture doivent être IT.",
            "An Invoice where the VAT category code (BT-151, BT-95 or BT-102) is \"Split payment\" shall be a domestic Italian invoice.",
        ));
    }
}

pub fn br_b_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if split_payment(inv) && categories(inv).any(|c| c == "S") {
        out.push(block(
            "BR-B-02",
            "BT-151",
            "Une facture en paiement scindé (catégorie B) ne peut pas contenir de lignes, remises, frais ou récapitulatif au taux normal (catégorie S).",
            "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Split payment\" shall not contain an invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Standard rated\".",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{fires, silent};

    #[test]
    fn split_payment_is_italian_only() {
        silent(br_b_01, |_| {});
        let italian = |inv: &mut crate::model::Invoice| {
            inv.seller.address.country = Some("IT".into());
            inv.buyer.address.country = Some("IT".into());
            inv.lines[0].vat_category = "B".into();
        };
        silent(br_b_01, italian);
        fires(br_b_01, "BR-B-01", |inv| {
            inv.lines[0].vat_category = "B".into()
        });
    }

    #[test]
    fn split_payment_and_standard_rate_do_not_mix() {
        silent(br_b_02, |_| {});
        fires(br_b_02, "BR-B-02", |inv| {
            inv.lines[0].vat_category = "B".into()
        });
    }
}

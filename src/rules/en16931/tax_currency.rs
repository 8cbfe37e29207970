//! BR-53 and BR-DEC-15: a VAT accounting currency (BT-6) other than the invoice's
//! comes with the VAT total in that currency (BT-111), of two decimals at most. BT-6
//! and BT-111 are not in the model: only a file carries them (`FileFacts`).

use super::support::block;
use crate::model::amount::parse_decimal;
use crate::model::FileFacts;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

fn tax_currency<'a>(inv: &'a Facts) -> Option<(&'a FileFacts, &'a str)> {
    let file = inv.file.as_deref()?;
    Some((file, file.tax_currency.as_deref()?))
}

pub fn br_53(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some((file, code)) = tax_currency(inv) else {
        return;
    };
    let in_tax_currency = file
        .tax_totals
        .iter()
        .any(|(currency, _)| currency.as_deref() == Some(code));
    if !in_tax_currency || code == inv.currency {
        out.push(block(
            "BR-53",
            "BT-111",
            format!("La devise de comptabilisation de la TVA (BT-6, « {code} ») doit différer de celle de la facture et s'accompagner du montant total de TVA dans cette devise (BT-111)."),
            "If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.",
        ));
    }
}

pub fn br_dec_15(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some((file, code)) = tax_currency(inv) else {
        return;
    };
    // `TaxTotalAmount[@currencyID = TaxCurrencyCode and . = round(. * 100) div 100]`:
    // some total in the tax currency whose value has no third decimal (`10.000` has none).
    let two_decimals = |text: &str| parse_decimal(text).is_ok_and(|v| v.normalize().scale() <= 2);
    let ok = file
        .tax_totals
        .iter()
        .any(|(currency, text)| currency.as_deref() == Some(code) && two_decimals(text));
    if !file.tax_totals.is_empty() && !ok {
        out.push(block(
            "BR-DEC-15",
            "BT-111",
            "Le montant total de TVA dans la devise de comptabilisation (BT-111) doit avoir au plus 2 décimales.",
            "The allowed maximum number of decimals for the Invoice total VAT amount in accounting currency (BT-111) is 2.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires_on, silent_on};

    fn with(code: &str, totals: &[(&str, &str)]) -> crate::model::Invoice {
        let mut inv = file_invoice();
        let file = inv.file.as_mut().unwrap();
        file.tax_currency = Some(code.into());
        file.tax_totals = totals
            .iter()
            .map(|(c, t)| (Some(c.to_string()), t.to_string()))
            .collect();
        inv
    }

    #[test]
    fn a_tax_currency_needs_its_total() {
        silent_on(br_53, &file_invoice());
        silent_on(br_53, &with("USD", &[("EUR", "70.10"), ("USD", "76.41")]));
        fires_on(br_53, "BR-53", &with("USD", &[("EUR", "70.10")]));
        fires_on(br_53, "BR-53", &with("EUR", &[("EUR", "70.10")]));
    }

    #[test]
    fn the_total_in_tax_currency_has_two_decimals_at_most() {
        silent_on(br_dec_15, &file_invoice());
        silent_on(
            br_dec_15,
            &with("USD", &[("EUR", "70.10"), ("USD", "76.410")]),
        );
        fires_on(
            br_dec_15,
            "BR-DEC-15",
            &with("USD", &[("EUR", "70.10"), ("USD", "76.415")]),
        );
    }
}

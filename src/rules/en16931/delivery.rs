//! BR-57: a deliver-to address (BG-15) gives its country (BT-80). The writer writes
//! the address only around the country; a file may hold one without.

use super::support::block;
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;

pub fn br_57(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let address = match &inv.file {
        Some(f) => f.delivery_address,
        None => inv.delivery_country.is_some(),
    };
    // `CountryID != ''`: a text of spaces passes, as in the schematron.
    if address && inv.delivery_country.as_deref().is_none_or(str::is_empty) {
        out.push(block(
            "BR-57",
            "BT-80",
            "L'adresse de livraison (BG-15) doit comporter le code pays (BT-80).",
            "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, silent, silent_on};

    #[test]
    fn a_deliver_to_address_without_country_breaks_br_57() {
        silent(br_57, |_| {});
        silent(br_57, |inv| inv.delivery_country = Some("DE".into()));
        fires(br_57, "BR-57", |inv| {
            inv.delivery_country = Some(String::new())
        });
        let mut inv = file_invoice();
        silent_on(br_57, &inv);
        inv.file.as_mut().unwrap().delivery_address = true;
        fires_on(br_57, "BR-57", &inv);
    }
}

//! BR-02..BR-16: what every invoice must carry. BR-01 (specification identifier)
//! cannot fail here: the profile always gives BT-24.

use super::support::{blank, block, missing_total};
use crate::model::{Address, Invoice, Totals};
use crate::rules::diagnostic::Diagnostic;
use crate::rules::facts::Facts;
use rust_decimal::Decimal;

pub fn br_02(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if blank(inv.number.as_ref()) {
        out.push(block(
            "BR-02",
            "BT-1",
            "La facture doit avoir un numéro de facture (BT-1) : validez la facture dans Odoo pour qu'elle reçoive son numéro.",
            "An Invoice shall have an Invoice number (BT-1).",
        ));
    }
}

pub fn br_03(inv: &Facts, out: &mut Vec<Diagnostic>) {
    // The schematron reads BT-2 only as a format 102 date.
    let not_102 = inv.file.as_ref().is_some_and(|f| {
        f.dates_not_102
            .iter()
            .any(|d| d == "IssueDateTime/DateTimeString")
    });
    if inv.issue_date.is_none() || not_102 {
        out.push(block(
            "BR-03",
            "BT-2",
            "La facture doit avoir une date de facturation (BT-2).",
            "An Invoice shall have an Invoice issue date (BT-2).",
        ));
    }
}

pub fn br_04(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.type_code.trim().is_empty() {
        out.push(block(
            "BR-04",
            "BT-3",
            "La facture doit avoir un code de type de facture (BT-3), par exemple 380 pour une facture ou 381 pour un avoir.",
            "An Invoice shall have an Invoice type code (BT-3).",
        ));
    }
}

pub fn br_05(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.currency.trim().is_empty() {
        out.push(block(
            "BR-05",
            "BT-5",
            "La facture doit avoir un code de devise (BT-5), par exemple EUR.",
            "An Invoice shall have an Invoice currency code (BT-5).",
        ));
    }
}

pub fn br_06(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if blank(inv.seller.name.as_ref()) {
        out.push(block(
            "BR-06",
            "BT-27",
            "La facture doit indiquer la raison sociale du vendeur (BT-27) : renseignez le nom de votre société.",
            "An Invoice shall contain the Seller name (BT-27).",
        ));
    }
}

pub fn br_07(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if blank(inv.buyer.name.as_ref()) {
        out.push(block(
            "BR-07",
            "BT-44",
            "La facture doit indiquer le nom de l'acheteur (BT-44) : renseignez le nom du client.",
            "An Invoice shall contain the Buyer name (BT-44).",
        ));
    }
}

/// An address with nothing in it is not written at all.
pub(super) fn empty(address: &Address) -> bool {
    [
        &address.line1,
        &address.line2,
        &address.line3,
        &address.city,
        &address.postcode,
        &address.subdivision,
        &address.country,
    ]
    .into_iter()
    .all(|f| blank(f.as_ref()))
}

pub fn br_08(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if empty(&inv.seller.address) {
        out.push(block(
            "BR-08",
            "BG-5",
            "La facture doit contenir l'adresse postale du vendeur (BG-5) : complétez l'adresse de votre société.",
            "An Invoice shall contain the Seller postal address (BG-5).",
        ));
    }
}

pub fn br_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if blank(inv.seller.address.country.as_ref()) {
        out.push(block(
            "BR-09",
            "BT-40",
            "L'adresse du vendeur (BG-5) doit comporter le code pays (BT-40) : renseignez le pays de votre société.",
            "The Seller postal address (BG-5) shall contain a Seller country code (BT-40).",
        ));
    }
}

pub fn br_10(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if empty(&inv.buyer.address) {
        out.push(block(
            "BR-10",
            "BG-8",
            "La facture doit contenir l'adresse postale de l'acheteur (BG-8) : complétez l'adresse du client.",
            "An Invoice shall contain the Buyer postal address (BG-8).",
        ));
    }
}

pub fn br_11(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if blank(inv.buyer.address.country.as_ref()) {
        out.push(block(
            "BR-11",
            "BT-55",
            "L'adresse de l'acheteur doit comporter le code pays (BT-55) : renseignez le pays du client.",
            "The Buyer postal address shall contain a Buyer country code (BT-55).",
        ));
    }
}

/// BR-12..BR-15: the engine computes the totals when none are declared, so only
/// a declared BG-22 (a file read) can lack one.
fn required_total(
    inv: &Invoice,
    out: &mut Vec<Diagnostic>,
    pick: fn(&Totals) -> Option<Decimal>,
    (rule, bt, fr, en): (&str, &str, &str, &str),
) {
    if missing_total(inv, pick) {
        out.push(block(rule, bt, fr, en));
    }
}

pub fn br_12(inv: &Facts, out: &mut Vec<Diagnostic>) {
    required_total(
        inv,
        out,
        |t| t.line_total,
        (
            "BR-12",
            "BT-106",
            "La facture doit indiquer la somme des montants nets des lignes (BT-106).",
            "An Invoice shall have the Sum of Invoice line net amount (BT-106).",
        ),
    );
}

pub fn br_13(inv: &Facts, out: &mut Vec<Diagnostic>) {
    required_total(
        inv,
        out,
        |t| t.tax_exclusive,
        (
            "BR-13",
            "BT-109",
            "La facture doit indiquer le montant total hors TVA (BT-109).",
            "An Invoice shall have the Invoice total amount without VAT (BT-109).",
        ),
    );
}

pub fn br_14(inv: &Facts, out: &mut Vec<Diagnostic>) {
    required_total(
        inv,
        out,
        |t| t.grand_total,
        (
            "BR-14",
            "BT-112",
            "La facture doit indiquer le montant total TVA comprise (BT-112).",
            "An Invoice shall have the Invoice total amount with VAT (BT-112).",
        ),
    );
}

pub fn br_15(inv: &Facts, out: &mut Vec<Diagnostic>) {
    required_total(
        inv,
        out,
        |t| t.due_payable,
        (
            "BR-15",
            "BT-115",
            "La facture doit indiquer le montant net à payer (BT-115).",
            "An Invoice shall have the Amount due for payment (BT-115).",
        ),
    );
}

pub fn br_16(inv: &Facts, out: &mut Vec<Diagnostic>) {
    if inv.lines.is_empty() {
        out.push(block(
            "BR-16",
            "BG-25",
            "La facture doit comporter au moins une ligne de facture (BG-25).",
            "An Invoice shall have at least one Invoice line (BG-25).",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::en16931::fixture::{fires, silent, silent_on, valid_json_invoice};

    #[test]
    fn br_02_fires_without_number() {
        fires(br_02, "BR-02", |i| i.number = Some("  ".into()));
    }
    #[test]
    fn br_02_silent_with_number() {
        silent(br_02, |i| i.number = Some("1".into()));
    }

    #[test]
    fn br_03_fires_without_issue_date() {
        fires(br_03, "BR-03", |i| i.issue_date = None);
    }
    #[test]
    fn br_03_silent_with_issue_date() {
        silent(br_03, |_| {});
    }

    #[test]
    fn br_04_fires_without_type_code() {
        fires(br_04, "BR-04", |i| i.type_code = String::new());
    }
    #[test]
    fn br_04_silent_for_credit_note() {
        silent(br_04, |i| i.type_code = "381".into());
    }

    #[test]
    fn br_05_fires_without_currency() {
        fires(br_05, "BR-05", |i| i.currency = " ".into());
    }
    #[test]
    fn br_05_silent_with_currency() {
        silent(br_05, |_| {});
    }

    #[test]
    fn br_06_fires_without_seller_name() {
        fires(br_06, "BR-06", |i| i.seller.name = None);
    }
    #[test]
    fn br_06_silent_with_seller_name() {
        silent(br_06, |i| i.buyer.name = None);
    }

    #[test]
    fn br_07_fires_without_buyer_name() {
        fires(br_07, "BR-07", |i| i.buyer.name = Some(String::new()));
    }
    #[test]
    fn br_07_silent_with_buyer_name() {
        silent(br_07, |i| i.seller.name = None);
    }

    #[test]
    fn br_08_fires_without_seller_address() {
        fires(br_08, "BR-08", |i| i.seller.address = Address::default());
    }
    #[test]
    fn br_08_silent_with_country_only() {
        silent(br_08, |i| {
            i.seller.address = Address {
                country: Some("FR".into()),
                ..Address::default()
            }
        });
    }

    #[test]
    fn br_09_fires_without_seller_country() {
        fires(br_09, "BR-09", |i| i.seller.address.country = None);
    }
    #[test]
    fn br_09_silent_with_seller_country() {
        silent(br_09, |i| i.buyer.address.country = None);
    }

    #[test]
    fn br_10_fires_without_buyer_address() {
        fires(br_10, "BR-10", |i| i.buyer.address = Address::default());
    }
    #[test]
    fn br_10_silent_with_buyer_address() {
        silent(br_10, |i| i.seller.address = Address::default());
    }

    #[test]
    fn br_11_fires_without_buyer_country() {
        fires(br_11, "BR-11", |i| {
            i.buyer.address.country = Some(" ".into())
        });
    }
    #[test]
    fn br_11_silent_with_buyer_country() {
        silent(br_11, |i| i.seller.address.country = None);
    }

    fn totals_mut(i: &mut Invoice) -> &mut Totals {
        i.totals.get_or_insert_with(Totals::default)
    }

    #[test]
    fn br_12_fires_when_declared_totals_lack_line_total() {
        fires(br_12, "BR-12", |i| totals_mut(i).line_total = None);
    }
    #[test]
    fn br_12_silent_when_engine_computes_totals() {
        silent_on(br_12, &valid_json_invoice());
    }

    #[test]
    fn br_13_fires_when_declared_totals_lack_tax_exclusive() {
        fires(br_13, "BR-13", |i| totals_mut(i).tax_exclusive = None);
    }
    #[test]
    fn br_13_silent_when_engine_computes_totals() {
        silent(br_13, |i| i.totals = None);
    }

    #[test]
    fn br_14_fires_when_declared_totals_lack_grand_total() {
        fires(br_14, "BR-14", |i| totals_mut(i).grand_total = None);
    }
    #[test]
    fn br_14_silent_when_engine_computes_totals() {
        silent(br_14, |i| i.totals = None);
    }

    #[test]
    fn br_15_fires_when_declared_totals_lack_due_payable() {
        fires(br_15, "BR-15", |i| totals_mut(i).due_payable = None);
    }
    #[test]
    fn br_15_silent_when_declared() {
        silent(br_15, |_| {});
    }

    #[test]
    fn br_16_fires_without_lines() {
        fires(br_16, "BR-16", |i| i.lines.clear());
    }
    #[test]
    fn br_16_silent_with_one_line() {
        silent(br_16, |i| i.lines.truncate(1));
    }
}

pub fn br_29(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(period) = &inv.invoicing_period else {
        return;
    };
    if let (Some(start), Some(end)) = (period.start, period.end) {
        if end < start {
            out.push(block(
                "BR-29",
                "BT-74",
                format!("La fin de la période de facturation (BT-74, {end}) précède son début (BT-73, {start})."),
                "If both Invoicing period start date (BT-73) and Invoicing period end date (BT-74) are given then the Invoicing period end date (BT-74) shall be later or equal to the Invoicing period start date (BT-73).",
            ));
        }
    }
}

/// ISO 3166-1 alpha-2 codes, plus EL (Greece) and 1A (Kosovo), as the schematron lists them.
fn vat_prefix_known(id: &str) -> bool {
    let prefix = id.get(0..2).unwrap_or_default();
    prefix == "EL" || prefix == "1A" || super::code_lists::is_country(prefix)
}

pub fn br_co_09(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let ids = [
        inv.seller.vat_id.as_ref(),
        inv.buyer.vat_id.as_ref(),
        inv.tax_representative
            .as_ref()
            .and_then(|r| r.vat_id.as_ref()),
    ];
    let bad: Vec<&str> = ids
        .into_iter()
        .flatten()
        .filter(|id| !vat_prefix_known(id))
        .map(String::as_str)
        .collect();
    if !bad.is_empty() {
        out.push(block(
            "BR-CO-09",
            "BT-31",
            format!(
                "Un numéro de TVA (BT-31, BT-48, BT-63) commence par le code ISO 3166-1 du pays (FR pour la France) : « {} » n'en a pas.",
                bad.join(" », « ")
            ),
            "The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix 'EL'.",
        ));
    }
}

pub fn br_co_26(inv: &Facts, out: &mut Vec<Diagnostic>) {
    let s = &inv.seller;
    if s.id.is_none() && s.legal_id.is_none() && s.vat_id.is_none() {
        out.push(block(
            "BR-CO-26",
            "BT-30",
            "Le vendeur doit être identifiable : indiquez son SIRET (BT-30), son numéro de TVA (BT-31) ou un identifiant (BT-29).",
            "In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.",
        ));
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;
    use crate::model::{Date, Period};
    use crate::rules::en16931::fixture::{file_invoice, fires, fires_on, run, silent};

    #[test]
    fn a_file_issue_date_not_in_format_102_breaks_br_03() {
        let mut inv = file_invoice();
        assert!(run(br_03, &inv).is_empty());
        if let Some(f) = inv.file.as_mut() {
            f.dates_not_102.push("IssueDateTime/DateTimeString".into());
        }
        fires_on(br_03, "BR-03", &inv);
    }

    #[test]
    fn an_invoicing_period_ends_after_it_starts() {
        let period = |s, e| Period {
            start: Date::new(2026, 11, s).ok(),
            end: Date::new(2026, 11, e).ok(),
        };
        silent(br_29, |inv| inv.invoicing_period = Some(period(1, 1)));
        fires(br_29, "BR-29", |inv| {
            inv.invoicing_period = Some(period(2, 1))
        });
    }

    #[test]
    fn vat_identifiers_start_with_a_country_code() {
        silent(br_co_09, |_| {});
        silent(br_co_09, |inv| {
            inv.seller.vat_id = Some("EL123456789".into())
        });
        let d = fires(br_co_09, "BR-CO-09", |inv| {
            inv.buyer.vat_id = Some("XX12212902325".into())
        });
        assert!(d.message_fr.contains("XX12212902325"));
    }

    #[test]
    fn the_seller_is_identified_somehow() {
        silent(br_co_26, |_| {});
        let strip = |inv: &mut crate::model::Invoice| {
            inv.seller.legal_id = None;
            inv.seller.vat_id = None;
        };
        fires(br_co_26, "BR-CO-26", strip);
        silent(br_co_26, |inv| {
            strip(inv);
            inv.seller.id = Some("12345".into());
        });
    }
}

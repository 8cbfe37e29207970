//! BR-CO-10..16 hold exactly in the file itself: the totals read back from the XML
//! the engine writes satisfy every identity, to the cent, for invoices with random
//! lines, document allowances and charges (several VAT rates), prepaid and rounding
//! amounts.

use chorus_guard::model::{DocumentAllowanceCharge, Invoice};
use chorus_guard::Input;
use proptest::prelude::*;
use rust_decimal::Decimal;

const BASE: &str = include_str!("conformance/invoices/10_document_allowance_and_charge.json");

fn base() -> Invoice {
    match chorus_guard::parse_json(BASE) {
        Ok(Input::Invoice(i)) => *i,
        other => panic!("base invoice: {other:?}"),
    }
}

fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..max).prop_map(|c| Decimal::new(c, 2))
}

fn rate() -> impl Strategy<Value = Decimal> {
    prop::sample::select(vec![
        Decimal::new(20, 0),
        Decimal::new(10, 0),
        Decimal::new(55, 1),
        Decimal::new(21, 1),
    ])
}

fn allowance_charge() -> impl Strategy<Value = DocumentAllowanceCharge> {
    (cents(1_000_000), rate()).prop_map(|(amount, rate)| DocumentAllowanceCharge {
        amount,
        base_amount: None,
        percentage: None,
        vat_category: "S".into(),
        vat_rate: Some(rate),
        reason: Some("Remise".into()),
        reason_code: None,
    })
}

prop_compose! {
    fn invoice()(
        // Up to 10^10 a line, 7 lines: within the engine's 999 999 999 999 limit.
        lines in prop::collection::vec((1i64..10_000, 0u32..4, 1i64..1_000_000, 0u32..5, rate()), 1..8),
        allowances in prop::collection::vec(allowance_charge(), 0..4),
        charges in prop::collection::vec(allowance_charge(), 0..4),
        prepaid in prop::option::of(cents(100_000)),
        rounding in prop::option::of((-99i64..100).prop_map(|c| Decimal::new(c, 2))),
    ) -> Invoice {
        let mut x = base();
        let Some(template) = x.lines.first().cloned() else {
            return x;
        };
        x.lines = lines
            .into_iter()
            .enumerate()
            .map(|(i, (q, qs, p, ps, rate))| {
                let mut l = template.clone();
                l.id = (i + 1).to_string();
                l.quantity = Decimal::new(q, qs);
                l.net_price = Decimal::new(p, ps);
                l.vat_category = "S".into();
                l.vat_rate = Some(rate);
                l.net_amount = None;
                l.allowances.clear();
                l.charges.clear();
                l
            })
            .collect();
        x.allowances = allowances;
        x.charges = charges;
        x.prepaid_amount = prepaid;
        x.rounding_amount = rounding;
        x.vat_breakdown.clear();
        x.totals = None;
        x
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_written_totals_keep_br_co_10_to_16(x in invoice()) {
        let xml = chorus_guard::xml(&x, None).map_err(|e| TestCaseError::fail(e.message_fr))?;
        let back = chorus_guard::read(&xml).map_err(|e| TestCaseError::fail(e.message_fr))?;
        let z = Decimal::ZERO;
        let t = back.totals.clone().unwrap_or_default();
        let sum = |v: &[DocumentAllowanceCharge]| v.iter().map(|a| a.amount).sum::<Decimal>();
        let lines: Decimal = back.lines.iter().filter_map(|l| l.net_amount).sum();
        // BR-CO-10: sum of line net amounts.
        prop_assert_eq!(t.line_total, Some(lines));
        // BR-CO-11 / BR-CO-12: sums of document allowances and charges (absent when none).
        prop_assert_eq!(t.allowance_total.unwrap_or(z), sum(&back.allowances));
        prop_assert_eq!(t.charge_total.unwrap_or(z), sum(&back.charges));
        // BR-CO-13: total without VAT.
        prop_assert_eq!(t.tax_exclusive, Some(lines - sum(&back.allowances) + sum(&back.charges)));
        // BR-CO-14: VAT total = sum of the breakdown's VAT amounts.
        let vat: Decimal = back.vat_breakdown.iter().filter_map(|b| b.tax_amount).sum();
        prop_assert_eq!(t.tax_total.unwrap_or(z), vat);
        // BR-CO-15: total with VAT.
        prop_assert_eq!(t.grand_total, Some(t.tax_exclusive.unwrap_or(z) + t.tax_total.unwrap_or(z)));
        // BR-CO-16: amount due.
        prop_assert_eq!(
            t.due_payable,
            Some(t.grand_total.unwrap_or(z) - back.prepaid_amount.unwrap_or(z) + back.rounding_amount.unwrap_or(z))
        );
        // And every one of them is what the engine computed, not just consistent.
        prop_assert_eq!(back.totals, x.completed().totals);
    }
}

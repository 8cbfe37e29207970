//! Property tests: for arbitrary invoices the engine's totals obey EN 16931's
//! identities exactly (BR-CO-10, BR-CO-13..16), every amount has two decimals, and
//! our own XML reads back to the same invoice.

use chorus_guard::model::totals::{line_net_amount, totals, vat_breakdown};
use chorus_guard::model::{
    Address, DocumentAllowanceCharge, Invoice, Line, LineAllowanceCharge, Party, PaymentMeans,
    Profile,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn dec(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

fn rate() -> impl Strategy<Value = (String, Option<Decimal>)> {
    prop_oneof![
        Just(("S".to_string(), Some(dec(20, 0)))),
        Just(("S".to_string(), Some(dec(10, 0)))),
        Just(("S".to_string(), Some(dec(55, 1)))),
        Just(("S".to_string(), Some(dec(21, 1)))),
        Just(("Z".to_string(), Some(dec(0, 0)))),
    ]
}

prop_compose! {
    fn line()(
        qty in 1i64..10_000, qty_scale in 0u32..4,
        price in 0i64..1_000_000, price_scale in 0u32..5,
        allowance in proptest::option::of(0i64..1000),
        charge in proptest::option::of(0i64..1000),
        (vat_category, vat_rate) in rate(),
        name in "\\PC{0,40}",
    ) -> Line {
        Line {
            id: String::new(),
            note: None,
            name: Some(name),
            description: None,
            seller_item_id: None,
            quantity: dec(qty, qty_scale),
            unit_code: "C62".into(),
            net_price: dec(price, price_scale),
            gross_price: None,
            price_base_quantity: None,
            allowances: allowance.map(|a| LineAllowanceCharge { amount: dec(a, 2), base_amount: None, percentage: None, reason: Some("Remise".into()), reason_code: None }).into_iter().collect(),
            charges: charge.map(|c| LineAllowanceCharge { amount: dec(c, 2), base_amount: None, percentage: None, reason: Some("Frais".into()), reason_code: None }).into_iter().collect(),
            vat_category,
            vat_rate,
            net_amount: None,
        }
    }
}

prop_compose! {
    fn invoice()(
        mut lines in proptest::collection::vec(line(), 1..12),
        allowance in proptest::option::of(0i64..5000),
        charge in proptest::option::of(0i64..5000),
        prepaid in proptest::option::of(0i64..5000),
        buyer_name in "\\PC{1,40}",
    ) -> Invoice {
        for (i, l) in lines.iter_mut().enumerate() {
            l.id = (i + 1).to_string();
        }
        let doc = |amount: i64, reason: &str| DocumentAllowanceCharge {
            amount: dec(amount, 2), base_amount: None, percentage: None,
            vat_category: "S".into(), vat_rate: Some(dec(20, 0)), reason: Some(reason.into()), reason_code: None,
        };
        let address = Address { line1: Some("1 rue de la Paix".into()), city: Some("Paris".into()), postcode: Some("75001".into()), country: Some("FR".into()), ..Address::default() };
        Invoice {
            profile: Profile::En16931,
            business_process: Some("A1".into()),
            number: Some("INV/2026/04/0003".into()),
            type_code: "380".into(),
            issue_date: Some(chorus_guard::model::Date::parse_iso("2026-04-02").expect("date")),
            currency: "EUR".into(),
            due_date: None,
            payment_terms: None,
            buyer_reference: Some("04AMIDEX".into()),
            contract_reference: None,
            purchase_order_reference: None,
            preceding_invoices: vec![],
            subject_notes: vec![],
            billing_framework: None,
            notes: vec![],
            delivery_date: None,
            invoicing_period: None,
            delivery_country: None,
            tax_representative: None,
            seller: Party { name: Some("SCIC UdN".into()), vat_id: Some("FR00123456789".into()), address: address.clone(), ..Party::default() },
            buyer: Party { name: Some(buyer_name), address, ..Party::default() },
            payment: Some(PaymentMeans { code: Some("30".into()), iban: Some("FR7630006000011234567890189".into()), ..PaymentMeans::default() }),
            allowances: allowance.map(|a| doc(a, "Remise")).into_iter().collect(),
            charges: charge.map(|c| doc(c, "Port")).into_iter().collect(),
            lines,
            vat_breakdown: vec![],
            prepaid_amount: prepaid.map(|p| dec(p, 2)),
            rounding_amount: None,
            totals: None,
            file: None,
        }
    }
}

fn two_decimals(d: Decimal) -> bool {
    d.round_dp(2) == d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn totals_identities_hold_exactly(inv in invoice()) {
        let t = totals(&inv);
        let z = Decimal::ZERO;
        let lines: Decimal = inv.lines.iter().map(line_net_amount).sum();
        // BR-CO-10
        prop_assert_eq!(t.line_total, Some(lines));
        // BR-CO-13
        prop_assert_eq!(
            t.tax_exclusive.unwrap_or(z),
            lines - t.allowance_total.unwrap_or(z) + t.charge_total.unwrap_or(z)
        );
        // BR-CO-14
        let breakdown = vat_breakdown(&inv);
        prop_assert_eq!(t.tax_total.unwrap_or(z), breakdown.iter().filter_map(|b| b.tax_amount).sum::<Decimal>());
        // BR-CO-15
        prop_assert_eq!(t.grand_total.unwrap_or(z), t.tax_exclusive.unwrap_or(z) + t.tax_total.unwrap_or(z));
        // BR-CO-16
        prop_assert_eq!(
            t.due_payable.unwrap_or(z),
            t.grand_total.unwrap_or(z) - inv.prepaid_amount.unwrap_or(z) + inv.rounding_amount.unwrap_or(z)
        );
        // BR-DEC: every amount has at most two decimals.
        for d in [t.line_total, t.tax_exclusive, t.tax_total, t.grand_total, t.due_payable].into_iter().flatten() {
            prop_assert!(two_decimals(d), "{} has more than two decimals", d);
        }
        for b in &breakdown {
            prop_assert!(two_decimals(b.taxable_amount.unwrap_or(z)) && two_decimals(b.tax_amount.unwrap_or(z)));
        }
        // The breakdown's taxable amounts add up to BT-109 (BR-CO-13 seen from BG-23).
        prop_assert_eq!(breakdown.iter().filter_map(|b| b.taxable_amount).sum::<Decimal>(), t.tax_exclusive.unwrap_or(z));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// `read(xml(x)) == x.completed()`: what we write is what we read, arbitrary
    /// Unicode names included.
    #[test]
    fn xml_round_trips(inv in invoice()) {
        let xml = chorus_guard::xml(&inv, None).expect("xml");
        let back = chorus_guard::read(&xml).expect("read");
        prop_assert_eq!(back.without_file_facts(), inv.completed());
    }
}

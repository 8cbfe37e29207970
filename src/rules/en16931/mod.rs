//! EN 16931 business rules, under their official ids and wording (taken from
//! the Factur-X 1.09 EN 16931 schematron). Every one blocks: Chorus Pro rejects
//! an invoice that breaks any of them.
//!
//! A rule fires only when the XML we would write (`invoice.completed()`), or the
//! file we read, breaks it. Written from the form or a JSON, the engine computes
//! what the invoice lacks (BT-131, BG-23, BG-22), so rules on totals compare declared
//! amounts only; read from a file (`Invoice::file` set), every declared figure is a
//! fact and a missing one is reported (BR-24, BR-45, BR-CO-18...), never computed.
//! The rules not implemented, and why: `docs/rules-not-implemented.md`.

pub mod allowance_amounts;
mod category;
mod code_lists;
pub mod codes;
pub mod core;
pub mod dates;
pub mod decimals;
pub mod delivery;
pub mod lines;
pub mod other_parties;
pub mod payment;
pub mod presence;
mod rated;
pub mod reasons;
pub mod references;
pub mod schemes;
mod support;
pub mod tax_currency;
pub mod totals;
mod untaxed;
pub mod vat_ae;
pub mod vat_af;
pub mod vat_ag;
pub mod vat_b;
pub mod vat_e;
pub mod vat_g;
pub mod vat_ic;
pub mod vat_o;
pub mod vat_s;
pub mod vat_z;

#[cfg(test)]
pub(crate) mod fixture;

use crate::rules::rule::InvoiceRule;

/// Every EN 16931 rule, family by family, in id order within each.
pub const RULES: &[InvoiceRule] = &[
    presence::br_01,
    core::br_02,
    core::br_03,
    core::br_04,
    core::br_05,
    core::br_06,
    core::br_07,
    core::br_08,
    core::br_09,
    core::br_10,
    core::br_11,
    core::br_12,
    core::br_13,
    core::br_14,
    core::br_15,
    core::br_16,
    other_parties::br_17,
    other_parties::br_18,
    other_parties::br_19,
    other_parties::br_20,
    lines::br_21,
    presence::br_22,
    lines::br_23,
    presence::br_24,
    lines::br_25,
    presence::br_26,
    lines::br_27,
    lines::br_28,
    core::br_29,
    dates::br_30,
    allowance_amounts::br_31,
    reasons::br_32,
    reasons::br_33,
    allowance_amounts::br_36,
    reasons::br_37,
    reasons::br_38,
    allowance_amounts::br_41,
    reasons::br_42,
    allowance_amounts::br_43,
    reasons::br_44,
    presence::br_45,
    presence::br_46,
    presence::br_47,
    presence::br_48,
    payment::br_49,
    payment::br_50,
    payment::br_51,
    references::br_52,
    tax_currency::br_53,
    lines::br_54,
    references::br_55,
    other_parties::br_56,
    delivery::br_57,
    payment::br_61,
    schemes::br_62,
    schemes::br_63,
    schemes::br_64,
    schemes::br_65,
    dates::br_co_03,
    core::br_co_09,
    lines::br_co_04,
    totals::br_co_10,
    totals::br_co_11,
    totals::br_co_12,
    totals::br_co_13,
    totals::br_co_14,
    totals::br_co_15,
    totals::br_co_16,
    totals::br_co_17,
    totals::br_co_18,
    dates::br_co_19,
    dates::br_co_20,
    reasons::br_co_21,
    reasons::br_co_22,
    reasons::br_co_23,
    reasons::br_co_24,
    core::br_co_26,
    vat_s::br_s_01,
    vat_s::br_s_02,
    vat_s::br_s_03,
    vat_s::br_s_04,
    vat_s::br_s_05,
    vat_s::br_s_06,
    vat_s::br_s_07,
    vat_s::br_s_08,
    vat_s::br_s_09,
    vat_s::br_s_10,
    vat_e::br_e_01,
    vat_e::br_e_02,
    vat_e::br_e_03,
    vat_e::br_e_04,
    vat_e::br_e_05,
    vat_e::br_e_06,
    vat_e::br_e_07,
    vat_e::br_e_08,
    vat_e::br_e_09,
    vat_e::br_e_10,
    vat_z::br_z_01,
    vat_z::br_z_02,
    vat_z::br_z_03,
    vat_z::br_z_04,
    vat_z::br_z_05,
    vat_z::br_z_06,
    vat_z::br_z_07,
    vat_z::br_z_08,
    vat_z::br_z_09,
    vat_z::br_z_10,
    vat_ae::br_ae_01,
    vat_ae::br_ae_02,
    vat_ae::br_ae_03,
    vat_ae::br_ae_04,
    vat_ae::br_ae_05,
    vat_ae::br_ae_06,
    vat_ae::br_ae_07,
    vat_ae::br_ae_08,
    vat_ae::br_ae_09,
    vat_ae::br_ae_10,
    vat_af::br_af_01,
    vat_af::br_af_02,
    vat_af::br_af_03,
    vat_af::br_af_04,
    vat_af::br_af_05,
    vat_af::br_af_06,
    vat_af::br_af_07,
    vat_af::br_af_08,
    vat_af::br_af_09,
    vat_af::br_af_10,
    vat_ag::br_ag_01,
    vat_ag::br_ag_02,
    vat_ag::br_ag_03,
    vat_ag::br_ag_04,
    vat_ag::br_ag_05,
    vat_ag::br_ag_06,
    vat_ag::br_ag_07,
    vat_ag::br_ag_08,
    vat_ag::br_ag_09,
    vat_ag::br_ag_10,
    vat_b::br_b_01,
    vat_b::br_b_02,
    vat_g::br_g_01,
    vat_g::br_g_02,
    vat_g::br_g_03,
    vat_g::br_g_04,
    vat_g::br_g_05,
    vat_g::br_g_06,
    vat_g::br_g_07,
    vat_g::br_g_08,
    vat_g::br_g_09,
    vat_g::br_g_10,
    vat_ic::br_ic_01,
    vat_ic::br_ic_02,
    vat_ic::br_ic_03,
    vat_ic::br_ic_04,
    vat_ic::br_ic_05,
    vat_ic::br_ic_06,
    vat_ic::br_ic_07,
    vat_ic::br_ic_08,
    vat_ic::br_ic_09,
    vat_ic::br_ic_10,
    vat_ic::br_ic_11,
    vat_ic::br_ic_12,
    vat_o::br_o_01,
    vat_o::br_o_02,
    vat_o::br_o_03,
    vat_o::br_o_04,
    vat_o::br_o_05,
    vat_o::br_o_06,
    vat_o::br_o_07,
    vat_o::br_o_08,
    vat_o::br_o_09,
    vat_o::br_o_10,
    vat_o::br_o_11,
    vat_o::br_o_12,
    vat_o::br_o_13,
    vat_o::br_o_14,
    decimals::br_dec_01,
    decimals::br_dec_02,
    decimals::br_dec_05,
    decimals::br_dec_06,
    decimals::br_dec_09,
    decimals::br_dec_10,
    decimals::br_dec_11,
    decimals::br_dec_12,
    decimals::br_dec_13,
    decimals::br_dec_14,
    tax_currency::br_dec_15,
    decimals::br_dec_16,
    decimals::br_dec_17,
    decimals::br_dec_18,
    decimals::br_dec_19,
    decimals::br_dec_20,
    decimals::br_dec_23,
    decimals::br_dec_24,
    decimals::br_dec_25,
    decimals::br_dec_27,
    decimals::br_dec_28,
    codes::br_cl_01,
    codes::br_cl_03,
    codes::br_cl_04,
    codes::br_cl_14,
    codes::br_cl_16,
    codes::br_cl_17,
    codes::br_cl_18,
    codes::br_cl_22,
    codes::br_cl_23,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::diagnostic::Diagnostic;

    fn all(invoice: &crate::model::Invoice) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let facts = crate::rules::facts::Facts::new(invoice);
        for rule in RULES {
            rule(&facts, &mut out);
        }
        out
    }

    #[test]
    fn complete_valid_invoice_passes_every_rule() {
        assert_eq!(all(&fixture::valid_invoice()), vec![]);
    }

    #[test]
    fn json_invoice_without_declared_amounts_passes_every_rule() {
        assert_eq!(all(&fixture::valid_json_invoice()), vec![]);
    }

    #[test]
    fn franchise_invoice_passes_every_rule() {
        let inv = fixture::franchise_invoice();
        assert_eq!(all(&inv), vec![]);
        assert_eq!(all(&inv.completed()), vec![]);
    }

    #[test]
    fn broken_invoice_gets_blocking_diagnostics_with_french_first() {
        let mut inv = fixture::valid_invoice();
        inv.number = None;
        inv.seller.vat_id = None;
        let out = all(&inv);
        let ids: Vec<&str> = out.iter().map(|d| d.rule.as_str()).collect();
        assert!(
            ids.contains(&"BR-02") && ids.contains(&"BR-S-02"),
            "{ids:?}"
        );
        assert!(out
            .iter()
            .all(|d| d.severity == crate::rules::diagnostic::Severity::Block));
    }

    #[test]
    fn amounts_that_would_overflow_do_not_panic() {
        let mut inv = fixture::valid_invoice();
        for line in &mut inv.lines {
            line.net_price = rust_decimal::Decimal::MAX;
            line.vat_rate = Some(fixture::d("99999999999999"));
        }
        inv.charges[0].amount = rust_decimal::Decimal::MIN;
        inv.prepaid_amount = Some(rust_decimal::Decimal::MAX);
        let out = all(&inv);
        assert!(out.iter().all(|d| !d.rule.starts_with("BR-CO")), "{out:#?}");
        let mut tiny = fixture::valid_json_invoice();
        tiny.lines[0].quantity = fixture::d("0.0000000000000000000000000001");
        tiny.lines[0].net_price = fixture::d("0.0000000000000000000000000001");
        assert_eq!(all(&tiny), vec![]);
    }
}

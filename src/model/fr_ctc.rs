//! What an invoice says once written under the `fr-ctc` profile (the French
//! e-invoicing reform). The CII writer and the BR-FR rules read these, so that the
//! rules judge exactly the file the writer makes.

use super::{Invoice, Party};

/// EAS scheme of the French e-invoicing directory (« annuaire »).
pub const DIRECTORY_SCHEME: &str = "0225";
/// ISO 6523 ICD of SIRENE (SIREN, SIRET).
pub const SIRENE_SCHEME: &str = "0002";

/// BT-23: the billing framework, else the business process given for other uses.
pub fn business_process(invoice: &Invoice) -> Option<&str> {
    invoice
        .billing_framework
        .as_deref()
        .or(invoice.business_process.as_deref())
}

/// BT-30 / BT-47 and its scheme: the SIREN under 0002 when the party has one, else
/// the legal identifier as given.
pub fn legal_id(party: &Party) -> Option<(&str, Option<&str>)> {
    match &party.siren {
        Some(siren) => Some((siren.as_str(), Some(SIRENE_SCHEME))),
        None => party
            .legal_id
            .as_deref()
            .map(|id| (id, party.legal_id_scheme.as_deref())),
    }
}

/// BT-34 / BT-49 (scheme, value): the one given, else the directory address the
/// SIREN alone makes (the reform's base address of a company).
pub fn electronic_address(party: &Party) -> Option<(&str, &str)> {
    match (&party.electronic_address, &party.siren) {
        (Some(e), _) => Some((e.scheme.as_str(), e.value.as_str())),
        (None, Some(siren)) => Some((DIRECTORY_SCHEME, siren.as_str())),
        (None, None) => None,
    }
}

/// The SIREN of a SIRET (its first nine digits), or a SIREN as it is; `None` for
/// anything else. Spaces are ignored, as Odoo users type them.
pub fn siren_of(siret_or_siren: &str) -> Option<String> {
    let digits: String = siret_or_siren.chars().filter(|c| *c != ' ').collect();
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    match digits.len() {
        9 | 14 if all_digits => Some(digits[..9].to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ElectronicAddress;

    #[test]
    fn a_siret_gives_its_first_nine_digits() {
        assert_eq!(siren_of("356 000 000 00048").as_deref(), Some("356000000"));
        assert_eq!(siren_of("356000000").as_deref(), Some("356000000"));
        assert_eq!(siren_of("35600000000").as_deref(), None);
        assert_eq!(siren_of("3560000000004A").as_deref(), None);
    }

    #[test]
    fn the_siren_stands_for_the_legal_id_and_the_address() {
        let mut p = Party {
            legal_id: Some("35600000000048".into()),
            legal_id_scheme: Some("0002".into()),
            ..Party::default()
        };
        assert_eq!(legal_id(&p), Some(("35600000000048", Some("0002"))));
        assert_eq!(electronic_address(&p), None);
        p.siren = Some("356000000".into());
        assert_eq!(legal_id(&p), Some(("356000000", Some("0002"))));
        assert_eq!(electronic_address(&p), Some(("0225", "356000000")));
        p.electronic_address = Some(ElectronicAddress {
            scheme: "0225".into(),
            value: "356000000_FACTURES".into(),
        });
        assert_eq!(electronic_address(&p), Some(("0225", "356000000_FACTURES")));
    }
}

//! Identifier checks: SIRET (Luhn, with La Poste's exception) and IBAN (ISO 13616).

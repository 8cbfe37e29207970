//! Identifier checks: SIRET and SIREN (Luhn, with La Poste's exception) and IBAN
//! (ISO 13616, mod 97). Pure functions over text: the rules decide what to say.

/// La Poste's SIREN: its establishments were numbered before the Luhn key was
/// enforced, so INSEE accepts their SIRETs on a digit sum multiple of 5 instead.
const LA_POSTE_SIREN: &str = "356000000";
/// La Poste's head office, whose SIRET does follow Luhn.
const LA_POSTE_HEAD_OFFICE: &str = "35600000000048";

/// The text without the spaces people type in identifiers (`130 015 332 00013`).
pub fn compact(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

fn all_digits(value: &str, len: usize) -> bool {
    value.len() == len && value.bytes().all(|b| b.is_ascii_digit())
}

/// Luhn checksum over ASCII digits (callers check they are digits).
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A SIREN: 9 digits with a valid Luhn key (spaces ignored).
pub fn siren_valid(value: &str) -> bool {
    let v = compact(value);
    all_digits(&v, 9) && luhn(&v)
}

/// A SIRET: 14 digits (spaces ignored) with a valid Luhn key, or one of La Poste's,
/// whose digits sum to a multiple of 5.
pub fn siret_valid(value: &str) -> bool {
    let v = compact(value);
    if !all_digits(&v, 14) {
        return false;
    }
    if v.starts_with(LA_POSTE_SIREN) && v != LA_POSTE_HEAD_OFFICE {
        let sum: u32 = v.bytes().map(|b| u32::from(b - b'0')).sum();
        return sum % 5 == 0;
    }
    luhn(&v)
}

/// IBAN lengths of the countries French public buyers are most often paid in;
/// others get ISO 13616's generic bounds.
fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "FR" | "MC" | "IT" | "SM" => 27,
        "DE" | "GB" | "IE" => 22,
        "BE" => 16,
        "NL" => 18,
        "LU" | "AT" => 20,
        "CH" | "LI" => 21,
        "ES" => 24,
        "PT" => 25,
        _ => return None,
    })
}

/// An IBAN (spaces ignored, any case): country code, check digits, the country's
/// length (27 for FR; 15 to 34 elsewhere) and ISO 7064 mod 97 = 1.
pub fn iban_valid(value: &str) -> bool {
    let v = compact(value).to_ascii_uppercase();
    let bytes = v.as_bytes();
    let well_formed = bytes.len() >= 4
        && bytes.iter().take(2).all(u8::is_ascii_uppercase)
        && bytes.iter().skip(2).take(2).all(u8::is_ascii_digit)
        && bytes.iter().all(u8::is_ascii_alphanumeric);
    if !well_formed {
        return false;
    }
    let length_ok = match v.get(..2).and_then(iban_length) {
        Some(len) => v.len() == len,
        None => (15..=34).contains(&v.len()),
    };
    if !length_ok {
        return false;
    }
    let rotated = bytes.iter().skip(4).chain(bytes.iter().take(4));
    let mut remainder: u32 = 0;
    for &b in rotated {
        remainder = if b.is_ascii_digit() {
            (remainder * 10 + u32::from(b - b'0')) % 97
        } else {
            // A letter stands for two digits, 10 (A) to 35 (Z).
            (remainder * 100 + u32::from(b - b'A') + 10) % 97
        };
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_siret_is_valid() {
        assert!(siret_valid("13001533200013"));
        assert!(siret_valid("130 015 332 00013"));
        assert!(siren_valid("130015332"));
    }

    #[test]
    fn a_mistyped_siret_is_refused() {
        assert!(!siret_valid("13001533200014"));
        assert!(!siret_valid("1300153320001"));
        assert!(!siret_valid("1300153320001A"));
        assert!(!siret_valid(""));
        assert!(!siren_valid("130015333"));
        assert!(!siren_valid("13001533"));
    }

    #[test]
    fn la_poste_sirets_pass_on_their_digit_sum() {
        // 3+5+6+4+9+8+3+7 = 45: not Luhn-valid, but La Poste's rule accepts it.
        assert!(siret_valid("35600000049837"));
        // Digit sum 29: refused.
        assert!(!siret_valid("35600000012345"));
        // The head office follows Luhn (digit sum 26).
        assert!(siret_valid("35600000000048"));
        // Luhn-valid but digit sum 24: a La Poste establishment must pass the sum.
        assert!(!siret_valid("35600000000014"));
    }

    #[test]
    fn the_guides_iban_is_valid() {
        assert!(iban_valid("FR76 1382 5002 0008 0132 8023 592"));
        assert!(iban_valid("fr7613825002000801328023592"));
    }

    #[test]
    fn a_wrong_iban_is_refused() {
        // One digit changed.
        assert!(!iban_valid("FR76 1382 5002 0008 0132 8023 593"));
        // French IBAN one character short.
        assert!(!iban_valid("FR76 1382 5002 0008 0132 8023 59"));
        assert!(!iban_valid("FR"));
        assert!(!iban_valid("76FR13825002000801328023592"));
        assert!(!iban_valid("FR76-1382-5002-0008-0132-8023-592"));
    }

    #[test]
    fn other_countries_use_their_length_or_the_generic_bounds() {
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_valid("GB82 WEST 1234 5698 7654 32"));
        // Norway (15) is not in the table: the generic bounds apply.
        assert!(iban_valid("NO93 8601 1117 947"));
        assert!(!iban_valid("DE89 3704 0044 0532 0130 0"));
    }
}

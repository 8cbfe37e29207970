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

/// A SIREN: 9 digits with a valid Luhn key (spaces ignored). No rule uses it yet.
#[cfg(test)]
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// The Luhn check digit completing `prefix`.
        fn luhn_completion(prefix: &str) -> Option<String> {
            (0..10).map(|d| format!("{prefix}{d}")).find(|s| luhn(s))
        }

        /// ISO 13616 check digits for a country and BBAN, computed the long way.
        fn with_check_digits(country: &str, bban: &str) -> String {
            let rearranged = format!("{bban}{country}00");
            let digits: String = rearranged
                .chars()
                .map(|c| c.to_digit(36).map(|d| d.to_string()).unwrap_or_default())
                .collect();
            let rem = digits
                .bytes()
                .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
            format!("{country}{:02}{bban}", 98 - rem)
        }

        proptest! {
            #[test]
            fn every_siret_prefix_has_exactly_one_valid_key(prefix in "[0-24-9][0-9]{12}") {
                let valid: Vec<u32> = (0..10).filter(|d| siret_valid(&format!("{prefix}{d}"))).collect();
                prop_assert_eq!(valid.len(), 1);
            }

            #[test]
            fn one_wrong_digit_breaks_a_siret(prefix in "[0-24-9][0-9]{12}", pos in 0usize..14, bump in 1u8..10) {
                let Some(good) = luhn_completion(&prefix) else { return Err(TestCaseError::fail("no key")) };
                let mut bytes = good.into_bytes();
                bytes[pos] = b'0' + (bytes[pos] - b'0' + bump) % 10;
                let bad = String::from_utf8(bytes).unwrap_or_default();
                prop_assert!(!siret_valid(&bad), "{}", bad);
            }

            #[test]
            fn french_ibans_with_computed_keys_pass(bban in "[0-9]{10}[0-9A-Z]{11}[0-9]{2}") {
                let iban = with_check_digits("FR", &bban);
                prop_assert!(iban_valid(&iban), "{}", iban);
                prop_assert!(iban_valid(&iban.to_ascii_lowercase()));
            }

            #[test]
            fn swapping_two_different_digits_breaks_an_iban(bban in "[0-9]{23}", pos in 4usize..26) {
                let iban = with_check_digits("FR", &bban);
                let mut bytes = iban.clone().into_bytes();
                prop_assume!(bytes[pos] != bytes[pos + 1]);
                bytes.swap(pos, pos + 1);
                let swapped = String::from_utf8(bytes).unwrap_or_default();
                prop_assert!(!iban_valid(&swapped), "{} -> {}", iban, swapped);
            }
        }
    }
}

//! Exact decimals in JSON: written as strings, read from strings or integers.
//!
//! A JSON number with a fraction goes through `f64` in every JSON parser we meet
//! (serde_json, the browser, Python), so it is refused instead of being silently
//! rounded: amounts with decimals must be quoted.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;
use std::str::FromStr;

/// EN 16931 amounts have two decimals, rounded half away from zero.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a decimal written with a dot, an optional sign and no exponent.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    // One pass over the bytes (every amount of every keystroke comes through here):
    // digits, at most one point, a sign first; anything else, non-ASCII included, fails.
    let (mut digits, mut points, mut other) = (0usize, 0usize, false);
    for (i, c) in t.bytes().enumerate() {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            b'-' | b'+' if i == 0 => {}
            _ => other = true,
        }
    }
    let ok = digits > 0 && points <= 1 && !other;
    if !ok || t.len() > 40 {
        let shown = shown(text);
        return Err(format!(
            "« {shown} » n'est pas un nombre décimal (ex. 2600.00) / not a decimal number"
        ));
    }
    let value = Decimal::from_str(t.trim_start_matches('+'))
        .map_err(|_| format!("« {text} » est hors limites / out of range"))?;
    within_limit(value)
}

/// A hostile file can hold megabytes where a number belongs: messages quote the
/// start of it only.
fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    if text.chars().count() <= MAX_CHARS {
        return text.to_string();
    }
    let start: String = text.chars().take(MAX_CHARS).collect();
    format!("{start}…")
}

/// Amounts, prices and quantities above this (in absolute value) are refused, so
/// that no product or sum over a document's lines can overflow `Decimal`.
pub const MAX_ABS: i64 = 999_999_999_999;

fn within_limit(value: Decimal) -> Result<Decimal, String> {
    if value.abs() > Decimal::from(MAX_ABS) {
        return Err(format!(
            "« {value} » dépasse la limite de {MAX_ABS} / exceeds the limit of {MAX_ABS}"
        ));
    }
    Ok(value)
}

struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal as a string such as \"2600.00\", or an integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        within_limit(Decimal::from(v)).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        within_limit(Decimal::from(v)).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Err(E::custom(format!(
            "montant {v} écrit en nombre flottant : écrivez-le entre guillemets (\"{v}\") / write decimals as strings"
        )))
    }
}

pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&value.to_string())
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(DecimalVisitor)
}

/// The same for `Option<Decimal>`.
pub mod opt {
    use super::*;
    use serde::Deserialize;

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_str(&v.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(deserialize_with = "super::deserialize")] Decimal);
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(
            round2(Decimal::from_str("2.345").unwrap()).to_string(),
            "2.35"
        );
        assert_eq!(
            round2(Decimal::from_str("-2.345").unwrap()).to_string(),
            "-2.35"
        );
        assert_eq!(
            round2(Decimal::from_str("99.999").unwrap()).to_string(),
            "100.00"
        );
    }

    #[test]
    fn refuses_exponents_and_garbage() {
        assert!(parse_decimal("1e5").is_err());
        assert!(parse_decimal("12,50").is_err());
        assert!(parse_decimal("").is_err());
        assert_eq!(parse_decimal(" 12.50 ").unwrap().to_string(), "12.50");
        assert!(parse_decimal("1000000000000").is_err());
        assert!(parse_decimal("-999999999999.99").is_err());
        assert!(parse_decimal("999999999999").is_ok());
    }

    #[test]
    fn a_huge_number_is_quoted_short_in_the_message() {
        let e = parse_decimal(&"9".repeat(1_000_000)).unwrap_err();
        assert!(e.len() < 200, "{} chars", e.len());
        assert!(e.contains("99999…"), "{e}");
    }
}

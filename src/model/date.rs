//! Calendar dates as EN 16931 uses them (no time, no zone): `YYYY-MM-DD` in JSON,
//! `YYYYMMDD` (format 102) in CII.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, String> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => 0,
        };
        if !(1000..=9999).contains(&year) || day == 0 || day > days {
            return Err(format!(
                "date {year:04}-{month:02}-{day:02} invalide / invalid date"
            ));
        }
        Ok(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Result<Date, String> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(format!(
                "« {text} » n'est pas une date AAAA-MM-JJ / not a YYYY-MM-DD date"
            ));
        }
        Self::from_digits(&text[0..4], &text[5..7], &text[8..10], text)
    }

    /// `YYYYMMDD` (UNTDID 2379 format 102).
    pub fn parse_102(text: &str) -> Result<Date, String> {
        let t = text.trim();
        // Eight bytes are not eight digits: `２０２６` or `2026é12` would be cut inside a
        // character below (found by the read_xml fuzz target).
        if t.len() != 8 || !t.is_ascii() {
            return Err(format!(
                "« {text} » n'est pas une date AAAAMMJJ (format 102) / not a format 102 date"
            ));
        }
        Self::from_digits(&t[0..4], &t[4..6], &t[6..8], text)
    }

    fn from_digits(y: &str, m: &str, d: &str, whole: &str) -> Result<Date, String> {
        let num = |s: &str| -> Result<u16, String> {
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse::<u16>()
                    .map_err(|_| format!("« {whole} » : date illisible / unreadable date"))
            } else {
                Err(format!("« {whole} » : date illisible / unreadable date"))
            }
        };
        Date::new(num(y)?, num(m)? as u8, num(d)? as u8)
    }

    pub fn to_102(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_refuses_impossible_days() {
        assert_eq!(Date::parse_iso("2026-04-02").unwrap().to_102(), "20260402");
        assert_eq!(
            Date::parse_102("20240229").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(Date::parse_102("20250229").is_err());
        assert!(Date::parse_iso("2026-13-01").is_err());
        assert!(Date::parse_iso("02/04/2026").is_err());
    }

    #[test]
    fn non_ascii_dates_are_errors_not_panics() {
        for text in [
            "2026é12",
            "20\u{fefd}0412",
            "２０２６",
            "2026-é-12",
            "é026-04-1",
        ] {
            assert!(Date::parse_102(text).is_err(), "{text}");
            assert!(Date::parse_iso(text).is_err(), "{text}");
        }
        // The fuzzer's file: a format 102 date of eight bytes holding U+FEFD.
        // Its `ram` namespace was mangled by the fuzzer too: restored, so that the date
        // is read as CII's (elements of another namespace are not looked at).
        let xml = include_str!("../../fuzz/regressions/read_xml-non-ascii-date.xml")
            .replace("urn:un:unece:uncefact:datanstance", crate::cii::names::RAM);
        let e = crate::read(&xml).map(|_| ()).unwrap_err();
        assert!(
            e.message_fr.starts_with("date illisible"),
            "{}",
            e.message_fr
        );
    }
}

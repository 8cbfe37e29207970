//! What the BR-FR rules share: the schematron's value tests (identifier, date and
//! number formats) and the text the writer gives a number.

use crate::model::{totals, written, Date, Invoice};
use crate::rules::diagnostic::Diagnostic;
use rust_decimal::Decimal;

/// Every BR-FR rule blocks: an accredited platform rejects the file.
pub fn block(rule: &str, bt: &str, fr: impl Into<String>, en: impl Into<String>) -> Diagnostic {
    Diagnostic::block(rule, fr, en).bt(bt)
}

/// A price, quantity or rate as the writer writes it, into `buf` (reused: a check
/// formats some hundred numbers at 50 lines).
pub fn plain(buf: &mut String, value: Decimal) -> &str {
    buf.clear();
    written::write_plain(buf, value);
    buf
}

/// An amount as the writer writes it, into `buf`.
pub fn amount(buf: &mut String, value: Decimal) -> &str {
    buf.clear();
    written::write_amount(buf, value);
    buf
}

/// A rate as written: given, or the zero EN 16931 implies for its category.
pub fn written_rate(category: &str, rate: Option<Decimal>) -> Option<Decimal> {
    rate.or_else(|| totals::implied_zero_rate(category))
}

/// XPath's `normalize-space` ends: XML white space.
pub fn trim_xml(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

/// `custom:is-valid-id-format`: letters, digits and `+ - _ /`, no space at all.
pub fn valid_id_format(id: &str) -> bool {
    let trimmed = trim_xml(id);
    !trimmed.is_empty()
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'_' | b'/'))
        && !id.contains(' ')
}

/// `custom:is-valid-date-format`: a real date of the years 2000 to 2099 (the model
/// only holds real dates).
pub fn valid_date(date: Date) -> bool {
    date.to_102().starts_with("20") && date.to_102().len() == 8
}

/// `custom:is-valid-decimal-19-N` (and its `-positive` form): at most `decimals`
/// decimals after a dot, at most 19 characters besides the dot (a sign counts).
pub fn valid_decimal(text: &str, decimals: usize, signed: bool) -> bool {
    valid_number(text, 19, decimals, signed)
}

/// `custom:is-valid-percent-4-2-positive`: up to 4 digits, at most 2 decimals.
pub fn valid_percent(text: &str) -> bool {
    valid_number(text, 4, 2, false)
}

/// The shape both schematron functions test: `^-?\d{1,width}(\.\d{1,decimals})?$`,
/// and at most `width` characters besides the dot.
fn valid_number(text: &str, width: usize, decimals: usize, signed: bool) -> bool {
    let body = match text.strip_prefix('-') {
        Some(rest) if signed => rest,
        _ => text,
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    digits(int, width)
        && frac.is_none_or(|f| digits(f, decimals))
        && text.len() - usize::from(frac.is_some()) <= width
}

/// Nine digits (`^\d{9}$` after `normalize-space`).
pub fn nine_digits(text: &str) -> bool {
    let t = trim_xml(text);
    t.len() == 9 && t.bytes().all(|b| b.is_ascii_digit())
}

/// BT-3 codes of self-billed documents (BR-FR-21/22).
pub const SELF_BILLED: &[&str] = &["389", "501", "500", "471", "473", "261", "502"];

/// BT-22 of the invoice's notes with this subject code.
pub fn notes_with<'a>(invoice: &'a Invoice, code: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    invoice
        .subject_notes
        .iter()
        .filter(move |n| n.subject_code == code)
        .map(|n| n.content.as_str())
}

/// The B2B treatment is declared (a note BAR says `B2B`).
pub fn is_b2b(invoice: &Invoice) -> bool {
    notes_with(invoice, "BAR").any(|c| c == "B2B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_schematron_functions() {
        assert!(valid_id_format("FA/2026-001_A+B"));
        assert!(!valid_id_format("FA 2026"));
        assert!(!valid_id_format("FA#1"));
        assert!(!valid_id_format(""));
        assert!(valid_decimal("-1234.56", 2, true));
        assert!(!valid_decimal("1.234", 2, true));
        assert!(!valid_decimal("-1", 6, false));
        assert!(valid_decimal(&"9".repeat(19), 2, true));
        assert!(!valid_decimal(&format!("-{}", "9".repeat(19)), 2, true));
        assert!(valid_percent("20.00") && valid_percent("5.5") && valid_percent("0"));
        assert!(!valid_percent("100.00") && !valid_percent("-5") && !valid_percent("2.125"));
        assert!(nine_digits(" 356000000 ") && !nine_digits("35600000000048"));
        assert!(valid_date(Date::new(2026, 2, 28).unwrap()));
        assert!(!valid_date(Date::new(1999, 12, 31).unwrap()));
    }
}

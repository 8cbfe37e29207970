//! How EN 16931 files write numbers: the one text of an amount, a price, a quantity
//! or a rate. The CII writer writes them so, and the reform's rules (BR-FR-DEC) judge
//! the numbers as the file will show them, so both read it from here.

use rust_decimal::Decimal;
use std::fmt::Write as _;

/// EN 16931 amounts: two decimals (more only if the value has more, so that
/// nothing is silently rounded away), never an exponent, never `-0.00`.
pub fn write_amount(out: &mut String, value: Decimal) {
    // The common case, already as written: `normalize` and `rescale` below cost more
    // than printing it.
    if value.scale() == 2 && !value.is_zero() {
        write_decimal(out, value);
        return;
    }
    let mut v = if value.is_zero() {
        Decimal::ZERO
    } else {
        value.normalize()
    };
    if v.scale() < 2 {
        v.rescale(2);
    }
    write_decimal(out, v);
}

/// Prices, quantities and rates as given (`20`, `1.5`, `2600.00`).
pub fn write_plain(out: &mut String, value: Decimal) {
    let mut v = value;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    write_decimal(out, v);
}

/// What `Decimal`'s `Display` writes (digits at the value's scale, no exponent), without
/// the formatting machinery: a thousand amounts per keystroke at 50 lines.
fn write_decimal(out: &mut String, value: Decimal) {
    let mantissa = value.mantissa();
    let Ok(mut n) = u64::try_from(mantissa.unsigned_abs()) else {
        // Writing into a String cannot fail.
        let _ = write!(out, "{value}");
        return;
    };
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = &buf[start..];
    let scale = value.scale() as usize;
    if value.is_sign_negative() && !value.is_zero() {
        out.push('-');
    }
    let push = |out: &mut String, bytes: &[u8]| {
        for b in bytes {
            out.push(char::from(*b));
        }
    };
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        push(out, int);
        if scale > 0 {
            out.push('.');
            push(out, frac);
        }
    } else {
        out.push_str("0.");
        for _ in digits.len()..scale {
            out.push('0');
        }
        push(out, digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_their_display_writes_them() {
        let mantissas = [
            0i128,
            1,
            -1,
            5,
            -5,
            42,
            100,
            -1234,
            99_999,
            1_000_000_007,
            -123_456_789_012_345,
            i128::from(u64::MAX),
            -i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -79_228_162_514_264_337_593_543_950_335,
        ];
        for m in mantissas {
            for scale in [0u32, 1, 2, 3, 6, 10, 28] {
                let value = Decimal::from_i128_with_scale(m, scale);
                let mut out = String::new();
                write_decimal(&mut out, value);
                assert_eq!(out, value.to_string(), "{m} at scale {scale}");
            }
        }
    }
}

//! Readable numbers for explanations: money with thousands separators at the currency scale,
//! rates without trailing zeros.

use crate::money::{round, RoundingMode};
use rust_decimal::Decimal;

/// `1234.5` at scale 2 → `1,234.50`.
pub fn money(value: Decimal, scale: u32) -> String {
    let r = round(value, scale, RoundingMode::HalfUp);
    let text = r.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    if r.is_sign_negative() && !r.is_zero() {
        out.push('-');
    }
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A rate or quantity without trailing zeros: `5.00` → `5`, `7.50` → `7.5`.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn formats() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(money(d("1234.5"), 2), "1,234.50");
        assert_eq!(money(d("-1234567.891"), 2), "-1,234,567.89");
        assert_eq!(money(d("86.38"), 0), "86");
        assert_eq!(money(d("999"), 2), "999.00");
        assert_eq!(plain(d("5.00")), "5");
        assert_eq!(plain(d("7.50")), "7.5");
    }
}

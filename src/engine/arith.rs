//! Checked decimal arithmetic: every operation on input-derived amounts goes through these, so
//! that an overflow is an `overflow` error instead of a panic. Intermediate figures keep 28
//! significant digits; sums of amounts at the currency's scale are exact or an error
//! ([`add_exact`]).

use rust_decimal::Decimal;

/// An arithmetic overflow; the caller attaches the path of the input that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

/// The result of a checked operation.
pub type Num = Result<Decimal, Overflow>;

/// `a + b` (rounded past 28 significant digits, as the decimal type does).
pub fn add(a: Decimal, b: Decimal) -> Num {
    a.checked_add(b).ok_or(Overflow)
}

/// `a - b` (rounded past 28 significant digits).
pub fn sub(a: Decimal, b: Decimal) -> Num {
    a.checked_sub(b).ok_or(Overflow)
}

/// `a + b`, exactly: an overflow when the sum needs more than 96 bits at the larger scale of
/// the two, where the decimal type would round it to fewer decimals without a word. For sums of
/// amounts already rounded to the currency (totals, `by_plan`, `by_rule`, statements).
pub fn add_exact(a: Decimal, b: Decimal) -> Num {
    match a.checked_add(b) {
        Some(r) if r.scale() >= a.scale().max(b.scale()) => Ok(r),
        _ => Err(Overflow),
    }
}

/// `a * b`.
pub fn mul(a: Decimal, b: Decimal) -> Num {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a / b`; zero when `b` is zero.
pub fn div(a: Decimal, b: Decimal) -> Num {
    if b.is_zero() {
        return Ok(Decimal::ZERO);
    }
    a.checked_div(b).ok_or(Overflow)
}

/// `a * p / 100`: `p` percent of `a`.
pub fn pct(a: Decimal, p: Decimal) -> Num {
    div(mul(a, p)?, Decimal::ONE_HUNDRED)
}

/// The sum of an iterator of decimals.
pub fn sum<I: IntoIterator<Item = Decimal>>(items: I) -> Num {
    items.into_iter().try_fold(Decimal::ZERO, add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn an_exact_sum_keeps_its_decimals_or_is_an_overflow() {
        assert_eq!(add_exact(d("1.50"), d("2")).unwrap().to_string(), "3.50");
        let half = d("396140812571321687967719751.68");
        // 792281625142643375935439503.36 needs 97 bits at two decimals: add rounds, add_exact refuses.
        assert_eq!(add(half, half).unwrap().to_string(), "792281625142643375935439503.4");
        assert_eq!(add_exact(half, half), Err(Overflow));
        assert_eq!(add_exact(Decimal::MAX, Decimal::ONE), Err(Overflow));
        assert_eq!(add_exact(d("-0.10"), d("0.1")).unwrap().to_string(), "0.00");
    }
}

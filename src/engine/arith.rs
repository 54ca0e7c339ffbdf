//! Checked decimal arithmetic: every operation on input-derived amounts goes through these, so
//! that an overflow is an `overflow` error instead of a panic.

use rust_decimal::Decimal;

/// An arithmetic overflow; the caller attaches the path of the input that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

/// The result of a checked operation.
pub type Num = Result<Decimal, Overflow>;

/// `a + b`.
pub fn add(a: Decimal, b: Decimal) -> Num {
    a.checked_add(b).ok_or(Overflow)
}

/// `a - b`.
pub fn sub(a: Decimal, b: Decimal) -> Num {
    a.checked_sub(b).ok_or(Overflow)
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

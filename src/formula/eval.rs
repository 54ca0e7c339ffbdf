//! Evaluating a type-checked formula on a line's figures, in exact decimals.

use super::parser::{Arith, Cmp, Expr, MAX_SCALE};
use super::Figures;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// Why a formula has no value on a line's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// A division by zero.
    DivisionByZero,
    /// A value too large for the decimal type (28 significant digits).
    Overflow,
    /// `round` with a scale that is not a whole number from 0 to 28.
    RoundScale(Decimal),
    /// A condition where a number is needed, or the reverse (the type check prevents it).
    Type,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::DivisionByZero => write!(f, "the formula divides by zero on this line"),
            EvalError::Overflow => write!(f, "the formula's value on this line is too large to compute exactly"),
            EvalError::RoundScale(s) => write!(
                f,
                "round's scale is {s} on this line, not a whole number from 0 to {MAX_SCALE}"
            ),
            EvalError::Type => write!(f, "the formula uses a condition as a number on this line"),
        }
    }
}

/// The value of a number expression.
pub fn number(e: &Expr, f: &Figures) -> Result<Decimal, EvalError> {
    match e {
        Expr::Number(n) => Ok(*n),
        Expr::Figure(i) => Ok(f.get(*i)),
        Expr::Neg(x) => Ok(-number(x, f)?),
        Expr::Arith(op, a, b) => {
            let (a, b) = (number(a, f)?, number(b, f)?);
            match op {
                Arith::Add => a.checked_add(b),
                Arith::Sub => a.checked_sub(b),
                Arith::Mul => a.checked_mul(b),
                Arith::Div if b.is_zero() => return Err(EvalError::DivisionByZero),
                Arith::Div => a.checked_div(b),
            }
            .ok_or(EvalError::Overflow)
        }
        Expr::Min(list) | Expr::Max(list) => {
            let mut best: Option<Decimal> = None;
            for x in list {
                let v = number(x, f)?;
                best = Some(match best {
                    None => v,
                    Some(b) if matches!(e, Expr::Min(_)) => b.min(v),
                    Some(b) => b.max(v),
                });
            }
            best.ok_or(EvalError::Type)
        }
        Expr::Abs(x) => Ok(number(x, f)?.abs()),
        Expr::Round(x, scale) => {
            let v = number(x, f)?;
            let s = number(scale, f)?;
            let k = Some(s)
                .filter(|s| s.fract().is_zero() && !s.is_sign_negative())
                .and_then(|s| s.to_u32());
            match k {
                Some(k) if k <= MAX_SCALE => Ok(v.round_dp_with_strategy(k, RoundingStrategy::MidpointAwayFromZero)),
                _ => Err(EvalError::RoundScale(s)),
            }
        }
        Expr::If(c, then, other) => {
            if condition(c, f)? {
                number(then, f)
            } else {
                number(other, f)
            }
        }
        Expr::Compare(..) | Expr::Not(_) | Expr::And(..) | Expr::Or(..) => Err(EvalError::Type),
    }
}

/// The value of a condition.
fn condition(e: &Expr, f: &Figures) -> Result<bool, EvalError> {
    match e {
        Expr::Compare(op, a, b) => {
            let (a, b) = (number(a, f)?, number(b, f)?);
            Ok(match op {
                Cmp::Lt => a < b,
                Cmp::Le => a <= b,
                Cmp::Gt => a > b,
                Cmp::Ge => a >= b,
                Cmp::Eq => a == b,
                Cmp::Ne => a != b,
            })
        }
        Expr::Not(x) => Ok(!condition(x, f)?),
        Expr::And(a, b) => Ok(condition(a, f)? && condition(b, f)?),
        Expr::Or(a, b) => Ok(condition(a, f)? || condition(b, f)?),
        Expr::If(c, then, other) => {
            if condition(c, f)? {
                condition(then, f)
            } else {
                condition(other, f)
            }
        }
        _ => Err(EvalError::Type),
    }
}

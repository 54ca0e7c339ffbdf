//! Rounding modes and where rounding happens.

use rust_decimal::{Decimal, RoundingStrategy};
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How an amount is rounded to the currency's scale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Half away from zero (the default).
    #[default]
    HalfUp,
    /// Half to the even neighbour (banker's rounding).
    HalfEven,
    /// Toward zero.
    Down,
    /// Away from zero.
    Up,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

/// Where rounding is applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundAt {
    /// Each itemized line is rounded; totals are sums of rounded lines (the default).
    #[default]
    Line,
    /// Each agent's total is rounded once; its lines are allocated by largest remainder so that
    /// they add up to it exactly.
    Total,
}

/// The plan's rounding settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// The rounding mode; `half_up` when absent.
    #[serde(default)]
    pub mode: RoundingMode,
    /// Decimal places; the currency's ISO 4217 minor units when absent.
    #[serde(default)]
    pub scale: Option<u32>,
    /// `line` (default) or `total`.
    #[serde(default)]
    pub at: RoundAt,
}

/// Rounds `value` to `scale` decimal places with `mode`.
pub fn round(value: Decimal, scale: u32, mode: RoundingMode) -> Decimal {
    let strategy = match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundingMode::Down => RoundingStrategy::ToZero,
        RoundingMode::Up => RoundingStrategy::AwayFromZero,
        RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
        RoundingMode::Ceiling => RoundingStrategy::ToPositiveInfinity,
    };
    let mut r = value.round_dp_with_strategy(scale, strategy);
    r.rescale(scale);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn golden_table() {
        // value, half_up, half_even, down, up, floor, ceiling (scale 2)
        let rows = [
            ("0.125", ["0.13", "0.12", "0.12", "0.13", "0.12", "0.13"]),
            ("-0.125", ["-0.13", "-0.12", "-0.12", "-0.13", "-0.13", "-0.12"]),
            ("0.7575", ["0.76", "0.76", "0.75", "0.76", "0.75", "0.76"]),
            ("2.5", ["2.50", "2.50", "2.50", "2.50", "2.50", "2.50"]),
        ];
        let modes = [
            RoundingMode::HalfUp,
            RoundingMode::HalfEven,
            RoundingMode::Down,
            RoundingMode::Up,
            RoundingMode::Floor,
            RoundingMode::Ceiling,
        ];
        for (value, expected) in rows {
            for (mode, want) in modes.iter().zip(expected) {
                assert_eq!(round(d(value), 2, *mode).to_string(), want, "{value} {mode:?}");
            }
        }
        assert_eq!(round(d("86.38"), 0, RoundingMode::HalfUp).to_string(), "86");
    }
}

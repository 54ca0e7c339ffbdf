//! What a tier pays (a percent of the base or an amount per unit), and how a rate reads in an
//! explanation.

use crate::engine::arith::{mul, pct, Num};
use crate::engine::explain::{money, plain};
use rust_decimal::Decimal;

/// What a tier pays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rate {
    /// Percent of the base.
    Percent(Decimal),
    /// An amount per unit of quantity.
    PerUnit(Decimal),
}

impl Rate {
    /// The rate's number as written (percent or amount per unit).
    pub fn value(self) -> Decimal {
        match self {
            Rate::Percent(p) | Rate::PerUnit(p) => p,
        }
    }

    /// What a stretch with `base` and `quantity` earns at this rate.
    pub fn pay(self, base: Decimal, quantity: Decimal) -> Num {
        match self {
            Rate::Percent(p) => pct(base, p),
            Rate::PerUnit(u) => mul(quantity, u),
        }
    }

    /// "4 % of 5,000.00" or "2.50 per unit".
    pub fn on(self, base: Decimal, scale: u32) -> String {
        match self {
            Rate::Percent(p) => format!("{} % of {}", plain(p), money(base, scale)),
            Rate::PerUnit(a) => format!("{} per unit", money(a, scale)),
        }
    }

    /// "4 %" or "2.50 per unit".
    pub fn text(self, scale: u32) -> String {
        match self {
            Rate::Percent(p) => format!("{} %", plain(p)),
            Rate::PerUnit(a) => format!("{} per unit", money(a, scale)),
        }
    }
}

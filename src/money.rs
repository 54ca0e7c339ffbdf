//! Money and numbers: exact decimals read from JSON, currencies and rounding.

mod currency;
mod dec;
mod rounding;

pub use currency::minor_units;
pub use dec::Dec;
pub use rounding::{round, RoundAt, Rounding, RoundingMode};

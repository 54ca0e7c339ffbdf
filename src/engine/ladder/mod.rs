//! Ladders (tiers): compiled tiers, the settlement of a measure that climbs them, and the
//! report of where an agent stands.

pub mod report;
pub mod settle;
pub mod tiers;

pub use settle::{Settled, Settler};
pub use tiers::{Rate, Tier, Tiers};

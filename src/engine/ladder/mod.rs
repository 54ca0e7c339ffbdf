//! Ladders (tiers), every scope in one place: compiled [`tiers`] and their [`rate`]s, the
//! settlement of a measure that climbs them ([`settle`]), ladders below period scope priced
//! within one invoice ([`invoice`]), period ladders settled in date order across invoices
//! ([`period`]) with the quotas an assignment's [`ramp`] lowers, and the [`report`] of where an
//! agent stands.

pub mod invoice;
pub mod period;
pub mod ramp;
pub mod rate;
pub mod report;
pub mod settle;
pub mod tiers;

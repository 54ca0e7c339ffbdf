//! The documents of the public contract: plan, sales, options (inputs) and the result; the
//! what-if answer, the earnings curve (request and curve), the team report and the comparison
//! of two plans.
//!
//! Every type derives `serde` (with `deny_unknown_fields`, so that a typo is an error with its
//! path) and `schemars`, from which the JSON Schemas and the TypeScript declarations are
//! generated.

pub mod checks;
pub mod compare;
pub mod curve;
pub mod date;
pub mod hierarchy;
pub mod key_order;
pub mod options;
pub mod plan;
pub mod result;
pub mod sales;
pub mod what_if;

pub use options::Options;
pub use plan::PlanDoc;
pub use result::CalcResult;
pub use sales::SalesDoc;

/// An identifier (of a plan, rule, agent, customer, invoice, ...).
pub type Id = String;

/// A calendar date, `YYYY-MM-DD`.
pub type Date = chrono::NaiveDate;

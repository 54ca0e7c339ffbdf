//! A sales-commission engine: a plan document and a sales document go in; itemized
//! commissions, ladder breakpoints and partner level eligibility come out.
//!
//! The crate is a pure core that knows nothing of JavaScript; `src/wasm/` is the only module
//! that does, and it is compiled for `wasm32` alone.

#![warn(missing_docs)]

pub mod api;
pub mod engine;
pub mod error;
pub mod formula;
pub mod input;
pub mod limits;
mod locate;
pub mod model;
pub mod money;
pub mod partition;
#[cfg(feature = "schema")]
pub mod schema;
pub mod stream;
#[cfg(target_arch = "wasm32")]
mod wasm;
mod what_if_limit;

#[cfg(feature = "schema")]
pub use api::schemas_json;
pub use api::{calculate_json, compare_json, curve_json, hierarchy_json, loaded_curve_json, validate_json, what_if_json};
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};

//! The WebAssembly binding: the only module that knows JavaScript, compiled for `wasm32` alone.
//!
//! It is a thin layer over the text-level API of [`crate::api`]: every function takes JSON
//! strings and returns a JSON string (serde_json on a string inside wasm is about 3x faster than
//! converting JS objects with serde-wasm-bindgen). The JavaScript wrapper in `js/` turns objects
//! into strings and parses the results, so callers see plain objects. An [`EngineError`] is
//! thrown as a JS `Error` with `code`, `path` and `errors` (see [`error`]).
//!
//! One module per JS-facing type: the free functions are here, the `Engine` class is in
//! [`engine`]. Adding a function is one small `#[wasm_bindgen]` item that calls `crate::api`.
//!
//! Two modules are built from this binding. The main one (`pkg/`) is what a page, a quote
//! widget or an edge function loads. The `scale` cargo feature adds streamed books and
//! partitioned runs ([`partition`]: `partition`, `calculatePart`, `merge`, `BookSplit`; and
//! [`stream`]: the `Engine` methods that stream): that second module (`pkg/scale/`) is loaded only
//! by the package's `commission-engine/scale` entry (the Node runner, the CLI, the worker's
//! fan-out), so the main module does not carry that code.
//!
//! [`EngineError`]: crate::error::EngineError

mod engine;
mod error;
mod heap;
#[cfg(feature = "scale")]
mod partition;
#[cfg(feature = "scale")]
mod stream;

use crate::api;
use error::JsResult;
use wasm_bindgen::prelude::*;

/// `calculate(plan, sales, options)`: the result document as JSON. `options` may be empty.
#[wasm_bindgen]
pub fn calculate(plan: &str, sales: &str, options: &str) -> JsResult<String> {
    heap::reserve_for(plan.len() + sales.len() + options.len());
    error::to_js(api::calculate_json(plan, sales, options))
}

/// `hierarchy(plan, sales, options)`: the team report (upline tree, personal and group sales,
/// levels, bonuses) as JSON. `options` may be empty.
#[wasm_bindgen]
pub fn hierarchy(plan: &str, sales: &str, options: &str) -> JsResult<String> {
    error::to_js(api::hierarchy_json(plan, sales, options))
}

/// `curve(plan, sales, request)`: the earnings curve of `request`
/// (`{ agent, add: { from, to, steps }, template }`) as JSON.
#[wasm_bindgen]
pub fn curve(plan: &str, sales: &str, request: &str) -> JsResult<String> {
    error::to_js(api::curve_json(plan, sales, request))
}

/// `compare(planA, planB, sales, options)`: both plans calculated on the same sales and the
/// difference per agent, per rule and per line, as JSON. `options` may be empty.
#[wasm_bindgen]
pub fn compare(plan_a: &str, plan_b: &str, sales: &str, options: &str) -> JsResult<String> {
    heap::reserve_for(plan_a.len() + plan_b.len() + 2 * sales.len() + options.len());
    error::to_js(api::compare_json(plan_a, plan_b, sales, options))
}

/// `validate(plan, sales?)`: `{"valid":true}` when the plan (and the sales, when given) are
/// valid; throws the error otherwise.
#[wasm_bindgen]
pub fn validate(plan: &str, sales: Option<String>) -> JsResult<String> {
    error::to_js(api::validate_json(plan, sales.as_deref()).map(|()| VALID.to_string()))
}

/// What `validate` returns for valid input.
const VALID: &str = r#"{"valid":true}"#;

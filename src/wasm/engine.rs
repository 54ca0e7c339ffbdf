//! The `Engine` class: a plan checked and compiled once, then used for many calculations.

use super::error::{self, JsResult};
use crate::api;
use crate::input::{parse_options, parse_plan, parse_sales};
use wasm_bindgen::prelude::*;

/// A compiled plan (JS class `Engine`).
#[wasm_bindgen]
pub struct Engine {
    inner: crate::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// `new Engine(plan)`: parses, checks and compiles the plan document (JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(plan: &str) -> JsResult<Engine> {
        error::to_js(parse_plan(plan).and_then(crate::Engine::new).map(|inner| Engine { inner }))
    }

    /// `engine.calculate(sales, options)`: the result document as JSON. `options` may be empty.
    pub fn calculate(&self, sales: &str, options: &str) -> JsResult<String> {
        error::to_js(self.calculate_text(sales, options))
    }
}

impl Engine {
    fn calculate_text(&self, sales: &str, options: &str) -> Result<String, crate::EngineError> {
        let sales = parse_sales(sales)?;
        let options = parse_options(options)?;
        api::to_json(&self.inner.calculate(&sales, &options)?)
    }
}

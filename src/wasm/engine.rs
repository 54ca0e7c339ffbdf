//! The `Engine` class: a plan checked and compiled once, then used for many calculations; and,
//! once a sales history is loaded, many what-if and curve questions on it. A streamed history
//! and a part of a partitioned run are the `scale` module's methods (`super::stream`).

use super::error::{self, JsResult};
use crate::api;
use crate::engine::what_if::Loaded;
use crate::input::{parse_plan, parse_sales};
use wasm_bindgen::prelude::*;

/// A compiled plan, with an optional loaded sales history (JS class `Engine`).
#[wasm_bindgen]
pub struct Engine {
    pub(super) inner: crate::Engine,
    pub(super) loaded: Option<Loaded>,
    /// A history streamed in, a part's output and a long result being read (the `scale`
    /// module only).
    #[cfg(feature = "scale")]
    pub(super) streams: super::stream::Streams,
}

#[wasm_bindgen]
impl Engine {
    /// `new Engine(plan)`: parses, checks and compiles the plan document (JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(plan: &str) -> JsResult<Engine> {
        let inner = error::to_js(parse_plan(plan).and_then(crate::Engine::new))?;
        Ok(Engine {
            inner,
            loaded: None,
            #[cfg(feature = "scale")]
            streams: super::stream::Streams::default(),
        })
    }

    /// `engine.calculate(sales, options)`: the result document as JSON. `options` may be empty.
    pub fn calculate(&self, sales: &str, options: &str) -> JsResult<String> {
        super::heap::reserve_for(sales.len() + options.len());
        error::to_js(self.calculate_text(sales, options))
    }

    /// `engine.load(sales)`: checks and indexes a sales history once, for `whatIf` and `curve`.
    /// Replaces the history loaded before.
    pub fn load(&mut self, sales: &str) -> JsResult<()> {
        super::heap::reserve_for(sales.len());
        let loaded = error::to_js(parse_sales(sales).and_then(|s| self.inner.load(s)))?;
        self.loaded = Some(loaded);
        #[cfg(feature = "scale")]
        self.streams.forget_history();
        Ok(())
    }

    /// `engine.whatIf(invoices, options)`: what hypothetical invoices (an array, or one) change
    /// on the loaded history, as JSON. `options` may be empty.
    #[wasm_bindgen(js_name = whatIf)]
    pub fn what_if(&self, invoices: &str, options: &str) -> JsResult<String> {
        error::to_js(api::what_if_json(self.loaded()?, invoices, options))
    }

    /// `engine.compare(planB, options)`: this engine's plan (A) and `planB` on the loaded
    /// history, and the difference, as JSON. `options` may be empty.
    pub fn compare(&self, plan_b: &str, options: &str) -> JsResult<String> {
        error::to_js(api::loaded_compare_json(self.loaded()?, plan_b, options))
    }

    /// `engine.curve(request)`: the earnings curve of `request` on the loaded history, as JSON.
    pub fn curve(&self, request: &str) -> JsResult<String> {
        error::to_js(api::loaded_curve_json(self.loaded()?, request))
    }
}

impl Engine {
    fn calculate_text(&self, sales: &str, options: &str) -> Result<String, crate::EngineError> {
        let (sales, options) = api::read_sales_and_options(sales, options)?;
        api::to_json(&self.inner.calculate(&sales, &options)?)
    }

    /// The loaded history, or the `not_loaded` error.
    fn loaded(&self) -> JsResult<&Loaded> {
        self.loaded
            .as_ref()
            .ok_or_else(|| error::binding_error("not_loaded", "no sales history is loaded: call engine.load(sales) first"))
    }
}

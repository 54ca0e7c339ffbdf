//! JSON Schemas of the documents, generated from the Rust types (one source of truth for the
//! schemas and the TypeScript declarations, which `scripts/types.mjs` compiles from these).

use crate::engine::hierarchy::HierarchyReport;
use crate::engine::what_if::{Curve, CurveRequest, WhatIfAnswer};
use crate::error::EngineError;
use crate::model::{CalcResult, Options, PlanDoc, SalesDoc};
use serde_json::{json, Value};

/// The JSON Schemas by name: the inputs (plan, sales, options, curve request), the outputs
/// (result, curve, what-if answer, hierarchy report) and the error.
pub fn schemas() -> Value {
    json!({
        "plan": schemars::schema_for!(PlanDoc),
        "sales": schemars::schema_for!(SalesDoc),
        "options": schemars::schema_for!(Options),
        "result": schemars::schema_for!(CalcResult),
        "error": schemars::schema_for!(EngineError),
        "curve_request": schemars::schema_for!(CurveRequest),
        "curve": schemars::schema_for!(Curve),
        "what_if": schemars::schema_for!(WhatIfAnswer),
        "hierarchy": schemars::schema_for!(HierarchyReport),
    })
}

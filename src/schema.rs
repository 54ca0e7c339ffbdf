//! JSON Schemas of the documents, generated from the Rust types (one source of truth for the
//! schemas and the TypeScript declarations).

use crate::error::EngineError;
use crate::model::{CalcResult, Options, PlanDoc, SalesDoc};
use serde_json::{json, Value};

/// The JSON Schemas of the plan, sales, options, result and error documents, by name.
pub fn schemas() -> Value {
    json!({
        "plan": schemars::schema_for!(PlanDoc),
        "sales": schemars::schema_for!(SalesDoc),
        "options": schemars::schema_for!(Options),
        "result": schemars::schema_for!(CalcResult),
        "error": schemars::schema_for!(EngineError),
    })
}

//! JSON Schemas of the documents, generated from the Rust types (one source of truth for the
//! schemas and the TypeScript declarations, which `scripts/types.mjs` compiles from these).

use crate::error::EngineError;
use crate::model::compare::Comparison;
use crate::model::curve::{Curve, CurveRequest};
use crate::model::hierarchy::HierarchyReport;
use crate::model::what_if::WhatIfAnswer;
use crate::model::{CalcResult, Options, PlanDoc, SalesDoc};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{json, Value};

/// The schema of an output document: written by the engine (decimals are strings).
fn output<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The JSON Schemas by name: the inputs (plan, sales, options, curve request), the outputs
/// (result, curve, what-if answer, hierarchy report, comparison) and the error.
pub fn schemas() -> Value {
    json!({
        "plan": schemars::schema_for!(PlanDoc),
        "sales": schemars::schema_for!(SalesDoc),
        "options": schemars::schema_for!(Options),
        "result": output::<CalcResult>(),
        "error": output::<EngineError>(),
        "curve_request": schemars::schema_for!(CurveRequest),
        "curve": output::<Curve>(),
        "what_if": output::<WhatIfAnswer>(),
        "hierarchy": output::<HierarchyReport>(),
        "comparison": output::<Comparison>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_strings_in_outputs_and_strings_or_numbers_in_inputs() {
        let all = schemas();
        assert_eq!(all["result"]["$defs"]["Decimal"]["type"], "string");
        assert_eq!(all["plan"]["$defs"]["Decimal"]["anyOf"][1]["type"], "number");
        for key in [
            "plan",
            "sales",
            "options",
            "result",
            "error",
            "curve_request",
            "curve",
            "what_if",
            "hierarchy",
            "comparison",
        ] {
            assert!(all[key].is_object(), "{key}");
        }
    }
}

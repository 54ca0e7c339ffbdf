//! The text-level API: JSON strings in, JSON strings out. The WebAssembly binding and the
//! conformance tests call these.

use crate::engine::Engine;
use crate::error::EngineError;
use crate::input::{parse_options, parse_plan, parse_sales};

/// Calculates `plan` + `sales` (+ `options`, may be empty) and returns the result as JSON.
pub fn calculate_json(plan: &str, sales: &str, options: &str) -> Result<String, EngineError> {
    let engine = Engine::new(parse_plan(plan)?)?;
    let sales = parse_sales(sales)?;
    let options = parse_options(options)?;
    let result = engine.calculate(&sales, &options)?;
    to_json(&result)
}

/// The team report (the upline tree with personal and group sales, levels and bonuses) of
/// `plan` + `sales` (+ `options`, may be empty) as JSON.
pub fn hierarchy_json(plan: &str, sales: &str, options: &str) -> Result<String, EngineError> {
    let engine = Engine::new(parse_plan(plan)?)?;
    let sales = parse_sales(sales)?;
    let options = parse_options(options)?;
    to_json(&engine.hierarchy(&sales, &options)?)
}

/// Checks a plan, and a sales document against it when given. Ok means both are valid.
pub fn validate_json(plan: &str, sales: Option<&str>) -> Result<(), EngineError> {
    let engine = Engine::new(parse_plan(plan)?)?;
    if let Some(sales) = sales {
        engine.check_sales(&parse_sales(sales)?)?;
    }
    Ok(())
}

/// The JSON Schemas (plan, sales, options, result, error) as one JSON object.
pub fn schemas_json() -> String {
    crate::schema::schemas().to_string()
}

/// Serializes a result document.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, EngineError> {
    serde_json::to_string(value).map_err(|e| {
        EngineError::single(crate::error::ErrorCode::Overflow, "", format!("could not write the result: {e}"))
    })
}

//! The text-level API: JSON strings in, JSON strings out. The WebAssembly binding and the
//! conformance tests call these.

use crate::engine::what_if::Loaded;
use crate::engine::Engine;
use crate::error::{Doc, EngineError, ErrorCode, Problem};
use crate::input::{parse_options, parse_plan, parse_sales};
use crate::model::curve::CurveRequest;
use crate::model::{Options, SalesDoc};
use serde_json::Value;

/// Reads and checks the three documents together, so that the error lists the problems of all
/// of them (the plan's, then the sales', then the options'), not only of the first bad one.
fn read_all(plan: &str, sales: &str, options: &str) -> Result<(Engine, SalesDoc, Options), EngineError> {
    match (parse_plan(plan).and_then(Engine::new), read_sales_and_options(sales, options)) {
        (Ok(e), Ok((s, o))) => Ok((e, s, o)),
        (e, so) => Err(joined([e.err(), so.err()])),
    }
}

/// Reads the sales document and the options together, listing the problems of both.
pub fn read_sales_and_options(sales: &str, options: &str) -> Result<(SalesDoc, Options), EngineError> {
    crate::what_if_limit::check_options_what_if(options)?;
    match (parse_sales(sales), parse_options(options)) {
        (Ok(s), Ok(o)) => Ok((s, o)),
        (s, o) => Err(joined([s.err(), o.err()])),
    }
}

/// One error with the problems of several, in order.
fn joined<const N: usize>(errors: [Option<EngineError>; N]) -> EngineError {
    let problems = errors.into_iter().flatten().flat_map(|e| e.errors).collect();
    EngineError::from_problems(problems).unwrap_or_else(|| EngineError::single(ErrorCode::InvalidJson, "", "invalid input"))
}

/// Calculates `plan` + `sales` (+ `options`, may be empty) and returns the result as JSON.
pub fn calculate_json(plan: &str, sales: &str, options: &str) -> Result<String, EngineError> {
    let (engine, sales, options) = read_all(plan, sales, options)?;
    to_json(&engine.calculate(&sales, &options)?)
}

/// The team report (the upline tree with personal and group sales, levels and bonuses) of
/// `plan` + `sales` (+ `options`, may be empty) as JSON.
pub fn hierarchy_json(plan: &str, sales: &str, options: &str) -> Result<String, EngineError> {
    let (engine, sales, options) = read_all(plan, sales, options)?;
    to_json(&engine.hierarchy(&sales, &options)?)
}

/// The earnings curve of `plan` + `sales` for `request`
/// (`{ agent, add: { from, to, steps }, template }`) as JSON.
pub fn curve_json(plan: &str, sales: &str, request: &str) -> Result<String, EngineError> {
    let engine = Engine::new(parse_plan(plan)?)?;
    let loaded = engine.load(parse_sales(sales)?)?;
    loaded_curve_json(&loaded, request)
}

/// The earnings curve for `request` on a loaded history, as JSON.
pub fn loaded_curve_json(loaded: &Loaded, request: &str) -> Result<String, EngineError> {
    let request: CurveRequest = crate::input::parse(request, Doc::Options)?;
    to_json(&loaded.curve(&request)?)
}

/// What the hypothetical `invoices` (a JSON array of invoices, or one invoice) change on a
/// loaded history, with `options` (may be empty; its own `what_if` invoices come first), as
/// JSON. Errors in the invoices point at `/what_if/<index>`.
pub fn what_if_json(loaded: &Loaded, invoices: &str, options: &str) -> Result<String, EngineError> {
    crate::what_if_limit::check_what_if_invoices(invoices, options)?;
    let invoices: Value = serde_json::from_str(invoices)
        .map_err(|e| EngineError::single(ErrorCode::InvalidJson, "", format!("the invoices are not valid JSON: {e}")))?;
    let invoices = match invoices {
        Value::Array(list) => list,
        one @ Value::Object(_) => vec![one],
        _ => {
            return Err(EngineError::single(
                ErrorCode::InvalidOptions,
                "/what_if",
                "give an array of invoices, or one invoice",
            ))
        }
    };
    let t = options.trim();
    let mut doc: Value = if t.is_empty() || t == "null" {
        Value::Object(Default::default())
    } else {
        serde_json::from_str(t)
            .map_err(|e| EngineError::single(ErrorCode::InvalidJson, "", format!("the options are not valid JSON: {e}")))?
    };
    let Value::Object(map) = &mut doc else {
        return Err(EngineError::single(
            ErrorCode::InvalidOptions,
            "",
            "the options must be an object",
        ));
    };
    match map.entry("what_if").or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(list) => list.extend(invoices),
        _ => {
            return Err(EngineError::single(
                ErrorCode::InvalidOptions,
                "/what_if",
                "what_if must be an array of invoices",
            ))
        }
    }
    let options: Options = crate::input::from_value(doc, Doc::Options)?;
    to_json(&loaded.what_if(&options)?)
}

/// Compares plan A (`plan_a`) with plan B (`plan_b`) on the same `sales` and `options` (may be
/// empty), as JSON. The problems of plan B are listed after the others, their messages
/// beginning with "plan B: ".
pub fn compare_json(plan_a: &str, plan_b: &str, sales: &str, options: &str) -> Result<String, EngineError> {
    match (read_all(plan_a, sales, options), read_plan_b(plan_b)) {
        (Ok((a, sales, options)), Ok(b)) => to_json(&a.compare(&b, &sales, &options)?),
        (a, b) => Err(joined([a.err(), b.err()])),
    }
}

/// Compares the loaded history's plan (A) with `plan_b` with `options` (may be empty), as JSON.
pub fn loaded_compare_json(loaded: &Loaded, plan_b: &str, options: &str) -> Result<String, EngineError> {
    match (read_plan_b(plan_b), parse_options(options)) {
        (Ok(b), Ok(options)) => to_json(&loaded.compare(&b, &options)?),
        (b, o) => Err(joined([b.err(), o.err()])),
    }
}

/// Reads and compiles plan B of a comparison; its problems' messages begin with "plan B: ".
fn read_plan_b(plan_b: &str) -> Result<Engine, EngineError> {
    parse_plan(plan_b).and_then(Engine::new).map_err(|e| {
        let problems = e
            .errors
            .iter()
            .map(|p| Problem::new(p.code, p.path.clone(), format!("plan B: {}", p.message)))
            .collect();
        EngineError::from_problems(problems).unwrap_or(e)
    })
}

/// Checks a plan, and a sales document against it when given. Ok means both are valid.
pub fn validate_json(plan: &str, sales: Option<&str>) -> Result<(), EngineError> {
    let engine = Engine::new(parse_plan(plan)?)?;
    if let Some(sales) = sales {
        engine.check_sales(&parse_sales(sales)?)?;
    }
    Ok(())
}

/// The JSON Schemas (plan, sales, options, result, error) as one JSON object (with the
/// `schema` feature: the native generator of `pkg/schemas.js`, not the WebAssembly module).
#[cfg(feature = "schema")]
pub fn schemas_json() -> String {
    crate::schema::schemas().to_string()
}

/// Serializes a result document.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, EngineError> {
    serde_json::to_string(value).map_err(|e| {
        EngineError::single(
            crate::error::ErrorCode::Overflow,
            "",
            format!("could not write the result: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_of_the_plan_and_the_sales_are_listed_together() {
        let plan = r#"{"currency":"USD","plans":[{"id":"p","rules":[{"id":"r","percent":"200"}]}]}"#;
        let sales = r#"{"invoices":[{"id":"I","date":"2026-02-30"}]}"#;
        let e = calculate_json(plan, sales, r#"{"statements":"fortnight"}"#).unwrap_err();
        let found: Vec<(&str, &str)> = e.errors.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect();
        assert_eq!(
            found,
            [
                ("invalid_plan", "/plans/0/rules/0/percent"),
                ("invalid_sales", "/invoices/0/date"),
                ("invalid_options", "/statements")
            ]
        );
    }
}

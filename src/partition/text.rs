//! The text-level API of partitioned runs (JSON strings in and out), for the WebAssembly
//! binding: split a sales document, calculate a part, merge the parts' results.

use super::part::{calculate_part, PartInfo, PartResult};
use super::split::{SplitOptions, Splitter};
use crate::api::to_json;
use crate::engine::Engine;
use crate::error::{Doc, EngineError, ErrorCode};
use crate::input::{parse, parse_options, parse_plan, parse_sales};
use crate::stream::book::without_lines;
use serde_json::Value;

/// Splits a sales document (JSON text) into parts: a JSON array of `{ sales, part }`, `sales`
/// each part's sales document and `part` its [`PartInfo`].
pub fn partition_json(sales: &str, options: SplitOptions) -> Result<String, EngineError> {
    let mut doc: Value = serde_json::from_str(sales).map_err(|e| {
        EngineError::single(
            ErrorCode::InvalidJson,
            "",
            format!("the sales document is not valid JSON: {e}"),
        )
    })?;
    let Value::Object(map) = &mut doc else {
        return Err(EngineError::single(
            ErrorCode::InvalidSales,
            "",
            "the sales document must be an object",
        ));
    };
    let invoices = match map.remove("invoices") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(EngineError::single(
                ErrorCode::InvalidSales,
                "/invoices",
                "invoices must be an array",
            ))
        }
    };
    let mut splitter = Splitter::default();
    let mut line = |v: &Value| -> Result<(), EngineError> {
        let mut text = serde_json::to_vec(v).map_err(|e| EngineError::single(ErrorCode::InvalidSales, "", e.to_string()))?;
        text.push(b'\n');
        splitter.push(&text).map_err(without_lines)
    };
    line(&doc)?;
    for invoice in &invoices {
        line(invoice)?;
    }
    drop(invoices);
    let split = splitter.finish(options).map_err(without_lines)?;
    let mut out = String::from("[");
    for p in 0..split.len() {
        if p > 0 {
            out.push(',');
        }
        let mut info = split.info(p).clone();
        info.lines.clear();
        info.header_line = 0;
        out.push_str(&format!("{{\"sales\":{},\"part\":{}}}", split.sales(p), to_json(&info)?));
    }
    out.push(']');
    Ok(out)
}

/// Calculates one part (`plan`, the part's `sales`, the run's `options`, the part's `info`):
/// the part's result with its order keys, as JSON.
pub fn calculate_part_json(plan: &str, sales: &str, options: &str, info: &str) -> Result<String, EngineError> {
    let engine = Engine::new(parse_plan(plan)?)?;
    let info: PartInfo = parse(info, Doc::Options).map_err(at_part)?;
    to_json(&calculate_part(
        &engine,
        &parse_sales(sales)?,
        &parse_options(options)?,
        &info,
    )?)
}

/// Merges the parts' results (a JSON array of what [`calculate_part_json`] returns) into the
/// whole book's result, as JSON.
pub fn merge_json(results: &str) -> Result<String, EngineError> {
    let parts: Vec<PartResult> = parse(results, Doc::Options).map_err(at_parts)?;
    to_json(&super::merge(parts)?)
}

/// Merges the parts' summaries (their results without lines) given the agents in the order
/// they first appear in the merged lines, as JSON (with `lines: []`).
pub fn merge_summaries_json(summaries: &str, agents: &str) -> Result<String, EngineError> {
    let parts: Vec<PartResult> = parse(summaries, Doc::Options).map_err(at_parts)?;
    let agents: Vec<String> = parse(agents, Doc::Options)?;
    to_json(&super::merge_summaries(parts, agents)?)
}

fn at_part(e: EngineError) -> EngineError {
    prefixed(e, "/part")
}

fn at_parts(e: EngineError) -> EngineError {
    prefixed(e, "/parts")
}

fn prefixed(mut e: EngineError, prefix: &str) -> EngineError {
    for p in &mut e.errors {
        p.path = format!("{prefix}{}", p.path);
    }
    crate::stream::book::refresh(e)
}

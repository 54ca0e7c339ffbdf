//! What every answer must hold, checked on each fuzz input. A violated check panics, which the
//! fuzzer reports as a crash with the input that caused it.
//!
//! - A result is JSON; where it has `lines` and `totals`, each agent's lines sum **exactly**
//!   (in arbitrary precision, not in the engine's decimal type) to its total, and so do its
//!   `by_rule` entries: no penny lost, no rounded total.
//! - Every object of a result lists its integer-like keys first, ascending, as `JSON.stringify`
//!   does, so the raw text and a JavaScript runtime's agree byte for byte.
//! - An error has a code, its first problem repeats the code, path and message, each path is a
//!   JSON Pointer, messages are bounded and so is the list of problems.

use commission_engine::EngineError;
use num_bigint::BigInt;
use serde_json::Value;
use std::collections::BTreeMap;

/// The scale every amount is brought to before it is summed (the decimal type has at most 28
/// decimal places).
const SCALE: usize = 28;

/// An amount written as a decimal string, exactly, in units of 10^-28.
fn exact(text: &str) -> BigInt {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    assert!(frac.len() <= SCALE, "amount {text} has more than {SCALE} decimal places");
    let all = format!("{int}{frac:0<SCALE$}");
    let n: BigInt = all.parse().unwrap_or_else(|_| panic!("amount {text} is not a decimal"));
    n * sign
}

fn amount(v: &Value) -> BigInt {
    exact(v.as_str().unwrap_or_else(|| panic!("an amount is not a string: {v}")))
}

/// A result of a calculation or a what-if answer.
pub fn calculation(answer: Result<String, EngineError>) {
    if let Some(result) = answer_value(answer) {
        pennies(&result);
    }
}

/// Any answer: a JSON result or a well-formed error. Where it has `totals` (a what-if
/// answer lists only the lines the hypothetical invoices cause, but whole totals), each total's
/// `by_rule` sum exactly to it.
pub fn answer(answer: Result<String, EngineError>) {
    if let Some(result) = answer_value(answer) {
        if let Some(totals) = result.get("totals").and_then(Value::as_array) {
            for t in totals {
                parts_sum_to(t);
            }
        }
    }
}

fn answer_value(answer: Result<String, EngineError>) -> Option<Value> {
    match answer {
        Ok(text) => {
            let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("the result is not JSON: {e}"));
            js_key_order(&value);
            Some(value)
        }
        Err(e) => {
            error(&e);
            None
        }
    }
}

/// Each agent's lines sum exactly to its total, and so do its `by_rule` entries.
pub fn pennies(result: &Value) {
    let mut sums: BTreeMap<&str, BigInt> = BTreeMap::new();
    for line in result["lines"].as_array().expect("lines is an array") {
        let agent = line["agent"].as_str().expect("a line names its agent");
        *sums.entry(agent).or_default() += amount(&line["amount"]);
    }
    for t in result["totals"].as_array().expect("totals is an array") {
        let agent = t["agent"].as_str().expect("a total names its agent");
        let total = amount(&t["amount"]);
        let lines = sums.get(agent).cloned().unwrap_or_default();
        assert_eq!(lines, total, "the lines of `{agent}` do not sum to its total {}", t["amount"]);
        parts_sum_to(t);
    }
}

/// A total's `by_rule` entries sum exactly to its amount (every line has a rule key; lines
/// with no plan, level bonuses, are outside `by_plan`), and every `by_plan` entry is exact.
fn parts_sum_to(t: &Value) {
    let total = amount(&t["amount"]);
    let parts: BigInt = t["by_rule"].as_object().expect("a map").values().map(amount).sum();
    assert_eq!(
        parts, total,
        "the by_rule of `{}` do not sum to its total {}",
        t["agent"], t["amount"]
    );
    t["by_plan"]
        .as_object()
        .expect("a map")
        .values()
        .for_each(|v| drop(amount(v)));
}

/// Every object lists its array-index keys first, ascending, as `JSON.stringify` would (the
/// text is read with its key order kept).
pub fn js_key_order(value: &Value) {
    match value {
        Value::Object(map) => {
            let keys: Vec<&String> = map.keys().collect();
            let index = |k: &str| commission_engine::model::key_order::array_index(k);
            let leading = keys.iter().take_while(|k| index(k).is_some()).count();
            assert!(
                keys[leading..].iter().all(|k| index(k).is_none()),
                "an index-like key after a name: {keys:?}"
            );
            assert!(
                keys[..leading].windows(2).all(|w| index(w[0]) < index(w[1])),
                "index-like keys out of order: {keys:?}"
            );
            map.values().for_each(js_key_order);
        }
        Value::Array(list) => list.iter().for_each(js_key_order),
        _ => {}
    }
}

/// An error is well formed, with bounded messages and a bounded list of problems.
pub fn error(e: &EngineError) {
    use commission_engine::error::{MAX_MESSAGE_CHARS, MAX_PROBLEMS};
    let first = e.errors.first().expect("an error lists at least one problem");
    assert_eq!((first.code, &first.path, &first.message), (e.code, &e.path, &e.message));
    assert!(e.errors.len() <= MAX_PROBLEMS + 1, "{} problems listed", e.errors.len());
    for p in &e.errors {
        assert!(
            p.path.is_empty() || p.path.starts_with('/'),
            "path {:?} is not a JSON Pointer",
            p.path
        );
        let chars = p.message.chars().count();
        assert!(chars <= MAX_MESSAGE_CHARS + 1, "a message of {chars} characters");
    }
    serde_json::from_str::<Value>(&e.to_json()).expect("the error is JSON");
}

//! Reading the input documents from JSON text, with every problem reported at its JSON Pointer.
//!
//! The fast path is a plain `serde_json` parse. Only when it fails is the text parsed again, into
//! a `serde_json::Value`, then written back as one line and parsed again whole and element by
//! element, so that the position where each parse stops names the path of each bad element
//! ([`crate::locate`]; paid only on failure).

use crate::error::{pointer, Doc, EngineError, ErrorCode, Problem};
use crate::model::{Options, PlanDoc, SalesDoc};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses the plan document.
pub fn parse_plan(text: &str) -> Result<PlanDoc, EngineError> {
    parse(text, Doc::Plan)
}

/// Parses the sales document.
pub fn parse_sales(text: &str) -> Result<SalesDoc, EngineError> {
    parse(text, Doc::Sales)
}

/// Parses the options; empty text or `null` means the defaults.
pub fn parse_options(text: &str) -> Result<Options, EngineError> {
    let t = text.trim();
    if t.is_empty() || t == "null" {
        return Ok(Options::default());
    }
    parse(t, Doc::Options)
}

/// Parses a document of type `T` from JSON text.
pub fn parse<T: DeserializeOwned>(text: &str, doc: Doc) -> Result<T, EngineError> {
    match serde_json::from_str::<T>(text) {
        Ok(v) => Ok(v),
        Err(_) => Err(explain_failure::<T>(text, doc)),
    }
}

/// Parses a document of type `T` from an already parsed JSON value.
pub fn from_value<T: DeserializeOwned>(value: Value, doc: Doc) -> Result<T, EngineError> {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(v) => Ok(v),
        Err(_) => Err(EngineError::from_problems(problems_in_value::<T>(&value, doc))
            .unwrap_or_else(|| EngineError::single(doc.invalid(), "", "invalid document"))),
    }
}

fn explain_failure<T: DeserializeOwned>(text: &str, doc: Doc) -> EngineError {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let msg = format!("the {} document is not valid JSON: {e}", doc.name());
            return EngineError::single(ErrorCode::InvalidJson, "", msg);
        }
    };
    EngineError::from_problems(problems_in_value::<T>(&value, doc))
        .unwrap_or_else(|| EngineError::single(doc.invalid(), "", "invalid document"))
}

/// Every element-level problem of `value` read as `T`: the first problem of the whole document,
/// then one per further bad element of each top-level array.
fn problems_in_value<T: DeserializeOwned>(value: &Value, doc: Doc) -> Vec<Problem> {
    let mut problems = Vec::new();
    match problem_in::<T>(value, doc) {
        Some(p) => problems.push(p),
        None => return problems,
    }
    if let Value::Object(map) = value {
        // Try each element of each top-level array on its own, against the same document type
        // with only that element, so that every bad element is reported.
        for (key, field) in map {
            let Value::Array(items) = field else { continue };
            for (i, item) in items.iter().enumerate() {
                let mut single = serde_json::Map::new();
                single.insert(key.clone(), Value::Array(vec![item.clone()]));
                for (k, v) in map {
                    if k != key && !v.is_array() {
                        single.insert(k.clone(), v.clone());
                    }
                }
                if let Some(mut p) = problem_in::<T>(&Value::Object(single), doc) {
                    // The element sits at index 0 of the single-element copy.
                    let prefix = format!("/{}/0", escape(key));
                    if let Some(rest) = p.path.strip_prefix(&prefix) {
                        p.path = format!("/{}/{}{}", escape(key), i, rest);
                    }
                    if !problems.contains(&p) {
                        problems.push(p);
                    }
                }
            }
        }
    }
    problems
}

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The problem of `value` read as `T`, if any: the value is written as one line of JSON and
/// read as `T`; where that read stops names the path ([`crate::locate::path_at`]).
fn problem_in<T: DeserializeOwned>(value: &Value, doc: Doc) -> Option<Problem> {
    let text = serde_json::to_string(value).ok()?;
    let e = serde_json::from_str::<T>(&text).err()?;
    let inner = e.to_string();
    // serde_json's column is the number of bytes read when it stopped (the text is one line).
    let read = e.column().min(text.len());
    let mut segs = crate::locate::path_at(&text, read, &inner);
    // Name the offending field of an unknown-field error in the path.
    if let Some(field) = unknown_field(&inner) {
        if segs.last().map(String::as_str) != Some(field.as_str()) {
            segs.push(field);
        }
    }
    let message = plain_message(strip_position(&inner), &text.as_bytes()[..read]);
    Some(Problem::new(doc.invalid(), pointer(segs), message))
}

/// serde_json's message for an enum (a field that is a name or a one-key object) given another
/// kind of value is a bare "expected value", given when it looked at the value's first byte (the
/// last one of `read`): say what was found, as for other fields.
fn plain_message(message: String, read: &[u8]) -> String {
    if message != "expected value" {
        return message;
    }
    let found = match read.last() {
        Some(b'[') => "sequence",
        Some(b't' | b'f') => "boolean",
        Some(b'n') => "null",
        Some(b'0'..=b'9' | b'-') => "number",
        _ => return "invalid value: map, expected map with a single key".into(),
    };
    format!("invalid type: {found}, expected string or map")
}

/// The field name of serde's "unknown field `x`, expected ..." message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    Some(rest[..end].to_string())
}

/// Drops serde_json's " at line 1 column 5" suffix, meaningless for a value.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_json_has_its_code() {
        let e = parse_plan("{ not json").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidJson);
    }

    #[test]
    fn unknown_field_is_named_in_the_path() {
        let e = parse_plan(r#"{"currency":"USD","plans":[{"id":"a","rules":[{"id":"r","percnt":"5"}]}]}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidPlan);
        assert_eq!(e.path, "/plans/0/rules/0/percnt");
    }

    #[test]
    fn every_bad_element_is_listed() {
        let text = r#"{"invoices":[
            {"id":"a","date":"2026-13-01","lines":[]},
            {"id":"b","date":"2026-01-01","lines":[]},
            {"id":"c","date":"2026-01-02","lines":[{"unit_price":"x"}]}]}"#;
        let e = parse_sales(text).unwrap_err();
        let paths: Vec<&str> = e.errors.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/invoices/0/date", "/invoices/2/lines/0/unit_price"]);
    }
}

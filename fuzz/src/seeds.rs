//! The conformance cases (`tests/cases/*.json`) as seed inputs of the fuzz targets, in the raw
//! encoding (documents separated by NUL bytes).

use serde_json::Value;
use std::path::Path;

fn text(case: &Value, key: &str) -> String {
    case.get(key).map(Value::to_string).unwrap_or_default()
}

/// The seeds of one case: `(target, bytes)` for every target the case can feed.
pub fn of_case(case: &Value) -> Vec<(&'static str, Vec<u8>)> {
    let (plan, sales, options) = (text(case, "plan"), text(case, "sales"), text(case, "options"));
    let entry = |docs: &[&str]| crate::raw_entry(docs);
    let mut out = Vec::new();
    match case.get("call").and_then(Value::as_str).unwrap_or("calculate") {
        "curve" => {
            let request = text(case, "request");
            out.push(("curve", entry(&[&plan, &sales, &request])));
            out.push(("load_what_if", entry(&[&plan, &sales, "[]", "", &request])));
        }
        "hierarchy" => out.push(("hierarchy", entry(&[&plan, &sales, &options]))),
        _ => {
            out.push(("calculate", entry(&[&plan, &sales, &options])));
            out.push(("validate", entry(&[&plan, &sales])));
            out.push(("hierarchy", entry(&[&plan, &sales, &options])));
            // The last invoice as a what-if on the others.
            let mut history: Value = case.get("sales").cloned().unwrap_or(Value::Null);
            let last = history
                .get_mut("invoices")
                .and_then(Value::as_array_mut)
                .and_then(|list| list.pop());
            if let Some(last) = last {
                let rest = history.to_string();
                let invoices = Value::Array(vec![last.clone()]).to_string();
                out.push(("load_what_if", entry(&[&plan, &rest, &invoices, &options, ""])));
                let mut opts: Value = case.get("options").cloned().unwrap_or_else(|| serde_json::json!({}));
                if let Value::Object(map) = &mut opts {
                    map.insert("what_if".into(), Value::Array(vec![last]));
                }
                out.push(("what_if", entry(&[&plan, &rest, &opts.to_string()])));
            }
        }
    }
    out
}

/// Every seed of every case in `dir`, with the case's file stem: `(target, name, bytes)`.
pub fn of_dir(dir: &Path) -> Vec<(&'static str, String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let stem = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let Ok(case) = std::fs::read_to_string(&file).map(|t| serde_json::from_str::<Value>(&t)) else {
            continue;
        };
        let Ok(case) = case else { continue };
        for (target, bytes) in of_case(&case) {
            out.push((target, format!("case-{stem}"), bytes));
        }
    }
    out
}

//! The conformance suite, natively: every `tests/cases/*.json` case run through the text API.
//! The JavaScript tests run the same cases through the WebAssembly package.
//!
//! A case is `{ name, description, call?, plan, plan_b?, sales, options?, request?, expect?, expect_error? }`
//! (`plan_b`: plan B of a `compare` call);
//! `expect` must be a JSON subset of the result (objects: every expected key matches; arrays:
//! same length, element by element; scalars: equal), `expect_error` a subset of the error.

use serde_json::Value;
use std::path::Path;

fn text(v: Option<&Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Runs the case's call; the result or the error as JSON.
fn run(case: &Value) -> Result<Value, Value> {
    let plan = text(case.get("plan"));
    let sales = text(case.get("sales"));
    let options = text(case.get("options"));
    let out = match case.get("call").and_then(Value::as_str).unwrap_or("calculate") {
        "calculate" => commission_engine::calculate_json(&plan, &sales, &options),
        "hierarchy" => commission_engine::hierarchy_json(&plan, &sales, &options),
        "curve" => commission_engine::curve_json(&plan, &sales, &text(case.get("request"))),
        "compare" => commission_engine::compare_json(&plan, &text(case.get("plan_b")), &sales, &options),
        "validate" => {
            let sales = case.get("sales").map(|s| s.to_string());
            commission_engine::validate_json(&plan, sales.as_deref()).map(|_| r#"{"valid":true}"#.to_string())
        }
        other => panic!("unknown call `{other}`"),
    };
    match out {
        Ok(json) => Ok(serde_json::from_str(&json).expect("the result is JSON")),
        Err(e) => Err(serde_json::to_value(&e).expect("the error is JSON")),
    }
}

/// The mismatches of `expected` as a subset of `actual`, as "path: what".
fn mismatches(actual: &Value, expected: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let at = format!("{path}/{k}");
                match a.get(k) {
                    Some(av) => mismatches(av, ev, &at, out),
                    None => out.push(format!("{at}: missing (expected {ev})")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{path}: expected {} elements, got {}: {}", e.len(), a.len(), actual));
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                mismatches(av, ev, &format!("{path}/{i}"), out);
            }
        }
        _ => {
            if expected != actual {
                out.push(format!("{path}: expected {expected}, got {actual}"));
            }
        }
    }
}

#[test]
fn conformance_cases() {
    // CONFORMANCE_DIR runs another folder of cases (tests/cases/pending holds cases of features
    // not yet wired, kept out of the default run).
    let folder = std::env::var("CONFORMANCE_DIR").unwrap_or_else(|_| "tests/cases".into());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.retain(|p| p.extension().map(|e| e == "json").unwrap_or(false));
    files.sort();
    assert!(!files.is_empty(), "no conformance cases found");
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut found = Vec::new();
        match (run(&case), case.get("expect"), case.get("expect_error")) {
            (Ok(result), Some(expect), None) => mismatches(&result, expect, "", &mut found),
            (Err(error), None, Some(expect)) => mismatches(&error, expect, "", &mut found),
            (Ok(result), None, Some(_)) => found.push(format!("expected an error, got {result}")),
            (Err(error), _, None) => found.push(format!("unexpected error {error}")),
            (_, None, None) => found.push("the case has neither expect nor expect_error".into()),
            (_, Some(_), Some(_)) => found.push("the case has both expect and expect_error".into()),
        }
        if !found.is_empty() {
            failures.push(format!("{name}:\n    {}", found.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    println!("{} conformance cases passed", files.len());
}

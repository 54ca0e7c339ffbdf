//! `options.lines: false`: the result without its itemized lines, everything else the same.

use commission_engine::calculate_json;
use serde_json::Value;

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).expect("example file")
}

#[test]
fn totals_only_has_no_lines_and_the_same_everything_else() {
    let (plan, sales) = (example("reseller-plan.json"), example("reseller-sales.json"));
    let options = r#"{"statements":"month","what_if":[{"id":"Q","date":"2026-03-30","customer":"acme","lines":[{"product":"sw-pro","category":"software","unit_price":"5000"}]}]}"#;
    let full: Value = serde_json::from_str(&calculate_json(&plan, &sales, options).unwrap()).unwrap();
    let lean_options = options.replacen('{', r#"{"lines":false,"#, 1);
    let lean: Value = serde_json::from_str(&calculate_json(&plan, &sales, &lean_options).unwrap()).unwrap();
    assert!(full["lines"].as_array().unwrap().len() > 5);
    assert_eq!(lean["lines"], Value::Array(vec![]));
    for key in ["currency", "totals", "statements", "ladders", "levels", "what_if", "warnings"] {
        assert_eq!(lean[key], full[key], "{key}");
    }
    // The totals are not trivially equal: the example earns something.
    assert_ne!(full["totals"][0]["amount"], "0.00");
}

#[test]
fn lines_must_be_a_boolean() {
    let (plan, sales) = (example("reseller-plan.json"), example("reseller-sales.json"));
    let e = calculate_json(&plan, &sales, r#"{"lines":"no"}"#).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_options");
    assert_eq!(e.path, "/lines");
}

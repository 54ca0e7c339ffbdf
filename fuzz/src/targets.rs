//! The fuzz targets: one per call of the text API. Each reads its documents from the fuzzer's
//! bytes (see [`crate::texts`]), makes the call and checks the answer.

use crate::check;
use crate::docs::ScenarioB;
use crate::texts;
use commission_engine::input::{parse_plan, parse_sales};
use commission_engine::{api, Engine};
use serde_json::Value;

fn t(v: Value) -> String {
    v.to_string()
}

/// All the targets, by name (the names of `fuzz_targets/*.rs`).
pub const ALL: &[(&str, fn(&[u8]))] = &[
    ("calculate", calculate),
    ("validate", validate),
    ("what_if", what_if),
    ("curve", curve),
    ("load_what_if", load_what_if),
    ("hierarchy", hierarchy),
];

/// `calculate(plan, sales, options)`.
pub fn calculate(data: &[u8]) {
    let Some(d) = texts(data, 3, |s: &ScenarioB| {
        vec![t(s.plan.json()), t(s.sales.json()), t(s.options.json(false))]
    }) else {
        return;
    };
    check::calculation(api::calculate_json(&d[0], &d[1], &d[2]));
}

/// `validate(plan)` and `validate(plan, sales)`.
pub fn validate(data: &[u8]) {
    let Some(d) = texts(data, 2, |s: &ScenarioB| vec![t(s.plan.json()), t(s.sales.json())]) else {
        return;
    };
    check::answer(api::validate_json(&d[0], None).map(|_| "{}".to_string()));
    check::answer(api::validate_json(&d[0], Some(&d[1])).map(|_| "{}".to_string()));
}

/// `calculate(plan, sales, options)` with `options.what_if` invoices.
pub fn what_if(data: &[u8]) {
    let Some(d) = texts(data, 3, |s: &ScenarioB| {
        vec![t(s.plan.json()), t(s.sales.json()), t(s.options.json(true))]
    }) else {
        return;
    };
    check::calculation(api::calculate_json(&d[0], &d[1], &d[2]));
}

/// `curve(plan, sales, request)`.
pub fn curve(data: &[u8]) {
    let Some(d) = texts(data, 3, |s: &ScenarioB| {
        vec![t(s.plan.json()), t(s.sales.json()), t(s.curve.json())]
    }) else {
        return;
    };
    check::answer(api::curve_json(&d[0], &d[1], &d[2]));
}

/// `Engine.load(plan, sales)`, then `whatIf(invoices, options)` and `curve(request)` on the
/// loaded history (raw: `plan \0 sales \0 invoices \0 options \0 request`).
pub fn load_what_if(data: &[u8]) {
    let Some(d) = texts(data, 5, |s: &ScenarioB| {
        let invoices: Vec<Value> = s.options.what_if.iter().map(|i| i.json()).collect();
        vec![
            t(s.plan.json()),
            t(s.sales.json()),
            t(Value::Array(invoices)),
            t(s.options.json(false)),
            t(s.curve.json()),
        ]
    }) else {
        return;
    };
    let loaded = match parse_plan(&d[0]).and_then(Engine::new) {
        Ok(engine) => match parse_sales(&d[1]).and_then(|sales| engine.load(sales)) {
            Ok(loaded) => loaded,
            Err(e) => return check::error(&e),
        },
        Err(e) => return check::error(&e),
    };
    check::answer(api::what_if_json(&loaded, &d[2], &d[3]));
    if !d[4].is_empty() {
        check::answer(api::loaded_curve_json(&loaded, &d[4]));
    }
}

/// `hierarchy(plan, sales, options)`.
pub fn hierarchy(data: &[u8]) {
    let Some(d) = texts(data, 3, |s: &ScenarioB| {
        vec![t(s.plan.json()), t(s.sales.json()), t(s.options.json(false))]
    }) else {
        return;
    };
    check::answer(api::hierarchy_json(&d[0], &d[1], &d[2]));
}

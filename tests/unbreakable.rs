//! Issue 17 ("Unbreakable"), the engine's part: each finding of the adversarial run as a test.
//!
//! 2. Panics reachable from input (curve division by zero, subtraction overflow).
//! 3. Exact or an error: no rounded total.
//! 4/5. Budgets: a request that would produce more than its budget of lines or bytes is refused
//!    with `limit_exceeded` and a path before the engine allocates it.
//! 6. Error messages quote at most a short prefix of an input value and list a bounded number
//!    of ids.
//! 7. Maps with integer-like keys are written in the order `JSON.stringify` gives.
//! And: the same book in any invoice order gives the same result.

use commission_engine::{calculate_json, curve_json, hierarchy_json, EngineError};
use serde_json::{json, Value};

fn calc(plan: &Value, sales: &Value, options: &Value) -> Result<Value, EngineError> {
    calculate_json(&plan.to_string(), &sales.to_string(), &options.to_string()).map(|t| serde_json::from_str(&t).unwrap())
}

fn percent_plan(percent: &str) -> Value {
    json!({ "currency": "USD", "plans": [{ "id": "p", "rules": [{ "id": "r", "percent": percent }] }],
            "assignments": [{ "agent": "a", "plan": "p" }] })
}

fn invoice(id: &str, date: &str, price: &str) -> Value {
    json!({ "id": id, "date": date, "agents": [{ "id": "a" }], "lines": [{ "product": "x", "unit_price": price }] })
}

// ---- 2. panics reachable from input ----

/// A retroactive monthly ladder (3 / 5 / 7 %) on alice.
fn monthly_ladder_plan() -> Value {
    json!({ "currency": "USD", "plans": [{ "id": "p", "rules": [{ "id": "volume", "ladder": {
        "scope": "period", "period": "month", "mode": "retroactive",
        "tiers": [{ "from": "0", "percent": "3" }, { "from": "10000", "percent": "5" }, { "from": "25000", "percent": "7" }] } }] }],
        "assignments": [{ "agent": "alice", "plan": "p" }] })
}

fn alice_sales(prices: &[&str]) -> Value {
    let invoices: Vec<Value> = prices
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({ "id": format!("I{i}"), "date": "2026-03-02", "agents": [{ "id": "alice" }],
                              "lines": [{ "product": "x", "unit_price": p }] })
        })
        .collect();
    json!({ "agents": [{ "id": "alice" }], "invoices": invoices })
}

fn curve(plan: &Value, sales: &Value, request: Value) -> Result<Value, EngineError> {
    curve_json(&plan.to_string(), &sales.to_string(), &request.to_string()).map(|t| serde_json::from_str(&t).unwrap())
}

fn template() -> Value {
    json!({ "id": "Q", "date": "2026-03-20", "lines": [{ "product": "x", "unit_price": "1" }] })
}

#[test]
fn curve_over_the_smallest_range_is_answered_or_refused_with_a_code() {
    let request = json!({ "agent": "alice", "add": { "from": "0", "to": "0.0000000000000000000000000001", "steps": 5 },
                          "template": template() });
    match curve(&monthly_ladder_plan(), &alice_sales(&["8000"]), request) {
        // Five points cannot be spaced 10^-6 apart in 10^-28: refused at the step count.
        Err(e) => assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_options", "/add/steps"), "{e}"),
        Ok(c) => panic!("five evenly spaced points in 1e-28: {c}"),
    }
    // Even two points: the curve's resolution is 10^-6.
    let request = json!({ "agent": "alice", "add": { "from": "0", "to": "0.0000000000000000000000000001", "steps": 2 },
                          "template": template() });
    let e = curve(&monthly_ladder_plan(), &alice_sales(&["8000"]), request).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("invalid_options", "/add/steps"), "{e}");
    // Five points 10^-6 apart are drawn: 3 % of 8,000 each.
    let request = json!({ "agent": "alice", "add": { "from": "0", "to": "0.000004", "steps": 5 }, "template": template() });
    let c = curve(&monthly_ladder_plan(), &alice_sales(&["8000"]), request).unwrap();
    let totals: Vec<&str> = c["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total"].as_str().unwrap())
        .collect();
    assert_eq!(totals, ["240.00"; 5]);
}

#[test]
fn curve_on_a_retroactive_monthly_ladder_with_the_most_negative_price_is_an_error() {
    let sales = alice_sales(&["8000", "-79228162514264337593543950335"]);
    let request = json!({ "agent": "alice", "add": { "from": "0", "to": "20000", "steps": 5 }, "template": template() });
    let e = curve(&monthly_ladder_plan(), &sales, request).unwrap_err();
    assert_eq!(e.code.as_str(), "overflow", "{e}");
    assert_eq!(e.path, "/invoices/1", "{e}");
    // The most negative price alone, first or with a payment: answered or refused, never a panic.
    let min = "-79228162514264337593543950335";
    for prices in [&[min][..], &[min, "8000"], &[min, min], &["-1", min]] {
        for to in ["20000", "0.5", "1000000000000000"] {
            let request = json!({ "agent": "alice", "add": { "from": "0", "to": to, "steps": 5 }, "template": template() });
            if let Err(e) = curve(&monthly_ladder_plan(), &alice_sales(prices), request) {
                assert!(!e.path.is_empty(), "{e}");
            }
        }
    }
}

// ---- 3. exact or an error ----

#[test]
fn a_total_the_decimal_type_cannot_hold_at_the_currency_scale_is_an_overflow_error() {
    // Each line: 5 % of 7922816251426433759354395033.5 = 396140812571321687967751751.675, rounded
    // 396140812571321687967719751.68; two of them sum to 792281625142643375935503503.36, which
    // needs 29 digits and two decimals: more than 96 bits. Not a total of ...503.4.
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [
        invoice("I1", "2026-01-10", "7922816251426433759354395033.5"),
        invoice("I2", "2026-01-11", "7922816251426433759354395033.5")] });
    let e = calc(&percent_plan("5"), &sales, &json!({})).unwrap_err();
    assert_eq!(e.code.as_str(), "overflow", "{e}");
    assert_eq!(e.path, "/invoices/1", "{e}");
    // One of them alone is exact.
    let one = json!({ "agents": [{ "id": "a" }], "invoices": [invoice("I1", "2026-01-10", "7922816251426433759354395033.5")] });
    let r = calc(&percent_plan("5"), &one, &json!({})).unwrap();
    assert_eq!(r["totals"][0]["amount"], json!("396140812571321687967719751.68"));
    assert_eq!(r["totals"][0]["by_rule"]["r"], json!("396140812571321687967719751.68"));
}

#[test]
fn a_line_the_decimal_type_cannot_hold_at_the_currency_scale_is_an_overflow_error() {
    // 100 % of 79228162514264337593543950335: the line cannot have two decimals.
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [
        invoice("I1", "2026-01-10", "10"), invoice("I2", "2026-01-11", "79228162514264337593543950335")] });
    let e = calc(&percent_plan("100"), &sales, &json!({})).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("overflow", "/invoices/1"), "{e}");
}

// ---- 7. integer-like keys in JSON.stringify order ----

#[test]
fn maps_with_integer_like_keys_are_written_in_json_stringify_order() {
    let plan = json!({ "currency": "USD", "plans": [
        { "id": "b", "rules": [{ "id": "x", "percent": "1", "when": { "products": ["x"] } }, { "id": "10", "percent": "1", "when": { "products": ["t"] } },
                               { "id": "2", "percent": "1", "when": { "products": ["s"] } }, { "id": "a", "percent": "1" }] }],
        "assignments": [{ "agent": "a", "plan": "b" }] });
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [{ "id": "I", "date": "2026-01-10", "agents": [{ "id": "a" }], "lines": [
        { "product": "x", "unit_price": "100" }, { "product": "t", "unit_price": "100" },
        { "product": "s", "unit_price": "100" }, { "product": "o", "unit_price": "100" }] }] });
    let text = calculate_json(&plan.to_string(), &sales.to_string(), "").unwrap();
    let by_rule = &text[text.find("\"by_rule\":").unwrap()..];
    let by_rule = &by_rule[..by_rule.find('}').unwrap() + 1];
    // JSON.stringify(JSON.parse(text)) puts array-index keys first, ascending, then the rest in
    // the order they were written.
    assert_eq!(by_rule, r#""by_rule":{"2":"1.00","10":"1.00","a":"1.00","x":"1.00"}"#);
}

// ---- 6. bounded error messages ----

#[test]
fn an_error_quotes_a_short_prefix_of_a_long_input_value() {
    let long = "9".repeat(2_000_000);
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [invoice("I", "2026-01-10", &long)] });
    let e = calc(&percent_plan("5"), &sales, &json!({})).unwrap_err();
    assert_eq!(e.path, "/invoices/0/lines/0/unit_price");
    let json = e.to_json();
    assert!(json.len() < 1_000, "{} bytes of error: {}", json.len(), &json[..300]);
    assert!(e.message.contains("…"), "{}", e.message);
}

#[test]
fn an_error_about_an_unknown_value_quotes_a_short_prefix() {
    let long = "x".repeat(100_000);
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [{ "id": "I", "date": "2026-01-10", "kind": long,
        "agents": [{ "id": "a" }], "lines": [] }] });
    let e = calc(&percent_plan("5"), &sales, &json!({})).unwrap_err();
    assert!(e.to_json().len() < 1_000, "{} bytes", e.to_json().len());
}

#[test]
fn a_cycle_of_many_agents_names_a_bounded_number_of_them() {
    let n = 100_000;
    let agents: Vec<Value> = (0..n)
        .map(|i| json!({ "id": format!("agent-{i}"), "upline": format!("agent-{}", (i + 1) % n) }))
        .collect();
    let sales = json!({ "agents": agents, "invoices": [] });
    let e = hierarchy_json(&percent_plan("5").to_string(), &sales.to_string(), "").unwrap_err();
    assert_eq!(e.code.as_str(), "cycle");
    let json = e.to_json();
    assert!(json.len() < 2_000, "{} bytes of error", json.len());
    assert!(e.message.contains("99,9") || e.message.contains("more"), "{}", e.message);
}

#[test]
fn a_long_id_in_an_unknown_reference_is_quoted_short() {
    let long = "z".repeat(1_000_000);
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [{ "id": "I", "date": "2026-01-10", "agents": [{ "id": long }], "lines": [] }] });
    let e = calc(&percent_plan("5"), &sales, &json!({})).unwrap_err();
    assert_eq!(e.code.as_str(), "unknown_reference");
    assert!(e.to_json().len() < 1_000, "{} bytes", e.to_json().len());
}

// ---- 4/5. budgets ----

/// One invoice of `lines` lines credited to the same agent `entries` times.
fn wide_invoice(lines: usize, entries: usize) -> Value {
    let agents: Vec<Value> = (0..entries).map(|_| json!({ "id": "a" })).collect();
    let lines: Vec<Value> = (0..lines).map(|_| json!({ "product": "x", "unit_price": "1" })).collect();
    json!({ "agents": [{ "id": "a" }], "invoices": [{ "id": "I", "date": "2026-01-10", "agents": agents, "lines": lines }] })
}

#[test]
fn more_lines_than_max_lines_is_refused_before_calculating() {
    // 200 lines x 50 entries of the same agent: 10,000 result lines.
    let e = calc(&percent_plan("5"), &wide_invoice(200, 50), &json!({ "max_lines": 5000 })).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("limit_exceeded", "/invoices/0"), "{e}");
    assert!(e.message.contains("max_lines"), "{}", e.message);
    let r = calc(&percent_plan("5"), &wide_invoice(200, 50), &json!({ "max_lines": 10000 })).unwrap();
    assert_eq!(r["lines"].as_array().unwrap().len(), 10_000);
}

#[test]
fn natively_a_caller_may_raise_the_budget_past_the_webassembly_default() {
    use commission_engine::engine::budget::Budget;
    use commission_engine::input::parse_options;
    let of = |text: &str| Budget::of(&parse_options(text).unwrap());
    assert_eq!(
        of("{}"),
        Budget {
            max_lines: 1_000_000,
            max_bytes: 268_435_456
        }
    );
    // The WebAssembly build keeps both at their defaults (tests/js/engine-limits.test.mjs).
    assert_eq!(
        of(r#"{"max_lines": 5000000, "max_bytes": 2000000000}"#),
        Budget {
            max_lines: 5_000_000,
            max_bytes: 2_000_000_000
        }
    );
    assert_eq!(
        of(r#"{"max_lines": 5000000000, "max_bytes": 5000000000000}"#),
        Budget {
            max_lines: 1_000_000_000,
            max_bytes: 1 << 40
        }
    );
    let e = calc(&percent_plan("5"), &wide_invoice(200, 50), &json!({ "max_lines": 5000 })).unwrap_err();
    assert!(e.message.contains("at most 1000000000)"), "{}", e.message);
}

#[test]
fn the_default_budget_refuses_the_20000_line_100_entry_invoice() {
    let e = calc(&percent_plan("5"), &wide_invoice(20_000, 100), &json!({})).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("limit_exceeded", "/invoices/0"), "{e}");
}

#[test]
fn a_result_past_max_bytes_is_refused() {
    // A 2,000-character invoice id is written in each of 500 lines (and in its explanation).
    let id = "i".repeat(2_000);
    let lines: Vec<Value> = (0..500).map(|_| json!({ "product": "x", "unit_price": "1" })).collect();
    let sales = json!({ "agents": [{ "id": "a" }], "invoices": [{ "id": id, "date": "2026-01-10", "agents": [{ "id": "a" }], "lines": lines }] });
    let e = calc(&percent_plan("5"), &sales, &json!({ "max_bytes": 1_000_000 })).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("limit_exceeded", "/invoices/0"), "{e}");
    let text = calculate_json(&percent_plan("5").to_string(), &sales.to_string(), r#"{"max_bytes":4000000}"#).unwrap();
    assert!(text.len() <= 4_000_000 && text.len() > 1_000_000, "{} bytes", text.len());
}

// ---- the same book in any invoice order ----

#[test]
fn invoice_order_does_not_change_the_result() {
    let plan = json!({ "currency": "USD", "plans": [{ "id": "p", "rules": [{ "id": "v", "ladder": {
        "scope": "period", "period": "quarter", "mode": "retroactive",
        "tiers": [{ "from": "0", "percent": "3" }, { "from": "1000", "percent": "5" }] } }],
        "overrides": [{ "generation": 1, "percent": "10" }] }],
        "assignments": [{ "agent": "a", "plan": "p" }, { "agent": "b", "plan": "p" }] });
    let invoices = vec![
        json!({ "id": "I3", "date": "2026-02-01", "agents": [{ "id": "b" }], "lines": [{ "unit_price": "700" }] }),
        json!({ "id": "I1", "date": "2026-01-05", "agents": [{ "id": "a" }, { "id": "b" }], "lines": [{ "unit_price": "333.33" }] }),
        json!({ "id": "I2", "date": "2026-01-05", "agents": [{ "id": "a" }], "lines": [{ "unit_price": "800" }] }),
        json!({ "id": "C1", "date": "2026-02-10", "kind": "credit_note", "refunds": "I2", "agents": [{ "id": "a" }], "lines": [{ "unit_price": "100" }] }),
    ];
    let sales = |order: &[usize]| json!({ "agents": [{ "id": "a" }, { "id": "b", "upline": "a" }], "invoices": order.iter().map(|&i| invoices[i].clone()).collect::<Vec<_>>() });
    // Totals, statements, ladders and levels are the same; lines of one date come in the order
    // of their invoices in the document (the documented canonical order), so their running
    // volumes in `explain` may differ.
    // Totals list agents in the order of their first line: compared by agent.
    let same = |r: &Value| {
        let mut totals = r["totals"].as_array().unwrap().clone();
        totals.sort_by_key(|t| t["agent"].as_str().unwrap().to_string());
        json!([totals, r["statements"], r["ladders"], r["levels"], r["warnings"]])
    };
    let options = json!({ "statements": "month" });
    let first = calc(&plan, &sales(&[0, 1, 2, 3]), &options).unwrap();
    assert_eq!(first["totals"][0]["amount"], json!("28.60"));
    for order in [[3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1], [0, 2, 1, 3]] {
        let other = calc(&plan, &sales(&order), &options).unwrap();
        assert_eq!(same(&first), same(&other), "order {order:?}");
        let mut lines = |r: &Value| {
            let mut l: Vec<String> = r["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let mut l = l.clone();
                    l.as_object_mut().unwrap().remove("explain");
                    l.to_string()
                })
                .collect();
            l.sort();
            l
        };
        assert_eq!(lines(&first), lines(&other), "order {order:?}");
    }
}

#[test]
fn lines_past_the_estimate_are_stopped_while_written() {
    // 100 commission lines (the estimate) and two generations of overrides: 300 lines.
    let plan = json!({ "currency": "USD", "plans": [{ "id": "p", "rules": [{ "id": "r", "percent": "10" }],
        "overrides": [{ "generation": 1, "percent": "10" }, { "generation": 2, "percent": "5" }] }],
        "assignments": [{ "agent": "a", "plan": "p" }, { "agent": "b", "plan": "p" }, { "agent": "c", "plan": "p" }] });
    let lines: Vec<Value> = (0..100).map(|_| json!({ "product": "x", "unit_price": "10" })).collect();
    let sales = json!({ "agents": [{ "id": "a" }, { "id": "b", "upline": "a" }, { "id": "c", "upline": "b" }],
        "invoices": [{ "id": "I", "date": "2026-01-10", "agents": [{ "id": "c" }], "lines": lines }] });
    let r = calc(&plan, &sales, &json!({ "max_lines": 300 })).unwrap();
    assert_eq!(r["lines"].as_array().unwrap().len(), 300);
    let e = calc(&plan, &sales, &json!({ "max_lines": 150 })).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("limit_exceeded", "/invoices/0"), "{e}");
    // The bytes of the written lines (explanations name the downline) are counted too.
    let e = calc(&plan, &sales, &json!({ "max_bytes": 60_000 })).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_str()), ("limit_exceeded", "/invoices/0"), "{e}");
    assert!(e.message.contains("max_bytes"), "{}", e.message);
}

#[test]
fn a_warning_quotes_a_short_prefix_of_a_long_id() {
    let id = "w".repeat(100_000);
    let sales =
        json!({ "agents": [{ "id": "a" }], "invoices": [{ "id": id, "date": "2026-01-10", "lines": [{ "unit_price": "1" }] }] });
    let r = calc(&percent_plan("5"), &sales, &json!({})).unwrap();
    let w = &r["warnings"][0];
    assert_eq!(w["code"], json!("no_agents"));
    assert!(w["message"].as_str().unwrap().len() < 200, "{}", w["message"]);
}

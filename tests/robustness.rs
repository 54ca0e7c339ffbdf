//! No input may panic: random and extreme documents through the text API must give a result
//! or an error with a code, and every result keeps its pennies (each agent's lines sum exactly
//! to its total, which is the sum of its `by_plan` and `by_rule` entries).

use commission_engine::calculate_json;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::str::FromStr;

/// Numbers that stress exact arithmetic: zero, tiny, huge, negative, many digits.
fn number() -> impl Strategy<Value = Value> {
    let extreme = prop_oneof![
        Just(json!("0.0000000000000000000000000001")),
        Just(json!("7922816251426433759354395033")),
        Just(json!("7922816251426433759354395033")),
        Just(json!(1e15)),
        Just(json!("33.33333333333333333333333333")),
        Just(json!("-3.5")),
    ];
    prop_oneof![
        1 => extreme,
        1 => Just(json!("0")),
        6 => (0u32..10_000_000).prop_map(|n| json!(format!("{}.{:02}", n / 100, n % 100))),
        2 => (-50i64..150).prop_map(|n| json!(n)),
    ]
}

/// Valid rates and limits (0 to 100), so that most plans pass their checks and calculate.
fn rate() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("0")),
        Just(json!("100")),
        Just(json!("7.5")),
        Just(json!("33.33333333333333333333333333")),
        (0u32..10_000).prop_map(|n| json!(format!("{}.{:02}", n / 100, n % 100))),
    ]
}

fn date() -> impl Strategy<Value = Value> {
    (1u32..13, 1u32..29).prop_map(|(m, d)| json!(format!("2026-{m:02}-{d:02}")))
}

fn line() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            Just("product"),
            Just("product"),
            Just("service"),
            Just("shipping"),
            Just("discount"),
            Just("tax"),
            Just("fee")
        ],
        number(),
        number(),
        prop::option::of(rate()),
        0usize..3,
        0u8..8,
    )
        .prop_map(|(kind, qty, price, discount, p, amount_off)| {
            let mut l =
                json!({ "product": format!("p{p}"), "category": "c", "kind": kind, "quantity": qty, "unit_price": price });
            match (discount, amount_off) {
                // A discount written as an amount (v2): at most the line's quantity × unit price.
                (_, 0) => l["discount_amount"] = json!("0"),
                (Some(d), _) => l["discount_percent"] = d,
                (None, _) => {}
            }
            if kind == "discount" {
                // A discount line lowers the invoice (a positive one is an error).
                l["unit_price"] = json!("-12.50");
                l["quantity"] = json!("1");
            }
            if kind == "product" {
                l["unit_cost"] = json!("1.25");
                l["tax"] = json!("0.5");
            }
            l
        })
}

fn invoice(i: usize) -> impl Strategy<Value = Value> {
    (
        date(),
        prop::collection::vec(line(), 0..4),
        prop::collection::vec((date(), number()), 0..3),
        any::<bool>(),
        0usize..3,
        any::<bool>(),
        (0u8..4, 0u8..3, prop::option::of(rate())),
    )
        .prop_map(move |(d, lines, pays, credit, agent, fx, (status, overlay, quota_credit))| {
            // v2: payment status, an overlay agent beside the split, quota credit, a price list.
            let statuses = ["received", "pending", "cancelled", "voided"];
            let mut agents = vec![json!({ "id": format!("a{agent}"), "role": "sales_rep" })];
            if let Some(q) = quota_credit {
                agents[0]["quota_credit"] = q;
            }
            if overlay == 0 {
                agents.push(json!({ "id": format!("a{}", (agent + 1) % 3), "overlay": true }));
            }
            let mut inv = json!({
                "id": format!("I{i}"), "date": d, "lines": lines, "subscription": "S",
                "pricelist": if i % 2 == 0 { "retail" } else { "wholesale" },
                "payments": pays.into_iter().enumerate()
                    .map(|(k, (d, a))| json!({ "date": d, "amount": a, "status": statuses[(status as usize + k) % 4] }))
                    .collect::<Vec<_>>(),
                "agents": agents
            });
            if credit && i > 0 {
                inv["kind"] = json!("credit_note");
                inv["refunds"] = json!("I0");
            }
            if fx {
                inv["currency"] = json!("EUR");
            }
            inv
        })
}

fn rule(j: usize) -> impl Strategy<Value = Value> {
    let pay = prop_oneof![
        rate().prop_map(|n| json!({ "percent": n })),
        rate().prop_map(|n| json!({ "per_unit": n })),
        rate().prop_map(|n| json!({ "fixed": n })),
        (
            rate(),
            rate(),
            prop_oneof![
                Just("line"),
                Just("invoice"),
                Just("product"),
                Just("category"),
                Just("period")
            ],
            any::<bool>(),
            prop_oneof![Just("amount"), Just("quantity")]
        )
            .prop_map(|(a, b, scope, retro, measure)| json!({ "ladder": {
                "scope": scope, "period": if scope == "period" { json!("month") } else { Value::Null },
                "mode": if retro { "retroactive" } else { "graduated" }, "measure": measure,
                "tiers": [{ "from": "0", "percent": a }, { "from": "1000", "percent": b, "bonus": "10" }] } })),
        // v2: tiers with upper bounds, gaps and a first tier above 0.
        (
            rate(),
            rate(),
            prop_oneof![Just("invoice"), Just("line"), Just("period")],
            any::<bool>()
        )
            .prop_map(|(a, b, scope, retro)| json!({ "ladder": {
                "scope": scope, "period": if scope == "period" { json!("quarter") } else { Value::Null },
                "mode": if retro { "retroactive" } else { "graduated" },
                "tiers": [{ "from": "5", "to": "500", "percent": a }, { "from": "1000", "to": "1999.99", "percent": b },
                          { "from": "3000", "percent": "1" }] } })),
        // v2: formulas, fixed per line.
        prop_oneof![
            Just("max(0, margin) * 0.1 + quantity * 2"),
            Just("if(discount_percent > 10, base * 0.05, round(base / 3, 2))"),
            Just("if(quantity == 0, 0, net / quantity)"),
            Just("min(gross, net * 1.5) - abs(unit_cost) + unit_price / 7"),
        ]
        .prop_map(|f| json!({ "formula": f })),
        rate().prop_map(|n| json!({ "fixed": n, "per": "line" })),
    ];
    let when = prop_oneof![
        8 => Just(Value::Null),
        1 => Just(json!({ "discount_percent": { "max": "10" }, "pricelists": ["retail"] })),
        1 => Just(json!({ "unit_price": { "min": "1", "max": "50000" }, "quantity": { "min": "0" } })),
        1 => Just(json!({ "margin_percent": { "min": "20" } })),
    ];
    let dates = prop_oneof![
        8 => Just((Value::Null, Value::Null)),
        1 => Just((json!("2026-03-01"), json!("2026-06-30"))),
    ];
    (
        pay,
        any::<bool>(),
        prop::option::of(rate()),
        prop::option::of(rate()),
        when,
        dates,
    )
        .prop_map(move |(mut r, stack, cap, floor, when, (valid_from, valid_thru))| {
            r["id"] = json!(format!("r{j}"));
            r["stack"] = json!(stack);
            if !when.is_null() {
                r["when"] = when;
            }
            if !valid_from.is_null() {
                r["valid_from"] = valid_from;
                r["valid_thru"] = valid_thru;
            }
            if let Some(c) = cap {
                r["cap"] = json!({ "amount": c, "per": if j % 2 == 0 { "invoice" } else { "period" } });
            }
            if let Some(f) = floor {
                r["floor"] = json!({ "amount": f, "per": "invoice" });
            }
            r
        })
}

fn documents() -> impl Strategy<Value = (Value, Value, Value)> {
    (
        prop::collection::vec(rule(0), 1..2),
        prop::collection::vec(rule(1), 0..2),
        prop_oneof![Just("invoice"), Just("payment"), Just("paid")],
        prop_oneof![Just("net"), Just("gross"), Just("margin")],
        prop_oneof![Just("line"), Just("total")],
        prop_oneof![Just("USD"), Just("JPY"), Just("KWD")],
        (1usize..6).prop_flat_map(|n| (0..n).map(invoice).collect::<Vec<_>>()),
        prop_oneof![Just(json!("1.08")), Just(json!("0.000001")), Just(json!("1000000"))],
        prop_oneof![Just("none"), Just("week"), Just("half_month"), Just("half_year"), Just("all")],
        (prop_oneof![6 => Just("ignore"), 3 => Just("warn"), 1 => Just("error")], prop::option::of(Just("0"))),
    )
        .prop_map(|(r0, r1, earn_on, base, at, currency, invoices, fx, statements, (unmatched, margin_floor))| {
            let rules: Vec<Value> = r0.into_iter().chain(r1).collect();
            let plan = json!({
                "currency": currency, "rounding": { "at": at },
                "plans": [{ "id": "p", "earn_on": earn_on, "base": base, "rules": rules,
                            "unmatched": unmatched, "margin_floor": margin_floor,
                            "overrides": [{ "generation": 1, "percent": "10" }], "compress": true }],
                "assignments": [{ "agent": "a0", "plan": "p" }, { "agent": "a1", "plan": "p" }, { "agent": "a2", "plan": "p" }]
            });
            let sales = json!({
                "agents": [{ "id": "a0" }, { "id": "a1", "upline": "a0", "activation": "operational" }, { "id": "a2", "upline": "a1" }],
                "invoices": invoices,
                "products": [{ "id": "p1", "category": "c1", "unit_cost": "2" }, { "id": "p2", "commission_free": true }],
                "fx": [{ "currency": "EUR", "date": "2026-01-01", "rate": fx }]
            });
            let options = if statements == "none" { json!({}) } else { json!({ "statements": statements }) };
            (plan, sales, options)
        })
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("amounts are strings")).expect("amounts are decimals")
}

/// Each agent's lines sum to its total, and its by_plan / by_rule entries too; its by_kind
/// entries are the sums of its lines of each kind.
fn check_pennies(result: &Value) {
    let mut sums: HashMap<String, Decimal> = HashMap::new();
    let mut kinds: HashMap<(String, String), Decimal> = HashMap::new();
    for l in result["lines"].as_array().unwrap() {
        *sums.entry(l["agent"].as_str().unwrap().to_string()).or_default() += dec(&l["amount"]);
        let key = (
            l["agent"].as_str().unwrap().to_string(),
            l["kind"].as_str().unwrap().to_string(),
        );
        *kinds.entry(key).or_default() += dec(&l["amount"]);
    }
    for ((agent, kind), sum) in &kinds {
        let t = result["totals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["agent"] == agent.as_str())
            .unwrap();
        assert_eq!(dec(&t["by_kind"][kind]), *sum, "by_kind {kind} of {agent}");
    }
    for t in result["totals"].as_array().unwrap() {
        let agent = t["agent"].as_str().unwrap();
        let total = dec(&t["amount"]);
        assert_eq!(sums.get(agent).copied().unwrap_or_default(), total, "lines of {agent}");
        let by_rule: Decimal = t["by_rule"].as_object().unwrap().values().map(dec).sum();
        assert_eq!(by_rule, total, "by_rule of {agent}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_never_panic_and_keep_pennies((plan, sales, options) in documents()) {
        match calculate_json(&plan.to_string(), &sales.to_string(), &options.to_string()) {
            Ok(text) => check_pennies(&serde_json::from_str(&text).unwrap()),
            Err(e) => prop_assert!(!e.errors.is_empty() && e.errors[0].code == e.code),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = calculate_json(&text, &text, &text);
        let _ = calculate_json(r#"{"currency":"USD"}"#, &text, "");
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = calculate_json(&deep, "{}", "").unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_json");
}

#[test]
fn overflow_is_an_error_with_the_invoice_path() {
    let plan = r#"{"currency":"USD","plans":[{"id":"p","rules":[{"id":"r","percent":"100"}]}],"assignments":[{"agent":"a","plan":"p"}]}"#;
    let sales = r#"{"agents":[{"id":"a"}],"invoices":[{"id":"I","date":"2026-01-01","agents":[{"id":"a"}],
        "lines":[{"quantity":"7922816251426433759354395033","unit_price":"7922816251426433759354395033"}]}]}"#;
    let e = calculate_json(plan, sales, "").unwrap_err();
    assert_eq!(e.code.as_str(), "overflow");
    assert_eq!(e.path, "/invoices/0");
}

#[test]
fn most_random_documents_calculate() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut ok, mut lines) = (0, 0);
    for _ in 0..200 {
        let (plan, sales, options) = documents().new_tree(&mut runner).unwrap().current();
        if let Ok(text) = calculate_json(&plan.to_string(), &sales.to_string(), &options.to_string()) {
            ok += 1;
            lines += serde_json::from_str::<Value>(&text).unwrap()["lines"]
                .as_array()
                .unwrap()
                .len();
        }
    }
    // The generator must exercise the calculation, not only the checks.
    assert!(ok >= 120, "only {ok} of 200 random documents calculated");
    assert!(lines >= 150, "only {lines} lines in all");
}

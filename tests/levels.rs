//! Levels through the public text API: shares and credit notes in the measures, the `as_of`
//! edge of a window, the agents filter, level bonus lines under filters, and a what-if invoice
//! that crosses a level.

use serde_json::{json, Value};

/// Silver needs 50,000 of personal sales and 5 customers over 12 months and pays 2 %.
fn plan() -> Value {
    json!({
        "currency": "USD",
        "plans": [{ "id": "standard", "rules": [{ "id": "all", "percent": "1" }] }],
        "levels": [
            { "id": "bronze", "rank": 1, "plan": "standard" },
            { "id": "silver", "rank": 2, "plan": "standard", "window": { "months": 12 },
              "requires": { "sales": "50000", "customers": 5 }, "bonus_percent": "2", "discount_percent": "10" }
        ]
    })
}

fn invoice(id: &str, date: &str, customer: &str, agents: Value, amount: &str) -> Value {
    json!({ "id": id, "date": date, "customer": customer, "agents": agents, "lines": [{ "unit_price": amount }] })
}

fn calculate(plan: &Value, sales: &Value, options: &Value) -> Value {
    let text = commission_engine::calculate_json(&plan.to_string(), &sales.to_string(), &options.to_string()).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn level<'a>(result: &'a Value, agent: &str) -> &'a Value {
    result["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["agent"] == agent)
        .unwrap()
}

/// ann and bob share five 10,000.00 invoices 60/40 (five customers); a credit note takes
/// 5,000.00 back; an invoice after `as_of` is not measured.
fn shared_sales() -> Value {
    let shares = json!([{ "id": "ann", "share": "60" }, { "id": "bob", "share": "40" }]);
    let mut invoices: Vec<Value> = (1..=5)
        .map(|k| {
            invoice(
                &format!("I{k}"),
                &format!("2026-0{k}-10"),
                &format!("c{k}"),
                shares.clone(),
                "10000.00",
            )
        })
        .collect();
    invoices.push(json!({ "id": "CN1", "date": "2026-06-01", "kind": "credit_note", "refunds": "I1", "lines": [{ "unit_price": "5000.00" }] }));
    invoices.push(invoice("LATE", "2026-07-01", "c6", json!([{ "id": "ann" }]), "90000.00"));
    json!({
        "as_of": "2026-06-30",
        "agents": [{ "id": "ann", "level": "bronze" }, { "id": "bob", "level": "silver" }],
        "customers": (1..=6).map(|k| json!({ "id": format!("c{k}") })).collect::<Vec<_>>(),
        "invoices": invoices
    })
}

#[test]
fn shares_and_credit_notes_divide_personal_sales() {
    let r = calculate(&plan(), &shared_sales(), &json!({}));
    // ann: 60 % of (50,000 - 5,000) = 27,000.00; bob 40 % = 18,000.00. Both count the five
    // customers; the invoice of 2026-07-01 is after as_of.
    let ann = level(&r, "ann");
    assert_eq!(ann["measures"]["sales"], "27000.00");
    assert_eq!(ann["measures"]["customers"], 5);
    assert_eq!(ann["qualified"], "bronze");
    assert_eq!(ann["change"], "keep");
    assert_eq!(ann["next"]["missing"], json!({ "sales": "23000.00" }));
    let bob = level(&r, "bob");
    assert_eq!(bob["measures"]["sales"], "18000.00");
    assert_eq!(bob["qualified"], "bronze");
    assert_eq!(bob["change"], "demote");
    assert_eq!(bob["bonus"], Value::Null);
    assert_eq!(bob["discount_percent"], Value::Null);
}

#[test]
fn the_agents_filter_keeps_their_level_entries_only() {
    let r = calculate(&plan(), &shared_sales(), &json!({ "agents": ["bob"] }));
    let levels = r["levels"].as_array().unwrap();
    assert_eq!(levels.len(), 1);
    assert_eq!(levels[0]["agent"], "bob");
}

#[test]
fn a_level_bonus_is_dated_as_of_and_follows_the_date_filters() {
    let sales = json!({
        "as_of": "2026-06-30",
        "agents": [{ "id": "cy", "level": "bronze" }],
        "customers": (1..=5).map(|k| json!({ "id": format!("c{k}") })).collect::<Vec<_>>(),
        "invoices": (1..=5).map(|k| invoice(&format!("I{k}"), "2026-03-01", &format!("c{k}"), json!([{ "id": "cy" }]), "10000.33")).collect::<Vec<_>>()
    });
    // 50,001.65 of sales: silver; bonus 2 % = 1,000.033 -> 1,000.03; commissions 1 % = 500.0165
    // exact, each invoice 100.0033 -> 100.00 (lines rounded one by one).
    let r = calculate(&plan(), &sales, &json!({}));
    let cy = level(&r, "cy");
    assert_eq!(cy["qualified"], "silver");
    assert_eq!(cy["bonus"], "1000.03");
    assert_eq!(cy["discount_percent"], "10");
    let bonus: Vec<&Value> = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "bonus")
        .collect();
    assert_eq!(bonus.len(), 1);
    assert_eq!(bonus[0]["earned_on"], "2026-06-30");
    assert_eq!(bonus[0]["amount"], "1000.03");
    assert_eq!(r["totals"][0]["amount"], "1500.03");
    assert_eq!(r["totals"][0]["by_rule"]["level_bonus"], "1000.03");

    // Statements up to March leave the bonus (dated as_of) out; the level report stays.
    let march = calculate(&plan(), &sales, &json!({ "thru": "2026-03-31" }));
    assert!(march["lines"].as_array().unwrap().iter().all(|l| l["kind"] != "bonus"));
    assert_eq!(march["totals"][0]["amount"], "500.00");
    assert_eq!(level(&march, "cy")["bonus"], "1000.03");
}

#[test]
fn a_what_if_invoice_that_reaches_silver_is_a_level_crossing() {
    let sales = json!({
        "as_of": "2026-06-30",
        "agents": [{ "id": "dee", "level": "bronze" }],
        "customers": (1..=5).map(|k| json!({ "id": format!("c{k}") })).collect::<Vec<_>>(),
        "invoices": (1..=4).map(|k| invoice(&format!("I{k}"), "2026-02-01", &format!("c{k}"), json!([{ "id": "dee" }]), "11000.00")).collect::<Vec<_>>()
    });
    // 44,000.00 and 4 customers; a quote of 6,000.00 to a fifth customer gives 50,000.00 and 5:
    // silver, a 2 % bonus of 1,000.00, and 1 % of 6,000.00 = 60.00 more commission.
    let quote = invoice("Q1", "2026-06-15", "c5", json!([{ "id": "dee" }]), "6000.00");
    let r = calculate(&plan(), &sales, &json!({ "what_if": [quote] }));
    let w = &r["what_if"];
    assert_eq!(w["delta"], "1060.00");
    assert_eq!(
        w["agents"][0],
        json!({ "agent": "dee", "before": "440.00", "after": "1500.00", "delta": "1060.00",
                "by_kind": { "bonus": { "before": "0.00", "after": "1000.00", "delta": "1000.00" },
                             "commission": { "before": "440.00", "after": "500.00", "delta": "60.00" } } })
    );
    let crossing = w["crossings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "level")
        .unwrap();
    assert_eq!(
        (crossing["from"].as_str(), crossing["to"].as_str()),
        (Some("bronze"), Some("silver"))
    );
    assert_eq!(level(&r, "dee")["change"], "promote");
}

/// Runs a conformance case file's plan, sales and options through the text API.
fn run_case(file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(file);
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    calculate(&case["plan"], &case["sales"], &case["options"])
}

#[test]
fn worked_example_21_missing_and_paths_are_exact() {
    // The conformance case matches subsets; here the whole `missing` objects are checked.
    let r = run_case("v2_example_21_requires_any.json");
    let next = &level(&r, "ann")["next"];
    assert_eq!(next["missing"], json!({}));
    assert_eq!(
        next["paths"],
        json!([{ "missing": { "sales": "50000.00" } }, { "missing": { "recruits": 1 } }])
    );
}

#[test]
fn a_met_alternative_misses_nothing_and_levels_without_alternatives_have_no_paths() {
    let r = run_case("v2_levels_requires_any_with_plain.json");
    assert_eq!(
        level(&r, "bob")["next"]["paths"],
        json!([{ "missing": {} }, { "missing": { "recruits": 1 } }])
    );
    let plain = run_case("v2_example_22_max_leg_percent.json");
    let next = level(&plain, "ann")["next"].as_object().unwrap();
    assert!(!next.contains_key("paths"));
    // Member caps no leg: its measures have no `legs`.
    assert!(level(&plain, "ann")["measures"].get("legs").is_none());
}

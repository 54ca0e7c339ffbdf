//! Partitioned runs give the whole book's result, byte for byte: a generated book with every
//! whole-book concern (shared invoices, customer-credited invoices, credit notes, first orders,
//! one-time subscriptions, period ladders, caps, overrides, levels, statements, warnings) is
//! split into 1 to 8 parts, each part calculated alone, and the merge compared with the
//! calculation of the whole book.

use commission_engine::engine::Engine;
use commission_engine::input::{parse_options, parse_plan, parse_sales};
use commission_engine::partition::{calculate_part, merge, SplitOptions, Splitter};
use serde_json::{json, Value};

/// A small deterministic generator (a linear congruential one).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn plan() -> Value {
    let assignments: Vec<Value> = (0..40).map(|a| json!({ "agent": format!("a{a}"), "plan": "rep" })).collect();
    json!({
        "currency": "USD",
        "plans": [
            { "id": "rep", "rules": [
                { "id": "new", "when": { "first_order": true }, "fixed": "25", "stack": true },
                { "id": "volume", "when": { "categories": ["software"] }, "ladder": { "scope": "period", "period": "quarter",
                  "mode": "retroactive", "tiers": [ { "from": "0", "percent": "3" }, { "from": "4000", "percent": "5" } ] } },
                { "id": "hw", "when": { "categories": ["hardware"] }, "percent": "4",
                  "cap": { "amount": "150", "per": "period", "period": "month" } },
                { "id": "svc", "percent": "2" } ],
              "overrides": [ { "generation": 1, "percent": "10", "of": "commission" }, { "generation": 2, "percent": "5", "of": "commission" } ] },
            { "id": "once", "recurrence": "one_time", "rules": [ { "id": "sub", "percent": "6" } ] }
        ],
        "assignments": assignments,
        "levels": [
            { "id": "bronze", "rank": 1 },
            { "id": "silver", "rank": 2, "requires": { "sales": "15000", "customers": 3 }, "window": { "months": 12 }, "bonus_percent": "1" }
        ]
    })
}

/// A book: the header, then the invoices.
fn book(seed: u64, invoices: usize) -> (Value, Vec<Value>) {
    let mut r = Rng(seed);
    let agents: Vec<Value> = (0..40)
        .map(|a| {
            let mut agent = json!({ "id": format!("a{a}") });
            if a % 8 != 0 {
                agent["upline"] = json!(format!("a{}", a - 1 - r.below(a % 8)));
            }
            if a % 3 == 0 {
                agent["level"] = json!("bronze");
            }
            if a % 8 == 3 && a < 32 {
                // Moves, with its downline, under the top of the next tree (dated agents).
                agent["history"] = json!([{ "from": "2026-04-01", "upline": format!("a{}", a + 5) }]);
            }
            agent
        })
        .collect();
    let customers: Vec<Value> = (0..30)
        .map(|c| {
            let mut customer = json!({ "id": format!("c{c}") });
            if c % 5 == 0 {
                customer["agents"] = json!([{ "id": format!("a{}", r.below(40)) }, { "id": format!("a{}", r.below(40)) }]);
            }
            if c % 7 == 0 {
                customer["first_order_date"] = json!("2026-02-01");
            }
            customer
        })
        .collect();
    let header = json!({
        "agents": agents,
        "customers": customers,
        "categories": [ { "id": "hardware" }, { "id": "software" }, { "id": "services" } ],
    });
    let mut list: Vec<Value> = Vec::new();
    let categories = ["hardware", "software", "services"];
    for i in 0..invoices {
        let date = format!("2026-{:02}-{:02}", 1 + r.below(6), 1 + r.below(28));
        if i > 10 && r.below(25) == 0 {
            let target = list[r.below(i as u64) as usize].clone();
            if target.get("kind").is_none() {
                list.push(json!({ "id": format!("CN{i}"), "date": date.max(target["date"].as_str().unwrap().to_string()),
                    "kind": "credit_note", "refunds": target["id"], "lines": [ { "unit_price": "40.00", "category": "hardware" } ] }));
                continue;
            }
        }
        let lines: Vec<Value> = (0..1 + r.below(3))
            .map(|_| {
                json!({ "product": format!("p{}", r.below(9)), "category": categories[r.below(3) as usize],
                        "quantity": 1 + r.below(4), "unit_price": format!("{}.{:02}", 50 + r.below(900), r.below(100)) })
            })
            .collect();
        let customer = format!("c{}", r.below(30));
        let mut inv = json!({ "id": format!("I{i}"), "date": date, "customer": customer, "lines": lines });
        match r.below(20) {
            0..=1 => {
                // Shared by two agents, most likely of different groups.
                inv["agents"] = json!([{ "id": format!("a{}", r.below(40)), "share": "60" }, { "id": format!("a{}", 40 - 1 - r.below(20)), "share": "40" }]);
                if inv["agents"][0]["id"] == inv["agents"][1]["id"] {
                    inv["agents"] = json!([{ "id": inv["agents"][0]["id"] }]);
                }
            }
            2 => inv["customer"] = json!(format!("c{}", 5 * r.below(6))), // the customer's agents
            3 => {
                inv["agents"] = json!([{ "id": format!("a{}", r.below(40)), "plan": "once" }]);
                inv["subscription"] = json!(format!("S{}", r.below(15)));
            }
            4 if r.below(4) == 0 => {
                inv.as_object_mut().unwrap().remove("customer"); // nobody credited: a warning
                inv["agents"] = json!([]);
            }
            _ => inv["agents"] = json!([{ "id": format!("a{}", r.below(40)) }]),
        }
        list.push(inv);
    }
    (header, list)
}

fn ndjson(header: &Value, invoices: &[Value]) -> String {
    let mut out = format!("{header}\n");
    for i in invoices {
        out.push_str(&format!("{i}\n"));
    }
    out
}

fn whole(header: &Value, invoices: &[Value]) -> String {
    let mut doc = header.clone();
    doc["invoices"] = json!(invoices);
    doc.to_string()
}

fn partitioned(plan: &str, text: &str, options: &str, parts: usize, chunk: usize) -> String {
    let engine = Engine::new(parse_plan(plan).unwrap()).unwrap();
    let options = parse_options(options).unwrap();
    let mut splitter = Splitter::default();
    for c in text.as_bytes().chunks(chunk) {
        splitter.push(c).unwrap();
    }
    let split = splitter
        .finish(SplitOptions {
            parts: Some(parts),
            part_lines: None,
        })
        .unwrap();
    assert_eq!(split.len(), parts);
    let results = (0..split.len())
        .map(|p| calculate_part(&engine, &parse_sales(&split.sales(p)).unwrap(), &options, split.info(p)).unwrap())
        .collect();
    serde_json::to_string(&merge(results).unwrap()).unwrap()
}

#[test]
fn merged_parts_are_byte_identical_to_the_whole_book() {
    let plan = plan().to_string();
    let options = [
        (1, r#"{"statements":"month"}"#),
        (2, r#"{"explain":false,"statements":"week"}"#),
        (3, ""),
        (4, r#"{"from":"2026-03-01","thru":"2026-04-30","statements":"month"}"#),
    ];
    for (seed, options) in options {
        let (header, invoices) = book(seed, 700);
        let expected = commission_engine::calculate_json(&plan, &whole(&header, &invoices), options).unwrap();
        let text = ndjson(&header, &invoices);
        for parts in [1, 2, 3, 5, 8] {
            let merged = partitioned(&plan, &text, options, parts, 4096);
            if merged != expected {
                let (m, e): (Value, Value) = (
                    serde_json::from_str(&merged).unwrap(),
                    serde_json::from_str(&expected).unwrap(),
                );
                for key in ["lines", "totals", "statements", "ladders", "levels", "warnings"] {
                    let (ml, el) = (m[key].as_array().unwrap(), e[key].as_array().unwrap());
                    let first = (0..ml.len().max(el.len())).find(|&i| ml.get(i) != el.get(i));
                    if let Some(i) = first {
                        panic!(
                            "seed {seed}, {parts} parts: {key}[{i}] differs ({} vs {} items):\n merged {}\n whole  {}",
                            ml.len(),
                            el.len(),
                            ml.get(i).unwrap_or(&Value::Null),
                            el.get(i).unwrap_or(&Value::Null)
                        );
                    }
                }
                panic!("seed {seed}, {parts} parts: results differ");
            }
        }
    }
}

/// The lines of version 2 that come after overrides and level bonuses (holdbacks and their
/// releases, draws and their recoveries) stay byte-identical: a plan with a holdback and a
/// recoverable monthly draw, a book where some invoices are paid in full (a release) and some
/// are not.
#[test]
fn holdbacks_and_draws_are_byte_identical() {
    let mut plan = plan();
    plan["plans"][0]["holdback"] = json!({ "percent": "20" });
    plan["plans"][0]["draw"] = json!({ "amount": "300", "per": "month" });
    let plan = plan.to_string();
    let (header, mut invoices) = book(7, 600);
    for (i, inv) in invoices.iter_mut().enumerate() {
        if i % 3 != 0 || inv.get("kind").is_some() {
            continue;
        }
        let date = inv["date"].as_str().unwrap().to_string();
        let paid = format!("{}-{:02}-28", &date[..4], (date[5..7].parse::<u32>().unwrap() + 1).min(12));
        inv["payments"] = json!([{ "date": paid, "amount": "1000000.00" }]);
    }
    let text = ndjson(&header, &invoices);
    for options in [r#"{"statements":"month"}"#, r#"{"explain":false}"#] {
        let expected = commission_engine::calculate_json(&plan, &whole(&header, &invoices), options).unwrap();
        let kinds: Value = serde_json::from_str(&expected).unwrap();
        for kind in ["holdback", "release", "draw", "draw_recovery"] {
            assert!(
                kinds["lines"].as_array().unwrap().iter().any(|l| l["kind"] == kind),
                "the book has {kind} lines"
            );
        }
        for parts in [2, 3, 5] {
            let merged = partitioned(&plan, &text, options, parts, 4096);
            assert!(
                merged == expected,
                "{options}, {parts} parts: {}",
                first_difference(&merged, &expected)
            );
        }
    }
}

/// A routing-only split (no invoice text kept) makes the same parts as a full one: the same
/// headers and infos, and it finds a repeated invoice id all the same.
#[test]
fn a_routing_only_split_makes_the_same_parts() {
    let (header, invoices) = book(3, 500);
    let text = ndjson(&header, &invoices);
    let split = |mut s: Splitter| {
        s.push(text.as_bytes()).unwrap();
        s.finish(SplitOptions {
            parts: Some(4),
            part_lines: None,
        })
        .unwrap()
    };
    let (full, routing) = (split(Splitter::default()), split(Splitter::routing_only(1)));
    assert!(full.has_text() && !routing.has_text());
    for p in 0..4 {
        assert_eq!(full.header(p), routing.header(p));
        assert_eq!(full.info(p), routing.info(p));
    }
    let mut again = Splitter::routing_only(1);
    let repeated = format!("{text}{}\n", invoices[10]);
    let error = again
        .push(repeated.as_bytes())
        .and_then(|_| again.finish(SplitOptions::default()).map(|_| ()));
    let error = error.unwrap_err();
    assert_eq!(error.code, commission_engine::ErrorCode::InvalidSales);
    assert!(error.message.contains("duplicate invoice id"), "{}", error.message);
    assert_eq!(error.line, Some(invoices.len() as u64 + 2));
}

/// Where two results first differ, for a failure message.
fn first_difference(merged: &str, expected: &str) -> String {
    let (m, e): (Value, Value) = (serde_json::from_str(merged).unwrap(), serde_json::from_str(expected).unwrap());
    for key in ["lines", "totals", "statements", "ladders", "levels", "warnings"] {
        let (ml, el) = (m[key].as_array().unwrap(), e[key].as_array().unwrap());
        if let Some(i) = (0..ml.len().max(el.len())).find(|&i| ml.get(i) != el.get(i)) {
            return format!(
                "{key}[{i}] differs ({} vs {} items):\n merged {}\n whole  {}",
                ml.len(),
                el.len(),
                ml.get(i).unwrap_or(&Value::Null),
                el.get(i).unwrap_or(&Value::Null)
            );
        }
    }
    "results differ".into()
}

#[test]
fn too_many_parts_is_a_limit_not_a_trap() {
    let (header, invoices) = book(5, 20);
    let text = ndjson(&header, &invoices);
    for options in [
        SplitOptions {
            parts: Some(10_001),
            part_lines: None,
        },
        SplitOptions {
            parts: Some(usize::MAX),
            part_lines: None,
        },
    ] {
        let mut s = Splitter::default();
        s.push(text.as_bytes()).unwrap();
        let error = s.finish(options).map(|_| ()).unwrap_err();
        assert_eq!(error.code, commission_engine::ErrorCode::LimitExceeded);
        assert_eq!(error.path, "/parts");
        assert!(
            error.message.starts_with("10001 parts") || error.message.contains(" parts; at most 10000"),
            "{}",
            error.message
        );
    }
    let mut s = Splitter::default();
    s.push(text.as_bytes()).unwrap();
    let split = s
        .finish(SplitOptions {
            parts: Some(10_000),
            part_lines: None,
        })
        .unwrap();
    assert_eq!(split.len(), 10_000);
}

//! Incremental what-if against full recalculation, on random histories and random what-ifs.
//!
//! A what-if answered by a loaded engine (which computes only the agents a hypothetical invoice
//! can change) must report exactly what a full `calculate` with `options.what_if` reports: the
//! same `what_if` (deltas per agent and overall, crossings), the same flagged lines, and the
//! same totals for the agents it lists. The plans mix what makes agents depend on each other
//! and on history: period ladders (graduated and retroactive, with a tier bonus), invoice
//! ladders, caps and floors per period, first-order and one-time rules, payment timing, credit
//! notes, shares, customer-credited invoices, overrides (differential ones too), levels and dated
//! agents (`history`: uplines, levels, stages and groups changing mid-year); and contract v2's
//! part A (tier gaps, formulas, SPIFs, commission-free products) and part B (draws, holdbacks,
//! retroactive tiers, ramped quotas, level reviews, alternatives and leg caps).
//!
//! An earnings curve must give, at each point, the total a full calculation gives with the
//! scaled template as a what-if, and be a straight line between its breakpoints.

use commission_engine::model::{Options, PlanDoc, SalesDoc};
use commission_engine::Engine;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

/// The features of a random plan.
#[derive(Clone, Debug)]
struct PlanShape {
    retroactive: bool,
    one_time: bool,
    by_payment: bool,
    round_total: bool,
    overrides: bool,
    levels: bool,
    floor: bool,
    /// Plans given by a group the agents belong to, rather than by assignments.
    by_group: bool,
    /// Contract v2 part A: tiers with upper bounds and gaps, a formula, a dated SPIF paid per
    /// line, and a commission-free product.
    v2: bool,
    /// Contract v2 part B: a monthly draw (recoverable when `Some(true)`), a holdback, a
    /// retroactive tier in the graduated volume ladder, and a stacked monthly quota ladder
    /// whose quota ramps on two agents' assignments.
    v2b: Option<bool>,
}

fn plan_shape() -> impl Strategy<Value = PlanShape> {
    (
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::weighted(0.5, any::<bool>()),
    )
        .prop_map(
            |(retroactive, one_time, by_payment, round_total, overrides, levels, floor, by_group, v2, v2b)| PlanShape {
                retroactive,
                one_time,
                by_payment,
                round_total,
                overrides,
                levels,
                floor,
                by_group,
                v2,
                v2b,
            },
        )
}

fn plan(s: &PlanShape) -> Value {
    let mode = if s.retroactive { "retroactive" } else { "graduated" };
    let mut rules = vec![
        json!({ "id": "hw", "when": { "categories": ["hw"] }, "percent": "5",
                "cap": { "amount": "150", "per": "period", "period": "month" } }),
        json!({ "id": "welcome", "when": { "first_order": true }, "fixed": "20", "stack": true }),
        json!({ "id": "deal", "when": { "categories": ["svc"] },
                "ladder": { "measure": "amount", "scope": "invoice", "mode": "graduated",
                            "tiers": [ { "from": "0", "percent": "2" }, { "from": "500", "percent": "4" } ] } }),
        json!({ "id": "vol", "ladder": { "measure": "amount", "scope": "period", "period": "quarter", "mode": mode,
                "tiers": [ { "from": "0", "percent": "3" }, { "from": "1000", "percent": "5", "bonus": "10" },
                           { "from": "3000", "percent": "7" } ] } }),
    ];
    if s.floor {
        rules[3]["floor"] = json!({ "amount": "40", "per": "period" });
    }
    if s.v2 {
        rules[3]["ladder"]["tiers"] = json!([ { "from": "0", "to": "999", "percent": "3" },
                                              { "from": "1500", "to": "2999", "percent": "5", "bonus": "10" },
                                              { "from": "3000", "percent": "7" } ]);
        rules[2] = json!({ "id": "deal", "when": { "categories": ["svc"] },
                           "formula": "if(quantity >= 2, base * 0.04, base * 0.02) + 1" });
        rules.push(
            json!({ "id": "spif", "when": { "categories": ["hw"] }, "fixed": "3", "per": "line", "stack": true,
                           "valid_from": "2026-02-01", "valid_thru": "2026-04-30" }),
        );
    }
    if s.v2b.is_some() {
        if !s.retroactive {
            rules[3]["ladder"]["tiers"][1]["retroactive"] = json!(true);
        }
        rules.push(
            json!({ "id": "quota", "stack": true, "ladder": { "scope": "period", "period": "month", "quota": "1500",
                           "mode": "retroactive", "tiers": [ { "from_attainment": "0", "percent": "1" },
                                                              { "from_attainment": "100", "percent": "2" } ] } }),
        );
    }
    let mut p = json!({
        "id": "std", "status": "active", "earn_on": if s.by_payment { "payment" } else { "invoice" },
        "recurrence": if s.one_time { "one_time" } else { "recurring" },
        "rules": rules,
    });
    if s.overrides {
        p["overrides"] = json!([ { "generation": 1, "percent": "10", "of": "commission" },
                                 { "generation": 2, "percent": "5", "of": "base" } ]);
    }
    if let Some(recoverable) = s.v2b {
        p["draw"] = json!({ "amount": "120", "per": "month", "recoverable": recoverable, "from": "2026-01-01" });
        p["holdback"] = json!({ "percent": "20" });
    }
    let mut doc = json!({
        "currency": "USD",
        "rounding": { "mode": "half_up", "at": if s.round_total { "total" } else { "line" } },
        "plans": [p],
    });
    if s.by_group {
        doc["groups"] = json!([{ "id": "g", "plan": "std" }]);
    } else {
        doc["assignments"] = json!((0..5)
            .map(|a| match (a, s.v2b.is_some()) {
                // Two agents hired in February with a ramped quota (their earlier sales have no plan).
                (0 | 2, true) => json!({ "agent": format!("a{a}"), "plan": "std", "from": "2026-02-10", "ramp": ["50", "75"] }),
                _ => json!({ "agent": format!("a{a}"), "plan": "std" }),
            })
            .collect::<Vec<_>>());
    }
    if s.levels {
        doc["levels"] = json!([
            { "id": "bronze", "rank": 1, "differential_percent": "1" },
            { "id": "silver", "rank": 2, "requires": { "sales": "2000", "customers": 2 }, "window": { "months": 6 },
              "bonus_percent": "1", "differential_percent": "3" },
        ]);
        if s.v2 {
            // Contract v2 part B: monthly level reviews demoting after two misses (the reviewed
            // levels drive plan generations and differentials by date), a second way to silver
            // by group sales with a leg cap.
            doc["level_review"] = json!({ "every": "month", "demote_after": 2 });
            doc["levels"][1]["override_generations"] = json!(1);
            doc["levels"][1]["requires"] = json!({ "customers": 2,
                "any": [{ "sales": "2000" }, { "group_sales": "4000", "max_leg_percent": "60" }] });
        }
        if s.overrides {
            // Contract v2 part B: a differential override on top, by the levels in force on
            // each sale's date (dated agents change them).
            doc["plans"][0]["overrides"]
                .as_array_mut()
                .expect("overrides")
                .push(json!({ "differential": true, "of": "commission" }));
        }
    }
    doc
}

/// A random invoice: (month 1-6, day 1-28, customer or none, agents (none: the customer's),
/// lines (category hw/svc, quantity 1-3, price), order, paid fraction in quarters).
type InvoiceShape = (u32, u32, Option<usize>, Vec<usize>, Vec<(bool, u32, u32)>, Option<usize>, u32);

fn invoice_shape() -> impl Strategy<Value = InvoiceShape> {
    (
        1u32..=6,
        1u32..=28,
        prop::option::of(0usize..3),
        prop::collection::vec(0usize..5, 0..=2),
        prop::collection::vec((any::<bool>(), 1u32..=3, 1u32..=900), 1..=2),
        prop::option::weighted(0.3, 0usize..2),
        0u32..=4,
    )
}

fn invoice(id: &str, s: &InvoiceShape) -> Value {
    let (month, day, customer, agents, lines, order, paid) = s;
    let lines: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(k, (hw, q, price))| {
            json!({ "product": format!("p{k}"), "category": if *hw { "hw" } else { "svc" },
                    "quantity": q.to_string(), "unit_price": format!("{}.{}", price, price % 100) })
        })
        .collect();
    let mut v = json!({ "id": id, "date": format!("2026-{month:02}-{day:02}"), "lines": lines });
    if let Some(c) = customer {
        v["customer"] = json!(format!("c{c}"));
    }
    let mut ids: Vec<usize> = agents.clone();
    ids.dedup();
    match ids.as_slice() {
        [] if customer.is_some() => {}
        [] => v["agents"] = json!([{ "id": "a0" }]),
        [a] => v["agents"] = json!([{ "id": format!("a{a}") }]),
        [a, b, ..] => v["agents"] = json!([{ "id": format!("a{a}"), "share": "60" }, { "id": format!("a{b}"), "share": "40" }]),
    }
    if let Some(o) = order {
        v["order"] = json!(format!("o{o}"));
    }
    if *paid > 0 {
        // A payment of `paid` quarters of 100.00, a month after the invoice.
        let m = (month + 1).min(12);
        v["payments"] = json!([{ "date": format!("2026-{m:02}-{day:02}"), "amount": format!("{}.00", 100 * paid) }]);
    }
    v
}

/// A random history: uplines (each agent's upline has a lower index), customers' agents,
/// invoices, credit notes refunding some of them, `as_of` or none, and dated agents.
#[derive(Clone, Debug)]
struct History {
    uplines: Vec<Option<usize>>,
    customer_agents: Vec<Vec<usize>>,
    invoices: Vec<InvoiceShape>,
    refunds: Vec<(usize, u32)>,
    as_of: bool,
    dated: Vec<DatedChange>,
}

/// A dated change of an agent (contract v2 `history`): (agent, month 2-6 it holds from, new
/// upline (kept below the agent, so no date loops) or none, what else changes: 0 nothing, 1 the
/// level, 2 the stage, 3 the groups).
type DatedChange = (usize, u32, Option<usize>, u8);

fn history() -> impl Strategy<Value = History> {
    (
        prop::collection::vec(prop::option::of(0usize..5), 5),
        prop::collection::vec(prop::collection::vec(0usize..5, 0..=2), 3),
        prop::collection::vec(invoice_shape(), 0..10),
        prop::collection::vec((0usize..10, 1u32..=28), 0..3),
        any::<bool>(),
        prop::collection::vec((0usize..5, 2u32..=6, prop::option::of(0usize..5), 0u8..4), 0..4),
    )
        .prop_map(|(uplines, customer_agents, invoices, refunds, as_of, dated)| History {
            uplines: uplines.into_iter().enumerate().map(|(i, u)| u.filter(|&u| u < i)).collect(),
            customer_agents,
            invoices,
            refunds,
            as_of,
            dated,
        })
}

/// Agent `i`'s `history` entries from the random dated changes, one per month, in date order.
fn agent_history(h: &History, shape: &PlanShape, i: usize) -> Vec<Value> {
    let mut changes: Vec<&DatedChange> = h.dated.iter().filter(|c| c.0 == i).collect();
    changes.sort_by_key(|c| c.1);
    changes.dedup_by_key(|c| c.1);
    changes
        .iter()
        .map(|&&(_, month, upline, what)| {
            let mut e = json!({ "from": format!("2026-{month:02}-01") });
            e["upline"] = match upline.filter(|&u| u < i) {
                Some(u) => json!(format!("a{u}")),
                None => Value::Null,
            };
            match what {
                1 if shape.levels => e["level"] = if month % 2 == 0 { json!("silver") } else { Value::Null },
                2 => e["activation"] = json!("ramp_up"),
                3 if shape.by_group => e["groups"] = json!([]),
                _ => {}
            }
            e
        })
        .collect()
}

fn sales(h: &History, shape: &PlanShape) -> Value {
    let mut doc = sales_v1(h, shape);
    if shape.v2 {
        doc["products"] = json!([{ "id": "p1", "commission_free": true }]);
    }
    doc
}

fn sales_v1(h: &History, shape: &PlanShape) -> Value {
    // Agents a5 and a6 (below a0 and at the top) are named by no invoice or customer.
    let uplines = h.uplines.iter().copied().chain([Some(0), None]);
    let agents: Vec<Value> = uplines
        .enumerate()
        .map(|(i, u)| {
            let mut a = json!({ "id": format!("a{i}"), "activation": "operational" });
            if let Some(u) = u {
                a["upline"] = json!(format!("a{u}"));
            }
            if shape.levels {
                a["level"] = json!("bronze");
            }
            if shape.by_group {
                a["groups"] = json!(["g"]);
            }
            let dated = agent_history(h, shape, i);
            if !dated.is_empty() {
                a["history"] = json!(dated);
            }
            a
        })
        .collect();
    let customers: Vec<Value> = h
        .customer_agents
        .iter()
        .enumerate()
        .map(|(i, list)| {
            let mut ids = list.clone();
            ids.sort();
            ids.dedup();
            json!({ "id": format!("c{i}"), "agents": ids.iter().map(|a| json!({ "id": format!("a{a}") })).collect::<Vec<_>>() })
        })
        .collect();
    let mut invoices: Vec<Value> = h
        .invoices
        .iter()
        .enumerate()
        .map(|(i, s)| invoice(&format!("I{i}"), s))
        .collect();
    for (k, (target, day)) in h.refunds.iter().enumerate() {
        if *target < h.invoices.len() {
            let t = &h.invoices[*target];
            let month = (t.0 + 1).min(6);
            let (hw, _, price) = t.4[0];
            invoices.push(json!({
                "id": format!("CN{k}"), "date": format!("2026-{month:02}-{day:02}"), "kind": "credit_note",
                "refunds": format!("I{target}"),
                "lines": [{ "product": "p0", "category": if hw { "hw" } else { "svc" }, "quantity": "1",
                            "unit_price": format!("{}.{}", price, price % 100) }],
            }));
        }
    }
    let mut doc = json!({ "agents": agents, "customers": customers, "invoices": invoices });
    if h.as_of {
        doc["as_of"] = json!("2026-06-30");
    }
    doc
}

/// Random what-if invoices (and a credit note refunding a real invoice), with filters.
#[derive(Clone, Debug)]
struct Question {
    invoices: Vec<InvoiceShape>,
    refund: Option<usize>,
    thru: bool,
    agent_filter: Option<usize>,
}

fn question() -> impl Strategy<Value = Question> {
    (
        prop::collection::vec(invoice_shape(), 1..=2),
        prop::option::weighted(0.25, 0usize..10),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.2, 0usize..5),
    )
        .prop_map(|(invoices, refund, thru, agent_filter)| Question {
            invoices,
            refund,
            thru,
            agent_filter,
        })
}

fn options(h: &History, q: &Question) -> Value {
    let mut what_if: Vec<Value> = q
        .invoices
        .iter()
        .enumerate()
        .map(|(i, s)| invoice(&format!("W{i}"), s))
        .collect();
    if let Some(t) = q.refund.filter(|t| *t < h.invoices.len()) {
        what_if.push(
            json!({ "id": "WCN", "date": "2026-06-20", "kind": "credit_note", "refunds": format!("I{t}"),
                             "lines": [{ "product": "p0", "unit_price": "50.00" }] }),
        );
    }
    let mut o = json!({ "explain": false, "what_if": what_if });
    if q.thru {
        o["thru"] = json!("2026-04-30");
    }
    if let Some(a) = q.agent_filter {
        o["agents"] = json!([format!("a{a}")]);
    }
    o
}

/// Compares the incremental answer with a full calculation.
fn agree(plan: &Value, sales: &Value, options: &Value) -> Result<(), TestCaseError> {
    let plan: PlanDoc = serde_json::from_value(plan.clone()).expect("plan");
    let sales: SalesDoc = serde_json::from_value(sales.clone()).expect("sales");
    let options: Options = serde_json::from_value(options.clone()).expect("options");
    let engine = Engine::new(plan).expect("valid plan");
    let full = engine.calculate(&sales, &options);
    let loaded = engine.load(sales).expect("valid sales");
    let inc = loaded.what_if(&options);
    let (full, inc) = match (full, inc) {
        (Ok(f), Ok(i)) => (f, i),
        (Err(f), Err(i)) => {
            prop_assert_eq!(f.code, i.code);
            return Ok(());
        }
        (f, i) => {
            return Err(TestCaseError::fail(format!(
                "one failed: full {:?} / incremental {:?}",
                f.err(),
                i.err()
            )))
        }
    };
    let report = full.what_if.clone().expect("a what_if report");
    prop_assert_eq!(&inc.what_if, &report);
    let flagged: Vec<_> = full.lines.iter().filter(|l| l.what_if).cloned().collect();
    prop_assert_eq!(&inc.lines, &flagged);
    for t in &inc.totals {
        let f = full.totals.iter().find(|x| x.agent == t.agent);
        prop_assert_eq!(Some(t), f);
    }
    for l in &inc.ladders {
        prop_assert!(full.ladders.contains(l), "ladder {:?} differs from the full result", l);
    }
    for l in &inc.levels {
        prop_assert!(full.levels.contains(l), "level {:?} differs from the full result", l);
    }
    Ok(())
}

proptest! {
    // 300 cases by default; `PROPTEST_CASES=5000 cargo test --release --test what_if` for more.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn incremental_what_if_matches_full_calculation(shape in plan_shape(), h in history(), q in question()) {
        let plan = plan(&shape);
        let sales = sales(&h, &shape);
        let options = options(&h, &q);
        agree(&plan, &sales, &options)?;
    }
}

#[test]
fn a_what_if_recomputes_only_its_agents() {
    // Ten agents with ten invoices each; a quote for a3 recomputes a3's invoices only.
    let plan = json!({ "currency": "USD", "plans": [{ "id": "std", "rules": [{ "id": "all", "percent": "5" }] }],
                       "assignments": (0..10).map(|a| json!({ "agent": format!("a{a}"), "plan": "std" })).collect::<Vec<_>>() });
    let mut invoices = Vec::new();
    for i in 0..100 {
        invoices.push(
            json!({ "id": format!("I{i}"), "date": "2026-03-01", "agents": [{ "id": format!("a{}", i % 10) }],
                              "lines": [{ "unit_price": "100.00" }] }),
        );
    }
    let sales = json!({ "agents": (0..10).map(|a| json!({ "id": format!("a{a}") })).collect::<Vec<_>>(), "invoices": invoices });
    let options = json!({ "what_if": [{ "id": "Q", "date": "2026-03-02", "agents": [{ "id": "a3" }], "lines": [{ "unit_price": "40.00" }] }] });
    let engine = Engine::new(serde_json::from_value(plan).unwrap()).unwrap();
    let loaded = engine.load(serde_json::from_value(sales).unwrap()).unwrap();
    let answer = loaded.what_if(&serde_json::from_value(options).unwrap()).unwrap();
    assert_eq!(answer.recomputed_invoices, 10);
    assert_eq!(answer.what_if.delta.0.to_string(), "2.00");
    assert_eq!(answer.what_if.agents.len(), 1);
    assert_eq!(answer.what_if.agents[0].before.0.to_string(), "50.00");
    assert_eq!(answer.what_if.agents[0].after.0.to_string(), "52.00");
}

/// The template scaled to the net base `x`, exactly as the curve scales it: unit prices and
/// payments times `x / net` (the generated templates have no discounts, costs or taxes).
fn scaled(template: &Value, x: Decimal) -> Value {
    let dec = |v: &Value| Decimal::from_str(v.as_str().expect("a decimal string")).expect("a decimal");
    let lines = template["lines"].as_array().expect("lines");
    let net: Decimal = lines.iter().map(|l| dec(&l["quantity"]) * dec(&l["unit_price"])).sum();
    let k = x.checked_div(net).expect("a positive net");
    let mut w = template.clone();
    for l in w["lines"].as_array_mut().expect("lines") {
        l["unit_price"] = json!((dec(&l["unit_price"]) * k).to_string());
    }
    if let Some(list) = w.get_mut("payments").and_then(Value::as_array_mut) {
        for p in list {
            p["amount"] = json!((dec(&p["amount"]) * k).to_string());
        }
    }
    w
}

/// The agent's total in a full calculation with the template scaled to `x`, and its levels
/// there: the level qualified at `as_of` and the level the next review would set (`""` for
/// none, as crossings write it).
fn full_at(engine: &Engine, sales: &SalesDoc, request: &Value, x: Decimal) -> (Decimal, (String, String)) {
    let agent = request["agent"].as_str().expect("agent");
    let options: Options =
        serde_json::from_value(json!({ "explain": false, "what_if": [scaled(&request["template"], x)] })).expect("options");
    let full = engine.calculate(sales, &options).expect("a full calculation");
    let total = full
        .totals
        .iter()
        .find(|t| t.agent == agent)
        .map(|t| t.amount.0)
        .unwrap_or_default();
    let levels = full.levels.iter().find(|l| l.agent == agent).map(|l| {
        (
            l.qualified.clone().unwrap_or_default(),
            l.next_review.as_ref().and_then(|r| r.level.clone()).unwrap_or_default(),
        )
    });
    (total, levels.unwrap_or_default())
}

/// Checks a curve against full calculations: every point's and every breakpoint's total is the
/// agent's total of a full `calculate` with the scaled template as a what-if; between two
/// breakpoints the points lie on a straight line of the breakpoint's rate (within the rounding
/// of the lines); where the agent's qualified level or the level its next review would set
/// differs from one point to the next, a breakpoint in between crosses it (`level`, `review`),
/// and each such crossing holds in full calculations just before the breakpoint and at it.
fn curve_agrees(plan: &Value, sales: &Value, request: &Value) -> Result<(), TestCaseError> {
    let engine = Engine::new(serde_json::from_value(plan.clone()).expect("plan")).expect("valid plan");
    let sales: SalesDoc = serde_json::from_value(sales.clone()).expect("sales");
    let loaded = engine.load(sales.clone()).expect("valid sales");
    let curve = loaded
        .curve(&serde_json::from_value(request.clone()).expect("request"))
        .expect("a curve");
    let mut marks = Vec::new();
    for p in &curve.points {
        let (total, mark) = full_at(&engine, &sales, request, p.at.0);
        prop_assert_eq!(total, p.total.0, "the point at {} differs from a full calculation", p.at.0);
        marks.push(mark);
    }
    level_breakpoints_agree(&engine, &sales, request, &curve, &marks)?;
    let bps = &curve.breakpoints;
    prop_assert!(
        !bps.is_empty() && bps[0].at == curve.points[0].at,
        "the first breakpoint is at `from`"
    );
    for pair in curve.points.windows(2) {
        let (p, q) = (&pair[0], &pair[1]);
        let Some(k) = bps.iter().rposition(|b| b.at.0 <= p.at.0) else {
            continue;
        };
        if bps.get(k + 1).map(|next| next.at.0 <= q.at.0).unwrap_or(false) {
            continue; // a breakpoint lies between the two points
        }
        let b = &bps[k];
        let start = if b.at.0 == p.at.0 {
            b.after.map(|a| a.0).unwrap_or(p.total.0)
        } else {
            p.total.0
        };
        let expected = b.rate.0 * (q.at.0 - p.at.0) / Decimal::ONE_HUNDRED;
        let tolerance = Decimal::new(10, 2);
        prop_assert!(
            (q.total.0 - start - expected).abs() <= tolerance,
            "from {} ({}) to {} ({}) the curve should rise {} at {} %: a breakpoint is missing ({:?})",
            p.at.0,
            start,
            q.at.0,
            q.total.0,
            expected,
            b.rate.0,
            bps
        );
    }
    Ok(())
}

/// The level and review crossings of the curve's breakpoints against full calculations (see
/// [`curve_agrees`]); `marks` are the agent's levels at each point.
fn level_breakpoints_agree(
    engine: &Engine,
    sales: &SalesDoc,
    request: &Value,
    curve: &commission_engine::model::curve::Curve,
    marks: &[(String, String)],
) -> Result<(), TestCaseError> {
    let agent = request["agent"].as_str().expect("agent");
    let bps = &curve.breakpoints;
    for (i, pair) in curve.points.windows(2).enumerate() {
        let (p, q) = (pair[0].at.0, pair[1].at.0);
        for (kind, before, after) in [
            ("level", &marks[i].0, &marks[i + 1].0),
            ("review", &marks[i].1, &marks[i + 1].1),
        ] {
            let crossed = bps
                .iter()
                .any(|b| b.at.0 > p && b.at.0 <= q && b.crossings.iter().any(|c| c.agent == agent && c.kind == kind));
            prop_assert!(
                before == after || crossed,
                "from {} to {} the {} goes from `{}` to `{}`: a breakpoint is missing ({:?})",
                p,
                q,
                kind,
                before,
                after,
                bps
            );
        }
    }
    // A breakpoint's crossings are from just before it (at `from` for the first) to just after.
    let (step, from) = (Decimal::new(1, 6), curve.points[0].at.0);
    for b in bps {
        let (total, _) = full_at(engine, sales, request, b.at.0);
        prop_assert_eq!(
            total,
            b.total.0,
            "the breakpoint at {} differs from a full calculation",
            b.at.0
        );
        if b.crossings.iter().all(|c| c.kind == "tier") {
            continue;
        }
        let (_, before) = full_at(engine, sales, request, (b.at.0 - step).max(from));
        let (_, after) = full_at(engine, sales, request, b.at.0 + step);
        for c in b.crossings.iter().filter(|c| c.agent == agent) {
            let (from, to) = match c.kind.as_str() {
                "level" => (&before.0, &after.0),
                "review" => (&before.1, &after.1),
                _ => continue,
            };
            prop_assert!(
                (from, to) == (&c.from, &c.to),
                "the breakpoint at {} crosses {:?}, full calculations give `{}` just before and `{}` just after it",
                b.at.0,
                c,
                from,
                to
            );
        }
    }
    Ok(())
}

proptest! {
    // 40 cases by default (each computes every point again in full); `CURVE_CASES=500` for more.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("CURVE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(40)
    ))]

    #[test]
    fn curve_points_are_full_totals_and_straight_between_breakpoints(
        shape in plan_shape(), h in history(), agent in 0usize..5, t in invoice_shape(), to in 100u32..20_000, steps in 3u32..24,
    ) {
        curve_agrees(&plan(&shape), &sales(&h, &shape), &curve_request(agent, &t, to, steps))?;
    }

    /// Contract v2 part B: with monthly level reviews and silver within reach (one customer, a
    /// two-month window), quotes often change the level the next review would set, with or
    /// without the level qualified at `as_of`; the curve must mark it.
    #[test]
    fn curve_breakpoints_cross_the_next_level_review(
        shape in plan_shape(), h in history(), agent in 0usize..5, t in invoice_shape(), to in 100u32..20_000, steps in 3u32..24,
    ) {
        let shape = PlanShape { levels: true, v2: true, ..shape };
        let mut plan = plan(&shape);
        plan["levels"][1]["requires"]["customers"] = json!(1);
        // Two months: `as_of` (2026-06-30) measures May and June, the next review (July)
        // June and July, so a quote can change one and not the other.
        plan["levels"][1]["window"] = json!({ "months": 2 });
        curve_agrees(&plan, &sales(&h, &shape), &curve_request(agent, &t, to, steps))?;
    }
}

/// A curve request for agent `a{agent}`, from 0 to `to` in `steps` points, shaped like the
/// invoice `t` (credited to the agent when it names no agents).
fn curve_request(agent: usize, t: &InvoiceShape, to: u32, steps: u32) -> Value {
    let mut template = invoice("T", t);
    if template["agents"].is_null() {
        template["agents"] = json!([{ "id": format!("a{agent}") }]);
    }
    json!({ "agent": format!("a{agent}"), "add": { "from": "0", "to": to.to_string(), "steps": steps },
            "template": template })
}

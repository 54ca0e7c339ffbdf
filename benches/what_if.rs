//! One what-if answered through a loaded engine against a full `calculate` of the same
//! history, side by side: 100,000 invoices of 2,000 agents over a year, a plan with a flat
//! percent on hardware (capped per month), a quarterly graduated volume ladder and an
//! invoice-scope ladder on services.
//!
//! Run: `cargo bench --bench what_if` (results in BENCHMARKS.md).

use commission_engine::model::{Options, PlanDoc, SalesDoc};
use commission_engine::Engine;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Duration;

const INVOICES: usize = 100_000;
const AGENTS: usize = 2_000;
const CUSTOMERS: usize = 10_000;

/// A small deterministic generator (64-bit LCG), so every run measures the same history.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn plan(team: bool) -> PlanDoc {
    let mut p = json!({
        "currency": "USD",
        "plans": [{
            "id": "partner", "status": "active",
            "rules": [
                { "id": "hardware", "when": { "categories": ["hardware"] }, "percent": "5",
                  "cap": { "amount": "2500", "per": "period", "period": "month" } },
                { "id": "services", "when": { "categories": ["services"] },
                  "ladder": { "measure": "amount", "scope": "invoice", "mode": "graduated",
                              "tiers": [ { "from": "0", "percent": "4" }, { "from": "5000", "percent": "6" } ] } },
                { "id": "volume", "ladder": { "measure": "amount", "scope": "period", "period": "quarter", "mode": "graduated",
                  "tiers": [ { "from": "0", "percent": "3" }, { "from": "10000", "percent": "5" }, { "from": "25000", "percent": "7" } ] } }
            ]
        }],
        "groups": [ { "id": "resellers", "plan": "partner" } ]
    });
    if team {
        p["plans"][0]["overrides"] = json!([ { "generation": 1, "percent": "10", "of": "commission" } ]);
    }
    serde_json::from_value(p).expect("the bench plan is valid")
}

/// The history; with `team`, agents form teams of five (one leader, four members below it).
fn sales(team: bool) -> SalesDoc {
    let mut rng = Lcg(42);
    let agents: Vec<Value> = (0..AGENTS)
        .map(|a| {
            let mut v = json!({ "id": format!("A{a}"), "groups": ["resellers"], "activation": "operational" });
            if team && a % 5 != 0 {
                v["upline"] = json!(format!("A{}", a - a % 5));
            }
            v
        })
        .collect();
    let customers: Vec<Value> = (0..CUSTOMERS).map(|c| json!({ "id": format!("C{c}") })).collect();
    let invoices: Vec<Value> = (0..INVOICES)
        .map(|i| {
            let customer = rng.next(CUSTOMERS as u64);
            let agent = customer % AGENTS as u64;
            let day = rng.next(365);
            let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(day as i64);
            let hw = rng.next(2) == 0;
            json!({
                "id": format!("INV-{i}"), "date": date.to_string(), "customer": format!("C{customer}"),
                "agents": [ { "id": format!("A{agent}") } ],
                "lines": [
                    { "product": format!("P{}", rng.next(500)), "category": if hw { "hardware" } else { "services" },
                      "quantity": (1 + rng.next(5)).to_string(), "unit_price": format!("{}.{:02}", 10 + rng.next(2000), rng.next(100)) },
                    { "product": "ship", "kind": "shipping", "unit_price": "15.00" }
                ]
            })
        })
        .collect();
    serde_json::from_value(json!({ "as_of": "2026-12-31", "agents": agents, "customers": customers, "invoices": invoices }))
        .expect("the bench sales are valid")
}

/// A quote of 12,000.00 of hardware for agent A7 (customer C7) on 2026-05-20.
fn quote() -> Options {
    serde_json::from_value(json!({
        "explain": false,
        "what_if": [ { "id": "QUOTE-1", "date": "2026-05-20", "customer": "C7", "agents": [ { "id": "A7" } ],
                       "lines": [ { "product": "P1", "category": "hardware", "quantity": "4", "unit_price": "3000.00" } ] } ]
    }))
    .expect("the quote is valid")
}

fn what_if(c: &mut Criterion) {
    let options = quote();
    let plain = Options {
        explain: false,
        ..Options::default()
    };
    for team in [false, true] {
        let engine = Engine::new(plan(team)).expect("engine");
        let sales = sales(team);
        let loaded = engine.load(sales.clone()).expect("load");
        loaded.baseline().expect("baseline");
        // The loaded engine answers exactly what a full calculation does.
        let full = engine.calculate(&sales, &options).expect("full what-if");
        let inc = loaded.what_if(&options).expect("incremental what-if");
        assert_eq!(full.what_if.as_ref(), Some(&inc.what_if));

        let name = if team {
            "100k invoices, teams of 5 with overrides"
        } else {
            "100k invoices, 2000 agents"
        };
        let mut g = c.benchmark_group(name);
        g.sample_size(10)
            .measurement_time(Duration::from_secs(20))
            .warm_up_time(Duration::from_secs(2));
        g.bench_function(BenchmarkId::new("full calculate", "no what-if"), |b| {
            b.iter(|| engine.calculate(black_box(&sales), &plain).unwrap())
        });
        g.bench_function(BenchmarkId::new("full calculate", "with what_if"), |b| {
            b.iter(|| engine.calculate(black_box(&sales), &options).unwrap())
        });
        g.bench_function(BenchmarkId::new("loaded engine", "what_if"), |b| {
            b.iter(|| loaded.what_if(black_box(&options)).unwrap())
        });
        g.finish();
    }
}

criterion_group!(benches, what_if);
criterion_main!(benches);

//! Each version 2 check: a document with one problem, its code and path.

use super::*;
use crate::error::EngineError;
use serde_json::json;

fn plan_problems(rule: serde_json::Value) -> Vec<(ErrorCode, String)> {
    let doc: PlanDoc = serde_json::from_value(json!({
        "currency": "USD",
        "plans": [ { "id": "p", "rules": [ { "id": "ok", "percent": "1" }, rule ] } ]
    }))
    .unwrap();
    let mut p = Problems::default();
    plan(&doc, &mut p);
    listed(p)
}

fn sales_problems(sales: serde_json::Value) -> Vec<(ErrorCode, String)> {
    let doc: SalesDoc = serde_json::from_value(sales).unwrap();
    let mut p = Problems::default();
    super::sales(&doc, &mut p);
    for (i, inv) in doc.invoices.iter().enumerate() {
        invoice(inv, &format!("/invoices/{i}"), ErrorCode::InvalidSales, &mut p);
    }
    listed(p)
}

fn listed(p: Problems) -> Vec<(ErrorCode, String)> {
    match p.into_result() {
        Ok(()) => Vec::new(),
        Err(EngineError { errors, .. }) => errors.into_iter().map(|e| (e.code, e.path)).collect(),
    }
}

fn plan_error(path: &str) -> Vec<(ErrorCode, String)> {
    vec![(ErrorCode::InvalidPlan, path.to_string())]
}

fn sales_error(path: &str) -> Vec<(ErrorCode, String)> {
    vec![(ErrorCode::InvalidSales, path.to_string())]
}

#[test]
fn a_valid_rule_passes() {
    let rule = json!({ "id": "r", "formula": "net * 0.1", "valid_from": "2026-03-01", "valid_thru": "2026-03-31",
        "when": { "discount_percent": { "min": "0", "max": "10" } } });
    assert_eq!(plan_problems(rule), vec![]);
}

#[test]
fn rule_checks() {
    let r = "/plans/0/rules/1";
    assert_eq!(
        plan_problems(json!({ "id": "r", "formula": "net * rate" })),
        plan_error(&format!("{r}/formula"))
    );
    assert_eq!(
        plan_problems(json!({ "id": "r", "percent": "1", "valid_from": "2026-04-01", "valid_thru": "2026-03-31" })),
        plan_error(&format!("{r}/valid_from"))
    );
    assert_eq!(
        plan_problems(json!({ "id": "r", "percent": "1", "per": "line" })),
        plan_error(&format!("{r}/per"))
    );
    assert_eq!(
        plan_problems(json!({ "id": "r", "percent": "1", "when": { "quantity": { "min": "5", "max": "2" } } })),
        plan_error(&format!("{r}/when/quantity/min"))
    );
}

#[test]
fn tier_upper_bounds() {
    let ladder = |tiers: serde_json::Value| json!({ "id": "r", "ladder": { "tiers": tiers } });
    let ok = ladder(json!([ { "from": "0", "to": "1000", "percent": "10" }, { "from": "2000", "percent": "20" } ]));
    assert_eq!(plan_problems(ok), vec![]);
    let below = ladder(json!([ { "from": "100", "to": "50", "percent": "10" } ]));
    assert_eq!(plan_problems(below), plan_error("/plans/0/rules/1/ladder/tiers/0/to"));
    let overlapping = ladder(json!([ { "from": "0", "to": "2000", "percent": "10" }, { "from": "2000", "percent": "20" } ]));
    assert_eq!(plan_problems(overlapping), plan_error("/plans/0/rules/1/ladder/tiers/0/to"));
    let attainment = ladder(json!([ { "from_attainment": "0", "to": "50", "percent": "10" } ]));
    assert_eq!(plan_problems(attainment), plan_error("/plans/0/rules/1/ladder/tiers/0/to"));
}

#[test]
fn overlay_and_quota_credit() {
    let sales = json!({ "invoices": [ { "id": "i", "date": "2026-03-01", "agents": [
        { "id": "a", "share": "100" }, { "id": "b", "overlay": true, "share": "10" }, { "id": "c", "quota_credit": "120" } ],
        "lines": [] } ] });
    assert_eq!(
        sales_problems(sales),
        vec![
            (ErrorCode::InvalidSales, "/invoices/0/agents/1/share".into()),
            (ErrorCode::InvalidSales, "/invoices/0/agents/2/quota_credit".into())
        ]
    );
}

#[test]
fn customer_shares_in_force_sum_to_100() {
    let customers = json!([ { "id": "c", "agents": [
        { "id": "a", "share": "60", "thru": "2026-03-31" },
        { "id": "b", "share": "40" },
        { "id": "d", "share": "50", "from": "2026-04-01" },
        { "id": "o", "overlay": true } ] } ]);
    let on =
        |date: &str| json!({ "customers": customers, "invoices": [ { "id": "i", "date": date, "customer": "c", "lines": [] } ] });
    assert_eq!(sales_problems(on("2026-03-15")), vec![]);
    assert_eq!(sales_problems(on("2026-04-15")), sales_error("/customers/0"));
    // An invoice that names its agents does not use the customer's.
    let named = json!({ "customers": customers, "invoices": [ { "id": "i", "date": "2026-04-15", "customer": "c",
        "agents": [ { "id": "a" } ], "lines": [] } ] });
    assert_eq!(sales_problems(named), vec![]);
    // A single entry in force may omit its share; several entries all without shares split equally.
    let single = json!({ "customers": [ { "id": "c", "agents": [ { "id": "a" }, { "id": "o", "overlay": true } ] } ],
        "invoices": [ { "id": "i", "date": "2026-04-15", "customer": "c", "lines": [] } ] });
    assert_eq!(sales_problems(single), vec![]);
}

#[test]
fn products_are_unique() {
    let sales = json!({ "products": [ { "id": "p" }, { "id": "p", "commission_free": true } ] });
    assert_eq!(sales_problems(sales), sales_error("/products/1/id"));
}

#[test]
fn discount_amount() {
    let line = |l: serde_json::Value| json!({ "invoices": [ { "id": "i", "date": "2026-03-01", "lines": [ l ] } ] });
    let at = "/invoices/0/lines/0/discount_amount";
    assert_eq!(
        sales_problems(line(
            json!({ "quantity": "3", "unit_price": "12.34", "discount_amount": "0.42" })
        )),
        vec![]
    );
    assert_eq!(
        sales_problems(line(
            json!({ "quantity": "3", "unit_price": "12.34", "discount_amount": "37.02" })
        )),
        vec![]
    );
    assert_eq!(
        sales_problems(line(
            json!({ "quantity": "3", "unit_price": "12.34", "discount_amount": "37.03" })
        )),
        sales_error(at)
    );
    assert_eq!(
        sales_problems(line(json!({ "quantity": "-1", "unit_price": "50", "discount_amount": "10" }))),
        vec![]
    );
    assert_eq!(
        sales_problems(line(json!({ "unit_price": "50", "discount_amount": "-1" }))),
        sales_error(at)
    );
    assert_eq!(
        sales_problems(line(
            json!({ "unit_price": "50", "discount_amount": "1", "discount_percent": "2" })
        )),
        sales_error(at)
    );
}

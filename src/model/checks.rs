//! Checks of the version 2 fields that a document settles on its own, each problem with its
//! JSON Pointer: rule ranges, dates, `per` and formulas, tier upper bounds (plan); overlay
//! entries, `quota_credit`, customer shares, the product catalog and `discount_amount` (sales).
//! The checks that need the engine's indexes (references, invoice shares) stay in the engine.

use super::plan::{PlanDoc, Range, Rule, Tier};
use super::sales::{Invoice, InvoiceKind, SalesDoc};
use crate::error::{pointer, ErrorCode, Problems};
use crate::formula::Formula;
use crate::money::Dec;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Checks the version 2 fields of a plan document.
pub fn plan(doc: &PlanDoc, p: &mut Problems) {
    for (i, plan) in doc.plans.iter().enumerate() {
        for (j, rule) in plan.rules.iter().enumerate() {
            check_rule(rule, &pointer(["plans", &i.to_string(), "rules", &j.to_string()]), p);
        }
    }
}

fn check_rule(rule: &Rule, at: &str, p: &mut Problems) {
    let inv = ErrorCode::InvalidPlan;
    if let (Some(f), Some(t)) = (rule.valid_from, rule.valid_thru) {
        if f > t {
            p.push(inv, format!("{at}/valid_from"), "valid_from is after valid_thru");
        }
    }
    if rule.per.is_some() && rule.fixed.is_none() {
        p.push(inv, format!("{at}/per"), "`per` goes with `fixed`");
    }
    if let Some(text) = &rule.formula {
        if let Err(e) = Formula::parse(text) {
            p.push(inv, format!("{at}/formula"), format!("formula: {e}"));
        }
    }
    if let Some(when) = &rule.when {
        let ranges = [
            ("discount_percent", &when.discount_percent),
            ("unit_price", &when.unit_price),
            ("quantity", &when.quantity),
            ("margin_percent", &when.margin_percent),
        ];
        for (field, range) in ranges {
            if let Some(Range {
                min: Some(lo),
                max: Some(hi),
            }) = range
            {
                if lo > hi {
                    p.push(inv, format!("{at}/when/{field}/min"), format!("min {lo} is above max {hi}"));
                }
            }
        }
    }
    if let Some(ladder) = &rule.ladder {
        check_upper_bounds(&ladder.tiers, &format!("{at}/ladder/tiers"), p);
    }
}

/// Each tier's `to` lies between its own `from` and the next tier's `from` (exclusive).
fn check_upper_bounds(tiers: &[Tier], at: &str, p: &mut Problems) {
    for (k, tier) in tiers.iter().enumerate() {
        let Some(to) = tier.to else { continue };
        let path = format!("{at}/{k}/to");
        let Some(from) = tier.from else {
            p.push(ErrorCode::InvalidPlan, path, "`to` bounds a tier written with `from`");
            continue;
        };
        if to.0 < from.0 {
            p.push(
                ErrorCode::InvalidPlan,
                path,
                format!("to {to} is below the tier's from {from}"),
            );
        } else if let Some(next) = tiers.get(k + 1).and_then(|t| t.from) {
            if to.0 >= next.0 {
                p.push(
                    ErrorCode::InvalidPlan,
                    path,
                    format!("to {to} must be below the next tier's from {next}"),
                );
            }
        }
    }
}

/// Checks the version 2 fields of a sales document outside its invoices: the product
/// catalog, customers' overlay entries and `quota_credit`, and the shares of the customer
/// entries in force on the date of each invoice that names no agents.
pub fn sales(doc: &SalesDoc, p: &mut Problems) {
    let code = ErrorCode::InvalidSales;
    let mut products: HashMap<&str, usize> = HashMap::new();
    for (k, product) in doc.products.iter().enumerate() {
        if products.insert(product.id.as_str(), k).is_some() {
            p.push(
                code,
                pointer(["products", &k.to_string(), "id"]),
                format!("product `{}` is defined twice", product.id),
            );
        }
    }
    let mut customers: HashMap<&str, usize> = HashMap::new();
    for (c, customer) in doc.customers.iter().enumerate() {
        customers.entry(customer.id.as_str()).or_insert(c);
        for (k, a) in customer.agents.iter().enumerate() {
            let at = pointer(["customers", &c.to_string(), "agents", &k.to_string()]);
            check_entry(a.overlay, a.share, a.quota_credit, &at, code, p);
        }
    }
    let mut reported = vec![false; doc.customers.len()];
    for inv in &doc.invoices {
        if inv.agents.as_ref().is_some_and(|l| !l.is_empty()) || inv.kind == InvoiceKind::CreditNote && inv.refunds.is_some() {
            continue;
        }
        let Some(&c) = inv.customer.as_ref().and_then(|id| customers.get(id.as_str())) else {
            continue;
        };
        if reported[c] {
            continue;
        }
        let in_force: Vec<Option<Decimal>> = doc.customers[c]
            .agents
            .iter()
            .filter(|a| !a.overlay)
            .filter(|a| a.from.map_or(true, |f| f <= inv.date) && a.thru.map_or(true, |t| inv.date <= t))
            .map(|a| a.share.map(|s| s.0))
            .collect();
        if let Some(problem) = shares_problem(&in_force) {
            reported[c] = true;
            p.push(
                code,
                pointer(["customers", &c.to_string()]),
                format!("on {}: {problem}", inv.date),
            );
        }
    }
}

/// What is wrong with the shares of the non-overlay entries in force: given to some and not
/// to others, or not summing to 100 (entries that all omit their share split equally).
fn shares_problem(shares: &[Option<Decimal>]) -> Option<String> {
    let given: Vec<Decimal> = shares.iter().flatten().copied().collect();
    if given.is_empty() {
        return None;
    }
    if given.len() < shares.len() {
        return Some("give a share to every agent in force, or to none".into());
    }
    let total = given
        .iter()
        .try_fold(Decimal::ZERO, |a, s| a.checked_add(*s))
        .unwrap_or(Decimal::MAX);
    (total != Decimal::ONE_HUNDRED).then(|| format!("the shares of the agents in force must sum to 100, not {total}"))
}

/// An agent entry's overlay, share and quota credit: an overlay entry has no share, a
/// quota credit is 0 to 100.
fn check_entry(overlay: bool, share: Option<Dec>, credit: Option<Dec>, at: &str, code: ErrorCode, p: &mut Problems) {
    if overlay && share.is_some() {
        p.push(
            code,
            format!("{at}/share"),
            "an overlay agent earns on the whole base: it has no share",
        );
    }
    if let Some(q) = credit {
        if q.0.is_sign_negative() && !q.0.is_zero() || q.0 > Decimal::ONE_HUNDRED {
            p.push(
                code,
                format!("{at}/quota_credit"),
                format!("a quota credit must be between 0 and 100, not {q}"),
            );
        }
    }
}

/// Checks the version 2 fields of one invoice (at `base`, reported with `code`: the sales
/// document's invoices and the options' what-if invoices): agent entries, and each line's
/// `discount_amount` (not with `discount_percent`, from 0 to |quantity × unit price|).
pub fn invoice(inv: &Invoice, base: &str, code: ErrorCode, p: &mut Problems) {
    for (k, a) in inv.agents.iter().flatten().enumerate() {
        check_entry(a.overlay, a.share, a.quota_credit, &format!("{base}/agents/{k}"), code, p);
    }
    for (k, line) in inv.lines.iter().enumerate() {
        let Some(amount) = line.discount_amount else { continue };
        let at = format!("{base}/lines/{k}/discount_amount");
        if line.discount_percent.is_some() {
            p.push(code, at, "give discount_percent or discount_amount, not both");
            continue;
        }
        let gross = line
            .quantity
            .map_or(Decimal::ONE, |q| q.0)
            .checked_mul(line.unit_price.0)
            .map(|g| g.abs());
        if amount.0.is_sign_negative() && !amount.0.is_zero() {
            p.push(code, at, "a discount amount must not be negative");
        } else if gross.is_some_and(|g| amount.0 > g) {
            p.push(
                code,
                at,
                format!("a discount amount of {amount} is more than the line's quantity × unit price"),
            );
        }
    }
}

#[cfg(test)]
mod tests;

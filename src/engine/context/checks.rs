//! The checks of a sales document against a plan: unique ids, references, shares, cycles,
//! lines and currencies. Every problem is collected, so that all are reported together.

use super::InvoiceRef;
use crate::engine::compile::CompiledPlan;
use crate::error::{pointer, EngineError, ErrorCode, Problems};
use crate::limits::{MAX_AGENTS, MAX_INVOICES, MAX_LINES_PER_INVOICE};
use crate::model::options::Options;
use crate::model::sales::{InvoiceAgent, SalesDoc};
use crate::model::Date;
use crate::money::minor_units;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Checks the sizes of a calculation and its `from`/`thru` before anything is indexed.
pub fn sizes(sales: &SalesDoc, options: &Options, with_what_if: bool) -> Result<(), EngineError> {
    let mut p = Problems::default();
    let wanted = sales.invoices.len() + if with_what_if { options.what_if.len() } else { 0 };
    if wanted > MAX_INVOICES {
        p.push(
            ErrorCode::LimitExceeded,
            "/invoices",
            format!("{wanted} invoices; at most {MAX_INVOICES} per calculation"),
        );
    }
    if sales.agents.len() > MAX_AGENTS {
        p.push(
            ErrorCode::LimitExceeded,
            "/agents",
            format!("{} agents; at most {MAX_AGENTS}", sales.agents.len()),
        );
    }
    if let (Some(f), Some(t)) = (options.from, options.thru) {
        if f > t {
            p.push(ErrorCode::InvalidOptions, "/from", "from is after thru");
        }
    }
    p.into_result()
}

/// Checks each agent's own upline, level, groups and activation stage, and that those uplines
/// do not loop (its `history` is checked by [`super::dated`]).
pub fn agents(plan: &CompiledPlan, sales: &SalesDoc, agents: &HashMap<&str, usize>, p: &mut Problems) {
    let mut upline = vec![None; sales.agents.len()];
    for (i, a) in sales.agents.iter().enumerate() {
        let at = |f: &str| pointer(["agents", &i.to_string(), f]);
        if let Some(u) = &a.upline {
            if u == &a.id {
                p.push(ErrorCode::Cycle, at("upline"), format!("agent `{u}` is its own upline"));
            } else {
                match agents.get(u.as_str()) {
                    Some(&j) => upline[i] = Some(j),
                    None => p.push(ErrorCode::UnknownReference, at("upline"), format!("unknown agent `{u}`")),
                }
            }
        }
        if let Some(l) = &a.level {
            if !plan.levels.contains_key(l) {
                p.push(ErrorCode::UnknownReference, at("level"), format!("unknown level `{l}`"));
            }
        }
        for (k, g) in a.groups.iter().enumerate() {
            if !plan.groups.contains_key(g) {
                p.push(
                    ErrorCode::UnknownReference,
                    pointer(["agents", &i.to_string(), "groups", &k.to_string()]),
                    format!("unknown group `{g}`"),
                );
            }
        }
        if let Some(s) = &a.activation {
            if plan.activation_rank(s).is_none() {
                p.push(
                    ErrorCode::UnknownReference,
                    at("activation"),
                    format!("unknown activation stage `{s}`"),
                );
            }
        }
    }
    let ids: Vec<&str> = sales.agents.iter().map(|a| a.id.as_str()).collect();
    find_cycles(&ids, &upline, "/agents", "upline", p);
}

/// Checks that categories do not loop; returns each category's parent by id. A parent need not
/// be declared itself (the contract's own example names `hardware` only as the parent of
/// `laptops`): it is a top-level category.
pub fn categories<'a>(sales: &'a SalesDoc, ids: &HashMap<&str, usize>, p: &mut Problems) -> HashMap<&'a str, &'a str> {
    let mut category_parent = HashMap::new();
    let mut cat_up = vec![None; sales.categories.len()];
    for (i, c) in sales.categories.iter().enumerate() {
        if let Some(parent) = &c.parent {
            match ids.get(parent.as_str()) {
                Some(&j) if j == i => p.push(
                    ErrorCode::Cycle,
                    pointer(["categories", &i.to_string(), "parent"]),
                    format!("category `{parent}` is its own parent"),
                ),
                found => {
                    cat_up[i] = found.copied();
                    category_parent.insert(c.id.as_str(), parent.as_str());
                }
            }
        }
    }
    let names: Vec<&str> = sales.categories.iter().map(|c| c.id.as_str()).collect();
    find_cycles(&names, &cat_up, "/categories", "parent", p);
    category_parent
}

/// Checks the customers' agents (references, plans, shares), the plan's assignments (agents of
/// the sales data, reported against the plan) and the exchange rates.
pub fn customers_assignments_fx(plan: &CompiledPlan, sales: &SalesDoc, agents: &HashMap<&str, usize>, p: &mut Problems) {
    for (i, c) in sales.customers.iter().enumerate() {
        for (k, ca) in c.agents.iter().enumerate() {
            let at = |f: &str| pointer(["customers", &i.to_string(), "agents", &k.to_string(), f]);
            if !agents.contains_key(ca.id.as_str()) {
                p.push(ErrorCode::UnknownReference, at("id"), format!("unknown agent `{}`", ca.id));
            }
            if let Some(pl) = &ca.plan {
                if !plan.plans.contains_key(pl) {
                    p.push(ErrorCode::UnknownReference, at("plan"), format!("unknown plan `{pl}`"));
                }
            }
            if let Some(s) = ca.share {
                check_share(s.0, &at("share"), p);
            }
        }
    }
    for (i, a) in plan.doc.assignments.iter().enumerate() {
        if !agents.contains_key(a.agent.as_str()) {
            p.push(
                ErrorCode::UnknownReference,
                pointer(["assignments", &i.to_string(), "agent"]),
                format!("unknown agent `{}`", a.agent),
            );
        }
    }
    for (i, f) in sales.fx.iter().enumerate() {
        if minor_units(&f.currency).is_none() {
            p.push(
                ErrorCode::InvalidSales,
                pointer(["fx", &i.to_string(), "currency"]),
                format!("`{}` is not an ISO 4217 currency code", f.currency),
            );
        }
        if f.rate.0 <= Decimal::ZERO {
            p.push(
                ErrorCode::InvalidSales,
                pointer(["fx", &i.to_string(), "rate"]),
                "a rate must be positive",
            );
        }
    }
}

/// Checks that the agents named in the options exist.
pub fn option_agents(options: &Options, agents: &HashMap<&str, usize>, p: &mut Problems) {
    for (k, a) in options.agents.iter().enumerate() {
        if !agents.contains_key(a.as_str()) {
            p.push(
                ErrorCode::UnknownReference,
                format!("/agents/{k}"),
                format!("unknown agent `{a}` in options"),
            );
        }
    }
}

/// The error code of a problem in an invoice: of the sales, or of the options for a what-if one.
pub fn code_of(r: &InvoiceRef) -> ErrorCode {
    if r.what_if {
        ErrorCode::InvalidOptions
    } else {
        ErrorCode::InvalidSales
    }
}

/// Indexes ids by position, reporting each duplicate.
pub fn unique<'a>(ids: impl Iterator<Item = &'a str>, path: &str, p: &mut Problems) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.contains_key(id) {
            p.push(
                ErrorCode::InvalidSales,
                format!("{path}/{i}/id"),
                format!("duplicate id `{id}`"),
            );
        } else {
            map.insert(id, i);
        }
    }
    map
}

/// Checks that a share is a percent.
fn check_share(share: Decimal, path: &str, p: &mut Problems) {
    if share.is_sign_negative() && !share.is_zero() || share > Decimal::ONE_HUNDRED {
        p.push(
            ErrorCode::InvalidSales,
            path,
            format!("a share must be between 0 and 100, not {share}"),
        );
    }
}

/// Checks an invoice's references, agent shares, line count and lines.
pub fn check_invoice(
    r: &InvoiceRef,
    plan: &CompiledPlan,
    agents: &HashMap<&str, usize>,
    customers: &HashMap<&str, usize>,
    p: &mut Problems,
) {
    let inv = r.doc;
    let base = r.path();
    let code = code_of(r);
    if let Some(c) = &inv.customer {
        if !customers.contains_key(c.as_str()) {
            p.push(
                ErrorCode::UnknownReference,
                format!("{base}/customer"),
                format!("unknown customer `{c}`"),
            );
        }
    }
    if let Some(list) = &inv.agents {
        invoice_agents(r, list, plan, agents, p);
    }
    crate::model::checks::invoice(inv, &base, code, p);
    if inv.lines.len() > MAX_LINES_PER_INVOICE {
        p.push(
            ErrorCode::LimitExceeded,
            format!("{base}/lines"),
            format!("{} lines; at most {MAX_LINES_PER_INVOICE} per invoice", inv.lines.len()),
        );
    }
    for (k, line) in inv.lines.iter().enumerate() {
        let (price, qty) = (line.unit_price.0, line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE));
        let positive = !price.is_zero() && !qty.is_zero() && price.is_sign_positive() == qty.is_sign_positive();
        if line.kind == crate::model::sales::LineKind::Discount && positive {
            p.push(
                code,
                format!("{base}/lines/{k}/unit_price"),
                "a discount line lowers the invoice: its amount must be negative",
            );
        }
        if let Some(d) = line.discount_percent {
            if d.0.is_sign_negative() && !d.0.is_zero() || d.0 > Decimal::ONE_HUNDRED {
                p.push(
                    code,
                    format!("{base}/lines/{k}/discount_percent"),
                    "a discount must be between 0 and 100",
                );
            }
        }
    }
}

/// Checks the agents an invoice names: references, plans, and shares given to all or none,
/// summing to 100.
fn invoice_agents(r: &InvoiceRef, list: &[InvoiceAgent], plan: &CompiledPlan, agents: &HashMap<&str, usize>, p: &mut Problems) {
    let base = r.path();
    let code = code_of(r);
    let mut given = 0;
    let mut total = Decimal::ZERO;
    for (k, a) in list.iter().enumerate() {
        let at = format!("{base}/agents/{k}");
        if !agents.contains_key(a.id.as_str()) {
            p.push(
                ErrorCode::UnknownReference,
                format!("{at}/id"),
                format!("unknown agent `{}`", a.id),
            );
        }
        if let Some(pl) = &a.plan {
            if !plan.plans.contains_key(pl) {
                p.push(
                    ErrorCode::UnknownReference,
                    format!("{at}/plan"),
                    format!("unknown plan `{pl}`"),
                );
            }
        }
        if let Some(s) = a.share.filter(|_| !a.overlay) {
            given += 1;
            check_share(s.0, &format!("{at}/share"), p);
            total = total.checked_add(s.0).unwrap_or(Decimal::MAX);
        }
    }
    // Overlay entries earn outside the split: the shares of the others sum to 100.
    let split = list.iter().filter(|a| !a.overlay).count();
    if given > 0 && given < split {
        p.push(
            code,
            format!("{base}/agents"),
            "give a share to every agent of the invoice, or to none",
        );
    } else if given > 0 && total != Decimal::ONE_HUNDRED {
        p.push(code, format!("{base}/agents"), format!("shares must sum to 100, not {total}"));
    }
}

/// The latest exchange rate of `currency` on or before `date`.
pub fn latest_rate(sales: &SalesDoc, currency: &str, date: Date) -> Option<Decimal> {
    sales
        .fx
        .iter()
        .filter(|f| f.currency == currency && f.date <= date)
        .max_by_key(|f| f.date)
        .map(|f| f.rate.0)
}

/// Reports every loop of a parent relation (uplines, category parents) as a `cycle` error that
/// names its members. Iterative: no recursion that grows with depth.
pub fn find_cycles(ids: &[&str], parent: &[Option<usize>], path: &str, field: &str, p: &mut Problems) {
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; parent.len()];
    let mut walk = Vec::new();
    for start in 0..parent.len() {
        if state[start] != 0 {
            continue;
        }
        walk.clear();
        let mut node = Some(start);
        while let Some(n) = node {
            match state[n] {
                0 => {
                    state[n] = 1;
                    walk.push(n);
                    node = parent[n];
                }
                1 => {
                    let from = walk.iter().position(|&w| w == n).unwrap_or(0);
                    let mut members: Vec<&str> = walk[from..].iter().map(|&w| ids[w]).collect();
                    if members.len() > 1 {
                        let count = members.len();
                        members.push(ids[n]);
                        p.push(
                            ErrorCode::Cycle,
                            format!("{path}/{n}/{field}"),
                            if count < crate::error::MAX_LISTED_IDS {
                                format!("the {field} chain loops: {}", crate::error::listed(&members, " -> "))
                            } else {
                                format!(
                                    "the {field} chain loops through {count} members: {}",
                                    crate::error::listed(&members, " -> ")
                                )
                            },
                        );
                    }
                    break;
                }
                _ => break,
            }
        }
        for &w in &walk {
            state[w] = 2;
        }
    }
}

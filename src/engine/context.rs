//! The sales document prepared for a calculation: indexes, the category tree, credit notes by
//! the invoice they refund, first orders, exchange rates, and every reference checked.

use super::compile::CompiledPlan;
use crate::error::{pointer, EngineError, ErrorCode, Problems};
use crate::limits::{MAX_AGENTS, MAX_INVOICES, MAX_LINES_PER_INVOICE};
use crate::model::options::Options;
use crate::model::sales::{Invoice, InvoiceKind, SalesDoc};
use crate::model::{Date, Id};
use crate::money::minor_units;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// An invoice of the calculation: a real one or a what-if one.
#[derive(Clone, Copy, Debug)]
pub struct InvoiceRef<'a> {
    /// The invoice.
    pub doc: &'a Invoice,
    /// True for a hypothetical invoice from `options.what_if`.
    pub what_if: bool,
    /// Its index in its own list (`invoices` or `what_if`).
    pub source_index: usize,
}

impl InvoiceRef<'_> {
    /// The JSON Pointer of the invoice (`/invoices/3` in the sales, `/what_if/0` in the options).
    pub fn path(&self) -> String {
        if self.what_if {
            format!("/what_if/{}", self.source_index)
        } else {
            format!("/invoices/{}", self.source_index)
        }
    }
}

/// The prepared sales data.
#[derive(Debug)]
pub struct Context<'a> {
    /// The compiled plan.
    pub plan: &'a CompiledPlan,
    /// The sales document.
    pub sales: &'a SalesDoc,
    /// Agent index by id.
    pub agents: HashMap<&'a str, usize>,
    /// Each agent's upline index.
    pub upline: Vec<Option<usize>>,
    /// Customer index by id.
    pub customers: HashMap<&'a str, usize>,
    /// Category parent by id.
    pub category_parent: HashMap<&'a str, &'a str>,
    /// All invoices: the real ones, then the what-if ones.
    pub invoices: Vec<InvoiceRef<'a>>,
    /// Invoice index by id.
    pub invoice_index: HashMap<&'a str, usize>,
    /// Credit notes (indexes) by the invoice they refund, in date order.
    pub credit_notes: HashMap<usize, Vec<usize>>,
    /// Whether each invoice is its customer's first order.
    pub first_order: Vec<bool>,
    /// Each invoice's exchange rate into the plan currency.
    pub fx: Vec<Decimal>,
    /// The evaluation date of levels and level bonuses.
    pub as_of: Date,
}

impl<'a> Context<'a> {
    /// Prepares `sales` (plus the what-if invoices of `options`) for `plan`, checking every
    /// reference; all problems are reported together.
    pub fn new(
        plan: &'a CompiledPlan,
        sales: &'a SalesDoc,
        options: &'a Options,
        with_what_if: bool,
    ) -> Result<Self, EngineError> {
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
        p.into_result()?;
        let mut p = Problems::default();
        let agents = unique(sales.agents.iter().map(|a| a.id.as_str()), "/agents", &mut p);
        let customers = unique(sales.customers.iter().map(|c| c.id.as_str()), "/customers", &mut p);
        let category_ids = unique(sales.categories.iter().map(|c| c.id.as_str()), "/categories", &mut p);

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
        find_cycles(
            &sales.agents.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            &upline,
            "/agents",
            "upline",
            &mut p,
        );

        let mut category_parent = HashMap::new();
        let mut cat_up = vec![None; sales.categories.len()];
        for (i, c) in sales.categories.iter().enumerate() {
            if let Some(parent) = &c.parent {
                // A parent need not be declared itself (the contract's own example names
                // `hardware` only as the parent of `laptops`): it is a top-level category.
                match category_ids.get(parent.as_str()) {
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
        find_cycles(
            &sales.categories.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            &cat_up,
            "/categories",
            "parent",
            &mut p,
        );

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
                    check_share(s.0, &at("share"), &mut p);
                }
            }
        }
        for (i, a) in plan.doc.assignments.iter().enumerate() {
            if !agents.contains_key(a.agent.as_str()) {
                // An assignment names an agent of the sales data: report it against the plan.
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

        let mut invoices: Vec<InvoiceRef<'a>> = sales
            .invoices
            .iter()
            .enumerate()
            .map(|(i, doc)| InvoiceRef {
                doc,
                what_if: false,
                source_index: i,
            })
            .collect();
        if with_what_if {
            invoices.extend(options.what_if.iter().enumerate().map(|(i, doc)| InvoiceRef {
                doc,
                what_if: true,
                source_index: i,
            }));
        }
        let mut invoice_index = HashMap::with_capacity(invoices.len());
        for (i, r) in invoices.iter().enumerate() {
            if invoice_index.insert(r.doc.id.as_str(), i).is_some() {
                p.push(
                    code_of(r),
                    format!("{}/id", r.path()),
                    format!("duplicate invoice id `{}`", r.doc.id),
                );
            }
        }
        let mut fx = vec![Decimal::ONE; invoices.len()];
        let mut credit_notes: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in invoices.iter().enumerate() {
            check_invoice(r, plan, &agents, &customers, &mut p);
            let inv = r.doc;
            match (inv.kind, &inv.refunds) {
                (InvoiceKind::CreditNote, Some(target)) => match invoice_index.get(target.as_str()) {
                    Some(&t) if invoices[t].doc.kind == InvoiceKind::Invoice => credit_notes.entry(t).or_default().push(i),
                    Some(_) => p.push(
                        code_of(r),
                        format!("{}/refunds", r.path()),
                        format!("`{target}` is not an invoice"),
                    ),
                    None => p.push(
                        ErrorCode::UnknownReference,
                        format!("{}/refunds", r.path()),
                        format!("unknown invoice `{target}`"),
                    ),
                },
                (InvoiceKind::Invoice, Some(_)) => p.push(
                    code_of(r),
                    format!("{}/refunds", r.path()),
                    "only a credit note refunds an invoice",
                ),
                _ => {}
            }
            let currency = inv.currency.as_deref().unwrap_or(&plan.doc.currency);
            if currency != plan.doc.currency {
                if minor_units(currency).is_none() {
                    p.push(
                        code_of(r),
                        format!("{}/currency", r.path()),
                        format!("`{currency}` is not an ISO 4217 currency code"),
                    );
                } else {
                    match latest_rate(sales, currency, inv.date) {
                        Some(rate) => fx[i] = rate,
                        None => p.push(
                            code_of(r),
                            format!("{}/currency", r.path()),
                            format!("no fx rate for {currency} on or before {}", inv.date),
                        ),
                    }
                }
            }
        }
        // A credit note is converted at the rate of the invoice it refunds, so that a full
        // refund cancels exactly.
        for (&target, notes) in &credit_notes {
            for &n in notes {
                fx[n] = fx[target];
            }
        }
        for notes in credit_notes.values_mut() {
            notes.sort_by_key(|&n| (invoices[n].doc.date, n));
        }
        for (k, a) in options.agents.iter().enumerate() {
            if !agents.contains_key(a.as_str()) {
                p.push(
                    ErrorCode::UnknownReference,
                    format!("/agents/{k}"),
                    format!("unknown agent `{a}` in options"),
                );
            }
        }
        p.into_result()?;

        let first_order = first_orders(sales, &invoices, &customers);
        let as_of = sales
            .as_of
            .unwrap_or_else(|| invoices.iter().map(|r| r.doc.date).max().unwrap_or_default());
        Ok(Context {
            plan,
            sales,
            agents,
            upline,
            customers,
            category_parent,
            invoices,
            invoice_index,
            credit_notes,
            first_order,
            fx,
            as_of,
        })
    }

    /// True when `category` is `wanted` or one of its sub-categories.
    pub fn category_within(&self, category: &str, wanted: &str) -> bool {
        let mut current = category;
        // The parent chain was checked for cycles, so it ends; the bound is a second guard.
        for _ in 0..=self.category_parent.len() {
            if current == wanted {
                return true;
            }
            match self.category_parent.get(current) {
                Some(parent) => current = parent,
                None => return false,
            }
        }
        false
    }

    /// The agent with index `i`.
    pub fn agent(&self, i: usize) -> &'a crate::model::sales::Agent {
        &self.sales.agents[i]
    }

    /// The id of the agent with index `i`.
    pub fn agent_id(&self, i: usize) -> &'a Id {
        &self.sales.agents[i].id
    }
}

fn code_of(r: &InvoiceRef) -> ErrorCode {
    if r.what_if {
        ErrorCode::InvalidOptions
    } else {
        ErrorCode::InvalidSales
    }
}

fn unique<'a>(ids: impl Iterator<Item = &'a str>, path: &str, p: &mut Problems) -> HashMap<&'a str, usize> {
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

fn check_share(share: Decimal, path: &str, p: &mut Problems) {
    if share.is_sign_negative() && !share.is_zero() || share > Decimal::ONE_HUNDRED {
        p.push(
            ErrorCode::InvalidSales,
            path,
            format!("a share must be between 0 and 100, not {share}"),
        );
    }
}

fn check_invoice(
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
            if let Some(s) = a.share {
                given += 1;
                check_share(s.0, &format!("{at}/share"), p);
                total = total.checked_add(s.0).unwrap_or(Decimal::MAX);
            }
        }
        if given > 0 && given < list.len() {
            p.push(
                code,
                format!("{base}/agents"),
                "give a share to every agent of the invoice, or to none",
            );
        } else if given > 0 && total != Decimal::ONE_HUNDRED {
            p.push(code, format!("{base}/agents"), format!("shares must sum to 100, not {total}"));
        }
    }
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

fn latest_rate(sales: &SalesDoc, currency: &str, date: Date) -> Option<Decimal> {
    sales
        .fx
        .iter()
        .filter(|f| f.currency == currency && f.date <= date)
        .max_by_key(|f| f.date)
        .map(|f| f.rate.0)
}

/// Reports every loop of a parent relation (uplines, category parents) as a `cycle` error that
/// names its members. Iterative: no recursion that grows with depth.
fn find_cycles(ids: &[&str], parent: &[Option<usize>], path: &str, field: &str, p: &mut Problems) {
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
                    let members: Vec<&str> = walk[from..].iter().map(|&w| ids[w]).collect();
                    if members.len() > 1 {
                        p.push(
                            ErrorCode::Cycle,
                            format!("{path}/{n}/{field}"),
                            format!("the {field} chain loops: {} -> {}", members.join(" -> "), ids[n]),
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

/// Whether each invoice is its customer's first order: no earlier invoice of that customer in
/// the data, and not dated after the customer's `first_order_date` where given.
fn first_orders(sales: &SalesDoc, invoices: &[InvoiceRef], customers: &HashMap<&str, usize>) -> Vec<bool> {
    let mut first: HashMap<&str, (Date, usize)> = HashMap::new();
    for (i, r) in invoices.iter().enumerate() {
        if r.doc.kind != InvoiceKind::Invoice {
            continue;
        }
        if let Some(c) = &r.doc.customer {
            let e = first.entry(c.as_str()).or_insert((r.doc.date, i));
            if (r.doc.date, i) < *e {
                *e = (r.doc.date, i);
            }
        }
    }
    invoices
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let Some(c) = &r.doc.customer else {
                return r.doc.kind == InvoiceKind::Invoice;
            };
            let is_first = first.get(c.as_str()).map(|&(_, j)| j == i).unwrap_or(false);
            let limit = customers.get(c.as_str()).and_then(|&k| sales.customers[k].first_order_date);
            is_first && limit.map(|l| r.doc.date <= l).unwrap_or(true)
        })
        .collect()
}

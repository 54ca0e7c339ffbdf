//! The sales document prepared for a calculation: indexes, the category tree, credit notes by
//! the invoice they refund, first orders, exchange rates, and every reference checked.

pub mod checks;
pub mod dated;
pub mod firsts;
pub mod reviews;

use super::compile::CompiledPlan;
use crate::error::{EngineError, ErrorCode, Problems};
use crate::limits::MAX_AGENT_DATES;
use crate::model::options::Options;
use crate::model::sales::{Agent, Invoice, InvoiceKind, Product, SalesDoc};
use crate::model::{Date, Id};
use crate::money::minor_units;
use checks::{code_of, latest_rate, unique};
use dated::Dated;
use firsts::{first_of_customers, first_of_orders, OrderKey};
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
    /// Each agent's upline index in force at `as_of` (levels, the team report).
    pub upline: Vec<Option<usize>>,
    /// Each agent's upline, level, stage and groups on each date (`history`).
    pub dated: Dated<'a>,
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
    /// The first invoice (date, index) of each order and subscription.
    pub first_of_order: HashMap<OrderKey<'a>, (Date, usize)>,
    /// Each invoice's exchange rate into the plan currency.
    pub fx: Vec<Decimal>,
    /// The product catalog by id.
    pub products: Catalog<'a>,
    /// The evaluation date of levels and level bonuses.
    pub as_of: Date,
    /// The level reviews (empty until the levels stage fills them; see `engine::prepare`).
    pub reviews: reviews::Reviews,
}

/// The sales document's product catalog by id.
pub type Catalog<'a> = HashMap<&'a str, &'a Product>;

impl<'a> Context<'a> {
    /// Prepares `sales` (plus the what-if invoices of `options`) for `plan`, checking every
    /// reference; all problems are reported together.
    pub fn new(
        plan: &'a CompiledPlan,
        sales: &'a SalesDoc,
        options: &'a Options,
        with_what_if: bool,
    ) -> Result<Self, EngineError> {
        checks::sizes(sales, options, with_what_if)?;
        let mut p = Problems::default();
        let agents = unique(sales.agents.iter().map(|a| a.id.as_str()), "/agents", &mut p);
        let customers = unique(sales.customers.iter().map(|c| c.id.as_str()), "/customers", &mut p);
        let category_ids = unique(sales.categories.iter().map(|c| c.id.as_str()), "/categories", &mut p);
        crate::model::checks::sales(sales, &mut p);
        checks::agents(plan, sales, &agents, &mut p);
        let dated = Dated::new(plan, sales, &agents, &mut p);
        let agent_dates = (dated.dates.len() as u64 + 1).saturating_mul(sales.agents.len() as u64);
        if dated.any() && agent_dates > MAX_AGENT_DATES {
            p.push(
                ErrorCode::LimitExceeded,
                "/agents",
                format!(
                    "{} agents whose histories change on {} dates: at most {MAX_AGENT_DATES} agents times (1 + dates)",
                    sales.agents.len(),
                    dated.dates.len()
                ),
            );
        } else {
            dated.check_loops(sales, &mut p);
        }
        let category_parent = checks::categories(sales, &category_ids, &mut p);
        checks::customers_assignments_fx(plan, sales, &agents, &mut p);
        let invoices = invoice_refs(sales, options, with_what_if);
        let invoice_index = index_invoices(&invoices, &mut p);
        let mut fx = vec![Decimal::ONE; invoices.len()];
        let mut credit_notes: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in invoices.iter().enumerate() {
            checks::check_invoice(r, plan, &agents, &customers, &mut p);
            if let Some(target) = refunded(&invoices, &invoice_index, r, &mut p) {
                credit_notes.entry(target).or_default().push(i);
            }
            if let Some(rate) = exchange_rate(plan, sales, r, &mut p) {
                fx[i] = rate;
            }
        }
        for (&target, notes) in &mut credit_notes {
            // A credit note is converted at the rate of the invoice it refunds, so that a full
            // refund cancels exactly.
            for &n in notes.iter() {
                fx[n] = fx[target];
            }
            notes.sort_by_key(|&n| (invoices[n].doc.date, n));
        }
        checks::option_agents(options, &agents, &mut p);
        p.into_result()?;
        let as_of = sales
            .as_of
            .unwrap_or_else(|| invoices.iter().map(|r| r.doc.date).max().unwrap_or_default());
        Ok(Context {
            plan,
            sales,
            first_order: first_orders(sales, &invoices, &customers),
            first_of_order: first_of_orders(invoices.iter().map(|r| r.doc)),
            as_of,
            agents,
            upline: dated.uplines(Some(as_of)),
            dated,
            customers,
            category_parent,
            invoices,
            invoice_index,
            credit_notes,
            fx,
            products: sales.products.iter().rev().map(|x| (x.id.as_str(), x)).collect(),
            reviews: reviews::Reviews::default(),
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
    pub fn agent(&self, i: usize) -> &'a Agent {
        &self.sales.agents[i]
    }

    /// Agent `i`'s upline, level, stage and groups in force on `date` (see [`dated`]).
    pub fn agent_on(&self, i: usize, date: Date) -> &dated::State<'a> {
        self.dated.at(i, Some(date))
    }

    /// The level agent `a` holds on `date`: the one set by the last level review before that
    /// day, else the one in force that day by its `level` and `history`.
    pub fn level_on(&self, a: usize, date: Date) -> Option<usize> {
        self.reviews.before(a, date).unwrap_or_else(|| self.agent_on(a, date).level)
    }

    /// The id of the agent with index `i`.
    pub fn agent_id(&self, i: usize) -> &'a Id {
        &self.sales.agents[i].id
    }
}

/// The invoices of a calculation: the real ones, then (`with_what_if`) the what-if ones.
fn invoice_refs<'a>(sales: &'a SalesDoc, options: &'a Options, with_what_if: bool) -> Vec<InvoiceRef<'a>> {
    let refs = |list: &'a [Invoice], what_if: bool| {
        list.iter().enumerate().map(move |(i, doc)| InvoiceRef {
            doc,
            what_if,
            source_index: i,
        })
    };
    let hypothetical: &'a [Invoice] = if with_what_if { &options.what_if } else { &[] };
    refs(&sales.invoices, false).chain(refs(hypothetical, true)).collect()
}

/// Invoice index by id, reporting each duplicate id.
fn index_invoices<'a>(invoices: &[InvoiceRef<'a>], p: &mut Problems) -> HashMap<&'a str, usize> {
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
    invoice_index
}

/// The invoice a credit note refunds (index), checking that it is one; an invoice that
/// `refunds` is a problem.
fn refunded(invoices: &[InvoiceRef], index: &HashMap<&str, usize>, r: &InvoiceRef, p: &mut Problems) -> Option<usize> {
    let inv = r.doc;
    match (inv.kind, &inv.refunds) {
        (InvoiceKind::CreditNote, Some(target)) => match index.get(target.as_str()) {
            Some(&t) if invoices[t].doc.kind == InvoiceKind::Invoice => return Some(t),
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
    None
}

/// The exchange rate of an invoice in another currency than the plan's (`None`: the plan's
/// currency, or a problem reported).
fn exchange_rate(plan: &CompiledPlan, sales: &SalesDoc, r: &InvoiceRef, p: &mut Problems) -> Option<Decimal> {
    let inv = r.doc;
    let currency = inv.currency.as_deref().unwrap_or(&plan.doc.currency);
    if currency == plan.doc.currency {
        return None;
    }
    if minor_units(currency).is_none() {
        p.push(
            code_of(r),
            format!("{}/currency", r.path()),
            format!("`{currency}` is not an ISO 4217 currency code"),
        );
        return None;
    }
    let rate = latest_rate(sales, currency, inv.date);
    if rate.is_none() {
        p.push(
            code_of(r),
            format!("{}/currency", r.path()),
            format!("no fx rate for {currency} on or before {}", inv.date),
        );
    }
    rate
}

/// Whether each invoice is its customer's first order: no earlier invoice of that customer in
/// the data, and not dated after the customer's `first_order_date` where given. An invoice
/// with no customer is a first order; a credit note never is.
fn first_orders(sales: &SalesDoc, invoices: &[InvoiceRef], customers: &HashMap<&str, usize>) -> Vec<bool> {
    let first = first_of_customers(invoices.iter().map(|r| r.doc));
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

//! Which part of a loaded history a what-if can change, and the smaller sales document that
//! computes that part exactly.
//!
//! An agent's result depends on a known set of invoices, so a what-if only needs those:
//! - its own invoices: every invoice that names it, or whose customer lists it (credit notes
//!   ride on the invoice they refund); its period ladders, caps and floors and rounding streams
//!   never reach beyond them;
//! - the invoices that decide their history: the first invoice of each of their customers
//!   (`first_order`) and of each of their orders and subscriptions (`one_time`, recurrence);
//! - with overrides or levels, the whole team: an upline's overrides, group sales and recruits
//!   come from its downline, so the affected agents are the hypothetical invoices' agents, all
//!   their uplines, and every agent below the topmost of those uplines.
//!
//! The hypothetical invoices change the result of the agents they credit; of the agents of
//! the refunded invoice (credit notes); of the agents of their customer's first invoice (which
//! may stop being the first order) and of every invoice of their order or subscription (which
//! may stop being first or fall out of the recurrence window); and, through the team rule
//! above, of their uplines. When they move `as_of` (no `as_of` in the sales and a hypothetical
//! invoice later than every real one) and the plan has levels, period floors or draws (a draw
//! pays every period ending by `as_of`, sales or not), every agent is affected and the scope is
//! the whole history. So is it, always, when a draw starts with the earliest sale of the
//! document (a draw without `from` on a plan assigned without `from`), and when the plan
//! reviews levels (a review can move any agent's level, and with it its plan and its uplines'
//! generations).
//!
//! When some agent has a `history` (dated uplines, levels, stages, groups) and the plan has
//! overrides or levels, the scope is the whole history (a team is not one tree over the year);
//! without them, the sub-document also holds every upline the histories name.
//!
//! Every agent of the scope has the same result in the smaller document as in the whole one;
//! `tests/what_if.rs` checks it against full calculations on random histories.

use crate::engine::attribution::{credits, Credits};
use crate::engine::compile::CompiledPlan;
use crate::engine::context::firsts::{first_of_customers, order_key};
use crate::engine::context::Context;
use crate::model::plan::LimitPer;
use crate::model::sales::{Invoice, InvoiceKind, SalesDoc};
use crate::model::{Date, Id};
use std::collections::{BTreeSet, HashMap};

/// Indexes of a sales document, built once when it is loaded.
#[derive(Clone, Debug)]
pub struct Index {
    /// Agent index by id.
    agent_ix: HashMap<Id, usize>,
    /// Each agent's upline (index).
    upline: Vec<Option<usize>>,
    /// Each agent's direct downline (indexes).
    downline: Vec<Vec<usize>>,
    /// The invoices that credit each agent (indexes into the sales' invoices), ascending.
    by_agent: Vec<Vec<usize>>,
    /// Customer index by id.
    customer_ix: HashMap<Id, usize>,
    /// The first invoice of each customer (by date, then document order).
    first_of_customer: HashMap<Id, usize>,
    /// Every invoice of each order or subscription, ascending.
    by_order: HashMap<(u8, Id), Vec<usize>>,
    /// The first invoice of each order or subscription (by date, then document order).
    first_of_order: HashMap<(u8, Id), usize>,
    /// Invoice index by id.
    invoice_ix: HashMap<Id, usize>,
    /// The credit notes refunding each invoice.
    notes: HashMap<usize, Vec<usize>>,
    /// The latest invoice date of the history.
    last_date: Option<Date>,
    /// Whether an agent's result depends on its team (overrides or levels in the plan).
    team: bool,
    /// Whether the plan reviews levels: a review depends on every invoice up to it (the first
    /// review follows the earliest invoice), so a what-if takes the whole history.
    reviews: bool,
    /// Whether the plan has floors per period or draws (they depend on `as_of`).
    period_floors: bool,
    /// Whether a draw starts with the earliest sale of the whole document (a draw without
    /// `from` on a plan assigned without `from`): every agent on it depends on every invoice.
    draw_from_sales: bool,
    /// Whether some agent has a `history`: with overrides or levels, an agent's team changes
    /// with the dates, so a what-if takes the whole history.
    dated: bool,
    /// The uplines each agent's own fields and `history` name (indexes): the sub-document needs
    /// them too.
    dated_uplines: Vec<Vec<usize>>,
}

/// The agents a what-if can change, and the invoices that compute them exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The agents (indexes) whose results the sub-document gives exactly.
    pub agents: BTreeSet<usize>,
    /// The invoices of the sub-document (indexes into the sales' invoices), ascending.
    pub invoices: Vec<usize>,
    /// True when the scope is the whole history.
    pub whole: bool,
}

/// A smaller sales document and how its indexes map back to the loaded one.
#[derive(Clone, Debug)]
pub struct SubSales {
    /// The document.
    pub sales: SalesDoc,
    /// For each of its invoices, the index in the loaded sales.
    pub invoices: Vec<usize>,
    /// For each of its customers, the index in the loaded sales.
    pub customers: Vec<usize>,
    /// For each of its agents, the index in the loaded sales.
    pub agents: Vec<usize>,
    /// The `as_of` of the loaded sales without the hypothetical invoices (the document's
    /// `as_of` is the one with them).
    pub as_of_without: Option<Date>,
}

/// The order or subscription of an invoice, owned (see [`order_key`]).
fn order_of(inv: &Invoice) -> Option<(u8, Id)> {
    order_key(inv).map(|(k, id)| (k, id.to_string()))
}

/// Owned keys for a map of borrowed ones.
fn owned<V: Clone>(map: &HashMap<&str, V>) -> HashMap<Id, V> {
    map.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

impl Index {
    /// Indexes a loaded history from its calculation context (built without what-if invoices,
    /// so its invoices are the sales' own): the context's agent, customer, invoice, upline and
    /// credit-note indexes and first invoices, kept, plus what a scope needs besides.
    pub fn build(ctx: &Context) -> Index {
        let (plan, sales) = (ctx.plan, ctx.sales);
        let mut downline = vec![Vec::new(); sales.agents.len()];
        for (i, u) in ctx.upline.iter().enumerate() {
            if let Some(u) = u {
                downline[*u].push(i);
            }
        }
        let mut index = Index {
            agent_ix: owned(&ctx.agents),
            upline: ctx.upline.clone(),
            downline,
            by_agent: vec![Vec::new(); sales.agents.len()],
            customer_ix: owned(&ctx.customers),
            first_of_customer: first_of_customers(sales.invoices.iter())
                .into_iter()
                .map(|(c, (_, i))| (c.to_string(), i))
                .collect(),
            by_order: HashMap::new(),
            first_of_order: ctx
                .first_of_order
                .iter()
                .map(|(&(k, id), &(_, i))| ((k, id.to_string()), i))
                .collect(),
            draw_from_sales: plan.doc.plans.iter().any(|p| {
                p.draw.as_ref().is_some_and(|d| d.from.is_none())
                    && plan.doc.assignments.iter().any(|a| a.plan == p.id && a.from.is_none())
            }),
            invoice_ix: owned(&ctx.invoice_index),
            notes: ctx.credit_notes.clone(),
            last_date: sales.invoices.iter().map(|v| v.date).max(),
            team: !plan.doc.levels.is_empty() || plan.doc.plans.iter().any(|p| !p.overrides.is_empty()),
            reviews: plan.doc.level_review.is_some() && !plan.doc.levels.is_empty(),
            period_floors: plan.doc.plans.iter().any(|p| p.draw.is_some())
                || plan
                    .doc
                    .plans
                    .iter()
                    .flat_map(|p| &p.rules)
                    .any(|r| r.floor.as_ref().map(|f| f.per == LimitPer::Period).unwrap_or(false)),
            dated: ctx.dated.any(),
            dated_uplines: sales
                .agents
                .iter()
                .map(|a| {
                    // Its own upline too: at `as_of` a history may have replaced it.
                    let named = a.history.iter().filter_map(|e| e.upline.as_ref()?.as_ref());
                    let named = a.upline.iter().chain(named);
                    named.filter_map(|u| ctx.agents.get(u.as_str()).copied()).collect()
                })
                .collect(),
        };
        for (i, inv) in sales.invoices.iter().enumerate() {
            if inv.kind == InvoiceKind::CreditNote && inv.refunds.is_some() {
                continue;
            }
            for a in index.credited(sales, inv) {
                if index.by_agent[a].last() != Some(&i) {
                    index.by_agent[a].push(i);
                }
            }
            if let Some(k) = order_of(inv) {
                index.by_order.entry(k).or_default().push(i);
            }
        }
        index
    }

    /// The agents an invoice can credit (indexes): the ones it names, else every agent of its
    /// customer (whatever the dates: a superset is safe).
    fn credited(&self, sales: &SalesDoc, inv: &Invoice) -> Vec<usize> {
        let agent = |id: &Id| self.agent_ix.get(id).copied();
        match credits(inv, &sales.customers, |c| self.customer_ix.get(c).copied()) {
            Credits::Named(list) => list.iter().filter_map(|a| agent(&a.id)).collect(),
            Credits::Customer(_, list) => list.iter().filter_map(|a| agent(&a.id)).collect(),
            Credits::Nobody => Vec::new(),
        }
    }

    /// The agent with id `id`.
    pub fn agent(&self, id: &str) -> Option<usize> {
        self.agent_ix.get(id).copied()
    }

    /// The scope of a what-if with the hypothetical invoices `what_if`, plus the agents
    /// `also` (a curve's agent).
    pub fn scope(&self, sales: &SalesDoc, what_if: &[Invoice], also: &[usize]) -> Scope {
        let moves_as_of = sales.as_of.is_none()
            && what_if
                .iter()
                .map(|w| w.date)
                .max()
                .map(|d| Some(d) > self.last_date)
                .unwrap_or(false);
        if self.dated && self.team || self.reviews || self.draw_from_sales || moves_as_of && (self.team || self.period_floors) {
            return self.whole(sales);
        }
        let mut agents: BTreeSet<usize> = also.iter().copied().collect();
        // The invoices that decide whether a hypothetical invoice is a first order or the first
        // of its order: they must be in the sub-document too.
        let mut support: Vec<usize> = Vec::new();
        let by_id: HashMap<&str, &Invoice> = what_if.iter().map(|w| (w.id.as_str(), w)).collect();
        for w in what_if {
            // A credit note rides on the invoice it refunds (a real one, or another what-if).
            let source = match (w.kind, &w.refunds) {
                (InvoiceKind::CreditNote, Some(t)) => match (self.invoice_ix.get(t), by_id.get(t.as_str())) {
                    (Some(&i), _) => {
                        agents.extend(self.credited(sales, &sales.invoices[i]));
                        support.push(i);
                        continue;
                    }
                    (None, Some(target)) => *target,
                    (None, None) => w,
                },
                _ => w,
            };
            agents.extend(self.credited(sales, source));
            if let Some(&first) = source.customer.as_ref().and_then(|c| self.first_of_customer.get(c)) {
                agents.extend(self.credited(sales, &sales.invoices[first]));
                support.push(first);
            }
            if let Some(&first) = order_of(source).and_then(|k| self.first_of_order.get(&k)) {
                support.push(first);
            }
            if let Some(list) = order_of(source).and_then(|k| self.by_order.get(&k)) {
                for &i in list {
                    agents.extend(self.credited(sales, &sales.invoices[i]));
                }
            }
        }
        if self.team {
            agents = self.teams_of(&agents);
        }
        self.invoices_for(sales, agents, support)
    }

    /// The whole history.
    fn whole(&self, sales: &SalesDoc) -> Scope {
        Scope {
            agents: (0..sales.agents.len()).collect(),
            invoices: (0..sales.invoices.len()).collect(),
            whole: true,
        }
    }

    /// Every agent below the topmost upline of each of `agents` (the upline chains are free of
    /// cycles: the loaded sales were checked).
    fn teams_of(&self, agents: &BTreeSet<usize>) -> BTreeSet<usize> {
        let mut tops = BTreeSet::new();
        for &a in agents {
            let mut top = a;
            let mut steps = 0;
            while let Some(u) = self.upline[top] {
                top = u;
                steps += 1;
                if steps > self.upline.len() {
                    break;
                }
            }
            tops.insert(top);
        }
        let mut out = BTreeSet::new();
        let mut stack: Vec<usize> = tops.into_iter().collect();
        while let Some(a) = stack.pop() {
            if out.insert(a) {
                stack.extend(&self.downline[a]);
            }
        }
        out
    }

    /// The invoices that compute `agents` exactly: theirs, the credit notes refunding them,
    /// and the first invoice of each of their customers, orders and subscriptions.
    fn invoices_for(&self, sales: &SalesDoc, agents: BTreeSet<usize>, mut support: Vec<usize>) -> Scope {
        let mut set: BTreeSet<usize> = BTreeSet::new();
        for &a in &agents {
            set.extend(&self.by_agent[a]);
        }
        for &i in &set {
            let inv = &sales.invoices[i];
            if let Some(&f) = inv.customer.as_ref().and_then(|c| self.first_of_customer.get(c)) {
                support.push(f);
            }
            if let Some(&f) = order_of(inv).and_then(|k| self.first_of_order.get(&k)) {
                support.push(f);
            }
        }
        set.extend(support);
        let notes: Vec<usize> = set.iter().filter_map(|i| self.notes.get(i)).flatten().copied().collect();
        set.extend(notes);
        let whole = set.len() == sales.invoices.len() && agents.len() == sales.agents.len();
        Scope {
            agents,
            invoices: set.into_iter().collect(),
            whole,
        }
    }

    /// The sales document of a scope: its invoices (in their order), their customers, and the
    /// agents that can matter (the scope's, those its invoices, customers and the plan's
    /// assignments name, those `named` elsewhere, and all their uplines, those their histories
    /// name included), with every category
    /// and rate. `as_of` is fixed to the whole history's, with the hypothetical invoices' dates
    /// when the sales give none.
    pub fn sub_sales(&self, plan: &CompiledPlan, sales: &SalesDoc, scope: &Scope, what_if: &[Invoice], named: &[Id]) -> SubSales {
        let last = what_if.iter().map(|w| w.date).chain(self.last_date).max();
        let invoices: Vec<Invoice> = scope.invoices.iter().map(|&i| sales.invoices[i].clone()).collect();
        let mut customers: BTreeSet<usize> = BTreeSet::new();
        let mut agents: BTreeSet<usize> = scope.agents.clone();
        for inv in invoices.iter().chain(what_if) {
            if let Some(&c) = inv.customer.as_ref().and_then(|c| self.customer_ix.get(c)) {
                customers.insert(c);
            }
            for a in inv.agents.iter().flatten() {
                agents.extend(self.agent(&a.id));
            }
        }
        for &c in &customers {
            agents.extend(sales.customers[c].agents.iter().filter_map(|a| self.agent(&a.id)));
        }
        agents.extend(plan.doc.assignments.iter().filter_map(|a| self.agent(&a.agent)));
        agents.extend(named.iter().filter_map(|a| self.agent(a)));
        let mut chain: Vec<usize> = agents.iter().copied().collect();
        while let Some(a) = chain.pop() {
            for &u in self.upline[a].iter().chain(&self.dated_uplines[a]) {
                if agents.insert(u) {
                    chain.push(u);
                }
            }
        }
        let agents: Vec<usize> = agents.into_iter().collect();
        let customers: Vec<usize> = customers.into_iter().collect();
        SubSales {
            sales: SalesDoc {
                as_of: sales.as_of.or(last),
                agents: agents.iter().map(|&a| sales.agents[a].clone()).collect(),
                customers: customers.iter().map(|&c| sales.customers[c].clone()).collect(),
                categories: sales.categories.clone(),
                products: sales.products.clone(),
                invoices,
                fx: sales.fx.clone(),
            },
            invoices: scope.invoices.clone(),
            customers,
            agents,
            as_of_without: sales.as_of.or(self.last_date),
        }
    }
}

impl SubSales {
    /// A JSON Pointer into the sub-document rewritten into the loaded document
    /// (`/invoices/k…`, `/customers/k…` and `/agents/k…`); other paths are unchanged.
    pub fn original_path(&self, path: &str) -> String {
        for (prefix, map) in [
            ("/invoices/", &self.invoices),
            ("/customers/", &self.customers),
            ("/agents/", &self.agents),
        ] {
            if let Some(rest) = path.strip_prefix(prefix) {
                let (num, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
                if let Some(&orig) = num.parse::<usize>().ok().and_then(|k| map.get(k)) {
                    return format!("{prefix}{orig}{tail}");
                }
            }
        }
        path.to_string()
    }
}

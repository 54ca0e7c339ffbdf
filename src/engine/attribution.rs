//! Who is credited on an invoice, under which plan: the invoice's agents (or the customer's),
//! their shares and roles, the plan found in the contract's order, and the checks that decide
//! whether the plan earns on the invoice (status, validity, `applies_to`, activation,
//! recurrence, commission start). What is skipped becomes a warning that says why.

use super::context::firsts::order_key;
use super::context::{Context, InvoiceRef};
use super::period::add_months;
use crate::model::plan::{Plan, PlanStatus, Recurrence};
use crate::model::result::Warning;
use crate::model::sales::{Customer, CustomerAgent, Invoice, InvoiceAgent, InvoiceKind};
use crate::model::{Date, Id};
use rust_decimal::Decimal;

/// An agent credited on an invoice under a plan that earns there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The invoice (index into the context's invoices).
    pub invoice: usize,
    /// The agent (index).
    pub agent: usize,
    /// The plan (index).
    pub plan: usize,
    /// The agent's role on the invoice.
    pub role: Option<Id>,
    /// The agent's share as a fraction (0.6 for 60 %).
    pub share: Decimal,
    /// The share in percent, as given or derived (100 for an overlay agent).
    pub share_percent: Decimal,
    /// The fraction of the base counted toward the agent's period ladders and quotas
    /// (`quota_credit`; default: the share).
    pub credit: Decimal,
    /// True for an overlay entry: it earns on the whole base, outside the split.
    pub overlay: bool,
}

/// One credited agent before plan resolution.
struct Credited<'a> {
    agent: usize,
    role: Option<&'a Id>,
    share_percent: Decimal,
    /// `quota_credit` in percent (default: the share).
    credit_percent: Decimal,
    overlay: bool,
    order_plan: Option<&'a Id>,
    start: Option<Date>,
    path: String,
}

/// The units of every invoice (credit notes ride on the invoice they refund), and warnings.
pub fn units(ctx: &Context) -> (Vec<Unit>, Vec<Warning>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    for (i, r) in ctx.invoices.iter().enumerate() {
        let inv = r.doc;
        if inv.kind == InvoiceKind::CreditNote && inv.refunds.is_some() {
            continue;
        }
        let credited = credited(ctx, i);
        if credited.is_empty() {
            warnings.push(warn(
                "no_agents",
                r.path(),
                format!(
                    "invoice `{}` names no agents and its customer has none on {}",
                    inv.id, inv.date
                ),
            ));
        }
        for c in credited {
            let Some(plan) = resolve_plan(ctx, i, &c) else {
                warnings.push(warn(
                    "no_plan",
                    c.path.clone(),
                    format!("no plan found for agent `{}` on invoice `{}`", ctx.agent_id(c.agent), inv.id),
                ));
                continue;
            };
            if let Some(w) = ineligible(ctx, i, &c, plan) {
                warnings.push(w);
                continue;
            }
            out.push(Unit {
                invoice: i,
                agent: c.agent,
                plan,
                role: c.role.cloned(),
                share: c.share_percent / Decimal::ONE_HUNDRED,
                share_percent: c.share_percent,
                credit: c.credit_percent / Decimal::ONE_HUNDRED,
                overlay: c.overlay,
            });
        }
    }
    (out, warnings)
}

fn warn(code: &str, path: String, message: String) -> Warning {
    Warning {
        code: code.to_string(),
        path,
        message,
    }
}

/// Who is credited with an invoice's sales, regardless of plans: each agent (index) with its
/// share in percent. A credit note that refunds an invoice is credited to that invoice's agents.
/// Level measures (personal sales, customers) count these, so an agent with no plan still has
/// sales.
pub fn credited_shares(ctx: &Context, i: usize) -> Vec<(usize, Decimal)> {
    let inv = ctx.invoices[i].doc;
    let source = match (inv.kind, inv.refunds.as_ref().and_then(|t| ctx.invoice_index.get(t.as_str()))) {
        (InvoiceKind::CreditNote, Some(&target)) => target,
        _ => i,
    };
    credited(ctx, source)
        .into_iter()
        .map(|c| (c.agent, c.share_percent))
        .collect()
}

/// Whom an invoice credits, before dates, shares and plans.
#[derive(Clone, Copy, Debug)]
pub enum Credits<'s> {
    /// The agents the invoice names.
    Named(&'s [InvoiceAgent]),
    /// When it names none, the agents of its customer (index).
    Customer(usize, &'s [CustomerAgent]),
    /// No one: it names no agents and has no known customer.
    Nobody,
}

/// Whom an invoice credits: the agents it names, else its customer's; `customer` finds a
/// customer's index by id.
pub fn credits<'s>(inv: &'s Invoice, customers: &'s [Customer], customer: impl Fn(&str) -> Option<usize>) -> Credits<'s> {
    if let Some(list) = inv.agents.as_ref().filter(|l| !l.is_empty()) {
        return Credits::Named(list);
    }
    match inv.customer.as_deref().and_then(customer) {
        Some(c) => Credits::Customer(c, &customers[c].agents),
        None => Credits::Nobody,
    }
}

/// The invoice's agents, or the customer's agents whose dates cover the invoice.
fn credited<'a>(ctx: &Context<'a>, i: usize) -> Vec<Credited<'a>> {
    let r = ctx.invoices[i];
    let inv = r.doc;
    let (ci, agents) = match credits(inv, &ctx.sales.customers, |c| ctx.customers.get(c).copied()) {
        Credits::Named(list) => return named(ctx, r, list),
        Credits::Customer(ci, agents) => (ci, agents),
        Credits::Nobody => return Vec::new(),
    };
    let active: Vec<(usize, _)> = agents
        .iter()
        .enumerate()
        .filter(|(_, a)| a.thru.map(|t| inv.date <= t).unwrap_or(true))
        .collect();
    if active.is_empty() {
        return Vec::new();
    }
    // Entries without shares split equally among the non-overlay entries in force.
    let in_force = active
        .iter()
        .filter(|(_, a)| !a.overlay && a.from.map(|f| f <= inv.date).unwrap_or(true))
        .count();
    let equal = equal_share(in_force);
    active
        .into_iter()
        .filter_map(|(k, a)| {
            let share_percent = share_of(a.overlay, a.share.map(|s| s.0), equal);
            Some(Credited {
                agent: *ctx.agents.get(a.id.as_str())?,
                role: a.role.as_ref(),
                share_percent,
                credit_percent: a.quota_credit.map(|q| q.0).unwrap_or(share_percent),
                overlay: a.overlay,
                order_plan: None,
                start: a.from,
                path: format!("/customers/{ci}/agents/{k}"),
            })
        })
        .collect()
}

/// The equal share in percent of each of `n` entries in the split (100 when there are none).
fn equal_share(n: usize) -> Decimal {
    match n {
        0 => Decimal::ONE_HUNDRED,
        n => Decimal::ONE_HUNDRED / Decimal::from(n as u64),
    }
}

/// An entry's share in percent: an overlay entry earns on the whole base, outside the split.
fn share_of(overlay: bool, given: Option<Decimal>, equal: Decimal) -> Decimal {
    match (overlay, given) {
        (true, _) => Decimal::ONE_HUNDRED,
        (false, Some(s)) => s,
        (false, None) => equal,
    }
}

/// The agents an invoice names, with their shares (equal among the non-overlay entries when
/// none is given; an overlay entry earns on the whole base).
fn named<'a>(ctx: &Context<'a>, r: InvoiceRef<'a>, list: &'a [InvoiceAgent]) -> Vec<Credited<'a>> {
    let equal = equal_share(list.iter().filter(|a| !a.overlay).count());
    list.iter()
        .enumerate()
        .filter_map(|(k, a)| {
            let share_percent = share_of(a.overlay, a.share.map(|s| s.0), equal);
            Some(Credited {
                agent: *ctx.agents.get(a.id.as_str())?,
                role: a.role.as_ref(),
                share_percent,
                credit_percent: a.quota_credit.map(|q| q.0).unwrap_or(share_percent),
                overlay: a.overlay,
                order_plan: a.plan.as_ref(),
                start: a.from,
                path: format!("{}/agents/{k}", r.path()),
            })
        })
        .collect()
}

/// The plan for a credited agent on an invoice, first found wins: the invoice's agent entry,
/// the customer's agent entry, the agent's dated assignments, its first group with a plan,
/// the plan of the level it holds on the invoice date.
fn resolve_plan(ctx: &Context, i: usize, c: &Credited) -> Option<usize> {
    let plan = ctx.plan;
    let inv = ctx.invoices[i].doc;
    let agent = ctx.agent(c.agent);
    if let Some(p) = c.order_plan.and_then(|id| plan.plans.get(id)) {
        return Some(*p);
    }
    if let Some(ci) = inv.customer.as_ref().and_then(|c| ctx.customers.get(c.as_str())) {
        let entry = ctx.sales.customers[*ci].agents.iter().find(|a| {
            a.id == agent.id && a.from.map(|f| f <= inv.date).unwrap_or(true) && a.thru.map(|t| inv.date <= t).unwrap_or(true)
        });
        if let Some(p) = entry.and_then(|a| a.plan.as_ref()).and_then(|id| plan.plans.get(id)) {
            return Some(*p);
        }
    }
    let assigned = plan
        .assignments
        .get(&agent.id)
        .into_iter()
        .flatten()
        .map(|&k| &plan.doc.assignments[k])
        .find(|a| a.from.map(|f| f <= inv.date).unwrap_or(true) && a.thru.map(|t| inv.date <= t).unwrap_or(true));
    if let Some(p) = assigned.and_then(|a| plan.plans.get(&a.plan)) {
        return Some(*p);
    }
    // The agent's groups and level in force on the invoice date (`history`).
    let on = ctx.agent_on(c.agent, inv.date);
    let group_plan = on
        .groups
        .iter()
        .filter_map(|g| plan.groups.get(g))
        .find_map(|&g| plan.doc.groups[g].plan.as_ref());
    if let Some(p) = group_plan.and_then(|id| plan.plans.get(id)) {
        return Some(*p);
    }
    // The level held on the invoice date (with level reviews, the one the last review set).
    let level_plan = ctx.level_on(c.agent, inv.date).and_then(|l| plan.doc.levels[l].plan.as_ref());
    level_plan.and_then(|id| plan.plans.get(id)).copied()
}

/// Why a plan does not earn on an invoice for an agent, as a warning; `None` when it earns.
/// The checks, first failing wins: the plan's status, its validity, `applies_to`, the agent's
/// activation, the commission start, then one-time and recurrence.
fn ineligible(ctx: &Context, i: usize, c: &Credited, plan_ix: usize) -> Option<Warning> {
    let check = Check {
        ctx,
        i,
        inv: ctx.invoices[i].doc,
        c,
        plan: &ctx.plan.doc.plans[plan_ix],
    };
    check
        .status()
        .or_else(|| check.validity())
        .or_else(|| check.applies_to())
        .or_else(|| check.activation())
        .or_else(|| check.commission_start())
        .or_else(|| check.recurrence())
        .map(|(code, message)| Warning {
            code: code.into(),
            path: c.path.clone(),
            message,
        })
}

/// A credited agent's plan on an invoice, to check.
struct Check<'c, 'a> {
    ctx: &'c Context<'a>,
    /// The invoice (index).
    i: usize,
    inv: &'a Invoice,
    c: &'c Credited<'a>,
    plan: &'a Plan,
}

/// A reason not to earn: the warning's code and message.
type Why = Option<(&'static str, String)>;

impl Check<'_, '_> {
    /// Only active plans earn; a completed one, on invoices up to its `valid_thru`.
    fn status(&self) -> Why {
        let (inv, plan) = (self.inv, self.plan);
        match plan.status {
            PlanStatus::Active => None,
            PlanStatus::Completed if plan.valid_thru.map(|t| inv.date > t).unwrap_or(false) => Some((
                "plan_inactive",
                format!(
                    "invoice `{}`: plan `{}` is completed and earns only on invoices dated on or before its valid_thru",
                    inv.id, plan.id
                ),
            )),
            PlanStatus::Completed => None,
            s => {
                let status = format!("{s:?}").to_lowercase();
                Some((
                    "plan_inactive",
                    format!("invoice `{}`: plan `{}` is {status}; only active plans earn", inv.id, plan.id),
                ))
            }
        }
    }

    /// The invoice is dated within the plan's `valid_from`..`valid_thru`.
    fn validity(&self) -> Why {
        let (inv, plan) = (self.inv, self.plan);
        let outside =
            plan.valid_from.map(|f| inv.date < f).unwrap_or(false) || plan.valid_thru.map(|t| inv.date > t).unwrap_or(false);
        outside.then(|| {
            (
                "outside_validity",
                format!(
                    "invoice `{}` of {} is outside the validity of plan `{}`",
                    inv.id, inv.date, plan.id
                ),
            )
        })
    }

    /// The agent's role, the customer and its class are among the plan's `applies_to`.
    fn applies_to(&self) -> Why {
        let (ctx, inv, plan) = (self.ctx, self.inv, self.plan);
        let at = plan.applies_to.as_ref()?;
        let role_ok = at.roles.is_empty() || self.c.role.map(|r| at.roles.contains(r)).unwrap_or(false);
        let customer_ok = at.customers.is_empty() || inv.customer.as_ref().map(|x| at.customers.contains(x)).unwrap_or(false);
        let class = inv
            .customer
            .as_ref()
            .and_then(|x| ctx.customers.get(x.as_str()))
            .and_then(|&k| ctx.sales.customers[k].class.as_ref());
        let class_ok = at.customer_classes.is_empty() || class.map(|x| at.customer_classes.contains(x)).unwrap_or(false);
        (!(role_ok && customer_ok && class_ok)).then(|| {
            (
                "not_applicable",
                format!(
                    "plan `{}` does not apply to invoice `{}` (role, customer or customer class)",
                    plan.id, inv.id
                ),
            )
        })
    }

    /// The agent has reached the activation stage the plan requires.
    fn activation(&self) -> Why {
        let (ctx, plan) = (self.ctx, self.plan);
        let required = plan.requires_activation.as_ref()?;
        let agent = ctx.agent(self.c.agent);
        let need = ctx.plan.activation_rank(required).unwrap_or(0);
        // The stage in force on the invoice date (`history`).
        let stage = ctx.agent_on(self.c.agent, self.inv.date).activation;
        let has = stage.and_then(|s| ctx.plan.activation_rank(s));
        has.map(|h| h < need).unwrap_or(true).then(|| {
            (
                "activation_required",
                format!(
                    "agent `{}` is at stage `{}`; plan `{}` requires `{required}`",
                    agent.id,
                    stage.map(|s| s.as_str()).unwrap_or("none"),
                    plan.id
                ),
            )
        })
    }

    /// The invoice is not before the agent's commission start.
    fn commission_start(&self) -> Why {
        let start = self.c.start?;
        let inv = self.inv;
        (inv.date < start).then(|| {
            (
                "before_commission_start",
                format!(
                    "invoice `{}` of {} is before the commission start date {start}",
                    inv.id, inv.date
                ),
            )
        })
    }

    /// A one-time plan earns on the first invoice of an order or subscription only; a recurring
    /// one with `recurring_months`, within that many months of the first (or of the commission
    /// start, when later).
    fn recurrence(&self) -> Why {
        let (inv, plan) = (self.inv, self.plan);
        let key = order_key(inv)?;
        let &(first_date, first_ix) = self.ctx.first_of_order.get(&key)?;
        let window_start = self.c.start.map(|s| s.max(first_date)).unwrap_or(first_date);
        match plan.recurrence {
            Recurrence::OneTime => (first_ix != self.i).then(|| {
                (
                    "one_time",
                    format!(
                        "invoice `{}` is not the first of `{}`, and plan `{}` is one-time: only the first earns",
                        inv.id, key.1, plan.id
                    ),
                )
            }),
            Recurrence::Recurring => {
                let months = plan.recurring_months?;
                (inv.date >= add_months(window_start, months)).then(|| {
                    (
                        "recurrence_ended",
                        format!(
                            "plan `{}` earns for {months} months from {window_start}; invoice `{}` is later",
                            plan.id, inv.id
                        ),
                    )
                })
            }
        }
    }
}

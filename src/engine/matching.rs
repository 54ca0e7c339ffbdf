//! Which rules take a line: the rule's dates and its `when` conditions, first match wins,
//! stacked rules on top.
//!
//! A credit note's line is matched as the line of the invoice it refunds: with that invoice's
//! date (rule dates), customer, price list and the agent's role on it, and with its quantity and
//! amounts made positive, so that a full refund reverses exactly what the sale earned.

use super::attribution::Unit;
use super::base::{self, LineBase};
use super::context::Context;
use crate::model::plan::{Range, Rule, When};
use crate::model::sales::{Invoice, Line};
use rust_decimal::Decimal;

/// What a rule's conditions are tested against.
pub struct LineFacts<'a> {
    /// The line.
    pub line: &'a Line,
    /// The sale: the invoice the line belongs to, or for a credit note's line the invoice it
    /// refunds.
    pub invoice: &'a Invoice,
    /// Whether the sale is the customer's first order.
    pub first_order: bool,
    /// The line's figures (negative for a credit note's line).
    pub base: &'a LineBase,
    /// True for a credit note's line (its figures are compared made positive).
    pub refund: bool,
}

impl LineFacts<'_> {
    /// A figure as the sale's line has it: made positive on a credit note's line.
    fn positive(&self, v: Decimal) -> Decimal {
        if self.refund {
            v.abs()
        } else {
            v
        }
    }

    /// The line's margin in percent of its net; `None` when the net is 0.
    fn margin_percent(&self) -> Option<Decimal> {
        let (net, margin) = (self.base.net, self.base.margin_raw);
        if net.is_zero() {
            return None;
        }
        margin.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(net)
    }
}

/// True when the rule is in force on the sale's date (`valid_from`..`valid_thru`, inclusive).
fn in_force(rule: &Rule, facts: &LineFacts) -> bool {
    let date = facts.invoice.date;
    rule.valid_from.map(|f| f <= date).unwrap_or(true) && rule.valid_thru.map(|t| date <= t).unwrap_or(true)
}

/// True when `v` lies in the range, or the range is absent.
fn within(range: &Option<Range>, v: Option<Decimal>) -> bool {
    match (range, v) {
        (None, _) => true,
        (Some(r), Some(v)) => r.contains(v),
        (Some(_), None) => false,
    }
}

/// True when every condition of `when` holds for the line.
pub fn matches(ctx: &Context, unit: &Unit, when: Option<&When>, facts: &LineFacts) -> bool {
    let Some(w) = when else { return true };
    let line = facts.line;
    let customer = facts.invoice.customer.as_deref();
    if !w.products.is_empty() && !line.product.as_ref().map(|p| w.products.contains(p)).unwrap_or(false) {
        return false;
    }
    if !w.categories.is_empty() {
        let Some(cat) = base::category(&ctx.products, line) else {
            return false;
        };
        if !w.categories.iter().any(|c| ctx.category_within(cat, c)) {
            return false;
        }
    }
    if !w.customers.is_empty() && !customer.map(|c| w.customers.iter().any(|x| x == c)).unwrap_or(false) {
        return false;
    }
    if !w.customer_classes.is_empty() {
        let class = customer
            .and_then(|c| ctx.customers.get(c))
            .and_then(|&k| ctx.sales.customers[k].class.as_deref());
        if !class.map(|c| w.customer_classes.iter().any(|x| x == c)).unwrap_or(false) {
            return false;
        }
    }
    if !w.roles.is_empty() && !unit.role.as_ref().map(|r| w.roles.contains(r)).unwrap_or(false) {
        return false;
    }
    if let Some(first) = w.first_order {
        if first != facts.first_order {
            return false;
        }
    }
    if !w.kinds.is_empty() && !w.kinds.contains(&line.kind) {
        return false;
    }
    if !w.pricelists.is_empty()
        && !facts
            .invoice
            .pricelist
            .as_ref()
            .map(|p| w.pricelists.contains(p))
            .unwrap_or(false)
    {
        return false;
    }
    let quantity = line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE);
    within(&w.discount_percent, Some(facts.base.discount_percent))
        && within(&w.unit_price, Some(facts.positive(line.unit_price.0)))
        && within(&w.quantity, Some(facts.positive(quantity)))
        && within(&w.margin_percent, facts.margin_percent())
}

/// The rules that earn on a line: the first matching non-stacked rule, then every matching
/// stacked rule (in plan order), as (rule index, whether it is the winner). A rule outside its
/// dates does not match.
pub fn rules_for_line(ctx: &Context, unit: &Unit, facts: &LineFacts) -> Vec<(usize, bool)> {
    let plan = &ctx.plan.doc.plans[unit.plan];
    let mut out = Vec::new();
    let mut winner = false;
    for (j, rule) in plan.rules.iter().enumerate() {
        let takes = |rule: &Rule| in_force(rule, facts) && matches(ctx, unit, rule.when.as_ref(), facts);
        if rule.stack {
            if takes(rule) {
                out.push((j, false));
            }
        } else if !winner && takes(rule) {
            winner = true;
            out.push((j, true));
        }
    }
    out
}

/// The category a line counts under for a category-scope ladder: the rule's category that the
/// line's category falls within, else the line's own category (or its product's).
pub fn category_key<'a>(ctx: &Context<'a>, when: Option<&'a When>, line: &'a Line) -> Option<&'a str> {
    let cat = base::category(&ctx.products, line)?;
    if let Some(w) = when {
        if let Some(c) = w.categories.iter().find(|c| ctx.category_within(cat, c)) {
            return Some(c.as_str());
        }
    }
    Some(cat)
}

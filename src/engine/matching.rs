//! Which rules take a line: the `when` conditions, first match wins, stacked rules on top.

use super::attribution::Unit;
use super::context::Context;
use crate::model::plan::When;
use crate::model::sales::{Invoice, Line};

/// What a rule's conditions are tested against.
pub struct LineFacts<'a> {
    /// The line.
    pub line: &'a Line,
    /// The invoice the line belongs to (for a credit note's line: the credit note).
    pub invoice: &'a Invoice,
    /// Whether the sale is the customer's first order.
    pub first_order: bool,
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
        let Some(cat) = line.category.as_deref() else { return false };
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
    true
}

/// The indexes of the rules that earn on a line: the first matching non-stacked rule, then
/// every matching stacked rule (in plan order).
pub fn rules_for_line(ctx: &Context, unit: &Unit, facts: &LineFacts) -> Vec<usize> {
    let plan = &ctx.plan.doc.plans[unit.plan];
    let mut out = Vec::new();
    let mut winner = false;
    for (j, rule) in plan.rules.iter().enumerate() {
        if rule.stack {
            if matches(ctx, unit, rule.when.as_ref(), facts) {
                out.push(j);
            }
        } else if !winner && matches(ctx, unit, rule.when.as_ref(), facts) {
            winner = true;
            out.push(j);
        }
    }
    out
}

/// The category a line counts under for a category-scope ladder: the rule's category that the
/// line's category falls within, else the line's own category.
pub fn category_key<'a>(ctx: &Context, when: Option<&'a When>, line: &'a Line) -> Option<&'a str> {
    let cat = line.category.as_deref()?;
    if let Some(w) = when {
        if let Some(c) = w.categories.iter().find(|c| ctx.category_within(cat, c)) {
            return Some(c.as_str());
        }
    }
    Some(cat)
}

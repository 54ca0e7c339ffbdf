//! The team report (SocrateCloud's "agents hierarchy sales report"): the upline tree with each
//! agent's personal and group sales over a period, its level (held and qualified), level bonus,
//! recruits and what it earned, as plain data.
//!
//! The period is `options.from`..`options.thru` (default: all history up to `as_of`). With
//! `options.agents`, the report shows those agents and their whole downline (a manager's team).
//! Every agent of the tree is listed, idle ones too, so that the tree stays whole; each entry
//! says how many `transactions` (invoices and credit notes credited) it and its group had in
//! the period, so a caller can hide idle agents as SocrateCloud does (`group_transactions: 0`
//! drops an idle agent whose downline is idle too, without orphaning anyone).

use super::arith::Overflow;
use super::context::Context;
use super::filter::selected;
use super::levels::measures::{measure, SalesIndex, Span};
use super::levels::{held_by, stage, Levels};
use super::{compute, Engine};
use crate::error::{EngineError, ErrorCode};
use crate::model::hierarchy::{HierarchyAgent, HierarchyReport};
use crate::model::options::Options;
use crate::model::sales::SalesDoc;
use crate::money::{round, Dec, RoundingMode};
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Engine {
    /// The team report for `sales` (with `options.what_if` invoices, when given).
    pub fn hierarchy(&self, sales: &SalesDoc, options: &Options) -> Result<HierarchyReport, EngineError> {
        let ctx = super::prepare(self.plan(), sales, options, !options.what_if.is_empty())?;
        report(&ctx, options)
    }
}

/// Builds the team report for a prepared context.
pub fn report(ctx: &Context, options: &Options) -> Result<HierarchyReport, EngineError> {
    let thru = options.thru.unwrap_or(ctx.as_of);
    let span = Span {
        from: options.from,
        thru,
    };
    let whole_team = Options {
        agents: Vec::new(),
        thru: Some(thru),
        statements: None,
        explain: false,
        ..options.clone()
    };
    let result = compute(ctx, &whole_team)?;
    let levels = Levels::evaluate(ctx)?;
    let tree = &levels.tree;
    let index = SalesIndex::new(ctx).map_err(|(i, _)| overflow(&ctx.invoices[i].path()))?;
    let m = measure(tree, &index, span, &levels.operational).map_err(|_: Overflow| overflow("/agents"))?;
    let downline = tree
        .group_sums(&vec![1u32; tree.upline.len()], |a, b| Ok::<_, Overflow>(a.saturating_add(b)))
        .map_err(|_| overflow("/agents"))?;

    // The selected agents and their whole downline.
    let mut shown = selected(ctx, options);
    for &a in &tree.order {
        shown[a] = shown[a] || tree.upline[a].map(|u| shown[u]).unwrap_or(false);
    }
    let earned: HashMap<&str, Decimal> = result.totals.iter().map(|t| (t.agent.as_str(), t.amount.0)).collect();
    let bonus: HashMap<&str, Option<Dec>> = result.levels.iter().map(|l| (l.agent.as_str(), l.bonus)).collect();
    let scale = ctx.plan.scale;
    let money = |v: Decimal| {
        let mut r = round(v, scale, RoundingMode::HalfUp);
        r.rescale(scale);
        Dec(r)
    };
    let level_id = |l: Option<usize>| l.map(|l| ctx.plan.doc.levels[l].id.clone());
    let agents = tree
        .preorder()
        .into_iter()
        .filter(|&a| shown[a])
        .map(|a| {
            let doc = ctx.agent(a);
            HierarchyAgent {
                agent: doc.id.clone(),
                name: doc.name.clone(),
                upline: tree.upline[a].map(|u| ctx.agent_id(u).clone()),
                depth: tree.depth[a],
                level: level_id(held_by(ctx, a, thru)),
                qualified: level_id(levels.standing(a).and_then(|s| s.qualified)),
                activation: stage(ctx, a).cloned(),
                sales: money(m.sales[a]),
                group_sales: money(m.group_sales[a]),
                customers: m.customers[a],
                transactions: m.transactions[a],
                group_transactions: m.group_transactions[a],
                recruits: tree.children(a).len() as u32,
                downline: downline[a] - 1,
                bonus: bonus.get(doc.id.as_str()).copied().flatten(),
                earned: money(earned.get(doc.id.as_str()).copied().unwrap_or_default()),
            }
        })
        .collect();
    Ok(HierarchyReport {
        currency: ctx.plan.doc.currency.clone(),
        as_of: ctx.as_of,
        from: options.from,
        thru,
        agents,
        warnings: result.warnings,
    })
}

fn overflow(path: &str) -> EngineError {
    EngineError::single(ErrorCode::Overflow, path, "a sales measure is too large to compute exactly")
}

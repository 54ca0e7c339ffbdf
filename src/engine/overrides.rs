//! Overrides paid up the hierarchy on what a downline earns.
//!
//! Every line an agent earns under a plan with `overrides` (commission, clawback, true-up, cap
//! and tier bonus lines) pays each generation's upline its `percent` of the line's amount
//! (`of: commission`) or of the line's base (`of: base`), as an `override` line on the same
//! date, naming the downline in `from_agent`. Generation 1 is the earning agent's upline
//! (Perfex's manager commission), 2 the upline's upline, and so on.
//!
//! - What a downline's `clawback` line takes back is taken back from each upline by a
//!   `clawback` line naming the downline in `from_agent` (contract v2).
//! - Level bonus lines and override lines are not overridden (no override on an override).
//! - `of: base` counts the base of the lines that carry one: commission and clawback lines of
//!   the rule that took the sale (a stacked rule's lines are left out, so no sale is counted
//!   twice).
//! - `compress`: an upline that is not operational (see [`super::levels::operational`]) or holds
//!   no level (when the plan defines levels) is skipped, and the next one up takes its
//!   generation; each skipped upline gets one `override_compressed` warning per plan saying why.
//! - An upline whose held level has `override_generations: n` is paid generations 1..=n only;
//!   a deeper generation it occupies is not passed further up.
//!
//! The walk up jumps straight to the next eligible upline (precomputed in tree order), so a
//! line costs its number of generations, however deep the hierarchy.

use super::arith::{pct, Overflow};
use super::context::Context;
use super::explain::{money, plain};
use super::levels::{held, Levels};
use super::lines::{RawLine, Streams};
use crate::model::plan::OverrideOf;
use crate::model::result::{LineKindOut, Warning};
use std::collections::{HashMap, HashSet};

/// The override lines of `lines`, and warnings for uplines skipped by compression.
pub fn lines(
    ctx: &Context,
    levels: &Levels,
    lines: &[RawLine],
    explain: bool,
    streams: &mut Streams,
) -> Result<(Vec<RawLine>, Vec<Warning>), Overflow> {
    let plans = &ctx.plan.doc.plans;
    if plans.iter().all(|p| p.overrides.is_empty()) {
        return Ok((Vec::new(), Vec::new()));
    }
    let tree = &levels.tree;
    // Holding a level counts only when the plan defines levels (else no one could hold one).
    let needs_level = !ctx.plan.doc.levels.is_empty();
    let eligible: Vec<bool> = (0..tree.upline.len())
        .map(|a| levels.operational[a] && (!needs_level || held(ctx, a).is_some()))
        .collect();
    // The nearest eligible upline of each agent, uplines first.
    let mut next_eligible: Vec<Option<usize>> = vec![None; tree.upline.len()];
    for &a in &tree.order {
        next_eligible[a] = tree.upline[a].and_then(|u| if eligible[u] { Some(u) } else { next_eligible[u] });
    }
    let limit: Vec<Option<u32>> = (0..tree.upline.len())
        .map(|a| held(ctx, a).and_then(|l| ctx.plan.doc.levels[l].override_generations))
        .collect();

    let scale = ctx.plan.scale;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut warned: HashSet<(usize, usize)> = HashSet::new();
    let mut stream_of: HashMap<(u64, usize, usize), u64> = HashMap::new();
    for l in lines {
        let Some(p) = l.plan else { continue };
        let plan = &plans[p];
        if plan.overrides.is_empty() || l.from_agent.is_some() || l.rule.is_none() {
            continue;
        }
        if !matches!(
            l.kind,
            LineKindOut::Commission | LineKindOut::Clawback | LineKindOut::TrueUp | LineKindOut::Cap | LineKindOut::Bonus
        ) {
            continue;
        }
        let stacked = l.rule.map(|r| plan.rules[r].stack).unwrap_or(false);
        let base_of_sale = match (l.kind, l.base) {
            (LineKindOut::Commission | LineKindOut::Clawback, Some(b)) if !stacked => Some(b),
            _ => None,
        };
        let deepest = plan.overrides.iter().map(|o| o.generation).max().unwrap_or(0);
        let mut node = l.agent;
        for generation in 1..=deepest {
            let up = if plan.compress {
                let target = next_eligible[node];
                warn_skipped(ctx, levels, &eligible, node, target, p, &mut warned, &mut warnings);
                target
            } else {
                tree.upline[node]
            };
            let Some(up) = up else { break };
            node = up;
            if limit[up].map(|n| generation > n).unwrap_or(false) {
                continue;
            }
            for (k, o) in plan.overrides.iter().enumerate().filter(|(_, o)| o.generation == generation) {
                let (of, what) = match o.of {
                    OverrideOf::Commission => (l.amount, "commission"),
                    OverrideOf::Base => match base_of_sale {
                        Some(b) => (b, "sales base"),
                        None => continue,
                    },
                };
                let amount = pct(of, o.percent.0)?;
                if amount.is_zero() {
                    continue;
                }
                // One stream per downline stream, override and upline: cumulative rounding.
                let stream = *stream_of.entry((l.stream, k, up)).or_insert_with(|| streams.next());
                let text = explain.then(|| {
                    let source = l
                        .invoice
                        .map(|i| format!(" on `{}`", ctx.invoices[i].doc.id))
                        .unwrap_or_default();
                    let head = if l.kind == LineKindOut::Clawback {
                        "override clawed back"
                    } else {
                        "override"
                    };
                    format!(
                        "generation {generation} {head}: {} % of `{}`'s {what} of {}{source}",
                        plain(o.percent.0),
                        ctx.agent_id(l.agent),
                        money(of, scale),
                    )
                });
                // What a downline earned falls (a credit note): the upline's reversal is a
                // clawback naming the downline.
                let kind = if l.kind == LineKindOut::Clawback {
                    LineKindOut::Clawback
                } else {
                    LineKindOut::Override
                };
                out.push(RawLine {
                    agent: up,
                    kind,
                    invoice: l.invoice,
                    origin: l.origin,
                    line: l.line,
                    plan: Some(p),
                    rule: None,
                    role: None,
                    date: l.date,
                    base: Some(of),
                    rate: Some(o.percent.0),
                    amount,
                    tier: None,
                    from_agent: Some(l.agent),
                    what_if: l.what_if,
                    explain: text,
                    stream,
                });
            }
        }
    }
    Ok((out, warnings))
}

/// Warns once per plan about each upline that compression skips between `from` and `to`
/// (exclusive). A walk stops at an upline already warned about: everything above it up to the
/// next eligible one was warned about with it, so each agent is walked once per plan.
#[allow(clippy::too_many_arguments)]
fn warn_skipped(
    ctx: &Context,
    levels: &Levels,
    eligible: &[bool],
    from: usize,
    to: Option<usize>,
    plan: usize,
    warned: &mut HashSet<(usize, usize)>,
    warnings: &mut Vec<Warning>,
) {
    let mut node = levels.tree.upline[from];
    while let Some(a) = node {
        if Some(a) == to || eligible[a] || !warned.insert((plan, a)) {
            return;
        }
        let agent = ctx.agent(a);
        let why = if !levels.operational[a] {
            format!(
                "it is at stage `{}`, below operational",
                agent.activation.as_deref().unwrap_or("none")
            )
        } else {
            "it holds no level".to_string()
        };
        warnings.push(Warning {
            code: "override_compressed".into(),
            path: format!("/agents/{a}"),
            message: format!(
                "agent `{}` earns no overrides of plan `{}` (compress): {why}",
                agent.id, ctx.plan.doc.plans[plan].id
            ),
        });
        node = levels.tree.upline[a];
    }
}

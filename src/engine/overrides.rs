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
//! - Levels are those held on the date of the sale (the invoice, for a credit note the invoice
//!   it refunds): with level reviews, the level the last review before that day set.
//!
//! Without level reviews the walk up jumps straight to the next eligible upline (precomputed in
//! tree order), so a line costs its number of generations, however deep the hierarchy; with
//! reviews, levels change over time and compression checks each upline on the sale's date.

use super::arith::{pct, Overflow};
use super::context::Context;
use super::explain::{money, plain};
use super::levels::Levels;
use super::lines::{RawLine, Writer};
use crate::model::plan::{Override, OverrideOf};
use crate::model::result::{LineKindOut, Warning};
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// Writes the override lines of the lines written so far; returns warnings for uplines skipped
/// by compression.
pub fn lines(ctx: &Context, levels: &Levels, writer: &mut Writer) -> Result<Vec<Warning>, Overflow> {
    let plans = &ctx.plan.doc.plans;
    if plans.iter().all(|p| p.overrides.is_empty()) {
        return Ok(Vec::new());
    }
    let walk = Walk::new(ctx, levels);
    let mut skipped = Skipped::default();
    let mut stream_of: HashMap<(u64, usize, usize), u64> = HashMap::new();
    let mut out = Vec::new();
    for l in writer.lines() {
        let Some(p) = l.plan.filter(|&p| overridden(ctx, p, l)) else {
            continue;
        };
        let plan = &plans[p];
        let sold = l.origin.map(|o| ctx.invoices[o].doc.date).unwrap_or(l.date);
        for (generation, up) in walk.uplines(ctx, (l.agent, sold), p, &mut skipped) {
            for (k, o) in plan.overrides.iter().enumerate().filter(|(_, o)| o.generation == generation) {
                let Some((of, what)) = of_line(ctx, p, o, l) else { continue };
                let amount = pct(of, o.percent.0)?;
                if amount.is_zero() {
                    continue;
                }
                // One stream per downline stream, override and upline: cumulative rounding.
                let stream = *stream_of.entry((l.stream, k, up)).or_insert_with(|| writer.stream());
                let explain = writer.explain(|| {
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
                        money(of, ctx.plan.scale),
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
                    invoice: l.invoice,
                    origin: l.origin,
                    line: l.line,
                    plan: Some(p),
                    base: Some(of),
                    rate: Some(o.percent.0),
                    from_agent: Some(l.agent),
                    what_if: l.what_if,
                    explain,
                    ..RawLine::new(up, kind, l.date, amount, stream)
                });
            }
        }
    }
    writer.extend(out);
    Ok(skipped.warnings)
}

/// Whether a line of plan `p` pays overrides: a rule's commission, clawback, true-up, cap or
/// tier bonus line under a plan with overrides (never an override or a level bonus).
fn overridden(ctx: &Context, p: usize, l: &RawLine) -> bool {
    !ctx.plan.doc.plans[p].overrides.is_empty()
        && l.from_agent.is_none()
        && l.rule.is_some()
        && matches!(
            l.kind,
            LineKindOut::Commission | LineKindOut::Clawback | LineKindOut::TrueUp | LineKindOut::Cap | LineKindOut::Bonus
        )
}

/// What an override is a percent of on a line, and what that reads as; `None` for `of: base`
/// on a line that carries no base of a sale (only the rule that took the sale counts it).
fn of_line(ctx: &Context, p: usize, o: &Override, l: &RawLine) -> Option<(Decimal, &'static str)> {
    match o.of {
        OverrideOf::Commission => Some((l.amount, "commission")),
        OverrideOf::Base => {
            let stacked = l.rule.map(|r| ctx.plan.doc.plans[p].rules[r].stack).unwrap_or(false);
            match (l.kind, l.base) {
                (LineKindOut::Commission | LineKindOut::Clawback, Some(b)) if !stacked => Some((b, "sales base")),
                _ => None,
            }
        }
    }
}

/// The walk up the hierarchy, prepared once.
struct Walk<'l> {
    levels: &'l Levels,
    /// Whether each agent can be paid under `compress`: operational, and holding a level when
    /// the plan defines levels (else no one could hold one).
    eligible: Vec<bool>,
    /// The nearest eligible upline of each agent.
    next_eligible: Vec<Option<usize>>,
    /// Whether compression needs a level (the plan defines levels).
    needs_level: bool,
    /// Whether levels change over time (level reviews): eligibility is then checked by date.
    dated: bool,
}

impl<'l> Walk<'l> {
    fn new(ctx: &Context, levels: &'l Levels) -> Walk<'l> {
        let tree = &levels.tree;
        let needs_level = !ctx.plan.doc.levels.is_empty();
        let eligible: Vec<bool> = (0..tree.upline.len())
            .map(|a| levels.operational[a] && (!needs_level || ctx.level_held(a).is_some()))
            .collect();
        // Uplines first, so each agent's upline is done before it.
        let mut next_eligible: Vec<Option<usize>> = vec![None; tree.upline.len()];
        for &a in &tree.order {
            next_eligible[a] = tree.upline[a].and_then(|u| if eligible[u] { Some(u) } else { next_eligible[u] });
        }
        Walk {
            levels,
            eligible,
            next_eligible,
            needs_level,
            dated: !ctx.reviews.periods.is_empty(),
        }
    }

    /// Whether agent `a` can be paid under `compress` on `date`.
    fn eligible_on(&self, ctx: &Context, a: usize, date: Date) -> bool {
        self.levels.operational[a] && (!self.needs_level || ctx.level_on(a, date).is_some())
    }

    /// The upline that compression pays above `node` on `date`, warning about those it skips.
    fn compressed_up(&self, ctx: &Context, node: usize, date: Date, p: usize, skipped: &mut Skipped) -> Option<usize> {
        if !self.dated {
            let target = self.next_eligible[node];
            skipped.warn(ctx, self, node, target, p);
            return target;
        }
        let mut up = self.levels.tree.upline[node];
        while let Some(u) = up {
            if self.eligible_on(ctx, u, date) {
                return Some(u);
            }
            skipped.note(ctx, self.levels, u, p, Some(date));
            up = self.levels.tree.upline[u];
        }
        None
    }

    /// The uplines paid on a line of `agent` on a sale dated `sold` under plan `p`, with their
    /// generation, nearest first, up to the plan's deepest generation.
    fn uplines(&self, ctx: &Context, (agent, sold): (usize, Date), p: usize, skipped: &mut Skipped) -> Vec<(u32, usize)> {
        let plan = &ctx.plan.doc.plans[p];
        let deepest = plan.overrides.iter().map(|o| o.generation).max().unwrap_or(0);
        let mut out = Vec::new();
        let mut node = agent;
        for generation in 1..=deepest {
            let up = if plan.compress {
                self.compressed_up(ctx, node, sold, p, skipped)
            } else {
                self.levels.tree.upline[node]
            };
            let Some(up) = up else { break };
            node = up;
            let limit = ctx
                .level_on(up, sold)
                .and_then(|l| ctx.plan.doc.levels[l].override_generations);
            if !limit.map(|n| generation > n).unwrap_or(false) {
                out.push((generation, up));
            }
        }
        out
    }
}

/// The uplines compression skipped, warned about once per plan.
#[derive(Default)]
struct Skipped {
    warned: HashSet<(usize, usize)>,
    warnings: Vec<Warning>,
}

impl Skipped {
    /// Warns once per plan about each upline that compression skips between `from` and `to`
    /// (exclusive). A walk stops at an upline already warned about: everything above it up to
    /// the next eligible one was warned about with it, so each agent is walked once per plan.
    fn warn(&mut self, ctx: &Context, walk: &Walk, from: usize, to: Option<usize>, plan: usize) {
        let levels = walk.levels;
        let mut node = levels.tree.upline[from];
        while let Some(a) = node {
            if Some(a) == to || walk.eligible[a] || !self.note(ctx, levels, a, plan, None) {
                return;
            }
            node = levels.tree.upline[a];
        }
    }

    /// Warns about upline `a` skipped under plan `plan` (on `date`, when levels change over
    /// time), unless already warned; false when it was.
    fn note(&mut self, ctx: &Context, levels: &Levels, a: usize, plan: usize, date: Option<Date>) -> bool {
        if !self.warned.insert((plan, a)) {
            return false;
        }
        let agent = ctx.agent(a);
        let why = if !levels.operational[a] {
            format!(
                "it is at stage `{}`, below operational",
                agent.activation.as_deref().unwrap_or("none")
            )
        } else {
            match date {
                Some(d) => format!("it holds no level on {d}"),
                None => "it holds no level".to_string(),
            }
        };
        self.warnings.push(Warning {
            code: "override_compressed".into(),
            path: format!("/agents/{a}"),
            message: format!(
                "agent `{}` earns no overrides of plan `{}` (compress): {why}",
                agent.id, ctx.plan.doc.plans[plan].id
            ),
        });
        true
    }
}

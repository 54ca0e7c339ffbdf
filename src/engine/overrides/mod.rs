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
//! - `differential: true` (see [`differential`]): each upline earns its level's
//!   `differential_percent` less the highest percent already paid below it on that line.
//!
//! The walk up jumps straight to the next eligible upline (precomputed in tree order), so a
//! line costs its number of generations, however deep the hierarchy.

pub mod differential;
pub mod walk;

use super::arith::{pct, Overflow};
use super::context::Context;
use super::explain::{money, plain};
use super::levels::Levels;
use super::lines::{RawLine, Writer};
use crate::model::plan::{Override, OverrideOf};
use crate::model::result::{LineKindOut, Warning};
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::HashMap;
use walk::{Skipped, Walk};

/// What one upline is paid on one line under one override.
pub struct Pay {
    /// The override (index within the plan).
    pub k: usize,
    /// The upline's generation.
    pub generation: u32,
    /// The upline (index).
    pub up: usize,
    /// The percent paid.
    pub rate: Decimal,
    /// How the percent was found, for explanations (differential overrides).
    pub why: Option<String>,
}

/// Writes the override lines of the lines written so far; returns warnings for uplines skipped
/// by compression.
pub fn lines(ctx: &Context, levels: &Levels, writer: &mut Writer) -> Result<Vec<Warning>, Overflow> {
    let plans = &ctx.plan.doc.plans;
    if plans.iter().all(|p| p.overrides.is_empty()) {
        return Ok(Vec::new());
    }
    // One walk per span of dates over which the dated agents stand still (one without history).
    let mut walks: HashMap<usize, Walk> = HashMap::new();
    let mut skipped = Skipped::default();
    let mut stream_of: HashMap<(u64, usize, usize), u64> = HashMap::new();
    let mut out = Vec::new();
    for l in writer.lines() {
        let Some(p) = l.plan.filter(|&p| overridden(ctx, p, l)) else {
            continue;
        };
        let span = if ctx.dated.changes() {
            ctx.dated.span(sale_date(ctx, l))
        } else {
            0
        };
        let walk = walks.entry(span).or_insert_with(|| Walk::new(ctx, levels, span));
        let mut pays = fixed(ctx, walk, l.agent, p, &mut skipped);
        pays.extend(differential::pays(ctx, walk, l.agent, p, &mut skipped));
        for pay in pays {
            let o = &plans[p].overrides[pay.k];
            let Some((of, what)) = of_line(ctx, p, o, l) else { continue };
            let amount = pct(of, pay.rate)?;
            if amount.is_zero() {
                continue;
            }
            // One stream per downline stream, override and upline: cumulative rounding.
            let stream = *stream_of.entry((l.stream, pay.k, pay.up)).or_insert_with(|| writer.stream());
            let explain = writer.explain(|| explanation(ctx, l, &pay, of, what));
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
                rate: Some(pay.rate),
                from_agent: Some(l.agent),
                what_if: l.what_if,
                explain,
                ..RawLine::new(pay.up, kind, l.date, amount, stream)
            });
        }
    }
    writer.extend(out);
    Ok(skipped.warnings)
}

/// The date whose hierarchy pays a line's overrides: the date of the sale (the invoice, or the
/// invoice a credit note refunds, so that a refund reverses the override of the upline that
/// earned it), else the line's own date.
fn sale_date(ctx: &Context, l: &RawLine) -> Date {
    l.origin.map(|o| ctx.invoices[o].doc.date).unwrap_or(l.date)
}

/// What the fixed-generation overrides of plan `p` pay on a line of `agent`: nearest upline
/// first, each generation's overrides in plan order.
fn fixed(ctx: &Context, walk: &Walk, agent: usize, p: usize, skipped: &mut Skipped) -> Vec<Pay> {
    let plan = &ctx.plan.doc.plans[p];
    let deepest = plan.overrides.iter().filter_map(|o| o.generation).max().unwrap_or(0);
    let mut out = Vec::new();
    for (generation, up) in walk.up(ctx, agent, p, skipped).take(deepest as usize) {
        if !walk.pays(up, generation) {
            continue;
        }
        for (k, o) in plan.overrides.iter().enumerate() {
            if o.differential || o.generation != Some(generation) {
                continue;
            }
            if let Some(rate) = o.percent {
                out.push(Pay {
                    k,
                    generation,
                    up,
                    rate: rate.0,
                    why: None,
                });
            }
        }
    }
    out
}

/// The explanation of an override line.
fn explanation(ctx: &Context, l: &RawLine, pay: &Pay, of: Decimal, what: &str) -> String {
    let source = l
        .invoice
        .map(|i| format!(" on `{}`", ctx.invoices[i].doc.id))
        .unwrap_or_default();
    let head = match (l.kind == LineKindOut::Clawback, pay.why.is_some()) {
        (true, false) => "override clawed back",
        (false, false) => "override",
        (true, true) => "differential override clawed back",
        (false, true) => "differential override",
    };
    let why = pay.why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default();
    format!(
        "generation {} {head}: {} %{why} of `{}`'s {what} of {}{source}",
        pay.generation,
        plain(pay.rate),
        ctx.agent_id(l.agent),
        money(of, ctx.plan.scale),
    )
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

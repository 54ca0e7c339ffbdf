//! Draws: a guaranteed minimum per month or quarter for the agents assigned to a plan. Where a
//! period's earnings under the plan fall short of the amount, a `draw` line pays the
//! difference; a recoverable draw adds it to the agent's balance, which `draw_recovery` lines
//! take back from later periods' excess over the amount.

use super::arith::{add, sub, Overflow};
use super::context::Context;
use super::explain::money;
use super::lines::{RawLine, Writer};
use super::period::{period_of, Period, PeriodKind};
use crate::limits::MAX_MONTHS;
use crate::model::plan::{Draw, DrawPer, Plan};
use crate::model::result::LineKindOut;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Whether a line counts in a draw's earnings: every line of the plan except holdbacks,
/// releases and the draw's own lines (earned, not paid).
fn earns(kind: LineKindOut) -> bool {
    !matches!(
        kind,
        LineKindOut::Holdback | LineKindOut::Release | LineKindOut::Draw | LineKindOut::DrawRecovery
    )
}

/// The draw and draw-recovery lines of every plan with a draw, for the periods ending on or
/// before `as_of`.
pub fn lines(ctx: &Context, writer: &mut Writer) -> Result<(), Overflow> {
    let mut out = Vec::new();
    let lines = writer.lines();
    for (p, plan) in ctx.plan.doc.plans.iter().enumerate() {
        let Some(draw) = &plan.draw else { continue };
        // Earnings of the plan's lines, by agent and period.
        let kind = match draw.per {
            DrawPer::Month => PeriodKind::Month,
            DrawPer::Quarter => PeriodKind::Quarter,
        };
        let mut earned: HashMap<(usize, Date), Decimal> = HashMap::new();
        for l in lines.iter().filter(|l| l.plan == Some(p) && earns(l.kind)) {
            let e = earned.entry((l.agent, period_of(kind, l.date).thru)).or_default();
            *e = add(*e, l.amount)?;
        }
        // The agents assigned to the plan, in assignment order, each once.
        let mut agents: Vec<usize> = Vec::new();
        for a in ctx.plan.doc.assignments.iter().filter(|a| a.plan == plan.id) {
            if let Some(&i) = ctx.agents.get(a.agent.as_str()) {
                if !agents.contains(&i) {
                    agents.push(i);
                }
            }
        }
        for agent in agents {
            let mut balance = Decimal::ZERO;
            for period in periods(ctx, plan, draw, kind, agent) {
                let e = earned.get(&(agent, period.thru)).copied().unwrap_or_default();
                let of = Of {
                    plan: p,
                    draw,
                    scale: ctx.plan.scale,
                };
                out.extend(settle(&of, agent, &period, e, writer, &mut balance)?);
            }
        }
    }
    writer.extend(out);
    Ok(())
}

/// The draw's periods for one agent: those ending on or before `as_of` whose last day the
/// draw's dates and one of the agent's assignments to the plan both cover.
fn periods(ctx: &Context, plan: &Plan, draw: &Draw, kind: PeriodKind, agent: usize) -> Vec<Period> {
    let id = ctx.agent_id(agent);
    let assignments: Vec<(Option<Date>, Option<Date>)> = ctx
        .plan
        .doc
        .assignments
        .iter()
        .filter(|a| a.plan == plan.id && &a.agent == id)
        .map(|a| (a.from, a.thru))
        .collect();
    // The first period that can count: the later of the draw's start and the earliest
    // assignment's; an assignment without `from` starts with the draw, and when the draw has
    // no `from` either, with the earliest sale of the document.
    let assigned = match assignments.iter().any(|(f, _)| f.is_none()) {
        true => None,
        false => assignments.iter().filter_map(|(f, _)| *f).min(),
    };
    let start = match (draw.from, assigned) {
        (Some(f), Some(a)) => Some(f.max(a)),
        (Some(d), None) | (None, Some(d)) => Some(d),
        (None, None) => ctx.invoices.iter().map(|r| r.doc.date).min(),
    };
    let Some(start) = start else {
        return Vec::new();
    };
    let covers = |d: Date| {
        draw.from.map_or(true, |f| f <= d)
            && draw.thru.map_or(true, |t| d <= t)
            && assignments
                .iter()
                .any(|(f, t)| f.map_or(true, |f| f <= d) && t.map_or(true, |t| d <= t))
    };
    let mut out = Vec::new();
    let mut period = period_of(kind, start);
    // At most a century of periods, as every other recurrence.
    for _ in 0..MAX_MONTHS {
        if period.thru > ctx.as_of {
            break;
        }
        if covers(period.thru) {
            out.push(period.clone());
        }
        let Some(next) = period.thru.succ_opt() else { break };
        period = period_of(kind, next);
    }
    out
}

/// A plan's draw: the plan (index), the draw and the currency scale of explanations.
struct Of<'a> {
    plan: usize,
    draw: &'a Draw,
    scale: u32,
}

/// The line a period gives, if any: a `draw` when the earnings fall short of the amount, a
/// `draw_recovery` when a recoverable draw has a balance and the earnings exceed the amount.
fn settle(
    of: &Of,
    agent: usize,
    period: &Period,
    earned: Decimal,
    writer: &Writer,
    balance: &mut Decimal,
) -> Result<Option<RawLine>, Overflow> {
    let (scale, draw) = (of.scale, of.draw);
    let amount = draw.amount.0;
    let short = sub(amount, earned)?;
    let (kind, value, text) = if short > Decimal::ZERO {
        let text = || {
            format!(
                "draw of {} for {}: earned {}, {} short",
                money(amount, scale),
                period.name,
                money(earned, scale),
                money(short, scale)
            )
        };
        (LineKindOut::Draw, short, writer.explain(text))
    } else if draw.recoverable && *balance > Decimal::ZERO && short < Decimal::ZERO {
        let excess = -short;
        let taken = excess.min(*balance);
        let text = || {
            format!(
                "draw recovered in {}: earned {}, {} above the draw of {}; {} of the balance of {} taken back",
                period.name,
                money(earned, scale),
                money(excess, scale),
                money(amount, scale),
                money(taken, scale),
                money(*balance, scale)
            )
        };
        (LineKindOut::DrawRecovery, -taken, writer.explain(text))
    } else {
        return Ok(None);
    };
    if draw.recoverable {
        *balance = add(*balance, value)?;
    }
    Ok(Some(RawLine {
        plan: Some(of.plan),
        base: Some(earned),
        explain: text,
        ..RawLine::new(agent, kind, period.thru, value, writer.stream())
    }))
}

//! Caps and floors on what a rule pays, per invoice or per calendar period. They act on the
//! rule's lines in date order: a `cap` line (negative) removes what passes the cap as soon as
//! it does, and gives it back if a refund brings the sum under the cap again; a floor raises a
//! positive sum to the floor with a `true_up` line (per invoice as earned; per period at the
//! period's end, once `as_of` has reached it).

use super::arith::{add, sub, Overflow};
use super::context::Context;
use super::explain::money;
use super::lines::{RawLine, Streams};
use super::period::{period_of, PeriodKind};
use crate::model::plan::{Limit, LimitPer, Scope};
use crate::model::result::LineKindOut;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Adds the cap and floor lines of every rule that has a cap or a floor.
pub fn apply(ctx: &Context, lines: &mut Vec<RawLine>, explain: bool, streams: &mut Streams) -> Result<(), Overflow> {
    let scale = ctx.plan.scale;
    // (agent, plan, rule, group) -> indexes of the rule's lines, for caps and for floors.
    type Key = (usize, usize, usize, String);
    let mut groups: [BTreeMap<Key, Vec<usize>>; 2] = [BTreeMap::new(), BTreeMap::new()];
    for (i, l) in lines.iter().enumerate() {
        let (Some(p), Some(r)) = (l.plan, l.rule) else { continue };
        if !matches!(l.kind, LineKindOut::Commission | LineKindOut::Clawback | LineKindOut::TrueUp) {
            continue;
        }
        let rule = &ctx.plan.doc.plans[p].rules[r];
        for (slot, limit) in [(0, &rule.cap), (1, &rule.floor)] {
            if let Some(limit) = limit {
                let group = group_of(ctx, limit, p, r, l);
                groups[slot].entry((l.agent, p, r, group)).or_default().push(i);
            }
        }
    }
    let mut added = Vec::new();
    for (slot, map) in groups.iter().enumerate() {
        for ((_, p, r, group), members) in map {
            let rule = &ctx.plan.doc.plans[*p].rules[*r];
            let Some(limit) = (if slot == 0 { &rule.cap } else { &rule.floor }) else {
                continue;
            };
            let mut members = members.clone();
            members.sort_by_key(|&i| (lines[i].date, i));
            let stream = streams.next();
            let mut sum = Decimal::ZERO;
            let mut applied = Decimal::ZERO;
            let mut k = 0;
            while k < members.len() {
                let date = lines[members[k]].date;
                let first = members[k];
                while k < members.len() && lines[members[k]].date == date {
                    sum = add(sum, lines[members[k]].amount)?;
                    k += 1;
                }
                let target = if slot == 0 {
                    if sum > limit.amount.0 {
                        sub(limit.amount.0, sum)?
                    } else {
                        Decimal::ZERO
                    }
                } else if limit.per == LimitPer::Invoice && sum > Decimal::ZERO && sum < limit.amount.0 {
                    sub(limit.amount.0, sum)?
                } else {
                    Decimal::ZERO
                };
                if target != applied {
                    let delta = sub(target, applied)?;
                    applied = target;
                    added.push(limit_line(
                        ctx,
                        &lines[first],
                        slot == 0,
                        date,
                        delta,
                        limit,
                        group,
                        explain,
                        scale,
                        stream,
                    ));
                }
            }
            if slot == 1 && limit.per == LimitPer::Period && sum > Decimal::ZERO && sum < limit.amount.0 {
                let kind = limit_period(ctx, limit, *p, *r);
                let thru = period_of(kind, lines[members[0]].date).thru;
                if thru <= ctx.as_of {
                    let delta = sub(limit.amount.0, sum)?;
                    added.push(limit_line(
                        ctx,
                        &lines[members[0]],
                        false,
                        thru,
                        delta,
                        limit,
                        group,
                        explain,
                        scale,
                        stream,
                    ));
                }
            }
        }
    }
    lines.extend(added);
    Ok(())
}

fn limit_period(ctx: &Context, limit: &Limit, p: usize, r: usize) -> PeriodKind {
    if let Some(k) = limit.period {
        return k.into();
    }
    match &ctx.plan.doc.plans[p].rules[r].ladder {
        Some(l) if l.scope == Scope::Period => l.period.map(Into::into).unwrap_or(PeriodKind::Month),
        _ => PeriodKind::Month,
    }
}

fn group_of(ctx: &Context, limit: &Limit, p: usize, r: usize, l: &RawLine) -> String {
    match limit.per {
        LimitPer::Invoice => l.origin.map(|o| ctx.invoices[o].doc.id.clone()).unwrap_or_default(),
        LimitPer::Period => period_of(limit_period(ctx, limit, p, r), l.date).name,
    }
}

#[allow(clippy::too_many_arguments)]
fn limit_line(
    ctx: &Context,
    like: &RawLine,
    cap: bool,
    date: Date,
    amount: Decimal,
    limit: &Limit,
    group: &str,
    explain: bool,
    scale: u32,
    stream: u64,
) -> RawLine {
    let rule = like
        .plan
        .zip(like.rule)
        .map(|(p, r)| ctx.plan.doc.plans[p].rules[r].id.clone())
        .unwrap_or_default();
    let over = match limit.per {
        LimitPer::Invoice => format!("invoice `{group}`"),
        LimitPer::Period => format!("period {group}"),
    };
    let text = explain.then(|| {
        if cap {
            format!("cap of {} per {over} on rule `{rule}`", money(limit.amount.0, scale))
        } else {
            format!(
                "raised to the floor of {} per {over} on rule `{rule}`",
                money(limit.amount.0, scale)
            )
        }
    });
    RawLine {
        kind: if cap { LineKindOut::Cap } else { LineKindOut::TrueUp },
        line: if limit.per == LimitPer::Invoice { like.line } else { None },
        invoice: if limit.per == LimitPer::Invoice { like.origin } else { None },
        date,
        base: None,
        rate: None,
        amount,
        tier: None,
        explain: text,
        stream,
        ..like.clone()
    }
}

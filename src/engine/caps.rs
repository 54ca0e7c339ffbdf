//! Caps and floors on what a rule pays, per invoice or per calendar period. They act on the
//! rule's lines in date order: a `cap` line (negative) removes what passes the cap as soon as
//! it does, and gives it back if a refund brings the sum under the cap again; a floor raises a
//! positive sum to the floor with a `true_up` line (per invoice as earned; per period at the
//! period's end, once `as_of` has reached it).

use super::arith::{add, sub, Overflow};
use super::context::Context;
use super::explain::money;
use super::lines::{RawLine, Writer};
use super::period::{period_of, PeriodKind};
use crate::model::plan::{Limit, LimitPer, Scope};
use crate::model::result::LineKindOut;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// (agent, plan, rule, group): the lines a cap or floor sums.
type Key = (usize, usize, usize, String);

/// Adds the cap and floor lines of every rule that has a cap or a floor.
pub fn apply(ctx: &Context, writer: &mut Writer) -> Result<(), Overflow> {
    let lines = writer.lines();
    let mut added = Vec::new();
    for (cap, groups) in [(true, groups(ctx, lines, true)), (false, groups(ctx, lines, false))] {
        for ((_, p, r, group), mut members) in groups {
            let rule = &ctx.plan.doc.plans[p].rules[r];
            let Some(limit) = (if cap { &rule.cap } else { &rule.floor }) else {
                continue;
            };
            members.sort_by_key(|&i| (lines[i].date, i));
            let held = Held {
                ctx,
                rule: (p, r),
                lines,
                members: &members,
                limit,
                group: &group,
                stream: writer.stream(),
            };
            if cap {
                held.cap(writer, &mut added)?;
            } else {
                held.floor(writer, &mut added)?;
            }
        }
    }
    writer.extend(added);
    Ok(())
}

/// The indexes of the lines each cap (or floor) sums, by key.
fn groups(ctx: &Context, lines: &[RawLine], cap: bool) -> BTreeMap<Key, Vec<usize>> {
    let mut groups: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let (Some(p), Some(r)) = (l.plan, l.rule) else { continue };
        if !matches!(l.kind, LineKindOut::Commission | LineKindOut::Clawback | LineKindOut::TrueUp) {
            continue;
        }
        let rule = &ctx.plan.doc.plans[p].rules[r];
        if let Some(limit) = if cap { &rule.cap } else { &rule.floor } {
            let group = group_of(ctx, limit, p, r, l);
            groups.entry((l.agent, p, r, group)).or_default().push(i);
        }
    }
    groups
}

/// One cap or floor over its group of lines (in date order).
struct Held<'h, 'a> {
    ctx: &'h Context<'a>,
    /// The plan and the rule (indexes).
    rule: (usize, usize),
    lines: &'h [RawLine],
    members: &'h [usize],
    limit: &'h Limit,
    group: &'h str,
    stream: u64,
}

impl Held<'_, '_> {
    /// The sum of the group by each of its dates, in date order, with the first line of each date.
    fn sums(&self) -> Result<Vec<(Date, usize, Decimal)>, Overflow> {
        let mut out = Vec::new();
        let mut sum = Decimal::ZERO;
        let mut k = 0;
        while k < self.members.len() {
            let date = self.lines[self.members[k]].date;
            let first = self.members[k];
            while k < self.members.len() && self.lines[self.members[k]].date == date {
                sum = add(sum, self.lines[self.members[k]].amount)?;
                k += 1;
            }
            out.push((date, first, sum));
        }
        Ok(out)
    }

    /// A cap line (negative) as soon as the sum passes the cap, given back as it falls under.
    fn cap(&self, writer: &Writer, added: &mut Vec<RawLine>) -> Result<(), Overflow> {
        let cap = self.limit.amount.0;
        let mut applied = Decimal::ZERO;
        for (date, first, sum) in self.sums()? {
            let target = if sum > cap { sub(cap, sum)? } else { Decimal::ZERO };
            if target != applied {
                added.push(self.line(writer, first, true, date, sub(target, applied)?));
                applied = target;
            }
        }
        Ok(())
    }

    /// A floor: per invoice, a `true_up` raising a positive sum to the floor as earned; per
    /// period, one `true_up` at the period's end, once `as_of` has reached it.
    fn floor(&self, writer: &Writer, added: &mut Vec<RawLine>) -> Result<(), Overflow> {
        let floor = self.limit.amount.0;
        let below = |sum: Decimal| sum > Decimal::ZERO && sum < floor;
        let per_invoice = self.limit.per == LimitPer::Invoice;
        let mut applied = Decimal::ZERO;
        let mut last = Decimal::ZERO;
        for (date, first, sum) in self.sums()? {
            last = sum;
            let target = if per_invoice && below(sum) {
                sub(floor, sum)?
            } else {
                Decimal::ZERO
            };
            if target != applied {
                added.push(self.line(writer, first, false, date, sub(target, applied)?));
                applied = target;
            }
        }
        if !per_invoice && below(last) {
            let first = self.members[0];
            let (p, r) = self.rule;
            let thru = period_of(limit_period(self.ctx, self.limit, p, r), self.lines[first].date).thru;
            if thru <= self.ctx.as_of {
                added.push(self.line(writer, first, false, thru, sub(floor, last)?));
            }
        }
        Ok(())
    }

    /// A cap line, or a floor's `true_up` line, like the group's line `like`.
    fn line(&self, writer: &Writer, like: usize, cap: bool, date: Date, amount: Decimal) -> RawLine {
        let like = &self.lines[like];
        let limit = self.limit;
        let per_invoice = limit.per == LimitPer::Invoice;
        let explain = writer.explain(|| {
            let rule = &self.ctx.plan.doc.plans[self.rule.0].rules[self.rule.1].id;
            let group = self.group;
            let over = if per_invoice {
                format!("invoice `{group}`")
            } else {
                format!("period {group}")
            };
            let amount = money(limit.amount.0, self.ctx.plan.scale);
            if cap {
                format!("cap of {amount} per {over} on rule `{rule}`")
            } else {
                format!("raised to the floor of {amount} per {over} on rule `{rule}`")
            }
        });
        RawLine {
            kind: if cap { LineKindOut::Cap } else { LineKindOut::TrueUp },
            line: if per_invoice { like.line } else { None },
            invoice: if per_invoice { like.origin } else { None },
            date,
            base: None,
            rate: None,
            amount,
            tier: None,
            explain,
            stream: self.stream,
            ..like.clone()
        }
    }
}

/// The period a cap or floor per period sums over: its own, else its ladder's, else a month.
fn limit_period(ctx: &Context, limit: &Limit, p: usize, r: usize) -> PeriodKind {
    if let Some(k) = limit.period {
        return k.into();
    }
    match &ctx.plan.doc.plans[p].rules[r].ladder {
        Some(l) if l.scope == Scope::Period => l.period.map(Into::into).unwrap_or(PeriodKind::Month),
        _ => PeriodKind::Month,
    }
}

/// The group a line counts in under a cap or floor: its invoice, or its period.
fn group_of(ctx: &Context, limit: &Limit, p: usize, r: usize, l: &RawLine) -> String {
    match limit.per {
        LimitPer::Invoice => l.origin.map(|o| ctx.invoices[o].doc.id.clone()).unwrap_or_default(),
        LimitPer::Period => period_of(limit_period(ctx, limit, p, r), l.date).name,
    }
}

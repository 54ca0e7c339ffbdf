//! The order keys of the lines the engine writes last, after overrides and level bonuses
//! (see [`super::order`]): holdbacks, releases, draws and draw recoveries.
//!
//! - Phase 5, on the held line's date: a `holdback` (or the `release` of a clawback's held part)
//!   in the order of the line it holds back, found among the part's lines (same agent,
//!   invoice, invoice line, date and plan; its `base` is that line's amount before rounding).
//! - Phase 6, on the date the invoice is paid in full: the `release` of what is still held of a
//!   group (agent, invoice, plan), in the order of the group's first held line (its date, then
//!   its key).
//! - Phase 7, at a period's end: `draw` and `draw_recovery` lines by plan, then by the agent's
//!   first assignment to the plan.
//!
//! A key has four places: the held line's key is packed into two of them (its phase and first
//! place in one, its second and third places in the other; the fourth is 0 for every line a
//! holdback can be about).

use super::order::{days, Index, Key};
use crate::model::result::{LineKindOut, ResultLine};
use crate::model::Date;
use std::collections::HashMap;

/// A held line: its agent, invoice, invoice line, date and plan.
type Held<'l> = (&'l str, Option<&'l str>, Option<u32>, Date, Option<&'l str>);

/// A holdback group: agent, invoice paid (the one refunded, for a credit note) and plan.
type Group<'l> = (&'l str, &'l str, &'l str);

/// Whether a line is one of the late kinds this module keys.
pub fn is_late(l: &ResultLine) -> bool {
    matches!(
        l.kind,
        LineKindOut::Holdback | LineKindOut::Release | LineKindOut::Draw | LineKindOut::DrawRecovery
    )
}

/// Whether a line can be held back: a commission, true-up or clawback under a plan.
fn holdable(l: &ResultLine) -> bool {
    l.plan.is_some() && matches!(l.kind, LineKindOut::Commission | LineKindOut::TrueUp | LineKindOut::Clawback)
}

/// Sets the keys of the late lines in `keys` (which has the keys of every other line).
pub fn key_late_lines(index: &Index, lines: &[ResultLine], keys: &mut [Key]) {
    if !lines.iter().any(is_late) {
        return;
    }
    let mut held: HashMap<Held, Vec<usize>> = HashMap::new();
    let mut groups: HashMap<Group, Vec<usize>> = HashMap::new();
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| holdable(l)) {
        let plan = l.plan.as_deref();
        held.entry((l.agent.as_str(), l.invoice.as_deref(), l.line, l.earned_on, plan))
            .or_default()
            .push(i);
        if let (Some(invoice), Some(plan)) = (l.invoice.as_deref(), plan) {
            groups
                .entry((l.agent.as_str(), index.paid_invoice(invoice), plan))
                .or_default()
                .push(i);
        }
    }
    for (i, l) in lines.iter().enumerate() {
        let paid_release = l.kind == LineKindOut::Release && l.base.is_none();
        keys[i] = match l.kind {
            LineKindOut::Draw | LineKindOut::DrawRecovery => index.draw(l),
            _ if paid_release => {
                let group = (
                    l.agent.as_str(),
                    l.invoice.as_deref().map(|v| index.paid_invoice(v)).unwrap_or_default(),
                    l.plan.as_deref().unwrap_or_default(),
                );
                let first = groups.get(&group).and_then(|list| {
                    list.iter()
                        .copied()
                        .find(|&k| lines[k].earned_on < l.earned_on && !lines[k].amount.0.is_zero())
                });
                match first {
                    Some(k) => [6, days(lines[k].earned_on), packed_a(keys[k]), packed_b(keys[k])],
                    None => [6, u64::MAX, u64::MAX, index.agent(&l.agent)],
                }
            }
            LineKindOut::Holdback | LineKindOut::Release => {
                let base = l.base.map(|b| b.0).unwrap_or_default();
                let source = (l.agent.as_str(), l.invoice.as_deref(), l.line, l.earned_on, l.plan.as_deref());
                // Line amounts are rounded (a cent may move between lines), the base is not: the
                // nearest amount is the line.
                let found = held
                    .get(&source)
                    .and_then(|list| list.iter().copied().min_by_key(|&k| (lines[k].amount.0 - base).abs()));
                match found {
                    Some(k) => [5, packed_a(keys[k]), packed_b(keys[k]), 0],
                    None => [5, u64::MAX, u64::MAX, index.agent(&l.agent)],
                }
            }
            _ => continue,
        };
    }
}

/// A key's phase and first place, in one number.
fn packed_a(k: Key) -> u64 {
    (k[0] << 56) | k[1].min((1 << 56) - 1)
}

/// A key's second and third places, in one number.
fn packed_b(k: Key) -> u64 {
    (k[2].min((1 << 48) - 1) << 16) | k[3].min(0xFFFF)
}

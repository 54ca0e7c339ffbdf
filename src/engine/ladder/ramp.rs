//! Ramped quotas: an assignment's `ramp` lowers the quota of its plan's quota ladders in the
//! first periods of the assignment (a new hire's first quarter at 25 % of the quota, say).
//!
//! The ramp counts the ladder's own periods from the one containing the assignment's `from`
//! (the first), and holds only while the assignment does: each assignment ramps from its own
//! `from` and stops with it. Only period ladders with a `quota` ramp; bounds written with
//! `from_attainment` follow the ramped quota, bounds written with `from` and `to` do not. A
//! period's quota is set when it opens: by the assignment to the plan in force on the date of
//! the first sale counted in it (see [`super::period`]).

use super::tiers::Tiers;
use crate::engine::arith::pct;
use crate::engine::period::{period_of, PeriodKind};
use crate::error::{pointer, ErrorCode, Problems};
use crate::model::plan::{Assignment, PlanDoc, Scope};
use crate::model::{Date, Id};
use chrono::Duration;
use rust_decimal::Decimal;

/// The ramp percent in force for the ladder period (of `kind`) containing `date`, for an agent
/// whose assignments (indexes into the document's, in document order) are `assignments`,
/// earning under the plan `plan`: from the first of them to that plan that covers `date`,
/// `None` when none does, it has no ramp or the period is past its ramp.
pub fn percent(doc: &PlanDoc, assignments: &[usize], plan: &Id, kind: PeriodKind, date: Date) -> Option<Decimal> {
    let a = assignments
        .iter()
        .map(|&k| &doc.assignments[k])
        .find(|a| &a.plan == plan && covers(a, date))?;
    let first = period_of(kind, a.from?);
    let target = period_of(kind, date);
    let mut period = first;
    for step in &a.ramp {
        if period.from == target.from {
            return Some(step.0);
        }
        period = period_of(kind, period.thru.checked_add_signed(Duration::days(1))?);
    }
    None
}

/// True when the assignment covers `date`.
fn covers(a: &Assignment, date: Date) -> bool {
    a.from.map(|f| f <= date).unwrap_or(true) && a.thru.map(|t| date <= t).unwrap_or(true)
}

/// `tiers` with the quota at `percent` of its own, `None` when the ladder does not ramp (no
/// quota, or not period scope).
pub fn ramped(tiers: &Tiers, ladder: &crate::model::plan::Ladder, percent: Decimal) -> Option<Tiers> {
    let quota = tiers.quota.filter(|_| tiers.scope == Scope::Period)?;
    Some(Tiers::compile_with(ladder, pct(quota, percent).ok()))
}

/// Checks every assignment's ramp: it needs `from`; each percent is more than 0 and at most
/// 100; and the assigned plan's quota ladders keep increasing tier bounds at each percent.
pub fn check(doc: &PlanDoc, plans: &std::collections::HashMap<Id, usize>, p: &mut Problems) {
    let inv = ErrorCode::InvalidPlan;
    for (i, a) in doc.assignments.iter().enumerate().filter(|(_, a)| !a.ramp.is_empty()) {
        let at = |k: Option<usize>| match k {
            Some(k) => pointer(["assignments", &i.to_string(), "ramp", &k.to_string()]),
            None => pointer(["assignments", &i.to_string(), "ramp"]),
        };
        if a.from.is_none() {
            p.push(
                inv,
                at(None),
                "a ramp counts periods from the assignment's `from`, which it needs",
            );
        }
        for (k, step) in a.ramp.iter().enumerate() {
            if step.0 <= Decimal::ZERO || step.0 > Decimal::ONE_HUNDRED {
                p.push(inv, at(Some(k)), "a ramp percent is more than 0 and at most 100");
                continue;
            }
            let Some(plan) = plans.get(&a.plan).map(|&x| &doc.plans[x]) else {
                continue;
            };
            for rule in &plan.rules {
                let Some(ladder) = &rule.ladder else { continue };
                let tiers = Tiers::compile(ladder);
                if ramped(&tiers, ladder, step.0).is_some_and(|t| !t.increasing()) {
                    p.push(
                        inv,
                        at(Some(k)),
                        format!(
                            "at {} % of the quota, the tier bounds of rule `{}` no longer increase (a `from` lies above a `from_attainment`)",
                            step.0.normalize(),
                            rule.id
                        ),
                    );
                }
            }
        }
    }
}

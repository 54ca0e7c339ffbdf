//! The `what_if` report: the difference hypothetical invoices make to each agent's total, and
//! every ladder tier and partner level they cross.

use crate::model::result::{
    AgentTotal, CalcResult, Crossing, LadderReport, LevelReport, WhatIfAgent, WhatIfChange, WhatIfReport,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One side (without or with the hypothetical invoices) of a what-if.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// Agents' totals.
    pub totals: &'a [AgentTotal],
    /// Ladders.
    pub ladders: &'a [LadderReport],
    /// Level reports.
    pub levels: &'a [LevelReport],
}

impl<'a> Side<'a> {
    /// The side of a result.
    pub fn of(r: &'a CalcResult) -> Side<'a> {
        Side {
            totals: &r.totals,
            ladders: &r.ladders,
            levels: &r.levels,
        }
    }
}

/// The report of the difference between `before` and `after`: the agents whose total or the
/// sum of a line kind changed (by agent id, with the kinds that changed), the overall delta, and the crossings (by agent, then kind, then rule): a
/// period ladder whose tier differs (a ladder that did not exist before starts at tier 1), or
/// a qualified level that differs.
pub fn what_if_report(before: Side, after: Side) -> WhatIfReport {
    let (agents, delta) = changed_totals(before, after);
    WhatIfReport {
        delta: delta.into(),
        agents,
        crossings: crossings(before, after),
    }
}

/// The crossings from `before` to `after`, by agent, then kind, then rule: each period ladder
/// whose tier differs, each qualified level that differs, and each next level review that would
/// set another level.
pub fn crossings(before: Side, after: Side) -> Vec<Crossing> {
    let mut crossings = tier_crossings(before, after);
    crossings.extend(level_crossings(before, after));
    crossings.sort_by(|x, y| (&x.agent, &x.kind, &x.rule).cmp(&(&y.agent, &y.kind, &y.rule)));
    crossings
}

/// The agents whose total or the sum of a line kind changed, by agent id, and the overall
/// delta, all at the largest scale of the totals.
fn changed_totals(before: Side, after: Side) -> (Vec<WhatIfAgent>, Decimal) {
    type Sums<'a> = (Decimal, Decimal, BTreeMap<&'a str, (Decimal, Decimal)>);
    let mut totals: BTreeMap<&str, Sums> = BTreeMap::new();
    for t in before.totals {
        let e = totals.entry(&t.agent).or_default();
        e.0 = t.amount.0;
        for (k, v) in &t.by_kind {
            e.2.entry(k).or_default().0 = v.0;
        }
    }
    for t in after.totals {
        let e = totals.entry(&t.agent).or_default();
        e.1 = t.amount.0;
        for (k, v) in &t.by_kind {
            e.2.entry(k).or_default().1 = v.0;
        }
    }
    let scale = after
        .totals
        .iter()
        .chain(before.totals)
        .map(|t| t.amount.0.scale())
        .max()
        .unwrap_or(0);
    let mut delta = Decimal::ZERO;
    let mut agents = Vec::new();
    for (agent, (b, f, kinds)) in totals {
        let by_kind: BTreeMap<String, WhatIfChange> = kinds
            .into_iter()
            .filter(|(_, (b, f))| b != f)
            .map(|(k, (b, f))| (k.to_string(), change(b, f, scale)))
            .collect();
        if b == f && by_kind.is_empty() {
            continue;
        }
        let c = change(b, f, scale);
        delta = delta.saturating_add(c.delta.0);
        agents.push(WhatIfAgent {
            agent: agent.to_string(),
            before: c.before,
            after: c.after,
            delta: c.delta,
            by_kind,
        });
    }
    delta.rescale(scale);
    (agents, delta)
}

/// `before` and `after` at `scale`, and their difference.
fn change(mut b: Decimal, mut f: Decimal, scale: u32) -> WhatIfChange {
    b.rescale(scale);
    f.rescale(scale);
    // Totals are sums of rounded lines, far inside the decimal range; saturate rather than
    // panic should two of them still not subtract.
    let mut d = f.checked_sub(b).unwrap_or(if f > b { Decimal::MAX } else { Decimal::MIN });
    d.rescale(scale);
    WhatIfChange {
        before: b.into(),
        after: f.into(),
        delta: d.into(),
    }
}

/// The period ladders whose tier differs (a ladder that did not exist before starts at tier 1).
fn tier_crossings(before: Side, after: Side) -> Vec<Crossing> {
    let mut crossings = Vec::new();
    for l in after.ladders.iter().filter(|l| l.invoice.is_none()) {
        let prior = before
            .ladders
            .iter()
            .find(|x| x.agent == l.agent && x.plan == l.plan && x.rule == l.rule && x.period == l.period)
            .map(|x| x.tier)
            .unwrap_or(1);
        if prior != l.tier {
            crossings.push(Crossing {
                agent: l.agent.clone(),
                kind: "tier".into(),
                rule: Some(l.rule.clone()),
                period: l.period.clone(),
                from: prior.to_string(),
                to: l.tier.to_string(),
            });
        }
    }
    crossings
}

/// The agents whose qualified level differs, and those whose next level review would set
/// another level (kind `review`, with the review's period).
fn level_crossings(before: Side, after: Side) -> Vec<Crossing> {
    let mut crossings = Vec::new();
    for l in after.levels {
        let was = before.levels.iter().find(|x| x.agent == l.agent);
        let prior = was.and_then(|x| x.qualified.clone());
        if let Some(next) = &l.next_review {
            let prior_review = was.and_then(|x| x.next_review.as_ref()).and_then(|r| r.level.clone());
            if prior_review != next.level {
                crossings.push(Crossing {
                    agent: l.agent.clone(),
                    kind: "review".into(),
                    rule: None,
                    period: Some(next.period.clone()),
                    from: prior_review.unwrap_or_default(),
                    to: next.level.clone().unwrap_or_default(),
                });
            }
        }
        if prior != l.qualified {
            crossings.push(Crossing {
                agent: l.agent.clone(),
                kind: "level".into(),
                rule: None,
                period: None,
                from: prior.unwrap_or_default(),
                to: l.qualified.clone().unwrap_or_default(),
            });
        }
    }
    crossings
}

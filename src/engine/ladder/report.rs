//! Where an agent stands on a ladder: the measure so far, the tier and rate reached, the
//! attainment of the quota, every breakpoint and what is missing to reach the next one.

use super::invoice::InvoiceLadder;
use super::period::PeriodLadder;
use super::tiers::Tiers;
use crate::engine::arith::{div, mul, sub};
use crate::engine::compile::Pay;
use crate::engine::context::Context;
use crate::engine::filter::Filter;
use crate::model::options::Options;
use crate::model::plan::{Measure, Scope};
use crate::model::result::{Breakpoint, LadderReport, NextBreakpoint};
use crate::model::Id;
use crate::money::{round, RoundingMode};
use rust_decimal::Decimal;

/// Where a ladder accumulator stands.
pub struct Standing<'a> {
    /// The agent.
    pub agent: &'a Id,
    /// The plan.
    pub plan: &'a Id,
    /// The rule.
    pub rule: &'a Id,
    /// The period's name (period scope).
    pub period: Option<String>,
    /// The invoice (scopes below period).
    pub invoice: Option<Id>,
    /// The product or category key.
    pub key: Option<Id>,
    /// The measure accumulated.
    pub volume: Decimal,
    /// The ramp percent of the quota, when an assignment's ramp lowers it for the period.
    pub ramp: Option<Decimal>,
}

/// The report of one ladder accumulator; amounts at the plan's `scale`.
pub fn report(tiers: &Tiers, s: Standing, scale: u32) -> LadderReport {
    let fmt = |v: Decimal| match tiers.measure {
        Measure::Amount => {
            let mut r = round(v, scale, RoundingMode::HalfUp);
            r.rescale(scale);
            r
        }
        Measure::Quantity => v.normalize(),
    };
    let tier = tiers.tier_at(s.volume);
    // The next written tier above (a gap is no goal to reach).
    let next = tiers
        .tiers
        .iter()
        .skip(tier + 1)
        .find(|t| t.number.is_some())
        .map(|t| NextBreakpoint {
            at: t.from.normalize().into(),
            missing: fmt(sub(t.from, s.volume).unwrap_or_default()).into(),
            rate: t.rate.value().normalize().into(),
        });
    let attainment = tiers.quota.map(|q| {
        let a = div(mul(s.volume, Decimal::ONE_HUNDRED).unwrap_or_default(), q).unwrap_or_default();
        let mut r = round(a, 2, RoundingMode::HalfUp);
        r.rescale(2);
        r.into()
    });
    LadderReport {
        agent: s.agent.clone(),
        plan: s.plan.clone(),
        rule: s.rule.clone(),
        scope: tiers.scope,
        period: if tiers.scope == Scope::Period { s.period } else { None },
        invoice: s.invoice,
        key: s.key,
        measure: tiers.measure,
        volume: fmt(s.volume).into(),
        tier: tiers.label(tier),
        rate: tiers.tiers[tier].rate.value().normalize().into(),
        attainment,
        quota: s.ramp.and(tiers.quota).map(|q| fmt(q).into()),
        ramp: s.ramp.map(|p| p.normalize().into()),
        breakpoints: tiers
            .tiers
            .iter()
            .map(|t| Breakpoint {
                at: t.from.normalize().into(),
                rate: t.rate.value().normalize().into(),
            })
            .collect(),
        next,
    }
}

/// The reports of every ladder of the selected agents: period ladders first, then the ladders
/// of each invoice (scopes below period).
pub fn reports(ctx: &Context, options: &Options, periods: &[PeriodLadder], invoices: &[InvoiceLadder]) -> Vec<LadderReport> {
    let scale = ctx.plan.scale;
    let filter = Filter::new(ctx, options);
    let mut out = Vec::new();
    let mut push = |agent: usize,
                    plan: usize,
                    rule: usize,
                    period: Option<String>,
                    invoice: Option<usize>,
                    key: Option<Id>,
                    volume: Decimal,
                    ramp: Option<&(Decimal, Tiers)>| {
        let Pay::Ladder(tiers) = &ctx.plan.pay[plan][rule] else {
            return;
        };
        let tiers = ramp.map(|(_, t)| t).unwrap_or(tiers);
        if !filter.agent(agent) {
            return;
        }
        let doc = &ctx.plan.doc.plans[plan];
        let standing = Standing {
            agent: ctx.agent_id(agent),
            plan: &doc.id,
            rule: &doc.rules[rule].id,
            period,
            invoice: invoice.map(|i| ctx.invoices[i].doc.id.clone()),
            key: key.filter(|_| tiers.scope != Scope::Line),
            volume,
            ramp: ramp.map(|(p, _)| *p),
        };
        out.push(report(tiers, standing, scale));
    };
    // `from`/`thru` keep the periods that overlap them, and the ladders of invoices dated within.
    for s in periods.iter().filter(|s| filter.overlaps(s.period.from, s.period.thru)) {
        push(
            s.agent,
            s.plan,
            s.rule,
            Some(s.period.name.clone()),
            None,
            None,
            s.settler.volume,
            s.ramp.as_ref(),
        );
    }
    for l in invoices.iter().filter(|l| filter.date(ctx.invoices[l.invoice].doc.date)) {
        push(l.agent, l.plan, l.rule, None, Some(l.invoice), l.key.clone(), l.volume, None);
    }
    out
}

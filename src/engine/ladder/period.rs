//! Period-scope ladders: every agent's stretches of volume settled in date order within each
//! calendar period, each line with the cumulative measure that includes it. Retroactive ladders
//! pay `true_up` lines when a stretch lifts the period into a higher tier; tier bonuses are paid
//! when reached. The lines of one period share one rounding stream, so the period always totals
//! the formula applied to its whole volume.

use super::settle::{Settled, Settler};
use super::tiers::{split, Tiers};
use crate::engine::arith::Overflow;
use crate::engine::attribution::Unit;
use crate::engine::compile::Pay;
use crate::engine::context::Context;
use crate::engine::explain::{money, plain};
use crate::engine::lines::{RawLine, Writer};
use crate::engine::period::{period_of, Period, PeriodKind};
use crate::model::plan::{LadderMode, Measure};
use crate::model::result::LineKindOut;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A stretch of a period ladder's measure, earned at a date.
#[derive(Clone, Debug)]
pub struct VolumeEvent {
    /// The unit (index into the units).
    pub unit: usize,
    /// The rule (index within the unit's plan).
    pub rule: usize,
    /// The item's document (invoice or credit note).
    pub doc: usize,
    /// The item's line index.
    pub line_ix: u32,
    /// When it is earned.
    pub date: Date,
    /// The date whose period the stretch counts in (see [`crate::engine::credit_notes::period_date`]).
    pub period_date: Date,
    /// The agent's share of the measure.
    pub measure: Decimal,
    /// The agent's share of the base.
    pub base: Decimal,
    /// The agent's share of the quantity.
    pub quantity: Decimal,
    /// Emission order, for ties.
    pub seq: usize,
}

/// The final state of one period ladder accumulator.
#[derive(Clone, Debug)]
pub struct PeriodLadder {
    /// The agent (index).
    pub agent: usize,
    /// The plan (index).
    pub plan: usize,
    /// The rule (index).
    pub rule: usize,
    /// The period.
    pub period: Period,
    /// The accumulated state.
    pub settler: Settler,
    /// The ramp in force for the period (a quota ladder in the first periods of a ramped
    /// assignment): its percent and the ladder at that part of the quota.
    pub ramp: Option<(Decimal, Tiers)>,
}

/// The ramp of a period ladder opened by the stretch `e` of `unit` (see [`super::ramp`]).
fn ramp_of(ctx: &Context, unit: &Unit, e: &VolumeEvent, tiers: &Tiers, kind: PeriodKind) -> Option<(Decimal, Tiers)> {
    let doc = &ctx.plan.doc;
    let plan = &doc.plans[unit.plan];
    let assignments = ctx.plan.assignments.get(&ctx.agent(unit.agent).id)?;
    let percent = super::ramp::percent(doc, assignments, &plan.id, kind, e.period_date)?;
    let ladder = plan.rules[e.rule].ladder.as_ref()?;
    super::ramp::ramped(tiers, ladder, percent).map(|t| (percent, t))
}

/// (agent, plan, rule, period name) → (state index, line stream, bonus stream).
type Accumulators = HashMap<(usize, usize, usize, String), (usize, u64, u64)>;

/// Settles the volume events, writing their lines; returns the final state of each period
/// ladder. An overflow names the invoice of the event's unit.
pub fn settle(
    ctx: &Context,
    units: &[Unit],
    mut events: Vec<VolumeEvent>,
    writer: &mut Writer,
) -> Result<Vec<PeriodLadder>, (usize, Overflow)> {
    events.sort_by_key(|e| (e.date, e.seq));
    let mut states: Vec<PeriodLadder> = Vec::new();
    let mut index: Accumulators = HashMap::new();
    for e in &events {
        let unit = &units[e.unit];
        let Pay::Ladder(tiers) = &ctx.plan.pay[unit.plan][e.rule] else {
            continue;
        };
        let Some(kind) = tiers.period else { continue };
        let period = period_of(kind.into(), e.period_date);
        let key = (unit.agent, unit.plan, e.rule, period.name.clone());
        let (s, stream, bonus_stream) = *index.entry(key).or_insert_with(|| {
            states.push(PeriodLadder {
                agent: unit.agent,
                plan: unit.plan,
                rule: e.rule,
                period: period.clone(),
                settler: Settler::default(),
                ramp: ramp_of(ctx, unit, e, tiers, kind.into()),
            });
            (states.len() - 1, writer.stream(), writer.stream())
        });
        let state = &mut states[s];
        let tiers = state.ramp.as_ref().map(|(_, t)| t).unwrap_or(tiers);
        let settled = state
            .settler
            .push(tiers, e.measure, e.base, e.quantity)
            .map_err(|o| (unit.invoice, o))?;
        let stretch = Stretch {
            ctx,
            unit,
            e,
            tiers,
            ramp: state.ramp.as_ref().map(|(p, _)| *p),
            settled: &settled,
            period: &period,
        };
        stretch.write(writer, stream, bonus_stream);
    }
    Ok(states)
}

/// One settled stretch of a period ladder, to write.
struct Stretch<'s, 'a> {
    ctx: &'s Context<'a>,
    unit: &'s Unit,
    e: &'s VolumeEvent,
    tiers: &'s Tiers,
    /// The ramp percent of the period's quota, if ramped.
    ramp: Option<Decimal>,
    settled: &'s Settled,
    period: &'s Period,
}

impl Stretch<'_, '_> {
    /// Writes the stretch's own line, its true-up and its tier bonuses.
    fn write(&self, writer: &mut Writer, stream: u64, bonus_stream: u64) {
        let settled = self.settled;
        if !settled.own.is_zero() {
            let kind = if settled.own >= Decimal::ZERO {
                LineKindOut::Commission
            } else {
                LineKindOut::Clawback
            };
            let explain = writer.explain(|| self.own_text());
            let line = RawLine {
                base: Some(self.e.base),
                explain,
                ..self.line(kind, settled.own, stream)
            };
            writer.push(line);
        }
        if !settled.true_up.is_zero() {
            let explain = writer.explain(|| self.true_up_text());
            let line = RawLine {
                explain,
                ..self.line(LineKindOut::TrueUp, settled.true_up, stream)
            };
            writer.push(line);
        }
        for &(t, bonus) in &settled.bonuses {
            let explain = writer.explain(|| self.bonus_text(t, bonus));
            let line = RawLine {
                rate: None,
                tier: Some(self.tiers.label(t)),
                explain,
                ..self.line(LineKindOut::Bonus, bonus, bonus_stream)
            };
            writer.push(line);
        }
    }

    /// A line of the stretch, at its tier and rate.
    fn line(&self, kind: LineKindOut, amount: Decimal, stream: u64) -> RawLine {
        let (unit, e) = (self.unit, self.e);
        RawLine {
            invoice: Some(e.doc),
            origin: Some(unit.invoice),
            line: Some(e.line_ix),
            plan: Some(unit.plan),
            rule: Some(e.rule),
            role: unit.role.clone(),
            rate: Some(self.tiers.tiers[self.settled.tier].rate.value()),
            tier: Some(self.tiers.label(self.settled.tier)),
            what_if: self.ctx.invoices[e.doc].what_if,
            ..RawLine::new(unit.agent, kind, e.date, amount, stream)
        }
    }

    /// "5 % of 2,000.00, tier 2 of the 2026-Q1 volume ladder `quarterly` (volume 12,000.00 on ...)".
    fn own_text(&self) -> String {
        let (ctx, e, tiers, settled) = (self.ctx, self.e, self.tiers, self.settled);
        let scale = ctx.plan.scale;
        let head = if tiers.mode == LadderMode::Graduated && settled.slices.len() > 1 {
            let bases = split(&settled.slices, e.base).unwrap_or_default();
            let parts: Vec<String> = settled
                .slices
                .iter()
                .zip(bases)
                .map(|(sl, b)| tiers.on(sl.tier, b, scale))
                .collect();
            parts.join(" + ")
        } else {
            tiers.tiers[settled.tier].rate.on(e.base, scale)
        };
        let refund = if e.doc != self.unit.invoice {
            format!(" (credit note `{}`)", ctx.invoices[e.doc].doc.id)
        } else {
            String::new()
        };
        let volume_text = volume(tiers, settled.volume_after, scale);
        let when = if tiers.tier_at(settled.volume_before) != settled.tier {
            format!("reached on {} (volume {volume_text})", e.date)
        } else {
            format!("(volume {volume_text} on {})", e.date)
        };
        format!(
            "{head}{refund}, {} of the {} {} ladder `{}`{} {when}",
            tiers.name(settled.tier),
            self.period.name,
            measure_word(tiers),
            self.rule_id(),
            self.ramp_text()
        )
    }

    /// " at a ramped quota of 50,000.00 (50 %)" in a ramped period, else nothing.
    fn ramp_text(&self) -> String {
        match (self.ramp, self.tiers.quota) {
            (Some(p), Some(q)) => format!(
                " at a ramped quota of {} ({} %)",
                money(q, self.ctx.plan.scale),
                p.normalize()
            ),
            _ => String::new(),
        }
    }

    /// Why a retroactive ladder trues up the period's earlier lines.
    fn true_up_text(&self) -> String {
        let scale = self.ctx.plan.scale;
        let settled = self.settled;
        format!(
            "true-up: the {} volume of {} is in {} ({}); earlier lines of the period now pay that rate",
            self.period.name,
            volume(self.tiers, settled.volume_after, scale),
            self.tiers.name(settled.tier),
            self.tiers.tiers[settled.tier].rate.text(scale)
        )
    }

    /// A tier bonus reached (positive) or lost (negative).
    fn bonus_text(&self, tier: usize, bonus: Decimal) -> String {
        let verb = if bonus >= Decimal::ZERO { "reached" } else { "lost" };
        format!(
            "bonus of {} for {} of the {} ladder `{}`, {verb} on {}",
            money(bonus.abs(), self.ctx.plan.scale),
            self.tiers.name(tier),
            self.period.name,
            self.rule_id(),
            self.e.date
        )
    }

    /// The id of the ladder's rule.
    fn rule_id(&self) -> &str {
        &self.ctx.plan.doc.plans[self.unit.plan].rules[self.e.rule].id
    }
}

/// What the ladder's measure is called in an explanation.
fn measure_word(tiers: &Tiers) -> &'static str {
    match tiers.measure {
        Measure::Amount => "volume",
        Measure::Quantity => "quantity",
    }
}

/// A measure as it reads in an explanation (money for amounts).
fn volume(tiers: &Tiers, v: Decimal, scale: u32) -> String {
    match tiers.measure {
        Measure::Amount => money(v, scale),
        Measure::Quantity => plain(v),
    }
}

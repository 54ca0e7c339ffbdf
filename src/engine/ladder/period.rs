//! Period-scope ladders: every agent's stretches of volume settled in date order within each
//! calendar period, each line with the cumulative measure that includes it. Retroactive ladders
//! pay `true_up` lines when a stretch lifts the period into a higher tier; tier bonuses are paid
//! when reached. The lines of one period share one rounding stream, so the period always totals
//! the formula applied to its whole volume.

use super::settle::Settler;
use super::tiers::{split, Tiers};
use crate::engine::arith::Overflow;
use crate::engine::attribution::Unit;
use crate::engine::compile::Pay;
use crate::engine::context::Context;
use crate::engine::explain::{money, plain};
use crate::engine::lines::{RawLine, Streams};
use crate::engine::period::{period_of, Period};
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
}

/// (agent, plan, rule, period name) → (state index, line stream, bonus stream).
type Accumulators = HashMap<(usize, usize, usize, String), (usize, u64, u64)>;

/// Settles the volume events; returns the lines and the final state of each period ladder.
pub fn settle(
    ctx: &Context,
    units: &[Unit],
    mut events: Vec<VolumeEvent>,
    explain: bool,
    streams: &mut Streams,
) -> Result<(Vec<RawLine>, Vec<PeriodLadder>), (usize, Overflow)> {
    events.sort_by_key(|e| (e.date, e.seq));
    let mut lines = Vec::new();
    let mut states: Vec<PeriodLadder> = Vec::new();
    let mut index: Accumulators = HashMap::new();
    let scale = ctx.plan.scale;
    for e in events {
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
            });
            (states.len() - 1, streams.next(), streams.next())
        });
        let settled = states[s]
            .settler
            .push(tiers, e.measure, e.base, e.quantity)
            .map_err(|o| (unit.invoice, o))?;
        let rule = &ctx.plan.doc.plans[unit.plan].rules[e.rule];
        let tier = &tiers.tiers[settled.tier];
        let what_if = ctx.invoices[e.doc].what_if;
        let volume_text = volume(tiers, settled.volume_after, scale);
        let line = |kind, amount, base, text: Option<String>, stream| RawLine {
            agent: unit.agent,
            kind,
            invoice: Some(e.doc),
            origin: Some(unit.invoice),
            line: Some(e.line_ix),
            plan: Some(unit.plan),
            rule: Some(e.rule),
            role: unit.role.clone(),
            date: e.date,
            base,
            rate: Some(tier.rate.value()),
            amount,
            tier: Some(tiers.label(settled.tier)),
            from_agent: None,
            what_if,
            explain: text,
            stream,
        };
        if !settled.own.is_zero() {
            let kind = if settled.own >= Decimal::ZERO {
                LineKindOut::Commission
            } else {
                LineKindOut::Clawback
            };
            let text = explain.then(|| {
                let graduated = tiers.mode == LadderMode::Graduated;
                let head = if graduated && settled.slices.len() > 1 {
                    let bases = split(&settled.slices, e.base).unwrap_or_default();
                    let parts: Vec<String> = settled
                        .slices
                        .iter()
                        .zip(bases)
                        .map(|(sl, b)| tiers.on(sl.tier, b, scale))
                        .collect();
                    parts.join(" + ")
                } else {
                    tier.rate.on(e.base, scale)
                };
                let refund = if e.doc != unit.invoice {
                    format!(" (credit note `{}`)", ctx.invoices[e.doc].doc.id)
                } else {
                    String::new()
                };
                let crossed = tiers.tier_at(settled.volume_before) != settled.tier;
                let when = if crossed {
                    format!("reached on {} (volume {volume_text})", e.date)
                } else {
                    format!("(volume {volume_text} on {})", e.date)
                };
                format!(
                    "{head}{refund}, {} of the {} {} ladder `{}` {when}",
                    tiers.name(settled.tier),
                    period.name,
                    measure_word(tiers),
                    rule.id
                )
            });
            lines.push(line(kind, settled.own, Some(e.base), text, stream));
        }
        if !settled.true_up.is_zero() {
            let text = explain.then(|| {
                format!(
                    "true-up: the {} volume of {volume_text} is in {} ({}); earlier lines of the period now pay that rate",
                    period.name,
                    tiers.name(settled.tier),
                    tiers.tiers[settled.tier].rate.text(scale)
                )
            });
            lines.push(line(LineKindOut::TrueUp, settled.true_up, None, text, stream));
        }
        for (t, bonus) in settled.bonuses {
            let text = explain.then(|| {
                let verb = if bonus >= Decimal::ZERO { "reached" } else { "lost" };
                format!(
                    "bonus of {} for {} of the {} ladder `{}`, {verb} on {}",
                    money(bonus.abs(), scale),
                    tiers.name(t),
                    period.name,
                    rule.id,
                    e.date
                )
            });
            let mut l = line(LineKindOut::Bonus, bonus, None, text, bonus_stream);
            l.rate = None;
            l.tier = Some(tiers.label(t));
            lines.push(l);
        }
    }
    Ok((lines, states))
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

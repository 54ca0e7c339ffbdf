//! What each credited agent earns on each invoice, line by line and over time.
//!
//! An invoice and the credit notes that refund it form one set of items
//! ([`crate::engine::credit_notes`]). Each rule that takes an item ([`crate::engine::matching`])
//! prices it once ([`price`]); the invoice's [`timeline`] (its date, its payments, its credit
//! notes) then decides how much of each item is earned by each date, and every change becomes a
//! dated line: `commission` when it rises, `clawback` when it falls. Period-scope ladders are
//! not priced here: their items become volume events, settled in date order across invoices by
//! [`crate::engine::ladder::period`].

pub mod price;
pub mod timeline;

use super::arith::{add, mul, Overflow};
use super::attribution::Unit;
use super::base::BaseCache;
use super::compile::Pay;
use super::context::Context;
use super::credit_notes::{self, Item, Items};
use super::ladder::invoice::{self as invoice_ladder, measure_of, InvoiceLadder};
use super::ladder::period::VolumeEvent;
use super::ladder::tiers::Tiers;
use super::lines::{RawLine, Writer};
use super::matching::{rules_for_line, LineFacts};
use crate::error::{ErrorCode, Problem};
use crate::formula::Formula;
use crate::model::plan::{OverrideOf, Scope, Unmatched};
use crate::model::result::LineKindOut;
use crate::model::Date;
use price::Priced;
use rust_decimal::Decimal;
use timeline::{Change, Timeline};

/// What earning leaves for later stages: period-ladder stretches and ladder states.
#[derive(Debug, Default)]
pub struct Earned {
    /// Period-ladder stretches to settle.
    pub volume: Vec<VolumeEvent>,
    /// Ladders below period scope.
    pub ladders: Vec<InvoiceLadder>,
    /// Lines a formula could not be evaluated on (`formula_error`, at the line's path).
    pub failures: Vec<Problem>,
    /// Commissionable lines no rule matched under a plan that does not ignore them:
    /// (document, line, the plan's `unmatched`).
    pub unmatched: Vec<(usize, u32, Unmatched)>,
}

/// Prices every unit, writing its lines; an overflow names the unit's invoice.
pub fn earn_all(ctx: &Context, units: &[Unit], writer: &mut Writer) -> Result<Earned, (usize, Overflow)> {
    let mut out = Earned::default();
    let mut bases = BaseCache::new(ctx.invoices.len());
    for (u, unit) in units.iter().enumerate() {
        let sale = Sale::new(ctx, unit, u, &mut bases).map_err(|e| (unit.invoice, e))?;
        sale.earn(writer, &mut out).map_err(|e| (unit.invoice, e))?;
    }
    Ok(out)
}

/// One unit's sale: the invoice, with its credit notes, as items along its timeline.
struct Sale<'c, 'a> {
    ctx: &'c Context<'a>,
    unit: &'c Unit,
    /// The unit's index.
    u: usize,
    items: Items<'a>,
    timeline: Timeline,
}

impl<'c, 'a> Sale<'c, 'a> {
    fn new(ctx: &'c Context<'a>, unit: &'c Unit, u: usize, bases: &mut BaseCache) -> Result<Self, Overflow> {
        let plan = &ctx.plan.doc.plans[unit.plan];
        let mut items = credit_notes::items(ctx, unit.invoice, plan.earn_on, bases)?;
        // Lines of commission-free products earn nothing and count in no ladder; `margin_floor`
        // raises each line's margin base (a credit note's line: as the line it refunds).
        items.items.retain(|it| !it.base.free);
        if let Some(floor) = plan.margin_floor {
            for it in &mut items.items {
                it.base.margin = if it.refund {
                    -(-it.base.margin).max(floor.0)
                } else {
                    it.base.margin.max(floor.0)
                };
            }
        }
        let timeline = Timeline::new(ctx, plan.earn_on, unit.invoice, &items)?;
        Ok(Sale {
            ctx,
            unit,
            u,
            items,
            timeline,
        })
    }

    /// Prices the items under each rule that takes them and writes the lines.
    fn earn(&self, writer: &mut Writer, out: &mut Earned) -> Result<(), Overflow> {
        let (ctx, unit) = (self.ctx, self.unit);
        let base_kind = ctx.plan.doc.plans[unit.plan].base;
        for (rule, taken) in self.taken_by_rule(out).iter().enumerate() {
            if taken.is_empty() {
                continue;
            }
            let priced: Vec<Priced> = match &ctx.plan.pay[unit.plan][rule] {
                Pay::Ladder(tiers) if tiers.scope == Scope::Period => {
                    self.volume(rule, tiers, taken, &mut out.volume)?;
                    continue;
                }
                Pay::Ladder(tiers) => invoice_ladder::price(ctx, unit, rule, tiers, &self.items.items, taken, &mut out.ladders)?
                    .into_iter()
                    .map(|p| Priced::from_ladder(p, tiers))
                    .collect(),
                Pay::Formula(f) => self.formula(rule, f, taken, out)?,
                pay => price::price(pay, &self.items.items, taken, base_kind, unit.share)?,
            };
            self.emit(rule, &priced, writer)?;
        }
        Ok(())
    }

    /// The items each rule of the plan takes (indexes into the items). A credit note's line is
    /// matched as the sale's; an invoice line that no rule without `stack` takes is noted for
    /// `unmatched`.
    fn taken_by_rule(&self, out: &mut Earned) -> Vec<Vec<usize>> {
        let (ctx, unit) = (self.ctx, self.unit);
        let plan = &ctx.plan.doc.plans[unit.plan];
        let first_order = ctx.first_order[unit.invoice];
        let mut by_rule: Vec<Vec<usize>> = vec![Vec::new(); plan.rules.len()];
        for (k, item) in self.items.items.iter().enumerate() {
            let facts = LineFacts {
                line: item.line,
                invoice: ctx.invoices[unit.invoice].doc,
                first_order,
                base: &item.base,
                refund: item.refund,
            };
            let rules = rules_for_line(ctx, unit, &facts);
            if !item.refund && plan.unmatched != Unmatched::Ignore && !rules.iter().any(|(_, winner)| *winner) {
                out.unmatched.push((item.doc, item.line_ix, plan.unmatched));
            }
            for (j, _) in rules {
                by_rule[j].push(k);
            }
        }
        by_rule
    }

    /// Prices the items `taken` by a formula rule: the agent's share of the formula's value on
    /// each line; a line it cannot be evaluated on is a `formula_error` at the line's path.
    fn formula(&self, rule: usize, f: &Formula, taken: &[usize], out: &mut Earned) -> Result<Vec<Priced>, Overflow> {
        let (ctx, unit) = (self.ctx, self.unit);
        let plan = &ctx.plan.doc.plans[unit.plan];
        let r = &plan.rules[rule];
        let mut priced = Vec::with_capacity(taken.len());
        for &k in taken {
            let item = &self.items.items[k];
            match price::formula_on(f, item, plan.base) {
                Ok(v) => {
                    let base = mul(item.base.of(plan.base), unit.share)?;
                    let text = r.formula.as_deref().unwrap_or_default();
                    priced.push(Priced::from_formula(k, base, mul(v, unit.share)?, text));
                }
                Err(e) => out.failures.push(Problem::new(
                    ErrorCode::FormulaError,
                    format!("{}/lines/{}", ctx.invoices[item.doc].path(), item.line_ix),
                    format!("rule `{}`: {e}", r.id),
                )),
            }
        }
        Ok(priced)
    }

    /// The volume events of a period-scope ladder: each item's measure as it is earned.
    fn volume(&self, rule: usize, tiers: &Tiers, taken: &[usize], volume: &mut Vec<VolumeEvent>) -> Result<(), Overflow> {
        let (ctx, unit) = (self.ctx, self.unit);
        let plan = &ctx.plan.doc.plans[unit.plan];
        let invoice_date = ctx.invoices[unit.invoice].doc.date;
        for &k in taken {
            let item = &self.items.items[k];
            let measure = measure_of(tiers, &item.base, plan.base);
            for (_, date, delta) in self.timeline.changes(item)? {
                let w = mul(delta, unit.share)?;
                // The tier is found on the credited volume (`quota_credit`); the rate is paid
                // on the agent's own base.
                let credited = mul(delta, unit.credit)?;
                let seq = volume.len();
                volume.push(VolumeEvent {
                    unit: self.u,
                    rule,
                    doc: item.doc,
                    line_ix: item.line_ix,
                    date,
                    period_date: credit_notes::period_date(item, invoice_date, self.items.standalone_refund, plan.earn_on, date),
                    measure: mul(measure, credited)?,
                    base: mul(item.base.of(plan.base), w)?,
                    quantity: mul(item.base.quantity, w)?,
                    seq,
                });
            }
        }
        Ok(())
    }

    /// Writes each priced item along the timeline. What the rule earns on the invoice changes
    /// at a date only when its items' changes do not cancel out (a credit note under payment
    /// timing can leave it unchanged): a date whose changes sum to zero gives no line, as the
    /// contract asks.
    fn emit(&self, rule: usize, priced: &[Priced], writer: &mut Writer) -> Result<(), Overflow> {
        let mut net_change = vec![Decimal::ZERO; self.timeline.moments.len()];
        for pr in priced {
            for (d, _, delta) in self.timeline.changes(&self.items.items[pr.item])? {
                net_change[d] = add(net_change[d], mul(pr.amount, delta)?)?;
            }
        }
        let carries_base = self.base_overridden(rule);
        for pr in priced {
            let item = &self.items.items[pr.item];
            let changes = self.timeline.changes(item)?;
            if !pr.amount.is_zero() || (carries_base && !pr.base.is_zero()) {
                // A sale that pays nothing itself still carries its base up to the overrides
                // of base (a 0 % seller's uplines earn their differential).
                let stream = writer.stream();
                let keep = |d: usize| pr.amount.is_zero() || !net_change[d].is_zero();
                for &change in changes.iter().filter(|(d, _, _)| keep(*d)) {
                    let line = self.earned_line(rule, pr, item, change, stream, writer)?;
                    writer.push(line);
                }
            }
            if !pr.bonus.is_zero() {
                let stream = writer.stream();
                for &change in &changes {
                    let line = self.bonus_line(rule, pr, item, change, stream, writer)?;
                    writer.push(line);
                }
            }
        }
        Ok(())
    }

    /// Whether the lines of `rule` carry their base to an override of the plan's `of: base`
    /// (the rule that took the sale, not a stacked one): then a sale the rule pays nothing on
    /// still gets its 0.00 line.
    fn base_overridden(&self, rule: usize) -> bool {
        let plan = &self.ctx.plan.doc.plans[self.unit.plan];
        !plan.rules[rule].stack && plan.overrides.iter().any(|o| o.of == OverrideOf::Base)
    }

    /// The line of a priced item's change: a commission, or a clawback when a refund lowers it.
    fn earned_line(
        &self,
        rule: usize,
        pr: &Priced,
        item: &Item,
        change: Change,
        stream: u64,
        writer: &Writer,
    ) -> Result<RawLine, Overflow> {
        let (d, date, delta) = change;
        let value = mul(pr.amount, delta)?;
        // A zero amount (a sale carrying its base to overrides) rises or falls with its base.
        let rising = if value.is_zero() {
            delta >= Decimal::ZERO
        } else {
            value > Decimal::ZERO
        };
        let kind = if rising || (pr.amount < Decimal::ZERO && !item.refund) {
            LineKindOut::Commission
        } else {
            LineKindOut::Clawback
        };
        let base = mul(pr.base, delta)?;
        let explain = writer.explain(|| self.note(pr.describe(self.ctx, item, self.unit, base), item, d));
        Ok(RawLine {
            base: Some(base),
            rate: pr.rate,
            tier: pr.tier.as_ref().map(|t| t.0),
            explain,
            ..self.line(rule, item, kind, date, value, stream)
        })
    }

    /// The line of a ladder's tier bonus gained (or lost) with a priced item's change.
    fn bonus_line(
        &self,
        rule: usize,
        pr: &Priced,
        item: &Item,
        change: Change,
        stream: u64,
        writer: &Writer,
    ) -> Result<RawLine, Overflow> {
        let (d, date, delta) = change;
        let explain = writer.explain(|| {
            let rule_id = &self.ctx.plan.doc.plans[self.unit.plan].rules[rule].id;
            let tier = pr.bonus_tier.unwrap_or(0);
            self.note(format!("bonus for reaching tier {tier} of the {rule_id} ladder"), item, d)
        });
        Ok(RawLine {
            tier: pr.bonus_tier,
            explain,
            ..self.line(rule, item, LineKindOut::Bonus, date, mul(pr.bonus, delta)?, stream)
        })
    }

    /// A line of the unit's agent on an item.
    fn line(&self, rule: usize, item: &Item, kind: LineKindOut, date: Date, amount: Decimal, stream: u64) -> RawLine {
        let unit = self.unit;
        RawLine {
            invoice: Some(item.doc),
            origin: Some(unit.invoice),
            line: Some(item.line_ix),
            plan: Some(unit.plan),
            rule: Some(rule),
            role: unit.role.clone(),
            what_if: self.ctx.invoices[unit.invoice].what_if || self.ctx.invoices[item.doc].what_if,
            ..RawLine::new(unit.agent, kind, date, amount, stream)
        }
    }

    /// An explanation with the item's refund and the timeline's note at date index `d`.
    fn note(&self, mut text: String, item: &Item, d: usize) -> String {
        if item.refund && !self.items.standalone_refund {
            text.push_str(&format!("; refunded by credit note `{}`", self.ctx.invoices[item.doc].doc.id));
        }
        if let Some(n) = &self.timeline.note[d] {
            text.push_str("; ");
            text.push_str(n);
        }
        text
    }
}

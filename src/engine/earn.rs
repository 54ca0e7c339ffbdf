//! What each credited agent earns on each invoice, line by line and over time.
//!
//! An invoice and the credit notes that refund it form one set of items (the credit notes'
//! lines count negative). Each rule prices its items once; the invoice's timeline (its date,
//! its payments, its credit notes) then decides how much of each item is earned by each date,
//! and every change becomes a dated line: `commission` when it rises, `clawback` when it falls.
//! Period-scope ladders are not priced here: their items become volume events, settled in date
//! order across invoices by [`super::ladder::period`].

use super::arith::{add, div, mul, pct, sub, Overflow};
use super::attribution::Unit;
use super::base::BaseCache;
use super::compile::Pay;
use super::context::Context;
use super::credit_notes::{self, invoice_moment, payment_moment, Item, Items, Moment};
use super::explain::{money, plain};
use super::ladder::invoice::{self as invoice_ladder, measure_of, InvoiceLadder, LadderPrice};
use super::ladder::period::VolumeEvent;
use super::ladder::{Rate, Tiers};
use super::lines::{RawLine, Streams};
use super::matching::{rules_for_line, LineFacts};
use crate::error::{ErrorCode, Problem};
use crate::formula::{EvalError, Figures, Formula};
use crate::model::plan::{BaseKind, EarnOn, Scope, Unmatched};
use crate::model::result::LineKindOut;
use crate::model::sales::PaymentStatus;
use crate::model::Date;
use rust_decimal::Decimal;

/// The earnings of every unit: priced lines, volume events and ladder states.
#[derive(Debug, Default)]
pub struct Earned {
    /// The itemized lines (not yet rounded).
    pub lines: Vec<RawLine>,
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

/// How much of the invoice is earned at each of its events.
struct Timeline {
    /// The events (the invoice, its received payments under payment timing, its credit
    /// notes), in the order they are taken.
    moments: Vec<Moment>,
    /// The earned fraction of the invoice at each event (1 under `earn_on: invoice`).
    fraction: Vec<Decimal>,
    /// A readable note on the fraction at each event (payment timing).
    note: Vec<Option<String>>,
}

/// Prices every unit.
pub fn earn_all(ctx: &Context, units: &[Unit], explain: bool, streams: &mut Streams) -> Result<Earned, (usize, Overflow)> {
    let mut out = Earned::default();
    let mut bases = BaseCache::new(ctx.invoices.len());
    for (u, unit) in units.iter().enumerate() {
        earn_unit(ctx, units, u, explain, streams, &mut bases, &mut out).map_err(|e| (unit.invoice, e))?;
    }
    Ok(out)
}

fn earn_unit(
    ctx: &Context,
    units: &[Unit],
    u: usize,
    explain: bool,
    streams: &mut Streams,
    cache: &mut BaseCache,
    out: &mut Earned,
) -> Result<(), Overflow> {
    let unit = &units[u];
    let plan = &ctx.plan.doc.plans[unit.plan];
    let inv_ref = ctx.invoices[unit.invoice];
    let inv = inv_ref.doc;
    let Items {
        items,
        notes: _,
        total,
        refunded,
        standalone_refund,
    } = credit_notes::items(ctx, unit.invoice, plan.earn_on, cache)?;
    // Lines of commission-free products earn nothing and count in no ladder; `margin_floor`
    // raises each line's margin base (a credit note's line: as the line it refunds).
    let mut items = items;
    items.retain(|it| !it.base.free);
    if let Some(floor) = plan.margin_floor {
        for it in &mut items {
            it.base.margin = if it.refund {
                -(-it.base.margin).max(floor.0)
            } else {
                it.base.margin.max(floor.0)
            };
        }
    }
    let timeline = timeline(ctx, plan.earn_on, unit.invoice, total, &refunded, standalone_refund)?;

    // Which rules take each item.
    let first_order = ctx.first_order[unit.invoice];
    let mut by_rule: Vec<Vec<usize>> = vec![Vec::new(); plan.rules.len()];
    for (k, item) in items.iter().enumerate() {
        let facts = LineFacts {
            line: item.line,
            invoice: inv,
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
    let scale = ctx.plan.scale;
    let what_if = inv_ref.what_if;
    for (j, taken) in by_rule.iter().enumerate() {
        if taken.is_empty() {
            continue;
        }
        let rule = &plan.rules[j];
        let base_kind = plan.base;
        let mut priced: Vec<Priced> = Vec::new();
        match &ctx.plan.pay[unit.plan][j] {
            Pay::Percent(p) => {
                for &k in taken {
                    let b = mul(items[k].base.of(base_kind), unit.share)?;
                    priced.push(Priced::plain(k, b, *p, pct(b, *p)?, How::Percent));
                }
            }
            Pay::PerUnit(a) => {
                for &k in taken {
                    let q = mul(items[k].base.quantity, unit.share)?;
                    let b = mul(items[k].base.of(base_kind), unit.share)?;
                    priced.push(Priced::plain(k, b, *a, mul(q, *a)?, How::PerUnit));
                }
            }
            Pay::Fixed(a) => {
                let amount = mul(*a, unit.share)?;
                let mut running = Decimal::ZERO;
                let mut paid = false;
                for &k in taken {
                    let b = items[k].base.of(base_kind);
                    let before = running;
                    running = add(running, b)?;
                    let c = if !paid && running > Decimal::ZERO && !items[k].refund {
                        paid = true;
                        amount
                    } else if paid && items[k].refund && before > Decimal::ZERO && running <= Decimal::ZERO {
                        paid = false;
                        -amount
                    } else {
                        Decimal::ZERO
                    };
                    priced.push(Priced::plain(k, mul(b, unit.share)?, *a, c, How::Fixed));
                }
            }
            Pay::FixedPerLine(a) => priced = fixed_per_line(&items, taken, *a, base_kind, unit.share)?,
            Pay::Formula(f) => {
                for &k in taken {
                    match formula_on(f, &items[k], base_kind) {
                        Ok(v) => {
                            let b = mul(items[k].base.of(base_kind), unit.share)?;
                            let text = rule.formula.clone();
                            priced.push(Priced {
                                rate: None,
                                formula: text,
                                ..Priced::plain(k, b, Decimal::ZERO, mul(v, unit.share)?, How::Formula)
                            });
                        }
                        Err(e) => out.failures.push(Problem::new(
                            ErrorCode::FormulaError,
                            format!("{}/lines/{}", ctx.invoices[items[k].doc].path(), items[k].line_ix),
                            format!("rule `{}`: {e}", rule.id),
                        )),
                    }
                }
            }
            Pay::Ladder(tiers) if tiers.scope == Scope::Period => {
                for &k in taken {
                    let item = &items[k];
                    let measure = measure_of(tiers, &item.base, base_kind);
                    for (_, date, delta) in changes(item, &timeline)? {
                        let w = mul(delta, unit.share)?;
                        // The tier is found on the credited volume (`quota_credit`); the rate is
                        // paid on the agent's own base.
                        let credited = mul(delta, unit.credit)?;
                        let seq = out.volume.len();
                        out.volume.push(VolumeEvent {
                            unit: u,
                            rule: j,
                            doc: item.doc,
                            line_ix: item.line_ix,
                            date,
                            period_date: credit_notes::period_date(item, inv.date, standalone_refund, plan.earn_on, date),
                            measure: mul(measure, credited)?,
                            base: mul(item.base.of(base_kind), w)?,
                            quantity: mul(item.base.quantity, w)?,
                            seq,
                        });
                    }
                }
                continue;
            }
            Pay::Ladder(tiers) => {
                priced = invoice_ladder::price(ctx, unit, j, tiers, &items, taken, &mut out.ladders)?
                    .into_iter()
                    .map(|p| Priced::from_ladder(p, tiers))
                    .collect();
            }
        }
        // What the rule earns on the invoice changes at a date only when its items' changes do
        // not cancel out (a credit note under payment timing can leave it unchanged): a date
        // whose changes sum to zero gives no line, as the contract asks.
        let mut net_change = vec![Decimal::ZERO; timeline.moments.len()];
        for pr in &priced {
            for (d, _, delta) in changes(&items[pr.item], &timeline)? {
                net_change[d] = add(net_change[d], mul(pr.amount, delta)?)?;
            }
        }
        // Emit each priced item along the timeline.
        for pr in priced {
            let item = &items[pr.item];
            for (amount, kind, tier_ix) in [
                (pr.amount, None, pr.tier.as_ref().map(|t| t.0)),
                (pr.bonus, Some(LineKindOut::Bonus), pr.bonus_tier.as_ref().map(|t| t.0)),
            ] {
                if amount.is_zero() {
                    continue;
                }
                let stream = streams.next();
                for (d, date, delta) in changes(item, &timeline)? {
                    if kind.is_none() && net_change[d].is_zero() {
                        continue;
                    }
                    let value = mul(amount, delta)?;
                    let line_kind = kind.unwrap_or(if value >= Decimal::ZERO || (amount < Decimal::ZERO && !item.refund) {
                        LineKindOut::Commission
                    } else {
                        LineKindOut::Clawback
                    });
                    let base = mul(pr.base, delta)?;
                    let text = explain.then(|| {
                        let mut t = match kind {
                            Some(_) => format!("bonus for reaching tier {} of the {} ladder", tier_ix.unwrap_or(0), rule.id),
                            None => pr.describe(ctx, item, unit, base, scale),
                        };
                        if item.refund && !standalone_refund {
                            t.push_str(&format!("; refunded by credit note `{}`", ctx.invoices[item.doc].doc.id));
                        }
                        if let Some(n) = &timeline.note[d] {
                            t.push_str("; ");
                            t.push_str(n);
                        }
                        t
                    });
                    out.lines.push(RawLine {
                        agent: unit.agent,
                        kind: line_kind,
                        invoice: Some(item.doc),
                        origin: Some(unit.invoice),
                        line: Some(item.line_ix),
                        plan: Some(unit.plan),
                        rule: Some(j),
                        role: unit.role.clone(),
                        date,
                        base: kind.is_none().then_some(base),
                        rate: if kind.is_none() { pr.rate } else { None },
                        amount: value,
                        tier: tier_ix,
                        from_agent: None,
                        what_if: what_if || ctx.invoices[item.doc].what_if,
                        explain: text,
                        stream,
                    });
                }
            }
        }
    }
    Ok(())
}

/// The part of an item counted at an event: present (its document taken by then) times the
/// earned fraction.
fn factor(item: &Item, moment: Moment, fraction: Decimal) -> Decimal {
    match item.from {
        Some(from) if moment < from => Decimal::ZERO,
        _ => fraction,
    }
}

/// The events at which the counted part of an item changes, with the change: (timeline index,
/// date, change of the factor).
fn changes(item: &Item, timeline: &Timeline) -> Result<Vec<(usize, Date, Decimal)>, Overflow> {
    let mut out = Vec::new();
    let mut prev = Decimal::ZERO;
    for (d, moment) in timeline.moments.iter().enumerate() {
        let f = factor(item, *moment, timeline.fraction[d]);
        let delta = sub(f, prev)?;
        prev = f;
        if !delta.is_zero() {
            out.push((d, moment.0, delta));
        }
    }
    Ok(out)
}

/// The events at which what an invoice has earned can change, and the earned fraction at
/// each. Only `received` payments count.
fn timeline(
    ctx: &Context,
    earn_on: EarnOn,
    invoice: usize,
    total: Decimal,
    refunded: &[(Moment, Decimal)],
    standalone_refund: bool,
) -> Result<Timeline, Overflow> {
    let inv = ctx.invoices[invoice].doc;
    let mut moments: Vec<Moment> = vec![invoice_moment(inv.date)];
    moments.extend(refunded.iter().map(|(m, _)| *m));
    let by_payment = earn_on != EarnOn::Invoice && !standalone_refund;
    let payments: Vec<(Moment, Decimal)> = inv
        .payments
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status == PaymentStatus::Received)
        .map(|(k, p)| (payment_moment(p.date, k), p.amount.0))
        .collect();
    if by_payment {
        moments.extend(payments.iter().map(|(m, _)| *m));
    }
    moments.sort();
    moments.dedup();
    let mut fraction = Vec::with_capacity(moments.len());
    let mut note = Vec::with_capacity(moments.len());
    for &m in &moments {
        if !by_payment {
            fraction.push(Decimal::ONE);
            note.push(None);
            continue;
        }
        let mut paid = Decimal::ZERO;
        for (_, amount) in payments.iter().filter(|(pm, _)| *pm <= m) {
            paid = add(paid, *amount)?;
        }
        let mut refunds = Decimal::ZERO;
        for (_, t) in refunded.iter().filter(|(nm, _)| *nm <= m) {
            refunds = add(refunds, *t)?;
        }
        let due = sub(total, refunds)?;
        let scale = ctx.plan.scale;
        let (f, text) = if paid <= Decimal::ZERO {
            (Decimal::ZERO, None)
        } else if due <= Decimal::ZERO || paid >= due {
            (
                Decimal::ONE,
                Some(format!("paid {} of {} in full", money(paid, scale), money(due, scale))),
            )
        } else if earn_on == EarnOn::Paid {
            (Decimal::ZERO, None)
        } else {
            let f = div(paid, due)?;
            (
                f,
                Some(format!(
                    "paid {} of {} ({} %)",
                    money(paid, scale),
                    money(due, scale),
                    plain((f * Decimal::ONE_HUNDRED).round_dp(2))
                )),
            )
        };
        fraction.push(f);
        note.push(text);
    }
    Ok(Timeline { moments, fraction, note })
}

/// An item priced by a rule, at the whole invoice (before timing).
struct Priced {
    item: usize,
    /// The agent's share of the item's base.
    base: Decimal,
    rate: Option<Decimal>,
    amount: Decimal,
    /// The tier (its number, or in a gap the number below it) and its name in explanations.
    tier: Option<(u32, String)>,
    /// How the amount splits across tiers (graduated ladders): the base part and its rate.
    slices: Vec<(Decimal, Rate)>,
    bonus: Decimal,
    bonus_tier: Option<(u32, String)>,
    how: How,
    /// The formula's text, for a formula's line.
    formula: Option<String>,
}

/// How a priced item's rate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    Percent,
    PerUnit,
    Fixed,
    FixedPerLine,
    Formula,
}

impl Priced {
    /// An item priced by a ladder below period scope.
    fn from_ladder(p: LadderPrice, tiers: &Tiers) -> Priced {
        let tier = |ix: usize| (tiers.label(ix), tiers.name(ix));
        Priced {
            item: p.item,
            base: p.base,
            rate: Some(p.rate.value()),
            amount: p.amount,
            tier: Some(tier(p.tier)),
            slices: p.slices,
            bonus: p.bonus,
            bonus_tier: p.bonus_tier.map(tier),
            how: match p.rate {
                Rate::PerUnit(_) => How::PerUnit,
                Rate::Percent(_) => How::Percent,
            },
            formula: None,
        }
    }
}

impl Priced {
    fn plain(item: usize, base: Decimal, rate: Decimal, amount: Decimal, how: How) -> Priced {
        Priced {
            item,
            base,
            rate: Some(rate),
            amount,
            tier: None,
            slices: Vec::new(),
            bonus: Decimal::ZERO,
            bonus_tier: None,
            how,
            formula: None,
        }
    }

    /// "5 % of 162.00 (60 % share of 2 × 150.00 less 10 %)".
    fn describe(&self, ctx: &Context, item: &Item, unit: &Unit, base: Decimal, scale: u32) -> String {
        let line = item.line;
        let rate = self.rate.unwrap_or_default();
        let mut what = format!(
            "{} × {}",
            plain(line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE)),
            line.unit_price
        );
        if let Some(d) = line.discount_percent.filter(|d| !d.0.is_zero()) {
            what.push_str(&format!(" less {} %", plain(d.0)));
        }
        if let Some(d) = line.discount_amount.filter(|d| !d.0.is_zero()) {
            what.push_str(&format!(" less {}", money(d.0, scale)));
        }
        if item.base.margin != item.base.margin_raw {
            what.push_str(&format!(
                ", margin {} floored at {}",
                money(item.base.margin_raw, scale),
                money(item.base.margin, scale)
            ));
        }
        if unit.overlay {
            what = format!("overlay on {what}");
        } else if unit.share_percent != Decimal::ONE_HUNDRED {
            what = format!("{} % share of {what}", plain(unit.share_percent.round_dp(4)));
        }
        let doc = ctx.invoices[item.doc].doc;
        if let Some(c) = doc.currency.as_ref().filter(|c| **c != ctx.plan.doc.currency) {
            what.push_str(&format!(", {c} at {}", plain(ctx.fx[item.doc])));
        }
        let head = if self.slices.len() > 1 {
            let parts: Vec<String> = self.slices.iter().map(|(b, r)| r.on(*b, scale)).collect();
            format!("{} (of {})", parts.join(" + "), money(base, scale))
        } else {
            match self.how {
                How::Percent => format!("{} % of {}", plain(rate), money(base, scale)),
                How::PerUnit => format!(
                    "{} per unit on {} units",
                    money(rate, scale),
                    plain(mul(item.base.quantity, unit.share).unwrap_or_default())
                ),
                How::Fixed => format!("fixed {} per invoice", money(rate, scale)),
                How::FixedPerLine => format!("fixed {} per line", money(rate, scale)),
                How::Formula => format!("formula `{}`", self.formula.as_deref().unwrap_or_default()),
            }
        };
        match &self.tier {
            Some((_, name)) => format!("{head} ({what}), {name}"),
            None => format!("{head} ({what})"),
        }
    }
}

/// The value of a formula on an item: the line's commission (before the share), for a credit
/// note's line minus what the same line made positive would earn.
fn formula_on(f: &Formula, item: &Item, kind: BaseKind) -> Result<Decimal, EvalError> {
    let b = &item.base;
    let sign = |v: Decimal| if item.refund { -v } else { v };
    let figures = Figures {
        base: sign(b.of(kind)),
        net: sign(b.net),
        gross: sign(b.gross),
        margin: sign(b.margin_raw),
        quantity: sign(b.quantity),
        unit_price: if item.refund {
            item.line.unit_price.0.abs()
        } else {
            item.line.unit_price.0
        },
        unit_cost: b.unit_cost,
        discount_percent: b.discount_percent,
    };
    f.eval(&figures).map(sign)
}

/// Prices `fixed` with `per: "line"`: the amount (times the share) on each invoice line with a
/// positive net; a credit note's line takes back the part of a sold line's amount that it
/// refunds (its net over the sold line's, at most what is left), the sold line found by product.
fn fixed_per_line(
    items: &[Item],
    taken: &[usize],
    fixed: Decimal,
    kind: BaseKind,
    share: Decimal,
) -> Result<Vec<Priced>, Overflow> {
    let amount = mul(fixed, share)?;
    // Each paid line: (item, its net, the fraction of it refunded so far).
    let mut paid: Vec<(usize, Decimal, Decimal)> = Vec::new();
    let mut out = Vec::with_capacity(taken.len());
    for &k in taken {
        let it = &items[k];
        let c = if !it.refund {
            if it.base.net > Decimal::ZERO {
                paid.push((k, it.base.net, Decimal::ZERO));
                amount
            } else {
                Decimal::ZERO
            }
        } else {
            let same = |p: &&mut (usize, Decimal, Decimal)| items[p.0].line.product == it.line.product && p.2 < Decimal::ONE;
            match paid.iter_mut().find(same) {
                Some(sold) => {
                    let fraction = div(it.base.net.abs(), sold.1)?.min(sub(Decimal::ONE, sold.2)?);
                    sold.2 = add(sold.2, fraction)?;
                    -mul(amount, fraction)?
                }
                None => Decimal::ZERO,
            }
        };
        out.push(Priced::plain(k, mul(it.base.of(kind), share)?, fixed, c, How::FixedPerLine));
    }
    Ok(out)
}

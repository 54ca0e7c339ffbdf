//! What each credited agent earns on each invoice, line by line and over time.
//!
//! An invoice and the credit notes that refund it form one set of items (the credit notes'
//! lines count negative). Each rule prices its items once; the invoice's timeline (its date,
//! its payments, its credit notes) then decides how much of each item is earned by each date,
//! and every change becomes a dated line: `commission` when it rises, `clawback` when it falls.
//! Period-scope ladders are not priced here: their items become volume events, settled in date
//! order across invoices by [`super::period_ladder`].

use super::arith::{add, div, mul, sub, Overflow};
use super::base::{invoice_bases, InvoiceBases, LineBase};
use super::compile::Pay;
use super::context::Context;
use super::credit::Unit;
use super::explain::{money, plain};
use super::ladder::{Settler, Tiers};
use super::lines::{RawLine, Streams};
use super::matching::{category_key, rules_for_line, LineFacts};
use crate::model::plan::{EarnOn, LadderMode, Measure, Scope};
use crate::model::result::LineKindOut;
use crate::model::sales::Line;
use crate::model::Date;
use rust_decimal::Decimal;

/// One line of an invoice or of a credit note refunding it.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// The invoice or credit note (index into the context's invoices).
    pub doc: usize,
    /// The line's index in its document.
    pub line_ix: u32,
    /// The line.
    pub line: &'a Line,
    /// The line's bases, negative for a credit note's line (whole invoice, before shares).
    pub base: LineBase,
    /// The date from which the item counts: `None` for an invoice line under payment timing
    /// (the paid fraction decides), else the document's date.
    pub from: Option<Date>,
    /// True for a credit note's line.
    pub refund: bool,
}

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
    /// The date whose period the stretch counts in: its own date, but for a credit note under
    /// `earn_on: invoice` the refunded invoice's date, so that a refund lowers the volume of the
    /// period that counted the sale (the line is still dated at the credit note).
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

/// The final state of a ladder accumulator below period scope, for the ladder report.
#[derive(Clone, Debug)]
pub struct InvoiceLadder {
    /// The unit (index).
    pub unit: usize,
    /// The rule.
    pub rule: usize,
    /// The product or category key (product and category scopes), or the line index.
    pub key: Option<String>,
    /// The measure accumulated.
    pub volume: Decimal,
}

/// The earnings of every unit: priced lines, volume events and ladder states.
#[derive(Debug, Default)]
pub struct Earned {
    /// The itemized lines (not yet rounded).
    pub lines: Vec<RawLine>,
    /// Period-ladder stretches to settle.
    pub volume: Vec<VolumeEvent>,
    /// Ladders below period scope.
    pub ladders: Vec<InvoiceLadder>,
}

/// How much of the invoice is earned at a date.
struct Timeline {
    dates: Vec<Date>,
    /// The earned fraction of the invoice at each date (1 under `earn_on: invoice`).
    fraction: Vec<Decimal>,
    /// A readable note on the fraction at each date (payment timing).
    note: Vec<Option<String>>,
}

/// Prices every unit.
pub fn earn_all(ctx: &Context, units: &[Unit], explain: bool, streams: &mut Streams) -> Result<Earned, (usize, Overflow)> {
    let mut out = Earned::default();
    let mut bases: Vec<Option<InvoiceBases>> = vec![None; ctx.invoices.len()];
    for (u, unit) in units.iter().enumerate() {
        earn_unit(ctx, units, u, explain, streams, &mut bases, &mut out).map_err(|e| (unit.invoice, e))?;
    }
    Ok(out)
}

fn bases_of<'b>(ctx: &Context, cache: &'b mut [Option<InvoiceBases>], i: usize) -> Result<&'b InvoiceBases, Overflow> {
    let slot = &mut cache[i];
    if slot.is_none() {
        *slot = Some(invoice_bases(ctx.invoices[i].doc, ctx.fx[i])?);
    }
    slot.as_ref().ok_or(Overflow)
}

fn negate(b: LineBase) -> LineBase {
    LineBase {
        quantity: -b.quantity,
        amount: -b.amount,
        net: -b.net,
        gross: -b.gross,
        margin: -b.margin,
        ..b
    }
}

/// A credit note's lines as negative sales, and what it refunds (positive). A credit note may be
/// written with positive amounts (what is refunded) or negative ones (negative sales): a
/// document whose total is negative is taken as already negative.
fn refund_lines(b: &InvoiceBases) -> (Vec<LineBase>, Decimal) {
    if b.total < Decimal::ZERO {
        (b.lines.clone(), -b.total)
    } else {
        (b.lines.iter().copied().map(negate).collect(), b.total)
    }
}

fn earn_unit(
    ctx: &Context,
    units: &[Unit],
    u: usize,
    explain: bool,
    streams: &mut Streams,
    cache: &mut [Option<InvoiceBases>],
    out: &mut Earned,
) -> Result<(), Overflow> {
    let unit = &units[u];
    let plan = &ctx.plan.doc.plans[unit.plan];
    let inv_ref = ctx.invoices[unit.invoice];
    let inv = inv_ref.doc;
    let notes: Vec<usize> = ctx.credit_notes.get(&unit.invoice).cloned().unwrap_or_default();
    let refund_sign = if inv.kind == crate::model::sales::InvoiceKind::CreditNote {
        -1
    } else {
        1
    };

    // The items: the invoice's earning lines, then each credit note's, in date order.
    let mut items: Vec<Item> = Vec::new();
    let invoice_from = if plan.earn_on == EarnOn::Invoice || refund_sign < 0 {
        Some(inv.date)
    } else {
        None
    };
    let own = bases_of(ctx, cache, unit.invoice)?;
    let (own_lines, total) = if refund_sign < 0 {
        refund_lines(own)
    } else {
        (own.lines.clone(), own.total)
    };
    for (k, b) in own_lines.iter().enumerate() {
        if b.earns {
            items.push(Item {
                doc: unit.invoice,
                line_ix: k as u32,
                line: &inv.lines[k],
                base: *b,
                from: invoice_from,
                refund: refund_sign < 0,
            });
        }
    }
    let mut refunded_totals: Vec<(Date, Decimal)> = Vec::new();
    for &n in &notes {
        let note = ctx.invoices[n].doc;
        let (lines, refunded) = refund_lines(bases_of(ctx, cache, n)?);
        refunded_totals.push((note.date, refunded));
        for (k, b) in lines.iter().enumerate() {
            if b.earns {
                items.push(Item {
                    doc: n,
                    line_ix: k as u32,
                    line: &note.lines[k],
                    base: *b,
                    from: Some(note.date),
                    refund: true,
                });
            }
        }
    }
    let timeline = timeline(
        ctx,
        plan.earn_on,
        unit.invoice,
        &notes,
        total,
        &refunded_totals,
        refund_sign < 0,
    )?;

    // Which rules take each item.
    let first_order = ctx.first_order[unit.invoice];
    let mut by_rule: Vec<Vec<usize>> = vec![Vec::new(); plan.rules.len()];
    for (k, item) in items.iter().enumerate() {
        let facts = LineFacts {
            line: item.line,
            invoice: ctx.invoices[item.doc].doc,
            first_order,
        };
        for j in rules_for_line(ctx, unit, &facts) {
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
                    priced.push(Priced::plain(k, b, *p, crate::engine::arith::pct(b, *p)?, How::Percent));
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
            Pay::Ladder(tiers) if tiers.scope == Scope::Period => {
                for &k in taken {
                    let item = &items[k];
                    let measure = measure_of(tiers, &item.base, base_kind);
                    for (_, date, delta) in changes(item, &timeline)? {
                        let w = mul(delta, unit.share)?;
                        let seq = out.volume.len();
                        out.volume.push(VolumeEvent {
                            unit: u,
                            rule: j,
                            doc: item.doc,
                            line_ix: item.line_ix,
                            date,
                            period_date: if item.refund && refund_sign > 0 && plan.earn_on == EarnOn::Invoice {
                                inv.date
                            } else {
                                date
                            },
                            measure: mul(measure, w)?,
                            base: mul(item.base.of(base_kind), w)?,
                            quantity: mul(item.base.quantity, w)?,
                            seq,
                        });
                    }
                }
                continue;
            }
            Pay::Ladder(tiers) => {
                priced = price_invoice_ladder(
                    ctx,
                    tiers,
                    rule.when.as_ref(),
                    &items,
                    taken,
                    base_kind,
                    unit.share,
                    u,
                    j,
                    out,
                )?;
            }
        }
        // What the rule earns on the invoice changes at a date only when its items' changes do
        // not cancel out (a credit note under payment timing can leave it unchanged): a date
        // whose changes sum to zero gives no line, as the contract asks.
        let mut net_change = vec![Decimal::ZERO; timeline.dates.len()];
        for pr in &priced {
            for (d, _, delta) in changes(&items[pr.item], &timeline)? {
                net_change[d] = add(net_change[d], mul(pr.amount, delta)?)?;
            }
        }
        // Emit each priced item along the timeline.
        for pr in priced {
            let item = &items[pr.item];
            for (amount, kind, tier_ix) in [
                (pr.amount, None, pr.tier),
                (pr.bonus, Some(LineKindOut::Bonus), pr.bonus_tier),
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
                            Some(_) => format!(
                                "bonus for reaching tier {} of the {} ladder",
                                tier_ix.map(|t| t + 1).unwrap_or(0),
                                rule.id
                            ),
                            None => pr.describe(ctx, item, unit, base, scale),
                        };
                        if item.refund && refund_sign > 0 {
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
                        tier: tier_ix.map(|t| t as u32 + 1),
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

/// The part of an item counted by a date: present (dated by then) times the earned fraction.
fn factor(item: &Item, date: Date, fraction: Decimal) -> Decimal {
    match item.from {
        Some(from) if date < from => Decimal::ZERO,
        _ => fraction,
    }
}

/// The dates at which the counted part of an item changes, with the change: (timeline index,
/// date, change of the factor).
fn changes(item: &Item, timeline: &Timeline) -> Result<Vec<(usize, Date, Decimal)>, Overflow> {
    let mut out = Vec::new();
    let mut prev = Decimal::ZERO;
    for (d, date) in timeline.dates.iter().enumerate() {
        let f = factor(item, *date, timeline.fraction[d]);
        let delta = sub(f, prev)?;
        prev = f;
        if !delta.is_zero() {
            out.push((d, *date, delta));
        }
    }
    Ok(out)
}

/// What an item's measure is on a ladder.
fn measure_of(tiers: &Tiers, base: &LineBase, kind: crate::model::plan::BaseKind) -> Decimal {
    match tiers.measure {
        Measure::Amount => base.of(kind),
        Measure::Quantity => base.quantity,
    }
}

/// The dates at which what an invoice has earned can change, and the earned fraction at each.
fn timeline(
    ctx: &Context,
    earn_on: EarnOn,
    invoice: usize,
    notes: &[usize],
    total: Decimal,
    refunded: &[(Date, Decimal)],
    standalone_refund: bool,
) -> Result<Timeline, Overflow> {
    let inv = ctx.invoices[invoice].doc;
    let mut dates: Vec<Date> = vec![inv.date];
    dates.extend(notes.iter().map(|&n| ctx.invoices[n].doc.date));
    let by_payment = earn_on != EarnOn::Invoice && !standalone_refund;
    if by_payment {
        dates.extend(inv.payments.iter().map(|p| p.date));
    }
    dates.sort();
    dates.dedup();
    let mut fraction = Vec::with_capacity(dates.len());
    let mut note = Vec::with_capacity(dates.len());
    for &d in &dates {
        if !by_payment {
            fraction.push(Decimal::ONE);
            note.push(None);
            continue;
        }
        let mut paid = Decimal::ZERO;
        for p in inv.payments.iter().filter(|p| p.date <= d) {
            paid = add(paid, p.amount.0)?;
        }
        let mut refunds = Decimal::ZERO;
        for (_, t) in refunded.iter().filter(|(nd, _)| *nd <= d) {
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
    Ok(Timeline { dates, fraction, note })
}

/// An item priced by a rule, at the whole invoice (before timing).
struct Priced {
    item: usize,
    /// The agent's share of the item's base.
    base: Decimal,
    rate: Option<Decimal>,
    amount: Decimal,
    tier: Option<usize>,
    /// How the amount splits across tiers (graduated ladders): the base part and its rate.
    slices: Vec<(Decimal, super::ladder::Rate)>,
    bonus: Decimal,
    bonus_tier: Option<usize>,
    how: How,
}

/// How a priced item's rate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    Percent,
    PerUnit,
    Fixed,
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
        if unit.share_percent != Decimal::ONE_HUNDRED {
            what = format!("{} % share of {what}", plain(unit.share_percent.round_dp(4)));
        }
        let doc = ctx.invoices[item.doc].doc;
        if let Some(c) = doc.currency.as_ref().filter(|c| **c != ctx.plan.doc.currency) {
            what.push_str(&format!(", {c} at {}", plain(ctx.fx[item.doc])));
        }
        let head = if self.slices.len() > 1 {
            let parts: Vec<String> = self.slices.iter().map(|(b, r)| rate_on(*r, *b, scale)).collect();
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
            }
        };
        match self.tier {
            Some(t) => format!("{head} ({what}), tier {}", t + 1),
            None => format!("{head} ({what})"),
        }
    }
}

/// "4 % of 5,000.00" or "2.50 per unit".
pub fn rate_on(rate: super::ladder::Rate, base: Decimal, scale: u32) -> String {
    match rate {
        super::ladder::Rate::Percent(p) => format!("{} % of {}", plain(p), money(base, scale)),
        super::ladder::Rate::PerUnit(a) => format!("{} per unit", money(a, scale)),
    }
}

/// Prices a ladder below period scope: items grouped by the scope's key, each group settled in
/// item order (invoice lines, then credit-note lines). Retroactive ladders pay every invoice
/// line at the tier the invoice reaches.
#[allow(clippy::too_many_arguments)]
fn price_invoice_ladder(
    ctx: &Context,
    tiers: &Tiers,
    when: Option<&crate::model::plan::When>,
    items: &[Item],
    taken: &[usize],
    base_kind: crate::model::plan::BaseKind,
    share: Decimal,
    u: usize,
    j: usize,
    out: &mut Earned,
) -> Result<Vec<Priced>, Overflow> {
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for &k in taken {
        let key: Option<String> = match tiers.scope {
            Scope::Line => Some(format!("{}:{}", items[k].doc, items[k].line_ix)),
            Scope::Invoice | Scope::Period => None,
            Scope::Product => Some(items[k].line.product.clone().unwrap_or_default()),
            Scope::Category => Some(category_key(ctx, when, items[k].line).unwrap_or_default().to_string()),
        };
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, list)) => list.push(k),
            None => groups.push((key, vec![k])),
        }
    }
    let mut priced = Vec::with_capacity(taken.len());
    for (key, members) in groups {
        let mut settler = Settler::default();
        let invoice_volume: Decimal = {
            let mut v = Decimal::ZERO;
            for &k in members.iter().filter(|&&k| !items[k].refund) {
                v = add(v, measure_of(tiers, &items[k].base, base_kind))?;
            }
            v
        };
        let final_tier = tiers.tier_at(invoice_volume);
        for &k in &members {
            let item = &items[k];
            let b = item.base.of(base_kind);
            let s = settler.push(tiers, measure_of(tiers, &item.base, base_kind), b, item.base.quantity)?;
            let (amount, tier, slices) = if tiers.mode == LadderMode::Retroactive && !item.refund {
                (
                    tiers.tiers[final_tier].rate.pay(b, item.base.quantity)?,
                    final_tier,
                    Vec::new(),
                )
            } else if tiers.mode == LadderMode::Retroactive {
                (add(s.own, s.true_up)?, s.tier, Vec::new())
            } else {
                let mut parts = Vec::new();
                for (sl, part) in s.slices.iter().zip(super::ladder::tiers::split(&s.slices, b)?) {
                    parts.push((mul(part, share)?, tiers.tiers[sl.tier].rate));
                }
                (s.own, s.tier, parts)
            };
            let bonus = super::arith::sum(s.bonuses.iter().map(|(_, b)| *b))?;
            let how = match tiers.tiers[tier].rate {
                super::ladder::Rate::PerUnit(_) => How::PerUnit,
                super::ladder::Rate::Percent(_) => How::Percent,
            };
            priced.push(Priced {
                item: k,
                base: mul(b, share)?,
                rate: Some(tiers.tiers[tier].rate.value()),
                amount: mul(amount, share)?,
                tier: Some(tier),
                slices,
                bonus: mul(bonus, share)?,
                bonus_tier: s.bonuses.last().map(|(t, _)| *t),
                how,
            });
        }
        out.ladders.push(InvoiceLadder {
            unit: u,
            rule: j,
            key,
            volume: settler.volume,
        });
    }
    priced.sort_by_key(|p| p.item);
    Ok(priced)
}

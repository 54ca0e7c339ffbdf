//! Holdbacks: a part of each `commission` and `true_up` line of a plan with a `holdback` is
//! withheld by a `holdback` line (negative, same date) and paid back by a `release` line on the
//! date the invoice becomes fully paid (received payments cover its total less refunds). A
//! credit note's `clawback` is written in full; where a part of what it claws back was still
//! held, a `release` line of that part at the same date puts the net effect on the paid part.
//! A line earned on or after the date the invoice is paid in full is not held.

use super::arith::{add, pct, sub, Overflow};
use super::base::BaseCache;
use super::context::Context;
use super::credit_notes;
use super::explain::{money, plain};
use super::lines::{RawLine, Writer};
use crate::model::plan::EarnOn;
use crate::model::result::LineKindOut;
use crate::model::sales::PaymentStatus;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A holdback group: agent, invoice (the one paid) and plan.
type Key = (usize, usize, usize);

/// What is held for one agent on one invoice under one plan.
struct Held {
    /// The amount still held (positive when commissions are held).
    amount: Decimal,
    /// The rounding stream of the group's holdback and release lines (so they cancel exactly).
    stream: u64,
    /// A line of the group, the template of its release.
    template: RawLine,
}

/// The holdback and release lines of every plan with a holdback.
pub fn lines(ctx: &Context, writer: &mut Writer) -> Result<(), Overflow> {
    let mut out = Vec::new();
    let mut lines: Vec<&RawLine> = writer.lines().iter().collect();
    lines.sort_by_key(|l| l.date);
    let mut paid: HashMap<usize, Option<Date>> = HashMap::new();
    let mut cache = BaseCache::new(ctx.invoices.len());
    let mut held: HashMap<Key, Held> = HashMap::new();
    let mut order: Vec<Key> = Vec::new();
    let scale = ctx.plan.scale;
    for l in lines {
        let (Some(p), Some(invoice)) = (l.plan, l.invoice) else {
            continue;
        };
        let Some(h) = &ctx.plan.doc.plans[p].holdback else { continue };
        let holds = matches!(l.kind, LineKindOut::Commission | LineKindOut::TrueUp);
        if !holds && l.kind != LineKindOut::Clawback || l.amount.is_zero() {
            continue;
        }
        let origin = l.origin.unwrap_or(invoice);
        let paid_on = match paid.get(&origin) {
            Some(d) => *d,
            None => {
                let d = paid_in_full(ctx, origin, &mut cache)?;
                paid.insert(origin, d);
                d
            }
        };
        if paid_on.is_some_and(|d| l.date >= d) {
            continue;
        }
        let key = (l.agent, origin, p);
        let group = held.entry(key).or_insert_with(|| {
            order.push(key);
            Held {
                amount: Decimal::ZERO,
                stream: writer.stream(),
                template: l.clone(),
            }
        });
        let part = pct(l.amount, h.percent.0)?;
        group.amount = add(group.amount, part)?;
        let (kind, amount, text) = if holds {
            let text = || {
                format!(
                    "{} % of {} held until the invoice is paid in full",
                    plain(h.percent.0),
                    money(l.amount, scale)
                )
            };
            (LineKindOut::Holdback, -part, writer.explain(text))
        } else {
            // A clawback before the invoice is paid: its held part is released at once.
            let text = || {
                format!(
                    "{} % of the clawback {} was still held: released",
                    plain(h.percent.0),
                    money(l.amount, scale)
                )
            };
            (LineKindOut::Release, -part, writer.explain(text))
        };
        out.push(RawLine {
            kind,
            amount,
            base: Some(l.amount),
            rate: Some(h.percent.0),
            explain: text,
            stream: group.stream,
            rule: None,
            tier: None,
            ..l.clone()
        });
    }
    out.extend(releases(&order, &held, &paid, scale, writer));
    writer.extend(out);
    Ok(())
}

/// The release of what is still held of each group, on the date its invoice is paid in full.
fn releases(
    order: &[Key],
    held: &HashMap<Key, Held>,
    paid: &HashMap<usize, Option<Date>>,
    scale: u32,
    writer: &Writer,
) -> Vec<RawLine> {
    let mut out = Vec::new();
    for &key in order {
        let Some(group) = held.get(&key) else { continue };
        let Some(Some(date)) = paid.get(&key.1) else { continue };
        if group.amount.is_zero() {
            continue;
        }
        let t = &group.template;
        let text = writer.explain(|| format!("held {} released: the invoice is paid in full", money(group.amount, scale)));
        out.push(RawLine {
            kind: LineKindOut::Release,
            invoice: Some(key.1),
            origin: Some(key.1),
            line: None,
            rule: None,
            date: *date,
            base: None,
            rate: None,
            amount: group.amount,
            tier: None,
            explain: text,
            stream: group.stream,
            ..t.clone()
        });
    }
    out
}

/// The date `invoice` becomes fully paid: the first payment or refund date on which the
/// payments received cover its total less the refunds, if any.
fn paid_in_full(ctx: &Context, invoice: usize, cache: &mut BaseCache) -> Result<Option<Date>, Overflow> {
    let inv = ctx.invoices[invoice].doc;
    let items = credit_notes::items(ctx, invoice, EarnOn::Paid, cache)?;
    // Only received payments count toward being paid (contract v2: payment `status`).
    let received = || inv.payments.iter().filter(|p| p.status == PaymentStatus::Received);
    let mut dates: Vec<Date> = received()
        .map(|p| p.date)
        .chain(items.refunded.iter().map(|r| r.0 .0))
        .collect();
    dates.sort();
    dates.dedup();
    for d in dates {
        let mut paid = Decimal::ZERO;
        for p in received().filter(|p| p.date <= d) {
            paid = add(paid, p.amount.0)?;
        }
        let mut refunds = Decimal::ZERO;
        for (_, r) in items.refunded.iter().filter(|(rd, _)| rd.0 <= d) {
            refunds = add(refunds, *r)?;
        }
        if paid > Decimal::ZERO && paid >= sub(items.total, refunds)? {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

//! How much of an invoice is earned by each date: all of it from its date under `earn_on:
//! invoice`; under payment timing, the paid part of what is still due (`paid_pro_rata`) or all
//! of it once paid in full (`paid`). Credit notes lower what is due from their date.

use crate::engine::arith::{add, div, sub, Overflow};
use crate::engine::context::Context;
use crate::engine::credit_notes::{Item, Items};
use crate::engine::explain::{money, plain};
use crate::model::plan::EarnOn;
use crate::model::Date;
use rust_decimal::Decimal;

/// The dates at which what an invoice has earned can change, and the earned fraction at each.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// The dates, ascending: the invoice's, its credit notes' and (payment timing) its payments'.
    pub dates: Vec<Date>,
    /// The earned fraction of the invoice at each date (1 under `earn_on: invoice`).
    pub fraction: Vec<Decimal>,
    /// A readable note on the fraction at each date (payment timing).
    pub note: Vec<Option<String>>,
}

/// A change of the counted part of an item: the timeline index, the date and the change.
pub type Change = (usize, Date, Decimal);

impl Timeline {
    /// The timeline of `invoice` (with its `items`) under `earn_on`.
    pub fn new(ctx: &Context, earn_on: EarnOn, invoice: usize, items: &Items) -> Result<Timeline, Overflow> {
        let inv = ctx.invoices[invoice].doc;
        let mut dates: Vec<Date> = vec![inv.date];
        dates.extend(items.notes.iter().map(|&n| ctx.invoices[n].doc.date));
        let by_payment = earn_on != EarnOn::Invoice && !items.standalone_refund;
        if by_payment {
            dates.extend(inv.payments.iter().map(|p| p.date));
        }
        dates.sort();
        dates.dedup();
        let mut fraction = Vec::with_capacity(dates.len());
        let mut note = Vec::with_capacity(dates.len());
        for &d in &dates {
            let (f, text) = if by_payment {
                paid_fraction(ctx, earn_on, invoice, items, d)?
            } else {
                (Decimal::ONE, None)
            };
            fraction.push(f);
            note.push(text);
        }
        Ok(Timeline { dates, fraction, note })
    }

    /// The dates at which the counted part of an item changes, with the change.
    pub fn changes(&self, item: &Item) -> Result<Vec<Change>, Overflow> {
        let mut out = Vec::new();
        let mut prev = Decimal::ZERO;
        for (d, date) in self.dates.iter().enumerate() {
            let f = factor(item, *date, self.fraction[d]);
            let delta = sub(f, prev)?;
            prev = f;
            if !delta.is_zero() {
                out.push((d, *date, delta));
            }
        }
        Ok(out)
    }
}

/// The part of an item counted by a date: present (dated by then) times the earned fraction.
fn factor(item: &Item, date: Date, fraction: Decimal) -> Decimal {
    match item.from {
        Some(from) if date < from => Decimal::ZERO,
        _ => fraction,
    }
}

/// The earned fraction of an invoice under payment timing at date `d`, with a note.
fn paid_fraction(
    ctx: &Context,
    earn_on: EarnOn,
    invoice: usize,
    items: &Items,
    d: Date,
) -> Result<(Decimal, Option<String>), Overflow> {
    let inv = ctx.invoices[invoice].doc;
    let mut paid = Decimal::ZERO;
    for p in inv.payments.iter().filter(|p| p.date <= d) {
        paid = add(paid, p.amount.0)?;
    }
    let mut refunds = Decimal::ZERO;
    for (_, t) in items.refunded.iter().filter(|(nd, _)| *nd <= d) {
        refunds = add(refunds, *t)?;
    }
    let due = sub(items.total, refunds)?;
    let scale = ctx.plan.scale;
    Ok(if paid <= Decimal::ZERO {
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
        let percent = plain((f * Decimal::ONE_HUNDRED).round_dp(2));
        (
            f,
            Some(format!("paid {} of {} ({percent} %)", money(paid, scale), money(due, scale))),
        )
    })
}

//! How much of an invoice is earned at each of its events: all of it from its date under
//! `earn_on: invoice`; under payment timing, the paid part of what is still due
//! (`paid_pro_rata`) or all of it once paid in full (`paid`). Credit notes lower what is due
//! from their date. Only `received` payments count. Events of one date are taken one at a time
//! (invoice, payments, credit notes: [`Moment`]), so each event that changes what the invoice
//! has earned gives its own line.

use crate::engine::arith::{add, div, sub, Overflow};
use crate::engine::context::Context;
use crate::engine::credit_notes::{invoice_moment, payment_moment, Item, Items, Moment};
use crate::engine::explain::{money, plain};
use crate::model::plan::EarnOn;
use crate::model::sales::PaymentStatus;
use crate::model::Date;
use rust_decimal::Decimal;

/// The events at which what an invoice has earned can change, and the earned fraction at each.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// The events in the order they are taken: the invoice, its credit notes and (payment
    /// timing) its received payments.
    pub moments: Vec<Moment>,
    /// The earned fraction of the invoice at each event (1 under `earn_on: invoice`).
    pub fraction: Vec<Decimal>,
    /// A readable note on the fraction at each event (payment timing).
    pub note: Vec<Option<String>>,
}

/// A change of the counted part of an item: the timeline index, the date and the change.
pub type Change = (usize, Date, Decimal);

impl Timeline {
    /// The timeline of `invoice` (with its `items`) under `earn_on`.
    pub fn new(ctx: &Context, earn_on: EarnOn, invoice: usize, items: &Items) -> Result<Timeline, Overflow> {
        let inv = ctx.invoices[invoice].doc;
        let mut moments: Vec<Moment> = vec![invoice_moment(inv.date)];
        moments.extend(items.refunded.iter().map(|(m, _)| *m));
        let by_payment = earn_on != EarnOn::Invoice && !items.standalone_refund;
        let payments = received(ctx, invoice);
        if by_payment {
            moments.extend(payments.iter().map(|(m, _)| *m));
        }
        moments.sort();
        moments.dedup();
        let mut fraction = Vec::with_capacity(moments.len());
        let mut note = Vec::with_capacity(moments.len());
        for &m in &moments {
            let (f, text) = if by_payment {
                paid_fraction(ctx, earn_on, &payments, items, m)?
            } else {
                (Decimal::ONE, None)
            };
            fraction.push(f);
            note.push(text);
        }
        Ok(Timeline { moments, fraction, note })
    }

    /// The events at which the counted part of an item changes, with the change.
    pub fn changes(&self, item: &Item) -> Result<Vec<Change>, Overflow> {
        let mut out = Vec::new();
        let mut prev = Decimal::ZERO;
        for (d, moment) in self.moments.iter().enumerate() {
            let f = factor(item, *moment, self.fraction[d]);
            let delta = sub(f, prev)?;
            prev = f;
            if !delta.is_zero() {
                out.push((d, moment.0, delta));
            }
        }
        Ok(out)
    }
}

/// The part of an item counted at an event: present (its document taken by then) times the
/// earned fraction.
fn factor(item: &Item, moment: Moment, fraction: Decimal) -> Decimal {
    match item.from {
        Some(from) if moment < from => Decimal::ZERO,
        _ => fraction,
    }
}

/// The invoice's received payments with their moments.
fn received(ctx: &Context, invoice: usize) -> Vec<(Moment, Decimal)> {
    ctx.invoices[invoice]
        .doc
        .payments
        .iter()
        .enumerate()
        .filter(|(_, p)| p.status == PaymentStatus::Received)
        .map(|(k, p)| (payment_moment(p.date, k), p.amount.0))
        .collect()
}

/// The earned fraction of an invoice under payment timing at event `m`, with a note.
fn paid_fraction(
    ctx: &Context,
    earn_on: EarnOn,
    payments: &[(Moment, Decimal)],
    items: &Items,
    m: Moment,
) -> Result<(Decimal, Option<String>), Overflow> {
    let mut paid = Decimal::ZERO;
    for (_, amount) in payments.iter().filter(|(pm, _)| *pm <= m) {
        paid = add(paid, *amount)?;
    }
    let mut refunds = Decimal::ZERO;
    for (_, t) in items.refunded.iter().filter(|(nm, _)| *nm <= m) {
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

//! Credit notes and refunds. A credit note that `refunds` an invoice rides on it: it is
//! credited to the invoice's agents, converted at the invoice's exchange rate, and its lines
//! join the invoice's own as negative items, dated at the credit note. A credit note may be
//! written with positive amounts (what is refunded) or negative ones (negative sales): a
//! document whose total is negative is taken as already negative. A credit note that refunds
//! nothing stands alone, its lines negative sales of its own date.

use super::arith::Overflow;
use super::base::{BaseCache, InvoiceBases, LineBase};
use super::context::Context;
use crate::model::plan::EarnOn;
use crate::model::sales::{InvoiceKind, Line};
use crate::model::Date;
use rust_decimal::Decimal;

/// When an event happens, in the order events are taken: its date, then within a date invoices
/// (0), payments (1) and credit notes (2), each kind in document order (the invoice's payments
/// by their index, credit notes by their index in the sales). Events of one date are taken one
/// at a time, so an invoice and its refund on the same date give a line each.
pub type Moment = (Date, u8, usize);

/// The moment of an invoice.
pub fn invoice_moment(date: Date) -> Moment {
    (date, 0, 0)
}

/// The moment of an invoice's `k`th payment.
pub fn payment_moment(date: Date, k: usize) -> Moment {
    (date, 1, k)
}

/// The moment of the credit note at index `n` of the context's invoices.
pub fn credit_note_moment(date: Date, n: usize) -> Moment {
    (date, 2, n)
}

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
    /// The moment from which the item counts: `None` for an invoice line under payment timing
    /// (the paid fraction decides), else its document's moment.
    pub from: Option<Moment>,
    /// True for a credit note's line.
    pub refund: bool,
}

/// An invoice with the credit notes that refund it, as items.
#[derive(Debug)]
pub struct Items<'a> {
    /// The earning lines: the invoice's, then each credit note's, in date order.
    pub items: Vec<Item<'a>>,
    /// The credit notes refunding the invoice (indexes), in date order.
    pub notes: Vec<usize>,
    /// The invoice's total (what payments are measured against).
    pub total: Decimal,
    /// What each credit note refunds (positive), with its moment.
    pub refunded: Vec<(Moment, Decimal)>,
    /// True when the invoice is itself a credit note refunding nothing.
    pub standalone_refund: bool,
}

/// The items of `invoice` under a plan that earns on `earn_on`.
pub fn items<'a>(ctx: &Context<'a>, invoice: usize, earn_on: EarnOn, cache: &mut BaseCache) -> Result<Items<'a>, Overflow> {
    let inv = ctx.invoices[invoice].doc;
    let standalone_refund = inv.kind == InvoiceKind::CreditNote;
    let notes: Vec<usize> = ctx.credit_notes.get(&invoice).cloned().unwrap_or_default();
    let invoice_from = if earn_on == EarnOn::Invoice || standalone_refund {
        Some(invoice_moment(inv.date))
    } else {
        None
    };
    let own = cache.get(invoice, inv, ctx.fx[invoice], &ctx.products)?;
    let (own_lines, total) = if standalone_refund {
        refund_lines(own)
    } else {
        (own.lines.clone(), own.total)
    };
    let mut items: Vec<Item> = Vec::new();
    push_items(&mut items, invoice, &inv.lines, &own_lines, invoice_from, standalone_refund);
    let mut refunded: Vec<(Moment, Decimal)> = Vec::new();
    for &n in &notes {
        let note = ctx.invoices[n].doc;
        let (lines, amount) = refund_lines(cache.get(n, note, ctx.fx[n], &ctx.products)?);
        let moment = credit_note_moment(note.date, n);
        refunded.push((moment, amount));
        push_items(&mut items, n, &note.lines, &lines, Some(moment), true);
    }
    Ok(Items {
        items,
        notes,
        total,
        refunded,
        standalone_refund,
    })
}

/// Adds the earning lines of one document as items.
fn push_items<'a>(
    out: &mut Vec<Item<'a>>,
    doc: usize,
    lines: &'a [Line],
    bases: &[LineBase],
    from: Option<Moment>,
    refund: bool,
) {
    for (k, b) in bases.iter().enumerate().filter(|(_, b)| b.earns) {
        out.push(Item {
            doc,
            line_ix: k as u32,
            line: &lines[k],
            base: *b,
            from,
            refund,
        });
    }
}

/// A line's bases with the sign turned.
fn negate(b: LineBase) -> LineBase {
    LineBase {
        quantity: -b.quantity,
        amount: -b.amount,
        net: -b.net,
        gross: -b.gross,
        margin: -b.margin,
        margin_raw: -b.margin_raw,
        ..b
    }
}

/// A credit note's lines as negative sales, and what it refunds (positive).
fn refund_lines(b: &InvoiceBases) -> (Vec<LineBase>, Decimal) {
    if b.total < Decimal::ZERO {
        (b.lines.clone(), -b.total)
    } else {
        (b.lines.iter().copied().map(negate).collect(), b.total)
    }
}

/// The date whose period a refund's volume counts in: under `earn_on: invoice`, a credit note
/// lowers the volume of the period that counted the sale (the refunded invoice's date);
/// otherwise the refund counts when it is earned.
pub fn period_date(item: &Item, invoice_date: Date, standalone_refund: bool, earn_on: EarnOn, earned: Date) -> Date {
    if item.refund && !standalone_refund && earn_on == EarnOn::Invoice {
        invoice_date
    } else {
        earned
    }
}

//! What levels measure, per agent, over a span of dates ending at `as_of`: personal sales (the
//! agent's share of the net base of every invoice it is credited with, in the plan currency,
//! credit notes subtracted), group sales (personal plus every downline, all generations),
//! distinct customers invoiced, active direct recruits, and the number of transactions.

use super::tree::Tree;
use crate::engine::arith::{add, mul, Overflow};
use crate::engine::attribution::credited_shares;
use crate::engine::base::invoice_bases;
use crate::engine::context::Context;
use crate::model::plan::Window;
use crate::model::sales::InvoiceKind;
use crate::model::Date;
use chrono::Duration;
use rust_decimal::Decimal;

/// An inclusive span of dates; no `from` means all history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The first day counted (inclusive), if any.
    pub from: Option<Date>,
    /// The last day counted (inclusive).
    pub thru: Date,
}

impl Span {
    /// A level's window ending at `as_of`: `months: 12` at 2026-06-30 is 2025-07-01..2026-06-30,
    /// `days: 30` is the 30 days ending at `as_of`; no window is all history up to `as_of`.
    pub fn window(window: Option<&Window>, as_of: Date) -> Span {
        let from = match window {
            Some(Window { months: Some(m), .. }) => Some(
                crate::engine::period::sub_months(as_of, *m)
                    .checked_add_signed(Duration::days(1))
                    .unwrap_or(as_of),
            ),
            Some(Window { days: Some(d), .. }) => Some(
                as_of
                    .checked_sub_signed(Duration::days(i64::from(*d) - 1))
                    .unwrap_or(Date::MIN),
            ),
            _ => None,
        };
        Span { from, thru: as_of }
    }

    /// Whether `date` is within the span.
    pub fn contains(&self, date: Date) -> bool {
        date <= self.thru && self.from.map(|f| date >= f).unwrap_or(true)
    }
}

/// One invoice or credit note as levels see it.
#[derive(Clone, Debug)]
struct Entry {
    date: Date,
    /// The net base in the plan currency, negative for a credit note.
    net: Decimal,
    customer: Option<usize>,
    /// True for an invoice (credit notes do not add customers).
    invoice: bool,
    /// The credited agents and their shares as fractions.
    credited: Vec<(usize, Decimal)>,
}

/// Every invoice's net base and credited agents, computed once for all spans.
#[derive(Clone, Debug, Default)]
pub struct SalesIndex {
    entries: Vec<Entry>,
}

impl SalesIndex {
    /// Indexes the context's invoices (real and what-if). The error names the invoice.
    pub fn new(ctx: &Context) -> Result<SalesIndex, (usize, Overflow)> {
        let mut entries = Vec::with_capacity(ctx.invoices.len());
        for (i, r) in ctx.invoices.iter().enumerate() {
            let bases = invoice_bases(r.doc, ctx.fx[i], &ctx.products).map_err(|e| (i, e))?;
            let mut net = Decimal::ZERO;
            for b in bases.lines.iter().filter(|b| b.earns) {
                net = add(net, b.net).map_err(|e| (i, e))?;
            }
            let invoice = r.doc.kind == InvoiceKind::Invoice;
            if !invoice {
                net = -net;
            }
            let credited = credited_shares(ctx, i)
                .into_iter()
                .map(|(a, s)| (a, s / Decimal::ONE_HUNDRED))
                .collect();
            let customer = r.doc.customer.as_ref().and_then(|c| ctx.customers.get(c.as_str())).copied();
            entries.push(Entry {
                date: r.doc.date,
                net,
                customer,
                invoice,
                credited,
            });
        }
        Ok(SalesIndex { entries })
    }
}

/// The measures of every agent over one span.
#[derive(Clone, Debug)]
pub struct Measures {
    /// The span measured.
    pub span: Span,
    /// Personal sales (exact).
    pub sales: Vec<Decimal>,
    /// Personal plus all downline sales (exact).
    pub group_sales: Vec<Decimal>,
    /// Distinct customers invoiced (credited with a positive share).
    pub customers: Vec<u32>,
    /// Direct downline agents that are active: positive personal sales in the span, or an
    /// operational activation stage.
    pub recruits: Vec<u32>,
    /// Invoices and credit notes credited to the agent.
    pub transactions: Vec<u32>,
    /// Transactions of the agent and its whole downline.
    pub group_transactions: Vec<u32>,
}

/// Measures every agent over `span`; `operational` says which agents are operational.
pub fn measure(tree: &Tree, index: &SalesIndex, span: Span, operational: &[bool]) -> Result<Measures, Overflow> {
    let n = tree.upline.len();
    let mut sales = vec![Decimal::ZERO; n];
    let mut transactions = vec![0u32; n];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for e in index.entries.iter().filter(|e| span.contains(e.date)) {
        for &(a, share) in &e.credited {
            sales[a] = add(sales[a], mul(e.net, share)?)?;
            transactions[a] = transactions[a].saturating_add(1);
            if let (true, Some(c)) = (e.invoice && share > Decimal::ZERO, e.customer) {
                pairs.push((a, c));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut customers = vec![0u32; n];
    for (a, _) in pairs {
        customers[a] += 1;
    }
    let group_sales = tree.group_sums(&sales, add)?;
    let group_transactions = tree.group_sums(&transactions, |a, b| Ok::<_, Overflow>(a.saturating_add(b)))?;
    let recruits = (0..n)
        .map(|a| {
            tree.children(a)
                .iter()
                .filter(|&&c| sales[c] > Decimal::ZERO || operational[c])
                .count() as u32
        })
        .collect();
    Ok(Measures {
        span,
        sales,
        group_sales,
        customers,
        recruits,
        transactions,
        group_transactions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn windows_end_at_as_of_inclusive() {
        let as_of = d("2026-06-30");
        let m = Span::window(
            Some(&Window {
                months: Some(12),
                days: None,
            }),
            as_of,
        );
        assert_eq!(m.from, Some(d("2025-07-01")));
        assert!(m.contains(d("2025-07-01")) && m.contains(as_of) && !m.contains(d("2025-06-30")) && !m.contains(d("2026-07-01")));
        let w = Span::window(
            Some(&Window {
                months: None,
                days: Some(30),
            }),
            as_of,
        );
        assert_eq!(w.from, Some(d("2026-06-01")));
        assert_eq!(Span::window(None, as_of).from, None);
    }
}

//! The bases of an invoice's lines: net (after line discounts and the pro-rata share of
//! invoice-level discount lines), gross (net plus tax) and margin (net less cost), in the plan
//! currency; and the invoice total that payments are measured against.

use super::arith::{add, div, mul, pct, sub, Overflow};
use crate::model::plan::BaseKind;
use crate::model::sales::{Invoice, LineKind};
use rust_decimal::Decimal;

/// The bases of one line, in the plan currency, for the whole invoice (before agent shares).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineBase {
    /// Whether the line can earn (product and service lines).
    pub earns: bool,
    /// Quantity.
    pub quantity: Decimal,
    /// Quantity × unit price less the line discount, in the plan currency.
    pub amount: Decimal,
    /// Amount plus its share of discount lines.
    pub net: Decimal,
    /// Net plus the line's tax and its share of tax lines.
    pub gross: Decimal,
    /// Net less quantity × unit cost.
    pub margin: Decimal,
}

impl LineBase {
    /// The base of the given kind.
    pub fn of(&self, kind: BaseKind) -> Decimal {
        match kind {
            BaseKind::Net => self.net,
            BaseKind::Gross => self.gross,
            BaseKind::Margin => self.margin,
        }
    }
}

/// The bases of an invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InvoiceBases {
    /// One per line, in line order.
    pub lines: Vec<LineBase>,
    /// The invoice total including tax, shipping and fees, in the invoice currency.
    pub total: Decimal,
}

/// The bases of each invoice of a calculation, computed on first use.
#[derive(Debug, Default)]
pub struct BaseCache {
    bases: Vec<Option<InvoiceBases>>,
}

impl BaseCache {
    /// An empty cache for `n` invoices.
    pub fn new(n: usize) -> BaseCache {
        BaseCache { bases: vec![None; n] }
    }

    /// The bases of invoice `i` (`invoice`, converted with `fx`).
    pub fn get(&mut self, i: usize, invoice: &Invoice, fx: Decimal) -> Result<&InvoiceBases, Overflow> {
        let slot = &mut self.bases[i];
        if slot.is_none() {
            *slot = Some(invoice_bases(invoice, fx)?);
        }
        slot.as_ref().ok_or(Overflow)
    }
}

/// Computes the bases of `invoice`, converting into the plan currency with `fx`.
pub fn invoice_bases(invoice: &Invoice, fx: Decimal) -> Result<InvoiceBases, Overflow> {
    let mut amounts = Vec::with_capacity(invoice.lines.len());
    let mut earning_sum = Decimal::ZERO;
    let mut discounts = Decimal::ZERO;
    let mut tax_lines = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for line in &invoice.lines {
        let qty = line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE);
        let list = mul(qty, line.unit_price.0)?;
        let off = pct(list, line.discount_percent.map(|d| d.0).unwrap_or_default())?;
        let amount = sub(list, off)?;
        total = add(add(total, amount)?, line.tax.map(|t| t.0).unwrap_or_default())?;
        match line.kind {
            LineKind::Product | LineKind::Service => earning_sum = add(earning_sum, amount)?,
            LineKind::Discount => discounts = add(discounts, amount)?,
            LineKind::Tax => tax_lines = add(tax_lines, amount)?,
            LineKind::Shipping | LineKind::Fee => {}
        }
        amounts.push((qty, amount));
    }
    let mut lines = Vec::with_capacity(invoice.lines.len());
    for (line, &(qty, amount)) in invoice.lines.iter().zip(&amounts) {
        let earns = matches!(line.kind, LineKind::Product | LineKind::Service);
        if !earns {
            lines.push(LineBase {
                earns,
                quantity: qty,
                amount: mul(amount, fx)?,
                ..LineBase::default()
            });
            continue;
        }
        let weight = div(amount, earning_sum)?;
        let net = add(amount, mul(discounts, weight)?)?;
        let tax = add(line.tax.map(|t| t.0).unwrap_or_default(), mul(tax_lines, weight)?)?;
        let cost = mul(qty, line.unit_cost.map(|c| c.0).unwrap_or_default())?;
        lines.push(LineBase {
            earns,
            quantity: qty,
            amount: mul(amount, fx)?,
            net: mul(net, fx)?,
            gross: mul(add(net, tax)?, fx)?,
            margin: mul(sub(net, cost)?, fx)?,
        });
    }
    Ok(InvoiceBases { lines, total })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sales::SalesDoc;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn worked_example_1_net_excludes_tax_and_shipping() {
        let sales: SalesDoc = serde_json::from_str(
            r#"{"invoices":[{"id":"INV-1","date":"2026-03-01","lines":[
              {"product":"p1","quantity":"2","unit_price":"150.00","discount_percent":"10","unit_cost":"90","tax":"27.00"},
              {"product":"ship","kind":"shipping","quantity":"1","unit_price":"25.00"}]}]}"#,
        )
        .unwrap();
        let b = invoice_bases(&sales.invoices[0], Decimal::ONE).unwrap();
        assert_eq!(b.lines[0].net, d("270"));
        assert_eq!(b.lines[0].gross, d("297"));
        assert_eq!(b.lines[0].margin, d("90"));
        assert!(!b.lines[1].earns);
        assert_eq!(b.total, d("322"));
    }

    #[test]
    fn discount_lines_are_allocated_pro_rata() {
        let sales: SalesDoc = serde_json::from_str(
            r#"{"invoices":[{"id":"I","date":"2026-03-01","lines":[
              {"product":"a","unit_price":"300"},{"product":"b","unit_price":"100"},
              {"kind":"discount","unit_price":"-40"}]}]}"#,
        )
        .unwrap();
        let b = invoice_bases(&sales.invoices[0], d("2")).unwrap();
        assert_eq!((b.lines[0].net, b.lines[1].net), (d("540"), d("180")));
        assert_eq!(b.total, d("360"));
    }
}

//! The bases of an invoice's lines: net (after line discounts and the pro-rata share of
//! invoice-level discount lines), gross (net plus tax) and margin (net less cost), in the plan
//! currency; and the invoice total that payments are measured against. A line that names a
//! product of the sales document's catalog takes the product's `unit_cost` unless it writes its
//! own, and a `commission_free` product's lines are marked (they still count in `net`, take
//! their part of invoice discounts and count in level measures).

use super::arith::{add, div, mul, pct, sub, Overflow};
use super::context::Catalog;
use crate::model::plan::BaseKind;
use crate::model::sales::{Invoice, Line, LineKind, Product};
use rust_decimal::Decimal;

/// The catalog entry of a line's product, if any.
pub fn product_of<'a>(catalog: &Catalog<'a>, line: &Line) -> Option<&'a Product> {
    line.product.as_deref().and_then(|p| catalog.get(p).copied())
}

/// A line's unit cost: its own, else its product's, else 0.
pub fn unit_cost(catalog: &Catalog, line: &Line) -> Decimal {
    line.unit_cost
        .or_else(|| product_of(catalog, line).and_then(|p| p.unit_cost))
        .map(|c| c.0)
        .unwrap_or_default()
}

/// A line's category: its own, else its product's.
pub fn category<'a>(catalog: &Catalog<'a>, line: &'a Line) -> Option<&'a str> {
    line.category
        .as_deref()
        .or_else(|| product_of(catalog, line).and_then(|p| p.category.as_deref()))
}

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
    /// Net less quantity × unit cost (after `margin_floor` once the line is an item).
    pub margin: Decimal,
    /// Net less quantity × unit cost, never floored (what `when.margin_percent` and formulas see).
    pub margin_raw: Decimal,
    /// The line's discount in percent of |quantity × unit price| (from `discount_percent` or
    /// `discount_amount`; 0 when that product is 0).
    pub discount_percent: Decimal,
    /// The line's unit cost (its own or its product's; 0 when none), in the invoice currency.
    pub unit_cost: Decimal,
    /// True for a line of a `commission_free` product: it earns nothing and counts in no ladder.
    pub free: bool,
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
    pub fn get(&mut self, i: usize, invoice: &Invoice, fx: Decimal, catalog: &Catalog) -> Result<&InvoiceBases, Overflow> {
        let slot = &mut self.bases[i];
        if slot.is_none() {
            *slot = Some(invoice_bases(invoice, fx, catalog)?);
        }
        slot.as_ref().ok_or(Overflow)
    }
}

/// A line's discount: the amount taken off quantity × unit price (`list`) and that in percent
/// of |list|. `discount_amount` reduces the line's magnitude.
fn discount(line: &Line, list: Decimal) -> Result<(Decimal, Decimal), Overflow> {
    let off = match (line.discount_amount, line.discount_percent) {
        (Some(a), _) if list.is_sign_negative() => -a.0,
        (Some(a), _) => a.0,
        (None, d) => pct(list, d.map(|d| d.0).unwrap_or_default())?,
    };
    let percent = if list.is_zero() {
        Decimal::ZERO
    } else {
        match line.discount_percent {
            Some(d) => d.0,
            None => mul(div(off, list)?, Decimal::ONE_HUNDRED)?,
        }
    };
    Ok((off, percent))
}

/// Computes the bases of `invoice`, converting into the plan currency with `fx`.
pub fn invoice_bases(invoice: &Invoice, fx: Decimal, catalog: &Catalog) -> Result<InvoiceBases, Overflow> {
    let mut amounts = Vec::with_capacity(invoice.lines.len());
    let mut earning_sum = Decimal::ZERO;
    let mut discounts = Decimal::ZERO;
    let mut tax_lines = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for line in &invoice.lines {
        let qty = line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE);
        let list = mul(qty, line.unit_price.0)?;
        let (off, off_percent) = discount(line, list)?;
        let amount = sub(list, off)?;
        total = add(add(total, amount)?, line.tax.map(|t| t.0).unwrap_or_default())?;
        match line.kind {
            LineKind::Product | LineKind::Service => earning_sum = add(earning_sum, amount)?,
            LineKind::Discount => discounts = add(discounts, amount)?,
            LineKind::Tax => tax_lines = add(tax_lines, amount)?,
            LineKind::Shipping | LineKind::Fee => {}
        }
        amounts.push((qty, amount, off_percent));
    }
    let mut lines = Vec::with_capacity(invoice.lines.len());
    for (line, &(qty, amount, off_percent)) in invoice.lines.iter().zip(&amounts) {
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
        let unit_cost = unit_cost(catalog, line);
        let cost = mul(qty, unit_cost)?;
        let margin = mul(sub(net, cost)?, fx)?;
        lines.push(LineBase {
            earns,
            quantity: qty,
            amount: mul(amount, fx)?,
            net: mul(net, fx)?,
            gross: mul(add(net, tax)?, fx)?,
            margin,
            margin_raw: margin,
            discount_percent: off_percent,
            unit_cost,
            free: product_of(catalog, line).is_some_and(|p| p.commission_free),
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
        let b = invoice_bases(&sales.invoices[0], Decimal::ONE, &Catalog::new()).unwrap();
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
        let b = invoice_bases(&sales.invoices[0], d("2"), &Catalog::new()).unwrap();
        assert_eq!((b.lines[0].net, b.lines[1].net), (d("540"), d("180")));
        assert_eq!(b.total, d("360"));
    }
}

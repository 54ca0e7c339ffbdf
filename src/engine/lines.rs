//! Itemized lines before rounding ([`RawLine`]), and the [`Writer`] every stage adds its lines
//! to.

use super::budget::{line_bytes, Budget, Passed};
use crate::model::result::LineKindOut;
use crate::model::{Date, Id};
use rust_decimal::Decimal;
use std::cell::Cell;

/// An itemized line with its exact, unrounded amount.
#[derive(Clone, Debug, PartialEq)]
pub struct RawLine {
    /// The agent paid (index).
    pub agent: usize,
    /// The kind of line.
    pub kind: LineKindOut,
    /// The invoice or credit note it comes from (index into the context's invoices).
    pub invoice: Option<usize>,
    /// The invoice a credit note refunds, or the invoice itself: what per-invoice limits count.
    pub origin: Option<usize>,
    /// The index of the line within its invoice.
    pub line: Option<u32>,
    /// The plan (index).
    pub plan: Option<usize>,
    /// The rule (index within the plan).
    pub rule: Option<usize>,
    /// The agent's role.
    pub role: Option<Id>,
    /// The date earned.
    pub date: Date,
    /// The base (exact).
    pub base: Option<Decimal>,
    /// The rate.
    pub rate: Option<Decimal>,
    /// The amount (exact).
    pub amount: Decimal,
    /// The ladder tier, 1-based.
    pub tier: Option<u32>,
    /// For overrides: the downline (index).
    pub from_agent: Option<usize>,
    /// Whether a what-if invoice caused it.
    pub what_if: bool,
    /// The explanation.
    pub explain: Option<String>,
    /// Lines of one stream are rounded cumulatively.
    pub stream: u64,
}

impl RawLine {
    /// A line of `amount` paid to `agent` on `date`, in rounding `stream`; every other field
    /// empty (set them with struct update syntax).
    pub fn new(agent: usize, kind: LineKindOut, date: Date, amount: Decimal, stream: u64) -> RawLine {
        RawLine {
            agent,
            kind,
            invoice: None,
            origin: None,
            line: None,
            plan: None,
            rule: None,
            role: None,
            date,
            base: None,
            rate: None,
            amount,
            tier: None,
            from_agent: None,
            what_if: false,
            explain: None,
            stream,
        }
    }
}

/// The one writer of a calculation's lines: every stage adds its lines here. It hands out
/// rounding streams and writes explanations only when they are asked for.
#[derive(Debug)]
pub struct Writer {
    lines: Vec<RawLine>,
    explain: bool,
    last_stream: Cell<u64>,
    /// The budget of lines and bytes.
    budget: Budget,
    /// The bytes of the stored lines' explanations and fixed parts.
    bytes: u64,
    /// The first line that passed the budget: its invoice, the budget passed, the count reached.
    passed: Option<(Option<usize>, Passed, u64)>,
}

impl Writer {
    /// An empty writer; `explain` says whether lines carry explanations.
    pub fn new(explain: bool, budget: Budget) -> Writer {
        Writer {
            lines: Vec::new(),
            explain,
            last_stream: Cell::new(0),
            budget,
            bytes: 0,
            passed: None,
        }
    }

    /// A fresh rounding stream: lines of one stream are rounded cumulatively.
    pub fn stream(&self) -> u64 {
        let next = self.last_stream.get() + 1;
        self.last_stream.set(next);
        next
    }

    /// The explanation `text` writes, when explanations are asked for.
    pub fn explain(&self, text: impl FnOnce() -> String) -> Option<String> {
        self.explain.then(text)
    }

    /// Adds a line.
    pub fn push(&mut self, line: RawLine) {
        if self.passed.is_some() {
            return;
        }
        let bytes = self.bytes + line_bytes(&[], line.explain.as_deref());
        let invoice = line.invoice.or(line.origin);
        if self.lines.len() as u64 >= self.budget.max_lines {
            self.passed = Some((invoice, Passed::Lines, self.lines.len() as u64 + 1));
        } else if bytes > self.budget.max_bytes {
            self.passed = Some((invoice, Passed::Bytes, bytes));
        } else {
            self.bytes = bytes;
            self.lines.push(line);
        }
    }

    /// The first line that passed the budget (its invoice, which budget, the count reached);
    /// past it no line is stored.
    pub fn passed(&self) -> Option<(Option<usize>, Passed, u64)> {
        self.passed
    }

    /// Adds lines.
    pub fn extend(&mut self, lines: impl IntoIterator<Item = RawLine>) {
        for line in lines {
            self.push(line);
        }
    }

    /// The lines written so far, in the order written.
    pub fn lines(&self) -> &[RawLine] {
        &self.lines
    }

    /// Every line, in date order (lines of one date in the order written).
    pub fn finish(mut self) -> Vec<RawLine> {
        self.lines.sort_by_key(|l| l.date);
        self.lines
    }
}

//! Itemized lines before rounding ([`RawLine`]), and the rounding streams they belong to.

use crate::model::result::LineKindOut;
use crate::model::{Date, Id};
use rust_decimal::Decimal;

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

/// Hands out stream ids.
#[derive(Debug, Default)]
pub struct Streams {
    next: u64,
}

impl Streams {
    /// A fresh stream id.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

//! Options of a calculation: filters, statements, explanations and what-if invoices.

use super::sales::Invoice;
use super::{Date, Id};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The payout period of statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementPeriod {
    /// ISO week, Monday first (`2026-W09`).
    Week,
    /// Calendar month (`2026-03`).
    Month,
    /// Calendar quarter (`2026-Q1`).
    Quarter,
    /// Calendar year (`2026`).
    Year,
    /// Half month: the 1st to the 15th and the 16th to the month's last day (`2026-03-H1`, `2026-03-H2`).
    HalfMonth,
    /// Half year (`2026-H1`, `2026-H2`).
    HalfYear,
    /// One statement per agent, named `all`, from `from` (else the earliest line) to `thru`
    /// (else the latest line).
    All,
}

/// Options of a calculation.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Only lines earned on or after this date.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub from: Option<Date>,
    /// Only lines earned on or before this date.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub thru: Option<Date>,
    /// Only these agents' lines (empty: all).
    #[serde(default)]
    pub agents: Vec<Id>,
    /// Group earned lines into payout statements per period.
    #[serde(default)]
    pub statements: Option<StatementPeriod>,
    /// Write an `explain` text on each line (default true).
    #[serde(default = "yes")]
    pub explain: bool,
    /// Write the itemized `lines` (default true). `false` leaves `lines` empty (and writes no
    /// explanations); totals, statements, ladders, levels and the what-if report are the same.
    #[serde(default = "yes")]
    pub lines: bool,
    /// Hypothetical invoices, calculated with the real data and flagged in the lines.
    #[serde(default)]
    pub what_if: Vec<Invoice>,
    /// The most result lines the calculation may write (default 1,000,000, which is also the
    /// most in WebAssembly; the Rust crate run natively may raise it); past it, the answer is a
    /// `limit_exceeded` error at the invoice that passes it.
    #[serde(default)]
    pub max_lines: Option<u64>,
    /// The most bytes the result may take as JSON text (default 256 MiB, which is also the most
    /// in WebAssembly; the Rust crate run natively may raise it); past it, the answer is a
    /// `limit_exceeded` error at the invoice that passes it.
    #[serde(default)]
    pub max_bytes: Option<u64>,
}

fn yes() -> bool {
    true
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: None,
            thru: None,
            agents: Vec::new(),
            statements: None,
            explain: true,
            lines: true,
            what_if: Vec::new(),
            max_lines: None,
            max_bytes: None,
        }
    }
}

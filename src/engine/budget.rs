//! What a calculation may write: a budget of result lines and bytes (`options.max_lines`,
//! `options.max_bytes`, by default [`MAX_RESULT_LINES`] and [`MAX_RESULT_BYTES`], at most
//! [`RESULT_LINES_CEILING`] and [`RESULT_BYTES_CEILING`]: the defaults in WebAssembly, higher
//! natively), so that a request that would need more memory than a WebAssembly instance has is
//! refused with a coded `limit_exceeded` error instead of trapping.
//!
//! It is enforced three times: before the lines are computed, from an estimate (each earning
//! invoice line writes at least one result line per credited agent); while they are written
//! (the [`super::lines::Writer`] stops storing past the budget); and as the result is assembled,
//! from the size of each line's JSON.

use super::attribution::Unit;
use super::context::Context;
use crate::error::{EngineError, ErrorCode};
use crate::limits::{LINE_JSON_BYTES, MAX_RESULT_BYTES, MAX_RESULT_LINES, RESULT_BYTES_CEILING, RESULT_LINES_CEILING};
use crate::model::options::Options;
use crate::model::sales::LineKind;

/// The budget of one calculation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The most result lines.
    pub max_lines: u64,
    /// The most bytes of result JSON.
    pub max_bytes: u64,
}

/// What passed the budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passed {
    /// The line budget.
    Lines,
    /// The byte budget.
    Bytes,
}

impl Budget {
    /// The budget the options set: the default when absent, the ceiling when larger.
    pub fn of(options: &Options) -> Budget {
        Budget {
            max_lines: options.max_lines.unwrap_or(MAX_RESULT_LINES).min(RESULT_LINES_CEILING),
            max_bytes: options.max_bytes.unwrap_or(MAX_RESULT_BYTES).min(RESULT_BYTES_CEILING),
        }
    }

    /// Refuses, before any line is computed, a calculation whose units would write more lines
    /// or bytes than the budget: each earning line (product or service) of a unit's invoice
    /// writes at least one line, of at least [`LINE_JSON_BYTES`] plus its ids.
    pub fn check_estimate(&self, ctx: &Context, units: &[Unit]) -> Result<(), EngineError> {
        let (mut lines, mut bytes) = (0u64, 0u64);
        for u in units {
            let inv = ctx.invoices[u.invoice].doc;
            let earning = inv
                .lines
                .iter()
                .filter(|l| matches!(l.kind, LineKind::Product | LineKind::Service))
                .count() as u64;
            let ids = (inv.id.len() + ctx.agent_id(u.agent).len() + ctx.plan.doc.plans[u.plan].id.len()) as u64;
            lines = lines.saturating_add(earning);
            bytes = bytes.saturating_add(earning.saturating_mul(LINE_JSON_BYTES + ids));
            if lines > self.max_lines {
                return Err(self.error(ctx, Some(u.invoice), Passed::Lines, lines));
            }
            if bytes > self.max_bytes {
                return Err(self.error(ctx, Some(u.invoice), Passed::Bytes, bytes));
            }
        }
        Ok(())
    }

    /// The `limit_exceeded` error at `invoice` (the one whose lines passed the budget), with
    /// the estimate or count `reached` when known.
    pub fn error(&self, ctx: &Context, invoice: Option<usize>, passed: Passed, reached: u64) -> EngineError {
        let path = invoice.map(|i| ctx.invoices[i].path()).unwrap_or_default();
        let message = match passed {
            Passed::Lines => format!(
                "the result would have more than {} lines (options.max_lines; at most {RESULT_LINES_CEILING}): at least {reached} up to this invoice",
                self.max_lines
            ),
            Passed::Bytes => format!(
                "the result would take more than {} bytes of JSON (options.max_bytes; at most {RESULT_BYTES_CEILING}): at least {reached} up to this invoice",
                self.max_bytes
            ),
        };
        EngineError::single(ErrorCode::LimitExceeded, path, message)
    }
}

/// The bytes of a result line's JSON besides [`LINE_JSON_BYTES`]: its ids and explanation.
pub fn line_bytes(ids: &[Option<&str>], explain: Option<&str>) -> u64 {
    LINE_JSON_BYTES + ids.iter().flatten().map(|s| s.len() as u64).sum::<u64>() + explain.map_or(0, |e| e.len() as u64)
}

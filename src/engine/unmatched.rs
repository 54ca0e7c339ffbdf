//! Plan `unmatched`: a commissionable line (a product or service line, not of a commission-free
//! product, of an agent under the plan, on an invoice the plan earns on) that no rule without
//! `stack` matches is ignored (the default), listed with a `no_rule` warning (`warn`), or refused
//! with a `no_rule` error (`error`, as OCA refuses to post such an invoice). Every such line is
//! listed once, at its path; credit notes are never unmatched.

use super::context::Context;
use crate::error::{EngineError, ErrorCode, Problem};
use crate::model::plan::Unmatched;
use crate::model::result::Warning;
use std::collections::BTreeMap;

/// The `no_rule` warnings of the unmatched lines (document, line, the plan's `unmatched`), or
/// the `no_rule` error listing every line of a plan with `unmatched: "error"`.
pub fn report(ctx: &Context, unmatched: &[(usize, u32, Unmatched)]) -> Result<Vec<Warning>, EngineError> {
    // One entry per line, an error winning over a warning.
    let mut lines: BTreeMap<(usize, u32), Unmatched> = BTreeMap::new();
    for &(doc, line, mode) in unmatched {
        let e = lines.entry((doc, line)).or_insert(mode);
        if mode == Unmatched::Error {
            *e = mode;
        }
    }
    let path = |doc: usize, line: u32| format!("{}/lines/{line}", ctx.invoices[doc].path());
    let message = |doc: usize, line: u32| {
        format!(
            "line {line} of invoice `{}` matches no rule of its plan",
            ctx.invoices[doc].doc.id
        )
    };
    let errors: Vec<Problem> = lines
        .iter()
        .filter(|(_, mode)| **mode == Unmatched::Error)
        .map(|(&(doc, line), _)| Problem::new(ErrorCode::NoRule, path(doc, line), message(doc, line)))
        .collect();
    if let Some(e) = EngineError::from_problems(errors) {
        return Err(e);
    }
    Ok(lines
        .keys()
        .map(|&(doc, line)| Warning {
            code: "no_rule".into(),
            path: path(doc, line),
            message: message(doc, line),
        })
        .collect())
}

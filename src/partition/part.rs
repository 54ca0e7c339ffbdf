//! One part of a partitioned run: what it is ([`PartInfo`]), and its calculation
//! ([`calculate_part`]), which keeps only the part's own agents and gives every kept item the
//! key that places it in the whole book's order (see [`super::order`]).

use super::order::{self, Key};
use crate::engine::Engine;
use crate::error::{EngineError, ErrorCode};
use crate::model::result::CalcResult;
use crate::model::{Id, Options, SalesDoc};
use crate::stream::book::{invoice_of_path, refresh};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What a part is: its place among the parts, the agents it computes, and where its invoices
/// are in the whole book.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartInfo {
    /// This part's index (from 0).
    pub part: usize,
    /// How many parts the book was split into.
    pub parts: usize,
    /// The agents whose lines, totals, statements, ladders and levels this part writes: its
    /// downline-closed groups.
    pub agents: Vec<Id>,
    /// True for the part that writes what belongs to no agent (warnings of invoices nobody is
    /// credited with).
    pub unassigned: bool,
    /// The index in the whole book of each of the part's invoices, in order.
    pub positions: Vec<u64>,
    /// The line of the stream of each of the part's invoices (for errors).
    #[serde(default)]
    pub lines: Vec<u64>,
    /// The line of the stream the header was on.
    #[serde(default)]
    pub header_line: u64,
}

/// The result of one part: the result document of its agents, and the order keys of its
/// lines, ladders, levels and warnings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartResult {
    /// This part's index.
    pub part: usize,
    /// How many parts there are.
    pub parts: usize,
    /// The part's result, kept to its own agents.
    pub result: CalcResult,
    /// The order keys, one per item of `result`.
    pub keys: PartKeys,
}

/// The whole-book order keys of a part's items (see [`super::order`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PartKeys {
    /// One per line (after its `earned_on` date).
    pub lines: Vec<Key>,
    /// One per ladder report.
    pub ladders: Vec<Key>,
    /// One per level report (the agent's place in the book).
    pub levels: Vec<u64>,
    /// One per warning.
    pub warnings: Vec<Key>,
}

/// Calculates a part: `sales` is the part's sales document (as made by the split), `options`
/// the run's options (what-if invoices are not partitioned: calculate them on the whole book).
pub fn calculate_part(engine: &Engine, sales: &SalesDoc, options: &Options, info: &PartInfo) -> Result<PartResult, EngineError> {
    if !options.what_if.is_empty() {
        return Err(EngineError::single(
            ErrorCode::InvalidOptions,
            "/what_if",
            "a partitioned run takes no what-if invoices: ask what-if questions of a loaded engine",
        ));
    }
    if info.positions.len() != sales.invoices.len() {
        return Err(EngineError::single(
            ErrorCode::InvalidOptions,
            "/part/positions",
            format!("{} positions for {} invoices", info.positions.len(), sales.invoices.len()),
        ));
    }
    let mut result = engine.calculate(sales, options).map_err(|e| in_book(e, info))?;
    let owned: HashSet<&str> = info.agents.iter().map(String::as_str).collect();
    let index = order::Index::new(engine, sales, &info.positions);
    result.lines.retain(|l| owned.contains(l.agent.as_str()));
    result.totals.retain(|t| owned.contains(t.agent.as_str()));
    result.statements.retain(|s| owned.contains(s.agent.as_str()));
    result.ladders.retain(|l| owned.contains(l.agent.as_str()));
    result.levels.retain(|l| owned.contains(l.agent.as_str()));
    let mut warnings = Vec::new();
    let mut warning_keys = Vec::new();
    for mut w in std::mem::take(&mut result.warnings) {
        let (owner, key) = index.warning(&w);
        let keep = match owner {
            Some(agent) => owned.contains(agent),
            None => info.unassigned,
        };
        if keep {
            w.path = index.book_path(&w.path);
            warnings.push(w);
            warning_keys.push(key);
        }
    }
    result.warnings = warnings;
    // A period ladder is placed by its first line, which `from`/`thru` may have filtered out:
    // then the part is calculated again without them for those lines (twice the time, only
    // for filtered runs).
    let unfiltered = if options.from.is_some() || options.thru.is_some() {
        let all = Options {
            from: None,
            thru: None,
            ..options.clone()
        };
        Some(engine.calculate(sales, &all).map_err(|e| in_book(e, info))?.lines)
    } else {
        None
    };
    let keys = PartKeys {
        lines: index.lines(&result.lines),
        ladders: index.ladders(&result.ladders, unfiltered.as_deref().unwrap_or(&result.lines)),
        levels: result.levels.iter().map(|l| index.agent(&l.agent)).collect(),
        warnings: warning_keys,
    };
    Ok(PartResult {
        part: info.part,
        parts: info.parts,
        result,
        keys,
    })
}

/// An error of a part, on the whole book: invoice paths renumbered to the book, and the line of
/// the stream named (the invoice's, or the header's for problems in the header).
pub fn in_book(mut e: EngineError, info: &PartInfo) -> EngineError {
    for p in &mut e.errors {
        let line = match invoice_of_path(&p.path) {
            Some(k) if k < info.positions.len() => {
                let rest = p.path[format!("/invoices/{k}").len()..].to_string();
                p.path = format!("/invoices/{}{rest}", info.positions[k]);
                info.lines.get(k).copied()
            }
            _ if ["/agents", "/customers", "/categories", "/fx", "/as_of"]
                .iter()
                .any(|s| p.path.starts_with(s)) =>
            {
                Some(info.header_line).filter(|&l| l > 0)
            }
            _ => None,
        };
        if let Some(line) = line.filter(|&l| l > 0) {
            p.line = Some(line);
            p.message = format!("line {line}: {}", p.message);
        }
    }
    refresh(e)
}

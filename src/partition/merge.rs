//! Merging the parts' results into the whole book's result.
//!
//! Every agent belongs to exactly one part, so each agent's lines, totals, statements, ladders
//! and levels come whole from that part: the merge only interleaves them in the book's order
//! (each part's own order kept, the parts' items placed by their keys, see [`super::order`]);
//! no amount is computed again, so the merged figures are the parts' exact decimals.

use super::order::Key;
use super::part::PartResult;
use crate::error::{EngineError, ErrorCode};
use crate::model::result::{AgentTotal, CalcResult};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// The whole book's result from its parts' results (all of them, any order).
pub fn merge(parts: Vec<PartResult>) -> Result<CalcResult, EngineError> {
    merge_with(parts, None)
}

/// The whole book's result without its lines, from the parts' summaries (their results with
/// the lines taken out, see [`super::output`]), when the lines were merged as text elsewhere:
/// `agents` are the agents in the order they first appear in the merged lines.
pub fn merge_summaries(parts: Vec<PartResult>, agents: Vec<String>) -> Result<CalcResult, EngineError> {
    merge_with(parts, Some(agents))
}

fn merge_with(mut parts: Vec<PartResult>, agent_order: Option<Vec<String>>) -> Result<CalcResult, EngineError> {
    check(&mut parts)?;
    let currency = parts[0].result.currency.clone();
    let mut lines_in = Vec::with_capacity(parts.len());
    let mut ladders_in = Vec::with_capacity(parts.len());
    let mut levels_in = Vec::with_capacity(parts.len());
    let mut warnings_in = Vec::with_capacity(parts.len());
    let mut totals: HashMap<String, AgentTotal> = HashMap::new();
    let mut statements = Vec::new();
    for p in parts {
        let r = p.result;
        let k = p.keys;
        lines_in.push(
            r.lines
                .into_iter()
                .zip(k.lines)
                .map(|(l, key)| ((l.earned_on, key), l))
                .collect::<Vec<_>>(),
        );
        ladders_in.push(keyed(r.ladders, k.ladders));
        levels_in.push(keyed(r.levels, k.levels));
        warnings_in.push(keyed(r.warnings, k.warnings));
        totals.extend(r.totals.into_iter().map(|t| (t.agent.clone(), t)));
        statements.extend(r.statements);
    }
    let lines = interleave(lines_in);
    // Totals come in the order each agent first appears in the lines.
    let order = agent_order.unwrap_or_else(|| lines.iter().map(|l| l.agent.clone()).collect());
    let mut totals_out = Vec::with_capacity(totals.len());
    for agent in &order {
        if let Some(t) = totals.remove(agent) {
            totals_out.push(t);
        }
    }
    statements.sort_by(|x, y| x.from.cmp(&y.from).then(x.agent.cmp(&y.agent)));
    Ok(CalcResult {
        currency,
        lines,
        totals: totals_out,
        statements,
        ladders: interleave(ladders_in),
        levels: interleave(levels_in),
        what_if: None,
        warnings: interleave(warnings_in),
    })
}

/// Sorts the parts' results by part and checks that they are every part of one split, each
/// with one key per item, all in one currency.
fn check(parts: &mut [PartResult]) -> Result<(), EngineError> {
    let bad = |m: String| EngineError::single(ErrorCode::InvalidOptions, "/parts", m);
    let count = parts
        .first()
        .map(|p| p.parts)
        .ok_or_else(|| bad("no part results to merge".into()))?;
    parts.sort_by_key(|p| p.part);
    if parts.len() != count || parts.iter().enumerate().any(|(i, p)| p.part != i || p.parts != count) {
        return Err(bad(format!(
            "expected the results of parts 0 to {} of one split",
            count.saturating_sub(1)
        )));
    }
    for p in parts.iter() {
        let k = &p.keys;
        let r = &p.result;
        if k.lines.len() != r.lines.len()
            || k.ladders.len() != r.ladders.len()
            || k.levels.len() != r.levels.len()
            || k.warnings.len() != r.warnings.len()
        {
            return Err(bad(format!("part {}: its keys do not match its result", p.part)));
        }
        if r.currency != parts[0].result.currency {
            return Err(bad(format!("part {}: another currency", p.part)));
        }
    }
    Ok(())
}

/// Items paired with their keys.
fn keyed<K, T>(items: Vec<T>, keys: Vec<K>) -> Vec<(K, T)> {
    keys.into_iter().zip(items).collect()
}

/// Interleaves sequences each already in order: repeatedly takes the smallest head (by key,
/// then by part), so each sequence keeps its own order.
pub fn interleave<K: Ord + Copy, T>(parts: Vec<Vec<(K, T)>>) -> Vec<T> {
    let total = parts.iter().map(Vec::len).sum();
    let mut iters: Vec<_> = parts.into_iter().map(|v| v.into_iter()).collect();
    let mut heap = BinaryHeap::new();
    let mut heads: Vec<Option<T>> = Vec::with_capacity(iters.len());
    for (p, it) in iters.iter_mut().enumerate() {
        match it.next() {
            Some((k, v)) => {
                heap.push(Reverse((k, p)));
                heads.push(Some(v));
            }
            None => heads.push(None),
        }
    }
    let mut out = Vec::with_capacity(total);
    while let Some(Reverse((_, p))) = heap.pop() {
        if let Some(v) = heads[p].take() {
            out.push(v);
        }
        if let Some((k, v)) = iters[p].next() {
            heap.push(Reverse((k, p)));
            heads[p] = Some(v);
        }
    }
    out
}

/// Keys of lines: the date, then the order key.
pub type LineKey = (crate::model::Date, Key);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_keeps_its_order_and_the_parts_interleave_by_key() {
        let a = vec![(1, "a1"), (5, "a5"), (3, "a3")];
        let b = vec![(2, "b2"), (4, "b4"), (5, "b5")];
        assert_eq!(interleave(vec![a, b]), ["a1", "b2", "b4", "a5", "a3", "b5"]);
    }
}

//! Plan comparison: two plans calculated on the same sales, and what differs per agent, per
//! rule and per line (plan modelling: what a plan change costs before it is rolled out).

use super::arith::{add, sub, Overflow};
use super::Engine;
use crate::error::{EngineError, ErrorCode};
use crate::model::compare::{AgentDelta, Comparison, LinePair, RuleDelta};
use crate::model::result::{LineKindOut, ResultLine};
use crate::model::{CalcResult, Id, Options, SalesDoc};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Calculates `sales` under plan A (`before`) and plan B (`after`) with the same `options`
/// and compares the results. The plans must share a currency.
pub fn compare(before: &Engine, after: &Engine, sales: &SalesDoc, options: &Options) -> Result<Comparison, EngineError> {
    same_currency(before, after)?;
    let a = before.calculate(sales, options)?;
    let b = after.calculate(sales, options)?;
    let scale = before.plan().scale.max(after.plan().scale);
    diff(&a, &b, scale).map_err(|_| EngineError::single(ErrorCode::Overflow, "", "a difference is too large to compute exactly"))
}

/// Plan B's currency must be plan A's: amounts in two currencies cannot be subtracted.
pub fn same_currency(before: &Engine, after: &Engine) -> Result<(), EngineError> {
    let (a, b) = (&before.plan().doc.currency, &after.plan().doc.currency);
    if a == b {
        return Ok(());
    }
    Err(EngineError::single(
        ErrorCode::InvalidPlan,
        "/currency",
        format!("plan B's currency {b} is not plan A's currency {a}: plans in two currencies cannot be compared"),
    ))
}

/// The comparison of two results; amounts missing on one side count as zero at `scale`.
pub fn diff(a: &CalcResult, b: &CalcResult, scale: u32) -> Result<Comparison, Overflow> {
    let zero = Decimal::new(0, scale);
    let agent_totals = |r: &CalcResult| r.totals.iter().map(|t| (t.agent.clone(), t.amount.get())).collect::<Vec<_>>();
    let agents = deltas(agent_totals(a), agent_totals(b), zero)?
        .into_iter()
        .map(|(agent, before, after, delta)| AgentDelta {
            agent,
            before: before.into(),
            after: after.into(),
            delta: delta.into(),
        })
        .collect();
    let rules = deltas(rule_totals(a)?, rule_totals(b)?, zero)?
        .into_iter()
        .map(|(rule, before, after, delta)| RuleDelta {
            rule,
            before: before.into(),
            after: after.into(),
            delta: delta.into(),
        })
        .collect();
    let before = total(a, zero)?;
    let after = total(b, zero)?;
    Ok(Comparison {
        currency: a.currency.clone(),
        before: before.into(),
        after: after.into(),
        delta: sub(after, before)?.into(),
        agents,
        rules,
        lines: line_pairs(&a.lines, &b.lines, zero)?,
    })
}

/// The sum of a result's agent totals.
fn total(r: &CalcResult, zero: Decimal) -> Result<Decimal, Overflow> {
    r.totals.iter().try_fold(zero, |s, t| add(s, t.amount.get()))
}

/// Per rule key of `totals[].by_rule`, summed over the agents, in first-seen order.
fn rule_totals(r: &CalcResult) -> Result<Vec<(Id, Decimal)>, Overflow> {
    let mut out: Vec<(Id, Decimal)> = Vec::new();
    let mut at: HashMap<Id, usize> = HashMap::new();
    for (rule, amount) in r.totals.iter().flat_map(|t| t.by_rule.iter()) {
        match at.get(rule) {
            Some(&i) => out[i].1 = add(out[i].1, amount.get())?,
            None => {
                at.insert(rule.clone(), out.len());
                out.push((rule.clone(), amount.get()));
            }
        }
    }
    Ok(out)
}

/// Joins two keyed lists: `(key, before, after, after - before)`, A's keys first.
fn deltas(a: Vec<(Id, Decimal)>, b: Vec<(Id, Decimal)>, zero: Decimal) -> Result<Vec<(Id, Decimal, Decimal, Decimal)>, Overflow> {
    let in_b: HashMap<&Id, Decimal> = b.iter().map(|(k, v)| (k, *v)).collect();
    let in_a: HashMap<&Id, Decimal> = a.iter().map(|(k, v)| (k, *v)).collect();
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for (k, before) in &a {
        let after = in_b.get(k).copied().unwrap_or(zero);
        out.push((k.clone(), *before, after, sub(after, *before)?));
    }
    for (k, after) in b.iter().filter(|(k, _)| !in_a.contains_key(k)) {
        out.push((k.clone(), zero, *after, sub(*after, zero)?));
    }
    Ok(out)
}

/// What pairs a line of A with a line of B.
type LineKey<'a> = (&'a str, Option<&'a str>, Option<u32>, LineKindOut, Option<&'a str>);

fn key(l: &ResultLine) -> LineKey<'_> {
    (&l.agent, l.invoice.as_deref(), l.line, l.kind, l.rule.as_deref())
}

/// The pairs of lines that differ: the n-th line of A with a key is paired with the n-th line
/// of B with the same key; a line without a counterpart is paired with `null`.
fn line_pairs(a: &[ResultLine], b: &[ResultLine], zero: Decimal) -> Result<Vec<LinePair>, Overflow> {
    let mut of_b: HashMap<LineKey<'_>, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, l) in b.iter().enumerate() {
        of_b.entry(key(l)).or_default().push_back(i);
    }
    let mut taken = vec![false; b.len()];
    let mut out = Vec::new();
    for l in a {
        let other = of_b.get_mut(&key(l)).and_then(|q| q.pop_front());
        let after = other.map(|i| {
            taken[i] = true;
            &b[i]
        });
        if after != Some(l) {
            out.push(pair(l, Some(l), after, zero)?);
        }
    }
    for (l, _) in b.iter().zip(&taken).filter(|(_, &t)| !t) {
        out.push(pair(l, None, Some(l), zero)?);
    }
    Ok(out)
}

/// The pair of `before` and `after`; `any` is one of them (it gives the key).
fn pair(any: &ResultLine, before: Option<&ResultLine>, after: Option<&ResultLine>, zero: Decimal) -> Result<LinePair, Overflow> {
    let amount = |l: Option<&ResultLine>| l.map(|l| l.amount.get()).unwrap_or(zero);
    Ok(LinePair {
        agent: any.agent.clone(),
        invoice: any.invoice.clone(),
        line: any.line,
        kind: any.kind,
        rule: any.rule.clone(),
        before: before.cloned(),
        after: after.cloned(),
        delta: sub(amount(after), amount(before))?.into(),
    })
}

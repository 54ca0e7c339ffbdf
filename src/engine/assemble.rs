//! From exact lines to the result: rounding (per line or per agent total), the `from`/`thru`
//! and `agents` filters, totals by agent, plan and rule, and payout statements.

use super::arith::{add, Overflow};
use super::context::Context;
use super::filter::Filter;
use super::lines::RawLine;
use super::period::period_of;
use super::rounding::{allocate_total, round_lines};
use crate::model::options::Options;
use crate::model::result::{AgentTotal, ResultLine, Statement};
use crate::money::{RoundAt, RoundingMode};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The written lines with the agents' totals and statements.
pub struct Assembled {
    /// The lines, rounded and filtered.
    pub lines: Vec<ResultLine>,
    /// Totals per agent, in order of first appearance.
    pub totals: Vec<AgentTotal>,
    /// Statements, by period then agent.
    pub statements: Vec<Statement>,
}

/// An agent's running sums: total, by plan, by rule.
type Sums = (Decimal, BTreeMap<String, Decimal>, BTreeMap<String, Decimal>);

/// Rounds, filters and writes the lines (which must be in date order), with the agents' totals
/// and statements.
pub fn assemble(ctx: &Context, options: &Options, lines: &[RawLine]) -> Result<Assembled, Overflow> {
    let plan = ctx.plan;
    let (scale, mode) = (plan.scale, plan.mode);
    let filter = Filter::new(ctx, options);
    let keep: Vec<usize> = (0..lines.len())
        .filter(|&i| filter.date(lines[i].date) && filter.agent(lines[i].agent))
        .collect();
    let amounts: Vec<Decimal> = match plan.at {
        RoundAt::Line => {
            let rounded = round_lines(lines, scale, mode)?;
            keep.iter().map(|&i| rounded[i]).collect()
        }
        RoundAt::Total => {
            let mut out = vec![Decimal::ZERO; keep.len()];
            let mut by_agent: HashMap<usize, Vec<usize>> = HashMap::new();
            for (k, &i) in keep.iter().enumerate() {
                by_agent.entry(lines[i].agent).or_default().push(k);
            }
            for ks in by_agent.values() {
                let exact: Vec<Decimal> = ks.iter().map(|&k| lines[keep[k]].amount).collect();
                for (&k, v) in ks.iter().zip(allocate_total(&exact, scale, mode)?) {
                    out[k] = v;
                }
            }
            out
        }
    };
    let mut result_lines = Vec::with_capacity(keep.len());
    let mut totals: BTreeMap<usize, Sums> = BTreeMap::new();
    let mut statements: BTreeMap<(usize, String), (crate::engine::period::Period, Decimal, u32)> = BTreeMap::new();
    let mut agent_order: Vec<usize> = Vec::new();
    for (&i, &amount) in keep.iter().zip(&amounts) {
        let l = &lines[i];
        let plan_id = l.plan.map(|p| plan.doc.plans[p].id.clone());
        let rule_id = l.plan.zip(l.rule).map(|(p, r)| plan.doc.plans[p].rules[r].id.clone());
        let t = totals.entry(l.agent).or_insert_with(|| {
            agent_order.push(l.agent);
            Default::default()
        });
        t.0 = add(t.0, amount)?;
        if let Some(p) = &plan_id {
            let e = t.1.entry(p.clone()).or_default();
            *e = add(*e, amount)?;
        }
        let rule_key = rule_id.clone().unwrap_or_else(|| level_key(l));
        let e = t.2.entry(rule_key).or_default();
        *e = add(*e, amount)?;
        if let Some(kind) = options.statements {
            let period = period_of(kind.into(), l.date);
            let s = statements
                .entry((l.agent, period.name.clone()))
                .or_insert((period, Decimal::ZERO, 0));
            s.1 = add(s.1, amount)?;
            s.2 += 1;
        }
        result_lines.push(ResultLine {
            agent: ctx.agent_id(l.agent).clone(),
            kind: l.kind,
            invoice: l.invoice.map(|x| ctx.invoices[x].doc.id.clone()),
            line: l.line,
            plan: plan_id,
            rule: rule_id,
            role: l.role.clone(),
            earned_on: l.date,
            base: l.base.map(|b| rescaled(b, scale).into()),
            rate: l.rate.map(|r| r.normalize().into()),
            amount: amount.into(),
            tier: l.tier,
            from_agent: l.from_agent.map(|a| ctx.agent_id(a).clone()),
            what_if: l.what_if,
            explain: l.explain.clone(),
        });
    }
    let zero = |mut d: Decimal| {
        d.rescale(scale);
        d
    };
    let totals_out = agent_order
        .iter()
        .map(|a| {
            let (amount, by_plan, by_rule) = &totals[a];
            AgentTotal {
                agent: ctx.agent_id(*a).clone(),
                amount: zero(*amount).into(),
                by_plan: by_plan.iter().map(|(k, v)| (k.clone(), zero(*v).into())).collect(),
                by_rule: by_rule.iter().map(|(k, v)| (k.clone(), zero(*v).into())).collect(),
            }
        })
        .collect();
    let mut statements_out: Vec<Statement> = statements
        .into_iter()
        .map(|((a, _), (period, amount, n))| Statement {
            agent: ctx.agent_id(a).clone(),
            period: period.name,
            from: period.from,
            thru: period.thru,
            amount: zero(amount).into(),
            lines: n,
        })
        .collect();
    statements_out.sort_by(|x, y| x.from.cmp(&y.from).then(x.agent.cmp(&y.agent)));
    Ok(Assembled {
        lines: result_lines,
        totals: totals_out,
        statements: statements_out,
    })
}

/// The `by_rule` key of a line with no rule (overrides and level bonuses): its kind.
fn level_key(l: &RawLine) -> String {
    match l.kind {
        crate::model::result::LineKindOut::Override => "override".into(),
        crate::model::result::LineKindOut::Bonus => "level_bonus".into(),
        _ => "other".into(),
    }
}

fn rescaled(value: Decimal, scale: u32) -> Decimal {
    let mut r = crate::money::round(value, scale, RoundingMode::HalfUp);
    r.rescale(scale);
    r
}

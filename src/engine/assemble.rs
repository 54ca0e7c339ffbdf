//! From exact lines to the result: rounding (per line or per agent total), the `from`/`thru`
//! and `agents` filters, totals by agent, plan and rule, and payout statements.

use super::arith::{add_exact as add, Overflow};
use super::budget::{line_bytes, Budget, Passed};
use super::compile::CompiledPlan;
use super::context::Context;
use super::filter::Filter;
use super::lines::RawLine;
use super::period::{period_of, Period, PeriodKind};
use super::rounding::{allocate_total, round_lines};
use crate::model::options::Options;
use crate::model::result::{AgentTotal, LineKindOut, ResultLine, Statement};
use crate::money::{round, RoundAt, RoundingMode};
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

/// Why the result could not be assembled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// A line's amount could not be held at the plan's scale, or added to a total exactly: the
    /// line's invoice (`None` for a line of no invoice).
    Overflow(Option<usize>),
    /// The written lines passed the byte budget at this invoice's line, with the bytes reached.
    Budget(Option<usize>, Passed, u64),
}

/// Rounds, filters and writes the lines (which must be in date order), with the agents' totals
/// and statements, within the budget's bytes. The lines' explanations are moved into the
/// result, not copied.
pub fn assemble(ctx: &Context, options: &Options, lines: &mut [RawLine], budget: &Budget) -> Result<Assembled, Failure> {
    let filter = Filter::new(ctx, options);
    let keep: Vec<usize> = (0..lines.len())
        .filter(|&i| filter.date(lines[i].date) && filter.agent(lines[i].agent))
        .collect();
    let amounts = rounded(ctx.plan, lines, &keep).map_err(|_: Overflow| Failure::Overflow(None))?;
    let mut sums = Sums::default();
    let mut result_lines = Vec::with_capacity(keep.len());
    let mut bytes = 0u64;
    for (&i, &amount) in keep.iter().zip(&amounts) {
        let l = &lines[i];
        if options.lines {
            let ids = [
                Some(ctx.agent_id(l.agent).as_str()),
                l.invoice.map(|x| ctx.invoices[x].doc.id.as_str()),
                l.plan.map(|p| ctx.plan.doc.plans[p].id.as_str()),
                l.plan.zip(l.rule).map(|(p, r)| ctx.plan.doc.plans[p].rules[r].id.as_str()),
                l.role.as_deref(),
                l.from_agent.map(|a| ctx.agent_id(a).as_str()),
            ];
            bytes += line_bytes(&ids, l.explain.as_deref());
            if bytes > budget.max_bytes {
                return Err(Failure::Budget(l.invoice.or(l.origin), Passed::Bytes, bytes));
            }
        }
        let mut line = written(ctx, l, amount);
        sums.add(l, &line, amount, options, ctx.plan.scale)
            .map_err(|_| Failure::Overflow(l.invoice.or(l.origin)))?;
        if options.lines {
            line.explain = lines[i].explain.take();
            result_lines.push(line);
        }
    }
    Ok(Assembled {
        lines: result_lines,
        totals: sums.totals(ctx),
        statements: sums.statements(ctx),
    })
}

/// The rounded amounts of the kept lines (indexes `keep`): each line rounded along its stream,
/// or each agent's total rounded once and allocated to its lines.
fn rounded(plan: &CompiledPlan, lines: &[RawLine], keep: &[usize]) -> Result<Vec<Decimal>, Overflow> {
    let (scale, mode) = (plan.scale, plan.mode);
    Ok(match plan.at {
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
    })
}

/// A line as the result writes it, with its rounded `amount` (the caller moves the explanation in).
fn written(ctx: &Context, l: &RawLine, amount: Decimal) -> ResultLine {
    let plan = ctx.plan;
    ResultLine {
        agent: ctx.agent_id(l.agent).clone(),
        kind: l.kind,
        invoice: l.invoice.map(|x| ctx.invoices[x].doc.id.clone()),
        line: l.line,
        plan: l.plan.map(|p| plan.doc.plans[p].id.clone()),
        rule: l.plan.zip(l.rule).map(|(p, r)| plan.doc.plans[p].rules[r].id.clone()),
        role: l.role.clone(),
        earned_on: l.date,
        base: l.base.map(|b| rescaled(b, plan.scale).into()),
        rate: l.rate.map(|r| r.normalize().into()),
        amount: amount.into(),
        tier: l.tier,
        from_agent: l.from_agent.map(|a| ctx.agent_id(a).clone()),
        what_if: l.what_if,
        explain: None,
    }
}

/// An agent's running sums: total, by plan, by rule, by line kind.
type AgentSums = (
    Decimal,
    BTreeMap<String, Decimal>,
    BTreeMap<String, Decimal>,
    BTreeMap<&'static str, Decimal>,
);

/// The running totals and statements of the written lines.
#[derive(Default)]
struct Sums {
    totals: BTreeMap<usize, AgentSums>,
    /// The agents in order of first appearance.
    agent_order: Vec<usize>,
    /// (agent, period name) → (period, amount, line count).
    statements: BTreeMap<(usize, String), (Period, Decimal, u32)>,
}

impl Sums {
    /// Counts a line (raw and written) with its rounded amount.
    fn add(&mut self, l: &RawLine, written: &ResultLine, amount: Decimal, options: &Options, scale: u32) -> Result<(), Overflow> {
        if amount.scale() < scale {
            // The decimal type cannot hold this amount with the plan's decimals.
            return Err(Overflow);
        }
        let order = &mut self.agent_order;
        let t = self.totals.entry(l.agent).or_insert_with(|| {
            order.push(l.agent);
            Default::default()
        });
        t.0 = add(t.0, amount)?;
        if let Some(p) = &written.plan {
            add_to(&mut t.1, p, amount)?;
        }
        add_to(&mut t.2, written.rule.as_deref().unwrap_or_else(|| level_key(l)), amount)?;
        let kind = t.3.entry(kind_name(l.kind)).or_default();
        *kind = add(*kind, amount)?;
        if let Some(kind) = options.statements {
            let period = match PeriodKind::of_statement(kind) {
                Some(kind) => period_of(kind, l.date),
                // `all`: one statement per agent, from `options.from` (else the agent's
                // earliest line) to `options.thru` (else its latest).
                None => Period {
                    from: options.from.unwrap_or(l.date),
                    thru: options.thru.unwrap_or(l.date),
                    name: "all".into(),
                },
            };
            let s = self
                .statements
                .entry((l.agent, period.name.clone()))
                .or_insert((period.clone(), Decimal::ZERO, 0));
            s.0.from = s.0.from.min(period.from);
            s.0.thru = s.0.thru.max(period.thru);
            s.1 = add(s.1, amount)?;
            s.2 += 1;
        }
        Ok(())
    }

    /// Totals per agent, in order of first appearance.
    fn totals(&self, ctx: &Context) -> Vec<AgentTotal> {
        let scale = ctx.plan.scale;
        self.agent_order
            .iter()
            .map(|a| {
                let (amount, by_plan, by_rule, by_kind) = &self.totals[a];
                AgentTotal {
                    agent: ctx.agent_id(*a).clone(),
                    amount: zero(*amount, scale).into(),
                    by_plan: by_plan.iter().map(|(k, v)| (k.clone(), zero(*v, scale).into())).collect(),
                    by_rule: by_rule.iter().map(|(k, v)| (k.clone(), zero(*v, scale).into())).collect(),
                    by_kind: by_kind.iter().map(|(k, v)| (k.to_string(), zero(*v, scale).into())).collect(),
                }
            })
            .collect()
    }

    /// Statements, by period then agent.
    fn statements(self, ctx: &Context) -> Vec<Statement> {
        let scale = ctx.plan.scale;
        let mut out: Vec<Statement> = self
            .statements
            .into_iter()
            .map(|((a, _), (period, amount, n))| Statement {
                agent: ctx.agent_id(a).clone(),
                period: period.name,
                from: period.from,
                thru: period.thru,
                amount: zero(amount, scale).into(),
                lines: n,
            })
            .collect();
        out.sort_by(|x, y| x.from.cmp(&y.from).then(x.agent.cmp(&y.agent)));
        out
    }
}

/// An amount at the plan's scale (a sum of rounded amounts, rescaled to show every decimal).
fn zero(mut d: Decimal, scale: u32) -> Decimal {
    d.rescale(scale);
    d
}

/// The `by_rule` key of a line with no rule (overrides, level bonuses, draws, draw recoveries,
/// holdbacks and releases): its kind.
fn level_key(l: &RawLine) -> &'static str {
    match l.kind {
        _ if l.from_agent.is_some() => "override",
        LineKindOut::Override => "override",
        LineKindOut::Bonus => "level_bonus",
        LineKindOut::Draw => "draw",
        LineKindOut::DrawRecovery => "draw_recovery",
        LineKindOut::Holdback => "holdback",
        LineKindOut::Release => "release",
        _ => "other",
    }
}

/// The name of a line kind, as the result writes it.
pub fn kind_name(kind: LineKindOut) -> &'static str {
    match kind {
        LineKindOut::Commission => "commission",
        LineKindOut::Override => "override",
        LineKindOut::Bonus => "bonus",
        LineKindOut::TrueUp => "true_up",
        LineKindOut::Clawback => "clawback",
        LineKindOut::Cap => "cap",
        LineKindOut::Draw => "draw",
        LineKindOut::DrawRecovery => "draw_recovery",
        LineKindOut::Holdback => "holdback",
        LineKindOut::Release => "release",
    }
}

/// Adds `amount` to the sum of `key` (the key is allocated only the first time it is seen).
fn add_to(sums: &mut BTreeMap<String, Decimal>, key: &str, amount: Decimal) -> Result<(), Overflow> {
    match sums.get_mut(key) {
        Some(sum) => *sum = add(*sum, amount)?,
        None => {
            sums.insert(key.to_string(), amount);
        }
    }
    Ok(())
}

/// A base as the result shows it: rounded half up to the plan's scale.
fn rescaled(value: Decimal, scale: u32) -> Decimal {
    let mut r = round(value, scale, RoundingMode::HalfUp);
    r.rescale(scale);
    r
}

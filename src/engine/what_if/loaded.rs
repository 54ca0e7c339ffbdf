//! Incremental what-if: a sales history loaded once, then asked many what-if questions.
//!
//! Loading checks the history, indexes it ([`Index`]) and keeps it. A what-if then computes
//! only its [`Scope`] (the agents the hypothetical invoices can change, with the invoices that
//! decide their results) in a small sub-document, with and without the hypothetical invoices,
//! and reports the difference. Without `from`/`thru`/`agents` filters the "without" side is
//! the loaded history's own result (computed once, on the first such question), so a what-if
//! costs one calculation of its scope.

use super::report::{what_if_report, Side};
use super::scope::{Index, Scope, SubSales};
use crate::engine::context::Context;
use crate::engine::{compute, Engine};
use crate::error::{EngineError, ErrorCode};
use crate::limits::MAX_WHAT_IF_INVOICES;
use crate::model::result::{AgentTotal, LadderReport, LevelReport, Warning};
use crate::model::sales::{Invoice, SalesDoc};
use crate::model::what_if::WhatIfAnswer;
use crate::model::{CalcResult, Id, Options};
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A sales history loaded into an engine.
#[derive(Clone, Debug)]
pub struct Loaded {
    engine: Engine,
    sales: SalesDoc,
    index: Index,
    baseline: OnceCell<Baseline>,
}

/// The loaded history's own result, indexed by agent for the "before" side of what-ifs.
#[derive(Clone, Debug)]
struct Baseline {
    result: CalcResult,
    /// Per agent: the indexes of its total, period ladders and level reports in `result`.
    rows: HashMap<Id, AgentRows>,
    /// Every warning, as a key (see [`warning_key`]).
    warnings: HashSet<String>,
}

/// Where one agent's rows are in a result.
#[derive(Clone, Debug, Default)]
struct AgentRows {
    totals: Vec<usize>,
    ladders: Vec<usize>,
    levels: Vec<usize>,
}

impl Baseline {
    fn new(result: CalcResult) -> Baseline {
        let mut rows: HashMap<Id, AgentRows> = HashMap::new();
        for (i, t) in result.totals.iter().enumerate() {
            rows.entry(t.agent.clone()).or_default().totals.push(i);
        }
        for (i, l) in result.ladders.iter().enumerate().filter(|(_, l)| l.invoice.is_none()) {
            rows.entry(l.agent.clone()).or_default().ladders.push(i);
        }
        for (i, l) in result.levels.iter().enumerate() {
            rows.entry(l.agent.clone()).or_default().levels.push(i);
        }
        let warnings = result.warnings.iter().map(warning_key).collect();
        Baseline { result, rows, warnings }
    }
}

/// A warning as one string, to compare warnings.
fn warning_key(w: &Warning) -> String {
    format!("{}\u{0}{}\u{0}{}", w.code, w.path, w.message)
}

/// The "before" side of a what-if, for the agents of its scope.
struct Before {
    totals: Vec<AgentTotal>,
    ladders: Vec<LadderReport>,
    levels: Vec<LevelReport>,
    warnings: HashSet<String>,
}

impl Before {
    /// The scope's own result without the hypothetical invoices, for the agents `ids`.
    fn of_scope(r: CalcResult, ids: &BTreeSet<&str>) -> Before {
        let keep = |agent: &str| ids.contains(agent);
        Before {
            totals: r.totals.into_iter().filter(|t| keep(&t.agent)).collect(),
            ladders: r
                .ladders
                .into_iter()
                .filter(|l| keep(&l.agent) && l.invoice.is_none())
                .collect(),
            levels: r.levels.into_iter().filter(|l| keep(&l.agent)).collect(),
            warnings: r.warnings.iter().map(warning_key).collect(),
        }
    }

    /// The loaded history's own rows of the agents `ids` (its warnings are the baseline's).
    fn of_baseline(b: &Baseline, ids: &BTreeSet<&str>) -> Before {
        let none = AgentRows::default();
        let rows: Vec<&AgentRows> = ids.iter().map(|a| b.rows.get(*a).unwrap_or(&none)).collect();
        let pick = |f: fn(&AgentRows) -> &Vec<usize>| -> Vec<usize> { rows.iter().flat_map(|r| f(r).iter().copied()).collect() };
        Before {
            totals: pick(|r| &r.totals).into_iter().map(|i| b.result.totals[i].clone()).collect(),
            ladders: pick(|r| &r.ladders)
                .into_iter()
                .map(|i| b.result.ladders[i].clone())
                .collect(),
            levels: pick(|r| &r.levels).into_iter().map(|i| b.result.levels[i].clone()).collect(),
            warnings: HashSet::new(),
        }
    }
}

impl Loaded {
    /// Checks `sales` against the engine's plan and indexes it.
    pub fn new(engine: &Engine, sales: SalesDoc) -> Result<Loaded, EngineError> {
        let options = Options::default();
        let index = Index::build(&Context::new(engine.plan(), &sales, &options, false)?);
        Ok(Loaded {
            engine: engine.clone(),
            sales,
            index,
            baseline: OnceCell::new(),
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Compares this engine's plan (A) with `other` (B) on the loaded history, without
    /// checking or indexing it again.
    pub fn compare(&self, other: &Engine, options: &Options) -> Result<crate::model::compare::Comparison, EngineError> {
        other.check_sales(&self.sales)?;
        self.engine.compare(other, &self.sales, options)
    }

    /// The loaded sales.
    pub fn sales(&self) -> &SalesDoc {
        &self.sales
    }

    /// The index of the loaded sales.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The loaded history's result without filters (computed on first use).
    pub fn baseline(&self) -> Result<&CalcResult, EngineError> {
        Ok(&self.indexed_baseline()?.result)
    }

    fn indexed_baseline(&self) -> Result<&Baseline, EngineError> {
        if let Some(b) = self.baseline.get() {
            return Ok(b);
        }
        let r = self.engine.calculate(
            &self.sales,
            &Options {
                explain: false,
                ..Options::default()
            },
        )?;
        Ok(self.baseline.get_or_init(|| Baseline::new(r)))
    }

    /// The sub-document of `scope`, with the hypothetical invoices given to fix `as_of` and the
    /// agents `named` by the options.
    pub fn sub_sales(&self, scope: &Scope, what_if: &[Invoice], named: &[Id]) -> SubSales {
        self.index.sub_sales(self.engine.plan(), &self.sales, scope, what_if, named)
    }

    /// Computes a sub-document, with the hypothetical invoices of `options` or without.
    pub fn compute_sub(&self, sub: &SubSales, options: &Options, with_what_if: bool) -> Result<CalcResult, EngineError> {
        let without;
        let sales = if !with_what_if && sub.sales.as_of != sub.as_of_without {
            without = SalesDoc {
                as_of: sub.as_of_without,
                ..sub.sales.clone()
            };
            &without
        } else {
            &sub.sales
        };
        let ctx = crate::engine::prepare(self.engine.plan(), sales, options, with_what_if)
            .map_err(|e| e.with_paths(|p| sub.original_path(p)))?;
        let mut r = compute(&ctx, options).map_err(|e| e.with_paths(|p| sub.original_path(p)))?;
        for w in &mut r.warnings {
            w.path = sub.original_path(&w.path);
        }
        Ok(r)
    }

    /// What the hypothetical invoices `options.what_if` change, computed on their scope only.
    /// The answer's `what_if` equals a full calculation's with the same options.
    pub fn what_if(&self, options: &Options) -> Result<WhatIfAnswer, EngineError> {
        if options.what_if.len() > MAX_WHAT_IF_INVOICES {
            return Err(EngineError::single(
                ErrorCode::LimitExceeded,
                "/what_if",
                format!("at most {MAX_WHAT_IF_INVOICES} hypothetical invoices at once"),
            ));
        }
        let scope = self.index.scope(&self.sales, &options.what_if, &[]);
        let sub = self.sub_sales(&scope, &options.what_if, &options.agents);
        let after = self.compute_sub(&sub, options, true)?;
        let ids: BTreeSet<&str> = scope.agents.iter().map(|&a| self.sales.agents[a].id.as_str()).collect();
        let keep = |agent: &str| ids.contains(agent);
        let filtered = options.from.is_some() || options.thru.is_some() || !options.agents.is_empty();
        let before = if filtered {
            let r = self.compute_sub(&sub, options, false)?;
            Before::of_scope(r, &ids)
        } else {
            Before::of_baseline(self.indexed_baseline()?, &ids)
        };
        let after_totals: Vec<AgentTotal> = after.totals.iter().filter(|t| keep(&t.agent)).cloned().collect();
        let after_ladders: Vec<LadderReport> = after.ladders.iter().filter(|l| keep(&l.agent)).cloned().collect();
        let after_levels: Vec<LevelReport> = after.levels.iter().filter(|l| keep(&l.agent)).cloned().collect();
        let report = what_if_report(
            Side {
                totals: &before.totals,
                ladders: &before.ladders,
                levels: &before.levels,
            },
            Side {
                totals: &after_totals,
                ladders: &after_ladders,
                levels: &after_levels,
            },
        );
        let changed: BTreeSet<&str> = report
            .agents
            .iter()
            .map(|a| a.agent.as_str())
            .chain(report.crossings.iter().map(|c| c.agent.as_str()))
            .collect();
        let known = if filtered {
            &before.warnings
        } else {
            &self.indexed_baseline()?.warnings
        };
        let warnings = after
            .warnings
            .iter()
            .filter(|w| !known.contains(&warning_key(w)))
            .cloned()
            .collect();
        Ok(WhatIfAnswer {
            currency: after.currency.clone(),
            lines: after.lines.iter().filter(|l| l.what_if && keep(&l.agent)).cloned().collect(),
            totals: after_totals
                .into_iter()
                .filter(|t| changed.contains(t.agent.as_str()))
                .collect(),
            ladders: after_ladders
                .into_iter()
                .filter(|l| changed.contains(l.agent.as_str()))
                .collect(),
            levels: after_levels
                .into_iter()
                .filter(|l| changed.contains(l.agent.as_str()))
                .collect(),
            what_if: report,
            warnings,
            recomputed_invoices: scope.invoices.len(),
        })
    }
}

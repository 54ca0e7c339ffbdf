//! Partner levels: the measures of every agent over each level's window ending at `as_of`, the
//! highest level whose every requirement holds (`qualified`), the change against the level the
//! agent holds, what is missing for the next level up, the level bonus (paid as a `bonus` line
//! dated `as_of`) and the level discount.
//!
//! Definitions (see docs/levels.md):
//! - personal `sales`: the agent's share of the net base of every invoice it is credited with
//!   (whatever its plan, or none), in the plan currency; credit notes subtract.
//! - `group_sales`: personal sales of the agent and of its whole downline, all generations.
//! - `customers`: distinct customers of invoices credited to the agent with a positive share.
//! - `recruits`: direct downline agents that are active: positive personal sales in the window,
//!   or an operational stage (see [`operational_rank`]).
//! - `activation`: the agent's stage ranks at or above the required one; no stage fails.

pub mod eligibility;
pub mod measures;
pub mod reviews;
pub mod tree;

use super::arith::{pct, Overflow};
use super::context::Context;
use super::explain::{money, plain};
use super::filter::selected;
use super::lines::{RawLine, Writer};
use crate::error::{EngineError, ErrorCode};
use crate::model::options::Options;
use crate::model::result::{
    LegMeasure, LevelChange, LevelMeasures, LevelPath, LevelReport, LevelReviewReport, LineKindOut, NextLevel, Warning,
};
use crate::model::{Date, Id};
use crate::money::{round, RoundingMode};
use eligibility::{check, counted_group_sales, leg_counted, leg_percent, shown_group_need, Check, Stage, Subject};
use measures::{measure, Measures, SalesIndex, Span};
use rust_decimal::Decimal;
use tree::Tree;

/// The rank of the stage that counts as operational: the stage named `operational` when the
/// plan's stages include it, else the highest stage; `None` when the plan has no stages.
pub fn operational_rank(ctx: &Context) -> Option<usize> {
    ctx.plan
        .activation_rank("operational")
        .or_else(|| ctx.plan.activations.len().checked_sub(1))
}

/// Whether each agent is operational at `as_of`: its stage then ranks at or above the
/// operational one. An agent with no stage is not (as for a plan's `requires_activation`); when
/// the plan declares no stages at all, every agent is.
pub fn operational(ctx: &Context) -> Vec<bool> {
    operational_on(ctx, ctx.as_of)
}

/// Whether each agent is operational on `date` (see [`operational`]).
pub fn operational_on(ctx: &Context, date: Date) -> Vec<bool> {
    let need = operational_rank(ctx);
    (0..ctx.sales.agents.len())
        .map(|a| match need {
            None => true,
            Some(need) => ctx
                .agent_on(a, date)
                .activation
                .and_then(|s| ctx.plan.activation_rank(s))
                .map(|r| r >= need)
                .unwrap_or(false),
        })
        .collect()
}

/// The level an agent holds at `as_of`: the one set by the last level review on or before
/// `as_of`, else its `level` (or its `history`'s) in force then, as a level index.
pub fn held(ctx: &Context, agent: usize) -> Option<usize> {
    held_by(ctx, agent, ctx.as_of)
}

/// The level an agent holds by the end of `date`: the one set by the last level review on or
/// before it, else its `level` (or its `history`'s) in force that day.
pub fn held_by(ctx: &Context, agent: usize, date: Date) -> Option<usize> {
    ctx.reviews.by(agent, date).unwrap_or_else(|| ctx.agent_on(agent, date).level)
}

/// The stage an agent is at on `as_of` (its `activation`, or its `history`'s).
pub fn stage<'a>(ctx: &Context<'a>, agent: usize) -> Option<&'a Id> {
    ctx.agent_on(agent, ctx.as_of).activation
}

/// Where one agent stands.
#[derive(Clone, Debug, Default)]
pub struct Standing {
    /// The highest level whose every requirement holds (level index).
    pub qualified: Option<usize>,
    /// The next level up and what is missing for it.
    pub next: Option<(usize, Check)>,
    /// The exact level bonus, when the qualified level pays one.
    pub bonus: Option<Decimal>,
    /// The highest level above `qualified` that only the activation stage keeps out of reach,
    /// with the stage it needs.
    pub stage_blocked: Option<(usize, Id)>,
}

/// The levels of every agent, and the hierarchy they were measured on.
#[derive(Clone, Debug)]
pub struct Levels {
    /// The date measured: the end of the levels' windows, the day of the hierarchy and stages.
    date: Date,
    /// The upline tree.
    pub tree: Tree,
    /// Whether each agent is operational.
    pub operational: Vec<bool>,
    /// Measures per distinct window; `window_of[level]` indexes it.
    measures: Vec<Measures>,
    window_of: Vec<usize>,
    /// Level indexes by ascending rank.
    ranked: Vec<usize>,
    /// One per agent when the plan has levels, else empty.
    standings: Vec<Standing>,
}

impl Levels {
    /// Measures and qualifies every agent at `as_of`. Without levels in the plan only the
    /// tree is built.
    pub fn evaluate(ctx: &Context) -> Result<Levels, EngineError> {
        if ctx.plan.doc.levels.is_empty() {
            return Ok(Levels::bare(ctx, ctx.as_of));
        }
        Levels::at(ctx, &index(ctx)?, ctx.as_of).map_err(|_| too_large())
    }

    /// The tree and stages in force on `date` only: no level measured.
    fn bare(ctx: &Context, date: Date) -> Levels {
        let (tree, operational) = if date == ctx.as_of {
            (Tree::new(&ctx.upline), operational(ctx))
        } else {
            (Tree::new(&ctx.dated.uplines(Some(date))), operational_on(ctx, date))
        };
        Levels {
            date,
            tree,
            operational,
            measures: Vec::new(),
            window_of: Vec::new(),
            ranked: Vec::new(),
            standings: Vec::new(),
        }
    }

    /// Measures and qualifies every agent over the levels' windows ending on `date` (the plan
    /// has levels).
    pub fn at(ctx: &Context, index: &SalesIndex, date: Date) -> Result<Levels, Overflow> {
        let levels = &ctx.plan.doc.levels;
        let mut out = Levels::bare(ctx, date);
        for l in levels {
            let span = Span::window(l.window.as_ref(), date);
            let w = match out.measures.iter().position(|m| m.span == span) {
                Some(w) => w,
                None => {
                    out.measures.push(measure(&out.tree, index, span, &out.operational)?);
                    out.measures.len() - 1
                }
            };
            out.window_of.push(w);
        }
        out.ranked = (0..levels.len()).collect();
        out.ranked.sort_by_key(|&l| levels[l].rank);
        out.standings = (0..ctx.sales.agents.len())
            .map(|a| out.stand(ctx, a))
            .collect::<Result<_, _>>()?;
        Ok(out)
    }

    /// Agent `a`'s personal and group sales (exact; group sales uncapped) over level `l`'s
    /// window: an earnings curve reads them to find where a requirement is reached.
    pub fn sales_over(&self, a: usize, l: usize) -> Option<(Decimal, Decimal)> {
        let m = self.measures.get(*self.window_of.get(l)?)?;
        Some((*m.sales.get(a)?, *m.group_sales.get(a)?))
    }

    /// Where agent `a` stands.
    fn stand(&self, ctx: &Context, a: usize) -> Result<Standing, Overflow> {
        let levels = &ctx.plan.doc.levels;
        let scale = ctx.plan.scale;
        let stage = Stage {
            rank: ctx
                .agent_on(a, self.date)
                .activation
                .and_then(|s| ctx.plan.activation_rank(s)),
            ranks: &ctx.plan.activations,
        };
        let mut checks = Vec::with_capacity(self.ranked.len());
        for &l in &self.ranked {
            let subject = Subject {
                measures: &self.measures[self.window_of[l]],
                agent: a,
                legs: self.tree.children(a),
                stage,
            };
            checks.push(check(&levels[l], &subject, scale)?);
        }
        let top = checks.iter().rposition(|c| c.met);
        let qualified = top.map(|k| self.ranked[k]);
        let above = top.map(|k| k + 1).unwrap_or(0);
        let stage_blocked = (above..self.ranked.len())
            .rev()
            .find_map(|k| checks[k].stage_only.clone().map(|need| (self.ranked[k], need)));
        let next = (above < self.ranked.len()).then(|| (self.ranked[above], checks.swap_remove(above)));
        let bonus = match qualified.and_then(|l| levels[l].bonus_percent.map(|p| (l, p.0))) {
            Some((l, p)) => Some(pct(self.measures[self.window_of[l]].sales[a], p)?.max(Decimal::ZERO)),
            None => None,
        };
        Ok(Standing {
            qualified,
            next,
            bonus,
            stage_blocked,
        })
    }

    /// Where agent `a` stands (`None` when the plan has no levels).
    pub fn standing(&self, a: usize) -> Option<&Standing> {
        self.standings.get(a)
    }

    /// The level whose window the measures shown for an agent are over: its qualified level,
    /// else the lowest level.
    fn shown(&self, s: &Standing) -> Option<usize> {
        s.qualified.or_else(|| self.ranked.first().copied())
    }

    /// Agent `a`'s measures over level `l`'s window, as reported: money rounded half up to the
    /// plan scale; under a leg cap, `group_sales` is the counted figure and `legs` lists each leg.
    fn measures_report(&self, ctx: &Context, a: usize, l: usize) -> Result<LevelMeasures, Overflow> {
        let level = &ctx.plan.doc.levels[l];
        let m = &self.measures[self.window_of[l]];
        let scale = ctx.plan.scale;
        let money_out = |v: Decimal| {
            let mut r = round(v, scale, RoundingMode::HalfUp);
            r.rescale(scale);
            crate::money::Dec(r)
        };
        let (percent, need) = (leg_percent(level), shown_group_need(level).unwrap_or_default());
        let mut group_sales = m.group_sales[a];
        let mut legs = None;
        if percent.is_some() {
            let subject = Subject {
                measures: m,
                agent: a,
                legs: self.tree.children(a),
                stage: Stage {
                    rank: None,
                    ranks: &ctx.plan.activations,
                },
            };
            group_sales = counted_group_sales(&subject, need, percent)?;
            let list = subject.legs.iter().map(|&c| {
                Ok(LegMeasure {
                    agent: ctx.agent_id(c).clone(),
                    sales: money_out(m.group_sales[c]),
                    counted: money_out(leg_counted(m.group_sales[c], need, percent)?),
                })
            });
            legs = Some(list.collect::<Result<Vec<_>, Overflow>>()?);
        }
        Ok(LevelMeasures {
            sales: money_out(m.sales[a]),
            customers: m.customers[a],
            group_sales: money_out(group_sales),
            recruits: m.recruits[a],
            activation: stage(ctx, a).cloned(),
            from: m.span.from,
            thru: Some(m.span.thru),
            legs,
        })
    }

    /// The level bonus lines: one `bonus` line dated `as_of` per agent whose qualified level
    /// pays a non-zero bonus.
    pub fn bonus_lines(&self, ctx: &Context, writer: &mut Writer) {
        let scale = ctx.plan.scale;
        for (a, s) in self.standings.iter().enumerate() {
            let (Some(bonus), Some(l)) = (s.bonus, s.qualified) else {
                continue;
            };
            if bonus.is_zero() {
                continue;
            }
            let level = &ctx.plan.doc.levels[l];
            let m = &self.measures[self.window_of[l]];
            let rate = level.bonus_percent.map(|p| p.0).unwrap_or_default();
            let explain = writer.explain(|| {
                format!(
                    "level `{}` bonus: {} % of personal sales of {} {}",
                    level.id,
                    plain(rate),
                    money(m.sales[a], scale),
                    span_text(&m.span)
                )
            });
            let line = RawLine {
                base: Some(m.sales[a]),
                rate: Some(rate),
                explain,
                ..RawLine::new(a, LineKindOut::Bonus, ctx.as_of, bonus, writer.stream())
            };
            writer.push(line);
        }
    }

    /// Warnings for agents that a stage alone keeps from a higher level.
    pub fn warnings(&self, ctx: &Context) -> Vec<Warning> {
        let mut out = Vec::new();
        for (a, s) in self.standings.iter().enumerate() {
            let Some((l, need)) = &s.stage_blocked else { continue };
            let level = &ctx.plan.doc.levels[*l];
            let agent = ctx.agent(a);
            out.push(Warning {
                code: "activation_required".into(),
                path: format!("/agents/{a}/activation"),
                message: format!(
                    "agent `{}` meets every other requirement of level `{}` but is at stage `{}`; the level requires `{need}`",
                    agent.id,
                    level.id,
                    stage(ctx, a).map(|s| s.as_str()).unwrap_or("none"),
                ),
            });
        }
        out
    }

    /// The `levels` entries of the result: every agent (or those of `options.agents`) when the
    /// plan has levels, in document order.
    pub fn reports(&self, ctx: &Context, options: &Options) -> Result<Vec<LevelReport>, Overflow> {
        let levels = &ctx.plan.doc.levels;
        let (scale, mode) = (ctx.plan.scale, ctx.plan.mode);
        let selected = selected(ctx, options);
        let mut out = Vec::new();
        for (a, s) in self.standings.iter().enumerate() {
            if !selected[a] {
                continue;
            }
            let Some(shown) = self.shown(s) else { continue };
            let current = held(ctx, a);
            let rank = |l: Option<usize>| l.map(|l| levels[l].rank);
            let change = match (rank(current), rank(s.qualified)) {
                (c, q) if c == q => LevelChange::Keep,
                (c, q) if q > c => LevelChange::Promote,
                _ => LevelChange::Demote,
            };
            let next = match &s.next {
                Some((l, c)) => Some(NextLevel {
                    level: levels[*l].id.clone(),
                    missing: c.missing.clone(),
                    measures: self.measures_report(ctx, a, *l)?,
                    paths: c.paths.iter().map(|m| LevelPath { missing: m.clone() }).collect(),
                }),
                None => None,
            };
            out.push(LevelReport {
                agent: ctx.agent_id(a).clone(),
                current: current.map(|l| levels[l].id.clone()),
                qualified: s.qualified.map(|l| levels[l].id.clone()),
                change,
                measures: self.measures_report(ctx, a, shown)?,
                bonus: s.bonus.map(|b| {
                    let mut r = round(b, scale, mode);
                    r.rescale(scale);
                    r.into()
                }),
                discount_percent: s.qualified.and_then(|l| levels[l].discount_percent),
                next,
                reviews: review_reports(ctx, a),
                next_review: next_review(ctx, a),
            });
        }
        Ok(out)
    }
}

/// Agent `a`'s level reviews as reported.
fn review_reports(ctx: &Context, a: usize) -> Vec<LevelReviewReport> {
    let id = |l: Option<usize>| l.map(|l| ctx.plan.doc.levels[l].id.clone());
    let outcomes = ctx.reviews.outcomes.get(a).map(Vec::as_slice).unwrap_or_default();
    ctx.reviews
        .periods
        .iter()
        .zip(outcomes)
        .map(|((period, _), r)| LevelReviewReport {
            period: period.clone(),
            qualified: id(r.qualified),
            level: id(r.level),
        })
        .collect()
}

/// What agent `a`'s next level review would give on the sales known.
fn next_review(ctx: &Context, a: usize) -> Option<LevelReviewReport> {
    let (period, _) = ctx.reviews.next.as_ref()?;
    let r = ctx.reviews.projected.get(a)?;
    let id = |l: Option<usize>| l.map(|l| ctx.plan.doc.levels[l].id.clone());
    Some(LevelReviewReport {
        period: period.clone(),
        qualified: id(r.qualified),
        level: id(r.level),
    })
}

/// Every invoice's net base and credited agents, for the level measures.
pub fn index(ctx: &Context) -> Result<SalesIndex, EngineError> {
    SalesIndex::new(ctx).map_err(|(i, _)| {
        EngineError::single(
            ErrorCode::Overflow,
            ctx.invoices[i].path(),
            "an amount of this invoice is too large to compute exactly",
        )
    })
}

/// The error of a level measure too large for the decimal type.
pub fn too_large() -> EngineError {
    EngineError::single(
        ErrorCode::Overflow,
        "/agents",
        "a level measure is too large to compute exactly",
    )
}

/// `from 2025-07-01 to 2026-06-30`, or `up to 2026-06-30` for all history.
fn span_text(span: &Span) -> String {
    match span.from {
        Some(f) => format!("from {f} to {}", span.thru),
        None => format!("up to {}", span.thru),
    }
}

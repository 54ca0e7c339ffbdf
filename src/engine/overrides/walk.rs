//! The walk up the hierarchy from an earning agent: each upline with its generation, skipping
//! (under `compress`) uplines that cannot be paid, and the limits of the uplines' levels.

use crate::engine::context::Context;
use crate::engine::levels::tree::Tree;
use crate::engine::levels::{operational_on, Levels};
use crate::model::result::Warning;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The walk up the hierarchy as it stands on one span of dates, prepared once.
pub struct Walk {
    /// The date the hierarchy is taken on (`None`: the agents' own fields).
    date: Option<Date>,
    /// Each agent's upline.
    upline: Vec<Option<usize>>,
    /// Whether each agent is operational.
    operational: Vec<bool>,
    /// Whether each agent can be paid under `compress`: operational, and holding a level when
    /// the plan defines levels (else no one could hold one).
    eligible: Vec<bool>,
    /// The nearest eligible upline of each agent.
    next_eligible: Vec<Option<usize>>,
    /// The generations each agent is paid (its held level's `override_generations`).
    limit: Vec<Option<u32>>,
    /// Each agent's held level (index).
    held: Vec<Option<usize>>,
    /// Each agent's held level's `differential_percent` (0 when the level gives none); `None`
    /// for an agent without a level.
    pub differential: Vec<Option<Decimal>>,
    /// The highest `differential_percent` of any level: no upline earns more.
    pub top_differential: Decimal,
}

impl Walk {
    /// Prepares the walk over the hierarchy in force on the sales of span `span` of the dated
    /// agents (see [`crate::engine::context::dated::Dated::span`]); without any `history`, over
    /// the hierarchy of `levels`.
    pub fn new(ctx: &Context, levels: &Levels, span: usize) -> Walk {
        let (date, upline, order, operational) = if ctx.dated.changes() {
            let date = ctx.dated.span_start(span);
            let tree = Tree::new(&ctx.dated.uplines(date));
            let operational = operational_on(ctx, date.unwrap_or(Date::MIN));
            (date, tree.upline, tree.order, operational)
        } else {
            let tree = &levels.tree;
            (None, tree.upline.clone(), tree.order.clone(), levels.operational.clone())
        };
        let doc_levels = &ctx.plan.doc.levels;
        let needs_level = !doc_levels.is_empty();
        // The level held on the span's dates: set by the last level review before them, else
        // the agent's `level` (or its `history`'s) in force.
        let held: Vec<Option<usize>> = (0..upline.len())
            .map(|a| match date {
                Some(d) => ctx.level_on(a, d),
                None => ctx.dated.at(a, None).level,
            })
            .collect();
        let eligible: Vec<bool> = (0..upline.len())
            .map(|a| operational[a] && (!needs_level || held[a].is_some()))
            .collect();
        // Uplines first, so each agent's upline is done before it.
        let mut next_eligible: Vec<Option<usize>> = vec![None; upline.len()];
        for &a in &order {
            next_eligible[a] = upline[a].and_then(|u| if eligible[u] { Some(u) } else { next_eligible[u] });
        }
        let limit = held
            .iter()
            .map(|l| l.and_then(|l| doc_levels[l].override_generations))
            .collect();
        let percent = |l: usize| doc_levels[l].differential_percent.map(|p| p.0).unwrap_or_default();
        Walk {
            date,
            upline,
            operational,
            eligible,
            next_eligible,
            limit,
            differential: held.iter().map(|l| l.map(percent)).collect(),
            top_differential: (0..doc_levels.len()).map(percent).max().unwrap_or_default(),
            held,
        }
    }

    /// The uplines of `agent` under plan `p`, nearest first, with their generation (compressed
    /// when the plan compresses; skipped uplines are warned about in `skipped`).
    pub fn up<'w>(&'w self, ctx: &'w Context<'w>, agent: usize, p: usize, skipped: &'w mut Skipped) -> Up<'w> {
        Up {
            walk: self,
            ctx,
            plan: p,
            compress: ctx.plan.doc.plans[p].compress,
            node: agent,
            generation: 0,
            skipped,
        }
    }

    /// The id of the level agent `a` holds (empty when none).
    pub fn level_id<'c>(&self, ctx: &Context<'c>, a: usize) -> &'c str {
        self.held[a].map(|l| ctx.plan.doc.levels[l].id.as_str()).unwrap_or_default()
    }

    /// Whether upline `up` is paid at `generation`: within its level's `override_generations`.
    pub fn pays(&self, up: usize, generation: u32) -> bool {
        !self.limit[up].map(|n| generation > n).unwrap_or(false)
    }
}

/// The uplines above an agent (see [`Walk::up`]); the upline chains are free of cycles, so it
/// ends.
pub struct Up<'w> {
    walk: &'w Walk,
    ctx: &'w Context<'w>,
    plan: usize,
    compress: bool,
    node: usize,
    generation: u32,
    skipped: &'w mut Skipped,
}

impl Iterator for Up<'_> {
    type Item = (u32, usize);

    fn next(&mut self) -> Option<(u32, usize)> {
        let walk = self.walk;
        let up = if self.compress {
            let target = walk.next_eligible[self.node];
            self.skipped.warn(self.ctx, walk, self.node, target, self.plan);
            target
        } else {
            walk.upline[self.node]
        }?;
        self.node = up;
        self.generation = self.generation.saturating_add(1);
        Some((self.generation, up))
    }
}

/// The uplines compression skipped, warned about once per plan.
#[derive(Default)]
pub struct Skipped {
    warned: HashSet<(usize, usize)>,
    /// The warnings.
    pub warnings: Vec<Warning>,
}

impl Skipped {
    /// Warns once per plan about each upline that compression skips between `from` and `to`
    /// (exclusive). A walk stops at an upline already warned about: everything above it up to
    /// the next eligible one was warned about with it, so each agent is walked once per plan.
    fn warn(&mut self, ctx: &Context, walk: &Walk, from: usize, to: Option<usize>, plan: usize) {
        let mut node = walk.upline[from];
        while let Some(a) = node {
            if Some(a) == to || walk.eligible[a] || !self.warned.insert((plan, a)) {
                return;
            }
            let agent = ctx.agent(a);
            let why = if !walk.operational[a] {
                let stage = ctx.dated.at(a, walk.date).activation;
                format!(
                    "it is at stage `{}`, below operational",
                    stage.map(|s| s.as_str()).unwrap_or("none")
                )
            } else {
                "it holds no level".to_string()
            };
            self.warnings.push(Warning {
                code: "override_compressed".into(),
                path: format!("/agents/{a}"),
                message: format!(
                    "agent `{}` earns no overrides of plan `{}` (compress): {why}",
                    agent.id, ctx.plan.doc.plans[plan].id
                ),
            });
            node = walk.upline[a];
        }
    }
}

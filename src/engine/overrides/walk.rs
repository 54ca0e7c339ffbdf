//! The walk up the hierarchy from an earning agent: each upline with its generation, skipping
//! (under `compress`) uplines that cannot be paid, and the limits of the uplines' levels.
//!
//! Levels are those held on the date of the sale (the invoice; for a credit note, the invoice
//! it refunds). Without level reviews they never change, and the walk jumps straight to the
//! next eligible upline (precomputed in tree order); with reviews, compression checks each
//! upline's level on the sale's date.

use crate::engine::context::Context;
use crate::engine::levels::Levels;
use crate::model::result::Warning;
use crate::model::Date;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The walk up the hierarchy, prepared once.
pub struct Walk<'l> {
    levels: &'l Levels,
    /// Whether each agent can be paid under `compress`: operational, and holding a level when
    /// the plan defines levels (else no one could hold one).
    eligible: Vec<bool>,
    /// The nearest eligible upline of each agent.
    next_eligible: Vec<Option<usize>>,
    /// Each agent's level in the sales document (index), held on every date without reviews.
    held: Vec<Option<usize>>,
    /// Whether compression needs a level (the plan defines levels).
    needs_level: bool,
    /// Whether levels change over time (level reviews).
    dated: bool,
    /// The highest `differential_percent` of any level: no upline earns more.
    pub top_differential: Decimal,
}

impl<'l> Walk<'l> {
    /// Prepares the walk over the hierarchy of `levels`.
    pub fn new(ctx: &Context, levels: &'l Levels) -> Walk<'l> {
        let tree = &levels.tree;
        let doc_levels = &ctx.plan.doc.levels;
        let needs_level = !doc_levels.is_empty();
        let held: Vec<Option<usize>> = (0..tree.upline.len()).map(|a| ctx.level_held(a)).collect();
        let eligible: Vec<bool> = (0..tree.upline.len())
            .map(|a| levels.operational[a] && (!needs_level || held[a].is_some()))
            .collect();
        // Uplines first, so each agent's upline is done before it.
        let mut next_eligible: Vec<Option<usize>> = vec![None; tree.upline.len()];
        for &a in &tree.order {
            next_eligible[a] = tree.upline[a].and_then(|u| if eligible[u] { Some(u) } else { next_eligible[u] });
        }
        let percent = |l: usize| doc_levels[l].differential_percent.map(|p| p.0).unwrap_or_default();
        Walk {
            levels,
            eligible,
            next_eligible,
            held,
            needs_level,
            dated: !ctx.reviews.periods.is_empty(),
            top_differential: (0..doc_levels.len()).map(percent).max().unwrap_or_default(),
        }
    }

    /// The uplines of `agent` on a sale dated `sold` under plan `p`, nearest first, with their
    /// generation (compressed when the plan compresses; skipped uplines are warned about in
    /// `skipped`).
    pub fn up<'w>(&'w self, ctx: &'w Context, (agent, sold): (usize, Date), p: usize, skipped: &'w mut Skipped) -> Up<'w> {
        Up {
            walk: self,
            ctx,
            plan: p,
            compress: ctx.plan.doc.plans[p].compress,
            node: agent,
            sold,
            generation: 0,
            skipped,
        }
    }

    /// The level agent `a` holds on `date` (index).
    pub fn level(&self, ctx: &Context, a: usize, date: Date) -> Option<usize> {
        if self.dated {
            ctx.level_on(a, date)
        } else {
            self.held[a]
        }
    }

    /// The id of the level agent `a` holds on `date` (empty when none).
    pub fn level_id<'c>(&self, ctx: &Context<'c>, a: usize, date: Date) -> &'c str {
        self.level(ctx, a, date)
            .map(|l| ctx.plan.doc.levels[l].id.as_str())
            .unwrap_or_default()
    }

    /// The `differential_percent` of the level agent `a` holds on `date` (0 when the level
    /// gives none); `None` for an agent without a level.
    pub fn differential(&self, ctx: &Context, a: usize, date: Date) -> Option<Decimal> {
        let l = self.level(ctx, a, date)?;
        Some(ctx.plan.doc.levels[l].differential_percent.map(|p| p.0).unwrap_or_default())
    }

    /// Whether upline `up` is paid at `generation` on a sale dated `sold`: within the
    /// `override_generations` of the level it holds then.
    pub fn pays(&self, ctx: &Context, up: usize, generation: u32, sold: Date) -> bool {
        let limit = self
            .level(ctx, up, sold)
            .and_then(|l| ctx.plan.doc.levels[l].override_generations);
        !limit.map(|n| generation > n).unwrap_or(false)
    }

    /// Whether agent `a` can be paid under `compress` on `date`.
    fn eligible_on(&self, ctx: &Context, a: usize, date: Date) -> bool {
        self.levels.operational[a] && (!self.needs_level || self.level(ctx, a, date).is_some())
    }
}

/// The uplines above an agent (see [`Walk::up`]); the upline chains are free of cycles, so it
/// ends.
pub struct Up<'w> {
    walk: &'w Walk<'w>,
    ctx: &'w Context<'w>,
    plan: usize,
    compress: bool,
    node: usize,
    sold: Date,
    generation: u32,
    skipped: &'w mut Skipped,
}

impl Iterator for Up<'_> {
    type Item = (u32, usize);

    fn next(&mut self) -> Option<(u32, usize)> {
        let walk = self.walk;
        let up = if self.compress && walk.dated {
            self.compressed_up()
        } else if self.compress {
            let target = walk.next_eligible[self.node];
            self.skipped.warn(self.ctx, walk, self.node, target, self.plan);
            target
        } else {
            walk.levels.tree.upline[self.node]
        }?;
        self.node = up;
        self.generation = self.generation.saturating_add(1);
        Some((self.generation, up))
    }
}

impl Up<'_> {
    /// The upline compression pays above the current node when levels change over time: the
    /// nearest one eligible on the sale's date (the others are warned about).
    fn compressed_up(&mut self) -> Option<usize> {
        let (walk, ctx) = (self.walk, self.ctx);
        let mut up = walk.levels.tree.upline[self.node];
        while let Some(u) = up {
            if walk.eligible_on(ctx, u, self.sold) {
                return Some(u);
            }
            self.skipped.note(ctx, walk.levels, u, self.plan, Some(self.sold));
            up = walk.levels.tree.upline[u];
        }
        None
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
        let levels = walk.levels;
        let mut node = levels.tree.upline[from];
        while let Some(a) = node {
            if Some(a) == to || walk.eligible[a] || !self.note(ctx, levels, a, plan, None) {
                return;
            }
            node = levels.tree.upline[a];
        }
    }

    /// Warns about upline `a` skipped under plan `plan` (on `date`, when levels change over
    /// time), unless already warned; false when it was.
    fn note(&mut self, ctx: &Context, levels: &Levels, a: usize, plan: usize, date: Option<Date>) -> bool {
        if !self.warned.insert((plan, a)) {
            return false;
        }
        let agent = ctx.agent(a);
        let why = if !levels.operational[a] {
            format!(
                "it is at stage `{}`, below operational",
                agent.activation.as_deref().unwrap_or("none")
            )
        } else {
            match date {
                Some(d) => format!("it holds no level on {d}"),
                None => "it holds no level".to_string(),
            }
        };
        self.warnings.push(Warning {
            code: "override_compressed".into(),
            path: format!("/agents/{a}"),
            message: format!(
                "agent `{}` earns no overrides of plan `{}` (compress): {why}",
                agent.id, ctx.plan.doc.plans[plan].id
            ),
        });
        true
    }
}

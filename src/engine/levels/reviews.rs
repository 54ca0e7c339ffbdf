//! Level reviews (`level_review` in the plan): at the end of each period, from the first period
//! that ends on or after the earliest invoice date up to `as_of`, every agent's requirements are
//! measured over each level's window ending that day. A qualified level above the agent's level
//! promotes it at once; below it, the agent keeps its level until `demote_after` consecutive
//! reviews (default 1) qualify it lower, and then takes the highest level of those reviews. The
//! level a review sets holds from the next day (see `Context::level_on`); the agent's own
//! `level` (or its `history`'s) holds before the first review. Each review measures the
//! hierarchy and stages in force on its day.

use super::{index, too_large, Levels};
use crate::engine::context::reviews::{Review, Reviews};
use crate::engine::context::Context;
use crate::engine::period::{period_of, PeriodKind};
use crate::error::{EngineError, ErrorCode};
use crate::limits::MAX_REVIEW_WORK;
use chrono::Duration;

/// Runs every review of the plan's `level_review` on the context (none without it).
pub fn review(ctx: &Context) -> Result<Reviews, EngineError> {
    let (Some(cadence), false) = (&ctx.plan.doc.level_review, ctx.plan.doc.levels.is_empty()) else {
        return Ok(Reviews::default());
    };
    let Some(first) = ctx.invoices.iter().map(|r| r.doc.date).min() else {
        return Ok(Reviews::default());
    };
    let kind = PeriodKind::from(cadence.every);
    let mut periods = Vec::new();
    let mut next = Some(period_of(kind, first));
    while let Some(p) = next.take() {
        if p.thru > ctx.as_of {
            next = Some(p);
            break;
        }
        next = p.thru.checked_add_signed(Duration::days(1)).map(|d| period_of(kind, d));
        periods.push((p.name, p.thru));
    }
    let next = next.map(|p| (p.name, p.thru));
    let work = (periods.len() as u64 + 1) * (ctx.invoices.len() + ctx.sales.agents.len()) as u64;
    if work > MAX_REVIEW_WORK {
        return Err(EngineError::single(
            ErrorCode::LimitExceeded,
            "/level_review/every",
            format!(
                "{} reviews of {} invoices and agents exceed the review budget of {MAX_REVIEW_WORK}: review less often or send a shorter history",
                periods.len(),
                ctx.invoices.len() + ctx.sales.agents.len()
            ),
        ));
    }
    let index = index(ctx)?;
    let demote_after = cadence.demote_after.unwrap_or(1).max(1) as usize;
    let ranks: Vec<u32> = ctx.plan.doc.levels.iter().map(|l| l.rank).collect();
    let n = ctx.sales.agents.len();
    // Before the first review the agent's `level` (or its `history`'s) holds.
    let first_review = periods.first().map(|(_, d)| *d).unwrap_or(ctx.as_of);
    let mut state: Vec<Standing> = (0..n)
        .map(|a| Standing {
            level: ctx.agent_on(a, first_review).level,
            below: Vec::new(),
        })
        .collect();
    let mut outcomes: Vec<Vec<Review>> = vec![Vec::with_capacity(periods.len()); n];
    for (_, date) in &periods {
        let levels = Levels::at(ctx, &index, *date).map_err(|_| too_large())?;
        for (a, s) in state.iter_mut().enumerate() {
            outcomes[a].push(s.review(&levels, a, &ranks, demote_after));
        }
    }
    // The next review, projected on the sales known: what a quote would change there.
    let mut projected = Vec::new();
    if let Some((_, date)) = &next {
        let levels = Levels::at(ctx, &index, *date).map_err(|_| too_large())?;
        for (a, s) in state.iter_mut().enumerate() {
            projected.push(s.review(&levels, a, &ranks, demote_after));
        }
    }
    Ok(Reviews {
        periods,
        outcomes,
        next,
        projected,
    })
}

/// An agent between reviews: its level and the levels qualified by the consecutive reviews
/// below it so far.
#[derive(Clone, Debug)]
struct Standing {
    level: Option<usize>,
    below: Vec<Option<usize>>,
}

impl Standing {
    /// Applies the review whose measures are `levels` to agent `a`.
    fn review(&mut self, levels: &Levels, a: usize, ranks: &[u32], demote_after: usize) -> Review {
        let qualified = levels.standing(a).and_then(|s| s.qualified);
        self.step(qualified, ranks, demote_after);
        Review {
            qualified,
            level: self.level,
        }
    }

    /// Applies one review that qualified the agent for `qualified` (no level ranks lowest).
    fn step(&mut self, qualified: Option<usize>, ranks: &[u32], demote_after: usize) {
        let rank = |l: Option<usize>| l.map(|l| ranks[l]);
        if rank(qualified) >= rank(self.level) {
            if rank(qualified) > rank(self.level) {
                self.level = qualified;
            }
            self.below.clear();
            return;
        }
        self.below.push(qualified);
        if self.below.len() >= demote_after {
            self.level = self.below.iter().copied().max_by_key(|&l| rank(l)).flatten();
            self.below.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Example 20's sequence: bronze (0, rank 1) and silver (1, rank 2), at silver,
    /// `demote_after: 2`; qualified silver, bronze, bronze, silver.
    #[test]
    fn two_misses_demote_and_a_qualified_review_promotes_at_once() {
        let ranks = [1, 2];
        let mut s = Standing {
            level: Some(1),
            below: Vec::new(),
        };
        let mut seen = Vec::new();
        for q in [Some(1), Some(0), Some(0), Some(1)] {
            s.step(q, &ranks, 2);
            seen.push(s.level);
        }
        assert_eq!(seen, vec![Some(1), Some(1), Some(0), Some(1)]);
    }

    #[test]
    fn a_fall_takes_the_highest_level_of_the_missed_reviews() {
        // none < bronze (0) < silver (1) < gold (2); at gold, demote_after 3.
        let ranks = [1, 2, 3];
        let mut s = Standing {
            level: Some(2),
            below: Vec::new(),
        };
        for q in [None, Some(1), Some(0)] {
            s.step(q, &ranks, 3);
        }
        assert_eq!(s.level, Some(1));
        // A review at the level in between resets the count.
        let mut t = Standing {
            level: Some(2),
            below: Vec::new(),
        };
        for q in [Some(0), Some(2), Some(0)] {
            t.step(q, &ranks, 2);
        }
        assert_eq!(t.level, Some(2));
        // From no level, any qualified level promotes; qualifying none keeps none.
        let mut u = Standing {
            level: None,
            below: Vec::new(),
        };
        u.step(None, &ranks, 1);
        assert_eq!(u.level, None);
        u.step(Some(0), &ranks, 1);
        assert_eq!(u.level, Some(0));
    }
}

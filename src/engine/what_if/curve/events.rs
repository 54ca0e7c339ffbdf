//! The curve's level events and crossings.
//!
//! A quote can change the level the curve's agent qualifies for at `as_of` and, with level
//! reviews in the plan, the level its next review would set (a projection: the review is after
//! `as_of`, so the level it sets holds from the day after it and changes no amount of the
//! curve). Either change is a breakpoint of the curve, even where the total does not bend:
//! 1. candidates from the plan's structure: the added amounts at which the agent's personal or
//!    group sales over each level's window ending on the review day reach what the next level
//!    misses there (plain requirements and each alternative), level after level
//!    ([`review_candidates`]; the levels at `as_of` are the curve's own level candidates);
//! 2. checked with the engine: the agent's mark (see [`Mark`](super::Mark)) is compared at both
//!    ends of every straight piece of the curve; a piece whose ends differ is split where the
//!    mark changes, located to 10^-6 by halving ([`level_events`]).
//!
//! Every breakpoint says what is crossed there ([`crossings_at`]): the what-if report's
//! crossings between the curve just before it and just after it.

use super::{add, div, resolution, snap, sub, template_error, Evaluator, Piece, CHECK_BUDGET};
use crate::engine::levels::{self, Levels};
use crate::engine::what_if::report::{crossings, Side};
use crate::error::EngineError;
use crate::model::result::{Crossing, LevelMissing};
use rust_decimal::Decimal;

/// Where the agent stands at its next level review with the template scaled to some `x`.
struct ReviewNeed {
    /// The next level above the one the review would qualify the agent for, and what it misses
    /// (the plain requirements, then each alternative).
    next: Option<(usize, Vec<LevelMissing>)>,
    /// The agent's personal and group sales over each level's window ending on the review day.
    sales: Vec<(Decimal, Decimal)>,
}

impl Evaluator<'_> {
    /// Where the agent stands at its next level review with the template scaled to `x`, at 12
    /// decimal places; `None` when the plan has no next review.
    fn review_need(&mut self, x: Decimal) -> Result<Option<ReviewNeed>, EngineError> {
        self.calls += 1;
        let options = self.options(x)?;
        let ctx = crate::engine::prepare(&self.precise, &self.sub.sales, &options, true).map_err(template_error)?;
        let agent = ctx.sales.agents.iter().position(|g| g.id == self.agent);
        let (Some((_, day)), Some(a)) = (&ctx.reviews.next, agent) else {
            return Ok(None);
        };
        let index = levels::index(&ctx).map_err(template_error)?;
        let at = Levels::at(&ctx, &index, *day).map_err(|_| levels::too_large())?;
        let next = at.standing(a).and_then(|s| s.next.as_ref()).map(|(l, c)| {
            let missing = std::iter::once(&c.missing).chain(&c.paths).cloned().collect();
            (*l, missing)
        });
        let sales = (0..ctx.plan.doc.levels.len())
            .map(|l| at.sales_over(a, l).unwrap_or_default())
            .collect();
        Ok(Some(ReviewNeed { next, sales }))
    }

    /// Whether the plan has levels (the only source of level events).
    fn has_levels(&self) -> bool {
        !self.loaded.engine().plan().doc.levels.is_empty()
    }
}

/// The added amounts at which the agent's personal or group sales, as its next level review
/// measures them, reach each next level's requirement, level after level (none without level
/// reviews). The sales over each level's window are read at 0 and at `end` and grow linearly
/// in between.
pub(super) fn review_candidates(ev: &mut Evaluator, end: Decimal) -> Result<Vec<Decimal>, EngineError> {
    if ev.loaded.engine().plan().doc.level_review.is_none() || !ev.has_levels() {
        return Ok(Vec::new());
    }
    let (Some(at0), Some(at1)) = (ev.review_need(Decimal::ZERO)?, ev.review_need(end)?) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let (mut x, mut need) = (Decimal::ZERO, at0.next.clone());
    for _ in 0..16 {
        let Some((l, missing)) = need else {
            break;
        };
        let (Some(&(s0, g0)), Some(&(s1, g1))) = (at0.sales.get(l), at1.sales.get(l)) else {
            break;
        };
        let slopes = (div(sub(s1, s0)?, end)?, div(sub(g1, g0)?, end)?);
        let Some(next) = first_reached(&missing, slopes).and_then(|dx| x.checked_add(dx)) else {
            break;
        };
        // On the 10^-6 grid, at or past the amount that meets the requirement.
        let snapped = snap(next);
        x = if snapped < next {
            add(snapped, resolution())?
        } else {
            snapped
        };
        if x > end {
            break;
        }
        out.push(x);
        need = ev.review_need(x)?.and_then(|r| r.next);
    }
    Ok(out)
}

/// The least added amount that meets one more of the personal or group sales requirements
/// `missing` lists, at the slopes `(personal, group)` of those sales.
fn first_reached(missing: &[LevelMissing], (personal, group): (Decimal, Decimal)) -> Option<Decimal> {
    missing
        .iter()
        .flat_map(|m| [(m.sales, personal), (m.group_sales, group)])
        .filter_map(|(need, slope)| {
            let need = need?.0;
            (need > Decimal::ZERO && slope > Decimal::ZERO)
                .then(|| need.checked_div(slope))
                .flatten()
        })
        .min()
}

/// Finds where the agent's level mark changes on the pieces up to `to`: the mark at each
/// piece's start and end is compared, and a piece whose ends differ is split where the mark
/// changes (the next piece starts there). Returns those added amounts, in order.
pub(super) fn level_events(ev: &mut Evaluator, pieces: &mut Vec<Piece>, to: Decimal) -> Result<Vec<Decimal>, EngineError> {
    if !ev.has_levels() {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces.iter() {
        let mut rest = *p;
        while rest.a < to && ev.calls <= CHECK_BUDGET {
            let mark = ev.mark(rest.a)?;
            if ev.mark(rest.b)? == mark {
                break;
            }
            let x = change(ev, rest.a, rest.b, &mark)?;
            events.push(x);
            if x >= rest.b {
                break;
            }
            out.push(Piece { b: x, ..rest });
            rest = Piece {
                a: x,
                at_a: rest.value(x)?,
                ..rest
            };
        }
        out.push(rest);
    }
    *pieces = out;
    events.sort();
    events.dedup();
    Ok(events)
}

/// The least added amount in `(a, b]` whose mark differs from `mark`, the mark at `a` (`b`'s
/// differs): `b` itself when the mark just before it is still `mark`, else found by halving on
/// the 10^-6 grid.
fn change(ev: &mut Evaluator, a: Decimal, b: Decimal, mark: &super::Mark) -> Result<Decimal, EngineError> {
    let step = resolution();
    let before_b = sub(b, step)?;
    if before_b <= a || ev.mark(before_b)? == *mark {
        return Ok(b);
    }
    // The mark at `lo` is `mark`, the one at `hi` is not.
    let (mut lo, mut hi) = (a, before_b);
    while sub(hi, lo)? > step && ev.calls <= CHECK_BUDGET {
        let mid = snap(add(lo, div(sub(hi, lo)?, Decimal::TWO)?)?);
        if mid <= lo || mid >= hi {
            break;
        }
        if ev.mark(mid)? == *mark {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(hi)
}

/// What is crossed at the breakpoint `x`: the what-if crossings from just before `x` (`x`
/// itself at `from`) to just after it, 10^-6 away on either side.
pub(super) fn crossings_at(ev: &mut Evaluator, x: Decimal, from: Decimal) -> Result<Vec<Crossing>, EngineError> {
    let before = if x > from { sub(x, resolution())?.max(from) } else { x };
    let b = ev.result(before, true)?;
    let a = ev.result(add(x, resolution())?, true)?;
    Ok(crossings(Side::of(&b), Side::of(&a)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::curve::CurveRequest;

    /// The curve of a conformance case: its loaded history and request.
    fn case(text: &str) -> (crate::engine::what_if::Loaded, CurveRequest) {
        let case: serde_json::Value = serde_json::from_str(text).expect("a case");
        let engine = crate::Engine::new(serde_json::from_value(case["plan"].clone()).expect("plan")).expect("valid plan");
        let loaded = engine
            .load(serde_json::from_value(case["sales"].clone()).expect("sales"))
            .expect("valid sales");
        (loaded, serde_json::from_value(case["request"].clone()).expect("request"))
    }

    /// `curve_v2_review_promotion.json` (ann holds bronze) and
    /// `curve_v2_review_demotion_avoided.json` (ann holds silver after a first miss): the next
    /// review measures 20,000 + x against silver's 50,000, so the plan's structure puts the
    /// candidate at 30,000, and checking the pieces on either side of it costs four
    /// calculations (the marks at 0, just before 30,000, at 30,000 and at 60,000), no halving.
    #[test]
    fn the_next_review_is_a_candidate_of_the_plans_structure() {
        for text in [
            include_str!("../../../../tests/cases/curve_v2_review_promotion.json"),
            include_str!("../../../../tests/cases/curve_v2_review_demotion_avoided.json"),
        ] {
            let (loaded, request) = case(text);
            let mut ev = Evaluator::new(&loaded, &request).expect("an evaluator");
            let x = Decimal::from(30_000);
            let end = Decimal::from(67_500);
            assert_eq!(review_candidates(&mut ev, end).expect("candidates"), vec![x]);
            let line = |a: Decimal, b: Decimal| Piece {
                a,
                b,
                slope: Decimal::ZERO,
                at_a: Decimal::ZERO,
            };
            let mut pieces = vec![line(Decimal::ZERO, x), line(x, Decimal::from(60_000))];
            let calls = ev.calls;
            let events = level_events(&mut ev, &mut pieces, Decimal::from(60_000)).expect("events");
            assert_eq!(events, vec![x]);
            assert_eq!(pieces.len(), 2);
            assert_eq!(ev.calls - calls, 4);
        }
    }

    /// Without a candidate at the review's threshold (one piece from 0 to 60,000), the change
    /// is found by halving, to the same amount, and the piece is split there.
    #[test]
    fn a_mark_change_inside_a_piece_is_found_by_halving() {
        let (loaded, request) = case(include_str!("../../../../tests/cases/curve_v2_review_promotion.json"));
        let mut ev = Evaluator::new(&loaded, &request).expect("an evaluator");
        let mut pieces = vec![Piece {
            a: Decimal::ZERO,
            b: Decimal::from(60_000),
            slope: Decimal::new(5, 2),
            at_a: Decimal::from(2_500),
        }];
        let events = level_events(&mut ev, &mut pieces, Decimal::from(60_000)).expect("events");
        assert_eq!(events, vec![Decimal::from(30_000)]);
        let ends: Vec<_> = pieces.iter().map(|p| (p.a, p.b, p.at_a)).collect();
        assert_eq!(
            ends,
            vec![
                (Decimal::ZERO, Decimal::from(30_000), Decimal::from(2_500)),
                (Decimal::from(30_000), Decimal::from(60_000), Decimal::from(4_000))
            ]
        );
    }
}

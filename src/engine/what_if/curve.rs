//! The earnings curve: an agent's total commission as a function of additional sales shaped
//! like a template invoice.
//!
//! `T(x)` is the agent's total when the template, scaled so that its net base is `x` (unit
//! prices, unit costs, taxes and payments times `x / net`; quantities unchanged), is added as a
//! hypothetical invoice. Every `T(x)` is a real calculation of the curve's scope (see
//! [`super::scope`]): the sub-document is built once and each value costs one calculation of
//! it.
//!
//! Breakpoints come from the plan's structure, then are checked with the engine:
//! 1. candidates: `from`, every tier bound of every ladder the template reaches (period
//!    ladders from the agent's volume so far, ladders inside the template invoice from 0),
//!    found by reading each ladder's volume at `x = 0` and at a probe `x` (the volume is linear
//!    in `x`, so each bound `B` is reached at `x = (B - v0) / slope`), each level threshold
//!    (personal or group sales missing for the next level, level after level), and, with level
//!    reviews, each threshold of the next review ([`events`]);
//! 2. between consecutive candidates the curve is checked to be a straight line, with totals
//!    computed at 12 decimal places; a bend the candidates do not explain (a cap or a floor
//!    taking hold, say) is located where the lines on either side meet, and checked again; the
//!    agent's level mark ([`Mark`]) is compared at both ends of each straight piece, and a
//!    piece is split where it changes;
//! 3. a point is a breakpoint when the slope changes there, the total jumps (a retroactive
//!    tier, a tier bonus, a fixed amount) or the mark changes (a level qualified at `as_of`, the
//!    level the next review would set, even where the total does not bend); its `total` is the
//!    engine's at the plan's rounding, its `rate` the slope of the curve that follows, in
//!    percent of the added amount, and its `crossings` what is crossed there.
//!
//! `points` are `steps` values evenly spaced from `from` to `to`, each a real calculation.

mod events;

use super::loaded::Loaded;
use super::scope::SubSales;
use crate::engine::base::invoice_bases;
use crate::engine::compile::CompiledPlan;
use crate::engine::compute;
use crate::error::{EngineError, ErrorCode, Problems};
use crate::limits::MAX_STEPS;
use crate::model::curve::{Curve, CurveBreakpoint, CurvePoint, CurveRequest};
use crate::model::options::Options;
use crate::model::result::{LadderReport, LevelReport};
use crate::model::sales::{Invoice, InvoiceAgent};
use crate::model::CalcResult;
use crate::money::{round, Dec, RoundingMode};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The largest added amount a curve may reach (10^15: room for every intermediate value of
/// the curve's arithmetic within 28 significant digits).
fn max_added() -> Decimal {
    Decimal::from(1_000_000_000_000_000u64)
}
/// The number of points when `steps` is absent.
pub const DEFAULT_STEPS: u32 = 101;
/// The most calculations spent on checking the breakpoints.
const CHECK_BUDGET: usize = 4_000;
/// Decimal places of the totals the breakpoints are checked with.
const PRECISE_SCALE: u32 = 12;

/// Checks a curve request; every problem is reported with its path in the request.
pub fn check(request: &CurveRequest, loaded: &Loaded) -> Result<u32, EngineError> {
    let mut p = Problems::default();
    let inv = ErrorCode::InvalidOptions;
    if loaded.index().agent(&request.agent).is_none() {
        p.push(
            ErrorCode::UnknownReference,
            "/agent",
            format!("unknown agent `{}`", request.agent),
        );
    }
    let (from, to) = (request.add.from.0, request.add.to.0);
    if from.is_sign_negative() && !from.is_zero() {
        p.push(inv, "/add/from", "the added amount starts at 0 or more");
    }
    if to <= from {
        p.push(inv, "/add/to", "`to` must be more than `from`");
    } else if to > max_added() {
        p.push(ErrorCode::LimitExceeded, "/add/to", format!("at most {} added", max_added()));
    }
    let steps = request.add.steps.unwrap_or(DEFAULT_STEPS);
    if steps > MAX_STEPS {
        p.push(ErrorCode::LimitExceeded, "/add/steps", format!("at most {MAX_STEPS} steps"));
    } else if steps < 2 {
        p.push(inv, "/add/steps", "at least 2 steps (from and to)");
    } else {
        // Points and breakpoints are placed at 6 decimal places.
        let least = resolution() * Decimal::from(steps - 1);
        if to.checked_sub(from).is_some_and(|span| span > Decimal::ZERO && span < least) {
            p.push(
                inv,
                "/add/steps",
                format!(
                    "{steps} steps need `to` - `from` of at least {} (points are placed at 6 decimal places)",
                    least.normalize()
                ),
            );
        }
    }
    p.into_result()?;
    Ok(steps)
}

/// Evaluates the agent's total with the scaled template, on the scope's sub-document.
struct Evaluator<'a> {
    loaded: &'a Loaded,
    sub: SubSales,
    precise: CompiledPlan,
    template: Invoice,
    net: Decimal,
    agent: &'a str,
    calls: usize,
    /// The precise total and the agent's level mark at each added amount measured.
    cache: BTreeMap<Decimal, (Decimal, Mark)>,
}

/// The curve's agent's levels with the template scaled to some `x`: the level it qualifies for
/// at `as_of`, and the level its next level review would set (`None`, `None` without levels or
/// reviews). Where it changes, the curve has a breakpoint even if the total does not bend.
type Mark = (Option<String>, Option<String>);

impl<'a> Evaluator<'a> {
    fn new(loaded: &'a Loaded, request: &'a CurveRequest) -> Result<Evaluator<'a>, EngineError> {
        let mut template = request.template.clone();
        if template.agents.is_none() && template.customer.is_none() {
            template.agents = Some(vec![InvoiceAgent {
                id: request.agent.clone(),
                role: None,
                share: None,
                overlay: false,
                quota_credit: None,
                plan: None,
                from: None,
            }]);
        }
        let agent_ix = loaded.index().agent(&request.agent).unwrap_or_default();
        let scope = loaded
            .index()
            .scope(loaded.sales(), std::slice::from_ref(&template), &[agent_ix]);
        let sub = loaded.sub_sales(&scope, std::slice::from_ref(&template), &[]);
        let mut precise = loaded.engine().plan().clone();
        precise.scale = PRECISE_SCALE;
        let net = {
            let options = Options {
                explain: false,
                what_if: vec![template.clone()],
                ..Options::default()
            };
            let ctx = crate::engine::prepare(loaded.engine().plan(), &sub.sales, &options, true).map_err(template_error)?;
            let w = ctx.invoices.len() - 1;
            let bases = invoice_bases(ctx.invoices[w].doc, ctx.fx[w], &ctx.products).map_err(|_| overflow())?;
            crate::engine::arith::sum(bases.lines.iter().filter(|l| l.earns).map(|l| l.net)).map_err(|_| overflow())?
        };
        if net <= Decimal::ZERO {
            return Err(EngineError::single(
                ErrorCode::InvalidOptions,
                "/template/lines",
                "the template's net base must be positive, so that it can be scaled",
            ));
        }
        Ok(Evaluator {
            loaded,
            sub,
            precise,
            template,
            net,
            agent: &request.agent,
            calls: 0,
            cache: BTreeMap::new(),
        })
    }

    /// The template scaled to the net base `x`.
    fn scaled(&self, x: Decimal) -> Result<Invoice, EngineError> {
        let k = x.checked_div(self.net).ok_or_else(overflow)?;
        let times = |d: Dec| d.0.checked_mul(k).map(Dec).ok_or_else(overflow);
        let mut w = self.template.clone();
        for line in &mut w.lines {
            line.unit_price = times(line.unit_price)?;
            if let Some(c) = line.unit_cost {
                line.unit_cost = Some(times(c)?);
            }
            if let Some(t) = line.tax {
                line.tax = Some(times(t)?);
            }
        }
        for p in &mut w.payments {
            p.amount = times(p.amount)?;
        }
        Ok(w)
    }

    /// The options of a calculation with the template scaled to `x`.
    fn options(&self, x: Decimal) -> Result<Options, EngineError> {
        Ok(Options {
            explain: false,
            what_if: vec![self.scaled(x)?],
            ..Options::default()
        })
    }

    /// The result with the template scaled to `x`, at the plan's rounding or at 12 places.
    fn result(&mut self, x: Decimal, precise: bool) -> Result<CalcResult, EngineError> {
        self.calls += 1;
        let options = self.options(x)?;
        let plan = if precise { &self.precise } else { self.loaded.engine().plan() };
        let ctx = crate::engine::prepare(plan, &self.sub.sales, &options, true).map_err(template_error)?;
        compute(&ctx, &options).map_err(template_error)
    }

    fn total_of(&self, r: &CalcResult) -> Decimal {
        r.totals
            .iter()
            .find(|t| t.agent == self.agent)
            .map(|t| t.amount.0)
            .unwrap_or_default()
    }

    /// The agent's levels in a result (see [`Mark`]).
    fn mark_of(&self, r: &CalcResult) -> Mark {
        match r.levels.iter().find(|l| l.agent == self.agent) {
            Some(l) => (l.qualified.clone(), l.next_review.as_ref().and_then(|n| n.level.clone())),
            None => (None, None),
        }
    }

    /// The agent's total at `x`, at 12 decimal places, and its level mark there.
    fn measure(&mut self, x: Decimal) -> Result<(Decimal, Mark), EngineError> {
        if let Some(m) = self.cache.get(&x) {
            return Ok(m.clone());
        }
        let r = self.result(x, true)?;
        let m = (self.total_of(&r), self.mark_of(&r));
        self.cache.insert(x, m.clone());
        Ok(m)
    }

    /// The agent's total at `x`, at 12 decimal places.
    fn precise(&mut self, x: Decimal) -> Result<Decimal, EngineError> {
        self.measure(x).map(|(t, _)| t)
    }

    /// The agent's level mark at `x` (see [`Mark`]).
    fn mark(&mut self, x: Decimal) -> Result<Mark, EngineError> {
        self.measure(x).map(|(_, m)| m)
    }

    /// The agent's total at `x`, rounded as the plan rounds.
    fn total(&mut self, x: Decimal) -> Result<Decimal, EngineError> {
        self.standing(x).map(|(t, _)| t)
    }

    /// The agent's total at `x` and its sums by line kind, rounded as the plan rounds.
    fn standing(&mut self, x: Decimal) -> Result<(Decimal, BTreeMap<String, Dec>), EngineError> {
        let r = self.result(x, false)?;
        let mut t = self.total_of(&r);
        t.rescale(self.loaded.engine().plan().scale);
        let by_kind = r
            .totals
            .into_iter()
            .find(|t| t.agent == self.agent)
            .map(|t| t.by_kind)
            .unwrap_or_default();
        Ok((t, by_kind))
    }
}

fn overflow() -> EngineError {
    EngineError::single(
        ErrorCode::Overflow,
        "/template",
        "the scaled template is too large to compute exactly",
    )
}

/// An error about the hypothetical invoice, pointed at the request's template.
fn template_error(e: EngineError) -> EngineError {
    e.with_paths(|p| match p.strip_prefix("/what_if/0") {
        Some(rest) => format!("/template{rest}"),
        None => p.to_string(),
    })
}

/// A straight piece of the curve between two points, measured inside.
#[derive(Clone, Copy, Debug)]
struct Piece {
    a: Decimal,
    b: Decimal,
    slope: Decimal,
    /// The line's value at `a` (the right limit there).
    at_a: Decimal,
}

impl Piece {
    fn value(&self, x: Decimal) -> Result<Decimal, EngineError> {
        add(self.at_a, mul(self.slope, sub(x, self.a)?)?)
    }
}

/// The curve's own arithmetic (slopes, lines through measured totals), checked: a figure past
/// the decimal range is an `overflow` error at `/add` (the agent's totals or volumes are too
/// large to draw a curve through).
fn checked(v: Option<Decimal>) -> Result<Decimal, EngineError> {
    v.ok_or_else(|| {
        EngineError::single(
            ErrorCode::Overflow,
            "/add",
            "the curve's totals or volumes are too large to compute exactly (more than 28 significant digits)",
        )
    })
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal, EngineError> {
    checked(a.checked_add(b))
}

fn sub(a: Decimal, b: Decimal) -> Result<Decimal, EngineError> {
    checked(a.checked_sub(b))
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal, EngineError> {
    checked(a.checked_mul(b))
}

/// `a / b`; an overflow error when `b` is zero too (the callers divide by widths they made
/// positive).
fn div(a: Decimal, b: Decimal) -> Result<Decimal, EngineError> {
    checked(a.checked_div(b))
}

/// `|a - b|`.
fn dist(a: Decimal, b: Decimal) -> Result<Decimal, EngineError> {
    sub(a, b).map(|d| d.abs())
}

impl Loaded {
    /// The earnings curve of `request` on the loaded history (see the module's documentation).
    pub fn curve(&self, request: &CurveRequest) -> Result<Curve, EngineError> {
        curve(self, request)
    }
}

/// Computes the curve of `request` on a loaded history.
fn curve(loaded: &Loaded, request: &CurveRequest) -> Result<Curve, EngineError> {
    let steps = check(request, loaded)?;
    let mut ev = Evaluator::new(loaded, request)?;
    let (from, to) = (request.add.from.0, request.add.to.0);
    // The curve is examined a little past `to`, so that a breakpoint at `to` has a rate.
    let end = to + (to - from) / Decimal::from(8);
    let mut pieces = pieces(&mut ev, from, to, end)?;
    let events = events::level_events(&mut ev, &mut pieces, to)?;
    Ok(Curve {
        agent: request.agent.clone(),
        currency: loaded.engine().plan().doc.currency.clone(),
        breakpoints: breakpoints(&mut ev, &pieces, &events, from, to)?,
        points: points(&mut ev, from, to, steps, loaded.engine().plan().scale)?,
    })
}

/// The straight pieces of the curve from `from` to `end`, in order: between the candidates the
/// plan's structure gives, each checked (and split where it bends).
fn pieces(ev: &mut Evaluator, from: Decimal, to: Decimal, end: Decimal) -> Result<Vec<Piece>, EngineError> {
    let mut candidates = vec![from, to, end];
    candidates.extend(ladder_candidates(ev, end)?);
    candidates.extend(level_candidates(ev, end)?);
    candidates.extend(events::review_candidates(ev, end)?);
    candidates.retain(|x| *x >= from && *x <= end);
    candidates.sort();
    candidates.dedup();
    let mut pieces = Vec::new();
    for w in candidates.windows(2) {
        examine(ev, w[0], w[1], 0, &mut pieces)?;
    }
    pieces.sort_by_key(|p| p.a);
    Ok(pieces)
}

/// The breakpoints up to `to`: where a piece's slope differs from the one before, the total
/// jumps (at the point or just after it), or the agent's level mark changes (`events`).
fn breakpoints(
    ev: &mut Evaluator,
    pieces: &[Piece],
    events: &[Decimal],
    from: Decimal,
    to: Decimal,
) -> Result<Vec<CurveBreakpoint>, EngineError> {
    let mut breakpoints = Vec::new();
    let eps = tolerance();
    for (i, piece) in pieces.iter().enumerate() {
        let x = piece.a;
        if x > to {
            break;
        }
        let t = ev.precise(x)?;
        // A total that jumps just after `x` (a fixed amount or a floor paid on the first cent
        // of a sale) rather than at it.
        let jumps_after = dist(piece.value(x)?, t)? > eps;
        let is_break = match i.checked_sub(1).map(|j| pieces[j]) {
            None => true,
            Some(prev) => {
                dist(prev.slope, piece.slope)? > slope_tolerance(&prev)?.max(slope_tolerance(piece)?)
                    || dist(prev.value(x)?, t)? > eps
                    || jumps_after
                    || events.binary_search(&x).is_ok()
            }
        };
        if is_break {
            breakpoints.push(breakpoint(ev, piece, from, jumps_after)?);
        }
    }
    Ok(breakpoints)
}

/// The breakpoint at the start of `piece`: the total and sums by kind there (at the plan's
/// rounding), the rate that follows, the total just after it when it jumps there, and what is
/// crossed there.
fn breakpoint(ev: &mut Evaluator, piece: &Piece, from: Decimal, jumps_after: bool) -> Result<CurveBreakpoint, EngineError> {
    let x = piece.a;
    let (total, by_kind) = ev.standing(x)?;
    let after = if jumps_after {
        Some(ev.total(x + resolution())?.into())
    } else {
        None
    };
    Ok(CurveBreakpoint {
        at: if x == from { from.normalize() } else { snap(x) }.into(),
        total: total.into(),
        rate: round(mul(piece.slope, Decimal::ONE_HUNDRED)?, 4, RoundingMode::HalfUp)
            .normalize()
            .into(),
        after,
        by_kind,
        crossings: events::crossings_at(ev, x, from)?,
    })
}

/// `steps` points evenly spaced from `from` to `to`, totals at the plan's `scale`.
fn points(ev: &mut Evaluator, from: Decimal, to: Decimal, steps: u32, scale: u32) -> Result<Vec<CurvePoint>, EngineError> {
    let mut points = Vec::with_capacity(steps as usize);
    let step = (to - from) / Decimal::from(steps - 1);
    for i in 0..steps {
        let x = match i {
            0 => from,
            _ if i + 1 == steps => to,
            _ => snap(from + step * Decimal::from(i)),
        };
        let mut t = ev.total(x)?;
        t.rescale(scale);
        points.push(CurvePoint {
            at: x.normalize().into(),
            total: t.into(),
        });
    }
    Ok(points)
}

/// The finest spacing of the curve's added amounts (10^-6: points and breakpoints are placed at
/// 6 decimal places).
fn resolution() -> Decimal {
    Decimal::new(1, 6)
}

/// An added amount rounded to 6 decimal places, trailing zeros dropped.
fn snap(x: Decimal) -> Decimal {
    round(x, 6, RoundingMode::HalfUp).normalize()
}

/// How far two precise totals may differ and still be the same: generous against the 12-place
/// rounding of each line (at most 5 × 10^-13 a line).
fn tolerance() -> Decimal {
    Decimal::new(1, 7)
}

/// How far two slopes measured over a piece may differ and still be the same: the totals'
/// noise (10^-9 for hundreds of lines rounded at 12 places) over the width they are measured on.
fn slope_tolerance(p: &Piece) -> Result<Decimal, EngineError> {
    let width = sub(p.b, p.a)?.max(Decimal::new(1, 9));
    Ok(div(Decimal::new(4, 9), width)?.max(Decimal::new(1, 10)))
}

/// Finds the straight pieces of the curve on `[a, b]`: measures a slope near each end (inside);
/// one line means one piece; two lines that meet inside mean a bend there (checked with the
/// engine); otherwise the interval is halved. Jumps at `a` or `b` are left to the caller.
fn examine(ev: &mut Evaluator, a: Decimal, b: Decimal, depth: u32, out: &mut Vec<Piece>) -> Result<(), EngineError> {
    let w = b - a;
    if w <= Decimal::ZERO {
        return Ok(());
    }
    let d = w / Decimal::from(1000);
    if d.is_zero() {
        // Too narrow to measure inside (two candidates 10^-25 apart): one piece, end to end.
        let (ta, tb) = (ev.precise(a)?, ev.precise(b)?);
        out.push(Piece {
            a,
            b,
            slope: div(sub(tb, ta)?, w)?,
            at_a: ta,
        });
        return Ok(());
    }
    let (l1, l2, r1, r2) = (a + d, a + d + d, b - d - d, b - d);
    let (tl1, tl2, tr1, tr2) = (ev.precise(l1)?, ev.precise(l2)?, ev.precise(r1)?, ev.precise(r2)?);
    let s_left = div(sub(tl2, tl1)?, d)?;
    let s_right = div(sub(tr2, tr1)?, d)?;
    let left = Piece {
        a,
        b,
        slope: s_left,
        at_a: sub(tl1, mul(s_left, d)?)?,
    };
    let right = Piece {
        a,
        b,
        slope: s_right,
        at_a: sub(tr2, mul(s_right, r2 - a)?)?,
    };
    let eps = tolerance();
    let tol_s = slope_tolerance(&Piece { a: l1, b: l2, ..left })?;
    if dist(s_left, s_right)? <= tol_s && dist(left.value(r2)?, tr2)? <= eps {
        out.push(Piece {
            slope: div(sub(tr2, tl1)?, r2 - l1)?,
            ..left
        });
        return Ok(());
    }
    if depth >= 24 || ev.calls > CHECK_BUDGET || w < Decimal::new(1, 6) {
        // Too narrow to split further: keep it as one piece (a jump inside it is reported at `a`).
        out.push(left);
        return Ok(());
    }
    if dist(s_left, s_right)? > tol_s {
        let x = add(div(sub(right.at_a, left.at_a)?, sub(s_left, s_right)?)?, a)?;
        let x = snap(x);
        if x > l2 && x < r1 {
            let t = ev.precise(x)?;
            if dist(left.value(x)?, t)? <= eps * Decimal::from(10) && dist(right.value(x)?, t)? <= eps * Decimal::from(10) {
                examine(ev, a, x, depth + 1, out)?;
                return examine(ev, x, b, depth + 1, out);
            }
        }
    }
    let m = snap(a + w / Decimal::TWO);
    if m <= a || m >= b {
        out.push(left);
        return Ok(());
    }
    examine(ev, a, m, depth + 1, out)?;
    examine(ev, m, b, depth + 1, out)
}

/// The key of a ladder report (everything but the measures).
fn ladder_key(l: &LadderReport) -> (&str, &str, &str, Option<&str>, Option<&str>, Option<&str>) {
    (
        &l.agent,
        &l.plan,
        &l.rule,
        l.period.as_deref(),
        l.invoice.as_deref(),
        l.key.as_deref(),
    )
}

/// The added amounts at which a ladder reaches one of its tier bounds: the volume of each ladder
/// is read at 0 and at `probe`, and grows linearly in between. Every agent's ladders count (the
/// agent may be paid overrides on another's commission).
fn ladder_candidates(ev: &mut Evaluator, probe: Decimal) -> Result<Vec<Decimal>, EngineError> {
    let at0 = ev.result(Decimal::ZERO, true)?;
    let at1 = ev.result(probe, true)?;
    let mut out = Vec::new();
    for l in &at1.ladders {
        let v0 = at0
            .ladders
            .iter()
            .find(|b| ladder_key(b) == ladder_key(l))
            .map(|b| b.volume.0)
            .unwrap_or_default();
        let slope = div(sub(l.volume.0, v0)?, probe)?;
        if slope <= Decimal::ZERO {
            continue;
        }
        for bp in &l.breakpoints {
            if bp.at.0 <= v0 {
                continue;
            }
            let Some(x) = sub(bp.at.0, v0)?.checked_div(slope).filter(|x| *x <= probe) else {
                continue;
            };
            let mut x = snap(x);
            // Check the bound is reached at `x` (the volume is rounded to 12 places).
            if add(v0, mul(slope, x)?)? < bp.at.0 {
                x += Decimal::new(1, 6);
            }
            out.push(x);
        }
    }
    Ok(out)
}

/// The added amounts at which the agent's personal sales, or its group sales, reach each next
/// level's requirement, level after level.
fn level_candidates(ev: &mut Evaluator, end: Decimal) -> Result<Vec<Decimal>, EngineError> {
    type Pick = fn(&LevelReport) -> (Decimal, Option<Decimal>);
    let picks: [Pick; 2] = [
        |l| (l.measures.sales.0, l.next.as_ref().and_then(|n| n.missing.sales).map(|m| m.0)),
        |l| {
            (
                l.measures.group_sales.0,
                l.next.as_ref().and_then(|n| n.missing.group_sales).map(|m| m.0),
            )
        },
    ];
    let at0 = ev.result(Decimal::ZERO, true)?;
    let probe = ev.result(end, true)?;
    let mine = |r: &CalcResult, agent: &str| r.levels.iter().find(|l| l.agent == agent).cloned();
    let (Some(l0), Some(l1)) = (mine(&at0, ev.agent), mine(&probe, ev.agent)) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for pick in picks {
        let ((m0, mut missing), (m1, _)) = (pick(&l0), pick(&l1));
        let slope = div(sub(m1, m0)?, end)?;
        let mut x = Decimal::ZERO;
        for _ in 0..8 {
            let Some(m) = missing.filter(|m| *m > Decimal::ZERO) else {
                break;
            };
            if slope <= Decimal::ZERO {
                break;
            }
            match m
                .checked_div(slope)
                .and_then(|dx| x.checked_add(dx))
                .filter(|next| *next <= end)
            {
                Some(next) => x = snap(next),
                None => break,
            }
            out.push(x);
            let r = ev.result(x, true)?;
            missing = mine(&r, ev.agent).and_then(|l| pick(&l).1);
        }
    }
    Ok(out)
}

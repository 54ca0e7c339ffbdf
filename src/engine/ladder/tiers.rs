//! A compiled ladder: tier bounds in measure units, each tier's rate and bonus, and how a
//! stretch of the measure splits across tiers.
//!
//! Tiers with an upper bound `to` leave gaps that pay nothing: above a tier's `to` up to the
//! next tier's `from` (or above the last `to`), and below a first tier that starts above 0. A
//! gap is compiled as a tier of its own that pays 0 and has no number (`number: None`); the
//! gap above `to` starts just after it (`exclusive`), since `to` is inclusive. Graduated and
//! retroactive pay, breakpoints, `next`, what-if and curves then read gaps as tiers whose rate
//! drops to 0.

use super::rate::Rate;
use crate::engine::arith::{add, div, mul, pct, sub, Num};
use crate::model::plan::{Ladder, LadderMode, LadderPeriod, Measure, Scope};
use rust_decimal::Decimal;

/// One compiled tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Lower bound of the measure, inclusive.
    pub from: Decimal,
    /// What the tier pays.
    pub rate: Rate,
    /// One-time bonus when reached.
    pub bonus: Decimal,
    /// The tier's number as written (1-based), `None` for a gap.
    pub number: Option<u32>,
    /// True when the bound itself lies below the tier (a gap above an inclusive `to`).
    pub exclusive: bool,
    /// Once reached, the measure below its upper end is paid at its rate (graduated ladders).
    pub retroactive: bool,
}

impl Tier {
    /// A gap starting at `from` (just after it when `exclusive`).
    fn gap(from: Decimal, exclusive: bool) -> Tier {
        Tier {
            from,
            rate: Rate::Percent(Decimal::ZERO),
            bonus: Decimal::ZERO,
            number: None,
            exclusive,
            retroactive: false,
        }
    }
}

/// A compiled ladder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tiers {
    /// What climbs the ladder.
    pub measure: Measure,
    /// Where the measure accumulates.
    pub scope: Scope,
    /// The period of a period-scope ladder.
    pub period: Option<LadderPeriod>,
    /// Graduated or retroactive.
    pub mode: LadderMode,
    /// The quota, if any.
    pub quota: Option<Decimal>,
    /// The tiers, lowest first, gaps included; the first starts at 0.
    pub tiers: Vec<Tier>,
}

/// A part of a stretch of the measure that lies in one tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// The tier's index (0-based).
    pub tier: usize,
    /// How much of the stretch's measure lies in this tier (the whole stretch's width when it
    /// has none, so that a zero-measure stretch still pays at its tier).
    pub part: Decimal,
}

/// Splits `x` across `slices` in proportion to their parts, exactly: every part but the last is
/// `x × part / width` and the last takes the remainder, so the parts always sum to `x`.
pub fn split(slices: &[Slice], x: Decimal) -> Result<Vec<Decimal>, crate::engine::arith::Overflow> {
    let width = slices.iter().try_fold(Decimal::ZERO, |a, s| add(a, s.part))?;
    let mut out = Vec::with_capacity(slices.len());
    let mut used = Decimal::ZERO;
    for (i, s) in slices.iter().enumerate() {
        let v = if i + 1 == slices.len() {
            sub(x, used)?
        } else {
            div(mul(x, s.part)?, width)?
        };
        used = add(used, v)?;
        out.push(v);
    }
    Ok(out)
}

impl Tiers {
    /// Compiles a validated ladder (bounds from `from` or from `from_attainment` × quota), with
    /// a gap tier below a first tier above 0 and above each `to`.
    pub fn compile(ladder: &Ladder) -> Tiers {
        Tiers::compile_with(ladder, ladder.quota.map(|q| q.0))
    }

    /// Compiles a ladder with `quota` in place of its own (a ramped quota): bounds written with
    /// `from_attainment` follow the quota, bounds written with `from` and `to` stay.
    pub fn compile_with(ladder: &Ladder, quota: Option<Decimal>) -> Tiers {
        let mut tiers: Vec<Tier> = Vec::with_capacity(ladder.tiers.len());
        for (i, t) in ladder.tiers.iter().enumerate() {
            let from = match (t.from, t.from_attainment, quota) {
                (Some(f), _, _) => f.0,
                (None, Some(a), Some(q)) => pct(q, a.0).unwrap_or(Decimal::MAX),
                _ => Decimal::ZERO,
            };
            let rate = match (t.percent, t.per_unit) {
                (Some(p), _) => Rate::Percent(p.0),
                (None, Some(u)) => Rate::PerUnit(u.0),
                (None, None) => Rate::Percent(Decimal::ZERO),
            };
            if i == 0 && from > Decimal::ZERO {
                tiers.push(Tier::gap(Decimal::ZERO, false));
            }
            tiers.push(Tier {
                from,
                rate,
                bonus: t.bonus.map(|b| b.0).unwrap_or_default(),
                number: u32::try_from(i + 1).ok(),
                exclusive: false,
                retroactive: t.retroactive,
            });
            if let Some(to) = t.to {
                tiers.push(Tier::gap(to.0, true));
            }
        }
        Tiers {
            measure: ladder.measure,
            scope: ladder.scope,
            period: ladder.period,
            mode: ladder.mode,
            quota,
            tiers,
        }
    }

    /// The number (1-based, as written) of the tier at index `ix`, `None` for a gap.
    pub fn number(&self, ix: usize) -> Option<u32> {
        self.tiers.get(ix).and_then(|t| t.number)
    }

    /// The number of the tier at index `ix`, or in a gap of the written tier below it (0 below
    /// the first tier): what lines and reports show as `tier`.
    pub fn label(&self, ix: usize) -> u32 {
        self.tiers
            .iter()
            .take(ix.saturating_add(1))
            .rev()
            .find_map(|t| t.number)
            .unwrap_or(0)
    }

    /// "4 % of 5,000.00" for a stretch of `base` in the tier at `ix`, "nothing on 10,000.00 (a
    /// gap)" in a gap.
    pub fn on(&self, ix: usize, base: Decimal, scale: u32) -> String {
        match self.tiers.get(ix) {
            Some(t) if t.number.is_some() => t.rate.on(base, scale),
            _ => format!("nothing on {} (a gap)", crate::engine::explain::money(base, scale)),
        }
    }

    /// "tier 2", or for a gap "the gap above tier 1" / "the gap below tier 1", in explanations.
    pub fn name(&self, ix: usize) -> String {
        match (self.number(ix), self.label(ix)) {
            (Some(n), _) => format!("tier {n}"),
            (None, 0) => "the gap below tier 1".to_string(),
            (None, n) => format!("the gap above tier {n}"),
        }
    }

    /// The index of the tier that the measure `v` reaches (the highest whose bound is ≤ v, or
    /// < v for a gap above an inclusive `to`).
    pub fn tier_at(&self, v: Decimal) -> usize {
        self.tiers
            .iter()
            .rposition(|t| t.from < v || t.from == v && !t.exclusive)
            .unwrap_or(0)
    }

    /// The split of the stretch of the measure from `v0` to `v1` (either direction) across
    /// tiers, lowest tier first.
    pub fn slices(&self, v0: Decimal, v1: Decimal) -> Result<Vec<Slice>, crate::engine::arith::Overflow> {
        let (lo, hi) = if v0 <= v1 { (v0, v1) } else { (v1, v0) };
        let width = sub(hi, lo)?;
        if width.is_zero() {
            return Ok(vec![Slice {
                tier: self.tier_at(v1),
                part: Decimal::ONE,
            }]);
        }
        let mut out = Vec::new();
        for (i, t) in self.tiers.iter().enumerate() {
            let start = if i == 0 { lo.min(t.from) } else { t.from };
            let end = self.tiers.get(i + 1).map(|n| n.from);
            let a = lo.max(start);
            let b = match end {
                Some(e) => hi.min(e),
                None => hi,
            };
            if b > a {
                out.push(Slice {
                    tier: i,
                    part: sub(b, a)?,
                });
            }
        }
        Ok(out)
    }

    /// The tier bonuses gained (positive) or lost (negative) when the measure moves from `v0`
    /// to `v1`, with the tier index of each.
    pub fn bonuses_crossed(&self, v0: Decimal, v1: Decimal) -> Vec<(usize, Decimal)> {
        let mut out = Vec::new();
        for (i, t) in self.tiers.iter().enumerate() {
            if t.bonus.is_zero() {
                continue;
            }
            let reached_before = i == 0 || v0 >= t.from;
            let reached_after = i == 0 || v1 >= t.from;
            if i == 0 {
                continue;
            }
            if !reached_before && reached_after {
                out.push((i, t.bonus));
            } else if reached_before && !reached_after {
                out.push((i, -t.bonus));
            }
        }
        out
    }

    /// True when the tier bounds increase: each tier starts above the one before, and a gap
    /// above a `to` starts at or above its tier's `from` (a ramped quota may break this when
    /// `from` and `from_attainment` bounds are mixed).
    pub fn increasing(&self) -> bool {
        self.tiers
            .windows(2)
            .all(|w| w[1].from > w[0].from || w[1].exclusive && w[1].from == w[0].from)
    }

    /// True when a tier is `retroactive` (in a graduated ladder).
    pub fn has_retroactive_tier(&self) -> bool {
        self.tiers.iter().any(|t| t.retroactive)
    }

    /// `slices` re-tiered for a measure of `v`: when `v` reaches a retroactive tier, every
    /// slice of that tier or below is paid at its rate (the highest retroactive tier reached).
    pub fn lifted(&self, slices: &[Slice], v: Decimal) -> Vec<Slice> {
        let reached = self.tier_at(v);
        let lift = self.tiers[..=reached.min(self.tiers.len().saturating_sub(1))]
            .iter()
            .rposition(|t| t.retroactive);
        slices
            .iter()
            .map(|s| match lift {
                Some(r) if s.tier <= r => Slice { tier: r, part: s.part },
                _ => *s,
            })
            .collect()
    }

    /// What a stretch split into `slices` and carrying `base` and `quantity` earns when each
    /// slice is paid at its own tier's rate.
    pub fn pay_slices(&self, slices: &[Slice], base: Decimal, quantity: Decimal) -> Num {
        let bases = split(slices, base)?;
        let quantities = split(slices, quantity)?;
        let mut total = Decimal::ZERO;
        for (k, s) in slices.iter().enumerate() {
            total = add(total, self.tiers[s.tier].rate.pay(bases[k], quantities[k])?)?;
        }
        Ok(total)
    }

    /// The total a measure of `v` earns under the ladder's formula when the stretch carries
    /// `base` and `quantity` in proportion (graduated: each band at its rate, the bands below a
    /// retroactive tier reached at that tier's; retroactive: the whole at the rate reached),
    /// bonuses excluded.
    pub fn formula(&self, v: Decimal, base: Decimal, quantity: Decimal) -> Num {
        match self.mode {
            LadderMode::Retroactive => self.tiers[self.tier_at(v)].rate.pay(base, quantity),
            LadderMode::Graduated => self.pay_slices(&self.lifted(&self.slices(Decimal::ZERO, v)?, v), base, quantity),
        }
    }
}

/// A quarterly amount ladder paying percents, from `(from, percent, bonus)` rows (a test fixture).
#[cfg(test)]
pub(crate) fn quarterly_percent(mode: LadderMode, rows: &[(&str, &str, &str)]) -> Tiers {
    use std::str::FromStr;
    let d = |s: &str| Decimal::from_str(s).expect("a test decimal");
    Tiers {
        measure: Measure::Amount,
        scope: Scope::Period,
        period: Some(LadderPeriod::Quarter),
        mode,
        quota: None,
        tiers: rows
            .iter()
            .enumerate()
            .map(|(i, (from, p, bonus))| Tier {
                from: d(from),
                rate: Rate::Percent(d(p)),
                bonus: d(bonus),
                number: Some(i as u32 + 1),
                exclusive: false,
                retroactive: false,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn quarter(mode: LadderMode) -> Tiers {
        quarterly_percent(mode, &[("0", "3", "0"), ("10000", "5", "0"), ("25000", "7", "100")])
    }

    #[test]
    fn worked_example_2_formula() {
        let g = quarter(LadderMode::Graduated);
        let r = quarter(LadderMode::Retroactive);
        assert_eq!(g.formula(d("30000"), d("30000"), d("0")).unwrap(), d("1400"));
        assert_eq!(r.formula(d("30000"), d("30000"), d("0")).unwrap(), d("2100"));
        assert_eq!(g.formula(d("12500"), d("12500"), d("0")).unwrap(), d("425"));
        assert_eq!(r.formula(d("12500"), d("12500"), d("0")).unwrap(), d("625"));
    }

    #[test]
    fn slices_and_bonuses() {
        let g = quarter(LadderMode::Graduated);
        let s = g.slices(d("5000"), d("15000")).unwrap();
        assert_eq!(
            s,
            vec![
                Slice {
                    tier: 0,
                    part: d("5000")
                },
                Slice {
                    tier: 1,
                    part: d("5000")
                }
            ]
        );
        assert_eq!(split(&s, d("0.03")).unwrap(), vec![d("0.015"), d("0.015")]);
        assert_eq!(g.tier_at(d("25000")), 2);
        assert_eq!(g.bonuses_crossed(d("20000"), d("26000")), vec![(2, d("100"))]);
        assert_eq!(g.bonuses_crossed(d("26000"), d("20000")), vec![(2, d("-100"))]);
    }
}

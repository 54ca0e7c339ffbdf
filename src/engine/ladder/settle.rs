//! Settling a ladder in order: each push adds a stretch of the measure (with its base and
//! quantity) and returns what that stretch earns, the retroactive true-up of earlier stretches,
//! and any tier bonus gained or lost. The pushes always add up to the ladder's formula applied to
//! the whole accumulated measure.

use super::tiers::{Slice, Tiers};
use crate::engine::arith::{add, sub, Overflow};
use crate::model::plan::LadderMode;
use rust_decimal::Decimal;

/// The running state of one ladder accumulator (one period, invoice, product or category).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settler {
    /// The measure so far.
    pub volume: Decimal,
    /// The base so far.
    pub base: Decimal,
    /// The quantity so far.
    pub quantity: Decimal,
    /// What the rate part has paid so far (own amounts plus true-ups).
    pub paid: Decimal,
}

/// What one pushed stretch earns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    /// What the stretch itself earns.
    pub own: Decimal,
    /// The retroactive adjustment of earlier stretches (zero when graduated without a
    /// retroactive tier).
    pub true_up: Decimal,
    /// The tier (0-based) the stretch ends in.
    pub tier: usize,
    /// How the stretch split across tiers (graduated), lowest first.
    pub slices: Vec<Slice>,
    /// Tier bonuses gained (positive) or lost (negative), by tier index.
    pub bonuses: Vec<(usize, Decimal)>,
    /// The measure before the stretch.
    pub volume_before: Decimal,
    /// The measure after the stretch.
    pub volume_after: Decimal,
}

impl Settler {
    /// Adds a stretch of `measure` carrying `base` and `quantity`.
    pub fn push(&mut self, tiers: &Tiers, measure: Decimal, base: Decimal, quantity: Decimal) -> Result<Settled, Overflow> {
        let v0 = self.volume;
        let v1 = add(v0, measure)?;
        self.base = add(self.base, base)?;
        self.quantity = add(self.quantity, quantity)?;
        let mut slices = tiers.slices(v0, v1)?;
        // Graduated: the tier of the stretch's last slice; retroactive: the tier whose rate
        // is paid, the one the measure reaches with the stretch included.
        let tier = if v1 >= v0 && tiers.mode == LadderMode::Graduated {
            slices.last().map(|s| s.tier).unwrap_or(0)
        } else {
            tiers.tier_at(v1)
        };
        let (own, true_up) = match tiers.mode {
            LadderMode::Graduated if tiers.has_retroactive_tier() => {
                // The stretch pays the rates in force with it included; the earlier stretches
                // are re-rated to the ladder's formula (a retroactive tier reached or lost).
                slices = tiers.lifted(&slices, v1);
                let own = tiers.pay_slices(&slices, base, quantity)?;
                let target = tiers.formula(v1, self.base, self.quantity)?;
                let true_up = sub(sub(target, self.paid)?, own)?;
                self.paid = target;
                (own, true_up)
            }
            LadderMode::Graduated => {
                let own = tiers.pay_slices(&slices, base, quantity)?;
                self.paid = add(self.paid, own)?;
                (own, Decimal::ZERO)
            }
            LadderMode::Retroactive => {
                let rate = tiers.tiers[tiers.tier_at(v1)].rate;
                let own = rate.pay(base, quantity)?;
                let target = rate.pay(self.base, self.quantity)?;
                let true_up = sub(sub(target, self.paid)?, own)?;
                self.paid = target;
                (own, true_up)
            }
        };
        self.volume = v1;
        Ok(Settled {
            own,
            true_up,
            tier,
            slices,
            bonuses: tiers.bonuses_crossed(v0, v1),
            volume_before: v0,
            volume_after: v1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ladder::tiers::quarterly_percent;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ladder(mode: LadderMode) -> Tiers {
        quarterly_percent(mode, &[("0", "4", "0"), ("150000", "6", "0")])
    }

    #[test]
    fn graduated_straddle_pays_each_slice_at_its_rate() {
        // The contract: 145,000 sold, a 20,000 deal pays 5,000 × 4 % + 15,000 × 6 % = 1,100.
        let t = ladder(LadderMode::Graduated);
        let mut s = Settler::default();
        s.push(&t, d("145000"), d("145000"), d("0")).unwrap();
        let r = s.push(&t, d("20000"), d("20000"), d("0")).unwrap();
        assert_eq!(r.own, d("1100"));
        assert_eq!(r.tier, 1);
        assert_eq!(s.paid, t.formula(d("165000"), d("165000"), d("0")).unwrap());
    }

    #[test]
    fn retroactive_true_up_lifts_earlier_lines() {
        let t = ladder(LadderMode::Retroactive);
        let mut s = Settler::default();
        let a = s.push(&t, d("145000"), d("145000"), d("0")).unwrap();
        assert_eq!((a.own, a.true_up), (d("5800"), d("0")));
        let b = s.push(&t, d("20000"), d("20000"), d("0")).unwrap();
        // 20,000 at 6 % = 1,200 and the earlier 145,000 lifted from 4 % to 6 % = 2,900.
        assert_eq!((b.own, b.true_up), (d("1200"), d("2900")));
        // A refund that drops the period back below the bound takes the lift back.
        let c = s.push(&t, d("-20000"), d("-20000"), d("0")).unwrap();
        assert_eq!(c.own, d("-800"));
        assert_eq!(c.true_up, d("-2900") + d("-400") + d("0"));
        assert_eq!(s.paid, d("5800"));
    }
}

//! What a rule pays on each item it takes, at the whole invoice (before timing): a percent of
//! the base, an amount per unit, a fixed amount per invoice, or a ladder's tiers
//! ([`crate::engine::ladder::invoice`]); and how the price reads in an explanation.

use crate::engine::arith::{add, mul, pct, Overflow};
use crate::engine::attribution::Unit;
use crate::engine::compile::Pay;
use crate::engine::context::Context;
use crate::engine::credit_notes::Item;
use crate::engine::explain::{money, plain};
use crate::engine::ladder::invoice::LadderPrice;
use crate::engine::ladder::rate::Rate;
use crate::model::plan::BaseKind;
use rust_decimal::Decimal;

/// An item priced by a rule, at the whole invoice (before timing), for the agent's share.
#[derive(Clone, Debug)]
pub struct Priced {
    /// The item (index into the items).
    pub item: usize,
    /// The agent's share of the item's base.
    pub base: Decimal,
    /// The rate (percent, amount per unit, or fixed amount).
    pub rate: Decimal,
    /// What the item earns.
    pub amount: Decimal,
    /// The ladder tier (0-based) it is paid at.
    pub tier: Option<usize>,
    /// How the amount splits across tiers (graduated ladders): the base part and its rate.
    pub slices: Vec<(Decimal, Rate)>,
    /// Tier bonuses gained or lost with the item.
    pub bonus: Decimal,
    /// The tier of the last bonus gained or lost.
    pub bonus_tier: Option<usize>,
    /// How the rate reads.
    pub how: How,
}

/// How a priced item's rate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// A percent of the base.
    Percent,
    /// An amount per unit.
    PerUnit,
    /// A fixed amount per invoice.
    Fixed,
}

impl From<LadderPrice> for Priced {
    fn from(p: LadderPrice) -> Priced {
        Priced {
            item: p.item,
            base: p.base,
            rate: p.rate.value(),
            amount: p.amount,
            tier: Some(p.tier),
            slices: p.slices,
            bonus: p.bonus,
            bonus_tier: p.bonus_tier,
            how: match p.rate {
                Rate::PerUnit(_) => How::PerUnit,
                Rate::Percent(_) => How::Percent,
            },
        }
    }
}

/// Prices the items `taken` under a rule that pays a percent, an amount per unit or a fixed
/// amount (ladders are priced in [`crate::engine::ladder`]: nothing here). A fixed amount is
/// paid once, on the item that first makes the invoice's base positive, and taken back by the
/// refund that brings it to zero or below.
pub fn price(pay: &Pay, items: &[Item], taken: &[usize], kind: BaseKind, share: Decimal) -> Result<Vec<Priced>, Overflow> {
    let mut priced = Vec::with_capacity(taken.len());
    match pay {
        Pay::Percent(p) => {
            for &k in taken {
                let b = mul(items[k].base.of(kind), share)?;
                priced.push(Priced::plain(k, b, *p, pct(b, *p)?, How::Percent));
            }
        }
        Pay::PerUnit(a) => {
            for &k in taken {
                let q = mul(items[k].base.quantity, share)?;
                let b = mul(items[k].base.of(kind), share)?;
                priced.push(Priced::plain(k, b, *a, mul(q, *a)?, How::PerUnit));
            }
        }
        Pay::Fixed(a) => {
            let amount = mul(*a, share)?;
            let mut running = Decimal::ZERO;
            let mut paid = false;
            for &k in taken {
                let b = items[k].base.of(kind);
                let before = running;
                running = add(running, b)?;
                let c = if !paid && running > Decimal::ZERO && !items[k].refund {
                    paid = true;
                    amount
                } else if paid && items[k].refund && before > Decimal::ZERO && running <= Decimal::ZERO {
                    paid = false;
                    -amount
                } else {
                    Decimal::ZERO
                };
                priced.push(Priced::plain(k, mul(b, share)?, *a, c, How::Fixed));
            }
        }
        Pay::Ladder(_) => {}
    }
    Ok(priced)
}

impl Priced {
    /// An item priced at one rate, with no tier or bonus.
    fn plain(item: usize, base: Decimal, rate: Decimal, amount: Decimal, how: How) -> Priced {
        Priced {
            item,
            base,
            rate,
            amount,
            tier: None,
            slices: Vec::new(),
            bonus: Decimal::ZERO,
            bonus_tier: None,
            how,
        }
    }

    /// "5 % of 162.00 (60 % share of 2 × 150.00 less 10 %)".
    pub fn describe(&self, ctx: &Context, item: &Item, unit: &Unit, base: Decimal) -> String {
        let scale = ctx.plan.scale;
        let line = item.line;
        let rate = self.rate;
        let mut what = format!(
            "{} × {}",
            plain(line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE)),
            line.unit_price
        );
        if let Some(d) = line.discount_percent.filter(|d| !d.0.is_zero()) {
            what.push_str(&format!(" less {} %", plain(d.0)));
        }
        if unit.share_percent != Decimal::ONE_HUNDRED {
            what = format!("{} % share of {what}", plain(unit.share_percent.round_dp(4)));
        }
        let doc = ctx.invoices[item.doc].doc;
        if let Some(c) = doc.currency.as_ref().filter(|c| **c != ctx.plan.doc.currency) {
            what.push_str(&format!(", {c} at {}", plain(ctx.fx[item.doc])));
        }
        let head = if self.slices.len() > 1 {
            let parts: Vec<String> = self.slices.iter().map(|(b, r)| r.on(*b, scale)).collect();
            format!("{} (of {})", parts.join(" + "), money(base, scale))
        } else {
            match self.how {
                How::Percent => format!("{} % of {}", plain(rate), money(base, scale)),
                How::PerUnit => format!(
                    "{} per unit on {} units",
                    money(rate, scale),
                    plain(mul(item.base.quantity, unit.share).unwrap_or_default())
                ),
                How::Fixed => format!("fixed {} per invoice", money(rate, scale)),
            }
        };
        match self.tier {
            Some(t) => format!("{head} ({what}), tier {}", t + 1),
            None => format!("{head} ({what})"),
        }
    }
}

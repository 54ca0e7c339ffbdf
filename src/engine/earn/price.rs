//! What a rule pays on each item it takes, at the whole invoice (before timing): a percent of
//! the base, an amount per unit, a fixed amount per invoice or per line, a formula, or a
//! ladder's tiers ([`crate::engine::ladder::invoice`]); and how the price reads in an
//! explanation.

use crate::engine::arith::{add, div, mul, pct, sub, Overflow};
use crate::engine::attribution::Unit;
use crate::engine::compile::Pay;
use crate::engine::context::Context;
use crate::engine::credit_notes::Item;
use crate::engine::explain::{money, plain};
use crate::engine::ladder::invoice::LadderPrice;
use crate::engine::ladder::rate::Rate;
use crate::engine::ladder::tiers::Tiers;
use crate::formula::{EvalError, Figures, Formula};
use crate::model::plan::BaseKind;
use rust_decimal::Decimal;

/// An item priced by a rule, at the whole invoice (before timing), for the agent's share.
#[derive(Clone, Debug)]
pub struct Priced {
    /// The item (index into the items).
    pub item: usize,
    /// The agent's share of the item's base.
    pub base: Decimal,
    /// The rate (percent, amount per unit, or fixed amount); none for a formula.
    pub rate: Option<Decimal>,
    /// What the item earns.
    pub amount: Decimal,
    /// The ladder tier it is paid at: its number (in a gap, the number below it) and its name
    /// in explanations.
    pub tier: Option<(u32, String)>,
    /// How the amount splits across tiers (graduated ladders): the base part and its rate.
    pub slices: Vec<(Decimal, Rate)>,
    /// Tier bonuses gained or lost with the item.
    pub bonus: Decimal,
    /// The tier of the last bonus gained or lost (its number).
    pub bonus_tier: Option<u32>,
    /// How the rate reads.
    pub how: How,
    /// The formula's text, for a formula's line.
    pub formula: Option<String>,
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
    /// A fixed amount per line.
    FixedPerLine,
    /// A formula.
    Formula,
}

impl Priced {
    /// An item priced by a ladder below period scope.
    pub fn from_ladder(p: LadderPrice, tiers: &Tiers) -> Priced {
        Priced {
            item: p.item,
            base: p.base,
            rate: Some(p.rate.value()),
            amount: p.amount,
            tier: Some((tiers.label(p.tier), tiers.name(p.tier))),
            slices: p.slices,
            bonus: p.bonus,
            bonus_tier: p.bonus_tier.map(|t| tiers.label(t)),
            how: match p.rate {
                Rate::PerUnit(_) => How::PerUnit,
                Rate::Percent(_) => How::Percent,
            },
            formula: None,
        }
    }

    /// An item priced by a formula: `amount` is the agent's share of the line's value.
    pub fn from_formula(item: usize, base: Decimal, amount: Decimal, text: &str) -> Priced {
        Priced {
            rate: None,
            formula: Some(text.to_string()),
            ..Priced::plain(item, base, Decimal::ZERO, amount, How::Formula)
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
        Pay::FixedPerLine(a) => priced = fixed_per_line(items, taken, *a, kind, share)?,
        Pay::Ladder(_) | Pay::Formula(_) => {}
    }
    Ok(priced)
}

/// Prices `fixed` with `per: "line"`: the amount (times the share) on each invoice line with a
/// positive net; a credit note's line takes back the part of a sold line's amount that it
/// refunds (its net over the sold line's, at most what is left), the sold line found by product.
fn fixed_per_line(
    items: &[Item],
    taken: &[usize],
    fixed: Decimal,
    kind: BaseKind,
    share: Decimal,
) -> Result<Vec<Priced>, Overflow> {
    let amount = mul(fixed, share)?;
    // Each paid line: (item, its net, the fraction of it refunded so far).
    let mut paid: Vec<(usize, Decimal, Decimal)> = Vec::new();
    let mut out = Vec::with_capacity(taken.len());
    for &k in taken {
        let it = &items[k];
        let c = if !it.refund {
            if it.base.net > Decimal::ZERO {
                paid.push((k, it.base.net, Decimal::ZERO));
                amount
            } else {
                Decimal::ZERO
            }
        } else {
            let same = |p: &&mut (usize, Decimal, Decimal)| items[p.0].line.product == it.line.product && p.2 < Decimal::ONE;
            match paid.iter_mut().find(same) {
                Some(sold) => {
                    let fraction = div(it.base.net.abs(), sold.1)?.min(sub(Decimal::ONE, sold.2)?);
                    sold.2 = add(sold.2, fraction)?;
                    -mul(amount, fraction)?
                }
                None => Decimal::ZERO,
            }
        };
        out.push(Priced::plain(k, mul(it.base.of(kind), share)?, fixed, c, How::FixedPerLine));
    }
    Ok(out)
}

/// The value of a formula on an item: the line's commission (before the share); for a credit
/// note's line, minus what the same line made positive would earn.
pub fn formula_on(f: &Formula, item: &Item, kind: BaseKind) -> Result<Decimal, EvalError> {
    let b = &item.base;
    let sign = |v: Decimal| if item.refund { -v } else { v };
    let figures = Figures {
        base: sign(b.of(kind)),
        net: sign(b.net),
        gross: sign(b.gross),
        margin: sign(b.margin_raw),
        quantity: sign(b.quantity),
        unit_price: if item.refund {
            item.line.unit_price.0.abs()
        } else {
            item.line.unit_price.0
        },
        unit_cost: b.unit_cost,
        discount_percent: b.discount_percent,
    };
    f.eval(&figures).map(sign)
}

impl Priced {
    /// An item priced at one rate, with no tier or bonus.
    fn plain(item: usize, base: Decimal, rate: Decimal, amount: Decimal, how: How) -> Priced {
        Priced {
            item,
            base,
            rate: Some(rate),
            amount,
            tier: None,
            slices: Vec::new(),
            bonus: Decimal::ZERO,
            bonus_tier: None,
            how,
            formula: None,
        }
    }

    /// "5 % of 162.00 (60 % share of 2 × 150.00 less 10 %)".
    pub fn describe(&self, ctx: &Context, item: &Item, unit: &Unit, base: Decimal) -> String {
        let scale = ctx.plan.scale;
        let line = item.line;
        let rate = self.rate.unwrap_or_default();
        let mut what = format!(
            "{} × {}",
            plain(line.quantity.map(|q| q.0).unwrap_or(Decimal::ONE)),
            line.unit_price
        );
        if let Some(d) = line.discount_percent.filter(|d| !d.0.is_zero()) {
            what.push_str(&format!(" less {} %", plain(d.0)));
        }
        if let Some(d) = line.discount_amount.filter(|d| !d.0.is_zero()) {
            what.push_str(&format!(" less {}", money(d.0, scale)));
        }
        if item.base.margin != item.base.margin_raw {
            what.push_str(&format!(
                ", margin {} floored at {}",
                money(item.base.margin_raw, scale),
                money(item.base.margin, scale)
            ));
        }
        if unit.overlay {
            what = format!("overlay on {what}");
        } else if unit.share_percent != Decimal::ONE_HUNDRED {
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
                How::FixedPerLine => format!("fixed {} per line", money(rate, scale)),
                How::Formula => format!("formula `{}`", self.formula.as_deref().unwrap_or_default()),
            }
        };
        match &self.tier {
            Some((_, name)) => format!("{head} ({what}), {name}"),
            None => format!("{head} ({what})"),
        }
    }
}

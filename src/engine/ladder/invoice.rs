//! Ladders below period scope (line, invoice, product, category): priced within one invoice
//! and the credit notes that refund it. Items are grouped by the scope's key and each group is
//! settled in item order (invoice lines, then credit-note lines). Retroactive ladders pay every
//! invoice line at the tier the invoice reaches.

use super::rate::Rate;
use super::settle::Settler;
use super::tiers::{split, Tiers};
use crate::engine::arith::{add, mul, sum, Overflow};
use crate::engine::attribution::Unit;
use crate::engine::base::LineBase;
use crate::engine::context::Context;
use crate::engine::credit_notes::Item;
use crate::engine::matching::category_key;
use crate::model::plan::{BaseKind, LadderMode, Measure, Scope};
use rust_decimal::Decimal;

/// The final state of a ladder accumulator below period scope, for the ladder report.
#[derive(Clone, Debug)]
pub struct InvoiceLadder {
    /// The agent (index).
    pub agent: usize,
    /// The plan (index).
    pub plan: usize,
    /// The invoice (index into the context's invoices).
    pub invoice: usize,
    /// The rule.
    pub rule: usize,
    /// The product or category key (product and category scopes), or the line index.
    pub key: Option<String>,
    /// The measure accumulated.
    pub volume: Decimal,
}

/// An item priced on a ladder, at the whole invoice (before timing), for the agent's share.
#[derive(Clone, Debug)]
pub struct LadderPrice {
    /// The item (index into the items).
    pub item: usize,
    /// The agent's share of the item's base.
    pub base: Decimal,
    /// What the item earns at its tier (with its true-up for a retroactive refund).
    pub amount: Decimal,
    /// The tier (0-based) the item is paid at.
    pub tier: usize,
    /// The tier's rate.
    pub rate: Rate,
    /// How the amount splits across tiers (graduated): the base part and its rate.
    pub slices: Vec<(Decimal, Rate)>,
    /// Tier bonuses gained or lost with the item.
    pub bonus: Decimal,
    /// The tier of the last bonus gained or lost.
    pub bonus_tier: Option<usize>,
}

/// What an item's measure is on a ladder.
pub fn measure_of(tiers: &Tiers, base: &LineBase, kind: BaseKind) -> Decimal {
    match tiers.measure {
        Measure::Amount => base.of(kind),
        Measure::Quantity => base.quantity,
    }
}

/// Prices the items `taken` by rule `rule` of the unit's plan on its ladder `tiers`, and adds
/// the final state of each accumulator to `ladders`. The prices are in item order.
pub fn price(
    ctx: &Context,
    unit: &Unit,
    rule: usize,
    tiers: &Tiers,
    items: &[Item],
    taken: &[usize],
    ladders: &mut Vec<InvoiceLadder>,
) -> Result<Vec<LadderPrice>, Overflow> {
    let plan = &ctx.plan.doc.plans[unit.plan];
    let when = plan.rules[rule].when.as_ref();
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for &k in taken {
        let key: Option<String> = match tiers.scope {
            Scope::Line => Some(format!("{}:{}", items[k].doc, items[k].line_ix)),
            Scope::Invoice | Scope::Period => None,
            Scope::Product => Some(items[k].line.product.clone().unwrap_or_default()),
            Scope::Category => Some(category_key(ctx, when, items[k].line).unwrap_or_default().to_string()),
        };
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, list)) => list.push(k),
            None => groups.push((key, vec![k])),
        }
    }
    let mut priced = Vec::with_capacity(taken.len());
    for (key, members) in groups {
        let volume = settle_group(tiers, items, &members, plan.base, unit.share, &mut priced)?;
        ladders.push(InvoiceLadder {
            agent: unit.agent,
            plan: unit.plan,
            invoice: unit.invoice,
            rule,
            key,
            volume,
        });
    }
    priced.sort_by_key(|p| p.item);
    Ok(priced)
}

/// Settles one accumulator's items in order; returns the measure accumulated.
fn settle_group(
    tiers: &Tiers,
    items: &[Item],
    members: &[usize],
    base_kind: BaseKind,
    share: Decimal,
    priced: &mut Vec<LadderPrice>,
) -> Result<Decimal, Overflow> {
    let mut settler = Settler::default();
    let mut invoice_volume = Decimal::ZERO;
    for &k in members.iter().filter(|&&k| !items[k].refund) {
        invoice_volume = add(invoice_volume, measure_of(tiers, &items[k].base, base_kind))?;
    }
    let final_tier = tiers.tier_at(invoice_volume);
    for &k in members {
        let item = &items[k];
        let b = item.base.of(base_kind);
        let s = settler.push(tiers, measure_of(tiers, &item.base, base_kind), b, item.base.quantity)?;
        let (amount, tier, slices) = if tiers.mode == LadderMode::Retroactive && !item.refund {
            (
                tiers.tiers[final_tier].rate.pay(b, item.base.quantity)?,
                final_tier,
                Vec::new(),
            )
        } else if tiers.mode == LadderMode::Retroactive {
            (add(s.own, s.true_up)?, s.tier, Vec::new())
        } else {
            let mut parts = Vec::new();
            for (sl, part) in s.slices.iter().zip(split(&s.slices, b)?) {
                parts.push((mul(part, share)?, tiers.tiers[sl.tier].rate));
            }
            // A retroactive tier reached within the invoice re-rates its earlier items: the
            // item that reaches it carries the adjustment.
            (add(s.own, s.true_up)?, s.tier, parts)
        };
        let bonus = sum(s.bonuses.iter().map(|(_, b)| *b))?;
        priced.push(LadderPrice {
            item: k,
            base: mul(b, share)?,
            amount: mul(amount, share)?,
            tier,
            rate: tiers.tiers[tier].rate,
            slices,
            bonus: mul(bonus, share)?,
            bonus_tier: s.bonuses.last().map(|(t, _)| *t),
        });
    }
    Ok(settler.volume)
}

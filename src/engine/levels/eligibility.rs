//! Whether an agent meets a level's requirements, and what is missing for each one it does not.

use super::measures::Measures;
use crate::engine::arith::Overflow;
use crate::model::plan::Level;
use crate::model::result::LevelMissing;
use crate::model::Id;
use crate::money::{round, RoundingMode};
use rust_decimal::Decimal;

/// The outcome of checking one level for one agent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Check {
    /// Every requirement holds.
    pub met: bool,
    /// Every requirement holds except the activation stage.
    pub only_stage: bool,
    /// What is missing for each unmet requirement (money rounded up to the plan scale, so that
    /// a shortfall is never shown as zero).
    pub missing: LevelMissing,
}

/// An agent's stage, for the `activation` requirement.
#[derive(Clone, Copy, Debug)]
pub struct Stage<'a> {
    /// The agent's stage rank (0 lowest), `None` when the agent has no stage.
    pub rank: Option<usize>,
    /// The rank of each stage id.
    pub ranks: &'a std::collections::HashMap<Id, usize>,
}

/// Checks `level` for agent `a` against the measures over the level's window.
pub fn check(level: &Level, m: &Measures, a: usize, stage: Stage, scale: u32) -> Result<Check, Overflow> {
    let Some(req) = &level.requires else {
        return Ok(Check {
            met: true,
            only_stage: false,
            missing: LevelMissing::default(),
        });
    };
    let mut missing = LevelMissing::default();
    let short = |need: Decimal, have: Decimal| -> Result<Option<crate::money::Dec>, Overflow> {
        if have >= need {
            return Ok(None);
        }
        let mut gap = round(need.checked_sub(have).ok_or(Overflow)?, scale, RoundingMode::Up);
        gap.rescale(scale);
        Ok(Some(gap.into()))
    };
    if let Some(need) = req.sales {
        missing.sales = short(need.0, m.sales[a])?;
    }
    if let Some(need) = req.group_sales {
        missing.group_sales = short(need.0, m.group_sales[a])?;
    }
    if let Some(need) = req.customers {
        missing.customers = (m.customers[a] < need).then(|| need - m.customers[a]);
    }
    if let Some(need) = req.recruits {
        missing.recruits = (m.recruits[a] < need).then(|| need - m.recruits[a]);
    }
    let others_met = missing == LevelMissing::default();
    if let Some(need) = &req.activation {
        let need_rank = stage.ranks.get(need).copied().unwrap_or(0);
        if stage.rank.map(|r| r < need_rank).unwrap_or(true) {
            missing.activation = Some(need.clone());
        }
    }
    let met = missing == LevelMissing::default();
    Ok(Check {
        met,
        only_stage: !met && others_met,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::levels::measures::Span;
    use crate::model::plan::Requires;
    use std::collections::HashMap;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn measures(sales: &str, customers: u32) -> Measures {
        Measures {
            span: Span {
                from: None,
                thru: "2026-06-30".parse().unwrap(),
            },
            sales: vec![d(sales)],
            group_sales: vec![d(sales)],
            customers: vec![customers],
            recruits: vec![0],
            transactions: vec![1],
            group_transactions: vec![1],
        }
    }

    fn level(sales: &str, customers: u32, activation: Option<&str>) -> Level {
        serde_json::from_value(serde_json::json!({
            "id": "gold", "rank": 3,
            "requires": Requires { sales: Some(d(sales).into()), customers: Some(customers), activation: activation.map(String::from), ..Requires::default() }
        }))
        .unwrap()
    }

    #[test]
    fn worked_example_11_gold_is_missing_90000_and_8_customers() {
        let ranks = HashMap::new();
        let c = check(
            &level("150000", 15, None),
            &measures("60000", 7),
            0,
            Stage {
                rank: None,
                ranks: &ranks,
            },
            2,
        )
        .unwrap();
        assert!(!c.met && !c.only_stage);
        assert_eq!(c.missing.sales.map(|s| s.0.to_string()), Some("90000.00".into()));
        assert_eq!(c.missing.customers, Some(8));
    }

    #[test]
    fn a_shortfall_of_a_fraction_of_a_cent_is_rounded_up() {
        let ranks = HashMap::new();
        let c = check(
            &level("100", 0, None),
            &measures("99.999", 0),
            0,
            Stage {
                rank: None,
                ranks: &ranks,
            },
            2,
        )
        .unwrap();
        assert_eq!(c.missing.sales.map(|s| s.0.to_string()), Some("0.01".into()));
    }

    #[test]
    fn only_the_stage_missing_is_flagged() {
        let ranks: HashMap<Id, usize> = [("ramp_up".to_string(), 1), ("operational".to_string(), 2)]
            .into_iter()
            .collect();
        let c = check(
            &level("100", 1, Some("operational")),
            &measures("500", 2),
            0,
            Stage {
                rank: Some(1),
                ranks: &ranks,
            },
            2,
        )
        .unwrap();
        assert!(!c.met && c.only_stage);
        assert_eq!(c.missing.activation.as_deref(), Some("operational"));
        let ok = check(
            &level("100", 1, Some("operational")),
            &measures("500", 2),
            0,
            Stage {
                rank: Some(2),
                ranks: &ranks,
            },
            2,
        )
        .unwrap();
        assert!(ok.met);
    }
}

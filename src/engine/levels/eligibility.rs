//! Whether an agent meets a level's requirements, and what is missing for each one it does not.
//!
//! A level's `requires` holds plain requirements and, optionally, alternatives (`any`): the
//! level is met when every plain requirement holds and, if there are alternatives, one of them
//! holds in full. A leg cap (`max_leg_percent`, written beside a `group_sales`) applies to every
//! `group_sales` requirement of the level: each leg (a direct downline agent with its whole
//! downline) counts at most that percent of the required figure; personal sales count in full.

use super::measures::Measures;
use crate::engine::arith::{add, pct, Overflow};
use crate::model::plan::{Level, Requires};
use crate::model::result::LevelMissing;
use crate::model::Id;
use crate::money::{round, RoundingMode};
use rust_decimal::Decimal;

/// The outcome of checking one level for one agent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Check {
    /// Every requirement holds (the plain ones and one alternative, if any).
    pub met: bool,
    /// The stage that alone keeps the level out of reach: every other requirement holds (the
    /// plain ones and one alternative but for its stage).
    pub stage_only: Option<Id>,
    /// What is missing for each unmet plain requirement (money rounded up to the plan scale,
    /// so that a shortfall is never shown as zero).
    pub missing: LevelMissing,
    /// What each alternative (`requires.any`) misses, in order.
    pub paths: Vec<LevelMissing>,
}

/// An agent's stage, for the `activation` requirement.
#[derive(Clone, Copy, Debug)]
pub struct Stage<'a> {
    /// The agent's stage rank (0 lowest), `None` when the agent has no stage.
    pub rank: Option<usize>,
    /// The rank of each stage id.
    pub ranks: &'a std::collections::HashMap<Id, usize>,
}

/// The agent checked: its measures over the level's window, its direct downline (the heads of
/// its legs) and its stage.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    /// The measures of every agent over the level's window.
    pub measures: &'a Measures,
    /// The agent (index).
    pub agent: usize,
    /// Its direct downline (indexes).
    pub legs: &'a [usize],
    /// Its stage.
    pub stage: Stage<'a>,
}

/// The leg cap of a level, in percent: the `max_leg_percent` of its requirements (the plan
/// check makes every one written in a level the same).
pub fn leg_percent(level: &Level) -> Option<Decimal> {
    let req = level.requires.as_ref()?;
    std::iter::once(req)
        .chain(&req.any)
        .find_map(|r| r.max_leg_percent.map(|p| p.0))
}

/// The `group_sales` requirement that a level's reported `group_sales` is counted against:
/// the plain one, else the first alternative's.
pub fn shown_group_need(level: &Level) -> Option<Decimal> {
    let req = level.requires.as_ref()?;
    std::iter::once(req).chain(&req.any).find_map(|r| r.group_sales.map(|g| g.0))
}

/// What one leg counts toward a `group_sales` requirement of `need` under a cap of `percent`.
pub fn leg_counted(sales: Decimal, need: Decimal, percent: Option<Decimal>) -> Result<Decimal, Overflow> {
    match percent {
        Some(p) => Ok(sales.min(pct(need, p)?)),
        None => Ok(sales),
    }
}

/// The group sales of the subject counted toward a requirement of `need` under a cap of
/// `percent`: personal sales in full, each leg at most the cap.
pub fn counted_group_sales(s: &Subject, need: Decimal, percent: Option<Decimal>) -> Result<Decimal, Overflow> {
    let m = s.measures;
    if percent.is_none() {
        return Ok(m.group_sales[s.agent]);
    }
    let mut total = m.sales[s.agent];
    for &c in s.legs {
        total = add(total, leg_counted(m.group_sales[c], need, percent)?)?;
    }
    Ok(total)
}

/// Checks `level` for the subject.
pub fn check(level: &Level, s: &Subject, scale: u32) -> Result<Check, Overflow> {
    let Some(req) = &level.requires else {
        return Ok(Check {
            met: true,
            ..Check::default()
        });
    };
    let percent = leg_percent(level);
    let missing = unmet(req, s, percent, scale)?;
    let paths = req
        .any
        .iter()
        .map(|alt| unmet(alt, s, percent, scale))
        .collect::<Result<Vec<_>, _>>()?;
    let none = LevelMissing::default();
    let holds = |m: &LevelMissing| *m == none;
    let but_stage = |m: &LevelMissing| {
        LevelMissing {
            activation: None,
            ..m.clone()
        } == none
    };
    let met = holds(&missing) && (paths.is_empty() || paths.iter().any(holds));
    let stage_only = if met || !but_stage(&missing) {
        None
    } else if paths.is_empty() || paths.iter().any(holds) {
        missing.activation.clone()
    } else {
        paths
            .iter()
            .find(|p| but_stage(p))
            .and_then(|p| p.activation.clone().or_else(|| missing.activation.clone()))
    };
    Ok(Check {
        met,
        stage_only,
        missing,
        paths,
    })
}

/// What the subject misses of the plain requirements of `req` (its `any` aside).
fn unmet(req: &Requires, s: &Subject, percent: Option<Decimal>, scale: u32) -> Result<LevelMissing, Overflow> {
    let (m, a) = (s.measures, s.agent);
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
        missing.group_sales = short(need.0, counted_group_sales(s, need.0, percent)?)?;
    }
    if let Some(need) = req.customers {
        missing.customers = (m.customers[a] < need).then(|| need - m.customers[a]);
    }
    if let Some(need) = req.recruits {
        missing.recruits = (m.recruits[a] < need).then(|| need - m.recruits[a]);
    }
    if let Some(need) = &req.activation {
        let need_rank = s.stage.ranks.get(need).copied().unwrap_or(0);
        if s.stage.rank.map(|r| r < need_rank).unwrap_or(true) {
            missing.activation = Some(need.clone());
        }
    }
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::levels::measures::Span;
    use std::collections::HashMap;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Agent 0 with personal `sales` and `customers`; agents 1.. are its legs with the given
    /// group sales; `group` is agent 0's group sales, `recruits` its recruits.
    fn measures(sales: &str, customers: u32, legs: &[&str], recruits: u32) -> Measures {
        let mut group = d(sales);
        for l in legs {
            group += d(l);
        }
        let n = legs.len() + 1;
        let mut group_sales = vec![group];
        group_sales.extend(legs.iter().map(|l| d(l)));
        let mut sales_of = vec![d(sales)];
        sales_of.extend(legs.iter().map(|l| d(l)));
        Measures {
            span: Span {
                from: None,
                thru: "2026-06-30".parse().unwrap(),
            },
            sales: sales_of,
            group_sales,
            customers: [vec![customers], vec![0; n - 1]].concat(),
            recruits: [vec![recruits], vec![0; n - 1]].concat(),
            transactions: vec![1; n],
            group_transactions: vec![1; n],
        }
    }

    fn level(requires: serde_json::Value) -> Level {
        serde_json::from_value(serde_json::json!({ "id": "gold", "rank": 3, "requires": requires })).unwrap()
    }

    fn run(level: &Level, m: &Measures, stage: Option<usize>, ranks: &HashMap<Id, usize>) -> Check {
        let legs: Vec<usize> = (1..m.sales.len()).collect();
        let s = Subject {
            measures: m,
            agent: 0,
            legs: &legs,
            stage: Stage { rank: stage, ranks },
        };
        check(level, &s, 2).unwrap()
    }

    fn text(v: &Option<crate::money::Dec>) -> Option<String> {
        v.map(|v| v.0.to_string())
    }

    #[test]
    fn worked_example_11_gold_is_missing_90000_and_8_customers() {
        let c = run(
            &level(serde_json::json!({ "sales": "150000", "customers": 15 })),
            &measures("60000", 7, &[], 0),
            None,
            &HashMap::new(),
        );
        assert!(!c.met && c.stage_only.is_none());
        assert_eq!(text(&c.missing.sales), Some("90000.00".into()));
        assert_eq!(c.missing.customers, Some(8));
    }

    #[test]
    fn a_shortfall_of_a_fraction_of_a_cent_is_rounded_up() {
        let c = run(
            &level(serde_json::json!({ "sales": "100" })),
            &measures("99.999", 0, &[], 0),
            None,
            &HashMap::new(),
        );
        assert_eq!(text(&c.missing.sales), Some("0.01".into()));
    }

    #[test]
    fn only_the_stage_missing_is_flagged() {
        let ranks: HashMap<Id, usize> = [("ramp_up".to_string(), 1), ("operational".to_string(), 2)]
            .into_iter()
            .collect();
        let gold = level(serde_json::json!({ "sales": "100", "customers": 1, "activation": "operational" }));
        let c = run(&gold, &measures("500", 2, &[], 0), Some(1), &ranks);
        assert!(!c.met);
        assert_eq!(c.stage_only.as_deref(), Some("operational"));
        assert_eq!(c.missing.activation.as_deref(), Some("operational"));
        assert!(run(&gold, &measures("500", 2, &[], 0), Some(2), &ranks).met);
    }

    #[test]
    fn worked_example_21_each_alternative_says_what_it_misses() {
        // sales 100,000; group 320,000 (one leg of 220,000); 2 recruits.
        let gold = level(serde_json::json!({ "any": [ { "sales": "150000" }, { "group_sales": "300000", "recruits": 3 } ] }));
        let c = run(&gold, &measures("100000", 0, &["220000"], 2), None, &HashMap::new());
        assert!(!c.met);
        assert_eq!(c.missing, LevelMissing::default());
        assert_eq!(c.paths.len(), 2);
        assert_eq!(text(&c.paths[0].sales), Some("50000.00".into()));
        assert_eq!((c.paths[1].group_sales, c.paths[1].recruits), (None, Some(1)));
        // A third recruit opens the second path.
        assert!(run(&gold, &measures("100000", 0, &["220000"], 3), None, &HashMap::new()).met);
    }

    #[test]
    fn plain_requirements_and_one_alternative_must_all_hold() {
        let gold = level(serde_json::json!({ "customers": 5, "any": [ { "sales": "100" }, { "recruits": 1 } ] }));
        let c = run(&gold, &measures("100", 4, &[], 0), None, &HashMap::new());
        assert!(!c.met);
        assert_eq!(c.missing.customers, Some(1));
        assert_eq!(c.paths[0], LevelMissing::default());
        assert!(run(&gold, &measures("100", 5, &[], 0), None, &HashMap::new()).met);
    }

    #[test]
    fn a_stage_alone_blocking_an_alternative_is_flagged() {
        let ranks: HashMap<Id, usize> = [("ramp_up".to_string(), 1), ("operational".to_string(), 2)]
            .into_iter()
            .collect();
        let gold = level(serde_json::json!({ "any": [ { "sales": "1000" }, { "sales": "100", "activation": "operational" } ] }));
        let c = run(&gold, &measures("500", 0, &[], 0), Some(1), &ranks);
        assert!(!c.met);
        assert_eq!(c.stage_only.as_deref(), Some("operational"));
    }

    #[test]
    fn worked_example_22_a_leg_counts_at_most_half_the_requirement() {
        // personal 10,000, leg A 80,000, leg B 20,000; cap 50 % of 100,000 = 50,000.
        let gold = level(serde_json::json!({ "group_sales": "100000", "max_leg_percent": "50" }));
        let m = measures("10000", 0, &["80000", "20000"], 0);
        let c = run(&gold, &m, None, &HashMap::new());
        assert_eq!(text(&c.missing.group_sales), Some("20000.00".into()));
        let legs = [1, 2];
        let ranks = HashMap::new();
        let s = Subject {
            measures: &m,
            agent: 0,
            legs: &legs,
            stage: Stage {
                rank: None,
                ranks: &ranks,
            },
        };
        assert_eq!(counted_group_sales(&s, d("100000"), leg_percent(&gold)).unwrap(), d("80000"));
    }

    #[test]
    fn the_leg_cap_applies_to_group_sales_in_every_alternative() {
        let gold = level(serde_json::json!({ "group_sales": "1000", "max_leg_percent": "50",
            "any": [ { "group_sales": "2000" }, { "sales": "5000" } ] }));
        // personal 100, legs 1,500 and 600: plain cap 500 -> 100 + 500 + 500 = 1,100 holds;
        // alternative cap 1,000 -> 100 + 1,000 + 600 = 1,700, short 300.
        let c = run(&gold, &measures("100", 0, &["1500", "600"], 0), None, &HashMap::new());
        assert_eq!(c.missing.group_sales, None);
        assert_eq!(text(&c.paths[0].group_sales), Some("300.00".into()));
    }
}

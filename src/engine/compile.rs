//! Checking a plan document and compiling it into indexes the calculation uses.

use super::ladder::tiers::Tiers;
use crate::error::{pointer, EngineError, ErrorCode, Problems};
use crate::formula::Formula;
use crate::limits::MAX_MONTHS;
use crate::model::plan::{FixedPer, Ladder, LadderMode, Level, Limit, Override, Plan, PlanDoc, Requires, Rule, Scope};
use crate::model::Id;
use crate::money::{minor_units, RoundAt, RoundingMode};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The default onboarding stages, lowest first.
pub const DEFAULT_ACTIVATIONS: [&str; 3] = ["first_contact", "ramp_up", "operational"];

/// How a rule earns, compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pay {
    /// Percent of the base.
    Percent(Decimal),
    /// An amount per unit.
    PerUnit(Decimal),
    /// An amount once per matching invoice.
    Fixed(Decimal),
    /// An amount once per matching line with a positive net (`fixed` with `per: "line"`).
    FixedPerLine(Decimal),
    /// A formula over the line's figures giving the line's commission.
    Formula(Box<Formula>),
    /// A ladder.
    Ladder(Tiers),
}

/// A compiled plan document.
#[derive(Clone, Debug)]
pub struct CompiledPlan {
    /// The document.
    pub doc: PlanDoc,
    /// Rounding scale (decimal places).
    pub scale: u32,
    /// Rounding mode.
    pub mode: RoundingMode,
    /// Where rounding happens.
    pub at: RoundAt,
    /// Plan index by id.
    pub plans: HashMap<Id, usize>,
    /// Group index by id.
    pub groups: HashMap<Id, usize>,
    /// Level index by id.
    pub levels: HashMap<Id, usize>,
    /// Onboarding stage rank by id (0 lowest).
    pub activations: HashMap<Id, usize>,
    /// Each plan's rules compiled, in order.
    pub pay: Vec<Vec<Pay>>,
    /// The indexes of each agent's assignments, in document order.
    pub assignments: HashMap<Id, Vec<usize>>,
}

impl CompiledPlan {
    /// The rank of an onboarding stage, `None` when unknown.
    pub fn activation_rank(&self, stage: &str) -> Option<usize> {
        self.activations.get(stage).copied()
    }
}

/// Checks `doc` and compiles it; every problem found is reported.
pub fn compile(doc: PlanDoc) -> Result<CompiledPlan, EngineError> {
    let mut p = Problems::default();
    let scale = scale_of(&doc, &mut p);
    let activations: Vec<Id> = match &doc.activations {
        Some(list) => list.clone(),
        None => DEFAULT_ACTIVATIONS.iter().map(|s| s.to_string()).collect(),
    };
    let activation_ranks = index_unique(activations.iter(), "/activations", &mut p);
    let plans = index_unique(doc.plans.iter().map(|x| &x.id), "/plans", &mut p);
    let groups = index_unique(doc.groups.iter().map(|x| &x.id), "/groups", &mut p);
    let levels = index_unique(doc.levels.iter().map(|x| &x.id), "/levels", &mut p);
    let pay = doc
        .plans
        .iter()
        .enumerate()
        .map(|(i, plan)| check_plan(plan, i, &activation_ranks, &mut p))
        .collect();
    check_plan_references(&doc, &plans, &mut p);
    super::ladder::ramp::check(&doc, &plans, &mut p);
    let mut ranks: HashMap<u32, usize> = HashMap::new();
    let known = Known {
        plans: &plans,
        activations: &activation_ranks,
    };
    for (i, l) in doc.levels.iter().enumerate() {
        check_level(l, i, &known, &mut ranks, &mut p);
    }
    if let Some(review) = &doc.level_review {
        if review.demote_after == Some(0) {
            p.push(
                ErrorCode::InvalidPlan,
                "/level_review/demote_after",
                "demote_after counts reviews: at least 1",
            );
        }
        if doc.levels.is_empty() {
            p.push(ErrorCode::InvalidPlan, "/level_review", "level reviews need levels to review");
        }
    }
    crate::model::checks::plan(&doc, &mut p);
    p.into_result()?;
    let (mode, at) = (doc.rounding.mode, doc.rounding.at);
    let mut assignments: HashMap<Id, Vec<usize>> = HashMap::new();
    for (i, a) in doc.assignments.iter().enumerate() {
        assignments.entry(a.agent.clone()).or_default().push(i);
    }
    Ok(CompiledPlan {
        doc,
        scale,
        mode,
        at,
        plans,
        groups,
        levels,
        activations: activation_ranks,
        pay,
        assignments,
    })
}

/// The decimal places amounts are rounded to: the rounding's `scale`, else the currency's
/// minor units.
fn scale_of(doc: &PlanDoc, p: &mut Problems) -> u32 {
    let inv = ErrorCode::InvalidPlan;
    let scale = match minor_units(&doc.currency) {
        Some(units) => doc.rounding.scale.unwrap_or(units),
        None => {
            p.push(
                inv,
                "/currency",
                format!("`{}` is not an ISO 4217 currency code", doc.currency),
            );
            2
        }
    };
    if scale > 12 {
        p.push(inv, "/rounding/scale", "scale must be at most 12");
    }
    scale
}

/// Checks plan `i` (dates, recurrence, activation, rules, overrides); returns what each of its
/// rules pays.
fn check_plan(plan: &Plan, i: usize, activations: &HashMap<Id, usize>, p: &mut Problems) -> Vec<Pay> {
    let inv = ErrorCode::InvalidPlan;
    let at = |rest: &[&dyn std::fmt::Display]| {
        let mut segs: Vec<String> = vec!["plans".into(), i.to_string()];
        segs.extend(rest.iter().map(|s| s.to_string()));
        pointer(segs)
    };
    if let (Some(f), Some(t)) = (plan.valid_from, plan.valid_thru) {
        if f > t {
            p.push(inv, at(&[&"valid_from"]), "valid_from is after valid_thru");
        }
    }
    if plan.recurring_months.is_some_and(|m| m == 0 || m > MAX_MONTHS) {
        p.push(
            inv,
            at(&[&"recurring_months"]),
            format!("recurring_months must be between 1 and {MAX_MONTHS}"),
        );
    }
    if let Some(stage) = &plan.requires_activation {
        if !activations.contains_key(stage) {
            p.push(
                ErrorCode::UnknownReference,
                at(&[&"requires_activation"]),
                format!("unknown activation stage `{stage}`"),
            );
        }
    }
    index_unique(plan.rules.iter().map(|r| &r.id), &at(&[&"rules"]), p);
    let mut compiled = Vec::with_capacity(plan.rules.len());
    for (j, rule) in plan.rules.iter().enumerate() {
        compiled.push(check_rule(rule, &at(&[&"rules", &j]), p));
    }
    for (k, o) in plan.overrides.iter().enumerate() {
        check_override(o, &at(&[&"overrides", &k]), p);
    }
    check_draw(plan, &at(&[]), p);
    check_holdback(plan, &at(&[]), p);
    compiled
}

/// Checks an override at `path`: a generation (1 or more) and a percent, or `differential`
/// with neither (its percents are the levels' `differential_percent`).
fn check_override(o: &Override, path: &str, p: &mut Problems) {
    let inv = ErrorCode::InvalidPlan;
    if o.differential {
        if o.generation.is_some() {
            p.push(
                inv,
                format!("{path}/generation"),
                "a differential override walks the whole upline chain: give no generation (levels' override_generations limit it)",
            );
        }
        if o.percent.is_some() {
            p.push(
                inv,
                format!("{path}/percent"),
                "a differential override pays the levels' differential_percent: give no percent",
            );
        }
        return;
    }
    match o.generation {
        Some(0) => p.push(inv, format!("{path}/generation"), "generation must be at least 1"),
        Some(_) => {}
        None => p.push(
            inv,
            format!("{path}/generation"),
            "an override needs a generation (or differential: true)",
        ),
    }
    match o.percent {
        Some(v) => check_percent(v.0, &format!("{path}/percent"), p),
        None => p.push(
            inv,
            format!("{path}/percent"),
            "an override needs a percent (or differential: true)",
        ),
    }
}

/// Checks the plans named by assignments and groups, and the assignments' dates.
fn check_plan_references(doc: &PlanDoc, plans: &HashMap<Id, usize>, p: &mut Problems) {
    for (i, a) in doc.assignments.iter().enumerate() {
        if !plans.contains_key(&a.plan) {
            p.push(
                ErrorCode::UnknownReference,
                pointer(["assignments", &i.to_string(), "plan"]),
                format!("unknown plan `{}`", a.plan),
            );
        }
        if let (Some(f), Some(t)) = (a.from, a.thru) {
            if f > t {
                p.push(
                    ErrorCode::InvalidPlan,
                    pointer(["assignments", &i.to_string(), "from"]),
                    "from is after thru",
                );
            }
        }
    }
    for (i, g) in doc.groups.iter().enumerate() {
        if let Some(plan) = &g.plan {
            if !plans.contains_key(plan) {
                p.push(
                    ErrorCode::UnknownReference,
                    pointer(["groups", &i.to_string(), "plan"]),
                    format!("unknown plan `{plan}`"),
                );
            }
        }
    }
}

/// The plan and activation ids of the plan document, by index.
struct Known<'k> {
    plans: &'k HashMap<Id, usize>,
    activations: &'k HashMap<Id, usize>,
}

/// Checks level `i`: its plan, its rank (unique among the levels seen: `ranks`), percents,
/// requirements and window.
fn check_level(l: &Level, i: usize, known: &Known, ranks: &mut HashMap<u32, usize>, p: &mut Problems) {
    let (plans, activations) = (known.plans, known.activations);
    let inv = ErrorCode::InvalidPlan;
    let base = |f: &str| pointer(["levels", &i.to_string(), f]);
    if let Some(plan) = &l.plan {
        if !plans.contains_key(plan) {
            p.push(ErrorCode::UnknownReference, base("plan"), format!("unknown plan `{plan}`"));
        }
    }
    if ranks.insert(l.rank, i).is_some() {
        p.push(inv, base("rank"), format!("rank {} is used by another level", l.rank));
    }
    for (field, v) in [
        ("bonus_percent", l.bonus_percent),
        ("discount_percent", l.discount_percent),
        ("differential_percent", l.differential_percent),
    ] {
        if let Some(v) = v {
            check_percent(v.0, &base(field), p);
        }
    }
    if let Some(req) = &l.requires {
        let at = ["levels".to_string(), i.to_string(), "requires".to_string()];
        check_requires(req, &at, activations, p);
        let mut percents = std::iter::once(req).chain(&req.any).filter_map(|r| r.max_leg_percent);
        if let Some(first) = percents.next() {
            if percents.any(|other| other.0 != first.0) {
                p.push(
                    inv,
                    pointer(at.iter().map(String::as_str)),
                    "one max_leg_percent per level: the values differ",
                );
            }
        }
        for (k, alt) in req.any.iter().enumerate() {
            let at: Vec<String> = at.iter().cloned().chain(["any".into(), k.to_string()]).collect();
            check_requires(alt, &at, activations, p);
            if !alt.any.is_empty() {
                let path = pointer(at.iter().map(String::as_str).chain(["any"]));
                p.push(
                    inv,
                    path,
                    "an alternative holds plain requirements only: no `any` inside `any`",
                );
            }
        }
    }
    if let Some(w) = &l.window {
        if w.months.is_some() && w.days.is_some() {
            p.push(inv, base("window"), "give months or days, not both");
        }
        if w.months.is_some_and(|m| m > MAX_MONTHS) || w.days.is_some_and(|d| d > MAX_MONTHS * 31) {
            p.push(inv, base("window"), format!("a window is at most {MAX_MONTHS} months"));
        }
    }
}

/// Checks one set of plain requirements at `at` (the JSON Pointer's segments): amounts not
/// negative, a known stage, and `max_leg_percent` a percent beside a `group_sales`.
fn check_requires(req: &Requires, at: &[String], activations: &HashMap<Id, usize>, p: &mut Problems) {
    let inv = ErrorCode::InvalidPlan;
    let path = |field: &str| pointer(at.iter().map(String::as_str).chain([field]));
    for (field, v) in [("sales", req.sales), ("group_sales", req.group_sales)] {
        if v.is_some_and(|v| v.0.is_sign_negative()) {
            p.push(inv, path(field), "must not be negative");
        }
    }
    if let Some(stage) = &req.activation {
        if !activations.contains_key(stage) {
            p.push(
                ErrorCode::UnknownReference,
                path("activation"),
                format!("unknown activation stage `{stage}`"),
            );
        }
    }
    if let Some(v) = req.max_leg_percent {
        check_percent(v.0, &path("max_leg_percent"), p);
        if req.group_sales.is_none() {
            p.push(
                inv,
                path("max_leg_percent"),
                "max_leg_percent caps the legs of group_sales: give group_sales beside it",
            );
        }
    }
}

fn index_unique<'a>(ids: impl Iterator<Item = &'a Id>, path: &str, p: &mut Problems) -> HashMap<Id, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.contains_key(id) {
            p.push(ErrorCode::InvalidPlan, format!("{path}/{i}"), format!("duplicate id `{id}`"));
        } else {
            map.insert(id.clone(), i);
        }
    }
    map
}

/// Checks a plan's draw (see `draws`) (`at` is the plan's path).
fn check_draw(plan: &Plan, at: &str, p: &mut Problems) {
    let Some(d) = &plan.draw else { return };
    if d.amount.0.is_sign_negative() && !d.amount.0.is_zero() {
        p.push(
            ErrorCode::InvalidPlan,
            format!("{at}/draw/amount"),
            format!("must not be negative, not {}", d.amount),
        );
    }
    if let (Some(f), Some(t)) = (d.from, d.thru) {
        if f > t {
            p.push(ErrorCode::InvalidPlan, format!("{at}/draw/from"), "from is after thru");
        }
    }
}

/// Checks a plan's holdback (`at` is the plan's path).
fn check_holdback(plan: &Plan, at: &str, p: &mut Problems) {
    let Some(h) = &plan.holdback else { return };
    let v = h.percent.0;
    if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE_HUNDRED {
        p.push(
            ErrorCode::InvalidPlan,
            format!("{at}/holdback/percent"),
            format!("a percent must be between 0 and 100, not {v}"),
        );
    }
}

fn check_percent(v: Decimal, path: &str, p: &mut Problems) {
    if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE_HUNDRED {
        p.push(
            ErrorCode::InvalidPlan,
            path,
            format!("a percent must be between 0 and 100, not {v}"),
        );
    }
}

fn check_amount(v: Decimal, path: &str, p: &mut Problems) {
    if v.is_sign_negative() && !v.is_zero() {
        p.push(ErrorCode::InvalidPlan, path, format!("must not be negative, not {v}"));
    }
}

fn check_limit(limit: &Option<Limit>, path: &str, p: &mut Problems) {
    if let Some(l) = limit {
        check_amount(l.amount.0, &format!("{path}/amount"), p);
        if l.period.is_some() && l.per != crate::model::plan::LimitPer::Period {
            p.push(
                ErrorCode::InvalidPlan,
                format!("{path}/period"),
                "a period is only for `per: period`",
            );
        }
    }
}

fn check_rule(rule: &Rule, path: &str, p: &mut Problems) -> Pay {
    let ways = [
        rule.percent.is_some(),
        rule.per_unit.is_some(),
        rule.fixed.is_some(),
        rule.formula.is_some(),
        rule.ladder.is_some(),
    ];
    if ways.iter().filter(|w| **w).count() != 1 {
        p.push(
            ErrorCode::InvalidPlan,
            path,
            "a rule needs exactly one of percent, per_unit, fixed, formula or ladder",
        );
    }
    check_limit(&rule.cap, &format!("{path}/cap"), p);
    check_limit(&rule.floor, &format!("{path}/floor"), p);
    if let Some(v) = rule.percent {
        check_percent(v.0, &format!("{path}/percent"), p);
        return Pay::Percent(v.0);
    }
    if let Some(v) = rule.per_unit {
        check_amount(v.0, &format!("{path}/per_unit"), p);
        return Pay::PerUnit(v.0);
    }
    if let Some(v) = rule.fixed {
        check_amount(v.0, &format!("{path}/fixed"), p);
        return match rule.per {
            Some(FixedPer::Line) => Pay::FixedPerLine(v.0),
            _ => Pay::Fixed(v.0),
        };
    }
    if let Some(text) = &rule.formula {
        // A formula that does not read is reported by the document checks.
        return match Formula::parse(text) {
            Ok(f) => Pay::Formula(Box::new(f)),
            Err(_) => Pay::Fixed(Decimal::ZERO),
        };
    }
    match &rule.ladder {
        Some(l) => {
            check_ladder(l, &format!("{path}/ladder"), p);
            Pay::Ladder(Tiers::compile(l))
        }
        None => Pay::Fixed(Decimal::ZERO),
    }
}

fn check_ladder(l: &Ladder, path: &str, p: &mut Problems) {
    let inv = ErrorCode::InvalidPlan;
    match (l.scope, l.period) {
        (Scope::Period, None) => p.push(inv, format!("{path}/period"), "a period-scope ladder needs a period"),
        (s, Some(_)) if s != Scope::Period => p.push(inv, format!("{path}/period"), "a period is only for `scope: period`"),
        _ => {}
    }
    if let Some(q) = l.quota {
        if q.0 <= Decimal::ZERO {
            p.push(inv, format!("{path}/quota"), "the quota must be positive");
        }
    }
    if l.tiers.is_empty() {
        p.push(inv, format!("{path}/tiers"), "a ladder needs at least one tier");
        return;
    }
    // With an upper bound `to` on any tier, the first tier may start above 0 (below it is a gap).
    let bounded = l.tiers.iter().any(|t| t.to.is_some());
    let mut previous: Option<Decimal> = None;
    for (i, t) in l.tiers.iter().enumerate() {
        let tp = format!("{path}/tiers/{i}");
        if t.retroactive && l.mode == LadderMode::Retroactive {
            p.push(
                inv,
                format!("{tp}/retroactive"),
                "a retroactive tier belongs to a graduated ladder",
            );
        }
        let from = match (t.from, t.from_attainment) {
            (Some(f), None) => Some((f.0, format!("{tp}/from"))),
            (None, Some(a)) => {
                if let Some(q) = l.quota {
                    crate::engine::arith::pct(q.0, a.0)
                        .ok()
                        .map(|v| (v, format!("{tp}/from_attainment")))
                } else {
                    p.push(
                        inv,
                        format!("{tp}/from_attainment"),
                        "from_attainment needs a quota on the ladder",
                    );
                    None
                }
            }
            _ => {
                p.push(inv, tp.clone(), "a tier needs exactly one of from or from_attainment");
                None
            }
        };
        if let Some((v, vp)) = from {
            let ok = match previous {
                None => v.is_zero() || bounded && v > Decimal::ZERO,
                Some(prev) => v > prev,
            };
            if !ok {
                let message = if bounded {
                    "tiers must start at 0 or above and strictly increase"
                } else {
                    "tiers must start at 0 and strictly increase"
                };
                p.push(inv, vp, message);
            }
            previous = Some(v);
        }
        match (t.percent, t.per_unit) {
            (Some(v), None) => check_percent(v.0, &format!("{tp}/percent"), p),
            (None, Some(v)) => check_amount(v.0, &format!("{tp}/per_unit"), p),
            _ => p.push(inv, tp.clone(), "a tier pays exactly one of percent or per_unit"),
        }
        if let Some(b) = t.bonus {
            check_amount(b.0, &format!("{tp}/bonus"), p);
        }
    }
}

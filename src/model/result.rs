//! The result document.

use super::{Date, Id};
use crate::money::Dec;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The result of a calculation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CalcResult {
    /// The plan currency.
    pub currency: String,
    /// Itemized lines, in date order.
    pub lines: Vec<ResultLine>,
    /// Totals per agent.
    pub totals: Vec<AgentTotal>,
    /// Payout statements (with `options.statements`).
    pub statements: Vec<Statement>,
    /// Every ladder each agent is on.
    pub ladders: Vec<LadderReport>,
    /// Level eligibility per agent (when the plan has levels).
    pub levels: Vec<LevelReport>,
    /// The difference the what-if invoices make (with `options.what_if`).
    pub what_if: Option<WhatIfReport>,
    /// What was skipped, and why.
    pub warnings: Vec<Warning>,
}

/// The kind of a result line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKindOut {
    /// A commission earned.
    Commission,
    /// Paid to an upline on a downline's earnings.
    Override,
    /// A tier bonus or a level bonus.
    Bonus,
    /// A retroactive ladder's adjustment of earlier lines of the period, or a floor top-up.
    TrueUp,
    /// Commission taken back (credit note, refund).
    Clawback,
    /// What a cap removed (negative).
    Cap,
    /// A draw: what a period's earnings under a plan with a `draw` fell short of its amount.
    Draw,
    /// A draw taken back (negative): a later period's excess over the amount, at most the
    /// outstanding balance of a recoverable draw.
    DrawRecovery,
    /// The part of a commission withheld until the invoice is paid in full (negative).
    Holdback,
    /// A withheld part paid back: when the invoice is paid in full, or when a credit note
    /// claws back what was still held.
    Release,
}

/// One itemized line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ResultLine {
    /// The agent paid.
    pub agent: Id,
    /// The kind of line.
    pub kind: LineKindOut,
    /// The invoice it comes from.
    pub invoice: Option<Id>,
    /// The index of the invoice line it comes from.
    pub line: Option<u32>,
    /// The plan.
    pub plan: Option<Id>,
    /// The rule.
    pub rule: Option<Id>,
    /// The agent's role on the invoice.
    pub role: Option<Id>,
    /// The date it is earned.
    pub earned_on: Date,
    /// The base it is computed on.
    pub base: Option<Dec>,
    /// The rate (percent, or amount per unit).
    pub rate: Option<Dec>,
    /// The amount.
    pub amount: Dec,
    /// The ladder tier (1-based) it is paid at.
    pub tier: Option<u32>,
    /// For overrides: the downline agent.
    pub from_agent: Option<Id>,
    /// True when the line comes from a what-if invoice.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub what_if: bool,
    /// A readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
}

/// An agent's totals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AgentTotal {
    /// The agent.
    pub agent: Id,
    /// The sum of the agent's lines.
    pub amount: Dec,
    /// Sums by plan (written in JavaScript's key order: integer-like ids first, ascending).
    #[serde(serialize_with = "super::key_order::serialize")]
    pub by_plan: BTreeMap<Id, Dec>,
    /// Sums by rule (written in JavaScript's key order: integer-like ids first, ascending).
    #[serde(serialize_with = "super::key_order::serialize")]
    pub by_rule: BTreeMap<Id, Dec>,
    /// Sums by line kind (`commission`, `true_up`, `draw`, `draw_recovery`, `holdback`,
    /// `release`, ...), the kinds the agent has lines of, by name.
    pub by_kind: BTreeMap<String, Dec>,
}

/// A payout statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Statement {
    /// The agent.
    pub agent: Id,
    /// The period's name (`2026-03`).
    pub period: String,
    /// The period's first day.
    pub from: Date,
    /// The period's last day.
    pub thru: Date,
    /// The sum of the lines.
    pub amount: Dec,
    /// How many lines.
    pub lines: u32,
}

/// A breakpoint of a ladder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Breakpoint {
    /// The measure at which the tier starts.
    pub at: Dec,
    /// The tier's rate.
    pub rate: Dec,
}

/// The next breakpoint and what is missing to reach it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct NextBreakpoint {
    /// The measure at which the next tier starts.
    pub at: Dec,
    /// How much measure is missing.
    pub missing: Dec,
    /// The next tier's rate.
    pub rate: Dec,
}

/// Where an agent stands on a ladder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LadderReport {
    /// The agent.
    pub agent: Id,
    /// The plan.
    pub plan: Id,
    /// The rule.
    pub rule: Id,
    /// The ladder's scope.
    pub scope: crate::model::plan::Scope,
    /// The period's name (period scope).
    pub period: Option<String>,
    /// The invoice (invoice, product, category and line scopes).
    pub invoice: Option<Id>,
    /// The product or category key (product and category scopes).
    pub key: Option<Id>,
    /// What climbs the ladder.
    pub measure: crate::model::plan::Measure,
    /// The measure so far.
    pub volume: Dec,
    /// The tier reached (1-based).
    pub tier: u32,
    /// The rate of the tier reached.
    pub rate: Dec,
    /// Percent of the quota reached.
    pub attainment: Option<Dec>,
    /// The period's quota when an assignment's `ramp` lowers it (absent otherwise: the
    /// ladder's own `quota` holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<Dec>,
    /// The ramp percent of the ladder's quota in force for the period, when ramped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ramp: Option<Dec>,
    /// Every breakpoint.
    pub breakpoints: Vec<Breakpoint>,
    /// The next breakpoint, if any.
    pub next: Option<NextBreakpoint>,
}

/// An agent's level eligibility.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LevelReport {
    /// The agent.
    pub agent: Id,
    /// The level the agent holds.
    pub current: Option<Id>,
    /// The highest level whose every requirement holds.
    pub qualified: Option<Id>,
    /// `promote`, `demote` or `keep`.
    pub change: LevelChange,
    /// The measures over the qualified level's window (the lowest level's when none is
    /// qualified).
    pub measures: LevelMeasures,
    /// The level bonus.
    pub bonus: Option<Dec>,
    /// The discount of the qualified level, in percent.
    pub discount_percent: Option<Dec>,
    /// What is missing for the next level up.
    pub next: Option<NextLevel>,
    /// With `level_review` in the plan: each review up to `as_of`, in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<LevelReviewReport>,
    /// With `level_review` in the plan: the next review after `as_of` as it would go on the
    /// sales known (nothing else sold until its day); a projection that sets no level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_review: Option<LevelReviewReport>,
}

/// One level review of an agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LevelReviewReport {
    /// The period reviewed (`2026-Q1`); the review is on its last day.
    pub period: String,
    /// The highest level whose every requirement held over its window ending that day.
    pub qualified: Option<Id>,
    /// The level the review set, held from the next day.
    pub level: Option<Id>,
}

/// A level change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LevelChange {
    /// Qualified above the current level.
    Promote,
    /// Qualified below the current level.
    Demote,
    /// Qualified at the current level.
    Keep,
}

/// Level measures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LevelMeasures {
    /// Personal sales.
    pub sales: Dec,
    /// Distinct customers invoiced.
    pub customers: u32,
    /// Personal plus all downline sales.
    pub group_sales: Dec,
    /// Active direct downline agents.
    pub recruits: u32,
    /// The onboarding stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation: Option<Id>,
    /// The first day measured (inclusive); absent when the window is all history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// The last day measured (inclusive): `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thru: Option<Date>,
    /// When the level caps legs (`max_leg_percent`): each leg (a direct downline agent with
    /// its whole downline), its sales and what counted toward `group_sales`, which is then the
    /// counted figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legs: Option<Vec<LegMeasure>>,
}

/// One leg of an agent's group sales under a leg cap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LegMeasure {
    /// The direct downline agent heading the leg.
    pub agent: Id,
    /// The leg's sales: the agent's and its whole downline's.
    pub sales: Dec,
    /// What the leg counts toward `group_sales`: its sales, at most `max_leg_percent` of the
    /// required `group_sales`.
    pub counted: Dec,
}

/// The next level and what is missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct NextLevel {
    /// The next level up.
    pub level: Id,
    /// What is missing for each unmet requirement.
    pub missing: LevelMissing,
    /// The measures over the next level's window, which `missing` is measured against.
    pub measures: LevelMeasures,
    /// When the next level requires one of several alternatives (`requires.any`): each
    /// alternative in order, with what it misses (`missing` then lists the plain requirements
    /// only). An alternative that holds misses nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<LevelPath>,
}

/// One alternative way to a level and what it misses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LevelPath {
    /// What is missing for each unmet requirement of the alternative.
    pub missing: LevelMissing,
}

/// What is missing for each unmet requirement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LevelMissing {
    /// Personal sales missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sales: Option<Dec>,
    /// Customers missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<u32>,
    /// Group sales missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_sales: Option<Dec>,
    /// Recruits missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recruits: Option<u32>,
    /// The stage required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation: Option<Id>,
}

/// The difference what-if invoices make.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct WhatIfReport {
    /// The overall difference.
    pub delta: Dec,
    /// Per agent.
    pub agents: Vec<WhatIfAgent>,
    /// Tiers and levels crossed by the hypothetical sales.
    pub crossings: Vec<Crossing>,
}

/// One agent's what-if difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct WhatIfAgent {
    /// The agent.
    pub agent: Id,
    /// Total without the what-if invoices.
    pub before: Dec,
    /// Total with them.
    pub after: Dec,
    /// The difference.
    pub delta: Dec,
    /// The line kinds whose sum changes, by kind: a quote that only pays back a draw changes
    /// `commission` and `draw` (or `draw_recovery`) and leaves the total; a holdback shows as
    /// `holdback`; a retroactive tier reached as `true_up`.
    pub by_kind: BTreeMap<String, WhatIfChange>,
}

/// The sums of one line kind without and with the hypothetical invoices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct WhatIfChange {
    /// Without them.
    pub before: Dec,
    /// With them.
    pub after: Dec,
    /// The difference.
    pub delta: Dec,
}

/// A tier or level crossed by hypothetical sales.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Crossing {
    /// The agent.
    pub agent: Id,
    /// `tier`, `level` (the level qualified at `as_of`) or `review` (the level the next level
    /// review would set; `period` names it).
    pub kind: String,
    /// The ladder's rule (tiers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Id>,
    /// The ladder's period (period-scope tiers), or the period of the next review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Before.
    pub from: String,
    /// After.
    pub to: String,
}

/// A warning: something skipped, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Warning {
    /// A machine-readable code (`no_plan`, `plan_inactive`, ...).
    pub code: String,
    /// A JSON Pointer into the sales document (or plan) where it applies.
    pub path: String,
    /// A readable message.
    pub message: String,
}

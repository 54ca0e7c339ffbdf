//! The plan document: plans and their rules, assignments, agent groups and partner levels.

use super::{Date, Id};
use crate::money::{Dec, Rounding};
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The plan document.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanDoc {
    /// The currency in which commissions are computed and paid (ISO 4217 code).
    pub currency: String,
    /// Rounding of commission amounts.
    #[serde(default)]
    pub rounding: Rounding,
    /// The commission plans.
    #[serde(default)]
    pub plans: Vec<Plan>,
    /// Dated assignments of plans to agents.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Agent groups, each with a plan (BluSynergy sales agent groups).
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Ranked partner levels (Odoo partner levels, SocrateCloud MLM levels).
    #[serde(default)]
    pub levels: Vec<Level>,
    /// The onboarding stages in order, lowest first; requirements name a minimum stage.
    /// Default: `first_contact`, `ramp_up`, `operational`.
    #[serde(default)]
    pub activations: Option<Vec<Id>>,
    /// Level reviews: levels are reviewed at the end of each period up to `as_of`, and the
    /// level a review sets holds from the next day (for plan resolution by level and
    /// `override_generations`). Without it, agents hold the level of the sales document.
    #[serde(default)]
    pub level_review: Option<LevelReview>,
}

/// How often levels are reviewed, and how slowly they fall.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelReview {
    /// The review cadence: a review at the end of each calendar month, quarter or year.
    pub every: LadderPeriod,
    /// How many consecutive reviews must qualify an agent below its level before it falls
    /// (to the highest level of those reviews); at least 1, the default. A review qualifying
    /// above the level promotes at once.
    #[serde(default)]
    pub demote_after: Option<u32>,
}

/// A plan's lifecycle status (opentaps agreements).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Not yet in force: earns nothing.
    Draft,
    /// In force (the default).
    #[default]
    Active,
    /// Ended: earns for invoices dated on or before `valid_thru`.
    Completed,
    /// Cancelled: earns nothing.
    Cancelled,
    /// Rejected: earns nothing.
    Rejected,
}

/// When a commission is earned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EarnOn {
    /// At the invoice date, on the whole base (the default).
    #[default]
    Invoice,
    /// At each payment's date, on the part of the base the payment covers.
    Payment,
    /// In full on the date the invoice becomes fully paid.
    Paid,
}

/// What a percent is taken of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BaseKind {
    /// Quantity × unit price less discounts; tax, shipping and fees excluded (the default).
    #[default]
    Net,
    /// Net plus tax.
    Gross,
    /// Net less quantity × unit cost.
    Margin,
}

/// Whether every invoice of an order earns or only the first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// Only the first invoice of an order or subscription earns.
    OneTime,
    /// Every invoice earns, up to `recurring_months` after the first (the default).
    #[default]
    Recurring,
}

/// A commission plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's id.
    pub id: Id,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Lifecycle status; only `active` (and `completed`, up to `valid_thru`) plans earn.
    #[serde(default)]
    pub status: PlanStatus,
    /// First invoice date the plan earns on (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub valid_from: Option<Date>,
    /// Last invoice date the plan earns on (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub valid_thru: Option<Date>,
    /// When commissions are earned.
    #[serde(default)]
    pub earn_on: EarnOn,
    /// What percents are taken of.
    #[serde(default)]
    pub base: BaseKind,
    /// Where the plan earns (roles, customers, customer classes); absent means everywhere.
    #[serde(default)]
    pub applies_to: Option<AppliesTo>,
    /// One-time or recurring.
    #[serde(default)]
    pub recurrence: Recurrence,
    /// With `recurring`: how many months after the first invoice of an order invoices earn.
    #[serde(default)]
    pub recurring_months: Option<u32>,
    /// The minimum onboarding stage an agent needs to earn under this plan.
    #[serde(default)]
    pub requires_activation: Option<Id>,
    /// The rules, tried in order; the first that matches a line wins.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Overrides paid up the hierarchy on what agents under this plan earn.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Skip uplines that are not operational or hold no level.
    #[serde(default)]
    pub compress: bool,
    /// Each line's margin base is at least this (OCA: `"0"`, so a line sold below cost earns 0).
    #[serde(default)]
    pub margin_floor: Option<Dec>,
    /// What happens to a commissionable line that no rule matches.
    #[serde(default)]
    pub unmatched: Unmatched,
    /// A guaranteed minimum per period, paid as `draw` lines and, when recoverable, taken back
    /// from later periods' excess as `draw_recovery` lines.
    #[serde(default)]
    pub draw: Option<Draw>,
    /// A part of each commission withheld until the invoice is paid in full.
    #[serde(default)]
    pub holdback: Option<Holdback>,
}

/// The period of a draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DrawPer {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
}

/// A draw: an amount an agent assigned to the plan earns at least in each period.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Draw {
    /// The amount guaranteed per period, in the plan currency.
    pub amount: Dec,
    /// The period.
    pub per: DrawPer,
    /// Whether what the draw paid is taken back from later periods' excess (default true).
    #[serde(default = "yes")]
    pub recoverable: bool,
    /// The first day of the draw (inclusive): periods whose last day is before it do not count.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub from: Option<Date>,
    /// The last day of the draw (inclusive): periods whose last day is after it do not count.
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub thru: Option<Date>,
}

fn yes() -> bool {
    true
}

/// A holdback: the percent of each commission and true-up withheld until the invoice is paid.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Holdback {
    /// The percent withheld (0 to 100).
    pub percent: Dec,
}

/// What happens to a commissionable line that no rule (without `stack`) matches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unmatched {
    /// The line earns nothing (the default).
    #[default]
    Ignore,
    /// The line earns nothing and a `no_rule` warning names it.
    Warn,
    /// The calculation fails with a `no_rule` error at the line's path (OCA refuses the invoice).
    Error,
}

/// What a `fixed` amount is paid once per.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FixedPer {
    /// Once per matching invoice (the default).
    #[default]
    Invoice,
    /// Once per matching line with a positive net.
    Line,
}

/// An inclusive range; either bound may be absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// The least value that matches (inclusive).
    #[serde(default)]
    pub min: Option<Dec>,
    /// The greatest value that matches (inclusive).
    #[serde(default)]
    pub max: Option<Dec>,
}

impl Range {
    /// Whether `v` lies within the range.
    pub fn contains(&self, v: rust_decimal::Decimal) -> bool {
        self.min.map_or(true, |m| v >= m.0) && self.max.map_or(true, |m| v <= m.0)
    }
}

/// Narrows where a plan earns. Each list, when non-empty, must contain the invoice's value.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AppliesTo {
    /// The agent's role on the invoice.
    #[serde(default)]
    pub roles: Vec<Id>,
    /// The invoice's customer.
    #[serde(default)]
    pub customers: Vec<Id>,
    /// The customer's class.
    #[serde(default)]
    pub customer_classes: Vec<Id>,
}

/// A rule: which lines it takes and what they earn.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The rule's id (unique within its plan).
    pub id: Id,
    /// Which lines the rule takes; absent means every earning line.
    #[serde(default)]
    pub when: Option<When>,
    /// Percent of the base.
    #[serde(default)]
    pub percent: Option<Dec>,
    /// An amount per unit of quantity.
    #[serde(default)]
    pub per_unit: Option<Dec>,
    /// An amount once per matching invoice (or line, with `per: "line"`).
    #[serde(default)]
    pub fixed: Option<Dec>,
    /// With `fixed`: once per matching invoice (the default) or once per matching line.
    #[serde(default)]
    pub per: Option<FixedPer>,
    /// An exact-decimal expression over the line's figures giving the line's commission
    /// (names `base`, `net`, `gross`, `margin`, `quantity`, `unit_price`, `unit_cost`,
    /// `discount_percent`; functions `min`, `max`, `abs`, `round`, `if`).
    #[serde(default)]
    pub formula: Option<String>,
    /// A tiered rate.
    #[serde(default)]
    pub ladder: Option<Ladder>,
    /// Earn in addition to the first matching rule (a bonus on top).
    #[serde(default)]
    pub stack: bool,
    /// The most this rule pays per invoice or per period.
    #[serde(default)]
    pub cap: Option<Limit>,
    /// The least this rule pays per invoice or per period once it matches.
    #[serde(default)]
    pub floor: Option<Limit>,
    /// First invoice date the rule matches (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub valid_from: Option<Date>,
    /// Last invoice date the rule matches (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub valid_thru: Option<Date>,
}

/// Conditions on a line; all given conditions must hold.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct When {
    /// Product ids.
    #[serde(default)]
    pub products: Vec<Id>,
    /// Category ids; a category matches its sub-categories.
    #[serde(default)]
    pub categories: Vec<Id>,
    /// Customer ids.
    #[serde(default)]
    pub customers: Vec<Id>,
    /// Customer classes.
    #[serde(default)]
    pub customer_classes: Vec<Id>,
    /// The agent's role on the invoice.
    #[serde(default)]
    pub roles: Vec<Id>,
    /// `true`: only the customer's first invoice; `false`: only later ones.
    #[serde(default)]
    pub first_order: Option<bool>,
    /// Line kinds.
    #[serde(default)]
    pub kinds: Vec<super::sales::LineKind>,
    /// The invoice's price list.
    #[serde(default)]
    pub pricelists: Vec<Id>,
    /// The line's discount in percent of quantity × unit price (inclusive range).
    #[serde(default)]
    pub discount_percent: Option<Range>,
    /// The line's unit price (inclusive range).
    #[serde(default)]
    pub unit_price: Option<Range>,
    /// The line's quantity (inclusive range).
    #[serde(default)]
    pub quantity: Option<Range>,
    /// The line's margin in percent of its net (inclusive range; a line with net 0 never matches).
    #[serde(default)]
    pub margin_percent: Option<Range>,
}

/// What climbs a ladder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The base amount (the default).
    #[default]
    Amount,
    /// The quantity.
    Quantity,
}

/// Where a ladder's measure is accumulated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// One line.
    Line,
    /// One invoice (the default).
    #[default]
    Invoice,
    /// One product within an invoice.
    Product,
    /// All matching products of a category within an invoice.
    Category,
    /// The agent's cumulative volume over a calendar period.
    Period,
}

/// A calendar period: of a ladder, or between level reviews.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LadderPeriod {
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

/// How tiers pay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LadderMode {
    /// Each band of the measure at its own tier's rate (the default).
    #[default]
    Graduated,
    /// The whole measure at the rate of the highest tier reached.
    Retroactive,
}

/// A tiered rate.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    /// What climbs the ladder.
    #[serde(default)]
    pub measure: Measure,
    /// Where the measure is accumulated.
    #[serde(default)]
    pub scope: Scope,
    /// With `scope: period`: the calendar period.
    #[serde(default)]
    pub period: Option<LadderPeriod>,
    /// Graduated or retroactive.
    #[serde(default)]
    pub mode: LadderMode,
    /// A quota; tiers may then be written with `from_attainment` (percent of the quota).
    #[serde(default)]
    pub quota: Option<Dec>,
    /// The tiers, lowest first.
    pub tiers: Vec<Tier>,
}

/// One tier of a ladder.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The tier's lower bound of the measure, inclusive.
    #[serde(default)]
    pub from: Option<Dec>,
    /// The tier's lower bound as percent of the quota.
    #[serde(default)]
    pub from_attainment: Option<Dec>,
    /// The tier's upper bound of the measure, inclusive; above it, up to the next tier's
    /// `from`, lies a gap that pays nothing.
    #[serde(default)]
    pub to: Option<Dec>,
    /// Percent of the base in this tier.
    #[serde(default)]
    pub percent: Option<Dec>,
    /// An amount per unit in this tier.
    #[serde(default)]
    pub per_unit: Option<Dec>,
    /// A one-time bonus when the tier is reached.
    #[serde(default)]
    pub bonus: Option<Dec>,
    /// In a graduated ladder: once the measure reaches this tier, all the measure below its
    /// upper end (the next tier's `from`) is paid at its rate; the bands above keep theirs.
    #[serde(default)]
    pub retroactive: bool,
}

/// What a cap or floor is counted over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LimitPer {
    /// Each invoice (the default).
    #[default]
    Invoice,
    /// Each calendar period (`period`, default month).
    Period,
}

/// A cap or a floor on what a rule pays.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// The amount, in the plan currency.
    pub amount: Dec,
    /// Per invoice or per period.
    #[serde(default)]
    pub per: LimitPer,
    /// With `per: period`: the calendar period (default `month`).
    #[serde(default)]
    pub period: Option<LadderPeriod>,
}

/// What an override is a percent of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OverrideOf {
    /// The downline's commission (the default).
    #[default]
    Commission,
    /// The downline's sales base.
    Base,
}

/// An override paid to an upline on what a downline earns: a fixed `percent` to one
/// `generation`, or (`differential: true`) each upline's level `differential_percent` less the
/// highest percent already paid below it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// 1 is the earning agent's upline, 2 the upline's upline, and so on (required unless
    /// `differential`; a differential override walks the whole chain).
    #[serde(default)]
    pub generation: Option<u32>,
    /// The percent paid (required unless `differential`, which takes the levels' percents).
    #[serde(default)]
    pub percent: Option<Dec>,
    /// Percent of the downline's commission or of its base.
    #[serde(default)]
    pub of: OverrideOf,
    /// A differential override: walking up from the earning agent, each upline earns its
    /// level's `differential_percent` less the highest percent already paid on the sale below
    /// it (the earning agent's own level counts), and nothing when that is 0 or less.
    #[serde(default)]
    pub differential: bool,
}

/// A dated assignment of a plan to an agent.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The agent.
    pub agent: Id,
    /// The plan.
    pub plan: Id,
    /// First invoice date covered (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub from: Option<Date>,
    /// Last invoice date covered (inclusive).
    #[serde(default, deserialize_with = "super::date::strict_opt")]
    pub thru: Option<Date>,
    /// A ramped quota for a new hire: the percent of each quota ladder's `quota` that holds in
    /// the first, second, ... period of the assignment (the period containing `from` is the
    /// first); from the period after the last one the whole quota holds. Each percent is more
    /// than 0 and at most 100; a ramp needs `from`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ramp: Vec<Dec>,
}

/// An agent group with a plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's id.
    pub id: Id,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The plan its agents earn under.
    #[serde(default)]
    pub plan: Option<Id>,
}

/// A ranked partner level.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The level's id.
    pub id: Id,
    /// A display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its rank; higher is better. Ranks are unique.
    pub rank: u32,
    /// The default plan of agents at this level.
    #[serde(default)]
    pub plan: Option<Id>,
    /// What an agent must reach to qualify.
    #[serde(default)]
    pub requires: Option<Requires>,
    /// The window the requirements are measured over, ending at `as_of`.
    #[serde(default)]
    pub window: Option<Window>,
    /// A bonus, in percent of personal sales in the window, paid to qualified agents.
    #[serde(default)]
    pub bonus_percent: Option<Dec>,
    /// The discount this level gives the partner on purchases (reported).
    #[serde(default)]
    pub discount_percent: Option<Dec>,
    /// How many override generations an upline at this level is paid.
    #[serde(default)]
    pub override_generations: Option<u32>,
    /// The percent a differential override pays an upline at this level, less the highest
    /// percent already paid below it on the same sale.
    #[serde(default)]
    pub differential_percent: Option<Dec>,
}

/// Requirements of a level.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Requires {
    /// Personal sales.
    #[serde(default)]
    pub sales: Option<Dec>,
    /// Personal plus all downline sales.
    #[serde(default)]
    pub group_sales: Option<Dec>,
    /// Distinct customers invoiced.
    #[serde(default)]
    pub customers: Option<u32>,
    /// Direct downline agents that are themselves active.
    #[serde(default)]
    pub recruits: Option<u32>,
    /// The minimum onboarding stage.
    #[serde(default)]
    pub activation: Option<Id>,
    /// Beside `group_sales`: the most, in percent of the required `group_sales`, that one leg
    /// (a direct downline agent with its whole downline) counts toward it; personal sales
    /// count in full. It applies wherever `group_sales` is required in the level.
    #[serde(default)]
    pub max_leg_percent: Option<Dec>,
    /// Alternatives: the level also needs one of them to hold in full (beside every plain
    /// requirement above). An alternative holds plain requirements only (no `any`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<Requires>,
}

/// A measurement window ending at `as_of`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Length in calendar months.
    #[serde(default)]
    pub months: Option<u32>,
    /// Length in days.
    #[serde(default)]
    pub days: Option<u32>,
}

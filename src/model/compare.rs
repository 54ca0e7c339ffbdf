//! The comparison of two plans on the same sales (plan modelling: what a plan change costs).

use super::result::{LineKindOut, ResultLine};
use super::Id;
use crate::money::Dec;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;

/// Two plans calculated on the same sales and options, and what differs between them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Comparison {
    /// The plans' currency (both plans must have the same).
    pub currency: String,
    /// Everything plan A pays.
    pub before: Dec,
    /// Everything plan B pays.
    pub after: Dec,
    /// `after - before`: what the change costs (negative: what it saves).
    pub delta: Dec,
    /// Per agent, in the order agents first appear in plan A's totals, then plan B's.
    pub agents: Vec<AgentDelta>,
    /// Per rule id (overrides and level bonuses under `override` and `level_bonus`, as in
    /// `totals[].by_rule`), in the order they first appear.
    pub rules: Vec<RuleDelta>,
    /// The pairs of lines that differ, in the order of plan A's lines, then plan B's unpaired ones.
    pub lines: Vec<LinePair>,
}

/// One agent's total under each plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AgentDelta {
    /// The agent.
    pub agent: Id,
    /// The agent's total under plan A.
    pub before: Dec,
    /// The agent's total under plan B.
    pub after: Dec,
    /// `after - before`.
    pub delta: Dec,
}

/// One rule's total (over every agent) under each plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct RuleDelta {
    /// The rule id (or `override`, `level_bonus`).
    pub rule: Id,
    /// The rule's total under plan A.
    pub before: Dec,
    /// The rule's total under plan B.
    pub after: Dec,
    /// `after - before`.
    pub delta: Dec,
}

/// A line of plan A and its counterpart of plan B (same agent, invoice, line, kind and rule;
/// the n-th such line of A is paired with the n-th of B), listed when they differ.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LinePair {
    /// The agent.
    pub agent: Id,
    /// The invoice.
    pub invoice: Option<Id>,
    /// The invoice line.
    pub line: Option<u32>,
    /// The kind of line.
    pub kind: LineKindOut,
    /// The rule.
    pub rule: Option<Id>,
    /// The line under plan A (`null` when plan A has none).
    pub before: Option<ResultLine>,
    /// The line under plan B (`null` when plan B has none).
    pub after: Option<ResultLine>,
    /// The amount after less the amount before (a missing side counts 0).
    pub delta: Dec,
}

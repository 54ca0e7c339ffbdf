//! The team report's documents: the upline tree with each agent's sales, level and earnings.

use super::result::Warning;
use super::{Date, Id};
use crate::money::Dec;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The team report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct HierarchyReport {
    /// The plan currency of every amount.
    pub currency: String,
    /// The evaluation date of levels and level bonuses.
    pub as_of: Date,
    /// The first day of the period (inclusive); absent: all history.
    pub from: Option<Date>,
    /// The last day of the period (inclusive).
    pub thru: Date,
    /// The agents, each root followed by its downline (depth first, document order).
    pub agents: Vec<HierarchyAgent>,
    /// Warnings of the calculation.
    pub warnings: Vec<Warning>,
}

/// One agent of the team report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct HierarchyAgent {
    /// The agent.
    pub agent: Id,
    /// Its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its upline.
    pub upline: Option<Id>,
    /// Its distance from its root (0 for a root).
    pub depth: u32,
    /// The level it holds at the end of the period: with level reviews, the one set by the
    /// last review on or before `thru`, else its level in the sales document.
    pub level: Option<Id>,
    /// The highest level it qualifies for at `as_of`.
    pub qualified: Option<Id>,
    /// Its onboarding stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation: Option<Id>,
    /// Personal sales in the period (its share of net bases, credit notes subtracted).
    pub sales: Dec,
    /// Personal plus all downline sales in the period.
    pub group_sales: Dec,
    /// Distinct customers invoiced in the period.
    pub customers: u32,
    /// Invoices and credit notes credited to it in the period.
    pub transactions: u32,
    /// Transactions of it and its whole downline in the period.
    pub group_transactions: u32,
    /// Its direct downline (all of them, active or not).
    pub recruits: u32,
    /// Its whole downline, all generations.
    pub downline: u32,
    /// Its level bonus at `as_of` (when its qualified level pays one).
    pub bonus: Option<Dec>,
    /// The total of its lines earned in the period (commissions, overrides, bonuses, ...).
    pub earned: Dec,
}

//! The earnings curve's documents: the request (an agent, a range of added sales, a template
//! invoice) and the curve (breakpoints and points).

use super::result::Crossing;
use super::sales::Invoice;
use super::Id;
use crate::money::Dec;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A curve request.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CurveRequest {
    /// The agent whose total is drawn.
    pub agent: Id,
    /// The range of added sales (net base, plan currency).
    pub add: AddRange,
    /// The shape of the added sales: an invoice whose amounts are scaled to each added amount.
    /// With no `agents` and no `customer`, it is credited to `agent` alone.
    pub template: Invoice,
}

/// The range of added sales.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AddRange {
    /// The smallest added amount (0 or more).
    pub from: Dec,
    /// The largest added amount (more than `from`).
    pub to: Dec,
    /// How many evenly spaced points to compute (2 to 10,000; default 101).
    #[serde(default)]
    pub steps: Option<u32>,
}

/// The curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Curve {
    /// The agent.
    pub agent: Id,
    /// The plan currency.
    pub currency: String,
    /// Where the marginal rate changes or the total jumps, the first at `from`.
    pub breakpoints: Vec<CurveBreakpoint>,
    /// Evenly spaced points for plotting.
    pub points: Vec<CurvePoint>,
}

/// A breakpoint of the curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CurveBreakpoint {
    /// The added amount.
    pub at: Dec,
    /// The agent's total commission there.
    pub total: Dec,
    /// The marginal rate that follows, in percent of the added amount.
    pub rate: Dec,
    /// The total just after `at`, when it jumps there rather than at `at` (a fixed amount or a
    /// floor paid on the first cent of added sales).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Dec>,
    /// The agent's sums by line kind at `at`, which add up to `total`: what a quote of that
    /// size leaves of a draw (`draw`, `draw_recovery`), withholds (`holdback`) or trues up
    /// (`true_up`).
    pub by_kind: BTreeMap<String, Dec>,
    /// What is crossed there, in the shape of the what-if report's `crossings`: the period
    /// ladders whose tier changes (`tier`), the agents whose qualified level changes (`level`)
    /// and the agents whose next level review would set another level (`review`), from just
    /// before `at` to just after it. Absent when nothing is crossed (a cap or a floor taking
    /// hold, a draw repaid).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crossings: Vec<Crossing>,
}

/// A point of the curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CurvePoint {
    /// The added amount.
    pub at: Dec,
    /// The agent's total commission there.
    pub total: Dec,
}

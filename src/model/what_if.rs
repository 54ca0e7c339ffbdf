//! The answer to a what-if asked of a loaded history.

use super::result::{AgentTotal, LadderReport, LevelReport, ResultLine, Warning, WhatIfReport};
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The answer to a what-if on a loaded history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct WhatIfAnswer {
    /// The plan currency.
    pub currency: String,
    /// The difference: per agent, overall, and the tiers and levels crossed. The same as a
    /// full calculation's `what_if` with the same invoices.
    pub what_if: WhatIfReport,
    /// The lines the hypothetical invoices cause (flagged `what_if`), in date order.
    pub lines: Vec<ResultLine>,
    /// The totals, with the hypothetical invoices, of the agents whose total changed.
    pub totals: Vec<AgentTotal>,
    /// The ladders, with the hypothetical invoices, of the agents whose total changed or who
    /// crossed a tier.
    pub ladders: Vec<LadderReport>,
    /// The level reports, with the hypothetical invoices, of the same agents.
    pub levels: Vec<LevelReport>,
    /// Warnings the hypothetical invoices add (a quote with no plan for its agent, ...).
    pub warnings: Vec<Warning>,
    /// How many real invoices were recomputed to answer (the scope), for the curious.
    pub recomputed_invoices: usize,
}

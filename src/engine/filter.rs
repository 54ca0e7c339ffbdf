//! The result filters of the options: `agents` (whose lines, totals, ladders and levels are
//! shown) and `from`/`thru` (which dates). Filters choose what is shown, never what is computed.

use super::context::Context;
use crate::model::options::Options;
use crate::model::Date;

/// Whether each agent is named in `options.agents` (every agent when the list is empty); one
/// lookup per named agent, so long lists of large teams stay linear.
pub fn selected(ctx: &Context, options: &Options) -> Vec<bool> {
    let mut out = vec![options.agents.is_empty(); ctx.sales.agents.len()];
    for id in &options.agents {
        if let Some(&a) = ctx.agents.get(id.as_str()) {
            out[a] = true;
        }
    }
    out
}

/// The `agents`, `from` and `thru` filters, ready to apply.
#[derive(Clone, Debug)]
pub struct Filter {
    agents: Vec<bool>,
    from: Option<Date>,
    thru: Option<Date>,
}

impl Filter {
    /// The filters of `options` over the agents of `ctx`.
    pub fn new(ctx: &Context, options: &Options) -> Filter {
        Filter {
            agents: selected(ctx, options),
            from: options.from,
            thru: options.thru,
        }
    }

    /// Whether an agent (index) passes the `agents` filter.
    pub fn agent(&self, agent: usize) -> bool {
        self.agents[agent]
    }

    /// Whether a date is within `from`..`thru`.
    pub fn date(&self, date: Date) -> bool {
        self.overlaps(date, date)
    }

    /// Whether the dates `from`..`thru` overlap the filter's `from`..`thru`.
    pub fn overlaps(&self, from: Date, thru: Date) -> bool {
        self.from.map(|f| thru >= f).unwrap_or(true) && self.thru.map(|t| from <= t).unwrap_or(true)
    }
}

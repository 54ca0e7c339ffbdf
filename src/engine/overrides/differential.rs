//! Differential overrides (`differential: true`): walking up from the earning agent, each
//! upline earns its level's `differential_percent` less the highest percent already paid on
//! that line below it, counting the earning agent's own level, and nothing when that is 0 or
//! less.
//!
//! - The walk covers the whole chain: every upline's level limits it by its
//!   `override_generations`, and it stops once the highest `differential_percent` of any level
//!   has been paid (no one above can earn more).
//! - `compress` skips uplines as for other overrides; a skipped upline, or one past its
//!   `override_generations`, is not paid, so its percent does not count as paid.
//! - An upline without a level earns nothing and changes nothing.

use super::walk::{Skipped, Walk};
use super::Pay;
use crate::engine::context::Context;
use crate::engine::explain::plain;

/// What the differential overrides of plan `p` pay on a line of `agent`.
pub fn pays(ctx: &Context, walk: &Walk, agent: usize, p: usize, skipped: &mut Skipped) -> Vec<Pay> {
    let plan = &ctx.plan.doc.plans[p];
    let mut out = Vec::new();
    for (k, o) in plan.overrides.iter().enumerate() {
        if !o.differential {
            continue;
        }
        let mut paid = walk.differential[agent].unwrap_or_default();
        for (generation, up) in walk.up(ctx, agent, p, skipped) {
            if paid >= walk.top_differential {
                break;
            }
            let Some(percent) = walk.differential[up].filter(|_| walk.pays(up, generation)) else {
                continue;
            };
            if percent > paid {
                out.push(Pay {
                    k,
                    generation,
                    up,
                    rate: percent - paid,
                    why: Some(format!(
                        "level `{}` {} % less {} % paid below",
                        walk.level_id(ctx, up),
                        plain(percent),
                        plain(paid)
                    )),
                });
                paid = percent;
            }
        }
    }
    out
}

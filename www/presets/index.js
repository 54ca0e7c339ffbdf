/**
 * The page's ready examples, one per source system. Each is
 * `{ id, title, system, summary, agent, plan, sales, options }`, and optionally `plan_b` with
 * `plan_b_summary` (the proposed plan the "compare two plans" view starts from; else a copy of
 * `plan`): `agent` is the agent whose what-if curve is shown first; the documents follow
 * CONTRACT.md and CONTRACT-v2.md exactly.
 * They are imported as JSON modules so that they load with the page, never later.
 */
import odoo from "./odoo-reseller-levels.json" with { type: "json" };
import perfex from "./perfex-ladder.json" with { type: "json" };
import opentaps from "./opentaps-agreement.json" with { type: "json" };
import blusynergy from "./blusynergy-quota.json" with { type: "json" };
import socratecloud from "./socratecloud-mlm.json" with { type: "json" };
import oca from "./oca-sections.json" with { type: "json" };
import saas from "./saas-draw-split.json" with { type: "json" };
import mlm from "./mlm-dated-differential.json" with { type: "json" };

/** The presets in the order the page lists them. */
export const presets = [
  { id: "odoo", ...odoo },
  { id: "perfex", ...perfex },
  { id: "opentaps", ...opentaps },
  { id: "blusynergy", ...blusynergy },
  { id: "socratecloud", ...socratecloud },
  { id: "oca", ...oca },
  { id: "saas", ...saas },
  { id: "mlm", ...mlm },
];

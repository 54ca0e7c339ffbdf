// A typed app using the installed package and its widget; type-checked by tsc --noEmit under
// both module resolutions (tsconfig.node16.json, tsconfig.bundler.json). The lines under a
// ts-expect-error directive must NOT compile.

import init, { calculate, Engine, type CalculationResult, type EngineError, type PlanDocument, type WhatIfAnswer } from "commission-engine";
import { CommissionEstimate } from "commission-engine/element";
import "commission-engine/element";

await init();

const plan: PlanDocument = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percent: "5" }] }] };
const result: CalculationResult = calculate(plan, { invoices: [] });
const amount: string = result.totals[0]?.amount ?? "0";

const engine = new Engine(plan).load({ agents: [{ id: "alice" }], invoices: [] });
const answer: WhatIfAnswer = engine.whatIf({ id: "Q", date: "2026-03-01", agents: [{ id: "alice" }], lines: [{ unit_price: "100" }] });
const delta: string = answer.what_if.delta;

try {
  calculate("{", "{}");
} catch (error) {
  const code: EngineError["code"] = (error as EngineError).code;
  console.log(code);
}

// @ts-expect-error a rule has no `percnt`
const typo: PlanDocument = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percnt: "5" }] }] };

// The widget, created by tag name, is typed; so are its inputs and its change event.
const widget = document.createElement("commission-estimate");
const same: CommissionEstimate = widget;
widget.plan = plan;
widget.history = { invoices: [] };
widget.quote = { id: "Q", date: "2026-03-01", lines: [{ unit_price: "100" }] };
widget.addEventListener("change", (event) => {
  const whatIf: WhatIfAnswer = event.detail;
  console.log(whatIf.what_if.delta);
});
// @ts-expect-error the plan is a plan document or its JSON text
widget.plan = 42;

console.log(amount, delta, typo, same);

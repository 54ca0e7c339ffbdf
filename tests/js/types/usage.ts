// A typed use of the package: type-checked by tests/js/types.test.mjs (tsc --noEmit), so that
// the declarations stay complete and precise. Lines marked @ts-expect-error must NOT compile.

import init, {
  calculate,
  curve,
  Engine,
  hierarchy,
  initSync,
  schemas,
  validate,
  type CalculationResult,
  type Curve,
  type EngineError,
  type HierarchyReport,
  type WhatIfAnswer,
  type PlanDocument,
  type ResultLine,
  type SalesDocument,
} from "commission-engine";

const plan: PlanDocument = {
  currency: "USD",
  rounding: { mode: "half_even", at: "total" },
  plans: [
    {
      id: "standard",
      earn_on: "payment",
      rules: [
        { id: "hardware", when: { categories: ["hardware"] }, percent: "5" },
        {
          id: "volume",
          ladder: { measure: "amount", scope: "period", period: "quarter", tiers: [{ from: 0, percent: 3 }] },
        },
      ],
    },
  ],
};

// Contract v2 levels: reviews, alternatives and leg caps are typed.
const levelPlan: PlanDocument = {
  currency: "USD",
  level_review: { every: "quarter", demote_after: 2 },
  levels: [
    { id: "bronze", rank: 1 },
    {
      id: "gold",
      rank: 2,
      requires: {
        customers: 5,
        any: [{ sales: "150000" }, { group_sales: "300000", max_leg_percent: "50", recruits: 3 }],
      },
    },
  ],
};
const levelReport = calculate(levelPlan, { invoices: [] }).levels[0];
const reviewed: (string | null | undefined)[] = (levelReport?.reviews ?? []).map((r) => r.level);
const paths: number = levelReport?.next?.paths?.length ?? 0;
const legs: string[] = (levelReport?.next?.measures.legs ?? []).map((l) => `${l.agent} ${l.counted}`);

const sales: SalesDocument = {
  invoices: [
    { id: "INV-1", date: "2026-03-01", lines: [{ product: "p1", quantity: 2, unit_price: "150.00" }] },
  ],
};

const result: CalculationResult = calculate(plan, sales, { explain: true, statements: "month" });
const lines: ResultLine[] = result.lines;
const amount: string | number = lines[0]?.amount ?? "0";
const fromText: CalculationResult = calculate(JSON.stringify(plan), "{}");
const ok: { valid: true } = validate(plan, sales);
const planSchema: { [keyword: string]: unknown } = schemas().plan;

const engine = new Engine(plan);
engine.calculate(sales, null);
const answer: WhatIfAnswer = engine
  .load(sales)
  .whatIf({ id: "QUOTE-1", date: "2026-03-20", lines: [{ unit_price: "15000.00" }] }, { explain: false });
const points: Curve = engine.curve({
  agent: "alice",
  add: { from: "0", to: "30000" },
  template: { id: "Q", date: "2026-03-20" },
});
const team: HierarchyReport = hierarchy(plan, sales);
const direct: Curve = curve(plan, sales, "{}");
engine.free();

try {
  calculate(plan, sales);
} catch (e) {
  const error = e as EngineError;
  const where: string = error.path;
  const codes: string[] = error.errors.map((p) => p.code);
  console.log(where, codes);
}

async function browserStart(bytes: ArrayBuffer, module: WebAssembly.Module): Promise<void> {
  await init();
  await init({ module_or_path: bytes });
  initSync({ module });
}

// @ts-expect-error: a rule's rate is not a boolean
const badRate: PlanDocument = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percent: true }] }] };
// @ts-expect-error: unknown fields are refused, as the engine refuses them
const typo: PlanDocument = { currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percnt: "5" }] }] };
// @ts-expect-error: earn_on has three values
const badEarn: PlanDocument = { currency: "USD", plans: [{ id: "p", earn_on: "whenever" }] };
// @ts-expect-error: level reviews are monthly, quarterly or yearly
const badReview: PlanDocument = { currency: "USD", level_review: { every: "week" } };
// @ts-expect-error: an invoice needs a date
const noDate: SalesDocument = { invoices: [{ id: "x" }] };

export {
  reviewed,
  paths,
  legs,
  badReview,
  answer,
  points,
  team,
  direct,
  amount,
  fromText,
  ok,
  planSchema,
  browserStart,
  badRate,
  typo,
  badEarn,
  noDate,
};

// Contract v2 part B: differential overrides and dated agents (`history`: absent keeps, null clears).
const mlm: PlanDocument = {
  currency: "USD",
  plans: [
    { id: "mlm", rules: [{ id: "all", percent: "0" }], overrides: [{ differential: true, of: "base" }] },
  ],
  levels: [{ id: "silver", rank: 1, differential_percent: "3" }],
};
const dated: SalesDocument = {
  agents: [
    {
      id: "alice",
      upline: "bob",
      history: [{ from: "2026-04-01", upline: "carol", level: null, groups: [] }],
    },
  ],
};
calculate(mlm, dated);
// @ts-expect-error: a history entry needs its date
const undated: SalesDocument = { agents: [{ id: "a", history: [{ upline: "b" }] }] };

// The `commission-engine/scale` entry: streamed books and partitioned runs.
import initScale, * as scale from "commission-engine/scale";

async function partitioned(plan: PlanDocument, sales: SalesDocument, book: ReadableStream<Uint8Array>) {
  await initScale();
  const parts: scale.Part[] = scale.partition(plan, sales, { parts: 3 });
  const merged: CalculationResult = scale.merge(parts.map((part) => scale.calculatePart(part)));
  const split: scale.BookParts = await scale.splitBook(book, { parts: 2 });
  const engine = await new scale.Engine(plan).loadStream(split.book(0), { index: false });
  const result: CalculationResult = engine.calculateLoaded({ explain: false });
  const whatIf: WhatIfAnswer = engine.load(sales).whatIf([]);
  // @ts-expect-error: the main entry's Engine does not stream
  await new Engine(plan).loadStream(book);
  return [merged, result, whatIf, scale.instanceInfo().generation];
}
void partitioned;

async function oneModule(plan: PlanDocument, sales: SalesDocument) {
  const result: CalculationResult = scale.calculate(plan, sales);
  const text: string = scale.calculateJSON(plan, sales, { lines: false });
  return [result, text, scale.validate(plan).valid, scale.schemas().plan];
}
void oneModule;

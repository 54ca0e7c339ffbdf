// One what-if through a loaded Engine against a full calculate(), in Node through the package
// (WebAssembly), side by side on the same generated history.
//
//   node bench/what-if.mjs [--invoices 100000] [--agents 2000] [--runs 5] [--questions 200]
//
// The history is the one of benches/what_if.rs (a flat percent on hardware capped per month,
// an invoice ladder on services, a quarterly graduated volume ladder; every agent in a group
// that gives the plan). Measured, each as the median of its runs:
//   calculate         calculate(plan, sales) of the whole history (JSON text in, object out)
//   calculate+what_if the same with options.what_if (two full computations inside)
//   load              engine.load(sales), once per history
//   whatIf            engine.whatIf(quote) on the loaded history
//   curve             engine.curve({ agent, add: 0..50,000 in 101 points, template })
// Every whatIf answer is checked against the full calculation's what_if. Prints a table and the
// ratios calculate / whatIf. Requires the built package (npm run build).

import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { calculate, Engine } from "commission-engine";

const { values } = parseArgs({
  options: {
    invoices: { type: "string", default: "100000" },
    agents: { type: "string", default: "2000" },
    runs: { type: "string", default: "5" },
    questions: { type: "string", default: "200" },
  },
});
const INVOICES = Number(values.invoices);
const AGENTS = Number(values.agents);
const CUSTOMERS = AGENTS * 5;
const RUNS = Number(values.runs);
const QUESTIONS = Number(values.questions);

/** The 64-bit LCG of benches/what_if.rs, so both benches measure the same history. */
function lcg(seed) {
  let state = BigInt(seed);
  const mask = (1n << 64n) - 1n;
  return (n) => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & mask;
    return Number((state >> 33n) % BigInt(n));
  };
}

const plan = {
  currency: "USD",
  plans: [
    {
      id: "partner",
      status: "active",
      rules: [
        {
          id: "hardware",
          when: { categories: ["hardware"] },
          percent: "5",
          cap: { amount: "2500", per: "period", period: "month" },
        },
        {
          id: "services",
          when: { categories: ["services"] },
          ladder: {
            measure: "amount",
            scope: "invoice",
            mode: "graduated",
            tiers: [
              { from: "0", percent: "4" },
              { from: "5000", percent: "6" },
            ],
          },
        },
        {
          id: "volume",
          ladder: {
            measure: "amount",
            scope: "period",
            period: "quarter",
            mode: "graduated",
            tiers: [
              { from: "0", percent: "3" },
              { from: "10000", percent: "5" },
              { from: "25000", percent: "7" },
            ],
          },
        },
      ],
    },
  ],
  groups: [{ id: "resellers", plan: "partner" }],
};

function history() {
  const next = lcg(42);
  const agents = Array.from({ length: AGENTS }, (_, a) => ({
    id: `A${a}`,
    groups: ["resellers"],
    activation: "operational",
  }));
  const customers = Array.from({ length: CUSTOMERS }, (_, c) => ({ id: `C${c}` }));
  const start = Date.UTC(2026, 0, 1);
  const invoices = [];
  for (let i = 0; i < INVOICES; i++) {
    const customer = next(CUSTOMERS);
    const agent = customer % AGENTS;
    const date = new Date(start + next(365) * 86400000).toISOString().slice(0, 10);
    const hardware = next(2) === 0;
    const product = `P${next(500)}`;
    const quantity = String(1 + next(5));
    const price = `${10 + next(2000)}.${String(next(100)).padStart(2, "0")}`;
    invoices.push({
      id: `INV-${i}`,
      date,
      customer: `C${customer}`,
      agents: [{ id: `A${agent}` }],
      lines: [
        { product, category: hardware ? "hardware" : "services", quantity, unit_price: price },
        { product: "ship", kind: "shipping", unit_price: "15.00" },
      ],
    });
  }
  return { as_of: "2026-12-31", agents, customers, invoices };
}

const quote = (k) => ({
  id: `QUOTE-${k}`,
  date: "2026-05-20",
  customer: "C7",
  agents: [{ id: "A7" }],
  lines: [{ product: "P1", category: "hardware", quantity: "4", unit_price: `${3000 + k}.00` }],
});

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs, f) {
  const ms = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    out = f(r);
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), out };
}

const salesText = JSON.stringify(history());
const planText = JSON.stringify(plan);
console.log(
  `history: ${INVOICES} invoices, ${AGENTS} agents, ${(salesText.length / 1e6).toFixed(1)} MB of JSON`,
);

const full = time(RUNS, () => calculate(planText, salesText, { explain: false }));
const fullWhatIf = time(RUNS, () => calculate(planText, salesText, { explain: false, what_if: [quote(0)] }));
const engine = new Engine(planText);
const load = time(1, () => engine.load(salesText));
engine.whatIf(quote(0), { explain: false }); // the first question computes the history's result once
const answer = engine.whatIf(quote(0), { explain: false });
if (JSON.stringify(answer.what_if) !== JSON.stringify(fullWhatIf.out.what_if)) {
  console.error("whatIf differs from the full calculation:", answer.what_if, fullWhatIf.out.what_if);
  process.exit(1);
}
const whatIf = time(QUESTIONS, (k) => engine.whatIf(quote(k), { explain: false }));
const curve = time(Math.max(3, Math.floor(QUESTIONS / 20)), () =>
  engine.curve({
    agent: "A7",
    add: { from: "0", to: "50000", steps: 101 },
    template: {
      id: "Q",
      date: "2026-05-20",
      customer: "C7",
      agents: [{ id: "A7" }],
      lines: [{ product: "P1", category: "hardware", unit_price: "1.00" }],
    },
  }),
);
engine.free();

const rows = [
  ["calculate", full.ms],
  ["calculate + what_if", fullWhatIf.ms],
  ["load (once)", load.ms],
  ["whatIf (loaded)", whatIf.ms],
  ["curve, 101 points (loaded)", curve.ms],
];
for (const [name, ms] of rows) console.log(`${name.padEnd(28)} ${ms.toFixed(3).padStart(10)} ms`);
console.log(`calculate / whatIf            ${(full.ms / whatIf.ms).toFixed(0)}x`);
console.log(`calculate+what_if / whatIf    ${(fullWhatIf.ms / whatIf.ms).toFixed(0)}x`);
console.log(
  `whatIf recomputed ${answer.recomputed_invoices} of ${INVOICES} invoices; delta ${answer.what_if.delta}`,
);

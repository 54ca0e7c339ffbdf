// The benchmark's book of sales and its plan, generated deterministically, shared by every row
// of `npm run bench` (bench/run.mjs), by the decimal.js reference (bench/reference.mjs) and by
// the native binary (benches/calculate.rs reads the files written by `writeBook`).
//
// The plan: two category percents (hardware 4 %, software 7.5 %) and, for every other line
// (the first matching rule wins), a quarterly graduated volume ladder (1 %, 1.5 % from
// 250,000.00, 2 % from 1,000,000.00 of the agent's volume in the quarter): one result line per
// invoice line. The book: `lines / 4` invoices of 4 lines over 2026, spread
// over 50 agents and 1,000 customers, each line one of four categories (hardware, software,
// services, training), 1 to 5 units at 5.00 to 2,004.99.

import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";

/** Agents in the book. */
export const AGENTS = 50;
/** Invoice lines per invoice. */
export const LINES_PER_INVOICE = 4;
const CUSTOMERS = 1000;
const CATEGORIES = ["hardware", "software", "services", "training"];

/** The plan document. */
export const plan = {
  currency: "USD",
  plans: [
    {
      id: "reseller",
      rules: [
        { id: "hardware", when: { categories: ["hardware"] }, percent: "4" },
        { id: "software", when: { categories: ["software"] }, percent: "7.5" },
        {
          id: "volume",
          ladder: {
            measure: "amount",
            scope: "period",
            period: "quarter",
            mode: "graduated",
            tiers: [
              { from: "0", percent: "1" },
              { from: "250000", percent: "1.5" },
              { from: "1000000", percent: "2" },
            ],
          },
        },
      ],
    },
  ],
  groups: [{ id: "resellers", plan: "reseller" }],
};

/** A 32-bit xorshift generator: the same book on every run and machine. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

/** The sales document of `lines` invoice lines (a multiple of 4), invoices in date order. */
export function sales(lines) {
  const next = rng(20261201);
  const invoices = Math.ceil(lines / LINES_PER_INVOICE);
  const agents = Array.from({ length: AGENTS }, (_, a) => ({ id: `A${a}`, groups: ["resellers"] }));
  const out = [];
  const dayMs = 86400000;
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < invoices; i++) {
    // Dates rise through the year in invoice order, so the document is already in date order.
    const date = new Date(start + Math.floor((i * 365) / invoices) * dayMs).toISOString().slice(0, 10);
    const items = [];
    for (let l = 0; l < LINES_PER_INVOICE; l++) {
      const category = CATEGORIES[next(CATEGORIES.length)];
      const cents = 500 + next(200000);
      items.push({
        product: `${category.slice(0, 2).toUpperCase()}${next(40)}`,
        category,
        quantity: String(1 + next(5)),
        unit_price: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`,
      });
    }
    out.push({
      id: `INV-${String(i + 1).padStart(7, "0")}`,
      date,
      customer: `C${next(CUSTOMERS)}`,
      agents: [{ id: `A${next(AGENTS)}` }],
      lines: items,
    });
  }
  const customers = Array.from({ length: CUSTOMERS }, (_, c) => ({ id: `C${c}` }));
  return { agents, customers, invoices: out };
}

/**
 * Writes the plan and the sales text of `lines` lines under `dir` (once; reused when present)
 * and returns their paths and texts.
 */
export function writeBook(dir, lines) {
  mkdirSync(dir, { recursive: true });
  const planPath = `${dir}/plan.json`;
  const salesPath = `${dir}/sales-${lines}.json`;
  const planText = JSON.stringify(plan);
  writeFileSync(planPath, planText);
  if (!existsSync(salesPath)) writeFileSync(salesPath, JSON.stringify(sales(lines)));
  return { planPath, salesPath, planText, salesText: readFileSync(salesPath, "utf8") };
}

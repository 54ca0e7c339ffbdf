/**
 * Documents for the worker tests and the load benchmark: a plan in the contract's shape and a
 * generated sales document of any size (deterministic: the same count gives the same bytes).
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A plan with a flat rule, a period ladder and an override (the contract's example plan). */
export function examplePlan() {
  return {
    currency: "USD",
    rounding: { mode: "half_up", scale: 2, at: "line" },
    plans: [
      {
        id: "standard",
        status: "active",
        valid_from: "2026-01-01",
        valid_thru: "2026-12-31",
        earn_on: "invoice",
        base: "net",
        rules: [
          { id: "hardware", when: { categories: ["hardware"] }, percent: "5" },
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
        overrides: [{ generation: 1, percent: "10", of: "commission" }],
        compress: true,
      },
    ],
    assignments: [
      { agent: "alice", plan: "standard", from: "2026-01-01" },
      { agent: "carol", plan: "standard", from: "2026-01-01" },
    ],
  };
}

/**
 * A sales document with `count` invoices spread over 2026, two agents sharing each invoice and
 * an upline, across ten customers and three products.
 * @param {number} count how many invoices
 */
export function exampleSales(count) {
  const invoices = [];
  for (let i = 0; i < count; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    invoices.push({
      id: `INV-${i + 1}`,
      date: `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      customer: `c${i % 10}`,
      agents: [
        { id: "alice", role: "sales_rep", share: "60" },
        { id: "carol", role: "sales_rep", share: "40" },
      ],
      lines: [
        {
          product: `p${i % 3}`,
          category: i % 2 === 0 ? "laptops" : "services",
          quantity: String(1 + (i % 4)),
          unit_price: `${100 + (i % 50)}.${String(i % 100).padStart(2, "0")}`,
          discount_percent: i % 5 === 0 ? "10" : "0",
          tax: "12.50",
        },
        { product: "ship", kind: "shipping", quantity: "1", unit_price: "25.00" },
      ],
    });
  }
  return {
    as_of: "2026-12-31",
    agents: [
      { id: "alice", upline: "bob", activation: "operational" },
      { id: "bob", activation: "operational" },
      { id: "carol", upline: "bob", activation: "operational" },
    ],
    customers: Array.from({ length: 10 }, (_, k) => ({ id: `c${k}`, class: k % 2 ? "retail" : "wholesale" })),
    categories: [{ id: "laptops", parent: "hardware" }, { id: "hardware" }, { id: "services" }],
    invoices,
  };
}

/**
 * The conformance cases in tests/cases/*.json (none when the folder does not exist yet).
 * @returns {{ file: string, name: string, call: string, plan: unknown, sales: unknown,
 *   options?: unknown, request?: unknown }[]}
 */
export function conformanceCases() {
  const dir = join(ROOT, "tests", "cases");
  let files;
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return [];
  }
  return files.map((file) => ({
    file,
    call: "calculate",
    ...JSON.parse(readFileSync(join(dir, file), "utf8")),
  }));
}

/**
 * The curve request of issue 17's finding 2: an added range of 1e-28 in 5 steps, whose step is
 * smaller than the decimal type can hold (before the engine's fix it divided by zero and
 * trapped, `RuntimeError: unreachable`). With examplePlan() and exampleSales().
 */
export function trappingCurveRequest() {
  return {
    agent: "alice",
    add: { from: "0", to: "0.0000000000000000000000000001", steps: 5 },
    template: {
      id: "QUOTE",
      date: "2026-03-20",
      agents: [{ id: "alice", role: "sales_rep" }],
      lines: [{ product: "p1", category: "laptops", unit_price: "1" }],
    },
  };
}

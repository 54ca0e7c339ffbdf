// Issue 17, the engine's findings as seen through the package: the raw text and
// JSON.stringify agree byte for byte (integer-like keys), a total the decimal type cannot hold
// is an `overflow` error, budgets answer `limit_exceeded` with a path, error messages are
// bounded, and a curve over a tiny range is an error — never a trap.

import assert from "node:assert/strict";
import { test } from "node:test";
import { calculate, curve, hierarchy } from "commission-engine";
import * as raw from "../../pkg/commission_engine.js";

/** Calls `fn`, which must throw an engine error; returns the error. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(typeof error.code === "string", `a coded engine error, not ${error}`);
    return error;
  }
  assert.fail("no error was thrown");
}

const percentPlan = (percent) => ({
  currency: "USD",
  plans: [{ id: "p", rules: [{ id: "r", percent }] }],
  assignments: [{ agent: "a", plan: "p" }],
});
const invoice = (id, price, extra = {}) => ({
  id,
  date: "2026-01-10",
  agents: [{ id: "a" }],
  lines: [{ product: "x", unit_price: price }],
  ...extra,
});

test("the raw text orders integer-like keys as JSON.stringify does", () => {
  const plan = {
    currency: "USD",
    plans: [
      {
        id: "10",
        rules: [
          { id: "x", percent: "1", when: { products: ["x"] } },
          { id: "10", percent: "1", when: { products: ["t"] } },
          { id: "2", percent: "1", when: { products: ["s"] } },
          { id: "a", percent: "1" },
        ],
      },
    ],
    assignments: [{ agent: "a", plan: "10" }],
  };
  const sales = {
    agents: [{ id: "a" }],
    invoices: [
      {
        id: "I",
        date: "2026-01-10",
        agents: [{ id: "a" }],
        lines: [
          { product: "x", unit_price: "100" },
          { product: "t", unit_price: "100" },
          { product: "s", unit_price: "100" },
          { product: "o", unit_price: "100" },
        ],
      },
    ],
  };
  const text = raw.calculate(JSON.stringify(plan), JSON.stringify(sales), "");
  assert.equal(JSON.stringify(JSON.parse(text)), text);
  assert.deepEqual(Object.keys(calculate(plan, sales).totals[0].by_rule), ["2", "10", "a", "x"]);
});

test("a total the decimal type cannot hold at the currency's scale is an overflow error", () => {
  const sales = {
    agents: [{ id: "a" }],
    invoices: [
      invoice("I1", "7922816251426433759354395033.5"),
      invoice("I2", "7922816251426433759354395033.5"),
    ],
  };
  const e = thrown(() => calculate(percentPlan("5"), sales));
  assert.equal(e.code, "overflow");
  assert.equal(e.path, "/invoices/1");
});

test("max_lines and max_bytes refuse with limit_exceeded and the invoice's path", () => {
  const lines = Array.from({ length: 200 }, () => ({ product: "x", unit_price: "1" }));
  const agents = Array.from({ length: 50 }, () => ({ id: "a" }));
  const sales = { agents: [{ id: "a" }], invoices: [{ id: "I", date: "2026-01-10", agents, lines }] };
  const e = thrown(() => calculate(percentPlan("5"), sales, { max_lines: 5000 }));
  assert.deepEqual([e.code, e.path], ["limit_exceeded", "/invoices/0"]);
  assert.equal(calculate(percentPlan("5"), sales, { max_lines: 10000 }).lines.length, 10000);
  const b = thrown(() => calculate(percentPlan("5"), sales, { max_bytes: 100000 }));
  assert.deepEqual([b.code, b.path], ["limit_exceeded", "/invoices/0"]);
});

test("in WebAssembly a max_lines above the default is held to 1,000,000 (natively it may be raised)", () => {
  // 20,000 lines credited 100 times: 2,000,000 result lines, refused even when 5,000,000 are allowed.
  const lines = Array.from({ length: 20000 }, () => ({ product: "x", unit_price: "1" }));
  const agents = Array.from({ length: 100 }, () => ({ id: "a" }));
  const sales = { agents: [{ id: "a" }], invoices: [{ id: "I", date: "2026-01-10", agents, lines }] };
  const e = thrown(() => calculate(percentPlan("5"), sales, { max_lines: 5000000 }));
  assert.deepEqual([e.code, e.path], ["limit_exceeded", "/invoices/0"]);
  assert.match(e.message, /more than 1000000 lines \(options\.max_lines; at most 1000000\)/);
});

test("a 20,000-line invoice credited 100 times is refused by the default budget, and the module still answers", () => {
  const lines = Array.from({ length: 20000 }, () => ({ product: "x", unit_price: "1" }));
  const agents = Array.from({ length: 100 }, () => ({ id: "a" }));
  const e = thrown(() =>
    calculate(percentPlan("5"), {
      agents: [{ id: "a" }],
      invoices: [{ id: "I", date: "2026-01-10", agents, lines }],
    }),
  );
  assert.deepEqual([e.code, e.path], ["limit_exceeded", "/invoices/0"]);
  const ok = calculate(percentPlan("5"), { agents: [{ id: "a" }], invoices: [invoice("I", "100")] });
  assert.equal(ok.totals[0].amount, "5.00");
});

test("error messages quote a short prefix and name a bounded number of ids", () => {
  const long = "9".repeat(2_000_000);
  const e = thrown(() =>
    calculate(percentPlan("5"), { agents: [{ id: "a" }], invoices: [invoice("I", long)] }),
  );
  assert.equal(e.path, "/invoices/0/lines/0/unit_price");
  assert.ok(JSON.stringify({ message: e.message, errors: e.errors }).length < 1000, e.message.slice(0, 200));
  const n = 20000;
  const agents = Array.from({ length: n }, (_, i) => ({ id: `agent-${i}`, upline: `agent-${(i + 1) % n}` }));
  const c = thrown(() => hierarchy(percentPlan("5"), { agents, invoices: [] }));
  assert.equal(c.code, "cycle");
  assert.match(c.message, /… and 19991 more/);
  assert.ok(c.message.length < 1000);
});

test("a curve over a range finer than 10^-6 per step is an error with a code, not a trap", () => {
  const plan = {
    currency: "USD",
    plans: [
      {
        id: "p",
        rules: [
          {
            id: "v",
            ladder: {
              scope: "period",
              period: "month",
              mode: "retroactive",
              tiers: [
                { from: "0", percent: "3" },
                { from: "10000", percent: "5" },
              ],
            },
          },
        ],
      },
    ],
    assignments: [{ agent: "alice", plan: "p" }],
  };
  const sales = {
    agents: [{ id: "alice" }],
    invoices: [{ id: "I", date: "2026-03-02", agents: [{ id: "alice" }], lines: [{ unit_price: "8000" }] }],
  };
  const template = { id: "Q", date: "2026-03-20", lines: [{ unit_price: "1" }] };
  const e = thrown(() =>
    curve(plan, sales, {
      agent: "alice",
      add: { from: "0", to: "0.0000000000000000000000000001", steps: 5 },
      template,
    }),
  );
  assert.deepEqual([e.code, e.path], ["invalid_options", "/add/steps"]);
  const c = curve(plan, sales, { agent: "alice", add: { from: "0", to: "0.000004", steps: 5 }, template });
  assert.deepEqual(
    c.points.map((p) => p.total),
    Array(5).fill("240.00"),
  );
});

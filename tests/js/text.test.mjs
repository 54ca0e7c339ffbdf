// The text-level calls (calculateJSON, Engine#calculateJSON) and the strings that cross into the
// module (the glue copies them with TextEncoder.encodeInto, see scripts/glue.mjs): the answer is
// the engine's JSON text, equal to what `calculate` parses; non-ASCII text arrives intact.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { calculate, calculateJSON, Engine } from "commission-engine";

const text = (name) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8");
const planText = text("reseller-plan.json");
const salesText = text("reseller-sales.json");

describe("calculateJSON", () => {
  test("returns the result as JSON text, the same document calculate returns", () => {
    const answer = calculateJSON(planText, salesText);
    assert.equal(typeof answer, "string");
    assert.deepEqual(JSON.parse(answer), calculate(planText, salesText));
    // The engine's text is already what JSON.stringify writes of it: the worker sends it as is.
    assert.equal(answer, JSON.stringify(JSON.parse(answer)));
  });

  test("takes objects and options like calculate", () => {
    const options = { explain: false };
    const answer = calculateJSON(JSON.parse(planText), JSON.parse(salesText), options);
    assert.deepEqual(JSON.parse(answer), calculate(planText, salesText, options));
    assert.ok(!answer.includes('"explain"'));
  });

  test("options.lines: false answers the totals without the itemized lines", () => {
    const full = JSON.parse(calculateJSON(planText, salesText));
    const lean = JSON.parse(calculateJSON(planText, salesText, { lines: false }));
    assert.ok(full.lines.length > 5);
    assert.deepEqual(lean.lines, []);
    assert.deepEqual({ ...lean, lines: full.lines }, full);
  });

  test("throws the engine's error like calculate", () => {
    assert.throws(
      () => calculateJSON(planText, "{ not json"),
      (e) => e.code === "invalid_json" && Array.isArray(e.errors),
    );
  });

  test("Engine#calculateJSON answers what the free function does", () => {
    const engine = new Engine(planText);
    try {
      assert.equal(engine.calculateJSON(salesText), calculateJSON(planText, salesText));
    } finally {
      engine.free();
    }
  });
});

describe("strings into the module", () => {
  const plan = {
    currency: "EUR",
    plans: [{ id: "plän-€", rules: [{ id: "règle", percent: "10" }] }],
    assignments: [{ agent: "Zoë 🚀", plan: "plän-€" }],
  };
  const sales = {
    agents: [{ id: "Zoë 🚀", name: "Zoë Ünal — 東京" }],
    invoices: [
      {
        id: "F-é1",
        date: "2026-03-01",
        agents: [{ id: "Zoë 🚀" }],
        lines: [{ product: "é", unit_price: "123.45" }],
      },
    ],
  };

  test("non-ASCII ids, before and after ASCII text, arrive intact and come back intact", () => {
    const result = JSON.parse(calculateJSON(plan, sales, { explain: false }));
    assert.equal(result.lines.length, 1);
    assert.deepEqual(
      {
        agent: result.lines[0].agent,
        invoice: result.lines[0].invoice,
        plan: result.lines[0].plan,
        rule: result.lines[0].rule,
        amount: result.lines[0].amount,
      },
      { agent: "Zoë 🚀", invoice: "F-é1", plan: "plän-€", rule: "règle", amount: "12.35" },
    );
  });

  test("a lone surrogate is read as U+FFFD, as TextEncoder writes it", () => {
    // Raw in the text (JSON.stringify would escape it, and serde_json refuses escaped ones).
    const lone = JSON.stringify(sales).replace("F-é1", "F-\ud800");
    const result = JSON.parse(calculateJSON(plan, lone, { explain: false }));
    assert.equal(result.lines[0].invoice, "F-\ufffd");
  });
});

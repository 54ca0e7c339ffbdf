// Issue 17, finding 9: `Engine.whatIf` and `calculate(..., { what_if })` take the same number
// of hypothetical invoices (10,000), and refuse more before parsing them all.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { calculate, Engine } from "commission-engine";

const example = (name) =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8"));
const plan = example("reseller-plan.json");
const sales = example("reseller-sales.json");

const LIMIT = 10_000;

/** `count` hypothetical invoices as JSON text (all alike but their ids). */
function invoicesText(count) {
  const parts = [];
  for (let i = 0; i < count; i++) {
    parts.push(
      `{"id":"Q-${i}","date":"2026-03-20","customer":"acme","lines":[{"product":"p","category":"laptops","unit_price":"100"}]}`,
    );
  }
  return parts;
}

/** What `fn` threw (it must throw). */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

function assertLimit(error) {
  assert.equal(error.code, "limit_exceeded", error.message);
  assert.equal(error.path, "/what_if");
  assert.match(error.message, /at most 10000 hypothetical invoices/);
}

describe("what-if invoice limit", () => {
  const engine = new Engine(plan).load(sales);

  test("Engine.whatIf refuses one past the limit, and calculate's what_if refuses it the same way", () => {
    const over = `[${invoicesText(LIMIT + 1).join(",")}]`;
    assertLimit(thrown(() => engine.whatIf(over)));
    assertLimit(thrown(() => calculate(plan, sales, `{"what_if":${over}}`)));
    assertLimit(thrown(() => engine.calculate(sales, `{"what_if":${over}}`)));
  });

  test("the invoices past the limit are not parsed: what follows the limit is never read", () => {
    // Broken JSON after invoice 10,001: a parse of the whole array would answer invalid_json.
    const over = `[${invoicesText(LIMIT + 1).join(",")}, @@@ not JSON`;
    assertLimit(thrown(() => engine.whatIf(over)));
    assertLimit(thrown(() => calculate(plan, sales, `{"explain":true,"what_if":${over}`)));
    // 1,000,000 invoices are refused as soon as 10,001 are counted.
    assertLimit(thrown(() => engine.whatIf(`[${'{"id":"Q"},'.repeat(1_000_000)}{"id":"Q"}]`)));
  });

  test("the options' own what_if invoices count with the ones given to whatIf", () => {
    const half = invoicesText(LIMIT / 2 + 1);
    assertLimit(thrown(() => engine.whatIf(`[${half.join(",")}]`, `{"what_if":[${half.join(",")}]}`)));
  });

  test("the limit itself is accepted by both", () => {
    const at = invoicesText(LIMIT);
    // Each invoice: 100.00 of laptops at the hardware rule's 4 % for alice (acme's agent).
    const answer = engine.whatIf(`[${at.join(",")}]`);
    assert.equal(answer.what_if.delta, "40000.00");
    const full = calculate(plan, sales, `{"what_if":[${at.join(",")}]}`);
    assert.equal(full.what_if.delta, "40000.00");
  });
});

// Issue 17, finding 1: a trap never poisons the package. A call that traps (or otherwise does
// not return normally from the WebAssembly module) throws a coded `engine_failure`, the
// instance is replaced by a fresh one, later calls answer right, and Engine objects of the
// discarded instance throw `engine_discarded` instead of touching the new one.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { calculate, curve, Engine, instanceInfo, recycle, schemas } from "commission-engine";
import * as scale from "commission-engine/scale";
import { initSync as glueExports } from "../../pkg/commission_engine.js";
import { initSync as scaleGlueExports } from "../../pkg/scale/commission_engine.js";

const example = (name) =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8"));
const plan = example("reseller-plan.json");
const sales = example("reseller-sales.json");

/** The curve of issue 17's finding 2 (a step of 1e-28 / 5): it trapped before the engine's fix. */
const trappingCurve = {
  agent: "alice",
  add: { from: "0", to: "0.0000000000000000000000000001", steps: 5 },
  template: {
    id: "QUOTE",
    date: "2026-02-10",
    customer: "acme",
    lines: [{ product: "p", category: "laptops", unit_price: "1" }],
  },
};

/** What `fn` threw (it must throw). */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected an error");
}

/**
 * Makes the next call trap for real: overwrites the instance's whole linear memory (its heap,
 * its allocator's lists, its stack) with 0xff bytes, so that the next allocation reads past the
 * memory's end (`RuntimeError: memory access out of bounds`), as a poisoned instance does.
 */
function corruptMemory(exports = glueExports) {
  new Uint8Array(exports({ module: undefined }).memory.buffer).fill(0xff);
}

/** Asserts the coded error a failing call throws. */
function assertEngineFailure(error) {
  assert.equal(error.code, "engine_failure", error.stack);
  assert.equal(error.path, "");
  assert.deepEqual(
    error.errors.map((p) => [p.code, p.path]),
    [["engine_failure", ""]],
  );
  assert.match(error.message, /^engine_failure: the engine failed on this input \(/);
}

describe("a trap never poisons the instance", () => {
  test("finding 1: 200 trapping curve calls, then valid calls still answer right", () => {
    const expected = calculate(plan, sales, { explain: true });
    const codes = new Map();
    for (let i = 0; i < 200; i++) {
      const error = thrown(() => curve(plan, sales, trappingCurve));
      // engine_failure while the step traps in the engine; the engine's own code once it is
      // refused there. Never an uncoded RuntimeError.
      assert.equal(typeof error.code, "string", String(error));
      codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      if (error.code === "engine_failure")
        assert.ok(error.cause instanceof WebAssembly.RuntimeError, String(error.cause));
    }
    for (let i = 0; i < 3; i++)
      assert.deepEqual(calculate(plan, sales, { explain: true }), expected, [...codes].join());
  });

  test("a real out-of-bounds trap throws engine_failure, and a fresh instance answers the next call", () => {
    const expected = calculate(plan, sales);
    const { generation } = instanceInfo();
    corruptMemory();
    const error = thrown(() => calculate(plan, sales));
    assertEngineFailure(error);
    assert.ok(error.cause instanceof WebAssembly.RuntimeError, String(error.cause));
    assert.equal(instanceInfo().generation, generation + 1);
    assert.deepEqual(calculate(plan, sales), expected);
    assert.equal(instanceInfo().generation, generation + 1, "a call that answers keeps the instance");
  });

  test("partitioned runs recover too (in the scale module's own instance): a trap in partition or calculatePart throws engine_failure", () => {
    const parts = scale.partition(plan, sales, { parts: 2 });
    const answer = scale.calculatePart(parts[0]);
    const { generation } = scale.instanceInfo();
    const main = instanceInfo().generation;
    corruptMemory(scaleGlueExports);
    assertEngineFailure(thrown(() => scale.partition(plan, sales, { parts: 2 })));
    assert.equal(scale.instanceInfo().generation, generation + 1);
    assert.equal(instanceInfo().generation, main, "the main instance is another one, untouched");
    assert.deepEqual(scale.partition(plan, sales, { parts: 2 }), parts);
    corruptMemory(scaleGlueExports);
    assertEngineFailure(thrown(() => scale.calculatePart(parts[0])));
    assert.equal(scale.instanceInfo().generation, generation + 2);
    assert.deepEqual(scale.calculatePart(parts[0]), answer);
  });

  test("an Engine of the scale entry lives in the scale instance: discarded with it, not with the main one", () => {
    const engine = new scale.Engine(plan).load(sales);
    const before = engine.calculate(sales);
    assert.deepEqual(before, calculate(plan, sales));
    // The scale entry has the whole API over its own module, with the same answers.
    assert.deepEqual(scale.calculate(plan, sales), before);
    assert.equal(scale.calculateJSON(plan, sales), JSON.stringify(before));
    assert.deepEqual(scale.schemas(), schemas());
    recycle();
    assert.deepEqual(engine.calculate(sales), before, "recycling the main instance leaves it");
    scale.recycle();
    assert.equal(thrown(() => engine.calculate(sales)).code, "engine_discarded");
    assert.deepEqual(new scale.Engine(plan).calculate(sales), before);
  });

  test("the engine's own errors keep the instance", () => {
    const { generation } = instanceInfo();
    const error = thrown(() => calculate(plan, { invoices: "none" }));
    assert.equal(error.code, "invalid_sales");
    assert.equal(instanceInfo().generation, generation);
  });

  test("an Engine of a discarded instance throws engine_discarded, and never touches the new one", () => {
    const engine = new Engine(plan).load(sales);
    const before = engine.calculate(sales);
    const whatIf = engine.whatIf([]);
    corruptMemory();
    assertEngineFailure(thrown(() => engine.calculate(sales)));
    for (const call of [
      () => engine.calculate(sales),
      () => engine.load(sales),
      () => engine.whatIf([]),
      () => engine.curve(trappingCurve),
    ]) {
      const error = thrown(call);
      assert.equal(error.code, "engine_discarded");
      assert.deepEqual(error.errors, [
        { code: "engine_discarded", path: "", message: error.errors[0].message },
      ]);
    }
    engine.free(); // nothing to release: the memory it lived in is gone
    const fresh = new Engine(plan).load(sales);
    assert.deepEqual(fresh.calculate(sales), before);
    assert.deepEqual(fresh.whatIf([]), whatIf);
    fresh.free();
  });

  test("instanceInfo reports the memory; recycle gives it back and discards every Engine", () => {
    const engine = new Engine(plan);
    const { generation } = instanceInfo();
    // Grow the memory: a large document is copied into it and parsed there.
    const large = {
      ...sales,
      invoices: Array.from({ length: 40 }, () => sales.invoices)
        .flat()
        .map((inv, i) => ({ ...inv, id: `I${i}` })),
    };
    calculate(plan, large);
    const grown = instanceInfo().memoryBytes;
    assert.ok(grown % 65536 === 0 && grown > 0);
    recycle();
    const fresh = instanceInfo();
    assert.equal(fresh.generation, generation + 1);
    assert.ok(fresh.memoryBytes <= grown, `${fresh.memoryBytes} <= ${grown}`);
    assert.equal(thrown(() => engine.calculate(sales)).code, "engine_discarded");
    assert.deepEqual(calculate(plan, sales), new Engine(plan).calculate(sales));
  });
});

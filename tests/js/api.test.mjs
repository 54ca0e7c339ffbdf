// The JavaScript API of the built package, imported by its name: inputs as objects and as
// JSON text, the thrown errors (code, path, errors), validate, schemas and Engine reuse.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { calculate, curve, Engine, hierarchy, schemas, validate } from "commission-engine";
import * as glue from "../../pkg/commission_engine.js";
import { schemasText } from "../../pkg/schemas.js";
import { loadCases } from "./cases.mjs";

const example = (name) =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8"));
const plan = example("reseller-plan.json");
const sales = example("reseller-sales.json");

/** Calls `fn`, which must throw an engine error; returns the error. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error, "an Error is thrown");
    return error;
  }
  assert.fail("expected an error");
}

/** Checks the shape every engine error has: code, path, and errors as an array of problems. */
function assertEngineError(error, code, path) {
  assert.equal(error.code, code);
  assert.equal(error.path, path);
  assert.ok(Array.isArray(error.errors) && error.errors.length >= 1, "errors is a non-empty array");
  for (const p of error.errors) {
    assert.deepEqual(Object.keys(p).sort(), ["code", "message", "path"]);
    assert.equal(typeof p.message, "string");
  }
  assert.deepEqual({ code: error.errors[0].code, path: error.errors[0].path }, { code, path });
  assert.match(error.message, new RegExp(code));
}

/** Exact sum of decimal strings (as BigInt units at the largest scale), back as a string. */
function sumDecimals(values) {
  const scale = Math.max(0, ...values.map((v) => (v.split(".")[1] ?? "").length));
  const units = values.reduce((sum, v) => {
    const [int, frac = ""] = v.replace("-", "").split(".");
    const n = BigInt(int + frac.padEnd(scale, "0"));
    return sum + (v.startsWith("-") ? -n : n);
  }, 0n);
  const abs = (units < 0n ? -units : units).toString().padStart(scale + 1, "0");
  const text = scale ? `${abs.slice(0, -scale)}.${abs.slice(-scale)}` : abs;
  return units < 0n ? `-${text}` : text;
}

describe("calculate", () => {
  test("accepts objects and JSON text alike and returns a plain result object", () => {
    const fromObjects = calculate(plan, sales, { explain: true });
    const fromText = calculate(JSON.stringify(plan), JSON.stringify(sales), '{"explain":true}');
    assert.deepEqual(fromText, fromObjects);
    assert.equal(Object.getPrototypeOf(fromObjects), Object.prototype);
    assert.equal(fromObjects.currency, "USD");
    for (const key of ["lines", "totals", "statements", "ladders", "levels", "warnings"]) {
      assert.ok(Array.isArray(fromObjects[key]), `${key} is an array`);
    }
  });

  test("options are optional: absent, null and {} mean the defaults", () => {
    const base = calculate(plan, sales);
    assert.deepEqual(calculate(plan, sales, null), base);
    assert.deepEqual(calculate(plan, sales, {}), base);
    assert.deepEqual(calculate(plan, sales, ""), base);
  });

  test("money in the result is decimal strings, and each agent's lines add up to its total", () => {
    const result = calculate(plan, sales);
    for (const line of result.lines) assert.equal(typeof line.amount, "string");
    for (const total of result.totals) {
      const lines = result.lines.filter((l) => l.agent === total.agent).map((l) => l.amount);
      assert.equal(
        Number(sumDecimals(lines.length ? lines : ["0"])),
        Number(total.amount),
        `agent ${total.agent}`,
      );
    }
  });

  test("text that is not JSON is invalid_json", () => {
    const error = thrown(() => calculate("{ not json", sales));
    assertEngineError(error, "invalid_json", "");
  });

  test("an unknown field in the plan is invalid_plan at its path", () => {
    const typo = structuredClone(plan);
    typo.plans[0].rules[0].percnt = typo.plans[0].rules[0].percent;
    delete typo.plans[0].rules[0].percent;
    const error = thrown(() => calculate(typo, sales));
    assertEngineError(error, "invalid_plan", "/plans/0/rules/0/percnt");
  });

  test("a bad date in the sales is invalid_sales at its path, and every bad element is listed", () => {
    const bad = structuredClone(sales);
    bad.invoices[1].date = "2026-02-30";
    bad.invoices[3].date = "03/09/2026";
    const error = thrown(() => calculate(plan, bad));
    assertEngineError(error, "invalid_sales", "/invoices/1/date");
    assert.deepEqual(
      error.errors.map((p) => p.path),
      ["/invoices/1/date", "/invoices/3/date"],
    );
    assert.ok(error.errors.every((p) => p.code === "invalid_sales"));
  });

  test("bad options are invalid_options at their path", () => {
    const error = thrown(() => calculate(plan, sales, { explain: "yes" }));
    assertEngineError(error, "invalid_options", "/explain");
  });

  test("a missing document is an error of that document, not a crash", () => {
    assertEngineError(
      thrown(() => calculate(undefined, sales)),
      "invalid_plan",
      "",
    );
    assertEngineError(
      thrown(() => calculate(plan, null)),
      "invalid_sales",
      "",
    );
  });

  test("an object that cannot be written as JSON is invalid_json", () => {
    const error = thrown(() => calculate({ currency: "USD", big: 1n }, sales));
    assertEngineError(error, "invalid_json", "");
  });

  test("a number in the input is read exactly from its JSON text, as the same text in a string is", () => {
    const asText = structuredClone(sales);
    const asNumbers = structuredClone(sales);
    asText.invoices[4].lines[1].unit_price = "189.9";
    asNumbers.invoices[4].lines[1].unit_price = 189.9;
    asText.invoices[4].lines[1].quantity = "12";
    asNumbers.invoices[4].lines[1].quantity = 12;
    assert.deepEqual(calculate(plan, asNumbers), calculate(plan, asText));
  });
});

describe("validate", () => {
  test("a valid plan, and a valid plan with valid sales, give { valid: true }", () => {
    assert.deepEqual(validate(plan), { valid: true });
    assert.deepEqual(validate(plan, sales), { valid: true });
    assert.deepEqual(validate(JSON.stringify(plan), JSON.stringify(sales)), { valid: true });
  });

  test("an invalid plan throws with every problem", () => {
    const bad = structuredClone(plan);
    bad.plans[0].earn_on = "whenever";
    const error = thrown(() => validate(bad));
    assertEngineError(error, "invalid_plan", "/plans/0/earn_on");
  });

  test("invalid sales throw even when the plan is valid", () => {
    const bad = structuredClone(sales);
    bad.invoices[0].lines[0].unit_price = "12,50";
    const error = thrown(() => validate(plan, bad));
    assertEngineError(error, "invalid_sales", "/invoices/0/lines/0/unit_price");
  });
});

describe("schemas", () => {
  test("has the JSON Schemas of plan, sales, options, result and error", () => {
    const all = schemas();
    for (const key of ["plan", "sales", "options", "result", "error"])
      assert.ok(key in all, `schemas().${key}`);
    for (const schema of Object.values(all)) {
      assert.equal(schema.type, "object");
      assert.equal(typeof schema.properties, "object");
    }
    assert.ok(all.plan.properties.currency, "plan.currency");
    assert.ok(all.plan.required.includes("currency"));
    assert.ok(all.sales.properties.invoices, "sales.invoices");
    assert.ok(all.result.properties.lines, "result.lines");
    assert.deepEqual(Object.keys(all.error.properties).sort(), ["code", "errors", "line", "message", "path"]);
  });

  test("plan schemas refuse unknown fields, as the engine does", () => {
    const { plan: planSchema } = schemas();
    assert.equal(planSchema.additionalProperties, false);
  });

  test("are the text written at build time (examples/schemas.rs), byte for byte, not generated in the module", () => {
    assert.equal(JSON.stringify(schemas()), schemasText);
    assert.ok(schemasText.startsWith('{"plan":{"$schema":"https://json-schema.org/draft/2020-12/schema"'));
    // schemars is not compiled into the WebAssembly module: no schema text, no schema export.
    const wasm = readFileSync(new URL("../../pkg/commission_engine_bg.wasm", import.meta.url));
    assert.equal(wasm.indexOf("json-schema.org"), -1);
    assert.equal(typeof glue.schemas, "undefined");
  });
});

describe("Engine", () => {
  test("compiles a plan once and calculates many times, as calculate does", () => {
    const engine = new Engine(plan);
    const first = engine.calculate(sales);
    const q1 = structuredClone(sales);
    q1.invoices = q1.invoices.slice(0, 2);
    assert.deepEqual(engine.calculate(q1), calculate(plan, q1));
    assert.deepEqual(engine.calculate(JSON.stringify(sales), { explain: true }), first);
    assert.deepEqual(first, calculate(plan, sales));
    engine.free();
  });

  test("an invalid plan throws at construction", () => {
    const error = thrown(
      () => new Engine({ currency: "USD", plans: [{ id: "p", rules: [{ id: "r", percnt: "5" }] }] }),
    );
    assertEngineError(error, "invalid_plan", "/plans/0/rules/0/percnt");
  });

  test("bad sales throw, and the engine stays usable", () => {
    const engine = new Engine(plan);
    assertEngineError(
      thrown(() => engine.calculate("[1,")),
      "invalid_json",
      "",
    );
    assert.deepEqual(engine.calculate(sales), calculate(plan, sales));
  });
});

describe("Engine with a loaded history", () => {
  const cases = new Map(loadCases().map(({ file, case: c }) => [file, c]));

  test("whatIf and curve before load throw not_loaded", () => {
    const engine = new Engine(plan);
    assertEngineError(
      thrown(() => engine.whatIf([])),
      "not_loaded",
      "",
    );
    assertEngineError(
      thrown(() => engine.curve({})),
      "not_loaded",
      "",
    );
  });

  test("whatIf on a loaded history gives the what_if of a full calculation", (t) => {
    const c = cases.get("what_if_quote_crosses_tier.json");
    if (!c) return t.skip("the case what_if_quote_crosses_tier.json is not there");
    const engine = new Engine(c.plan).load(c.sales);
    const full = calculate(c.plan, c.sales, c.options);
    const { what_if: invoices, ...options } = c.options;
    assert.deepEqual(engine.whatIf(invoices, options).what_if, full.what_if);
    assert.deepEqual(
      engine.whatIf(invoices[0], options).what_if,
      full.what_if,
      "one invoice, not in an array",
    );
    assert.deepEqual(engine.whatIf(JSON.stringify(invoices), JSON.stringify(options)).what_if, full.what_if);
  });

  test("curve on a loaded history equals curve(plan, sales, request), many times", (t) => {
    const c = cases.get("curve_cap_per_period.json");
    if (!c) return t.skip("the case curve_cap_per_period.json is not there");
    const engine = new Engine(c.plan).load(c.sales);
    const expected = curve(c.plan, c.sales, c.request);
    assert.deepEqual(engine.curve(c.request), expected);
    assert.deepEqual(engine.curve(JSON.stringify(c.request)), expected);
  });

  test("hierarchy reports the team of the example", () => {
    const report = hierarchy(plan, sales);
    assert.equal(typeof report, "object");
    assert.deepEqual(hierarchy(JSON.stringify(plan), JSON.stringify(sales), "{}"), report);
  });
});

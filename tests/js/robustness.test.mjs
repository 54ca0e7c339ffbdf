// No panic reaches JavaScript: documents mutated at random (a fixed seed, a bounded count)
// either calculate or throw an engine error with a code and a path — never a WebAssembly trap
// or any other exception — and the module keeps working afterwards.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { calculate, Engine, validate } from "commission-engine";

const example = (name) =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), "utf8"));
const plan = example("reseller-plan.json");
const sales = example("reseller-sales.json");

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD = [
  null,
  "",
  "0",
  "-1",
  "1e400",
  "99999999999999999999999999999.99",
  -0.5,
  1e308,
  true,
  [],
  {},
  "2026-02-30",
  "9999-12-31",
  "x".repeat(300),
  "../",
  "~1",
  "100",
  "-100",
  0,
  "NaN",
];

/** Every [container, key] slot of a JSON value. */
function slots(value, out = []) {
  if (value && typeof value === "object") {
    for (const key of Object.keys(value)) {
      out.push([value, key]);
      slots(value[key], out);
    }
  }
  return out;
}

/** A copy of `doc` with a few random values replaced, removed or duplicated. */
function mutate(doc, random) {
  const copy = structuredClone(doc);
  const all = slots(copy);
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    const [container, key] = all[Math.floor(random() * all.length)];
    const r = random();
    if (r < 0.7) container[key] = WEIRD[Math.floor(random() * WEIRD.length)];
    else if (r < 0.85 && !Array.isArray(container)) delete container[key];
    else if (Array.isArray(container)) container.push(structuredClone(container[key]));
  }
  return copy;
}

function assertEngineOutcome(fn, what) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error, `${what}: threw a non-Error`);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `${what}: a WebAssembly trap: ${error.message}`);
    assert.equal(typeof error.code, "string", `${what}: an error without a code: ${error.message}`);
    assert.equal(typeof error.path, "string", `${what}: an error without a path`);
    assert.ok(Array.isArray(error.errors) && error.errors.length > 0, `${what}: no errors list`);
  }
}

test("mutated plans and sales give a result or an engine error, never a trap", () => {
  const random = prng(20260301);
  for (let i = 0; i < 300; i++) {
    const p = random() < 0.5 ? mutate(plan, random) : plan;
    const s = p === plan || random() < 0.5 ? mutate(sales, random) : sales;
    assertEngineOutcome(() => calculate(p, s), `case ${i}`);
    assertEngineOutcome(() => validate(p, s), `case ${i} (validate)`);
  }
  // The module still works after every error.
  assert.equal(calculate(plan, sales).currency, "USD");
});

test("truncated and garbled JSON text is invalid_json, never a trap", () => {
  const text = JSON.stringify(sales);
  const random = prng(7);
  for (let i = 0; i < 200; i++) {
    const cut = text.slice(0, Math.floor(random() * text.length));
    assertEngineOutcome(() => calculate(plan, cut), `cut ${i}`);
    const at = Math.floor(random() * text.length);
    const garbled = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + text.slice(at + 1);
    assertEngineOutcome(() => new Engine(plan).calculate(garbled), `garbled ${i}`);
  }
  assert.equal(calculate(plan, sales).currency, "USD");
});

test("deeply nested input is an error, not a stack overflow", () => {
  for (const deep of ["[".repeat(100_000), '{"a":'.repeat(100_000), `{"invoices":${"[".repeat(50_000)}`]) {
    assertEngineOutcome(() => calculate(plan, deep), "deep nesting");
    assertEngineOutcome(() => calculate(deep, sales), "deep nesting (plan)");
  }
  assert.equal(calculate(plan, sales).currency, "USD");
});

// The conformance cases of tests/cases/*.json, run through the built package (WebAssembly),
// as `cargo test` runs them natively: each case's `expect` must be a subset of the result, or
// its `expect_error` a subset of the thrown error. Calculate cases also run through `Engine`.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as api from "commission-engine";
import { loadCases } from "./cases.mjs";
import { subsetMismatches } from "./subset.mjs";

const cases = loadCases();

/** The error document (as the contract writes it) of a thrown engine error. */
function errorDocument(error) {
  if (!(error instanceof Error) || typeof error.code !== "string") throw error;
  return {
    code: error.code,
    path: error.path,
    message: error.errors?.[0]?.message ?? error.message,
    errors: error.errors,
  };
}

/** Runs `call` and checks it against the case's `expect` / `expect_error`. */
function check(c, call) {
  let result;
  try {
    result = call();
  } catch (error) {
    const doc = errorDocument(error);
    if (!c.expect_error) assert.fail(`unexpected error: ${JSON.stringify(doc)}`);
    const mismatches = subsetMismatches(doc, c.expect_error);
    assert.deepEqual(mismatches, [], `the error does not match expect_error:\n  ${mismatches.join("\n  ")}`);
    return;
  }
  if (c.expect_error) assert.fail(`expected the error ${JSON.stringify(c.expect_error)}, got a result`);
  if (c.expect !== undefined) {
    const mismatches = subsetMismatches(result, c.expect);
    assert.deepEqual(mismatches, [], `the result does not match expect:\n  ${mismatches.join("\n  ")}`);
  }
}

/** The API call a case names. */
function apiCall(c) {
  const call = c.call ?? "calculate";
  const fn = api[call];
  if (typeof fn !== "function") assert.fail(`the package has no ${call}() (case call "${call}")`);
  switch (call) {
    case "calculate":
    case "hierarchy":
      return () => fn(c.plan, c.sales, c.options);
    case "validate":
      return () => fn(c.plan, c.sales);
    case "curve":
      return () => fn(c.plan, c.sales, c.request);
    case "compare":
      return () => fn(c.plan, c.plan_b, c.sales, c.options);
    default:
      return assert.fail(`unknown call "${call}"`);
  }
}

describe("conformance cases (tests/cases/*.json) through the package", () => {
  if (cases.length === 0) {
    test("no case files yet", (t) => t.skip("tests/cases/ has no case files"));
  }
  for (const { file, case: c } of cases) {
    test(`${file}: ${c.name ?? ""}`, () => {
      assert.ok(
        c.expect !== undefined || c.expect_error !== undefined,
        "a case needs expect or expect_error",
      );
      check(c, apiCall(c));
    });
    const call = c.call ?? "calculate";
    if (call === "calculate") {
      test(`${file}: ${c.name ?? ""} (through Engine)`, () => {
        check(c, () => new api.Engine(c.plan).calculate(c.sales, c.options));
      });
    }
    if (call === "curve") {
      test(`${file}: ${c.name ?? ""} (through Engine.load().curve())`, () => {
        check(c, () => new api.Engine(c.plan).load(c.sales).curve(c.request));
      });
    }
    if (call === "compare") {
      test(`${file}: ${c.name ?? ""} (through Engine.load().compare())`, () => {
        check(c, () => new api.Engine(c.plan).load(c.sales).compare(c.plan_b, c.options));
      });
    }
    if (call === "calculate" && c.options?.what_if?.length && c.expect?.what_if !== undefined) {
      // A loaded history answers the same what-if as a full calculation.
      test(`${file}: ${c.name ?? ""} (through Engine.load().whatIf())`, () => {
        const { what_if: invoices, ...options } = c.options;
        const answer = new api.Engine(c.plan).load(c.sales).whatIf(invoices, options);
        const mismatches = subsetMismatches(answer.what_if, c.expect.what_if);
        assert.deepEqual(
          mismatches,
          [],
          `whatIf() does not match expect.what_if:\n  ${mismatches.join("\n  ")}`,
        );
      });
    }
  }
});

describe("the subset matcher", () => {
  test("extra keys in objects are fine, missing ones are not", () => {
    assert.deepEqual(subsetMismatches({ a: 1, b: "x" }, { a: 1 }), []);
    assert.deepEqual(subsetMismatches({ a: 1 }, { b: null }), ["/b: missing (expected null)"]);
  });
  test("arrays must have the same length and match element by element", () => {
    assert.deepEqual(subsetMismatches([{ a: 1, z: 0 }, { a: 2 }], [{ a: 1 }, { a: 2 }]), []);
    assert.equal(subsetMismatches([1, 2, 3], [1, 2]).length, 1);
    assert.deepEqual(subsetMismatches([{ a: 1 }, { a: 3 }], [{ a: 1 }, { a: 2 }]), [
      "/1/a: expected 2, got 3",
    ]);
  });
  test("scalars compare exactly: strings, numbers, null", () => {
    assert.deepEqual(subsetMismatches("13.50", "13.50"), []);
    assert.equal(subsetMismatches("13.5", "13.50").length, 1);
    assert.equal(subsetMismatches(13.5, "13.50").length, 1);
    assert.equal(subsetMismatches(null, 0).length, 1);
    assert.equal(subsetMismatches({}, { a: {} }).length, 1);
  });
  test("paths are JSON Pointers with ~ and / escaped", () => {
    assert.deepEqual(subsetMismatches({ "a/b": { "c~d": 1 } }, { "a/b": { "c~d": 2 } }), [
      "/a~1b/c~0d: expected 2, got 1",
    ]);
  });
});

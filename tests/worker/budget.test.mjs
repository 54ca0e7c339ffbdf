// The worker's result budget (worker/src/budget.js): MAX_RESULT_BYTES into the engine's options
// when it takes `max_bytes`, and the answer's own size checked against it.

import assert from "node:assert/strict";
import { test } from "node:test";
import { optionsWithBudget, withinBudget } from "../../worker/src/budget.js";

test("the budget goes into the options only when the engine takes max_bytes", () => {
  assert.equal(optionsWithBudget(undefined, 1000, false), undefined);
  assert.equal(optionsWithBudget('{"explain":true}', 1000, false), '{"explain":true}');
  assert.equal(optionsWithBudget(undefined, 1000, true), '{"max_bytes":1000}');
});

test("a caller's smaller budget is kept, a larger one is lowered to the worker's, numbers stay as written", () => {
  assert.equal(
    optionsWithBudget('{"max_bytes": 500, "explain": true}', 1000, true),
    '{"max_bytes":500,"explain":true}',
  );
  assert.equal(optionsWithBudget('{"max_bytes":5000}', 1000, true), '{"max_bytes":1000}');
  assert.equal(
    optionsWithBudget('{"what_if":[{"lines":[{"unit_price":0.1000000000000000000001}]}]}', 1000, true),
    '{"what_if":[{"lines":[{"unit_price":0.1000000000000000000001}]}],"max_bytes":1000}',
  );
});

test("options the engine must refuse are handed over as they are", () => {
  for (const text of ['{"max_bytes":"lots"}', '{"max_bytes":-1}', "[1]", '{"a":1,"a":2}', '{"a":']) {
    assert.equal(optionsWithBudget(text, 1000, true), text, text);
  }
});

test("an answer past the budget is a 422 limit_exceeded, counted in UTF-8 bytes", () => {
  assert.equal(withinBudget("x".repeat(1000), 1000), "x".repeat(1000));
  assert.equal(withinBudget("é".repeat(500), 1000), "é".repeat(500)); // 1,000 bytes
  for (const text of ["x".repeat(1001), "é".repeat(501)]) {
    assert.throws(
      () => withinBudget(text, 1000),
      (e) =>
        e.status === 422 && e.code === "limit_exceeded" && /MAX_RESULT_BYTES of 1000 bytes/.test(e.message),
    );
  }
});

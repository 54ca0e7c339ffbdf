// The size budget of the WebAssembly module: the gzipped main module (what a page, a quote
// widget or an edge function downloads) may not grow past the budget. A size is deterministic
// (the same sources and toolchain give the same bytes), so unlike a timing it belongs in
// `npm test`. The goal is 100 KB gzipped (issue 11); the budget is what the module reached plus
// a little room, lowered as the module shrinks. BENCHMARKS.md ("Where the module's bytes go",
// "Module size") shows where the bytes go and why 100 KB is not reached yet.
//
// The history, by this test (zlib -9): 423,807 bytes (2026-12-01, schemas out of the module);
// contract v2 part A 470,377; part B 542,136; streamed books and partitioned runs took it to
// 729,680 (budget 740,000) until they moved to the second module (`scale` cargo feature,
// pkg/scale/, the `commission-engine/scale` entry): 546,866 (2026-12-01 09:43, budget 550,000);
// the error paths found from where the parse stopped, without serde_path_to_error: 490,594
// (10:35, budget 495,000); main's curve crossings (level and review breakpoints) then added
// 7,508: 498,102 (10:45, budget 502,000).
// The second module is not budgeted: it is loaded only by the runner, the CLI and the worker's
// fan-out; this test checks instead that the main module does not carry its code.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as glue from "../../pkg/commission_engine.js";

/** The budget, in bytes of `gzip -9` (zlib) of pkg/commission_engine_bg.wasm. */
const GZIP_BUDGET = 502_000;
/** The goal of issue 11, for the record in the failure message. */
const GOAL = 100 * 1024;

test(`the gzipped module stays within its budget of ${GZIP_BUDGET.toLocaleString("en")} bytes (goal ${GOAL.toLocaleString("en")})`, () => {
  const wasm = readFileSync(new URL("../../pkg/commission_engine_bg.wasm", import.meta.url));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  assert.ok(
    gzipped <= GZIP_BUDGET,
    `pkg/commission_engine_bg.wasm is ${gzipped.toLocaleString("en")} bytes gzipped, over the budget of ${GZIP_BUDGET.toLocaleString("en")}: ` +
      "see what grew with `node bench/sizes.mjs` (BENCHMARKS.md, Size)",
  );
});

test("the main module leaves streamed books and partitioned runs to the scale module", async () => {
  for (const name of ["partition", "calculatePart", "merge", "mergeSummaries", "BookSplit"])
    assert.equal(typeof glue[name], "undefined", `the main module exports no ${name}`);
  for (const method of ["beginLoad", "pushLoad", "endLoad", "calculateLoaded", "calculatePart", "readPart"])
    assert.equal(typeof glue.Engine.prototype[method], "undefined", `the main Engine has no ${method}`);
  const scale = await import("../../pkg/scale/commission_engine.js");
  for (const name of ["partition", "calculatePart", "merge", "mergeSummaries", "BookSplit", "calculate"])
    assert.equal(typeof scale[name], "function", `the scale module exports ${name}`);
  assert.equal(typeof scale.Engine.prototype.beginLoad, "function");
});

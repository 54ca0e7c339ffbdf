// The size budget of the WebAssembly module: the gzipped module may not grow past the budget.
// A size is deterministic (the same sources and toolchain give the same bytes), so unlike a
// timing it belongs in `npm test`. The goal is 100 KB gzipped (issue 11); the budget is what the
// module reached (423,807 bytes by zlib, 418,565 by gzip -9, on 2026-12-01) plus a little room for the v2 features
// (raised to 455,000 for v2 part B: plan comparison, draws, holdbacks, retroactive tiers: 451,024 by zlib -9 on
// main's 2026-12-01 03:00 state plus part B), and is
// lowered as the module shrinks. BENCHMARKS.md
// ("Size") shows where the bytes go and why 100 KB is not reached yet.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** The budget, in bytes of `gzip -9` of pkg/commission_engine_bg.wasm. Contract v2 part A
 * (issue 12: its document fields, the formula language, the checks) took the module from
 * 423,807 to 470,377 bytes, and part B's first features (compare, draws, holdbacks,
 * retroactive tiers) added more (measured 2026-12-01 by this test; most of it is the serde
 * code of the new fields): the budget follows, to be lowered again (issue 11). With part B's
 * differential overrides, quota ramps and dated agents (`history`): 518,755 by this test
 * (2026-12-01 04:26): 522,000. With level reviews, requires.any / next.paths and leg caps
 * (max_leg_percent, measures.legs): 531,081 (04:45): 534,000. With what-if over part B (by_kind,
 * draws, holdbacks) and the next level review's projection: 542,136 (05:20): 545,000. */
const GZIP_BUDGET = 740_000;
// Raised from 545,000 for issue 14: streamed books and partitioned runs (the splitter, the
// order keys, the merge and the result types' deserializers) add 165 to 188 KB to pkg's
// module: 675,231 by this test on main's 04:05 state (about 510,000 without them), 729,680 on
// main's 05:30 state (542,136 without them); 740,000 leaves room for main's later growth (curve by_kind) that this branch merged without a new measurement. That code belongs in a second module (a `scale` cargo
// feature) that only the runner, the CLI and the worker's fan-out load; until it moves there,
// the budget covers it (BENCHMARKS.md, "Partitioned runs").
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

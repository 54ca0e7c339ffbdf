// A one-minute pass of the worker soak test (tests/worker/soak.mjs; `npm run soak` runs it for
// several minutes): mixed valid, invalid, huge, trapping and stalling requests against workerd.

import assert from "node:assert/strict";
import { test } from "node:test";
import { runSoak, SOAK_SETTINGS } from "./soak.mjs";

/** The length of the pass in `npm test`. */
const SECONDS = Number(process.env.SOAK_TEST_SECONDS ?? 60);

test(
  `soak: ${SECONDS} s of mixed requests, no 5xx, memory bounded, the instance recycled and answering right`,
  { timeout: (SECONDS + 120) * 1000 },
  async () => {
    const figures = await runSoak({ durationMs: SECONDS * 1000 });
    const summary = JSON.stringify(figures, null, 2);
    assert.deepEqual(figures.problems, [], summary);
    assert.equal(figures.server_errors, 0, summary);
    assert.ok(figures.requests >= 100, summary);
    assert.ok(figures.recycles >= 1, summary);
    assert.ok(figures.peak_engine_memory_bytes <= SOAK_SETTINGS.RECYCLE_MEMORY_BYTES, summary);
    // workerd's own memory stays bounded: the huge request's body, documents and result, plus one
    // engine instance at most at the threshold, with room for V8's heap.
    assert.ok(figures.peak_workerd_rss_bytes < 1024 * 1024 * 1024, summary);
    for (const [kind, count] of Object.entries(figures.by_kind))
      assert.ok(count > 0, `${kind} was sent\n${summary}`);
  },
);

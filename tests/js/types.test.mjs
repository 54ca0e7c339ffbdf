// The TypeScript declarations (js/index.d.ts and the document types generated from the JSON
// Schemas into pkg/documents.d.ts) type-check a typed usage of the API (tsc --noEmit).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("tsc --noEmit accepts tests/js/types/usage.ts and rejects its @ts-expect-error lines", () => {
  const tsc = spawnSync("node_modules/.bin/tsc", ["--noEmit", "-p", "tests/js/types/tsconfig.json"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
});

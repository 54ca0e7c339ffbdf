// Loading the conformance cases of tests/cases/*.json (written by the engine's authors).

import { existsSync, readdirSync, readFileSync } from "node:fs";

/** The directory of the case files. */
export const casesDir = new URL("../cases/", import.meta.url);

/** Every case, as { file, case }, in file name order; empty when there are none yet. */
export function loadCases() {
  if (!existsSync(casesDir)) return [];
  return readdirSync(casesDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => ({ file, case: JSON.parse(readFileSync(new URL(file, casesDir), "utf8")) }));
}

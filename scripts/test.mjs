// `npm test`: sets up what is missing, checks the JavaScript formatting, runs the Rust tests, builds the
// package, runs the JavaScript tests of the built package, then the worker, page and packaging tests when the
// package has those scripts. Stops at the first failing step and says which.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { packageScripts, root, run } from "./lib.mjs";

// The test files of tests/js/, named explicitly (node --test's own discovery differs between
// Node versions).
const jsTests = readdirSync(join(root, "tests", "js"))
  .filter((f) => f.endsWith(".test.mjs"))
  .sort()
  .map((f) => join("tests", "js", f));

const steps = [
  ["setup", "bash", ["scripts/setup.sh"]],
  // The JavaScript formatter (prettier, .prettierrc.json): `npm run format` fixes what it reports.
  ["lint (npm run lint)", "npm", ["run", "lint"]],
  ["Rust tests (cargo test)", "cargo", ["test"]],
  ["build (scripts/build.sh)", "bash", ["scripts/build.sh"]],
  ["JavaScript tests (node --test tests/js/)", process.execPath, ["--test", ...jsTests]],
];
const scripts = packageScripts();
for (const script of ["test:worker", "test:page", "test:packaging"]) {
  if (script in scripts) steps.push([`npm run ${script}`, "npm", ["run", script]]);
}

// The bounded fuzz pass: the stable replay of the fuzz corpus and crash regressions, then 30 s
// of coverage-guided fuzzing from the committed corpus (installs nightly and cargo-fuzz when
// missing; see docs/reliability.md).
steps.push([
  "bounded fuzz pass (scripts/fuzz.sh --bounded 30)",
  "bash",
  ["scripts/fuzz.sh", "--bounded", "30"],
]);

for (const [name, command, args] of steps) {
  console.log(`\n=== test: ${name}`);
  const status = run(command, args);
  if (status !== 0) {
    console.error(`\n=== test: FAILED at "${name}" (exit status ${status})`);
    process.exit(status);
  }
}
console.log(`\n=== test: all ${steps.length} steps passed`);

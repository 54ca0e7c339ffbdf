#!/usr/bin/env node
/**
 * Writes a generated book (see bench/partition-book.mjs) as NDJSON, and its plan as JSON:
 *
 *   node bench/generate-book.mjs --invoices 10000000 --out /tmp/book-10m.ndjson [--plan /tmp/plan.json] [--light] [--seed 1]
 *
 * `--light` writes the plan without overrides and levels (see bookPlan).
 * Progress (lines written, elapsed) goes to stderr.
 */

import { createWriteStream, writeFileSync } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { bookPlan, bookText } from "./partition-book.mjs";

const { values } = parseArgs({
  options: {
    invoices: { type: "string", default: "1000000" },
    out: { type: "string" },
    plan: { type: "string" },
    seed: { type: "string", default: "1" },
    light: { type: "boolean", default: false },
  },
});
if (!values.out) {
  console.error(
    "usage: node bench/generate-book.mjs --invoices N --out book.ndjson [--plan plan.json] [--seed S]",
  );
  process.exit(2);
}
const invoices = Number(values.invoices);
const started = Date.now();
if (values.plan)
  writeFileSync(values.plan, JSON.stringify(bookPlan({ light: values.light }), null, 2) + "\n");
const out = createWriteStream(values.out);
let written = 0;
for (const text of bookText({ invoices, seed: Number(values.seed) })) {
  if (!out.write(text)) await once(out, "drain");
  written += 1000;
  if (written % 500_000 === 0)
    process.stderr.write(
      `\r${Math.min(written, invoices).toLocaleString("en")} invoices, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
}
out.end();
await once(out, "finish");
process.stderr.write(
  `\r${invoices.toLocaleString("en")} invoices written to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);

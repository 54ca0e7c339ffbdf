// `npm start`: calculates the built-in example (examples/reseller-*.json) through the built
// package, imported by its name, and prints the itemized commissions and the totals per agent.
// Then, when the package has them, it runs the edge worker (`npm run worker`) and the demo
// page (`npm run page`) and keeps running while they do.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageIsStale, packageScripts, root, run } from "./lib.mjs";

if (packageIsStale()) {
  console.log("start: building the package (pkg/ is missing or older than the sources)");
  if (run("bash", ["scripts/build.sh"]) !== 0) process.exit(1);
}

const { calculate } = await import("commission-engine");

const read = (name) => JSON.parse(readFileSync(join(root, "examples", name), "utf8"));
// `npm start -- tests/cases/<case>.json` runs a conformance case (plan, sales, options) instead
// of the built-in example, and exits without starting the servers.
const caseFile = process.argv[2];
const chosen = caseFile ? JSON.parse(readFileSync(caseFile, "utf8")) : null;
const plan = chosen ? chosen.plan : read("reseller-plan.json");
const sales = chosen ? chosen.sales : read("reseller-sales.json");

let result;
try {
  result = calculate(plan, sales, chosen?.options ?? { explain: true });
} catch (error) {
  console.error(`start: the example failed: ${error.message}`);
  for (const problem of error.errors ?? [])
    console.error(`  ${problem.code} ${problem.path}: ${problem.message}`);
  process.exit(1);
}

const title = `${chosen ? `Case: ${chosen.name}` : "Example"}: ${plan.plans.map((p) => p.name ?? p.id).join(", ")} — ${sales.invoices.length} invoices, ${sales.agents.length} agents (${result.currency})`;
console.log(`\n${title}\n`);

console.log("Itemized commissions");
printTable(
  ["agent", "kind", "invoice", "date", "rule", "base", "rate", "amount", "explain"],
  result.lines.map((l) => [
    l.agent,
    l.kind,
    l.invoice ?? "",
    l.earned_on,
    l.rule ?? "",
    l.base ?? "",
    l.rate == null ? "" : `${l.rate}${l.kind === "commission" || l.kind === "clawback" ? " %" : ""}`,
    l.amount,
    l.explain ?? "",
  ]),
  new Set(["base", "rate", "amount"]),
);
if (result.lines.length === 0) console.log("  (no commission lines)");

console.log("\nTotals per agent");
printTable(
  ["agent", "amount", "by rule"],
  result.totals.map((t) => [
    t.agent,
    t.amount,
    Object.entries(t.by_rule ?? {})
      .map(([rule, amount]) => `${rule} ${amount}`)
      .join(", "),
  ]),
  new Set(["amount"]),
);
for (const w of result.warnings ?? []) console.log(`warning ${w.code} at ${w.path}: ${w.message}`);

if (!chosen) startServers();

/** Prints rows as an aligned text table; the columns named in `right` are right-aligned. */
function printTable(headers, rows, right) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const format = (cells) =>
    "  " +
    cells
      .map((c, i) => {
        const text = String(c);
        if (i === cells.length - 1) return text; // the last column is not padded
        return right.has(headers[i]) ? text.padStart(widths[i]) : text.padEnd(widths[i]);
      })
      .join("  ")
      .trimEnd();
  console.log(format(headers));
  console.log(format(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(format(row));
}

/** Runs `npm run worker` and `npm run page` when they exist, until they stop. */
function startServers() {
  const scripts = packageScripts();
  const servers = [
    { script: "worker", what: "edge worker", port: process.env.WORKER_PORT ?? "8787" },
    { script: "page", what: "demo page", port: process.env.PAGE_PORT ?? "8080" },
  ].filter((s) => s.script in scripts);
  if (servers.length === 0) return;

  console.log("");
  const children = servers.map((s) => {
    console.log(`start: running the ${s.what} (npm run ${s.script}) at http://127.0.0.1:${s.port}`);
    const env = { ...process.env, PORT: s.port };
    const child = spawn("npm", ["run", "--silent", s.script], {
      cwd: root,
      env,
      stdio: "inherit",
      detached: true,
    });
    child.on("exit", (code, signal) => {
      console.log(`start: the ${s.what} stopped (${signal ?? `exit code ${code}`})`);
    });
    return child;
  });
  console.log("start: press Ctrl+C to stop");

  const stop = () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    }
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("exit", stop);
}

// Measures the WebAssembly memory one calculation takes, for the documented limits
// (docs/reliability.md). One size per process, since wasm memory never shrinks:
//
//   node bench/memory-limits.mjs <invoices> <lines per invoice> [explain: true|false]
//
// prints { invoices, lines, input_mb, output_mb, memory_mb, seconds } as JSON (or the error).

import { readFileSync } from "node:fs";
import { calculate, initSync } from "../pkg/commission_engine.js";

const wasm = initSync({ module: readFileSync(new URL("../pkg/commission_engine_bg.wasm", import.meta.url)) });
const [invoices = 1000, perInvoice = 2, explain = "true"] = process.argv.slice(2);
const n = Number(invoices);
const k = Number(perInvoice);

const plan = JSON.stringify({
  currency: "USD",
  plans: [{ id: "standard", rules: [{ id: "all", percent: "5" }] }],
  assignments: [
    { agent: "a0", plan: "standard" },
    { agent: "a1", plan: "standard" },
    { agent: "a2", plan: "standard" },
  ],
});
const agents = [{ id: "a0" }, { id: "a1" }, { id: "a2" }];
// The sales text is written piece by piece (a million invoices as objects would dominate the
// JS heap, not the wasm memory measured here).
const parts = [`{"agents":${JSON.stringify(agents)},"invoices":[`];
for (let i = 0; i < n; i++) {
  const day = String(1 + (i % 28)).padStart(2, "0");
  const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, "0");
  const lines = Array.from(
    { length: k },
    (_, j) =>
      `{"product":"p${j % 7}","quantity":"${1 + (j % 3)}","unit_price":"${(10 + (i % 90)).toFixed(2)}"}`,
  );
  parts.push(
    `${i ? "," : ""}{"id":"INV-${i}","date":"2026-${month}-${day}","agents":[{"id":"a${i % 3}"}],"lines":[${lines.join(",")}]}`,
  );
}
parts.push("]}");
const sales = parts.join("");
const options = JSON.stringify({ explain: explain === "true" });
const mb = (b) => Math.round((b / 1048576) * 10) / 10;
const start = performance.now();
try {
  const out = calculate(plan, sales, options);
  console.log(
    JSON.stringify({
      invoices: n,
      lines: n * k,
      input_mb: mb(sales.length),
      output_mb: mb(out.length),
      memory_mb: mb(wasm.memory.buffer.byteLength),
      seconds: Math.round((performance.now() - start) / 100) / 10,
    }),
  );
} catch (e) {
  console.log(
    JSON.stringify({
      invoices: n,
      lines: n * k,
      input_mb: mb(sales.length),
      error: e.code ?? String(e),
      path: e.path,
      memory_mb: mb(wasm.memory.buffer.byteLength),
      seconds: Math.round((performance.now() - start) / 100) / 10,
    }),
  );
}

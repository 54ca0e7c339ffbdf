// Bounded load test of the edge worker under the real workerd binary, on loopback only.
//
//   npm run bench:worker [-- --requests 2000 --concurrency 8 --invoices 50]
//
// Starts workerd on a free 127.0.0.1 port and sends a fixed number of requests with a fixed
// concurrency to each of three loads, one after the other, then stops workerd:
//   health     GET /health                          (baseline: HTTP + runtime overhead)
//   calculate  POST /v1/calculate, --invoices invoices
//   large      POST /v1/calculate, 40x as many invoices, a tenth of the requests
//   curve      POST /v1/curve, --invoices invoices, 101 points (a partner portal's what-if),
//              a tenth of the requests
// and, as the in-process baseline, the same calls made in Node through the package.
// Every answer is checked: status 200 and a body byte-identical to calculate() in Node. It
// prints requests/s, p50/p99 latency, the count of 5xx and wrong answers, and ratios against
// the baselines (the machine is shared and noisy: ratios of runs side by side are what
// compare). Exits 1 if any answer was 5xx or wrong. Every load also stops after 120 s.

import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { calculate, curve } from "commission-engine";
import { buildWorker } from "../worker/build.mjs";
import { freePort, startWorkerd } from "../worker/workerd.mjs";
import { examplePlan, exampleSales } from "../tests/worker/fixtures.mjs";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "8" },
    invoices: { type: "string", default: "50" },
  },
});
const REQUESTS = positive(values.requests, "requests");
const CONCURRENCY = positive(values.concurrency, "concurrency");
const INVOICES = positive(values.invoices, "invoices");
const LOAD_TIME_LIMIT_MS = 120_000;

await buildWorker();
const worker = await startWorkerd({ port: await freePort(), quiet: true });
let failed = false;
try {
  const plan = examplePlan();
  const loads = [
    {
      name: "health",
      requests: REQUESTS,
      request: () => fetch(`${worker.url}/health`),
      expected: '{"status":"ok"}',
    },
    calculationLoad("calculate", plan, exampleSales(INVOICES), REQUESTS),
    calculationLoad("large", plan, exampleSales(INVOICES * 40), Math.max(1, Math.floor(REQUESTS / 10))),
    curveLoad("curve", plan, exampleSales(INVOICES), Math.max(1, Math.floor(REQUESTS / 10))),
  ];
  console.log(
    `worker load: workerd on ${worker.url}, concurrency ${CONCURRENCY}; ` +
      `calculate = ${INVOICES} invoices (${loads[1].bodyBytes} bytes), large = ${INVOICES * 40} invoices (${loads[2].bodyBytes} bytes)`,
  );
  const results = {};
  for (const load of loads) {
    await runLoad({ ...load, requests: Math.min(50, load.requests) }); // warm-up, not counted
    results[load.name] = await runLoad(load);
    if (load.inProcess) results[`${load.name} in-process`] = inProcess(load);
  }
  printTable(results);
  const rps = (name) => results[name].rps;
  console.log(
    `\nthroughput ratios: calculate / health ${ratio(rps("calculate"), rps("health"))}; ` +
      `calculate / in-process ${ratio(rps("calculate"), rps("calculate in-process"))}; ` +
      `large / in-process ${ratio(rps("large"), rps("large in-process"))}; ` +
      `curve / in-process ${ratio(rps("curve"), rps("curve in-process"))}`,
  );
  for (const [name, r] of Object.entries(results)) {
    if (r.serverErrors > 0 || r.wrong > 0 || r.failures > 0) {
      failed = true;
      console.error(
        `${name}: ${r.serverErrors} 5xx, ${r.wrong} wrong answers, ${r.failures} failed requests`,
      );
    }
  }
} finally {
  await worker.stop();
}
process.exit(failed ? 1 : 0);

/** A POST /v1/calculate load whose every answer must equal calculate() in Node. */
function calculationLoad(name, plan, sales, requests) {
  const body = JSON.stringify({ plan, sales });
  return {
    name,
    requests,
    bodyBytes: Buffer.byteLength(body),
    expected: JSON.stringify(calculate(plan, sales)),
    request: () =>
      fetch(`${worker.url}/v1/calculate`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      }),
    inProcess: () => JSON.stringify(calculate(plan, sales)),
  };
}

/** A POST /v1/curve load (alice, 0 to 50,000 added in 101 points) checked against curve(). */
function curveLoad(name, plan, sales, requests) {
  const request = {
    agent: "alice",
    add: { from: "0", to: "50000", steps: 101 },
    template: {
      id: "QUOTE",
      date: "2026-06-15",
      lines: [{ product: "p0", category: "laptops", quantity: "1", unit_price: "1000" }],
    },
  };
  const body = JSON.stringify({ plan, sales, request });
  return {
    name,
    requests,
    bodyBytes: Buffer.byteLength(body),
    expected: JSON.stringify(curve(plan, sales, request)),
    request: () =>
      fetch(`${worker.url}/v1/curve`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
      }),
    inProcess: () => JSON.stringify(curve(plan, sales, request)),
  };
}

/** Sends `requests` requests, `CONCURRENCY` at a time, and measures each. */
async function runLoad({ requests, request, expected }) {
  const latencies = [];
  let next = 0;
  let serverErrors = 0;
  let wrong = 0;
  let failures = 0;
  const start = performance.now();
  const deadline = start + LOAD_TIME_LIMIT_MS;
  async function client() {
    while (next < requests && performance.now() < deadline) {
      next++;
      const sent = performance.now();
      try {
        const response = await request();
        const text = await response.text();
        latencies.push(performance.now() - sent);
        if (response.status >= 500) serverErrors++;
        else if (response.status !== 200 || text !== expected) wrong++;
      } catch {
        failures++;
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - start) / 1000;
  return {
    count: latencies.length,
    rps: latencies.length / seconds,
    ...percentiles(latencies),
    serverErrors,
    wrong,
    failures,
  };
}

/** The same calculations in Node, one after the other: the engine's own time. */
function inProcess({ requests, inProcess: call }) {
  const times = [];
  const start = performance.now();
  for (let i = 0; i < requests && performance.now() - start < LOAD_TIME_LIMIT_MS; i++) {
    const t = performance.now();
    call();
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    count: times.length,
    rps: times.length / seconds,
    ...percentiles(times),
    serverErrors: 0,
    wrong: 0,
    failures: 0,
  };
}

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

function printTable(results) {
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    String(r.count),
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    String(r.serverErrors),
    String(r.wrong),
  ]);
  const header = ["load", "requests", "req/s", "p50 ms", "p99 ms", "5xx", "wrong"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${line(header)}`);
  for (const row of rows) console.log(line(row));
}

function ratio(a, b) {
  return `${(a / b).toFixed(2)}x`;
}

function positive(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

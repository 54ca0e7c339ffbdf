/**
 * The worker soak test: the real workerd binary on loopback, fed a seeded mix of valid,
 * invalid, huge, trapping and stalling requests by a few concurrent clients for a bounded time.
 * Every answer is checked as it comes: valid requests byte for byte against the package in
 * Node, the others by their 4xx status and code; no answer may be 5xx. /health is polled
 * throughout: the engine's memory must stay under the recycling threshold, and the instance
 * must have been recycled (and go on answering right). workerd's resident memory is sampled
 * from /proc.
 *
 *   npm run soak                        # 5 minutes (SOAK_SECONDS to change)
 *   node tests/worker/soak.mjs 60       # 60 seconds
 *
 * `npm test` runs a one-minute pass through tests/worker/soak.test.mjs.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as engine from "commission-engine";
import { buildWorker } from "../../worker/build.mjs";
import { freePort, startWorkerd } from "../../worker/workerd.mjs";
import { examplePlan, exampleSales, trappingCurveRequest } from "./fixtures.mjs";
import { postJson, send } from "./http.mjs";
import { rawRequest } from "./raw.mjs";

/** The worker's settings during the soak. */
export const SOAK_SETTINGS = {
  BODY_TIMEOUT_MS: 1000,
  RECYCLE_MEMORY_BYTES: 32 * 1024 * 1024,
  MAX_BODY_BYTES: 8 * 1024 * 1024,
};

/** Concurrent clients. */
const CLIENTS = 4;

/**
 * The kinds of request, with their weight in the mix and what each must answer.
 * `send(url)` returns `{ status, text }`; `check` returns a problem (a string) or null.
 */
function requestKinds() {
  const plan = examplePlan();
  const small = exampleSales(30);
  const smallBody = JSON.stringify({ plan, sales: small, options: { explain: true } });
  const smallExpected = JSON.stringify(engine.calculate(plan, small, { explain: true }));
  const hugeSales = exampleSales(12_000);
  const hugeBody = JSON.stringify({ plan, sales: hugeSales });
  const hugeExpected = JSON.stringify(engine.calculate(plan, hugeSales));
  const curveRequest = {
    agent: "alice",
    add: { from: "0", to: "30000", steps: 7 },
    template: {
      id: "Q",
      date: "2026-03-20",
      agents: [{ id: "alice", role: "sales_rep" }],
      lines: [{ product: "p1", unit_price: "1" }],
    },
  };
  const curveBody = JSON.stringify({ plan, sales: small, request: curveRequest });
  const curveExpected = JSON.stringify(engine.curve(plan, small, curveRequest));
  const trapBody = JSON.stringify({ plan, sales: small, request: trappingCurveRequest() });
  const tooMany = exampleSales(10_001).invoices.map((inv) => ({ ...inv, id: `Q-${inv.id}` }));
  const whatIfBody = JSON.stringify({ plan, sales: small, options: { what_if: tooMany } });
  const smallText = JSON.stringify({ plan, sales: small });

  const exact = (expected) => (a) =>
    a.status === 200 && a.text === expected
      ? null
      : `expected the package's answer, got ${a.status} ${a.text.slice(0, 200)}`;
  const coded = (status, code) => (a) => {
    if (a.status !== status) return `expected ${status}, got ${a.status} ${a.text.slice(0, 200)}`;
    let body;
    try {
      body = JSON.parse(a.text);
    } catch {
      return `not JSON: ${a.text.slice(0, 200)}`;
    }
    return code === undefined || body.error?.code === code
      ? null
      : `expected ${code}, got ${a.text.slice(0, 200)}`;
  };
  const anyCoded4xx = (a) => {
    if (a.status < 400 || a.status >= 500) return `expected a 4xx, got ${a.status} ${a.text.slice(0, 200)}`;
    return typeof JSON.parse(a.text).error?.code === "string" ? null : `no code: ${a.text.slice(0, 200)}`;
  };
  const post = (path, text) => (url) => postJson(`${url}${path}`, text);
  const rawHead = (length) =>
    [
      "POST /v1/calculate HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      `Content-Length: ${length}`,
      "Connection: close",
    ].join("\r\n");

  return [
    {
      name: "valid calculate",
      weight: 40,
      send: post("/v1/calculate", smallBody),
      check: exact(smallExpected),
    },
    { name: "valid curve", weight: 8, send: post("/v1/curve", curveBody), check: exact(curveExpected) },
    {
      name: "huge calculate (12,000 invoices)",
      weight: 3,
      send: post("/v1/calculate", hugeBody),
      check: exact(hugeExpected),
    },
    { name: "trapping curve", weight: 12, send: post("/v1/curve", trapBody), check: anyCoded4xx },
    {
      name: "what_if past the limit",
      weight: 2,
      send: post("/v1/calculate", whatIfBody),
      check: coded(422, "limit_exceeded"),
    },
    {
      name: "not JSON",
      weight: 5,
      send: post("/v1/calculate", '{"plan": {'),
      check: coded(400, "invalid_json"),
    },
    {
      name: "invalid plan",
      weight: 5,
      send: post("/v1/calculate", smallText.replace('"percent":"5"', '"percent":"500"')),
      check: coded(400, "invalid_plan"),
    },
    {
      name: "repeated member",
      weight: 5,
      send: post("/v1/calculate", `{"plan": NaN, ${smallText.slice(1)}`),
      check: coded(400, "invalid_request"),
    },
    {
      name: "unknown member",
      weight: 4,
      send: post("/v1/calculate", `{"option": {}, ${smallText.slice(1)}`),
      check: coded(400, "invalid_request"),
    },
    {
      // Sent raw: the worker answers 413 by the Content-Length without reading the body, and
      // closes the connection, which `fetch` reports as a failed upload.
      name: "body past the limit",
      weight: 2,
      send: (url) =>
        rawRequest(url, { head: rawHead(SOAK_SETTINGS.MAX_BODY_BYTES + 1), parts: ['{"plan": {'] }),
      check: coded(413, "payload_too_large"),
    },
    {
      name: "broken chunked body",
      weight: 3,
      send: (url) =>
        rawRequest(url, {
          head: [
            "POST /v1/calculate HTTP/1.1",
            "Host: 127.0.0.1",
            "Content-Type: application/json",
            "Transfer-Encoding: chunked",
            "Connection: close",
          ].join("\r\n"),
          parts: ["zz\r\n{}\r\n0\r\n\r\n"],
        }),
      check: coded(400, "unreadable_body"),
    },
    {
      name: "stalled body",
      weight: 3,
      send: (url) =>
        rawRequest(url, {
          head: rawHead(smallText.length),
          parts: [smallText.slice(0, 500)],
          timeoutMs: 15_000,
        }),
      check: coded(408, "request_timeout"),
    },
  ];
}

/** A small seeded generator (the same mix on every run). */
function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** workerd's resident memory in bytes (Linux), or null. */
function residentBytes(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs the soak for `durationMs` and returns its figures. Throws nothing for a failed check:
 * the failures are listed in the figures (`problems`), for the caller to assert.
 * @param {{ durationMs: number, log?: (line: string) => void }} options
 */
export async function runSoak({ durationMs, log = () => {} }) {
  await buildWorker();
  const kinds = requestKinds();
  const totalWeight = kinds.reduce((sum, k) => sum + k.weight, 0);
  const worker = await startWorkerd({
    port: await freePort(),
    quiet: true,
    env: Object.fromEntries(Object.entries(SOAK_SETTINGS).map(([k, v]) => [k, String(v)])),
  });
  const figures = {
    seconds: 0,
    requests: 0,
    by_kind: Object.fromEntries(kinds.map((k) => [k.name, 0])),
    by_status: {},
    server_errors: 0,
    recycles: 0,
    first_generation: null,
    last_generation: null,
    peak_engine_memory_bytes: 0,
    largest_engine_memory_bytes: 0,
    peak_workerd_rss_bytes: 0,
    last_workerd_rss_bytes: 0,
    problems: [],
  };
  const started = Date.now();
  const deadline = started + durationMs;
  const note = (problem) => {
    if (figures.problems.length < 20) figures.problems.push(problem);
  };
  try {
    const poll = async () => {
      const answer = await send(`${worker.url}/health`);
      if (answer.status !== 200) {
        note(`/health answered ${answer.status}`);
        return;
      }
      const { generation, memory_bytes: memory, largest_memory_bytes: largest } = answer.json().engine;
      figures.first_generation ??= generation;
      figures.last_generation = generation;
      figures.peak_engine_memory_bytes = Math.max(figures.peak_engine_memory_bytes, memory);
      figures.largest_engine_memory_bytes = largest;
      if (memory > SOAK_SETTINGS.RECYCLE_MEMORY_BYTES)
        note(`engine memory ${memory} past the threshold between requests`);
      const rss = residentBytes(worker.process.pid);
      if (rss !== null) {
        figures.peak_workerd_rss_bytes = Math.max(figures.peak_workerd_rss_bytes, rss);
        figures.last_workerd_rss_bytes = rss;
      }
    };
    const client = async (id) => {
      const random = seeded(17 + id);
      while (Date.now() < deadline) {
        let pick = random() * totalWeight;
        const kind = kinds.find((k) => (pick -= k.weight) < 0) ?? kinds[0];
        let answer;
        try {
          answer = await kind.send(worker.url);
        } catch (error) {
          note(`${kind.name}: the request failed: ${error}`);
          continue;
        }
        figures.requests += 1;
        figures.by_kind[kind.name] += 1;
        figures.by_status[answer.status] = (figures.by_status[answer.status] ?? 0) + 1;
        if (answer.status === null || answer.status >= 500) figures.server_errors += 1;
        const problem = kind.check(answer);
        if (problem) note(`${kind.name}: ${problem}`);
        if (figures.requests % 20 === 0) await poll();
      }
    };
    await poll();
    let lastLog = started;
    const progress = setInterval(() => {
      if (Date.now() - lastLog >= 30_000) {
        lastLog = Date.now();
        log(
          `soak: ${Math.round((Date.now() - started) / 1000)} s, ${figures.requests} requests, generation ${figures.last_generation}, rss ${Math.round(figures.last_workerd_rss_bytes / 2 ** 20)} MiB`,
        );
      }
    }, 1000);
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    clearInterval(progress);
    await poll();
  } finally {
    await worker.stop();
  }
  figures.seconds = Math.round((Date.now() - started) / 1000);
  figures.recycles = (figures.last_generation ?? 0) - (figures.first_generation ?? 0);
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? process.env.SOAK_SECONDS ?? 300);
  const figures = await runSoak({ durationMs: seconds * 1000, log: (line) => console.log(line) });
  console.log(JSON.stringify(figures, null, 2));
  const failed = figures.server_errors > 0 || figures.problems.length > 0 || figures.recycles === 0;
  process.exit(failed ? 1 : 0);
}

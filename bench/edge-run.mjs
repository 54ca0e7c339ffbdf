#!/usr/bin/env node
/**
 * A partitioned run of a book file through the edge worker on this machine: a coordinator
 * workerd and `--instances` part workerd processes (worker/fanout.mjs); the book is streamed
 * in the request body, the merged result streamed to `--out`. Prints the time, the result's
 * size and SHA-256, and the peak memory (VmHWM) of every workerd process.
 *
 *   node bench/edge-run.mjs --plan plan.json --book book.ndjson [--instances 2] [--part-lines N]
 *       [--options '{"explain":false}'] [--out result.json]
 */

import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, readFileSync } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { buildWorker } from "../worker/build.mjs";
import { startFanout } from "../worker/fanout.mjs";

const { values } = parseArgs({
  options: {
    plan: { type: "string" },
    book: { type: "string" },
    instances: { type: "string", default: "2" },
    "part-lines": { type: "string" },
    parts: { type: "string" },
    options: { type: "string" },
    out: { type: "string" },
  },
});
if (!values.plan || !values.book) {
  console.error("usage: node bench/edge-run.mjs --plan plan.json --book book.ndjson [--instances N] [--part-lines N] [--options JSON] [--out file]");
  process.exit(2);
}

await buildWorker();
const fanout = await startFanout({ instances: Number(values.instances) });
try {
  const run = { plan: JSON.parse(readFileSync(values.plan, "utf8")) };
  if (values.options) run.options = JSON.parse(values.options);
  if (values.parts) run.parts = Number(values.parts);
  if (values["part-lines"]) run.part_lines = Number(values["part-lines"]);
  const encoder = new TextEncoder();
  async function* body() {
    yield encoder.encode(JSON.stringify(run) + "\n");
    for await (const chunk of createReadStream(values.book, { highWaterMark: 1 << 20 })) yield chunk;
  }
  const started = performance.now();
  const response = await fetch(`${fanout.url}/v1/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson" },
    body: ReadableStream.from(body()),
    duplex: "half",
  });
  const hash = createHash("sha256");
  const sink = values.out ? createWriteStream(values.out) : null;
  let bytes = 0;
  for await (const chunk of response.body) {
    hash.update(chunk);
    bytes += chunk.length;
    if (sink && !sink.write(chunk)) await once(sink, "drain");
  }
  if (sink) {
    sink.end();
    await once(sink, "finish");
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = (pid) => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  };
  const report = {
    status: response.status,
    parts: response.headers.get("x-parts"),
    instances: Number(values.instances),
    seconds: Number(seconds.toFixed(1)),
    bytes,
    sha256: hash.digest("hex"),
    peakMiB: { coordinator: peak(fanout.coordinator.process.pid), parts: fanout.parts.map((p) => peak(p.process.pid)) },
  };
  console.log(JSON.stringify(report));
  if (response.status !== 200) process.exitCode = 1;
} finally {
  await fanout.stop();
}

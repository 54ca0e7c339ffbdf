#!/usr/bin/env node
/**
 * A partitioned run of a book file through the edge worker on this machine: a coordinator
 * workerd and `--instances` part workerd processes (worker/fanout.mjs); the book is streamed
 * in the request body, the merged result streamed to `--out`. Prints the time, the result's
 * size and SHA-256, and the peak memory (VmHWM) of every workerd process.
 *
 *   node bench/edge-run.mjs --plan plan.json --book book.ndjson [--instances 2] [--part-lines N]
 *       [--options '{"explain":false}'] [--out result.json] [--split-here]
 *
 * `--split-here`: for books whose text does not fit a coordinator's memory (a worker has no
 * disk to spill to, and POST /v1/runs keeps the invoices' text until it has sent the parts):
 * this script is the coordinator instead. It splits the file in two passes (routing only, then
 * the parts written to temporary files, as the Node runner does), sends each part as a request
 * body to `POST /v1/runs/part` of the part instances (one part at a time per instance), saves
 * each answer to a file as it streams back, and merges the files. Its own peak memory is
 * reported as the coordinator's.
 */

import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    "split-here": { type: "boolean", default: false },
  },
});
if (!values.plan || !values.book) {
  console.error(
    "usage: node bench/edge-run.mjs --plan plan.json --book book.ndjson [--instances N] [--part-lines N] [--options JSON] [--out file]",
  );
  process.exit(2);
}

await buildWorker();
const fanout = await startFanout({
  instances: Number(values.instances),
  env: { MAX_BODY_BYTES: String(1 << 30) },
});
if (values["split-here"]) {
  try {
    await splitHere();
  } finally {
    await fanout.stop();
  }
  process.exit(process.exitCode ?? 0);
}
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
    peakMiB: {
      coordinator: peak(fanout.coordinator.process.pid),
      parts: fanout.parts.map((p) => peak(p.process.pid)),
    },
  };
  console.log(JSON.stringify(report));
  if (response.status !== 200) process.exitCode = 1;
} finally {
  await fanout.stop();
}

/** Peak resident memory (VmHWM) of a process, in MiB. */
function peakOf(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

/** The `--split-here` run (see the top of this file). */
async function splitHere() {
  const { splitBook, mergeOutputs } = await import("../js/scale-node.js");
  const { writeParts, terminalProgress } = await import("../js/runner-node.js");
  const tell = terminalProgress(process.stderr);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const times = {};
  const plan = JSON.parse(readFileSync(values.plan, "utf8"));
  const options = values.options ? JSON.parse(values.options) : undefined;
  const split = await splitBook(createReadStream(values.book, { highWaterMark: 1 << 20 }), {
    parts: values.parts ? Number(values.parts) : undefined,
    partLines: values["part-lines"] ? Number(values["part-lines"]) : undefined,
    routingOnly: true,
    onLines: (lines) =>
      tell({ phase: "split", lines, parts: 0, partsDone: 0, elapsed: elapsed(), estimate: null }),
  });
  times.split = elapsed();
  const dir = mkdtempSync(join(tmpdir(), "edge-run-"));
  try {
    const count = split.count;
    const books = await writeParts(values.book, split, dir, (lines) =>
      tell({ phase: "write", lines, parts: count, partsDone: 0, elapsed: elapsed(), estimate: null }),
    );
    times.write = elapsed() - times.split;
    const outputs = books.map((_, p) => join(dir, `part-${p}.out`));
    let next = 0;
    let done = 0;
    const lane = async (instance) => {
      while (next < count) {
        const p = next++;
        const head = new TextEncoder().encode(
          JSON.stringify({ plan, options, part: JSON.parse(split.info(p)) }) + "\n",
        );
        async function* body() {
          yield head;
          for await (const chunk of createReadStream(books[p], { highWaterMark: 1 << 20 })) yield chunk;
        }
        const response = await fetch(`${instance.url}/v1/runs/part`, {
          method: "POST",
          headers: { "Content-Type": "application/x-ndjson" },
          body: ReadableStream.from(body()),
          duplex: "half",
        });
        if (!response.ok) throw new Error(`part ${p}: ${response.status} ${await response.text()}`);
        const sink = createWriteStream(outputs[p]);
        for await (const chunk of response.body) if (!sink.write(chunk)) await once(sink, "drain");
        sink.end();
        await once(sink, "finish");
        done += 1;
        tell({
          phase: "calculate",
          lines: done,
          parts: count,
          partsDone: done,
          elapsed: elapsed(),
          estimate: null,
        });
      }
    };
    await Promise.all(fanout.parts.map(lane));
    split.free();
    times.calculate = elapsed() - times.split - times.write;
    const hash = createHash("sha256");
    const sink = values.out ? createWriteStream(values.out) : null;
    let bytes = 0;
    const merged = await mergeOutputs(
      outputs.map((path) => createReadStream(path, { highWaterMark: 1 << 20 })),
      (text) => {
        const chunk = Buffer.from(text);
        hash.update(chunk);
        bytes += chunk.length;
        if (sink && !sink.write(chunk)) return once(sink, "drain");
      },
    );
    if (sink) {
      sink.end();
      await once(sink, "finish");
    }
    times.merge = elapsed() - times.split - times.write - times.calculate;
    const report = {
      mode: "split-here",
      parts: count,
      instances: Number(values.instances),
      seconds: Number(elapsed().toFixed(1)),
      phases: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(v.toFixed(1))])),
      lines: merged.lines,
      bytes,
      sha256: hash.digest("hex"),
      peakMiB: { coordinator: peakOf(process.pid), parts: fanout.parts.map((p) => peakOf(p.process.pid)) },
    };
    console.log(JSON.stringify(report));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

#!/usr/bin/env node
// The command line of the package, for books too large for one call:
//
//   commission-engine run --plan plan.json --book book.ndjson [--options options.json]
//       [--parts N | --part-lines N] [--workers N] [--out result.json]
//     splits the book, calculates the parts on worker threads (one per core by default) and
//     writes the merged result (stdout without --out)
//   commission-engine calculate --plan plan.json --book book.ndjson [--options options.json] [--out result.json]
//     one engine instance: the book is streamed into it (never read as one text)
//
// Progress (lines, parts done, elapsed, estimate) goes to stderr; at the end, a summary with
// the time and the peak memory. Errors print their code, path and line, and exit 1.

import { closeSync, createReadStream, openSync, readFileSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { Engine } from "./scale-node.js";
import { runBook, terminalProgress } from "./runner-node.js";

const USAGE = `usage:
  commission-engine run --plan plan.json --book book.ndjson [--options options.json] [--parts N | --part-lines N] [--workers N] [--out result.json]
  commission-engine calculate --plan plan.json --book book.ndjson [--options options.json] [--out result.json]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    plan: { type: "string" },
    book: { type: "string" },
    options: { type: "string" },
    parts: { type: "string" },
    "part-lines": { type: "string" },
    workers: { type: "string" },
    out: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

const command = positionals[0];
if (!["run", "calculate"].includes(command) || !values.plan || !values.book) {
  console.error(USAGE);
  process.exit(2);
}

const number = (text) => (text === undefined ? undefined : Number(text));
const plan = readFileSync(values.plan, "utf8");
const options = values.options === undefined ? undefined : readFileSync(values.options, "utf8");
const onProgress = values.quiet ? undefined : terminalProgress(process.stderr);

try {
  const started = performance.now();
  let summary;
  if (command === "run") {
    const run = await runBook({
      plan,
      book: values.book,
      options,
      parts: number(values.parts),
      partLines: number(values["part-lines"]),
      workers: number(values.workers),
      out: values.out ?? process.stdout,
      onProgress,
    });
    summary = `${run.invoices.toLocaleString("en")} invoices in ${run.parts} parts on ${run.workers} threads, ${run.lines.toLocaleString("en")} result lines`;
  } else {
    const engine = new Engine(plan);
    let lines = 0;
    await engine.loadStream(
      progressOf(
        createReadStream(values.book, { highWaterMark: 1 << 20 }),
        (n) => (lines += n),
        onProgress,
        started,
      ),
      {
        index: false,
      },
    );
    const fd = values.out ? openSync(values.out, "w") : 1;
    for (const chunk of engine.calculateLoadedText(options)) writeSync(fd, chunk);
    if (values.out) closeSync(fd);
    summary = `${lines.toLocaleString("en")} lines read`;
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS / 1024;
  console.error(`done: ${summary}; ${seconds.toFixed(1)} s, peak memory ${peak.toFixed(0)} MiB`);
} catch (error) {
  const where = [error.path ? `at ${error.path}` : "", error.line ? `(line ${error.line})` : ""]
    .filter(Boolean)
    .join(" ");
  console.error(`\n${error.code ?? "error"}${where ? ` ${where}` : ""}: ${error.message}`);
  process.exit(1);
}

/** Passes a stream through, telling `onProgress` the lines read so far. */
async function* progressOf(source, count, onProgress, started) {
  let total = 0;
  for await (const chunk of source) {
    let n = 0;
    for (const byte of chunk) if (byte === 10) n += 1;
    total += n;
    count(n);
    onProgress?.({
      phase: "read",
      lines: total,
      parts: 0,
      partsDone: 0,
      elapsed: (performance.now() - started) / 1000,
      estimate: null,
    });
    yield chunk;
  }
}

// The Node runner of partitioned runs: splits a book streamed from a file (or any readable
// stream), calculates the parts on `worker_threads` (by default one per core), and merges their
// outputs into the whole book's result, written as a stream. Memory holds the split book's text
// (in the splitter), one part per thread, and one line per part while merging; never the whole
// book or the whole result as one string.

import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { mergeOutputs, splitBook } from "./node.js";

/**
 * Runs a book through partitioned calculation.
 * @param {{ plan: object|string, book: string|AsyncIterable<Uint8Array>|ReadableStream,
 *   options?: object|string, parts?: number, partLines?: number, workers?: number,
 *   out?: string|import("node:stream").Writable, onProgress?: (p: Progress) => void }} run
 *   `book`: a file path or a stream of the NDJSON book; `out`: a file path or a writable for
 *   the result (without it, the result is returned as an object: small books only)
 * @returns {Promise<{ result?: object, parts: number, workers: number, invoices: number,
 *   lines: number, seconds: number }>}
 *
 * @typedef {{ phase: "split"|"calculate"|"merge"|"done", lines: number, parts: number,
 *   partsDone: number, elapsed: number, estimate: number|null }} Progress  `lines`: book lines
 *   read (split), invoices calculated (calculate), result lines merged (merge); `estimate`:
 *   seconds left, when known
 */
export async function runBook({ plan, book, options, parts, partLines, workers, out, onProgress }) {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const progress = { phase: "split", lines: 0, parts: 0, partsDone: 0, elapsed: 0, estimate: null };
  const tell = (changes) => {
    Object.assign(progress, changes, { elapsed: elapsed() });
    onProgress?.({ ...progress });
  };
  const planText = typeof plan === "string" ? plan : JSON.stringify(plan);
  const optionsText = options === undefined || options === null ? "" : typeof options === "string" ? options : JSON.stringify(options);

  const size = typeof book === "string" ? statSync(book).size : null;
  let bytes = 0;
  const source = counted(typeof book === "string" ? createReadStream(book, { highWaterMark: 1 << 20 }) : book, (n) => (bytes += n));
  const split = await splitBook(source, {
    parts,
    partLines,
    onLines: (lines) => {
      if (lines - progress.lines < 100_000) return;
      const t = elapsed();
      tell({ lines, estimate: size && bytes > 0 ? (t * (size - bytes)) / bytes : null });
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "commission-run-"));
  try {
    const count = split.count;
    const invoicesOf = Array.from({ length: count }, (_, p) => split.invoices(p));
    const invoices = invoicesOf.reduce((a, b) => a + b, 0);
    const threads = Math.max(1, Math.min(workers ?? availableParallelism(), count));
    tell({ phase: "calculate", lines: 0, parts: count, estimate: null });
    const computeStarted = performance.now();
    let done = 0;
    const order = invoicesOf.map((n, p) => [n, p]).sort((a, b) => b[0] - a[0]).map(([, p]) => p);
    const outputs = Array.from({ length: count }, (_, p) => join(dir, `part-${p}.out`));
    await runPool(threads, order, (worker, p) => {
      worker.postMessage({ type: "part", p, plan: planText, options: optionsText, info: split.info(p), out: outputs[p] });
      for (const chunk of split.book(p)) worker.postMessage({ type: "chunk", chunk }, [chunk.buffer]);
      worker.postMessage({ type: "end" });
    }, (p) => {
      done += invoicesOf[p];
      const seconds = (performance.now() - computeStarted) / 1000;
      tell({ lines: done, partsDone: progress.partsDone + 1, estimate: (seconds * (invoices - done)) / done });
    });
    split.free();
    tell({ phase: "merge", lines: 0, estimate: null });
    const pieces = [];
    const sink = out === undefined ? null : typeof out === "string" ? createWriteStream(out) : out;
    const write = sink === null ? (text) => pieces.push(text) : (text) => (sink.write(text) ? undefined : once(sink, "drain"));
    const merged = await mergeOutputs(
      outputs.map((path) => createReadStream(path, { highWaterMark: 1 << 20 })),
      write,
      { onLines: (lines) => tell({ lines }) },
    );
    if (sink !== null && typeof out === "string") {
      sink.end();
      await once(sink, "finish");
    }
    tell({ phase: "done", lines: merged.lines, estimate: 0 });
    return {
      ...(sink === null ? { result: JSON.parse(pieces.join("")) } : {}),
      parts: count,
      workers: threads,
      invoices,
      lines: merged.lines,
      seconds: elapsed(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `jobs` on `size` worker threads, each job started with `start(worker, job)`; resolves
 * when all are done (`finished(job)` after each), rejects with the first error.
 */
function runPool(size, jobs, start, finished) {
  return new Promise((resolve, reject) => {
    const queue = [...jobs];
    const workers = [];
    let running = 0;
    let failed = false;
    const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
    const next = (worker) => {
      const job = queue.shift();
      if (job === undefined) {
        if (running === 0) stopAll().then(resolve, reject);
        return;
      }
      running += 1;
      start(worker, job);
    };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./part-thread.js", import.meta.url));
      workers.push(worker);
      worker.on("message", (message) => {
        if (failed) return;
        running -= 1;
        if (message.type === "error") {
          failed = true;
          stopAll().finally(() => reject(engineError(message.error)));
          return;
        }
        finished(message.p);
        next(worker);
      });
      worker.on("error", (error) => {
        if (failed) return;
        failed = true;
        stopAll().finally(() => reject(error));
      });
    }
    for (const worker of workers) next(worker);
  });
}

/** The engine's error from its fields, as the package throws it. */
function engineError({ message, code, path, errors, line }) {
  const error = new Error(message);
  Object.assign(error, { code, path, errors });
  if (line !== undefined) error.line = line;
  return error;
}

/** A stream that counts the bytes passing through. */
async function* counted(source, add) {
  for await (const chunk of source) {
    add(chunk.length);
    yield chunk;
  }
}

/**
 * A progress printer for a terminal: one line rewritten in place (on a TTY), or a line every
 * few seconds (in a log).
 * @param {NodeJS.WriteStream} [stream]
 * @returns {(p: Progress) => void}
 */
export function terminalProgress(stream = process.stderr) {
  let last = 0;
  return (p) => {
    const now = Date.now();
    const final = p.phase === "done";
    if (!final && !stream.isTTY && now - last < 5000) return;
    if (!final && stream.isTTY && now - last < 200) return;
    last = now;
    const what = { read: "lines read", split: "lines read", calculate: "invoices calculated", merge: "result lines merged", done: "result lines" }[p.phase];
    const parts = p.parts > 0 ? ` | parts ${p.partsDone}/${p.parts}` : "";
    const left = p.estimate === null || final ? "" : ` | about ${duration(p.estimate)} left`;
    const text = `${p.phase}: ${p.lines.toLocaleString("en")} ${what}${parts} | ${duration(p.elapsed)} elapsed${left}`;
    stream.write(stream.isTTY ? `\r\x1b[K${text}${final ? "\n" : ""}` : `${text}\n`);
  };
}

function duration(seconds) {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

// The Node runner of partitioned runs: splits a book streamed from a file (or any readable
// stream), calculates the parts on `worker_threads` (by default one per core), and merges their
// outputs into the whole book's result, written as a stream. From a file, the book is read
// twice: the first pass keeps only what routing needs (tens of bytes an invoice, never its
// text), the second writes each part's lines to a temporary file, which its thread reads. So
// memory holds the routing data, one part per thread, and one line per part while merging;
// never the book's text or the whole result. From a stream (which cannot be read twice), the
// splitter keeps the invoices' text until the parts are sent.

import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { once } from "node:events";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { mergeOutputs, splitBook } from "./scale-node.js";

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
 * @typedef {{ phase: "split"|"write"|"calculate"|"merge"|"done", lines: number, parts: number,
 *   partsDone: number, elapsed: number, estimate: number|null }} Progress  `lines`: book lines
 *   read (split), book lines written to part files (write, from a file), invoices calculated (calculate), result lines merged (merge); `estimate`:
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
  const optionsText =
    options === undefined || options === null
      ? ""
      : typeof options === "string"
        ? options
        : JSON.stringify(options);

  const size = typeof book === "string" ? statSync(book).size : null;
  let bytes = 0;
  const source = counted(
    typeof book === "string" ? createReadStream(book, { highWaterMark: 1 << 20 }) : book,
    (n) => (bytes += n),
  );
  const fromFile = typeof book === "string";
  const split = await splitBook(source, {
    parts,
    partLines,
    routingOnly: fromFile,
    onLines: (lines) => {
      if (lines - progress.lines < 100_000) return;
      const t = elapsed();
      tell({ lines, estimate: size && bytes > 0 ? (t * (size - bytes)) / bytes : null });
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "commission-run-"));
  try {
    const count = split.count;
    const books = fromFile
      ? await writeParts(book, split, dir, (lines) =>
          tell({ phase: "write", lines, parts: count, estimate: null }),
        )
      : null;
    const invoicesOf = Array.from({ length: count }, (_, p) => split.invoices(p));
    const invoices = invoicesOf.reduce((a, b) => a + b, 0);
    const threads = Math.max(1, Math.min(workers ?? availableParallelism(), count));
    tell({ phase: "calculate", lines: 0, parts: count, estimate: null });
    const computeStarted = performance.now();
    let done = 0;
    const order = invoicesOf
      .map((n, p) => [n, p])
      .sort((a, b) => b[0] - a[0])
      .map(([, p]) => p);
    const outputs = Array.from({ length: count }, (_, p) => join(dir, `part-${p}.out`));
    await runPool(
      threads,
      order,
      (worker, p) => {
        const book = books?.[p];
        worker.postMessage({
          type: "part",
          p,
          plan: planText,
          options: optionsText,
          info: split.info(p),
          out: outputs[p],
          book,
        });
        if (book !== undefined) return;
        for (const chunk of split.book(p)) worker.postMessage({ type: "chunk", chunk }, [chunk.buffer]);
        worker.postMessage({ type: "end" });
      },
      (p) => {
        done += invoicesOf[p];
        const seconds = (performance.now() - computeStarted) / 1000;
        tell({
          lines: done,
          partsDone: progress.partsDone + 1,
          estimate: (seconds * (invoices - done)) / done,
        });
      },
    );
    split.free();
    tell({ phase: "merge", lines: 0, estimate: null });
    const pieces = [];
    const sink = out === undefined ? null : typeof out === "string" ? createWriteStream(out) : out;
    const write =
      sink === null
        ? (text) => pieces.push(text)
        : (text) => (sink.write(text) ? undefined : once(sink, "drain"));
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

/** Bytes gathered for one part file before they are written. */
const PART_BUFFER = 1 << 20;

/**
 * The second pass over a book file split routing-only (`splitBook(..., { routingOnly: true })`):
 * writes each part's book (its header line, then its invoice lines, found by their line
 * numbers) to a file in `dir`. Memory: a number per book line, and a buffer per part.
 * @param {string} path the book file
 * @param {import("./partition.js").BookParts} split
 * @param {string} dir
 * @param {(lines: number) => void} [onLines] told the book lines read so far
 * @returns {Promise<string[]>} the part files
 */
export async function writeParts(path, split, dir, onLines = () => {}) {
  const count = split.count;
  // The part of each line (-1: none); a line in several parts (a shared invoice) has the
  // others in `more`.
  let owner = new Int32Array(1 << 16).fill(-1);
  const more = new Map();
  for (let p = 0; p < count; p++) {
    for (const n of JSON.parse(split.info(p)).lines) {
      if (n >= owner.length) {
        const grown = new Int32Array(Math.max(n + 1, owner.length * 2)).fill(-1);
        grown.set(owner);
        owner = grown;
      }
      if (owner[n] === -1) owner[n] = p;
      else more.set(n, [...(more.get(n) ?? []), p]);
    }
  }
  const files = Array.from({ length: count }, (_, p) => join(dir, `part-${p}.ndjson`));
  const fds = files.map((file) => openSync(file, "w"));
  const pending = files.map(() => []);
  const sizes = new Array(count).fill(0);
  const flush = (p) => {
    if (sizes[p] === 0) return;
    writeSync(fds[p], Buffer.concat(pending[p], sizes[p]));
    pending[p] = [];
    sizes[p] = 0;
  };
  const put = (p, bytes) => {
    pending[p].push(bytes);
    sizes[p] += bytes.length;
    if (sizes[p] >= PART_BUFFER) flush(p);
  };
  const newline = Buffer.from("\n");
  try {
    for (let p = 0; p < count; p++) put(p, Buffer.from(split.header(p) + "\n"));
    let n = 0;
    const take = (bytes) => {
      n += 1;
      const o = n < owner.length ? owner[n] : -1;
      if (o === -1) return;
      // A copy: the chunk it is cut from is not kept alive by a part's pending bytes.
      const line = Buffer.from(bytes);
      put(o, line);
      for (const p of more.get(n) ?? []) put(p, line);
      if (line[line.length - 1] !== 10) for (const p of [o, ...(more.get(n) ?? [])]) put(p, newline);
      if (n % 100_000 === 0) onLines(n);
    };
    let carry = null;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
      let start = 0;
      let end = chunk.indexOf(10);
      if (carry !== null && end >= 0) {
        take(Buffer.concat([carry, chunk.subarray(0, end + 1)]));
        carry = null;
        start = end + 1;
        end = chunk.indexOf(10, start);
      }
      while (end >= 0) {
        take(chunk.subarray(start, end + 1));
        start = end + 1;
        end = chunk.indexOf(10, start);
      }
      if (start < chunk.length)
        carry =
          carry === null ? Buffer.from(chunk.subarray(start)) : Buffer.concat([carry, chunk.subarray(start)]);
    }
    if (carry !== null) take(carry);
    for (let p = 0; p < count; p++) flush(p);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return files;
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
    const what = {
      read: "lines read",
      split: "lines read",
      write: "lines written to parts",
      calculate: "invoices calculated",
      merge: "result lines merged",
      done: "result lines",
    }[p.phase];
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

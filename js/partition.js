// Streamed books and partitioned runs, for every runtime (the Node runner and the edge
// worker build on these). They run in the `scale` module's instance (scale-state.js), exported
// by the `commission-engine/scale` entries (scale.js), not by the main ones.
//
// - `partition(plan, sales, { parts, partLines, options })` splits a sales document into
//   complete calculations `{ plan, sales, options, part }`; `calculatePart(part)` calculates
//   one; `merge(results)` merges their results into what `calculate` gives for the whole book.
// - `splitBook(source, ...)` splits a book streamed as NDJSON (the header line, then one
//   invoice a line) without building it as one document; each part is then a stream itself.
// - `mergeOutputs(outputs, write)` merges parts' outputs as streams of text (for results too
//   large to hold), writing the whole book's result piece by piece.

import { scaleState as state } from "./scale-state.js";
import { chunksOf, linesOf } from "./stream.js";

/** The scale module's glue (its exports). */
const wasm = state.glue;
/** Runs a binding call of the scale instance (see `Instance.guarded` in guard.js). */
const guarded = (call) => state.guarded(call);
const ready = () => state.ensure();

/** The size of the pieces parts are read in, in bytes. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Splits a sales document into parts, each a complete calculation.
 * @param {object|string} plan
 * @param {object|string} sales
 * @param {{ parts?: number, partLines?: number, options?: object|string }} [how] `parts`, or
 *   parts of about `partLines` invoice lines (default 250,000)
 * @returns {{ plan: object|string, sales: object, options: object|string|undefined, part: object }[]}
 */
export function partition(plan, sales, { parts, partLines, options } = {}) {
  const list = JSON.parse(guarded(() => wasm.partition(text(sales), count(parts), count(partLines))));
  return list.map(({ sales, part }) => ({ plan, sales, options, part }));
}

/**
 * Calculates one part made by `partition` (or a `{ plan, sales, options, part }` of your own).
 * @param {{ plan: object|string, sales: object|string, options?: object|string, part: object|string }} part
 * @returns {object} the part's result, with the keys that place its items in the whole book
 */
export function calculatePart({ plan, sales, options, part }) {
  return JSON.parse(
    guarded(() => wasm.calculatePart(text(plan), text(sales), optionsText(options), text(part))),
  );
}

/**
 * Merges the results of every part (any order) into the whole book's result: byte for byte
 * what `calculate(plan, sales, options)` of the whole book gives.
 * @param {object[]} results what `calculatePart` returned for each part
 * @returns {object} the result document
 */
export function merge(results) {
  return JSON.parse(guarded(() => wasm.merge(text(results))));
}

/**
 * Splits a book streamed as NDJSON (the header line, then one invoice a line). Bad input
 * stops it with an error naming the line.
 * @param {AsyncIterable<Uint8Array|string>|ReadableStream|string|Uint8Array} source
 * @param {{ parts?: number, partLines?: number, firstLine?: number, routingOnly?: boolean,
 *   onLines?: (lines: number) => void }} [how] `firstLine`: the number of the source's first
 *   line (when it is the rest of a longer stream); `routingOnly`: keep no invoice text (tens of
 *   bytes an invoice instead of the book's text), the parts' lines are then read from the book
 *   again by their line numbers (`info(p).lines`; the Node runner does this with a file);
 *   `onLines` is told the lines read so far
 * @returns {Promise<BookParts>}
 */
export async function splitBook(source, { parts, partLines, firstLine, routingOnly, onLines } = {}) {
  ready();
  const split = guarded(() => new wasm.BookSplit(firstLine, routingOnly === true));
  const born = state.generation;
  try {
    for await (const chunk of chunksOf(source)) {
      guarded(() => split.push(chunk));
      onLines?.(split.linesRead);
    }
    const n = guarded(() => split.finish(count(parts), count(partLines)));
    return new BookParts(split, n);
  } catch (error) {
    // After a failure the instance it lived in is gone (and its memory with it).
    if (state.generation === born) split.free();
    throw error;
  }
}

/** A split book: its parts, each a header, its invoices and what it is. */
export class BookParts {
  #split;
  #born = state.generation;

  /** @param {object} split the binding's BookSplit @param {number} count */
  constructor(split, count) {
    this.#split = split;
    /** How many parts. */
    this.count = count;
  }

  /** What part `p` is (for `calculatePart`), as JSON text. @param {number} p */
  info(p) {
    return guarded(() => this.#split.info(p));
  }

  /** The header line of part `p` (JSON text, no newline). @param {number} p */
  header(p) {
    return guarded(() => this.#split.header(p));
  }

  /** How many invoices part `p` has. @param {number} p */
  invoices(p) {
    return guarded(() => this.#split.invoices(p));
  }

  /**
   * Part `p` as a book: its header line, then its invoice lines, in chunks (each part can be
   * read once).
   * @param {number} p
   * @param {number} [maxBytes]
   * @returns {Generator<Uint8Array>}
   */
  *book(p, maxBytes = CHUNK_BYTES) {
    yield new TextEncoder().encode(this.header(p) + "\n");
    for (;;) {
      const chunk = guarded(() => this.#split.read(p, maxBytes));
      if (chunk === undefined) return;
      yield chunk;
    }
  }

  /** Releases the split's memory. */
  free() {
    if (state.generation === this.#born) this.#split.free();
  }
}

/**
 * Calculates part `part` (its JSON text from `BookParts.info`) of a book streamed from
 * `source` (the part's own book: what `BookParts.book(p)` gives), and returns its output: a
 * summary line, then its keyed lines, in chunks (see `mergeOutputs`). The part's book is read
 * into the engine chunk by chunk, never as one text.
 * @param {object|string} plan
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>|ReadableStream} source
 * @param {object|string} part
 * @param {object|string} [options]
 * @returns {Promise<Generator<Uint8Array>>}
 */
export async function calculatePartStream(plan, source, part, options) {
  ready();
  const engine = guarded(() => new wasm.Engine(text(plan)));
  const born = state.generation;
  const release = () => {
    if (state.generation === born) engine.free();
  };
  try {
    guarded(() => engine.beginLoad());
    for await (const chunk of chunksOf(source)) guarded(() => engine.pushLoad(chunk));
    guarded(() => engine.endLoad(false));
    guarded(() => engine.calculatePart(text(part), optionsText(options)));
  } catch (error) {
    release();
    throw error;
  }
  return (function* output() {
    try {
      for (;;) {
        const chunk = guarded(() => engine.readPart(CHUNK_BYTES));
        if (chunk === undefined) return;
        yield chunk;
      }
    } finally {
      release();
    }
  })();
}

/**
 * Merges the outputs of every part of a split (streams of text: a summary line, then keyed
 * lines) into the whole book's result, written piece by piece with `write` (awaited): byte
 * for byte what `calculate` of the whole book gives. Memory holds one line per part.
 * @param {(AsyncIterable<Uint8Array>|ReadableStream)[]} outputs one per part, any order
 * @param {(text: string) => unknown} write
 * @param {{ onLines?: (lines: number) => void }} [progress]
 */
export async function mergeOutputs(outputs, write, { onLines } = {}) {
  ready();
  const readers = outputs.map((o) => linesOf(chunksOf(o))[Symbol.asyncIterator]());
  const summaries = [];
  for (const [p, reader] of readers.entries()) {
    const first = await reader.next();
    if (first.done || !first.value.startsWith("\t"))
      throw partError(`part output ${p} does not start with its summary`);
    summaries.push(first.value.slice(1));
  }
  const currency = JSON.parse(summaries[0]).result.currency;
  const opening = `{"currency":${JSON.stringify(currency)},"lines":[`;
  await write(opening);
  const heap = new Heads();
  for (const [p, reader] of readers.entries()) await heap.pull(reader, p);
  const agents = [];
  const seen = new Set();
  let lines = 0;
  let buffer = "";
  while (heap.size > 0) {
    const { line, p, reader } = heap.pop();
    const json = line.slice(KEY_LENGTH + 1);
    const agent = agentOf(json);
    if (!seen.has(agent)) {
      seen.add(agent);
      agents.push(agent);
    }
    buffer += (lines === 0 ? "" : ",") + json;
    lines += 1;
    if (buffer.length >= CHUNK_BYTES) {
      await write(buffer);
      buffer = "";
      onLines?.(lines);
    }
    await heap.pull(reader, p);
  }
  const rest = guarded(() => wasm.mergeSummaries(`[${summaries.join(",")}]`, JSON.stringify(agents)));
  const empty = `${opening}]`;
  if (!rest.startsWith(empty)) throw partError("the merged summary does not have the expected shape");
  await write(buffer + "]" + rest.slice(empty.length));
  onLines?.(lines);
  return { lines };
}

/** The length of a line's order key (see src/partition/output.rs): a date and four 16-digit hex numbers. */
const KEY_LENGTH = 10 + 4 * 16;

/** The heads of the parts' outputs, smallest key first (ties: the lower part). */
class Heads {
  #items = [];

  get size() {
    return this.#items.length;
  }

  /** Reads the next line of part `p` into the heap. */
  async pull(reader, p) {
    const next = await reader.next();
    if (next.done) return;
    if (next.value.length < KEY_LENGTH + 2 || next.value[KEY_LENGTH] !== "\t") {
      throw partError(`part output ${p}: a line without an order key`);
    }
    this.#push({ line: next.value, key: next.value.slice(0, KEY_LENGTH), p, reader });
  }

  #less(a, b) {
    return a.key < b.key || (a.key === b.key && a.p < b.p);
  }

  #push(item) {
    const h = this.#items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.#less(h[i], h[up])) break;
      [h[i], h[up]] = [h[up], h[i]];
      i = up;
    }
  }

  pop() {
    const h = this.#items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#less(h[l], h[m])) m = l;
        if (r < h.length && this.#less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** The agent of a result line's JSON (it starts with `{"agent":"..."`). */
function agentOf(json) {
  const match = /^\{"agent":("(?:[^"\\]|\\.)*")/.exec(json);
  if (!match) throw partError("a result line without its agent");
  return JSON.parse(match[1]);
}

function partError(message) {
  const error = new Error(`invalid_options: ${message}`);
  error.code = "invalid_options";
  error.path = "/parts";
  error.errors = [{ code: "invalid_options", path: "/parts", message }];
  return error;
}

/** JSON text of a document given as an object or as text. */
function text(doc) {
  return typeof doc === "string" ? doc : JSON.stringify(doc);
}

function optionsText(options) {
  return options === undefined || options === null ? "" : text(options);
}

function count(n) {
  return n === undefined || n === null ? undefined : Number(n);
}

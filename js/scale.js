// The `commission-engine/scale` entry for browsers (and the base of its Node and workerd
// entries): streamed books and partitioned runs, in a second WebAssembly module built with the
// `scale` cargo feature (pkg/scale/), so that the main module, which every quote embedder
// downloads, does not carry that code (BENCHMARKS.md, "Module size").
//
//   import init, { splitBook, Engine } from "commission-engine/scale";
//   await init();                        // fetches pkg/scale/commission_engine_bg.wasm
//
// It has the whole API of the main entry too (calculate, calculateJSON, hierarchy, curve,
// compare, validate, schemas), over its own module: its `Engine` is the main one (calculate,
// load, whatIf, curve, compare) living in the scale module's instance, plus `loadStream`,
// `calculateLoaded` and `calculateLoadedText`.

import instantiate, { initSync as instantiateSync } from "../pkg/scale/commission_engine.js";
import { Engine as MainEngine } from "./api.js";
import { callsOf } from "./calls.js";
import { CALL, INSTANCE } from "./guard.js";
import { scaleState } from "./scale-state.js";
import { chunksOf } from "./stream.js";
import { optionsText } from "./text.js";

export {
  partition,
  calculatePart,
  merge,
  splitBook,
  BookParts,
  calculatePartStream,
  mergeOutputs,
} from "./partition.js";
export { chunksOf } from "./stream.js";

/**
 * Instantiates the scale module (asynchronously). Without an argument it fetches
 * `pkg/scale/commission_engine_bg.wasm` from beside its generated module.
 * @param {{ module_or_path: any } | any} [input] a URL, Request, Response, bytes or WebAssembly.Module,
 *   bare or as `{ module_or_path }`
 */
export default async function init(input) {
  if (scaleState.ready) return;
  pending ??= instantiate(
    input === undefined || isWrapped(input, "module_or_path") ? input : { module_or_path: input },
  ).then(
    () => {
      scaleState.ready = true;
    },
    (error) => {
      pending = null;
      throw error;
    },
  );
  await pending;
}

/** The load in progress, if any. */
let pending = null;

/**
 * Instantiates the scale module synchronously.
 * @param {{ module: any } | any} input bytes or a WebAssembly.Module, bare or as `{ module }`
 */
export function initSync(input) {
  if (scaleState.ready) return;
  instantiateSync(isWrapped(input, "module") ? input : { module: input });
  scaleState.ready = true;
}

function isWrapped(input, key) {
  return (
    input !== null &&
    typeof input === "object" &&
    Object.getPrototypeOf(input) === Object.prototype &&
    key in input
  );
}

const calls = callsOf(scaleState);

// The whole API of the main entry, over the scale module's instance (a host that needs both,
// such as the edge worker with its fan-out, then loads one module, not two).
export const calculate = calls.calculate;
export const calculateJSON = calls.calculateJSON;
export const hierarchy = calls.hierarchy;
export const curve = calls.curve;
export const compare = calls.compare;
export const validate = calls.validate;
export const schemas = calls.schemas;
/** The scale module's instance: `{ generation, memoryBytes }`. */
export const instanceInfo = calls.instanceInfo;
/**
 * Replaces the scale module's instance by a fresh one, giving its memory back; every Engine,
 * BookParts and part output of the scale entry made before is discarded.
 */
export const recycle = calls.recycle;

/**
 * A plan compiled once in the scale module's instance: what the main entry's Engine does, and a
 * sales history streamed in chunk by chunk.
 */
export class Engine extends MainEngine {
  static [INSTANCE] = scaleState;

  /**
   * Reads a sales history streamed as NDJSON (the header line, then one invoice a line) chunk
   * by chunk, so that it never exists as one text; then `calculateLoaded`, `whatIf` and `curve`
   * work on it. A bad line throws its error, naming the line (`error.line`).
   * @param {AsyncIterable<Uint8Array|string>|ReadableStream|string|Uint8Array} source a Node
   *   Readable (e.g. `fs.createReadStream(path)`), a request body, any (async) iterable of chunks
   * @param {{ index?: boolean }} [how] `index: false` skips indexing for what-ifs (faster when
   *   only `calculateLoaded` follows)
   * @returns {Promise<this>}
   */
  async loadStream(source, { index = true } = {}) {
    this[CALL]((inner) => inner.beginLoad());
    for await (const chunk of chunksOf(source)) this[CALL]((inner) => inner.pushLoad(chunk));
    this[CALL]((inner) => inner.endLoad(index));
    return this;
  }

  /**
   * Calculates the loaded history (from `load` or `loadStream`).
   * @param {object|string} [options]
   * @returns {object} the result document
   */
  calculateLoaded(options) {
    return JSON.parse(this[CALL]((inner) => inner.calculateLoaded(optionsText(options))));
  }

  /**
   * Calculates the loaded history and yields the result document as JSON text in pieces
   * (UTF-8 bytes): for results longer than a JavaScript string can be.
   * @param {object|string} [options]
   * @returns {Generator<Uint8Array>}
   */
  *calculateLoadedText(options) {
    this[CALL]((inner) => inner.calculateLoadedText(optionsText(options)));
    for (;;) {
      const chunk = this[CALL]((inner) => inner.readText(1 << 20));
      if (chunk === undefined) return;
      yield chunk;
    }
  }
}

// TypeScript declarations of the `commission-engine/scale` entry: streamed books and
// partitioned runs, in the package's second WebAssembly module (pkg/scale/), with the whole API
// of the main entry (index.d.ts) over that module. Its Engine is the main entry's, living in
// that module's instance, plus the streaming methods.

import type { CalculateOptions, CalculationResult, PlanDocument, SalesDocument } from "../pkg/documents.js";
import type { DocumentInput, InitInput } from "./index.js";
import { Engine as MainEngine } from "./index.js";

export type * from "../pkg/documents.js";
export type { DocumentInput, EngineError, InitInput, JsonSchema, Schemas } from "./index.js";
/** The whole API of the main entry, over the scale module's instance. */
export { calculate, calculateJSON, hierarchy, curve, compare, validate, schemas } from "./index.js";

/** A plan compiled once in the scale module: the main Engine, and a history streamed in. */
export class Engine extends MainEngine {
  /**
   * Reads a sales history streamed as NDJSON (the header line, then one invoice a line) chunk
   * by chunk; `index: false` skips indexing for `whatIf` and `curve`.
   * @throws {EngineError} the first bad line's error, with `line` set
   */
  loadStream(source: ByteSource, how?: { index?: boolean }): Promise<this>;
  /** Calculates the loaded history (from `load` or `loadStream`). */
  calculateLoaded(options?: DocumentInput<CalculateOptions> | null): CalculationResult;
  /** Calculates the loaded history and yields the result as JSON text in pieces (UTF-8). */
  calculateLoadedText(options?: DocumentInput<CalculateOptions> | null): Generator<Uint8Array>;
}

/** The scale module's instance: `generation` and `memoryBytes`. */
export function instanceInfo(): { generation: number; memoryBytes: number };

/** Replaces the scale module's instance by a fresh one, giving its memory back. */
export function recycle(): void;

/** A stream of bytes or text: a Node Readable, a web ReadableStream, any (async) iterable of chunks, or a whole text. */
export type ByteSource =
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | ReadableStream<Uint8Array>
  | string
  | Uint8Array;

/** What a part of a partitioned run is. */
export interface PartInfo {
  /** This part's index (from 0). */
  part: number;
  /** How many parts. */
  parts: number;
  /** The agents whose lines, totals, statements, ladders and levels this part writes. */
  agents: string[];
  /** True for the part that writes what belongs to no agent. */
  unassigned: boolean;
  /** The book position of each of the part's invoices. */
  positions: number[];
  /** The stream line of each of the part's invoices (streamed books). */
  lines?: number[];
  /** The stream line of the header (streamed books). */
  header_line?: number;
}

/** One part of a partitioned run: a complete calculation. */
export interface Part {
  plan: DocumentInput<PlanDocument>;
  sales: SalesDocument;
  options?: DocumentInput<CalculateOptions> | null;
  part: PartInfo;
}

/** A part's result, with the keys that place its items in the whole book's order. */
export interface PartResult {
  part: number;
  parts: number;
  result: CalculationResult;
  keys: { lines: number[][]; ladders: number[][]; levels: number[]; warnings: number[][] };
}

/**
 * Splits a sales document into parts: downline-closed agent groups balanced by invoice lines.
 * @throws {EngineError} when the sales are invalid
 */
export function partition(
  plan: DocumentInput<PlanDocument>,
  sales: DocumentInput<SalesDocument>,
  how?: { parts?: number; partLines?: number; options?: DocumentInput<CalculateOptions> | null },
): Part[];
/** Calculates one part. @throws {EngineError} */
export function calculatePart(
  part:
    | Part
    | {
        plan: DocumentInput<PlanDocument>;
        sales: DocumentInput<SalesDocument>;
        options?: DocumentInput<CalculateOptions> | null;
        part: PartInfo | string;
      },
): PartResult;
/** Merges every part's result: byte for byte what `calculate` of the whole book gives. */
export function merge(results: PartResult[]): CalculationResult;

/** A streamed book split into parts. */
export class BookParts {
  /** How many parts. */
  readonly count: number;
  /** What part `p` is, as JSON text. */
  info(p: number): string;
  /** How many invoices part `p` has. */
  invoices(p: number): number;
  /** Part `p` as a book (its header line, then its invoices), in chunks; read once. */
  book(p: number, maxBytes?: number): Generator<Uint8Array>;
  /** Releases the split's memory. */
  free(): void;
}
/** Splits a book streamed as NDJSON. @throws {EngineError} the first bad line's error, with `line` */
export function splitBook(
  source: ByteSource,
  how?: { parts?: number; partLines?: number; firstLine?: number; onLines?: (lines: number) => void },
): Promise<BookParts>;
/** Calculates a part from its streamed book; yields its output (a summary line, then keyed lines). */
export function calculatePartStream(
  plan: DocumentInput<PlanDocument>,
  source: ByteSource,
  part: PartInfo | string,
  options?: DocumentInput<CalculateOptions> | null,
): Promise<Generator<Uint8Array>>;
/** Merges the parts' outputs into the whole book's result, written piece by piece. */
export function mergeOutputs(
  outputs: (AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>)[],
  write: (text: string) => unknown,
  progress?: { onLines?: (lines: number) => void },
): Promise<{ lines: number }>;
/** The chunks of any byte source, as Uint8Arrays. */
export function chunksOf(source: ByteSource): AsyncGenerator<Uint8Array>;

/**
 * Instantiates the scale module. Needed only with the web entry (browsers); the Node and
 * workerd entries instantiate it at import time. Without an argument it fetches
 * `pkg/scale/commission_engine_bg.wasm` from beside its module.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/** Instantiates the scale module synchronously from its bytes or a compiled module. */
export function initSync(
  input: BufferSource | WebAssembly.Module | { module: BufferSource | WebAssembly.Module },
): void;

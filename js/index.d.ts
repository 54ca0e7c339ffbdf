// TypeScript declarations of the commission-engine API. The document types (PlanDocument,
// SalesDocument, CalculateOptions, CalculationResult, ErrorDocument and every type they use)
// are generated from the engine's JSON Schemas into pkg/documents.d.ts by scripts/types.mjs.

import type {
  CalculateOptions,
  CalculationResult,
  Comparison,
  Curve,
  CurveRequest,
  ErrorCode,
  HierarchyReport,
  Invoice,
  PlanDocument,
  Problem,
  SalesDocument,
  WhatIfAnswer,
} from "../pkg/documents.js";

export type * from "../pkg/documents.js";

/** A document given as an object or as its JSON text. */
export type DocumentInput<T> = T | string;

/**
 * The error thrown for bad input: an `Error` whose `code`, `path` (a JSON Pointer into the
 * document named by the code) and `errors` (every problem found) are set. `not_initialized`
 * is thrown by the web entry when it is used before `init()`, `not_loaded` by
 * `Engine.whatIf`/`Engine.curve`/`Engine.compare` before `Engine.load`. `engine_failure` when a call trapped
 * in the WebAssembly module (the instance is then replaced by a fresh one, and the trap is the
 * error's `cause`), `engine_discarded` by an Engine whose instance was replaced since.
 */
export interface EngineError extends Error {
  code: ErrorCode | "not_initialized" | "not_loaded" | "engine_failure" | "engine_discarded";
  path: string;
  errors: Problem[];
  /** For a streamed book: the line of the stream (from 1) of the first problem. */
  line?: number;
}

/** The JSON Schemas of the documents, generated from the engine's Rust types. */
export interface Schemas {
  plan: JsonSchema;
  sales: JsonSchema;
  options: JsonSchema;
  result: JsonSchema;
  error: JsonSchema;
  [document: string]: JsonSchema;
}

/** A JSON Schema (draft 2020-12) object. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * Calculates the commissions of `sales` under `plan`.
 * @throws {EngineError} when an input is invalid
 */
export function calculate(
  plan: DocumentInput<PlanDocument>,
  sales: DocumentInput<SalesDocument>,
  options?: DocumentInput<CalculateOptions> | null,
): CalculationResult;

/**
 * Calculates like `calculate` and returns the result document as the engine's JSON text (no
 * JSON.parse of the answer: for servers and workers that pass it on).
 * @throws {EngineError} when an input is invalid
 */
export function calculateJSON(
  plan: DocumentInput<PlanDocument>,
  sales: DocumentInput<SalesDocument>,
  options?: DocumentInput<CalculateOptions> | null,
): string;

/**
 * The team report of `sales` under `plan`: the upline tree with personal and group sales,
 * levels and bonuses.
 * @throws {EngineError} when an input is invalid (an upline chain that loops is `cycle`)
 */
export function hierarchy(
  plan: DocumentInput<PlanDocument>,
  sales: DocumentInput<SalesDocument>,
  options?: DocumentInput<CalculateOptions> | null,
): HierarchyReport;

/**
 * The earnings curve of one agent: its total as added sales grow over `request.add`, with the
 * exact breakpoints.
 * @throws {EngineError} when an input is invalid
 */
export function curve(
  plan: DocumentInput<PlanDocument>,
  sales: DocumentInput<SalesDocument>,
  request: DocumentInput<CurveRequest>,
): Curve;

/**
 * Compares two plans on the same sales and options: each agent's and each rule's total
 * before (plan A) and after (plan B), and the pairs of lines that differ.
 * @throws {EngineError} when an input is invalid (plan B's problems begin with "plan B: ")
 */
export function compare(
  planA: DocumentInput<PlanDocument>,
  planB: DocumentInput<PlanDocument>,
  sales: DocumentInput<SalesDocument>,
  options?: DocumentInput<CalculateOptions> | null,
): Comparison;

/**
 * Checks a plan, and a sales document against it when given.
 * @throws {EngineError} with every problem found
 */
export function validate(
  plan: DocumentInput<PlanDocument>,
  sales?: DocumentInput<SalesDocument> | null,
): { valid: true };

/** The JSON Schemas of plan, sales, options, result and error. */
export function schemas(): Schemas;

/**
 * The package's WebAssembly instance: `generation` (0 for the first, one more each time it was
 * replaced after a failure or by `recycle()`) and `memoryBytes`, its linear memory's size.
 */
export function instanceInfo(): { generation: number; memoryBytes: number };

/**
 * Replaces the WebAssembly instance by a fresh one, giving its memory back; every Engine made
 * before throws `engine_discarded` afterwards.
 */
export function recycle(): void;

/** A plan checked and compiled once, then used for many calculations. */
export class Engine {
  /** @throws {EngineError} when the plan is invalid */
  constructor(plan: DocumentInput<PlanDocument>);
  /** Calculates the commissions of `sales` under this engine's plan. */
  calculate(
    sales: DocumentInput<SalesDocument>,
    options?: DocumentInput<CalculateOptions> | null,
  ): CalculationResult;
  /** Calculates like `calculate` and returns the result document as JSON text. */
  calculateJSON(
    sales: DocumentInput<SalesDocument>,
    options?: DocumentInput<CalculateOptions> | null,
  ): string;
  /**
   * Checks and indexes a sales history once, for `whatIf` and `curve`; replaces the history
   * loaded before.
   * @throws {EngineError} when the sales are invalid
   */
  load(sales: DocumentInput<SalesDocument>): this;
  /**
   * What hypothetical invoices (one, or an array) change on the loaded history.
   * @throws {EngineError} `not_loaded` before `load`, or when an input is invalid
   */
  whatIf(
    invoices: DocumentInput<Invoice | Invoice[]>,
    options?: DocumentInput<CalculateOptions> | null,
  ): WhatIfAnswer;
  /**
   * The earnings curve of `request` on the loaded history.
   * @throws {EngineError} `not_loaded` before `load`, or when the request is invalid
   */
  curve(request: DocumentInput<CurveRequest>): Curve;
  /**
   * Compares this engine's plan (A) with `planB` on the loaded history.
   * @throws {EngineError} `not_loaded` before `load`, or when an input is invalid
   */
  compare(planB: DocumentInput<PlanDocument>, options?: DocumentInput<CalculateOptions> | null): Comparison;
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
  /** Releases the compiled plan's WebAssembly memory now (it is also released when collected). */
  free(): void;
}

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
export function calculatePart(part: Part | { plan: DocumentInput<PlanDocument>; sales: DocumentInput<SalesDocument>; options?: DocumentInput<CalculateOptions> | null; part: PartInfo | string }): PartResult;
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

/** What the WebAssembly module can be instantiated from. */
export type InitInput =
  | RequestInfo
  | URL
  | Response
  | BufferSource
  | WebAssembly.Module;

/**
 * Instantiates the WebAssembly module. Needed only with the web entry (browsers); the Node
 * and workerd entries instantiate it at import time, where this does nothing. Without an
 * argument it fetches `commission_engine_bg.wasm` from beside the package's module.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/** Instantiates the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(input: BufferSource | WebAssembly.Module | { module: BufferSource | WebAssembly.Module }): void;


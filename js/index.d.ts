// TypeScript declarations of the commission-engine API. The document types (PlanDocument,
// SalesDocument, CalculateOptions, CalculationResult, ErrorDocument and every type they use)
// are generated from the engine's JSON Schemas into pkg/documents.d.ts by scripts/types.mjs.
// Streamed books and partitioned runs are in the `commission-engine/scale` entry (scale.d.ts).

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
  /** Releases the compiled plan's WebAssembly memory now (it is also released when collected). */
  free(): void;
}

/** What the WebAssembly module can be instantiated from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Instantiates the WebAssembly module. Needed only with the web entry (browsers); the Node
 * and workerd entries instantiate it at import time, where this does nothing. Without an
 * argument it fetches `commission_engine_bg.wasm` from beside the package's module.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/** Instantiates the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(
  input: BufferSource | WebAssembly.Module | { module: BufferSource | WebAssembly.Module },
): void;

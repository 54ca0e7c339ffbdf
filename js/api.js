// The JavaScript API over the WebAssembly binding, shared by every entry (node, web, workerd).
//
// The binding takes and returns JSON text (serde_json inside wasm is faster than converting JS
// objects); this wrapper accepts objects or JSON strings and returns plain objects. Errors are
// thrown by the binding as `Error`s with `code`, `path` and `errors` set.

import * as wasm from "../pkg/commission_engine.js";
import { state } from "./state.js";
import { schemasText } from "../pkg/schemas.js";

/**
 * Calculates the commissions of `sales` under `plan`.
 * @param {object|string} plan the plan document (object or JSON text)
 * @param {object|string} sales the sales document
 * @param {object|string} [options] the options
 * @returns {object} the result document
 */
export function calculate(plan, sales, options) {
  ready();
  return JSON.parse(wasm.calculate(documentText(plan), documentText(sales), optionsText(options)));
}

/**
 * Calculates like `calculate`, and returns the result document as JSON text, exactly as the
 * engine wrote it (no JSON.parse of the answer: for servers and workers that pass it on).
 * @param {object|string} plan the plan document (object or JSON text)
 * @param {object|string} sales the sales document
 * @param {object|string} [options] the options
 * @returns {string} the result document as JSON text
 */
export function calculateJSON(plan, sales, options) {
  ready();
  return wasm.calculate(documentText(plan), documentText(sales), optionsText(options));
}

/**
 * The team report of `sales` under `plan`: the upline tree with personal and group sales,
 * levels and bonuses.
 * @param {object|string} plan
 * @param {object|string} sales
 * @param {object|string} [options]
 * @returns {object} the hierarchy report
 */
export function hierarchy(plan, sales, options) {
  ready();
  return JSON.parse(wasm.hierarchy(documentText(plan), documentText(sales), optionsText(options)));
}

/**
 * The earnings curve of one agent: its total as added sales grow over a range, with the exact
 * breakpoints.
 * @param {object|string} plan
 * @param {object|string} sales
 * @param {object|string} request `{ agent, add: { from, to, steps }, template }`
 * @returns {object} the curve
 */
export function curve(plan, sales, request) {
  ready();
  return JSON.parse(wasm.curve(documentText(plan), documentText(sales), documentText(request)));
}

/**
 * Compares two plans on the same sales: both calculated with the same options, and the
 * difference per agent, per rule and per line (plan modelling: what a plan change costs).
 * @param {object|string} planA the current plan document
 * @param {object|string} planB the proposed plan document (same currency)
 * @param {object|string} sales
 * @param {object|string} [options]
 * @returns {object} `{ currency, before, after, delta, agents, rules, lines }`
 */
export function compare(planA, planB, sales, options) {
  ready();
  return JSON.parse(wasm.compare(documentText(planA), documentText(planB), documentText(sales), optionsText(options)));
}

/**
 * Checks a plan, and a sales document against it when given.
 * @param {object|string} plan
 * @param {object|string} [sales]
 * @returns {{ valid: true }} or throws the error
 */
export function validate(plan, sales) {
  ready();
  const salesText = sales === undefined || sales === null ? undefined : documentText(sales);
  return JSON.parse(wasm.validate(documentText(plan), salesText));
}

/**
 * The JSON Schemas of the documents, generated from the engine's Rust types at build time (not
 * inside the WebAssembly module).
 * @returns {{ plan: object, sales: object, options: object, result: object, error: object }}
 */
export function schemas() {
  ready();
  return JSON.parse(schemasText);
}

/** A plan checked and compiled once, then used for many calculations. */
export class Engine {
  #inner;

  /** @param {object|string} plan the plan document; throws when it is invalid */
  constructor(plan) {
    ready();
    this.#inner = new wasm.Engine(documentText(plan));
  }

  /**
   * Calculates the commissions of `sales` under this engine's plan.
   * @param {object|string} sales
   * @param {object|string} [options]
   * @returns {object} the result document
   */
  calculate(sales, options) {
    return JSON.parse(this.#inner.calculate(documentText(sales), optionsText(options)));
  }

  /**
   * Calculates like `calculate`, and returns the result document as JSON text.
   * @param {object|string} sales
   * @param {object|string} [options]
   * @returns {string} the result document as JSON text
   */
  calculateJSON(sales, options) {
    return this.#inner.calculate(documentText(sales), optionsText(options));
  }

  /**
   * Checks and indexes a sales history once, for `whatIf` and `curve` (replaces the one
   * loaded before).
   * @param {object|string} sales
   * @returns {this}
   */
  load(sales) {
    this.#inner.load(documentText(sales));
    return this;
  }

  /**
   * What hypothetical invoices change on the loaded history (only the part of it they can
   * change is computed again).
   * @param {object|object[]|string} invoices one invoice or an array of them
   * @param {object|string} [options]
   * @returns {object} `{ currency, what_if, lines, ... }`
   */
  whatIf(invoices, options) {
    return JSON.parse(this.#inner.whatIf(documentText(invoices), optionsText(options)));
  }

  /**
   * The earnings curve of `request` on the loaded history.
   * @param {object|string} request `{ agent, add: { from, to, steps }, template }`
   * @returns {object} the curve
   */
  curve(request) {
    return JSON.parse(this.#inner.curve(documentText(request)));
  }

  /**
   * Compares this engine's plan (A) with `planB` on the loaded history, without loading it again.
   * @param {object|string} planB the proposed plan document (same currency)
   * @param {object|string} [options]
   * @returns {object} `{ currency, before, after, delta, agents, rules, lines }`
   */
  compare(planB, options) {
    return JSON.parse(this.#inner.compare(documentText(planB), optionsText(options)));
  }

  /** Releases the compiled plan's WebAssembly memory now (it is also released when collected). */
  free() {
    this.#inner.free();
  }
}

/** JSON text of a document given as an object or as text. */
function documentText(doc) {
  if (typeof doc === "string") return doc;
  let text;
  try {
    text = JSON.stringify(doc);
  } catch (cause) {
    throw engineError("invalid_json", "", `the document cannot be written as JSON: ${cause.message}`);
  }
  // `undefined`, a function or a symbol give no JSON at all: pass `null`, which the engine
  // rejects with the code of the document it expected.
  return text === undefined ? "null" : text;
}

/** JSON text of the options; absent options are the defaults. */
function optionsText(options) {
  return options === undefined || options === null ? "" : documentText(options);
}

/** Throws a clear error when the web entry is used before `init()`. */
function ready() {
  if (!state.ready) {
    throw engineError(
      "not_initialized",
      "",
      "commission-engine is not initialized: call `await init()` (or `initSync({ module })`) from the web entry first",
    );
  }
}

/** An Error shaped like the ones the engine throws. */
function engineError(code, path, message) {
  const error = new Error(`${code}: ${message}`);
  error.code = code;
  error.path = path;
  error.errors = [{ code, path, message }];
  return error;
}

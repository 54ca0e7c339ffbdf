// The JavaScript API over the WebAssembly binding, shared by every entry (node, web, workerd).
//
// The binding takes and returns JSON text (serde_json inside wasm is faster than converting JS
// objects); this wrapper accepts objects or JSON strings and returns plain objects. Errors are
// thrown by the binding as `Error`s with `code`, `path` and `errors` set.
//
// A trap can never poison: when a binding call fails with anything but the engine's own coded
// error (a WebAssembly trap such as `unreachable` or an out-of-bounds access, or any other
// exception that unwound through the module), the instance's memory and stack may be left
// half-updated, so the instance is discarded and a fresh one is made from the compiled module;
// the failing call throws a coded `engine_failure`. Engine objects of the discarded instance
// throw `engine_discarded` from then on. See docs/reliability.md.
//
// The free functions are made by calls.js over the main module's instance. Streamed books and
// partitioned runs are not here: they are in the second module, loaded by the
// `commission-engine/scale` entry (scale.js), so that this one stays small.

import { state } from "./state.js";
import { callsOf } from "./calls.js";
import { CALL, INSTANCE, engineError } from "./guard.js";
import { documentText, optionsText } from "./text.js";

const calls = callsOf(state);

/** Calculates the commissions of `sales` under `plan` (the result document). */
export const calculate = calls.calculate;
/** Calculates like `calculate`, and returns the result document as the engine's JSON text. */
export const calculateJSON = calls.calculateJSON;
/** The team report of `sales` under `plan`. */
export const hierarchy = calls.hierarchy;
/** The earnings curve of one agent, with the exact breakpoints. */
export const curve = calls.curve;
/** Compares two plans on the same sales. */
export const compare = calls.compare;
/** Checks a plan, and a sales document against it when given. */
export const validate = calls.validate;
/** The JSON Schemas of the documents, written at build time (pkg/schemas.js). */
export const schemas = calls.schemas;
/** The main module's instance: `{ generation, memoryBytes }`. */
export const instanceInfo = calls.instanceInfo;
/** Replaces the main module's instance by a fresh one, giving its memory back. */
export const recycle = calls.recycle;

/** A plan checked and compiled once, then used for many calculations. */
export class Engine {
  /** The instance this class's engines live in (the scale entry's Engine has its own). */
  static [INSTANCE] = state;
  #inner;
  /** The instance that holds the compiled plan, and its generation then. */
  #instance;
  #generation;

  /** @param {object|string} plan the plan document; throws when it is invalid */
  constructor(plan) {
    const instance = new.target[INSTANCE];
    this.#inner = instance.guarded(() => new instance.glue.Engine(documentText(plan)));
    this.#instance = instance;
    this.#generation = instance.generation;
  }

  /**
   * Calculates the commissions of `sales` under this engine's plan.
   * @param {object|string} sales
   * @param {object|string} [options]
   * @returns {object} the result document
   */
  calculate(sales, options) {
    return JSON.parse(this.#guarded((inner) => inner.calculate(documentText(sales), optionsText(options))));
  }

  /**
   * Calculates like `calculate`, and returns the result document as JSON text.
   * @param {object|string} sales
   * @param {object|string} [options]
   * @returns {string} the result document as JSON text
   */
  calculateJSON(sales, options) {
    return this.#guarded((inner) => inner.calculate(documentText(sales), optionsText(options)));
  }

  /**
   * Checks and indexes a sales history once, for `whatIf` and `curve` (replaces the one
   * loaded before).
   * @param {object|string} sales
   * @returns {this}
   */
  load(sales) {
    this.#guarded((inner) => inner.load(documentText(sales)));
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
    return JSON.parse(this.#guarded((inner) => inner.whatIf(documentText(invoices), optionsText(options))));
  }

  /**
   * The earnings curve of `request` on the loaded history.
   * @param {object|string} request `{ agent, add: { from, to, steps }, template }`
   * @returns {object} the curve
   */
  curve(request) {
    return JSON.parse(this.#guarded((inner) => inner.curve(documentText(request))));
  }

  /**
   * Compares this engine's plan (A) with `planB` on the loaded history, without loading it again.
   * @param {object|string} planB the proposed plan document (same currency)
   * @param {object|string} [options]
   * @returns {object} `{ currency, before, after, delta, agents, rules, lines }`
   */
  compare(planB, options) {
    return JSON.parse(this.#guarded((inner) => inner.compare(documentText(planB), optionsText(options))));
  }

  /**
   * Releases the compiled plan's WebAssembly memory now (it is also released when collected).
   * An Engine of a discarded instance has nothing left to release.
   */
  free() {
    if (this.#generation === this.#instance.generation) this.#inner.free();
  }

  /** Runs `call` on the inner object (for the scale entry's Engine; see `#guarded`). */
  [CALL](call) {
    return this.#guarded(call);
  }

  /** Runs `call` on the inner object, unless the instance that holds it was discarded. */
  #guarded(call) {
    if (this.#generation !== this.#instance.generation) {
      throw engineError(
        "engine_discarded",
        "",
        "this Engine belonged to a WebAssembly instance that was discarded after a failure (or recycled); create a new Engine",
      );
    }
    return this.#instance.guarded(() => call(this.#inner));
  }
}

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
// Streamed books and partitioned runs are not here: they are in the second module, loaded by
// the `commission-engine/scale` entry (scale.js), so that this one stays small.

import * as wasm from "../pkg/commission_engine.js";
import { state } from "./state.js";
import { CALL, INSTANCE, engineError } from "./guard.js";
import { schemasText } from "../pkg/schemas.js";
import { documentText, optionsText } from "./text.js";

/** Runs a binding call of the main instance (see `Instance.guarded` in guard.js). */
const guarded = (call) => state.guarded(call);

/**
 * Calculates the commissions of `sales` under `plan`.
 * @param {object|string} plan the plan document (object or JSON text)
 * @param {object|string} sales the sales document
 * @param {object|string} [options] the options
 * @returns {object} the result document
 */
export function calculate(plan, sales, options) {
  return JSON.parse(
    guarded(() => wasm.calculate(documentText(plan), documentText(sales), optionsText(options))),
  );
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
  return guarded(() => wasm.calculate(documentText(plan), documentText(sales), optionsText(options)));
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
  return JSON.parse(
    guarded(() => wasm.hierarchy(documentText(plan), documentText(sales), optionsText(options))),
  );
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
  return JSON.parse(
    guarded(() => wasm.curve(documentText(plan), documentText(sales), documentText(request))),
  );
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
  return JSON.parse(
    guarded(() =>
      wasm.compare(documentText(planA), documentText(planB), documentText(sales), optionsText(options)),
    ),
  );
}

/**
 * Checks a plan, and a sales document against it when given.
 * @param {object|string} plan
 * @param {object|string} [sales]
 * @returns {{ valid: true }} or throws the error
 */
export function validate(plan, sales) {
  const salesText = sales === undefined || sales === null ? undefined : documentText(sales);
  return JSON.parse(guarded(() => wasm.validate(documentText(plan), salesText)));
}

/**
 * The JSON Schemas of the documents, generated from the engine's Rust types at build time (not
 * inside the WebAssembly module).
 * @returns {{ plan: object, sales: object, options: object, result: object, error: object }}
 */
export function schemas() {
  state.ensure();
  return JSON.parse(schemasText);
}

/**
 * The package's WebAssembly instance: `generation` (0 for the first one, one more each time it
 * was replaced, after a failure or by `recycle()`) and `memoryBytes`, the size of its linear
 * memory (which only grows while the instance lives).
 * @returns {{ generation: number, memoryBytes: number }}
 */
export function instanceInfo() {
  return state.info();
}

/**
 * Replaces the WebAssembly instance by a fresh one from the compiled module, giving its memory
 * back (WebAssembly memory never shrinks otherwise): for a long-running host after a large
 * request. Every Engine made before throws `engine_discarded` afterwards.
 */
export function recycle() {
  state.recycle();
}

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
